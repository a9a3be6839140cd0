/**
 * The EUMED rules (src/eumed/rules.ts, check.ts) in both directions — each passes on good data and fails on
 * the defect it is about — plus the market-time helpers (DST days of 92 and 100 quarter hours), the payload
 * builder/reader and the placeholder schema (fixtures/schemas/2024/eumed).
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../src/checks/finding.ts';
import { isRuleId } from '../src/checks/catalogue.ts';
import { parseXml, serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import { ACCUMULATIONS, AGGREGATES, FLOW_DIRECTIONS, MULTIPLIERS } from '../src/codes/index.ts';
import {
  checkCoverage,
  checkDst,
  checkIndexAgainstCurve,
  checkIndexMonotonic,
  checkIntervalLength,
  checkMaxPowerTime,
  checkMaxPowerValue,
  checkQuality,
  checkUnits,
  EUMED_RULES,
  type Curve,
  type CurvePoint,
  type Period,
  type RuleContext,
} from '../src/eumed/rules.ts';
import { checkMeterReadingSet, ean18, ean18Valid, gradeSchemaFindings } from '../src/eumed/check.ts';
import { eumedSettings, EUMED_PLACEHOLDER_NS, type ReadingTypeLiterals } from '../src/eumed/model.ts';
import { buildMeterReadingSet, meterReadingNodes, readMeterReading } from '../src/eumed/payload.ts';
import { DEFAULT_READING_TYPES, classify, readingTypeCode } from '../src/eumed/readingTypes.ts';
import { indexReadings, indexWhAt, kilo, loadCurveMeterReading, loadCurveReadings, maxPowerOf, QUARTER_MS, quarterWh, seedOf } from '../src/eumed/generate.ts';
import { lastDstDay, localDay, localStamp, localToInstant, offsetStamp, utcStamp } from '../src/eumed/time.ts';
import { eumedPackDir, eumedSchemaDir, loadEumedPack } from '../src/eumed/pack.ts';
import { clearSchemaPackCache } from '../src/schema/index.ts';
import { checkMessage } from '../src/checks/message.ts';
import { toSoap } from '../src/message/index.ts';

const TZ = 'Europe/Amsterdam';
const ctx: RuleContext = { label: 'test', timeZone: TZ, stamp: 'end' };
const errors = (fs: Finding[], rule?: string) => fs.filter((f) => f.severity === 'error' && (rule === undefined || f.rule === rule));
const D = (y: number, m: number, d: number) => ({ year: y, month: m, day: d });

const SPRING = localDay(TZ, D(2025, 3, 30)); // 23 h
const AUTUMN = localDay(TZ, D(2025, 10, 26)); // 25 h
const NORMAL = localDay(TZ, D(2025, 11, 20)); // 24 h
const period = (d: { start: number; end: number }): Period => ({ start: d.start, end: d.end });

function curve(p: Period, o: Parameters<typeof loadCurveReadings>[2] = {}, rt: ReadingTypeLiterals = DEFAULT_READING_TYPES.loadCurve): Curve & { readings: CurvePoint[] } {
  return {
    readingType: rt,
    readings: loadCurveReadings(seedOf('UP-1'), p, o).map((r) => ({ ...r, qualities: (r.qualities ?? []).map((q) => ({ code: q.code })) })),
  };
}

after(() => clearSchemaPackCache());

describe('market time (Intl, no packages)', () => {
  test('a 23-hour and a 25-hour local day give 92 and 100 quarter hours', () => {
    assert.equal(SPRING.hours, 23);
    assert.equal((SPRING.end - SPRING.start) / QUARTER_MS, 92);
    assert.equal(AUTUMN.hours, 25);
    assert.equal((AUTUMN.end - AUTUMN.start) / QUARTER_MS, 100);
    assert.equal(NORMAL.hours, 24);
    assert.equal(utcStamp(SPRING.start), '2025-03-29T23:00:00Z');
    assert.equal(utcStamp(AUTUMN.end), '2025-10-26T23:00:00Z');
  });

  test('the last DST days before a date, and none in a zone without DST', () => {
    const now = Date.parse('2025-11-21T12:00:00Z');
    assert.equal(lastDstDay(TZ, 23, now)?.date, '2025-03-30');
    assert.equal(lastDstDay(TZ, 25, now)?.date, '2025-10-26');
    assert.equal(lastDstDay('Asia/Tokyo', 23, now, 400), undefined);
  });

  test('wall-clock times in the spring gap and the autumn overlap', () => {
    assert.equal(utcStamp(localToInstant(TZ, D(2025, 10, 26), 2, 30)), '2025-10-26T00:30:00Z'); // first 02:30 (+02:00)
    assert.equal(localStamp(TZ, Date.parse('2025-10-26T01:30:00Z')), '2025-10-26T02:30:00+01:00'); // second 02:30
    assert.equal(localStamp(TZ, Date.parse('2025-03-30T01:30:00Z')), '2025-03-30T03:30:00+02:00');
  });
});

describe(`${EUMED_RULES.coverage}: the curve covers the requested period`, () => {
  test('passes on a complete curve, and on the 92 / 100 intervals of DST days', () => {
    for (const d of [NORMAL, SPRING, AUTUMN]) assert.deepEqual(errors(checkCoverage(curve(period(d)), period(d), ctx)), []);
  });

  test('fails on a gap without quality code, a duplicate, a stray interval and one off the grid', () => {
    const c = curve(period(NORMAL));
    c.readings.splice(10, 2);
    const f = errors(checkCoverage(c, period(NORMAL), ctx), EUMED_RULES.coverage);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /2 interval\(s\) missing/);
    const dup = curve(period(NORMAL));
    dup.readings.push({ ...dup.readings[5]! });
    assert.match(errors(checkCoverage(dup, period(NORMAL), ctx))[0]!.message, /appears twice/);
    const stray = curve(period(NORMAL));
    stray.readings.push({ timeStamp: utcStamp(NORMAL.end + QUARTER_MS), value: '1', qualities: [] });
    assert.match(errors(checkCoverage(stray, period(NORMAL), ctx))[0]!.message, /outside the requested period/);
    const off = curve(period(NORMAL));
    off.readings[3] = { ...off.readings[3]!, timeStamp: utcStamp(NORMAL.start + QUARTER_MS + 5 * 60_000) };
    assert.ok(errors(checkCoverage(off, period(NORMAL), ctx)).some((x) => /not on the 15-minute grid/.test(x.message)));
  });

  test('a gap flagged by a skipped-interval code on the next reading is a warning, not a failure', () => {
    const c = curve(period(NORMAL));
    c.readings.splice(10, 2);
    c.readings[10] = { ...c.readings[10]!, qualities: [{ code: '2.4.4' }] };
    const f = checkCoverage(c, period(NORMAL), ctx);
    assert.deepEqual(errors(f), []);
    assert.ok(f.some((x) => x.severity === 'warning' && x.rule === EUMED_RULES.coverage));
  });

  test('EUM-12 start: timestamps at the start of each interval', () => {
    const c = curve(period(NORMAL), { stamp: 'start' });
    assert.deepEqual(errors(checkCoverage(c, period(NORMAL), { ...ctx, stamp: 'start' })), []);
    const f = errors(checkCoverage(c, period(NORMAL), ctx));
    assert.ok(f.length > 0, 'start-stamped data read with end semantics is shifted by one interval');
    assert.deepEqual(f[0]!.assumptions, { 'EUM-12': 'end' });
  });
});

describe(`${EUMED_RULES.interval}: every interval has the length of the measuring period`, () => {
  test('passes on 15-minute intervals with matching timePeriods', () => {
    assert.deepEqual(errors(checkIntervalLength(curve(period(NORMAL)), ctx)), []);
  });

  test('fails on a 30-minute timePeriod, an odd spacing and a timePeriod that does not end at the timestamp', () => {
    const c = curve(period(NORMAL));
    c.readings[4] = { ...c.readings[4]!, timePeriod: { start: utcStamp(NORMAL.start + 3 * QUARTER_MS), end: c.readings[4]!.timeStamp } };
    assert.match(errors(checkIntervalLength(c, ctx))[0]!.message, /lasts 30 minutes/);
    const s = curve(period(NORMAL));
    s.readings[4] = { ...s.readings[4]!, timeStamp: utcStamp(NORMAL.start + 5 * QUARTER_MS + 5 * 60_000), timePeriod: undefined };
    assert.ok(errors(checkIntervalLength(s, ctx)).some((x) => /not a multiple of the 15-minute/.test(x.message)));
    const e = curve(period(NORMAL));
    e.readings[2] = { ...e.readings[2]!, timePeriod: e.readings[3]!.timePeriod };
    assert.match(errors(checkIntervalLength(e, ctx))[0]!.message, /does not end at the timestamp/);
  });

  test('fails when the ReadingType has no measuring period', () => {
    const c = curve(period(NORMAL), {}, { ...DEFAULT_READING_TYPES.loadCurve, measuringPeriod: undefined });
    assert.equal(errors(checkIntervalLength(c, ctx)).length, 1);
  });
});

describe(`${EUMED_RULES.dst}: timestamps are consistent across a DST change`, () => {
  test('passes with UTC or correct local offsets on 23-, 24- and 25-hour days', () => {
    for (const d of [SPRING, NORMAL, AUTUMN]) {
      assert.deepEqual(errors(checkDst(curve(period(d)), period(d), ctx)), []);
      assert.deepEqual(errors(checkDst(curve(period(d), { format: (ms) => localStamp(TZ, ms) }), period(d), ctx)), []);
    }
  });

  test('fails on a fixed +01:00 offset after the spring change (a wall-clock time that does not exist)', () => {
    const c = curve(period(SPRING), { format: (ms) => offsetStamp(ms, 60) });
    const f = errors(checkDst(c, period(SPRING), ctx), EUMED_RULES.dst);
    assert.ok(f.length > 0);
    assert.match(f[0]!.message, /offset \+01:00, but Europe\/Amsterdam is at \+02:00/);
    assert.deepEqual(f[0]!.assumptions, { 'CIM9-40': TZ, 'EUM-12': 'end' });
  });

  test('fails on 96 quarter hours for the 23-hour day (92 expected) and for the 25-hour day (100 expected)', () => {
    const spring = curve({ start: SPRING.start, end: SPRING.start + 96 * QUARTER_MS });
    assert.ok(errors(checkDst(spring, period(SPRING), ctx)).some((x) => /23 hours .*92 intervals .* has 96/.test(x.message)));
    const autumn = curve({ start: AUTUMN.start, end: AUTUMN.start + 96 * QUARTER_MS });
    assert.ok(errors(checkDst(autumn, period(AUTUMN), ctx)).some((x) => /25 hours .*100 intervals .* has 96/.test(x.message)));
  });

  test('fails on floating local times without offset', () => {
    const c = curve(period(AUTUMN), { format: (ms) => localStamp(TZ, ms).slice(0, 19) });
    assert.match(errors(checkDst(c, period(AUTUMN), ctx))[0]!.message, /no offset/);
  });
});

describe(`${EUMED_RULES.quality}: missing or estimated intervals carry the right quality codes`, () => {
  const notCollected = [NORMAL.start + 40 * QUARTER_MS, NORMAL.start + 41 * QUARTER_MS];
  const flagged = (code: string) => curve(period(NORMAL), { qualities: new Map(notCollected.map((ms) => [ms, [{ code }]])) });

  test('passes when the intervals that were not collected are estimated (x.8.y) or flagged missing (x.5.259)', () => {
    assert.deepEqual(errors(checkQuality(flagged('3.8.0'), ctx, { notCollected })), []);
    assert.deepEqual(errors(checkQuality(flagged('2.5.259'), ctx, { notCollected })), []);
  });

  test('fails when an estimate is passed off as validated (3.0.1) or carries no code', () => {
    const f = errors(checkQuality(flagged('3.0.1'), ctx, { notCollected }), EUMED_RULES.quality);
    assert.equal(f.length, 2);
    assert.match(f[0]!.message, /never collected/);
    assert.equal(errors(checkQuality(curve(period(NORMAL)), ctx, { notCollected })).length, 2);
  });

  test('fails on contradictory codes, a malformed code, a quality without code and the wrong carrier (EUM-05)', () => {
    const c = curve(period(NORMAL));
    c.readings[0] = { ...c.readings[0]!, qualities: [{ code: '1.0.0' }, { code: '3.8.0' }] };
    c.readings[1] = { ...c.readings[1]!, qualities: [{ code: '1.99.0' }] };
    c.readings[2] = { ...c.readings[2]!, qualities: [{ code: '' }] };
    c.readings[3] = { ...c.readings[3]!, qualities: [{ code: '3.8.0', form: 'comment' }] };
    const f = errors(checkQuality(c, ctx, { carrier: 'quality-type-ref' }));
    assert.ok(f.some((x) => /both "valid" and estimated/.test(x.message)));
    assert.ok(f.some((x) => /category 99/.test(x.message)));
    assert.ok(f.some((x) => /without any quality code/.test(x.message)));
    assert.ok(f.some((x) => /travels as comment/.test(x.message) && x.assumptions?.['EUM-05'] === 'quality-type-ref'));
  });
});

describe(`${EUMED_RULES.unit}: units and multipliers agree with the ReadingType`, () => {
  test('passes on kWh load curves, kW maxima and kWh indexes', () => {
    assert.deepEqual(errors(checkUnits(curve(period(NORMAL)), 'loadCurve', ctx)), []);
    assert.deepEqual(errors(checkUnits({ readingType: DEFAULT_READING_TYPES.maxPower, readings: [{ timeStamp: utcStamp(NORMAL.end), value: '1.2', qualities: [] }] }, 'maxPower', ctx)), []);
  });

  test('fails on a unit that does not measure the kind, a missing multiplier and a value that is not a number', () => {
    const w = curve(period(NORMAL), {}, { ...DEFAULT_READING_TYPES.loadCurve, unit: 'W' });
    assert.match(errors(checkUnits(w, 'loadCurve', ctx))[0]!.message, /unit W does not measure measurementKind energy/);
    const m = curve(period(NORMAL), {}, { ...DEFAULT_READING_TYPES.loadCurve, multiplier: undefined });
    assert.match(errors(checkUnits(m, 'loadCurve', ctx))[0]!.message, /no multiplier/);
    const v = curve(period(NORMAL));
    v.readings[0] = { ...v.readings[0]!, value: 'NaN' };
    assert.equal(errors(checkUnits(v, 'loadCurve', ctx)).length, 1);
    assert.match(errors(checkUnits({ readingType: { ...DEFAULT_READING_TYPES.maxPower, unit: 'Wh', measurementKind: undefined }, readings: [] }, 'maxPower', ctx))[0]!.message, /power unit/);
  });

  test('across messages: the index advance equals the load-curve energy, and a wrong multiplier is a factor of 1000', () => {
    const seed = seedOf('UP-1');
    const index: Curve = { readingType: DEFAULT_READING_TYPES.index, readings: indexReadings(seed, [NORMAL.start, NORMAL.end]).map((r) => ({ ...r, qualities: [] })) };
    assert.deepEqual(errors(checkIndexAgainstCurve(index, curve(period(NORMAL)), period(NORMAL), ctx)), []);
    const wrong = curve(period(NORMAL), {}, { ...DEFAULT_READING_TYPES.loadCurve, multiplier: 'none' });
    const f = errors(checkIndexAgainstCurve(index, wrong, period(NORMAL), ctx), EUMED_RULES.unit);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /a factor of 1000/);
  });
});

describe(`${EUMED_RULES.monotonic}: cumulative values never decrease`, () => {
  const days = [1, 2, 3, 4].map((n) => localDay(TZ, D(2025, 11, n)).end);
  const index = (): Curve & { readings: CurvePoint[] } => ({ readingType: DEFAULT_READING_TYPES.index, readings: indexReadings(7, days).map((r) => ({ ...r, qualities: [] })) });

  test('passes on a rising index', () => {
    assert.deepEqual(errors(checkIndexMonotonic(index(), ctx)), []);
  });

  test('fails on a decrease, unless a reset is flagged; a non-cumulative ReadingType is not checked', () => {
    const c = index();
    c.readings[2] = { ...c.readings[2]!, value: kilo(indexWhAt(7, days[1]! / QUARTER_MS) - 1000) };
    assert.match(errors(checkIndexMonotonic(c, ctx), EUMED_RULES.monotonic)[0]!.message, /is below/);
    c.readings[2] = { ...c.readings[2]!, qualities: [{ code: '1.4.8' }] };
    assert.deepEqual(errors(checkIndexMonotonic(c, ctx)), []);
    const delta: Curve = { readingType: DEFAULT_READING_TYPES.loadCurve, readings: [{ timeStamp: utcStamp(days[0]!), value: '5', qualities: [] }, { timeStamp: utcStamp(days[1]!), value: '1', qualities: [] }] };
    assert.deepEqual(errors(checkIndexMonotonic(delta, ctx)), []);
  });
});

describe(`${EUMED_RULES.maxTime} and ${EUMED_RULES.maxValue}: the maximum power of a period`, () => {
  const seed = seedOf('UP-1');
  const m = maxPowerOf(seed, period(NORMAL));
  const max = (at: number, w: number, extra: CurvePoint[] = []): Curve => ({ readingType: DEFAULT_READING_TYPES.maxPower, readings: [{ timeStamp: utcStamp(at), value: kilo(w), qualities: [] }, ...extra] });

  test('passes with the time of the maximum inside the day and a value equal to the largest interval average', () => {
    assert.deepEqual(errors(checkMaxPowerTime(max(m.at, m.w), period(NORMAL), ctx)), []);
    assert.deepEqual(errors(checkMaxPowerTime(max(NORMAL.end, m.w), period(NORMAL), ctx, 'end-of-period')), []);
    assert.deepEqual(errors(checkMaxPowerValue(max(m.at, m.w), curve(period(NORMAL)), period(NORMAL), ctx)), []);
    assert.equal(m.w, Math.max(...Array.from({ length: 96 }, (_, i) => quarterWh(seed, NORMAL.start / QUARTER_MS + i) * 4)));
  });

  test('fails on a timestamp outside the period, two maxima for one day, and EUM-14 end-of-period', () => {
    assert.match(errors(checkMaxPowerTime(max(NORMAL.end + QUARTER_MS, m.w), period(NORMAL), ctx))[0]!.message, /outside the requested period/);
    const two = max(m.at, m.w, [{ timeStamp: utcStamp(m.at + QUARTER_MS), value: '1', qualities: [] }]);
    assert.match(errors(checkMaxPowerTime(two, period(NORMAL), ctx), EUMED_RULES.maxTime)[0]!.message, /2 maximum value\(s\) for 1 daily/);
    const f = errors(checkMaxPowerTime(max(m.at, m.w), period(NORMAL), ctx, 'end-of-period'));
    assert.equal(f[0]!.assumptions?.['EUM-14'], 'end-of-period');
  });

  test('fails when the maximum is below an interval average', () => {
    const f = errors(checkMaxPowerValue(max(m.at, Math.floor(m.w / 2)), curve(period(NORMAL)), period(NORMAL), ctx), EUMED_RULES.maxValue);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /is below the average power of interval/);
  });
});

// ------------------------------------------------------------------------------------------------
// the payload as a whole

const settings = eumedSettings({ 'EUM-01': EUMED_PLACEHOLDER_NS });
const cctx = { ...ctx, settings };

function doc(el: XElement): XNode {
  const p = parseXml(serializeXml(el));
  assert.ok(p.ok);
  return p.root;
}

describe('the MeterReadingSet payload (EUMED-PAYLOAD, EUMED-READINGTYPE, EUMED-IDENTITY)', () => {
  const mr = () => loadCurveMeterReading('UP-1', 'M-1', period(NORMAL));

  test('a built payload reads back and passes every rule', () => {
    const root = doc(buildMeterReadingSet({ meterReadings: [mr()] }));
    const m = readMeterReading(meterReadingNodes(root, EUMED_PLACEHOLDER_NS)[0]!, EUMED_PLACEHOLDER_NS);
    assert.equal(m.intervalBlocks[0]!.readings.length, 96);
    assert.equal(m.usagePoint?.mRID, 'UP-1');
    assert.deepEqual(errors(checkMeterReadingSet(root, { kind: 'loadCurve', usagePoints: ['UP-1'], period: period(NORMAL) }, cctx)), []);
  });

  test('fails in another namespace, for a metering point not asked for, and for the wrong message kind', () => {
    const other = doc(buildMeterReadingSet({ meterReadings: [mr()] }, { ns: 'urn:other' }));
    assert.equal(errors(checkMeterReadingSet(other, { kind: 'loadCurve' }, cctx), 'EUMED-PAYLOAD').length, 1);
    const root = doc(buildMeterReadingSet({ meterReadings: [mr()] }));
    const f = errors(checkMeterReadingSet(root, { kind: 'loadCurve', usagePoints: ['UP-2'] }, cctx), 'EUMED-IDENTITY');
    assert.equal(f.length, 2); // UP-1 not asked for, UP-2 missing
    assert.match(errors(checkMeterReadingSet(root, { kind: 'index' }, cctx), 'EUMED-READINGTYPE')[0]!.message, /loadCurve, not the index/);
  });

  test('EUM-13: a ReadingType off the eumed.md §5 table is a warning; an mRID code that disagrees with the literals is an error', () => {
    const m = mr();
    m.intervalBlocks[0]!.readingType = { ...DEFAULT_READING_TYPES.loadCurve, multiplier: 'M', mRID: '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0' };
    const f = checkMeterReadingSet(doc(buildMeterReadingSet({ meterReadings: [m] })), { kind: 'loadCurve' }, cctx).filter((x) => x.rule === 'EUMED-READINGTYPE');
    assert.ok(f.some((x) => x.severity === 'warning' && /multiplier "M"/.test(x.message)));
    assert.ok(f.some((x) => x.severity === 'error' && /is not the code of the literals/.test(x.message)));
  });

  test('EUM-11 ean-18: the GS1 check digit', () => {
    const id = ean18('87123450000001234');
    assert.ok(ean18Valid(id));
    assert.ok(!ean18Valid(`${id.slice(0, 17)}${(Number(id[17]) + 1) % 10}`));
    const strictIds = { ...cctx, settings: eumedSettings({ 'EUM-01': EUMED_PLACEHOLDER_NS, 'EUM-11': 'ean-18' }) };
    const m = mr();
    m.usagePoint.names = [{ name: '123456789012345678' }];
    assert.equal(errors(checkMeterReadingSet(doc(buildMeterReadingSet({ meterReadings: [m] })), { kind: 'loadCurve' }, strictIds), 'EUMED-IDENTITY').length, 1);
    assert.deepEqual(errors(checkMeterReadingSet(doc(buildMeterReadingSet({ meterReadings: [mr()] })), { kind: 'loadCurve' }, strictIds)), []);
  });

  test('valuesInterval must contain the timestamps (EUM-12)', () => {
    const m = mr();
    m.valuesInterval = { start: utcStamp(NORMAL.start + QUARTER_MS), end: utcStamp(NORMAL.end) };
    assert.match(errors(checkMeterReadingSet(doc(buildMeterReadingSet({ meterReadings: [m] })), { kind: 'loadCurve' }, cctx), 'EUMED-PAYLOAD')[0]!.message, /outside valuesInterval/);
  });

  test('the ReadingTypes of the three messages compose to the codes of eumed.md §5 and classify as their kind', () => {
    const code = (rt: ReadingTypeLiterals) => {
      const c = readingTypeCode(rt);
      assert.ok(c.ok);
      return c.value;
    };
    assert.equal(code(DEFAULT_READING_TYPES.loadCurve), '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0');
    assert.equal(code(DEFAULT_READING_TYPES.index), '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0');
    assert.equal(code(DEFAULT_READING_TYPES.maxPower), '11.8.2.0.1.1.37.0.0.0.0.0.0.0.0.3.38.0');
    for (const k of ['loadCurve', 'maxPower', 'index'] as const) assert.equal(classify(DEFAULT_READING_TYPES[k]), k);
  });

  test('every rule id the EUMED checks emit is in the catalogue', () => {
    for (const id of [...Object.values(EUMED_RULES), 'EUMED-PAYLOAD', 'EUMED-READINGTYPE', 'EUMED-IDENTITY']) assert.ok(isRuleId(id), id);
  });
});

describe('the placeholder schema (fixtures/schemas/2024/eumed)', () => {
  test('a built payload and its envelopes validate; a wrong literal does not', () => {
    const pack = loadEumedPack();
    const root = buildMeterReadingSet({ meterReadings: [loadCurveMeterReading('UP-1', 'M-1', period(SPRING))] });
    assert.deepEqual(pack.validate(serializeXml(root)), []);
    const bad = serializeXml(buildMeterReadingSet({ meterReadings: [loadCurveMeterReading('UP-1', 'M-1', period(SPRING), { readingType: { ...DEFAULT_READING_TYPES.loadCurve, flowDirection: 'Forward' } })] }));
    const f = pack.validate(bad);
    assert.equal(f.length, 1);
    assert.match(f[0]!.message, /Forward/);
  });

  test('EUM-07 lenient: an element out of order inside the payload is a warning', () => {
    const pack = loadEumedPack();
    const m = loadCurveMeterReading('UP-1', 'M-1', period(NORMAL));
    m.intervalBlocks[0]!.readings = m.intervalBlocks[0]!.readings.slice(0, 2);
    const root = buildMeterReadingSet({ meterReadings: [m] });
    const mrEl = root.children![1] as XElement;
    mrEl.children = [...mrEl.children!].reverse(); // valuesInterval first
    const f = pack.validate(serializeXml(root));
    assert.ok(f.length > 0 && f.every((x) => x.severity === 'error'));
    const graded = gradeSchemaFindings(f, '/ns1:MeterReadingSet', settings);
    assert.ok(graded.every((x) => x.severity === 'warning' && x.assumptions?.['EUM-07'] === 'lenient'), JSON.stringify(graded));
    assert.deepEqual(gradeSchemaFindings(f, '/ns1:MeterReadingSet', { ...settings, strictness: 'strict' }), f);
  });

  test('the enumerations of the schema are the CIM literals of src/codes (no drift)', () => {
    const xsd = readFileSync(join(eumedSchemaDir(), 'payload', 'MeterReadingSet.xsd'), 'utf8');
    const p = parseXml(xsd);
    assert.ok(p.ok);
    const XS = 'http://www.w3.org/2001/XMLSchema';
    const values = (name: string) =>
      p.root.children
        .find((c) => c.ns === XS && c.name === 'simpleType' && c.attrs['name'] === name)!
        .children[0]!.children.filter((c) => c.name === 'enumeration')
        .map((c) => c.attrs['value']);
    const lits = (t: readonly { literal?: string; vendor?: boolean }[]) => t.filter((e) => e.literal && !e.vendor).map((e) => e.literal);
    assert.deepEqual(values('AccumulationKind'), lits(ACCUMULATIONS));
    assert.deepEqual(values('AggregateKind'), lits(AGGREGATES));
    assert.deepEqual(values('FlowDirectionKind'), lits(FLOW_DIRECTIONS));
    assert.deepEqual(values('UnitMultiplier'), lits(MULTIPLIERS));
    assert.equal(values('UnitSymbol').length, 141);
    assert.ok(eumedPackDir().length > 0);
  });
});

// ------------------------------------------------------------------------------------------------
// a MeterReadingSet message given to `cim9 validate` (src/checks/message.ts)

describe('a EUMED message checked on its own (checkMessage, offline)', () => {
  const message = (drop?: number) => {
    const m = loadCurveMeterReading('UP-1', 'M-1', period(NORMAL));
    const block = m.intervalBlocks![0]!;
    const readings = drop === undefined ? block.readings : block.readings.filter((_r, i) => i !== drop);
    const root = buildMeterReadingSet({ meterReadings: [{ ...m, intervalBlocks: [{ ...block, readings }] }] });
    return toSoap({ kind: 'event', header: { verb: 'created', noun: 'MeterReadingSet', timestamp: '2025-11-21T10:00:00Z', source: 'test', messageId: 'a1b2c3d4-0000-4000-8000-000000000001' }, payload: { root } }, '1.1').xml;
  };
  const eumed = (fs: Finding[]) => fs.filter((f) => f.rule.startsWith('EUMED-') && f.severity === 'error');
  const assumptions = { 'EUM-01': EUMED_PLACEHOLDER_NS };

  test('a whole day of quarter hours passes the EUMED rules', () => {
    assert.deepEqual(eumed(checkMessage(message(), { label: 'curve.xml', edition: '2024', assumptions })), []);
  });

  test('a missing quarter hour is found without any request to compare with', () => {
    const f = eumed(checkMessage(message(10), { label: 'gap.xml', edition: '2024', assumptions }));
    assert.ok(f.length >= 1, 'the gap is a finding');
    assert.deepEqual([...new Set(f.map((x) => x.file))], ['gap.xml'], 'findings name the file checked');
    assert.ok(f.some((x) => x.rule === 'EUMED-LC-INTERVAL' || x.rule === 'EUMED-LC-COVERAGE'), f.map((x) => x.rule).join(', '));
  });

  test('without the EUMED namespace (EUM-01 unconfigured) the payload is not taken for EUMED', () => {
    assert.deepEqual(eumed(checkMessage(message(10), { label: 'gap.xml', edition: '2024' })), []);
  });

  test('a received message (in a scenario) leaves the EUMED rules to the scenario, which knows what was asked', () => {
    assert.deepEqual(eumed(checkMessage(message(10), { label: 'gap.xml', edition: '2024', assumptions, receivedAt: new Date() })), []);
  });
});
