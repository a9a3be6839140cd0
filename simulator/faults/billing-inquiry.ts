/**
 * Faults of the MDM answering a billing inquiry (MR-05, simulator/handlers/billing-inquiry.ts,
 * features/billing-inquiry.feature). Each one a single, minimal violation; the first word of `violates` is the rule
 * the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const BILLING_INQUIRY_FAULTS: FaultDef[] = [
  {
    id: 'billing-non-billing-type',
    scope: '@uc:billing-inquiry',
    violates: 'MR-BILLING-TYPE (every ReadingType of the answer to a billing inquiry is a billing quantity, CIM9-177)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the answer to a get(MeterReadings) with a reason (a billing inquiry) also carries a Reading of the 15-minute load-profile ReadingType 0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0 (the last interval\'s consumption), which is no billing quantity',
  },
  {
    id: 'billing-reason-not-echoed',
    scope: '@uc:billing-inquiry',
    violates: 'MR-BILLING-REASON (each Reading of the answer to a get(MeterReadings) with a reason carries that reason, CIM9-176)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    // CIM9-176 is uncertain: a warning by default
    detectWith: { 'CIM9-176': 'failure' },
    description: 'the MDM answers every get(MeterReadings) with reason inquiry in its Readings, also when the request asked for billing',
  },
];
