/**
 * Controls through the MDM (P6): the pure check EDC-RELAY-FORWARD (src/checks/relayed-controls.ts) and the reference
 * MDM passing create(EndDeviceControls) on to a head-end played by the suite's own responder (src/usecases/peer.ts),
 * over real HTTP, with each of its faults.
 * Run: node --import tsx --test test/relayed-controls.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { suiteHeadEnd, testHeader, withRelayingMdm } from './peers.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { readMessage, toSoap, type ParsedMessage } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { checkPassedOnCancel, checkPassedOnControls, checkPassedOnGroupControl, checkReadErrorResult, type ControlSummary, type GroupSummary } from '../src/checks/relayed-controls.ts';
import { relayedControlValue, summaryOf, switchEventMessage, type RelayedControlKind } from '../src/usecases/relayed-controls.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { controlsRequest, loadControlValue } from '../src/usecases/load-control.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [
  { mRID: 'M-1001', usagePoint: 'UP-1001' },
  { mRID: 'M-1002', usagePoint: 'UP-1002' },
];

describe('EDC-RELAY-FORWARD (pure)', () => {
  const ctx = { label: 'passed on' };
  const opts: Parameters<typeof checkPassedOnControls>[2] = { tracking: 'warning', timing: 'warning', withinSeconds: 5, headEnd: 'http://x/hes' };
  const sent: ControlSummary = { mRID: 'C1', controlType: '0.20.9.82', meters: ['M-1001'], issuerTrackingID: 'T1', actionKind: 'PanPricing', actionCount: 1, priceSignal: 0.3, prices: ['0.1', '0.3'], interval: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' } };
  const rules = (got: Parameters<typeof checkPassedOnControls>[0], o = opts) => checkPassedOnControls(got, [sent], o, ctx).map((f) => `${f.rule} ${f.severity}`);
  test('the same control with its own mRID passes', () => {
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, mRID: 'OWN' }] }), []);
  });
  test('nothing passed on, another verb, another code, another meter, the action dropped, another price are errors', () => {
    assert.deepEqual(rules(undefined), ['EDC-RELAY-FORWARD error']);
    assert.deepEqual(rules({ verb: 'change', noun: 'EndDeviceControls', controls: [sent] }), ['EDC-RELAY-FORWARD error']);
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, controlType: '0.20.9.83' }] }), ['EDC-RELAY-FORWARD error']);
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, meters: ['M-1002'] }] }), ['EDC-RELAY-FORWARD error']);
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, meters: ['M-1001', 'M-1002'] }] }), ['EDC-RELAY-FORWARD error']);
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, actionKind: undefined, actionCount: 0 }] }), ['EDC-RELAY-FORWARD error']);
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, priceSignal: 0.4, prices: ['0.1', '0.4'] }] }), ['EDC-RELAY-FORWARD error', 'EDC-RELAY-FORWARD error']);
  });
  test('another issuerTrackingID (CIM9-230) and another timing (CIM9-231) follow their assumptions', () => {
    const other = { verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, issuerTrackingID: 'MDM-1', interval: { start: '2026-01-01T00:05:00Z', end: '2026-01-01T01:00:00Z' } }] };
    assert.deepEqual(rules(other), ['EDC-RELAY-FORWARD warning', 'EDC-RELAY-FORWARD warning']);
    assert.deepEqual(rules(other, { ...opts, tracking: 'error', timing: 'off' }), ['EDC-RELAY-FORWARD error']);
    const f = checkPassedOnControls(other, [sent], opts, ctx);
    assert.deepEqual(f.map((x) => x.assumptions), [{ 'CIM9-230': 'warning' }, { 'CIM9-231': 'warning' }]);
    // the same instant written another way is the same timing
    assert.deepEqual(rules({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, interval: { start: '2026-01-01T01:00:00+01:00', end: '2026-01-01T01:00:00Z' } }] }), []);
  });
});

describe('EDC-RELAY-FORWARD of a load control (pure, EDC-01 through the MDM)', () => {
  const ctx = { label: 'passed on' };
  const opts: Parameters<typeof checkPassedOnControls>[2] = { tracking: 'warning', timing: 'warning', withinSeconds: 5, headEnd: 'http://x/hes' };
  const sent: ControlSummary = { mRID: 'C1', controlType: '3.15.0.54', meters: ['M-1001', 'M-1002', 'M-1003'], issuerTrackingID: 'LC-1', actionCount: 0, drProgramLevel: 2, drProgramMandatory: false, interval: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:03Z' }, randomisation: 'start' };
  const got = (c: Partial<ControlSummary>) => ({ verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, mRID: 'OWN', ...c }] });
  const run = (g: Parameters<typeof checkPassedOnControls>[0]) => checkPassedOnControls(g, [sent], opts, ctx);
  test('the same code, program level, timing and devices pass', () => {
    assert.deepEqual(run(got({})), []);
  });
  test('another code, another program level or mandatory flag, a device dropped are errors naming what changed', () => {
    const recoded = run(got({ controlType: '3.15.0.55' }));
    assert.deepEqual(recoded.map((f) => `${f.rule} ${f.severity}`), ['EDC-RELAY-FORWARD error']);
    const level = run(got({ drProgramLevel: 3 }));
    assert.deepEqual(level.map((f) => [f.rule, f.severity, f.expected, f.actual]), [['EDC-RELAY-FORWARD', 'error', 'drProgramLevel 2', 'drProgramLevel 3']]);
    assert.deepEqual(run(got({ drProgramLevel: undefined })).map((f) => f.actual), ['drProgramLevel (none)']);
    assert.deepEqual(run(got({ drProgramMandatory: true })).map((f) => f.expected), ['drProgramMandatory false']);
    const dropped = run(got({ meters: ['M-1001', 'M-1002'] }));
    assert.deepEqual(dropped.map((f) => `${f.rule} ${f.severity}`), ['EDC-RELAY-FORWARD error']);
    assert.match(dropped[0]!.message, /without M-1003/);
    assert.equal(dropped[0]!.actual, 'for M-1001, M-1002');
  });
  test('another randomisation is a timing change (CIM9-231, a warning by default)', () => {
    const f = run(got({ randomisation: 'none' }));
    assert.deepEqual(f.map((x) => [x.severity, x.assumptions]), [['warning', { 'CIM9-231': 'warning' }]]);
  });
});

describe('EDC-READ-RESULT, EDC-RELAY-CANCEL, EDC-RELAY-GROUP (pure)', () => {
  const ctx = { label: 'x' };
  const rules = (f: { rule: string; severity: string }[]) => f.map((x) => `${x.rule} ${x.severity}`);
  test('a missing read is FAILED 5.7, an incomplete one PARTIAL 5.7; OK or nothing is an error, the other result per CIM9-261, another code per COD-06', () => {
    const exp = { condition: 'missing' as const, mapping: 'warning' as const, codesAsserted: true, withinSeconds: 5, command: 'disconnect', meter: 'M-1' };
    assert.deepEqual(rules(checkReadErrorResult({ result: 'FAILED', codes: ['5.7'] }, exp, ctx)), []);
    assert.deepEqual(rules(checkReadErrorResult({ result: 'PARTIAL', codes: ['5.7'] }, { ...exp, condition: 'incomplete' }, ctx)), []);
    assert.deepEqual(rules(checkReadErrorResult(undefined, exp, ctx)), ['EDC-READ-RESULT error']);
    assert.deepEqual(rules(checkReadErrorResult({ result: 'OK', codes: [] }, exp, ctx)), ['EDC-READ-RESULT error']);
    assert.deepEqual(rules(checkReadErrorResult({ result: 'PARTIAL', codes: ['5.7'] }, exp, ctx)), ['EDC-READ-RESULT warning']);
    assert.deepEqual(rules(checkReadErrorResult({ result: 'PARTIAL', codes: ['5.7'] }, { ...exp, mapping: 'off' }, ctx)), []);
    assert.deepEqual(rules(checkReadErrorResult({ result: 'FAILED', codes: ['5.3'] }, exp, ctx)), ['EDC-READ-RESULT error']);
    assert.deepEqual(rules(checkReadErrorResult({ result: 'FAILED', codes: ['5.3'] }, { ...exp, codesAsserted: false }, ctx)), ['EDC-READ-RESULT info']);
  });
  test('a cancel passed on names the control the head-end got, by mRID or issuerTrackingID, and nothing of it follows', () => {
    const passed = { mRID: 'HE-1', issuerTrackingID: 'T-1', controlType: '3.15.0.54' };
    const c = (o: Partial<ControlSummary>): ControlSummary => ({ controlType: '3.15.0.54', meters: [], actionCount: 0, ...o });
    const opts = { withinSeconds: 5, headEnd: 'hes' };
    const cancel = (controls: ControlSummary[]) => ({ verb: 'cancel', noun: 'EndDeviceControls', controls });
    assert.deepEqual(rules(checkPassedOnCancel(cancel([c({ mRID: 'HE-1' })]), passed, [], opts, ctx)), []);
    assert.deepEqual(rules(checkPassedOnCancel(cancel([c({ issuerTrackingID: 'T-1' })]), passed, [], opts, ctx)), []);
    assert.deepEqual(rules(checkPassedOnCancel(undefined, passed, [], opts, ctx)), ['EDC-RELAY-CANCEL error']);
    assert.deepEqual(rules(checkPassedOnCancel(cancel([c({ mRID: 'REQ-1' })]), passed, [], opts, ctx)), ['EDC-RELAY-CANCEL error']);
    assert.deepEqual(rules(checkPassedOnCancel({ ...cancel([c({ mRID: 'HE-1' })]), verb: 'create' }, passed, [], opts, ctx)), ['EDC-RELAY-CANCEL error']);
    assert.deepEqual(rules(checkPassedOnCancel(cancel([c({ mRID: 'HE-1' })]), passed, [{ verb: 'create', noun: 'EndDeviceControls', controls: [c({ mRID: 'HE-2' })] }], opts, ctx)), ['EDC-RELAY-CANCEL error']);
    assert.deepEqual(rules(checkPassedOnCancel(cancel([c({ mRID: 'HE-1' })]), passed, [{ verb: 'get', noun: 'MeterReadings' }], opts, ctx)), []);
  });
  test('a group control passed on is for exactly the group: its target or its members (CIM9-264)', () => {
    const exp = { controlType: '3.31.0.23', group: 'G1', members: ['M-1', 'M-2'], others: ['M-3'] };
    const g = (o: Partial<GroupSummary>): GroupSummary => ({ controlType: '3.31.0.23', meters: [], groups: [], actionCount: 0, ...o });
    const got = (controls: GroupSummary[]) => ({ verb: 'create', noun: 'EndDeviceControls', controls });
    const opts = { form: 'group-or-members' as const, withinSeconds: 5, headEnd: 'hes' };
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ meters: ['M-1', 'M-2'] })]), exp, opts, ctx)), []);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ groups: ['G1'] })]), { ...exp, groupsToldMembers: ['M-1', 'M-2'] }, opts, ctx)), []);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ groups: ['G1'] })]), { ...exp, groupsToldMembers: ['M-1'] }, opts, ctx)), ['EDC-RELAY-GROUP warning']);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ meters: ['M-1', 'M-2', 'M-3'] })]), exp, opts, ctx)), ['EDC-RELAY-GROUP error']);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ meters: ['M-1'] })]), exp, opts, ctx)), ['EDC-RELAY-GROUP error']);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ groups: ['G1'] })]), exp, { ...opts, form: 'members' }, ctx)), ['EDC-RELAY-GROUP error']);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ meters: ['M-1', 'M-2'] })]), exp, { ...opts, form: 'group' }, ctx)), ['EDC-RELAY-GROUP error']);
    assert.deepEqual(rules(checkPassedOnGroupControl(undefined, exp, opts, ctx)), ['EDC-RELAY-GROUP error']);
  });
  test('a load control of a group passed on keeps the program level the DRMS ordered (EDC-RELAY-FORWARD)', () => {
    const exp = { controlType: '3.15.0.54', group: 'G1', members: ['M-1', 'M-2'], others: ['M-3'], drProgramLevel: 2, drProgramMandatory: false };
    const g = (o: Partial<GroupSummary>): GroupSummary => ({ controlType: '3.15.0.54', meters: ['M-1', 'M-2'], groups: [], actionCount: 0, drProgramLevel: 2, drProgramMandatory: false, ...o });
    const got = (controls: GroupSummary[]) => ({ verb: 'create', noun: 'EndDeviceControls', controls });
    const opts = { form: 'group-or-members' as const, withinSeconds: 5, headEnd: 'hes' };
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({})]), exp, opts, ctx)), []);
    const level = checkPassedOnGroupControl(got([g({ drProgramLevel: 3 })]), exp, opts, ctx);
    assert.deepEqual(level.map((f) => [f.rule, f.severity, f.expected, f.actual]), [['EDC-RELAY-FORWARD', 'error', 'drProgramLevel 2', 'drProgramLevel 3']]);
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ drProgramMandatory: undefined })]), exp, opts, ctx)), ['EDC-RELAY-FORWARD error']);
    // a disconnect of a group carries no program: nothing to compare
    assert.deepEqual(rules(checkPassedOnGroupControl(got([g({ drProgramLevel: undefined, drProgramMandatory: undefined })]), { ...exp, drProgramLevel: undefined, drProgramMandatory: undefined }, opts, ctx)), []);
  });
});

describe('the relay findings carry expected / actual (issue 16)', () => {
  const ctx = { label: 'x' };
  const ea = (f: { expected?: string; actual?: string }[]) => f.map((x) => [x.expected, x.actual]);
  test('EDC-RELAY-FORWARD: what the requester sent against what the head-end got', () => {
    const sent: ControlSummary = { controlType: '0.20.9.82', meters: ['M-1'], issuerTrackingID: 'T1', actionCount: 0, priceSignal: 0.3, interval: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' } };
    const opts = { tracking: 'warning' as const, timing: 'warning' as const, withinSeconds: 5, headEnd: 'hes' };
    assert.deepEqual(ea(checkPassedOnControls(undefined, [sent], opts, ctx)), [['create(EndDeviceControls) at hes within 5 s', 'nothing']]);
    const got = { verb: 'create', noun: 'EndDeviceControls', controls: [{ ...sent, issuerTrackingID: 'MDM-1', priceSignal: 0.4, interval: { start: '2026-01-01T00:05:00Z', end: '2026-01-01T01:00:00Z' } }] };
    assert.deepEqual(ea(checkPassedOnControls(got, [sent], opts, ctx)), [
      ['priceSignal 0.3', 'priceSignal 0.4'],
      ['issuerTrackingID T1', 'issuerTrackingID MDM-1'],
      ['interval start 2026-01-01T00:00:00Z', 'interval start 2026-01-01T00:05:00Z'],
    ]);
  });
  test('EDC-READ-RESULT, EDC-RELAY-CANCEL, EDC-RELAY-GROUP', () => {
    const exp = { condition: 'missing' as const, mapping: 'warning' as const, codesAsserted: true, withinSeconds: 5, command: 'disconnect', meter: 'M-1' };
    assert.deepEqual(ea(checkReadErrorResult({ result: 'PARTIAL', codes: ['5.3'] }, exp, ctx)), [['Result FAILED', 'Result PARTIAL'], ['code 5.7', 'code(s) 5.3']]);
    const c = (o: Partial<ControlSummary>): ControlSummary => ({ controlType: '3.15.0.54', meters: [], actionCount: 0, ...o });
    const cancel = checkPassedOnCancel({ verb: 'cancel', noun: 'EndDeviceControls', controls: [c({ mRID: 'REQ-1' })] }, { mRID: 'HE-1', controlType: '3.15.0.54' }, [], { withinSeconds: 5, headEnd: 'hes' }, ctx);
    assert.deepEqual(ea(cancel), [['mRID HE-1', 'mRID REQ-1 / issuerTrackingID (none)']]);
    const g = (o: Partial<GroupSummary>): GroupSummary => ({ controlType: '3.31.0.23', meters: [], groups: [], actionCount: 0, ...o });
    const group = checkPassedOnGroupControl({ verb: 'create', noun: 'EndDeviceControls', controls: [g({ meters: ['M-1', 'M-3'] })] }, { controlType: '3.31.0.23', group: 'G1', members: ['M-1', 'M-2'], others: ['M-3'] }, { form: 'group-or-members', withinSeconds: 5, headEnd: 'hes' }, ctx);
    assert.deepEqual(ea(group), [['members of group G1 only: M-1, M-2', 'also M-3'], ['group G1 or its members M-1, M-2', 'EndDevices M-1, M-3']]);
  });
});

describe('the reference MDM passes a control on to its head-end (P6)', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  let hes: Listener;
  before(async () => {
    ({ listener: hes } = await suiteHeadEnd({ pack, meters: METERS, readingType: RT }));
  });
  after(async () => {
    await hes.close();
    await closeAllClients();
  });
  const withMdm = <T>(faults: string[], f: (sim: Simulator) => Promise<T>): Promise<T> => withRelayingMdm({ hes, pack, meters: METERS, roles: ['MDM', 'HES'] }, faults, f);

  /** the requester asks the MDM; returns the sent control, the MDM's reply and the request the head-end got */
  async function ask(sim: Simulator, kind: RelayedControlKind): Promise<{ sent: ControlSummary; reply: ParsedMessage; forwarded?: ParsedMessage }> {
    const mark = hes.lastSeq;
    const v = relayedControlValue(kind, 'M-1001', new Date());
    const out = toSoap(controlsRequest(testHeader('create', 'EndDeviceControls'), [v]), '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
    assert.ok(http.ok, 'the MDM answered');
    const r = readMessage(http.body);
    assert.ok(r.ok && r.wire.message);
    const got = hes.drain({ path: 'hes', sinceSeq: mark }, 'test');
    const fr = got[0] ? readMessage(got[0].body) : undefined;
    return { sent: summaryOf(v), reply: r.wire.message, forwarded: fr?.ok ? fr.wire.message : undefined };
  }
  const passedOn = (m: ParsedMessage) => readEndDeviceControls(m.payload!.root!).map(summaryOf);

  test('clean: each kind is passed on with the same code, meter, action and prices, and answered OK', async () => {
    await withMdm([], async (sim) => {
      for (const kind of ['disconnect', 'load control', 'price signal'] as const) {
        const { sent, reply, forwarded } = await ask(sim, kind);
        assert.ok(forwarded, `${kind}: the head-end got a request`);
        assert.equal(forwarded.header?.verb, 'create');
        const findings = checkPassedOnControls({ verb: forwarded.header?.verb, noun: forwarded.header?.noun, controls: passedOn(forwarded) }, [sent], { tracking: 'error', timing: 'error', withinSeconds: 1, headEnd: 'hes' }, { label: kind });
        assert.deepEqual(findings, [], kind);
        assert.equal(reply.reply?.result, 'OK', kind);
      }
    });
  });
  test('the completion: the switch event the head-end tells the MDM goes on to its CIS, with the requester\'s tracking (relay-completion-wrong-event: the other command\'s)', async () => {
    for (const faults of [[], ['relay-completion-wrong-event']]) {
      const sim = await startSimulator({ roles: ['MDM', 'HES'], faults, meters: [...METERS], schemaPack: pack, upstream: { HES: hes.urlFor('hes') }, subscribers: { CIS: hes.urlFor('cis') } });
      try {
        const { sent, forwarded } = await ask(sim, 'disconnect');
        const mark = hes.lastSeq;
        const event = switchEventMessage(testHeader('created', 'EndDeviceEvents'), { command: 'disconnect', meter: 'M-1001', at: new Date(), issuerTrackingID: passedOn(forwarded!)[0]!.issuerTrackingID });
        const out = toSoap(event, '1.1');
        const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
        assert.ok(http.ok);
        let got: ReturnType<Listener['drain']> = [];
        for (let i = 0; i < 50 && !got.length; i++) {
          await new Promise((r) => setTimeout(r, 20));
          got = hes.drain({ path: 'cis', sinceSeq: mark }, 'test');
        }
        const r = readMessage(got[0]!.body);
        const events = r.ok ? readEndDeviceEvents(r.wire.message!.payload!.root!) : [];
        assert.deepEqual(events.map((e) => [e.meter, e.eventType, e.issuerTrackingID]), [['M-1001', faults.length ? '3.31.0.42' : '3.31.0.68', sent.issuerTrackingID]]);
      } finally {
        await sim.close();
      }
    }
  });
  test('the read after the switch (ECITP 2.09): none → FAILED 5.7, one without its value → PARTIAL 5.7, correlated to the CIS\'s request (relay-read-error-wrong-code: 5.3)', async () => {
    const post = async (sim: Simulator, msg: Parameters<typeof toSoap>[0]) => {
      const out = toSoap(msg, '1.1');
      const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
      assert.ok(http.ok);
    };
    for (const [faults, condition, want] of [[[], 'missing', ['FAILED', '5.7']], [[], 'incomplete', ['PARTIAL', '5.7']], [['relay-read-error-wrong-code'], 'missing', ['FAILED', '5.3']]] as const) {
      const sim = await startSimulator({ roles: ['MDM', 'HES'], faults: [...faults], meters: [...METERS], schemaPack: pack, upstream: { HES: hes.urlFor('hes') }, subscribers: { CIS: hes.urlFor('cis') } });
      try {
        const header = testHeader('create', 'EndDeviceControls');
        const v = relayedControlValue('disconnect', 'M-1001', new Date());
        const mark0 = hes.lastSeq;
        await post(sim, controlsRequest(header, [v]));
        const fwd = hes.drain({ path: 'hes', sinceSeq: mark0 }, 'test');
        const fr = readMessage(fwd[0]!.body);
        const tracking = fr.ok ? passedOn(fr.wire.message!)[0]!.issuerTrackingID : undefined;
        await post(sim, switchEventMessage(testHeader('created', 'EndDeviceEvents'), { command: 'disconnect', meter: 'M-1001', at: new Date(), issuerTrackingID: tracking }));
        const mark = hes.lastSeq;
        if (condition === 'incomplete') {
          await post(sim, { kind: 'event', header: testHeader('created', 'MeterReadings'), payload: { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1001' }, readings: [{ readingType: RT, timeStamp: new Date().toISOString(), reason: 'serviceDisconnect' }] }] }) } });
        }
        let reply: ParsedMessage | undefined;
        for (let i = 0; i < 300 && !reply; i++) {
          await new Promise((r) => setTimeout(r, 20));
          for (const d of hes.drain({ path: 'cis', sinceSeq: mark }, 'test')) {
            const r = readMessage(d.body);
            if (r.ok && r.wire.message?.reply) reply = r.wire.message;
          }
        }
        assert.ok(reply, `${condition}: the MDM told its CIS a result`);
        assert.deepEqual([reply.reply?.result, reply.reply?.errors?.[0]?.code], [...want], `${condition} ${faults.join(' ')}`);
        assert.equal(reply.header?.correlationId, header.correlationId);
        assert.equal(reply.header?.verb, 'reply');
      } finally {
        await sim.close();
      }
    }
  });
  test('a load control of several devices: passed on unchanged, its results relayed to the requester with its tracking (the relay-lc faults change what they say)', async () => {
    const post = async (sim: Simulator, msg: Parameters<typeof toSoap>[0]) => {
      const out = toSoap(msg, '1.1');
      const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
      assert.ok(http.ok);
    };
    const now = new Date();
    const v = loadControlValue({ mRID: 'LC-1', issuerTrackingID: 'LCT-1', controlType: '3.15.0.54', meters: ['M-1001', 'M-1002'], start: now, end: new Date(now.getTime() + 3000), randomisation: 'start' });
    for (const faults of [[], ['relay-lc-recoded'], ['relay-lc-program-level'], ['relay-lc-member-dropped'], ['relay-lc-result-not-relayed']]) {
      const sim = await startSimulator({ roles: ['MDM', 'HES'], faults, meters: [...METERS], schemaPack: pack, upstream: { HES: hes.urlFor('hes') }, subscribers: { CIS: hes.urlFor('cis') } });
      try {
        const mark0 = hes.lastSeq;
        await post(sim, controlsRequest(testHeader('create', 'EndDeviceControls'), [v]));
        const fr = readMessage(hes.drain({ path: 'hes', sinceSeq: mark0 }, 'test')[0]!.body);
        const got = fr.ok ? passedOn(fr.wire.message!)[0]! : undefined;
        assert.ok(got);
        const findings = checkPassedOnControls({ verb: 'create', noun: 'EndDeviceControls', controls: [got] }, [summaryOf(v)], { tracking: 'error', timing: 'error', withinSeconds: 1, headEnd: 'hes' }, { label: 'lc' });
        const broken = faults[0] && faults[0] !== 'relay-lc-result-not-relayed';
        assert.equal(findings.length > 0, !!broken, `${faults.join(' ')}: ${findings.map((f) => f.message).join('; ')}`);
        if (faults[0] === 'relay-lc-recoded') assert.equal(got.controlType, '3.15.0.55');
        if (faults[0] === 'relay-lc-program-level') assert.equal(got.drProgramLevel, 3);
        if (faults[0] === 'relay-lc-member-dropped') assert.deepEqual(got.meters, ['M-1001']);
        // the head-end tells the MDM the Started event of every device it got; the requester gets them with its tracking
        const mark = hes.lastSeq;
        const events = got.meters.map((meter) => ({ mRID: `E-${meter}`, createdDateTime: new Date().toISOString(), issuerTrackingID: got.issuerTrackingID, meter, eventType: '3.15.0.242' }));
        await post(sim, { kind: 'event', header: testHeader('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } });
        let told: ReturnType<Listener['drain']> = [];
        for (let i = 0; i < 25 && !told.length; i++) {
          await new Promise((r) => setTimeout(r, 20));
          told = hes.drain({ path: 'cis', sinceSeq: mark }, 'test');
        }
        const r = told[0] ? readMessage(told[0].body) : undefined;
        const relayed = r?.ok ? readEndDeviceEvents(r.wire.message!.payload!.root!).map((e) => [e.meter, e.eventType, e.issuerTrackingID]) : [];
        if (faults[0] === 'relay-lc-result-not-relayed') assert.deepEqual(relayed, []);
        else assert.deepEqual(relayed, got.meters.map((m) => [m, '3.15.0.242', 'LCT-1']), faults.join(' '));
      } finally {
        await sim.close();
      }
    }
  });
  test('the faults change what their descriptions say', async () => {
    await withMdm(['relay-control-not-passed-on'], async (sim) => {
      const { reply, forwarded } = await ask(sim, 'connect');
      assert.equal(forwarded, undefined);
      assert.equal(reply.reply?.result, 'OK');
    });
    await withMdm(['relay-control-other-meter'], async (sim) => {
      const { forwarded } = await ask(sim, 'connect');
      assert.deepEqual(passedOn(forwarded!).map((c) => c.meters), [['M-1002']]);
    });
    await withMdm(['relay-control-drops-action'], async (sim) => {
      const { forwarded } = await ask(sim, 'text message');
      assert.deepEqual(passedOn(forwarded!).map((c) => [c.actionCount, c.controlType]), [[0, '3.13.112.77']]);
    });
  });
});

// the schema pack cache is cleared once the file's tests are done, never in between: `npm run unit` may run other
// files in the same process (test/unit.mjs), whose packs a clearing in the middle would dispose under them
after(() => clearSchemaPackCache());
