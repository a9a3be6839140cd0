/**
 * A hostile or broken SUT is a finding, never a crash. A tiny fake SUT (node:http on 127.0.0.1) answers
 * the suite's requests with an entity bomb, truncated XML, 20 MB, a wrong content type, HTTP 500 without
 * SOAP fault, or nothing at all; and posts the same to the suite's callback listener.
 *
 * The path under test is the one the Cucumber steps use: `Cim9World.send` and `Cim9World.receive`
 * (src/session/world.ts), which run postSoap, the content-type check, readMessage, schema validation and
 * the message rules. The World is constructed directly with a RunContext built from the reference
 * profile; Cucumber's runtime is not needed.
 * Run: node --import tsx --test test/world-hostile.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readMessageLog } from '../src/report/exchanges.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { IWorldOptions } from '@cucumber/cucumber';
import { Cim9World, type Exchange } from '../src/session/world.ts';
import type { RunContext } from '../src/session/run.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { describeAssumptions, loadProfile, type Profile } from '../src/profile/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { MessageIdRegistry } from '../src/checks/envelope.ts';
import { formatFinding, type Finding } from '../src/checks/finding.ts';
import { closeAllClients, closeIdleAsks, postSoap, startListener, type Listener } from '../src/transport/index.ts';
import { PREFIXES, buildEnvelope, contentTypeFor, newMessageId, nowTimestamp, readMessage, soapFault, toSoap, type Header, type Message } from '../src/message/index.ts';
import { serializeXml } from '../src/xml/index.ts';
import { getMeterReadingsMessage, withUndeclaredQueryElement } from '../src/usecases/requests.ts';
import { repoPath } from '../src/paths.ts';

const REGISTER_RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const pack = loadSchemaPack(defaultPackDir('2013'));
const baseProfile = loadProfile(repoPath('profiles', 'reference.yaml'));
const REPORTS = mkdtempSync(join(tmpdir(), 'cim9-world-hostile-'));

// ---------------------------------------------------------------------------------------------
// the fake SUT: one behaviour per path

type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

let server: http.Server;
let base = '';
const behaviours = new Map<string, Behaviour>();
/** requests the fake SUT received, by path */
const seen: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(req.url ?? '');
      const b = behaviours.get(req.url ?? '');
      res.on('error', () => undefined);
      if (!b) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no behaviour');
        return;
      }
      b(req, res, Buffer.concat(chunks));
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeAllClients(100);
  rmSync(REPORTS, { recursive: true, force: true });
});

/** the reply a conformant SUT would send to `req`, as SOAP text */
function conformantReply(req: Header, over: Partial<Message> = {}): string {
  return toSoap(
    {
      kind: 'response',
      query: true,
      header: { verb: 'reply', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'fake-sut', messageId: newMessageId(), correlationId: req.correlationId },
      reply: { result: 'FAILED', errors: [{ code: '2.4', level: 'FATAL', reason: 'unknown meter' }] },
      ...over,
    },
    '1.1',
  ).xml;
}

/** the request header the suite sent, read back from the request body (so replies can echo it) */
function requestHeader(body: Buffer): Header {
  const r = readMessage(body);
  const h = r.ok ? r.wire.message?.header : undefined;
  return h ?? { verb: 'get', noun: 'MeterReadings' };
}

const BOMB = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
  ']>',
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&lol9;</soap:Body></soap:Envelope>',
].join('\n');

const XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&x;</soap:Body></soap:Envelope>';

// ---------------------------------------------------------------------------------------------
// the World, as the hooks would build it, pointed at the fake SUT

interface Harness {
  world: Cim9World;
  attachments: { data: unknown; fileName?: string }[];
}

function harness(path: string, opts: { responseSeconds?: number; maxReplyBytes?: number; listener?: Listener; embedded?: boolean } = {}): Harness {
  const profile: Profile = {
    ...baseProfile,
    sut: { ...baseProfile.sut, embedded: opts.embedded ?? false, maxReplyBytes: opts.maxReplyBytes ?? baseProfile.sut.maxReplyBytes },
    timeouts: { ...baseProfile.timeouts, responseSeconds: opts.responseSeconds ?? 5 },
  };
  const attachments: Harness['attachments'] = [];
  const attach = ((data: unknown, o?: { fileName?: string }) => {
    attachments.push({ data, fileName: typeof o === 'object' ? o?.fileName : undefined });
  }) as unknown as IWorldOptions['attach'];
  const world = new Cim9World({ attach, log: (() => undefined) as unknown as IWorldOptions['log'], link: (() => undefined) as unknown as IWorldOptions['link'], parameters: {} });
  const run: RunContext = {
    profile,
    assumptions: describeAssumptions(profile),
    pack,
    listener: opts.listener as Listener,
    faults: [],
    endpoint: () => `${base}${path}`,
    messageIds: new MessageIdRegistry(),
    // every message exchanged is logged there (src/report/exchanges.ts), with its body under bodies/
    reportsDir: REPORTS,
    close: async () => undefined,
    // the fake SUT stands in for the embedded reference SUT when asked to (its /_control/idle is a behaviour)
    ...(opts.embedded ? { simulator: { url: base, urlFor: () => `${base}${path}` } as unknown as RunContext['simulator'] } : {}),
  };
  world.run = run;
  world.scenarioName = `hostile ${path}`;
  return { world, attachments };
}

async function sendGet(h: Harness, label = 'get(MeterReadings)'): Promise<Exchange> {
  const msg = getMeterReadingsMessage(h.world.requestHeader('get', 'MeterReadings'), ['M-1001'], [REGISTER_RT]);
  return h.world.send('MDM', msg, label);
}

const show = (fs: Finding[]) => fs.map(formatFinding).join('\n') || '(no findings)';
const rulesOf = (fs: Finding[]) => [...new Set(fs.map((f) => f.rule))].sort();
function errorOf(fs: Finding[], rule: string, message?: RegExp): Finding {
  const f = fs.find((x) => x.rule === rule && x.severity === 'error' && (!message || message.test(x.message)));
  assert.ok(f, `no error ${rule}${message ? ` matching ${message}` : ''} in:\n${show(fs)}`);
  return f;
}

// ---------------------------------------------------------------------------------------------
describe('Cim9World.send against a hostile SUT', () => {
  test('baseline: a conformant reply gives no error finding', async () => {
    behaviours.set('/ok', (_req, res, body) => {
      res.writeHead(200, { 'content-type': contentTypeFor('1.1') });
      res.end(conformantReply(requestHeader(body)));
    });
    const h = harness('/ok');
    const x = await sendGet(h);
    assert.deepEqual(x.findings.filter((f) => f.severity === 'error'), [], show(x.findings));
    assert.equal(x.wire?.message?.reply?.result, 'FAILED');
    assert.equal(x.received?.status, 200);
    assert.equal(h.world.exchanges.length, 1);
    assert.equal(h.world.last, x);
    assert.ok(h.attachments.some((a) => /request/.test(a.fileName ?? '')) && h.attachments.some((a) => /reply/.test(a.fileName ?? '')));
    // the run's message log for the evidence bundle: the request and the reply, raw bytes stored, time and direction
    const logged = readMessageLog(REPORTS).filter((m) => m.scenario === 'hostile /ok');
    assert.deepEqual(logged.map((m) => [m.direction, m.label]), [['sent', 'get(MeterReadings)'], ['received', 'get(MeterReadings): reply']]);
    assert.equal(readFileSync(join(REPORTS, logged[1]!.body.file!)).toString('utf8'), x.received!.body.toString('utf8'));
    assert.equal(logged[0]!.at, x.sent!.at.toISOString());
  });

  test('a refusal of the suite\'s request: the request is checked against the pack, and its own schema errors recorded', async () => {
    behaviours.set('/refuse-all', (_req, res, body) => {
      res.writeHead(200, { 'content-type': contentTypeFor('1.1') });
      res.end(conformantReply(requestHeader(body)));
    });
    const h = harness('/refuse-all');
    const valid = await sendGet(h);
    assert.deepEqual(valid.sent?.invalid, [], 'a valid request has none');
    const msg = withUndeclaredQueryElement(getMeterReadingsMessage(h.world.requestHeader('get', 'MeterReadings'), ['M-1001'], [REGISTER_RT]));
    const bad = await h.world.send('MDM', msg, 'get(MeterReadings) built wrong');
    assert.ok((bad.sent?.invalid ?? []).length > 0, 'the request the suite built wrong has its schema errors');
  });

  test('(a) a DOCTYPE entity bomb is an XML finding, quickly, and nothing is expanded', async () => {
    behaviours.set('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(BOMB);
    });
    const h = harness('/bomb');
    const t0 = performance.now();
    const x = await sendGet(h);
    assert.ok(performance.now() - t0 < 5000);
    assert.equal(x.wire, undefined);
    errorOf(x.findings, 'XML');
    assert.ok(!x.findings.some((f) => f.message.includes('lollol')));
    assert.ok(h.world.findings.length >= 1, 'the findings are recorded on the World');
  });

  test('(a) an external entity to /etc/passwd is refused and nothing of the file reaches the findings', async () => {
    behaviours.set('/xxe', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(XXE);
    });
    const x = await sendGet(harness('/xxe'));
    errorOf(x.findings, 'XML', /DOCTYPE/);
    assert.ok(!/root:|daemon:/.test(JSON.stringify(x.findings)));
  });

  test('(b) truncated XML is an XML finding with a line number', async () => {
    behaviours.set('/truncated', (_req, res, body) => {
      const full = Buffer.from(conformantReply(requestHeader(body)), 'utf8');
      const cut = full.subarray(0, Math.floor((full.length * 2) / 3));
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(cut.length) });
      res.end(cut);
    });
    const x = await sendGet(harness('/truncated'));
    assert.equal(x.wire, undefined);
    const f = errorOf(x.findings, 'XML', /not well-formed/);
    assert.ok(typeof f.line === 'number' && f.line > 1, `line ${f.line}`);
  });

  test(
    '(b) a body shorter than its Content-Length (connection closed mid-body) is a TRANSPORT finding',
    async () => {
    behaviours.set('/short', (_req, res, body) => {
      const full = Buffer.from(conformantReply(requestHeader(body)), 'utf8');
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(full.length + 100) });
      res.write(full);
      // close the connection without sending the promised bytes (after the written part has left)
      setTimeout(() => res.socket?.destroy(), 100);
    });
    const x = await sendGet(harness('/short'));
    errorOf(x.findings, 'TRANSPORT');
    assert.equal(x.wire, undefined);
    },
  );

  test('(b) postSoap itself reports the close mid-body as a failure, never a success with a cut body', async () => {
    const r = await postSoap(`${base}/short`, toSoap(getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings' }, ['M-1001'], []), '1.1').xml, { soapVersion: '1.1', timeoutMs: 3000, maxBytes: 1e6 });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /while reading the body after \d+ bytes/);
  });

  test(
    '(b) a SUT that takes the request and drops the connection without answering is a finding about the SUT',
    async () => {
      behaviours.set('/drop', (req) => {
        req.socket.destroy();
      });
      const x = await sendGet(harness('/drop'));
      errorOf(x.findings, 'TRANSPORT');
    },
  );

  test('(c) a 20 MB body is refused by the size limit (streamed, no Content-Length)', async () => {
    behaviours.set('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 20) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
    });
    const h = harness('/huge');
    const x = await sendGet(h);
    const f = errorOf(x.findings, 'TRANSPORT', /exceeds the limit of 16777216 bytes/);
    assert.ok(f);
    assert.equal(x.received, undefined, 'nothing is kept of an oversized body');
    assert.equal(x.wire, undefined);
  });

  test('(c) a declared Content-Length over the limit is refused before reading', async () => {
    behaviours.set('/huge-declared', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(20 * 1024 * 1024) });
      res.write(Buffer.alloc(1024, 0x20));
      // never finish: the client must not wait for the rest
    });
    const h = harness('/huge-declared', { maxReplyBytes: 1024 * 1024 });
    const t0 = performance.now();
    const x = await sendGet(h);
    assert.ok(performance.now() - t0 < 4000);
    errorOf(x.findings, 'TRANSPORT', /Content-Length 20971520, over the limit/);
  });

  test('(c) the profile limit applies (a 2 MB reply with a 1 MB limit)', async () => {
    behaviours.set('/two-mb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(Buffer.alloc(2 * 1024 * 1024, 0x20));
    });
    const x = await sendGet(harness('/two-mb', { maxReplyBytes: 1024 * 1024 }));
    errorOf(x.findings, 'TRANSPORT', /limit of 1048576 bytes/);
  });

  test('(d) a wrong content type is an ENV-CONTENT-TYPE finding; the message itself is still read and checked', async () => {
    for (const [path, ct] of [['/ct-html', 'text/html'], ['/ct-soap12', 'application/soap+xml; charset=utf-8'], ['/ct-latin1', 'text/xml; charset=iso-8859-1'], ['/ct-none', '']] as const) {
      behaviours.set(path, (_req, res, body) => {
        res.writeHead(200, ct ? { 'content-type': ct } : {});
        res.end(conformantReply(requestHeader(body)));
      });
      const x = await sendGet(harness(path));
      errorOf(x.findings, 'ENV-CONTENT-TYPE');
      assert.equal(x.wire?.message?.reply?.result, 'FAILED', `${path}: the reply is still read`);
      assert.deepEqual(x.findings.filter((f) => f.severity === 'error' && f.rule !== 'ENV-CONTENT-TYPE'), [], `${path}:\n${show(x.findings)}`);
    }
  });

  test('(e) HTTP 500 without SOAP fault is a TRANSPORT finding (with a readable message body, and with text)', async () => {
    behaviours.set('/500-message', (_req, res, body) => {
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(conformantReply(requestHeader(body)));
    });
    const a = await sendGet(harness('/500-message'));
    errorOf(a.findings, 'TRANSPORT', /HTTP 500 without a SOAP fault/);
    assert.equal(a.received?.status, 500);

    behaviours.set('/500-text', (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    });
    const b = await sendGet(harness('/500-text'));
    errorOf(b.findings, 'TRANSPORT', /HTTP 500/);
    errorOf(b.findings, 'XML');
    errorOf(b.findings, 'ENV-CONTENT-TYPE');
  });

  test('(e) HTTP 500 with a SOAP fault is accepted at transport level', async () => {
    behaviours.set('/500-fault', (_req, res) => {
      const detail = buildEnvelope({ kind: 'fault', form: 'generic', noun: 'MeterReadings', reply: { result: 'FAILED', errors: [{ code: '1.8', level: 'FATAL' }] } });
      res.writeHead(500, { 'content-type': contentTypeFor('1.1') });
      res.end(serializeXml(soapFault('1.1', 'Client', 'invalid', detail), { prefixes: PREFIXES }));
    });
    const x = await sendGet(harness('/500-fault'));
    assert.ok(x.wire?.fault);
    assert.deepEqual(x.findings.filter((f) => f.rule === 'TRANSPORT'), [], show(x.findings));
  });

  test('other statuses: 302 and 204 are TRANSPORT findings', async () => {
    behaviours.set('/302', (_req, res) => {
      res.writeHead(302, { location: '/ok' });
      res.end();
    });
    const a = await sendGet(harness('/302'));
    errorOf(a.findings, 'TRANSPORT', /HTTP 302/);
    behaviours.set('/204', (_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const b = await sendGet(harness('/204'));
    errorOf(b.findings, 'TRANSPORT', /HTTP 204/);
  });

  test('(f) a SUT that never answers is a TRANSPORT timeout finding within the response limit', async () => {
    behaviours.set('/silent', () => {
      // accept the request, never answer
    });
    const h = harness('/silent', { responseSeconds: 0.5 });
    const t0 = performance.now();
    const x = await sendGet(h);
    const elapsed = performance.now() - t0;
    assert.ok(elapsed >= 450 && elapsed < 4000, `${elapsed} ms`);
    errorOf(x.findings, 'TRANSPORT', /no complete response within the limit of 500 ms/);
    assert.equal(x.received, undefined);
  });

  test('(f) a SUT that trickles bytes forever also times out', async () => {
    behaviours.set('/trickle', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const t = setInterval(() => {
        if (!res.writableEnded && !res.destroyed) res.write(' ');
      }, 50);
      res.on('close', () => clearInterval(t));
    });
    const x = await sendGet(harness('/trickle', { responseSeconds: 0.5 }));
    errorOf(x.findings, 'TRANSPORT', /timed out while reading the body/);
  });

  test('binary junk, a deeply nested body and an empty body are XML findings', async () => {
    const bodies: [string, Buffer][] = [
      ['/junk', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
      ['/deep', Buffer.from(`<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</soap:Body></soap:Envelope>`)],
      ['/empty', Buffer.alloc(0)],
    ];
    for (const [path, payload] of bodies) {
      behaviours.set(path, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(payload);
      });
      const x = await sendGet(harness(path));
      assert.equal(x.wire, undefined, path);
      errorOf(x.findings, 'XML');
    }
  });

  test('a reply that is well-formed but not an IEC message is a finding (schema)', async () => {
    behaviours.set('/foreign', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(serializeXml({ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Envelope', children: [{ ns: 'http://schemas.xmlsoap.org/soap/envelope/', name: 'Body', children: [{ ns: 'urn:acme', name: 'Order', text: 'x' }] }] }));
    });
    const x = await sendGet(harness('/foreign'));
    assert.ok(x.findings.some((f) => f.severity === 'error'), show(x.findings));
    assert.ok(rulesOf(x.findings).includes('XSD'), show(x.findings));
  });

  test('a SUT that cannot be reached is a suite error (SuiteError), not a verdict on the SUT', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const h = harness('/ok');
    h.world.run.endpoint = () => `http://127.0.0.1:${port}/gone`;
    await assert.rejects(sendGet(h), SuiteError);
  });

  test('the fake SUT saw every request the tests sent', () => {
    assert.ok(seen.length >= 15, `${seen.length} requests`);
  });
});

// ---------------------------------------------------------------------------------------------
describe('Cim9World.receive: hostile deliveries at the callback listener', () => {
  let listener: Listener;
  before(async () => {
    listener = await startListener({
      maxBytes: 1024 * 1024,
      inspect: (body) => {
        const r = readMessage(body, { maxBytes: 1024 * 1024 });
        if (!r.ok) return { problem: r.problem.message };
        const m = r.wire.message;
        return { correlationId: m?.header?.correlationId, messageId: m?.header?.messageId, problem: m?.problems[0] };
      },
      respond: () => ({ status: 200, contentType: contentTypeFor('1.1'), body: toSoap({ kind: 'response', header: { verb: 'reply', noun: 'EndDeviceEvents' }, reply: { result: 'OK' } }, '1.1').xml }),
    });
  });
  after(async () => {
    await listener.close();
  });

  async function deliver(path: string, body: string | Buffer, contentType = 'text/xml; charset=utf-8'): Promise<number> {
    const res = await fetch(listener.urlFor(path), { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    await res.arrayBuffer();
    return res.status;
  }

  test('an entity bomb delivered to the listener is an XML finding of the received exchange', async () => {
    assert.equal(await deliver('hostile-a', BOMB), 200);
    const h = harness('/unused', { listener });
    const x = await h.world.receive('hostile-a', { predicate: () => true }, 2, 'event to the OMS');
    assert.ok(x);
    assert.equal(x.wire, undefined);
    errorOf(x.findings, 'XML');
  });

  test('a truncated delivery with the wrong content type', async () => {
    const xml = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'x', messageId: newMessageId() } }, '1.1').xml;
    assert.equal(await deliver('hostile-b', xml.slice(0, xml.length - 40), 'application/json'), 200);
    const x = await harness('/unused', { listener }).world.receive('hostile-b', { predicate: () => true }, 2, 'event to the OMS');
    assert.ok(x);
    errorOf(x.findings, 'XML');
    errorOf(x.findings, 'ENV-CONTENT-TYPE');
  });

  test('an oversized delivery is refused (413) and never handed to a scenario; the wait ends empty, not in a crash', async () => {
    const status = await deliver('hostile-c', Buffer.alloc(2 * 1024 * 1024, 0x20)).catch(() => 413);
    assert.equal(status, 413);
    const x = await harness('/unused', { listener }).world.receive('hostile-c', { predicate: () => true }, 0.3, 'event to the OMS');
    assert.equal(x, undefined);
    assert.ok(listener.unclaimed().some((m) => m.path === 'hostile-c' && m.delivery === 'oversized'));
  });

  test('a wait ends when the embedded SUT says nothing more can come within the limit, and the evidence says so; an external SUT gets the whole limit', async () => {
    behaviours.set('/_control/idle?quietMs=20000', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ idle: false, quiet: true, inFlight: 0, scheduled: 1 }));
    });
    const h = harness('/unused', { listener, embedded: true });
    const x = await h.world.receive('never', { predicate: () => true }, 20, 'result that never comes');
    assert.equal(x, undefined);
    const note = h.attachments.find((a) => a.fileName === 'wait ended when the reference SUT was idle.txt');
    assert.match(String(note?.data), /"result that never comes" ended after [\d.]+ s, when the reference SUT said nothing more would reach the suite within the limit .* instead of at its limit of 20 s/);
    assert.match(h.world.waitedText('result that never comes', 20, 'timeouts.asyncResultSeconds'), /when the reference SUT said nothing more would reach the suite within the limit/);

    const ext = harness('/unused', { listener });
    const x2 = await ext.world.receive('never', { predicate: () => true }, 0.3, 'result that never comes');
    assert.equal(x2, undefined);
    assert.equal(ext.attachments.some((a) => a.fileName === 'wait ended when the reference SUT was idle.txt'), false);
    assert.equal(ext.world.waitedText('result that never comes', 0.3, 'timeouts.asyncResultSeconds'), 'within 0.3 s (timeouts.asyncResultSeconds)');

    const opted = harness('/unused', { listener, embedded: true });
    assert.equal(await opted.world.receive('never', { predicate: () => true }, 0.3, 'whole limit', { endWhenIdle: false }), undefined);
    assert.equal(opted.attachments.some((a) => a.fileName === 'wait ended when the reference SUT was idle.txt'), false);
  });

  test('a delivery already at the listener is taken without asking the embedded SUT; a question whose wait got its delivery is not withdrawn', async () => {
    // the fake SUT counts the questions and answers each 300 ms after it came, quiet (as the reference SUT does once the
    // delivery it was sending has been acknowledged)
    const asked: number[] = [];
    const ended: boolean[] = [];
    behaviours.set('/_control/idle?quietMs=3000', (req, res) => {
      asked.push(Date.now());
      let done = false;
      res.on('close', () => ended.push(done));
      setTimeout(() => {
        done = true;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ idle: true, quiet: true, inFlight: 0, scheduled: 0 }));
      }, 300);
    });
    const event = (c: string) => toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'x', messageId: newMessageId(), correlationId: c } }, '1.1').xml;
    assert.equal(await deliver('idle-a', event('c-early')), 200);
    const early = await harness('/unused', { listener, embedded: true }).world.receive('idle-a', { correlationId: 'c-early' }, 3, 'event already there');
    assert.ok(early, 'the delivery that came before the wait is taken');
    assert.equal(asked.length, 0, 'no question for a delivery already at the listener');

    const h = harness('/unused', { listener, embedded: true });
    const waiting = h.world.receive('idle-a', { correlationId: 'c-late' }, 3, 'event that comes');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await deliver('idle-a', event('c-late')), 200);
    assert.ok(await waiting, 'the delivery that came during the wait is taken');
    assert.equal(asked.length, 1, 'one question while nothing had come');
    assert.equal(h.attachments.some((a) => a.fileName === 'wait ended when the reference SUT was idle.txt'), false);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(ended, [true], 'the question got its answer: it was not withdrawn (which would close its connection)');
    await closeIdleAsks();
  });

  test('postSoap from a peer with a never-ending body to the listener does not wedge it', async () => {
    // a second, ordinary delivery still works after the hostile ones
    const ok = await postSoap(listener.urlFor('after'), toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', correlationId: 'c-after' } }, '1.1').xml, { soapVersion: '1.1', timeoutMs: 2000, maxBytes: 1e6 });
    assert.ok(ok.ok && ok.status === 200);
    const x = await harness('/unused', { listener }).world.receive('after', { correlationId: 'c-after' }, 2, 'after');
    assert.ok(x?.wire?.message);
  });
});
