/**
 * Faults of the MDM told a meter change-out (EDC-05, MSR-04; simulator/handlers/change-out.ts, features/change-out.feature).
 * Each one a single, minimal violation; the first word of `violates` is the rule the suite names when it catches the
 * fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const CHANGE_OUT_FAULTS: FaultDef[] = [
  {
    id: 'changeout-old-link-left-open',
    violates: 'CHANGEOUT-LINK (after a change-out the usage point is linked to the new meter and no longer to the old one)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013', '2024'],
    // the master-data scenario that ends a link sees it too (MD-STATE)
    scope: '@usecase:EDC-05 or @usecase:MSR-04 or @req:MD-04.7',
    description: 'the MDM acknowledges the end (close / delete) of a MasterDataLinkageConfig but keeps the link open, and lets a usage point be linked to a second meter: after a change-out the usage point has the old meter and the new one',
  },
  {
    id: 'changeout-final-read-to-new-meter',
    violates: 'CHANGEOUT-READS (the final read of the old meter is kept as a reading of the old meter, not of the new one)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:EDC-05 or @usecase:MSR-04',
    description: 'the MDM keeps a read with reason removal under the meter linked now to the usage point the read names (after a change-out, the new meter) instead of the meter it was read from',
  },
  {
    id: 'changeout-read-reason-dropped',
    violates: 'CHANGEOUT-READ-REASON (the final and initial reads of a change-out keep their reason removal / installation, CIM9-189)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:EDC-05 or @usecase:MSR-04',
    // CIM9-189 is uncertain: a warning by default
    detectWith: { 'CIM9-189': 'failure' },
    description: 'the MDM keeps the value and time of the final and initial reads of a change-out but not their Reading.reason',
  },
  {
    id: 'changeout-status-not-kept',
    violates: 'CHANGEOUT-ASSET-STATUS (the status of a meter removed for recalibration sent in change(MeterConfig) comes back, CIM9-190)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013'],
    scope: '@usecase:MSR-04',
    // CIM9-190 is uncertain: a warning by default
    detectWith: { 'CIM9-190': 'failure' },
    description: 'the MDM acknowledges change(MeterConfig) with the status of the old meter (removed, recalibration) but keeps the status it had',
  },
];
