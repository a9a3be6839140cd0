/**
 * Pairing of a PAN device with the MDM as SUT (PAN-01.5): the pure check PAN-RELAY-WINDOW of src/checks/pan-pairing.ts
 * (the pairing window the MDM sends its head-end for the PAN device its CIS created), the create(EndDeviceConfig) the
 * suite sends (read back: isPan, installCode, mac, the PANGateway name of CIM9-247, which is no identifier of the PAN
 * device), and the faults of the reference MDM (simulator/faults/pan-pairing.ts PAN_RELAY_FAULTS) in the catalogue;
 * FW-MDM-KEPT of src/checks/firmware-upgrade.ts (MSE-01.4) and its fault.
 * Run: node --import tsx --test test/pan-relay.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkPairingWindowRelayed, checkPanLinkage, type RelayedWindow, type WindowExpectation } from '../src/checks/pan-pairing.ts';
import { readEndDevices } from '../src/payloads/masterdata/endDeviceConfig.ts';
import { objectIds } from '../src/payloads/masterdata/common.ts';
import { panDeviceRequest, PAN_GATEWAY_NAME_TYPE } from '../src/usecases/pan-relay.ts';
import { readMessage, toSoap, type Header } from '../src/message/index.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { checkFirmwareKept } from '../src/checks/firmware-upgrade.ts';
import { buildMeterConfig } from '../src/payloads/masterdata/meterConfig.ts';

const ctx = () => contextFor({ label: 't', skewSeconds: 60, assumptions: {} });
const exp: WindowExpectation = { meter: 'M-1', panDevice: 'PAN-1', installCode: 'ABCD', controlType: '3.10.73.298' };
const win = (o: Partial<RelayedWindow> = {}): RelayedWindow => ({ controlType: '3.10.73.298', devices: [{ mRID: 'M-1' }, { mRID: 'PAN-1', installCode: 'ABCD', isPan: true }], ...o });
const got = (...controls: RelayedWindow[]) => ({ verb: 'create', noun: 'EndDeviceControls', controls });
const rules = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').map((f) => f.rule);
const ea = (fs: Finding[]) => fs.map((f) => [f.expected, f.actual]);

describe('PAN-RELAY-WINDOW', () => {
  test('the window on the meter listing the PAN device with its installCode passes, with any device type of the code', () => {
    assert.deepEqual(checkPairingWindowRelayed(got(win()), exp, ctx()), []);
    assert.deepEqual(checkPairingWindowRelayed(got(win({ controlType: '0.10.73.298' })), exp, ctx()), []);
  });
  test('nothing at the head-end, another message, or no control listing the PAN device', () => {
    assert.deepEqual(rules(checkPairingWindowRelayed(undefined, exp, ctx())), ['PAN-RELAY-WINDOW']);
    assert.deepEqual(rules(checkPairingWindowRelayed({ verb: 'get', noun: 'EndDeviceControls' }, exp, ctx())), ['PAN-RELAY-WINDOW']);
    assert.deepEqual(rules(checkPairingWindowRelayed(got(win({ devices: [{ mRID: 'M-1' }] })), exp, ctx())), ['PAN-RELAY-WINDOW']);
  });
  test('each single violation is one finding with expected / actual', () => {
    assert.deepEqual(ea(checkPairingWindowRelayed(got(win({ controlType: '3.10.73.299' })), exp, ctx())), [['x.10.73.298', '3.10.73.299']]);
    assert.deepEqual(ea(checkPairingWindowRelayed(got(win({ devices: [{ mRID: 'PAN-1', installCode: 'ABCD' }] })), exp, ctx())), [['meter M-1 in EndDevices', 'PAN-1']]);
    assert.deepEqual(ea(checkPairingWindowRelayed(got(win({ devices: [{ mRID: 'M-1' }, { mRID: 'PAN-1' }] })), exp, ctx())), [['installCode ABCD', '(no installCode)']]);
    assert.deepEqual(ea(checkPairingWindowRelayed(got(win({ devices: [{ mRID: 'M-1' }, { mRID: 'PAN-1', installCode: 'ABCD', isPan: false }] })), exp, ctx())), [['isPan true or absent', 'isPan false']]);
    assert.deepEqual(rules(checkPairingWindowRelayed(got(win({ devices: [{ mRID: 'M-1' }, { mRID: 'M-2' }, { mRID: 'PAN-1', installCode: 'ABCD' }] })), exp, ctx())), ['PAN-RELAY-WINDOW']);
    for (const f of checkPairingWindowRelayed(undefined, exp, ctx())) assert.ok(f.expected && f.actual);
  });
});

describe('the create(EndDeviceConfig) of a PAN device (CIM9-247)', () => {
  const header: Header = { verb: 'create', noun: 'EndDeviceConfig', timestamp: '2026-01-01T10:00:00Z', source: 'cim9', messageId: 'm-1', correlationId: 'm-1' };
  test('read back: isPan, installCode, mac and the PANGateway name of the meter, which identifies no PAN device', () => {
    const msg = panDeviceRequest({ requestHeader: () => header }, { panDevice: 'PAN-9', installCode: 'ABCD', mac: '00:11:22:33:44:55:66:77', meter: 'M-1' });
    const read = readMessage(toSoap(msg, '1.1').xml);
    assert.ok(read.ok);
    const root = read.wire.message!.payload!.root!;
    const [d] = readEndDevices(root);
    assert.equal(d!.mRID, 'PAN-9');
    assert.equal(d!.isPan, true);
    assert.equal(d!.installCode, 'ABCD');
    assert.equal(d!.mac, '00:11:22:33:44:55:66:77');
    assert.deepEqual(d!.names, [{ name: 'M-1', nameType: PAN_GATEWAY_NAME_TYPE }]);
    assert.deepEqual(objectIds(d!.node), ['PAN-9']);
  });
});

describe('the faults of the MDM and the assumptions', () => {
  test('each fault names the rule that catches it', () => {
    const want: Record<string, string> = {
      'mdm-pairing-window-not-sent': 'PAN-RELAY-WINDOW',
      'mdm-pairing-window-without-install-code': 'PAN-RELAY-WINDOW',
      'mdm-pairing-window-close-code': 'PAN-RELAY-WINDOW',
      'mdm-pairing-window-without-meter': 'PAN-RELAY-WINDOW',
      'mdm-pairing-result-refused': 'ENV-EXPECTED-RESULT',
    };
    for (const [id, r] of Object.entries(want)) {
      const f = FAULTS.find((x) => x.id === id);
      assert.ok(f, id);
      assert.equal(violatedRule(f!), r);
      assert.deepEqual(f!.roles, ['MDM']);
    }
  });
  test('CIM9-247 and CIM9-248 are declared', () => {
    for (const id of ['CIM9-247', 'CIM9-248']) assert.ok(ASSUMPTIONS.some((a) => a.id === id), id);
  });
});

describe('FW-MDM-KEPT (MSE-01.4: the MDM keeps the new firmware its head-end told it)', () => {
  const fnRoot = (firmwareID: string, meter = 'M-1') => {
    const root = buildMeterConfig({ meters: [{ mRID: meter, functions: [{ kind: 'SimpleEndDeviceFunction', ref: 'SF-1' }] }], simpleEndDeviceFunctions: [{ mRID: 'SF-1', firmwareID }] });
    const xml = toSoap({ kind: 'request', header: { verb: 'changed', noun: 'MeterConfig', timestamp: '2026-01-01T10:00:00Z', source: 'cim9', messageId: 'm-2' }, payload: { root } }, '1.1').xml;
    const r = readMessage(xml);
    assert.ok(r.ok);
    return r.wire.message!.payload!.root!;
  };
  const exp = { meter: 'M-1', firmwareID: 'FW-NEW', noun: 'MeterConfig' };
  test('the meter with a function showing the new firmwareID passes', () => {
    assert.deepEqual(checkFirmwareKept(fnRoot('FW-NEW'), exp, ctx()), []);
  });
  test('the old firmware, another meter, or no payload: FW-MDM-KEPT with expected / actual', () => {
    assert.deepEqual(ea(checkFirmwareKept(fnRoot('FW-OLD'), exp, ctx())), [['firmwareID "FW-NEW"', 'firmwareID "FW-OLD"']]);
    assert.deepEqual(rules(checkFirmwareKept(fnRoot('FW-NEW', 'M-2'), exp, ctx())), ['FW-MDM-KEPT']);
    assert.deepEqual(ea(checkFirmwareKept(undefined, exp, ctx())), [['a MeterConfig payload with meter M-1', 'no payload']]);
  });
  test('its fault names the rule', () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'mdm-firmware-config-not-kept')!), 'FW-MDM-KEPT');
  });
});

describe('PAN-RELAY-LINK (CIM9-248: the linkage PAN device ↔ usage point after the pairing result)', () => {
  const link = (endDevice: string, usagePoint: string) => ({ objects: { EndDevice: [endDevice], UsagePoint: [usagePoint] }, label: 'l' });
  const acc = { panDevice: 'PAN-1', usagePoint: 'UP-1', outcome: 'accepted' as const };
  const rej = { ...acc, outcome: 'rejected' as const };
  test('accepted: the link of the PAN device and the usage point passes; none, or another one, is a finding of the severity given', () => {
    assert.deepEqual(checkPanLinkage([link('PAN-1', 'UP-1')], acc, 'warning', ctx()), []);
    const none = checkPanLinkage([], acc, 'warning', ctx());
    assert.deepEqual(none.map((f) => [f.rule, f.severity]), [['PAN-RELAY-LINK', 'warning']]);
    assert.deepEqual(ea(checkPanLinkage([link('PAN-1', 'UP-2')], acc, 'error', ctx())), [['MasterDataLinkageConfig EndDevice PAN-1 ↔ UsagePoint UP-1', 'EndDevice PAN-1 ↔ UsagePoint UP-2']]);
    assert.deepEqual(rules(checkPanLinkage([link('PAN-1', 'UP-2')], acc, 'error', ctx())), ['PAN-RELAY-LINK']);
  });
  test('rejected: no link of the PAN device passes; a link of it is a finding', () => {
    assert.deepEqual(checkPanLinkage([], rej, 'error', ctx()), []);
    assert.deepEqual(checkPanLinkage([link('PAN-9', 'UP-1')], rej, 'error', ctx()), []);
    assert.deepEqual(ea(checkPanLinkage([link('PAN-1', 'UP-1')], rej, 'error', ctx())), [['no MasterDataLinkageConfig naming PAN device PAN-1', 'EndDevice PAN-1 ↔ UsagePoint UP-1']]);
  });
  test('its fault is detected with CIM9-248 = required', () => {
    const f = FAULTS.find((x) => x.id === 'mdm-pan-not-linked')!;
    assert.equal(violatedRule(f), 'PAN-RELAY-LINK');
    assert.deepEqual(f.detectWith, { 'CIM9-248': 'required' });
  });
});
