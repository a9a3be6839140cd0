/**
 * Annex D reading quality codes `<systemId>.<category>.<index>` (codes.md §3).
 *
 * Structure, systems and categories ✔; indices per category ◐ (vendor enumeration, many confirmed by Norwegian
 * reference data, marked `rd`). Indices ≥ 1000 are vendor extensions (COD-01).
 */
import type { Finding } from '../checks/finding.ts';
import {
  assumption,
  token,
  finding,
  otherKindHint,
  show,
  splitUnsigned,
  type CodeCheckOptions,
  type Parsed,
} from './common.ts';

export const QUALITY_CLAUSE = '61968-9:2013 Annex D';
export const QUALITY_RULE = 'COD-QUALITY';

/** part 1 (table D.1) */
export const QUALITY_SYSTEMS: Readonly<Record<number, string>> = {
  0: 'not applicable',
  1: 'end device (meter)',
  2: 'metering system / data-collection network (head end)',
  3: 'meter data management system (MDM)',
  4: 'other system',
  5: 'externally specified (index values defined outside the standard)',
};

export interface QualityCategory {
  readonly code: number;
  readonly name: string;
  /** 2013 table of indices; none for the obsolete category 9 */
  readonly table?: string;
  readonly obsolete?: boolean;
}

/** part 2 (table D.2) */
export const QUALITY_CATEGORIES: readonly QualityCategory[] = [
  { code: 0, name: 'valid', table: 'D.3' },
  { code: 1, name: 'diagnostics', table: 'D.4' },
  { code: 2, name: 'power quality', table: 'D.5' },
  { code: 3, name: 'tamper / revenue protection', table: 'D.6' },
  { code: 4, name: 'data collection', table: 'D.7' },
  { code: 5, name: 'failed reasonability testing', table: 'D.8' },
  { code: 6, name: 'failed validation testing', table: 'D.9' },
  { code: 7, name: 'edited', table: 'D.10' },
  { code: 8, name: 'estimated', table: 'D.11' },
  { code: 9, name: 'oscillatory (obsolete)', obsolete: true },
  { code: 10, name: 'questionable', table: 'D.12' },
  { code: 11, name: 'derived', table: 'D.13' },
  { code: 12, name: 'projected', table: 'D.14' },
];

export interface QualityIndex {
  readonly category: number;
  readonly index: number;
  readonly meaning: string;
  /** confirmed by the Norwegian reference data */
  readonly rd?: boolean;
  /** vendor extension (≥ 1000) */
  readonly vendor?: boolean;
  readonly note?: string;
}

const q = (category: number, index: number, meaning: string, extra: Partial<QualityIndex> = {}): QualityIndex => ({
  category,
  index,
  meaning,
  ...extra,
});
const RD = { rd: true } as const;
const VENDOR = { vendor: true } as const;

/** part 3 (tables D.3–D.14), as far as public sources give them */
export const QUALITY_INDICES: readonly QualityIndex[] = [
  q(0, 0, 'Data valid', RD),
  q(0, 1, 'Validated', RD),
  q(1, 0, 'Diagnostics flag', RD),
  q(1, 1, 'Battery low'),
  q(1, 3, 'Sensor failure'),
  q(1, 4, 'Watchdog flag'),
  q(1, 5, 'Parity error'),
  q(1, 6, 'CRC error'),
  q(1, 7, 'RAM checksum error', RD),
  q(1, 8, 'ROM checksum error', RD),
  q(1, 9, 'Clock error', RD),
  q(2, 0, 'Power quality flag', RD),
  q(2, 1, 'Excessive outage count'),
  q(2, 2, 'PQ counter'),
  q(2, 3, 'Service disconnect switching', RD),
  q(2, 32, 'Power fail', RD),
  q(2, 1001, 'Power down', VENDOR),
  q(2, 1002, 'Power up', VENDOR),
  q(2, 1003, 'Phase failure', VENDOR),
  q(3, 0, 'Revenue protection'),
  q(3, 1, 'Cover opened'),
  q(3, 2, 'Logical disconnect'),
  q(3, 3, 'Revenue protection suspect'),
  q(3, 4, 'Reverse rotation', RD),
  q(3, 5, 'Static data flag'),
  q(4, 0, 'Alarm flag', RD),
  q(4, 1, 'Overflow condition detected', RD),
  q(4, 2, 'Partial interval'),
  q(4, 3, 'Long interval'),
  q(4, 4, 'Skipped interval', RD),
  q(4, 5, 'Test data'),
  q(4, 6, 'Configuration changed'),
  q(4, 7, 'Not recording'),
  q(4, 8, 'Reset occurred', RD),
  q(4, 9, 'Clock changed', RD),
  q(4, 10, 'Load control occurred'),
  q(4, 16, 'DST in effect', RD),
  q(4, 64, 'Clock set forward', RD),
  q(4, 128, 'Clock set backward'),
  q(4, 129, 'Failed probe attempt'),
  q(4, 130, 'Customer read'),
  q(4, 131, 'Manual read'),
  q(4, 259, 'DST change occurred'),
  q(4, 1001, 'Other', VENDOR),
  q(4, 1002, 'Short long', VENDOR),
  q(5, 256, 'Data outside expected range', RD),
  q(5, 257, 'Error code'),
  q(5, 258, 'Suspect', RD),
  q(5, 259, 'Known missing read', RD),
  q(6, 0, 'Failed validation - generic', { rd: true, note: 'vendor text: "validated with specific rule"' }),
  q(6, 1, 'Failed validation - zero usages'),
  q(6, 2, 'Failed validation - usage on inactive meter'),
  q(6, 3, 'Failed validation - usage above maximum'),
  q(6, 4, 'Failed validation - usage below minimum', RD),
  q(6, 5, 'Failed validation - usage above maximum percentage'),
  q(6, 6, 'Failed validation - usage below minimum percentage'),
  q(6, 9, 'Failed validation - TOU sum check failure'),
  q(7, 0, 'Manually edited - generic'),
  q(7, 1, 'Manually added', RD),
  q(7, 3, 'Manually rejected'),
  q(8, 0, 'Estimated - generic', { note: 'vendor text: "estimated with specific rule"' }),
  q(8, 1, 'Estimated - rule index 1', {
    rd: true,
    note: 'not in the vendor list; the reference data labels 3.8.1 "Validated" (index semantics uncertain)',
  }),
  q(10, 0, 'Indeterminate'),
  q(10, 1, 'Manually accepted'),
  q(11, 0, 'Derived - deterministic'),
  q(11, 1, 'Derived - inferred'),
  q(12, 0, 'Projected - generic'),
];

const CATEGORY_BY_CODE = new Map(QUALITY_CATEGORIES.map((c) => [c.code, c]));
const INDEX_BY_KEY = new Map(QUALITY_INDICES.map((i) => [`${i.category}.${i.index}`, i]));

export interface ParsedQualityCode {
  systemId: number;
  category: number;
  index: number;
  system?: string;
  categoryEntry?: QualityCategory;
  indexEntry?: QualityIndex;
}

/** Parses `<systemId>.<category>.<index>` (three non-negative integers). */
export function parseQualityCode(code: string): Parsed<ParsedQualityCode> {
  const nums = splitUnsigned(code, 3);
  if (!nums) {
    return {
      ok: false,
      problem: `${show(code)} is not a quality code <systemId>.<category>.<index> (three non-negative integers)${otherKindHint(code, 'quality')}`,
    };
  }
  const [systemId, category, index] = nums as [number, number, number];
  const value: ParsedQualityCode = { systemId, category, index };
  const system = QUALITY_SYSTEMS[systemId];
  if (system !== undefined) value.system = system;
  const cat = CATEGORY_BY_CODE.get(category);
  if (cat) value.categoryEntry = cat;
  const idx = INDEX_BY_KEY.get(`${category}.${index}`);
  if (idx) value.indexEntry = idx;
  return { ok: true, value };
}

/**
 * Checks a quality code: malformed, unknown system or unknown category → error (✔ tables); obsolete category 9
 * → warning; unknown index → COD-02 (warning, error in strict mode; info for system 5, whose indices are
 * defined outside the standard); vendor index ≥ 1000 → COD-01.
 */
export function checkQualityCode(code: string, opts: CodeCheckOptions = {}): Finding[] {
  const p = parseQualityCode(code);
  if (!p.ok) return [finding(QUALITY_RULE, 'error', QUALITY_CLAUSE, p.problem, undefined, { expected: 'a quality code systemId.category.index (Annex D)', actual: `"${code}"` })];
  const v = p.value;
  const out: Finding[] = [];
  if (v.system === undefined) {
    out.push(finding(QUALITY_RULE, 'error', QUALITY_CLAUSE,
      `quality code ${code}: system identifier ${v.systemId} is not in table D.1 (0–5)`, undefined, { expected: 'system identifier 0–5 (table D.1)', actual: `quality code ${code}: system identifier ${v.systemId}` }));
  }
  if (!v.categoryEntry) {
    out.push(finding(QUALITY_RULE, 'error', QUALITY_CLAUSE,
      `quality code ${code}: category ${v.category} is not in table D.2 (0–12)`, undefined, { expected: 'category 0–12 (table D.2)', actual: `quality code ${code}: category ${v.category}` }));
    return out;
  }
  if (v.categoryEntry.obsolete) {
    out.push(finding(QUALITY_RULE, 'warning', QUALITY_CLAUSE,
      `quality code ${code}: category 9 (oscillatory) is obsolete and has no 2013 table`));
    return out;
  }
  if (v.indexEntry?.vendor || (!v.indexEntry && v.index >= 1000)) {
    const a = assumption(opts, 'COD-01');
    const what = v.indexEntry ? `vendor extension "${v.indexEntry.meaning}"` : 'a vendor value (≥ 1000)';
    out.push(finding(QUALITY_RULE, token(a) === 'reject' ? 'error' : 'warning', QUALITY_CLAUSE,
      `quality code ${code}: index ${v.index} of category ${v.category} (${v.categoryEntry.name}) is ${v.indexEntry ? 'the ' : ''}${what}, not an IEC value`,
      { 'COD-01': a }, { expected: `an IEC index of category ${v.category} (${v.categoryEntry.name})`, actual: `quality code ${code}: index ${v.index}` }));
  } else if (!v.indexEntry) {
    if (v.systemId === 5) {
      out.push(finding(QUALITY_RULE, 'info', QUALITY_CLAUSE,
        `quality code ${code}: index ${v.index} is externally specified (system 5); not checked`));
    } else {
      const a = assumption(opts, 'COD-02');
      out.push(finding(QUALITY_RULE, token(a) === 'failure' ? 'error' : 'warning', QUALITY_CLAUSE,
        `quality code ${code}: index ${v.index} is not a known index of category ${v.category} (${v.categoryEntry.name}, table ${v.categoryEntry.table})`,
        { 'COD-02': a }, { expected: `an index of table ${v.categoryEntry.table} (category ${v.category}, ${v.categoryEntry.name})`, actual: `quality code ${code}: index ${v.index}` }));
    }
  }
  return out;
}

/** e.g. "1.4.9: end device (meter) · data collection · Clock changed" */
export function describeQualityCode(code: string): string {
  const p = parseQualityCode(code);
  if (!p.ok) return `not a quality code: ${p.problem}`;
  const v = p.value;
  const system = v.system ?? `unknown system ${v.systemId}`;
  const category = v.categoryEntry?.name ?? `unknown category ${v.category}`;
  const index = v.indexEntry
    ? `${v.indexEntry.meaning}${v.indexEntry.vendor ? ' (vendor extension)' : ''}`
    : v.systemId === 5 ? `externally specified index ${v.index}` : `unknown index ${v.index}`;
  return `${v.systemId}.${v.category}.${v.index}: ${system} · ${category} · ${index}`;
}
