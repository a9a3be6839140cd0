/**
 * P6 relay of historical interval data (MR-04 through the MDM, issue 12): the suite plays the CIS and the MDM's
 * head-end. The CIS asks the MDM for the interval data of a meter over a range CIM9-229 days back (data the MDM does not
 * hold, its head-end does); the MDM asks the head-end the suite plays (src/usecases/peer.ts), which answers a range of
 * more than its page size (the profile's peers.HES.pageIntervals, default 48) intervals in pages: the first in its reply (PARTIAL 0.1), the later ones at the
 * MDM's ReplyAddress (0.1 … 0.2, src/session/run.ts PEER_PAGES). The checks:
 * - the MDM asked at all (DOM-RELAY-HISTORY-ASKED; CIM9-228 = store-allowed, the default: not asking is info, and the
 *   answer is checked as the MDM's own data);
 * - its request names the meter and the interval ReadingType and a range covering the CIS's (DOM-RELAY-FORWARD), and
 *   gives a ReplyAddress for the later pages, whose every page it takes (DOM-RELAY-PAGES);
 * - the CIS gets exactly the intervals of every page of the head-end (DOM-RELAY-INTERVALS), in one answer or in pages
 *   (those are judged by the MR-04 paging rules, src/checks/historical-paging.ts).
 */
import { ruleFinding } from '../checks/catalogue.ts';
import type { Finding } from '../checks/finding.ts';
import { checkMeterReadings } from '../checks/domain.ts';
import { nowTimestamp, readMessage, type ParsedMessage } from '../message/index.ts';
import { readGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import type { XNode } from '../xml/index.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { ACKNOWLEDGEMENTS, LISTENER_PATHS, PEER_PAGES } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { pagesTaken, sendHistoryRequest } from './historical-paging.ts';
import { checkForwardedRead, restOfHeadEndLeg } from './relayed-read.ts';
import { measuringPeriodSeconds } from '../codes/index.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/**
 * the range of the relayed read that fits one message of the suite's head-end (at its default page size), and the one it
 * answers in pages; a larger page size (peers.HES.pageIntervals) widens the paged one: relayedHours
 */
export const RELAYED_HOURS = { single: 6, paged: 36 } as const;

/**
 * the hours of the relayed read: RELAYED_HOURS.single, or for the paged read enough for two pages at least of the
 * head-end the suite plays (`pageIntervals` intervals of `periodSeconds` each; RELAYED_HOURS.paged at least)
 */
export function relayedHours(paged: boolean, pageIntervals: number, periodSeconds: number): number {
  if (!paged) return RELAYED_HOURS.single;
  return Math.max(RELAYED_HOURS.paged, Math.ceil(((pageIntervals + 1) * periodSeconds) / 3600));
}

/** one answer (or page) of the head-end or of the MDM: its Result and codes, and its MeterReadings payload */
export interface HistoryAnswer {
  label: string;
  result?: string;
  codes: string[];
  root?: XNode;
}

interface RelayedHistory {
  meter: { mRID: string; usagePoint?: string };
  readingType: string;
  window: { start: string; end: string };
  paged: boolean;
  mark: number;
  exchange: Exchange;
  /** every message of the head-end's answer: its reply, then the pages it sent to the MDM's ReplyAddress */
  headEnd?: HistoryAnswer[];
  /** the MDM did not ask (CIM9-228 = store-allowed): its answer is checked as its own data */
  fromStore?: boolean;
}
const STATE = new WeakMap<Cim9World, RelayedHistory>();

function state(w: Cim9World): RelayedHistory {
  const s = STATE.get(w);
  if (!s) throw new SuiteError('no relayed historical read was requested before this step');
  return s;
}

function assumption(w: Cim9World, id: string, fallback: string, allowed?: readonly string[]): string {
  const v = String(w.run.assumptions[id] ?? fallback);
  const out = !allowed || allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

const list = (xs: readonly string[], n = 6): string => (xs.length ? xs.slice(0, n).join(', ') + (xs.length > n ? ` and ${xs.length - n} more` : '') : '(none)');

/** When: the CIS asks the MDM for RELAYED_HOURS of interval data of the meter ending CIM9-229 days back */
export async function askRelayedHistory(w: Cim9World, paged: boolean): Promise<void> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const readingType = w.profile.data.readingTypes.interval;
  if (!readingType) throw new SuiteError('the profile names no interval ReadingType (data.readingTypes.interval) for the historical read');
  const raw = Number(assumption(w, 'CIM9-229', '450'));
  const days = Number.isFinite(raw) && raw >= 2 ? raw : 450;
  w.usedAssumptions['CIM9-229'] = String(days);
  const pageIntervals = w.profile.peers.HES.pageIntervals;
  const hours = relayedHours(paged, pageIntervals, measuringPeriodSeconds(readingType) ?? 900);
  w.attach(`the head-end the suite plays answers at most ${pageIntervals} intervals in one message (peers.HES.pageIntervals); the range asked for: ${hours} h`, { mediaType: 'text/plain', fileName: 'head-end page size.txt' });
  const end = Math.floor((Date.now() - days * DAY) / HOUR) * HOUR;
  const window = { start: nowTimestamp(() => new Date(end - hours * HOUR)), end: nowTimestamp(() => new Date(end)) };
  const mark = w.run.listener.lastSeq;
  const exchange = await sendHistoryRequest(w, 'MDM', { meter: meter.mRID, readingType, window, mode: 'first-page-in-reply', label: `get(MeterReadings) ${hours} h of interval data of meter ${meter.mRID}, ${days} days back (relayed)` });
  STATE.set(w, { meter, readingType, window, paged, mark, exchange });
}

function answerOf(label: string, m: ParsedMessage | undefined): HistoryAnswer {
  return { label, result: m?.reply?.result, codes: (m?.reply?.errors ?? []).map((e) => e.code.trim()), root: m?.payload?.root };
}

/** the time range of a get(MeterReadings): Reading/timePeriod, or Request/StartTime–EndTime (ms; end undefined: open) */
function rangeOf(msg: ParsedMessage | undefined): { start: number; end?: number; text: string } | undefined {
  if (!msg?.request) return undefined;
  const q = msg.request.query ? readGetMeterReadings(msg.request.query) : undefined;
  const range = q?.timePeriod ?? (msg.request.startTime ? { start: msg.request.startTime, end: msg.request.endTime } : undefined);
  const start = range?.start ? Date.parse(range.start) : NaN;
  if (!range || Number.isNaN(start)) return undefined;
  const end = range.end ? Date.parse(range.end) : NaN;
  return { start, ...(Number.isNaN(end) ? {} : { end }), text: `${range.start} – ${range.end ?? '(open)'}` };
}

/**
 * leg 2: each request of the MDM for the history names the meter and the interval ReadingType and a time range, and
 * together (an MDM may split the range) the ranges cover the one the CIS asked for
 */
export function checkForwardedHistory(msgs: readonly { msg: ParsedMessage | undefined; label: string }[], asked: { meter: { mRID: string; usagePoint?: string }; readingType: string; window: { start: string; end: string } }): Finding[] {
  const out: Finding[] = [];
  const ranges: { start: number; end: number }[] = [];
  for (const { msg, label } of msgs) {
    out.push(...checkForwardedRead(msg, { meters: [asked.meter], readingTypes: [asked.readingType] }, label));
    if (!msg?.request) continue;
    const r = rangeOf(msg);
    if (!r) out.push(ruleFinding('DOM-RELAY-FORWARD', `${label}: no time range (Request/StartTime–EndTime or Reading/timePeriod) for the interval data the CIS asked for over ${asked.window.start} – ${asked.window.end}`, { file: label, expected: `a time range covering ${asked.window.start} – ${asked.window.end}`, actual: 'no time range' }));
    else ranges.push({ start: r.start, end: r.end ?? Number.POSITIVE_INFINITY });
  }
  if (!ranges.length) return out;
  // the union of the ranges, from the start of the CIS's range on: where it first stops short of the end is the hole
  const want = { start: Date.parse(asked.window.start), end: Date.parse(asked.window.end) };
  let reached = want.start;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) if (r.start <= reached) reached = Math.max(reached, r.end);
  if (reached < want.end) {
    const label = msgs[0]!.label;
    out.push(ruleFinding('DOM-RELAY-FORWARD', `${label}: the range(s) the MDM asked its head-end for (${msgs.map((m) => rangeOf(m.msg)?.text ?? '(none)').join('; ')}) do not cover the ${asked.window.start} – ${asked.window.end} the CIS asked for: nothing asked from ${new Date(reached).toISOString()} on`, { file: label, expected: `ranges covering ${asked.window.start} – ${asked.window.end}`, actual: `${msgs.map((m) => rangeOf(m.msg)?.text ?? '(none)').join('; ')} (nothing from ${new Date(reached).toISOString()} on)` }));
  }
  return out;
}

/** the interval readings of the meter and ReadingType in answers: end instant (ms) → value, and the instants seen twice */
function intervals(answers: readonly HistoryAnswer[], meter: { mRID: string; usagePoint?: string }, readingType: string): { values: Map<number, string | undefined>; twice: number[]; blocks: number } {
  const values = new Map<number, string | undefined>();
  const twice: number[] = [];
  let blocks = 0;
  for (const a of answers) {
    if (!a.root || a.root.name !== 'MeterReadings') continue;
    for (const mr of readMeterReadings(a.root).meterReadings) {
      const id = mr.meter?.mRID ?? mr.usagePoint?.mRID;
      if (id !== undefined && id !== meter.mRID && id !== meter.usagePoint) continue;
      for (const b of mr.intervalBlocks ?? []) {
        if (b.readingType !== readingType) continue;
        blocks++;
        for (const r of b.readings ?? []) {
          const t = Date.parse(r.timeStamp ?? '');
          if (Number.isNaN(t)) continue;
          if (values.has(t)) twice.push(t);
          values.set(t, r.value);
        }
      }
    }
  }
  return { values, twice, blocks };
}

const iso = (t: number) => new Date(t).toISOString();
const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && (a.trim() === b.trim() || (a.trim() !== '' && Number(a) === Number(b)));

/** leg 4: the CIS's answer (one reply or its pages) relays exactly the intervals of every page of the head-end */
export function checkRelayedIntervals(cis: readonly HistoryAnswer[], headEnd: readonly HistoryAnswer[], asked: { meter: { mRID: string; usagePoint?: string }; readingType: string }, label: string): Finding[] {
  if (!headEnd.length) throw new Error('checkRelayedIntervals: the head-end answer of the suite is missing');
  const f = (m: string, expected: string, actual: string) => ruleFinding('DOM-RELAY-INTERVALS', `${label}: ${m}`, { file: label, expected, actual });
  const out: Finding[] = [];
  if (!cis.length) return [f('no answer to compare with the head-end\'s', "an answer carrying the head-end's intervals", 'no answer')];
  const lastHe = headEnd[headEnd.length - 1]!;
  const cisFailed = cis.some((a) => a.result === 'FAILED');
  if (lastHe.result === 'FAILED') {
    if (!cisFailed) out.push(f(`Result ${list(cis.map((a) => a.result ?? '(none)'))}, the head-end answered FAILED (${list(lastHe.codes)})`, `Result FAILED, as the head-end's (${list(lastHe.codes)})`, `Result ${list(cis.map((a) => a.result ?? '(none)'))}`));
    return out;
  }
  if (cisFailed) out.push(f(`Result FAILED, the head-end answered its data (${headEnd.length} message(s), the last ${lastHe.result ?? '(no Result)'} ${list(lastHe.codes)})`, "the head-end's data relayed", 'Result FAILED'));
  const given = intervals(headEnd, asked.meter, asked.readingType);
  const got = intervals(cis, asked.meter, asked.readingType);
  if (given.values.size === 0) throw new SuiteError('the head-end the suite plays gave no interval of the meter: nothing to compare');
  const missing = [...given.values.keys()].filter((t) => !got.values.has(t)).sort((a, b) => a - b);
  const extra = [...got.values.keys()].filter((t) => !given.values.has(t)).sort((a, b) => a - b);
  const changed = [...given.values].filter(([t, v]) => got.values.has(t) && !same(got.values.get(t), v)).map(([t, v]) => `${iso(t)}: ${got.values.get(t) ?? '(none)'} instead of ${v ?? '(none)'}`);
  if (missing.length) out.push(f(`${missing.length} of the ${given.values.size} intervals the head-end gave over its ${headEnd.length} message(s) are not relayed: ${list(missing.map(iso))}`, `the ${given.values.size} intervals of the head-end`, `${missing.length} missing: ${list(missing.map(iso))}`));
  if (extra.length) out.push(f(`${extra.length} interval(s) the head-end did not give: ${list(extra.map(iso))}`, "only the head-end's intervals", `${extra.length} more: ${list(extra.map(iso))}`));
  if (changed.length) out.push(f(`${changed.length} interval value(s) differ from the head-end's: ${list(changed, 4)}`, "the head-end's values", list(changed, 4)));
  if (got.twice.length) out.push(f(`${got.twice.length} interval(s) relayed more than once: ${list(got.twice.map(iso))}`, 'each interval once', `${got.twice.length} twice: ${list(got.twice.map(iso))}`));
  return out;
}

/**
 * Then: the MDM asks the head-end the suite plays for the history (its requests checked like every request of the SUT,
 * its pages sent to the MDM's ReplyAddress and their answers recorded); not asking is DOM-RELAY-HISTORY-ASKED
 */
export async function checkHistoryAsked(w: Cim9World): Promise<void> {
  const s = state(w);
  const cim228 = assumption(w, 'CIM9-228', 'store-allowed', ['store-allowed', 'relay']);
  // the MDM's request came before its reply to the CIS: a short wait covers the order of delivery only
  const first = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, 2, 'MDM → head-end get(MeterReadings) of the history');
  if (!first) {
    const allowed = cim228 === 'store-allowed';
    s.fromStore = allowed;
    return w.assert(
      [
        ruleFinding(
          'DOM-RELAY-HISTORY-ASKED',
          allowed
            ? 'MDM → head-end: the MDM answered the historical read without asking the head-end (allowed: CIM9-228 = store-allowed); its answer is checked as its own data'
            : 'MDM → head-end: the MDM answered the historical read of data it does not hold without asking the head-end the suite plays (no get(MeterReadings) reached its address; CIM9-228 = relay)',
          { severity: allowed ? 'info' : 'error', file: 'MDM → head-end', expected: 'get(MeterReadings) of the history at the head-end the suite plays', actual: 'no request reached it', assumptions: { 'CIM9-228': cim228 } },
        ),
      ],
      'the MDM relays the historical read',
    );
  }
  const { more } = await restOfHeadEndLeg(w, s.mark, first);
  const legs = [first, ...more];
  const findings: Finding[] = [...legs.flatMap((x) => x.findings), ...checkForwardedHistory(legs.map((x) => ({ msg: x.wire?.message, label: x.label })), s)];
  // the head-end's answer to each request of the MDM, and the later pages it sent to that request's ReplyAddress
  const answers: HistoryAnswer[] = [];
  const used = new Set<number>();
  let refusedForPages: Exchange | undefined;
  for (const [n, x] of legs.entries()) {
    const seq = w.run.listener.all().find((m) => m.path === LISTENER_PATHS.hes && m.seq > s.mark && !used.has(m.seq) && m.body === x.received?.body)?.seq;
    if (seq === undefined) throw new SuiteError('the head-end the suite plays has no record of a request of the MDM it answered');
    used.add(seq);
    const xml = ACKNOWLEDGEMENTS.get(seq);
    if (!xml) throw new SuiteError('the head-end the suite plays has no record of its answer to the MDM');
    if (n > 0) w.attach(xml, { mediaType: 'application/xml', fileName: `head-end answer to request ${n + 1} (sent by the suite).xml` });
    const read = readMessage(xml);
    const answer = read.ok ? read.wire.message : undefined;
    answers.push(answerOf(`the head-end's answer to request ${n + 1} of the MDM`, answer));
    // a range the head-end answers in pages, asked without a ReplyAddress: it could not send the later pages (3.1)
    if (answer?.reply?.result === 'FAILED' && (answer.reply.errors ?? []).some((e) => e.code.trim() === '3.1') && !x.wire?.message?.header?.replyAddress) refusedForPages ??= x;
    const pages = PEER_PAGES.get(seq);
    if (!pages) continue;
    // the later pages are sent as soon as the MDM has answered the first; at most 15 s, and the timer is cleared so that
    // a finished run does not wait for it before its process can end
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pages.sent, new Promise((r) => (timer = setTimeout(r, 15_000)))]).finally(() => clearTimeout(timer));
    pages.pages.forEach((page, i) => {
      w.attach(page, { mediaType: 'application/xml', fileName: `head-end page ${i + 2} of its answer to request ${n + 1} (sent by the suite to the MDM's ReplyAddress).xml` });
      const r = readMessage(page);
      answers.push(answerOf(`page ${i + 2} of the head-end's answer to request ${n + 1}`, r.ok ? r.wire.message : undefined));
      const a = pages.answers[i];
      const label = `the MDM's answer to page ${i + 2} of the head-end (at ${pages.url})`;
      if (!a) findings.push(ruleFinding('DOM-RELAY-PAGES', `${label}: none (the page was not sent or not answered in time)`, { file: label, expected: 'the page acknowledged', actual: 'no answer' }));
      else if (!a.ok) findings.push(ruleFinding('DOM-RELAY-PAGES', `${label}: ${a.why ?? `HTTP ${a.status}`}`, { file: label, expected: 'the page acknowledged', actual: a.why ?? `HTTP ${a.status}` }));
      else {
        const ra = a.body ? readMessage(a.body) : undefined;
        const m = ra?.ok ? ra.wire.message : undefined;
        if (m?.reply?.result === 'FAILED' || (ra?.ok && ra.wire.fault)) findings.push(ruleFinding('DOM-RELAY-PAGES', `${label}: the MDM refused the page (${m?.reply?.result === 'FAILED' ? `Result FAILED ${list((m.reply.errors ?? []).map((e) => `${e.code} ${e.reason ?? ''}`.trim()))}` : 'a SOAP fault'})`, { file: label, expected: 'the page acknowledged (Result OK)', actual: m?.reply?.result === 'FAILED' ? `Result FAILED ${list((m.reply.errors ?? []).map((e) => e.code))}` : 'a SOAP fault' }));
      }
    });
  }
  if (refusedForPages) findings.push(ruleFinding('DOM-RELAY-PAGES', `${refusedForPages.label}: no ReplyAddress for the later pages of a range the head-end answers in pages (it refused the range with 3.1)`, { file: refusedForPages.label, expected: 'a ReplyAddress for the later pages', actual: 'none' }));
  const paged = answers.length > legs.length;
  if (s.paged && !paged && !refusedForPages && answers.every((a) => a.result !== 'FAILED')) throw new SuiteError('the head-end the suite plays did not page its answer to the MDM: the relayed paged read cannot be judged');
  s.headEnd = answers;
  w.attach(`the head-end's answer to the MDM's ${legs.length} request(s): ${answers.length} message(s) of at most ${w.profile.peers.HES.pageIntervals} intervals (peers.HES.pageIntervals)${paged ? ', the later pages sent to the ReplyAddress of the request' : ''}`, { mediaType: 'text/plain', fileName: 'head-end answer.txt' });
  w.assert(findings, 'the MDM relays the historical read');
}

/** Then: the CIS's answer carries exactly the intervals of every page of the head-end's answer */
export function checkRelayedHistoryValues(w: Cim9World): void {
  const s = state(w);
  const x = s.exchange;
  const taken = pagesTaken(w);
  const cis: HistoryAnswer[] = taken ? taken.map((p) => ({ label: p.label, result: p.result, codes: p.codes, root: p.root })) : [answerOf(`${x.label} reply`, x.wire?.message)];
  if (s.fromStore) {
    const own = cis.flatMap((a) => (a.root ? checkMeterReadings(a.root, { meters: [s.meter.mRID], readingTypes: [s.readingType] }, w.ctx(a.label)) : []));
    return w.assert([ruleFinding('DOM-RELAY-HISTORY-ASKED', `${x.label}: answered from the MDM's store (CIM9-228 = store-allowed): its data are not compared with the head-end's`, { severity: 'info', file: x.label, expected: "the head-end's data relayed (CIM9-228 = relay)", actual: "answered from the MDM's store" }), ...own], "the MDM's interval data (answered from its store)");
  }
  if (!s.headEnd) throw new SuiteError('the head-end the suite plays answered nothing that can be read');
  w.assert(checkRelayedIntervals(cis, s.headEnd, s, `${x.label}: the answer to the CIS`), "the head-end's intervals relayed");
}
