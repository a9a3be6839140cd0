/**
 * Checks of a whole EUMED MeterReadingSet payload: structure (EUMED-PAYLOAD), ReadingTypes
 * (EUMED-READINGTYPE), identity (EUMED-IDENTITY) and, per interval block, the rules of its message kind
 * (./rules.ts). One MeterReading is read at a time, so a large document costs one metering point's data
 * beside the parsed tree.
 */
import type { Finding, Severity } from '../checks/finding.ts';
import { rule as catalogued } from '../checks/catalogue.ts';
import type { XNode } from '../xml/index.ts';
import { parseReadingType } from '../codes/index.ts';
import { EUMED_CLAUSE, type EumedSettings, type MessageKind } from './model.ts';
import { meterReadingNodes, readMeterReading, usagePointIds, type ReadIntervalBlock, type ReadMeterReading } from './payload.ts';
import { classify, readingTypeCode, templateMismatch } from './readingTypes.ts';
import { checkCoverage, checkDst, checkIndexMonotonic, checkIntervalLength, checkMaxPowerTime, checkQuality, checkUnits, type Period, type RuleContext } from './rules.ts';
import { parseStamp } from './time.ts';

export { EUMED_CLAUSE };

export interface EumedExpectation {
  /** the Annex M message the payload must be; absent (a file checked on its own): each block's ReadingType says */
  kind?: MessageKind;
  /** the metering points asked for (usage point mRIDs or names); absent = not checked */
  usagePoints?: readonly string[];
  /** the requested period; absent = completeness and period rules are not checked */
  period?: Period;
  /** instants of intervals the suite knows were not collected (EUMED-LC-QUALITY) */
  notCollected?: readonly number[];
  /**
   * without a requested period, take each MeterReading's own valuesInterval as the period its blocks must cover
   * (a file checked on its own: completeness and DST day lengths are still checked against what it claims)
   */
  periodFromPayload?: boolean;
}

/** the valuesInterval of a MeterReading as a period, when it is a valid one */
function ownPeriod(m: ReadMeterReading): Period | undefined {
  const start = parseStamp(m.valuesInterval?.start);
  const end = parseStamp(m.valuesInterval?.end);
  return start && end && end.ms > start.ms ? { start: start.ms, end: end.ms } : undefined;
}

export interface EumedCheckContext extends RuleContext {
  settings: EumedSettings;
}

/** called with every interval block after its checks (the caller may keep what it needs) */
export type BlockVisitor = (block: ReadIntervalBlock, meterReading: ReadMeterReading, kind: MessageKind | undefined) => void;

function mk(id: string, message: string, ctx: RuleContext, node?: XNode, assumptions?: Record<string, string>, severity?: Severity): Finding {
  const r = catalogued(id);
  const f: Finding = { rule: id, clause: r.clause, severity: severity ?? r.severity, message: `${ctx.label}: ${message}`, file: ctx.label };
  if (node) {
    f.line = node.line;
    f.xpath = node.path;
  }
  if (assumptions && Object.keys(assumptions).length) f.assumptions = assumptions;
  return f;
}

/** GS1 mod-10 check digit of an EAN-18 (weights 3 and 1 from the right, check digit excluded) */
export function ean18Valid(id: string): boolean {
  if (!/^[0-9]{18}$/.test(id)) return false;
  const digits = id.split('').map(Number);
  let sum = 0;
  for (let i = 16, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += digits[i]! * w;
  return (10 - (sum % 10)) % 10 === digits[17];
}

/** the check digit that completes 17 digits into a valid EAN-18 */
export function ean18(first17: string): string {
  let sum = 0;
  for (let i = 16, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += Number(first17[i]) * w;
  return `${first17}${(10 - (sum % 10)) % 10}`;
}

// ------------------------------------------------------------------------------------------------
// EUMED-READINGTYPE

export function checkReadingType(block: ReadIntervalBlock, kind: MessageKind | undefined, ctx: EumedCheckContext): Finding[] {
  const out: Finding[] = [];
  const s = ctx.settings;
  const rt = block.readingType;
  const node = block.readingTypeNode ?? block.node;
  const id = 'EUMED-READINGTYPE';
  if (!block.readingTypeNode) return [mk(id, 'IntervalBlock has no ReadingType', ctx, block.node)];
  if (s.readingTypeForm === 'ref') {
    if (!rt.ref) out.push(mk(id, 'ReadingType without ref (EUM-06 ref)', ctx, node, { 'EUM-06': 'ref' }));
    return out;
  }
  if (rt.ref !== undefined && rt.unit === undefined && rt.flowDirection === undefined) {
    out.push(mk(id, `ReadingType given by ref "${rt.ref}" only; EUM-06 embedded expects the attributes`, ctx, node, { 'EUM-06': 'embedded' }, ctx.strict ? 'error' : 'warning'));
    return out;
  }
  for (const k of ['flowDirection', 'multiplier', 'unit'] as const) {
    if (rt[k] === undefined) out.push(mk(id, `embedded ReadingType without ${k} (required in the EUMED profile, eumed.md §3.5)`, ctx, node, { 'EUM-06': 'embedded' }));
  }
  // EUM-03: literals required; an 18-part code is optional and must agree
  const composed = readingTypeCode(rt);
  const mrid = rt.mRID?.trim();
  const isCode = mrid !== undefined && parseReadingType(mrid).ok;
  if (s.literals === 'numeric' && !isCode) out.push(mk(id, 'EUM-03 numeric: the ReadingType carries no 18-part code in mRID', ctx, node, { 'EUM-03': 'numeric' }));
  if (isCode) {
    const canonical = parseReadingType(mrid!).ok ? (parseReadingType(mrid!) as { ok: true; value: { canonical: string } }).value.canonical : mrid!;
    if (!composed.ok) {
      out.push(mk(id, `mRID ${mrid} cannot be compared with the literals: ${composed.problem}`, ctx, node, { 'EUM-03': s.text['EUM-03'] ?? 'literals' }, 'warning'));
    } else if (composed.value !== canonical) {
      out.push(mk(id, `mRID ${mrid} is not the code of the literals (${composed.value})`, ctx, node, { 'EUM-03': s.text['EUM-03'] ?? 'literals' }));
    }
  }
  // EUM-13: the ReadingType of the message kind
  if (kind) {
    const seen = classify(rt);
    const describe = Object.entries(rt).filter(([k, v]) => typeof v === 'string' && k !== 'mRID').map(([k, v]) => `${k}=${v as string}`).join(' ');
    if (seen !== kind) {
      out.push(mk(id, `the block is ${seen ? `a ${seen}` : 'none of the Annex M messages'}, not the ${kind} asked for (ReadingType ${describe})`, ctx, node, { 'EUM-13': s.text['EUM-13'] ?? 'eumed-table' }));
    } else if (s.kinds === 'eumed-table') {
      const diff = templateMismatch(kind, rt);
      if (diff.length) {
        out.push(mk(id, `ReadingType of the ${kind} differs from eumed.md §5: ${diff.join('; ')}`, ctx, node, { 'EUM-13': 'eumed-table' }, ctx.strict ? 'error' : 'warning'));
      }
    } else {
      const want = s.kinds[kind];
      if (want && (!composed.ok || composed.value !== want)) {
        out.push(mk(id, `the ${kind} ReadingType is ${composed.ok ? composed.value : `not composable (${composed.problem})`}, the profile names ${want}`, ctx, node, { 'EUM-13': s.text['EUM-13'] ?? '' }));
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// EUMED-PAYLOAD (one MeterReading)

function checkMeterReadingShape(m: ReadMeterReading, ctx: EumedCheckContext): Finding[] {
  const out: Finding[] = [];
  const id = 'EUMED-PAYLOAD';
  const s = ctx.settings;
  const elementName = m.node.name;
  if ((s.children === 'singular' && elementName !== 'MeterReading') || (s.children === 'plural' && elementName !== 'MeterReadings')) {
    out.push(mk(id, `MeterReading element named ${elementName}; EUM-04 ${s.children} asks for ${s.children === 'singular' ? 'MeterReading' : 'MeterReadings'}`, ctx, m.node, { 'EUM-04': s.children }));
  }
  if (!m.usagePoint) out.push(mk(id, 'MeterReading without UsagePoint (the metering point)', ctx, m.node));
  if (m.intervalBlocks.length === 0) out.push(mk(id, 'MeterReading without IntervalBlocks (every EUMED value travels in an IntervalBlock)', ctx, m.node));
  for (const b of m.intervalBlocks) if (b.readings.length === 0) out.push(mk(id, 'IntervalBlock without IntervalReadings', ctx, b.node));
  const vi = m.valuesInterval;
  if (!vi) {
    out.push(mk(id, 'MeterReading without valuesInterval', ctx, m.node));
    return out;
  }
  const start = parseStamp(vi.start);
  const end = parseStamp(vi.end);
  if (!start || !end) {
    out.push(mk(id, `valuesInterval without a valid start and end (${vi.start ?? '-'} – ${vi.end ?? '-'})`, ctx, m.valuesIntervalNode));
    return out;
  }
  if (end.ms <= start.ms) {
    out.push(mk(id, `valuesInterval ends (${vi.end}) before it starts (${vi.start})`, ctx, m.valuesIntervalNode));
    return out;
  }
  // EUM-12: a timestamp marking the end of an interval lies in (start, end]; marking the start, in [start, end)
  let outside = 0;
  let firstOutside: string | undefined;
  for (const b of m.intervalBlocks) {
    for (const r of b.readings) {
      const t = parseStamp(r.timeStamp);
      if (!t) continue;
      const inside = ctx.stamp === 'end' ? t.ms > start.ms && t.ms <= end.ms : t.ms >= start.ms && t.ms < end.ms;
      if (!inside) {
        outside++;
        firstOutside ??= r.timeStamp;
      }
    }
  }
  if (outside) {
    out.push(mk(id, `${outside} timestamp(s) outside valuesInterval ${vi.start} – ${vi.end}, first ${firstOutside} (timestamps mark the ${ctx.stamp} of an interval)`, ctx, m.valuesIntervalNode, { 'EUM-12': ctx.stamp }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// the whole payload

/**
 * Check a MeterReadingSet root against what was asked. `visit` sees every block after its checks (for
 * checks across messages); nothing else of a MeterReading is kept once the next one is read.
 */
export function checkMeterReadingSet(root: XNode, expect: EumedExpectation, ctx: EumedCheckContext, visit?: BlockVisitor): Finding[] {
  const out: Finding[] = [];
  const s = ctx.settings;
  const ns = s.ns ?? root.ns;
  if (s.ns !== undefined && root.ns !== s.ns) {
    out.push(mk('EUMED-PAYLOAD', `payload root {${root.ns}}${root.name} is not in the EUMED namespace '${s.ns}'`, ctx, root, { 'EUM-01': s.ns }));
    return out;
  }
  if (root.name !== s.root) {
    out.push(mk('EUMED-PAYLOAD', `payload root is ${root.name}, not ${s.root}`, ctx, root, { 'EUM-02': s.root }));
    return out;
  }
  const nodes = meterReadingNodes(root, ns);
  if (nodes.length === 0) out.push(mk('EUMED-PAYLOAD', `${s.root} carries no MeterReading`, ctx, root, { 'EUM-04': s.children }));
  const asked = expect.usagePoints ? new Set(expect.usagePoints) : undefined;
  const answered = new Set<string>();
  for (const node of nodes) {
    const m = readMeterReading(node, ns);
    out.push(...checkMeterReadingShape(m, ctx));
    const ids = usagePointIds(m);
    if (asked) {
      const hit = ids.filter((x) => asked.has(x));
      hit.forEach((x) => answered.add(x));
      if (!hit.length) out.push(mk('EUMED-IDENTITY', `MeterReading for metering point ${ids.length ? ids.map((x) => `"${x}"`).join(' / ') : '(none)'}, which was not asked for (asked: ${[...asked].join(', ')})`, ctx, m.usagePoint?.node ?? m.node));
    }
    if (s.identifierCheck === 'ean-18') {
      for (const n of m.usagePoint?.names ?? []) {
        if (!ean18Valid(n.name)) out.push(mk('EUMED-IDENTITY', `metering-point identifier "${n.name}" is not an EAN-18 with a valid GS1 check digit`, ctx, m.usagePoint?.node, { 'EUM-11': 'ean-18' }));
      }
    }
    const period = expect.period ?? (expect.periodFromPayload ? ownPeriod(m) : undefined);
    for (const b of m.intervalBlocks) {
      out.push(...checkReadingType(b, expect.kind, ctx));
      const kind = classify(b.readingType) ?? expect.kind;
      const rctx: RuleContext = { ...ctx, label: `${ctx.label} (${ids[0] ?? 'metering point ?'}, ${kind ?? 'unclassified ReadingType'})` };
      // a block no ReadingType classifies (checkReadingType said so) has no kind-specific rules
      if (kind) out.push(...checkUnits(b, kind, rctx));
      out.push(...checkQuality(b, rctx, { carrier: s.quality, notCollected: kind === 'loadCurve' ? expect.notCollected : undefined }));
      if (kind === 'loadCurve') {
        out.push(...checkIntervalLength(b, rctx));
        if (period) out.push(...checkCoverage(b, period, rctx), ...checkDst(b, period, rctx));
        else out.push(...checkDst(b, { start: 0, end: 0 }, rctx));
      } else if (kind === 'maxPower') {
        if (period) out.push(...checkMaxPowerTime(b, period, rctx, s.maxPowerStamp));
      } else if (kind === 'index') {
        out.push(...checkIndexMonotonic(b, rctx));
      }
      visit?.(b, m, kind);
    }
  }
  if (asked) {
    for (const a of asked) if (!answered.has(a)) out.push(mk('EUMED-IDENTITY', `no MeterReading for metering point "${a}"`, ctx, root));
  }
  return out;
}

/**
 * EUM-07 lenient: schema findings about element order or unknown elements inside the EUMED payload become
 * warnings (the Annex L element order is not public); every other schema finding stays as it is.
 */
export function gradeSchemaFindings(findings: readonly Finding[], payloadPath: string | undefined, settings: EumedSettings): Finding[] {
  if (settings.strictness === 'strict' || !payloadPath) return [...findings];
  return findings.map((f) => {
    if (f.rule !== 'XSD' || f.severity !== 'error' || !f.xpath || !f.xpath.startsWith(payloadPath)) return f;
    if (!f.message.includes('This element is not expected')) return f;
    return { ...f, severity: 'warning', message: `${f.message} (EUMED element order and names are not public: a finding, not a failure)`, assumptions: { ...(f.assumptions ?? {}), 'EUM-07': 'lenient' } };
  });
}
