/**
 * `cim9 list`: every scenario once, with its own id, use cases and pattern, nothing run; with a profile, the scenarios
 * that do not apply are exactly the plan's, each with its reason; bad input is exit 2 with one line.
 * Run: node --import tsx --test test/cli-list.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCim9InProcess } from './cli.ts';
import { scenarios } from '../src/session/scenarios.ts';
import { planScenarios } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';
import type { ListedScenario } from '../src/cli/list.ts';

test('every scenario is listed once, with an id of its own, its use cases and its pattern', async () => {
  const r = await runCim9InProcess(['list', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const listed = JSON.parse(r.stdout) as ListedScenario[];
  assert.equal(listed.length, scenarios().length);
  const ids = listed.map((l) => l.id);
  assert.deepEqual(ids.filter((id) => !id), [], 'every scenario has an id');
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'no two scenarios share an id');
  for (const l of listed) {
    assert.ok(l.useCases.length, `${l.uri}:${l.line} names its use cases`);
    assert.equal(l.patterns.length, 1, `${l.uri}:${l.line} names one pattern`);
  }
});

test('with a profile, what does not apply is the plan of cim9 run, with its reasons', async () => {
  const file = repoPath('profiles', 'reference-cis.yaml');
  const r = await runCim9InProcess(['list', '--profile', file, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const listed = JSON.parse(r.stdout) as ListedScenario[];
  const plan = await planScenarios(loadProfile(file), ['features/**/*.feature']);
  const out = listed.filter((l) => l.applicable === false);
  assert.equal(out.length, plan.notApplicable.length);
  assert.ok(out.every((l) => l.reason), 'each scenario left out says why');
  assert.ok(listed.some((l) => l.applicable), 'some scenarios apply to a CIS');
  const text = await runCim9InProcess(['list', '--profile', file, '--tags', '@role:CIS']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /scenario\(s\), \d+ applicable to /);
  assert.doesNotMatch(text.stdout, /not applicable/, 'a CIS scenario applies to the CIS profile');
});

test('a bad tag expression or profile is exit 2 with one line', async () => {
  const tags = await runCim9InProcess(['list', '--tags', '@a and']);
  assert.equal(tags.code, 2);
  assert.match(tags.stderr, /--tags "@a and"/);
  const prof = await runCim9InProcess(['list', '--profile', '/nonexistent/profile.yaml']);
  assert.equal(prof.code, 2);
  assert.equal(prof.stderr.trim().split('\n').length, 1, prof.stderr);
});
