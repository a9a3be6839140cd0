/**
 * Reading structure, time conventions and shapes (MR-06, MR-07, MR-10): the pure checks of src/checks/reading-shapes.ts
 * on built payloads and queries, and the reference SUT's answer to get(MeterReadings) for a register and an interval
 * ReadingType over a period — schema-valid in both editions, every convention checked with something to check and
 * no finding — while each fault of simulator/faults/reading-shapes.ts is caught by the rule it violates. MR-10: the
 * readings of the answer to a query over a period lie within it and cover it (checkPeriodAnswer).
 * Run: node --import tsx --test test/reading-shapes.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkContiguous,
  checkHalfOpen,
  checkIntervalEnd,
  checkPeriodAnswer,
  checkPeriods,
  checkQueryShape,
  checkReadingTypeRefs,
  checkReported,
  checkTwoShapes,
  checkZoneOffsets,
  type ConventionResult,
} from '../src/checks/reading-shapes.ts';
import { buildGetMeterReadings, buildMeterReadings, type IntervalReadingValue, type MeterReadingValue } from '../src/payloads/meterReadings.ts';
import type { Finding } from '../src/checks/index.ts';
import { ctx, parse, rules } from './checks-helpers.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { READING_SHAPE_FAULTS, metersAsGroup } from '../simulator/faults/reading-shapes.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack, type SchemaPack } from '../src/schema/index.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { isRuleId } from '../src/checks/catalogue.ts';
import { NOT_COVERED } from '../src/usecases/ids.ts';
import { leaf, type XElement } from '../src/xml/index.ts';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { scenarios } from './features.ts';

const family = scenarios().filter((sc) => sc.tags.includes('@uc:reading-shapes'));

const REG = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const INT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const PERIOD = { start: '2024-03-01T00:00:00Z', end: '2024-03-01T01:00:00Z' };
const Q = 15 * 60_000;
const at = (ms: number) => new Date(Date.parse(PERIOD.start) + ms).toISOString().replace('.000Z', 'Z');

/** four 15-minute intervals of the period, stamped at their end, with what a test changes */
function intervals(over: (r: IntervalReadingValue, i: number) => IntervalReadingValue = (r) => r, times = [1, 2, 3, 4].map((k) => k * Q)): IntervalReadingValue[] {
  return times.map((t, i) => over({ timeStamp: at(t), value: String(i + 1), reportedDateTime: at(4 * Q + 60_000) }, i));
}

function answer(over: Partial<MeterReadingValue> = {}, readingTypes?: { mRID: string }[]) {
  const mr: MeterReadingValue = {
    meter: { mRID: 'M-1' },
    readings: [{ readingType: REG, value: '100', timeStamp: PERIOD.end }],
    intervalBlocks: [{ readingType: INT, readings: intervals() }],
    valuesInterval: PERIOD,
    ...over,
  };
  return parse(buildMeterReadings({ meterReadings: [mr], readingTypes }));
}

const r = (x: ConventionResult) => ({ findings: rules(x.findings), checked: x.checked });

describe('MR-06: one check per time convention', () => {
  test('the end-of-interval answer passes every convention, each with something checked', () => {
    const root = answer();
    for (const [name, res] of Object.entries({
      end: checkIntervalEnd(root, PERIOD, ctx()),
      halfOpen: checkHalfOpen(root, PERIOD, ctx()),
      contiguous: checkContiguous(root, ctx()),
      reported: checkReported(root, ctx()),
      periods: checkPeriods(root, ctx()),
      offsets: checkZoneOffsets(root, ctx()),
    })) {
      assert.deepEqual(res.findings, [], name);
      assert.ok(res.checked > 0, `${name}: nothing checked`);
    }
  });

  test('MR-TIME-INTERVAL-END: stamped at the start of the interval; a timePeriod whose end is not the timeStamp; PAY-04 = start mirrors it', () => {
    const atStart = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [0, 1, 2, 3].map((k) => k * Q)) }] });
    assert.deepEqual(r(checkIntervalEnd(atStart, PERIOD, ctx())).findings, ['error MR-TIME-INTERVAL-END']);
    assert.deepEqual(r(checkIntervalEnd(atStart, PERIOD, ctx({ 'PAY-04': 'start' }))).findings, []);
    assert.deepEqual(r(checkIntervalEnd(answer(), PERIOD, ctx({ 'PAY-04': 'start' }))).findings, ['error MR-TIME-INTERVAL-END']);
    // the timePeriod of an IntervalReading: its end is the timeStamp (added by hand: the builder writes no IntervalReading timePeriod)
    const x = buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [Q]) }] }] });
    const kids = (e: XElement | undefined | false, name: string) => (e ? (e.children ?? []).filter((c): c is XElement => !!c && c.name === name) : []);
    const ir = kids(kids(kids(x, 'MeterReading')[0], 'IntervalBlocks')[0], 'IntervalReadings')[0]!;
    ir.children = [...(ir.children ?? []), { ns: ir.ns, name: 'timePeriod', children: [leaf(ir.ns, 'end', at(2 * Q)), leaf(ir.ns, 'start', at(Q))] }];
    const root = parse(x);
    assert.deepEqual(r(checkIntervalEnd(root, PERIOD, ctx())).findings, ['error MR-TIME-INTERVAL-END']);
  });

  test('MR-TIME-HALF-OPEN: an interval ending after the end, and one beginning before the start, of the requested period', () => {
    const beyond = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 3, 4, 5].map((k) => k * Q)) }] });
    assert.deepEqual(r(checkHalfOpen(beyond, PERIOD, ctx())).findings, ['error MR-TIME-HALF-OPEN']);
    const before = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [0, 1, 2, 3, 4].map((k) => k * Q)) }] });
    const fs = checkHalfOpen(before, PERIOD, ctx()).findings;
    assert.deepEqual(rules(fs), ['error MR-TIME-HALF-OPEN']);
    assert.match(fs[0]!.message, /begin before the start/);
  });

  test('contiguous and aligned: the domain interval rules (a gap, a misaligned block); one interval is nothing to check', () => {
    const gap = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 4].map((k) => k * Q)) }] });
    assert.deepEqual(r(checkContiguous(gap, ctx())).findings, ['error DOM-INTERVAL-COMPLETE']);
    const shifted = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 3].map((k) => k * Q + 60_000)) }] });
    assert.deepEqual(r(checkContiguous(shifted, ctx())).findings, ['warning DOM-TIME-CONVENTION']);
    assert.equal(checkContiguous(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [Q]) }] }), ctx()).checked, 0);
  });

  test('reportedDateTime before timeStamp: DOM-TIME-CONVENTION, a warning (a failure under UC-14); none: nothing checked', () => {
    const early = answer({ intervalBlocks: [{ readingType: INT, readings: intervals((x) => ({ ...x, reportedDateTime: at(0) })) }] });
    // one finding per reading (as for the Readings of every MeterReadings message)
    assert.deepEqual(r(checkReported(early, ctx())), { findings: Array(4).fill('warning DOM-TIME-CONVENTION'), checked: 4 });
    assert.deepEqual(rules(checkReported(early, ctx({ 'UC-14': 'failure' })).findings), Array(4).fill('error DOM-TIME-CONVENTION'));
    const none = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(({ reportedDateTime: _r, ...x }) => x) }] });
    assert.deepEqual(r(checkReported(none, ctx())), { findings: [], checked: 0 });
  });

  test('valuesInterval that misses a timeStamp, or ends before it starts; none: nothing checked', () => {
    assert.deepEqual(r(checkPeriods(answer({ valuesInterval: { start: PERIOD.start, end: at(2 * Q) } }), ctx())).findings, ['warning DOM-TIME-CONVENTION']);
    assert.deepEqual(r(checkPeriods(answer({ valuesInterval: { start: PERIOD.end, end: PERIOD.start } }), ctx())).findings.includes('warning DOM-TIME-CONVENTION'), true);
    assert.equal(checkPeriods(answer({ valuesInterval: undefined }), ctx()).checked, 0);
  });

  test('a date-time without offset', () => {
    const local = answer({ readings: [{ readingType: REG, value: '1', timeStamp: '2024-03-01T01:00:00' }] });
    assert.deepEqual(r(checkZoneOffsets(local, ctx())).findings, ['warning DOM-TIME-CONVENTION']);
  });
});

describe('MR-07: the two shapes and the ReadingType references', () => {
  const expect = { meter: 'M-1', register: REG, interval: INT };
  test('registers as Readings and interval data as an IntervalBlock pass', () => {
    assert.deepEqual(checkTwoShapes(answer(), expect, ctx()), []);
  });

  test('interval data as Readings, a register as an IntervalBlock, no MeterReading of the meter: MR-SHAPE-READINGS', () => {
    const asReadings = answer({ intervalBlocks: undefined, readings: [{ readingType: REG, value: '1', timeStamp: PERIOD.end }, { readingType: INT, value: '2', timeStamp: PERIOD.end }] });
    assert.deepEqual(rules(checkTwoShapes(asReadings, expect, ctx())), ['error MR-SHAPE-READINGS', 'error MR-SHAPE-READINGS']);
    const asBlock = answer({ readings: undefined, intervalBlocks: [{ readingType: INT, readings: intervals() }, { readingType: REG, readings: [{ timeStamp: PERIOD.end, value: '1' }] }] });
    assert.deepEqual(rules(checkTwoShapes(asBlock, expect, ctx())), ['error MR-SHAPE-READINGS', 'error MR-SHAPE-READINGS']);
    assert.deepEqual(rules(checkTwoShapes(answer(), { ...expect, meter: 'M-2' }, ctx())), ['error MR-SHAPE-READINGS']);
  });

  test('references one way: all defined or all by code pass; a mix or an unused definition is a warning (CIM9-196), a failure or nothing on request', () => {
    assert.deepEqual(r(checkReadingTypeRefs(answer(), ctx())), { findings: [], checked: 2 });
    assert.deepEqual(checkReadingTypeRefs(answer({}, [{ mRID: REG }, { mRID: INT }]), ctx()).findings, []);
    const mixed = answer({}, [{ mRID: INT }]);
    assert.deepEqual(rules(checkReadingTypeRefs(mixed, ctx()).findings), ['warning MR-SHAPE-READINGTYPE']);
    assert.deepEqual(rules(checkReadingTypeRefs(mixed, ctx({ 'CIM9-196': 'failure' })).findings), ['error MR-SHAPE-READINGTYPE']);
    assert.deepEqual(checkReadingTypeRefs(mixed, ctx({ 'CIM9-196': 'off' })).findings, []);
    const unused = answer({}, [{ mRID: REG }, { mRID: INT }, { mRID: '0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0' }]);
    assert.deepEqual(rules(checkReadingTypeRefs(unused, ctx()).findings), ['warning MR-SHAPE-READINGTYPE']);
  });
});

describe('MR-10: the shape of a GetMeterReadings query', () => {
  const q = (over: Parameters<typeof buildGetMeterReadings>[0]) => parse(buildGetMeterReadings(over));
  test('EndDevice or UsagePoint, a ReadingType and a period that starts before it ends pass', () => {
    assert.deepEqual(checkQueryShape(q({ endDevices: ['M-1'], readingTypes: [REG], timePeriod: PERIOD }), ctx()), []);
    assert.deepEqual(checkQueryShape(q({ usagePoints: ['UP-1'], readingTypes: [REG] }), ctx()), []);
    assert.deepEqual(checkQueryShape(q({ coincident: { meter: 'M-1', readingType: REG, eventType: '3.31.0.68' } }), ctx()), []);
  });

  test('no meter, only a group: an error; no ReadingType: a warning (CIM9-197), a failure on request; a reversed period: an error; no query', () => {
    const group = metersAsGroup(getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings' }, ['M-1'], [REG]));
    const fs: Finding[] = checkQueryShape(parse(group.request!.query!), ctx());
    assert.deepEqual(rules(fs), ['error MR-SHAPE-QUERY']);
    assert.match(fs[0]!.message, /only EndDeviceGroup/);
    assert.deepEqual(rules(checkQueryShape(q({ endDevices: ['M-1'] }), ctx())), ['warning MR-SHAPE-QUERY']);
    assert.deepEqual(rules(checkQueryShape(q({ endDevices: ['M-1'] }), ctx({ 'CIM9-197': 'failure' }))), ['error MR-SHAPE-QUERY']);
    assert.deepEqual(rules(checkQueryShape(q({ endDevices: ['M-1'], readingTypes: [REG], timePeriod: { start: PERIOD.end, end: PERIOD.start } }), ctx())), ['error MR-SHAPE-QUERY']);
    assert.deepEqual(rules(checkQueryShape(undefined, ctx())), ['error MR-SHAPE-QUERY']);
  });
});

describe('MR-10: the readings of the period asked, within it and covering it', () => {
  const q = { period: PERIOD, readingTypes: [REG, INT] };
  const pr = (root: ReturnType<typeof answer>, a: Record<string, string> = {}, qq = q) => r(checkPeriodAnswer(root, qq, ctx(a)));
  test('the register at the end and the four intervals of the period pass, with everything counted', () => {
    assert.deepEqual(pr(answer()), { findings: [], checked: 6 });
    // the register at the start too (CIM9-212 = closed, the default)
    assert.deepEqual(pr(answer({ readings: [{ readingType: REG, value: '1', timeStamp: PERIOD.start }] })).findings, []);
  });
  test('MR-PERIOD-WITHIN: a register after the end or before the start; CIM9-212 decides the ends', () => {
    assert.deepEqual(pr(answer({ readings: [{ readingType: REG, value: '1', timeStamp: at(5 * Q) }] })).findings, ['error MR-PERIOD-WITHIN']);
    assert.deepEqual(pr(answer({ readings: [{ readingType: REG, value: '1', timeStamp: at(-1000) }] })).findings, ['error MR-PERIOD-WITHIN']);
    assert.deepEqual(pr(answer({ readings: [{ readingType: REG, value: '1', timeStamp: 'now' }] })).findings, ['error MR-PERIOD-WITHIN']);
    assert.deepEqual(pr(answer(), { 'CIM9-212': 'half-open' }).findings, ['error MR-PERIOD-WITHIN']);
    assert.deepEqual(pr(answer(), { 'CIM9-212': 'end-included' }).findings, []);
    assert.deepEqual(pr(answer({ readings: [{ readingType: REG, value: '1', timeStamp: PERIOD.start }] }), { 'CIM9-212': 'end-included' }).findings, ['error MR-PERIOD-WITHIN']);
  });
  test('MR-PERIOD-WITHIN: an interval beyond the end or before the start (PAY-04), a valuesInterval reaching outside', () => {
    assert.deepEqual(pr(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 3, 4, 5].map((k) => k * Q)) }] })).findings, ['error MR-PERIOD-WITHIN']);
    // stamped at the start: the first interval begins a period before the start (end convention) and the last ends early
    assert.deepEqual(pr(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [0, 1, 2, 3].map((k) => k * Q)) }] })).findings, ['error MR-PERIOD-WITHIN', 'error MR-PERIOD-COVER']);
    // the same block under PAY-04 = start is right
    assert.deepEqual(pr(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [0, 1, 2, 3].map((k) => k * Q)) }] }), { 'PAY-04': 'start' }).findings, []);
    assert.deepEqual(pr(answer({ valuesInterval: { start: PERIOD.start, end: at(5 * Q) } })).findings, ['error MR-PERIOD-WITHIN']);
  });
  test('MR-PERIOD-COVER: the first or the last interval missing, no interval data, no register', () => {
    assert.deepEqual(pr(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [2, 3, 4].map((k) => k * Q)) }] })).findings, ['error MR-PERIOD-COVER']);
    assert.deepEqual(pr(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 3].map((k) => k * Q)) }] })).findings, ['error MR-PERIOD-COVER']);
    // a gap inside is not this rule's (DOM-INTERVAL-COMPLETE)
    assert.deepEqual(pr(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 4].map((k) => k * Q)) }] })).findings, []);
    assert.deepEqual(pr(answer({ intervalBlocks: [] })).findings, ['error MR-PERIOD-COVER']);
    assert.deepEqual(pr(answer({ readings: [] })).findings, ['error MR-PERIOD-COVER']);
    // nothing at all: nothing checked (the scenario then fails with DOM-EXPECTED)
    assert.equal(pr(answer({ readings: [], intervalBlocks: [] })).checked, 0);
  });
});

describe('the MR-06 / MR-07 / MR-10 findings carry expected / actual (issue 16)', () => {
  const ea = (fs: { rule: string; expected?: string; actual?: string }[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
  test('the period asked against the timeStamps and intervals sent', () => {
    const q = { period: PERIOD, readingTypes: [REG, INT] };
    assert.deepEqual(ea(checkPeriodAnswer(answer({ readings: [{ readingType: REG, value: '1', timeStamp: at(5 * Q) }] }), q, ctx()).findings), [
      ['MR-PERIOD-WITHIN', `within ${PERIOD.start} – ${PERIOD.end}`, `timeStamp ${at(5 * Q)}`],
    ]);
    assert.deepEqual(ea(checkPeriodAnswer(answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [2, 3, 4].map((k) => k * Q)) }] }), q, ctx()).findings), [
      ['MR-PERIOD-COVER', `interval data from ${PERIOD.start}`, `from ${new Date(Date.parse(PERIOD.start) + Q).toISOString()}`],
    ]);
    const atStart = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [0, 1, 2, 3].map((k) => k * Q)) }] });
    assert.deepEqual(ea(checkIntervalEnd(atStart, PERIOD, ctx()).findings), [['MR-TIME-INTERVAL-END', `the first interval stamped ${new Date(Date.parse(PERIOD.start) + Q).toISOString()} (its end)`, `stamped ${PERIOD.start}`]]);
    const beyond = answer({ intervalBlocks: [{ readingType: INT, readings: intervals(undefined, [1, 2, 3, 4, 5].map((k) => k * Q)) }] });
    assert.deepEqual(ea(checkHalfOpen(beyond, PERIOD, ctx()).findings), [['MR-TIME-HALF-OPEN', `intervals within [${PERIOD.start}, ${PERIOD.end})`, `1 ending after the end, first stamped ${at(5 * Q)}`]]);
  });
  test('the shapes: what each ReadingType should be sent as, what it was', () => {
    const swapped = answer({ readings: [{ readingType: INT, value: '1', timeStamp: PERIOD.end }], intervalBlocks: [{ readingType: REG, readings: intervals() }] });
    const fs = checkTwoShapes(swapped, { meter: 'M-1', register: REG, interval: INT }, ctx());
    assert.ok(fs.length >= 2 && fs.every((f) => f.expected && f.actual), JSON.stringify(ea(fs)));
    assert.deepEqual(ea(fs).slice(0, 2), [['MR-SHAPE-READINGS', `a Reading of ReadingType ${REG}`, 'an IntervalBlock of it'], ['MR-SHAPE-READINGS', `an IntervalBlock of ReadingType ${INT}`, 'Readings of it']]);
  });
});

// ------------------------------------------------------------------------------------------------ the reference SUT

const packs: Record<'2013' | '2024', SchemaPack> = { '2013': loadSchemaPack(defaultPackDir('2013')), '2024': loadSchemaPack(defaultPackDir('2024')) };
const sims: Simulator[] = [];
after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await closeAllClients(100);
  for (const p of Object.values(packs)) p.dispose?.();
});

/** get(MeterReadings) for the register and interval ReadingType of M-1001 over the last hour, at a fresh simulator */
async function ask(edition: '2013' | '2024', faults: string[] = []) {
  const sim = await startSimulator({ schemaPack: packs[edition], faults });
  sims.push(sim);
  const end = Math.floor(Date.now() / Q) * Q - Q;
  const period = { start: nowTimestamp(() => new Date(end - 3_600_000)), end: nowTimestamp(() => new Date(end)) };
  const h = { verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() };
  const out = toSoap(getMeterReadingsMessage(h, ['M-1001'], [REG, INT], period), '1.1');
  const res = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
  assert.ok(res.ok);
  const body = res.body.toString('utf8');
  const m = readMessage(body);
  assert.ok(m.ok && m.wire.message?.payload?.root);
  return { body, root: m.wire.message.payload.root, period };
}

describe('the reference SUT answers in the structure of MR-06 and the shapes of MR-07', () => {
  for (const edition of ['2013', '2024'] as const) {
    test(`${edition}: schema-valid, reportedDateTime, valuesInterval and root definitions, every check clean`, async () => {
      const { body, root, period } = await ask(edition);
      assert.deepEqual(packs[edition].validate(body, { label: 'answer' }).filter((f) => f.severity === 'error'), []);
      const c = ctx();
      for (const res of [checkPeriodAnswer(root, { period, readingTypes: [REG, INT] }, c), checkIntervalEnd(root, period, c), checkHalfOpen(root, period, c), checkContiguous(root, c), checkReported(root, c), checkPeriods(root, c), checkZoneOffsets(root, c), checkReadingTypeRefs(root, c)]) {
        assert.deepEqual(res.findings, []);
        assert.ok(res.checked > 0);
      }
      assert.deepEqual(checkTwoShapes(root, { meter: 'M-1001', register: REG, interval: INT }, c), []);
      assert.equal(root.children.filter((x) => x.name === 'ReadingType').length, 2);
    });
  }

  const caughtBy: Record<string, (root: Awaited<ReturnType<typeof ask>>['root'], period: { start: string; end: string }, a: Record<string, string>) => Finding[]> = {
    'MR-TIME-INTERVAL-END': (root, p, a) => checkIntervalEnd(root, p, ctx(a)).findings,
    'MR-TIME-HALF-OPEN': (root, p, a) => checkHalfOpen(root, p, ctx(a)).findings,
    'DOM-TIME-CONVENTION': (root, _p, a) => checkReported(root, ctx(a)).findings,
    'MR-SHAPE-READINGS': (root) => checkTwoShapes(root, { meter: 'M-1001', register: REG, interval: INT }, ctx()),
    'MR-SHAPE-READINGTYPE': (root, _p, a) => checkReadingTypeRefs(root, ctx(a)).findings,
    'MR-PERIOD-WITHIN': (root, p, a) => checkPeriodAnswer(root, { period: p, readingTypes: [REG, INT] }, ctx(a)).findings,
    'MR-PERIOD-COVER': (root, p, a) => checkPeriodAnswer(root, { period: p, readingTypes: [REG, INT] }, ctx(a)).findings,
  };
  for (const f of READING_SHAPE_FAULTS.filter((x) => caughtBy[violatedRule(x)])) {
    test(`${f.id} → ${violatedRule(f)}`, async () => {
      const { root, period } = await ask(f.editions?.includes('2024') ? '2024' : '2013', [f.id]);
      const fs = caughtBy[violatedRule(f)]!(root, period, f.detectWith ?? {});
      assert.ok(fs.some((x) => x.rule === violatedRule(f) && x.severity === 'error'), `${f.id}: ${rules(fs).join(', ') || 'no finding'}`);
    });
  }

  test('no-reported-date-time leaves the reportedDateTime convention nothing to check (MR-TIME-ABSENT in the scenario)', async () => {
    const { root } = await ask('2013', ['no-reported-date-time']);
    assert.equal(checkReported(root, ctx()).checked, 0);
  });

  test('the query of relay-query-names-group / cis-query-names-group is schema-valid: the one violation is its shape', () => {
    const h = { verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() };
    const xml = toSoap(metersAsGroup(getMeterReadingsMessage(h, ['M-1001'], [REG])), '1.1').xml;
    for (const edition of ['2013', '2024'] as const) assert.deepEqual(packs[edition].validate(xml, { label: 'query' }).filter((f) => f.severity === 'error'), [], edition);
  });

  test('MR-06, MR-07 and MR-10 have scenarios of this family and are no longer listed as not covered', () => {
    for (const uc of ['MR-06', 'MR-07', 'MR-10']) {
      assert.equal(NOT_COVERED[uc], undefined, uc);
      assert.ok(family.some((sc) => sc.tags.includes(`@usecase:${uc}`)), uc);
    }
  });

  test('every fault of the family is in the catalogue, names a catalogued rule and has a scope', () => {
    for (const f of READING_SHAPE_FAULTS) {
      assert.ok(FAULTS.some((x) => x.id === f.id), f.id);
      assert.ok(isRuleId(violatedRule(f)), f.id);
      assert.match(f.scope ?? '', /@usecase:MR-(06|07|10)\b/, f.id);
      // the scope is a tag expression that selects at least one scenario of this family
      const scope = parseTagExpression(f.scope!);
      assert.ok(family.some((sc) => scope.evaluate(sc.tags)), `${f.id}: scope ${f.scope} selects no scenario of features/reading-shapes.feature`);
    }
  });
});
