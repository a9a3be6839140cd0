/**
 * Firmware upgrade told by the head-end (MSE-01; src/checks/firmware-upgrade.ts, simulator/handlers/firmware-upgrade.ts):
 * the firmware event codes and their steps; FW-SEQUENCE (ready → activated / failed per device, the outcome the field
 * caused, the replaced event per CIM9-141); FW-CONFIG-FIRMWARE (the new firmwareID on a function of the device, the
 * nouns of CIM9-140, none after a failure); FW-SAME-DEVICE; the stimulus body of firmware-upgrade; the reference
 * head-end publishing the events and changed(EndDeviceConfig) over HTTP, and each fault breaking what it says.
 * Run: node --import tsx --test test/firmware-upgrade.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFirmwareConfig, checkFirmwareEvents, checkNoNewFirmware, configDevices, configNouns, firmwareStep } from '../src/checks/firmware-upgrade.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';
import { buildEndDeviceConfig } from '../src/payloads/masterdata/endDeviceConfig.ts';
import { buildMeterConfig } from '../src/payloads/masterdata/meterConfig.ts';
import { readMessage, type ParsedMessage } from '../src/message/index.ts';
import { type XElement } from '../src/xml/index.ts';
import { readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { stimulusCommand } from '../src/session/stimulus.ts';
import { newFirmwareId } from '../src/usecases/firmware-upgrade.ts';
import { FIRMWARE_FAULTS } from '../simulator/faults/firmware-upgrade.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, type Listener } from '../src/transport/index.ts';
import { defaultPackDir, loadSchemaPack, type SchemaPack } from '../src/schema/index.ts';
import { INITIAL_FIRMWARE } from '../simulator/handlers/firmware-upgrade.ts';
import { acknowledgingListener } from './peers.ts';
import { ctx, parse, rules } from './checks-helpers.ts';

const ev = (eventType: string, at: string, o: Partial<EndDeviceEventValue> = {}): EndDeviceEventValue => ({ mRID: `E-${eventType}-${at}`, createdDateTime: `2024-03-01T10:00:${at}Z`, meter: 'M-1', eventType, ...o });
const events = (...list: EndDeviceEventValue[]) => [{ root: parse(buildEndDeviceEvents(list, [])), label: 'm' }];
const READY = '3.11.283.280';
const ACTIVATED = '3.11.283.4';
const FAILED = '3.11.283.85';
const REPLACED = '3.11.17.52';

describe('firmware event codes', () => {
  test('ready, activated, failed of any device type; replaced; other codes are no step', () => {
    assert.equal(firmwareStep('3.11.283.280'), 'ready');
    assert.equal(firmwareStep('0.11.283.280'), 'ready');
    assert.equal(firmwareStep('0.11.283.4'), 'activated');
    assert.equal(firmwareStep('3.11.283.85'), 'failed');
    assert.equal(firmwareStep('3.11.17.52'), 'replaced');
    assert.equal(firmwareStep('3.7.0.24'), undefined);
    assert.equal(firmwareStep('3.11.283.24'), undefined);
    assert.equal(firmwareStep('not-a-code'), undefined);
  });
});

describe('the firmware findings carry expected / actual (issue 16)', () => {
  test('the sequence the field outcome wants against the events told, the meter named', () => {
    const [f] = checkFirmwareEvents(events(ev(READY, '01'), ev(FAILED, '02')), { meter: 'M-1', outcome: 'activated' }, ctx());
    assert.equal(f!.rule, 'FW-SEQUENCE');
    assert.match(f!.expected ?? '', /^ready \(x\.11\.283\.280\), then activated \(x\.11\.283\.4\)/);
    assert.equal(f!.actual, `${READY} (ready, 2024-03-01T10:00:01Z), ${FAILED} (failed, 2024-03-01T10:00:02Z)`);
    const [other] = checkFirmwareEvents(events(ev(READY, '01', { meter: 'M-2' })), { meter: 'M-1', outcome: 'activated' }, ctx());
    assert.deepEqual([other!.rule, other!.expected, other!.actual], ['FW-SAME-DEVICE', 'meter M-1', 'meter M-2']);
  });
});

describe('FW-SEQUENCE and FW-SAME-DEVICE on the firmware events', () => {
  const exp = { meter: 'M-1', outcome: 'activated' as const };
  test('ready then activated (and replaced) passes, across messages and in any document order', () => {
    assert.deepEqual(checkFirmwareEvents(events(ev(READY, '01'), ev(ACTIVATED, '02'), ev(REPLACED, '02')), exp, ctx()), []);
    assert.deepEqual(checkFirmwareEvents([...events(ev(ACTIVATED, '02')), ...events(ev(READY, '01'))], exp, ctx()), []);
  });
  test('activated without ready, or ready only after: FW-SEQUENCE', () => {
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(ACTIVATED, '02')), exp, ctx())), ['error FW-SEQUENCE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(ACTIVATED, '01'), ev(READY, '02')), exp, ctx())), ['error FW-SEQUENCE']);
  });
  test('ready without an outcome; the other outcome than the field caused; both outcomes: FW-SEQUENCE', () => {
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01')), exp, ctx())), ['error FW-SEQUENCE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01'), ev(FAILED, '02')), exp, ctx())), ['error FW-SEQUENCE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01'), ev(ACTIVATED, '02')), { meter: 'M-1', outcome: 'failed' }, ctx())), ['error FW-SEQUENCE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01'), ev(ACTIVATED, '02'), ev(FAILED, '03')), exp, ctx())), ['error FW-SEQUENCE']);
  });
  test('a failed upgrade: ready then failed passes; failed without ready fails; replaced after a failure is a warning', () => {
    const failed = { meter: 'M-1', outcome: 'failed' as const };
    assert.deepEqual(checkFirmwareEvents(events(ev(READY, '01'), ev(FAILED, '02')), failed, ctx()), []);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(FAILED, '02')), failed, ctx())), ['error FW-SEQUENCE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01'), ev(FAILED, '02'), ev(REPLACED, '02')), failed, ctx())), ['warning FW-SEQUENCE']);
  });
  test('the replaced event: optional by default, required with CIM9-141 = required', () => {
    const noReplaced = events(ev(READY, '01'), ev(ACTIVATED, '02'));
    assert.deepEqual(checkFirmwareEvents(noReplaced, exp, ctx()), []);
    const f = checkFirmwareEvents(noReplaced, exp, ctx({ 'CIM9-141': 'required' }));
    assert.deepEqual(rules(f), ['error FW-SEQUENCE']);
    assert.equal(f[0]!.assumptions?.['CIM9-141'], 'required');
  });
  test('events of another meter only: FW-SAME-DEVICE; alongside the meter\'s own: info; none at all: DOM-EXPECTED', () => {
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01', { meter: 'M-2' }), ev(ACTIVATED, '02', { meter: 'M-2' })), exp, ctx())), ['error FW-SAME-DEVICE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev(READY, '01'), ev(ACTIVATED, '02'), ev(READY, '01', { meter: 'M-2' })), exp, ctx())), ['info FW-SAME-DEVICE']);
    assert.deepEqual(rules(checkFirmwareEvents(events(ev('3.7.0.24', '01')), exp, ctx())), ['error DOM-EXPECTED']);
  });
});

describe('FW-CONFIG-FIRMWARE and FW-SAME-DEVICE on the configuration change', () => {
  const msg = (root: XElement): ParsedMessage => ({ kind: 'event', header: { verb: 'changed', noun: 'EndDeviceConfig' }, payload: { root: parse(root) } }) as unknown as ParsedMessage;
  const edc = (device: string, firmwareID: string | undefined, ref = 'SF-1') =>
    buildEndDeviceConfig({ endDevices: [{ mRID: device, functions: [{ kind: 'SimpleEndDeviceFunction', ref }] }], simpleEndDeviceFunctions: [{ mRID: 'SF-1', firmwareID }, { mRID: 'SF-9', firmwareID: 'FW-NEW' }] });
  const exp = { meter: 'M-1', firmwareID: 'FW-NEW' };

  test('the device refers to a function with the new firmwareID: passes (EndDeviceConfig or MeterConfig)', () => {
    assert.deepEqual(checkFirmwareConfig(msg(edc('M-1', 'FW-NEW')), exp, ctx()), []);
    const mc = buildMeterConfig({ meters: [{ mRID: 'M-1', functions: [{ kind: 'ComFunction', ref: 'CF-1' }] }], comFunctions: [{ mRID: 'CF-1', firmwareID: 'FW-NEW' }] });
    assert.deepEqual(checkFirmwareConfig(msg(mc), exp, ctx()), []);
  });
  test('the old firmware on the function the device refers to (another function has the new one): FW-CONFIG-FIRMWARE', () => {
    const f = checkFirmwareConfig(msg(edc('M-1', 'FW-OLD')), exp, ctx());
    assert.deepEqual(rules(f), ['error FW-CONFIG-FIRMWARE']);
    assert.match(f[0]!.message, /"FW-OLD"/);
    assert.deepEqual(rules(checkFirmwareConfig(msg(edc('M-1', undefined)), exp, ctx())), ['error FW-CONFIG-FIRMWARE']);
  });
  test('another device: FW-SAME-DEVICE; a noun CIM9-140 does not allow: FW-CONFIG-FIRMWARE', () => {
    assert.deepEqual(rules(checkFirmwareConfig(msg(edc('M-2', 'FW-NEW')), exp, ctx())), ['error FW-SAME-DEVICE']);
    const mc = buildMeterConfig({ meters: [{ mRID: 'M-1', functions: [{ kind: 'SimpleEndDeviceFunction', ref: 'SF-1' }] }], simpleEndDeviceFunctions: [{ mRID: 'SF-1', firmwareID: 'FW-NEW' }] });
    assert.deepEqual(checkFirmwareConfig(msg(mc), exp, ctx({ 'CIM9-140': 'MeterConfig' })), []);
    assert.deepEqual(rules(checkFirmwareConfig(msg(mc), exp, ctx({ 'CIM9-140': 'EndDeviceConfig' }))), ['error FW-CONFIG-FIRMWARE']);
    assert.deepEqual(configNouns(ctx()), ['EndDeviceConfig', 'MeterConfig']);
  });
  test('a device without function references: the functions of the payload count', () => {
    const root = parse(buildEndDeviceConfig({ endDevices: [{ mRID: 'M-1' }], simpleEndDeviceFunctions: [{ mRID: 'SF-1', firmwareID: 'FW-NEW' }] }));
    assert.deepEqual(configDevices(root).map((d) => [d.ids, d.firmware.map((f) => f.id)]), [[['M-1'], ['FW-NEW']]]);
  });
  test('after a failed upgrade: the new firmware shown is FW-CONFIG-FIRMWARE, the old one is info, nothing is nothing', () => {
    assert.deepEqual(rules(checkNoNewFirmware([{ msg: msg(edc('M-1', 'FW-NEW')), label: 'c' }], exp, ctx())), ['error FW-CONFIG-FIRMWARE']);
    assert.deepEqual(rules(checkNoNewFirmware([{ msg: msg(edc('M-1', 'FW-OLD')), label: 'c' }], exp, ctx())), ['info FW-CONFIG-FIRMWARE']);
    assert.deepEqual(checkNoNewFirmware([], exp, ctx()), []);
  });
  test('after a failed upgrade: a configuration change without a readable payload is a finding, not skipped', () => {
    const out = checkNoNewFirmware([{ msg: undefined, label: 'c' }], exp, ctx());
    assert.deepEqual(rules(out), ['error FW-CONFIG-FIRMWARE']);
    assert.match(out[0]!.message, /carries no payload that can be read/);
  });
});

describe('the stimulus firmware-upgrade', () => {
  test('the body names the new firmware and the outcome; read back, with activated as the default outcome', () => {
    const body = stimulusBody('firmware-upgrade', { meters: ['M-1'], firmwareID: 'FW-2', firmwareOutcome: 'failed' });
    assert.deepEqual(body, { role: 'HES', event: 'firmware-upgrade', meter: 'M-1', firmwareID: 'FW-2', firmwareOutcome: 'failed' });
    assert.deepEqual(readStimulusBody(body), { ok: true, body });
    const r = readStimulusBody({ role: 'HES', event: 'firmware-upgrade', meter: 'M-1', firmwareID: 'FW-2' });
    assert.ok(r.ok && r.body.firmwareOutcome === 'activated');
  });
  test('no firmwareID, a wrong outcome, firmware fields on another event: one line saying so', () => {
    const no = readStimulusBody({ role: 'HES', event: 'firmware-upgrade', meter: 'M-1' });
    assert.ok(!no.ok && /firmwareID/.test(no.error));
    const bad = readStimulusBody({ role: 'HES', event: 'firmware-upgrade', meter: 'M-1', firmwareID: 'X', firmwareOutcome: 'maybe' });
    assert.ok(!bad.ok && /firmwareOutcome/.test(bad.error));
    const other = readStimulusBody({ role: 'HES', event: 'power-off', meter: 'M-1', firmwareID: 'X' });
    assert.ok(!other.ok && /firmware-upgrade/.test(other.error));
  });
  test('the command template gets {firmwareID} and {firmwareOutcome}, shell-quoted, and the environment', () => {
    const c = stimulusCommand('lab upgrade {meter} {firmwareID} {firmwareOutcome}', { role: 'HES', event: 'firmware-upgrade', meter: 'M-1', firmwareID: "FW'2", firmwareOutcome: 'activated' });
    assert.equal(c.cmd, `lab upgrade 'M-1' 'FW'\\''2' 'activated'`);
    assert.equal(c.env.CIM9_FIRMWARE_ID, "FW'2");
    assert.equal(c.env.CIM9_FIRMWARE_OUTCOME, 'activated');
  });
  test('a new firmwareID each time', () => {
    assert.notEqual(newFirmwareId(), newFirmwareId());
  });
});

describe('the faults', () => {
  test('every fault names a rule of the catalogue (FW-*) and runs under both editions', () => {
    for (const f of FIRMWARE_FAULTS) {
      assert.match(f.violates, /^FW-/, f.id);
      assert.ok(rule(f.violates.split(' ')[0]!), f.id);
      assert.deepEqual(FAULTS.find((x) => x.id === f.id)?.editions, ['2013', '2024'], f.id);
    }
  });
});

describe('the reference head-end over HTTP', () => {
  let listener: Listener;
  let pack: SchemaPack;
  before(async () => {
    listener = await acknowledgingListener({ maxBytes: 4 * 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-mdm' });
    pack = loadSchemaPack(defaultPackDir('2013'));
  });
  after(async () => {
    await listener.close();
    await closeAllClients(100);
  });

  /** upgrade a meter of a simulator with these faults; what reached the MDM, by noun */
  async function upgrade(faults: string[], outcome: 'activated' | 'failed', firmwareID = 'FW-9'): Promise<Map<string, ParsedMessage>> {
    const sim: Simulator = await startSimulator({ schemaPack: pack, faults, subscribers: { MDM: listener.urlFor('mdm') }, asyncDelayMs: 5 });
    try {
      const since = listener.lastSeq;
      const res = await fetch(`${sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'firmware-upgrade', meter: 'M-1001', firmwareID, firmwareOutcome: outcome }) });
      assert.equal(res.status, 202);
      const first = await listener.waitFor({ path: 'mdm', predicate: (x) => x.seq > since }, 5000, 'fw');
      assert.ok(first.ok);
      // the configuration change (if any) comes at once: give it a moment
      await new Promise((r) => setTimeout(r, 300));
      const out = new Map<string, ParsedMessage>();
      for (const m of listener.drain({ path: 'mdm', sinceSeq: since }, 'fw-rest')) {
        const r = readMessage(m.body);
        if (r.ok && r.wire.message?.header?.noun) out.set(r.wire.message.header.noun, r.wire.message);
      }
      const r = readMessage(first.message.body);
      if (r.ok && r.wire.message?.header?.noun) out.set(r.wire.message.header.noun, r.wire.message);
      return out;
    } finally {
      await sim.close();
    }
  }
  const eventsOf = (m: ParsedMessage | undefined) => [{ root: m!.payload!.root!, label: 'events' }];

  test('activated: the events ready → activated → replaced, then changed(EndDeviceConfig) with the new firmware', async () => {
    const got = await upgrade([], 'activated');
    const evm = got.get('EndDeviceEvents');
    assert.equal(evm?.header?.verb, 'created');
    assert.deepEqual(checkFirmwareEvents(eventsOf(evm), { meter: 'M-1001', outcome: 'activated' }, ctx({ 'CIM9-141': 'required' })), []);
    const cfg = got.get('EndDeviceConfig');
    assert.equal(cfg?.header?.verb, 'changed');
    assert.deepEqual(checkFirmwareConfig(cfg, { meter: 'M-1001', firmwareID: 'FW-9' }, ctx()), []);
  });
  test('failed: ready → failed, and no configuration change', async () => {
    const got = await upgrade([], 'failed');
    assert.deepEqual(checkFirmwareEvents(eventsOf(got.get('EndDeviceEvents')), { meter: 'M-1001', outcome: 'failed' }, ctx()), []);
    assert.equal(got.has('EndDeviceConfig'), false);
  });
  test('each fault breaks its rule', async () => {
    const a = await upgrade(['fw-activated-without-ready'], 'activated');
    assert.deepEqual(rules(checkFirmwareEvents(eventsOf(a.get('EndDeviceEvents')), { meter: 'M-1001', outcome: 'activated' }, ctx())), ['error FW-SEQUENCE']);
    const b = await upgrade(['fw-config-without-new-firmware'], 'activated');
    const old = checkFirmwareConfig(b.get('EndDeviceConfig'), { meter: 'M-1001', firmwareID: 'FW-9' }, ctx());
    assert.deepEqual(rules(old), ['error FW-CONFIG-FIRMWARE']);
    assert.ok(old[0]!.message.includes(INITIAL_FIRMWARE));
    const c = await upgrade(['fw-failed-config-new-firmware'], 'failed');
    assert.deepEqual(rules(checkNoNewFirmware([{ msg: c.get('EndDeviceConfig'), label: 'c' }], { meter: 'M-1001', firmwareID: 'FW-9' }, ctx())), ['error FW-CONFIG-FIRMWARE']);
    const d = await upgrade(['fw-event-other-meter'], 'activated');
    assert.deepEqual(rules(checkFirmwareEvents(eventsOf(d.get('EndDeviceEvents')), { meter: 'M-1001', outcome: 'activated' }, ctx())), ['error FW-SAME-DEVICE']);
    const e = await upgrade(['fw-config-other-meter'], 'activated');
    assert.deepEqual(rules(checkFirmwareConfig(e.get('EndDeviceConfig'), { meter: 'M-1001', firmwareID: 'FW-9' }, ctx())), ['error FW-SAME-DEVICE']);
  });
  test('an unknown meter: 404', async () => {
    const sim = await startSimulator({ schemaPack: pack, faults: [], subscribers: { MDM: listener.urlFor('mdm') }, asyncDelayMs: 5 });
    try {
      const res = await fetch(`${sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'firmware-upgrade', meter: 'M-0', firmwareID: 'FW-9' }) });
      assert.equal(res.status, 404);
    } finally {
      await sim.close();
    }
  });
});
