/**
 * EndDeviceControls payloads (src/checks/controls.ts): every control's EndDeviceControlType is a decodable Annex F
 * command code, directly or through a declaration at the payload root; wired into checkMessage for every
 * EndDeviceControls payload (bare, in a request, in a reply).
 * Run: node --import tsx --test test/checks-controls.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEndDeviceControlsPayload, checkMessage, contextFor, type Finding } from '../src/checks/index.ts';
import { buildEndDeviceControls, type EndDeviceControlsValue } from '../src/payloads/endDeviceControls.ts';
import { buildEnvelope, PREFIXES } from '../src/message/index.ts';
import { parseXml, serializeXml, type XElement } from '../src/xml/index.ts';
import { checkControlsResult, checkSwitchEvents, checkSwitchRead } from '../src/checks/controls.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';

const payload = (v: EndDeviceControlsValue): XElement => buildEndDeviceControls(v);
const control = (controlType: string, mRID = 'C-1') => ({ mRID, controlType, endDevices: [{ mRID: 'M-1' }] });
const check = (root: XElement): Finding[] => {
  const r = parseXml(serializeXml(root, { prefixes: PREFIXES }));
  assert.ok(r.ok);
  return checkEndDeviceControlsPayload(r.root, contextFor({ label: 't' }));
};
const rules = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule}`);

describe('COD-CONTROL-TYPE on EndDeviceControls', () => {
  test('the two EDC-06 commands pass', () => {
    assert.deepEqual(check(payload({ controls: [control('3.31.0.23'), control('3.31.0.18', 'C-2')] })), []);
  });

  test('an undecodable ref ("?", "1.2") is an error at the EndDeviceControlType element, once per distinct code', () => {
    for (const ref of ['?', '1.2']) {
      const fs = check(payload({ controls: [control(ref), control(ref, 'C-2')] }));
      assert.deepEqual(rules(fs), ['error COD-CONTROL-TYPE'], JSON.stringify(fs));
      assert.match(fs[0]!.xpath ?? '', /EndDeviceControlType\[1\]$/);
    }
  });

  test('an event code used as a control is COD-EVENT-CONTROL-ROLE', () => {
    assert.deepEqual(rules(check(payload({ controls: [control('3.26.0.85')] }))), ['error COD-EVENT-CONTROL-ROLE']);
  });

  test('a ref to a declared EndDeviceControlType resolves; a declared code is checked', () => {
    const named = payload({ controls: [control('Disconnect')], controlTypes: [{ mRID: 'T-1', names: [{ name: 'Disconnect' }] }] });
    assert.deepEqual(check(named), []);
    const declaredCode = payload({ controls: [control('Bad')], controlTypes: [{ mRID: '1.2.3', names: [{ name: 'Bad' }] }] });
    assert.deepEqual(check(declaredCode), [], 'a declaration whose mRID is not a code is not a code to check');
    const declaredEvent = payload({ controls: [control('Outage')], controlTypes: [{ mRID: '3.26.0.85', names: [{ name: 'Outage' }] }] });
    assert.deepEqual(rules(check(declaredEvent)), ['error COD-EVENT-CONTROL-ROLE']);
    // an unresolved name is not a code either
    assert.deepEqual(rules(check(payload({ controls: [control('Nowhere')] }))), ['error COD-CONTROL-TYPE']);
  });

  test('checkMessage runs it for an EndDeviceControls payload in an envelope', () => {
    const msg = buildEnvelope({ kind: 'request', header: { verb: 'create', noun: 'EndDeviceControls', timestamp: '2024-03-01T03:00:00Z', source: 't', messageId: 'm-1' }, payload: { root: payload({ controls: [control('?')] }) } });
    const fs = checkMessage(serializeXml(msg, { prefixes: PREFIXES }), { label: 'm' });
    assert.ok(fs.some((f) => f.rule === 'COD-CONTROL-TYPE' && f.severity === 'error'), JSON.stringify(fs));
  });
});

describe('the outcome of a connect / disconnect (EDC-COMPLETION, EDC-RESULT-EVENT, EDC-SWITCH-READ)', () => {
  const REQUESTED = new Date('2024-03-01T10:00:00Z');
  const disconnect = { command: 'disconnect' as const, controlType: '3.31.0.23', meter: 'M-1', requestedAt: REQUESTED };
  const parsed = (x: XElement) => {
    const r = parseXml(serializeXml(x, { prefixes: PREFIXES }));
    assert.ok(r.ok);
    return r.root;
  };
  const events = (eventType: string, createdDateTime = '2024-03-01T10:00:05Z', meter = 'M-1') => parsed(buildEndDeviceEvents([{ mRID: 'E-1', createdDateTime, meter, eventType }]));
  const read = (reason: string, timeStamp: string) =>
    parsed(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, readings: [{ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', value: '1', timeStamp, reason }] }] }));
  const ctx = (assumptions: Record<string, string | number> = {}) => contextFor({ label: 't', assumptions, skewSeconds: 60 });

  test('the Annex E result of the command passes and is returned for the read', () => {
    const r = checkSwitchEvents(events('3.31.0.68'), disconnect, ctx());
    assert.deepEqual(r.findings, []);
    assert.equal(r.event?.code, '3.31.0.68');
  });

  test('the other command\'s result, a failure event or no switch event is EDC-RESULT-EVENT', () => {
    for (const code of ['3.31.0.42', '3.31.0.84', '3.26.0.85']) assert.deepEqual(rules(checkSwitchEvents(events(code), disconnect, ctx()).findings), ['error EDC-RESULT-EVENT'], code);
    assert.deepEqual(rules(checkSwitchEvents(events('3.31.0.68', undefined, 'M-2'), disconnect, ctx()).findings), ['error EDC-COMPLETION']);
  });

  test('the vendor form follows CIM9-93', () => {
    assert.deepEqual(rules(checkSwitchEvents(events('0.31.26.68'), disconnect, ctx()).findings), ['info EDC-RESULT-EVENT']);
    assert.deepEqual(rules(checkSwitchEvents(events('0.31.26.68'), disconnect, ctx({ 'CIM9-93': 'reject' })).findings), ['error EDC-RESULT-EVENT']);
  });

  test('an event dated before the request (beyond the clock skew) is EDC-COMPLETION', () => {
    assert.deepEqual(rules(checkSwitchEvents(events('3.31.0.68', '2024-03-01T09:50:00Z'), disconnect, ctx()).findings), ['error EDC-COMPLETION']);
  });

  test('created(EndDeviceControls) names the meter and the command', () => {
    assert.deepEqual(checkControlsResult(parsed(payload({ controls: [control('3.31.0.23')] })), disconnect, ctx()), []);
    assert.deepEqual(rules(checkControlsResult(parsed(payload({ controls: [control('3.31.0.18')] })), disconnect, ctx())), ['error EDC-COMPLETION']);
    assert.deepEqual(rules(checkControlsResult(parsed(payload({ controls: [control('3.31.0.23')] })), { ...disconnect, meter: 'M-2' }, ctx())), ['error EDC-COMPLETION']);
  });

  test('the final read: reason serviceDisconnect, not before the switch event (UC-15)', () => {
    const event = { code: '3.31.0.68', createdDateTime: '2024-03-01T10:00:05Z' };
    assert.deepEqual(checkSwitchRead(read('serviceDisconnect', '2024-03-01T10:00:05Z'), { ...disconnect, event }, ctx()), []);
    assert.deepEqual(rules(checkSwitchRead(read('serviceDisconnect', '2024-03-01T10:00:02Z'), { ...disconnect, event }, ctx())), ['error EDC-SWITCH-READ']);
    assert.deepEqual(checkSwitchRead(read('serviceDisconnect', '2024-03-01T10:00:02Z'), { ...disconnect, event }, ctx({ 'UC-15': 5 })), []);
    assert.deepEqual(rules(checkSwitchRead(read('serviceConnect', '2024-03-01T10:00:05Z'), { ...disconnect, event }, ctx())), ['error EDC-SWITCH-READ']);
  });
});
