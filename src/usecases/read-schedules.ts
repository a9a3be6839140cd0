/**
 * Meter read schedules (MR-01 "meter read schedule used to create a subscription", MR-11 "meter read schedule
 * message format", use-cases.md §3.1) at the head-end: the suite plays the MDM that sends create(MeterReadSchedule)
 * (2013, draft) / create(MeterReadSchedules) (2024, PAY-09) for one meter, one ReadingType and a short recurrence
 * (CIM9-170), receives the created(MeterReadings) the schedule produces at its address (LISTENER_PATHS.mdmEvents,
 * the address the head-end tells its MDM), ends the schedule with cancel (or delete, UC-09) naming the same
 * content (CIM9-173), and watches that nothing more of it comes (grace period CIM9-172).
 *
 * The schedule starts on the next whole second after the request; its scheduleInterval ends once the reads, the
 * cancel and the grace period would be over (and a margin), so that a head-end that ignores the cancel stops anyway.
 * A schedule still running when the scenario ends (a step failed before the cancel) is canceled then, as a clean-up
 * outside the verdict; whatever it caused at the MDM's address and no step examined is claimed after the scenario.
 * A schedule may name an EndDeviceGroup (the group the scenario defined, src/usecases/load-control.ts defineGroup,
 * CIM9-122) or UsagePoints (those of all the scenario's meters but the last) instead of a meter: its reads must cover
 * every member and no other meter (MRS-MEMBERS, CIM9-204; MRS-NON-MEMBER); the MDM then watches the first two
 * scheduled times in full (a head-end may send the members of one read in several messages).
 * The checks are src/checks/read-schedules.ts.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nextTick, readMessage, serviceName, timingTimestamp, toSoap } from '../message/index.ts';
import { buildMeterReadSchedule, meterReadScheduleProfile, readMeterReadSchedule, type MeterReadScheduleValue, type ScheduleEdition } from '../payloads/meterReadSchedules.ts';
import { readMeterReadings } from '../payloads/meterReadings.ts';
import { buildUsagePointGroups } from '../payloads/usagePointGroups.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { requireAccepted } from './set-up.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { postSoap } from '../transport/http.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkAfterScheduleCancel, checkPassedOnSchedule, checkScheduleMessageFormat, checkScheduledReadings, checkScheduleMembers, nearestScheduledTime, type MissedReadSeverity, type ScheduledReading, type ScheduleExpectation, type ScheduleTarget } from '../checks/read-schedules.ts';
import { definedGroup, groupSplit } from './load-control.ts';
import { quietSecondsOf, timeFactorOf } from '../profile/index.ts';
import { awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined, deliveredElsewhere, markDeliveries } from './deliveries.ts';

/** the verbs that end a schedule (UC-09) */
export type EndVerb = 'cancel' | 'delete';

interface ScheduleState {
  /** where the schedule was created: the head-end, or the MDM that passes it on to the head-end the suite plays (P6) */
  role: 'HES' | 'MDM';
  exp: ScheduleExpectation;
  edition: ScheduleEdition;
  /** what the schedule was created with (the cancel repeats it, CIM9-173) */
  value: MeterReadScheduleValue;
  /** the end of the schedule's scheduleInterval */
  end: Date;
  graceSeconds: number;
  /** the scenario's deliveries start after this seq */
  since: number;
  /** the head-end accepted the schedule (Result OK): it may be running */
  accepted: boolean;
  /** the head-end refused the schedule (a reply read, Result not OK): it is not running; false when no reply could be read */
  refused: boolean;
  results: Exchange[];
  readings: ScheduledReading[];
  watchedUntil?: Date;
  /** since: the deliveries after the end's reply; before: those after the end was sent (what the MDM passed on) */
  ended?: { verb: EndVerb; at: Date; since: number; before: number; ok: boolean };
}

const states = new WeakMap<object, ScheduleState>();

function stateOf(w: Cim9World): ScheduleState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no read schedule was sent before this step');
  return s;
}

const num = (v: unknown, dflt: number, min: number): number => {
  const n = Number(v ?? dflt);
  return Number.isFinite(n) && n >= min ? n : dflt;
};

/**
 * the timing of the schedule the suite creates: CIM9-170 period, CIM9-171 tolerance, CIM9-172 grace (0: 2 periods +
 * tolerance), each multiplied by the time factor (CIM9-203; 1 for every SUT but the reference profiles')
 */
export function scheduleTiming(assumptions: Readonly<Record<string, unknown>>): { periodSeconds: number; toleranceSeconds: number; graceSeconds: number; timeFactor: number } {
  const f = timeFactorOf(assumptions);
  const scaled = (v: number) => Math.round(v * f * 1e6) / 1e6;
  const periodSeconds = scaled(num(assumptions['CIM9-170'], 3, 1));
  const toleranceSeconds = scaled(num(assumptions['CIM9-171'], 0.75, 0));
  const grace = scaled(num(assumptions['CIM9-172'], 0, 0));
  return { periodSeconds, toleranceSeconds, graceSeconds: grace > 0 ? grace : 2 * periodSeconds + toleranceSeconds, timeFactor: f };
}

/** UC-09: the verb the suite ends a schedule with */
export function endVerbOf(assumptions: Readonly<Record<string, unknown>>): EndVerb {
  return String(assumptions['UC-09'] ?? 'cancel') === 'delete' ? 'delete' : 'cancel';
}

/** the edition whose profile name the schedule message uses (PAY-09) */
export function scheduleEditionOf(edition: string): ScheduleEdition {
  return edition === '2024' ? '2024' : edition === 'draft-2011' ? 'draft-2011' : '2013';
}

/** the schedule value: one meter (or a target: an EndDeviceGroup, UsagePoints), its ReadingTypes, one TimeSchedule from `start` to `end` every `periodSeconds` */
export function scheduleValue(o: { meter?: string; target?: Pick<ScheduleTarget, 'kind' | 'ids'>; readingTypes: readonly string[]; start: Date; end: Date; periodSeconds: number; timeFactor?: number }): MeterReadScheduleValue {
  const stamp = (d: Date) => timingTimestamp(d, o.timeFactor ?? 1);
  const ids = (o.target?.ids ?? []).map((mRID) => ({ mRID }));
  return {
    ...(o.meter !== undefined ? { endDevices: [{ mRID: o.meter }] } : {}),
    ...(o.target?.kind === 'EndDeviceGroup' ? { endDeviceGroups: ids } : {}),
    ...(o.target?.kind === 'UsagePoint' ? { usagePoints: ids } : {}),
    ...(o.target?.kind === 'UsagePointGroup' ? { usagePointGroups: ids } : {}),
    readingTypes: o.readingTypes.map((mRID) => ({ mRID })),
    timeSchedules: [{ recurrencePeriod: o.periodSeconds, scheduleInterval: { start: stamp(o.start), end: stamp(o.end) } }],
  };
}

export function scheduleRequest(w: Cim9World, verb: string, edition: ScheduleEdition, value: MeterReadScheduleValue): Message {
  return { kind: 'request', header: w.requestHeader(verb, meterReadScheduleProfile(edition)), payload: { root: buildMeterReadSchedule(value, edition) } };
}

/** When: the MDM asks the head-end to read the scenario's meter on a schedule (create(MeterReadSchedule(s))) */
export async function sendSchedule(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  return sendScheduleOf(w, { meter: meter.mRID });
}

/** When (P6, issue 12): the CIS asks the MDM to read the scenario's meter on a schedule; the suite plays the MDM's head-end */
export async function sendScheduleViaMdm(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  return sendScheduleOf(w, { meter: meter.mRID }, 'MDM');
}

/** When: the MDM asks the head-end to read the group the scenario defined on a schedule (EndDeviceGroup) */
export async function sendGroupSchedule(w: Cim9World): Promise<Exchange> {
  const g = definedGroup(w);
  if (!g) throw new SuiteError('no EndDeviceGroup was defined before this step');
  return sendScheduleOf(w, { target: { kind: 'EndDeviceGroup', ids: [g.mRID], members: g.members } });
}

/** When: the MDM asks the head-end to read the usage points of all the scenario's meters but the last on a schedule */
export async function sendUsagePointSchedule(w: Cim9World): Promise<Exchange> {
  const { members } = groupSplit(w.meters);
  const ups = members.map((m) => w.meters.find((x) => x.mRID === m)?.usagePoint);
  if (ups.some((u) => !u)) throw new SuiteError(`a meter of the scenario has no usage point in the profile's data.meters: a schedule by UsagePoint cannot be built`);
  return sendScheduleOf(w, { target: { kind: 'UsagePoint', ids: ups as string[], members } });
}

const usagePointGroups = new WeakMap<object, { mRID: string; usagePoints: string[]; members: string[] }>();

/**
 * Given: the head-end knows a UsagePointGroup of the usage points of all the scenario's meters but the last (CIM9-222:
 * create(UsagePointGroups)). A Reply that declines is the set-up failing (the head-end may learn its groups another
 * way): an error, not a verdict; a broken answer or a SOAP fault to the valid request is a finding.
 */
export async function defineUsagePointGroup(w: Cim9World): Promise<void> {
  const { members } = groupSplit(w.meters);
  const ups = members.map((m) => w.meters.find((x) => x.mRID === m)?.usagePoint);
  if (ups.some((u) => !u)) throw new SuiteError("a meter of the scenario has no usage point in the profile's data.meters: a UsagePointGroup cannot be built");
  const cim9222 = String(w.run.assumptions['CIM9-222'] ?? 'create-usage-point-groups');
  w.usedAssumptions['CIM9-222'] = cim9222;
  const mRID = `UPG-${newMessageId()}`;
  const msg: Message = { kind: 'request', header: w.requestHeader('create', 'UsagePointGroups'), payload: { root: buildUsagePointGroups([{ mRID, type: 'read schedule', names: [{ name: `cim9 group ${mRID}` }], usagePoints: (ups as string[]).map((u) => ({ mRID: u })) }]) } };
  const x = await w.send('HES', msg, `create(UsagePointGroups) ${mRID} of ${ups.join(', ')}`);
  requireAccepted(w, x, { needed: 'the usage point group the scenario needs', request: 'create(UsagePointGroups)', peer: 'head-end', cannot: 'the schedule by group cannot be checked', assumptions: { 'CIM9-222': cim9222 } });
  usagePointGroups.set(w, { mRID, usagePoints: ups as string[], members });
}

/** When: the MDM asks the head-end to read the UsagePointGroup the scenario defined on a schedule */
export async function sendUsagePointGroupSchedule(w: Cim9World): Promise<Exchange> {
  const g = usagePointGroups.get(w);
  if (!g) throw new SuiteError('no UsagePointGroup was defined before this step');
  return sendScheduleOf(w, { target: { kind: 'UsagePointGroup', ids: [g.mRID], members: g.members } });
}

async function sendScheduleOf(w: Cim9World, o: { meter?: string; target?: ScheduleTarget }, role: 'HES' | 'MDM' = 'HES'): Promise<Exchange> {
  const who = o.target ? `${o.target.kind} ${o.target.ids.join(', ')}` : o.meter!;
  const timing = scheduleTiming(w.run.assumptions);
  // the period and tolerance as sent and checked (the register's values times the time factor)
  w.usedAssumptions['CIM9-170'] = String(timing.periodSeconds);
  w.usedAssumptions['CIM9-171'] = String(timing.toleranceSeconds);
  w.usedAssumptions['CIM9-203'] = String(timing.timeFactor);
  w.usedAssumptions['CIM9-173'] = String(w.run.assumptions['CIM9-173'] ?? 'same-content');
  w.usedAssumptions['PAY-09'] = String(w.run.assumptions['PAY-09'] ?? 'by-edition');
  const edition = scheduleEditionOf(w.profile.edition);
  const readingType = w.profile.data.readingTypes.register;
  // the next whole second (the timestamps carry no fraction; under a time factor, the next of its ticks, timestamps
  // to the millisecond); the interval ends after the reads, the cancel and the grace period
  const start = new Date(nextTick(Date.now() + 1, timing.timeFactor));
  const runSeconds = 3 * timing.periodSeconds + timing.toleranceSeconds + timing.graceSeconds + w.profile.timeouts.responseSeconds;
  const end = new Date(start.getTime() + Math.ceil(runSeconds) * 1000);
  const value = scheduleValue({ meter: o.meter, target: o.target, readingTypes: [readingType], start, end, periodSeconds: timing.periodSeconds, timeFactor: timing.timeFactor });
  markDeliveries(w, w.run.listener, { settle: true });
  const s: ScheduleState = {
    role,
    exp: { meter: who, ...(o.target ? { target: o.target } : {}), readingTypes: [readingType], start, periodSeconds: timing.periodSeconds, toleranceSeconds: timing.toleranceSeconds },
    edition,
    value,
    end,
    graceSeconds: timing.graceSeconds,
    since: w.run.listener.lastSeq,
    accepted: false,
    refused: false,
    results: [],
    readings: [],
  };
  states.set(w, s);
  const x = await w.send(role, scheduleRequest(w, 'create', edition, value), `create(${meterReadScheduleProfile(edition)}) of ${who} every ${timing.periodSeconds} s${timing.timeFactor < 1 ? ` (time factor ${timing.timeFactor}, CIM9-203)` : ''}${role === 'MDM' ? ' at the MDM' : ''}`);
  const result = x.wire?.message?.reply?.result;
  s.accepted = result === 'OK';
  s.refused = result !== undefined && result !== 'OK';
  return x;
}

/** a created(MeterReadings) after `since` (any meter: a reading of another meter is a finding, not a stranger) */
function readingDelivery(since: number): (m: ReceivedMessage) => boolean {
  return (m) => m.seq > since && m.delivery === 'accepted' && m.inspected.noun === 'MeterReadings';
}

/** the MeterReadings of a received exchange, as the checks take them */
export function readingsOfExchange(x: Exchange, at: Date): ScheduledReading[] {
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'MeterReadings') return [{ label: x.label, at, readingTypes: [] }];
  const mrs = readMeterReadings(root).meterReadings;
  if (!mrs.length) return [{ label: x.label, at, readingTypes: [] }];
  return mrs.map((mr) => ({
    label: x.label,
    at,
    meter: mr.meter?.mRID ?? mr.meter?.names?.[0],
    readingTypes: [...(mr.readings ?? []).map((r) => r.readingType), ...(mr.intervalBlocks ?? []).map((b) => b.readingType)],
    node: root,
  }));
}

/**
 * When: the MDM waits for the readings of its schedule: created(MeterReadings) at its address until two arrived or
 * the second scheduled time and the tolerance are past. Fewer than two is a finding here (MRS-READINGS), with what
 * arrived elsewhere.
 */
export async function awaitReadings(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.accepted) throw new SuiteError('the head-end did not accept the read schedule: there are no readings to wait for');
  const deadline = s.exp.start.getTime() + (2 * s.exp.periodSeconds + s.exp.toleranceSeconds) * 1000;
  const match = readingDelivery(s.since);
  while (s.results.length < 2 || (s.exp.target && !membersCovered(s.readings, s.exp))) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, left, `reading ${s.results.length + 1} of the schedule of ${s.exp.meter}`);
    if (!x) break;
    s.results.push(x);
    s.readings.push(...readingsOfExchange(x, x.received?.at ?? new Date()));
  }
  s.watchedUntil = new Date(Math.max(Date.now(), s.results.length >= 2 && !s.exp.target ? 0 : deadline));
  if (s.results.length < 2) {
    const findings = checkScheduledReadings(s.readings, s.exp, s.watchedUntil, w.ctx(`readings of the schedule of ${s.exp.meter}`)).filter((f) => f.rule === 'MRS-READINGS');
    const where = w.run.listener.urlFor(LISTENER_PATHS.mdmEvents);
    w.assert([...findings.map((f) => ({ ...f, message: `${f.message} (watched at ${where})` })), ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.mdmEvents, s.since, match)], 'readings of the schedule');
    throw new SuiteError('unreachable: missing readings are a finding');
  }
  w.lastEvent = s.results[0];
}

/** a target schedule's first two scheduled times (k = 1, 2) carry every member (the MDM need not wait longer) */
function membersCovered(readings: readonly ScheduledReading[], exp: ScheduleExpectation): boolean {
  const members = exp.target?.members ?? [];
  return [1, 2].every((k) =>
    members.every((m) =>
      readings.some((r) => {
        if (r.meter !== m) return false;
        const n = nearestScheduledTime(r.at.getTime(), exp);
        return n.k === k && Math.abs(n.offsetSeconds) <= exp.toleranceSeconds + 1e-9;
      }),
    ),
  );
}

/** CIM9-204: how severe a member missing from some scheduled reads is */
export function missedReadSeverityOf(assumptions: Readonly<Record<string, unknown>>): MissedReadSeverity {
  const v = String(assumptions['CIM9-204'] ?? 'warning');
  return v === 'error' || v === 'off' ? v : 'warning';
}

/** Then: the readings of a target schedule arrived at the scheduled times, of every member and no other meter */
export function checkTargetReadings(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.exp.target) throw new SuiteError('the schedule names no EndDeviceGroup or UsagePoint: there are no members to check');
  if (!s.results.length || !s.watchedUntil) throw new SuiteError('no reading of the schedule was received before this step');
  const missed = missedReadSeverityOf(w.run.assumptions);
  w.usedAssumptions['CIM9-204'] = missed;
  const ctx = w.ctx(`readings of the schedule of ${s.exp.meter}`);
  w.assert([...checkScheduledReadings(s.readings, s.exp, s.watchedUntil, ctx), ...checkScheduleMembers(s.readings, s.exp, s.watchedUntil, missed, ctx)], 'readings of the schedule');
}

/** Then: every reading message is schema-valid and a conformant created(MeterReadings) EventMessage */
export function checkReadingMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).results, 'reading');
}

/** Then: the readings arrived at the scheduled times, of the requested meter and ReadingType only */
export function checkReadings(w: Cim9World): void {
  const s = stateOf(w);
  if (s.exp.target) throw new SuiteError('the schedule names a group or usage points: its readings are checked against the members');
  if (!s.results.length || !s.watchedUntil) throw new SuiteError('no reading of the schedule was received before this step');
  w.assert(checkScheduledReadings(s.readings, s.exp, s.watchedUntil, w.ctx(`readings of the schedule of ${s.exp.meter}`)), 'readings of the schedule');
}

/** When: the MDM ends the schedule: cancel (or delete, UC-09) naming what it was created with (CIM9-173) */
export async function endSchedule(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  const verb = endVerbOf(w.run.assumptions);
  w.usedAssumptions['UC-09'] = verb;
  const before = w.run.listener.lastSeq;
  const x = await w.send(s.role, scheduleRequest(w, verb, s.edition, s.value), `${verb}(${meterReadScheduleProfile(s.edition)}) of ${s.exp.meter}${s.role === 'MDM' ? ' at the MDM' : ''}`);
  s.ended = { verb, at: x.received?.at ?? new Date(), since: w.run.listener.lastSeq, before, ok: x.wire?.message?.reply?.result === 'OK' };
  return x;
}

/**
 * Then: no further reading of the schedule reaches the MDM (MRS-CANCEL) within the grace period (CIM9-172); for the
 * embedded reference SUT until it is idle. A reading within the tolerance after the reply was in flight: not counted.
 */
export async function checkQuietAfterEnd(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.ended) throw new SuiteError('the schedule was not canceled before this step');
  if (!s.ended.ok) throw new SuiteError(`the ${s.ended.verb} of the schedule was not accepted: there is nothing to watch`);
  w.usedAssumptions['CIM9-172'] = String(w.run.assumptions['CIM9-172'] ?? 0);
  const match = readingDelivery(s.since);
  const left = await w.quietLeft(s.graceSeconds);
  const got: Exchange[] = [];
  let remaining = Math.max(left, 0.05);
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, remaining, `reading after the ${s.ended.verb} of the schedule of ${s.exp.meter}`);
    if (!x) break;
    got.push(x);
    remaining = 0.05;
  }
  const inFlightUntil = s.ended.at.getTime() + s.exp.toleranceSeconds * 1000;
  const late = got.flatMap((x) => readingsOfExchange(x, x.received?.at ?? new Date())).filter((r) => r.at.getTime() > inFlightUntil);
  if (!late.length) w.attach(`No reading of the schedule reached the MDM after the ${s.ended.verb} (watched ${s.graceSeconds} s, or until the SUT was idle; CIM9-172).`, { mediaType: 'text/plain', fileName: 'quiet after the cancel.txt' });
  w.assert(checkAfterScheduleCancel(late, { verb: s.ended.verb, canceledAt: s.ended.at, graceSeconds: s.graceSeconds }, w.ctx(`after the ${s.ended.verb} of the schedule`)), 'quiet after the cancel');
}

/** Then (MR-11): the schedule message the suite sent is valid against the edition's MeterReadSchedule(s) schema (a suite self-check) */
export function checkSentSchedule(w: Cim9World): void {
  const s = stateOf(w);
  const x = w.exchanges.find((e) => e.sent?.header?.verb === 'create' && e.sent.header.noun === meterReadScheduleProfile(s.edition));
  if (!x?.sent) throw new SuiteError('no schedule message was sent before this step');
  const read = readMessage(Buffer.from(x.sent.xml));
  const root = read.ok ? read.wire.message?.payload?.root : undefined;
  if (root?.name !== meterReadScheduleProfile(s.edition)) throw new SuiteError(`the suite's schedule message carries ${root?.name ?? 'no payload'}, not ${meterReadScheduleProfile(s.edition)} (PAY-09): a suite fault, not a verdict on the SUT`);
  const problems = w.run.pack.validate(Buffer.from(x.sent.xml), { label: x.label }).filter((f) => f.severity === 'error');
  if (problems.length) throw new SuiteError(`the suite's own schedule message does not validate against the ${s.edition} schemas (a suite fault, not a verdict on the SUT): ${problems[0]!.message}`);
  w.attach(`${x.label}: the schedule message validates against the ${s.edition} schema pack (${meterReadScheduleProfile(s.edition)}, PAY-09).`, { mediaType: 'text/plain', fileName: 'schedule message.txt' });
}

/** CIM9-205 / CIM9-206: how severe an end not passed on, and another scheduleInterval, are */
export function passOnSeverities(assumptions: Readonly<Record<string, unknown>>): { end: 'error' | 'warning' | 'off'; interval: 'error' | 'warning' | 'off' } {
  const sev = (v: unknown): 'error' | 'warning' | 'off' => (v === 'error' || v === 'off' ? v : 'warning');
  return { end: sev(assumptions['CIM9-205']), interval: sev(assumptions['CIM9-206']) };
}

/**
 * Then (P6, issue 12): the MDM passed the create (or the end) of the schedule on to the head-end the suite plays, which
 * answered it (src/usecases/peer.ts): the request's schema and envelope (layer 1 of the World) and its content
 * (MRS-RELAY-FORWARD). The create not passed on is a failure; the end not passed on: CIM9-205.
 */
export async function checkPassedOn(w: Cim9World, what: 'create' | 'end'): Promise<void> {
  const s = stateOf(w);
  if (s.role !== 'MDM') throw new SuiteError('the schedule was not created at the MDM: nothing is passed on');
  const sev = passOnSeverities(w.run.assumptions);
  w.usedAssumptions['CIM9-206'] = sev.interval;
  const verb = what === 'create' ? 'create' : s.ended?.verb;
  if (!verb) throw new SuiteError('the schedule was not ended before this step');
  if (what === 'end') w.usedAssumptions['CIM9-205'] = sev.end;
  const since = what === 'create' ? s.since : s.ended!.before;
  const noun = meterReadScheduleProfile(s.edition);
  const label = `MDM → head-end ${verb}(${noun})`;
  // a synchronous pass-on came before the MDM's reply; an asynchronous one within the response time
  const wait = what === 'end' && sev.end === 'off' ? 0.5 : w.profile.timeouts.responseSeconds;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > since }, wait, label);
  const ctx = w.ctx(label);
  if (!x) {
    if (what === 'end' && sev.end === 'off') return;
    const severity = what === 'create' ? 'error' : sev.end;
    if (severity === 'off') return;
    w.assert([ruleFinding('MRS-RELAY-FORWARD', `${label}: nothing reached the head-end's address (${w.run.listener.urlFor(LISTENER_PATHS.hes)}) within ${wait} s of the CIS's ${verb}; the MDM passes the ${what === 'create' ? 'schedule' : 'end of the schedule'} on to its head-end`, { severity, file: label, expected: `${what === 'create' ? 'the schedule' : 'the end of the schedule'} passed on to ${w.run.listener.urlFor(LISTENER_PATHS.hes)} within ${wait} s`, actual: `nothing within ${wait} s`, ...(what === 'end' ? { assumptions: { 'CIM9-205': sev.end } } : {}) })], 'the schedule passed on');
    return;
  }
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const got = { verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, value: root && (root.name === 'MeterReadSchedule' || root.name === 'MeterReadSchedules') ? readMeterReadSchedule(root) : undefined };
  // the end names the schedule: its devices and ReadingTypes are compared, its TimeSchedule only when it gives one
  const want = { verb, noun, value: what === 'end' && !got.value?.timeSchedules?.length ? { ...s.value, timeSchedules: undefined } : s.value };
  const findings = [...x.findings, ...checkPassedOnSchedule(got, want, sev.interval, ctx).filter((f) => what === 'create' || !/no TimeSchedule/.test(f.message))];
  if (!findings.some((f) => f.severity === 'error')) w.attach(`${label}: the MDM passed the ${what === 'create' ? 'schedule' : 'end of the schedule'} on with the same meters, ReadingTypes and timing.`, { mediaType: 'text/plain', fileName: `${what} passed on.txt` });
  w.assert(findings, 'the schedule passed on');
}

/**
 * Then (MR-11 with the MDM as SUT): the schedule message the MDM sends the head-end the suite plays, when the CIS creates
 * a schedule at it, follows the profile of the edition (PAY-09) and says what, for whom and when (MRS-MESSAGE-FORMAT);
 * its schema and envelope are layer 1 of the World. Nothing reaching the head-end within the response time is a finding.
 */
export async function checkPassedOnFormat(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (s.role !== 'MDM') throw new SuiteError('the schedule was not created at the MDM: nothing is passed on');
  const profile = meterReadScheduleProfile(s.edition);
  w.usedAssumptions['PAY-09'] = profile;
  const label = `MDM → head-end create(${profile})`;
  const wait = w.profile.timeouts.responseSeconds;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.since }, wait, label);
  const ctx = w.ctx(label);
  if (!x) {
    return w.assert([ruleFinding('MRS-MESSAGE-FORMAT', `${label}: nothing reached the head-end's address (${w.run.listener.urlFor(LISTENER_PATHS.hes)}) within ${wait} s of the CIS's create: no schedule message of the MDM to check`, { file: label, expected: `a schedule message of the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.hes)} within ${wait} s`, actual: `nothing within ${wait} s` })], 'the schedule message of the MDM');
  }
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const named = root && (root.name === 'MeterReadSchedule' || root.name === 'MeterReadSchedules');
  const got = { verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, rootName: root?.name, value: named ? readMeterReadSchedule(root) : undefined };
  const findings = [...x.findings, ...checkScheduleMessageFormat(got, { verb: 'create', profile }, ctx)];
  if (!findings.some((f) => f.severity === 'error')) w.attach(`${label}: the MDM's schedule message is create(${profile}) with a ${profile} payload (PAY-09), valid against the ${s.edition} schemas, with what, for whom and when.`, { mediaType: 'text/plain', fileName: 'schedule message of the MDM.txt' });
  w.assert(findings, 'the schedule message of the MDM');
}

/** the longest the After hook waits for a schedule to be over (its step timeout is LEFTOVER_HOOK_TIMEOUT_MS) */
export const LEFTOVER_WAIT_MS = 60_000;
/** the After hook's timeout: the wait, the clean-up cancel (timeouts.responseSeconds) and a margin */
export const LEFTOVER_HOOK_TIMEOUT_MS = 120_000;

/**
 * After the scenario: a schedule the head-end did not refuse and the scenario did not end is canceled (a clean-up, not
 * recorded as an exchange of the scenario): one it accepted, and one whose reply could not be read (a truncated or
 * unreadable reply says nothing of whether it runs, and a head-end that runs it would read until its interval ends);
 * then, once the schedule is over or the SUT idle (at most LEFTOVER_WAIT_MS: a head-end that ignores the cancel may
 * read until its interval ends), what it caused at the MDM's address and no step examined is claimed and attached as
 * not examined.
 */
export async function claimScheduleLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const mayRun = !s.refused && !s.ended?.ok;
  if (mayRun) await cleanupCancel(w, s).catch(() => undefined);
  if (s.role === 'MDM') {
    // the MDM passed the schedule on to the head-end the suite plays, which runs nothing: what the MDM sent it is claimed
    // (the embedded reference SUT: once it is idle; else after a quiet period)
    if ((await w.sutIdle(w.profile.timeouts.eventSeconds * 1000)) === undefined) {
      await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.hes, since: s.since, quietMs: quietSecondsOf(w.profile) * 1000, deadline: Date.now() + 3 * quietSecondsOf(w.profile) * 1000 });
    }
    claimNotExamined(w, { path: LISTENER_PATHS.hes, since: s.since, title: "Sent by the MDM to the head-end's address after the schedule and not examined by this scenario" });
    return;
  }
  const listener = w.run.listener;
  const quietMs = quietSecondsOf(w.profile) * 1000;
  // an external SUT: until deliveries have been quiet, at most until the schedule's interval ends (a schedule that
  // was ended: a quiet period or two)
  const until = Math.min(s.end.getTime() + 1000, Date.now() + LEFTOVER_WAIT_MS);
  const deadline = mayRun ? until : Date.now() + 3 * quietMs;
  const idle = await w.sutIdle(Math.max(0, until - Date.now()));
  if (idle === undefined) {
    await awaitQuietDeliveries(listener, { path: LISTENER_PATHS.mdmEvents, since: s.since, quietMs, deadline });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: s.since, title: "Delivered to the MDM's address after the schedule and not examined by this scenario" });
}

async function cleanupCancel(w: Cim9World, s: ScheduleState): Promise<void> {
  const p = w.run.profile;
  const verb = endVerbOf(w.run.assumptions);
  const msg = scheduleRequest(w, verb, s.edition, s.value);
  const out = toSoap({ ...msg, generation: w.generation }, p.sut.soapVersion);
  await postSoap(w.run.endpoint(s.role, serviceName(verb, msg.header!.noun)), out.xml, {
    soapVersion: p.sut.soapVersion,
    soapAction: out.soapAction,
    timeoutMs: p.timeouts.responseSeconds * 1000,
    maxBytes: p.sut.maxReplyBytes,
    headers: p.sut.headers,
    basicAuth: p.sut.basicAuth,
    tls: p.sut.tls,
  });
}
