/**
 * Pairing of a PAN device (PAN-01): the pure checks of src/checks/pan-pairing.ts, and the reference head-end
 * (simulator/handlers/pan-pairing.ts) whose pairing events pass them, while each fault of
 * simulator/faults/pan-pairing.ts makes them fail with the rule it violates: the paired device (PAN-PAIR-EVENT,
 * -DEVICE, -DOMAIN), the device the meter cannot pair (PAN-PAIR-REJECTED), the window closed early (PAN-PAIR-CLOSED),
 * and the PAN stimuli of the contract (pan-pairing-refused, pan-out-of-range, pan-join).
 * Run: node --import tsx --test test/pan-pairing.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { readMessage, toSoap, newMessageId, nowTimestamp, type Message } from '../src/message/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkAfterClose, checkPairingEvents, checkRejectedPairing, domainOf, sameEvent, type PairingEvent, type PairingExpectation } from '../src/checks/pan-pairing.ts';
import { aboutPairing, closeRequest, pairingRequest } from '../src/usecases/pan-pairing.ts';
import { readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { stimulusCommand } from '../src/session/stimulus.ts';
import type { Simulator } from '../simulator/server.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { headEndBench } from './peers.ts';

const T0 = new Date('2026-01-01T10:00:00Z');
const ctx = (assumptions: Record<string, string> = {}) => contextFor({ label: 't', skewSeconds: 60, assumptions });
const rules = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const exp = (o: Partial<PairingExpectation> = {}): PairingExpectation => ({ meter: 'M-1', panDevice: 'PAN-1', controlMRID: 'C-1', requestedAt: T0, ...o });
const ev = (o: Partial<PairingEvent> = {}): PairingEvent => ({ eventType: '0.10.74.17', device: 'PAN-1', createdDateTime: new Date(T0.getTime() + 1000).toISOString(), label: 'e', ...o });

describe('the pairing findings carry expected / actual (issue 16)', () => {
  test('the device and the event type the control wants against the events told', () => {
    const ea = (fs: Finding[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
    assert.deepEqual(ea(checkPairingEvents([ev({ device: 'PAN-2' })], exp(), ctx())), [['PAN-PAIR-DEVICE', 'device PAN-1', 'device PAN-2']]);
    assert.deepEqual(ea(checkPairingEvents([ev({ eventType: '0.10.74.85' })], exp(), ctx())), [['PAN-PAIR-EVENT', 'event x.10.74.17 of device PAN-1', '0.10.74.85']]);
    assert.deepEqual(ea(checkPairingEvents([ev({ createdDateTime: 'yesterday' })], exp(), ctx())), [['PAN-PAIR-EVENT', 'createdDateTime, an xs:dateTime', '"yesterday"']]);
  });
});

describe('checkPairingEvents (PAN-PAIR-EVENT, PAN-PAIR-DEVICE, PAN-PAIR-DOMAIN)', () => {
  test('codes: the domain part, the accepted event with any device type', () => {
    assert.equal(domainOf('0.10.74.17'), '10');
    assert.equal(domainOf('garbage'), '');
    assert.ok(sameEvent('12.10.74.17', '0.10.74.17'));
    assert.ok(!sameEvent('0.10.74.85', '0.10.74.17'));
  });
  test('discovery then accepted, naming the PAN device, after the control: no finding', () => {
    assert.deepEqual(checkPairingEvents([ev({ eventType: '0.10.5.54' }), ev()], exp(), ctx()), []);
  });
  test('no accepted event (only the rejection) is PAN-PAIR-EVENT, naming what came', () => {
    const fs = checkPairingEvents([ev({ eventType: '0.10.74.85' })], exp(), ctx());
    assert.deepEqual(rules(fs), ['PAN-PAIR-EVENT']);
    assert.match(fs[0]!.message, /0\.10\.74\.85/);
  });
  test('CIM9-194 = 0.10.5.54: the discovery is enough', () => {
    assert.deepEqual(checkPairingEvents([ev({ eventType: '0.10.5.54' })], exp(), ctx({ 'CIM9-194': '0.10.5.54' })), []);
  });
  test('an accepted event dated before the control (beyond the skew), or undated, is PAN-PAIR-EVENT', () => {
    assert.deepEqual(rules(checkPairingEvents([ev({ createdDateTime: new Date(T0.getTime() - 300_000).toISOString() })], exp(), ctx())), ['PAN-PAIR-EVENT']);
    assert.deepEqual(rules(checkPairingEvents([ev({ createdDateTime: 'yesterday' })], exp(), ctx())), ['PAN-PAIR-EVENT']);
  });
  test('pairing events naming another device are PAN-PAIR-DEVICE (alone); the meter only with CIM9-195 = pan-or-meter', () => {
    assert.deepEqual(rules(checkPairingEvents([ev({ device: 'PAN-2' })], exp(), ctx())), ['PAN-PAIR-DEVICE']);
    assert.deepEqual(rules(checkPairingEvents([ev({ device: 'M-1' })], exp(), ctx())), ['PAN-PAIR-DEVICE']);
    assert.deepEqual(checkPairingEvents([ev({ device: 'M-1' })], exp(), ctx({ 'CIM9-195': 'pan-or-meter' })), []);
  });
  test('an event of the PAN device outside domain 10 is PAN-PAIR-DOMAIN (alone), even beside the accepted one', () => {
    assert.deepEqual(rules(checkPairingEvents([ev({ eventType: '3.1.52.29' })], exp(), ctx())), ['PAN-PAIR-DOMAIN']);
    assert.deepEqual(rules(checkPairingEvents([ev({ eventType: '3.1.52.29' }), ev()], exp(), ctx())), ['PAN-PAIR-DOMAIN']);
  });
  test('nothing at all is PAN-PAIR-EVENT (never a silent pass)', () => {
    assert.deepEqual(rules(checkPairingEvents([], exp(), ctx())), ['PAN-PAIR-EVENT']);
  });
  test('the assumptions are registered with their defaults', () => {
    const by = (id: string) => ASSUMPTIONS.find((a) => a.id === id)?.default;
    assert.equal(by('CIM9-193'), '3.10.73.298');
    assert.equal(by('CIM9-194'), '0.10.74.17');
    assert.equal(by('CIM9-195'), 'pan-device');
    assert.equal(by('CIM9-161'), '0.10.74.85');
    assert.equal(by('CIM9-162'), '3.10.73.299');
  });
});

describe('checkRejectedPairing (PAN-PAIR-REJECTED) and checkAfterClose (PAN-PAIR-CLOSED)', () => {
  const failed = (o: Partial<PairingEvent> = {}) => ev({ eventType: '0.10.74.85', ...o });
  const closed = { ...exp(), closedAt: new Date(T0.getTime() + 500) };
  test('discovery then the failure of the PAN device, after the control: no finding; any device type', () => {
    assert.deepEqual(checkRejectedPairing([ev({ eventType: '0.10.5.54' }), failed()], exp(), ctx()), []);
    assert.deepEqual(checkRejectedPairing([failed({ eventType: '12.10.74.85' })], exp(), ctx()), []);
  });
  test('the device reported paired is PAN-PAIR-REJECTED, even beside its failure', () => {
    const fs = checkRejectedPairing([ev()], exp(), ctx());
    assert.deepEqual(rules(fs), ['PAN-PAIR-REJECTED']);
    assert.match(fs[0]!.message, /paired \(0\.10\.74\.17\)/);
    assert.deepEqual(rules(checkRejectedPairing([failed(), ev()], exp(), ctx())), ['PAN-PAIR-REJECTED']);
  });
  test('no failure (only the discovery, or nothing) is PAN-PAIR-REJECTED: any other answer is not the refusal expected', () => {
    assert.deepEqual(rules(checkRejectedPairing([ev({ eventType: '0.10.5.54' })], exp(), ctx())), ['PAN-PAIR-REJECTED']);
    assert.deepEqual(rules(checkRejectedPairing([], exp(), ctx())), ['PAN-PAIR-REJECTED']);
  });
  test('a failure dated before the control, or undated, is PAN-PAIR-REJECTED', () => {
    assert.deepEqual(rules(checkRejectedPairing([failed({ createdDateTime: new Date(T0.getTime() - 300_000).toISOString() })], exp(), ctx())), ['PAN-PAIR-REJECTED']);
    assert.deepEqual(rules(checkRejectedPairing([failed({ createdDateTime: undefined })], exp(), ctx())), ['PAN-PAIR-REJECTED']);
  });
  test('the failure of another device is PAN-PAIR-DEVICE (alone); outside domain 10 PAN-PAIR-DOMAIN; CIM9-161 sets the code', () => {
    assert.deepEqual(rules(checkRejectedPairing([failed({ device: 'PAN-2' })], exp(), ctx())), ['PAN-PAIR-DEVICE']);
    assert.deepEqual(rules(checkRejectedPairing([failed(), ev({ eventType: '3.1.52.29' })], exp(), ctx())), ['PAN-PAIR-DOMAIN']);
    assert.deepEqual(checkRejectedPairing([failed({ eventType: '0.10.74.99' })], exp(), ctx({ 'CIM9-161': '0.10.74.99' })), []);
  });
  test('after the close: nothing, or the failure of the join, is no finding', () => {
    assert.deepEqual(checkAfterClose([], closed, ctx()), []);
    assert.deepEqual(checkAfterClose([failed()], closed, ctx()), []);
  });
  test('after the close: the PAN device reported paired is PAN-PAIR-CLOSED, naming the close code', () => {
    const fs = checkAfterClose([ev({ eventType: '0.10.5.54' }), ev()], closed, ctx({ 'CIM9-162': '0.10.73.299' }));
    assert.deepEqual(rules(fs), ['PAN-PAIR-CLOSED']);
    assert.match(fs[0]!.message, /close 0\.10\.73\.299/);
  });
  test('after the close: a pairing of another device is PAN-PAIR-DEVICE; the meter paired counts with CIM9-195 = pan-or-meter', () => {
    assert.deepEqual(rules(checkAfterClose([ev({ device: 'PAN-2' })], closed, ctx())), ['PAN-PAIR-DEVICE']);
    assert.deepEqual(rules(checkAfterClose([ev({ device: 'M-1' })], closed, ctx({ 'CIM9-195': 'pan-or-meter' }))), ['PAN-PAIR-CLOSED']);
  });
});

describe('the PAN stimuli of the contract (meters [meter, PAN device])', () => {
  test('the body names both; the reader takes it, and refuses a body without the PAN device', () => {
    for (const event of ['pan-pairing-refused', 'pan-out-of-range', 'pan-join'] as const) {
      const body = stimulusBody(event, { meters: ['M-1', 'PAN-1'] });
      assert.deepEqual(body, { role: 'HES', event, meter: 'M-1', meters: ['M-1', 'PAN-1'] });
      assert.ok(readStimulusBody(body).ok);
      const bad = readStimulusBody({ role: 'HES', event, meter: 'M-1' });
      assert.ok(!bad.ok && /meters \[meter, PAN device\]/.test(bad.error));
      assert.ok(!readStimulusBody({ role: 'HES', event, meter: 'M-1', meters: ['M-1', 'M-1'] }).ok);
    }
  });
  test('the command template gets {meters} = meter,device and CIM9_METERS', () => {
    const { cmd, env } = stimulusCommand('lab {event} {meters}', stimulusBody('pan-join', { meters: ['M-1', 'PAN-1'] }));
    assert.equal(cmd, "lab 'pan-join' 'M-1,PAN-1'");
    assert.equal(env['CIM9_METERS'], 'M-1,PAN-1');
  });
});

// ------------------------------------------------------------------------------------------------ the reference head-end

const bench = headEndBench({ source: 'test-mdm' });
const { header } = bench;

async function pair(faults: string[] = [], o: { meter?: string; devices?: 'meter-only' } = {}): Promise<{ result: string; e: PairingExpectation; got: PairingEvent[]; returned: string[] }> {
  const { s, path } = await bench.sim(faults);
  const e = exp({ meter: o.meter ?? 'M-1001', panDevice: `PAN-${newMessageId()}`, controlMRID: newMessageId(), requestedAt: new Date() });
  const m: Message = o.devices === 'meter-only'
    ? { kind: 'request', header: header('create', 'EndDeviceControls'), payload: { root: buildEndDeviceControls({ controls: [{ mRID: e.controlMRID, controlType: '3.10.73.298', endDevices: [{ mRID: e.meter }] }] }) } }
    : pairingRequest({ requestHeader: header }, { controlType: '3.10.73.298', mRID: e.controlMRID, meter: e.meter, panDevice: e.panDevice, start: e.requestedAt });
  const reply = await bench.post(s, m);
  const root = reply?.payload?.root;
  const returned = root ? readEndDeviceControls(root).flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? '')) : [];
  const got: PairingEvent[] = [];
  for (;;) {
    const w = await bench.listener.waitFor({ path }, 200, 'test');
    if (!w.ok) break;
    const read = readMessage(w.message.body);
    assert.ok(read.ok && read.wire.message?.payload?.root);
    got.push(...readEndDeviceEvents(read.wire.message.payload.root).map((x) => ({ eventType: x.eventType, device: x.meter, createdDateTime: x.createdDateTime, label: 'sim' })));
  }
  return { result: reply?.reply?.result ?? '', e, got, returned };
}

async function stimulate(s: Simulator, event: string, meter: string, device: string): Promise<number> {
  const res = await fetch(`${s.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event, meter, meters: [meter, device] }) });
  await res.text();
  return res.status;
}

async function eventsAt(path: string): Promise<PairingEvent[]> {
  const got: PairingEvent[] = [];
  for (;;) {
    const w = await bench.listener.waitFor({ path }, 200, 'test');
    if (!w.ok) break;
    const read = readMessage(w.message.body);
    assert.ok(read.ok && read.wire.message?.payload?.root);
    got.push(...readEndDeviceEvents(read.wire.message.payload.root).map((x) => ({ eventType: x.eventType, device: x.meter, createdDateTime: x.createdDateTime, label: 'sim' })));
  }
  return got;
}

/** a PAN device the field refuses, then the window that lists it: the reply and the events */
async function refusedPairing(faults: string[] = []): Promise<{ result: string; e: PairingExpectation; got: PairingEvent[] }> {
  const { s, path } = await bench.sim(faults);
  const e = exp({ meter: 'M-1001', panDevice: `PAN-${newMessageId()}`, controlMRID: newMessageId(), requestedAt: new Date() });
  assert.equal(await stimulate(s, 'pan-pairing-refused', e.meter, e.panDevice), 202);
  const reply = await bench.post(s, pairingRequest({ requestHeader: header }, { controlType: '3.10.73.298', mRID: e.controlMRID, meter: e.meter, panDevice: e.panDevice, start: e.requestedAt }));
  return { result: reply?.reply?.result ?? '', e, got: await eventsAt(path) };
}

/** a PAN device out of range, the window that lists it, its close (`close`: false leaves it open), then the device joins */
async function closedPairing(faults: string[] = [], close = true): Promise<{ results: string[]; e: PairingExpectation; before: PairingEvent[]; got: PairingEvent[] }> {
  const { s, path } = await bench.sim(faults);
  const e = exp({ meter: 'M-1001', panDevice: `PAN-${newMessageId()}`, controlMRID: newMessageId(), requestedAt: new Date() });
  assert.equal(await stimulate(s, 'pan-out-of-range', e.meter, e.panDevice), 202);
  const open = await bench.post(s, pairingRequest({ requestHeader: header }, { controlType: '3.10.73.298', mRID: e.controlMRID, meter: e.meter, panDevice: e.panDevice, start: e.requestedAt }));
  const before = await eventsAt(path);
  const results = [open?.reply?.result ?? ''];
  if (close) {
    const shut = await bench.post(s, closeRequest({ requestHeader: header }, { controlType: '3.10.73.299', mRID: newMessageId(), meter: e.meter, at: new Date() }));
    results.push(shut?.reply?.result ?? '');
  }
  assert.equal(await stimulate(s, 'pan-join', e.meter, e.panDevice), 202);
  return { results, e, before, got: await eventsAt(path) };
}

describe('the reference head-end: pairing of a PAN device', () => {
  test('the control names the meter first, then the PAN device; the head-end answers OK, returns both, and reports discovery then accepted', async () => {
    const { result, e, got, returned } = await pair();
    assert.equal(result, 'OK');
    assert.deepEqual(returned, [e.meter, e.panDevice]);
    assert.deepEqual(got.map((x) => x.eventType), ['0.10.5.54', '0.10.74.17']);
    assert.deepEqual(checkPairingEvents(got, e, ctx()), []);
  });
  test('an unknown meter is FAILED and nothing is reported', async () => {
    const { result, got } = await pair([], { meter: 'NO-SUCH-METER' });
    assert.equal(result, 'FAILED');
    assert.deepEqual(got, []);
  });
  test('a pairing window naming no PAN device is FAILED', async () => {
    const { result } = await pair([], { devices: 'meter-only' });
    assert.equal(result, 'FAILED');
  });
  const caught: [string, string][] = [
    ['pairing-no-event', 'PAN-PAIR-EVENT'],
    ['pairing-event-wrong-device', 'PAN-PAIR-DEVICE'],
    ['pairing-event-wrong-domain', 'PAN-PAIR-DOMAIN'],
  ];
  for (const [fault, rule] of caught) {
    test(`${fault} → ${rule}`, async () => {
      assert.equal(violatedRule(FAULTS.find((f) => f.id === fault)!), rule);
      const { result, e, got } = await pair([fault]);
      assert.equal(result, 'OK');
      assert.deepEqual(rules(checkPairingEvents(got, e, ctx())), [rule]);
    });
  }
  test('a PAN device the field refuses: OK, then its discovery and failure, never paired', async () => {
    const { result, e, got } = await refusedPairing();
    assert.equal(result, 'OK');
    assert.deepEqual(got.map((x) => x.eventType), ['0.10.5.54', '0.10.74.85']);
    assert.deepEqual(checkRejectedPairing(got, e, ctx()), []);
  });
  test('a PAN device out of range: the window waits; paired when it joins while the window is open', async () => {
    const { results, e, before, got } = await closedPairing([], false);
    assert.deepEqual(results, ['OK']);
    assert.deepEqual(before, []);
    assert.deepEqual(got.map((x) => x.eventType), ['0.10.5.54', '0.10.74.17']);
    assert.deepEqual(checkPairingEvents(got, e, ctx()), []);
  });
  test('the window closed early (OK): the device that joins afterwards is refused (0.10.74.85), not paired', async () => {
    const { results, e, before, got } = await closedPairing();
    assert.deepEqual(results, ['OK', 'OK']);
    assert.deepEqual(before, []);
    assert.deepEqual(got.map((x) => x.eventType), ['0.10.74.85']);
    assert.deepEqual(checkAfterClose(got, { ...e, closedAt: new Date() }, ctx()), []);
  });
  test('the close of an unknown meter is FAILED 2.4; open and close in one request FAILED 5.2; a PAN stimulus at an unknown meter 404', async () => {
    const { s } = await bench.sim();
    const shut = await bench.post(s, closeRequest({ requestHeader: header }, { controlType: '3.10.73.299', mRID: 'C-1', meter: 'NO-SUCH-METER', at: new Date() }));
    assert.equal(shut?.reply?.result, 'FAILED');
    assert.equal(shut?.reply?.errors?.[0]?.code, '2.4');
    const both: Message = { kind: 'request', header: header('create', 'EndDeviceControls'), payload: { root: buildEndDeviceControls({ controls: [
      { mRID: 'C-2', controlType: '3.10.73.298', endDevices: [{ mRID: 'M-1001' }, { mRID: 'PAN-1' }] },
      { mRID: 'C-3', controlType: '3.10.73.299', endDevices: [{ mRID: 'M-1001' }] },
    ] }) } };
    const mixed = await bench.post(s, both);
    assert.equal(mixed?.reply?.errors?.[0]?.code, '5.2');
    assert.equal(await stimulate(s, 'pan-join', 'NO-SUCH-METER', 'PAN-1'), 404);
  });
  test('pairing-accepted-although-refused → PAN-PAIR-REJECTED', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'pairing-accepted-although-refused')!), 'PAN-PAIR-REJECTED');
    const { result, e, got } = await refusedPairing(['pairing-accepted-although-refused']);
    assert.equal(result, 'OK');
    assert.deepEqual(rules(checkRejectedPairing(got, e, ctx())), ['PAN-PAIR-REJECTED']);
  });
  test('pairing-after-close → PAN-PAIR-CLOSED (the close answered OK, the device paired when it joins)', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'pairing-after-close')!), 'PAN-PAIR-CLOSED');
    const { results, e, got } = await closedPairing(['pairing-after-close']);
    assert.deepEqual(results, ['OK', 'OK']);
    assert.deepEqual(rules(checkAfterClose(got, { ...e, closedAt: new Date() }, ctx())), ['PAN-PAIR-CLOSED']);
  });
  test('the new faults are scoped to PAN-01', () => {
    for (const id of ['pairing-accepted-although-refused', 'pairing-after-close']) assert.equal(FAULTS.find((f) => f.id === id)?.scope, '@usecase:PAN-01');
  });
  test('the listener predicate: only deliveries after the mark; an unreadable one counts when its header names EndDeviceEvents', () => {
    const m = (noun: string) => ({ seq: 5, delivery: 'accepted', inspected: { noun }, body: Buffer.from('') }) as never;
    assert.ok(aboutPairing(['PAN-1'], 0)(m('EndDeviceEvents')));
    assert.ok(!aboutPairing(['PAN-1'], 0)(m('MeterReadings')));
    assert.ok(!aboutPairing(['PAN-1'], 5)(m('EndDeviceEvents')));
  });
  test('the listener predicate on readable deliveries: the devices or a domain-10 event, nothing else', () => {
    const delivery = (eventType: string, meter: string) => {
      const out = toSoap({ kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents([{ mRID: 'E-1', createdDateTime: nowTimestamp(), eventType, meter }]) } }, '1.1');
      return { seq: 5, delivery: 'accepted', inspected: { noun: 'EndDeviceEvents' }, body: Buffer.from(out.xml) } as never;
    };
    const p = aboutPairing(['PAN-1', 'M-1'], 0);
    assert.ok(p(delivery('3.26.9.185', 'PAN-1')));
    assert.ok(p(delivery('3.26.9.185', 'M-1')));
    assert.ok(p(delivery('0.10.74.17', 'PAN-9')));
    assert.ok(!p(delivery('3.26.9.185', 'M-9')));
  });
});
