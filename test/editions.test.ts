/**
 * Both editions: a 2013 scenario whose use case is still in IEC 61968-9:2024 (a figure in the 2024 column of
 * use-cases.md §1) runs under 2024 too, and a scenario runs only under editions that have one of its use cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownIds, scenarios } from './features.ts';
import { EDITION_ONLY } from '../src/usecases/ids.ts';

const all = scenarios();
const { useCases, source } = knownIds();
const editionsOf = new Map(useCases.map((u) => [u.id, new Set<string>(u.editions)]));
const where = (s: { uri: string; line: number; name: string }) => `${s.uri}:${s.line} "${s.name}"`;
const inEdition = (id: string, e: string) => editionsOf.get(id)?.has(e) ?? false;

test('every scenario names the editions it runs under', () => {
  const bad = all.filter((s) => !s.values('edition').length).map(where);
  assert.deepEqual(bad, []);
});

test('every 2013 scenario whose use case exists in 2024 runs under 2024 too', () => {
  const bad: string[] = [];
  for (const s of all) {
    const editions = s.values('edition');
    if (!editions.includes('2013') || editions.includes('2024')) continue;
    // the standard differs: the reason is in EDITION_ONLY (src/usecases/ids.ts) and in the feature's text
    const only = s.values('edition-only');
    if (only.length) {
      for (const k of only) if (!(k in EDITION_ONLY)) bad.push(`${where(s)}: @edition-only:${k} names no reason of EDITION_ONLY (src/usecases/ids.ts)`);
      continue;
    }
    const in2024 = s.values('usecase').filter((id) => inEdition(id, '2024'));
    if (in2024.length) bad.push(`${where(s)}: runs under 2013 only, but ${in2024.join(', ')} exists in 2024 (${source})`);
  }
  assert.deepEqual(bad, []);
});

test('a scenario runs under an edition only when one of its use cases exists in it', () => {
  const bad: string[] = [];
  for (const s of all) {
    for (const e of s.values('edition').filter((x) => x === '2013' || x === '2024')) {
      if (!s.values('usecase').some((id) => inEdition(id, e))) bad.push(`${where(s)}: tagged @edition:${e}, but none of ${s.values('usecase').join(', ') || '(no use case)'} exists in ${e} (${source})`);
    }
  }
  assert.deepEqual(bad, []);
});

test('outage detection, on-request read and the generic negatives run under both editions', () => {
  for (const uc of ['@uc:outage-detection', '@uc:on-request-read', '@uc:negative-requests']) {
    const family = all.filter((s) => s.tags.includes(uc));
    assert.ok(family.length > 0, `no scenario tagged ${uc}`);
    for (const s of family) assert.deepEqual(['2013', '2024'].filter((e) => !s.values('edition').includes(e)), [], where(s));
  }
});

test('a scenario that names a 2024 clause runs under 2024, and one that names a 2013 clause under 2013', () => {
  const bad: string[] = [];
  for (const s of all) {
    const editions = s.values('edition');
    for (const c of s.values('clause')) {
      const e = c.split(':')[0]!;
      if ((e === '2013' || e === '2024') && !editions.includes(e)) bad.push(`${where(s)}: @clause:${c} but not @edition:${e}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('the 2013 faults of outage events, readings and their timing run under the 2024 reference profile too', async () => {
  const { FAULTS, editionsOf } = await import('../simulator/faults/catalogue.ts');
  const { listScenarios } = await import('../src/cli/list.ts');
  const { inScope } = await import('../src/cli/mutants.ts');
  // a fault of a use case the 2024 edition no longer has (its scope selects no scenario of edition 2024) stays 2013-only
  const of2024 = (await listScenarios({})).filter((s) => s.editions.includes('2024'));
  const in2024 = (f: (typeof FAULTS)[number]) => !f.scope || of2024.some((s) => inScope(f, s));
  const bad = FAULTS.filter((f) => f.area && ['codes', 'readings', 'timing'].includes(f.area))
    .filter((f) => editionsOf(f).includes('2013') && !editionsOf(f).includes('2024') && in2024(f) && !f.in2024By)
    .map((f) => `${f.id} (${f.area}): ${editionsOf(f).join(', ')}`);
  assert.deepEqual(bad, []);
  // a fault left out of 2024 because the 2024 reference profile uses another form names that form's fault (in2024By),
  // which runs under 2024
  for (const f of FAULTS.filter((x) => x.in2024By)) {
    const other = FAULTS.find((x) => x.id === f.in2024By);
    assert.ok(other && editionsOf(other).includes('2024') && in2024(other), `${f.id}: its 2024 form ${f.in2024By} runs under 2024`);
  }
});
