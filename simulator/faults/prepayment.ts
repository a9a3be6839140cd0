/**
 * Faults of prepayment (PM-01..03; simulator/handlers/prepayment.ts, features/prepayment.feature): the credit update
 * the reference MDM sends its head-end after created(TransactionRecord), and the transactions the reference CIS
 * transfers to its MDM after created(ReceiptRecord). Each one a single, minimal violation; the first word of `violates`
 * is the rule the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

/** the MDM's faults are seen by the scenarios where the MDM is the SUT, the CIS's where the CIS is */
const MDM_SCOPE = '@uc:prepayment and @role:MDM';
const CIS_SCOPE = '@uc:prepayment and @role:CIS';
const HES_SCOPE = '@uc:prepayment and @role:HES';

export const PREPAYMENT_FAULTS: FaultDef[] = [
  {
    id: 'pm-no-credit-update',
    violates: 'PM-CREDIT-CONTROL (after a token sale the MDM asks its head-end to update the meter\'s credit)',
    roles: ['MDM'],
    area: 'master-data',
    scope: MDM_SCOPE,
    description: 'the MDM acknowledges created(TransactionRecord) (OK) but never asks its head-end to credit the meter',
  },
  {
    id: 'pm-credit-wrong-control',
    violates: 'PM-CREDIT-CONTROL (the credit update carries the control type x.20.22.13, update credit amount)',
    roles: ['MDM'],
    area: 'master-data',
    scope: MDM_SCOPE,
    description: 'the MDM sends the credit as 3.20.8.13 (update credit days limit) instead of 3.20.22.13',
  },
  {
    id: 'pm-credit-wrong-amount',
    violates: 'PM-CREDIT-AMOUNT (the meter is credited the amount of the transactions)',
    roles: ['MDM'],
    area: 'master-data',
    scope: MDM_SCOPE,
    description: 'the credit update carries one unit of money more than the token sale',
  },
  {
    id: 'pm-credit-other-meter',
    violates: 'PM-CREDIT-METER (the credit update names the meter of the transaction)',
    roles: ['MDM'],
    area: 'master-data',
    scope: MDM_SCOPE,
    description: 'the credit update names another meter of the MDM than the one of the transaction',
  },
  {
    id: 'pm-credit-includes-aux-charge',
    violates: 'PM-CREDIT-AMOUNT (an auxiliary charge recovered under an auxiliary agreement is not credited to the meter)',
    roles: ['MDM'],
    area: 'master-data',
    scope: MDM_SCOPE,
    description: 'the MDM credits the meter with the auxiliary charge payment as well as the token sale',
  },
  {
    id: 'pm-cis-no-transfer',
    violates: 'PM-TXN-TRANSFER (after a receipt the CIS transfers its transactions to the MDM)',
    roles: ['CIS'],
    scope: CIS_SCOPE,
    description: 'the CIS acknowledges created(ReceiptRecord) (OK) but never tells the MDM the transactions',
  },
  {
    id: 'pm-cis-amount-altered',
    violates: 'PM-TXN-AMOUNT (each transferred transaction carries the amount of the receipt\'s)',
    roles: ['CIS'],
    scope: CIS_SCOPE,
    description: 'the CIS transfers the token sale with ten units of money less than the receipt says',
  },
  {
    id: 'pm-cis-other-account',
    violates: 'PM-TXN-ACCOUNT (each transferred transaction names the receipt\'s customer account)',
    roles: ['CIS'],
    scope: CIS_SCOPE,
    description: 'the CIS transfers the transactions for another customer account',
  },
  {
    id: 'pm-cis-dated-before-receipt',
    violates: 'PM-TXN-TIME (a transferred transaction is dated after the receipt)',
    roles: ['CIS'],
    scope: CIS_SCOPE,
    description: 'the transferred transactions are dated one day before the receipt',
  },
  {
    id: 'pm-cis-no-receipt-ref',
    violates: 'PM-TXN-RECEIPT (each transferred transaction names its receipt)',
    roles: ['CIS'],
    scope: CIS_SCOPE,
    detectWith: { 'CIM9-276': 'failure' },
    description: 'the CIS transfers the transactions without their Receipt reference',
  },
  {
    id: 'pm-unknown-meter-accepted',
    violates: 'ENV-EXPECTED-RESULT (transactions naming a meter the MDM does not know are refused with 2.4)',
    roles: ['MDM'],
    area: 'master-data',
    scope: '@req:PM-NEG-1',
    description: 'the MDM acknowledges (OK) created(TransactionRecord) for a meter it does not know, and credits nothing',
  },
  {
    id: 'pm-refused-still-credited',
    violates: 'PM-CREDIT-REFUSED (refused transactions credit nothing)',
    roles: ['MDM'],
    area: 'master-data',
    scope: '@req:PM-NEG-1',
    description: 'the MDM refuses the transactions of a meter it does not know (FAILED 2.4) but asks its head-end to credit that meter all the same',
  },
  {
    id: 'pm-aux-unknown-usage-point-accepted',
    violates: 'ENV-EXPECTED-RESULT (an auxiliary agreement for a usage point the MDM does not know is refused, CIM9-289)',
    roles: ['MDM'],
    area: 'master-data',
    scope: '@req:PM-NEG-2',
    description: 'the MDM accepts (OK) an auxiliary agreement whose customer agreement names a usage point it does not know',
  },
  {
    id: 'pm-cis-refused-still-transferred',
    violates: 'PM-TXN-REFUSED (the transactions of a refused receipt are not transferred)',
    roles: ['CIS'],
    scope: '@req:PM-NEG-3',
    description: 'the CIS refuses the receipt of a meter it does not know (FAILED 2.4) but transfers its transactions to the MDM all the same',
  },
  {
    id: 'pm-cis-aux-other-usage-point',
    violates: 'PM-AUX-USAGE-POINT (the auxiliary agreement the CIS creates names the usage point of the meter it was told of)',
    roles: ['CIS'],
    scope: '@req:PM-01.2',
    description: 'the CIS creates the auxiliary agreement under the customer agreement of another usage point than the meter\'s',
  },
  {
    id: 'pm-hes-credit-altered',
    violates: 'PM-CREDIT-AMOUNT (the head-end takes the credit update with the amount the MDM sent)',
    roles: ['HES'],
    area: 'master-data',
    scope: HES_SCOPE,
    description: 'the head-end returns the credit update it took with one unit of money less than the MDM sent',
  },
];

type Has = (id: string) => boolean;

/** the amount the head-end returns for a credit update (pm-hes-credit-altered: a unit less) */
export const echoedCredit = (amount: number, has: Has): number => (has('pm-hes-credit-altered') ? Number((amount - 1).toFixed(2)) : amount);

/** whether the MDM asks its head-end for the credit update at all (pm-no-credit-update: no) */
export const updatesCredit = (has: Has): boolean => !has('pm-no-credit-update');

/** the control type of the credit update (pm-credit-wrong-control: the credit days limit) */
export const creditControlType = (code: string, has: Has): string => (has('pm-credit-wrong-control') ? (code.endsWith('.20.22.13') ? `${code.slice(0, -'.20.22.13'.length)}.20.8.13` : '3.20.8.13') : code);

/** the amount credited, in cents (pm-credit-wrong-amount: a unit more) */
export const creditedCents = (c: number, has: Has): number => (has('pm-credit-wrong-amount') ? c + 100 : c);

/** the meter credited (pm-credit-other-meter: another meter of the store) */
export const creditedMeter = (meter: string, meters: readonly string[], has: Has): string => (has('pm-credit-other-meter') ? (meters.find((m) => m !== meter) ?? `${meter}-OTHER`) : meter);

/** the kinds the MDM credits (pm-credit-includes-aux-charge: the auxiliary charge too) */
export const creditedKinds = (kinds: readonly string[], has: Has): readonly string[] => (has('pm-credit-includes-aux-charge') ? [...kinds, 'auxiliaryChargePayment'] : kinds);

/** whether the CIS transfers the transactions at all (pm-cis-no-transfer: no) */
export const transfersTransactions = (has: Has): boolean => !has('pm-cis-no-transfer');

/** the amount of a transferred transaction (pm-cis-amount-altered: ten less on the first) */
export const transferredCents = (c: number, first: boolean, has: Has): number => (has('pm-cis-amount-altered') && first ? c - 1000 : c);

/** the account of a transferred transaction (pm-cis-other-account: another one) */
export const transferredAccount = (account: string | undefined, has: Has): string | undefined => (has('pm-cis-other-account') ? `${account ?? 'ACC'}-OTHER` : account);

/** the date of the transfer (pm-cis-dated-before-receipt: a day early) */
export const transferredAt = (now: Date, has: Has): Date => (has('pm-cis-dated-before-receipt') ? new Date(now.getTime() - 86_400_000) : now);

/** whether the transferred transactions name their receipt (pm-cis-no-receipt-ref: no) */
export const namesReceipt = (has: Has): boolean => !has('pm-cis-no-receipt-ref');

/** whether the MDM takes transactions of a meter it does not know (pm-unknown-meter-accepted: OK, crediting nothing) */
export const acceptsUnknownMeter = (has: Has): boolean => has('pm-unknown-meter-accepted');

/** whether the MDM credits refused transactions all the same (pm-refused-still-credited) */
export const creditsRefused = (has: Has): boolean => has('pm-refused-still-credited');

/** whether the MDM keeps an auxiliary agreement for a usage point it does not know (pm-aux-unknown-usage-point-accepted) */
export const acceptsUnknownUsagePoint = (has: Has): boolean => has('pm-aux-unknown-usage-point-accepted');

/** whether the CIS transfers the transactions of a receipt it refused (pm-cis-refused-still-transferred) */
export const transfersRefused = (has: Has): boolean => has('pm-cis-refused-still-transferred');

/** the usage point of the CIS's auxiliary agreement (pm-cis-aux-other-usage-point: another one of the store) */
export const auxiliaryUsagePoint = (own: string, all: readonly string[], has: Has): string => (has('pm-cis-aux-other-usage-point') ? (all.find((u) => u !== own) ?? `${own}-OTHER`) : own);
