/**
 * Change of customer program (use-cases.md §4.3 EDC-03, §4.4 EDC-04).
 *
 * EDC-04, without MDM (head-end as SUT): the suite plays the CIS that sends the head-end create(EndDeviceControls)
 * with one reprogramming command for the meter (CIM9-180: 3.20.121.13 Billing.TOU.Change by default), an issuerID and
 * issuerTrackingID. Having accepted it, the head-end tells its event subscriber (CIM9-182: the suite at
 * LISTENER_PATHS.mdmEvents) created(EndDeviceEvents) with the meter's configuration-changed event (3.7.0.24; domain 7
 * Configuration or 20 Billing, CIM9-181), dated after the command.
 *
 * Only deliveries after the scenario's mark are taken; whatever the scenario caused and no step examined is claimed
 * after it (`claimProgramLeftovers`). The checks are src/checks/customer-programs.ts.
 */
import type { Message } from '../message/index.ts';
import { newMessageId } from '../message/index.ts';
import { buildEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { checkNoProgramEvent, checkProgramEvents, type ProgramEvent, type ProgramExpectation } from '../checks/customer-programs.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { checkCreatedDeliveries, deliveredElsewhere, eventsOf, markDeliveries, strayDeliveries } from './deliveries.ts';
import { aboutMeter } from './end-device-controls.ts';

/** CIM9-180 default: ElectricMeter.Billing.TOU.Change */
export const PROGRAM_CHANGE = '3.20.121.13';
/** the issuer the suite names in its reprogramming commands */
export const CIS_ISSUER = 'cim9-cis';

interface ProgramState {
  exp: ProgramExpectation;
  controlMRID: string;
  /** the scenario's deliveries start after this seq */
  since: number;
  /** the deliveries about the meter taken at the subscriber's address */
  events: Exchange[];
}

const states = new WeakMap<object, ProgramState>();

function stateOf(w: Cim9World): ProgramState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no reprogramming command was sent before this step');
  return s;
}

/** CIM9-180: the control type of the reprogramming command */
export function programControlType(w: Pick<Cim9World, 'run' | 'usedAssumptions'>): string {
  const v = String(w.run.assumptions['CIM9-180'] ?? PROGRAM_CHANGE);
  w.usedAssumptions['CIM9-180'] = v;
  return v;
}

/** CIM9-181: the EndDeviceDomain numbers of a confirmation event (a list of numbers) */
export function confirmationDomains(w: Pick<Cim9World, 'profile' | 'usedAssumptions'>): number[] {
  const v = w.profile.assumptions['CIM9-181'] as unknown;
  const list = Array.isArray(v) ? v : String(v ?? '7,20').split(',');
  const out = list.map((x) => Number(String(x).trim())).filter((n) => Number.isInteger(n));
  w.usedAssumptions['CIM9-181'] = out.join(', ');
  return out;
}

/** CIS → head-end: create(EndDeviceControls) with one reprogramming command for the meter */
export function programChangeMessage(header: Message['header'], o: { mRID: string; issuerTrackingID: string; controlType: string; meter: string }): Message {
  return {
    kind: 'request',
    header,
    payload: {
      root: buildEndDeviceControls({
        controls: [{ mRID: o.mRID, issuerID: CIS_ISSUER, issuerTrackingID: o.issuerTrackingID, reason: 'change of customer program', controlType: o.controlType, endDevices: [{ mRID: o.meter }] }],
      }),
    },
  };
}

/** When (EDC-04): the CIS asks the head-end to reprogram the scenario's meter for a new customer program */
export async function sendProgramChange(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const controlType = programControlType(w);
  w.usedAssumptions['CIM9-182'] = String(w.run.assumptions['CIM9-182'] ?? 'event-subscriber');
  markDeliveries(w, w.run.listener, { settle: true });
  const controlMRID = newMessageId();
  const issuerTrackingID = `PRG-${newMessageId()}`;
  states.set(w, { exp: { meter: meter.mRID, controlType, issuerTrackingID, requestedAt: new Date(), domains: confirmationDomains(w) }, controlMRID, since: w.run.listener.lastSeq, events: [] });
  const msg = programChangeMessage(w.requestHeader('create', 'EndDeviceControls'), { mRID: controlMRID, issuerTrackingID, controlType, meter: meter.mRID });
  return w.send('HES', msg, `create(EndDeviceControls) program change ${controlType} of meter ${meter.mRID}`);
}

/** the events of received exchanges, as the checks take them */
function eventsOfExchanges(xs: readonly Exchange[]): ProgramEvent[] {
  return xs.flatMap((x) => {
    const root = x.wire?.message?.payload?.root;
    if (!root || root.name !== 'EndDeviceEvents') return [];
    return readEndDeviceEvents(root).map((e) => ({ eventType: e.eventType, meter: e.meter, issuerTrackingID: e.issuerTrackingID, createdDateTime: e.createdDateTime, node: e.node, label: x.label }));
  });
}

/** the events of deliveries after `since` at the path that nobody took (for a finding about the meter's missing event) */
function unclaimedEvents(w: Cim9World, since: number): ProgramEvent[] {
  return w.run.listener
    .unclaimed(since)
    .filter((m: ReceivedMessage) => m.path === LISTENER_PATHS.mdmEvents && m.delivery === 'accepted')
    .flatMap((m) => (eventsOf(m) ?? []).map((e) => ({ eventType: e.eventType, meter: e.meter, createdDateTime: e.createdDateTime, node: e.node, label: `#${m.seq} created(EndDeviceEvents)` })));
}

/**
 * When: the CIS waits for the meter's configuration-changed event (timeouts.eventSeconds): the first created(EndDeviceEvents)
 * about the meter, then a quiet period for more about it. Nothing about the meter is EDC-PROGRAM-EVENT, or
 * EDC-PROGRAM-METER when a configuration event naming another meter came instead.
 */
export async function awaitProgramEvent(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the reprogramming command was not accepted: there is no event to wait for');
  const match = aboutMeter(s.exp.meter, ['EndDeviceEvents'], s.since);
  const limit = w.profile.timeouts.eventSeconds;
  const label = (n: number) => `created(EndDeviceEvents) ${n} after the program change of meter ${s.exp.meter}`;
  const first = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, limit, label(1));
  if (!first) {
    const where = `the subscriber at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${limit} s (timeouts.eventSeconds)`;
    const strays = strayDeliveries(w.run.listener, LISTENER_PATHS.mdmEvents, s.since);
    const findings = checkNoProgramEvent(unclaimedEvents(w, s.since), s.exp, where, w.ctx(`events after the program change of meter ${s.exp.meter}`));
    if (strays.length && findings[0]?.rule === 'EDC-PROGRAM-EVENT') findings[0].message += `; arrived there instead: ${strays.join('; ')}`;
    w.assert([...findings, ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.mdmEvents, s.since, match)], 'the configuration-changed event');
    throw new SuiteError('unreachable: a missing event is a finding');
  }
  s.events.push(first);
  for (let n = 2; ; n++) {
    const left = await w.quietLeft(quietSecondsOf(w.profile));
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, Math.max(left, 0.05), label(n));
    if (!x) break;
    s.events.push(x);
  }
  w.lastEvent = first;
}

/** Then: every event message is schema-valid and a conformant created(EndDeviceEvents) EventMessage */
export function checkProgramEventMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).events, 'configuration-changed event');
}

/** Then: the meter reports its configuration changed after the command (EDC-PROGRAM-EVENT, EDC-PROGRAM-DOMAIN, EDC-TRACKING) */
export function checkProgramEventContent(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.events.length) throw new SuiteError('no event was received before this step');
  w.assert(checkProgramEvents(eventsOfExchanges(s.events), s.exp, w.ctx(`events after the program change of meter ${s.exp.meter}`)), 'the configuration-changed event');
}

/**
 * After the scenario: what it caused at the subscriber's address and no step examined is claimed once the SUT is idle
 * (the embedded reference SUT) or deliveries have been quiet for timeouts.quietSeconds (at most timeouts.eventSeconds),
 * and attached as not examined.
 */
export async function claimProgramLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const listener = w.run.listener;
  const idle = await w.sutIdle(w.profile.timeouts.eventSeconds * 1000);
  if (idle === undefined) {
    const quietMs = quietSecondsOf(w.profile) * 1000;
    const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
    const count = () => listener.all().filter((m) => m.seq > s.since && m.path === LISTENER_PATHS.mdmEvents).length;
    let seen = count();
    for (;;) {
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(quietMs, deadline - Date.now()))));
      const now = count();
      if (now === seen || Date.now() >= deadline) break;
      seen = now;
    }
  }
  const left = listener.drain({ path: LISTENER_PATHS.mdmEvents, sinceSeq: s.since }, `${w.scenarioName} (not examined)`);
  if (left.length) {
    w.attach(
      `Delivered to the event subscriber's address after the program change and not examined by this scenario:\n${left.map((m) => `#${m.seq} ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'})`).join('\n')}`,
      { mediaType: 'text/plain', fileName: 'not examined.txt' },
    );
  }
}
