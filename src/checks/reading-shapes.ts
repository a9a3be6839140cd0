/**
 * Reading structure, time conventions and shapes (use-cases.md §3.6 MR-06, §3.7 MR-07, §3.10 MR-10). Pure checks, one
 * per convention, so that a scenario can show each on its own step:
 * - MR-06: the interval timeStamp is the end of its interval (MR-TIME-INTERVAL-END, PAY-04); a requested period is a
 *   DateTimeInterval with its start included and its end excluded (MR-TIME-HALF-OPEN); the rest reuses the rules every
 *   MeterReadings message gets (src/checks/domain.ts): contiguous, ordered and aligned intervals (checkIntervals:
 *   DOM-INTERVAL-ORDER / -SPACING / -COMPLETE, alignment DOM-TIME-CONVENTION), reportedDateTime not before timeStamp,
 *   periods that start before they end and a valuesInterval that contains the timeStamps, time-zone offsets
 *   (DOM-TIME-CONVENTION, UC-14). Each check returns how many elements it looked at: a convention with nothing to look
 *   at is untested, never passed (MR-TIME-ABSENT, CIM9-192, decided by the caller).
 * - MR-07: register values as Readings and interval data as IntervalBlocks (MR-SHAPE-READINGS); ReadingTypes
 *   referenced one way (MR-SHAPE-READINGTYPE, CIM9-196).
 * - MR-10: the shape of a GetMeterReadings query the SUT sends (MR-SHAPE-QUERY, CIM9-197).
 */
import type { Finding, Severity } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { severityOf } from './assume.ts';
import { checkInterval, checkIntervals, checkOffsets, checkReportedDateTime, checkValuesInterval, meterReadingTimes } from './domain.ts';
import { parseDateTime } from './time.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';
import { GMR, MR } from '../payloads/meterReadings.ts';
import { measuringPeriodSeconds, parseReadingType } from '../codes/index.ts';

/** what a convention check found, and how many elements it looked at (0: the convention is untested) */
export interface ConventionResult {
  findings: Finding[];
  checked: number;
}

export interface Period {
  start: string;
  end: string;
}

const RT_SHAPE = /^-?[0-9]+(\.-?[0-9]+){17}$/;

/** the ReadingTypes defined at the root, by mRID and by name: the 18-part code each stands for, when it has one */
function definitions(root: XNode): Map<string, { node: XNode; code?: string }> {
  const out = new Map<string, { node: XNode; code?: string }>();
  for (const node of children(root, MR, 'ReadingType')) {
    const keys = [childText(node, MR, 'mRID'), ...children(node, MR, 'Names').map((n) => childText(n, MR, 'name'))].flatMap((k) => (k?.trim() ? [k.trim()] : []));
    const code = keys.find((k) => RT_SHAPE.test(k));
    for (const k of keys) out.set(k, { node, code });
  }
  return out;
}

/** the 18-part code a ReadingType ref stands for: a definition's code, or the ref itself when it is one */
function codeOf(ref: string | undefined, defs: Map<string, { code?: string }>): string | undefined {
  const r = ref?.trim();
  if (!r) return undefined;
  const code = defs.get(r)?.code ?? (RT_SHAPE.test(r) ? r : undefined);
  if (!code) return undefined;
  const p = parseReadingType(code);
  return p.ok ? p.value.canonical : code;
}

interface Block {
  mr: XNode;
  node: XNode;
  code?: string;
  /** the measuring period in ms (undefined: no interval ReadingType) */
  step?: number;
  readings: { node: XNode; text?: string; ms?: number }[];
}

function blocksOf(root: XNode): Block[] {
  const defs = definitions(root);
  return children(root, MR, 'MeterReading').flatMap((mr) =>
    children(mr, MR, 'IntervalBlocks').map((node) => {
      const code = codeOf(child(node, MR, 'ReadingType')?.attrs['ref'], defs);
      const seconds = code ? measuringPeriodSeconds(code) : undefined;
      const readings = children(node, MR, 'IntervalReadings').map((ir) => {
        const text = childText(ir, MR, 'timeStamp');
        return { node: ir, text, ms: parseDateTime(text)?.ms };
      });
      return { mr, node, code, step: seconds ? seconds * 1000 : undefined, readings };
    }),
  );
}

const pay04 = (ctx: CheckContext): 'end' | 'start' => (ctx.assumptions['PAY-04'] === 'start' ? 'start' : 'end');

// ------------------------------------------------------------------------------------------------ MR-06

/**
 * MR-TIME-INTERVAL-END (PAY-04): an IntervalReading's timeStamp is the end of its interval: the end of its timePeriod
 * when it has one; for a requested period, the earliest interval is stamped one measuring period after its start (a
 * reading stamped at the start of the period stands for the interval that begins there: the start-of-interval
 * convention). Under PAY-04 = start the mirror image.
 */
export function checkIntervalEnd(root: XNode, period: Period | undefined, ctx: CheckContext): ConventionResult {
  const convention = pay04(ctx);
  const assumptions = { 'PAY-04': convention };
  const out: Finding[] = [];
  let checked = 0;
  const f = (message: string, node: XNode, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('MR-TIME-INTERVAL-END', 'error', message, ctx, node, assumptions, ea);
  const start = parseDateTime(period?.start)?.ms;
  const end = parseDateTime(period?.end)?.ms;
  for (const b of blocksOf(root)) {
    for (const [k, r] of b.readings.entries()) {
      const tp = child(r.node, MR, 'timePeriod');
      if (!tp || r.ms === undefined) continue;
      const edge = parseDateTime(childText(tp, MR, convention));
      if (!edge) continue;
      checked++;
      if (edge.ms !== r.ms) out.push(f(`IntervalReading ${k + 1} of the block of ReadingType ${b.code ?? '?'}: timeStamp ${r.text} is not the ${convention} of its timePeriod (${edge.text}; PAY-04 = ${convention})`, r.node, { expected: `timeStamp ${edge.text} (the ${convention} of its timePeriod)`, actual: `timeStamp ${r.text}` }));
    }
    const times = b.readings.flatMap((r) => (r.ms !== undefined ? [{ ms: r.ms, r }] : []));
    if (!b.step || start === undefined || end === undefined || !times.length) continue;
    checked++;
    const first = times.reduce((a, x) => (x.ms < a.ms ? x : a));
    const last = times.reduce((a, x) => (x.ms > a.ms ? x : a));
    if (convention === 'end' && first.ms === start) {
      out.push(f(`the block of ReadingType ${b.code ?? '?'} has an interval stamped ${first.r.text}, the start of the requested period: a timeStamp at the start of its interval (the first interval of the period ends at ${new Date(start + b.step).toISOString()}; PAY-04 = end)`, first.r.node, { expected: `the first interval stamped ${new Date(start + b.step).toISOString()} (its end)`, actual: `stamped ${first.r.text}` }));
    } else if (convention === 'start' && last.ms === end) {
      out.push(f(`the block of ReadingType ${b.code ?? '?'} has an interval stamped ${last.r.text}, the end of the requested period: a timeStamp at the end of its interval (the last interval of the period starts at ${new Date(end - b.step).toISOString()}; PAY-04 = start)`, last.r.node, { expected: `the last interval stamped ${new Date(end - b.step).toISOString()} (its start)`, actual: `stamped ${last.r.text}` }));
    }
  }
  return { findings: out, checked };
}

/**
 * MR-TIME-HALF-OPEN: the requested period [start, end) holds every interval of the answer: with the PAY-04 convention
 * an interval stamped t spans [t − period, t) (end) or [t, t + period) (start); none may begin before the start (it
 * belongs to the period before) nor end after the end (the end is excluded).
 */
export function checkHalfOpen(root: XNode, period: Period, ctx: CheckContext): ConventionResult {
  const convention = pay04(ctx);
  const start = parseDateTime(period.start)?.ms;
  const end = parseDateTime(period.end)?.ms;
  if (start === undefined || end === undefined) throw new Error(`checkHalfOpen: the requested period ${period.start} – ${period.end} is not two date-times`);
  const out: Finding[] = [];
  let checked = 0;
  for (const b of blocksOf(root)) {
    if (!b.step) continue;
    const before: string[] = [];
    const after: string[] = [];
    let node: XNode | undefined;
    for (const r of b.readings) {
      if (r.ms === undefined) continue;
      checked++;
      const from = convention === 'end' ? r.ms - b.step : r.ms;
      const to = from + b.step;
      if (from < start) (node ??= r.node, before.push(r.text!));
      if (to > end) (node ??= r.node, after.push(r.text!));
    }
    const what = `the block of ReadingType ${b.code ?? '?'}`;
    if (before.length) out.push(placedRuleFinding('MR-TIME-HALF-OPEN', 'error', `${what}: ${before.length} interval(s) begin before the start ${period.start} of the requested period (first stamped ${before[0]}; PAY-04 = ${convention}): its start is included, the interval ending there is not part of it`, ctx, node, { 'PAY-04': convention }, { expected: `intervals within [${period.start}, ${period.end})`, actual: `${before.length} beginning before the start, first stamped ${before[0]}` }));
    if (after.length) out.push(placedRuleFinding('MR-TIME-HALF-OPEN', 'error', `${what}: ${after.length} interval(s) end after the end ${period.end} of the requested period (first stamped ${after[0]}; PAY-04 = ${convention}): its end is excluded`, ctx, node, { 'PAY-04': convention }, { expected: `intervals within [${period.start}, ${period.end})`, actual: `${after.length} ending after the end, first stamped ${after[0]}` }));
  }
  return { findings: out, checked };
}

/**
 * contiguous and aligned intervals: the interval rules every MeterReadings message gets (checkIntervals of
 * ./domain.ts: order, spacing by the measuring period, gaps only where a quality code marks them, alignment in local
 * time), for each block of at least two intervals
 */
export function checkContiguous(root: XNode, ctx: CheckContext): ConventionResult {
  const out: Finding[] = [];
  let checked = 0;
  for (const b of blocksOf(root)) {
    if (b.readings.length < 2 || !b.code) continue;
    checked++;
    const readings = b.readings.map((r) => ({
      timeStamp: r.text,
      qualities: children(r.node, MR, 'ReadingQualities').flatMap((q) => {
        const ref = child(q, MR, 'ReadingQualityType')?.attrs['ref'];
        return ref ? [{ ref }] : [];
      }),
    }));
    out.push(...checkIntervals(b.code, readings, b.readings.map((r) => r.node), b.node, undefined, ctx));
  }
  return { findings: out, checked };
}

/** every Reading and IntervalReading of the payload */
function readingNodes(root: XNode): { node: XNode; what: string }[] {
  return children(root, MR, 'MeterReading').flatMap((mr, i) => [
    ...children(mr, MR, 'Readings').map((node, j) => ({ node, what: `MeterReading ${i + 1} Reading ${j + 1}` })),
    ...children(mr, MR, 'IntervalBlocks').flatMap((b, j) => children(b, MR, 'IntervalReadings').map((node, k) => ({ node, what: `MeterReading ${i + 1} block ${j + 1} IntervalReading ${k + 1}` }))),
  ]);
}

/** reportedDateTime not before timeStamp (DOM-TIME-CONVENTION, UC-14), for every reading that has both */
export function checkReported(root: XNode, ctx: CheckContext): ConventionResult {
  const nodes = readingNodes(root).filter(({ node }) => childText(node, MR, 'reportedDateTime') !== undefined && childText(node, MR, 'timeStamp') !== undefined);
  return { findings: nodes.flatMap(({ node, what }) => checkReportedDateTime(node, what, ctx)), checked: nodes.length };
}

/** every timePeriod starts before it ends, and each valuesInterval contains the timeStamps of its MeterReading (DOM-TIME-CONVENTION, UC-14) */
export function checkPeriods(root: XNode, ctx: CheckContext): ConventionResult {
  const out: Finding[] = [];
  let checked = 0;
  for (const { node, what } of readingNodes(root)) {
    const tp = child(node, MR, 'timePeriod');
    if (!tp) continue;
    checked++;
    out.push(...checkInterval(tp, `${what} timePeriod`, ctx));
  }
  for (const mr of children(root, MR, 'MeterReading')) {
    if (!child(mr, MR, 'valuesInterval')) continue;
    checked++;
    out.push(...checkValuesInterval(mr, meterReadingTimes(mr), ctx));
  }
  return { findings: out, checked };
}

const DATE_TIMES = new Set(['timeStamp', 'reportedDateTime', 'createdDateTime', 'start', 'end']);

/** every date-time of the payload carries a time-zone offset (DOM-TIME-CONVENTION, UC-14) */
export function checkZoneOffsets(root: XNode, ctx: CheckContext): ConventionResult {
  let checked = 0;
  const walk = (n: XNode): void => {
    for (const c of n.children) {
      if (DATE_TIMES.has(c.name) && c.children.length === 0 && parseDateTime(c.text)) checked++;
      walk(c);
    }
  };
  walk(root);
  return { findings: checkOffsets(root, ctx), checked };
}

// ------------------------------------------------------------------------------------------------ MR-07

const idsOf = (n: XNode | undefined): string[] => (n ? [childText(n, MR, 'mRID'), ...children(n, MR, 'Names').map((x) => childText(x, MR, 'name'))].flatMap((s) => (s?.trim() ? [s.trim()] : [])) : []);

/**
 * MR-SHAPE-READINGS: asked for the register and the interval ReadingType of a meter together, the answer holds, in the
 * MeterReading(s) of that meter (or its usage point), the register value as Readings and the interval data as an
 * IntervalBlock with IntervalReadings; a Reading's ReadingType is a register type (no measuring period) and an
 * IntervalBlock's an interval type.
 */
export function checkTwoShapes(root: XNode, expect: { meter: string; usagePoint?: string; register: string; interval: string }, ctx: CheckContext): Finding[] {
  const defs = definitions(root);
  const out: Finding[] = [];
  const f = (message: string, node: XNode, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('MR-SHAPE-READINGS', 'error', message, ctx, node, undefined, ea);
  const mine = children(root, MR, 'MeterReading').filter((mr) => {
    const ids = [...idsOf(child(mr, MR, 'Meter')), ...idsOf(child(mr, MR, 'UsagePoint'))];
    return ids.includes(expect.meter) || (expect.usagePoint !== undefined && ids.includes(expect.usagePoint));
  });
  if (!mine.length) return [f(`no MeterReading of meter ${expect.meter}: neither shape to check`, root, { expected: `a MeterReading of meter ${expect.meter}`, actual: 'none' })];
  const canon = (c: string) => codeOf(c, new Map()) ?? c;
  const register = canon(expect.register);
  const interval = canon(expect.interval);
  const readings = mine.flatMap((mr) => children(mr, MR, 'Readings').map((node) => ({ node, code: codeOf(child(node, MR, 'ReadingType')?.attrs['ref'], defs) })));
  const blocks = mine.flatMap((mr) => children(mr, MR, 'IntervalBlocks').map((node) => ({ node, code: codeOf(child(node, MR, 'ReadingType')?.attrs['ref'], defs), n: children(node, MR, 'IntervalReadings').length })));
  if (!readings.some((r) => r.code === register)) {
    const asBlock = blocks.find((b) => b.code === register);
    out.push(f(asBlock ? `the register ReadingType ${register} comes as an IntervalBlock, not as a Reading (example 1: register values are Readings)` : `no Reading of the register ReadingType ${register}`, asBlock?.node ?? mine[0]!, { expected: `a Reading of ReadingType ${register}`, actual: asBlock ? 'an IntervalBlock of it' : 'none' }));
  }
  if (!blocks.some((b) => b.code === interval && b.n > 0)) {
    const asReading = readings.find((r) => r.code === interval);
    out.push(f(asReading ? `the interval ReadingType ${interval} comes as Readings, not as an IntervalBlock (example 2: interval data is an IntervalBlock of IntervalReadings)` : `no IntervalBlock with IntervalReadings of the interval ReadingType ${interval}`, asReading?.node ?? mine[0]!, { expected: `an IntervalBlock of ReadingType ${interval}`, actual: asReading ? 'Readings of it' : 'none' }));
  }
  for (const r of readings) {
    const s = r.code ? measuringPeriodSeconds(r.code) : undefined;
    if (s) out.push(f(`a Reading of ReadingType ${r.code}, an interval type (measuring period ${s} s): interval values belong in an IntervalBlock`, r.node, { expected: 'an IntervalBlock (an interval type)', actual: `a Reading of ${r.code}` }));
  }
  for (const b of blocks) {
    if (b.code && !measuringPeriodSeconds(b.code)) out.push(f(`an IntervalBlock of ReadingType ${b.code}, which has no measuring period (a register type): register values are Readings`, b.node, { expected: 'Readings (a register type)', actual: `an IntervalBlock of ${b.code}` }));
  }
  return out;
}

/**
 * MR-SHAPE-READINGTYPE (CIM9-196): the ReadingTypes of the payload are referenced one way: every reference names a
 * ReadingType defined at the root, or none is defined and every reference is the 18-part code; no definition is
 * left unreferenced. `checked`: the references looked at.
 */
export function checkReadingTypeRefs(root: XNode, ctx: CheckContext): ConventionResult {
  const mode = ctx.assumptions['CIM9-196'] ?? 'warning';
  const severity: Severity | undefined = severityOf(mode, 'warning');
  const defs = definitions(root);
  const refs = children(root, MR, 'MeterReading').flatMap((mr) => [
    ...children(mr, MR, 'Readings').map((r) => child(r, MR, 'ReadingType')),
    ...children(mr, MR, 'IntervalBlocks').flatMap((b) => [child(b, MR, 'ReadingType'), child(child(b, MR, 'PendingCalculation'), MR, 'ReadingType')]),
  ]).filter((n): n is XNode => n !== undefined);
  if (!severity) return { findings: [], checked: refs.length };
  const assumptions = { 'CIM9-196': mode };
  const f = (message: string, node: XNode, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('MR-SHAPE-READINGTYPE', severity, message, ctx, node, assumptions, ea);
  const out: Finding[] = [];
  const defNodes = children(root, MR, 'ReadingType');
  const byDef = refs.filter((r) => defs.has(r.attrs['ref']?.trim() ?? ''));
  const byCode = refs.filter((r) => !defs.has(r.attrs['ref']?.trim() ?? ''));
  if (defNodes.length && byCode.length) {
    out.push(f(`${byDef.length} ReadingType reference(s) name a ReadingType defined at the root, ${byCode.length} do not (first "${byCode[0]!.attrs['ref'] ?? ''}"): the payload mixes the two ways (define every ReadingType it uses, or none)`, byCode[0]!, { expected: 'every reference to a ReadingType defined at the root, or none defined', actual: `${byDef.length} to a definition, ${byCode.length} not (first "${byCode[0]!.attrs['ref'] ?? ''}")` }));
  }
  const used = new Set(byDef.map((r) => defs.get(r.attrs['ref']!.trim())!.node));
  for (const d of defNodes) {
    if (!used.has(d)) out.push(f(`the ReadingType ${idsOf(d)[0] ?? '(no mRID)'} is defined at the root but no reading references it`, d, { expected: 'every ReadingType defined referenced', actual: `${idsOf(d)[0] ?? '(no mRID)'} not referenced` }));
  }
  return { findings: out, checked: refs.length };
}

// ------------------------------------------------------------------------------------------------ MR-10

/**
 * MR-SHAPE-QUERY: a GetMeterReadings query has the shape of the example (2013 Annex J.2, 2024 Annex H.2 / fig. 29):
 * it names the meters as EndDevice or UsagePoint (or the Meter / UsagePoint of a coincident request), the ReadingType(s)
 * it wants (CIM9-197: none is a warning by default), and each Reading.timePeriod starts before it ends.
 */
export function checkQueryShape(query: XNode | undefined, ctx: CheckContext): Finding[] {
  const f = (message: string, node: XNode | undefined, severity: Severity = 'error', assumptions?: Record<string, string>, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('MR-SHAPE-QUERY', severity, message, ctx, node, assumptions, ea);
  if (!query) return [f('the request carries no GetMeterReadings query (Request/GetMeterReadings)', undefined, 'error', undefined, { expected: 'Request/GetMeterReadings', actual: 'none' })];
  if (query.name !== 'GetMeterReadings' || query.ns !== GMR) return [f(`the query is a ${query.name}, not a GetMeterReadings`, query, 'error', undefined, { expected: 'GetMeterReadings', actual: `${query.name} {${query.ns ?? ''}}` })];
  const out: Finding[] = [];
  const coincident = child(query, GMR, 'MeterReadings');
  const subjects = [...children(query, GMR, 'EndDevice'), ...children(query, GMR, 'UsagePoint'), ...(coincident ? [child(coincident, GMR, 'Meter'), child(coincident, GMR, 'UsagePoint')] : [])]
    .filter((n): n is XNode => n !== undefined)
    .filter((n) => childText(n, GMR, 'mRID')?.trim() || children(n, GMR, 'Names').some((x) => childText(x, GMR, 'name')?.trim()));
  if (!subjects.length) {
    const others = ['EndDeviceGroup', 'UsagePointGroup', 'TransformerTank'].filter((n) => children(query, GMR, n).length);
    out.push(f(`names no meter: no EndDevice or UsagePoint with an mRID or a name${others.length ? ` (only ${others.join(', ')})` : ''}`, query, 'error', undefined, { expected: 'an EndDevice or UsagePoint with an mRID or a name', actual: others.length ? `only ${others.join(', ')}` : 'none' }));
  }
  const rts = [...children(query, GMR, 'ReadingType'), ...(coincident ? children(child(coincident, GMR, 'Readings'), GMR, 'ReadingType') : [])];
  if (!rts.length) {
    const mode = ctx.assumptions['CIM9-197'] ?? 'warning';
    const sev = severityOf(mode, 'warning');
    if (sev) out.push(f('names no ReadingType: the GetMeterReadings example names the ReadingType(s) it wants (a vendor rule reads none as "all")', query, sev, { 'CIM9-197': mode }, { expected: 'at least one ReadingType', actual: 'none' }));
  }
  for (const r of children(query, GMR, 'Reading')) {
    const tp = child(r, GMR, 'timePeriod');
    if (!tp) continue;
    const s = parseDateTime(childText(tp, GMR, 'start'));
    const e = parseDateTime(childText(tp, GMR, 'end'));
    if (s && e && s.ms >= e.ms) out.push(f(`Reading.timePeriod starts at ${s.text}, not before its end ${e.text}`, tp, 'error', undefined, { expected: 'start before end', actual: `${s.text} – ${e.text}` }));
  }
  return out;
}

/** what a GetMeterReadings over a period asked for (MR-10): the period and the ReadingTypes */
export interface PeriodQuery {
  period: Period;
  readingTypes: readonly string[];
}

/**
 * MR-PERIOD-WITHIN and MR-PERIOD-COVER: the answer to a GetMeterReadings with a Reading.timePeriod (the example's
 * query, MR-10) carries the readings of that period only, and all of it.
 * - WITHIN: every register Reading is timestamped within the period (both ends included, or per CIM9-212); every
 *   interval (an IntervalReading spans its measuring period before its timeStamp, PAY-04 = end, or after it) lies in
 *   [start, end]; every timePeriod of a Reading or IntervalReading, and every MeterReading's valuesInterval, lies inside it.
 * - COVER: each interval ReadingType asked has an IntervalBlock whose first interval begins at the start and whose last
 *   ends at the end of the period (gaps between are DOM-INTERVAL-COMPLETE's); each other ReadingType asked has a Reading.
 * `checked`: the readings and blocks looked at (0: nothing of the period to judge).
 */
export function checkPeriodAnswer(root: XNode, q: PeriodQuery, ctx: CheckContext): ConventionResult {
  const start = parseDateTime(q.period.start)?.ms;
  const end = parseDateTime(q.period.end)?.ms;
  if (start === undefined || end === undefined) throw new Error(`checkPeriodAnswer: the requested period ${q.period.start} – ${q.period.end} is not two date-times`);
  const convention = pay04(ctx);
  const bounds = ctx.assumptions['CIM9-212'] ?? 'closed';
  const out: Finding[] = [];
  let checked = 0;
  const inPeriod = `within ${q.period.start} – ${q.period.end}`;
  const within = (message: string, node: XNode, assumptions: Record<string, string> | undefined, actual: string) => out.push(placedRuleFinding('MR-PERIOD-WITHIN', 'error', `${message} (the period asked: ${q.period.start} – ${q.period.end})`, ctx, node, assumptions, { expected: inPeriod, actual }));
  const cover = (message: string, node: XNode, assumptions: Record<string, string> | undefined, expected: string, actual: string) => out.push(placedRuleFinding('MR-PERIOD-COVER', 'error', `${message} (the period asked: ${q.period.start} – ${q.period.end})`, ctx, node, assumptions, { expected, actual }));
  const defs = definitions(root);
  const inside = (n: XNode | undefined, what: string) => {
    if (!n) return;
    const s = parseDateTime(childText(n, MR, 'start'));
    const e = parseDateTime(childText(n, MR, 'end'));
    if ((s && s.ms < start) || (e && e.ms > end)) within(`${what} ${s?.text ?? '…'} – ${e?.text ?? '…'} reaches outside the period`, n, undefined, `${s?.text ?? '…'} – ${e?.text ?? '…'}`);
  };
  // register (and other non-interval) Readings
  const registerOk = (t: number) => (bounds === 'half-open' ? t >= start && t < end : bounds === 'end-included' ? t > start && t <= end : t >= start && t <= end);
  const answered = new Set<string>();
  for (const [i, mr] of children(root, MR, 'MeterReading').entries()) {
    for (const [j, r] of children(mr, MR, 'Readings').entries()) {
      const code = codeOf(child(r, MR, 'ReadingType')?.attrs['ref'], defs);
      if (code) answered.add(code);
      checked++;
      const what = `MeterReading ${i + 1} Reading ${j + 1} (${code ?? 'no ReadingType'})`;
      const t = parseDateTime(childText(r, MR, 'timeStamp'));
      if (!t) within(`${what} has no valid timeStamp: it cannot be placed in the period`, r, undefined, childText(r, MR, 'timeStamp') !== undefined ? `timeStamp "${childText(r, MR, 'timeStamp')}"` : 'no timeStamp');
      else if (!registerOk(t.ms)) within(`${what} is timestamped ${t.text}, outside the period (CIM9-212 = ${bounds})`, r, { 'CIM9-212': bounds }, `timeStamp ${t.text}`);
      inside(child(r, MR, 'timePeriod'), `${what} timePeriod`);
    }
    inside(child(mr, MR, 'valuesInterval'), `MeterReading ${i + 1} valuesInterval`);
  }
  // interval data
  const blocks = blocksOf(root);
  for (const b of blocks) {
    if (b.code) answered.add(b.code);
    for (const r of b.readings) inside(child(r.node, MR, 'timePeriod'), `IntervalReading ${r.text ?? '?'} of ReadingType ${b.code ?? '?'} timePeriod`);
    if (!b.step) continue;
    const outside = b.readings.filter((r) => r.ms !== undefined && (convention === 'end' ? r.ms - b.step! < start || r.ms > end : r.ms < start || r.ms + b.step! > end));
    checked += b.readings.length;
    if (outside.length) within(`${outside.length} interval(s) of the block of ReadingType ${b.code ?? '?'} lie outside the period (first stamped ${outside[0]!.text}; PAY-04 = ${convention})`, outside[0]!.node, { 'PAY-04': convention }, `${outside.length} interval(s) outside, first stamped ${outside[0]!.text}`);
  }
  // coverage of each ReadingType asked
  const canon = (c: string) => codeOf(c, new Map()) ?? c;
  for (const asked of q.readingTypes.map(canon)) {
    const seconds = measuringPeriodSeconds(asked);
    if (!seconds) {
      if (!answered.has(asked)) cover(`no Reading of the ReadingType asked ${asked}`, root, undefined, `a Reading of ReadingType ${asked}`, 'none');
      continue;
    }
    const step = seconds * 1000;
    const mine = blocks.filter((b) => b.code === asked);
    const times = mine.flatMap((b) => b.readings.flatMap((r) => (r.ms !== undefined ? [r.ms] : [])));
    if (!times.length) {
      cover(`no IntervalReading of the interval ReadingType asked ${asked}`, mine[0]?.node ?? root, undefined, `IntervalReadings of ReadingType ${asked}`, 'none');
      continue;
    }
    checked++;
    const first = Math.min(...times);
    const last = Math.max(...times);
    const firstStart = convention === 'end' ? first - step : first;
    const lastEnd = convention === 'end' ? last : last + step;
    const at = { 'PAY-04': convention };
    if (firstStart > start) cover(`the interval data of ${asked} begins at ${new Date(firstStart).toISOString()}, ${(firstStart - start) / step} interval(s) after the start of the period (PAY-04 = ${convention})`, mine[0]!.node, at, `interval data from ${q.period.start}`, `from ${new Date(firstStart).toISOString()}`);
    if (lastEnd < end) cover(`the interval data of ${asked} ends at ${new Date(lastEnd).toISOString()}, ${(end - lastEnd) / step} interval(s) before the end of the period (PAY-04 = ${convention})`, mine[0]!.node, at, `interval data until ${q.period.end}`, `until ${new Date(lastEnd).toISOString()}`);
  }
  return { findings: out, checked };
}
