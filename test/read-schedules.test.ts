/**
 * Meter read schedules (MR-01, MR-11): the pure checks of src/checks/read-schedules.ts, the timing and verbs the use
 * case takes from the register, and the reference head-end (simulator/handlers/read-schedules.ts) whose readings
 * pass the checks, while each fault of simulator/faults/read-schedules.ts makes them fail with the rule it violates.
 * The simulator's schedule timers end with the simulator.
 * Run: node --import tsx --test test/read-schedules.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Simulator } from '../simulator/server.ts';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { passedOnSchedule, READ_SCHEDULE_FAULTS } from '../simulator/faults/read-schedules.ts';
import { readMessage, toSoap, type Message } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { isRuleId } from '../src/checks/catalogue.ts';
import { checkAfterScheduleCancel, checkPassedOnSchedule, checkScheduleMessageFormat, checkScheduledReadings, checkScheduleMembers, nearestScheduledTime, type ScheduledReading, type ScheduleExpectation, type ScheduleTarget } from '../src/checks/read-schedules.ts';
import { answerAsHeadEnd } from '../src/usecases/peer.ts';
import { endVerbOf, missedReadSeverityOf, passOnSeverities, scheduleEditionOf, scheduleTiming, scheduleValue } from '../src/usecases/read-schedules.ts';
import { buildEndDeviceGroups } from '../src/payloads/endDeviceGroups.ts';
import { buildUsagePointGroups } from '../src/payloads/usagePointGroups.ts';
import { buildMeterReadSchedule, meterReadScheduleProfile } from '../src/payloads/meterReadSchedules.ts';
import { readMeterReadings } from '../src/payloads/meterReadings.ts';
import { NOT_COVERED } from '../src/usecases/ids.ts';
import { headEndBench } from './peers.ts';
import { ROOT, runCim9InProcess } from './cli.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const T0 = new Date('2026-01-01T10:00:00Z');
const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const ctx = () => contextFor({ label: 't', skewSeconds: 60, assumptions: {} });
const rules = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))].sort();
const exp = (o: Partial<ScheduleExpectation> = {}): ScheduleExpectation => ({ meter: 'M-1', readingTypes: [RT], start: T0, periodSeconds: 2, toleranceSeconds: 0.5, ...o });
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const rd = (s: number, o: Partial<ScheduledReading> = {}): ScheduledReading => ({ label: `r@${s}`, at: at(s), meter: 'M-1', readingTypes: [RT], ...o });

describe('checkScheduledReadings (MRS-READINGS, MRS-READING-TIME, MRS-READING-TYPE, MRS-READING-METER)', () => {
  test('two readings at the scheduled times, of the meter and ReadingType: no finding', () => {
    assert.deepEqual(checkScheduledReadings([rd(2.1), rd(4.05)], exp(), at(4.1), ctx()), []);
    // k = 0 (at the start) counts too, and the tolerance both ways
    assert.deepEqual(checkScheduledReadings([rd(0.2), rd(1.6)], exp(), at(1.7), ctx()), []);
  });
  test('none, or one, is MRS-READINGS', () => {
    assert.deepEqual(rules(checkScheduledReadings([], exp(), at(4.5), ctx())), ['MRS-READINGS']);
    assert.deepEqual(rules(checkScheduledReadings([rd(2)], exp(), at(4.5), ctx())), ['MRS-READINGS']);
    assert.match(checkScheduledReadings([], exp(), at(4.5), ctx())[0]!.message, /no created\(MeterReadings\)/);
  });
  test('half a period off, or a scheduled time skipped, is MRS-READING-TIME', () => {
    assert.deepEqual(rules(checkScheduledReadings([rd(1), rd(3)], exp(), at(4.5), ctx())), ['MRS-READING-TIME']);
    assert.deepEqual(rules(checkScheduledReadings([rd(2), rd(6)], exp(), at(6.6), ctx())), ['MRS-READING-TIME']);
    assert.deepEqual(nearestScheduledTime(at(3.2).getTime(), exp()), { k: 2, offsetSeconds: -0.8 });
    assert.deepEqual(nearestScheduledTime(at(-5).getTime(), exp()).k, 0);
  });
  test('another ReadingType, or the requested one missing, is MRS-READING-TYPE', () => {
    const other = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
    assert.deepEqual(rules(checkScheduledReadings([rd(2, { readingTypes: [other] }), rd(4, { readingTypes: [other] })], exp(), at(4.1), ctx())), ['MRS-READING-TYPE']);
    assert.deepEqual(rules(checkScheduledReadings([rd(2, { readingTypes: [RT, other] }), rd(4)], exp(), at(4.1), ctx())), ['MRS-READING-TYPE']);
  });
  test('another meter, or none named, is MRS-READING-METER', () => {
    assert.deepEqual(rules(checkScheduledReadings([rd(2, { meter: 'M-2' }), rd(4)], exp(), at(4.1), ctx())), ['MRS-READING-METER']);
    assert.deepEqual(rules(checkScheduledReadings([rd(2, { meter: undefined }), rd(4)], exp(), at(4.1), ctx())), ['MRS-READING-METER']);
  });
  test('MRS-CANCEL: any reading after the cancel', () => {
    assert.deepEqual(checkAfterScheduleCancel([], { verb: 'cancel', canceledAt: at(5), graceSeconds: 4.5 }, ctx()), []);
    assert.deepEqual(rules(checkAfterScheduleCancel([rd(6)], { verb: 'cancel', canceledAt: at(5), graceSeconds: 4.5 }, ctx())), ['MRS-CANCEL']);
  });
});

describe('the schedule findings carry expected / actual (issue 16)', () => {
  const ea = (fs: Finding[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
  test('the scheduled time, meter and ReadingType against what arrived; a read after the cancel', () => {
    assert.deepEqual(ea(checkScheduledReadings([rd(1), rd(4, { meter: 'M-2' })], exp(), at(4.1), ctx())), [
      ['MRS-READING-TIME', 'at start + 1 × 2 s (± 0.5 s)', '1 s before it'],
      ['MRS-READING-TIME', 'a reading at start + 1 × 2 s (± 0.5 s)', 'none'],
      ['MRS-READING-METER', 'meter M-1', 'meter M-2'],
    ]);
    assert.deepEqual(ea(checkScheduledReadings([], exp(), at(4.5), ctx())), [['MRS-READINGS', 'a created(MeterReadings) every 2 s (± 0.5 s), at least two', 'none']]);
    assert.deepEqual(ea(checkAfterScheduleCancel([rd(6)], { verb: 'cancel', canceledAt: at(5), graceSeconds: 0.5 }, ctx())), [['MRS-CANCEL', 'nothing after cancel(MeterReadSchedule) (grace 0.5 s)', 'r@6, 1 s after']]);
  });
});

describe('checkScheduleMembers (MRS-MEMBERS, MRS-NON-MEMBER; CIM9-204)', () => {
  const target: ScheduleTarget = { kind: 'EndDeviceGroup', ids: ['G-1'], members: ['M-1', 'M-2'] };
  const te = exp({ meter: 'EndDeviceGroup G-1', target });
  const both = (t: number) => [rd(t, { meter: 'M-1' }), rd(t, { meter: 'M-2' })];
  const sev = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule}`).sort();
  test('every member at every scheduled time, in one message or several: no finding; the meter checks of a one-meter schedule do not apply', () => {
    assert.deepEqual(checkScheduleMembers([...both(2), ...both(4)], te, at(4.6), 'warning', ctx()), []);
    const split = [rd(2, { meter: 'M-1', label: 'a' }), rd(2.1, { meter: 'M-2', label: 'b' }), rd(4, { meter: 'M-1', label: 'c' }), rd(4.1, { meter: 'M-2', label: 'd' })];
    assert.deepEqual(checkScheduleMembers(split, te, at(4.6), 'error', ctx()), []);
    assert.deepEqual(checkScheduledReadings([...both(2), ...both(4)], te, at(4.6), ctx()), []);
    assert.deepEqual(checkScheduleMembers([rd(2, { meter: 'M-9' })], exp(), at(4.6), 'error', ctx()), [], 'no target: nothing to check');
  });
  test('a member never read is MRS-MEMBERS (an error whatever CIM9-204 says)', () => {
    const got = [rd(2, { meter: 'M-1' }), rd(4, { meter: 'M-1' })];
    for (const m of ['error', 'warning', 'off'] as const) assert.deepEqual(sev(checkScheduleMembers(got, te, at(4.6), m, ctx())), ['error MRS-MEMBERS'], m);
    assert.match(checkScheduleMembers(got, te, at(4.6), 'warning', ctx())[0]!.message, /member M-2 of EndDeviceGroup G-1/);
  });
  test('a member missing from one scheduled read only: the severity of CIM9-204 (warning by default)', () => {
    const got = [...both(2), rd(4, { meter: 'M-1' })];
    assert.deepEqual(sev(checkScheduleMembers(got, te, at(4.6), 'warning', ctx())), ['warning MRS-MEMBERS']);
    assert.deepEqual(sev(checkScheduleMembers(got, te, at(4.6), 'error', ctx())), ['error MRS-MEMBERS']);
    assert.deepEqual(checkScheduleMembers(got, te, at(4.6), 'off', ctx()), []);
    // a scheduled time not yet due while the MDM watched is not judged
    assert.deepEqual(checkScheduleMembers(got, te, at(4.2), 'error', ctx()), []);
    assert.equal(missedReadSeverityOf({}), 'warning');
    assert.equal(missedReadSeverityOf({ 'CIM9-204': 'error' }), 'error');
    assert.equal(missedReadSeverityOf({ 'CIM9-204': 'off' }), 'off');
    assert.equal(missedReadSeverityOf({ 'CIM9-204': 'bogus' }), 'warning');
  });
  test('a reading of a meter outside the target, or of none, is MRS-NON-MEMBER', () => {
    assert.deepEqual(rules(checkScheduleMembers([...both(2), ...both(4), rd(4, { meter: 'M-3' })], te, at(4.6), 'warning', ctx())), ['MRS-NON-MEMBER']);
    assert.deepEqual(rules(checkScheduleMembers([...both(2), ...both(4), rd(4, { meter: undefined })], te, at(4.6), 'warning', ctx())), ['MRS-NON-MEMBER']);
  });
});

describe('checkPassedOnSchedule (MRS-RELAY-FORWARD; CIM9-206) and the head-end the suite plays', () => {
  const want = { verb: 'create', noun: 'MeterReadSchedule', value: scheduleValue({ meter: 'M-1001', readingTypes: [RT], start: T0, end: at(60), periodSeconds: 3 }) };
  const sev = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule}`).sort();
  test('the same verb, noun, meters, ReadingTypes and timing: no finding', () => {
    assert.deepEqual(checkPassedOnSchedule({ ...want }, want, 'error', ctx()), []);
  });
  test('a ReadingType, a meter or the period not passed on, another verb or no payload: MRS-RELAY-FORWARD errors', () => {
    assert.deepEqual(sev(checkPassedOnSchedule({ ...want, value: { ...want.value, readingTypes: [] } }, want, 'warning', ctx())), ['error MRS-RELAY-FORWARD']);
    assert.deepEqual(sev(checkPassedOnSchedule({ ...want, value: { ...want.value, endDevices: [{ mRID: 'M-1002' }] } }, want, 'warning', ctx())), ['error MRS-RELAY-FORWARD', 'error MRS-RELAY-FORWARD']);
    assert.deepEqual(sev(checkPassedOnSchedule({ ...want, value: { ...want.value, timeSchedules: [{ ...want.value.timeSchedules![0]!, recurrencePeriod: 60 }] } }, want, 'warning', ctx())), ['error MRS-RELAY-FORWARD']);
    assert.deepEqual(sev(checkPassedOnSchedule({ ...want, verb: 'get' }, want, 'warning', ctx())), ['error MRS-RELAY-FORWARD']);
    assert.deepEqual(sev(checkPassedOnSchedule({ verb: 'create', noun: 'MeterReadSchedule' }, want, 'warning', ctx())), ['error MRS-RELAY-FORWARD']);
  });
  test('another scheduleInterval: the severity of CIM9-206 (warning by default)', () => {
    const moved = { ...want, value: { ...want.value, timeSchedules: [{ ...want.value.timeSchedules![0]!, scheduleInterval: { start: at(10).toISOString(), end: want.value.timeSchedules![0]!.scheduleInterval.end } }] } };
    assert.deepEqual(sev(checkPassedOnSchedule(moved, want, 'warning', ctx())), ['warning MRS-RELAY-FORWARD']);
    assert.deepEqual(sev(checkPassedOnSchedule(moved, want, 'error', ctx())), ['error MRS-RELAY-FORWARD']);
    assert.deepEqual(checkPassedOnSchedule(moved, want, 'off', ctx()), []);
    assert.deepEqual(passOnSeverities({}), { end: 'warning', interval: 'warning' });
    assert.deepEqual(passOnSeverities({ 'CIM9-205': 'error', 'CIM9-206': 'off' }), { end: 'error', interval: 'off' });
  });
  test("the suite's head-end answers create / cancel(MeterReadSchedule) OK for a known meter, FAILED 2.4 for an unknown one, and refuses another verb", () => {
    const settings = { generation: '2013' as const, meters: [{ mRID: 'M-1001', usagePoint: 'UP-1001' }], readingTypes: [RT], maxBytes: 1 << 20, schemaErrors: () => [] };
    const ask = (verb: string, v: ReturnType<typeof scheduleValue>) => answerAsHeadEnd(Buffer.from(toSoap(request(verb, v), '1.1').xml), '1.1', settings);
    const parsed = (xml: string) => {
      const r = readMessage(Buffer.from(xml));
      assert.ok(r.ok);
      return r.wire.message;
    };
    for (const verb of ['create', 'cancel']) {
      const a = ask(verb, want.value);
      assert.equal(a.refused, undefined, verb);
      assert.equal(parsed(a.xml)?.reply?.result, 'OK', verb);
    }
    const unknown = ask('create', { ...want.value, endDevices: [{ mRID: 'M-9' }] });
    assert.deepEqual(parsed(unknown.xml)?.reply?.errors?.map((e) => e.code), ['2.4']);
    assert.equal(ask('change', want.value).refused?.code, '2.9');
  });
});

describe('the timing, the end verb and the profile name the use case takes', () => {
  test('CIM9-170/171/172 defaults, overrides, and the grace period of 0 = two periods plus the tolerance', () => {
    assert.deepEqual(scheduleTiming({}), { periodSeconds: 3, toleranceSeconds: 0.75, graceSeconds: 6.75, timeFactor: 1 });
    assert.deepEqual(scheduleTiming({ 'CIM9-170': 5, 'CIM9-171': 1, 'CIM9-172': 3 }), { periodSeconds: 5, toleranceSeconds: 1, graceSeconds: 3, timeFactor: 1 });
    assert.equal(scheduleTiming({ 'CIM9-170': 0 }).periodSeconds, 3);
  });
  test('UC-09: cancel by default, delete on request', () => {
    assert.equal(endVerbOf({}), 'cancel');
    assert.equal(endVerbOf({ 'UC-09': 'delete' }), 'delete');
  });
  test('PAY-09: MeterReadSchedule for 2013 and the draft, MeterReadSchedules for 2024; the schedule validates in both packs', () => {
    assert.equal(scheduleEditionOf('2024'), '2024');
    assert.equal(scheduleEditionOf('2013'), '2013');
    const v = scheduleValue({ meter: 'M-1001', readingTypes: [RT], start: T0, end: at(60), periodSeconds: 2 });
    const byGroup = scheduleValue({ target: { kind: 'EndDeviceGroup', ids: ['EDG-1'] }, readingTypes: [RT], start: T0, end: at(60), periodSeconds: 2 });
    const byUp = scheduleValue({ target: { kind: 'UsagePoint', ids: ['UP-1001', 'UP-1002'] }, readingTypes: [RT], start: T0, end: at(60), periodSeconds: 2 });
    const byUpGroup = scheduleValue({ target: { kind: 'UsagePointGroup', ids: ['UPG-1'] }, readingTypes: [RT], start: T0, end: at(60), periodSeconds: 2 });
    assert.deepEqual(byUpGroup.usagePointGroups, [{ mRID: 'UPG-1' }]);
    assert.deepEqual([byGroup.endDevices, byGroup.endDeviceGroups, byUp.usagePoints?.length], [undefined, [{ mRID: 'EDG-1' }], 2]);
    for (const edition of ['2013', '2024'] as const) {
      const p = loadSchemaPack(defaultPackDir(edition));
      try {
        for (const value of [v, byGroup, byUp, byUpGroup]) {
          const m: Message = { kind: 'request', header: header('create', meterReadScheduleProfile(edition)), payload: { root: buildMeterReadSchedule(value, edition) } };
          assert.deepEqual(p.validate(Buffer.from(toSoap(m, '1.1').xml), { label: edition }).filter((f) => f.severity === 'error'), [], edition);
        }
      } finally {
        p.dispose?.();
      }
    }
  });
  test('MR-01 and MR-11 are covered; every fault names a catalogued rule', () => {
    assert.equal(NOT_COVERED['MR-01'], undefined);
    assert.equal(NOT_COVERED['MR-11'], undefined);
    for (const f of READ_SCHEDULE_FAULTS) assert.ok(isRuleId(violatedRule(f)), f.id);
  });
});

// ------------------------------------------------------------------------------------------------ the reference head-end

const bench = headEndBench({ source: 'test-mdm', noun: 'MeterReadings' });
const { header, sim } = bench;

async function post(s: Simulator, m: Message): Promise<string> {
  return (await bench.post(s, m))?.reply?.result ?? '';
}

/** the readings that arrive at `path` until none came for `ms`, or `max` arrived */
async function readings(path: string, ms: number, max = Infinity): Promise<ScheduledReading[]> {
  const out: ScheduledReading[] = [];
  while (out.length < max) {
    const o = await bench.listener.waitFor({ path }, ms, 'test');
    if (!o.ok) return out;
    const r = readMessage(o.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    assert.equal(r.wire.message.header?.verb, 'created');
    out.push(...readMeterReadings(r.wire.message.payload.root).meterReadings.map((m) => ({ label: `#${o.message.seq}`, at: o.message.receivedAt, meter: m.meter?.mRID, readingTypes: (m.readings ?? []).map((x) => x.readingType) })));
  }
  return out;
}

const request = (verb: string, v: ReturnType<typeof scheduleValue>) => ({ kind: 'request' as const, header: header(verb, 'MeterReadSchedule'), payload: { root: buildMeterReadSchedule(v, '2013') } });

/** a schedule every 2 s from the next whole second, for M-1001 (checked with a tolerance of `tol` s) */
async function schedule(faults: string[] = [], runSeconds = 20, tol = 0.9) {
  const { s, path } = await sim(faults);
  const start = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
  const v = scheduleValue({ meter: 'M-1001', readingTypes: [RT], start, end: new Date(start.getTime() + runSeconds * 1000), periodSeconds: 2 });
  const result = await post(s, request('create', v));
  return { s, path, v, result, e: exp({ meter: 'M-1001', start, periodSeconds: 2, toleranceSeconds: tol }) };
}

describe('the reference head-end: read schedules', () => {
  test('two reads at the scheduled times; cancel stops them; a second cancel names no running schedule (FAILED)', async () => {
    const { s, path, v, result, e } = await schedule();
    assert.equal(result, 'OK');
    const got = await readings(path, 4000, 2);
    assert.equal(got.length, 2);
    assert.deepEqual(checkScheduledReadings(got, e, got[1]!.at, ctx()), []);
    assert.equal(await post(s, request('cancel', v)), 'OK');
    const canceledAt = Date.now();
    assert.deepEqual((await readings(path, 2500)).filter((r) => r.at.getTime() > canceledAt + 900), []);
    assert.equal(await post(s, request('cancel', v)), 'FAILED');
  });
  test('delete ends a schedule too (UC-09); an unknown meter or no period is FAILED', async () => {
    const { s, v, result } = await schedule();
    assert.equal(result, 'OK');
    assert.equal(await post(s, request('delete', v)), 'OK');
    assert.equal(await post(s, request('create', { ...v, endDevices: [{ mRID: 'M-9999' }] })), 'FAILED');
    assert.equal(await post(s, request('create', { ...v, timeSchedules: [{ scheduleInterval: v.timeSchedules![0]!.scheduleInterval }] })), 'FAILED');
  });
  test('closing the simulator clears the timers of a running schedule: the process ends at once', () => {
    // a schedule of 10 minutes, every second; a timer left behind keeps a process alive (and the test's timeout says so)
    const script = `
      const { startSimulator } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'simulator', 'server.ts')).href)});
      const { toSoap, readMessage, newMessageId, nowTimestamp } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'message', 'index.ts')).href)});
      const { postSoap, closeAllClients } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'transport', 'index.ts')).href)});
      const { defaultPackDir, loadSchemaPack } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'schema', 'index.ts')).href)});
      const { buildMeterReadSchedule } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'payloads', 'meterReadSchedules.ts')).href)});
      const { scheduleValue } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'usecases', 'read-schedules.ts')).href)});
      const pack = loadSchemaPack(defaultPackDir('2013'));
      const s = await startSimulator({ schemaPack: pack });
      const start = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
      const v = scheduleValue({ meter: 'M-1001', readingTypes: ['${RT}'], start, end: new Date(start.getTime() + 600000), periodSeconds: 1 });
      const out = toSoap({ kind: 'request', header: { verb: 'create', noun: 'MeterReadSchedule', timestamp: nowTimestamp(), source: 't', messageId: newMessageId(), correlationId: newMessageId() }, payload: { root: buildMeterReadSchedule(v, '2013') } }, '1.1');
      const r = await postSoap(s.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1e6 });
      const m = r.ok ? readMessage(r.body) : undefined;
      console.log(m?.ok && m.wire.message?.reply?.result === 'OK' ? 'created' : 'not created');
      await new Promise((res) => setTimeout(res, 1200));
      await s.close();
      await closeAllClients(100);
      pack.dispose?.();
      console.log('closed');
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, null, `the process was still alive after 30 s: a schedule timer outlived the simulator\n${r.stdout}${r.stderr}`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['created', 'closed']);
  });
  test('each fault makes the checks fail with the rule it violates', async () => {
    const outcomes = await Promise.all(
      READ_SCHEDULE_FAULTS.filter((f) => !GROUP_FAULTS.includes(f.id) && f.roles?.includes('HES')).map(async (f) => {
        // half a period off (schedule-fires-off-time) is 1 s: a tolerance of 0.6 s leaves the load of the machine 0.4 s
        const { s, path, v, result, e } = await schedule([f.id], 9, 0.6);
        if (result !== 'OK') return { id: f.id, rules: result === 'FAILED' ? ['ENV-EXPECTED-RESULT'] : [] };
        const first = await readings(path, 4800, 2);
        const found = rules(checkScheduledReadings(first, e, first[1]?.at ?? new Date(e.start.getTime() + 4600), ctx()));
        const canceledAt = new Date();
        assert.equal(await post(s, request('cancel', v)), 'OK');
        const afterCancel = await readings(path, 2600);
        return { id: f.id, rules: [...found, ...rules(checkAfterScheduleCancel(afterCancel.filter((r) => r.at > new Date(canceledAt.getTime() + 600)), { verb: 'cancel', canceledAt, graceSeconds: 2.6 }, ctx()))] };
      }),
    );
    for (const o of outcomes) {
      const f = FAULTS.find((x) => x.id === o.id)!;
      assert.ok(o.rules.includes(violatedRule(f)), `${o.id}: ${o.rules.join(', ') || 'no finding'}`);
    }
  });
});

const TARGET_FAULTS = ['schedule-group-member-left-out', 'schedule-group-non-member-read'];
/** faults of the groups a schedule may name (tested with their own target below), not of a one-meter schedule */
const GROUP_FAULTS = [...TARGET_FAULTS, 'usage-point-group-first-only'];

/** a schedule every 2 s of a group of M-1001 and M-1002 (defined first) or of their usage points */
async function targetSchedule(kind: ScheduleTarget['kind'], faults: string[] = []) {
  const { s, path } = await sim(faults);
  const members = ['M-1001', 'M-1002'];
  const ids = kind === 'EndDeviceGroup' ? ['EDG-T'] : kind === 'UsagePointGroup' ? ['UPG-T'] : ['UP-1001', 'UP-1002'];
  if (kind === 'EndDeviceGroup') {
    const g = await bench.post(s, { kind: 'request', header: header('create', 'EndDeviceGroups'), payload: { root: buildEndDeviceGroups([{ mRID: 'EDG-T', endDevices: members.map((mRID) => ({ mRID })) }]) } });
    assert.equal(g?.reply?.result, 'OK');
  }
  if (kind === 'UsagePointGroup') {
    const g = await bench.post(s, { kind: 'request', header: header('create', 'UsagePointGroups'), payload: { root: buildUsagePointGroups([{ mRID: 'UPG-T', usagePoints: [{ mRID: 'UP-1001' }, { mRID: 'UP-1002' }] }]) } });
    assert.equal(g?.reply?.result, 'OK');
  }
  const start = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000);
  const v = scheduleValue({ target: { kind, ids }, readingTypes: [RT], start, end: new Date(start.getTime() + 9000), periodSeconds: 2 });
  const result = await post(s, request('create', v));
  return { s, path, v, result, e: exp({ meter: `${kind} ${ids.join(', ')}`, target: { kind, ids, members }, start, periodSeconds: 2, toleranceSeconds: 0.9 }) };
}

describe('the reference head-end: read schedules by EndDeviceGroup and UsagePoint', () => {
  test('every member and no other meter is read at each scheduled time; cancel repeating the target stops them; an unknown group or usage point is FAILED', async () => {
    for (const kind of ['EndDeviceGroup', 'UsagePoint', 'UsagePointGroup'] as const) {
      const { s, path, v, result, e } = await targetSchedule(kind);
      assert.equal(result, 'OK', kind);
      const got = await readings(path, 4000, 4);
      assert.deepEqual([...new Set(got.map((r) => r.meter))].sort(), ['M-1001', 'M-1002'], kind);
      const until = got[got.length - 1]!.at;
      assert.deepEqual([...checkScheduledReadings(got, e, until, ctx()), ...checkScheduleMembers(got, e, until, 'error', ctx())], [], kind);
      assert.equal(await post(s, request('cancel', v)), 'OK', kind);
      const unknown = kind === 'EndDeviceGroup' ? { ...v, endDeviceGroups: [{ mRID: 'EDG-NONE' }] } : kind === 'UsagePointGroup' ? { ...v, usagePointGroups: [{ mRID: 'UPG-NONE' }] } : { ...v, usagePoints: [{ mRID: 'UP-9999' }] };
      assert.equal(await post(s, request('create', unknown)), 'FAILED', kind);
    }
  });
  test('each target fault makes the checks fail with the rule it violates', async () => {
    for (const id of TARGET_FAULTS) {
      const { s, path, v, result, e } = await targetSchedule('EndDeviceGroup', [id]);
      assert.equal(result, 'OK', id);
      const got = await readings(path, 4000, 2);
      assert.ok(rules(checkScheduleMembers(got, e, got[got.length - 1]!.at, 'warning', ctx())).includes(violatedRule(FAULTS.find((f) => f.id === id)!)), id);
      assert.equal(await post(s, request('cancel', v)), 'OK', id);
    }
  });
  test('usage-point-group-first-only: the group keeps its first usage point only, the schedule misses the other member (MRS-MEMBERS); a group of an unknown usage point is FAILED 2.12', async () => {
    const id = 'usage-point-group-first-only';
    const { s, path, v, result, e } = await targetSchedule('UsagePointGroup', [id]);
    assert.equal(result, 'OK');
    const got = await readings(path, 4000, 2);
    assert.deepEqual([...new Set(got.map((r) => r.meter))], ['M-1001']);
    assert.ok(rules(checkScheduleMembers(got, e, got[got.length - 1]!.at, 'warning', ctx())).includes(violatedRule(FAULTS.find((f) => f.id === id)!)));
    assert.equal(await post(s, request('cancel', v)), 'OK');
    const bad = await bench.post(s, { kind: 'request', header: header('create', 'UsagePointGroups'), payload: { root: buildUsagePointGroups([{ mRID: 'UPG-X', usagePoints: [{ mRID: 'UP-9999' }] }]) } });
    assert.deepEqual([bad?.reply?.result, bad?.reply?.errors?.[0]?.code], ['FAILED', '2.12']);
  });
});

describe('cim9 run: MR-01 against the reference head-end', () => {
  test('the MDM passing a schedule on without its ReadingType fails MR-01.4 with MRS-RELAY-FORWARD; a clean run passes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-read-schedules-'));
    try {
      const clean = await runCim9InProcess(['run', '--profile', 'profiles/reference-mdm.yaml', '--tags', '@req:MR-01.4', '--reports', join(dir, 'clean')]);
      assert.match(clean.stdout, /conformance: 1 passed, 0 failed, 0 error/, clean.stdout + clean.stderr);
      const r = await runCim9InProcess(['run', '--profile', 'profiles/reference-mdm.yaml', '--tags', '@req:MR-01.4', '--fault', 'relay-schedule-without-reading-type', '--reports', join(dir, 'fault')]);
      assert.match(r.stdout, /conformance: 0 passed, 1 failed, 0 error/, r.stdout + r.stderr);
      assert.match(readFileSync(join(dir, 'fault', 'conformance.md'), 'utf8'), /error MRS-RELAY-FORWARD: .*ReadingType .* is not passed on/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a schedule that never fires fails the waiting step with MRS-READINGS (never a pass, never an error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-read-schedules-'));
    try {
      const r = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--tags', '@req:MR-01.1', '--fault', 'schedule-never-fires', '--reports', dir]);
      assert.match(r.stdout, /conformance: 0 passed, 1 failed, 0 error/, r.stdout + r.stderr);
      const md = readFileSync(join(dir, 'conformance.md'), 'utf8');
      assert.match(md, /error MRS-READINGS: .*no created\(MeterReadings\) of the schedule reached the MDM/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MR-11 with the MDM as SUT: the schedule message it sends its head-end (MRS-MESSAGE-FORMAT)', () => {
  const value = { endDevices: [{ mRID: 'M-1' }], readingTypes: [{ mRID: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0' }], timeSchedules: [{ recurrencePeriod: 60, scheduleInterval: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' } }] };
  const ids = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule}`);
  test('the profile of the edition with what, for whom and when is clean; each part missing is a finding', () => {
    for (const edition of ['2013', '2024'] as const) {
      const profile = meterReadScheduleProfile(edition);
      assert.deepEqual(checkScheduleMessageFormat({ verb: 'create', noun: profile, rootName: profile, value }, { verb: 'create', profile }, ctx()), []);
    }
    const want = { verb: 'create', profile: 'MeterReadSchedules' };
    assert.deepEqual(ids(checkScheduleMessageFormat({ verb: 'create', noun: 'MeterReadSchedule', rootName: 'MeterReadSchedule', value }, want, ctx())), ['error MRS-MESSAGE-FORMAT', 'error MRS-MESSAGE-FORMAT']);
    assert.deepEqual(ids(checkScheduleMessageFormat({ verb: 'create', noun: 'MeterReadSchedules', rootName: undefined }, want, ctx())), ['error MRS-MESSAGE-FORMAT']);
    // issue 16: each says what was expected and what came
    const evidence = (fs: Finding[]) => fs.map((f) => [f.expected, f.actual]);
    assert.deepEqual(evidence(checkScheduleMessageFormat({ verb: 'create', noun: 'MeterReadSchedule', rootName: 'MeterReadSchedule', value }, want, ctx())), [
      ['create(MeterReadSchedules)', 'create(MeterReadSchedule)'],
      ['a MeterReadSchedules payload', 'a MeterReadSchedule payload'],
    ]);
    assert.deepEqual(evidence(checkScheduleMessageFormat({ verb: 'create', noun: 'MeterReadSchedules', rootName: undefined }, want, ctx())), [['a MeterReadSchedules payload', 'no payload']]);
    const got = (v: object) => checkScheduleMessageFormat({ verb: 'create', noun: 'MeterReadSchedules', rootName: 'MeterReadSchedules', value: { ...value, ...v } }, want, ctx());
    assert.match(got({ readingTypes: [] })[0]!.message, /what to read/);
    assert.deepEqual(evidence(got({ readingTypes: [] })), [['a ReadingType (what to read)', 'no ReadingType with an mRID']]);
    assert.match(got({ endDevices: [] })[0]!.message, /for whom/);
    assert.match(got({ endDevices: [], usagePointGroups: [{ mRID: 'UPG-1' }] }).map((f) => f.message).join(), /^$/);
    assert.match(got({ timeSchedules: [] })[0]!.message, /when to read/);
    assert.match(got({ timeSchedules: [{ scheduleInterval: { start: '2026-01-01T00:00:00Z' } }] })[0]!.message, /recurrencePeriod, recurrencePattern or TimePoints/);
    assert.match(got({ timeSchedules: [{ recurrencePattern: 'daily', scheduleInterval: {} }] })[0]!.message, /scheduleInterval\/start/);
  });
  test('relay-schedule-no-recurrence: the schedule passed on keeps its scheduleInterval and loses its recurrence', () => {
    const out = passedOnSchedule(value, (id) => id === 'relay-schedule-no-recurrence');
    assert.deepEqual(out.timeSchedules, [{ scheduleInterval: value.timeSchedules[0]!.scheduleInterval }]);
    assert.deepEqual(passedOnSchedule(value, () => false), value);
    const f = READ_SCHEDULE_FAULTS.find((x) => x.id === 'relay-schedule-no-recurrence');
    assert.equal(f && violatedRule(f), 'MRS-MESSAGE-FORMAT');
  });
});

