/**
 * The rules of the manual meter reading exchange with the MDM as SUT (MR-02, use-cases.md §3.2): the register reading
 * the field system (the suite) sent the MDM in created(MeterReadings), with a manual-read (x.4.131) or customer-read
 * (x.4.130) quality, comes back when the CIS (the suite) asks the MDM for it: same meter, ReadingType, timeStamp and
 * value (MR-MANUAL-STORED), the manual-read quality kept (MR-MANUAL-QUALITY, UC-10) and the `source` naming the entry
 * system kept (MR-MANUAL-SOURCE, CIM9-175). Also the payload helpers the billing inquiry shares (./billing-inquiry.ts):
 * the 18-part code of a Reading's ReadingType and the three-part codes of its qualities, refs resolved through the
 * payload's definitions. Pure: a payload and an expectation in, findings out.
 */
import type { Finding, Severity } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';
import { MR } from '../payloads/meterReadings.ts';
import { parseQualityCode, parseReadingType } from '../codes/index.ts';
import { parseDateTime } from './time.ts';

/** a Reading of a MeterReadings payload with its codes resolved */
export interface ResolvedReading {
  node: XNode;
  /** the meter mRID / names and usage point mRID / names of its MeterReading */
  subjects: string[];
  /** the 18-part code, undefined when the ref resolves to none (DOM-READINGTYPE of the message checks) */
  readingType?: string;
  /** the ref as written */
  readingTypeRef: string;
  value?: string;
  timeStamp?: string;
  reason?: string;
  source?: string;
  /** the three-part quality codes (refs that resolve to none left out) */
  qualities: string[];
}

function ids(n: XNode | undefined): string[] {
  if (!n) return [];
  return [childText(n, MR, 'mRID'), ...children(n, MR, 'Names').map((x) => childText(x, MR, 'name'))].filter((s): s is string => !!s);
}

/** the code a ref stands for: itself when it parses, else the code (mRID or a name) of the definition it names */
function resolve(root: XNode, element: string, ref: string, parses: (s: string) => boolean): string | undefined {
  const r = ref.trim();
  if (parses(r)) return r;
  for (const d of children(root, MR, element)) {
    const keys = ids(d);
    if (keys.includes(r)) return keys.find(parses);
  }
  return undefined;
}

const isReadingType = (s: string) => parseReadingType(s).ok;
const isQuality = (s: string) => parseQualityCode(s).ok;

/** every Reading (register / single reading) of a MeterReadings payload, codes resolved */
export function resolvedReadings(root: XNode): ResolvedReading[] {
  return children(root, MR, 'MeterReading').flatMap((mr) => {
    const subjects = [...ids(child(mr, MR, 'Meter')), ...ids(child(mr, MR, 'UsagePoint'))];
    return children(mr, MR, 'Readings').map((r) => {
      const ref = child(r, MR, 'ReadingType')?.attrs['ref'] ?? '';
      const qualities = children(r, MR, 'ReadingQualities').flatMap((q) => {
        const qref = child(q, MR, 'ReadingQualityType')?.attrs['ref'];
        const code = qref ? resolve(root, 'ReadingQualityType', qref, isQuality) : undefined;
        return code ? [code] : [];
      });
      return {
        node: r,
        subjects,
        readingTypeRef: ref,
        readingType: ref ? resolve(root, 'ReadingType', ref, isReadingType) : undefined,
        value: childText(r, MR, 'value'),
        timeStamp: childText(r, MR, 'timeStamp'),
        reason: childText(r, MR, 'reason'),
        source: childText(r, MR, 'source'),
        qualities,
      };
    });
  });
}

/** two reading values are the same number (an MDM may write 1234.5 as 1234.500) */
export function sameValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.trim() === b.trim()) return true;
  const x = Number(a.trim());
  const y = Number(b.trim());
  return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

export interface ManualReadExpectation {
  /** the meter's mRID and its usage point: a MeterReading naming either is the meter's */
  subjects: string[];
  readingType: string;
  value: string;
  timeStamp: string;
  /** the quality code sent: x.4.131 (manual read) or x.4.130 (customer read) */
  quality: string;
  source: string;
  /** UC-10: how a returned reading without the quality is judged (undefined: not checked) */
  qualitySeverity?: Severity;
  qualityText: string;
  /** CIM9-175: how a returned reading whose source differs is judged (undefined: not checked) */
  sourceSeverity?: Severity;
  sourceText: string;
}

function at(ctx: CheckContext, id: string, message: string, node: XNode | undefined, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(id, `${ctx.label}: ${message}`, { file: ctx.label, line: node?.line, xpath: node?.path, ...extra });
}

/**
 * The answer to the CIS's get(MeterReadings) after the manual read: a Reading of the meter, of the ReadingType sent,
 * at the timeStamp sent (the same instant) with the value sent (MR-MANUAL-STORED); it keeps a quality of the same
 * category and index (x.4.131 / x.4.130, any system id: MR-MANUAL-QUALITY, UC-10) and the source (MR-MANUAL-SOURCE,
 * CIM9-175).
 */
export function checkManualReadKept(root: XNode, exp: ManualReadExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const sentAt = parseDateTime(exp.timeStamp)?.ms;
  const mine = resolvedReadings(root).filter((r) => r.subjects.some((s) => exp.subjects.includes(s)) && r.readingType === exp.readingType);
  const atTime = mine.filter((r) => sentAt !== undefined && parseDateTime(r.timeStamp)?.ms === sentAt);
  const what = `the ${exp.quality.endsWith('.130') ? 'customer' : 'manual'} read of meter ${exp.subjects[0]} (${exp.readingType} = ${exp.value} at ${exp.timeStamp}) the MDM acknowledged`;
  if (atTime.length === 0) {
    const seen = mine.map((r) => `${r.value ?? '(no value)'} at ${r.timeStamp ?? '(no timeStamp)'}`);
    out.push(at(ctx, 'MR-MANUAL-STORED', `${what} is not returned: ${seen.length ? `the readings of that meter and ReadingType are ${seen.join(', ')}` : 'no reading of that meter and ReadingType'}`, root, { expected: `${exp.value} at ${exp.timeStamp} (${exp.readingType})`, actual: seen.length ? seen.join(', ') : 'no reading of that meter and ReadingType' }));
    return out;
  }
  const kept = atTime.find((r) => sameValue(r.value, exp.value));
  if (!kept) {
    out.push(at(ctx, 'MR-MANUAL-STORED', `${what} comes back with value ${atTime.map((r) => r.value ?? '(none)').join(', ')} instead of ${exp.value}`, atTime[0]!.node, { expected: `value ${exp.value}`, actual: `value ${atTime.map((r) => r.value ?? '(none)').join(', ')}` }));
    return out;
  }
  const sent = parseQualityCode(exp.quality);
  const sentQ = sent.ok ? sent.value : undefined;
  if (exp.qualitySeverity && sentQ) {
    const has = kept.qualities.some((q) => {
      const p = parseQualityCode(q);
      return p.ok && p.value.category === sentQ.category && p.value.index === sentQ.index;
    });
    if (!has) {
      const shown = kept.qualities.length ? kept.qualities.join(', ') : 'none';
      out.push(at(ctx, 'MR-MANUAL-QUALITY', `${what} comes back without its quality x.${sentQ.category}.${sentQ.index} (sent ${exp.quality}; qualities returned: ${shown})`, kept.node, { severity: exp.qualitySeverity, expected: `a quality x.${sentQ.category}.${sentQ.index} (sent ${exp.quality})`, actual: `qualities ${shown}`, assumptions: { 'UC-10': exp.qualityText } }));
    }
  }
  if (exp.sourceSeverity && kept.source?.trim() !== exp.source) {
    out.push(at(ctx, 'MR-MANUAL-SOURCE', `${what} comes back with source ${kept.source === undefined ? '(none)' : `"${kept.source}"`} instead of "${exp.source}", the entry system`, kept.node, { severity: exp.sourceSeverity, expected: `source "${exp.source}"`, actual: kept.source === undefined ? 'no source' : `source "${kept.source}"`, assumptions: { 'CIM9-175': exp.sourceText } }));
  }
  return out;
}

/** what a CIS holds of one meter, as its upper tester reports it (cis-report-readings; src/checks/client-requests.ts ClientReport) */
export interface HeldReading {
  status: 'read' | 'failed' | 'none';
  value?: string;
  code?: string;
  timeStamp?: string;
  qualities?: string[];
}

/**
 * The manual (customer) read the MDM (the suite) published to the CIS, against what the CIS holds of the meter (MR-02
 * with the CIS as SUT): held as read with the value published and, when the report gives a timeStamp, the same instant
 * (MR-CLIENT-MANUAL); the qualities reported include one of the category and index published (x.4.131 / x.4.130, any
 * system id; no qualities reported counts as dropped: MR-CLIENT-MANUAL-QUALITY, UC-10 severity, undefined: not checked).
 */
export function checkManualReadHeld(held: HeldReading | undefined, exp: Omit<ManualReadExpectation, 'subjects' | 'source' | 'sourceSeverity' | 'sourceText'> & { meter: string }, label: string): Finding[] {
  const f = (id: string, message: string, extra: Partial<Finding> = {}): Finding => ruleFinding(id, `${label}: ${message}`, { file: label, ...extra });
  const what = `the ${exp.quality.endsWith('.130') ? 'customer' : 'manual'} read of meter ${exp.meter} (${exp.value} at ${exp.timeStamp}) the CIS acknowledged`;
  const h = held ?? { status: 'none' as const };
  if (h.status !== 'read') return [f('MR-CLIENT-MANUAL', `${what} is not held: the CIS holds ${h.status === 'failed' ? `the meter as failed${h.code ? ` (${h.code})` : ''}` : 'nothing'} for the meter`, { expected: `meter ${exp.meter} held as read, value ${exp.value}`, actual: h.status === 'failed' ? `held as failed${h.code ? ` (${h.code})` : ''}` : 'nothing held' })];
  const out: Finding[] = [];
  if (!sameValue(h.value, exp.value)) out.push(f('MR-CLIENT-MANUAL', `${what} is held with value ${h.value ?? '(none)'} instead of ${exp.value}`, { expected: `value ${exp.value}`, actual: h.value === undefined ? 'no value' : `value ${h.value}` }));
  if (h.timeStamp !== undefined) {
    const heldAt = parseDateTime(h.timeStamp)?.ms;
    if (heldAt === undefined || heldAt !== parseDateTime(exp.timeStamp)?.ms) out.push(f('MR-CLIENT-MANUAL', `${what} is held at ${h.timeStamp}, not at the time of the read`, { expected: `timeStamp ${exp.timeStamp}`, actual: `timeStamp ${h.timeStamp}` }));
  }
  const sent = parseQualityCode(exp.quality);
  if (exp.qualitySeverity && sent.ok) {
    const qs = h.qualities ?? [];
    const has = qs.some((q) => {
      const p = parseQualityCode(q.trim());
      return p.ok && p.value.category === sent.value.category && p.value.index === sent.value.index;
    });
    if (!has) out.push(f('MR-CLIENT-MANUAL-QUALITY', `${what} is held ${qs.length ? `with the qualities ${qs.join(', ')}` : 'without a quality'}, not the ${exp.quality.endsWith('.130') ? 'customer-read' : 'manual-read'} quality ${exp.quality} (any system id)`, { severity: exp.qualitySeverity, assumptions: { 'UC-10': exp.qualityText }, expected: `a quality x.${sent.value.category}.${sent.value.index} (any system id; published ${exp.quality})`, actual: qs.length ? `qualities ${qs.join(', ')}` : 'no quality' }));
  }
  return out;
}
