/**
 * Ctrl-C during `cim9 run`: the scenario running ends, the others are skipped with the reason, the statement holds
 * every scenario that ended (none lost, none invented), the embedded SUT is closed and the exit code is 130.
 * Run: node --import tsx --test test/cli-interrupt.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './cli.ts';

test('SIGINT after the first scenario: exit 130 and a statement of what ended', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-interrupt-'));
  try {
    const child = spawn(process.execPath, [CLI, 'run', '--reports', dir], { cwd: ROOT, env: { ...process.env, CIM9_HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // the first scenario has ended: interrupt the run
      if (!sent && /^\[\s*1\/\d+\] /m.test(out)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    assert.ok(sent, `a scenario ended before the interrupt: ${out}${err}`);
    assert.equal(code, 130, err);
    assert.match(err, /interrupted \(SIGINT\): the reports cover the scenarios that ended/);
    assert.ok(existsSync(join(dir, 'conformance.json')), 'the statement is written');
    const doc = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { counts: { passed: number; failed: number; error: number; skipped: number }; scenarios: { verdict: string; reason?: string }[] };
    assert.ok(doc.counts.passed >= 1, 'the scenario that ended is in the statement');
    assert.equal(doc.counts.failed + doc.counts.error, 0, 'an interrupted run is no finding against the SUT');
    assert.ok(doc.counts.skipped >= 1, 'the scenarios after the interrupt are skipped');
    assert.ok(doc.scenarios.filter((s) => s.verdict === 'skipped').every((s) => /^interrupted \(SIGINT\): not run/.test(s.reason ?? '')), 'each says why');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second SIGINT while a step waits on a SUT that never answers: the run stops now, the reports are still written', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-interrupt-'));
  // a SUT that takes every request and never answers it
  const held: http.ServerResponse[] = [];
  let firstRequest: () => void = () => undefined;
  const asked = new Promise<void>((r) => (firstRequest = r));
  const sut = http.createServer((_req, res) => {
    held.push(res);
    firstRequest();
  });
  await new Promise<void>((r) => sut.listen(0, '127.0.0.1', r));
  const { port } = sut.address() as AddressInfo;
  const profile = join(dir, 'silent.yaml');
  writeFileSync(
    profile,
    `cim9: 1
name: a SUT that never answers
edition: "2013"
sut:
  roles: [MDM]
  endpoints:
    MDM: { url: "http://127.0.0.1:${port}/mdm" }
listener:
  port: 0
timeouts: { responseSeconds: 90, asyncResultSeconds: 90, eventSeconds: 90, clockSkewSeconds: 60, quietSeconds: 0.5 }
stimulus: { kind: none }
data:
  meters:
    - { mRID: M-1001, usagePoint: UP-1001 }
pics: { MDM: { asyncReplies: true, annexB: true } }
`,
  );
  try {
    const child = spawn(process.execPath, [CLI, 'run', '--profile', profile, '--reports', dir, '--skip-reachability', '--no-pdf', 'features/on-request-read.feature'], {
      cwd: ROOT,
      env: { ...process.env, CIM9_HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    await asked;
    child.kill('SIGINT');
    // the second one a second or more after the first (a terminal and cim9 may both deliver the first)
    await new Promise((r) => setTimeout(r, 1500));
    const second = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    const tookMs = Date.now() - second;
    assert.equal(code, 130, err);
    assert.ok(tookMs < 60_000, `stopped well before the 90-s reply limit (${tookMs} ms)`);
    assert.match(err, /SIGINT again: the run stops now, the reports are written/);
    assert.match(err, /interrupted \(SIGINT\): the reports cover the scenarios that ended/);
    const doc = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { counts: { failed: number; error: number }; scenarios: { verdict: string; reason?: string }[] };
    assert.equal(doc.counts.failed + doc.counts.error, 0, 'a scenario cut short is no finding against the SUT');
    assert.ok(
      doc.scenarios.some((s) => s.verdict === 'skipped' && /^cut short: the run stopped while this scenario ran/.test(s.reason ?? '')),
      'the scenario cut short says so',
    );
  } finally {
    for (const res of held) res.destroy();
    await new Promise<void>((r) => sut.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});
