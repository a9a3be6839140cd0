/**
 * The coverage matrix (src/report/coverage.ts, cim9 coverage): every use case has scenarios or a reason why not; a
 * reason for a use case that has scenarios is stale; docs/coverage.md is the current matrix; a run's verdicts show.
 * Run: node --import tsx --test test/coverage.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runCim9InProcess } from './cli.ts';
import { scenarios } from '../src/session/scenarios.ts';
import { coverageMarkdown, coverageMatrix, coverageSummary } from '../src/report/coverage.ts';
import { NOT_COVERED, NOT_COVERED_PARTS } from '../src/usecases/ids.ts';
import { repoPath } from '../src/paths.ts';

const all = () => scenarios().map((s) => ({ id: s.id, name: s.name, useCases: s.values('usecase'), editions: s.values('edition'), roles: s.values('role'), patterns: s.values('pattern'), editionOnly: s.values('edition-only') }));

test('every use case has scenarios or a reason, and no reason outlives its scenarios', () => {
  const rows = coverageMatrix(all());
  assert.deepEqual(coverageSummary(rows).unexplained, [], 'a use case without a scenario names why in NOT_COVERED (src/usecases/ids.ts)');
  const stale = rows.filter((r) => r.scenarios.length && NOT_COVERED[r.useCase]).map((r) => r.useCase);
  assert.deepEqual(stale, [], 'remove the NOT_COVERED entry of a use case that has scenarios now');
  // a part not tested belongs to a use case with scenarios (one without has its reason in NOT_COVERED), and shows in its row
  for (const p of NOT_COVERED_PARTS) {
    const row = rows.find((r) => r.useCase === p.useCase);
    assert.ok(row?.scenarios.length, `NOT_COVERED_PARTS names ${p.useCase}, which has no scenario: give it a NOT_COVERED reason instead`);
    assert.ok(row.partsNotCovered?.includes(p));
  }
  assert.match(coverageMarkdown(rows), /\| EDC-01 \|[^\n]*demand-response opt-in \/ opt-out not testable: /);
});

test('docs/coverage.md is the current matrix (regenerate: node bin/cim9.js coverage --format md > docs/coverage.md)', () => {
  assert.equal(readFileSync(repoPath('docs', 'coverage.md'), 'utf8'), coverageMarkdown(coverageMatrix(all())));
});

test('cim9 coverage: the matrix, a run\'s verdicts, and exit 2 for a folder without a run', async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-coverage-'));
  try {
    const run = join(dir, 'r1');
    mkdirSync(run);
    writeFileSync(join(run, 'conformance.json'), JSON.stringify({ scenarios: [{ req: ['EDE-09.1'], verdict: 'failed' }, { req: ['EDC-06.1'], verdict: 'passed' }, { req: ['EDC-06.1'], verdict: 'error' }] }));
    const r = await runCim9InProcess(['coverage', '--run', run, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { summary: { unexplained: string[] }; useCases: { useCase: string; scenarios: { id: string; verdict?: string }[] }[] };
    const find = (uc: string, id: string) => doc.useCases.find((u) => u.useCase === uc)?.scenarios.find((s) => s.id === id);
    assert.equal(find('EDE-09', 'EDE-09.1')?.verdict, 'failed');
    assert.equal(find('EDC-06', 'EDC-06.1/1')?.verdict, 'error', 'the rows of an outline show the worst verdict of its @req');
    assert.equal(find('EDE-05', 'EDE-05.1')?.verdict, undefined, 'a scenario the run did not have has no verdict');
    const bad = await runCim9InProcess(['coverage', '--run', join(dir, 'nothing-here')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no run's conformance\.json there/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cim9 coverage --requirements: requirement → scenarios, with --run their verdicts in that run; attested requirements have no scenario', async () => {
  const plain = await runCim9InProcess(['coverage', '--requirements', '--format', 'json']);
  assert.equal(plain.code, 0, plain.stderr);
  const doc = JSON.parse(plain.stdout) as { requirements: { id: string; testability: string; scenarios: string[] }[]; unexplained: string[] };
  assert.deepEqual(doc.unexplained, []);
  assert.deepEqual(doc.requirements.find((r) => r.id === 'COD-QUALITY')?.scenarios, ['every scenario']);
  assert.ok(doc.requirements.find((r) => r.id === 'MR-BILLING-TYPE')!.scenarios.length > 0);
  assert.deepEqual(doc.requirements.filter((r) => r.testability === 'attested').map((r) => r.scenarios.length), doc.requirements.filter((r) => r.testability === 'attested').map(() => 0));
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-coverage-req-'));
  try {
    writeFileSync(join(dir, 'conformance.json'), JSON.stringify({ requirements: [{ id: 'MR-BILLING-TYPE', verdict: 'failed', scenarios: [{ id: 'MR-05.1', verdict: 'failed' }] }], attestations: [{ id: 'ATT-SECURITY', status: 'attested', label: 'attested by J. Roe' }] }));
    const r = await runCim9InProcess(['coverage', '--requirements', '--run', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^MR-BILLING-TYPE +failed +MR-05\.1 failed$/m);
    assert.match(r.stdout, /^ATT-SECURITY +attested by J\. Roe +attested, no scenario/m);
    assert.match(r.stdout, /^COD-QUALITY +not in this run /m);
    writeFileSync(join(dir, 'conformance.json'), JSON.stringify({ scenarios: [] }));
    const old = await runCim9InProcess(['coverage', '--requirements', '--run', dir]);
    assert.equal(old.code, 2);
    assert.match(old.stderr, /has no requirement rows/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
