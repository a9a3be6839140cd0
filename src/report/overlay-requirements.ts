/**
 * A utility overlay's own requirements (src/profile/overlay.ts `requirements:`), judged against the messages of the run
 * (the message log, src/report/exchanges.ts: every request the suite sent, every reply and every delivery of the SUT,
 * with its time and raw bytes). Each requirement ends `met`, `not met` or `not checked` (the run showed nothing it
 * applies to: never a verdict on the SUT), with what was observed and examples naming the scenario and the message:
 *
 * - `readingType`: a reply or delivery of the SUT carries a Reading (or an IntervalReading) of that ReadingType with a
 *   value — met; the suite asked for it (a GetMeterReadings naming it; src/session/overlay-probe.ts asks at the end of
 *   the run) and no message of the SUT delivered it — not met; never asked, never delivered — not checked.
 * - `timeLimit`: `reply`: every synchronous reply (of `noun` / `verb` when named) came within the limit after its
 *   request left; `asyncResult`: each asynchronous result (the delivery whose CorrelationID is the request's MessageID)
 *   came within the limit, and a request without one is late once the run went on longer than the limit after it;
 *   `restoration` / `outage` (the codes of assumption UC-03 in force) and `event` (its eventTypes): each such event
 *   the SUT published reached the suite within the limit after its createdDateTime (the SUT's clock).
 * - `element`: in every payload of `noun` the SUT sent, each element at the path's parent has the path's last step as
 *   a child (names compared without namespace, within the payload); no such parent element seen — not checked.
 *
 * Pure but for reading the bodies: the log and a reader in, the results out (src/report/overlay.ts puts them in the
 * statement).
 */
import { readMessage, type ParsedMessage } from '../message/index.ts';
import type { XNode } from '../xml/index.ts';
import { readGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import { readEndDeviceEvents, readEndDeviceEventTypes } from '../payloads/endDeviceEvents.ts';
import type { OverlayRequirement } from '../profile/overlay.ts';
import type { ExchangeLogEntry } from './exchanges.ts';

export type OverlayRequirementVerdict = 'met' | 'not met' | 'not checked';

export interface OverlayRequirementExample {
  scenario?: string;
  /** the message of the log (its label) */
  message: string;
  at: string;
  detail: string;
}

export interface OverlayRequirementResult {
  id: string;
  statement?: string;
  kind: 'readingType' | 'timeLimit' | 'element';
  /** the requirement in words */
  requires: string;
  verdict: OverlayRequirementVerdict;
  /** what the run showed, in words */
  observed: string;
  examples: OverlayRequirementExample[];
}

const EXAMPLES = 5;

/** the scenario of a log entry without the pickle id the log keeps */
const scenarioOf = (e: ExchangeLogEntry): string | undefined => e.scenario?.replace(/ \[[^\]]*\]$/, '');
const example = (e: ExchangeLogEntry, detail: string): OverlayRequirementExample => ({ ...(scenarioOf(e) ? { scenario: scenarioOf(e)! } : {}), message: e.label, at: e.at, detail });
const seconds = (ms: number) => `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')} s`;
const limitText = (s: number) => (s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`);

export interface Read {
  entry: ExchangeLogEntry;
  message?: ParsedMessage;
}

/** the parsed messages of the log (once each) */
function readAll(log: readonly ExchangeLogEntry[], readBody: (e: ExchangeLogEntry) => Buffer | undefined): Read[] {
  return log.map((entry) => {
    const bytes = readBody(entry);
    const read = bytes?.length ? readMessage(bytes) : undefined;
    return { entry, ...(read?.ok && read.wire.message ? { message: read.wire.message } : {}) };
  });
}

/** a message of the SUT: a reply to the suite's request, a delivery at the listener (not the suite's own answers) */
const fromSut = (r: Read) => r.entry.direction === 'received' && !!r.message;
/** a request the suite sent to the SUT */
const toSut = (r: Read) => r.entry.direction === 'sent' && !!r.entry.url && !!r.message;

// ------------------------------------------------------------------------------------------------------------------
// readingType

function judgeReadingType(req: OverlayRequirement, reads: readonly Read[]): Omit<OverlayRequirementResult, 'id' | 'kind' | 'requires'> {
  const code = req.readingType!;
  const delivered: OverlayRequirementExample[] = [];
  for (const r of reads) {
    if (!fromSut(r)) continue;
    const root = r.message!.payload?.root;
    if (!root || root.name !== 'MeterReadings') continue;
    const mr = readMeterReadings(root);
    // a ReadingType declared in the payload and named by its mRID
    const declared = new Map((mr.readingTypes ?? []).map((t) => [t.mRID, t.name]));
    const is = (ref: string) => ref === code || (declared.has(ref) && (declared.get(ref) === code || ref === code));
    let values = 0;
    for (const m of mr.meterReadings) {
      values += (m.readings ?? []).filter((x) => is(x.readingType) && (x.value ?? '').trim() !== '').length;
      for (const b of m.intervalBlocks ?? []) if (is(b.readingType)) values += b.readings.filter((x) => (x.value ?? '').trim() !== '').length;
    }
    if (values) delivered.push(example(r.entry, `${values} value(s) of ${code}`));
  }
  if (delivered.length) return { verdict: 'met', observed: `delivered in ${delivered.length} message(s) of the SUT`, examples: delivered.slice(0, EXAMPLES) };
  // asked for and never delivered: the requests naming it and the answers they got
  // only a request the SUT answered counts: one that got no reply (unreachable, or no answer in time) judges nothing here
  const asked: OverlayRequirementExample[] = [];
  const unanswered: OverlayRequirementExample[] = [];
  reads.forEach((r, i) => {
    if (!toSut(r)) return;
    const q = r.message!.request?.query as XNode | undefined;
    if (!q || q.name !== 'GetMeterReadings' || !(readGetMeterReadings(q).readingTypes ?? []).includes(code)) return;
    const next = reads.slice(i + 1, i + 40).find((x) => x.entry.pid === r.entry.pid && x.entry.n === r.entry.n + 1);
    const answer = next && next.entry.label === `${r.entry.label}: reply` ? next : undefined;
    const reply = answer?.message?.reply;
    if (!answer) unanswered.push(example(r.entry, 'no reply'));
    else asked.push(example(r.entry, reply ? `answered ${reply.result}${reply.errors?.length ? ` (${reply.errors.map((e) => e.code).join(', ')})` : ''}, no value of ${code}` : `answered without a readable Reply, no value of ${code}`));
  });
  if (asked.length) return { verdict: 'not met', observed: `asked for in ${asked.length} request(s) the SUT answered; no message of the SUT delivered a value of it`, examples: asked.slice(0, EXAMPLES) };
  if (unanswered.length) return { verdict: 'not checked', observed: `asked for in ${unanswered.length} request(s), none answered (the SUT could not be reached or did not reply): no verdict`, examples: unanswered.slice(0, EXAMPLES) };
  return { verdict: 'not checked', observed: 'the run neither asked for it nor received it (the SUT plays no role the suite asks for readings: MDM, HES)', examples: [] };
}

// ------------------------------------------------------------------------------------------------------------------
// timeLimit

interface Measured {
  ms: number;
  entry: ExchangeLogEntry;
  what: string;
}

function verdictOfMeasures(limitSeconds: number, measured: readonly Measured[], missing: readonly Measured[], nothing: string, unit: string): Omit<OverlayRequirementResult, 'id' | 'kind' | 'requires'> {
  const over = [...measured.filter((m) => m.ms > limitSeconds * 1000), ...missing].sort((a, b) => b.ms - a.ms);
  if (!measured.length && !missing.length) return { verdict: 'not checked', observed: nothing, examples: [] };
  const worst = measured.reduce((a, b) => Math.max(a, b.ms), 0);
  if (over.length) {
    return {
      verdict: 'not met',
      observed: `${over.length} of ${measured.length + missing.length} ${unit} over ${limitText(limitSeconds)}${missing.length ? ` (${missing.length} never came)` : ''}; the slowest measured ${seconds(worst)}`,
      examples: over.slice(0, EXAMPLES).map((m) => example(m.entry, m.what)),
    };
  }
  const slowest = [...measured].sort((a, b) => b.ms - a.ms)[0]!;
  return { verdict: 'met', observed: `${measured.length} ${unit} within ${limitText(limitSeconds)}; the slowest ${seconds(worst)}`, examples: [example(slowest.entry, slowest.what)] };
}

function judgeTimeLimit(req: OverlayRequirement, reads: readonly Read[], codes: { outage: readonly string[]; restoration: readonly string[] }): Omit<OverlayRequirementResult, 'id' | 'kind' | 'requires'> {
  const tl = req.timeLimit!;
  const matches = (m: ParsedMessage) => (!tl.noun || m.header?.noun?.trim() === tl.noun) && (!tl.verb || m.header?.verb?.trim().toLowerCase() === tl.verb.toLowerCase());
  const pair = (m: ParsedMessage) => `${m.header?.verb ?? '?'}(${m.header?.noun ?? '?'})`;
  if (tl.of === 'reply') {
    const measured: Measured[] = [];
    let unanswered = 0;
    reads.forEach((r, i) => {
      if (!toSut(r) || !matches(r.message!)) return;
      const next = reads.slice(i + 1, i + 40).find((x) => x.entry.pid === r.entry.pid && x.entry.n === r.entry.n + 1);
      // no reply in the log (unreachable, or no answer within timeouts.responseSeconds): not measured, counted
      if (!next || next.entry.direction !== 'received' || next.entry.label !== `${r.entry.label}: reply`) return void unanswered++;
      const ms = Date.parse(next.entry.at) - Date.parse(r.entry.at);
      measured.push({ ms, entry: next.entry, what: `${pair(r.message!)} answered in ${seconds(ms)}` });
    });
    const judged = verdictOfMeasures(tl.seconds, measured, [], `no synchronous reply${tl.noun || tl.verb ? ` to ${tl.verb ?? '*'}(${tl.noun ?? '*'})` : ''} in this run`, 'synchronous replies');
    return unanswered ? { ...judged, observed: `${judged.observed}; ${unanswered} request(s) without a reply not measured` } : judged;
  }
  if (tl.of === 'asyncResult') {
    const results = new Map<string, Read>();
    for (const r of reads) {
      const cid = r.message?.header?.correlationId;
      if (fromSut(r) && r.entry.label.startsWith('delivery #') && cid && !results.has(cid)) results.set(cid, r);
    }
    const end = reads.length ? Date.parse(reads[reads.length - 1]!.entry.at) : 0;
    const measured: Measured[] = [];
    const missing: Measured[] = [];
    for (const r of reads) {
      const h = r.message?.header;
      if (!toSut(r) || !h?.asyncReplyFlag || !h.messageId || !matches(r.message!)) continue;
      const res = results.get(h.messageId);
      const sent = Date.parse(r.entry.at);
      if (res) {
        const ms = Date.parse(res.entry.at) - sent;
        measured.push({ ms, entry: res.entry, what: `the result of ${pair(r.message!)} came ${seconds(ms)} after the request` });
      } else if (end - sent > tl.seconds * 1000) missing.push({ ms: Infinity, entry: r.entry, what: `no result of ${pair(r.message!)} in the ${seconds(end - sent)} the run went on after the request` });
    }
    return verdictOfMeasures(tl.seconds, measured, missing, 'no asynchronous request in this run (AsyncReplyFlag with a ReplyAddress)', 'asynchronous results');
  }
  const wanted = new Set(tl.of === 'event' ? (tl.eventTypes ?? []) : tl.of === 'restoration' ? codes.restoration : codes.outage);
  const measured: Measured[] = [];
  for (const r of reads) {
    const root = r.message?.payload?.root;
    if (!fromSut(r) || !r.entry.label.startsWith('delivery #') || root?.name !== 'EndDeviceEvents') continue;
    const types = readEndDeviceEventTypes(root);
    const codeOf = (ref: string) => (wanted.has(ref) ? ref : (types.find((t) => t.mRID === ref || t.name === ref)?.code ?? ref));
    for (const ev of readEndDeviceEvents(root)) {
      const code = codeOf(ev.eventType);
      if (!wanted.has(code)) continue;
      const created = ev.createdDateTime ? Date.parse(ev.createdDateTime) : NaN;
      if (Number.isNaN(created)) continue;
      const ms = Date.parse(r.entry.at) - created;
      measured.push({ ms, entry: r.entry, what: `event ${code} of ${ev.meter ?? 'a meter'} (createdDateTime ${ev.createdDateTime}) reached the suite ${seconds(ms)} later` });
    }
  }
  const which = tl.of === 'event' ? `of the types ${[...wanted].join(', ')}` : `${tl.of} (UC-03: ${[...wanted].join(', ')})`;
  return verdictOfMeasures(tl.seconds, measured, [], `the SUT published no event ${which} with a createdDateTime in this run`, `events ${which}`);
}

// ------------------------------------------------------------------------------------------------------------------
// element

const childrenNamed = (n: XNode, name: string) => n.children.filter((c) => c.name === name);

/** how often the elements at a path's parent carry its last step, in the payloads of a noun the SUT sent */
export interface ElementPresence {
  /** the elements at the parent path, and the messages they were in */
  parents: number;
  messages: number;
  /** the parents without the last step */
  missing: number;
  /** the messages with a parent without it (up to EXAMPLES), and the first message where every parent had it */
  missingIn: OverlayRequirementExample[];
  firstOk?: OverlayRequirementExample;
}

/** the messages of the log, read once, for elementPresence */
export function readLog(log: readonly ExchangeLogEntry[], readBody: (e: ExchangeLogEntry) => Buffer | undefined): readonly Read[] {
  return readAll(log, readBody);
}

export function elementPresence(reads: readonly Read[], noun: string, path: readonly string[]): ElementPresence {
  const parentSteps = path.slice(0, -1);
  const last = path[path.length - 1]!;
  const parentName = parentSteps.length ? parentSteps[parentSteps.length - 1] : noun;
  const out: ElementPresence = { parents: 0, messages: 0, missing: 0, missingIn: [] };
  for (const r of reads) {
    const root = r.message?.payload?.root;
    if (!fromSut(r) || !root || root.name !== noun) continue;
    let level: XNode[] = [root];
    for (const step of parentSteps) level = level.flatMap((n) => childrenNamed(n, step));
    if (!level.length) continue;
    out.messages++;
    out.parents += level.length;
    const without = level.filter((n) => !childrenNamed(n, last).length);
    if (without.length) {
      out.missing += without.length;
      if (out.missingIn.length < EXAMPLES) out.missingIn.push(example(r.entry, `${without.length} of ${level.length} ${parentName} element(s) without ${last} (first at line ${without[0]!.line})`));
    } else out.firstOk ??= example(r.entry, `every ${parentName} has ${last}`);
  }
  return out;
}

function judgeElement(req: OverlayRequirement, reads: readonly Read[]): Omit<OverlayRequirementResult, 'id' | 'kind' | 'requires'> {
  const { noun, path } = req.element!;
  const p = elementPresence(reads, noun, path);
  const last = path[path.length - 1]!;
  const at = `${noun}${path.length > 1 ? `/${path.slice(0, -1).join('/')}` : ''}`;
  if (!p.parents) return { verdict: 'not checked', observed: `the SUT sent no ${at} element in this run`, examples: [] };
  if (p.missing) return { verdict: 'not met', observed: `${p.missing} of ${p.parents} ${at} element(s) in ${p.messages} message(s) of the SUT lack ${last}`, examples: p.missingIn };
  return { verdict: 'met', observed: `all ${p.parents} ${at} element(s) in ${p.messages} message(s) of the SUT have ${last}`, examples: p.firstOk ? [p.firstOk] : [] };
}

// ------------------------------------------------------------------------------------------------------------------

/** the requirement in words */
export function describeOverlayRequirement(req: OverlayRequirement): string {
  if (req.readingType) return `the SUT delivers readings of ReadingType ${req.readingType}`;
  if (req.timeLimit) {
    const tl = req.timeLimit;
    const sel = tl.noun || tl.verb ? ` to ${tl.verb ?? '*'}(${tl.noun ?? '*'})` : '';
    if (tl.of === 'reply') return `every synchronous reply${sel} within ${limitText(tl.seconds)} of its request`;
    if (tl.of === 'asyncResult') return `every asynchronous result${sel} within ${limitText(tl.seconds)} of its request`;
    if (tl.of === 'event') return `every event of the types ${(tl.eventTypes ?? []).join(', ')} published within ${limitText(tl.seconds)} of its createdDateTime`;
    return `every ${tl.of} event published within ${limitText(tl.seconds)} of its createdDateTime`;
  }
  const e = req.element!;
  const parent = e.path.length > 1 ? e.path.slice(0, -1).join('/') : '';
  return `every ${e.noun}${parent ? `/${parent}` : ''} the SUT sends has ${e.path[e.path.length - 1]} (optional in the standard, required by the utility)`;
}

export function judgeOverlayRequirements(input: {
  requirements: readonly OverlayRequirement[];
  log: readonly ExchangeLogEntry[];
  readBody: (e: ExchangeLogEntry) => Buffer | undefined;
  /** UC-03 in force */
  eventCodes: { outage: readonly string[]; restoration: readonly string[] };
}): OverlayRequirementResult[] {
  if (!input.requirements.length) return [];
  const reads = readAll(input.log, input.readBody);
  return input.requirements.map((req) => {
    const kind = req.readingType ? 'readingType' : req.timeLimit ? 'timeLimit' : 'element';
    const judged = kind === 'readingType' ? judgeReadingType(req, reads) : kind === 'timeLimit' ? judgeTimeLimit(req, reads, input.eventCodes) : judgeElement(req, reads);
    return { id: req.id, ...(req.statement ? { statement: req.statement } : {}), kind, requires: describeOverlayRequirement(req), ...judged };
  });
}
