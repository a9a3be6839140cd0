/**
 * The rule catalogue: what each rule id means, where it comes from and how severe a violation is by
 * default. Rule ids never change meaning once released. Rules whose fact is uncertain name the
 * assumption (../shared/spec/README.md §8) that sets their severity.
 */
import type { Severity } from './finding.ts';

export interface RuleDef {
  id: string;
  clause: string;
  edition: '2013' | '2024' | 'all';
  severity: Severity;
  statement: string;
  assumption?: string;
}

export const RULES: readonly RuleDef[] = [
  { id: 'XML', clause: '61968-100:2013 5', edition: 'all', severity: 'error', statement: 'A message is a well-formed XML document without DOCTYPE, within the size limit.' },
  { id: 'XSD', clause: '61968-100:2013 / 61968-9 Annex G', edition: 'all', severity: 'error', statement: 'Envelope and payload validate against the schema pack of the edition (G1).' },
  { id: 'TRANSPORT', clause: '61968-100:2013 SOAP binding', edition: 'all', severity: 'error', statement: 'The SUT answers over HTTP within the response time limit with a SOAP message of the right content type.' },
  { id: 'ENV-STRUCTURE', clause: '61968-100:2013 5', edition: 'all', severity: 'error', statement: 'The SOAP Body carries one IEC 61968-100 message (noun wrapper or generic) with a Header.' },
  { id: 'ENV-KIND', clause: '61968-100:2013 5', edition: 'all', severity: 'error', statement: 'A request is answered by a ResponseMessage; an asynchronous result or published event is an EventMessage.' },
  { id: 'ENV-REPLY-VERB', clause: '61968-100:2013 5 (Verb)', edition: 'all', severity: 'warning', assumption: 'ENV-07', statement: 'A ResponseMessage has Header/Verb reply.' },
  { id: 'ENV-EVENT-VERB', clause: '61968-100:2013 5 (Verb)', edition: 'all', severity: 'error', statement: 'An asynchronous result or published event has the expected past-tense verb.' },
  { id: 'ENV-NOUN', clause: '61968-100:2013 5 (Noun)', edition: 'all', severity: 'error', statement: 'Header/Noun names the expected noun.' },
  { id: 'ENV-WRAPPER', clause: '61968-9 noun wrappers; 61968-100 §4.4', edition: 'all', severity: 'error', assumption: 'ENV-09', statement: 'The wrapper element, Header/Verb and Header/Noun agree.' },
  { id: 'ENV-CORRELATION', clause: '61968-100:2013 5 (CorrelationID)', edition: 'all', severity: 'error', assumption: 'ENV-14', statement: "A reply or asynchronous result carries the request's CorrelationID (or its MessageID when no CorrelationID was sent)." },
  { id: 'ENV-PROVENANCE', clause: '61968-100:2013 5 (Timestamp, Source, MessageID)', edition: 'all', severity: 'warning', assumption: 'ENV-13', statement: 'Header/Timestamp, Source and MessageID are present.' },
  { id: 'ENV-TIMESTAMP', clause: '61968-100:2013 5 (Timestamp)', edition: 'all', severity: 'warning', statement: 'Header/Timestamp is a date-time with offset, close to the time the message was received.' },
  { id: 'ENV-MESSAGEID-REUSE', clause: '61968-100:2013 5 (MessageID)', edition: 'all', severity: 'warning', assumption: 'ENV-15', statement: 'Each message has its own MessageID.' },
  { id: 'ENV-RESULT', clause: '61968-9 Annex B', edition: 'all', severity: 'error', statement: 'Reply/Result is consistent with the Error codes it carries.' },
  { id: 'ENV-EXPECTED-RESULT', clause: '61968-9 use case', edition: 'all', severity: 'error', statement: 'The request is answered with the Result the use case demands.' },
  { id: 'ENV-EXPECTED-CODE', clause: '61968-9 Annex B', edition: 'all', severity: 'error', assumption: 'COD-06', statement: 'A failed request carries the Annex B code of its error case (when the SUT claims Annex B).' },
  { id: 'ENV-ASYNC-RESULT', clause: '61968-100:2013 asynchronous pattern', edition: 'all', severity: 'error', assumption: 'ENV-16', statement: 'With AsyncReplyFlag and ReplyAddress, the result arrives at the ReplyAddress within the window.' },
  { id: 'ENV-CONTENT-TYPE', clause: 'SOAP 1.1 / 1.2 HTTP binding', edition: 'all', severity: 'error', statement: 'The HTTP Content-Type matches the SOAP version.' },
  { id: 'DOM-EVENT-TYPE', clause: '61968-9 Annex E', edition: 'all', severity: 'error', statement: 'Every EndDeviceEventType ref is a well-formed four-part code of known parts.' },
  { id: 'DOM-EVENT-KIND', clause: '61968-9 5.2 (outage detection)', edition: 'all', severity: 'error', assumption: 'UC-03', statement: 'An outage is reported with an outage code, a restoration with a restoration code.' },
  { id: 'DOM-EVENT-TIME', clause: '61968-9 Annex E', edition: 'all', severity: 'error', statement: 'EndDeviceEvent.createdDateTime is present and not in the future beyond the allowed skew.' },
  { id: 'DOM-READINGTYPE', clause: '61968-9 Annex C', edition: 'all', severity: 'error', statement: 'Every ReadingType ref is an 18-part code or resolves to a ReadingType of the payload.' },
  { id: 'DOM-QUALITY', clause: '61968-9 Annex D', edition: 'all', severity: 'error', statement: 'Every ReadingQualityType ref is a three-part code of a known system and category.' },
  { id: 'DOM-VALUE', clause: '61968-9 MeterReadings', edition: 'all', severity: 'error', statement: 'Reading and IntervalReading values are decimal numbers.' },
  { id: 'DOM-IDENTITY', clause: '61968-9 G10', edition: 'all', severity: 'error', statement: 'Readings and events name the meters and usage points of the exchange and nothing else.' },
  { id: 'DOM-INTERVAL-COMPLETE', clause: '61968-9 5.3 (MR-04, MR-06)', edition: 'all', severity: 'error', assumption: 'UC-14', statement: 'Interval data covers the requested period without gaps or duplicates, spaced by the measuring period.' },
  { id: 'DOM-EXPECTED', clause: '61968-9 use case', edition: 'all', severity: 'error', statement: 'The payload carries what the use case demands (the readings, events or meters asked for).' },
];

export function rule(id: string): RuleDef {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id} in the catalogue`);
  return r;
}
