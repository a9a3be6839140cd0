/**
 * Load control (EDC-01) and a disconnect by EndDeviceGroup (EDC-09): the pure checks of src/checks/load-control.ts,
 * and the reference head-end (simulator/handlers/load-control.ts) whose results pass them, while each fault of
 * simulator/faults/load-control.ts makes them fail with the rule it violates.
 * Run: node --import tsx --test test/load-control.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Simulator } from '../simulator/server.ts';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { postSoap } from '../src/transport/index.ts';
import { readMessage, toSoap, newMessageId, type Message } from '../src/message/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkAfterCancel, checkCanceledResults, checkControlResults, checkPanControls, checkPanAcknowledgements, checkRandomisedEnds, checkRandomisedStarts, randomisationWindowSeconds, resultCodes, type CanceledResult, type ControlExpectation, type PanControlSent, type ResultEvent } from '../src/checks/load-control.ts';
import { endOffsets, startOffsets } from '../simulator/handlers/load-control.ts';
import { controlsRequest, groupSplit, loadControlValue, panControlValue, randomisedTiming, LOAD_CONTROL_START, GROUP_DISCONNECT } from '../src/usecases/load-control.ts';
import { readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildEndDeviceGroups } from '../src/payloads/endDeviceGroups.ts';
import { headEndBench } from './peers.ts';

const T0 = new Date('2026-01-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ctx = (assumptions: Record<string, string> = {}) => contextFor({ label: 't', skewSeconds: 60, assumptions });
const rules = (fs: Finding[], sev: Finding['severity'] = 'error') => [...new Set(fs.filter((f) => f.severity === sev).map((f) => f.rule))];

const exp = (o: Partial<ControlExpectation> = {}): ControlExpectation => ({
  controlType: LOAD_CONTROL_START, what: 'load-control start', controlMRID: 'C-1', issuerTrackingID: 'T-1', devices: ['M-1'], requestedAt: T0, windowEnd: new Date(T0.getTime() + 120_000), ...o,
});
const ev = (o: Partial<ResultEvent> = {}): ResultEvent => ({ eventType: '3.15.0.242', meter: 'M-1', issuerTrackingID: 'T-1', createdDateTime: iso(T0.getTime() + 1000), label: 'e', ...o });

describe('checkControlResults (EDC-LC-RESULT, EDC-LC-TIME, EDC-TRACKING, EDC-GROUP-MEMBERS)', () => {
  test('the result codes: Started for a start (type 0 and the device type), the switch pairs with the vendor form', () => {
    assert.deepEqual(resultCodes('3.15.0.54').success.sort(), ['0.15.0.242', '3.15.0.242']);
    assert.ok(resultCodes('3.31.0.23').success.includes('3.31.0.68'));
    assert.ok(resultCodes('3.31.0.23').success.includes('0.31.26.68'));
    assert.ok(!resultCodes('3.31.0.23', false).success.includes('0.31.26.68'));
  });
  test('a matching result passes; type 0 too', () => {
    assert.deepEqual(checkControlResults([ev()], exp(), ctx()), []);
    assert.deepEqual(checkControlResults([ev({ eventType: '0.15.0.242' })], exp(), ctx()), []);
  });
  test('no result, or the wrong one, is EDC-LC-RESULT', () => {
    assert.deepEqual(rules(checkControlResults([], exp(), ctx())), ['EDC-LC-RESULT']);
    assert.deepEqual(rules(checkControlResults([ev({ eventType: '3.15.0.243' })], exp(), ctx())), ['EDC-LC-RESULT']);
    assert.deepEqual(rules(checkControlResults([ev({ meter: 'M-2' })], exp(), ctx())), ['EDC-LC-RESULT']);
  });
  test('before the command or after the interval is EDC-LC-TIME (clock skew both ways); no time too', () => {
    assert.deepEqual(rules(checkControlResults([ev({ createdDateTime: iso(T0.getTime() - 300_000) })], exp(), ctx())), ['EDC-LC-TIME']);
    assert.deepEqual(checkControlResults([ev({ createdDateTime: iso(T0.getTime() - 30_000) })], exp(), ctx()), []);
    assert.deepEqual(rules(checkControlResults([ev({ createdDateTime: iso(T0.getTime() + 600_000) })], exp(), ctx())), ['EDC-LC-TIME']);
    assert.deepEqual(rules(checkControlResults([ev({ createdDateTime: 'soon' })], exp(), ctx())), ['EDC-LC-TIME']);
  });
  test('issuerTrackingID: absent is a warning by default (UC-16), a failure with UC-16 = failure, unchecked with off; another id is an error', () => {
    assert.deepEqual(rules(checkControlResults([ev({ issuerTrackingID: undefined })], exp(), ctx()), 'warning'), ['EDC-TRACKING']);
    assert.deepEqual(rules(checkControlResults([ev({ issuerTrackingID: undefined })], exp(), ctx())), []);
    assert.deepEqual(rules(checkControlResults([ev({ issuerTrackingID: undefined })], exp(), ctx({ 'UC-16': 'failure' }))), ['EDC-TRACKING']);
    assert.deepEqual(checkControlResults([ev({ issuerTrackingID: undefined })], exp(), ctx({ 'UC-16': 'off' })), []);
    assert.deepEqual(rules(checkControlResults([ev({ issuerTrackingID: 'T-9' })], exp(), ctx({ 'UC-16': 'off' }))), ['EDC-TRACKING']);
  });
  test('a group: every member has its result, no other device has one; an aggregated result counts unless UC-23 = per-device', () => {
    const g = exp({ controlType: GROUP_DISCONNECT, what: 'disconnect', devices: ['M-1', 'M-2'], others: ['M-3'], group: 'G', windowEnd: undefined });
    const sw = (meter: string) => ev({ eventType: '3.31.0.68', meter });
    assert.deepEqual(checkControlResults([sw('M-1'), sw('M-2')], g, ctx()), []);
    assert.deepEqual(rules(checkControlResults([sw('M-1')], g, ctx())), ['EDC-GROUP-MEMBERS']);
    assert.deepEqual(rules(checkControlResults([sw('M-1'), sw('M-2'), sw('M-3')], g, ctx())), ['EDC-GROUP-MEMBERS']);
    assert.deepEqual(checkControlResults([], g, ctx(), { aggregated: true }), []);
    assert.deepEqual(rules(checkControlResults([], g, ctx({ 'UC-23': 'per-device' }), { aggregated: true })), ['EDC-GROUP-MEMBERS']);
  });
  test('expected / actual: the wrong result code, the wrong issuerTrackingID, an event before the command', () => {
    const [wrong] = checkControlResults([ev({ eventType: '3.15.0.243' })], exp(), ctx());
    assert.equal(wrong!.expected, `device M-1: ${resultCodes(LOAD_CONTROL_START).success.join(' or ')}`);
    assert.equal(wrong!.actual, 'device M-1: 3.15.0.243');
    const [tracking] = checkControlResults([ev({ issuerTrackingID: 'T-9' })], exp(), ctx());
    assert.deepEqual([tracking!.expected, tracking!.actual], ['issuerTrackingID "T-1"', 'issuerTrackingID "T-9"']);
    const [early] = checkControlResults([ev({ createdDateTime: iso(T0.getTime() - 300_000) })], exp(), ctx());
    assert.deepEqual([early!.expected, early!.actual], ['not before 2026-01-01T09:59:00.000Z (sent − 60 s)', 'createdDateTime 2026-01-01T09:55:00.000Z']);
  });
  test('CIM9-124: a created(EndDeviceControls) naming the device and the control counts only with events-or-controls', () => {
    const controls = [{ mRID: 'C-1', devices: ['M-1'] }];
    assert.deepEqual(rules(checkControlResults([], exp(), ctx(), { controls })), ['EDC-LC-RESULT']);
    assert.deepEqual(checkControlResults([], exp(), ctx({ 'CIM9-124': 'events-or-controls' }), { controls }), []);
    assert.deepEqual(rules(checkControlResults([], exp(), ctx({ 'CIM9-124': 'events-or-controls' }), { controls: [{ mRID: 'C-9', devices: ['M-1'] }] })), ['EDC-LC-RESULT']);
  });
  test('the group split: all meters but the last are members; fewer than 2 meters is a set-up error', () => {
    assert.deepEqual(groupSplit([{ mRID: 'a' }, { mRID: 'b' }, { mRID: 'c' }]), { members: ['a', 'b'], others: ['c'] });
    assert.throws(() => groupSplit([{ mRID: 'a' }]), /at least 2 meters/);
  });
});

describe('checkAfterCancel (EDC-CANCEL, CIM9-120)', () => {
  const c = { ...exp(), canceledAt: new Date(T0.getTime() + 10_000), by: 'mRID' };
  test('nothing after the cancel passes; any event of the control is EDC-CANCEL', () => {
    assert.deepEqual(checkAfterCancel([], c, ctx()), []);
    assert.deepEqual(rules(checkAfterCancel([ev({ eventType: '3.15.0.243', createdDateTime: iso(T0.getTime() + 120_000) })], c, ctx())), ['EDC-CANCEL']);
  });
  test('stopped-once tolerates one Stopped event per device dated at the cancel, not a later one nor a second', () => {
    const stop = (t: number) => ev({ eventType: '3.15.0.243', createdDateTime: iso(T0.getTime() + t) });
    assert.deepEqual(checkAfterCancel([stop(10_000)], c, ctx({ 'CIM9-120': 'stopped-once' })), []);
    assert.deepEqual(rules(checkAfterCancel([stop(10_000), stop(11_000)], c, ctx({ 'CIM9-120': 'stopped-once' }))), ['EDC-CANCEL']);
    assert.deepEqual(rules(checkAfterCancel([stop(120_000)], c, ctx({ 'CIM9-120': 'stopped-once' }))), ['EDC-CANCEL']);
  });
  test('events of devices outside the control are not counted', () => {
    assert.deepEqual(checkAfterCancel([ev({ meter: 'M-7' })], c, ctx()), []);
  });
});

describe('checkCanceledResults (EDC-LC-CANCELED, CIM9-201)', () => {
  const c = { ...exp(), by: 'mRID' };
  const res = (controls: CanceledResult['controls']): CanceledResult => ({ label: 'canceled', controls });
  test('none: a warning when allowed (default), a failure when expected, nothing when not expected', () => {
    assert.deepEqual(rules(checkCanceledResults([], c, ctx()), 'warning'), ['EDC-LC-CANCELED']);
    assert.deepEqual(rules(checkCanceledResults([], c, ctx())), []);
    assert.deepEqual(rules(checkCanceledResults([], c, ctx({ 'CIM9-201': 'expected' }))), ['EDC-LC-CANCELED']);
    assert.deepEqual(checkCanceledResults([], c, ctx({ 'CIM9-201': 'not-expected' })), []);
  });
  test('one naming the control by its mRID, its issuerTrackingID or both passes', () => {
    assert.deepEqual(checkCanceledResults([res([{ mRID: 'C-1' }])], c, ctx()), []);
    assert.deepEqual(checkCanceledResults([res([{ issuerTrackingID: 'T-1' }])], c, ctx({ 'CIM9-201': 'expected' })), []);
    assert.deepEqual(checkCanceledResults([res([{ mRID: 'C-1', issuerTrackingID: 'T-1' }])], c, ctx()), []);
  });
  test('another control, no id, no control at all, or one where none is expected: EDC-LC-CANCELED', () => {
    assert.deepEqual(rules(checkCanceledResults([res([{ mRID: 'C-9' }])], c, ctx())), ['EDC-LC-CANCELED']);
    assert.deepEqual(rules(checkCanceledResults([res([{ mRID: 'C-1', issuerTrackingID: 'T-9' }])], c, ctx())), ['EDC-LC-CANCELED']);
    assert.deepEqual(rules(checkCanceledResults([res([{}])], c, ctx())), ['EDC-LC-CANCELED']);
    assert.deepEqual(rules(checkCanceledResults([res([])], c, ctx())), ['EDC-LC-CANCELED']);
    assert.deepEqual(rules(checkCanceledResults([res([{ mRID: 'C-1' }])], c, ctx({ 'CIM9-201': 'not-expected' }))), ['EDC-LC-CANCELED']);
  });
});

describe('checkRandomisedStarts (EDC-LC-RANDOM, CIM9-202)', () => {
  // an interval of 10 s with a duration of 4 s: the window is 10 s (interval) or 6 s (interval-minus-duration)
  const r = exp({ devices: ['M-1', 'M-2', 'M-3'], intervalStart: T0, windowEnd: new Date(T0.getTime() + 10_000), durationSeconds: 4, randomisation: 'start' });
  const at = (meter: string, s: number) => ev({ meter, createdDateTime: iso(T0.getTime() + s * 1000) });
  test('the window: the interval, the interval less the duration, or seconds', () => {
    assert.equal(randomisationWindowSeconds('interval', 10, 4), 10);
    assert.equal(randomisationWindowSeconds('interval-minus-duration', 10, 4), 6);
    assert.equal(randomisationWindowSeconds('3', 10, 4), 3);
    assert.equal(randomisationWindowSeconds('nonsense', 10, 4), 10);
  });
  test('starts spread within the window pass (1 s of timestamp resolution); wider is EDC-LC-RANDOM', () => {
    assert.deepEqual(checkRandomisedStarts([at('M-1', 0), at('M-2', 5), at('M-3', 11)], r, ctx()), []);
    assert.deepEqual(rules(checkRandomisedStarts([at('M-1', 0), at('M-2', 5), at('M-3', 12)], r, ctx())), ['EDC-LC-RANDOM']);
    assert.deepEqual(checkRandomisedStarts([at('M-1', 0), at('M-3', 7)], r, ctx({ 'CIM9-202': 'interval-minus-duration' })), []);
    assert.deepEqual(rules(checkRandomisedStarts([at('M-1', 0), at('M-3', 8)], r, ctx({ 'CIM9-202': 'interval-minus-duration' }))), ['EDC-LC-RANDOM']);
    assert.deepEqual(rules(checkRandomisedStarts([at('M-1', 1), at('M-3', 5)], r, ctx({ 'CIM9-202': '2' }))), ['EDC-LC-RANDOM']);
  });
  test('a start after the window end and the clock skew is EDC-LC-RANDOM; other events, devices and undated ones are not counted', () => {
    assert.deepEqual(rules(checkRandomisedStarts([at('M-1', 75)], r, ctx())), ['EDC-LC-RANDOM']);
    assert.deepEqual(checkRandomisedStarts([at('M-1', 65)], r, ctx()), []);
    assert.deepEqual(checkRandomisedStarts([at('M-1', 0), ev({ meter: 'M-2', eventType: '3.15.0.243', createdDateTime: iso(T0.getTime() + 30_000) }), at('M-7', 30), ev({ meter: 'M-3', createdDateTime: 'later' })], r, ctx()), []);
  });
  test('the suite asks for an interval of at least 3 s and a third of it as the duration', () => {
    const t = randomisedTiming(2);
    assert.equal(t.intervalSeconds, 3);
    assert.ok(Math.abs(t.durationSeconds - 1) < 0.1);
  });
});

describe('checkRandomisedEnds (EDC-LC-RANDOM-END, CIM9-232)', () => {
  // an interval of 10 s with a duration of 4 s: the end window is the interval, or from 4 s to 10 s (after-duration)
  const r = exp({ devices: ['M-1', 'M-2'], intervalStart: T0, windowEnd: new Date(T0.getTime() + 10_000), durationSeconds: 4, randomisation: 'end' });
  const stop = (meter: string, s: number) => ev({ meter, eventType: '3.15.0.243', createdDateTime: iso(T0.getTime() + s * 1000) });
  const start = (meter: string, s: number) => ev({ meter, createdDateTime: iso(T0.getTime() + s * 1000) });
  test('every device stopping within the interval passes; a device without its Stopped event is EDC-LC-RANDOM-END', () => {
    assert.deepEqual(checkRandomisedEnds([start('M-1', 0), start('M-2', 0), stop('M-1', 5), stop('M-2', 9)], r, ctx()), []);
    assert.deepEqual(rules(checkRandomisedEnds([start('M-1', 0), stop('M-1', 5)], r, ctx())), ['EDC-LC-RANDOM-END']);
  });
  test('after the interval and the clock skew, before the window (after-duration) or before its own start is EDC-LC-RANDOM-END', () => {
    assert.deepEqual(rules(checkRandomisedEnds([stop('M-1', 5), stop('M-2', 75)], r, ctx())), ['EDC-LC-RANDOM-END']);
    assert.deepEqual(checkRandomisedEnds([stop('M-1', 1), stop('M-2', 9)], r, ctx()), []);
    assert.deepEqual(rules(checkRandomisedEnds([stop('M-1', -70), stop('M-2', 9)], r, ctx({ 'CIM9-232': 'after-duration' }))), ['EDC-LC-RANDOM-END']);
    assert.deepEqual(rules(checkRandomisedEnds([start('M-1', 6), stop('M-1', 5), stop('M-2', 9)], r, ctx())), ['EDC-LC-RANDOM-END']);
  });
  test('the reference head-end spreads the ends over the interval less the duration, stratified per device', () => {
    const c = { mRID: 'C', issuerTrackingID: 'T', primaryDeviceTiming: { duration: 4 / 60, randomisation: 'end', interval: { start: iso(T0.getTime()), end: iso(T0.getTime() + 10_000) } } };
    const o = endOffsets(c, ['M-2', 'M-1', 'M-3'])!;
    assert.ok(o.get('M-1')! >= 0 && o.get('M-1')! < 2000 && o.get('M-2')! >= 2000 && o.get('M-2')! < 4000 && o.get('M-3')! >= 4000 && o.get('M-3')! < 6000);
    assert.equal(endOffsets({ ...c, primaryDeviceTiming: { ...c.primaryDeviceTiming, randomisation: 'start' } }, ['M-1']), undefined);
    assert.equal(endOffsets(c, ['M-1', 'M-2'], (id) => id === 'lc-random-end-outside-window')!.get('M-2'), 20_000);
  });
});

describe('checkPanAcknowledgements (PAN-ACK, CIM9-233)', () => {
  const x = { meter: 'M-1', controlMRID: 'C', sentAt: T0, confirmationRequired: true };
  const e = (code: string, s: number, meter = 'M-1') => ev({ meter, eventType: code, createdDateTime: iso(T0.getTime() + s * 1000) });
  test('Displayed then Acknowledged pass; DisplayFailed, an acknowledgement before the display, or one dated before the control are errors', () => {
    assert.deepEqual(checkPanAcknowledgements([e('15.13.112.78', 1), e('15.13.112.3', 2)], x, ctx()), []);
    assert.deepEqual(checkPanAcknowledgements([e('15.13.112.87', 1)], x, ctx()).map((f) => `${f.rule} ${f.severity}`), ['PAN-ACK error', 'PAN-ACK warning', 'PAN-ACK warning']);
    assert.ok(checkPanAcknowledgements([e('15.13.112.78', 3), e('15.13.112.3', 2)], x, ctx()).some((f) => f.severity === 'error'));
    assert.ok(checkPanAcknowledgements([e('15.13.112.78', -90), e('15.13.112.3', 2)], x, ctx()).some((f) => f.severity === 'error'));
  });
  test('none: a warning when optional (default), a failure when expected, nothing when off; other meters do not count', () => {
    assert.deepEqual(checkPanAcknowledgements([], x, ctx()).map((f) => f.severity), ['warning', 'warning']);
    assert.deepEqual(checkPanAcknowledgements([e('15.13.112.78', 1, 'M-2')], x, ctx({ 'CIM9-233': 'expected' })).map((f) => f.severity), ['error', 'error']);
    assert.deepEqual(checkPanAcknowledgements([], x, ctx({ 'CIM9-233': 'off' })), []);
    assert.deepEqual(checkPanAcknowledgements([e('15.13.112.78', 1)], { ...x, confirmationRequired: false }, ctx({ 'CIM9-233': 'expected' })), []);
  });
});

// ------------------------------------------------------------------------------------------------ the reference head-end

const bench = headEndBench({ source: 'test-drms', prefix: 'drms' });
const { header, sim } = bench;

async function post(s: Simulator, m: Message): Promise<string> {
  return (await bench.post(s, m))?.reply?.result ?? '';
}

/** the events told at `path` until none came for `ms` (or after the first message, with `once`); canceled results are left */
async function events(path: string, ms: number, once = false): Promise<ResultEvent[]> {
  const out: ResultEvent[] = [];
  for (;;) {
    const o = await bench.listener.waitFor({ path, predicate: (m) => m.inspected.noun === 'EndDeviceEvents' }, ms, 'test');
    if (!o.ok) return out;
    const r = readMessage(o.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    out.push(...readEndDeviceEvents(r.wire.message.payload.root).map((e) => ({ ...e, label: 'sim' })));
    if (once) return out;
  }
}

/** the EndDeviceControls messages told at `path` (the canceled results) until none came for `ms` */
async function canceled(path: string, ms: number): Promise<(CanceledResult & { verb?: string; correlationId?: string })[]> {
  const out: (CanceledResult & { verb?: string; correlationId?: string })[] = [];
  for (;;) {
    const o = await bench.listener.waitFor({ path, predicate: (m) => m.inspected.noun === 'EndDeviceControls' }, ms, 'test');
    if (!o.ok) return out;
    const r = readMessage(o.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    const h = r.wire.message.header;
    out.push({ label: 'sim', verb: h?.verb, correlationId: h?.correlationId, controls: readEndDeviceControls(r.wire.message.payload.root).map((c) => ({ mRID: c.mRID, issuerTrackingID: c.issuerTrackingID })) });
  }
}

async function start(faults: string[] = [], windowMs = 1500): Promise<{ s: Simulator; path: string; e: ControlExpectation; got: ResultEvent[] }> {
  const { s, path } = await sim(faults);
  const requestedAt = new Date();
  const e = exp({ controlMRID: newMessageId(), issuerTrackingID: `T-${newMessageId()}`, devices: ['M-1001'], requestedAt, windowEnd: new Date(Math.ceil((requestedAt.getTime() + windowMs) / 1000) * 1000) });
  const v = loadControlValue({ mRID: e.controlMRID, issuerTrackingID: e.issuerTrackingID, controlType: LOAD_CONTROL_START, meters: ['M-1001'], start: requestedAt, end: e.windowEnd! });
  assert.equal(await post(s, controlsRequest(header('create', 'EndDeviceControls'), [v])), 'OK');
  return { s, path, e, got: await events(path, 150) };
}

describe('the reference head-end: load control', () => {
  test('a start: the Started event of the meter at once, with the tracking id; the Stopped event at the end of the interval', async () => {
    const { path, e, got } = await start();
    assert.deepEqual(checkControlResults(got, e, ctx({ 'UC-16': 'failure' })), []);
    const later = await events(path, 2500);
    assert.deepEqual(later.map((x) => x.eventType), ['3.15.0.243']);
  });
  for (const by of ['mRID', 'issuerTrackingID'] as const) {
    test(`cancel by ${by}: OK, and no Stopped event follows; an unknown control is FAILED`, async () => {
      const { s, path, e } = await start([], 1500);
      const c = by === 'mRID' ? { mRID: e.controlMRID, controlType: e.controlType } : { issuerTrackingID: e.issuerTrackingID, controlType: e.controlType };
      assert.equal(await post(s, controlsRequest(header('cancel', 'EndDeviceControls'), [c])), 'OK');
      assert.deepEqual(await events(path, 2500), []);
      assert.equal(await post(s, controlsRequest(header('cancel', 'EndDeviceControls'), [c])), 'FAILED');
    });
  }
  test('cancel: a canceled(EndDeviceControls) naming the control, correlated to the cancel; lc-canceled-other-control → EDC-LC-CANCELED', async () => {
    for (const fault of [[], ['lc-canceled-other-control']]) {
      const { s, path, e } = await start(fault, 1500);
      const h = header('cancel', 'EndDeviceControls');
      assert.equal(await post(s, controlsRequest(h, [{ mRID: e.controlMRID, controlType: e.controlType }])), 'OK');
      const got = await canceled(path, 500);
      assert.equal(got.length, 1);
      assert.equal(got[0]!.verb, 'canceled');
      assert.equal(got[0]!.correlationId, h.correlationId);
      const found = checkCanceledResults(got, { ...e, by: 'mRID' }, ctx({ 'CIM9-201': 'expected' }));
      assert.deepEqual(rules(found), fault.length ? ['EDC-LC-CANCELED'] : []);
    }
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'lc-canceled-other-control')!), 'EDC-LC-CANCELED');
  });
  test('randomised start offsets: within the window interval − duration, stratified, the same for the same control; none without a window', () => {
    const c = { mRID: 'C-r', issuerTrackingID: 'T-r', primaryDeviceTiming: { duration: 0.1, randomisation: 'start', interval: { start: '2026-01-01T10:00:00Z', end: '2026-01-01T10:00:30Z' } } };
    const o = startOffsets(c, ['M-3', 'M-1', 'M-2'])!;
    // window 30 s − 6 s = 24 s: M-1 in [0, 8), M-2 in [8, 16), M-3 in [16, 24) seconds
    ['M-1', 'M-2', 'M-3'].forEach((d, i) => assert.ok(o.get(d)! >= i * 8000 && o.get(d)! < (i + 1) * 8000, `${d}: ${o.get(d)}`));
    assert.deepEqual(startOffsets(c, ['M-1', 'M-2', 'M-3']), o);
    assert.notDeepEqual(startOffsets({ ...c, mRID: 'C-s' }, ['M-1', 'M-2', 'M-3']), o);
    assert.equal(startOffsets({ ...c, primaryDeviceTiming: { ...c.primaryDeviceTiming, duration: 0.5 } }, ['M-1']), undefined);
    assert.equal(startOffsets({ ...c, primaryDeviceTiming: { ...c.primaryDeviceTiming, randomisation: 'none' } }, ['M-1']), undefined);
    const bad = startOffsets(c, ['M-1', 'M-2', 'M-3'], (id) => id === 'lc-random-outside-window')!;
    assert.equal(bad.get('M-3'), 60_000);
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'lc-random-outside-window')!), 'EDC-LC-RANDOM');
  });
  test('a randomised start of three meters: each device starts on its own within the window (checked with interval-minus-duration), which fails once one start is moved out of it', async () => {
    const run = async (faults: string[]) => {
      const { s, path } = await sim(faults);
      const requestedAt = new Date();
      const { intervalSeconds, durationSeconds } = randomisedTiming(3);
      const end = new Date(Math.ceil((requestedAt.getTime() + intervalSeconds * 1000) / 1000) * 1000);
      const devices = ['M-1001', 'M-1002', 'M-1003'];
      const v = loadControlValue({ mRID: newMessageId(), issuerTrackingID: 'T-r', controlType: LOAD_CONTROL_START, meters: devices, start: requestedAt, end, durationSeconds, randomisation: 'start' });
      const e = exp({ controlMRID: v.mRID!, issuerTrackingID: 'T-r', devices, requestedAt, windowEnd: end, intervalStart: new Date(Date.parse(v.primaryDeviceTiming!.interval!.start!)), durationSeconds: v.primaryDeviceTiming!.duration! * 60, randomisation: 'start' });
      assert.equal(await post(s, controlsRequest(header('create', 'EndDeviceControls'), [v])), 'OK');
      const deadline = Date.now() + (faults.length ? 2 * intervalSeconds + 2 : intervalSeconds + 1) * 1000;
      const got: ResultEvent[] = [];
      while (Date.now() < deadline && got.filter((x) => x.eventType === '3.15.0.242').length < 3) got.push(...(await events(path, deadline - Date.now(), true)));
      return { got, e };
    };
    const { got, e } = await run([]);
    const starts = got.filter((x) => x.eventType === '3.15.0.242');
    assert.deepEqual(starts.map((x) => x.meter).sort(), ['M-1001', 'M-1002', 'M-1003']);
    assert.deepEqual(checkControlResults(got, e, ctx({ 'UC-16': 'failure' })), []);
    assert.deepEqual(checkRandomisedStarts(got, e, ctx({ 'CIM9-202': 'interval-minus-duration' })), []);
    // the same starts with the last one moved past the interval (what lc-random-outside-window does) fail
    const late = starts.map((x, i) => (i === starts.length - 1 ? { ...x, createdDateTime: iso(e.windowEnd!.getTime() + 3000) } : x));
    assert.deepEqual(rules(checkRandomisedStarts(late, e, ctx())), ['EDC-LC-RANDOM']);
  });
  const caught: [string, string, Record<string, string>][] = [
    ['lc-wrong-result-event', 'EDC-LC-RESULT', {}],
    ['lc-event-before-command', 'EDC-LC-TIME', {}],
    ['lc-missing-tracking-id', 'EDC-TRACKING', { 'UC-16': 'failure' }],
  ];
  for (const [fault, rule, assumptions] of caught) {
    test(`${fault} → ${rule}`, async () => {
      assert.equal(violatedRule(FAULTS.find((f) => f.id === fault)!), rule);
      const { e, got } = await start([fault]);
      assert.deepEqual(rules(checkControlResults(got, e, ctx(assumptions))), [rule]);
    });
  }
  test('lc-cancel-ignored → EDC-CANCEL: the Stopped event still comes', async () => {
    const { s, path, e } = await start(['lc-cancel-ignored'], 1500);
    const canceledAt = new Date();
    assert.equal(await post(s, controlsRequest(header('cancel', 'EndDeviceControls'), [{ mRID: e.controlMRID, controlType: e.controlType }])), 'OK');
    assert.deepEqual(rules(checkAfterCancel(await events(path, 2500), { ...e, canceledAt, by: 'mRID' }, ctx())), ['EDC-CANCEL']);
  });
});

describe('the reference head-end: disconnect by group', () => {
  async function group(faults: string[] = []): Promise<{ got: ResultEvent[]; e: ControlExpectation }> {
    const { s, path } = await sim(faults);
    const g = `G-${newMessageId()}`;
    assert.equal(await post(s, { kind: 'request', header: header('create', 'EndDeviceGroups'), payload: { root: buildEndDeviceGroups([{ mRID: g, endDevices: [{ mRID: 'M-1001' }, { mRID: 'M-1002' }] }]) } }), 'OK');
    const requestedAt = new Date();
    const e = exp({ controlType: GROUP_DISCONNECT, what: 'disconnect', controlMRID: newMessageId(), issuerTrackingID: 'T-g', devices: ['M-1001', 'M-1002'], others: ['M-1003'], group: g, requestedAt, windowEnd: undefined });
    const v = loadControlValue({ mRID: e.controlMRID, issuerTrackingID: e.issuerTrackingID, controlType: GROUP_DISCONNECT, group: g, start: requestedAt, end: requestedAt });
    assert.equal(await post(s, controlsRequest(header('create', 'EndDeviceControls'), [v])), 'OK');
    return { got: await events(path, 200), e };
  }
  test('every member reports its switch event, no other meter does', async () => {
    const { got, e } = await group();
    assert.deepEqual(got.map((x) => x.meter).sort(), ['M-1001', 'M-1002']);
    assert.deepEqual(checkControlResults(got, e, ctx()), []);
  });
  for (const fault of ['group-control-non-member', 'group-member-without-result']) {
    test(`${fault} → EDC-GROUP-MEMBERS`, async () => {
      assert.equal(violatedRule(FAULTS.find((f) => f.id === fault)!), 'EDC-GROUP-MEMBERS');
      const { got, e } = await group([fault]);
      assert.deepEqual(rules(checkControlResults(got, e, ctx())), ['EDC-GROUP-MEMBERS']);
    });
  }
  test('an unknown group is FAILED', async () => {
    const { s } = await sim();
    const v = loadControlValue({ mRID: 'C', issuerTrackingID: 'T', controlType: GROUP_DISCONNECT, group: 'NO-SUCH-GROUP', start: new Date(), end: new Date() });
    assert.equal(await post(s, controlsRequest(header('create', 'EndDeviceControls'), [v])), 'FAILED');
  });
});

describe('PAN controls and price signals (EDC-PAN-ACTION, EDC-PRICE)', () => {
  const sent = { mRID: 'P-1', actionKind: 'PanPricing' as const, priceSignal: 0.3175, prices: ['0.1250', '0.3175'] };
  const back = { mRID: 'P-1', actionKind: 'PanPricing' as const, actionCount: 1, priceSignal: 0.3175, prices: ['0.125', '0.3175'] };
  test('the control returned with the action and prices sent passes (numbers compared as numbers)', () => {
    assert.deepEqual(checkPanControls([sent], [back], ctx()), []);
  });
  test('no control, no action, another action: EDC-PAN-ACTION; another price: EDC-PRICE', () => {
    assert.deepEqual(rules(checkPanControls([sent], [], ctx())), ['EDC-PAN-ACTION']);
    assert.deepEqual(rules(checkPanControls([sent], [{ ...back, actionCount: 0, actionKind: undefined }], ctx())), ['EDC-PAN-ACTION']);
    assert.deepEqual(rules(checkPanControls([sent], [{ ...back, actionKind: 'PanDisplay' }], ctx())), ['EDC-PAN-ACTION']);
    assert.deepEqual(rules(checkPanControls([sent], [{ ...back, priceSignal: 3.175 }], ctx())), ['EDC-PRICE']);
    assert.deepEqual(rules(checkPanControls([sent], [{ ...back, prices: ['0.3175', '0.125'] }], ctx())), ['EDC-PRICE']);
  });
  test('expected / actual of EDC-PRICE: the prices sent, the prices returned', () => {
    const [f] = checkPanControls([sent], [{ ...back, prices: ['0.3175', '0.125'] }], ctx());
    assert.deepEqual([f!.expected, f!.actual], ['prices 0.1250, 0.3175', 'prices 0.3175, 0.125']);
  });
  for (const kind of ['text message', 'demand response', 'price signal'] as const) {
    test(`${kind}: the request validates, and the reference head-end returns it; pan-action-dropped is EDC-PAN-ACTION`, async () => {
      const { s } = await sim();
      const v = panControlValue(kind, newMessageId(), 'M-1001', new Date());
      const m = controlsRequest(header('create', 'EndDeviceControls'), [v.control]);
      assert.deepEqual(bench.pack.validate(Buffer.from(toSoap(m, '1.1').xml), { label: 'request' }).filter((f) => f.severity === 'error'), []);
      assert.deepEqual(await returned(s, m, v.sent), []);
      const { s: bad } = await sim(['pan-action-dropped']);
      assert.deepEqual(rules(await returned(bad, m, v.sent)), ['EDC-PAN-ACTION']);
    });
  }
  test('price-signal-altered → EDC-PRICE; pan-pricing-details-out-of-order → the reply does not validate', async () => {
    const v = panControlValue('price signal', newMessageId(), 'M-1001', new Date());
    const m = controlsRequest(header('create', 'EndDeviceControls'), [v.control]);
    const { s } = await sim(['price-signal-altered']);
    assert.deepEqual(rules(await returned(s, m, v.sent)), ['EDC-PRICE']);
    const { s: bad } = await sim(['pan-pricing-details-out-of-order']);
    const out = toSoap(m, '1.1');
    const r = await postSoap(bad.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
    assert.ok(r.ok);
    assert.ok(bench.pack.validate(r.body, { label: 'reply' }).some((f) => f.severity === 'error' && f.rule === 'XSD'));
  });
});

async function returned(s: Simulator, m: Message, sent: PanControlSent): Promise<Finding[]> {
  const out = toSoap(m, '1.1');
  const r = await postSoap(s.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
  assert.ok(r.ok);
  const read = readMessage(r.body);
  assert.ok(read.ok && read.wire.message?.reply?.result === 'OK');
  const root = read.wire.message.payload?.root;
  assert.ok(root);
  const back = readEndDeviceControls(root).map((c) => ({ mRID: c.mRID, actionKind: c.actionKind, actionCount: c.actionCount, priceSignal: c.priceSignal, prices: c.action?.kind === 'PanPricing' ? (c.action.details ?? []).map((d) => d.price) : undefined }));
  return checkPanControls([sent], back, ctx());
}
