/**
 * Faults of the reference MDM's forward of meter health events to its maintenance consumer (simulator/handlers/
 * health-forward.ts, features/health-forward.feature, EDE-06). Each one a single, minimal violation; the first word
 * of `violates` is the rule the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const HEALTH_FORWARD_FAULTS: FaultDef[] = [
  {
    id: 'health-not-forwarded',
    scope: '@uc:health-forward',
    violates: 'EDE-FWD-EVENTS (the MDM forwards the health events the head-end told it to the maintenance consumer, EDE-06)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM acknowledges the health events of the head-end (low battery, clock error) but never tells the maintenance consumer',
  },
  {
    id: 'health-forwarded-wrong-code',
    scope: '@uc:health-forward',
    violates: 'EDE-FWD-CODE (a forwarded health event keeps the code the head-end sent)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM forwards the clock error (3.36.0.79) of the head-end to the maintenance consumer as a clock change (3.36.0.24)',
  },
  {
    id: 'health-forwarded-wrong-meter',
    scope: '@uc:health-forward',
    violates: 'EDE-FWD-METER (a forwarded health event names the meter the head-end named)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM forwards the health events of a meter to the maintenance consumer naming another of its meters (Assets)',
  },
  {
    id: 'health-forwarded-time-changed',
    scope: '@uc:health-forward',
    violates: 'EDE-FWD-TIME (a forwarded health event keeps the createdDateTime the head-end sent)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM forwards the health events to the maintenance consumer dated when it forwards them instead of when the meter raised them',
  },
  {
    id: 'non-health-forwarded',
    scope: '@uc:health-forward',
    violates: 'EDE-FWD-ONLY-HEALTH (only health events go to the maintenance consumer, CIM9-166)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM forwards to the maintenance consumer every event of the head-end\'s message, the voltage imbalance (3.26.38.98) with the health events',
  },
  {
    id: 'health-forwarded-twice',
    scope: '@usecase:EDE-06',
    area: 'timing',
    violates: 'DOM-EVENT-ONCE (the maintenance consumer is told each health event once, EDE-06)',
    roles: ['MDM'],
    editions: ['2013', '2024'],
    description: 'the MDM forwards the health events to the maintenance consumer a second time (the same EndDeviceEvents, a new header) right after the first',
  },
];
