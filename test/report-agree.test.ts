/**
 * One source of truth: a mixed run (--retry 1, --fail-fast, a fault so that a scenario fails) gives the same counts
 * on the console, in conformance.json and in junit.xml. A retried scenario counts once (its last attempt), the
 * scenarios --fail-fast skipped are skipped, none is lost.
 * Run: node --import tsx --test test/report-agree.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

test('--parallel against the embedded reference SUT: one SUT per worker, a clean run, every worker\'s messages in the evidence', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-par-'));
  try {
    // with a read schedule (some 1.7 s on the clock), so that the other worker surely gets scenarios too: a worker
    // that ran none writes no message log
    const tags = '@uc:outage-detection or @uc:pan-pairing or @req:MR-01.1';
    const plan = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--dry-run', '--tags', tags]);
    const planned = Number(/(\d+) scenario\(s\) would run/.exec(plan.stdout)?.[1]);
    assert.ok(planned > 2, plan.stdout);
    const r = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--no-pdf', '-q', '--parallel', '2', '--tags', tags, '--reports', dir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { counts: Counts; unsolicited: unknown[]; evidence: { messages: number } };
    assert.equal(json.counts.ran, planned);
    assert.equal(json.counts.passed, planned);
    assert.deepEqual(json.unsolicited, []);
    // two workers, each its own message log, both in the bundle
    const logs = readdirSync(join(dir, '.scenarios')).filter((f) => f.startsWith('exchanges-'));
    assert.equal(logs.length, 2, logs.join(' '));
    const lines = logs.reduce((n, f) => n + readFileSync(join(dir, '.scenarios', f), 'utf8').trim().split('\n').length, 0);
    assert.equal(json.evidence.messages, lines);
    // --workers and --parallel together: one line, exit 2
    const both = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--workers', '2', '--parallel', '2', '--reports', dir]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --workers or --parallel, not both/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
