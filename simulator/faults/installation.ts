/**
 * Faults of the head-end's master-data publications for meters installed in and removed from the field
 * (simulator/handlers/installation.ts, features/meter-installation.feature): each one a single, minimal violation
 * of the publication the MDM (the subscriber the suite plays) must receive. The first word of `violates` is the
 * rule the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const INSTALLATION_FAULTS: FaultDef[] = [
  {
    id: 'hes-meterconfig-wrong-meter',
    scope: '@usecase:MD-02 and @role:HES',
    violates: 'MD-PUBLICATION (the head-end\'s MeterConfig publication names the meter installed or removed in the field, and no other)',
    roles: ['HES'],
    area: 'master-data',
    description: 'created / deleted(MeterConfig) for a meter installed or removed in the field describes another meter of the head-end (mRID, serial number and Names)',
    // the publication names no meter the scenario waits for: it stays unclaimed and is reported as unsolicited
    expectUnsolicited: true,
  },
  {
    id: 'hes-meterconfig-not-published',
    scope: '@usecase:MD-02 and @role:HES',
    violates: 'MD-PUBLICATION (the head-end tells its master-data subscriber of each meter installed or removed in the field, UC-29)',
    roles: ['HES'],
    area: 'master-data',
    description: 'a meter installed or removed in the field joins or leaves the head-end\'s store, but no MeterConfig publication is sent',
  },
  {
    id: 'hes-meterconfig-present-tense',
    scope: '@usecase:MD-02 and @role:HES',
    violates: 'ENV-KIND (a publication is an EventMessage with a past-tense verb: CreatedMeterConfig / DeletedMeterConfig)',
    roles: ['HES'],
    area: 'master-data',
    description: 'the head-end tells of a meter installed or removed with the request verb (CreateMeterConfig / DeleteMeterConfig RequestMessage) instead of the event',
  },
  {
    id: 'hes-meterconfig-published-twice',
    scope: '@usecase:MD-02 and @role:HES',
    violates: 'MD-PUBLICATION (a subscriber is told of each master-data change once)',
    roles: ['HES'],
    area: 'master-data',
    description: 'each MeterConfig publication for a meter installed or removed is sent twice, in two messages with their own MessageIDs',
  },
];
