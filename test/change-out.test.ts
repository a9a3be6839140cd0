/**
 * Meter change-out at the MDM as SUT (EDC-05, MSR-04): the pure checks (src/checks/change-out.ts: CHANGEOUT-LINK,
 * CHANGEOUT-READS, CHANGEOUT-READ-REASON with CIM9-189, CHANGEOUT-ASSET-STATUS with CIM9-190), the reads and links the
 * suite sends (src/usecases/change-out.ts), and the reference MDM over HTTP told a whole change-out — clean, and under
 * each fault of the family (simulator/faults/change-out.ts).
 * Run: node --import tsx --test test/change-out.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAssetStatus, checkChangeOutLink, checkChangeOutReads, type ChangeOutReadsExpectation, type MeterAnswer } from '../src/checks/change-out.ts';
import { buildMeterReadings, buildGetMeterReadings, type ReadingValue } from '../src/payloads/meterReadings.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildMeterConfig } from '../src/payloads/masterdata/meterConfig.ts';
import { buildUsagePointConfig } from '../src/payloads/masterdata/usagePointConfig.ts';
import { buildGetConfig, configObjects } from '../src/payloads/masterdata/getConfig.ts';
import { readMasterDataLinkageConfig } from '../src/payloads/masterdata/masterDataLinkageConfig.ts';
import { changeOutReads, INSTALLED_EVENT, linkage, RECALIBRATION_STATUS, REMOVED_EVENT } from '../src/usecases/change-out.ts';
import { newMeter, newUsagePoint } from '../src/usecases/masterdata-samples.ts';
import { CHANGE_OUT_FAULTS } from '../simulator/faults/change-out.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';
import { NOT_COVERED } from '../src/usecases/ids.ts';
import { rule } from '../src/checks/catalogue.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Message } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import type { XElement, XNode } from '../src/xml/index.ts';
import { allHaveEvidence, ctx, hasEvidence, parse, rules } from './checks-helpers.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const AT = Date.parse('2024-03-01T10:00:00Z');
const M = { usagePoint: 'UP-1', oldMeter: 'M-OLD', newMeter: 'M-NEW' };
const { final, initial } = changeOutReads(M.oldMeter, M.newMeter, RT, AT, 0.5);

const meters = (...ids: string[]) => configObjects(parse(buildMeterConfig({ meters: ids.map((mRID) => ({ mRID })) })), 'MeterConfig');
const asReading = (r: typeof final, o: Partial<ReadingValue> = {}): ReadingValue => ({ readingType: r.readingType, value: r.value, timeStamp: r.timeStamp, reason: r.reason, ...o });
const answer = (meter: string, readings: ReadingValue[], named = meter): MeterAnswer => ({ meter, label: `get ${meter}`, root: parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: named }, usagePoint: { mRID: M.usagePoint }, readings }] })) });
const exp = (o: Partial<ChangeOutReadsExpectation> = {}): ChangeOutReadsExpectation => ({ ...M, final, initial, reasonSeverity: 'warning', reasonText: 'warning', ...o });

describe('CHANGEOUT-LINK: the usage point has the new meter, not the old one', () => {
  test('the new meter alone: clean; by a name too', () => {
    assert.deepEqual(checkChangeOutLink(meters('M-NEW'), M, ctx()), []);
    const named = configObjects(parse(buildMeterConfig({ meters: [{ mRID: 'X-1', names: [{ name: 'M-NEW' }] }] })), 'MeterConfig');
    assert.deepEqual(checkChangeOutLink(named, M, ctx()), []);
  });

  test('the old meter left, the new one missing, or no meter at all: CHANGEOUT-LINK', () => {
    assert.deepEqual(rules(checkChangeOutLink(meters('M-OLD', 'M-NEW'), M, ctx())), ['error CHANGEOUT-LINK']);
    assert.match(checkChangeOutLink(meters('M-OLD', 'M-NEW'), M, ctx())[0]!.message, /still linked to the old meter M-OLD/);
    assert.deepEqual(rules(checkChangeOutLink(meters('M-OLD'), M, ctx())), ['error CHANGEOUT-LINK', 'error CHANGEOUT-LINK']);
    const none = checkChangeOutLink([], M, ctx());
    assert.deepEqual(rules(none), ['error CHANGEOUT-LINK']);
    assert.match(none[0]!.message, /answers no meter/);
  });
});

describe('CHANGEOUT-READS / CHANGEOUT-READ-REASON: each read kept for its own meter, with its reason', () => {
  test('the reads the suite sends: the final one before the change-out with reason removal, the initial one after with installation', () => {
    assert.equal(final.meter, 'M-OLD');
    assert.equal(final.reason, 'removal');
    assert.equal(initial.meter, 'M-NEW');
    assert.equal(initial.reason, 'installation');
    assert.ok(Date.parse(final.timeStamp) < AT && AT < Date.parse(initial.timeStamp));
    assert.notEqual(final.value, initial.value);
  });

  test('each read for its meter (other readings beside it, a usage point only, a value written otherwise): clean', () => {
    const old = answer('M-OLD', [asReading(final, { value: `${final.value}0` }), { readingType: RT, value: '1', timeStamp: initial.timeStamp }]);
    assert.deepEqual(checkChangeOutReads([old, answer('M-NEW', [asReading(initial)])], exp(), ctx()), []);
    const byUsagePoint: MeterAnswer = { meter: 'M-NEW', label: 'x', root: parse(buildMeterReadings({ meterReadings: [{ usagePoint: { mRID: 'UP-1' }, readings: [asReading(initial)] }] })) };
    assert.deepEqual(checkChangeOutReads([old, byUsagePoint], exp(), ctx()), []);
  });

  test('the final read kept under the new meter: CHANGEOUT-READS twice (missing for the old meter, present for the new one)', () => {
    const f = checkChangeOutReads([answer('M-OLD', []), answer('M-NEW', [asReading(final), asReading(initial)])], exp(), ctx());
    assert.deepEqual(rules(f), ['error CHANGEOUT-READS', 'error CHANGEOUT-READS']);
    assert.match(f[0]!.message, /final read of the old meter M-OLD .* is not returned for that meter: no reading/);
    assert.match(f[1]!.message, /returned as a reading of the new meter M-NEW/);
  });

  test('the answer about the new meter naming the old meter\'s read as the old meter\'s is not a misattribution', () => {
    const mixed: MeterAnswer = { meter: 'M-NEW', label: 'x', root: parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-OLD' }, readings: [asReading(final)] }, { meter: { mRID: 'M-NEW' }, readings: [asReading(initial)] }] })) };
    assert.deepEqual(checkChangeOutReads([answer('M-OLD', [asReading(final)]), mixed], exp(), ctx()), []);
  });

  test('a meter not asked for: CHANGEOUT-READS (a step that finds nothing fails)', () => {
    assert.deepEqual(rules(checkChangeOutReads([answer('M-OLD', [asReading(final)])], exp(), ctx())), ['error CHANGEOUT-READS']);
  });

  test('the reason dropped or changed: CHANGEOUT-READ-REASON at the CIM9-189 severity (warning, failure, off)', () => {
    const answers = [answer('M-OLD', [asReading(final, { reason: undefined })]), answer('M-NEW', [asReading(initial, { reason: 'inquiry' })])];
    assert.deepEqual(rules(checkChangeOutReads(answers, exp(), ctx())), ['warning CHANGEOUT-READ-REASON', 'warning CHANGEOUT-READ-REASON']);
    assert.deepEqual(rules(checkChangeOutReads(answers, exp({ reasonSeverity: 'error', reasonText: 'failure' }), ctx())), ['error CHANGEOUT-READ-REASON', 'error CHANGEOUT-READ-REASON']);
    assert.deepEqual(checkChangeOutReads(answers, exp({ reasonSeverity: undefined, reasonText: 'off' }), ctx()), []);
    assert.deepEqual(checkChangeOutReads(answers, exp(), ctx())[0]!.assumptions, { 'CIM9-189': 'warning' });
  });
});

describe('CHANGEOUT-ASSET-STATUS (MSR-04): the old meter keeps the status sent', () => {
  const withStatus = (value?: string) => configObjects(parse(buildMeterConfig({ meters: [{ mRID: 'M-OLD', status: value ? { value, reason: 'recalibration' } : undefined }] })), 'MeterConfig');
  const e = { meter: 'M-OLD', value: RECALIBRATION_STATUS.value, severity: 'warning' as const, text: 'warning' };
  test('the status value sent: clean', () => assert.deepEqual(checkAssetStatus(withStatus('removed'), e, ctx()), []));
  test('another status, none, or the meter missing: CHANGEOUT-ASSET-STATUS at the CIM9-190 severity', () => {
    assert.deepEqual(rules(checkAssetStatus(withStatus('installed'), e, ctx())), ['warning CHANGEOUT-ASSET-STATUS']);
    assert.deepEqual(rules(checkAssetStatus(withStatus(), { ...e, severity: 'error' }, ctx())), ['error CHANGEOUT-ASSET-STATUS']);
    assert.deepEqual(rules(checkAssetStatus([], e, ctx())), ['warning CHANGEOUT-ASSET-STATUS']);
  });
});

describe('the family is catalogued', () => {
  test('rules, assumptions, faults (each naming its rule, scoped to the change-out use cases), the fast fault, coverage', () => {
    for (const id of ['CHANGEOUT-LINK', 'CHANGEOUT-READS', 'CHANGEOUT-READ-REASON', 'CHANGEOUT-ASSET-STATUS']) assert.ok(rule(id));
    for (const id of ['CIM9-189', 'CIM9-190', 'CIM9-191']) assert.ok(assumptionDef(id));
    for (const f of CHANGE_OUT_FAULTS) {
      assert.ok(FAULTS.some((x) => x.id === f.id) && rule(violatedRule(f)), f.id);
      assert.match(f.scope ?? '', /@usecase:(EDC-05|MSR-04)/, f.id);
    }
    assert.ok(FAST_FAULTS.includes('changeout-final-read-to-new-meter'));
    assert.equal(NOT_COVERED['EDC-05'], undefined);
    assert.equal(NOT_COVERED['MSR-04'], undefined);
  });

  test('the link message: the meter and the usage point, effective at the change-out', () => {
    const l = readMasterDataLinkageConfig(parse(linkage('M-NEW', 'UP-1', AT, 'meter change-out')));
    assert.deepEqual(l.objects, { Meter: ['M-NEW'], UsagePoint: ['UP-1'] });
    assert.equal(Date.parse(l.effectiveDateTime!), AT);
  });
});

describe('the reference MDM told a change-out (EDC-05, MSR-04)', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  const header = (verb: string, noun: string) => ({ verb, noun, timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() });
  async function post(sim: Simulator, msg: Message) {
    const out = toSoap(msg, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok && r.wire.message);
    return r.wire.message;
  }
  const request = (verb: string, noun: string, root: XElement): Message => ({ kind: 'request', header: header(verb, noun), payload: { root } });

  /** the whole change-out, synchronous; every request must be accepted; the findings of the CIS's checks */
  async function changeOut(faults: string[]) {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], asyncDelayMs: 5 });
    sims.push(sim);
    const at = Math.floor((Date.now() - 600_000) / 1000) * 1000;
    const up = newUsagePoint(RT);
    const oldM = newMeter();
    const newM = newMeter();
    const ids = { usagePoint: up.mRID!, oldMeter: oldM.meter.mRID!, newMeter: newM.meter.mRID! };
    const ok = async (m: Message, what: string) => assert.equal((await post(sim, m)).reply?.result, 'OK', what);
    await ok(request('create', 'UsagePointConfig', buildUsagePointConfig({ usagePoints: [up] })), 'usage point');
    await ok(request('create', 'MeterConfig', buildMeterConfig({ meters: [oldM.meter], simpleEndDeviceFunctions: oldM.functions })), 'old meter');
    await ok(request('create', 'MasterDataLinkageConfig', linkage(ids.oldMeter, ids.usagePoint, at - 3600_000, 'installed')), 'old link');
    await ok(request('create', 'MeterConfig', buildMeterConfig({ meters: [newM.meter], simpleEndDeviceFunctions: newM.functions })), 'new meter');
    await ok(request('close', 'MasterDataLinkageConfig', linkage(ids.oldMeter, ids.usagePoint, at, 'change-out')), 'old link closed');
    await ok(request('create', 'MasterDataLinkageConfig', linkage(ids.newMeter, ids.usagePoint, at, 'change-out')), 'new link');
    await ok(request('change', 'MeterConfig', buildMeterConfig({ meters: [{ mRID: ids.oldMeter, status: { value: RECALIBRATION_STATUS.value, reason: RECALIBRATION_STATUS.reason } }] })), 'status');
    const events = buildEndDeviceEvents([
      { mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(at - 30_000)), eventType: REMOVED_EVENT, meter: ids.oldMeter, usagePoint: ids.usagePoint },
      { mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(at + 30_000)), eventType: INSTALLED_EVENT, meter: ids.newMeter, usagePoint: ids.usagePoint },
    ]);
    await ok({ kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root: events } }, 'events (meters known from the master data)');
    const reads = changeOutReads(ids.oldMeter, ids.newMeter, RT, at);
    const mr = buildMeterReadings({ meterReadings: [reads.final, reads.initial].map((r) => ({ meter: { mRID: r.meter }, usagePoint: { mRID: ids.usagePoint }, readings: [asReading(r)] })) });
    await ok({ kind: 'event', header: header('created', 'MeterReadings'), payload: { root: mr } }, 'reads');
    const get = async (filter: Record<string, string>) => {
      const m = await post(sim, { kind: 'request', header: header('get', 'MeterConfig'), request: { query: buildGetConfig('MeterConfig', Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, [{ mRID: v }]]))) } });
      return m.payload?.root ? configObjects(m.payload.root, 'MeterConfig') : [];
    };
    const findings = [...checkChangeOutLink(await get({ UsagePoint: ids.usagePoint }), ids, ctx())];
    const window = { start: nowTimestamp(() => new Date(at - 300_000)), end: nowTimestamp(() => new Date(at + 300_000)) };
    const answers: MeterAnswer[] = [];
    for (const meter of [ids.oldMeter, ids.newMeter]) {
      const m = await post(sim, { kind: 'request', header: header('get', 'MeterReadings'), request: { query: buildGetMeterReadings({ endDevices: [meter], readingTypes: [RT], timePeriod: window }) } });
      answers.push({ meter, label: meter, root: m.payload!.root as XNode });
    }
    findings.push(...checkChangeOutReads(answers, { ...ids, final: reads.final, initial: reads.initial, reasonSeverity: 'error', reasonText: 'failure' }, ctx()));
    findings.push(...checkAssetStatus(await get({ Meter: ids.oldMeter }), { meter: ids.oldMeter, value: RECALIBRATION_STATUS.value, severity: 'error', text: 'failure' }, ctx()));
    return findings;
  }

  test('clean: every message accepted; the usage point has the new meter only; each read kept for its meter with its reason; the status kept', async () => {
    assert.deepEqual(rules(await changeOut([])), []);
  });

  test('each fault is caught with its rule', async () => {
    for (const f of CHANGE_OUT_FAULTS) {
      const found = rules(await changeOut([f.id]));
      assert.ok(found.includes(`error ${violatedRule(f)}`), `${f.id}: ${found.join(', ')}`);
    }
  });
});

describe('change-out findings carry expected / actual (issue 16)', () => {
  test('CHANGEOUT-LINK, CHANGEOUT-READS, CHANGEOUT-READ-REASON', () => {
    const link = checkChangeOutLink(meters('M-OLD'), M, ctx());
    allHaveEvidence(link);
    hasEvidence(link[0], /^meter M-NEW at usage point UP-1$/, /^M-OLD$/);
    hasEvidence(link[1], /not the old meter M-OLD/, /^M-OLD$/);
    const reads = checkChangeOutReads([answer('M-OLD', []), answer('M-NEW', [asReading(final), asReading(initial)])], exp(), ctx());
    allHaveEvidence(reads);
    hasEvidence(reads[0], new RegExp(`^${final.value} at ${final.timeStamp}`), /^no reading of that ReadingType$/);
    hasEvidence(reads[1], /under meter M-OLD only/, /^also under meter M-NEW$/);
    allHaveEvidence(checkChangeOutReads([answer('M-OLD', [asReading(final)])], exp(), ctx()));
    const reason = checkChangeOutReads([answer('M-OLD', [asReading(final, { reason: undefined })]), answer('M-NEW', [asReading(initial, { reason: 'inquiry' })])], exp(), ctx());
    assert.deepEqual(reason.map((f) => f.actual), ['no reason', 'reason "inquiry"']);
  });
});
