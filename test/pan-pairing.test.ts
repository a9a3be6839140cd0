/**
 * Pairing of a PAN device (PAN-01): the pure checks of src/checks/pan-pairing.ts, and the reference head-end
 * (simulator/handlers/pan-pairing.ts) whose pairing events pass them, while each fault of
 * simulator/faults/pan-pairing.ts makes them fail with the rule it violates.
 * Run: node --import tsx --test test/pan-pairing.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { readMessage, toSoap, newMessageId, nowTimestamp, type Message } from '../src/message/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkPairingEvents, domainOf, sameEvent, type PairingEvent, type PairingExpectation } from '../src/checks/pan-pairing.ts';
import { aboutPairing, pairingRequest } from '../src/usecases/pan-pairing.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { headEndBench } from './peers.ts';

const T0 = new Date('2026-01-01T10:00:00Z');
const ctx = (assumptions: Record<string, string> = {}) => contextFor({ label: 't', skewSeconds: 60, assumptions });
const rules = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const exp = (o: Partial<PairingExpectation> = {}): PairingExpectation => ({ meter: 'M-1', panDevice: 'PAN-1', controlMRID: 'C-1', requestedAt: T0, ...o });
const ev = (o: Partial<PairingEvent> = {}): PairingEvent => ({ eventType: '0.10.74.17', device: 'PAN-1', createdDateTime: new Date(T0.getTime() + 1000).toISOString(), label: 'e', ...o });

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
