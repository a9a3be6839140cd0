/**
 * EDE-06, the MDM forwarding health events to a maintenance consumer (src/checks/health-forward.ts,
 * src/usecases/health-forward.ts, simulator/handlers/health-forward.ts): the pure check against every kind of wrong
 * forward (an event missing, another code, another meter, another instant, a non-health event, a payload of another
 * noun), the events the suite sends, when the scenarios apply (UC-06, CIM9-165, src/cli/plan.ts), and the reference
 * MDM over HTTP, clean and under each of its faults.
 * Run: node --import tsx --test test/health-forward.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkForwardedHealth, isHealthCode, type SentEvent } from '../src/checks/health-forward.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';
import { HEALTH_CODES, healthForwardNotApplicable, healthMessageEvents } from '../src/usecases/health-forward.ts';
import { exclusionsFor } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { HEALTH_FORWARD_FAULTS } from '../simulator/faults/health-forward.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { acknowledgingListener } from './peers.ts';
import { eventIdentities, repeatsEvent } from '../src/usecases/deliveries.ts';
import { allHaveEvidence, ctx, hasEvidence, parse, rules } from './checks-helpers.ts';

const DOMAINS = [1, 2, 7, 11, 18, 21, 36, 37];
const battery: SentEvent = { mRID: 'S-1', code: '3.2.22.150', meter: 'M-1', createdDateTime: '2024-03-01T10:00:00Z' };
const clock: SentEvent = { mRID: 'S-2', code: '3.36.0.79', meter: 'M-1', createdDateTime: '2024-03-01T10:00:20Z' };
const imbalance: SentEvent = { mRID: 'S-3', code: '3.26.38.98', meter: 'M-1', createdDateTime: '2024-03-01T10:00:40Z' };

/** the forward of sent events, as the MDM would build it (mRIDs of its own unless `o.keepIds`), each changed by `change` */
const forwardOf = (events: readonly SentEvent[], change: (e: EndDeviceEventValue, i: number) => EndDeviceEventValue = (e) => e) =>
  parse(buildEndDeviceEvents(events.map((s, i) => change({ mRID: `F-${i}`, createdDateTime: s.createdDateTime, meter: s.meter, eventType: s.code }, i))));
const check = (roots: ReturnType<typeof parse>[], sent: readonly SentEvent[], scope: 'health-only' | 'any' = 'health-only') =>
  rules(checkForwardedHealth(roots.map((root, i) => ({ root, label: `m${i}` })), { sent, domains: DOMAINS, scope }, ctx()));

describe('the forwarded health events (EDE-FWD-*)', () => {
  test('the same events, with mRIDs of the MDM\'s own and the instant written otherwise: clean', () => {
    assert.deepEqual(check([forwardOf([battery, clock], (e) => ({ ...e, createdDateTime: e.createdDateTime!.replace('Z', '+00:00') }))], [battery, clock]), []);
  });

  test('the events spread over two messages: clean', () => {
    assert.deepEqual(check([forwardOf([battery]), forwardOf([clock])], [battery, clock]), []);
  });

  test('one health event not forwarded: EDE-FWD-EVENTS, naming it', () => {
    const fs = checkForwardedHealth([{ root: forwardOf([battery]), label: 'm' }], { sent: [battery, clock], domains: DOMAINS, scope: 'health-only' }, ctx());
    assert.deepEqual(rules(fs), ['error EDE-FWD-EVENTS']);
    assert.match(fs[0]!.message, /3\.36\.0\.79 of meter M-1/);
  });

  test('another code, another meter, another instant: each its own rule, nothing else', () => {
    assert.deepEqual(check([forwardOf([battery, clock], (e, i) => (i === 1 ? { ...e, eventType: '3.36.0.24' } : e))], [battery, clock]), ['error EDE-FWD-CODE']);
    assert.deepEqual(check([forwardOf([battery, clock], (e) => ({ ...e, meter: 'M-2' }))], [battery, clock]), ['error EDE-FWD-METER', 'error EDE-FWD-METER']);
    assert.deepEqual(check([forwardOf([battery, clock], (e) => ({ ...e, createdDateTime: '2024-03-01T11:00:00Z' }))], [battery, clock]), ['error EDE-FWD-TIME', 'error EDE-FWD-TIME']);
  });

  test('an event matched by its mRID when two of code, meter and instant changed', () => {
    const out = parse(buildEndDeviceEvents([{ mRID: 'S-1', createdDateTime: '2024-03-01T12:00:00Z', meter: 'M-2', eventType: '3.2.22.150' }]));
    assert.deepEqual(check([out], [battery]), ['error EDE-FWD-METER', 'error EDE-FWD-TIME']);
  });

  test('a non-health event told with them and forwarded: EDE-FWD-ONLY-HEALTH; not judged with CIM9-166 = any', () => {
    const all = forwardOf([battery, clock, imbalance]);
    assert.deepEqual(check([all], [battery, clock, imbalance]), ['error EDE-FWD-ONLY-HEALTH']);
    assert.deepEqual(check([all], [battery, clock, imbalance], 'any'), []);
    assert.deepEqual(check([forwardOf([battery, clock])], [battery, clock, imbalance]), []);
  });

  test('a payload of another noun is EDE-FWD-EVENTS; nothing health sent is nothing to check (DOM-EXPECTED)', () => {
    const readings = parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' } }] }));
    assert.deepEqual(check([readings], [battery]), ['error EDE-FWD-EVENTS', 'error EDE-FWD-EVENTS']);
    assert.deepEqual(check([forwardOf([imbalance])], [imbalance]), ['error DOM-EXPECTED']);
  });

  test('health codes are those of a UC-05 domain', () => {
    assert.ok(isHealthCode('3.2.22.150', DOMAINS) && isHealthCode('3.36.0.79', DOMAINS));
    assert.ok(!isHealthCode('3.26.38.98', DOMAINS) && !isHealthCode('3.2.22.x', DOMAINS) && !isHealthCode(undefined, DOMAINS));
  });
});

describe('what the suite sends, and when EDE-06 applies', () => {
  test('two health events of the UC-05 domains at distinct instants, and with `other` one of no health domain', () => {
    const sent = healthMessageEvents('M-1', DOMAINS, true, Date.parse('2024-03-01T10:00:00Z'));
    assert.deepEqual(sent.map((s) => s.code), ['3.2.22.150', '3.36.0.79', '3.26.38.98']);
    assert.equal(new Set(sent.map((s) => s.createdDateTime)).size, 3);
    assert.deepEqual(healthMessageEvents('M-1', [7, 21], false).map((s) => s.code), ['3.7.0.24', '3.21.62.50']);
    assert.deepEqual(healthMessageEvents('M-1', [2, 26], true).map((s) => s.code), ['3.2.22.150', '3.20.0.79']);
    assert.throws(() => healthMessageEvents('M-1', [99], false), SuiteError);
    assert.throws(() => healthMessageEvents('M-1', [2, 20, 26], true), SuiteError);
    assert.equal(HEALTH_CODES.length, 5);
  });

  test('UC-06 = on and CIM9-165 = created-events: tested; otherwise not applicable, with the reason', () => {
    assert.equal(healthForwardNotApplicable({ 'UC-06': 'on', 'CIM9-165': 'created-events' }), undefined);
    assert.match(healthForwardNotApplicable({ 'UC-06': 'off' })!, /UC-06 = off/);
    assert.match(healthForwardNotApplicable({ 'UC-06': 'on', 'CIM9-165': 'none' })!, /no maintenance consumer/);
    assert.match(healthForwardNotApplicable({ 'UC-06': 'on', 'CIM9-165': 'other-part' })!, /another IEC 61968 part/);
  });

  test('the plan: the reference MDM profiles run EDE-06; a profile without UC-06 leaves it out', () => {
    for (const p of ['reference.yaml', 'reference-mdm.yaml', 'reference-2024.yaml']) {
      assert.ok(!exclusionsFor(loadProfile(repoPath(`profiles/${p}`))).some((x) => x.tag === '@cap:health-forward'), p);
    }
    const cis = exclusionsFor(loadProfile(repoPath('profiles/reference-cis.yaml'))).find((x) => x.tag === '@cap:health-forward');
    assert.match(cis?.reason ?? '', /UC-06 = off/);
  });

  test('the faults: catalogued, each violating a rule of the catalogue, both editions', () => {
    for (const f of HEALTH_FORWARD_FAULTS) {
      assert.ok(FAULTS.some((x) => x.id === f.id), f.id);
      assert.ok(rule(violatedRule(f)), f.id);
      assert.deepEqual(f.editions, ['2013', '2024']);
    }
  });
});

describe('the reference MDM over HTTP', () => {
  let listener: Listener;
  const sims: Simulator[] = [];
  before(async () => {
    listener = await acknowledgingListener({ maxBytes: 4 * 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-mm' });
  });
  after(async () => {
    for (const s of sims) await s.close();
    await listener.close();
    await closeAllClients(100);
  });

  /** the head-end tells a reference MDM (with `faults`) the events; what the maintenance consumer then checks */
  async function forwardUnder(faults: string[], sent: SentEvent[]): Promise<string[]> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), roles: ['MDM'], faults, subscribers: { MM: listener.urlFor('mm') }, asyncDelayMs: 5 });
    sims.push(sim);
    const since = listener.lastSeq;
    const msg = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, payload: { root: buildEndDeviceEvents(sent.map((s) => ({ mRID: s.mRID, createdDateTime: s.createdDateTime, meter: s.meter, eventType: s.code }))) } }, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), msg.xml, { soapVersion: '1.1', soapAction: msg.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const reply = readMessage(http.body);
    assert.ok(reply.ok);
    assert.equal(reply.wire.message?.reply?.result, 'OK');
    const got = await listener.waitFor({ path: 'mm', predicate: (x) => x.seq > since }, faults.includes('health-not-forwarded') ? 300 : 5000, 'forward');
    if (!got.ok) return ['nothing forwarded'];
    const r = readMessage(got.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    assert.equal(r.wire.message.header?.verb, 'created');
    return check([r.wire.message.payload.root], sent);
  }

  test('clean: the health events go on with their code, meter and instant, the voltage imbalance does not; each fault is seen', async () => {
    const sent = healthMessageEvents('M-1001', DOMAINS, true);
    assert.deepEqual(await forwardUnder([], sent), []);
    assert.deepEqual(await forwardUnder(['health-not-forwarded'], sent), ['nothing forwarded']);
    assert.deepEqual(await forwardUnder(['health-forwarded-wrong-code'], sent), ['error EDE-FWD-CODE']);
    assert.deepEqual(await forwardUnder(['health-forwarded-wrong-meter'], sent), ['error EDE-FWD-METER', 'error EDE-FWD-METER']);
    assert.deepEqual(await forwardUnder(['health-forwarded-time-changed'], sent), ['error EDE-FWD-TIME', 'error EDE-FWD-TIME']);
    assert.deepEqual(await forwardUnder(['non-health-forwarded'], sent), ['error EDE-FWD-ONLY-HEALTH']);
  });

  /** the first forward to the maintenance consumer and whether a repeat of one of its events follows (DOM-EVENT-ONCE's predicate) */
  async function repeatUnder(faults: string[]): Promise<boolean> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), roles: ['MDM'], faults, subscribers: { MM: listener.urlFor('mm') }, asyncDelayMs: 5 });
    sims.push(sim);
    const since = listener.lastSeq;
    const sent = healthMessageEvents('M-1001', DOMAINS, false);
    const msg = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, payload: { root: buildEndDeviceEvents(sent.map((s) => ({ mRID: s.mRID, createdDateTime: s.createdDateTime, meter: s.meter, eventType: s.code }))) } }, '1.1');
    assert.ok((await postSoap(sim.urlFor('MDM'), msg.xml, { soapVersion: '1.1', soapAction: msg.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 })).ok);
    const first = await listener.waitFor({ path: 'mm', predicate: (x) => x.seq > since }, 5000, 'forward');
    assert.ok(first.ok);
    const r = readMessage(first.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    const identities = eventIdentities(r.wire.message.payload.root);
    assert.ok(identities.size >= 2);
    const again = await listener.waitFor({ path: 'mm', predicate: repeatsEvent(identities, first.message.seq) }, 500, 'repeat');
    return again.ok;
  }

  test('health-forwarded-twice: the same events reach the maintenance consumer again (DOM-EVENT-ONCE); clean: once', async () => {
    assert.equal(await repeatUnder([]), false);
    assert.equal(await repeatUnder(['health-forwarded-twice']), true);
    const f = HEALTH_FORWARD_FAULTS.find((x) => x.id === 'health-forwarded-twice');
    assert.equal(f && violatedRule(f), 'DOM-EVENT-ONCE');
    assert.equal(f?.scope, '@usecase:EDE-06');
  });
});

describe('EDE-FWD findings carry expected / actual (issue 16)', () => {
  const raw = (roots: ReturnType<typeof parse>[], sent: readonly SentEvent[]) => checkForwardedHealth(roots.map((root, i) => ({ root, label: `m${i}` })), { sent, domains: DOMAINS, scope: 'health-only' }, ctx());
  test('code, meter, time, missing, a payload of another kind, no health event told', () => {
    hasEvidence(raw([forwardOf([battery, clock], (e, i) => (i === 1 ? { ...e, eventType: '3.36.0.24' } : e))], [battery, clock])[0], /^code 3\.36\.0\.79$/, /^code 3\.36\.0\.24$/);
    hasEvidence(raw([forwardOf([battery], (e) => ({ ...e, meter: 'M-2' }))], [battery])[0], /^meter M-1$/, /^meter M-2$/);
    allHaveEvidence(raw([forwardOf([battery], (e) => ({ ...e, meter: 'M-2', createdDateTime: '2024-03-01T11:00:00Z' }))], [battery]));
    hasEvidence(raw([forwardOf([battery])], [battery, clock])[0], /^the health event 3\.36\.0\.79 of meter M-1/, /^3\.2\.22\.150 of meter M-1/);
    hasEvidence(raw([parse(buildMeterReadings({ meterReadings: [] }))], [battery]).find((f) => f.actual?.includes('MeterReadings')), /^an EndDeviceEvents payload$/, /^a MeterReadings payload$/);
    hasEvidence(raw([forwardOf([battery])], [{ ...battery, code: '3.26.0.85' }])[0], /^a health event/, /^1 event\(s\) of no health domain: 3\.26\.0\.85$/);
    allHaveEvidence(raw([forwardOf([battery, { ...clock, code: '3.26.0.85' }])], [battery]));
  });
});
