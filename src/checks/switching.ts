/**
 * Customer switching (CS-01, use-cases.md §7.1, 2013 fig. 43): pure checks of what the MDM does after the new
 * supplier / CIS told it of a switch.
 * - the switching read request to the head-end: get(MeterReadings) naming the meter of the usage point (or the usage
 *   point) (SWITCH-READ), with a Reading/reason of CIM9-199 (moveIn, moveOut), its severity per CIM9-200 (SWITCH-REASON);
 * - the publication to the suppliers: created(MeterReadings) naming the meter (SWITCH-PUBLISHED), carrying the value the
 *   head-end returned of the same ReadingType, unchanged (SWITCH-VALUE).
 */
import { ruleFinding } from './catalogue.ts';
import type { Finding, Severity } from './finding.ts';
import type { GetMeterReadingsValue, MeterReadingsValue } from '../payloads/meterReadings.ts';
import type { HeldReading } from './manual-reads.ts';
import { parseDateTime } from './time.ts';
import type { XNode } from '../xml/index.ts';
import { readUsagePointSuppliers } from '../payloads/masterdata/usagePointConfig.ts';
import { readMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';

export interface SwitchSubject {
  meter: string;
  usagePoint?: string;
}

/** CIM9-200: how severe a missing reason and another reason are (undefined: not checked) */
export function reasonSeverities(cim9200: string): { absent?: Severity; other?: Severity } {
  if (cim9200 === 'off') return {};
  if (cim9200 === 'strict') return { absent: 'error', other: 'error' };
  if (cim9200 === 'lenient') return { absent: 'warning', other: 'warning' };
  return { absent: 'error', other: 'warning' };
}

/**
 * The switching read request the MDM sent its head-end: its verb and noun, and its query as read (undefined: no
 * GetMeterReadings query). `undefined` request: none came within `within` seconds.
 */
export function checkSwitchingRead(
  req: { verb?: string; noun?: string; query?: GetMeterReadingsValue } | undefined,
  subject: SwitchSubject,
  o: { reasons: readonly string[]; cim9200: string; label: string; within?: number },
): Finding[] {
  const as = { 'CIM9-199': o.reasons.join(', '), 'CIM9-200': o.cim9200 };
  if (!req) {
    return [ruleFinding('SWITCH-READ', `${o.label}: the MDM sent its head-end no switching read request for meter ${subject.meter}${o.within !== undefined ? ` within ${o.within} s (timeouts.eventSeconds)` : ''}`, { severity: 'error', file: o.label, assumptions: { 'CIM9-198': 'usage-point-supplier' }, expected: `get(MeterReadings) of meter ${subject.meter}`, actual: 'no request' })];
  }
  const out: Finding[] = [];
  if (req.verb !== 'get' || req.noun !== 'MeterReadings') {
    out.push(ruleFinding('SWITCH-READ', `${o.label}: ${req.verb ?? '?'}(${req.noun ?? '?'}) instead of get(MeterReadings)`, { severity: 'error', file: o.label, expected: 'get(MeterReadings)', actual: `${req.verb ?? '?'}(${req.noun ?? '?'})` }));
    return out;
  }
  if (!req.query) return [ruleFinding('SWITCH-READ', `${o.label}: no GetMeterReadings query in the request`, { severity: 'error', file: o.label, expected: 'a GetMeterReadings query', actual: 'none' })];
  const named = [...(req.query.endDevices ?? []), ...(req.query.usagePoints ?? [])];
  if (!named.includes(subject.meter) && !(subject.usagePoint && named.includes(subject.usagePoint))) {
    out.push(ruleFinding('SWITCH-READ', `${o.label}: names ${named.length ? named.join(', ') : '(nothing)'}, not the meter ${subject.meter}${subject.usagePoint ? ` or the usage point ${subject.usagePoint}` : ''} of the switch`, { severity: 'error', file: o.label, expected: `meter ${subject.meter}${subject.usagePoint ? ` or usage point ${subject.usagePoint}` : ''}`, actual: named.length ? named.join(', ') : '(nothing)' }));
  }
  const sev = reasonSeverities(o.cim9200);
  const reason = req.query.reason?.trim();
  if (!reason) {
    if (sev.absent) out.push(ruleFinding('SWITCH-REASON', `${o.label}: the switching read request carries no Reading/reason (expected one of ${o.reasons.join(', ')}, CIM9-199)`, { severity: sev.absent, file: o.label, assumptions: as, expected: `reason ${o.reasons.join(' or ')}`, actual: 'no reason' }));
  } else if (!o.reasons.includes(reason)) {
    if (sev.other) out.push(ruleFinding('SWITCH-REASON', `${o.label}: Reading/reason ${reason} is not a switching reason (expected one of ${o.reasons.join(', ')}, CIM9-199)`, { severity: sev.other, file: o.label, assumptions: as, expected: `reason ${o.reasons.join(' or ')}`, actual: `reason ${reason}` }));
  }
  return out;
}

/** what the head-end returned for the meter, per ReadingType */
export function headEndValues(payload: MeterReadingsValue | undefined, subject: SwitchSubject): Map<string, string> {
  const out = new Map<string, string>();
  for (const mr of payload?.meterReadings ?? []) {
    if (!names(mr, subject)) continue;
    for (const r of mr.readings ?? []) if (r.value !== undefined) out.set(r.readingType, r.value);
  }
  return out;
}

function names(mr: MeterReadingsValue['meterReadings'][number], s: SwitchSubject): boolean {
  return mr.meter?.mRID === s.meter || (mr.meter?.names ?? []).includes(s.meter) || (!mr.meter && !!s.usagePoint && mr.usagePoint?.mRID === s.usagePoint);
}

const sameValue = (a: string | undefined, b: string): boolean =>
  a !== undefined && a.trim() !== '' && (a.trim() === b.trim() || (Number.isFinite(Number(a)) && Number(a) === Number(b)));

/**
 * The switching read the MDM published: `published` the MeterReadings payloads received at the suppliers' address
 * (each with its label); `given` what the head-end returned for the meter (ReadingType → value, never empty: the
 * caller makes sure there was something to compare).
 */
export function checkSwitchingPublication(
  published: readonly { label: string; payload?: MeterReadingsValue }[],
  given: ReadonlyMap<string, string>,
  subject: SwitchSubject,
  o: { label: string; where: string; strays?: readonly string[] },
): Finding[] {
  if (given.size === 0) throw new Error('checkSwitchingPublication: the head-end returned no value to compare');
  const about = published.flatMap((p) => (p.payload?.meterReadings ?? []).filter((mr) => names(mr, subject)).map((mr) => ({ label: p.label, mr })));
  if (!about.length) {
    const also = o.strays?.length ? `; arrived there instead: ${o.strays.join('; ')}` : published.length ? `; received ${published.map((p) => p.label).join(', ')} naming other meters` : '';
    return [ruleFinding('SWITCH-PUBLISHED', `${o.label}: no created(MeterReadings) naming meter ${subject.meter} reached ${o.where}${also}`, { severity: 'error', file: o.label, assumptions: { 'CIM9-198': 'usage-point-supplier' }, expected: `created(MeterReadings) naming meter ${subject.meter} at ${o.where}`, actual: o.strays?.length ? o.strays.join('; ') : published.length ? `${published.length} naming other meters` : 'nothing' })];
  }
  const out: Finding[] = [];
  for (const [rt, v] of given) {
    const readings = about.flatMap((a) => (a.mr.readings ?? []).filter((r) => r.readingType === rt).map((r) => ({ label: a.label, value: r.value })));
    if (!readings.length) {
      out.push(ruleFinding('SWITCH-VALUE', `${o.label}: the published switching read of meter ${subject.meter} has no reading of ReadingType ${rt}; the head-end returned ${v}`, { severity: 'error', file: o.label, expected: `ReadingType ${rt}: ${v} (the head-end's value)`, actual: 'no reading of it' }));
      continue;
    }
    for (const r of readings) {
      if (!sameValue(r.value, v)) out.push(ruleFinding('SWITCH-VALUE', `${r.label}: meter ${subject.meter}, ReadingType ${rt}: published value ${r.value ?? '(none)'}, the head-end returned ${v}`, { severity: 'error', file: r.label, expected: `${v} (the head-end's value)`, actual: r.value ?? '(none)' }));
    }
  }
  return out;
}

/** CIM9-220: how severe no switching read at the old supplier is (undefined: not checked) */
export function oldSupplierSeverity(cim9220: string): Severity | undefined {
  if (cim9220 === 'off') return undefined;
  return cim9220 === 'required' ? 'error' : 'warning';
}

/**
 * The switching read at the old supplier (CIM9-220): created(MeterReadings) naming the meter with the head-end's value.
 * None is SWITCH-OLD-SUPPLIER of the severity CIM9-220 sets; one with another value is SWITCH-VALUE (always an error).
 * The caller does not call it under CIM9-220 = off.
 */
export function checkOldSupplierDelivery(
  published: readonly { label: string; payload?: MeterReadingsValue }[],
  given: ReadonlyMap<string, string>,
  subject: SwitchSubject,
  o: { label: string; where: string; cim9220: string; strays?: readonly string[] },
): Finding[] {
  const sev = oldSupplierSeverity(o.cim9220);
  if (!sev) throw new Error('checkOldSupplierDelivery: CIM9-220 = off, nothing to check');
  const about = published.some((p) => (p.payload?.meterReadings ?? []).some((mr) => names(mr, subject)));
  if (!about) {
    const also = o.strays?.length ? `; arrived there instead: ${o.strays.join('; ')}` : published.length ? `; received ${published.map((p) => p.label).join(', ')} naming other meters` : '';
    return [ruleFinding('SWITCH-OLD-SUPPLIER', `${o.label}: no created(MeterReadings) naming meter ${subject.meter} reached the old supplier at ${o.where}${also}`, { severity: sev, file: o.label, assumptions: { 'CIM9-220': o.cim9220 }, expected: `created(MeterReadings) naming meter ${subject.meter} at ${o.where}`, actual: o.strays?.length ? o.strays.join('; ') : published.length ? `${published.length} naming other meters` : 'nothing' })];
  }
  return checkSwitchingPublication(published, given, subject, { label: o.label, where: o.where });
}

/** CIM9-221: how severe a read-back that disagrees is (undefined: reply-only, no read-back) */
export function linkageSeverity(cim9221: string): Severity | undefined {
  if (cim9221 === 'reply-only') return undefined;
  return cim9221 === 'read-back' ? 'error' : 'warning';
}

/** one read-back: the usage points GetUsagePointConfig filtered by a CustomerAccount listed (undefined: not answered OK) */
export interface AccountReadBack {
  account: string;
  /** the Result of the Get (or why there is none) */
  result: string;
  listed?: readonly string[];
}

/**
 * The customer account ↔ usage point linkage after the switch (SWITCH-LINKAGE, CIM9-221): read back with
 * GetUsagePointConfig filtered by the new account (must list the usage point) and by the old one (must not; an answer
 * other than OK counts as "not linked" once the new account's read-back worked).
 */
export function checkSwitchLinkage(readNew: AccountReadBack, readOld: AccountReadBack, usagePoint: string, o: { label: string; cim9221: string }): Finding[] {
  const sev = linkageSeverity(o.cim9221);
  if (!sev) throw new Error('checkSwitchLinkage: CIM9-221 = reply-only, no read-back to judge');
  const as = { 'CIM9-221': o.cim9221 };
  const f = (message: string, expected: string, actual: string) => ruleFinding('SWITCH-LINKAGE', `${o.label}: ${message}`, { severity: sev, file: o.label, assumptions: as, expected, actual });
  if (!readNew.listed) return [f(`GetUsagePointConfig of the new customer account ${readNew.account} was answered ${readNew.result}: the link of the switch cannot be read back`, 'Result OK', `Result ${readNew.result}`)];
  const out: Finding[] = [];
  if (!readNew.listed.includes(usagePoint)) out.push(f(`the new customer account ${readNew.account} is not linked to usage point ${usagePoint} after the switch (GetUsagePointConfig lists ${readNew.listed.length ? readNew.listed.join(', ') : 'no usage point'})`, `usage point ${usagePoint} listed`, readNew.listed.length ? readNew.listed.join(', ') : 'no usage point'));
  if (readOld.listed?.includes(usagePoint)) out.push(f(`the old customer account ${readOld.account} is still linked to usage point ${usagePoint} after the close at the switch time`, `usage point ${usagePoint} not listed`, readOld.listed.join(', ')));
  return out;
}

/** what the suite saw after a change of supplier the MDM refused: deliveries at the addresses it plays, and the read-back */
export interface RefusedSwitchAftermath {
  /** each delivery that arrived after the refusal: its label and the address it came to */
  after: readonly { label: string; where: string }[];
  /** GetUsagePointConfig of the usage point: its Result, and the ServiceSupplier each usage point shown names (OK only) */
  readBack: { label: string; result: string; suppliers?: readonly (string | undefined)[] };
}

/**
 * SWITCH-REFUSED: a change of supplier the MDM refused takes no effect — no request to the head-end, no publication to
 * the suppliers or to the master-data subscribers, and the usage point, read back, does not name the refused supplier.
 * A read-back not answered OK cannot show that: a finding too.
 */
export function checkRefusedSwitch(a: RefusedSwitchAftermath, supplier: string, usagePoint: string, assumptions: Record<string, string> = {}): Finding[] {
  const out = a.after.map((x) => ruleFinding('SWITCH-REFUSED', `${x.label} arrived at ${x.where} after the MDM refused the change of usage point ${usagePoint} to supplier ${supplier}`, { severity: 'error', file: x.label, assumptions, expected: 'nothing after the refusal', actual: `${x.label} at ${x.where}` }));
  const r = a.readBack;
  if (r.result !== 'OK' || !r.suppliers) out.push(ruleFinding('SWITCH-REFUSED', `${r.label}: Result ${r.result}: the usage point ${usagePoint} cannot be read back, so nothing shows the refused change did not take effect`, { severity: 'error', file: r.label, assumptions, expected: 'Result OK with the usage point', actual: `Result ${r.result}` }));
  else if (r.suppliers.includes(supplier)) out.push(ruleFinding('SWITCH-REFUSED', `${r.label}: usage point ${usagePoint} names the service supplier ${supplier} of the refused change`, { severity: 'error', file: r.label, assumptions, expected: `a service supplier other than ${supplier}`, actual: `service supplier ${supplier}` }));
  return out;
}

/** the switching read the MDM (the suite) published to the CIS as SUT (CS-01 step 3, created(MeterReadings)) */
export interface PublishedSwitchingRead {
  meter: string;
  value: string;
  timeStamp: string;
  reason: string;
}

/**
 * The switching read the MDM (the suite) published to the CIS, against what the CIS holds of the meter, as its upper
 * tester reports it (cis-report-readings): held as read with the value published and, when the report gives a
 * timeStamp, the same instant (SWITCH-CLIENT-READ).
 */
export function checkSwitchingReadHeld(held: HeldReading | undefined, exp: PublishedSwitchingRead, label: string): Finding[] {
  const what = `the switching read (${exp.reason}) of meter ${exp.meter} (${exp.value} at ${exp.timeStamp}) the CIS acknowledged`;
  const f = (message: string, expected: string, actual: string): Finding => ruleFinding('SWITCH-CLIENT-READ', `${label}: ${what} ${message}`, { file: label, expected, actual });
  const h = held ?? { status: 'none' as const };
  if (h.status !== 'read') return [f(`is not held: the CIS holds ${h.status === 'failed' ? `the meter as failed${h.code ? ` (${h.code})` : ''}` : 'nothing'} for the meter`, `meter ${exp.meter} held as read, value ${exp.value}`, h.status === 'failed' ? `held as failed${h.code ? ` (${h.code})` : ''}` : 'nothing held')];
  const out: Finding[] = [];
  if (!sameValue(h.value, exp.value)) out.push(f(`is held with value ${h.value ?? '(none)'}`, `value ${exp.value}`, h.value === undefined ? 'no value' : `value ${h.value}`));
  if (h.timeStamp !== undefined) {
    const heldAt = parseDateTime(h.timeStamp)?.ms;
    if (heldAt === undefined || heldAt !== parseDateTime(exp.timeStamp)?.ms) out.push(f(`is held at ${h.timeStamp}, not at the time of the read`, `timeStamp ${exp.timeStamp}`, `timeStamp ${h.timeStamp}`));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the CIS (new supplier) as SUT, CS-01 step 1

/** what the upper tester told the CIS of the switch (cis-supplier-switch) */
export interface OrderedSwitch {
  usagePoint: string;
  supplier: string;
  account: string;
  /** the switch time (ISO 8601) */
  at: string;
}

/** SWITCH-CLIENT-SUPPLIER: the CIS's change(UsagePointConfig) names the usage point, and it names the new ServiceSupplier; no other usage point */
export function checkClientSupplierChange(root: XNode | undefined, o: OrderedSwitch, label: string): Finding[] {
  const f = (message: string, expected: string, actual: string): Finding => ruleFinding('SWITCH-CLIENT-SUPPLIER', `${label}: ${message}`, { file: label, expected, actual });
  const want = `usage point ${o.usagePoint} with ServiceSupplier ${o.supplier}`;
  if (!root || root.name !== 'UsagePointConfig') return [f('no UsagePointConfig payload', want, root ? `a ${root.name} payload` : 'no payload')];
  const ups = readUsagePointSuppliers(root);
  const mine = ups.filter((u) => u.usagePoint === o.usagePoint);
  const out: Finding[] = [];
  if (!mine.length) out.push(f(`the change does not name usage point ${o.usagePoint}`, want, `usage points ${ups.map((u) => u.usagePoint ?? '(no id)').join(', ') || 'none'}`));
  else if (!mine.some((u) => u.serviceSupplier === o.supplier)) out.push(f(`usage point ${o.usagePoint} names ${mine[0]!.serviceSupplier === undefined ? 'no ServiceSupplier' : `ServiceSupplier ${mine[0]!.serviceSupplier}`}, not the new supplier ${o.supplier}`, want, mine[0]!.serviceSupplier === undefined ? 'no ServiceSupplier' : `ServiceSupplier ${mine[0]!.serviceSupplier}`));
  const others = ups.filter((u) => u.usagePoint !== o.usagePoint);
  if (others.length) out.push(f(`the change names other usage points than the one switched: ${others.map((u) => u.usagePoint ?? '(no id)').join(', ')}`, `usage point ${o.usagePoint} only`, `also ${others.map((u) => u.usagePoint ?? '(no id)').join(', ')}`));
  return out;
}

/**
 * SWITCH-CLIENT-LINK: the CIS's create(MasterDataLinkageConfig) links the new CustomerAccount and the usage point;
 * SWITCH-CLIENT-LINK-TIME (CIM9-259, severity `timeSeverity`, undefined: not judged): its ConfigurationEvent
 * effectiveDateTime is the switch time (the same instant)
 */
export function checkClientAccountLink(root: XNode | undefined, o: OrderedSwitch & { timeSeverity?: Severity; timeText?: string }, label: string): Finding[] {
  const want = `CustomerAccount ${o.account} linked to usage point ${o.usagePoint}`;
  if (!root || root.name !== 'MasterDataLinkageConfig') return [ruleFinding('SWITCH-CLIENT-LINK', `${label}: no MasterDataLinkageConfig payload`, { file: label, expected: want, actual: root ? `a ${root.name} payload` : 'no payload' })];
  const l = readMasterDataLinkageConfig(root);
  const accounts = l.objects.CustomerAccount ?? [];
  const ups = l.objects.UsagePoint ?? [];
  const out: Finding[] = [];
  if (!accounts.includes(o.account) || !ups.includes(o.usagePoint)) {
    out.push(ruleFinding('SWITCH-CLIENT-LINK', `${label}: the link does not join CustomerAccount ${o.account} and usage point ${o.usagePoint}`, { file: label, expected: want, actual: `CustomerAccount ${accounts.join(', ') || 'none'}, UsagePoint ${ups.join(', ') || 'none'}` }));
  }
  if (o.timeSeverity) {
    const at = l.effectiveDateTime === undefined ? undefined : parseDateTime(l.effectiveDateTime)?.ms;
    if (at === undefined || at !== parseDateTime(o.at)?.ms) {
      out.push(ruleFinding('SWITCH-CLIENT-LINK-TIME', `${label}: the link is effective ${l.effectiveDateTime === undefined ? 'at no stated time' : `at ${l.effectiveDateTime}`}, not at the switch time ${o.at}`, { file: label, severity: o.timeSeverity, expected: `ConfigurationEvent effectiveDateTime ${o.at}`, actual: l.effectiveDateTime === undefined ? 'no effectiveDateTime' : `effectiveDateTime ${l.effectiveDateTime}`, ...(o.timeText ? { assumptions: { 'CIM9-259': o.timeText } } : {}) }));
    }
  }
  return out;
}

/** SWITCH-CLIENT-ORDER (CIM9-258, severity `severity`, undefined: not judged): the change of supplier arrived before the link */
export function checkClientSwitchOrder(changeSeq: number, linkSeq: number, o: { severity?: Severity; text?: string; label: string }): Finding[] {
  if (!o.severity || changeSeq < linkSeq) return [];
  return [ruleFinding('SWITCH-CLIENT-ORDER', `${o.label}: the link of the new customer account arrived before the change of supplier`, { file: o.label, severity: o.severity, expected: 'change(UsagePointConfig), then create(MasterDataLinkageConfig)', actual: 'create(MasterDataLinkageConfig), then change(UsagePointConfig)', ...(o.text ? { assumptions: { 'CIM9-258': o.text } } : {}) })];
}
