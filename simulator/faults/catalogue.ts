/**
 * Faults of the reference SUT: each one a single, minimal violation of one requirement, switched on by
 * `cim9 run --fault ID` or `cim9 simulate --fault ID` (several at once: `--fault A,B`). Every fault must make at
 * least one scenario fail, and every scenario must fail for at least one fault: that is how the suite proves its
 * checks can fail (`cim9 mutants`; the fast subset in `cim9 selftest`).
 *
 * `violates` starts with the id of the rule of src/checks/catalogue.ts that catches the fault: the mutation run
 * checks that a scenario failing under the fault names that rule. Faults are written so that they compose: each
 * hook changes one aspect of a message (a header field, the status line, one payload element ...) and leaves the
 * rest to the other hooks.
 */
export type FaultArea = 'envelope' | 'schema' | 'codes' | 'timing' | 'readings' | 'transport' | 'master-data';

export interface FaultDef {
  id: string;
  /** the rule id of src/checks/catalogue.ts that catches the fault, then the requirement in words */
  violates: string;
  /** roles of the simulator the fault applies to */
  /** roles of the simulator the fault applies to; a fault of a client role (CIS, OMS) runs under that role's reference profile */
  roles: ('MDM' | 'HES' | 'CIS' | 'OMS')[];
  /** what the fault breaks, for listings and the mutation report */
  area?: FaultArea;
  description: string;
  /**
   * assumptions a run must use to detect the fault, when it violates an uncertain point whose default
   * severity is a warning (the run says so when it applies them)
   */
  detectWith?: Record<string, string>;
  /** the fault also leaves a message no scenario claims: the report must list it as unsolicited */
  expectUnsolicited?: boolean;
  /**
   * the editions whose reference profile the mutation run uses for this fault (profiles/reference.yaml for 2013,
   * profiles/reference-2024.yaml for 2024); default ['2013'], or both when the fault is one of BOTH_EDITIONS (end of
   * this file). A fault runs once per edition listed.
   */
  editions?: Edition[];
  /**
   * a 2013-only fault whose behaviour the 2024 reference profile does not show (it uses another form of the message,
   * e.g. simulator.mdmFailureForm canceled): the fault of that form, which runs under 2024 in its stead
   */
  in2024By?: string;
  /**
   * scenarios may end inconclusive under this fault (verdict `error` whose message starts "inconclusive (not a
   * verdict on the SUT)"): negatives whose valid twin the SUT refused too. Those errors are the expected outcome,
   * not the suite breaking; any other `error` still is.
   */
  inconclusive?: boolean;
  /**
   * false: the fault is left out of the combined run of the mutation run (`cim9 mutants`, `cim9 selftest`), because it
   * changes every message and would hide the other faults (e.g. speaks-draft-2011: the first exchange ends the run
   * with ENV-GENERATION and every later scenario is skipped). Default true.
   */
  combinable?: boolean;
  /**
   * the scenarios that can observe the fault, as a Cucumber tag expression (e.g. "@usecase:EDC-01"): the targeted
   * self-test and mutation run (src/cli/mutants.ts) run the fault against those scenarios only. Omitted: the fault
   * runs against every scenario of its profile. The combined run (every scenario, every fault) proves the scopes:
   * a scenario that fails there must lie in the scope of one of the faults switched on.
   */
  scope?: string;
  /**
   * for a fault that changes every message of a kind through one hook, whatever the scenario (a header field, the HTTP
   * response, the codes or the Payload of every reply or publication): the scenarios the targeted mutation run runs it
   * against, a Cucumber tag expression holding scenarios of each kind of message the fault changes and of each role
   * (simulator/faults/scopes.ts, EVERY_MESSAGE_SAMPLE). What can observe the fault stays `scope` (omitted: every
   * scenario), which the combined run judges against; the self-test and `cim9 mutants --untargeted` run the fault
   * against its whole scope.
   */
  sample?: string;
  /**
   * scenarios outside `scope` that the fault does change, left out of it on purpose, with the reason: what they would show
   * under the fault is no verdict on the SUT by design (a negative whose valid twin is refused too, CIM9-61; a scenario
   * that has nothing left to judge, as an assumption says; a set-up request refused, the suite's own set-up error).
   * `cim9 mutants --prove-scopes` does not count them as a scope too narrow and names them with the reason.
   */
  leftOut?: { tags: string; why: string };
}

export type Edition = '2013' | '2024' | 'draft-2011';

/** whether the mutation run may switch the fault on together with the others */
export const combinable = (f: Pick<FaultDef, 'combinable'>): boolean => f.combinable !== false;

/** the editions a fault is run under by the mutation run */
export function editionsOf(f: Pick<FaultDef, 'editions'>): Edition[] {
  return f.editions?.length ? f.editions : ['2013'];
}

const CATALOGUE: readonly FaultDef[] = [
  // ------------------------------------------------------------------------------------------ envelope
  {
    id: 'reply-without-correlation-id',
    sample: EVERY_MESSAGE_SAMPLE,
    editions: ['2013', '2024', 'draft-2011'],
    area: 'envelope',
    violates: 'ENV-CORRELATION (61968-100 Header.CorrelationID echoed in the reply, ENV-14)',
    roles: ['MDM', 'HES'],
    description: 'synchronous replies and asynchronous results carry no CorrelationID',
  },
  {
    id: 'correlation-id-of-other-request',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: "ENV-CORRELATION (the reply carries its own request's CorrelationID, ENV-14)",
    roles: ['MDM', 'HES'],
    description: 'replies and asynchronous results carry the CorrelationID of the request the SUT received before (a fresh one for the first)',
  },
  ...REPLY_HEADER_FAULTS,
  {
    id: 'wrong-noun',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: 'ENV-NOUN (Header/Noun of a reply names the noun of the request)',
    roles: ['MDM', 'HES'],
    description: 'responses name another noun in Header/Noun (MeterReadings ↔ EndDeviceEvents); the wrapper element stays right',
  },
  {
    id: 'missing-timestamp',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: 'ENV-PROVENANCE (Header/Timestamp present, ENV-13)',
    roles: ['MDM', 'HES'],
    description: 'every message the SUT sends lacks Header/Timestamp',
    detectWith: { 'ENV-13': 'failure' },
  },
  {
    id: 'message-id-reused',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: 'ENV-MESSAGEID-REUSE (each message has its own MessageID, ENV-15)',
    roles: ['MDM', 'HES'],
    description: "the SUT's MessageID counter never advances: every message it sends reuses the MessageID of its first one",
    detectWith: { 'ENV-15': 'failure' },
  },
  {
    id: 'ok-with-error-codes',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: 'COD-REPLY-CONSISTENCY (Result OK carries no error of categories 1–7, Annex B)',
    roles: ['MDM', 'HES'],
    description: 'replies with Result OK also carry Error 5.3 (transaction attempted and failed) at level FATAL',
  },
  {
    id: 'failed-without-error',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: prepayment, switching
    scope: `${REFUSAL_SCOPE} or @uc:prepayment or @uc:switching`,
    area: 'envelope',
    violates: 'COD-REPLY-CONSISTENCY (Result FAILED says why in at least one Error, ENV-18)',
    roles: ['MDM', 'HES'],
    description: 'replies with Result FAILED carry no Error',
    detectWith: { 'ENV-18': 'failure' },
  },
  // ------------------------------------------------------------------------------------------ schema
  {
    id: 'schema-invalid-payload',
    // the readings of a change-out, of power quality and of the reading shapes too (found by --prove-scopes)
    scope: '@uc:billing-inquiry or @uc:manual-reads or @uc:on-request-read or @uc:outage-detection or @uc:relayed-ping or @uc:relayed-read or @uc:change-out or @uc:pq-readings or @uc:reading-shapes',
    area: 'schema',
    violates: 'XSD (payload valid against its profile: a mandatory element missing, G1)',
    roles: ['MDM', 'HES'],
    description: 'MeterReadings payloads lose the mandatory ReadingType reference of each Reading',
  },
  {
    id: 'elements-out-of-order',
    scope: READINGS_SCOPE,
    area: 'schema',
    violates: 'XSD (payload elements in the order of the profile, G1)',
    roles: ['MDM', 'HES'],
    description: 'in every Reading of a MeterReadings payload, value comes before timeStamp',
  },
  {
    id: 'wrong-namespace',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: relayed-history
    scope: `${READINGS_SCOPE} or @uc:relayed-history`,
    area: 'schema',
    violates: 'XSD (payload in the namespace of its profile, G1)',
    roles: ['MDM', 'HES'],
    description: 'MeterReadings payloads are in the namespace http://www.iec.ch/TC57/2011/MeterReadings# (with www.) instead of the profile namespace',
  },
  {
    id: 'wrong-type',
    scope: READINGS_SCOPE,
    area: 'schema',
    violates: 'XSD (payload element values of their schema type, G1)',
    roles: ['MDM', 'HES'],
    description: 'Reading.timeStamp is sent as Unix epoch seconds, not as an xs:dateTime',
  },
  {
    id: 'request-validation-off',
    scope: '@uc:master-data or @uc:negative-requests',
    area: 'schema',
    violates: 'ENV-EXPECTED-RESULT (a request that does not validate is refused with FAILED, Annex B 1.8)',
    roles: ['MDM', 'HES'],
    description: 'the SUT does not validate requests: a schema-invalid GetMeterReadings is answered as if it were valid',
  },
  // ------------------------------------------------------------------------------------------ codes
  {
    id: 'unsupported-reading-type-answered',
    scope: '@uc:negative-requests',
    editions: ['2013', '2024'],
    area: 'codes',
    violates: 'ENV-EXPECTED-RESULT (a read of a ReadingType the SUT does not support is refused with Result FAILED, not accepted)',
    roles: ['MDM', 'HES'],
    description: 'asked get(MeterReadings) for a ReadingType it does not measure (a natural-gas volume of an electricity meter, CIM9-214), the SUT answers Result OK with a MeterReading of the meter that holds no reading',
  },
  {
    id: 'wrong-reply-code',
    // the refusals of the paging history, the pairing window, prepayment, relayed controls and switching too (found by --prove-scopes)
    scope: '@uc:negative-requests or @uc:master-data or @uc:device-events or @uc:end-device-controls or @uc:eumed or @uc:meter-service or @uc:historical-paging or @uc:pan-pairing or @uc:prepayment or @uc:relayed-controls or @uc:switching',
    editions: ['2013', '2024'],
    area: 'codes',
    violates: 'ENV-EXPECTED-CODE (Annex B code expected for the error case, COD-06)',
    roles: ['MDM', 'HES'],
    description: 'every Error/code of a FAILED reply is replaced by 5.3 (transaction attempted and failed)',
  },
  {
    id: 'swap-outage-codes',
    scope: '@uc:outage-detection',
    area: 'codes',
    violates: 'DOM-EVENT-KIND (power off reported as 3.26.0.85, restoration as 3.26.0.216, UC-03)',
    roles: ['MDM', 'HES'],
    description: 'power-off events are published with the restoration code and vice versa',
  },
  {
    id: 'malformed-event-type',
    scope: OUTAGE_EVENTS_SCOPE,
    area: 'codes',
    violates: 'DOM-EVENT-TYPE (EndDeviceEventType ref is a four-part Annex E code)',
    roles: ['MDM', 'HES'],
    description: 'published events carry a three-part EndDeviceEventType ref (3.26.85 instead of 3.26.0.85)',
  },
  {
    id: 'illegal-quality-code',
    scope: READINGS_SCOPE,
    area: 'codes',
    violates: 'COD-QUALITY (a quality code of a known system and category, Annex D)',
    roles: ['MDM', 'HES'],
    description: 'every register Reading carries ReadingQualityType 7.4.4 (system 7 does not exist)',
  },
  {
    id: 'unresolved-reading-type',
    scope: READINGS_SCOPE,
    area: 'codes',
    violates: 'DOM-READINGTYPE (a ReadingType ref is an 18-part code or a ReadingType of the payload, COD-04)',
    roles: ['MDM', 'HES'],
    description: 'register Readings refer to ReadingType "RT-REGISTER-KWH", which the payload does not define',
  },
  // ------------------------------------------------------------------------------------------ timing and delivery
  {
    id: 'no-async-reply',
    // and the MDM's forward of change-out events to the CIS, which waits for the MDM's asynchronous result (found by --prove-scopes)
    scope: `${ASYNC_SCOPE} or @uc:service-events`,
    area: 'timing',
    violates: 'ENV-ASYNC-RESULT (result delivered to the ReplyAddress within the window, ENV-16)',
    roles: ['MDM', 'HES'],
    description: 'requests with AsyncReplyFlag are acknowledged but their result is never sent',
  },
  {
    id: 'late-async-reply',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: service-events
    scope: `${ASYNC_SCOPE} or @uc:service-events`,
    area: 'timing',
    violates: 'ENV-ASYNC-RESULT (result delivered within the asynchronous result window, ENV-16)',
    roles: ['MDM', 'HES'],
    description:
      'asynchronous results are sent 2 s after the deadline of the profile (timeouts.asyncResultSeconds; 300 s, the ENV-16 default, when the simulator runs on its own)',
  },
  {
    id: 'async-result-wrong-verb',
    scope: ASYNC_SCOPE,
    area: 'timing',
    violates: 'ENV-EVENT-VERB (the asynchronous result of a get is created(MeterReadings), CIM9-01)',
    roles: ['MDM', 'HES'],
    description: 'asynchronous results are sent as changed(MeterReadings)',
  },
  {
    id: 'repeated-async-result',
    scope: ASYNC_SCOPE,
    area: 'timing',
    violates: 'ENV-ASYNC-ONCE (the result of an asynchronous request reaches the ReplyAddress once, CIM9-75)',
    roles: ['MDM', 'HES'],
    description: 'every asynchronous result is delivered three times (the same message), each acknowledged',
    detectWith: { 'CIM9-75': 'failure' },
  },
  {
    id: 'event-not-forwarded',
    scope: OUTAGE_EVENTS_SCOPE,
    area: 'timing',
    violates: 'DOM-EXPECTED (the MDM forwards outage events to the OMS, EDE-04)',
    roles: ['MDM'],
    description: 'the MDM acknowledges outage events from the head-end but never publishes them to the OMS',
  },
  {
    id: 'event-published-twice',
    scope: '@uc:outage-detection',
    area: 'timing',
    violates: 'DOM-EVENT-ONCE (an event reaches the subscriber once, EDE-03/EDE-04)',
    roles: ['MDM', 'HES'],
    description: 'every publication to the OMS is sent a second time (same EndDeviceEvents, new header) right after the first',
  },
  {
    id: 'event-to-wrong-address',
    scope: OUTAGE_EVENTS_SCOPE,
    area: 'timing',
    violates: 'ENV-DELIVERY (events go to the address the subscriber registered)',
    roles: ['MDM', 'HES'],
    description: "events for the OMS are posted to a sibling path of the OMS's address (…/oms/misdirected instead of …/oms/events)",
    expectUnsolicited: true,
  },
  {
    id: 'event-in-the-future',
    scope: OUTAGE_EVENTS_SCOPE,
    area: 'timing',
    violates: 'DOM-EVENT-TIME (createdDateTime not in the future beyond the clock skew)',
    roles: ['MDM', 'HES'],
    description: 'published events carry a createdDateTime two hours ahead (local time labelled as UTC)',
  },
  // ------------------------------------------------------------------------------------------ readings
  {
    id: 'interval-gap',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: reading-shapes
    scope: '@uc:on-request-read or @uc:reading-shapes',
    area: 'readings',
    violates: 'DOM-INTERVAL-COMPLETE (no gap in interval data without a quality code, MR-04)',
    roles: ['MDM', 'HES'],
    description: 'one interval of each IntervalBlock is silently left out',
  },
  {
    id: 'duplicate-interval',
    scope: READINGS_SCOPE,
    area: 'readings',
    violates: 'DOM-INTERVAL-ORDER (interval timeStamps strictly increasing, without duplicates, MR-06)',
    roles: ['MDM', 'HES'],
    description: 'the fourth interval of each IntervalBlock is sent twice',
  },
  {
    id: 'wrong-interval-spacing',
    scope: READINGS_SCOPE,
    area: 'readings',
    violates: 'DOM-INTERVAL-SPACING (intervals spaced by the measuring period of the ReadingType, MR-06)',
    roles: ['MDM', 'HES'],
    description: 'interval readings of a 15-minute ReadingType are spaced 10 minutes apart',
  },
  {
    id: 'non-numeric-value',
    scope: READINGS_SCOPE,
    area: 'readings',
    violates: 'DOM-VALUE (Reading values are decimal numbers, PAY-05)',
    roles: ['MDM', 'HES'],
    description: 'register values are sent with a decimal comma (1234,500)',
  },
  {
    id: 'readings-for-other-meter',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: relayed-history
    scope: `${READINGS_SCOPE} or @uc:relayed-history`,
    area: 'readings',
    violates: 'DOM-IDENTITY (readings answer for the meters asked, G10)',
    roles: ['MDM', 'HES'],
    description: 'readings are returned under the mRID of another meter',
  },
  // ------------------------------------------------------------------------------------------ transport
  {
    id: 'http-500-without-soap-fault',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'transport',
    violates: 'TRANSPORT (HTTP 500 carries a SOAP fault, SOAP HTTP binding)',
    roles: ['MDM', 'HES'],
    description: 'every response is sent with HTTP status 500 although its body is an ordinary ResponseMessage, not a SOAP fault',
  },
  {
    id: 'wrong-content-type',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'transport',
    violates: 'ENV-CONTENT-TYPE (Content-Type of the SOAP version, SOAP HTTP binding)',
    roles: ['MDM', 'HES'],
    description: 'SOAP 1.1 responses are sent as application/soap+xml (the SOAP 1.2 media type)',
  },
  {
    id: 'truncated-body',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'transport',
    violates: 'XML (a message is a complete, well-formed XML document)',
    roles: ['MDM', 'HES'],
    description: 'response bodies are cut off after two thirds of their bytes (Content-Length matches what is sent)',
  },
  {
    id: 'gzip-replies',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'transport',
    violates: 'TRANSPORT (a reply without a content coding the client did not accept: the suite sends Accept-Encoding: identity)',
    roles: ['MDM', 'HES'],
    description: 'every response body is gzip-compressed and sent with Content-Encoding: gzip',
  },
  {
    id: 'huge-replies',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'transport',
    violates: 'TRANSPORT (a reply within the size limit the profile sets, sut.maxReplyBytes)',
    roles: ['MDM', 'HES'],
    description:
      'every response is padded with XML comments after its root element to CIM9_HUGE_REPLY_MB MiB (default 17, over the default limit of 16 MiB); below the limit the reply stays legal and schema-valid (bench/huge-replies.bench.ts measures its cost)',
  },
  {
    id: 'injection-in-correlation-id',
    sample: EVERY_MESSAGE_SAMPLE,
    area: 'envelope',
    violates: "ENV-CORRELATION (the reply carries its request's CorrelationID, ENV-14)",
    roles: ['MDM', 'HES'],
    description:
      'replies and asynchronous results echo the CorrelationID with a line break, a code fence, a fake heading "ALL SCENARIOS PASSED", a fake table row and raw HTML appended: every report must show it escaped',
  },
  // ------------------------------------------------------------------------------------------ generation
  {
    id: 'speaks-draft-2011',
    editions: ['2013', '2024'],
    combinable: false,
    area: 'envelope',
    violates: 'ENV-GENERATION (the SUT speaks the generation of the profile\'s edition, ENV-01)',
    roles: ['MDM', 'HES'],
    description: 'the SUT answers and publishes in the 2011 draft generation (www.iec.ch message and wrapper namespaces) to a 2013 or 2024 profile',
  },
  {
    id: 'speaks-2013',
    editions: ['draft-2011'],
    combinable: false,
    area: 'envelope',
    violates: 'ENV-GENERATION (the SUT speaks the generation of the profile\'s edition, ENV-01)',
    roles: ['MDM', 'HES'],
    description: 'the SUT answers and publishes in the IEC 61968-100 ed.1 (2013) generation to a profile of the 2011 draft',
  },
  // the EUMED metering profile exists in edition 2024 only: its faults run under the 2024 reference profile
  ...EUMED_FAULTS.map((f): FaultDef => ({ editions: ['2024'], ...f })),
  ...MASTER_DATA_FAULTS,
  ...INSTALLATION_FAULTS,
  ...VERDICT_FAULTS,
  ...CONTROL_FAULTS,
  ...ALL_COINCIDENT_READ_FAULTS,
  ...READING_SHAPE_FAULTS,
  ...LOAD_CONTROL_FAULTS,
  ...RELAY_FAULTS,
  ...DEVICE_EVENT_FAULTS,
  ...SERVICE_EVENT_FAULTS,
  ...HEALTH_FORWARD_FAULTS,
  ...MDM_EVENT_FAULTS,
  ...CLIENT_FAULTS,
  ...FIRMWARE_FAULTS,
  ...PQ_READING_FAULTS,
  ...CUSTOMER_PROGRAM_FAULTS,
  ...SWITCHING_FAULTS,
  ...MANUAL_READ_FAULTS,
  ...BILLING_INQUIRY_FAULTS,
  ...HISTORICAL_PAGING_FAULTS,
  ...RELAY_HISTORY_FAULTS,
  ...GET_PROFILE_FAULTS,
  ...READ_SCHEDULE_FAULTS,
  ...PAN_PAIRING_FAULTS,
  ...PAN_RELAY_FAULTS,
  ...MDM_FIRMWARE_FAULTS,
  ...LCU_INSTALL_FAULTS,
  ...CHANGE_OUT_FAULTS,
  ...METER_SERVICE_FAULTS,
  ...METER_SERVICE_MDM_FAULTS,
  ...METER_SERVICE_CIS_FAULTS,
  ...RELAYED_CONTROL_FAULTS,
  ...PREPAYMENT_FAULTS,
];

export class UnknownFaultError extends Error {}

export function checkFaultIds(ids: readonly string[]): void {
  const unknown = ids.filter((id) => !FAULTS.some((f) => f.id === id));
  if (unknown.length) {
    throw new UnknownFaultError(
      `unknown fault ${unknown.map((u) => `"${u}"`).join(', ')}; known faults: ${FAULTS.map((f) => f.id).join(', ')}`,
    );
  }
}

export function fault(id: string): FaultDef {
  const f = FAULTS.find((x) => x.id === id);
  if (!f) throw new UnknownFaultError(`unknown fault "${id}"`);
  return f;
}

/**
 * the tag expression a targeted run of the fault runs with: its scope, narrowed to its sample when it has one and
 * `sampled` (the mutation run; the self-test runs the whole scope); undefined: every scenario
 */
export function targetTags(f: Pick<FaultDef, 'scope' | 'sample'>, sampled = true): string | undefined {
  if (!sampled || !f.sample) return f.scope;
  return f.scope ? `(${f.scope}) and (${f.sample})` : f.sample;
}

/** the rule id of src/checks/catalogue.ts a fault violates: the first word of `violates` */
export function violatedRule(f: Pick<FaultDef, 'violates'>): string {
  return f.violates.split(/\s/)[0]!;
}

import { ASYNC_SCOPE, EVERY_MESSAGE_SAMPLE, OUTAGE_EVENTS_SCOPE, READINGS_SCOPE, REFUSAL_SCOPE } from './scopes.ts';
import { EUMED_FAULTS } from './eumed.ts';
import { MASTER_DATA_FAULTS } from './masterdata.ts';
import { INSTALLATION_FAULTS } from './installation.ts';
import { VERDICT_FAULTS } from './verdicts.ts';
import { REPLY_HEADER_FAULTS } from './reply-header.ts';
import { CONTROL_FAULTS } from './controls.ts';
import { ALL_COINCIDENT_READ_FAULTS } from './coincident-reads.ts';
import { READING_SHAPE_FAULTS } from './reading-shapes.ts';
import { LOAD_CONTROL_FAULTS } from './load-control.ts';
import { RELAY_FAULTS } from './relay.ts';
import { DEVICE_EVENT_FAULTS } from './device-events.ts';
import { SERVICE_EVENT_FAULTS } from './service-events.ts';
import { HEALTH_FORWARD_FAULTS } from './health-forward.ts';
import { MDM_EVENT_FAULTS, MDM_FIRMWARE_FAULTS } from './mdm-events.ts';
import { CLIENT_FAULTS } from './client-requests.ts';
import { FIRMWARE_FAULTS } from './firmware-upgrade.ts';
import { PQ_READING_FAULTS } from './pq-readings.ts';
import { CUSTOMER_PROGRAM_FAULTS } from './customer-programs.ts';
import { SWITCHING_FAULTS } from './switching.ts';
import { MANUAL_READ_FAULTS } from './manual-reads.ts';
import { BILLING_INQUIRY_FAULTS } from './billing-inquiry.ts';
import { HISTORICAL_PAGING_FAULTS } from './historical-paging.ts';
import { RELAY_HISTORY_FAULTS } from './relay-history.ts';
import { GET_PROFILE_FAULTS } from './get-profiles.ts';
import { PAN_PAIRING_FAULTS, PAN_RELAY_FAULTS } from './pan-pairing.ts';
import { READ_SCHEDULE_FAULTS } from './read-schedules.ts';
import { LCU_INSTALL_FAULTS } from './lcu-install.ts';
import { RELAYED_CONTROL_FAULTS } from './relayed-controls.ts';
import { CHANGE_OUT_FAULTS } from './change-out.ts';
import { METER_SERVICE_CIS_FAULTS, METER_SERVICE_FAULTS, METER_SERVICE_MDM_FAULTS } from './meter-service.ts';
import { PREPAYMENT_FAULTS } from './prepayment.ts';

/**
 * Faults of the messages both editions share (outage detection, on-request read, the generic negatives and the
 * envelope, schema and transport rules they check): the scenarios they concern run under 2013 and 2024 (issue 12),
 * so the mutation run uses them under both reference profiles. Each was checked to make 2024 scenarios fail,
 * naming its rule, with no scenario in error.
 */
const BOTH_EDITIONS: ReadonlySet<string> = new Set([
  'correlation-id-of-other-request', 'verb-not-reply', 'wrong-noun', 'missing-timestamp', 'message-id-reused',
  'ok-with-error-codes', 'failed-without-error', 'schema-invalid-payload', 'elements-out-of-order', 'wrong-namespace',
  'wrong-type', 'request-validation-off', 'swap-outage-codes', 'malformed-event-type', 'illegal-quality-code',
  'unresolved-reading-type', 'no-async-reply', 'late-async-reply', 'async-result-wrong-verb', 'event-not-forwarded',
  'event-published-twice', 'event-to-wrong-address', 'event-in-the-future', 'interval-gap', 'duplicate-interval',
  'wrong-interval-spacing', 'non-numeric-value', 'readings-for-other-meter', 'http-500-without-soap-fault',
  'wrong-content-type', 'truncated-body', 'repeated-async-result', 'echo-request-verb', 'control-type-undecodable',
]);

export const FAULTS: readonly FaultDef[] = CATALOGUE.map((f) => (BOTH_EDITIONS.has(f.id) && !f.editions ? { ...f, editions: ['2013', '2024'] } : f));
