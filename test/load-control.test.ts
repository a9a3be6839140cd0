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
import { checkAfterCancel, checkControlResults, checkPanControls, resultCodes, type ControlExpectation, type PanControlSent, type ResultEvent } from '../src/checks/load-control.ts';
import { controlsRequest, groupSplit, loadControlValue, panControlValue, LOAD_CONTROL_START, GROUP_DISCONNECT } from '../src/usecases/load-control.ts';
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

// ------------------------------------------------------------------------------------------------ the reference head-end

const bench = headEndBench({ source: 'test-drms', prefix: 'drms' });
const { header, sim } = bench;

async function post(s: Simulator, m: Message): Promise<string> {
  return (await bench.post(s, m))?.reply?.result ?? '';
}

async function events(path: string, ms: number): Promise<ResultEvent[]> {
  const out: ResultEvent[] = [];
  for (;;) {
    const o = await bench.listener.waitFor({ path }, ms, 'test');
    if (!o.ok) return out;
    const r = readMessage(o.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    out.push(...readEndDeviceEvents(r.wire.message.payload.root).map((e) => ({ ...e, label: 'sim' })));
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
