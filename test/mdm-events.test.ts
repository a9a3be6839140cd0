/**
 * EDE-05 and EDE-07 with the MDM as SUT (src/checks/device-events.ts checkEventsKept, src/usecases/mdm-events.ts,
 * simulator/handlers/mdm-events.ts): the pure check against every kind of wrong answer, when the scenarios apply
 * (CIM9-310, @cap:events-mdm), and the reference MDM over HTTP told events and asked get(EndDeviceEvents), clean and
 * under each fault of simulator/faults/mdm-events.ts.
 * Run: node --import tsx --test test/mdm-events.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEventQueryAnswer, checkEventsKept, checkPqPairs, type ToldEvent } from '../src/checks/device-events.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';
import { firmwareMessageEvents, FIRMWARE_EVENT_CODES, mdmEventsNotApplicable, pqMessageEvents, toldWindow } from '../src/usecases/mdm-events.ts';
import { healthMessageEvents } from '../src/usecases/health-forward.ts';
import { getEventsMessage } from '../src/usecases/device-events.ts';
import { exclusionsFor } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { rule } from '../src/checks/catalogue.ts';
import { MDM_EVENT_FAULTS } from '../simulator/faults/mdm-events.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Message } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { ctx, parse, rules } from './checks-helpers.ts';

const told: ToldEvent[] = [
  { mRID: 'E-1', code: '3.2.22.150', meter: 'M-1', createdDateTime: '2024-03-01T10:00:00Z' },
  { mRID: 'E-2', code: '3.36.0.79', meter: 'M-1', createdDateTime: '2024-03-01T10:00:20Z' },
];
const asValue = (e: ToldEvent): EndDeviceEventValue => ({ mRID: e.mRID, createdDateTime: e.createdDateTime, meter: e.meter, eventType: e.code });
const answer = (events: EndDeviceEventValue[]) => parse(buildEndDeviceEvents(events));

describe('EDE-EVENTS-KEPT', () => {
  test('the events told, answered as told (also without their mRID, or with a fraction of a second), are clean', () => {
    assert.deepEqual(checkEventsKept(answer(told.map(asValue)), told, ctx()), []);
    assert.deepEqual(checkEventsKept(answer(told.map((e) => ({ ...asValue(e), mRID: undefined, createdDateTime: e.createdDateTime.replace('Z', '.000Z') }))), told, ctx()), []);
  });

  test('a missing event, another code, another meter or another instant is each a finding', () => {
    assert.deepEqual(rules(checkEventsKept(answer([asValue(told[0]!)]), told, ctx())), ['error EDE-EVENTS-KEPT']);
    assert.deepEqual(rules(checkEventsKept(answer([]), told, ctx())), ['error EDE-EVENTS-KEPT', 'error EDE-EVENTS-KEPT']);
    const recoded = checkEventsKept(answer([asValue(told[0]!), { ...asValue(told[1]!), eventType: '3.36.0.24' }]), told, ctx());
    assert.deepEqual(rules(recoded), ['error EDE-EVENTS-KEPT']);
    assert.match(recoded[0]!.message, /event 3\.36\.0\.79 .* answered with EndDeviceEventType "3\.36\.0\.24"/);
    assert.equal(recoded[0]!.expected, 'EndDeviceEventType 3.36.0.79');
    assert.match(recoded[0]!.actual ?? '', /^EndDeviceEventType "3\.36\.0\.24"/);
    const moved = checkEventsKept(answer([asValue(told[0]!), { ...asValue(told[1]!), meter: 'M-2' }]), told, ctx());
    assert.deepEqual([moved[0]!.expected, moved[0]!.actual], [`meter ${told[1]!.meter}`, 'meter "M-2"']);
    for (const f of checkEventsKept(answer([]), told, ctx())) assert.ok(f.expected && f.actual === '0 event(s), none of them', JSON.stringify(f));
    assert.deepEqual(rules(checkEventsKept(answer([asValue(told[0]!), { ...asValue(told[1]!), meter: 'M-2' }]), told, ctx())), ['error EDE-EVENTS-KEPT']);
    assert.deepEqual(rules(checkEventsKept(answer([asValue(told[0]!), { ...asValue(told[1]!), createdDateTime: '2024-03-01T10:15:00Z' }]), told, ctx())), ['error EDE-EVENTS-KEPT']);
    assert.equal(rule('EDE-EVENTS-KEPT').assumption, 'CIM9-310');
  });

  test('the power quality events told pair start and stop per phase; a stop dropped is EDE-PQ-PAIR', () => {
    const pq = pqMessageEvents('M-1', Date.parse('2024-03-01T10:01:00Z'));
    assert.deepEqual(pq.map((e) => e.code), ['3.26.131.223', '3.26.131.224', '3.26.133.248', '3.26.133.249']);
    const root = answer(pq.map(asValue));
    assert.deepEqual(checkPqPairs([{ root, label: 'a' }], 'M-1', ctx()), []);
    const dropped = answer(pq.filter((e) => e.code !== '3.26.131.224').map(asValue));
    assert.deepEqual(rules(checkPqPairs([{ root: dropped, label: 'a' }], 'M-1', ctx())), ['error EDE-PQ-PAIR']);
    // the window asked holds every event told
    const w = toldWindow(pq);
    assert.deepEqual(checkEventQueryAnswer(root, { meters: ['M-1'], ...w }, ctx()), []);
  });

  test('when it applies: CIM9-310 = none leaves both scenarios out (@cap:events-mdm); the reference profiles run them', () => {
    assert.equal(mdmEventsNotApplicable({}), undefined);
    assert.match(mdmEventsNotApplicable({ 'CIM9-310': 'none' })!, /CIM9-310 = none/);
    assert.ok(ASSUMPTIONS.some((a) => a.id === 'CIM9-310' && a.default === 'kept'));
    for (const p of ['reference.yaml', 'reference-2024.yaml', 'reference-mdm.yaml']) {
      assert.ok(exclusionsFor(loadProfile(repoPath(`profiles/${p}`))).every((x) => x.tag !== '@cap:events-mdm'), p);
    }
  });

  test('the faults: registered, in both editions, each naming a rule of the catalogue; one runs in the selftest', () => {
    for (const f of MDM_EVENT_FAULTS) {
      assert.ok(FAULTS.includes(f), f.id);
      assert.deepEqual(f.editions, ['2013', '2024']);
      assert.ok(rule(violatedRule(f)), f.id);
    }
    assert.ok(FAST_FAULTS.includes('mdm-events-not-kept'));
  });
});

describe('the reference MDM over HTTP', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });

  async function post(sim: Simulator, msg: Message) {
    const soap = toSoap(msg, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), soap.xml, { soapVersion: '1.1', soapAction: soap.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok);
    return r.wire.message!;
  }
  const header = (verb: string, noun: string) => ({ verb, noun, timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() });

  /** tell a reference MDM (with `faults`) the events, ask it for them; the findings of the answer */
  async function keptUnder(faults: string[], events: ToldEvent[], pq: boolean): Promise<string[]> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), roles: ['MDM'], faults, asyncDelayMs: 5 });
    sims.push(sim);
    const ack = await post(sim, { kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events.map(asValue)) } });
    assert.equal(ack.reply?.result, 'OK');
    const q = { meters: ['M-1001'], ...toldWindow(events) };
    const m = await post(sim, getEventsMessage(header('get', 'EndDeviceEvents'), q));
    assert.equal(m.reply?.result, 'OK');
    const root = m.payload?.root;
    if (!root) return ['no payload'];
    return rules([...checkEventQueryAnswer(root, q, ctx()), ...checkEventsKept(root, events, ctx()), ...(pq ? checkPqPairs([{ root, label: 'a' }], 'M-1001', ctx()) : [])]);
  }

  test('clean: the events told come back with their code, meter and instant; each fault is seen', async () => {
    const health = healthMessageEvents('M-1001', [1, 2, 7, 11, 18, 21, 36, 37], false).map((e) => ({ ...e, mRID: e.mRID! }));
    const pq = pqMessageEvents('M-1001');
    assert.deepEqual(await keptUnder([], health, false), []);
    assert.deepEqual(await keptUnder([], pq, true), []);
    assert.deepEqual(await keptUnder(['mdm-events-not-kept'], health, false), ['no payload']);
    assert.deepEqual(await keptUnder(['mdm-health-event-recoded'], health, false), ['error EDE-EVENTS-KEPT']);
    assert.deepEqual(await keptUnder(['mdm-sag-stop-dropped'], pq, true), ['error EDE-EVENTS-KEPT', 'error EDE-PQ-PAIR']);
  });

  test('MSE-01 (the MDM as receiver): the firmware events told, ready before activated, come back; mdm-firmware-activation-dropped is EDE-EVENTS-KEPT', async () => {
    const fw = firmwareMessageEvents('M-1001');
    assert.deepEqual(fw.map((e) => e.code), [...FIRMWARE_EVENT_CODES]);
    assert.ok(Date.parse(fw[0]!.createdDateTime) < Date.parse(fw[1]!.createdDateTime), 'ready before activated');
    assert.deepEqual(await keptUnder([], fw, false), []);
    assert.deepEqual(await keptUnder(['mdm-firmware-activation-dropped'], fw, false), ['error EDE-EVENTS-KEPT']);
  });

  test('a meter it does not know is refused with 2.4', async () => {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), roles: ['MDM'], asyncDelayMs: 5 });
    sims.push(sim);
    const m = await post(sim, getEventsMessage(header('get', 'EndDeviceEvents'), { meters: ['M-9999'], start: nowTimestamp(() => new Date(Date.now() - 60_000)), end: nowTimestamp() }));
    assert.equal(m.reply?.result, 'FAILED');
    assert.equal(m.reply?.errors?.[0]?.code, '2.4');
  });
});
