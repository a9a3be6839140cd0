/**
 * Meters installed in and removed from the field, told by the head-end to its master-data subscriber
 * (simulator/handlers/installation.ts, src/checks/installation.ts, src/usecases/installation.ts): the simulator
 * publishes on the stimulus and refuses bad ones; each fault of simulator/faults/installation.ts changes what it
 * says; the checks pass the reference SUT's publications and catch each kind of wrong one; the profile field
 * data.spareMeter.
 * Run: node --import tsx --test test/installation.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { INSTALLATION_FAULTS } from '../simulator/faults/installation.ts';
import { closeAllClients, type Listener, type ReceivedMessage } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Message, type ParsedMessage } from '../src/message/index.ts';
import { buildMeterConfig, type MeterValue } from '../src/payloads/masterdata/meterConfig.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { checkEvent, type CheckContext } from '../src/checks/envelope.ts';
import { formatFinding, type Finding } from '../src/checks/finding.ts';
import { isRuleId } from '../src/checks/catalogue.ts';
import { checkMeterConfigPublication, meterIdentifiers, metersOf, publicationAssumptions, publicationVerbs } from '../src/checks/installation.ts';
import { missingPublicationFinding, repeatedPublicationFinding } from '../src/checks/masterdata.ts';
import { aboutMeter, meterConfigMeters } from '../src/usecases/installation.ts';
import { strayDeliveries } from '../src/usecases/deliveries.ts';
import { fireStimulus, STIMULUS_EVENTS } from '../src/session/stimulus.ts';
import { SuiteError } from '../src/session/verdict.ts';
import type { Cim9World } from '../src/session/world.ts';
import { LISTENER_PATHS } from '../src/session/run.ts';
import { describeAssumptions, parseProfile, profileDefaults, resolveAssumptions, ProfileError } from '../src/profile/index.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { acknowledgingListener } from './peers.ts';

/** how long to wait for a message that must not come */
const QUIET_MS = 1000;
/** how long to wait for a message that must come */
const DUE_MS = 5000;

const pack = loadSchemaPack(defaultPackDir('2013'));
let listener: Listener;
let seq = 0;

before(async () => {
  listener = await acknowledgingListener({ maxBytes: 1024 * 1024, noun: 'MeterConfig', source: 'test-mdm' });
});

const sims: Simulator[] = [];
after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await listener.close();
  await closeAllClients(100);
  pack.dispose?.();
});

interface Sut {
  sim: Simulator;
  /** the listener path of this simulator's master-data subscriber */
  path: string;
}

async function sut(faults: string[] = []): Promise<Sut> {
  const path = `masterdata-${++seq}`;
  const sim = await startSimulator({ schemaPack: pack, faults, subscribers: { masterData: listener.urlFor(path) } });
  sims.push(sim);
  return { sim, path };
}

async function stimulus(s: Sut, body: unknown): Promise<{ status: number; json: { error?: string; accepted?: boolean } | undefined }> {
  const res = await fetch(`${s.sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as { error?: string } | undefined };
}

/** the next delivery at the simulator's subscriber path (any), or undefined */
async function next(s: Sut, ms = DUE_MS): Promise<ReceivedMessage | undefined> {
  const o = await listener.waitFor({ path: s.path }, ms, `test ${s.path}`);
  return o.ok ? o.message : undefined;
}

function parsed(m: ReceivedMessage): ParsedMessage {
  const r = readMessage(m.body);
  if (!r.ok || !r.wire.message) assert.fail(r.ok ? 'no message' : r.problem.message);
  return r.wire.message;
}

function ctx(label = 'publication', overrides: Record<string, string> = {}): CheckContext {
  const register = resolveAssumptions(overrides);
  return { assumptions: describeAssumptions({ assumptions: register }), register, strict: false, receivedAt: new Date(), skewSeconds: 60, label };
}

const show = (fs: Finding[]) => fs.map(formatFinding).join('\n') || '(none)';
const errorsOf = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');
const rulesOf = (fs: Finding[]) => [...new Set(errorsOf(fs).map((f) => f.rule))];

/** a published MeterConfig message, read back as the suite reads what it receives */
function publication(verb: string, meters: MeterValue[], kind: Message['kind'] = 'event'): ParsedMessage {
  const xml = toSoap({ kind, header: { verb, noun: 'MeterConfig', timestamp: nowTimestamp(), source: 'test-hes', messageId: newMessageId() }, payload: { root: buildMeterConfig({ meters }) } }, '1.1').xml;
  const r = readMessage(Buffer.from(xml));
  if (!r.ok || !r.wire.message) assert.fail('unreadable test message');
  return r.wire.message;
}

// ---------------------------------------------------------------------------------------------
describe('the installation findings carry expected / actual (issue 16)', () => {
  test('the meter of the change against the meters the publication names', () => {
    const fs = checkMeterConfigPublication(publication('created', [{ mRID: 'M-9' }]), { meter: 'M-2001', change: 'installed' }, ctx());
    assert.deepEqual(fs.map((f) => [f.rule, f.expected, f.actual]), [['MD-PUBLICATION', 'meter M-2001', 'meter M-9']]);
    const also = checkMeterConfigPublication(publication('created', [{ mRID: 'M-2001' }, { mRID: 'M-9' }]), { meter: 'M-2001', change: 'installed' }, ctx());
    assert.deepEqual(also.map((f) => [f.expected, f.actual]), [['meter M-2001 only', 'also meter M-9']]);
  });
});

describe('the reference SUT tells its master-data subscriber of meters installed and removed', () => {
  let s: Sut;
  before(async () => {
    s = await sut();
  });

  test('meter-installed: 202, then created(MeterConfig) naming the meter, schema-valid and conformant', async () => {
    const r = await stimulus(s, { role: 'HES', event: 'meter-installed', meter: 'M-2001' });
    assert.equal(r.status, 202, JSON.stringify(r.json));
    const m = await next(s);
    assert.ok(m, 'no publication reached the subscriber');
    assert.deepEqual(errorsOf(pack.validate(m.body)), []);
    const msg = parsed(m);
    assert.equal(msg.kind, 'event');
    assert.equal(msg.node.name, 'CreatedMeterConfig');
    assert.equal(msg.header?.verb, 'created');
    assert.equal(msg.header?.noun, 'MeterConfig');
    const w = readMessage(m.body);
    assert.ok(w.ok);
    assert.deepEqual(errorsOf(checkEvent(w.wire, { verb: publicationVerbs(ctx(), 'installed'), noun: 'MeterConfig' }, ctx())), []);
    assert.deepEqual(errorsOf(checkMeterConfigPublication(msg, { meter: 'M-2001', change: 'installed' }, ctx())), []);
    assert.deepEqual(meterConfigMeters(m), [['M-2001', 'SN-M-2001']]);
    assert.equal(await next(s, QUIET_MS), undefined, 'told once');
  });

  test('a second installation of the same meter is a conflict (409), and nothing is published for it', async () => {
    const again = await stimulus(s, { role: 'HES', event: 'meter-installed', meter: 'M-2001' });
    assert.equal(again.status, 409);
    assert.match(again.json?.error ?? '', /already installed/);
    assert.equal(await next(s, QUIET_MS), undefined);
  });

  test('meter-removed: 202, then deleted(MeterConfig) with the removal date; a second removal is 404', async () => {
    const r = await stimulus(s, { role: 'HES', event: 'meter-removed', meter: 'M-2001' });
    assert.equal(r.status, 202, JSON.stringify(r.json));
    const m = await next(s);
    assert.ok(m, 'no publication reached the subscriber');
    assert.deepEqual(errorsOf(pack.validate(m.body)), []);
    const msg = parsed(m);
    assert.equal(msg.node.name, 'DeletedMeterConfig');
    assert.equal(msg.header?.verb, 'deleted');
    const meter = metersOf(msg.payload!.root!)[0]!.node;
    const lifecycle = meter.children.find((c) => c.name === 'lifecycle');
    assert.ok(lifecycle?.children.some((c) => c.name === 'removalDate'), 'lifecycle/removalDate');
    assert.deepEqual(errorsOf(checkMeterConfigPublication(msg, { meter: 'M-2001', change: 'removed' }, ctx())), []);
    const gone = await stimulus(s, { role: 'HES', event: 'meter-removed', meter: 'M-2001' });
    assert.equal(gone.status, 404);
    assert.match(gone.json?.error ?? '', /not installed/);
    // and the store is as before: the meter can be installed again
    assert.equal(await next(s, QUIET_MS), undefined);
    assert.equal((await stimulus(s, { role: 'HES', event: 'meter-installed', meter: 'M-2001' })).status, 202);
    assert.ok(await next(s));
    assert.equal((await stimulus(s, { role: 'HES', event: 'meter-removed', meter: 'M-2001' })).status, 202);
    assert.ok(await next(s));
  });

  test('a usage point is not a meter: installing it is a conflict, removing it is unknown', async () => {
    assert.equal((await stimulus(s, { role: 'HES', event: 'meter-installed', meter: 'UP-1001' })).status, 409);
    assert.equal((await stimulus(s, { role: 'HES', event: 'meter-removed', meter: 'UP-1001' })).status, 404);
  });

  test('bad stimuli are refused with 400 and a clear error, never a crash', async () => {
    const bad: [unknown, RegExp][] = [
      ['not json', /JSON/],
      ['null', /JSON object/],
      ['[1,2]', /JSON object/],
      ['"meter-installed"', /JSON object/],
      [{ role: 'HES', event: 'meter-exploded', meter: 'M-2001' }, /unknown event.*meter-installed/],
      [{ role: 'HES', event: 'meter-installed' }, /meter must be/],
      [{ role: 'HES', event: 'meter-installed', meter: '' }, /meter must be/],
      [{ role: 'HES', event: 'meter-installed', meter: 42 }, /meter must be/],
      [{ role: 'HES', event: 'meter-installed', meter: 'M'.repeat(300) }, /at most 256/],
      [{ role: 'HES', event: 'meter-installed', meter: 'M-2002', soapVersion: '9' }, /soapVersion/],
      [{ role: 'MDM', event: 'meter-installed', meter: 'M-2001' }, /HES/],
    ];
    for (const [body, msg] of bad) {
      const r = await stimulus(s, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status}`);
      assert.match(r.json?.error ?? '', msg, JSON.stringify(body));
    }
    assert.equal(await next(s, QUIET_MS), undefined, 'nothing published for a refused stimulus');
    // the simulator still works
    assert.equal((await stimulus(s, { role: 'HES', event: 'power-off', meter: 'M-1001' })).status, 202);
  });

  test('every stimulus event of the suite is accepted by the simulator', () => {
    assert.deepEqual([...STIMULUS_EVENTS], ['power-off', 'power-restored', 'meter-installed', 'meter-removed', 'health-alarm', 'voltage-sag', 'firmware-upgrade', 'meter-change-out', 'tamper', 'pan-event', 'pq-measurements', 'pan-pairing-refused', 'pan-out-of-range', 'pan-join', 'outage-storm', 'read-unavailable', 'read-restored', 'switch-stuck', 'switch-freed']);
  });

  test('without a master-data subscriber the meter is installed all the same, and nothing is sent', async () => {
    const sim = await startSimulator({ schemaPack: pack });
    sims.push(sim);
    const post = (event: string) => fetch(`${sim.url}/_control/stimulus`, { method: 'POST', body: JSON.stringify({ role: 'HES', event, meter: 'M-2001' }) });
    assert.equal((await post('meter-installed')).status, 202);
    assert.equal((await post('meter-installed')).status, 409);
    assert.equal((await post('meter-removed')).status, 202);
  });
});

// ---------------------------------------------------------------------------------------------
describe('the suite fires the stimuli through its profile', () => {
  function world(url: string, attached: string[]): Cim9World {
    return {
      profile: { stimulus: { kind: 'simulator' }, sut: { soapVersion: '1.1' } },
      run: { simulator: { url } },
      attach: (body: string) => void attached.push(body),
    } as unknown as Cim9World;
  }

  test('meter-installed and meter-removed reach the simulator with the meter; a refusal is a suite error naming the status', async () => {
    const s = await sut();
    const attached: string[] = [];
    const w = world(s.sim.url, attached);
    await fireStimulus(w, 'meter-installed', 'M-2003');
    assert.deepEqual(JSON.parse(attached[0]!), { role: 'HES', event: 'meter-installed', meter: 'M-2003', soapVersion: '1.1' });
    assert.equal(parsed((await next(s))!).header?.verb, 'created');
    await assert.rejects(fireStimulus(w, 'meter-installed', 'M-2003'), (e: unknown) => e instanceof SuiteError && /HTTP 409/.test(e.message));
    await fireStimulus(w, 'meter-removed', 'M-2003');
    assert.equal(parsed((await next(s))!).header?.verb, 'deleted');
    await assert.rejects(fireStimulus(w, 'meter-removed', 'M-2003'), (e: unknown) => e instanceof SuiteError && /HTTP 404/.test(e.message));
  });
});

// ---------------------------------------------------------------------------------------------
describe('faults of the head-end publication', () => {
  test('each fault violates a rule of the catalogue, for the HES, and is in FAULTS', () => {
    assert.deepEqual(INSTALLATION_FAULTS.map((f) => f.id), ['hes-meterconfig-wrong-meter', 'hes-meterconfig-not-published', 'hes-meterconfig-present-tense', 'hes-meterconfig-published-twice']);
    for (const f of INSTALLATION_FAULTS) {
      assert.ok(FAULTS.includes(f), `${f.id} not merged into FAULTS`);
      assert.ok(isRuleId(violatedRule(f)), `${f.id}: ${violatedRule(f)} is no rule`);
      assert.deepEqual(f.roles, ['HES']);
    }
  });

  /** install and remove M-2001 under a fault; what the subscriber got for each */
  async function observe(fault: string): Promise<{ installed: ParsedMessage[]; removed: ParsedMessage[] }> {
    const s = await sut([fault]);
    const drain = async () => {
      const out: ParsedMessage[] = [];
      for (let m = await next(s, QUIET_MS); m; m = await next(s, QUIET_MS)) out.push(parsed(m));
      return out;
    };
    assert.equal((await stimulus(s, { role: 'HES', event: 'meter-installed', meter: 'M-2001' })).status, 202);
    const installed = await drain();
    assert.equal((await stimulus(s, { role: 'HES', event: 'meter-removed', meter: 'M-2001' })).status, 202);
    const removed = await drain();
    return { installed, removed };
  }

  test('hes-meterconfig-wrong-meter: the publications name another meter; the check names MD-PUBLICATION', async () => {
    const o = await observe('hes-meterconfig-wrong-meter');
    assert.equal(o.installed.length, 1);
    assert.equal(o.removed.length, 1);
    for (const [msg, change] of [[o.installed[0]!, 'installed'], [o.removed[0]!, 'removed']] as const) {
      const ids = metersOf(msg.payload!.root!).map((m) => m.ids);
      assert.ok(ids.length === 1 && !ids[0]!.includes('M-2001'), JSON.stringify(ids));
      const fs = checkMeterConfigPublication(msg, { meter: 'M-2001', change }, ctx());
      assert.deepEqual(rulesOf(fs), ['MD-PUBLICATION'], show(fs));
      assert.match(errorsOf(fs)[0]!.message, /names meter M-1001 .*not M-2001/);
    }
  });

  test('hes-meterconfig-not-published: nothing reaches the subscriber, yet the meter is installed and removed', async () => {
    const o = await observe('hes-meterconfig-not-published');
    assert.deepEqual(o, { installed: [], removed: [] });
  });

  test('hes-meterconfig-present-tense: CreateMeterConfig / DeleteMeterConfig requests; the header check names ENV-KIND', async () => {
    const o = await observe('hes-meterconfig-present-tense');
    assert.deepEqual([...o.installed, ...o.removed].map((m) => [m.kind, m.node.name, m.header?.verb]), [
      ['request', 'CreateMeterConfig', 'create'],
      ['request', 'DeleteMeterConfig', 'delete'],
    ]);
    const fs = checkEvent({ soap: '1.1', message: o.installed[0] } as never, { verb: ['created'], noun: 'MeterConfig' }, ctx());
    assert.deepEqual(rulesOf(fs), ['ENV-KIND'], show(fs));
  });

  test('hes-meterconfig-published-twice: two messages for each change, with their own MessageIDs', async () => {
    const o = await observe('hes-meterconfig-published-twice');
    assert.deepEqual(o.installed.map((m) => m.header?.verb), ['created', 'created']);
    assert.deepEqual(o.removed.map((m) => m.header?.verb), ['deleted', 'deleted']);
    assert.notEqual(o.installed[0]!.header?.messageId, o.installed[1]!.header?.messageId);
  });
});

// ---------------------------------------------------------------------------------------------
describe('checks of the publication (MD-PUBLICATION)', () => {
  const meter = (id: string, extra: Partial<MeterValue> = {}): MeterValue => ({ mRID: id, serialNumber: `SN-${id}`, ...extra });

  test('the right meter passes; the finding-free verdict still records UC-29 and CIM9-50 when it fails', () => {
    assert.deepEqual(checkMeterConfigPublication(publication('created', [meter('M-2001')]), { meter: 'M-2001', change: 'installed' }, ctx()), []);
    const fs = checkMeterConfigPublication(publication('created', [meter('M-1001')]), { meter: 'M-2001', change: 'installed' }, ctx());
    assert.deepEqual(fs[0]!.assumptions, { 'UC-29': 'when-subscribed', 'CIM9-50': 'created-deleted-or-changed' });
  });

  test('the meter is recognised by mRID, serialNumber or Names/name', () => {
    assert.deepEqual(checkMeterConfigPublication(publication('created', [{ mRID: 'uuid-1', serialNumber: 'M-2001' }]), { meter: 'M-2001', change: 'installed' }, ctx()), []);
    assert.deepEqual(checkMeterConfigPublication(publication('created', [{ mRID: 'uuid-1', names: [{ name: 'M-2001' }] }]), { meter: 'M-2001', change: 'installed' }, ctx()), []);
    const msg = publication('created', [{ mRID: ' M-9 ', serialNumber: 'S', names: [{ name: 'A' }, { name: 'S' }] }]);
    assert.deepEqual(meterIdentifiers(metersOf(msg.payload!.root!)[0]!.node), ['M-9', 'S', 'A']);
  });

  test('another meter, an extra meter, the meter twice, no Meter, another payload: each an MD-PUBLICATION error', () => {
    const cases: [ParsedMessage, RegExp][] = [
      [publication('created', [meter('M-1001')]), /names meter M-1001 \/ SN-M-1001, not M-2001/],
      [publication('created', [meter('M-2001'), meter('M-1001')]), /also names meter M-1001/],
      [publication('created', [meter('M-2001'), meter('M-2001')]), /describes meter M-2001 2 times/],
      [publication('created', []), /carries no Meter/],
    ];
    for (const [msg, re] of cases) {
      const fs = checkMeterConfigPublication(msg, { meter: 'M-2001', change: 'installed' }, ctx());
      assert.deepEqual(rulesOf(fs), ['MD-PUBLICATION'], show(fs));
      assert.ok(errorsOf(fs).some((f) => re.test(f.message)), show(fs));
    }
    const events = toSoap({ kind: 'event', header: { verb: 'created', noun: 'MeterConfig', messageId: newMessageId() }, payload: { root: buildEndDeviceEvents([]) } }, '1.1').xml;
    const r = readMessage(Buffer.from(events));
    assert.ok(r.ok);
    const fs = checkMeterConfigPublication(r.wire.message, { meter: 'M-2001', change: 'installed' }, ctx());
    assert.match(show(fs), /EndDeviceEvents payload, not MeterConfig/);
    const none = checkMeterConfigPublication({ ...r.wire.message!, payload: undefined }, { meter: 'M-2001', change: 'installed' }, ctx());
    assert.match(show(none), /carries no MeterConfig payload/);
    assert.match(show(checkMeterConfigPublication(undefined, { meter: 'M-2001', change: 'removed' }, ctx())), /could not be read/);
  });

  test('CIM9-50: the verbs of a removal, and a removal told as changed must carry lifecycle/removalDate or status', () => {
    assert.deepEqual(publicationVerbs(ctx(), 'installed'), ['created']);
    assert.deepEqual(publicationVerbs(ctx(), 'removed'), ['deleted', 'changed']);
    assert.deepEqual(publicationVerbs(ctx('x', { 'CIM9-50': 'created-deleted' }), 'removed'), ['deleted']);
    assert.deepEqual(publicationVerbs(ctx('x', { 'CIM9-50': 'created-changed' }), 'removed'), ['changed']);
    assert.equal(assumptionDef('CIM9-50')?.default, 'created-deleted-or-changed');
    const bare = checkMeterConfigPublication(publication('changed', [meter('M-2001')]), { meter: 'M-2001', change: 'removed' }, ctx());
    assert.deepEqual(rulesOf(bare), ['MD-PUBLICATION']);
    assert.match(show(bare), /says nothing of its removal/);
    const dated = checkMeterConfigPublication(publication('changed', [meter('M-2001', { lifecycle: { removalDate: '2024-05-01' } })]), { meter: 'M-2001', change: 'removed' }, ctx());
    assert.deepEqual(errorsOf(dated), []);
    assert.equal(dated[0]?.severity, 'info');
    assert.deepEqual(errorsOf(checkMeterConfigPublication(publication('changed', [meter('M-2001', { status: { value: 'removed' } })]), { meter: 'M-2001', change: 'removed' }, ctx())), []);
    // a deleted needs no removal date; the envelope check refuses changed when CIM9-50 says deleted only
    assert.deepEqual(checkMeterConfigPublication(publication('deleted', [meter('M-2001')]), { meter: 'M-2001', change: 'removed' }, ctx()), []);
    const c = ctx('x', { 'CIM9-50': 'created-deleted' });
    const wire = readMessage(Buffer.from(toSoap({ kind: 'event', header: { verb: 'changed', noun: 'MeterConfig', timestamp: nowTimestamp(), source: 't', messageId: newMessageId() }, payload: { root: buildMeterConfig({ meters: [meter('M-2001')] }) } }, '1.1').xml));
    assert.ok(wire.ok);
    assert.deepEqual(rulesOf(checkEvent(wire.wire, { verb: publicationVerbs(c, 'removed'), noun: 'MeterConfig' }, c)), ['ENV-EVENT-VERB']);
  });

  test('nothing published, and published twice: the MD-PUBLICATION findings of the master-data engine, saying what arrived', () => {
    const assumptions = publicationAssumptions(ctx());
    assert.deepEqual(assumptions, { 'UC-29': 'when-subscribed', 'CIM9-50': 'created-deleted-or-changed' });
    const change = { change: 'meter M-2001 installed in the field', noun: 'MeterConfig', assumptions };
    const f = missingPublicationFinding('L', { ...change, verbs: ['created'] }, { seconds: 5, address: 'http://x/callback/masterdata', strays: ['#4 created(MeterConfig) naming M-1001', '#5 oversized (HTTP 413)'] });
    assert.deepEqual([f.rule, f.severity, f.assumptions], ['MD-PUBLICATION', 'error', assumptions]);
    assert.match(f.message, /no created\(MeterConfig\) about meter M-2001 installed in the field reached the subscriber at http:\/\/x\/callback\/masterdata within 5 s/);
    assert.match(f.message, /instead: #4 created\(MeterConfig\) naming M-1001; #5 oversized \(HTTP 413\)$/);
    const strays = Array.from({ length: 8 }, (_, i) => `#${i + 1}`);
    assert.match(missingPublicationFinding('L', { ...change, verbs: ['deleted', 'changed'] }, { seconds: 1, address: 'u', strays }).message, /no deleted or changed\(MeterConfig\).*#5, and 3 more$/);
    assert.match(missingPublicationFinding('L', { ...change, verbs: ['created'] }, { seconds: 1, address: 'u', strays: [] }).message, /nothing else arrived there either$/);
    const t = repeatedPublicationFinding('L', change.change, { at: new Date(1000), messageId: 'a' }, { at: new Date(1500), messageId: 'b', verb: 'created' }, assumptions);
    assert.equal(t.rule, 'MD-PUBLICATION');
    assert.match(t.message, /told of meter M-2001 installed in the field a second time 0\.5 s after the first \(Verb "created"\) \(MessageID b, the first a\)/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('which deliveries are the scenario\'s', () => {
  const delivery = (body: string, over: Partial<ReceivedMessage> = {}): ReceivedMessage =>
    ({ seq: 10, receivedAt: new Date(), delivery: 'accepted', path: LISTENER_PATHS.masterData, rawUrl: '/', headers: {}, contentType: 'text/xml', body: Buffer.from(body), inspected: {}, responseStatus: 200, ...over }) as ReceivedMessage;
  const meterConfig = (meters: MeterValue[], verb = 'created') => toSoap({ kind: 'event', header: { verb, noun: 'MeterConfig', messageId: newMessageId() }, payload: { root: buildMeterConfig({ meters }) } }, '1.1').xml;

  test('a MeterConfig naming the meter after the mark; not before it, not another meter, not a refused delivery', () => {
    const about = aboutMeter('M-2001', 5);
    assert.equal(about(delivery(meterConfig([{ mRID: 'M-2001' }]))), true);
    assert.equal(about(delivery(meterConfig([{ mRID: 'u', names: [{ name: 'M-2001' }] }]))), true);
    assert.equal(about(delivery(meterConfig([{ mRID: 'M-2001' }]), { seq: 5 })), false, 'before the mark');
    assert.equal(about(delivery(meterConfig([{ mRID: 'M-1001' }]))), false, 'another meter: the MDM role\'s own publications are never taken');
    assert.equal(about(delivery('', { delivery: 'oversized', inspected: { noun: 'MeterConfig' } })), false);
    // unreadable payload: taken when the header says MeterConfig, so that the scenario fails on its content
    assert.equal(about(delivery('<not xml', { inspected: { noun: 'MeterConfig' } })), true);
    assert.equal(about(delivery('<not xml', { inspected: { noun: 'EndDeviceEvents' } })), false);
  });

  test('stray deliveries at the master-data address are described for the finding', () => {
    const held = [
      delivery(meterConfig([{ mRID: 'M-1001' }]), { seq: 6, inspected: { verb: 'created', noun: 'MeterConfig' } }),
      delivery('', { seq: 7, delivery: 'oversized', responseStatus: 413 }),
      delivery(meterConfig([{ mRID: 'M-2001' }]), { seq: 8, path: LISTENER_PATHS.omsEvents }),
    ];
    const strays = strayDeliveries({ unclaimed: () => held }, LISTENER_PATHS.masterData, 5);
    assert.deepEqual(strays, ['#6 created(MeterConfig) naming M-1001', '#7 oversized (HTTP 413)']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('profile: data.spareMeter', () => {
  const MINIMAL = ['cim9: 1', 'name: t', 'sut:', '  roles: [MDM]', '  endpoints:', '    MDM: { url: "http://127.0.0.1:8080/cim" }', 'data:', '  meters:', '    - { mRID: M-1, usagePoint: UP-1 }', ''].join('\n');

  test('defaults to M-2001 and reads the profile\'s value', () => {
    assert.equal(profileDefaults().data.spareMeter, 'M-2001');
    assert.equal(parseProfile(MINIMAL, 'x.yaml').data.spareMeter, 'M-2001');
    assert.equal(parseProfile(MINIMAL + '  spareMeter: SPARE-7\n', 'x.yaml').data.spareMeter, 'SPARE-7');
  });

  test('a spare meter that is already installed, or the unknown meter, is a profile error naming the field', () => {
    for (const [extra, re] of [['  spareMeter: M-1\n', /already installed/], ['  spareMeter: X\n  unknownMeter: X\n', /also data.unknownMeter/], ['  spareMeter: ""\n', /spareMeter/]] as const) {
      assert.throws(() => parseProfile(MINIMAL + extra, 'x.yaml'), (e: unknown) => e instanceof ProfileError && e.issues.some((i) => i.path === 'data.spareMeter' && re.test(`${i.path} ${i.message}`)));
    }
  });
});
