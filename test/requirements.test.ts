/**
 * The requirement catalogue (src/cli/requirements.ts, `cim9 requirements`): every rule id the checks emit has an
 * entry, no entry points to nothing (a spec section, an assumption, a scenario), the index of the spec's sections
 * (src/checks/spec-sections.ts) and docs/requirements.md are current, and the reading of spec references holds.
 * Run: node --import tsx --test test/requirements.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { attestedRequirements, requirementCatalogue, requirementsMarkdown, untestedRequirements } from '../src/cli/requirements.ts';
import { NOT_COVERED, NOT_COVERED_PARTS } from '../src/usecases/ids.ts';
import { RULES } from '../src/checks/catalogue.ts';
import { parseSpecRefs, specSectionsOf, weakest } from '../src/checks/spec-refs.ts';
import { readSpecSections, specDir, specSectionsModule } from '../src/checks/write-spec-sections.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { scenarios } from '../src/session/scenarios.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { repoPath } from '../src/paths.ts';
import { runCim9InProcess } from './cli.ts';

const all = scenarios();
const reqs = requirementCatalogue(all);

/** every .ts file under a folder of the repository */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts')) out.push(p);
    }
  };
  walk(repoPath(dir));
  return out;
}

const RULE_LITERAL = /['"`]((?:XML|XSD|TRANSPORT)|(?:ENV|DOM|COD|MD|EUMED|EDC|EDE|FW|MSR|MRS|PAN|MR|CHANGEOUT|SWITCH)(?:-[A-Z][A-Z0-9]*)+)['"`]/g;

describe('requirement catalogue', () => {
  test('every rule id written in src/checks (and src/codes, src/eumed, src/usecases, steps) has an entry', () => {
    const ids = new Set(reqs.map((r) => r.id));
    const missing: string[] = [];
    for (const file of [...sources('src/checks'), ...sources('src/codes'), ...sources('src/eumed'), ...sources('src/usecases'), ...sources('steps')]) {
      for (const m of readFileSync(file, 'utf8').matchAll(RULE_LITERAL)) if (!ids.has(m[1]!)) missing.push(`${relative(repoPath(), file)}: ${m[1]}`);
    }
    assert.deepEqual([...new Set(missing)], [], 'rule ids without a catalogue entry (src/checks/catalogue.ts)');
    assert.equal(reqs.length, RULES.length);
  });

  test('no entry points to nothing: its spec sections, assumptions, faults and scenarios exist, and it has at least one of each source and scenario', () => {
    const scenarioIds = new Set(all.map((s) => s.id));
    const faultIds = new Set(FAULTS.map((f) => f.id));
    const broken: string[] = [];
    for (const r of reqs) {
      if (r.unresolved.length) broken.push(`${r.id}: ${r.unresolved.join(', ')}`);
      if (!r.sources.length) broken.push(`${r.id}: no section of ../shared/spec (add source: to the rule)`);
      if (!r.scenarios.length) broken.push(`${r.id}: no scenario checks it`);
      for (const id of r.scenarios) if (!scenarioIds.has(id)) broken.push(`${r.id}: scenario ${id} does not exist`);
      for (const id of r.faults) if (!faultIds.has(id)) broken.push(`${r.id}: fault ${id} does not exist`);
      for (const a of r.assumptions) if (!assumptionDef(a.id)) broken.push(`${r.id}: assumption ${a.id} is not in the register`);
      if (r.checkedIn.includes('every scenario')) assert.equal(r.scenarios.length, all.length, r.id);
    }
    assert.deepEqual(broken, []);
  });

  test('an entry naming a section the spec lacks, or an assumption the register lacks, is reported as pointing to nothing', () => {
    const [bad] = requirementCatalogue(all, [
      { id: 'DOM-NOWHERE', scope: 'scenario', clause: '61968-9 5.3; use-cases.md §3.3, §99.1', edition: 'all', severity: 'error', assumption: 'CIM9-99999', statement: 'Nothing (UC-999).' },
    ]);
    assert.deepEqual(bad!.sources.map((s) => `${s.file} §${s.section}`), ['use-cases.md §3.3']);
    assert.deepEqual(bad!.unresolved, ['use-cases.md §99.1', 'assumption CIM9-99999', 'assumption UC-999']);
    const [none] = requirementCatalogue(all, [{ id: 'DOM-NOSOURCE', scope: 'message', clause: '61968-9 5.3', edition: 'all', severity: 'error', statement: 'x' }]);
    assert.deepEqual(none!.unresolved, ['no section of ../shared/spec named (clause or source)']);
  });

  test('the scenarios of a rule: those of its faults\' scopes, of the feature of the module that emits it, or every scenario', () => {
    const by = (id: string) => reqs.find((r) => r.id === id)!;
    // a rule of one message is checked on every message every scenario receives
    assert.deepEqual(by('COD-QUALITY').checkedIn, ['every scenario']);
    // a fault scoped to @uc:billing-inquiry violates MR-BILLING-TYPE, emitted by src/checks/billing-inquiry.ts
    const billing = by('MR-BILLING-TYPE');
    assert.ok(billing.checkedIn.includes('fault scope'), billing.checkedIn.join());
    assert.deepEqual(billing.scenarios, all.filter((s) => s.values('uc').includes('billing-inquiry')).map((s) => s.id));
    assert.ok(billing.faults.length > 0);
    // no fault violates EUMED-IDENTITY: the EUMED feature's module (src/eumed/) emits it
    const eumed = by('EUMED-IDENTITY');
    assert.deepEqual(eumed.checkedIn, ['use-case module']);
    assert.ok(eumed.scenarios.length && eumed.scenarios.every((id) => all.find((s) => s.id === id)!.values('uc').includes('eumed')));
    // the governing assumptions: the rule's own and those its statement names
    assert.deepEqual(by('SWITCH-REASON').assumptions.map((a) => a.id), ['CIM9-199', 'CIM9-200']);
  });

  test('docs/requirements.md is current (regenerate: node bin/cim9.js requirements --format md > docs/requirements.md)', () => {
    assert.equal(readFileSync(repoPath('docs', 'requirements.md'), 'utf8'), requirementsMarkdown(reqs, all.length));
  });

  test('src/checks/spec-sections.ts is the index of ../shared/spec (regenerate: node --import tsx src/checks/write-spec-sections.ts)', (t) => {
    const sections = readSpecSections();
    if (!sections) {
      t.skip(`no spec at ${specDir()}`);
      return;
    }
    assert.equal(readFileSync(repoPath('src', 'checks', 'spec-sections.ts'), 'utf8'), specSectionsModule(sections));
  });

  test('cim9 requirements --format json: every entry, exit 0', async () => {
    const r = await runCim9InProcess(['requirements', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { requirements: { id: string; sources: { file: string; section: string; confidence: string }[]; scenarios: string[] }[] };
    assert.equal(doc.requirements.length, RULES.length);
    const corr = doc.requirements.find((x) => x.id === 'ENV-CORRELATION')!;
    assert.ok(corr.sources.some((s) => s.file === 'envelope.md' && s.section === '7.3' && s.confidence === 'uncertain'), JSON.stringify(corr.sources));
  });
});

describe('spec references and sections', () => {
  test('parseSpecRefs: a file then its sections up to the next file or ";", ranges expanded, a § without a file ignored', () => {
    const refs = (s: string) => parseSpecRefs(s).map((r) => `${r.file} §${r.section}`);
    assert.deepEqual(refs('61968-9 5.3 (MR-06); use-cases.md §3.6; payloads.md §1.2-§1.4, §1.6'), ['use-cases.md §3.6', 'payloads.md §1.2', 'payloads.md §1.3', 'payloads.md §1.4', 'payloads.md §1.6']);
    assert.deepEqual(refs('61968-100 §4.4; 2013 Annex K'), []);
    assert.deepEqual(refs('use-cases.md §0.3 P6, §3.1; 61968-9 §5.2'), ['use-cases.md §0.3', 'use-cases.md §3.1']);
    assert.deepEqual(refs('envelope.md §7.3 and codes.md §2, envelope.md §7.3'), ['envelope.md §7.3', 'codes.md §2']);
  });

  test('specSectionsOf: the least sure mark of a section and its sub-sections, else the nearest marked heading above', () => {
    const md = ['# T', '## 1. One ✔', 'text ✔', '### 1.1 Sub', 'plain', '### 1.2 Other', 'a step (?, UC-01)', '## 2. Two', 'nothing', '### 2.1 Deep ◐', 'what? no mark'].join('\n');
    const s = Object.fromEntries(specSectionsOf(md).map((x) => [x.section, x.confidence]));
    assert.deepEqual(s, { '1': 'uncertain', '1.1': 'verified', '1.2': 'uncertain', '2': 'vendor-observed', '2.1': 'vendor-observed' });
    assert.equal(weakest(['verified', 'unmarked']), 'verified');
    assert.equal(weakest([]), 'unmarked');
  });
});

test('every requirement is testable, attested or not testable, and says since which version; what the suite cannot test is listed with its reason', () => {
  for (const r of reqs) {
    assert.equal(r.testability, 'testable');
    assert.match(r.since, /^\d+\.\d+\.\d+/, r.id);
  }
  // what no exchange can show: attested in the profile, each with the reason it is not tested (test/attestations.test.ts)
  for (const a of attestedRequirements()) {
    assert.equal(a.testability, 'attested');
    assert.ok(a.reason && a.sources.length && !a.unresolved.length, a.id);
  }
  // a rule of the released id list is of its version; XML was in the first one
  assert.equal(reqs.find((r) => r.id === 'XML')!.since, '0.1.0');
  const untested = untestedRequirements();
  assert.deepEqual(untested.map((u) => u.useCase).sort(), [...Object.keys(NOT_COVERED), ...NOT_COVERED_PARTS.map((p) => p.useCase)].sort());
  assert.ok(untested.every((u) => u.reason && (u.testability === 'not testable' || u.testability === 'not yet covered')));
  assert.match(requirementsMarkdown(reqs, all.length), /## What the suite does not test[\s\S]*\| MSE-02 \| [^|]+ \| not testable \|/);
  // a part of a covered use case: its use case, the part after the title
  assert.match(requirementsMarkdown(reqs, all.length), /## What the suite does not test[\s\S]*\| EDC-01 \| [^|]+: demand-response opt-in \/ opt-out \| not testable \|/);
});

test('every scenario names a requirement: one that lists it, or one a fault in whose scope it is violates (the mutation run proves the scenario catches it)', () => {
  const listed = new Set(reqs.filter((r) => !r.checkedIn.includes('every scenario')).flatMap((r) => r.scenarios));
  const scoped = FAULTS.filter((f) => f.scope).map((f) => parseTagExpression(f.scope!));
  const none = all.filter((s) => !listed.has(s.id) && !scoped.some((e) => e.evaluate(s.tags))).map((s) => s.id);
  assert.deepEqual(none, [], 'scenarios no requirement names: tie them to a rule (a fault with a scope, or a module of their feature that emits it)');
});
