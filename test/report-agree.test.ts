/**
 * One source of truth: a mixed run (--retry 1, --fail-fast, a fault so that a scenario fails) gives the same counts
 * on the console, in conformance.json and in junit.xml. A retried scenario counts once (its last attempt), the
 * scenarios --fail-fast skipped are skipped, none is lost.
 * Run: node --import tsx --test test/report-agree.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runCim9InProcess } from './cli.ts';
import type { Counts, ScenarioRecord } from '../src/report/conformance.ts';

test('console, conformance.json and junit.xml agree on a --retry 1 --fail-fast run with a failure', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-agree-'));
  try {
    // in this process (src/cli/main.ts, as `cim9 run` runs it): the test is about the reports, not the process; three
    // features in file order: billing inquiry passes, the first negative fails (and is retried), the rest is skipped
    const r = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--fault', 'ok-to-everything', '--retry', '1', '--fail-fast', '--tags', '@uc:billing-inquiry or @uc:negative-requests or @uc:on-request-read', '--reports', dir]);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { counts: Counts; scenarios: ScenarioRecord[] };
    const c = json.counts;
    // the console's line, in the statement's words
    const line = r.stdout.split('\n').find((l) => l.startsWith('conformance: '));
    assert.equal(line, `conformance: ${c.passed} passed, ${c.failed} failed, ${c.error} error, ${c.notApplicable} not applicable, ${c.skipped} skipped`);
    // JUnit: Cucumber's own formatter, from the same message stream
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    const attr = (name: string) => Number(new RegExp(`<testsuite [^>]*\\b${name}="(\\d+)"`).exec(junit)?.[1]);
    assert.equal(attr('tests'), json.scenarios.length);
    assert.equal(attr('tests'), c.passed + c.failed + c.error + c.skipped);
    assert.equal(attr('failures') + attr('errors'), c.failed + c.error);
    assert.equal(attr('skipped'), c.skipped);
    assert.equal((junit.match(/<testcase /g) ?? []).length, json.scenarios.length);
    // something failed, was retried once and counted once; --fail-fast skipped the rest, which are still listed
    assert.ok(c.failed + c.error >= 1, JSON.stringify(c));
    const retried = json.scenarios.filter((s) => s.attempts === 2);
    assert.ok(retried.length >= 1 && retried.every((s) => s.verdict === 'failed' || s.verdict === 'error'), JSON.stringify(retried.map((s) => s.name)));
    assert.ok(c.skipped > 0, 'fail-fast left scenarios that never ran');
    assert.ok(json.scenarios.filter((s) => s.verdict === 'skipped').every((s) => !!s.reason));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--parallel against the embedded reference SUT is refused: one listener, which one Cucumber process serves (exit 2, one line)', async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-par-'));
  try {
    const r = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--parallel', '2', '--reports', dir]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^cim9 run: --parallel: the embedded reference SUT publishes its events to one listener/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
