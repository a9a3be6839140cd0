/**
 * Deterministic EUMED meter data: 15-minute energy per metering point, the index (register) that is its
 * running sum, and the daily maximum of the average power. The reference SUT, the unit tests and the
 * benchmark use it; index, load curve and maximum agree exactly (integer Wh arithmetic), so any
 * disagreement a rule finds is a fault, not rounding.
 */
import type { Interval, IntervalReadingValue, MeterReadingValue, QualityValue, ReadingTypeLiterals } from './model.ts';
import { DEFAULT_READING_TYPES } from './readingTypes.ts';
import type { Period } from './rules.ts';
import { ean18 } from './check.ts';
import { utcStamp } from './time.ts';

export const QUARTER_MS = 900_000;
/** energy of 40 consecutive quarters (the pattern repeats every 40 quarters): Σ (100 + 10k), k = 0..39 */
const CYCLE_WH = 11_800;

/** a small number per metering point, stable across runs */
export function seedOf(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 9973;
  return h;
}

/** energy in Wh of the quarter hour number q (counted from the epoch, UTC): 100 … 490 Wh */
export function quarterWh(seed: number, q: number): number {
  return 100 + 10 * ((((q * 7 + seed) % 40) + 40) % 40);
}

/** the index (Wh) at the start of quarter q: a base per meter plus the energy of every earlier quarter */
export function indexWhAt(seed: number, q: number): number {
  const cycles = Math.floor(q / 40);
  let wh = 1_000_000 + seed * 1000 + cycles * CYCLE_WH;
  for (let k = cycles * 40; k < q; k++) wh += quarterWh(seed, k);
  return wh;
}

/** integer Wh (or W) → kWh (kW) with three decimals, exactly */
export function kilo(n: number): string {
  const neg = n < 0;
  const a = Math.abs(n);
  return `${neg ? '-' : ''}${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}`;
}

export interface CurveOptions {
  /** EUM-12: timestamp at the end (default) or the start of each interval */
  stamp?: 'end' | 'start';
  /** write each interval's timePeriod (default true) */
  timePeriod?: boolean;
  /** how a timestamp is written (default UTC with Z) */
  format?: (ms: number) => string;
  /** quality codes per interval end instant (e.g. estimated intervals) */
  qualities?: ReadonlyMap<number, QualityValue[]>;
}

/** the 15-minute load curve (kWh per interval) of [start, end) for a seed */
export function loadCurveReadings(seed: number, period: Period, o: CurveOptions = {}): IntervalReadingValue[] {
  const out: IntervalReadingValue[] = [];
  const f = o.format ?? utcStamp;
  const stamp = o.stamp ?? 'end';
  for (let s = period.start; s + QUARTER_MS <= period.end; s += QUARTER_MS) {
    const e = s + QUARTER_MS;
    const at = stamp === 'end' ? e : s;
    const r: IntervalReadingValue = { timeStamp: f(at), value: kilo(quarterWh(seed, Math.floor(s / QUARTER_MS))) };
    const q = o.qualities?.get(e);
    if (q) r.qualities = q;
    if (o.timePeriod ?? true) r.timePeriod = { start: f(s), end: f(e) };
    out.push(r);
  }
  return out;
}

/** index snapshots (kWh) at each instant of `at` */
export function indexReadings(seed: number, at: readonly number[], format: (ms: number) => string = utcStamp): IntervalReadingValue[] {
  return at.map((ms) => ({ timeStamp: format(ms), value: kilo(indexWhAt(seed, Math.floor(ms / QUARTER_MS))) }));
}

/** the maximum 15-minute average power (kW) of [start, end) and the end of the interval where it occurs */
export function maxPowerOf(seed: number, period: Period): { at: number; w: number } {
  let best = { at: period.start + QUARTER_MS, w: -1 };
  for (let s = period.start; s + QUARTER_MS <= period.end; s += QUARTER_MS) {
    const w = quarterWh(seed, Math.floor(s / QUARTER_MS)) * 4;
    if (w > best.w) best = { at: s + QUARTER_MS, w };
  }
  return best;
}

/** the EAN-18 of a usage point (a fixed Dutch-style prefix and the seed; valid GS1 check digit) */
export function eanOf(usagePoint: string): string {
  return ean18(`8712345${String(seedOf(usagePoint)).padStart(10, '0')}`);
}

/** the UsagePoint of a metering point: its mRID and its EAN-18 name (EUM-11) */
export function usagePointValue(usagePoint: string): MeterReadingValue['usagePoint'] {
  return {
    mRID: usagePoint,
    names: [{ name: eanOf(usagePoint), nameType: { name: 'EAN', description: 'metering-point EAN-18', authority: { name: 'GS1' } } }],
  };
}

/** a MeterReading of one metering point with one load-curve block for the period (the benchmark's unit of work) */
export function loadCurveMeterReading(usagePoint: string, meter: string, period: Period, o: CurveOptions & { readingType?: ReadingTypeLiterals } = {}): MeterReadingValue {
  const valuesInterval: Interval = { start: utcStamp(period.start), end: utcStamp(period.end) };
  return {
    intervalBlocks: [{ readingType: o.readingType ?? DEFAULT_READING_TYPES.loadCurve, readings: loadCurveReadings(seedOf(usagePoint), period, o) }],
    meter: { mRID: meter },
    usagePoint: usagePointValue(usagePoint),
    valuesInterval,
  };
}
