/**
 * The reference MDM answering a billing inquiry (MR-05): get(MeterReadings) with Reading/reason for billing
 * determinants (simulator/store.ts BILLING_RTS: the register, the billing-period register, its TOU buckets A and B, the
 * billing-period maximum demand) is answered from the MDM's own data — never relayed to the head-end — each Reading
 * with the request's reason, dated at the end of the current billing period so far (now). ./readings.ts calls it.
 * The faults are simulator/faults/billing-inquiry.ts.
 */
import { nowTimestamp } from '../../src/message/index.ts';
import type { ReadingValue } from '../../src/payloads/meterReadings.ts';
import { BILLING_RTS, INTERVAL_RT, INTERVAL_SECONDS, REGISTER_RT } from '../store.ts';
import type { SimContext } from '../context.ts';

/** the ReadingTypes the reference MDM answers a billing inquiry with (besides its register and load profile) */
export const isBillingDeterminant = (rt: string): boolean => BILLING_RTS.includes(rt);

/** the reason the MDM writes in its Readings: the request's (billing-reason-not-echoed: always inquiry) */
export function answeredReason(ctx: SimContext, asked: string | undefined): string {
  return ctx.has('billing-reason-not-echoed') ? 'inquiry' : (asked ?? 'inquiry');
}

/** the billing-period Readings (not the register, ./readings.ts answers it) of a meter asked for */
export function billingReadings(ctx: SimContext, meter: string, readingTypes: readonly string[], reason: string | undefined, now: Date): ReadingValue[] {
  const out: ReadingValue[] = readingTypes
    .filter((rt) => rt !== REGISTER_RT && isBillingDeterminant(rt))
    .map((rt) => ({ readingType: rt, value: ctx.store.billingValue(meter, rt, now), timeStamp: nowTimestamp(() => now), reason: answeredReason(ctx, reason) }));
  // billing-non-billing-type: the last 15-minute load-profile interval goes with the answer to a billing inquiry
  if (reason !== undefined && ctx.has('billing-non-billing-type')) {
    const end = new Date(Math.floor(now.getTime() / (INTERVAL_SECONDS * 1000)) * INTERVAL_SECONDS * 1000);
    out.push({ readingType: INTERVAL_RT, value: ctx.store.intervalValue(meter, end), timeStamp: nowTimestamp(() => end), reason: answeredReason(ctx, reason) });
  }
  return out;
}
