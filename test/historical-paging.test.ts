/**
 * Historical data in pages (MR-04, UC-12), data unavailable (5.7) and get/cancel (2013 Annex M): the pure checks of
 * src/checks/historical-paging.ts — a clean sequence, and each single violation the faults of
 * simulator/faults/historical-paging.ts make — and the faults' catalogue entries.
 * Run: node --import tsx --test test/historical-paging.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAfterCancel, checkPages, checkUnavailable, expectedInstants, IN_FLIGHT_MS, maxPages, pagingWindowProblem, type Page, type PagingExpectation } from '../src/checks/historical-paging.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';
import { HISTORICAL_PAGING_FAULTS } from '../simulator/faults/historical-paging.ts';
import { violatedRule } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { ctx, parse, rules } from './checks-helpers.ts';

const RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const STEP = 900_000;
const START = Date.parse('2026-03-01T00:00:00Z');
const window = { start: '2026-03-01T00:00:00Z', end: '2026-03-01T03:00:00Z' }; // 12 intervals
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const ends = (from: number, n: number) => Array.from({ length: n }, (_, i) => START + (from + i + 1) * STEP);
const root = (times: number[], quality?: { at: number; ref: string }) =>
  parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, intervalBlocks: [{ readingType: RT, readings: times.map((t) => ({ timeStamp: iso(t), value: '0.1', ...(quality?.at === t ? { qualities: [{ ref: quality.ref }] } : {}) })) }] }] }));
const page = (n: number, times: number[], result: string, codes: string[]): Page => ({ label: `page ${n}`, result, codes, root: root(times), via: n === 1 ? 'reply' : 'reply-address' });
const clean = (): Page[] => [page(1, ends(0, 4), 'PARTIAL', ['0.1']), page(2, ends(4, 4), 'PARTIAL', ['0.1']), page(3, ends(8, 4), 'PARTIAL', ['0.2'])];
const exp = (o: Partial<PagingExpectation> = {}): PagingExpectation => ({ window, readingType: RT, stamp: 'end', uc12: 'single-or-partial', finalSeverity: 'warning', finalText: 'warning', ended: true, waited: 'within 10 s', after: [], ...o });
const errors = (fs: ReturnType<typeof checkPages>) => rules(fs).filter((r) => !r.startsWith('info'));

describe('MR-04 pages (UC-12)', () => {
  test('the intervals of [start, end) stamped at their end', () => {
    const t = expectedInstants(window, STEP, 'end');
    assert.equal(t.length, 12);
    assert.equal(iso(t[0]!), '2026-03-01T00:15:00Z');
    assert.equal(iso(t[11]!), '2026-03-01T03:00:00Z');
  });
  test('pages without a payload hold no interval: every interval of the range is missing (MR-PAGE-GAP), never a pass', () => {
    const empty = clean().map((p) => ({ ...p, root: undefined }));
    assert.deepEqual(errors(checkPages(empty, exp(), ctx())), ['error MR-PAGE-GAP']);
    const p = clean();
    p[1] = { ...p[1]!, root: undefined };
    assert.deepEqual(errors(checkPages(p, exp(), ctx())), ['error MR-PAGE-GAP', 'error MR-PAGE-GAP']);
    // and each page without a payload is said, not passed over in silence
    const said = (fs: ReturnType<typeof checkPages>) => fs.filter((x) => x.severity === 'info' && /carries no MeterReadings payload/.test(x.message)).map((x) => x.message.replace(/^.*: page/, 'page'));
    assert.equal(said(checkPages(empty, exp(), ctx())).length, empty.length);
    assert.deepEqual(said(checkPages(p, exp(), ctx())), ['page 2 carries no MeterReadings payload: it holds no interval']);
    assert.deepEqual(said(checkPages(clean(), exp(), ctx())), []);
  });
  test('a ReadingType without a measuring period, or a range without a whole interval: nothing to judge, an error of the set-up', () => {
    const register = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
    assert.match(pagingWindowProblem(register, window) ?? '', /names no measuring period/);
    assert.match(pagingWindowProblem(RT, { start: window.start, end: '2026-03-01T00:10:00Z' }) ?? '', /holds no whole interval/);
    assert.equal(pagingWindowProblem(RT, window), undefined);
    assert.throws(() => checkPages(clean(), exp({ readingType: register }), ctx()), /names no measuring period/);
  });
  test('a clean sequence: nothing', () => {
    assert.deepEqual(errors(checkPages(clean(), exp(), ctx())), []);
  });
  test('one complete reply: info under single-or-partial, an error under paged', () => {
    const one = [page(1, ends(0, 12), 'OK', [])];
    assert.deepEqual(rules(checkPages(one, exp(), ctx())), ['info MR-PAGE-SEQUENCE']);
    assert.deepEqual(rules(checkPages(one, exp({ uc12: 'paged' }), ctx())), ['error MR-PAGE-SEQUENCE']);
  });
  test('never ended (paging-never-final), and no page at all', () => {
    const p = clean();
    p[2] = { ...p[2]!, codes: ['0.1'] };
    assert.deepEqual(errors(checkPages(p, exp({ ended: false }), ctx())), ['error MR-PAGE-SEQUENCE']);
    assert.deepEqual(errors(checkPages([], exp({ ended: false }), ctx())), ['error MR-PAGE-SEQUENCE']);
  });
  test('a middle page without 0.1, and a page after the last', () => {
    const p = clean();
    p[1] = { ...p[1]!, result: 'OK', codes: [] };
    assert.deepEqual(errors(checkPages(p, exp(), ctx())), ['error MR-PAGE-SEQUENCE']);
    assert.deepEqual(errors(checkPages(clean(), exp({ after: [page(4, [], 'PARTIAL', ['0.2'])] }), ctx())), ['error MR-PAGE-SEQUENCE']);
  });
  test('the last page Result OK (paging-final-ok): CIM9-251 warning or failure', () => {
    const p = clean();
    p[2] = { ...p[2]!, result: 'OK', codes: [] };
    assert.deepEqual(rules(checkPages(p, exp(), ctx())), ['warning MR-PAGE-FINAL']);
    assert.deepEqual(rules(checkPages(p, exp({ finalSeverity: 'error', finalText: 'failure' }), ctx())), ['error MR-PAGE-FINAL']);
  });
  test('a gap between two pages (paging-gap), marked or not', () => {
    const p = clean();
    p[1] = page(2, ends(5, 3), 'PARTIAL', ['0.1']);
    assert.deepEqual(errors(checkPages(p, exp(), ctx())), ['error MR-PAGE-GAP', 'error MR-PAGE-GAP']);
    p[1] = { ...p[1]!, root: root(ends(5, 3), { at: ends(5, 1)[0]!, ref: '2.5.259' }) };
    assert.deepEqual(errors(checkPages(p, exp(), ctx())), []);
  });
  test('an interval in two pages (paging-duplicate-interval)', () => {
    const p = clean();
    p[1] = page(2, ends(3, 5), 'PARTIAL', ['0.1']);
    const fs = checkPages(p, exp(), ctx());
    assert.ok(errors(fs).includes('error MR-PAGE-DUPLICATE'), rules(fs).join());
    assert.match(fs.find((f) => f.rule === 'MR-PAGE-DUPLICATE')!.message, /in page 1 and again in page 2/);
  });
  test('a page sent twice (paging-page-repeated): one MR-PAGE-DUPLICATE naming the two pages and how many intervals came again', () => {
    const c = clean();
    const p = [c[0]!, c[1]!, { ...c[1]!, label: 'page 3' }, { ...c[2]!, label: 'page 4' }];
    const fs = checkPages(p, exp(), ctx()).filter((f) => f.rule === 'MR-PAGE-DUPLICATE');
    assert.equal(fs.length, 1);
    assert.match(fs[0]!.message, /4 intervals come twice: in page 2 and again in page 3/);
  });
  test('an answer that does not end (paging-endless): more pages than the range can fill, cut there', () => {
    assert.equal(maxPages(window, RT, 'end'), 13);
    assert.equal(maxPages(window, '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', 'end'), undefined);
    const p = [...clean().slice(0, 2), { ...clean()[2]!, codes: ['0.1'] }, ...Array.from({ length: 10 }, (_, i) => page(4 + i, [], 'PARTIAL', ['0.1']))];
    const fs = checkPages(p, exp({ ended: false, cut: 13 }), ctx());
    assert.deepEqual(errors(fs), ['error MR-PAGE-SEQUENCE']);
    assert.match(fs[0]!.message, /does not end: 13 pages came/);
  });
  test('pages that arrive out of time order are contiguous in time order', () => {
    const p = [page(1, ends(0, 4), 'PARTIAL', ['0.1']), page(2, ends(8, 4), 'PARTIAL', ['0.1']), page(3, ends(4, 4), 'PARTIAL', ['0.2'])];
    assert.deepEqual(errors(checkPages(p, exp(), ctx())), []);
  });
  test('an interval after the end of the range (paging-outside-window)', () => {
    const p = clean();
    p[2] = page(3, ends(8, 5), 'PARTIAL', ['0.2']);
    assert.deepEqual(errors(checkPages(p, exp(), ctx())), ['error MR-PAGE-WINDOW']);
  });
});

describe('data unavailable (5.7)', () => {
  const day = { start: '2016-03-01T00:00:00Z', end: '2016-03-02T00:00:00Z' };
  const u = (partly: boolean, ok: 'warning' | 'error' = 'warning') => ({ without: day, partly, codes: ['5.7', '5.5', '5.6'], okSeverity: ok, okText: ok === 'error' ? 'failure' : 'warning', premise: 'test' });
  const inDay = parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, intervalBlocks: [{ readingType: RT, readings: [{ timeStamp: '2016-03-01T00:15:00Z', value: '0.1' }] }] }] }));
  test('FAILED 5.7 for a range without data; PARTIAL 5.7 for one partly without', () => {
    assert.deepEqual(rules(checkUnavailable({ result: 'FAILED', codes: ['5.7'] }, u(false), ctx())), []);
    assert.deepEqual(rules(checkUnavailable({ result: 'PARTIAL', codes: ['5.7'] }, u(true), ctx())), []);
  });
  test('data of the period (data-unavailable-invented): an error, whatever the Result', () => {
    assert.deepEqual(rules(checkUnavailable({ result: 'OK', codes: [], root: inDay }, u(false), ctx())), ['error MR-DATA-UNAVAILABLE']);
  });
  test('Result OK without the data (data-unavailable-ok-empty): CIM9-254', () => {
    assert.deepEqual(rules(checkUnavailable({ result: 'OK', codes: [] }, u(true), ctx())), ['warning MR-DATA-UNAVAILABLE']);
    assert.deepEqual(rules(checkUnavailable({ result: 'OK', codes: [] }, u(true, 'error'), ctx())), ['error MR-DATA-UNAVAILABLE']);
  });
  test('PARTIAL 5.7 without the data there is (data-unavailable-partial-empty): DOM-INTERVAL-COMPLETE, never a pass', () => {
    const held = { instants: [Date.parse('2016-03-01T00:15:00Z')], window: { start: '2016-03-01T00:00:00Z', end: '2016-03-01T00:15:00Z' } };
    const later = { ...u(true), without: { start: '2016-03-01T01:00:00Z', end: '2016-03-01T02:00:00Z' }, held };
    assert.deepEqual(rules(checkUnavailable({ result: 'PARTIAL', codes: ['5.7'] }, later, ctx())), ['error DOM-INTERVAL-COMPLETE']);
    assert.deepEqual(rules(checkUnavailable({ result: 'PARTIAL', codes: ['5.7'], root: inDay }, later, ctx())), []);
  });
  test('another code, or FAILED where part of the range has data', () => {
    assert.deepEqual(rules(checkUnavailable({ result: 'FAILED', codes: ['5.3'] }, u(false), ctx())), ['error MR-DATA-UNAVAILABLE']);
    assert.deepEqual(rules(checkUnavailable({ result: 'FAILED', codes: ['5.7'] }, u(true), ctx())), ['error MR-DATA-UNAVAILABLE']);
  });
});

describe('get/cancel (2013 Annex M, ENV-17)', () => {
  test('a message stamped after the cancel\'s reply is an error; one on its way is info', () => {
    const reply = '2026-03-01T10:00:05Z';
    assert.deepEqual(rules(checkAfterCancel([{ label: 'm', timestamp: '2026-03-01T10:00:06Z', lateMs: 900 }], reply, ctx(), 'cancel-transaction-id')), ['error MR-GET-CANCEL']);
    assert.deepEqual(rules(checkAfterCancel([{ label: 'm', timestamp: '2026-03-01T10:00:04Z', lateMs: 10 }], reply, ctx(), 'cancel-transaction-id')), ['info MR-GET-CANCEL']);
    assert.deepEqual(rules(checkAfterCancel([{ label: 'm', timestamp: reply, lateMs: IN_FLIGHT_MS - 1 }], reply, ctx(), 'cancel-transaction-id')), ['info MR-GET-CANCEL']);
    assert.deepEqual(rules(checkAfterCancel([{ label: 'm', timestamp: reply, lateMs: IN_FLIGHT_MS + 1 }], reply, ctx(), 'cancel-transaction-id')), ['error MR-GET-CANCEL']);
    assert.deepEqual(checkAfterCancel([], reply, ctx(), 'cancel-transaction-id'), []);
  });
});

describe('the faults and assumptions of the family', () => {
  test('each fault names a catalogued rule and has a scope', () => {
    for (const f of HISTORICAL_PAGING_FAULTS) {
      assert.ok(rule(violatedRule(f)), f.id);
      assert.ok(f.scope, f.id);
      for (const id of Object.keys(f.detectWith ?? {})) assert.ok(assumptionDef(id), `${f.id}: ${id}`);
    }
  });
  test('the assumptions are registered', () => {
    for (const id of ['CIM9-250', 'CIM9-251', 'CIM9-252', 'CIM9-253', 'CIM9-254', 'CIM9-255', 'UC-12', 'ENV-17']) assert.ok(assumptionDef(id), id);
  });
});

describe('the paging findings carry expected / actual (issue 16)', () => {
  const ea = (fs: ReturnType<typeof checkPages>) => fs.filter((f) => f.severity !== 'info').map((f) => [f.rule, f.expected, f.actual]);
  test('the codes of the sequence and the intervals of the range', () => {
    const p = clean();
    p[2] = { ...p[2]!, result: 'OK', codes: [] };
    assert.deepEqual(ea(checkPages(p, exp(), ctx())), [['MR-PAGE-FINAL', 'Result PARTIAL with 0.2', 'Result OK without an Error code']]);
    const gap = clean();
    gap[1] = page(2, ends(5, 3), 'PARTIAL', ['0.1']);
    assert.deepEqual(ea(checkPages(gap, exp(), ctx())), [
      ['MR-PAGE-GAP', `a start at ${iso(START + 5 * STEP)}`, `a start at ${iso(START + 6 * STEP)}`],
      ['MR-PAGE-GAP', `the 12 intervals of ${window.start} – ${window.end}`, `11, missing 1 (the first ${iso(START + 5 * STEP)})`],
    ]);
    const first = clean();
    first[0] = page(1, ends(0, 4), 'OK', []);
    assert.deepEqual(ea(checkPages(first, exp(), ctx())), [['MR-PAGE-SEQUENCE', 'Result PARTIAL with 0.1', 'Result OK without an Error code']]);
  });
});

