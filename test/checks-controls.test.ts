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
