/**
 * MSR-01 with the MDM as SUT (src/usecases/meter-service-mdm.ts, simulator/handlers/meter-service.ts): the completed
 * meter exchange the work management tells the MDM, as built and read back; the reference MDM over HTTP — it
 * acknowledges a completion of meters and a usage point it knows and links the usage point to the installed meter
 * (GetMeterConfig by UsagePoint), refuses an unknown meter with 2.4 — clean and under each fault of the family;
 * CIM9-249 / CIM9-257. MSR-01 with the CIS as SUT: checkClientServiceRequest (MSR-CLIENT-REQUEST) of the CIS's
 * create(MeterServiceRequests), checkServiceReadsHeld (MSR-CLIENT-HELD) of its report, each finding with its expected /
 * actual; readServiceReadings.
 * Run: node --import tsx --test test/meter-service-mdm.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completedExchange, observableAfterCompletion, UNKNOWN_METER_CODES } from '../src/usecases/meter-service-mdm.ts';
import { buildMeterServiceRequests, readMeterServiceRequests } from '../src/payloads/meterServiceRequests.ts';
import { buildGetConfig, configObjects } from '../src/payloads/masterdata/getConfig.ts';
import { objectId } from '../src/payloads/masterdata/common.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Message } from '../src/message/index.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { parse } from './checks-helpers.ts';
import { checkClientServiceRequest, checkServiceReadsHeld } from '../src/checks/meter-service.ts';
import { readServiceReadings } from '../src/payloads/meterServiceRequests.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const header = (verb: string, noun: string) => ({ verb, noun, timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() });

describe('the completed meter exchange the work management tells the MDM (MSR-01)', () => {
  test('one work of kind meter, completed: the installed meter as Meter, the removed one as OldMeter, each with its read, the usage point', () => {
    const at = Date.parse('2026-01-01T10:00:00Z');
    const [w] = readMeterServiceRequests(parse(buildMeterServiceRequests([completedExchange({ usagePoint: 'UP-1', installed: 'M-NEW', removed: 'M-OLD', readingType: RT, at })])));
    assert.equal(w?.kind, 'meter');
    assert.equal(w?.meter, 'M-NEW');
    assert.equal(w?.oldMeter, 'M-OLD');
    assert.equal(w?.usagePoint, 'UP-1');
    assert.equal(w?.status, 'completed');
    assert.equal(w?.readings, 2);
    assert.ok(Date.parse(w!.requestDateTime!) < Date.parse(w!.lastModifiedDateTime!));
  });

  test('CIM9-249 (linkage by default, none leaves the read-back out) and CIM9-257 (2.4 by default) are declared', () => {
    assert.equal(observableAfterCompletion({}), 'linkage');
    assert.equal(observableAfterCompletion({ 'CIM9-249': 'none' }), 'none');
    assert.ok(ASSUMPTIONS.some((a) => a.id === 'CIM9-249' && a.default === 'linkage'));
    assert.ok(ASSUMPTIONS.some((a) => a.id === 'CIM9-257' && JSON.stringify(a.default) === JSON.stringify([...UNKNOWN_METER_CODES])));
    for (const id of ['msr-mdm-completion-not-linked', 'msr-mdm-unknown-meter-accepted', 'msr-mdm-unknown-meter-wrong-code', 'msr-mdm-unknown-usage-point-accepted']) {
      assert.ok(FAULTS.some((f) => f.id === id && f.roles?.includes('MDM')), id);
    }
  });
});

describe('the reference MDM takes the completion of a meter exchange (MSR-01 with the MDM as SUT)', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });

  async function post(sim: Simulator, msg: Message): Promise<Message | undefined> {
    const out = toSoap(msg, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    return r.ok ? (r.wire.message as unknown as Message | undefined) : undefined;
  }

  /** tell a reference MDM (with `faults`) M-2 installed for M-1 at UP-1 (or `installed`); its Result and code, and the meters of UP-1 after */
  async function exchange(faults: string[], installed = 'M-2', usagePoint = 'UP-1'): Promise<{ result?: string; code?: string; meters: string[] }> {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }, { mRID: 'M-2', usagePoint: 'UP-2' }], asyncDelayMs: 5 });
    sims.push(sim);
    const work = completedExchange({ usagePoint, installed, removed: 'M-1', readingType: RT, at: Date.now() - 600_000 });
    const reply = await post(sim, { kind: 'event', header: header('created', 'MeterServiceRequests'), payload: { root: buildMeterServiceRequests([work]) } });
    const got = await post(sim, { kind: 'request', header: header('get', 'MeterConfig'), request: { query: buildGetConfig('MeterConfig', { UsagePoint: [{ mRID: 'UP-1' }] }) } });
    const root = (got as { payload?: { root?: Parameters<typeof configObjects>[0] } } | undefined)?.payload?.root;
    const meters = root ? configObjects(root, 'MeterConfig').map((m) => objectId(m) ?? '?') : [];
    const r = (reply as { reply?: { result?: string; errors?: { code?: string }[] } } | undefined)?.reply;
    return { result: r?.result, code: r?.errors?.[0]?.code, meters };
  }

  test('clean: OK and the usage point is linked to the installed meter only; msr-mdm-completion-not-linked keeps the removed one', async () => {
    assert.deepEqual(await exchange([]), { result: 'OK', code: undefined, meters: ['M-2'] });
    assert.deepEqual((await exchange(['msr-mdm-completion-not-linked'])).meters, ['M-1']);
  });

  test('an unknown meter: FAILED 2.4, nothing changed; msr-mdm-unknown-meter-accepted answers OK, msr-mdm-unknown-meter-wrong-code 2.12', async () => {
    assert.deepEqual(await exchange([], 'NO-SUCH-METER'), { result: 'FAILED', code: '2.4', meters: ['M-1'] });
    assert.equal((await exchange(['msr-mdm-unknown-meter-accepted'], 'NO-SUCH-METER')).result, 'OK');
    assert.equal((await exchange(['msr-mdm-unknown-meter-wrong-code'], 'NO-SUCH-METER')).code, '2.12');
  });

  test('an unknown usage point: FAILED 2.12, nothing changed; msr-mdm-unknown-usage-point-accepted answers OK', async () => {
    assert.deepEqual(await exchange([], 'M-2', 'NO-SUCH-UP'), { result: 'FAILED', code: '2.12', meters: ['M-1'] });
    assert.equal((await exchange(['msr-mdm-unknown-usage-point-accepted'], 'M-2', 'NO-SUCH-UP')).result, 'OK');
  });
});

describe('checkClientServiceRequest (MSR-CLIENT-REQUEST, MSR-01 with the CIS as SUT)', () => {
  const exp = { meter: 'M-2001', oldMeter: 'M-1001', usagePoint: 'UP-1001' };
  const req = (o: Partial<Parameters<typeof buildMeterServiceRequests>[0][number]> = {}, n = 1) =>
    parse(buildMeterServiceRequests(Array.from({ length: n }, () => ({ mRID: 'W-1', kind: 'meter', requestDateTime: '2026-03-01T10:00:00Z', meter: { mRID: 'M-2001' }, oldMeter: { mRID: 'M-1001' }, usagePoint: { mRID: 'UP-1001' }, ...o }))));
  const rules = (fs: ReturnType<typeof checkClientServiceRequest>) => fs.map((f) => `${f.severity} ${f.rule}`);

  test('the exchange ordered: no finding', () => {
    assert.deepEqual(checkClientServiceRequest(req(), exp, 'r'), []);
  });

  test('no OldMeter, another Meter, another kind, no requestDateTime, another usage point: each MSR-CLIENT-REQUEST with expected / actual', () => {
    for (const o of [{ oldMeter: undefined }, { meter: { mRID: 'M-1002' } }, { kind: 'service' }, { requestDateTime: undefined }, { usagePoint: { mRID: 'UP-1002' } }]) {
      const fs = checkClientServiceRequest(req(o), exp, 'r');
      assert.deepEqual(rules(fs), ['error MSR-CLIENT-REQUEST'], JSON.stringify(o));
      assert.ok(fs[0]!.expected && fs[0]!.actual, JSON.stringify(o));
    }
  });

  test('two works, or no payload: one finding', () => {
    assert.deepEqual(rules(checkClientServiceRequest(req({}, 2), exp, 'r')), ['error MSR-CLIENT-REQUEST']);
    assert.deepEqual(rules(checkClientServiceRequest(undefined, exp, 'r')), ['error MSR-CLIENT-REQUEST']);
  });
});

describe('checkServiceReadsHeld (MSR-CLIENT-HELD) and readServiceReadings', () => {
  const reads = [{ meter: 'M-2001', value: '0.125' }, { meter: 'M-1001', value: '12345.678' }];
  test('both reads held: no finding; one missing, one with another value: one finding each, with expected / actual', () => {
    assert.deepEqual(checkServiceReadsHeld({ meters: { 'M-2001': { status: 'read', value: '0.125' }, 'M-1001': { status: 'read', value: '12345.6780' } } }, reads, 'r'), []);
    const fs = checkServiceReadsHeld({ meters: { 'M-2001': { status: 'none' }, 'M-1001': { status: 'read', value: '1' } } }, reads, 'r');
    assert.deepEqual(fs.map((f) => f.rule), ['MSR-CLIENT-HELD', 'MSR-CLIENT-HELD']);
    assert.ok(fs.every((f) => f.expected && f.actual));
  });
  test('the reads of the completion: the installed meter\'s, then the removed one\'s', () => {
    const root = parse(buildMeterServiceRequests([completedExchange({ usagePoint: 'UP-1', installed: 'M-NEW', removed: 'M-OLD', readingType: RT, at: Date.parse('2026-01-01T10:00:00Z') })]));
    assert.deepEqual(readServiceReadings(root).map((r) => [r.meter, r.reason]), [['M-NEW', 'installation'], ['M-OLD', 'removal']]);
  });
});
