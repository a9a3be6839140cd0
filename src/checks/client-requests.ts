/**
 * The requests a CLIENT SUT (a CIS, an OMS) sends the MDM the suite plays, on an upper-tester order
 * (src/usecases/stimuli.ts): MR-03 step 1 (the CIS asks for the reading of a meter) and EDE-02 step 1 (the OMS pings
 * meters; UC-01 default noun MeterReadings). Pure checks on the parsed request:
 * - it is a RequestMessage (ENV-KIND) whose header meets the rules of every header (checkHeader) and names the noun
 *   (ENV-NOUN);
 * - it is get(MeterReadings) with a GetMeterReadings query naming exactly the meters the order named, and, when the
 *   order named a ReadingType, exactly that ReadingType (DOM-CLIENT-REQUEST);
 * - the MDM the suite plays took it (Result OK): a refusal of the suite's peer (1.8 schema-invalid, 2.4 unknown meter
 *   …) is a finding against the request (DOM-CLIENT-REQUEST, with the peer's code and reason).
 * - a ping the OMS was told to send as get(EndDeviceEvents) (UC-01, CIM9-215) is a GetEndDeviceEvents naming exactly the
 *   meters (DOM-CLIENT-REQUEST) with a TimeSchedule that reaches the moment of the order (DOM-CLIENT-PING-WINDOW, CIM9-216);
 * - a request for the historical data of a period (MR-04) carries a time range covering that period
 *   (DOM-CLIENT-PERIOD; CIM9-217 = exact: that period exactly).
 * Schema and the message-level rules are layer 1 of the World (src/session/world.ts), as for every message received.
 */
import { ruleFinding } from './catalogue.ts';
import type { Finding } from './finding.ts';
import type { CheckContext } from './envelope.ts';
import { checkHeader, checkNoun, messageOf } from './envelope.ts';
import type { ParsedMessage, WireMessage } from '../message/index.ts';
import { readGetMeterReadings } from '../payloads/meterReadings.ts';
import { GEDE, readGetEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { severityOf } from './assume.ts';
import { instantMs, parseDateTime } from './time.ts';
import { readMeterReadings } from '../payloads/meterReadings.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';

/**
 * What the upper tester of a CIS reports (cis-report-readings): per meter, what the CIS made of the answer to its last
 * request: `read` with the value it keeps, `failed` (it knows the meter was not read; optionally the Error code it
 * got), or `none` (it holds nothing for the meter). A meter left out counts as `none`.
 *
 *   {"meters": {"M-1001": {"status": "read", "value": "5123.417"}, "M-1002": {"status": "failed", "code": "4.1"}}}
 *
 * Interval data (MR-04, an answer of IntervalBlocks): the meter is `read` with the intervals it keeps, each by the end of
 * its interval (the IntervalReading's timeStamp) and its value:
 *
 *   {"meters": {"M-1001": {"status": "read", "intervals": [{"end": "2026-12-04T01:15:00Z", "value": "0.25"}, …]}}}
 *
 * A register reading the CIS keeps may come with the time of the reading (its timeStamp) and the quality codes it holds
 * for it (MR-02, a manual read the MDM published to it: 1.4.131 manual, 1.4.130 customer read):
 *
 *   {"meters": {"M-1001": {"status": "read", "value": "10123.456", "timeStamp": "2026-12-04T01:10:00Z", "qualities": ["1.4.131"]}}}
 *
 * After a billing inquiry (MR-05, several ReadingTypes) the CIS lists each determinant it holds, by its ReadingType:
 *
 *   {"meters": {"M-1001": {"status": "read", "value": "5123.417", "readings": [{"readingType": "8.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "value": "5123.417"}, …]}}}
 */
export interface ClientReport {
  meters: Record<string, { status: 'read' | 'failed' | 'none'; value?: string; code?: string; intervals?: HeldInterval[]; timeStamp?: string; qualities?: string[]; readings?: HeldReading[] }>;
}

/** a reading of one ReadingType the CIS holds (MR-05: each billing determinant of the answer) */
export interface HeldReading {
  readingType: string;
  value: string;
}

/** an interval reading: the end of its interval (timeStamp) and its value */
export interface HeldInterval {
  end: string;
  value: string;
}

/** what the upper tester told the client to ask for */
export interface ClientOrder {
  /** "the CIS", "the OMS" (for the messages) */
  who: string;
  meters: readonly { mRID: string; usagePoint?: string }[];
  /** the ReadingTypes the order named; empty: any (the client's choice) */
  readingTypes: readonly string[];
  /** the noun of the request the client was told to send (absent: MeterReadings; EndDeviceEvents: the other UC-01 ping) */
  noun?: 'MeterReadings' | 'EndDeviceEvents';
  /** the period the client was told to ask for, [start, end) (MR-04, cis-history-request) */
  period?: { start: string; end: string };
  /** when the order was given (ms since the epoch) */
  at?: number;
  /** cis-switch-request: the command and its Annex F code (the request is create(EndDeviceControls), EDC-06 step 1) */
  control?: { command: string; controlType: string };
  /** the verb and noun of the request ordered where they are neither get nor a control (cis-auxiliary-agreement: create(AuxiliaryAgreementConfig)) */
  request?: { verb: string; noun: string };
  /** the peer the request goes to (absent: the MDM; HES: the head-end, EDC-07 cis-direct-switch-request) */
  peer?: 'MDM' | 'HES';
  /** cis-meter-service (MSR-01): the meter the CIS was told to install in place of the first meter of `meters` */
  newMeter?: string;
  /** cis-direct-switch-request: the time the switch was ordered for (ISO 8601) */
  switchAt?: string;
  /** cis-billing-request: the Reading/reason the CIS was told to give (billing or inquiry, MR-05) */
  reason?: string;
  /** cis-schedule-request: the scheduleInterval [start, end) and the recurrence ordered (MR-01; the request goes to the head-end) */
  schedule?: { start: string; end: string; periodSeconds: number };
}

const mk = ruleFinding;

/** a finding's expected / actual */
type Evidence = Pick<Finding, 'expected' | 'actual'>;

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '(none)');

/** the header layer of a client's request: a RequestMessage, conformant header, verb get, the noun of the order (MeterReadings) */
export function checkClientRequestHeader(wire: WireMessage | undefined, ctx: CheckContext, noun: string = 'MeterReadings', verb: string = 'get'): Finding[] {
  if (!wire) return [mk('ENV-STRUCTURE', `${ctx.label}: the request could not be read`, { file: ctx.label, expected: `a RequestMessage ${verb}(${noun})`, actual: 'a request that could not be read' })];
  const { msg, findings } = messageOf(wire, ctx);
  if (!msg) return [...findings, mk('ENV-KIND', `${ctx.label}: expected a RequestMessage, got a SOAP fault`, { file: ctx.label, expected: `a RequestMessage ${verb}(${noun})`, actual: 'a SOAP fault' })];
  const out = [...findings];
  if (msg.kind !== 'request') {
    out.push(mk('ENV-KIND', `${ctx.label}: expected a RequestMessage (${verb}), got ${msg.node.name}`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: `a RequestMessage ${verb}(${noun})`, actual: msg.node.name }));
    return out;
  }
  out.push(...checkHeader(msg, ctx));
  if (!msg.header) return [...out, mk('ENV-STRUCTURE', `${ctx.label}: the request has no Header`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: 'a Header', actual: 'no Header' })];
  out.push(...checkNoun(msg, noun, ctx));
  if (msg.header.verb !== verb) out.push(mk(noun === 'EndDeviceControls' ? 'EDC-CLIENT-CONTROL' : 'DOM-CLIENT-REQUEST', `${ctx.label}: Header/Verb is "${msg.header.verb}", expected "${verb}" (${verb}(${noun}))`, { file: ctx.label, line: msg.node.line, messageId: msg.header.messageId, expected: `Verb "${verb}"`, actual: `Verb "${msg.header.verb}"` }));
  return out;
}

/** the meters of the order the request does not name, and the ones it names that the order did not */
function meterDifferences(order: ClientOrder, named: readonly string[], f: (m: string, ea?: Evidence) => Finding): Finding[] {
  const out: Finding[] = [];
  const missing = order.meters.filter((m) => !named.includes(m.mRID) && !(m.usagePoint && named.includes(m.usagePoint))).map((m) => m.mRID);
  const extra = named.filter((id) => !order.meters.some((m) => m.mRID === id || m.usagePoint === id));
  const ea = { expected: `meters ${list(order.meters.map((m) => m.mRID))}`, actual: `names ${list(named)}` };
  if (missing.length) out.push(f(`the meter(s) ${list(missing)} ${order.who} was told to ask for are not named (the request names ${list(named)})`, ea));
  if (extra.length) out.push(f(`names ${list(extra)}, which ${order.who} was not told to ask for`, ea));
  return out;
}

/** the domain layer: the query names exactly the meters (and the ReadingType) of the order */
export function checkClientRead(msg: ParsedMessage | undefined, order: ClientOrder, label: string): Finding[] {
  if (order.control) return checkClientControl(msg, order, label);
  const f = (message: string, ea?: Evidence): Finding => mk('DOM-CLIENT-REQUEST', `${label}: ${message}`, { file: label, messageId: msg?.header?.messageId, ...ea });
  if (!msg) return [f('not a message that can be read', { expected: 'a readable request', actual: 'a message that could not be read' })];
  const out: Finding[] = [];
  const verb = msg.header?.verb ?? msg.wrapperVerb;
  const noun = msg.header?.noun ?? msg.wrapperNoun;
  const want = order.noun ?? 'MeterReadings';
  if (verb !== 'get' || noun !== want) out.push(f(`${verb ?? '?'}(${noun ?? '?'}) instead of get(${want})`, { expected: `get(${want})`, actual: `${verb ?? '?'}(${noun ?? '?'})` }));
  if (want === 'EndDeviceEvents') {
    const query = msg.request?.query;
    if (!query || query.name !== 'GetEndDeviceEvents' || query.ns !== GEDE) return [...out, f('no GetEndDeviceEvents query in Request: the ping asks for nothing', { expected: 'a GetEndDeviceEvents query', actual: query ? `a ${query.name} query` : 'no query' })];
    return [...out, ...meterDifferences(order, readGetEndDeviceEvents(query).meters, f)];
  }
  const q = msg.request?.query ? readGetMeterReadings(msg.request.query) : undefined;
  if (!q) return [...out, f('no GetMeterReadings query in Request: the request asks for nothing', { expected: 'a GetMeterReadings query', actual: msg.request?.query ? `a ${msg.request.query.name} query` : 'no query' })];
  out.push(...meterDifferences(order, [...(q.endDevices ?? []), ...(q.usagePoints ?? [])], f));
  if (order.readingTypes.length) {
    const rts = q.readingTypes ?? [];
    const rtMissing = order.readingTypes.filter((rt) => !rts.includes(rt));
    const rtExtra = rts.filter((rt) => !order.readingTypes.includes(rt));
    const ea = { expected: `ReadingTypes ${list(order.readingTypes)}`, actual: `ReadingTypes ${list(rts)}` };
    if (rtMissing.length) out.push(f(`the ReadingType(s) ${list(rtMissing)} ${order.who} was told to ask for are not named (the request names ${list(rts)})`, ea));
    if (rtExtra.length) out.push(f(`names ReadingType(s) ${list(rtExtra)}, which ${order.who} was not told to ask for`, ea));
  }
  return out;
}

/**
 * DOM-CLIENT-PING-WINDOW (CIM9-216, a warning by default): the get(EndDeviceEvents) ping carries a
 * TimeSchedule/scheduleInterval that starts before it ends and whose end is not before the order (less the clock skew):
 * a window that ends earlier cannot tell whether the meter is energised now
 */
export function checkPingWindow(msg: ParsedMessage | undefined, order: ClientOrder, ctx: Pick<CheckContext, 'assumptions' | 'skewSeconds' | 'label'>): Finding[] {
  const mode = ctx.assumptions['CIM9-216'] ?? 'warning';
  const severity = severityOf(mode, 'warning');
  if (!severity) return [];
  const f = (message: string, ea?: Evidence): Finding => mk('DOM-CLIENT-PING-WINDOW', `${ctx.label}: ${message}`, { severity, file: ctx.label, messageId: msg?.header?.messageId, assumptions: { 'CIM9-216': mode }, ...ea });
  const query = msg?.request?.query;
  // nothing to check the window of: not a pass
  if (!query || query.name !== 'GetEndDeviceEvents' || query.ns !== GEDE) return [mk('DOM-CLIENT-REQUEST', `${ctx.label}: no GetEndDeviceEvents query in Request: the ping has no window to check`, { file: ctx.label, messageId: msg?.header?.messageId, expected: 'a GetEndDeviceEvents query', actual: query ? `a ${query.name} query` : 'no query' })];
  const q = readGetEndDeviceEvents(query);
  if (q.start === undefined && q.end === undefined) return [f('the ping carries no TimeSchedule/scheduleInterval: it does not say which events tell the meters\' present state', { expected: 'TimeSchedule/scheduleInterval', actual: 'none' })];
  const s = parseDateTime(q.start);
  const e = parseDateTime(q.end);
  if (!s || !e) return [f(`the ping's scheduleInterval needs a start and an end date-time (start ${q.start ?? '(none)'}, end ${q.end ?? '(none)'})`, { expected: 'start and end, xs:dateTime', actual: `start ${q.start ?? '(none)'}, end ${q.end ?? '(none)'}` })];
  const out: Finding[] = [];
  if (s.ms >= e.ms) out.push(f(`the ping's scheduleInterval starts at ${s.text}, not before its end ${e.text}`, { expected: 'start before end', actual: `start ${s.text}, end ${e.text}` }));
  if (order.at !== undefined && e.ms < order.at - ctx.skewSeconds * 1000) {
    out.push(f(`the ping's scheduleInterval ends at ${e.text}, before ${order.who} was told to ping (${new Date(order.at).toISOString()}, ${ctx.skewSeconds} s clock skew allowed): it cannot tell whether the meters are energised now`, { expected: `an end not before ${new Date(order.at - ctx.skewSeconds * 1000).toISOString()}`, actual: `end ${e.text}` }));
  }
  return out;
}

/**
 * DOM-CLIENT-PERIOD: the request for the historical data of [start, end) carries a time range (Reading/timePeriod, else
 * Request/StartTime and EndTime) that starts before it ends and covers the period; CIM9-217 = exact: that period exactly
 * (the default, covers, notes a wider one as info)
 */
export function checkClientPeriod(msg: ParsedMessage | undefined, order: ClientOrder, ctx: Pick<CheckContext, 'assumptions' | 'label'>): Finding[] {
  const want = order.period;
  if (!want) throw new Error('checkClientPeriod: the order named no period');
  const mode = ctx.assumptions['CIM9-217'] === 'exact' ? 'exact' : 'covers';
  const f = (message: string, severity: 'error' | 'info' = 'error', actual?: string): Finding =>
    mk('DOM-CLIENT-PERIOD', `${ctx.label}: ${message}`, { severity, file: ctx.label, messageId: msg?.header?.messageId, assumptions: { 'CIM9-217': mode }, expected: mode === 'exact' ? `exactly ${ordered}` : `a range covering ${ordered}`, ...(actual !== undefined ? { actual } : {}) });
  const q = msg?.request?.query ? readGetMeterReadings(msg.request.query) : undefined;
  const range = q?.timePeriod ?? (msg?.request?.startTime || msg?.request?.endTime ? { start: msg.request.startTime, end: msg.request.endTime } : undefined);
  const ordered = `[${want.start}, ${want.end})`;
  if (!range) return [f(`the request carries no time range (Reading/timePeriod, or Request/StartTime and EndTime): it does not ask for the period ${ordered} ${order.who} was told to ask for`, 'error', 'no time range')];
  const s = parseDateTime(range.start);
  const e = parseDateTime(range.end);
  if (!s || !e) return [f(`the request's time range needs a start and an end date-time (start ${range.start ?? '(none)'}, end ${range.end ?? '(none)'}); ${order.who} was told to ask for ${ordered}`, 'error', `start ${range.start ?? '(none)'}, end ${range.end ?? '(none)'}`)];
  if (s.ms >= e.ms) return [f(`the request's time range starts at ${s.text}, not before its end ${e.text}`, 'error', `[${s.text}, ${e.text})`)];
  const ws = Date.parse(want.start);
  const we = Date.parse(want.end);
  const asked = `[${s.text}, ${e.text})`;
  if (s.ms > ws || e.ms < we) return [f(`the request asks for ${asked}, which does not cover the period ${ordered} ${order.who} was told to ask for: the data of ${s.ms > ws ? `${want.start} to ${s.text}` : `${e.text} to ${want.end}`} is not asked for`, 'error', asked)];
  if (s.ms === ws && e.ms === we) return [];
  if (mode === 'exact') return [f(`the request asks for ${asked}, not exactly the period ${ordered} ${order.who} was told to ask for (CIM9-217 = exact)`, 'error', asked)];
  return [f(`the request asks for ${asked}, wider than the period ${ordered} ${order.who} was told to ask for (accepted: CIM9-217 = covers)`, 'info', asked)];
}

/** the answer of the suite's peer to the request: a refusal (FAILED, PARTIAL, a SOAP fault) is a finding against the request */
export function checkPeerTook(answer: ParsedMessage | undefined, fault: string | undefined, label: string, peer: 'MDM' | 'head-end' = 'MDM'): Finding[] {
  const f = (message: string, actual: string): Finding => mk('DOM-CLIENT-REQUEST', `${label}: ${message}`, { file: label, expected: `a request the ${peer} takes (Result OK)`, actual });
  if (fault !== undefined) return [f(`the ${peer} the suite plays could not read the request and answered a SOAP fault: ${fault}`, 'a SOAP fault')];
  const result = answer?.reply?.result;
  if (!result) throw new Error('checkPeerTook: the answer of the suite carries no Result');
  if (result === 'OK') return [];
  const why = (answer?.reply?.errors ?? []).map((e) => `${e.code ?? '?'} ${e.reason ?? ''}`.trim()).join('; ');
  return [f(`the ${peer} the suite plays answered Result ${result}${why ? ` (${why})` : ''}: the request is not one a conformant ${peer} can take`, `Result ${result}${why ? ` (${why})` : ''}`)];
}

/** what the MDM the suite plays gave a meter in its answer: a reading (its value), interval readings, or an Error (its code) */
export type AnswerOutcome = { kind: 'read'; value: string } | { kind: 'intervals'; intervals: HeldInterval[] } | { kind: 'failed'; code: string };

/** per meter of the order, what the answer gave it (a FAILED answer: the code of its first Error for every meter without one of its own) */
export function outcomesOfAnswer(answer: ParsedMessage | undefined, order: ClientOrder): Map<string, AnswerOutcome> {
  const out = new Map<string, AnswerOutcome>();
  const root = answer?.payload?.root;
  const readings = root && root.name === 'MeterReadings' ? readMeterReadings(root).meterReadings : [];
  const errors = answer?.reply?.errors ?? [];
  for (const m of order.meters) {
    const same = (id: string | undefined) => id !== undefined && (id === m.mRID || id === m.usagePoint);
    const r = readings.find((x) => same(x.meter?.mRID) || same(x.usagePoint?.mRID));
    const value = r?.readings?.[0]?.value;
    if (value !== undefined) {
      out.set(m.mRID, { kind: 'read', value });
      continue;
    }
    const intervals = (r?.intervalBlocks ?? []).flatMap((b) => b.readings.flatMap((x) => (x.timeStamp !== undefined && x.value !== undefined ? [{ end: x.timeStamp, value: x.value }] : [])));
    if (intervals.length) {
      out.set(m.mRID, { kind: 'intervals', intervals });
      continue;
    }
    const e = errors.find((x) => same(x.id?.value));
    if (e) out.set(m.mRID, { kind: 'failed', code: e.code });
    else if (answer?.reply?.result === 'FAILED') out.set(m.mRID, { kind: 'failed', code: errors[0]?.code ?? '(none)' });
  }
  return out;
}

/**
 * DOM-CLIENT-OUTCOME: what the CIS holds (its upper tester's report) against what the answer gave. A meter read: held
 * as read with the same value (numerically); held otherwise is CIM9-219 (a warning by default) in a PARTIAL answer. A
 * meter failed: never held as read; with CIM9-218 = failed, held as failed. Nothing to compare (no meter of the order
 * has an outcome in the answer) is a fault of the suite: the caller has checked the Result first.
 */
export function checkClientOutcome(report: ClientReport, outcomes: ReadonlyMap<string, AnswerOutcome>, result: string, order: ClientOrder, ctx: Pick<CheckContext, 'assumptions' | 'label'>): Finding[] {
  if (!outcomes.size) throw new Error('checkClientOutcome: the answer gave no meter of the order an outcome');
  const must = ctx.assumptions['CIM9-218'] === 'failed' ? 'failed' : 'not-read';
  const keepMode = ctx.assumptions['CIM9-219'] ?? 'warning';
  const keepSeverity = severityOf(keepMode, 'warning');
  const f = (message: string, severity: 'error' | 'warning' | 'info' = 'error', assumptions?: Record<string, string>, ea?: Evidence): Finding =>
    mk('DOM-CLIENT-OUTCOME', `${ctx.label}: ${message}`, { severity, file: ctx.label, ...(assumptions ? { assumptions } : {}), ...ea });
  const out: Finding[] = [];
  for (const [meter, got] of outcomes) {
    const held = report.meters[meter] ?? { status: 'none' as const };
    const heldText = held.status === 'read' ? `read, value ${held.value ?? '(none)'}` : held.status === 'failed' ? `failed${held.code ? ` (${held.code})` : ''}` : 'nothing';
    if (got.kind === 'intervals') {
      // a PARTIAL answer's intervals dropped altogether: CIM9-219, as for a reading (one kept otherwise than given: a failure)
      if (result === 'PARTIAL' && !(held.status === 'read' && held.intervals?.length)) {
        if (keepSeverity) out.push(f(`${order.who} holds ${held.status === 'failed' ? 'meter ' + meter + ' as failed' : 'no interval reading'} for meter ${meter}, whose ${got.intervals.length} interval reading(s) the PARTIAL answer gave: it keeps none of the data a PARTIAL answer returns`, keepSeverity, { 'CIM9-219': keepMode }, { expected: `meter ${meter}: the ${got.intervals.length} interval reading(s) given`, actual: `meter ${meter}: ${heldText}` }));
        continue;
      }
      out.push(...checkHeldIntervals(held, got.intervals, meter, result, order, (m, ea) => f(m, 'error', undefined, ea)));
      continue;
    }
    if (got.kind === 'read') {
      if (held.status === 'read') {
        if (held.value === undefined || Number(held.value) !== Number(got.value)) out.push(f(`${order.who} holds ${heldText} for meter ${meter}, but the answer (Result ${result}) gave the reading ${got.value}`, 'error', undefined, { expected: `meter ${meter}: read, value ${got.value}`, actual: `meter ${meter}: ${heldText}` }));
      } else if (result === 'PARTIAL') {
        if (keepSeverity) out.push(f(`${order.who} holds ${heldText} for meter ${meter}, whose reading ${got.value} the PARTIAL answer gave: it keeps none of the data a PARTIAL answer returns`, keepSeverity, { 'CIM9-219': keepMode }, { expected: `meter ${meter}: read, value ${got.value}`, actual: `meter ${meter}: ${heldText}` }));
      } else {
        out.push(f(`${order.who} holds ${heldText} for meter ${meter}, whose reading ${got.value} the answer (Result ${result}) gave`, 'error', undefined, { expected: `meter ${meter}: read, value ${got.value}`, actual: `meter ${meter}: ${heldText}` }));
      }
      continue;
    }
    if (held.status === 'read') out.push(f(`${order.who} holds meter ${meter} as read (value ${held.value ?? '(none)'}), but the answer (Result ${result}) names it in an Error (${got.code}): it takes a failed item as done`, 'error', { 'CIM9-218': must }, { expected: `meter ${meter}: ${must === 'failed' ? 'failed' : 'not read'}`, actual: `meter ${meter}: ${heldText}` }));
    else if (must === 'failed' && held.status !== 'failed') out.push(f(`${order.who} holds nothing for meter ${meter}, which the answer (Result ${result}) names in an Error (${got.code}): it does not know the meter failed (CIM9-218 = failed)`, 'error', { 'CIM9-218': must }, { expected: `meter ${meter}: failed`, actual: `meter ${meter}: ${heldText}` }));
  }
  return out;
}

const sameTime = (a: string, b: string): boolean => a === b || (Number.isFinite(Date.parse(a)) && Date.parse(a) === Date.parse(b));
const sameNumber = (a: string, b: string): boolean => a.trim() !== '' && Number(a) === Number(b);

/**
 * DOM-CLIENT-OUTCOME for interval data: the CIS holds every interval reading the answer gave (matched by the end of its
 * interval) with the same value, and no interval the answer did not give. A few of each kind are named.
 */
function checkHeldIntervals(
  held: ClientReport['meters'][string],
  given: readonly HeldInterval[],
  meter: string,
  result: string,
  order: ClientOrder,
  f: (message: string, ea?: Evidence) => Finding,
): Finding[] {
  const kept = held.status === 'read' ? (held.intervals ?? []) : [];
  if (!kept.length) return [f(`${order.who} holds ${held.status === 'failed' ? 'meter ' + meter + ' as failed' : 'no interval reading'} for meter ${meter}, whose ${given.length} interval reading(s) the answer (Result ${result}) gave`, { expected: `meter ${meter}: ${given.length} interval reading(s)`, actual: `meter ${meter}: ${held.status === 'failed' ? 'failed' : 'none'}` })];
  const out: Finding[] = [];
  const missing = given.filter((g) => !kept.some((k) => sameTime(k.end, g.end)));
  const changed = given.flatMap((g) => {
    const k = kept.find((x) => sameTime(x.end, g.end));
    return k && !sameNumber(k.value, g.value) ? [`${g.end}: holds ${k.value}, the answer gave ${g.value}`] : [];
  });
  const extra = kept.filter((k) => !given.some((g) => sameTime(k.end, g.end)));
  const first = (xs: readonly string[]) => `${xs.slice(0, 3).join('; ')}${xs.length > 3 ? `; and ${xs.length - 3} more` : ''}`;
  if (missing.length) out.push(f(`${order.who} holds ${kept.length} of the ${given.length} interval readings of meter ${meter} the answer (Result ${result}) gave; missing the intervals ending ${first(missing.map((m) => m.end))}`, { expected: `meter ${meter}: ${given.length} interval reading(s)`, actual: `${kept.length} held, missing ${first(missing.map((m) => m.end))}` }));
  if (changed.length) out.push(f(`${order.who} holds other values than the answer gave for ${changed.length} interval(s) of meter ${meter}: ${first(changed)}`, { expected: `meter ${meter}: the values given`, actual: first(changed) }));
  if (extra.length) out.push(f(`${order.who} holds ${extra.length} interval reading(s) of meter ${meter} the answer did not give (ending ${first(extra.map((e) => e.end))})`, { expected: `meter ${meter}: ${given.length} interval reading(s), no other`, actual: `${extra.length} more, ending ${first(extra.map((e) => e.end))}` }));
  return out;
}

/**
 * EDC-CLIENT-CONTROL (use-cases.md §4.6 EDC-06 step 1, UC-20 = EndDeviceControls in 2013 / 2024): the CIS told to have
 * a meter disconnected (connected) sends the MDM create(EndDeviceControls) with a control of the Annex F code of the
 * command (3.31.0.23 / 3.31.0.18) naming exactly the meter of the order, and no control of another code
 */
export function checkClientControl(msg: ParsedMessage | undefined, order: ClientOrder, label: string): Finding[] {
  const want = order.control;
  if (!want) throw new Error('checkClientControl: the order named no command');
  const f = (message: string, ea?: Evidence): Finding => mk('EDC-CLIENT-CONTROL', `${label}: ${message}`, { file: label, messageId: msg?.header?.messageId, ...ea });
  if (!msg) return [f('not a message that can be read', { expected: 'a readable request', actual: 'a message that could not be read' })];
  const verb = msg.header?.verb ?? msg.wrapperVerb;
  const noun = msg.header?.noun ?? msg.wrapperNoun;
  const root = msg.payload?.root;
  if (verb !== 'create' || noun !== 'EndDeviceControls' || !root || root.name !== 'EndDeviceControls') return [f(`${verb ?? '?'}(${noun ?? '?'})${root ? '' : ' without a payload'} instead of create(EndDeviceControls) with the ${want.command} of the meter`, { expected: `create(EndDeviceControls), control ${want.controlType}`, actual: `${verb ?? '?'}(${noun ?? '?'})${root ? '' : ', no payload'}` })];
  const controls = readEndDeviceControls(root);
  const out: Finding[] = [];
  const others = controls.filter((c) => c.controlType.trim() !== want.controlType);
  if (others.length) out.push(f(`carries the control(s) ${list(others.map((c) => c.controlType.trim() || '(none)'))}, not the ${want.command} ${want.controlType} ${order.who} was told to ask for`, { expected: `controls ${want.controlType} only`, actual: `controls ${list(controls.map((c) => c.controlType.trim() || '(none)'))}` }));
  const mine = controls.filter((c) => c.controlType.trim() === want.controlType);
  if (!mine.length) return out.length ? out : [f(`carries no control ${want.controlType} (${want.command})`, { expected: `control ${want.controlType}`, actual: 'none' })];
  const named = mine.flatMap((c) => (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)])).filter((x): x is string => !!x);
  out.push(...meterDifferences(order, named, f));
  return out;
}

/**
 * DOM-CLIENT-ASYNC: the request of a CIS told to ask asynchronously (cis-async-read-request, P1a) carries
 * AsyncReplyFlag true and a ReplyAddress that is an absolute http or https URL
 */
export function checkClientAsync(msg: ParsedMessage | undefined, label: string, peer: 'MDM' | 'head-end' = 'MDM'): Finding[] {
  const h = msg?.header;
  const out: Finding[] = [];
  if (!h) return [mk('DOM-CLIENT-ASYNC', `${label}: no Header to read AsyncReplyFlag and ReplyAddress from`, { file: label, expected: 'a Header with AsyncReplyFlag true and a ReplyAddress', actual: 'no Header' })];
  if (h.asyncReplyFlag !== true) out.push(mk('DOM-CLIENT-ASYNC', `${label}: AsyncReplyFlag is ${h.asyncReplyFlag === undefined ? 'absent' : String(h.asyncReplyFlag)}, the CIS was told to ask asynchronously`, { file: label, expected: 'AsyncReplyFlag true', actual: `AsyncReplyFlag ${h.asyncReplyFlag === undefined ? 'absent' : String(h.asyncReplyFlag)}` }));
  const a = h.replyAddress?.trim();
  if (!a) out.push(mk('DOM-CLIENT-ASYNC', `${label}: no ReplyAddress: the ${peer} has nowhere to send the result`, { file: label, expected: 'a ReplyAddress (an absolute http or https URL)', actual: 'no ReplyAddress' }));
  else if (!/^https?:\/\//i.test(a) || !URL.canParse(a)) out.push(mk('DOM-CLIENT-ASYNC', `${label}: the ReplyAddress ${JSON.stringify(a.slice(0, 200))} is not an absolute http or https URL`, { file: label, expected: 'an absolute http or https URL', actual: `ReplyAddress ${JSON.stringify(a)}` }));
  return out;
}

/**
 * EDC-CLIENT-TIME (use-cases.md §4.6 step 3: the optional primaryDeviceTiming/interval/start is the requested time;
 * ECITP 2.09: a disconnect at a date/time): the control of a CIS told to have the meter switched at `order.switchAt`
 * names that time, to the second; a control without a time is judged by CIM9-303 (`mode`: warning by default)
 */
export function checkClientSwitchTime(msg: ParsedMessage | undefined, order: ClientOrder, mode: string, label: string): Finding[] {
  const want = order.switchAt;
  const control = order.control;
  if (!want || !control) throw new Error('checkClientSwitchTime: the order named no switch time');
  const root = msg?.payload?.root;
  // a request that is not the control is EDC-CLIENT-CONTROL's finding
  if (!root || root.name !== 'EndDeviceControls') return [];
  const mine = readEndDeviceControls(root).filter((c) => c.controlType.trim() === control.controlType);
  if (!mine.length) return [];
  const wantMs = Date.parse(want);
  const out: Finding[] = [];
  for (const c of mine) {
    const start = c.primaryDeviceTiming?.interval?.start?.trim();
    const where = `the ${control.command} control${c.mRID ? ` ${c.mRID}` : ''}`;
    if (!start) {
      const sev = severityOf(mode, 'warning');
      if (sev) out.push(mk('EDC-CLIENT-TIME', `${label}: ${where} names no time (primaryDeviceTiming/interval/start); ${order.who} was told to have the meter switched at ${want} (CIM9-303 = ${mode})`, { severity: sev, file: label, assumptions: { 'CIM9-303': mode }, expected: `interval/start ${want}`, actual: 'no time' }));
      continue;
    }
    const at = instantMs(start);
    if (at === undefined || Math.abs(at - wantMs) >= 1000) {
      out.push(mk('EDC-CLIENT-TIME', `${label}: ${where} asks for the switch at ${JSON.stringify(start.slice(0, 64))}, not at ${want}, the time ${order.who} was told`, { file: label, expected: `interval/start ${want}`, actual: `interval/start ${start}` }));
    }
  }
  return out;
}

/** what the result told the CIS of its switch: carried out, or failed */
export type SwitchResultKind = 'done' | 'failed';

/**
 * EDC-CLIENT-SWITCH-OUTCOME (use-cases.md §4.7; the upper-tester report cis-report-switch): after the head-end's result
 * of its direct connect / disconnect, the CIS holds each meter of the order in the state the result gave — the command's
 * state (disconnected / connected) after a result of a switch carried out (pending or unknown: a warning; the other
 * state or failed: a failure); after a failure result never the command's state, and (CIM9-302 = failed) failed
 */
export function checkClientSwitchOutcome(report: { meters: Record<string, { state: string }> }, order: ClientOrder, result: SwitchResultKind, mode: string, label: string): Finding[] {
  const control = order.control;
  if (!control) throw new Error('checkClientSwitchOutcome: the order named no command');
  const commanded = control.command === 'disconnect' ? 'disconnected' : 'connected';
  const out: Finding[] = [];
  const f = (message: string, severity: Finding['severity'] | undefined, assumptions: Record<string, string> | undefined, ea: Evidence) =>
    mk('EDC-CLIENT-SWITCH-OUTCOME', `${label}: ${message}`, { file: label, ...(severity ? { severity } : {}), ...(assumptions ? { assumptions } : {}), ...ea });
  for (const m of order.meters) {
    const state = report.meters[m.mRID]?.state ?? (m.usagePoint ? report.meters[m.usagePoint]?.state : undefined) ?? 'unknown';
    if (result === 'done') {
      if (state === commanded) continue;
      const ea = { expected: `meter ${m.mRID}: ${commanded}`, actual: `meter ${m.mRID}: ${state}` };
      if (state === 'pending' || state === 'unknown') out.push(f(`${order.who} holds meter ${m.mRID} ${state}, though the head-end's result told it the ${control.command} was carried out (${commanded})`, 'warning', undefined, ea));
      else out.push(f(`${order.who} holds meter ${m.mRID} ${state}, though the head-end's result told it the ${control.command} was carried out (${commanded})`, undefined, undefined, ea));
    } else if (state === commanded) {
      out.push(f(`${order.who} holds meter ${m.mRID} ${commanded}, though the head-end's result told it the ${control.command} failed`, undefined, { 'CIM9-302': mode }, { expected: `meter ${m.mRID}: not ${commanded}${mode === 'failed' ? ' (failed)' : ''}`, actual: `meter ${m.mRID}: ${commanded}` }));
    } else if (mode === 'failed' && state !== 'failed') {
      out.push(f(`${order.who} holds meter ${m.mRID} ${state}, not failed, though the head-end's result told it the ${control.command} failed (CIM9-302 = failed)`, undefined, { 'CIM9-302': mode }, { expected: `meter ${m.mRID}: failed`, actual: `meter ${m.mRID}: ${state}` }));
    }
  }
  return out;
}
