/**
 * The rules of power-quality measurements told by the head-end (EDE-08, ../shared/spec/use-cases.md §2.8, UC-08): after
 * a power-quality disturbance in the field the head-end tells the MDM created(MeterReadings) with PQ ReadingTypes
 * instead of PQ events (EDE-07).
 *
 * - EDE-PQ-AGGREGATE: every ReadingType of the payload decodes (src/codes) to an aggregate (field 2) minimum (9),
 *   maximum (8) or average (2) (codes.md §5.3);
 * - EDE-PQ-KIND: its measurementKind (field 7) is a power-quality kind (assumption CIM9-160 says which);
 * - EDE-PQ-METER: the readings are of the meter where the disturbance was caused;
 * - the get form (the network operator asks get(MeterReadings) for PQ ReadingTypes over the disturbance's window):
 *   the answer is checked as above, each measurement stamped within the window asked (EDE-PQ-WINDOW, CIM9-208), and
 *   each ReadingType asked answered, none other (EDE-PQ-ASKED, its severity per CIM9-209);
 * - the MDM as responder (CIM9-213): each measurement the head-end told it is in its answer, same ReadingType, instant
 *   and value (EDE-PQ-KEPT).
 *
 * That every value is a number is DOM-VALUE, and that every code decodes the COD-* rules, which every MeterReadings
 * message gets (src/checks/message.ts): not repeated here. Pure: a payload root and an expectation in, findings out.
 */
import type { Finding } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import { assumed } from './assume.ts';
import type { CheckContext } from './envelope.ts';
import { parseReadingType, lookupReadingTypeValue } from '../codes/index.ts';
import { MR, readMeterReadings } from '../payloads/meterReadings.ts';
import { children, child, type XNode } from '../xml/index.ts';
import { parseDateTime } from './time.ts';
import type { Severity } from './finding.ts';

/** the aggregates (ReadingType field 2) of a PQ measurement: average, maximum, minimum (codes.md §5.3 ✔) */
export const PQ_AGGREGATES: ReadonlyMap<number, string> = new Map([
  [2, 'average'],
  [8, 'maximum'],
  [9, 'minimum'],
]);

/** the measurement kinds use-cases.md §2.8 names: RMS voltage, voltage, THD, frequency, power factor */
export const PQ_NAMED_KINDS: ReadonlyMap<number, string> = new Map([
  [54, 'RMS voltage'],
  [158, 'voltage'],
  [47, 'total harmonic distortion'],
  [15, 'frequency'],
  [38, 'power factor'],
]);

/**
 * the further kinds CIM9-160 `extended` (the default) counts as power quality: other power factors, voltage and current
 * imbalance, sequences, sags and swells, excursions, angles, distortion, peaks, flicker-like dips (codes.md §5.8)
 */
export const PQ_EXTENDED_KINDS: ReadonlyMap<number, string> = new Map([
  [2, 'apparent power factor'],
  [34, 'phasor power factor'],
  [64, 'distortion power factor'],
  [10, 'distortion volt-amperes'],
  [4, 'current'],
  [5, 'current angle'],
  [6, 'current imbalance'],
  [55, 'voltage angle'],
  [56, 'voltage excursion'],
  [57, 'voltage imbalance'],
  [81, 'frequency excursion'],
  [33, 'negative sequence'],
  [36, 'positive sequence'],
  [60, 'zero sequence'],
  [41, 'sag'],
  [42, 'swell'],
  [49, 'UNIPEDE voltage dip 10–15 %'],
  [50, 'UNIPEDE voltage dip 15–30 %'],
  [51, 'UNIPEDE voltage dip 30–60 %'],
  [52, 'UNIPEDE voltage dip 60–90 %'],
  [53, 'UNIPEDE voltage dip 90–100 %'],
  [137, 'power quality'],
  [160, 'AC voltage peak'],
  [161, 'AC voltage peak-to-peak'],
]);

/** the power-quality measurement kinds under CIM9-160 (`named`: those of use-cases.md §2.8 only; `extended`, the default: more) */
export function pqKinds(ctx: Pick<CheckContext, 'assumptions'>): ReadonlyMap<number, string> {
  return assumed(ctx, 'CIM9-160', 'extended') === 'named' ? PQ_NAMED_KINDS : new Map([...PQ_NAMED_KINDS, ...PQ_EXTENDED_KINDS]);
}

/** the assumption values the verdicts of the use case quote */
export function pqAssumptions(ctx: Pick<CheckContext, 'assumptions'>): Record<string, string> {
  return { 'CIM9-160': assumed(ctx, 'CIM9-160', 'extended') };
}

/** one value of a MeterReadings payload: a Reading or an IntervalReading, with its ReadingType and its meter */
export interface PqValue {
  readingType: string;
  value: string | undefined;
  timeStamp?: string;
  meter: string[];
  node: XNode;
}

/** every value of a MeterReadings root (Readings and IntervalBlocks/IntervalReadings), with the ids of its meter */
export function pqValues(root: XNode): PqValue[] {
  const model = readMeterReadings(root);
  const nodes = children(root, MR, 'MeterReading');
  const out: PqValue[] = [];
  model.meterReadings.forEach((m, i) => {
    const mr = nodes[i]!;
    const ids = [m.meter?.mRID, ...(m.meter?.names ?? [])].filter((x): x is string => !!x);
    const rnodes = children(mr, MR, 'Readings');
    (m.readings ?? []).forEach((r, j) => out.push({ readingType: r.readingType, value: r.value, timeStamp: r.timeStamp, meter: ids, node: rnodes[j] ?? mr }));
    const bnodes = children(mr, MR, 'IntervalBlocks');
    (m.intervalBlocks ?? []).forEach((b, j) => {
      const inodes = bnodes[j] ? children(bnodes[j]!, MR, 'IntervalReadings') : [];
      b.readings.forEach((r, k) => out.push({ readingType: b.readingType, value: r.value, timeStamp: r.timeStamp, meter: ids, node: inodes[k] ?? bnodes[j] ?? mr }));
    });
  });
  return out;
}

/**
 * EDE-PQ-AGGREGATE, EDE-PQ-KIND and EDE-PQ-METER over a MeterReadings payload the head-end
 * told after a power-quality disturbance at `meter`. No value at all: DOM-EXPECTED.
 */
export function checkPqReadings(root: XNode, exp: { meter: string }, ctx: CheckContext): Finding[] {
  const assumptions = pqAssumptions(ctx);
  const kinds = pqKinds(ctx);
  const where = (n: XNode) => ({ file: ctx.label, line: n.line, xpath: n.path, assumptions });
  const values = pqValues(root);
  if (!values.length) return [ruleFinding('DOM-EXPECTED', `${ctx.label}: the MeterReadings told after the power-quality disturbance at meter ${exp.meter} carry no reading`, { ...where(root), expected: `PQ readings of meter ${exp.meter}`, actual: 'none' })];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    const rt = v.readingType;
    if (!seen.has(rt)) {
      seen.add(rt);
      const rtNode = child(v.node, MR, 'ReadingType') ?? v.node;
      const p = parseReadingType(rt);
      if (!p.ok) {
        out.push(ruleFinding('EDE-PQ-AGGREGATE', `${ctx.label}: ReadingType ${rt || '(none)'} does not decode, so neither its aggregate nor its measurement kind can be read: ${p.problem}`, { ...where(rtNode), expected: 'an 18-part ReadingType code', actual: `ReadingType ${rt || '(none)'}` }));
      } else {
        const { aggregate, measurementKind } = p.value.fields;
        if (!PQ_AGGREGATES.has(aggregate)) {
          const name = lookupReadingTypeValue('aggregate', aggregate)?.constant ?? 'unlisted';
          out.push(ruleFinding('EDE-PQ-AGGREGATE', `${ctx.label}: ReadingType ${rt} has aggregate ${aggregate} (${name}), not minimum (9), maximum (8) or average (2) of a PQ measurement`, { ...where(rtNode), expected: 'aggregate 9, 8 or 2', actual: `aggregate ${aggregate} (${name})` }));
        }
        if (!kinds.has(measurementKind)) {
          const name = lookupReadingTypeValue('measurementKind', measurementKind)?.constant ?? 'unlisted';
          out.push(ruleFinding('EDE-PQ-KIND', `${ctx.label}: ReadingType ${rt} measures kind ${measurementKind} (${name}), not a power-quality kind (CIM9-160 = ${assumptions['CIM9-160']}: ${[...kinds.keys()].join(', ')})`, { ...where(rtNode), expected: `measurementKind ${[...kinds.keys()].join(', ')}`, actual: `measurementKind ${measurementKind} (${name})` }));
        }
      }
    }
  }
  const others = [...new Set(values.filter((v) => !v.meter.includes(exp.meter)).map((v) => v.meter.join(' / ') || '(no meter)'))];
  if (others.length) {
    const first = values.find((v) => !v.meter.includes(exp.meter))!;
    out.push(ruleFinding('EDE-PQ-METER', `${ctx.label}: readings told after the power-quality disturbance at meter ${exp.meter} are of ${others.map((m) => `meter ${m}`).join(', ')}`, { ...where(first.node), expected: `meter ${exp.meter}`, actual: others.map((m) => `meter ${m}`).join(', ') }));
  }
  return out;
}

/** the get form of EDE-08: what the suite asked */
export interface PqQuery {
  meter: string;
  readingTypes: readonly string[];
  start: string;
  end: string;
}

/** CIM9-209 → the severity of EDE-PQ-ASKED (undefined: not checked) */
export function askedSeverity(cim9209: string): Severity | undefined {
  if (cim9209 === 'off') return undefined;
  return cim9209 === 'strict' ? 'error' : 'warning';
}

/**
 * The answer to get(MeterReadings) for PQ ReadingTypes of a meter over the window of a disturbance: the rules of the
 * published form (checkPqReadings: aggregate, kind, meter; no reading at all is DOM-EXPECTED), every value stamped
 * within the window asked (EDE-PQ-WINDOW; an unreadable timeStamp is the message checks'), and each ReadingType asked
 * answered and none other (EDE-PQ-ASKED, CIM9-209).
 */
export function checkPqAnswer(root: XNode, q: PqQuery, ctx: CheckContext): Finding[] {
  const out = checkPqReadings(root, { meter: q.meter }, ctx);
  const values = pqValues(root);
  if (!values.length) return out;
  const assumptions = { ...pqAssumptions(ctx), 'CIM9-208': assumed(ctx, 'CIM9-208', 'interval'), 'CIM9-209': assumed(ctx, 'CIM9-209', 'lenient') };
  const where = (n: XNode) => ({ file: ctx.label, line: n.line, xpath: n.path, assumptions });
  const start = parseDateTime(q.start)?.ms ?? -Infinity;
  const end = parseDateTime(q.end)?.ms ?? Infinity;
  for (const v of values) {
    const t = parseDateTime(v.timeStamp);
    if (t && (t.ms < start || t.ms > end)) {
      out.push(ruleFinding('EDE-PQ-WINDOW', `${ctx.label}: the ${v.readingType} measurement is stamped ${t.text}, outside the window asked (${q.start} to ${q.end}, CIM9-208 = ${assumptions['CIM9-208']})`, { ...where(child(v.node, MR, 'timeStamp') ?? v.node), expected: `timeStamp within ${q.start} – ${q.end}`, actual: `timeStamp ${t.text}` }));
    }
  }
  const severity = askedSeverity(assumptions['CIM9-209']);
  if (severity) {
    const answered = new Set(values.map((v) => v.readingType));
    const missing = q.readingTypes.filter((rt) => !answered.has(rt));
    const extra = [...answered].filter((rt) => !q.readingTypes.includes(rt));
    if (missing.length) out.push(ruleFinding('EDE-PQ-ASKED', `${ctx.label}: no measurement of ${missing.length} PQ ReadingType(s) asked for meter ${q.meter}: ${missing.join(', ')} (CIM9-209 = ${assumptions['CIM9-209']})`, { ...where(root), severity, expected: `ReadingType ${q.readingTypes.join(', ')}`, actual: `none of ${missing.join(', ')}` }));
    if (extra.length) out.push(ruleFinding('EDE-PQ-ASKED', `${ctx.label}: measurements of ReadingType(s) not asked: ${extra.join(', ')} (CIM9-209 = ${assumptions['CIM9-209']})`, { ...where(root), severity, expected: `ReadingType ${q.readingTypes.join(', ')} only`, actual: `also ${extra.join(', ')}` }));
  }
  return out;
}

/** a measurement the head-end told the MDM (EDE-08, the MDM's get form) */
export interface ToldMeasurement {
  readingType: string;
  timeStamp: string;
  value: string;
}

/**
 * EDE-PQ-KEPT: the MDM's answer carries each measurement it was told — a Reading of the meter of the same ReadingType
 * at the same instant (compared in UTC) with the same numeric value. One finding per measurement missing or altered.
 */
export function checkPqKept(root: XNode, told: { meter: string; measurements: readonly ToldMeasurement[] }, ctx: CheckContext): Finding[] {
  const assumptions = { 'CIM9-213': assumed(ctx, 'CIM9-213', 'kept') };
  const values = pqValues(root).filter((v) => !v.meter.length || v.meter.includes(told.meter));
  const out: Finding[] = [];
  for (const m of told.measurements) {
    const at = parseDateTime(m.timeStamp)?.ms;
    const same = values.filter((v) => v.readingType === m.readingType && parseDateTime(v.timeStamp)?.ms === at);
    if (!same.length) {
      const other = values.filter((v) => v.readingType === m.readingType).map((v) => v.timeStamp ?? 'no timeStamp');
      out.push(ruleFinding('EDE-PQ-KEPT', `${ctx.label}: the ${m.readingType} measurement told at ${m.timeStamp} (value ${m.value}) is not in the answer${other.length ? `; that ReadingType is answered at ${other.join(', ')}` : ''}`, { file: ctx.label, line: root.line, xpath: root.path, assumptions, expected: `${m.readingType} at ${m.timeStamp}: ${m.value}`, actual: other.length ? `at ${other.join(', ')}` : 'none' }));
    } else if (!same.some((v) => v.value !== undefined && Number(v.value) === Number(m.value))) {
      const v = same[0]!;
      out.push(ruleFinding('EDE-PQ-KEPT', `${ctx.label}: the ${m.readingType} measurement told at ${m.timeStamp} with value ${m.value} is answered with value ${v.value ?? '(none)'}`, { file: ctx.label, line: v.node.line, xpath: v.node.path, assumptions, expected: `value ${m.value}`, actual: `value ${v.value ?? '(none)'}` }));
    }
  }
  return out;
}
