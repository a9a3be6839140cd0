/**
 * The use cases of IEC 61968-9 and the generic exchange patterns, as use-cases.md (the project's spec, §1 figure
 * index and §0.3 patterns) names them. Every scenario names the use cases it covers (`@usecase:EDC-06`) and exactly
 * one exchange pattern (`@pattern:P1`); test/tags.test.ts holds the features to that, against use-cases.md when it
 * is at hand (read by test/features.ts) and against this list otherwise. The editions of a use case are those of the figure index columns
 * that show a figure for it (a cell "—" = not in that edition): test/editions.test.ts uses them to check that a
 * 2013 scenario whose use case is still in 2024 runs under 2024 too.
 */

export type UseCaseEdition = '2009' | '2013' | '2024';

export interface UseCase {
  id: string;
  editions: readonly UseCaseEdition[];
}

/** the exchange patterns of use-cases.md §0.3 (P1a: the asynchronous form of P1) */
export const PATTERNS = ['P1', 'P1a', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
export type Pattern = (typeof PATTERNS)[number];

export const ALL_EDITIONS: readonly UseCaseEdition[] = ['2009', '2013', '2024'];
const FROM_2013: readonly UseCaseEdition[] = ['2013', '2024'];
const UNTIL_2013: readonly UseCaseEdition[] = ['2009', '2013'];
const ONLY_2024: readonly UseCaseEdition[] = ['2024'];

/** use-cases.md §1, one entry per id (ranges such as PM-01..03 written out) */
export const USE_CASES: readonly UseCase[] = [
  ...['EDE-01', 'EDE-02', 'EDE-03', 'EDE-04', 'EDE-05', 'EDE-06', 'EDE-07', 'EDE-08', 'EDE-09'].map((id) => ({ id, editions: ALL_EDITIONS })),
  ...['MR-01', 'MR-02', 'MR-03', 'MR-04', 'MR-05', 'MR-06'].map((id) => ({ id, editions: ALL_EDITIONS })),
  ...['MR-07', 'MR-08', 'MR-09'].map((id) => ({ id, editions: ONLY_2024 })),
  { id: 'MR-10', editions: FROM_2013 },
  { id: 'MR-11', editions: ALL_EDITIONS },
  ...['EDC-01', 'EDC-02', 'EDC-03', 'EDC-04', 'EDC-05', 'EDC-06', 'EDC-07', 'EDC-08'].map((id) => ({ id, editions: ALL_EDITIONS })),
  { id: 'EDC-09', editions: ONLY_2024 },
  { id: 'MSR-01', editions: UNTIL_2013 },
  { id: 'MSR-02', editions: ALL_EDITIONS },
  { id: 'MSR-03', editions: UNTIL_2013 },
  { id: 'MSR-04', editions: UNTIL_2013 },
  { id: 'MSE-01', editions: ALL_EDITIONS },
  { id: 'MSE-02', editions: ['2009'] },
  { id: 'CS-01', editions: UNTIL_2013 },
  ...['PM-01', 'PM-02', 'PM-03'].map((id) => ({ id, editions: UNTIL_2013 })),
  ...['PAN-01', 'PAN-02', 'PAN-03'].map((id) => ({ id, editions: FROM_2013 })),
  { id: 'MD-01', editions: FROM_2013 },
  { id: 'MD-02', editions: ALL_EDITIONS },
  ...['MD-03', 'MD-04'].map((id) => ({ id, editions: FROM_2013 })),
  { id: 'Q-01', editions: ALL_EDITIONS },
  ...['EU-01', 'EU-02', 'EU-03'].map((id) => ({ id, editions: ONLY_2024 })),
  { id: 'MISC', editions: ['2013'] },
];

/** why a use case has no scenario yet: not covered yet (work the suite owes), or not testable over Part 9 messages */
export interface NotCovered {
  status: 'not yet covered' | 'not testable';
  reason: string;
}

/**
 * The use cases of USE_CASES without a scenario, each with its reason (`cim9 coverage`, docs/coverage.md).
 * test/coverage.test.ts fails when a use case has neither a scenario nor an entry here, and when an entry here names a
 * use case that has scenarios (a stale reason).
 */
export const NOT_COVERED: Readonly<Record<string, NotCovered>> = {
  'EDE-06': { status: 'not yet covered', reason: 'the MDM forwarding health events to a maintenance consumer (UC-06): the suite does not play the maintenance consumer yet' },
  'MR-02': { status: 'not yet covered', reason: 'manual meter reading exchange' },
  'MR-05': { status: 'not yet covered', reason: 'billing inquiry (UC-13)' },
  'MR-06': { status: 'not yet covered', reason: 'reading structure and time conventions are checked as rules on every MeterReadings message (UC-14); no scenario of its own' },
  'MR-07': { status: 'not yet covered', reason: 'shape tests of the 2024 MeterReadings examples' },
  'MR-08': { status: 'not yet covered', reason: 'coincident readings (UC-15)' },
  'MR-09': { status: 'not yet covered', reason: 'the 2024 shape of the final reading coincident with a disconnect (EDC-06.2 checks the read that follows the switch)' },
  'MR-10': { status: 'not yet covered', reason: 'the GetMeterReadings example is exercised by every on-request read; no shape test of its own' },
  'EDC-02': { status: 'not yet covered', reason: 'customer programs: enrolment in a load control program' },
  'EDC-03': { status: 'not yet covered', reason: 'customer programs: unenrolment' },
  'EDC-04': { status: 'not yet covered', reason: 'customer programs: program change' },
  'EDC-05': { status: 'not yet covered', reason: 'meter change-out with a program change' },
  'MSR-01': { status: 'not yet covered', reason: 'MeterServiceRequests: no schema profile in the packs yet' },
  'MSR-04': { status: 'not yet covered', reason: 'change-out for recalibration: reads, linkage and asset status through MeterConfig' },
  'MSE-02': { status: 'not testable', reason: 'the 2009 MeterSystemHealth exchange was removed in 2013; its content is EDE-05 (covered)' },
  'CS-01': { status: 'not yet covered', reason: 'customer switching (2013, UC-26): the configuration nouns of MD-02 for customers and suppliers first' },
  'PM-01': { status: 'not yet covered', reason: 'prepayment (2013): no public schema of AuxiliaryAgreementConfig, ReceiptRecord, TransactionRecord (UC-27)' },
  'PM-02': { status: 'not yet covered', reason: 'prepayment (2013): no public schema (UC-27)' },
  'PM-03': { status: 'not yet covered', reason: 'prepayment (2013): no public schema (UC-27)' },
  'PAN-01': { status: 'not yet covered', reason: 'pairing of a PAN device (UC-28)' },
  MISC: { status: 'not yet covered', reason: 'the generic get / cancel patterns of 2013 Annex M are exercised by the Get and cancel scenarios of other use cases' },
};
