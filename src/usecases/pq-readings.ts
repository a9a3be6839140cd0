/**
 * Power-quality measurements told by the head-end (EDE-08, ../shared/spec/use-cases.md §2.8, UC-08): the suite plays
 * the MDM at LISTENER_PATHS.mdmEvents.
 *
 *   1. a stimulus `pq-measurements` (src/usecases/stimuli.ts) causes a power-quality disturbance at the meter;
 *   2. the MDM waits for created(MeterReadings) (timeouts.eventSeconds) — of any meter, so that readings of another
 *      meter are EDE-PQ-METER, not a wait in vain;
 *   3. its ReadingTypes decode to minimum / maximum / average of a PQ kind, its values are numbers, its readings are of
 *      the meter (src/checks/pq-readings.ts).
 *
 * The get form (the other sequence of UC-08, CIM9-207): after the disturbance the suite, as the network operator, asks
 * the head-end get(MeterReadings) naming the meter, the PQ ReadingTypes of PQ_ASKED and the time window around the
 * disturbance (CIM9-208), and checks the answer like the published form, within the window, with the ReadingTypes
 * asked (src/checks/pq-readings.ts checkPqAnswer). What the head-end publishes to the MDM meanwhile is claimed as not
 * examined.
 *
 * The MDM as responder (CIM9-213, EDE-08.3): the suite, as the head-end, tells the MDM created(MeterReadings) with PQ
 * measurements of the meter (PQ_ASKED, values of its own, stamped at the last whole quarter-hour); then, as the network
 * operator, asks the MDM get(MeterReadings) for those ReadingTypes over the window of CIM9-208 around them; the answer
 * passes the rules of the published form and carries each measurement told (checkPqKept, EDE-PQ-KEPT).
 *
 * Deliveries are the scenario's own after its mark (./deliveries.ts).
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { fireStimulus } from '../session/stimulus.ts';
import { SuiteError } from '../session/verdict.ts';
import { readMessage } from '../message/index.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkPqAnswer, checkPqKept, checkPqReadings, pqAssumptions, type PqQuery, type ToldMeasurement } from '../checks/pq-readings.ts';
import { buildMeterReadings } from '../payloads/meterReadings.ts';
import type { Finding } from '../checks/finding.ts';
import { nowTimestamp } from '../message/index.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { getMeterReadingsMessage } from './requests.ts';
import { awaitQuietDeliveries, claimNotExamined, deliveredElsewhere, deliveriesSince, markDeliveries } from './deliveries.ts';

interface PqState {
  meter: string;
  since: number;
  /** when the suite caused the disturbance (epoch ms) */
  at: number;
  readings?: Exchange;
  /** the get form: what the suite asked */
  query?: PqQuery;
}

/**
 * The PQ ReadingTypes the suite asks the head-end for in the get form (codes.md §5.15 ✔, use-cases.md §2.8: min / max /
 * average voltage, THD, frequency, power factor): minimum, maximum and average 15-minute voltage A-N, maximum
 * 15-minute THD of phase A, average 15-minute frequency and power factor ABC.
 */
export const PQ_ASKED: readonly string[] = [
  '0.9.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0',
  '0.8.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0',
  '0.2.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0',
  '0.8.2.12.1.1.47.0.0.0.0.0.0.0.128.-2.151.0',
  '0.2.2.12.1.1.15.0.0.0.0.0.0.0.0.0.33.0',
  '0.2.2.12.1.1.38.0.0.0.0.0.0.0.224.0.65.0',
];

/** whether the profile has the get form of EDE-08 tested (UC-08 ≠ events, CIM9-207 = get-meter-readings); the reason when not */
export function pqGetNotApplicable(assumptions: Readonly<Record<string, unknown>>): string | undefined {
  if (String(assumptions['UC-08'] ?? 'either') === 'events') return 'the SUT tells power quality as events only, not as measurements (assumption UC-08 = events)';
  if (String(assumptions['CIM9-207'] ?? 'get-meter-readings') === 'none') return 'the head-end keeps no power-quality measurements to be asked for (assumption CIM9-207 = none)';
  return undefined;
}

/** the window the suite asks for around a disturbance at `at` (CIM9-208: interval ± 15 min, hour ± 60 min) */
export function pqWindow(at: number, cim9208: string): { start: string; end: string } {
  const margin = (cim9208 === 'hour' ? 60 : 15) * 60_000;
  return { start: nowTimestamp(() => new Date(at - margin)), end: nowTimestamp(() => new Date(at + margin)) };
}

const states = new WeakMap<object, PqState>();

/** a delivery after `since` of MeterReadings (read from the payload, else from the header noun) */
export function meterReadingsDelivery(since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const r = readMessage(m.body);
    const root = r.ok ? r.wire.message?.payload?.root : undefined;
    return root ? root.name === 'MeterReadings' : m.inspected.noun === 'MeterReadings';
  };
}

/** When: a power-quality disturbance at the meter in the field (the stimulus pq-measurements) */
export async function causePqDisturbance(w: Cim9World): Promise<'skipped' | void> {
  const meter = w.meters[0]?.mRID;
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { meter, since: deliveriesSince(w), at: Date.now() });
  return fireStimulus(w, 'pq-measurements', meter);
}

/** When: the MDM waits for created(MeterReadings) with the PQ measurements (timeouts.eventSeconds); none is DOM-EXPECTED */
export async function awaitPqReadings(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) throw new SuiteError('no power-quality disturbance was caused before this step');
  w.expectedEvent = { verb: 'created', noun: 'MeterReadings' };
  const limit = w.profile.timeouts.eventSeconds;
  const match = meterReadingsDelivery(s.since);
  const label = 'created(MeterReadings) power-quality measurements to the MDM';
  const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, limit, label);
  if (!x) {
    w.assert(
      [
        ruleFinding('DOM-EXPECTED', `no created(MeterReadings) reached the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${limit} s (timeouts.eventSeconds) after the power-quality disturbance at meter ${s.meter}`, { expected: `created(MeterReadings) with the power-quality measurements of meter ${s.meter} within ${limit} s`, actual: `nothing within ${limit} s` }),
        ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.mdmEvents, s.since, match),
      ],
      'power-quality measurements published',
    );
    throw new SuiteError('unreachable: a missing publication is a finding');
  }
  s.readings = x;
  w.lastEvent = x;
}

/** Then: every ReadingType is a min / max / average of a PQ kind, every value a number, every reading of the meter */
export function checkPqReadingsStep(w: Cim9World): void {
  const s = states.get(w);
  const x = s?.readings;
  if (!s || !x) throw new SuiteError('no power-quality measurement was received before this step');
  const ctx = w.ctx(x.label, x.received?.at);
  Object.assign(w.usedAssumptions, pqAssumptions(ctx));
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'MeterReadings') {
    return w.assert([ruleFinding('DOM-EXPECTED', `${x.label}: no MeterReadings payload could be read`, { file: x.label, expected: 'a MeterReadings payload', actual: 'none readable' })], 'power-quality measurements');
  }
  w.assert(checkPqReadings(root, { meter: s.meter }, ctx), 'power-quality measurements: min / max / average of PQ kinds, numeric, of the meter');
}

/** When: the network operator (the suite) asks the head-end get(MeterReadings) for the PQ measurements of the meter over the disturbance */
export async function askPqMeasurements(w: Cim9World): Promise<Exchange> {
  const s = states.get(w);
  if (!s) throw new SuiteError('no power-quality disturbance was caused before this step');
  const why = pqGetNotApplicable(w.profile.assumptions as Readonly<Record<string, unknown>>);
  if (why) throw new SuiteError(`the get form of EDE-08 does not apply: ${why}`);
  w.usedAssumptions['CIM9-207'] = 'get-meter-readings';
  const cim9208 = String(w.run.assumptions['CIM9-208'] ?? 'interval');
  w.usedAssumptions['CIM9-208'] = cim9208;
  const window = pqWindow(s.at, cim9208);
  s.query = { meter: s.meter, readingTypes: PQ_ASKED, ...window };
  const msg = getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), [s.meter], [...PQ_ASKED], window);
  return w.send('HES', msg, `network operator (the suite) → head-end get(MeterReadings) PQ measurements of meter ${s.meter}, ${window.start} to ${window.end}`);
}

/**
 * Then: the answer's measurements are min / max / average of PQ kinds, of the meter, within the window asked, of the
 * ReadingTypes asked (checkPqAnswer). What the head-end published to the MDM after the disturbance is claimed first
 * (once deliveries are quiet, or the embedded SUT idle), as not examined.
 */
export async function checkPqAnswerStep(w: Cim9World): Promise<void> {
  const s = states.get(w);
  const x = w.last;
  if (!s?.query || !x) throw new SuiteError('the head-end was asked for no power-quality measurement before this step');
  const ctx = w.ctx(x.label, x.received?.at);
  const cim9209 = String(w.run.assumptions['CIM9-209'] ?? 'lenient');
  w.usedAssumptions['CIM9-209'] = cim9209;
  Object.assign(w.usedAssumptions, pqAssumptions(ctx));
  const root = x.wire?.message?.payload?.root;
  const findings: Finding[] = !root || root.name !== 'MeterReadings'
    ? [ruleFinding('DOM-EXPECTED', `${x.label}: the reply carries no MeterReadings payload: no power-quality measurement of meter ${s.meter} to check`, { file: x.label, expected: 'a MeterReadings payload', actual: 'no payload' })]
    : checkPqAnswer(root, s.query, ctx);
  const quietMs = quietSecondsOf(w.profile) * 1000;
  if ((await w.sutIdle(quietMs)) === undefined) {
    await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.mdmEvents, since: s.since, quietMs, deadline: s.at + w.profile.timeouts.eventSeconds * 1000 });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: s.since, title: "Delivered to the MDM's address after the power-quality disturbance and not examined by this scenario (the get form)" });
  w.assert(findings, 'power-quality measurements asked: min / max / average of PQ kinds, of the meter, within the window, of the ReadingTypes asked');
}

// ------------------------------------------------------------------------------------------------ the MDM as responder (CIM9-213)

/** the values the suite, as the head-end, tells the MDM for PQ_ASKED (V, V, V, % × 10⁻², Hz, cos φ) */
export const PQ_TOLD_VALUES: readonly string[] = ['211.6', '238.2', '229.4', '318', '50.01', '0.91'];

/** whether the profile has the MDM's get form of EDE-08 tested (UC-08 ≠ events, CIM9-213 = kept); the reason when not */
export function pqMdmNotApplicable(assumptions: Readonly<Record<string, unknown>>): string | undefined {
  if (String(assumptions['UC-08'] ?? 'either') === 'events') return 'the SUT tells power quality as events only, not as measurements (assumption UC-08 = events)';
  if (String(assumptions['CIM9-213'] ?? 'kept') === 'none') return 'the MDM keeps no power-quality measurements to be asked for (assumption CIM9-213 = none)';
  return undefined;
}

interface MdmPqState {
  meter: string;
  at: number;
  told: ToldMeasurement[];
  query?: PqQuery;
}
const mdmStates = new WeakMap<object, MdmPqState>();

/** When: the head-end (the suite) tells the MDM created(MeterReadings) with PQ measurements of the meter */
export async function tellMdmPq(w: Cim9World): Promise<Exchange> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  const why = pqMdmNotApplicable(w.profile.assumptions as Readonly<Record<string, unknown>>);
  if (why) throw new SuiteError(`the MDM's get form of EDE-08 does not apply: ${why}`);
  w.usedAssumptions['CIM9-213'] = 'kept';
  const step = 15 * 60_000;
  const at = Math.floor(Date.now() / step) * step;
  const timeStamp = nowTimestamp(() => new Date(at));
  const told = PQ_ASKED.map((readingType, i) => ({ readingType, timeStamp, value: PQ_TOLD_VALUES[i]! }));
  mdmStates.set(w, { meter: m.mRID, at, told });
  const root = buildMeterReadings({ meterReadings: [{ meter: { mRID: m.mRID }, readings: told, ...(m.usagePoint && { usagePoint: { mRID: m.usagePoint } }) }] });
  return w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'MeterReadings'), payload: { root } }, `head-end (the suite) → MDM created(MeterReadings) PQ measurements of meter ${m.mRID} at ${timeStamp}`);
}

/** When: the network operator (the suite) asks the MDM get(MeterReadings) for the PQ measurements of the meter over their time (CIM9-208) */
export async function askMdmPq(w: Cim9World): Promise<Exchange> {
  const s = mdmStates.get(w);
  if (!s) throw new SuiteError('the MDM was told no power-quality measurement before this step');
  const cim9208 = String(w.run.assumptions['CIM9-208'] ?? 'interval');
  w.usedAssumptions['CIM9-208'] = cim9208;
  const window = pqWindow(s.at, cim9208);
  s.query = { meter: s.meter, readingTypes: PQ_ASKED, ...window };
  const msg = getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), [s.meter], [...PQ_ASKED], window);
  return w.send('MDM', msg, `network operator (the suite) → MDM get(MeterReadings) PQ measurements of meter ${s.meter}, ${window.start} to ${window.end}`);
}

/**
 * Then: the MDM's answer carries the measurements told (EDE-PQ-KEPT) and passes the rules of the published form: min /
 * max / average of PQ kinds, of the meter, within the window, of the ReadingTypes asked (checkPqAnswer)
 */
export function checkMdmPqAnswerStep(w: Cim9World): void {
  const s = mdmStates.get(w);
  const x = w.last;
  if (!s?.query || !x) throw new SuiteError('the MDM was asked for no power-quality measurement before this step');
  const ctx = w.ctx(x.label, x.received?.at);
  w.usedAssumptions['CIM9-209'] = String(w.run.assumptions['CIM9-209'] ?? 'lenient');
  Object.assign(w.usedAssumptions, pqAssumptions(ctx));
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'MeterReadings') {
    return w.assert([ruleFinding('DOM-EXPECTED', `${x.label}: the reply carries no MeterReadings payload: none of the ${s.told.length} power-quality measurements told to the MDM`, { file: x.label, expected: `a MeterReadings payload with the ${s.told.length} measurements told to the MDM`, actual: 'no payload' })], 'power-quality measurements kept');
  }
  w.assert([...checkPqAnswer(root, s.query, ctx), ...checkPqKept(root, { meter: s.meter, measurements: s.told }, ctx)], 'power-quality measurements kept by the MDM: those told, min / max / average of PQ kinds, of the meter, within the window');
}
