/**
 * src/message and src/payloads: building every kind of IEC 61968-100 message (wrapper and generic form),
 * SOAP 1.1 / 1.2 wrapping, reading them back, names (wrapper elements, verbs, SOAP actions), SOAP faults,
 * structural problems, and validity of everything the builders make against the 2013 schema pack.
 * Run: node --import tsx --test test/message.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DRAFT_ONLY_VERBS,
  EVENT_VERBS,
  M,
  MESSAGE_NS,
  PREFIXES,
  REQUEST_VERBS,
  SOAP_NS,
  VERBS_2013,
  buildEnvelope,
  contentTypeFor,
  generationOf,
  headerChildren,
  newMessageId,
  nowTimestamp,
  parseWrapperNs,
  pastTense,
  profileNs,
  queryWrapperNs,
  readEnvelope,
  readMessage,
  serviceName,
  soapAction,
  soapEnvelope,
  soapFault,
  toSoap,
  toXml,
  verbOfWrapperElement,
  wrapperElement,
  wrapperNs,
  type Header,
  type Message,
  type ParsedMessage,
  type SoapVersion,
  type WireMessage,
} from '../src/message/index.ts';
import { child, clark, documentParses, parseXml, releaseParsedDocument, serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import {
  GMR,
  MR,
  buildGetMeterReadings,
  buildMeterReadings,
  readGetMeterReadings,
  readMeterReadings,
  type GetMeterReadingsValue,
  type MeterReadingsValue,
} from '../src/payloads/meterReadings.ts';
import {
  EDE,
  GEDE,
  buildEndDeviceEvents,
  buildGetEndDeviceEvents,
  readEndDeviceEvents,
  readGetEndDeviceEvents,
  type EndDeviceEventValue,
} from '../src/payloads/endDeviceEvents.ts';
import { checkSoapContentType } from '../src/transport/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { formatFinding, type Finding } from '../src/checks/finding.ts';

const pack = loadSchemaPack(defaultPackDir('2013'));
after(() => clearSchemaPackCache());

const REGISTER_RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const INTERVAL_RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const DRAFT_M = MESSAGE_NS['draft-2011'];

/** every field of the header (no ReplayDetection: the builder has none) */
function fullHeader(verb: string, noun: string): Header {
  return {
    verb,
    noun,
    revision: '2.0',
    context: 'TESTING',
    timestamp: '2024-03-01T10:00:00Z',
    source: 'cim9-test',
    asyncReplyFlag: false,
    replyAddress: 'http://127.0.0.1:9/callback/replies',
    ackRequired: true,
    user: { userId: 'tester', organization: 'cim9' },
    messageId: 'msg-1',
    correlationId: 'corr-1',
    comment: 'a comment with <markup> & "quotes"',
    properties: [
      { name: 'p1', value: 'v1' },
      { name: 'p2', value: undefined },
    ],
  };
}

/** what the reader returns for fullHeader (optional values read back as written; absent Value stays undefined) */
const expectedHeader = (h: Header): Header => ({ ...h });

const meterReadingsValue: MeterReadingsValue = {
  meterReadings: [
    {
      meter: { mRID: 'M-1001', names: ['meter one'] },
      usagePoint: { mRID: 'UP-1001', names: [] },
      readings: [
        { readingType: REGISTER_RT, value: '12345.678', timeStamp: '2024-03-01T10:00:00Z', reason: 'inquiry', source: 'HES', qualities: [{ ref: '1.0.0', comment: 'ok' }] },
        { readingType: 'RT-LOCAL', value: '1', timeStamp: '2024-03-01T10:00:00Z', qualities: [] },
      ],
      intervalBlocks: [
        {
          readingType: INTERVAL_RT,
          readings: [
            { timeStamp: '2024-03-01T09:15:00Z', value: '0.25', qualities: [] },
            { timeStamp: '2024-03-01T09:30:00Z', value: '0.30', qualities: [{ ref: '1.4.4', comment: 'skipped' }, { ref: '2.8.1' }] },
          ],
        },
      ],
      valuesInterval: { start: '2024-03-01T09:00:00Z', end: '2024-03-01T10:00:00Z' },
    },
    { meter: { mRID: 'M-1002', names: [] }, usagePoint: undefined, readings: [{ readingType: REGISTER_RT, value: '1', qualities: [] }], intervalBlocks: [] },
  ],
  readingTypes: [{ mRID: 'RT-LOCAL', name: 'local register' }],
};

const getMeterReadingsValue: GetMeterReadingsValue = {
  endDevices: ['M-1001', 'M-1002'],
  usagePoints: ['UP-1003'],
  readingTypes: [REGISTER_RT, INTERVAL_RT],
  timePeriod: { start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z' },
};

const eventsValue: EndDeviceEventValue[] = [
  {
    mRID: 'ev-1',
    createdDateTime: '2024-03-01T10:00:00Z',
    eventType: '3.26.0.85',
    meter: 'M-1001',
    usagePoint: 'UP-1001',
    reason: 'power lost',
    severity: 'high',
    details: [
      { name: 'phase', value: 'A' },
      { name: 'flag', value: undefined },
    ],
  },
  { mRID: 'ev-2', createdDateTime: '2024-03-01T10:05:00Z', eventType: '3.26.0.216', meter: 'M-1002', details: [] },
];

const getEventsValue = { meters: ['M-1001', 'M-1002'], start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z' };

/** one message of every kind the slice uses */
function catalogue(): { label: string; msg: Message }[] {
  return [
    {
      label: 'get(MeterReadings) request',
      msg: {
        kind: 'request',
        header: fullHeader('get', 'MeterReadings'),
        request: {
          startTime: '2024-03-01T00:00:00Z',
          endTime: '2024-03-02T00:00:00Z',
          options: [{ name: 'o1', value: 'x' }, { name: 'o2' }],
          ids: [{ value: 'req-1', kind: 'transaction', idType: 't', idAuthority: 'a', objectType: 'Request' }],
          query: buildGetMeterReadings(getMeterReadingsValue),
        },
      },
    },
    { label: 'get(EndDeviceEvents) request', msg: { kind: 'request', header: fullHeader('get', 'EndDeviceEvents'), request: { query: buildGetEndDeviceEvents(getEventsValue) } } },
    {
      label: 'delete(MeterReadings) request',
      msg: { kind: 'request', header: fullHeader('delete', 'MeterReadings'), payload: { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1001' } }] }), format: 'XML' } },
    },
    {
      label: 'reply to get(MeterReadings)',
      msg: {
        kind: 'response',
        query: true,
        header: fullHeader('reply', 'MeterReadings'),
        reply: {
          result: 'PARTIAL',
          errors: [
            {
              code: '2.4',
              level: 'FATAL',
              reason: 'unknown meter',
              details: 'M-9999 is not known',
              xpath: 'm:ID',
              stackTrace: 'none',
              id: { value: 'M-9999', idType: 'mRID', idAuthority: 'cim9', kind: 'name', objectType: 'EndDevice' },
              relatedId: { value: 'UP-9999', kind: 'uuid', objectType: 'UsagePoint' },
              operationId: 3,
            },
            { code: '0.2', level: 'INFORM' },
          ],
          ids: [{ value: 'res-1', kind: 'transaction' }, { value: 'res-2' }],
          operationId: 7,
        },
        payload: { root: buildMeterReadings(meterReadingsValue) },
      },
    },
    { label: 'reply to created(EndDeviceEvents)', msg: { kind: 'response', header: fullHeader('reply', 'EndDeviceEvents'), reply: { result: 'OK', errors: [{ code: '0.0' }] } } },
    { label: 'created(EndDeviceEvents) event', msg: { kind: 'event', header: fullHeader('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(eventsValue) } } },
    { label: 'created(MeterReadings) event', msg: { kind: 'event', header: fullHeader('created', 'MeterReadings'), payload: { root: buildMeterReadings(meterReadingsValue) } } },
    { label: 'MeterReadings fault', msg: { kind: 'fault', noun: 'MeterReadings', reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL', reason: 'schema' }] } } },
    { label: 'GetMeterReadings fault', msg: { kind: 'fault', noun: 'MeterReadings', query: true, reply: { result: 'FAILED', errors: [{ code: '1.5' }] } } },
  ];
}

function read(xml: string): WireMessage {
  const r = readMessage(xml);
  if (!r.ok) assert.fail(`readMessage: ${r.problem.message}`);
  return r.wire;
}

function msgOf(xml: string): ParsedMessage {
  const m = read(xml).message;
  assert.ok(m, 'no message in the SOAP Body');
  return m;
}

function errorsOnly(fs: Finding[]): Finding[] {
  return fs.filter((f) => f.severity === 'error');
}

/** strip undefined members so deepEqual compares what was said, not how absence is spelled */
function defined<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

// ---------------------------------------------------------------------------------------------
describe('build → read round trip, every kind, wrapper and generic form, SOAP 1.1 / 1.2 / bare', () => {
  for (const { label, msg } of catalogue()) {
    for (const form of ['wrapper', 'generic'] as const) {
      for (const soap of ['1.1', '1.2', 'none'] as const) {
        test(`${label}, ${form} form, ${soap === 'none' ? 'bare document' : `SOAP ${soap}`}`, () => {
          const m: Message = { ...msg, form };
          const xml = soap === 'none' ? toXml(m) : toSoap(m, soap).xml;
          const wire = read(xml);
          assert.equal(wire.soap, soap);
          assert.equal(wire.fault, undefined);
          const p = wire.message;
          assert.ok(p);
          assert.deepEqual(p.problems, []);
          assert.equal(p.kind, msg.kind);
          assert.equal(p.form, form);
          const noun = msg.header?.noun ?? msg.noun!;
          if (form === 'wrapper') {
            const query = msg.query ?? msg.header?.verb === 'get';
            assert.equal(p.node.ns, query ? queryWrapperNs(noun) : wrapperNs(noun));
            assert.equal(p.wrapperNoun, noun);
            assert.equal(p.queryWrapper, query);
            const verb = msg.kind === 'response' ? 'reply' : msg.kind === 'fault' ? undefined : msg.header!.verb;
            assert.equal(p.wrapperVerb, verb);
          } else {
            assert.equal(p.node.ns, M);
            assert.equal(p.node.name, { request: 'RequestMessage', response: 'ResponseMessage', event: 'EventMessage', fault: 'FaultMessage' }[msg.kind]);
            assert.equal(p.wrapperNoun, undefined);
          }
          if (msg.header) {
            assert.equal(p.generation, '2013');
            assert.equal(p.messageNs, M);
            assert.deepEqual(defined(p.header), defined(expectedHeader(msg.header)));
          } else {
            assert.equal(p.header, undefined);
            assert.equal(p.headerNode, undefined);
          }
          if (msg.request) {
            const r = p.request!;
            assert.equal(r.startTime, msg.request.startTime);
            assert.equal(r.endTime, msg.request.endTime);
            assert.deepEqual(defined(r.options), defined(msg.request.options ?? []));
            const queryWrapper = form === 'wrapper';
            // a query wrapper's ID is a plain string (§4.3); the generic RequestType keeps the IDatts (§3.2)
            const ids = (msg.request.ids ?? []).map((id) => (queryWrapper ? { value: id.value } : id));
            assert.deepEqual(defined(r.ids), defined(ids));
            assert.equal(r.query && clark(r.query), clark(msg.request.query!));
          } else {
            assert.equal(p.request, undefined);
          }
          if (msg.reply) {
            assert.deepEqual(defined(p.reply), defined({ errors: [], ids: [], ...msg.reply }));
            assert.ok(p.replyNode);
          } else {
            assert.equal(p.reply, undefined);
          }
          if (msg.payload && msg.kind !== 'fault') {
            assert.equal(p.payload?.root && clark(p.payload.root), clark(msg.payload.root!));
            assert.equal(p.payload?.format, msg.payload.format);
          } else {
            assert.equal(p.payload, undefined);
          }
        });
      }
    }
  }

  test('reply IDs and Error ID/relatedID keep every IDatts attribute and the operationIds', () => {
    const msg = catalogue().find((c) => c.label === 'reply to get(MeterReadings)')!.msg;
    const reply = msgOf(toSoap(msg, '1.1').xml).reply!;
    const e = reply.errors![0]!;
    assert.deepEqual(e.id, { value: 'M-9999', idType: 'mRID', idAuthority: 'cim9', kind: 'name', objectType: 'EndDevice' });
    assert.deepEqual(defined(e.relatedId), { value: 'UP-9999', kind: 'uuid', objectType: 'UsagePoint' });
    assert.equal(e.operationId, 3);
    assert.equal(reply.operationId, 7);
    assert.deepEqual(
      reply.ids!.map((i) => [i.value, i.kind]),
      [
        ['res-1', 'transaction'],
        ['res-2', undefined],
      ],
    );
  });

  test('a non-integer operationId reads as undefined; booleans read xs:boolean forms only', () => {
    const base: Message = { kind: 'response', header: { verb: 'reply', noun: 'MeterReadings', asyncReplyFlag: true, ackRequired: false }, reply: { result: 'OK', operationId: 1 } };
    const setText = (env: XElement, part: string, name: string, text: string): XElement => ({
      ...env,
      children: (env.children ?? []).map((c) =>
        c && c.name === part ? { ...c, children: (c.children ?? []).map((x) => (x && x.name === name ? { ...x, text } : x)) } : c,
      ),
    });
    const cases: [string, string, string, unknown][] = [
      ['Reply', 'operationId', '1.5', undefined],
      ['Reply', 'operationId', 'seven', undefined],
      ['Reply', 'operationId', '42', 42],
      ['Header', 'AsyncReplyFlag', '1', true],
      ['Header', 'AsyncReplyFlag', '0', false],
      ['Header', 'AsyncReplyFlag', 'yes', undefined],
      ['Header', 'AsyncReplyFlag', 'TRUE', undefined],
      ['Header', 'AckRequired', ' true ', true],
    ];
    for (const [part, name, text, expected] of cases) {
      const p = msgOf(toSoap(base, '1.1', { transform: (env) => setText(env, part, name, text) }).xml);
      const got = part === 'Reply' ? p.reply!.operationId : name === 'AsyncReplyFlag' ? p.header!.asyncReplyFlag : p.header!.ackRequired;
      assert.equal(got, expected, `${part}/${name}=${JSON.stringify(text)}`);
    }
  });

  test('toSoap transform changes the tree that is sent (deliberately wrong messages)', () => {
    const out = toSoap({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings' } }, '1.1', {
      transform: (env) => ({ ...env, children: [...(env.children ?? []), { ns: env.ns, name: 'Extra', text: 'x' }] }),
    });
    const p = msgOf(out.xml);
    assert.ok(child(p.node, p.node.ns, 'Extra'));
  });

  test('buildEnvelope: a wrapper message needs a noun; the element can be overridden', () => {
    assert.throws(() => buildEnvelope({ kind: 'fault', reply: { result: 'FAILED' } }), /noun/);
    const e = buildEnvelope({ kind: 'request', header: { verb: 'create', noun: 'MeterReadings' }, element: { ns: 'urn:x', name: 'Whatever' } });
    assert.equal(clark(e), '{urn:x}Whatever');
    assert.equal(e.children?.[0] && (e.children[0] as XElement).ns, 'urn:x', 'parts follow the overriding element namespace');
  });

  test('a fault message has no Header and no Payload even when given', () => {
    const e = buildEnvelope({ kind: 'fault', noun: 'MeterReadings', header: { verb: 'reply', noun: 'MeterReadings' }, reply: { result: 'FAILED' }, payload: { format: 'XML' } });
    assert.deepEqual(
      (e.children ?? []).map((c) => c && (c as XElement).name),
      ['Reply'],
    );
  });

  test('ids: fresh UUIDs, timestamps to the second in UTC', () => {
    const a = newMessageId();
    const b = newMessageId();
    assert.notEqual(a, b);
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(nowTimestamp(() => new Date('2024-03-01T10:11:12.345Z')), '2024-03-01T10:11:12Z');
    assert.match(nowTimestamp(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('header field order (envelope.md §3.1)', () => {
  const SPEC_ORDER = ['Verb', 'Noun', 'Revision', 'ReplayDetection', 'Context', 'Timestamp', 'Source', 'AsyncReplyFlag', 'ReplyAddress', 'AckRequired', 'User', 'MessageID', 'CorrelationID', 'Comment', 'Property'];

  for (const form of ['wrapper', 'generic'] as const) {
    test(`serialized Header children follow the HeaderType sequence (${form})`, () => {
      const header = fullHeader('create', 'MeterReadings');
      header.properties = [{ name: 'a', value: '1' }, { name: 'b', value: '2' }, { name: 'c' }];
      const p = msgOf(toSoap({ kind: 'request', form, header }, '1.1').xml);
      const got = p.headerNode!.children.map((c) => {
        assert.equal(c.ns, M, `${c.name} must be in the message namespace`);
        return c.name;
      });
      assert.deepEqual(got, ['Verb', 'Noun', 'Revision', 'Context', 'Timestamp', 'Source', 'AsyncReplyFlag', 'ReplyAddress', 'AckRequired', 'User', 'MessageID', 'CorrelationID', 'Comment', 'Property', 'Property', 'Property']);
      const positions = got.map((n) => SPEC_ORDER.indexOf(n));
      assert.ok(positions.every((x) => x >= 0));
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'not in spec order');
      // the children of User and Property in their own order, and the Header in the wrapper namespace
      const user = p.headerNode!.children.find((c) => c.name === 'User')!;
      assert.deepEqual(user.children.map((c) => c.name), ['UserID', 'Organization']);
      const prop = p.headerNode!.children.find((c) => c.name === 'Property')!;
      assert.deepEqual(prop.children.map((c) => c.name), ['Name', 'Value']);
      assert.equal(p.headerNode!.ns, form === 'wrapper' ? wrapperNs('MeterReadings') : M);
    });
  }

  test('only the fields given are written (headerChildren)', () => {
    assert.deepEqual(
      headerChildren({ verb: 'get', noun: 'MeterReadings', messageId: 'x' }).map((e) => e.name),
      ['Verb', 'Noun', 'MessageID'],
    );
    assert.deepEqual(
      headerChildren({ verb: 'get', noun: 'X', asyncReplyFlag: false, ackRequired: false }).map((e) => [e.name, e.text]),
      [
        ['Verb', 'get'],
        ['Noun', 'X'],
        ['AsyncReplyFlag', 'false'],
        ['AckRequired', 'false'],
      ],
    );
  });

  test('Request, Reply and Error children are in schema order', () => {
    const p = msgOf(toSoap(catalogue()[0]!.msg, '1.1').xml);
    const request = child(p.node, p.node.ns, 'Request')!;
    assert.deepEqual(request.children.map((c) => c.name), ['StartTime', 'EndTime', 'Option', 'Option', 'ID', 'GetMeterReadings']);
    const r = msgOf(toSoap(catalogue()[3]!.msg, '1.1').xml);
    assert.deepEqual(r.replyNode!.children.map((c) => c.name), ['Result', 'Error', 'Error', 'ID', 'ID', 'operationId']);
    assert.deepEqual(r.replyNode!.children[1]!.children.map((c) => c.name), ['code', 'level', 'reason', 'details', 'xpath', 'stackTrace', 'ID', 'relatedID', 'operationId']);
  });

  test('namespace placement in a wrapper message (§4.1): wrapper parts, message-namespace fields, profile payload', () => {
    const p = msgOf(toSoap(catalogue()[0]!.msg, '1.1').xml);
    const w = queryWrapperNs('MeterReadings');
    assert.equal(p.headerNode!.ns, w);
    const request = child(p.node, w, 'Request')!;
    // query wrapper: StartTime/EndTime/Option/ID are wrapper elements; Option's children are message elements
    assert.deepEqual(request.children.map((c) => c.ns), [w, w, w, w, w, GMR]);
    assert.deepEqual(request.children[2]!.children.map((c) => c.ns), [M, M]);
    const g = msgOf(toSoap({ ...catalogue()[0]!.msg, form: 'generic' }, '1.1').xml);
    const greq = child(g.node, M, 'Request')!;
    assert.deepEqual(greq.children.map((c) => c.ns), [M, M, M, M, M, GMR]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('SOAP 1.1 and 1.2 wrapping', () => {
  test('Envelope and Body in the namespace of the version, message as first Body child', () => {
    for (const v of ['1.1', '1.2'] as const) {
      const wire = read(toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents' }, payload: { root: buildEndDeviceEvents(eventsValue) } }, v).xml);
      assert.equal(clark(wire.root), `{${SOAP_NS[v]}}Envelope`);
      const body = child(wire.root, SOAP_NS[v], 'Body');
      assert.ok(body);
      assert.equal(body.children.length, 1);
      assert.equal(clark(body.children[0]!), `{${wrapperNs('EndDeviceEvents')}}CreatedEndDeviceEvents`);
    }
    assert.equal(SOAP_NS['1.1'], 'http://schemas.xmlsoap.org/soap/envelope/');
    assert.equal(SOAP_NS['1.2'], 'http://www.w3.org/2003/05/soap-envelope');
  });

  test('the conventional prefixes are used (soap, soap12, m)', () => {
    const x11 = toSoap({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings' } }, '1.1').xml;
    const x12 = toSoap({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings' } }, '1.2').xml;
    assert.equal(read(x11).root.path, '/soap:Envelope');
    assert.equal(read(x12).root.path, '/soap12:Envelope');
    assert.match(msgOf(x11).headerNode!.children[0]!.path, /\/m:Verb\[1\]$/);
    assert.equal(PREFIXES[M], 'm');
  });

  test('contentTypeFor: text/xml for 1.1 (no action), application/soap+xml with the action for 1.2', () => {
    assert.equal(contentTypeFor('1.1'), 'text/xml; charset=utf-8');
    assert.equal(contentTypeFor('1.1', 'http://x/a'), 'text/xml; charset=utf-8');
    assert.equal(contentTypeFor('1.2'), 'application/soap+xml; charset=utf-8');
    assert.equal(contentTypeFor('1.2', 'http://iec.ch/TC57/2011/GetMeterReadings/GetMeterReadings'), 'application/soap+xml; charset=utf-8; action="http://iec.ch/TC57/2011/GetMeterReadings/GetMeterReadings"');
    for (const v of ['1.1', '1.2'] as const) {
      assert.equal(checkSoapContentType(contentTypeFor(v, 'http://x/a'), v), null);
      assert.notEqual(checkSoapContentType(contentTypeFor(v), v === '1.1' ? '1.2' : '1.1'), null);
    }
  });

  test('SOAP actions of envelope.md §6', () => {
    assert.equal(soapAction('get', 'MeterReadings'), 'http://iec.ch/TC57/2011/GetMeterReadings/GetMeterReadings');
    assert.equal(soapAction('created', 'EndDeviceEvents'), 'http://iec.ch/TC57/2011/EndDeviceEvents/CreatedEndDeviceEvents');
    assert.equal(soapAction('created', 'MeterReadings'), 'http://iec.ch/TC57/2011/MeterReadings/CreatedMeterReadings');
    assert.equal(soapAction('create', 'EndDeviceControls'), 'http://iec.ch/TC57/2011/EndDeviceControls/CreateEndDeviceControls');
    assert.equal(soapAction('get', 'EndDeviceEvents'), 'http://iec.ch/TC57/2011/GetEndDeviceEvents/GetEndDeviceEvents');
    assert.equal(soapAction('canceled', 'EndDeviceControls'), 'http://iec.ch/TC57/2011/EndDeviceControls/CanceledEndDeviceControls');
  });

  test('toSoap returns the action of the operation and the matching content type', () => {
    const get = toSoap({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings' } }, '1.1');
    assert.equal(get.soapAction, 'http://iec.ch/TC57/2011/GetMeterReadings/GetMeterReadings');
    assert.equal(get.contentType, 'text/xml; charset=utf-8');
    const ev = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents' } }, '1.2');
    assert.equal(ev.soapAction, 'http://iec.ch/TC57/2011/EndDeviceEvents/CreatedEndDeviceEvents');
    assert.equal(ev.contentType, 'application/soap+xml; charset=utf-8; action="http://iec.ch/TC57/2011/EndDeviceEvents/CreatedEndDeviceEvents"');
  });

  test('soapEnvelope puts any element in a Body', () => {
    const env = soapEnvelope({ ns: 'urn:x', name: 'Anything' }, '1.2');
    const wire = read(serializeXml(env));
    assert.equal(wire.soap, '1.2');
    assert.deepEqual(wire.message?.problems.length, 1, 'a foreign Body child is read as an unknown message');
  });

  test('an empty Body: no message, no fault', () => {
    const wire = read(serializeXml({ ns: SOAP_NS['1.1'], name: 'Envelope', children: [{ ns: SOAP_NS['1.1'], name: 'Body' }] }));
    assert.equal(wire.soap, '1.1');
    assert.equal(wire.message, undefined);
    assert.equal(wire.fault, undefined);
  });

  test('an Envelope in an unknown namespace is not SOAP: read as a bare (unknown) message', () => {
    const wire = read(serializeXml({ ns: 'urn:not-soap', name: 'Envelope', children: [{ ns: 'urn:not-soap', name: 'Body' }] }));
    assert.equal(wire.soap, 'none');
    assert.ok(wire.message && wire.message.problems.length > 0);
  });
});

// ---------------------------------------------------------------------------------------------
describe('SOAP faults', () => {
  const faultMessage = (form: 'generic' | 'wrapper', query = false) =>
    buildEnvelope({ kind: 'fault', form, noun: 'MeterReadings', query, reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL', reason: 'does not validate' }] } });

  for (const v of ['1.1', '1.2'] as const) {
    for (const form of ['generic', 'wrapper'] as const) {
      test(`SOAP ${v} fault with a ${form} FaultMessage in the detail`, () => {
        const xml = serializeXml(soapFault(v, 'Client', 'bad request <&>', faultMessage(form)), { prefixes: PREFIXES });
        const wire = read(xml);
        assert.equal(wire.soap, v);
        assert.equal(wire.message, undefined);
        const f = wire.fault!;
        assert.equal(f.version, v);
        assert.equal(f.code, v === '1.1' ? 'soap:Client' : 'soap12:Sender');
        assert.equal(f.reason, 'bad request <&>');
        assert.ok(f.detail);
        assert.equal(f.detail.kind, 'fault');
        assert.equal(f.detail.form, form);
        assert.deepEqual(f.detail.problems, []);
        assert.equal(f.detail.reply?.result, 'FAILED');
        assert.deepEqual(
          f.detail.reply?.errors?.map((e) => e.code),
          ['1.8'],
        );
        assert.deepEqual(errorsOnly(pack.validate(xml)), [], 'the fault envelope validates');
      });
    }

    test(`SOAP ${v} Server fault without detail`, () => {
      const wire = read(serializeXml(soapFault(v, 'Server', 'boom'), { prefixes: PREFIXES }));
      assert.equal(wire.fault?.code, v === '1.1' ? 'soap:Server' : 'soap12:Receiver');
      assert.equal(wire.fault?.reason, 'boom');
      assert.equal(wire.fault?.detail, undefined);
    });
  }

  test('a fault detail with a query-wrapper FaultMessage', () => {
    const wire = read(serializeXml(soapFault('1.1', 'Client', 'x', faultMessage('wrapper', true)), { prefixes: PREFIXES }));
    assert.equal(wire.fault?.detail?.queryWrapper, true);
    assert.equal(wire.fault?.detail?.node.name, 'MeterReadingsFaultMessage');
    assert.equal(wire.fault?.detail?.node.ns, queryWrapperNs('MeterReadings'));
  });

  test('SOAP 1.2 fault Reason/Text carries xml:lang', () => {
    const wire = read(serializeXml(soapFault('1.2', 'Client', 'x'), { prefixes: PREFIXES }));
    const reason = child(child(wire.fault && wire.root.children[0]!.children[0], SOAP_NS['1.2'], 'Reason'), SOAP_NS['1.2'], 'Text');
    assert.equal(reason?.attrs['{http://www.w3.org/XML/1998/namespace}lang'], 'en');
  });
});

// ---------------------------------------------------------------------------------------------
describe('names', () => {
  test('wrapper elements per kind and verb (§4.1, §4.3)', () => {
    assert.deepEqual(wrapperElement('request', 'create', 'EndDeviceControls'), { ns: 'http://iec.ch/TC57/2011/EndDeviceControlsMessage', name: 'CreateEndDeviceControls' });
    assert.deepEqual(wrapperElement('request', 'get', 'MeterReadings'), { ns: 'http://iec.ch/TC57/2011/GetMeterReadingsMessage', name: 'GetMeterReadings' });
    assert.deepEqual(wrapperElement('event', 'created', 'EndDeviceEvents'), { ns: 'http://iec.ch/TC57/2011/EndDeviceEventsMessage', name: 'CreatedEndDeviceEvents' });
    assert.deepEqual(wrapperElement('event', 'canceled', 'EndDeviceControls'), { ns: 'http://iec.ch/TC57/2011/EndDeviceControlsMessage', name: 'CanceledEndDeviceControls' });
    assert.deepEqual(wrapperElement('response', 'reply', 'MeterReadings'), { ns: 'http://iec.ch/TC57/2011/MeterReadingsMessage', name: 'MeterReadingsResponseMessage' });
    assert.deepEqual(wrapperElement('response', 'reply', 'MeterReadings', true), { ns: 'http://iec.ch/TC57/2011/GetMeterReadingsMessage', name: 'MeterReadingsResponseMessage' });
    assert.deepEqual(wrapperElement('fault', '', 'MeterReadings'), { ns: 'http://iec.ch/TC57/2011/MeterReadingsMessage', name: 'MeterReadingsFaultMessage' });
    assert.deepEqual(wrapperElement('fault', '', 'MeterReadings', true), { ns: 'http://iec.ch/TC57/2011/GetMeterReadingsMessage', name: 'MeterReadingsFaultMessage' });
  });

  test('namespaces of wrappers and profiles', () => {
    assert.equal(wrapperNs('MeterReadings'), 'http://iec.ch/TC57/2011/MeterReadingsMessage');
    assert.equal(queryWrapperNs('EndDeviceEvents'), 'http://iec.ch/TC57/2011/GetEndDeviceEventsMessage');
    assert.equal(profileNs('MeterReadings'), 'http://iec.ch/TC57/2011/MeterReadings#');
    assert.equal(MR, 'http://iec.ch/TC57/2011/MeterReadings#');
    assert.equal(GMR, 'http://iec.ch/TC57/2011/GetMeterReadings#');
    assert.equal(EDE, 'http://iec.ch/TC57/2011/EndDeviceEvents#');
    assert.equal(GEDE, 'http://iec.ch/TC57/2011/GetEndDeviceEvents#');
  });

  test('verbOfWrapperElement: the §4.1 table, both directions', () => {
    const cases: [string, string, string | undefined][] = [
      ['CreateMeterReadings', 'MeterReadings', 'create'],
      ['CreatedEndDeviceEvents', 'EndDeviceEvents', 'created'],
      ['CanceledEndDeviceControls', 'EndDeviceControls', 'canceled'],
      ['GetMeterReadings', 'MeterReadings', 'get'],
      ['MeterReadingsResponseMessage', 'MeterReadings', 'reply'],
      ['MeterReadingsFaultMessage', 'MeterReadings', undefined],
      ['MeterReadings', 'MeterReadings', undefined],
      ['CreateEndDeviceEvents', 'MeterReadings', undefined],
      ['Unrelated', 'MeterReadings', undefined],
      ['EndDeviceEventsResponseMessage', 'MeterReadings', undefined],
    ];
    for (const [name, noun, verb] of cases) assert.equal(verbOfWrapperElement(name, noun), verb, `${name} / ${noun}`);
    // every wrapper element the builder makes maps back to its verb
    for (const verb of [...REQUEST_VERBS, ...EVENT_VERBS]) {
      const kind = (EVENT_VERBS as readonly string[]).includes(verb) ? 'event' : 'request';
      assert.equal(verbOfWrapperElement(wrapperElement(kind, verb, 'EndDeviceControls').name, 'EndDeviceControls'), verb);
    }
  });

  test(
    'verbOfWrapperElement: a prefix that is not a verb is no verb',
    () => {
      assert.equal(verbOfWrapperElement('FrobnicateMeterReadings', 'MeterReadings'), undefined);
      assert.equal(verbOfWrapperElement('XMeterReadings', 'MeterReadings'), undefined);
    },
  );

  test('pastTense: request verbs to event verbs, American canceled, none for get and reply', () => {
    assert.deepEqual(
      REQUEST_VERBS.map((v) => pastTense(v)),
      ['created', 'changed', 'canceled', 'closed', 'deleted', 'executed', undefined],
    );
    assert.equal(pastTense('reply'), undefined);
    assert.equal(pastTense('created'), undefined);
    assert.equal(pastTense('Create'), undefined, 'case-sensitive');
  });

  test('serviceName: WSDL families of §6', () => {
    assert.equal(serviceName('get', 'MeterReadings'), 'GetMeterReadings');
    assert.equal(serviceName('create', 'EndDeviceControls'), 'ExecuteEndDeviceControls');
    assert.equal(serviceName('delete', 'MeterReadings'), 'ExecuteMeterReadings');
    assert.equal(serviceName('created', 'EndDeviceEvents'), 'ReceiveEndDeviceEvents');
    assert.equal(serviceName('created', 'MeterReadings', { asyncResult: true }), 'ReplyMeterReadings');
    assert.equal(serviceName('canceled', 'EndDeviceControls', { asyncResult: false }), 'ReceiveEndDeviceControls');
  });

  test('verb lists: 14 ed.1 verbs, draft-only verbs disjoint from them', () => {
    assert.equal(VERBS_2013.length, 14);
    assert.equal(new Set(VERBS_2013).size, 14);
    assert.ok(VERBS_2013.includes('reply'));
    assert.ok(VERBS_2013.includes('executed'));
    for (const v of DRAFT_ONLY_VERBS) assert.ok(!(VERBS_2013 as readonly string[]).includes(v), v);
  });

  test('generationOf: the three message namespaces and nothing else', () => {
    assert.equal(generationOf('http://iec.ch/TC57/2011/schema/message'), '2013');
    assert.equal(generationOf('http://www.iec.ch/TC57/2011/schema/message'), 'draft-2011');
    assert.equal(generationOf('http://iec.ch/TC57/2021/schema/message'), 'ed2');
    assert.equal(generationOf('http://iec.ch/TC57/2016/schema/message'), undefined);
    assert.equal(generationOf('http://iec.ch/TC57/2011/schema/message/'), undefined);
    assert.equal(generationOf(''), undefined);
  });

  test('parseWrapperNs: final, draft (www.), query, other years', () => {
    assert.deepEqual(parseWrapperNs('http://iec.ch/TC57/2011/MeterReadingsMessage'), { draft: false, year: '2011', query: false, noun: 'MeterReadings' });
    assert.deepEqual(parseWrapperNs('http://iec.ch/TC57/2011/GetMeterReadingsMessage'), { draft: false, year: '2011', query: true, noun: 'MeterReadings' });
    assert.deepEqual(parseWrapperNs('http://www.iec.ch/TC57/2011/EndDeviceEventsMessage'), { draft: true, year: '2011', query: false, noun: 'EndDeviceEvents' });
    assert.deepEqual(parseWrapperNs('http://www.iec.ch/TC57/2011/GetEndDeviceEventsMessage'), { draft: true, year: '2011', query: true, noun: 'EndDeviceEvents' });
    assert.deepEqual(parseWrapperNs('http://iec.ch/TC57/2017/EndDeviceControlsMessage'), { draft: false, year: '2017', query: false, noun: 'EndDeviceControls' });
  });

  test('parseWrapperNs: non-wrapper URIs', () => {
    for (const ns of [
      'http://iec.ch/TC57/2011/schema/message',
      'http://www.iec.ch/TC57/2011/schema/message',
      'http://iec.ch/TC57/2011/MeterReadings#',
      'http://iec.ch/TC57/2011/Message',
      'http://iec.ch/TC57/11/MeterReadingsMessage',
      'http://iec.ch/TC57/year/MeterReadingsMessage',
      'http://iec.ch/TC57/2011/MeterReadingsMessage/extra',
      'https://iec.ch/TC57/2011/MeterReadingsMessage',
      'http://example.com/TC57/2011/MeterReadingsMessage',
      'urn:x',
      '',
    ]) {
      assert.equal(parseWrapperNs(ns), undefined, ns);
    }
  });

  test(
    'parseWrapperNs: the year is four digits',
    () => {
      for (const year of ['0x7E', ' 201', '1e+3', '20.0']) assert.equal(parseWrapperNs(`http://iec.ch/TC57/${year}/MeterReadingsMessage`), undefined, JSON.stringify(year));
    },
  );
});

// ---------------------------------------------------------------------------------------------
describe('structural problems found by the reader', () => {
  test('a root that is neither a message nor a wrapper', () => {
    for (const root of [{ ns: 'urn:acme', name: 'Order' }, { ns: '', name: 'RequestMessage' }, { ns: 'http://iec.ch/TC57/2011/MeterReadings#', name: 'MeterReadings' }]) {
      const p = msgOf(serializeXml(soapEnvelope({ ...root, children: [{ ns: root.ns, name: 'Header' }] }, '1.1')));
      assert.equal(p.kind, undefined);
      assert.equal(p.form, 'unknown');
      assert.equal(p.problems.length, 1);
      assert.match(p.problems[0]!, /neither an IEC 61968-100 message nor an IEC 61968-9 noun wrapper/);
      assert.equal(p.header, undefined);
    }
  });

  test('the generic Message element (no kind) and an unknown message-namespace element', () => {
    for (const name of ['Message', 'Bogus']) {
      const p = msgOf(serializeXml(soapEnvelope({ ns: M, name, children: [{ ns: M, name: 'Header', children: headerChildren({ verb: 'get', noun: 'MeterReadings' }) }] }, '1.1')));
      assert.equal(p.form, 'generic');
      assert.equal(p.kind, undefined);
      assert.equal(p.problems.length, 1);
      assert.match(p.problems[0]!, new RegExp(`element ${name} of the message namespace`));
      assert.equal(p.header?.verb, 'get', 'the header is still read');
    }
  });

  test('a message without Header (wrapper and generic); a fault needs none', () => {
    for (const form of ['wrapper', 'generic'] as const) {
      const env = buildEnvelope({ kind: 'response', form, header: { verb: 'reply', noun: 'MeterReadings' }, reply: { result: 'OK' } });
      const noHeader = { ...env, children: (env.children ?? []).filter((c) => c && (c as XElement).name !== 'Header') };
      const p = msgOf(serializeXml(soapEnvelope(noHeader, '1.1'), { prefixes: PREFIXES }));
      assert.deepEqual(p.problems, ['the message has no Header']);
      assert.equal(p.kind, 'response');
      assert.equal(p.reply?.result, 'OK', 'the Reply is still read (message namespace assumed)');
    }
    const fault = msgOf(toSoap({ kind: 'fault', noun: 'MeterReadings', reply: { result: 'FAILED' } }, '1.1').xml);
    assert.deepEqual(fault.problems, []);
  });

  test('a wrapper element that does not name the wrapper noun is a problem', () => {
    for (const name of ['Unrelated', 'CreateEndDeviceEvents', 'EndDeviceEventsResponseMessage']) {
      const p = msgOf(toSoap({ kind: 'request', header: { verb: 'create', noun: 'MeterReadings' }, element: { ns: wrapperNs('MeterReadings'), name } }, '1.1').xml);
      assert.equal(p.form, 'wrapper');
      assert.equal(p.kind, undefined, name);
      assert.deepEqual(p.problems, [`element ${name} is not a known element of the MeterReadings wrapper`]);
    }
  });

  test(
    'a wrapper element with an unknown verb prefix for its noun is a problem',
    () => {
      const p = msgOf(toSoap({ kind: 'request', header: { verb: 'create', noun: 'MeterReadings' }, element: { ns: wrapperNs('MeterReadings'), name: 'FrobnicateMeterReadings' } }, '1.1').xml);
      assert.equal(p.kind, undefined);
      assert.equal(p.problems.length, 1);
    },
  );

  test('a draft-generation (www.) wrapper message is read as draft-2011', () => {
    const w = 'http://www.iec.ch/TC57/2011/MeterReadingsMessage';
    const env: XElement = {
      ns: w,
      name: 'CreatedMeterReadings',
      children: [
        { ns: w, name: 'Header', children: [{ ns: DRAFT_M, name: 'Verb', text: 'created' }, { ns: DRAFT_M, name: 'Noun', text: 'MeterReadings' }, { ns: DRAFT_M, name: 'CorrelationID', text: 'c' }] },
        { ns: w, name: 'Payload', children: [buildMeterReadings({ meterReadings: [] })] },
      ],
    };
    const p = msgOf(serializeXml(soapEnvelope(env, '1.1'), { prefixes: PREFIXES }));
    assert.deepEqual(p.problems, []);
    assert.equal(p.form, 'wrapper');
    assert.equal(p.kind, 'event');
    assert.equal(p.generation, 'draft-2011');
    assert.equal(p.messageNs, DRAFT_M);
    assert.equal(p.header?.verb, 'created');
    assert.equal(p.header?.correlationId, 'c');
    assert.equal(p.payload?.root?.name, 'MeterReadings');
    // and the 2013 pack does not know it (ENV-01)
    const fs = errorsOnly(pack.validate(serializeXml(soapEnvelope(env, '1.1'))));
    assert.ok(fs.some((f) => /2011 draft/.test(f.message)), fs.map(formatFinding).join('\n'));
  });

  test('a generic message of the draft and of ed.2 reports its generation', () => {
    for (const [gen, ns] of [['draft-2011', MESSAGE_NS['draft-2011']], ['ed2', MESSAGE_NS.ed2]] as const) {
      const p = msgOf(serializeXml(soapEnvelope({ ns, name: 'ResponseMessage', children: [{ ns, name: 'Header', children: [{ ns, name: 'Verb', text: 'reply' }] }, { ns, name: 'Reply', children: [{ ns, name: 'Result', text: 'OK' }] }] }, '1.2')));
      assert.equal(p.generation, gen);
      assert.equal(p.kind, 'response');
      assert.equal(p.reply?.result, 'OK');
    }
  });

  test(
    'a processing instruction in the Body or the Header hides nothing from the reader (the validator sees it all)',
    () => {
      // hostile input that the builders cannot produce (XElement has no processing instructions)
      const doc =
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><?pi x?>' +
        '<w:MeterReadingsResponseMessage xmlns:w="http://iec.ch/TC57/2011/MeterReadingsMessage" xmlns:m="http://iec.ch/TC57/2011/schema/message">' +
        '<w:Header><?pi y?><m:Verb>reply</m:Verb><m:Noun>MeterReadings</m:Noun></w:Header><w:Reply><m:Result>OK</m:Result></w:Reply>' +
        '</w:MeterReadingsResponseMessage></s:Body></s:Envelope>';
      assert.deepEqual(errorsOnly(pack.validate(doc)), []);
      const p = msgOf(doc);
      assert.equal(p.header?.verb, 'reply');
      assert.equal(p.header?.noun, 'MeterReadings');
    },
  );

  test('readMessage never throws and passes parser problems through', () => {
    const r = readMessage('<unclosed');
    assert.equal(r.ok, false);
    const big = readMessage(toXml(catalogue()[0]!.msg), { maxBytes: 100 });
    assert.equal(!big.ok && big.problem.kind, 'too-large');
  });

  test('readEnvelope on a bare element tree node', () => {
    const root = parseXml(toXml({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents' } }));
    assert.ok(root.ok);
    const p = readEnvelope(root.root);
    assert.equal(p.kind, 'event');
    assert.equal(p.payload, undefined);
  });
});

// ---------------------------------------------------------------------------------------------
describe('every message the builders make validates against the 2013 schema pack', () => {
  for (const { label, msg } of catalogue()) {
    for (const form of ['wrapper', 'generic'] as const) {
      for (const v of ['1.1', '1.2'] as const) {
        test(`${label}, ${form}, SOAP ${v}`, () => {
          const xml = toSoap({ ...msg, form }, v).xml;
          const fs = pack.validate(xml, { label });
          assert.deepEqual(errorsOnly(fs), [], fs.map(formatFinding).join('\n'));
        });
      }
    }
  }

  test('bare wrapper documents validate too', () => {
    for (const { label, msg } of catalogue()) {
      const fs = errorsOnly(pack.validate(toXml(msg), { label }));
      assert.deepEqual(fs, [], `${label}: ${fs.map(formatFinding).join('\n')}`);
    }
  });

  test('the validator is not a yes-man: a builder message with an element removed fails', () => {
    const msg = catalogue().find((c) => c.label === 'created(EndDeviceEvents) event')!.msg;
    const broken = toSoap(msg, '1.1', {
      transform: (env) => ({
        ...env,
        children: (env.children ?? []).map((c) => (c && (c as XElement).name === 'Header' ? { ...(c as XElement), children: ((c as XElement).children ?? []).filter((h) => h && (h as XElement).name !== 'Verb') } : c)),
      }),
    }).xml;
    assert.ok(errorsOnly(pack.validate(broken)).length > 0);
    const badVerb = toSoap({ ...msg, header: { ...msg.header!, verb: 'subscribe' } }, '1.1').xml;
    assert.ok(errorsOnly(pack.validate(badVerb)).length > 0, 'draft verb subscribe must not validate in 2013');
  });
});

// ---------------------------------------------------------------------------------------------
describe('payload builders and readers', () => {
  /** build, wrap in a real message, serialize, read back the payload root */
  function payloadRoot(root: XElement, kind: 'event' | 'request' = 'event', noun = 'MeterReadings'): XNode {
    const msg: Message = kind === 'event' ? { kind, header: { verb: 'created', noun }, payload: { root } } : { kind, header: { verb: 'get', noun }, request: { query: root } };
    const p = msgOf(toSoap(msg, '1.1').xml);
    const node = kind === 'event' ? p.payload?.root : p.request?.query;
    assert.ok(node);
    return node;
  }

  test('MeterReadings with register and interval readings, qualities and a local ReadingType', () => {
    const v = readMeterReadings(payloadRoot(buildMeterReadings(meterReadingsValue)));
    assert.equal(v.meterReadings.length, 2);
    const [a, b] = v.meterReadings;
    assert.deepEqual(a!.meter, { mRID: 'M-1001', names: ['meter one'] });
    assert.deepEqual(a!.usagePoint, { mRID: 'UP-1001', names: [] });
    assert.deepEqual(defined(a!.readings), defined(meterReadingsValue.meterReadings[0]!.readings));
    assert.deepEqual(defined(a!.intervalBlocks), defined(meterReadingsValue.meterReadings[0]!.intervalBlocks));
    assert.deepEqual(b!.meter, { mRID: 'M-1002', names: [] });
    assert.equal(b!.usagePoint, undefined);
    assert.deepEqual(v.readingTypes?.map((r) => r.mRID), ['RT-LOCAL']);
  });

  test(
    'readMeterReadings returns everything buildMeterReadings wrote',
    () => {
      const v = readMeterReadings(payloadRoot(buildMeterReadings(meterReadingsValue)));
      assert.deepEqual(v.meterReadings[0]!.valuesInterval, { start: '2024-03-01T09:00:00Z', end: '2024-03-01T10:00:00Z' });
      assert.deepEqual(defined(v.readingTypes), [{ mRID: 'RT-LOCAL', name: 'local register' }]);
    },
  );

  test('MeterReadings element order follows the profile (IntervalBlocks, Meter, Readings, UsagePoint, valuesInterval; ReadingType last)', () => {
    const root = payloadRoot(buildMeterReadings(meterReadingsValue));
    assert.deepEqual(root.children.map((c) => c.name), ['MeterReading', 'MeterReading', 'ReadingType']);
    assert.deepEqual(root.children[0]!.children.map((c) => c.name), ['IntervalBlocks', 'Meter', 'Readings', 'Readings', 'UsagePoint', 'valuesInterval']);
    const reading = root.children[0]!.children[2]!;
    assert.deepEqual(reading.children.map((c) => c.name), ['reason', 'source', 'timeStamp', 'value', 'ReadingQualities', 'ReadingType']);
    assert.deepEqual(reading.children[4]!.children.map((c) => c.name), ['comment', 'ReadingQualityType']);
    const block = root.children[0]!.children[0]!;
    assert.deepEqual(block.children.map((c) => c.name), ['IntervalReadings', 'IntervalReadings', 'ReadingType']);
    assert.equal(block.children[2]!.attrs['ref'], INTERVAL_RT);
    assert.ok(root.children.every(function inMr(c: XNode): boolean {
      return c.ns === MR && c.children.every(inMr);
    }));
  });

  test('a MeterReadings payload with readings but without ReadingType refs is read with empty refs', () => {
    const root = buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M' }, readings: [{ readingType: REGISTER_RT, value: '1' }] }] });
    const stripped: XElement = {
      ...root,
      children: (root.children ?? []).map((mr) => mr && { ...mr, children: (mr.children ?? []).map((r) => r && r.name === 'Readings' ? { ...r, children: (r.children ?? []).filter((c) => c && c.name !== 'ReadingType') } : r) }),
    };
    const v = readMeterReadings(payloadRoot(stripped));
    assert.equal(v.meterReadings[0]!.readings![0]!.readingType, '');
  });

  test('GetMeterReadings: build → read', () => {
    const v = readGetMeterReadings(payloadRoot(buildGetMeterReadings(getMeterReadingsValue), 'request'));
    assert.deepEqual(v, getMeterReadingsValue);
    const empty = readGetMeterReadings(payloadRoot(buildGetMeterReadings({}), 'request'));
    assert.deepEqual(empty, { endDevices: [], usagePoints: [], readingTypes: [], timePeriod: undefined });
  });

  test('GetMeterReadings element order (EndDevice, Reading/timePeriod(end,start), ReadingType, UsagePoint)', () => {
    const root = payloadRoot(buildGetMeterReadings(getMeterReadingsValue), 'request');
    assert.deepEqual(root.children.map((c) => c.name), ['EndDevice', 'EndDevice', 'Reading', 'ReadingType', 'ReadingType', 'UsagePoint']);
    assert.deepEqual(root.children[2]!.children[0]!.children.map((c) => c.name), ['end', 'start']);
  });

  test('EndDeviceEvents: build → read', () => {
    const events = readEndDeviceEvents(payloadRoot(buildEndDeviceEvents(eventsValue), 'event', 'EndDeviceEvents'));
    assert.equal(events.length, 2);
    events.forEach((e, i) => {
      const { node, ...rest } = e;
      assert.equal(node.name, 'EndDeviceEvent');
      assert.deepEqual(defined(rest), defined({ ...eventsValue[i], usagePoint: eventsValue[i]!.usagePoint, details: eventsValue[i]!.details ?? [] }));
    });
  });

  test('EndDeviceEvents element order and an event without meter', () => {
    const root = payloadRoot(buildEndDeviceEvents([...eventsValue, { mRID: 'ev-3', createdDateTime: '2024-03-01T11:00:00Z', eventType: '3.26.0.47' }]), 'event', 'EndDeviceEvents');
    assert.deepEqual(root.children[0]!.children.map((c) => c.name), ['mRID', 'createdDateTime', 'reason', 'severity', 'Assets', 'EndDeviceEventDetails', 'EndDeviceEventDetails', 'EndDeviceEventType', 'UsagePoint']);
    const third = readEndDeviceEvents(root)[2]!;
    assert.equal(third.meter, undefined);
    assert.equal(third.usagePoint, undefined);
    assert.equal(third.eventType, '3.26.0.47');
  });

  test('GetEndDeviceEvents: build → read, with and without a window', () => {
    assert.deepEqual(readGetEndDeviceEvents(payloadRoot(buildGetEndDeviceEvents(getEventsValue), 'request', 'EndDeviceEvents')), getEventsValue);
    assert.deepEqual(readGetEndDeviceEvents(payloadRoot(buildGetEndDeviceEvents({ meters: ['M'] }), 'request', 'EndDeviceEvents')), { meters: ['M'], start: undefined, end: undefined });
    const onlyStart = payloadRoot(buildGetEndDeviceEvents({ meters: [], start: '2024-03-01T00:00:00Z' }), 'request', 'EndDeviceEvents');
    assert.deepEqual(readGetEndDeviceEvents(onlyStart), { meters: [], start: '2024-03-01T00:00:00Z', end: undefined });
  });

  test('payloads with values that need escaping survive the trip', () => {
    const tricky = '<M&"1">';
    const v = readMeterReadings(payloadRoot(buildMeterReadings({ meterReadings: [{ meter: { mRID: tricky, names: [tricky] }, readings: [{ readingType: tricky, value: '1', reason: tricky }] }] })));
    assert.equal(v.meterReadings[0]!.meter?.mRID, tricky);
    assert.deepEqual(v.meterReadings[0]!.meter?.names, [tricky]);
    assert.equal(v.meterReadings[0]!.readings![0]!.readingType, tricky);
    assert.equal(v.meterReadings[0]!.readings![0]!.reason, tricky);
  });

  test('every payload builder output validates on its own (bare payload root)', () => {
    const roots: [string, XElement][] = [
      ['MeterReadings', buildMeterReadings(meterReadingsValue)],
      ['GetMeterReadings', buildGetMeterReadings(getMeterReadingsValue)],
      ['EndDeviceEvents', buildEndDeviceEvents(eventsValue)],
      ['GetEndDeviceEvents', buildGetEndDeviceEvents(getEventsValue)],
    ];
    for (const [label, root] of roots) {
      const fs = errorsOnly(pack.validate(serializeXml(root), { label }));
      assert.deepEqual(fs, [], `${label}: ${fs.map(formatFinding).join('\n')}`);
    }
  });
});

// SoapVersion is part of the public surface the tests rely on
const _versions: SoapVersion[] = ['1.1', '1.2'];
void _versions;

describe('readMessage reads a buffer once', () => {
  const bytes = () => Buffer.from(serializeXml(soapEnvelope(buildEnvelope({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings', messageId: 'm-1' } }), '1.1')));

  test('the same buffer gives the same, frozen reading; another buffer with the same bytes is read on its own', () => {
    const b = bytes();
    const first = readMessage(b);
    const again = readMessage(b);
    assert.ok(first.ok);
    assert.equal(again, first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.wire) && Object.isFrozen(first.wire.message));
    assert.throws(() => (first.wire.message!.problems as string[]).push('x'));
    const other = readMessage(bytes());
    assert.notEqual(other, first);
    assert.deepEqual(other.ok && other.wire.message?.header?.messageId, 'm-1');
  });

  test('readMessage and then validate of the same buffer parse it once (issue 18); the findings are those of a parse of its own', () => {
    const b = bytes();
    releaseParsedDocument();
    const before = documentParses();
    assert.ok(readMessage(b).ok);
    const shared = pack.validate(b, { label: 'x' });
    assert.equal(documentParses() - before, 1);
    releaseParsedDocument();
    assert.deepEqual(pack.validate(b, { label: 'x' }), shared);
    assert.equal(documentParses() - before, 2);
    // a defective message: the same findings whether the reader parsed it first or not
    const bad = Buffer.from(serializeXml(soapEnvelope(buildEnvelope({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings' }, element: { ns: 'urn:nowhere', name: 'X' } }), '1.1')));
    const alone = pack.validate(bad, { label: 'x' });
    releaseParsedDocument();
    readMessage(bad);
    assert.deepEqual(pack.validate(bad, { label: 'x' }), alone);
    assert.ok(alone.some((f) => f.severity === 'error'));
  });

  test('a different size limit is a different reading: a buffer over the limit is refused even after it was read without one', () => {
    const b = bytes();
    assert.ok(readMessage(b).ok);
    const limited = readMessage(b, { maxBytes: 10 });
    assert.equal(limited.ok, false);
    assert.equal(!limited.ok && limited.problem.kind, 'too-large');
    assert.ok(readMessage(b).ok);
  });

  test('a string is read each time (it cannot be remembered by identity)', () => {
    const s = bytes().toString('utf8');
    assert.notEqual(readMessage(s), readMessage(s));
  });
});
