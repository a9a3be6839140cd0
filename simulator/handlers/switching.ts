/**
 * Customer switching at the MDM (CS-01, use-cases.md §7.1, 2013 fig. 43).
 *
 * change(UsagePointConfig) whose usage points all name a ServiceSupplier (the new supplier, CIM9-198) of known usage
 * points: the MDM asks its head-end (`ctx.upstream.HES`, the suite at <listener>/hes) for a switching read of the meter
 * of each usage point — get(MeterReadings) naming the meter with Reading/reason moveIn (CIM9-199), no ReadingType (the
 * head-end reads its register) — then publishes what the head-end returned to its CIS (`ctx.subscribers.CIS`) with
 * created(MeterReadings), reason moveIn — and the same to the old supplier (`ctx.subscribers.oldSupplier`, CIM9-220) —
 * and replies OK. FAILED 5.3 when the head-end did not answer OK; FAILED 2.12 for
 * an unknown usage point; FAILED 2.20 for a ServiceSupplier the MDM was never told of with create(ServiceSupplierConfig)
 * (CIM9-296; fault switching-unknown-supplier-accepted). Without an upstream head-end the MDM replies OK (it has no meter to read).
 * Any other UsagePointConfig request goes on to ./customer-programs.ts (and from there ./masterdata.ts).
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, readMessage, toSoap } from '../../src/message/index.ts';
import { postSoap } from '../../src/transport/http.ts';
import { readUsagePointSuppliers } from '../../src/payloads/masterdata/usagePointConfig.ts';
import { buildGetMeterReadings, buildMeterReadings, readMeterReadings, type MeterReadingValue } from '../../src/payloads/meterReadings.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { customerProgramsHandler } from './customer-programs.ts';
import { masterData } from '../masterdata-store.ts';
import { publishedSwitchValue, publishesSwitch, readsForSwitch, switchingReadReason, toldOldSupplier } from '../faults/switching.ts';

/** the Reading/reason of the reference MDM's switching reads (CIM9-199) */
export const SWITCH_REASON = 'moveIn';

async function switchingRead(req: ParsedMessage, ctx: SimContext, version: SoapVersion, usagePoints: string[], suppliers: string[]): Promise<Message> {
  const meters = usagePoints.map((u) => ctx.store.meter(u));
  const unknown = usagePoints.filter((_u, i) => !meters[i]);
  if (unknown.length) return ctx.failed(req, 'UsagePointConfig', '2.12', `unknown usage point ${unknown.join(', ')}`);
  // a supplier the MDM was never told of (create(ServiceSupplierConfig), MD-02) is refused (CIM9-296), unless switching-unknown-supplier-accepted
  const md = masterData(ctx.store);
  const strangers = [...new Set(suppliers)].filter((id) => md.get('ServiceSupplierConfig', id) === undefined);
  const refusal = strangers.length && !ctx.has('switching-unknown-supplier-accepted') ? () => ctx.failed(req, 'UsagePointConfig', '2.20', `unknown service supplier ${strangers.join(', ')}`) : undefined;
  // switching-refused-supplier-read-anyway: the refusal comes after the switching read and its publication
  if (refusal && !ctx.has('switching-refused-supplier-read-anyway')) return refusal();
  const done = await readAndPublish(req, ctx, version, meters.map((m) => m!));
  return refusal ? refusal() : done;
}

/** the switching read of the meters at the head-end and its publication to the suppliers; OK, or FAILED 5.3 */
async function readAndPublish(req: ParsedMessage, ctx: SimContext, version: SoapVersion, meters: { mRID: string }[]): Promise<Message> {
  const url = ctx.upstream.HES;
  if (!url || !readsForSwitch(ctx.has)) return ctx.response(req, 'UsagePointConfig', 'OK', []);
  const header = { ...ctx.header('get', 'MeterReadings'), correlationId: newMessageId() };
  const ask: Message = { kind: 'request', header, request: { query: buildGetMeterReadings({ endDevices: meters.map((m) => m!.mRID), reason: switchingReadReason(SWITCH_REASON, ctx.has) }) } };
  const soap = toSoap({ ...ask, generation: ctx.generation }, version);
  const http = await postSoap(url, soap.xml, { soapVersion: version, soapAction: soap.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
  ctx.log(`sim MDM → head-end ${url} get(MeterReadings) switching read ${http.ok ? http.status : http.kind}`);
  const read = http.ok ? readMessage(http.body) : undefined;
  const m = read?.ok ? read.wire.message : undefined;
  if (m?.reply?.result !== 'OK') return ctx.failed(req, 'UsagePointConfig', '5.3', `the head-end did not answer the switching read of meter ${meters.map((x) => x!.mRID).join(', ')} (${m?.reply?.result ?? (http.ok ? 'no Reply' : http.message)})`);
  const got = m.payload?.root ? readMeterReadings(m.payload.root).meterReadings : [];
  const readings: MeterReadingValue[] = got.map((mr) => ({
    meter: mr.meter,
    usagePoint: mr.usagePoint ?? (mr.meter?.mRID ? { mRID: ctx.store.meter(mr.meter.mRID)?.usagePoint } : undefined),
    readings: (mr.readings ?? []).map((r) => ({ readingType: r.readingType, value: r.value === undefined ? undefined : publishedSwitchValue(r.value, ctx.has), timeStamp: r.timeStamp, reason: SWITCH_REASON })),
  }));
  const cis = ctx.subscribers.CIS;
  const publication = () => ({ kind: 'event' as const, header: ctx.header('created', 'MeterReadings'), payload: { root: buildMeterReadings({ meterReadings: readings }) } });
  if (cis && readings.length && publishesSwitch(ctx.has)) ctx.publish(cis, publication(), version);
  // the old supplier gets the same switching read, a message of its own (CIM9-220)
  const old = ctx.subscribers.oldSupplier;
  if (old && readings.length && publishesSwitch(ctx.has) && toldOldSupplier(ctx.has)) ctx.publish(old, publication(), version);
  return ctx.response(req, 'UsagePointConfig', 'OK', []);
}

export const switchingHandler: Handler = {
  name: 'customer switching at the MDM',
  matches: (role, noun, verb) => customerProgramsHandler.matches(role, noun, verb),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    const noun = req.header?.noun || req.wrapperNoun || '';
    const verb = req.header?.verb ?? req.wrapperVerb ?? '';
    if (role === 'MDM' && noun === 'UsagePointConfig' && verb === 'change' && !req.header?.asyncReplyFlag) {
      const root = req.payload?.root;
      const ups = root && root.name === 'UsagePointConfig' ? readUsagePointSuppliers(root) : [];
      if (ups.length && ups.every((u) => u.serviceSupplier !== undefined && u.usagePoint)) return switchingRead(req, ctx, version, ups.map((u) => u.usagePoint!), ups.map((u) => u.serviceSupplier!));
    }
    return customerProgramsHandler.handle(req, ctx, version, role);
  },
};
