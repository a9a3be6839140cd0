/**
 * What each Cucumber worker loads first (WORKER_V8_IMPORT of src/cli/cucumber-here.ts, given in NODE_OPTIONS): a process
 * given it starts quietly — with or without tsx after it, as a run from the sources or from the build gives its
 * workers — and V8 of this Node knows its flag (an unknown flag would print "unrecognized flag" in every worker).
 * Run: node --import tsx --test test/worker-flags.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WORKER_V8_IMPORT } from '../src/cli/cucumber-here.ts';

test('a process given the import in NODE_OPTIONS starts quietly, from the build and from the sources', () => {
  for (const execArgv of [[], ['--import', 'tsx']]) {
    const r = spawnSync(process.execPath, [...execArgv, '-e', 'console.log("started")'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--import=${WORKER_V8_IMPORT}` } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'started');
    assert.doesNotMatch(r.stderr, /unrecognized flag|Error/i);
  }
});

test('the import holds no character NODE_OPTIONS would split or unquote', () => {
  assert.doesNotMatch(WORKER_V8_IMPORT, /[\s"'\\]/);
});
