/**
 * Controls through the MDM (MDM as SUT, pattern P6; use-cases.md §0.3, §4.1 EDC-01, §4.6 EDC-06 steps 1-3, §4.8
 * EDC-08, §8.3 PAN-03): the suite plays the requester (the CIS for a connect / disconnect, UC-20 = EndDeviceControls
 * in editions 2013 / 2024; the DRMS for load control, PAN controls and the price signal) that sends the MDM
 * create(EndDeviceControls), and the MDM's head-end at LISTENER_PATHS.hes, where src/usecases/peer.ts answers
 * create(EndDeviceControls) for the meters it knows (OK with the controls).
 *
 * The request the MDM sends the head-end is received through the World (layer 1: schemas, envelope, the message
 * rules including COD-CONTROL-TYPE) and compared with what the requester sent (src/checks/relayed-controls.ts,
 * EDC-RELAY-FORWARD; CIM9-230 issuerTrackingID, CIM9-231 timing). The MDM's reply to the requester goes through the
 * shared reply steps. What the scenario caused and no step examined is claimed after it.
 *
 * The completion of a connect / disconnect (EDC-06 steps 4-6, ECITP 2.09): the head-end the suite plays then tells the
 * MDM the switch event (created(EndDeviceEvents) 3.31.0.68 / 3.31.0.42, with the issuerTrackingID of the control the
 * MDM passed on) and the final / initial register read (created(MeterReadings), reason serviceDisconnect /
 * serviceConnect, the head-end's known value); the suite as the CIS then waits at LISTENER_PATHS.cisEvents for the
 * MDM's completion (UC-21: created(EndDeviceEvents) and/or created(EndDeviceControls) about the meter), checked with
 * the checks of the head-end's outcome (src/checks/controls.ts: EDC-COMPLETION, EDC-RESULT-EVENT).
 *
 * Further: the error conditions of ECITP 2.09 (the head-end withholds or truncates the read; the MDM tells the CIS
 * FAILED / PARTIAL with 5.7, EDC-READ-RESULT); the draft / EPRI form of UC-20 (create(MeterServiceRequests), completion
 * changed(MeterServiceRequests), the MSR-SVC-* checks); a cancel passed on (EDC-RELAY-CANCEL); a group disconnect
 * (EDC-RELAY-GROUP, the results per member through the load-control steps at the CIS's address).
 */
import type { EndDeviceControlValue, ReadEndDeviceControl } from '../payloads/endDeviceControls.ts';
import { buildEndDeviceControls, controlsGenerationOf, readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { newMessageId, nextTick, nowTimestamp, readMessage, type Header, type Message } from '../message/index.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { buildMeterReadings } from '../payloads/meterReadings.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkPassedOnCancel, checkPassedOnControls, checkPassedOnGroupControl, checkReadErrorResult, type GroupForm, type GroupSummary, type PassedOnControls, type ControlSummary, type ReadCondition, type RelaySeverity } from '../checks/relayed-controls.ts';
import { checkReplyPart, checkResponse } from '../checks/envelope.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { checkControlsResult, checkFailureEvents, checkFailureResult, checkSwitchEvents, type SwitchExpectation } from '../checks/controls.ts';
import type { Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { quietSecondsOf, timeFactorOf } from '../profile/index.ts';
import { assertNothingArrived, awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined, nounOfDelivery } from './deliveries.ts';
import { aboutMeter, completionNouns, CONTROL_COMMANDS, failureCodesOf, isControlCommand, type ControlCommand } from './end-device-controls.ts';
import { headEndRegisterValue } from './peer.ts';
import { buildMeterServiceRequests } from '../payloads/meterServiceRequests.ts';
import { checkCompletion, completionVerbs, type ServiceRequestExpectation } from '../checks/meter-service.ts';
import { checkEvent } from '../checks/envelope.ts';
import { aboutWork, serviceWork, worksOf } from './meter-service.ts';
import { controlsRequest, defineGroup, definedGroup, expectResults, GROUP_DISCONNECT, isPanControlKind, LOAD_CONTROL_START, loadControlValue, panControlValue, randomisedWindow, windowSecondsOf } from './load-control.ts';
import { readEndDeviceGroups } from '../payloads/endDeviceGroups.ts';

/** the controls a requester can ask the MDM for: the two switch commands, a load-control start, the PAN controls */
export const RELAYED_CONTROL_KINDS = ['disconnect', 'connect', 'load control', 'text message', 'demand response', 'price signal'] as const;
export type RelayedControlKind = (typeof RELAYED_CONTROL_KINDS)[number];

export function isRelayedControlKind(s: string): s is RelayedControlKind {
  return (RELAYED_CONTROL_KINDS as readonly string[]).includes(s);
}

/** the issuer the suite names as the CIS */
export const CIS_ISSUER_ID = 'cim9-cis';

/** the control the requester sends the MDM for one meter */
export function relayedControlValue(kind: RelayedControlKind, meter: string, now: Date, windowSeconds = 2): EndDeviceControlValue {
  const mRID = newMessageId();
  if (isControlCommand(kind)) {
    // EDC-06 step 1: the requested date/time as primaryDeviceTiming/interval/start (step 3 passes it on)
    return { mRID, issuerID: CIS_ISSUER_ID, issuerTrackingID: `SW-${mRID}`, reason: kind, controlType: CONTROL_COMMANDS[kind], endDevices: [{ mRID: meter }], primaryDeviceTiming: { interval: { start: nowTimestamp(() => now) } } };
  }
  if (kind === 'load control') {
    const end = new Date(Math.ceil((now.getTime() + windowSeconds * 1000) / 1000) * 1000);
    return loadControlValue({ mRID, issuerTrackingID: `LC-${mRID}`, controlType: LOAD_CONTROL_START, meters: [meter], start: now, end });
  }
  if (!isPanControlKind(kind)) throw new SuiteError(`unknown control kind "${kind}"`);
  return panControlValue(kind, mRID, meter, now).control;
}

/** a control as the relay check compares it */
export function summaryOf(c: EndDeviceControlValue | ReadEndDeviceControl): ControlSummary {
  const read = c as Partial<ReadEndDeviceControl>;
  return {
    mRID: c.mRID,
    controlType: c.controlType,
    meters: (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)]).filter(Boolean),
    issuerTrackingID: c.issuerTrackingID,
    actionKind: read.actionKind ?? c.action?.kind,
    actionCount: read.actionCount ?? (c.action ? 1 : 0),
    priceSignal: c.priceSignal,
    prices: c.action?.kind === 'PanPricing' ? (c.action.details ?? []).map((d) => d.price) : undefined,
    interval: c.primaryDeviceTiming?.interval,
    randomisation: c.primaryDeviceTiming?.randomisation,
    drProgramLevel: c.drProgramLevel,
    drProgramMandatory: c.drProgramMandatory,
    node: read.node,
  };
}

interface RelayState {
  kind: RelayedControlKind;
  meter: string;
  sent: EndDeviceControlValue;
  /** listener mark before the request: the MDM's requests to the head-end after it were caused by this scenario */
  mark: number;
  requestedAt: Date;
  /** the control the MDM passed on for the meter, once checked */
  passedOn?: ControlSummary;
  /** the header of the MDM's request that passed it on (a canceled(EndDeviceControls) of the head-end correlates to it) */
  passedOnHeader?: Header;
  /** when the head-end the suite plays told the MDM the switch event */
  switchedAt?: Date;
  /** the MDM's completion messages to the CIS */
  completion: Exchange[];
  /** the header of the requester's request (its CorrelationID and MessageID correlate the MDM's result) */
  request?: Header;
  /** the noun of the requester's request (EndDeviceControls, or MeterServiceRequests in the draft form of UC-20) */
  requestNoun: string;
  /** what the head-end the suite plays did with the read after the switch (ECITP 2.09 error conditions) */
  readCondition?: ReadCondition;
  /** the MDM's result to the CIS about the missing or incomplete read */
  readResult?: Exchange;
  /** the requester's cancel of the control (listener mark before it, and the key it named the control by) */
  cancel?: { mark: number; by: 'mRID' | 'issuerTrackingID'; passedOnSeq?: number };
  /** a control of an EndDeviceGroup (EDC-09): the group the scenario defined at the MDM */
  group?: { mRID: string; members: string[]; others: string[] };
  /** the draft / EPRI form of UC-20: the work of the create(MeterServiceRequests) the CIS sent */
  service?: ServiceRequestExpectation;
}

const states = new WeakMap<object, RelayState>();

function stateOf(w: Cim9World): RelayState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no control was sent to the MDM before this step');
  return s;
}

/** CIM9-230 / CIM9-231: how severe another issuerTrackingID, and another timing, of a control passed on are */
export function relaySeverities(assumptions: Readonly<Record<string, unknown>>): { tracking: RelaySeverity; timing: RelaySeverity } {
  const sev = (v: unknown): RelaySeverity => (v === 'error' || v === 'off' ? v : 'warning');
  return { tracking: sev(assumptions['CIM9-230']), timing: sev(assumptions['CIM9-231']) };
}

/** When: the CIS (a connect / disconnect) or the DRMS (the others) asks the MDM for a control of the scenario's meter */
export async function sendControlToMdm(w: Cim9World, kind: string): Promise<Exchange> {
  if (!isRelayedControlKind(kind)) throw new SuiteError(`unknown control kind "${kind}" (one of ${RELAYED_CONTROL_KINDS.join(', ')})`);
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (isControlCommand(kind)) w.usedAssumptions['UC-20'] = String(w.run.assumptions['UC-20'] ?? 'by-generation');
  const window = Math.max(windowSecondsOf(w.run.assumptions), Math.ceil(2 * quietSecondsOf(w.profile) + 1));
  const sent = relayedControlValue(kind, meter.mRID, new Date(), window);
  const state: RelayState = { kind, meter: meter.mRID, sent, mark: w.run.listener.lastSeq, requestedAt: new Date(), completion: [], requestNoun: 'EndDeviceControls' };
  states.set(w, state);
  const who = isControlCommand(kind) ? 'CIS' : 'DRMS';
  const x = await w.send('MDM', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [sent], w.generation), `${who} → MDM create(EndDeviceControls) ${kind} of meter ${meter.mRID}`);
  state.request = x.sent?.header;
  return x;
}

/**
 * Then: the MDM passed the control on to the head-end the suite plays (within timeouts.responseSeconds of the request):
 * the request's three layers (the World's layer 1 at receipt) and its content against the control sent
 * (EDC-RELAY-FORWARD). Nothing at the head-end's address is EDC-RELAY-FORWARD.
 */
export async function checkControlPassedOn(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const sev = relaySeverities(w.run.assumptions);
  w.usedAssumptions['CIM9-230'] = sev.tracking;
  w.usedAssumptions['CIM9-231'] = sev.timing;
  const label = `MDM → head-end create(EndDeviceControls) ${s.kind} of meter ${s.meter}`;
  const limit = w.profile.timeouts.responseSeconds;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, limit, label, { endWhenIdle: true });
  const opts = { ...sev, withinSeconds: limit, headEnd: w.run.listener.urlFor(LISTENER_PATHS.hes) };
  if (!x) return w.assert(checkPassedOnControls(undefined, [summaryOf(s.sent)], opts, w.ctx(label)), 'the control passed on');
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const got = { verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, controls: root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root).map(summaryOf) : undefined };
  const findings = [...x.findings, ...checkPassedOnControls(got, [summaryOf(s.sent)], opts, w.ctx(x.label, x.received?.at))];
  s.passedOn = got.controls?.find((c) => c.controlType.trim() === s.sent.controlType.trim() && c.meters.includes(s.meter));
  s.passedOnHeader = m?.header;
  if (!findings.some((f) => f.severity === 'error')) w.attach(`${label}: the MDM passed the ${s.kind} control on with the same code, meter and action.`, { mediaType: 'text/plain', fileName: 'control passed on.txt' });
  w.assert(findings, 'the control passed on');
}

/**
 * After the scenario: what the MDM sent the head-end's address, and the CIS's address, after the request and no step
 * examined is claimed once deliveries there have been quiet (a few quiet periods at most).
 */
export async function claimRelayedControlLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const quietMs = quietSecondsOf(w.profile) * 1000;
  // the embedded reference SUT: once it is idle everything it was caused to send has arrived (else a quiet period)
  if ((await w.sutIdle(w.profile.timeouts.eventSeconds * 1000)) === undefined) {
    await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.hes, since: s.mark, quietMs, deadline: Date.now() + 3 * quietMs });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.hes, since: s.mark, title: "Sent by the MDM to the head-end's address after the control and not examined by this scenario" });
  claimNotExamined(w, { path: LISTENER_PATHS.cisEvents, since: s.mark, title: "Sent by the MDM to the CIS's address after the control and not examined by this scenario" });
}

// ------------------------------------------------------------------------------------------------ the completion (EDC-06 steps 4-6)

function switchOf(w: Cim9World): RelayState & { kind: ControlCommand } {
  const s = stateOf(w);
  if (!isControlCommand(s.kind)) throw new SuiteError(`the control sent was a ${s.kind}, not a connect or disconnect`);
  if (!s.passedOn) throw new SuiteError('the MDM passed no control for the meter on to the head-end before this step: there is no switch to tell');
  return s as RelayState & { kind: ControlCommand };
}

/** the head-end's switch event for the meter (codes.md §6.4; `eventType`: another, e.g. a failure event), with the tracking of the control the MDM passed on */
export function switchEventMessage(header: Message['header'], o: { command: ControlCommand; meter: string; usagePoint?: string; at: Date; issuerID?: string; issuerTrackingID?: string; eventType?: string }): Message {
  const eventType = o.eventType ?? (o.command === 'disconnect' ? '3.31.0.68' : '3.31.0.42');
  return {
    kind: 'event',
    header,
    payload: { root: buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime: nowTimestamp(() => o.at), issuerID: o.issuerID, issuerTrackingID: o.issuerTrackingID, reason: o.command, meter: o.meter, usagePoint: o.usagePoint, eventType }]) },
  };
}

/** When: the head-end the suite plays tells the MDM the switch event of the meter */
export async function tellMdmSwitchEvent(w: Cim9World): Promise<Exchange> {
  const s = switchOf(w);
  const m = w.meters.find((x) => x.mRID === s.meter);
  s.switchedAt = new Date();
  const msg = switchEventMessage(w.requestHeader('created', 'EndDeviceEvents'), { command: s.kind, meter: s.meter, usagePoint: m?.usagePoint, at: s.switchedAt, issuerTrackingID: s.passedOn?.issuerTrackingID });
  return w.send('MDM', msg, `head-end → MDM created(EndDeviceEvents) ${s.kind} of meter ${s.meter}`);
}

/**
 * When: the head-end the suite plays tells the MDM the final (disconnect) / initial (connect) register read of the meter;
 * `incomplete` (ECITP 2.09 error condition): the Reading without its value, and a read the MDM asks for afterwards is
 * answered the same way
 */
export async function tellMdmSwitchRead(w: Cim9World, how: 'complete' | 'incomplete' = 'complete'): Promise<Exchange> {
  const s = switchOf(w);
  if (how === 'incomplete') {
    s.readCondition = 'incomplete';
    if (w.run.headEnd) w.run.headEnd.readsIncomplete = [s.meter];
  }
  const m = w.meters.find((x) => x.mRID === s.meter);
  const readingType = w.profile.data.readingTypes.register;
  const at = nowTimestamp(() => s.switchedAt ?? new Date());
  const reason = s.kind === 'disconnect' ? 'serviceDisconnect' : 'serviceConnect';
  const msg: Message = {
    kind: 'event',
    header: w.requestHeader('created', 'MeterReadings'),
    payload: { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: s.meter }, ...(m?.usagePoint ? { usagePoint: { mRID: m.usagePoint } } : {}), readings: [{ readingType, ...(how === 'incomplete' ? {} : { value: headEndRegisterValue(s.meter) }), timeStamp: at, reason }] }] }) },
  };
  return w.send('MDM', msg, `head-end → MDM created(MeterReadings) ${how === 'incomplete' ? 'incomplete ' : ''}${s.kind === 'disconnect' ? 'final' : 'initial'} read of meter ${s.meter}`);
}

/**
 * When: the CIS waits for the MDM's completion of its control (timeouts.eventSeconds; the embedded SUT's idle signal
 * ends the wait): the first completion UC-21 allows about the meter at LISTENER_PATHS.cisEvents, then the other kind
 * within timeouts.quietSeconds when UC-21 allows both. Nothing is EDC-COMPLETION.
 */
export async function awaitCompletion(w: Cim9World): Promise<void> {
  const s = switchOf(w);
  const uc21 = String(w.run.assumptions['UC-21'] ?? 'any');
  w.usedAssumptions['UC-21'] = uc21;
  const nouns = completionNouns(uc21);
  const since = s.mark;
  const label = (noun: string) => `MDM → CIS created(${noun}) completion of the ${s.kind} of meter ${s.meter}`;
  const first = await w.receive(LISTENER_PATHS.cisEvents, { predicate: aboutMeter(s.meter, nouns, since) }, w.profile.timeouts.eventSeconds, label(nouns.join('/')), { endWhenIdle: true });
  if (!first) {
    assertNothingArrived(w, {
      rule: 'EDC-COMPLETION',
      path: LISTENER_PATHS.cisEvents,
      since,
      match: aboutMeter(s.meter, nouns, since),
      what: `${nouns.map((n) => `created(${n})`).join(' or ')} about meter ${s.meter}`,
      to: 'the CIS',
      after: `the head-end told the MDM the ${s.kind}`,
      step: 'completion of the control',
      assumptions: { 'UC-21': uc21 },
    });
  }
  const got = nounOfDelivery(first);
  if (got) first.label = label(got);
  s.completion.push(first);
  const rest = nouns.filter((n) => n !== got);
  if (rest.length) {
    const second = await w.receive(LISTENER_PATHS.cisEvents, { predicate: aboutMeter(s.meter, rest, since) }, quietSecondsOf(w.profile), label(rest.join('/')));
    if (second) s.completion.push(second);
  }
  w.lastEvent = first;
}

/** Then: every completion message is schema-valid and a conformant created(<Noun>) EventMessage */
export function checkCompletionMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).completion, 'completion');
}

/** Then: the completion is the result of the command for the meter (EDC-RESULT-EVENT, EDC-COMPLETION) */
export function checkCompletionContent(w: Cim9World): void {
  const s = switchOf(w);
  if (!s.completion.length) throw new SuiteError('no completion was received before this step');
  const exp: SwitchExpectation = { command: s.kind, controlType: CONTROL_COMMANDS[s.kind], meter: s.meter, requestedAt: s.requestedAt };
  const findings: Finding[] = [];
  for (const x of s.completion) {
    const root = x.wire?.message?.payload?.root;
    const ctx = w.ctx(x.label, x.received?.at);
    if (root?.name === 'EndDeviceEvents') findings.push(...checkSwitchEvents(root, exp, ctx).findings);
    else if (root?.name === 'EndDeviceControls') findings.push(...checkControlsResult(root, exp, ctx));
    else findings.push({ rule: 'EDC-COMPLETION', clause: rule('EDC-COMPLETION').clause, severity: 'error', message: `${x.label}: ${root ? `a ${root.name} payload` : 'no payload'} does not tell the completion of the ${s.kind}`, file: x.label, expected: 'an EndDeviceEvents or EndDeviceControls payload telling the completion', actual: root ? `a ${root.name} payload` : 'no payload' });
  }
  w.assert(findings, `completion of the ${s.kind}`);
}

// ------------------------------------------------------------------------------------------------ ECITP 2.09 error conditions

/**
 * When: the head-end the suite plays sends the MDM no final / initial read of the meter after the switch (ECITP 2.09
 * "missing read"): nothing is sent, and a read of the meter the MDM asks for is answered with Error 5.7
 */
export function withholdSwitchRead(w: Cim9World): void {
  const s = switchOf(w);
  s.readCondition = 'missing';
  if (!w.run.headEnd) throw new SuiteError('the run has no peer state for the head-end the suite plays');
  w.run.headEnd.readsWithheld = [s.meter];
  w.attach(`The head-end the suite plays sends no ${s.kind === 'disconnect' ? 'final' : 'initial'} read of meter ${s.meter} after the ${s.kind}, and answers a read of it with Error 5.7.`, { mediaType: 'text/plain', fileName: 'read withheld.txt' });
}

/** the Reply a delivery carries and what it is about: its CorrelationID, and the meters its payload or its Errors name */
function replyOf(m: Pick<ReceivedMessage, 'body'>): { kind?: string; result?: string; codes: string[]; correlationId?: string; names: string[] } | undefined {
  const r = readMessage(m.body);
  const msg = r.ok ? r.wire.message : undefined;
  if (!msg?.reply) return undefined;
  const errors = msg.reply.errors ?? [];
  const root = msg.payload?.root;
  const names = [
    ...errors.flatMap((e) => [e.id?.value ?? '', e.relatedId?.value ?? '']),
    ...(root?.name === 'EndDeviceControls' ? readEndDeviceControls(root).flatMap((c) => (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)])) : []),
  ].filter((x): x is string => !!x);
  return { kind: msg.kind, result: msg.reply.result, codes: errors.map((e) => e.code), correlationId: msg.header?.correlationId, names };
}

/** CIM9-262: how long the CIS waits for the MDM's result about the read, in seconds */
function readWaitSeconds(w: Cim9World): { seconds: number; value: string } {
  const v = w.run.assumptions['CIM9-262'];
  const n = typeof v === 'number' ? v : Number(v);
  if (v !== undefined && v !== 'async-result' && Number.isFinite(n) && n > 0) return { seconds: n, value: String(n) };
  return { seconds: w.profile.timeouts.asyncResultSeconds, value: 'async-result' };
}

/**
 * When: the CIS waits for the MDM's result about the missing / incomplete read (CIM9-262 seconds after the head-end's
 * switch event; the embedded SUT's idle signal ends the wait): the first delivery at LISTENER_PATHS.cisEvents after the
 * request that carries a Reply (CIM9-260: a ResponseMessage, or also an event carrying one) and is correlated to the
 * CIS's request or names the meter. Then: its Result and code (EDC-READ-RESULT), layer 1 and the header of what carries it.
 */
export async function awaitReadResult(w: Cim9World): Promise<void> {
  const s = switchOf(w);
  if (!s.readCondition) throw new SuiteError('the head-end the suite plays neither withheld nor truncated the read before this step');
  const carrier = String(w.run.assumptions['CIM9-260'] ?? 'reply-or-event-reply');
  w.usedAssumptions['CIM9-260'] = carrier;
  const wait = readWaitSeconds(w);
  w.usedAssumptions['CIM9-262'] = wait.value;
  const ids = [s.request?.correlationId, s.request?.messageId].filter((x): x is string => !!x);
  const about = (m: ReceivedMessage): boolean => {
    if (m.seq <= s.mark) return false;
    const r = replyOf(m);
    if (!r || (carrier === 'reply-only' && r.kind !== 'response')) return false;
    return (r.correlationId !== undefined && ids.includes(r.correlationId)) || r.names.includes(s.meter);
  };
  const label = `MDM → CIS result of the ${s.kind} of meter ${s.meter} (${s.readCondition} read)`;
  const x = await w.receive(LISTENER_PATHS.cisEvents, { predicate: about }, wait.seconds, label, { endWhenIdle: true });
  s.readResult = x;
  const mapping = relaySeverityOf(w.run.assumptions['CIM9-261']);
  w.usedAssumptions['CIM9-261'] = mapping;
  const cod06 = String(w.run.assumptions['COD-06'] ?? 'when-claimed');
  const expect = { condition: s.readCondition, mapping, codesAsserted: cod06 === 'always' || w.annexB, withinSeconds: wait.seconds, command: s.kind, meter: s.meter };
  if (!x) return w.assert(checkReadErrorResult(undefined, expect, w.ctx(label)), 'the result about the read');
  const m = x.wire?.message;
  const ctx = w.ctx(x.label, x.received?.at);
  const layer2 = !x.wire || !m ? [] : m.kind === 'response' && s.request ? checkResponse(x.wire, { noun: s.requestNoun, request: s.request }, ctx) : checkReplyPart(m, ctx);
  const told = m?.reply ? { result: m.reply.result, codes: (m.reply.errors ?? []).map((e) => e.code), kind: m.kind } : undefined;
  w.lastEvent = x;
  w.assert([...x.findings, ...layer2, ...checkReadErrorResult(told, expect, ctx)], 'the result about the read');
}

const relaySeverityOf = (v: unknown): RelaySeverity => (v === 'error' || v === 'off' ? v : 'warning');

// ------------------------------------------------------------------------------------------------ the draft / EPRI form of UC-20

/** the WorkKind of a connect / disconnect in MeterServiceWork (payloads.md §14: disconnect, reconnect) */
export const SERVICE_KINDS: Readonly<Record<ControlCommand, string>> = { disconnect: 'disconnect', connect: 'reconnect' };

/**
 * When: the CIS asks the MDM for a connect / disconnect in the draft / EPRI form of UC-20 (use-cases.md §4.6 step 1,
 * §13 ECITP 2.09): create(MeterServiceRequests) with one MeterServiceWork of kind disconnect / reconnect naming the
 * meter, its usage point and the requested date/time (now); in the draft generation the root begins with the message
 * Header. The MDM must pass it on as create(EndDeviceControls) 3.31.0.23 / 3.31.0.18 for the meter, the requested time
 * as primaryDeviceTiming/interval/start (CIM9-231).
 */
export async function sendServiceRequestToMdm(w: Cim9World, command: string): Promise<Exchange> {
  if (!isControlCommand(command)) throw new SuiteError(`unknown command "${command}" (disconnect or connect)`);
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (!meter.usagePoint) throw new SuiteError(`meter ${meter.mRID} has no usage point in data.meters: a meter service request names one`);
  w.usedAssumptions['UC-20'] = String(w.run.assumptions['UC-20'] ?? 'by-generation');
  w.usedAssumptions['CIM9-236'] = String(w.run.assumptions['CIM9-236'] ?? 'http://iec.ch/TC57/2011/MeterServiceRequests#');
  const sentAt = new Date();
  const requestDateTime = nowTimestamp(() => sentAt);
  const service: ServiceRequestExpectation = { work: `MSW-${newMessageId()}`, kind: SERVICE_KINDS[command], meter: meter.mRID, usagePoint: meter.usagePoint, requestDateTime, sentAt, what: command };
  // the control the MDM must pass on, as the relay check compares it
  const sent: EndDeviceControlValue = { controlType: CONTROL_COMMANDS[command], endDevices: [{ mRID: meter.mRID }], primaryDeviceTiming: { interval: { start: requestDateTime } } };
  const state: RelayState = { kind: command, meter: meter.mRID, sent, mark: w.run.listener.lastSeq, requestedAt: sentAt, completion: [], requestNoun: 'MeterServiceRequests', service };
  states.set(w, state);
  const header = w.requestHeader('create', 'MeterServiceRequests');
  const root = buildMeterServiceRequests([serviceWork(service)], w.generation === 'draft-2011' ? header : undefined);
  const x = await w.send('MDM', { kind: 'request', header, payload: { root } }, `CIS → MDM create(MeterServiceRequests) ${service.kind} of meter ${meter.mRID} (work ${service.work})`);
  state.request = x.sent?.header;
  return x;
}

/**
 * When: the CIS waits for the MDM's completion of its meter service request (timeouts.eventSeconds; the embedded SUT's
 * idle signal ends the wait): created|changed(MeterServiceRequests) naming the work at LISTENER_PATHS.cisEvents (EPRI:
 * changed, "Updated"; CIM9-235). Nothing is MSR-SVC-COMPLETION.
 */
export async function awaitServiceCompletion(w: Cim9World): Promise<void> {
  const s = switchOf(w);
  const exp = s.service;
  if (!exp) throw new SuiteError('the CIS sent no meter service request before this step');
  const policy = String(w.run.assumptions['CIM9-235'] ?? 'any');
  w.usedAssumptions['CIM9-235'] = policy;
  const match = aboutWork(exp.work, s.mark);
  const label = `MDM → CIS completion of the ${exp.kind} work ${exp.work} of meter ${s.meter}`;
  const x = await w.receive(LISTENER_PATHS.cisEvents, { predicate: match }, w.profile.timeouts.eventSeconds, label, { endWhenIdle: true });
  if (!x) {
    assertNothingArrived(w, {
      rule: 'MSR-SVC-COMPLETION',
      path: LISTENER_PATHS.cisEvents,
      since: s.mark,
      match,
      what: `created|changed(MeterServiceRequests) naming the work ${exp.work}`,
      to: 'the CIS',
      after: `the head-end told the MDM the ${s.kind} and the read`,
      step: 'completion of the meter service request',
      assumptions: { 'CIM9-235': policy },
    });
  }
  s.completion.push(x);
  w.lastEvent = x;
  const ctx = w.ctx(x.label, x.received?.at);
  w.usedAssumptions['CIM9-238'] = String(w.run.assumptions['CIM9-238'] ?? 'not-required');
  const findings: Finding[] = [...x.findings];
  if (x.wire) findings.push(...checkEvent(x.wire, { verb: completionVerbs(policy), noun: 'MeterServiceRequests' }, ctx));
  findings.push(...checkCompletion(worksOf(x), exp, w.ctx(`${exp.kind} of meter ${exp.meter}`)));
  w.assert(findings, 'completion of the meter service request');
}

// ------------------------------------------------------------------------------------------------ a cancel through the MDM (EDC-01 step 4, P6)

/** what a request at the head-end's address asks, read for the relay checks */
function passedOnOf(x: Pick<Exchange, 'wire'>): PassedOnControls {
  const m = x.wire?.message;
  const root = m?.payload?.root;
  return { verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, controls: root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root).map(summaryOf) : undefined };
}

/** When: the DRMS asks the MDM to cancel the control it asked for, naming it by its mRID or its issuerTrackingID */
export async function cancelAtMdm(w: Cim9World, by: string): Promise<Exchange> {
  if (by !== 'mRID' && by !== 'issuerTrackingID') throw new SuiteError(`a control is canceled by its mRID or its issuerTrackingID, not "${by}"`);
  const s = stateOf(w);
  if (!s.passedOn) throw new SuiteError('the MDM passed no control on to the head-end before this step: there is nothing to cancel');
  const control: EndDeviceControlValue = by === 'mRID' ? { mRID: s.sent.mRID, controlType: s.sent.controlType } : { issuerID: s.sent.issuerID, issuerTrackingID: s.sent.issuerTrackingID, controlType: s.sent.controlType };
  s.cancel = { mark: w.run.listener.lastSeq, by };
  const key = by === 'mRID' ? s.sent.mRID : s.sent.issuerTrackingID;
  return w.send('MDM', controlsRequest(w.requestHeader('cancel', 'EndDeviceControls'), [control], w.generation), `DRMS → MDM cancel(EndDeviceControls) of the ${s.kind} by ${by} ${key}`);
}

/**
 * Then: the MDM passed the cancel on to its head-end (within timeouts.responseSeconds; layer 1 at receipt) naming the
 * control the head-end got, and sent it nothing more of the control within the quiet period after it
 * (EDC-RELAY-CANCEL).
 */
export async function checkCancelPassedOn(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.cancel || !s.passedOn) throw new SuiteError('no cancel of a control passed on was sent before this step');
  const mark = s.cancel.mark;
  const label = `MDM → head-end cancel(EndDeviceControls) of the ${s.kind} of meter ${s.meter}`;
  const limit = w.profile.timeouts.responseSeconds;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > mark }, limit, label, { endWhenIdle: true });
  const opts = { withinSeconds: limit, headEnd: w.run.listener.urlFor(LISTENER_PATHS.hes) };
  if (!x) return w.assert(checkPassedOnCancel(undefined, s.passedOn, [], opts, w.ctx(label)), 'the cancel passed on');
  // nothing more of the control afterwards: what reaches the head-end's address within the quiet period
  const seq = w.run.listener.lastSeq;
  await w.quietPeriod(quietSecondsOf(w.profile));
  const later: Exchange[] = [];
  for (;;) {
    const y = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > seq }, 0, `MDM → head-end after the cancel of the ${s.kind}`, { endWhenIdle: false });
    if (!y) break;
    later.push(y);
  }
  const findings = [...x.findings, ...later.flatMap((y) => y.findings), ...checkPassedOnCancel(passedOnOf(x), s.passedOn, later.map(passedOnOf), opts, w.ctx(x.label, x.received?.at))];
  if (!findings.some((f) => f.severity === 'error')) w.attach(`${label}: the MDM passed the cancel on naming the control the head-end got, and nothing more of it followed within ${quietSecondsOf(w.profile)} s.`, { mediaType: 'text/plain', fileName: 'cancel passed on.txt' });
  w.assert(findings, 'the cancel passed on');
}

// ------------------------------------------------------------------------------------------------ a group disconnect through the MDM (EDC-09, P6)

/** the listener mark before the scenario defined its group at the MDM: what the MDM passes on from then on is the scenario's */
const groupMarks = new WeakMap<object, number>();

/** Given: the MDM knows a group of the scenario's meters but the last (create(EndDeviceGroups) at the MDM, CIM9-122) */
export async function defineGroupAtMdm(w: Cim9World): Promise<void> {
  groupMarks.set(w, w.run.listener.lastSeq);
  await defineGroup(w, 'MDM');
}

/**
 * When: the CIS asks the MDM to disconnect the group (create(EndDeviceControls) 3.31.0.23 with only the EndDeviceGroups
 * target); the results per member are awaited at the CIS's address by the load-control steps (expectResults)
 */
export async function sendGroupControlToMdm(w: Cim9World): Promise<Exchange> {
  const g = definedGroup(w);
  if (!g) throw new SuiteError('no group was defined at the MDM before this step');
  const requestedAt = new Date();
  const mRID = newMessageId();
  const issuerTrackingID = `DG-${mRID}`;
  const sent = { ...loadControlValue({ mRID, issuerTrackingID, controlType: GROUP_DISCONNECT, group: g.mRID, start: requestedAt, end: requestedAt }), issuerID: CIS_ISSUER_ID };
  const mark = groupMarks.get(w) ?? w.run.listener.lastSeq;
  states.set(w, { kind: 'disconnect', meter: g.members[0]!, sent, mark, requestedAt, completion: [], requestNoun: 'EndDeviceControls', group: g });
  expectResults(w, { controlType: GROUP_DISCONNECT, what: `disconnect of group ${g.mRID}`, controlMRID: mRID, issuerTrackingID, devices: g.members, others: g.others, group: g.mRID, requestedAt }, LISTENER_PATHS.cisEvents, w.run.listener.lastSeq);
  const x = await w.send('MDM', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [sent], w.generation), `CIS → MDM create(EndDeviceControls) disconnect of group ${g.mRID}`);
  states.get(w)!.request = x.sent?.header;
  return x;
}

const groupSummaryOf = (c: ReadEndDeviceControl): GroupSummary => ({ ...summaryOf(c), groups: (c.endDeviceGroups ?? []).flatMap((g) => [g.mRID ?? '', ...(g.names ?? []).map((n) => n.name)]).filter((x): x is string => !!x) });

/**
 * Then: the MDM passed the control of the group on to the head-end (within timeouts.responseSeconds): the
 * create(EndDeviceControls) at the head-end's address after the group was defined, and any create(EndDeviceGroups) the
 * MDM told the head-end before it, each through layer 1; EDC-RELAY-GROUP (CIM9-264).
 */
export async function checkGroupPassedOn(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const g = s.group;
  if (!g) throw new SuiteError('no group control was sent to the MDM before this step');
  const form = (['members', 'group'].includes(String(w.run.assumptions['CIM9-264'])) ? String(w.run.assumptions['CIM9-264']) : 'group-or-members') as GroupForm;
  w.usedAssumptions['CIM9-264'] = form;
  const limit = w.profile.timeouts.responseSeconds;
  const deadline = Date.now() + limit * 1000;
  const findings: Finding[] = [];
  const told: string[] = [];
  let control: Exchange | undefined;
  let n = 0;
  while (!control) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, left, `MDM → head-end request ${++n} for the control of group ${g.mRID}`, { endWhenIdle: true });
    if (!x) break;
    findings.push(...x.findings);
    const m = x.wire?.message;
    const root = m?.payload?.root;
    if (root?.name === 'EndDeviceGroups') told.push(...readEndDeviceGroups(root).filter((e) => e.mRID === g.mRID).flatMap((e) => (e.endDevices ?? []).map((d) => d.mRID ?? '')));
    else control = x;
  }
  const opts = { form, withinSeconds: limit, headEnd: w.run.listener.urlFor(LISTENER_PATHS.hes) };
  const what = s.kind === 'load control' ? 'load-control start' : s.kind;
  const exp = { controlType: s.sent.controlType, group: g.mRID, members: g.members, others: g.others, groupsToldMembers: told, drProgramLevel: s.sent.drProgramLevel, drProgramMandatory: s.sent.drProgramMandatory };
  if (!control) return w.assert([...findings, ...checkPassedOnGroupControl(undefined, exp, opts, w.ctx(`MDM → head-end control of group ${g.mRID}`))], 'the group control passed on');
  control.label = `MDM → head-end create(EndDeviceControls) ${what} of group ${g.mRID}`;
  const m = control.wire?.message;
  const root = m?.payload?.root;
  const controls = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root).map(groupSummaryOf) : undefined;
  findings.push(...checkPassedOnGroupControl({ verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, controls }, exp, opts, w.ctx(control.label, control.received?.at)));
  s.passedOn = controls?.find((c) => c.controlType.trim() === s.sent.controlType.trim());
  w.assert(findings, 'the group control passed on');
}

/** When: the head-end the suite plays tells the MDM the switch event of every member of the group (one created(EndDeviceEvents)) */
export async function tellMdmGroupSwitch(w: Cim9World): Promise<Exchange> {
  const s = switchOf(w);
  const g = s.group;
  if (!g) throw new SuiteError('no group control was passed on before this step');
  s.switchedAt = new Date();
  const at = nowTimestamp(() => s.switchedAt!);
  const events = g.members.map((meter) => ({ mRID: newMessageId(), createdDateTime: at, issuerTrackingID: s.passedOn?.issuerTrackingID, reason: 'disconnect', meter, usagePoint: w.meters.find((x) => x.mRID === meter)?.usagePoint, eventType: '3.31.0.68' }));
  return w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, `head-end → MDM created(EndDeviceEvents) disconnect of the ${g.members.length} members of group ${g.mRID}`);
}

/** When: the head-end the suite plays tells the MDM the final register read of every member of the group */
export async function tellMdmGroupReads(w: Cim9World): Promise<Exchange> {
  const s = switchOf(w);
  const g = s.group;
  if (!g) throw new SuiteError('no group control was passed on before this step');
  const readingType = w.profile.data.readingTypes.register;
  const at = nowTimestamp(() => s.switchedAt ?? new Date());
  const meterReadings = g.members.map((meter) => {
    const up = w.meters.find((x) => x.mRID === meter)?.usagePoint;
    return { meter: { mRID: meter }, ...(up ? { usagePoint: { mRID: up } } : {}), readings: [{ readingType, value: headEndRegisterValue(meter), timeStamp: at, reason: 'serviceDisconnect' }] };
  });
  return w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'MeterReadings'), payload: { root: buildMeterReadings({ meterReadings }) } }, `head-end → MDM created(MeterReadings) final reads of the members of group ${g.mRID}`);
}

// ------------------------------------------------------------------------------------------------ a switch that fails at the head-end (EDC-06.13)

/** CIM9-304: how the head-end the suite plays tells the MDM that a switch failed */
export type FailureTelling = 'event' | 'canceled' | 'both';

export function failureTellingOf(v: unknown): FailureTelling {
  return v === 'canceled' || v === 'both' ? v : 'event';
}

/** CIM9-308: the forms of the failure the MDM may tell its CIS */
export type RelayedFailureForm = 'any' | 'event' | 'result';

export function relayedFailureFormOf(v: unknown): RelayedFailureForm {
  return v === 'event' || v === 'result' ? v : 'any';
}

/** what the MDM told its CIS after the head-end told it a switch failed */
const failures = new WeakMap<object, { mark: number; told: Exchange[] }>();

/**
 * When: the head-end the suite plays tells the MDM that the switch of the meter failed (CIM9-304): created(EndDeviceEvents)
 * with the failure event of the command (the first code CIM9-301 accepts, the helper of EDC-07.2) naming the meter and the
 * issuerTrackingID of the control the MDM passed on, and/or canceled(EndDeviceControls) naming that control, correlated to
 * the MDM's request. The last message sent is the one the reply steps judge (both: the event's reply is judged here).
 */
export async function tellMdmSwitchFailure(w: Cim9World): Promise<Exchange> {
  const s = switchOf(w);
  const telling = failureTellingOf(w.run.assumptions['CIM9-304']);
  w.usedAssumptions['CIM9-304'] = telling;
  const code = failureCodesOf(w, s.kind)[0];
  if (!code) throw new SuiteError('CIM9-301 names no failure event code for the head-end the suite plays to send');
  const m = w.meters.find((x) => x.mRID === s.meter);
  s.switchedAt = new Date();
  failures.set(w, { mark: w.run.listener.lastSeq, told: [] });
  let last: Exchange | undefined;
  if (telling !== 'canceled') {
    const msg = switchEventMessage(w.requestHeader('created', 'EndDeviceEvents'), { command: s.kind, meter: s.meter, usagePoint: m?.usagePoint, at: s.switchedAt, issuerTrackingID: s.passedOn?.issuerTrackingID, eventType: code });
    last = await w.send('MDM', msg, `head-end → MDM created(EndDeviceEvents) ${code}: the ${s.kind} of meter ${s.meter} failed`);
    if (telling === 'both') w.assert(requireEventAccepted(last), 'the failure event told to the MDM');
  }
  if (telling !== 'event') {
    const p = s.passedOn!;
    const correlationId = s.passedOnHeader?.correlationId ?? s.passedOnHeader?.messageId;
    const header = { ...w.requestHeader('canceled', 'EndDeviceControls'), ...(correlationId ? { correlationId } : {}) };
    const control: EndDeviceControlValue = { mRID: p.mRID, issuerTrackingID: p.issuerTrackingID, reason: `${s.kind} failed`, controlType: p.controlType, endDevices: [{ mRID: s.meter }] };
    const msg: Message = { kind: 'event', header, payload: { root: buildEndDeviceControls({ controls: [control] }, { generation: controlsGenerationOf(w.generation) }) } };
    last = await w.send('MDM', msg, `head-end → MDM canceled(EndDeviceControls): the ${s.kind} of meter ${s.meter} failed`);
  }
  return last!;
}

/** the MDM's answer to the failure event, when another message follows it: OK, else the scenario stops on it */
function requireEventAccepted(x: Exchange): Finding[] {
  const result = x.wire?.message?.reply?.result;
  if (result === 'OK') return [];
  return [...x.findings, { rule: 'EDC-RELAY-FAILURE', clause: rule('EDC-RELAY-FAILURE').clause, severity: 'error', message: `${x.label}: the MDM answered the head-end's failure event ${result ? `with Result ${result}` : 'with no Result'}, not OK`, file: x.label, expected: 'Result OK', actual: result ? `Result ${result}` : 'no Result' }];
}

/** the keys a delivery correlates to the CIS's control by: its CorrelationID, the issuerTrackingIDs and mRIDs of its payload */
function keysOf(m: Pick<ReceivedMessage, 'body'>): { correlationId?: string; keys: string[] } {
  const r = readMessage(m.body);
  const msg = r.ok ? r.wire.message : undefined;
  const root = msg?.payload?.root;
  const keys =
    root?.name === 'EndDeviceEvents'
      ? readEndDeviceEvents(root).flatMap((e) => [e.issuerTrackingID ?? ''])
      : root?.name === 'EndDeviceControls'
        ? readEndDeviceControls(root).flatMap((c) => [c.mRID ?? '', c.issuerTrackingID ?? ''])
        : [];
  return { correlationId: msg?.header?.correlationId, keys: keys.map((k) => k.trim()).filter(Boolean) };
}

function correlatedTo(s: RelayState): (m: Pick<ReceivedMessage, 'body'>) => boolean {
  const ids = [s.request?.correlationId, s.request?.messageId].filter((x): x is string => !!x);
  const keys = [s.sent.mRID, s.sent.issuerTrackingID].filter((x): x is string => !!x);
  return (m) => {
    const k = keysOf(m);
    return (k.correlationId !== undefined && ids.includes(k.correlationId)) || k.keys.some((x) => keys.includes(x));
  };
}

/**
 * When: the CIS waits for what the MDM tells it about its control that failed (timeouts.eventSeconds; the embedded SUT's
 * idle signal ends the wait): the first delivery at LISTENER_PATHS.cisEvents after the request that names the meter or is
 * correlated to the CIS's control; then everything more about the meter until deliveries there are quiet. Nothing is
 * EDC-RELAY-FAILURE.
 */
export async function awaitRelayedFailure(w: Cim9World): Promise<void> {
  const s = switchOf(w);
  const f = failures.get(w);
  if (!f) throw new SuiteError('the head-end the suite plays told the MDM no failed switch before this step');
  const form = relayedFailureFormOf(w.run.assumptions['CIM9-308']);
  w.usedAssumptions['CIM9-308'] = form;
  const named = aboutMeter(s.meter, ['EndDeviceEvents', 'EndDeviceControls', 'MeterReadings'], s.mark);
  const correlated = correlatedTo(s);
  const match = (m: ReceivedMessage) => m.seq > s.mark && (named(m) || (m.delivery === 'accepted' && correlated(m)));
  const label = (n: number) => `MDM → CIS ${n === 1 ? 'word' : `message ${n}`} about the failed ${s.kind} of meter ${s.meter}`;
  const first = await w.receive(LISTENER_PATHS.cisEvents, { predicate: match }, w.profile.timeouts.eventSeconds, label(1), { endWhenIdle: true });
  if (!first) {
    assertNothingArrived(w, {
      rule: 'EDC-RELAY-FAILURE',
      path: LISTENER_PATHS.cisEvents,
      since: s.mark,
      match,
      what: `failure (the failure event, canceled(EndDeviceControls) or a FAILED reply) of the ${s.kind} of meter ${s.meter}`,
      to: 'the CIS',
      after: `the head-end told the MDM the ${s.kind} failed`,
      step: 'the failure told to the CIS',
      assumptions: { 'CIM9-304': String(w.usedAssumptions['CIM9-304']), 'CIM9-308': form },
    });
  }
  f.told.push(first);
  // anything more about the meter: a switch carried out or a read told after the failure is a finding
  const quietMs = quietSecondsOf(w.profile) * 1000;
  if ((await w.sutIdle(w.profile.timeouts.eventSeconds * 1000)) === undefined) {
    await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.cisEvents, since: s.mark, quietMs, deadline: Date.now() + 3 * quietMs });
  }
  for (;;) {
    const more = await w.receive(LISTENER_PATHS.cisEvents, { predicate: match }, 0, label(f.told.length + 1), { endWhenIdle: false });
    if (!more) break;
    f.told.push(more);
  }
  w.lastEvent = first;
}

/** Then: every message the MDM told the CIS about the failed control passes layer 1 and its header (an event, or a reply correlated to the CIS's request) */
export function checkRelayedFailureMessages(w: Cim9World): void {
  const s = switchOf(w);
  const f = failures.get(w);
  if (!f?.told.length) throw new SuiteError('nothing the MDM told the CIS was received before this step');
  const findings: Finding[] = [];
  for (const x of f.told) {
    findings.push(...x.findings);
    const m = x.wire?.message;
    if (!x.wire || !m) continue;
    const ctx = w.ctx(x.label, x.received?.at);
    if (m.kind === 'response' && s.request) findings.push(...checkResponse(x.wire, { noun: s.requestNoun, request: s.request }, ctx));
    else findings.push(...checkEvent(x.wire, { verb: ['created', 'canceled', 'changed'], noun: m.payload?.root?.name ?? m.header?.noun ?? 'EndDeviceEvents' }, ctx));
  }
  w.assert(findings, 'what the MDM told the CIS about the failed control');
}

/**
 * Then: the MDM told the CIS the failure of the command for the meter (EDC-FAILURE-EVENT / EDC-FAILURE-RESULT, the checks of
 * EDC-07.2 with the MDM as the sender; the forms CIM9-308 allows), correlated to the CIS's control (CIM9-309), and no
 * read of the meter (EDC-RELAY-FAILURE).
 */
export function checkRelayedFailureContent(w: Cim9World): void {
  const s = switchOf(w);
  const f = failures.get(w);
  if (!f?.told.length) throw new SuiteError('nothing the MDM told the CIS was received before this step');
  const form = relayedFailureFormOf(w.run.assumptions['CIM9-308']);
  w.usedAssumptions['CIM9-308'] = form;
  const corrSev = relaySeverityOf(w.run.assumptions['CIM9-309']);
  w.usedAssumptions['CIM9-309'] = corrSev;
  const codes = failureCodesOf(w, s.kind);
  const mode = w.usedAssumptions['CIM9-301'] ?? codes.join(', ');
  const exp: SwitchExpectation = { command: s.kind, controlType: CONTROL_COMMANDS[s.kind], meter: s.meter, requestedAt: s.requestedAt };
  const relay = (severity: 'error' | 'warning', message: string, x: Exchange, ea: { expected: string; actual: string }, extra: Record<string, string> = {}): Finding => ({ rule: 'EDC-RELAY-FAILURE', clause: rule('EDC-RELAY-FAILURE').clause, severity, message: `${x.label}: ${message}`, file: x.label, expected: ea.expected, actual: ea.actual, assumptions: { 'CIM9-308': form, ...extra } });
  const told = `the failure of the ${s.kind} of meter ${s.meter} told to the CIS`;
  const correlated = correlatedTo(s);
  const findings: Finding[] = [];
  const failuresTold: Exchange[] = [];
  for (const x of f.told) {
    const m = x.wire?.message;
    const root = m?.payload?.root;
    const ctx = w.ctx(x.label, x.received?.at);
    if (!m) continue;
    if (root?.name === 'MeterReadings') {
      findings.push(relay('error', `the ${s.kind} of meter ${s.meter} failed, yet the MDM tells the CIS a read of the meter (created(MeterReadings)): there is no ${s.kind === 'disconnect' ? 'final' : 'initial'} read of a switch not carried out`, x, { expected: told, actual: 'created(MeterReadings): a read of the meter' }));
      continue;
    }
    if (root?.name === 'EndDeviceEvents') {
      const found = checkFailureEvents(root, exp, codes, ctx, mode, 'the MDM');
      findings.push(...found);
      if (!found.length) failuresTold.push(x);
      if (!found.length && form === 'result') findings.push(relay('error', `the MDM tells the CIS the failure as an event, not canceled(EndDeviceControls) nor a FAILED reply (CIM9-308 = result)`, x, { expected: 'canceled(EndDeviceControls) or a FAILED reply (CIM9-308 = result)', actual: 'the failure event' }));
      continue;
    }
    if (m.kind === 'response' && m.reply?.result === 'OK') {
      findings.push(relay('error', `the ${s.kind} of meter ${s.meter} failed, yet the MDM tells the CIS a reply with Result OK`, x, { expected: told, actual: 'a reply with Result OK' }));
      continue;
    }
    if (root?.name === 'EndDeviceControls' || m.kind === 'response') {
      const found = checkFailureResult({ kind: m.kind, verb: m.header?.verb, result: m.reply?.result, root }, exp, 'any', ctx, 'the MDM');
      findings.push(...found);
      if (!found.length) failuresTold.push(x);
      if (!found.length && form === 'event') findings.push(relay('error', `the MDM tells the CIS the failure as ${m.kind === 'response' ? 'a FAILED reply' : 'canceled(EndDeviceControls)'}, not the failure event (CIM9-308 = event)`, x, { expected: 'the failure event (CIM9-308 = event)', actual: m.kind === 'response' ? 'a FAILED reply' : 'canceled(EndDeviceControls)' }));
      continue;
    }
    findings.push(relay('error', `${root ? `a ${root.name} payload` : 'no payload'} does not tell the CIS the failure of the ${s.kind} of meter ${s.meter}`, x, { expected: told, actual: root ? `a ${root.name} payload` : 'no payload' }));
  }
  if (!failuresTold.length && !findings.some((x) => x.severity === 'error')) findings.push(relay('error', `nothing the MDM told the CIS is the failure of the ${s.kind} of meter ${s.meter}`, f.told[0]!, { expected: told, actual: `${f.told.length} message(s), none of them the failure` }));
  if (failuresTold.length && corrSev !== 'off' && !failuresTold.some((x) => x.received && correlated(x.received))) {
    findings.push(relay(corrSev, `the failure the MDM tells the CIS carries neither the CorrelationID of the CIS's request (${s.request?.correlationId ?? s.request?.messageId ?? 'none'}) nor the mRID / issuerTrackingID of its control (${[s.sent.mRID, s.sent.issuerTrackingID].filter(Boolean).join(' / ')})`, failuresTold[0]!, { expected: `the CorrelationID of the CIS's request (${s.request?.correlationId ?? s.request?.messageId ?? 'none'}) or the mRID / issuerTrackingID of its control`, actual: 'neither' }, { 'CIM9-309': corrSev }));
  }
  if (!findings.some((x) => x.severity === 'error')) w.attach(`The MDM told the CIS the failure of the ${s.kind} of meter ${s.meter} (${failuresTold.map((x) => x.label).join('; ')}), and no switch carried out nor read of the meter.`, { mediaType: 'text/plain', fileName: 'failure relayed.txt' });
  w.assert(findings, `the failure of the ${s.kind} told to the CIS`);
}

// ------------------------------------------------------------------------------------------------ a load control of several devices through the MDM (EDC-01, P6)

/** the LoadControl result event the head-end the suite plays tells of each device that started (x.15.0.242 Started) */
export const LOAD_CONTROL_STARTED = '3.15.0.242';

/**
 * When: the DRMS asks the MDM for a load-control start of all the scenario's meters (use-cases.md §4.1 step 1): the
 * LoadControl start code, drProgramLevel / drProgramMandatory, its issuerID / issuerTrackingID, a primaryDeviceTiming with
 * randomisation start, a duration and an interval (CIM9-121, at least 3 s, times CIM9-203). The results the MDM relays
 * are awaited at the requester's address (LISTENER_PATHS.cisEvents, where the MDM tells its requesters) by the
 * load-control steps (expectResults): every device, with the DRMS's issuerTrackingID (UC-16).
 */
export async function sendLoadControlOfMetersToMdm(w: Cim9World): Promise<Exchange> {
  if (w.meters.length < 2) throw new SuiteError(`a load control of several devices needs at least 2 meters; the scenario has ${w.meters.length}`);
  const { f, durationSeconds, requestedAt, end } = randomisedWindow(w);
  const devices = w.meters.map((m) => m.mRID);
  const mRID = newMessageId();
  const sent = loadControlValue({ mRID, issuerTrackingID: `LCM-${mRID}`, controlType: LOAD_CONTROL_START, meters: devices, start: requestedAt, end, durationSeconds, randomisation: 'start', timeFactor: f });
  const mark = w.run.listener.lastSeq;
  states.set(w, { kind: 'load control', meter: devices[0]!, sent, mark, requestedAt, completion: [], requestNoun: 'EndDeviceControls' });
  // the relayed results: dated after the request, not after the interval's end; the randomisation is the head-end's to honour
  expectResults(w, { controlType: LOAD_CONTROL_START, what: 'load-control start through the MDM', controlMRID: mRID, issuerTrackingID: sent.issuerTrackingID!, devices, requestedAt, windowEnd: end }, LISTENER_PATHS.cisEvents, mark);
  const x = await w.send('MDM', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [sent], w.generation), `DRMS → MDM create(EndDeviceControls) load-control start of ${devices.join(', ')}`);
  states.get(w)!.request = x.sent?.header;
  return x;
}

/**
 * When: the head-end the suite plays tells the MDM the LoadControl result event (x.15.0.242 Started) of every device of
 * the control the MDM passed on (the devices the head-end got), with that control's issuerTrackingID, in one
 * created(EndDeviceEvents)
 */
export async function tellMdmLoadControlResults(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  const p = s.passedOn;
  if (!p || !p.controlType.includes('.15.')) throw new SuiteError('the MDM passed no load control on to the head-end before this step: there is no result to tell');
  const at = nowTimestamp();
  // the devices the head-end got: the members of a group the MDM passed on by its EndDeviceGroups target
  const devices = p.meters.length ? p.meters : (s.group?.members ?? []);
  const events = devices.map((meter) => ({ mRID: newMessageId(), createdDateTime: at, issuerTrackingID: p.issuerTrackingID, reason: 'load control started', meter, usagePoint: w.meters.find((x) => x.mRID === meter)?.usagePoint, eventType: LOAD_CONTROL_STARTED }));
  return w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, `head-end → MDM created(EndDeviceEvents) ${LOAD_CONTROL_STARTED} of ${devices.join(', ')}`);
}

/**
 * When: the DRMS asks the MDM for a load-control start of the group the scenario defined at the MDM (EDC-01 with a group
 * target, use-cases.md §4.1 step 1 "targets as groups"; EndDeviceGroups only, edition 2024): the LoadControl code,
 * drProgramLevel / drProgramMandatory, primaryDeviceTiming with randomisation start. The MDM passes it on for exactly
 * the group (EDC-RELAY-GROUP, CIM9-264) with the program level (EDC-RELAY-FORWARD); the results per member are awaited
 * at the requester's address by the load-control steps (UC-23: every member, no other meter).
 */
export async function sendLoadControlOfGroupToMdm(w: Cim9World): Promise<Exchange> {
  const g = definedGroup(w);
  if (!g) throw new SuiteError('no group was defined at the MDM before this step');
  const { f, durationSeconds, requestedAt, end } = randomisedWindow(w);
  const mRID = newMessageId();
  const sent = loadControlValue({ mRID, issuerTrackingID: `LCG-${mRID}`, controlType: LOAD_CONTROL_START, group: g.mRID, start: requestedAt, end, durationSeconds, randomisation: 'start', timeFactor: f });
  const mark = groupMarks.get(w) ?? w.run.listener.lastSeq;
  states.set(w, { kind: 'load control', meter: g.members[0]!, sent, mark, requestedAt, completion: [], requestNoun: 'EndDeviceControls', group: g });
  expectResults(w, { controlType: LOAD_CONTROL_START, what: `load-control start of group ${g.mRID} through the MDM`, controlMRID: mRID, issuerTrackingID: sent.issuerTrackingID!, devices: g.members, others: g.others, group: g.mRID, requestedAt, windowEnd: end }, LISTENER_PATHS.cisEvents, w.run.listener.lastSeq);
  const x = await w.send('MDM', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [sent], w.generation), `DRMS → MDM create(EndDeviceControls) load-control start of group ${g.mRID}`);
  states.get(w)!.request = x.sent?.header;
  return x;
}
