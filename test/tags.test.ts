/**
 * Every scenario names the use cases it covers (@usecase:<id of use-cases.md>) and exactly one exchange pattern
 * (@pattern:P1 … P6, P1a), so that a run can be chosen by use case or pattern (README "Choosing scenarios").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { knownIds, parsePatterns, parseUseCaseIndex, scenarios, SPEC_USE_CASES } from './features.ts';
import { PATTERNS, USE_CASES } from '../src/usecases/ids.ts';

const all = scenarios();
const where = (s: { uri: string; line: number; name: string }) => `${s.uri}:${s.line} "${s.name}"`;

test('the features have scenarios to check', () => {
  assert.ok(all.length > 50, `only ${all.length} scenarios found`);
});

test('every scenario names at least one use case, each known to use-cases.md', () => {
  const { useCases, source } = knownIds();
  const known = new Set(useCases.map((u) => u.id));
  const bad: string[] = [];
  for (const s of all) {
    const ids = s.values('usecase');
    if (!ids.length) bad.push(`${where(s)}: no @usecase tag`);
    for (const id of ids) if (!known.has(id)) bad.push(`${where(s)}: @usecase:${id} is not a use case of ${source}`);
  }
  assert.deepEqual(bad, []);
});

test('every scenario has exactly one exchange pattern, known to use-cases.md §0.3', () => {
  const { patterns, source } = knownIds();
  const bad: string[] = [];
  for (const s of all) {
    const p = [...new Set(s.values('pattern'))];
    if (p.length !== 1) bad.push(`${where(s)}: ${p.length} @pattern tags (${p.join(', ') || 'none'}), exactly one expected`);
    for (const x of p) if (!patterns.includes(x)) bad.push(`${where(s)}: @pattern:${x} is not a pattern of ${source}`);
  }
  assert.deepEqual(bad, []);
});

test('the use-case and pattern list of src/usecases/ids.ts is the one of use-cases.md', { skip: !existsSync(SPEC_USE_CASES) && 'no ../shared/spec here' }, () => {
  const md = readFileSync(SPEC_USE_CASES, 'utf8');
  assert.deepEqual(parseUseCaseIndex(md), USE_CASES.map((u) => ({ id: u.id, editions: [...u.editions] })));
  assert.deepEqual(parsePatterns(md), [...PATTERNS]);
});

test('the figure index parser expands id ranges and reads "—" as "not in this edition"', () => {
  const md = [
    '| UC | Title | 2009 fig. | 2013 fig. | 2024 fig. | § |',
    '|---|---|---|---|---|---|',
    '| PM-01..03 | Prepayment | 56, 70 | 44–46 | — | 7.2 |',
    '| EU-01 | EUMED | — | — | M.2 | 11 |',
    '',
    '| **P1 request/response** | x | y |',
    '| **P1a asynchronous** | x | y |',
  ].join('\n');
  assert.deepEqual(parseUseCaseIndex(md), [
    { id: 'PM-01', editions: ['2009', '2013'] },
    { id: 'PM-02', editions: ['2009', '2013'] },
    { id: 'PM-03', editions: ['2009', '2013'] },
    { id: 'EU-01', editions: ['2024'] },
  ]);
  assert.deepEqual(parsePatterns(md), ['P1', 'P1a']);
  assert.throws(() => parseUseCaseIndex('no table'), /figure index/);
});
