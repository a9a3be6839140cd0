/**
 * The suite as RESPONDER: the peers of the SUT the suite plays answer the requests the SUT sends them at the
 * listener (src/session/run.ts LISTENER_PATHS, one path per role). The head-end behind an MDM SUT (P6 relay,
 * MR-03 step 2–3) answers get(MeterReadings) with known register values (`headEndRegisterValue`), so that a scenario
 * can check that the MDM relays exactly those; the MDM a client SUT (CIS, OMS) asks answers its get(MeterReadings)
 * the same way (`answerAsMdm`, features/client-requests.feature).
 *
 * Every answer is built with src/message. A request the peer cannot take is refused the way a validating server
 * does (envelope.md §6, Annex B): unreadable → SOAP Client fault (FaultMessage with 1.8); Verb or Noun missing → 1.5;
 * schema-invalid → 1.8; a noun the peer does not serve → 2.5, a verb it does not serve for the noun → 2.9;
 * unsupported ReadingType → 2.10; an unknown meter → 2.4. The scenario that caused the request checks it with the
 * three layers. The head-end also takes create(EndDeviceControls) for meters it knows (EDC-03: the MDM reprograms a
 * meter after a change of customer program; the controls an MDM passes on for its CIS or DRMS, relayed-controls). A refusal of the request as a request (SOAP fault, 1.5, 1.8, 2.5, 2.9) is also returned as
 * `refused`, which the World makes an ENV-PEER-REFUSED finding of that scenario. The meters the head-end does not
 * reach in a scenario (`unreachable`, the relayed ping of EDE-02) are answered with 4.1.
 */
import { buildEnvelope, newMessageId, nowTimestamp, PREFIXES, readMessage, soapFault, toSoap, type BuildGeneration, type ErrorItem, type Message, type ParsedMessage, type SoapVersion } from '../message/index.ts';
import { serializeXml } from '../xml/index.ts';
import { buildMeterReadings, type MeterReadingValue } from '../payloads/meterReadings.ts';
import { buildEndDeviceEvents, GEDE, readGetEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { measuringPeriodSeconds } from '../codes/index.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readMeterReadSchedule } from '../payloads/meterReadSchedules.ts';
import { readEndDeviceGroups } from '../payloads/endDeviceGroups.ts';
import { planReadingsAnswer } from './readings-answer.ts';
import { PEER_DEFAULTS } from '../profile/index.ts';

/**
 * the register ReadingTypes the MDM the suite plays answers a client SUT: the register, then the billing determinants of
 * the profile (data.readingTypes.billing, MR-05.C1 / .C2), each once
 */
export function mdmReadingTypes(rts: { register: string; billing?: readonly string[] }): string[] {
  return [...new Set([rts.register, ...(rts.billing ?? [])])];
}

export interface PeerSettings {
  /** the generation the suite speaks (the profile's edition) */
  generation: BuildGeneration;
  /** the meters of the profile (data.meters): the ones the suite's head-end knows */
  meters: readonly { mRID: string; usagePoint?: string }[];
  /** the ReadingTypes the suite's head-end reads (data.readingTypes.register) */
  readingTypes: readonly string[];
  /**
   * the interval ReadingTypes the MDM the suite plays answers historical data of (data.readingTypes.interval, MR-04):
   * IntervalBlocks over the period asked for. The head-end the suite plays reads registers only.
   */
  intervalReadingTypes?: readonly string[];
  /** the schema layer: error messages of a request that does not validate (empty when valid) */
  schemaErrors(body: Buffer): string[];
  maxBytes: number;
  /**
   * the meters the suite's head-end does not reach in this scenario (a ping of the OMS relayed by the MDM, EDE-02):
   * each is answered with Error 4.1 (request timed out) instead of a reading, the reply PARTIAL (FAILED when none is
   * reached)
   */
  unreachable?: readonly string[];
  /**
   * the meters whose read the suite's head-end withholds in this scenario (a missing final / initial read after a
   * switch, ECITP 2.09): each is answered with Error 5.7 (data unavailable) instead of a reading, PARTIAL / FAILED as
   * for `unreachable`
   */
  readsWithheld?: readonly string[];
  /** the meters whose register reads it returns without their value in this scenario (an incomplete read, ECITP 2.09) */
  readsIncomplete?: readonly string[];
  /**
   * the head-end the suite plays: the most intervals of one message of interval data (the profile's
   * peers.HES.pageIntervals); a larger range is paged. Default HEAD_END_PAGE_INTERVALS
   */
  pageIntervals?: number;
}

export interface PeerAnswer {
  status: number;
  xml: string;
  /**
   * the later pages of a paged answer (MR-04, the head-end the suite plays answering a large range of interval data,
   * PeerSettings.pageIntervals per page): each a reply(MeterReadings) with the request's CorrelationID, to be sent to
   * `url` (the request's ReplyAddress) one after another once the answer (the first page) has been given
   */
  later?: { url: string; pages: string[] };
  /**
   * the request could not be taken as a request (unreadable, a SOAP fault, Verb or Noun missing, schema-invalid, a noun
   * or verb the peer does not serve): the Annex B code of the refusal (or
   * `SOAP-fault`) and its reason. A finding against the SUT in the scenario that caused the request
   * (src/session/world.ts). Absent for an answer about the data (an unknown meter, 2.4): the scenario judges those.
   */
  refused?: { code: string; reason: string };
}

/**
 * the register value (kWh, three decimals) the suite's head-end reads for a meter: deterministic, and never a value
 * the reference SUT's own store holds (its register values are multiples of 0.25), so that an MDM answering from its
 * store instead of relaying is seen
 */
export function headEndRegisterValue(meter: string): string {
  let h = 0;
  for (const ch of meter) h = (h * 33 + ch.charCodeAt(0)) % 100_003;
  return (5000 + (h % 4000) + 0.417).toFixed(3);
}

/**
 * the most intervals the head-end the suite plays returns in one message (MR-04) unless the profile says otherwise
 * (peers.HES.pageIntervals, PeerSettings.pageIntervals): a larger range is answered in pages, the first in the reply
 * (Result PARTIAL, 0.1), the later ones at the request's ReplyAddress (0.1 … the last 0.2, CIM9-250 / CIM9-251);
 * without a ReplyAddress it is refused with 3.1 (too many items for one message)
 */
export const HEAD_END_PAGE_INTERVALS = PEER_DEFAULTS.HES.pageIntervals;

/** the page size of the head-end the suite plays under `settings` (a whole number of intervals, at least 1) */
export function pageIntervalsOf(settings: Pick<PeerSettings, 'pageIntervals'>): number {
  const n = settings.pageIntervals;
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : HEAD_END_PAGE_INTERVALS;
}

/** the most intervals the MDM the suite plays returns in one answer; a longer period is refused with 3.1 (too many items) */
export const MAX_INTERVALS = 10_000;

/** a deterministic interval value (kWh, three decimals) of a meter at the end of an interval */
export function intervalValue(meter: string, endMs: number): string {
  let h = 0;
  for (const ch of meter) h = (h * 31 + ch.charCodeAt(0)) % 10_007;
  return ((h + Math.floor(endMs / 60_000)) % 997 / 1000 + 0.125).toFixed(3);
}

/**
 * the ends of the intervals of [start, end) (MR-06: an interval's timeStamp is its end; the period includes its start
 * and excludes its end): the intervals aligned to their length that lie wholly inside the period
 */
function intervalEnds(startMs: number, endMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs + stepMs; t <= endMs && out.length <= MAX_INTERVALS; t += stepMs) out.push(t);
  return out;
}

/** the head-end's ReadingType readings for the meters it knows, as a MeterReadings payload (interval ReadingTypes of the MDM: IntervalBlocks over the window) */
function readingsPayload(meters: readonly string[], settings: PeerSettings, readingTypes: readonly string[], at: Date, window?: { start?: string; end?: string }): Message['payload'] {
  const rts = readingTypes.length ? readingTypes : settings.readingTypes.slice(0, 1);
  const timeStamp = nowTimestamp(() => at);
  const isInterval = (rt: string) => (settings.intervalReadingTypes ?? []).includes(rt);
  const start = window?.start ? Date.parse(window.start) : NaN;
  const end = window?.end ? Date.parse(window.end) : at.getTime();
  const incomplete = new Set(settings.readsIncomplete ?? []);
  return {
    root: buildMeterReadings({
      meterReadings: meters.map((id): MeterReadingValue => {
        const m = settings.meters.find((x) => x.mRID === id || x.usagePoint === id)!;
        const registers = rts.filter((rt) => !isInterval(rt));
        const intervals = rts.filter(isInterval);
        return {
          meter: { mRID: m.mRID },
          ...(m.usagePoint ? { usagePoint: { mRID: m.usagePoint } } : {}),
          ...(registers.length ? { readings: registers.map((rt) => ({ readingType: rt, ...(incomplete.has(m.mRID) ? {} : { value: headEndRegisterValue(m.mRID) }), timeStamp, reason: 'inquiry' })) } : {}),
          ...(intervals.length
            ? {
                intervalBlocks: intervals.map((rt) => ({
                  readingType: rt,
                  readings: intervalEnds(start, end, (measuringPeriodSeconds(rt) ?? 900) * 1000).map((t) => ({ timeStamp: nowTimestamp(() => new Date(t)), value: intervalValue(m.mRID, t) })),
                })),
              }
            : {}),
        };
      }),
    }),
  };
}

/** the reply of the peer to a request it read */
function response(req: ParsedMessage, noun: string, result: 'OK' | 'PARTIAL' | 'FAILED', errors: ErrorItem[], settings: PeerSettings, payload?: Message['payload']): Message {
  const h = req.header;
  return {
    kind: 'response',
    generation: settings.generation,
    form: req.form === 'generic' ? 'generic' : 'wrapper',
    query: req.queryWrapper,
    header: { verb: 'reply', noun, timestamp: nowTimestamp(), source: 'cim9', messageId: newMessageId(), correlationId: h?.correlationId ?? h?.messageId },
    reply: { result, errors },
    payload,
  };
}

/** what the head-end the suite plays answers to one request of the SUT */
export function answerAsHeadEnd(body: Buffer, version: SoapVersion, settings: PeerSettings, now = new Date()): PeerAnswer {
  return answerReadRequest(body, version, settings, 'the head-end the suite plays', now, 'HES');
}

/**
 * what the MDM the suite plays answers to one request of a client SUT (a CIS asking for a reading, MR-03 step 1; an
 * OMS pinging meters, EDE-02 step 1): get(MeterReadings) answered like the head-end does, with its known register
 * values (the MDM of a client answers from what it holds; where they came from is not the client's concern)
 */
export function answerAsMdm(body: Buffer, version: SoapVersion, settings: PeerSettings, now = new Date()): PeerAnswer {
  return answerReadRequest(body, version, settings, 'the MDM the suite plays', now, 'MDM');
}

function answerReadRequest(body: Buffer, version: SoapVersion, settings: PeerSettings, who: string, now: Date, peer: 'HES' | 'MDM'): PeerAnswer {
  const controls = peer === 'HES';
  const read = readMessage(body, { maxBytes: settings.maxBytes });
  const out = (m: Message): PeerAnswer => ({ status: 200, xml: toSoap(m, version).xml });
  if (!read.ok || !read.wire.message || read.wire.message.problems.length) {
    const reason = !read.ok ? read.problem.message : read.wire.message ? read.wire.message.problems.join('; ') : read.wire.fault ? 'a SOAP fault is not a request' : 'no message in the SOAP Body';
    // the 2011 draft's FaultMessage is empty (envelope.md §2): no Reply in the detail then
    const detail = settings.generation === 'draft-2011' ? undefined : buildEnvelope({ kind: 'fault', noun: 'MeterReadings', form: 'generic', reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL', reason }] } });
    return { status: 500, xml: serializeXml(soapFault(version, 'Client', reason, detail), { prefixes: PREFIXES }), refused: { code: 'SOAP-fault', reason } };
  }
  const req = read.wire.message;
  const h = req.header;
  const noun = h?.noun || req.wrapperNoun || 'MeterReadings';
  const failed = (code: string, reason: string) => out(response(req, noun, 'FAILED', [{ code, level: 'FATAL', reason }], settings));
  const refuse = (code: string, reason: string): PeerAnswer => ({ ...failed(code, reason), refused: { code, reason } });
  if (!h?.verb || !h.noun) return refuse('1.5', 'mandatory Header element Verb or Noun missing');
  const schema = settings.schemaErrors(body);
  if (schema.length) return refuse('1.8', `request does not validate: ${schema[0]}`);
  // the MDM of a CIS takes its connect / disconnect (EDC-06 step 1, create(EndDeviceControls)) as the head-end takes controls
  if ((controls || peer === 'MDM') && noun === 'EndDeviceControls') {
    if (h.verb === 'cancel') return out(answerCancel(req, settings));
    if (h.verb !== 'create') return refuse('2.9', `verb ${h.verb} is not supported for EndDeviceControls by ${who}`);
    return out(answerControls(req, settings));
  }
  // the auxiliary agreement a CIS creates at its MDM (PM-01, 2013, reconstructed CIM9-270): acknowledged, kept nowhere
  if (peer === 'MDM' && noun === 'AuxiliaryAgreementConfig') {
    if (h.verb !== 'create') return refuse('2.9', `verb ${h.verb} is not supported for AuxiliaryAgreementConfig by ${who}`);
    return out(response(req, noun, 'OK', [], settings));
  }
  // the CIS, the new supplier, tells its MDM of a switch (CS-01, 2013): the change of supplier of the usage point and the
  // link of the customer account, acknowledged and kept nowhere; the scenario judges them
  if (peer === 'MDM' && noun === 'UsagePointConfig') {
    if (h.verb !== 'change') return refuse('2.9', `verb ${h.verb} is not supported for UsagePointConfig by ${who}`);
    return out(response(req, noun, 'OK', [], settings));
  }
  if (peer === 'MDM' && noun === 'MasterDataLinkageConfig') {
    if (h.verb !== 'create' && h.verb !== 'close' && h.verb !== 'delete') return refuse('2.9', `verb ${h.verb} is not supported for MasterDataLinkageConfig by ${who}`);
    return out(response(req, noun, 'OK', [], settings));
  }
  // the meter exchange a CIS asks of its work management, the head-end the suite plays (MSR-01, 2013): acknowledged; the
  // scenario judges the request and sends the completion itself
  if (controls && noun === 'MeterServiceRequests') {
    if (h.verb !== 'create') return refuse('2.9', `verb ${h.verb} is not supported for MeterServiceRequests by ${who}`);
    return out(response(req, noun, 'OK', [], settings));
  }
  // the groups an MDM tells its head-end before it passes a group control on (EDC-09 through the MDM)
  if (controls && noun === 'EndDeviceGroups') {
    if (h.verb !== 'create') return refuse('2.9', `verb ${h.verb} is not supported for EndDeviceGroups by ${who}`);
    return out(answerGroups(req, settings));
  }
  if (controls && (noun === 'MeterReadSchedule' || noun === 'MeterReadSchedules')) {
    if (h.verb !== 'create' && h.verb !== 'cancel' && h.verb !== 'delete') return refuse('2.9', `verb ${h.verb} is not supported for ${noun} by ${who}`);
    return out(answerSchedule(req, noun, settings));
  }
  // the MDM of an OMS answers its get(EndDeviceEvents) ping (UC-01)
  if (peer === 'MDM' && noun === 'EndDeviceEvents') {
    if (h.verb !== 'get') return refuse('2.9', `verb ${h.verb} is not supported for EndDeviceEvents by ${who}`);
    return out(answerPing(req, settings, now));
  }
  // the MDM of a CIS takes the transactions it transfers (PM-02 / PM-03, prepayment): an acknowledgement; the scenario judges them
  if (peer === 'MDM' && noun === 'TransactionRecord') {
    if (h.verb !== 'created') return refuse('2.9', `verb ${h.verb} is not supported for TransactionRecord by ${who}`);
    return out(response(req, noun, 'OK', [], settings));
  }
  if (noun !== 'MeterReadings') return refuse('2.5', `noun ${noun} is not supported by ${who}`);
  if (h.verb !== 'get') return refuse('2.9', `verb ${h.verb} is not supported for MeterReadings by ${who}`);
  // the MDM of a CIS answers historical data (MR-04); the head-end behind an MDM answers the history the MDM relays
  const intervalTypes = settings.intervalReadingTypes ?? [];
  const plan = planReadingsAnswer(req, {
    knows: (id) => settings.meters.some((m) => m.mRID === id || m.usagePoint === id),
    supports: (rt) => settings.readingTypes.includes(rt) || intervalTypes.includes(rt),
  });
  if (!plan.ok) return failed(plan.code, plan.reason);
  // historical interval data (MR-04): a period that starts before it ends, not too long
  if (plan.readingTypes.some((rt) => intervalTypes.includes(rt))) {
    const s = plan.window?.start ? Date.parse(plan.window.start) : NaN;
    const e = plan.window?.end ? Date.parse(plan.window.end) : now.getTime();
    if (Number.isNaN(s) || Number.isNaN(e) || s >= e) return failed('1.6', 'interval data is asked for without a time range that starts before it ends (Reading/timePeriod, or Request/StartTime and EndTime)');
    const step = Math.min(...plan.readingTypes.filter((rt) => intervalTypes.includes(rt)).map((rt) => (measuringPeriodSeconds(rt) ?? 900) * 1000));
    if ((e - s) / step > MAX_INTERVALS) return failed('3.1', `the period asked for holds more than ${MAX_INTERVALS} intervals`);
  }
  // the meters the head-end does not reach this time: 4.1 each (their ids as the request named them)
  const unreachable = new Set(settings.unreachable ?? []);
  const withheld = new Set(settings.readsWithheld ?? []);
  const isOf = (set: ReadonlySet<string>) => (id: string) => settings.meters.some((m) => set.has(m.mRID) && (m.mRID === id || m.usagePoint === id));
  const isUnreachable = isOf(unreachable);
  const isWithheld = isOf(withheld);
  const reached = plan.known.filter((id) => !isUnreachable(id) && !isWithheld(id));
  const item = (id: string, code: string, reason: string): ErrorItem => ({ code, level: 'FATAL', reason, id: { value: id, kind: 'name', objectType: 'EndDevice' } });
  const timedOut: ErrorItem[] = plan.known.filter(isUnreachable).map((id) => item(id, '4.1', `meter ${id} did not answer`));
  const unavailable: ErrorItem[] = plan.known.filter((id) => !isUnreachable(id) && isWithheld(id)).map((id) => item(id, '5.7', `no reading of meter ${id} is available`));
  const errors = [...plan.errors, ...timedOut, ...unavailable];
  if (reached.length === 0) return out(response(req, noun, 'FAILED', errors, settings));
  // the MDM of a CIS asked asynchronously (P1a): the reply acknowledges; the scenario sends the result to the
  // ReplyAddress (mdmAsyncResult)
  if (peer === 'MDM' && h.asyncReplyFlag && h.replyAddress) return out(response(req, noun, 'OK', [...errors, { code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }], settings));
  if (peer === 'HES' && !errors.length) {
    const paged = pagedHistory(req, settings, reached, plan.readingTypes, plan.window, now, version);
    if (paged) return paged;
  }
  return out(response(req, noun, errors.length ? 'PARTIAL' : 'OK', errors, settings, readingsPayload(reached, settings, plan.readingTypes, now, plan.window)));
}

/**
 * The head-end the suite plays answers the interval data of one meter over a range of more than its page size
 * (pageIntervalsOf: the profile's peers.HES.pageIntervals) intervals in pages (MR-04, UC-12): the reply is the first page (PARTIAL, 0.1), the later pages go to the request's
 * ReplyAddress (PARTIAL, 0.1; the last 0.2), each with the request's CorrelationID and the intervals that follow the
 * page before. Without a ReplyAddress it cannot send them: FAILED 3.1. Undefined: not a paged answer.
 */
function pagedHistory(req: ParsedMessage, settings: PeerSettings, reached: readonly string[], readingTypes: readonly string[], window: { start?: string; end?: string } | undefined, now: Date, version: SoapVersion): PeerAnswer | undefined {
  const intervalTypes = settings.intervalReadingTypes ?? [];
  if (reached.length !== 1 || readingTypes.length !== 1 || !intervalTypes.includes(readingTypes[0]!) || !window?.start) return undefined;
  const rt = readingTypes[0]!;
  const step = (measuringPeriodSeconds(rt) ?? 900) * 1000;
  const start = Date.parse(window.start);
  const end = window.end ? Date.parse(window.end) : now.getTime();
  const ends = intervalEnds(start, end, step);
  const size = pageIntervalsOf(settings);
  if (ends.length <= size) return undefined;
  const h = req.header;
  const noun = 'MeterReadings';
  if (!h?.replyAddress || !/^https?:\/\//.test(h.replyAddress) || !URL.canParse(h.replyAddress)) {
    return { status: 200, xml: toSoap(response(req, noun, 'FAILED', [{ code: '3.1', level: 'FATAL', reason: `the range holds ${ends.length} intervals, more than the ${size} of one message, and the request gives no ReplyAddress (http or https) for the later pages` }], settings), version).xml };
  }
  const m = settings.meters.find((x) => x.mRID === reached[0] || x.usagePoint === reached[0])!;
  const chunks: number[][] = [];
  for (let i = 0; i < ends.length; i += size) chunks.push(ends.slice(i, i + size));
  const pages = chunks.map((c, i) => {
    const last = i === chunks.length - 1;
    const code = last ? '0.2' : '0.1';
    const payload: Message['payload'] = {
      root: buildMeterReadings({
        meterReadings: [
          {
            meter: { mRID: m.mRID },
            ...(m.usagePoint ? { usagePoint: { mRID: m.usagePoint } } : {}),
            intervalBlocks: [{ readingType: rt, readings: c.map((t) => ({ timeStamp: nowTimestamp(() => new Date(t)), value: intervalValue(m.mRID, t) })) }],
          },
        ],
      }),
    };
    const reason = `page ${i + 1} of ${chunks.length}: ${last ? 'no further results' : 'more results follow'}`;
    return toSoap(response(req, noun, 'PARTIAL', [{ code, level: 'INFORM', reason }], settings, payload), version).xml;
  });
  return { status: 200, xml: pages[0]!, later: { url: h.replyAddress, pages: pages.slice(1) } };
}

/** the power-status event the MDM the suite plays answers a ping with: the meter is energised (3.26.0.216, power restored) */
export const ENERGISED_EVENT = '3.26.0.216';

/**
 * The MDM the suite plays answers an OMS's get(EndDeviceEvents) ping (UC-01): per meter it knows and reaches, the
 * power-status event ENERGISED_EVENT, dated at the end of the ping's scheduleInterval when that is in the past (now
 * otherwise), so that it lies in the window; an unknown meter is 2.4, an unreached one 4.1 (PARTIAL, or FAILED when
 * no meter is answered); a ping naming no meter is 1.6.
 */
function answerPing(req: ParsedMessage, settings: PeerSettings, now: Date): Message {
  const query = req.request?.query;
  const q = query && query.name === 'GetEndDeviceEvents' && query.ns === GEDE ? readGetEndDeviceEvents(query) : { meters: [] as string[] };
  if (!q.meters.length) return response(req, 'EndDeviceEvents', 'FAILED', [{ code: '1.6', level: 'FATAL', reason: 'no Meter in the GetEndDeviceEvents query' }], settings);
  const known = (id: string) => settings.meters.find((m) => m.mRID === id || m.usagePoint === id);
  const unreachable = new Set(settings.unreachable ?? []);
  const item = (id: string, code: string, reason: string): ErrorItem => ({ code, level: 'FATAL', reason, id: { value: id, kind: 'name', objectType: 'EndDevice' } });
  const errors: ErrorItem[] = [];
  const reached: { mRID: string; usagePoint?: string }[] = [];
  for (const id of q.meters) {
    const m = known(id);
    if (!m) errors.push(item(id, '2.4', `unknown meter ${id}`));
    else if (unreachable.has(m.mRID)) errors.push(item(id, '4.1', `meter ${id} did not answer`));
    else reached.push(m);
  }
  if (!reached.length) return response(req, 'EndDeviceEvents', 'FAILED', errors, settings);
  const end = q.end ? Date.parse(q.end) : NaN;
  const at = Number.isNaN(end) || end > now.getTime() ? now : new Date(end);
  const events = reached.map((m) => ({ mRID: newMessageId(), createdDateTime: nowTimestamp(() => at), eventType: ENERGISED_EVENT, meter: m.mRID, usagePoint: m.usagePoint }));
  return response(req, 'EndDeviceEvents', errors.length ? 'PARTIAL' : 'OK', errors, settings, { root: buildEndDeviceEvents(events) });
}

/**
 * The head-end the suite plays takes create / cancel / delete(MeterReadSchedule(s)) (the MDM passing on a schedule of
 * the CIS, issue 12): OK when the schedule names only meters and usage points it knows, and at least one; FAILED 2.4
 * otherwise. It runs no schedule (it sends no readings); the scenario that caused the request judges what it asks for.
 */
function answerSchedule(req: ParsedMessage, noun: string, settings: PeerSettings): Message {
  const root = req.payload?.root;
  const v = root && root.name === noun ? readMeterReadSchedule(root) : undefined;
  const named = v ? [...(v.endDevices ?? []).map((d) => d.mRID), ...(v.usagePoints ?? []).map((u) => u.mRID ?? '')] : [];
  const unknown = named.filter((id) => !settings.meters.some((m) => m.mRID === id || m.usagePoint === id));
  if (!named.length || unknown.length) return response(req, noun, 'FAILED', [{ code: '2.4', level: 'FATAL', reason: unknown.length ? `unknown meter or usage point ${unknown.join(', ')}` : 'the schedule names no meter or usage point' }], settings);
  return response(req, noun, 'OK', [], settings);
}

/**
 * The head-end the suite plays takes create(EndDeviceControls) (the MDM reprogramming a meter after a change of customer
 * program, EDC-03): OK with the controls returned when every control names meters it knows (by mRID or name), FAILED
 * 2.4 otherwise; a PAN device (isPan=true) listed with a meter (a pairing window, PAN-01) is taken as new. The scenario that caused the request judges what the controls ask for.
 */
function answerControls(req: ParsedMessage, settings: PeerSettings): Message {
  const root = req.payload?.root;
  const controls = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root) : [];
  // a PAN device (isPan=true) a pairing window lists is learnt from the control (PAN-01): the control must still name a meter
  const named = controls.flatMap((c) => (c.endDevices ?? []).filter((d) => d.isPan !== true).flatMap((d) => [d.mRID ?? d.names?.[0]?.name ?? '']));
  const groups = controls.flatMap((c) => c.endDeviceGroups ?? []);
  const knows = (id: string) => settings.meters.some((m) => m.mRID === id);
  const unknown = named.filter((id) => !knows(id));
  if (!controls.length || !(named.length || groups.length) || unknown.length) {
    return response(req, 'EndDeviceControls', 'FAILED', [{ code: '2.4', level: 'FATAL', reason: unknown.length ? `unknown meter ${unknown.join(', ')}` : 'no EndDeviceControl naming a meter' }], settings);
  }
  return response(req, 'EndDeviceControls', 'OK', [], settings, {
    root: buildEndDeviceControls({ controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID, names: d.names })), endDeviceGroups: c.endDeviceGroups })) }),
  });
}

/**
 * The head-end the suite plays takes cancel(EndDeviceControls) (an MDM passing on the cancel of its DRMS, EDC-01 step 4):
 * OK with the controls named (by mRID or issuerTrackingID) returned; FAILED 1.7 when no control is named. It keeps no
 * controls: which one the cancel names is judged by the scenario that caused it (EDC-RELAY-CANCEL).
 */
function answerCancel(req: ParsedMessage, settings: PeerSettings): Message {
  const root = req.payload?.root;
  const controls = (root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root) : []).filter((c) => c.mRID || c.issuerTrackingID);
  if (!controls.length) return response(req, 'EndDeviceControls', 'FAILED', [{ code: '1.7', level: 'FATAL', reason: 'the cancel names no EndDeviceControl by mRID or issuerTrackingID' }], settings);
  return response(req, 'EndDeviceControls', 'OK', [], settings, {
    root: buildEndDeviceControls({ controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, controlType: c.controlType })) }),
  });
}

/**
 * The head-end the suite plays takes create(EndDeviceGroups) (an MDM telling it a group before a group control, EDC-09):
 * OK when every group has an mRID and names only meters it knows, FAILED 2.4 otherwise. It keeps nothing: the scenario
 * judges which members the MDM told (EDC-RELAY-GROUP).
 */
function answerGroups(req: ParsedMessage, settings: PeerSettings): Message {
  const root = req.payload?.root;
  const groups = root && root.name === 'EndDeviceGroups' ? readEndDeviceGroups(root) : [];
  const unknown = groups.flatMap((g) => (g.endDevices ?? []).map((d) => d.mRID ?? '')).filter((id) => !settings.meters.some((m) => m.mRID === id));
  if (!groups.length || groups.some((g) => !g.mRID) || unknown.length) {
    return response(req, 'EndDeviceGroups', 'FAILED', [{ code: unknown.length ? '2.4' : '1.7', level: 'FATAL', reason: unknown.length ? `unknown end device ${unknown.join(', ')}` : 'no EndDeviceGroup with an mRID' }], settings);
  }
  return response(req, 'EndDeviceGroups', 'OK', [], settings);
}

/**
 * The asynchronous result the MDM the suite plays sends to the ReplyAddress of a client's get(MeterReadings) (P1a):
 * created(MeterReadings) with the request's CorrelationID (its MessageID when it has none, ENV-14) and the readings the
 * synchronous answer would have carried (the meters it knows and reaches). Undefined: no reading to send.
 */
export function mdmAsyncResult(req: ParsedMessage, settings: PeerSettings, now = new Date()): Message | undefined {
  const intervalTypes = settings.intervalReadingTypes ?? [];
  const plan = planReadingsAnswer(req, {
    knows: (id) => settings.meters.some((m) => m.mRID === id || m.usagePoint === id),
    supports: (rt) => settings.readingTypes.includes(rt) || intervalTypes.includes(rt),
  });
  if (!plan.ok) return undefined;
  const unreachable = new Set(settings.unreachable ?? []);
  const reached = plan.known.filter((id) => !settings.meters.some((m) => unreachable.has(m.mRID) && (m.mRID === id || m.usagePoint === id)));
  if (!reached.length) return undefined;
  const h = req.header;
  return {
    kind: 'event',
    generation: settings.generation,
    header: { verb: 'created', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9', messageId: newMessageId(), correlationId: h?.correlationId ?? h?.messageId },
    payload: readingsPayload(reached, settings, plan.readingTypes, now, plan.window),
  };
}

/**
 * The asynchronous result the MDM the suite plays sends to the ReplyAddress of a CIS's get(MeterReadings) for interval
 * data (P1a, MR-04) when it cannot give all of it: `partial` — the intervals of the first half of the period asked for
 * and Error 5.7 (data unavailable) naming the meter for the rest, Result PARTIAL; `failed` — no interval, Error 5.7
 * naming the meter, Result FAILED. In the form of CIM9-305: `reply` (a reply(MeterReadings) ResponseMessage, the
 * request's CorrelationID, the default) or `created` (created(MeterReadings) with the intervals there are and no
 * Reply; a FAILED result stays a reply: the standard event has no Reply). Undefined: the request names no meter the
 * MDM knows, no interval ReadingType, or no period with an interval in its first half.
 */
export function mdmIncompleteHistoryResult(req: ParsedMessage, settings: PeerSettings, outcome: 'partial' | 'failed', form: 'reply' | 'created' = 'reply', now = new Date()): Message | undefined {
  const intervalTypes = settings.intervalReadingTypes ?? [];
  const plan = planReadingsAnswer(req, {
    knows: (id) => settings.meters.some((m) => m.mRID === id || m.usagePoint === id),
    supports: (rt) => settings.readingTypes.includes(rt) || intervalTypes.includes(rt),
  });
  if (!plan.ok || !plan.known.length) return undefined;
  const rts = plan.readingTypes.filter((rt) => intervalTypes.includes(rt));
  const s = plan.window?.start ? Date.parse(plan.window.start) : NaN;
  const e = plan.window?.end ? Date.parse(plan.window.end) : NaN;
  if (!rts.length || Number.isNaN(s) || Number.isNaN(e) || s >= e) return undefined;
  const step = Math.max(...rts.map((rt) => (measuringPeriodSeconds(rt) ?? 900) * 1000));
  // the first half, on a whole interval: the data there is; the rest is unavailable
  const mid = s + Math.max(step, Math.floor((e - s) / 2 / step) * step);
  if (mid >= e && outcome === 'partial') return undefined;
  const h = req.header;
  const header = { verb: 'reply', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9', messageId: newMessageId(), correlationId: h?.correlationId ?? h?.messageId };
  const from = nowTimestamp(() => new Date(outcome === 'partial' ? mid : s));
  const to = nowTimestamp(() => new Date(e));
  const errors: ErrorItem[] = plan.known.map((id) => ({ code: '5.7', level: outcome === 'partial' ? 'WARNING' : 'FATAL', reason: `no interval data of meter ${id} for ${from} – ${to}`, id: { value: id, kind: 'name', objectType: 'EndDevice' } }));
  if (outcome === 'failed') return { kind: 'response', generation: settings.generation, header, reply: { result: 'FAILED', errors } };
  const payload = readingsPayload(plan.known, settings, rts, now, { start: nowTimestamp(() => new Date(s)), end: nowTimestamp(() => new Date(mid)) });
  if (form === 'created') return { kind: 'event', generation: settings.generation, header: { ...header, verb: 'created' }, payload };
  return { kind: 'response', generation: settings.generation, header, reply: { result: 'PARTIAL', errors }, payload };
}
