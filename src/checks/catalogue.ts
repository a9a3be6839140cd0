/**
 * The rule catalogue: what each rule id means, where it comes from and how severe a violation is by
 * default. Rule ids never change meaning once released. Rules whose fact is uncertain name the
 * assumption (../shared/spec/README.md §8) that sets their severity.
 *
 * Every rule id a check can emit is listed here, including the COD-* ids of the code tables (src/codes)
 * and XSD/XML of the schema layer (test/checks-rules-catalogue.test.ts enforces it).
 *
 * `scope` says what a rule needs to be checked:
 * - `message`: one message on its own (`checkMessage`, `cim9 validate`, and every message a scenario receives);
 * - `conversation`: several messages of one exchange (`checkConversation`, `cim9 validate --conversation`);
 * - `scenario`: the request or the use case (expected noun, verb, Result, meters …), or the transport.
 */
import type { Finding, Severity } from './finding.ts';
import { REPLY_CLAUSE } from '../codes/reply.ts';
import { QUALITY_CLAUSE } from '../codes/quality.ts';
import { CONTROL_CLAUSE, EVENT_CLAUSE } from '../codes/end-device.ts';
import { READING_TYPE_CLAUSE } from '../codes/reading-type.ts';
import { MASTER_DATA_RULES } from './masterdata-rules.ts';

export type RuleScope = 'message' | 'conversation' | 'scenario';

export interface RuleDef {
  id: string;
  clause: string;
  edition: '2013' | '2024' | 'all';
  severity: Severity;
  statement: string;
  assumption?: string;
  scope: RuleScope;
}

export const RULES: readonly RuleDef[] = [
  // ------------------------------------------------------------------ layer 1: transport, XML, schema
  { id: 'XML', scope: 'message', clause: '61968-100:2013 5', edition: 'all', severity: 'error', statement: 'A message is a well-formed XML document without DOCTYPE, within the size limit.' },
  { id: 'XSD', scope: 'message', clause: '61968-100:2013 / 61968-9 Annex G', edition: 'all', severity: 'error', assumption: 'ENV-05', statement: 'Envelope and payload validate against the schema pack of the edition (G1); generic payloads against their profile (ENV-05); namespaces of another generation are named (ENV-01).' },
  { id: 'TRANSPORT', scope: 'scenario', clause: '61968-100:2013 SOAP binding', edition: 'all', severity: 'error', statement: 'The SUT answers over HTTP within the response time limit with a SOAP message of the right content type.' },
  { id: 'ENV-CONTENT-TYPE', scope: 'scenario', clause: 'SOAP 1.1 / 1.2 HTTP binding', edition: 'all', severity: 'error', statement: 'The HTTP Content-Type matches the SOAP version.' },

  // ------------------------------------------------------------------ layer 2: envelope
  { id: 'ENV-GENERATION', scope: 'message', clause: '61968-100 namespaces per generation (2011 draft, 2013 ed.1, ed.2)', edition: 'all', severity: 'error', assumption: 'ENV-01', statement: 'The SUT speaks the message generation of the profile\'s edition (namespaces of the envelope and the noun wrappers), or one ENV-01 accepts; draft and final peers do not interoperate. Reported once per run.' },
  { id: 'ENV-STRUCTURE', scope: 'message', clause: '61968-100:2013 5', edition: 'all', severity: 'error', statement: 'The SOAP Body carries one IEC 61968-100 message (noun wrapper or generic) with a Header; a ResponseMessage carries Reply/Result.' },
  { id: 'ENV-KIND', scope: 'scenario', clause: '61968-100:2013 5', edition: 'all', severity: 'error', statement: 'A request is answered by a ResponseMessage; an asynchronous result or published event is an EventMessage.' },
  { id: 'ENV-VERB-KIND', scope: 'message', clause: '61968-100:2013 5 (Verb); envelope.md §4.1', edition: 'all', severity: 'error', statement: 'Header/Verb fits the kind of message: a request verb (create, get …) in a request, a past-tense verb (created …) in an event.' },
  { id: 'ENV-REPLY-VERB', scope: 'message', clause: '61968-100:2013 5 (Verb)', edition: 'all', severity: 'warning', assumption: 'ENV-07', statement: 'A ResponseMessage has Header/Verb reply.' },
  { id: 'ENV-EVENT-VERB', scope: 'scenario', clause: '61968-100:2013 5 (Verb)', edition: 'all', severity: 'error', statement: 'An asynchronous result or published event has the expected past-tense verb.' },
  { id: 'ENV-NOUN', scope: 'scenario', clause: '61968-100:2013 5 (Noun)', edition: 'all', severity: 'error', statement: 'Header/Noun names the expected noun.' },
  { id: 'ENV-NOUN-PAYLOAD', scope: 'message', clause: '61968-9 noun wrappers; envelope.md §4.4 rule 2', edition: 'all', severity: 'warning', assumption: 'ENV-09', statement: 'Header/Noun is the profile name of the payload root, and the query of a get is Get<Noun>.' },
  { id: 'ENV-WRAPPER', scope: 'message', clause: '61968-9 noun wrappers; 61968-100 §4.4', edition: 'all', severity: 'error', assumption: 'ENV-09', statement: 'The wrapper element, Header/Verb and Header/Noun agree; Header/Verb is an IEC 61968-100 ed.1 verb.' },
  { id: 'ENV-SOAP-ACTION', scope: 'message', clause: '61968-100:2013 SOAP binding (WSDL soapAction); envelope.md §4.4 rule 3, §6', edition: 'all', severity: 'warning', assumption: 'ENV-09', statement: 'The SOAP action, when known (SOAPAction header, SOAP 1.2 action parameter or WS-Addressing Action), names the operation of the message: …/<Noun>/<Element>, or …/Get<Noun>/Get<Noun> for a query.' },
  { id: 'ENV-CORRELATION', scope: 'conversation', clause: '61968-100:2013 5 (CorrelationID)', edition: 'all', severity: 'error', assumption: 'ENV-14', statement: "A reply or asynchronous result carries the request's CorrelationID (or its MessageID when no CorrelationID was sent)." },
  { id: 'ENV-PROVENANCE', scope: 'message', clause: '61968-100:2013 5 (Timestamp, Source, MessageID)', edition: 'all', severity: 'warning', assumption: 'ENV-13', statement: 'Header/Timestamp, Source and MessageID are present.' },
  { id: 'ENV-TIMESTAMP', scope: 'message', clause: '61968-100:2013 5 (Timestamp)', edition: 'all', severity: 'warning', statement: 'Header/Timestamp is a date-time with offset, close to the time the message was received (when the suite received it).' },
  { id: 'ENV-MESSAGEID-REUSE', scope: 'conversation', clause: '61968-100:2013 5 (MessageID)', edition: 'all', severity: 'warning', assumption: 'ENV-15', statement: 'Each message has its own MessageID.' },
  { id: 'ENV-EXPECTED-RESULT', scope: 'scenario', clause: '61968-9 use case', edition: 'all', severity: 'error', statement: 'The request is answered with the Result the use case demands.' },
  { id: 'ENV-EXPECTED-CODE', scope: 'scenario', clause: '61968-9 Annex B', edition: 'all', severity: 'error', assumption: 'COD-06', statement: 'A failed request carries the Annex B code of its error case (when the SUT claims Annex B).' },
  { id: 'ENV-ASYNC-RESULT', scope: 'scenario', clause: '61968-100:2013 asynchronous pattern', edition: 'all', severity: 'error', assumption: 'ENV-16', statement: 'With AsyncReplyFlag and ReplyAddress, the result arrives at the ReplyAddress within the window.' },
  { id: 'ENV-ASYNC-ONCE', scope: 'scenario', clause: '61968-100:2013 asynchronous pattern', edition: 'all', severity: 'warning', assumption: 'CIM9-75', statement: 'The result of an asynchronous request reaches the ReplyAddress once: no second delivery with its CorrelationID follows within the quiet period (timeouts.quietSeconds), each one having been acknowledged.' },
  { id: 'ENV-DELIVERY', scope: 'scenario', clause: '61968-100:2013 asynchronous and publish/subscribe patterns (ReplyAddress); use-cases.md §0.3 P1a, P2', edition: 'all', severity: 'error', statement: 'Published events and asynchronous results go to the address the peer gave (its subscription address or the ReplyAddress), not to another address.' },

  // ------------------------------------------------------------------ layer 3: payload semantics
  { id: 'DOM-EVENT-TYPE', scope: 'message', clause: '61968-9 Annex E; codes.md §1 (COD-04)', edition: 'all', severity: 'error', assumption: 'COD-04', statement: 'Every EndDeviceEvent has an EndDeviceEventType ref that resolves: a type declared in the payload (mRID or name) or a four-part code.' },
  { id: 'DOM-EVENT-KIND', scope: 'scenario', clause: '61968-9 5.2 (outage detection)', edition: 'all', severity: 'error', assumption: 'UC-03', statement: 'An outage is reported with an outage code, a restoration with a restoration code.' },
  { id: 'DOM-EVENT-TIME', scope: 'message', clause: '61968-9 Annex E; payloads.md §3.2', edition: 'all', severity: 'error', statement: 'EndDeviceEvent.createdDateTime is present, a date-time, and not in the future beyond the allowed clock skew.' },
  { id: 'DOM-READINGTYPE', scope: 'message', clause: '61968-9 Annex C; codes.md §1 (COD-04)', edition: 'all', severity: 'error', assumption: 'COD-04', statement: 'Every ReadingType ref resolves: a ReadingType declared in the payload (mRID or Names/name) or an 18-part code; a declared ReadingType does not carry two different codes.' },
  { id: 'DOM-QUALITY', scope: 'message', clause: '61968-9 Annex D; codes.md §1 (COD-04)', edition: 'all', severity: 'error', assumption: 'COD-04', statement: 'Every ReadingQualityType ref resolves: a ReadingQualityType declared in the payload or a three-part code.' },
  { id: 'DOM-VALUE', scope: 'message', clause: '61968-9 MeterReadings (PAY-05)', edition: 'all', severity: 'error', assumption: 'PAY-05', statement: 'Reading and IntervalReading values are numbers (a missing value is accepted only where a quality code explains it).' },
  { id: 'DOM-IDENTITY', scope: 'scenario', clause: '61968-9 G10', edition: 'all', severity: 'error', statement: 'Readings and events name the meters and usage points of the exchange and nothing else.' },
  { id: 'DOM-IDENTITY-CONSISTENCY', scope: 'conversation', clause: '61968-9 G10 (identification by mRID or Name); CIM Meter–UsagePoint', edition: 'all', severity: 'error', statement: 'Within a message and across the messages of one exchange, a name stands for one mRID and a meter is at one usage point.' },
  { id: 'DOM-INTERVAL-ORDER', scope: 'message', clause: '61968-9 5.3 (MR-06)', edition: 'all', severity: 'error', statement: 'The IntervalReadings of a block have valid timeStamps in strictly increasing order, compared in UTC, without duplicates.' },
  { id: 'DOM-INTERVAL-SPACING', scope: 'message', clause: '61968-9 5.3 (MR-06); Annex C measuringPeriod', edition: 'all', severity: 'error', statement: 'Consecutive intervals of a block are spaced by the measuringPeriod of its ReadingType (a whole multiple of it is a gap).' },
  { id: 'DOM-INTERVAL-COMPLETE', scope: 'message', clause: '61968-9 5.3 (MR-04, MR-06)', edition: 'all', severity: 'error', assumption: 'UC-14', statement: 'Interval data has no gap unless a quality code next to it marks it (UC-14 gaps), and covers the requested period when one was asked for.' },
  { id: 'DOM-TIME-CONVENTION', scope: 'message', clause: '61968-9 5.3 (MR-06 time conventions); use-cases.md §3.6', edition: 'all', severity: 'warning', assumption: 'UC-14', statement: 'Date-times carry a time-zone offset; interval timeStamps are aligned to the measuring period; a timePeriod starts before it ends; valuesInterval contains the timeStamps; reportedDateTime is not before timeStamp.' },
  { id: 'DOM-QUERY-PERIOD', scope: 'message', clause: '61968-9 Annex J (get requests); payloads.md §2, §4', edition: 'all', severity: 'error', statement: 'The time period of a query (Request StartTime/EndTime, Reading.timePeriod, TimeSchedule.scheduleInterval) starts before it ends.' },
  { id: 'DOM-QUERY-SUBJECT', scope: 'message', clause: 'payloads.md §2.4 (vendor request rule ◐)', edition: 'all', severity: 'warning', statement: 'A Get<Noun> query names what it asks about: meters, usage points or groups.' },
  { id: 'DOM-EXPECTED', scope: 'scenario', clause: '61968-9 use case', edition: 'all', severity: 'error', statement: 'The payload carries what the use case demands (the readings, events or meters asked for).' },
  { id: 'DOM-RELAY-ASKED', scope: 'scenario', clause: '61968-9 5.3 (MR-03 step 2); use-cases.md §0.3 P6', edition: 'all', severity: 'error', assumption: 'CIM9-83', statement: 'An MDM with a head-end relays an on-request read: it asks the head-end (get(MeterReadings)) before it answers the CIS (CIM9-83: unless answering from its store is allowed).' },
  { id: 'DOM-RELAY-FORWARD', scope: 'scenario', clause: '61968-9 5.3 (MR-03 step 2); use-cases.md §0.3 P6', edition: 'all', severity: 'error', statement: "The MDM's request to the head-end is get(MeterReadings) naming exactly the meters and the ReadingTypes the CIS asked for." },
  { id: 'DOM-RELAY-VALUES', scope: 'scenario', clause: '61968-9 5.3 (MR-03 step 4); use-cases.md §0.3 P6', edition: 'all', severity: 'error', statement: "The MDM's reply to the CIS relays the head-end's outcome: the same Result, and for each meter asked for exactly the readings (ReadingType, value) the head-end returned." },
  { id: 'DOM-RELAY-STATUS', scope: 'scenario', clause: '61968-9 5.2 (EDE-02); use-cases.md §2.2, §0.3 P6', edition: 'all', severity: 'error', statement: "The MDM's reply to the OMS's ping relays the head-end's outcome: the same Result, and for each meter asked the same status (answered with a reading, or the same Error code), no meter more." },
  { id: 'ENV-PEER-REFUSED', scope: 'scenario', clause: '61968-100:2013 Annex B; envelope.md §6, §8', edition: 'all', severity: 'error', statement: 'A request the SUT sends to a peer the suite plays can be taken as a request: readable, with Verb and Noun, valid against its schema, a noun and a verb that peer serves. Otherwise the peer refuses it as the standard prescribes (SOAP Client fault, or Result FAILED with the Annex B code 1.5, 1.8, 2.5 or 2.9), and the refusal is a finding of the scenario that caused the request.' },
  { id: 'DOM-CLIENT-REQUEST', scope: 'scenario', clause: '61968-9 5.3 (MR-03 step 1), 5.2 (EDE-02 step 1); use-cases.md §3.3, §2.2', edition: 'all', severity: 'error', statement: 'A client SUT (CIS, OMS) told by the upper tester to ask for readings of meters sends get(MeterReadings) with a GetMeterReadings query naming exactly those meters (and the ReadingType it was told), which a conformant MDM takes (Result OK).' },
  { id: 'DOM-EVENT-ONCE', scope: 'scenario', clause: '61968-9 5.2 (EDE-03, EDE-04); use-cases.md §0.3 P2', edition: 'all', severity: 'error', statement: 'A subscriber is told of an event once: no second publication of the same EndDeviceEvent (same mRID, or same meter, type and createdDateTime) follows within the quiet period (timeouts.quietSeconds).' },
  { id: 'EDE-QUERY-METER', scope: 'scenario', clause: '61968-9 5.2 (EDE-09); use-cases.md §2.9, §10 (P5)', edition: 'all', severity: 'error', statement: 'The answer to get(EndDeviceEvents) by meter carries events of the meters asked only: every EndDeviceEvent names one of them (Assets).' },
  { id: 'EDE-QUERY-WINDOW', scope: 'scenario', clause: '61968-9 5.2 (EDE-09); use-cases.md §2.9, §10 (P5)', edition: 'all', severity: 'error', statement: 'The answer to get(EndDeviceEvents) by time window carries events inside the window only: every createdDateTime is within TimeSchedule.scheduleInterval (and Request StartTime / EndTime when given).' },
  { id: 'EDE-HEALTH-DOMAIN', scope: 'scenario', clause: '61968-9 5.2 (EDE-05, EDE-06); use-cases.md §2.5', edition: 'all', severity: 'error', assumption: 'UC-05', statement: 'A meter health event has an EndDeviceEventType code that decodes and whose domain is one of the configured health domains (UC-05).' },
  { id: 'EDE-PQ-PAIR', scope: 'scenario', clause: '61968-9 5.2 (EDE-07); use-cases.md §2.7', edition: 'all', severity: 'error', statement: 'Power quality start / stop events are consistent per meter and phase: a stop (sag / swell stopped) follows its start, and a start is stopped within the window the suite watches.' },
  { id: 'FW-SEQUENCE', scope: 'scenario', clause: '61968-9 5.6 (MSE-01, 2013 fig. 42, 2024 fig. 45); use-cases.md §6.1; codes.md §4.6', edition: 'all', severity: 'error', assumption: 'CIM9-141', statement: 'After a firmware upgrade the head-end tells the MDM, per device, the firmware events in order: ready for activation (x.11.283.280) before the activation (x.11.283.4) or its failure (x.11.283.85), of any device type; the outcome is the one the field caused (activated or failed, never both); the replaced event (3.11.17.52) per CIM9-141.' },
  { id: 'FW-CONFIG-FIRMWARE', scope: 'scenario', clause: '61968-9 5.6 (MSE-01); use-cases.md §6.1; payloads.md §7.3, §9', edition: 'all', severity: 'error', assumption: 'CIM9-140', statement: 'After an activated firmware upgrade the head-end tells the MDM changed(EndDeviceConfig | MeterConfig, CIM9-140) whose device refers to a ComFunction or SimpleEndDeviceFunction with the new firmwareID; after a failed upgrade no configuration change shows the new firmwareID.' },
  { id: 'FW-SAME-DEVICE', scope: 'scenario', clause: '61968-9 5.6 (MSE-01); use-cases.md §6.1', edition: 'all', severity: 'error', statement: 'The firmware events and the configuration change the head-end tells after a firmware upgrade concern the device upgraded (its mRID, serialNumber or Names/name).' },
  { id: 'MSR-CHANGEOUT-DEVICES', scope: 'scenario', clause: '61968-9:2013 5.5 (MSR-02, fig. 38), 2024 5.5 (fig. 44); use-cases.md §5.2', edition: 'all', severity: 'error', assumption: 'CIM9-130', statement: 'After a meter change-out the head-end tells the MDM created(EndDeviceEvents) with an event of both devices: the removal of the old meter (x.6.y.212 Removed, or 27 ChangeOut) and the installation of the new one (x.6.y.105 Installed, or 27 ChangeOut), each naming its meter (Assets).' },
  { id: 'MSR-CHANGEOUT-ORDER', scope: 'scenario', clause: '61968-9:2013 5.5 (MSR-02, fig. 38), 2024 5.5 (fig. 44); use-cases.md §5.2', edition: 'all', severity: 'error', assumption: 'CIM9-131', statement: 'The removal of the old meter is not dated after the installation of the new one (createdDateTime).' },
  { id: 'MSR-CHANGEOUT-CODE', scope: 'scenario', clause: '61968-9 Annex E (E.14 Installation); use-cases.md §5.2; codes.md §4.3, §4.5', edition: 'all', severity: 'error', assumption: 'CIM9-130', statement: 'The removal, installation and change-out events of a meter change-out (eventOrAction 212, 105, 27) have a code that decodes to domain 6 (Installation).' },
  { id: 'MSR-TAMPER-CODE', scope: 'scenario', clause: '61968-9:2013 5.5 (MSR-03, fig. 39); use-cases.md §5.3; codes.md §4.6 (3.12.0.257, EPRI)', edition: 'all', severity: 'error', assumption: 'CIM9-132', statement: 'After a tamper at a meter the head-end tells the MDM created(EndDeviceEvents) with a tamper event of that meter (Assets): 3.12.0.257 TamperDetected, or per CIM9-132 any x.12.y.257 (domain 12 Security).' },
  { id: 'PAN-EVENT-TYPE', scope: 'scenario', clause: '61968-9:2013 5.9 (PAN-02, fig. 51), 2024 5.7 (fig. 47); use-cases.md §8.2; codes.md §4.2', edition: 'all', severity: 'error', assumption: 'CIM9-133', statement: 'An event of a PAN device of a meter has an EndDeviceEventType whose EndDeviceType (part 1) is a PAN type (CIM9-133: 12 PANDevice, 15 in-premises display, 16 load control device, 17 PAN meter, 19 thermostat), and names the device and the meter\'s premises (CIM9-134).' },
  { id: 'EDE-PQ-AGGREGATE', scope: 'scenario', clause: '61968-9 5.2 (EDE-08, 2013 fig. 12, 2024 fig. 9); use-cases.md §2.8; codes.md §5.3', edition: 'all', severity: 'error', statement: 'The MeterReadings the head-end tells the MDM after a power-quality disturbance carry ReadingTypes that decode to an aggregate (field 2) minimum (9), maximum (8) or average (2).' },
  { id: 'EDE-PQ-KIND', scope: 'scenario', clause: '61968-9 5.2 (EDE-08); use-cases.md §2.8; codes.md §5.8', edition: 'all', severity: 'error', assumption: 'CIM9-160', statement: 'The ReadingTypes of the power-quality measurements the head-end tells the MDM measure a power-quality kind (field 7: voltage, THD, frequency, power factor …, the list of CIM9-160).' },
  { id: 'EDE-PQ-METER', scope: 'scenario', clause: '61968-9 5.2 (EDE-08); use-cases.md §2.8', edition: 'all', severity: 'error', statement: 'The power-quality measurements the head-end tells the MDM after a disturbance are of the meter where it was caused.' },
  { id: 'EDC-COMPLETION', scope: 'scenario', clause: '61968-9 5.4 (EDC-06 step 4, EDC-07); use-cases.md §4.6, §4.7', edition: 'all', severity: 'error', assumption: 'UC-21', statement: 'After accepting a connect or disconnect, the head-end tells the MDM its outcome for the meter of the control (created(EndDeviceEvents) with the switch event and/or created(EndDeviceControls), UC-21), not dated before the request; an asynchronous control\'s result is created(EndDeviceControls) naming the meter and the command.' },
  { id: 'EDC-RESULT-EVENT', scope: 'scenario', clause: '61968-9 Annex E / Annex F; codes.md §6.4', edition: 'all', severity: 'error', assumption: 'CIM9-93', statement: 'The switch event told after a control is the result event of that command (3.31.0.23 disconnect → x.31.0.68 Disconnected, 3.31.0.18 connect → x.31.0.42 Connected; the vendor form 0.31.26.68 / 0.31.26.42 per CIM9-93); a failure event (…84 / …67) says the switch did not happen.' },
  { id: 'EDC-SWITCH-READ', scope: 'scenario', clause: '61968-9 5.4 (EDC-06 step 5), 5.3 (MR-09); use-cases.md §4.6, §3.9', edition: 'all', severity: 'error', assumption: 'CIM9-94', statement: 'After the switch the head-end sends the MDM the final (disconnect) or initial (connect) register read of the meter: created(MeterReadings) with reason serviceDisconnect / serviceConnect, taken not before the switch event (UC-15 tolerance); its absence per CIM9-94.' },
  { id: 'EDC-LC-RESULT', scope: 'scenario', clause: '61968-9 5.4 (EDC-01 step 3, EDC-09); Annex E / Annex F; codes.md §6.4', edition: 'all', severity: 'error', assumption: 'CIM9-124', statement: 'After accepting a control (a load-control start / stop, a switch by group) the head-end tells its requester, per device the control reached, created(EndDeviceEvents) with the result event of that command (x.15.0.54 start → x.15.0.242 Started, x.15.0.55 stop → x.15.0.243 Stopped, x.31.0.23 → x.31.0.68, x.31.0.18 → x.31.0.42; type 0 or the device type, COD-16) naming the device.' },
  { id: 'EDC-LC-TIME', scope: 'scenario', clause: '61968-9 5.4 (EDC-01); use-cases.md §4.1', edition: 'all', severity: 'error', assumption: 'CIM9-121', statement: 'The result event of a control is dated after the command was sent and not after the end of the control\'s primaryDeviceTiming interval (both within the clock skew).' },
  { id: 'EDC-TRACKING', scope: 'scenario', clause: '61968-9 5.4 (EDC-01); use-cases.md §4.1', edition: 'all', severity: 'warning', assumption: 'UC-16', statement: 'The result events of a control carry the control\'s issuerTrackingID (and issuerID); one naming another tracking id is the result of another control (an error); its absence per UC-16.' },
  { id: 'EDC-CANCEL', scope: 'scenario', clause: '61968-9 5.4 (EDC-01 step 4); use-cases.md §4.1', edition: 'all', severity: 'error', assumption: 'CIM9-120', statement: 'cancel(EndDeviceControls) naming an accepted control by its mRID or its issuerTrackingID is accepted, and nothing more of that control (a Started / Stopped event of its devices) reaches the requester after the cancel was accepted, until the control\'s interval would have ended and a quiet period after it.' },
  { id: 'EDC-PAN-ACTION', scope: 'scenario', clause: '61968-9 5.4, 5.8 (PAN-03, EDC-08); payloads.md §5.2 (the PAN action choice)', edition: 'all', severity: 'error', assumption: 'CIM9-123', statement: 'The head-end returns each PAN control it accepted (by mRID) with exactly one PAN action element (PanDemandResponse, PanDisplay or PanPricing), the one sent.' },
  { id: 'EDC-PRICE', scope: 'scenario', clause: '61968-9 5.4 (EDC-08); use-cases.md §4.8; payloads.md §5.7', edition: 'all', severity: 'error', assumption: 'UC-22', statement: 'A price signal the head-end returns carries the priceSignal and the PanPricingDetails prices sent (numeric, in order).' },
  { id: 'EDC-GROUP-MEMBERS', scope: 'scenario', clause: '61968-9 5.4 (EDC-09, 2024 figs. 40-43); use-cases.md §4.9', edition: '2024', severity: 'error', assumption: 'UC-23', statement: 'A control that targets an EndDeviceGroup reaches every member of the group and no other device: each member gets its result (per device, or an aggregated result naming the group per UC-23), and no device outside the group does.' },

  // meter read schedules (MR-01, src/checks/read-schedules.ts)
  { id: 'MRS-READINGS', scope: 'scenario', clause: '61968-9 5.3 (MR-01 step 3); use-cases.md §3.1', edition: 'all', severity: 'error', assumption: 'CIM9-170', statement: 'After accepting create(MeterReadSchedule(s)) the head-end sends the MDM created(MeterReadings) at each scheduled read: at least two within the first two recurrence periods (and the tolerance) of the schedule.' },
  { id: 'MRS-READING-TIME', scope: 'scenario', clause: '61968-9 5.3 (MR-01); use-cases.md §3.1', edition: 'all', severity: 'error', assumption: 'CIM9-171', statement: 'The readings of a schedule arrive at its scheduled times (scheduleInterval.start + k × recurrencePeriod) within the tolerance, one for each scheduled time that was due while the MDM watched.' },
  { id: 'MRS-READING-TYPE', scope: 'scenario', clause: '61968-9 5.3 (MR-01); use-cases.md §3.1', edition: 'all', severity: 'error', statement: 'The readings a schedule produces are of the ReadingTypes the schedule requested only (Readings / IntervalBlocks ReadingType), and each requested ReadingType is read.' },
  { id: 'MRS-READING-METER', scope: 'scenario', clause: '61968-9 5.3 (MR-01); use-cases.md §3.1', edition: 'all', severity: 'error', statement: 'The readings a schedule produces are of the devices the schedule names only (MeterReading/Meter), each naming its meter.' },
  { id: 'MRS-CANCEL', scope: 'scenario', clause: '61968-9 5.3 (MR-01 step 4); use-cases.md §3.1', edition: 'all', severity: 'error', assumption: 'CIM9-172', statement: 'After cancel(MeterReadSchedule(s)) (or delete, UC-09) was accepted no further reading of the schedule reaches the MDM within the grace period.' },

  // ------------------------------------------------------------------ code tables (emitted by src/codes)
  { id: 'COD-REPLY-CONSISTENCY', scope: 'message', clause: REPLY_CLAUSE, edition: 'all', severity: 'error', assumption: 'ENV-18', statement: 'Reply/Result agrees with its Error codes: OK ↔ none or 0.x; PARTIAL ↔ 0.1/0.2 or per-item errors; FAILED ↔ codes of categories 1–7 (FAILED without Error: ENV-18).' },
  { id: 'COD-REPLY-LOCAL', scope: 'message', clause: REPLY_CLAUSE, edition: 'all', severity: 'info', assumption: 'ENV-19', statement: 'An Error/code outside the public Annex B list is a local code: a finding, a failure when the profile requires Annex B (ENV-19, COD-07).' },
  { id: 'COD-REPLY-FORMAT', scope: 'message', clause: REPLY_CLAUSE, edition: 'all', severity: 'warning', assumption: 'ENV-19', statement: 'Error/code has the Annex B form <category>.<index>; any other form is a local code.' },
  { id: 'COD-QUALITY', scope: 'message', clause: QUALITY_CLAUSE, edition: 'all', severity: 'error', assumption: 'COD-02', statement: 'A quality code has a known system (D.1) and category (D.2); an unknown index is a finding (COD-02), a vendor index one too (COD-01).' },
  { id: 'COD-EVENT-TYPE', scope: 'message', clause: EVENT_CLAUSE, edition: 'all', severity: 'error', assumption: 'COD-08', statement: 'Each part of an EndDeviceEventType code is in its Annex E table (COD-08; unknown values COD-02, vendor values COD-01).' },
  { id: 'COD-CONTROL-TYPE', scope: 'message', clause: CONTROL_CLAUSE, edition: 'all', severity: 'error', assumption: 'COD-08', statement: 'Each part of an EndDeviceControlType code is in its Annex F table (COD-08, COD-16).' },
  { id: 'COD-EVENT-CONTROL-ROLE', scope: 'message', clause: `${EVENT_CLAUSE} / ${CONTROL_CLAUSE}`, edition: 'all', severity: 'error', statement: 'Events and commands are kept apart: a control code is not used as an event type, nor an event code as a control type.' },
  { id: 'COD-READINGTYPE-FORMAT', scope: 'message', clause: READING_TYPE_CLAUSE, edition: 'all', severity: 'error', assumption: 'COD-03', statement: 'A ReadingType code is 18 dot-separated integers; only field 16 (multiplier) may be negative.' },
  { id: 'COD-READINGTYPE-FIELD', scope: 'message', clause: READING_TYPE_CLAUSE, edition: 'all', severity: 'warning', assumption: 'COD-02', statement: 'Each field of a ReadingType code is in its Annex C table (unknown values COD-02, vendor values COD-01, tou/cpp/tier range COD-13).' },
  { id: 'COD-READINGTYPE-PLAUSIBILITY', scope: 'message', clause: READING_TYPE_CLAUSE, edition: 'all', severity: 'warning', assumption: 'COD-15', statement: 'A ReadingType is plausible (energy unit ↔ energy kind, interval data with a period …) and fits its use (interval or register).' },
  { id: 'COD-READINGTYPE-ATTRIBUTE', scope: 'message', clause: READING_TYPE_CLAUSE, edition: 'all', severity: 'warning', assumption: 'PAY-06', statement: 'The attribute elements of a declared ReadingType (unit, multiplier, measuringPeriod …) agree with its code.' },

  // ------------------------------------------------------------------ EUMED metering profile (2024 Annexes K-M; src/eumed, docs/eumed.md)
  { id: 'EUMED-PAYLOAD', scope: 'message', clause: '61968-9:2024 Annexes K-L (EUMED); eumed.md §3, §4', edition: '2024', severity: 'error', assumption: 'EUM-01', statement: 'A EUMED payload is a MeterReadingSet (EUM-02) in the configured namespace (EUM-01) whose MeterReadings (EUM-04) name their usage point, carry a valuesInterval that contains their timestamps (EUM-12) and interval blocks with a ReadingType and at least one IntervalReading; order and unknown elements are findings in lenient mode (EUM-07).' },
  { id: 'EUMED-READINGTYPE', scope: 'message', clause: '61968-9:2024 Annex K.3.11, Annex M (EUMED); eumed.md §3.5, §5', edition: '2024', severity: 'error', assumption: 'EUM-13', statement: 'An embedded ReadingType carries flowDirection, multiplier and unit as CIM literals (EUM-06); an 18-part code in mRID agrees with the literals (EUM-03); the ReadingType is one of the Annex M message kind asked for (EUM-13: the eumed.md §5 table as warnings, or the profile\'s code).' },
  { id: 'EUMED-IDENTITY', scope: 'scenario', clause: '61968-9:2024 Annex M (EUMED); eumed.md §3.7', edition: '2024', severity: 'error', assumption: 'EUM-11', statement: 'A MeterReadingSet answers for the metering points asked for (UsagePoint mRID or Names), all of them and no other; EAN-18 identifiers have a valid GS1 check digit when EUM-11 asks for it.' },
  { id: 'EUMED-LC-COVERAGE', scope: 'scenario', clause: '61968-9:2024 Annex M.2 (load curve); eumed.md §4, §5', edition: '2024', severity: 'error', assumption: 'EUM-12', statement: 'A load curve covers the requested period completely: one IntervalReading per measuring period (timestamped at the end of its interval, EUM-12), none missing, duplicated, off the grid or outside the period; a missing stretch is only tolerated where a quality code flags it.' },
  { id: 'EUMED-LC-INTERVAL', scope: 'message', clause: '61968-9:2024 Annex M.2 (load curve); eumed.md §4', edition: '2024', severity: 'error', assumption: 'EUM-12', statement: 'Every interval of a load curve has the length of the measuring period of its ReadingType: timestamps a whole number of periods apart, and a stated timePeriod exactly one period long ending (EUM-12) at the timestamp.' },
  { id: 'EUMED-LC-DST', scope: 'scenario', clause: '61968-9:2024 Annex M.2 (load curve); eumed.md §4 (DST days)', edition: '2024', severity: 'error', assumption: 'EUM-12', statement: 'Load-curve timestamps are consistent across a daylight-saving change of the market time zone (CIM9-40, proposed; default Europe/Amsterdam): written offsets are the zone\'s offset at the instant, no floating local times, and a 23-hour or 25-hour local day has 92 or 100 quarter hours.' },
  { id: 'EUMED-LC-QUALITY', scope: 'scenario', clause: '61968-9:2024 Annex K.3.8; Annex D (quality codes); eumed.md §5', edition: '2024', severity: 'error', assumption: 'EUM-05', statement: 'Missing or estimated intervals carry the right quality codes: valid Annex D codes in the form EUM-05 asks for, never "valid" together with estimated or missing, and an interval that was not collected is flagged estimated (category 8) or missing (x.5.259, x.4.4).' },
  { id: 'EUMED-UNIT', scope: 'conversation', clause: '61968-9:2024 Annex K.4.15-K.4.16; Annex M (EUMED); eumed.md §4', edition: '2024', severity: 'error', assumption: 'EUM-10', statement: 'Units and multipliers agree with the ReadingType: unit and multiplier present, the unit measures the measurementKind and suits the message kind, values are decimal numbers (EUM-10), and the index advance over a period equals the load-curve energy of that period.' },
  { id: 'EUMED-INDEX-MONOTONIC', scope: 'message', clause: '61968-9:2024 Annex M.4 (index); eumed.md §5', edition: '2024', severity: 'error', statement: 'The values of a cumulative (index) ReadingType never decrease in time order unless a reset (x.4.8) or overflow (x.4.1) is flagged.' },
  { id: 'EUMED-MAXPOWER-TIME', scope: 'scenario', clause: '61968-9:2024 Annex M.3 (max power); eumed.md §5', edition: '2024', severity: 'error', assumption: 'EUM-14', statement: 'A max-power message carries one maximum per macro period, each time-stamped inside its macro period (time of the maximum or end of the period, EUM-14).' },
  { id: 'EUMED-MAXPOWER-VALUE', scope: 'conversation', clause: '61968-9:2024 Annex M.3 (max power); eumed.md §5', edition: '2024', severity: 'error', assumption: 'EUM-12', statement: 'The maximum power of a macro period is not below the average power of any load-curve interval of the same period.' },

  // ------------------------------------------------------------------ master data management (src/checks/masterdata-rules.ts)
  ...MASTER_DATA_RULES,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** a finding of a catalogued rule: the rule's clause, and its severity unless `extra` says otherwise */
export function ruleFinding(id: string, message: string, extra: Partial<Finding> = {}): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: r.severity, message, ...extra };
}

/**
 * a finding of a catalogued rule placed in a message: the message's label before the text, its file, and the line
 * and XPath of the node it is about; `severity` as the caller judged it (a rule's severity may depend on an assumption)
 */
export function placedRuleFinding(
  id: string,
  severity: Severity,
  message: string,
  ctx: { label: string },
  node?: { line?: number; path?: string },
  assumptions?: Record<string, string>,
): Finding {
  return ruleFinding(id, `${ctx.label}: ${message}`, { severity, file: ctx.label, line: node?.line, xpath: node?.path, ...(assumptions ? { assumptions } : {}) });
}

export function rule(id: string): RuleDef {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`no rule ${id} in the catalogue`);
  return r;
}

/** whether the catalogue has this rule id */
export function isRuleId(id: string): boolean {
  return BY_ID.has(id);
}

/** the rules of one scope, e.g. every rule `cim9 validate` checks on a single message */
export function rulesOf(scope: RuleScope): RuleDef[] {
  return RULES.filter((r) => r.scope === scope);
}
