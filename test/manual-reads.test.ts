/**
 * Manual meter reading exchange with the MDM as SUT (MR-02): the pure checks (src/checks/manual-reads.ts:
 * MR-MANUAL-STORED, MR-MANUAL-QUALITY with UC-10, MR-MANUAL-SOURCE with CIM9-175), the read the field system sends
 * (src/usecases/manual-reads.ts), and the reference MDM over HTTP keeping it and returning it for a get with a time
 * window — clean, and under each fault of the family (simulator/faults/manual-reads.ts).
 * Run: node --import tsx --test test/manual-reads.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkManualReadHeld, checkManualReadKept, resolvedReadings, sameValue, type ManualReadExpectation } from '../src/checks/manual-reads.ts';
import { CONTROL_PATHS, readClientReport, stimulusBody } from '../src/usecases/stimuli.ts';
import { buildGetMeterReadings, buildMeterReadings, readGetMeterReadings, type ReadingValue } from '../src/payloads/meterReadings.ts';
import { ENTRY_SYSTEM, manualRead, MANUAL_READ_QUALITY } from '../src/usecases/manual-reads.ts';
import { MANUAL_READ_FAULTS } from '../simulator/faults/manual-reads.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Message } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { allHaveEvidence, ctx, hasEvidence, parse, rules } from './checks-helpers.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const TS = '2024-03-01T10:00:00Z';
const reading = (o: Partial<ReadingValue> = {}): ReadingValue => ({ readingType: RT, value: '12345.678', timeStamp: TS, source: ENTRY_SYSTEM, qualities: [{ ref: '1.4.131' }], ...o });
const answer = (readings: ReadingValue[], meter = 'M-1', readingTypes?: { mRID: string; name?: string }[]) =>
  parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: meter }, readings }], readingTypes }));
const exp = (o: Partial<ManualReadExpectation> = {}): ManualReadExpectation => ({
  subjects: ['M-1', 'UP-1'],
  readingType: RT,
  value: '12345.678',
  timeStamp: TS,
  quality: '1.4.131',
  source: ENTRY_SYSTEM,
  qualitySeverity: 'warning',
  qualityText: 'warning',
  sourceSeverity: 'warning',
  sourceText: 'warning',
  ...o,
});

describe('MR-02 the manual read kept by the MDM', () => {
  test('the same reading, at the same instant written otherwise, the value written otherwise: clean; other readings in the window are not judged', () => {
    assert.deepEqual(checkManualReadKept(answer([reading()]), exp(), ctx()), []);
    assert.deepEqual(checkManualReadKept(answer([reading({ timeStamp: '2024-03-01T11:00:00+01:00', value: '12345.6780' })]), exp(), ctx()), []);
    assert.deepEqual(checkManualReadKept(answer([reading({ timeStamp: '2024-03-01T09:59:00Z', value: '1', qualities: [] }), reading()]), exp(), ctx()), []);
    // the MDM may add its own quality (validated) beside the one sent, and restamp its system id
    assert.deepEqual(checkManualReadKept(answer([reading({ qualities: [{ ref: '3.0.1' }, { ref: '3.4.131' }] })]), exp(), ctx()), []);
  });

  test('refs resolve through the payload\'s ReadingType definitions; a usage point names the meter too', () => {
    const root = parse(buildMeterReadings({ meterReadings: [{ usagePoint: { mRID: 'UP-1' }, readings: [reading({ readingType: 'RT-A' })] }], readingTypes: [{ mRID: RT, name: 'RT-A' }] }));
    assert.equal(resolvedReadings(root)[0]!.readingType, RT);
    assert.deepEqual(checkManualReadKept(root, exp(), ctx()), []);
  });

  test('nothing at the time, another meter, another ReadingType, no reading at all: MR-MANUAL-STORED (a step that finds nothing fails)', () => {
    assert.deepEqual(rules(checkManualReadKept(answer([]), exp(), ctx())), ['error MR-MANUAL-STORED']);
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ timeStamp: '2024-03-01T10:05:00Z' })]), exp(), ctx())), ['error MR-MANUAL-STORED']);
    assert.deepEqual(rules(checkManualReadKept(answer([reading()], 'M-2'), exp(), ctx())), ['error MR-MANUAL-STORED']);
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ readingType: '0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0' })]), exp(), ctx())), ['error MR-MANUAL-STORED']);
    assert.match(checkManualReadKept(answer([reading({ timeStamp: '2024-03-01T10:05:00Z', value: '9' })]), exp(), ctx())[0]!.message, /9 at 2024-03-01T10:05:00Z/);
  });

  test('an old value at the time: MR-MANUAL-STORED naming both values', () => {
    const f = checkManualReadKept(answer([reading({ value: '12000.000' })]), exp(), ctx());
    assert.deepEqual(rules(f), ['error MR-MANUAL-STORED']);
    assert.match(f[0]!.message, /12000\.000 instead of 12345\.678/);
  });

  test('the quality dropped or another index: MR-MANUAL-QUALITY at the UC-10 severity (warning, failure, off)', () => {
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ qualities: [] })]), exp(), ctx())), ['warning MR-MANUAL-QUALITY']);
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ qualities: [{ ref: '1.4.130' }] })]), exp(), ctx())), ['warning MR-MANUAL-QUALITY']);
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ qualities: [] })]), exp({ qualitySeverity: 'error', qualityText: 'failure' }), ctx())), ['error MR-MANUAL-QUALITY']);
    assert.deepEqual(checkManualReadKept(answer([reading({ qualities: [] })]), exp({ qualitySeverity: undefined, qualityText: 'off' }), ctx()), []);
    const f = checkManualReadKept(answer([reading({ qualities: [] })]), exp(), ctx());
    assert.deepEqual(f[0]!.assumptions, { 'UC-10': 'warning' });
  });

  test('the source changed or dropped: MR-MANUAL-SOURCE at the CIM9-175 severity', () => {
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ source: 'MDM' })]), exp(), ctx())), ['warning MR-MANUAL-SOURCE']);
    assert.deepEqual(rules(checkManualReadKept(answer([reading({ source: undefined })]), exp({ sourceSeverity: 'error', sourceText: 'failure' }), ctx())), ['error MR-MANUAL-SOURCE']);
    assert.deepEqual(checkManualReadKept(answer([reading({ source: 'MDM' })]), exp({ sourceSeverity: undefined, sourceText: 'off' }), ctx()), []);
  });

  test('sameValue compares numbers, not spellings', () => {
    assert.equal(sameValue('1234.5', '1234.500'), true);
    assert.equal(sameValue('1234.5', '1234.6'), false);
    assert.equal(sameValue(undefined, '1'), false);
    assert.equal(sameValue('abc', 'abc'), true);
  });

  test('the read the field system sends: register, value, timeStamp, source, the manual or customer quality', () => {
    const { read, message } = manualRead({ mRID: 'M-1', usagePoint: 'UP-1' }, RT, 'customer', new Date(Date.parse(TS)), 0.5);
    assert.equal(read.quality, MANUAL_READ_QUALITY.customer);
    assert.equal(read.value, '10500.000');
    const m = message({ verb: 'created', noun: 'MeterReadings', timestamp: TS, source: 'x', messageId: 'm' });
    const [r] = resolvedReadings(parse(m.payload!.root!));
    assert.deepEqual({ ...r, node: undefined }, { node: undefined, subjects: ['M-1', 'UP-1'], readingTypeRef: RT, readingType: RT, value: read.value, timeStamp: TS, reason: undefined, source: ENTRY_SYSTEM, qualities: ['1.4.130'] });
  });

  test('rules, assumptions and faults are catalogued; each fault names its rule; the uncertain ones say how they are detected', () => {
    for (const id of ['MR-MANUAL-STORED', 'MR-MANUAL-QUALITY', 'MR-MANUAL-SOURCE']) assert.ok(rule(id));
    for (const id of ['UC-10', 'CIM9-175', 'CIM9-178']) assert.ok(assumptionDef(id));
    for (const f of MANUAL_READ_FAULTS) assert.ok(FAULTS.some((x) => x.id === f.id) && rule(violatedRule(f)));
    assert.deepEqual(FAULTS.find((f) => f.id === 'manual-quality-dropped')?.detectWith, { 'UC-10': 'failure' });
    assert.deepEqual(FAULTS.find((f) => f.id === 'manual-source-dropped')?.detectWith, { 'CIM9-175': 'failure' });
  });
});

describe('the reference MDM keeps a manual read and returns it (MR-02)', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  const header = (verb: string) => ({ verb, noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() });
  async function post(sim: Simulator, msg: Message) {
    const out = toSoap(msg, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok && r.wire.message);
    return r.wire.message;
  }
  async function roundTrip(faults: string[], meter = 'M-1001') {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], asyncDelayMs: 5 });
    sims.push(sim);
    const at = new Date(Math.floor((Date.now() - 600_000) / 1000) * 1000);
    const { read, message } = manualRead({ mRID: meter, usagePoint: 'UP-1001' }, RT, 'manual', at);
    const ack = await post(sim, message(header('created')));
    const window = { start: nowTimestamp(() => new Date(at.getTime() - 300_000)), end: nowTimestamp(() => new Date(at.getTime() + 300_000)) };
    const got = await post(sim, { kind: 'request', header: header('get'), request: { query: buildGetMeterReadings({ endDevices: ['M-1001'], readingTypes: [RT], timePeriod: window }) } });
    const root = got.payload?.root;
    assert.ok(root);
    return { ack: ack.reply?.result, findings: checkManualReadKept(root, exp({ subjects: ['M-1001'], value: read.value, timeStamp: read.timeStamp, qualitySeverity: 'error', sourceSeverity: 'error' }), ctx()) };
  }

  test('clean: acknowledged, returned with timeStamp, value, quality and source', async () => {
    const { ack, findings } = await roundTrip([]);
    assert.equal(ack, 'OK');
    assert.deepEqual(findings, []);
  });

  test('an unknown meter is refused (2.4)', async () => {
    const { ack } = await roundTrip([], 'M-9999').catch(() => ({ ack: 'threw' }));
    assert.equal(ack, 'FAILED');
  });

  test('each fault is caught with its rule', async () => {
    for (const f of MANUAL_READ_FAULTS) {
      const { findings } = await roundTrip([f.id]);
      assert.ok(rules(findings).includes(`error ${violatedRule(f)}`), `${f.id}: ${rules(findings).join(', ')}`);
    }
  });

  test('the query carries the window and reads back; a reason rides in Reading before timePeriod', () => {
    const q = parse(buildGetMeterReadings({ endDevices: ['M-1'], readingTypes: [RT], timePeriod: { start: TS, end: TS }, reason: 'billing' }));
    assert.deepEqual(readGetMeterReadings(q), { endDevices: ['M-1'], usagePoints: [], readingTypes: [RT], timePeriod: { start: TS, end: TS }, reason: 'billing' });
    const reading = q.children.find((c) => c.name === 'Reading')!;
    assert.deepEqual(reading.children.map((c) => c.name), ['reason', 'timePeriod']);
  });
});

describe('MR-02 with the CIS as SUT: the manual read the MDM publishes to it', () => {
  const held = (o: Record<string, unknown> = {}) => ({ status: 'read' as const, value: '12345.678', timeStamp: TS, qualities: ['1.4.131'], ...o });
  const want = (o: Record<string, unknown> = {}) => ({ meter: 'M-1', readingType: RT, value: '12345.678', timeStamp: TS, quality: '1.4.131', qualitySeverity: 'warning' as const, qualityText: 'warning', ...o });

  test('held as published (value and instant written otherwise, another system id): clean; no timeStamp reported is not judged', () => {
    assert.deepEqual(checkManualReadHeld(held(), want(), 'r'), []);
    assert.deepEqual(checkManualReadHeld(held({ value: '12345.6780', timeStamp: '2024-03-01T11:00:00+01:00', qualities: ['3.0.1', '2.4.131'] }), want(), 'r'), []);
    assert.deepEqual(checkManualReadHeld(held({ timeStamp: undefined }), want(), 'r'), []);
  });

  test('not held, held failed, another value, another time: MR-CLIENT-MANUAL errors', () => {
    assert.deepEqual(rules(checkManualReadHeld(undefined, want(), 'r')), ['error MR-CLIENT-MANUAL']);
    assert.deepEqual(rules(checkManualReadHeld({ status: 'failed', code: '2.4' }, want(), 'r')), ['error MR-CLIENT-MANUAL']);
    assert.deepEqual(rules(checkManualReadHeld(held({ value: '12345.679' }), want(), 'r')), ['error MR-CLIENT-MANUAL']);
    assert.deepEqual(rules(checkManualReadHeld(held({ timeStamp: '2024-03-01T10:00:01Z' }), want(), 'r')), ['error MR-CLIENT-MANUAL']);
    assert.deepEqual(rules(checkManualReadHeld(held({ timeStamp: 'yesterday' }), want(), 'r')), ['error MR-CLIENT-MANUAL']);
    // each with what the rule wants and what the CIS holds
    for (const f of [
      ...checkManualReadHeld(undefined, want(), 'r'),
      ...checkManualReadHeld(held({ value: '12345.679' }), want(), 'r'),
      ...checkManualReadHeld(held({ timeStamp: 'yesterday' }), want(), 'r'),
      ...checkManualReadHeld(held({ qualities: ['1.4.130'] }), want(), 'r'),
    ]) assert.ok(f.expected && f.actual, JSON.stringify(f));
    assert.equal(checkManualReadHeld(held({ value: '12345.679' }), want(), 'r')[0]!.actual, 'value 12345.679');
  });

  test('the quality dropped or another: MR-CLIENT-MANUAL-QUALITY at the UC-10 severity; off: not judged', () => {
    assert.deepEqual(rules(checkManualReadHeld(held({ qualities: undefined }), want(), 'r')), ['warning MR-CLIENT-MANUAL-QUALITY']);
    assert.deepEqual(rules(checkManualReadHeld(held({ qualities: ['1.4.130'] }), want(), 'r')), ['warning MR-CLIENT-MANUAL-QUALITY']);
    assert.deepEqual(rules(checkManualReadHeld(held({ qualities: [] }), want({ qualitySeverity: 'error', qualityText: 'failure' }), 'r')), ['error MR-CLIENT-MANUAL-QUALITY']);
    assert.deepEqual(checkManualReadHeld(held({ qualities: [] }), want({ qualitySeverity: undefined, qualityText: 'off' }), 'r'), []);
    for (const id of ['MR-CLIENT-MANUAL', 'MR-CLIENT-MANUAL-QUALITY']) assert.ok(rule(id));
  });

  test('the report may give the timeStamp and qualities of a reading; anything else there is one line', () => {
    assert.deepEqual(readClientReport({ meters: { M: { status: 'read', value: 1, timeStamp: TS, qualities: ['1.4.131'] } } }), { ok: true, report: { meters: { M: { status: 'read', value: '1', timeStamp: TS, qualities: ['1.4.131'] } } } });
    for (const bad of [{ timeStamp: 5 }, { timeStamp: 'x'.repeat(41) }, { qualities: '1.4.131' }, { qualities: [1] }, { qualities: Array(17).fill('1.4.131') }]) {
      const r = readClientReport({ meters: { M: { status: 'read', value: '1', ...bad } } });
      assert.ok(!r.ok && !r.error.includes('\n'), JSON.stringify(bad));
    }
  });

  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  async function publish(faults: string[], meter = 'M-1001', kind: 'manual' | 'customer' = 'manual') {
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['CIS'] });
    sims.push(sim);
    const at = new Date(Math.floor((Date.now() - 600_000) / 1000) * 1000);
    const { read, message } = manualRead({ mRID: meter, usagePoint: 'UP-1001' }, RT, kind, at);
    const h = { verb: 'created', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() };
    const out = toSoap(message(h), '1.1');
    const http = await postSoap(sim.urlFor('CIS'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok && r.wire.message);
    const res = await fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(stimulusBody('cis-report-readings', { meters: [meter] })) });
    assert.equal(res.status, 200);
    const rep = readClientReport(await res.json());
    assert.ok(rep.ok);
    const ack = r.wire.message;
    return { ack: ack.reply?.result, correlated: ack.header?.correlationId === h.correlationId, noun: ack.header?.noun, findings: checkManualReadHeld(rep.report.meters[meter], { ...want(), meter, value: read.value, timeStamp: read.timeStamp, quality: read.quality, qualitySeverity: 'error' }, 'r') };
  }

  test('the reference CIS acknowledges the manual and the customer read, correlated, and holds each with its value, time and quality', async () => {
    for (const kind of ['manual', 'customer'] as const) assert.deepEqual(await publish([], 'M-1001', kind), { ack: 'OK', correlated: true, noun: 'MeterReadings', findings: [] });
  });

  test('an unknown meter is refused (2.4); each fault of the CIS breaks what its rule checks', async () => {
    assert.equal((await publish([], 'M-9999')).ack, 'FAILED');
    assert.equal((await publish(['cis-manual-read-refused'])).ack, 'FAILED');
    assert.deepEqual(rules((await publish(['cis-manual-read-dropped'])).findings), ['error MR-CLIENT-MANUAL']);
    assert.equal((await publish(['cis-manual-read-ack-uncorrelated'])).correlated, false);
    assert.deepEqual(rules((await publish(['cis-manual-read-quality-dropped'])).findings), ['error MR-CLIENT-MANUAL-QUALITY']);
    assert.deepEqual(FAULTS.find((f) => f.id === 'cis-manual-read-quality-dropped')?.detectWith, { 'UC-10': 'failure' });
    assert.equal((await publish(['client-wrong-noun'])).noun, 'EndDeviceEvents');
  });
});

describe('MR-02 findings carry expected / actual (issue 16)', () => {
  test('MR-MANUAL-STORED (none at the time, another value), MR-MANUAL-QUALITY, MR-MANUAL-SOURCE', () => {
    hasEvidence(checkManualReadKept(answer([]), exp(), ctx())[0], new RegExp(`^12345\\.678 at ${TS}`), /^no reading of that meter and ReadingType$/);
    hasEvidence(checkManualReadKept(answer([reading({ value: '1' })]), exp(), ctx())[0], /^value 12345\.678$/, /^value 1$/);
    const kept = checkManualReadKept(answer([reading({ qualities: [], source: 'other' })]), exp(), ctx());
    allHaveEvidence(kept);
    assert.deepEqual(kept.map((f) => f.actual), ['qualities none', 'source "other"']);
  });
});
