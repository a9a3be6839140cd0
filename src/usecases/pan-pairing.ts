/**
 * Pairing of a PAN device (PAN-01, use-cases.md §8.1) at the head-end: the suite plays the MDM that opens the pairing
 * window with create(EndDeviceControls) (CIM9-193: 3.10.73.298) targeting the meter and listing the PAN device in the
 * control's EndDevices (the meter first), and the subscriber of the pairing result (LISTENER_PATHS.mdmEvents): a
 * created(EndDeviceEvents) naming the PAN device (CIM9-195) with a domain-10 event, the accepted one
 * (CIM9-194: x.10.74.17; discovery x.10.5.54 may precede it). The EndDeviceConfig that creates the PAN device at the
 * MDM is out of scope: the head-end learns the PAN device from the control.
 * Two more cases (issue 15) use the field stimuli of PAN-01 (src/usecases/stimuli.ts, meters [meter, PAN device]):
 * - a PAN device the meter cannot pair (pan-pairing-refused) is listed in the window: the head-end must report the
 *   failure (CIM9-161: x.10.74.85) of that very device, never that it was paired (PAN-PAIR-REJECTED);
 * - a PAN device out of range (pan-out-of-range) is listed in the window, the MDM closes the window early
 *   (CIM9-162: x.10.73.299 targeting the meter), then the device comes into range and asks to join (pan-join): no
 *   event that it was paired may follow the close (PAN-PAIR-CLOSED), watched for timeouts.eventSeconds (for the
 *   embedded reference SUT, until it is idle).
 * A window on a meter the head-end does not know is refused with the Annex B code of an unknown meter (the shared
 * steps), judged against its valid twin: the same window on a meter of the profile (CIM9-61).
 * The checks are src/checks/pan-pairing.ts.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp, readMessage } from '../message/index.ts';
import { buildEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { rule } from '../checks/catalogue.ts';
import { checkAfterClose, checkPairingEvents, checkRejectedPairing, domainOf, sameEvent, type PairingEvent, type PairingExpectation } from '../checks/pan-pairing.ts';
import { fireStimulus } from '../session/stimulus.ts';
import { assertNothingArrived, checkCreatedDeliveries, markDeliveries } from './deliveries.ts';
import { ISSUER_ID } from './load-control.ts';
import { acceptance, setTwin } from './twin.ts';

/** how the field was set up for the PAN device before the window opened (a PAN-01 stimulus), or nothing: a new device */
export type PanDeviceField = 'pan-pairing-refused' | 'pan-out-of-range';

interface PairingState {
  exp: PairingExpectation;
  since: number;
  results: Exchange[];
  events: PairingEvent[];
  field?: PanDeviceField;
  /** the close of the window: when it was answered, whether OK, and the listener mark before it */
  closed?: { at: Date; ok: boolean; why: string; since: number };
  /** the PAN device asked to join after the close (pan-join) */
  joined?: boolean;
}

const states = new WeakMap<object, PairingState>();
/** the PAN device the field was set up for (Given), before the window opens */
const prepared = new WeakMap<object, { panDevice: string; field: PanDeviceField }>();

function stateOf(w: Cim9World): PairingState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no pairing window was opened before this step');
  return s;
}

/** one pairing-window control (open or close) of the meter, at `at`, naming the devices given */
function windowControl(w: Pick<Cim9World, 'requestHeader'>, o: { controlType: string; mRID: string; tracking: string; reason: string; devices: string[]; at: Date }): Message {
  return {
    kind: 'request',
    header: w.requestHeader('create', 'EndDeviceControls'),
    payload: {
      root: buildEndDeviceControls({
        controls: [{
          mRID: o.mRID,
          issuerID: ISSUER_ID,
          issuerTrackingID: `${o.tracking}-${o.mRID}`,
          reason: o.reason,
          controlType: o.controlType,
          endDevices: o.devices.map((mRID) => ({ mRID })),
          primaryDeviceTiming: { interval: { start: nowTimestamp(() => o.at) } },
        }],
      }),
    },
  };
}

/** the pairing-window control: the meter first, then the PAN device, in EndDevices */
export function pairingRequest(w: Pick<Cim9World, 'requestHeader'>, o: { controlType: string; mRID: string; meter: string; panDevice: string; start: Date }): Message {
  return windowControl(w, { controlType: o.controlType, mRID: o.mRID, tracking: 'PAIR', reason: 'pan pairing window open', devices: [o.meter, o.panDevice], at: o.start });
}

/** the control that closes the pairing window of the meter early (CIM9-162), naming the meter only */
export function closeRequest(w: Pick<Cim9World, 'requestHeader'>, o: { controlType: string; mRID: string; meter: string; at: Date }): Message {
  return windowControl(w, { controlType: o.controlType, mRID: o.mRID, tracking: 'PAIR-CLOSE', reason: 'pan pairing window close', devices: [o.meter], at: o.at });
}

/**
 * Given: the field is set up for a new PAN device at the meter (a PAN-01 stimulus naming [meter, PAN device]): one the
 * meter cannot pair, or one out of range. 'skipped' when the stimulus needs a person.
 */
export async function preparePanDevice(w: Cim9World, field: PanDeviceField): Promise<'skipped' | void> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const panDevice = `PAN-${newMessageId()}`;
  prepared.set(w, { panDevice, field });
  return fireStimulus(w, field, [meter.mRID, panDevice]);
}

/** When: the MDM opens the pairing window on the meter for a new PAN device (or the one the field was set up for) */
export async function sendPairingControl(w: Cim9World, o: { prepared?: boolean } = {}): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const ready = prepared.get(w);
  if (o.prepared && !ready) throw new SuiteError('no PAN device was set up in the field before this step');
  const controlType = String(w.run.assumptions['CIM9-193'] ?? '3.10.73.298');
  w.usedAssumptions['CIM9-193'] = controlType;
  const exp: PairingExpectation = { meter: meter.mRID, panDevice: o.prepared ? ready!.panDevice : `PAN-${newMessageId()}`, controlMRID: newMessageId(), requestedAt: new Date() };
  // the valid twin of a window on a meter the head-end does not know: the same window on a meter of the profile
  const known = w.profile.data.meters[0]?.mRID;
  if (known) {
    setTwin(w, {
      role: 'HES',
      negative: meter.mRID === w.profile.data.unknownMeter,
      label: `create(EndDeviceControls) pairing window on meter ${known}`,
      build: () => pairingRequest(w, { controlType, mRID: newMessageId(), meter: known, panDevice: `PAN-${newMessageId()}`, start: new Date() }),
    });
  }
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { exp, since: w.run.listener.lastSeq, results: [], events: [], field: o.prepared ? ready!.field : undefined });
  return w.send('HES', pairingRequest(w, { controlType, mRID: exp.controlMRID, meter: exp.meter, panDevice: exp.panDevice, start: exp.requestedAt }), `create(EndDeviceControls) pairing window for PAN device ${exp.panDevice}`);
}

/** When: the MDM closes the pairing window on the meter (CIM9-162), before the PAN device joined */
export async function sendCloseControl(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  const controlType = String(w.run.assumptions['CIM9-162'] ?? '3.10.73.299');
  w.usedAssumptions['CIM9-162'] = controlType;
  const since = w.run.listener.lastSeq;
  const x = await w.send('HES', closeRequest(w, { controlType, mRID: newMessageId(), meter: s.exp.meter, at: new Date() }), `create(EndDeviceControls) pairing window close on meter ${s.exp.meter}`);
  const a = acceptance(x);
  s.closed = { at: new Date(), ok: a.accepted, why: a.why, since };
  return x;
}

/** When: the PAN device comes into range and asks the meter to join (pan-join); 'skipped' when it needs a person */
export async function joinPanDevice(w: Cim9World): Promise<'skipped' | void> {
  const s = stateOf(w);
  if (!s.closed) throw new SuiteError('the pairing window was not closed before this step');
  const r = await fireStimulus(w, 'pan-join', [s.exp.meter, s.exp.panDevice]);
  if (r === 'skipped') return r;
  s.joined = true;
}

function eventsOf(x: Exchange): PairingEvent[] {
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'EndDeviceEvents') return [];
  return readEndDeviceEvents(root).map((e) => ({ eventType: e.eventType, device: e.meter, createdDateTime: e.createdDateTime, node: e.node, label: x.label }));
}

/** a delivery after `since` of EndDeviceEvents naming the devices or carrying a pairing (domain 10) event; an unreadable one counts */
export function aboutPairing(devices: readonly string[], since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const r = readMessage(m.body);
    const root = r.ok ? r.wire.message?.payload?.root : undefined;
    if (!root) return m.inspected.noun === 'EndDeviceEvents';
    if (root.name !== 'EndDeviceEvents') return false;
    return readEndDeviceEvents(root).some((e) => (e.meter !== undefined && devices.includes(e.meter.trim())) || domainOf(e.eventType) === '10');
  };
}

/**
 * When: the MDM waits for the pairing result (timeouts.eventSeconds) until an accepted event (CIM9-194) names the
 * PAN device; for a device the meter cannot pair (`failure`), until its failure (CIM9-161) or its acceptance does.
 * Nothing at all is PAN-PAIR-EVENT (PAN-PAIR-REJECTED for a failure).
 */
export async function awaitPairing(w: Cim9World, o: { failure?: boolean } = {}): Promise<void> {
  const s = stateOf(w);
  if (o.failure && s.field !== 'pan-pairing-refused') throw new SuiteError('the pairing window was not opened for a PAN device the meter cannot pair');
  const accepted = String(w.run.assumptions['CIM9-194'] ?? '0.10.74.17');
  w.usedAssumptions['CIM9-194'] = accepted;
  w.usedAssumptions['CIM9-195'] = String(w.run.assumptions['CIM9-195'] ?? 'pan-device');
  const rejected = String(w.run.assumptions['CIM9-161'] ?? '0.10.74.85');
  if (o.failure) w.usedAssumptions['CIM9-161'] = rejected;
  const ends = o.failure ? [accepted, rejected] : [accepted];
  const match = aboutPairing([s.exp.panDevice, s.exp.meter], s.since);
  const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
  const done = () => s.events.some((e) => e.device?.trim() === s.exp.panDevice && ends.some((c) => sameEvent(e.eventType, c)));
  let n = 0;
  while (!done()) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, left, `pairing event ${++n} of PAN device ${s.exp.panDevice}`);
    if (!x) break;
    s.results.push(x);
    s.events.push(...eventsOf(x));
  }
  if (!s.results.length) {
    assertNothingArrived(w, {
      rule: o.failure ? 'PAN-PAIR-REJECTED' : 'PAN-PAIR-EVENT',
      path: LISTENER_PATHS.mdmEvents,
      since: s.since,
      match,
      what: `created(EndDeviceEvents) about PAN device ${s.exp.panDevice} (or a pairing event)${o.failure ? `, the device the meter cannot pair (its failure ${rejected.replace(/^\d+\./, 'x.')} expected),` : ''}`,
      to: 'the MDM',
      after: `the pairing window was opened on meter ${s.exp.meter}`,
      step: 'pairing result',
    });
  }
  w.lastEvent = s.results[0];
}

/** Then: every pairing message is schema-valid and a conformant created(EndDeviceEvents) */
export function checkPairingMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).results, 'pairing event');
}

/** Then: the pairing result names the PAN device, in domain 10, after the control */
export function checkPairingResult(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.results.length) throw new SuiteError('no pairing event was received before this step');
  w.assert(checkPairingEvents(s.events, s.exp, w.ctx(`pairing of PAN device ${s.exp.panDevice}`)), 'pairing result');
}

/** Then: the failure of the pairing names the PAN device, in domain 10, after the control; no acceptance (PAN-PAIR-REJECTED) */
export function checkPairingFailure(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.results.length) throw new SuiteError('no pairing event was received before this step');
  w.assert(checkRejectedPairing(s.events, s.exp, w.ctx(`failed pairing of PAN device ${s.exp.panDevice}`)), 'pairing failure');
}

/**
 * Then: after the close, the PAN device that asked to join is not reported paired (PAN-PAIR-CLOSED). Watched for
 * timeouts.eventSeconds (the time a head-end has to report a pairing), for the embedded reference SUT until it is idle;
 * what came is schema-checked and conformant; nothing at all is what a closed window gives (stated in the evidence).
 */
export async function checkNothingPairedAfterClose(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.closed) throw new SuiteError('the pairing window was not closed before this step');
  if (!s.closed.ok) throw new SuiteError(`the close of the pairing window was not accepted (${s.closed.why}): there is nothing to watch`);
  if (!s.joined) throw new SuiteError('the PAN device did not ask to join before this step');
  const match = aboutPairing([s.exp.panDevice, s.exp.meter], s.closed.since);
  let remaining = Math.max(await w.quietLeft(w.profile.timeouts.eventSeconds), 0.05);
  const got: Exchange[] = [];
  let n = 0;
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, remaining, `pairing event ${++n} after the close (PAN device ${s.exp.panDevice})`);
    if (!x) break;
    got.push(x);
    remaining = 0.05;
  }
  if (got.length) checkCreatedDeliveries(w, got, 'pairing event after the close');
  const events = got.flatMap(eventsOf);
  w.attach(
    got.length
      ? `After the close, ${got.length} message(s) about PAN device ${s.exp.panDevice} reached the MDM: ${events.map((e) => `${e.eventType.trim()} of ${e.device?.trim() ?? '(no device)'}`).join(', ') || '(no event read)'}.`
      : `Nothing about PAN device ${s.exp.panDevice} reached the MDM after the close (watched ${w.profile.timeouts.eventSeconds} s, timeouts.eventSeconds, or until the SUT was idle): the device asked to join and was not paired.`,
    { mediaType: 'text/plain', fileName: 'after the close.txt' },
  );
  w.assert(checkAfterClose(events, { ...s.exp, closedAt: s.closed.at }, w.ctx(`after the close of the pairing window on ${s.exp.meter}`)), 'nothing paired after the close');
}

/** After: what reached the MDM's address after the control and no step examined is claimed as not examined */
export function claimPairingLeftovers(w: Cim9World): void {
  const s = states.get(w);
  if (!s) return;
  const left = w.run.listener.drain({ path: LISTENER_PATHS.mdmEvents, sinceSeq: s.since }, `${w.scenarioName} (not examined)`);
  if (left.length) w.attach(`Delivered to the MDM's address after the pairing control and not examined:\n${left.map((m) => `#${m.seq} ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'})`).join('\n')}`, { mediaType: 'text/plain', fileName: 'not examined.txt' });
}
