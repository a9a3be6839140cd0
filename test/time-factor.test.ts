/**
 * The time factor of the scenarios' own timing (CIM9-203, docs/performance.md): the durations the suite asks for and
 * allows, the timestamps it sends, and the reference SUT's side of it.
 * Run: node --import tsx --test test/time-factor.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextTick, nowTimestamp, timingTimestamp } from '../src/message/index.ts';
import { timeFactorOf, resolveAssumptions, validateAssumptions } from '../src/profile/index.ts';
import { scheduleTiming, scheduleValue } from '../src/usecases/read-schedules.ts';
import { loadControlValue, plainWindowSeconds, randomisedTiming, LOAD_CONTROL_START } from '../src/usecases/load-control.ts';
import { checkRandomisedEnds, checkRandomisedStarts, type ControlExpectation, type ResultEvent } from '../src/checks/load-control.ts';
import { contextFor } from '../src/checks/index.ts';
import { startOffsets } from '../simulator/handlers/load-control.ts';
import { readWaitMs } from '../simulator/handlers/relayed-controls.ts';

const T0 = new Date('2026-01-01T10:00:00.400Z');

describe('time factor (CIM9-203)', () => {
  test('reads as 1 unless a factor between 0.05 and 1 is given; the register takes a number ≥ 0.05', () => {
    assert.equal(timeFactorOf({}), 1);
    assert.equal(timeFactorOf({ 'CIM9-203': '0.25' }), 0.25);
    assert.equal(timeFactorOf({ 'CIM9-203': 0.5 }), 0.5);
    for (const v of [0, 0.01, 2, 'fast', -1]) assert.equal(timeFactorOf({ 'CIM9-203': v }), 1, String(v));
    assert.equal(resolveAssumptions({})['CIM9-203'], 1);
    assert.deepEqual(validateAssumptions({ 'CIM9-203': 0.25 }), []);
    assert.equal(validateAssumptions({ 'CIM9-203': 0.01 }).length, 1);
  });

  test('timestamps: to the second at 1, to the millisecond below; the next tick is a whole second times the factor', () => {
    assert.equal(timingTimestamp(T0, 1), nowTimestamp(() => T0));
    assert.equal(timingTimestamp(T0, 1), '2026-01-01T10:00:00Z');
    assert.equal(timingTimestamp(T0, 0.25), '2026-01-01T10:00:00.400Z');
    assert.equal(nextTick(T0.getTime(), 1), Date.parse('2026-01-01T10:00:01Z'));
    assert.equal(nextTick(T0.getTime(), 0.25), Date.parse('2026-01-01T10:00:00.500Z'));
    assert.equal(nextTick(Date.parse('2026-01-01T10:00:00.500Z'), 0.25), Date.parse('2026-01-01T10:00:00.500Z'));
  });

  test('a read schedule: period, tolerance and grace times the factor, its interval to the millisecond', () => {
    assert.deepEqual(scheduleTiming({ 'CIM9-203': 0.25 }), { periodSeconds: 0.75, toleranceSeconds: 0.1875, graceSeconds: 1.6875, timeFactor: 0.25 });
    assert.deepEqual(scheduleTiming({ 'CIM9-170': 2, 'CIM9-171': 0.5, 'CIM9-172': 4, 'CIM9-203': 0.5 }), { periodSeconds: 1, toleranceSeconds: 0.25, graceSeconds: 2, timeFactor: 0.5 });
    // half a period off (schedule-fires-off-time) stays outside the tolerance
    const t = scheduleTiming({ 'CIM9-203': 0.25 });
    assert.ok(t.periodSeconds / 2 > t.toleranceSeconds);
    const v = scheduleValue({ meter: 'M-1', readingTypes: ['RT'], start: T0, end: new Date(T0.getTime() + 9000), periodSeconds: 0.75, timeFactor: 0.25 });
    assert.deepEqual(v.timeSchedules, [{ recurrencePeriod: 0.75, scheduleInterval: { start: '2026-01-01T10:00:00.400Z', end: '2026-01-01T10:00:09.400Z' } }]);
    const whole = scheduleValue({ meter: 'M-1', readingTypes: ['RT'], start: T0, end: new Date(T0.getTime() + 9000), periodSeconds: 3 });
    assert.equal(whole.timeSchedules?.[0]?.scheduleInterval.start, '2026-01-01T10:00:00Z');
  });

  test('load-control windows: CIM9-121 times the factor, never shorter than the quiet period twice plus the factor; the randomised interval 3 s times it', () => {
    assert.equal(plainWindowSeconds(2, 0.5), 2);
    assert.equal(plainWindowSeconds(2, 1), 3);
    assert.equal(plainWindowSeconds(2, 0.5, 0.25), 1.25);
    assert.equal(plainWindowSeconds(20, 0.5, 0.25), 5);
    assert.deepEqual(randomisedTiming(2), { intervalSeconds: 3, durationSeconds: 1.02 });
    const r = randomisedTiming(2, 0.25);
    assert.equal(r.intervalSeconds, 0.75);
    assert.ok(r.durationSeconds > 0.2 && r.durationSeconds < 0.3, String(r.durationSeconds));
    const v = loadControlValue({ mRID: 'C', issuerTrackingID: 'T', controlType: LOAD_CONTROL_START, meters: ['M-1'], start: T0, end: new Date(T0.getTime() + 1250), timeFactor: 0.25 });
    assert.deepEqual(v.primaryDeviceTiming?.interval, { start: '2026-01-01T10:00:00.400Z', end: '2026-01-01T10:00:01.650Z' });
    assert.equal(v.primaryDeviceTiming?.duration, 0.021);
  });

  test('the reference SUT randomises a window down to the factor in seconds, and waits for the read after a switch the factor times as long (at least 0.5 s)', () => {
    const c = { mRID: 'C-r', issuerTrackingID: 'T-r', primaryDeviceTiming: { duration: 0.004, randomisation: 'start', interval: { start: '2026-01-01T10:00:00.000Z', end: '2026-01-01T10:00:00.750Z' } } };
    assert.equal(startOffsets(c, ['M-1', 'M-2']), undefined);
    const o = startOffsets(c, ['M-2', 'M-1'], () => false, 0.25)!;
    assert.ok(o.get('M-1')! >= 0 && o.get('M-1')! < 255 && o.get('M-2')! >= 255 && o.get('M-2')! < 510, JSON.stringify([...o]));
    assert.equal(startOffsets(c, ['M-1', 'M-2'], (id) => id === 'lc-random-outside-window', 0.25)!.get('M-2'), 1500);
    assert.equal(readWaitMs({ asyncDeadlineMs: 10_000, timeFactor: 1 }), 2000);
    assert.equal(readWaitMs({ asyncDeadlineMs: 10_000, timeFactor: 0.25 }), 500);
    assert.equal(readWaitMs({ asyncDeadlineMs: 60_000, timeFactor: 0.5 }), 1000);
    assert.equal(readWaitMs({ asyncDeadlineMs: 1_000, timeFactor: 0.1 }), 500);
  });

  test('EDC-LC-RANDOM: the resolution slack is the factor in seconds, so a start one interval late is still a finding', () => {
    const start = new Date('2026-01-01T10:00:00.000Z');
    const exp: ControlExpectation = { controlType: LOAD_CONTROL_START, what: 'randomised load-control start', controlMRID: 'C', issuerTrackingID: 'T', devices: ['M-1', 'M-2'], requestedAt: start, intervalStart: start, windowEnd: new Date(start.getTime() + 750), randomisation: 'start', durationSeconds: 0.24 };
    const ev = (meter: string, ms: number): ResultEvent => ({ label: meter, meter, eventType: '3.15.0.242', createdDateTime: new Date(start.getTime() + ms).toISOString() });
    const ctx = (f?: string) => contextFor({ assumptions: f ? { 'CIM9-203': Number(f) } : {}, label: 't' });
    const late = [ev('M-1', 100), ev('M-2', 1500)];
    assert.deepEqual(checkRandomisedStarts(late, exp, ctx('0.25')).map((x) => x.rule), ['EDC-LC-RANDOM']);
    // with the 1 s slack of whole-second timestamps the same starts pass: why the slack follows the factor
    assert.deepEqual(checkRandomisedStarts(late, exp, ctx()).map((x) => x.rule), []);
    assert.deepEqual(checkRandomisedStarts([ev('M-1', 100), ev('M-2', 600)], exp, ctx('0.25')), []);
  });

  test('EDC-LC-RANDOM-END: a device that stops longer after its own start than the interval lasts is a finding (one clock, the factor as slack)', () => {
    const start = new Date('2026-01-01T10:00:00.000Z');
    const exp: ControlExpectation = { controlType: LOAD_CONTROL_START, what: 'load-control event with a randomised end', controlMRID: 'C', issuerTrackingID: 'T', devices: ['M-1', 'M-2'], requestedAt: start, intervalStart: start, windowEnd: new Date(start.getTime() + 750), randomisation: 'end', durationSeconds: 0.24 };
    const ev = (meter: string, code: string, ms: number): ResultEvent => ({ label: meter, meter, eventType: code, createdDateTime: new Date(start.getTime() + ms).toISOString() });
    const ctx = (f?: number) => contextFor({ assumptions: f ? { 'CIM9-203': f } : {}, label: 't' });
    const starts = [ev('M-1', '3.15.0.242', 20), ev('M-2', '3.15.0.242', 20)];
    // lc-random-end-outside-window: the last device stops two intervals after the interval start plus the duration
    const late = [...starts, ev('M-1', '3.15.0.243', 400), ev('M-2', '3.15.0.243', 1740)];
    assert.deepEqual(checkRandomisedEnds(late, exp, ctx(0.25)).map((x) => x.rule), ['EDC-LC-RANDOM-END']);
    assert.deepEqual(checkRandomisedEnds([...starts, ev('M-1', '3.15.0.243', 400), ev('M-2', '3.15.0.243', 740)], exp, ctx(0.25)), []);
    // a start dated before the control was sent is EDC-LC-TIME's, not this rule's
    const early = [ev('M-1', '3.15.0.242', -3_600_000), ev('M-2', '3.15.0.242', 20), ev('M-1', '3.15.0.243', 400), ev('M-2', '3.15.0.243', 700)];
    assert.deepEqual(checkRandomisedEnds(early, exp, ctx(0.25)), []);
  });
});
