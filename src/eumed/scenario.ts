/**
 * What the EUMED steps do, so that steps/eumed.steps.ts stays thin: the scenario state (metering point,
 * message kind, period, the blocks received), the requests, the publication trigger, and the checks of
 * what came back. The suite plays the market party that reads or receives EUMED data from the MDM, and
 * the head-end that delivers raw data to it.
 */
import { execFile } from 'node:child_process';
import type { Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { checkOutcome } from '../checks/envelope.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { setTwin } from '../usecases/twin.ts';
import { checkMeterReadingSet, gradeSchemaFindings, type EumedCheckContext } from './check.ts';
import { eumedSettings, isTimeZone, type EumedSettings, type MessageKind } from './model.ts';
import type { ReadIntervalBlock } from './payload.ts';
import { getMeterReadingSetMessage, meterReadingSetEvent, readingTypeCodeOf } from './requests.ts';
import { checkIndexAgainstCurve, checkMaxPowerValue, type Period } from './rules.ts';
import { loadCurveMeterReading, QUARTER_MS } from './generate.ts';
import { addDays, lastDstDay, localDateOf, localDay, localMidnight, utcStamp, yesterday } from './time.ts';

/** where publications of the SUT reach the suite's listener */
export const EUMED_PUBLICATION_PATH = 'eumed/published';

export const KIND_WORDS: Readonly<Record<string, MessageKind>> = { 'load curve': 'loadCurve', 'max power': 'maxPower', index: 'index' };

export interface EumedState {
  usagePoint?: string;
  meter?: string;
  kind?: MessageKind;
  period?: Period;
  /** intervals the suite (as head-end) did not deliver: end instants */
  notCollected?: number[];
  /** the blocks of the last checked payload, by kind */
  blocks: Partial<Record<MessageKind, ReadIntervalBlock>>;
  /** the listener's last message before the publication was triggered: only later deliveries count */
  publicationMark?: number;
}

const states = new WeakMap<Cim9World, EumedState>();

export function state(w: Cim9World): EumedState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { blocks: {} }));
  return s;
}

/** the EUMED settings in force (recorded as used assumptions) */
export function settings(w: Cim9World): EumedSettings {
  const s = eumedSettings(w.ctx('EUMED settings').register ?? {});
  if (!isTimeZone(s.timeZone)) throw new SuiteError(`the market time zone "${s.timeZone}" is not an IANA time zone Intl knows`);
  return s;
}

/** EUM-01: without a configured namespace EUMED scenarios do not apply; the reason goes into the report */
export function configured(w: Cim9World): 'skipped' | undefined {
  if (settings(w).ns) return undefined;
  w.attach('EUM-01 (the EUMED namespace) is not configured in the profile: no IEC namespace is public, so EUMED scenarios do not apply (set assumptions: { EUM-01: <namespace> }).', { mediaType: 'text/plain', fileName: 'not applicable.txt' });
  return 'skipped';
}

/** UC-35: is this exchange pattern in scope? */
export function patternApplies(w: Cim9World, pattern: 'publication' | 'query-reply'): 'skipped' | undefined {
  const uc35 = settings(w).exchange;
  if (uc35 === 'either' || uc35 === pattern) return undefined;
  w.attach(`UC-35 = ${uc35}: the ${pattern} pattern is not in scope for this SUT.`, { mediaType: 'text/plain', fileName: 'not applicable.txt' });
  return 'skipped';
}

export function kindOf(words: string): MessageKind {
  const k = KIND_WORDS[words];
  if (!k) throw new SuiteError(`unknown EUMED message "${words}"; use load curve, max power or index`);
  return k;
}

/**
 * A period in market time: "yesterday", "the last 23-hour day" / "the last 25-hour day" (the latest local
 * day with a DST change), "the last N days" (the N local days before today).
 */
export function periodOf(w: Cim9World, words: string): Period {
  const tz = settings(w).timeZone;
  const now = Date.now();
  if (words === 'yesterday') {
    const d = yesterday(tz, now);
    return { start: d.start, end: d.end };
  }
  const dst = /^the last (23|25)-hour day$/.exec(words);
  if (dst) {
    const d = lastDstDay(tz, Number(dst[1]) as 23 | 25, now);
    if (!d) throw new SuiteError(`the market time zone ${tz} had no ${dst[1]}-hour day in the last two years (no DST): the scenario does not apply`);
    return { start: d.start, end: d.end };
  }
  const days = /^the last (\d+) days$/.exec(words);
  if (days) {
    const today = localDateOf(tz, now);
    return { start: localMidnight(tz, addDays(today, -Number(days[1]))), end: localMidnight(tz, today) };
  }
  throw new SuiteError(`unknown period "${words}"`);
}

/** the check context of a message (label, zone, EUM-12, register) */
export function checkContext(w: Cim9World, label: string): EumedCheckContext {
  const c = w.ctx(label);
  const s = settings(w);
  return { label, timeZone: s.timeZone, stamp: s.stamp, assumptions: c.assumptions as Record<string, string>, strict: c.strict, settings: s };
}

// ------------------------------------------------------------------------------------------------
// requests

/** get(MeterReadingSet) for a kind, the scenario's metering point and a period */
export async function requestKind(w: Cim9World, kind: MessageKind, period: Period, opts: { usagePoint?: string; readingType?: string; label?: string; record?: boolean } = {}): Promise<Exchange> {
  const s = state(w);
  const up = opts.usagePoint ?? s.usagePoint;
  if (!up) throw new SuiteError('no metering point was chosen before this step');
  const kinds = settings(w).kinds;
  const code = opts.readingType ?? readingTypeCodeOf(kind, kinds === 'eumed-table' ? undefined : kinds);
  if (opts.record !== false) {
    s.kind = kind;
    s.period = period;
  }
  const msg = getMeterReadingSetMessage(w.requestHeader('get', 'MeterReadingSet'), { usagePoints: [up], period, readingTypes: [code] });
  // the valid twin (a negative's refusal counts only when the MDM answers this): a metering point it serves, the kind's own ReadingType
  const known = w.profile.data.meters[0]?.usagePoint;
  if (known) {
    const twinCode = readingTypeCodeOf(kind, kinds === 'eumed-table' ? undefined : kinds);
    setTwin(w, { role: 'MDM', negative: up === w.profile.data.unknownUsagePoint || opts.readingType !== undefined, label: `get(MeterReadingSet) ${kind} of metering point ${known}`, build: () => getMeterReadingSetMessage(w.requestHeader('get', 'MeterReadingSet'), { usagePoints: [known], period, readingTypes: [twinCode] }) });
  }
  return w.send('MDM', msg, opts.label ?? `get(MeterReadingSet) ${kind} ${utcStamp(period.start)} – ${utcStamp(period.end)}`);
}

/**
 * The head-end delivers the load curve of the scenario's metering point for a period to the MDM, without
 * `missing` intervals in the middle of the period (they become the intervals the MDM must estimate).
 */
export async function deliverWithGaps(w: Cim9World, period: Period, missing: number): Promise<Exchange> {
  const s = state(w);
  if (!s.usagePoint) throw new SuiteError('no metering point was chosen before this step');
  const mr = loadCurveMeterReading(s.usagePoint, s.meter ?? s.usagePoint, period);
  const readings = mr.intervalBlocks[0]!.readings;
  const from = Math.floor(readings.length / 2);
  const cut = readings.splice(from, missing);
  s.notCollected = cut.map((r) => Date.parse(r.timeStamp));
  const st = settings(w);
  const x = await w.send('MDM', meterReadingSetEvent(w.requestHeader('created', 'MeterReadingSet'), { meterReadings: [mr] }, { ns: st.ns }), `created(MeterReadingSet) from the head-end, ${missing} intervals missing`);
  w.assert(x.findings, `${x.label}: reply`);
  if (x.wire) w.assert(checkOutcome(x.wire, { result: 'OK', annexB: w.annexB }, w.ctx(`${x.label} reply`)), `${x.label}: Result`);
  return x;
}

/**
 * Make the SUT publish a kind for a period at the suite's listener (UC-35 publication). The embedded
 * reference SUT publishes the result of an asynchronous get at its ReplyAddress (created, CIM9-01); a real
 * SUT is asked through the profile's stimulus (http: POST of a JSON command; command: a shell command with
 * {event}, {meter} and CIM9_* variables); manual or none: the scenario is skipped.
 */
export async function triggerPublication(w: Cim9World, kind: MessageKind, period: Period): Promise<'skipped' | undefined> {
  const s = state(w);
  if (!s.usagePoint) throw new SuiteError('no metering point was chosen before this step');
  s.kind = kind;
  s.period = period;
  s.publicationMark = w.run.listener.lastSeq;
  const address = w.run.listener.urlFor(EUMED_PUBLICATION_PATH);
  const stim = w.profile.stimulus;
  const kinds = settings(w).kinds;
  const code = readingTypeCodeOf(kind, kinds === 'eumed-table' ? undefined : kinds);
  if (stim.kind === 'simulator') {
    const header = w.requestHeader('get', 'MeterReadingSet', { asyncReplyFlag: true, replyAddress: address });
    const x = await w.send('MDM', getMeterReadingSetMessage(header, { usagePoints: [s.usagePoint], period, readingTypes: [code] }), `publication trigger: get(MeterReadingSet) ${kind} with ReplyAddress`);
    w.assert(x.findings, `${x.label}: reply`);
    if (x.wire) w.assert(checkOutcome(x.wire, { result: 'OK', annexB: w.annexB }, w.ctx(`${x.label} reply`)), `${x.label}: Result`);
    return undefined;
  }
  const command = { event: 'eumed-publish', kind, readingType: code, usagePoint: s.usagePoint, start: utcStamp(period.start), end: utcStamp(period.end), address };
  w.attach(JSON.stringify(command, null, 2), { mediaType: 'application/json', fileName: 'stimulus eumed-publish.json' });
  if (stim.kind === 'http' && stim.url) {
    let res: Response;
    try {
      res = await fetch(stim.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command), signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      throw new SuiteError(`stimulus eumed-publish at ${stim.url} failed: ${(e as Error).message}`);
    }
    if (!res.ok) throw new SuiteError(`stimulus eumed-publish at ${stim.url} answered HTTP ${res.status}`);
    return undefined;
  }
  if (stim.kind === 'command' && stim.command) {
    const shq = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
    const cmd = stim.command.replaceAll('{event}', shq('eumed-publish')).replaceAll('{meter}', shq(s.usagePoint));
    const env = { ...process.env, CIM9_EVENT: 'eumed-publish', CIM9_METER: s.usagePoint, CIM9_EUMED: JSON.stringify(command) };
    await new Promise<void>((resolve, reject) =>
      execFile('/bin/sh', ['-c', cmd], { timeout: 60_000, env }, (err, _o, stderr) => (err ? reject(new SuiteError(`stimulus command failed: ${stderr.slice(0, 500)}`)) : resolve())),
    );
    return undefined;
  }
  w.attach(`The profile names no automatic way to make the SUT publish (stimulus.kind: ${stim.kind}); skipped.`, { mediaType: 'text/plain', fileName: 'skipped.txt' });
  return 'skipped';
}

/** wait for created(MeterReadingSet) at the publication address */
export async function awaitPublication(w: Cim9World): Promise<void> {
  const limit = Math.max(w.profile.timeouts.eventSeconds, w.profile.timeouts.asyncResultSeconds);
  w.expectedEvent = { verb: 'created', noun: 'MeterReadingSet' };
  const mark = state(w).publicationMark ?? 0;
  const x = await w.receive(EUMED_PUBLICATION_PATH, { predicate: (m) => m.seq > mark && m.inspected.noun === 'MeterReadingSet' }, limit, 'published MeterReadingSet');
  if (!x) {
    w.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `no created(MeterReadingSet) reached ${w.run.listener.urlFor(EUMED_PUBLICATION_PATH)} within ${limit} s` }], 'publication');
  }
  w.lastEvent = x;
}

// ------------------------------------------------------------------------------------------------
// checks

/** layer 1 of an exchange with EUM-07 applied to the schema findings inside the EUMED payload */
export function schemaFindings(w: Cim9World, x: Exchange): Finding[] {
  return gradeSchemaFindings(x.findings, x.wire?.message?.payload?.root?.path, settings(w));
}

/** the EUMED payload of an exchange against the scenario's expectation; keeps its blocks for cross-checks */
export function payloadFindings(w: Cim9World, x: Exchange, kind: MessageKind): Finding[] {
  const s = state(w);
  const label = x.sent ? `${x.label} reply` : x.label;
  const root = x.wire?.message?.payload?.root;
  if (!root) return [{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${label}: no MeterReadingSet payload`, file: label }];
  s.blocks = {};
  const ctx = checkContext(w, label);
  const out = checkMeterReadingSet(root, { kind, usagePoints: s.usagePoint ? [s.usagePoint] : undefined, period: s.period, notCollected: s.notCollected }, ctx, (b, _m, k) => {
    if (k && !s.blocks[k]) s.blocks[k] = b;
  });
  if (!s.blocks[kind] && !out.some((f) => f.severity === 'error')) {
    out.push({ rule: 'EUMED-READINGTYPE', clause: rule('EUMED-READINGTYPE').clause, severity: 'error', message: `${label}: the MeterReadingSet carries no ${kind}`, file: label });
  }
  return out;
}

/** the number of intervals of the last load curve */
export function intervalCount(w: Cim9World): number {
  const b = state(w).blocks.loadCurve;
  if (!b) throw new SuiteError('no load curve was received before this step');
  return b.readings.length;
}

/** the load curve of the scenario's metering point for a period, read from the SUT for a comparison */
async function curveFor(w: Cim9World, period: Period): Promise<{ block?: ReadIntervalBlock; findings: Finding[] }> {
  const s = state(w);
  const keep = { ...s.blocks };
  const x = await requestKind(w, 'loadCurve', period, { record: false, label: `get(MeterReadingSet) load curve ${utcStamp(period.start)} – ${utcStamp(period.end)} for comparison` });
  const findings = [...schemaFindings(w, x)];
  const saved = s.period;
  s.period = period;
  findings.push(...payloadFindings(w, x, 'loadCurve'));
  s.period = saved;
  const block = s.blocks.loadCurve;
  s.blocks = { ...keep, loadCurve: block };
  const errors = findings.filter((f) => f.severity === 'error');
  // nothing to compare with is never a pass
  if (!block && !errors.length) errors.push({ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label}: the reply carries no load curve to compare with`, file: x.label });
  return { block, findings: errors };
}

/** UC-35 publication only: the SUT answers no query, so there is no load curve to compare with */
function noQueries(w: Cim9World): boolean {
  if (settings(w).exchange !== 'publication') return false;
  w.attach('UC-35 = publication: the SUT answers no get(MeterReadingSet), so the comparison with the load curve cannot be made (step skipped, not passed).', { mediaType: 'text/plain', fileName: 'not checked.txt' });
  return true;
}

/** EUMED-MAXPOWER-VALUE against the load curve of the same period */
export async function maxPowerAgainstCurve(w: Cim9World): Promise<Finding[] | 'skipped'> {
  if (noQueries(w)) return 'skipped';
  const s = state(w);
  const max = s.blocks.maxPower;
  if (!max || !s.period) throw new SuiteError('no max power was received before this step');
  const { block, findings } = await curveFor(w, s.period);
  if (!block) return findings;
  return [...findings, ...checkMaxPowerValue(max, block, s.period, checkContext(w, 'max power against the load curve'))];
}

/** EUMED-UNIT: the index advance over the last local day of the period against that day's load curve */
export async function indexAgainstCurve(w: Cim9World): Promise<Finding[] | 'skipped'> {
  if (noQueries(w)) return 'skipped';
  const s = state(w);
  const index = s.blocks.index;
  if (!index || !s.period) throw new SuiteError('no index was received before this step');
  const tz = settings(w).timeZone;
  const lastDay = localDay(tz, addDays(localDateOf(tz, s.period.end), -1));
  const day = { start: lastDay.start, end: lastDay.end };
  if (day.start < s.period.start || (day.end - day.start) % QUARTER_MS !== 0) {
    throw new SuiteError(`the period ${utcStamp(s.period.start)} – ${utcStamp(s.period.end)} holds no whole local day to compare the index advance with: nothing to check`);
  }
  const { block, findings } = await curveFor(w, day);
  if (!block) return findings;
  return [...findings, ...checkIndexAgainstCurve(index, block, day, checkContext(w, 'index against the load curve'))];
}
