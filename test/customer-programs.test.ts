/**
 * Change of customer program (EDC-04): the pure checks of src/checks/customer-programs.ts, and the reference head-end
 * (simulator/handlers/customer-programs.ts) whose configuration-changed event passes them, while each fault of
 * simulator/faults/customer-programs.ts makes them fail with the rule it violates.
 * Run: node --import tsx --test test/customer-programs.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { readMessage, toSoap, newMessageId, nowTimestamp, type Header, type Message } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkNoProgramEvent, checkProgramEvents, checkRelayedReprogram, eventDomain, isProgramChange, type ProgramEvent, type ProgramExpectation } from '../src/checks/customer-programs.ts';
import { programChangeMessage, PROGRAM_CHANGE } from '../src/usecases/customer-programs.ts';
import { readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { acknowledgingListener } from './peers.ts';

const T0 = new Date('2026-01-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ctx = () => contextFor({ label: 't', skewSeconds: 60 });
const rules = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const exp = (o: Partial<ProgramExpectation> = {}): ProgramExpectation => ({ meter: 'M-1', controlType: PROGRAM_CHANGE, issuerTrackingID: 'T-1', requestedAt: T0, domains: [7, 20], ...o });
const ev = (o: Partial<ProgramEvent> = {}): ProgramEvent => ({ eventType: '3.7.0.24', meter: 'M-1', issuerTrackingID: 'T-1', createdDateTime: iso(T0.getTime() + 1000), label: 'e', ...o });

describe('codes', () => {
  test('a reprogramming command is domain 7 or 20 with the action 13 Change; the default and every CIM9-180 token are', () => {
    assert.ok(isProgramChange('3.20.121.13'));
    assert.ok(isProgramChange('0.20.140.13'));
    assert.ok(isProgramChange('3.7.0.13'));
    assert.ok(!isProgramChange('3.31.0.23'));
    assert.ok(!isProgramChange('0.20.9.82'), 'a price signal create is not a reprogramming');
    assert.ok(!isProgramChange('x'));
    const tokens = ASSUMPTIONS.find((a) => a.id === 'CIM9-180')!.tokens.map((t) => t.value);
    assert.ok(tokens.includes(PROGRAM_CHANGE) && tokens.every(isProgramChange));
  });
  test('eventDomain decodes part 2, undefined for what does not decode', () => {
    assert.equal(eventDomain('3.7.0.24'), 7);
    assert.equal(eventDomain(' 0.20.121.24 '), 20);
    assert.equal(eventDomain('3.7.0'), undefined);
  });
});

describe('checkProgramEvents (EDC-PROGRAM-EVENT, EDC-PROGRAM-DOMAIN, EDC-TRACKING)', () => {
  test('the configuration-changed event of the meter passes; a Billing event and type 0 too; no tracking id is fine', () => {
    assert.deepEqual(checkProgramEvents([ev()], exp(), ctx()), []);
    assert.deepEqual(checkProgramEvents([ev({ eventType: '0.20.121.24', issuerTrackingID: undefined })], exp(), ctx()), []);
    // another event of the meter beside the confirmation is not judged
    assert.deepEqual(checkProgramEvents([ev({ eventType: '3.26.0.85' }), ev()], exp(), ctx()), []);
  });
  test('nothing of the meter is EDC-PROGRAM-EVENT: a step that finds nothing fails', () => {
    assert.deepEqual(rules(checkProgramEvents([], exp(), ctx())), ['EDC-PROGRAM-EVENT']);
    assert.deepEqual(rules(checkProgramEvents([ev({ meter: 'M-2' })], exp(), ctx())), ['EDC-PROGRAM-EVENT']);
  });
  test('only events of another domain is EDC-PROGRAM-DOMAIN; the domains follow CIM9-181', () => {
    assert.deepEqual(rules(checkProgramEvents([ev({ eventType: '3.21.0.24' })], exp(), ctx())), ['EDC-PROGRAM-DOMAIN']);
    assert.deepEqual(rules(checkProgramEvents([ev({ eventType: 'garbage' })], exp(), ctx())), ['EDC-PROGRAM-DOMAIN']);
    assert.deepEqual(rules(checkProgramEvents([ev({ eventType: '3.20.0.24' })], exp({ domains: [7] }), ctx())), ['EDC-PROGRAM-DOMAIN']);
  });
  test('dated before the command (beyond the clock skew), or undated, is EDC-PROGRAM-EVENT; within the skew passes', () => {
    assert.deepEqual(rules(checkProgramEvents([ev({ createdDateTime: iso(T0.getTime() - 300_000) })], exp(), ctx())), ['EDC-PROGRAM-EVENT']);
    assert.deepEqual(rules(checkProgramEvents([ev({ createdDateTime: 'soon' })], exp(), ctx())), ['EDC-PROGRAM-EVENT']);
    assert.deepEqual(checkProgramEvents([ev({ createdDateTime: iso(T0.getTime() - 30_000) })], exp(), ctx()), []);
  });
  test('another issuerTrackingID is EDC-TRACKING', () => {
    assert.deepEqual(rules(checkProgramEvents([ev({ issuerTrackingID: 'T-9' })], exp(), ctx())), ['EDC-TRACKING']);
  });
});

describe('checkNoProgramEvent (EDC-PROGRAM-EVENT, EDC-PROGRAM-METER)', () => {
  test('nothing at all is EDC-PROGRAM-EVENT, naming where the suite waited', () => {
    const f = checkNoProgramEvent([], exp(), 'the subscriber', ctx());
    assert.deepEqual(rules(f), ['EDC-PROGRAM-EVENT']);
    assert.match(f[0]!.message, /meter M-1.*the subscriber/);
  });
  test('a configuration event of another meter instead is EDC-PROGRAM-METER; another kind of event of another meter is not', () => {
    assert.deepEqual(rules(checkNoProgramEvent([ev({ meter: 'M-2' })], exp(), 'w', ctx())), ['EDC-PROGRAM-METER']);
    assert.deepEqual(rules(checkNoProgramEvent([ev({ meter: 'M-2', eventType: '3.26.0.85' })], exp(), 'w', ctx())), ['EDC-PROGRAM-EVENT']);
    assert.deepEqual(rules(checkNoProgramEvent([ev({ meter: 'M-2', createdDateTime: iso(T0.getTime() - 600_000) })], exp(), 'w', ctx())), ['EDC-PROGRAM-EVENT']);
  });
});

describe('checkRelayedReprogram (EDC-REPROGRAM)', () => {
  const e = { meter: 'M-1', usagePoint: 'UP-1', within: 5 };
  test('a reprogramming command for the meter passes; none, another meter or another command is EDC-REPROGRAM', () => {
    assert.deepEqual(checkRelayedReprogram([{ controlType: '3.20.121.13', meters: ['M-1'] }], e, ctx()), []);
    assert.deepEqual(rules(checkRelayedReprogram(undefined, e, ctx())), ['EDC-REPROGRAM']);
    assert.deepEqual(rules(checkRelayedReprogram([{ controlType: '3.20.121.13', meters: ['M-2'] }], e, ctx())), ['EDC-REPROGRAM']);
    assert.deepEqual(rules(checkRelayedReprogram([{ controlType: '3.31.0.23', meters: ['M-1'] }], e, ctx())), ['EDC-REPROGRAM']);
  });
});

describe('the reference head-end', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  let listener: Listener;
  let seq = 0;
  const sims: Simulator[] = [];
  before(async () => {
    listener = await acknowledgingListener({ maxBytes: 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-cis' });
  });
  after(async () => {
    await Promise.all(sims.map((s) => s.close()));
    await listener.close();
    await closeAllClients(100);
    pack.dispose?.();
  });
  const header = (verb: string, noun: string): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() });

  async function post(s: Simulator, m: Message): Promise<{ result: string; controls: number }> {
    const out = toSoap(m, '1.1');
    const r = await postSoap(s.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
    assert.ok(r.ok);
    const read = readMessage(r.body);
    assert.ok(read.ok);
    const root = read.wire.message?.payload?.root;
    return { result: read.wire.message?.reply?.result ?? '', controls: root ? readEndDeviceControls(root).length : 0 };
  }

  async function events(path: string, ms: number): Promise<ProgramEvent[]> {
    const out: ProgramEvent[] = [];
    for (;;) {
      const o = await listener.waitFor({ path }, ms, 'test');
      if (!o.ok) return out;
      const r = readMessage(o.message.body);
      assert.ok(r.ok && r.wire.message?.payload?.root);
      out.push(...readEndDeviceEvents(r.wire.message.payload.root).map((e) => ({ ...e, label: 'sim' })));
    }
  }

  async function change(faults: string[], meter = 'M-1001'): Promise<{ result: string; controls: number; e: ProgramExpectation; got: ProgramEvent[] }> {
    const path = `cis-${++seq}`;
    const s = await startSimulator({ schemaPack: pack, faults, subscribers: { MDM: listener.urlFor(path) }, asyncDelayMs: 5 });
    sims.push(s);
    const e = exp({ meter, issuerTrackingID: `T-${newMessageId()}`, requestedAt: new Date() });
    const r = await post(s, programChangeMessage(header('create', 'EndDeviceControls'), { mRID: newMessageId(), issuerTrackingID: e.issuerTrackingID!, controlType: PROGRAM_CHANGE, meter }));
    return { ...r, e, got: await events(path, 300) };
  }

  test('a program change: OK with the control returned, and the configuration-changed event 3.7.0.24 of the meter with the tracking id', async () => {
    const { result, controls, e, got } = await change([]);
    assert.equal(result, 'OK');
    assert.equal(controls, 1);
    assert.deepEqual(got.map((x) => [x.eventType, x.meter, x.issuerTrackingID]), [['3.7.0.24', 'M-1001', e.issuerTrackingID]]);
    assert.deepEqual(checkProgramEvents(got, e, ctx()), []);
  });
  test('an unknown meter is FAILED and nothing is told', async () => {
    const { result, got } = await change([], 'M-9999');
    assert.equal(result, 'FAILED');
    assert.deepEqual(got, []);
  });
  test('program-change-no-event → EDC-PROGRAM-EVENT', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'program-change-no-event')!), 'EDC-PROGRAM-EVENT');
    const { result, e, got } = await change(['program-change-no-event']);
    assert.equal(result, 'OK');
    assert.deepEqual(got, []);
    assert.deepEqual(rules(checkNoProgramEvent(got, e, 'w', ctx())), ['EDC-PROGRAM-EVENT']);
  });
  test('program-change-event-wrong-domain → EDC-PROGRAM-DOMAIN', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'program-change-event-wrong-domain')!), 'EDC-PROGRAM-DOMAIN');
    const { e, got } = await change(['program-change-event-wrong-domain']);
    assert.deepEqual(rules(checkProgramEvents(got, e, ctx())), ['EDC-PROGRAM-DOMAIN']);
  });
  test('program-change-event-wrong-meter → EDC-PROGRAM-METER', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'program-change-event-wrong-meter')!), 'EDC-PROGRAM-METER');
    const { e, got } = await change(['program-change-event-wrong-meter']);
    assert.deepEqual(got.filter((x) => x.meter === e.meter), []);
    assert.deepEqual(rules(checkNoProgramEvent(got, e, 'w', ctx())), ['EDC-PROGRAM-METER']);
  });
});
