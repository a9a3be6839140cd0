/**
 * Meter service and premises events (src/checks/service-events.ts, simulator/handlers/service-events.ts): the
 * change-out rules (MSR-CHANGEOUT-DEVICES, -ORDER, -CODE; CIM9-130, CIM9-131), the tamper code (MSR-TAMPER-CODE,
 * CIM9-132), the PAN device types (PAN-EVENT-TYPE, CIM9-133, CIM9-134); the stimulus body of a change-out; the
 * reference head-end publishing each to its MDM over HTTP (clean, and caught under each fault of the family).
 * Run: node --import tsx --test test/service-events.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEndDeviceEventsPayload, type Finding } from '../src/checks/index.ts';
import { checkChangeOutEvents, checkPanEvents, checkTamperEvents, isTamperCode, type ChangeOutExpectation, type ReceivedPayloads } from '../src/checks/service-events.ts';
import { buildEndDeviceEvents, type EndDeviceEventTypeValue, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';
import { readMessage } from '../src/message/index.ts';
import { readStimulusBody, stimulusBody, STIMULUS_EVENTS } from '../src/usecases/stimuli.ts';
import { SERVICE_EVENT_FAULTS } from '../simulator/faults/service-events.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, toSoap } from '../src/message/index.ts';
import { eventsMessage } from '../src/usecases/requests.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { acknowledgingListener } from './peers.ts';
import { allHaveEvidence, ctx, hasEvidence, parse, rules } from './checks-helpers.ts';
import { changeOutForwardNotApplicable, PAN_DEVICE_EVENTS } from '../src/usecases/service-events.ts';
import { exclusionsFor } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const ev = (o: Partial<EndDeviceEventValue> = {}): EndDeviceEventValue => ({ mRID: 'E-1', createdDateTime: '2024-03-01T10:00:00Z', meter: 'M-1', eventType: '3.6.0.212', ...o });
const payloads = (events: EndDeviceEventValue[], types: EndDeviceEventTypeValue[] = []): ReceivedPayloads => [{ root: parse(buildEndDeviceEvents(events, types)), label: 'm' }];

const removal = ev({ mRID: 'R', meter: 'OLD', createdDateTime: '2024-03-01T10:00:00Z', eventType: '3.6.0.212' });
const installation = ev({ mRID: 'I', meter: 'NEW', createdDateTime: '2024-03-01T10:00:30Z', eventType: '3.6.0.105' });
const exp: ChangeOutExpectation = { oldMeter: 'OLD', newMeter: 'NEW', codes: 'removed-installed', order: true };

describe('MSR-02 change-out events', () => {
  test('removal then installation, domain 6: clean; in one message or two; equal times allowed; 27 ChangeOut counts for either', () => {
    assert.deepEqual(checkChangeOutEvents(payloads([removal, installation]), exp, ctx()), []);
    assert.deepEqual(checkChangeOutEvents([...payloads([installation]), ...payloads([removal])], exp, ctx()), []);
    assert.deepEqual(checkChangeOutEvents(payloads([removal, { ...installation, createdDateTime: removal.createdDateTime }]), exp, ctx()), []);
    assert.deepEqual(checkChangeOutEvents(payloads([{ ...removal, eventType: '0.6.0.27' }, { ...installation, eventType: '3.6.0.27' }]), exp, ctx()), []);
    // other events of the meters in the same message are not judged
    assert.deepEqual(checkChangeOutEvents(payloads([removal, ev({ mRID: 'P', meter: 'OLD', eventType: '3.26.0.85' }), installation]), exp, ctx()), []);
  });

  test('a code referred to by name resolves through the payload\'s definitions', () => {
    const p = payloads([{ ...removal, eventType: 'Meter.Removed' }, installation], [{ code: '3.6.0.212', name: 'Meter.Removed' }]);
    assert.deepEqual(checkChangeOutEvents(p, exp, ctx()), []);
  });

  test('a meter whose event is missing: MSR-CHANGEOUT-DEVICES (the old one, the new one, or no removal among its events)', () => {
    assert.deepEqual(rules(checkChangeOutEvents(payloads([removal]), exp, ctx())), ['error MSR-CHANGEOUT-DEVICES']);
    assert.match(checkChangeOutEvents(payloads([removal]), exp, ctx())[0]!.message, /new meter NEW/);
    assert.deepEqual(rules(checkChangeOutEvents(payloads([installation]), exp, ctx())), ['error MSR-CHANGEOUT-DEVICES']);
    assert.deepEqual(rules(checkChangeOutEvents(payloads([{ ...removal, eventType: '3.26.0.85' }, installation]), exp, ctx())), ['error MSR-CHANGEOUT-DEVICES']);
    // the installation of the new meter is not the removal of the old one
    assert.deepEqual(rules(checkChangeOutEvents(payloads([{ ...removal, eventType: '3.6.0.105' }, installation]), exp, ctx())), ['error MSR-CHANGEOUT-DEVICES']);
    // CIM9-130 any-installation: any domain-6 event counts
    assert.deepEqual(checkChangeOutEvents(payloads([{ ...removal, eventType: '3.6.0.105' }, installation]), { ...exp, codes: 'any-installation' }, ctx()), []);
  });

  test('the removal dated after the installation: MSR-CHANGEOUT-ORDER, unless CIM9-131 = off', () => {
    const late = { ...removal, createdDateTime: '2024-03-01T10:01:00Z' };
    const fs = checkChangeOutEvents(payloads([late, installation]), exp, ctx());
    assert.deepEqual(rules(fs), ['error MSR-CHANGEOUT-ORDER']);
    assert.deepEqual(fs[0]!.assumptions, { 'CIM9-130': 'removed-installed', 'CIM9-131': 'removal-first' });
    assert.deepEqual(checkChangeOutEvents(payloads([late, installation]), { ...exp, order: false }, ctx()), []);
  });

  test('a removal or installation outside domain 6: MSR-CHANGEOUT-CODE only (not also a missing event)', () => {
    assert.deepEqual(rules(checkChangeOutEvents(payloads([{ ...removal, eventType: '3.7.0.212' }, installation]), exp, ctx())), ['error MSR-CHANGEOUT-CODE']);
    assert.deepEqual(rules(checkChangeOutEvents(payloads([removal, { ...installation, eventType: '3.26.0.105' }]), exp, ctx())), ['error MSR-CHANGEOUT-CODE']);
  });
});

describe('MSR-03 tamper event', () => {
  test('3.12.0.257 of the meter: clean; vendor x.12.y.257 per CIM9-132', () => {
    assert.deepEqual(checkTamperEvents(payloads([ev({ meter: 'M-1', eventType: '3.12.0.257' })]), { meter: 'M-1', codes: 'security-257' }, ctx()), []);
    assert.deepEqual(checkTamperEvents(payloads([ev({ meter: 'M-1', eventType: '0.12.43.257' })]), { meter: 'M-1', codes: 'security-257' }, ctx()), []);
    assert.deepEqual(rules(checkTamperEvents(payloads([ev({ meter: 'M-1', eventType: '0.12.43.257' })]), { meter: 'M-1', codes: 'epri-exact' }, ctx())), ['error MSR-TAMPER-CODE']);
    assert.equal(isTamperCode('3.12.29.212', 'security-257'), false);
    assert.equal(isTamperCode(undefined, 'security-257'), false);
  });

  test('TamperDetected in another domain, or of another meter: MSR-TAMPER-CODE naming what was seen', () => {
    const wrong = checkTamperEvents(payloads([ev({ meter: 'M-1', eventType: '3.26.0.257' })]), { meter: 'M-1', codes: 'security-257' }, ctx());
    assert.deepEqual(rules(wrong), ['error MSR-TAMPER-CODE']);
    assert.match(wrong[0]!.message, /3\.26\.0\.257/);
    const other = checkTamperEvents(payloads([ev({ meter: 'M-1', eventType: '3.2.22.150' }), ev({ mRID: 'E-2', meter: 'M-2', eventType: '3.12.0.257' })]), { meter: 'M-1', codes: 'security-257' }, ctx());
    assert.deepEqual(rules(other), ['error MSR-TAMPER-CODE']);
    assert.match(other[0]!.message, /of meter M-2/);
  });
});

describe('PAN-02 PAN device events', () => {
  const pan = { meter: 'M-1', usagePoint: 'UP-1', panTypes: [12, 15, 16, 17, 19] };
  test('PAN device events at the meter\'s usage point, or told by the meter itself: clean', () => {
    assert.deepEqual(checkPanEvents(payloads([ev({ meter: 'IHD-1', usagePoint: 'UP-1', eventType: '15.1.0.47' }), ev({ mRID: 'E-2', meter: 'PCT-1', usagePoint: 'UP-1', eventType: '19.2.22.150' })]), pan, ctx()), []);
    assert.deepEqual(checkPanEvents(payloads([ev({ meter: 'M-1', eventType: '12.1.0.47' })]), pan, ctx()), []);
    // the meter's own events beside the PAN events are left alone
    assert.deepEqual(checkPanEvents(payloads([ev({ meter: 'M-1', eventType: '3.26.0.85' }), ev({ mRID: 'E-2', meter: 'IHD-1', usagePoint: 'UP-1', eventType: '15.1.0.47' })]), pan, ctx()), []);
  });

  test('a device at the premises with a non-PAN type, or no PAN event at all: PAN-EVENT-TYPE', () => {
    const fs = checkPanEvents(payloads([ev({ meter: 'IHD-1', usagePoint: 'UP-1', eventType: '15.1.0.47' }), ev({ mRID: 'E-2', meter: 'PCT-1', usagePoint: 'UP-1', eventType: '3.2.22.150' })]), pan, ctx());
    assert.deepEqual(rules(fs), ['error PAN-EVENT-TYPE']);
    assert.match(fs[0]!.message, /PCT-1.*EndDeviceType 3/);
    assert.deepEqual(rules(checkPanEvents(payloads([ev({ meter: 'M-1', eventType: '3.26.0.85' })]), pan, ctx())), ['error PAN-EVENT-TYPE']);
    // CIM9-133 is the profile's list
    assert.deepEqual(rules(checkPanEvents(payloads([ev({ meter: 'IHD-1', usagePoint: 'UP-1', eventType: '15.1.0.47' })]), { ...pan, panTypes: [12] }, ctx())), ['error PAN-EVENT-TYPE']);
  });
});

describe('the stimuli, rules, assumptions and faults of the family', () => {
  test('meter-change-out carries meters [old, new]; the body is refused without them', () => {
    assert.ok(STIMULUS_EVENTS.includes('meter-change-out') && STIMULUS_EVENTS.includes('tamper') && STIMULUS_EVENTS.includes('pan-event'));
    const body = stimulusBody('meter-change-out', { meters: ['M-1', 'M-2'] });
    assert.deepEqual(body, { role: 'HES', event: 'meter-change-out', meter: 'M-1', meters: ['M-1', 'M-2'] });
    assert.deepEqual(readStimulusBody(body), { ok: true, body });
    assert.equal(stimulusBody('tamper', { meters: ['M-1'] }).meters, undefined);
    for (const bad of [{ role: 'HES', event: 'meter-change-out', meter: 'M-1' }, { role: 'HES', event: 'meter-change-out', meter: 'M-1', meters: ['M-1', 'M-1'] }, { role: 'HES', event: 'meter-change-out', meter: 'M-1', meters: ['M-2', 'M-3'] }]) {
      const r = readStimulusBody(bad);
      assert.ok(!r.ok && /meters \[old, new\]/.test(r.error), JSON.stringify(bad));
    }
  });

  test('each fault is in the catalogue and violates a catalogued rule of this family; each rule has a fault; CIM9-130..134 are registered', () => {
    const ids = new Set(FAULTS.map((f) => f.id));
    for (const f of SERVICE_EVENT_FAULTS) {
      assert.ok(ids.has(f.id), f.id);
      assert.ok(rule(violatedRule(f)), f.id);
    }
    const violated = new Set(SERVICE_EVENT_FAULTS.map(violatedRule));
    for (const id of ['MSR-CHANGEOUT-DEVICES', 'MSR-CHANGEOUT-ORDER', 'MSR-CHANGEOUT-CODE', 'MSR-TAMPER-CODE', 'PAN-EVENT-TYPE']) assert.ok(violated.has(id), id);
    const registered = new Set(ASSUMPTIONS.map((a) => a.id as string));
    for (const id of ['CIM9-130', 'CIM9-131', 'CIM9-132', 'CIM9-133', 'CIM9-134']) assert.ok(registered.has(id), id);
  });
});

describe('the reference head-end over HTTP', () => {
  let listener: Listener;
  const sims: Simulator[] = [];
  before(async () => {
    listener = await acknowledgingListener({ maxBytes: 4 * 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-mdm' });
  });
  after(async () => {
    for (const s of sims) await s.close();
    await listener.close();
    await closeAllClients(100);
  });
  const start = async (faults: string[]) => {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, subscribers: { MDM: listener.urlFor('mdm') }, asyncDelayMs: 5 });
    sims.push(sim);
    return sim;
  };
  async function stimulus(sim: Simulator, body: object, verb = 'created'): Promise<{ status: number; payloads: ReceivedPayloads }> {
    const since = listener.lastSeq;
    const res = await fetch(`${sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', ...body }) });
    if (res.status !== 202) return { status: res.status, payloads: [] };
    const got = await listener.waitFor({ path: 'mdm', predicate: (x) => x.seq > since }, 5000, 'service events');
    assert.ok(got.ok);
    const r = readMessage(got.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    assert.equal(r.wire.message.header?.verb, verb);
    const root = r.wire.message.payload.root;
    assert.deepEqual(checkEndDeviceEventsPayload(root, ctx()).filter((f) => f.severity === 'error'), []);
    return { status: res.status, payloads: [{ root, label: 'm' }] };
  }
  const changeOut = { codes: 'removed-installed', order: true } as const;
  const panOf = (meter: string) => ({ meter, usagePoint: `UP-${meter.slice(2)}`, panTypes: [12, 15, 16, 17, 19] });

  test('change-out, tamper and PAN event: clean; the change-out swaps the meters and is refused twice, then changed back', async () => {
    const sim = await start([]);
    const out = await stimulus(sim, { event: 'meter-change-out', meter: 'M-1001', meters: ['M-1001', 'M-2001'] });
    assert.equal(out.status, 202);
    assert.deepEqual(checkChangeOutEvents(out.payloads, { oldMeter: 'M-1001', newMeter: 'M-2001', ...changeOut }, ctx()), []);
    assert.equal((await stimulus(sim, { event: 'meter-change-out', meter: 'M-1001', meters: ['M-1001', 'M-2001'] })).status, 404);
    const back = await stimulus(sim, { event: 'meter-change-out', meter: 'M-2001', meters: ['M-2001', 'M-1001'] });
    assert.deepEqual(checkChangeOutEvents(back.payloads, { oldMeter: 'M-2001', newMeter: 'M-1001', ...changeOut }, ctx()), []);
    const tamper = await stimulus(sim, { event: 'tamper', meter: 'M-1002' });
    assert.deepEqual(checkTamperEvents(tamper.payloads, { meter: 'M-1002', codes: 'security-257' }, ctx()), []);
    const pan = await stimulus(sim, { event: 'pan-event', meter: 'M-1001' });
    assert.deepEqual(checkPanEvents(pan.payloads, panOf('M-1001'), ctx()), []);
  });

  test('service-events-request-verb: every publication of the family is told with the request verb create', async () => {
    const sim = await start(['service-events-request-verb']);
    await stimulus(sim, { event: 'tamper', meter: 'M-1003' }, 'create');
    await stimulus(sim, { event: 'pan-event', meter: 'M-1003' }, 'create');
    await stimulus(sim, { event: 'meter-change-out', meter: 'M-1003', meters: ['M-1003', 'M-2001'] }, 'create');
  });

  test('each content fault of the head-end is caught by its rule', async () => {
    for (const f of SERVICE_EVENT_FAULTS.filter((x) => violatedRule(x) !== 'ENV-KIND' && x.roles.includes('HES'))) {
      const sim = await start([f.id]);
      let fs: Finding[];
      if (f.id.startsWith('changeout-')) {
        fs = checkChangeOutEvents((await stimulus(sim, { event: 'meter-change-out', meter: 'M-1001', meters: ['M-1001', 'M-2001'] })).payloads, { oldMeter: 'M-1001', newMeter: 'M-2001', ...changeOut }, ctx());
      } else if (f.id.startsWith('tamper-')) {
        fs = checkTamperEvents((await stimulus(sim, { event: 'tamper', meter: 'M-1001' })).payloads, { meter: 'M-1001', codes: 'security-257' }, ctx());
      } else {
        fs = checkPanEvents((await stimulus(sim, { event: 'pan-event', meter: 'M-1001' })).payloads, panOf('M-1001'), ctx());
      }
      assert.deepEqual([...new Set(fs.map((x) => x.rule))], [violatedRule(f)], f.id);
    }
  });
});

describe('the reference MDM forwards a tamper to its CIS (MSR-03 step 2)', () => {
  let cis: Listener;
  const sims: Simulator[] = [];
  before(async () => {
    cis = await acknowledgingListener({ maxBytes: 4 * 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-cis' });
  });
  after(async () => {
    for (const s of sims) await s.close();
    await cis.close();
    await closeAllClients(100);
  });
  async function report(faults: string[], code: string): Promise<boolean> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], subscribers: { CIS: cis.urlFor('cis') }, asyncDelayMs: 5 });
    sims.push(sim);
    const since = cis.lastSeq;
    const out = toSoap(eventsMessage({ verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, [{ mRID: 'M-1001', usagePoint: 'UP-1001' }], code), '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const got = await cis.waitFor({ path: 'cis', predicate: (x) => x.seq > since }, 1000, 'tamper');
    if (!got.ok) return false;
    const r = readMessage(got.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    assert.equal(r.wire.message.header?.verb, 'created');
    assert.deepEqual(checkTamperEvents([{ root: r.wire.message.payload.root, label: 'm' }], { meter: 'M-1001', codes: 'epri-exact' }, ctx()), []);
    return true;
  }

  test('the tamper goes on with its code and meter; a power failure does not; tamper-not-forwarded keeps it', async () => {
    assert.equal(await report([], '3.12.0.257'), true);
    assert.equal(await report([], '3.26.0.85'), false);
    assert.equal(await report(['tamper-not-forwarded'], '3.12.0.257'), false);
  });
});

describe('service-event findings carry expected / actual (issue 16)', () => {
  test('MSR-CHANGEOUT-*, MSR-TAMPER-CODE, PAN-EVENT-TYPE', () => {
    hasEvidence(checkChangeOutEvents(payloads([removal]), exp, ctx())[0], /^an installation event of meter NEW$/, /^no EndDeviceEvent of meter NEW$/);
    allHaveEvidence(checkChangeOutEvents(payloads([removal, { ...installation, eventType: '3.26.0.85' }]), exp, ctx()));
    hasEvidence(checkChangeOutEvents(payloads([{ ...removal, eventType: '3.26.0.212' }, installation]), exp, ctx()).find((f) => f.rule === 'MSR-CHANGEOUT-CODE'), /^domain 6/, /^code 3\.26\.0\.212 \(domain 26\)$/);
    hasEvidence(checkChangeOutEvents(payloads([{ ...removal, createdDateTime: '2024-03-01T10:01:00Z' }, installation]), exp, ctx())[0], /^the removal dated no later than the installation$/, /^removal 2024-03-01T10:01:00Z, installation 2024-03-01T10:00:30Z$/);
    hasEvidence(checkTamperEvents(payloads([ev({ meter: 'M-1', eventType: '0.12.43.257' })]), { meter: 'M-1', codes: 'epri-exact' }, ctx())[0], /^a tamper event \(3\.12\.0\.257\) of meter M-1$/, /^0\.12\.43\.257/);
    allHaveEvidence(checkPanEvents(payloads([ev({ meter: 'M-1', eventType: '3.26.0.85' })]), { meter: 'M-1', panTypes: [7] }, ctx()));
    allHaveEvidence(checkPanEvents(payloads([ev({ meter: 'PAN-1', usagePoint: 'UP-1', eventType: '3.26.0.85' })]), { meter: 'M-1', usagePoint: 'UP-1', panTypes: [7] }, ctx()));
  });
});

describe('the reference MDM forwards change-out events to its CIS (MSR-02 with the MDM as SUT, CIM9-246)', () => {
  let cis: Listener;
  const sims: Simulator[] = [];
  before(async () => {
    cis = await acknowledgingListener({ maxBytes: 4 * 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-cis' });
  });
  after(async () => {
    for (const s of sims) await s.close();
    await cis.close();
    await closeAllClients(100);
  });
  /** tell a reference MDM (with `faults`) the change-out of M-1001 for M-1002; the rules the CIS's forward breaks, or 'nothing' */
  async function forwarded(faults: string[]): Promise<string[] | 'nothing'> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], subscribers: { CIS: cis.urlFor('cis') }, asyncDelayMs: 5 });
    sims.push(sim);
    const since = cis.lastSeq;
    const now = Date.now();
    const root = buildEndDeviceEvents([
      { mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(now - 20_000)), eventType: '3.6.0.212', meter: 'M-1001', usagePoint: 'UP-1001' },
      { mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(now - 10_000)), eventType: '3.6.0.105', meter: 'M-1002', usagePoint: 'UP-1001' },
    ]);
    const out = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, payload: { root } }, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const got = await cis.waitFor({ path: 'cis', predicate: (x) => x.seq > since }, 1000, 'change-out');
    if (!got.ok) return 'nothing';
    const r = readMessage(got.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    assert.equal(r.wire.message.header?.verb, 'created');
    return rules(checkChangeOutEvents([{ root: r.wire.message.payload.root, label: 'm' }], { oldMeter: 'M-1001', newMeter: 'M-1002', codes: 'removed-installed', order: true }, ctx()));
  }

  test('both events go on with their codes and meters; changeout-not-forwarded keeps them; changeout-removal-not-forwarded drops the removal', async () => {
    assert.deepEqual(await forwarded([]), []);
    assert.equal(await forwarded(['changeout-not-forwarded']), 'nothing');
    assert.deepEqual(await forwarded(['changeout-removal-not-forwarded']), ['error MSR-CHANGEOUT-DEVICES']);
  });

  test('when it applies: CIM9-246 = none leaves MSR-02.2 out (@cap:changeout-forward); the reference profiles run it', () => {
    assert.equal(changeOutForwardNotApplicable({}), undefined);
    assert.match(changeOutForwardNotApplicable({ 'CIM9-246': 'none' })!, /CIM9-246 = none/);
    assert.ok(ASSUMPTIONS.some((a) => a.id === 'CIM9-246' && a.default === 'forwarded'));
    for (const p of ['reference.yaml', 'reference-2024.yaml', 'reference-mdm.yaml']) {
      assert.ok(exclusionsFor(loadProfile(repoPath(`profiles/${p}`))).every((x) => x.tag !== '@cap:changeout-forward'), p);
    }
  });
});

describe('the reference MDM acknowledges PAN device events at a known premises (PAN-02 with the MDM as SUT)', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  async function result(faults: string[], usagePoint: string, code: string = PAN_DEVICE_EVENTS[1].code): Promise<string> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], asyncDelayMs: 5 });
    sims.push(sim);
    const root = buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime: nowTimestamp(), eventType: code, meter: 'PCT-M-1001', usagePoint }]);
    const out = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, payload: { root } }, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok);
    const reply = r.wire.message?.reply;
    return `${reply?.result}${reply?.errors?.length ? ` ${reply.errors.map((e) => e.code).join(',')}` : ''}`;
  }
  test('OK at a usage point it knows; 2.4 at one it does not, or for a non-PAN device; pan-events-refused-by-mdm refuses them (2.4)', async () => {
    assert.equal(await result([], 'UP-1001'), 'OK');
    assert.equal(await result([], 'UP-NONE'), 'FAILED 2.4');
    assert.equal(await result([], 'UP-1001', '3.2.22.150'), 'FAILED 2.4');
    assert.equal(await result(['pan-events-refused-by-mdm'], 'UP-1001'), 'FAILED 2.4');
  });
});

describe('the reference CIS acknowledges the tamper its MDM forwards (MSR-03 step 2, the CIS as SUT)', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  async function result(faults: string[], code: string): Promise<string> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['CIS'], asyncDelayMs: 5 });
    sims.push(sim);
    const out = toSoap(eventsMessage({ verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, [{ mRID: 'M-1001', usagePoint: 'UP-1001' }], code), '1.1');
    const http = await postSoap(sim.urlFor('CIS'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok);
    return r.wire.message?.reply?.result ?? '(none)';
  }
  test('OK for the tamper; cis-tamper-refused refuses it (FAILED) and nothing else', async () => {
    assert.equal(await result([], '3.12.0.257'), 'OK');
    assert.equal(await result(['cis-tamper-refused'], '3.12.0.257'), 'FAILED');
    assert.equal(await result(['cis-tamper-refused'], '3.26.0.85'), 'OK');
  });
});
