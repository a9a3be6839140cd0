/**
 * NO_COLOR (set, not empty) turns every colour off, even where FORCE_COLOR asks for them (https://no-color.org):
 * `cim9 run -v` prints Cucumber's pretty formatter, which colours its steps and summary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './cli.ts';

function verboseRun(env: Record<string, string>): string {
  const reports = mkdtempSync(join(tmpdir(), 'cim9-color-'));
  try {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
    const r = spawnSync(process.execPath, [CLI, 'run', '-v', '--tags', '@req:EDE-09.1', '--reports', reports], { cwd: ROOT, env: { ...rest, ...env }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout + r.stderr;
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

test('FORCE_COLOR colours the pretty formatter, NO_COLOR turns it off again', () => {
  assert.ok(verboseRun({ FORCE_COLOR: '1' }).includes('\x1b['), 'FORCE_COLOR=1 should colour the output (or this test checks nothing)');
  assert.ok(!verboseRun({ FORCE_COLOR: '1', NO_COLOR: '1' }).includes('\x1b['), 'NO_COLOR=1 left an escape sequence');
});
