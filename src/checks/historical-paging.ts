/**
 * The rules of historical meter data over a large range answered in pages (MR-04, use-cases.md §3.4: "Large ranges:
 * PARTIAL + 0.1 then further messages, last one 0.2", UC-12; envelope.md §8, codes.md §2.2), of a request for data
 * the SUT does not have (Annex B 5.7, codes.md §2.2–2.3) and of the 2013 Annex M get/cancel pattern (use-cases.md §12,
 * envelope.md §7.4, ENV-17). Pure: the pages (or the answer) and an expectation in, findings out.
 *
 * - MR-PAGE-SEQUENCE: every page but the last is Result PARTIAL with Error 0.1, the sequence ends (a page without
 *   0.1; more pages than the intervals of the range can fill is an answer that does not end, maxPages) and nothing of
 *   the request follows its last page; a single complete reply is accepted or not per UC-12;
 * - MR-PAGE-FINAL: the last page says 0.2 (no further results), Result PARTIAL (CIM9-251 when it ends otherwise);
 * - MR-PAGE-GAP: the pages together hold every interval of the requested range, each page going on where the one
 *   before ended (a gap marked by a quality code is accepted, UC-14);
 * - MR-PAGE-DUPLICATE: no interval comes twice, in one page or in two;
 * - MR-PAGE-WINDOW: every interval lies in the requested range (PAY-04 end- or start-of-interval stamps);
 * - MR-DATA-UNAVAILABLE: the answer to a request for data the SUT cannot have carries none of that data, and says
 *   so with the code of expectedCodes.dataUnavailable (5.7) in a FAILED or PARTIAL reply (CIM9-254 otherwise);
 * - MR-GET-CANCEL: after the reply to cancel(<Noun>) naming the get (Request/ID kind="transaction"), nothing more of
 *   that get arrives (ENV-17).
 */
import type { Finding, Severity } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { children, type XNode } from '../xml/index.ts';
import { MR, readMeterReadings } from '../payloads/meterReadings.ts';
import { measuringPeriodSeconds } from '../codes/index.ts';
import { parseDateTime } from './time.ts';
import { marksGap } from './domain.ts';
import { uc14 } from './assume.ts';

/** one page of a paged answer, as the suite received it */
export interface Page {
  label: string;
  /** Reply/Result; undefined when the page has no Reply (an EventMessage) */
  result?: string;
  /** the Error codes of its Reply */
  codes: string[];
  /** the MeterReadings payload, when it has one */
  root?: XNode;
  /** where it came: the synchronous reply or the ReplyAddress */
  via: 'reply' | 'reply-address';
}

export interface PagingExpectation {
  /** the requested range [start, end) */
  window: { start: string; end: string };
  /** the interval ReadingType asked for */
  readingType: string;
  /** PAY-04: intervals stamped at their end (default) or start */
  stamp: 'end' | 'start';
  /** UC-12: `paged` wants the range paged; `single-or-partial` accepts one complete reply */
  uc12: string;
  /** CIM9-251: how a last page ending otherwise than with 0.2 is judged */
  finalSeverity: Severity;
  finalText: string;
  /** the sequence ended: false when the time limit passed with the last page still saying 0.1 */
  ended: boolean;
  /**
   * the suite stopped taking pages after this many: more than the intervals of the range (plus one) can fill, every one
   * still saying 0.1 (maxPages) — an answer that does not end
   */
  cut?: number;
  /** what the wait was, for a finding (e.g. "within 10 s (timeouts.asyncResultSeconds)") */
  waited: string;
  /** pages of the request that came after the last one (during the quiet period) */
  after: Page[];
}

const MORE = '0.1';
const DONE = '0.2';

function f(id: string, label: string, message: string, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(id, `${label}: ${message}`, { file: label, ...extra });
}

/**
 * the interval readings of a page's MeterReadings payload: each timeStamp with the qualities of its reading. A page
 * without a payload is the caller's to judge (checkPages says so of each and counts the range's intervals it lacks).
 */
export function pageIntervals(root: XNode): { timeStamp?: string; qualities: string[] }[] {
  const v = readMeterReadings(root);
  return v.meterReadings.flatMap((m) => (m.intervalBlocks ?? []).flatMap((b) => b.readings.map((r) => ({ timeStamp: r.timeStamp, qualities: (r.qualities ?? []).map((q) => q.ref) }))));
}

/** the instants of the intervals of [start, end) for a period of `step` ms, stamped at the end or the start */
export function expectedInstants(window: { start: string; end: string }, stepMs: number, stamp: 'end' | 'start'): number[] {
  const start = parseDateTime(window.start)?.ms ?? Date.parse(window.start);
  const end = parseDateTime(window.end)?.ms ?? Date.parse(window.end);
  const out: number[] = [];
  for (let t = start; t + stepMs <= end && out.length < 100_000; t += stepMs) out.push(stamp === 'end' ? t + stepMs : t);
  return out;
}

/** why the intervals of `window` for `readingType` cannot be counted (no measuring period, no whole interval); undefined when they can */
export function pagingWindowProblem(readingType: string, window: { start: string; end: string }): string | undefined {
  const period = measuringPeriodSeconds(readingType);
  if (!period) return `the ReadingType ${readingType} names no measuring period: the intervals of the range cannot be counted`;
  if (!expectedInstants(window, period * 1000, 'end').length) return `the range ${window.start} – ${window.end} holds no whole interval of ${period} s`;
  return undefined;
}

/**
 * The pages of a large historical read: their codes (MR-PAGE-SEQUENCE, MR-PAGE-FINAL) and the intervals they hold
 * together (MR-PAGE-GAP, MR-PAGE-DUPLICATE, MR-PAGE-WINDOW). `pages` in the order they arrived, the synchronous reply
 * first when it carried the first page.
 */
export function checkPages(pages: Page[], exp: PagingExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const seqAssumptions = { 'UC-12': exp.uc12 };
  if (pages.length === 0) {
    out.push(f('MR-PAGE-SEQUENCE', ctx.label, `no page of the answer arrived ${exp.waited}`, { assumptions: seqAssumptions, expected: 'the pages of the answer', actual: 'none' }));
    return out;
  }
  // --- the codes of the sequence
  const more = (p: Page) => p.codes.includes(MORE);
  pages.slice(0, -1).forEach((p, i) => {
    if (p.result !== 'PARTIAL' || !more(p)) {
      out.push(f('MR-PAGE-SEQUENCE', p.label, `page ${i + 1} of ${pages.length} is Result ${p.result ?? '(no Reply)'}${p.codes.length ? ` with ${p.codes.join(', ')}` : ' without an Error code'}, yet another page followed it: every page before the last is Result PARTIAL with 0.1 (more results follow)`, { assumptions: seqAssumptions, expected: 'Result PARTIAL with 0.1', actual: replyText(p) }));
    }
  });
  const last = pages[pages.length - 1]!;
  if (exp.cut !== undefined) {
    out.push(f('MR-PAGE-SEQUENCE', last.label, `the answer does not end: ${exp.cut} pages came, each saying 0.1 (more results follow), more than the ${exp.cut - 1} interval(s) of the range could fill one by one (and one last page); the suite stopped taking them there`, { assumptions: seqAssumptions, expected: `an end within ${exp.cut - 1} pages`, actual: `${exp.cut} pages, each with 0.1` }));
  } else if (!exp.ended || more(last)) {
    out.push(f('MR-PAGE-SEQUENCE', last.label, `the answer never ended: its last page (${pages.length}) says 0.1 (more results follow) and no further page arrived ${exp.waited}`, { assumptions: seqAssumptions, expected: 'a last page PARTIAL with 0.2', actual: `page ${pages.length}: ${replyText(last)}, then nothing` }));
  } else if (pages.length === 1) {
    if (exp.uc12 === 'paged') out.push(f('MR-PAGE-SEQUENCE', last.label, `the range of ${pageCountText(exp)} was answered in one message (Result ${last.result ?? '(no Reply)'}), not in pages (UC-12 = paged)`, { assumptions: seqAssumptions, expected: 'pages (UC-12 = paged)', actual: `one message, ${replyText(last)}` }));
    else out.push(f('MR-PAGE-SEQUENCE', last.label, `the range of ${pageCountText(exp)} was answered in one message (Result ${last.result ?? '(no Reply)'}): no paging to judge, accepted by UC-12 = ${exp.uc12}; the data is judged as one page`, { severity: 'info', assumptions: seqAssumptions, expected: `pages, or one message (UC-12 = ${exp.uc12})`, actual: `one message, ${replyText(last)}` }));
  } else if (!(last.result === 'PARTIAL' && last.codes.includes(DONE))) {
    out.push(f('MR-PAGE-FINAL', last.label, `the last page (${pages.length}) is Result ${last.result ?? '(no Reply)'}${last.codes.length ? ` with ${last.codes.join(', ')}` : ' without an Error code'}, not Result PARTIAL with 0.2 (partial result, no further results to follow)`, { severity: exp.finalSeverity, assumptions: { 'CIM9-251': exp.finalText }, expected: 'Result PARTIAL with 0.2', actual: replyText(last) }));
  }
  for (const p of exp.after) {
    out.push(f('MR-PAGE-SEQUENCE', p.label, `a page of the request (Result ${p.result ?? '(no Reply)'}${p.codes.length ? ` with ${p.codes.join(', ')}` : ''}) arrived after the page that ended the answer`, { assumptions: seqAssumptions, expected: 'nothing after the page that ended the answer', actual: `a page, ${replyText(p)}` }));
  }
  // --- the intervals the pages hold together
  // the intervals of the range are what the pages are judged by: a ReadingType without a measuring period, or a range
  // shorter than one interval, leaves nothing to judge — the suite's own set-up (pagingWindowProblem), never a pass
  const problem = pagingWindowProblem(exp.readingType, exp.window);
  if (problem) throw new Error(`checkPages: ${problem}`);
  const step = measuringPeriodSeconds(exp.readingType)! * 1000;
  const expected = expectedInstants(exp.window, step, exp.stamp);
  const lo = expected[0]!;
  const hi = expected[expected.length - 1]!;
  const winAssumptions = { 'PAY-04': exp.stamp };
  const seen = new Map<number, number>();
  const u = uc14(ctx);
  const marked = new Set<number>();
  let previousLast: number | undefined;
  // intervals that came again: counted per page and the page they came in first (one finding per pair of pages)
  const again = new Map<string, { page: { label: string }; first: number; n: number; count: number; example: string }>();
  // contiguity in time order: pages the SUT posted at once may arrive in another order (numbered by arrival)
  // a page without a payload holds no interval: said of each (info); the intervals of the range it lacks are
  // MR-PAGE-GAP below, counted against all pages together
  const numbered = [...pages, ...exp.after].map((p, i) => ({ p, n: i + 1, intervals: p.root ? pageIntervals(p.root) : [] }));
  for (const { p, n } of numbered) {
    if (!p.root) out.push(f('MR-PAGE-GAP', p.label, `page ${n} carries no MeterReadings payload: it holds no interval`, { severity: 'info', expected: 'a page with the intervals it answers', actual: `page ${n}: ${replyText(p)}, no payload` }));
  }
  const first = (intervals: { timeStamp?: string }[]) => Math.min(...intervals.map((r) => parseDateTime(r.timeStamp)?.ms ?? Infinity));
  const all = numbered.map((x) => ({ ...x, at: first(x.intervals) })).sort((a, b) => a.at - b.at || a.n - b.n);
  all.forEach(({ p, n, intervals }) => {
    const times: number[] = [];
    for (const r of intervals) {
      const t = parseDateTime(r.timeStamp);
      if (!t) continue; // an invalid timeStamp is DOM-INTERVAL-ORDER of the page's own checks
      times.push(t.ms);
      if (r.qualities.some((q) => marksGap(q, u.gaps))) marked.add(t.ms);
      if (t.ms < lo || t.ms > hi) {
        out.push(f('MR-PAGE-WINDOW', p.label, `page ${n} holds the interval ${r.timeStamp}, outside the requested range ${exp.window.start} – ${exp.window.end}`, { assumptions: winAssumptions, expected: `intervals of ${exp.window.start} – ${exp.window.end}`, actual: `interval ${r.timeStamp}` }));
        continue;
      }
      const before = seen.get(t.ms);
      if (before !== undefined) {
        const key = `${before}/${n}`;
        const a = again.get(key);
        if (a) a.count++;
        else again.set(key, { page: p, first: before, n, count: 1, example: r.timeStamp ?? '' });
      } else seen.set(t.ms, n);
    }
    const inside = times.filter((t) => t >= lo && t <= hi).sort((a, b) => a - b);
    const first = inside[0];
    if (first !== undefined && previousLast !== undefined && first > previousLast + step) {
      const missing = Math.round((first - previousLast) / step) - 1;
      if (!(marked.has(first) || marked.has(previousLast))) {
        out.push(f('MR-PAGE-GAP', p.label, `page ${n} starts at ${iso(first)}, ${missing} interval(s) after the end of the page before it (${iso(previousLast)}): the pages are not contiguous`, { assumptions: { 'UC-14': u.text }, expected: `a start at ${iso(previousLast + step)}`, actual: `a start at ${iso(first)}` }));
      }
    } else if (first !== undefined && previousLast !== undefined && first <= previousLast) {
      out.push(f('MR-PAGE-GAP', p.label, `page ${n} starts at ${iso(first)}, not after the last interval of the page before it (${iso(previousLast)}): the pages overlap or are out of order`, { expected: `a start after ${iso(previousLast)}`, actual: `a start at ${iso(first)}` }));
    }
    if (inside.length) previousLast = inside[inside.length - 1];
  });
  for (const a of again.values()) {
    const where = a.first === a.n ? `twice in page ${a.n}` : `in page ${Math.min(a.first, a.n)} and again in page ${Math.max(a.first, a.n)}`;
    out.push(f('MR-PAGE-DUPLICATE', a.page.label, a.count === 1 ? `the interval ${a.example} comes twice: ${where}` : `${a.count} intervals come twice: ${where} (the first ${a.example})`, { expected: 'each interval once', actual: `${a.count} twice, the first ${a.example}` }));
  }
  // every interval of the range, in some page (a gap marked by a quality code on either side is accepted, UC-14)
  const missing = expected.filter((t) => !seen.has(t));
  const held = [...seen.keys()].sort((a, b) => a - b);
  const unmarked = missing.filter((t) => {
    const before = held.filter((s) => s < t).pop();
    const after = held.find((s) => s > t);
    return !((before !== undefined && marked.has(before)) || (after !== undefined && marked.has(after)));
  });
  if (unmarked.length) {
    out.push(f('MR-PAGE-GAP', ctx.label, `${seen.size} of the ${expected.length} intervals of the requested range ${exp.window.start} – ${exp.window.end} came in the ${pages.length} page(s); missing ${unmarked.length}, the first ${iso(unmarked[0]!)}`, { assumptions: { 'PAY-04': exp.stamp, 'UC-14': u.text }, expected: `the ${expected.length} intervals of ${exp.window.start} – ${exp.window.end}`, actual: `${seen.size}, missing ${unmarked.length} (the first ${iso(unmarked[0]!)})` }));
  }
  return out;
}

/**
 * the most pages an answer over `window` can have and still end: one interval each, and one last page (a page that
 * says 0.1 after as many is an answer that does not end); undefined when the intervals cannot be counted
 */
export function maxPages(window: { start: string; end: string }, readingType: string, stamp: 'end' | 'start'): number | undefined {
  if (pagingWindowProblem(readingType, window)) return undefined;
  return expectedInstants(window, measuringPeriodSeconds(readingType)! * 1000, stamp).length + 1;
}

/** a page's Reply as it reads: Result and codes */
function replyText(p: { result?: string; codes: readonly string[] }): string {
  return `Result ${p.result ?? '(no Reply)'}${p.codes.length ? ` with ${p.codes.join(', ')}` : ' without an Error code'}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function pageCountText(exp: PagingExpectation): string {
  return `${exp.window.start} – ${exp.window.end}`;
}

// ------------------------------------------------------------------------------------------------------------
// data unavailable (5.7)

export interface UnavailableExpectation {
  /** the part of the requested range for which the SUT cannot have data: [start, end) */
  without: { start: string; end: string };
  /** true when the rest of the range has data (a PARTIAL answer is expected), false when none of it has */
  partly: boolean;
  /** the codes expectedCodes.dataUnavailable accepts (5.7, 5.5, 5.6 by default) */
  codes: readonly string[];
  /** CIM9-254: how an answer that does not say the data is unavailable (Result OK) is judged */
  okSeverity: Severity;
  okText: string;
  /** CIM9-253: what the period without data is, for the findings */
  premise: string;
  /**
   * when `partly`: the intervals the SUT must have (their instants, stamped per PAY-04) and the period they cover, for
   * the finding. A PARTIAL answer says the rest of the range has data: it must carry it, not only the 5.7
   */
  held?: { instants: number[]; window: { start: string; end: string } };
}

/**
 * The answer to a request for data the SUT cannot have (MR-DATA-UNAVAILABLE): none of its intervals lie in the
 * period without data, and its Reply says so — FAILED (nothing) or PARTIAL (the rest) with a code of
 * expectedCodes.dataUnavailable. A Result OK carrying no such data is judged by CIM9-254.
 */
export function checkUnavailable(reply: { result?: string; codes: string[]; root?: XNode }, exp: UnavailableExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const a = { 'CIM9-253': exp.premise };
  const lo = Date.parse(exp.without.start);
  const hi = Date.parse(exp.without.end);
  // an answer without a payload holds no interval: what a FAILED answer says; its Reply is judged below
  const intervals = reply.root ? pageIntervals(reply.root) : [];
  const invented = intervals.filter((r) => {
    const t = parseDateTime(r.timeStamp);
    return t !== undefined && t.ms > lo && t.ms <= hi;
  });
  if (exp.partly && exp.held) {
    const given = new Set(intervals.flatMap((r) => parseDateTime(r.timeStamp)?.ms ?? []));
    const lacking = exp.held.instants.filter((t) => !given.has(t));
    if (lacking.length) {
      out.push(f('DOM-INTERVAL-COMPLETE', ctx.label, `${lacking.length} of the ${exp.held.instants.length} intervals of ${exp.held.window.start} – ${exp.held.window.end}, which had ended long before the request, are not in the answer (the first ${iso(lacking[0]!)}): only the rest of the range is unavailable, the data there is belongs in the answer`, { assumptions: a, expected: `the ${exp.held.instants.length} intervals of ${exp.held.window.start} – ${exp.held.window.end}`, actual: `${lacking.length} missing (the first ${iso(lacking[0]!)})` }));
    }
  }
  if (invented.length) {
    out.push(f('MR-DATA-UNAVAILABLE', ctx.label, `${invented.length} interval reading(s) for ${exp.without.start} – ${exp.without.end}, a period the SUT cannot have data of (${exp.premise}); the first ${invented[0]!.timeStamp}`, { assumptions: a, expected: `no interval in ${exp.without.start} – ${exp.without.end}`, actual: `${invented.length}, the first ${invented[0]!.timeStamp}` }));
  }
  const said = reply.codes.filter((c) => exp.codes.includes(c));
  const want = exp.partly ? 'PARTIAL' : 'FAILED';
  if (reply.result === 'OK' || reply.result === undefined) {
    if (!invented.length) {
      out.push(f('MR-DATA-UNAVAILABLE', ctx.label, `Result ${reply.result ?? '(none)'}: the answer does not say that the data of ${exp.without.start} – ${exp.without.end} is unavailable (expected Result ${want} with ${exp.codes.join(' or ')})`, { severity: exp.okSeverity, assumptions: { ...a, 'CIM9-254': exp.okText }, expected: `Result ${want} with ${exp.codes.join(' or ')}`, actual: `Result ${reply.result ?? '(none)'}` }));
    }
  } else if (reply.result === 'FAILED' && exp.partly) {
    out.push(f('MR-DATA-UNAVAILABLE', ctx.label, `Result FAILED: only part of the range (${exp.without.start} – ${exp.without.end}) has no data, the rest does; expected Result PARTIAL with ${exp.codes.join(' or ')} and the data there is`, { assumptions: a, expected: `Result PARTIAL with ${exp.codes.join(' or ')}`, actual: 'Result FAILED' }));
  } else if (!said.length) {
    out.push(f('MR-DATA-UNAVAILABLE', ctx.label, `Result ${reply.result}${reply.codes.length ? ` with ${reply.codes.join(', ')}` : ' without an Error code'}: none of the codes of data unavailable (${exp.codes.join(', ')}, expectedCodes.dataUnavailable)`, { assumptions: a, expected: `code ${exp.codes.join(' or ')}`, actual: reply.codes.length ? `code(s) ${reply.codes.join(', ')}` : 'no Error code' }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------
// get/cancel (2013 Annex M)

/** how soon after the cancel's reply a message stamped in the same second may still have been on its way */
export const IN_FLIGHT_MS = 250;

/**
 * MR-GET-CANCEL: the messages of the canceled get that arrived after the reply to the cancel. A page whose
 * Header/Timestamp is before the cancel's reply (or in its second, arriving within IN_FLIGHT_MS of it) was sent
 * before the SUT answered the cancel (in flight): info.
 */
export function checkAfterCancel(after: { label: string; timestamp?: string; lateMs: number }[], cancelReplyAt: string | undefined, ctx: CheckContext, env17: string): Finding[] {
  const limit = cancelReplyAt ? parseDateTime(cancelReplyAt)?.ms : undefined;
  return after.map((m) => {
    const ts = parseDateTime(m.timestamp)?.ms;
    // stamped before the reply (timestamps are often whole seconds: the same second only when it came right after)
    const inFlight = limit !== undefined && ts !== undefined && (ts < limit || (ts === limit && m.lateMs <= IN_FLIGHT_MS));
    return f('MR-GET-CANCEL', m.label, inFlight
      ? `a message of the canceled get arrived after the cancel was answered, but its Header/Timestamp ${m.timestamp} is not after the cancel's reply (${cancelReplyAt}): it was on its way`
      : `a message of the canceled get arrived after the SUT answered the cancel${m.timestamp ? ` (Header/Timestamp ${m.timestamp})` : ''}: nothing of a canceled get may follow the reply to the cancel`, { ...(inFlight ? { severity: 'info' as const } : {}), assumptions: { 'ENV-17': env17 }, expected: `nothing after the reply to the cancel${cancelReplyAt ? ` (${cancelReplyAt})` : ''}`, actual: `a message${m.timestamp ? ` stamped ${m.timestamp}` : ''}, ${m.lateMs} ms after` });
  });
}

/** MeterReadings roots of a payload: helper for pages (the IntervalBlocks of the meter) */
export const hasIntervalBlocks = (root: XNode | undefined): boolean => !!root && children(root, MR, 'MeterReading').some((m) => children(m, MR, 'IntervalBlocks').length > 0);
