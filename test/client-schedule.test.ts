/**
 * MR-01 with the CIS as the schedule's client (MR-01.C1): the orders cis-schedule-request / cis-schedule-end of the
 * upper-tester contract, the rule of the CIS's schedule message (MRS-CLIENT-SCHEDULE), and the reference CIS with its
 * faults against a head-end that records what it gets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type ParsedMessage } from '../src/message/index.ts';
import { postSoap } from '../src/transport/index.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';
import { readClientReport } from '../src/usecases/stimuli.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { answerAsHeadEnd } from '../src/usecases/peer.ts';
import { CONTROL_PATHS, readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { stimulusCommand } from '../src/session/stimulus.ts';
import { checkClientSchedule, type ClientScheduleOrder } from '../src/checks/read-schedules.ts';
import { readMeterReadSchedule, type MeterReadScheduleValue } from '../src/payloads/meterReadSchedules.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [
  { mRID: 'M-1001', usagePoint: 'UP-1001' },
  { mRID: 'M-1002', usagePoint: 'UP-1002' },
];
const START = '2026-12-05T06:00:02.000Z';
const END = '2026-12-05T06:00:08.000Z';
const order: ClientScheduleOrder = { who: 'the CIS', meters: METERS.slice(0, 1), readingType: RT, timing: { start: START, end: END, periodSeconds: 3 } };
const value = (o: Partial<MeterReadScheduleValue> = {}): MeterReadScheduleValue => ({
  endDevices: [{ mRID: 'M-1001' }],
  readingTypes: [{ mRID: RT }],
  timeSchedules: [{ recurrencePeriod: 3, scheduleInterval: { start: '2026-12-05T06:00:02Z', end: '2026-12-05T07:00:08+01:00' } }],
  ...o,
});
const ctx = { label: 's' };

describe('the read schedule of a CIS: the contract', () => {
  test('cis-schedule-request needs the ReadingType, [start, end) and periodSeconds; cis-schedule-end the meter only', () => {
    const body = stimulusBody('cis-schedule-request', { meters: ['M-1001'], readingType: RT, period: { start: START, end: END }, periodSeconds: 3 });
    const r = readStimulusBody(body);
    assert.ok(r.ok);
    assert.deepEqual(r.ok && [r.body.role, r.body.start, r.body.end, r.body.periodSeconds], ['CIS', START, END, 3]);
    const bad = (b: Record<string, unknown>, re: RegExp) => {
      const x = readStimulusBody(b);
      assert.ok(!x.ok && re.test(x.error), JSON.stringify(x));
    };
    bad({ ...body, periodSeconds: 0 }, /periodSeconds/);
    bad({ ...body, periodSeconds: 1.5 }, /periodSeconds/);
    bad({ ...body, periodSeconds: 86_401 }, /periodSeconds/);
    bad({ ...body, readingType: undefined }, /readingType/);
    bad({ ...body, end: undefined }, /start and end/);
    bad({ ...stimulusBody('cis-schedule-end', { meters: ['M-1001'] }), periodSeconds: 3 }, /cis-schedule-request/);
    assert.ok(readStimulusBody(stimulusBody('cis-schedule-end', { meters: ['M-1001'] })).ok);
    assert.equal(stimulusCommand('hook {event} {periodSeconds}', body).cmd, "hook 'cis-schedule-request' '3'");
  });
});

describe('MRS-CLIENT-SCHEDULE', () => {
  test('the schedule ordered passes (instants compared, the usage point names the meter)', () => {
    assert.deepEqual(checkClientSchedule(value(), order, ctx), []);
    assert.deepEqual(checkClientSchedule(value({ endDevices: [], usagePoints: [{ mRID: 'UP-1001' }] }), order, ctx), []);
  });
  test('another meter, another ReadingType, another period or interval: each a finding', () => {
    const rules = (v: MeterReadScheduleValue) => checkClientSchedule(v, order, ctx).map((f) => f.rule);
    assert.deepEqual(rules(value({ endDevices: [{ mRID: 'M-1002' }] })), ['MRS-CLIENT-SCHEDULE', 'MRS-CLIENT-SCHEDULE']);
    assert.deepEqual(rules(value({ endDeviceGroups: [{ mRID: 'G-1' }] })), ['MRS-CLIENT-SCHEDULE']);
    assert.deepEqual(rules(value({ readingTypes: [{ mRID: RT }, { mRID: '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0' }] })), ['MRS-CLIENT-SCHEDULE']);
    assert.deepEqual(rules(value({ timeSchedules: [{ recurrencePeriod: 6, scheduleInterval: { start: START, end: END } }] })), ['MRS-CLIENT-SCHEDULE']);
    assert.deepEqual(rules(value({ timeSchedules: [{ recurrencePeriod: 3, scheduleInterval: { start: START } }] })), ['MRS-CLIENT-SCHEDULE']);
    assert.deepEqual(rules(value({ timeSchedules: [] })), ['MRS-CLIENT-SCHEDULE']);
    assert.equal(checkClientSchedule(value({ endDevices: [{ mRID: 'M-1002' }] }), order, ctx)[0]?.actual, 'names M-1002');
  });
  test('no payload is never a pass; the end is judged without its TimeSchedule', () => {
    assert.equal(checkClientSchedule(undefined, order, ctx).length, 1);
    assert.deepEqual(checkClientSchedule(value({ timeSchedules: [] }), { ...order, timing: undefined }, ctx), []);
  });
});

describe('the reference CIS schedules its head-end', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  let hes: Listener;
  before(async () => {
    hes = await startListener({
      maxBytes: 1 << 20,
      inspect: () => ({}),
      respond: (m) => {
        const a = answerAsHeadEnd(m.body, '1.1', { generation: '2013', meters: METERS, readingTypes: [RT], maxBytes: 1 << 20, schemaErrors: (b) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message) });
        return { status: a.status, contentType: contentTypeFor('1.1'), body: a.xml };
      },
    });
  });
  after(async () => {
    await hes.close();
    await closeAllClients();
  });
  async function withCis<T>(faults: string[], f: (sim: Simulator) => Promise<T>): Promise<T> {
    const sim = await startSimulator({ roles: ['CIS'], faults, meters: METERS, schemaPack: pack });
    try {
      await fetch(`${sim.url}${CONTROL_PATHS.subscribers}`, { method: 'POST', body: JSON.stringify({ HESService: hes.urlFor('hes') }) });
      return await f(sim);
    } finally {
      await sim.close();
    }
  }
  const post = (sim: Simulator, body: unknown) => fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(body) });
  async function next(mark: number): Promise<ParsedMessage | undefined> {
    const got = await hes.waitFor({ path: 'hes', predicate: (m) => m.seq > mark }, 1500, 'test');
    if (!got.ok) return undefined;
    const read = readMessage(got.message.body);
    return read.ok ? read.wire.message : undefined;
  }
  const create = stimulusBody('cis-schedule-request', { meters: ['M-1001'], readingType: RT, period: { start: START, end: END }, periodSeconds: 3 });
  const end = stimulusBody('cis-schedule-end', { meters: ['M-1001'] });
  const valueOf = (m: ParsedMessage | undefined) => (m?.payload?.root ? readMeterReadSchedule(m.payload.root) : undefined);

  test('clean: create(MeterReadSchedule) of the order, then cancel of the same; an end without a schedule is 409', async () => {
    await withCis([], async (sim) => {
      let mark = hes.lastSeq;
      assert.equal((await post(sim, create)).status, 202);
      const c = await next(mark);
      assert.deepEqual([c?.header?.verb, c?.header?.noun], ['create', 'MeterReadSchedule']);
      assert.deepEqual(checkClientSchedule(valueOf(c), order, ctx), []);
      mark = hes.lastSeq;
      assert.equal((await post(sim, end)).status, 202);
      const e = await next(mark);
      assert.deepEqual([e?.header?.verb, e?.header?.noun], ['cancel', 'MeterReadSchedule']);
      assert.deepEqual(checkClientSchedule(valueOf(e), { ...order, timing: undefined }, ctx), []);
      assert.equal((await post(sim, end)).status, 409);
    });
  });

  test('cis-schedule-wrong-meter names another meter; cis-schedule-not-ended sends no end', async () => {
    await withCis(['cis-schedule-wrong-meter'], async (sim) => {
      const mark = hes.lastSeq;
      await post(sim, create);
      assert.deepEqual(valueOf(await next(mark))?.endDevices?.map((d) => d.mRID), ['M-1002']);
    });
    await withCis(['cis-schedule-not-ended'], async (sim) => {
      let mark = hes.lastSeq;
      await post(sim, create);
      assert.ok(await next(mark));
      mark = hes.lastSeq;
      assert.equal((await post(sim, end)).status, 202);
      assert.equal(await next(mark), undefined);
    });
  });

  /** the head-end sends the CIS one reading of its schedule: the Result of the CIS's acknowledgement and what it then holds */
  async function scheduledRead(sim: Simulator): Promise<{ result?: string; held?: { status: string; value?: string } }> {
    const h = { verb: 'created', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() };
    const payload = { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1001' }, readings: [{ readingType: RT, value: '42.5', timeStamp: START }] }] }) };
    const out = toSoap({ kind: 'event', header: h, payload }, '1.1');
    const http = await postSoap(sim.urlFor('CIS'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    const rep = readClientReport(await (await post(sim, stimulusBody('cis-report-readings', { meters: ['M-1001'] }))).json());
    return { result: r.ok ? r.wire.message?.reply?.result : undefined, held: rep.ok ? rep.report.meters['M-1001'] : undefined };
  }

  test('the readings of its schedule: acknowledged and held; cis-schedule-readings-refused / -dropped break one each', async () => {
    const run = (faults: string[]) =>
      withCis(faults, async (sim) => {
        const mark = hes.lastSeq;
        await post(sim, create);
        assert.ok(await next(mark));
        return scheduledRead(sim);
      });
    const clean = await run([]);
    assert.deepEqual([clean.result, clean.held?.status, clean.held?.value], ['OK', 'read', '42.5']);
    const refused = await run(['cis-schedule-readings-refused']);
    assert.deepEqual([refused.result, refused.held?.status], ['FAILED', 'none']);
    const dropped = await run(['cis-schedule-readings-dropped']);
    assert.deepEqual([dropped.result, dropped.held?.status], ['OK', 'none']);
  });
});

// the schema pack cache is cleared once the file's tests are done, never in a describe's after: `npm run unit` runs
// other files in the same process (test/unit.mjs), whose packs a clearing in the middle would dispose under them
after(() => clearSchemaPackCache());
