/**
 * EndDeviceEvents: the MDM receiving events from the head-end and forwarding outage events to the OMS
 * (EDE-04), tamper events to the CIS (MSR-03, ./service-events.ts) and health events to the maintenance consumer
 * (EDE-06, ./health-forward.ts); the head-end publishing field events to the
 * OMS (EDE-03, through a stimulus).
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceEvents, readEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import type { Handler, SimContext } from '../context.ts';
import { misdirected } from '../faults/mutations.ts';
import { forwardChangeOut, forwardTamper } from './service-events.ts';
import { forwardHealth } from './health-forward.ts';

export const POWER_OFF = '3.26.0.85';
export const POWER_RESTORED = '3.26.0.216';

/** the event type as the faults of the SUT publish it */
export function publishedType(ctx: SimContext, code: string): string {
  let out = code;
  if (ctx.has('swap-outage-codes')) out = out === POWER_OFF ? POWER_RESTORED : out === POWER_RESTORED ? POWER_OFF : out;
  // malformed-event-type: the domain-detail part left out (3.26.0.85 → 3.26.85)
  if (ctx.has('malformed-event-type')) out = out.split('.').filter((_p, i) => i !== 2).join('.');
  return out;
}

/** createdDateTime as the faults of the SUT publish it (event-in-the-future: local time labelled as UTC, 2 h ahead) */
export function publishedTime(ctx: SimContext, t: string): string {
  if (!ctx.has('event-in-the-future')) return t;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? t : nowTimestamp(() => new Date(ms + 2 * 3600_000));
}

/** publish events to the OMS subscriber (both roles publish outage events to the OMS) */
export function publishEvents(ctx: SimContext, events: EndDeviceEventValue[], version: SoapVersion): void {
  if (!ctx.subscribers.OMS) return;
  const payload = buildEndDeviceEvents(
    events.map((e) => ({
      mRID: e.mRID ?? newMessageId(),
      createdDateTime: publishedTime(ctx, e.createdDateTime ?? nowTimestamp()),
      meter: e.meter,
      usagePoint: e.usagePoint ?? (e.meter ? ctx.store.meter(e.meter)?.usagePoint : undefined),
      eventType: publishedType(ctx, e.eventType),
    })),
  );
  const url = ctx.has('event-to-wrong-address') ? misdirected(ctx.subscribers.OMS) : ctx.subscribers.OMS;
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: payload } }, version);
  // event-published-twice: the same events again, in a message of their own
  if (ctx.has('event-published-twice')) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: payload } }, version);
}

/** a field event at a meter (the simulator's stimulus): the head-end publishes it */
export function fieldEvent(ctx: SimContext, meter: string, event: 'power-off' | 'power-restored', version: SoapVersion): string | undefined {
  const m = ctx.store.meter(meter);
  if (!m) return `unknown meter ${meter}`;
  const code = event === 'power-off' ? POWER_OFF : POWER_RESTORED;
  m.powered = code === POWER_RESTORED;
  publishEvents(ctx, [{ meter: m.mRID, usagePoint: m.usagePoint, eventType: code, createdDateTime: nowTimestamp() }], version);
  return undefined;
}

/** the PAN EndDeviceTypes (use-cases.md §8.2: 12 PANDevice, 15 in-premises display, 16 load control device, 17 PAN meter, 19 thermostat) */
const PAN_TYPES = new Set(['12', '15', '16', '17', '19']);

export const eventsHandler: Handler = {
  name: 'created(EndDeviceEvents) at the MDM',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceEvents' && verb === 'created',
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
    const events = req.payload?.root ? readEndDeviceEvents(req.payload.root) : [];
    // PAN-02: an event of a PAN device (EndDeviceType 12, 15, 16, 17 or 19, CIM9-133) at the premises of a usage point the
    // MDM knows (CIM9-134) is acknowledged though the device is no meter of its own (fault pan-events-refused-by-mdm: 2.4)
    const panAtKnownPremises = (e: (typeof events)[number]) => !ctx.has('pan-events-refused-by-mdm') && PAN_TYPES.has(e.eventType.split('.')[0] ?? '') && !!e.usagePoint && !!ctx.store.meter(e.usagePoint) && !(e.meter && ctx.store.meter(e.meter));
    const unknown = events.filter((e) => !panAtKnownPremises(e) && (!e.meter || !ctx.store.meter(e.meter)));
    if (unknown.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.map((e) => e.meter ?? '(none)').join(', ')}`);
    const outage = events.filter((e) => e.eventType === POWER_OFF || e.eventType === POWER_RESTORED);
    for (const e of events) {
      if (panAtKnownPremises(e)) continue;
      const m = ctx.store.meter(e.meter!)!;
      if (e.eventType === POWER_OFF) m.powered = false;
      if (e.eventType === POWER_RESTORED) m.powered = true;
      ctx.store.events.push({ meter: m.mRID, eventType: e.eventType, createdDateTime: e.createdDateTime ?? nowTimestamp(), mRID: e.mRID ?? newMessageId() });
    }
    if (outage.length && !ctx.has('event-not-forwarded')) {
      publishEvents(ctx, outage.map(({ node: _node, ...e }) => e), version);
    }
    // MSR-03: tamper events go on to the CIS
    forwardTamper(ctx, events.map(({ node: _node, ...e }) => e), version);
    forwardChangeOut(ctx, events.map(({ node: _node, ...e }) => e), version);
    // EDE-06: health events go on to the maintenance consumer
    forwardHealth(ctx, events.map(({ node: _node, ...e }) => e), version);
    return ctx.response(req, 'EndDeviceEvents', 'OK', []);
  },
};
