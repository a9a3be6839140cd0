/**
 * The reference SUT as a CLIENT (roles CIS and OMS): what its upper tester makes it send, and what the OMS answers
 * as a subscriber.
 * - cis-read-request {meter, readingType?}: the CIS sends get(MeterReadings) [GetMeterReadings] naming the meter and
 *   the ReadingType to the MDM (MR-03 step 1);
 * - oms-ping {meters, noun?}: the OMS pings the meters through the MDM: get(MeterReadings) naming exactly them (EDE-02
 *   step 1; the UC-01 default noun), or with noun EndDeviceEvents get(EndDeviceEvents) naming them with a TimeSchedule
 *   of the last 15 minutes up to now (the other UC-01 ping);
 * - cis-history-request {meter, readingType, start, end}: the CIS asks the MDM for the historical data of the meter
 *   (MR-04): get(MeterReadings) naming the meter, the ReadingType and Reading/timePeriod [start, end);
 *   cis-async-history-request: the same asked asynchronously (AsyncReplyFlag, ReplyAddress <base>/cis), the result
 *   taken there by cisAsyncResultHandler (created or reply(MeterReadings), PARTIAL or FAILED too);
 * - cis-billing-request {meter, readingTypes, reason}: the CIS asks the MDM for the billing determinants of the meter
 *   (MR-05): get(MeterReadings) naming the meter, those ReadingTypes and Reading/reason; it holds each determinant of
 *   the answer by its ReadingType (the report's `readings`);
 * - cis-switch-request {meter, command}: the CIS asks the MDM to disconnect / connect the meter: create(EndDeviceControls)
 *   with one control of 3.31.0.23 / 3.31.0.18 naming it (EDC-06 step 1);
 * - cis-report-readings {meters}: the CIS's upper tester reports what the CIS holds from the answer to its last
 *   request for those meters (src/usecases/stimuli.ts ClientReport): a meter with a reading in the answer is `read`
 *   with its value, a meter the answer names in an Error (or every meter of a FAILED answer, a SOAP fault) is `failed`
 *   with the code, any other `none`;
 * - created(MeterReadings) at <base>/cis that no request of the CIS waits for: the manual read its MDM publishes (MR-02),
 *   held with its value, timeStamp and qualities for cis-report-readings, acknowledged (cisPublishedReadings);
 * - created(EndDeviceEvents) at <base>/oms: the OMS acknowledges a published outage / restoration event (EDE-03 step
 *   2): reply, Result OK, the event's CorrelationID.
 * The MDM is the address registered as MDMService (POST /_control/subscribers). The request is sent through
 * ctx.publish, so that GET /_control/idle counts it until the MDM answered. The faults of ../faults/client-requests.ts
 * break one aspect each.
 */
import { newMessageId, nowTimestamp, readMessage, toSoap, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { buildGetMeterReadings, readMeterReadings } from '../../src/payloads/meterReadings.ts';
import { readEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import { getEndDeviceEventsMessage, getMeterReadingsMessage, withUndeclaredQueryElement } from '../../src/usecases/requests.ts';
import type { ClientReport, StimulusBody } from '../../src/usecases/stimuli.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { cisMeterServiceOrder } from './cis-meter-service.ts';
import { clientNoun, directSwitchReplyAddress, directSwitchStart, heldAfterFailure, readErrorHeld, requestedMeters, reportedOutcome, switchCode } from '../faults/client-requests.ts';
import type { SwitchReport, SwitchState } from '../../src/usecases/stimuli.ts';
import { buildEndDeviceControls, controlsGenerationOf } from '../../src/payloads/endDeviceControls.ts';
import { metersAsGroup } from '../faults/reading-shapes.ts';
import { INTERVAL_RT, REGISTER_RT } from '../store.ts';
import { buildAuxiliaryAgreementConfig } from '../../src/payloads/prepayment.ts';
import { buildMeterReadSchedule, type MeterReadScheduleValue } from '../../src/payloads/meterReadSchedules.ts';
import { profileNs } from '../../src/message/names.ts';
import { auxiliaryUsagePoint } from '../faults/prepayment.ts';
import { buildUsagePointConfig } from '../../src/payloads/masterdata/usagePointConfig.ts';
import { buildMasterDataLinkageConfig } from '../../src/payloads/masterdata/masterDataLinkageConfig.ts';
import { switchLinkFirst, switchLinkSent, switchLinkTime, switchSupplierNamed } from '../faults/switching.ts';

/** how far back an OMS's get(EndDeviceEvents) ping looks (its TimeSchedule ends now) */
const PING_LOOKBACK_MS = 15 * 60_000;

/** the outcome of an upper-tester order: accepted, or an HTTP status and why not */
export type OrderOutcome = { ok: true } | { ok: false; status: number; error: string };

/** what the CIS holds per meter from the answers to its requests (cis-report-readings), per reference SUT */
const HELD = new WeakMap<SimContext, Map<string, ClientReport['meters'][string]>>();

/** the CIS keeps a meter's read told it outside an answer (MSR-01: the reads of a completed meter service) */
export function holdRead(ctx: SimContext, meter: string, value: string, timeStamp?: string): void {
  const held = HELD.get(ctx) ?? new Map();
  HELD.set(ctx, held);
  held.set(meter, { status: 'read', value, ...(timeStamp ? { timeStamp } : {}) });
}

/**
 * the CIS reads the MDM's answer to its get(MeterReadings): each meter with a Reading is read (the value of its first
 * Reading), each meter an Error names failed with that code; in a FAILED answer (or a SOAP fault, or no answer) every
 * meter asked without a reading failed. The faults of ../faults/client-requests.ts (reportedOutcome) change what it keeps.
 */
function takeAnswer(ctx: SimContext, asked: readonly string[], body: Buffer | undefined): void {
  const held = HELD.get(ctx) ?? new Map();
  HELD.set(ctx, held);
  const read = body ? readMessage(body) : undefined;
  const msg = read?.ok ? read.wire.message : undefined;
  const result = msg?.reply?.result ?? 'FAILED';
  const values = new Map<string, string>();
  // every Reading by its ReadingType (the billing determinants of a billing inquiry, MR-05)
  const byType = new Map<string, { readingType: string; value: string }[]>();
  const intervals = new Map<string, { end: string; value: string }[]>();
  if (msg?.payload?.root?.name === 'MeterReadings') {
    for (const mr of readMeterReadings(msg.payload.root).meterReadings) {
      const id = mr.meter?.mRID;
      const value = mr.readings?.[0]?.value;
      if (id && value !== undefined) values.set(id, value);
      const typed = (mr.readings ?? []).flatMap((r) => (r.value !== undefined ? [{ readingType: r.readingType, value: r.value }] : []));
      // cis-billing-determinant-dropped: the last determinant of the answer is not kept
      if (id && typed.length) byType.set(id, typed.length > 1 && ctx.has('cis-billing-determinant-dropped') ? typed.slice(0, -1) : typed);
      // interval data (MR-04): every interval reading, by the end of its interval
      const blocks = (mr.intervalBlocks ?? []).flatMap((b) => b.readings.flatMap((x) => (x.timeStamp !== undefined && x.value !== undefined ? [{ end: x.timeStamp, value: x.value }] : [])));
      if (id && blocks.length) intervals.set(id, [...(intervals.get(id) ?? []), ...blocks]);
    }
  }
  const codes = new Map<string, string>();
  for (const e of msg?.reply?.errors ?? []) if (e.id?.value) codes.set(e.id.value, e.code);
  const fallback = msg?.reply?.errors?.[0]?.code ?? (msg ? undefined : 'no answer');
  for (const id of asked) {
    const value = values.get(id);
    const code = codes.get(id) ?? (result === 'FAILED' ? fallback : undefined);
    const given = intervals.get(id);
    // cis-async-partial-zero-filled: every interval of the period its request asked for, 0 where the result gave none
    const kept = given && ZERO_FILL.has(ctx) ? zeroFilled(given, PERIODS.get(ctx)) : given;
    const typed = byType.get(id);
    const got = value !== undefined ? { status: 'read' as const, value, ...(typed ? { readings: typed } : {}) } : kept ? { status: 'read' as const, intervals: kept } : code !== undefined ? { status: 'failed' as const, code } : { status: 'none' as const };
    held.set(id, reportedOutcome(ctx, result, got));
  }
}

/** fault cis-async-partial-zero-filled: the reference SUTs taking a PARTIAL result now, which fill its gaps with 0 */
const ZERO_FILL = new WeakSet<SimContext>();

/** the CIS's last request whose answer it has not read yet: resolved once it has (or its send failed) */
const READING = new WeakMap<SimContext, Promise<void>>();

/**
 * the report of the CIS's upper tester: what the CIS holds for each meter named, once it has read the answer to its
 * last request (at most 10 s later: a request never answered leaves nothing held)
 */
export async function clientReport(ctx: SimContext, meters: readonly string[]): Promise<ClientReport> {
  const pending = READING.get(ctx);
  if (pending) await Promise.race([pending, new Promise((r) => setTimeout(r, 10_000).unref())]);
  const held = HELD.get(ctx);
  return { meters: Object.fromEntries(meters.map((m) => [m, held?.get(m) ?? { status: 'none' as const }])) };
}

/** the request a client SUT sends for an upper-tester order */
export function clientRequest(ctx: SimContext, order: StimulusBody): Message {
  const role = order.role === 'OMS' ? 'OMS' : 'CIS';
  const meters = requestedMeters(ctx, role, order.meters ?? [order.meter]);
  // cis-switch-request: create(EndDeviceControls) with the Annex F code of the command for the meters (EDC-06 step 1)
  if (order.event === 'cis-switch-request') {
    const header = { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() };
    const mRID = newMessageId();
    const control = { mRID, issuerID: 'cim9-reference-cis', issuerTrackingID: `CIS-${mRID}`, reason: order.command, controlType: switchCode(ctx, order.command ?? 'disconnect'), endDevices: meters.map((m) => ({ mRID: m })) };
    return { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls: [control] }, { generation: controlsGenerationOf(ctx.generation) }) } };
  }
  // cis-direct-switch-request (EDC-07): the same control to the head-end, asynchronously, at the time ordered
  if (order.event === 'cis-direct-switch-request') {
    const replyAddress = directSwitchReplyAddress(ctx, ctx.self.url ? `${ctx.self.url}/cis` : undefined);
    const header = { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId(), asyncReplyFlag: true, ...(replyAddress ? { replyAddress } : {}) };
    const mRID = newMessageId();
    const start = directSwitchStart(ctx, order.start ?? nowTimestamp());
    const control = { mRID, issuerID: 'cim9-reference-cis', issuerTrackingID: `CIS-${mRID}`, reason: order.command, controlType: switchCode(ctx, order.command ?? 'disconnect'), primaryDeviceTiming: { interval: { start } }, endDevices: meters.map((m) => ({ mRID: m })) };
    return { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls: [control] }, { generation: controlsGenerationOf(ctx.generation) }) } };
  }
  // cis-billing-request (MR-05): get(MeterReadings) naming the meter, the billing determinants and Reading/reason
  // (cis-billing-no-reason: no reason; cis-billing-wrong-reading-type: the load-profile interval in place of the last determinant)
  if (order.event === 'cis-billing-request') {
    const header = { ...ctx.header('get', clientNoun(ctx, 'MeterReadings')), correlationId: newMessageId() };
    const rts = [...(order.readingTypes ?? [])];
    if (ctx.has('cis-billing-wrong-reading-type') && rts.length) rts[rts.length - 1] = INTERVAL_RT;
    const reason = ctx.has('cis-billing-no-reason') ? undefined : order.reason;
    return { kind: 'request', header, request: { query: buildGetMeterReadings({ endDevices: meters, readingTypes: rts, ...(reason ? { reason } : {}) }) } };
  }
  // cis-auxiliary-agreement (PM-01): create(AuxiliaryAgreementConfig) under the customer agreement of the meter's usage point
  if (order.event === 'cis-auxiliary-agreement') return auxiliaryAgreementRequest(ctx, meters[0] ?? order.meter);
  // its own MessageID and a CorrelationID of its own (the MDM's reply must carry it back)
  if (role === 'OMS' && order.noun === 'EndDeviceEvents') {
    const header = { ...ctx.header('get', clientNoun(ctx, 'EndDeviceEvents')), correlationId: newMessageId() };
    return getEndDeviceEventsMessage(header, meters, pingWindow(ctx, Date.now()));
  }
  let rts = order.readingType ? [order.readingType] : [];
  // cis-request-wrong-reading-type: the other ReadingType of the profile than the one ordered
  if (role === 'CIS' && ctx.has('cis-request-wrong-reading-type')) rts = [rts[0] === INTERVAL_RT ? REGISTER_RT : INTERVAL_RT];
  // cis-async-read-request, cis-async-history-request (P1a): AsyncReplyFlag and the CIS's own ReplyAddress, <base>/cis
  // (cis-async-no-reply-address: none; cis-async-history-sync: the historical read without AsyncReplyFlag)
  const asked = order.event === 'cis-async-read-request' || order.event === 'cis-async-history-request';
  const flag = !(order.event === 'cis-async-history-request' && ctx.has('cis-async-history-sync'));
  const async = asked ? { ...(flag ? { asyncReplyFlag: true } : {}), ...(ctx.self.url && !ctx.has('cis-async-no-reply-address') ? { replyAddress: `${ctx.self.url}/cis` } : {}) } : {};
  const header = { ...ctx.header('get', clientNoun(ctx, 'MeterReadings')), correlationId: newMessageId(), ...async };
  const period = (order.event === 'cis-history-request' || order.event === 'cis-async-history-request') && order.start && order.end ? historyPeriod(ctx, order.start, order.end) : undefined;
  const built = getMeterReadingsMessage(header, meters, rts, period);
  // cis-query-names-group: the meter named as EndDeviceGroup (MR-10)
  const msg = role === 'CIS' && ctx.has('cis-query-names-group') ? metersAsGroup(built) : built;
  return role === 'CIS' && ctx.has('cis-request-schema-invalid') ? withUndeclaredQueryElement(msg) : msg;
}

/**
 * the CIS's auxiliary agreement for a meter (PM-01): a debt of 100.00 recovered from a quarter of each purchase, under the
 * customer agreement of the meter's usage point (pm-cis-aux-other-usage-point: another usage point of the store)
 */
function auxiliaryAgreementRequest(ctx: SimContext, meter: string): Message {
  const own = ctx.store.meter(meter)?.usagePoint ?? '';
  const usagePoint = auxiliaryUsagePoint(own, [...ctx.store.meters.values()].map((m) => m.usagePoint), ctx.has);
  const id = newMessageId();
  const header = { ...ctx.header('create', 'AuxiliaryAgreementConfig'), correlationId: newMessageId() };
  const root = buildAuxiliaryAgreementConfig([
    {
      mRID: `AUX-${id}`,
      createdDateTime: nowTimestamp(),
      subType: 'debt recovery',
      vendPortion: 25,
      auxiliaryAccounts: [{ mRID: `AUXACC-${id}`, balance: '100.00', principleAmount: '100.00' }],
      customerAgreement: { mRID: `CA-${usagePoint}`, customerAccount: { mRID: `ACC-${usagePoint}` }, usagePoints: [{ mRID: usagePoint }] },
    },
  ]);
  return { kind: 'request', header, payload: { root } };
}

/** the TimeSchedule of the OMS's get(EndDeviceEvents) ping: the last 15 minutes up to now (oms-ping-stale-window: a day earlier) */
function pingWindow(ctx: SimContext, now: number): { start: string; end: string } {
  const end = ctx.has('oms-ping-stale-window') ? now - 24 * 3600_000 : now;
  return { start: new Date(end - PING_LOOKBACK_MS).toISOString(), end: new Date(end).toISOString() };
}

/** the period the CIS asks for: the one ordered (cis-history-short-period: only its last hour) */
function historyPeriod(ctx: SimContext, start: string, end: string): { start: string; end: string } {
  if (!ctx.has('cis-history-short-period')) return { start, end };
  const e = Date.parse(end);
  return { start: new Date(Math.max(Date.parse(start), e - 3600_000)).toISOString(), end };
}

/** carry out an upper-tester order (cis-read-request, cis-history-request, oms-ping): send the request to the MDM */
export function clientOrder(ctx: SimContext, order: StimulusBody, version: SoapVersion): OrderOutcome {
  if (order.role !== 'CIS' && order.role !== 'OMS') return { ok: false, status: 400, error: `role ${order.role} takes no upper-tester order` };
  if (!ctx.roles.includes(order.role)) return { ok: false, status: 400, error: `the reference SUT does not play ${order.role} (its roles: ${ctx.roles.join(', ')})` };
  if (order.event === 'cis-report-readings') return { ok: false, status: 500, error: 'cis-report-readings is answered by clientReport' };
  if (order.event === 'cis-report-switch') return { ok: false, status: 500, error: 'cis-report-switch is answered by switchReport' };
  if (order.event === 'cis-direct-switch-request') return directSwitch(ctx, order, version);
  if (order.event === 'cis-schedule-request' || order.event === 'cis-schedule-end') return cisSchedule(ctx, order, version);
  if (order.event === 'cis-supplier-switch') return supplierSwitch(ctx, order, version);
  if (order.event === 'cis-meter-service') return cisMeterServiceOrder(ctx, order, version);
  const url = ctx.upstream.MDM;
  if (!url) return { ok: false, status: 409, error: 'no MDM to send the request to: register MDMService at POST /_control/subscribers first' };
  const unknown = (order.meters ?? [order.meter]).filter((m) => !ctx.store.meter(m));
  if (unknown.length) return { ok: false, status: 404, error: `unknown meter ${unknown.join(', ')}` };
  const asked = order.meters ?? [order.meter];
  // a new request: what the CIS held for those meters is replaced by what the answer brings
  HELD.get(ctx)?.clear();
  const request = clientRequest(ctx, order);
  if (order.start && order.end) PERIODS.set(ctx, { start: order.start, end: order.end });
  const role = order.role;
  const observe = (body: Buffer | undefined) => ctx.onClientAnswer?.({ role, request: `${request.header?.verb ?? '?'}(${request.header?.noun ?? '?'})`, url, ...(body ? { body } : {}) });
  if (role !== 'CIS') {
    ctx.publish(url, request, version, observe);
    return { ok: true };
  }
  let done: () => void = () => {};
  READING.set(ctx, new Promise<void>((r) => (done = r)));
  // asked asynchronously: the result comes to its ReplyAddress with its CorrelationID (cisAsyncResultHandler); the
  // reply is an acknowledgement, which is the answer only when it refuses the request
  const correlationId = request.header?.asyncReplyFlag ? request.header.correlationId : undefined;
  if (correlationId) pendingOf(ctx).set(correlationId, { asked, done });
  // a connect / disconnect asked of the MDM (EDC-06): the MDM may tell a read error of it later (ECITP 2.09, cisReadError)
  if (order.event === 'cis-switch-request' && request.header?.correlationId) switchRequestsOf(ctx).set(request.header.correlationId, asked);
  ctx.publish(url, request, version, (body) => {
    const read = body ? readMessage(body) : undefined;
    const refused = !read?.ok || !read.wire.message?.reply || read.wire.message.reply.result === 'FAILED';
    if (!correlationId || refused) {
      if (correlationId) pendingOf(ctx).delete(correlationId);
      takeAnswer(ctx, asked, body);
      done();
    }
    observe(body);
  });
  return { ok: true };
}

/** the period of the CIS's last historical read, per reference SUT (for cis-async-partial-zero-filled) */
const PERIODS = new WeakMap<SimContext, { start: string; end: string }>();

/** the intervals of `period` (15-minute, stamped at their end): those given, and 0 for the others */
function zeroFilled(given: { end: string; value: string }[], period: { start: string; end: string } | undefined): { end: string; value: string }[] {
  if (!period) return given;
  const have = new Map(given.map((g) => [Date.parse(g.end), g]));
  const out: { end: string; value: string }[] = [];
  const step = 900_000;
  for (let t = Math.ceil(Date.parse(period.start) / step) * step + step; t <= Date.parse(period.end) && out.length < 5000; t += step) out.push(have.get(t) ?? { end: nowTimestamp(() => new Date(t)), value: '0' });
  return out;
}

/** the CIS's asynchronous requests waiting for their result, per reference SUT: CorrelationID → the meters asked */
const PENDING = new WeakMap<SimContext, Map<string, { asked: readonly string[]; done: () => void }>>();

function pendingOf(ctx: SimContext): Map<string, { asked: readonly string[]; done: () => void }> {
  let m = PENDING.get(ctx);
  if (!m) PENDING.set(ctx, (m = new Map()));
  return m;
}

/**
 * the CIS takes the asynchronous result of its get(MeterReadings) at its ReplyAddress (P1a: created(MeterReadings), or
 * a reply, with the request's CorrelationID): it keeps the readings (as from a synchronous answer) and acknowledges
 * with Result OK and that CorrelationID; a result it is not waiting for is FAILED 2.15 (no such request). Faults
 * cis-async-result-refused (FAILED 5.3, nothing kept), cis-async-ack-uncorrelated (the acknowledgement carries a
 * CorrelationID of its own), cis-async-result-dropped (acknowledged, nothing kept).
 */
export const cisAsyncResultHandler: Handler = {
  name: 'created(MeterReadings) at the CIS (the asynchronous result of its read)',
  matches: (role, noun, verb) => role === 'CIS' && noun === 'MeterReadings' && (verb === 'created' || verb === 'reply'),
  handle(req: ParsedMessage, ctx: SimContext): Message {
    const id = req.header?.correlationId?.trim() ?? '';
    const pending = pendingOf(ctx).get(id);
    // a created(MeterReadings) no request of the CIS waits for: a publication of its MDM (MR-02, the manual read)
    if (!pending && req.header?.verb === 'created' && !ctx.has('cis-manual-read-refused')) {
      // cis-schedule-readings-refused: the readings of a meter its read schedule runs for are refused
      if (ctx.has('cis-schedule-readings-refused') && readingsOfScheduledMeter(req, ctx)) return ctx.failed(req, 'MeterReadings', '5.3', 'the CIS could not process the readings of its schedule');
      // cis-schedule-readings-dropped: the readings of its schedule acknowledged (OK) and kept nowhere
      if (ctx.has('cis-schedule-readings-dropped') && readingsOfScheduledMeter(req, ctx)) return ctx.response(req, 'MeterReadings', 'OK', []);
      return cisPublishedReadings(req, ctx);
    }
    if (!pending) return ctx.failed(req, 'MeterReadings', '2.15', `no request of the CIS waits for a result with CorrelationID ${id || '(none)'}`);
    if (ctx.has('cis-async-result-refused')) return ctx.failed(req, 'MeterReadings', '5.3', 'the CIS could not process the result');
    // cis-async-reply-refused: a result that comes as reply(MeterReadings) (a PARTIAL or FAILED one, CIM9-305) is refused
    if (ctx.has('cis-async-reply-refused') && req.header?.verb === 'reply') return ctx.failed(req, 'MeterReadings', '2.9', 'the CIS takes created(MeterReadings) only at its ReplyAddress');
    pendingOf(ctx).delete(id);
    const body = Buffer.from(toSoap({ ...req, kind: 'response', reply: req.reply ?? { result: 'OK' } } as Message, ctx.soapVersion).xml);
    // cis-async-partial-zero-filled: the intervals a PARTIAL result left out are kept as 0
    if (ctx.has('cis-async-partial-zero-filled') && req.reply?.result === 'PARTIAL') ZERO_FILL.add(ctx);
    takeAnswer(ctx, ctx.has('cis-async-result-dropped') ? [] : pending.asked, body);
    ZERO_FILL.delete(ctx);
    pending.done();
    const ack = ctx.response(req, 'MeterReadings', 'OK', []);
    return ctx.has('cis-async-ack-uncorrelated') && ack.header ? { ...ack, header: { ...ack.header, correlationId: newMessageId() } } : ack;
  },
};

/**
 * the CIS takes the readings its MDM publishes to it (MR-02 "MDM → CIS : created(MeterReadings)": the manual or
 * customer read the field system told the MDM): it holds, for each meter it knows, the first Reading with its value,
 * timeStamp and quality codes, and acknowledges with Result OK and the publication's CorrelationID; a meter it does not
 * know is FAILED 2.4. Faults cis-manual-read-refused (FAILED 2.15, cisAsyncResultHandler), cis-manual-read-dropped
 * (acknowledged, nothing kept), cis-manual-read-quality-dropped (no quality kept), cis-manual-read-ack-uncorrelated (a CorrelationID of its own), client-wrong-noun.
 */
function cisPublishedReadings(req: ParsedMessage, ctx: SimContext): Message {
  const root = req.payload?.root;
  const mrs = root?.name === 'MeterReadings' ? readMeterReadings(root).meterReadings : [];
  const read = mrs.flatMap((mr) => {
    const r = mr.readings?.[0];
    return mr.meter?.mRID && r?.value !== undefined ? [{ meter: mr.meter.mRID, reading: r }] : [];
  });
  if (!read.length) return ctx.failed(req, 'MeterReadings', '2.4', 'no Reading of a meter in the message');
  const unknown = read.filter((x) => !ctx.store.meter(x.meter));
  if (unknown.length) return ctx.failed(req, 'MeterReadings', '2.4', `unknown meter ${unknown.map((x) => x.meter).join(', ')}`);
  // cis-switching-read-refused / -dropped: a switching read (CS-01 step 3, reason moveIn or moveOut) refused, or acknowledged and kept nowhere
  const switching = read.some((x) => x.reading.reason === 'moveIn' || x.reading.reason === 'moveOut');
  if (switching && ctx.has('cis-switching-read-refused')) return ctx.failed(req, 'MeterReadings', '5.3', 'the CIS could not process the switching read');
  const held = HELD.get(ctx) ?? new Map();
  HELD.set(ctx, held);
  for (const { meter, reading } of switching && ctx.has('cis-switching-read-dropped') ? [] : read) {
    ctx.log(`sim CIS ← published reading ${reading.value} of ${meter}`);
    if (ctx.has('cis-manual-read-dropped')) continue;
    // cis-manual-read-quality-dropped: the value and timeStamp kept, not the quality
    const qualities = ctx.has('cis-manual-read-quality-dropped') ? [] : (reading.qualities ?? []).map((q) => q.ref);
    held.set(meter, { status: 'read', value: reading.value, ...(reading.timeStamp ? { timeStamp: reading.timeStamp } : {}), ...(qualities.length ? { qualities } : {}) });
  }
  const ack = ctx.response(req, 'MeterReadings', 'OK', []);
  if (!ack.header) return ack;
  return { ...ack, header: { ...ack.header, noun: clientNoun(ctx, 'MeterReadings'), ...(ctx.has('cis-manual-read-ack-uncorrelated') ? { correlationId: newMessageId() } : {}) } };
}

export const clientHandler: Handler = {
  name: 'created(EndDeviceEvents) at the OMS, and at the CIS (the completion of a connect / disconnect)',
  matches: (role, noun, verb) => (role === 'OMS' || role === 'CIS') && noun === 'EndDeviceEvents' && verb === 'created',
  handle(req: ParsedMessage, ctx: SimContext, _version: SoapVersion, role: SimRole): Message {
    if (role === 'CIS') return cisCompletion(req, ctx);
    const events = req.payload?.root ? readEndDeviceEvents(req.payload.root) : [];
    if (!events.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', 'no EndDeviceEvent in the message');
    const unknown = events.filter((e) => !e.meter || !ctx.store.meter(e.meter));
    if (unknown.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.map((e) => e.meter ?? '(none)').join(', ')}`);
    for (const e of events) ctx.log(`sim OMS ← event ${e.eventType} at ${e.meter}`);
    if (ctx.has('oms-ack-failed')) return ctx.failed(req, 'EndDeviceEvents', '5.3', 'the OMS could not process the event');
    const ack = ctx.response(req, 'EndDeviceEvents', 'OK', []);
    if (!ack.header) return ack;
    const correlationId = ctx.has('oms-ack-wrong-correlation') ? newMessageId() : ack.header.correlationId;
    return { ...ack, header: { ...ack.header, noun: clientNoun(ctx, 'EndDeviceEvents'), correlationId } };
  },
};

/**
 * the CIS acknowledges the completion of a connect / disconnect its MDM tells it (EDC-06 step 6, UC-21:
 * created(EndDeviceEvents)): reply, Result OK, the event's CorrelationID; an unknown meter 2.4
 * (cis-completion-ack-failed: FAILED 5.3)
 */
function cisCompletion(req: ParsedMessage, ctx: SimContext): Message {
  const events = req.payload?.root ? readEndDeviceEvents(req.payload.root) : [];
  if (!events.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', 'no EndDeviceEvent in the message');
  const unknown = events.filter((e) => !e.meter || !ctx.store.meter(e.meter));
  if (unknown.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.map((e) => e.meter ?? '(none)').join(', ')}`);
  for (const e of events) ctx.log(`sim CIS ← completion ${e.eventType} at ${e.meter}`);
  if (ctx.has('cis-completion-ack-failed')) return ctx.failed(req, 'EndDeviceEvents', '5.3', 'the CIS could not process the completion');
  // cis-tamper-refused: the CIS refuses the tamper event its MDM forwards (MSR-03 step 2)
  if (ctx.has('cis-tamper-refused') && events.some((e) => /^\d+\.12\.\d+\.257$/.test(e.eventType))) return ctx.failed(req, 'EndDeviceEvents', '5.3', 'the CIS does not take tamper events');
  const ack = ctx.response(req, 'EndDeviceEvents', 'OK', []);
  // client-wrong-noun: the acknowledgement names MeterReadings in Header/Noun
  return ack.header ? { ...ack, header: { ...ack.header, noun: clientNoun(ctx, 'EndDeviceEvents') } } : ack;
}

// ------------------------------------------------------------------------------------------------ EDC-07, the CIS asks the head-end

/** the switch state the CIS holds per meter (cis-report-switch), per reference SUT */
const SWITCHES = new WeakMap<SimContext, Map<string, SwitchState>>();
/** the CIS's direct switch requests waiting for their result: CorrelationID → the meters and the command */
const SWITCHING = new WeakMap<SimContext, Map<string, { meters: readonly string[]; command: 'disconnect' | 'connect'; done: () => void }>>();
/** the CIS's last direct switch request whose result it has not taken yet: resolved once it has (or its send failed) */
const SWITCH_DONE = new WeakMap<SimContext, Promise<void>>();

function switchesOf(ctx: SimContext): Map<string, SwitchState> {
  let m = SWITCHES.get(ctx);
  if (!m) SWITCHES.set(ctx, (m = new Map()));
  return m;
}

function switchingOf(ctx: SimContext): Map<string, { meters: readonly string[]; command: 'disconnect' | 'connect'; done: () => void }> {
  let m = SWITCHING.get(ctx);
  if (!m) SWITCHING.set(ctx, (m = new Map()));
  return m;
}

/**
 * cis-direct-switch-request (EDC-07): the CIS asks its head-end (HESService of POST /_control/subscribers) to disconnect
 * / connect the meters asynchronously; they are `pending` until the result comes to its ReplyAddress
 * (cisSwitchResultHandler), `failed` when the head-end refuses the request
 */
function directSwitch(ctx: SimContext, order: StimulusBody, version: SoapVersion): OrderOutcome {
  if (order.role !== 'CIS') return { ok: false, status: 400, error: 'cis-direct-switch-request is an order to the CIS' };
  const url = ctx.upstream.HESService;
  if (!url) return { ok: false, status: 409, error: 'no head-end to send the control to: register HESService at POST /_control/subscribers first' };
  const meters = order.meters ?? [order.meter];
  const unknown = meters.filter((m) => !ctx.store.meter(m));
  if (unknown.length) return { ok: false, status: 404, error: `unknown meter ${unknown.join(', ')}` };
  const command = order.command === 'connect' ? 'connect' : 'disconnect';
  const request = clientRequest(ctx, order);
  const held = switchesOf(ctx);
  for (const m of meters) held.set(m, 'pending');
  let done: () => void = () => {};
  SWITCH_DONE.set(ctx, new Promise<void>((r) => (done = r)));
  const correlationId = request.header?.correlationId ?? '';
  switchingOf(ctx).set(correlationId, { meters, command, done });
  const observe = (body: Buffer | undefined) => ctx.onClientAnswer?.({ role: 'CIS', request: 'create(EndDeviceControls)', url, ...(body ? { body } : {}) });
  ctx.publish(url, request, version, (body) => {
    const read = body ? readMessage(body) : undefined;
    const refused = !read?.ok || !read.wire.message?.reply || read.wire.message.reply.result === 'FAILED';
    if (refused) {
      switchingOf(ctx).delete(correlationId);
      for (const m of meters) held.set(m, 'failed');
      done();
    }
    observe(body);
  });
  return { ok: true };
}

/**
 * the upper tester's cis-report-switch: the switch state the CIS holds for each meter named, once it has taken the
 * result of its last direct switch request (at most 10 s later: a result never sent leaves the meter pending)
 */
export async function switchReport(ctx: SimContext, meters: readonly string[]): Promise<SwitchReport> {
  const pending = SWITCH_DONE.get(ctx);
  if (pending) await Promise.race([pending, new Promise((r) => setTimeout(r, 10_000).unref())]);
  const held = SWITCHES.get(ctx);
  return { meters: Object.fromEntries(meters.map((m) => [m, { state: held?.get(m) ?? 'unknown' }])) };
}

/**
 * the CIS takes the head-end's result of its direct switch request at its ReplyAddress (EDC-07): created(EndDeviceControls)
 * → the meters in the command's state; canceled(EndDeviceControls) or a FAILED reply → failed (cis-switch-failure-ignored:
 * the command's state all the same); acknowledged with Result OK and the result's CorrelationID (cis-switch-ack-uncorrelated:
 * one of its own). A result it is not
 * waiting for is FAILED 2.15.
 */
/** the CIS's connect / disconnect requests to the MDM (EDC-06), per reference SUT: CorrelationID → the meters asked */
const SWITCH_REQUESTS = new WeakMap<SimContext, Map<string, readonly string[]>>();

function switchRequestsOf(ctx: SimContext): Map<string, readonly string[]> {
  let m = SWITCH_REQUESTS.get(ctx);
  if (!m) SWITCH_REQUESTS.set(ctx, (m = new Map()));
  return m;
}

/**
 * the MDM tells the CIS that the final / initial read after its connect / disconnect is missing or incomplete (ECITP 2.09
 * error conditions: reply(EndDeviceControls) FAILED / PARTIAL with 5.7, correlated to the CIS's request): the CIS holds
 * no reading of the meters it names — failed with the code (cis-read-error-as-read: read, value 0) — and acknowledges
 * with Result OK and the message's CorrelationID
 */
function cisReadError(req: ParsedMessage, ctx: SimContext, asked: readonly string[]): Message {
  const errors = req.reply?.errors ?? [];
  const named = new Set(errors.flatMap((e) => (e.id?.value ? [e.id.value] : [])));
  const meters = named.size ? asked.filter((m) => named.has(m)) : asked;
  const code = errors[0]?.code ?? 'FAILED';
  const held = HELD.get(ctx) ?? new Map();
  HELD.set(ctx, held);
  for (const m of meters) held.set(m, readErrorHeld(ctx, code));
  ctx.log(`sim CIS ← read error ${req.reply?.result ?? '?'} ${code} of ${meters.join(', ')}`);
  return ctx.response(req, 'EndDeviceControls', 'OK', []);
}

export const cisSwitchResultHandler: Handler = {
  name: 'created / canceled(EndDeviceControls) at the CIS (the result of its direct connect / disconnect)',
  matches: (role, noun, verb) => role === 'CIS' && noun === 'EndDeviceControls' && (verb === 'created' || verb === 'canceled' || verb === 'reply'),
  handle(req: ParsedMessage, ctx: SimContext): Message {
    const id = req.header?.correlationId?.trim() ?? '';
    const pending = switchingOf(ctx).get(id);
    const asked = switchRequestsOf(ctx).get(id);
    if (!pending && asked && req.header?.verb === 'reply') return cisReadError(req, ctx, asked);
    if (!pending) return ctx.failed(req, 'EndDeviceControls', '2.15', `no request of the CIS waits for a result with CorrelationID ${id || '(none)'}`);
    switchingOf(ctx).delete(id);
    const failed = req.header?.verb === 'canceled' || (req.header?.verb === 'reply' && req.reply?.result !== 'OK');
    const done: SwitchState = pending.command === 'disconnect' ? 'disconnected' : 'connected';
    const held = switchesOf(ctx);
    for (const m of pending.meters) held.set(m, failed ? heldAfterFailure(ctx, done) : done);
    ctx.log(`sim CIS ← ${req.header?.verb ?? '?'}(EndDeviceControls): ${pending.meters.join(', ')} ${failed ? 'failed' : done}`);
    pending.done();
    const ack = ctx.response(req, 'EndDeviceControls', 'OK', []);
    // cis-switch-ack-uncorrelated: the acknowledgement carries a CorrelationID of its own
    return ctx.has('cis-switch-ack-uncorrelated') && ack.header ? { ...ack, header: { ...ack.header, correlationId: newMessageId() } } : ack;
  },
};

// ------------------------------------------------------------------------------------------------ MR-01, the CIS's read schedule at its head-end

/** the read schedules the CIS created at its head-end, per reference SUT: meter → the schedule (its profile name and value) */
const SCHEDULES = new WeakMap<SimContext, Map<string, { noun: 'MeterReadSchedule' | 'MeterReadSchedules'; value: MeterReadScheduleValue }>>();

function schedulesOf(ctx: SimContext): Map<string, { noun: 'MeterReadSchedule' | 'MeterReadSchedules'; value: MeterReadScheduleValue }> {
  let m = SCHEDULES.get(ctx);
  if (!m) SCHEDULES.set(ctx, (m = new Map()));
  return m;
}

/** whether a created(MeterReadings) carries readings of a meter a schedule of the CIS runs for */
function readingsOfScheduledMeter(req: ParsedMessage, ctx: SimContext): boolean {
  const root = req.payload?.root;
  const mrs = root?.name === 'MeterReadings' ? readMeterReadings(root).meterReadings : [];
  return mrs.some((mr) => !!mr.meter?.mRID && schedulesOf(ctx).has(mr.meter.mRID));
}

/**
 * cis-schedule-request (MR-01, "MDM (or CIS) → MS"): the CIS asks its head-end (HESService) to read the meter on a
 * schedule: create(MeterReadSchedule) — MeterReadSchedules with a 2024 schema pack (PAY-09) — naming the meter, the
 * ReadingType and a TimeSchedule of scheduleInterval [start, end) every periodSeconds; the head-end's readings come to
 * <base>/cis (cisAsyncResultHandler: acknowledged and held as its MDM's publications are). cis-schedule-end: the CIS
 * ends it with cancel(…) naming the same schedule. Faults cis-schedule-wrong-meter (another meter of the store),
 * cis-schedule-not-ended (the end is never sent), cis-schedule-readings-refused, cis-schedule-readings-dropped.
 */
function cisSchedule(ctx: SimContext, order: StimulusBody, version: SoapVersion): OrderOutcome {
  if (order.role !== 'CIS') return { ok: false, status: 400, error: `${order.event} is an order to the CIS` };
  const url = ctx.upstream.HESService;
  if (!url) return { ok: false, status: 409, error: 'no head-end to send the schedule to: register HESService at POST /_control/subscribers first' };
  const meter = order.meters?.[0] ?? order.meter;
  if (!ctx.store.meter(meter)) return { ok: false, status: 404, error: `unknown meter ${meter}` };
  // the profile name of its edition (PAY-09): MeterReadSchedules when its schema pack declares it (2024)
  const noun = ctx.pack.declares(profileNs('MeterReadSchedules'), 'MeterReadSchedules') ? 'MeterReadSchedules' : 'MeterReadSchedule';
  const edition = noun === 'MeterReadSchedules' ? '2024' : '2013';
  let verb = 'create';
  let value: MeterReadScheduleValue;
  if (order.event === 'cis-schedule-end') {
    const running = schedulesOf(ctx).get(meter);
    if (!running) return { ok: false, status: 409, error: `the CIS has no read schedule of meter ${meter} to end` };
    schedulesOf(ctx).delete(meter);
    // cis-schedule-not-ended: the order is taken, the end never sent
    if (ctx.has('cis-schedule-not-ended')) return { ok: true };
    verb = 'cancel';
    value = running.value;
  } else {
    // cis-schedule-wrong-meter: the schedule names another meter of the store
    const other = [...ctx.store.meters.keys()].find((m) => m !== meter);
    const named = ctx.has('cis-schedule-wrong-meter') && other ? other : meter;
    value = {
      endDevices: [{ mRID: named }],
      readingTypes: [{ mRID: order.readingType ?? REGISTER_RT }],
      timeSchedules: [{ recurrencePeriod: order.periodSeconds ?? 3, scheduleInterval: { start: order.start, end: order.end } }],
    };
    schedulesOf(ctx).set(meter, { noun, value });
    // a new schedule: what the CIS held for the meter is replaced by what its readings bring
    HELD.get(ctx)?.delete(meter);
  }
  const request: Message = { kind: 'request', header: { ...ctx.header(verb, noun), correlationId: newMessageId() }, payload: { root: buildMeterReadSchedule(value, edition) } };
  ctx.publish(url, request, version, (body) => ctx.onClientAnswer?.({ role: 'CIS', request: `${verb}(${noun})`, url, ...(body ? { body } : {}) }));
  return { ok: true };
}

// ------------------------------------------------------------------------------------------------ CS-01, the CIS (new supplier) tells its MDM of a switch

/**
 * cis-supplier-switch (CS-01, 2013 fig. 43, "new supplier / CIS → MDM"): the CIS tells its MDM (MDMService) of the switch
 * of the meter's usage point at `start`: change(UsagePointConfig) whose UsagePoint names the new ServiceSupplier, then,
 * once answered, create(MasterDataLinkageConfig) linking the new CustomerAccount to the usage point, its
 * ConfigurationEvent effective at `start`. Faults cis-switch-wrong-supplier (another supplier), cis-switch-no-link (no
 * link sent), cis-switch-link-now (the link effective now, not at the switch time), cis-switch-link-first (the link
 * before the change).
 */
function supplierSwitch(ctx: SimContext, order: StimulusBody, version: SoapVersion): OrderOutcome {
  const url = ctx.upstream.MDM;
  if (!url) return { ok: false, status: 409, error: 'no MDM to send the switch to: register MDMService at POST /_control/subscribers first' };
  const meter = ctx.store.meter(order.meter);
  if (!meter) return { ok: false, status: 404, error: `unknown meter ${order.meter}` };
  if (!meter.usagePoint) return { ok: false, status: 409, error: `meter ${order.meter} has no usage point` };
  if (!order.supplier || !order.account || !order.start) return { ok: false, status: 400, error: 'cis-supplier-switch needs supplier, account and start' };
  const usagePoint = meter.usagePoint;
  const change: Message = {
    kind: 'request',
    header: { ...ctx.header('change', 'UsagePointConfig'), correlationId: newMessageId() },
    payload: { root: buildUsagePointConfig({ usagePoints: [{ mRID: usagePoint, serviceSupplier: { mRID: switchSupplierNamed(order.supplier, ctx.has), kind: 'retailer' } }] }) },
  };
  const link: Message = {
    kind: 'request',
    header: { ...ctx.header('create', 'MasterDataLinkageConfig'), correlationId: newMessageId() },
    payload: { root: buildMasterDataLinkageConfig({ configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: switchLinkTime(order.start, nowTimestamp(), ctx.has) }, objects: { CustomerAccount: [{ mRID: order.account }], UsagePoint: [{ mRID: usagePoint }] } }) },
  };
  const observe = (msg: Message) => (body: Buffer | undefined) => ctx.onClientAnswer?.({ role: 'CIS', request: `${msg.header?.verb ?? '?'}(${msg.header?.noun ?? '?'})`, url, ...(body ? { body } : {}) });
  ctx.log(`sim CIS → MDM switch of ${usagePoint} to supplier ${order.supplier}, account ${order.account}, at ${order.start}`);
  const [first, second] = switchLinkFirst(ctx.has) ? [link, change] : [change, link];
  const sendSecond = second === link && !switchLinkSent(ctx.has) ? undefined : second;
  ctx.publish(url, first, version, (body) => {
    observe(first)(body);
    if (sendSecond) ctx.publish(url, sendSecond, version, observe(sendSecond));
  });
  return { ok: true };
}
