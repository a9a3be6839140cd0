/**
 * The WSDL and XSD the reference SUT serves (simulator/wsdl.ts): GET /<role>?wsdl, ?wsdl=<Service>, ?xsd=<path>.
 * A started simulator on a free port per edition, asked over HTTP.
 *
 * Run: node --import tsx --test test/wsdl.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { HANDLERS } from '../simulator/handlers/index.ts';
import { PackFiles, WSDL_NS, WSDL_SOAP11_NS, WSDL_SOAP12_NS, originOf, packNouns } from '../simulator/wsdl.ts';
import { defaultPackDir, loadSchemaPack, type SchemaPack } from '../src/schema/index.ts';
import { XSD_NS } from '../src/schema/catalog.ts';
import { child, children, descendants, parseXml, serializeXml, type XNode } from '../src/xml/index.ts';
import { newMessageId, nounOfWrapperNs, nowTimestamp, queryWrapperNs, readMessage, toSoap, verbsOf, wrapperNs, type BuildGeneration } from '../src/message/index.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { XmlDocument } from 'libxml2-wasm';

const packs: Record<string, SchemaPack> = {
  '2013': loadSchemaPack(defaultPackDir('2013')),
  '2024': loadSchemaPack(defaultPackDir('2024')),
  'draft-2011': loadSchemaPack(defaultPackDir('draft-2011')),
};
const sims: Record<string, Simulator> = {};

before(async () => {
  sims['2013'] = await startSimulator({ schemaPack: packs['2013']!, roles: ['MDM', 'HES'] });
  sims['2024'] = await startSimulator({ schemaPack: packs['2024']!, roles: ['MDM', 'HES'] });
  sims['draft-2011'] = await startSimulator({ schemaPack: packs['draft-2011']!, roles: ['MDM', 'HES'], generation: 'draft-2011' });
});
after(async () => {
  await Promise.all(Object.values(sims).map((s) => s.close()));
  await closeAllClients(100);
});

/** a GET over node:http (fetch does not let a test set the Host header) */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function getXml(url: string): Promise<XNode> {
  const r = await get(url);
  assert.equal(r.status, 200, `${url}: ${r.status} ${r.body.slice(0, 200)}`);
  assert.match(r.type, /^text\/xml/);
  const p = parseXml(r.body);
  assert.ok(p.ok, `${url} is not well-formed: ${!p.ok && p.problem.message}`);
  return p.root;
}

/** the namespace a prefix of a QName-valued attribute stands for: the declarations in scope at the root (libxml2) */
function nsOfPrefix(doc: string, prefix: string): string {
  const d = XmlDocument.fromString(doc);
  try {
    const ns = d.root.namespaceForPrefix(prefix);
    assert.ok(ns, `prefix ${prefix} is declared on the root`);
    return ns;
  } finally {
    d.dispose();
  }
}

interface WsdlOp {
  name: string;
  soapAction: string;
  parts: { ns: string; name: string }[];
}

/** the operations of a service WSDL, with their soapAction and the element QNames of their message parts */
async function readWsdl(url: string, bindingNs = WSDL_SOAP11_NS): Promise<{ root: XNode; text: string; ops: WsdlOp[]; address: string; imports: { namespace: string; schemaLocation: string }[] }> {
  const r = await get(url);
  assert.equal(r.status, 200, `${url}: ${r.status}`);
  const p = parseXml(r.body);
  assert.ok(p.ok, `${url} is not well-formed`);
  const root = p.root;
  assert.equal(root.ns, WSDL_NS);
  assert.equal(root.name, 'definitions');
  const messages = new Map(children(root, WSDL_NS, 'message').map((m) => [m.attrs['name']!, m]));
  const local = (q: string) => q.slice(q.indexOf(':') + 1);
  const portType = children(root, WSDL_NS, 'portType');
  const bindings = children(root, WSDL_NS, 'binding');
  assert.equal(portType.length, 1);
  assert.deepEqual(bindings.map((b) => b.children[0] && b.children[0].ns), [WSDL_SOAP11_NS, WSDL_SOAP12_NS], 'a SOAP 1.1 and a SOAP 1.2 binding');
  const binding = bindings.filter((b) => child(b, bindingNs, 'binding'));
  assert.equal(binding.length, 1);
  assert.equal(local(binding[0]!.attrs['type']!), portType[0]!.attrs['name']);
  assert.equal(child(binding[0], bindingNs, 'binding')?.attrs['style'], 'document');
  assert.equal(children(binding[0], WSDL_NS, 'operation').length, children(portType[0], WSDL_NS, 'operation').length, 'the binding has every operation of the port type');
  const ops = children(portType[0], WSDL_NS, 'operation').map((op) => {
    const b = children(binding[0], WSDL_NS, 'operation').find((x) => x.attrs['name'] === op.attrs['name']);
    assert.ok(b, `binding has operation ${op.attrs['name']}`);
    for (const body of descendants(b, bindingNs, 'body')) assert.equal(body.attrs['use'], 'literal');
    const parts = ['input', 'output', 'fault'].flatMap((io) =>
      children(op, WSDL_NS, io).map((x) => {
        const m = messages.get(local(x.attrs['message']!));
        assert.ok(m, `message ${x.attrs['message']} is defined`);
        const ps = children(m, WSDL_NS, 'part');
        assert.equal(ps.length, 1, 'one part per message');
        const q = ps[0]!.attrs['element']!;
        return { ns: nsOfPrefix(r.body, q.slice(0, q.indexOf(':'))), name: local(q) };
      }),
    );
    return { name: op.attrs['name']!, soapAction: child(b, bindingNs, 'operation')!.attrs['soapAction']!, parts };
  });
  const ports = descendants(root, WSDL_NS, 'port').filter((p) => local(p.attrs['binding']!) === binding[0]!.attrs['name']);
  assert.equal(ports.length, 1, 'one port of the binding');
  const address = child(ports[0], bindingNs, 'address')?.attrs['location'] ?? '';
  const imports = descendants(root, XSD_NS, 'import').map((i) => ({ namespace: i.attrs['namespace']!, schemaLocation: i.attrs['schemaLocation']! }));
  return { root, text: r.body, ops, address, imports };
}

async function services(sim: Simulator, role: 'MDM' | 'HES'): Promise<string[]> {
  const index = await getXml(`${sim.urlFor(role)}?wsdl`);
  assert.equal(index.ns, WSDL_NS);
  return children(index, WSDL_NS, 'import').map((i) => new URL(i.attrs['location']!).searchParams.get('wsdl')!);
}

describe('GET /<role>?wsdl and ?wsdl=<Service>', () => {
  test('a 2013 HES offers ExecuteEndDeviceControls with CreateEndDeviceControls, in the index and in what the simulator reports', async () => {
    const sim = sims['2013']!;
    const names = await services(sim, 'HES');
    assert.deepEqual(names, sim.services('HES'));
    assert.ok(names.includes('ExecuteEndDeviceControls') && names.includes('GetMeterReadings'), names.join(', '));
    assert.ok(!names.includes('ExecuteMeterConfig'), 'the HES serves no master data');
    const w = await readWsdl(`${sim.urlFor('HES')}?wsdl=ExecuteEndDeviceControls`);
    const ops = w.ops.map((o) => o.name);
    assert.ok(ops.includes('CreateEndDeviceControls'), ops.join(', '));
    assert.ok(!ops.includes('DeleteEndDeviceControls') && !ops.includes('ChangeEndDeviceControls'), ops.join(', '));
    assert.equal(w.root.attrs['targetNamespace'], 'http://iec.ch/TC57/2011/ExecuteEndDeviceControls');
    assert.equal(children(w.root, WSDL_NS, 'portType')[0]!.attrs['name'], 'EndDeviceControls_Port');
    assert.equal(children(w.root, WSDL_NS, 'binding')[0]!.attrs['name'], 'EndDeviceControls_Binding');
    assert.equal(children(w.root, WSDL_NS, 'service')[0]!.attrs['name'], 'ExecuteEndDeviceControls');
    assert.equal(w.address, sim.urlFor('HES'));
    const q = await readWsdl(`${sim.urlFor('HES')}?wsdl=GetMeterReadings`);
    assert.equal(children(q.root, WSDL_NS, 'portType')[0]!.attrs['name'], 'GetMeterReadings_Port');
    assert.equal(children(q.root, WSDL_NS, 'binding')[0]!.attrs['name'], 'GetMeterReadings_Binding');
  });

  for (const edition of ['2013', '2024', 'draft-2011'] as const) {
    test(`${edition}: every WSDL names exactly the operations the handlers accept, with soapActions of the pattern and parts the served XSDs declare`, async () => {
      const sim = sims[edition]!;
      const pack = packs[edition]!;
      const gen: BuildGeneration = edition === 'draft-2011' ? 'draft-2011' : '2013';
      for (const role of ['MDM', 'HES'] as const) {
        const offered = new Set<string>();
        const xsdCache = new Map<string, XNode>();
        for (const name of await services(sim, role)) {
          const w = await readWsdl(`${sim.urlFor(role)}?wsdl=${name}`);
          assert.ok(w.ops.length > 0, `${role} ${name} has operations`);
          for (const op of w.ops) {
            offered.add(op.name);
            // the operation is one a handler answers
            const verb = verbsOf(gen).find((v) => op.name.toLowerCase().startsWith(v) && HANDLERS.some((h) => h.matches(role, op.name.slice(v.length), v)));
            assert.ok(verb, `${role} ${name}: ${op.name} is answered by a handler`);
            const noun = op.name.slice(verb.length);
            const expected = verb === 'get' ? `http://iec.ch/TC57/2011/Get${noun}/Get${noun}` : `http://iec.ch/TC57/2011/${noun}/${op.name}`;
            assert.equal(op.soapAction, expected);
            // every part's element is a global element of the XSD the WSDL imports for its namespace, as served
            for (const part of op.parts) {
              const imp = w.imports.find((i) => i.namespace === part.ns);
              assert.ok(imp?.schemaLocation, `${op.name}: ${part.ns} is imported with a schemaLocation`);
              assert.ok(imp.schemaLocation.startsWith(`${sim.urlFor(role)}?xsd=`), imp.schemaLocation);
              let xsd = xsdCache.get(imp.schemaLocation);
              if (!xsd) xsdCache.set(imp.schemaLocation, (xsd = await getXml(imp.schemaLocation)));
              assert.equal(xsd.attrs['targetNamespace'], part.ns);
              assert.ok(
                children(xsd, XSD_NS, 'element').some((e) => e.attrs['name'] === part.name),
                `${op.name}: {${part.ns}}${part.name} is a global element of ${imp.schemaLocation}`,
              );
            }
          }
        }
        // and none they refuse: every (noun, verb) of the pack no handler matches is absent
        for (const noun of packNouns(pack, gen)) {
          for (const verb of verbsOf(gen)) {
            if (HANDLERS.some((h) => h.matches(role, noun, verb))) continue;
            const op = `${verb.charAt(0).toUpperCase()}${verb.slice(1)}${noun}`;
            assert.ok(!offered.has(op), `${edition} ${role}: ${op} is refused by the simulator but offered`);
          }
        }
        assert.ok(offered.size > 0);
      }
    });
  }

  test('the WSDL of the 2013 HES GetMeterReadings describes a request the simulator accepts (address and soapAction)', async () => {
    const sim = sims['2013']!;
    const w = await readWsdl(`${sim.urlFor('HES')}?wsdl=GetMeterReadings`);
    const op = w.ops.find((o) => o.name === 'GetMeterReadings')!;
    const msg = getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, ['M-1001'], []);
    const out = toSoap(msg, '1.1');
    assert.equal(out.soapAction, op.soapAction, "the suite's own SOAP action agrees with the WSDL");
    const body = parseXml(out.xml);
    assert.ok(body.ok);
    const sent = descendants(body.root, op.parts[0]!.ns, op.parts[0]!.name);
    assert.equal(sent.length, 1, 'the request carries the input part element');
    const http = await postSoap(w.address, out.xml, { soapVersion: '1.1', soapAction: op.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok, !http.ok ? http.message : '');
    const read = readMessage(http.body);
    assert.ok(read.ok && read.wire.message);
    assert.equal(read.wire.message.reply?.result, 'OK');
    const output = op.parts[1]!;
    assert.deepEqual({ ns: read.wire.message.node.ns, name: read.wire.message.node.name }, output, 'the response is the output part element');
  });

  test('the SOAP 1.2 binding of the 2013 HES GetMeterReadings describes a SOAP 1.2 request the simulator accepts', async () => {
    const sim = sims['2013']!;
    const w = await readWsdl(`${sim.urlFor('HES')}?wsdl=GetMeterReadings`, WSDL_SOAP12_NS);
    const op = w.ops.find((o) => o.name === 'GetMeterReadings')!;
    const msg = getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId() }, ['M-1001'], []);
    const out = toSoap(msg, '1.2');
    assert.equal(out.soapAction, op.soapAction, "the suite's own SOAP action agrees with the SOAP 1.2 binding");
    const http = await postSoap(w.address, out.xml, { soapVersion: '1.2', soapAction: op.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok, !http.ok ? http.message : '');
    const read = readMessage(http.body);
    assert.ok(read.ok && read.wire.message);
    assert.equal(read.wire.soap, '1.2', 'answered in SOAP 1.2');
    assert.equal(read.wire.message.reply?.result, 'OK');
  });

  test('soap:address and schemaLocations follow the Host header; a Host that is not a host name falls back to the listening address', async () => {
    const sim = sims['2013']!;
    const port = new URL(sim.url).port;
    const r = await get(`${sim.urlFor('HES')}?wsdl=GetMeterReadings`, { host: `sut.example:${port}` });
    assert.equal(r.status, 200);
    const p = parseXml(r.body);
    assert.ok(p.ok);
    assert.equal(descendants(p.root, WSDL_SOAP11_NS, 'address')[0]!.attrs['location'], `http://sut.example:${port}/hes`);
    assert.ok(descendants(p.root, XSD_NS, 'import').every((i) => i.attrs['schemaLocation']!.startsWith(`http://sut.example:${port}/hes?xsd=`)));
    // hostile values never reach the document
    for (const host of ['evil"><x', 'a b', 'x/y', 'h:99999', 'user@h', '']) assert.equal(originOf(host, sim.url), new URL(sim.url).origin, host);
    assert.equal(originOf('[::1]:8080', sim.url), 'http://[::1]:8080');
    assert.equal(originOf(undefined, sim.url), new URL(sim.url).origin);
  });

  test('an unknown service, and a service of another role, are 404 with a short text', async () => {
    const sim = sims['2013']!;
    for (const name of ['NoSuchService', 'ExecuteMeterConfig', '<x>', '../mdm']) {
      const r = await get(`${sim.urlFor('HES')}?wsdl=${encodeURIComponent(name)}`);
      assert.equal(r.status, 404, name);
      assert.match(r.type, /^text\/plain/);
      assert.ok(r.body.length < 200 && !r.body.includes(name), r.body);
    }
    assert.equal((await get(sim.urlFor('HES'))).status, 404);
  });
});

describe('GET /<role>?xsd=<path>', () => {
  test('serves the files of the pack with their imports rewritten to ?xsd= addresses that resolve', async () => {
    const sim = sims['2013']!;
    const xsd = await getXml(`${sim.urlFor('MDM')}?xsd=${encodeURIComponent('wrappers/MeterReadingsMessage.xsd')}`);
    assert.equal(xsd.attrs['targetNamespace'], 'http://iec.ch/TC57/2011/MeterReadingsMessage');
    const imports = children(xsd, XSD_NS, 'import');
    assert.ok(imports.length >= 2);
    for (const i of imports) {
      assert.ok(i.attrs['schemaLocation']!.startsWith(`${sim.urlFor('MDM')}?xsd=`), i.attrs['schemaLocation']);
      const target = await getXml(i.attrs['schemaLocation']!);
      assert.equal(target.attrs['targetNamespace'], i.attrs['namespace']);
    }
  });

  test('path traversal and anything else outside the pack is refused with 404', async () => {
    const sim = sims['2013']!;
    for (const p of ['../../package.json', 'wrappers/../../../package.json', '/etc/passwd', '..%2F..%2Fpackage.json', 'wrappers\\..\\..\\package.json', 'file:///etc/passwd', 'wrappers', '', 'wrappers/NoSuch.xsd']) {
      const r = await get(`${sim.urlFor('HES')}?xsd=${encodeURIComponent(p)}`);
      assert.equal(r.status, 404, p);
      assert.match(r.type, /^text\/plain/);
    }
    // raw (not encoded) traversal in the query too
    assert.equal((await get(`${sim.urlFor('HES')}?xsd=../../package.json`)).status, 404);
  });
});

test('serializeXml declares requested prefixes for QName-valued attributes', () => {
  const xml = serializeXml({ ns: 'urn:a', name: 'r', attrs: { ref: 'q:x' } }, { declare: { 'urn:q': 'q' } });
  assert.match(xml, /xmlns:q="urn:q"/);
  assert.throws(() => serializeXml({ ns: 'urn:a', name: 'r' }, { declare: { 'urn:q': 'xmlns' } }));
});

test('nounOfWrapperNs is the inverse of wrapperNs and queryWrapperNs', () => {
  assert.equal(nounOfWrapperNs(wrapperNs('EndDeviceControls')), 'EndDeviceControls');
  assert.equal(nounOfWrapperNs(queryWrapperNs('MeterReadings')), 'MeterReadings');
  assert.equal(nounOfWrapperNs(wrapperNs('MeterReadings', 'draft-2011'), 'draft-2011'), 'MeterReadings');
  assert.equal(nounOfWrapperNs(wrapperNs('MeterReadings', 'draft-2011')), undefined, 'a draft namespace is no noun of ed.1');
  for (const ns of ['http://iec.ch/TC57/2011/schema/message', 'http://iec.ch/TC57/2011/MeterReadings#', 'http://iec.ch/TC57/2015/MeterConfigOperationSetMessage', 'urn:x:FooMessage']) assert.equal(nounOfWrapperNs(ns), undefined, ns);
});

test("a user's folder over the own pack: base files are '<layer>:<path>', an import of a shadowed file goes to the user's file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cim9-wsdl-'));
  try {
    fs.mkdirSync(path.join(dir, 'official'));
    fs.copyFileSync(path.join(defaultPackDir('2013'), 'payloads', 'MeterReadings.xsd'), path.join(dir, 'official', 'MeterReadings-v3.xsd'));
    const user = loadSchemaPack(dir, { base: defaultPackDir('2013'), cache: false });
    try {
      const files = new PackFiles(user);
      const base = user.layers[1]!.name;
      assert.ok(files.keys.includes('official/MeterReadings-v3.xsd'), files.keys.join(', '));
      assert.ok(files.keys.includes(`${base}:wrappers/MeterReadingsMessage.xsd`), files.keys.join(', '));
      assert.ok(!files.keys.includes(`${base}:payloads/MeterReadings.xsd`), 'the shadowed file is not served');
      assert.equal(files.keyOfElement({ ns: 'http://iec.ch/TC57/2011/MeterReadingsMessage', name: 'CreatedMeterReadings' }), `${base}:wrappers/MeterReadingsMessage.xsd`);
      const doc = files.read(`${base}:wrappers/MeterReadingsMessage.xsd`, (k) => `http://h/mdm?xsd=${encodeURIComponent(k)}`);
      assert.ok(doc);
      const p = parseXml(doc);
      assert.ok(p.ok);
      const imp = children(p.root, XSD_NS, 'import').find((i) => i.attrs['namespace'] === 'http://iec.ch/TC57/2011/MeterReadings#');
      assert.equal(imp?.attrs['schemaLocation'], `http://h/mdm?xsd=${encodeURIComponent('official/MeterReadings-v3.xsd')}`);
      assert.equal(files.read('payloads/MeterReadings.xsd', (k) => k), undefined);
    } finally {
      user.dispose();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
