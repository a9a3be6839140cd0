/**
 * Faults of customer switching at the MDM (simulator/handlers/switching.ts, features/switching.feature, CS-01): the
 * switching read the MDM asks its head-end for after a change of supplier, and the publication of its value. Each one a
 * single, minimal violation; the first word of `violates` is the rule the suite names when it catches the fault.
 * Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const SWITCHING_FAULTS: FaultDef[] = [
  {
    id: 'switching-no-read',
    scope: '@usecase:CS-01',
    violates: 'SWITCH-READ (after a change of supplier the MDM asks its head-end for a switching read of the meter)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the MDM answers change(UsagePointConfig) with a new ServiceSupplier OK but asks its head-end for no switching read (and publishes none)',
  },
  {
    id: 'switching-read-no-reason',
    scope: '@usecase:CS-01',
    violates: 'SWITCH-REASON (the switching read request carries a switching Reading/reason, moveIn or moveOut)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the switching read get(MeterReadings) the MDM sends its head-end carries no Reading/reason',
    detectWith: { 'CIM9-200': 'absent-fails' },
  },
  {
    id: 'switching-no-publication',
    scope: '@usecase:CS-01',
    violates: 'SWITCH-PUBLISHED (the MDM publishes the switching read to the suppliers with created(MeterReadings))',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the MDM reads the meter for the switch but publishes no created(MeterReadings) to the CIS',
  },
  {
    id: 'switching-value-altered',
    scope: '@usecase:CS-01',
    violates: 'SWITCH-VALUE (the published switching read carries the value the head-end returned)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the switching read the MDM publishes carries the head-end\'s value plus 1 (kWh)',
  },
  {
    id: 'switching-old-supplier-not-told',
    scope: '@usecase:CS-01',
    violates: 'SWITCH-OLD-SUPPLIER (the MDM delivers the switching read to the old supplier as well as the new one)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the MDM publishes the switching read to the new supplier (the CIS) only, not to the old supplier',
    detectWith: { 'CIM9-220': 'required' },
  },
  {
    id: 'switching-linkage-kept',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: change-out, master-data
    scope: '@usecase:CS-01 or @uc:change-out or @uc:master-data',
    violates: 'SWITCH-LINKAGE (after the close at the switch time the usage point is no longer linked to the old customer account)',
    roles: ['MDM'],
    area: 'codes',
    // any close of a link, so the change-out and the MasterDataLinkageConfig delete of 2024 too
    editions: ['2013', '2024'],
    description: 'the MDM answers close(MasterDataLinkageConfig) OK but keeps the link (the usage point stays linked to the old customer account)',
    detectWith: { 'CIM9-221': 'read-back' },
  },
  {
    id: 'switching-unknown-supplier-accepted',
    scope: '@req:CS-NEG-SUPPLIER',
    violates: 'ENV-EXPECTED-RESULT (a change of supplier naming a ServiceSupplier the MDM was never told of is refused, CIM9-296)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the MDM takes a change(UsagePointConfig) naming a ServiceSupplier it does not know as a switch: OK, a switching read and its publication',
  },
  {
    id: 'switching-refused-supplier-read-anyway',
    scope: '@req:CS-NEG-SUPPLIER',
    violates: 'SWITCH-REFUSED (a change of supplier the MDM refused causes no switching read and no publication)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013'],
    description: 'the MDM refuses a change of supplier naming a ServiceSupplier it does not know (FAILED 2.20), but only after asking its head-end for the switching read and publishing it to the suppliers',
  },
  {
    id: 'cis-switching-read-refused',
    scope: '@req:CS-01.C2',
    violates: 'ENV-EXPECTED-RESULT (the CIS acknowledges the switching read its MDM publishes, CS-01 step 3)',
    roles: ['CIS'],
    // CS-01 exists in edition 2013 only: no area (see cis-tamper-refused)
    editions: ['2013'],
    description: 'the CIS refuses (FAILED 5.3) the created(MeterReadings) its MDM publishes when its Reading/reason is moveIn or moveOut',
  },
  {
    id: 'cis-switching-read-dropped',
    scope: '@req:CS-01.C2',
    violates: 'SWITCH-CLIENT-READ (a CIS that acknowledged the switching read its MDM published holds it, with its value and timeStamp)',
    roles: ['CIS'],
    editions: ['2013'],
    description: 'the CIS acknowledges the switching read (moveIn / moveOut) its MDM publishes (Result OK) and keeps nothing of it',
  },
  {
    id: 'cis-switch-wrong-supplier',
    scope: '@req:CS-01.C1',
    violates: 'SWITCH-CLIENT-SUPPLIER (the CIS\'s change(UsagePointConfig) names the usage point and the new ServiceSupplier it was told of)',
    roles: ['CIS'],
    editions: ['2013'],
    description: 'the CIS\'s change(UsagePointConfig) for a switch names another ServiceSupplier than the new supplier it was told of',
  },
  {
    id: 'cis-switch-no-link',
    scope: '@req:CS-01.C1',
    violates: 'SWITCH-CLIENT-LINK (the CIS links the new customer account to the usage point with create(MasterDataLinkageConfig))',
    roles: ['CIS'],
    editions: ['2013'],
    description: 'the CIS tells its MDM the change of supplier of a switch but never links the new customer account to the usage point',
  },
  {
    id: 'cis-switch-link-now',
    scope: '@req:CS-01.C1',
    violates: 'SWITCH-CLIENT-LINK-TIME (the link of the new customer account is effective at the switch time, CIM9-259)',
    roles: ['CIS'],
    editions: ['2013'],
    description: 'the CIS\'s create(MasterDataLinkageConfig) of a switch is effective at the time it is sent, not at the switch time it was told',
    detectWith: { 'CIM9-259': 'failure' },
  },
  {
    id: 'cis-switch-link-first',
    scope: '@req:CS-01.C1',
    violates: 'SWITCH-CLIENT-ORDER (the change of supplier comes before the link of the new customer account, CIM9-258)',
    roles: ['CIS'],
    editions: ['2013'],
    description: 'the CIS sends create(MasterDataLinkageConfig) of a switch before its change(UsagePointConfig)',
    detectWith: { 'CIM9-258': 'failure' },
  },
];

type Has = (id: string) => boolean;

/** whether the MDM asks its head-end for a switching read (switching-no-read: no) */
export const readsForSwitch = (has: Has): boolean => !has('switching-no-read');

/** the Reading/reason of the switching read request (switching-read-no-reason: none) */
export const switchingReadReason = (reason: string, has: Has): string | undefined => (has('switching-read-no-reason') ? undefined : reason);

/** whether the MDM delivers the switching read to the old supplier too (switching-old-supplier-not-told: no) */
export const toldOldSupplier = (has: Has): boolean => !has('switching-old-supplier-not-told');

/** whether the MDM publishes the switching read (switching-no-publication: no) */
export const publishesSwitch = (has: Has): boolean => !has('switching-no-publication');

/** the value the MDM publishes (switching-value-altered: the head-end's plus 1, three decimals) */
export function publishedSwitchValue(value: string, has: Has): string {
  if (!has('switching-value-altered')) return value;
  const n = Number(value);
  return Number.isFinite(n) ? (n + 1).toFixed(3) : `${value}1`;
}

/** the ServiceSupplier the CIS names in its change of supplier (cis-switch-wrong-supplier: another one) */
export const switchSupplierNamed = (supplier: string, has: Has): string => (has('cis-switch-wrong-supplier') ? `${supplier}-OTHER` : supplier);

/** whether the CIS sends the link of the new customer account (cis-switch-no-link: no) */
export const switchLinkSent = (has: Has): boolean => !has('cis-switch-no-link');

/** the effectiveDateTime of the CIS's link (cis-switch-link-now: the time it is sent, not the switch time) */
export const switchLinkTime = (switchAt: string, now: string, has: Has): string => (has('cis-switch-link-now') ? now : switchAt);

/** whether the CIS sends the link before the change of supplier (cis-switch-link-first) */
export const switchLinkFirst = (has: Has): boolean => has('cis-switch-link-first');
