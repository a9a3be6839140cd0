/**
 * Installation of a load-control unit (EDC-02): the pure checks of src/checks/lcu-install.ts, the installer's messages
 * of src/usecases/lcu-install.ts (schema-valid), and the reference head-end and MDM (simulator/handlers/lcu-install.ts)
 * whose answers pass the checks, while each fault of simulator/faults/lcu-install.ts makes them fail with the rule it
 * violates.
 * Run: node --import tsx --test test/lcu-install.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { readMessage, toSoap, nowTimestamp, type Message } from '../src/message/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkInstallationEvents, checkLinkShown, isInstallationEvent, partsOf, type LcuEvent, type LcuExpectation } from '../src/checks/lcu-install.ts';
import { aboutInstallation, deviceMessage, linkMessage } from '../src/usecases/lcu-install.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildGetConfig, configObjects } from '../src/payloads/masterdata/getConfig.ts';
import { objectIds } from '../src/payloads/masterdata/common.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { rule } from '../src/checks/catalogue.ts';
import { LCU_INSTALL_FAULTS } from '../simulator/faults/lcu-install.ts';
import { deviceTypeCode } from '../simulator/handlers/lcu-install.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { postSoap } from '../src/transport/index.ts';
import { headEndBench } from './peers.ts';

const T0 = new Date('2026-01-01T10:00:00Z');
const ctx = (assumptions: Record<string, string> = {}) => contextFor({ label: 't', skewSeconds: 60, assumptions });
const errors = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const warnings = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'warning').map((f) => f.rule))];
const exp = (o: Partial<LcuExpectation> = {}): LcuExpectation => ({ device: 'LCU-1', usagePoint: 'UP-1', installedAt: T0, ...o });
const ev = (o: Partial<LcuEvent> = {}): LcuEvent => ({ eventType: '16.6.0.105', device: 'LCU-1', createdDateTime: new Date(T0.getTime() + 1000).toISOString(), receivedAt: new Date(T0.getTime() + 2000), label: 'e', ...o });

describe('the load-control unit findings carry expected / actual (issue 16)', () => {
  test('the event domain, device and link against what the SUT told', () => {
    const ea = (fs: Finding[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
    assert.deepEqual(ea(checkInstallationEvents([ev({ eventType: '16.7.0.105' })], exp(), ctx())), [['EDC-LCU-DOMAIN', 'an event of domain 6 Installation', '16.7.0.105']]);
    assert.deepEqual(ea(checkInstallationEvents([ev({ device: 'LCU-9' })], exp(), ctx())), [['EDC-LCU-DEVICE', 'device LCU-1', 'device LCU-9']]);
    assert.deepEqual(ea(checkLinkShown({ linkResult: 'OK', getResult: 'OK', listed: [['LCU-2']] }, exp(), ctx())), [['EDC-LCU-LINK', 'end device LCU-1 listed', 'LCU-2']]);
  });
});

describe('checkInstallationEvents (EDC-LCU-EVENT, -DEVICE, -DOMAIN, -TYPE)', () => {
  test('codes: four integer parts; an installation event is of domain 6 (CIM9-187 installed-105: and action 105)', () => {
    assert.deepEqual(partsOf('16.6.0.105'), ['16', '6', '0', '105']);
    assert.equal(partsOf('16.6.105'), undefined);
    assert.equal(partsOf('a.b.c.d'), undefined);
    assert.ok(isInstallationEvent('0.6.57.24', 'domain-6'));
    assert.ok(!isInstallationEvent('0.6.57.24', 'installed-105'));
    assert.ok(isInstallationEvent('3.6.0.105', 'installed-105'));
    assert.ok(!isInstallationEvent('16.7.0.105', 'domain-6'));
  });
  test('16.6.0.105 naming the device, dated after the installation: no finding; 0.6.0.105 (type unknown) neither', () => {
    assert.deepEqual(checkInstallationEvents([ev()], exp(), ctx()), []);
    assert.deepEqual(checkInstallationEvents([ev({ eventType: '0.6.0.105' })], exp(), ctx()), []);
  });
  test('nothing at all is EDC-LCU-EVENT (never a silent pass)', () => {
    assert.deepEqual(errors(checkInstallationEvents([], exp(), ctx())), ['EDC-LCU-EVENT']);
  });
  test('the device told only in another domain is EDC-LCU-DOMAIN (alone), naming the code', () => {
    const fs = checkInstallationEvents([ev({ eventType: '16.7.0.105' })], exp(), ctx());
    assert.deepEqual(errors(fs), ['EDC-LCU-DOMAIN']);
    assert.match(fs[0]!.message, /16\.7\.0\.105/);
  });
  test('an event of the device in another domain beside its installation event is not judged', () => {
    assert.deepEqual(checkInstallationEvents([ev({ eventType: '16.1.52.29' }), ev()], exp(), ctx()), []);
  });
  test('installation events naming another device (and none the new one) are EDC-LCU-DEVICE; another device beside the right one is not judged', () => {
    assert.deepEqual(errors(checkInstallationEvents([ev({ device: 'LCU-2' })], exp(), ctx())), ['EDC-LCU-DEVICE']);
    assert.deepEqual(checkInstallationEvents([ev({ device: 'LCU-2' }), ev()], exp(), ctx()), []);
  });
  test('CIM9-187 = installed-105: a domain-6 event of another action is EDC-LCU-EVENT, naming what came', () => {
    const fs = checkInstallationEvents([ev({ eventType: '16.6.57.24' })], exp(), ctx({ 'CIM9-187': 'installed-105' }));
    assert.deepEqual(errors(fs), ['EDC-LCU-EVENT']);
    assert.match(fs[0]!.message, /16\.6\.57\.24/);
    assert.deepEqual(checkInstallationEvents([ev({ eventType: '16.6.57.24' })], exp(), ctx()), []);
  });
  test('undated, dated before the installation or after its receipt (beyond the skew) is EDC-LCU-EVENT', () => {
    assert.deepEqual(errors(checkInstallationEvents([ev({ createdDateTime: undefined })], exp(), ctx())), ['EDC-LCU-EVENT']);
    assert.deepEqual(errors(checkInstallationEvents([ev({ createdDateTime: 'yesterday' })], exp(), ctx())), ['EDC-LCU-EVENT']);
    assert.deepEqual(errors(checkInstallationEvents([ev({ createdDateTime: new Date(T0.getTime() - 300_000).toISOString() })], exp(), ctx())), ['EDC-LCU-EVENT']);
    assert.deepEqual(errors(checkInstallationEvents([ev({ createdDateTime: new Date(T0.getTime() + 2 * 3600_000).toISOString() })], exp(), ctx())), ['EDC-LCU-EVENT']);
    // within the skew either side
    assert.deepEqual(checkInstallationEvents([ev({ createdDateTime: new Date(T0.getTime() - 30_000).toISOString() })], exp(), ctx()), []);
  });
  test('EndDeviceType 3 is EDC-LCU-TYPE: a warning by default, a failure or nothing per CIM9-188', () => {
    const e = [ev({ eventType: '3.6.0.105' })];
    const fs = checkInstallationEvents(e, exp(), ctx());
    assert.deepEqual(errors(fs), []);
    assert.deepEqual(warnings(fs), ['EDC-LCU-TYPE']);
    assert.deepEqual(errors(checkInstallationEvents(e, exp(), ctx({ 'CIM9-188': 'failure' }))), ['EDC-LCU-TYPE']);
    assert.deepEqual(checkInstallationEvents(e, exp(), ctx({ 'CIM9-188': 'off' })), []);
  });
  test('the assumptions are registered with their defaults, the rules catalogued', () => {
    const by = (id: string) => ASSUMPTIONS.find((a) => a.id === id)?.default;
    assert.equal(by('CIM9-186'), '16');
    assert.equal(by('CIM9-187'), 'domain-6');
    assert.equal(by('CIM9-188'), 'warning');
    assert.equal(rule('EDC-LCU-TYPE').severity, 'warning');
    for (const id of ['EDC-LCU-EVENT', 'EDC-LCU-DEVICE', 'EDC-LCU-DOMAIN', 'EDC-LCU-LINK']) assert.equal(rule(id).severity, 'error');
  });
});

describe('checkLinkShown (EDC-LCU-LINK)', () => {
  const e = { device: 'LCU-1', usagePoint: 'UP-1' };
  test('link OK and the device listed: no finding', () => {
    assert.deepEqual(checkLinkShown({ linkResult: 'OK', listed: [['M-1'], ['LCU-1', 'SN-LCU-1']], getResult: 'OK' }, e, ctx()), []);
  });
  test('a refused link, a refused Get, or a Get without the device is EDC-LCU-LINK', () => {
    const refused = checkLinkShown({ linkResult: 'FAILED', linkErrors: ['2.4 unknown end device'] }, e, ctx());
    assert.deepEqual(errors(refused), ['EDC-LCU-LINK']);
    assert.match(refused[0]!.message, /2\.4/);
    assert.deepEqual(errors(checkLinkShown({ linkResult: 'OK', getResult: 'FAILED' }, e, ctx())), ['EDC-LCU-LINK']);
    assert.deepEqual(errors(checkLinkShown({ linkResult: 'OK', listed: [], getResult: 'OK' }, e, ctx())), ['EDC-LCU-LINK']);
  });
});

// ------------------------------------------------------------------------------------------------ the reference head-end

const bench = headEndBench({ source: 'test-wm' });
const { header } = bench;
const requestHeader = header;

test("the installer's messages are schema-valid (2013 pack): the EndDevice with type, installCode and electronicAddress, the link", () => {
  const d = deviceMessage({ requestHeader }, { device: 'LCU-abc', type: '16', installedAt: T0 });
  const l = linkMessage({ requestHeader }, { device: 'LCU-abc', usagePoint: 'UP-1001', installedAt: T0 });
  for (const m of [d, l]) {
    const out = toSoap(m, '1.1');
    assert.deepEqual(bench.pack.validate(Buffer.from(out.xml), { label: 't' }).filter((f) => f.severity === 'error'), []);
  }
  const xml = toSoap(d, '1.1').xml;
  assert.match(xml, /CreatedEndDeviceConfig/);
  assert.match(xml, /<[^>]*installCode>/);
  assert.match(xml, /<[^>]*electronicAddress>/);
  assert.match(xml, /<[^>]*type>16</);
});

test('the EndDeviceType of the reference installation event follows EndDevice.type', () => {
  assert.equal(deviceTypeCode('16'), '16');
  assert.equal(deviceTypeCode('LoadControlDevice'), '16');
  assert.equal(deviceTypeCode('water heater switch'), '0');
  assert.equal(deviceTypeCode(undefined), '0');
});

async function install(faults: string[] = [], o: { usagePoint?: string; skipDevice?: boolean } = {}): Promise<{ told: string; linked: string; e: LcuExpectation; got: LcuEvent[] }> {
  const { s, path } = await bench.sim(faults);
  const e = exp({ device: `LCU-${Math.random().toString(16).slice(2)}`, usagePoint: o.usagePoint ?? 'UP-1001', installedAt: new Date() });
  const told = o.skipDevice ? 'skipped' : ((await bench.post(s, deviceMessage({ requestHeader }, { device: e.device, type: '16', installedAt: e.installedAt })))?.reply?.result ?? '');
  const linked = (await bench.post(s, linkMessage({ requestHeader }, e)))?.reply?.result ?? '';
  const got: LcuEvent[] = [];
  for (;;) {
    const w = await bench.listener.waitFor({ path }, 200, 'test');
    if (!w.ok) break;
    const read = readMessage(w.message.body);
    assert.ok(read.ok && read.wire.message?.payload?.root);
    got.push(...readEndDeviceEvents(read.wire.message.payload.root).map((x) => ({ eventType: x.eventType, device: x.meter, createdDateTime: x.createdDateTime, receivedAt: w.message.receivedAt, label: 'sim' })));
  }
  return { told, linked, e, got };
}

describe('the reference head-end: a load-control unit installed', () => {
  test('device and link answered OK; the head-end tells its MDM 16.6.0.105 naming the device', async () => {
    const { told, linked, e, got } = await install();
    assert.equal(told, 'OK');
    assert.equal(linked, 'OK');
    assert.deepEqual(got.map((x) => [x.eventType, x.device]), [['16.6.0.105', e.device]]);
    assert.deepEqual(checkInstallationEvents(got, e, ctx()), []);
  });
  test('a link of a device the head-end was not told of is FAILED; a usage point it does not serve too; nothing is told', async () => {
    const unknownDevice = await install([], { skipDevice: true });
    assert.equal(unknownDevice.linked, 'FAILED');
    assert.deepEqual(unknownDevice.got, []);
    const unknownUp = await install([], { usagePoint: 'UP-NOWHERE' });
    assert.equal(unknownUp.linked, 'FAILED');
    assert.deepEqual(unknownUp.got, []);
  });
  const caught: [string, string][] = [
    ['lcu-no-event', 'EDC-LCU-EVENT'],
    ['lcu-event-wrong-domain', 'EDC-LCU-DOMAIN'],
    ['lcu-event-other-device', 'EDC-LCU-DEVICE'],
  ];
  for (const [fault, r] of caught) {
    test(`${fault} → ${r}`, async () => {
      assert.equal(violatedRule(FAULTS.find((f) => f.id === fault)!), r);
      const { told, linked, e, got } = await install([fault]);
      assert.equal(told, 'OK');
      assert.equal(linked, 'OK');
      assert.deepEqual(errors(checkInstallationEvents(got, e, ctx())), [r]);
    });
  }
  test('lcu-event-meter-type → EDC-LCU-TYPE: a warning by default, a failure with its detectWith (CIM9-188 = failure)', async () => {
    const f = FAULTS.find((x) => x.id === 'lcu-event-meter-type')!;
    assert.equal(violatedRule(f), 'EDC-LCU-TYPE');
    const { e, got } = await install([f.id]);
    assert.deepEqual(got.map((x) => x.eventType), ['3.6.0.105']);
    assert.deepEqual(errors(checkInstallationEvents(got, e, ctx())), []);
    assert.deepEqual(warnings(checkInstallationEvents(got, e, ctx())), ['EDC-LCU-TYPE']);
    assert.deepEqual(errors(checkInstallationEvents(got, e, ctx(f.detectWith))), ['EDC-LCU-TYPE']);
  });
  test('every fault of the family is scoped to EDC-02 and names a catalogued EDC-LCU rule', () => {
    for (const f of LCU_INSTALL_FAULTS) {
      assert.equal(f.scope, '@usecase:EDC-02');
      assert.match(violatedRule(f), /^EDC-LCU-/);
      assert.ok(rule(violatedRule(f)));
    }
  });
  test('the listener predicate: after the mark, the device or a domain-6 event; an unreadable one counts when its header names EndDeviceEvents', () => {
    const m = (noun: string) => ({ seq: 5, delivery: 'accepted', inspected: { noun }, body: Buffer.from('') }) as never;
    assert.ok(aboutInstallation('LCU-1', 0)(m('EndDeviceEvents')));
    assert.ok(!aboutInstallation('LCU-1', 0)(m('MeterReadings')));
    assert.ok(!aboutInstallation('LCU-1', 5)(m('EndDeviceEvents')));
    const delivery = (eventType: string, meter: string) => {
      const out = toSoap({ kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents([{ mRID: 'E-1', createdDateTime: nowTimestamp(), eventType, meter }]) } }, '1.1');
      return { seq: 5, delivery: 'accepted', inspected: { noun: 'EndDeviceEvents' }, body: Buffer.from(out.xml) } as never;
    };
    const p = aboutInstallation('LCU-1', 0);
    assert.ok(p(delivery('16.7.0.105', 'LCU-1')));
    assert.ok(p(delivery('16.6.0.105', 'LCU-9')));
    assert.ok(!p(delivery('3.26.0.85', 'M-1')));
  });
});

// ------------------------------------------------------------------------------------------------ the reference MDM

describe('the reference MDM: a load-control unit told and linked', () => {
  async function atMdm(faults: string[]): Promise<{ told: string; linked: string; listed: string[][] }> {
    const sim: Simulator = await startSimulator({ schemaPack: bench.pack, roles: ['MDM'], faults, asyncDelayMs: 5 });
    try {
      const e = exp({ device: `LCU-${Math.random().toString(16).slice(2)}`, usagePoint: 'UP-1001', installedAt: new Date() });
      const post = async (m: Message) => {
        const out = toSoap(m, '1.1');
        const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
        assert.ok(r.ok);
        const read = readMessage(r.body);
        assert.ok(read.ok);
        return read.wire.message;
      };
      const told = (await post(deviceMessage({ requestHeader }, { device: e.device, type: '16', installedAt: e.installedAt })))?.reply?.result ?? '';
      const linked = (await post(linkMessage({ requestHeader }, e)))?.reply?.result ?? '';
      const got = await post({ kind: 'request', header: header('get', 'EndDeviceConfig'), request: { query: buildGetConfig('EndDeviceConfig', { UsagePoint: [{ mRID: e.usagePoint }] }) } });
      const root = got?.payload?.root;
      const listed = root ? configObjects(root, 'EndDeviceConfig').map((n) => objectIds(n)) : [];
      assert.deepEqual(checkLinkShown({ linkResult: linked, listed: got?.reply?.result === 'OK' ? listed : undefined, getResult: got?.reply?.result }, e, ctx()).length, faults.length ? 1 : 0);
      return { told, linked, listed: listed.filter((ids) => ids.includes(e.device)) };
    } finally {
      await sim.close();
    }
  }
  test('created(EndDeviceConfig) and the link OK; GetEndDeviceConfig of the usage point lists the device', async () => {
    const r = await atMdm([]);
    assert.equal(r.told, 'OK');
    assert.equal(r.linked, 'OK');
    assert.equal(r.listed.length, 1);
  });
  test('lcu-mdm-device-dropped → EDC-LCU-LINK: acknowledged, then the link is refused', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'lcu-mdm-device-dropped')!), 'EDC-LCU-LINK');
    const r = await atMdm(['lcu-mdm-device-dropped']);
    assert.equal(r.told, 'OK');
    assert.equal(r.linked, 'FAILED');
  });
});
