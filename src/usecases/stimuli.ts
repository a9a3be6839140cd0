/**
 * The control interface of the reference SUT, shared by the suite (which drives it) and the simulator (which serves
 * it). It sits below the session so that the simulator, a separate component, never imports the session.
 *
 *   POST <sut>/_control/stimulus     a StimulusBody (below): what only the field can cause (role HES), or what the
 *                                    UPPER TESTER of a client SUT makes it do (roles CIS, OMS: send a request)
 *   POST <sut>/_control/subscribers  {OMS?, MDM?, masterData?, CIS?, MM?, upstreamHES?, MDMService?, HESService?}: where the SUT publishes,
 *                                    and the peers it asks (the suite's listener addresses, which the Cucumber process
 *                                    knows only once its listener is bound)
 *   GET  <sut>/_control/faults       the faults switched on and the faults known
 *
 * The UPPER-TESTER CONTRACT (README "Testing a client-side system"). A client SUT (a CIS, an OMS) only sends requests
 * when something makes it; the suite makes it through the profile's stimulus (kind http: POST of the JSON body below
 * to stimulus.url; kind command: the shell command with {event}, {meter}, {meters}, {readingType} filled in; kind
 * simulator: the embedded reference SUT's POST /_control/stimulus; kind manual: skipped). The body:
 *
 *   {"role": "CIS", "event": "cis-read-request", "meter": "M-1001", "meters": ["M-1001"],
 *    "readingType": "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "soapVersion": "1.1"}
 *      → the CIS sends get(MeterReadings) [GetMeterReadings] naming that meter and ReadingType to the MDM (MR-03 step 1)
 *   {"role": "CIS", "event": "cis-async-read-request", "meter": "M-1001", "meters": ["M-1001"], "readingType": "…", ...}
 *      → the same request asked asynchronously (P1a): AsyncReplyFlag true and a ReplyAddress of the CIS's own, where it
 *        takes the result (created(MeterReadings) with its CorrelationID) and acknowledges it; a cis-report-readings
 *        after it reports what the CIS holds from that result
 *   {"role": "OMS", "event": "oms-ping", "meter": "M-1001", "meters": ["M-1001", "M-1002"], "soapVersion": "1.1"}
 *      → the OMS pings those meters: get(MeterReadings) naming exactly them, to the MDM (EDE-02 step 1, UC-01 default noun)
 *   {"role": "OMS", "event": "oms-ping", "meter": "M-1001", "meters": [...], "noun": "EndDeviceEvents", ...}
 *      → the same ping as get(EndDeviceEvents) [GetEndDeviceEvents: the meters, a TimeSchedule up to now] (UC-01)
 *   {"role": "CIS", "event": "cis-history-request", "meter": "M-1001", "meters": ["M-1001"],
 *    "readingType": "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "start": "…Z", "end": "…Z", "soapVersion": "1.1"}
 *      → the CIS asks the MDM for the historical interval data of the meter over [start, end) (MR-04):
 *        get(MeterReadings) naming the meter, the ReadingType and that period
 *   {"role": "CIS", "event": "cis-async-history-request", "meter": "M-1001", "meters": ["M-1001"], "readingType": "…",
 *    "start": "…Z", "end": "…Z", "soapVersion": "1.1"}
 *      → the request of cis-history-request asked asynchronously (P1a): AsyncReplyFlag true and a ReplyAddress of the
 *        CIS's own, where it takes the result (a reply(MeterReadings) with its CorrelationID, Result PARTIAL with the
 *        intervals there are or FAILED, CIM9-305) and acknowledges it; a cis-report-readings after it reports what the
 *        CIS holds from that result
 *   {"role": "CIS", "event": "cis-switch-request", "meter": "M-1001", "meters": ["M-1001"], "command": "disconnect",
 *    "soapVersion": "1.1"}
 *      → the CIS asks the MDM to disconnect (or, with "connect", to connect) the meter: create(EndDeviceControls) with one
 *        EndDeviceControl of the Annex F code of the command (3.31.0.23 / 3.31.0.18) naming the meter (EDC-06 step 1)
 *   {"role": "CIS", "event": "cis-auxiliary-agreement", "meter": "M-1001", "meters": ["M-1001"], "soapVersion": "1.1"}
 *      → (PM-01, 2013, reconstructed CIM9-270) the CIS creates at the MDM an auxiliary agreement (a debt recovered from
 *        the meter's purchases) under the customer agreement of the meter's usage point: create(AuxiliaryAgreementConfig)
 *        naming that usage point
 *   {"role": "CIS", "event": "cis-direct-switch-request", "meter": "M-1001", "meters": ["M-1001"], "command": "disconnect",
 *    "start": "…Z", "soapVersion": "1.1"}
 *      → (EDC-07) the CIS asks its HEAD-END directly, asynchronously, to disconnect (connect) the meter at `start`:
 *        create(EndDeviceControls) with one control of 3.31.0.23 / 3.31.0.18 naming the meter, primaryDeviceTiming/interval/start
 *        = start, AsyncReplyFlag true and a ReplyAddress of its own, where it takes the result (created(EndDeviceControls),
 *        or canceled(EndDeviceControls) / a FAILED reply when the switch failed) and acknowledges it
 *   {"role": "CIS", "event": "cis-billing-request", "meter": "M-1001", "meters": ["M-1001"],
 *    "readingTypes": ["0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "8.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", …], "reason": "billing"}
 *      → (MR-05) the CIS asks the MDM for the billing determinants of the meter: get(MeterReadings) naming the meter,
 *        exactly those ReadingTypes and Reading/reason (billing or inquiry); a cis-report-readings after it reports
 *        what the CIS holds of the answer, each determinant in `readings` [{readingType, value}]
 *   {"role": "CIS", "event": "cis-schedule-request", "meter": "M-1001", "meters": ["M-1001"], "readingType": "…",
 *    "start": "…Z", "end": "…Z", "periodSeconds": 3}
 *      → (MR-01, "MDM (or CIS) → MS") the CIS asks its HEAD-END to read the meter on a schedule: create(MeterReadSchedule)
 *        (2013; MeterReadSchedules in 2024, PAY-09) naming the meter, the ReadingType and a TimeSchedule of
 *        scheduleInterval [start, end) and recurrencePeriod periodSeconds; it acknowledges the created(MeterReadings) of
 *        the schedule the head-end sends it
 *   {"role": "CIS", "event": "cis-schedule-end", "meter": "M-1001", "meters": ["M-1001"]}
 *      → the CIS ends the schedule it created for the meter: cancel(MeterReadSchedule(s)) (delete per UC-09) naming it
 *   {"role": "CIS", "event": "cis-supplier-switch", "meter": "M-1001", "meters": ["M-1001"], "supplier": "SUP-2",
 *    "account": "ACC-2", "start": "…Z"}
 *      → (CS-01, 2013) the CIS, the new supplier, tells the MDM of the switch of the meter's usage point at `start`:
 *        change(UsagePointConfig) whose UsagePoint names the ServiceSupplier `supplier`, and create(MasterDataLinkageConfig)
 *        linking the CustomerAccount `account` to that usage point, its ConfigurationEvent effectiveDateTime `start`
 *   {"role": "CIS", "event": "cis-meter-service", "meter": "M-1001", "meters": ["M-1001", "M-2001"]}
 *      → (MSR-01) the CIS asks its WORK MANAGEMENT (the head-end) to exchange the meter for the second one:
 *        create(MeterServiceRequests) with one work of kind meter, M-2001 as Meter, M-1001 as OldMeter and its usage point;
 *        it acknowledges the completion changed(MeterServiceRequests) of that work
 *   {"role": "CIS", "event": "cis-report-switch", "meter": "M-1001", "meters": ["M-1001"], ...}
 *      → the upper tester REPORTS the switch state the CIS holds for those meters (it sends nothing): a 2xx whose body
 *        (standard output) is a SwitchReport {"meters": {"M-1001": {"state": "disconnected" | "connected" | "failed" |
 *        "pending" | "unknown"}}}
 *   {"role": "CIS", "event": "cis-report-readings", "meter": "M-1001", "meters": ["M-1001", "M-1002"], ...}
 *      → the upper tester REPORTS what the CIS holds from the answer to its last request for those meters (it sends
 *        nothing): a 2xx whose body (kind http, simulator) or standard output (kind command) is a ClientReport (src/checks/client-requests.ts)
 *
 * The request goes to the MDM address the SUT is configured with: for the embedded SUT, the MDMService key of
 * POST /_control/subscribers (the suite's <listener>/mdm); for a product, its own configuration. The upper tester
 * answers 2xx once it has taken the order (the request may follow asynchronously); anything else is a fault of the
 * set-up (a scenario `error`, never a finding against the SUT).
 *
 *   {"role": "HES", "event": "read-unavailable", "meter": "M-1001"}   (optional: stimulus.readUnavailable)
 *      → from now on the meter still switches but cannot give a register read (no final / initial read after a
 *        connect / disconnect; a fresh read of it fails); "read-restored" makes it readable again
 *   {"role": "HES", "event": "switch-stuck", "meter": "M-1001"}   (optional: stimulus.switchFailure)
 *      → from now on the head-end accepts a connect / disconnect of the meter but its switch fails (EDC-07.2);
 *        "switch-freed" makes it switch again
 *   {"role": "HES", "event": "outage-storm", "meter": "M-1001", "count": 10000, "rate": 500}
 *      → (`cim9 load --scenario outage-storm-in`) the head-end publishes a power-off created(EndDeviceEvents) for
 *        `count` of its meters from `meter` on, then a restoration for each, to its MDM (the suite's listener,
 *        subscriber MDM), at `rate` events per second (absent: as fast as it can); see STORM_MAX_METERS
 */

import type { ClientReport, HeldInterval, HeldReading } from '../checks/client-requests.ts';

/**
 * the field stimuli (role HES): a meter losing or regaining power; an installer putting a meter in or taking it out; a meter raising
 * health alarms (EDE-05: low battery, clock error); a voltage sag on phase A of a meter (EDE-07); a firmware upgrade of a
 * meter (MSE-01: the body names the new firmwareID and whether the activation succeeds, `firmwareOutcome`); a meter
 * changed out for another (MSR-02: `meter` the old one, `meters` [old, new]); a tamper at a meter (MSR-03); an event of
 * a PAN device of a meter (PAN-02: an in-premises display, a thermostat … at the meter's premises); a power-quality
 * disturbance at a meter whose head-end measures it (EDE-08: it tells the MDM PQ measurements, min / max / average);
 * the PAN devices of PAN-01, each naming `meters` [meter, PAN device]: a PAN device the meter cannot pair (its install code
 * does not match: a pairing window that lists it ends in the pairing failure), a PAN device out of the meter's range (a
 * pairing window that lists it waits for it), a PAN device that comes into range and asks the meter to join now; (an
 * optional stimulus, READ_AVAILABILITY_STIMULI) a meter that from now on switches but cannot give its register read,
 * and that can again (ECITP 2.09 error conditions with the head-end as SUT)
 */
export const STIMULUS_EVENTS = ['power-off', 'power-restored', 'meter-installed', 'meter-removed', 'health-alarm', 'voltage-sag', 'firmware-upgrade', 'meter-change-out', 'tamper', 'pan-event', 'pq-measurements', 'pan-pairing-refused', 'pan-out-of-range', 'pan-join', 'outage-storm', 'read-unavailable', 'read-restored', 'switch-stuck', 'switch-freed'] as const;

/**
 * The optional stimuli of an unreadable meter (EDC-06.10, features/end-device-controls.feature): `read-unavailable`
 * {meter}: from now on the meter still obeys a connect / disconnect but cannot give a register read (its final /
 * initial read after the switch is missing, and a fresh read of it fails); `read-restored` {meter}: it can again (sent
 * after the scenario). A profile whose stimulus (http, command, manual) can do this says so with
 * stimulus.readUnavailable: true; the embedded reference SUT always can. Without it, and without a data.unreadableMeter,
 * the scenarios are not applicable.
 */
export const READ_AVAILABILITY_STIMULI = ['read-unavailable', 'read-restored'] as const;

/**
 * The optional stimuli of a meter whose switch fails (EDC-07.2, features/end-device-controls.feature): `switch-stuck`
 * {meter}: from now on the head-end still accepts a connect / disconnect of the meter but the switch fails in the field
 * (its result is a failure, its event the failure event of the command, …84 / …67); `switch-freed` {meter}: it switches
 * again (sent after the scenario). A profile whose stimulus (http, command, manual) can do this says so with
 * stimulus.switchFailure: true; the embedded reference SUT always can. Without it the scenarios are not applicable.
 */
export const SWITCH_FAILURE_STIMULI = ['switch-stuck', 'switch-freed'] as const;

/**
 * the largest outage storm a stimulus orders (meters), and its fastest pace (events per second). `outage-storm`
 * (`cim9 load --scenario outage-storm-in`): the head-end loses power at `count` of its meters, from `meter` on in the
 * order it knows them, and publishes a power-off created(EndDeviceEvents) per meter to its MDM, then a restoration per
 * meter — each with its createdDateTime to the millisecond — at `rate` events per second (absent: as fast as it can,
 * a few at a time); the suite's listener is the MDM (subscriber MDM).
 */
export const STORM_MAX_METERS = 1_000_000;
export const STORM_MAX_RATE = 100_000;
export type StimulusEvent = (typeof STIMULUS_EVENTS)[number];

/** the upper-tester orders to a client SUT: make the CIS ask for a reading, or for the historical data of a period; make the OMS ping meters */
export const CLIENT_STIMULUS_EVENTS = ['cis-read-request', 'oms-ping', 'cis-history-request', 'cis-report-readings', 'cis-switch-request', 'cis-async-read-request', 'cis-auxiliary-agreement', 'cis-direct-switch-request', 'cis-report-switch', 'cis-async-history-request', 'cis-billing-request', 'cis-schedule-request', 'cis-schedule-end', 'cis-supplier-switch', 'cis-meter-service'] as const;

/** the client orders that name a period [start, end): the historical read, synchronous or asynchronous (MR-04) */
export const PERIOD_STIMULI: readonly AnyStimulusEvent[] = ['cis-history-request', 'cis-async-history-request', 'cis-schedule-request'];
export type ClientStimulusEvent = (typeof CLIENT_STIMULUS_EVENTS)[number];

export type AnyStimulusEvent = StimulusEvent | ClientStimulusEvent;

/** the role of the SUT that takes each stimulus */
export function stimulusRole(event: AnyStimulusEvent): 'HES' | 'CIS' | 'OMS' {
  if (event === 'cis-read-request' || event === 'cis-history-request' || event === 'cis-report-readings' || event === 'cis-switch-request' || event === 'cis-async-read-request' || event === 'cis-auxiliary-agreement' || event === 'cis-direct-switch-request' || event === 'cis-report-switch' || event === 'cis-async-history-request' || event === 'cis-billing-request' || event === 'cis-schedule-request' || event === 'cis-schedule-end' || event === 'cis-supplier-switch' || event === 'cis-meter-service') return 'CIS';
  if (event === 'oms-ping') return 'OMS';
  return 'HES';
}

/** the field stimuli of PAN-01, which name `meters` [meter, PAN device] */
export const PAN_DEVICE_STIMULI: readonly AnyStimulusEvent[] = ['pan-pairing-refused', 'pan-out-of-range', 'pan-join'];

/** whether a stimulus names two devices in `meters`: [old, new] of a change-out, [meter, PAN device] of PAN-01 */
const namesPair = (event: AnyStimulusEvent) => event === 'meter-change-out' || PAN_DEVICE_STIMULI.includes(event);

/** the JSON body of a stimulus (POST /_control/stimulus, stimulus.kind http) */
export interface StimulusBody {
  role: 'HES' | 'CIS' | 'OMS';
  event: AnyStimulusEvent;
  /** the (first) meter concerned: the meter of a field event, the meter a CIS asks for */
  meter: string;
  /** every meter concerned (client orders, meter-change-out): the meters an OMS pings; [old, new]; absent for the others */
  meters?: string[];
  /** cis-read-request, cis-history-request: the ReadingType to ask for (Annex C code); absent: the SUT's choice */
  readingType?: string;
  /** oms-ping: the noun of the ping, get(MeterReadings) (absent, the UC-01 default) or get(EndDeviceEvents) */
  noun?: PingNoun;
  /** cis-billing-request: the billing determinants to ask for (Annex C codes, MR-05) */
  readingTypes?: string[];
  /** cis-billing-request: the reason to give (Reading/reason: billing or inquiry, MR-05) */
  reason?: BillingReasonKind;
  /** cis-schedule-request: the recurrence of the schedule in whole seconds (its scheduleInterval is [start, end), MR-01) */
  periodSeconds?: number;
  /** cis-history-request: the period to ask for, [start, end) (ISO 8601 date-times with an offset); cis-direct-switch-request: the time of the switch (start only) */
  start?: string;
  end?: string;
  /** cis-switch-request, cis-direct-switch-request: the command the CIS asks the MDM (the head-end) for */
  command?: SwitchCommand;
  /** cis-supplier-switch: the new ServiceSupplier and the new CustomerAccount of the meter's usage point (CS-01); its `start` is the switch time */
  supplier?: string;
  account?: string;
  /** firmware-upgrade: the firmware the meter is upgraded to (the firmwareID the configuration change must show) */
  firmwareID?: string;
  /** firmware-upgrade: whether the new firmware activates (`activated`) or its activation fails (`failed`) */
  firmwareOutcome?: FirmwareOutcome;
  /** outage-storm: how many meters lose power (from `meter` on), and the pace in events per second (absent: as fast as it can) */
  count?: number;
  rate?: number;
  soapVersion?: '1.1' | '1.2';
}

/** read a ClientReport (the suite's side of cis-report-readings); one line saying what is wrong otherwise */
export function readClientReport(raw: unknown): { ok: true; report: ClientReport } | { ok: false; error: string } {
  const shape = 'the report must be a JSON object {"meters": {"<meter>": {"status": "read" | "failed" | "none", "value"?: "<number>", "code"?: "<Annex B code>", "intervals"?: [{"end": "<dateTime>", "value": "<number>"}], "timeStamp"?: "<dateTime>", "qualities"?: ["<quality code>"], "readings"?: [{"readingType": "<code>", "value": "<number>"}]}}}';
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: shape };
  const meters = (raw as Record<string, unknown>)['meters'];
  if (!meters || typeof meters !== 'object' || Array.isArray(meters)) return { ok: false, error: shape };
  const entries = Object.entries(meters as Record<string, unknown>);
  if (entries.length > 100) return { ok: false, error: 'the report names more than 100 meters' };
  const out: ClientReport = { meters: {} };
  for (const [id, v] of entries) {
    if (id.length > METER_MAX) return { ok: false, error: `a meter of the report is longer than ${METER_MAX} characters` };
    const e = v as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || (e['status'] !== 'read' && e['status'] !== 'failed' && e['status'] !== 'none')) return { ok: false, error: `${shape}: meter ${JSON.stringify(id.slice(0, 64))} has no valid status` };
    const value = e['value'];
    const code = e['code'];
    if (value !== undefined && !(typeof value === 'string' || typeof value === 'number')) return { ok: false, error: `the value of meter ${JSON.stringify(id.slice(0, 64))} must be a number or a string` };
    if (code !== undefined && (typeof code !== 'string' || code.length > 32)) return { ok: false, error: `the code of meter ${JSON.stringify(id.slice(0, 64))} must be a string of at most 32 characters` };
    if (typeof value === 'string' && value.length > 64) return { ok: false, error: `the value of meter ${JSON.stringify(id.slice(0, 64))} is longer than 64 characters` };
    const intervals = readReportIntervals(e['intervals'], id);
    if (typeof intervals === 'string') return { ok: false, error: intervals };
    const timeStamp = e['timeStamp'];
    if (timeStamp !== undefined && (typeof timeStamp !== 'string' || timeStamp.length > 40)) return { ok: false, error: `the timeStamp of meter ${JSON.stringify(id.slice(0, 64))} must be a dateTime string of at most 40 characters` };
    const readings = readReportReadings(e['readings'], id);
    if (typeof readings === 'string') return { ok: false, error: readings };
    const qualities = e['qualities'];
    if (qualities !== undefined && (!Array.isArray(qualities) || qualities.length > REPORT_QUALITIES_MAX || qualities.some((q) => typeof q !== 'string' || q.length > 32))) return { ok: false, error: `the qualities of meter ${JSON.stringify(id.slice(0, 64))} must be a list of at most ${REPORT_QUALITIES_MAX} quality codes (strings of at most 32 characters)` };
    out.meters[id] = {
      status: e['status'],
      ...(value !== undefined ? { value: String(value) } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(intervals ? { intervals } : {}),
      ...(timeStamp !== undefined ? { timeStamp } : {}),
      ...(qualities !== undefined ? { qualities: [...(qualities as string[])] } : {}),
      ...(readings ? { readings } : {}),
    };
  }
  return { ok: true, report: out };
}

/** the most quality codes a report may give the reading of one meter */
export const REPORT_QUALITIES_MAX = 16;

/** the most interval readings a report may give one meter (a week of 15-minute intervals, and some) */
export const REPORT_INTERVALS_MAX = 1000;

/** the readings of one meter of a ClientReport by ReadingType (MR-05): undefined (none given), the list, or what is wrong (one line) */
function readReportReadings(raw: unknown, id: string): HeldReading[] | undefined | string {
  if (raw === undefined) return undefined;
  const bad = `the readings of meter ${JSON.stringify(id.slice(0, 64))} must be a list (at most ${BILLING_TYPES_MAX}) of {"readingType": "<18-field code>", "value": "<number>"} (value at most 64 characters)`;
  if (!Array.isArray(raw) || raw.length > BILLING_TYPES_MAX) return bad;
  const out: HeldReading[] = [];
  for (const x of raw) {
    const o = x as Record<string, unknown> | null;
    const readingType = o && typeof o === 'object' ? o['readingType'] : undefined;
    const value = o && typeof o === 'object' ? o['value'] : undefined;
    if (typeof readingType !== 'string' || !READING_TYPE.test(readingType) || !(typeof value === 'string' || typeof value === 'number') || String(value).length > 64) return bad;
    out.push({ readingType, value: String(value) });
  }
  return out;
}

/** the intervals of one meter of a ClientReport: undefined (none given), the list, or what is wrong (one line) */
function readReportIntervals(raw: unknown, id: string): HeldInterval[] | undefined | string {
  if (raw === undefined) return undefined;
  const who = `meter ${JSON.stringify(id.slice(0, 64))}`;
  if (!Array.isArray(raw)) return `the intervals of ${who} must be a list of {"end": "<dateTime>", "value": "<number>"}`;
  if (raw.length > REPORT_INTERVALS_MAX) return `the intervals of ${who} are more than ${REPORT_INTERVALS_MAX}`;
  const out: HeldInterval[] = [];
  for (const x of raw) {
    const o = x as Record<string, unknown> | null;
    const end = o && typeof o === 'object' ? o['end'] : undefined;
    const value = o && typeof o === 'object' ? o['value'] : undefined;
    if (typeof end !== 'string' || end.length > 40 || !(typeof value === 'string' || typeof value === 'number') || String(value).length > 64) return `an interval of ${who} must be {"end": "<dateTime>", "value": "<number>"} (end at most 40 characters, value at most 64)`;
    out.push({ end, value: String(value) });
  }
  return out;
}

export type { ClientReport };

/** what a CIS holds about the switch of a meter (cis-report-switch) */
export const SWITCH_STATES = ['disconnected', 'connected', 'failed', 'pending', 'unknown'] as const;
export type SwitchState = (typeof SWITCH_STATES)[number];

/** the answer of the upper tester to cis-report-switch: per meter, the state of its switch the CIS holds */
export interface SwitchReport {
  meters: Record<string, { state: SwitchState }>;
}

/** read a SwitchReport (the suite's side of cis-report-switch); one line saying what is wrong otherwise */
export function readSwitchReport(raw: unknown): { ok: true; report: SwitchReport } | { ok: false; error: string } {
  const shape = `the report must be a JSON object {"meters": {"<meter>": {"state": ${SWITCH_STATES.map((x) => `"${x}"`).join(' | ')}}}}`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: shape };
  const meters = (raw as Record<string, unknown>)['meters'];
  if (!meters || typeof meters !== 'object' || Array.isArray(meters)) return { ok: false, error: shape };
  const entries = Object.entries(meters as Record<string, unknown>);
  if (entries.length > 100) return { ok: false, error: 'the report names more than 100 meters' };
  const out: SwitchReport = { meters: {} };
  for (const [id, v] of entries) {
    if (id.length > METER_MAX) return { ok: false, error: `a meter of the report is longer than ${METER_MAX} characters` };
    const state = v && typeof v === 'object' ? (v as Record<string, unknown>)['state'] : undefined;
    if (!(SWITCH_STATES as readonly unknown[]).includes(state)) return { ok: false, error: `${shape}: meter ${JSON.stringify(id.slice(0, 64))} has no valid state` };
    out.meters[id] = { state: state as SwitchState };
  }
  return { ok: true, report: out };
}

/** the nouns an OMS pings with (UC-01): get(MeterReadings) or get(EndDeviceEvents) */
export type PingNoun = 'MeterReadings' | 'EndDeviceEvents';

/** the commands of a cis-switch-request */
export type SwitchCommand = 'disconnect' | 'connect';

/** the reasons a CIS's billing inquiry gives (cis-billing-request, MR-05; ReadingReasonKind, payloads.md §0.4) */
export const BILLING_REASON_KINDS = ['billing', 'inquiry'] as const;
export type BillingReasonKind = (typeof BILLING_REASON_KINDS)[number];

/** the longest recurrence a cis-schedule-request may order: a day */
export const SCHEDULE_PERIOD_MAX = 86_400;

/** the most billing determinants a cis-billing-request names */
export const BILLING_TYPES_MAX = 32;

/** the outcome of a firmware upgrade caused in the field */
export type FirmwareOutcome = 'activated' | 'failed';

/** what a stimulus is about: the meters, (cis-read-request) the ReadingType, (firmware-upgrade) the firmware */
export interface StimulusTarget {
  meters: string[];
  readingType?: string;
  firmwareID?: string;
  firmwareOutcome?: FirmwareOutcome;
  /** oms-ping: the noun of the ping (absent: MeterReadings) */
  noun?: PingNoun;
  /** cis-billing-request: the billing determinants and the reason */
  readingTypes?: string[];
  reason?: BillingReasonKind;
  /** cis-schedule-request: the recurrence in seconds */
  periodSeconds?: number;
  /** cis-history-request: the period */
  period?: { start: string; end: string };
  /** outage-storm: the meters and the pace */
  storm?: { count: number; rate?: number };
  /** cis-switch-request, cis-direct-switch-request: the command */
  command?: SwitchCommand;
  /** cis-direct-switch-request, cis-supplier-switch: the time of the switch (sent as `start`) */
  at?: string;
  /** cis-supplier-switch: the new supplier and customer account */
  supplier?: string;
  account?: string;
}

/** the body the suite sends for a stimulus */
export function stimulusBody(event: AnyStimulusEvent, target: StimulusTarget, soapVersion?: '1.1' | '1.2'): StimulusBody {
  const role = stimulusRole(event);
  return {
    role,
    event,
    meter: target.meters[0] ?? '',
    ...(role === 'HES' && !namesPair(event) ? {} : { meters: [...target.meters] }),
    ...(target.readingType ? { readingType: target.readingType } : {}),
    ...(target.firmwareID ? { firmwareID: target.firmwareID } : {}),
    ...(target.firmwareOutcome ? { firmwareOutcome: target.firmwareOutcome } : {}),
    ...(target.noun ? { noun: target.noun } : {}),
    ...(target.readingTypes ? { readingTypes: [...target.readingTypes] } : {}),
    ...(target.reason ? { reason: target.reason } : {}),
    ...(target.periodSeconds !== undefined ? { periodSeconds: target.periodSeconds } : {}),
    ...(target.period ? { start: target.period.start, end: target.period.end } : {}),
    ...(target.at ? { start: target.at } : {}),
    ...(target.storm ? { count: target.storm.count, ...(target.storm.rate !== undefined ? { rate: target.storm.rate } : {}) } : {}),
    ...(target.command ? { command: target.command } : {}),
    ...(target.supplier ? { supplier: target.supplier } : {}),
    ...(target.account ? { account: target.account } : {}),
    ...(soapVersion ? { soapVersion } : {}),
  };
}

const METER_MAX = 256;
const READING_TYPE = /^-?[0-9]+(\.-?[0-9]+){17}$/;
const FIRMWARE_MAX = 256;
/** an ISO 8601 date-time with an offset (cis-history-request's start and end) */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** read a stimulus body (the simulator's side of the contract); one line saying what is wrong otherwise */
export function readStimulusBody(cmd: unknown): { ok: true; body: StimulusBody } | { ok: false; error: string } {
  if (!cmd || typeof cmd !== 'object' || Array.isArray(cmd)) return { ok: false, error: 'body must be a JSON object {role, event, meter, meters?, readingType?, readingTypes?, reason?, periodSeconds?, noun?, start?, end?, command?, supplier?, account?, count?, rate?, firmwareID?, firmwareOutcome?, soapVersion?}' };
  const { role, event, meter, meters, readingType, readingTypes, reason, periodSeconds, firmwareID, firmwareOutcome, soapVersion, noun, start, end, count, rate, command, supplier, account } = cmd as Record<string, unknown>;
  const events: readonly unknown[] = [...STIMULUS_EVENTS, ...CLIENT_STIMULUS_EVENTS];
  if (!events.includes(event)) return { ok: false, error: `unknown event ${JSON.stringify(event)}; use ${events.join(', ')}` };
  const e = event as AnyStimulusEvent;
  if (role !== stimulusRole(e)) return { ok: false, error: `event ${e} is for role ${stimulusRole(e)}, not ${JSON.stringify(role)}` };
  const isMeter = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= METER_MAX;
  if (!isMeter(meter)) return { ok: false, error: `meter must be a meter identifier (a non-empty string of at most ${METER_MAX} characters)` };
  if (meters !== undefined && (!Array.isArray(meters) || meters.length === 0 || meters.length > 100 || !meters.every(isMeter))) {
    return { ok: false, error: 'meters must be a non-empty list (at most 100) of meter identifiers' };
  }
  if (e === 'meter-change-out' && (!Array.isArray(meters) || meters.length !== 2 || meters[0] !== meter || meters[1] === meter)) {
    return { ok: false, error: 'meter-change-out needs meters [old, new]: the meter taken out (the same as meter), then the other meter put in' };
  }
  if (PAN_DEVICE_STIMULI.includes(e) && (!Array.isArray(meters) || meters.length !== 2 || meters[0] !== meter || meters[1] === meter)) {
    return { ok: false, error: `${e} needs meters [meter, PAN device]: the meter (the same as meter), then the PAN device` };
  }
  if (readingType !== undefined && (typeof readingType !== 'string' || !READING_TYPE.test(readingType))) return { ok: false, error: 'readingType must be an 18-field ReadingType code' };
  if (soapVersion !== undefined && soapVersion !== '1.1' && soapVersion !== '1.2') return { ok: false, error: 'soapVersion must be "1.1" or "1.2"' };
  if (e === 'cis-billing-request') {
    if (!Array.isArray(readingTypes) || readingTypes.length === 0 || readingTypes.length > BILLING_TYPES_MAX || !readingTypes.every((x) => typeof x === 'string' && READING_TYPE.test(x))) return { ok: false, error: `cis-billing-request needs readingTypes, a non-empty list (at most ${BILLING_TYPES_MAX}) of 18-field ReadingType codes` };
    if (!(BILLING_REASON_KINDS as readonly unknown[]).includes(reason)) return { ok: false, error: `cis-billing-request needs reason, ${BILLING_REASON_KINDS.map((x) => `"${x}"`).join(' or ')}` };
  } else if (readingTypes !== undefined || reason !== undefined) {
    return { ok: false, error: `readingTypes and reason are for the event cis-billing-request, not ${e}` };
  }
  if (e === 'cis-schedule-request') {
    if (typeof periodSeconds !== 'number' || !Number.isInteger(periodSeconds) || periodSeconds < 1 || periodSeconds > SCHEDULE_PERIOD_MAX) return { ok: false, error: `cis-schedule-request needs periodSeconds, the recurrence of the schedule (a whole number of seconds from 1 to ${SCHEDULE_PERIOD_MAX})` };
    if (typeof readingType !== 'string') return { ok: false, error: 'cis-schedule-request needs readingType, what to read' };
  } else if (periodSeconds !== undefined) {
    return { ok: false, error: `periodSeconds is for the event cis-schedule-request, not ${e}` };
  }
  if (noun !== undefined && (e !== 'oms-ping' || (noun !== 'MeterReadings' && noun !== 'EndDeviceEvents'))) return { ok: false, error: 'noun is for the event oms-ping only, and must be "MeterReadings" or "EndDeviceEvents"' };
  const isTime = (x: unknown): x is string => typeof x === 'string' && x.length <= 64 && DATE_TIME.test(x) && !Number.isNaN(Date.parse(x));
  if (PERIOD_STIMULI.includes(e)) {
    if (!isTime(start) || !isTime(end)) return { ok: false, error: `${e} needs start and end, ISO 8601 date-times with an offset (e.g. 2026-01-01T00:00:00Z)` };
    if (Date.parse(start) >= Date.parse(end)) return { ok: false, error: 'start must be before end' };
  } else if (e === 'cis-direct-switch-request' || e === 'cis-supplier-switch') {
    // the requested time of the switch (EDC-07: the control's primaryDeviceTiming/interval/start; CS-01: the switch of supplier)
    if (!isTime(start) || end !== undefined) return { ok: false, error: `${e} needs start, the time of the switch (an ISO 8601 date-time with an offset), and no end` };
  } else if (start !== undefined || end !== undefined) {
    return { ok: false, error: `start and end are for the events ${PERIOD_STIMULI.join(' and ')}, cis-direct-switch-request and cis-supplier-switch (start), not ${e}` };
  }
  const isId = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0 && x.length <= METER_MAX;
  if (e === 'cis-supplier-switch') {
    if (!isId(supplier) || !isId(account)) return { ok: false, error: `cis-supplier-switch needs supplier and account, the new ServiceSupplier and CustomerAccount (non-empty strings of at most ${METER_MAX} characters)` };
  } else if (supplier !== undefined || account !== undefined) {
    return { ok: false, error: `supplier and account are for the event cis-supplier-switch, not ${e}` };
  }
  if (e === 'cis-switch-request' || e === 'cis-direct-switch-request') {
    if (command !== 'disconnect' && command !== 'connect') return { ok: false, error: `${e} needs command, "disconnect" or "connect"` };
  } else if (command !== undefined) {
    return { ok: false, error: `command is for the events cis-direct-switch-request and cis-switch-request, not ${e}` };
  }
  if (e === 'firmware-upgrade') {
    if (typeof firmwareID !== 'string' || !firmwareID.trim() || firmwareID.length > FIRMWARE_MAX) return { ok: false, error: `firmware-upgrade needs firmwareID, the new firmware (a non-empty string of at most ${FIRMWARE_MAX} characters)` };
    if (firmwareOutcome !== undefined && firmwareOutcome !== 'activated' && firmwareOutcome !== 'failed') return { ok: false, error: 'firmwareOutcome must be "activated" or "failed"' };
  } else if (firmwareID !== undefined || firmwareOutcome !== undefined) {
    return { ok: false, error: `firmwareID and firmwareOutcome are for the event firmware-upgrade, not ${e}` };
  }
  if (e === 'outage-storm') {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > STORM_MAX_METERS) return { ok: false, error: `outage-storm needs count, the number of meters (a whole number from 1 to ${STORM_MAX_METERS})` };
    if (rate !== undefined && (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > STORM_MAX_RATE)) return { ok: false, error: `rate must be a number of events per second above 0 and at most ${STORM_MAX_RATE}` };
  } else if (count !== undefined || rate !== undefined) {
    return { ok: false, error: `count and rate are for the event outage-storm, not ${e}` };
  }
  return {
    ok: true,
    body: {
      role: stimulusRole(e),
      event: e,
      meter,
      ...(meters ? { meters: meters as string[] } : {}),
      ...(readingType ? { readingType: readingType as string } : {}),
      ...(e === 'firmware-upgrade' ? { firmwareID: firmwareID as string, firmwareOutcome: (firmwareOutcome as FirmwareOutcome | undefined) ?? 'activated' } : {}),
      ...(noun ? { noun: noun as PingNoun } : {}),
      ...(e === 'cis-schedule-request' ? { periodSeconds: periodSeconds as number } : {}),
      ...(e === 'cis-billing-request' ? { readingTypes: [...(readingTypes as string[])], reason: reason as BillingReasonKind } : {}),
      ...(PERIOD_STIMULI.includes(e) ? { start: start as string, end: end as string } : {}),
      ...(e === 'cis-direct-switch-request' || e === 'cis-supplier-switch' ? { start: start as string } : {}),
      ...(e === 'cis-supplier-switch' ? { supplier: supplier as string, account: account as string } : {}),
      ...(e === 'outage-storm' ? { count: count as number, ...(rate !== undefined ? { rate: rate as number } : {}) } : {}),
      ...(e === 'cis-switch-request' || e === 'cis-direct-switch-request' ? { command: command as SwitchCommand } : {}),
      ...(soapVersion ? { soapVersion: soapVersion as '1.1' | '1.2' } : {}),
    },
  };
}

/** the paths of the control interface under the reference SUT's base URL */
export const CONTROL_PATHS = {
  stimulus: '/_control/stimulus',
  subscribers: '/_control/subscribers',
  faults: '/_control/faults',
  /** GET ?waitMs=N (src/transport/idle.ts asks it by URL) */
  idle: '/_control/idle',
} as const;

/** the subscriber kinds the reference SUT publishes to (the body of POST /_control/subscribers) */
export const SUBSCRIBER_KINDS = ['OMS', 'MDM', 'masterData', 'CIS', 'MM', 'oldSupplier'] as const;

/**
 * the peers the reference SUT asks on its client side, set through the same POST /_control/subscribers: upstreamHES,
 * the MDM's head-end, where it relays an on-request read (P6); MDMService, the MDM a CIS or an OMS sends its requests
 * to (the suite's <listener>/mdm when the SUT is a client); HESService, the head-end a CIS asks directly (EDC-07, the
 * suite's <listener>/hes)
 */
export const UPSTREAM_KINDS = ['upstreamHES', 'MDMService', 'HESService'] as const;

/** the body of POST /_control/subscribers */
export type PeerAddresses = Partial<Record<(typeof SUBSCRIBER_KINDS)[number] | (typeof UPSTREAM_KINDS)[number], string>>;
