/**
 * Billing inquiry with the MDM as SUT (MR-05, use-cases.md §3.5): the suite plays the CIS (customer service) and asks
 * the MDM get(MeterReadings) for the billing determinants of a meter (data.readingTypes.billing: registers,
 * billing-period values of macroPeriod 8, TOU buckets, maximum demand; the register alone when the profile lists
 * none) with Reading/reason billing or inquiry. The answer carries every determinant asked for (the generic
 * MeterReadings checks), each ReadingType a billing quantity (MR-BILLING-TYPE, CIM9-177) and each Reading the
 * request's reason (MR-BILLING-REASON, CIM9-176). The rules are src/checks/billing-inquiry.ts.
 */
import type { Cim9World } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import type { Message } from '../message/index.ts';
import { buildGetMeterReadings } from '../payloads/meterReadings.ts';
import { checkBillingAnswer, type BillingTypes } from '../checks/billing-inquiry.ts';
import { checkMeterReadings } from '../checks/domain.ts';
import { severityOf } from '../checks/assume.ts';
import { ruleFinding } from '../checks/catalogue.ts';

/** the reasons a billing inquiry may give (ReadingReasonKind, payloads.md §0.4; use-cases.md §3.5) */
export const BILLING_REASONS = ['billing', 'inquiry'] as const;
export type BillingReason = (typeof BILLING_REASONS)[number];

interface Inquiry {
  meter: string;
  readingTypes: string[];
  reason: BillingReason;
}

const inquiries = new WeakMap<object, Inquiry>();

/** the billing determinants the profile names (data.readingTypes.billing), else the register */
export function billingDeterminants(data: { readingTypes: { register: string; billing?: string[] } }): string[] {
  return data.readingTypes.billing?.length ? [...data.readingTypes.billing] : [data.readingTypes.register];
}

/** get(MeterReadings) for billing determinants of meters, with a reason */
export function billingInquiryMessage(header: Message['header'], meters: string[], readingTypes: string[], reason: string): Message {
  return { kind: 'request', header, request: { query: buildGetMeterReadings({ endDevices: meters, readingTypes, reason }) } };
}

/** When: the CIS asks the MDM for the billing determinants of the scenario's meter with a reason */
export async function askBillingDeterminants(w: Cim9World, reason: string): Promise<void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  if (!(BILLING_REASONS as readonly string[]).includes(reason)) throw new SuiteError(`a billing inquiry gives reason billing or inquiry, not "${reason}"`);
  const q: Inquiry = { meter: m.mRID, readingTypes: billingDeterminants(w.profile.data), reason: reason as BillingReason };
  inquiries.set(w, q);
  await w.send('MDM', billingInquiryMessage(w.requestHeader('get', 'MeterReadings'), [q.meter], q.readingTypes, reason), `get(MeterReadings) billing determinants of meter ${q.meter} (reason ${reason})`);
}

function token<T extends string>(w: Cim9World, id: string, fallback: T, allowed: readonly T[]): T {
  const v = String(w.run.assumptions[id] ?? fallback) as T;
  const out = allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

/** Then: every determinant asked for, each a billing quantity (CIM9-177), each Reading with the request's reason (CIM9-176) */
export function checkBillingStep(w: Cim9World): void {
  const q = inquiries.get(w);
  const x = w.last;
  if (!q || !x) throw new SuiteError('no billing inquiry was sent before this step');
  const root = x.wire?.message?.payload?.root;
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  if (!root) return w.assert([ruleFinding('DOM-EXPECTED', `${x.label} reply: no MeterReadings payload`, { file: `${x.label} reply`, expected: 'a MeterReadings payload', actual: x.wire?.fault ? 'a SOAP fault' : 'no payload' })], 'billing determinants');
  const types = token<BillingTypes>(w, 'CIM9-177', 'billing-quantity', ['billing-quantity', 'decodable', 'off']);
  const echo = token(w, 'CIM9-176', 'warning', ['warning', 'failure', 'off']);
  w.assert(
    [
      ...checkMeterReadings(root, { meters: [q.meter], readingTypes: q.readingTypes }, ctx),
      ...checkBillingAnswer(root, { types, reason: q.reason, reasonSeverity: severityOf(echo, 'warning'), reasonText: echo }, ctx),
    ],
    'billing determinants',
  );
}
