/**
 * The rules of the billing inquiry with the MDM as SUT (MR-05, use-cases.md §3.5): the CIS (the suite) asks the MDM
 * get(MeterReadings) for billing determinants with a reason (billing or inquiry); every ReadingType of the answer
 * decodes to a billing quantity (MR-BILLING-TYPE, CIM9-177) and every Reading echoes the request's reason
 * (MR-BILLING-REASON, CIM9-176). Pure: a payload and an expectation in, findings out.
 */
import type { Finding, Severity } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { child, children, type XNode } from '../xml/index.ts';
import { MR } from '../payloads/meterReadings.ts';
import { describeReadingType, parseReadingType } from '../codes/index.ts';
import { resolvedReadings } from './manual-reads.ts';
import { severityOf } from './assume.ts';

/** measurementKind (field 7) of quantities a tariff bills: 8 demand, 12 energy, 37 power, 58 volume (codes.md §5.8) */
const BILLED_KINDS = new Set([8, 12, 37, 58]);
/** accumulation (field 4) of a register: 1 bulkQuantity, 2 continuousCumulative, 3 cumulative, 9 summation, 13 latchingQuantity */
const REGISTER_ACCUMULATIONS = new Set([1, 2, 3, 9, 13]);
const MAXIMUM = 8;

export type BillingTypes = 'billing-quantity' | 'decodable' | 'off';

/**
 * CIM9-177 `billing-quantity`: a ReadingType a bill is made of — a billed measurementKind (demand, energy, power,
 * volume) that is either over a period of interest (macroPeriod ≠ 0: billing period, daily, monthly …), a register
 * (measuringPeriod 0 with a register accumulation) or a maximum (aggregate 8, maximum demand). A load-profile interval
 * (macroPeriod 0, measuringPeriod ≠ 0, no maximum) or an instantaneous voltage is not one.
 */
export function isBillingQuantity(code: string): boolean {
  const p = parseReadingType(code);
  if (!p.ok) return false;
  const f = p.value.fields;
  if (!BILLED_KINDS.has(f.measurementKind)) return false;
  return f.macroPeriod !== 0 || f.aggregate === MAXIMUM || (f.measuringPeriod === 0 && REGISTER_ACCUMULATIONS.has(f.accumulation));
}

export interface BillingExpectation {
  /** CIM9-177 */
  types: BillingTypes;
  /** the reason the request gave (undefined: none, nothing to echo) */
  reason?: string;
  /** CIM9-176: how a Reading that does not echo the reason is judged (undefined: not checked) */
  reasonSeverity?: Severity;
  reasonText: string;
}

function at(ctx: CheckContext, id: string, message: string, node: XNode | undefined, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(id, `${ctx.label}: ${message}`, { file: ctx.label, line: node?.line, xpath: node?.path, ...extra });
}

/**
 * The answer to a billing inquiry: each Reading's and IntervalBlock's ReadingType is a billing quantity
 * (MR-BILLING-TYPE) and each Reading's reason is the request's (MR-BILLING-REASON). An answer without any Reading is
 * DOM-EXPECTED: a billing inquiry answered with nothing has nothing to judge.
 */
export function checkBillingAnswer(root: XNode, exp: BillingExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const readings = resolvedReadings(root);
  if (readings.length === 0) {
    out.push(at(ctx, 'DOM-EXPECTED', 'the answer to the billing inquiry carries no Reading (billing determinants are register or billing-period Readings)', root, { expected: 'at least one Reading (a billing determinant)', actual: 'no Reading' }));
    return out;
  }
  const typeAssumption = { 'CIM9-177': exp.types };
  if (exp.types !== 'off') {
    const blocks = children(root, MR, 'MeterReading').flatMap((mr) => children(mr, MR, 'IntervalBlocks')).map((b) => {
      const ref = child(b, MR, 'ReadingType')?.attrs['ref'] ?? '';
      return { node: b, ref, code: parseReadingType(ref).ok ? ref : undefined };
    });
    const judged = [...readings.map((r) => ({ node: r.node, ref: r.readingTypeRef, code: r.readingType, what: 'Reading' })), ...blocks.map((b) => ({ ...b, what: 'IntervalBlock' }))];
    for (const j of judged) {
      if (!j.code) {
        out.push(at(ctx, 'MR-BILLING-TYPE', `${j.what} of ReadingType "${j.ref}", which does not decode to an 18-part ReadingType code, so not to a billing quantity`, j.node, { expected: 'an 18-part ReadingType code of a billing quantity', actual: `ReadingType "${j.ref}"`, assumptions: typeAssumption }));
      } else if (exp.types === 'billing-quantity' && !isBillingQuantity(j.code)) {
        out.push(at(ctx, 'MR-BILLING-TYPE', `${j.what} of ReadingType ${j.code} (${describeReadingType(j.code)}) is not a billing quantity: neither a register, a billing-period (macroPeriod) value nor a maximum demand of energy, demand, power or volume`, j.node, { expected: 'a billing quantity: a register, a billing-period (macroPeriod) value or a maximum demand of energy, demand, power or volume', actual: `ReadingType ${j.code} (${describeReadingType(j.code)})`, assumptions: typeAssumption }));
      }
    }
  }
  if (exp.reason !== undefined && exp.reasonSeverity) {
    const wrong = readings.filter((r) => r.reason?.trim() !== exp.reason);
    for (const r of wrong) {
      out.push(at(ctx, 'MR-BILLING-REASON', `Reading of ReadingType ${r.readingType ?? r.readingTypeRef} has reason ${r.reason === undefined ? '(none)' : `"${r.reason}"`}, not the request's "${exp.reason}"`, r.node, { severity: exp.reasonSeverity, expected: `reason "${exp.reason}"`, actual: r.reason === undefined ? 'no reason' : `reason "${r.reason}"`, assumptions: { 'CIM9-176': exp.reasonText } }));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the CIS as SUT (MR-05.C1 / .C2)

/** what a CIS was told to ask for in its billing inquiry (cis-billing-request) */
export interface ClientBillingOrder {
  /** "the CIS" */
  who: string;
  /** the billing determinants it was told to ask for */
  readingTypes: readonly string[];
  /** the reason it was told to give */
  reason: string;
}

/**
 * MR-CLIENT-BILLING: the billing inquiry a CIS sends (get(MeterReadings)) asks for ReadingTypes that each decode to a
 * billing quantity (CIM9-177, `types`) and gives Reading/reason, the one it was told (CIM9-223, `reasonMode`: required →
 * a failure, warning, off). Which meters and that the ReadingTypes are exactly the ones ordered is DOM-CLIENT-REQUEST's.
 * A request that carries no GetMeterReadings query has nothing to judge: a DOM-CLIENT-REQUEST finding, never a pass.
 */
export function checkClientBillingRequest(
  query: { readingTypes?: string[]; reason?: string } | undefined,
  order: ClientBillingOrder,
  modes: { types: BillingTypes; reason: string },
  ctx: Pick<CheckContext, 'label'>,
  messageId?: string,
): Finding[] {
  const f = (id: string, message: string, extra: Partial<Finding> = {}): Finding => ruleFinding(id, `${ctx.label}: ${message}`, { file: ctx.label, ...(messageId ? { messageId } : {}), ...extra });
  if (!query) return [f('DOM-CLIENT-REQUEST', 'no GetMeterReadings query in Request: the billing inquiry asks for nothing', { expected: 'a GetMeterReadings query', actual: 'no query' })];
  const out: Finding[] = [];
  const rts = query.readingTypes ?? [];
  if (!rts.length) out.push(f('MR-CLIENT-BILLING', `the billing inquiry names no ReadingType: it does not say which billing determinants ${order.who} asks for`, { expected: `ReadingTypes ${order.readingTypes.join(', ')}`, actual: 'none' }));
  if (modes.types !== 'off') {
    const assumptions = { 'CIM9-177': modes.types };
    for (const rt of rts) {
      const p = parseReadingType(rt);
      if (!p.ok) out.push(f('MR-CLIENT-BILLING', `asks for ReadingType "${rt}", which does not decode to an 18-part ReadingType code, so not to a billing quantity`, { assumptions, expected: 'billing quantities', actual: `ReadingType "${rt}"` }));
      else if (modes.types === 'billing-quantity' && !isBillingQuantity(rt)) out.push(f('MR-CLIENT-BILLING', `asks for ReadingType ${rt} (${describeReadingType(rt)}), which is not a billing quantity: neither a register, a billing-period (macroPeriod) value nor a maximum demand of energy, demand, power or volume`, { assumptions, expected: 'billing quantities', actual: `ReadingType ${rt}` }));
    }
  }
  const severity = modes.reason === 'required' ? 'error' : severityOf(modes.reason, 'warning');
  if (severity) {
    const reason = query.reason?.trim();
    const assumptions = { 'CIM9-223': modes.reason };
    if (!reason) out.push(f('MR-CLIENT-BILLING', `the billing inquiry gives no Reading/reason; ${order.who} was told to ask with reason "${order.reason}"`, { severity, assumptions, expected: `Reading/reason "${order.reason}"`, actual: 'no reason' }));
    else if (reason !== order.reason) out.push(f('MR-CLIENT-BILLING', `the billing inquiry gives Reading/reason "${reason}", not the "${order.reason}" ${order.who} was told to give`, { severity, assumptions, expected: `Reading/reason "${order.reason}"`, actual: `Reading/reason "${reason}"` }));
  }
  return out;
}

/**
 * DOM-CLIENT-OUTCOME for a billing inquiry: the CIS holds, for the meter, every billing determinant the answer gave
 * (by its ReadingType, in the report's `readings`) with the value the answer gave, and none the answer did not give.
 */
export function checkClientBillingHeld(
  held: { status: string; readings?: readonly { readingType: string; value: string }[] } | undefined,
  given: readonly { readingType: string; value: string }[],
  meter: string,
  who: string,
  ctx: Pick<CheckContext, 'label'>,
): Finding[] {
  if (!given.length) throw new Error('checkClientBillingHeld: the answer gave no determinant');
  const f = (message: string, expected: string, actual: string): Finding => ruleFinding('DOM-CLIENT-OUTCOME', `${ctx.label}: ${message}`, { file: ctx.label, expected, actual });
  const kept = held?.status === 'read' ? (held.readings ?? []) : [];
  const want = given.map((g) => `${g.readingType} = ${g.value}`).join('; ');
  if (!kept.length) return [f(`${who} holds no billing determinant of meter ${meter} (${held?.status ?? 'none'}), whose ${given.length} determinant(s) the answer gave`, want, held?.status ?? 'none')];
  const out: Finding[] = [];
  const missing = given.filter((g) => !kept.some((k) => k.readingType === g.readingType));
  const changed = given.flatMap((g) => {
    const k = kept.find((x) => x.readingType === g.readingType);
    return k && !(k.value.trim() !== '' && Number(k.value) === Number(g.value)) ? [`${g.readingType}: holds ${k.value}, the answer gave ${g.value}`] : [];
  });
  const extra = kept.filter((k) => !given.some((g) => g.readingType === k.readingType));
  const actual = kept.map((k) => `${k.readingType} = ${k.value}`).join('; ');
  if (missing.length) out.push(f(`${who} holds ${kept.length} of the ${given.length} billing determinants of meter ${meter} the answer gave; missing ${missing.map((m) => m.readingType).join(', ')}`, want, actual));
  if (changed.length) out.push(f(`${who} holds other values than the answer gave for meter ${meter}: ${changed.join('; ')}`, want, actual));
  if (extra.length) out.push(f(`${who} holds billing determinant(s) ${extra.map((e) => e.readingType).join(', ')} of meter ${meter} that the answer did not give`, want, actual));
  return out;
}
