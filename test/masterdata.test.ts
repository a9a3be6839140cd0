/**
 * Master data management: the OperationSet in the envelope builder and reader, the master-data payload
 * builders against the 2013 schema pack, the change semantics, the state comparison (MD-STATE), the checks of
 * the four steps and of OperationSet replies, and the reference SUT's master-data rules and faults (through
 * simulator/server.ts answer(), without HTTP).
 * Run: node --import tsx --test test/masterdata.test.ts
 */
import { isMasterDataNoun, publishesMasterData } from '../src/profile/pics-capabilities.ts';
import { withoutPublications } from './profile-helpers.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnvelope, readEnvelope, readMessage, toSoap, toXml, newMessageId, nowTimestamp, type Header, type Message, type ParsedMessage } from '../src/message/index.ts';
import { parseXml, type XElement, type XNode } from '../src/xml/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { buildMeterConfig, MC } from '../src/payloads/masterdata/meterConfig.ts';
import { buildEndDeviceConfig } from '../src/payloads/masterdata/endDeviceConfig.ts';
import { buildUsagePointConfig } from '../src/payloads/masterdata/usagePointConfig.ts';
import { buildComModuleConfig } from '../src/payloads/masterdata/comModuleConfig.ts';
import { buildUsagePointLocationConfig } from '../src/payloads/masterdata/usagePointLocationConfig.ts';
import { buildMasterDataLinkageConfig, readMasterDataLinkageConfig } from '../src/payloads/masterdata/masterDataLinkageConfig.ts';
import { buildGetConfig, readConfigFilter, type ConfigNoun } from '../src/payloads/masterdata/getConfig.ts';
import { applyChange, applyDetailDelete } from '../src/payloads/masterdata/common.ts';
import { buildCustomerConfig, CUSTOMER_CONFIG_NOUNS, CUSTOMER_CONFIG_OBJECT, readCustomerConfig } from '../src/payloads/masterdata/customerConfig.ts';
import * as samples from '../src/usecases/masterdata-samples.ts';
import { checkNothingPublished, checkPublished, checkStep2, checkStep3, collectLeftoverPublications, effectsOf, perform, request } from '../src/usecases/masterdata.ts';
import { describe as describeSubject, subjectRequest } from '../src/usecases/masterdata-requests.ts';
import type { IWorldOptions } from '@cucumber/cucumber';
import { Cim9World } from '../src/session/world.ts';
import { LISTENER_PATHS, type RunContext } from '../src/session/run.ts';
import { ConformanceFailure } from '../src/session/verdict.ts';
import { MessageIdRegistry } from '../src/checks/envelope.ts';
import type { Finding } from '../src/checks/finding.ts';
import { closeAllClients, postSoap, startListener } from '../src/transport/index.ts';
import { loadProfile, type Profile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';
import { startSimulator } from '../simulator/server.ts';
import {
  businessRuleCodes,
  checkAcknowledgement,
  checkObjectState,
  checkOperationSetReply,
  checkPublication,
  checkResult,
  factsOf,
  identifiersIn,
  missingPublicationFinding,
  publicationOfRefusalFinding,
  removedFacts,
  repeatedPublicationFinding,
  sameValue,
  unknownSupplierOfUsagePointCodes,
  type ExpectedObject,
  type PublicationExpectation,
} from '../src/checks/masterdata.ts';
import type { CheckContext } from '../src/checks/envelope.ts';
import { describeAssumptions, resolveAssumptions } from '../src/profile/index.ts';
import { answer } from '../simulator/server.ts';
import { createContext, type SimContext } from '../simulator/context.ts';
import { Store } from '../simulator/store.ts';
import { masterData, MasterDataStore } from '../simulator/masterdata-store.ts';
import { MASTER_DATA_FAULTS } from '../simulator/faults/masterdata.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { isRuleId } from '../src/checks/catalogue.ts';

const pack = loadSchemaPack(defaultPackDir('2013'));
const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';

function ctxOf(over: Record<string, string> = {}, label = 'test'): CheckContext {
  const assumptions = { ...describeAssumptions({ assumptions: resolveAssumptions({}) }), ...over };
  return { assumptions, strict: false, receivedAt: new Date(), skewSeconds: 60, label };
}

const header = (verb: string, noun: string, extra: Partial<Header> = {}): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId(), ...extra });

const errors = (xml: string) => pack.validate(xml).filter((f) => f.severity === 'error');

function parsed(xml: string): ParsedMessage {
  const r = readMessage(xml);
  assert.ok(r.ok && r.wire.message, 'readable');
  return r.wire.message!;
}

function node(e: XElement): XNode {
  const r = parseXml(toXml({ kind: 'request', form: 'generic', header: header('create', 'X'), payload: { root: e } }));
  assert.ok(r.ok);
  const payload = r.root.children.find((c) => c.name === 'Payload')!;
  return payload.children[0]!;
}

// ------------------------------------------------------------------------------------------------ envelope

describe('OperationSet in the envelope', () => {
  const meter = samples.newMeter();
  const set = {
    enforceMsgSequence: true,
    enforceTransactionalIntegrity: true,
    operations: [
      { operationId: 1, noun: 'MeterConfig', verb: 'create', root: buildMeterConfig({ meters: [meter.meter], simpleEndDeviceFunctions: meter.functions }) },
      { operationId: 2, noun: 'MeterConfig', verb: 'delete', elementOperation: true, root: buildMeterConfig({ meters: [{ mRID: meter.meter.mRID }] }) },
    ],
  };

  test('a generic RequestMessage carries Payload/OperationSet in the message namespace, valid against the pack', () => {
    const xml = toSoap({ kind: 'request', form: 'generic', header: header('execute', 'OperationSet'), payload: { operationSet: set } }, '1.1').xml;
    assert.deepEqual(errors(xml), []);
    const m = parsed(xml);
    assert.equal(m.form, 'generic');
    assert.equal(m.payload?.root, undefined, 'no profile root beside the OperationSet');
    const read = m.payload?.operationSet;
    assert.ok(read);
    assert.equal(read.enforceMsgSequence, true);
    assert.equal(read.enforceTransactionalIntegrity, true);
    assert.deepEqual(read.operations.map((o) => [o.operationId, o.noun, o.verb, o.elementOperation, o.root?.name]), [
      [1, 'MeterConfig', 'create', undefined, 'MeterConfig'],
      [2, 'MeterConfig', 'delete', true, 'MeterConfig'],
    ]);
  });

  test('in a noun wrapper the OperationSet follows the profile root, in the wrapper namespace', () => {
    const root = buildMeterConfig({ meters: [{ mRID: meter.meter.mRID }] });
    const env = buildEnvelope({ kind: 'request', header: header('delete', 'MeterConfig'), payload: { root, operationSet: { operations: [{ operationId: 1, verb: 'delete', elementOperation: true }] } } });
    const payload = env.children!.find((c) => c && c.name === 'Payload') as XElement;
    assert.deepEqual((payload.children ?? []).filter(Boolean).map((c) => (c as XElement).name), ['MeterConfig', 'OperationSet']);
    assert.equal(((payload.children ?? [])[1] as XElement).ns, env.ns);
    const xml = toSoap({ kind: 'request', header: header('delete', 'MeterConfig'), payload: { root, operationSet: { operations: [{ operationId: 1, verb: 'delete', elementOperation: true }] } } }, '1.1').xml;
    assert.deepEqual(errors(xml), []);
    assert.equal(parsed(xml).payload?.operationSet?.operations[0]?.elementOperation, true);
  });

  test('a message without OperationSet reads as before (no operationSet key)', () => {
    const xml = toXml({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [meter.meter] }) } });
    const r = parseXml(xml);
    assert.ok(r.ok);
    assert.equal('operationSet' in (readEnvelope(r.root).payload ?? {}), false);
  });
});

// ------------------------------------------------------------------------------------------------ payloads

describe('master-data payload builders follow the profiles (valid against the 2013 pack)', () => {
  const wrap = (verb: string, noun: string, root: XElement) => toSoap({ kind: 'request', header: header(verb, noun), payload: { root } }, '1.1').xml;
  const m = samples.newMeter();
  const c = samples.newComModule();
  const cases: [string, XElement][] = [
    ['MeterConfig', buildMeterConfig({ meters: [m.meter, samples.meterChange(m.meter.mRID!)], simpleEndDeviceFunctions: m.functions })],
    ['UsagePointConfig', buildUsagePointConfig({ usagePoints: [samples.newUsagePoint(RT), samples.usagePointChange('up-1')] })],
    ['EndDeviceConfig', buildEndDeviceConfig({ endDevices: [samples.newEndDevice(), samples.endDeviceChange('ed-1')] })],
    ['ComModuleConfig', buildComModuleConfig({ comModules: [c.comModule, samples.comModuleChange('cm-1')], comFunctions: c.functions })],
    ['UsagePointLocationConfig', buildUsagePointLocationConfig({ usagePointLocations: [samples.newUsagePointLocation(), samples.usagePointLocationChange('loc-1')] })],
    [
      'MasterDataLinkageConfig',
      buildMasterDataLinkageConfig({ configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: nowTimestamp() }, objects: { Meter: [{ mRID: 'm-1' }], UsagePoint: [{ mRID: 'up-1' }], ComModule: [{ mRID: 'cm-1' }] } }),
    ],
  ];
  for (const [noun, root] of cases) {
    test(`create(${noun})`, () => assert.deepEqual(errors(wrap('create', noun, root)).map((f) => f.message), []));
  }
  const gets: [ConfigNoun, Record<string, { mRID: string }[]>][] = [
    ['MeterConfig', { Meter: [{ mRID: 'm-1' }], UsagePoint: [{ mRID: 'up-1' }] }],
    ['UsagePointConfig', { UsagePoint: [{ mRID: 'up-1' }] }],
    ['EndDeviceConfig', { EndDevice: [{ mRID: 'ed-1' }] }],
    ['ComModuleConfig', { ComModule: [{ mRID: 'cm-1' }] }],
    ['UsagePointLocationConfig', { UsagePointLocation: [{ mRID: 'loc-1' }] }],
  ];
  for (const [noun, filter] of gets) {
    test(`get(${noun}) with Get${noun} in Request (PAY-11)`, () => {
      const query = buildGetConfig(noun, filter);
      const xml = toSoap({ kind: 'request', header: header('get', noun), request: { query } }, '1.1').xml;
      assert.deepEqual(errors(xml).map((f) => f.message), []);
      const r = parseXml(toXml({ kind: 'request', header: header('get', noun), request: { query } }));
      assert.ok(r.ok);
      assert.deepEqual(readConfigFilter(readEnvelope(r.root).request!.query!), Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v.map((x) => x.mRID)])));
    });
  }
  // MD-02, 2013: the seven reconstructed customer-side nouns (CIM9-279..285) and their proposed Get profiles (CIM9-286)
  for (const noun of CUSTOMER_CONFIG_NOUNS) {
    const object = CUSTOMER_CONFIG_OBJECT[noun];
    test(`create(${noun}) and get(${noun}) are valid against the reconstructed 2013 profiles; the reader gives back what was built`, () => {
      const o = samples.newCustomerObject(noun);
      const refs = noun === 'CustomerAgreementConfig' ? { UsagePoints: [{ mRID: 'up-1' }], Customer: [{ mRID: 'c-1' }], CustomerAccount: [{ mRID: 'ca-1' }], ServiceCategory: [{ mRID: 'sc-1' }] } : undefined;
      const root = buildCustomerConfig(noun, [{ ...o, refs }, samples.customerObjectChange(noun, 'x-1')]);
      assert.deepEqual(errors(wrap('create', noun, root)).map((f) => f.message), []);
      const r = parseXml(toXml({ kind: 'request', header: header('create', noun), payload: { root } }));
      assert.ok(r.ok);
      const back = readCustomerConfig(readEnvelope(r.root).payload!.root!, noun);
      assert.equal(back.length, 2);
      assert.deepEqual({ mRID: back[0]!.mRID, fields: back[0]!.fields }, { mRID: o.mRID, fields: o.fields });
      if (refs) assert.deepEqual(Object.keys(back[0]!.refs ?? {}), ['Customer', 'CustomerAccount', 'ServiceCategory', 'UsagePoints']);
      const query = buildGetConfig(noun, { [object]: [{ mRID: o.mRID! }] });
      assert.deepEqual(errors(toSoap({ kind: 'request', header: header('get', noun), request: { query } }, '1.1').xml).map((f) => f.message), []);
    });
  }
  test('GetMeterConfig filters are in alphabetical order whatever order they are given in', () => {
    const q = buildGetConfig('MeterConfig', { UsagePoint: [{ mRID: 'u' }], Meter: [{ mRID: 'm' }], Customer: [{ mRID: 'c' }] });
    assert.deepEqual((q.children ?? []).map((x) => (x as XElement).name), ['Customer', 'Meter', 'UsagePoint']);
  });
  test('MasterDataLinkageConfig reads back its objects and effective date', () => {
    const root = buildMasterDataLinkageConfig({ configurationEvent: { effectiveDateTime: '2024-01-01T00:00:00Z' }, objects: { UsagePoint: [{ names: [{ name: 'EAN-1' }] }], Meter: [{ mRID: 'm-1' }] } });
    const l = readMasterDataLinkageConfig(node(root));
    assert.deepEqual(l.objects, { Meter: ['m-1'], UsagePoint: ['EAN-1'] });
    assert.equal(l.effectiveDateTime, '2024-01-01T00:00:00Z');
  });
});

// ------------------------------------------------------------------------------------------------ change semantics and state

const meterEl = (root: XElement) => (root.children ?? []).find((c) => c && c.name === 'Meter') as XElement;

describe('change semantics and the state comparison (MD-STATE)', () => {
  const m = samples.newMeter();
  const created = meterEl(buildMeterConfig({ meters: [m.meter] }));
  const change = samples.meterChange(m.meter.mRID!);
  const changed = applyChange('MeterConfig', created, meterEl(buildMeterConfig({ meters: [change] })));

  test('a change replaces what it carries and keeps the rest, in profile order', () => {
    const names = (changed.children ?? []).map((c) => (c as XElement).name);
    assert.ok(names.includes('formNumber') && names.includes('serialNumber'));
    assert.ok(names.indexOf('formNumber') < names.indexOf('serialNumber'), 'formNumber comes before serialNumber');
    assert.ok(names.indexOf('lifecycle') < names.indexOf('MeterMultipliers') && names.indexOf('MeterMultipliers') < names.indexOf('Names'));
    assert.equal(names.filter((n) => n === 'ConfigurationEvents').length, 1, 'a single element is replaced, not added');
    assert.equal(names.filter((n) => n === 'MeterMultipliers').length, 2);
    const xml = toSoap({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: { ns: MC, name: 'MeterConfig', children: [changed] } } }, '1.1').xml;
    assert.deepEqual(errors(xml), []);
  });

  test('a repeated element of the same identity is replaced, a new one added', () => {
    const mm = change.meterMultipliers![0]!;
    const again = applyChange('MeterConfig', changed, meterEl(buildMeterConfig({ meters: [{ mRID: m.meter.mRID, meterMultipliers: [{ ...mm, value: 400 }, { kind: 'kH', value: 2 }] }] })));
    const f = factsOf('MeterConfig', again);
    assert.equal(f.get(`MeterMultipliers[${mm.mRID}]/value`), '400');
    assert.equal([...f.keys()].filter((k) => k.startsWith('MeterMultipliers[') && k.endsWith('/kind')).length, 3);
  });

  test('an element-level delete removes the details listed and keeps the meter', () => {
    const mm = change.meterMultipliers![1]!.mRID!;
    const after = applyDetailDelete('MeterConfig', changed, meterEl(buildMeterConfig({ meters: [{ mRID: m.meter.mRID, formNumber: 'x', meterMultipliers: [{ mRID: mm }] }] })));
    const f = factsOf('MeterConfig', after);
    assert.equal(f.has(`MeterMultipliers[${mm}]/kind`), false);
    assert.equal(f.has('formNumber'), false, 'a single detail goes by name, whatever its value');
    assert.equal(f.get('mRID'), m.meter.mRID);
    assert.deepEqual([...removedFacts('MeterConfig', changed, after).keys()].sort(), ['formNumber', `MeterMultipliers[${mm}]/kind`, `MeterMultipliers[${mm}]/mRID`, `MeterMultipliers[${mm}]/value`].sort());
  });

  test('values compare as numbers, instants and booleans', () => {
    assert.ok(sameValue('200', '200.0'));
    assert.ok(sameValue('2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00Z'));
    assert.ok(sameValue('1', 'true'));
    assert.ok(!sameValue('16S', '2S'));
    assert.ok(!sameValue('2024-01-01', '2024-01-02'));
  });

  const expected = (element?: XElement): ExpectedObject => ({ profile: 'MeterConfig', object: 'Meter', id: m.meter.mRID!, element, history: ['created by create(MeterConfig)'] });

  test('the object as sent, in another element order and with more data, passes', () => {
    const more = applyChange('MeterConfig', created, meterEl(buildMeterConfig({ meters: [{ mRID: m.meter.mRID, formNumber: '2S', meterMultipliers: change.meterMultipliers }] })));
    const shown = { ...more, children: [...(more.children ?? [])].reverse() };
    assert.deepEqual(checkObjectState(node({ ns: MC, name: 'MeterConfig', children: [shown] }).children[0], expected(created), ctxOf()), []);
  });

  test('a changed value, a missing element and a detail still there are MD-STATE errors', () => {
    const stale = node({ ns: MC, name: 'MeterConfig', children: [created] }).children[0];
    const fs = checkObjectState(stale, expected(changed), ctxOf());
    assert.ok(fs.length >= 3 && fs.every((f) => f.rule === 'MD-STATE' && f.severity === 'error'));
    assert.ok(fs.some((f) => /lacks formNumber \(expected "16S"\)/.test(f.message)));
    assert.ok(fs.some((f) => /ConfigurationEvents\/reason = "installation", expected "multipliers added"/.test(f.message)));
    const removed = new Map([['serialNumber', 'x']]);
    assert.ok(checkObjectState(stale, expected({ ...created, children: (created.children ?? []).filter((c) => c && c.name !== 'serialNumber') }), ctxOf(), removed).some((f) => /still has serialNumber, which was deleted/.test(f.message)));
  });

  test('an object that must not exist, shown, and one that must exist, not shown', () => {
    const shown = node({ ns: MC, name: 'MeterConfig', children: [created] }).children[0];
    assert.match(checkObjectState(shown, expected(undefined), ctxOf())[0]!.message, /is still there, but it must not exist/);
    assert.match(checkObjectState(undefined, expected(created), ctxOf())[0]!.message, /the Get shows no Meter/);
    assert.deepEqual(checkObjectState(undefined, expected(undefined), ctxOf()), []);
  });

  test('the effects of requests: create, change, delete, element-level delete, links', () => {
    const root = buildMeterConfig({ meters: [m.meter] });
    assert.deepEqual(effectsOf('create', 'MeterConfig', root).map((e) => e.kind), ['put']);
    assert.deepEqual(effectsOf('change', 'MeterConfig', root).map((e) => e.kind), ['change']);
    assert.deepEqual(effectsOf('delete', 'MeterConfig', buildMeterConfig({ meters: [{ mRID: 'x' }] })).map((e) => e.kind), ['remove']);
    assert.deepEqual(effectsOf('delete', 'MeterConfig', buildMeterConfig({ meters: [{ mRID: 'x' }] }), true).map((e) => e.kind), ['details']);
    const link = buildMasterDataLinkageConfig({ objects: { Meter: [{ mRID: 'm' }], UsagePoint: [{ mRID: 'u' }] } });
    assert.deepEqual(effectsOf('create', 'MasterDataLinkageConfig', link), [{ kind: 'link', meter: 'm', usagePoint: 'u', operationId: undefined }]);
    assert.deepEqual(effectsOf('close', 'MasterDataLinkageConfig', link, false, 3), [{ kind: 'unlink', meter: 'm', usagePoint: 'u', operationId: 3 }]);
    // MD-01.6 (2013): a link no Get filter reads back (an agreement and its account, a pricing structure and a usage point)
    const pair = buildMasterDataLinkageConfig({ objects: { CustomerAccount: [{ mRID: 'acc' }], CustomerAgreement: [{ mRID: 'agr' }] } });
    assert.deepEqual(effectsOf('create', 'MasterDataLinkageConfig', pair), [{ kind: 'relate', ids: ['acc', 'agr'], ended: false, operationId: undefined }]);
    const priced = buildMasterDataLinkageConfig({ objects: { PricingStructure: [{ mRID: 'ps' }], UsagePoint: [{ mRID: 'u' }] } });
    assert.deepEqual(effectsOf('delete', 'MasterDataLinkageConfig', priced), [{ kind: 'relate', ids: ['ps', 'u'], ended: true, operationId: undefined }]);
  });
});

// ------------------------------------------------------------------------------------------------ four steps and OperationSet replies

describe('the checks of the four steps and of OperationSet replies', () => {
  const req = header('create', 'MeterConfig', { asyncReplyFlag: true, replyAddress: 'http://x/replies' });
  const wire = (m: Message) => {
    const r = readMessage(toSoap(m, '1.1').xml);
    assert.ok(r.ok);
    return r.wire;
  };
  const response = (result: string, codes: string[], correlationId = req.correlationId): Message => ({
    kind: 'response',
    header: { ...header('reply', 'MeterConfig'), correlationId },
    reply: { result, errors: codes.map((code) => ({ code, level: code.startsWith('0.') ? 'INFORM' : 'FATAL' })) },
  });

  test('step 2: Result OK with 0.3 is an acknowledgement; FAILED, a serious code, or 0.3 missing under CIM9-10 ok-simple-ack is not', () => {
    assert.deepEqual(checkAcknowledgement(wire(response('OK', ['0.3'])), { noun: 'MeterConfig', request: req }, ctxOf()), []);
    assert.deepEqual(checkAcknowledgement(wire(response('OK', [])), { noun: 'MeterConfig', request: req }, ctxOf()), []);
    assert.ok(checkAcknowledgement(wire(response('FAILED', ['2.4'])), { noun: 'MeterConfig', request: req }, ctxOf()).some((f) => f.rule === 'ENV-EXPECTED-RESULT'));
    const strict = checkAcknowledgement(wire(response('OK', [])), { noun: 'MeterConfig', request: req }, ctxOf({ 'CIM9-10': 'ok-simple-ack' }));
    assert.ok(strict.some((f) => f.rule === 'ENV-EXPECTED-CODE' && f.assumptions?.['CIM9-10'] === 'ok-simple-ack'));
    assert.ok(checkAcknowledgement(wire(response('OK', ['0.3'], 'other')), { noun: 'MeterConfig', request: req }, ctxOf()).some((f) => f.rule === 'ENV-CORRELATION'));
  });

  const m = samples.newMeter();
  const root = buildMeterConfig({ meters: [m.meter] });
  const event = (verb: string, correlationId: string | undefined, payload: XElement | null = root): Message => ({ kind: 'event', header: { ...header(verb, 'MeterConfig'), correlationId }, payload: payload ? { root: payload } : undefined });
  const expectation = { verb: 'created', noun: 'MeterConfig', request: req, carries: 'payload' as const, ids: [m.meter.mRID!] };

  test('step 3: the past-tense event with the CorrelationID and the objects passes', () => {
    assert.deepEqual(checkResult(wire(event('created', req.correlationId)), expectation, ctxOf()), []);
  });
  test('step 3: no CorrelationID, another verb, no payload, another object, a request element', () => {
    assert.ok(checkResult(wire(event('created', undefined)), expectation, ctxOf()).some((f) => f.rule === 'ENV-CORRELATION'));
    assert.ok(checkResult(wire(event('changed', req.correlationId)), expectation, ctxOf()).some((f) => f.rule === 'ENV-EVENT-VERB' && f.assumptions?.['CIM9-11'] === 'past-tense-event'));
    assert.ok(checkResult(wire(event('created', req.correlationId, null)), expectation, ctxOf()).some((f) => f.rule === 'DOM-EXPECTED'));
    assert.ok(checkResult(wire(event('created', req.correlationId, buildMeterConfig({ meters: [{ mRID: 'other' }] }))), expectation, ctxOf()).some((f) => f.rule === 'DOM-EXPECTED'));
    assert.ok(checkResult(wire({ kind: 'request', header: { ...header('create', 'MeterConfig'), correlationId: req.correlationId }, payload: { root } }), expectation, ctxOf()).some((f) => f.rule === 'ENV-KIND'));
  });
  test('step 3: a ResponseMessage at the ReplyAddress is accepted with a warning under CIM9-11 past-tense-or-reply', () => {
    const fs = checkResult(wire({ ...response('OK', []), payload: { root } }), expectation, ctxOf({ 'CIM9-11': 'past-tense-or-reply' }));
    assert.ok(fs.length > 0 && fs.every((f) => f.severity !== 'error'));
    assert.ok(checkResult(wire({ ...response('OK', []), payload: { root } }), expectation, ctxOf()).some((f) => f.rule === 'ENV-KIND'));
  });

  const setReply = (errs: { code: string; operationId?: number }[]) => parsed(toXml({ kind: 'response', form: 'generic', header: header('reply', 'OperationSet'), reply: { result: 'FAILED', errors: errs.map((e) => ({ ...e, level: 'FATAL' })) } }));
  test('OperationSet reply: 5.9 and the failing operation named pass; missing ones are warnings (ENV-20 lenient), errors when strict', () => {
    const expect = { operationIds: [1, 2, 3], failing: 3, transactional: true };
    assert.deepEqual(checkOperationSetReply(setReply([{ code: '2.12', operationId: 3 }, { code: '5.9', operationId: 3 }]), expect, ctxOf()), []);
    const lenient = checkOperationSetReply(setReply([{ code: '2.12' }]), expect, ctxOf());
    assert.equal(lenient.length, 2);
    assert.ok(lenient.every((f) => f.rule === 'MD-OPERATION-SET' && f.severity === 'warning' && f.assumptions?.['ENV-20'] === 'lenient'));
    assert.ok(checkOperationSetReply(setReply([{ code: '2.12' }]), expect, ctxOf({ 'ENV-20': 'strict' })).every((f) => f.severity === 'error'));
    assert.ok(checkOperationSetReply(setReply([{ code: '5.9', operationId: 7 }]), expect, ctxOf()).some((f) => f.severity === 'error' && /operation 7/.test(f.message)));
  });

  test('OperationSet reply findings carry expected / actual (issue 16)', () => {
    const expect = { operationIds: [1, 2, 3], failing: 3, transactional: true };
    const fs = checkOperationSetReply(setReply([{ code: '2.12' }, { code: '5.9', operationId: 7 }]), expect, ctxOf());
    assert.deepEqual(fs.map((f) => [f.expected, f.actual]), [
      ['operationId 1, 2, 3', 'operationId 7'],
      ['an Error with operationId 3', '2.12, 5.9 (operation 7)'],
    ]);
    const no59 = checkOperationSetReply(setReply([{ code: '2.12', operationId: 3 }]), expect, ctxOf());
    assert.deepEqual(no59.map((f) => [f.expected, f.actual]), [['code 5.9', 'code(s) 2.12']]);
  });

  test('business-rule codes come from CIM9-14, with the profile overriding one case', () => {
    assert.deepEqual(businessRuleCodes(ctxOf(), 'linkedElsewhere').codes, ['2.13', '2.29']);
    const register = { 'CIM9-14': resolveAssumptions({ 'CIM9-14': { duplicate: ['6.1'] } })['CIM9-14'] };
    assert.deepEqual(businessRuleCodes({ assumptions: {}, register }, 'duplicate').codes, ['6.1']);
    assert.deepEqual(businessRuleCodes({ assumptions: {}, register }, 'relationshipMismatch').codes, ['2.29', '2.13']);
  });
});

// ------------------------------------------------------------------------------------------------ the reference SUT

describe('the reference SUT: master-data rules', () => {
  const timers = new Set<NodeJS.Timeout>();
  after(() => {
    for (const t of timers) clearTimeout(t);
  });
  function sim(faults: string[] = []): SimContext {
    return createContext({ store: new Store([{ mRID: 'M-1', usagePoint: 'UP-1' }]), pack, roles: ['MDM'], faults, subscribers: {}, soapVersion: '1.1', asyncDelayMs: 10, asyncDeadlineMs: 1000, log: () => {}, pending: new Set(), timers });
  }
  const ask = (ctx: SimContext, m: Message) => {
    const out = answer('MDM', Buffer.from(toSoap(m, '1.1').xml), ctx);
    assert.deepEqual(errors(out.xml).map((f) => f.message), [], 'the answer is schema-valid');
    return parsed(out.xml);
  };
  const codes = (m: ParsedMessage) => (m.reply?.errors ?? []).map((e) => e.code);
  const create = (ctx: SimContext, noun: string, root: XElement) => ask(ctx, { kind: 'request', header: header('create', noun), payload: { root } });
  const get = (ctx: SimContext, noun: ConfigNoun, filter: Record<string, string[]>) =>
    ask(ctx, { kind: 'request', header: header('get', noun), request: { query: buildGetConfig(noun, Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v.map((mRID) => ({ mRID }))]))) } });
  const link = (meter: string, up: string) => buildMasterDataLinkageConfig({ configurationEvent: { effectiveDateTime: '2024-01-01T00:00:00Z' }, objects: { Meter: [{ mRID: meter }], UsagePoint: [{ mRID: up }] } });
  const meterIds = (m: ParsedMessage) => (m.payload?.root?.children ?? []).filter((c) => c.name === 'Meter').map((c) => c.children.find((x) => x.name === 'mRID')?.text);

  test('the seeded meters are linked to their usage points', () => {
    const ctx = sim();
    assert.deepEqual(meterIds(get(ctx, 'MeterConfig', { UsagePoint: ['UP-1'] })), ['M-1']);
  });

  test('create, duplicate (6.1), unknown (2.4 / 2.12), link rules (2.13, 2.29), unlink', () => {
    const ctx = sim();
    const m = samples.newMeter();
    const root = buildMeterConfig({ meters: [m.meter], simpleEndDeviceFunctions: m.functions });
    assert.equal(create(ctx, 'MeterConfig', root).reply?.result, 'OK');
    assert.deepEqual(codes(create(ctx, 'MeterConfig', root)), ['6.1']);
    const got = get(ctx, 'MeterConfig', { Meter: [m.meter.mRID!] });
    assert.deepEqual(meterIds(got), [m.meter.mRID]);
    assert.ok(got.payload?.root?.children.some((c) => c.name === 'SimpleEndDeviceFunction'), 'the function definition comes with the meter');
    assert.deepEqual(codes(get(ctx, 'MeterConfig', { Meter: ['nope'] })), ['2.4']);
    assert.deepEqual(codes(create(ctx, 'MasterDataLinkageConfig', link('nope', 'UP-1'))), ['2.4']);
    assert.deepEqual(codes(create(ctx, 'MasterDataLinkageConfig', link(m.meter.mRID!, 'nope'))), ['2.12']);
    const up = samples.newUsagePoint(RT);
    assert.equal(create(ctx, 'UsagePointConfig', buildUsagePointConfig({ usagePoints: [up] })).reply?.result, 'OK');
    assert.deepEqual(codes(create(ctx, 'MasterDataLinkageConfig', link('M-1', up.mRID!))), ['2.13'], 'M-1 is linked to UP-1 already');
    assert.equal(create(ctx, 'MasterDataLinkageConfig', link(m.meter.mRID!, up.mRID!)).reply?.result, 'OK');
    assert.deepEqual(meterIds(get(ctx, 'MeterConfig', { UsagePoint: [up.mRID!] })), [m.meter.mRID]);
    const end = (verb: string, meter: string, usagePoint: string) => ask(ctx, { kind: 'request', header: header(verb, 'MasterDataLinkageConfig'), payload: { root: link(meter, usagePoint) } });
    assert.deepEqual(codes(end('delete', m.meter.mRID!, 'UP-1')), ['2.29']);
    assert.equal(end('close', m.meter.mRID!, up.mRID!).reply?.result, 'OK', 'close ends a link too (PAY-14)');
    assert.deepEqual(meterIds(get(ctx, 'MeterConfig', { UsagePoint: [up.mRID!] })), []);
  });

  const execute = (ctx: SimContext, transactional: boolean | undefined, unknownUp: boolean) => {
    const m = samples.newMeter();
    const up = samples.newUsagePoint(RT);
    const set = {
      enforceMsgSequence: true,
      enforceTransactionalIntegrity: transactional,
      operations: [
        { operationId: 1, noun: 'MeterConfig', verb: 'create', root: buildMeterConfig({ meters: [m.meter] }) },
        { operationId: 2, noun: 'UsagePointConfig', verb: 'create', root: buildUsagePointConfig({ usagePoints: [up] }) },
        { operationId: 3, noun: 'MasterDataLinkageConfig', verb: 'create', root: link(m.meter.mRID!, unknownUp ? 'nope' : up.mRID!) },
      ],
    };
    return { m, up, reply: ask(ctx, { kind: 'request', form: 'generic', header: header('execute', 'OperationSet'), payload: { operationSet: set } }) };
  };

  test('an OperationSet is applied in order; a transactional one is all or nothing (5.9 with the operationId)', () => {
    const ctx = sim();
    const ok = execute(ctx, true, false);
    assert.equal(ok.reply.reply?.result, 'OK');
    assert.deepEqual(meterIds(get(ctx, 'MeterConfig', { UsagePoint: [ok.up.mRID!] })), [ok.m.meter.mRID]);
    const bad = execute(ctx, true, true);
    assert.equal(bad.reply.reply?.result, 'FAILED');
    assert.deepEqual(bad.reply.reply?.errors?.map((e) => [e.code, e.operationId]), [['2.12', 3], ['5.9', 3]]);
    assert.deepEqual(codes(get(ctx, 'MeterConfig', { Meter: [bad.m.meter.mRID!] })), ['2.4'], 'nothing of the set was applied');
  });

  test('without transactional integrity (absent: false, ENV-06) the valid operations stand: PARTIAL', () => {
    const ctx = sim();
    const r = execute(ctx, undefined, true);
    assert.equal(r.reply.reply?.result, 'PARTIAL');
    assert.deepEqual(r.reply.reply?.errors?.map((e) => [e.code, e.operationId]), [['2.12', 3]]);
    assert.deepEqual(meterIds(get(ctx, 'MeterConfig', { Meter: [r.m.meter.mRID!] })), [r.m.meter.mRID]);
  });

  test('an execute with a noun the MDM does not serve is 2.5, an unsupported verb 2.9', () => {
    const ctx = sim();
    assert.deepEqual(codes(ask(ctx, { kind: 'request', form: 'generic', header: header('execute', 'ReceiptRecord') })), ['2.5']);
    assert.deepEqual(codes(ask(ctx, { kind: 'request', header: header('cancel', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [{ mRID: 'M-1' }] }) } })), ['2.9']);
  });

  test('asynchronous: acknowledged with 0.3, applied at once (state is per simulator instance)', () => {
    const a = sim();
    const b = sim();
    const m = samples.newMeter();
    const r = ask(a, { kind: 'request', header: header('create', 'MeterConfig', { asyncReplyFlag: true, replyAddress: 'http://127.0.0.1:9/replies' }), payload: { root: buildMeterConfig({ meters: [m.meter] }) } });
    assert.deepEqual([r.reply?.result, codes(r)], ['OK', ['0.3']]);
    assert.deepEqual(meterIds(get(a, 'MeterConfig', { Meter: [m.meter.mRID!] })), [m.meter.mRID]);
    assert.deepEqual(codes(get(b, 'MeterConfig', { Meter: [m.meter.mRID!] })), ['2.4']);
    assert.ok(masterData(a.store) !== masterData(b.store));
  });

  test('faults: stale Get, partial OperationSet, duplicate accepted, link rules off, unknown object accepted', () => {
    const stale = sim(['md-get-stale']);
    const m = samples.newMeter();
    create(stale, 'MeterConfig', buildMeterConfig({ meters: [m.meter] }));
    assert.deepEqual(codes(get(stale, 'MeterConfig', { Meter: [m.meter.mRID!] })), ['2.4'], 'the Get answers from the state before the create');

    const partial = sim(['md-operation-set-partial']);
    const bad = execute(partial, true, true);
    assert.equal(bad.reply.reply?.result, 'FAILED');
    assert.deepEqual(meterIds(get(partial, 'MeterConfig', { Meter: [bad.m.meter.mRID!] })), [bad.m.meter.mRID], 'operation 1 stayed applied');

    const dup = sim(['md-duplicate-create-accepted']);
    assert.equal(create(dup, 'MeterConfig', buildMeterConfig({ meters: [{ mRID: 'M-1', serialNumber: 'NEW' }] })).reply?.result, 'OK');

    const links = sim(['md-link-unchecked']);
    const up = samples.newUsagePoint(RT);
    create(links, 'UsagePointConfig', buildUsagePointConfig({ usagePoints: [up] }));
    assert.equal(create(links, 'MasterDataLinkageConfig', link('M-1', up.mRID!)).reply?.result, 'OK');

    const unknown = sim(['md-unknown-object-accepted']);
    assert.equal(ask(unknown, { kind: 'request', header: header('delete', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [{ mRID: 'nope' }] }) } }).reply?.result, 'OK');
  });
});

describe('the master-data faults', () => {
  test('are in the catalogue, name a rule of the rule catalogue, and apply to the MDM', () => {
    for (const f of MASTER_DATA_FAULTS) {
      assert.ok(FAULTS.some((x) => x.id === f.id), `${f.id} is merged into FAULTS`);
      assert.ok(isRuleId(f.violates.split(/\s/)[0]!), `${f.id}: ${f.violates}`);
      assert.deepEqual(f.roles, ['MDM']);
      assert.equal(f.area, 'master-data');
    }
    assert.equal(new Set(FAULTS.map((f) => f.id)).size, FAULTS.length);
  });
});

// ------------------------------------------------------------------------------------------------ publication (UC-29)

/** a simulator context whose publications are recorded instead of posted */
function publishingSim(faults: string[] = [], subscriber: string | null = 'http://subscriber.test/masterdata') {
  const ctx = createContext({ store: new Store([{ mRID: 'M-1', usagePoint: 'UP-1' }]), pack, roles: ['MDM'], faults, subscribers: subscriber ? { masterData: subscriber } : {}, soapVersion: '1.1', asyncDelayMs: 10_000, asyncDeadlineMs: 20_000, log: () => {}, pending: new Set(), timers: pubTimers });
  const sent: { url: string; msg: Message; xml: string }[] = [];
  ctx.publish = (url, msg, version) => {
    sent.push({ url, msg, xml: toSoap(msg, version).xml });
  };
  const ask = (m: Message) => {
    const before = sent.length;
    const out = answer('MDM', Buffer.from(toSoap(m, '1.1').xml), ctx);
    return { reply: parsed(out.xml), published: sent.slice(before).filter((p) => p.url === subscriber) };
  };
  return { ctx, sent, ask };
}
const pubTimers = new Set<NodeJS.Timeout>();
after(() => {
  for (const t of pubTimers) clearTimeout(t);
});

const linkRoot = (meter: string, up: string) => buildMasterDataLinkageConfig({ configurationEvent: { effectiveDateTime: '2024-01-01T00:00:00Z' }, objects: { Meter: [{ mRID: meter }], UsagePoint: [{ mRID: up }] } });
const mrids = (m: ParsedMessage | undefined, object = 'Meter') => (m?.payload?.root?.children ?? []).filter((c) => c.name === object).map((c) => c.children.find((x) => x.name === 'mRID')?.text);

describe('the reference SUT publishes its master-data changes to the subscriber (UC-29)', () => {
  test('create, change, delete of a config noun: one past-tense EventMessage each, schema-valid, fresh MessageID, the object as it now is', () => {
    const s = publishingSim();
    const m = samples.newMeter();
    const req = header('create', 'MeterConfig');
    const c = s.ask({ kind: 'request', header: req, payload: { root: buildMeterConfig({ meters: [m.meter], simpleEndDeviceFunctions: m.functions }) } });
    assert.equal(c.reply.reply?.result, 'OK');
    assert.equal(c.published.length, 1);
    assert.deepEqual(errors(c.published[0]!.xml).map((f) => f.message), [], 'the publication is schema-valid');
    const created = parsed(c.published[0]!.xml);
    assert.equal(created.kind, 'event');
    assert.deepEqual([created.header?.verb, created.header?.noun], ['created', 'MeterConfig']);
    assert.ok(created.header?.messageId && created.header.messageId !== req.messageId && created.header.messageId !== c.reply.header?.messageId, 'a fresh MessageID');
    assert.equal(created.header?.correlationId, undefined, 'a publication answers no request of the subscriber');
    assert.deepEqual(mrids(created), [m.meter.mRID]);

    const change = buildMeterConfig({ meters: [samples.meterChange(m.meter.mRID!)] });
    const ch = s.ask({ kind: 'request', header: header('change', 'MeterConfig'), payload: { root: change } });
    const changed = parsed(ch.published[0]!.xml);
    assert.deepEqual([ch.published.length, changed.header?.verb], [1, 'changed']);
    const want = factsOf('MeterConfig', applyChange('MeterConfig', buildMeterConfig({ meters: [m.meter] }).children![0] as XElement, change.children![0] as XElement));
    const got = factsOf('MeterConfig', changed.payload!.root!.children.find((c) => c.name === 'Meter')!);
    for (const [k, v] of want) assert.ok(got.has(k) && sameValue(got.get(k)!, v), `published ${k} = ${got.get(k)}, expected ${v}`);

    const d = s.ask({ kind: 'request', header: header('delete', 'MeterConfig', { asyncReplyFlag: true, replyAddress: 'http://127.0.0.1:9/replies' }), payload: { root: buildMeterConfig({ meters: [{ mRID: m.meter.mRID }] }) } });
    assert.deepEqual([d.reply.reply?.result, d.published.length], ['OK', 1], 'an asynchronous request publishes too (at once)');
    const deleted = parsed(d.published[0]!.xml);
    assert.equal(deleted.header?.verb, 'deleted');
    const gone = deleted.payload!.root!.children.find((c) => c.name === 'Meter')!;
    assert.deepEqual(gone.children.map((c) => c.name).filter((n) => n !== 'Names'), ['mRID'], 'the identity of what went');
  });

  test('links: created / closed MasterDataLinkageConfig naming the meter and the usage point', () => {
    const s = publishingSim();
    const up = samples.newUsagePoint(RT);
    s.ask({ kind: 'request', header: header('create', 'UsagePointConfig'), payload: { root: buildUsagePointConfig({ usagePoints: [up] }) } });
    const m = samples.newMeter();
    s.ask({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [m.meter] }) } });
    const l = s.ask({ kind: 'request', header: header('create', 'MasterDataLinkageConfig'), payload: { root: linkRoot(m.meter.mRID!, up.mRID!) } });
    const linked = parsed(l.published[0]!.xml);
    assert.deepEqual([l.published.length, linked.header?.verb, linked.header?.noun], [1, 'created', 'MasterDataLinkageConfig']);
    assert.ok(identifiersIn(linked.payload?.root).has(m.meter.mRID!) && identifiersIn(linked.payload?.root).has(up.mRID!));
    const e = s.ask({ kind: 'request', header: header('close', 'MasterDataLinkageConfig'), payload: { root: linkRoot(m.meter.mRID!, up.mRID!) } });
    assert.deepEqual([e.published.length, parsed(e.published[0]!.xml).header?.verb], [1, 'closed']);
  });

  const set = (up: string | undefined, transactional: boolean | undefined) => {
    const m = samples.newMeter();
    const u = samples.newUsagePoint(RT);
    return {
      m,
      u,
      msg: {
        kind: 'request' as const,
        form: 'generic' as const,
        header: header('execute', 'OperationSet'),
        payload: {
          operationSet: {
            enforceMsgSequence: true,
            enforceTransactionalIntegrity: transactional,
            operations: [
              { operationId: 1, noun: 'MeterConfig', verb: 'create', root: buildMeterConfig({ meters: [m.meter] }) },
              ...(up === undefined ? [{ operationId: 2, noun: 'UsagePointConfig', verb: 'create', root: buildUsagePointConfig({ usagePoints: [u] }) }] : []),
              { operationId: 3, noun: 'MasterDataLinkageConfig', verb: 'create', root: linkRoot(m.meter.mRID!, up ?? u.mRID!) },
            ],
          },
        },
      },
    };
  };

  test('an OperationSet: executed with the operations applied (P4); an aborted set publishes nothing; a PARTIAL one only what was applied', () => {
    const s = publishingSim();
    const ok = s.ask(set(undefined, true).msg);
    assert.equal(ok.published.length, 1);
    assert.deepEqual(errors(ok.published[0]!.xml).map((f) => f.message), []);
    const executed = parsed(ok.published[0]!.xml);
    assert.deepEqual([executed.kind, executed.header?.verb, executed.payload?.operationSet?.operations.map((o) => o.operationId)], ['event', 'executed', [1, 2, 3]]);
    const aborted = s.ask(set('nope', true).msg);
    assert.deepEqual([aborted.reply.reply?.result, aborted.published.length], ['FAILED', 0]);
    const partial = s.ask(set('nope', false).msg);
    assert.equal(partial.reply.reply?.result, 'PARTIAL');
    assert.deepEqual(partial.published.map((p) => parsed(p.xml).payload?.operationSet?.operations.map((o) => o.operationId)), [[1]]);
  });

  test('nothing is published for a refused request, for a change that changed nothing, or without a subscriber', () => {
    const s = publishingSim();
    const dup = s.ask({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [{ mRID: 'M-1', serialNumber: 'X' }] }) } });
    assert.deepEqual([dup.reply.reply?.result, dup.published.length], ['FAILED', 0]);
    assert.equal(s.ask({ kind: 'request', header: header('create', 'MasterDataLinkageConfig'), payload: { root: linkRoot('M-1', 'nope') } }).published.length, 0);
    assert.equal(s.ask({ kind: 'request', header: header('get', 'MeterConfig'), request: { query: buildGetConfig('MeterConfig', { Meter: [{ mRID: 'M-1' }] }) } }).published.length, 0, 'a Get changes nothing');
    const unknown = publishingSim(['md-unknown-object-accepted']);
    assert.equal(unknown.ask({ kind: 'request', header: header('delete', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [{ mRID: 'nope' }] }) } }).published.length, 0, 'OK, but nothing changed');
    const none = publishingSim([], null);
    const m = samples.newMeter();
    none.ask({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [m.meter] }) } });
    assert.equal(none.sent.length, 0);
  });

  test('faults: missing, not past tense, stale, twice, on refusal', () => {
    const createMeter = (s: ReturnType<typeof publishingSim>) => {
      const m = samples.newMeter();
      return { m, r: s.ask({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [m.meter] }) } }) };
    };
    assert.equal(createMeter(publishingSim(['md-publication-missing'])).r.published.length, 0);
    const present = parsed(createMeter(publishingSim(['md-publication-not-past-tense'])).r.published[0]!.xml);
    assert.deepEqual([present.kind, present.header?.verb], ['request', 'create']);
    assert.equal(createMeter(publishingSim(['md-publication-twice'])).r.published.length, 2);
    const stale = publishingSim(['md-publication-stale']);
    const { m } = createMeter(stale);
    const ch = stale.ask({ kind: 'request', header: header('change', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [samples.meterChange(m.meter.mRID!)] }) } });
    const published = parsed(ch.published[0]!.xml).payload!.root!.children.find((c) => c.name === 'Meter')!;
    assert.deepEqual(factsOf('MeterConfig', published), factsOf('MeterConfig', buildMeterConfig({ meters: [m.meter] }).children![0] as XElement), 'the meter as it was before the change');
    const refusal = publishingSim(['md-publication-on-refusal']);
    const r = refusal.ask({ kind: 'request', header: header('create', 'MasterDataLinkageConfig'), payload: { root: linkRoot('M-1', 'nope') } });
    assert.deepEqual([r.reply.reply?.result, r.published.length, parsed(r.published[0]!.xml).header?.verb], ['FAILED', 1, 'created']);
    assert.equal(refusal.ask(set('nope', true).msg).published.length, 1, 'an aborted set too');
  });

  test('fault md-publication-delta: a create in full, a change as a delta (identity and the elements of the change), schema-valid', () => {
    const s = publishingSim(['md-publication-delta']);
    const m = samples.newMeter();
    const c = s.ask({ kind: 'request', header: header('create', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [m.meter] }) } });
    const created = parsed(c.published[0]!.xml).payload!.root!.children.find((x) => x.name === 'Meter')!;
    assert.deepEqual(factsOf('MeterConfig', created), factsOf('MeterConfig', buildMeterConfig({ meters: [m.meter] }).children![0] as XElement), 'a created object in full');
    const change = buildMeterConfig({ meters: [samples.meterChange(m.meter.mRID!)] });
    const ch = s.ask({ kind: 'request', header: header('change', 'MeterConfig'), payload: { root: change } });
    assert.equal(ch.published.length, 1);
    assert.deepEqual(errors(ch.published[0]!.xml).map((f) => f.message), [], 'the delta is schema-valid');
    const published = parsed(ch.published[0]!.xml).payload!.root!.children.find((x) => x.name === 'Meter')!;
    const shown = new Map([...factsOf('MeterConfig', published)].filter(([k]) => !k.startsWith('Names')));
    assert.deepEqual(shown, factsOf('MeterConfig', change.children![0] as XElement), 'only the identity (mRID, Names) and the elements of the change');
    assert.ok(!published.children.some((x) => x.name === 'serialNumber'), 'an element the change did not carry is left out');
    const d = s.ask({ kind: 'request', header: header('delete', 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [{ mRID: m.meter.mRID }] }) } });
    assert.equal(parsed(d.published[0]!.xml).header?.verb, 'deleted');
  });
});

describe('MD-PUBLICATION: the checks of a publication', () => {
  const wire = (m: Message) => {
    const r = readMessage(toSoap(m, '1.1').xml);
    assert.ok(r.ok);
    return r.wire;
  };
  const m = samples.newMeter();
  const element = buildMeterConfig({ meters: [m.meter] }).children![0] as XElement;
  const expectedObject = (el: XElement | undefined): ExpectedObject => ({ profile: 'MeterConfig', object: 'Meter', id: m.meter.mRID!, element: el, history: ['created by create(MeterConfig)'] });
  const expectation = (over: Partial<PublicationExpectation> = {}): PublicationExpectation => ({
    change: 'create(MeterConfig)',
    verbs: ['created'],
    noun: 'MeterConfig',
    carries: 'payload',
    items: [{ kind: 'object', expected: expectedObject(element), removed: new Map() }],
    assumptions: { 'UC-29': 'when-subscribed', 'pics.publishes (master data)': 'true' },
    ...over,
  });
  const event = (verb: string, root: XElement | undefined, kind: Message['kind'] = 'event', noun = 'MeterConfig'): Message => ({ kind, header: header(verb, noun, { correlationId: undefined }), payload: root ? { root } : undefined });
  const pubErrors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
  const only = (fs: Finding[], what: string) => {
    const e = pubErrors(fs);
    assert.ok(e.length > 0, `${what}: an error expected`);
    for (const f of e) {
      assert.equal(f.rule, 'MD-PUBLICATION', `${what}: ${f.message}`);
      assert.equal(f.assumptions?.['UC-29'], 'when-subscribed', `${what}: the finding records UC-29`);
      assert.equal(f.assumptions?.['pics.publishes (master data)'], 'true');
    }
  };

  test('the past-tense event with the object as it now is passes (element order and extra data do not matter)', () => {
    assert.deepEqual(pubErrors(checkPublication(wire(event('created', buildMeterConfig({ meters: [m.meter], simpleEndDeviceFunctions: m.functions }))), expectation(), ctxOf())), []);
  });

  test('a RequestMessage, another verb, another noun, no payload, another profile: MD-PUBLICATION', () => {
    const root = buildMeterConfig({ meters: [m.meter] });
    only(checkPublication(wire(event('create', root, 'request')), expectation(), ctxOf()), 'RequestMessage');
    only(checkPublication(wire(event('changed', root)), expectation(), ctxOf()), 'verb');
    only(checkPublication(wire(event('created', undefined)), expectation(), ctxOf()), 'no payload');
    only(checkPublication(wire({ ...event('created', root), header: header('created', 'EndDeviceConfig') }), expectation(), ctxOf()), 'noun');
    only(checkPublication(wire(event('created', buildUsagePointConfig({ usagePoints: [samples.newUsagePoint(RT)] }), 'event', 'MeterConfig')), expectation(), ctxOf()), 'another profile');
  });

  test('stale content, a missing object, another object, a deleted detail still there: MD-PUBLICATION', () => {
    const changed = applyChange('MeterConfig', element, buildMeterConfig({ meters: [samples.meterChange(m.meter.mRID!)] }).children![0] as XElement);
    only(checkPublication(wire(event('changed', buildMeterConfig({ meters: [m.meter] }))), expectation({ verbs: ['changed'], change: 'change(MeterConfig)', items: [{ kind: 'object', expected: expectedObject(changed), removed: new Map() }] }), ctxOf()), 'stale');
    only(checkPublication(wire(event('created', buildMeterConfig({ meters: [{ mRID: 'other' }] }))), expectation(), ctxOf()), 'another object');
    const withOther = checkPublication(wire(event('created', buildMeterConfig({ meters: [m.meter, { mRID: 'other' }] }))), expectation(), ctxOf());
    only(withOther, 'one more object');
    assert.ok(withOther.some((f) => /other, which the change did not concern/.test(f.message)));
    const removed = new Map([['serialNumber', m.meter.serialNumber ?? '']]);
    const withoutSerial: XElement = { ...element, children: (element.children ?? []).filter((c) => c && c.name !== 'serialNumber') };
    only(checkPublication(wire(event('changed', buildMeterConfig({ meters: [m.meter] }))), expectation({ verbs: ['changed'], items: [{ kind: 'object', expected: expectedObject(withoutSerial), removed }] }), ctxOf()), 'deleted detail shown');
  });

  test('a delete: the identity of what went is enough; not naming it is MD-PUBLICATION', () => {
    const gone = expectation({ verbs: ['deleted'], change: 'delete(MeterConfig)', items: [{ kind: 'object', expected: expectedObject(undefined), removed: new Map() }] });
    assert.deepEqual(pubErrors(checkPublication(wire(event('deleted', buildMeterConfig({ meters: [{ mRID: m.meter.mRID }] }))), gone, ctxOf())), []);
    only(checkPublication(wire(event('deleted', buildMeterConfig({ meters: [{ mRID: 'M-1' }] }))), gone, ctxOf()), 'not named');
  });

  test('links and names: every identifier named; the end of a link may be closed or deleted (PAY-14)', () => {
    const link = expectation({ noun: 'MasterDataLinkageConfig', verbs: ['closed', 'deleted'], change: 'close(MasterDataLinkageConfig)', items: [{ kind: 'link', ids: ['M-1', 'UP-1'], ended: true }] });
    assert.deepEqual(pubErrors(checkPublication(wire(event('deleted', linkRoot('M-1', 'UP-1'), 'event', 'MasterDataLinkageConfig')), link, ctxOf())), []);
    only(checkPublication(wire(event('closed', linkRoot('M-1', 'UP-2'), 'event', 'MasterDataLinkageConfig')), link, ctxOf()), 'another usage point');
  });

  test('an OperationSet: executed with Payload/OperationSet passes, without it MD-PUBLICATION; another Header/Noun is reported (UC-32 any), an error when OperationSet is required', () => {
    const opSet = (noun = 'OperationSet', withSet = true): Message => ({
      kind: 'event',
      form: 'generic',
      header: header('executed', noun, { correlationId: undefined }),
      payload: withSet ? { operationSet: { operations: [{ operationId: 1, noun: 'MeterConfig', verb: 'create', root: buildMeterConfig({ meters: [m.meter] }) }] } } : { root: buildMeterConfig({ meters: [m.meter] }) },
    });
    const expect = expectation({ verbs: ['executed'], noun: 'OperationSet', carries: 'operation-set', change: 'execute(OperationSet)' });
    assert.deepEqual(pubErrors(checkPublication(wire(opSet()), expect, ctxOf())), []);
    only(checkPublication(wire(opSet('OperationSet', false)), expect, ctxOf()), 'no OperationSet');
    const noun = checkPublication(wire(opSet('MeterConfig')), expect, ctxOf());
    assert.ok(noun.some((f) => f.rule === 'MD-PUBLICATION' && f.severity === 'info' && f.assumptions?.['UC-32'] === 'any'));
    only(checkPublication(wire(opSet('MeterConfig')), expect, ctxOf({ 'UC-32': 'operation-set' })), 'UC-32 strict');
  });

  describe('CIM9-51: the publication of a change in full or as a delta', () => {
    const changeEl = buildMeterConfig({ meters: [samples.meterChange(m.meter.mRID!)] }).children![0] as XElement;
    const changed = applyChange('MeterConfig', element, changeEl);
    const now = factsOf('MeterConfig', changed);
    const delta = new Map([...factsOf('MeterConfig', changeEl)].map(([k, v]) => [k, now.get(k) ?? v]));
    const history = ['created by create(MeterConfig)', 'changed by change(MeterConfig)'];
    const change = expectation({
      verbs: ['changed'],
      change: 'change(MeterConfig)',
      items: [{ kind: 'object', expected: { ...expectedObject(changed), history }, removed: new Map(), delta }],
    });
    const publish = (meter: XElement) => wire(event('changed', { ...buildMeterConfig({ meters: [] }), children: [meter] }));
    const full = publish(changed);
    const good = publish(changeEl);
    const withoutForm = publish({ ...changeEl, children: (changeEl.children ?? []).filter((c) => c && c.name !== 'formNumber') });
    const stale = publish(element);
    const check = (w: ReturnType<typeof wire>, mode?: string) => checkPublication(w, change, ctxOf(mode ? { 'CIM9-51': mode } : {}));
    const recorded = (fs: Finding[], mode: string) => {
      for (const f of fs) assert.equal(f.assumptions?.['CIM9-51'], mode, `${f.message}: records CIM9-51`);
    };

    test('the default is either', () => {
      assert.equal(resolveAssumptions({})['CIM9-51'], 'either');
    });

    test('the object as it now is passes in every mode', () => {
      for (const mode of ['full', 'delta', 'either']) assert.deepEqual(check(full, mode).map((f) => f.message), [], mode);
    });

    test('a good delta passes under delta; under either it passes with an info finding that says so', () => {
      assert.deepEqual(check(good, 'delta'), []);
      for (const fs of [check(good, 'either'), check(good)]) {
        assert.deepEqual(pubErrors(fs), []);
        const info = fs.filter((f) => f.severity === 'info');
        assert.equal(info.length, 1, fs.map((f) => f.message).join('\n'));
        assert.equal(info[0]!.rule, 'MD-PUBLICATION');
        assert.match(info[0]!.message, /carries a delta of Meter .*not the object as it now is \(\d+ differences from it, e\.g\. Meter .* lacks .*accepted as a delta \(CIM9-51 either\)/);
        recorded(fs, 'either');
        assert.equal(info[0]!.assumptions?.['UC-29'], 'when-subscribed');
      }
    });

    test('a delta fails under full', () => {
      const fs = check(good, 'full');
      only(fs, 'delta under full');
      assert.ok(fs.some((f) => /lacks serialNumber/.test(f.message)));
      recorded(fs, 'full');
    });

    test('a delta without an element of the change fails in every mode', () => {
      for (const mode of ['full', 'delta', 'either']) {
        const fs = check(withoutForm, mode);
        only(fs, `no formNumber under ${mode}`);
        assert.ok(fs.some((f) => f.severity === 'error' && /lacks formNumber/.test(f.message)), mode);
        recorded(fs, mode);
      }
      assert.ok(check(withoutForm, 'either').some((f) => /neither the object as it now is nor a delta/.test(f.message)));
    });

    test('a stale full publication (the object as it was) fails in every mode', () => {
      for (const mode of ['full', 'delta', 'either']) {
        const fs = check(stale, mode);
        only(fs, `stale under ${mode}`);
        assert.ok(fs.some((f) => f.severity === 'error' && /formNumber/.test(f.message)), mode);
        recorded(fs, mode);
      }
    });

    test('a changed value other than the change sent fails under delta; a deleted detail shown fails too', () => {
      const other = publish({ ...changeEl, children: (changeEl.children ?? []).map((c) => (c && c.name === 'formNumber' ? { ...c, text: '2S' } : c)) });
      assert.ok(check(other, 'delta').some((f) => f.severity === 'error' && /formNumber = "2S", but the change set it to "16S"/.test(f.message)));
      const removed = new Map([['serialNumber', m.meter.serialNumber ?? '']]);
      const withoutSerial = applyChange('MeterConfig', { ...element, children: (element.children ?? []).filter((c) => c && c.name !== 'serialNumber') }, changeEl);
      const gone = expectation({ verbs: ['changed'], change: 'change(MeterConfig)', items: [{ kind: 'object', expected: expectedObject(withoutSerial), removed, delta }] });
      const shown = publish({ ...changeEl, children: [...(changeEl.children ?? []), ...(element.children ?? []).filter((c) => c && c.name === 'serialNumber')] });
      assert.ok(checkPublication(shown, gone, ctxOf({ 'CIM9-51': 'delta' })).some((f) => f.severity === 'error' && /still has serialNumber, which was deleted/.test(f.message)));
    });

    test('a created object is compared in full whatever CIM9-51 says, and does not depend on it', () => {
      for (const mode of ['full', 'delta', 'either']) {
        const fs = checkPublication(wire(event('created', { ...buildMeterConfig({ meters: [] }), children: [{ ...element, children: (element.children ?? []).filter((c) => c && c.name !== 'serialNumber') }] })), expectation(), ctxOf({ 'CIM9-51': mode }));
        only(fs, `a created object without serialNumber under ${mode}`);
        for (const f of fs) assert.equal(f.assumptions?.['CIM9-51'], undefined);
      }
    });

    test('an OperationSet: a change operation published as a delta is accepted under either (info), refused under full', () => {
      const opSet: Message = {
        kind: 'event',
        form: 'generic',
        header: header('executed', 'OperationSet', { correlationId: undefined }),
        payload: { operationSet: { operations: [{ operationId: 1, noun: 'MeterConfig', verb: 'change', root: { ...buildMeterConfig({ meters: [] }), children: [changeEl] } }] } },
      };
      const expect = { ...change, verbs: ['executed'], noun: 'OperationSet', carries: 'operation-set' as const, change: 'execute(OperationSet)' };
      const either = checkPublication(wire(opSet), expect, ctxOf());
      assert.deepEqual(pubErrors(either), []);
      assert.ok(either.some((f) => f.severity === 'info' && /delta/.test(f.message) && f.assumptions?.['CIM9-51'] === 'either'));
      only(checkPublication(wire(opSet), expect, ctxOf({ 'CIM9-51': 'full' })), 'an OperationSet delta under full');
    });
  });

  test('missing, repeated and refused-change findings name MD-PUBLICATION and the assumptions', () => {
    const a = { 'UC-29': 'always', 'pics.publishes (master data)': 'false' };
    const fs = [
      missingPublicationFinding('p', { change: 'create(MeterConfig)', verbs: ['created'], noun: 'MeterConfig', assumptions: a }, { seconds: 5, address: 'http://x/masterdata', strays: ['#3 oversized'] }),
      repeatedPublicationFinding('p', 'create(MeterConfig)', { at: new Date(0) }, { at: new Date(500), messageId: 'm2' }, a),
      publicationOfRefusalFinding('p', 'create(MasterDataLinkageConfig)', { verb: 'created', noun: 'MasterDataLinkageConfig' }, a),
    ];
    for (const f of fs) assert.deepEqual([f.rule, f.severity, f.assumptions], ['MD-PUBLICATION', 'error', a]);
    assert.match(fs[0]!.message, /within 5 s.*instead: #3 oversized$/);
  });
});

describe('the engine as a registered subscriber (World, listener, reference SUT)', () => {
  const base = loadProfile(repoPath('profiles', 'reference.yaml'));
  const open: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const o of open.reverse()) await o.close();
    await closeAllClients(100);
  });

  async function engine(faults: string[] = [], over: { registered?: boolean; uc29?: string; eventSeconds?: number; assume?: Record<string, string> } = {}) {
    const overrides = { ...(over.uc29 ? { 'UC-29': over.uc29 } : {}), ...(over.assume ?? {}) };
    const profile: Profile = {
      ...base,
      timeouts: { ...base.timeouts, eventSeconds: over.eventSeconds ?? 2, quietSeconds: 0.3 },
      ...((over.registered ?? true) ? {} : withoutPublications(base, (n) => isMasterDataNoun(n))),
      assumptions: Object.keys(overrides).length ? { ...base.assumptions, ...resolveAssumptions(overrides) } : base.assumptions,
    };
    const listener = await startListener({
      maxBytes: 1024 * 1024,
      inspect: (body) => {
        const r = readMessage(body);
        const h = r.ok ? r.wire.message?.header : undefined;
        return r.ok ? { verb: h?.verb, noun: h?.noun, messageId: h?.messageId, correlationId: h?.correlationId } : { problem: r.problem.message };
      },
      respond: () => ({ status: 200, contentType: 'text/xml; charset=utf-8', body: toSoap({ kind: 'response', header: header('reply', 'MeterConfig'), reply: { result: 'OK' } }, '1.1').xml }),
    });
    open.push(listener);
    const sim = await startSimulator({ schemaPack: pack, faults, subscribers: publishesMasterData(profile) ? { masterData: listener.urlFor(LISTENER_PATHS.masterData) } : {}, asyncDelayMs: 5 });
    open.push(sim);
    const attachments: string[] = [];
    const attach = ((_data: unknown, o?: { fileName?: string }) => {
      attachments.push(typeof o === 'object' ? (o?.fileName ?? '') : '');
    }) as unknown as IWorldOptions['attach'];
    const w = new Cim9World({ attach, log: (() => undefined) as unknown as IWorldOptions['log'], link: (() => undefined) as unknown as IWorldOptions['link'], parameters: {} });
    const run: RunContext = { profile, assumptions: describeAssumptions(profile), pack, listener, simulator: sim, faults, endpoint: (role) => sim.urlFor(role as 'MDM'), messageIds: new MessageIdRegistry(), reportsDir: '/nonexistent', close: async () => undefined };
    w.run = run;
    w.scenarioName = `publication test ${faults.join(',')}`;
    return { w, listener, attachments };
  }

  const createMeter = async (w: Cim9World, async = false) => {
    const d = describeSubject(w, 'meter');
    return request(w, { verb: 'create', noun: 'MeterConfig', root: d.root, async });
  };
  const failsWith = async (p: Promise<unknown>, rule: string) => {
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ConformanceFailure, String(e));
      assert.ok(e.findings.some((f) => f.rule === rule && f.severity === 'error' && f.assumptions?.['UC-29'] !== undefined), e.message);
      return true;
    });
  };

  test('a good publication passes, is claimed and attached; UC-29 and the capability are recorded', async () => {
    const { w, listener, attachments } = await engine();
    const tx = await createMeter(w);
    await checkPublished(w, tx);
    assert.ok(attachments.some((a) => /publication of create\(MeterConfig\)/.test(a)));
    assert.deepEqual([w.usedAssumptions['UC-29'], w.usedAssumptions['pics.publishes (master data)']], ['when-subscribed', 'true']);
    assert.deepEqual(listener.unclaimed().filter((m) => m.path === LISTENER_PATHS.masterData), []);
  });

  test('four steps, then a change: the precondition\'s publication is claimed before the change is sent and not taken for it', async () => {
    const { w, listener, attachments } = await engine();
    const d = describeSubject(w, 'meter');
    await perform(w, { verb: 'create', noun: 'MeterConfig', root: d.root, async: true }, 'a meter created');
    const tx = await request(w, subjectRequest(w, 'change', 'MeterConfig', 'meter', true));
    checkStep2(w, tx);
    await checkStep3(w, tx);
    await checkPublished(w, tx);
    assert.ok(attachments.some((a) => /publication of create\(MeterConfig\).*not examined/.test(a)), attachments.join('\n'));
    await collectLeftoverPublications(w);
    assert.deepEqual(listener.unclaimed().filter((m) => m.path === LISTENER_PATHS.masterData), [], 'nothing left unsolicited');
  });

  test('each publication fault fails the check with MD-PUBLICATION', async () => {
    for (const fault of ['md-publication-missing', 'md-publication-not-past-tense', 'md-publication-twice']) {
      const { w } = await engine([fault], { eventSeconds: 1 });
      await failsWith(checkPublished(w, await createMeter(w)), 'MD-PUBLICATION');
    }
    const { w } = await engine(['md-publication-stale']);
    const d = describeSubject(w, 'meter');
    await perform(w, { verb: 'create', noun: 'MeterConfig', root: d.root, async: false }, 'a meter created');
    const tx = await request(w, subjectRequest(w, 'change', 'MeterConfig', 'meter', false));
    await failsWith(checkPublished(w, tx), 'MD-PUBLICATION');
  });

  test('md-publication-delta: accepted with an info finding under the default (CIM9-51 either, recorded), MD-PUBLICATION under CIM9-51 full', async () => {
    const change = async (w: Cim9World) => {
      const d = describeSubject(w, 'meter');
      await perform(w, { verb: 'create', noun: 'MeterConfig', root: d.root, async: false }, 'a meter created');
      return request(w, subjectRequest(w, 'change', 'MeterConfig', 'meter', false));
    };
    const lenient = await engine(['md-publication-delta']);
    await checkPublished(lenient.w, await change(lenient.w));
    const info = lenient.w.findings.filter((f) => f.rule === 'MD-PUBLICATION');
    assert.ok(info.length > 0 && info.every((f) => f.severity === 'info' && f.assumptions?.['CIM9-51'] === 'either' && f.assumptions?.['UC-29'] === 'when-subscribed'), info.map((f) => f.message).join('\n'));
    assert.match(info[0]!.message, /carries a delta of Meter/);
    assert.equal(lenient.w.usedAssumptions['CIM9-51'], 'either', 'the scenario records the assumption it used');
    const strict = await engine(['md-publication-delta'], { assume: { 'CIM9-51': 'full' } });
    await failsWith(checkPublished(strict.w, await change(strict.w)), 'MD-PUBLICATION');
    assert.equal(strict.w.usedAssumptions['CIM9-51'], 'full');
    const clean = await engine();
    const tx = await change(clean.w);
    await checkPublished(clean.w, tx);
    assert.deepEqual(clean.w.findings.filter((f) => f.rule === 'MD-PUBLICATION'), [], 'the reference SUT publishes the object in full');
  });

  test('a refused request: nothing told passes; a publication of it is MD-PUBLICATION', async () => {
    const link = (w: Cim9World) => request(w, { verb: 'create', noun: 'MasterDataLinkageConfig', root: buildMasterDataLinkageConfig({ configurationEvent: { effectiveDateTime: nowTimestamp() }, objects: { Meter: [{ mRID: 'M-1001' }], UsagePoint: [{ mRID: 'UP-9999' }] } }), async: false });
    const good = await engine();
    await checkNothingPublished(good.w, await link(good.w));
    const bad = await engine(['md-publication-on-refusal']);
    await failsWith(checkNothingPublished(bad.w, await link(bad.w)), 'MD-PUBLICATION');
  });

  test('not registered: a plain note, no verdict, no wait; UC-29 = always makes it required', async () => {
    const { w, attachments } = await engine([], { registered: false });
    const tx = await createMeter(w);
    const t0 = Date.now();
    await checkPublished(w, tx);
    await checkNothingPublished(w, tx);
    assert.ok(Date.now() - t0 < 500);
    assert.equal(attachments.filter((a) => a === 'publication not checked (UC-29).txt').length, 2);
    assert.equal(w.usedAssumptions['pics.publishes (master data)'], 'false');
    const always = await engine([], { registered: false, uc29: 'always', eventSeconds: 1 });
    await failsWith(checkPublished(always.w, await createMeter(always.w)), 'MD-PUBLICATION');
  });

  test('a broken publication (not XML) is a finding, never a hang', async () => {
    const { w, listener } = await engine([], { registered: false, uc29: 'always', eventSeconds: 3 });
    const tx = await createMeter(w);
    const t0 = Date.now();
    const posted = postSoap(listener.urlFor(LISTENER_PATHS.masterData), '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><broken', { soapVersion: '1.1', timeoutMs: 2000, maxBytes: 1 << 20 });
    await assert.rejects(checkPublished(w, tx), (e: unknown) => e instanceof ConformanceFailure && e.findings.some((f) => f.rule === 'XML') && e.findings.some((f) => f.rule === 'MD-PUBLICATION'));
    await posted;
    assert.ok(Date.now() - t0 < 2500, 'taken at once, not waited for');
  });

  test('an oversized publication (refused by the listener) is named in the MD-PUBLICATION finding', async () => {
    const { w, listener } = await engine([], { registered: false, uc29: 'always', eventSeconds: 1 });
    const tx = await createMeter(w);
    await postSoap(listener.urlFor(LISTENER_PATHS.masterData), `<x>${'a'.repeat(2 * 1024 * 1024)}</x>`, { soapVersion: '1.1', timeoutMs: 2000, maxBytes: 1 << 20 });
    await assert.rejects(checkPublished(w, tx), (e: unknown) => e instanceof ConformanceFailure && e.findings.some((f) => f.rule === 'MD-PUBLICATION' && /oversized/.test(f.message)));
  });
});

describe('the reference MDM refuses links to objects it does not know (MD-NEG-LINK-CUST, CIM9-295)', () => {
  const up = 'UP-LINK-1';
  const account = 'ACC-LINK-1';
  const store = () => {
    const md = new MasterDataStore();
    assert.ok(md.create('UsagePointConfig', node(buildUsagePointConfig({ usagePoints: [{ mRID: up }] }))).ok);
    return md;
  };
  const link = (objects: Record<string, string>) => node(buildMasterDataLinkageConfig({ objects: Object.fromEntries(Object.entries(objects).map(([k, v]) => [k, [{ mRID: v }]])) }));
  const code = (o: ReturnType<MasterDataStore['link']>) => (o.ok ? 'OK' : o.error.code);

  test('an unknown customer-side object is its class\'s "invalid …" code, an unknown usage point 2.12; nothing is linked', () => {
    const md = store();
    assert.equal(code(md.link(link({ CustomerAccount: account, UsagePoint: up }))), '2.19');
    assert.equal(code(md.link(link({ PricingStructure: 'PS-X', UsagePoint: up }))), '2.33');
    assert.equal(code(md.link(link({ ServiceSupplier: 'SS-X', UsagePoint: up }))), '2.20');
    assert.equal(md.links.length, 0);
    const q = md.query('UsagePointConfig', { CustomerAccount: [account] });
    assert.ok(!q.ok && q.error.code === '2.19');
    assert.ok(md.create('CustomerAccountConfig', node(buildCustomerConfig('CustomerAccountConfig', [{ mRID: account }]))).ok);
    assert.equal(code(md.link(link({ CustomerAccount: account, UsagePoint: 'UP-NONE' }))), '2.12');
    assert.equal(code(md.link(link({ CustomerAccount: account, UsagePoint: up }))), 'OK');
    const r = md.query('UsagePointConfig', { CustomerAccount: [account] });
    assert.ok(r.ok && r.objects.length === 1);
  });

  test('md-link-unknown-customer-wrong-code refuses with 2.4; md-link-unknown-customer-accepted links and answers unchecked', () => {
    assert.equal(code(store().link(link({ Customer: 'C-X', UsagePoint: up }), { wrongUnknownLinkCode: true })), '2.4');
    const md = store();
    assert.equal(code(md.link(link({ Customer: 'C-X', UsagePoint: up }), { uncheckedCustomerLinks: true })), 'OK');
    const r = md.query('UsagePointConfig', { Customer: ['C-X'] }, { uncheckedCustomerLinks: true });
    assert.ok(r.ok && r.objects.length === 1);
  });
});

describe('the usage point\'s ServiceSupplier outside a customer switch (MD-02.5, MD-NEG-UP-SUPPLIER, CIM9-242)', () => {
  const supplier = 'SS-UP-1';
  const upc = (mRID: string, serviceSupplier?: string, extra: Record<string, unknown> = {}) => node(buildUsagePointConfig({ usagePoints: [{ mRID, ...(serviceSupplier ? { serviceSupplier: { mRID: serviceSupplier, kind: 'retailer' } } : {}), ...extra }] }));
  const withSupplier = () => {
    const md = new MasterDataStore();
    assert.ok(md.create('ServiceSupplierConfig', node(buildCustomerConfig('ServiceSupplierConfig', [{ mRID: supplier }]))).ok);
    return md;
  };
  const code = (o: ReturnType<MasterDataStore['create']>) => (o.ok ? 'OK' : o.error.code);
  const supplierOf = (md: MasterDataStore, id: string) => {
    const e = md.get('UsagePointConfig', id);
    const ss = e?.children?.find((c): c is XElement => !!c && c.name === 'ServiceSupplier');
    return ss?.children?.find((c): c is XElement => !!c && c.name === 'mRID')?.text;
  };

  test('the reference MDM keeps the supplier a usage point is created with, and a change that does not name it leaves it', () => {
    const md = withSupplier();
    assert.equal(code(md.create('UsagePointConfig', upc('UP-S-1', supplier))), 'OK');
    assert.equal(supplierOf(md, 'UP-S-1'), supplier);
    assert.ok(md.change('UsagePointConfig', upc('UP-S-1', undefined, { readRoute: 'R-42' })).ok);
    assert.equal(supplierOf(md, 'UP-S-1'), supplier);
    // a usage point naming no supplier is no business of this rule
    assert.equal(code(new MasterDataStore().create('UsagePointConfig', upc('UP-S-2'))), 'OK');
  });

  test('a supplier the MDM was never told of, or one deleted, is refused with 2.20 and the usage point not created', () => {
    const md = withSupplier();
    assert.equal(code(md.create('UsagePointConfig', upc('UP-S-3', 'SS-NEVER'))), '2.20');
    assert.equal(md.get('UsagePointConfig', 'UP-S-3'), undefined);
    assert.ok(md.delete('ServiceSupplierConfig', node(buildCustomerConfig('ServiceSupplierConfig', [{ mRID: supplier }])), false).ok);
    assert.equal(code(md.create('UsagePointConfig', upc('UP-S-4', supplier))), '2.20');
    assert.equal(md.get('UsagePointConfig', 'UP-S-4'), undefined);
  });

  test('faults: unknown supplier accepted, wrong code (2.12), supplier dropped at create, change replacing the usage point', () => {
    assert.equal(code(withSupplier().create('UsagePointConfig', upc('UP-F-1', 'SS-NEVER'), { acceptUnknownSupplier: true })), 'OK');
    assert.equal(code(withSupplier().create('UsagePointConfig', upc('UP-F-2', 'SS-NEVER'), { wrongUnknownSupplierCode: true })), '2.12');
    const dropped = withSupplier();
    assert.ok(dropped.create('UsagePointConfig', upc('UP-F-3', supplier), { dropUsagePointSupplier: true }).ok);
    assert.equal(supplierOf(dropped, 'UP-F-3'), undefined);
    const replaced = withSupplier();
    assert.ok(replaced.create('UsagePointConfig', upc('UP-F-4', supplier)).ok);
    assert.ok(replaced.change('UsagePointConfig', upc('UP-F-4', undefined, { readRoute: 'R-42' }), { replaceUsagePointOnChange: true }).ok);
    assert.equal(supplierOf(replaced, 'UP-F-4'), undefined);
    assert.ok(replaced.get('UsagePointConfig', 'UP-F-4'));
  });

  test('CIM9-242: 2.20, 2.28 or 2.29 by default, the profile\'s list otherwise, and the value used is named', () => {
    const ctx = (assumptions: Record<string, string>, register: Record<string, unknown> = {}) => ({ assumptions, register });
    assert.deepEqual(unknownSupplierOfUsagePointCodes(ctx({})), { codes: ['2.20', '2.28', '2.29'], assumptions: { 'CIM9-242': '2.20, 2.28, 2.29' } });
    assert.deepEqual(unknownSupplierOfUsagePointCodes(ctx({ 'CIM9-242': '2.20' }, { 'CIM9-242': ['2.20'] })).codes, ['2.20']);
  });
});

describe('the usage point\'s PricingStructures (MD-02.6, 2024, CIM9-245)', () => {
  const upc = (mRID: string, pricing: { mRID: string; code: string }, extra: Record<string, unknown> = {}) => node(buildUsagePointConfig({ usagePoints: [{ mRID, pricingStructure: pricing, ...extra }] }));
  const pricingOf = (md: MasterDataStore, id: string) => {
    const e = md.get('UsagePointConfig', id);
    const ps = (e?.children ?? []).filter((c): c is XElement => !!c && c.name === 'PricingStructures');
    return ps.map((p) => p.children?.find((c): c is XElement => !!c && c.name === 'mRID')?.text);
  };
  const old = { mRID: 'PS-OLD', code: 'E-RES-1' };
  const next = { mRID: 'PS-NEW', code: 'E-TOU-2' };

  test('the reference MDM keeps the pricing structure of a usage point; a change naming another one replaces it (0..1)', () => {
    const md = new MasterDataStore();
    assert.ok(md.create('UsagePointConfig', upc('UP-P-1', old)).ok);
    assert.deepEqual(pricingOf(md, 'UP-P-1'), ['PS-OLD']);
    assert.ok(md.change('UsagePointConfig', upc('UP-P-1', next)).ok);
    assert.deepEqual(pricingOf(md, 'UP-P-1'), ['PS-NEW']);
  });

  test('faults: md-usage-point-pricing-dropped (create without it), md-usage-point-pricing-kept-old (the change does not take)', () => {
    const dropped = new MasterDataStore();
    assert.ok(dropped.create('UsagePointConfig', upc('UP-P-2', old), { dropUsagePointPricing: true }).ok);
    assert.deepEqual(pricingOf(dropped, 'UP-P-2'), []);
    const kept = new MasterDataStore();
    assert.ok(kept.create('UsagePointConfig', upc('UP-P-3', old)).ok);
    assert.ok(kept.change('UsagePointConfig', upc('UP-P-3', next, { readRoute: 'R-9' }), { keepOldPricing: true }).ok);
    assert.deepEqual(pricingOf(kept, 'UP-P-3'), ['PS-OLD']);
  });

  test('the 2024 pack validates a UsagePointConfig with PricingStructures (the profile CIM9-245 takes as in 2013)', () => {
    const pack2024 = loadSchemaPack(defaultPackDir('2024'));
    const root = buildUsagePointConfig({ usagePoints: [{ ...samples.newUsagePoint(RT), pricingStructure: samples.newPricingStructureRef('E-RES-1') }, { mRID: 'UP-P-4', pricingStructure: next }] });
    const xml = toSoap({ kind: 'request', header: header('create', 'UsagePointConfig'), payload: { root } }, '1.1').xml;
    assert.deepEqual(pack2024.validate(xml).filter((f) => f.severity === 'error').map((f) => f.message), []);
  });
});
