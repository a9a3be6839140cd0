/**
 * Coincident readings (MR-09): the pure checks of src/checks/coincident-reads.ts on built payloads, and the reference
 * head-end (simulator/handlers/coincident-reads.ts) sending the 2024 coincident read after a switch — schema-valid,
 * passing the checks and EDC-SWITCH-READ — while each fault of simulator/faults/coincident-reads.ts is caught by the
 * rule it violates; edition 2013 keeps the plain read. MR-08: the coincident request of GetMeterReadings (build, read,
 * schema) and the head-end's answer to it; with a reading as trigger (the maximum demand of a period): the pure check
 * checkReadingTriggerAnswer, the request in both forms of CIM9-210, and the head-end's and the MDM's answers, each
 * fault of READING_TRIGGER_FAULTS caught by its rule.
 * Run: node --import tsx --test test/coincident-reads.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCoincidentAnswer, checkCoincidentSwitchRead, checkReadingTriggerAnswer, type CoincidentSwitch, type ReadingTriggerRequest } from '../src/checks/coincident-reads.ts';
import { checkSwitchRead } from '../src/checks/controls.ts';
import { buildGetMeterReadings, buildMeterReadings, readGetMeterReadings, type MeterReadingValue } from '../src/payloads/meterReadings.ts';
import type { Finding } from '../src/checks/index.ts';
import { ctx, parse, rules } from './checks-helpers.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { COINCIDENT_READ_FAULTS, READING_TRIGGER_FAULTS } from '../simulator/faults/coincident-reads.ts';
import { speaks2024 } from '../simulator/handlers/coincident-reads.ts';
import { closeAllClients, postSoap, type Listener, type ReceivedMessage } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack, type SchemaPack } from '../src/schema/index.ts';
import { controlsMessage, type ControlCommand } from '../src/usecases/end-device-controls.ts';
import { coincidentRequestMessage, DEFAULT_TRIGGER_RT, readingTriggerMessage } from '../src/usecases/coincident-reads.ts';
import { acknowledgingListener } from './peers.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const RT_REV = '0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0';
const AT = '2024-03-01T10:00:00Z';
const disconnect: CoincidentSwitch = { command: 'disconnect', meter: 'M-1' };

/** the coincident read of fig. 28, with what a test changes */
function read(over: Partial<MeterReadingValue> = {}, meter = 'M-1'): ReturnType<typeof parse> {
  const mr: MeterReadingValue = {
    isCoincidentTrigger: 'true',
    endDeviceEvents: [{ mRID: 'E-1', createdDateTime: AT, eventType: '3.31.0.68' }],
    meter: { mRID: meter },
    readings: [
      { readingType: RT, value: '100.0', timeStamp: AT, reason: 'serviceDisconnect' },
      { readingType: RT_REV, value: '2.0', timeStamp: AT, reason: 'serviceDisconnect' },
    ],
    ...over,
  };
  return parse(buildMeterReadings({ meterReadings: [mr] }));
}

const check = (root: ReturnType<typeof parse>, a: Record<string, string> = {}, sw = disconnect): Finding[] => checkCoincidentSwitchRead(root, sw, ctx(a));

describe('the coincident read of a switch (pure checks)', () => {
  test('the fig. 28 shape passes: trigger event, isCoincidentTrigger=true, readings with the reason at the event time', () => {
    assert.deepEqual(check(read()), []);
    // xs:boolean 1 is true; the vendor form of the event is info (CIM9-93 accept) and a failure under reject
    assert.deepEqual(check(read({ isCoincidentTrigger: '1' })), []);
    const vendor = read({ endDeviceEvents: [{ createdDateTime: AT, eventType: '0.31.26.68' }] });
    assert.deepEqual(rules(check(vendor)), ['info MR-COINC-EVENT']);
    assert.deepEqual(rules(check(vendor, { 'CIM9-93': 'reject' })), ['error MR-COINC-EVENT']);
  });

  test('the connect: 3.31.0.42 and serviceConnect; the disconnect read is not a connect read', () => {
    const connect: CoincidentSwitch = { command: 'connect', meter: 'M-1' };
    const r = read({ endDeviceEvents: [{ createdDateTime: AT, eventType: '3.31.0.42' }], readings: [{ readingType: RT, timeStamp: AT, reason: 'serviceConnect' }] });
    assert.deepEqual(check(r, {}, connect), []);
    assert.deepEqual(rules(check(read(), {}, connect)), ['error MR-COINC-EVENT', 'error MR-COINC-REASON']);
  });

  test('MR-COINC-TRIGGER: the flag missing or false', () => {
    assert.deepEqual(rules(check(read({ isCoincidentTrigger: undefined }))), ['error MR-COINC-TRIGGER']);
    const fs = check(read({ isCoincidentTrigger: 'false' }));
    assert.deepEqual(rules(fs), ['error MR-COINC-TRIGGER']);
    assert.match(fs[0]!.message, /isCoincidentTrigger="false"/);
  });

  test('MR-COINC-EVENT: no event, another event, an event without a time (the time is then not checked)', () => {
    assert.deepEqual(rules(check(read({ endDeviceEvents: [] }))), ['error MR-COINC-EVENT']);
    assert.deepEqual(rules(check(read({ endDeviceEvents: [{ createdDateTime: AT, eventType: '3.26.0.85' }] }))), ['error MR-COINC-EVENT']);
    assert.deepEqual(rules(check(read({ endDeviceEvents: [{ eventType: '3.31.0.68' }] }))), ['error MR-COINC-EVENT']);
  });

  test('MR-COINC-TIME: a reading off the event time beyond UC-15 (default 1 s), within a wider UC-15, or without a timeStamp', () => {
    const late = read({ readings: [{ readingType: RT, timeStamp: '2024-03-01T10:00:03Z', reason: 'serviceDisconnect' }] });
    const fs = check(late);
    assert.deepEqual(rules(fs), ['error MR-COINC-TIME']);
    assert.match(fs[0]!.message, /3 s from/);
    assert.deepEqual(check(late, { 'UC-15': '5' }), []);
    // before the event counts as well as after (±)
    assert.deepEqual(rules(check(read({ readings: [{ readingType: RT, timeStamp: '2024-03-01T09:59:58Z', reason: 'serviceDisconnect' }] }))), ['error MR-COINC-TIME']);
    assert.deepEqual(check(read({ readings: [{ readingType: RT, timeStamp: '2024-03-01T10:00:00.800Z', reason: 'serviceDisconnect' }] })), []);
    assert.deepEqual(rules(check(read({ readings: [{ readingType: RT, reason: 'serviceDisconnect' }] }))), ['error MR-COINC-TIME']);
  });

  test('MR-COINC-REASON: one reading with another reason or none; no readings at all', () => {
    const other = read({ readings: [{ readingType: RT, timeStamp: AT, reason: 'serviceDisconnect' }, { readingType: RT_REV, timeStamp: AT, reason: 'other' }] });
    const fs = check(other);
    assert.deepEqual(rules(fs), ['error MR-COINC-REASON']);
    assert.match(fs[0]!.message, /1 of the 2 .*reason "other"/);
    assert.deepEqual(rules(check(read({ readings: [{ readingType: RT, timeStamp: AT }] }))), ['error MR-COINC-REASON']);
    assert.deepEqual(rules(check(read({ readings: [] }))), ['error MR-COINC-REASON']);
  });

  test('MR-COINC-SHAPE: the 2013 shape is a warning by default (CIM9-185), a failure when required; no MeterReading of the meter is an error', () => {
    const plain = read({ isCoincidentTrigger: undefined, endDeviceEvents: [] });
    const w = check(plain);
    assert.deepEqual(rules(w), ['warning MR-COINC-SHAPE']);
    assert.deepEqual(w[0]!.assumptions, { 'CIM9-185': 'warning' });
    assert.deepEqual(rules(check(plain, { 'CIM9-185': 'failure' })), ['error MR-COINC-SHAPE']);
    assert.deepEqual(rules(check(read({}, 'M-2'))), ['error MR-COINC-SHAPE']);
  });

  test('MR-COINC findings carry expected / actual (issue 16): what the rule wants, what the SUT sent', () => {
    const late = check(read({ readings: [{ readingType: RT, timeStamp: '2024-03-01T10:00:03Z', reason: 'serviceDisconnect' }] }))[0]!;
    assert.equal(late.expected, 'a timeStamp within ±1 s of 2024-03-01T10:00:00.000Z (the event)');
    assert.equal(late.actual, 'timeStamp 2024-03-01T10:00:03Z (3 s off)');
    const flag = check(read({ isCoincidentTrigger: 'false' }))[0]!;
    assert.deepEqual([flag.expected, flag.actual], ['isCoincidentTrigger true', 'isCoincidentTrigger "false"']);
    const reason = check(read({ readings: [{ readingType: RT, timeStamp: AT, reason: 'other' }] }))[0]!;
    assert.deepEqual([reason.expected, reason.actual], ['reason serviceDisconnect on every Reading', 'reason "other"']);
    const none = check(read({}, 'M-2'))[0]!;
    assert.deepEqual([none.expected, none.actual], ['a MeterReading of meter M-1', 'none']);
    // every finding of these checks says both
    for (const f of [...check(read({ endDeviceEvents: [] })), ...check(read({ readings: [] })), ...check(read({ isCoincidentTrigger: undefined, endDeviceEvents: [] }))]) {
      assert.ok(f.expected && f.actual, `${f.rule} without expected / actual`);
    }
  });
});

describe('the answer to a coincident request (MR-08, pure checks)', () => {
  const q = { command: 'disconnect' as const, meter: 'M-1', readingType: RT };
  test('the trigger event and the reading asked for at its time pass; the reason is not asked for', () => {
    assert.deepEqual(checkCoincidentAnswer(read({ readings: [{ readingType: RT, timeStamp: AT }] }), q, ctx()), []);
  });
  test('no reading of the ReadingType asked for, or none at all, is MR-COINC-TIME', () => {
    assert.deepEqual(rules(checkCoincidentAnswer(read({ readings: [{ readingType: RT_REV, timeStamp: AT }] }), q, ctx())), ['error MR-COINC-TIME']);
    assert.deepEqual(rules(checkCoincidentAnswer(read({ readings: [] }), q, ctx())), ['error MR-COINC-TIME']);
  });
  test('flag, event and time as for the read after the switch', () => {
    assert.deepEqual(rules(checkCoincidentAnswer(read({ isCoincidentTrigger: undefined }), q, ctx())), ['error MR-COINC-TRIGGER']);
    assert.deepEqual(rules(checkCoincidentAnswer(read({ endDeviceEvents: [] }), q, ctx())), ['error MR-COINC-EVENT']);
    assert.deepEqual(rules(checkCoincidentAnswer(read({ readings: [{ readingType: RT, timeStamp: '2024-03-01T10:01:00Z' }] }), q, ctx())), ['error MR-COINC-TIME']);
  });
  test('an answer without a trigger, or without the meter, is MR-COINC-SHAPE at the severity of CIM9-185', () => {
    const plain = read({ isCoincidentTrigger: undefined, endDeviceEvents: [] });
    assert.deepEqual(rules(checkCoincidentAnswer(plain, q, ctx())), ['warning MR-COINC-SHAPE']);
    assert.deepEqual(rules(checkCoincidentAnswer(read({}, 'M-2'), q, ctx({ 'CIM9-185': 'failure' }))), ['error MR-COINC-SHAPE']);
  });
  test('the coincident request: built in the order of payloads.md §2.3, read back, valid against the 2024 GetMeterReadings profile', () => {
    const root = parse(buildGetMeterReadings({ coincident: { isCoincidentTrigger: 'true', eventType: '3.31.0.68', meter: 'M-1', readingType: RT } }));
    const c = root.children.find((n) => n.name === 'MeterReadings')!;
    assert.deepEqual(c.children.map((n) => n.name), ['isCoincidentTrigger', 'EndDeviceEvents', 'Meter', 'Readings']);
    assert.deepEqual(readGetMeterReadings(root).coincident, { isCoincidentTrigger: 'true', eventType: '3.31.0.68', meter: 'M-1', usagePoint: undefined, readingType: RT, reason: undefined });
    assert.equal(readGetMeterReadings(parse(buildGetMeterReadings({ endDevices: ['M-1'] }))).coincident, undefined);
  });
});

// ------------------------------------------------------------------------------------------------ the reference head-end

const packs: Record<'2013' | '2024', SchemaPack> = { '2013': loadSchemaPack(defaultPackDir('2013')), '2024': loadSchemaPack(defaultPackDir('2024')) };
let listener: Listener;
let seq = 0;
const sims: Simulator[] = [];

before(async () => {
  listener = await acknowledgingListener({ maxBytes: 1024 * 1024, noun: 'MeterReadings', source: 'test-mdm' });
});
after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await listener.close();
  await closeAllClients(100);
  for (const p of Object.values(packs)) p.dispose?.();
});

/** switch meter M-1001 at a fresh simulator of this edition with these faults; the read delivered to its MDM */
async function switchRead(edition: '2013' | '2024', command: ControlCommand, faults: string[] = []): Promise<ReceivedMessage> {
  const path = `mdm-${++seq}`;
  const sim = await startSimulator({ schemaPack: packs[edition], faults, subscribers: { MDM: listener.urlFor(path) }, asyncDelayMs: 5 });
  sims.push(sim);
  const h = { verb: 'create', noun: 'EndDeviceControls', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() };
  const out = toSoap(controlsMessage(h, [{ mRID: 'M-1001' }], command), '1.1');
  const r = await postSoap(sim.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
  assert.ok(r.ok);
  const o = await listener.waitFor({ path, predicate: (m) => m.inspected.noun === 'MeterReadings' }, 3000, 'test');
  assert.ok(o.ok, 'the read after the switch reached the MDM');
  return o.message;
}

const rootOf = (m: ReceivedMessage) => {
  const r = readMessage(m.body);
  assert.ok(r.ok && r.wire.message?.payload?.root);
  return r.wire.message.payload.root;
};
const sw = (command: ControlCommand): CoincidentSwitch => ({ command, meter: 'M-1001' });
const simCtx = () => ({ ...ctx(), skewSeconds: 60 });

describe('the reference head-end sends the coincident read in edition 2024', () => {
  test('the 2024 pack speaks 2024, the 2013 pack does not', () => {
    assert.equal(speaks2024({ pack: packs['2024'] }), true);
    assert.equal(speaks2024({ pack: packs['2013'] }), false);
  });

  for (const command of ['disconnect', 'connect'] as const) {
    test(`${command}: schema-valid, passing the coincident checks and EDC-SWITCH-READ`, async () => {
      const m = await switchRead('2024', command);
      const v = packs['2024'].validate(m.body.toString('utf8'), { label: 'read' });
      assert.deepEqual(v.filter((f) => f.severity === 'error'), []);
      const root = rootOf(m);
      assert.deepEqual(check(root, {}, sw(command)), []);
      const exp = { command, controlType: command === 'disconnect' ? '3.31.0.23' : '3.31.0.18', meter: 'M-1001', requestedAt: new Date(Date.now() - 5000) };
      assert.deepEqual(checkSwitchRead(root, exp, simCtx()), []);
    });
  }

  test('edition 2013 keeps the plain read: MR-COINC-SHAPE, a warning', async () => {
    assert.deepEqual(rules(check(rootOf(await switchRead('2013', 'disconnect')), {}, sw('disconnect'))), ['warning MR-COINC-SHAPE']);
  });

  for (const f of COINCIDENT_READ_FAULTS) {
    test(`${f.id} → ${violatedRule(f)} (edition 2024 only)`, async () => {
      assert.deepEqual(FAULTS.find((x) => x.id === f.id)?.editions, ['2024']);
      const root = rootOf(await switchRead('2024', 'disconnect', [f.id]));
      const a = { ...(f.detectWith ?? {}) };
      const fs = check(root, a, sw('disconnect'));
      assert.deepEqual([...new Set(fs.filter((x) => x.severity === 'error').map((x) => x.rule))], [violatedRule(f)], JSON.stringify(fs));
      // single and minimal: the read after the switch is still the one EDC-06.2 accepts
      const exp = { command: 'disconnect' as const, controlType: '3.31.0.23', meter: 'M-1001', requestedAt: new Date(Date.now() - 5000) };
      assert.deepEqual(checkSwitchRead(root, exp, simCtx()), []);
    });
  }
});

/** MR-08: ask the simulator that switched the meter for the reading coincident with event `eventType` */
async function askCoincidentAt(edition: '2013' | '2024', faults: string[], eventType: string, readingType = RT): Promise<{ body: string; root?: ReturnType<typeof rootOf> }> {
  const path = `mdm-${++seq}`;
  const sim = await startSimulator({ schemaPack: packs[edition], faults, subscribers: { MDM: listener.urlFor(path) }, asyncDelayMs: 5 });
  sims.push(sim);
  const h = (verb: string, noun: string) => ({ verb, noun, timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() });
  const post = async (msg: ReturnType<typeof controlsMessage>) => {
    const out = toSoap(msg, '1.1');
    const r = await postSoap(sim.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
    assert.ok(r.ok);
    return r.body.toString('utf8');
  };
  await post(controlsMessage(h('create', 'EndDeviceControls'), [{ mRID: 'M-1001' }], 'disconnect'));
  const req = coincidentRequestMessage(h('get', 'MeterReadings'), { meter: 'M-1001', eventType, readingType });
  const body = await post(req);
  const r = readMessage(Buffer.from(body));
  return { body, root: r.ok ? r.wire.message?.payload?.root : undefined };
}

describe('the reference head-end answers a coincident request (MR-08)', () => {
  const q = { command: 'disconnect' as const, meter: 'M-1001', readingType: RT };
  test('the request is valid against the 2024 pack; the answer is OK, valid and passes the checks', async () => {
    const req = coincidentRequestMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() }, { meter: 'M-1001', eventType: '3.31.0.68', readingType: RT });
    assert.deepEqual(packs['2024'].validate(toSoap(req, '1.1').xml, { label: 'request' }).filter((f) => f.severity === 'error'), []);
    const a = await askCoincidentAt('2024', [], '3.31.0.68');
    assert.deepEqual(packs['2024'].validate(a.body, { label: 'answer' }).filter((f) => f.severity === 'error'), []);
    assert.match(a.body, /<[^>]*Result>OK</);
    assert.ok(a.root);
    assert.deepEqual(checkCoincidentAnswer(a.root, q, simCtx()), []);
  });
  test('an event the meter did not have is refused (FAILED 2.5)', async () => {
    const a = await askCoincidentAt('2024', [], '3.31.0.42');
    assert.match(a.body, /FAILED/);
    assert.match(a.body, /2\.5/);
  });
  for (const id of ['coincident-trigger-flag-missing', 'coincident-event-missing', 'coincident-time-off']) {
    test(`${id} turns the answer red too`, async () => {
      const a = await askCoincidentAt('2024', [id], '3.31.0.68');
      assert.ok(a.root);
      const f = FAULTS.find((x) => x.id === id)!;
      assert.deepEqual([...new Set(checkCoincidentAnswer(a.root, q, simCtx()).filter((x) => x.severity === 'error').map((x) => x.rule))], [violatedRule(f)]);
    });
  }
});

// ------------------------------------------------------------------------------------------------ MR-08, a reading as trigger

const MAXD = DEFAULT_TRIGGER_RT;
const PERIOD = { start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z' };
const MAX_AT = '2024-03-01T18:15:00Z';
const rq: ReadingTriggerRequest = { meter: 'M-1', trigger: MAXD, coincident: [RT], period: PERIOD };

/** the answer of a reading trigger: the maximum demand and the register at its time, in one MeterReading */
function triggered(over: Partial<MeterReadingValue> = {}, meter = 'M-1'): ReturnType<typeof parse> {
  const mr: MeterReadingValue = {
    isCoincidentTrigger: 'true',
    meter: { mRID: meter },
    readings: [
      { readingType: MAXD, value: '4.520', timeStamp: MAX_AT },
      { readingType: RT, value: '1234.5', timeStamp: MAX_AT },
    ],
    ...over,
  };
  return parse(buildMeterReadings({ meterReadings: [mr] }));
}
const rcheck = (root: ReturnType<typeof parse>, a: Record<string, string> = {}, q = rq) => rules(checkReadingTriggerAnswer(root, q, ctx(a)));

describe('the answer to a coincident request with a reading as trigger (MR-08, pure checks)', () => {
  test('the trigger reading within the period and the register at its time pass; both ends of the period are included', () => {
    assert.deepEqual(rcheck(triggered()), []);
    for (const t of [PERIOD.start, PERIOD.end]) assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, value: '1', timeStamp: t }, { readingType: RT, value: '2', timeStamp: t }] })), []);
    // the register may come in a MeterReading of its own, the trigger's saying isCoincidentTrigger
    const two = parse(buildMeterReadings({ meterReadings: [{ isCoincidentTrigger: 'true', meter: { mRID: 'M-1' }, readings: [{ readingType: MAXD, value: '4', timeStamp: MAX_AT }] }, { isCoincidentTrigger: 'false', meter: { mRID: 'M-1' }, readings: [{ readingType: RT, value: '9', timeStamp: MAX_AT }] }] }));
    assert.deepEqual(rcheck(two), []);
  });
  test('MR-COINC-READING: no trigger reading, two of them, no value, no valid timeStamp, a timeStamp outside the period', () => {
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: RT, value: '1', timeStamp: MAX_AT }] })), ['error MR-COINC-READING']);
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, value: '1', timeStamp: MAX_AT }, { readingType: MAXD, value: '2', timeStamp: PERIOD.start }, { readingType: RT, value: '1', timeStamp: MAX_AT }] })), ['error MR-COINC-READING']);
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, timeStamp: MAX_AT }, { readingType: RT, value: '1', timeStamp: MAX_AT }] })), ['error MR-COINC-READING']);
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, value: '1', timeStamp: 'yesterday' }, { readingType: RT, value: '1', timeStamp: MAX_AT }] })), ['error MR-COINC-READING']);
    const before = triggered({ readings: [{ readingType: MAXD, value: '1', timeStamp: '2024-02-29T18:15:00Z' }, { readingType: RT, value: '1', timeStamp: '2024-02-29T18:15:00Z' }] });
    const fs = checkReadingTriggerAnswer(before, rq, ctx());
    assert.deepEqual(rules(fs), ['error MR-COINC-READING']);
    assert.match(fs[0]!.message, /outside the timePeriod asked/);
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, value: '1', timeStamp: '2024-03-02T00:00:01Z' }, { readingType: RT, value: '1', timeStamp: '2024-03-02T00:00:01Z' }] })), ['error MR-COINC-READING']);
  });
  test('MR-COINC-TRIGGER: the MeterReading holding the trigger reading without isCoincidentTrigger=true', () => {
    assert.deepEqual(rcheck(triggered({ isCoincidentTrigger: 'false' })), ['error MR-COINC-TRIGGER']);
    // the flag on another MeterReading is not the trigger's
    const elsewhere = parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, readings: [{ readingType: MAXD, value: '4', timeStamp: MAX_AT }] }, { isCoincidentTrigger: 'true', meter: { mRID: 'M-1' }, readings: [{ readingType: RT, value: '9', timeStamp: MAX_AT }] }] }));
    assert.deepEqual(rcheck(elsewhere), ['error MR-COINC-TRIGGER']);
  });
  test('MR-COINC-TIME: the register off the trigger time beyond UC-15, missing, or without a timeStamp', () => {
    const late = triggered({ readings: [{ readingType: MAXD, value: '4', timeStamp: MAX_AT }, { readingType: RT, value: '9', timeStamp: '2024-03-01T18:30:00Z' }] });
    const fs = checkReadingTriggerAnswer(late, rq, ctx());
    assert.deepEqual(rules(fs), ['error MR-COINC-TIME']);
    assert.match(fs[0]!.message, /900 s from the trigger/);
    assert.deepEqual(rcheck(late, { 'UC-15': '900' }), []);
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, value: '4', timeStamp: MAX_AT }, { readingType: RT_REV, value: '9', timeStamp: MAX_AT }] })), ['error MR-COINC-TIME']);
    assert.deepEqual(rcheck(triggered({ readings: [{ readingType: MAXD, value: '4', timeStamp: MAX_AT }, { readingType: RT, value: '9' }] })), ['error MR-COINC-TIME']);
    // every ReadingType asked
    assert.deepEqual(rcheck(triggered(), {}, { ...rq, coincident: [RT, RT_REV] }), ['error MR-COINC-TIME']);
  });
  test('MR-COINC-SHAPE: neither a trigger reading nor isCoincidentTrigger (a plain read), or no MeterReading of the meter, per CIM9-185', () => {
    const plain = triggered({ isCoincidentTrigger: undefined, readings: [{ readingType: RT, value: '9', timeStamp: MAX_AT }] });
    assert.deepEqual(rcheck(plain), ['warning MR-COINC-SHAPE']);
    assert.deepEqual(rcheck(plain, { 'CIM9-185': 'failure' }), ['error MR-COINC-SHAPE']);
    assert.deepEqual(rcheck(triggered({}, 'M-2')), ['warning MR-COINC-SHAPE']);
  });
  test('the request in both forms of CIM9-210: valid against the 2024 pack, the trigger read back where the form puts it', () => {
    const h = { verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() };
    for (const form of ['trigger-in-readings', 'coincident-in-readings']) {
      const msg = readingTriggerMessage(h, rq, form);
      assert.deepEqual(packs['2024'].validate(toSoap(msg, '1.1').xml, { label: form }).filter((f) => f.severity === 'error'), [], form);
      const q = readGetMeterReadings(parse(msg.request!.query as never));
      assert.deepEqual(q.coincident?.timePeriod, PERIOD);
      assert.deepEqual(form === 'trigger-in-readings' ? [q.coincident?.readingType, q.readingTypes] : [q.readingTypes?.[0], [q.coincident?.readingType]], [MAXD, [RT]]);
    }
  });
});

/** ask a fresh 2024 simulator's role for the register coincident with the maximum demand of the last 24 hours */
async function askReadingTrigger(role: 'HES' | 'MDM', faults: string[] = [], form = 'trigger-in-readings'): Promise<{ body: string; root?: ReturnType<typeof rootOf>; q: ReadingTriggerRequest }> {
  const sim = await startSimulator({ schemaPack: packs['2024'], faults, asyncDelayMs: 5 });
  sims.push(sim);
  const end = Math.floor(Date.now() / 900_000) * 900_000;
  const q: ReadingTriggerRequest = { meter: 'M-1001', trigger: MAXD, coincident: [RT], period: { start: nowTimestamp(() => new Date(end - 86_400_000)), end: nowTimestamp(() => new Date(end)) } };
  const out = toSoap(readingTriggerMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() }, q, form), '1.1');
  const r = await postSoap(sim.urlFor(role), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
  assert.ok(r.ok);
  const body = r.body.toString('utf8');
  const m = readMessage(Buffer.from(body));
  return { body, root: m.ok ? m.wire.message?.payload?.root : undefined, q };
}

describe('the reference head-end and MDM answer a coincident request with a reading as trigger (MR-08)', () => {
  for (const role of ['HES', 'MDM'] as const) {
    for (const form of ['trigger-in-readings', 'coincident-in-readings']) {
      test(`${role}, ${form}: OK, schema-valid, passing the checks`, async () => {
        const a = await askReadingTrigger(role, [], form);
        assert.deepEqual(packs['2024'].validate(a.body, { label: 'answer' }).filter((f) => f.severity === 'error'), []);
        assert.match(a.body, /<[^>]*Result>OK</);
        assert.ok(a.root);
        assert.deepEqual(checkReadingTriggerAnswer(a.root, a.q, simCtx()), []);
      });
    }
  }
  for (const f of [...READING_TRIGGER_FAULTS, FAULTS.find((x) => x.id === 'coincident-trigger-flag-missing')!]) {
    test(`${f.id} → ${violatedRule(f)}`, async () => {
      const a = await askReadingTrigger('HES', [f.id]);
      assert.ok(a.root);
      assert.deepEqual([...new Set(checkReadingTriggerAnswer(a.root, a.q, simCtx()).filter((x) => x.severity === 'error').map((x) => x.rule))], [violatedRule(f)]);
    });
  }
});
