/**
 * Schema-driven negative generation (src/negative): every invalid variant generated from the valid base
 * messages of each pack is rejected by schema validation, with a finding at the changed element or its
 * parent.
 * Run: node --import tsx --test test/negative.test.ts
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack, type PackId, type SchemaPack } from '../src/schema/index.ts';
import { formatFinding, type Finding } from '../src/checks/finding.ts';
import { parseXml, serializeXml, type XNode } from '../src/xml/index.ts';
import { PREFIXES } from '../src/message/soap.ts';
import { buildEnvelope, newMessageId, nowTimestamp, type Message } from '../src/message/index.ts';
import { buildObjectNamesConfig } from '../src/payloads/masterdata/objectNamesConfig.ts';
import {
  applyMutation,
  distinctSites,
  elementAt,
  invalidEnumValue,
  invalidLexical,
  mutations,
  mutationSites,
  MUTATION_KINDS,
  sampleMessages,
  type Mutation,
  type SampleEdition,
  type TreePath,
} from '../src/negative/index.ts';

after(() => clearSchemaPackCache());

const PACKS: [PackId, SampleEdition][] = [
  ['2013', '2013'],
  ['2024', '2024'],
  ['2024-ed2', '2024'],
  ['draft-2011', 'draft-2011'],
];

const packs = new Map<PackId, SchemaPack>(PACKS.map(([id]) => [id, loadSchemaPack(defaultPackDir(id))]));

const xmlOf = (m: { tree: Parameters<typeof serializeXml>[0] }) => serializeXml(m.tree, { prefixes: PREFIXES });

function nodeAt(root: XNode, path: TreePath): XNode | undefined {
  let cur: XNode | undefined = root;
  for (const i of path) cur = cur?.children[i];
  return cur;
}

/** the mutant is rejected, with an error at one of the expected elements; returns the finding */
function assertRejected(pack: SchemaPack, m: Mutation, label: string): Finding {
  const text = xmlOf(m);
  const findings = pack.validate(text, { label });
  const errors = findings.filter((f) => f.severity === 'error');
  const show = () => `${label}: ${m.description}\n${findings.map(formatFinding).join('\n') || '(no finding)'}`;
  assert.ok(errors.length > 0, `not rejected — ${show()}`);
  const parsed = parseXml(text);
  assert.ok(parsed.ok);
  const expected = new Set(m.expectAt.map((p) => nodeAt(parsed.root, p)?.path).filter((p): p is string => !!p));
  const hit = errors.find((f) => f.xpath !== undefined && expected.has(f.xpath));
  assert.ok(hit, `no error at ${[...expected].join(' | ')} — ${show()}`);
  assert.ok(hit.line && hit.line > 0, `finding without line — ${show()}`);
  return hit;
}

describe('base messages', () => {
  for (const [id, edition] of PACKS) {
    test(`every sample message of ${edition} is valid in pack ${id}`, () => {
      const pack = packs.get(id)!;
      const samples = sampleMessages(edition);
      assert.ok(samples.length >= (edition === 'draft-2011' ? 16 : 60), `${samples.length} samples`);
      for (const s of samples) {
        const findings = pack.validate(xmlOf(s), { label: s.label });
        assert.deepEqual(findings.map(formatFinding), [], `${s.label} should be valid in ${id}`);
      }
    });
  }
});

describe('mutation sites', () => {
  test('every kind occurs in the 2013 samples, every profile has sites', () => {
    const pack = packs.get('2013')!;
    const model = pack.model();
    const kinds = new Map<string, number>();
    for (const s of sampleMessages('2013')) {
      const sites = mutationSites(s.tree, model);
      assert.ok(sites.length > 3, `${s.label}: ${sites.length} sites`);
      for (const x of sites) kinds.set(x.kind, (kinds.get(x.kind) ?? 0) + 1);
    }
    for (const k of MUTATION_KINDS) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} site`);
  });

  test('the sites are typed from the XSD: known required, enumerated and typed elements are found', () => {
    const pack = packs.get('2013')!;
    const s = sampleMessages('2013').find((x) => x.label === 'CreatedEndDeviceEvents')!;
    const sites = mutationSites(s.tree, pack.model());
    const find = (kind: string, end: string) => sites.find((x) => x.kind === kind && x.targetPath.endsWith(end));
    assert.ok(find('remove-required', '/EndDeviceEvent[1]/createdDateTime[1]'));
    assert.ok(find('remove-required', '/EndDeviceEvent[1]/EndDeviceEventType[1]'));
    assert.ok(find('remove-required', '/Header[1]/Verb[1]'));
    assert.ok(find('wrong-type', '/EndDeviceEvent[1]/createdDateTime[1]'));
    assert.ok(find('wrong-type', '/Header[1]/AsyncReplyFlag[1]'));
    assert.ok(find('enum-value', '/Header[1]/Verb[1]'));
    assert.ok(find('reorder', '/Header[1]/Verb[1]'));
    assert.ok(find('wrong-namespace', '/Payload[1]/EndDeviceEvents[1]'));
    // an optional element is never "required"; a Header child is never moved to another namespace (the
    // header's ##other wildcard would accept it)
    assert.ok(!find('remove-required', '/EndDeviceEvent[1]/mRID[1]'));
    assert.ok(!sites.some((x) => x.kind === 'wrong-namespace' && x.targetPath.includes('/Header[1]/')));
  });

  test('lenient profiles (PAY-01) get no reorder unless asked; the reorder is then only a warning', () => {
    const pack = packs.get('2013')!;
    const s = sampleMessages('2013').find((x) => x.label === 'CreateUsagePointLocationConfig')!;
    const inProfile = (x: { targetPath: string }) => x.targetPath.includes('/UsagePointLocation[1]/');
    assert.ok(!mutationSites(s.tree, pack.model()).some((x) => x.kind === 'reorder' && inProfile(x)));
    const lenient = mutationSites(s.tree, pack.model(), { kinds: ['reorder'], lenientReorders: true }).filter(inProfile);
    assert.ok(lenient.length > 0);
    const m = applyMutation(s.tree, lenient[0]);
    const findings = pack.validate(xmlOf(m));
    assert.ok(findings.length > 0 && findings.every((f) => f.severity === 'warning'), findings.map(formatFinding).join('\n'));
    assert.equal(findings[0].assumptions?.['PAY-01'], 'lenient');
    assert.equal(findings[0].assumptions?.['PAY-13'], 'http://iec.ch/TC57/2011/UsagePointLocationConfig#');
    const strict = pack.validate(xmlOf(m), { assumptions: { 'PAY-01': 'strict' } });
    assert.ok(strict.some((f) => f.severity === 'error' && f.assumptions?.['PAY-01'] === 'strict'));
    // a missing required element stays an error in a lenient profile
    const s2 = sampleMessages('2013').find((x) => x.label === 'CreateEndDeviceGroups')!;
    const names = s2.tree;
    const removal = mutationSites(names, pack.model(), { kinds: ['remove-required'] }).find((x) => x.targetPath.endsWith('/Names[1]/name[1]'));
    assert.ok(removal);
    assertRejected(pack, applyMutation(names, removal), 'EndDeviceGroups');
  });

  test('invalid value arbitraries never produce a valid value', () => {
    fc.assert(
      fc.property(invalidEnumValue(['billing', 'inquiry', 'A', 's12N']), (v) => !['billing', 'inquiry', 'A', 's12N'].includes(v)),
      { numRuns: 200 },
    );
    fc.assert(fc.property(invalidLexical(), (v) => v.startsWith('x') && !/^[0-9+\-.]/.test(v) && v !== 'true' && v !== 'false'), { numRuns: 200 });
  });
});

describe('every distinct mutation site is rejected (exhaustive, fixed values)', () => {
  // 2024-ed2 differs from 2024 only in the profile roots' substitution group: covered by fast-check below
  for (const [id, edition] of PACKS.filter(([p]) => p !== '2024-ed2')) {
    test(`pack ${id}`, (t) => {
      const pack = packs.get(id)!;
      const model = pack.model();
      // one mutant per distinct change of a declaration (the same payload occurs in several wrappers)
      const all = distinctSites(sampleMessages(edition), (s) => mutationSites(s.tree, model));
      for (const { item: s, site } of all) assertRejected(pack, applyMutation(s.tree, site), `${id} ${s.label}`);
      const byKind = MUTATION_KINDS.map((k) => `${k} ${all.filter((x) => x.site.kind === k).length}`).join(', ');
      t.diagnostic(`${all.length} distinct mutants rejected (${byKind})`);
      assert.ok(all.length > (edition === 'draft-2011' ? 150 : 500), `${all.length} mutants`);
    });
  }
});

describe('fast-check: random invalid variants are rejected', () => {
  for (const [id, edition] of PACKS) {
    test(`pack ${id}`, () => {
      const pack = packs.get(id)!;
      const samples = sampleMessages(edition);
      const arb = fc.constantFrom(...samples).chain((s) => mutations(s.tree, pack).map((m) => ({ s, m })));
      fc.assert(
        fc.property(arb, ({ s, m }) => {
          assertRejected(pack, m, `${id} ${s.label}`);
          assert.ok(elementAt(s.tree, m.target) !== undefined);
        }),
        { numRuns: 120, seed: 4242 },
      );
    });
  }

  test('the generator API works on a pack or a model, and per kind', () => {
    const pack = packs.get('2013')!;
    const s = sampleMessages('2013').find((x) => x.label === 'CreateMeterConfig')!;
    for (const kind of MUTATION_KINDS) {
      const sample = fc.sample(mutations(s.tree, pack.model(), { kinds: [kind] }), { numRuns: 5, seed: 7 });
      assert.ok(sample.every((m) => m.kind === kind && m.description.length > 10 && m.targetPath.startsWith('/CreateMeterConfig')));
    }
    assert.throws(() => mutations({ ns: 'urn:x', name: 'Unknown' }, pack), /no mutation site/);
  });
});

describe('ObjectNamesConfig (UC-33): mutants of the messages the builder produces are rejected by the 2024 packs', () => {
  const header = (verb: string) => ({ verb, noun: 'ObjectNamesConfig', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() });
  const root = () =>
    buildObjectNamesConfig([
      { mRID: 'M-1001', names: [{ name: 'RENAMED-M-1001', nameType: { name: 'MeterNumber', description: 'meter number', authority: { name: 'DSO', description: 'grid operator' } } }] },
      { mRID: 'M-1002', names: [{ name: 'RENAMED-M-1002' }] },
    ]);
  const messages: [string, Message][] = [
    ['ChangeObjectNamesConfig', { kind: 'request', header: header('change'), payload: { root: root() } }],
    ['ChangedObjectNamesConfig', { kind: 'event', header: header('changed'), payload: { root: root() } }],
    ['ObjectNamesConfigResponseMessage', { kind: 'response', header: header('reply'), reply: { result: 'OK', ids: [{ value: 'M-1001' }] }, payload: { root: root() } }],
  ];

  for (const id of ['2024', '2024-ed2'] as const) {
    test(`pack ${id}: the base messages are valid; every required-element removal and namespace change is rejected`, (t) => {
      const pack = packs.get(id)!;
      const model = pack.model();
      let n = 0;
      const kinds = new Map<string, number>();
      for (const [label, m] of messages) {
        const tree = buildEnvelope(m);
        assert.deepEqual(pack.validate(serializeXml(tree, { prefixes: PREFIXES }), { label }).map(formatFinding), [], `${label} should be valid in ${id}`);
        const sites = mutationSites(tree, model).filter((x) => x.targetPath.includes('/Payload[1]/ObjectNamesConfig[1]'));
        for (const site of sites) {
          assertRejected(pack, applyMutation(tree, site), `${id} ${label}`);
          kinds.set(site.kind, (kinds.get(site.kind) ?? 0) + 1);
          n++;
        }
      }
      // inside the profile: mRID, Names, Names/name and NameType/name and NameTypeAuthority/name are required
      assert.ok((kinds.get('remove-required') ?? 0) >= 3 * 4, `remove-required ${kinds.get('remove-required')}`);
      assert.ok((kinds.get('wrong-namespace') ?? 0) >= 3, `wrong-namespace ${kinds.get('wrong-namespace')}`);
      t.diagnostic(`${n} ObjectNamesConfig mutants rejected (${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')})`);
    });
  }

  test('the sites come from the XSD: mRID and Names of an IdentifiedObject are required, the payload root may move namespace', () => {
    const pack = packs.get('2024')!;
    const sites = mutationSites(buildEnvelope(messages[0][1]), pack.model());
    const find = (kind: string, end: string) => sites.find((x) => x.kind === kind && x.targetPath.endsWith(end));
    assert.ok(find('remove-required', '/IdentifiedObject[1]/mRID[1]'));
    assert.ok(find('remove-required', '/IdentifiedObject[1]/Names[1]'));
    assert.ok(find('remove-required', '/IdentifiedObject[1]/Names[1]/name[1]'));
    assert.ok(find('remove-required', '/Names[1]/NameType[1]/name[1]'));
    assert.ok(find('wrong-namespace', '/Payload[1]/ObjectNamesConfig[1]'));
    // optional elements are never "required"; in the lenient profile (PAY-01) no reorder is generated by default
    assert.ok(!find('remove-required', '/NameType[1]/description[1]'));
    assert.ok(!find('remove-required', '/Payload[1]/ObjectNamesConfig[1]/IdentifiedObject[1]'));
    assert.ok(!sites.some((x) => x.kind === 'reorder' && x.targetPath.includes('/IdentifiedObject[1]/')));
  });
});
