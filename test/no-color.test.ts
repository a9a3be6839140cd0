/**
 * NO_COLOR (set, not empty) turns every colour off, even where FORCE_COLOR asks for them (https://no-color.org):
 * `cim9 run -v` prints Cucumber's pretty formatter, which colours its steps and summary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './cli.ts';

/** `cim9 run -v` of one scenario with `env` in place of the caller's colour variables: its console output */
async function verboseRun(env: Record<string, string>): Promise<string> {
  const reports = mkdtempSync(join(tmpdir(), 'cim9-color-'));
  try {
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...rest } = process.env;
    const child = spawn(process.execPath, [CLI, 'run', '-v', '--tags', '@req:EDE-09.1', '--reports', reports], { cwd: ROOT, env: { ...rest, ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0, err);
    return out + err;
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

test('FORCE_COLOR colours the pretty formatter, NO_COLOR turns it off again', async () => {
  // the two runs side by side: each mostly waits for its Cucumber child and the scenario's quiet period
  const [forced, off] = await Promise.all([verboseRun({ FORCE_COLOR: '1' }), verboseRun({ FORCE_COLOR: '1', NO_COLOR: '1' })]);
  assert.ok(forced.includes('\x1b['), 'FORCE_COLOR=1 should colour the output (or this test checks nothing)');
  assert.ok(!off.includes('\x1b['), 'NO_COLOR=1 left an escape sequence');
  assert.ok(!/deprecated/i.test(off), `NO_COLOR=1 printed a deprecation warning: ${off}`);
});
