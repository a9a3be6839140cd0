/**
 * The SUT's expected-failure ledger (waivers): scenarios a vendor or lab knows the SUT fails today, each with a
 * reason and an expiry date. File form (waivers.yaml):
 *
 *   waivers:
 *     - scenario: EDE-09.1          # the scenario's unique @req: id (a Scenario Outline: every example row)
 *       reason: CorrelationID is not echoed until release 4.3 (ticket ACME-1234)
 *       expires: 2027-03-31         # YYYY-MM-DD, valid through that day (UTC)
 *
 * Which file: the profile's `waivers:` path, else `<profile name>.waivers.yaml` beside the profile (reference.yaml
 * → reference.waivers.yaml), else `waivers.yaml` beside the profile (`waiversFileBeside`). The loader of the
 * profile only finds the file; `loadWaivers` reads and checks it when a run applies it, so that an expired waiver
 * stops `cim9 run`, not `cim9 validate`. Every problem (malformed file, unknown field, an id no scenario of the
 * suite carries, an expired entry, a scenario waived twice) is a ProfileError naming the file, line and entry
 * (exit 2). How a waiver changes a verdict: src/report/waivers.ts.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { ProfileError, type ProfileIssue } from './index.ts';

export interface Waiver {
  /** the scenario's @req: id, e.g. EDE-09.1 */
  scenario: string;
  reason: string;
  /** YYYY-MM-DD: the last day the waiver holds */
  expires: string;
}

export interface WaiverLedger {
  /** absolute path of the waivers file */
  file: string;
  waivers: Waiver[];
}

/** the waivers file found beside a profile (<name>.waivers.yaml, then waivers.yaml), or undefined */
export function waiversFileBeside(profileFile: string): string | undefined {
  const dir = dirname(profileFile);
  const stem = basename(profileFile, extname(profileFile));
  for (const f of [join(dir, `${stem}.waivers.yaml`), join(dir, 'waivers.yaml')]) {
    try {
      if (existsSync(f) && statSync(f).isFile()) return f;
    } catch {
      // unreadable: as if absent here; loadWaivers names it when given explicitly
    }
  }
  return undefined;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIELDS = ['scenario', 'reason', 'expires'];

/** a ProfileError (exit 2) that calls the file what it is */
function waiverError(file: string, issues: ProfileIssue[]): ProfileError {
  const e = new ProfileError(file, issues);
  e.message = e.message.replace(/^(\d+) problems in profile /, '$1 problems in waivers file ');
  return e;
}

/** today's date in UTC, YYYY-MM-DD */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Read and check a waivers file. `knownIds`: the @req: ids of every scenario of the suite; `today`: YYYY-MM-DD
 * (default: today in UTC). Throws ProfileError (one line per problem, each naming the file, line and entry).
 */
export function loadWaivers(file: string, opts: { knownIds: ReadonlySet<string>; today?: string }): WaiverLedger {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw waiverError(file, [{ path: '(file)', message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'waivers file not found' : `cannot read the waivers file (${(e as Error).message})` }]);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw waiverError(file, [{ path: '(yaml)', line: p.line, col: p.col, message: `YAML syntax error: ${e.message.split('\n')[0]}` }]);
  }
  const at = (n: Node | null | undefined): Pick<ProfileIssue, 'line' | 'col'> => (n?.range ? lc.linePos(n.range[0]) : {});
  const issues: ProfileIssue[] = [];
  const root = doc.contents;
  const expected = 'expected a map with one field, waivers: a list of {scenario, reason, expires}';
  if (!isMap(root)) throw waiverError(file, [{ path: '(root)', ...at(root as Node | null), message: `not a waivers file: ${expected}` }]);
  for (const pair of root.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (k !== 'waivers') issues.push({ path: k, ...at(pair.key as Node), message: `unknown field "${k}": ${expected}` });
  }
  const list = root.get('waivers', true) as Node | undefined;
  if (list === undefined || list === null) {
    if (!issues.length) issues.push({ path: 'waivers', ...at(root), message: `required field is missing: ${expected}` });
    throw waiverError(file, issues);
  }
  // an empty list (waivers: or waivers: []) waives nothing
  if (isScalar(list) && (list.value === null || list.value === '')) {
    if (issues.length) throw waiverError(file, issues);
    return { file, waivers: [] };
  }
  if (!isSeq(list)) throw waiverError(file, [...issues, { path: 'waivers', ...at(list), message: 'must be a list of {scenario, reason, expires}' }]);
  const today = opts.today ?? todayUtc();
  const waivers: Waiver[] = [];
  const first = new Map<string, number>();
  list.items.forEach((item, i) => {
    const where = `waivers[${i}]`;
    if (!isMap(item)) {
      issues.push({ path: where, ...at(item as Node), message: 'must be a map {scenario, reason, expires}' });
      return;
    }
    const field = (name: string): { value: string | undefined; node: Node | undefined } => {
      const node = item.get(name, true) as Node | undefined;
      if (node === undefined) return { value: undefined, node };
      const v = isScalar(node) ? node.value : undefined;
      return { value: typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined, node };
    };
    for (const pair of item.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!FIELDS.includes(k)) issues.push({ path: `${where}.${k}`, ...at(pair.key as Node), message: `unknown field "${k}"; allowed: ${FIELDS.join(', ')}` });
    }
    const scenario = field('scenario');
    const reason = field('reason');
    const expires = field('expires');
    const label = scenario.value ? ` (waiver of ${scenario.value})` : '';
    let ok = true;
    const bad = (name: string, f: { node: Node | undefined }, message: string) => {
      issues.push({ path: `${where}.${name}`, ...at(f.node ?? item), message });
      ok = false;
    };
    if (!scenario.value) bad('scenario', scenario, 'required: the @req: id of the waived scenario, e.g. EDE-09.1');
    else if (!ID.test(scenario.value)) bad('scenario', scenario, `"${scenario.value}" is not a scenario id (the @req: id, e.g. EDE-09.1, without @req:)`);
    else if (!opts.knownIds.has(scenario.value)) bad('scenario', scenario, `"${scenario.value}" names no scenario of the suite (the @req: id of a scenario in features/, e.g. EDE-09.1)`);
    else if (first.has(scenario.value)) bad('scenario', scenario, `"${scenario.value}" is waived twice (first at waivers[${first.get(scenario.value)}])`);
    if (!reason.value) bad('reason', reason, `required${label}: why the SUT fails this scenario today (a person reads it in the statement)`);
    if (!expires.value) bad('expires', expires, `required${label}: the last day the waiver holds, YYYY-MM-DD`);
    else if (!validDate(expires.value)) bad('expires', expires, `"${expires.value}"${label} is not a date YYYY-MM-DD`);
    else if (expires.value < today) bad('expires', expires, `the waiver of ${scenario.value ?? 'this entry'} expired on ${expires.value} (today is ${today}): renew it with a new date and reason, or remove it`);
    if (ok) {
      first.set(scenario.value!, i);
      waivers.push({ scenario: scenario.value!, reason: reason.value!, expires: expires.value! });
    }
  });
  if (issues.length) throw waiverError(file, issues);
  return { file, waivers };
}
