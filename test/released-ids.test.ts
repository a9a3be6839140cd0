/**
 * A scenario, rule, assumption or fault id never changes meaning once released (docs/ids/<version>.json): waivers,
 * contracts and earlier statements refer to them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';
import { scenarios } from '../src/session/scenarios.ts';
import { brokenPromises, currentIds, type IdSnapshot } from '../src/cli/released-ids.ts';

const dir = join(REPO_ROOT, 'docs', 'ids');
const snapshots = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as IdSnapshot);
const now = currentIds();

test('there is a snapshot of the current version', () => {
  assert.ok(snapshots.some((s) => s.version === now.version), `docs/ids/${now.version}.json is missing: node --import tsx src/cli/released-ids.ts --write`);
});

test('every id of every snapshot still exists with the same meaning', () => {
  for (const s of snapshots) assert.deepEqual(brokenPromises(s, now), [], `ids of ${s.version}`);
});

test('a removed or re-purposed id is named', () => {
  const released = structuredClone(now);
  const [scenario] = Object.keys(released.scenarios);
  const [rule] = Object.keys(released.rules);
  const later: IdSnapshot = structuredClone(now);
  delete later.rules[rule];
  later.scenarios[scenario] = ['XX-99'];
  const broken = brokenPromises(released, later);
  assert.equal(broken.length, 2);
  assert.match(broken.join('\n'), new RegExp(`rules ${rule} of .* is gone`));
  assert.match(broken.join('\n'), new RegExp(`scenarios ${scenario.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} of .* changed meaning`));
});

test('scenario ids are unique', () => {
  const seen = new Set<string>();
  for (const { id, uri, line } of scenarios()) {
    assert.ok(id, `${uri}:${line} has no @req id`);
    assert.ok(!seen.has(id), `scenario id ${id} (${uri}:${line}) is used twice`);
    seen.add(id);
  }
});
