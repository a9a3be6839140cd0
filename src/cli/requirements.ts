/**
 * `cim9 requirements [--format text|json|md]`: the requirement catalogue — every checkable requirement (a rule of
 * src/checks/catalogue.ts, the id its findings carry) with its statement, the clause of the standard, the sections of
 * the project's spec it rests on and their confidence (src/checks/spec-refs.ts, src/checks/spec-sections.ts), the
 * assumptions that govern it (src/profile/assumptions.ts), the faults of the reference SUT that violate it and the
 * scenarios that check it. Everything is read from the code, nothing is kept by hand; docs/requirements.md is the
 * `--format md` page, held current by test/requirements.test.ts.
 *
 * The scenarios that check a rule, in the order they are looked for:
 * - `fault scope`: the scenarios in the scope (a tag expression) of a fault that violates the rule — the mutation run
 *   proves that one of them fails naming the rule;
 * - `use-case module`: the scenarios of the feature whose stem names a module that emits the rule
 *   (src/checks/<stem>.ts, src/usecases/<stem>.ts, steps/<stem>.steps.ts → features tagged @uc:<stem>);
 * - `every scenario`: a rule of one message or one exchange (checked by the World on every message received), or one
 *   a shared module emits (src/session, src/checks/envelope.ts …): every scenario checks it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { CODE_ROOT, repoPath } from '../paths.ts';
import { NOT_COVERED, NOT_COVERED_PARTS, USE_CASE_TITLES } from '../usecases/ids.ts';
import { RULES, type RuleDef } from '../checks/catalogue.ts';
import { parseSpecRefs, weakest, type SectionConfidence, type SpecFile } from '../checks/spec-refs.ts';
import { SPEC_SECTIONS } from '../checks/spec-sections.ts';
import { ASSUMPTIONS, assumptionDef, describeAssumptionValue } from '../profile/assumptions.ts';
import { scenarios, type Scenario } from '../session/scenarios.ts';
import { markdownInline, terminal } from '../report/escape.ts';
import type { CatalogueEntry } from '../report/requirement-rows.ts';
import { FAULTS, violatedRule } from '../../simulator/faults/catalogue.ts';
import { ATTESTED_REQUIREMENTS, type AttestedRequirement } from '../profile/attestations.ts';

export type CheckedIn = 'fault scope' | 'use-case module' | 'every scenario';

export interface RequirementSource {
  file: SpecFile;
  section: string;
  title: string;
  confidence: SectionConfidence;
}

export interface Requirement {
  id: string;
  statement: string;
  clause: string;
  edition: RuleDef['edition'];
  scope: RuleDef['scope'];
  severity: RuleDef['severity'];
  /** the sections of ../shared/spec the rule rests on */
  sources: RequirementSource[];
  /** the least sure confidence of its sources */
  confidence: SectionConfidence;
  /** the assumptions that govern it: the rule's own, then every register id its statement or clause names */
  assumptions: { id: string; confidence: string; default: string }[];
  /** faults of the reference SUT that violate it */
  faults: string[];
  /** how its scenarios were found (see the head of this module) */
  checkedIn: CheckedIn[];
  /** the ids of the scenarios that check it (every scenario for `every scenario`) */
  scenarios: string[];
  /** references that point to nothing: a spec section not in the index, an assumption id not in the register */
  unresolved: string[];
  /** a rule the findings name: the suite tests it (what it cannot test is `untestedRequirements`) */
  testability: 'testable';
  /** the first suite version whose id list (docs/ids/<version>.json) holds it; the current version for a new one */
  since: string;
}

/** a use case of the standard the suite does not test, and why , or a part of a covered one (src/usecases/ids.ts NOT_COVERED, NOT_COVERED_PARTS) */
export interface UntestedRequirement {
  useCase: string;
  title: string;
  testability: 'not testable' | 'not yet covered';
  reason: string;
}

/**
 * a requirement no message exchange can show (src/profile/attestations.ts): the vendor attests it in the profile
 * (attestations:), and the statement reports it "attested by <who>" or "not attested", never passed
 */
export interface AttestedEntry {
  id: string;
  statement: string;
  clause: string;
  edition: AttestedRequirement['edition'];
  /** the roles of the SUT it applies to; every role when empty */
  roles: string[];
  sources: RequirementSource[];
  confidence: SectionConfidence;
  testability: 'attested';
  /** why the suite cannot test it */
  reason: string;
  unresolved: string[];
  since: string;
}

/** the attested requirements, with their spec sources resolved as the rules' are */
export function attestedRequirements(defs: readonly AttestedRequirement[] = ATTESTED_REQUIREMENTS): AttestedEntry[] {
  const versions = firstVersions();
  return defs.map((a) => {
    const { sources, unresolved } = resolveSources({ clause: a.clause, source: a.source });
    return {
      id: a.id,
      statement: a.statement,
      clause: a.clause,
      edition: a.edition,
      roles: [...a.roles],
      sources,
      confidence: weakest(sources.map((s) => s.confidence)),
      testability: 'attested',
      reason: a.reason,
      unresolved,
      since: versions.since.get(a.id) ?? versions.current,
    };
  });
}

/** the use cases without a scenario and the reason of each */
export function untestedRequirements(): UntestedRequirement[] {
  return [
    ...Object.entries(NOT_COVERED).map(([useCase, n]) => ({ useCase, title: USE_CASE_TITLES[useCase] ?? '', testability: n.status, reason: n.reason })),
    // the parts of covered use cases the suite does not test: the part after the use case's title
    ...NOT_COVERED_PARTS.map((p) => ({ useCase: p.useCase, title: `${USE_CASE_TITLES[p.useCase] ?? p.useCase}: ${p.part}`, testability: p.status, reason: p.reason })),
  ];
}

const semverParts = (v: string) => v.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
function olderFirst(a: string, b: string): number {
  const x = semverParts(a);
  const y = semverParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p !== q) return typeof p === 'number' && typeof q === 'number' ? p - q : String(p) < String(q) ? -1 : 1;
  }
  return 0;
}

/** rule (or attested requirement) id → the first version whose id list holds it (docs/ids/<version>.json, src/cli/released-ids.ts) */
function firstVersions(): { since: Map<string, string>; current: string } {
  const current = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
  const since = new Map<string, string>();
  let files: string[] = [];
  try {
    files = readdirSync(repoPath('docs', 'ids')).filter((f) => f.endsWith('.json'));
  } catch {
    // an install without the id lists: every rule is of the current version
  }
  const snaps = files.map((f) => JSON.parse(readFileSync(repoPath('docs', 'ids', f), 'utf8')) as { version: string; rules?: Record<string, unknown>; attested?: Record<string, unknown> }).sort((a, b) => olderFirst(a.version, b.version));
  for (const snap of snaps) for (const id of [...Object.keys(snap.rules ?? {}), ...Object.keys(snap.attested ?? {})]) if (!since.has(id)) since.set(id, snap.version);
  return { since, current };
}

const ASSUMPTION_ID = /\b(?:ENV|PAY|COD|UC|EUM|CIM9)-\d+\b/g;
/** string literals that look like rule ids (as test/checks-rules-catalogue.test.ts reads them) */
export const RULE_LITERAL = /['"`]((?:XML|XSD|TRANSPORT)|(?:ENV|DOM|COD|MD|EUMED|EDC|EDE|FW|MSR|MRS|PAN|MR|CHANGEOUT|SWITCH|PM)(?:-[A-Z][A-Z0-9]*)+)['"`]/g;
/** the modules that define rules, not emit them */
const DEFINITIONS = new Set(['catalogue', 'masterdatarules']);

/** the code files of a folder of the running code (.ts from the sources, .js from the build; test/checks-rules-catalogue.test.ts reads the sources with it) */
export function codeFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      if (n === 'node_modules' || n.startsWith('.')) continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(n) && !n.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(join(CODE_ROOT, dir));
  return out;
}

const norm = (stem: string) => stem.replace(/-/g, '').toLowerCase();

/**
 * The modules every scenario runs through: the World and the session (src/session), the checks of layers 2 and 3 it
 * applies to every message (src/checks/envelope.ts, src/checks/domain.ts) and step files of no feature.
 */
function isShared(rel: string, stems: readonly string[], features: ReadonlySet<string>): boolean {
  const parts = rel.split(/[\\/]/);
  if (parts[0] === 'src' && parts[1] === 'session') return true;
  if (parts[0] === 'src' && parts[1] === 'checks' && ['envelope', 'domain'].includes(stems[0]!)) return true;
  return parts[0] === 'steps' && !stems.some((x) => features.has(x));
}

/** rule id → the modules that emit it: the feature stems they belong to, or shared (every scenario runs them) */
function emitters(features: ReadonlySet<string>): Map<string, { stems: string[]; shared: boolean }[]> {
  const out = new Map<string, { stems: string[]; shared: boolean }[]>();
  for (const file of [...codeFiles('src'), ...codeFiles('steps')]) {
    const rel = file.slice(CODE_ROOT.length + 1);
    const stem = norm(basename(file).replace(/\.(ts|js)$/, '').replace(/\.steps$/, ''));
    if (DEFINITIONS.has(stem) || rel.startsWith(join('src', 'cli'))) continue;
    // src/checks/<stem>.ts, src/usecases/<stem>.ts, steps/<stem>.steps.ts; or a folder of its own (src/eumed/*.ts)
    const stems = [stem, norm(basename(dirname(file)))];
    const ids = new Set([...readFileSync(file, 'utf8').matchAll(RULE_LITERAL)].map((m) => m[1]!));
    const mod = { stems: stems.filter((x) => features.has(x)), shared: isShared(rel, stems, features) };
    for (const id of ids) out.set(id, [...(out.get(id) ?? []), mod]);
  }
  return out;
}

function resolveSources(r: Pick<RuleDef, 'clause' | 'source'>): { sources: RequirementSource[]; unresolved: string[] } {
  const sources: RequirementSource[] = [];
  const unresolved: string[] = [];
  for (const ref of parseSpecRefs(`${r.clause}; ${r.source ?? ''}`)) {
    const s = SPEC_SECTIONS[ref.file].find((x) => x.section === ref.section);
    if (s) sources.push({ file: ref.file, section: ref.section, title: s.title, confidence: s.confidence });
    else unresolved.push(`${ref.file} §${ref.section}`);
  }
  if (!sources.length && !unresolved.length) unresolved.push('no section of ../shared/spec named (clause or source)');
  return { sources, unresolved };
}

function governing(r: RuleDef): { assumptions: Requirement['assumptions']; unresolved: string[] } {
  const named = [...`${r.statement} ${r.clause}`.matchAll(ASSUMPTION_ID)].map((m) => m[0]);
  const ids = [...new Set([...(r.assumption ? [r.assumption] : []), ...named])];
  const assumptions: Requirement['assumptions'] = [];
  const unresolved: string[] = [];
  for (const id of ids) {
    const a = assumptionDef(id);
    if (a) assumptions.push({ id, confidence: a.confidence, default: describeAssumptionValue(a.default) });
    else unresolved.push(`assumption ${id}`);
  }
  return { assumptions, unresolved };
}

/** the requirement catalogue, in the order of the rule catalogue */
export function requirementCatalogue(all: readonly Scenario[] = scenarios(), rules: readonly RuleDef[] = RULES): Requirement[] {
  const byStem = new Map<string, string[]>();
  for (const s of all) for (const uc of s.values('uc')) byStem.set(norm(uc), [...(byStem.get(norm(uc)) ?? []), s.id || `${s.uri}:${s.line}`]);
  const emitted = emitters(new Set(byStem.keys()));
  const every = all.map((s) => s.id || `${s.uri}:${s.line}`);
  const versions = firstVersions();
  // the faults of each rule, in catalogue order (one pass over the catalogue, not one per rule)
  const faultsOf = new Map<string, (typeof FAULTS)[number][]>();
  for (const f of FAULTS) {
    const id = violatedRule(f);
    faultsOf.set(id, [...(faultsOf.get(id) ?? []), f]);
  }
  return rules.map((r) => {
    const { sources, unresolved } = resolveSources(r);
    const gov = governing(r);
    const faults = faultsOf.get(r.id) ?? [];
    const found = new Set<string>();
    const checkedIn: CheckedIn[] = [];
    const scoped = faults.filter((f) => f.scope);
    if (scoped.length) {
      checkedIn.push('fault scope');
      for (const f of scoped) {
        const expr = parseTagExpression(f.scope!);
        for (const s of all) if (expr.evaluate(s.tags)) found.add(s.id || `${s.uri}:${s.line}`);
      }
    }
    const mods = emitted.get(r.id) ?? [];
    const fromModules = new Set(mods.flatMap((m) => m.stems).flatMap((stem) => byStem.get(stem) ?? []));
    const before = found.size;
    for (const id of fromModules) found.add(id);
    if (found.size > before) checkedIn.push('use-case module');
    // a rule of one message or exchange, one a shared module emits, or one nothing ties to a feature: every scenario
    const shared = r.scope !== 'scenario' || mods.some((m) => m.shared) || !found.size;
    if (shared) checkedIn.splice(0, checkedIn.length, 'every scenario');
    return {
      id: r.id,
      statement: r.statement,
      clause: r.clause,
      edition: r.edition,
      scope: r.scope,
      severity: r.severity,
      sources,
      confidence: weakest(sources.map((s) => s.confidence)),
      assumptions: gov.assumptions,
      faults: faults.map((f) => f.id),
      checkedIn,
      scenarios: shared ? every : every.filter((id) => found.has(id)),
      unresolved: [...unresolved, ...gov.unresolved],
      testability: 'testable',
      since: versions.since.get(r.id) ?? versions.current,
    };
  });
}

const EVERY = 'every scenario';

/** the catalogue as a Markdown page (docs/requirements.md) */
export function requirementsMarkdown(reqs: readonly Requirement[], total: number): string {
  const md = (s: string) => markdownInline(s, 4000);
  const out = [
    '# Requirement catalogue',
    '',
    'Generated by `cim9 requirements --format md` from the rule catalogue (src/checks/catalogue.ts), the index of',
    "the project's spec (src/checks/spec-sections.ts, from ../shared/spec), the assumption register, the faults of the",
    'reference SUT and the features; test/requirements.test.ts fails when this page is stale or an entry points to',
    'nothing. Each requirement is a rule id the findings carry. **Confidence** is the least sure mark of the spec',
    'sections it rests on (✔ verified, ◐ vendor-observed, ? uncertain); an uncertain point is governed by the',
    'assumptions named, whose value the report states. **Checked by**: the scenarios in the scope of a fault that',
    'violates it (proven by the mutation run), else those of the feature of the module that emits it, else every',
    'scenario (a rule of every message received). **Since**: the first suite version whose id list (docs/ids/) holds',
    'it; an id never changes meaning once released (test/released-ids.test.ts). What the suite cannot test is listed at the end.',
    '',
    `${reqs.length} requirements; ${reqs.filter((r) => r.faults.length).length} violated by a fault of the reference SUT; ${reqs.filter((r) => r.checkedIn.includes(EVERY)).length} checked in every scenario (of ${total}).`,
    '',
    '| requirement | statement | sources (confidence) | assumptions | faults | checked by | since |',
    '|---|---|---|---|---|---|---|',
  ];
  const mark: Record<string, string> = { verified: '✔', 'vendor-observed': '◐', uncertain: '?', unmarked: '–' };
  for (const r of reqs) {
    const sources = r.sources.map((s) => `${s.file} §${s.section} ${mark[s.confidence]}`).join('<br>');
    const assumptions = r.assumptions.map((a) => `${a.id} = ${md(a.default)}`).join('<br>');
    const by = r.checkedIn.includes(EVERY) ? 'every scenario' : `${r.scenarios.map(md).join(', ')} (${r.checkedIn.join(', ')})`;
    out.push(`| **${r.id}** (${r.severity}, ${r.edition}, ${r.scope}) | ${md(r.statement)} *${md(r.clause)}* | ${sources || '—'} | ${assumptions || '—'} | ${r.faults.join(', ') || '—'} | ${by} | ${r.since} |`);
  }
  out.push('', '## What the vendor attests', '', 'Requirements no message exchange with the suite can show (src/profile/attestations.ts): testability **attested**. The profile\'s `attestations:` names who attests each and what they declare; the statement reports it "attested by <who>" or "not attested", never passed, and a certification run is not conformant while one of the SUT\'s roles is missing.', '', '| requirement | roles | statement | sources (confidence) | why it is not tested | since |', '|---|---|---|---|---|---|');
  for (const a of attestedRequirements()) out.push(`| **${a.id}** (${a.edition}) | ${a.roles.join(', ') || 'every role'} | ${md(a.statement)} *${md(a.clause)}* | ${a.sources.map((s) => `${s.file} §${s.section} ${mark[s.confidence]}`).join('<br>') || '—'} | ${md(a.reason)} | ${a.since} |`);
  const untested = untestedRequirements();
  out.push('', '## What the suite does not test', '', 'The use cases of IEC 61968-9 without a scenario (src/usecases/ids.ts), each with the reason: **not testable** (nothing a test can observe), or **not yet covered**.', '', '| use case | title | testability | reason |', '|---|---|---|---|');
  for (const u of untested) out.push(`| ${u.useCase} | ${md(u.title) || '—'} | ${u.testability} | ${md(u.reason)} |`);
  return out.join('\n') + '\n';
}

/** the catalogue as `cim9 requirements --format json` prints it (and the evidence bundle holds it: requirements.json) */
export function requirementsJson(reqs: readonly Requirement[], all: readonly Scenario[]): string {
  return JSON.stringify({ requirements: reqs, attested: attestedRequirements(), untested: untestedRequirements(), assumptions: ASSUMPTIONS.length, scenarios: all.length }, null, 2) + '\n';
}

/** the catalogue as the statement needs it (src/report/requirement-rows.ts) and each scenario's id by file and line */
export function statementCatalogue(reqs: readonly Requirement[], all: readonly Scenario[]): { requirements: CatalogueEntry[]; scenarioIds: { uri: string; line: number; id: string }[] } {
  return {
    requirements: reqs.map((r) => {
      const every = r.checkedIn.includes(EVERY);
      return { id: r.id, statement: r.statement, clause: r.clause, severity: r.severity, confidence: r.confidence, every, scenarios: every ? [] : r.scenarios };
    }),
    scenarioIds: all.filter((s) => s.id).map((s) => ({ uri: s.uri, line: s.line, id: s.id })),
  };
}

export function requirementsCommand(o: { format: 'text' | 'json' | 'md' }, write: (s: string) => void): number {
  const all = scenarios();
  const reqs = requirementCatalogue(all);
  const broken: { id: string; unresolved: string[] }[] = [...reqs, ...attestedRequirements()].filter((r) => r.unresolved.length);
  if (o.format === 'json') {
    write(requirementsJson(reqs, all));
  } else if (o.format === 'md') {
    write(requirementsMarkdown(reqs, all.length));
  } else {
    for (const r of reqs) {
      const by = r.checkedIn.includes(EVERY) ? 'every scenario' : r.scenarios.join(' ');
      const src = r.sources.map((s) => `${s.file} §${s.section}`).join(', ');
      write(`${r.id.padEnd(28)} ${r.confidence.padEnd(15)} ${terminal(src, 200)}  [${r.assumptions.map((a) => a.id).join(' ')}]  ${terminal(by, 400)}\n`);
    }
    for (const a of attestedRequirements()) write(`${a.id.padEnd(28)} ${'attested'.padEnd(15)} ${terminal(a.sources.map((s) => `${s.file} §${s.section}`).join(', '), 200)}  [${a.roles.join(' ') || 'every role'}]  not testable by an exchange: attested in the profile\n`);
    write(`${reqs.length} testable requirements and ${attestedRequirements().length} attested, ${broken.length} pointing to nothing${broken.length ? `: ${broken.map((r) => `${r.id} (${r.unresolved.join(', ')})`).join('; ')}` : ''}\n`);
  }
  return broken.length ? 1 : 0;
}
