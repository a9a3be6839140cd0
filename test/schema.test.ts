/**
 * Schema module and the project's 2013 schema pack.
 * Run: node --import tsx --test test/schema.test.ts
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument } from 'libxml2-wasm';
import {
  clearSchemaPackCache,
  closestNamespaces,
  defaultPackDir,
  loadSchemaPack,
  SchemaPackError,
  type SchemaPack,
} from '../src/schema/index.ts';
import { formatFinding, hasErrors, type Finding } from '../src/checks/finding.ts';
import { serializeXml, type XElement } from '../src/xml/index.ts';
import {
  NS,
  endDeviceEvents,
  generic,
  header,
  message,
  meterReadings,
  soap11,
  soap11Fault,
  soap12,
  wrapped,
  xml,
} from './schema-fixtures.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const pack2013 = loadSchemaPack(defaultPackDir('2013'));
/** the namespaces an unknown-namespace finding lists as the closest the pack knows */
const listedNamespaces = (message: string): string[] => {
  const at = message.indexOf('Closest namespaces the pack knows: ');
  assert.ok(at >= 0, message);
  return (message.slice(at).match(/'[^']*'/g) ?? []).map((q) => q.slice(1, -1));
};
after(() => clearSchemaPackCache());

const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmpPack(files: Record<string, XElement | string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cim9-schema-'));
  tmpDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, typeof content === 'string' ? content : serializeXml(content, { prefixes: { [XS]: 'xs' } }));
  }
  return dir;
}

const XS = 'http://www.w3.org/2001/XMLSchema';
const xs = (name: string, attrs: Record<string, string> = {}, children: XElement[] = []): XElement => ({ ns: XS, name, attrs, children });

function show(findings: Finding[]): string {
  return findings.map(formatFinding).join('\n');
}

function assertClean(pack: SchemaPack, root: XElement, label: string): void {
  const findings = pack.validate(xml(root), { label });
  assert.deepEqual(findings, [], `${label} should be schema-valid:\n${show(findings)}`);
}

function errorsOf(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

// -------------------------------------------------------------------------------------------------

describe('catalog', () => {
  test('lists every namespace of the pack with files, digests and global elements', () => {
    const expected = [
      NS.ede,
      NS.edew,
      NS.gede,
      NS.gedew,
      NS.gmr,
      NS.gmrw,
      NS.mr,
      NS.mrw,
      NS.msg,
      NS.soap11,
      NS.soap12,
    ].sort();
    // the core namespaces of the slice; test/schema-packs.test.ts checks every profile of the spec
    for (const ns of expected) assert.ok(pack2013.namespaces.includes(ns), ns);
    assert.equal(pack2013.files.length, pack2013.namespaces.length, 'one file per namespace');
    assert.ok(pack2013.files.length >= 53, `${pack2013.files.length} files`);
    for (const entry of pack2013.catalog) {
      assert.equal(entry.roots.length, 1, entry.namespace);
      for (const f of entry.files) {
        assert.match(f.sha256, /^[0-9a-f]{64}$/);
        assert.ok(f.bytes > 0);
        assert.ok(!path.isAbsolute(f.relPath) && !f.relPath.includes('\\'), f.relPath);
        assert.equal(f.targetNamespace, entry.namespace);
      }
    }
    assert.match(pack2013.digest, /^[0-9a-f]{64}$/);
    const msg = pack2013.catalog.find((e) => e.namespace === NS.msg)!;
    assert.equal(msg.files[0].relPath, 'message/Message.xsd');
    assert.deepEqual([...msg.elements], ['EventMessage', 'FaultMessage', 'Message', 'RequestMessage', 'ResponseMessage']);
    assert.ok(pack2013.declares(NS.mrw, 'CanceledMeterReadings'));
    assert.ok(pack2013.declares(NS.gmrw, 'MeterReadingsResponseMessage'));
    assert.ok(!pack2013.declares(NS.mrw, 'MeterReadingsRequestMessage'), 'draft-only element must not be declared');
    assert.equal(pack2013.name, '2013');
    assert.ok(pack2013.knows(NS.msg) && !pack2013.knows(NS.draftMsg));
  });

  test('every project XSD says what it was written from', () => {
    for (const f of pack2013.files) {
      const doc = XmlDocument.fromString(fs.readFileSync(f.path, 'utf8'));
      try {
        const comment = doc.root.prev;
        assert.ok(comment && comment.content.includes('../shared/spec/'), `${f.relPath} lacks the provenance comment`);
        assert.ok(comment.content.includes('Assumptions'), `${f.relPath} does not state its assumptions`);
      } finally {
        doc.dispose();
      }
    }
  });

  test('a second load of the same folder reuses the compiled validator', () => {
    const t0 = process.hrtime.bigint();
    const again = loadSchemaPack(defaultPackDir('2013'));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(again.fromCache, 'expected the cached compile');
    assert.equal(again.digest, pack2013.digest);
    again.dispose(); // releasing a cached view leaves the cache intact
    assert.deepEqual(pack2013.validate(xml(wrapped.createdEndDeviceEvents())), []);
    assert.ok(ms < 2000, `reload took ${ms} ms`);
    const fresh = loadSchemaPack(defaultPackDir('2013'), { cache: false });
    assert.ok(!fresh.fromCache);
    fresh.dispose();
    assert.throws(() => fresh.validate('<a/>'), /disposed/);
  });

  test('defaultPackDir resolves inside the repository', () => {
    assert.equal(path.resolve(defaultPackDir('2013')), path.join(repoRoot, 'fixtures', 'schemas', '2013'));
  });
});

// -------------------------------------------------------------------------------------------------

describe('valid messages', () => {
  const cases: [string, () => XElement][] = [
    ['CreatedMeterReadings (interval + register)', () => wrapped.createdMeterReadings()],
    ['GetMeterReadings request', wrapped.getMeterReadings],
    ['MeterReadingsResponseMessage of GetMeterReadingsMessage with payload', wrapped.meterReadingsReply],
    ['CreatedEndDeviceEvents', () => wrapped.createdEndDeviceEvents()],
    ['EndDeviceEventsResponseMessage (acknowledgement)', () => wrapped.endDeviceEventsAck()],
    ['GetEndDeviceEvents request', wrapped.getEndDeviceEvents],
    ['MeterReadingsFaultMessage', wrapped.meterReadingsFault],
  ];
  for (const [name, build] of cases) {
    test(`wrapper form: ${name}`, () => assertClean(pack2013, build(), name));
    test(`SOAP 1.1: ${name}`, () => assertClean(pack2013, soap11(build()), name));
    test(`SOAP 1.2: ${name}`, () => assertClean(pack2013, soap12(build()), name));
  }

  test('bare payload roots', () => {
    assertClean(pack2013, meterReadings(), 'MeterReadings');
    assertClean(pack2013, endDeviceEvents(), 'EndDeviceEvents');
  });

  const genericCases: [string, () => XElement][] = [
    ['RequestMessage with MeterReadings payload', () => generic.request()],
    ['RequestMessage get with GetMeterReadings in Request', generic.getRequest],
    ['ResponseMessage with EndDeviceEvents payload', () => generic.response([], [endDeviceEvents()])],
    ['EventMessage with EndDeviceEvents payload', () => generic.event()],
    ['RequestMessage with Payload/ID', generic.cancelById],
    ['RequestMessage with OperationSet', () => generic.operationSet()],
    ['FaultMessage', generic.fault],
  ];
  for (const [name, build] of genericCases) {
    test(`generic: ${name}`, () => assertClean(pack2013, build(), name));
    test(`generic in SOAP 1.1: ${name}`, () => assertClean(pack2013, soap11(build()), name));
  }

  test('SOAP 1.1 fault with a FaultMessage detail', () => assertClean(pack2013, soap11Fault(wrapped.meterReadingsFault()), 'fault'));

  test('bytes are accepted as well as strings', () => {
    assert.deepEqual(pack2013.validate(Buffer.from(xml(wrapped.createdEndDeviceEvents()), 'utf8')), []);
  });
});

// -------------------------------------------------------------------------------------------------

describe('invalid messages', () => {
  function expectError(findings: Finding[], pattern: RegExp, xpathEnd?: string): Finding {
    const f = errorsOf(findings).find((x) => pattern.test(x.message));
    assert.ok(f, `expected an error matching ${pattern}, got:\n${show(findings)}`);
    assert.equal(f.rule, 'XSD');
    assert.ok(typeof f.line === 'number' && f.line > 0, `line missing: ${formatFinding(f)}`);
    if (xpathEnd) assert.ok(f.xpath?.endsWith(xpathEnd), `xpath ${f.xpath} should end with ${xpathEnd}`);
    return f;
  }

  test('missing required createdDateTime (wrapper form)', () => {
    const findings = pack2013.validate(xml(wrapped.createdEndDeviceEvents(endDeviceEvents({ omitCreatedDateTime: true }))), { label: 'ede.xml' });
    const f = expectError(findings, /createdDateTime/, '/ede:EndDeviceEvents[1]/ede:EndDeviceEvent[1]/ede:issuerID[1]');
    assert.equal(f.file, 'ede.xml');
    assert.equal(f.assumptions, undefined);
  });

  test('missing required createdDateTime inside a generic EventMessage is found through ENV-05', () => {
    const doc = xml(generic.event([endDeviceEvents({ omitCreatedDateTime: true })]));
    const f = expectError(pack2013.validate(doc), /createdDateTime/, '/ede:EndDeviceEvent[1]/ede:issuerID[1]');
    assert.deepEqual(f.assumptions, { 'ENV-05': 'yes' });
    assert.deepEqual(pack2013.validate(doc, { assumptions: { 'ENV-05': 'no' } }), [], 'ENV-05=no skips the payload');
  });

  test('payload inside a generic OperationSet/Operation is validated too', () => {
    const doc = xml(soap11(generic.operationSet(endDeviceEvents({ omitCreatedDateTime: true }))));
    expectError(pack2013.validate(doc), /createdDateTime/, '/m:Operation[1]/ede:EndDeviceEvents[1]/ede:EndDeviceEvent[1]/ede:issuerID[1]');
  });

  test('elements out of order: Noun before Verb', () => {
    const doc = xml(wrapped.createdMeterReadings({ swapVerbNoun: true }));
    expectError(pack2013.validate(doc), /Noun.*not expected|Expected is .*Verb/, '/w:CreatedMeterReadings/w:Header[1]/m:Noun[1]');
  });

  test('elements out of order inside a payload (register reading)', () => {
    const doc = xml(soap12(wrapped.createdMeterReadings({}, meterReadings({ registerOrderSwapped: true }))));
    // reversed: ReadingType (allowed, all before it are optional), then value is not expected
    expectError(pack2013.validate(doc), /not expected/, '/mr:Readings[1]/mr:value[1]');
  });

  test('wrong verb: draft verb subscribe and capitalised Create', () => {
    for (const verb of ['subscribe', 'Create', 'cancelled']) {
      const doc = xml(wrapped.createdMeterReadings({ verb }));
      expectError(pack2013.validate(doc), /enumeration/, '/m:Verb[1]');
    }
  });

  test('ResponseMessage without Reply', () => {
    expectError(pack2013.validate(xml(generic.responseWithoutReply())), /Missing child|Reply/, '/m:ResponseMessage');
  });

  test('Payload choice: Compressed and a profile root together', () => {
    expectError(pack2013.validate(xml(generic.payloadChoiceViolated())), /not expected/);
  });

  test('unknown root namespace names the namespace and the few namespaces of the pack closest to it', () => {
    const doc = serializeXml({ ns: 'urn:example:vendor', name: 'MeterData', children: [{ ns: 'urn:example:vendor', name: 'x', text: '1' }] });
    const findings = pack2013.validate(doc, { label: 'vendor.xml' });
    assert.equal(findings.length, 1, show(findings));
    const f = findings[0];
    assert.equal(f.severity, 'error');
    assert.match(f.message, /namespace 'urn:example:vendor', which schema pack '2013' does not know — not a namespace of an IEC TC57 generation\./);
    // the closest: the namespaces of the Meter nouns (a word of the element's name), not all ~50 of the pack
    const listed = listedNamespaces(f.message);
    assert.equal(listed.length, 5, f.message);
    assert.ok(listed.includes(NS.mr) && listed.includes(NS.mrw) && listed.every((n) => /Meter/.test(n)), f.message);
    assert.match(f.message, new RegExp(` \\.\\.\\. and ${pack2013.namespaces.length - 5} more \\(cim9 schemas list\\)$`));
    assert.ok(!f.message.includes(NS.gede), 'an unrelated namespace is not listed');
    assert.match(f.xpath ?? '', /^\/(\w+:)?MeterData$/);
    assert.equal(f.line, 2);
    assert.deepEqual(f.assumptions, { 'ENV-01': '2013' });
  });

  test('draft-2011 www. namespace is recognised as the draft generation', () => {
    const draft = message(NS.draftMsg, 'RequestMessage', { header: header(NS.draftMsg, { verb: 'create', noun: 'MeterReadings', msgNs: NS.draftMsg }) });
    for (const doc of [draft, soap11(draft)]) {
      const findings = pack2013.validate(xml(doc));
      const f = expectError(findings, /2011 draft generation/);
      assert.match(f.message, /www\.iec\.ch/);
      assert.ok(f.message.includes(`'${NS.msg}'`), 'names the 2013 namespace');
      assert.equal(findings.filter((x) => /strict wildcard/.test(x.message)).length, 0, 'no duplicate libxml2 message');
    }
  });

  test('unknown payload namespace inside a generic Payload is a warning (ENV-05)', () => {
    const foreign: XElement = { ns: 'urn:example:vendor', name: 'Readings', children: [] };
    const findings = pack2013.validate(xml(generic.request({}, [foreign])));
    assert.equal(findings.length, 1, show(findings));
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(findings[0].assumptions, { 'ENV-01': '2013', 'ENV-05': 'yes' });
  });

  test('malformed XML is a finding with a line, never a throw', () => {
    const text = ['<?xml version="1.0"?>', '<a>', '  <b>', '</a>'].join('\n');
    const findings = pack2013.validate(text, { label: 'broken.xml' });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /not well-formed/);
    assert.equal(findings[0].line, 4);
    assert.equal(findings[0].file, 'broken.xml');
    for (const junk of ['', 'not xml at all', '<', '\u0000\u0001', '<?xml version="1.0" encoding="bogus"?><a/>']) {
      const r = pack2013.validate(junk);
      assert.ok(hasErrors(r), `junk ${JSON.stringify(junk)} should give an error`);
    }
  });

  test('DOCTYPE, entity bomb and external entity are refused', () => {
    const lines = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', '<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) {
      const prev = i === 1 ? 'lol' : `lol${i - 1}`;
      lines.push(`<!ENTITY lol${i} "${Array(10).fill(`&${prev};`).join('')}">`);
    }
    lines.push(']>', '<lolz>&lol9;</lolz>');
    const bomb = lines.join('\n');
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<x>&e;</x>';
    for (const doc of [bomb, xxe]) {
      const t0 = Date.now();
      const findings = pack2013.validate(doc);
      assert.ok(Date.now() - t0 < 2000, 'no expansion');
      assert.equal(findings.length, 1, show(findings));
      assert.equal(findings[0].severity, 'error');
      assert.match(findings[0].message, /DOCTYPE|entit/i);
      assert.ok(!findings[0].message.includes('root:'), 'no file content leaks');
      assert.ok(findings[0].line && findings[0].line > 0);
    }
  });

  test('oversized input is refused before parsing', () => {
    const doc = xml(wrapped.createdMeterReadings());
    const findings = pack2013.validate(doc, { maxBytes: 100, label: 'big' });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /exceeds the limit of 100 bytes/);
    assert.deepEqual(pack2013.validate(doc, { maxBytes: 1_000_000 }), []);
  });

  test('SOAP Body child in an unknown namespace', () => {
    const findings = pack2013.validate(xml(soap11({ ns: 'urn:example:other', name: 'Ping' })));
    assert.equal(findings.length, 1, show(findings));
    assert.match(findings[0].message, /SOAP Body child \{urn:example:other\}Ping/);
    assert.match(findings[0].xpath ?? '', /^\/soap:Envelope\/soap:Body\[1\]\/\w+:Ping\[1\]$/);
    // nothing of the pack is related: the pack's envelope namespace is given, and how many more there are
    assert.deepEqual(listedNamespaces(findings[0].message), [NS.msg]);
    assert.match(findings[0].message, / and \d+ more \(cim9 schemas list\)$/);
  });

  test('SOAP Body child of a noun the pack does not know: a short finding (namespace, generation, <= 5 closest, how many more)', () => {
    const ns = 'http://iec.ch/TC57/2011/ObjectNamesConfigMessage';
    const body: XElement = { ns, name: 'ObjectNamesConfigResponseMessage', children: [header(ns, { verb: 'reply', noun: 'ObjectNamesConfig' })] };
    const findings = pack2013.validate(xml(soap11(body)));
    assert.equal(findings.length, 1, show(findings));
    const f = findings[0];
    assert.match(f.message, /^SOAP Body child \{http:\/\/iec\.ch\/TC57\/2011\/ObjectNamesConfigMessage\}ObjectNamesConfigResponseMessage is in namespace '[^']+', which schema pack '2013' does not know — this is the IEC 61968-100 ed\.1 \(2013\) generation/);
    const listed = listedNamespaces(f.message);
    assert.ok(listed.length === 5, f.message);
    // same suffix (noun wrappers) and a shared word of the noun (Config) come first
    assert.ok(listed.every((n) => n.startsWith('http://iec.ch/TC57/2011/') && n.endsWith('ConfigMessage')), f.message);
    assert.ok(!listed.some((n) => n.includes('/Get')), 'query wrappers are farther than noun wrappers');
    assert.match(f.message, / \.\.\. and \d+ more \(cim9 schemas list\)$/);
    assert.ok(f.message.length < 700, `${f.message.length} characters`);
    assert.deepEqual(f.assumptions, { 'ENV-01': '2013' });
  });

  test('closestNamespaces: the same namespace of another generation first, then the same noun, then shared words and the same kind', () => {
    const known = pack2013.namespaces;
    // a 2017 wrapper: its 2011 counterpart first, then the noun's profile and query schemas
    const c2017 = closestNamespaces('http://iec.ch/TC57/2017/EndDeviceControlsMessage', 'CreateEndDeviceControls', known);
    assert.deepEqual(c2017.closest.slice(0, 2), ['http://iec.ch/TC57/2011/EndDeviceControlsMessage', 'http://iec.ch/TC57/2011/EndDeviceControls#']);
    assert.equal(c2017.closest.length, 5);
    assert.equal(c2017.more, known.length - 5);
    // the 2024 plural profile against the 2013 pack: the singular one (singular and plural are one word)
    assert.equal(closestNamespaces('http://iec.ch/TC57/2011/MeterReadSchedules#', 'MeterReadSchedules', known).closest[0], 'http://iec.ch/TC57/2011/MeterReadSchedule#');
    // a query wrapper: query wrappers of config nouns
    assert.ok(closestNamespaces('http://iec.ch/TC57/2011/GetObjectNamesConfigMessage', 'GetObjectNamesConfig', known).closest.every((n) => /\/Get\w+ConfigMessage$/.test(n)));
    // the draft envelope: the final envelope; max and the empty namespace
    assert.equal(closestNamespaces('http://www.iec.ch/TC57/2011/schema/message', 'RequestMessage', known).closest[0], NS.msg);
    assert.equal(closestNamespaces('', 'x', known, 2).closest.length, 1);
    assert.ok(closestNamespaces(NS.mrw.replace('2011', '2015'), 'x', known, 2).closest.length <= 2);
  });

  test('the number of listed violations is capped', () => {
    const many = message(NS.msg, 'RequestMessage', {
      header: header(NS.msg, { verb: 'create', noun: 'x' }),
      payload: [
        {
          ns: NS.mr,
          name: 'MeterReadings',
          children: Array.from({ length: 30 }, () => ({ ns: NS.mr, name: 'MeterReading', children: [{ ns: NS.mr, name: 'isCoincidentTrigger', text: 'maybe' }] })),
        },
      ],
    });
    assert.equal(pack2013.validate(xml(many)).length, 30);
    const findings = pack2013.validate(xml(many), { maxFindings: 5 });
    assert.equal(findings.length, 6, show(findings));
    assert.equal(findings[5].severity, 'info');
    assert.match(findings[5].message, /25 further/);
  });
});

// -------------------------------------------------------------------------------------------------

describe('ENV-03: Error/xpath is xs:QName', () => {
  const realXPath = [{ code: '1.8', xpath: '/m:CreateMeterReadings/m:Payload/mr:MeterReadings[1]' }];

  test('a real XPath is a warning by default, with the assumption stated', () => {
    for (const root of [wrapped.endDeviceEventsAck(realXPath), generic.response(realXPath), soap12(generic.response(realXPath))]) {
      const findings = pack2013.validate(xml(root));
      assert.equal(findings.length, 1, show(findings));
      const f = findings[0];
      assert.equal(f.severity, 'warning');
      assert.deepEqual(f.assumptions, { 'ENV-03': 'warning' });
      assert.match(f.xpath ?? '', /\/m:Error\[1\]\/m:xpath\[1\]$/);
      assert.ok(f.line && f.line > 0);
      assert.ok(!hasErrors(findings));
    }
  });

  test("assumptions { 'ENV-03': 'error' } keeps it an error (per call and per pack)", () => {
    const doc = xml(wrapped.endDeviceEventsAck(realXPath));
    const perCall = pack2013.validate(doc, { assumptions: { 'ENV-03': 'error' } });
    assert.equal(perCall.length, 1);
    assert.equal(perCall[0].severity, 'error');
    assert.deepEqual(perCall[0].assumptions, { 'ENV-03': 'error' });
    const strict = loadSchemaPack(defaultPackDir('2013'), { assumptions: { 'ENV-03': 'error' } });
    assert.equal(strict.validate(doc)[0].severity, 'error');
    assert.equal(strict.validate(doc, { assumptions: { 'ENV-03': 'warning' } })[0].severity, 'warning');
  });

  test('a qualified name is valid; the downgrade applies only to Error/xpath', () => {
    assert.deepEqual(pack2013.validate(xml(wrapped.endDeviceEventsAck([{ code: '1.8', xpath: 'm:Header' }]))), []);
    const other = pack2013.validate(xml(wrapped.createdMeterReadings({ verb: 'bogus' })));
    assert.ok(other.every((f) => f.severity === 'error' && f.assumptions === undefined), show(other));
  });

  test('default-namespace, single-line documents are located too', () => {
    const root = generic.response(realXPath);
    const oneLine = serializeXml(root, { prefixes: { [NS.msg]: '' }, pretty: false });
    const findings = pack2013.validate(oneLine);
    assert.equal(findings.length, 1, show(findings));
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].xpath, '/ResponseMessage/Reply[1]/Error[1]/xpath[1]');
  });
});

// -------------------------------------------------------------------------------------------------

describe('loading user-supplied folders', () => {
  const TNS = 'urn:cim9:test:a';

  test('a namespace split over files, one including the other, and a nested folder', () => {
    const dir = tmpPack({
      'a/main.xsd': xs('schema', { targetNamespace: TNS, elementFormDefault: 'qualified' }, [
        xs('include', { schemaLocation: 'part.xsd' }),
        xs('element', { name: 'Root', type: 'xs:string' }),
      ]),
      'a/part.xsd': xs('schema', { targetNamespace: TNS }, [xs('element', { name: 'Part', type: 'xs:int' })]),
      'b/other.xsd': xs('schema', { targetNamespace: 'urn:cim9:test:b' }, [xs('element', { name: 'B', type: 'xs:boolean' })]),
    });
    const pack = loadSchemaPack(dir, { cache: false });
    try {
      const a = pack.catalog.find((e) => e.namespace === TNS)!;
      assert.equal(a.files.length, 2);
      assert.deepEqual(a.roots.map((f) => f.relPath), ['a/main.xsd']);
      assert.deepEqual(pack.validate(serializeXml({ ns: TNS, name: 'Part', text: '12' })), []);
      assert.ok(hasErrors(pack.validate(serializeXml({ ns: TNS, name: 'Part', text: 'twelve' }))));
      assert.deepEqual(pack.validate(serializeXml({ ns: 'urn:cim9:test:b', name: 'B', text: 'true' })), []);
    } finally {
      pack.dispose();
    }
  });

  test('two independent files for one namespace are both compiled', () => {
    const dir = tmpPack({
      'one.xsd': xs('schema', { targetNamespace: TNS }, [xs('element', { name: 'One', type: 'xs:int' })]),
      'two.xsd': xs('schema', { targetNamespace: TNS }, [xs('element', { name: 'Two', type: 'xs:int' })]),
    });
    const pack = loadSchemaPack(dir, { cache: false });
    try {
      assert.deepEqual(pack.validate(serializeXml({ ns: TNS, name: 'One', text: '1' })), []);
      assert.deepEqual(pack.validate(serializeXml({ ns: TNS, name: 'Two', text: '2' })), []);
    } finally {
      pack.dispose();
    }
  });

  test('an XSD that does not compile: SchemaPackError names file and line', () => {
    const dir = tmpPack({
      'bad.xsd': xs('schema', { targetNamespace: TNS }, [
        xs('element', { name: 'Ok', type: 'xs:string' }),
        xs('element', { name: 'Broken', type: 'xs:noSuchType' }),
      ]),
    });
    const e = catchError(() => loadSchemaPack(dir));
    assert.equal(e.file, 'bad.xsd');
    assert.equal(e.line, 4);
    assert.match(e.message, /bad\.xsd:4: .*noSuchType/);
  });

  test('an import that does not resolve: SchemaPackError names file and line', () => {
    const dir = tmpPack({
      'w/wrapper.xsd': xs('schema', { targetNamespace: TNS }, [
        xs('import', { namespace: 'urn:cim9:test:missing', schemaLocation: '../p/Missing.xsd' }),
        xs('element', { name: 'W', type: 'xs:string' }),
      ]),
    });
    const e = catchError(() => loadSchemaPack(dir));
    assert.equal(e.file, 'w/wrapper.xsd');
    assert.equal(e.line, 3);
    assert.match(e.message, /does not resolve \(no such file/);
  });

  test('an import with a network location, a namespace mismatch, a non-schema file, malformed XML', () => {
    const cases: [Record<string, XElement | string>, RegExp, string, number | undefined][] = [
      [
        { 'r.xsd': xs('schema', { targetNamespace: TNS }, [xs('import', { namespace: 'urn:x', schemaLocation: 'http://example.com/x.xsd' })]) },
        /self-contained/,
        'r.xsd',
        3,
      ],
      [
        {
          'a.xsd': xs('schema', { targetNamespace: TNS }, [xs('import', { namespace: 'urn:x', schemaLocation: 'b.xsd' })]),
          'b.xsd': xs('schema', { targetNamespace: 'urn:y' }),
        },
        /targetNamespace is 'urn:y'/,
        'a.xsd',
        3,
      ],
      [{ 'n.xsd': serializeXml({ ns: 'urn:x', name: 'notASchema' }) }, /not an XML Schema document/, 'n.xsd', 2],
      [{ 'm.xsd': '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element>\n</xs:schema>' }, /not well-formed/, 'm.xsd', 4],
    ];
    for (const [files, pattern, file, line] of cases) {
      const e = catchError(() => loadSchemaPack(tmpPack(files)));
      assert.match(e.message, pattern);
      assert.equal(e.file, file);
      assert.equal(e.line, line);
    }
    assert.match(catchError(() => loadSchemaPack(tmpPack({ 'readme.txt': 'no schemas' }))).message, /no \.xsd file/);
    assert.match(catchError(() => loadSchemaPack(path.join(os.tmpdir(), 'cim9-no-such-dir'))).message, /cannot be read/);
  });

  function catchError(fn: () => unknown): SchemaPackError {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof SchemaPackError, `expected SchemaPackError, got ${e}`);
      return e;
    }
    assert.fail('expected a SchemaPackError');
  }
});

// -------------------------------------------------------------------------------------------------

describe('cross-check against the independent public Message.xsd (../shared/reference)', () => {
  const refDir = path.resolve(repoRoot, '..', 'shared', 'reference', 'iec61968-100-message');
  const present = fs.existsSync(path.join(refDir, 'Message.xsd'));

  test('generic envelopes get the same verdict from the project pack and the reference schema', (t) => {
    if (!present) {
      t.skip(`reference folder ${refDir} is absent: cross-check NOT run`);
      return;
    }
    t.diagnostic(`reference folder present: ${refDir} — cross-check runs`);
    // load the third-party file at run time only; it is never copied into the project
    const ref = loadSchemaPack(refDir, { cache: false, name: 'reference FDIS Message.xsd' });
    try {
      assert.ok(ref.knows(NS.msg), `reference schema namespaces: ${ref.namespaces.join(', ')}`);
      const envelopes: [string, XElement, boolean][] = [
        ['RequestMessage with payload', generic.request(), true],
        ['RequestMessage get with Request', generic.getRequest(), true],
        ['ResponseMessage OK', generic.response(), true],
        ['ResponseMessage FAILED with Error', generic.response([{ code: '2.4', xpath: 'm:Header' }]), true],
        ['EventMessage', generic.event(), true],
        ['RequestMessage with Payload/ID', generic.cancelById(), true],
        ['RequestMessage with OperationSet', generic.operationSet(), true],
        ['FaultMessage', generic.fault(), true],
        ['Noun before Verb', generic.request({ swapVerbNoun: true }), false],
        ['draft verb subscribe', generic.request({ verb: 'subscribe' }), false],
        ['ResponseMessage without Reply', generic.responseWithoutReply(), false],
        ['Payload choice violated', generic.payloadChoiceViolated(), false],
      ];
      const envelopeErrors = (fs_: Finding[]) => fs_.filter((f) => f.severity === 'error' && !f.assumptions?.['ENV-05']);
      for (const [name, root, valid] of envelopes) {
        const doc = xml(root);
        const ours = envelopeErrors(pack2013.validate(doc, { assumptions: { 'ENV-05': 'no' } }));
        const theirs = envelopeErrors(ref.validate(doc, { assumptions: { 'ENV-05': 'no' } }));
        t.diagnostic(`${name}: project ${ours.length ? 'invalid' : 'valid'}, reference ${theirs.length ? 'invalid' : 'valid'}`);
        assert.equal(ours.length === 0, valid, `project pack on ${name}:\n${show(ours)}`);
        assert.equal(theirs.length === 0, valid, `reference schema on ${name}:\n${show(theirs)}`);
      }
      // ENV-03: the reference types Error/xpath as QName too
      const xp = xml(generic.response([{ code: '1.8', xpath: '/a/b[1]' }]));
      const refXp = ref.validate(xp, { assumptions: { 'ENV-05': 'no', 'ENV-03': 'error' } });
      t.diagnostic(`Error/xpath with a real XPath, reference schema: ${refXp.length ? refXp.map((f) => f.message).join(' | ') : 'valid'}`);
      assert.equal(refXp.length > 0, pack2013.validate(xp, { assumptions: { 'ENV-03': 'error' } }).length > 0);
    } finally {
      ref.dispose();
    }
  });
});
