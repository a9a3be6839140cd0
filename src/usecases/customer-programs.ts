/**
 * Change of customer program (use-cases.md §4.3 EDC-03, §4.4 EDC-04).
 *
 * EDC-04, without MDM (head-end as SUT): the suite plays the CIS that sends the head-end create(EndDeviceControls)
 * with one reprogramming command for the meter (CIM9-180: 3.20.121.13 Billing.TOU.Change by default), an issuerID and
 * issuerTrackingID. Having accepted it, the head-end tells its event subscriber (CIM9-182: the suite at
 * LISTENER_PATHS.mdmEvents) created(EndDeviceEvents) with the meter's configuration-changed event (3.7.0.24; domain 7
 * Configuration or 20 Billing, CIM9-181), dated after the command.
 *
 * EDC-03, through the MDM (MDM as SUT, pattern P6): the suite plays the CIS that sends the MDM change(UsagePointConfig)
 * naming the new program as the usage point's PricingStructures (CIM9-184), and the MDM's head-end at
 * LISTENER_PATHS.hes (pics.MDM.sends), which answers the MDM's create(EndDeviceControls) (src/usecases/peer.ts).
 * The MDM's request must be a reprogramming command for the meter of the usage point (EDC-REPROGRAM, CIM9-183); the
 * suite's head-end then tells the MDM the meter's configuration-changed event created(EndDeviceEvents) 3.7.0.24,
 * whose acknowledgement is checked like every reply.
 *
 * Only deliveries after the scenario's mark are taken; whatever the scenario caused and no step examined is claimed
 * after it (`claimProgramLeftovers`). The checks are src/checks/customer-programs.ts.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp } from '../message/index.ts';
import { buildEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { buildUsagePointConfig } from '../payloads/masterdata/usagePointConfig.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { checkNoProgramEvent, checkProgramEvents, checkRelayedReprogram, type ProgramEvent, type ProgramExpectation, type RelayedControl } from '../checks/customer-programs.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined, deliveredElsewhere, eventsOf, markDeliveries, strayDeliveries } from './deliveries.ts';
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
  const listener = w.run.listener;
  const r = relays.get(w);
  if (r) {
    // the MDM may forward the configuration-changed event the suite told it to its maintenance consumer (EDE-06:
    // configuration is a health domain by UC-05's default): once it is idle or quiet, that is claimed too
    const idle = await w.sutIdle(w.profile.timeouts.eventSeconds * 1000);
    if (idle === undefined) {
      const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
      await awaitQuietDeliveries(listener, { path: LISTENER_PATHS.mmEvents, since: r.mark, quietMs: quietSecondsOf(w.profile) * 1000, deadline });
    }
    claimNotExamined(w, { path: LISTENER_PATHS.hes, since: r.mark, title: 'Requests of the MDM to its head-end not examined by this scenario' });
    claimNotExamined(w, { path: LISTENER_PATHS.mmEvents, since: r.mark, title: "Delivered to the maintenance consumer's address (EDE-06) after the program change and not examined by this scenario" });
  }
  const s = states.get(w);
  if (!s) return;
  const idle = await w.sutIdle(w.profile.timeouts.eventSeconds * 1000);
  if (idle === undefined) {
    const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
    await awaitQuietDeliveries(listener, { path: LISTENER_PATHS.mdmEvents, since: s.since, quietMs: quietSecondsOf(w.profile) * 1000, deadline });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: s.since, title: "Delivered to the event subscriber's address after the program change and not examined by this scenario" });
}

// ------------------------------------------------------------------------------------------------ EDC-03 through the MDM

/** CIM9-184: the PricingStructure the CIS names as the new program */
export const NEW_PROGRAM = 'CIM9-PROGRAM-TOU';

interface RelayState {
  meter: string;
  usagePoint: string;
  /** listener mark before the CIS request: the MDM's requests to the head-end after it were caused by this scenario */
  mark: number;
  /** the reprogramming command the MDM sent for the meter, once checked */
  control?: { controlType: string; issuerID?: string; issuerTrackingID?: string };
}

const relays = new WeakMap<object, RelayState>();

function relayOf(w: Cim9World): RelayState {
  const r = relays.get(w);
  if (!r) throw new SuiteError('no change of customer program was sent to the MDM before this step');
  return r;
}

/** CIS → MDM: change(UsagePointConfig) naming the new program as the usage point's PricingStructures */
export function usagePointProgramMessage(header: Message['header'], usagePoint: string, program: string): Message {
  return {
    kind: 'request',
    header,
    payload: { root: buildUsagePointConfig({ usagePoints: [{ mRID: usagePoint, pricingStructure: { mRID: program, names: [{ name: 'cim9 time-of-use program' }] } }] }) },
  };
}

/** When (EDC-03): the CIS changes the customer program of the meter's usage point at the MDM, the suite playing its head-end */
export async function sendProgramChangeToMdm(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (!meter.usagePoint) throw new SuiteError(`meter ${meter.mRID} has no usage point in the profile (data.meters): the program change names a usage point`);
  w.usedAssumptions['CIM9-184'] = String(w.run.assumptions['CIM9-184'] ?? 'pricing-structure');
  relays.set(w, { meter: meter.mRID, usagePoint: meter.usagePoint, mark: w.run.listener.lastSeq });
  return w.send('MDM', usagePointProgramMessage(w.requestHeader('change', 'UsagePointConfig'), meter.usagePoint, NEW_PROGRAM), `change(UsagePointConfig) program ${NEW_PROGRAM} of usage point ${meter.usagePoint}`);
}

/**
 * Then (EDC-03): the MDM asks the head-end the suite plays to reprogram the meter (timeouts.eventSeconds): its first
 * request after the CIS's is create(EndDeviceControls) with a reprogramming command for the meter (EDC-REPROGRAM,
 * CIM9-183), checked in three layers at receipt. None is EDC-REPROGRAM.
 */
export async function checkMdmReprograms(w: Cim9World): Promise<void> {
  const r = relayOf(w);
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the MDM did not accept the program change: there is no reprogramming to wait for');
  const mode = String(w.run.assumptions['CIM9-183'] ?? 'end-device-controls');
  w.usedAssumptions['CIM9-183'] = mode;
  const limit = w.profile.timeouts.eventSeconds;
  const label = `MDM → head-end create(EndDeviceControls) for meter ${r.meter}`;
  const ctx = w.ctx(label);
  const first = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > r.mark }, limit, label);
  if (!first) return w.assert(checkRelayedReprogram(undefined, { meter: r.meter, usagePoint: r.usagePoint, within: limit }, ctx).map((f) => ({ ...f, assumptions: { 'CIM9-183': mode } })), 'the MDM reprograms the meter');
  const xs = [first];
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > r.mark }, 0, `MDM → head-end request ${xs.length + 1}`);
    if (!x) break;
    xs.push(x);
  }
  const findings = xs.flatMap((x) => x.findings);
  const controls: RelayedControl[] = [];
  const read: { controlType: string; issuerID?: string; issuerTrackingID?: string; meters: string[] }[] = [];
  for (const x of xs) {
    const msg = x.wire?.message;
    const verb = msg?.header?.verb ?? msg?.wrapperVerb;
    const noun = msg?.header?.noun ?? msg?.wrapperNoun;
    const root = msg?.payload?.root;
    if (verb !== 'create' || noun !== 'EndDeviceControls' || !root || root.name !== 'EndDeviceControls') {
      findings.push(ruleFinding('EDC-REPROGRAM', `${x.label}: ${verb ?? '?'}(${noun ?? '?'}) instead of create(EndDeviceControls) with a reprogramming command (CIM9-183 = ${mode})`, { severity: 'error', file: x.label, expected: 'create(EndDeviceControls) with a reprogramming command', actual: `${verb ?? '?'}(${noun ?? '?'})${root && root.name !== noun ? ` with a ${root.name} payload` : ''}`, assumptions: { 'CIM9-183': mode } }));
      continue;
    }
    for (const c of readEndDeviceControls(root)) {
      const meters = (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)]).filter(Boolean);
      controls.push({ controlType: c.controlType, meters, node: c.node });
      read.push({ controlType: c.controlType, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, meters });
    }
  }
  if (controls.length) findings.push(...checkRelayedReprogram(controls, { meter: r.meter, usagePoint: r.usagePoint, within: limit }, w.ctx(first.label, first.received?.at)));
  const mine = read.find((c) => c.meters.includes(r.meter));
  if (mine) r.control = { controlType: mine.controlType, issuerID: mine.issuerID, issuerTrackingID: mine.issuerTrackingID };
  w.assert(findings, 'the MDM reprograms the meter');
  if (!r.control) throw new SuiteError('unreachable: a missing reprogramming command is a finding');
}

/** When (EDC-03): the head-end the suite plays tells the MDM the meter's configuration changed (created(EndDeviceEvents) 3.7.0.24) */
export async function tellMdmConfigurationChanged(w: Cim9World): Promise<Exchange> {
  const r = relayOf(w);
  if (!r.control) throw new SuiteError('the MDM sent no reprogramming command for the meter before this step');
  const m = w.meters.find((x) => x.mRID === r.meter);
  const type = r.control.controlType.trim().split('.')[0];
  const eventType = `${type && type !== '0' ? type : '3'}.7.0.24`;
  const msg: Message = {
    kind: 'event',
    header: w.requestHeader('created', 'EndDeviceEvents'),
    payload: { root: buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime: nowTimestamp(), issuerID: r.control.issuerID, issuerTrackingID: r.control.issuerTrackingID, reason: 'customer program changed', meter: r.meter, usagePoint: m?.usagePoint, eventType }]) },
  };
  return w.send('MDM', msg, `created(EndDeviceEvents) ${eventType} configuration changed of meter ${r.meter}`);
}
