/**
 * Faults of meter installation and removal (MSR-01; simulator/handlers/meter-service.ts, features/meter-service.feature):
 * the completion the head-end (work management) tells the CIS after it accepted create(MeterServiceRequests). Each one
 * a single, minimal violation; the first word of `violates` is the rule the suite names when it catches the fault.
 * Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

const SCOPE = '@uc:meter-service';
/** the master-data faults are seen by the scenarios that wait for the master data (the suite a master-data subscriber) */
const MD_SCOPE = '@uc:meter-service and @cap:md-publication';

export const METER_SERVICE_FAULTS: FaultDef[] = [
  {
    id: 'msr-no-completion',
    violates: 'MSR-SVC-COMPLETION (after accepting a meter service request, the work management tells the CIS of its completion)',
    roles: ['HES'],
    area: 'master-data',
    editions: ['2013', 'draft-2011'],
    scope: SCOPE,
    description: 'the head-end accepts create(MeterServiceRequests) (OK) but never tells the CIS the work is completed',
  },
  {
    id: 'msr-completion-other-meter',
    violates: 'MSR-SVC-IDENTITY (the completion names the meter of the request)',
    roles: ['HES'],
    area: 'master-data',
    scope: SCOPE,
    description: 'the completion names the work of the request but another Meter (an mRID the CIS never sent)',
  },
  {
    id: 'msr-completion-wrong-kind',
    violates: 'MSR-SVC-KIND (the completed work of a meter installation or removal is of kind meter)',
    roles: ['HES'],
    area: 'master-data',
    editions: ['2013', 'draft-2011'],
    scope: SCOPE,
    description: 'the completion tells the work as kind inspection instead of meter',
  },
  {
    id: 'msr-completion-before-request',
    violates: 'MSR-SVC-DATES (the completion is dated after the request)',
    roles: ['HES'],
    area: 'master-data',
    scope: SCOPE,
    description: 'the completion\'s lastModifiedDateTime is one day before the request',
  },
  {
    id: 'msr-md-no-linkage',
    violates: 'MSR-MD-LINK (after a completed installation or removal the MDM is told the link of the meter to the usage point)',
    roles: ['HES'],
    area: 'master-data',
    scope: MD_SCOPE,
    description: 'the head-end tells its master-data subscriber the MeterConfig of the meter but never its MasterDataLinkageConfig',
  },
  {
    id: 'msr-md-linkage-other-usage-point',
    violates: 'MSR-MD-LINK (the link told names the usage point of the work)',
    roles: ['HES'],
    area: 'master-data',
    scope: MD_SCOPE,
    description: 'the MasterDataLinkageConfig told links the meter to another usage point than the one of the work',
  },
  {
    id: 'msr-md-no-meter-config',
    violates: 'MSR-MD-METER (after a completed installation or removal the MDM is told the meter with MeterConfig)',
    roles: ['HES'],
    area: 'master-data',
    scope: MD_SCOPE,
    description: 'the head-end tells its master-data subscriber the link but never the MeterConfig of the meter',
  },
];

/**
 * MSR-01 with the MDM as SUT (simulator/handlers/meter-service.ts `meterServiceCompletionHandler`): the completion the work
 * management tells the MDM; each scoped to its own scenario (MSR-01.5, MSR-01.6)
 */
export const METER_SERVICE_MDM_FAULTS: FaultDef[] = [
  {
    id: 'msr-mdm-completion-not-linked',
    violates: 'CHANGEOUT-LINK (after the completion of a meter exchange the MDM links the usage point to the installed meter and no longer to the removed one; MSR-01, CIM9-249)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013'],
    scope: '@req:MSR-01.5',
    description: 'the MDM acknowledges created(MeterServiceRequests) of a completed meter exchange (OK) but keeps the usage point linked to the removed meter',
  },
  {
    id: 'msr-mdm-unknown-meter-accepted',
    violates: 'ENV-EXPECTED-RESULT (a completion naming a meter the MDM never heard of is refused with its "invalid …" code; MSR-01, CIM9-257)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013'],
    scope: '@req:MSR-01.6',
    description: 'the MDM acknowledges (OK) a completed installation of a meter it never heard of',
  },
  {
    id: 'msr-mdm-unknown-meter-wrong-code',
    violates: 'ENV-EXPECTED-CODE (a completion naming a meter the MDM never heard of is refused with a code of CIM9-257, default 2.4)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013'],
    scope: '@req:MSR-01.6',
    description: 'the MDM refuses a completed installation of a meter it never heard of with 2.12 (invalid usage point) instead of 2.4',
  },
  {
    id: 'msr-mdm-unknown-usage-point-accepted',
    violates: 'ENV-EXPECTED-RESULT (a completion at a usage point the MDM never heard of is refused with the code of an unknown usage point, 2.12; MSR-01)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013'],
    scope: '@req:MSR-01.7',
    description: 'the MDM acknowledges (OK) a completed meter exchange at a usage point it never heard of',
  },
];

/** MSR-01 with the CIS as SUT (simulator/handlers/cis-meter-service.ts): the CIS's request and its taking of the completion */
export const METER_SERVICE_CIS_FAULTS: FaultDef[] = [
  {
    id: 'cis-msr-no-old-meter',
    violates: 'MSR-CLIENT-REQUEST (the CIS asks for the exchange naming the meter to remove as OldMeter, CIM9-237)',
    roles: ['CIS'],
    editions: ['2013'],
    scope: '@req:MSR-01.C1',
    description: 'the CIS asks the work management for the exchange of a meter naming the new meter but no OldMeter',
  },
  {
    id: 'cis-msr-completion-refused',
    violates: 'ENV-EXPECTED-RESULT (the CIS acknowledges the completion of the meter service it asked for, MSR-01)',
    roles: ['CIS'],
    editions: ['2013'],
    scope: '@req:MSR-01.C1',
    description: 'the CIS refuses (FAILED 2.29) the changed(MeterServiceRequests) completing the work it asked for',
  },
  {
    id: 'cis-msr-completion-reads-dropped',
    violates: 'MSR-CLIENT-HELD (the CIS holds the reads of the meters its completed meter service carries, MSR-01)',
    roles: ['CIS'],
    editions: ['2013'],
    scope: '@req:MSR-01.C1',
    description: 'the CIS acknowledges the completion of its meter service (OK) but keeps neither the initial read of the installed meter nor the final read of the removed one',
  },
];

type Has = (id: string) => boolean;

/** whether the head-end tells the MDM the MeterConfig of a completed work (msr-md-no-meter-config: no) */
export const tellsMeterConfig = (has: Has): boolean => !has('msr-md-no-meter-config');

/** whether the head-end tells the MDM the linkage of a completed work (msr-md-no-linkage: no) */
export const tellsLinkage = (has: Has): boolean => !has('msr-md-no-linkage');

/** the usage point of the linkage told (msr-md-linkage-other-usage-point: another one) */
export const linkedUsagePoint = (usagePoint: string, has: Has): string => (has('msr-md-linkage-other-usage-point') ? `${usagePoint}-OTHER` : usagePoint);

/** whether the head-end tells the completion at all (msr-no-completion: no) */
export const completionTold = (has: Has): boolean => !has('msr-no-completion');

/** the meter the completion names (msr-completion-other-meter: another one) */
export const completedMeter = (meter: string, has: Has): string => (has('msr-completion-other-meter') ? `${meter}-OTHER` : meter);

/** the kind of the completed work (msr-completion-wrong-kind: inspection) */
export const completedKind = (kind: string, has: Has): string => (has('msr-completion-wrong-kind') ? 'inspection' : kind);

/** the completion's date (msr-completion-before-request: a day early) */
export const completedAt = (now: Date, has: Has): Date => (has('msr-completion-before-request') ? new Date(now.getTime() - 86_400_000) : now);
