/**
 * The 2011 draft generation as an edition (issue 11.5): draft messages built and read (src/message), ENV-01 in
 * force (src/profile), generation detection (src/checks/generation.ts, rule ENV-GENERATION).
 * Run: node --import tsx --test test/draft.test.ts
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvelope, MESSAGE_NS, readMessage, toSoap, toXml, wrapperElement, generationOfEdition, type Message } from '../src/message/index.ts';
import { buildGetMeterReadings, buildMeterReadings } from '../src/payloads/meterReadings.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { clearSchemaPackCache, loadProfilePack } from '../src/schema/index.ts';
import { loadProfile, ProfileError } from '../src/profile/index.ts';
import { checkGeneration, checkGenerationAccepted, checkHeader, checkMessage, contextFor, generationOfWire } from '../src/checks/index.ts';
import { repoPath } from '../src/paths.ts';
import type { XElement } from '../src/xml/index.ts';
import { validate } from '../src/cli/validate.ts';
import { mutationJobs } from '../src/cli/mutants.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';
import { combinable, fault } from '../simulator/faults/catalogue.ts';

after(() => clearSchemaPackCache());

const DRAFT_MSG = 'http://www.iec.ch/TC57/2011/schema/message';
const header = (verb: string, noun: string) => ({ verb, noun, timestamp: '2026-01-01T00:00:00Z', source: 'cim9', messageId: 'm-1', correlationId: 'c-1' });
const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
/** the element children of a built element */
const kids = (e: XElement): XElement[] => (e.children ?? []).filter((c): c is XElement => !!c && typeof c === 'object');
const kid = (e: XElement, name: string): XElement => kids(e).find((c) => c.name === name)!;

const draftGet = (): Message => ({
  kind: 'request',
  generation: 'draft-2011',
  header: header('get', 'MeterReadings'),
  request: { query: buildGetMeterReadings({ endDevices: ['M-1001'], readingTypes: [RT] }) },
});

describe('message building in the 2011 draft generation', () => {
  test('a get is the draft-only <Noun>RequestMessage of the noun wrapper (www.), header children in the draft message namespace', () => {
    const env = buildEnvelope(draftGet());
    assert.equal(env.ns, 'http://www.iec.ch/TC57/2011/MeterReadingsMessage');
    assert.equal(env.name, 'MeterReadingsRequestMessage');
    const h = kid(env, 'Header');
    assert.equal(h.ns, env.ns);
    assert.ok(kids(h).every((c) => c.ns === DRAFT_MSG));
    // the Request part: message namespace children (RequestType), the query profile in its lax wildcard
    assert.equal(kids(kid(env, 'Request'))[0]!.ns, 'http://iec.ch/TC57/2011/GetMeterReadings#');
  });

  test('answers, events and other verbs use the draft noun wrapper; the 2013 default is unchanged', () => {
    assert.deepEqual(wrapperElement('response', 'reply', 'MeterReadings', true, 'draft-2011'), { ns: 'http://www.iec.ch/TC57/2011/MeterReadingsMessage', name: 'MeterReadingsResponseMessage' });
    assert.deepEqual(wrapperElement('event', 'created', 'EndDeviceEvents', false, 'draft-2011'), { ns: 'http://www.iec.ch/TC57/2011/EndDeviceEventsMessage', name: 'CreatedEndDeviceEvents' });
    assert.deepEqual(wrapperElement('request', 'delete', 'MeterReadings', false, 'draft-2011'), { ns: 'http://www.iec.ch/TC57/2011/MeterReadingsMessage', name: 'DeleteMeterReadings' });
    assert.deepEqual(wrapperElement('request', 'get', 'MeterReadings'), { ns: 'http://iec.ch/TC57/2011/GetMeterReadingsMessage', name: 'GetMeterReadings' });
    assert.equal(generationOfEdition('draft-2011'), 'draft-2011');
    assert.equal(generationOfEdition('2024'), '2013');
  });

  test('Error/ID and relatedID are left out (the draft ErrorType has none); Reply/ID is a plain string', () => {
    const env = buildEnvelope({
      kind: 'response',
      generation: 'draft-2011',
      header: header('reply', 'MeterReadings'),
      reply: { result: 'FAILED', errors: [{ code: '2.4', level: 'FATAL', reason: 'unknown meter', id: { value: 'M-9', kind: 'name' } }], ids: [{ value: 'x', kind: 'uuid' }] },
    });
    const reply = kid(env, 'Reply');
    assert.deepEqual(kids(kid(reply, 'Error')).map((c) => c.name), ['code', 'level', 'reason']);
    assert.equal(kid(reply, 'ID').attrs, undefined);
  });

  test('draft messages validate against the draft-2011 pack and are read back (kind, generation, verb from the header)', () => {
    const pack = loadProfilePack({ edition: 'draft-2011' });
    const msgs: Message[] = [
      draftGet(),
      { kind: 'response', generation: 'draft-2011', header: header('reply', 'MeterReadings'), reply: { result: 'OK' }, payload: { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1001' }, readings: [{ readingType: RT, value: '12.5', timeStamp: '2026-01-01T00:00:00Z' }] }] }) } },
      { kind: 'event', generation: 'draft-2011', header: header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents([{ mRID: 'e-1', createdDateTime: '2026-01-01T00:00:00Z', eventType: '3.26.0.85', meter: 'M-1001', usagePoint: 'UP-1001' }]) } },
      { kind: 'response', generation: 'draft-2011', header: header('reply', 'EndDeviceEvents'), reply: { result: 'FAILED', errors: [{ code: '2.4', level: 'FATAL', reason: 'x', id: { value: 'M-9' } }] } },
    ];
    for (const m of msgs) {
      const xml = toSoap(m, '1.1').xml;
      assert.deepEqual(pack.validate(xml).filter((f) => f.severity === 'error'), [], `${m.kind} ${m.header!.verb}`);
      const read = readMessage(xml);
      assert.ok(read.ok);
      const p = read.wire.message!;
      assert.deepEqual(p.problems, []);
      assert.equal(p.kind, m.kind);
      assert.equal(p.generation, 'draft-2011');
      assert.equal(p.messageNs, MESSAGE_NS['draft-2011']);
    }
    // and a cim9 validate of the get in the draft edition finds nothing, ENV-STRUCTURE included
    const findings = checkMessage(toXml(draftGet()), { label: 'draft get', pack, edition: 'draft-2011', assumptions: { 'ENV-01': 'draft-2011' } });
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
  });

  test('<Noun>RequestMessage is a request only in the draft namespace', () => {
    const final = { ...buildEnvelope(draftGet()), ns: 'http://iec.ch/TC57/2011/MeterReadingsMessage' };
    const read = readMessage(toXml({ ...draftGet(), element: { ns: final.ns, name: 'MeterReadingsRequestMessage' }, generation: '2013' }));
    assert.ok(read.ok);
    assert.equal(read.wire.message!.kind, undefined);
    assert.equal(read.wire.message!.problems.length, 1);
  });
});

describe('ENV-01 in force', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim9-draft-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const profile = (edition: string, assumptions = '{}') => {
    const f = join(dir, `p-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(f, `cim9: 1\nname: t\nedition: ${edition}\nsut:\n  embedded: true\n  roles: [MDM]\ndata:\n  meters: [{ mRID: M-1, usagePoint: UP-1 }]\nassumptions: ${assumptions}\n`);
    return f;
  };

  test('defaults to the generation of the edition', () => {
    assert.equal(loadProfile(profile('draft-2011')).assumptions['ENV-01'], 'draft-2011');
    assert.equal(loadProfile(profile('"2013"')).assumptions['ENV-01'], '2013');
    assert.equal(loadProfile(profile('"2024"')).assumptions['ENV-01'], '2013');
    assert.equal(loadProfile(repoPath('profiles/reference-draft-2011.yaml')).edition, 'draft-2011');
  });

  test('the profile or --assume may widen it (any, a list) and the value is kept', () => {
    assert.equal(loadProfile(profile('"2013"', '{ ENV-01: any }')).assumptions['ENV-01'], 'any');
    assert.equal(loadProfile(profile('"2013"'), { extraAssumptions: { 'ENV-01': 'any' } }).assumptions['ENV-01'], 'any');
    assert.deepEqual(loadProfile(profile('draft-2011', '{ ENV-01: [draft-2011, "2013"] }')).assumptions['ENV-01'], ['draft-2011', '2013']);
  });

  test('a value that leaves out the edition\'s own generation is a profile error naming the field', () => {
    assert.throws(() => loadProfile(profile('"2013"'), { extraAssumptions: { 'ENV-01': 'draft-2011' } }), (e: unknown) => e instanceof ProfileError && /ENV-01=draft-2011 leaves out the generation of edition 2013/.test(e.message) && /edition: draft-2011/.test(e.message));
    assert.throws(() => loadProfile(profile('draft-2011', '{ ENV-01: "2013" }')), (e: unknown) => e instanceof ProfileError && /assumptions\.ENV-01/.test(e.message));
  });
});

describe('generation detection (ENV-GENERATION)', () => {
  const wire = (m: Message) => {
    const r = readMessage(toSoap(m, '1.1').xml);
    assert.ok(r.ok);
    return r.wire;
  };
  const reply2013: Message = { kind: 'response', header: header('reply', 'MeterReadings'), reply: { result: 'OK' } };
  const replyDraft: Message = { ...reply2013, generation: 'draft-2011' };

  test('the generation of a message, from its namespaces', () => {
    assert.equal(generationOfWire(wire(reply2013)), '2013');
    assert.equal(generationOfWire(wire(replyDraft)), 'draft-2011');
    assert.equal(generationOfWire(wire({ ...reply2013, form: 'generic', generation: 'draft-2011' })), 'draft-2011');
    assert.equal(generationOfWire(wire({ ...reply2013, element: { ns: 'http://iec.ch/TC57/2017/MeterReadingsMessage', name: 'MeterReadingsResponseMessage' } })), 'wrappers-2017');
  });

  test('one clear finding naming both generations: error when ENV-01 does not accept it, info when it does, none when it is the edition\'s', () => {
    const x = { expected: '2013', accepted: ['2013'], env01: '2013', label: 'reply' };
    const f = checkGeneration(wire(replyDraft), x)!;
    assert.equal(f.rule, 'ENV-GENERATION');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /the SUT speaks the 2011 draft generation, the profile says IEC 61968-100 ed\.1 \(2013\)/);
    assert.deepEqual(f.assumptions, { 'ENV-01': '2013' });
    assert.deepEqual([f.expected, f.actual], ['the IEC 61968-100 ed.1 (2013) generation', 'the 2011 draft generation']);
    const back = checkGeneration(wire(reply2013), { expected: 'draft-2011', accepted: ['draft-2011'], env01: 'draft-2011', label: 'reply' })!;
    assert.match(back.message, /speaks the IEC 61968-100 ed\.1 \(2013\) generation, the profile says 2011 draft/);
    const info = checkGeneration(wire(replyDraft), { ...x, accepted: ['2013', 'draft-2011'], env01: 'any' })!;
    assert.equal(info.severity, 'info');
    assert.match(info.expected ?? '', /ENV-01=any accepts/);
    assert.equal(checkGeneration(wire(reply2013), x), undefined);
  });

  test('a message on its own (cim9 validate): an error when ENV-01 in force does not accept its generation', () => {
    assert.equal(checkGenerationAccepted(wire(replyDraft), contextFor({ label: 'f' }))[0]?.severity, 'error');
    assert.deepEqual(checkGenerationAccepted(wire(replyDraft), contextFor({ label: 'f', assumptions: { 'ENV-01': 'draft-2011' } })), []);
    assert.deepEqual(checkGenerationAccepted(wire(replyDraft), contextFor({ label: 'f', assumptions: { 'ENV-01': 'any' } })), []);
    assert.equal(checkGenerationAccepted(wire(reply2013), contextFor({ label: 'f', assumptions: { 'ENV-01': 'draft-2011' } }))[0]?.rule, 'ENV-GENERATION');
  });
});

describe('cim9 validate --edition draft-2011 (in process)', () => {
  const run = async (files: string[], o: Parameters<typeof validate>[1]) => {
    let out = '';
    let err = '';
    const code = await validate(files, o, { out: (x) => (out += x), err: (x) => (err += x) });
    return { code, out, err };
  };
  const DRAFT = repoPath('fixtures/messages/invalid/ENV-GENERATION.draft-2011-event.xml');
  const FINAL = repoPath('fixtures/messages/valid/end-device-events.xml');

  test('a draft message is valid in the draft edition, an ENV-GENERATION error in 2013', async () => {
    assert.equal((await run([DRAFT], { edition: 'draft-2011' })).code, 0);
    const r = await run([DRAFT], {});
    assert.equal(r.code, 1);
    assert.match(r.out, /error ENV-GENERATION: .*the message is of the 2011 draft generation, the edition says IEC 61968-100 ed\.1 \(2013\)/);
  });

  test('--assume ENV-01 is honoured: an accepted other generation is validated against its own pack, with an info', async () => {
    const r = await run([DRAFT], { assume: ['ENV-01=any'] });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /info ENV-GENERATION: .*accepted under ENV-01=any\); validated against the draft-2011 schema pack/);
    assert.equal((await run([FINAL], { edition: 'draft-2011' })).code, 1);
    assert.equal((await run([FINAL], { edition: 'draft-2011', assume: ['ENV-01=[draft-2011, "2013"]'] })).code, 0);
  });
});

describe('faults of the generation in the mutation run', () => {
  test('speaks-draft-2011 and speaks-2013 run under the profiles of their editions and never in a combined run', () => {
    const { jobs } = mutationJobs(['reply-without-correlation-id', 'speaks-draft-2011', 'speaks-2013'].map(fault), { runsDir: '/r', combined: true });
    const byId = new Map(jobs.map((j) => [j.id, j]));
    assert.equal(byId.get('clean@draft-2011')?.profile, 'profiles/reference-draft-2011.yaml');
    assert.equal(byId.get('speaks-2013@draft-2011')?.profile, 'profiles/reference-draft-2011.yaml');
    assert.ok(byId.has('speaks-draft-2011') && byId.has('speaks-draft-2011@2024'));
    for (const id of ['combined', 'combined@2024', 'combined@draft-2011']) assert.deepEqual(byId.get(id)?.faults, ['reply-without-correlation-id'], id);
    assert.ok(FAST_FAULTS.includes('speaks-2013'), 'the selftest runs the draft-2011 reference profile');
    assert.equal(combinable(fault('speaks-draft-2011')), false);
  });
});

describe('draft verbs (ENV-10)', () => {
  const show = (generation: '2013' | 'draft-2011') => readMessage(toXml({ kind: 'request', generation, header: header('show', 'MeterReadings'), payload: { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' } }] }) }, element: { ns: generation === 'draft-2011' ? 'http://www.iec.ch/TC57/2011/MeterReadingsMessage' : 'http://iec.ch/TC57/2011/MeterReadingsMessage', name: 'MeterReadingsRequestMessage' } }));
  const verbFindings = (generation: '2013' | 'draft-2011', env10?: string) => {
    const r = show(generation);
    assert.ok(r.ok);
    return checkHeader(r.wire.message!, contextFor({ label: 'm', assumptions: env10 ? { 'ENV-10': env10 } : {} })).filter((f) => f.rule === 'ENV-WRAPPER' && /Header\/Verb "show"/.test(f.message));
  };
  test('a draft verb is a draft message\'s own; in an ed.1 message it is a finding unless ENV-10=accept', () => {
    assert.equal(verbFindings('draft-2011').length, 0);
    assert.equal(verbFindings('2013').length, 1);
    assert.equal(verbFindings('2013', 'accept').length, 0);
  });
});
