/**
 * The console progress of a run (src/report/progress.ts): a line per scenario as it ends, with its position, verdict,
 * id, name, the counts so far and the time left; a retried attempt is not counted twice; a suite error is `error`,
 * not `failed`; a scenario name cannot move the cursor or add a line.
 * Run: node --import tsx --test test/progress.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '@cucumber/messages';
import { clock, ProgressTracker } from '../src/report/progress.ts';
import { parseRunArgs } from '../src/cli/run.ts';

const pickle = (id: string, name: string, req: string): Envelope => ({ pickle: { id, name, tags: [{ name: `@req:${req}`, astNodeId: 'x' }], uri: 'f', language: 'en', steps: [], astNodeIds: [] } }) as unknown as Envelope;
const testCase = (id: string, pickleId: string): Envelope => ({ testCase: { id, pickleId, testSteps: [], testRunStartedId: 'r' } }) as unknown as Envelope;
const started = (id: string, testCaseId: string): Envelope => ({ testCaseStarted: { id, testCaseId, attempt: 0, timestamp: { seconds: 0, nanos: 0 } } }) as unknown as Envelope;
const step = (testCaseStartedId: string, status: string, type?: string): Envelope =>
  ({ testStepFinished: { testCaseStartedId, testStepId: 's', testStepResult: { status, duration: { seconds: 0, nanos: 0 }, ...(type ? { exception: { type, message: 'm' } } : {}) }, timestamp: { seconds: 0, nanos: 0 } } }) as unknown as Envelope;
const finished = (testCaseStartedId: string, willBeRetried = false): Envelope => ({ testCaseFinished: { testCaseStartedId, willBeRetried, timestamp: { seconds: 0, nanos: 0 } } }) as unknown as Envelope;

test('a line per scenario: position, verdict, id, name, counts and the time left', () => {
  let now = 0;
  const t = new ProgressTracker(() => now);
  for (const e of [pickle('p1', 'first', 'A.1'), pickle('p2', 'second\n\u001b[2Jforged', 'A.2'), pickle('p3', 'third', 'A.3'), testCase('c1', 'p1'), testCase('c2', 'p2'), testCase('c3', 'p3')]) assert.equal(t.onMessage(e), undefined);
  t.onMessage(started('s1', 'c1'));
  t.onMessage(step('s1', 'PASSED'));
  now = 2000;
  assert.equal(t.onMessage(finished('s1')), '[1/3] passed   A.1  first (2.0 s) · about 4s left');
  t.onMessage(started('s2', 'c2'));
  t.onMessage(step('s2', 'FAILED', 'ConformanceFailure'));
  now = 3000;
  assert.equal(t.onMessage(finished('s2', true))?.startsWith('[1/3] retrying A.2'), true, 'a retried attempt is not counted');
  t.onMessage(started('s2b', 'c2'));
  t.onMessage(step('s2b', 'FAILED', 'ConformanceFailure'));
  now = 4000;
  const second = t.onMessage(finished('s2b'))!;
  assert.match(second, /^\[2\/3\] failed   A\.2 /);
  assert.doesNotMatch(second, /\n|\u001b/, 'the name cannot add a line or move the cursor');
  assert.match(second, /· 1 failed, 0 error · about 2s left$/);
  t.onMessage(started('s3', 'c3'));
  t.onMessage(step('s3', 'PASSED'));
  t.onMessage(step('s3', 'FAILED', 'SuiteError'));
  now = 5000;
  assert.match(t.onMessage(finished('s3'))!, /^\[3\/3\] error    A\.3  third \(1\.0 s\) · 1 failed, 1 error$/);
  assert.deepEqual(t.counts, { passed: 1, failed: 1, error: 1, skipped: 0, undefined: 0 });
});

test("a scenario's time comes from Cucumber's timestamps when the messages have them, not from when they arrive", () => {
  const t = new ProgressTracker(() => 1_000_000);
  for (const e of [pickle('p1', 'first', 'A.1'), testCase('c1', 'p1')]) t.onMessage(e);
  t.onMessage({ testCaseStarted: { id: 's1', testCaseId: 'c1', attempt: 0, timestamp: { seconds: 1_700_000_000, nanos: 0 } } } as unknown as Envelope);
  t.onMessage(step('s1', 'PASSED'));
  const line = t.onMessage({ testCaseFinished: { testCaseStartedId: 's1', willBeRetried: false, timestamp: { seconds: 1_700_000_003, nanos: 500_000_000 } } } as unknown as Envelope);
  assert.equal(line, '[1/1] passed   A.1  first (3.5 s)');
});

test('clock and the run options -q and -v', () => {
  assert.equal(clock(9_000), '9s');
  assert.equal(clock(75_000), '1m15s');
  assert.deepEqual([parseRunArgs(['-q']).quiet, parseRunArgs(['--verbose']).verbose, parseRunArgs(['-q']).passthrough], [true, true, []]);
});
