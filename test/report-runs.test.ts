/**
 * Per-run report folders (src/report/runs.ts): run ids sort by time, reports/latest follows the last run (a symlink,
 * or a file holding the run id where symlinks cannot be made), and a folder given with --reports is its own run.
 * Run: node --import tsx --test test/report-runs.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { latestRun, newRunId, pointLatest, pruneRuns, runFolders } from '../src/report/runs.ts';
import { existsSync } from 'node:fs';
import { runCim9InProcess } from './cli.ts';

test('run ids sort by start time and differ within a second', () => {
  const a = newRunId(new Date('2026-12-04T02:59:59.100Z'));
  const b = newRunId(new Date('2026-12-04T03:00:00.000Z'));
  assert.match(a, /^20261204T025959Z-[0-9a-f]{4}$/);
  assert.ok(a < b);
  const same = new Set(Array.from({ length: 20 }, () => newRunId(new Date(0))));
  assert.ok(same.size > 1);
});

test('latest follows the last run; a latest file works where symlinks do not; a --reports folder is its own run', () => {
  const root = mkdtempSync(join(os.tmpdir(), 'cim9-runs-'));
  try {
    assert.equal(latestRun(root), undefined);
    for (const id of ['20261204T010000Z-aaaa', '20261204T020000Z-bbbb']) {
      mkdirSync(join(root, id));
      pointLatest(root, id);
    }
    assert.ok(lstatSync(join(root, 'latest')).isSymbolicLink());
    assert.equal(latestRun(root), join(root, 'latest'));
    assert.equal(latestRun(join(root, '20261204T010000Z-aaaa')), undefined); // an empty folder holds no run
    // the fallback: a file naming the run
    rmSync(join(root, 'latest'));
    writeFileSync(join(root, 'latest'), '20261204T010000Z-aaaa\n');
    assert.equal(latestRun(root), join(root, '20261204T010000Z-aaaa'));
    pointLatest(root, '20261204T020000Z-bbbb');
    assert.match(String(latestRun(root)), /latest$|20261204T020000Z-bbbb$/);
    // a file naming something that is no run id leads nowhere
    rmSync(join(root, 'latest'));
    writeFileSync(join(root, 'latest'), '../../etc\n');
    assert.equal(latestRun(root), undefined);
    // a folder with a run's reports in it (cim9 run --reports DIR)
    const given = join(root, 'given');
    mkdirSync(given);
    writeFileSync(join(given, 'cucumber.ndjson'), '');
    assert.equal(latestRun(given), given);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('prune keeps the newest runs and the one latest points at, and nothing that is not a run', async () => {
  const root = mkdtempSync(join(os.tmpdir(), 'cim9-prune-'));
  try {
    const ids = ['20260101T000000Z-aaaa', '20260102T000000Z-bbbb', '20260103T000000Z-cccc', '20260104T000000Z-dddd'];
    for (const id of ids) mkdirSync(join(root, id));
    mkdirSync(join(root, 'my-notes'));
    pointLatest(root, ids[0]!);
    assert.deepEqual(pruneRuns(root, 2), [ids[1]]);
    assert.deepEqual(runFolders(root), [ids[0], ids[2], ids[3]]);
    assert.ok(existsSync(join(root, 'my-notes')), 'a folder that is not a run stays');
    assert.equal(latestRun(root) !== undefined, true);
    const r = await runCim9InProcess(['prune', '--keep', '0', '--reports', root]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /removed 2 run folder\(s\)/);
    assert.deepEqual(runFolders(root), [ids[0]], 'the run latest points at is kept even with --keep 0');
    const bad = await runCim9InProcess(['prune', '--keep', 'many', '--reports', root]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--keep "many"/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
