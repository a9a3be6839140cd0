/**
 * Meter installation and removal with the CIS as SUT (MSR-01, use-cases.md §5.1; 2013 only). The upper tester tells the
 * CIS (cis-meter-service, meters [the first meter in play, data.spareMeter]) to have the meter exchanged for the spare
 * one; the CIS sends the work management — the head-end the suite plays (LISTENER_PATHS.hes), which acknowledges it —
 * create(MeterServiceRequests): one work of kind meter with its requestDateTime, the spare meter as Meter, the meter
 * in play as OldMeter (CIM9-237) and its usage point (MSR-CLIENT-REQUEST). The work management then tells the CIS the
 * completion, changed(MeterServiceRequests) (CIM9-235) of the same work with the meters' reads, status completed; the
 * CIS must acknowledge it (the shared reply steps) and hold its reads: its upper tester (cis-report-readings) reports the
 * initial read of the installed meter and the final read of the removed one (MSR-CLIENT-HELD). Nothing is installed
 * anywhere: no clean-up.
 */
import type { Message } from '../message/index.ts';
import { nowTimestamp } from '../message/index.ts';
import { buildMeterServiceRequests, readMeterServiceRequests } from '../payloads/meterServiceRequests.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkClientServiceRequest, checkServiceReadsHeld } from '../checks/meter-service.ts';
import { reportOfClient } from '../session/stimulus.ts';
import { clientState, orderRequest } from './client-requests.ts';

/** the reads the completion carries: the installed meter's initial read, the removed meter's final read */
export const INITIAL_READ = '0.125';
export const FINAL_READ = '12345.678';
const told = new WeakMap<object, { meter: string; value: string }[]>();

/** When: the upper tester tells the CIS to have the meter in play exchanged for the spare meter (cis-meter-service) */
export function orderMeterService(w: Cim9World): Promise<'skipped' | void> {
  return orderRequest(w, 'cis-meter-service', { newMeter: w.profile.data.spareMeter });
}

function ordered(w: Cim9World): { meter: string; oldMeter: string; usagePoint: string } {
  const s = clientState(w);
  const old = s.order.meters[0];
  if (!s.order.newMeter || !old) throw new SuiteError('the CIS was not told to have a meter exchanged before this step');
  if (!old.usagePoint) throw new SuiteError(`the meter ${old.mRID} of the order has no usage point in the profile (data.meters)`);
  return { meter: s.order.newMeter, oldMeter: old.mRID, usagePoint: old.usagePoint };
}

/** Then (MSR-CLIENT-REQUEST): the CIS's request names one work of kind meter, the new and the old meter, the usage point */
export function checkOrderedMeterService(w: Cim9World): void {
  const x = clientState(w).request;
  if (!x) throw new SuiteError('no request of the CIS was received before this step');
  w.assert(checkClientServiceRequest(x.wire?.message?.payload?.root, ordered(w), x.label), `${x.label}: the meter service request`);
}

/** When: the work management the suite plays tells the CIS the completion of the work it asked for (changed(MeterServiceRequests)) */
export async function tellCisCompletion(w: Cim9World): Promise<Exchange> {
  const x = clientState(w).request;
  const root = x?.wire?.message?.payload?.root;
  const work = root && root.name === 'MeterServiceRequests' ? readMeterServiceRequests(root)[0] : undefined;
  if (!work?.work) throw new SuiteError("the CIS's meter service request names no work (mRID) a completion could name");
  const o = ordered(w);
  const now = nowTimestamp();
  const rt = w.profile.data.readingTypes.register;
  const root2 = buildMeterServiceRequests([
    {
      mRID: work.work,
      kind: work.kind ?? 'meter',
      lastModifiedDateTime: now,
      requestDateTime: work.requestDateTime,
      meter: { mRID: o.meter, readings: [{ readingType: rt, value: INITIAL_READ, timeStamp: now, reason: 'installation' }] },
      oldMeter: { mRID: o.oldMeter, readings: [{ readingType: rt, value: FINAL_READ, timeStamp: now, reason: 'removal' }] },
      status: { dateTime: now, value: 'completed' },
      usagePoint: { mRID: o.usagePoint },
    },
  ]);
  const msg: Message = { kind: 'event', header: w.requestHeader('changed', 'MeterServiceRequests'), payload: { root: root2 } };
  told.set(w, [
    { meter: o.meter, value: INITIAL_READ },
    { meter: o.oldMeter, value: FINAL_READ },
  ]);
  return w.send('CIS', msg, `work management (the suite) → CIS changed(MeterServiceRequests) work ${work.work} completed`);
}

/** Then (MSR-CLIENT-HELD): the CIS's upper tester reports the reads of the completion it acknowledged */
export async function checkCompletionReadsHeld(w: Cim9World): Promise<'skipped' | void> {
  const reads = told.get(w);
  if (!reads) throw new SuiteError('no completion was sent to the CIS before this step');
  const report = await reportOfClient(w, { meters: reads.map((r) => r.meter) });
  if (report === 'skipped') return 'skipped';
  w.assert(checkServiceReadsHeld(report, reads, 'the CIS report (upper tester)'), 'what the CIS holds of the completion');
}
