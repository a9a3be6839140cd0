/**
 * Faults of the change of customer program (simulator/handlers/customer-programs.ts, features/customer-programs.feature):
 * the configuration-changed event the head-end tells after a reprogramming command (EDC-04), and whether the MDM
 * reprograms the meter after a program change (EDC-03). Each one a single, minimal violation; the first word of
 * `violates` is the rule the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const CUSTOMER_PROGRAM_FAULTS: FaultDef[] = [
  {
    id: 'program-change-no-event',
    scope: '@uc:customer-programs',
    violates: 'EDC-PROGRAM-EVENT (after a reprogramming command the head-end tells the configuration-changed event of the meter)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the head-end answers the reprogramming command create(EndDeviceControls) OK but tells its subscriber no event',
  },
  {
    id: 'program-change-event-wrong-domain',
    scope: '@uc:customer-programs',
    violates: 'EDC-PROGRAM-DOMAIN (the event confirming a program change decodes to domain 7 Configuration or 20 Billing)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after a reprogramming command the head-end tells x.21.0.24 (Metrology domain) instead of the configuration-changed event x.7.0.24',
  },
  {
    id: 'program-change-event-wrong-meter',
    scope: '@uc:customer-programs',
    violates: 'EDC-PROGRAM-METER (the configuration-changed event names the meter reprogrammed)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the configuration-changed event that follows a reprogramming command names another meter the head-end knows (or the meter mRID with "-X" appended when it knows no other)',
  },
  {
    id: 'mdm-does-not-reprogram',
    scope: '@uc:customer-programs',
    violates: 'EDC-REPROGRAM (after a change of customer program the MDM has its head-end reprogram the meter)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM answers change(UsagePointConfig) with a new PricingStructure OK but sends its head-end no create(EndDeviceControls)',
  },
];

type Has = (id: string) => boolean;

/** whether the head-end tells the event at all (program-change-no-event: no) */
export const tellsProgramEvent = (has: Has): boolean => !has('program-change-no-event');

/** the event told for a program change: x.7.0.24 (program-change-event-wrong-domain: x.21.0.24 Metrology) */
export function programEventType(type: string, has: Has): string {
  return `${type}.${has('program-change-event-wrong-domain') ? '21' : '7'}.0.24`;
}

/** the meter the event names (program-change-event-wrong-meter: another known meter, else the mRID with "-X") */
export function programEventMeter(meter: string, known: readonly string[], has: Has): string {
  if (!has('program-change-event-wrong-meter')) return meter;
  return known.find((m) => m !== meter) ?? `${meter}-X`;
}

/** whether the MDM has its head-end reprogram the meter after a program change (mdm-does-not-reprogram: no) */
export const mdmReprograms = (has: Has): boolean => !has('mdm-does-not-reprogram');
