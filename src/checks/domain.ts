/**
 * Domain semantics (layer 3) for the slice's payloads: EndDeviceEvents (event types, times, identity,
 * outage vs restoration) and MeterReadings (ReadingType refs, quality codes, values, identity, interval
 * order, spacing and completeness, time conventions). Pure functions; the code tables live in src/codes.
 *
 * Two levels:
 * - `checkMeterReadingsPayload` / `checkEndDeviceEventsPayload`: the rules of the payload on its own (what
 *   `cim9 validate` and every received message get);
 * - `checkMeterReadings` / `checkEndDeviceEvents`: those rules plus what a use case expects (the meters,
 *   ReadingTypes and period asked for, outage or restoration).
 *
 * Code findings keep the rule id of src/codes (COD-READINGTYPE-FIELD, COD-QUALITY, COD-EVENT-TYPE …); the
 * DOM-* resolution rules say when a ref resolves to nothing at all (COD-04).
 */
import type { Finding, Severity } from './finding.ts';
import { rule } from './catalogue.ts';
import type { XNode } from '../xml/index.ts';
import { readEndDeviceEvents, EDE } from '../payloads/endDeviceEvents.ts';
import { readMeterReadings, MR } from '../payloads/meterReadings.ts';
import { children, child, childText } from '../xml/index.ts';
import {
  checkEventType,
  checkQualityCode,
  checkReadingType,
  checkReadingTypeAttributes,
  checkReadingTypeUsage,
  composeReadingType,
  measuringPeriodSeconds,
  parseEventType,
  parseQualityCode,
  parseReadingType,
  type ReadingTypeAttributes,
  type ReadingTypeFieldName,
  type ReadingTypeUsage,
} from '../codes/index.ts';
import type { CheckContext } from './envelope.ts';
import { cod04, uc14 } from './assume.ts';
import { localMs, parseDateTime, type DateTimeValue } from './time.ts';

function mk(id: string, message: string, node: XNode | undefined, ctx: CheckContext, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: severity ?? r.severity, message: `${ctx.label}: ${message}`, file: ctx.label, line: node?.line, xpath: node?.path, ...extra };
}

export const codeOpts = (ctx: CheckContext) => ({ strict: ctx.strict, assumptions: ctx.assumptions as Record<string, string> });

/** code findings (src/codes) placed where the code was found; their rule ids are kept */
export function placed(fs: Finding[], node: XNode, ctx: CheckContext): Finding[] {
  return fs.map((f) => ({ ...f, message: `${ctx.label}: ${f.message}`, file: ctx.label, line: node.line, xpath: node.path }));
}

// ------------------------------------------------------------------------------------------------
// declarations and references (COD-04)

const RT_SHAPE = /^-?[0-9]+(\.-?[0-9]+){17}$/;
const QUALITY_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+$/;
const EVENT_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;

interface Declaration {
  node: XNode;
  /** the dotted code the declaration stands for, when it has one */
  code?: string;
}

/** objects declared at the payload root (ReadingType, ReadingQualityType, EndDeviceEventType), by mRID and by name */
class Declarations {
  readonly byKey = new Map<string, Declaration>();
  add(keys: (string | undefined)[], d: Declaration): void {
    for (const k of keys) if (k) this.byKey.set(k, d);
  }
  get(ref: string): Declaration | undefined {
    return this.byKey.get(ref);
  }
}

function idKeys(node: XNode, ns: string): { mRID?: string; names: string[] } {
  return { mRID: childText(node, ns, 'mRID'), names: children(node, ns, 'Names').flatMap((n) => childText(n, ns, 'name') ?? []) };
}

/** checks each distinct code once, at its first place */
class OncePerCode {
  private readonly seen = new Set<string>();
  first(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

const SIMPLE_RT_ATTRIBUTES: readonly ReadingTypeFieldName[] = [
  'accumulation', 'aggregate', 'commodity', 'consumptionTier', 'cpp', 'currency', 'flowDirection', 'macroPeriod',
  'measurementKind', 'measuringPeriod', 'multiplier', 'phases', 'tou', 'unit',
];

function readingTypeAttributes(node: XNode, ns: string): ReadingTypeAttributes {
  const attrs: ReadingTypeAttributes = {};
  for (const name of SIMPLE_RT_ATTRIBUTES) {
    const v = childText(node, ns, name);
    if (v !== undefined) attrs[name] = v;
  }
  for (const [el, num, den] of [['argument', 'argumentNumerator', 'argumentDenominator'], ['interharmonic', 'interharmonicNumerator', 'interharmonicDenominator']] as const) {
    const c = child(node, ns, el);
    if (!c) continue;
    const n = childText(c, ns, 'numerator');
    const d = childText(c, ns, 'denominator');
    if (n !== undefined) attrs[num] = n;
    if (d !== undefined) attrs[den] = d;
  }
  return attrs;
}

/**
 * The ReadingTypes a payload declares: code from mRID or Names/name (two different codes are a finding),
 * else composed from the attribute elements; the code is checked (Annex C) and the attribute elements are
 * compared with it (unit, multiplier … agree with the ReadingType; PAY-06).
 */
function readingTypeDeclarations(root: XNode, ns: string, ctx: CheckContext, once: OncePerCode): { decl: Declarations; findings: Finding[] } {
  const decl = new Declarations();
  const out: Finding[] = [];
  for (const node of children(root, ns, 'ReadingType')) {
    const { mRID, names } = idKeys(node, ns);
    const codes = [...new Set([mRID, ...names].filter((s): s is string => !!s && RT_SHAPE.test(s)).map((s) => {
      const p = parseReadingType(s);
      return p.ok ? p.value.canonical : s;
    }))];
    if (codes.length > 1) {
      out.push(mk('DOM-READINGTYPE', `the declared ReadingType carries two different codes (${codes.join(' and ')}) in mRID and Names`, node, ctx, { expected: 'one ReadingType code in mRID and Names', actual: codes.join(' and '), assumptions: { 'COD-04': cod04(ctx).text } }));
    }
    const attrs = readingTypeAttributes(node, ns);
    let code = codes[0];
    if (code) {
      const at = child(node, ns, 'mRID') ?? node;
      if (once.first(code)) out.push(...placed(checkReadingType(code, codeOpts(ctx)), at, ctx));
      if (Object.keys(attrs).length) out.push(...placed(checkReadingTypeAttributes(code, attrs, codeOpts(ctx)), node, ctx));
    } else if (Object.keys(attrs).length) {
      const composed = composeReadingType(attrs);
      if (composed.ok) code = composed.value;
    }
    decl.add([mRID, ...names], { node, code });
  }
  return { decl, findings: out };
}

function simpleDeclarations(root: XNode, ns: string, name: string, shape: RegExp, compose?: (n: XNode) => string | undefined): Declarations {
  const decl = new Declarations();
  for (const node of children(root, ns, name)) {
    const { mRID, names } = idKeys(node, ns);
    const code = [mRID, ...names].find((s) => !!s && shape.test(s)) ?? compose?.(node);
    decl.add([mRID, ...names], { node, code });
  }
  return decl;
}

function eventTypeDeclarations(root: XNode, ns: string): Declarations {
  return simpleDeclarations(root, ns, 'EndDeviceEventType', EVENT_SHAPE, (n) => {
    const parts = ['type', 'domain', 'subDomain', 'eventOrAction'].map((p) => childText(n, ns, p));
    return parts.every((p) => p !== undefined && /^[0-9]+$/.test(p)) ? parts.join('.') : undefined;
  });
}

/**
 * DOM-READINGTYPE: a ReadingType ref resolves to a declaration of the payload or is an 18-part code (checked
 * against Annex C once per code, with its plausibility for the use); returns the code, when there is one.
 */
function resolveReadingType(refNode: XNode, decl: Declarations, usage: ReadingTypeUsage | undefined, ctx: CheckContext, once: OncePerCode, out: Finding[]): string | undefined {
  const ref = refNode.attrs['ref'];
  const c4 = cod04(ctx);
  if (ref === undefined || ref.trim() === '') {
    out.push(mk('DOM-READINGTYPE', 'ReadingType reference without ref', refNode, ctx, { expected: 'ReadingType/@ref', actual: 'no ref', assumptions: { 'COD-04': c4.text } }, c4.severity));
    return undefined;
  }
  const d = decl.get(ref);
  if (d) return d.code;
  if (!RT_SHAPE.test(ref)) {
    const p = parseReadingType(ref);
    const why = p.ok ? '' : `: ${p.problem}`;
    out.push(mk('DOM-READINGTYPE', `ReadingType ref "${ref}" resolves to nothing: no ReadingType of the payload has this mRID or name, and it is not an 18-part code${why}`, refNode, ctx, { expected: 'the mRID or name of a ReadingType of the payload, or an 18-part code', actual: `ref "${ref}"`, assumptions: { 'COD-04': c4.text } }, c4.severity));
    return undefined;
  }
  if (once.first(ref)) out.push(...placed(checkReadingType(ref, codeOpts(ctx)), refNode, ctx));
  if (usage && once.first(`${ref} as ${usage}`)) out.push(...placed(checkReadingTypeUsage(ref, usage, codeOpts(ctx)), refNode, ctx).filter((f) => f.rule !== 'COD-READINGTYPE-FORMAT'));
  const p = parseReadingType(ref);
  return p.ok ? p.value.canonical : undefined;
}

/** DOM-QUALITY: a quality ref resolves to a declaration or is a three-part code (checked against Annex D once per code) */
function resolveQuality(refNode: XNode, decl: Declarations, ctx: CheckContext, once: OncePerCode, out: Finding[]): string | undefined {
  const ref = refNode.attrs['ref'];
  const c4 = cod04(ctx);
  if (ref === undefined || ref.trim() === '') {
    out.push(mk('DOM-QUALITY', 'ReadingQualityType reference without ref', refNode, ctx, { expected: 'ReadingQualityType/@ref', actual: 'no ref', assumptions: { 'COD-04': c4.text } }, c4.severity));
    return undefined;
  }
  const d = decl.get(ref);
  if (d) {
    if (d.code && once.first(`quality ${d.code}`)) out.push(...placed(checkQualityCode(d.code, codeOpts(ctx)), d.node, ctx));
    return d.code;
  }
  if (!QUALITY_SHAPE.test(ref)) {
    const p = parseQualityCode(ref);
    out.push(mk('DOM-QUALITY', `ReadingQualityType ref "${ref}" resolves to nothing: no ReadingQualityType of the payload has this mRID or name${p.ok ? '' : `, and ${p.problem}`}`, refNode, ctx, { expected: 'the mRID or name of a ReadingQualityType of the payload, or a quality code', actual: `ref "${ref}"`, assumptions: { 'COD-04': c4.text } }, c4.severity));
    return undefined;
  }
  if (once.first(`quality ${ref}`)) out.push(...placed(checkQualityCode(ref, codeOpts(ctx)), refNode, ctx));
  return ref;
}

/** DOM-EVENT-TYPE: an EndDeviceEventType ref resolves to a declaration or is a four-part code (Annex E, once per code) */
function resolveEventType(typeNode: XNode | undefined, eventNode: XNode, decl: Declarations, ctx: CheckContext, once: OncePerCode, out: Finding[]): string | undefined {
  const c4 = cod04(ctx);
  const ref = typeNode?.attrs['ref'];
  if (ref === undefined || ref.trim() === '') {
    out.push(mk('DOM-EVENT-TYPE', typeNode ? 'EndDeviceEventType has no ref' : 'EndDeviceEvent has no EndDeviceEventType', typeNode ?? eventNode, ctx, { expected: 'EndDeviceEventType/@ref', actual: typeNode ? 'no ref' : 'no EndDeviceEventType', assumptions: { 'COD-04': c4.text } }, c4.severity));
    return undefined;
  }
  const d = decl.get(ref);
  if (d) {
    if (d.code && once.first(`event ${d.code}`)) out.push(...placed(checkEventType(d.code, codeOpts(ctx)), d.node, ctx));
    return d.code;
  }
  if (!EVENT_SHAPE.test(ref)) {
    const p = parseEventType(ref);
    out.push(mk('DOM-EVENT-TYPE', `EndDeviceEventType ref "${ref}" resolves to nothing: no EndDeviceEventType of the payload has this mRID or name${p.ok ? '' : `, and ${p.problem}`}`, typeNode ?? eventNode, ctx, { expected: 'the mRID or name of an EndDeviceEventType of the payload, or a four-part code', actual: `ref "${ref}"`, assumptions: { 'COD-04': c4.text } }, c4.severity));
    return undefined;
  }
  if (once.first(`event ${ref}`)) out.push(...placed(checkEventType(ref, codeOpts(ctx)), typeNode ?? eventNode, ctx));
  return ref;
}

// ------------------------------------------------------------------------------------------------
// events

/** createdDateTime present, a date-time, not in the future beyond the skew (DOM-EVENT-TIME) */
function checkEventTime(eventNode: XNode, ns: string, ctx: CheckContext): Finding[] {
  const timeNode = child(eventNode, ns, 'createdDateTime');
  const text = timeNode?.text.trim();
  if (!timeNode || !text) return [mk('DOM-EVENT-TIME', 'EndDeviceEvent has no createdDateTime', eventNode, ctx, { expected: 'createdDateTime', actual: 'no createdDateTime' })];
  const t = parseDateTime(text);
  if (!t) return [mk('DOM-EVENT-TIME', `createdDateTime "${text}" is not a date-time`, timeNode, ctx, { expected: 'an xs:dateTime', actual: `createdDateTime "${text}"` })];
  if (t.ms - ctx.receivedAt.getTime() > ctx.skewSeconds * 1000) {
    return [mk('DOM-EVENT-TIME', `createdDateTime ${text} is in the future (${ctx.offline ? 'checked' : 'received'} at ${ctx.receivedAt.toISOString()}, allowed skew ${ctx.skewSeconds} s)`, timeNode, ctx, { expected: `not after ${new Date(ctx.receivedAt.getTime() + ctx.skewSeconds * 1000).toISOString()} (the time of receipt + ${ctx.skewSeconds} s)`, actual: `createdDateTime ${text}` })];
  }
  return [];
}

function checkEventNodes(events: XNode[], ns: string, decl: Declarations, ctx: CheckContext, once: OncePerCode): Finding[] {
  const out: Finding[] = [];
  for (const e of events) {
    resolveEventType(child(e, ns, 'EndDeviceEventType'), e, decl, ctx, once, out);
    out.push(...checkEventTime(e, ns, ctx));
  }
  return out;
}

/** the rules of an EndDeviceEvents payload on its own: event types resolve and are legal, times, time conventions */
export function checkEndDeviceEventsPayload(root: XNode, ctx: CheckContext): Finding[] {
  const once = new OncePerCode();
  const decl = eventTypeDeclarations(root, EDE);
  const out: Finding[] = [];
  for (const d of new Set(decl.byKey.values())) {
    if (d.code && once.first(`event ${d.code}`)) out.push(...placed(checkEventType(d.code, codeOpts(ctx)), d.node, ctx));
  }
  out.push(...checkEventNodes(children(root, EDE, 'EndDeviceEvent'), EDE, decl, ctx, once));
  out.push(...checkOffsets(root, ctx));
  return out;
}

export interface EventsExpectation {
  /** meters the events must be about (identity) */
  meters?: string[];
  /** outage or restoration, checked against the UC-03 code sets */
  kind?: 'outage' | 'restoration';
  outageCodes: readonly string[];
  restorationCodes: readonly string[];
}

/** the payload rules of EndDeviceEvents plus what the use case expects: events present, about the meters, of the kind */
export function checkEndDeviceEvents(root: XNode, expect: EventsExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = checkEndDeviceEventsPayload(root, ctx);
  const events = readEndDeviceEvents(root);
  if (events.length === 0) out.push(mk('DOM-EXPECTED', 'EndDeviceEvents carries no EndDeviceEvent', root, ctx, { expected: 'at least one EndDeviceEvent', actual: 'none' }));
  for (const e of events) {
    const typeNode = child(e.node, root.ns, 'EndDeviceEventType') ?? e.node;
    if (expect.meters) {
      if (!e.meter) out.push(mk('DOM-IDENTITY', 'EndDeviceEvent names no meter (Assets)', e.node, ctx, { expected: `meter ${expect.meters.map((m) => `"${m}"`).join(' or ')} (Assets)`, actual: 'no meter' }));
      else if (!expect.meters.includes(e.meter)) out.push(mk('DOM-IDENTITY', `event for meter "${e.meter}", expected ${expect.meters.map((m) => `"${m}"`).join(' or ')}`, e.node, ctx, { expected: `meter ${expect.meters.map((m) => `"${m}"`).join(' or ')}`, actual: `meter "${e.meter}"` }));
    }
    if (expect.kind && e.eventType) {
      const set = expect.kind === 'outage' ? expect.outageCodes : expect.restorationCodes;
      if (!set.includes(e.eventType)) {
        out.push(
          mk('DOM-EVENT-KIND', `event type ${e.eventType} is not ${expect.kind === 'outage' ? 'an outage' : 'a restoration'} code (accepted: ${set.join(', ')})`, typeNode, ctx, {
            expected: `${expect.kind === 'outage' ? 'an outage' : 'a restoration'} code: ${set.join(' or ')}`,
            actual: `event type ${e.eventType}`,
            assumptions: { 'UC-03': ctx.assumptions['UC-03'] ?? 'default-sets' },
          }),
        );
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// readings

export interface ReadingsExpectation {
  /** meters (or usage points) asked for */
  meters?: string[];
  usagePoints?: string[];
  /** ReadingTypes asked for; none = any */
  readingTypes?: string[];
  /** requested window: interval data must cover it */
  window?: { start: string; end: string };
}

/** a number as PAY-05 allows: decimal (2013 string value) or float lexical (draft); no NaN/INF, no hex */
const NUMBER = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
export const isNumeric = (v: string): boolean => NUMBER.test(v.trim());

function checkValue(readingNode: XNode, what: string, ctx: CheckContext): Finding[] {
  const valueNode = child(readingNode, MR, 'value');
  const value = valueNode?.text.trim();
  const assumptions = { 'PAY-05': ctx.assumptions['PAY-05'] ?? 'by-generation' };
  if (value === undefined || value === '') {
    if (children(readingNode, MR, 'ReadingQualities').length) {
      return [mk('DOM-VALUE', `${what} has no value; accepted, its quality code explains it`, valueNode ?? readingNode, ctx, { expected: 'a value, or a quality code saying why there is none', actual: `no value, ${children(readingNode, MR, 'ReadingQualities').length} ReadingQualities`, assumptions }, 'info')];
    }
    return [mk('DOM-VALUE', `${what} has no value and no quality code saying why`, valueNode ?? readingNode, ctx, { expected: 'a value, or a quality code saying why there is none', actual: 'no value, no quality code', assumptions })];
  }
  if (!isNumeric(value)) return [mk('DOM-VALUE', `${what} value "${value}" is not a number`, valueNode, ctx, { expected: 'a decimal number', actual: `value "${value}"`, assumptions })];
  return [];
}

/** DOM-TIME-CONVENTION (UC-14): a DateTimeInterval starts before it ends */
export function checkInterval(node: XNode | undefined, what: string, ctx: CheckContext): Finding[] {
  if (!node) return [];
  const start = parseDateTime(childText(node, node.ns, 'start'));
  const end = parseDateTime(childText(node, node.ns, 'end'));
  if (start && end && start.ms >= end.ms) {
    const u = uc14(ctx);
    return [mk('DOM-TIME-CONVENTION', `${what} starts at ${start.text}, not before its end ${end.text}`, node, ctx, { expected: 'start before end', actual: `start ${start.text}, end ${end.text}`, assumptions: { 'UC-14': u.text } }, u.conventions)];
  }
  return [];
}

const DATE_TIME_ELEMENTS = new Set(['timeStamp', 'reportedDateTime', 'createdDateTime', 'start', 'end', 'dateTime']);

/** DOM-TIME-CONVENTION (UC-14): every date-time of the payload carries a time-zone offset (one finding per payload) */
export function checkOffsets(root: XNode, ctx: CheckContext): Finding[] {
  const without: XNode[] = [];
  const walk = (n: XNode) => {
    for (const c of n.children) {
      if (DATE_TIME_ELEMENTS.has(c.name) && c.children.length === 0) {
        const v = parseDateTime(c.text);
        if (v && v.offsetMinutes === undefined) without.push(c);
      }
      walk(c);
    }
  };
  walk(root);
  if (!without.length) return [];
  const u = uc14(ctx);
  const first = without[0]!;
  return [mk('DOM-TIME-CONVENTION', `${without.length} date-time value(s) without a time-zone offset, first ${first.name} "${first.text.trim()}" (read as UTC)`, first, ctx, { expected: 'a date-time with a time-zone offset (Z or ±hh:mm)', actual: `${first.name} "${first.text.trim()}"`, assumptions: { 'UC-14': u.text } }, u.conventions)];
}

/** DOM-TIME-CONVENTION (UC-14): the reportedDateTime of a Reading or IntervalReading is not before its timeStamp */
export function checkReportedDateTime(readingNode: XNode, what: string, ctx: CheckContext): Finding[] {
  const ts = parseDateTime(childText(readingNode, MR, 'timeStamp'));
  const reported = parseDateTime(childText(readingNode, MR, 'reportedDateTime'));
  if (!ts || !reported || reported.ms >= ts.ms) return [];
  const u = uc14(ctx);
  return [mk('DOM-TIME-CONVENTION', `${what}: reportedDateTime ${reported.text} is before its timeStamp ${ts.text}`, child(readingNode, MR, 'reportedDateTime'), ctx, { expected: `reportedDateTime not before timeStamp ${ts.text}`, actual: `reportedDateTime ${reported.text}`, assumptions: { 'UC-14': u.text } }, u.conventions)];
}

/** the timeStamps of a MeterReading: of its Readings and of the IntervalReadings of its blocks (valid ones only) */
export function meterReadingTimes(mr: XNode): DateTimeValue[] {
  const texts = [
    ...children(mr, MR, 'Readings').map((r) => childText(r, MR, 'timeStamp')),
    ...children(mr, MR, 'IntervalBlocks').flatMap((b) => children(b, MR, 'IntervalReadings').map((r) => childText(r, MR, 'timeStamp'))),
  ];
  return texts.map((t) => parseDateTime(t)).filter((t): t is DateTimeValue => t !== undefined);
}

/** DOM-TIME-CONVENTION (UC-14): the valuesInterval of a MeterReading starts before it ends and contains its timeStamps */
export function checkValuesInterval(mr: XNode, readingTimes: readonly DateTimeValue[], ctx: CheckContext): Finding[] {
  const vi = child(mr, MR, 'valuesInterval');
  if (!vi) return [];
  const u = uc14(ctx);
  const out = checkInterval(vi, 'valuesInterval', ctx);
  const start = parseDateTime(childText(vi, MR, 'start'));
  const end = parseDateTime(childText(vi, MR, 'end'));
  const outside = readingTimes.filter((t) => (start && t.ms < start.ms) || (end && t.ms > end.ms));
  if (outside.length) {
    out.push(mk('DOM-TIME-CONVENTION', `${outside.length} timeStamp(s) of the MeterReading lie outside its valuesInterval (first ${outside[0]!.text})`, vi, ctx, { expected: `timeStamps within valuesInterval ${start?.text ?? '…'} – ${end?.text ?? '…'}`, actual: `${outside.length} outside, first ${outside[0]!.text}`, assumptions: { 'UC-14': u.text } }, u.conventions));
  }
  return out;
}

/** the rules of a MeterReadings payload on its own; `window` adds the coverage of a requested period */
export function checkMeterReadingsPayload(root: XNode, ctx: CheckContext, opts: { window?: { start: string; end: string } } = {}): Finding[] {
  const out: Finding[] = [];
  const once = new OncePerCode();
  const rts = readingTypeDeclarations(root, MR, ctx, once);
  out.push(...rts.findings);
  const qualities = simpleDeclarations(root, MR, 'ReadingQualityType', QUALITY_SHAPE);
  const eventTypes = eventTypeDeclarations(root, MR);
  for (const mr of children(root, MR, 'MeterReading')) {
    // register and single readings
    const readingTimes: DateTimeValue[] = [];
    for (const [j, rn] of children(mr, MR, 'Readings').entries()) {
      const refNode = child(rn, MR, 'ReadingType');
      if (refNode) resolveReadingType(refNode, rts.decl, 'register', ctx, once, out);
      for (const q of children(rn, MR, 'ReadingQualities')) {
        const qt = child(q, MR, 'ReadingQualityType');
        if (qt) resolveQuality(qt, qualities, ctx, once, out);
      }
      out.push(...checkValue(rn, `Reading ${j + 1}`, ctx));
      const ts = parseDateTime(childText(rn, MR, 'timeStamp'));
      if (ts) readingTimes.push(ts);
      out.push(...checkReportedDateTime(rn, `Reading ${j + 1}`, ctx));
      out.push(...checkInterval(child(rn, MR, 'timePeriod'), `Reading ${j + 1} timePeriod`, ctx));
    }
    // interval data
    for (const bn of children(mr, MR, 'IntervalBlocks')) {
      const refNode = child(bn, MR, 'ReadingType');
      const code = refNode ? resolveReadingType(refNode, rts.decl, 'interval', ctx, once, out) : undefined;
      const irNodes = children(bn, MR, 'IntervalReadings');
      const readings = irNodes.map((ir) => ({
        timeStamp: childText(ir, MR, 'timeStamp'),
        qualities: children(ir, MR, 'ReadingQualities').flatMap((q) => {
          const qt = child(q, MR, 'ReadingQualityType');
          if (!qt) return [];
          const c = resolveQuality(qt, qualities, ctx, once, out);
          return c ? [{ ref: c }] : [];
        }),
      }));
      irNodes.forEach((ir, k) => {
        out.push(...checkValue(ir, `IntervalReading ${k + 1}`, ctx));
        out.push(...checkReportedDateTime(ir, `IntervalReading ${k + 1}`, ctx));
        out.push(...checkInterval(child(ir, MR, 'timePeriod'), `IntervalReading ${k + 1} timePeriod`, ctx));
      });
      for (const r of readings) {
        const t = parseDateTime(r.timeStamp);
        if (t) readingTimes.push(t);
      }
      out.push(...checkIntervals(code ?? refNode?.attrs['ref'] ?? '', readings, irNodes, bn, opts.window, ctx));
    }
    // valuesInterval contains the timeStamps of the MeterReading (UC-14)
    out.push(...checkValuesInterval(mr, readingTimes, ctx));
    // events that accompany the readings
    out.push(...checkEventNodes(children(mr, MR, 'EndDeviceEvents'), MR, eventTypes, ctx, once));
  }
  // quality codes declared but not referenced are still checked
  for (const d of new Set(qualities.byKey.values())) {
    if (d.code && once.first(`quality ${d.code}`)) out.push(...placed(checkQualityCode(d.code, codeOpts(ctx)), d.node, ctx));
  }
  out.push(...checkOffsets(root, ctx));
  return out;
}

/** the payload rules of MeterReadings plus what the use case expects: the meters, ReadingTypes and period asked for */
export function checkMeterReadings(root: XNode, expect: ReadingsExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = checkMeterReadingsPayload(root, ctx, { window: expect.window });
  const v = readMeterReadings(root);
  const mrNodes = children(root, MR, 'MeterReading');
  if (mrNodes.length === 0) out.push(mk('DOM-EXPECTED', 'MeterReadings carries no MeterReading', root, ctx, { expected: 'at least one MeterReading', actual: 'none' }));
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
        out.push(mk('DOM-IDENTITY', `MeterReading for meter "${meterId ?? '(none)'}" / usage point "${upId ?? '(none)'}", which was not asked for (asked: ${asked.join(', ')})`, child(node, MR, 'Meter') ?? node, ctx, { expected: `meter or usage point ${asked.join(' or ')}`, actual: `meter "${meterId ?? '(none)'}", usage point "${upId ?? '(none)'}"` }));
      }
    }
    const readingNodes = children(node, MR, 'Readings');
    m.readings?.forEach((r, j) => {
      if (expect.readingTypes?.length && r.readingType && !expect.readingTypes.includes(r.readingType)) {
        out.push(mk('DOM-EXPECTED', `Reading of ReadingType ${r.readingType}, which was not asked for`, readingNodes[j], ctx, { expected: `ReadingType ${expect.readingTypes.join(' or ')}`, actual: `ReadingType ${r.readingType}` }));
      }
    });
    const blockNodes = children(node, MR, 'IntervalBlocks');
    m.intervalBlocks?.forEach((b, j) => {
      if (expect.readingTypes?.length && b.readingType && !expect.readingTypes.includes(b.readingType)) {
        out.push(mk('DOM-EXPECTED', `IntervalBlock of ReadingType ${b.readingType}, which was not asked for`, blockNodes[j], ctx, { expected: `ReadingType ${expect.readingTypes.join(' or ')}`, actual: `ReadingType ${b.readingType}` }));
      }
    });
  });
  for (const asked of [...(expect.meters ?? [])]) {
    if (!seenMeters.has(asked)) out.push(mk('DOM-EXPECTED', `no MeterReading for meter "${asked}"`, root, ctx, { expected: `a MeterReading for meter "${asked}"`, actual: `MeterReadings for ${[...seenMeters].map((m) => `"${m}"`).join(', ') || 'no meter'}` }));
  }
  // what was asked must be there: every ReadingType asked for, with a value, for every meter asked for (a
  // MeterReading that carries no reading is not a reply to a read)
  if (expect.readingTypes?.length) {
    const subjects = [...(expect.meters ?? []), ...(expect.usagePoints ?? [])];
    const targets = subjects.length ? subjects : [undefined];
    for (const subject of targets) {
      const mine = v.meterReadings.map((m, i) => ({ m, node: mrNodes[i]! })).filter(({ m }) => {
        if (subject === undefined) return true;
        const ids = [m.meter?.mRID, ...(m.meter?.names ?? []), m.usagePoint?.mRID, ...(m.usagePoint?.names ?? [])];
        return ids.includes(subject);
      });
      if (subject !== undefined && mine.length === 0) continue; // already "no MeterReading for meter"
      for (const rt of expect.readingTypes) {
        const readings = mine.flatMap(({ m }) => (m.readings ?? []).filter((r) => r.readingType === rt && r.value !== undefined && r.value !== ''));
        const intervals = mine.flatMap(({ m }) => (m.intervalBlocks ?? []).filter((b) => b.readingType === rt && b.readings.length > 0));
        if (readings.length === 0 && intervals.length === 0) {
          out.push(mk('DOM-EXPECTED', `${subject !== undefined ? `meter "${subject}": ` : ''}no reading of ReadingType ${rt} with a value, which was asked for`, mine[0]?.node ?? root, ctx, { expected: `a reading of ReadingType ${rt} with a value`, actual: 'none' }));
        }
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// interval data

/** quality codes that make a gap acceptable under the UC-14 gap policy */
export function marksGap(code: string, policy: 'marked' | 'data-collection' | 'never'): boolean {
  const p = code.split('.');
  if (p.length !== 3 || policy === 'never') return false;
  const [, category, index] = p;
  if (category === '5' && index === '259') return true; // known missing read
  if (category === '4' && index === '4') return true; // skipped interval
  return policy === 'data-collection' && category === '4';
}

/**
 * Interval data of one block (MR-04/MR-06, UC-14, PAY-04):
 * - DOM-INTERVAL-ORDER: every timeStamp valid, strictly increasing in UTC, no duplicates;
 * - DOM-INTERVAL-SPACING: consecutive intervals spaced by the measuring period of the ReadingType;
 * - DOM-INTERVAL-COMPLETE: a gap (a whole multiple of the period) only where a quality code next to it marks
 *   it (UC-14 gaps: skipped interval x.4.4 or known missing read x.5.259 by default), and, for a requested
 *   window, the intervals cover it (end-of-interval convention, PAY-04);
 * - DOM-TIME-CONVENTION: timeStamps aligned to the measuring period in local time (UC-14, warning).
 * `readingType` is the 18-part code of the block (the measuring period comes from it; none = not checked).
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
  const step = period ? period * 1000 : undefined;
  const pay04 = ctx.assumptions['PAY-04'] ?? 'end';
  const u = uc14(ctx);
  const assumptions = { 'PAY-04': pay04 };
  const gapAssumptions = { 'PAY-04': pay04, 'UC-14': u.text };
  const times = readings.map((r) => parseDateTime(r.timeStamp));
  times.forEach((t, i) => {
    if (!t) out.push(mk('DOM-INTERVAL-ORDER', `IntervalReading ${i + 1} has no valid timeStamp${readings[i]!.timeStamp ? ` ("${readings[i]!.timeStamp}")` : ''}`, nodes[i] ?? block, ctx, { expected: 'timeStamp, an xs:dateTime', actual: readings[i]!.timeStamp ? `timeStamp "${readings[i]!.timeStamp}"` : 'no timeStamp' }));
  });
  let acceptedMissing = 0;
  let gapReported = false;
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1];
    const b = times[i];
    if (!a || !b) continue;
    const at = nodes[i] ?? block;
    const d = b.ms - a.ms;
    if (d === 0) {
      out.push(mk('DOM-INTERVAL-ORDER', `duplicate interval at ${b.text}${a.text !== b.text ? ` (the same instant as ${a.text})` : ''}`, at, ctx, { expected: `an interval after ${a.text}`, actual: `timeStamp ${b.text} (again)` }));
    } else if (d < 0) {
      out.push(mk('DOM-INTERVAL-ORDER', `interval ${b.text} is out of order: it is before the previous one, ${a.text} (compared in UTC)`, at, ctx, { expected: `an interval after ${a.text}`, actual: `timeStamp ${b.text}` }));
    } else if (step && d !== step) {
      if (d > step && d % step === 0) {
        const missing = d / step - 1;
        const marks = [readings[i - 1]!, readings[i]!].flatMap((r) => (r.qualities ?? []).map((q) => q.ref)).filter((c) => marksGap(c, u.gaps));
        if (marks.length) {
          acceptedMissing += missing;
          out.push(mk('DOM-INTERVAL-COMPLETE', `gap of ${missing} interval(s) between ${a.text} and ${b.text}, accepted: marked by quality code ${marks[0]}`, at, ctx, { expected: `the next interval at ${new Date(a.ms + step).toISOString()}, or a gap marked by a quality code`, actual: `the next at ${b.text} (${missing} missing), marked by quality code ${marks[0]}`, assumptions: gapAssumptions }, 'info'));
        } else {
          gapReported = true;
          out.push(
            mk('DOM-INTERVAL-COMPLETE', `gap of ${missing} interval(s) between ${a.text} and ${b.text} without a quality code marking it${u.gaps === 'never' ? ' (no gap is accepted: UC-14 gaps=never)' : ''}`, at, ctx, { expected: `the next interval at ${new Date(a.ms + step).toISOString()}${u.gaps === 'never' ? '' : ', or a gap marked by a quality code'}`, actual: `the next at ${b.text} (${missing} missing)`, assumptions: gapAssumptions }),
          );
        }
      } else {
        out.push(mk('DOM-INTERVAL-SPACING', `spacing of ${d / 1000} s between ${a.text} and ${b.text} is not the measuring period of ${period} s of ReadingType ${readingType}`, at, ctx, { expected: `${period} s between intervals`, actual: `${d / 1000} s (${a.text} – ${b.text})` }));
      }
    }
  }
  // alignment to the period, in local time (UC-14)
  if (step && (3_600_000 % step === 0 || step === 86_400_000)) {
    const off = times.findIndex((t) => t !== undefined && localMs(t) % step !== 0);
    if (off >= 0) {
      out.push(
        mk('DOM-TIME-CONVENTION', `interval timeStamp ${times[off]!.text} is not aligned to the measuring period of ${period} s`, nodes[off] ?? block, ctx, { expected: `timeStamps on a multiple of ${period} s (local time)`, actual: `timeStamp ${times[off]!.text}`, assumptions: { 'UC-14': u.text } }, u.conventions),
      );
    }
  }
  const valid = times.filter((t): t is DateTimeValue => t !== undefined).map((t) => t.ms);
  if (window && step && valid.length) {
    const start = parseDateTime(window.start)?.ms ?? Date.parse(window.start);
    const end = parseDateTime(window.end)?.ms ?? Date.parse(window.end);
    const first = pay04 === 'start' ? start : start + step;
    const last = pay04 === 'start' ? end - step : end;
    const expected = Math.max(0, Math.floor((end - start) / step));
    const inside = valid.filter((t) => t >= first && t <= last);
    if (valid.some((t) => t < first || t > last)) {
      out.push(mk('DOM-INTERVAL-COMPLETE', `interval timestamps outside the requested period ${window.start} – ${window.end}`, block, ctx, { expected: `intervals ending within ${window.start} – ${window.end}`, actual: `${valid.filter((t) => t < first || t > last).length} outside, first ${new Date(valid.find((t) => t < first || t > last)!).toISOString()}`, assumptions }));
    }
    if (inside.length + acceptedMissing < expected && !gapReported) {
      out.push(mk('DOM-INTERVAL-COMPLETE', `${inside.length} of ${expected} intervals of the requested period ${window.start} – ${window.end}`, block, ctx, { expected: `${expected} intervals`, actual: `${inside.length}${acceptedMissing ? ` (+${acceptedMissing} marked missing)` : ''}`, assumptions }));
    }
  }
  return out;
}
