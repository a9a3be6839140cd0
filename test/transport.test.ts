import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAllClients, postSoap, checkSoapContentType, soapContentType } from '../src/transport/http.ts';
import { startListener } from '../src/transport/listener.ts';
import type { Inspected, Listener, ReceivedMessage } from '../src/transport/listener.ts';

// ---------------------------------------------------------------------------------------------
// helpers: small servers on 127.0.0.1, port 0, closed after each test

async function serve(handler: http.RequestListener): Promise<{ url: string; server: http.Server; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/service`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ENVELOPE = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>';
// a generous time limit for the exchanges that must succeed (a loaded machine is slow); the tests of the time limit set their own
const base = { timeoutMs: 10_000, maxBytes: 1_000_000 };

after(async () => {
  await closeAllClients(100);
});

describe('postSoap', () => {
  test('SOAP 1.1 sends text/xml and a quoted SOAPAction', async () => {
    let seen: http.IncomingHttpHeaders = {};
    let seenBody = '';
    const s = await serve((req, res) => {
      seen = req.headers;
      req.setEncoding('utf8');
      req.on('data', (c: string) => (seenBody += c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(ENVELOPE);
      });
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, {
        ...base,
        soapVersion: '1.1',
        soapAction: 'http://iec.ch/TC57/2011/MeterReadings/CreatedMeterReadings',
        basicAuth: { username: 'u', password: 'p' },
        headers: { 'X-Test': 'yes' },
      });
      assert.equal(out.ok, true);
      if (!out.ok) return;
      assert.equal(out.status, 200);
      assert.equal(out.body.toString('utf8'), ENVELOPE);
      assert.equal(out.contentType, 'text/xml; charset=utf-8');
      assert.equal(checkSoapContentType(out.contentType, '1.1'), null);
      assert.ok(out.receivedAt.getTime() >= out.sentAt.getTime());
      assert.equal(seen['content-type'], 'text/xml; charset=utf-8');
      assert.equal(seen['soapaction'], '"http://iec.ch/TC57/2011/MeterReadings/CreatedMeterReadings"');
      assert.equal(seen['authorization'], `Basic ${Buffer.from('u:p').toString('base64')}`);
      assert.equal(seen['x-test'], 'yes');
      assert.equal(seenBody, ENVELOPE);
    } finally {
      await s.close();
    }
  });

  test('SOAP 1.2 puts the action in the content type and sends no SOAPAction', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const s = await serve((req, res) => {
      seen = req.headers;
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'text/xml' });
        res.end('<fault/>');
      });
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.2', soapAction: 'urn:a' });
      assert.equal(out.ok, true);
      if (!out.ok) return;
      assert.equal(out.status, 500, 'any HTTP status is a response, not a failure');
      assert.equal(seen['content-type'], 'application/soap+xml; charset=utf-8; action="urn:a"');
      assert.equal(seen['soapaction'], undefined);
      assert.match(checkSoapContentType(out.contentType, '1.2') ?? '', /expects application\/soap\+xml/);
    } finally {
      await s.close();
    }
  });

  test('SOAP 1.1 without an action sends SOAPAction: ""', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const s = await serve((req, res) => {
      seen = req.headers;
      req.resume();
      req.on('end', () => res.end());
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.1' });
      assert.equal(out.ok, true);
      assert.equal(seen['soapaction'], '""');
      assert.equal(soapContentType('1.2'), 'application/soap+xml; charset=utf-8');
    } finally {
      await s.close();
    }
  });

  test('times out on a server that never answers', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.1', timeoutMs: 200 });
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, 'timeout');
      assert.match(out.message, /200 ms/);
      assert.ok(out.message.includes(s.url), out.message);
      assert.match(out.message, /headers/);
      assert.ok(out.elapsedMs >= 190 && out.elapsedMs < 1000, String(out.elapsedMs));
    } finally {
      await s.close();
    }
  });

  test('times out on a server that trickles the body (the deadline covers the body)', async () => {
    const timers: NodeJS.Timeout[] = [];
    const s = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<');
      const t = setInterval(() => res.write(' '), 30);
      timers.push(t);
      res.on('close', () => clearInterval(t));
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.1', timeoutMs: 300 });
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, 'timeout');
      assert.match(out.message, /reading the body/);
      assert.match(out.message, /300 ms/);
      assert.ok(out.elapsedMs < 1000, String(out.elapsedMs));
    } finally {
      timers.forEach(clearInterval);
      await s.close();
    }
  });

  test('aborts a huge body as soon as it crosses the limit', async () => {
    let written = 0;
    let closedAt = -1;
    const s = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/xml' }); // no Content-Length: chunked, endless
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && written < 512 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => (closedAt = written));
      pump();
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.1', maxBytes: 100_000, timeoutMs: 5000 });
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, 'too-large');
      assert.match(out.message, /100000 bytes/);
      assert.ok(out.message.includes(s.url));
      // the server saw the connection go away long before 512 MiB
      for (let i = 0; i < 50 && closedAt < 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(closedAt > 0 && closedAt < 64 * 1024 * 1024, `server wrote ${closedAt} bytes before the close`);
    } finally {
      await s.close();
    }
  });

  test('refuses a declared Content-Length over the limit without reading', async () => {
    const s = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '999999999' });
      res.write('<a>');
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.1', maxBytes: 1000 });
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, 'too-large');
      assert.match(out.message, /Content-Length 999999999.*1000 bytes/);
    } finally {
      await s.close();
    }
  });

  test('asks for no content coding; a gzip reply is a protocol failure naming Content-Encoding', async () => {
    const { gzipSync } = await import('node:zlib');
    let asked: string | undefined;
    const s = await serve((req, res) => {
      asked = req.headers['accept-encoding'];
      req.resume();
      res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' });
      res.end(gzipSync(ENVELOPE));
    });
    try {
      const out = await postSoap(s.url, ENVELOPE, { ...base, soapVersion: '1.1' });
      assert.equal(asked, 'identity');
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, 'protocol');
      assert.equal(out.reachable, true);
      assert.match(out.message, /Content-Encoding "gzip".*Accept-Encoding: identity/);
    } finally {
      await s.close();
    }
  });

  test('connection refused is a connection failure', async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    const out = await postSoap(url, ENVELOPE, { ...base, soapVersion: '1.1' });
    assert.equal(out.ok, false);
    if (out.ok) return;
    assert.equal(out.kind, 'connection');
    assert.match(out.message, /ECONNREFUSED/);
    assert.ok(out.message.includes(url));
  });

  test('a malformed HTTP response is a protocol failure; a bad URL is not thrown', async () => {
    const net = await import('node:net');
    const server = net.createServer((sock) => {
      sock.on('data', () => sock.end('HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\nhello'));
      sock.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const out = await postSoap(`http://127.0.0.1:${port}/x`, ENVELOPE, { ...base, soapVersion: '1.1' });
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.kind, 'protocol', out.message);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    const bad = await postSoap('not a url', ENVELOPE, { ...base, soapVersion: '1.1' });
    assert.equal(bad.ok, false);
    const ftp = await postSoap('ftp://127.0.0.1/x', ENVELOPE, { ...base, soapVersion: '1.1' });
    assert.equal(ftp.ok, false);
  });
});

describe('checkSoapContentType', () => {
  test('accepts the right media types and flags the rest', () => {
    assert.equal(checkSoapContentType('text/xml', '1.1'), null);
    assert.equal(checkSoapContentType('Text/XML; Charset="UTF-8"', '1.1'), null);
    assert.equal(checkSoapContentType('application/soap+xml; charset=utf-8; action="urn:x"', '1.2'), null);
    assert.match(checkSoapContentType(undefined, '1.1') ?? '', /no Content-Type/);
    assert.match(checkSoapContentType('application/soap+xml', '1.1') ?? '', /SOAP 1\.2 media type/);
    assert.match(checkSoapContentType('application/json', '1.2') ?? '', /expects application\/soap\+xml/);
    assert.match(checkSoapContentType('text/xml; charset=iso-8859-1', '1.1') ?? '', /R1012/);
  });
});

// ---------------------------------------------------------------------------------------------
// listener

/** test parser: the body is "<correlationId>|<verb>", or "bad" */
function inspect(body: Buffer): Inspected {
  const s = body.toString('utf8');
  if (s === 'throw') throw new Error('parser exploded');
  const [correlationId, verb] = s.split('|');
  return correlationId ? { correlationId, verb } : { problem: 'empty' };
}

const ack = (m: ReceivedMessage) => ({ status: 200, contentType: 'text/xml; charset=utf-8', body: `<ack seq="${m.seq}"/>` });

async function deliver(url: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/xml' }) {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
  return { status: res.status, text: await res.text() };
}

async function withListener(fn: (l: Listener) => Promise<void>, maxBytes = 10_000) {
  const l = await startListener({ maxBytes, inspect, respond: ack });
  try {
    await fn(l);
  } finally {
    await l.close();
  }
}

describe('callback listener', () => {
  test('binds to 127.0.0.1 by default and answers with the caller acknowledgement', () =>
    withListener(async (l) => {
      assert.match(l.url, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      assert.equal(l.urlFor('/oms-events/'), `${l.url}/oms-events`);
      const r = await deliver(l.url, 'c1|created');
      assert.equal(r.status, 200);
      assert.equal(r.text, '<ack seq="1"/>');
      const [m] = l.all();
      assert.equal(m.delivery, 'accepted');
      assert.equal(m.path, '');
      assert.equal(m.contentType, 'text/xml');
      assert.deepEqual(m.inspected, { correlationId: 'c1', verb: 'created' });
    }));

  test('correlates out-of-order callbacks: three waiters, callbacks in reverse order', () =>
    withListener(async (l) => {
      const waits = ['c1', 'c2', 'c3'].map((c) => l.waitFor({ correlationId: c, path: 'async' }, 2000, `scenario-${c}`));
      for (const c of ['c3', 'c2', 'c1']) await deliver(l.urlFor('async'), `${c}|created`);
      const outs = await Promise.all(waits);
      outs.forEach((o, i) => {
        assert.equal(o.ok, true);
        if (!o.ok) return;
        assert.equal(o.message.inspected.correlationId, `c${i + 1}`);
        assert.equal(o.message.claimedBy, `scenario-c${i + 1}`);
      });
      assert.deepEqual(l.all().map((m) => m.inspected.correlationId), ['c3', 'c2', 'c1']);
      assert.equal(l.unclaimed().length, 0);
    }));

  test('a message that arrives before waitFor is buffered, and is given to one claimant only', () =>
    withListener(async (l) => {
      await deliver(l.urlFor('async'), 'early|created');
      const first = await l.waitFor({ correlationId: 'early' }, 300, 'a');
      assert.equal(first.ok, true);
      if (first.ok) assert.equal(first.message.claimedBy, 'a');
      const second = await l.waitFor({ correlationId: 'early' }, 200, 'b');
      assert.equal(second.ok, false);
      if (!second.ok) assert.equal(second.kind, 'timeout');
    }));

  test('lastTimeout(path) says when a wait at that path last timed out (the run listens longer for late results)', () =>
    withListener(async (l) => {
      assert.equal(l.lastTimeout('replies'), undefined, 'no wait yet');
      await deliver(l.urlFor('replies'), 'r1|created');
      const found = await l.waitFor({ correlationId: 'r1', path: 'replies' }, 200, 'a');
      assert.equal(found.ok, true);
      assert.equal(l.lastTimeout('replies'), undefined, 'a wait that found its message did not time out');
      const before = Date.now();
      const missed = await l.waitFor({ correlationId: 'r2', path: '/replies/' }, 50, 'b');
      assert.equal(missed.ok, false);
      const at = l.lastTimeout('replies');
      assert.ok(at !== undefined && at >= before, 'the timeout is recorded for the path, slashes ignored');
      assert.equal(l.lastTimeout('oms'), undefined, 'other paths are not affected');
    }));

  test('path and predicate narrow the match; a throwing predicate is no match', () =>
    withListener(async (l) => {
      await deliver(l.urlFor('oms'), 'x|created');
      await deliver(l.urlFor('async'), 'x|created');
      const bad = await l.waitFor({ predicate: () => { throw new Error('boom'); } }, 50, 'p');
      assert.equal(bad.ok, false);
      const o = await l.waitFor({ correlationId: 'x', path: '/async', predicate: (m) => m.inspected.verb === 'created' }, 200, 's');
      assert.equal(o.ok, true);
      if (o.ok) assert.equal(o.message.seq, 2);
    }));

  test('unsolicited and uncorrelated messages are listed by unclaimed(), drain() clears them', () =>
    withListener(async (l) => {
      const mark = l.lastSeq;
      await deliver(l.urlFor('oms'), 'nobody-asked|created');
      await deliver(l.urlFor('async'), 'mine|created');
      await deliver(l.urlFor('async'), 'throw'); // the inspector throws: still recorded
      const o = await l.waitFor({ correlationId: 'mine' }, 200, 's');
      assert.equal(o.ok, true);
      const left = l.unclaimed(mark);
      assert.deepEqual(left.map((m) => m.seq), [1, 3]);
      assert.match(left[1].inspected.problem ?? '', /inspector failed: parser exploded/);
      assert.deepEqual(l.unclaimed(2).map((m) => m.seq), [3]);
      const drained = l.drain({ path: 'oms' }, 'cleanup');
      assert.deepEqual(drained.map((m) => m.seq), [1]);
      assert.deepEqual(l.unclaimed().map((m) => m.seq), [3]);
      assert.equal(l.all().length, 3);
    }));

  test('an oversized delivery is refused with 413 and recorded; odd content types are bytes', () =>
    withListener(async (l) => {
      const r = await deliver(l.url, Buffer.alloc(5000, 0x41));
      assert.equal(r.status, 413);
      const ok = await deliver(l.url, 'c9|created', { 'content-type': 'this is ;; not a media type' });
      assert.equal(ok.status, 200);
      const none = await deliver(l.url, 'c10|created', {});
      assert.equal(none.status, 200);
      const [big, odd] = l.all();
      assert.equal(big.delivery, 'oversized');
      assert.equal(big.responseStatus, 413);
      assert.equal(big.declaredLength, 5000);
      assert.equal(big.body.length, 0);
      assert.match(big.inspected.problem ?? '', /limit of 1000 bytes/);
      assert.equal(odd.contentType, 'this is ;; not a media type');
      assert.equal(odd.inspected.correlationId, 'c9');
      assert.deepEqual(l.unclaimed().map((m) => m.delivery), ['oversized', 'accepted', 'accepted']);
      // waiters are never handed a refused delivery
      const w = await l.waitFor({ predicate: (m) => m.delivery === 'oversized' }, 50, 'x');
      assert.equal(w.ok, false);
    }, 1000));

  test('non-POST is 405 and recorded; a POST outside the base path is 404 and recorded as misdirected', () =>
    withListener(async (l) => {
      const get = await fetch(l.url);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
      await get.text();
      const put = await fetch(l.url, { method: 'PUT', body: 'x' });
      assert.equal(put.status, 405);
      await put.text();
      const [g, p] = l.unclaimed();
      assert.deepEqual([g!.delivery, g!.responseStatus, p!.delivery], ['wrong-method', 405, 'wrong-method']);
      assert.match(p!.inspected.problem ?? '', /method PUT not allowed/);
      const origin = new URL(l.url).origin;
      const r = await deliver(`${origin}/elsewhere`, 'lost|created');
      assert.equal(r.status, 404);
      const [m] = l.unclaimed(p!.seq);
      assert.equal(m.delivery, 'misdirected');
      assert.equal(m.path, '/elsewhere');
      assert.equal(m.inspected.correlationId, 'lost');
      const w = await l.waitFor({ correlationId: 'lost' }, 50, 'x');
      assert.equal(w.ok, false);
    }));

  test('a path climbing out of the callback folder is refused with 400 and recorded, never accepted', () =>
    withListener(async (l) => {
      const { request } = await import('node:http');
      const u = new URL(l.url);
      // fetch normalises "..": send the target as a hostile peer does
      const raw = (path: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: u.hostname, port: u.port, method: 'POST', path, headers: { 'content-type': 'text/xml' } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end('c9|created');
        });
      assert.equal(await raw('/callback/../../etc/passwd'), 400);
      assert.equal(await raw('/callback/%2e%2e/%2e%2e/etc/passwd'), 400);
      assert.equal(await raw('/callback/a%2fb'), 400);
      assert.equal(await raw('/callback/./replies//'), 200);
      const all = l.all();
      assert.deepEqual(all.map((m) => m.delivery), ['refused-path', 'refused-path', 'refused-path', 'accepted']);
      assert.equal(all[3]!.path, 'replies');
      assert.match(all[0]!.inspected.problem ?? '', /traversal/);
      assert.equal((await l.waitFor({ correlationId: 'c9' }, 50, 't')).ok, true);
    }));

  test('a delivery with a content coding is refused with 415 and recorded naming it', () =>
    withListener(async (l) => {
      const { gzipSync } = await import('node:zlib');
      const r = await fetch(l.url, { method: 'POST', headers: { 'content-type': 'text/xml', 'content-encoding': 'gzip' }, body: gzipSync('c1|created') });
      assert.equal(r.status, 415);
      await r.text();
      const [m] = l.unclaimed();
      assert.equal(m!.delivery, 'broken');
      assert.match(m!.inspected.problem ?? '', /Content-Encoding "gzip"/);
    }));

  test('a failing respond() is answered 500, the message is still recorded', async () => {
    const l = await startListener({ maxBytes: 1000, inspect, respond: () => { throw new Error('no'); } });
    try {
      const r = await deliver(l.url, 'c1|created');
      assert.equal(r.status, 500);
      assert.equal(l.all()[0].responseStatus, 500);
      assert.equal((await l.waitFor({ correlationId: 'c1' }, 100, 's')).ok, true);
    } finally {
      await l.close();
    }
  });

  test('observe: every delivery, accepted, misdirected or refused, is told once it is answered, with the answer', async () => {
    const seen: ReceivedMessage[] = [];
    const l = await startListener({ maxBytes: 100, inspect, respond: ack, observe: (m) => void seen.push(m) });
    try {
      await fetch(l.urlFor('async'), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: 'c1|created' });
      await fetch(l.url.replace('/callback', '/elsewhere'), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: 'c2|created' });
      await fetch(l.urlFor('async'), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: 'x'.repeat(500) });
      assert.deepEqual(seen.map((m) => [m.delivery, m.responseStatus]), [['accepted', 200], ['misdirected', 404], ['oversized', 413]]);
      assert.equal(seen[0]!.response?.body, '<ack seq="1"/>');
      assert.equal(seen[0]!.body.toString(), 'c1|created');
      assert.ok(seen.every((m) => m.response && m.response.at.getTime() >= m.receivedAt.getTime()));
      assert.match(seen[2]!.response!.body, /exceeds the limit/);
    } finally {
      await l.close();
    }
  });

  test('close() releases pending waiters with "closed" and stops listening', async () => {
    const l = await startListener({ maxBytes: 1000, inspect, respond: ack });
    const pending = l.waitFor({ correlationId: 'never' }, 60_000, 's');
    const t0 = Date.now();
    await l.close();
    const o = await pending;
    assert.equal(o.ok, false);
    if (!o.ok) assert.equal(o.kind, 'closed');
    assert.ok(Date.now() - t0 < 1000);
    const after = await l.waitFor({ correlationId: 'never' }, 60_000, 's');
    assert.equal(after.ok, false);
    if (!after.ok) assert.equal(after.kind, 'closed');
    await l.close(); // idempotent
    await assert.rejects(fetch(l.url, { method: 'POST', body: 'x' }));
  });

  test('postSoap and the listener together: the suite posting to its own callback', () =>
    withListener(async (l) => {
      const out = await postSoap(l.urlFor('async'), 'c7|created', { ...base, soapVersion: '1.1', soapAction: 'urn:x' });
      assert.equal(out.ok, true);
      if (out.ok) assert.equal(out.body.toString(), '<ack seq="1"/>');
      const o = await l.waitFor({ correlationId: 'c7', path: 'async' }, 200, 's');
      assert.equal(o.ok, true);
      if (o.ok) assert.equal(o.message.headers['soapaction'], '"urn:x"');
    }));

  test('a publicUrl with a path: the listener serves that path (not /callback), and the address check agrees', async () => {
    const probe = await startListener({ maxBytes: 1000, inspect, respond: ack });
    const port = probe.port;
    await probe.close();
    const l = await startListener({ port, publicUrl: `http://127.0.0.1:${port}/cim9`, maxBytes: 1000, inspect, respond: ack });
    try {
      assert.equal(l.basePath, '/cim9');
      assert.equal(l.urlFor('replies'), `http://127.0.0.1:${port}/cim9/replies`);
      const r = await deliver(l.urlFor('replies'), 'c1|created');
      assert.equal(r.status, 200);
      const o = await l.waitFor({ correlationId: 'c1', path: 'replies' }, 200, 's');
      assert.equal(o.ok, true);
      // the old default path is now outside the base path: misdirected, named by its path
      const old = await deliver(`http://127.0.0.1:${port}/callback/replies`, 'c2|created');
      assert.equal(old.status, 404);
      const { deliveredElsewhere } = await import('../src/usecases/deliveries.ts');
      const found = deliveredElsewhere(l, 'replies', 0, (m) => m.inspected.correlationId === 'c2');
      assert.equal(found.length, 1);
      assert.match(found[0]!.message, /meant for http:\/\/127\.0\.0\.1:\d+\/cim9\/replies were posted to another address: #2 created\(\?\) to the path \/callback\/replies \(outside the listener's base path \/cim9; answered 404\)/);
      // what arrived where it was meant to go is never astray
      assert.deepEqual(deliveredElsewhere(l, 'replies', 0, () => true).map((f) => f.message.includes('#1 ')), [false]);
    } finally {
      await l.close();
    }
  });

  test('basePathOf: basePath, else the path of publicUrl (percent-decoded), else callback; a climbing path is refused', async () => {
    const { basePathOf } = await import('../src/transport/listener.ts');
    assert.equal(basePathOf({}), 'callback');
    assert.equal(basePathOf({ publicUrl: 'http://h:1' }), '');
    assert.equal(basePathOf({ publicUrl: 'http://h:1/a/b%20c/' }), 'a/b c');
    assert.equal(basePathOf({ publicUrl: 'http://h:1/x', basePath: 'y' }), 'y');
    assert.throws(() => basePathOf({ basePath: '/a/%2e%2e/b' }), /cannot serve the path/);
  });

  test('a publicUrl without a path: the listener serves the root', async () => {
    const probe = await startListener({ maxBytes: 1000, inspect, respond: ack });
    const port = probe.port;
    await probe.close();
    const l = await startListener({ port, publicUrl: `http://127.0.0.1:${port}`, maxBytes: 1000, inspect, respond: ack });
    try {
      assert.equal(l.basePath, '/');
      assert.equal((await deliver(l.urlFor('oms/events'), 'e1|created')).status, 200);
      assert.equal(l.all()[0]!.path, 'oms/events');
    } finally {
      await l.close();
    }
  });
});
