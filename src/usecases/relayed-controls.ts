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
 */
import type { EndDeviceControlValue, ReadEndDeviceControl } from '../payloads/endDeviceControls.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { newMessageId, nowTimestamp } from '../message/index.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkPassedOnControls, type ControlSummary, type RelaySeverity } from '../checks/relayed-controls.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { awaitQuietDeliveries, claimNotExamined } from './deliveries.ts';
import { CONTROL_COMMANDS, isControlCommand } from './end-device-controls.ts';
import { controlsRequest, isPanControlKind, LOAD_CONTROL_START, loadControlValue, panControlValue, windowSecondsOf } from './load-control.ts';

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
    node: read.node,
  };
}

interface RelayState {
  kind: RelayedControlKind;
  meter: string;
  sent: EndDeviceControlValue;
  /** listener mark before the request: the MDM's requests to the head-end after it were caused by this scenario */
  mark: number;
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
  states.set(w, { kind, meter: meter.mRID, sent, mark: w.run.listener.lastSeq });
  const who = isControlCommand(kind) ? 'CIS' : 'DRMS';
  return w.send('MDM', controlsRequest(w.requestHeader('create', 'EndDeviceControls'), [sent], w.generation), `${who} → MDM create(EndDeviceControls) ${kind} of meter ${meter.mRID}`);
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
  await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.hes, since: s.mark, quietMs, deadline: Date.now() + 3 * quietMs });
  claimNotExamined(w, { path: LISTENER_PATHS.hes, since: s.mark, title: "Sent by the MDM to the head-end's address after the control and not examined by this scenario" });
  claimNotExamined(w, { path: LISTENER_PATHS.cisEvents, since: s.mark, title: "Sent by the MDM to the CIS's address after the control and not examined by this scenario" });
}
