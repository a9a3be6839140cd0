/**
 * Master data management: the OperationSet in the envelope builder and reader, the master-data payload
 * builders against the 2013 schema pack, the change semantics, the state comparison (MD-STATE), the checks of
 * the four steps and of OperationSet replies, and the reference SUT's master-data rules and faults (through
 * simulator/server.ts answer(), without HTTP).
 * Run: node --import tsx --test test/masterdata.test.ts
 */
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
import * as samples from '../src/usecases/masterdata-samples.ts';
import { effectsOf } from '../src/usecases/masterdata.ts';
import {
  businessRuleCodes,
  checkAcknowledgement,
  checkObjectState,
  checkOperationSetReply,
  checkResult,
  factsOf,
  removedFacts,
  sameValue,
  type ExpectedObject,
} from '../src/checks/masterdata.ts';
import type { CheckContext } from '../src/checks/envelope.ts';
import { describeAssumptions, resolveAssumptions } from '../src/profile/index.ts';
import { answer } from '../simulator/server.ts';
import { createContext, type SimContext } from '../simulator/context.ts';
import { Store } from '../simulator/store.ts';
import { masterData } from '../simulator/masterdata-store.ts';
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
    assert.deepEqual(codes(ask(ctx, { kind: 'request', form: 'generic', header: header('execute', 'UsagePointGroups') })), ['2.5']);
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
