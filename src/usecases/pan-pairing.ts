/**
 * Pairing of a PAN device (PAN-01, use-cases.md §8.1) at the head-end: the suite plays the MDM that opens the pairing
 * window with create(EndDeviceControls) (CIM9-193: 3.10.73.298) targeting the meter and listing the PAN device in the
 * control's EndDevices (the meter first), and the subscriber of the pairing result (LISTENER_PATHS.mdmEvents): a
 * created(EndDeviceEvents) naming the PAN device (CIM9-195) with a domain-10 event, the accepted one
 * (CIM9-194: x.10.74.17; discovery x.10.5.54 may precede it). The EndDeviceConfig that creates the PAN device at the
 * MDM is out of scope: the head-end learns the PAN device from the control.
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
import { checkPairingEvents, domainOf, sameEvent, type PairingEvent, type PairingExpectation } from '../checks/pan-pairing.ts';
import { checkCreatedDeliveries, deliveredElsewhere, markDeliveries, strayDeliveries } from './deliveries.ts';
import { ISSUER_ID } from './load-control.ts';

interface PairingState {
  exp: PairingExpectation;
  since: number;
  results: Exchange[];
  events: PairingEvent[];
}

const states = new WeakMap<object, PairingState>();

function stateOf(w: Cim9World): PairingState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no pairing window was opened before this step');
  return s;
}

/** the pairing-window control: the meter first, then the PAN device, in EndDevices */
export function pairingRequest(w: Pick<Cim9World, 'requestHeader'>, o: { controlType: string; mRID: string; meter: string; panDevice: string; start: Date }): Message {
  return {
    kind: 'request',
    header: w.requestHeader('create', 'EndDeviceControls'),
    payload: {
      root: buildEndDeviceControls({
        controls: [{
          mRID: o.mRID,
          issuerID: ISSUER_ID,
          issuerTrackingID: `PAIR-${o.mRID}`,
          reason: 'pan pairing window open',
          controlType: o.controlType,
          endDevices: [{ mRID: o.meter }, { mRID: o.panDevice }],
          primaryDeviceTiming: { interval: { start: nowTimestamp(() => o.start) } },
        }],
      }),
    },
  };
}

/** When: the MDM opens the pairing window on the meter for a new PAN device */
export async function sendPairingControl(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const controlType = String(w.run.assumptions['CIM9-193'] ?? '3.10.73.298');
  w.usedAssumptions['CIM9-193'] = controlType;
  const exp: PairingExpectation = { meter: meter.mRID, panDevice: `PAN-${newMessageId()}`, controlMRID: newMessageId(), requestedAt: new Date() };
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { exp, since: w.run.listener.lastSeq, results: [], events: [] });
  return w.send('HES', pairingRequest(w, { controlType, mRID: exp.controlMRID, meter: exp.meter, panDevice: exp.panDevice, start: exp.requestedAt }), `create(EndDeviceControls) pairing window for PAN device ${exp.panDevice}`);
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
 * PAN device. Nothing at all is PAN-PAIR-EVENT.
 */
export async function awaitPairing(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const accepted = String(w.run.assumptions['CIM9-194'] ?? '0.10.74.17');
  w.usedAssumptions['CIM9-194'] = accepted;
  w.usedAssumptions['CIM9-195'] = String(w.run.assumptions['CIM9-195'] ?? 'pan-device');
  const match = aboutPairing([s.exp.panDevice, s.exp.meter], s.since);
  const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
  const done = () => s.events.some((e) => e.device?.trim() === s.exp.panDevice && sameEvent(e.eventType, accepted));
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
    const r = rule('PAN-PAIR-EVENT');
    const strays = strayDeliveries(w.run.listener, LISTENER_PATHS.mdmEvents, s.since);
    w.assert(
      [
        {
          rule: r.id,
          clause: r.clause,
          severity: 'error',
          message: `no created(EndDeviceEvents) about PAN device ${s.exp.panDevice} (or a pairing event) reached the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${w.profile.timeouts.eventSeconds} s (timeouts.eventSeconds) after the pairing window was opened on meter ${s.exp.meter}${strays.length ? `; arrived there instead: ${strays.join('; ')}` : ''}`,
        },
        ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.mdmEvents, s.since, match),
      ],
      'pairing result',
    );
    throw new SuiteError('unreachable: a missing pairing result is a finding');
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

/** After: what reached the MDM's address after the control and no step examined is claimed as not examined */
export function claimPairingLeftovers(w: Cim9World): void {
  const s = states.get(w);
  if (!s) return;
  const left = w.run.listener.drain({ path: LISTENER_PATHS.mdmEvents, sinceSeq: s.since }, `${w.scenarioName} (not examined)`);
  if (left.length) w.attach(`Delivered to the MDM's address after the pairing control and not examined:\n${left.map((m) => `#${m.seq} ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'})`).join('\n')}`, { mediaType: 'text/plain', fileName: 'not examined.txt' });
}
