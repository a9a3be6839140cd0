/**
 * `cim9 mutants`: the mutation run. The suite runs once against the clean reference SUT and once per fault of
 * simulator/faults (two child runs at a time, each with its own reports directory under reports/mutants/<id>),
 * then once with every fault switched on together (the faults must compose: everything that fails for one
 * fault still fails, nothing breaks). It proves that the suite's checks can fail:
 *
 * - every fault is caught: at least one scenario gets verdict `failed` and names the rule the fault violates;
 * - every scenario catches at least one fault;
 * - a fault "caught" only by verdict `error` is the suite breaking, not a catch; any `error` under a fault is a
 *   SUT-caused failure the suite misclassified;
 *
 * unless the ledger (simulator/faults/ledger.yaml) lists the fault or the scenario with a reason. Writes
 * reports/mutants.json (machine-readable) and reports/mutants.md (for people) and prints a table.
 * `cim9 selftest` runs the same machinery on the fast subset.
 *
 * The bookkeeping (`analyse`, `parseLedger`, the renderers) is pure and unit-tested (test/mutants.test.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { parseDocument } from 'yaml';
import { FAULTS, checkFaultIds, combinable, editionsOf, targetTags, violatedRule, type Edition, type FaultDef } from '../../simulator/faults/catalogue.ts';
import { isRuleId } from '../checks/catalogue.ts';
import { BUILT, CODE_ROOT, repoPath, REPO_ROOT } from '../paths.ts';
import { INCONCLUSIVE, type Verdict } from '../session/verdict.ts';
import { scenarios as compiledScenarios } from '../session/scenarios.ts';
import { UsageError } from './run.ts';
import type { LaneWorkerDone, LaneWorkerJob } from './lane-worker.ts';

// ------------------------------------------------------------------------------------------------ ledger

export const DEFAULT_LEDGER = 'simulator/faults/ledger.yaml';

/** faults allowed to survive and scenarios allowed to catch nothing, each with its reason */
export interface Ledger {
  file: string;
  faults: Map<string, string>;
  /** key: scenario name, or "uri › name" when the entry names its feature file */
  scenarios: Map<string, string>;
}

export class LedgerError extends Error {}

/** read a ledger: `faults: [{id, reason}]`, `scenarios: [{name, uri?, reason}]`; every entry needs a reason */
export function parseLedger(text: string, file: string, knownFaults: readonly string[] = FAULTS.map((f) => f.id)): Ledger {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) throw new LedgerError(`${file}: YAML syntax error: ${doc.errors[0]!.message.split('\n')[0]}`);
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) throw new LedgerError(`${file}: the ledger is a map with the lists "faults" and "scenarios"`);
  const problems: string[] = [];
  for (const k of Object.keys(data)) if (k !== 'faults' && k !== 'scenarios') problems.push(`unknown field "${k}" (use faults, scenarios)`);
  const list = (k: 'faults' | 'scenarios'): Record<string, unknown>[] => {
    const v = data[k] ?? [];
    if (!Array.isArray(v)) {
      problems.push(`"${k}" must be a list`);
      return [];
    }
    return v.map((e, i) => {
      if (e === null || typeof e !== 'object' || Array.isArray(e)) {
        problems.push(`${k}[${i}] must be a map`);
        return {};
      }
      return e as Record<string, unknown>;
    });
  };
  const reasonOf = (k: string, i: number, e: Record<string, unknown>): string => {
    const r = e['reason'];
    if (typeof r !== 'string' || r.trim() === '') problems.push(`${k}[${i}] needs a reason`);
    return typeof r === 'string' ? r.trim() : '';
  };
  const faults = new Map<string, string>();
  list('faults').forEach((e, i) => {
    const id = e['id'];
    if (typeof id !== 'string' || !id) return problems.push(`faults[${i}] needs an id`);
    if (!knownFaults.includes(id)) problems.push(`faults[${i}]: unknown fault "${id}"`);
    if (faults.has(id)) problems.push(`faults[${i}]: fault "${id}" is listed twice`);
    faults.set(id, reasonOf('faults', i, e));
  });
  const scenarios = new Map<string, string>();
  list('scenarios').forEach((e, i) => {
    const name = e['name'];
    if (typeof name !== 'string' || !name) return problems.push(`scenarios[${i}] needs a name`);
    const uri = e['uri'];
    if (uri !== undefined && typeof uri !== 'string') problems.push(`scenarios[${i}]: uri must be a string`);
    scenarios.set(typeof uri === 'string' ? `${uri} › ${name}` : name, reasonOf('scenarios', i, e));
  });
  if (problems.length) throw new LedgerError(`${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { file, faults, scenarios };
}

export function loadLedger(file: string): Ledger {
  if (!existsSync(file)) throw new LedgerError(`${file}: ledger file not found`);
  return parseLedger(readFileSync(file, 'utf8'), relative(REPO_ROOT, file) || file);
}

// ------------------------------------------------------------------------------------------------ run outcomes

/** one scenario of one run, as the conformance report recorded it */
export interface ScenarioOutcome {
  name: string;
  uri: string;
  verdict: Verdict;
  /** rules of the error findings */
  rules: string[];
  /** first line of the failure or error message */
  reason?: string;
  /** the findings the failure lists, one line each */
  lines?: string[];
  /** the scenario's tags (with the feature's), to judge the faults' scopes */
  tags?: string[];
  /** the faults the embedded reference SUT asked for while the scenario ran (simulator/context.ts `has`; clean runs) */
  reached?: string[];
}

/** one child run (clean, one fault, or several combined) */
export interface RunOutcome {
  /** "clean", a fault id, or "combined"; "@2024" appended for a run under the 2024 reference profile */
  id: string;
  faults: string[];
  /** the profile of the run (relative to the repository), when not the default */
  profile?: string;
  exitCode: number;
  durationMs: number;
  reportsDir: string;
  /** undefined when the run wrote no conformance report (it crashed) */
  scenarios?: ScenarioOutcome[];
  /** messages the SUT sent that no scenario claimed */
  unsolicited: number;
  /** the tag expression the run was limited to (the fault's scope, in a targeted run) */
  tags?: string;
  /** when the run wrote no conformance report: the last line it printed */
  note?: string;
}

export const scenarioKey = (s: { name: string; uri: string }): string => `${s.uri} › ${s.name}`;

interface ConformanceJson {
  scenarios: { name: string; uri: string; verdict: Verdict; error?: string; tags?: string[]; findings: { rule: string; severity: string }[] }[];
  unsolicited?: unknown[];
}

/** read a run's conformance.json into a RunOutcome */
export function readRunOutcome(base: Omit<RunOutcome, 'scenarios' | 'unsolicited'>): RunOutcome {
  const f = join(base.reportsDir, 'conformance.json');
  if (!existsSync(f)) return { ...base, unsolicited: 0, note: lastLogLine(base.reportsDir) };
  let rep: ConformanceJson;
  try {
    rep = JSON.parse(readFileSync(f, 'utf8')) as ConformanceJson;
  } catch {
    return { ...base, unsolicited: 0, note: lastLogLine(base.reportsDir) };
  }
  const reached = readReach(base.reportsDir);
  return {
    ...base,
    unsolicited: rep.unsolicited?.length ?? 0,
    scenarios: rep.scenarios.map((s) => ({
      name: s.name,
      uri: s.uri,
      verdict: s.verdict,
      rules: [...new Set(s.findings.filter((x) => x.severity === 'error').map((x) => x.rule))],
      reason: s.error ? firstLine(s.error) : undefined,
      lines: s.error ? findingLines(s.error) : undefined,
      ...(s.tags ? { tags: s.tags } : {}),
      ...(reached.has(scenarioKey(s)) ? { reached: reached.get(scenarioKey(s)) } : {}),
    })),
  };
}

/** what steps/support/hooks.ts recorded of each scenario of a run: the faults the embedded SUT asked for (by "uri › name") */
function readReach(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const d = join(dir, '.scenarios');
  if (!existsSync(d)) return out;
  for (const f of readdirSync(d).filter((x) => x.startsWith('reach-') && x.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(d, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as { uri?: unknown; name?: unknown; reached?: unknown };
        if (typeof r.uri === 'string' && typeof r.name === 'string' && Array.isArray(r.reached)) out.set(scenarioKey({ uri: r.uri, name: r.name }), r.reached.filter((x): x is string => typeof x === 'string'));
      } catch {
        // a line cut short: that scenario's reach is unknown
      }
    }
  }
  return out;
}

/**
 * The runs that prove each scope (`cim9 mutants --prove-scopes`): for each fault with a scope, under each profile it ran
 * under, the scenarios of that profile's clean run outside its scope in which the reference SUT asked for the fault
 * (ScenarioOutcome.reached: it could change a message there), selected by their @req tags and the negation of the
 * scope. A scenario failing or ending in error in such a run is one the scope misses. The scenarios a fault leaves out
 * of its scope on purpose (FaultDef.leftOut) are not run: leftOutLines names them with the reason.
 */
export function reachProofJobs(faults: readonly FaultDef[], cleans: readonly RunOutcome[], runs: readonly RunOutcome[], runsDir: string): LaneJob[] {
  const jobs: LaneJob[] = [];
  for (const f of faults) {
    if (!f.scope) continue;
    for (const r of runs.filter((x) => x.faults.length === 1 && x.faults[0] === f.id)) {
      const clean = cleans.find((c) => c.profile === r.profile);
      const reqs = new Set<string>();
      for (const s of clean?.scenarios ?? []) {
        if (!s.reached?.includes(f.id) || inScope(f, s) || (f.leftOut && inScope({ scope: f.leftOut.tags }, s))) continue;
        for (const t of s.tags ?? []) if (t.startsWith('@req:')) reqs.add(t);
      }
      if (!reqs.size) continue;
      const id = `${r.id}${OUTSIDE}`;
      jobs.push({ id, faults: [f.id], reportsDir: join(runsDir, id), ...(r.profile ? { profile: r.profile } : {}), tags: `not (${f.scope})${f.leftOut ? ` and not (${f.leftOut.tags})` : ''} and (${[...reqs].sort().join(' or ')})` });
    }
  }
  return jobs;
}

/** a line per fault that leaves scenarios out of its scope on purpose (FaultDef.leftOut): what, and why */
export function leftOutLines(faults: readonly FaultDef[]): string[] {
  return faults.filter((f) => f.scope && f.leftOut).map((f) => `fault ${f.id} leaves out of its scope on purpose ${f.leftOut!.tags}: ${f.leftOut!.why}`);
}

/** the suffix of the id of a run of reachProofJobs */
const OUTSIDE = '~outside-scope';
export const isReachProof = (r: Pick<RunOutcome, 'id'>): boolean => r.id.endsWith(OUTSIDE);

/** the problems of the runs of reachProofJobs: every scenario that failed or ended in error lies outside the fault's scope */
export function reachProofProblems(runs: readonly RunOutcome[]): string[] {
  const out: string[] = [];
  for (const r of runs) {
    if (!r.scenarios) {
      out.push(`proof of the scope of ${r.faults[0]}${where(r)}: the run outside its scope wrote no conformance report`);
      continue;
    }
    const bad = r.scenarios.filter((s) => s.verdict === 'failed' || s.verdict === 'error').map((s) => `${s.verdict}: ${scenarioKey(s)}`);
    if (bad.length) out.push(`fault ${r.faults[0]}${where(r)} makes ${bad.length} scenario(s) outside its scope fail or break (FaultDef.scope is too narrow): ${bad.join('; ')}`);
  }
  return out;
}

/** the last line a child run printed (its run.log), to say why it wrote no report */
function lastLogLine(dir: string): string | undefined {
  const f = join(dir, 'run.log');
  if (!existsSync(f)) return undefined;
  const lines = readFileSync(f, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.at(-1)?.slice(0, 300);
}

/**
 * Whether a scenario lies in a fault's scope (FaultDef.scope, a Cucumber tag expression; no scope: every scenario).
 * A scenario whose tags the report did not record is counted in.
 */
export function inScope(f: Pick<FaultDef, 'scope'>, s: Pick<ScenarioOutcome, 'tags'>): boolean {
  if (!f.scope || !s.tags) return true;
  let expr = scopeExpressions.get(f.scope);
  if (!expr) scopeExpressions.set(f.scope, (expr = parseTagExpression(f.scope)));
  return expr.evaluate(s.tags);
}

/** each scope parsed once (inScope is asked for every fault × scenario of the report) */
const scopeExpressions = new Map<string, ReturnType<typeof parseTagExpression>>();

/** the faults whose scope or sample is not a valid tag expression, one line each */
export function badScopes(faults: readonly FaultDef[]): string[] {
  const out: string[] = [];
  for (const f of faults) {
    for (const what of ['scope', 'sample', 'leftOut'] as const) {
      const expr = what === 'leftOut' ? f.leftOut?.tags : f[what];
      if (expr === undefined) continue;
      try {
        parseTagExpression(expr);
        if (!expr.trim()) out.push(`fault ${f.id}: ${what} is empty`);
      } catch (e) {
        out.push(`fault ${f.id}: ${what} "${expr}" is not a tag expression (${(e as Error).message.split('\n')[0]})`);
      }
    }
  }
  return out;
}

function findingLines(s: string): string[] {
  return s
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2, 302));
}

function firstLine(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  const finding = lines.find((l) => l.startsWith('- '));
  return (finding ?? lines[0] ?? '').replace(/^- /, '').slice(0, 300);
}

// ------------------------------------------------------------------------------------------------ analysis

export type FaultStatus =
  /** at least one scenario failed naming the violated rule, and no scenario got verdict error */
  | 'caught'
  /** no scenario failed and none broke */
  | 'survived'
  /** no scenario failed, some got verdict error: the suite broke, which is not a catch */
  | 'error-only'
  /** caught, but some scenario got verdict error under the fault (a SUT-caused failure classified as error) */
  | 'caught-with-errors'
  /** scenarios failed, but none named the rule the catalogue says the fault violates */
  | 'wrong-rule'
  /** caught, but the misdirected message the fault leaves was not reported as unsolicited */
  | 'unsolicited-not-reported'
  /** the run crashed: no conformance report */
  | 'no-report';

export interface FaultResult {
  id: string;
  area: string;
  violates: string;
  rule: string;
  detectWith?: Record<string, string>;
  /** the scenarios the fault ran against in a targeted run (its scope, or its sample: targetTags); undefined: all of them */
  scope?: string;
  status: FaultStatus;
  /** scenarios with verdict failed */
  caughtBy: string[];
  /** scenarios with verdict failed that name the violated rule */
  namedBy: string[];
  /** scenarios with verdict error */
  errors: string[];
  verdicts: Partial<Record<Verdict, number>>;
  unsolicited: number;
  exitCode: number;
  durationMs: number;
  reportsDir: string;
  /** the ledger's reason, when the fault is listed there */
  ledger?: string;
  /** for each failed scenario, the first finding */
  reasons: Record<string, string>;
}

export interface ScenarioResult {
  key: string;
  name: string;
  uri: string;
  /** faults this scenario failed for (verdict failed) */
  caught: string[];
  ledger?: string;
}

export interface CompositionResult {
  faults: string[];
  /** scenarios that failed for some fault alone but not with every fault on */
  masked: string[];
  /** scenarios with verdict error when the faults are combined */
  errors: string[];
  /** scenarios that failed with the faults combined but lie in the scope of none of them: a scope is too narrow */
  unscoped: string[];
  ok: boolean;
  exitCode: number;
  durationMs: number;
  reportsDir: string;
}

export interface Analysis {
  clean: { ok: boolean; runs: number; verdicts: Partial<Record<Verdict, number>>; exitCode: number; durationMs: number; reportsDir: string; problems: string[] };
  faults: FaultResult[];
  scenarios: ScenarioResult[];
  composition?: CompositionResult;
  score: { caught: number; total: number; percent: number };
  /** every reason for exit 1 */
  problems: string[];
  /** ledger entries that excused something this time */
  excused: string[];
  /** ledger entries that excuse nothing any more (remove them) */
  stale: string[];
  ok: boolean;
}

export interface AnalyseOptions {
  /** demand that every scenario of the clean run catches at least one fault (false when only some faults ran) */
  requireEveryScenario: boolean;
}

function countVerdicts(scenarios: readonly ScenarioOutcome[]): Partial<Record<Verdict, number>> {
  const out: Partial<Record<Verdict, number>> = {};
  for (const s of scenarios) out[s.verdict] = (out[s.verdict] ?? 0) + 1;
  return out;
}

const PROBLEM: Record<Exclude<FaultStatus, 'caught'>, string> = {
  survived: 'survived: no scenario failed',
  'error-only': 'was "caught" only by verdict error: the suite broke, which is not a catch',
  'caught-with-errors': 'made some scenario end in verdict error: a failure the SUT caused was classified as a suite error',
  'wrong-rule': 'made scenarios fail, but none named the rule it violates',
  'unsolicited-not-reported': 'left a misdirected message that the report did not list as unsolicited',
  'no-report': 'run wrote no conformance report (the run crashed)',
};

const asList = (r: RunOutcome | readonly RunOutcome[] | undefined): RunOutcome[] => (r === undefined ? [] : Array.isArray(r) ? [...r] : [r as RunOutcome]);
const where = (r: RunOutcome): string => (r.profile ? ` (${r.profile})` : '');

/**
 * Classify a mutation run: which faults were caught by which scenarios, and what must fail the run.
 * `clean` and `combined` may be one run or one per reference profile; a fault may have a run per profile
 * (its runs are those whose `faults` is exactly [id]). A scenario is identified by feature file and name,
 * whatever the profile it ran under.
 */
export function analyse(
  clean: RunOutcome | readonly RunOutcome[],
  runs: readonly RunOutcome[],
  faults: readonly FaultDef[],
  ledger: Ledger,
  opts: AnalyseOptions,
  combined?: RunOutcome | readonly RunOutcome[],
): Analysis {
  const problems: string[] = [];
  const excused: string[] = [];
  const cleans = asList(clean);
  // the clean runs: every scenario passes
  const cleanProblems: string[] = [];
  for (const c of cleans) {
    if (!c.scenarios) {
      cleanProblems.push(`the clean run${where(c)} wrote no conformance report`);
      continue;
    }
    if (c.scenarios.length === 0) cleanProblems.push(`no scenario ran in the clean run${where(c)}`);
    for (const s of c.scenarios) if (s.verdict !== 'passed' && s.verdict !== 'not-applicable') cleanProblems.push(`${s.verdict}: ${s.name}${where(c)}${s.reason ? ` — ${s.reason}` : ''}`);
    if (c.exitCode !== 0) cleanProblems.push(`the clean run${where(c)} exited with ${c.exitCode}`);
    // the reference SUT sends nothing no scenario expects: a stray message in a clean run is a scenario that does not
    // claim what it caused, or a reference SUT that sends what it should not
    if (c.unsolicited > 0) cleanProblems.push(`the clean run${where(c)} reports ${c.unsolicited} message(s) of the SUT that no scenario expected (conformance.md, "Messages the SUT sent that no scenario expected")`);
  }
  if (cleans.length === 0) cleanProblems.push('there is no clean run');
  problems.push(...cleanProblems.map((p) => `clean run: ${p}`));

  const universe = new Map<string, ScenarioResult>();
  for (const c of cleans) for (const s of c.scenarios ?? []) universe.set(scenarioKey(s), { key: scenarioKey(s), name: s.name, uri: s.uri, caught: [] });

  const results: FaultResult[] = [];
  for (const f of faults) {
    const own = runs.filter((r) => r.faults.length === 1 && r.faults[0] === f.id);
    const rule = violatedRule(f);
    if (!isRuleId(rule)) problems.push(`fault ${f.id}: "violates" starts with ${rule}, which is not a rule of src/checks/catalogue.ts`);
    const base = {
      id: f.id,
      area: f.area ?? 'other',
      violates: f.violates,
      rule,
      detectWith: f.detectWith,
      scope: own.find((r) => r.tags)?.tags,
      exitCode: own.length ? Math.max(...own.map((r) => r.exitCode)) : -1,
      durationMs: own.reduce((t, r) => t + r.durationMs, 0),
      reportsDir: own.map((r) => r.reportsDir).join(', '),
      unsolicited: own.reduce((t, r) => t + r.unsolicited, 0),
      ledger: ledger.faults.get(f.id),
    };
    if (own.length === 0 || own.some((r) => !r.scenarios)) {
      const notes = own.filter((r) => !r.scenarios && r.note).map((r) => `${r.note}${where(r)}`);
      results.push({ ...base, status: 'no-report', caughtBy: [], namedBy: [], errors: notes, verdicts: {}, reasons: {} });
      continue;
    }
    const all = own.flatMap((r) => r.scenarios!);
    const failed = all.filter((s) => s.verdict === 'failed');
    // an inconclusive negative (its valid twin refused too) is the expected outcome of a fault that refuses everything
    const errors = all.filter((s) => s.verdict === 'error' && !(f.inconclusive && (s.reason ?? '').includes(INCONCLUSIVE)));
    const named = failed.filter((s) => s.rules.includes(rule));
    const status: FaultStatus =
      failed.length === 0
        ? errors.length
          ? 'error-only'
          : 'survived'
        : named.length === 0
          ? 'wrong-rule'
          : errors.length
            ? 'caught-with-errors'
            : f.expectUnsolicited && base.unsolicited === 0
              ? 'unsolicited-not-reported'
              : 'caught';
    const reasons: Record<string, string> = {};
    // for each scenario, the finding of the violated rule when it names it, else its first finding
    for (const s of [...failed, ...errors]) {
      const why = s.lines?.find((l) => l.includes(` ${rule}: `)) ?? s.reason;
      if (why) reasons[s.name] ??= why;
    }
    const names = (xs: ScenarioOutcome[]) => [...new Set(xs.map((s) => s.name))];
    results.push({ ...base, status, caughtBy: names(failed), namedBy: names(named), errors: names(errors), verdicts: countVerdicts(all), reasons });
    for (const s of failed) {
      const key = scenarioKey(s);
      const u = universe.get(key) ?? { key, name: s.name, uri: s.uri, caught: [] };
      if (!u.caught.includes(f.id)) u.caught.push(f.id);
      universe.set(key, u);
    }
  }
  for (const r of results) {
    if (r.status === 'caught') continue;
    const what = `fault ${r.id} ${PROBLEM[r.status]}${r.errors.length ? ` (error: ${r.errors.join('; ')})` : ''}`;
    if (r.ledger !== undefined) excused.push(`${what} — ledger: ${r.ledger}`);
    else problems.push(what);
  }

  const scenarios = [...universe.values()];
  for (const s of scenarios) {
    s.ledger = ledger.scenarios.get(s.key) ?? ledger.scenarios.get(s.name);
    if (s.caught.length || !opts.requireEveryScenario) continue;
    const what = `scenario "${s.name}" (${s.uri}) catches no fault: it cannot fail`;
    if (s.ledger !== undefined) excused.push(`${what} — ledger: ${s.ledger}`);
    else problems.push(what);
  }

  let composition: CompositionResult | undefined;
  const combos = asList(combined);
  if (combos.length) {
    const masked: string[] = [];
    const errors: string[] = [];
    const unscoped: string[] = [];
    for (const c of combos) {
      if (!c.scenarios) {
        problems.push(`combined run${where(c)} wrote no conformance report: the faults do not compose`);
        continue;
      }
      // what failed for one of the combined faults alone, under the same profile
      const failedAlone = new Set(runs.filter((r) => r.profile === c.profile && r.faults.length === 1 && c.faults.includes(r.faults[0]!)).flatMap((r) => (r.scenarios ?? []).filter((s) => s.verdict === 'failed').map(scenarioKey)));
      const failedTogether = new Set(c.scenarios.filter((s) => s.verdict === 'failed').map(scenarioKey));
      // masking is judged with every fault on; the proof of the scopes leaves the faults of every message out, on purpose
      const m = isScopeProof(c) ? [] : [...failedAlone].filter((k) => !failedTogether.has(k)).map((k) => `${k}${where(c)}`);
      const e = c.scenarios.filter((s) => s.verdict === 'error').map((s) => `${s.name}${where(c)}`);
      if (m.length) problems.push(`combined run${where(c)}: ${m.length} scenario(s) fail for a fault alone but not with every fault on (faults mask each other): ${m.join('; ')}`);
      if (e.length) problems.push(`combined run${where(c)}: verdict error in ${e.join('; ')}`);
      masked.push(...m);
      errors.push(...e);
      // the proof of the scopes: what fails with every fault on is in the scope of one of them
      const defs = faults.filter((f) => c.faults.includes(f.id));
      const outside = c.scenarios.filter((s) => s.verdict === 'failed' && !defs.some((f) => inScope(f, s))).map((s) => `${scenarioKey(s)}${where(c)}`);
      if (outside.length) problems.push(`${isScopeProof(c) ? 'proof of the scopes (the faults with a scope combined)' : 'combined run'}${where(c)}: ${outside.length} scenario(s) fail with the faults combined but lie in no fault's scope (FaultDef.scope is too narrow): ${outside.join('; ')}`);
      unscoped.push(...outside);
    }
    composition = {
      faults: [...new Set(combos.flatMap((c) => c.faults))],
      masked,
      errors,
      unscoped,
      ok: combos.every((c) => !!c.scenarios) && masked.length === 0 && errors.length === 0 && unscoped.length === 0,
      exitCode: Math.max(...combos.map((c) => c.exitCode)),
      durationMs: combos.reduce((t, c) => t + c.durationMs, 0),
      reportsDir: combos.map((c) => c.reportsDir).join(', '),
    };
  }

  const stale: string[] = [];
  for (const [id] of ledger.faults) {
    const r = results.find((x) => x.id === id);
    if (r?.status === 'caught') stale.push(`fault ${id} is caught now: remove it from ${ledger.file}`);
  }
  for (const [key] of ledger.scenarios) {
    const s = scenarios.find((x) => x.key === key || x.name === key);
    if (!s) stale.push(`scenario "${key}" did not run: remove it from ${ledger.file} or fix the name`);
    else if (s.caught.length) stale.push(`scenario "${key}" catches ${s.caught.length} fault(s) now: remove it from ${ledger.file}`);
  }

  const caught = results.filter((r) => r.status === 'caught').length;
  const cleanVerdicts: Partial<Record<Verdict, number>> = {};
  for (const c of cleans) for (const [k, v] of Object.entries(countVerdicts(c.scenarios ?? []))) cleanVerdicts[k as Verdict] = (cleanVerdicts[k as Verdict] ?? 0) + (v ?? 0);
  return {
    clean: {
      ok: cleanProblems.length === 0,
      runs: cleans.length,
      verdicts: cleanVerdicts,
      exitCode: cleans.length ? Math.max(...cleans.map((c) => c.exitCode)) : -1,
      durationMs: cleans.reduce((t, c) => t + c.durationMs, 0),
      reportsDir: cleans.map((c) => c.reportsDir).join(', '),
      problems: cleanProblems,
    },
    faults: results,
    scenarios,
    composition,
    score: { caught, total: results.length, percent: results.length ? Math.round((1000 * caught) / results.length) / 10 : 0 },
    problems,
    excused,
    stale,
    ok: problems.length === 0,
  };
}

// ------------------------------------------------------------------------------------------------ reports

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const verdictText = (v: Partial<Record<Verdict, number>>): string =>
  (['passed', 'failed', 'error', 'skipped'] as const).filter((k) => v[k]).map((k) => `${v[k]} ${k}`).join(', ') || '—';

/** a few names, then how many more (the scenario table has them all) */
const brief = (names: readonly string[], max = 3): string => (names.length <= max + 1 ? names.join('; ') : `${names.slice(0, max).join('; ')}; and ${names.length - max} more`);

export function renderMarkdown(a: Analysis, meta: { generatedAt: string; lanes: number; durationMs: number; title?: string; targeted?: boolean }): string {
  const md: string[] = [];
  md.push(`# ${meta.title ?? 'cim9 mutation run'}`, '');
  md.push(`**${a.ok ? 'PASS' : 'FAIL'}** — mutation score **${a.score.percent} %** (${a.score.caught} of ${a.score.total} faults caught), ${a.scenarios.length} scenarios, ${meta.lanes} lane(s), ${secs(meta.durationMs)}, ${meta.generatedAt}.`, '');
  md.push(
    'Each fault of the reference SUT (simulator/faults) is one minimal violation of one rule. A fault is **caught** when at least one scenario ends in verdict `failed` and names the rule the fault violates. ' +
      'Verdict `failed` means the SUT violated a requirement; verdict `error` means the suite or its environment broke — a fault "caught" only by `error` is not caught, and any `error` under a fault is a defect of the suite.',
    '',
  );
  if (meta.targeted)
    md.push(
      'A **targeted** run: a fault with a scope (a tag expression declared with the fault) ran against the scenarios of its scope only; the clean runs and the combined runs ran every scenario, and every scenario that failed with the faults combined lies in the scope of one of them (otherwise the run fails) — also in the proof of the scopes (`combined-scoped`: the faults with a scope combined, without the faults of every message, which would fail nearly every scenario at its first exchange and hide the others). A fault with a sample (it changes every message of a kind) ran against its sample only. `cim9 mutants --untargeted` runs every fault against every scenario.',
      '',
    );
  if (a.problems.length) {
    md.push('## Why the run fails', '');
    for (const p of a.problems) md.push(`- ${p}`);
    md.push('');
  }
  md.push(
    '## Clean run',
    '',
    `${a.clean.ok ? 'Every scenario passed' : 'The clean run did not pass'}: ${verdictText(a.clean.verdicts)} in ${a.clean.runs} clean run(s) (${a.clean.reportsDir}; exit ${a.clean.exitCode}, ${secs(a.clean.durationMs)}).`,
    '',
  );
  for (const p of a.clean.problems) md.push(`- ${p}`);
  md.push('## Faults', '', '| fault | area | caught by rule | outcome | scenarios that failed | verdicts | time |', '|---|---|---|---|---|---|---|');
  for (const f of a.faults) {
    const detect = f.detectWith ? ` (run with ${Object.entries(f.detectWith).map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
    const outcome = f.status === 'caught' ? 'caught' : `**${f.status}**${f.ledger !== undefined ? ' (ledger)' : ''}`;
    md.push(`| \`${f.id}\` | ${f.area} | ${f.rule}${detect} | ${outcome} | ${f.caughtBy.length ? `${f.caughtBy.length}: ${cell(brief(f.caughtBy))}` : '—'} | ${verdictText(f.verdicts)} | ${secs(f.durationMs)} |`);
  }
  md.push('', '## Scenarios', '', '| scenario | feature | faults caught |', '|---|---|---|');
  for (const s of a.scenarios) {
    md.push(`| ${cell(s.name)} | ${s.uri} | ${s.caught.length ? `${s.caught.length}: ${s.caught.map((c) => `\`${c}\``).join(', ')}` : `**none**${s.ledger !== undefined ? ` (ledger: ${cell(s.ledger)})` : ''}`} |`);
  }
  if (a.composition) {
    const c = a.composition;
    md.push('', '## Faults combined', '', `All ${c.faults.length} faults at once (exit ${c.exitCode}, ${secs(c.durationMs)}): ${c.ok ? 'they compose — every scenario that fails for a fault alone fails with all of them, and no scenario breaks.' : 'they do not compose.'}`);
    if (c.masked.length) md.push('', `Masked: ${c.masked.join('; ')}`);
    if (c.errors.length) md.push('', `Verdict error: ${c.errors.join('; ')}`);
    if (c.unscoped.length) md.push('', `Failed outside every fault's scope: ${c.unscoped.join('; ')}`);
  }
  if (a.excused.length) {
    md.push('', '## Accepted by the ledger', '');
    for (const e of a.excused) md.push(`- ${e}`);
  }
  if (a.stale.length) {
    md.push('', '## Stale ledger entries', '');
    for (const e of a.stale) md.push(`- ${e}`);
  }
  md.push('', '## What each fault did', '');
  for (const f of a.faults) {
    md.push(`### \`${f.id}\` — ${cell(f.violates)}`, '', `Reports: \`${f.reportsDir}\`${f.scope ? `; ran against: \`${cell(f.scope)}\`` : ''}`, '');
    const entries = Object.entries(f.reasons);
    if (!entries.length) md.push('- no scenario failed', '');
    for (const [name, why] of entries) md.push(`- ${f.errors.includes(name) ? 'ERROR' : 'failed'}: ${name} — ${cell(why)}`);
    md.push('');
  }
  return md.join('\n') + '\n';
}

export function renderTable(a: Analysis): string[] {
  const w = Math.max(5, ...a.faults.map((f) => f.id.length));
  const rw = Math.max(4, ...a.faults.map((f) => f.rule.length));
  const out = [`${'fault'.padEnd(w)}  ${'outcome'.padEnd(24)}  ${'rule'.padEnd(rw)}  scen.  time`];
  out.push(`${'-'.repeat(w)}  ${'-'.repeat(24)}  ${'-'.repeat(rw)}  -----  ------`);
  for (const f of a.faults) {
    const outcome = f.status + (f.status !== 'caught' && f.ledger !== undefined ? ' (ledger)' : '');
    out.push(`${f.id.padEnd(w)}  ${outcome.padEnd(24)}  ${f.rule.padEnd(rw)}  ${String(f.caughtBy.length).padStart(5)}  ${secs(f.durationMs).padStart(6)}`);
  }
  const none = a.scenarios.filter((s) => s.caught.length === 0);
  out.push('');
  out.push(`clean run${a.clean.runs === 1 ? '' : `s (${a.clean.runs} profiles)`}: ${a.clean.ok ? 'passed' : 'FAILED'} (${verdictText(a.clean.verdicts)})`);
  if (a.composition) out.push(`faults combined: ${a.composition.ok ? 'compose' : 'DO NOT COMPOSE'}`);
  out.push(`scenarios: ${a.scenarios.length}, catching nothing: ${none.length}${none.length ? ` (${none.map((s) => s.name).join('; ')})` : ''}`);
  out.push(`mutation score: ${a.score.percent} % (${a.score.caught}/${a.score.total})`);
  for (const s of a.stale) out.push(`ledger: ${s}`);
  for (const p of a.problems) out.push(`PROBLEM: ${p}`);
  return out;
}

// ------------------------------------------------------------------------------------------------ child runs

export interface LaneJob {
  id: string;
  faults: string[];
  reportsDir: string;
  /** profile file (absolute or relative to the repository); default the runner's */
  profile?: string;
  /** a Cucumber tag expression: only these scenarios run (the fault's scope, in a targeted run) */
  tags?: string;
}

/** process groups of the child runs under way, ended with the parent (Ctrl-C) */
const active = new Set<number>();
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const pid of active) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      process.exit(130);
    });
  }
}

/**
 * Compile the sources once (`npm run build`: tsc -p tsconfig.build.json into dist/) so that every child run starts as
 * JavaScript, without the TypeScript loader in the `cim9 run` process and in its Cucumber child (issue 18: some 3 s of
 * CPU per child run). Returns the environment the children need (CIM9_DIST=1), or {} when this already is the build
 * (the installed package), when CIM9_DIST=0 asks for the sources, or when the build fails (then the sources run, and
 * the log says why).
 */
/**
 * true when a checkout has a build whose recorded digest matches its sources (bin/sources-digest.js, the check
 * bin/cim9.js makes), so child runs can start from it without compiling; false for the build itself (it is already
 * JavaScript), under CIM9_DIST=0, or when the digest module cannot be loaded
 */
export async function freshBuild(): Promise<boolean> {
  if (BUILT || process.env['CIM9_DIST'] === '0') return false;
  try {
    const m = (await import(pathToFileURL(repoPath('bin', 'sources-digest.js')).href)) as { buildIsFresh: (root: string) => boolean };
    return m.buildIsFresh(REPO_ROOT);
  } catch {
    return false;
  }
}

export function buildForChildren(log: (l: string) => void): Record<string, string> {
  if (BUILT || process.env['CIM9_DIST'] === '0') return {};
  const started = Date.now();
  // bin/build.js: tsc -p tsconfig.build.json into dist/, and the digest of the sources it compiled
  const r = spawnSync(process.execPath, [repoPath('bin', 'build.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    const first = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? `exit ${r.status}`;
    log(`child runs start from the sources: the build failed (${first.trim().slice(0, 200)})`);
    return {};
  }
  log(`child runs start from the build (dist/, bin/build.js in ${secs(Date.now() - started)}; CIM9_DIST=0 runs the sources)`);
  return { CIM9_DIST: '1' };
}

/** the arguments of the `cim9 run` of a job: one process (the lanes are the parallelism of a mutation run) */
export function childRunArgs(job: LaneJob): string[] {
  return ['run', '--no-pdf', '--workers', '1', '--reports', job.reportsDir, ...(job.profile ? ['--profile', job.profile] : []), ...(job.faults.length ? ['--fault', job.faults.join(',')] : []), ...(job.tags ? ['--tags', job.tags] : [])];
}

/** how a lane worker starts: the build's lane-worker.js (the installed package, or CIM9_DIST=1), else the sources through tsx */
export function laneWorkerArgs(env: Readonly<Record<string, string>> = {}): string[] {
  if (BUILT) return [join(CODE_ROOT, 'src', 'cli', 'lane-worker.js')];
  if (env['CIM9_DIST'] === '1') return [join(REPO_ROOT, 'dist', 'src', 'cli', 'lane-worker.js')];
  return ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'lane-worker.ts')];
}

/**
 * The process of a lane (src/cli/lane-worker.ts): it runs the lane's jobs one after another, each as `cim9 run` would,
 * so the modules, Cucumber's support code and the compiled schema packs load once per lane rather than twice per job.
 * Started on the first job; a job that does not end in time ends the worker (process group), and the next job starts
 * a new one, as does a worker that died.
 */
export class LaneWorker {
  #child: ChildProcess | undefined;
  readonly #env: Readonly<Record<string, string>>;
  constructor(env: Readonly<Record<string, string>> = {}) {
    this.#env = env;
  }

  #start(): ChildProcess {
    hookSignals();
    // its own process group, so that a run that hangs is ended with everything it started
    const child = spawn(process.execPath, laneWorkerArgs(this.#env), { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], env: { ...process.env, ...this.#env, FORCE_COLOR: '0' }, detached: process.platform !== 'win32' });
    if (child.pid) active.add(child.pid);
    child.once('exit', () => {
      if (child.pid) active.delete(child.pid);
      if (this.#child === child) this.#child = undefined;
    });
    child.on('error', () => undefined);
    return child;
  }

  /** run one job (its output into `log`); the exit code `cim9 run` would have (3: the worker died or was ended) */
  run(args: string[], log: string, timeoutMs: number): Promise<number> {
    const child = (this.#child ??= this.#start());
    return new Promise<number>((done) => {
      const finish = (code: number) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        done(code);
      };
      const onMessage = (m: LaneWorkerDone) => finish(m.exitCode);
      const onExit = (c: number | null) => finish(c && c !== 0 ? c : 3);
      const timer = setTimeout(() => {
        this.kill(child);
        finish(3);
      }, timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ args, log } satisfies LaneWorkerJob, (e) => e && finish(3));
    });
  }

  /** the worker's process id, while it runs (a new one after a job that ended it) */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  kill(child: ChildProcess | undefined = this.#child): void {
    if (!child) return;
    if (this.#child === child) this.#child = undefined;
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }

  /** the lane is done: the worker ends when its channel closes (resolved once it has) */
  close(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((done) => {
      child.once('exit', () => done());
      if (child.connected) child.disconnect();
      else this.kill(child);
    });
  }
}

/**
 * one child `cim9 run` with its own reports directory; its output goes to <reportsDir>/run.log. With a lane worker,
 * the run happens in that lane's process; without, in a `node bin/cim9.js run` of its own.
 */
export async function runChild(job: LaneJob, opts: { timeoutMs?: number; env?: Record<string, string>; worker?: LaneWorker } = {}): Promise<RunOutcome> {
  rmSync(job.reportsDir, { recursive: true, force: true });
  mkdirSync(job.reportsDir, { recursive: true });
  const args = childRunArgs(job);
  const logFile = join(job.reportsDir, 'run.log');
  const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
  const started = Date.now();
  let exitCode: number;
  if (opts.worker) {
    closeSync(openSync(logFile, 'w'));
    exitCode = await opts.worker.run(args.slice(1), logFile, timeoutMs);
  } else {
    const log = openSync(logFile, 'w');
    exitCode = await new Promise<number>((done) => {
      hookSignals();
      // its own process group, so that a run that hangs is ended with its cucumber child
      const child = spawn(process.execPath, [repoPath('bin', 'cim9.js'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', log, log], env: { ...process.env, ...opts.env, FORCE_COLOR: '0' }, detached: process.platform !== 'win32' });
      if (child.pid) active.add(child.pid);
      const timer = setTimeout(() => {
        // the whole process group: cim9 run and what it started
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.on('exit', (c, signal) => {
        clearTimeout(timer);
        if (child.pid) active.delete(child.pid);
        done(c ?? (signal ? 3 : 1));
      });
      child.on('error', () => {
        clearTimeout(timer);
        if (child.pid) active.delete(child.pid);
        done(3);
      });
    });
    closeSync(log);
  }
  const rel = (f: string) => relative(REPO_ROOT, resolve(REPO_ROOT, f)) || f;
  return readRunOutcome({ id: job.id, faults: job.faults, profile: job.profile ? rel(job.profile) : undefined, tags: job.tags, exitCode, durationMs: Date.now() - started, reportsDir: rel(job.reportsDir) });
}

/** run jobs `lanes` at a time, in the order given; `onDone` reports progress */
export async function runLanes(jobs: readonly LaneJob[], lanes: number, run: (j: LaneJob, lane: number) => Promise<RunOutcome>, onDone?: (r: RunOutcome, done: number) => void): Promise<RunOutcome[]> {
  const results: RunOutcome[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const lane = async (n: number): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await run(jobs[i]!, n);
      onDone?.(results[i]!, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, jobs.length)) }, (_, n) => lane(n)));
  return results;
}

/**
 * Child runs at a time: 3 on two cores or more, 1 on a single core. A child run against the embedded reference SUT
 * mostly waits (read schedules, load-control windows: about a third of a clean run's wall time is CPU), so a third
 * lane fills the cores the other two leave idle (measured: docs/performance.md, "The self-test's lanes").
 */
export function defaultLanes(): number {
  return availableParallelism() < 2 ? 1 : 3;
}

/**
 * The jobs in the order the lanes take them, longest first, so that the lanes end together: by the time each took in
 * the previous run of the same name (`previous`, from its <name>.json), else the runs of every scenario first (in the
 * order given), then the targeted runs by the number of scenarios their scope selects among the features, most first
 * (a fault of a whole family before one of a single use case), counted at PER_SCENARIO_MS each; equal ones keep their
 * order. A run that waits for the clock (a fault of a schedule or of a late result) takes far longer than its count
 * says: without the previous times it would start among the last and run alone at the end.
 */
export function longestFirst(jobs: readonly LaneJob[], previous: ReadonlyMap<string, number> = new Map()): LaneJob[] {
  const all = compiledScenarios();
  const counts = new Map<string, number>();
  const weight = (j: LaneJob): number => {
    const before = previous.get(j.id);
    if (before !== undefined) return before;
    if (!j.tags) return Number.POSITIVE_INFINITY;
    let n = counts.get(j.tags);
    if (n === undefined) {
      const expr = parseTagExpression(j.tags);
      n = all.filter((s) => expr.evaluate(s.tags)).length;
      counts.set(j.tags, n);
    }
    return n * PER_SCENARIO_MS;
  };
  return jobs.map((j, i) => ({ j, i, w: weight(j) })).sort((a, b) => (a.w === b.w ? a.i - b.i : b.w - a.w)).map((x) => x.j);
}

/** what a scenario costs in a child run, for the order of runs no previous run timed (a clean 2013 run: about 0.1 s each) */
const PER_SCENARIO_MS = 100;

/**
 * the time each child run took in the previous mutation run of the same summary file (<name>.json: its runs' ids and
 * durations), for the order of the next; empty when there is none or it cannot be read
 */
export function previousDurations(file: string): Map<string, number> {
  const out = new Map<string, number>();
  try {
    const prev = JSON.parse(readFileSync(file, 'utf8')) as { runs?: { id?: unknown; durationMs?: unknown }[] };
    for (const r of prev.runs ?? []) if (typeof r.id === 'string' && typeof r.durationMs === 'number' && Number.isFinite(r.durationMs)) out.set(r.id, r.durationMs);
  } catch {
    // no previous run: the order by scope
  }
  return out;
}

/**
 * `cim9 mutants --plan`: the child runs in the order the lanes take them, each with what it costs — its time in the
 * previous run, else an estimate (PER_SCENARIO_MS a scenario its tags select; the proof of the scopes: the combined
 * run of its profile; another run of every scenario: the mean of those the previous run timed) — then the lane time per kind of run and the wall time that order gives on `lanes`
 * lanes (each run to the lane free first). Nothing runs.
 */
export function planLines(order: readonly LaneJob[], previous: ReadonlyMap<string, number>, lanes: number, all: readonly { tags: readonly string[] }[]): string[] {
  const kind = (j: LaneJob): string => (j.faults.length === 0 ? 'clean' : isScopeProof(j) ? 'proof of the scopes' : j.id.startsWith('combined') ? 'combined' : j.tags ? 'targeted' : 'every scenario');
  const whole = order.filter((j) => !j.tags && previous.has(j.id)).map((j) => previous.get(j.id)!);
  const wholeMean = whole.length ? whole.reduce((a, b) => a + b, 0) / whole.length : all.length * PER_SCENARIO_MS;
  const cost = (j: LaneJob): { ms: number; known: boolean } => {
    const ms = previous.get(j.id);
    if (ms !== undefined) return { ms, known: true };
    // the proof of the scopes: about what the combined run of its profile took
    const combined = isScopeProof(j) ? previous.get(j.id.replace(SCOPE_PROOF, 'combined')) : undefined;
    if (!j.tags) return { ms: combined ?? wholeMean, known: false };
    const expr = parseTagExpression(j.tags);
    return { ms: all.filter((s) => expr.evaluate([...s.tags])).length * PER_SCENARIO_MS, known: false };
  };
  const out: string[] = [];
  const byKind = new Map<string, { runs: number; ms: number; estimated: number }>();
  const free = new Array<number>(Math.max(1, lanes)).fill(0);
  order.forEach((j, i) => {
    const c = cost(j);
    const k = kind(j);
    const b = byKind.get(k) ?? { runs: 0, ms: 0, estimated: 0 };
    b.runs++;
    b.ms += c.ms;
    if (!c.known) b.estimated++;
    byKind.set(k, b);
    const lane = free.indexOf(Math.min(...free));
    free[lane]! += c.ms;
    out.push(`${String(i + 1).padStart(4)}  ${(c.known ? secs(c.ms) : `~${secs(c.ms)}`).padStart(9)}  lane ${lane + 1}  ${j.id}${j.profile ? ` (${j.profile})` : ''}${j.tags ? `  --tags ${j.tags.length > 90 ? `${j.tags.slice(0, 90)}…` : j.tags}` : ''}`);
  });
  out.push('');
  for (const [k, b] of byKind) out.push(`${k.padEnd(20)} ${String(b.runs).padStart(4)} run(s)  ${secs(b.ms).padStart(9)} of lane time${b.estimated ? ` (${b.estimated} estimated: not in the previous run)` : ''}`);
  const total = [...byKind.values()].reduce((t, b) => t + b.ms, 0);
  out.push(`total                ${String(order.length).padStart(4)} run(s)  ${secs(total).padStart(9)} of lane time; on ${free.length} lane(s) in this order: ${secs(Math.max(...free))} wall (lanes end at ${free.map((f) => secs(f)).join(', ')})`);
  return out;
}

// ------------------------------------------------------------------------------------------------ the command

export interface MutationOptions {
  /** faults to run (default: the whole catalogue) */
  faults?: string[];
  lanes?: number;
  ledger?: string;
  profile?: string;
  /** where mutants.json / .md go; the child runs use <reportsDir>/<runsDir>/<id> */
  reportsDir?: string;
  runsDir?: string;
  /** base name of the summary files (mutants → mutants.json, mutants.md) */
  name?: string;
  title?: string;
  /** also run every fault at once */
  combined?: boolean;
  /** demand that every scenario catches a fault of this set (default: when the whole catalogue runs) */
  requireEveryScenario?: boolean;
  /** run each fault against the scenarios of its scope only (FaultDef.scope; default true) */
  targeted?: boolean;
  /**
   * with `combined` and `targeted`: also run the faults with a scope combined, every scenario, per profile where faults
   * without a scope would hide them in the combined run (mutationJobs, `combined-scoped`; default true)
   */
  proveScopes?: boolean;
  /**
   * in a targeted run, run a fault that has a sample (FaultDef.sample: it changes every message of a kind) against its
   * sample only (default true; the self-test runs such a fault against its whole scope, which its coverage relies on)
   */
  sampled?: boolean;
  /** with a process per child run (workers: false): compile the sources once and start the child runs from the build (default true; see buildForChildren) */
  build?: boolean;
  /** run each lane's jobs in one process of its own, one after another (LaneWorker; default true unless CIM9_LANE_WORKERS=0) */
  workers?: boolean;
  /** print the child runs in the order the lanes would take them, with the cost model, and run nothing (`--plan`) */
  plan?: boolean;
  /**
   * after the runs, prove each scope (`--prove-scopes`, reachProofJobs): run each fault with a scope against the scenarios
   * outside it in which the clean run saw the reference SUT ask for the fault; one failing or breaking there fails the run
   */
  proveEachScope?: boolean;
  log?: (line: string) => void;
}

/** the reference profile of each edition: the embedded simulator with short time limits */
export const REFERENCE_PROFILES: Readonly<Record<Edition, string>> = {
  '2013': 'profiles/reference.yaml',
  '2024': 'profiles/reference-2024.yaml',
  'draft-2011': 'profiles/reference-draft-2011.yaml',
};

/**
 * profiles of the reference SUT in another shape than the reference profiles, that get a clean run of their own (every
 * applicable scenario passes) but no fault runs: the MDM alone, the suite playing the head-end behind it (issue 12)
 */
export const EXTRA_CLEAN_PROFILES: readonly string[] = ['profiles/reference-mdm.yaml'];

/** the id of the clean run of an extra profile: clean@mdm for profiles/reference-mdm.yaml */
export const extraCleanId = (profile: string): string => `clean@${basename(profile).replace(/\.ya?ml$/, '').replace(/^reference-/, '')}`;

/**
 * The reference profiles of the client roles (a CIS, an OMS as SUT, driven through the upper-tester contract): a fault of
 * the reference SUT as a client (roles CIS or OMS only, simulator/faults/client-requests.ts) runs under these instead of
 * the edition's server profile, where no scenario of a client role runs.
 */
export const CLIENT_REFERENCE_PROFILES: Readonly<Record<'CIS' | 'OMS', Partial<Record<Edition, string>>>> = {
  CIS: { '2013': 'profiles/reference-cis.yaml', '2024': 'profiles/reference-clients-2024.yaml' },
  OMS: { '2013': 'profiles/reference-oms.yaml', '2024': 'profiles/reference-clients-2024.yaml' },
};

/** the client roles a fault concerns: CIS and / or OMS when those are its only roles, else none */
export function clientRolesOf(f: Pick<FaultDef, 'roles'>): ('CIS' | 'OMS')[] {
  const clients = f.roles.filter((r): r is 'CIS' | 'OMS' => r === 'CIS' || r === 'OMS');
  return clients.length === f.roles.length ? clients : [];
}

/** the reference profiles a fault runs under for one of its editions: those of its client roles, else the edition's */
export function referenceProfilesOf(f: Pick<FaultDef, 'roles'>, e: Edition): string[] {
  const clients = clientRolesOf(f);
  if (!clients.length) return [REFERENCE_PROFILES[e]];
  return [...new Set(clients.map((c) => CLIENT_REFERENCE_PROFILES[c][e] ?? REFERENCE_PROFILES[e]))];
}

/** the suffix of the run ids under a reference profile: "" for profiles/reference.yaml, "@2024", "@cis", "@clients-2024" … */
function suffixOf(profile: string): string {
  const m = /reference-?(.*)\.yaml$/.exec(profile);
  return m && m[1] ? `@${m[1]}` : '';
}

/** the id of the proof of the scopes under a profile: every combinable fault with a scope at once, every scenario */
const SCOPE_PROOF = 'combined-scoped';

/**
 * The scenarios the proof of the scopes runs under a profile: those of `applicable` (the scenarios applicable to it) that
 * lie outside the scope of every fault of `scoped` — only there can a scoped fault's effect outside its scope show
 * (a failure inside the union is in some fault's scope by definition) — as a tag expression; null when there is none
 * (the union of the scopes covers every applicable scenario: there is nothing to prove it on).
 */
export function scopeProofTags(scoped: readonly Pick<FaultDef, 'scope'>[], applicable: readonly { tags: readonly string[] }[]): string | null {
  const scopes = [...new Set(scoped.map((f) => f.scope).filter((x): x is string => !!x))];
  if (!scopes.length) return null;
  const outside = applicable.filter((s) => !scopes.some((scope) => inScope({ scope }, { tags: [...s.tags] })));
  return outside.length ? `not (${scopes.map((x) => `(${x})`).join(' or ')})` : null;
}

/** whether a combined run is the proof of the scopes (mutationJobs, proveScopes): judged for its scopes and errors only */
export const isScopeProof = (r: Pick<RunOutcome, 'id'>): boolean => r.id === SCOPE_PROOF || r.id.startsWith(`${SCOPE_PROOF}@`);

/**
 * The child runs of a mutation run: a clean run per reference profile, each fault under the reference profile of each
 * of its editions (of its client role, for a fault of the SUT as CIS or OMS), or every fault under the profile given,
 * and, when `combined`, per profile every combinable fault at once (faults marked combinable: false change every
 * message and would hide the others). With `proveScopes` too, per profile whose combined run holds both faults without a
 * scope and faults with one: the faults with a scope at once (`combined-scoped`), the proof of their scopes
 * (`isScopeProof`): in the combined run the faults without a scope put every scenario in scope and fail nearly every
 * scenario at its first exchange, so that a scoped fault's effect outside its scope would never show there. The proof
 * runs the scenarios `proofTags` gives for the profile and its scoped faults (scopeProofTags: those outside every one of
 * their scopes; null: none is, and the run is left out); without proofTags, every scenario.
 */
export function mutationJobs(
  faults: readonly FaultDef[],
  o: {
    profile?: string;
    runsDir: string;
    combined: boolean;
    extraClean?: readonly string[];
    targeted?: boolean;
    sampled?: boolean;
    proveScopes?: boolean;
    proofTags?: (profile: string, scoped: readonly FaultDef[]) => string | undefined | null;
  },
): { jobs: LaneJob[]; profiles: string[] } {
  const given = o.profile;
  const runsDir = o.runsDir;
  const ORDER: readonly Edition[] = ['2013', '2024', 'draft-2011'];
  // the profiles each fault runs under, in a stable order: the editions' server profiles first, then the clients'
  const profilesOf = (f: FaultDef): string[] => (given ? [given] : ORDER.filter((e) => editionsOf(f).includes(e)).flatMap((e) => referenceProfilesOf(f, e)));
  const all = [...new Set(faults.flatMap(profilesOf))];
  const servers = ORDER.map((e) => REFERENCE_PROFILES[e]);
  const profiles = [...all.filter((p) => servers.includes(p)).sort((a, b) => servers.indexOf(a) - servers.indexOf(b)), ...all.filter((p) => !servers.includes(p))];
  const suffix = (p: string) => (given ? '' : suffixOf(p));
  // the 2013 server profile is the runner's default: no --profile then
  const arg = (p: string): string | undefined => (given ?? (p === REFERENCE_PROFILES['2013'] ? undefined : p));
  const of = (p: string) => faults.filter((f) => profilesOf(f).includes(p));
  const jobs: LaneJob[] = [
    ...profiles.map((p) => ({ id: `clean${suffix(p)}`, faults: [], reportsDir: join(runsDir, `clean${suffix(p)}`), profile: arg(p) })),
    ...(given ? [] : (o.extraClean ?? [])).map((p) => ({ id: extraCleanId(p), faults: [], reportsDir: join(runsDir, extraCleanId(p)), profile: p })),
    // a targeted run: each fault against the scenarios of its scope only, or of its sample (the clean and combined runs
    // run them all)
    ...profiles.flatMap((p) =>
      of(p).map((f) => {
        const tags = o.targeted ? targetTags(f, o.sampled ?? true) : undefined;
        return { id: `${f.id}${suffix(p)}`, faults: [f.id], reportsDir: join(runsDir, `${f.id}${suffix(p)}`), profile: arg(p), ...(tags ? { tags } : {}) };
      }),
    ),
    // faults marked combinable: false (they change every message) are left out of the combined runs
    ...(o.combined
      ? profiles
          .map((p) => ({ p, together: of(p).filter(combinable) }))
          .filter((c) => c.together.length > 0)
          .map(({ p, together }) => ({ id: `combined${suffix(p)}`, faults: together.map((f) => f.id), reportsDir: join(runsDir, `combined${suffix(p)}`), profile: arg(p) }))
      : []),
    ...(o.combined && o.proveScopes
      ? profiles
          .map((p) => ({ p, together: of(p).filter(combinable) }))
          .filter((c) => c.together.some((f) => !f.scope) && c.together.some((f) => f.scope))
          .flatMap(({ p, together }) => {
            const scoped = together.filter((f) => f.scope);
            const tags = o.proofTags ? o.proofTags(p, scoped) : undefined;
            if (tags === null) return [];
            return [{ id: `${SCOPE_PROOF}${suffix(p)}`, faults: scoped.map((f) => f.id), reportsDir: join(runsDir, `${SCOPE_PROOF}${suffix(p)}`), profile: arg(p), ...(tags ? { tags } : {}) }];
          })
      : []),
  ];
  return { jobs, profiles };
}

export async function mutationRun(o: MutationOptions = {}): Promise<{ analysis: Analysis; exitCode: number }> {
  const log = o.log ?? ((l: string) => console.log(l));
  const ids = o.faults?.length ? o.faults : FAULTS.map((f) => f.id);
  checkFaultIds(ids);
  const faults = ids.map((id) => FAULTS.find((f) => f.id === id)!);
  const scopeProblems = badScopes(faults);
  if (scopeProblems.length) throw new LedgerError(`simulator/faults: ${scopeProblems.join('; ')}`);
  const targeted = o.targeted ?? true;
  const sampled = o.sampled ?? true;
  const ledger = loadLedger(o.ledger ? resolve(o.ledger) : repoPath(DEFAULT_LEDGER));
  const lanes = o.lanes ?? defaultLanes();
  const reportsDir = resolve(o.reportsDir ?? resolve(process.cwd(), 'reports'));
  const runsDir = join(reportsDir, o.runsDir ?? 'mutants');
  const name = o.name ?? 'mutants';
  const started = Date.now();
  const profile = o.profile ? resolve(o.profile) : undefined;
  const proveScopes = targeted && !!o.combined && (o.proveScopes ?? true);
  // the scenarios applicable to each profile, for the proof of the scopes (mutationJobs, scopeProofTags)
  const applicable = new Map<string, { tags: readonly string[] }[]>();
  if (proveScopes) {
    const { listScenarios } = await import('./list.ts');
    const probe = mutationJobs(faults, { profile, runsDir, combined: true, targeted, sampled, proveScopes: true }).jobs.filter((j) => isScopeProof(j));
    for (const j of probe) {
      const p = j.profile ?? REFERENCE_PROFILES['2013'];
      if (!applicable.has(p)) applicable.set(p, (await listScenarios({ profile: resolve(REPO_ROOT, p) })).filter((s) => s.applicable));
    }
  }
  const proofNotes: string[] = [];
  const proofTags = (p: string, scoped: readonly FaultDef[]): string | null => {
    const tags = scopeProofTags(scoped, applicable.get(profile ?? p) ?? []);
    if (tags === null) proofNotes.push(`${name}: proof of the scopes under ${profile ?? p}: every applicable scenario lies in the scope of one of its ${scoped.length} faults with a scope; no scenario is left outside to prove them on (only --untargeted proves each scope)`);
    return tags;
  };
  const { jobs, profiles } = mutationJobs(faults, { profile, runsDir, combined: !!o.combined, extraClean: EXTRA_CLEAN_PROFILES, targeted, sampled, proveScopes, proofTags });
  const scoped = targeted ? faults.filter((f) => targetTags(f, sampled)).length : 0;
  const samples = targeted && sampled ? faults.filter((f) => f.sample).length : 0;
  log(
    `${name}: ${jobs.length} runs (${faults.length} fault(s), a clean run${o.combined ? ` and all faults combined${proveScopes ? ' (and those with a scope combined, the proof of the scopes)' : ''}` : ''} per profile: ${profiles.join(', ')}${profile ? '' : `; clean only: ${EXTRA_CLEAN_PROFILES.join(', ')}`}) in ${lanes} lane(s); ${targeted ? `targeted: ${scoped} fault(s) run against the scenarios of their scope only${samples ? ` (${samples} of them, which change every message of a kind, against their sample)` : ''}, the others against every scenario` : 'untargeted: every fault against every scenario'}; child reports in ${relative(process.cwd(), runsDir) || runsDir}/<id>`,
  );
  // a process per lane that runs its jobs one after another (src/cli/lane-worker.ts); CIM9_LANE_WORKERS=0: a process per job.
  // A lane worker loads the TypeScript loader once, which costs less than compiling the build first (docs/performance.md);
  // a process per job starts from the build
  const useWorkers = o.workers ?? process.env['CIM9_LANE_WORKERS'] !== '0';
  // a build that matches the sources (`npm ci` makes one, bin/build.js) is used by the lane workers too
  const fresh = await freshBuild();
  const env = o.build === false ? {} : fresh ? { CIM9_DIST: '1' } : useWorkers ? {} : buildForChildren((l) => log(`${name}: ${l}`));
  for (const n of proofNotes) log(n);
  if (fresh && o.build !== false) log(`${name}: child runs start from the build (dist/ matches the sources; CIM9_DIST=0 runs the sources)`);
  const workers = useWorkers ? Array.from({ length: lanes }, () => new LaneWorker(env)) : [];
  log(
    useWorkers
      ? `${name}: ${lanes} lane worker(s), each runs its lane's child runs one after another in one process (${BUILT || env['CIM9_DIST'] === '1' ? 'the build' : 'the sources, through tsx'}; CIM9_LANE_WORKERS=0: a process per child run)`
      : `${name}: a process per child run (CIM9_LANE_WORKERS=0)`,
  );
  // the longest runs first (by their times in the previous run; else the runs of every scenario, then the targeted ones,
  // the widest scope first), so that the lanes end together rather than one lane running a long run alone at the end;
  // the outcomes keep the order of the jobs
  const previous = previousDurations(join(reportsDir, `${name}.json`));
  const order = longestFirst(jobs, previous);
  if (o.plan) {
    for (const line of planLines(order, previous, lanes, compiledScenarios())) log(line);
    return { analysis: analyse([], [], [], ledger, { requireEveryScenario: false }), exitCode: 0 };
  }
  if (previous.size) log(`${name}: the longest runs first, by their times in the previous run (${relative(process.cwd(), join(reportsDir, `${name}.json`))}); runs it did not time by their scope`);
  const ran = await runLanes(order, lanes, (j, lane) => runChild(j, { env, worker: workers[lane] }), (r, n) => {
    const failed = r.scenarios?.filter((s) => s.verdict === 'failed').length;
    const errors = r.scenarios?.filter((s) => s.verdict === 'error').length;
    log(`${name}: [${String(n).padStart(2)}/${jobs.length}] ${r.id.padEnd(36)} ${r.scenarios ? `${failed} failed, ${errors} error` : 'NO REPORT'} (exit ${r.exitCode}, ${secs(r.durationMs)})`);
  }).finally(() => Promise.all(workers.map((w) => w.close())));
  const outcomes = jobs.map((j) => ran[order.indexOf(j)]!);
  const isClean = (r: RunOutcome) => r.faults.length === 0;
  const isCombined = (r: RunOutcome) => r.id.startsWith('combined');
  // --prove-scopes: each fault with a scope against the scenarios outside it where the clean run saw its hook asked for
  const proofJobs = o.proveEachScope && targeted ? reachProofJobs(faults, outcomes.filter(isClean), outcomes.filter((r) => !isClean(r) && !isCombined(r)), runsDir) : [];
  let proofRuns: RunOutcome[] = [];
  if (o.proveEachScope && targeted) {
    log(`${name}: proof of each scope: ${proofJobs.length} run(s) of a fault against the scenarios outside its scope where the clean run saw the reference SUT ask for it`);
    for (const l of leftOutLines(faults)) log(`${name}: ${l}`);
    const more = Array.from({ length: lanes }, () => new LaneWorker(env));
    proofRuns = await runLanes(proofJobs, lanes, (j, lane) => runChild(j, { env, worker: useWorkers ? more[lane] : undefined }), (r, n) => {
      const bad = r.scenarios?.filter((x) => x.verdict === 'failed' || x.verdict === 'error').length;
      log(`${name}: [${String(n).padStart(2)}/${proofJobs.length}] ${r.id.padEnd(50)} ${r.scenarios ? `${r.scenarios.length} outside its scope, ${bad} failed or error` : 'NO REPORT'} (${secs(r.durationMs)})`);
    }).finally(() => Promise.all(more.map((w) => w.close())));
  }
  const analysis = analyse(
    outcomes.filter(isClean),
    outcomes.filter((r) => !isClean(r) && !isCombined(r)),
    faults,
    ledger,
    { requireEveryScenario: o.requireEveryScenario ?? !o.faults?.length },
    o.combined ? outcomes.filter(isCombined) : undefined,
  );
  const gaps = reachProofProblems(proofRuns);
  if (gaps.length) {
    analysis.problems.push(...gaps);
    analysis.ok = false;
  }
  const durationMs = Date.now() - started;
  const generatedAt = new Date().toISOString();
  mkdirSync(reportsDir, { recursive: true });
  writeFileSync(
    join(reportsDir, `${name}.json`),
    JSON.stringify({ suite: 'cim9', generatedAt, lanes, durationMs, targeted, ledger: ledger.file, profiles, ...analysis, ...(o.proveEachScope && targeted ? { leftOut: leftOutLines(faults) } : {}), runs: [...outcomes, ...proofRuns].map(({ scenarios: _s, ...r }) => r) }, null, 2),
  );
  writeFileSync(join(reportsDir, `${name}.md`), renderMarkdown(analysis, { generatedAt, lanes, durationMs, title: o.title, targeted }));
  for (const line of renderTable(analysis)) log(line);
  log(`${name}: ${analysis.ok ? 'PASS' : 'FAIL'} in ${secs(durationMs)}; ${relative(process.cwd(), join(reportsDir, `${name}.md`))}, ${relative(process.cwd(), join(reportsDir, `${name}.json`))}`);
  return { analysis, exitCode: analysis.ok ? 0 : 1 };
}

/** `cim9 mutants` */
export async function mutants(o: { fault?: string[]; lanes?: string; ledger?: string; profile?: string; reports?: string; combined?: boolean; untargeted?: boolean; plan?: boolean; proveScopes?: boolean }): Promise<number> {
  const lanes = o.lanes === undefined ? undefined : Number(o.lanes);
  if (lanes !== undefined && (!Number.isInteger(lanes) || lanes < 1)) throw new UsageError(`--lanes ${o.lanes}: a whole number of at least 1`);
  const faults = (o.fault ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  if (o.profile) {
    // a profile that switches faults on (simulator.faults) has no clean run to compare with
    const { loadProfile } = await import('../profile/index.ts');
    const given = loadProfile(resolve(o.profile)).simulator?.faults ?? [];
    if (given.length) throw new UsageError(`--profile ${o.profile} switches on simulator faults (simulator.faults: ${given.join(', ')}): a mutation run needs a profile without them`);
  }
  try {
    const { exitCode } = await mutationRun({ faults, lanes, ledger: o.ledger, profile: o.profile, reportsDir: o.reports, combined: o.combined ?? true, targeted: !o.untargeted, plan: o.plan, proveEachScope: o.proveScopes });
    return exitCode;
  } catch (e) {
    if (e instanceof LedgerError) throw new UsageError(e.message);
    throw e;
  }
}
