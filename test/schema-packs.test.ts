/**
 * The project's schema packs per edition (2013, 2024, 2024-ed2, draft-2011), the user-folder override,
 * pack provenance in findings, cross-generation findings (ENV-01), `cim9 schemas list|check`, and the
 * cross-check of every envelope the builders and the simulator produce against the independent public
 * IEC 61968-100 Message.xsd in ../shared/reference (when that folder exists).
 * Run: node --import tsx --test test/schema-packs.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import {
  clearSchemaPackCache,
  counterpartNamespace,
  defaultPackDir,
  loadProfilePack,
  loadSchemaPack,
  PACK_IDS,
  SchemaPackError,
  type PackId,
  type Particle,
  type SchemaPack,
} from '../src/schema/index.ts';
import { diffPack, MANAGED_FOLDERS } from '../src/schema/gen/packs.ts';
import { schemasCommand } from '../src/cli/schemas.ts';
import { formatFinding, type Finding } from '../src/checks/finding.ts';
import { serializeXml, type XElement } from '../src/xml/index.ts';
import { buildEnvelope, newMessageId, nowTimestamp, PREFIXES, soapEnvelope, toSoap, type Header, type Message } from '../src/message/index.ts';
import { samplePayload, sampleMessages, toDraftNamespaces, type SampleEdition } from '../src/negative/samples.ts';
import { normalizeTree } from '../src/negative/mutations.ts';
import { eventsMessage, getEndDeviceEventsMessage, getMeterReadingsMessage, meterReadingsRequest, withUndeclaredQueryElement } from '../src/usecases/requests.ts';
import { buildObjectNamesConfig } from '../src/payloads/masterdata/objectNamesConfig.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
after(() => clearSchemaPackCache());
const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const packs = new Map<PackId, SchemaPack>(PACK_IDS.map((id) => [id, loadSchemaPack(defaultPackDir(id))]));
const pack = (id: PackId) => packs.get(id)!;
const show = (fs_: Finding[]) => fs_.map(formatFinding).join('\n');
const xml = (e: XElement) => serializeXml(e, { prefixes: PREFIXES });
const errors = <F extends Finding>(fs_: F[]): F[] => fs_.filter((f) => f.severity === 'error');
const P = (profile: string) => `http://iec.ch/TC57/2011/${profile}#`;
const W = (noun: string) => `http://iec.ch/TC57/2011/${noun}Message`;
const MSG = 'http://iec.ch/TC57/2011/schema/message';
const DRAFT_MSG = 'http://www.iec.ch/TC57/2011/schema/message';
const ED2 = 'http://iec.ch/TC57/2021/schema/message';

const PROFILES_2013 = [
  'MeterReadings', 'GetMeterReadings', 'EndDeviceEvents', 'GetEndDeviceEvents', 'EndDeviceControls', 'GetEndDeviceControls', 'MeterReadSchedule',
  'MeterConfig', 'GetMeterConfig', 'EndDeviceConfig', 'GetEndDeviceConfig', 'UsagePointConfig', 'GetUsagePointConfig', 'UsagePointLocationConfig',
  'GetUsagePointLocationConfig', 'MasterDataLinkageConfig', 'ComModuleConfig', 'GetComModuleConfig', 'EndDeviceGroups', 'GetEndDeviceGroups',
  'UsagePointGroups', 'GetUsagePointGroups',
];
const PROFILES_2024 = [...PROFILES_2013.filter((p) => p !== 'MeterReadSchedule'), 'MeterReadSchedules', 'GetMeterReadSchedules', 'ObjectNamesConfig'];
const NOUNS_2013 = [
  'MeterReadings', 'EndDeviceEvents', 'EndDeviceControls', 'MeterReadSchedule', 'MeterConfig', 'EndDeviceConfig', 'UsagePointConfig',
  'UsagePointLocationConfig', 'MasterDataLinkageConfig', 'ComModuleConfig', 'EndDeviceGroups', 'UsagePointGroups',
];
const CONFIG_NOUNS = ['MeterConfig', 'EndDeviceConfig', 'UsagePointConfig', 'UsagePointLocationConfig', 'MasterDataLinkageConfig', 'ComModuleConfig'];

function header(verb: string, noun: string): Header {
  return { verb, noun, timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() };
}

// -------------------------------------------------------------------------------------------------

describe('the packs of every edition', () => {
  test('2013 and 2024 have every payload profile, noun wrapper and query wrapper of the spec', () => {
    for (const [id, profiles] of [['2013', PROFILES_2013], ['2024', PROFILES_2024], ['2024-ed2', PROFILES_2024]] as const) {
      const p = pack(id);
      for (const prof of profiles) {
        assert.ok(p.declares(P(prof), prof), `${id}: ${prof} root in ${P(prof)}`);
        const f = p.sourceOf(P(prof))!.files[0];
        assert.equal(f.relPath, `payloads/${prof}.xsd`);
      }
      const nouns = id === '2013' ? NOUNS_2013 : [...NOUNS_2013.map((n) => (n === 'MeterReadSchedule' ? 'MeterReadSchedules' : n)), 'ObjectNamesConfig'];
      for (const noun of nouns) {
        for (const el of ['Create', 'Change', 'Cancel', 'Close', 'Delete', 'Created', 'Changed', 'Canceled', 'Closed', 'Deleted'].map((v) => v + noun)) {
          assert.ok(p.declares(W(noun), el), `${id}: ${el}`);
        }
        assert.ok(p.declares(W(noun), `${noun}ResponseMessage`) && p.declares(W(noun), `${noun}FaultMessage`));
        assert.ok(!p.declares(W(noun), `${noun}RequestMessage`), 'draft-only element');
      }
      for (const q of profiles.filter((x) => x.startsWith('Get'))) {
        const noun = q.slice(3);
        assert.ok(p.declares(W(q), q) && p.declares(W(q), `${noun}ResponseMessage`) && p.declares(W(q), `${noun}FaultMessage`), `${id}: ${q}Message`);
      }
      for (const noun of CONFIG_NOUNS) {
        const ns = `http://iec.ch/TC57/2015/${noun}OperationSetMessage`;
        for (const el of [`Execute${noun}OperationSet`, `Executed${noun}OperationSet`, `${noun}OperationSetResponseMessage`, `${noun}OperationSetFaultMessage`]) {
          assert.ok(p.declares(ns, el), `${id}: ${el}`);
        }
      }
      assert.ok(p.declares(MSG, 'RequestMessage'), 'ed.1 envelope is the default of every pack');
    }
    assert.ok(!pack('2013').knows(P('MeterReadSchedules')) && !pack('2024').knows(P('MeterReadSchedule')), 'PAY-09 by edition');
    assert.ok(!pack('2013').knows(P('GetMeterReadSchedules')));
    // UC-33: the optional ObjectNamesConfig noun is a 2024 feature only, with no Get and no OperationSet wrapper
    assert.ok(!pack('2013').knows(P('ObjectNamesConfig')) && !pack('2013').knows(W('ObjectNamesConfig')));
    for (const id of ['2024', '2024-ed2'] as const) {
      assert.ok(!pack(id).knows(W('GetObjectNamesConfig')) && !pack(id).knows('http://iec.ch/TC57/2015/ObjectNamesConfigOperationSetMessage'), id);
    }
  });

  test('draft-2011: www. envelope and wrappers, the draft profiles, the draft-only RequestMessage', () => {
    const d = pack('draft-2011');
    assert.ok(d.knows(DRAFT_MSG) && !d.knows(MSG));
    for (const noun of ['MeterReadings', 'EndDeviceEvents', 'EndDeviceControls', 'MeterReadSchedule']) {
      assert.ok(d.declares(`http://www.iec.ch/TC57/2011/${noun}Message`, `Created${noun}`), noun);
      assert.ok(d.knows(P(noun)));
    }
    assert.ok(d.declares('http://www.iec.ch/TC57/2011/MeterReadingsMessage', 'MeterReadingsRequestMessage'));
    assert.ok(d.declares('http://www.iec.ch/TC57/2011/EndDeviceControlsMessage', 'EndDeviceControlsRequestMessage'));
    assert.ok(!d.declares('http://www.iec.ch/TC57/2011/EndDeviceEventsMessage', 'EndDeviceEventsRequestMessage'));
  });

  test('the files are what src/schema/gen writes (no drift), and every file states its sources and assumptions', () => {
    for (const id of PACK_IDS) {
      assert.deepEqual(diffPack(id), { missing: [], changed: [], extra: [] }, `pack ${id} differs from the generator: run node --import tsx src/schema/gen/write.ts`);
      for (const f of pack(id).files) {
        if (!MANAGED_FOLDERS.some((m) => f.relPath.startsWith(`${m}/`))) continue; // folders of other modules (e.g. 2024/eumed)
        const doc = XmlDocument.fromString(fs.readFileSync(f.path, 'utf8'));
        try {
          const comment = doc.root.prev;
          assert.ok(comment && comment.content.includes('../shared/spec/'), `${id}/${f.relPath} lacks the provenance comment`);
          assert.ok(comment.content.includes('Assumptions'), `${id}/${f.relPath} does not state its assumptions`);
          const text = comment.content;
          const needs: [boolean, string][] = [
            [f.relPath === 'payloads/UsagePointLocationConfig.xsd', 'PAY-13'],
            [f.relPath === 'payloads/ComModuleConfig.xsd', 'PAY-15'],
            [f.relPath.startsWith('payloads/MeterReadSchedule'), 'PAY-09'],
            [f.relPath.startsWith('payloads/') && id.startsWith('2024'), 'PAY-03'],
            [f.relPath === 'payloads/MeterReadings.xsd', 'PAY-05'],
            [f.relPath === 'payloads/EndDeviceControls.xsd', 'PAY-08'],
            [f.relPath === 'payloads/GetEndDeviceEvents.xsd', 'PAY-07'],
            [f.relPath.startsWith('wrappers/') && !f.relPath.startsWith('wrappers/Get') && !f.relPath.includes('OperationSet'), 'ENV-08'],
            [id === '2024-ed2' && f.relPath.startsWith('payloads/'), 'ENV-02'],
            [f.relPath.includes('ObjectNamesConfig'), 'UC-33'],
            [f.relPath === 'payloads/ObjectNamesConfig.xsd', 'PAY-01'],
          ];
          for (const [applies, id_] of needs) if (applies) assert.ok(text.includes(id_), `${id}/${f.relPath} should name ${id_}`);
          if (f.relPath.startsWith('payloads/') && text.includes('proposed by the project')) assert.ok(text.includes('PAY-01'), `${id}/${f.relPath} should name PAY-01`);
        } finally {
          doc.dispose();
        }
      }
    }
  });

  test('no vendor extension (rows marked X in payloads.md) is declared', () => {
    const vendorAnywhere = ['LoadProfile', 'RegisterGroup', 'MeterStatusSource', 'Ping', 'PingResult', 'MeterStatus', 'MeterCustomAttributeSet', 'ConnectionAttributes', 'SecurityKeys', 'TimeSeriesCustomAttributeSet', 'SharedCommunicationSchedules', 'scheduleStrategy', 'EndDeviceControlAttribute', 'connectionMethod', 'dataSource', 'Zones', 'ReadingTypeMapping', 'CustomAttributeSet', 'ReplyMeterConfig'];
    const noSerial = ['MeterReadings', 'GetMeterReadings', 'EndDeviceEvents', 'GetEndDeviceEvents', 'EndDeviceControls'];
    for (const id of PACK_IDS) {
      const model = pack(id).model();
      for (const [key, t] of model.types) {
        if (t.kind !== 'complex' || !t.content) continue;
        const names: string[] = [];
        const walk = (p: NonNullable<typeof t.content>) => {
          if (p.kind === 'element') names.push(p.name);
          else if (p.kind !== 'any') p.particles.forEach(walk);
          else if (key.startsWith('{http://iec.ch/TC57/2011/') && key.includes('#}')) assert.fail(`${id}: wildcard in profile type ${key}`);
        };
        walk(t.content);
        for (const n of names) assert.ok(!vendorAnywhere.includes(n), `${id}: vendor element ${n} in ${key}`);
        if (noSerial.some((p) => key.startsWith(`{${P(p)}}`))) assert.ok(!names.includes('serialNumber'), `${id}: vendor serialNumber in ${key}`);
        if (key === `{${P('UsagePointConfig')}}UsagePoint`) assert.ok(!names.includes('status'), 'PAY-12: UsagePoint/status is a vendor extension');
        if (key === `{${P('MasterDataLinkageConfig')}}Meter`) assert.ok(!names.includes('role'));
        if (key === `{${MSG}}ObjectType`) assert.ok(!names.includes('serialNumber'));
      }
    }
  });

  test('element order and cardinality as the spec gives them (spot checks through the model)', () => {
    const model = pack('2013').model();
    const seq = (ns: string, type: string) => {
      const t = model.type({ ns, name: type });
      assert.ok(t?.kind === 'complex' && t.content?.kind === 'sequence', `${type}`);
      return t.content.particles.map((p) => (p.kind === 'element' ? `${p.name}${p.min === 0 ? '?' : ''}${p.max > 1 ? '*' : ''}` : p.kind === 'choice' ? `(${p.particles.map((x) => (x.kind === 'element' ? x.name : '')).join('|')})${p.min === 0 ? '?' : ''}${p.max > 1 ? '*' : ''}` : p.kind));
    };
    assert.deepEqual(seq(P('MeterReadings'), 'DateTimeInterval'), ['end?', 'start?']);
    assert.deepEqual(seq(P('MeterReadings'), 'NameType'), ['description?', 'name', 'NameTypeAuthority?']);
    assert.deepEqual(seq(MSG, 'NameType'), ['name', 'description?', 'NameTypeAuthority?']);
    assert.deepEqual(seq(P('MeterReadings'), 'ReadingQualityType'), ['mRID?', 'category?', 'subCategory?', 'systemId?', 'Names*']);
    assert.deepEqual(seq(P('EndDeviceEvents'), 'EndDeviceEvent').slice(0, 3), ['mRID?', 'createdDateTime', 'issuerID?']);
    assert.deepEqual(seq(P('EndDeviceControls'), 'EndDeviceControl').slice(6, 9), ['reason?', '(PanDemandResponse|PanDisplay|PanPricing)?', 'EndDeviceControlType']);
    assert.deepEqual(seq(P('EndDeviceControls'), 'PanDisplay'), ['command?', 'confirmationRequired?', 'duration?', 'durationIndefinite?', 'priority?', 'startDateTime?', 'textMessage?', 'transmissionMode?']);
    assert.deepEqual(seq(P('MeterConfig'), 'Meter').slice(12, 16), ['ActivityRecords?*', 'ConfigurationEvents?', 'electronicAddress?', '(ComFunction|ConnectDisconnectFunction|SimpleEndDeviceFunction)?*']);
    assert.deepEqual(seq(P('MasterDataLinkageConfig'), 'MasterDataLinkageConfig').slice(1, 4), ['ComModule?*', 'ConfigurationEvent?', 'Customer?*']);
    assert.deepEqual(seq(P('MeterReadSchedule'), 'EndDevice'), ['mRID', 'Names?*']);
    assert.deepEqual(seq(P('UsagePointConfig'), 'MetrologyRequirement'), ['mRID?', 'reason?', 'Names?*', 'ReadingTypes*']);
    // the draft (PAY-08): the EndDeviceAction base elements first; value is xs:float (PAY-05)
    const draft = pack('draft-2011').model();
    const dt = draft.type({ ns: P('EndDeviceControls'), name: 'PanDisplay' });
    assert.ok(dt?.kind === 'complex' && dt.content?.kind === 'sequence');
    assert.deepEqual(dt.content.particles.slice(0, 5).map((p) => (p.kind === 'element' ? p.name : '')), ['command', 'duration', 'durationIndefinite', 'startDateTime', 'confirmationRequired']);
    const reading = draft.type({ ns: P('MeterReadings'), name: 'Reading' });
    assert.ok(reading?.kind === 'complex' && reading.content?.kind === 'sequence');
    const value = reading.content.particles.find((p) => p.kind === 'element' && p.name === 'value');
    assert.equal(value?.kind === 'element' ? value.type?.name : '', 'float');
  });

  test('2024-ed2 (ENV-02 option): every profile root is in the AbstractPayload substitution group', () => {
    const model = pack('2024-ed2').model();
    const head = model.element({ ns: ED2, name: 'AbstractPayload' });
    assert.ok(head?.abstract);
    const members = model.candidates({ ns: ED2, name: 'AbstractPayload' }).map((d) => d.name).sort();
    assert.deepEqual(members, [...PROFILES_2024].sort());
    assert.ok(!pack('2024').knows(ED2), 'the default 2024 pack keeps the ed.1 form (ENV-02 off)');
    // the same messages validate in both 2024 packs (the wrappers reference the roots either way)
    const s = sampleMessages('2024').find((x) => x.label === 'CreateMeterConfig')!;
    assert.deepEqual(pack('2024-ed2').validate(xml(s.tree)), []);
  });
});

// -------------------------------------------------------------------------------------------------

describe('the profile selects the pack; findings name the pack and its digest', () => {
  test('loadProfilePack: edition, ENV-02, unknown edition', () => {
    assert.equal(loadProfilePack({ edition: '2013' }).name, '2013');
    assert.equal(loadProfilePack({ edition: '2024' }).digest, pack('2024').digest);
    assert.equal(loadProfilePack({ edition: '2024', assumptions: { 'ENV-02': 'on' } }).name, '2024-ed2');
    assert.equal(loadProfilePack({ edition: 'draft-2011' }).name, 'draft-2011');
    assert.throws(() => loadProfilePack({ edition: '2009' }), SchemaPackError);
  });

  test('every finding carries the pack name and digest; validateMessage lists the files used', () => {
    const s = sampleMessages('2013').find((x) => x.label === 'CreatedEndDeviceEvents')!;
    const bad = { ...s.tree, name: 'CreatedMeterReadingz' };
    const fs_ = pack('2013').validate(xml(bad));
    assert.ok(fs_.length > 0);
    for (const f of fs_) {
      assert.equal(f.pack, '2013');
      assert.equal(f.packDigest, pack('2013').digest);
    }
    const r = pack('2013').validateMessage(xml(s.tree));
    assert.equal(r.valid, true);
    assert.deepEqual(r.pack, { name: '2013', digest: pack('2013').digest });
    assert.deepEqual(r.sources.map((x) => x.namespace), [P('EndDeviceEvents'), W('EndDeviceEvents'), MSG]);
    assert.ok(r.sources.every((x) => x.origin === 'own' && x.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))));
    const d = pack('2013').describe();
    assert.equal(d.name, '2013');
    assert.equal(d.layers.length, 1);
    assert.equal(d.layers[0].origin, 'own');
    assert.equal(d.namespaces.length, pack('2013').namespaces.length);
  });
});

// -------------------------------------------------------------------------------------------------

describe('ENV-01: messages of another generation get a finding naming both namespaces', () => {
  const created = () => sampleMessages('2013').find((x) => x.label === 'CreatedEndDeviceEvents')!.tree;

  test('a draft (www.) message against the 2013 pack, and a 2013 message against the draft pack', () => {
    const draftMsg = toDraftNamespaces(created());
    for (const doc of [draftMsg, soapEnvelope(draftMsg, '1.1')]) {
      const f = errors(pack('2013').validate(xml(doc)))[0];
      assert.ok(f, 'rejected');
      assert.match(f.message, /2011 draft generation/);
      assert.ok(f.message.includes(`'http://www.iec.ch/TC57/2011/EndDeviceEventsMessage'`) && f.message.includes(`'${W('EndDeviceEvents')}'`), f.message);
      assert.equal(f.assumptions?.['ENV-01'], '2013');
    }
    const f = errors(pack('draft-2011').validate(xml(created())))[0];
    assert.match(f.message, /IEC 61968-100 ed\.1 \(2013\) generation/);
    assert.ok(f.message.includes(`expects 'http://www.iec.ch/TC57/2011/EndDeviceEventsMessage'`), f.message);
  });

  test('draft header children inside a 2013 wrapper: both message namespaces are named', () => {
    const tree = created();
    const mixed: XElement = {
      ...tree,
      children: (tree.children ?? []).map((c) => (c && c.name === 'Header' ? { ...c, children: (c.children ?? []).map((h) => h && { ...h, ns: DRAFT_MSG }) } : c)),
    };
    const f = errors(pack('2013').validate(xml(mixed))).find((x) => x.message.includes('Verb'));
    assert.ok(f, show(pack('2013').validate(xml(mixed))));
    assert.ok(f.message.includes(DRAFT_MSG) && f.message.includes(`expects '${MSG}'`), f.message);
    assert.equal(f.assumptions?.['ENV-01'], '2013');
  });

  test('a 2017 wrapper and an ed.2 envelope', () => {
    const tree = created();
    const w2017 = { ...tree, ns: 'http://iec.ch/TC57/2017/EndDeviceEventsMessage' };
    const f = errors(pack('2013').validate(xml(w2017)))[0];
    assert.match(f.message, /2017 wrapper generation/);
    assert.ok(f.message.includes(`expects '${W('EndDeviceEvents')}'`), f.message);
    const ed2: XElement = { ns: ED2, name: 'RequestMessage', children: [{ ns: ED2, name: 'Header' }] };
    const g = errors(pack('2013').validate(xml(ed2)))[0];
    assert.match(g.message, /ed\.2 \(2022\) envelope/);
    assert.ok(g.message.includes(`expects '${MSG}'`), g.message);
    // the ed.2 pack knows the namespace (AbstractPayload) but declares no envelope element in it
    const h = errors(pack('2024-ed2').validate(xml(ed2)))[0];
    assert.match(h.message, /not declared by schema pack '2024-ed2'/);
    assert.ok(h.message.includes('AbstractPayload'), h.message);
    assert.equal(counterpartNamespace('http://iec.ch/TC57/2015/MeterConfigMessage', [W('MeterConfig'), MSG]), W('MeterConfig'));
    assert.equal(counterpartNamespace('urn:x', [MSG]), undefined);
  });

  test('draft verbs: accepted by the draft pack, rejected by 2013 (ENV-10)', () => {
    const draftSample = sampleMessages('draft-2011').find((x) => x.label === 'CreateMeterReadings')!.tree;
    const withVerb = (t: XElement, verb: string): XElement => ({
      ...t,
      children: (t.children ?? []).map((c) => (c && c.name === 'Header' ? { ...c, children: (c.children ?? []).map((h) => (h && h.name === 'Verb' ? { ...h, text: verb } : h)) } : c)),
    });
    assert.deepEqual(pack('draft-2011').validate(xml(withVerb(draftSample, 'subscribe'))), []);
    assert.ok(errors(pack('draft-2011').validate(xml(withVerb(draftSample, 'executed')))).length > 0, 'executed is not a draft verb');
    const finalSample = sampleMessages('2013').find((x) => x.label === 'CreateMeterReadings')!.tree;
    assert.ok(errors(pack('2013').validate(xml(withVerb(finalSample, 'subscribe')))).length > 0);
  });
});

// -------------------------------------------------------------------------------------------------

/** a user's schema folder: the own MeterReadings.xsd with one extra required element, edited through the DOM */
function userFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cim9-user-xsd-'));
  tmpDirs.push(dir);
  const doc = XmlDocument.fromString(fs.readFileSync(path.join(defaultPackDir('2013'), 'payloads', 'MeterReadings.xsd'), 'utf8'));
  try {
    const xs = 'http://www.w3.org/2001/XMLSchema';
    const kids = (e: XmlElement) => {
      const out: XmlElement[] = [];
      for (let c = e.firstChild; c; c = c.next) if (c instanceof XmlElement && c.namespaceUri === xs) out.push(c);
      return out;
    };
    const meterReading = kids(doc.root).find((e) => e.name === 'complexType' && e.attr('name')?.value === 'MeterReading')!;
    const seq = kids(meterReading).find((e) => e.name === 'sequence')!;
    const extra = kids(seq)[0].prependElement('element', 'xs');
    extra.setAttr('name', 'vendorMeterReadingId');
    extra.setAttr('type', 'xs:string');
    fs.mkdirSync(path.join(dir, 'official'));
    fs.writeFileSync(path.join(dir, 'official', 'MeterReadings-v3.xsd'), doc.toString({ format: true }));
  } finally {
    doc.dispose();
  }
  return dir;
}

describe("a folder of the user's XSDs overrides the own pack per namespace", () => {
  test('the user file is used for its namespace, the own pack for the rest; the run reports which', () => {
    const dir = userFolder();
    const user = loadSchemaPack(dir, { base: defaultPackDir('2013'), cache: false });
    try {
      const created = sampleMessages('2013').find((x) => x.label === 'CreatedMeterReadings')!.tree;
      // the own pack accepts the message; the user's profile requires vendorMeterReadingId
      assert.deepEqual(pack('2013').validate(xml(created)), []);
      const fs_ = errors(user.validate(xml(created), { label: 'user' }));
      assert.ok(fs_.some((f) => f.message.includes('vendorMeterReadingId')), show(fs_));
      assert.ok(fs_.every((f) => f.pack === path.basename(dir) && f.packDigest === user.digest));
      // with the element the message is valid again under the user's schema (and invalid under the own one)
      const withExtra = normalizeTree(created);
      const kid = (e: XElement, i: number) => (e.children ?? []).filter((c): c is XElement => !!c)[i];
      const mr = kid(kid(kid(withExtra, 1), 0), 0);
      assert.equal(mr.name, 'MeterReading');
      mr.children = [{ ns: P('MeterReadings'), name: 'vendorMeterReadingId', text: 'V-1' }, ...(mr.children ?? [])];
      const r = user.validateMessage(xml(withExtra));
      assert.equal(r.valid, true, show(r.findings));
      assert.ok(errors(pack('2013').validate(xml(withExtra))).length > 0);
      const src = Object.fromEntries(r.sources.map((s) => [s.namespace, s]));
      assert.equal(src[P('MeterReadings')].origin, 'user');
      assert.equal(src[P('MeterReadings')].files[0].relPath, 'official/MeterReadings-v3.xsd');
      assert.equal(src[W('MeterReadings')].origin, 'own');
      assert.equal(src[MSG].origin, 'own');
      const d = user.describe();
      assert.deepEqual(d.layers.map((l) => l.origin), ['user', 'own']);
      assert.deepEqual(d.layers[0].namespaces, [P('MeterReadings')]);
      assert.equal(d.namespaces.find((n) => n.namespace === P('MeterReadings'))!.files[0].sha256, user.sourceOf(P('MeterReadings'))!.files[0].sha256);
      assert.notEqual(user.digest, pack('2013').digest);
      // the other profiles still come from the own pack
      assert.deepEqual(user.validate(xml(sampleMessages('2013').find((x) => x.label === 'CreateMeterConfig')!.tree)), []);
    } finally {
      user.dispose();
    }
    // the same through a test profile
    const viaProfile = loadProfilePack({ edition: '2013', schemas: dir });
    assert.equal(viaProfile.layers[0].origin, 'user');
    assert.equal(viaProfile.sourceOf(P('MeterReadings'))?.origin, 'user');
  });

  test("a user file's import of a namespace only the base provides resolves to the base; an import nobody provides is an error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cim9-user-xsd-'));
    tmpDirs.push(dir);
    const tns = 'urn:vendor:extension';
    /** a vendor schema importing a namespace from a location that is not in the user's folder (libxml2 DOM) */
    const schema = (importNs: string): string => {
      const doc = XmlDocument.create();
      try {
        const xs = 'http://www.w3.org/2001/XMLSchema';
        const root = doc.createRoot('schema', xs, 'xs');
        root.addNsDeclaration(importNs, 'm');
        root.setAttr('targetNamespace', tns);
        root.setAttr('elementFormDefault', 'qualified');
        const imp = root.addElement('import', 'xs');
        imp.setAttr('namespace', importNs);
        imp.setAttr('schemaLocation', '../message/Message.xsd');
        const e = root.addElement('element', 'xs');
        e.setAttr('name', 'VendorHeader');
        e.setAttr('type', importNs === MSG ? 'm:HeaderType' : 'xs:string');
        return doc.toString({ format: true });
      } finally {
        doc.dispose();
      }
    };
    fs.writeFileSync(path.join(dir, 'vendor.xsd'), schema(MSG));
    const p = loadSchemaPack(dir, { base: defaultPackDir('2013'), cache: false });
    try {
      assert.ok(p.knows(tns) && p.knows(MSG));
      assert.equal(p.sourceOf(MSG)?.origin, 'own');
    } finally {
      p.dispose();
    }
    fs.writeFileSync(path.join(dir, 'vendor.xsd'), schema('urn:nobody'));
    assert.throws(() => loadSchemaPack(dir, { base: defaultPackDir('2013'), cache: false }), /does not resolve/);
  });
});

// -------------------------------------------------------------------------------------------------

describe('cim9 schemas list|check', () => {
  const run = async (action: string | undefined, o: Record<string, unknown> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await schemasCommand(action, { ...o, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('check passes for every pack; list shows namespaces and files with sha256', async () => {
    const c = await run('check');
    assert.equal(c.code, 0, c.out);
    for (const id of PACK_IDS) assert.match(c.out, new RegExp(`pack ${id}: ok`));
    const l = await run('list', { edition: '2024' });
    assert.equal(l.code, 0);
    assert.match(l.out, /http:\/\/iec\.ch\/TC57\/2011\/MeterReadSchedules#  \[own: 2024\]/);
    assert.match(l.out, /payloads\/MeterReadSchedules\.xsd  sha256 [0-9a-f]{64}/);
    const j = await run('list', { edition: '2013', json: true });
    const parsed = JSON.parse(j.out) as { name: string; namespaces: unknown[] }[];
    assert.equal(parsed[0].name, '2013');
    assert.equal(parsed[0].namespaces.length, pack('2013').namespaces.length);
  });

  test('--dir overlays a user folder; problems exit 1; usage errors exit 2', async () => {
    const dir = userFolder();
    const c = await run('check', { dir, edition: '2024' });
    assert.equal(c.code, 0, c.out);
    assert.match(c.out, /1 from the user folder/);
    const l = await run('list', { dir });
    assert.match(l.out, /MeterReadings#  \[user: /);
    assert.match(l.out, /official\/MeterReadings-v3\.xsd  sha256 [0-9a-f]{64}/);
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'cim9-user-xsd-'));
    tmpDirs.push(broken);
    fs.writeFileSync(path.join(broken, 'b.xsd'), serializeXml({ ns: 'http://www.w3.org/2001/XMLSchema', name: 'schema', attrs: { targetNamespace: 'urn:broken' }, children: [{ ns: 'http://www.w3.org/2001/XMLSchema', name: 'element', attrs: { name: 'X', type: 'xs:nope' } }] }, { prefixes: { 'http://www.w3.org/2001/XMLSchema': 'xs' } }));
    const b = await run('check', { dir: broken });
    assert.equal(b.code, 1);
    assert.match(b.out, /PROBLEM[\s\S]*b\.xsd:\d+: .*nope/);
    assert.equal((await run('bogus')).code, 2);
    assert.equal((await run(undefined)).code, 2);
    assert.equal((await run('list', { edition: '1999' })).code, 2);
    assert.equal((await run('check', { dir: path.join(broken, 'missing') })).code, 2);
  });
});

// -------------------------------------------------------------------------------------------------

describe('every message the builders produce validates in both editions', () => {
  const kinds: [string, Message][] = [
    ['get(MeterReadings)', getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-1001'], ['0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0'], { start: '2024-03-01T00:00:00Z', end: '2024-03-02T00:00:00Z' })],
    ['get(EndDeviceEvents)', getEndDeviceEventsMessage(header('get', 'EndDeviceEvents'), ['M-1001'])],
    ['created(EndDeviceEvents)', eventsMessage(header('created', 'EndDeviceEvents'), [{ mRID: 'M-1001', usagePoint: 'UP-1001' }], '3.26.0.85')],
    ['delete(MeterReadings)', meterReadingsRequest(header('delete', 'MeterReadings'), 'M-1001')],
    ['reply FAILED', { kind: 'response', header: header('reply', 'MeterReadings'), reply: { result: 'FAILED', errors: [{ code: '2.4', level: 'FATAL', reason: 'unknown', id: { value: 'X', kind: 'name', objectType: 'EndDevice' } }] } }],
    ['fault', { kind: 'fault', noun: 'MeterReadings', reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL' }] } }],
    ['generic fault', { kind: 'fault', noun: 'MeterReadings', form: 'generic', reply: { result: 'FAILED', errors: [{ code: '1.8' }] } }],
  ];
  for (const ed of ['2013', '2024'] as const) {
    test(`suite requests and replies (src/usecases, src/message) — ${ed}`, () => {
      for (const [name, m] of kinds) {
        for (const v of ['1.1', '1.2'] as const) assert.deepEqual(pack(ed).validate(toSoap(m, v).xml, { label: name }).map(formatFinding), [], `${name} SOAP ${v}`);
      }
      // the deliberately defective request stays invalid
      const bad = withUndeclaredQueryElement(kinds[0][1]);
      assert.ok(errors(pack(ed).validate(toSoap(bad, '1.1').xml)).length > 0);
    });
  }
});

// -------------------------------------------------------------------------------------------------

describe('ObjectNamesConfig (UC-33): the proposed profile and its noun wrapper in the 2024 packs', () => {
  const ONC = P('ObjectNamesConfig');
  const renamed = (): XElement =>
    buildObjectNamesConfig([
      { mRID: 'M-1001', names: [{ name: 'RENAMED-M-1001', nameType: { name: 'MeterNumber' } }] },
      {
        mRID: 'UP-1001',
        names: [
          { name: 'UP North 1', nameType: { name: 'UsagePointName', description: 'name shown to operators', authority: { name: 'DSO', description: 'the grid operator' } } },
          { name: 'UPN-1' },
        ],
      },
    ]);
  /** the messages of the J.2.34 exchange (and the other forms a SUT may use), built by the suite's builders */
  const exchange = (root: XElement): [string, Message][] => [
    ['ChangeObjectNamesConfig', { kind: 'request', header: header('change', 'ObjectNamesConfig'), payload: { root } }],
    ['ChangeObjectNamesConfig (async)', { kind: 'request', header: { ...header('change', 'ObjectNamesConfig'), asyncReplyFlag: true, replyAddress: 'http://127.0.0.1:9/replies' }, payload: { root } }],
    ['ObjectNamesConfigResponseMessage (acknowledgement)', { kind: 'response', header: header('reply', 'ObjectNamesConfig'), reply: { result: 'OK', errors: [{ code: '0.3', level: 'INFORM', reason: 'accepted' }] } }],
    ['ObjectNamesConfigResponseMessage (result)', { kind: 'response', header: header('reply', 'ObjectNamesConfig'), reply: { result: 'OK', ids: [{ value: 'M-1001', objectType: 'Meter' }] }, payload: { root } }],
    ['ChangedObjectNamesConfig', { kind: 'event', header: header('changed', 'ObjectNamesConfig'), payload: { root } }],
    ['ObjectNamesConfigFaultMessage', { kind: 'fault', noun: 'ObjectNamesConfig', reply: { result: 'FAILED', errors: [{ code: '2.29', level: 'FATAL' }] } }],
    ['generic RequestMessage(ObjectNamesConfig)', { kind: 'request', form: 'generic', header: header('change', 'ObjectNamesConfig'), payload: { root } }],
  ];
  const change = (root: XElement): string => toSoap(exchange(root)[0][1], '1.1').xml;
  /** the payload root with each IdentifiedObject edited */
  const editObjects = (edit: (kids: XElement[]) => XElement[]): XElement => {
    const r = renamed();
    return { ...r, children: (r.children ?? []).map((o) => o && { ...o, children: edit((o.children ?? []).filter((c): c is XElement => !!c)) }) };
  };
  const errorAt = (fs_: Finding[], where: RegExp, what?: RegExp): Finding => {
    const f = errors(fs_).find((x) => where.test(x.xpath ?? '') && (!what || what.test(x.message)));
    assert.ok(f, `no error at ${where}${what ? ` saying ${what}` : ''}:\n${show(fs_)}`);
    return f;
  };

  test('every message of the exchange built by the suite validates in 2024 and 2024-ed2, SOAP 1.1 and 1.2', () => {
    for (const id of ['2024', '2024-ed2'] as const) {
      for (const [label, m] of exchange(renamed())) {
        for (const v of ['1.1', '1.2'] as const) assert.deepEqual(pack(id).validate(toSoap(m, v).xml, { label }).map(formatFinding), [], `${id} ${label} SOAP ${v}`);
      }
    }
    const r = pack('2024').validateMessage(change(renamed()));
    assert.equal(r.valid, true);
    const files = Object.fromEntries(r.sources.map((x) => [x.namespace, x.files.map((f) => f.relPath)]));
    assert.deepEqual(files[ONC], ['payloads/ObjectNamesConfig.xsd']);
    assert.deepEqual(files[W('ObjectNamesConfig')], ['wrappers/ObjectNamesConfigMessage.xsd']);
    assert.ok(r.sources.every((x) => x.origin === 'own'));
  });

  test('the structure: IdentifiedObject 0..* of mRID 1..1 and Names 1..*, Name types as payloads.md §0.4, lenient order (PAY-01)', () => {
    for (const id of ['2024', '2024-ed2'] as const) {
      const model = pack(id).model();
      const seq = (type: string) => {
        const t = model.type({ ns: ONC, name: type });
        assert.ok(t?.kind === 'complex' && t.content?.kind === 'sequence', type);
        // 2024-ed2: the root type extends AbstractPayloadType (a sequence of the base's and its own sequence)
        const flat = (ps: Particle[]): Particle[] => ps.flatMap((x) => (x.kind === 'sequence' ? flat(x.particles) : [x]));
        return flat(t.content.particles).map((x) => (x.kind === 'element' ? `${x.name}${x.min === 0 ? '?' : ''}${x.max > 1 ? '*' : ''}` : x.kind));
      };
      assert.deepEqual(seq('ObjectNamesConfig'), ['IdentifiedObject?*']);
      assert.deepEqual(seq('IdentifiedObject'), ['mRID', 'Names*']);
      assert.deepEqual(seq('Name'), ['name', 'NameType?']);
      assert.deepEqual(seq('NameType'), ['description?', 'name', 'NameTypeAuthority?']);
      assert.deepEqual(seq('NameTypeAuthority'), ['description?', 'name']);
      assert.deepEqual(model.lenientOrder.get(ONC), ['PAY-01']);
      for (const el of ['ChangeObjectNamesConfig', 'ChangedObjectNamesConfig', 'ObjectNamesConfigResponseMessage', 'ObjectNamesConfigFaultMessage']) assert.ok(pack(id).declares(W('ObjectNamesConfig'), el), `${id}: ${el}`);
    }
  });

  test('defective messages are rejected: required element removed, wrong namespace, unknown element', () => {
    const p24 = pack('2024');
    // mRID removed: the object cannot be found (UC-33: mRID 1..1)
    errorAt(p24.validate(change(editObjects((k) => k.filter((c) => c.name !== 'mRID')))), /IdentifiedObject\[1\](\/\w+:Names\[1\])?$/, /mRID/);
    // the new names removed: a rename without a name (UC-33: Names 1..*)
    errorAt(p24.validate(change(editObjects((k) => k.filter((c) => c.name !== 'Names')))), /IdentifiedObject\[1\]$/, /Names/);
    // Names/name removed (payloads.md §0.4: name 1..1)
    const noName = editObjects((k) => k.map((c) => (c.name === 'Names' ? { ...c, children: (c.children ?? []).filter((x) => x && x.name !== 'name') } : c)));
    errorAt(p24.validate(change(noName)), /Names\[\d\](\/\w+:NameType\[1\])?$/, /\}name \)/);
    // NameType/name removed
    const noTypeName = editObjects((k) => k.map((c) => (c.name === 'Names' ? { ...c, children: (c.children ?? []).map((x) => (x && x.name === 'NameType' ? { ...x, children: (x.children ?? []).filter((y) => y && y.name !== 'name') } : x)) } : c)));
    errorAt(p24.validate(change(noTypeName)), /NameType\[1\]$/);
    // the payload root in another profile's namespace, and in no known namespace
    const moved = (r: XElement, ns: string): XElement => ({ ...r, ns, children: (r.children ?? []).map((o) => o && { ...o, ns, children: (o.children ?? []).map((c) => c && { ...c, ns }) }) });
    errorAt(p24.validate(change(moved(renamed(), P('MeterConfig')))), /Payload\[1\]/);
    const foreign = p24.validate(change({ ...renamed(), ns: 'urn:example:names' }));
    assert.ok(errors(foreign).length > 0, show(foreign));
    // one child in the wrapper namespace
    errorAt(p24.validate(change(editObjects((k) => k.map((c) => (c.name === 'mRID' ? { ...c, ns: W('ObjectNamesConfig') } : c))))), /IdentifiedObject\[1\]/);
    // an element the proposed profile does not have (the class is not stated, UC-33)
    errorAt(p24.validate(change(editObjects((k) => [...k, { ns: ONC, name: 'objectType', text: 'Meter' }]))), /IdentifiedObject\[1\]/);
    // the generic form validates the payload against the profile too (ENV-05)
    const generic = toSoap({ ...exchange(renamed())[6][1], payload: { root: editObjects((k) => k.filter((c) => c.name !== 'mRID')) } }, '1.1').xml;
    errorAt(p24.validate(generic), /IdentifiedObject\[1\](\/\w+:Names\[1\])?$/, /mRID/);
  });

  test('Names before mRID is only an order violation: a warning under PAY-01 lenient, an error under strict', () => {
    const swapped = change(editObjects((k) => [...k.filter((c) => c.name !== 'mRID'), ...k.filter((c) => c.name === 'mRID')]));
    const lenient = pack('2024').validate(swapped);
    assert.ok(lenient.length > 0 && lenient.every((f) => f.severity === 'warning'), show(lenient));
    assert.equal(lenient[0].assumptions?.['PAY-01'], 'lenient');
    const strict = pack('2024').validate(swapped, { assumptions: { 'PAY-01': 'strict' } });
    assert.ok(errors(strict).some((f) => f.assumptions?.['PAY-01'] === 'strict'), show(strict));
  });

  test('the 2013 pack does not know the noun: a short finding naming the namespace, its generation and the closest namespaces', () => {
    const f = errors(pack('2013').validate(change(renamed())))[0];
    assert.ok(f, 'rejected');
    assert.ok(f.message.includes(`namespace '${W('ObjectNamesConfig')}'`), f.message);
    assert.match(f.message, /IEC 61968-100 ed\.1 \(2013\) generation/);
    const listed = f.message.slice(f.message.indexOf('Closest namespaces the pack knows:')).match(/'[^']+'/g) ?? [];
    assert.ok(listed.length >= 1 && listed.length <= 5, f.message);
    assert.ok(listed.every((n) => /Config/.test(n)), `the closest share the word Config: ${f.message}`);
    assert.match(f.message, / \.\.\. and \d+ more \(cim9 schemas list\)$/);
    assert.ok(f.message.length < 700, `${f.message.length} characters: ${f.message}`);
  });
});

// -------------------------------------------------------------------------------------------------

describe('cross-check against the independent public Message.xsd (../shared/reference)', () => {
  const refDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'iec61968-100-message');
  const present = fs.existsSync(path.join(refDir, 'Message.xsd'));

  /** what the reference SUT answers and publishes for the suite's requests (no network: simulator's answer()) */
  async function simulatorOutputs(): Promise<{ label: string; xml: string }[]> {
    const { answer } = await import('../simulator/server.ts');
    const { createContext } = await import('../simulator/context.ts');
    const { Store } = await import('../simulator/store.ts');
    const out: { label: string; xml: string }[] = [];
    const ctx = createContext({
      store: new Store([{ mRID: 'M-1001', usagePoint: 'UP-1001' }, { mRID: 'M-1002', usagePoint: 'UP-1002' }]),
      pack: pack('2013'),
      roles: ['MDM', 'HES'],
      faults: [],
      subscribers: { OMS: 'http://127.0.0.1:9/oms' },
      soapVersion: '1.1',
      asyncDelayMs: 1,
      asyncDeadlineMs: 1000,
      log: () => {},
      pending: new Set(),
      timers: new Set(),
    });
    ctx.publish = (_url, msg, version) => out.push({ label: `published ${msg.header?.verb}(${msg.header?.noun})`, xml: toSoap(msg, version).xml });
    ctx.publishLater = ctx.publish;
    const ask = (role: 'MDM' | 'HES', label: string, body: string) => out.push({ label: `${role} answer to ${label}`, xml: answer(role, Buffer.from(body), ctx).xml });
    const async = { ...header('get', 'MeterReadings'), asyncReplyFlag: true, replyAddress: 'http://127.0.0.1:9/reply' };
    ask('MDM', 'get(MeterReadings)', toSoap(kinds()[0], '1.1').xml);
    ask('MDM', 'get(MeterReadings) unknown meter', toSoap(getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-1001', 'NOPE'], []), '1.2').xml);
    ask('MDM', 'get(MeterReadings) async', toSoap(getMeterReadingsMessage(async, ['M-1002'], [], { start: '2024-03-01T00:00:00Z', end: '2024-03-01T02:00:00Z' }), '1.1').xml);
    ask('MDM', 'created(EndDeviceEvents)', toSoap(eventsMessage(header('created', 'EndDeviceEvents'), [{ mRID: 'M-1001', usagePoint: 'UP-1001' }], '3.26.0.85'), '1.1').xml);
    ask('MDM', 'schema-invalid get', toSoap(withUndeclaredQueryElement(kinds()[0]), '1.1').xml);
    ask('HES', 'unsupported noun', toSoap({ kind: 'request', header: header('create', 'MeterReadSchedule'), payload: { root: samplePayload('MeterReadSchedule', '2013') } }, '1.1').xml);
    ask('MDM', 'not XML', 'this is not XML');
    for (const s of sampleMessages('2013').filter((x) => x.label.startsWith('Create') && x.label.endsWith('Config'))) ask('MDM', s.label, xml(soapEnvelope(s.tree, '1.1')));
    await new Promise((r) => setTimeout(r, 30));
    return out;
  }
  const kinds = (): Message[] => [getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-1001'], [])];

  test('every envelope of the builders (all kinds) and of the simulator is valid against the reference Message.xsd too', async (t) => {
    if (!present) {
      t.skip(`reference folder ${refDir} is absent: cross-check NOT run`);
      return;
    }
    t.diagnostic(`reference folder present: ${refDir} — cross-check runs`);
    // the third-party file is loaded at run time only: it replaces the own message namespace, the own
    // wrappers and profiles stay (the user-folder override mechanism)
    const refs = new Map(
      (['2013', '2024'] as const).map((ed) => [ed, loadSchemaPack(refDir, { base: defaultPackDir(ed), cache: false, name: `reference FDIS Message.xsd + own ${ed} wrappers` })]),
    );
    const ref = refs.get('2013')!;
    try {
      assert.equal(ref.sourceOf(MSG)?.origin, 'user');
      const messages: { label: string; xml: string; edition?: '2024' }[] = [];
      for (const ed of ['2013', '2024'] as SampleEdition[]) {
        for (const s of sampleMessages(ed)) {
          if (ed === '2024' && !s.noun.startsWith('MeterReadSchedules')) continue; // the rest is the same as 2013
          messages.push({ label: `${ed} ${s.label}`, xml: xml(s.tree), edition: ed === '2024' ? ed : undefined });
        }
      }
      for (const s of sampleMessages('2013')) if (s.kind !== 'request' || !s.label.startsWith('Get')) messages.push({ label: `SOAP 1.2 ${s.label}`, xml: xml(soapEnvelope(s.tree, '1.2')) });
      const sim = await simulatorOutputs();
      assert.ok(sim.length >= 12, `${sim.length} simulator outputs`);
      messages.push(...sim);
      const generic: Message[] = [
        { kind: 'request', form: 'generic', header: header('create', 'MeterReadings'), payload: { root: samplePayload('MeterReadings', '2013') } },
        { kind: 'response', form: 'generic', header: header('reply', 'MeterReadings'), reply: { result: 'OK', ids: [{ value: 'a', kind: 'uuid' }] } },
        { kind: 'event', form: 'generic', header: header('created', 'EndDeviceEvents') },
        { kind: 'fault', form: 'generic', noun: 'x', reply: { result: 'FAILED', errors: [{ code: '1.8', relatedId: { value: 'r', kind: 'other' } }] } },
      ];
      for (const m of generic) messages.push({ label: `generic ${m.kind}`, xml: serializeXml(buildEnvelope(m), { prefixes: PREFIXES }) });
      let n = 0;
      for (const m of messages) {
        const own = pack(m.edition ?? '2013').validate(m.xml, { label: m.label });
        const theirs = refs.get(m.edition ?? '2013')!.validate(m.xml, { label: m.label });
        assert.deepEqual(own.map(formatFinding), [], `own pack: ${m.label}`);
        assert.deepEqual(theirs.map(formatFinding), [], `reference Message.xsd: ${m.label}`);
        n++;
      }
      t.diagnostic(`${n} messages valid against the project pack and against the reference Message.xsd (${sim.length} from the simulator)`);
    } finally {
      for (const r of refs.values()) r.dispose();
    }
  });

  test('the cross-check says when the reference folder is absent', (t) => {
    t.diagnostic(present ? `reference folder present (${refDir})` : `reference folder ABSENT (${refDir}): the cross-check above was skipped`);
    assert.ok(true);
  });
});
