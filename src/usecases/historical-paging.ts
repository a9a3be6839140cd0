/**
 * Historical meter data over a large range, paged (MR-04, use-cases.md §3.4, UC-12), data the SUT cannot have (Annex B
 * 5.7) and the 2013 Annex M get/cancel (use-cases.md §12, envelope.md §7.4, ENV-17), with the MDM or the head-end as
 * SUT and the suite as the CIS asking. The rules are src/checks/historical-paging.ts.
 *
 * Paging: get(MeterReadings) for the interval ReadingType of one meter over CIM9-252 hours given in
 * Request/StartTime–EndTime, with a ReplyAddress (CIM9-250: the reply is the first page, or with AsyncReplyFlag only an
 * acknowledgement); the further pages are taken at LISTENER_PATHS.replies by CorrelationID (or MessageID, ENV-14)
 * until one no longer says 0.1 or timeouts.asyncResultSeconds passes (the embedded SUT's idle signal ends the wait
 * early), then a quiet period watches for a page after the last.
 * Get/cancel: the same get with AsyncReplyFlag over four times the range, then cancel(MeterReadings) naming its
 * MessageID in Request/ID kind="transaction"; after the cancel's reply a quiet period (until the embedded SUT is
 * idle) must bring nothing more of the get (CIM9-255: a canceled(MeterReadings) may).
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS, type Role } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { nowTimestamp, readMessage, type Header, type Message } from '../message/index.ts';
import { buildGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkMeterReadings, checkMeterReadingsPayload } from '../checks/domain.ts';
import { severityOf } from '../checks/assume.ts';
import { checkAfterCancel, checkPages, checkUnavailable, expectedInstants, maxPages, pagingWindowProblem, type Page } from '../checks/historical-paging.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { measuringPeriodSeconds } from '../codes/index.ts';
import { claimNotExamined, deliveriesSince, markDeliveries } from './deliveries.ts';
import { expectedCodes } from './expectations.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

interface HistoryRequest {
  role: Role;
  meter: string;
  readingType: string;
  window: { start: string; end: string };
  header: Header;
  mode: 'first-page-in-reply' | 'async';
  exchange: Exchange;
  since: number;
  /** the cancel of the get (get/cancel) */
  cancel?: Exchange;
  /** the pages of the answer as checkPagedAnswer took them (the reply when it is one, then those at the ReplyAddress) */
  pages?: Page[];
}

const states = new WeakMap<object, HistoryRequest>();

function token<T extends string>(w: Cim9World, id: string, fallback: T, allowed: readonly T[]): T {
  const v = String(w.run.assumptions[id] ?? fallback) as T;
  const out = allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

function numberOf(w: Cim9World, id: string, fallback: number): number {
  const raw = w.run.assumptions[id];
  const n = raw === undefined ? fallback : Number(raw);
  const out = Number.isFinite(n) && n > 0 ? n : fallback;
  w.usedAssumptions[id] = String(out);
  return out;
}

/** get(MeterReadings) for the interval ReadingType of meters over a window given in Request/StartTime and EndTime */
export function historyRequest(header: Header, meters: string[], readingType: string, window: { start: string; end: string }): Message {
  return { kind: 'request', header, request: { startTime: window.start, endTime: window.end, query: buildGetMeterReadings({ endDevices: meters, readingTypes: [readingType] }) } };
}

/** the correlation of the SUT's later messages with a request: its CorrelationID, or its MessageID (ENV-14) */
export function correlatedTo(h: Header): (m: ReceivedMessage) => boolean {
  return (m) => m.path === LISTENER_PATHS.replies && ((!!h.correlationId && m.inspected.correlationId === h.correlationId) || (!!h.messageId && m.inspected.correlationId === h.messageId));
}

/** a delivery that is a reply(MeterReadings) naming the meter */
function aboutMeter(m: ReceivedMessage, meter: string): boolean {
  if (m.inspected.noun !== 'MeterReadings' || m.inspected.verb !== 'reply') return false;
  const r = readMessage(m.body);
  const root = r.ok ? r.wire.message?.payload?.root : undefined;
  return !!root && root.name === 'MeterReadings' && readMeterReadings(root).meterReadings.some((x) => x.meter?.mRID === meter || x.usagePoint?.mRID === meter);
}

function firstMeter(w: Cim9World): string {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  return m.mRID;
}

function intervalType(w: Cim9World): string {
  const rt = w.profile.data.readingTypes.interval;
  if (!rt) throw new SuiteError('the profile names no interval ReadingType (data.readingTypes.interval) for the historical read');
  return rt;
}

/**
 * When: the CIS asks the SUT in `role` for CIM9-252 hours of interval data of the meter (× `factor`), ending at the
 * last whole hour, in Request/StartTime–EndTime, with a ReplyAddress (CIM9-250, or asynchronously when `async`)
 */
export async function askLargeRange(w: Cim9World, role: Role, o: { async?: boolean; factor?: number } = {}): Promise<void> {
  const meter = firstMeter(w);
  const readingType = intervalType(w);
  const hours = numberOf(w, 'CIM9-252', 48) * (o.factor ?? 1);
  const mode = o.async ? 'async' : token(w, 'CIM9-250', 'first-page-in-reply', ['first-page-in-reply', 'async']);
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const window = { start: nowTimestamp(() => new Date(end - hours * HOUR)), end: nowTimestamp(() => new Date(end)) };
  // the pages are judged by the intervals of the range: a set-up that leaves none to count is the suite's error
  const problem = pagingWindowProblem(readingType, window);
  if (problem) throw new SuiteError(`the historical read cannot be judged: ${problem} (data.readingTypes.interval, CIM9-252)`);
  await sendHistoryRequest(w, role, { meter, readingType, window, mode, label: `get(MeterReadings) ${hours} h of interval data of meter ${meter}${mode === 'async' ? ' (asynchronous)' : ''}` });
}

/**
 * send get(MeterReadings) for the interval data of one meter over `window` (Request/StartTime–EndTime) with the
 * suite's ReplyAddress, and keep it as the scenario's historical read (checkPagedAnswer, the leftovers' claim)
 */
export async function sendHistoryRequest(w: Cim9World, role: Role, o: { meter: string; readingType: string; window: { start: string; end: string }; mode: HistoryRequest['mode']; label: string }): Promise<Exchange> {
  const header = w.requestHeader('get', 'MeterReadings', { replyAddress: w.run.listener.urlFor(LISTENER_PATHS.replies), ...(o.mode === 'async' ? { asyncReplyFlag: true } : {}) });
  markDeliveries(w, w.run.listener);
  const since = deliveriesSince(w);
  w.lastWindow = o.window;
  const exchange = await w.send(role, historyRequest(header, [o.meter], o.readingType, o.window), o.label);
  states.set(w, { role, meter: o.meter, readingType: o.readingType, window: o.window, header, mode: o.mode, exchange, since });
  return exchange;
}

/** the pages of the scenario's historical read as checkPagedAnswer took them (undefined: it did not run) */
export function pagesTaken(w: Cim9World): readonly Page[] | undefined {
  return states.get(w)?.pages;
}

function pageOf(x: Exchange, via: Page['via']): Page {
  const msg = x.wire?.message;
  return { label: x.sent ? `${x.label} reply` : x.label, result: msg?.reply?.result, codes: (msg?.reply?.errors ?? []).map((e) => e.code.trim()), root: msg?.payload?.root, via };
}

/** take, as exchanges of the scenario, the messages of the request already at the ReplyAddress and not yet taken */
async function takeArrived(w: Cim9World, s: HistoryRequest, label: (n: number) => string): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const match = correlatedTo(s.header);
  for (let n = 1; n < 1000; n++) {
    if (!w.run.listener.unclaimed(s.since).some(match)) break;
    const x = await w.receive(LISTENER_PATHS.replies, { predicate: match }, 1, label(n), { endWhenIdle: false });
    if (!x) break;
    out.push(x);
  }
  return out;
}

/**
 * Then: the answer comes in pages — each but the last PARTIAL with 0.1, the last with 0.2, contiguous, no interval
 * twice, every interval in the range, correlated to the request — and nothing follows the last page
 */
export async function checkPagedAnswer(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) throw new SuiteError('no historical read was sent before this step');
  const reply = s.exchange.wire?.message;
  if (!reply?.reply) return w.assert([ruleFinding('ENV-EXPECTED-RESULT', `${s.exchange.label} reply: no Reply to read a Result from${s.exchange.wire?.fault ? ' (a SOAP fault)' : ''}`, { file: s.exchange.label, expected: 'a reply with Reply/Result', actual: s.exchange.wire?.fault ? `a SOAP fault "${s.exchange.wire.fault.reason}"` : 'no Reply' })], 'paged answer');
  if (reply.reply.result === 'FAILED') return w.assert([ruleFinding('ENV-EXPECTED-RESULT', `${s.exchange.label} reply: Result FAILED (${(reply.reply.errors ?? []).map((e) => e.code).join(', ') || 'no Error'}): the historical read of a range the SUT has data of was refused`, { file: s.exchange.label, expected: 'Result OK or PARTIAL with the data of the range', actual: `Result FAILED (${(reply.reply.errors ?? []).map((e) => e.code).join(', ') || 'no Error'})` })], 'paged answer');
  const uc12 = token(w, 'UC-12', 'single-or-partial', ['single-or-partial', 'paged']);
  const finalText = token(w, 'CIM9-251', 'warning', ['warning', 'failure']);
  const stamp = token(w, 'PAY-04', 'end', ['end', 'start']);
  const pages: Page[] = [];
  const first = pageOf(s.exchange, 'reply');
  // the reply is the first page when it carries one (0.1, or a payload: the whole answer); a reply with neither is an
  // acknowledgement (asynchronous, or a SUT that sends every page to the ReplyAddress): the pages are awaited there
  const ack = !first.codes.includes('0.1') && !first.root;
  if (!ack) pages.push(first);
  const limit = w.profile.timeouts.asyncResultSeconds;
  const label = (n: number) => `page ${n} of the historical read (at the ReplyAddress)`;
  let ended = pages.length > 0 && !pages[pages.length - 1]!.codes.includes('0.1');
  let waitedLabel = '';
  // an answer that does not end: more pages than the intervals of the range can fill (askLargeRange made sure they can
  // be counted); the suite stops taking them there
  const most = maxPages(s.window, s.readingType, stamp);
  let cut: number | undefined;
  while (!ended) {
    if (most !== undefined && pages.length >= most) {
      cut = pages.length;
      break;
    }
    const l = label(pages.length + 1);
    waitedLabel = l;
    // a page already at the listener is taken at once: asking the embedded SUT whether it is idle is for the wait only
    const ready = w.run.listener.unclaimed(s.since).some(correlatedTo(s.header));
    const x = await w.receive(LISTENER_PATHS.replies, { predicate: correlatedTo(s.header) }, limit, l, { endWhenIdle: !ready });
    if (!x) break;
    const p = pageOf(x, 'reply-address');
    pages.push(p);
    ended = !p.codes.includes('0.1');
  }
  // after the last page: nothing more of the request (a quiet period; the embedded SUT: until it is idle)
  const after: Page[] = [];
  if (ended) {
    await w.quietPeriod(quietSecondsOf(w.profile));
    for (const x of await takeArrived(w, s, (n) => `message ${n} of the historical read after its last page`)) after.push(pageOf(x, 'reply-address'));
  }
  s.pages = [...pages, ...after];
  const ctx = w.ctx(`${s.exchange.label}: the pages`, new Date());
  const findings = checkPages(pages, { window: s.window, readingType: s.readingType, stamp, uc12, finalSeverity: severityOf(finalText, 'warning') ?? 'warning', finalText, ended, ...(cut !== undefined ? { cut } : {}), waited: waitedLabel ? w.waitedText(waitedLabel, limit, 'timeouts.asyncResultSeconds') : '', after }, ctx);
  // a page that lost the request's correlation: a reply(MeterReadings) about the meter at the ReplyAddress since the
  // request, with another CorrelationID (it was not taken as a page: the sequence shows the hole it left)
  for (const m of w.run.listener.unclaimed(s.since).filter((d) => d.path === LISTENER_PATHS.replies && !correlatedTo(s.header)(d) && aboutMeter(d, s.meter))) {
    findings.push(ruleFinding('ENV-CORRELATION', `${ctx.label}: a reply(MeterReadings) about meter ${s.meter} reached the ReplyAddress with CorrelationID ${m.inspected.correlationId ?? '(none)'}, not the request's ${s.header.correlationId}: a page of the answer without its correlation`, { file: ctx.label, expected: `CorrelationID ${s.header.correlationId}`, actual: `CorrelationID ${m.inspected.correlationId ?? '(none)'}` }));
  }
  // each page on its own: the meter and ReadingType asked for, the payload's own rules
  for (const p of [...pages, ...after]) {
    if (p.root) findings.push(...checkMeterReadings(p.root, { meters: [s.meter], readingTypes: [s.readingType] }, w.ctx(p.label)));
  }
  w.assert(findings, 'paged answer');
}

// ------------------------------------------------------------------------------------------------------------
// data unavailable (5.7)

interface Unavailable {
  exchange: Exchange;
  without: { start: string; end: string };
  partly: boolean;
  premise: string;
  /** the part of the range the SUT must have data of (the `future` case: its first hour, ended an hour before) */
  held?: { start: string; end: string };
  readingType: string;
}

const unavailable = new WeakMap<object, Unavailable>();

/**
 * When: the CIS asks the SUT in `role` for interval data it cannot have: a whole day CIM9-253 days back (`before`),
 * or the two hours before and after the last whole hour (`future`: the intervals not yet ended), in
 * Request/StartTime–EndTime
 */
export async function askUnavailable(w: Cim9World, role: Role, which: 'before' | 'future'): Promise<void> {
  const meter = firstMeter(w);
  const readingType = intervalType(w);
  let window: { start: string; end: string };
  let without: { start: string; end: string };
  let premise: string;
  let held: { start: string; end: string } | undefined;
  if (which === 'before') {
    const days = numberOf(w, 'CIM9-253', 3650);
    const start = Math.floor((Date.now() - days * DAY) / DAY) * DAY;
    window = { start: nowTimestamp(() => new Date(start)), end: nowTimestamp(() => new Date(start + DAY)) };
    without = window;
    premise = `a day ${days} days back, before the history the SUT keeps (CIM9-253)`;
  } else {
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    // the intervals that end after now cannot have been measured; the ones before it can
    window = { start: nowTimestamp(() => new Date(hour - 2 * HOUR)), end: nowTimestamp(() => new Date(hour + 2 * HOUR)) };
    without = { start: nowTimestamp(() => new Date(Date.now() + 60_000)), end: window.end };
    premise = 'intervals that had not ended when the request was sent';
    // the first hour of the range ended at least an hour before the request: a SUT that has data has that hour's
    held = { start: window.start, end: nowTimestamp(() => new Date(hour - HOUR)) };
  }
  const header = w.requestHeader('get', 'MeterReadings');
  const exchange = await w.send(role, historyRequest(header, [meter], readingType, window), `get(MeterReadings) interval data of meter ${meter} for ${window.start} – ${window.end}`);
  unavailable.set(w, { exchange, without, partly: which === 'future', premise, readingType, ...(held ? { held } : {}) });
}

/** Then: the answer holds none of the data the SUT cannot have and says so (FAILED / PARTIAL with 5.7) */
export function checkUnavailableStep(w: Cim9World): void {
  const u = unavailable.get(w);
  if (!u) throw new SuiteError('no request for unavailable data was sent before this step');
  const msg = u.exchange.wire?.message;
  const label = `${u.exchange.label} reply`;
  if (!msg?.reply) return w.assert([ruleFinding('ENV-EXPECTED-RESULT', `${label}: no Reply to read a Result from${u.exchange.wire?.fault ? ' (a SOAP fault)' : ''}`, { file: label, expected: 'a reply with Reply/Result', actual: u.exchange.wire?.fault ? `a SOAP fault "${u.exchange.wire.fault.reason}"` : 'no Reply' })], 'data unavailable');
  const okText = token(w, 'CIM9-254', 'warning', ['warning', 'failure']);
  w.usedAssumptions['CIM9-253'] = String(w.run.assumptions['CIM9-253'] ?? 3650);
  const ctx = w.ctx(label, u.exchange.received?.at);
  const root = msg.payload?.root;
  let held: { instants: number[]; window: { start: string; end: string } } | undefined;
  if (u.held) {
    const problem = pagingWindowProblem(u.readingType, u.held);
    if (problem) throw new SuiteError(`the intervals the SUT must have cannot be counted: ${problem}`);
    const stamp = token(w, 'PAY-04', 'end', ['end', 'start']);
    held = { instants: expectedInstants(u.held, measuringPeriodSeconds(u.readingType)! * 1000, stamp), window: u.held };
  }
  const findings = [
    ...checkUnavailable({ result: msg.reply.result, codes: (msg.reply.errors ?? []).map((e) => e.code.trim()), root }, { without: u.without, partly: u.partly, codes: expectedCodes(w.profile, 'dataUnavailable'), okSeverity: severityOf(okText, 'warning') ?? 'warning', okText, premise: u.premise, ...(held ? { held } : {}) }, ctx),
    ...(root && root.name === 'MeterReadings' ? checkMeterReadingsPayload(root, ctx) : []),
  ];
  w.assert(findings, 'data unavailable');
}

// ------------------------------------------------------------------------------------------------------------
// get/cancel (2013 Annex M)

/** When: the CIS cancels its running get with cancel(MeterReadings) naming the get's MessageID, Request/ID kind="transaction" */
export async function cancelTheGet(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) throw new SuiteError('no long-running get was sent before this step');
  const env17 = String(w.run.assumptions['ENV-17'] ?? 'cancel-transaction-id');
  w.usedAssumptions['ENV-17'] = env17;
  if (!s.header.messageId) throw new SuiteError('the get had no MessageID to name in the cancel');
  // inconclusive: the get already ended (a message of it without 0.1 arrived): there is nothing left to cancel
  const done = w.run.listener.all().filter((m) => m.seq > s.since && correlatedTo(s.header)(m)).some((m) => {
    const r = readMessage(m.body);
    const codes = r.ok ? (r.wire.message?.reply?.errors ?? []).map((e) => e.code.trim()) : [];
    return r.ok && !!r.wire.message?.reply && !codes.includes('0.1');
  });
  if (done) throw new SuiteError('inconclusive (not a verdict on the SUT): the get had already ended (its last message arrived) before the cancel was sent: nothing was left to cancel (ask for a longer range: CIM9-252)');
  const header = w.requestHeader('cancel', 'MeterReadings');
  s.cancel = await w.send(s.role, { kind: 'request', header, request: { ids: [{ value: s.header.messageId, kind: 'transaction' }] } }, `cancel(MeterReadings) of the get ${s.header.messageId} (Request/ID kind="transaction")`);
}

/** Then: after the reply to the cancel, nothing more of the get arrives (a quiet period; the embedded SUT: until idle) */
export async function checkNothingAfterCancel(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s?.cancel) throw new SuiteError('no cancel was sent before this step');
  const answeredAt = s.cancel.received?.at;
  if (!answeredAt) throw new SuiteError('the cancel had no reply to measure "after" from');
  await w.quietPeriod(quietSecondsOf(w.profile));
  const taken = await takeArrived(w, s, (n) => `message ${n} of the canceled get at the ReplyAddress`);
  const allowCanceled = token(w, 'CIM9-255', 'allowed', ['allowed', 'not-allowed']) === 'allowed';
  const env17 = w.usedAssumptions['ENV-17'] ?? 'cancel-transaction-id';
  const after = taken
    .filter((x) => (x.received?.at.getTime() ?? 0) > answeredAt.getTime())
    .filter((x) => !(allowCanceled && x.wire?.message?.header?.verb === 'canceled'))
    .map((x) => ({ label: x.label, timestamp: x.wire?.message?.header?.timestamp, lateMs: (x.received?.at.getTime() ?? 0) - answeredAt.getTime() }));
  const findings = checkAfterCancel(after, s.cancel.wire?.message?.header?.timestamp, w.ctx(`${s.cancel.label}: after the reply`), env17);
  w.assert(findings, 'nothing after the cancel');
}

/** After: what the scenario's request caused at the ReplyAddress and no step examined is claimed */
export async function claimPagingLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  // the embedded SUT: until it has sent everything; an external one: a quiet period
  const idle = await w.sutIdle(w.profile.timeouts.asyncResultSeconds * 1000);
  if (idle === undefined) await new Promise((r) => setTimeout(r, quietSecondsOf(w.profile) * 1000));
  claimNotExamined(w, { path: LISTENER_PATHS.replies, since: s.since, title: 'Delivered to the ReplyAddress after the historical read and not examined by this scenario' });
}
