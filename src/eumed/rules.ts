/**
 * Load-curve, max-power and index rules of the EUMED profile (eumed.md §4, §5): pure functions over typed
 * interval data, returning Findings. No XML here: the nodes a curve may carry only give findings their
 * line and XPath.
 *
 * Rule ids (src/checks/catalogue.ts):
 *   EUMED-LC-COVERAGE      the curve covers the requested period completely (no gap, duplicate or stray interval)
 *   EUMED-LC-INTERVAL      every interval has the length of the measuring period
 *   EUMED-LC-DST           timestamps are consistent across a DST change (offsets, 92/100 quarter hours)
 *   EUMED-LC-QUALITY       missing or estimated intervals carry the right quality codes
 *   EUMED-UNIT             units and multipliers agree with the ReadingType (and between messages)
 *   EUMED-INDEX-MONOTONIC  cumulative (index) values never decrease unless a reset is flagged
 *   EUMED-MAXPOWER-TIME    one maximum per macro period, time-stamped inside it (EUM-14)
 *   EUMED-MAXPOWER-VALUE   the maximum is not below any interval's average power of the same period
 *
 * Assumptions: EUM-12 (interval timestamp = end or start of the interval), EUM-14 (max-power timestamp),
 * EUM-05 (quality carrier), the market time zone (CIM9-40, default Europe/Amsterdam), COD-01/COD-02 through
 * checkQualityCode.
 */
import type { Finding, Severity } from '../checks/finding.ts';
import { rule as catalogued } from '../checks/catalogue.ts';
import type { XNode } from '../xml/index.ts';
import { checkQualityCode, parseQualityCode } from '../codes/index.ts';
import type { Interval, MessageKind, QualityCarrier, ReadingTypeLiterals } from './model.ts';
import { ENERGY_UNITS, POWER_UNITS, VOLUME_UNITS, isCumulative, multiplierExponent, periodSeconds, unitText, unitsFor } from './readingTypes.ts';
import { localDateOf, localDaysWithin, parseStamp, utcStamp, zoneOffsetMinutes, addDays, localMidnight, type LocalDay } from './time.ts';

export const EUMED_RULES = {
  coverage: 'EUMED-LC-COVERAGE',
  interval: 'EUMED-LC-INTERVAL',
  dst: 'EUMED-LC-DST',
  quality: 'EUMED-LC-QUALITY',
  unit: 'EUMED-UNIT',
  monotonic: 'EUMED-INDEX-MONOTONIC',
  maxTime: 'EUMED-MAXPOWER-TIME',
  maxValue: 'EUMED-MAXPOWER-VALUE',
} as const;

/** one value of a block, as the rules need it (ReadIntervalReading of ./payload.ts fits) */
export interface CurvePoint {
  timeStamp?: string;
  value?: string;
  qualities: readonly { code: string; form?: string }[];
  timePeriod?: Interval;
  node?: XNode;
}

/** an IntervalBlock (ReadIntervalBlock of ./payload.ts fits) */
export interface Curve {
  readingType: ReadingTypeLiterals;
  readings: readonly CurvePoint[];
  node?: XNode;
}

/** a period [start, end) in epoch milliseconds */
export interface Period {
  start: number;
  end: number;
}

export interface RuleContext {
  /** what the data is, for findings ("reply to get(MeterReadingSet) load curve") */
  label: string;
  /** IANA zone of the market (CIM9-40) */
  timeZone: string;
  /** EUM-12 */
  stamp: 'end' | 'start';
  /** the register as strings, for the code checks (COD-01, COD-02 …) */
  assumptions?: Record<string, string>;
  strict?: boolean;
  /** detailed findings per rule and block before they are summarised (default 10) */
  maxFindings?: number;
}

// ------------------------------------------------------------------------------------------------
// helpers

class Out {
  readonly findings: Finding[] = [];
  readonly #count = new Map<string, number>();
  constructor(readonly ctx: RuleContext, readonly fallback?: XNode) {}

  add(id: string, message: string, node?: XNode, assumptions?: Record<string, string>, severity?: Severity): void {
    const n = (this.#count.get(id) ?? 0) + 1;
    this.#count.set(id, n);
    if (n > (this.ctx.maxFindings ?? 10)) return;
    const r = catalogued(id);
    const at = node ?? this.fallback;
    const f: Finding = { rule: id, clause: r.clause, severity: severity ?? r.severity, message: `${this.ctx.label}: ${message}`, file: this.ctx.label };
    if (at) {
      f.line = at.line;
      f.xpath = at.path;
    }
    if (assumptions && Object.keys(assumptions).length) f.assumptions = assumptions;
    this.findings.push(f);
  }

  /** one summary per rule that hit the limit */
  done(): Finding[] {
    const max = this.ctx.maxFindings ?? 10;
    for (const [id, n] of this.#count) {
      if (n > max) {
        const r = catalogued(id);
        this.findings.push({ rule: id, clause: r.clause, severity: 'info', message: `${this.ctx.label}: ${n - max} further ${id} finding(s) not listed`, file: this.ctx.label });
      }
    }
    return this.findings;
  }
}

const stampAssumption = (ctx: RuleContext) => ({ 'EUM-12': ctx.stamp });
const zoneAssumption = (ctx: RuleContext) => ({ 'CIM9-40': ctx.timeZone });

/** a decimal text → number; undefined when it is not one */
export function decimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** half a unit of the last decimal written (0.005 for "1.23"), the rounding a value may carry */
function halfUlp(text: string | undefined): number {
  if (!text) return 0;
  const s = text.trim().toLowerCase();
  const e = s.indexOf('e');
  const mant = e >= 0 ? s.slice(0, e) : s;
  const exp = e >= 0 ? Number(s.slice(e + 1)) : 0;
  const dot = mant.indexOf('.');
  const decimals = dot >= 0 ? mant.length - dot - 1 : 0;
  return 0.5 * 10 ** (exp - decimals);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

interface Timed {
  i: number;
  ms: number;
  offset: number | undefined;
}

const timesCache = new WeakMap<readonly CurvePoint[], { timed: Timed[]; bad: number[] }>();

/** the parsed timestamps of a curve (index, instant, written offset), in document order; parsed once per readings array (read data: timestamps do not change after a first check) */
function timesOf(curve: Curve): { timed: Timed[]; bad: number[] } {
  const hit = timesCache.get(curve.readings);
  if (hit) return hit;
  const timed: Timed[] = [];
  const bad: number[] = [];
  curve.readings.forEach((r, i) => {
    const p = parseStamp(r.timeStamp);
    if (p) timed.push({ i, ms: p.ms, offset: p.offset });
    else bad.push(i);
  });
  const out = { timed, bad };
  timesCache.set(curve.readings, out);
  return out;
}

/** the interval [start, end) a reading stands for under EUM-12 */
function intervalOf(ms: number, periodMs: number, stamp: 'end' | 'start'): Period {
  return stamp === 'end' ? { start: ms - periodMs, end: ms } : { start: ms, end: ms + periodMs };
}

const MISSING_CODES = (code: string): boolean => {
  const p = parseQualityCode(code);
  if (!p.ok) return false;
  const { category, index } = p.value;
  return (category === 5 && index === 259) || (category === 4 && (index === 4 || index === 7));
};
const isEstimated = (code: string): boolean => {
  const p = parseQualityCode(code);
  return p.ok && p.value.category === 8;
};
const isValidCode = (code: string): boolean => {
  const p = parseQualityCode(code);
  return p.ok && p.value.category === 0;
};
const isReset = (code: string): boolean => {
  const p = parseQualityCode(code);
  return p.ok && p.value.category === 4 && (p.value.index === 8 || p.value.index === 1);
};

// ------------------------------------------------------------------------------------------------
// EUMED-LC-COVERAGE

/**
 * The curve covers [start, end) completely: one IntervalReading per measuring period (EUM-12 decides
 * whether it is stamped at the end or the start of its interval), none missing, none twice, none off the
 * grid or outside the period. A missing stretch is tolerated (warning) only where the next reading
 * flags it (data-collection "skipped interval" x.4.4 or "known missing read" x.5.259), as eumed.md §5 allows.
 */
export function checkCoverage(curve: Curve, period: Period, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, curve.node);
  const P = periodSeconds(curve.readingType);
  const as = stampAssumption(ctx);
  if (!P) {
    out.add(EUMED_RULES.coverage, `the ReadingType has no measuring period (measuringPeriod ${curve.readingType.measuringPeriod ?? 'absent'}): completeness cannot be judged`, curve.node, as);
    return out.done();
  }
  const pm = P * 1000;
  const { timed, bad } = timesOf(curve);
  for (const i of bad) out.add(EUMED_RULES.coverage, `IntervalReading ${i + 1} has no valid timeStamp ("${curve.readings[i]!.timeStamp ?? ''}")`, curve.readings[i]!.node, as);
  if ((period.end - period.start) % pm !== 0) {
    out.add(EUMED_RULES.coverage, `the requested period ${utcStamp(period.start)} – ${utcStamp(period.end)} is not a whole number of ${P / 60}-minute intervals`, curve.node, as);
  }
  const first = ctx.stamp === 'end' ? period.start + pm : period.start;
  const last = ctx.stamp === 'end' ? period.end : period.end - pm;
  const expected = Math.max(0, Math.floor((last - first) / pm) + 1);
  // the reading (index) at each interval of the grid, -1 for none: an array by grid position, not a map by instant
  // (a meter-year is 35,040 intervals); only on-grid instants inside [first, last] are entered
  const at = new Int32Array(expected).fill(-1);
  let present = 0;
  const slot = (ms: number) => (ms - first) / pm;
  for (const t of timed) {
    const r = curve.readings[t.i]!;
    if (t.ms < first || t.ms > last) {
      out.add(EUMED_RULES.coverage, `interval ${r.timeStamp} lies outside the requested period ${utcStamp(period.start)} – ${utcStamp(period.end)} (timestamps mark the ${ctx.stamp} of an interval)`, r.node, as);
      continue;
    }
    if ((t.ms - first) % pm !== 0) {
      out.add(EUMED_RULES.coverage, `interval ${r.timeStamp} is not on the ${P / 60}-minute grid of the period`, r.node, as);
      continue;
    }
    const before = at[slot(t.ms)]!;
    if (before >= 0) out.add(EUMED_RULES.coverage, `interval ${r.timeStamp} appears twice (IntervalReadings ${before + 1} and ${t.i + 1})`, r.node, as);
    else {
      at[slot(t.ms)] = t.i;
      present++;
    }
  }
  // missing stretches
  let missing = 0;
  for (let k = 0; k < expected; ) {
    const ms = first + k * pm;
    if (at[k]! >= 0) {
      k++;
      continue;
    }
    let n = 0;
    while (k + n < expected && at[k + n]! < 0) n++;
    missing += n;
    const nextIdx = k + n < expected ? at[k + n]! : -1;
    const next = nextIdx < 0 ? undefined : curve.readings[nextIdx];
    const flagged = next?.qualities.some((q) => MISSING_CODES(q.code));
    const what = `${n} interval(s) missing from ${utcStamp(ms)}${n > 1 ? ` to ${utcStamp(ms + (n - 1) * pm)}` : ''}`;
    if (flagged) out.add(EUMED_RULES.coverage, `${what}, flagged by the quality code of the next reading`, next?.node, as, 'warning');
    else out.add(EUMED_RULES.coverage, `${what} without any IntervalReading or quality code`, next?.node ?? curve.node, as);
    k += n;
  }
  if (missing > 0 || present !== expected) {
    out.add(EUMED_RULES.coverage, `${present} of ${expected} intervals of the requested period are present`, curve.node, as, 'info');
  }
  return out.done();
}

// ------------------------------------------------------------------------------------------------
// EUMED-LC-INTERVAL

/**
 * Every interval has the length of the measuring period: successive timestamps are a whole number of
 * periods apart (more than one is a gap, reported by the coverage rule), and an IntervalReading that states
 * its timePeriod covers exactly one period ending (EUM-12 end) or starting (start) at its timestamp.
 */
export function checkIntervalLength(curve: Curve, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, curve.node);
  const P = periodSeconds(curve.readingType);
  const as = stampAssumption(ctx);
  if (!P) {
    out.add(EUMED_RULES.interval, `the ReadingType has no fixed measuring period (measuringPeriod ${curve.readingType.measuringPeriod ?? 'absent'})`, curve.node, as);
    return out.done();
  }
  const pm = P * 1000;
  const { timed } = timesOf(curve);
  const sorted = [...timed].sort((a, b) => a.ms - b.ms);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    const d = b.ms - a.ms;
    if (d === 0) continue; // a duplicate: coverage
    if (d % pm !== 0) {
      const r = curve.readings[b.i]!;
      out.add(EUMED_RULES.interval, `${fmt(d / 60_000)} minutes between ${curve.readings[a.i]!.timeStamp} and ${r.timeStamp}: not a multiple of the ${P / 60}-minute measuring period`, r.node, as);
    }
  }
  for (const t of timed) {
    const r = curve.readings[t.i]!;
    if (!r.timePeriod) continue;
    const s = parseStamp(r.timePeriod.start);
    const e = parseStamp(r.timePeriod.end);
    if (!s || !e) {
      out.add(EUMED_RULES.interval, `IntervalReading ${r.timeStamp}: timePeriod without a valid start and end`, r.node, as);
      continue;
    }
    const len = e.ms - s.ms;
    if (len !== pm) {
      out.add(EUMED_RULES.interval, `IntervalReading ${r.timeStamp}: timePeriod ${r.timePeriod.start} – ${r.timePeriod.end} lasts ${fmt(len / 60_000)} minutes, not the ${P / 60}-minute measuring period`, r.node, as);
    } else if ((ctx.stamp === 'end' ? e.ms : s.ms) !== t.ms) {
      out.add(EUMED_RULES.interval, `IntervalReading ${r.timeStamp}: timePeriod ${r.timePeriod.start} – ${r.timePeriod.end} does not ${ctx.stamp === 'end' ? 'end' : 'start'} at the timestamp`, r.node, as);
    }
  }
  return out.done();
}

// ------------------------------------------------------------------------------------------------
// EUMED-LC-DST

/**
 * Timestamps stay consistent across a daylight-saving change of the market's time zone:
 * - a timestamp written with an offset carries the offset the zone has at that instant (a fixed +01:00 in
 *   summer, or the winter offset kept through the spring change, is a wall-clock time that does not exist);
 * - a timestamp without offset is a floating local time, ambiguous in the repeated autumn hour;
 * - a local day of the period with a DST change has its own number of intervals: 23 h → 92 quarter hours,
 *   25 h → 100 (intervals before the period count for its first day, after it for its last day).
 */
export function checkDst(curve: Curve, period: Period, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, curve.node);
  const tz = ctx.timeZone;
  const as = { ...zoneAssumption(ctx), ...stampAssumption(ctx) };
  const { timed } = timesOf(curve);
  for (const t of timed) {
    const r = curve.readings[t.i]!;
    if (t.offset === undefined) {
      out.add(EUMED_RULES.dst, `timestamp ${r.timeStamp} has no offset: a local time without offset is ambiguous across a DST change`, r.node, as);
      continue;
    }
    if (t.offset === 0) continue; // UTC is always unambiguous
    const zone = zoneOffsetMinutes(tz, t.ms);
    if (t.offset !== zone) {
      const sign = (m: number) => `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;
      out.add(EUMED_RULES.dst, `timestamp ${r.timeStamp} is written with offset ${sign(t.offset)}, but ${tz} is at ${sign(zone)} at that instant (${utcStamp(t.ms)}): the offset does not follow the DST change`, r.node, as);
    }
  }
  const P = periodSeconds(curve.readingType);
  if (!P) return out.done();
  const pm = P * 1000;
  const days = localDaysWithin(tz, period.start, period.end);
  const changes = days.filter((d) => d.hours !== 24);
  if (changes.length === 0) return out.done();
  const starts = timed.map((t) => (ctx.stamp === 'end' ? t.ms - pm : t.ms)); // intervalOf(t.ms, pm, ctx.stamp).start
  const firstDay = days[0];
  const lastDay = days[days.length - 1];
  for (const d of changes) {
    const lo = d === firstDay ? -Infinity : d.start;
    const hi = d === lastDay ? Infinity : d.end;
    const count = starts.filter((s) => s >= lo && s < hi).length;
    const want = (d.hours * 3_600_000) / pm;
    if (count !== want) {
      out.add(
        EUMED_RULES.dst,
        `local day ${d.date} in ${tz} has ${d.hours} hours (DST change): ${want} intervals of ${P / 60} minutes expected, the curve has ${count}${d.hours === 23 ? ' (a 23-hour day has 92 quarter hours)' : d.hours === 25 ? ' (a 25-hour day has 100 quarter hours)' : ''}`,
        curve.node,
        as,
      );
    }
  }
  return out.done();
}

// ------------------------------------------------------------------------------------------------
// EUMED-LC-QUALITY

export interface QualityExpectation {
  /** instants (timestamps as the curve writes them, EUM-12) of intervals the suite knows were not collected */
  notCollected?: readonly number[];
  /** EUM-05: how a code must travel ('any' accepts every form) */
  carrier?: QualityCarrier;
}

/**
 * Missing or estimated intervals carry the right quality codes (Annex D, codes.md §3):
 * - every quality code is a valid Annex D code (checkQualityCode: COD-01 / COD-02 for unknown parts);
 * - every ReadingQuality carries a code, in the form EUM-05 asks for;
 * - no interval is both "valid" (category 0) and estimated (category 8) or missing;
 * - an interval the suite knows was not collected (the head-end never delivered it) is either estimated
 *   (category 8, e.g. 3.8.0 estimated by the MDM) or flagged missing (x.5.259, x.4.4); a bare or "valid"
 *   value passes an estimate off as a measurement.
 */
export function checkQuality(curve: Curve, ctx: RuleContext, expect: QualityExpectation = {}): Finding[] {
  const out = new Out(ctx, curve.node);
  const carrier = expect.carrier ?? 'any';
  const codeOpts = { strict: ctx.strict, assumptions: ctx.assumptions };
  for (const r of curve.readings) {
    for (const q of r.qualities) {
      if (!q.code) {
        out.add(EUMED_RULES.quality, `IntervalReading ${r.timeStamp}: a ReadingQuality without any quality code (neither ReadingQualityType/@ref, code nor comment)`, r.node, { 'EUM-05': carrier });
        continue;
      }
      if (carrier !== 'any' && q.form !== undefined && q.form !== carrier) {
        out.add(EUMED_RULES.quality, `IntervalReading ${r.timeStamp}: quality code ${q.code} travels as ${q.form}, the profile expects ${carrier}`, r.node, { 'EUM-05': carrier });
      }
      for (const f of checkQualityCode(q.code, codeOpts)) {
        out.add(EUMED_RULES.quality, `IntervalReading ${r.timeStamp}: ${f.message}`, r.node, f.assumptions, f.severity);
      }
    }
    const codes = r.qualities.map((q) => q.code).filter(Boolean);
    if (codes.some(isValidCode) && codes.some((c) => isEstimated(c) || MISSING_CODES(c))) {
      out.add(EUMED_RULES.quality, `IntervalReading ${r.timeStamp}: quality codes ${codes.join(', ')} say both "valid" and estimated/missing`, r.node);
    }
  }
  if (expect.notCollected?.length) {
    const byMs = new Map<number, CurvePoint>();
    for (const r of curve.readings) {
      const p = parseStamp(r.timeStamp);
      if (p) byMs.set(p.ms, r);
    }
    for (const ms of expect.notCollected) {
      const r = byMs.get(ms);
      if (!r) continue; // absent: the coverage rule reports it
      const codes = r.qualities.map((q) => q.code).filter(Boolean);
      if (!codes.some((c) => isEstimated(c) || MISSING_CODES(c))) {
        out.add(
          EUMED_RULES.quality,
          `interval ${r.timeStamp} was never collected (the head-end did not deliver it), yet its value carries ${codes.length ? `only ${codes.join(', ')}` : 'no quality code'}: an estimated interval carries an "estimated" code (category 8, e.g. 3.8.0), a missing one x.5.259 or x.4.4`,
          r.node,
        );
      }
    }
  }
  return out.done();
}

// ------------------------------------------------------------------------------------------------
// EUMED-UNIT

const FAMILY: Record<MessageKind, { units: ReadonlySet<string>[]; words: string }> = {
  loadCurve: { units: [ENERGY_UNITS, POWER_UNITS], words: 'an energy unit (Wh, VArh, VAh) or, for an average-power curve, a power unit (W, VAr, VA)' },
  maxPower: { units: [POWER_UNITS], words: 'a power unit (W, VAr, VA)' },
  index: { units: [ENERGY_UNITS, VOLUME_UNITS], words: 'an energy (Wh …) or volume (m3 …) unit' },
};

/**
 * Units and multipliers agree with the ReadingType: unit and multiplier are present and known, the unit
 * fits the measurementKind (energy ↔ Wh, power ↔ W, volume ↔ m3) and the message kind, and every value
 * is a decimal number (EUM-10).
 */
export function checkUnits(curve: Curve, kind: MessageKind, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, curve.node);
  const rt = curve.readingType;
  if (rt.ref !== undefined && rt.unit === undefined) return out.done(); // EUM-06 ref form: nothing to compare here
  if (rt.unit === undefined) out.add(EUMED_RULES.unit, 'the ReadingType has no unit', curve.node);
  if (rt.multiplier === undefined) out.add(EUMED_RULES.unit, 'the ReadingType has no multiplier', curve.node);
  else if (multiplierExponent(rt.multiplier) === undefined) out.add(EUMED_RULES.unit, `multiplier "${rt.multiplier}" is not a UnitMultiplier literal`, curve.node);
  if (rt.unit !== undefined) {
    const fits = unitsFor(rt.measurementKind);
    if (fits && !fits.has(rt.unit)) out.add(EUMED_RULES.unit, `unit ${rt.unit} does not measure measurementKind ${rt.measurementKind}`, curve.node);
    if (!FAMILY[kind].units.some((s) => s.has(rt.unit!))) out.add(EUMED_RULES.unit, `a ${kind} carries ${FAMILY[kind].words}, not ${rt.unit}`, curve.node);
  }
  for (const r of curve.readings) {
    if (decimal(r.value) === undefined) out.add(EUMED_RULES.unit, `IntervalReading ${r.timeStamp}: value "${r.value ?? ''}" is not a decimal number`, r.node, { 'EUM-10': 'decimal' });
  }
  return out.done();
}

/** value in base units (W, Wh, m3 …): value × 10^multiplier */
function scaled(text: string | undefined, rt: ReadingTypeLiterals): number | undefined {
  const v = decimal(text);
  const e = multiplierExponent(rt.multiplier ?? 'none');
  return v === undefined || e === undefined ? undefined : v * 10 ** e;
}

/**
 * Units and multipliers agree between messages: the advance of the index over a period equals the energy
 * of the load curve over the same period (both converted with their multipliers). A multiplier that does
 * not match the values (kWh declared, Wh sent) shows up as a factor of 1000.
 */
export function checkIndexAgainstCurve(index: Curve, curve: Curve, period: Period, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, index.node);
  const P = periodSeconds(curve.readingType);
  if (!P || curve.readingType.unit !== 'Wh' || index.readingType.unit !== 'Wh') return out.done();
  const at = (ms: number) => index.readings.find((r) => parseStamp(r.timeStamp)?.ms === ms);
  const a = at(period.start);
  const b = at(period.end);
  if (!a || !b) {
    out.add(EUMED_RULES.unit, `the index has no snapshot at ${!a ? utcStamp(period.start) : utcStamp(period.end)}: the index and the load curve cannot be compared`, index.node, undefined, 'warning');
    return out.done();
  }
  const ia = scaled(a.value, index.readingType);
  const ib = scaled(b.value, index.readingType);
  let sum = 0;
  let tol = 0;
  let n = 0;
  const pm = P * 1000;
  for (const r of curve.readings) {
    const t = parseStamp(r.timeStamp);
    if (!t) continue;
    const iv = intervalOf(t.ms, pm, ctx.stamp);
    if (iv.start < period.start || iv.end > period.end) continue;
    const v = scaled(r.value, curve.readingType);
    if (v === undefined) continue;
    sum += v;
    tol += halfUlp(r.value) * 10 ** (multiplierExponent(curve.readingType.multiplier ?? 'none') ?? 0);
    n++;
  }
  if (ia === undefined || ib === undefined || n === 0) return out.done();
  const delta = ib - ia;
  tol += (halfUlp(a.value) + halfUlp(b.value)) * 10 ** (multiplierExponent(index.readingType.multiplier ?? 'none') ?? 0) + Math.abs(sum) * 1e-9;
  if (Math.abs(delta - sum) > tol) {
    const ratio = sum !== 0 ? delta / sum : NaN;
    const hint = Number.isFinite(ratio) && Math.abs(Math.log10(Math.abs(ratio)) - Math.round(Math.log10(Math.abs(ratio)))) < 0.01 && Math.round(Math.log10(Math.abs(ratio))) !== 0
      ? ` — a factor of ${fmt(ratio)}: a multiplier does not match the values`
      : '';
    out.add(
      EUMED_RULES.unit,
      `the index advances by ${fmt(delta)} Wh from ${a.timeStamp} (${a.value} ${unitText(index.readingType)}) to ${b.timeStamp} (${b.value} ${unitText(index.readingType)}), but the load curve of the same period sums to ${fmt(sum)} Wh (${n} intervals in ${unitText(curve.readingType)})${hint}`,
      b.node ?? index.node,
      stampAssumption(ctx),
    );
  }
  return out.done();
}

// ------------------------------------------------------------------------------------------------
// EUMED-INDEX-MONOTONIC

/** Index values of a cumulative ReadingType never decrease, in time order, unless a reset or overflow is flagged (x.4.8, x.4.1). */
export function checkIndexMonotonic(curve: Curve, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, curve.node);
  if (!isCumulative(curve.readingType)) return out.done();
  const { timed } = timesOf(curve);
  const sorted = [...timed].sort((a, b) => a.ms - b.ms);
  for (let k = 1; k < sorted.length; k++) {
    const a = curve.readings[sorted[k - 1]!.i]!;
    const b = curve.readings[sorted[k]!.i]!;
    const va = decimal(a.value);
    const vb = decimal(b.value);
    if (va === undefined || vb === undefined) continue;
    if (vb < va && !b.qualities.some((q) => isReset(q.code))) {
      out.add(EUMED_RULES.monotonic, `index ${b.value} at ${b.timeStamp} is below ${a.value} at ${a.timeStamp} (${curve.readingType.accumulation}: a register never decreases unless a reset x.4.8 or overflow x.4.1 is flagged)`, b.node);
    }
  }
  return out.done();
}

// ------------------------------------------------------------------------------------------------
// EUMED-MAXPOWER-TIME, EUMED-MAXPOWER-VALUE

/** the macro periods (local days or months) of [start, end) for a MacroPeriodKind; undefined when not computable */
export function macroPeriods(macro: string | undefined, period: Period, tz: string): Period[] | undefined {
  if (macro === 'daily') return localDaysWithin(tz, period.start, period.end).map((d: LocalDay) => ({ start: d.start, end: d.end }));
  if (macro === 'monthly') {
    const out: Period[] = [];
    let d = localDateOf(tz, period.start);
    d = { year: d.year, month: d.month, day: 1 };
    for (let guard = 0; guard < 1200; guard++) {
      const start = localMidnight(tz, d);
      const nextMonth = addDays({ year: d.year, month: d.month, day: 28 }, 4);
      const next = { year: nextMonth.year, month: nextMonth.month, day: 1 };
      const end = localMidnight(tz, next);
      if (start >= period.start && end <= period.end) out.push({ start, end });
      if (end >= period.end) break;
      d = next;
    }
    return out;
  }
  return undefined;
}

/**
 * One maximum per macro period of the requested period (daily → each local day, monthly → each local
 * month), each time-stamped inside its macro period: EUM-14 "time-of-maximum" → within it (end of an
 * integration interval, so the period's end counts), "end-of-period" → at its end, "either" → both.
 */
export function checkMaxPowerTime(max: Curve, period: Period, ctx: RuleContext, eum14: 'either' | 'time-of-maximum' | 'end-of-period' = 'either'): Finding[] {
  const out = new Out(ctx, max.node);
  const as = { 'EUM-14': eum14, ...zoneAssumption(ctx) };
  const macros = macroPeriods(max.readingType.macroPeriod, period, ctx.timeZone) ?? [period];
  const { timed, bad } = timesOf(max);
  for (const i of bad) out.add(EUMED_RULES.maxTime, `maximum ${i + 1} has no valid timeStamp`, max.readings[i]!.node, as);
  if (timed.length !== macros.length) {
    out.add(EUMED_RULES.maxTime, `${timed.length} maximum value(s) for ${macros.length} ${max.readingType.macroPeriod ?? 'requested'} period(s) between ${utcStamp(period.start)} and ${utcStamp(period.end)}: one per macro period expected`, max.node, as);
  }
  for (const t of timed) {
    const r = max.readings[t.i]!;
    const m = macros.find((p) => t.ms > p.start && t.ms <= p.end) ?? (t.ms === period.start ? macros[0] : undefined);
    if (!m) {
      out.add(EUMED_RULES.maxTime, `maximum at ${r.timeStamp} lies outside the requested period ${utcStamp(period.start)} – ${utcStamp(period.end)}`, r.node, as);
      continue;
    }
    if (eum14 === 'end-of-period' && t.ms !== m.end) {
      out.add(EUMED_RULES.maxTime, `maximum at ${r.timeStamp}: EUM-14 end-of-period expects the end of the macro period, ${utcStamp(m.end)}`, r.node, as);
    }
  }
  return out.done();
}

/**
 * The maximum of a macro period is not below the average power of any interval of the load curve in that
 * period (energy E over an interval of P seconds averages E·3600/P W; an average-power curve gives it
 * directly). Rounding of the written decimals is tolerated.
 */
export function checkMaxPowerValue(max: Curve, curve: Curve, period: Period, ctx: RuleContext): Finding[] {
  const out = new Out(ctx, max.node);
  const P = periodSeconds(curve.readingType);
  const unit = curve.readingType.unit ?? '';
  if (!P) return out.done();
  const pm = P * 1000;
  const energy = ENERGY_UNITS.has(unit);
  if (!energy && !POWER_UNITS.has(unit)) return out.done();
  const macros = macroPeriods(max.readingType.macroPeriod, period, ctx.timeZone) ?? [period];
  const maxExp = multiplierExponent(max.readingType.multiplier ?? 'none') ?? 0;
  const curveExp = multiplierExponent(curve.readingType.multiplier ?? 'none') ?? 0;
  const averages = curve.readings.flatMap((r) => {
    const t = parseStamp(r.timeStamp);
    const v = scaled(r.value, curve.readingType);
    if (!t || v === undefined) return [];
    const iv = intervalOf(t.ms, pm, ctx.stamp);
    const factor = energy ? 3600 / P : 1;
    return [{ r, iv, avg: v * factor, tol: halfUlp(r.value) * 10 ** curveExp * factor }];
  });
  for (const m of macros) {
    const inMacro = averages.filter((a) => a.iv.start >= m.start && a.iv.end <= m.end);
    if (!inMacro.length) continue;
    const maxReading = max.readings.find((r) => {
      const t = parseStamp(r.timeStamp);
      return t && t.ms > m.start && t.ms <= m.end;
    });
    if (!maxReading) continue;
    const mv = scaled(maxReading.value, max.readingType);
    if (mv === undefined) continue;
    const mtol = halfUlp(maxReading.value) * 10 ** maxExp;
    const top = inMacro.reduce((a, b) => (b.avg > a.avg ? b : a));
    if (mv + mtol + top.tol + Math.abs(mv) * 1e-9 < top.avg) {
      out.add(
        EUMED_RULES.maxValue,
        `maximum ${maxReading.value} ${unitText(max.readingType)} at ${maxReading.timeStamp} is below the average power of interval ${top.r.timeStamp} (${top.r.value} ${unitText(curve.readingType)} over ${P / 60} minutes = ${fmt(top.avg / 10 ** maxExp)} ${unitText(max.readingType)})`,
        maxReading.node,
        stampAssumption(ctx),
      );
    }
  }
  return out.done();
}
