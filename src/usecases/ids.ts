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
 * Why a scenario runs under one edition only although its use case is in the other too (`@edition-only:<key>`):
 * the standard differs there. test/editions.test.ts holds every such tag to a key of this table.
 */
export const EDITION_ONLY: Readonly<Record<string, string>> = {
  'meter-service-requests':
    'the 2024 edition keeps only a general subclause of meter service requests and no MeterServiceRequests profile (payloads.md §0.5, use-cases.md §5: a 2013 §5.5 profile and the EPRI 2011 draft\'s), so the EPRI form of UC-20 (create(MeterServiceRequests) of a disconnect / reconnect work, completed by changed(MeterServiceRequests)) has no 2024 counterpart: there the CIS asks with create(EndDeviceControls) (EDC-06.4 … EDC-06.7)',
  'customer-nouns': 'the 2013 customer-side configuration nouns (ServiceSupplierConfig, CustomerConfig, CustomerAgreementConfig, CustomerAccountConfig, ServiceCategoryConfig, ServiceLocationConfig, PricingStructureConfig) are not listed in the 2024 edition (payloads.md §0.5)',
  'no-draft-master-data':
    'the 2011 draft schema set of the EPRI projects (payloads.md §0.1, source D) has the MeterReadings, EndDeviceEvents, EndDeviceControls, MeterReadSchedule and MeterServiceRequests profiles only: no MeterConfig (the 2009 MeterAssetConfig, renamed in 2013) and no MasterDataLinkageConfig (new in 2013, payloads.md §0.5), and the EPRI 2011 test procedures exchange no master data (use-cases.md §13); the master data that follows a meter service (MSR-01 linkage and MeterConfig, MSR-04 linkage, reads and asset status) has no draft-2011 form, so these steps are not applicable to a draft-2011 profile (MSR-01.1 and MSR-01.2 run there)',
};

/** the editions under which each EDITION_ONLY reason is why a scenario is left out (the plan's reason names it there) */
export const EDITION_ONLY_EXPLAINS: Readonly<Record<string, readonly string[]>> = {
  'meter-service-requests': ['2024'],
  'customer-nouns': ['2024'],
  'no-draft-master-data': ['draft-2011'],
};

/** the reason of the standard a scenario with these tags does not run under an edition (@edition-only:<key>), if it names one */
export function editionOnlyReason(tags: readonly string[], edition: string): string | undefined {
  const keys = tags.filter((t) => t.startsWith('@edition-only:')).map((t) => t.slice('@edition-only:'.length));
  const why = keys.filter((k) => EDITION_ONLY_EXPLAINS[k]?.includes(edition)).map((k) => EDITION_ONLY[k]!);
  return why.length ? why.join('; ') : undefined;
}

/**
 * The use cases of USE_CASES without a scenario, each with its reason (`cim9 coverage`, docs/coverage.md).
 * test/coverage.test.ts fails when a use case has neither a scenario nor an entry here, and when an entry here names a
 * use case that has scenarios (a stale reason).
 */
export const NOT_COVERED: Readonly<Record<string, NotCovered>> = {
  'MSE-02': { status: 'not testable', reason: 'the 2009 MeterSystemHealth exchange was removed in 2013; its content is EDE-05 (covered)' },
};

/** a part of a use case that has scenarios, which the suite does not test: the part in words, and why */
export interface NotCoveredPart extends NotCovered {
  useCase: string;
  part: string;
}

/**
 * The parts of covered use cases the suite does not test, each with its reason (`cim9 coverage`, docs/coverage.md,
 * docs/requirements.md "What the suite does not test"). test/coverage.test.ts holds each to a use case with scenarios
 * (one without belongs in NOT_COVERED).
 */
export const NOT_COVERED_PARTS: readonly NotCoveredPart[] = [
  {
    useCase: 'EDC-01',
    part: 'demand-response opt-in / opt-out',
    status: 'not testable',
    reason:
      'the shared facts name only the LoadControl result events Opted-In / Opted-Out (x.15.0.80 / x.15.0.81, use-cases.md §4.1 step 3 and codes.md §6.4, both marked ?; PAN-03 results "opt-in/out", §8.3) and no message, requester, payload element or sequence by which a customer or device opts in or out of an event, nor what the DRMS, the head-end or the MDM must do after one: there is nothing the suite could ask for or expect. Those events still go through the code rules (COD-*) and, as results of a control, EDC-LC-RESULT / EDC-TRACKING wherever they arrive',
  },
];

/**
 * A short title per use case of USE_CASES, for reports a person reads (conformance.html); the clause names of
 * IEC 61968-9 shortened in the project's own words. test/statement-html.test.ts holds it to USE_CASES.
 */
export const USE_CASE_TITLES: Readonly<Record<string, string>> = {
  'EDE-01': 'Outage detection by request and reply (first example)',
  'EDE-02': 'Outage detection by request and reply (second example)',
  'EDE-03': 'Outage detection by publication (first example)',
  'EDE-04': 'Outage detection by publication (second example)',
  'EDE-05': 'Meter health events (first example)',
  'EDE-06': 'Meter health events (second example)',
  'EDE-07': 'Power quality events (first example)',
  'EDE-08': 'Power quality events (second example)',
  'EDE-09': 'End device event message format',
  'MR-01': 'Subscription from a meter read schedule',
  'MR-02': 'Manual meter reading',
  'MR-03': 'On-request meter read',
  'MR-04': 'Historical meter data',
  'MR-05': 'Billing inquiry',
  'MR-06': 'Reading structure, timestamps and reading types',
  'MR-07': 'MeterReadings examples (2024)',
  'MR-08': 'Coincident readings (2024)',
  'MR-09': 'Final reading coincident with a disconnect (2024)',
  'MR-10': 'GetMeterReadings request',
  'MR-11': 'Meter read schedule message format',
  'EDC-01': 'Load control',
  'EDC-02': 'Installation of a load control unit',
  'EDC-03': 'Customer program change with meter reconfiguration',
  'EDC-04': 'Customer program change without the MDM',
  'EDC-05': 'Customer program change with meter change-out',
  'EDC-06': 'Meter connect and disconnect',
  'EDC-07': 'Remote connect and disconnect between CIS and metering system',
  'EDC-08': 'Real-time price signal',
  'EDC-09': 'End device controls, disconnect by group, meter connection (2024)',
  'MSR-01': 'Meter installation and removal',
  'MSR-02': 'End device events of a meter change-out',
  'MSR-03': 'Exchanges caused by CIS alarms',
  'MSR-04': 'Meter change-out for recalibration',
  'MSE-01': 'Firmware upgrade',
  'MSE-02': 'Meter system health (2009)',
  'CS-01': 'Customer switching',
  'PM-01': 'Prepayment: auxiliary agreement',
  'PM-02': 'Prepayment: receipt',
  'PM-03': 'Prepayment: transaction transfer',
  'PAN-01': 'Pairing of a PAN device',
  'PAN-02': 'PAN device events',
  'PAN-03': 'PAN device controls',
  'MD-01': 'Master data linkages',
  'MD-02': 'Transfer of configuration and master data',
  'MD-03': 'Master data request, response and publication patterns',
  'MD-04': 'Master data sample transactions (2024)',
  'Q-01': 'Request parameters and Get profiles',
  'EU-01': 'EUMED load curve',
  'EU-02': 'EUMED maximum power',
  'EU-03': 'EUMED index',
  MISC: 'Generic get and cancel patterns',
};
