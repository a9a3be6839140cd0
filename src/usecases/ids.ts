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
