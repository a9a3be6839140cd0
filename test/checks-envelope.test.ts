/**
 * src/checks/envelope.ts (layer 2) and src/checks/domain.ts (layer 3): every rule in both directions.
 * Messages are made with the builders, sent through SOAP text and read back (so lines and XPaths are
 * real), then changed on purpose through the Message model or the element tree.
 * Run: node --import tsx --test test/checks-envelope.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MessageIdRegistry,
  checkEvent,
  checkOutcome,
  checkResponse,
  type CheckContext,
  type OutcomeExpectation,
} from '../src/checks/envelope.ts';
import { checkEndDeviceEvents, checkIntervals, checkMeterReadings, type EventsExpectation, type ReadingsExpectation } from '../src/checks/domain.ts';
import { ACTUAL_MAX, boundFinding, formatFinding, type Finding, type Severity } from '../src/checks/finding.ts';
import { xsdExpectedActual } from '../src/schema/index.ts';
import { checkReadingType } from '../src/codes/reading-type.ts';
import { checkQualityCode } from '../src/codes/quality.ts';
import { judgeNegative } from '../src/usecases/twin.ts';
import { hasEvidence } from './checks-helpers.ts';
import { ConformanceFailure } from '../src/session/verdict.ts';
import { describeAssumptions, resolveAssumptions } from '../src/profile/index.ts';
import {
  PREFIXES,
  buildEnvelope,
  readMessage,
  soapFault,
  toSoap,
  wrapperElement,
  type Header,
  type Message,
  type ParsedMessage,
  type WireMessage,
} from '../src/message/index.ts';
import { serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import { buildMeterReadings, type IntervalReadingValue, type MeterReadingsValue } from '../src/payloads/meterReadings.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';

// ---------------------------------------------------------------------------------------------
// fixtures

const NOW = new Date('2024-03-01T10:00:30Z');
const TS = '2024-03-01T10:00:00Z';
const REGISTER_RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
/** 15-minute interval ReadingType (measuringPeriod 2) */
const INTERVAL_RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const OUTAGE = ['3.26.0.85', '3.26.0.47', '3.26.136.47', '0.26.38.85'];
const RESTORATION = ['3.26.0.216', '3.26.136.216', '0.26.38.49'];

/** a CheckContext with the register in force (defaults, plus overrides), as the brief prescribes */
function ctx(overrides: Record<string, unknown> = {}, extra: Partial<CheckContext> = {}): CheckContext {
  const register = resolveAssumptions(overrides);
  return {
    assumptions: describeAssumptions({ assumptions: register }),
    register,
    strict: false,
    receivedAt: NOW,
    skewSeconds: 60,
    label: 'reply',
    ...extra,
  };
}

const REQUEST: Header = { verb: 'get', noun: 'MeterReadings', timestamp: TS, source: 'cim9', messageId: 'req-m', correlationId: 'req-c' };

function responseHeader(h: Partial<Header> = {}): Header {
  return { verb: 'reply', noun: 'MeterReadings', timestamp: TS, source: 'sut', messageId: 'resp-1', correlationId: 'req-c', ...h };
}

/** the synchronous response to get(MeterReadings) a conformant SUT sends */
function goodResponse(over: Partial<Message> = {}): Message {
  return { kind: 'response', query: true, header: responseHeader(), reply: { result: 'OK' }, ...over };
}

function wire(msg: Message, opts: { version?: '1.1' | '1.2'; transform?: (e: XElement) => XElement } = {}): WireMessage {
  const r = readMessage(toSoap(msg, opts.version ?? '1.1', { transform: opts.transform }).xml);
  if (!r.ok) assert.fail(r.problem.message);
  return r.wire;
}

function wireOf(xml: string): WireMessage {
  const r = readMessage(xml);
  if (!r.ok) assert.fail(r.problem.message);
  return r.wire;
}

function parsed(msg: Message): ParsedMessage {
  const m = wire(msg).message;
  assert.ok(m);
  return m;
}

const show = (fs: Finding[]) => fs.map(formatFinding).join('\n') || '(no findings)';
const byRule = (fs: Finding[], ...rules: string[]) => fs.filter((f) => rules.includes(f.rule));
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

/** exactly one finding of this rule (or of one of these rules), with this severity */
function one(fs: Finding[], rule: string | string[], severity: Severity, message?: RegExp): Finding {
  const rules = typeof rule === 'string' ? [rule] : rule;
  const got = byRule(fs, ...rules);
  assert.equal(got.length, 1, `expected one ${rules.join(' or ')}, got:\n${show(fs)}`);
  assert.equal(got[0]!.severity, severity, show(got));
  if (message) assert.match(got[0]!.message, message);
  return got[0]!;
}

function none(fs: Finding[], ...rules: string[]): void {
  assert.deepEqual(byRule(fs, ...rules), [], show(fs));
}

const expectResponse = { noun: 'MeterReadings', request: REQUEST };

// ---------------------------------------------------------------------------------------------
describe('checkResponse', () => {
  test('a conformant response has no findings at all', () => {
    for (const version of ['1.1', '1.2'] as const) {
      for (const form of ['wrapper', 'generic'] as const) {
        assert.deepEqual(checkResponse(wire(goodResponse({ form }), { version }), expectResponse, ctx()), []);
      }
    }
  });

  test('findings carry label, line, XPath and the MessageID of the message', () => {
    const f = one(checkResponse(wire(goodResponse({ header: responseHeader({ noun: 'EndDeviceEvents' }), element: wrapperElement('response', 'reply', 'MeterReadings', true) })), expectResponse, ctx()), 'ENV-NOUN', 'error');
    assert.equal(f.file, 'reply');
    assert.match(f.message, /^reply: /);
    assert.ok(f.line && f.line > 1);
    assert.match(f.xpath!, /\/m:Noun\[1\]$/);
    assert.equal(f.messageId, 'resp-1');
  });

  describe('ENV-KIND', () => {
    test('an event or a request where a ResponseMessage is expected', () => {
      for (const m of [
        { kind: 'event', header: responseHeader({ verb: 'created' }) } as Message,
        { kind: 'request', header: responseHeader({ verb: 'get' }) } as Message,
      ]) {
        const fs = checkResponse(wire(m), expectResponse, ctx());
        one(fs, 'ENV-KIND', 'error', /expected a ResponseMessage/);
      }
    });

    test('a SOAP fault has no Header to be conformant: ENV-KIND (issue 11: no silent pass)', () => {
      const xml = serializeXml(soapFault('1.1', 'Client', 'bad'), { prefixes: PREFIXES });
      one(checkResponse(wireOf(xml), expectResponse, ctx()), 'ENV-KIND', 'error', /SOAP fault "bad"/);
    });

    test('an empty SOAP Body and an unreadable Body child are ENV-STRUCTURE', () => {
      const empty = serializeXml({ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Envelope', children: [{ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Body' }] });
      hasEvidence(one(checkResponse(wireOf(empty), expectResponse, ctx()), 'ENV-STRUCTURE', 'error', /SOAP Body is empty/), /IEC 61968-100/, /^an empty SOAP Body$/);
      const foreign = toSoap(goodResponse({ element: { ns: 'urn:acme', name: 'Whatever' } }), '1.1').xml;
      const fs = checkResponse(wireOf(foreign), expectResponse, ctx());
      assert.ok(byRule(fs, 'ENV-STRUCTURE').length >= 1, show(fs));
      assert.ok(errors(fs).length >= 1);
    });
  });

  describe('ENV-REPLY-VERB (ENV-07)', () => {
    const echoed = () => wire(goodResponse({ header: responseHeader({ verb: 'get' }), form: 'generic' }));

    test('reply (default): another verb is a warning', () => {
      const f = one(checkResponse(echoed(), expectResponse, ctx()), 'ENV-REPLY-VERB', 'warning', /"get", expected "reply"/);
      assert.deepEqual(f.assumptions, { 'ENV-07': 'reply' });
    });

    test('fail: another verb is an error', () => {
      one(checkResponse(echoed(), expectResponse, ctx({ 'ENV-07': 'fail' })), 'ENV-REPLY-VERB', 'error');
    });

    test('accept: any verb', () => {
      none(checkResponse(echoed(), expectResponse, ctx({ 'ENV-07': 'accept' })), 'ENV-REPLY-VERB');
    });

    test('the verb reply passes under every setting', () => {
      for (const v of ['reply', 'fail', 'accept']) none(checkResponse(wire(goodResponse()), expectResponse, ctx({ 'ENV-07': v })), 'ENV-REPLY-VERB');
    });

    test('a past-tense verb in a wrapper response is one finding, governed by ENV-07 alone (no ENV-WRAPPER)', () => {
      const created = () => wire(goodResponse({ header: responseHeader({ verb: 'created' }) }));
      const fs = checkResponse(created(), expectResponse, ctx());
      one(fs, 'ENV-REPLY-VERB', 'warning');
      none(fs, 'ENV-WRAPPER');
      assert.deepEqual(checkResponse(created(), expectResponse, ctx({ 'ENV-07': 'accept' })), []);
      const failed = checkResponse(created(), expectResponse, ctx({ 'ENV-07': 'fail' }));
      one(failed, 'ENV-REPLY-VERB', 'error');
      none(failed, 'ENV-WRAPPER');
    });
  });

  describe('ENV-NOUN', () => {
    test('Header/Noun other than the expected noun', () => {
      const m = goodResponse({ form: 'generic', header: responseHeader({ noun: 'EndDeviceEvents' }) });
      one(checkResponse(wire(m), expectResponse, ctx()), 'ENV-NOUN', 'error', /"EndDeviceEvents", expected "MeterReadings"/);
    });

    test('the expected noun passes', () => {
      none(checkResponse(wire(goodResponse({ form: 'generic' })), expectResponse, ctx()), 'ENV-NOUN');
    });
  });

  describe('ENV-WRAPPER (ENV-09)', () => {
    // the wrapper element says created(MeterReadings); the header says changed(EndDeviceEvents)
    // (a response wrapper with another Verb is ENV-07's, see ENV-REPLY-VERB)
    const mismatch = () =>
      wire({ kind: 'event', header: responseHeader({ verb: 'changed', noun: 'EndDeviceEvents' }), element: wrapperElement('event', 'created', 'MeterReadings') });
    const wrapperFindings = (c: CheckContext) => byRule(checkEvent(mismatch(), { verb: 'changed', noun: 'EndDeviceEvents' }, c), 'ENV-WRAPPER');

    test('default: element ↔ Verb error, wrapper noun ↔ Noun warning', () => {
      const fs = wrapperFindings(ctx());
      assert.equal(fs.length, 2, show(fs));
      assert.equal(fs.find((f) => /stands for verb/.test(f.message))?.severity, 'error');
      assert.equal(fs.find((f) => /is for noun "MeterReadings" but Header\/Noun is "EndDeviceEvents"/.test(f.message))?.severity, 'warning');
      assert.ok(fs.every((f) => f.assumptions?.['ENV-09'] === 'default'));
    });

    test('strict: both are errors', () => {
      const fs = wrapperFindings(ctx({ 'ENV-09': 'strict' }));
      assert.equal(fs.length, 2, show(fs));
      assert.ok(fs.every((f) => f.severity === 'error'));
    });

    test('off: neither is reported', () => {
      assert.deepEqual(wrapperFindings(ctx({ 'ENV-09': 'off' })), []);
    });

    test('map form: each rule with its own severity (failure = error, info, off)', () => {
      const a = wrapperFindings(ctx({ 'ENV-09': { noun: 'failure' } }));
      assert.equal(a.find((f) => /is for noun/.test(f.message))?.severity, 'error', show(a));
      assert.equal(a.find((f) => /stands for verb/.test(f.message))?.severity, 'error', show(a));
      const b = wrapperFindings(ctx({ 'ENV-09': { element: 'off', noun: 'info' } }));
      assert.equal(b.length, 1, show(b));
      assert.equal(b[0]!.severity, 'info');
      const c = wrapperFindings(ctx({ 'ENV-09': { element: 'warning', noun: 'off' } }));
      assert.equal(c.length, 1, show(c));
      assert.equal(c[0]!.severity, 'warning');
    });

    test('a consistent wrapper passes under every setting, and generic messages have no wrapper to compare', () => {
      for (const v of ['default', 'strict', 'off'] as const) none(checkResponse(wire(goodResponse()), expectResponse, ctx({ 'ENV-09': v })), 'ENV-WRAPPER');
      const generic = wire(goodResponse({ form: 'generic', header: responseHeader({ verb: 'created' }) }));
      none(checkResponse(generic, expectResponse, ctx({ 'ENV-09': 'strict' })), 'ENV-WRAPPER');
    });

    test('a verb outside the ed.1 enumeration is reported', () => {
      const fs = checkEvent(wire({ kind: 'event', form: 'generic', header: responseHeader({ verb: 'subscribe', noun: 'EndDeviceEvents' }), payload: { root: buildEndDeviceEvents([event()]) } }), { verb: 'subscribe', noun: 'EndDeviceEvents' }, ctx());
      one(fs, 'ENV-WRAPPER', 'error', /not an IEC 61968-100 ed\.1 verb/);
    });
  });

  describe('ENV-CORRELATION (ENV-14)', () => {
    const withCorr = (correlationId: string | undefined) => wire(goodResponse({ header: responseHeader({ correlationId }) }));
    const onlyMessageId: Header = { ...REQUEST, correlationId: undefined };

    test('request-correlation: the request CorrelationID echoed passes', () => {
      none(checkResponse(withCorr('req-c'), expectResponse, ctx()), 'ENV-CORRELATION');
    });

    test('request-correlation: another or no CorrelationID is an error', () => {
      const a = one(checkResponse(withCorr('other'), expectResponse, ctx()), 'ENV-CORRELATION', 'error', /"other" is not the request's CorrelationID "req-c"/);
      assert.deepEqual(a.assumptions, { 'ENV-14': 'request-correlation' });
      one(checkResponse(withCorr(undefined), expectResponse, ctx()), 'ENV-CORRELATION', 'error', /no CorrelationID/);
      one(checkResponse(withCorr('req-m'), expectResponse, ctx()), 'ENV-CORRELATION', 'error');
    });

    test('request with MessageID only: echoing it passes; anything else is a warning (default) or an error (strict)', () => {
      const exp = { noun: 'MeterReadings', request: onlyMessageId };
      none(checkResponse(withCorr('req-m'), exp, ctx()), 'ENV-CORRELATION');
      none(checkResponse(withCorr('req-m'), exp, ctx({ 'ENV-14': 'strict' })), 'ENV-CORRELATION');
      one(checkResponse(withCorr('other'), exp, ctx()), 'ENV-CORRELATION', 'warning', /not the request's MessageID "req-m"/);
      one(checkResponse(withCorr(undefined), exp, ctx()), 'ENV-CORRELATION', 'warning', /\(none\)/);
      one(checkResponse(withCorr('other'), exp, ctx({ 'ENV-14': 'strict' })), 'ENV-CORRELATION', 'error');
    });

    test('strict: the CorrelationID case stays an error', () => {
      one(checkResponse(withCorr('other'), expectResponse, ctx({ 'ENV-14': 'strict' })), 'ENV-CORRELATION', 'error');
    });

    test('off: nothing is checked', () => {
      none(checkResponse(withCorr(undefined), expectResponse, ctx({ 'ENV-14': 'off' })), 'ENV-CORRELATION');
      none(checkResponse(withCorr('x'), { noun: 'MeterReadings', request: onlyMessageId }, ctx({ 'ENV-14': 'off' })), 'ENV-CORRELATION');
    });

    test('a request without MessageID and CorrelationID asks for nothing', () => {
      none(checkResponse(withCorr(undefined), { noun: 'MeterReadings', request: { verb: 'get', noun: 'MeterReadings' } }, ctx({ 'ENV-14': 'strict' })), 'ENV-CORRELATION');
    });
  });

  describe('ENV-PROVENANCE (ENV-13)', () => {
    const lacking = () => wire(goodResponse({ header: responseHeader({ source: undefined, messageId: undefined }) }));

    test('warning (default): missing Source and MessageID named in one warning', () => {
      const f = one(checkResponse(lacking(), expectResponse, ctx()), 'ENV-PROVENANCE', 'warning', /lacks Source, MessageID/);
      assert.deepEqual(f.assumptions, { 'ENV-13': 'warning' });
    });

    test('failure: an error; ignore: nothing', () => {
      one(checkResponse(lacking(), expectResponse, ctx({ 'ENV-13': 'failure' })), 'ENV-PROVENANCE', 'error');
      none(checkResponse(lacking(), expectResponse, ctx({ 'ENV-13': 'ignore' })), 'ENV-PROVENANCE');
    });

    test('missing Timestamp alone', () => {
      one(checkResponse(wire(goodResponse({ header: responseHeader({ timestamp: undefined }) })), expectResponse, ctx()), 'ENV-PROVENANCE', 'warning', /lacks Timestamp$/);
    });

    test('all three present: nothing', () => {
      none(checkResponse(wire(goodResponse()), expectResponse, ctx({ 'ENV-13': 'failure' })), 'ENV-PROVENANCE');
    });
  });

  describe('ENV-TIMESTAMP', () => {
    const at = (timestamp: string) => wire(goodResponse({ header: responseHeader({ timestamp }) }));

    test('within the skew, with offset: nothing (Z and numeric offsets)', () => {
      for (const t of ['2024-03-01T10:00:00Z', '2024-03-01T11:00:00+01:00', '2024-03-01T05:00:00-05:00', '2024-03-01T10:01:29Z']) {
        none(checkResponse(at(t), expectResponse, ctx()), 'ENV-TIMESTAMP');
      }
    });

    test('more than the allowed skew away, in either direction: a warning', () => {
      one(checkResponse(at('2024-03-01T09:58:00Z'), expectResponse, ctx()), 'ENV-TIMESTAMP', 'warning', /150 s away .*allowed skew 60 s/);
      one(checkResponse(at('2024-03-01T10:02:00Z'), expectResponse, ctx()), 'ENV-TIMESTAMP', 'warning', /away from the time of receipt/);
      none(checkResponse(at('2024-03-01T09:58:00Z'), expectResponse, ctx({}, { skewSeconds: 200 })), 'ENV-TIMESTAMP');
    });

    test('no time-zone offset: a warning (and nothing about skew when the wall-clock value is close)', () => {
      const fs = byRule(checkResponse(at('2024-03-01T10:00:00'), expectResponse, ctx()), 'ENV-TIMESTAMP');
      assert.ok(fs.some((f) => /no time-zone offset/.test(f.message) && f.severity === 'warning'), show(fs));
      assert.ok(fs.every((f) => f.severity === 'warning'));
    });

    test('not a date-time: an error', () => {
      for (const t of ['yesterday', '2024-13-01T00:00:00Z', '01/03/2024 10:00']) {
        one(checkResponse(at(t), expectResponse, ctx()), 'ENV-TIMESTAMP', 'error', /is not a date-time/);
      }
    });
  });

  describe('Reply', () => {
    test('a ResponseMessage without Reply is ENV-STRUCTURE', () => {
      const m = goodResponse();
      const fs = checkResponse(
        wire(m, { transform: (e) => ({ ...e, children: (e.children ?? []).filter((c) => c && c.name !== 'Reply') }) }),
        expectResponse,
        ctx(),
      );
      one(fs, 'ENV-STRUCTURE', 'error', /must carry Reply\/Result/);
    });

    test('Result consistent with its codes passes; FAILED without Error is a warning; OK with a FATAL error code is an error', () => {
      assert.deepEqual(errors(checkResponse(wire(goodResponse({ reply: { result: 'FAILED', errors: [{ code: '2.4', level: 'FATAL' }] } })), expectResponse, ctx())), []);
      const noError = checkResponse(wire(goodResponse({ reply: { result: 'FAILED' } })), expectResponse, ctx());
      assert.ok(noError.some((f) => f.severity === 'warning' && /FAILED without any Error/.test(f.message)), show(noError));
      assert.deepEqual(errors(noError), []);
      const okWithError = checkResponse(wire(goodResponse({ reply: { result: 'OK', errors: [{ code: '2.4', level: 'FATAL' }] } })), expectResponse, ctx());
      assert.ok(errors(okWithError).length >= 1, show(okWithError));
      assert.ok(okWithError.every((f) => f.file === 'reply' && f.message.startsWith('reply: ')));
    });
  });
});

// ---------------------------------------------------------------------------------------------
function event(over: Partial<EndDeviceEventValue> = {}): EndDeviceEventValue {
  return { mRID: 'ev-1', createdDateTime: '2024-03-01T09:59:00Z', eventType: '3.26.0.85', meter: 'M-1001', usagePoint: 'UP-1001', ...over };
}

function eventMessage(over: Partial<Message> = {}, events: EndDeviceEventValue[] = [event()]): Message {
  return { kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: TS, source: 'sut', messageId: 'ev-msg-1' }, payload: { root: buildEndDeviceEvents(events) }, ...over };
}

describe('checkEvent', () => {
  const expect = { verb: 'created', noun: 'EndDeviceEvents' };

  test('a conformant created(EndDeviceEvents) has no findings', () => {
    for (const form of ['wrapper', 'generic'] as const) assert.deepEqual(checkEvent(wire(eventMessage({ form })), expect, ctx({}, { label: 'event' })), []);
  });

  test('ENV-KIND: a response where an event is expected, and a SOAP fault', () => {
    one(checkEvent(wire(goodResponse()), expect, ctx()), 'ENV-KIND', 'error', /expected an EventMessage/);
    const fault = wireOf(serializeXml(soapFault('1.2', 'Server', 'x'), { prefixes: PREFIXES }));
    one(checkEvent(fault, expect, ctx()), 'ENV-KIND', 'error', /got a SOAP fault/);
  });

  test('a response is accepted where the verbs accepted include reply (CIM9-01 either)', () => {
    const resp = wire({ kind: 'response', header: { verb: 'reply', noun: 'MeterReadings', timestamp: TS, source: 'sut', messageId: 'r', correlationId: 'req-c' }, reply: { result: 'OK' }, payload: { root: buildMeterReadings({ meterReadings: [] }) } });
    const fs = checkEvent(resp, { verb: ['created', 'reply'], noun: 'MeterReadings', resultOf: REQUEST }, ctx());
    assert.deepEqual(fs, []);
  });

  test('ENV-EVENT-VERB: another verb; a list of accepted verbs', () => {
    const changed = wire(eventMessage({ form: 'generic', header: { verb: 'changed', noun: 'EndDeviceEvents', timestamp: TS, source: 's', messageId: 'x' } }));
    one(checkEvent(changed, expect, ctx()), 'ENV-EVENT-VERB', 'error', /"changed", expected "created"/);
    none(checkEvent(changed, { verb: ['created', 'changed'], noun: 'EndDeviceEvents' }, ctx()), 'ENV-EVENT-VERB');
  });

  test('ENV-NOUN: another noun', () => {
    one(checkEvent(wire(eventMessage()), { verb: 'created', noun: 'MeterReadings' }, ctx()), 'ENV-NOUN', 'error');
  });

  test('DOM-EXPECTED: an event without payload', () => {
    const m = eventMessage();
    delete m.payload;
    one(checkEvent(wire(m), expect, ctx()), 'DOM-EXPECTED', 'error', /carries no EndDeviceEvents payload/);
  });

  test('ENV-CORRELATION of an asynchronous result against its request', () => {
    const result = (correlationId?: string) => wire(eventMessage({ header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: TS, source: 's', messageId: 'x', correlationId } }));
    none(checkEvent(result('req-c'), { ...expect, resultOf: REQUEST }, ctx()), 'ENV-CORRELATION');
    one(checkEvent(result('nope'), { ...expect, resultOf: REQUEST }, ctx()), 'ENV-CORRELATION', 'error');
    none(checkEvent(result(undefined), expect, ctx()), 'ENV-CORRELATION');
  });

  test('header rules apply to events too (provenance, wrapper)', () => {
    const m = eventMessage({ header: { verb: 'created', noun: 'EndDeviceEvents' } });
    one(checkEvent(wire(m), expect, ctx()), 'ENV-PROVENANCE', 'warning');
    const wrong = wire(eventMessage({ header: { verb: 'changed', noun: 'EndDeviceEvents', timestamp: TS, source: 's', messageId: 'm' }, element: wrapperElement('event', 'created', 'EndDeviceEvents') }));
    one(checkEvent(wrong, { verb: ['created', 'changed'], noun: 'EndDeviceEvents' }, ctx()), 'ENV-WRAPPER', 'error');
  });
});

// ---------------------------------------------------------------------------------------------
describe('checkOutcome', () => {
  const resp = (result: string, codes: string[] = []) => wire(goodResponse({ reply: { result, errors: codes.map((code) => ({ code, level: 'FATAL' })) } }));
  const exp = (o: Partial<OutcomeExpectation>): OutcomeExpectation => ({ result: 'FAILED', annexB: true, ...o });

  test('the Result expected passes; another Result is ENV-EXPECTED-RESULT', () => {
    assert.deepEqual(checkOutcome(resp('OK'), exp({ result: 'OK' }), ctx()), []);
    assert.deepEqual(checkOutcome(resp('PARTIAL', ['2.4']), exp({ result: 'PARTIAL' }), ctx()), []);
    one(checkOutcome(resp('OK'), exp({ result: 'FAILED' }), ctx()), 'ENV-EXPECTED-RESULT', 'error', /Reply\/Result is OK, expected FAILED/);
    one(checkOutcome(resp('FAILED', ['2.4']), exp({ result: 'OK' }), ctx()), 'ENV-EXPECTED-RESULT', 'error');
  });

  test('FAILED with the expected code passes; with another code is ENV-EXPECTED-CODE (SUT claims Annex B)', () => {
    assert.deepEqual(checkOutcome(resp('FAILED', ['2.4']), exp({ codes: ['2.4'] }), ctx()), []);
    assert.deepEqual(checkOutcome(resp('FAILED', ['5.3', '2.4']), exp({ codes: ['2.4', '2.12'] }), ctx()), [], 'any one accepted code suffices');
    const f = one(checkOutcome(resp('FAILED', ['5.3']), exp({ codes: ['2.4'] }), ctx()), 'ENV-EXPECTED-CODE', 'error', /expected Annex B code 2\.4, got 5\.3/);
    assert.deepEqual(f.assumptions, { 'COD-06': 'claimed' });
    one(checkOutcome(resp('FAILED'), exp({ codes: ['2.4'] }), ctx()), 'ENV-EXPECTED-CODE', 'error', /got no Error/);
  });

  test('COD-06 claimed: codes are not asserted when the SUT does not claim Annex B; always: they are', () => {
    assert.deepEqual(checkOutcome(resp('FAILED', ['5.3']), exp({ codes: ['2.4'], annexB: false }), ctx()), []);
    one(checkOutcome(resp('FAILED', ['5.3']), exp({ codes: ['2.4'], annexB: false }), ctx({ 'COD-06': 'always' })), 'ENV-EXPECTED-CODE', 'error');
    assert.deepEqual(checkOutcome(resp('FAILED', ['2.4']), exp({ codes: ['2.4'], annexB: false }), ctx({ 'COD-06': 'always' })), []);
  });

  test('no codes named: only the Result is compared', () => {
    assert.deepEqual(checkOutcome(resp('FAILED', ['9.99']), exp({ codes: [] }), ctx()), []);
  });

  describe('SOAP fault (ENV-11)', () => {
    const fault = (version: '1.1' | '1.2', codes?: string[]) =>
      wireOf(
        serializeXml(
          soapFault(version, 'Client', 'schema invalid', codes && buildEnvelope({ kind: 'fault', form: 'generic', noun: 'MeterReadings', reply: { result: 'FAILED', errors: codes.map((code) => ({ code, level: 'FATAL' })) } })),
          { prefixes: PREFIXES },
        ),
      );

    test('either (default): a fault with or without FaultMessage answers a FAILED expectation', () => {
      for (const v of ['1.1', '1.2'] as const) {
        // a bare fault is taken as the refusal, and the finding says that no code could be compared (never a silent pass)
        one(checkOutcome(fault(v), exp({ codes: ['1.8'], acceptSoapFault: true }), ctx()), 'ENV-EXPECTED-RESULT', 'info', /no FaultMessage, so the Annex B code \(1\.8\) could not be compared/);
        assert.deepEqual(checkOutcome(fault(v, ['1.8']), exp({ codes: ['1.8'], acceptSoapFault: true }), ctx()), []);
      }
    });

    test('either: the FaultMessage codes are checked', () => {
      const f = one(checkOutcome(fault('1.1', ['5.3']), exp({ codes: ['1.8'], acceptSoapFault: true }), ctx()), 'ENV-EXPECTED-CODE', 'error');
      assert.equal(f.assumptions?.['COD-06'], 'claimed');
    });

    test('require-fault-message: a bare fault is a finding, a fault with FaultMessage passes', () => {
      const f = one(checkOutcome(fault('1.2'), exp({ acceptSoapFault: true }), ctx({ 'ENV-11': 'require-fault-message' })), 'ENV-EXPECTED-RESULT', 'error', /without an IEC 61968-100 FaultMessage/);
      assert.deepEqual(f.assumptions, { 'ENV-11': 'require-fault-message' });
      hasEvidence(f, /FaultMessage with Reply\/Result/, /^SOAP .* fault ".*" (without detail|whose detail holds no FaultMessage)$/);
      assert.deepEqual(checkOutcome(fault('1.2', ['1.8']), exp({ codes: ['1.8'], acceptSoapFault: true }), ctx({ 'ENV-11': 'require-fault-message' })), []);
    });

    test('a fault where OK is expected, or where faults are not accepted, is ENV-EXPECTED-RESULT', () => {
      one(checkOutcome(fault('1.1', ['1.8']), exp({ result: 'OK' }), ctx()), 'ENV-EXPECTED-RESULT', 'error', /SOAP fault "schema invalid" where Result OK was expected/);
      one(checkOutcome(fault('1.1', ['1.8']), exp({ acceptSoapFault: false }), ctx()), 'ENV-EXPECTED-RESULT', 'error');
      one(checkOutcome(fault('1.1', ['1.8']), exp({}), ctx()), 'ENV-EXPECTED-RESULT', 'error', /only where CIM9-60 allows it/);
    });

    test('a Server fault is not a refusal of the request', () => {
      const x = wireOf(serializeXml(soapFault('1.1', 'Server', 'database down'), { prefixes: PREFIXES }));
      one(checkOutcome(x, exp({ acceptSoapFault: true }), ctx()), 'ENV-EXPECTED-RESULT', 'error', /fault of the server/);
    });

    test('a FaultMessage whose Result is not FAILED', () => {
      const x = wireOf(serializeXml(soapFault('1.1', 'Client', 'x', buildEnvelope({ kind: 'fault', form: 'generic', noun: 'MeterReadings', reply: { result: 'OK' } })), { prefixes: PREFIXES }));
      one(checkOutcome(x, exp({ acceptSoapFault: true }), ctx()), 'ENV-EXPECTED-RESULT', 'error');
    });
  });

  // found as a bug in HEAD (checkOutcome returned [] without a Reply); fixed in the working tree since
  test(
    'a reply that carries no Result at all (empty Body, no Reply) is a finding',
    () => {
      const empty = wireOf(serializeXml({ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Envelope', children: [{ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Body' }] }));
      assert.ok(errors(checkOutcome(empty, exp({ result: 'OK' }), ctx())).length > 0, 'empty Body passed');
      const noReply = wire(goodResponse(), { transform: (e) => ({ ...e, children: (e.children ?? []).filter((c) => c && c.name !== 'Reply') }) });
      assert.ok(errors(checkOutcome(noReply, exp({ result: 'FAILED', codes: ['2.4'] }), ctx())).length > 0, 'missing Reply passed');
    },
  );
});

// ---------------------------------------------------------------------------------------------
describe('MessageIdRegistry (ENV-15)', () => {
  test('distinct MessageIDs pass; a reused one is a warning naming the first user', () => {
    const reg = new MessageIdRegistry();
    assert.deepEqual(reg.check(parsed(goodResponse({ header: responseHeader({ messageId: 'a' }) })), ctx({}, { label: 'first' })), []);
    assert.deepEqual(reg.check(parsed(goodResponse({ header: responseHeader({ messageId: 'b' }) })), ctx({}, { label: 'second' })), []);
    const f = one(reg.check(parsed(goodResponse({ header: responseHeader({ messageId: 'a' }) })), ctx({}, { label: 'third' })), 'ENV-MESSAGEID-REUSE', 'warning', /"a" was already used by first/);
    assert.deepEqual(f.assumptions, { 'ENV-15': 'warning' });
  });

  test('failure: reuse is an error', () => {
    const reg = new MessageIdRegistry();
    reg.check(parsed(goodResponse()), ctx());
    one(reg.check(parsed(goodResponse()), ctx({ 'ENV-15': 'failure' })), 'ENV-MESSAGEID-REUSE', 'error');
  });

  test('messages without MessageID, and no message at all, are not tracked', () => {
    const reg = new MessageIdRegistry();
    const noId = parsed(goodResponse({ header: responseHeader({ messageId: undefined }) }));
    assert.deepEqual(reg.check(noId, ctx()), []);
    assert.deepEqual(reg.check(noId, ctx()), []);
    assert.deepEqual(reg.check(undefined, ctx()), []);
  });

  test('registries are independent', () => {
    const a = new MessageIdRegistry();
    const b = new MessageIdRegistry();
    a.check(parsed(goodResponse()), ctx());
    assert.deepEqual(b.check(parsed(goodResponse()), ctx()), []);
  });
});

// ---------------------------------------------------------------------------------------------
describe('checkEndDeviceEvents', () => {
  const root = (events: EndDeviceEventValue[]): XNode => {
    const m = parsed(eventMessage({}, events));
    assert.ok(m.payload?.root);
    return m.payload.root;
  };
  const outageExp = (over: Partial<EventsExpectation> = {}): EventsExpectation => ({ meters: ['M-1001'], kind: 'outage', outageCodes: OUTAGE, restorationCodes: RESTORATION, ...over });

  test('an outage event for the meter asked passes', () => {
    assert.deepEqual(checkEndDeviceEvents(root([event()]), outageExp(), ctx({}, { label: 'event' })), []);
  });

  test('bad event types: not a code, an unknown part', () => {
    const bad = checkEndDeviceEvents(root([event({ eventType: 'power-off' })]), outageExp({ kind: undefined }), ctx());
    const f = one(bad, ['DOM-EVENT-TYPE', 'COD-EVENT-TYPE'], 'error', /power-off/);
    assert.match(f.xpath!, /EndDeviceEventType\[1\]$/);
    const unknownPart = checkEndDeviceEvents(root([event({ eventType: '3.26.0.999' })]), outageExp({ kind: undefined }), ctx());
    assert.ok(unknownPart.length >= 1, 'an unknown eventOrAction must be reported');
    assert.deepEqual(errors(unknownPart), [], 'unknown parts are findings, not failures, by default (COD-02/COD-08)');
  });

  test('a control code used as an event is an error', () => {
    const fs = checkEndDeviceEvents(root([event({ eventType: '3.31.0.23' })]), outageExp({ kind: undefined }), ctx());
    one(fs, ['DOM-EVENT-TYPE', 'COD-EVENT-CONTROL-ROLE'], 'error', /known EndDeviceControlType code/);
    // and an event code is not
    assert.deepEqual(errors(checkEndDeviceEvents(root([event({ eventType: '3.26.0.85' })]), outageExp({ kind: undefined }), ctx())), []);
  });

  test('an event without createdDateTime, with an unreadable one, or in the future', () => {
    const missing = checkEndDeviceEvents(root([event({ createdDateTime: undefined })]), outageExp(), ctx());
    one(missing, 'DOM-EVENT-TIME', 'error', /no createdDateTime/);
    one(checkEndDeviceEvents(root([event({ createdDateTime: 'soon' })]), outageExp(), ctx()), 'DOM-EVENT-TIME', 'error', /not a date-time/);
    one(checkEndDeviceEvents(root([event({ createdDateTime: '2024-03-01T10:05:00Z' })]), outageExp(), ctx()), 'DOM-EVENT-TIME', 'error', /in the future/);
    none(checkEndDeviceEvents(root([event({ createdDateTime: '2024-03-01T10:01:00Z' })]), outageExp(), ctx()), 'DOM-EVENT-TIME');
    none(checkEndDeviceEvents(root([event({ createdDateTime: '2020-01-01T00:00:00Z' })]), outageExp(), ctx()), 'DOM-EVENT-TIME');
  });

  test('an event for another meter, or naming none, is DOM-IDENTITY; no meters expected: not checked', () => {
    one(checkEndDeviceEvents(root([event({ meter: 'M-2002' })]), outageExp(), ctx()), 'DOM-IDENTITY', 'error', /"M-2002", expected "M-1001"/);
    one(checkEndDeviceEvents(root([event({ meter: undefined })]), outageExp(), ctx()), 'DOM-IDENTITY', 'error', /names no meter/);
    none(checkEndDeviceEvents(root([event({ meter: 'M-2002' })]), outageExp({ meters: undefined }), ctx()), 'DOM-IDENTITY');
    none(checkEndDeviceEvents(root([event({ meter: 'M-2002' })]), outageExp({ meters: ['M-1001', 'M-2002'] }), ctx()), 'DOM-IDENTITY');
  });

  test('outage vs restoration sets (UC-03)', () => {
    const restored = root([event({ eventType: '3.26.0.216' })]);
    const f = one(checkEndDeviceEvents(restored, outageExp(), ctx()), 'DOM-EVENT-KIND', 'error', /not an outage code/);
    assert.ok(f.assumptions?.['UC-03']);
    none(checkEndDeviceEvents(restored, outageExp({ kind: 'restoration' }), ctx()), 'DOM-EVENT-KIND');
    one(checkEndDeviceEvents(root([event()]), outageExp({ kind: 'restoration' }), ctx()), 'DOM-EVENT-KIND', 'error', /not a restoration code/);
    for (const code of OUTAGE) none(checkEndDeviceEvents(root([event({ eventType: code })]), outageExp(), ctx()), 'DOM-EVENT-KIND');
    for (const code of RESTORATION) none(checkEndDeviceEvents(root([event({ eventType: code })]), outageExp({ kind: 'restoration' }), ctx()), 'DOM-EVENT-KIND');
    // a profile's own sets decide
    none(checkEndDeviceEvents(root([event({ eventType: '3.26.0.47' })]), outageExp({ outageCodes: ['3.26.0.47'] }), ctx()), 'DOM-EVENT-KIND');
    one(checkEndDeviceEvents(root([event()]), outageExp({ outageCodes: ['3.26.0.47'] }), ctx()), 'DOM-EVENT-KIND', 'error');
  });

  test('several events: each is checked on its own', () => {
    const fs = checkEndDeviceEvents(root([event(), event({ mRID: 'ev-2', meter: 'M-3003' }), event({ mRID: 'ev-3', createdDateTime: undefined })]), outageExp(), ctx());
    one(fs, 'DOM-IDENTITY', 'error');
    one(fs, 'DOM-EVENT-TIME', 'error');
  });

  test('an EndDeviceEvents without events is DOM-EXPECTED', () => {
    one(checkEndDeviceEvents(root([]), outageExp(), ctx()), 'DOM-EXPECTED', 'error', /no EndDeviceEvent/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('checkMeterReadings and checkIntervals', () => {
  const mrRoot = (v: MeterReadingsValue): XNode => {
    const m = parsed({ kind: 'response', query: true, header: responseHeader(), reply: { result: 'OK' }, payload: { root: buildMeterReadings(v) } });
    assert.ok(m.payload?.root);
    return m.payload.root;
  };
  const register = (over: Partial<MeterReadingsValue['meterReadings'][number]> = {}, value = '12345.5'): MeterReadingsValue => ({
    meterReadings: [{ meter: { mRID: 'M-1001' }, usagePoint: { mRID: 'UP-1001' }, readings: [{ readingType: REGISTER_RT, value, timeStamp: TS }], ...over }],
  });
  /** minutes after 2024-03-01T09:00Z */
  const t = (min: number) => new Date(Date.UTC(2024, 2, 1, 9, min)).toISOString().replace('.000Z', 'Z');
  const intervals = (mins: number[], q: Record<number, string[]> = {}): MeterReadingsValue => ({
    meterReadings: [
      {
        meter: { mRID: 'M-1001' },
        intervalBlocks: [{ readingType: INTERVAL_RT, readings: mins.map((m): IntervalReadingValue => ({ timeStamp: t(m), value: '0.25', qualities: (q[m] ?? []).map((ref) => ({ ref })) })) }],
      },
    ],
  });
  const window = { start: t(0), end: t(60) };
  const INTERVAL_RULES = ['DOM-INTERVAL-COMPLETE', 'DOM-INTERVAL-ORDER', 'DOM-INTERVAL-SPACING'];
  /** interval findings that count (an info saying a marked gap was accepted does not) */
  const intervalFindings = (fs: Finding[]) => fs.filter((f) => INTERVAL_RULES.includes(f.rule) && f.severity !== 'info');
  const check = (v: MeterReadingsValue, e: ReadingsExpectation = { meters: ['M-1001'] }, c = ctx()) => checkMeterReadings(mrRoot(v), e, c);

  test('a register reading of the meter asked passes', () => {
    assert.deepEqual(check(register(), { meters: ['M-1001'], readingTypes: [REGISTER_RT] }), []);
  });

  test('ReadingType refs: an unresolved ref is DOM-READINGTYPE; a ReadingType defined in the payload resolves', () => {
    const RT = ['DOM-READINGTYPE', 'COD-READINGTYPE-FORMAT'];
    const unresolved = register({ readings: [{ readingType: 'RT-LOCAL', value: '1' }] });
    const f = one(check(unresolved), RT, 'error');
    assert.match(f.xpath!, /Readings\[1\]\/\w+:ReadingType\[1\]$/);
    assert.deepEqual(check({ ...unresolved, readingTypes: [{ mRID: 'RT-LOCAL', name: 'local register' }] }), []);
    const wrongLength = register({ readings: [{ readingType: '0.0.0.1.1.1.12', value: '1' }] });
    one(check(wrongLength), RT, 'error');
  });

  test('an interval block with an unresolved ReadingType ref is reported too', () => {
    const v = intervals([15, 30]);
    v.meterReadings[0]!.intervalBlocks![0]!.readingType = 'not-a-code';
    one(check(v), ['DOM-READINGTYPE', 'COD-READINGTYPE-FORMAT'], 'error');
  });

  test('quality codes: known codes pass, an unknown category or system is DOM-QUALITY', () => {
    none(check(register({ readings: [{ readingType: REGISTER_RT, value: '1', qualities: [{ ref: '1.0.0' }, { ref: '1.4.4' }, { ref: '2.8.1' }] }] })), 'DOM-QUALITY', 'COD-QUALITY');
    const Q = ['DOM-QUALITY', 'COD-QUALITY'];
    one(check(register({ readings: [{ readingType: REGISTER_RT, value: '1', qualities: [{ ref: '1.99.0' }] }] })), Q, 'error', /category 99/);
    one(check(register({ readings: [{ readingType: REGISTER_RT, value: '1', qualities: [{ ref: '9.0.0' }] }] })), Q, 'error', /system identifier 9/);
    one(check(register({ readings: [{ readingType: REGISTER_RT, value: '1', qualities: [{ ref: 'good' }] }] })), Q, 'error');
  });

  test('values: decimals pass, non-numeric values are DOM-VALUE', () => {
    for (const v of ['0', '-1.5', '12345.678', '+3', '.5']) none(check(register({}, v)), 'DOM-VALUE');
    for (const v of ['abc', '0x10', 'Infinity', 'NaN', '1,5']) one(check(register({}, v)), 'DOM-VALUE', 'error', new RegExp(`"${v}" is not a (decimal )?number`));
    const iv = intervals([15, 30]);
    iv.meterReadings[0]!.intervalBlocks![0]!.readings[1]!.value = 'n/a';
    one(check(iv), 'DOM-VALUE', 'error', /IntervalReading (\d+ )?value "n\/a"/);
  });

  test('values: JavaScript number literals (binary, octal) are not numbers of the payload', () => {
    for (const v of ['0b11', '0o17']) one(check(register({}, v)), 'DOM-VALUE', 'error');
  });

  test('readings for another meter are DOM-IDENTITY; usage point asked for is accepted', () => {
    const other = register({ meter: { mRID: 'M-2002' }, usagePoint: { mRID: 'UP-2002' } });
    const fs = check(other);
    one(fs, 'DOM-IDENTITY', 'error', /"M-2002".*not asked for/);
    one(fs, 'DOM-EXPECTED', 'error', /no MeterReading for meter "M-1001"/);
    assert.deepEqual(check(register({ meter: { mRID: 'M-2002' } }), { usagePoints: ['UP-1001'] }), []);
    none(check(other, {}), 'DOM-IDENTITY');
  });

  test('a meter asked for but missing is DOM-EXPECTED; so is a MeterReadings without MeterReading', () => {
    one(check(register(), { meters: ['M-1001', 'M-1002'] }), 'DOM-EXPECTED', 'error', /no MeterReading for meter "M-1002"/);
    one(check({ meterReadings: [] }, { meters: [] }), 'DOM-EXPECTED', 'error', /carries no MeterReading/);
  });

  test('a ReadingType not asked for is DOM-EXPECTED, and so is the one asked for and missing', () => {
    const a = byRule(check(register(), { meters: ['M-1001'], readingTypes: [INTERVAL_RT] }), 'DOM-EXPECTED');
    assert.equal(a.length, 2, show(a));
    assert.ok(a.some((f) => /not asked for/.test(f.message)) && a.some((f) => /no reading of ReadingType .* which was asked for/.test(f.message)), show(a));
    const b = byRule(check(intervals([15, 30]), { meters: ['M-1001'], readingTypes: [REGISTER_RT] }), 'DOM-EXPECTED');
    assert.ok(b.some((f) => /IntervalBlock/.test(f.message)) && b.some((f) => /which was asked for/.test(f.message)), show(b));
  });

  test('a MeterReading that carries no reading is DOM-EXPECTED (issue 11: require what was asked for)', () => {
    one(check({ meterReadings: [{ meter: { mRID: 'M-1001' } }] }, { meters: ['M-1001'], readingTypes: [REGISTER_RT] }), 'DOM-EXPECTED', 'error', /no reading of ReadingType/);
    assert.deepEqual(errors(check(register(), { meters: ['M-1001'], readingTypes: [REGISTER_RT] })), []);
  });

  describe('intervals', () => {
    test('complete 15-minute data for the window (end-of-interval, PAY-04 end) passes', () => {
      assert.deepEqual(check(intervals([15, 30, 45, 60]), { meters: ['M-1001'], window }), []);
      assert.deepEqual(check(intervals([15, 30, 45, 60])), [], 'no window: spacing only');
    });

    test('a gap without quality code', () => {
      const fs = intervalFindings(check(intervals([15, 45, 60]), { meters: ['M-1001'] }));
      assert.equal(fs.length, 1, show(fs));
      assert.equal(fs[0]!.severity, 'error');
      assert.match(fs[0]!.message, /gap/);
      assert.equal(fs[0]!.assumptions?.['PAY-04'] ?? 'end', 'end');
      const inWindow = intervalFindings(check(intervals([15, 45, 60]), { meters: ['M-1001'], window }));
      assert.ok(inWindow.length >= 1 && inWindow.every((f) => f.severity === 'error'), show(inWindow));
    });

    test('a gap marked by a skipped-interval (category 4) quality code next to it is accepted', () => {
      assert.deepEqual(intervalFindings(check(intervals([15, 45, 60], { 45: ['1.4.4'] }))), []);
      assert.deepEqual(intervalFindings(check(intervals([15, 45, 60], { 15: ['1.4.4'] }))), []);
      // a quality code of another category does not mark a gap
      assert.equal(intervalFindings(check(intervals([15, 45, 60], { 45: ['1.0.0'] }))).length, 1);
    });

    // found as a bug in HEAD (the window count ignored the marking); fixed in the working tree since
    test(
      'a marked gap is accepted within a requested window too',
      () => {
        assert.deepEqual(intervalFindings(check(intervals([15, 45, 60], { 45: ['1.4.4'] }), { meters: ['M-1001'], window })), []);
      },
    );

    test('a duplicate interval', () => {
      const fs = intervalFindings(check(intervals([15, 30, 30, 45, 60]), { meters: ['M-1001'], window }));
      assert.ok(fs.some((f) => /duplicate/.test(f.message) && f.severity === 'error'), show(fs));
      assert.match(fs.find((f) => /duplicate/.test(f.message))!.xpath!, /IntervalReadings\[3\]$/);
    });

    test('intervals out of order', () => {
      const fs = intervalFindings(check(intervals([15, 45, 30, 60]), { meters: ['M-1001'], window }));
      assert.ok(fs.some((f) => /out of order/.test(f.message) && f.severity === 'error'), show(fs));
    });

    test('wrong spacing (10 minutes on a 15-minute ReadingType)', () => {
      const fs = intervalFindings(check(intervals([10, 20, 30])));
      assert.ok(fs.length >= 1 && fs.every((f) => f.severity === 'error'), show(fs));
      assert.ok(fs.some((f) => /spacing/.test(f.message)), show(fs));
    });

    // found as a bug in HEAD (reported as "gap of 0.333… interval(s)"); fixed in the working tree since
    test(
      'spacing longer than the period but not a multiple of it is wrong spacing, not a fractional gap',
      () => {
        const fs = intervalFindings(check(intervals([15, 35, 50])));
        assert.ok(fs.length >= 1, show(fs));
        assert.ok(!fs.some((f) => /gap of 0\.\d+/.test(f.message)), show(fs));
      },
    );

    test('timestamps outside the requested window', () => {
      const fs = intervalFindings(check(intervals([15, 30, 45, 60, 75]), { meters: ['M-1001'], window }));
      assert.ok(fs.some((f) => /outside the requested period/.test(f.message) && f.severity === 'error'), show(fs));
      const before = intervalFindings(check(intervals([0, 15, 30, 45, 60]), { meters: ['M-1001'], window }));
      assert.ok(before.some((f) => /outside/.test(f.message)), `a reading at the window start is outside under PAY-04 end:\n${show(before)}`);
    });

    test('fewer intervals than the window needs (missing at the end)', () => {
      const fs = intervalFindings(check(intervals([15, 30, 45]), { meters: ['M-1001'], window }));
      assert.ok(fs.some((f) => /3 of 4 intervals/.test(f.message) && f.severity === 'error'), show(fs));
    });

    test('PAY-04 start: timestamps at interval starts pass; end-of-interval timestamps are outside', () => {
      const c = ctx({ 'PAY-04': 'start' });
      assert.deepEqual(intervalFindings(check(intervals([0, 15, 30, 45]), { meters: ['M-1001'], window }, c)), []);
      const fs = intervalFindings(check(intervals([15, 30, 45, 60]), { meters: ['M-1001'], window }, c));
      assert.ok(fs.some((f) => /outside/.test(f.message)), show(fs));
      assert.ok(fs.every((f) => f.assumptions?.['PAY-04'] === 'start'), show(fs));
      // and the reverse under the default (end)
      const endFs = intervalFindings(check(intervals([0, 15, 30, 45]), { meters: ['M-1001'], window }));
      assert.ok(endFs.length >= 1, show(endFs));
    });

    test('an interval without a valid timeStamp', () => {
      const v = intervals([15, 30, 45]);
      v.meterReadings[0]!.intervalBlocks![0]!.readings[1]!.timeStamp = 'later';
      const fs = intervalFindings(check(v));
      assert.ok(fs.some((f) => /no valid timeStamp/.test(f.message) && f.severity === 'error'), show(fs));
    });

    test('checkIntervals directly: no measuring period (register type) means only order and duplicates are checked', () => {
      const root = mrRoot(intervals([15, 30]));
      const block = root.children[0]!.children[0]!;
      const nodes = block.children.filter((c) => c.name === 'IntervalReadings');
      const c = ctx();
      assert.deepEqual(checkIntervals(REGISTER_RT, [{ timeStamp: t(15) }, { timeStamp: t(22) }], nodes, block, window, c), []);
      const dup = checkIntervals(REGISTER_RT, [{ timeStamp: t(15) }, { timeStamp: t(15) }], nodes, block, undefined, c);
      assert.ok(dup.some((f) => /duplicate/.test(f.message)), show(dup));
      const ooo = checkIntervals(INTERVAL_RT, [{ timeStamp: t(30) }, { timeStamp: t(15) }], nodes, block, undefined, c);
      assert.ok(ooo.some((f) => /out of order/.test(f.message)), show(ooo));
      assert.deepEqual(checkIntervals(INTERVAL_RT, [], [], block, undefined, c), []);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// issue 16: every finding a check can give its values for carries what was expected and what the SUT sent
describe('expected and actual of findings', () => {
  const mrRoot = (v: MeterReadingsValue): XNode => {
    const m = parsed({ kind: 'response', query: true, header: responseHeader(), reply: { result: 'OK' }, payload: { root: buildMeterReadings(v) } });
    assert.ok(m.payload?.root);
    return m.payload.root;
  };
  const t = (min: number) => new Date(Date.UTC(2024, 2, 1, 9, min)).toISOString().replace('.000Z', 'Z');

  test('envelope: CorrelationID, Noun, reply Verb, event Verb', () => {
    const corr = one(checkResponse(wire(goodResponse({ header: responseHeader({ correlationId: 'other' }) })), expectResponse, ctx()), 'ENV-CORRELATION', 'error');
    assert.deepEqual([corr.expected, corr.actual], ['CorrelationID "req-c" (the request\'s CorrelationID)', 'CorrelationID "other"']);
    const noun = one(checkResponse(wire(goodResponse({ form: 'generic', header: responseHeader({ noun: 'EndDeviceEvents' }) })), expectResponse, ctx()), 'ENV-NOUN', 'error');
    assert.deepEqual([noun.expected, noun.actual], ['Header/Noun "MeterReadings"', 'Header/Noun "EndDeviceEvents"']);
    const verb = one(checkResponse(wire(goodResponse({ form: 'generic', header: responseHeader({ verb: 'get' }) })), expectResponse, ctx()), 'ENV-REPLY-VERB', 'warning');
    assert.deepEqual([verb.expected, verb.actual], ['Header/Verb "reply"', 'Header/Verb "get"']);
    const ev = one(checkEvent(wire(eventMessage({ form: 'generic', header: { verb: 'changed', noun: 'EndDeviceEvents', timestamp: TS, source: 'sut', messageId: 'ev-2' } })), { verb: 'created', noun: 'EndDeviceEvents' }, ctx()), 'ENV-EVENT-VERB', 'error');
    assert.deepEqual([ev.expected, ev.actual], ['Header/Verb "created"', 'Header/Verb "changed"']);
  });

  test('reply codes of a negative: Result and Annex B code', () => {
    const fs = checkOutcome(wire(goodResponse({ reply: { result: 'OK' } })), { result: 'FAILED', codes: ['2.4'], annexB: true }, ctx());
    const r = one(fs, 'ENV-EXPECTED-RESULT', 'error');
    assert.deepEqual([r.expected, r.actual], ['Reply/Result FAILED', 'Reply/Result OK']);
    const c = one(fs, 'ENV-EXPECTED-CODE', 'error');
    assert.deepEqual([c.expected, c.actual], ['Reply/Error/code 2.4', 'no Reply/Error']);
    const coded = one(checkOutcome(wire(goodResponse({ reply: { result: 'FAILED', errors: [{ code: '2.5', level: 'FATAL' }] } })), { result: 'FAILED', codes: ['2.4', '2.12'], annexB: true }, ctx()), 'ENV-EXPECTED-CODE', 'error');
    assert.deepEqual([coded.expected, coded.actual], ['Reply/Error/code 2.4 or 2.12', 'Reply/Error/code 2.5']);
  });

  test('schema: what libxml2 says was expected and what the document has', () => {
    assert.deepEqual(xsdExpectedActual("Element '{urn:x}Foo': This element is not expected. Expected is ( {urn:x}Bar )."), { expected: '{urn:x}Bar', actual: 'element {urn:x}Foo' });
    assert.deepEqual(xsdExpectedActual("Element '{urn:x}timeStamp': 'yesterday' is not a valid value of the atomic type 'xs:dateTime'."), { expected: 'a value of type xs:dateTime', actual: '"yesterday"' });
    assert.deepEqual(xsdExpectedActual("Element '{urn:x}Header': Missing child element(s). Expected is ( {urn:x}Noun )."), { expected: '{urn:x}Noun', actual: '{urn:x}Header without it' });
    assert.deepEqual(xsdExpectedActual('something else'), {});
  });

  test('ReadingType, quality and event codes', () => {
    const rt = checkReadingType('0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72');
    assert.equal(rt[0]!.actual, '"0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72"');
    assert.match(rt[0]!.expected!, /18 unsigned integers/);
    const field = checkReadingType('0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.999.0').find((f) => /field 17/.test(f.message));
    assert.ok(field, 'a field finding');
    assert.equal(field.actual, 'field 17 (unit) = 999');
    assert.match(field.expected!, /^field 17 \(unit\): a value of table/);
    const q = checkQualityCode('1.77.0');
    assert.deepEqual([q[0]!.expected, q[0]!.actual], ['category 0–12 (table D.2)', 'quality code 1.77.0: category 77']);
    const root = (() => {
      const m = parsed(eventMessage({}, [event({ eventType: '3.26.0.216' })]));
      return m.payload!.root!;
    })();
    const kind = one(checkEndDeviceEvents(root, { meters: ['M-1002'], kind: 'outage', outageCodes: OUTAGE, restorationCodes: RESTORATION }, ctx()), 'DOM-EVENT-KIND', 'error');
    assert.deepEqual([kind.expected, kind.actual], [`an outage code: ${OUTAGE.join(' or ')}`, 'event type 3.26.0.216']);
    const who = one(checkEndDeviceEvents(root, { meters: ['M-1002'], outageCodes: OUTAGE, restorationCodes: RESTORATION }, ctx()), 'DOM-IDENTITY', 'error');
    assert.deepEqual([who.expected, who.actual], ['meter "M-1002"', 'meter "M-1001"']);
  });

  test('intervals and times: a gap, a spacing, the coverage of the period', () => {
    const v = (mins: number[]): MeterReadingsValue => ({
      meterReadings: [{ meter: { mRID: 'M-1001' }, intervalBlocks: [{ readingType: INTERVAL_RT, readings: mins.map((m): IntervalReadingValue => ({ timeStamp: t(m), value: '0.25' })) }] }],
    });
    const gap = checkMeterReadings(mrRoot(v([15, 30, 60])), { meters: ['M-1001'] }, ctx()).find((f) => f.rule === 'DOM-INTERVAL-COMPLETE');
    assert.ok(gap);
    assert.equal(gap.expected, `the next interval at ${new Date(Date.UTC(2024, 2, 1, 9, 45)).toISOString()}, or a gap marked by a quality code`);
    assert.equal(gap.actual, `the next at ${t(60)} (1 missing)`);
    const few = checkMeterReadings(mrRoot(v([15, 30])), { meters: ['M-1001'], window: { start: t(0), end: t(60) } }, ctx()).find((f) => f.rule === 'DOM-INTERVAL-COMPLETE');
    assert.deepEqual([few?.expected, few?.actual], ['4 intervals', '2']);
    const missing = one(checkMeterReadings(mrRoot(v([15])), { meters: ['M-1001', 'M-1002'] }, ctx()), 'DOM-EXPECTED', 'error');
    assert.deepEqual([missing.expected, missing.actual], ['a MeterReading for meter "M-1002"', 'MeterReadings for "M-1001"']);
  });

  test('a negative the SUT accepted', () => {
    const j = judgeNegative({ refusal: [], acceptedInstead: true, what: 'unknown meter' });
    assert.equal(j.verdict, 'failed');
    assert.match(j.findings[0]!.expected!, /refusal/);
    assert.match(j.findings[0]!.actual!, /accepted/);
  });

  test('bounded: a huge actual is cut when a step records it, and the verdict text shows expected and actual on lines of their own', () => {
    const huge = `<b>${'x'.repeat(20 * 1024 * 1024)}`;
    const f = boundFinding({ rule: 'ENV-CORRELATION', severity: 'error', message: `CorrelationID "${huge}"`, expected: 'CorrelationID "req-c"', actual: `CorrelationID "${huge}"` });
    assert.ok(f.actual!.length < ACTUAL_MAX + 60, String(f.actual!.length));
    assert.ok(f.message.length < 4100);
    assert.match(f.actual!, /… \(\d+ more characters\)$/);
    const failure = new ConformanceFailure('reply', [f]);
    assert.match(failure.message, /\n {6}expected: CorrelationID "req-c"\n {6}actual: CorrelationID "<b>x+… \(\d+ more characters\)/);
    assert.ok(failure.message.length < 8000);
  });
});
