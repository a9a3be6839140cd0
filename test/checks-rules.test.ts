/**
 * The rules of one message on its own (src/checks/message.ts checkMessage) and of a conversation
 * (checkConversation), each in both directions: a message that passes it and one that breaks it.
 * Messages are built with the project's builders and serialised by src/xml, then changed on purpose through
 * the Message model or the element tree.
 * Run: node --import tsx --test test/checks-rules.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkConversation,
  checkMessage,
  checkMeterReadings,
  contextFor,
  formatFinding,
  parseDateTime,
  type CheckMessageOptions,
  type Finding,
  type Severity,
} from '../src/checks/index.ts';
import { buildEnvelope, PREFIXES, readMessage, SOAP_NS, soapAction, soapEnvelope, wrapperElement, type Header, type Message, type ParsedMessage } from '../src/message/index.ts';
import { serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import { hasEvidence } from './checks-helpers.ts';
import { buildGetMeterReadings, buildMeterReadings, MR, type IntervalReadingValue, type MeterReadingValue } from '../src/payloads/meterReadings.ts';
import { buildEndDeviceEvents, buildGetEndDeviceEvents, EDE, GEDE, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';

// ---------------------------------------------------------------------------------------------
// building blocks

const T0 = Date.UTC(2024, 2, 1, 0, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const RT_REGISTER = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const RT_INTERVAL = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
/** 60-minute interval energy (measuringPeriod 7) */
const RT_HOURLY = '0.0.7.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';

const xml = (root: XElement) => serializeXml(root, { prefixes: PREFIXES });
const doc = (msg: Message) => xml(buildEnvelope(msg));

function header(verb: string, noun: string, extra: Partial<Header> = {}): Header {
  return { verb, noun, timestamp: iso(T0 + 3 * 3600_000), source: 'test', messageId: `m-${verb}-${noun}`, ...extra };
}

function intervals(n = 8, opts: { step?: number; skip?: number[]; quality?: Record<number, string>; times?: Record<number, string>; values?: Record<number, string | undefined> } = {}): IntervalReadingValue[] {
  const step = opts.step ?? 15 * MIN;
  const out: IntervalReadingValue[] = [];
  for (let i = 0; i < n; i++) {
    if (opts.skip?.includes(i)) continue;
    const value = opts.values && i in opts.values ? opts.values[i] : '0.250';
    const r: IntervalReadingValue = { timeStamp: opts.times?.[i] ?? iso(T0 + (i + 1) * step), value };
    if (opts.quality?.[i]) r.qualities = [{ ref: opts.quality[i]! }];
    out.push(r);
  }
  return out;
}

function mr(extra: Partial<MeterReadingValue> = {}): MeterReadingValue {
  return { meter: { mRID: 'M-1' }, usagePoint: { mRID: 'UP-1' }, readings: [{ readingType: RT_REGISTER, value: '100.5', timeStamp: iso(T0) }], ...extra };
}

const block = (readings: IntervalReadingValue[], readingType = RT_INTERVAL) => mr({ readings: [], intervalBlocks: [{ readingType, readings }] });

function readings(mrs: MeterReadingValue[] = [mr()], extraRoot: XElement[] = []): XElement {
  const root = buildMeterReadings({ meterReadings: mrs });
  root.children = [...(root.children ?? []), ...extraRoot];
  return root;
}

function events(list: Partial<EndDeviceEventValue>[] = [{}]): XElement {
  return buildEndDeviceEvents(list.map((e, i) => ({ mRID: `E-${i}`, createdDateTime: iso(T0), eventType: '3.26.0.85', meter: 'M-1', usagePoint: 'UP-1', ...e })));
}

const event = (root: XElement, h: Partial<Header> = {}, form: 'wrapper' | 'generic' = 'wrapper'): Message => ({ kind: 'event', form, header: header('created', 'EndDeviceEvents', h), payload: { root } });
const response = (root: XElement | undefined, h: Partial<Header> = {}, reply: Message['reply'] = { result: 'OK' }, form: 'wrapper' | 'generic' = 'wrapper'): Message => ({
  kind: 'response',
  form,
  query: true,
  header: header('reply', 'MeterReadings', h),
  reply,
  payload: root ? { root } : undefined,
});
const getRequest = (query: XElement, h: Partial<Header> = {}, noun = 'MeterReadings'): Message => ({ kind: 'request', header: header('get', noun, h), request: { query } });

function el(ns: string, name: string, children: (XElement | undefined)[] = [], text?: string): XElement {
  return { ns, name, children, text };
}

/** a declared ReadingType with attribute elements in profile order */
function rtDecl(mRID: string, attrs: Record<string, string> = {}, names: string[] = []): XElement {
  const order = ['accumulation', 'aggregate', 'commodity', 'consumptionTier', 'cpp', 'currency', 'flowDirection', 'macroPeriod', 'measurementKind', 'measuringPeriod', 'multiplier', 'phases', 'tou', 'unit'];
  return el(MR, 'ReadingType', [
    el(MR, 'mRID', [], mRID),
    ...order.filter((k) => attrs[k] !== undefined).map((k) => el(MR, k, [], attrs[k])),
    ...names.map((n) => el(MR, 'Names', [el(MR, 'name', [], n)])),
  ]);
}

// ---------------------------------------------------------------------------------------------
// running the rules

function check(input: string | XElement | Message, opts: Partial<CheckMessageOptions> = {}): Finding[] {
  const text = typeof input === 'string' ? input : 'kind' in input ? doc(input) : xml(input);
  return checkMessage(text, { label: 't', ...opts });
}

const show = (fs: Finding[]) => fs.map(formatFinding).join('\n') || '(no findings)';

/** exactly one finding of this rule (and severity); returns it */
function one(fs: Finding[], rule: string, severity?: Severity, message?: RegExp): Finding {
  const hits = fs.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, `expected one ${rule}, got:\n${show(fs)}`);
  if (severity) assert.equal(hits[0]!.severity, severity, show(hits));
  if (message) assert.match(hits[0]!.message, message);
  return hits[0]!;
}

function none(fs: Finding[], rule?: string): void {
  const hits = rule ? fs.filter((f) => f.rule === rule) : fs.filter((f) => f.severity !== 'info');
  assert.deepEqual(hits, [], show(hits));
}

// ---------------------------------------------------------------------------------------------

describe('checkMessage accepts every form of message', () => {
  test('a bare payload, a wrapper, a generic message and a SOAP message of the same content pass alike', () => {
    none(check(readings()));
    none(check(event(events())));
    none(check(event(events(), {}, 'generic')));
    none(check(xml(soapEnvelope(buildEnvelope(event(events())), '1.1'))));
    none(check(xml(soapEnvelope(buildEnvelope(event(events())), '1.2'))));
  });

  test('XML: a malformed document is one XML finding and nothing else', () => {
    const fs = check('<a><b></a>');
    one(fs, 'XML', 'error', /not well-formed/);
    assert.equal(fs.length, 1);
    one(check(doc(event(events())), { maxBytes: 100 }), 'XML', 'error', /exceeds the limit/);
  });

  test('a SOAP fault carrying a FaultMessage is checked for Reply consistency', () => {
    const faultMsg = buildEnvelope({ kind: 'fault', form: 'generic', noun: 'MeterReadings', reply: { result: 'OK', errors: [{ code: '2.4', level: 'FATAL' }] } });
    const fault: XElement = { ns: SOAP_NS['1.1'], name: 'Envelope', children: [{ ns: SOAP_NS['1.1'], name: 'Body', children: [{ ns: SOAP_NS['1.1'], name: 'Fault', children: [el('', 'faultcode', [], 'soap:Client'), el('', 'faultstring', [], 'x'), el('', 'detail', [faultMsg])] }] }] };
    one(check(xml(fault)), 'COD-REPLY-CONSISTENCY', 'error');
  });
});

describe('envelope rules of one message', () => {
  test('ENV-STRUCTURE: a wrapper without Header; a payload in a SOAP Body without envelope (its payload rules still run)', () => {
    const noHeader = buildEnvelope(event(events()));
    noHeader.children = (noHeader.children ?? []).filter((c) => c && c.name !== 'Header');
    hasEvidence(one(check(noHeader), 'ENV-STRUCTURE', 'error', /no Header/), /IEC 61968-100 .*with a Header/, /EventMessage|Events.* without a Header$/);
    const bare = check(xml(soapEnvelope(readings([block(intervals(8, { skip: [3] }))]), '1.1')));
    hasEvidence(one(bare, 'ENV-STRUCTURE', 'error', /neither an IEC 61968-100 message/), /RequestMessage, ResponseMessage, EventMessage or FaultMessage/, /^element \{[^}]+\}MeterReadings without a Header$/);
    one(bare, 'DOM-INTERVAL-COMPLETE', 'error');
    none(check(event(events())), 'ENV-STRUCTURE');
  });

  test('ENV-STRUCTURE: a generic ResponseMessage without Reply', () => {
    const m = buildEnvelope(response(readings(), {}, { result: 'OK' }, 'generic'));
    m.children = (m.children ?? []).filter((c) => c && c.name !== 'Reply');
    one(check(m), 'ENV-STRUCTURE', 'error', /must carry Reply\/Result/);
  });

  test('ENV-VERB-KIND: a generic EventMessage with a request verb, a RequestMessage with a past-tense verb', () => {
    one(check(event(events(), { verb: 'create' }, 'generic')), 'ENV-VERB-KIND', 'error', /EventMessage with Header\/Verb "create"/);
    one(check({ kind: 'request', form: 'generic', header: header('created', 'EndDeviceEvents'), payload: { root: events() } }), 'ENV-VERB-KIND', 'error', /RequestMessage/);
    none(check(event(events(), {}, 'generic')), 'ENV-VERB-KIND');
    none(check({ kind: 'request', form: 'generic', header: header('create', 'EndDeviceEvents'), payload: { root: events() } }), 'ENV-VERB-KIND');
  });

  test('ENV-REPLY-VERB (ENV-07): warning by default, error with fail, silent with accept', () => {
    const m = response(readings(), { verb: 'created' }, { result: 'OK' }, 'generic');
    one(check(m), 'ENV-REPLY-VERB', 'warning');
    one(check(m, { assumptions: { 'ENV-07': 'fail' } }), 'ENV-REPLY-VERB', 'error');
    none(check(m, { assumptions: { 'ENV-07': 'accept' } }), 'ENV-REPLY-VERB');
    none(check(response(readings())), 'ENV-REPLY-VERB');
  });

  test('ENV-WRAPPER (ENV-09): element ↔ Verb is an error; the map form sets its severity', () => {
    const m: Message = { ...event(events()), header: header('create', 'EndDeviceEvents'), element: { ns: 'http://iec.ch/TC57/2011/EndDeviceEventsMessage', name: 'CreatedEndDeviceEvents' } };
    one(check(m), 'ENV-WRAPPER', 'error', /stands for verb "created"/);
    one(check(m, { assumptions: { 'ENV-09': { element: 'warning' } } }), 'ENV-WRAPPER', 'warning');
    one(check(m, { assumptions: { 'ENV-09': { element: 'failure' } } }), 'ENV-WRAPPER', 'error');
    none(check(m, { assumptions: { 'ENV-09': 'off' } }), 'ENV-WRAPPER');
    none(check(event(events())), 'ENV-WRAPPER');
  });

  test('ENV-NOUN-PAYLOAD (ENV-09 noun): Header/Noun ↔ payload root and Get<Noun> query', () => {
    const wrong = event(events(), { noun: 'MeterReadings' }, 'generic');
    one(check(wrong), 'ENV-NOUN-PAYLOAD', 'warning', /Header\/Noun is "MeterReadings" but the payload is EndDeviceEvents/);
    one(check(wrong, { assumptions: { 'ENV-09': { noun: 'failure' } } }), 'ENV-NOUN-PAYLOAD', 'error');
    none(check(wrong, { assumptions: { 'ENV-09': 'off' } }), 'ENV-NOUN-PAYLOAD');
    one(check(getRequest(buildGetEndDeviceEvents({ meters: ['M-1'] }), {}, 'MeterReadings')), 'ENV-NOUN-PAYLOAD', 'warning', /the query is GetEndDeviceEvents, a query about EndDeviceEvents \(the query of MeterReadings is GetMeterReadings\)/);
    // one fact, one finding: a Header/Noun that disagrees with its wrapper (here the query name as Noun) is ENV-WRAPPER's
    // alone, and no message names a "GetGet…" query
    const getAsNoun = check({ ...getRequest(buildGetEndDeviceEvents({ meters: ['M-1'] }), {}, 'GetEndDeviceEvents'), element: wrapperElement('request', 'get', 'EndDeviceEvents') });
    none(getAsNoun, 'ENV-NOUN-PAYLOAD');
    one(getAsNoun, 'ENV-WRAPPER', 'warning', /is for noun "EndDeviceEvents" but Header\/Noun is "GetEndDeviceEvents"/);
    assert.ok(getAsNoun.every((f) => !f.message.includes('GetGet')), getAsNoun.map((f) => f.message).join('\n'));
    const genericGetAsNoun = check({ ...getRequest(buildGetEndDeviceEvents({ meters: ['M-1'] }), {}, 'GetEndDeviceEvents'), form: 'generic' });
    one(genericGetAsNoun, 'ENV-NOUN-PAYLOAD', 'warning', /Header\/Noun is "GetEndDeviceEvents" but the query is GetEndDeviceEvents, a query about EndDeviceEvents/);
    assert.ok(genericGetAsNoun.every((f) => !f.message.includes('GetGet')), genericGetAsNoun.map((f) => f.message).join('\n'));
    none(check(event(events(), {}, 'generic')), 'ENV-NOUN-PAYLOAD');
    none(check(getRequest(buildGetMeterReadings({ endDevices: ['M-1'] }))), 'ENV-NOUN-PAYLOAD');
  });

  test('ENV-SOAP-ACTION (ENV-09 action): given, from a SOAP 1.2 content type, or from a WS-Addressing header', () => {
    const m = event(events());
    one(check(m, { soapAction: soapAction('create', 'EndDeviceEvents') }), 'ENV-SOAP-ACTION', 'warning', /names operation EndDeviceEvents\/CreateEndDeviceEvents/);
    one(check(m, { soapAction: soapAction('create', 'EndDeviceEvents'), assumptions: { 'ENV-09': 'strict' } }), 'ENV-SOAP-ACTION', 'error');
    one(check(m, { contentType: `application/soap+xml; charset=utf-8; action="${soapAction('create', 'EndDeviceEvents')}"` }), 'ENV-SOAP-ACTION');
    const wsa = soapEnvelope(buildEnvelope(m), '1.1');
    wsa.children = [{ ns: SOAP_NS['1.1'], name: 'Header', children: [el('http://www.w3.org/2005/08/addressing', 'Action', [], 'http://iec.ch/TC57/2011/MeterReadings/CreatedMeterReadings')] }, ...(wsa.children ?? [])];
    one(check(xml(wsa)), 'ENV-SOAP-ACTION');
    // the right operation, any year; an empty action; a response (HTTP responses have no action)
    none(check(m, { soapAction: soapAction('created', 'EndDeviceEvents') }), 'ENV-SOAP-ACTION');
    none(check(m, { soapAction: 'http://iec.ch/TC57/2017/EndDeviceEvents/CreatedEndDeviceEvents' }), 'ENV-SOAP-ACTION');
    none(check(m, { soapAction: '""' }), 'ENV-SOAP-ACTION');
    none(check(getRequest(buildGetMeterReadings({ endDevices: ['M-1'] })), { soapAction: soapAction('get', 'MeterReadings') }), 'ENV-SOAP-ACTION');
    none(check(response(readings()), { soapAction: 'urn:anything' }), 'ENV-SOAP-ACTION');
  });

  test('ENV-PROVENANCE and ENV-TIMESTAMP: missing fields, a timestamp without offset; drift only for received messages', () => {
    one(check(event(events(), { source: undefined })), 'ENV-PROVENANCE', 'warning', /Source/);
    one(check(event(events(), { source: undefined }), { assumptions: { 'ENV-13': 'failure' } }), 'ENV-PROVENANCE', 'error');
    one(check(event(events(), { timestamp: '2024-03-01T03:00:00' })), 'ENV-TIMESTAMP', 'warning', /no time-zone offset/);
    none(check(event(events())), 'ENV-TIMESTAMP');
    one(check(event(events()), { receivedAt: new Date(T0 + 10 * 3600_000) }), 'ENV-TIMESTAMP', 'warning', /away from the time of receipt/);
    none(check(event(events()), { receivedAt: new Date(T0 + 3 * 3600_000 + 10_000) }), 'ENV-TIMESTAMP');
  });

  test('COD-REPLY-*: Result ↔ codes of a response', () => {
    one(check(response(readings(), {}, { result: 'OK', errors: [{ code: '2.4', level: 'FATAL' }] })), 'COD-REPLY-CONSISTENCY', 'error');
    none(check(response(undefined, {}, { result: 'FAILED', errors: [{ code: '2.4', level: 'FATAL' }] })));
    one(check(response(undefined, {}, { result: 'FAILED', errors: [{ code: 'X-1', level: 'FATAL' }] }), { strict: true }), 'COD-REPLY-FORMAT', 'error');
  });
});

describe('MeterReadings payload rules', () => {
  test('DOM-READINGTYPE: a ref resolves to a declaration (mRID or name) or an 18-part code', () => {
    none(check(readings()));
    const uuid = '6a0b0c34-0000-4000-8000-00000000abcd';
    // declared under a UUID mRID with the code as its name: resolves, and the interval spacing uses that code
    const declared = readings([block(intervals(4, { step: 60 * MIN }), uuid)], [rtDecl(uuid, {}, [RT_HOURLY])]);
    none(check(declared));
    const spacing = check(readings([block(intervals(4), uuid)], [rtDecl(uuid, {}, [RT_HOURLY])])).filter((f) => f.rule === 'DOM-INTERVAL-SPACING');
    assert.equal(spacing.length, 3, show(spacing));
    assert.match(spacing[0]!.message, /spacing of 900 s .* measuring period of 3600 s/);
    const unresolved = readings([mr({ readings: [{ readingType: 'kWh-15min', value: '1', timeStamp: iso(T0) }] })]);
    one(check(unresolved), 'DOM-READINGTYPE', 'error', /"kWh-15min" resolves to nothing/);
    one(check(unresolved, { assumptions: { 'COD-04': 'warning' } }), 'DOM-READINGTYPE', 'warning');
    one(check(readings([mr({ readings: [{ readingType: '3.26.0.85', value: '1', timeStamp: iso(T0) }] })])), 'DOM-READINGTYPE', 'error', /shape of an Annex E\/F/);
  });

  test('DOM-READINGTYPE: a declaration with two different codes; COD-READINGTYPE-*: the code itself', () => {
    one(check(readings([mr()], [rtDecl(RT_INTERVAL, {}, [RT_REGISTER])])), 'DOM-READINGTYPE', 'error', /two different codes/);
    none(check(readings([mr()], [rtDecl(RT_INTERVAL, {}, [RT_INTERVAL])])), 'DOM-READINGTYPE');
    one(check(readings([mr({ readings: [{ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.-1', value: '1', timeStamp: iso(T0) }] })])), 'COD-READINGTYPE-FORMAT', 'error');
    const unknownUnit = readings([mr({ readings: [{ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.999.0', value: '1', timeStamp: iso(T0) }] })]);
    one(check(unknownUnit), 'COD-READINGTYPE-FIELD', 'warning');
    one(check(unknownUnit, { assumptions: { 'COD-02': 'failure' } }), 'COD-READINGTYPE-FIELD', 'error');
    // each distinct code is checked once, not at every reference
    const twice = readings([mr({ readings: [0, 1, 2].map((i) => ({ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.999.0', value: '1', timeStamp: iso(T0 + i * MIN) })) })]);
    one(check(twice), 'COD-READINGTYPE-FIELD');
  });

  test('COD-READINGTYPE-ATTRIBUTE: unit and multiplier of a declared ReadingType agree with its code (PAY-06)', () => {
    const good = { accumulation: 'deltaData', flowDirection: 'forward', measurementKind: 'energy', measuringPeriod: 'fifteenMinute', multiplier: 'k', unit: 'Wh' };
    none(check(readings([mr()], [rtDecl(RT_INTERVAL, good)]), { assumptions: { 'PAY-06': 'agree' } }));
    const badUnit = readings([mr()], [rtDecl(RT_INTERVAL, { ...good, unit: 'W' })]);
    one(check(badUnit), 'COD-READINGTYPE-ATTRIBUTE', 'warning', /unit = "W"/);
    one(check(badUnit, { assumptions: { 'PAY-06': 'agree' } }), 'COD-READINGTYPE-ATTRIBUTE', 'error');
    one(check(readings([mr()], [rtDecl(RT_INTERVAL, { ...good, multiplier: 'M' })]), { strict: true }), 'COD-READINGTYPE-ATTRIBUTE', 'error', /multiplier/);
  });

  test('DOM-QUALITY and COD-QUALITY: quality refs resolve and are known codes', () => {
    none(check(readings([block(intervals(8, { quality: { 2: '1.4.9' } }))])));
    one(check(readings([block(intervals(8, { quality: { 2: 'estimated' } }))])), 'DOM-QUALITY', 'error', /"estimated" resolves to nothing/);
    const declared = el(MR, 'ReadingQualityType', [el(MR, 'mRID', [], 'estimated'), el(MR, 'Names', [el(MR, 'name', [], '3.8.0')])]);
    none(check(readings([block(intervals(8, { quality: { 2: 'estimated' } }))], [declared])));
    one(check(readings([block(intervals(8, { quality: { 2: '1.13.0' } }))])), 'COD-QUALITY', 'error', /category 13/);
  });

  test('DOM-VALUE: numbers only; a missing value only with a quality code', () => {
    none(check(readings([block(intervals(8, { values: { 1: '-1.5', 2: '1e3', 3: '+.5' } }))])), 'DOM-VALUE');
    for (const bad of ['0,25', 'NaN', 'INF', '0x10', '']) {
      const fs = check(readings([block(intervals(8, { values: { 2: bad } }))]));
      one(fs, 'DOM-VALUE', 'error');
    }
    hasEvidence(one(check(readings([block(intervals(8, { values: { 2: undefined }, quality: { 2: '2.5.259' } }))])), 'DOM-VALUE', 'info'), /a value, or a quality code/, /^no value, 1 ReadingQualities$/);
  });
});

describe('interval data', () => {
  const run = (rs: IntervalReadingValue[], opts: Partial<CheckMessageOptions> = {}, rt = RT_INTERVAL) => check(readings([block(rs, rt)]), opts);

  test('DOM-INTERVAL-ORDER: duplicates and order, compared in UTC', () => {
    none(run(intervals()));
    const rs = intervals();
    one(run([...rs.slice(0, 3), { ...rs[2]! }, ...rs.slice(3)]), 'DOM-INTERVAL-ORDER', 'error', /duplicate interval at 2024-03-01T00:45:00Z/);
    // the same instant written with another offset is a duplicate too
    one(run([...rs.slice(0, 3), { ...rs[2]!, timeStamp: '2024-03-01T01:45:00+01:00' }, ...rs.slice(3)]), 'DOM-INTERVAL-ORDER', 'error', /the same instant/);
    one(run(intervals(8, { times: { 3: '2024-03-01T02:00:00+02:00' } })), 'DOM-INTERVAL-ORDER', 'error', /out of order.*compared in UTC/);
    one(run(intervals(8, { times: { 3: 'yesterday' } })), 'DOM-INTERVAL-ORDER', 'error', /no valid timeStamp/);
  });

  test('UTC-consistent order across a change of offset (daylight saving) passes', () => {
    // 00:45Z written in UTC, 01:00Z as 03:00+02:00, 01:15Z as 02:15+01:00: later instants despite the text
    none(run(intervals(8, { times: { 3: '2024-03-01T03:00:00+02:00', 4: '2024-03-01T02:15:00+01:00' } })));
  });

  test('DOM-INTERVAL-SPACING: spacing ≠ measuring period (and not a whole multiple); unknown period not checked', () => {
    const off = run(intervals(8, { times: { 3: iso(T0 + 55 * MIN) } })).filter((f) => f.rule === 'DOM-INTERVAL-SPACING');
    assert.deepEqual(off.map((f) => f.message.replace(/^t: /, '').split(' between')[0]), ['spacing of 600 s', 'spacing of 1200 s']);
    // 20 minutes on a 15-minute ReadingType: wrong spacing, not a fractional gap
    const twenty = intervals(4, { step: 20 * MIN });
    const fs = run(twenty);
    assert.ok(fs.some((f) => f.rule === 'DOM-INTERVAL-SPACING'), show(fs));
    none(fs, 'DOM-INTERVAL-COMPLETE');
    none(run(intervals(4, { step: 60 * MIN }), {}, RT_HOURLY));
    // a ReadingType without a fixed measuring period (monthly macro period, measuringPeriod none)
    none(run(intervals(3, { step: 31 * 24 * 60 * MIN }), {}, '13.0.0.9.1.1.12.0.0.0.0.0.0.0.0.3.72.0'), 'DOM-INTERVAL-SPACING');
  });

  test('DOM-INTERVAL-COMPLETE: a gap is an error unless a quality code marks it (UC-14 gaps policy)', () => {
    one(run(intervals(8, { skip: [3] })), 'DOM-INTERVAL-COMPLETE', 'error', /gap of 1 interval/);
    one(run(intervals(8, { skip: [3, 4] })), 'DOM-INTERVAL-COMPLETE', 'error', /gap of 2 interval/);
    // marked by skipped interval (x.4.4) or known missing read (x.5.259), on either side: accepted (info)
    hasEvidence(one(run(intervals(8, { skip: [3], quality: { 4: '2.4.4' } })), 'DOM-INTERVAL-COMPLETE', 'info', /accepted: marked by quality code 2.4.4/), /^the next interval at .*or a gap marked by a quality code$/, /\(1 missing\), marked by quality code 2\.4\.4$/);
    one(run(intervals(8, { skip: [3], quality: { 2: '1.5.259' } })), 'DOM-INTERVAL-COMPLETE', 'info');
    // a data-collection code that does not say data is missing: accepted only under gaps=data-collection
    one(run(intervals(8, { skip: [3], quality: { 4: '1.4.9' } })), 'DOM-INTERVAL-COMPLETE', 'error');
    one(run(intervals(8, { skip: [3], quality: { 4: '1.4.9' } }), { assumptions: { 'UC-14': { gaps: 'data-collection' } } }), 'DOM-INTERVAL-COMPLETE', 'info');
    // never: no code makes a gap acceptable
    const never = one(run(intervals(8, { skip: [3], quality: { 4: '2.4.4' } }), { assumptions: { 'UC-14': { gaps: 'never' } } }), 'DOM-INTERVAL-COMPLETE', 'error', /gaps=never/);
    assert.equal(never.assumptions?.['UC-14'], 'conventions=warning; gaps=never');
    none(run(intervals()), 'DOM-INTERVAL-COMPLETE');
  });

  test('DOM-INTERVAL-COMPLETE with a requested window: coverage, and an accepted gap counts as covered', () => {
    const ctxOf = () => contextFor({ label: 't' });
    const root = (rs: IntervalReadingValue[]) => {
      const r = readMessage(xml(readings([block(rs)])));
      assert.ok(r.ok);
      return r.wire.root;
    };
    const window = { start: iso(T0), end: iso(T0 + 2 * 3600_000) };
    none(checkMeterReadings(root(intervals()), { window }, ctxOf()), 'DOM-INTERVAL-COMPLETE');
    one(checkMeterReadings(root(intervals(6)), { window }, ctxOf()), 'DOM-INTERVAL-COMPLETE', 'error', /6 of 8 intervals/);
    const marked = checkMeterReadings(root(intervals(8, { skip: [3], quality: { 4: '2.4.4' } })), { window }, ctxOf());
    assert.deepEqual(marked.filter((f) => f.rule === 'DOM-INTERVAL-COMPLETE').map((f) => f.severity), ['info'], show(marked));
    one(checkMeterReadings(root(intervals(9)), { window }, ctxOf()), 'DOM-INTERVAL-COMPLETE', 'error', /outside the requested period/);
  });

  test('DOM-TIME-CONVENTION (UC-14): offsets, alignment, periods, valuesInterval, reportedDateTime', () => {
    const noOffset = intervals().map((r) => ({ ...r, timeStamp: r.timeStamp!.replace('Z', '') }));
    one(run(noOffset), 'DOM-TIME-CONVENTION', 'warning', /8 date-time value\(s\) without a time-zone offset/);
    one(run(noOffset, { assumptions: { 'UC-14': 'failure' } }), 'DOM-TIME-CONVENTION', 'error');
    one(run(noOffset, { assumptions: { 'UC-14': { conventions: 'failure' } } }), 'DOM-TIME-CONVENTION', 'error');
    // aligned to the period in local time: 00:07 is not
    const shifted = intervals().map((r) => ({ ...r, timeStamp: iso(parseDateTime(r.timeStamp)!.ms + 7 * MIN) }));
    one(run(shifted), 'DOM-TIME-CONVENTION', 'warning', /not aligned/);
    none(run(intervals(8, { times: Object.fromEntries([...Array(8).keys()].map((i) => [i, new Date(T0 + (i + 1) * 15 * MIN + 5.5 * 3600_000).toISOString().replace('.000Z', '+05:30')])) })), 'DOM-TIME-CONVENTION');
    // valuesInterval that does not contain the timeStamps
    const vi = mr({ valuesInterval: { start: iso(T0), end: iso(T0 + 3600_000) }, readings: [{ readingType: RT_REGISTER, value: '1', timeStamp: iso(T0 + 2 * 3600_000) }] });
    one(check(readings([vi])), 'DOM-TIME-CONVENTION', 'warning', /outside its valuesInterval/);
    none(check(readings([mr({ valuesInterval: { start: iso(T0), end: iso(T0 + 3600_000) } })])), 'DOM-TIME-CONVENTION');
    const inverted = mr({ valuesInterval: { start: iso(T0 + 3600_000), end: iso(T0) }, readings: [] });
    one(check(readings([inverted])), 'DOM-TIME-CONVENTION', 'warning', /valuesInterval starts at/);
  });
});

describe('EndDeviceEvents payload rules', () => {
  test('DOM-EVENT-TYPE: a ref resolves to a declared EndDeviceEventType or a four-part code', () => {
    none(check(event(events())));
    one(check(event(events([{ eventType: 'PowerOff' }]))), 'DOM-EVENT-TYPE', 'error', /"PowerOff" resolves to nothing/);
    const declared = events([{ eventType: 'PowerOff' }]);
    declared.children = [...(declared.children ?? []), el(EDE, 'EndDeviceEventType', [el(EDE, 'mRID', [], 'PowerOff'), el(EDE, 'Names', [el(EDE, 'name', [], '3.26.0.85')])])];
    none(check(event(declared)));
    // the declaration's own code is checked: a control code declared as an event type
    const control = events([{ eventType: 'Disconnect' }]);
    control.children = [...(control.children ?? []), el(EDE, 'EndDeviceEventType', [el(EDE, 'mRID', [], 'Disconnect'), el(EDE, 'Names', [el(EDE, 'name', [], '3.31.0.23')])])];
    one(check(event(control)), 'COD-EVENT-CONTROL-ROLE', 'error');
  });

  test('COD-EVENT-TYPE and COD-EVENT-CONTROL-ROLE: the code of an event', () => {
    one(check(event(events([{ eventType: '3.31.0.23' }]))), 'COD-EVENT-CONTROL-ROLE', 'error');
    one(check(event(events([{ eventType: '3.99.0.85' }]))), 'COD-EVENT-TYPE', 'warning');
    one(check(event(events([{ eventType: '3.99.0.85' }])), { assumptions: { 'COD-02': 'failure' } }), 'COD-EVENT-TYPE', 'error');
    none(check(event(events([{ eventType: '3.26.0.216' }]))));
  });

  test('DOM-EVENT-TIME: createdDateTime not in the future beyond the skew', () => {
    const now = new Date(T0);
    one(check(event(events([{ createdDateTime: iso(T0 + 301_000) }])), { receivedAt: now }), 'DOM-EVENT-TIME', 'error', /in the future/);
    none(check(event(events([{ createdDateTime: iso(T0 + 299_000) }])), { receivedAt: now }), 'DOM-EVENT-TIME');
    one(check(event(events([{ createdDateTime: iso(T0 + 120_000) }])), { receivedAt: now, skewSeconds: 60 }), 'DOM-EVENT-TIME');
    one(check(events([{ createdDateTime: undefined }])), 'DOM-EVENT-TIME', 'error', /no createdDateTime/);
  });
});

describe('query rules', () => {
  test('DOM-QUERY-PERIOD: Reading.timePeriod, Request StartTime/EndTime, TimeSchedule', () => {
    const q = (start: number, end: number) => buildGetMeterReadings({ endDevices: ['M-1'], timePeriod: { start: iso(start), end: iso(end) } });
    none(check(getRequest(q(T0, T0 + 3600_000))));
    const reversed = one(check(getRequest(q(T0 + 3600_000, T0))), 'DOM-QUERY-PERIOD', 'error', /Reading\.timePeriod starts/);
    // expected / actual (issue 16): the period as sent
    assert.deepEqual([reversed.expected, reversed.actual], ['start before end', `${iso(T0 + 3600_000)} – ${iso(T0)}`]);
    one(check(getRequest(q(T0, T0))), 'DOM-QUERY-PERIOD', 'warning', /empty/);
    const generic: Message = { kind: 'request', form: 'generic', header: header('get', 'MeterReadings'), request: { startTime: iso(T0 + 3600_000), endTime: iso(T0), query: buildGetMeterReadings({ endDevices: ['M-1'] }) } };
    one(check(generic), 'DOM-QUERY-PERIOD', 'error', /Request StartTime\/EndTime/);
    one(check(getRequest(buildGetEndDeviceEvents({ meters: ['M-1'], start: iso(T0 + 1), end: iso(T0) }), {}, 'EndDeviceEvents')), 'DOM-QUERY-PERIOD', 'error', /TimeSchedule/);
  });

  test('DOM-QUERY-SUBJECT: a query that names nothing to ask about is a warning', () => {
    one(check(getRequest(buildGetMeterReadings({ readingTypes: [RT_REGISTER] }))), 'DOM-QUERY-SUBJECT', 'warning');
    none(check(getRequest(buildGetMeterReadings({ usagePoints: ['UP-1'] }))), 'DOM-QUERY-SUBJECT');
    one(check(getRequest(buildGetEndDeviceEvents({ meters: [] }), {}, 'EndDeviceEvents')), 'DOM-QUERY-SUBJECT', 'warning');
    none(check(getRequest(buildGetEndDeviceEvents({ meters: ['M-1'] }), {}, 'EndDeviceEvents')), 'DOM-QUERY-SUBJECT');
  });

  test('codes in a query are checked as codes of their kind', () => {
    one(check(getRequest(buildGetMeterReadings({ endDevices: ['M-1'], readingTypes: ['3.26.0.85'] }))), 'COD-READINGTYPE-FORMAT', 'error');
    none(check(getRequest(buildGetMeterReadings({ endDevices: ['M-1'], readingTypes: ['6a0b0c34-uuid-of-a-reading-type'] }))));
    const withType = buildGetEndDeviceEvents({ meters: ['M-1'] });
    withType.children = [...(withType.children ?? []), el(GEDE, 'EndDeviceEventType', [el(GEDE, 'mRID', [], '3.31.0.23')])];
    one(check(getRequest(withType, {}, 'EndDeviceEvents')), 'COD-EVENT-CONTROL-ROLE', 'error');
  });
});

describe('DOM-IDENTITY-CONSISTENCY', () => {
  const parsed = (m: Message | XElement): ParsedMessage | XNode => {
    const r = readMessage('kind' in m ? doc(m) : xml(m));
    assert.ok(r.ok);
    return r.wire.message ?? r.wire.root;
  };

  test('within one message: a meter at two usage points; the same meter at the same point passes', () => {
    hasEvidence(one(check(readings([mr(), mr({ usagePoint: { mRID: 'UP-2' } })])), 'DOM-IDENTITY-CONSISTENCY', 'error', /"M-1" is at usage point "UP-2" here but at "UP-1" in the same message/), /^the usage point the same message puts the meter at$/, /^usage point "UP-2" here, "UP-1" there$/);
    none(check(readings([mr(), mr()])), 'DOM-IDENTITY-CONSISTENCY');
    // a usage point may have several meters
    none(check(readings([mr(), mr({ meter: { mRID: 'M-2' } })])), 'DOM-IDENTITY-CONSISTENCY');
  });

  test('across messages: events and readings about the same meter must agree', () => {
    const ctx = contextFor({ label: 'conversation' });
    const ev = parsed(event(events()));
    const ok = parsed(response(readings()));
    const moved = parsed(response(readings([mr({ usagePoint: { mRID: 'UP-9' } })])));
    none(checkConversation([{ label: 'event', message: ev }, { label: 'reply', message: ok }], ctx), 'DOM-IDENTITY-CONSISTENCY');
    const f = one(checkConversation([{ label: 'event', message: ev }, { label: 'reply', message: moved }], ctx), 'DOM-IDENTITY-CONSISTENCY', 'error', /at usage point "UP-9" here but at "UP-1" in event/);
    assert.equal(f.file, 'reply');
  });

  test('names: one name stands for one mRID; a meter named only by name is matched through its mRID', () => {
    const ctx = contextFor({ label: 'c' });
    const named = (mRID: string | undefined, name: string, up: string) => parsed(readings([mr({ meter: { mRID, names: [name] }, usagePoint: { mRID: up } })]));
    one(checkConversation([{ label: 'a', message: named('M-1', 'SN-77', 'UP-1') }, { label: 'b', message: named('M-2', 'SN-77', 'UP-2') }], ctx), 'DOM-IDENTITY-CONSISTENCY', 'error', /name "SN-77" stands for mRID "M-2" here but for "M-1" in a/);
    // meter by name only, at another usage point than its mRID was: caught through the name binding
    one(checkConversation([{ label: 'a', message: named('M-1', 'SN-77', 'UP-1') }, { label: 'b', message: named(undefined, 'SN-77', 'UP-3') }], ctx), 'DOM-IDENTITY-CONSISTENCY', 'error', /SN-77 \(M-1\)/);
    none(checkConversation([{ label: 'a', message: named('M-1', 'SN-77', 'UP-1') }, { label: 'b', message: named(undefined, 'SN-77', 'UP-1') }], ctx), 'DOM-IDENTITY-CONSISTENCY');
  });
});

describe('conversation: ENV-CORRELATION and ENV-MESSAGEID-REUSE', () => {
  const parsed = (m: Message): ParsedMessage => {
    const r = readMessage(doc(m));
    assert.ok(r.ok && r.wire.message);
    return r.wire.message;
  };
  const ctx = contextFor({ label: 'c' });
  const request = parsed(getRequest(buildGetMeterReadings({ endDevices: ['M-1'] }), { messageId: 'req-1', correlationId: 'corr-1' }));

  test('a reply echoes the CorrelationID of the request before it', () => {
    none(checkConversation([request, parsed(response(readings(), { messageId: 'rep-1', correlationId: 'corr-1' }))], ctx));
    const f = one(checkConversation([{ label: 'request', message: request }, { label: 'reply', message: parsed(response(readings(), { messageId: 'rep-1', correlationId: 'other' })) }], ctx), 'ENV-CORRELATION', 'error', /"other" is not the request's CorrelationID "corr-1" \(request: request\)/);
    assert.equal(f.file, 'reply');
    none(checkConversation([request, parsed(response(readings(), { messageId: 'rep-1', correlationId: 'other' }))], ctx, { correlation: false }));
  });

  test('an event is the asynchronous result of the request before it only when AsyncReplyFlag was set', () => {
    const asyncRequest = parsed(getRequest(buildGetMeterReadings({ endDevices: ['M-1'] }), { messageId: 'req-2', correlationId: 'corr-2', asyncReplyFlag: true, replyAddress: 'http://x' }));
    const result = (c: string) => parsed({ kind: 'event', header: header('created', 'MeterReadings', { messageId: 'ev-1', correlationId: c }), payload: { root: readings() } });
    one(checkConversation([asyncRequest, result('corr-x')], ctx), 'ENV-CORRELATION', 'error');
    none(checkConversation([asyncRequest, result('corr-2')], ctx));
    none(checkConversation([request, result('corr-x')], ctx), 'ENV-CORRELATION');
  });

  test('ENV-MESSAGEID-REUSE: a reused MessageID is a warning (failure with ENV-15)', () => {
    const reuse = parsed(response(readings(), { messageId: 'req-1', correlationId: 'corr-1' }));
    one(checkConversation([request, reuse], ctx), 'ENV-MESSAGEID-REUSE', 'warning', /already used by c #1/);
    one(checkConversation([request, reuse], contextFor({ label: 'c', assumptions: { 'ENV-15': 'failure' } })), 'ENV-MESSAGEID-REUSE', 'error');
    none(checkConversation([request, reuse], ctx, { messageIds: false }), 'ENV-MESSAGEID-REUSE');
  });
});
