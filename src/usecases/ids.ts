/**
 * The use cases of IEC 61968-9 and the generic exchange patterns, as use-cases.md (the project's spec, §1 figure
 * index and §0.3 patterns) names them. Every scenario names the use cases it covers (`@usecase:EDC-06`) and exactly
 * one exchange pattern (`@pattern:P1`); test/tags.test.ts holds the features to that, against use-cases.md when it
 * is at hand and against this list otherwise. The editions of a use case are those of the figure index columns
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

const ALL: readonly UseCaseEdition[] = ['2009', '2013', '2024'];
const FROM_2013: readonly UseCaseEdition[] = ['2013', '2024'];
const UNTIL_2013: readonly UseCaseEdition[] = ['2009', '2013'];
const ONLY_2024: readonly UseCaseEdition[] = ['2024'];

/** use-cases.md §1, one entry per id (ranges such as PM-01..03 written out) */
export const USE_CASES: readonly UseCase[] = [
  ...['EDE-01', 'EDE-02', 'EDE-03', 'EDE-04', 'EDE-05', 'EDE-06', 'EDE-07', 'EDE-08', 'EDE-09'].map((id) => ({ id, editions: ALL })),
  ...['MR-01', 'MR-02', 'MR-03', 'MR-04', 'MR-05', 'MR-06'].map((id) => ({ id, editions: ALL })),
  ...['MR-07', 'MR-08', 'MR-09'].map((id) => ({ id, editions: ONLY_2024 })),
  { id: 'MR-10', editions: FROM_2013 },
  { id: 'MR-11', editions: ALL },
  ...['EDC-01', 'EDC-02', 'EDC-03', 'EDC-04', 'EDC-05', 'EDC-06', 'EDC-07', 'EDC-08'].map((id) => ({ id, editions: ALL })),
  { id: 'EDC-09', editions: ONLY_2024 },
  { id: 'MSR-01', editions: UNTIL_2013 },
  { id: 'MSR-02', editions: ALL },
  { id: 'MSR-03', editions: UNTIL_2013 },
  { id: 'MSR-04', editions: UNTIL_2013 },
  { id: 'MSE-01', editions: ALL },
  { id: 'MSE-02', editions: ['2009'] },
  { id: 'CS-01', editions: UNTIL_2013 },
  ...['PM-01', 'PM-02', 'PM-03'].map((id) => ({ id, editions: UNTIL_2013 })),
  ...['PAN-01', 'PAN-02', 'PAN-03'].map((id) => ({ id, editions: FROM_2013 })),
  { id: 'MD-01', editions: FROM_2013 },
  { id: 'MD-02', editions: ALL },
  ...['MD-03', 'MD-04'].map((id) => ({ id, editions: FROM_2013 })),
  { id: 'Q-01', editions: ALL },
  ...['EU-01', 'EU-02', 'EU-03'].map((id) => ({ id, editions: ONLY_2024 })),
  { id: 'MISC', editions: ['2013'] },
];

/** the ids of USE_CASES */
export function useCaseIds(list: readonly UseCase[] = USE_CASES): string[] {
  return list.map((u) => u.id);
}

/** "PM-01..03" → PM-01, PM-02, PM-03; a single id stays as it is */
function expandIds(cell: string): string[] {
  const range = /^([A-Z]+-)(\d+)\.\.(\d+)$/.exec(cell);
  if (!range) return [cell];
  const [, prefix, from, to] = range as unknown as [string, string, string, string];
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(`${prefix}${String(n).padStart(from.length, '0')}`);
  return out;
}

/** the cells of a markdown table row, trimmed ("| a | b |" → ["a", "b"]) */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/**
 * The use cases of the figure index of use-cases.md (§1: "| UC | Title | 2009 fig. | 2013 fig. | 2024 fig. | § |"):
 * an edition counts when its cell is not "—". Throws when the table is not found.
 */
export function parseUseCaseIndex(markdown: string): UseCase[] {
  const lines = markdown.split(/\r?\n/);
  const head = lines.findIndex((l) => /^\|\s*UC\s*\|/.test(l));
  if (head < 0) throw new Error('use-cases.md: no figure index table (a row starting "| UC |")');
  const columns = cells(lines[head]!);
  const editionCol = (e: UseCaseEdition) => columns.findIndex((c) => c.startsWith(e));
  const cols = ALL.map((e) => [e, editionCol(e)] as const);
  const out: UseCase[] = [];
  for (let i = head + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const row = cells(lines[i]!);
    const editions = cols.filter(([, c]) => c >= 0 && row[c] !== undefined && row[c] !== '' && row[c] !== '—' && row[c] !== '-').map(([e]) => e);
    for (const id of expandIds(row[0]!)) out.push({ id, editions });
  }
  return out;
}

/** the patterns of use-cases.md §0.3 (rows starting "| **P1 …**"); throws when none is found */
export function parsePatterns(markdown: string): string[] {
  const out: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const m = /^\|\s*\*\*(P\d+[a-z]?)\b/.exec(line);
    if (m) out.push(m[1]!);
  }
  if (!out.length) throw new Error('use-cases.md: no exchange pattern table (rows starting "| **P1")');
  return out;
}
