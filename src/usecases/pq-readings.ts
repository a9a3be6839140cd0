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
 * Deliveries are the scenario's own after its mark (./deliveries.ts).
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { fireStimulus } from '../session/stimulus.ts';
import { SuiteError } from '../session/verdict.ts';
import { readMessage } from '../message/index.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkPqReadings, pqAssumptions } from '../checks/pq-readings.ts';
import { deliveredElsewhere, deliveriesSince, markDeliveries } from './deliveries.ts';

interface PqState {
  meter: string;
  since: number;
  readings?: Exchange;
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
  states.set(w, { meter, since: deliveriesSince(w) });
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
        ruleFinding('DOM-EXPECTED', `no created(MeterReadings) reached the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${limit} s (timeouts.eventSeconds) after the power-quality disturbance at meter ${s.meter}`),
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
    return w.assert([ruleFinding('DOM-EXPECTED', `${x.label}: no MeterReadings payload could be read`, { file: x.label })], 'power-quality measurements');
  }
  w.assert(checkPqReadings(root, { meter: s.meter }, ctx), 'power-quality measurements: min / max / average of PQ kinds, numeric, of the meter');
}
