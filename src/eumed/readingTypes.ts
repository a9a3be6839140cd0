/**
 * EUMED ReadingTypes: CIM literals ↔ the 18-part Annex C code (EUM-03), the ReadingType of each Annex M
 * message kind (EUM-13, eumed.md §5), and the unit arithmetic the rules need (multiplier exponent,
 * measuring period, energy ↔ power).
 */
import { composeReadingType, MEASURING_PERIODS, MULTIPLIERS, type Parsed, type ReadingTypeAttributes } from '../codes/index.ts';
import type { MessageKind, ReadingTypeLiterals } from './model.ts';

/** the attribute map src/codes understands, from EUMED literals (absent attributes stay absent) */
export function readingTypeAttributes(rt: ReadingTypeLiterals): ReadingTypeAttributes {
  const a: ReadingTypeAttributes = {};
  const simple = ['macroPeriod', 'aggregate', 'measuringPeriod', 'accumulation', 'flowDirection', 'commodity', 'measurementKind', 'tou', 'cpp', 'consumptionTier', 'phases', 'multiplier', 'unit', 'currency'] as const;
  for (const k of simple) if (rt[k] !== undefined) a[k] = rt[k];
  if (rt.interharmonic) {
    a.interharmonicNumerator = rt.interharmonic.numerator;
    a.interharmonicDenominator = rt.interharmonic.denominator;
  }
  if (rt.argument) {
    a.argumentNumerator = rt.argument.numerator;
    a.argumentDenominator = rt.argument.denominator;
  }
  return a;
}

/** the 18-part code the literals stand for (fields not given are 0) */
export function readingTypeCode(rt: ReadingTypeLiterals): Parsed<string> {
  return composeReadingType(readingTypeAttributes(rt));
}

const MULT = new Map(MULTIPLIERS.filter((e) => e.literal).map((e) => [e.literal!, e.code]));
const PERIOD = new Map(MEASURING_PERIODS.filter((e) => e.literal).map((e) => [e.literal!, e.subIntervalSeconds ?? e.seconds]));

/** power of ten of a UnitMultiplier literal (k → 3, none → 0); undefined when unknown */
export function multiplierExponent(literal: string | undefined): number | undefined {
  if (literal === undefined) return undefined;
  return MULT.get(literal.trim());
}

/** length of the measuring period in seconds (fifteenMinute → 900); undefined when it has none */
export function periodSeconds(rt: ReadingTypeLiterals): number | undefined {
  return rt.measuringPeriod === undefined ? undefined : PERIOD.get(rt.measuringPeriod.trim());
}

export const ENERGY_UNITS: ReadonlySet<string> = new Set(['Wh', 'VArh', 'VAh', 'J', 'Qh', 'Btu', 'therm']);
export const POWER_UNITS: ReadonlySet<string> = new Set(['W', 'VAr', 'VA', 'Q']);
export const VOLUME_UNITS: ReadonlySet<string> = new Set(['m3', 'm3Compensated', 'm3Uncompensated', 'l', 'ft3', 'gal']);
const CUMULATIVE = new Set(['bulkQuantity', 'cumulative', 'continuousCumulative']);

/** the units a measurementKind goes with (undefined: not checked) */
export function unitsFor(measurementKind: string | undefined): ReadonlySet<string> | undefined {
  switch (measurementKind) {
    case 'energy':
      return ENERGY_UNITS;
    case 'power':
    case 'demand':
      return POWER_UNITS;
    case 'volume':
      return VOLUME_UNITS;
    default:
      return undefined;
  }
}

/** a cumulative register (index): values never decrease unless a reset is flagged */
export function isCumulative(rt: ReadingTypeLiterals): boolean {
  return rt.accumulation !== undefined && CUMULATIVE.has(rt.accumulation);
}

/** which Annex M message a block is, judged by its ReadingType (undefined: none of the three) */
export function classify(rt: ReadingTypeLiterals): MessageKind | undefined {
  const unit = rt.unit ?? '';
  if (rt.aggregate === 'maximum' && (rt.measurementKind === 'power' || rt.measurementKind === 'demand' || POWER_UNITS.has(unit))) return 'maxPower';
  if (isCumulative(rt)) return 'index';
  if (periodSeconds(rt) && (rt.accumulation === 'deltaData' || rt.accumulation === 'summation' || rt.aggregate === 'average') && (rt.macroPeriod === undefined || rt.macroPeriod === 'none')) {
    return 'loadCurve';
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------
// EUM-13: ReadingType per message kind

type Template = Partial<Record<keyof Omit<ReadingTypeLiterals, 'argument' | 'interharmonic' | 'names' | 'ref' | 'mRID'>, readonly string[]>>;

const PERIODS = ['fifteenMinute', 'thirtyMinute', 'sixtyMinute'] as const;
const DIRECTIONS = ['forward', 'reverse'] as const;

/**
 * eumed.md §5 (EUM-13 default "eumed-table"): each kind lists the literal combinations it accepts; only the
 * attributes named are compared.
 */
export const EUMED_TABLE: Readonly<Record<MessageKind, readonly Template[]>> = {
  loadCurve: [
    { measuringPeriod: PERIODS, accumulation: ['deltaData'], flowDirection: DIRECTIONS, commodity: ['electricitySecondaryMetered'], measurementKind: ['energy'], multiplier: ['k'], unit: ['Wh'] },
    { aggregate: ['average'], measuringPeriod: PERIODS, flowDirection: DIRECTIONS, measurementKind: ['power'], multiplier: ['k'], unit: ['W'] },
  ],
  maxPower: [
    { macroPeriod: ['daily', 'monthly', 'billingPeriod'], aggregate: ['maximum'], measuringPeriod: PERIODS, flowDirection: DIRECTIONS, measurementKind: ['power', 'demand'], multiplier: ['k'], unit: ['W'] },
  ],
  index: [
    { accumulation: ['bulkQuantity'], flowDirection: DIRECTIONS, commodity: ['electricitySecondaryMetered'], measurementKind: ['energy'], multiplier: ['k'], unit: ['Wh'] },
    { accumulation: ['bulkQuantity'], commodity: ['naturalGas'], measurementKind: ['volume'], unit: ['m3'] },
  ],
};

/** the ReadingType cim9 asks for (and the reference SUT sends) per message kind: the first template, forward */
export const DEFAULT_READING_TYPES: Readonly<Record<MessageKind, ReadingTypeLiterals>> = {
  loadCurve: { measuringPeriod: 'fifteenMinute', accumulation: 'deltaData', flowDirection: 'forward', commodity: 'electricitySecondaryMetered', measurementKind: 'energy', multiplier: 'k', unit: 'Wh' },
  maxPower: { macroPeriod: 'daily', aggregate: 'maximum', measuringPeriod: 'fifteenMinute', flowDirection: 'forward', commodity: 'electricitySecondaryMetered', measurementKind: 'power', multiplier: 'k', unit: 'W' },
  index: { accumulation: 'bulkQuantity', flowDirection: 'forward', commodity: 'electricitySecondaryMetered', measurementKind: 'energy', multiplier: 'k', unit: 'Wh' },
};

/** the differences between a ReadingType and the closest template of a kind; [] when one matches */
export function templateMismatch(kind: MessageKind, rt: ReadingTypeLiterals): string[] {
  let best: string[] | undefined;
  for (const t of EUMED_TABLE[kind]) {
    const diff: string[] = [];
    for (const [k, allowed] of Object.entries(t) as [keyof Template, readonly string[]][]) {
      const v = rt[k];
      if (v === undefined || !allowed.includes(v)) diff.push(`${k} ${v === undefined ? '(absent)' : `"${v}"`} (expected ${allowed.join(' or ')})`);
    }
    if (!best || diff.length < best.length) best = diff;
  }
  return best ?? [];
}

/** text of a unit with its multiplier, e.g. kWh */
export function unitText(rt: ReadingTypeLiterals): string {
  const m = rt.multiplier && rt.multiplier !== 'none' ? (rt.multiplier === 'micro' ? 'µ' : rt.multiplier) : '';
  return `${m}${rt.unit ?? '?'}`;
}
