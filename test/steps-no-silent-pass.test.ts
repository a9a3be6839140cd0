/**
 * No silent pass (issue 11): a check that is handed nothing to check — a SOAP fault where a message was asserted,
 * a reply without Reply/Result, a MeterReading without the readings asked for, an OperationSet answer that
 * reports no operation — must yield an error finding (or the step must end in `error`), never an empty list.
 * Each case below is one of the silent passes observed against real SUTs; every one fails against the code before
 * the fix. Run: node --import tsx --test test/steps-no-silent-pass.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEvent, checkOutcome, checkResponse, type CheckContext } from '../src/checks/envelope.ts';
import { checkMeterReadings } from '../src/checks/domain.ts';
import { checkAcknowledgement, checkOperationSetReply } from '../src/checks/masterdata.ts';
import type { Finding } from '../src/checks/finding.ts';
import { describeAssumptions, resolveAssumptions } from '../src/profile/index.ts';
import { PREFIXES, buildEnvelope, readMessage, soapFault, toSoap, type Header, type Message, type WireMessage } from '../src/message/index.ts';
import { serializeXml } from '../src/xml/index.ts';
import { buildMeterReadings, type MeterReadingsValue } from '../src/payloads/meterReadings.ts';
import { judgeNegative } from '../src/usecases/twin.ts';
import { soapFaultAccepted } from '../src/usecases/expectations.ts';
import { effectsOf } from '../src/usecases/masterdata.ts';

const TS = '2024-03-01T10:00:00Z';
const REGISTER_RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const REQUEST: Header = { verb: 'get', noun: 'MeterReadings', timestamp: TS, source: 'cim9', messageId: 'req-m', correlationId: 'req-c' };

function ctx(overrides: Record<string, unknown> = {}): CheckContext {
  const register = resolveAssumptions(overrides);
  return { assumptions: describeAssumptions({ assumptions: register }), register, strict: false, receivedAt: new Date('2024-03-01T10:00:30Z'), skewSeconds: 60, label: 'reply' };
}

function wireOf(xml: string): WireMessage {
  const r = readMessage(xml);
  if (!r.ok) assert.fail(r.problem.message);
  return r.wire;
}

const bareFault = (code: 'Client' | 'Server' = 'Client') => wireOf(serializeXml(soapFault('1.1', code, 'refused'), { prefixes: PREFIXES }));
const emptyBody = () => wireOf(serializeXml({ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Envelope', children: [{ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Body' }] }));
const response = (over: Partial<Message> = {}) =>
  wireOf(toSoap({ kind: 'response', query: true, header: { verb: 'reply', noun: 'MeterReadings', timestamp: TS, source: 'sut', messageId: 'r1', correlationId: 'req-c' }, reply: { result: 'OK' }, ...over }, '1.1').xml);

const errorsOf = (fs: readonly Finding[]) => fs.filter((f) => f.severity === 'error');
function mustFind(fs: readonly Finding[], what: string): void {
  assert.ok(errorsOf(fs).length > 0, `${what}: the check found nothing to complain about, so the step would pass on a message it never saw`);
}

describe('a step never passes on a message it did not see', () => {
  test('"the reply header is conformant" on a SOAP fault without Header (checkResponse)', () => {
    mustFind(checkResponse(bareFault(), { noun: 'MeterReadings', request: REQUEST }, ctx()), 'header of a bare SOAP fault');
  });

  test('"the reply header is conformant" on an empty SOAP Body', () => {
    mustFind(checkResponse(emptyBody(), { noun: 'MeterReadings', request: REQUEST }, ctx()), 'header of an empty Body');
  });

  test('"step 2: the MDM acknowledges the request" on a SOAP fault (checkAcknowledgement)', () => {
    mustFind(checkAcknowledgement(bareFault(), { noun: 'MeterConfig', request: { ...REQUEST, verb: 'create', noun: 'MeterConfig' } }, ctx()), 'acknowledgement that is a fault');
  });

  test('a published event or asynchronous result that is a SOAP fault (checkEvent)', () => {
    mustFind(checkEvent(bareFault(), { verb: 'created', noun: 'MeterReadings' }, ctx()), 'event that is a fault');
  });

  test('Result OK expected, a SOAP fault or an empty Body received (checkOutcome)', () => {
    mustFind(checkOutcome(bareFault(), { result: 'OK', annexB: true }, ctx()), 'OK on a fault');
    mustFind(checkOutcome(emptyBody(), { result: 'OK', annexB: true }, ctx()), 'OK on an empty Body');
  });

  test('a refusal expected with an Annex B code, a SOAP fault received where the case does not allow one', () => {
    // unknownMeter is not a schema-level case: a fault is not the refusal it expects (CIM9-60 = schema)
    const accept = soapFaultAccepted(ctx().assumptions, 'unknownMeter');
    assert.equal(accept, false);
    mustFind(checkOutcome(bareFault(), { result: 'FAILED', codes: ['2.4'], annexB: true, acceptSoapFault: accept }, ctx()), 'unknown meter refused with a fault');
    // and a Server fault is never a refusal, even where a fault may stand for one
    mustFind(checkOutcome(bareFault('Server'), { result: 'FAILED', codes: ['1.8'], annexB: true, acceptSoapFault: true }, ctx()), 'Server fault as a refusal');
  });

  test('a schema-level refusal may be a bare SOAP Client fault (ENV-11 either, CIM9-60 schema) — the one accepted case', () => {
    assert.equal(soapFaultAccepted(ctx().assumptions, 'schemaInvalid'), true);
    assert.deepEqual(errorsOf(checkOutcome(bareFault(), { result: 'FAILED', codes: ['1.8'], annexB: true, acceptSoapFault: true }, ctx())), []);
    assert.equal(soapFaultAccepted(ctx({ 'CIM9-60': 'none' }).assumptions, 'schemaInvalid'), false);
  });

  test('"refuses the whole OperationSet, naming operation 3" on an answer that carries no Reply (checkOperationSetReply)', () => {
    mustFind(checkOperationSetReply(undefined, { operationIds: [1, 2, 3], failing: 3, transactional: true }, ctx()), 'OperationSet report of no message');
    const fault = bareFault();
    mustFind(checkOperationSetReply(fault.message ?? fault.fault?.detail, { operationIds: [1, 2, 3], failing: 3, transactional: true }, ctx()), 'OperationSet report of a bare fault');
  });

  test('"the reply carries the register reading" on a MeterReading that carries no reading (checkMeterReadings)', () => {
    const root = (v: MeterReadingsValue) => {
      const m = response({ payload: { root: buildMeterReadings(v) } }).message;
      assert.ok(m?.payload?.root);
      return m.payload.root;
    };
    mustFind(checkMeterReadings(root({ meterReadings: [{ meter: { mRID: 'M-1001' } }] }), { meters: ['M-1001'], readingTypes: [REGISTER_RT] }, ctx()), 'MeterReading without readings');
    mustFind(checkMeterReadings(root({ meterReadings: [{ meter: { mRID: 'M-1001' }, readings: [{ readingType: REGISTER_RT }] }] }), { meters: ['M-1001'], readingTypes: [REGISTER_RT] }, ctx()), 'Reading without a value');
    assert.deepEqual(
      errorsOf(checkMeterReadings(root({ meterReadings: [{ meter: { mRID: 'M-1001' }, readings: [{ readingType: REGISTER_RT, value: '1.5', timeStamp: TS }] }] }), { meters: ['M-1001'], readingTypes: [REGISTER_RT] }, ctx())),
      [],
    );
  });

  test('a negative step on a reply that accepted the request fails even when the refusal check returned nothing', () => {
    const j = judgeNegative({ refusal: [], acceptedInstead: true, what: 'get(MeterReadings) schema-invalid' });
    assert.equal(j.verdict, 'failed');
    mustFind(j.findings, 'acceptance of a negative');
  });

  test('a negative step whose valid twin was refused never passes', () => {
    const j = judgeNegative({ refusal: [], acceptedInstead: false, twin: { accepted: false, label: 'twin', why: 'a SOAP fault' }, what: 'x' });
    assert.notEqual(j.verdict, 'passed');
  });

  test('a FaultMessage detail with Reply FAILED and the right code is a refusal (the fault itself is read)', () => {
    const detail = buildEnvelope({ kind: 'fault', form: 'generic', noun: 'MeterReadings', reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL' }] } });
    const w = wireOf(serializeXml(soapFault('1.1', 'Client', 'x', detail), { prefixes: PREFIXES }));
    assert.deepEqual(errorsOf(checkOutcome(w, { result: 'FAILED', codes: ['1.8'], annexB: true, acceptSoapFault: true }, ctx())), []);
  });
});

describe('the expectations a request sets', () => {
  test('a master-data request the suite built without a payload is a suite error, not an empty expectation', () => {
    assert.throws(() => effectsOf('create', 'MeterConfig', undefined), (e: Error) => e.name === 'SuiteError' && /create\(MeterConfig\) carries no payload/.test(e.message));
    assert.throws(() => effectsOf('delete', 'MasterDataLinkageConfig', undefined, false, 3), /operation 3 carries no payload/);
  });
});

describe('a bare SOAP fault taken as a refusal', () => {
  test('says that no Annex B code could be compared', () => {
    const fs = checkOutcome(bareFault(), { result: 'FAILED', codes: ['1.8'], annexB: true, acceptSoapFault: true }, ctx());
    assert.equal(fs.length, 1);
    assert.equal(fs[0]!.severity, 'info');
    assert.match(fs[0]!.message, /could not be compared/);
  });
});
