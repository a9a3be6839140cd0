/**
 * Test messages for test/schema.test.ts, built as element trees and serialised by src/xml (never
 * string templates). Structures follow ../shared/spec/envelope.md §2-§4 and payloads.md §1-§4.
 */
import { leaf, serializeXml, type XElement } from '../src/xml/index.ts';

export const NS = {
  msg: 'http://iec.ch/TC57/2011/schema/message',
  mr: 'http://iec.ch/TC57/2011/MeterReadings#',
  gmr: 'http://iec.ch/TC57/2011/GetMeterReadings#',
  ede: 'http://iec.ch/TC57/2011/EndDeviceEvents#',
  gede: 'http://iec.ch/TC57/2011/GetEndDeviceEvents#',
  mrw: 'http://iec.ch/TC57/2011/MeterReadingsMessage',
  edew: 'http://iec.ch/TC57/2011/EndDeviceEventsMessage',
  gmrw: 'http://iec.ch/TC57/2011/GetMeterReadingsMessage',
  gedew: 'http://iec.ch/TC57/2011/GetEndDeviceEventsMessage',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  draftMsg: 'http://www.iec.ch/TC57/2011/schema/message',
} as const;

const PREFIXES: Record<string, string> = {
  [NS.msg]: 'm',
  [NS.mr]: 'mr',
  [NS.gmr]: 'gmr',
  [NS.ede]: 'ede',
  [NS.gede]: 'gede',
  [NS.mrw]: 'w',
  [NS.edew]: 'w',
  [NS.gmrw]: 'q',
  [NS.gedew]: 'q',
  [NS.soap11]: 'soap',
  [NS.soap12]: 'env',
};

export function xml(root: XElement): string {
  return serializeXml(root, { prefixes: PREFIXES, pretty: true });
}

const el = (ns: string, name: string, children: (XElement | undefined | false)[] = [], attrs?: Record<string, string>): XElement => ({
  ns,
  name,
  children,
  attrs,
});

/** a reference: empty element with @ref */
const ref = (ns: string, name: string, code: string): XElement => ({ ns, name, attrs: { ref: code } });

// ---------------------------------------------------------------------------------------------
// envelope parts

export interface HeaderFields {
  verb: string;
  noun: string;
  messageId?: string;
  correlationId?: string;
  /** put Noun before Verb (an order violation) */
  swapVerbNoun?: boolean;
  msgNs?: string;
}

/** Header element in `ns` (the wrapper's or the message namespace), children in the message namespace */
export function header(ns: string, h: HeaderFields): XElement {
  const m = h.msgNs ?? NS.msg;
  const verb = leaf(m, 'Verb', h.verb);
  const noun = leaf(m, 'Noun', h.noun);
  return el(ns, 'Header', [
    ...(h.swapVerbNoun ? [noun, verb] : [verb, noun]),
    leaf(m, 'Timestamp', '2024-03-01T10:15:00Z'),
    leaf(m, 'Source', 'cim9-test'),
    leaf(m, 'MessageID', h.messageId ?? 'b7f4a1d2-0c1e-4c55-9a7e-2d3f4e5a6b7c'),
    leaf(m, 'CorrelationID', h.correlationId),
  ]);
}

export interface ErrorFields {
  code: string;
  xpath?: string;
}

/** Reply element in `ns`, children in the message namespace */
export function reply(ns: string, result: string, errors: ErrorFields[] = []): XElement {
  return el(ns, 'Reply', [
    leaf(NS.msg, 'Result', result),
    ...errors.map((e) =>
      el(NS.msg, 'Error', [leaf(NS.msg, 'code', e.code), leaf(NS.msg, 'level', 'FATAL'), leaf(NS.msg, 'reason', 'test'), leaf(NS.msg, 'xpath', e.xpath)]),
    ),
  ]);
}

/** a noun-wrapper or generic message: root in `ns` with Header, Request?, Reply?, Payload? */
export function message(
  ns: string,
  name: string,
  parts: { header?: XElement; request?: XElement; reply?: XElement; payload?: XElement[] },
): XElement {
  return el(ns, name, [parts.header, parts.request, parts.reply, parts.payload ? el(ns, 'Payload', parts.payload) : undefined]);
}

/** Request of a query wrapper (Get<Noun>RequestType): StartTime, EndTime, Option*, ID*, query root */
export function queryRequest(ns: string, query: XElement): XElement {
  return el(ns, 'Request', [
    leaf(ns, 'StartTime', '2024-03-01T00:00:00Z'),
    leaf(ns, 'EndTime', '2024-03-02T00:00:00Z'),
    el(ns, 'Option', [leaf(NS.msg, 'name', 'includeQuality'), leaf(NS.msg, 'value', 'true')]),
    leaf(ns, 'ID', 'MTR-0001'),
    query,
  ]);
}

export function soap11(body: XElement): XElement {
  return el(NS.soap11, 'Envelope', [el(NS.soap11, 'Header'), el(NS.soap11, 'Body', [body])]);
}

export function soap12(body: XElement): XElement {
  return el(NS.soap12, 'Envelope', [el(NS.soap12, 'Body', [body])]);
}

export function soap11Fault(detail?: XElement): XElement {
  return el(NS.soap11, 'Envelope', [
    el(NS.soap11, 'Body', [
      el(NS.soap11, 'Fault', [leaf('', 'faultcode', 'soap:Client'), leaf('', 'faultstring', 'schema invalid'), detail ? el('', 'detail', [detail]) : undefined]),
    ]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// payloads

const names = (ns: string, name: string): XElement => el(ns, 'Names', [leaf(ns, 'name', name)]);

/** MeterReadings with one interval block (two readings) and one register reading */
export function meterReadings(opts: { registerOrderSwapped?: boolean } = {}): XElement {
  const m = NS.mr;
  const intervalRt = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
  const registerRt = '0.0.0.9.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
  const registerChildren = [
    leaf(m, 'reason', 'billing'),
    leaf(m, 'timeStamp', '2024-03-01T00:00:00Z'),
    leaf(m, 'value', '12345.678'),
    ref(m, 'ReadingType', registerRt),
  ];
  if (opts.registerOrderSwapped) registerChildren.reverse();
  return el(m, 'MeterReadings', [
    el(m, 'MeterReading', [
      el(m, 'IntervalBlocks', [
        el(m, 'IntervalReadings', [
          leaf(m, 'timeStamp', '2024-03-01T00:15:00Z'),
          leaf(m, 'value', '0.25'),
          el(m, 'ReadingQualities', [ref(m, 'ReadingQualityType', '1.0.0')]),
        ]),
        el(m, 'IntervalReadings', [leaf(m, 'timeStamp', '2024-03-01T00:30:00Z'), leaf(m, 'value', '0.27')]),
        ref(m, 'ReadingType', intervalRt),
      ]),
      el(m, 'Meter', [leaf(m, 'mRID', 'MTR-0001'), names(m, 'Meter 1')]),
      el(m, 'Readings', registerChildren),
      el(m, 'UsagePoint', [leaf(m, 'mRID', 'UP-0001')]),
      el(m, 'valuesInterval', [leaf(m, 'end', '2024-03-01T00:30:00Z'), leaf(m, 'start', '2024-03-01T00:00:00Z')]),
    ]),
    el(m, 'ReadingType', [
      leaf(m, 'mRID', intervalRt),
      leaf(m, 'accumulation', '4'),
      leaf(m, 'commodity', '1'),
      leaf(m, 'flowDirection', '1'),
      leaf(m, 'macroPeriod', '0'),
      leaf(m, 'measurementKind', '12'),
      leaf(m, 'measuringPeriod', '2'),
      leaf(m, 'multiplier', '3'),
      leaf(m, 'phases', '0'),
      leaf(m, 'tou', 0),
      leaf(m, 'unit', '72'),
      names(m, '15-minute forward active energy (kWh)'),
    ]),
  ]);
}

/** GetMeterReadings query: one end device, a time period, one reading type */
export function getMeterReadings(): XElement {
  const g = NS.gmr;
  return el(g, 'GetMeterReadings', [
    el(g, 'EndDevice', [leaf(g, 'mRID', 'MTR-0001')]),
    el(g, 'Reading', [el(g, 'timePeriod', [leaf(g, 'end', '2024-03-02T00:00:00Z'), leaf(g, 'start', '2024-03-01T00:00:00Z')])]),
    el(g, 'ReadingType', [leaf(g, 'mRID', '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0')]),
  ]);
}

/** EndDeviceEvents with one power-down event */
export function endDeviceEvents(opts: { omitCreatedDateTime?: boolean } = {}): XElement {
  const e = NS.ede;
  return el(e, 'EndDeviceEvents', [
    el(e, 'EndDeviceEvent', [
      leaf(e, 'mRID', '0b3c3f0e-5e0f-4c3a-8f4b-1f2e3d4c5b6a'),
      opts.omitCreatedDateTime ? undefined : leaf(e, 'createdDateTime', '2024-03-01T10:14:58Z'),
      leaf(e, 'issuerID', 'HES-1'),
      leaf(e, 'severity', 'Alarm'),
      el(e, 'Assets', [leaf(e, 'mRID', 'MTR-0001')]),
      el(e, 'EndDeviceEventDetails', [leaf(e, 'name', 'phase'), leaf(e, 'value', 'A')]),
      ref(e, 'EndDeviceEventType', '3.26.38.85'),
      el(e, 'UsagePoint', [leaf(e, 'mRID', 'UP-0001')]),
    ]),
  ]);
}

/** GetEndDeviceEvents query (older vendor shape): a meter and a time schedule */
export function getEndDeviceEvents(): XElement {
  const g = NS.gede;
  return el(g, 'GetEndDeviceEvents', [
    el(g, 'Meter', [leaf(g, 'mRID', 'MTR-0001')]),
    el(g, 'TimeSchedule', [el(g, 'scheduleInterval', [leaf(g, 'end', '2024-03-02T00:00:00Z'), leaf(g, 'start', '2024-03-01T00:00:00Z')])]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// complete messages (wrapper form)

export const wrapped = {
  createdMeterReadings: (h: Partial<HeaderFields> = {}, payload = meterReadings()) =>
    message(NS.mrw, 'CreatedMeterReadings', { header: header(NS.mrw, { verb: 'created', noun: 'MeterReadings', ...h }), payload: [payload] }),
  getMeterReadings: () =>
    message(NS.gmrw, 'GetMeterReadings', {
      header: header(NS.gmrw, { verb: 'get', noun: 'MeterReadings' }),
      request: queryRequest(NS.gmrw, getMeterReadings()),
    }),
  meterReadingsReply: () =>
    message(NS.gmrw, 'MeterReadingsResponseMessage', {
      header: header(NS.gmrw, { verb: 'reply', noun: 'MeterReadings', correlationId: 'b7f4a1d2-0c1e-4c55-9a7e-2d3f4e5a6b7c' }),
      reply: reply(NS.gmrw, 'OK'),
      payload: [meterReadings()],
    }),
  createdEndDeviceEvents: (payload = endDeviceEvents()) =>
    message(NS.edew, 'CreatedEndDeviceEvents', { header: header(NS.edew, { verb: 'created', noun: 'EndDeviceEvents' }), payload: [payload] }),
  endDeviceEventsAck: (errors: ErrorFields[] = []) =>
    message(NS.edew, 'EndDeviceEventsResponseMessage', {
      header: header(NS.edew, { verb: 'reply', noun: 'EndDeviceEvents', correlationId: 'c-1' }),
      reply: reply(NS.edew, errors.length ? 'FAILED' : 'OK', errors),
    }),
  getEndDeviceEvents: () =>
    message(NS.gedew, 'GetEndDeviceEvents', {
      header: header(NS.gedew, { verb: 'get', noun: 'EndDeviceEvents' }),
      request: queryRequest(NS.gedew, getEndDeviceEvents()),
    }),
  meterReadingsFault: () => message(NS.mrw, 'MeterReadingsFaultMessage', { reply: reply(NS.mrw, 'FAILED', [{ code: '1.8' }]) }),
};

// ---------------------------------------------------------------------------------------------
// complete messages (generic form, message namespace)

export const generic = {
  request: (h: Partial<HeaderFields> = {}, payload: XElement[] = [meterReadings()]) =>
    message(NS.msg, 'RequestMessage', { header: header(NS.msg, { verb: 'create', noun: 'MeterReadings', ...h }), payload }),
  getRequest: () =>
    message(NS.msg, 'RequestMessage', {
      header: header(NS.msg, { verb: 'get', noun: 'MeterReadings' }),
      request: el(NS.msg, 'Request', [leaf(NS.msg, 'StartTime', '2024-03-01T00:00:00Z'), getMeterReadings()]),
    }),
  response: (errors: ErrorFields[] = [], payload?: XElement[]) =>
    message(NS.msg, 'ResponseMessage', {
      header: header(NS.msg, { verb: 'reply', noun: 'EndDeviceEvents', correlationId: 'c-1' }),
      reply: reply(NS.msg, errors.length ? 'FAILED' : 'OK', errors),
      payload,
    }),
  responseWithoutReply: () => message(NS.msg, 'ResponseMessage', { header: header(NS.msg, { verb: 'reply', noun: 'MeterReadings' }) }),
  event: (payload: XElement[] = [endDeviceEvents()]) =>
    message(NS.msg, 'EventMessage', { header: header(NS.msg, { verb: 'created', noun: 'EndDeviceEvents' }), payload }),
  /** a Payload using the ID branch of the choice */
  cancelById: () =>
    message(NS.msg, 'RequestMessage', {
      header: header(NS.msg, { verb: 'cancel', noun: 'EndDeviceControls' }),
      payload: [{ ns: NS.msg, name: 'ID', text: 'b7f4a1d2-0c1e-4c55-9a7e-2d3f4e5a6b7c', attrs: { kind: 'transaction' } }],
    }),
  /** an OperationSet with one operation carrying a payload */
  operationSet: (payload: XElement = endDeviceEvents()) =>
    message(NS.msg, 'RequestMessage', {
      header: header(NS.msg, { verb: 'execute', noun: 'OperationSet' }),
      payload: [
        el(NS.msg, 'OperationSet', [
          leaf(NS.msg, 'enforceMsgSequence', true),
          el(NS.msg, 'Operation', [leaf(NS.msg, 'operationId', 1), leaf(NS.msg, 'noun', 'EndDeviceEvents'), leaf(NS.msg, 'verb', 'create'), payload]),
        ]),
      ],
    }),
  /** a Payload with both a profile root and Compressed: violates the choice */
  payloadChoiceViolated: () =>
    message(NS.msg, 'RequestMessage', {
      header: header(NS.msg, { verb: 'create', noun: 'MeterReadings' }),
      payload: [{ ns: NS.msg, name: 'Compressed', text: 'H4sIAAAAAAAAAwMAAAAAAAAAAAA=' }, meterReadings()],
    }),
  fault: () => el(NS.msg, 'FaultMessage', [reply(NS.msg, 'FAILED', [{ code: '1.8' }])]),
};
