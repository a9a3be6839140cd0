/**
 * The requirement catalogue in the statement (src/report/requirement-rows.ts): requirement → scenarios → verdict of a
 * run, and its Markdown section (escaped).
 * Run: node --import tsx --test test/requirement-rows.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requirementRows, requirementsMarkdown, type CatalogueEntry } from '../src/report/requirement-rows.ts';
import type { ScenarioRecord } from '../src/report/conformance.ts';

const rec = (id: string, verdict: ScenarioRecord['verdict'], findings: { rule: string; severity: 'error' | 'warning' }[] = []): ScenarioRecord => ({
  name: `scenario ${id}`, uri: 'features/x.feature', id, tags: [], uc: [], role: [], req: [id.split('/')[0]!], verdict,
  findings: findings.map((f) => ({ ...f, message: `${f.rule} <b>x</b>` })), assumptions: {}, exchanges: 1, faults: [],
});
const entry = (id: string, scenarios: string[] | 'every'): CatalogueEntry => ({ id, statement: `${id} | statement`, clause: 'clause', severity: 'error', confidence: 'verified', every: scenarios === 'every', scenarios: scenarios === 'every' ? [] : scenarios });

const run = [
  rec('A.1', 'passed'),
  rec('A.2', 'failed', [{ rule: 'R-FAIL', severity: 'error' }]),
  rec('B.1/1', 'waived', [{ rule: 'R-WAIVED', severity: 'error' }]),
  rec('B.1/2', 'passed', [{ rule: 'R-WARN', severity: 'warning' }]),
  rec('C.1', 'error'),
];
const rows = requirementRows(
  [
    entry('R-PASS', ['A.1', 'A.2', 'Z.9']),
    entry('R-FAIL', ['A.2']),
    entry('R-WAIVED', ['B.1/1']),
    entry('R-WARN', 'every'),
    entry('R-EVERY', 'every'),
    entry('R-NOTVERIFIED', ['C.1']),
    entry('R-NOTRUN', ['Z.9']),
    entry('R-ELSEWHERE', ['Z.9']),
  ],
  [...run, { ...rec('D.1', 'failed', [{ rule: 'R-ELSEWHERE', severity: 'error' }]) }],
);
const by = (id: string) => rows.find((r) => r.id === id)!;

test('each requirement: its scenarios of the run with their verdicts, and its own verdict', () => {
  assert.deepEqual(rows.map((r) => [r.id, r.verdict]), [
    ['R-PASS', 'passed'],
    ['R-FAIL', 'failed'],
    ['R-WAIVED', 'waived'],
    ['R-WARN', 'warning'],
    ['R-EVERY', 'no finding'],
    ['R-NOTVERIFIED', 'not verified'],
    ['R-NOTRUN', 'not run'],
    ['R-ELSEWHERE', 'failed'],
  ]);
  assert.deepEqual(by('R-PASS').scenarios, [{ id: 'A.1', verdict: 'passed' }, { id: 'A.2', verdict: 'failed' }]);
  assert.equal(by('R-PASS').notRun, 1);
  assert.deepEqual(by('R-FAIL').scenarios, [{ id: 'A.2', verdict: 'failed', finding: 'error' }]);
  // a rule checked in every scenario lists only the scenarios that found something of it
  assert.deepEqual(by('R-WARN').scenarios, [{ id: 'B.1/2', verdict: 'passed', finding: 'warning' }]);
  assert.deepEqual([by('R-EVERY').ran, by('R-EVERY').passed, by('R-EVERY').scenarios], [6, 2, []]);
  // a finding of it in a scenario the catalogue does not name still counts
  assert.deepEqual(by('R-ELSEWHERE').scenarios, [{ id: 'D.1', verdict: 'failed', finding: 'error' }]);
});

test('the Markdown section: one row per requirement, every text escaped', () => {
  const md = requirementsMarkdown(rows).join('\n');
  assert.match(md, /^## Results per requirement/);
  assert.match(md, /1 passed, 1 no finding, 2 failed, 1 waived, 1 warning, 1 not verified, 1 not run/);
  assert.match(md, /\| \*\*R-FAIL\*\* \(error\) \| clause \| \*\*failed\*\* \| A\.2 failed \(finding of it\) \|/);
  assert.match(md, /\| \*\*R-EVERY\*\* \(error\) \| clause \| no finding \| every scenario \(6 ran, 2 passed\) \|/);
  assert.match(md, /\| \*\*R-PASS\*\* \(error\) \| clause \| passed \| A\.1 passed, A\.2 failed \(1 not run\) \|/);
});
