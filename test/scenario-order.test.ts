/**
 * The order in which the workers of `cim9 run --workers N` get the scenarios (src/cli/scenario-order.ts), the
 * default number of workers (src/cli/run.ts defaultWorkers) and a signal shared with the workers through a file
 * (src/session/interrupt.ts). Run: node --import tsx --test test/scenario-order.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { orderForWorkers, readScenarioTimes, scenarioKey, writeScenarioTimes, SLOW_SECONDS } from '../src/cli/scenario-order.ts';
import { defaultWorkers, MIN_SCENARIOS_FOR_WORKERS } from '../src/cli/run.ts';
import { interruptedBy, INTERRUPT_FILE_ENV } from '../src/session/interrupt.ts';

test('without known times, or without slow scenarios, the defined order stays', () => {
  assert.deepEqual(orderForWorkers(5, () => undefined), [0, 1, 2, 3, 4]);
  assert.deepEqual(orderForWorkers(4, () => 0.04), [0, 1, 2, 3]);
});

test('the slow scenarios, longest first, are spread over the first 70 % of the list; the others keep their order', () => {
  // 20 scenarios; 2 (1.7 s) and 17 (1.0 s) are slow, the rest take 40 ms
  const times = (i: number) => (i === 2 ? 1.7 : i === 17 ? 1.0 : 0.04);
  const order = orderForWorkers(20, times);
  assert.deepEqual([...order].sort((a, b) => a - b), [...Array(20).keys()], 'every scenario once');
  assert.equal(order[0], 2, 'the longest first');
  const at17 = order.indexOf(17);
  assert.ok(at17 > 0 && at17 <= Math.ceil(20 * 0.7), `the second slow one within the first 70 % (at ${at17})`);
  const rest = order.filter((i) => i !== 2 && i !== 17);
  assert.deepEqual(rest, [...rest].sort((a, b) => a - b), 'the others in their defined order');
  assert.ok(order.slice(-5).every((i) => times(i) < SLOW_SECONDS), 'the run ends on short scenarios');
});

test('a loaded machine stretches every time: slow means long beside the median too', () => {
  // every scenario took 0.5 s (a loaded run), one 0.9 s: none is six times the median, the order stays
  assert.deepEqual(orderForWorkers(6, (i) => (i === 4 ? 0.9 : 0.5)), [0, 1, 2, 3, 4, 5]);
});

test('the learnt times: merged per scenario, a broken file reads as none', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-order-'));
  try {
    const file = join(dir, 'sub', 'scenario-times.json');
    assert.equal(readScenarioTimes(file).size, 0);
    writeScenarioTimes(file, new Map([[scenarioKey('features/a.feature', 'A'), 1.23456], [scenarioKey('features/b.feature', 'B'), 0.05]]));
    writeScenarioTimes(file, new Map([[scenarioKey('features/a.feature', 'A'), 1.5]]));
    const t = readScenarioTimes(file);
    assert.equal(t.get(scenarioKey('features/a.feature', 'A')), 1.5);
    assert.equal(t.get(scenarioKey('features/b.feature', 'B')), 0.05);
    writeFileSync(file, '{not json');
    assert.equal(readScenarioTimes(file).size, 0);
    assert.match(readFileSync(file, 'utf8'), /not json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('default workers: one process for a small selection, three times the cores from 2 cores (at most 6; fewer when busy) for a whole run, CIM9_WORKERS wins', () => {
  assert.equal(defaultWorkers(MIN_SCENARIOS_FOR_WORKERS - 1, {}, 2, 0), 1);
  assert.equal(defaultWorkers(198, {}, 2, 0.5), 6);
  assert.equal(defaultWorkers(198, {}, 1, 0), 2);
  assert.equal(defaultWorkers(198, {}, 16, 0), 6);
  assert.equal(defaultWorkers(100, {}, 2, 0), 5);
  assert.equal(defaultWorkers(60, {}, 2, 0), 3);
  assert.equal(defaultWorkers(198, {}, 2, 2), 6, 'a load average of the cores: still 6 (a run of 6 workers leaves about 3)');
  assert.equal(defaultWorkers(198, {}, 2, 4), 4, 'twice the cores: 4');
  assert.equal(defaultWorkers(198, {}, 2, 8), 2, 'four times the cores: 2');
  assert.equal(defaultWorkers(198, { CIM9_WORKERS: '1' }, 2, 0), 1);
  assert.equal(defaultWorkers(5, { CIM9_WORKERS: '3' }, 2, 0), 3);
  assert.equal(defaultWorkers(198, { CIM9_WORKERS: 'many' }, 2, 0), 6, 'a value that is not a count is ignored');
});

test('a worker reads the signal cim9 run shared in the interrupt file', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-interrupt-file-'));
  try {
    const file = join(dir, 'interrupted');
    assert.equal(interruptedBy({ [INTERRUPT_FILE_ENV]: file }), undefined, 'no file: not interrupted');
    assert.equal(interruptedBy({ [INTERRUPT_FILE_ENV]: '' }), undefined);
    writeFileSync(file, 'SIGTERM');
    assert.equal(interruptedBy({ [INTERRUPT_FILE_ENV]: file }), 'SIGTERM');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a worker gets with each scenario its feature with only that scenario, its rule and the backgrounds it runs", async () => {
  const { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } = await import('@cucumber/gherkin');
  const { IdGenerator } = await import('@cucumber/messages');
  const text = [
    'Feature: f',
    '  # a comment',
    '  Background:',
    '    Given the feature background',
    '  Scenario: first',
    '    Given a step',
    '  Rule: r',
    '    Background:',
    '      Given the rule background',
    '    Scenario: in the rule',
    '      Given a step',
    '    Scenario Outline: outline <n>',
    '      Given a step <n>',
    '      Examples:',
    '        | n |',
    '        | 1 |',
    '        | 2 |',
    '  Scenario: last',
    '    Given a step',
  ].join('\n');
  const newId = IdGenerator.uuid();
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  doc.uri = 'features/f.feature';
  const pickles = compile(doc, doc.uri, newId);
  assert.equal(pickles.length, 5);
  const { documentForWorker } = await import('../src/cli/scenario-order.ts');
  const shape = (d: ReturnType<typeof documentForWorker>) =>
    (d as typeof doc).feature!.children.map((c) => (c.background ? 'background' : c.scenario ? c.scenario.name : `rule ${c.rule!.name}: ${c.rule!.children.map((x) => (x.background ? 'background' : x.scenario!.name)).join(', ')}`));
  const before = JSON.stringify(doc);
  const trimmed = pickles.map((p) => documentForWorker(doc as never, p.astNodeIds[0]));
  assert.deepEqual(trimmed.map(shape), [
    ['background', 'first'],
    ['background', 'rule r: background, in the rule'],
    ['background', 'rule r: background, outline <n>'],
    ['background', 'rule r: background, outline <n>'],
    // a Rule holds every scenario after it (Gherkin reads no indentation)
    ['background', 'rule r: background, last'],
  ]);
  assert.deepEqual((trimmed[0] as typeof doc).comments, [], 'no comments');
  assert.equal((trimmed[0] as typeof doc).feature!.name, 'f', 'the feature itself as it is');
  assert.equal(JSON.stringify(doc), before, 'the document the formatters got is not changed');
  assert.equal(documentForWorker(doc as never, 'no such id'), doc, 'an id not found: the whole document');
  const all = JSON.stringify(doc).length * pickles.length;
  const sent = trimmed.reduce((n, d) => n + JSON.stringify(d).length, 0);
  assert.ok(sent < all, `less to send (${sent} < ${all} bytes)`);
});
