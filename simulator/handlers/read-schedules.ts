/**
 * Meter read schedules at the head-end (MR-01 / MR-11, use-cases.md §3.1).
 *
 * - create(MeterReadSchedule) (2013, draft) / create(MeterReadSchedules) (2024, PAY-09): the schedule names known
 *   EndDevices (else FAILED 2.4), at least one ReadingType and one TimeSchedule with a recurrencePeriod of at least
 *   1 s (the time factor CIM9-203 in seconds, when the profile that started it sets one) and a scheduleInterval start
 *   (else FAILED 1.7). The head-end answers OK, returning the schedule, and reads
 *   the devices at scheduleInterval.start + k × recurrencePeriod (k ≥ 1) until the interval's end (at most 10 min):
 *   each read is a created(MeterReadings) to its MDM (`ctx.subscribers.MDM`) with one MeterReading per device and
 *   a register reading per requested ReadingType, dated at the scheduled time. A schedule may name EndDeviceGroups
 *   (the groups the head-end was told with create(EndDeviceGroups), simulator/handlers/load-control.ts; an unknown
 *   group is FAILED 2.4) and UsagePoints (the meters installed there; an unknown one is FAILED 2.4): their members
 *   are read with the devices named.
 * - cancel or delete(MeterReadSchedule(s)) (UC-09) naming the same devices and ReadingTypes (CIM9-173; the
 *   scheduleInterval start too when it gives one) stops the matching schedules and is answered OK; no match FAILED 2.4.
 * - the MDM with an upstream head-end (P6, issue 12) passes a create / cancel / delete(MeterReadSchedule(s)) of the
 *   CIS on to it: the same verb and schedule (devices, groups, usage points, ReadingTypes, TimeSchedules) with its own
 *   MessageID and CorrelationID, and answers the CIS with the head-end's Result and Errors. Without an upstream
 *   head-end it refuses schedules (FAILED 5.2).
 * The reads are timers of the SUT (ctx.later): pending in ctx.activity, so the SUT is not idle while a schedule
 * runs, and cleared when the simulator closes.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { askUpstream } from './upstream.ts';
import { buildMeterReadSchedule, readMeterReadSchedule, type MeterReadScheduleValue } from '../../src/payloads/meterReadSchedules.ts';
import { buildMeterReadings } from '../../src/payloads/meterReadings.ts';
import type { Store } from '../store.ts';
import { INTERVAL_RT, REGISTER_RT } from '../store.ts';
import type { Handler, SimContext } from '../context.ts';
import { passedOnSchedule, readLateByMs, scheduleAccepted, scheduleCancelStops, scheduleFires, targetMetersRead, toldMeter, toldReadingType, usagePointGroupKept } from '../faults/read-schedules.ts';
import { readUsagePointGroups } from '../../src/payloads/usagePointGroups.ts';
import { groupMembers } from './load-control.ts';

const NOUNS = ['MeterReadSchedule', 'MeterReadSchedules'];
/** the longest a schedule runs in the simulator */
const MAX_RUN_MS = 10 * 60_000;

interface RunningSchedule {
  meters: string[];
  /** the schedule names an EndDeviceGroup or UsagePoints */
  byTarget: boolean;
  readingTypes: string[];
  startMs: number;
  stop: () => void;
}

/** the UsagePointGroups the head-end was told with create(UsagePointGroups): mRID → usage points (CIM9-222) */
const usagePointGroups = new WeakMap<Store, Map<string, string[]>>();
function usagePointGroupsOf(store: Store): Map<string, string[]> {
  let g = usagePointGroups.get(store);
  if (!g) usagePointGroups.set(store, (g = new Map()));
  return g;
}

/** create(UsagePointGroups): the head-end keeps each group's usage points; an unknown usage point is FAILED 2.12 */
function createUsagePointGroups(req: ParsedMessage, ctx: SimContext): Message {
  const groups = req.payload?.root ? readUsagePointGroups(req.payload.root) : [];
  if (!groups.length || groups.some((g) => !g.mRID?.trim())) return ctx.failed(req, 'UsagePointGroups', '1.7', 'the request carries no UsagePointGroup with an mRID');
  const known = new Set([...ctx.store.meters.values()].map((m) => m.usagePoint));
  const unknown = groups.flatMap((g) => (g.usagePoints ?? []).map((u) => (u.mRID ?? '').trim())).filter((u) => !known.has(u));
  if (unknown.length) return ctx.failed(req, 'UsagePointGroups', '2.12', `unknown usage point ${unknown.join(', ')}`);
  for (const g of groups) usagePointGroupsOf(ctx.store).set(g.mRID!.trim(), usagePointGroupKept((g.usagePoints ?? []).map((u) => (u.mRID ?? '').trim()), ctx.has));
  return ctx.response(req, 'UsagePointGroups', 'OK', []);
}

const states = new WeakMap<Store, RunningSchedule[]>();
function runningOf(store: Store): RunningSchedule[] {
  let s = states.get(store);
  if (!s) states.set(store, (s = []));
  return s;
}

/** the schedules still running at the head-end: the meters they read and their ReadingTypes (Q-01 GetMeterReadSchedules) */
export function runningSchedules(store: Store): readonly { meters: readonly string[]; readingTypes: readonly string[] }[] {
  return runningOf(store);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function metersOf(v: MeterReadScheduleValue): string[] {
  return (v.endDevices ?? []).map((d) => d.mRID.trim());
}

const idOf = (o: { mRID?: string }) => (o.mRID ?? '').trim();

/** the meters of the groups and usage points a schedule names, and what of them the head-end does not know */
function targetOf(v: MeterReadScheduleValue, store: Store): { meters: string[]; unknown: string[]; named: boolean } {
  const meters: string[] = [];
  const unknown: string[] = [];
  for (const g of (v.endDeviceGroups ?? []).map(idOf)) {
    const members = groupMembers(store, g);
    if (members) meters.push(...members);
    else unknown.push(`end device group ${g || '(no mRID)'}`);
  }
  const installedAt = (up: string) => [...store.meters.values()].filter((m) => m.usagePoint === up).map((m) => m.mRID);
  for (const up of (v.usagePoints ?? []).map(idOf)) {
    const at = installedAt(up);
    if (at.length) meters.push(...at);
    else unknown.push(`usage point ${up || '(no mRID)'}`);
  }
  for (const g of (v.usagePointGroups ?? []).map(idOf)) {
    const ups = usagePointGroupsOf(store).get(g);
    if (ups) meters.push(...ups.flatMap(installedAt));
    else unknown.push(`usage point group ${g || '(no mRID)'}`);
  }
  return { meters: [...new Set(meters)], unknown, named: !!(v.endDeviceGroups?.length || v.usagePoints?.length || v.usagePointGroups?.length) };
}

function readingTypesOf(v: MeterReadScheduleValue): string[] {
  return (v.readingTypes ?? []).map((r) => (r.mRID ?? '').trim()).filter(Boolean);
}

/** the created(MeterReadings) of one scheduled read */
function read(ctx: SimContext, sched: { meters: string[]; byTarget: boolean; readingTypes: string[] }, at: Date, version: SoapVersion): void {
  const url = ctx.subscribers.MDM;
  if (!url) return;
  const known = [...ctx.store.meters.keys()];
  const meters = sched.byTarget ? targetMetersRead(sched.meters, known, ctx.has) : sched.meters;
  const root = buildMeterReadings({
    meterReadings: meters.map((m) => {
      const meter = ctx.store.meter(toldMeter(m, known, ctx.has));
      return {
        meter: { mRID: meter?.mRID ?? m },
        usagePoint: meter?.usagePoint ? { mRID: meter.usagePoint } : undefined,
        readings: sched.readingTypes.map((rt) => ({ readingType: toldReadingType(rt, { register: REGISTER_RT, interval: INTERVAL_RT }, ctx.has), value: ctx.store.registerValue(meter?.mRID ?? m, at), timeStamp: nowTimestamp(() => at) })),
      };
    }),
  });
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'MeterReadings'), payload: { root } }, version);
}

/** run a schedule: a timer for each read, chained, until the interval's end or a cancel */
function run(ctx: SimContext, sched: Omit<RunningSchedule, 'stop'>, periodMs: number, endMs: number, version: SoapVersion): RunningSchedule {
  const list = runningOf(ctx.store);
  const lateBy = readLateByMs(periodMs, ctx.has);
  let cancel: (() => void) | undefined;
  const entry: RunningSchedule = {
    ...sched,
    stop: () => {
      cancel?.();
      cancel = undefined;
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    },
  };
  const next = (k: number) => {
    let kk = k;
    while (sched.startMs + kk * periodMs + lateBy < Date.now()) kk++;
    const due = sched.startMs + kk * periodMs;
    if (due > endMs) {
      entry.stop();
      return;
    }
    cancel = ctx.later(due + lateBy - Date.now(), () => {
      // the next read is scheduled before this one is sent: the SUT stays busy while the schedule runs
      next(kk + 1);
      if (scheduleFires(ctx.has)) read(ctx, sched, new Date(due), version);
    });
  };
  list.push(entry);
  next(1);
  return entry;
}

function createSchedule(req: ParsedMessage, noun: string, ctx: SimContext, version: SoapVersion): Message {
  const v = req.payload?.root ? readMeterReadSchedule(req.payload.root) : undefined;
  if (!v) return ctx.failed(req, noun, '1.7', 'the request carries no MeterReadSchedule');
  const meters = metersOf(v);
  const readingTypes = readingTypesOf(v);
  const target = targetOf(v, ctx.store);
  if (!meters.length && !target.named) return ctx.failed(req, noun, '1.7', 'the schedule names no EndDevice, EndDeviceGroup, UsagePoint or UsagePointGroup (the head-end reads devices it names)');
  const unknown = [...meters.filter((m) => !ctx.store.meter(m)).map((m) => `end device ${m}`), ...target.unknown];
  if (unknown.length) return ctx.failed(req, noun, '2.4', `unknown ${unknown.join(', ')}`);
  if (!readingTypes.length) return ctx.failed(req, noun, '1.7', 'the schedule names no ReadingType');
  const ts = (v.timeSchedules ?? [])[0];
  const period = ts?.recurrencePeriod;
  const startMs = Date.parse(ts?.scheduleInterval.start ?? '');
  // at least 1 s; under the profile's time factor (CIM9-203, the reference profiles), that many seconds
  const minPeriod = ctx.timeFactor;
  if (!ts || period === undefined || !(period >= minPeriod - 1e-9) || !Number.isFinite(startMs)) return ctx.failed(req, noun, '1.7', `the schedule needs a TimeSchedule with a recurrencePeriod of at least ${minPeriod} s and a scheduleInterval start`);
  if (!scheduleAccepted(ctx.has)) return ctx.failed(req, noun, '5.2', 'read schedules are not supported by the head-end');
  const endParsed = Date.parse(ts.scheduleInterval.end ?? '');
  const endMs = Math.min(Number.isFinite(endParsed) ? endParsed : Infinity, Math.max(startMs, Date.now()) + MAX_RUN_MS);
  const canonical = [...new Set([...meters.map((m) => ctx.store.meter(m)!.mRID), ...target.meters])];
  run(ctx, { meters: canonical, byTarget: target.named, readingTypes, startMs }, period * 1000, endMs, version);
  return ctx.response(req, noun, 'OK', [], { root: buildMeterReadSchedule(v, noun === 'MeterReadSchedules' ? '2024' : '2013') });
}

function endSchedule(req: ParsedMessage, noun: string, ctx: SimContext): Message {
  const v = req.payload?.root ? readMeterReadSchedule(req.payload.root) : undefined;
  const meters = v ? [...new Set([...metersOf(v).map((m) => ctx.store.meter(m)?.mRID ?? m), ...targetOf(v, ctx.store).meters])] : [];
  const readingTypes = v ? readingTypesOf(v) : [];
  if (!meters.length) return ctx.failed(req, noun, '1.7', 'the request names no EndDevice, EndDeviceGroup or UsagePoint of a schedule');
  const startMs = Date.parse(v?.timeSchedules?.[0]?.scheduleInterval.start ?? '');
  const found = runningOf(ctx.store).filter((s) => sameSet(s.meters, meters) && (!readingTypes.length || sameSet(s.readingTypes, readingTypes)) && (!Number.isFinite(startMs) || s.startMs === startMs));
  if (!found.length) return ctx.failed(req, noun, '2.4', `no running schedule of ${meters.join(', ')}${readingTypes.length ? ` reading ${readingTypes.join(', ')}` : ''}`);
  if (scheduleCancelStops(ctx.has)) for (const s of found) s.stop();
  return ctx.response(req, noun, 'OK', []);
}

/** the MDM passes a schedule request of the CIS on to its head-end and answers with the head-end's outcome */
async function passOn(req: ParsedMessage, noun: string, verb: string, ctx: SimContext, version: SoapVersion): Promise<Message> {
  const url = ctx.upstream.HES;
  if (!url) return ctx.failed(req, noun, '5.2', 'read schedules are passed on to a head-end, and this MDM has none');
  const v = req.payload?.root ? readMeterReadSchedule(req.payload.root) : undefined;
  if (!v) return ctx.failed(req, noun, '1.7', 'the request carries no MeterReadSchedule');
  const header = { ...ctx.header(verb, noun), correlationId: newMessageId() };
  const ask: Message = { kind: 'request', header, payload: { root: buildMeterReadSchedule(passedOnSchedule(v, ctx.has), noun === 'MeterReadSchedules' ? '2024' : '2013') } };
  const a = await askUpstream(ctx, url, ask, version, `${verb}(${noun})`);
  if (!a.ok) return ctx.failed(req, noun, '5.3', `the head-end did not take the schedule: ${a.why}`);
  return ctx.response(req, noun, a.result, a.errors);
}

export const readSchedulesHandler: Handler = {
  name: 'meter read schedules at the head-end (and passed on by the MDM), and the UsagePointGroups they may name',
  matches: (role, noun, verb) =>
    ((role === 'HES' || role === 'MDM') && NOUNS.includes(noun) && (verb === 'create' || verb === 'cancel' || verb === 'delete')) || (role === 'HES' && noun === 'UsagePointGroups' && verb === 'create'),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role): Message | Promise<Message> {
    const noun = req.header?.noun || req.wrapperNoun || 'MeterReadSchedule';
    const verb = req.header?.verb ?? req.wrapperVerb ?? '';
    if (noun === 'UsagePointGroups') return createUsagePointGroups(req, ctx);
    if (role === 'MDM') return passOn(req, noun, verb, ctx, version);
    return verb === 'create' ? createSchedule(req, noun, ctx, version) : endSchedule(req, noun, ctx);
  },
};
