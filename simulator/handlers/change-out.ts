/**
 * The reference MDM told a meter change-out (EDC-05, MSR-04; features/change-out.feature): the work management's
 * master data (the new meter, the end of the old link, the new link, the old meter's status) is ./masterdata.ts; the
 * head-end's removal / installation events and final / initial reads are ./events.ts and ./manual-reads.ts. This
 * module joins them: a meter the MDM knows only from its master data (created with create(MeterConfig)) is known to
 * its events and readings too, at the usage point it is (or was last) linked to — `withChangeOut` wraps those
 * handlers. It also holds the faults of the family (simulator/faults/change-out.ts) that act on what the MDM keeps:
 * changeout-final-read-to-new-meter, changeout-read-reason-dropped (after the readings handler), changeout-status-not-kept
 * (after the master-data handler); changeout-old-link-left-open is a rule switch of ../masterdata-store.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { readMeterReadings } from '../../src/payloads/meterReadings.ts';
import { readEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import { configObjects } from '../../src/payloads/masterdata/getConfig.ts';
import { objectId } from '../../src/payloads/masterdata/common.ts';
import type { XElement } from '../../src/xml/index.ts';
import { masterData } from '../masterdata-store.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';

/** the meters a created(MeterReadings) or created(EndDeviceEvents) names */
function metersNamed(req: ParsedMessage): string[] {
  const root = req.payload?.root;
  if (!root) return [];
  if (req.header?.noun === 'MeterReadings') return readMeterReadings(root).meterReadings.flatMap((m) => (m.meter?.mRID ? [m.meter.mRID] : m.meter?.names ?? []));
  if (req.header?.noun === 'EndDeviceEvents') return readEndDeviceEvents(root).flatMap((e) => (e.meter ? [e.meter] : []));
  return [];
}

/** a meter of the MDM's master data becomes known to its events and readings, at its latest usage point */
export function adoptMeter(ctx: SimContext, id: string): void {
  if (ctx.store.meter(id)) return;
  const md = masterData(ctx.store);
  const key = md.keyOf('MeterConfig', id);
  if (key === undefined) return;
  const links = md.links.filter((l) => l.objects.Meter?.includes(key) && l.objects.UsagePoint?.length).sort((a, b) => Date.parse(b.effective) - Date.parse(a.effective));
  ctx.store.meters.set(key, { mRID: key, usagePoint: links[0]?.objects.UsagePoint?.[0] ?? '', powered: true });
}

/**
 * changeout-final-read-to-new-meter: a removal read the MDM keeps goes to the meter linked now to the usage point the
 * read names (the new meter after a change-out), not to the meter it was read from
 */
function misattributeFinalReads(req: ParsedMessage, ctx: SimContext): void {
  const root = req.payload?.root;
  if (!root) return;
  const md = masterData(ctx.store);
  for (const mr of readMeterReadings(root).meterReadings) {
    const from = mr.meter?.mRID;
    const up = mr.usagePoint?.mRID;
    if (!from || !up) continue;
    const to = md.linkedTo('UsagePoint', up)[0]?.objects.Meter?.[0];
    if (!to || to === from) continue;
    const kept = ctx.store.readings.get(from) ?? [];
    const moved = kept.filter((r) => r.reason === 'removal' && (mr.readings ?? []).some((s) => s.timeStamp === r.timeStamp && s.value === r.value));
    if (!moved.length) continue;
    ctx.store.readings.set(from, kept.filter((r) => !moved.includes(r)));
    for (const r of moved) ctx.store.storeReading(to, r);
  }
}

/** changeout-read-reason-dropped: the removal / installation reads are kept without their reason */
function dropChangeOutReasons(req: ParsedMessage, ctx: SimContext): void {
  const root = req.payload?.root;
  if (!root) return;
  for (const mr of readMeterReadings(root).meterReadings) {
    for (const list of ctx.store.readings.values()) {
      for (const r of list) if ((r.reason === 'removal' || r.reason === 'installation') && (mr.readings ?? []).some((s) => s.timeStamp === r.timeStamp && s.value === r.value)) r.reason = undefined;
    }
  }
}

/** changeout-status-not-kept: a change(MeterConfig) carrying a meter's status is acknowledged, the status not kept */
function restoreStatus(req: ParsedMessage, ctx: SimContext): void {
  const root = req.payload?.root;
  if (!root) return;
  const md = masterData(ctx.store);
  const before = md.previous;
  for (const m of configObjects(root, 'MeterConfig')) {
    if (!m.children.some((c) => c.name === 'status')) continue;
    const id = objectId(m);
    const key = id === undefined ? undefined : md.keyOf('MeterConfig', id);
    const old = key === undefined ? undefined : before?.get('MeterConfig', key);
    const now = key === undefined ? undefined : md.get('MeterConfig', key);
    if (!key || !now) continue;
    const oldStatus = (old?.children ?? []).find((c): c is XElement => !!c && c.name === 'status');
    const rest = (now.children ?? []).filter((c): c is XElement => !!c && c.name !== 'status');
    md.objects.get('MeterConfig')!.set(key, { ...now, children: oldStatus ? [...rest, oldStatus] : rest });
  }
}

/**
 * a handler of the MDM with the change-out joins: the meters of the master data adopted before it answers, and the
 * faults of the family applied to what it kept
 */
export function withChangeOut(h: Handler): Handler {
  return {
    name: h.name,
    matches: (role, noun, verb) => h.matches(role, noun, verb),
    handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
      const h0 = req.header;
      const readingsOrEvents = role === 'MDM' && h0?.verb === 'created' && (h0.noun === 'MeterReadings' || h0.noun === 'EndDeviceEvents');
      if (readingsOrEvents) for (const id of metersNamed(req)) adoptMeter(ctx, id);
      const after = (answer: Message): Message => {
        if (readingsOrEvents && h0!.noun === 'MeterReadings') {
          if (ctx.has('changeout-final-read-to-new-meter')) misattributeFinalReads(req, ctx);
          if (ctx.has('changeout-read-reason-dropped')) dropChangeOutReasons(req, ctx);
        }
        if (role === 'MDM' && h0?.verb === 'change' && h0.noun === 'MeterConfig' && ctx.has('changeout-status-not-kept') && answer.reply?.result === 'OK') restoreStatus(req, ctx);
        return answer;
      };
      // synchronous when the wrapped handler is (the server answers a synchronous handler at once)
      const answer = h.handle(req, ctx, version, role);
      return answer instanceof Promise ? answer.then(after) : after(answer);
    },
  };
}
