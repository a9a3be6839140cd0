/**
 * Load control (EDC-01, use-cases.md §4.1) and a switch by EndDeviceGroup (EDC-09, §4.9) at the head-end: the suite
 * plays the DRMS / MDM that sends create(EndDeviceControls) and subscribes to its results (LISTENER_PATHS.mdmEvents,
 * the address the head-end tells its MDM).
 *
 * - load control: one control with the LoadControl start code (3.15.0.54, codes.md §6.3), drProgramLevel,
 *   drProgramMandatory, issuerID / issuerTrackingID and primaryDeviceTiming (randomisation start, an interval of
 *   CIM9-121 seconds from the request); its results are created(EndDeviceEvents) per device (x.15.0.242 Started);
 *   `cancel(EndDeviceControls)` by the control's mRID or its issuerTrackingID stops it: nothing more of it reaches
 *   the requester until its interval would have ended and a quiet period after it (CIM9-120); a
 *   canceled(EndDeviceControls) result may follow (CIM9-201), naming the control, correlated to the cancel;
 * - a randomised start (EDC-LC-RANDOM): the same control for all the scenario's meters, with an interval longer than
 *   its duration and randomisation "start": the devices start within the randomisation window (CIM9-202);
 * - by group: the suite defines the group with create(EndDeviceGroups) (CIM9-122: all but the last meter of
 *   data.meters), then disconnects it by EndDeviceGroups; every member gets its result and no other meter does (UC-23).
 *
 * Only deliveries after the scenario's mark are taken; whatever the scenario caused and no step examined is claimed
 * after it (`claimLoadControlLeftovers`). The checks are src/checks/load-control.ts.
 */
import type { BuildGeneration, Header, Message } from '../message/index.ts';
import { newMessageId, nextTick, nowTimestamp, readMessage, timingTimestamp } from '../message/index.ts';
import { buildEndDeviceControls, controlsGenerationOf, type EndDeviceControlValue } from '../payloads/endDeviceControls.ts';
import { buildEndDeviceGroups } from '../payloads/endDeviceGroups.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { requireAccepted } from './set-up.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import type { Finding } from '../checks/finding.ts';
import { rule, ruleFinding } from '../checks/catalogue.ts';
import { checkAfterCancel, checkCanceledResults, resultCodes, checkControlResults, checkPanControls, checkPanAcknowledgements, checkRandomisedEnds, checkRandomisedStarts, PAN_DISPLAY_EVENTS, type CanceledResult, type ControlExpectation, type ControlResult, type PanControlSent, type ResultEvent } from '../checks/load-control.ts';
import { checkEvent } from '../checks/envelope.ts';
import { quietSecondsOf, timeFactorOf } from '../profile/index.ts';
import { assertNothingArrived, awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined, markDeliveries } from './deliveries.ts';
import { namedMeters } from './end-device-controls.ts';

/** LoadControl start (codes.md §6.3: x.15.0.54 NA.LoadControl.NA.Start, device type 3 filled in) */
export const LOAD_CONTROL_START = '3.15.0.54';
/** remote disconnect (codes.md §6.2) */
export const GROUP_DISCONNECT = '3.31.0.23';
/** the issuer the suite names in its controls */
export const ISSUER_ID = 'cim9-drms';

export type CancelKey = 'mRID' | 'issuerTrackingID';

export function isCancelKey(s: string): s is CancelKey {
  return s === 'mRID' || s === 'issuerTrackingID';
}

interface LoadControlState {
  exp: ControlExpectation;
  /** the scenario's deliveries start after this seq */
  since: number;
  results: Exchange[];
  events: ResultEvent[];
  /** an aggregated created(EndDeviceControls) naming the group arrived (UC-23) */
  aggregated: boolean;
  /** the controls of created(EndDeviceControls) results (CIM9-124) */
  controls: ControlResult[];
  cancel?: { at: Date; by: CancelKey; since: number; header: Header; accepted: boolean };
  /** the messages and events that told the end of a randomised-end event (awaitEnds) */
  ends?: { results: Exchange[]; events: ResultEvent[] };
  /** where the results arrive: the requester's address (LISTENER_PATHS.mdmEvents; the CIS's for a control through the MDM) */
  path?: string;
}

const states = new WeakMap<object, LoadControlState>();

function stateOf(w: Cim9World): LoadControlState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no control was sent before this step');
  return s;
}

/** CIM9-121: the length of the load-control event the suite asks for, seconds */
export function windowSecondsOf(assumptions: Readonly<Record<string, unknown>>): number {
  const v = Number(assumptions['CIM9-121'] ?? 2);
  return Number.isFinite(v) && v >= 1 ? v : 2;
}

/** the load-control start the DRMS sends (one control, the devices as EndDevices or the group as EndDeviceGroups) */
export function loadControlValue(o: { mRID: string; issuerTrackingID: string; controlType: string; meters?: string[]; group?: string; start: Date; end: Date; reason?: string; durationSeconds?: number; randomisation?: string; timeFactor?: number }): EndDeviceControlValue {
  const lc = o.controlType.includes('.15.');
  const f = o.timeFactor ?? 1;
  // the interval start as sent: to the second (a time factor of 1), else to the millisecond (CIM9-203)
  const sentStart = f < 1 ? o.start.getTime() : Math.floor(o.start.getTime() / 1000) * 1000;
  return {
    mRID: o.mRID,
    ...(lc ? { drProgramLevel: 2, drProgramMandatory: false } : {}),
    issuerID: ISSUER_ID,
    issuerTrackingID: o.issuerTrackingID,
    reason: o.reason ?? (lc ? 'load control' : 'disconnect by group'),
    controlType: o.controlType,
    ...(o.group ? { endDeviceGroups: [{ mRID: o.group }] } : {}),
    ...(o.meters ? { endDevices: o.meters.map((m) => ({ mRID: m })) } : {}),
    primaryDeviceTiming: lc
      ? { duration: minutesOf(o.durationSeconds ?? (o.end.getTime() - sentStart) / 1000), randomisation: o.randomisation ?? 'start', interval: { start: timingTimestamp(o.start, f), end: timingTimestamp(o.end, f) } }
      : { interval: { start: timingTimestamp(o.start, f) } },
  };
}

/** seconds as the Minutes of primaryDeviceTiming.duration (3 decimals) */
export const minutesOf = (seconds: number): number => Math.round((seconds / 60) * 1000) / 1000;

/** what a load-control start's results are checked against, from the timing it carries */
function timingOf(v: EndDeviceControlValue): Pick<ControlExpectation, 'intervalStart' | 'durationSeconds' | 'randomisation'> {
  const t = v.primaryDeviceTiming;
  const start = Date.parse(t?.interval?.start ?? '');
  return { ...(Number.isFinite(start) ? { intervalStart: new Date(start) } : {}), ...(t?.duration !== undefined ? { durationSeconds: t.duration * 60 } : {}), ...(t?.randomisation ? { randomisation: t.randomisation } : {}) };
}

/** the request with the controls, their PAN actions in the order of the message generation (PAY-08) */
export function controlsRequest(header: Header, controls: EndDeviceControlValue[], generation?: BuildGeneration): Message {
  return { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls }, { generation: controlsGenerationOf(generation) }) } };
}

/** When: the DRMS asks the head-end to start load control on the scenario's meter */
export async function sendLoadControl(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const f = timeFactorOf(w.run.assumptions);
  const window = plainWindowSeconds(windowSecondsOf(w.run.assumptions), quietSecondsOf(w.profile), f);
  w.usedAssumptions['CIM9-121'] = String(window);
  if (f < 1) w.usedAssumptions['CIM9-203'] = String(f);
  const requestedAt = new Date();
  // whole seconds (the timestamps of the interval carry no fraction; under a time factor, its ticks): never shorter than the window asked for
  const end = new Date(nextTick(requestedAt.getTime() + window * 1000, f));
  const exp: ControlExpectation = { controlType: LOAD_CONTROL_START, what: 'load-control start', controlMRID: newMessageId(), issuerTrackingID: `LC-${newMessageId()}`, devices: [meter.mRID], requestedAt, windowEnd: end };
  const v = loadControlValue({ mRID: exp.controlMRID, issuerTrackingID: exp.issuerTrackingID, controlType: exp.controlType, meters: [meter.mRID], start: requestedAt, end, timeFactor: f });
  return sendControl(w, { ...exp, ...timingOf(v) }, v, 'create(EndDeviceControls) load-control start');
}

/**
 * The length of a plain load-control event (CIM9-121 times the time factor CIM9-203), never shorter than the quiet
 * period after the results plus the cancel: the event must still run when it is canceled. The quiet period is not
 * scaled (it is the profile's), so that part is 2 × timeouts.quietSeconds plus 1 s of margin times the factor
 * (whole seconds at a factor of 1, as before: 2 s for a quiet period of 0.5 s).
 */
export function plainWindowSeconds(windowSeconds: number, quietSeconds: number, timeFactor = 1): number {
  const margin = timeFactor < 1 ? 2 * quietSeconds + timeFactor : Math.ceil(2 * quietSeconds + 1);
  return Math.max(Math.round(windowSeconds * timeFactor * 1e6) / 1e6, margin);
}

/**
 * The timing of a randomised load-control start (EDC-LC-RANDOM): an interval of CIM9-121 seconds but at least 3 s
 * (so that the window is wider than the 1 s of timestamp resolution), a duration of a third of it, randomisation
 * start; all of it times the time factor (CIM9-203: the resolution is then that many seconds, timestamps to the
 * millisecond). The randomisation window is CIM9-202's (by default the interval).
 */
export function randomisedTiming(windowSeconds: number, timeFactor = 1): { intervalSeconds: number; durationSeconds: number } {
  const intervalSeconds = Math.round(Math.max(3, windowSeconds) * timeFactor * 1e6) / 1e6;
  return { intervalSeconds, durationSeconds: minutesOf(intervalSeconds / 3) * 60 };
}

/**
 * The window of a randomised load control requested now: the time factor (CIM9-203), the randomisation interval
 * (CIM9-121) and the duration from the profile's window, the request time and the end of the interval (at a tick of
 * the time factor); the assumptions used are recorded on the scenario
 */
export function randomisedWindow(w: Cim9World): { f: number; intervalSeconds: number; durationSeconds: number; requestedAt: Date; end: Date } {
  const f = timeFactorOf(w.run.assumptions);
  const { intervalSeconds, durationSeconds } = randomisedTiming(windowSecondsOf(w.run.assumptions), f);
  w.usedAssumptions['CIM9-121'] = String(intervalSeconds);
  if (f < 1) w.usedAssumptions['CIM9-203'] = String(f);
  const requestedAt = new Date();
  const end = new Date(nextTick(requestedAt.getTime() + intervalSeconds * 1000, f));
  return { f, intervalSeconds, durationSeconds, requestedAt, end };
}

/** When: the DRMS asks the head-end to start load control on all the scenario's meters with a randomised start (or end) */
export async function sendRandomisedLoadControl(w: Cim9World, randomisation: 'start' | 'end' = 'start'): Promise<Exchange> {
  if (w.meters.length < 2) throw new SuiteError(`a randomised start needs at least 2 meters (their starts are compared); the scenario has ${w.meters.length}`);
  const { f, durationSeconds, requestedAt, end } = randomisedWindow(w);
  const devices = w.meters.map((m) => m.mRID);
  const what = randomisation === 'end' ? 'load-control event with a randomised end' : 'randomised load-control start';
  const exp: ControlExpectation = { controlType: LOAD_CONTROL_START, what, controlMRID: newMessageId(), issuerTrackingID: `LCR-${newMessageId()}`, devices, requestedAt, windowEnd: end };
  const v = loadControlValue({ mRID: exp.controlMRID, issuerTrackingID: exp.issuerTrackingID, controlType: exp.controlType, meters: devices, start: requestedAt, end, durationSeconds, randomisation, timeFactor: f });
  return sendControl(w, { ...exp, ...timingOf(v) }, v, `create(EndDeviceControls) ${what} of ${devices.join(', ')}`);
}

async function sendControl(w: Cim9World, exp: ControlExpectation, control: EndDeviceControlValue, label: string): Promise<Exchange> {
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { exp, since: w.run.listener.lastSeq, results: [], events: [], aggregated: false, controls: [] });
  return w.send('HES', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [control], w.generation), label);
}

/** the control the scenario sent (Q-01 GetEndDeviceControls asks for it): mRID, issuerTrackingID, type, devices */
export function sentControl(w: Cim9World): { mRID: string; issuerTrackingID: string; controlType: string; devices: string[] } | undefined {
  const e = states.get(w)?.exp;
  return e && { mRID: e.controlMRID, issuerTrackingID: e.issuerTrackingID, controlType: e.controlType, devices: [...e.devices] };
}

/** the members of the group the scenario defines (CIM9-122): all but the last of its meters; the last is the non-member */
export function groupSplit(meters: readonly { mRID: string }[]): { members: string[]; others: string[] } {
  if (meters.length < 2) throw new SuiteError(`a group control needs at least 2 meters (members and a non-member); the scenario has ${meters.length}`);
  return { members: meters.slice(0, -1).map((m) => m.mRID), others: meters.slice(-1).map((m) => m.mRID) };
}

const groups = new WeakMap<object, { mRID: string; members: string[]; others: string[] }>();

/**
 * Given: the head-end knows an EndDeviceGroup of the scenario's meters but the last (CIM9-122: create(EndDeviceGroups)).
 * A Reply that declines is the set-up failing, not a finding: the scenario cannot be run; a broken answer or a SOAP
 * fault to the valid request is a finding.
 */
export async function defineGroup(w: Cim9World, at: 'HES' | 'MDM' = 'HES'): Promise<void> {
  const { members, others } = groupSplit(w.meters);
  w.usedAssumptions['CIM9-122'] = String(w.run.assumptions['CIM9-122'] ?? 'create-end-device-groups');
  const mRID = `EDG-${newMessageId()}`;
  const msg: Message = { kind: 'request', header: w.requestHeader('create', 'EndDeviceGroups'), payload: { root: buildEndDeviceGroups([{ mRID, type: 'load control', endDevices: members.map((m) => ({ mRID: m })), names: [{ name: `cim9 group ${mRID}` }] }]) } };
  const x = await w.send(at, msg, `create(EndDeviceGroups) ${mRID} of ${members.join(', ')}${at === 'MDM' ? ' at the MDM' : ''}`);
  // a Reply that declines may mean the head-end learns its groups another way (CIM9-122 is uncertain)
  requireAccepted(w, x, { needed: 'the group the scenario needs', request: 'create(EndDeviceGroups)', peer: at === 'MDM' ? 'MDM' : 'head-end', cannot: 'the group control cannot be checked', assumptions: { 'CIM9-122': w.usedAssumptions['CIM9-122']! } });
  groups.set(w, { mRID, members, others });
}

/**
 * the results of a control the scenario sent another way (a group control through the MDM, src/usecases/relayed-controls.ts)
 * are awaited and judged by the steps of this family: their expectation, where they arrive and the listener mark
 */
export function expectResults(w: Cim9World, exp: ControlExpectation, path: string, since: number): void {
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { exp, since, results: [], events: [], aggregated: false, controls: [], path });
}

/** the group the scenario defined (defineGroup), for other families that target it (read schedules by group) */
export function definedGroup(w: Cim9World): { mRID: string; members: string[]; others: string[] } | undefined {
  return groups.get(w);
}

/** When: the MDM asks the head-end to disconnect the group (EndDeviceGroups target only, EDC-09) */
export async function sendGroupDisconnect(w: Cim9World): Promise<Exchange> {
  const g = groups.get(w);
  if (!g) throw new SuiteError('no group was defined before this step');
  const requestedAt = new Date();
  const exp: ControlExpectation = { controlType: GROUP_DISCONNECT, what: 'disconnect', controlMRID: newMessageId(), issuerTrackingID: `DG-${newMessageId()}`, devices: g.members, others: g.others, group: g.mRID, requestedAt };
  return sendControl(w, exp, loadControlValue({ mRID: exp.controlMRID, issuerTrackingID: exp.issuerTrackingID, controlType: exp.controlType, group: g.mRID, start: requestedAt, end: requestedAt }), `create(EndDeviceControls) disconnect of group ${g.mRID}`);
}

/** a delivery after `since` at the requester's address about one of these devices (or naming the group); an unreadable one counts */
function aboutDevices(devices: readonly string[], group: string | undefined, since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const named = namedMeters(m);
    if (!named) return m.inspected.noun === 'EndDeviceEvents' || m.inspected.noun === 'EndDeviceControls';
    if (group && named.noun === 'EndDeviceControls' && groupNamed(m, group)) return true;
    return (named.noun === 'EndDeviceEvents' || named.noun === 'EndDeviceControls') && named.meters.some((x) => devices.includes(x));
  };
}

function groupNamed(m: Pick<ReceivedMessage, 'body'>, group: string): boolean {
  const root = rootOf(m);
  return !!root && root.name === 'EndDeviceControls' && readEndDeviceControls(root).some((c) => (c.endDeviceGroups ?? []).some((g) => g.mRID === group || (g.names ?? []).some((n) => n.name === group)));
}

function rootOf(m: Pick<ReceivedMessage, 'body'>) {
  const r = readMessage(m.body);
  return r.ok ? r.wire.message?.payload?.root : undefined;
}

/** the events of a received exchange, as the checks take them */
function eventsOfExchange(x: Exchange): ResultEvent[] {
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'EndDeviceEvents') return [];
  return readEndDeviceEvents(root).map((e) => ({ eventType: e.eventType, meter: e.meter, issuerTrackingID: e.issuerTrackingID, createdDateTime: e.createdDateTime, node: e.node, label: x.label }));
}

/**
 * When: the requester waits for the results of its control (timeouts.eventSeconds): messages at its address about
 * the devices of the control (and the ones it must not reach) until every device has a result event, then a quiet
 * period (timeouts.quietSeconds) for results about other devices. No result at all is EDC-LC-RESULT.
 */
export async function awaitResults(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const all = [...s.exp.devices, ...(s.exp.others ?? [])];
  const match = aboutDevices(all, s.exp.group, s.since);
  // a randomised start may come as late as the end of the interval (CIM9-202): the wait runs from there
  const randomised = !!s.exp.randomisation && s.exp.randomisation !== 'none' && !!s.exp.windowEnd;
  const from = randomised ? Math.max(Date.now(), s.exp.windowEnd!.getTime()) : Date.now();
  const deadline = from + w.profile.timeouts.eventSeconds * 1000;
  const cim9124 = String(w.run.assumptions['CIM9-124'] ?? 'events');
  w.usedAssumptions['CIM9-124'] = cim9124;
  const byControl = (d: string) => cim9124 === 'events-or-controls' && s.controls.some((c) => c.devices.includes(d) && (c.mRID === s.exp.controlMRID || c.issuerTrackingID === s.exp.issuerTrackingID));
  // any event of a device answers for it; with a randomised start only its result (or failure): a device may stop
  // (the interval's end) before it starts outside its window
  const codes = resultCodes(s.exp.controlType);
  const answers = (e: ResultEvent) => !randomised || codes.success.includes(e.eventType.trim()) || codes.failure.includes(e.eventType.trim());
  const covered = () => s.aggregated || s.exp.devices.every((d) => s.events.some((e) => e.meter === d && answers(e)) || byControl(d));
  let n = 0;
  while (!covered()) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(s.path ?? LISTENER_PATHS.mdmEvents, { predicate: match }, left, `result ${++n} of the ${s.exp.what} (control ${s.exp.controlMRID})`);
    if (!x) break;
    take(s, x);
  }
  if (!s.results.length) {
    assertNothingArrived(w, {
      rule: 'EDC-LC-RESULT',
      path: s.path ?? LISTENER_PATHS.mdmEvents,
      since: s.since,
      match,
      what: `created(EndDeviceEvents) about ${s.exp.devices.join(', ')}`,
      to: 'the requester',
      after: `the ${s.exp.what} was accepted`,
      step: `results of the ${s.exp.what}`,
    });
  }
  // a quiet period for results about devices the control must not reach, or repeated ones
  for (;;) {
    const left = await w.quietLeft(quietSecondsOf(w.profile));
    const x = await w.receive(s.path ?? LISTENER_PATHS.mdmEvents, { predicate: match }, Math.max(left, 0.05), `further result of the ${s.exp.what} (control ${s.exp.controlMRID})`);
    if (!x) break;
    take(s, x);
  }
  w.lastEvent = s.results[0];
}

function take(s: LoadControlState, x: Exchange): void {
  s.results.push(x);
  s.events.push(...eventsOfExchange(x));
  const root = x.wire?.message?.payload?.root;
  if (root?.name === 'EndDeviceControls') {
    s.controls.push(...readEndDeviceControls(root).map((c) => ({ mRID: c.mRID, issuerTrackingID: c.issuerTrackingID, devices: (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)]).filter(Boolean) })));
  }
  if (s.exp.group && root?.name === 'EndDeviceControls' && readEndDeviceControls(root).some((c) => (c.endDeviceGroups ?? []).some((g) => g.mRID === s.exp.group))) s.aggregated = true;
}


/** Then: every result message is schema-valid and a conformant created(<Noun>) EventMessage */
export function checkResultMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).results, 'result');
}

/** Then: the results match the control (EDC-LC-RESULT, EDC-LC-TIME, EDC-TRACKING, EDC-GROUP-MEMBERS) */
export function checkResults(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.results.length) throw new SuiteError('no result was received before this step');
  w.assert(checkControlResults(s.events, s.exp, w.ctx(`results of the ${s.exp.what}`), { aggregated: s.aggregated, controls: s.controls }), `results of the ${s.exp.what}`);
}

/** When: the DRMS cancels the control by its mRID or its issuerTrackingID (cancel(EndDeviceControls)) */
export async function cancelControl(w: Cim9World, by: CancelKey): Promise<Exchange> {
  const s = stateOf(w);
  const control: EndDeviceControlValue = by === 'mRID'
    ? { mRID: s.exp.controlMRID, controlType: s.exp.controlType }
    : { issuerID: ISSUER_ID, issuerTrackingID: s.exp.issuerTrackingID, controlType: s.exp.controlType };
  const since = w.run.listener.lastSeq;
  const header = w.requestHeader('cancel', 'EndDeviceControls');
  const x = await w.send('HES', controlsRequest(header, [control], w.generation), `cancel(EndDeviceControls) by ${by} ${by === 'mRID' ? s.exp.controlMRID : s.exp.issuerTrackingID}`);
  s.cancel = { at: x.received?.at ?? new Date(), by, since, header, accepted: x.wire?.message?.reply?.result === 'OK' };
  return x;
}

/**
 * Then: the canceled(EndDeviceControls) result of the cancel, if the head-end sends one (EDC-LC-CANCELED, CIM9-201):
 * what reached the requester's address after the cancel as an EndDeviceControls message other than created(...)
 * (waited for until timeouts.asyncResultSeconds after the cancel, or until the embedded SUT is idle; not waited for
 * with not-expected), each schema-valid, a past-tense canceled(EndDeviceControls) correlated to the cancel
 * (ENV-EVENT-VERB, ENV-CORRELATION), naming the canceled control and no other. Meant after the quiet step, which
 * has already watched the address until the control's interval would have ended.
 */
export async function checkCanceledResult(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.cancel) throw new SuiteError('no cancel was sent before this step');
  if (!s.cancel.accepted) throw new SuiteError('the cancel was not accepted: no canceled result is to be expected');
  const mode = String(w.run.assumptions['CIM9-201'] ?? 'allowed');
  w.usedAssumptions['CIM9-201'] = mode;
  const since = s.cancel.since;
  const match = (m: ReceivedMessage) => m.seq > since && m.delivery === 'accepted' && m.inspected.noun === 'EndDeviceControls' && m.inspected.verb !== 'created';
  const left = mode === 'not-expected' ? 0 : Math.max(0, s.cancel.at.getTime() + w.profile.timeouts.asyncResultSeconds * 1000 - Date.now()) / 1000;
  const idle = left > 0 ? await w.sutIdle(left * 1000) : undefined;
  let wait = Math.max(idle === undefined ? left : 0, 0.05);
  const got: Exchange[] = [];
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, wait, `canceled result of the cancel of the ${s.exp.what} (control ${s.exp.controlMRID})`);
    if (!x) break;
    got.push(x);
    wait = 0.05;
  }
  const findings: Finding[] = [];
  const results: CanceledResult[] = [];
  for (const x of got) {
    findings.push(...x.findings);
    if (x.wire) findings.push(...checkEvent(x.wire, { verb: 'canceled', noun: 'EndDeviceControls', resultOf: s.cancel.header }, w.ctx(x.label, x.received?.at)));
    const root = x.wire?.message?.payload?.root;
    const controls = root?.name === 'EndDeviceControls' ? readEndDeviceControls(root).map((c) => ({ mRID: c.mRID, issuerTrackingID: c.issuerTrackingID, node: c.node })) : [];
    results.push({ label: x.label, controls, node: root });
  }
  findings.push(...checkCanceledResults(results, { ...s.exp, by: s.cancel.by }, w.ctx(`canceled result of the ${s.exp.what}`)));
  if (!got.length) w.attach(`No canceled(EndDeviceControls) of control ${s.exp.controlMRID} reached the requester after the cancel (CIM9-201 = ${mode}).`, { mediaType: 'text/plain', fileName: 'canceled result.txt' });
  w.assert(findings, 'the canceled result');
}

/** Then: every device of a randomised load-control start starts within its randomisation window (EDC-LC-RANDOM) */
export function checkRandomisation(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.exp.randomisation || !s.exp.windowEnd) throw new SuiteError('the control sent asks for no randomisation: there is nothing to check');
  if (!s.events.length) throw new SuiteError('no result event was received before this step');
  w.usedAssumptions['CIM9-202'] = String(w.run.assumptions['CIM9-202'] ?? 'interval');
  w.assert(checkRandomisedStarts(s.events, s.exp, w.ctx(`starts of the ${s.exp.what}`)), `the randomised starts of the ${s.exp.what}`);
}

/**
 * Then: nothing more of the control reaches the requester after the cancel (EDC-CANCEL, CIM9-120): watched until the
 * control's interval would have ended and timeouts.quietSeconds after it (for the embedded reference SUT, until it
 * is idle). Events in flight when the cancel was accepted (seq before the reply) are not counted.
 */
export async function checkQuietAfterCancel(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.cancel) throw new SuiteError('no cancel was sent before this step');
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the cancel was not accepted: there is nothing to watch');
  const mode = String(w.run.assumptions['CIM9-120'] ?? 'none');
  w.usedAssumptions['CIM9-120'] = mode;
  const untilEnd = Math.max(0, (s.exp.windowEnd?.getTime() ?? Date.now()) - Date.now()) / 1000;
  const watch = untilEnd + quietSecondsOf(w.profile);
  const match = aboutDevices(s.exp.devices, undefined, s.cancel.since);
  const eventsOnly = (m: ReceivedMessage) => match(m) && (namedMeters(m)?.noun ?? m.inspected.noun) === 'EndDeviceEvents';
  const left = await w.quietLeft(watch);
  const got: Exchange[] = [];
  let remaining = Math.max(left, 0.05);
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: eventsOnly }, remaining, `event after the cancel of the ${s.exp.what} (control ${s.exp.controlMRID})`);
    if (!x) break;
    got.push(x);
    remaining = 0.05;
  }
  const events = got.flatMap(eventsOfExchange);
  const findings: Finding[] = [];
  findings.push(...checkAfterCancel(events, { ...s.exp, canceledAt: s.cancel.at, by: s.cancel.by }, w.ctx(`after the cancel of the ${s.exp.what}`)));
  if (!got.length) w.attach(`Nothing of control ${s.exp.controlMRID} reached the requester after the cancel (watched ${watch.toFixed(1)} s, or until the SUT was idle; CIM9-120 = ${mode}).`, { mediaType: 'text/plain', fileName: 'quiet after the cancel.txt' });
  w.assert(findings, 'quiet after the cancel');
}

/**
 * When: the requester waits for the end of its load-control event (a randomised end, EDC-LC-RANDOM-END): messages
 * at its address about the devices of the control until every device told its Stopped event, at most until the
 * interval's end plus timeouts.eventSeconds (the embedded SUT's idle signal ends the wait early).
 */
export async function awaitEnds(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const ends = (s.ends = { results: [] as Exchange[], events: [] as ResultEvent[] });
  const match = aboutDevices(s.exp.devices, undefined, s.since);
  const stopped = resultCodes(s.exp.controlType.replace(/\.54$/, '.55')).success;
  // the Stopped events that came with the results count too
  ends.events.push(...s.events.filter((e) => stopped.includes(e.eventType.trim())));
  const covered = () => s.exp.devices.every((d) => ends.events.some((e) => e.meter === d && stopped.includes(e.eventType.trim())));
  const deadline = Math.max(Date.now(), s.exp.windowEnd?.getTime() ?? 0) + w.profile.timeouts.eventSeconds * 1000;
  let n = 0;
  while (!covered()) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, left, `end ${++n} of the ${s.exp.what} (control ${s.exp.controlMRID})`, { endWhenIdle: true });
    if (!x) break;
    ends.results.push(x);
    ends.events.push(...eventsOfExchange(x));
  }
}

/** Then: every message that told the end is schema-valid and a conformant created(<Noun>) EventMessage */
export function checkEndMessages(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.ends) throw new SuiteError('the end of the control was not waited for before this step');
  if (!s.ends.results.length) {
    // nothing told the end after the results: the Stopped events came with them (their messages checked there), or none came
    if (!s.ends.events.length) {
      if (!s.exp.windowEnd) throw new SuiteError('the control sent has no interval end: there is no end to have waited for');
      return w.assert(checkRandomisedEnds(s.ends.events, s.exp, w.ctx(`ends of the ${s.exp.what}`)), `the ends of the ${s.exp.what}`);
    }
    w.attach(`The Stopped events of the ${s.exp.what} came with its results, whose messages the results step checked.`, { mediaType: 'text/plain', fileName: 'ends with the results.txt' });
    return;
  }
  checkCreatedDeliveries(w, s.ends.results, 'end');
}

/** Then: every device stops within the end window of the control (EDC-LC-RANDOM-END, CIM9-232) */
export function checkRandomisedEnd(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.ends) throw new SuiteError('the end of the control was not waited for before this step');
  if (!s.exp.windowEnd) throw new SuiteError('the control sent has no interval end: there is no end window to check the stops against');
  w.usedAssumptions['CIM9-232'] = String(w.run.assumptions['CIM9-232'] ?? 'interval');
  w.assert(checkRandomisedEnds([...s.events, ...s.ends.events], s.exp, w.ctx(`ends of the ${s.exp.what}`)), `the randomised ends of the ${s.exp.what}`);
}

/**
 * After the scenario: what it caused at the requester's address and no step examined (the Stopped event at the end
 * of the interval, the results of a scenario that checks only the reply) is claimed once the control's interval is
 * over and deliveries have been quiet (or the embedded SUT is idle), and attached as not examined.
 */
export async function claimLoadControlLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const quietMs = quietSecondsOf(w.profile) * 1000;
  const end = Math.max(s.exp.windowEnd?.getTime() ?? 0, Date.now());
  const deadline = end + w.profile.timeouts.eventSeconds * 1000;
  const idle = await w.sutIdle(Math.max(0, deadline - Date.now()));
  const listener = w.run.listener;
  if (idle === undefined) {
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
    await awaitQuietDeliveries(listener, { path: LISTENER_PATHS.mdmEvents, since: s.since, quietMs, deadline });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: s.since, title: "Delivered to the requester's address after the control and not examined by this scenario" });
}

// ------------------------------------------------------------------------------------------------ PAN controls, price signal

/** the PAN controls the DRMS sends (PAN-03, EDC-08): control code (codes.md §6.3) and the one PAN action */
export const PAN_CONTROLS = {
  'text message': { code: '3.13.112.77', usecase: 'PAN-03' },
  'demand response': { code: '0.15.43.300', usecase: 'PAN-03' },
  'price signal': { code: '0.20.9.82', usecase: 'EDC-08' },
} as const;
export type PanControlKind = keyof typeof PAN_CONTROLS;

export function isPanControlKind(s: string): s is PanControlKind {
  return Object.hasOwn(PAN_CONTROLS, s);
}

/** the control of a kind: exactly one PAN action; the price signal with priceSignal and two PanPricingDetails */
export function panControlValue(kind: PanControlKind, mRID: string, meter: string, start: Date): { control: EndDeviceControlValue; sent: PanControlSent } {
  const startDateTime = nowTimestamp(() => start);
  const base = { mRID, issuerID: ISSUER_ID, issuerTrackingID: `PAN-${mRID}`, controlType: PAN_CONTROLS[kind].code, endDevices: [{ mRID: meter }] };
  if (kind === 'text message') {
    return { control: { ...base, reason: 'customer message', action: { kind: 'PanDisplay', startDateTime, duration: 30, textMessage: 'cim9: critical peak tomorrow 17:00-19:00', priority: 'normal', confirmationRequired: true, transmissionMode: 'normal' } }, sent: { mRID, actionKind: 'PanDisplay' } };
  }
  if (kind === 'demand response') {
    return { control: { ...base, reason: 'demand response', drProgramLevel: 1, action: { kind: 'PanDemandResponse', startDateTime, duration: 60, criticalityLevel: '3', dutyCycle: 50, coolingOffset: 2, appliance: { isHvacCompressorOrFurnace: true } } }, sent: { mRID, actionKind: 'PanDemandResponse' } };
  }
  const prices = ['0.1250', '0.3175'];
  return {
    control: {
      ...base,
      reason: 'real-time price',
      priceSignal: 0.3175,
      action: { kind: 'PanPricing', startDateTime, duration: 60, providerID: 42, details: prices.map((price, i) => ({ price, priceTier: i + 1, priceTierCount: prices.length, rateLabel: i ? 'peak' : 'off-peak', unitOfMeasure: 'kWh' })) },
      primaryDeviceTiming: { duration: 60, interval: { start: startDateTime, end: nowTimestamp(() => new Date(start.getTime() + 3_600_000)) } },
    },
    sent: { mRID, actionKind: 'PanPricing', priceSignal: 0.3175, prices },
  };
}

const panSent = new WeakMap<object, PanControlSent>();

/** a PAN control the scenario sent: where its deliveries start, and the acknowledgements taken (PAN-ACK) */
interface PanState {
  kind: PanControlKind;
  meter: string;
  controlMRID: string;
  sentAt: Date;
  confirmationRequired: boolean;
  since: number;
  acks?: { results: Exchange[]; events: ResultEvent[] };
}

const panStates = new WeakMap<object, PanState>();

/** When: the DRMS sends the head-end a PAN control of a kind for the scenario's meter */
export async function sendPanControl(w: Cim9World, kind: PanControlKind): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const sentAt = new Date();
  const v = panControlValue(kind, newMessageId(), meter.mRID, sentAt);
  panSent.set(w, v.sent);
  markDeliveries(w, w.run.listener, { settle: true });
  const confirmationRequired = v.control.action?.kind === 'PanDisplay' && v.control.action.confirmationRequired === true;
  panStates.set(w, { kind, meter: meter.mRID, controlMRID: v.sent.mRID, sentAt, confirmationRequired, since: w.run.listener.lastSeq });
  return w.send('HES', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [v.control], w.generation), `create(EndDeviceControls) ${kind}`);
}

/** Then: the reply returns the control with exactly the PAN action sent, and a price signal's prices (CIM9-123) */
export function checkReturnedPanControl(w: Cim9World): void {
  const sent = panSent.get(w);
  if (!sent) throw new SuiteError('no PAN control was sent before this step');
  const x = w.last;
  if (x?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the PAN control was not accepted: there is nothing returned to check');
  w.usedAssumptions['CIM9-123'] = String(w.run.assumptions['CIM9-123'] ?? 'required');
  const root = x.wire.message.payload?.root;
  if (!root || root.name !== 'EndDeviceControls') throw new SuiteError('the reply returns no EndDeviceControls: nothing shows what the head-end took (CIM9-123); not a verdict on the SUT');
  const returned = readEndDeviceControls(root).map((c) => ({
    mRID: c.mRID,
    actionKind: c.actionKind,
    actionCount: c.actionCount,
    priceSignal: c.priceSignal,
    prices: c.action?.kind === 'PanPricing' ? (c.action.details ?? []).map((d) => d.price) : undefined,
    node: c.node,
  }));
  w.assert(checkPanControls([sent], returned, w.ctx(`${x.label} reply`, x.received?.at)), 'the PAN control returned');
}

function panStateOf(w: Cim9World): PanState {
  const p = panStates.get(w);
  if (!p) throw new SuiteError('no PAN control was sent before this step');
  return p;
}

/**
 * When: the DRMS waits for the acknowledgement of its PAN text message (PAN-ACK, CIM9-233): created(EndDeviceEvents)
 * about the meter at the requester's address until the Acknowledged event (the Displayed one when no confirmation was
 * asked for) came, at most timeouts.eventSeconds (the embedded SUT's idle signal ends the wait early).
 */
export async function awaitPanAcks(w: Cim9World): Promise<void> {
  const p = panStateOf(w);
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the PAN control was not accepted: there is no acknowledgement to wait for');
  const acks = (p.acks = { results: [] as Exchange[], events: [] as ResultEvent[] });
  const last = p.confirmationRequired ? PAN_DISPLAY_EVENTS.acknowledged : PAN_DISPLAY_EVENTS.displayed;
  const done = () => acks.events.some((e) => e.meter === p.meter && e.eventType.trim().endsWith(last));
  const match = aboutDevices([p.meter], undefined, p.since);
  const eventsOnly = (m: ReceivedMessage) => match(m) && (namedMeters(m)?.noun ?? m.inspected.noun) === 'EndDeviceEvents';
  const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
  let n = 0;
  while (!done()) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: eventsOnly }, left, `acknowledgement ${++n} of the ${p.kind} (control ${p.controlMRID})`, { endWhenIdle: true });
    if (!x) break;
    acks.results.push(x);
    acks.events.push(...eventsOfExchange(x));
  }
}

/** Then: every acknowledgement message is schema-valid and a conformant created(EndDeviceEvents); none: the next step judges */
export function checkPanAckMessages(w: Cim9World): void {
  const p = panStateOf(w);
  if (!p.acks) throw new SuiteError('the acknowledgement was not waited for before this step');
  if (!p.acks.results.length) return checkPanAckContent(w);
  checkCreatedDeliveries(w, p.acks.results, 'acknowledgement');
}

/** Then: the acknowledgement events are the display and the acknowledgement of the text message (PAN-ACK, CIM9-233) */
export function checkPanAckContent(w: Cim9World): void {
  const p = panStateOf(w);
  if (!p.acks) throw new SuiteError('the acknowledgement was not waited for before this step');
  const mode = String(w.run.assumptions['CIM9-233'] ?? 'optional');
  w.usedAssumptions['CIM9-233'] = mode;
  const findings = checkPanAcknowledgements(p.acks.events, { meter: p.meter, controlMRID: p.controlMRID, sentAt: p.sentAt, confirmationRequired: p.confirmationRequired }, w.ctx(`acknowledgement of the ${p.kind}`));
  // nothing came and CIM9-233 lets that pass: say so, never a silent pass
  if (!p.acks.results.length && !findings.some((f) => f.severity === 'error')) w.attach(`No acknowledgement of the ${p.kind} reached the requester within ${w.profile.timeouts.eventSeconds} s (CIM9-233 = ${mode}: not required).`, { mediaType: 'text/plain', fileName: 'no acknowledgement.txt' });
  w.assert(findings, `acknowledgement of the ${p.kind}`);
}

/** After a PAN control: what it caused at the requester's address and no step examined is claimed */
export async function claimPanLeftovers(w: Cim9World): Promise<void> {
  const p = panStates.get(w);
  if (!p) return;
  const quietMs = quietSecondsOf(w.profile) * 1000;
  const idle = await w.sutIdle(w.profile.timeouts.eventSeconds * 1000);
  if (idle === undefined) await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.mdmEvents, since: p.since, quietMs, deadline: Date.now() + 3 * quietMs });
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: p.since, title: "Delivered to the requester's address after the PAN control and not examined by this scenario" });
}
