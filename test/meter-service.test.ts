/**
 * Meter installation and removal (MSR-01): the pure checks of src/checks/meter-service.ts, the CIS's request of
 * src/usecases/meter-service.ts and the reference head-end's completion (schema-valid against the 2013 pack's
 * proposed MeterServiceRequests profile), and each fault of simulator/faults/meter-service.ts caught by its rule.
 * Run: node --import tsx --test test/meter-service.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { readMessage, toSoap } from '../src/message/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkCompletion, checkServiceMasterData, completionVerbs, linkageVerbs, type CompletionWork, type ServicePublication, type ServiceRequestExpectation } from '../src/checks/meter-service.ts';
import { aboutWork, serviceRequestMessage } from '../src/usecases/meter-service.ts';
import { buildMeterServiceRequests, readMeterServiceRequests } from '../src/payloads/meterServiceRequests.ts';
import { rule } from '../src/checks/catalogue.ts';
import { METER_SERVICE_FAULTS } from '../simulator/faults/meter-service.ts';
import { startSimulator } from '../simulator/server.ts';
import { headEndBench } from './peers.ts';
import { profilesFor } from '../src/schema/gen/profiles.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';

const T0 = new Date('2026-01-01T10:00:00Z');
const ctx = (assumptions: Record<string, string> = {}) => contextFor({ label: 't', skewSeconds: 60, assumptions });
const errors = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const warnings = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'warning').map((f) => f.rule))];
const exp = (o: Partial<ServiceRequestExpectation> = {}): ServiceRequestExpectation => ({
  work: 'MSW-1', kind: 'meter', meter: 'M-2001', usagePoint: 'UP-1001', requestDateTime: T0.toISOString(), sentAt: T0, what: 'installation', ...o,
});
const done = (o: Partial<CompletionWork> = {}): CompletionWork => ({
  verb: 'changed', work: 'MSW-1', kind: 'meter', meter: 'M-2001', usagePoint: 'UP-1001', lastModifiedDateTime: new Date(T0.getTime() + 1000).toISOString(),
  requestDateTime: T0.toISOString(), readings: 0, receivedAt: new Date(T0.getTime() + 2000), label: 'completion', ...o,
});

describe('the meter-service findings carry expected / actual (issue 16)', () => {
  test('the kind, verb and identity requested against the completion told', () => {
    const fs = checkCompletion([done({ kind: 'inspection', verb: 'closed', meter: 'M-9' })], exp(), ctx());
    assert.deepEqual(fs.map((f) => f.rule), ['MSR-SVC-VERB', 'MSR-SVC-KIND', 'MSR-SVC-IDENTITY']);
    assert.ok(fs.every((f) => f.expected && f.actual));
    assert.equal(fs[1]!.actual, 'kind inspection');
    assert.match(fs[2]!.actual ?? '', /^Meter M-9, /);
    assert.deepEqual(checkCompletion([], exp(), ctx()).map((f) => f.actual), ['none']);
  });
});

describe('checkCompletion (MSR-SVC-*)', () => {
  test('a completion naming the work, meter and usage point, kind meter, dated after the request: no finding (created too)', () => {
    assert.deepEqual(checkCompletion([done()], exp(), ctx()), []);
    assert.deepEqual(checkCompletion([done({ verb: 'created' })], exp(), ctx()), []);
  });
  test('nothing at all, or only completions of another work, is MSR-SVC-COMPLETION (never a silent pass)', () => {
    assert.deepEqual(errors(checkCompletion([], exp(), ctx())), ['MSR-SVC-COMPLETION']);
    const other = checkCompletion([done({ work: 'MSW-9' })], exp(), ctx());
    assert.deepEqual(errors(other), ['MSR-SVC-COMPLETION']);
    assert.match(other[0]!.message, /MSW-9/);
  });
  test('CIM9-235: created or changed by default; one verb when the assumption names it', () => {
    assert.deepEqual(completionVerbs('any'), ['created', 'changed']);
    assert.deepEqual(errors(checkCompletion([done({ verb: 'closed' })], exp(), ctx())), ['MSR-SVC-VERB']);
    assert.deepEqual(errors(checkCompletion([done({ verb: 'changed' })], exp(), ctx({ 'CIM9-235': 'created' }))), ['MSR-SVC-VERB']);
    assert.deepEqual(checkCompletion([done({ verb: 'changed' })], exp(), ctx({ 'CIM9-235': 'changed' })), []);
  });
  test('another meter, usage point or old meter is MSR-SVC-IDENTITY; CIM9-237 meter-only leaves OldMeter out', () => {
    assert.deepEqual(errors(checkCompletion([done({ meter: 'M-9' })], exp(), ctx())), ['MSR-SVC-IDENTITY']);
    assert.deepEqual(errors(checkCompletion([done({ usagePoint: 'UP-9' })], exp(), ctx())), ['MSR-SVC-IDENTITY']);
    const removal = exp({ oldMeter: 'M-2001', what: 'removal' });
    assert.deepEqual(checkCompletion([done({ oldMeter: 'M-2001' })], removal, ctx()), []);
    assert.deepEqual(errors(checkCompletion([done()], removal, ctx())), ['MSR-SVC-IDENTITY']);
    assert.deepEqual(checkCompletion([done()], removal, ctx({ 'CIM9-237': 'meter-only' })), []);
  });
  test('another kind is MSR-SVC-KIND', () => {
    const fs = checkCompletion([done({ kind: 'inspection' })], exp(), ctx());
    assert.deepEqual(errors(fs), ['MSR-SVC-KIND']);
    assert.match(fs[0]!.message, /inspection/);
  });
  test('dates: missing, before the request, after receipt, or another requestDateTime are MSR-SVC-DATES; an absent requestDateTime is fine', () => {
    assert.deepEqual(errors(checkCompletion([done({ lastModifiedDateTime: undefined })], exp(), ctx())), ['MSR-SVC-DATES']);
    assert.deepEqual(errors(checkCompletion([done({ lastModifiedDateTime: '2025-12-31T10:00:00Z' })], exp(), ctx())), ['MSR-SVC-DATES']);
    assert.deepEqual(errors(checkCompletion([done({ lastModifiedDateTime: '2026-01-01T11:00:00Z' })], exp(), ctx())), ['MSR-SVC-DATES']);
    assert.deepEqual(errors(checkCompletion([done({ requestDateTime: '2026-01-01T09:00:00Z' })], exp(), ctx())), ['MSR-SVC-DATES']);
    assert.deepEqual(checkCompletion([done({ requestDateTime: undefined })], exp(), ctx()), []);
    assert.deepEqual(checkCompletion([done({ requestDateTime: '2026-01-01T11:00:00+01:00' })], exp(), ctx()), []);
  });
  test('CIM9-238: readings not required by default; a warning or a failure when the assumption says so', () => {
    assert.deepEqual(checkCompletion([done()], exp(), ctx()), []);
    assert.deepEqual(warnings(checkCompletion([done()], exp(), ctx({ 'CIM9-238': 'warning' }))), ['MSR-SVC-READINGS']);
    assert.deepEqual(errors(checkCompletion([done()], exp(), ctx({ 'CIM9-238': 'failure' }))), ['MSR-SVC-READINGS']);
    assert.deepEqual(checkCompletion([done({ readings: 1 })], exp(), ctx({ 'CIM9-238': 'failure' })), []);
  });
});

// ------------------------------------------------------------------------------------------------ payload and head-end

const bench = headEndBench({ source: 'test-cis', noun: 'MeterServiceRequests' });
const requestHeader = bench.header;

describe('the MeterServiceRequests profile and payload', () => {
  test('2013 only (2024 has no profile), in the wrapper list; lenient under CIM9-236', () => {
    assert.ok(profilesFor('2013').some((p) => p.name === 'MeterServiceRequests' && p.lenientOrder?.includes('CIM9-236')));
    assert.ok(!profilesFor('2024').some((p) => p.name === 'MeterServiceRequests'));
  });
  test("the CIS's request is schema-valid (2013 pack) and reads back", () => {
    for (const e of [exp(), exp({ oldMeter: 'M-2001', what: 'removal' })]) {
      const out = toSoap(serviceRequestMessage({ requestHeader }, e), '1.1');
      assert.deepEqual(bench.pack.validate(Buffer.from(out.xml), { label: 't' }).filter((f) => f.severity !== 'info'), []);
      assert.match(out.xml, /CreateMeterServiceRequests/);
      const read = readMessage(out.xml);
      assert.ok(read.ok);
      const [w] = readMeterServiceRequests(read.wire.message!.payload!.root!);
      assert.deepEqual([w!.work, w!.kind, w!.meter, w!.oldMeter, w!.usagePoint], [e.work, 'meter', e.meter, e.oldMeter, e.usagePoint]);
    }
  });
  test('a completion with readings and status is schema-valid; the reader counts the readings', () => {
    const root = buildMeterServiceRequests([{
      mRID: 'MSW-1', kind: 'meter', lastModifiedDateTime: T0.toISOString(), requestDateTime: T0.toISOString(), type: 'installation',
      meter: { mRID: 'M-2001', serialNumber: 'SN-1', readings: [{ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', value: '0', timeStamp: T0.toISOString(), reason: 'installation' }], names: [{ name: 'M-2001' }] },
      status: { value: 'completed', dateTime: T0.toISOString() }, usagePoint: { mRID: 'UP-1001' },
    }]);
    const out = toSoap({ kind: 'event', header: requestHeader('changed', 'MeterServiceRequests'), payload: { root } }, '1.1');
    assert.deepEqual(bench.pack.validate(Buffer.from(out.xml), { label: 't' }).filter((f) => f.severity !== 'info'), []);
    const read = readMessage(out.xml);
    assert.ok(read.ok);
    assert.equal(readMeterServiceRequests(read.wire.message!.payload!.root!)[0]!.readings, 1);
  });
});

test('draft-2011: the draft profile puts the message Header first in the payload root; a draft message with it is schema-valid, one without is not', () => {
  const draft = loadSchemaPack(defaultPackDir('draft-2011'));
  try {
    const work = { mRID: 'MSW-1', kind: 'meter', requestDateTime: T0.toISOString(), meter: { mRID: 'M-2001' }, usagePoint: { mRID: 'UP-1001' } };
    const h = requestHeader('create', 'MeterServiceRequests');
    const msg = (root: ReturnType<typeof buildMeterServiceRequests>) => toSoap({ kind: 'request', generation: 'draft-2011', header: h, payload: { root } }, '1.1').xml;
    const bad = (xml: string) => draft.validate(Buffer.from(xml), { label: 't' }).filter((f) => f.severity === 'error');
    assert.deepEqual(bad(msg(buildMeterServiceRequests([work], h))), []);
    assert.notDeepEqual(bad(msg(buildMeterServiceRequests([work]))), []);
    const read = readMessage(msg(buildMeterServiceRequests([work], h)));
    assert.ok(read.ok);
    assert.equal(readMeterServiceRequests(read.wire.message!.payload!.root!)[0]!.work, 'MSW-1');
  } finally {
    draft.dispose?.();
  }
});

async function serve(faults: string[], requests: ServiceRequestExpectation[]): Promise<{ results: string[]; works: CompletionWork[] }> {
  const path = `cis-${Math.random().toString(16).slice(2)}`;
  const s = await startSimulator({ schemaPack: bench.pack, faults, subscribers: { CIS: bench.listener.urlFor(path) }, asyncDelayMs: 5 });
  try {
    const results: string[] = [];
    for (const e of requests) results.push((await bench.post(s, serviceRequestMessage({ requestHeader }, e)))?.reply?.result ?? '');
    const works: CompletionWork[] = [];
    for (;;) {
      const w = await bench.listener.waitFor({ path }, 300, 'test');
      if (!w.ok) break;
      assert.ok(aboutWork(requests.at(-1)!.work, 0)(w.message) || requests.length > 1);
      const read = readMessage(w.message.body);
      assert.ok(read.ok && read.wire.message?.payload?.root);
      assert.deepEqual(bench.pack.validate(w.message.body, { label: 't' }).filter((f) => f.severity !== 'info'), []);
      works.push(...readMeterServiceRequests(read.wire.message.payload.root).map((x) => ({ ...x, verb: read.wire.message!.header!.verb, receivedAt: w.message.receivedAt, label: 'sim' })));
    }
    return { results, works };
  } finally {
    await s.close();
  }
}

describe('the reference head-end (work management)', () => {
  test('an installation and then its removal: OK, each completed with changed(MeterServiceRequests) passing the checks', async () => {
    const install = exp({ work: 'MSW-a', sentAt: new Date(Date.now() - 1000), requestDateTime: new Date().toISOString() });
    const removal = exp({ work: 'MSW-b', oldMeter: 'M-2001', what: 'removal', sentAt: new Date(Date.now() - 1000), requestDateTime: new Date().toISOString() });
    const { results, works } = await serve([], [install, removal]);
    assert.deepEqual(results, ['OK', 'OK']);
    assert.deepEqual(works.map((w) => [w.verb, w.work]), [['changed', 'MSW-a'], ['changed', 'MSW-b']]);
    assert.deepEqual(checkCompletion(works, install, ctx()), []);
    assert.deepEqual(checkCompletion(works, removal, ctx()), []);
  });
  test('a removal of a meter never installed is FAILED; a usage point it does not serve too; nothing is told', async () => {
    const r = await serve([], [exp({ work: 'MSW-c', meter: 'M-NONE', oldMeter: 'M-NONE', what: 'removal' }), exp({ work: 'MSW-d', usagePoint: 'UP-NOWHERE' })]);
    assert.deepEqual(r.results, ['FAILED', 'FAILED']);
    assert.deepEqual(r.works, []);
  });
  const caught: [string, string][] = [
    ['msr-no-completion', 'MSR-SVC-COMPLETION'],
    ['msr-completion-other-meter', 'MSR-SVC-IDENTITY'],
    ['msr-completion-wrong-kind', 'MSR-SVC-KIND'],
    ['msr-completion-before-request', 'MSR-SVC-DATES'],
  ];
  for (const [fault, r] of caught) {
    test(`${fault} → ${r}`, async () => {
      assert.equal(violatedRule(FAULTS.find((f) => f.id === fault)!), r);
      const e = exp({ work: `MSW-${fault}`, sentAt: new Date(Date.now() - 1000), requestDateTime: new Date().toISOString() });
      const { results, works } = await serve([fault], [e]);
      assert.deepEqual(results, ['OK']);
      assert.deepEqual(errors(checkCompletion(works, e, ctx())), [r]);
    });
  }
  test('every fault of the family is scoped to @uc:meter-service (the master-data ones to its md-publication scenarios) and names a catalogued MSR-SVC / MSR-MD rule', () => {
    for (const f of METER_SERVICE_FAULTS) {
      assert.equal(f.scope, violatedRule(f).startsWith('MSR-MD-') ? '@uc:meter-service and @cap:md-publication' : '@uc:meter-service');
      assert.match(violatedRule(f), /^MSR-(SVC|MD)-/);
      assert.ok(rule(violatedRule(f)));
    }
  });
});

describe('checkServiceMasterData (MSR-MD-*)', () => {
  const cfg = (verb: string, meter = 'M-2001'): ServicePublication => ({ label: 'p', verb, noun: 'MeterConfig', meters: [[meter, `SN-${meter}`]] });
  const link = (verb: string, usagePoints = ['UP-1001'], meter = 'M-2001'): ServicePublication => ({ label: 'p', verb, noun: 'MasterDataLinkageConfig', linkage: { meters: [meter], usagePoints } });
  const md = (change: 'installed' | 'removed') => ({ meter: 'M-2001', usagePoint: 'UP-1001', change, meterConfigVerbs: change === 'installed' ? ['created'] : ['deleted', 'changed'], what: change });
  test('the meter and its link, with the verbs of the change: no finding', () => {
    assert.deepEqual(checkServiceMasterData([cfg('created'), link('created')], md('installed'), ctx()), []);
    assert.deepEqual(checkServiceMasterData([link('deleted'), cfg('deleted')], md('removed'), ctx()), []);
    assert.deepEqual(checkServiceMasterData([link('closed'), cfg('changed')], md('removed'), ctx()), []);
  });
  test('nothing is both findings; a missing MeterConfig MSR-MD-METER, a missing or wrong link MSR-MD-LINK', () => {
    assert.deepEqual(errors(checkServiceMasterData([], md('installed'), ctx())), ['MSR-MD-METER', 'MSR-MD-LINK']);
    assert.deepEqual(errors(checkServiceMasterData([link('created')], md('installed'), ctx())), ['MSR-MD-METER']);
    assert.deepEqual(errors(checkServiceMasterData([cfg('created'), link('created', ['UP-9'])], md('installed'), ctx())), ['MSR-MD-LINK']);
    assert.deepEqual(errors(checkServiceMasterData([cfg('created'), link('created', ['UP-1001', 'UP-9'])], md('installed'), ctx())), ['MSR-MD-LINK']);
    assert.deepEqual(errors(checkServiceMasterData([cfg('created'), link('deleted')], md('installed'), ctx())), ['MSR-MD-LINK']);
    assert.deepEqual(errors(checkServiceMasterData([cfg('created', 'M-9'), link('created')], md('installed'), ctx())), ['MSR-MD-METER']);
  });
  test('CIM9-277 narrows what is required; CIM9-278 the removal verbs', () => {
    assert.deepEqual(checkServiceMasterData([link('created')], md('installed'), ctx({ 'CIM9-277': 'linkage' })), []);
    assert.deepEqual(checkServiceMasterData([cfg('created')], md('installed'), ctx({ 'CIM9-277': 'meter-config' })), []);
    assert.deepEqual(linkageVerbs('created-deleted-or-closed', 'removed'), ['deleted', 'closed']);
    assert.deepEqual(errors(checkServiceMasterData([link('closed'), cfg('deleted')], md('removed'), ctx({ 'CIM9-278': 'created-deleted' }))), ['MSR-MD-LINK']);
  });
});
