/**
 * Annex C ReadingType codes: 18 dot-separated integers (codes.md §5). Parse, check each field against its
 * table, describe in words, compare with the ReadingType attribute elements of a payload, and give the
 * measuring period in seconds for interval-spacing rules.
 */
import type { Finding, Severity } from '../checks/finding.ts';
import {
  assumption,
  token,
  finding,
  normalizeName,
  otherKindHint,
  show,
  softSeverity,
  type CodeCheckOptions,
  type Parsed,
} from './common.ts';
import {
  ACCUMULATIONS,
  AGGREGATES,
  COMMODITIES,
  CURRENCIES,
  FLOW_DIRECTIONS,
  MACRO_PERIODS,
  MEASUREMENT_KINDS,
  MEASURING_PERIODS,
  MULTIPLIERS,
  PHASES,
  UNITS,
  type MeasuringPeriodEntry,
  type ReadingTypeEntry,
} from './reading-type-tables.ts';

export const READING_TYPE_CLAUSE = '61968-9:2013 Annex C';

export const READING_TYPE_RULES = {
  format: 'COD-READINGTYPE-FORMAT',
  field: 'COD-READINGTYPE-FIELD',
  plausibility: 'COD-READINGTYPE-PLAUSIBILITY',
  attribute: 'COD-READINGTYPE-ATTRIBUTE',
} as const;

export type ReadingTypeFieldName =
  | 'macroPeriod'
  | 'aggregate'
  | 'measuringPeriod'
  | 'accumulation'
  | 'flowDirection'
  | 'commodity'
  | 'measurementKind'
  | 'interharmonicNumerator'
  | 'interharmonicDenominator'
  | 'argumentNumerator'
  | 'argumentDenominator'
  | 'tou'
  | 'cpp'
  | 'consumptionTier'
  | 'phases'
  | 'multiplier'
  | 'unit'
  | 'currency';

export interface ReadingTypeField {
  /** 1-based position in the code */
  readonly position: number;
  readonly name: ReadingTypeFieldName;
  /** element of the XSD ReadingType class that carries the same value */
  readonly element: string;
  /** 2013 table(s) */
  readonly table2013: string;
  /** the value table; integer fields (8–14) have none */
  readonly entries?: readonly ReadingTypeEntry[];
  /** values ≥ 1000 missing from the table are vendor values (COD-01) */
  readonly vendorAbove1000?: boolean;
  /** accepted range of an integer field without a table */
  readonly range?: readonly [number, number];
}

/** The 18 fields in code order ✔ */
export const READING_TYPE_FIELDS: readonly ReadingTypeField[] = [
  { position: 1, name: 'macroPeriod', element: 'macroPeriod', table2013: 'C.1', entries: MACRO_PERIODS, vendorAbove1000: true },
  { position: 2, name: 'aggregate', element: 'aggregate', table2013: 'C.2', entries: AGGREGATES, vendorAbove1000: true },
  { position: 3, name: 'measuringPeriod', element: 'measuringPeriod', table2013: 'C.3', entries: MEASURING_PERIODS, vendorAbove1000: true },
  { position: 4, name: 'accumulation', element: 'accumulation', table2013: 'C.5', entries: ACCUMULATIONS, vendorAbove1000: true },
  { position: 5, name: 'flowDirection', element: 'flowDirection', table2013: 'C.7', entries: FLOW_DIRECTIONS, vendorAbove1000: true },
  { position: 6, name: 'commodity', element: 'commodity', table2013: 'C.9', entries: COMMODITIES, vendorAbove1000: true },
  { position: 7, name: 'measurementKind', element: 'measurementKind', table2013: 'C.10', entries: MEASUREMENT_KINDS, vendorAbove1000: true },
  { position: 8, name: 'interharmonicNumerator', element: 'interharmonic/numerator', table2013: 'C.11', range: [0, Number.MAX_SAFE_INTEGER] },
  { position: 9, name: 'interharmonicDenominator', element: 'interharmonic/denominator', table2013: 'C.11', range: [0, Number.MAX_SAFE_INTEGER] },
  { position: 10, name: 'argumentNumerator', element: 'argument/numerator', table2013: 'C.12', range: [0, Number.MAX_SAFE_INTEGER] },
  { position: 11, name: 'argumentDenominator', element: 'argument/denominator', table2013: 'C.12', range: [0, Number.MAX_SAFE_INTEGER] },
  { position: 12, name: 'tou', element: 'tou', table2013: 'C.13', range: [0, 255] },
  { position: 13, name: 'cpp', element: 'cpp', table2013: 'C.14', range: [0, 255] },
  { position: 14, name: 'consumptionTier', element: 'consumptionTier', table2013: 'C.15', range: [0, 255] },
  { position: 15, name: 'phases', element: 'phases', table2013: 'C.17', entries: PHASES },
  { position: 16, name: 'multiplier', element: 'multiplier', table2013: 'C.18', entries: MULTIPLIERS },
  { position: 17, name: 'unit', element: 'unit', table2013: 'C.20–C.27', entries: UNITS, vendorAbove1000: true },
  { position: 18, name: 'currency', element: 'currency', table2013: 'C.28 (ISO 4217 numeric)', entries: CURRENCIES },
];

export const READING_TYPE_FIELD_NAMES: readonly ReadingTypeFieldName[] = READING_TYPE_FIELDS.map((f) => f.name);

const FIELD_BY_NAME = new Map(READING_TYPE_FIELDS.map((f) => [f.name, f]));
const ENTRY_INDEX = new Map(
  READING_TYPE_FIELDS.map((f) => [f.name, new Map((f.entries ?? []).map((e) => [e.code, e]))]),
);

/** The table entry of a field value, if listed. */
export function lookupReadingTypeValue(field: ReadingTypeFieldName, value: number): ReadingTypeEntry | undefined {
  return ENTRY_INDEX.get(field)?.get(value);
}

export type ReadingTypeFields = Record<ReadingTypeFieldName, number>;

export interface ParsedReadingType {
  fields: ReadingTypeFields;
  /** the 18 values in code order */
  values: readonly number[];
  /** canonical dotted text */
  canonical: string;
}

const RT_SHAPE = /^-?[0-9]+(\.-?[0-9]+){17}$/;

function parseInternal(code: string): Parsed<ParsedReadingType> & { negativeField?: ReadingTypeFieldName } {
  if (!RT_SHAPE.test(code)) {
    const parts = code.split('.').length;
    const count = /^-?[0-9]+(\.-?[0-9]+)*$/.test(code) ? ` (${parts} part${parts === 1 ? '' : 's'})` : '';
    return {
      ok: false,
      problem: `${show(code)} is not a ReadingType code of 18 dot-separated integers${count}${otherKindHint(code, 'readingType')}`,
    };
  }
  const values = code.split('.').map(Number);
  if (!values.every((v) => Number.isSafeInteger(v))) {
    return { ok: false, problem: `${show(code)} has a field too large to be an integer code` };
  }
  for (let i = 0; i < 18; i++) {
    if (i !== 15 && (values[i]! < 0 || Object.is(values[i], -0))) {
      const name = READING_TYPE_FIELDS[i]!.name;
      return {
        ok: false,
        problem: `ReadingType ${code}: field ${i + 1} (${name}) is negative; only field 16 (multiplier) may be (COD-03)`,
        negativeField: name,
      };
    }
  }
  const fields = {} as ReadingTypeFields;
  READING_TYPE_FIELDS.forEach((f, i) => (fields[f.name] = values[i]! === 0 ? 0 : values[i]!));
  const norm = values.map((v) => (v === 0 ? 0 : v));
  return { ok: true, value: { fields, values: norm, canonical: norm.join('.') } };
}

/** Parses 18 dot-separated integers; only field 16 (multiplier) may be negative (COD-03). */
export function parseReadingType(code: string): Parsed<ParsedReadingType> {
  const p = parseInternal(code);
  return p.ok ? { ok: true, value: p.value } : { ok: false, problem: p.problem };
}

/** The dotted code of 18 field values (missing fields are 0). */
export function formatReadingType(fields: Partial<ReadingTypeFields>): string {
  return READING_TYPE_FIELDS.map((f) => fields[f.name] ?? 0).join('.');
}

function formatFinding(code: string, problem: string, negative: boolean): Finding {
  return finding(READING_TYPE_RULES.format, 'error', READING_TYPE_CLAUSE, problem,
    negative ? { 'COD-03': assumption(undefined, 'COD-03') } : undefined,
    { expected: 'a ReadingType code of 18 unsigned integers separated by dots (Annex C)', actual: `"${code}"` });
}

// ----------------------------------------------------------------------------------------------------------
// check

const ENERGY_UNITS = new Set([31, 71, 72, 73, 101, 132, 163, 164, 169]);
const WATTHOUR_UNITS = new Set([71, 72, 73]);

/**
 * Checks a ReadingType code: format (18 integers, COD-03), each field against its table (unknown → COD-02,
 * vendor → COD-01; integer fields 12–14 within 0–255, COD-13), and plausibility (COD-15, warnings by default).
 */
export function checkReadingType(code: string, opts: CodeCheckOptions = {}): Finding[] {
  const p = parseInternal(code);
  if (!p.ok) return [formatFinding(code, p.problem, p.negativeField !== undefined)];
  const f = p.value.fields;
  const c = p.value.canonical;
  const out: Finding[] = [];

  for (const field of READING_TYPE_FIELDS) {
    const value = f[field.name];
    const where = `ReadingType ${c}: field ${field.position} (${field.name}) = ${value}`;
    if (field.entries) {
      const entry = lookupReadingTypeValue(field.name, value);
      if (entry?.vendor || (!entry && field.vendorAbove1000 && value >= 1000)) {
        const a = assumption(opts, 'COD-01');
        out.push(finding(READING_TYPE_RULES.field, token(a) === 'reject' ? 'error' : 'warning', READING_TYPE_CLAUSE,
          `${where} is a vendor value${entry ? ` (${entry.constant})` : ' (≥ 1000)'}, not in table ${field.table2013}`, { 'COD-01': a },
          { expected: `field ${field.position} (${field.name}): a value of table ${field.table2013}`, actual: `field ${field.position} (${field.name}) = ${value}` }));
      } else if (!entry) {
        if (field.name === 'currency' && value > 0 && value < 1000) {
          out.push(finding(READING_TYPE_RULES.field, 'info', READING_TYPE_CLAUSE,
            `${where}: an ISO 4217 numeric code outside the suite's short list; not checked`));
        } else {
          const a = assumption(opts, 'COD-02');
          out.push(finding(READING_TYPE_RULES.field, token(a) === 'failure' ? 'error' : 'warning', READING_TYPE_CLAUSE,
            `${where} is not in table ${field.table2013}`, { 'COD-02': a },
            { expected: `field ${field.position} (${field.name}): a value of table ${field.table2013}`, actual: `field ${field.position} (${field.name}) = ${value}` }));
        }
      }
    } else if (field.range && value > field.range[1]) {
      const a = assumption(opts, 'COD-13');
      out.push(finding(READING_TYPE_RULES.field, softSeverity(opts), READING_TYPE_CLAUSE,
        `${where} is outside the accepted range ${field.range[0]}–${field.range[1]}`, { 'COD-13': a },
        { expected: `field ${field.position} (${field.name}) within ${field.range[0]}–${field.range[1]}`, actual: `field ${field.position} (${field.name}) = ${value}` }));
    }
  }

  // plausibility (COD-15)
  const a15 = assumption(opts, 'COD-15');
  if (token(a15) !== 'off') {
    const sev: Severity = token(a15) === 'failure' ? 'error' : 'warning';
    const plaus = (message: string) =>
      out.push(finding(READING_TYPE_RULES.plausibility, sev, READING_TYPE_CLAUSE, `ReadingType ${c}: ${message}`, { 'COD-15': a15 }, { expected: 'a plausible combination of fields (COD-15)', actual: `ReadingType ${c}` }));
    const kind = f.measurementKind;
    const unitText = lookupReadingTypeValue('unit', f.unit)?.literal ?? String(f.unit);
    const kindText = lookupReadingTypeValue('measurementKind', kind)?.text ?? String(kind);
    if (WATTHOUR_UNITS.has(f.unit) && kind !== 12) {
      plaus(`unit ${unitText} (an energy unit) with measurementKind ${kind} (${kindText}) instead of 12 (energy)`);
    }
    if (kind === 12 && !ENERGY_UNITS.has(f.unit)) {
      plaus(`measurementKind energy with unit ${f.unit} (${lookupReadingTypeValue('unit', f.unit)?.text ?? 'unknown'}), not an energy unit`);
    }
    if (kind === 12 && f.measuringPeriod !== 0 && (f.accumulation === 6 || f.accumulation === 12)) {
      const acc = lookupReadingTypeValue('accumulation', f.accumulation)!.literal;
      plaus(`interval energy (measuringPeriod ${f.measuringPeriod}) with accumulation ${acc}: unusual, deltaData, summation or bulkQuantity expected`);
    }
    for (const [num, den, label] of [
      [f.interharmonicNumerator, f.interharmonicDenominator, 'interharmonic'],
      [f.argumentNumerator, f.argumentDenominator, 'argument'],
    ] as const) {
      if (num !== 0 && den === 0) plaus(`${label} ${num}/0 has a zero denominator`);
    }
  }
  return out;
}

/** Where a ReadingType is used: interval data (IntervalBlock) or a single register/reading value (Reading). */
export type ReadingTypeUsage = 'interval' | 'register';

/**
 * Plausibility of a ReadingType for its use (COD-15, warnings by default): interval data needs a measuring or
 * macro period, and interval energy is normally deltaData, summation or bulkQuantity; an energy register is
 * normally bulkQuantity unless a macroPeriod says over which period it was summed.
 */
export function checkReadingTypeUsage(code: string, usage: ReadingTypeUsage, opts: CodeCheckOptions = {}): Finding[] {
  const p = parseInternal(code);
  if (!p.ok) return [formatFinding(code, p.problem, p.negativeField !== undefined)];
  const a15 = assumption(opts, 'COD-15');
  if (token(a15) === 'off') return [];
  const sev: Severity = token(a15) === 'failure' ? 'error' : 'warning';
  const f = p.value.fields;
  const out: Finding[] = [];
  const plaus = (message: string) =>
    out.push(finding(READING_TYPE_RULES.plausibility, sev, READING_TYPE_CLAUSE, `ReadingType ${p.value.canonical}: ${message}`, { 'COD-15': a15 }));
  if (usage === 'interval') {
    if (f.measuringPeriod === 0 && f.macroPeriod === 0) plaus('used for interval data but has neither measuringPeriod nor macroPeriod');
    if (f.measurementKind === 12 && ![0, 1, 4, 9].includes(f.accumulation)) {
      plaus(`interval energy with accumulation ${f.accumulation}; deltaData (4), summation (9) or bulkQuantity (1) expected`);
    }
  } else if (f.measurementKind === 12 && (f.accumulation === 4 || f.accumulation === 9) && f.macroPeriod === 0 && f.measuringPeriod === 0) {
    plaus('energy register with accumulation deltaData/summation but no period; bulkQuantity (1) expected');
  }
  return out;
}

// ----------------------------------------------------------------------------------------------------------
// describe

const RATIO_UNITS = new Set([143, 144, 146, 148, 149, 150, 151, 152, 153, 168]);

function unitText(unit: number, multiplier: number): string | undefined {
  const u = lookupReadingTypeValue('unit', unit);
  const m = lookupReadingTypeValue('multiplier', multiplier);
  if (unit === 0) return multiplier === 0 ? undefined : `×10^${multiplier}`;
  if (multiplier === -2 && RATIO_UNITS.has(unit)) return `% (${u?.literal ?? u?.text ?? `unit ${unit}`})`;
  const prefix = multiplier === 0 ? '' : m?.literal ? (m.literal === 'micro' ? 'µ' : m.literal) : `×10^${multiplier} `;
  if (u?.literal) return `${prefix}${u.literal}`;
  const words = u ? u.text : `unknown unit ${unit}`;
  return multiplier === 0 ? words : `${m ? m.text : `×10^${multiplier}`} ${words}`;
}

function text(field: ReadingTypeFieldName, value: number): string {
  const e = lookupReadingTypeValue(field, value);
  return e ? `${e.text}${e.vendor ? ' (vendor)' : ''}` : `unknown ${field} ${value}`;
}

/**
 * Human text composed from the fields, e.g. `0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0` →
 * "15-minute delta, forward, electricity secondary metered, energy, kWh". Informative only (COD-11).
 */
export function describeReadingType(code: string): string {
  const p = parseInternal(code);
  if (!p.ok) return `not a ReadingType code: ${p.problem}`;
  const f = p.value.fields;
  const lead = (['macroPeriod', 'aggregate', 'measuringPeriod', 'accumulation'] as const)
    .filter((n) => f[n] !== 0)
    .map((n) => text(n, f[n]));
  const parts: string[] = [];
  if (lead.length) parts.push(lead.join(' '));
  for (const n of ['flowDirection', 'commodity', 'measurementKind'] as const) if (f[n] !== 0) parts.push(text(n, f[n]));
  if (f.interharmonicNumerator !== 0 || f.interharmonicDenominator !== 0) {
    parts.push(`interharmonic ${f.interharmonicNumerator}/${f.interharmonicDenominator}`);
  }
  if (f.argumentNumerator !== 0 || f.argumentDenominator !== 0) {
    parts.push(`argument ${f.argumentNumerator}/${f.argumentDenominator}`);
  }
  if (f.tou !== 0) parts.push(`TOU ${f.tou}`);
  if (f.cpp !== 0) parts.push(`CPP ${f.cpp}`);
  if (f.consumptionTier !== 0) parts.push(`tier ${f.consumptionTier}`);
  if (f.phases !== 0) {
    const e = lookupReadingTypeValue('phases', f.phases);
    parts.push(e ? (e.literal ? `phase ${e.text}` : e.text) : `unknown phases ${f.phases}`);
  }
  const u = unitText(f.unit, f.multiplier);
  if (u) parts.push(u);
  if (f.currency !== 0) {
    const e = lookupReadingTypeValue('currency', f.currency);
    parts.push(e ? e.text : `currency ${f.currency}`);
  }
  return parts.length ? parts.join(', ') : 'not applicable (all fields 0)';
}

/**
 * Spacing of successive interval values in seconds, from field 3 (measuringPeriod): 15-minute → 900; for a
 * rolling block, its sub-interval. Undefined when the field has no fixed duration (none, present, previous,
 * specified …) or the code does not parse.
 */
export function measuringPeriodSeconds(code: string | ReadingTypeFields): number | undefined {
  let mp: number;
  if (typeof code === 'string') {
    const p = parseInternal(code);
    if (!p.ok) return undefined;
    mp = p.value.fields.measuringPeriod;
  } else {
    mp = code.measuringPeriod;
  }
  const e = lookupReadingTypeValue('measuringPeriod', mp) as MeasuringPeriodEntry | undefined;
  return e?.subIntervalSeconds ?? e?.seconds;
}

// ----------------------------------------------------------------------------------------------------------
// attribute elements ↔ code

/** Content of the ReadingType attribute elements, keyed by field name (argument/interharmonic split in two). */
export type ReadingTypeAttributes = Partial<Record<ReadingTypeFieldName, string>>;

/** how an attribute value was recognised */
export type AttributeForm = 'numeric' | 'literal' | 'alternate' | 'name' | 'power-of-ten' | 'currency-alpha';

export interface ResolvedAttribute {
  /** codes the text may stand for (several for names shared by two values) */
  codes: number[];
  form: AttributeForm;
}

const NAME_INDEX = new Map<ReadingTypeFieldName, Map<string, Set<number>>>();
function nameIndex(field: ReadingTypeFieldName): Map<string, Set<number>> {
  let m = NAME_INDEX.get(field);
  if (!m) {
    m = new Map();
    const add = (key: string, code: number) => {
      if (!key) return;
      const set = m!.get(key) ?? new Set<number>();
      set.add(code);
      m!.set(key, set);
    };
    for (const e of FIELD_BY_NAME.get(field)?.entries ?? []) {
      for (const s of [e.literal, ...(e.alternates ?? []), e.constant, e.text]) {
        if (s) add(normalizeName(s), e.code);
      }
    }
    NAME_INDEX.set(field, m);
  }
  return m;
}

/**
 * What code an attribute element's text stands for: the numeric code, the CIM literal (case-sensitive), a
 * known alternate spelling, or — leniently — the vendor constant or descriptive text ("Delta data", "*10^3",
 * "Watt hours"). Undefined when the text is not recognised.
 */
export function resolveReadingTypeAttribute(field: ReadingTypeFieldName, raw: string): ResolvedAttribute | undefined {
  const s = raw.trim();
  if (/^[+-]?[0-9]+$/.test(s)) return { codes: [Number(s)], form: 'numeric' };
  const entries = FIELD_BY_NAME.get(field)?.entries ?? [];
  if (!entries.length) return undefined;
  if (field === 'currency' && /^[A-Za-z]{3}$/.test(s)) {
    // ISO 4217 alphabetic code (COD-14); "XXX" (no currency) stands for 0 as well as 999
    const upper = s.toUpperCase();
    const codes = upper === 'XXX' ? [0, 999] : entries.filter((e) => e.constant === upper).map((e) => e.code);
    return codes.length ? { codes, form: 'currency-alpha' } : undefined;
  }
  // a literal of one value may be an accepted alternate spelling of another (COD-12: "voltage" for 54 and 158)
  const lit = entries.filter((e) => e.literal === s).map((e) => e.code);
  const alt = entries.filter((e) => e.alternates?.includes(s)).map((e) => e.code);
  if (lit.length || alt.length) return { codes: [...lit, ...alt], form: lit.length ? 'literal' : 'alternate' };
  if (field === 'multiplier') {
    const pow = /^\*?\s*10\s*\^\s*([+-]?[0-9]+)$/.exec(s) ?? /^1[eE]([+-]?[0-9]+)$/.exec(s);
    if (pow) return { codes: [Number(pow[1])], form: 'power-of-ten' };
    if (s === 'µ' || s === 'u') return { codes: [-6], form: 'name' };
    // literals of multipliers differ only by case (m / M): no case-insensitive matching of literals here
    const byConstant = entries.filter((e) => e.constant === s.toUpperCase() || e.text === s.toLowerCase());
    return byConstant.length ? { codes: byConstant.map((e) => e.code), form: 'name' } : undefined;
  }
  const idx = nameIndex(field);
  const key = normalizeName(s);
  const hit = idx.get(key) ?? (key.endsWith('s') ? idx.get(key.slice(0, -1)) : undefined);
  return hit ? { codes: [...hit], form: 'name' } : undefined;
}

/**
 * Compares ReadingType attribute elements with the code (mRID / ref / name). PAY-06 decides how strict:
 * `lenient` (default) — numeric code, CIM literal or descriptive text accepted; a recognised value that
 * disagrees is a warning (error in strict mode), an unrecognised one is only reported (info);
 * `agree` — disagreement is an error, an unrecognised value a warning;
 * `numeric` / `literal` — the value must be the numeric code / the CIM literal, else error.
 */
export function checkReadingTypeAttributes(
  code: string,
  attrs: ReadingTypeAttributes,
  opts: CodeCheckOptions = {},
): Finding[] {
  const p = parseInternal(code);
  if (!p.ok) return [formatFinding(code, p.problem, p.negativeField !== undefined)];
  const modeUsed = assumption(opts, 'PAY-06');
  const mode = token(modeUsed);
  const out: Finding[] = [];
  const rule = READING_TYPE_RULES.attribute;
  for (const [name, raw] of Object.entries(attrs) as [ReadingTypeFieldName, string | undefined][]) {
    if (raw === undefined) continue;
    const field = FIELD_BY_NAME.get(name);
    if (!field) continue;
    const expected = p.value.fields[name];
    const used: Record<string, string> = { 'PAY-06': modeUsed };
    const label = `ReadingType ${p.value.canonical}: element ${field.element} = ${show(raw)}`;
    const r = resolveReadingTypeAttribute(name, raw);
    if (!r) {
      const sev: Severity = mode === 'lenient' ? 'info' : mode === 'agree' ? softSeverity(opts) : 'error';
      out.push(finding(rule, sev, READING_TYPE_CLAUSE, `${label} is not recognised; not compared with field ${field.position} (${expected})`, used));
      continue;
    }
    if (r.form === 'currency-alpha') {
      const a14 = assumption(opts, 'COD-14');
      used['COD-14'] = a14;
      if (token(a14) === 'reject') {
        out.push(finding(rule, 'error', READING_TYPE_CLAUSE, `${label}: alphabetic currency where the ISO 4217 numeric code is required`, used));
        continue;
      }
    }
    if (name === 'measurementKind' && lookupReadingTypeValue(name, expected)?.alternates?.includes(raw.trim())) {
      used['COD-12'] = assumption(opts, 'COD-12');
    }
    const hasLiterals = (field.entries ?? []).some((e) => e.literal);
    if (mode === 'numeric' && r.form !== 'numeric') {
      out.push(finding(rule, 'error', READING_TYPE_CLAUSE, `${label}: the numeric code is required (field ${field.position} = ${expected})`, used));
      continue;
    }
    if (mode === 'literal' && hasLiterals && r.form !== 'literal' && r.form !== 'currency-alpha') {
      const e = lookupReadingTypeValue(name, expected);
      out.push(finding(rule, 'error', READING_TYPE_CLAUSE,
        `${label}: the CIM literal is required${e?.literal ? ` ("${e.literal}" for ${expected})` : ''}`, used));
      continue;
    }
    if (!r.codes.includes(expected)) {
      const sev: Severity = mode === 'lenient' ? softSeverity(opts) : 'error';
      const e = lookupReadingTypeValue(name, expected);
      const exp = `${expected}${e ? ` (${e.literal ?? e.text})` : ''}`;
      out.push(finding(rule, sev, READING_TYPE_CLAUSE,
        `${label} means ${r.codes.join(' or ')}, but field ${field.position} (${name}) of the code is ${exp}`, used));
    }
  }
  return out;
}

/**
 * Builds the dotted code from attribute elements (missing fields = 0), e.g. for EUMED ReadingTypes given by
 * literals only. Fails when a value is not recognised or could stand for more than one code.
 */
export function composeReadingType(attrs: ReadingTypeAttributes): Parsed<string> {
  const fields: Partial<ReadingTypeFields> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(attrs) as [ReadingTypeFieldName, string | undefined][]) {
    if (raw === undefined || !FIELD_BY_NAME.has(name)) continue;
    const r = resolveReadingTypeAttribute(name, raw);
    if (!r) problems.push(`${name} = ${show(raw)} is not recognised`);
    else if (r.codes.length > 1) problems.push(`${name} = ${show(raw)} is ambiguous (${r.codes.join(' or ')})`);
    else fields[name] = r.codes[0]!;
  }
  if (problems.length) return { ok: false, problem: problems.join('; ') };
  const code = formatReadingType(fields);
  const p = parseInternal(code);
  return p.ok ? { ok: true, value: code } : { ok: false, problem: p.problem };
}
