/**
 * The readings a meter read schedule produces (MR-01, use-cases.md §3.1): pure checks of the created(MeterReadings)
 * the head-end sends its MDM after it accepted create(MeterReadSchedule(s)), and of what it sends after the
 * schedule was canceled (or deleted, UC-09).
 *
 * - MRS-READINGS: at least two readings arrived within the first two recurrence periods (plus the tolerance);
 * - MRS-READING-TIME: each arrived within the tolerance (CIM9-171) of a scheduled time
 *   (scheduleInterval.start + k × recurrencePeriod, k ≥ 0), and every scheduled time (k ≥ 1) due while the MDM
 *   watched has its reading;
 * - MRS-READING-TYPE: only the ReadingTypes the schedule requested, and each of them;
 * - MRS-READING-METER: only the meter the schedule names, each MeterReading naming its meter;
 * - MRS-CANCEL: no reading of the schedule after the cancel was accepted (CIM9-172 grace period);
 * - a schedule that names an EndDeviceGroup or UsagePoints (its `target`): MRS-MEMBERS, every member read at each
 *   scheduled time (a member never read: failure; missing from some reads: CIM9-204), and MRS-NON-MEMBER, no reading
 *   of another meter (in place of MRS-READING-METER). The members of one scheduled time may come in one message or
 *   several.
 * Pure: readings and expectations in, findings out. The arrival time is the listener's receipt (what "arrive at
 * the scheduled times" means for the MDM).
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import type { XNode } from '../xml/index.ts';
import type { MeterReadScheduleValue } from '../payloads/meterReadSchedules.ts';

/** one MeterReading of a created(MeterReadings) the schedule produced, as the use case collected it */
export interface ScheduledReading {
  /** the label of the message that carried it */
  label: string;
  /** when the message arrived at the MDM */
  at: Date;
  /** the meter the MeterReading names (mRID or a name); undefined when it names none */
  meter?: string;
  /** the ReadingTypes of its Readings and IntervalBlocks */
  readingTypes: string[];
  node?: XNode;
}

/** what a schedule names instead of a meter: an EndDeviceGroup or UsagePoints, and the meters that are its members */
export interface ScheduleTarget {
  kind: 'EndDeviceGroup' | 'UsagePoint' | 'UsagePointGroup';
  /** the group's mRID, or the usage points' */
  ids: string[];
  /** the meters the schedule reads: the group's members, the meters installed at the usage points */
  members: string[];
}

/** CIM9-204: how severe a member missing from some (not all) scheduled reads is */
export type MissedReadSeverity = 'error' | 'warning' | 'off';

/** the schedule the suite created, and what its readings must show */
export interface ScheduleExpectation {
  /** the meter the schedule names (a target schedule: a label of the target) */
  meter: string;
  /** the group or usage points the schedule names instead of a meter */
  target?: ScheduleTarget;
  /** the ReadingTypes it requests */
  readingTypes: string[];
  /** scheduleInterval.start */
  start: Date;
  /** recurrencePeriod, seconds (CIM9-170) */
  periodSeconds: number;
  /** tolerance around each scheduled time, seconds (CIM9-171) */
  toleranceSeconds: number;
}

const fmt = (s: number) => `${Math.round(s * 1000) / 1000} s`;

/** the scheduled time nearest to an arrival: its index k ≥ 0 and how far the arrival is from it (seconds, signed) */
export function nearestScheduledTime(atMs: number, exp: Pick<ScheduleExpectation, 'start' | 'periodSeconds'>): { k: number; offsetSeconds: number } {
  const p = exp.periodSeconds * 1000;
  const k = Math.max(0, Math.round((atMs - exp.start.getTime()) / p));
  return { k, offsetSeconds: (atMs - (exp.start.getTime() + k * p)) / 1000 };
}

/** the messages (labels) among readings, in arrival order, one each */
const messagesOf = (readings: readonly ScheduledReading[]) => [...new Map(readings.map((r) => [r.label, r])).values()].sort((a, b) => a.at.getTime() - b.at.getTime());

/**
 * The readings of the schedule the MDM received while it watched (until `watchedUntil`): MRS-READINGS,
 * MRS-READING-TIME, MRS-READING-TYPE, MRS-READING-METER.
 */
export function checkScheduledReadings(readings: readonly ScheduledReading[], exp: ScheduleExpectation, watchedUntil: Date, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const messages = messagesOf(readings);
  const tol = exp.toleranceSeconds;
  if (messages.length < 2) {
    out.push(
      placedRuleFinding(
        'MRS-READINGS',
        'error',
        `${messages.length ? `only one created(MeterReadings) (${messages[0]!.label})` : 'no created(MeterReadings)'} of the schedule reached the MDM within ${fmt((watchedUntil.getTime() - exp.start.getTime()) / 1000)} of its start (two recurrence periods of ${fmt(exp.periodSeconds)} plus the tolerance of ${fmt(tol)}); expected one at each scheduled time, at least two`,
        ctx,
        messages[0]?.node,
        { 'CIM9-170': String(exp.periodSeconds), 'CIM9-171': String(tol) },
        { expected: `a created(MeterReadings) every ${fmt(exp.periodSeconds)} (± ${fmt(tol)}), at least two`, actual: messages.length ? `only ${messages[0]!.label}` : 'none' },
      ),
    );
  }
  // each message at a scheduled time
  const hit = new Set<number>();
  for (const m of messages) {
    const { k, offsetSeconds } = nearestScheduledTime(m.at.getTime(), exp);
    if (Math.abs(offsetSeconds) <= tol + 1e-9) {
      hit.add(k);
      continue;
    }
    out.push(
      placedRuleFinding(
        'MRS-READING-TIME',
        'error',
        `${m.label} arrived ${fmt((m.at.getTime() - exp.start.getTime()) / 1000)} after the schedule's start, ${fmt(Math.abs(offsetSeconds))} ${offsetSeconds < 0 ? 'before' : 'after'} its nearest scheduled time (start + ${k} × ${fmt(exp.periodSeconds)}); the tolerance is ${fmt(tol)}`,
        ctx,
        m.node,
        { 'CIM9-171': String(tol) },
        { expected: `at start + ${k} × ${fmt(exp.periodSeconds)} (± ${fmt(tol)})`, actual: `${fmt(Math.abs(offsetSeconds))} ${offsetSeconds < 0 ? 'before' : 'after'} it` },
      ),
    );
  }
  // every scheduled time that was due while the MDM watched (a missing first or second read is MRS-READINGS already)
  if (messages.length >= 2) {
    const missing: number[] = [];
    for (let k = 1; exp.start.getTime() + (k * exp.periodSeconds + tol) * 1000 <= watchedUntil.getTime(); k++) if (!hit.has(k)) missing.push(k);
    if (missing.length) {
      out.push(
        placedRuleFinding('MRS-READING-TIME', 'error', `no reading arrived at the scheduled time${missing.length > 1 ? 's' : ''} start + ${missing.map((k) => `${k} × ${fmt(exp.periodSeconds)}`).join(', ')} (± ${fmt(tol)}), though the MDM watched until then`, ctx, undefined, { 'CIM9-171': String(tol) }, { expected: `a reading at start + ${missing.map((k) => `${k} × ${fmt(exp.periodSeconds)}`).join(', ')} (± ${fmt(tol)})`, actual: 'none' }),
      );
    }
  }
  // what and whom
  for (const r of readings) {
    if (exp.target) {
      // a target schedule: whom is MRS-NON-MEMBER / MRS-MEMBERS (checkScheduleMembers)
    } else if (r.meter === undefined) out.push(placedRuleFinding('MRS-READING-METER', 'error', `a MeterReading of ${r.label} names no meter; the schedule reads meter ${exp.meter}`, ctx, r.node, undefined, { expected: `meter ${exp.meter}`, actual: 'no meter' }));
    else if (r.meter !== exp.meter) out.push(placedRuleFinding('MRS-READING-METER', 'error', `a MeterReading of ${r.label} is of meter ${r.meter}; the schedule reads meter ${exp.meter} only`, ctx, r.node, undefined, { expected: `meter ${exp.meter}`, actual: `meter ${r.meter}` }));
    const others = [...new Set(r.readingTypes.filter((t) => !exp.readingTypes.includes(t.trim())))];
    if (others.length) out.push(placedRuleFinding('MRS-READING-TYPE', 'error', `a MeterReading of ${r.label} carries ReadingType ${others.join(', ')}; the schedule requests ${exp.readingTypes.join(', ')} only`, ctx, r.node, undefined, { expected: `ReadingType ${exp.readingTypes.join(', ')} only`, actual: `also ${others.join(', ')}` }));
  }
  for (const m of messages) {
    const mine = readings.filter((r) => r.label === m.label);
    const absent = exp.readingTypes.filter((t) => !mine.some((r) => r.readingTypes.some((x) => x.trim() === t)));
    if (absent.length) out.push(placedRuleFinding('MRS-READING-TYPE', 'error', `${m.label} carries no reading of the requested ReadingType ${absent.join(', ')}`, ctx, m.node, undefined, { expected: `readings of ReadingType ${exp.readingTypes.join(', ')}`, actual: `none of ${absent.join(', ')}` }));
  }
  return out;
}

const targetLabel = (t: ScheduleTarget) => `${t.kind} ${t.ids.join(', ')}`;

/**
 * The readings of a schedule that names an EndDeviceGroup or UsagePoints: MRS-NON-MEMBER (a MeterReading of another
 * meter, or naming none) and MRS-MEMBERS (a member never read while the MDM watched: error; a member missing from a
 * scheduled time that was read, k ≥ 1 and due before `watchedUntil`: the severity of CIM9-204). Readings off every
 * scheduled time (MRS-READING-TIME) count for no scheduled time.
 */
export function checkScheduleMembers(readings: readonly ScheduledReading[], exp: ScheduleExpectation, watchedUntil: Date, missed: MissedReadSeverity, ctx: CheckContext): Finding[] {
  const t = exp.target;
  if (!t) return [];
  const out: Finding[] = [];
  const label = targetLabel(t);
  for (const r of readings) {
    if (r.meter === undefined) out.push(placedRuleFinding('MRS-NON-MEMBER', 'error', `a MeterReading of ${r.label} names no meter; the schedule reads the members of ${label} (${t.members.join(', ')})`, ctx, r.node, undefined, { expected: `a member of ${label}: ${t.members.join(', ')}`, actual: 'no meter' }));
    else if (!t.members.includes(r.meter)) out.push(placedRuleFinding('MRS-NON-MEMBER', 'error', `a MeterReading of ${r.label} is of meter ${r.meter}, not a member of ${label} (${t.members.join(', ')})`, ctx, r.node, undefined, { expected: `a member of ${label}: ${t.members.join(', ')}`, actual: `meter ${r.meter}` }));
  }
  // the members read at each scheduled time
  const byK = new Map<number, Set<string>>();
  for (const r of readings) {
    if (r.meter === undefined) continue;
    const { k, offsetSeconds } = nearestScheduledTime(r.at.getTime(), exp);
    if (Math.abs(offsetSeconds) > exp.toleranceSeconds + 1e-9) continue;
    let set = byK.get(k);
    if (!set) byK.set(k, (set = new Set()));
    set.add(r.meter);
  }
  const everRead = new Set([...byK.values()].flatMap((x) => [...x]));
  const never = t.members.filter((m) => !everRead.has(m));
  const as = { 'CIM9-204': missed };
  if (never.length && byK.size) {
    out.push(placedRuleFinding('MRS-MEMBERS', 'error', `no reading of ${never.length > 1 ? 'members' : 'member'} ${never.join(', ')} of ${label} arrived at any scheduled time while the MDM watched (${[...byK.keys()].length} scheduled read(s) of the other members arrived); the schedule reads every member`, ctx, undefined, as, { expected: `readings of every member: ${t.members.join(', ')}`, actual: `none of ${never.join(', ')}` }));
  }
  if (missed !== 'off') {
    for (const [k, got] of [...byK.entries()].sort((a, b) => a[0] - b[0])) {
      if (exp.start.getTime() + (k * exp.periodSeconds + exp.toleranceSeconds) * 1000 > watchedUntil.getTime()) continue;
      const left = t.members.filter((m) => !got.has(m) && !never.includes(m));
      if (left.length) out.push(placedRuleFinding('MRS-MEMBERS', missed, `the scheduled read at start + ${k} × ${fmt(exp.periodSeconds)} has no reading of ${left.join(', ')} (member${left.length > 1 ? 's' : ''} of ${label}), though other reads have`, ctx, undefined, as, { expected: `readings of ${t.members.join(', ')}`, actual: `readings of ${[...got].join(', ') || 'none'}` }));
    }
  }
  return out;
}

/** MRS-CANCEL: readings of the schedule that arrived after its cancel (or delete) was accepted */
export function checkAfterScheduleCancel(readings: readonly ScheduledReading[], o: { verb: string; canceledAt: Date; graceSeconds: number }, ctx: CheckContext): Finding[] {
  return messagesOf(readings).map((m) =>
    placedRuleFinding(
      'MRS-CANCEL',
      'error',
      `${m.label} arrived ${fmt((m.at.getTime() - o.canceledAt.getTime()) / 1000)} after ${o.verb}(MeterReadSchedule) was accepted; the schedule must send nothing more (grace period ${fmt(o.graceSeconds)})`,
      ctx,
      m.node,
      { 'CIM9-172': String(o.graceSeconds) },
      { expected: `nothing after ${o.verb}(MeterReadSchedule) (grace ${fmt(o.graceSeconds)})`, actual: `${m.label}, ${fmt((m.at.getTime() - o.canceledAt.getTime()) / 1000)} after` },
    ),
  );
}

/**
 * MRS-RELAY-FORWARD (issue 12, P6): the schedule request the MDM passed on to its head-end is the CIS's: the verb and
 * the profile name of the edition, the same EndDevices, ReadingTypes and recurrencePeriod; a different scheduleInterval
 * is a finding of the severity CIM9-206 sets (the MDM may place the schedule in time itself).
 */
export function checkPassedOnSchedule(
  got: { verb?: string; noun?: string; value?: MeterReadScheduleValue },
  want: { verb: string; noun: string; value: MeterReadScheduleValue },
  interval: 'error' | 'warning' | 'off',
  ctx: CheckContext,
): Finding[] {
  const out: Finding[] = [];
  const f = (message: string, expected: string, actual: string, severity: 'error' | 'warning' = 'error', as?: Record<string, string>) => out.push(placedRuleFinding('MRS-RELAY-FORWARD', severity, message, ctx, undefined, as, { expected, actual }));
  if (got.verb !== want.verb || got.noun !== want.noun) f(`${got.verb ?? '?'}(${got.noun ?? '?'}) instead of ${want.verb}(${want.noun})`, `${want.verb}(${want.noun})`, `${got.verb ?? '?'}(${got.noun ?? '?'})`);
  const v = got.value;
  if (!v) {
    f(`no ${want.noun} payload`, `a ${want.noun} payload`, 'none');
    return out;
  }
  const set = (xs: readonly (string | undefined)[]) => [...new Set(xs.map((x) => (x ?? '').trim()).filter(Boolean))].sort();
  const diff = (what: string, a: string[], b: string[]) => {
    const missing = b.filter((x) => !a.includes(x));
    const extra = a.filter((x) => !b.includes(x));
    if (missing.length) f(`the ${what} ${missing.join(', ')} of the CIS's schedule ${missing.length > 1 ? 'are' : 'is'} not passed on (the request names ${a.join(', ') || 'none'})`, `${what} ${b.join(', ')}`, `${what} ${a.join(', ') || 'none'}`);
    if (extra.length) f(`names the ${what} ${extra.join(', ')}, which the CIS's schedule does not`, `${what} ${b.join(', ') || 'none'}`, `${what} ${a.join(', ')}`);
  };
  diff('EndDevice', set((v.endDevices ?? []).map((d) => d.mRID)), set((want.value.endDevices ?? []).map((d) => d.mRID)));
  diff('ReadingType', set((v.readingTypes ?? []).map((r) => r.mRID)), set((want.value.readingTypes ?? []).map((r) => r.mRID)));
  const gt = v.timeSchedules?.[0];
  const wt = want.value.timeSchedules?.[0];
  if (!gt) f('no TimeSchedule: the head-end is not told when to read', 'a TimeSchedule', 'none');
  else if (wt) {
    if (gt.recurrencePeriod !== wt.recurrencePeriod) f(`recurrencePeriod ${gt.recurrencePeriod ?? '(none)'}, the CIS's schedule has ${wt.recurrencePeriod}`, `recurrencePeriod ${wt.recurrencePeriod}`, `recurrencePeriod ${gt.recurrencePeriod ?? '(none)'}`);
    const same = (a?: string, b?: string) => (a === undefined && b === undefined) || (a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b));
    if (interval !== 'off' && !(same(gt.scheduleInterval.start, wt.scheduleInterval.start) && same(gt.scheduleInterval.end, wt.scheduleInterval.end))) {
      f(`scheduleInterval ${gt.scheduleInterval.start ?? '?'} – ${gt.scheduleInterval.end ?? '?'}, the CIS's schedule has ${wt.scheduleInterval.start ?? '?'} – ${wt.scheduleInterval.end ?? '?'}`, `scheduleInterval ${wt.scheduleInterval.start ?? '?'} – ${wt.scheduleInterval.end ?? '?'}`, `scheduleInterval ${gt.scheduleInterval.start ?? '?'} – ${gt.scheduleInterval.end ?? '?'}`, interval, { 'CIM9-206': interval });
    }
  }
  return out;
}

/**
 * MR-11 with the MDM as SUT (MRS-MESSAGE-FORMAT): the schedule message the MDM sends its head-end is `verb`(<profile>)
 * with a <profile> payload, the profile of the edition (PAY-09), and says what (a ReadingType), for whom (a device, group,
 * usage point or customer) and when (a TimeSchedule with a scheduleInterval start and a recurrence or TimePoints).
 * `rootName` is the local name of the payload's root (undefined: no payload). The schema of the message is layer 1.
 */
export function checkScheduleMessageFormat(
  got: { verb?: string; noun?: string; rootName?: string; value?: MeterReadScheduleValue },
  want: { verb: string; profile: string },
  ctx: CheckContext,
): Finding[] {
  const out: Finding[] = [];
  const f = (message: string, expected: string, actual: string) => out.push(placedRuleFinding('MRS-MESSAGE-FORMAT', 'error', message, ctx, undefined, { 'PAY-09': want.profile }, { expected, actual }));
  if (got.verb !== want.verb || got.noun !== want.profile) f(`the header says ${got.verb ?? '?'}(${got.noun ?? '?'}), the schedule message of the edition is ${want.verb}(${want.profile}) (PAY-09)`, `${want.verb}(${want.profile})`, `${got.verb ?? '?'}(${got.noun ?? '?'})`);
  if (got.rootName !== want.profile) f(got.rootName ? `the payload is ${got.rootName}, the profile of the edition is ${want.profile} (PAY-09)` : `no ${want.profile} payload`, `a ${want.profile} payload`, got.rootName ? `a ${got.rootName} payload` : 'no payload');
  const v = got.value;
  if (!v) return out;
  if (!(v.readingTypes ?? []).some((r) => r.mRID?.trim())) f('no ReadingType: the schedule does not say what to read', 'a ReadingType (what to read)', 'no ReadingType with an mRID');
  const whom = [v.endDevices, v.endDeviceGroups, v.usagePoints, v.usagePointGroups, v.customerAccounts, v.customerAgreements].some((xs) => (xs ?? []).some((x) => x.mRID?.trim()));
  if (!whom) f('no EndDevice, EndDeviceGroup, UsagePoint, UsagePointGroup, CustomerAccount or CustomerAgreement: the schedule does not say for whom', 'an EndDevice, EndDeviceGroup, UsagePoint, UsagePointGroup, CustomerAccount or CustomerAgreement (for whom)', 'none with an mRID');
  const ts = v.timeSchedules ?? [];
  if (!ts.length) f('no TimeSchedule: the schedule does not say when to read', 'a TimeSchedule (when to read)', 'no TimeSchedule');
  for (const [i, t] of ts.entries()) {
    const which = ts.length > 1 ? `TimeSchedule ${i + 1}` : 'the TimeSchedule';
    if (!t.scheduleInterval.start) f(`${which} has no scheduleInterval/start: it does not say from when to read`, 'scheduleInterval/start', `${which} without scheduleInterval/start`);
    if (t.recurrencePeriod === undefined && !t.recurrencePattern?.trim() && !(t.timePoints ?? []).length) f(`${which} has no recurrencePeriod, recurrencePattern or TimePoints: it does not say at which times to read`, 'a recurrencePeriod, recurrencePattern or TimePoints', `${which} without any of them`);
  }
  return out;
}

/** what a CIS was told to schedule at its head-end (cis-schedule-request, MR-01 with the CIS as the schedule's client) */
export interface ClientScheduleOrder {
  /** "the CIS" */
  who: string;
  meters: readonly { mRID: string; usagePoint?: string }[];
  readingType: string;
  /** the scheduleInterval [start, end) and the recurrence ordered; absent for the end of the schedule (its TimeSchedule is not judged) */
  timing?: { start: string; end: string; periodSeconds: number };
}

/**
 * MRS-CLIENT-SCHEDULE: the schedule a CIS sends its head-end (or the end of it) names exactly the meters of the order
 * (EndDevice, or the meter's UsagePoint), exactly the ReadingType ordered and, for the create, a TimeSchedule with the
 * recurrencePeriod and scheduleInterval ordered (the instants compared, not their text). No payload: nothing to judge,
 * a finding.
 */
export function checkClientSchedule(v: MeterReadScheduleValue | undefined, order: ClientScheduleOrder, ctx: { label: string }): Finding[] {
  const out: Finding[] = [];
  const f = (message: string, expected: string, actual: string) => out.push(placedRuleFinding('MRS-CLIENT-SCHEDULE', 'error', message, ctx, undefined, undefined, { expected, actual }));
  if (!v) {
    f(`no MeterReadSchedule payload: the schedule ${order.who} was told to ${order.timing ? 'create' : 'end'} is not named`, 'a MeterReadSchedule(s) payload', 'none');
    return out;
  }
  const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');
  const named = [...(v.endDevices ?? []).map((d) => d.mRID ?? ''), ...(v.usagePoints ?? []).map((u) => u.mRID ?? '')].map((x) => x.trim()).filter(Boolean);
  const missing = order.meters.filter((m) => !named.includes(m.mRID) && !(m.usagePoint && named.includes(m.usagePoint))).map((m) => m.mRID);
  const extra = named.filter((id) => !order.meters.some((m) => m.mRID === id || m.usagePoint === id));
  const others = [...(v.endDeviceGroups ?? []), ...(v.usagePointGroups ?? []), ...(v.customerAccounts ?? []), ...(v.customerAgreements ?? [])].map((x) => x.mRID ?? '').filter(Boolean);
  const meters = list(order.meters.map((m) => m.mRID));
  if (missing.length) f(`the meter(s) ${list(missing)} ${order.who} was told to schedule are not named (the schedule names ${list(named)})`, `meters ${meters}`, `names ${list(named)}`);
  if (extra.length || others.length) f(`names ${list([...extra, ...others])}, which ${order.who} was not told to schedule`, `meters ${meters}`, `names ${list([...named, ...others])}`);
  const rts = (v.readingTypes ?? []).map((r) => (r.mRID ?? '').trim()).filter(Boolean);
  if (rts.length !== 1 || rts[0] !== order.readingType) f(`reads ReadingType(s) ${list(rts)}, ${order.who} was told to schedule ${order.readingType}`, `ReadingType ${order.readingType}`, `ReadingTypes ${list(rts)}`);
  const want = order.timing;
  if (!want) return out;
  const t = v.timeSchedules?.[0];
  const ordered = `every ${want.periodSeconds} s over [${want.start}, ${want.end})`;
  if (!t) {
    f(`no TimeSchedule: the schedule does not say when to read (${order.who} was told ${ordered})`, ordered, 'no TimeSchedule');
    return out;
  }
  if (t.recurrencePeriod !== want.periodSeconds) f(`recurrencePeriod ${t.recurrencePeriod ?? '(none)'}, ${order.who} was told to read every ${want.periodSeconds} s`, `recurrencePeriod ${want.periodSeconds}`, `recurrencePeriod ${t.recurrencePeriod ?? '(none)'}`);
  const same = (a: string | undefined, b: string) => a !== undefined && Number.isFinite(Date.parse(a)) && Date.parse(a) === Date.parse(b);
  const got = `[${t.scheduleInterval.start ?? '?'}, ${t.scheduleInterval.end ?? '?'})`;
  if (!same(t.scheduleInterval.start, want.start) || !same(t.scheduleInterval.end, want.end)) f(`scheduleInterval ${got}, ${order.who} was told [${want.start}, ${want.end})`, `scheduleInterval [${want.start}, ${want.end})`, `scheduleInterval ${got}`);
  return out;
}
