/**
 * Change of customer program (EDC-04): the pure checks of src/checks/customer-programs.ts, and the reference head-end
 * (simulator/handlers/customer-programs.ts) whose configuration-changed event passes them, while each fault of
 * simulator/faults/customer-programs.ts makes them fail with the rule it violates. EDC-03: the reference MDM asks the
 * head-end the suite plays (test/peers.ts suiteHeadEnd, src/usecases/peer.ts) to reprogram the meter of the usage point.
 * Run: node --import tsx --test test/customer-programs.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Simulator } from '../simulator/server.ts';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { readMessage, toSoap, newMessageId, type Message } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkNoProgramEvent, checkProgramEvents, checkRelayedReprogram, eventDomain, isProgramChange, type ProgramEvent, type ProgramExpectation } from '../src/checks/customer-programs.ts';
import { programChangeMessage, usagePointProgramMessage, NEW_PROGRAM, PROGRAM_CHANGE } from '../src/usecases/customer-programs.ts';
import { answerAsHeadEnd } from '../src/usecases/peer.ts';
import { buildUsagePointConfig, readUsagePointPrograms } from '../src/payloads/masterdata/usagePointConfig.ts';
import { buildGetConfig } from '../src/payloads/masterdata/getConfig.ts';
import { readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { headEndBench, suiteHeadEnd, withRelayingMdm, parsedOf, testHeader } from './peers.ts';

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

describe('the customer-program findings carry expected / actual (issue 16)', () => {
  test('the tracking and the command the MDM sent against what the rule wants', () => {
    const ea = (fs: Finding[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
    assert.deepEqual(ea(checkProgramEvents([ev({ issuerTrackingID: 'T-9' })], exp(), ctx())), [['EDC-TRACKING', 'issuerTrackingID "T-1"', 'issuerTrackingID "T-9"']]);
    const e = { meter: 'M-1', usagePoint: 'UP-1', within: 5 };
    assert.deepEqual(ea(checkRelayedReprogram([{ controlType: '3.20.121.13', meters: ['M-2'] }], e, ctx())), [['EDC-REPROGRAM', 'meter M-1', 'M-2']]);
    assert.deepEqual(ea(checkRelayedReprogram(undefined, e, ctx())), [['EDC-REPROGRAM', 'create(EndDeviceControls) for meter M-1 within 5 s', 'none']]);
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
  const bench = headEndBench({ source: 'test-cis', prefix: 'cis' });
  const { header } = bench;

  async function post(s: Simulator, m: Message): Promise<{ result: string; controls: number }> {
    const reply = await bench.post(s, m);
    const root = reply?.payload?.root;
    return { result: reply?.reply?.result ?? '', controls: root ? readEndDeviceControls(root).length : 0 };
  }

  async function events(path: string, ms: number): Promise<ProgramEvent[]> {
    const out: ProgramEvent[] = [];
    for (;;) {
      const o = await bench.listener.waitFor({ path }, ms, 'test');
      if (!o.ok) return out;
      const r = readMessage(o.message.body);
      assert.ok(r.ok && r.wire.message?.payload?.root);
      out.push(...readEndDeviceEvents(r.wire.message.payload.root).map((e) => ({ ...e, label: 'sim' })));
    }
  }

  async function change(faults: string[], meter = 'M-1001'): Promise<{ result: string; controls: number; e: ProgramExpectation; got: ProgramEvent[] }> {
    const { s, path } = await bench.sim(faults);
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

describe('EDC-03: the MDM reprograms the meter through the head-end the suite plays', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  const meters = [{ mRID: 'M-1001', usagePoint: 'UP-1001' }, { mRID: 'M-1002', usagePoint: 'UP-1002' }];
  const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
  let hes: Awaited<ReturnType<typeof suiteHeadEnd>>;
  before(async () => {
    hes = await suiteHeadEnd({ pack, meters, readingType: RT });
  });
  after(async () => {
    await hes.listener.close();
    await closeAllClients(100);
    pack.dispose?.();
  });
  const header = testHeader;

  test('the change(UsagePointConfig) names the new program as PricingStructures, valid against the schema, and reads back', () => {
    const m = usagePointProgramMessage(header('change', 'UsagePointConfig'), 'UP-1001', NEW_PROGRAM);
    const xml = toSoap(m, '1.1').xml;
    assert.deepEqual(pack.validate(Buffer.from(xml), { label: 't' }).filter((f) => f.severity === 'error'), []);
    const root = parsedOf(xml).payload!.root!;
    assert.deepEqual(readUsagePointPrograms(root).map((u) => [u.usagePoint, u.pricingStructure]), [['UP-1001', NEW_PROGRAM]]);
  });

  test("the suite's head-end answers create(EndDeviceControls) OK for a known meter, FAILED 2.4 for an unknown one, and never refuses it as a request; it takes a cancel and refuses another verb", () => {
    const settings = { generation: '2013' as const, meters, readingTypes: [RT], maxBytes: 1 << 20, schemaErrors: () => [] };
    const ok = answerAsHeadEnd(Buffer.from(toSoap(programChangeMessage(header('create', 'EndDeviceControls'), { mRID: 'C-1', issuerTrackingID: 'T-1', controlType: PROGRAM_CHANGE, meter: 'M-1001' }), '1.1').xml), '1.1', settings);
    assert.equal(ok.refused, undefined);
    const okMsg = parsedOf(ok.xml);
    assert.equal(okMsg.reply?.result, 'OK');
    assert.equal(readEndDeviceControls(okMsg.payload!.root!)[0]?.controlType, PROGRAM_CHANGE);
    const unknown = answerAsHeadEnd(Buffer.from(toSoap(programChangeMessage(header('create', 'EndDeviceControls'), { mRID: 'C-2', issuerTrackingID: 'T-2', controlType: PROGRAM_CHANGE, meter: 'M-9' }), '1.1').xml), '1.1', settings);
    assert.equal(unknown.refused, undefined);
    assert.deepEqual(parsedOf(unknown.xml).reply?.errors?.map((e) => e.code), ['2.4']);
    // a cancel is taken (an MDM passing on the cancel of its DRMS, EDC-01.6); another verb is refused as a request
    const cancel = answerAsHeadEnd(Buffer.from(toSoap(programChangeMessage(header('cancel', 'EndDeviceControls'), { mRID: 'C-3', issuerTrackingID: 'T-3', controlType: PROGRAM_CHANGE, meter: 'M-1001' }), '1.1').xml), '1.1', settings);
    assert.equal(cancel.refused, undefined);
    assert.equal(parsedOf(cancel.xml).reply?.result, 'OK');
    const change = answerAsHeadEnd(Buffer.from(toSoap(programChangeMessage(header('change', 'EndDeviceControls'), { mRID: 'C-4', issuerTrackingID: 'T-4', controlType: PROGRAM_CHANGE, meter: 'M-1001' }), '1.1').xml), '1.1', settings);
    assert.equal(change.refused?.code, '2.9');
  });

  async function changeProgram(faults: string[], usagePoint = 'UP-1001'): Promise<{ result: string; controls?: { controlType: string; meters: string[] }[] }> {
    const mark = hes.listener.lastSeq;
    return withRelayingMdm({ hes: hes.listener, pack, meters, roles: ['MDM'] }, faults, async (sim) => {
      const out = toSoap(usagePointProgramMessage(header('change', 'UsagePointConfig'), usagePoint, NEW_PROGRAM), '1.1');
      const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
      assert.ok(r.ok);
      const result = parsedOf(r.body.toString()).reply?.result ?? '';
      const asked = hes.listener.all().filter((m) => m.seq > mark && m.path === 'hes');
      if (!asked.length) return { result };
      const root = parsedOf(asked[0]!.body.toString()).payload!.root!;
      return { result, controls: readEndDeviceControls(root).map((c) => ({ controlType: c.controlType, meters: (c.endDevices ?? []).map((d) => d.mRID ?? '') })) };
    });
  }

  test('a program change: the MDM asks its head-end to reprogram the meter of the usage point, then replies OK', async () => {
    const { result, controls } = await changeProgram([]);
    assert.equal(result, 'OK');
    assert.ok(controls);
    assert.deepEqual(checkRelayedReprogram(controls, { meter: 'M-1001', usagePoint: 'UP-1001', within: 1 }, ctx()), []);
  });
  test('a usage point the MDM has as master data, with no meter: the new pricing structure is a master-data change (OK, kept), the head-end is not asked (MD-02.6)', async () => {
    const mark = hes.listener.lastSeq;
    await withRelayingMdm({ hes: hes.listener, pack, meters, roles: ['MDM'] }, [], async (sim) => {
      const send = async (m: Message) => {
        const out = toSoap(m, '1.1');
        const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
        assert.ok(r.ok);
        return parsedOf(r.body.toString());
      };
      const created = await send({ kind: 'request', header: header('create', 'UsagePointConfig'), payload: { root: buildUsagePointConfig({ usagePoints: [{ mRID: 'UP-MD-1', pricingStructure: { mRID: 'PS-OLD' } }] }) } });
      assert.equal(created.reply?.result, 'OK');
      const changed = await send(usagePointProgramMessage(header('change', 'UsagePointConfig'), 'UP-MD-1', NEW_PROGRAM));
      assert.equal(changed.reply?.result, 'OK');
      const read = await send({ kind: 'request', header: header('get', 'UsagePointConfig'), request: { query: buildGetConfig('UsagePointConfig', { UsagePoint: [{ mRID: 'UP-MD-1' }] }) } });
      assert.deepEqual(readUsagePointPrograms(read.payload!.root!).map((u) => u.pricingStructure), [NEW_PROGRAM]);
    });
    assert.equal(hes.listener.all().filter((m) => m.seq > mark && m.path === 'hes').length, 0);
  });
  test('an unknown usage point is FAILED 2.4 and the head-end is not asked', async () => {
    const { result, controls } = await changeProgram([], 'UP-9999');
    assert.equal(result, 'FAILED');
    assert.equal(controls, undefined);
  });
  test('mdm-does-not-reprogram → EDC-REPROGRAM: OK to the CIS, nothing to the head-end', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'mdm-does-not-reprogram')!), 'EDC-REPROGRAM');
    const { result, controls } = await changeProgram(['mdm-does-not-reprogram']);
    assert.equal(result, 'OK');
    assert.equal(controls, undefined);
    assert.deepEqual(rules(checkRelayedReprogram(controls, { meter: 'M-1001', usagePoint: 'UP-1001', within: 1 }, ctx())), ['EDC-REPROGRAM']);
  });
});
