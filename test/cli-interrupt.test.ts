/**
 * Ctrl-C during `cim9 run`: the scenario running ends, the others are skipped with the reason, the statement holds
 * every scenario that ended (none lost, none invented), the embedded SUT is closed and the exit code is 130.
 * Run: node --import tsx --test test/cli-interrupt.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
