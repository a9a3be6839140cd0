/**
 * The relayed ping (EDE-02, P6) and the bad requests the SUT sends the suite's peers: the head-end the suite plays
 * not reaching a meter (4.1, PARTIAL), its refusals marked as findings against the SUT (ENV-PEER-REFUSED) and the
 * answers about data not (2.4); the checks of src/usecases/relayed-ping.ts on hand-made legs.
 * Run: node --import tsx --test test/relayed-ping.test.ts
 */
import { relaysToHeadEnd } from '../src/profile/pics-capabilities.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAsHeadEnd, type PeerSettings } from '../src/usecases/peer.ts';
import { checkRelayedStatus, pingNotRelayed, pingStatus, pingTiming } from '../src/usecases/relayed-ping.ts';
import { checkForwardedRead } from '../src/usecases/relayed-read.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Header, type ParsedMessage } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { PEER_REFUSALS } from '../src/session/run.ts';
import { peerRefusal } from '../src/session/world.ts';
import { EXTRA_CLEAN_PROFILES, mutationJobs } from '../src/cli/mutants.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const pack = loadSchemaPack(defaultPackDir('2013'));
after(() => clearSchemaPackCache());
const METERS = [{ mRID: 'M-1', usagePoint: 'UP-1' }, { mRID: 'M-2', usagePoint: 'UP-2' }, { mRID: 'M-3', usagePoint: 'UP-3' }];
const settings: PeerSettings = {
  generation: '2013',
  meters: METERS,
  readingTypes: [RT],
  maxBytes: 1 << 20,
  schemaErrors: (b) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message),
};
const header = (noun = 'MeterReadings'): Header => ({ verb: 'get', noun, timestamp: nowTimestamp(), source: 'mdm', messageId: newMessageId(), correlationId: newMessageId() });
const ping = (meters: string[]) => Buffer.from(toSoap(getMeterReadingsMessage(header(), meters, []), '1.1').xml);
const parsed = (xml: string | Buffer): ParsedMessage => {
  const r = readMessage(xml);
  assert.ok(r.ok && r.wire.message, 'readable');
  return r.wire.message;
};
const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule);

describe('the head-end the suite plays, for a relayed ping', () => {
  test('a meter it does not reach: Error 4.1 naming it, PARTIAL; FAILED when it reaches none', () => {
    const a = answerAsHeadEnd(ping(['M-1', 'M-2', 'M-3']), '1.1', { ...settings, unreachable: ['M-3'] });
    assert.equal(a.refused, undefined);
    const m = parsed(a.xml);
    assert.equal(m.reply?.result, 'PARTIAL');
    assert.deepEqual([...pingStatus(m, METERS)], [['M-1', 'answered'], ['M-2', 'answered'], ['M-3', 'error 4.1']]);
    assert.deepEqual(pack.validate(Buffer.from(a.xml), { label: 'answer' }).filter((f) => f.severity === 'error'), []);
    const none = parsed(answerAsHeadEnd(ping(['UP-3']), '1.1', { ...settings, unreachable: ['M-3'] }).xml);
    assert.equal(none.reply?.result, 'FAILED');
    assert.deepEqual([...pingStatus(none, METERS.slice(2))], [['M-3', 'error 4.1']]);
  });
  test('a request it cannot take is marked refused (a finding against the SUT); an answer about the data is not', () => {
    assert.equal(answerAsHeadEnd(Buffer.from('<not-xml'), '1.1', settings).refused?.code, 'SOAP-fault');
    const noun = answerAsHeadEnd(Buffer.from(toSoap({ ...getMeterReadingsMessage(header('MeterReading'), ['M-1'], []), form: 'generic' }, '1.1').xml), '1.1', settings);
    assert.equal(noun.refused?.code, '2.5');
    assert.deepEqual((parsed(noun.xml).reply?.errors ?? []).map((e) => e.code), ['2.5']);
    assert.equal(answerAsHeadEnd(ping(['NOPE']), '1.1', settings).refused, undefined);
  });
  test("a refusal recorded for a delivery becomes the scenario's ENV-PEER-REFUSED error; other deliveries none", () => {
    PEER_REFUSALS.set(-7, { code: '2.5', reason: 'noun <x> is not supported' });
    try {
      const [f, ...rest] = peerRefusal(-7, 'SUT → HES request');
      assert.equal(rest.length, 0);
      assert.equal(f?.rule, 'ENV-PEER-REFUSED');
      assert.equal(f?.severity, 'error');
      assert.match(f!.message, /Error 2\.5/);
      assert.deepEqual([f!.expected, f!.actual], ["the suite's peer accepts the request", 'Result FAILED with Error 2.5: noun <x> is not supported']);
      assert.deepEqual(peerRefusal(-8, 'other'), []);
    } finally {
      PEER_REFUSALS.delete(-7);
    }
  });
});

describe('the checks of the relayed ping', () => {
  const headEnd = parsed(answerAsHeadEnd(ping(['M-1', 'M-2', 'M-3']), '1.1', { ...settings, unreachable: ['M-3'] }).xml);
  test('the head-end answer relayed unchanged passes', () => {
    assert.deepEqual(checkRelayedStatus(headEnd, headEnd, METERS, 'reply'), []);
  });
  test('a changed Result, a dropped Error, a meter the OMS did not ask for: DOM-RELAY-STATUS', () => {
    const ok: ParsedMessage = { ...headEnd, reply: { result: 'OK', errors: [] } };
    const fs = checkRelayedStatus(ok, headEnd, METERS, 'reply');
    assert.deepEqual(rules(fs), ['DOM-RELAY-STATUS', 'DOM-RELAY-STATUS']);
    assert.match(fs[1]!.message, /M-3: not accounted for, the head-end answered error 4\.1/);
    const other: ParsedMessage = { ...headEnd, reply: { result: 'PARTIAL', errors: [{ code: '2.4', id: { value: 'M-3' } }] } };
    assert.match(checkRelayedStatus(other, headEnd, METERS, 'reply')[0]!.message, /M-3: error 2\.4, the head-end answered error 4\.1/);
    const extra = checkRelayedStatus(headEnd, headEnd, METERS.slice(0, 1), 'reply');
    assert.deepEqual(rules(extra), ['DOM-RELAY-STATUS']);
    assert.match(extra[0]!.message, /M-2, which the OMS did not ask for/);
    assert.deepEqual(rules(checkRelayedStatus(undefined, headEnd, METERS, 'reply')), ['DOM-RELAY-STATUS']);
  });
  test('nothing to compare is never a pass', () => {
    const empty: ParsedMessage = { ...headEnd, payload: undefined, reply: { result: 'OK' } };
    const fs = checkRelayedStatus(empty, empty, [{ mRID: 'M-404' }], 'reply');
    assert.deepEqual(rules(fs), ['DOM-RELAY-STATUS']);
    assert.match(fs[0]!.message, /nothing to compare/);
    assert.throws(() => checkRelayedStatus(headEnd, headEnd, [], 'reply'));
  });
  test('the forwarded ping names exactly the meters the OMS asked for; its ReadingTypes are not compared', () => {
    const asked = { meters: METERS, readingTypes: [] };
    assert.deepEqual(checkForwardedRead(parsed(ping(['M-1', 'M-2', 'M-3'])), asked, 'fwd', { requester: 'OMS', readingTypes: false }), []);
    const dropped = checkForwardedRead(parsed(ping(['M-1', 'M-2'])), asked, 'fwd', { requester: 'OMS', readingTypes: false });
    assert.deepEqual(rules(dropped), ['DOM-RELAY-FORWARD']);
    assert.match(dropped[0]!.message, /M-3 the OMS asked for/);
  });
  test('CIM9-110: not asking the head-end is a failure, a warning or info', () => {
    assert.equal(pingNotRelayed('relay', 'x').severity, 'error');
    assert.equal(pingNotRelayed('warning', 'x').severity, 'warning');
    assert.equal(pingNotRelayed('store-allowed', 'x').severity, 'info');
    assert.deepEqual(pingNotRelayed('warning', 'x').assumptions, { 'CIM9-110': 'warning' });
  });
  test('the timing of both legs', () => {
    const t0 = new Date(0);
    const s = pingTiming({ omsSent: t0, headEndReceived: new Date(12), omsReplied: new Date(30) });
    assert.match(s, /12 ms after the OMS request/);
    assert.match(s, /18 ms after the head-end leg/);
    assert.match(pingTiming({ omsSent: t0 }), /no request received/);
  });
});

describe('the MDM-only reference profile', () => {
  test('an MDM alone whose head-end the suite plays, with a clean run in the mutation run (not under --profile)', () => {
    const p = loadProfile(repoPath('profiles/reference-mdm.yaml'));
    assert.deepEqual(p.sut.roles, ['MDM']);
    assert.equal(p.sut.embedded, true);
    assert.equal(relaysToHeadEnd(p), true);
    const faults = FAULTS.filter((f) => f.id === 'relay-ping-wrong-status');
    const { jobs } = mutationJobs(faults, { runsDir: '/r', combined: false, extraClean: EXTRA_CLEAN_PROFILES });
    const mdm = jobs.find((j) => j.id === 'clean@mdm');
    assert.deepEqual([mdm?.profile, mdm?.faults], ['profiles/reference-mdm.yaml', []]);
    assert.equal(jobs.filter((j) => j.faults.length > 0 && j.profile === 'profiles/reference-mdm.yaml').length, 0);
    const own = mutationJobs(faults, { runsDir: '/r', combined: false, profile: '/x.yaml', extraClean: EXTRA_CLEAN_PROFILES });
    assert.ok(!own.jobs.some((j) => j.id === 'clean@mdm'));
  });
});
