/**
 * Faults of the head-end's meter read schedules (simulator/handlers/read-schedules.ts, features/read-schedules.feature):
 * whether it takes the schedule, when its reads come, what and whom they read, and whether a cancel stops them. Each
 * one a single, minimal violation; the first word of `violates` is the rule the suite names when it catches the
 * fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';
import type { MeterReadScheduleValue } from '../../src/payloads/meterReadSchedules.ts';

export const READ_SCHEDULE_FAULTS: FaultDef[] = [
  {
    id: 'schedule-reply-failed',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: get-profiles
    scope: '@uc:read-schedules or @uc:get-profiles',
    violates: 'ENV-EXPECTED-RESULT (a valid create(MeterReadSchedule) for a known meter is answered OK, MR-01 step 2)',
    roles: ['HES'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: 'the head-end refuses every create(MeterReadSchedule(s)) with Result FAILED (code 5.2, not supported)',
  },
  {
    id: 'schedule-never-fires',
    scope: '@uc:read-schedules',
    violates: 'MRS-READINGS (the schedule produces created(MeterReadings) at its scheduled times)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024'],
    description: 'the head-end accepts the read schedule but never sends a reading of it',
  },
  {
    id: 'schedule-fires-off-time',
    scope: '@uc:read-schedules',
    violates: 'MRS-READING-TIME (the readings arrive at the scheduled times within the tolerance, CIM9-171)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024'],
    description: 'every read of a schedule comes half a recurrence period before its scheduled time (the first one half a period after the start)',
  },
  {
    id: 'schedule-reading-wrong-type',
    scope: '@uc:read-schedules',
    violates: 'MRS-READING-TYPE (the readings of a schedule are of the requested ReadingType only)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the readings of a schedule carry another ReadingType than the one requested (the interval one for a register request, else the register one)',
  },
  {
    id: 'schedule-reading-wrong-meter',
    scope: '@uc:read-schedules',
    violates: 'MRS-READING-METER (the readings of a schedule are of the meter it names only)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the readings of a schedule name another meter the head-end knows than the one the schedule names',
  },
  {
    id: 'schedule-not-stopped-after-cancel',
    // the scenarios that cancel a schedule at the head-end and watch for readings after it (MR-01.1, .2, .3, .5); the
    // others of the family end a schedule without watching, and under this fault waited for its interval to end in vain
    scope: '@usecase:MR-01 and @role:HES',
    violates: 'MRS-CANCEL (after the cancel of a schedule no further reading of it arrives)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024'],
    description: 'the head-end answers cancel / delete(MeterReadSchedule(s)) OK but keeps the schedule running until its scheduleInterval ends',
  },
  {
    id: 'schedule-group-member-left-out',
    scope: '@usecase:MR-01 and @meters:3',
    violates: 'MRS-MEMBERS (the reads of a schedule by EndDeviceGroup or UsagePoint cover every member)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the reads of a schedule that names an EndDeviceGroup or UsagePoints leave out the last of its members',
  },
  {
    id: 'schedule-group-non-member-read',
    scope: '@usecase:MR-01 and @meters:3',
    violates: 'MRS-NON-MEMBER (the reads of a schedule by EndDeviceGroup or UsagePoint are of its members only)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the reads of a schedule that names an EndDeviceGroup or UsagePoints also read a meter the head-end knows that is not a member',
  },
  {
    id: 'usage-point-group-first-only',
    scope: '@usecase:MR-01 and @meters:3',
    violates: 'MRS-MEMBERS (the reads of a schedule by UsagePointGroup cover the meter of every usage point of the group)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the head-end answers create(UsagePointGroups) OK but keeps only the first usage point of each group, so a schedule of the group reads that one only',
  },
  {
    id: 'relay-schedule-without-reading-type',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: read-schedules
    scope: '@usecase:MR-01 and @cap:relay or @uc:read-schedules',
    violates: 'MRS-RELAY-FORWARD (the MDM passes the schedule on to its head-end with the ReadingTypes the CIS asked for)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM passes a read schedule of the CIS on to its head-end without its ReadingTypes',
  },
  {
    id: 'relay-schedule-no-recurrence',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: read-schedules
    scope: '@usecase:MR-11 and @role:MDM or @uc:read-schedules',
    violates: 'MRS-MESSAGE-FORMAT (the schedule message the MDM sends its head-end says when to read: a TimeSchedule with a recurrence or TimePoints)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM passes a read schedule of the CIS on to its head-end with a TimeSchedule that keeps its scheduleInterval but has no recurrencePeriod (nor recurrencePattern nor TimePoints)',
  },
];

type Has = (id: string) => boolean;

/** the usage points the head-end keeps of a UsagePointGroup (usage-point-group-first-only: the first only) */
export const usagePointGroupKept = (usagePoints: string[], has: Has): string[] => (has('usage-point-group-first-only') ? usagePoints.slice(0, 1) : usagePoints);

/** whether the head-end takes a schedule (schedule-reply-failed: no) */
export const scheduleAccepted = (has: Has): boolean => !has('schedule-reply-failed');

/** whether the schedule's reads are sent (schedule-never-fires: no) */
export const scheduleFires = (has: Has): boolean => !has('schedule-never-fires');

/** how far after its scheduled time each read comes, ms (schedule-fires-off-time: half a period early) */
export const readLateByMs = (periodMs: number, has: Has): number => (has('schedule-fires-off-time') ? -periodMs / 2 : 0);

/** the ReadingType a read reports for the one requested (schedule-reading-wrong-type: another one) */
export function toldReadingType(requested: string, alternatives: { register: string; interval: string }, has: Has): string {
  if (!has('schedule-reading-wrong-type')) return requested;
  return requested === alternatives.register ? alternatives.interval : alternatives.register;
}

/** the meter a read names (schedule-reading-wrong-meter: another known meter) */
export function toldMeter(meter: string, known: readonly string[], has: Has): string {
  return has('schedule-reading-wrong-meter') ? (known.find((m) => m !== meter) ?? `${meter}-X`) : meter;
}

/** whether a cancel stops the schedule (schedule-not-stopped-after-cancel: no) */
export const scheduleCancelStops = (has: Has): boolean => !has('schedule-not-stopped-after-cancel');

/** the meters the reads of a schedule by EndDeviceGroup / UsagePoint carry (schedule-group-member-left-out: all but the
 * last member; schedule-group-non-member-read: a known non-member too) */
export function targetMetersRead(members: readonly string[], known: readonly string[], has: Has): string[] {
  let out = [...members];
  if (has('schedule-group-member-left-out') && out.length > 1) out = out.slice(0, -1);
  if (has('schedule-group-non-member-read')) {
    const other = known.find((m) => !members.includes(m));
    if (other) out.push(other);
  }
  return out;
}

/**
 * the schedule the MDM passes on to its head-end (relay-schedule-without-reading-type: without its ReadingTypes;
 * relay-schedule-no-recurrence: its TimeSchedules without recurrencePeriod, recurrencePattern or TimePoints)
 */
export function passedOnSchedule(v: MeterReadScheduleValue, has: Has): MeterReadScheduleValue {
  const out = has('relay-schedule-without-reading-type') ? { ...v, readingTypes: [] } : v;
  if (!has('relay-schedule-no-recurrence')) return out;
  return { ...out, timeSchedules: (out.timeSchedules ?? []).map(({ recurrencePeriod: _p, recurrencePattern: _r, timePoints: _t, ...t }) => t) };
}
