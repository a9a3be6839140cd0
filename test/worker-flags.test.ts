/**
 * The module each Cucumber worker loads first (src/cli/worker-flags.ts through NODE_OPTIONS, src/cli/cucumber-here.ts):
 * it exists where the coordinator names it, from the sources and from the build, and V8 of this Node accepts its flag
 * (an unknown flag would print "unrecognized flag" in every worker).
 * Run: node --import tsx --test test/worker-flags.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workerFlagsUrl } from '../src/cli/cucumber-here.ts';

test('the module is the TypeScript source from the sources, and its build beside the built coordinator', () => {
  const src = fileURLToPath(workerFlagsUrl(true));
  assert.ok(src.endsWith('src/cli/worker-flags.ts') && existsSync(src), src);
  assert.equal(workerFlagsUrl(false), workerFlagsUrl(true), 'run from the sources, the coordinator names the source');
});

test('a process that loads it starts quietly, and its flag is one this V8 knows', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `--import=${workerFlagsUrl(true)}`, '-e', 'console.log("started")'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'started');
  assert.doesNotMatch(r.stderr, /unrecognized flag|Error/i);
});
