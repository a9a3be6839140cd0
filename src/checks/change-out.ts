/**
 * The rules of a meter change-out at the MDM as SUT (EDC-05 change of customer program with meter change-out, MSR-04
 * meter changed out for recalibration; use-cases.md §4.5, §5.4): after work management told the MDM the new meter,
 * the end of the old meter's link to the usage point and the new link, and the head-end told it the removal /
 * installation events and the final / initial reads, what the MDM kept:
 *   CHANGEOUT-LINK        the usage point is linked to the new meter and no longer to the old one (GetMeterConfig by
 *                         UsagePoint);
 *   CHANGEOUT-READS       the final read is returned for the old meter, the initial read for the new one, and neither
 *                         as a read of the other meter;
 *   CHANGEOUT-READ-REASON each keeps its Reading.reason, removal / installation (CIM9-189: a warning by default);
 *   CHANGEOUT-ASSET-STATUS (MSR-04) the old meter's MeterConfig status the work management sent comes back (CIM9-190: a
 *                         warning by default).
 * Pure: payloads and expectations in, findings out.
 */
import type { Finding, Severity } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { child, childText, type XNode } from '../xml/index.ts';
import { objectIds } from '../payloads/masterdata/common.ts';
import { resolvedReadings, sameValue, type ResolvedReading } from './manual-reads.ts';
import { parseDateTime } from './time.ts';

function at(ctx: CheckContext, id: string, message: string, node: XNode | undefined, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(id, `${ctx.label}: ${message}`, { file: ctx.label, line: node?.line, xpath: node?.path, ...extra });
}

export interface ChangeOutMeters {
  usagePoint: string;
  oldMeter: string;
  newMeter: string;
}

/**
 * CHANGEOUT-LINK: the meters the MDM answers for the usage point (the Meter objects of GetMeterConfig filtered by
 * UsagePoint, each known by its mRID or names) hold the new meter and not the old one
 */
export function checkChangeOutLink(meters: readonly XNode[], exp: ChangeOutMeters, ctx: CheckContext, root?: XNode): Finding[] {
  const out: Finding[] = [];
  const ids = meters.map((m) => objectIds(m));
  const shown = ids.length ? ids.map((i) => i[0] ?? '(no mRID or name)').join(', ') : 'no meter';
  if (!ids.some((i) => i.includes(exp.newMeter))) {
    out.push(at(ctx, 'CHANGEOUT-LINK', `after the change-out the usage point ${exp.usagePoint} is not linked to the new meter ${exp.newMeter}: the MDM answers ${shown} for it`, root, { expected: `meter ${exp.newMeter} at usage point ${exp.usagePoint}`, actual: shown }));
  }
  const old = meters.find((m) => objectIds(m).includes(exp.oldMeter));
  if (old) {
    out.push(at(ctx, 'CHANGEOUT-LINK', `after the change-out the usage point ${exp.usagePoint} is still linked to the old meter ${exp.oldMeter} (the MDM answers ${shown} for it): the link the work management ended is left open`, old, { expected: `meter ${exp.newMeter} only, not the old meter ${exp.oldMeter}`, actual: shown }));
  }
  return out;
}

export interface ChangeOutRead {
  /** final: the old meter's read at its removal; initial: the new meter's at its installation */
  kind: 'final' | 'initial';
  meter: string;
  readingType: string;
  value: string;
  timeStamp: string;
  /** Reading.reason sent: removal / installation */
  reason: string;
}

export interface ChangeOutReadsExpectation extends ChangeOutMeters {
  final: ChangeOutRead;
  initial: ChangeOutRead;
  /** CIM9-189: how a returned read without its reason is judged (undefined: not checked) */
  reasonSeverity?: Severity;
  reasonText: string;
}

/** the MDM's answer to get(MeterReadings) of one meter of the change-out */
export interface MeterAnswer {
  meter: string;
  root: XNode;
  label: string;
}

/**
 * a reading of an answer is the asked meter's when its MeterReading names that meter, or names neither meter of the
 * change-out (the usage point only: the answer is to a question about that meter)
 */
function readingsOf(a: MeterAnswer, exp: ChangeOutMeters): ResolvedReading[] {
  return resolvedReadings(a.root).filter((r) => r.subjects.includes(a.meter) || (!r.subjects.includes(exp.oldMeter) && !r.subjects.includes(exp.newMeter)));
}

function isRead(r: ResolvedReading, read: ChangeOutRead): boolean {
  const t = parseDateTime(read.timeStamp)?.ms;
  return r.readingType === read.readingType && t !== undefined && parseDateTime(r.timeStamp)?.ms === t && sameValue(r.value, read.value);
}

/**
 * CHANGEOUT-READS: the final read (value and instant) is among the old meter's readings and not among the new meter's;
 * the initial read among the new meter's and not among the old meter's. CHANGEOUT-READ-REASON (CIM9-189): each keeps
 * its reason.
 */
export function checkChangeOutReads(answers: readonly MeterAnswer[], exp: ChangeOutReadsExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const answerOf = (meter: string) => answers.find((a) => a.meter === meter);
  for (const read of [exp.final, exp.initial]) {
    const other = read.meter === exp.oldMeter ? exp.newMeter : exp.oldMeter;
    const what = `the ${read.kind} read of the ${read.meter === exp.oldMeter ? 'old' : 'new'} meter ${read.meter} (${read.readingType} = ${read.value} at ${read.timeStamp}, reason ${read.reason})`;
    const mine = answerOf(read.meter);
    const wrong = answerOf(other);
    if (!mine) {
      out.push(at(ctx, 'CHANGEOUT-READS', `${what}: the MDM was not asked for the readings of meter ${read.meter}`, undefined, { expected: `an answer to get(MeterReadings) of meter ${read.meter}`, actual: `answers for ${answers.map((a) => a.meter).join(', ') || 'no meter'}` }));
      continue;
    }
    const c = { ...ctx, label: mine.label };
    const own = readingsOf(mine, exp);
    const found = own.find((r) => isRead(r, read));
    if (!found) {
      const seen = own.filter((r) => r.readingType === read.readingType).map((r) => `${r.value ?? '(no value)'} at ${r.timeStamp ?? '(no timeStamp)'}`);
      out.push(at(c, 'CHANGEOUT-READS', `${what} is not returned for that meter: ${seen.length ? `its readings of that ReadingType are ${seen.join(', ')}` : 'no reading of that ReadingType'}`, mine.root, { expected: `${read.value} at ${read.timeStamp} (${read.readingType})`, actual: seen.length ? seen.join(', ') : 'no reading of that ReadingType' }));
    } else if (exp.reasonSeverity && found.reason?.trim() !== read.reason) {
      out.push(at(c, 'CHANGEOUT-READ-REASON', `${what} comes back with reason ${found.reason === undefined ? '(none)' : `"${found.reason}"`} instead of "${read.reason}"`, found.node, { severity: exp.reasonSeverity, expected: `reason "${read.reason}"`, actual: found.reason === undefined ? 'no reason' : `reason "${found.reason}"`, assumptions: { 'CIM9-189': exp.reasonText } }));
    }
    const misattributed = wrong ? readingsOf(wrong, exp).find((r) => isRead(r, read)) : undefined;
    if (wrong && misattributed) {
      out.push(at({ ...ctx, label: wrong.label }, 'CHANGEOUT-READS', `${what} is returned as a reading of the ${other === exp.newMeter ? 'new' : 'old'} meter ${other}`, misattributed.node, { expected: `the ${read.kind} read under meter ${read.meter} only`, actual: `also under meter ${other}` }));
    }
  }
  return out;
}

export interface AssetStatusExpectation {
  meter: string;
  /** Status.value the work management sent in change(MeterConfig) */
  value: string;
  severity: Severity;
  text: string;
}

/**
 * CHANGEOUT-ASSET-STATUS (MSR-04, CIM9-190): the Meter objects the MDM answers for the old meter hold it, with the
 * status value the work management sent
 */
export function checkAssetStatus(meters: readonly XNode[], exp: AssetStatusExpectation, ctx: CheckContext, root?: XNode): Finding[] {
  const extra = { severity: exp.severity, assumptions: { 'CIM9-190': exp.text } };
  const m = meters.find((n) => objectIds(n).includes(exp.meter));
  if (!m) return [at(ctx, 'CHANGEOUT-ASSET-STATUS', `the old meter ${exp.meter} is not returned: its status "${exp.value}" cannot be seen`, root, extra)];
  const status = child(m, m.ns, 'status');
  const value = childText(status, m.ns, 'value');
  if (value?.trim() === exp.value) return [];
  return [at(ctx, 'CHANGEOUT-ASSET-STATUS', `the old meter ${exp.meter} comes back with status ${value === undefined ? '(none)' : `"${value}"`} instead of "${exp.value}", the status the work management sent when it was removed for recalibration`, status ?? m, extra)];
}
