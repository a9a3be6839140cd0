/**
 * The SUT as a CLIENT (sut.roles CIS or OMS): the suite tells it through the upper-tester contract
 * (src/usecases/stimuli.ts, src/session/stimulus.ts orderClient) to send a request, plays the MDM that receives it at
 * <listener>/mdm (src/usecases/peer.ts answerAsMdm), and checks the request with the three layers (schema and message
 * rules in the World; header and domain in src/checks/client-requests.ts). As the head-end that publishes outage
 * events (EDE-03) it sends created(EndDeviceEvents) to the OMS's endpoint and the common steps check the OMS's
 * acknowledgement. The OMS's ping is get(MeterReadings) or get(EndDeviceEvents) (UC-01, CIM9-215); the CIS's request for
 * the historical data of a past period (MR-04) is checked for that period (DOM-CLIENT-PERIOD). features/client-requests.feature.
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { ACKNOWLEDGEMENTS, LISTENER_PATHS } from '../session/run.ts';
import { mdmAsyncResult, mdmIncompleteHistoryResult, mdmReadingTypes, type PeerSettings } from './peer.ts';
import { orderClient, reportOfClient, switchReportOfClient } from '../session/stimulus.ts';
import { generationOfEdition, newMessageId, nowTimestamp, readMessage, type Message, type ParsedMessage } from '../message/index.ts';
import { buildEndDeviceControls, controlsGenerationOf, readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { eventsMessage } from './requests.ts';
import { checkClientOutcome, outcomesOfAnswer, type AnswerOutcome, type ClientOrder, type ClientReport } from '../checks/client-requests.ts';
import { BILLING_REASON_KINDS, BILLING_TYPES_MAX, type BillingReasonKind } from './stimuli.ts';
import { billingDeterminants } from './billing-inquiry.ts';
import { checkClientBillingHeld, checkClientBillingRequest, type BillingTypes } from '../checks/billing-inquiry.ts';
import { buildMeterReadings, readGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import { meterReadScheduleProfile, readMeterReadSchedule } from '../payloads/meterReadSchedules.ts';
import { endVerbOf, scheduleEditionOf, scheduleTiming } from './read-schedules.ts';
import { checkClientSchedule, checkScheduleMessageFormat } from '../checks/read-schedules.ts';
import { checkOutcome, checkResponse } from '../checks/envelope.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { headEndRegisterValue } from './peer.ts';

export interface ClientState {
  order: ClientOrder;
  /** the upper tester's order was skipped (stimulus.kind manual) */
  skipped?: boolean;
  /** listener mark before the order: requests at <listener>/mdm after it were caused by this scenario */
  mark: number;
  /** the client's request, as received and checked with layer 1 */
  request?: Exchange;
  /** the suite's answer to it (what the MDM the suite plays sent back) */
  answer?: { xml: string; message?: ParsedMessage; fault?: string };
  /** the asynchronous result the MDM the suite plays sent to the CIS's ReplyAddress (P1a), as sent */
  asyncResult?: ParsedMessage;
  /** EDC-07: what the result the head-end the suite plays sent the CIS said of its switch */
  switchResult?: 'done' | 'failed';
  /** MR-01 (cis-schedule-request): the readings of the schedule the head-end the suite sent the CIS, and its end */
  scheduleReadings?: Exchange[];
  scheduleEnd?: { mark: number; verb: string; exchange?: Exchange };
  /** EDC-06 (ECITP 2.09): the Result and code the MDM the suite plays told the CIS about the read after its switch */
  readError?: { result: 'FAILED' | 'PARTIAL'; code: string };
}
const STATE = new WeakMap<Cim9World, ClientState>();

export function clientState(w: Cim9World): ClientState {
  const s = STATE.get(w);
  if (!s) throw new SuiteError('the client SUT was not told to send a request before this step');
  return s;
}

/** what an order names besides the meters: the ReadingType, the noun of a ping, the period of a historical request */
export interface OrderDetails {
  /** cis-switch-request, cis-direct-switch-request: the command */
  command?: 'disconnect' | 'connect';
  /** cis-direct-switch-request: the time of the switch (ISO 8601) */
  at?: string;
  readingType?: string;
  noun?: 'MeterReadings' | 'EndDeviceEvents';
  period?: { start: string; end: string };
  /** cis-billing-request: the billing determinants and the reason (MR-05) */
  readingTypes?: readonly string[];
  reason?: BillingReasonKind;
  /** cis-schedule-request: the scheduleInterval [start, end) and the recurrence (MR-01) */
  schedule?: { start: string; end: string; periodSeconds: number };
  /** cis-meter-service (MSR-01): the meter to install in place of the first meter in play (named after it in the order's meters) */
  newMeter?: string;
}

/** the ping nouns the OMS SUT can be told to use (UC-01; CIM9-215 = both: either), for the plan's exclusions */
export function pingNouns(assumptions: Readonly<Record<string, unknown>>): ('MeterReadings' | 'EndDeviceEvents')[] {
  if (String(assumptions['CIM9-215'] ?? 'uc-01') === 'both') return ['MeterReadings', 'EndDeviceEvents'];
  const uc01 = String(assumptions['UC-01'] ?? 'get-meter-readings');
  if (uc01 === 'get-meter-readings') return ['MeterReadings'];
  if (uc01 === 'get-end-device-events') return ['EndDeviceEvents'];
  return [];
}

/** why a ping scenario of that noun is not applicable to the profile, or undefined */
export function pingNotApplicable(assumptions: Readonly<Record<string, unknown>>, noun: 'MeterReadings' | 'EndDeviceEvents'): string | undefined {
  if (pingNouns(assumptions).includes(noun)) return undefined;
  const uc01 = String(assumptions['UC-01'] ?? 'get-meter-readings');
  return `the OMS is not told to ping with get(${noun}) (assumption UC-01 = ${uc01}, CIM9-215 = ${String(assumptions['CIM9-215'] ?? 'uc-01')}; the MDM the suite plays answers get(MeterReadings) and get(EndDeviceEvents) pings)`;
}

/** tell the client SUT to send its request (cis-read-request, cis-history-request, oms-ping) */
export async function orderRequest(w: Cim9World, event: 'cis-read-request' | 'cis-history-request' | 'oms-ping' | 'cis-switch-request' | 'cis-async-read-request' | 'cis-auxiliary-agreement' | 'cis-direct-switch-request' | 'cis-async-history-request' | 'cis-billing-request' | 'cis-schedule-request' | 'cis-meter-service', details: OrderDetails = {}): Promise<'skipped' | void> {
  if (!w.meters.length) throw new SuiteError('no meter in play before the upper-tester order');
  if (event === 'oms-ping') {
    // UC-01: the message of an outage ping; CIM9-215: whether the OMS can be told either. The plan leaves out a ping
    // scenario the profile does not allow (src/cli/plan.ts); reaching here with one is a limit of the suite, never a finding
    const noun = details.noun ?? 'MeterReadings';
    const why = pingNotApplicable(w.run.assumptions, noun);
    w.usedAssumptions['UC-01'] = String(w.run.assumptions['UC-01'] ?? 'get-meter-readings');
    w.usedAssumptions['CIM9-215'] = String(w.run.assumptions['CIM9-215'] ?? 'uc-01');
    if (why) throw new SuiteError(why);
  }
  const order: ClientOrder = {
    who: event === 'oms-ping' ? 'the OMS' : 'the CIS',
    meters: w.meters,
    readingTypes: details.readingTypes ? [...details.readingTypes] : details.readingType ? [details.readingType] : [],
    ...(details.reason ? { reason: details.reason } : {}),
    ...(details.noun && details.noun !== 'MeterReadings' ? { noun: details.noun } : {}),
    ...(details.period ? { period: details.period } : {}),
    ...(details.command ? { control: { command: details.command, controlType: details.command === 'disconnect' ? '3.31.0.23' : '3.31.0.18' } } : {}),
    ...(event === 'cis-auxiliary-agreement' ? { request: { verb: 'create', noun: 'AuxiliaryAgreementConfig' } } : {}),
    ...(event === 'cis-meter-service' ? { peer: 'HES' as const, request: { verb: 'create', noun: 'MeterServiceRequests' }, ...(details.newMeter ? { newMeter: details.newMeter } : {}) } : {}),
    ...(event === 'cis-direct-switch-request' ? { peer: 'HES' as const, ...(details.at ? { switchAt: details.at } : {}) } : {}),
    ...(details.schedule ? { peer: 'HES' as const, schedule: details.schedule, request: { verb: 'create', noun: meterReadScheduleProfile(scheduleEditionOf(w.profile.edition)) } } : {}),
    at: Date.now(),
  };
  if (event === 'cis-switch-request') w.usedAssumptions['UC-20'] = String(w.run.assumptions['UC-20'] ?? 'by-generation');
  const s: ClientState = { order, mark: w.run.listener.lastSeq };
  STATE.set(w, s);
  const r = await orderClient(w, event, {
    meters: [...w.meters.map((m) => m.mRID), ...(details.newMeter ? [details.newMeter] : [])],
    ...(details.readingType ? { readingType: details.readingType } : {}),
    ...(details.readingTypes ? { readingTypes: [...details.readingTypes] } : {}),
    ...(details.reason ? { reason: details.reason } : {}),
    ...(order.noun ? { noun: order.noun } : {}),
    ...(details.period ? { period: details.period } : {}),
    ...(details.schedule ? { period: { start: details.schedule.start, end: details.schedule.end }, periodSeconds: details.schedule.periodSeconds } : {}),
    ...(details.command ? { command: details.command } : {}),
    ...(details.at ? { at: details.at } : {}),
  });
  if (r === 'skipped') s.skipped = true;
  return r;
}

/**
 * the past period a CIS is told to ask the historical data of (MR-04): six hours ending at the last whole hour at least
 * an hour ago, so that every interval of it is complete; ISO 8601 in UTC
 */
export function historyPeriod(now = Date.now()): { start: string; end: string } {
  const hour = 3600_000;
  const end = Math.floor(now / hour) * hour - hour;
  return { start: new Date(end - 6 * hour).toISOString(), end: new Date(end).toISOString() };
}

/** the listener path of the peer the client's order sends its request to: the MDM (mdm) or, EDC-07, the head-end (hes) */
export function peerPathOf(order: ClientOrder): string {
  return order.peer === 'HES' ? LISTENER_PATHS.hes : LISTENER_PATHS.mdm;
}

/** wait for the client's request at the MDM (the head-end) the suite plays; none within eventSeconds is a finding (DOM-CLIENT-REQUEST) */
export async function receiveClientRequest(w: Cim9World): Promise<Exchange | undefined> {
  const s = clientState(w);
  let seq: number | undefined;
  const peer = s.order.peer === 'HES' ? 'head-end' : 'MDM';
  const x = await w.receive(
    peerPathOf(s.order),
    {
      predicate: (m) => {
        if (m.seq <= s.mark) return false;
        seq = m.seq;
        return true;
      },
    },
    w.profile.timeouts.eventSeconds,
    `${s.order.who.replace(/^the /, '')} → ${peer} (the suite) request`,
  );
  if (!x) return undefined;
  s.request = x;
  const xml = seq !== undefined ? ACKNOWLEDGEMENTS.get(seq) : undefined;
  if (!xml) throw new SuiteError(`the ${peer} the suite plays has no record of its answer to the request`);
  w.attach(xml, { mediaType: 'application/xml', fileName: `${peer} answer (sent by the suite).xml` });
  const read = readMessage(xml);
  s.answer = { xml, message: read.ok ? read.wire.message : undefined, fault: read.ok && read.wire.fault ? (read.wire.fault.reason ?? 'SOAP fault') : undefined };
  return x;
}

/** the head-end the suite plays publishes an outage (or restoration) event of the meter to the OMS SUT (EDE-03 step 1) */
export async function publishToOms(w: Cim9World, eventType: string, what: string): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter in play before the publication');
  return w.send('OMS', eventsMessage(w.requestHeader('created', 'EndDeviceEvents'), [meter], eventType), `head-end (the suite) → OMS created(EndDeviceEvents) ${what}`);
}

/**
 * the MDM the suite plays will not reach these meters in this scenario: its answer names each in an Error 4.1 (the
 * others read: PARTIAL; none read: FAILED), as the head-end does for a relayed ping (src/usecases/peer.ts)
 */
export function mdmCannotRead(w: Cim9World, which: 'last' | 'all'): void {
  if (!w.run.headEnd) throw new SuiteError('the run has no peer state for the MDM the suite plays');
  if (w.meters.length < 2 && which === 'last') throw new SuiteError('a PARTIAL answer needs two meters in play');
  w.run.headEnd.unreachable = (which === 'all' ? w.meters : w.meters.slice(-1)).map((m) => m.mRID);
}

/** the Result of the answer the MDM the suite plays gave the client's request, and what it gave each meter */
export function answerOutcomes(w: Cim9World): { result: string; outcomes: Map<string, AnswerOutcome> } {
  const s = clientState(w);
  if (!s.answer) throw new SuiteError('no answer of the MDM the suite plays is recorded before this step');
  if (s.answer.fault !== undefined) return { result: 'SOAP fault', outcomes: new Map() };
  return { result: s.answer.message?.reply?.result ?? '(none)', outcomes: outcomesOfAnswer(s.answer.message, s.order) };
}

/** ask the CIS's upper tester what the CIS holds for the meters of its order (cis-report-readings) */
export async function reportOfCis(w: Cim9World): Promise<'skipped' | ClientReport> {
  const s = clientState(w);
  return reportOfClient(w, { meters: s.order.meters.map((m) => m.mRID) });
}

/**
 * the MDM the suite plays tells the CIS the completion of the connect / disconnect it asked for (EDC-06 step 6, UC-21:
 * created(EndDeviceEvents) with the result event of the command, 3.31.0.68 Disconnected / 3.31.0.42 Connected, naming the
 * meter and the CIS's issuerID / issuerTrackingID), sent to the CIS's endpoint; the reply steps judge its acknowledgement
 */
export async function tellCisCompletion(w: Cim9World): Promise<Exchange> {
  const s = clientState(w);
  const control = orderedControl(s);
  const root = s.request?.wire?.message?.payload?.root;
  const asked = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root).find((c) => c.controlType.trim() === control.controlType) : undefined;
  if (!asked) throw new SuiteError(`the CIS's request carries no control ${control.controlType}: there is no completion to tell`);
  const meter = s.order.meters[0]!;
  const eventType = control.command === 'disconnect' ? '3.31.0.68' : '3.31.0.42';
  const events = [{ mRID: newMessageId(), createdDateTime: nowTimestamp(), issuerID: asked.issuerID, issuerTrackingID: asked.issuerTrackingID, reason: control.command, meter: meter.mRID, usagePoint: meter.usagePoint, eventType }];
  return w.send('CIS', { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, `MDM (the suite) → CIS created(EndDeviceEvents) completion of the ${control.command} of meter ${meter.mRID}`);
}

/**
 * the MDM the suite plays sends the result of the CIS's asynchronous request (P1a) to the ReplyAddress the request gave:
 * created(MeterReadings) with the request's CorrelationID and the readings (src/usecases/peer.ts mdmAsyncResult); the
 * reply steps judge the CIS's acknowledgement
 */
export async function sendAsyncResultToCis(w: Cim9World): Promise<Exchange> {
  const s = clientState(w);
  const { req, address } = replyAddressOf(s);
  const msg = mdmAsyncResult(req, mdmSettings(w));
  if (!msg) throw new SuiteError('the MDM the suite plays has no reading to send for the request of the CIS');
  return sendToReplyAddress(w, s, msg, address, `MDM (the suite) → CIS created(MeterReadings) the asynchronous result at the CIS's ReplyAddress`);
}

/** the settings of the MDM the suite plays for a client SUT (as src/session/run.ts answers it) */
function mdmSettings(w: Cim9World): PeerSettings {
  const p = w.profile;
  return {
    generation: generationOfEdition(p.edition),
    meters: p.data.meters,
    readingTypes: mdmReadingTypes(p.data.readingTypes),
    ...(p.data.readingTypes.interval ? { intervalReadingTypes: [p.data.readingTypes.interval] } : {}),
    maxBytes: p.sut.maxReplyBytes,
    schemaErrors: () => [],
    unreachable: w.run.headEnd?.unreachable ?? [],
  };
}

/** the connect / disconnect the CIS was told to ask for (its order) */
function orderedControl(s: ClientState): NonNullable<ClientState['order']['control']> {
  const control = s.order.control;
  if (!control) throw new SuiteError('the CIS was not told to ask for a connect or disconnect before this step');
  return control;
}

/** the CIS's request, read */
function requestOf(s: ClientState): ParsedMessage {
  const req = s.request?.wire?.message;
  if (!req) throw new SuiteError('no readable request of the CIS was received before this step');
  return req;
}

/** the CIS's ReplyAddress of its request (an http(s) URL; its absence was judged by DOM-CLIENT-ASYNC) */
function replyAddressOf(s: ClientState): { req: ParsedMessage; address: string } {
  const req = requestOf(s);
  const address = req.header?.replyAddress?.trim();
  if (!address || !/^https?:\/\//i.test(address) || !URL.canParse(address)) throw new SuiteError('the CIS gave no http(s) ReplyAddress to send the result to (its request was judged for it)');
  return { req, address };
}

async function sendToReplyAddress(w: Cim9World, s: ClientState, msg: Message, address: string, label: string): Promise<Exchange> {
  const x = await w.send('CIS', msg, label, { url: address });
  const read = x.sent ? readMessage(x.sent.xml) : undefined;
  s.asyncResult = read?.ok ? read.wire.message : undefined;
  return x;
}

/**
 * the head-end the suite plays sends the result of the CIS's direct connect / disconnect (EDC-07) to the ReplyAddress
 * the request gave, with the request's CorrelationID (else its MessageID): created(EndDeviceControls) naming the control
 * (its mRID, issuerID, issuerTrackingID, type) and the meter when the switch was carried out (`done`), or
 * canceled(EndDeviceControls) of the same when it failed (use-cases.md §4.7, "canceled on failure", the form CIM9-300
 * accepts in either way). The reply steps judge the CIS's acknowledgement.
 */
export async function sendSwitchResultToCis(w: Cim9World, outcome: 'done' | 'failed'): Promise<Exchange> {
  const s = clientState(w);
  const control = orderedControl(s);
  const { req, address } = replyAddressOf(s);
  const root = req.payload?.root;
  const asked = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root).find((c) => c.controlType.trim() === control.controlType) : undefined;
  if (!asked) throw new SuiteError(`the CIS's request carries no control ${control.controlType}: there is no result to tell`);
  const meter = s.order.meters[0]!;
  const payload = buildEndDeviceControls(
    { controls: [{ mRID: asked.mRID, issuerID: asked.issuerID, issuerTrackingID: asked.issuerTrackingID, reason: asked.reason ?? control.command, controlType: control.controlType, endDevices: [{ mRID: meter.mRID }] }] },
    { generation: controlsGenerationOf(generationOfEdition(w.profile.edition)) },
  );
  const verb = outcome === 'done' ? 'created' : 'canceled';
  const correlationId = req.header?.correlationId ?? req.header?.messageId;
  const header = { ...w.requestHeader(verb, 'EndDeviceControls'), ...(correlationId ? { correlationId } : {}) };
  s.switchResult = outcome;
  return w.send('CIS', { kind: 'event', header, payload: { root: payload } }, `head-end (the suite) → CIS ${verb}(EndDeviceControls) ${outcome === 'done' ? 'result' : 'failure'} of the ${control.command} of meter ${meter.mRID} at the CIS's ReplyAddress`, { url: address });
}

/** ask the CIS's upper tester the switch state it holds for the meters of its order (cis-report-switch) */
export async function switchReportOfCis(w: Cim9World) {
  const s = clientState(w);
  return switchReportOfClient(w, { meters: s.order.meters.map((m) => m.mRID) });
}

/** the time a CIS is told to have a meter switched at (EDC-07): the next whole minute at least 30 s ahead, ISO 8601 UTC */
export function switchTime(now = Date.now()): string {
  return new Date(Math.ceil((now + 30_000) / 60_000) * 60_000).toISOString();
}

/**
 * the MDM the suite plays tells the CIS that the final (disconnect) / initial (connect) read after the switch it asked for
 * is missing (Result FAILED) or incomplete (PARTIAL), with Annex B code 5.7 naming the meter (the ECITP 2.09 error
 * conditions; the message the reference MDM sends, CIM9-260's default form: a reply(EndDeviceControls) correlated to the
 * CIS's request), sent to the CIS's endpoint; the reply steps judge the CIS's acknowledgement
 */
export async function tellCisReadError(w: Cim9World, condition: 'missing' | 'incomplete'): Promise<Exchange> {
  const s = clientState(w);
  const control = orderedControl(s);
  const req = requestOf(s);
  const meter = s.order.meters[0]!;
  const which = control.command === 'disconnect' ? 'final' : 'initial';
  const result = condition === 'missing' ? 'FAILED' : 'PARTIAL';
  const reason = condition === 'missing' ? `no ${which} read of meter ${meter.mRID} came after the ${control.command}` : `the ${which} read of meter ${meter.mRID} after the ${control.command} has no value`;
  const correlationId = req.header?.correlationId ?? req.header?.messageId;
  const header = { ...w.requestHeader('reply', 'EndDeviceControls'), ...(correlationId ? { correlationId } : {}) };
  s.readError = { result, code: '5.7' };
  w.usedAssumptions['CIM9-260'] = String(w.run.assumptions['CIM9-260'] ?? 'reply-or-event-reply');
  return w.send(
    'CIS',
    { kind: 'response', header, reply: { result, errors: [{ code: '5.7', level: condition === 'missing' ? 'FATAL' : 'WARNING', reason, id: { value: meter.mRID, kind: 'name', objectType: 'EndDevice' } }] } },
    `MDM (the suite) → CIS reply(EndDeviceControls) ${result} 5.7: the ${which} read of meter ${meter.mRID} is ${condition}`,
  );
}

/**
 * the MDM the suite plays sends the CIS the asynchronous result of its request for interval data (P1a, MR-04) that is
 * not complete: PARTIAL (the first half of the period, 5.7 for the rest) or FAILED (5.7, no data), in the form of
 * CIM9-305 (src/usecases/peer.ts mdmIncompleteHistoryResult); the reply steps judge the CIS's acknowledgement
 */
export async function sendIncompleteHistoryToCis(w: Cim9World, outcome: 'partial' | 'failed'): Promise<Exchange> {
  const s = clientState(w);
  const { req, address } = replyAddressOf(s);
  const form = String(w.run.assumptions['CIM9-305'] ?? 'reply') === 'created' ? 'created' : 'reply';
  const used = outcome === 'failed' ? 'reply' : form;
  w.usedAssumptions['CIM9-305'] = form;
  const msg = mdmIncompleteHistoryResult(req, mdmSettings(w), outcome, form);
  if (!msg) throw new SuiteError('the request of the CIS names no meter, interval ReadingType or period the MDM the suite plays can answer (it was judged for it)');
  const what = outcome === 'partial' ? 'PARTIAL (the intervals of the first half of the period, 5.7 for the rest)' : 'FAILED (5.7, no interval)';
  return sendToReplyAddress(w, s, msg, address, `MDM (the suite) → CIS ${used}(MeterReadings) the asynchronous result, ${what}, at the CIS's ReplyAddress`);
}

// ------------------------------------------------------------------------------------------------ MR-05.C1 / .C2, the CIS's billing inquiry

/** tell the CIS to ask the MDM the suite plays for the billing determinants of the meter (the profile's, billingDeterminants) with a reason */
export async function orderBillingInquiry(w: Cim9World, reason: string): Promise<'skipped' | void> {
  if (!(BILLING_REASON_KINDS as readonly string[]).includes(reason)) throw new SuiteError(`a billing inquiry gives reason ${BILLING_REASON_KINDS.join(' or ')}, not "${reason}"`);
  const readingTypes = billingDeterminants(w.profile.data);
  if (readingTypes.length > BILLING_TYPES_MAX) throw new SuiteError(`the profile names ${readingTypes.length} billing determinants (data.readingTypes.billing); a cis-billing-request names at most ${BILLING_TYPES_MAX}`);
  return orderRequest(w, 'cis-billing-request', { readingTypes, reason: reason as BillingReasonKind });
}

function tokenOf<T extends string>(w: Cim9World, id: string, fallback: T, allowed: readonly T[]): T {
  const v = String(w.run.assumptions[id] ?? fallback) as T;
  const out = allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

/** Then: the CIS's billing inquiry asks for billing quantities with the reason it was told (MR-CLIENT-BILLING; CIM9-177, CIM9-223) */
export function judgeBillingInquiry(w: Cim9World): void {
  const s = clientState(w);
  const x = s.request;
  if (!x) throw new SuiteError('no request of the CIS was received before this step');
  if (!s.order.reason) throw new SuiteError('the CIS was not told to make a billing inquiry before this step');
  const msg = x.wire?.message;
  const query = msg?.request?.query && msg.request.query.name === 'GetMeterReadings' ? readGetMeterReadings(msg.request.query) : undefined;
  const types = tokenOf<BillingTypes>(w, 'CIM9-177', 'billing-quantity', ['billing-quantity', 'decodable', 'off']);
  const reason = tokenOf(w, 'CIM9-223', 'warning', ['required', 'warning', 'off']);
  w.assert(checkClientBillingRequest(query, { who: s.order.who, readingTypes: s.order.readingTypes, reason: s.order.reason }, { types, reason }, { label: x.label }, msg?.header?.messageId), `${x.label}: the billing inquiry`);
}

/**
 * Then: the CIS holds every billing determinant the answer of the MDM the suite plays gave the meter, with its value
 * (the upper tester's cis-report-readings, `readings` by ReadingType; DOM-CLIENT-OUTCOME)
 */
export async function judgeBillingHeld(w: Cim9World): Promise<'skipped' | void> {
  const s = clientState(w);
  const root = s.answer?.message?.payload?.root;
  const meter = s.order.meters[0]!;
  const mr = root && root.name === 'MeterReadings' ? readMeterReadings(root).meterReadings.find((m) => m.meter?.mRID === meter.mRID || (!!meter.usagePoint && m.usagePoint?.mRID === meter.usagePoint)) : undefined;
  const given = (mr?.readings ?? []).flatMap((r) => (r.value !== undefined ? [{ readingType: r.readingType, value: r.value }] : []));
  if (!given.length) throw new SuiteError('the answer of the MDM the suite plays gave the meter no billing determinant: nothing to compare what the CIS holds with (the request was judged)');
  const report = await reportOfCis(w);
  if (report === 'skipped') return 'skipped';
  w.assert(checkClientBillingHeld(report.meters[meter.mRID], given, meter.mRID, s.order.who, { label: 'the CIS report (upper tester)' }), 'the billing determinants the CIS holds');
}

// ------------------------------------------------------------------------------------------------ MR-01, the CIS's read schedule at its head-end

/** how many scheduled reads the head-end the suite plays sends the CIS before it is told to end the schedule */
export const CLIENT_SCHEDULE_READS = 2;

/**
 * tell the CIS to have the meter read on a schedule by its head-end (cis-schedule-request): the register ReadingType,
 * every CIM9-170 seconds (whole seconds, at least 1) from the second whole second ahead, for CLIENT_SCHEDULE_READS reads
 */
export async function orderClientSchedule(w: Cim9World): Promise<'skipped' | void> {
  const periodSeconds = Math.max(1, Math.round(scheduleTiming(w.run.assumptions).periodSeconds));
  w.usedAssumptions['CIM9-170'] = String(periodSeconds);
  const start = Math.ceil(Date.now() / 1000) * 1000 + 2000;
  const end = start + CLIENT_SCHEDULE_READS * periodSeconds * 1000;
  return orderRequest(w, 'cis-schedule-request', { readingType: w.profile.data.readingTypes.register, schedule: { start: new Date(start).toISOString(), end: new Date(end).toISOString(), periodSeconds } });
}

function scheduleOrderOf(s: ClientState): { profile: string; schedule: NonNullable<ClientOrder['schedule']> } {
  const schedule = s.order.schedule;
  if (!schedule || !s.order.request) throw new SuiteError('the CIS was not told to create a read schedule before this step');
  return { profile: s.order.request.noun, schedule };
}

/**
 * Then: the CIS's schedule message is create(<the edition's profile>) with that payload and says what, for whom and when
 * (MRS-MESSAGE-FORMAT, PAY-09), and it is the schedule ordered: the meter, the ReadingType, the timing (MRS-CLIENT-SCHEDULE)
 */
export function judgeClientSchedule(w: Cim9World): void {
  const s = clientState(w);
  const { profile, schedule } = scheduleOrderOf(s);
  const x = s.request;
  if (!x) throw new SuiteError('no request of the CIS was received before this step');
  w.usedAssumptions['PAY-09'] = profile;
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const value = root && (root.name === 'MeterReadSchedule' || root.name === 'MeterReadSchedules') ? readMeterReadSchedule(root) : undefined;
  const ctx = w.ctx(x.label, x.received?.at);
  w.assert(
    [
      ...checkScheduleMessageFormat({ verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, rootName: root?.name, value }, { verb: 'create', profile }, ctx),
      ...checkClientSchedule(value, { who: s.order.who, meters: s.order.meters, readingType: s.order.readingTypes[0] ?? '', timing: schedule }, ctx),
    ],
    `${x.label}: the schedule`,
  );
}

/**
 * When: the head-end the suite plays sends the CIS, at each scheduled time of its schedule, created(MeterReadings) with
 * the scheduled register reading of the meter (MR-01 step 3: the schedule acts as a subscription), to sut.endpoints.CIS
 */
export async function sendScheduledReadings(w: Cim9World): Promise<void> {
  const s = clientState(w);
  const { schedule } = scheduleOrderOf(s);
  const meter = s.order.meters[0]!;
  const rt = s.order.readingTypes[0] ?? w.profile.data.readingTypes.register;
  const start = Date.parse(schedule.start);
  const out: Exchange[] = [];
  for (let k = 0; start + k * schedule.periodSeconds * 1000 < Date.parse(schedule.end) && k < CLIENT_SCHEDULE_READS; k++) {
    const at = start + k * schedule.periodSeconds * 1000;
    const wait = at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const payload = { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: meter.mRID }, ...(meter.usagePoint ? { usagePoint: { mRID: meter.usagePoint } } : {}), readings: [{ readingType: rt, value: headEndRegisterValue(meter.mRID), timeStamp: nowTimestamp(() => new Date(at)) }] }] }) };
    out.push(await w.send('CIS', { kind: 'event', header: w.requestHeader('created', 'MeterReadings'), payload }, `head-end (the suite) → CIS created(MeterReadings) scheduled read ${k + 1} of meter ${meter.mRID}`));
  }
  s.scheduleReadings = out;
}

/** Then: the CIS acknowledged every reading of its schedule: valid, a conformant reply header, Result OK */
export function judgeScheduleAcks(w: Cim9World): void {
  const s = clientState(w);
  const xs = s.scheduleReadings ?? [];
  if (!xs.length) throw new SuiteError('the head-end the suite plays sent the CIS no reading of its schedule before this step');
  for (const x of xs) {
    const ctx = w.ctx(`${x.label} reply`, x.received?.at);
    const request = x.sent?.header;
    if (!x.wire || !request) {
      w.assert(x.findings.some((f) => f.severity === 'error') ? x.findings : [ruleFinding('ENV-STRUCTURE', `${x.label}: no readable acknowledgement of the CIS`, { file: x.label, expected: 'a readable acknowledgement (reply) of the CIS to the reading', actual: 'no readable acknowledgement' })], `${x.label}: acknowledgement`);
      continue;
    }
    w.assert([...x.findings, ...checkResponse(x.wire, { noun: 'MeterReadings', request }, ctx), ...checkOutcome(x.wire, { result: 'OK', annexB: w.annexB }, ctx)], `${x.label}: acknowledgement`);
  }
}

/**
 * Then: the CIS holds, as its upper tester reports it (cis-report-readings), the reading of the meter the last scheduled
 * read gave, with its value (DOM-CLIENT-OUTCOME; the value is the same at every read of the schedule)
 */
export async function judgeScheduleHeld(w: Cim9World): Promise<'skipped' | void> {
  const s = clientState(w);
  const last = (s.scheduleReadings ?? []).at(-1);
  const root = last?.sent ? (() => {
    const read = readMessage(last.sent!.xml);
    return read.ok ? read.wire.message?.payload?.root : undefined;
  })() : undefined;
  const value = root && root.name === 'MeterReadings' ? readMeterReadings(root).meterReadings[0]?.readings?.[0]?.value : undefined;
  if (value === undefined) throw new SuiteError('the head-end the suite plays sent the CIS no reading of its schedule before this step');
  const report = await reportOfCis(w);
  if (report === 'skipped') return 'skipped';
  const meter = s.order.meters[0]!;
  const outcomes = new Map<string, AnswerOutcome>([[meter.mRID, { kind: 'read', value }]]);
  w.assert(checkClientOutcome(report, outcomes, 'OK', s.order, { ...w.ctx('the readings of the schedule'), label: 'the CIS report (upper tester)' }), 'what the CIS holds of its schedule');
}

/** When: the CIS is told to end its schedule (cis-schedule-end); the end is awaited by judgeScheduleEnd */
export async function orderScheduleEnd(w: Cim9World): Promise<'skipped' | void> {
  const s = clientState(w);
  scheduleOrderOf(s);
  const verb = endVerbOf(w.run.assumptions);
  w.usedAssumptions['UC-09'] = verb;
  s.scheduleEnd = { mark: w.run.listener.lastSeq, verb };
  return orderClient(w, 'cis-schedule-end', { meters: s.order.meters.map((m) => m.mRID) });
}

/**
 * Then: the head-end the suite plays received the end of the schedule: <verb>(<profile>) (UC-09) naming the meter and the
 * ReadingType of the schedule (MRS-CLIENT-SCHEDULE), valid, and taken (Result OK); nothing within eventSeconds is a finding
 */
export async function judgeScheduleEnd(w: Cim9World): Promise<void> {
  const s = clientState(w);
  const { profile } = scheduleOrderOf(s);
  const end = s.scheduleEnd;
  if (!end) throw new SuiteError('the CIS was not told to end its schedule before this step');
  let seq: number | undefined;
  const label = `CIS → head-end (the suite) ${end.verb}(${profile})`;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => { if (m.seq <= end.mark) return false; seq = m.seq; return true; } }, w.profile.timeouts.eventSeconds, label);
  if (!x) return w.assert([ruleFinding('MRS-CLIENT-SCHEDULE', `${label}: ${s.order.who} sent its head-end (${w.run.listener.urlFor(LISTENER_PATHS.hes)}) no end of its schedule within ${w.profile.timeouts.eventSeconds} s of the order`, { file: label, expected: `${end.verb}(${profile})`, actual: 'nothing' })], 'the end of the schedule');
  end.exchange = x;
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const value = root && (root.name === 'MeterReadSchedule' || root.name === 'MeterReadSchedules') ? readMeterReadSchedule(root) : undefined;
  const verb = m?.header?.verb ?? m?.wrapperVerb;
  const noun = m?.header?.noun ?? m?.wrapperNoun;
  const findings = [...x.findings, ...checkClientSchedule(value, { who: s.order.who, meters: s.order.meters, readingType: s.order.readingTypes[0] ?? '' }, { label: x.label })];
  if (verb !== end.verb || noun !== profile) findings.push(ruleFinding('MRS-CLIENT-SCHEDULE', `${x.label}: ${verb ?? '?'}(${noun ?? '?'}) instead of ${end.verb}(${profile}) (UC-09, PAY-09)`, { file: x.label, assumptions: { 'UC-09': end.verb }, expected: `${end.verb}(${profile})`, actual: `${verb ?? '?'}(${noun ?? '?'})` }));
  const xml = seq !== undefined ? ACKNOWLEDGEMENTS.get(seq) : undefined;
  const read = xml ? readMessage(xml) : undefined;
  const answer = read?.ok ? read.wire.message : undefined;
  if (answer?.reply && answer.reply.result !== 'OK') findings.push(ruleFinding('MRS-CLIENT-SCHEDULE', `${x.label}: the head-end the suite plays answered ${answer.reply.result} (${(answer.reply.errors ?? []).map((e) => `${e.code} ${e.reason ?? ''}`.trim()).join('; ')}): the end names no schedule it knows`, { file: x.label, expected: 'an end the head-end takes (Result OK)', actual: `Result ${answer.reply.result}` }));
  w.assert(findings, 'the end of the schedule');
}
