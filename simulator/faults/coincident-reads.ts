/**
 * Faults of the coincident read the head-end sends the MDM after a connect / disconnect in edition 2024 (MR-09,
 * simulator/handlers/coincident-reads.ts, features/coincident-reads.feature). Each one a single, minimal violation of
 * the coincident shape; the first word of `violates` is the rule the suite names when it catches the fault. Merged
 * into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const COINCIDENT_READ_FAULTS: FaultDef[] = [
  {
    id: 'coincident-shape-missing',
    scope: '@uc:coincident-reads',
    violates: 'MR-COINC-SHAPE (in edition 2024 the read after a switch comes in the coincident shape of MR-09, CIM9-185)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'in edition 2024 the head-end sends the final / initial read after a switch in the 2013 shape: one register Reading with the reason, no isCoincidentTrigger, no EndDeviceEvents',
    // the coincident shape is uncertain (CIM9-185): its absence is a warning by default
    detectWith: { 'CIM9-185': 'failure' },
  },
  {
    id: 'coincident-trigger-flag-missing',
    scope: '@uc:coincident-reads',
    violates: 'MR-COINC-TRIGGER (the MeterReading that holds the trigger event says isCoincidentTrigger=true)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'the final / initial read after a switch holds the switch event and the register readings, but its MeterReading has no isCoincidentTrigger',
  },
  {
    id: 'coincident-event-missing',
    scope: '@uc:coincident-reads',
    violates: 'MR-COINC-EVENT (the coincident MeterReading holds the switch event that triggered it)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'the final / initial read after a switch says isCoincidentTrigger=true but holds no EndDeviceEvents (the switch event is left out)',
  },
  {
    id: 'coincident-time-off',
    scope: '@uc:coincident-reads',
    violates: "MR-COINC-TIME (the coincident readings are taken at the trigger event's createdDateTime, UC-15 tolerance)",
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'the register readings of the final / initial read are timestamped 5 s after the switch event they are coincident with (still after the switch)',
  },
  {
    id: 'coincident-reason-wrong',
    scope: '@uc:coincident-reads',
    violates: 'MR-COINC-REASON (every coincident reading of a switch carries the reason of the switch: serviceDisconnect / serviceConnect)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'of the two register readings of the final / initial read, the second (reverse energy) carries reason "other" instead of serviceDisconnect / serviceConnect',
  },
];

/** the faults of the answer to a coincident request whose trigger is a reading (MR-08.2, MR-08.3) */
export const READING_TRIGGER_FAULTS: FaultDef[] = [
  {
    id: 'coincident-reading-trigger-missing',
    scope: '@uc:coincident-reads',
    violates: 'MR-COINC-READING (the answer to a coincident request with a reading as trigger holds the trigger Reading, with its time)',
    roles: ['HES', 'MDM'],
    area: 'readings',
    editions: ['2024'],
    description: 'asked for the register reading coincident with the maximum demand of a period, the SUT answers the register at the time of the maximum in a MeterReading that says isCoincidentTrigger=true, but leaves out the trigger (maximum demand) Reading',
  },
  {
    id: 'coincident-trigger-outside-period',
    scope: '@uc:coincident-reads',
    violates: 'MR-COINC-READING (the trigger reading of a coincident request lies within the timePeriod asked)',
    roles: ['HES', 'MDM'],
    area: 'readings',
    editions: ['2024'],
    description: 'asked for the register reading coincident with the maximum demand of a period, the SUT answers the maximum of the day before the period (and the register at its time)',
  },
  {
    id: 'coincident-reading-off-trigger',
    scope: '@uc:coincident-reads',
    violates: "MR-COINC-TIME (the readings coincident with a trigger reading share its timeStamp, UC-15 tolerance)",
    roles: ['HES', 'MDM'],
    area: 'readings',
    editions: ['2024'],
    description: 'asked for the register reading coincident with the maximum demand of a period, the SUT answers the register read one interval (15 minutes) after the maximum',
  },
];

/** every fault of the coincident shapes: the read after a switch (MR-09, MR-08.1) and the reading trigger (MR-08.2-.3) */
export const ALL_COINCIDENT_READ_FAULTS: FaultDef[] = [...COINCIDENT_READ_FAULTS, ...READING_TRIGGER_FAULTS];

/** the faults of the answer to a coincident request with a reading as trigger (MR-08) */
export function triggerReadingFaults(has: (id: string) => boolean): { triggerMissing: boolean; outsidePeriod: boolean; offTrigger: boolean } {
  return { triggerMissing: has('coincident-reading-trigger-missing'), outsidePeriod: has('coincident-trigger-outside-period'), offTrigger: has('coincident-reading-off-trigger') };
}

/** the isCoincidentTrigger text the head-end writes (coincident-trigger-flag-missing: none) */
export function triggerFlag(has: (id: string) => boolean): string | undefined {
  return has('coincident-trigger-flag-missing') ? undefined : 'true';
}

/** whether the coincident MeterReading holds the switch event (coincident-event-missing: no) */
export function holdsTriggerEvent(has: (id: string) => boolean): boolean {
  return !has('coincident-event-missing');
}

/** the timeStamp of the coincident readings, given the event's time (coincident-time-off: 5 s later) */
export function coincidentTime(eventAt: Date, has: (id: string) => boolean): Date {
  return has('coincident-time-off') ? new Date(eventAt.getTime() + 5_000) : eventAt;
}

/** the reason of the `index`-th coincident reading (coincident-reason-wrong: the second one says "other") */
export function coincidentReason(reason: string, index: number, has: (id: string) => boolean): string {
  return has('coincident-reason-wrong') && index === 1 ? 'other' : reason;
}

/** whether the head-end leaves out the coincident shape altogether (coincident-shape-missing: the 2013 shape) */
export function plainSwitchRead(has: (id: string) => boolean): boolean {
  return has('coincident-shape-missing');
}
