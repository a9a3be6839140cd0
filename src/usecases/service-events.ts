/**
 * The events a head-end tells its MDM (the suite, at LISTENER_PATHS.mdmEvents) about meter service and the premises
 * (use-cases.md §5.2, §5.3, §8.2), each caused in the field through the stimulus contract (src/usecases/stimuli.ts):
 * - MSR-02: a meter of data.meters changed out for data.spareMeter (stimulus `meter-change-out`, meters [old, new]):
 *   created(EndDeviceEvents) with the removal of the old meter and the installation of the new one, of domain 6
 *   Installation, the removal not after the installation (CIM9-130, CIM9-131). The meter is changed back after the
 *   scenario (the same stimulus, meters [new, old]), so the SUT ends as it began;
 *   With the MDM as SUT, the head-end the suite plays tells the MDM the change-out and the CIS the suite plays waits for
 *   the MDM's forward of the same events (MSR-02: "MS → MDM (and MDM → CIS)", CIM9-246);
 * - MSR-03: a tamper at a meter (stimulus `tamper`): a tamper event of that meter (CIM9-132); with the MDM as SUT,
 *   the head-end the suite plays tells the MDM a tamper (3.12.0.257) and the CIS the suite plays (LISTENER_PATHS.
 *   cisEvents) waits for the MDM's forward of the same code for the meter (MSR-03 step 2, ECITP 2.07);
 * - PAN-02: an event of a PAN device of a meter (stimulus `pan-event`): events of the meter's premises (its usage
 *   point, CIM9-134) whose EndDeviceType is a PAN type (CIM9-133). With the MDM as SUT the head-end the suite plays tells
 *   the MDM such events, which it must acknowledge.
 * Waiting for the publications and the message checks of every message received are those of device-events.ts;
 * the rules are src/checks/service-events.ts.
 */
import type { Cim9World } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { fireStimulus } from '../session/stimulus.ts';
import { checkChangeOutEvents, checkPanEvents, checkTamperEvents, type ChangeOutCodes, type TamperCodes } from '../checks/service-events.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { awaitMdmEvents, fieldEvent, publishedEvents, watchEvents } from './device-events.ts';
import { eventsMessage } from './requests.ts';
import { EPRI_TAMPER } from '../checks/service-events.ts';
import { aboutMeters, claimNotExamined, deliveriesSince, markDeliveries } from './deliveries.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { defaultAsync, perform } from './masterdata.ts';
import { describe } from './masterdata-requests.ts';
import { newMessageId, nowTimestamp } from '../message/index.ts';

/** the change-out event codes the suite's head-end tells an MDM (MSR-02: domain 6 Installation, 212 Removed, 105 Installed) */
export const METER_REMOVED_CODE = '3.6.0.212';
export const METER_INSTALLED_CODE = '3.6.0.105';

interface ChangeOut {
  oldMeter: string;
  newMeter: string;
  /** the stimulus was taken: the meters are changed back after the scenario */
  done: boolean;
  /** the head-end told the MDM of the change-out (the clean-up then waits for the change-back's events) */
  told?: boolean;
}

const changeOuts = new WeakMap<object, ChangeOut>();

/** When: the scenario's meter is changed out in the field for the profile's spare meter */
export async function changeOutMeter(w: Cim9World): Promise<'skipped' | void> {
  const oldMeter = w.meters[0]?.mRID;
  if (!oldMeter) throw new SuiteError('no meter was chosen before this step');
  const newMeter = w.profile.data.spareMeter;
  const c: ChangeOut = { oldMeter, newMeter, done: false };
  changeOuts.set(w, c);
  const out = await fieldEvent(w, 'meter-change-out', { meters: [oldMeter, newMeter] });
  if (out !== 'skipped') c.done = true;
  return out;
}

/**
 * After: a meter the scenario changed out is changed back (the same stimulus, the meters the other way round). The
 * events the head-end tells of it are taken (the first message within the quiet period, or timeouts.eventSeconds
 * when the change-out itself was told) and attached, not judged; a change-back that fails is said, not a verdict.
 */
export async function changeBack(w: Cim9World): Promise<void> {
  const c = changeOuts.get(w);
  if (!c?.done) return;
  c.done = false;
  markDeliveries(w, w.run.listener, { settle: true });
  const since = deliveriesSince(w);
  try {
    if ((await fireStimulus(w, 'meter-change-out', [c.newMeter, c.oldMeter])) === 'skipped') return;
  } catch (e) {
    w.attach(`clean-up: meter ${c.newMeter} could not be changed back for ${c.oldMeter}: ${(e as Error).message}`, { mediaType: 'text/plain', fileName: 'clean-up.txt' });
    return;
  }
  const seconds = c.told ? w.profile.timeouts.eventSeconds : await w.quietLeft(quietSecondsOf(w.profile));
  const out = await w.run.listener.waitFor({ path: LISTENER_PATHS.mdmEvents, predicate: aboutMeters([c.newMeter, c.oldMeter], since) }, seconds * 1000, `${w.scenarioName} (clean-up)`);
  if (out.ok) w.attach(out.message.body.toString('utf8'), { mediaType: 'application/xml', fileName: `clean-up: change-back of meter ${c.newMeter} for ${c.oldMeter} (received).xml` });
}

/** When: a tamper at the meter in the field */
export function tamperAt(w: Cim9World): Promise<'skipped' | void> {
  return fieldEvent(w, 'tamper');
}

/**
 * When (MSR-03, the MDM as SUT): the head-end the suite plays tells the MDM the tamper of the meter, created(EndDeviceEvents)
 * with 3.12.0.257; the CIS the suite plays then waits for the MDM's forward (LISTENER_PATHS.cisEvents)
 */
export async function reportTamperToMdm(w: Cim9World): Promise<void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  watchEvents(w);
  await w.send('MDM', eventsMessage(w.requestHeader('created', 'EndDeviceEvents'), [m], EPRI_TAMPER), 'created(EndDeviceEvents) tamper');
}

/** MSR-02 with the MDM as SUT: whether the profile has the MDM forward the change-out events to its CIS (CIM9-246); the reason when not */
export function changeOutForwardNotApplicable(assumptions: Readonly<Record<string, unknown>>): string | undefined {
  if (String(assumptions['CIM9-246'] ?? 'forwarded') === 'none') return 'the MDM does not forward to its CIS the change-out events the head-end tells it (assumption CIM9-246 = none)';
  return undefined;
}

/**
 * When (MSR-02, the MDM as SUT): the head-end the suite plays tells the MDM the change-out of the meter for the
 * replacement meter created at the MDM before (`createReplacementMeter`), created(EndDeviceEvents) with the removal of the old meter (3.6.0.212), then the installation of the new
 * one (3.6.0.105), both at the meter's usage point; the CIS the suite plays then waits for the MDM's forward (CIM9-246).
 * Nothing is changed in the field: no change-back after the scenario.
 */
export async function reportChangeOutToMdm(w: Cim9World): Promise<void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  const why = changeOutForwardNotApplicable(w.profile.assumptions as Readonly<Record<string, unknown>>);
  if (why) throw new SuiteError(`the MDM's forward of change-out events does not apply: ${why}`);
  w.usedAssumptions['CIM9-246'] = 'forwarded';
  const newMeter = replacements.get(w);
  if (!newMeter) throw new SuiteError('no replacement meter was created at the MDM before this step');
  changeOuts.set(w, { oldMeter: m.mRID, newMeter, done: false, told: true });
  watchEvents(w);
  const now = Date.now();
  const at = (ms: number) => nowTimestamp(() => new Date(now - ms));
  const root = buildEndDeviceEvents([
    { mRID: newMessageId(), createdDateTime: at(20_000), eventType: METER_REMOVED_CODE, meter: m.mRID, usagePoint: m.usagePoint },
    { mRID: newMessageId(), createdDateTime: at(10_000), eventType: METER_INSTALLED_CODE, meter: newMeter, usagePoint: m.usagePoint },
  ]);
  await w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root } }, `head-end (the suite) → MDM created(EndDeviceEvents) change-out of meter ${m.mRID} for ${newMeter}`);
}

const replacements = new WeakMap<object, string>();

/** Given (MSR-02, the MDM as SUT): the new meter of the change-out, created at the MDM by its system of record (MeterConfig, the master-data engine) */
export async function createReplacementMeter(w: Cim9World): Promise<void> {
  const d = describe(w, 'meter');
  await perform(w, { verb: 'create', noun: 'MeterConfig', root: d.root, async: defaultAsync(w) }, 'the replacement meter created at the MDM');
  replacements.set(w, d.ids[0]!);
}

/** When (MSR-02): the CIS waits for the MDM's forward of the change-out events */
export function awaitCisChangeOut(w: Cim9World): Promise<void> {
  return awaitMdmEvents(w, 'change-out event', { all: true, to: { path: LISTENER_PATHS.cisEvents, peer: 'CIS' } });
}

/** the PAN device events the suite's head-end tells an MDM (PAN-02): an in-premises display's link lost, a thermostat's low battery */
export const PAN_DEVICE_EVENTS = [
  { device: 'IHD', code: '15.1.0.47' },
  { device: 'PCT', code: '19.2.22.150' },
] as const;

const panMarks = new WeakMap<object, number>();

/**
 * When (PAN-02, the MDM as SUT: "MS → MDM / DRMS : created(EndDeviceEvents) with PAN end-device types ⇐ ack"): the
 * head-end the suite plays tells the MDM events of two PAN devices at the premises of the scenario's meter, each naming
 * its own device and the meter's usage point (CIM9-134), of a PAN EndDeviceType (CIM9-133); the MDM must acknowledge them
 */
export async function reportPanEventsToMdm(w: Cim9World): Promise<void> {
  const m = w.meters[0];
  if (!m?.usagePoint) throw new SuiteError('no meter with a usage point was chosen before this step');
  const types = panTypes(w);
  w.usedAssumptions['CIM9-134'] = 'usage-point-or-meter';
  const events = PAN_DEVICE_EVENTS.filter((e) => types.includes(Number(e.code.split('.')[0])));
  if (!events.length) throw new SuiteError(`CIM9-133 (${types.join(', ')}) names none of the PAN device types the suite tells (15, 19)`);
  const now = Date.now();
  const root = buildEndDeviceEvents(events.map((e, i) => ({ mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(now - 20_000 + i * 10_000)), eventType: e.code, meter: `${e.device}-${m.mRID}`, usagePoint: m.usagePoint })));
  panMarks.set(w, w.run.listener.lastSeq);
  await w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root } }, `head-end (the suite) → MDM created(EndDeviceEvents) PAN device events ${events.map((e) => e.code).join(', ')} at usage point ${m.usagePoint}`);
}

/** After (PAN-02.2): what the MDM passed on of the PAN device events (to its maintenance consumer, its CIS) is claimed as not examined */
export async function claimPanForward(w: Cim9World): Promise<void> {
  const since = panMarks.get(w);
  if (since === undefined) return;
  await w.sutIdle(quietSecondsOf(w.profile) * 1000);
  for (const path of [LISTENER_PATHS.mmEvents, LISTENER_PATHS.cisEvents]) claimNotExamined(w, { path, since, title: 'Delivered after the head-end told the MDM the PAN device events and not examined by this scenario' });
}

/**
 * When (MSR-03 step 2, the CIS as SUT: "MDM → CIS : created(EndDeviceEvents)"): the MDM the suite plays forwards the
 * tamper (3.12.0.257) of the meter to the CIS, which must acknowledge it
 */
export async function forwardTamperToCis(w: Cim9World): Promise<void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  await w.send('CIS', eventsMessage(w.requestHeader('created', 'EndDeviceEvents'), [m], EPRI_TAMPER), `MDM (the suite) → CIS created(EndDeviceEvents) tamper ${EPRI_TAMPER} of meter ${m.mRID}`);
}

/** When (MSR-03): the CIS waits for the MDM's forward of the tamper */
export function awaitCisTamper(w: Cim9World): Promise<void> {
  return awaitMdmEvents(w, 'tamper event', { all: true, to: { path: LISTENER_PATHS.cisEvents, peer: 'CIS' } });
}

/** Then (MSR-03 step 2): the CIS is told the tamper of the meter with the code the head-end sent (3.12.0.257) */
export function checkCisTamperStep(w: Cim9World): void {
  const { meter, payloads, findings, first } = publishedEvents(w, 'tamper event');
  findings.push(...checkTamperEvents(payloads, { meter, codes: 'epri-exact' }, w.ctx(first.label, first.received?.at)));
  w.assert(findings, 'tamper forwarded to the CIS');
}

/** When: a PAN device at the meter's premises raises an event; its events name the meter's usage point (CIM9-134) */
export function panEventAt(w: Cim9World): Promise<'skipped' | void> {
  const up = w.meters[0]?.usagePoint;
  return fieldEvent(w, 'pan-event', { usagePoints: up ? [up] : [] });
}

/** When: the MDM waits for the events (every message until the quiet period ends) */
export function awaitServiceEvents(w: Cim9World, what: string): Promise<void> {
  return awaitMdmEvents(w, what, { all: true });
}

function token<T extends string>(w: Cim9World, id: string, fallback: T, allowed: readonly T[]): T {
  const v = String(w.run.assumptions[id] ?? fallback) as T;
  const out = allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

/** Then (MSR-02): both meters' change-out events, of domain 6, the removal not after the installation */
export function checkChangeOutStep(w: Cim9World): void {
  const c = changeOuts.get(w);
  if (!c) throw new SuiteError('no meter was changed out before this step');
  const { payloads, findings, first } = publishedEvents(w, 'change-out event');
  c.told = true;
  const codes = token<ChangeOutCodes>(w, 'CIM9-130', 'removed-installed', ['removed-installed', 'any-installation']);
  const order = token(w, 'CIM9-131', 'removal-first', ['removal-first', 'off']) === 'removal-first';
  findings.push(...checkChangeOutEvents(payloads, { oldMeter: c.oldMeter, newMeter: c.newMeter, codes, order }, w.ctx(first.label, first.received?.at)));
  w.assert(findings, 'change-out events');
}

/** Then (MSR-03): a tamper event of the meter */
export function checkTamperStep(w: Cim9World): void {
  const { meter, payloads, findings, first } = publishedEvents(w, 'tamper event');
  const codes = token<TamperCodes>(w, 'CIM9-132', 'security-257', ['security-257', 'epri-exact']);
  findings.push(...checkTamperEvents(payloads, { meter, codes }, w.ctx(first.label, first.received?.at)));
  w.assert(findings, 'tamper event');
}

/** CIM9-133: the PAN EndDeviceTypes (a list of numbers) */
export function panTypes(w: Cim9World): number[] {
  const v = w.run.assumptions['CIM9-133'] as unknown;
  const list = v === undefined ? ['12', '15', '16', '17', '19'] : Array.isArray(v) ? v : String(v).split(',');
  const out = list.map((x) => Number(String(x).trim())).filter((n) => Number.isInteger(n));
  w.usedAssumptions['CIM9-133'] = out.join(', ');
  return out;
}

/** Then (PAN-02): the events of the meter's premises are of PAN devices */
export function checkPanStep(w: Cim9World): void {
  const { meter, payloads, findings, first } = publishedEvents(w, 'PAN device event');
  w.usedAssumptions['CIM9-134'] = 'usage-point-or-meter';
  findings.push(...checkPanEvents(payloads, { meter, usagePoint: w.meters[0]?.usagePoint, panTypes: panTypes(w) }, w.ctx(first.label, first.received?.at)));
  w.assert(findings, 'PAN device events');
}
