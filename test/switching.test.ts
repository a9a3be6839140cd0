/**
 * Customer switching (CS-01): the pure checks of src/checks/switching.ts, and the reference MDM
 * (simulator/handlers/switching.ts) behind which the suite plays the head-end (test/peers.ts suiteHeadEnd) and the CIS
 * it publishes to (an acknowledging listener): its switching read and publication pass the checks, while each fault
 * of simulator/faults/switching.ts makes them fail with the rule it violates.
 * Run: node --import tsx --test test/switching.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../simulator/server.ts';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { toSoap } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import type { Finding } from '../src/checks/index.ts';
import { checkOldSupplierDelivery, checkRefusedSwitch, checkSwitchingPublication, checkSwitchingRead, checkSwitchLinkage, checkSwitchingReadHeld, checkClientSupplierChange, checkClientAccountLink, checkClientSwitchOrder, headEndValues, reasonSeverities } from '../src/checks/switching.ts';
import { rule } from '../src/checks/catalogue.ts';
import { CONTROL_PATHS, readClientReport, readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { buildUsagePointConfig } from '../src/payloads/masterdata/usagePointConfig.ts';
import { buildMasterDataLinkageConfig } from '../src/payloads/masterdata/masterDataLinkageConfig.ts';
import { parse } from './checks-helpers.ts';
import { nowTimestamp, readMessage } from '../src/message/index.ts';
import type { Simulator } from '../simulator/server.ts';
import { supplierChangeMessage, switchingReadMessage, switchTimeOf, NEW_SUPPLIER, SWITCHING_REASONS } from '../src/usecases/switching.ts';
import { readUsagePointSuppliers, readUsagePointPrograms } from '../src/payloads/masterdata/usagePointConfig.ts';
import { buildCustomerConfig } from '../src/payloads/masterdata/customerConfig.ts';
import { readGetMeterReadings, readMeterReadings, type MeterReadingsValue } from '../src/payloads/meterReadings.ts';
import { headEndRegisterValue } from '../src/usecases/peer.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { acknowledgingListener, suiteHeadEnd, parsedOf, testHeader } from './peers.ts';

const rules = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const subject = { meter: 'M-1', usagePoint: 'UP-1' };
const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const read = (o: { reason?: string; endDevices?: string[]; usagePoints?: string[]; verb?: string; noun?: string } = {}) => ({
  verb: o.verb ?? 'get',
  noun: o.noun ?? 'MeterReadings',
  query: { endDevices: o.endDevices ?? ['M-1'], usagePoints: o.usagePoints ?? [], readingTypes: [], ...('reason' in o ? { reason: o.reason } : { reason: 'moveIn' }) },
});
const opts = (cim9200 = 'absent-fails') => ({ reasons: [...SWITCHING_REASONS], cim9200, label: 'r' });

describe('checkSwitchingRead (SWITCH-READ, SWITCH-REASON)', () => {
  test('get(MeterReadings) naming the meter (or the usage point) with moveIn or moveOut passes', () => {
    assert.deepEqual(checkSwitchingRead(read(), subject, opts()), []);
    assert.deepEqual(checkSwitchingRead(read({ reason: 'moveOut', endDevices: [], usagePoints: ['UP-1'] }), subject, opts()), []);
  });
  test('no request, another verb / noun, no query, or another meter is SWITCH-READ: nothing to check never passes', () => {
    assert.deepEqual(rules(checkSwitchingRead(undefined, subject, { ...opts(), within: 1 })), ['SWITCH-READ']);
    assert.deepEqual(rules(checkSwitchingRead(read({ verb: 'create', noun: 'EndDeviceControls' }), subject, opts())), ['SWITCH-READ']);
    assert.deepEqual(rules(checkSwitchingRead({ verb: 'get', noun: 'MeterReadings' }, subject, opts())), ['SWITCH-READ']);
    assert.deepEqual(rules(checkSwitchingRead(read({ endDevices: ['M-2'] }), subject, opts())), ['SWITCH-READ']);
  });
  test('CIM9-200: no reason fails by default and another reason warns; strict fails both, lenient warns both, off checks neither', () => {
    assert.deepEqual(rules(checkSwitchingRead(read({ reason: undefined }), subject, opts())), ['SWITCH-REASON']);
    const other = checkSwitchingRead(read({ reason: 'inquiry' }), subject, opts());
    assert.deepEqual(other.map((f) => [f.rule, f.severity]), [['SWITCH-REASON', 'warning']]);
    assert.deepEqual(rules(checkSwitchingRead(read({ reason: 'inquiry' }), subject, opts('strict'))), ['SWITCH-REASON']);
    assert.deepEqual(checkSwitchingRead(read({ reason: undefined }), subject, opts('lenient')).map((f) => f.severity), ['warning']);
    assert.deepEqual(checkSwitchingRead(read({ reason: undefined }), subject, opts('off')), []);
    assert.deepEqual(reasonSeverities('absent-fails'), { absent: 'error', other: 'warning' });
  });
  test('the assumptions are in the register with the defaults the checks use', () => {
    const a = (id: string) => ASSUMPTIONS.find((x) => x.id === id);
    assert.deepEqual(a('CIM9-199')?.default, [...SWITCHING_REASONS]);
    assert.equal(a('CIM9-200')?.default, 'lenient');
    assert.equal(a('CIM9-198')?.default, 'usage-point-supplier');
  });
});

describe('checkSwitchingPublication (SWITCH-PUBLISHED, SWITCH-VALUE)', () => {
  const given = new Map([[RT, '5123.417']]);
  const pub = (meter: string, value: string, readingType = RT): { label: string; payload: MeterReadingsValue } => ({
    label: 'p',
    payload: { meterReadings: [{ meter: { mRID: meter }, usagePoint: { mRID: 'UP-1' }, readings: [{ readingType, value, reason: 'moveIn' }] }] },
  });
  test("the head-end's value of the meter passes (numerically equal too)", () => {
    assert.deepEqual(checkSwitchingPublication([pub('M-1', '5123.417')], given, subject, { label: 'l', where: 'w' }), []);
    assert.deepEqual(checkSwitchingPublication([pub('M-1', '5123.4170')], given, subject, { label: 'l', where: 'w' }), []);
  });
  test('nothing, or only another meter, is SWITCH-PUBLISHED', () => {
    assert.deepEqual(rules(checkSwitchingPublication([], given, subject, { label: 'l', where: 'w' })), ['SWITCH-PUBLISHED']);
    assert.deepEqual(rules(checkSwitchingPublication([pub('M-2', '5123.417')], given, subject, { label: 'l', where: 'w' })), ['SWITCH-PUBLISHED']);
  });
  test('another value, no value, or not the ReadingType the head-end returned is SWITCH-VALUE', () => {
    assert.deepEqual(rules(checkSwitchingPublication([pub('M-1', '5124.417')], given, subject, { label: 'l', where: 'w' })), ['SWITCH-VALUE']);
    assert.deepEqual(rules(checkSwitchingPublication([pub('M-1', '')], given, subject, { label: 'l', where: 'w' })), ['SWITCH-VALUE']);
    assert.deepEqual(rules(checkSwitchingPublication([pub('M-1', '5123.417', 'RT-OTHER')], given, subject, { label: 'l', where: 'w' })), ['SWITCH-VALUE']);
  });
  test('nothing given by the head-end is a fault of the caller, never a pass', () => {
    assert.throws(() => checkSwitchingPublication([pub('M-1', '1')], new Map(), subject, { label: 'l', where: 'w' }));
  });
  test('headEndValues takes the readings of the meter only', () => {
    const v = headEndValues({ meterReadings: [{ meter: { mRID: 'M-2' }, readings: [{ readingType: RT, value: '1' }] }, { meter: { mRID: 'M-1' }, readings: [{ readingType: RT, value: '2' }] }] }, subject);
    assert.deepEqual([...v], [[RT, '2']]);
  });
});

describe('the switching findings carry expected / actual (issue 16)', () => {
  const ea = (fs: Finding[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
  test('SWITCH-READ, SWITCH-REASON, SWITCH-VALUE, SWITCH-PUBLISHED, SWITCH-LINKAGE, SWITCH-REFUSED', () => {
    assert.deepEqual(ea(checkSwitchingRead(read({ endDevices: ['M-2'], reason: 'inquiry' }), subject, opts())), [
      ['SWITCH-READ', 'meter M-1 or usage point UP-1', 'M-2'],
      ['SWITCH-REASON', `reason ${SWITCHING_REASONS.join(' or ')}`, 'reason inquiry'],
    ]);
    assert.deepEqual(ea(checkSwitchingRead(undefined, subject, opts())), [['SWITCH-READ', 'get(MeterReadings) of meter M-1', 'no request']]);
    const given = new Map([[RT, '7.5']]);
    const pub = (value: string) => ({ label: 'p', payload: { meterReadings: [{ meter: { mRID: 'M-1' }, readings: [{ readingType: RT, value }] }] } as MeterReadingsValue });
    assert.deepEqual(ea(checkSwitchingPublication([pub('8.5')], given, subject, { label: 'l', where: 'w' })), [['SWITCH-VALUE', "7.5 (the head-end's value)", '8.5']]);
    assert.deepEqual(ea(checkSwitchingPublication([], given, subject, { label: 'l', where: 'w' })), [['SWITCH-PUBLISHED', 'created(MeterReadings) naming meter M-1 at w', 'nothing']]);
    const linkage = checkSwitchLinkage({ account: 'A-NEW', result: 'OK', listed: ['UP-2'] }, { account: 'A-OLD', result: 'OK', listed: ['UP-1'] }, 'UP-1', { label: 'l', cim9221: 'read-back' });
    assert.deepEqual(ea(linkage), [['SWITCH-LINKAGE', 'usage point UP-1 listed', 'UP-2'], ['SWITCH-LINKAGE', 'usage point UP-1 not listed', 'UP-1']]);
    const refused = checkRefusedSwitch({ after: [{ label: 'delivery #3', where: '/cis/events' }], readBack: { label: 'get', result: 'OK', suppliers: ['S-NEW'] } }, 'S-NEW', 'UP-1');
    assert.deepEqual(ea(refused), [['SWITCH-REFUSED', 'nothing after the refusal', 'delivery #3 at /cis/events'], ['SWITCH-REFUSED', 'a service supplier other than S-NEW', 'service supplier S-NEW']]);
  });
});

describe('checkOldSupplierDelivery (SWITCH-OLD-SUPPLIER, CIM9-220) and checkSwitchLinkage (SWITCH-LINKAGE, CIM9-221)', () => {
  const given = new Map([[RT, '7.5']]);
  const pub = (meter: string, value: string) => ({ label: 'p', payload: { meterReadings: [{ meter: { mRID: meter }, readings: [{ readingType: RT, value }] }] } as MeterReadingsValue });
  const o = (cim9220: string) => ({ label: 'l', where: 'w', cim9220 });
  const sev = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule}`);
  test('the same read at the old supplier passes; none warns by default, fails under required; another value is SWITCH-VALUE', () => {
    assert.deepEqual(checkOldSupplierDelivery([pub('M-1', '7.50')], given, subject, o('expected')), []);
    assert.deepEqual(sev(checkOldSupplierDelivery([], given, subject, o('expected'))), ['warning SWITCH-OLD-SUPPLIER']);
    assert.deepEqual(sev(checkOldSupplierDelivery([pub('M-2', '7.5')], given, subject, o('required'))), ['error SWITCH-OLD-SUPPLIER']);
    assert.deepEqual(sev(checkOldSupplierDelivery([pub('M-1', '8.5')], given, subject, o('expected'))), ['error SWITCH-VALUE']);
    assert.throws(() => checkOldSupplierDelivery([], given, subject, o('off')), /off/);
  });
  test('the usage point listed for the new account and not for the old passes; otherwise SWITCH-LINKAGE of the severity CIM9-221 sets', () => {
    const n = (listed?: string[]) => ({ account: 'A-NEW', result: listed ? 'OK' : 'FAILED', ...(listed ? { listed } : {}) });
    const old = (listed?: string[]) => ({ account: 'A-OLD', result: listed ? 'OK' : 'FAILED', ...(listed ? { listed } : {}) });
    const lo = (cim9221: string) => ({ label: 'l', cim9221 });
    assert.deepEqual(checkSwitchLinkage(n(['UP-1']), old([]), 'UP-1', lo('read-back')), []);
    assert.deepEqual(checkSwitchLinkage(n(['UP-1']), old(), 'UP-1', lo('read-back')), [], 'the old account refused once the new one read back: not linked');
    assert.deepEqual(sev(checkSwitchLinkage(n(['UP-1']), old(['UP-1']), 'UP-1', lo('read-back'))), ['error SWITCH-LINKAGE']);
    assert.deepEqual(sev(checkSwitchLinkage(n([]), old([]), 'UP-1', lo('read-back-warning'))), ['warning SWITCH-LINKAGE']);
    assert.deepEqual(sev(checkSwitchLinkage(n(), old(), 'UP-1', lo('read-back'))), ['error SWITCH-LINKAGE'], 'nothing read back never passes');
    assert.throws(() => checkSwitchLinkage(n(), old(), 'UP-1', lo('reply-only')), /reply-only/);
  });
  test('the assumptions are in the register with the defaults the checks use', () => {
    const byId = new Map(ASSUMPTIONS.map((a) => [a.id as string, a]));
    assert.equal(byId.get('CIM9-220')?.default, 'expected');
    assert.equal(byId.get('CIM9-221')?.default, 'read-back-warning');
  });
});

describe('the reference MDM: switching read through the head-end the suite plays, published to the CIS', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  const meters = [{ mRID: 'M-1001', usagePoint: 'UP-1001' }, { mRID: 'M-1002', usagePoint: 'UP-1002' }];
  let hes: Awaited<ReturnType<typeof suiteHeadEnd>>;
  let cis: Listener;
  let n = 0;
  before(async () => {
    hes = await suiteHeadEnd({ pack, meters, readingType: RT });
    cis = await acknowledgingListener({ maxBytes: 1 << 20, noun: 'MeterReadings', source: 'test-cis' });
  });
  after(async () => {
    await hes.listener.close();
    await cis.close();
    await closeAllClients(100);
    pack.dispose?.();
  });
  const header = testHeader;

  test('the change(UsagePointConfig) names the new ServiceSupplier, valid against the schema, reads back, and is no program change', () => {
    const xml = toSoap(supplierChangeMessage(header('change', 'UsagePointConfig'), 'UP-1001', NEW_SUPPLIER), '1.1').xml;
    assert.deepEqual(pack.validate(Buffer.from(xml), { label: 't' }).filter((f) => f.severity === 'error'), []);
    const root = parsedOf(xml).payload!.root!;
    assert.deepEqual(readUsagePointSuppliers(root).map((u) => [u.usagePoint, u.serviceSupplier]), [['UP-1001', NEW_SUPPLIER]]);
    assert.equal(readUsagePointPrograms(root)[0]?.pricingStructure, undefined);
  });

  async function switchSupplier(faults: string[], usagePoint = 'UP-1001', o: { supplierKnown?: boolean } = {}) {
    const mark = hes.listener.lastSeq;
    const path = `cis-${++n}`;
    const cisMark = cis.lastSeq;
    const oldPath = `${path}-old`;
    const sim = await startSimulator({ roles: ['MDM'], faults, meters: [...meters], schemaPack: pack, upstream: { HES: hes.listener.urlFor('hes') }, subscribers: { CIS: cis.urlFor(path), oldSupplier: cis.urlFor(oldPath) } });
    try {
      // the MDM knows the supplier once the CIS created it (CIM9-296)
      if (o.supplierKnown !== false) {
        const made = toSoap({ kind: 'request', header: header('create', 'ServiceSupplierConfig'), payload: { root: buildCustomerConfig('ServiceSupplierConfig', [{ mRID: NEW_SUPPLIER, fields: { kind: 'retailer' } }]) } }, '1.1');
        const c = await postSoap(sim.urlFor('MDM'), made.xml, { soapVersion: '1.1', soapAction: made.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
        assert.ok(c.ok);
        assert.equal(parsedOf(c.body.toString()).reply?.result, 'OK');
      }
      const out = toSoap(supplierChangeMessage(header('change', 'UsagePointConfig'), usagePoint, NEW_SUPPLIER), '1.1');
      const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
      assert.ok(r.ok);
      const reply = parsedOf(r.body.toString()).reply;
      const result = reply?.result ?? '';
      const codes = (reply?.errors ?? []).map((e) => e.code);
      const asked = hes.listener.all().filter((m) => m.seq > mark && m.path === 'hes');
      const request = asked[0] ? parsedOf(asked[0].body.toString()) : undefined;
      const answer = asked[0] ? hes.answers.get(asked[0].seq) : undefined;
      // the publication is sent once the MDM replied: wait for the simulator's pending sends
      const deadline = Date.now() + 2000;
      const arrived = (at: string) => cis.all().some((m) => m.seq > cisMark && m.path === at);
      while (Date.now() < deadline && !(arrived(path) && (arrived(oldPath) || faults.length))) await new Promise((res) => setTimeout(res, 20));
      const published = cis.all().filter((m) => m.seq > cisMark && m.path === path).map((m) => {
        const p = parsedOf(m.body.toString());
        return { label: `#${m.seq}`, verb: p.header?.verb, noun: p.header?.noun, payload: p.payload?.root ? readMeterReadings(p.payload.root) : undefined, body: m.body };
      });
      const toOld = cis.all().filter((m) => m.seq > cisMark && m.path === oldPath).map((m) => {
        const p = parsedOf(m.body.toString());
        return { label: `#${m.seq}`, payload: p.payload?.root ? readMeterReadings(p.payload.root) : undefined };
      });
      const given = answer ? headEndValues(readMeterReadings(parsedOf(answer.xml).payload!.root!), { meter: 'M-1001', usagePoint: 'UP-1001' }) : new Map<string, string>();
      return {
        result,
        codes,
        read: request ? { verb: request.header?.verb, noun: request.header?.noun, query: request.request?.query ? readGetMeterReadings(request.request.query) : undefined } : undefined,
        given,
        published,
        toOld,
      };
    } finally {
      await sim.close();
    }
  }
  const s1 = { meter: 'M-1001', usagePoint: 'UP-1001' };
  const pubOpts = { label: 'l', where: 'the CIS' };

  test("a change of supplier: OK; the MDM asks for a moveIn read of the meter and publishes the head-end's value to the CIS, schema-valid", async () => {
    const r = await switchSupplier([]);
    assert.equal(r.result, 'OK');
    assert.deepEqual(checkSwitchingRead(r.read, s1, opts()), []);
    assert.equal(r.read?.query?.reason, 'moveIn');
    assert.deepEqual([...r.given], [[RT, headEndRegisterValue('M-1001')]]);
    assert.equal(r.published.length, 1);
    assert.deepEqual([r.published[0]!.verb, r.published[0]!.noun], ['created', 'MeterReadings']);
    assert.deepEqual(pack.validate(r.published[0]!.body, { label: 'p' }).filter((f) => f.severity === 'error'), []);
    assert.deepEqual(checkSwitchingPublication(r.published, r.given, s1, pubOpts), []);
    assert.deepEqual(checkOldSupplierDelivery(r.toOld, r.given, s1, { ...pubOpts, cim9220: 'required' }), [], 'the old supplier got the same read');
  });
  test('switching-old-supplier-not-told → SWITCH-OLD-SUPPLIER (detected under CIM9-220 = required)', async () => {
    const f = FAULTS.find((x) => x.id === 'switching-old-supplier-not-told')!;
    assert.equal(violatedRule(f), 'SWITCH-OLD-SUPPLIER');
    assert.deepEqual(f.detectWith, { 'CIM9-220': 'required' });
    const r = await switchSupplier(['switching-old-supplier-not-told']);
    assert.deepEqual(checkSwitchingPublication(r.published, r.given, s1, pubOpts), []);
    assert.deepEqual(rules(checkOldSupplierDelivery(r.toOld, r.given, s1, { ...pubOpts, cim9220: 'required' })), ['SWITCH-OLD-SUPPLIER']);
  });
  test('an unknown usage point is FAILED 2.12: no read, nothing published', async () => {
    const r = await switchSupplier([], 'UP-9999');
    assert.equal(r.result, 'FAILED');
    assert.deepEqual(r.codes, ['2.12']);
    assert.equal(r.read, undefined);
    assert.equal(r.published.length, 0);
  });
  test('a supplier the MDM was never told of is FAILED 2.20 (CIM9-296): no read, nothing published', async () => {
    const r = await switchSupplier([], 'UP-1001', { supplierKnown: false });
    assert.equal(r.result, 'FAILED');
    assert.deepEqual(r.codes, ['2.20']);
    assert.ok(ASSUMPTIONS.find((a) => a.id === 'CIM9-296')!.default.includes('2.20'));
    assert.equal(r.read, undefined);
    assert.equal(r.published.length, 0);
    assert.deepEqual(checkRefusedSwitch({ after: [], readBack: { label: 'g', result: 'OK', suppliers: [undefined] } }, NEW_SUPPLIER, 'UP-1001'), []);
  });
  test('switching-unknown-supplier-accepted: the unknown supplier is taken as a switch (OK)', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switching-unknown-supplier-accepted')!), 'ENV-EXPECTED-RESULT');
    const r = await switchSupplier(['switching-unknown-supplier-accepted'], 'UP-1001', { supplierKnown: false });
    assert.equal(r.result, 'OK');
  });
  test('switching-refused-supplier-read-anyway → SWITCH-REFUSED: FAILED 2.20, but the read was asked and published', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switching-refused-supplier-read-anyway')!), 'SWITCH-REFUSED');
    const r = await switchSupplier(['switching-refused-supplier-read-anyway'], 'UP-1001', { supplierKnown: false });
    assert.equal(r.result, 'FAILED');
    assert.notEqual(r.read, undefined);
    const after = [{ label: 'get(MeterReadings)', where: 'hes' }, ...r.published.map((p) => ({ label: p.label, where: 'cis' }))];
    assert.deepEqual(rules(checkRefusedSwitch({ after, readBack: { label: 'g', result: 'OK', suppliers: [] } }, NEW_SUPPLIER, 'UP-1001')), ['SWITCH-REFUSED']);
  });
  test('SWITCH-REFUSED: a read-back naming the refused supplier, or not answered OK, is a finding', () => {
    assert.deepEqual(rules(checkRefusedSwitch({ after: [], readBack: { label: 'g', result: 'OK', suppliers: [NEW_SUPPLIER] } }, NEW_SUPPLIER, 'UP-1')), ['SWITCH-REFUSED']);
    assert.deepEqual(rules(checkRefusedSwitch({ after: [], readBack: { label: 'g', result: 'FAILED' } }, NEW_SUPPLIER, 'UP-1')), ['SWITCH-REFUSED']);
  });
  test('switching-no-read → SWITCH-READ', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switching-no-read')!), 'SWITCH-READ');
    const r = await switchSupplier(['switching-no-read']);
    assert.equal(r.result, 'OK');
    assert.deepEqual(rules(checkSwitchingRead(r.read, s1, opts())), ['SWITCH-READ']);
  });
  test('switching-read-no-reason → SWITCH-REASON', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switching-read-no-reason')!), 'SWITCH-REASON');
    const r = await switchSupplier(['switching-read-no-reason']);
    assert.deepEqual(rules(checkSwitchingRead(r.read, s1, opts())), ['SWITCH-REASON']);
  });
  test('switching-no-publication → SWITCH-PUBLISHED', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switching-no-publication')!), 'SWITCH-PUBLISHED');
    const r = await switchSupplier(['switching-no-publication']);
    assert.deepEqual(checkSwitchingRead(r.read, s1, opts()), []);
    assert.deepEqual(rules(checkSwitchingPublication(r.published, r.given, s1, pubOpts)), ['SWITCH-PUBLISHED']);
  });
  test('switching-value-altered → SWITCH-VALUE', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switching-value-altered')!), 'SWITCH-VALUE');
    const r = await switchSupplier(['switching-value-altered']);
    assert.deepEqual(rules(checkSwitchingPublication(r.published, r.given, s1, pubOpts)), ['SWITCH-VALUE']);
  });
});

describe('checkSwitchingReadHeld (SWITCH-CLIENT-READ) and the reference CIS that takes the switching read (CS-01 step 3, the CIS as SUT)', () => {
  const TS = '2024-03-01T10:00:00Z';
  const exp = { meter: 'M-1001', value: '20123.456', timeStamp: TS, reason: 'moveIn' };
  test('held with the value (and the same instant when reported) passes; anything else is SWITCH-CLIENT-READ with expected / actual', () => {
    assert.deepEqual(checkSwitchingReadHeld({ status: 'read', value: '20123.4560', timeStamp: '2024-03-01T11:00:00+01:00' }, exp, 'r'), []);
    assert.deepEqual(checkSwitchingReadHeld({ status: 'read', value: '20123.456' }, exp, 'r'), []);
    for (const held of [undefined, { status: 'none' as const }, { status: 'failed' as const, code: '2.4' }, { status: 'read' as const, value: '1' }, { status: 'read' as const, value: '20123.456', timeStamp: '2024-03-01T10:00:01Z' }]) {
      const fs = checkSwitchingReadHeld(held, exp, 'r');
      assert.deepEqual(rules(fs), ['SWITCH-CLIENT-READ'], JSON.stringify(held));
      assert.ok(fs.every((f) => f.expected && f.actual), JSON.stringify(held));
    }
    assert.ok(rule('SWITCH-CLIENT-READ'));
  });

  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  async function publish(faults: string[], reason: string) {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['CIS'] });
    sims.push(sim);
    const read = { value: (20_000 + Math.floor(Math.random() * 1_000_000) / 1000).toFixed(3), timeStamp: nowTimestamp(() => new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000)), reason };
    const out = toSoap(switchingReadMessage(testHeader('created', 'MeterReadings'), { mRID: 'M-1001', usagePoint: 'UP-1001' }, RT, read), '1.1');
    const http = await postSoap(sim.urlFor('CIS'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok && r.wire.message);
    const res = await fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(stimulusBody('cis-report-readings', { meters: ['M-1001'] })) });
    assert.equal(res.status, 200);
    const rep = readClientReport(await res.json());
    assert.ok(rep.ok);
    return { ack: r.wire.message.reply?.result, rules: rules(checkSwitchingReadHeld(rep.report.meters['M-1001'], { meter: 'M-1001', ...read }, 'r')) };
  }
  test('the reference CIS acknowledges a moveIn and a moveOut read and holds it; each fault breaks its rule, for switching reads only', async () => {
    for (const reason of SWITCHING_REASONS) assert.deepEqual(await publish([], reason), { ack: 'OK', rules: [] });
    assert.equal((await publish(['cis-switching-read-refused'], 'moveOut')).ack, 'FAILED');
    assert.deepEqual(await publish(['cis-switching-read-dropped'], 'moveIn'), { ack: 'OK', rules: ['SWITCH-CLIENT-READ'] });
    // a read of another reason is not a switching read: neither fault touches it
    assert.deepEqual(await publish(['cis-switching-read-refused', 'cis-switching-read-dropped'], 'inquiry'), { ack: 'OK', rules: [] });
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'cis-switching-read-dropped')!), 'SWITCH-CLIENT-READ');
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'cis-switching-read-refused')!), 'ENV-EXPECTED-RESULT');
  });
});

describe('the CIS (new supplier) as SUT tells its MDM of a switch (CS-01.C1): checks, the stimulus body, the faults', () => {
  const order = { usagePoint: 'UP-1001', supplier: 'SUP-NEW', account: 'ACC-NEW', at: '2024-03-01T11:00:00Z' };
  const upc = (usagePoint: string, supplier?: string) => parse(buildUsagePointConfig({ usagePoints: [{ mRID: usagePoint, ...(supplier ? { serviceSupplier: { mRID: supplier, kind: 'retailer' } } : {}) }] }));
  const mdl = (account: string, usagePoint: string, effective?: string) => parse(buildMasterDataLinkageConfig({ ...(effective ? { configurationEvent: { effectiveDateTime: effective } } : {}), objects: { CustomerAccount: [{ mRID: account }], UsagePoint: [{ mRID: usagePoint }] } }));

  test('SWITCH-CLIENT-SUPPLIER: the usage point with the new supplier passes; another supplier, none, another usage point fail, with expected / actual', () => {
    assert.deepEqual(checkClientSupplierChange(upc('UP-1001', 'SUP-NEW'), order, 'r'), []);
    for (const root of [upc('UP-1001', 'SUP-OLD'), upc('UP-1001'), upc('UP-2', 'SUP-NEW'), undefined]) {
      const fs = checkClientSupplierChange(root, order, 'r');
      assert.deepEqual(rules(fs), ['SWITCH-CLIENT-SUPPLIER']);
      assert.ok(fs.every((f) => f.expected && f.actual));
    }
  });

  test('SWITCH-CLIENT-LINK and SWITCH-CLIENT-LINK-TIME (CIM9-259 severity; off: not judged)', () => {
    assert.deepEqual(checkClientAccountLink(mdl('ACC-NEW', 'UP-1001', '2024-03-01T12:00:00+01:00'), { ...order, timeSeverity: 'error' }, 'r'), []);
    assert.deepEqual(rules(checkClientAccountLink(mdl('ACC-OLD', 'UP-1001', order.at), { ...order, timeSeverity: 'error' }, 'r')), ['SWITCH-CLIENT-LINK']);
    assert.deepEqual(rules(checkClientAccountLink(undefined, { ...order, timeSeverity: 'error' }, 'r')), ['SWITCH-CLIENT-LINK']);
    for (const effective of ['2024-03-01T10:59:59Z', undefined]) {
      const fs = checkClientAccountLink(mdl('ACC-NEW', 'UP-1001', effective), { ...order, timeSeverity: 'error', timeText: 'failure' }, 'r');
      assert.deepEqual(rules(fs), ['SWITCH-CLIENT-LINK-TIME']);
      assert.ok(fs[0]!.expected && fs[0]!.actual);
      assert.equal(checkClientAccountLink(mdl('ACC-NEW', 'UP-1001', effective), { ...order, timeSeverity: 'warning' }, 'r')[0]?.severity, 'warning');
      assert.deepEqual(checkClientAccountLink(mdl('ACC-NEW', 'UP-1001', effective), { ...order, timeSeverity: undefined }, 'r'), []);
    }
  });

  test('SWITCH-CLIENT-ORDER (CIM9-258): the change first passes; the link first is a finding of the severity given, off is not judged', () => {
    assert.deepEqual(checkClientSwitchOrder(3, 4, { severity: 'error', label: 'r' }), []);
    const fs = checkClientSwitchOrder(5, 4, { severity: 'error', text: 'failure', label: 'r' });
    assert.deepEqual(rules(fs), ['SWITCH-CLIENT-ORDER']);
    assert.ok(fs[0]!.expected && fs[0]!.actual);
    assert.equal(checkClientSwitchOrder(5, 4, { severity: 'warning', label: 'r' })[0]?.severity, 'warning');
    assert.deepEqual(checkClientSwitchOrder(5, 4, { severity: undefined, label: 'r' }), []);
    for (const id of ['CIM9-258', 'CIM9-259']) assert.ok(ASSUMPTIONS.some((a) => a.id === id), id);
    for (const id of ['SWITCH-CLIENT-SUPPLIER', 'SWITCH-CLIENT-LINK', 'SWITCH-CLIENT-LINK-TIME', 'SWITCH-CLIENT-ORDER']) assert.ok(rule(id), id);
  });

  test('the switch time is the next whole hour; the stimulus body carries supplier, account and start, and is refused without them', () => {
    assert.equal(switchTimeOf(Date.parse('2024-03-01T10:20:30.5Z')), '2024-03-01T11:00:00.000Z');
    const body = stimulusBody('cis-supplier-switch', { meters: ['M-1001'], supplier: 'S', account: 'A', at: order.at });
    assert.deepEqual(readStimulusBody(body), { ok: true, body: { role: 'CIS', event: 'cis-supplier-switch', meter: 'M-1001', meters: ['M-1001'], start: order.at, supplier: 'S', account: 'A' } });
    for (const bad of [{ ...body, supplier: undefined }, { ...body, account: '' }, { ...body, start: undefined }, { ...stimulusBody('cis-read-request', { meters: ['M-1001'] }), supplier: 'S' }]) {
      const r = readStimulusBody(bad);
      assert.ok(!r.ok && !r.error.includes('\n'), JSON.stringify(bad));
    }
  });

  test('the four faults of the CIS violate their rules, with the assumption that makes each a failure', () => {
    const by = (id: string) => FAULTS.find((f) => f.id === id)!;
    assert.equal(violatedRule(by('cis-switch-wrong-supplier')), 'SWITCH-CLIENT-SUPPLIER');
    assert.equal(violatedRule(by('cis-switch-no-link')), 'SWITCH-CLIENT-LINK');
    assert.equal(violatedRule(by('cis-switch-link-now')), 'SWITCH-CLIENT-LINK-TIME');
    assert.deepEqual(by('cis-switch-link-now').detectWith, { 'CIM9-259': 'failure' });
    assert.equal(violatedRule(by('cis-switch-link-first')), 'SWITCH-CLIENT-ORDER');
    assert.deepEqual(by('cis-switch-link-first').detectWith, { 'CIM9-258': 'failure' });
  });
});
