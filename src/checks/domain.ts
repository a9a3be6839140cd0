/**
 * Domain semantics (layer 3) for the slice's payloads: EndDeviceEvents (event types, times, identity,
 * outage vs restoration) and MeterReadings (ReadingType refs, quality codes, values, identity, interval
 * completeness). Pure functions; the code tables live in src/codes.
 */
import type { Finding, Severity } from './finding.ts';
import { rule } from './catalogue.ts';
import type { XNode } from '../xml/index.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { readMeterReadings, MR } from '../payloads/meterReadings.ts';
import { children, child, descendants } from '../xml/index.ts';
import { checkEventType, checkQualityCode, checkReadingType, measuringPeriodSeconds } from '../codes/index.ts';
import type { CheckContext } from './envelope.ts';

function mk(id: string, message: string, node: XNode | undefined, ctx: CheckContext, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: severity ?? r.severity, message: `${ctx.label}: ${message}`, file: ctx.label, line: node?.line, xpath: node?.path, ...extra };
}

const codeOpts = (ctx: CheckContext) => ({ strict: ctx.strict, assumptions: ctx.assumptions as Record<string, string> });

/** re-label code findings with the place they were found */
function placed(fs: Finding[], node: XNode, ctx: CheckContext, asRule: string): Finding[] {
  return fs.map((f) => ({ ...f, rule: f.severity === 'error' ? asRule : f.rule, message: `${ctx.label}: ${f.message}`, file: ctx.label, line: node.line, xpath: node.path }));
}

export interface EventsExpectation {
  /** meters the events must be about (identity) */
  meters?: string[];
  /** outage or restoration, checked against the UC-03 code sets */
  kind?: 'outage' | 'restoration';
  outageCodes: readonly string[];
  restorationCodes: readonly string[];
}

export function checkEndDeviceEvents(root: XNode, expect: EventsExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const events = readEndDeviceEvents(root);
  if (events.length === 0) out.push(mk('DOM-EXPECTED', 'EndDeviceEvents carries no EndDeviceEvent', root, ctx));
  for (const e of events) {
    const typeNode = child(e.node, root.ns, 'EndDeviceEventType') ?? e.node;
    if (!e.eventType) out.push(mk('DOM-EVENT-TYPE', 'EndDeviceEventType has no ref', typeNode, ctx));
    else out.push(...placed(checkEventType(e.eventType, codeOpts(ctx)), typeNode, ctx, 'DOM-EVENT-TYPE'));
    const timeNode = child(e.node, root.ns, 'createdDateTime') ?? e.node;
    if (!e.createdDateTime) out.push(mk('DOM-EVENT-TIME', 'EndDeviceEvent has no createdDateTime', e.node, ctx));
    else {
      const t = Date.parse(e.createdDateTime);
      if (Number.isNaN(t)) out.push(mk('DOM-EVENT-TIME', `createdDateTime "${e.createdDateTime}" is not a date-time`, timeNode, ctx));
      else if (t - ctx.receivedAt.getTime() > ctx.skewSeconds * 1000) {
        out.push(mk('DOM-EVENT-TIME', `createdDateTime ${e.createdDateTime} is in the future (allowed skew ${ctx.skewSeconds} s)`, timeNode, ctx));
      }
    }
    if (expect.meters) {
      if (!e.meter) out.push(mk('DOM-IDENTITY', 'EndDeviceEvent names no meter (Assets)', e.node, ctx));
      else if (!expect.meters.includes(e.meter)) out.push(mk('DOM-IDENTITY', `event for meter "${e.meter}", expected ${expect.meters.map((m) => `"${m}"`).join(' or ')}`, e.node, ctx));
    }
    if (expect.kind && e.eventType) {
      const set = expect.kind === 'outage' ? expect.outageCodes : expect.restorationCodes;
      if (!set.includes(e.eventType)) {
        out.push(
          mk('DOM-EVENT-KIND', `event type ${e.eventType} is not ${expect.kind === 'outage' ? 'an outage' : 'a restoration'} code (accepted: ${set.join(', ')})`, typeNode, ctx, {
            assumptions: { 'UC-03': ctx.assumptions['UC-03'] ?? 'default-sets' },
          }),
        );
      }
    }
  }
  return out;
}

export interface ReadingsExpectation {
  /** meters (or usage points) asked for */
  meters?: string[];
  usagePoints?: string[];
  /** ReadingTypes asked for; none = any */
  readingTypes?: string[];
  /** requested window: interval data must cover it */
  window?: { start: string; end: string };
}

const isDecimal = (v: string) => v.trim() !== '' && Number.isFinite(Number(v)) && !/^0x/i.test(v.trim());

export function checkMeterReadings(root: XNode, expect: ReadingsExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const v = readMeterReadings(root);
  const defined = new Set(v.readingTypes?.map((r) => r.mRID) ?? []);
  // every ReadingType ref resolves: an 18-part code or a ReadingType of the payload (COD-04)
  for (const refNode of descendants(root, MR, 'ReadingType').filter((n) => n.attrs['ref'] !== undefined || n.children.length === 0)) {
    const ref = refNode.attrs['ref'];
    if (!ref) {
      out.push(mk('DOM-READINGTYPE', 'ReadingType reference without ref', refNode, ctx));
      continue;
    }
    if (defined.has(ref)) continue;
    out.push(...placed(checkReadingType(ref, codeOpts(ctx)), refNode, ctx, 'DOM-READINGTYPE'));
  }
  for (const q of descendants(root, MR, 'ReadingQualityType').filter((n) => n.attrs['ref'] !== undefined)) {
    out.push(...placed(checkQualityCode(q.attrs['ref']!, codeOpts(ctx)), q, ctx, 'DOM-QUALITY'));
  }
  const mrNodes = children(root, MR, 'MeterReading');
  if (mrNodes.length === 0) out.push(mk('DOM-EXPECTED', 'MeterReadings carries no MeterReading', root, ctx));
  const seenMeters = new Set<string>();
  v.meterReadings.forEach((m, i) => {
    const node = mrNodes[i]!;
    const meterId = m.meter?.mRID ?? m.meter?.names?.[0];
    const upId = m.usagePoint?.mRID ?? m.usagePoint?.names?.[0];
    if (meterId) seenMeters.add(meterId);
    if (upId) seenMeters.add(upId);
    if (expect.meters || expect.usagePoints) {
      const asked = [...(expect.meters ?? []), ...(expect.usagePoints ?? [])];
      const ok = (meterId && asked.includes(meterId)) || (upId && asked.includes(upId));
      if (!ok) {
        out.push(mk('DOM-IDENTITY', `MeterReading for meter "${meterId ?? '(none)'}" / usage point "${upId ?? '(none)'}", which was not asked for (asked: ${asked.join(', ')})`, child(node, MR, 'Meter') ?? node, ctx));
      }
    }
    const readingNodes = children(node, MR, 'Readings');
    m.readings?.forEach((r, j) => {
      const rn = readingNodes[j]!;
      if (r.value === undefined || !isDecimal(r.value)) out.push(mk('DOM-VALUE', `Reading value "${r.value ?? '(none)'}" is not a decimal number`, child(rn, MR, 'value') ?? rn, ctx));
      if (expect.readingTypes?.length && r.readingType && !expect.readingTypes.includes(r.readingType)) {
        out.push(mk('DOM-EXPECTED', `Reading of ReadingType ${r.readingType}, which was not asked for`, rn, ctx));
      }
    });
    const blockNodes = children(node, MR, 'IntervalBlocks');
    m.intervalBlocks?.forEach((b, j) => {
      const bn = blockNodes[j]!;
      const irNodes = children(bn, MR, 'IntervalReadings');
      b.readings.forEach((r, k) => {
        if (r.value === undefined || !isDecimal(r.value)) out.push(mk('DOM-VALUE', `IntervalReading value "${r.value ?? '(none)'}" is not a decimal number`, child(irNodes[k]!, MR, 'value') ?? irNodes[k], ctx));
      });
      if (expect.readingTypes?.length && b.readingType && !expect.readingTypes.includes(b.readingType)) {
        out.push(mk('DOM-EXPECTED', `IntervalBlock of ReadingType ${b.readingType}, which was not asked for`, bn, ctx));
      }
      out.push(...checkIntervals(b.readingType, b.readings, irNodes, bn, expect.window, ctx));
    });
  });
  for (const asked of [...(expect.meters ?? [])]) {
    if (!seenMeters.has(asked)) out.push(mk('DOM-EXPECTED', `no MeterReading for meter "${asked}"`, root, ctx));
  }
  return out;
}

/**
 * Interval completeness (MR-04/MR-06, UC-14, PAY-04): timestamps in order, no duplicates, spaced by the
 * measuring period of the ReadingType, covering the requested window (end-of-interval convention);
 * a gap is accepted only where a quality code of category 4 marks a missing interval on a neighbour.
 */
export function checkIntervals(
  readingType: string,
  readings: { timeStamp?: string; qualities?: { ref: string }[] }[],
  nodes: XNode[],
  block: XNode,
  window: { start: string; end: string } | undefined,
  ctx: CheckContext,
): Finding[] {
  const out: Finding[] = [];
  const period = measuringPeriodSeconds(readingType);
  const pay04 = ctx.assumptions['PAY-04'] ?? 'end';
  const assumptions = { 'PAY-04': pay04 };
  const times = readings.map((r) => (r.timeStamp ? Date.parse(r.timeStamp) : NaN));
  times.forEach((t, i) => {
    if (Number.isNaN(t)) out.push(mk('DOM-INTERVAL-COMPLETE', `IntervalReading ${i + 1} has no valid timeStamp`, nodes[i] ?? block, ctx, { assumptions }));
  });
  const valid = times.filter((t) => !Number.isNaN(t));
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1]!;
    const b = times[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    if (b === a) out.push(mk('DOM-INTERVAL-COMPLETE', `duplicate interval at ${readings[i]!.timeStamp}`, nodes[i] ?? block, ctx, { assumptions }));
    else if (b < a) out.push(mk('DOM-INTERVAL-COMPLETE', `interval ${readings[i]!.timeStamp} is out of order (after ${readings[i - 1]!.timeStamp})`, nodes[i] ?? block, ctx, { assumptions }));
    else if (period && b - a !== period * 1000) {
      const marked = [readings[i - 1]!, readings[i]!].some((r) => r.qualities?.some((q) => q.ref.split('.')[1] === '4'));
      if (b - a > period * 1000 && !marked) {
        const missing = (b - a) / (period * 1000) - 1;
        out.push(mk('DOM-INTERVAL-COMPLETE', `gap of ${missing} interval(s) between ${readings[i - 1]!.timeStamp} and ${readings[i]!.timeStamp} without a quality code`, nodes[i] ?? block, ctx, { assumptions }));
      } else if (b - a < period * 1000 || (b - a) % (period * 1000) !== 0) {
        out.push(mk('DOM-INTERVAL-COMPLETE', `spacing of ${(b - a) / 1000} s between ${readings[i - 1]!.timeStamp} and ${readings[i]!.timeStamp} is not the measuring period of ${period} s`, nodes[i] ?? block, ctx, { assumptions }));
      }
    }
  }
  if (window && period && valid.length) {
    const start = Date.parse(window.start);
    const end = Date.parse(window.end);
    const first = pay04 === 'start' ? start : start + period * 1000;
    const last = pay04 === 'start' ? end - period * 1000 : end;
    const expected = Math.max(0, Math.floor((end - start) / (period * 1000)));
    const inside = valid.filter((t) => t >= first && t <= last);
    if (valid.some((t) => t < first || t > last)) {
      out.push(mk('DOM-INTERVAL-COMPLETE', `interval timestamps outside the requested period ${window.start} – ${window.end}`, block, ctx, { assumptions }));
    }
    if (inside.length < expected && !out.some((f) => f.rule === 'DOM-INTERVAL-COMPLETE' && f.message.includes('gap'))) {
      out.push(mk('DOM-INTERVAL-COMPLETE', `${inside.length} of ${expected} intervals of the requested period ${window.start} – ${window.end}`, block, ctx, { assumptions }));
    }
  }
  return out;
}
