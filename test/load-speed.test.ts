/**
 * The fast path of `cim9 load` and the storm the other way:
 * - message templates (src/message/template.ts): a filled template is byte for byte the builder's output, for any
 *   plain values; a value that is not plain falls back to the builder;
 * - the reply checks sampled (`--check-sample N`): the others are counted `unchecked`, the report says so and the
 *   error rate is estimated from the checked replies;
 * - outage-storm-in: the reference head-end publishes a storm on the stimulus `outage-storm`, the suite's listener
 *   counts every power-off and restoration, the latency from each event's createdDateTime, acks each; a fault that
 *   publishes twice is seen (EDE-LOAD-DUPLICATE); the stimulus body is checked.
 * In-process, the embedded reference SUT on loopback, a handful of meters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileTemplate, isPlainValue } from '../src/message/template.ts';
import { buildLoadRequest, buildLoadRequestDirect, fillLoadRequest, type LoadPlan } from '../src/usecases/load-scenarios.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { judgeDelivery, newTally, stormComplete } from '../src/usecases/storm-in.ts';
import { readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { loadCommand, parseLoadOptions, CHECK_AUTO } from '../src/cli/load.ts';
import { runLoad, checkWindowEnds, nextCheckEvery, CHECK_SHARE, CHECK_WINDOW_MS, MAX_CHECK_EVERY, MIN_CHECK_WINDOW_MS, MIN_SAMPLED_PER_WINDOW } from '../src/session/load.ts';
import { contextFor } from '../src/checks/message.ts';
import { loadProfile } from '../src/profile/index.ts';
import { loadProfilePack } from '../src/schema/index.ts';
import { newMessageId, toSoap } from '../src/message/index.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { repoPath } from '../src/paths.ts';
import type { LoadReport } from '../src/report/load-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'cim9-load-speed-test-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const io = { out: '', err: '' };
  return { io, sink: { out: (s: string) => void (io.out += s), err: (s: string) => void (io.err += s) } };
}

const RT = { register: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', interval: '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0' };
const plan = (scenario: LoadPlan['scenario'], meters: string[] = ['M-1', 'M-2', 'M-3']): LoadPlan => ({ scenario, meters, intervals: 4, readingTypes: RT, soapVersion: '1.1', generation: '2013' });

test('a filled template is the builder\'s own output for any plain values, in every scenario and both halves of the storm', () => {
  for (const scenario of ['outage-storm', 'bulk-ingest', 'on-request-reads'] as const) {
    const p = plan(scenario);
    for (const k of [0, 1, 4]) {
      const direct = buildLoadRequestDirect(p, k);
      assert.equal(fillLoadRequest(p, k, direct.values), direct.xml, `${scenario} request ${k}`);
    }
  }
  // random plain values in every slot of the storm's messages
  const p = plan('outage-storm');
  const plain = fc.string({ minLength: 1, maxLength: 30 }).filter(isPlainValue);
  fc.assert(
    fc.property(plain, plain, plain, fc.integer({ min: 0, max: 5 }), (meter, id, time, k) => {
      const v: Record<string, string> = { ...buildLoadRequestDirect(p, k).values, meter, ev: id, evTime: time };
      const t = compileTemplate(Object.keys(v), (x) => toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: x.ts!, source: 's', messageId: x.mid!, correlationId: x.cid! }, payload: { root: buildEndDeviceEvents([{ mRID: x.ev!, createdDateTime: x.evTime!, meter: x.meter!, eventType: '3.26.0.85' }]) } }, '1.1').xml, v);
      assert.equal(t.fill(v), toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: v.ts!, source: 's', messageId: v.mid!, correlationId: v.cid! }, payload: { root: buildEndDeviceEvents([{ mRID: id, createdDateTime: time, meter, eventType: '3.26.0.85' }]) } }, '1.1').xml);
    }),
    { numRuns: 40 },
  );
});

test('a template with some slots filled for good (partial) fills the rest to the same bytes; a bulk ingest from its pool is the builder\'s message', () => {
  const p = plan('bulk-ingest');
  const direct = buildLoadRequestDirect(p, 5);
  const full = fillLoadRequest(p, 5, direct.values)!;
  assert.equal(full, direct.xml);
  const t = compileTemplate(Object.keys(direct.values), (v) => fillLoadRequest(p, 5, { ...v })!, direct.values);
  const fixed = Object.fromEntries(Object.entries(direct.values).filter(([k]) => /^[tv]\d+$/.test(k)));
  const rest = t.partial(fixed)!;
  assert.deepEqual(rest.slots, ['ts', 'mid', 'cid', 'meter']);
  assert.equal(rest.fillList([direct.values.ts!, direct.values.mid!, direct.values.cid!, direct.values.meter!]), direct.xml);
  assert.equal(t.partial({ meter: 'a&b' }), undefined);
  // the pooled request: the builder's message for its own values (ids and time read back from the header)
  const now = Date.now();
  const r = buildLoadRequest(p, 70, now);
  const again = buildLoadRequestDirect(p, 70, now);
  const same = { ...again.values, ts: r.header.timestamp!, mid: r.header.messageId!, cid: r.header.correlationId! };
  assert.equal(r.xml, fillLoadRequest(p, 70, same));
});

test('a value that is not plain is built through the builder (escaped), never filled in', () => {
  assert.equal(isPlainValue('M-1'), true);
  for (const v of ['a&b', 'a<b', 'x"y', "x'y", 'é', 'tab\there']) assert.equal(isPlainValue(v), false, v);
  const p = plan('on-request-reads', ['M&<1>']);
  const r = buildLoadRequest(p, 0);
  assert.match(r.xml, /M&amp;&lt;1&gt;/);
  assert.equal(fillLoadRequest(p, 0, { ...buildLoadRequestDirect(p, 0).values }), undefined);
  // a marker that does not come out of the builder, or comes out twice, is a programming error
  assert.throws(() => compileTemplate(['a'], () => '<x/>', { a: '1' }), /comes out nowhere/);
  assert.throws(() => compileTemplate(['a'], (v) => `<x>${v.a}${v.a}</x>`, { a: '1' }), /more than once/);
});

test('--check-sample auto: a window ends at 100 ms, or early once its checks took a whole window\'s share (≥ 50 replies, ≥ 20 ms); the sample thins only when busy with ≥ 50 replies, to keep the checks at CHECK_SHARE (2 %)', () => {
  const budget = CHECK_SHARE * CHECK_WINDOW_MS;
  // the 100-ms window, whatever it holds
  assert.equal(checkWindowEnds(CHECK_WINDOW_MS, 0, 0), true);
  assert.equal(checkWindowEnds(CHECK_WINDOW_MS - 1, 10_000, 0), false);
  // early: the checks already over the whole window's share, with enough replies, after the shortest window
  assert.equal(checkWindowEnds(MIN_CHECK_WINDOW_MS, MIN_SAMPLED_PER_WINDOW, budget + 0.1), true);
  assert.equal(checkWindowEnds(MIN_CHECK_WINDOW_MS - 0.1, MIN_SAMPLED_PER_WINDOW, budget + 0.1), false);
  assert.equal(checkWindowEnds(MIN_CHECK_WINDOW_MS, MIN_SAMPLED_PER_WINDOW - 1, budget + 0.1), false);
  assert.equal(checkWindowEnds(50, 5_000, budget), false);
  // busy with enough replies: at least halved, and enough for 2 % (every reply checked, 10 ms of checks in 20 ms → 1 in 25)
  assert.equal(CHECK_SHARE, 0.02);
  assert.equal(nextCheckEvery(1, { utilization: 1, replies: 50, checksMs: 10, spanMs: 20 }, CHECK_AUTO), 25);
  assert.equal(nextCheckEvery(8, { utilization: 0.9, replies: 900, checksMs: 1, spanMs: 100 }, CHECK_AUTO), 16);
  assert.equal(nextCheckEvery(512, { utilization: 1, replies: 5_000, checksMs: 50, spanMs: 100 }, CHECK_AUTO), MAX_CHECK_EVERY);
  // busy but too few replies, or in the middle band: unchanged; idle: doubled back, down to every reply
  assert.equal(nextCheckEvery(1, { utilization: 1, replies: MIN_SAMPLED_PER_WINDOW - 1, checksMs: 90, spanMs: 100 }, CHECK_AUTO), 1);
  assert.equal(nextCheckEvery(64, { utilization: (CHECK_AUTO.busy + CHECK_AUTO.idle) / 2, replies: 1_000, checksMs: 20, spanMs: 100 }, CHECK_AUTO), 64);
  assert.equal(nextCheckEvery(64, { utilization: CHECK_AUTO.idle - 0.01, replies: 1_000, checksMs: 0, spanMs: 100 }, CHECK_AUTO), 32);
  assert.equal(nextCheckEvery(1, { utilization: 0, replies: 1_000, checksMs: 0, spanMs: 100 }, CHECK_AUTO), 1);
});

test('every reply checked (checkEvery 1): each counted once, in batches; a reply waits for its checks at most ~100 ms, not for the next reply', async () => {
  const profile = loadProfile(repoPath('profiles', 'reference.yaml'));
  const pack = loadProfilePack(profile);
  const p = plan('outage-storm', ['M-1', 'M-2', 'M-3', 'M-4', 'M-5']);
  const reply = toSoap({ kind: 'response', header: { verb: 'reply', noun: 'EndDeviceEvents', timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), source: 't', messageId: 'm', correlationId: 'c' }, reply: { result: 'OK' } }, '1.1').xml;
  let delayMs = 0;
  const sentAt: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        sentAt.push(performance.now());
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(reply);
      }, delayMs),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mdm`;
  // the pack's validate, timed: when each reply's checks ran
  const checkedAt: number[] = [];
  const timed = Object.create(pack, { validate: { value: (...a: Parameters<typeof pack.validate>) => (checkedAt.push(performance.now()), pack.validate(...a)) } }) as typeof pack;
  const run = (total: number, concurrency: number) =>
    runLoad({ url, plan: p, offset: 0, stride: 1, total, durationMs: 60_000, concurrency, maxInFlight: 100, intervalMs: 1000, http: { soapVersion: '1.1', timeoutMs: 10_000, maxBytes: 1 << 20 }, judge: { pack: timed, ctx: contextFor({ label: 'reply', receivedAt: new Date() }), soapVersion: '1.1', maxBytes: 1 << 20, success: 'ok-only' }, checkEvery: 1, domainEvery: 1 });
  try {
    const r = await run(10, 4);
    // the endpoint's reply names another CorrelationID: every reply checked and an error (ENV-CORRELATION), none unchecked
    assert.equal(r.recorder.sent, 10);
    assert.equal(r.replyChecked, 10);
    assert.equal(r.recorder.errors, 10);
    assert.equal(r.recorder.ok + r.recorder.unchecked + r.recorder.timeouts, 0);
    assert.equal(r.recorder.rules.get('ENV-CORRELATION'), 10);
    assert.equal(r.recorder.latency.totalCount, 10);
    // one at a time, 400 ms apart: each reply's checks ran before the next reply came
    delayMs = 400;
    sentAt.length = 0;
    checkedAt.length = 0;
    const slow = await run(3, 1);
    assert.equal(slow.replyChecked, 3);
    assert.equal(checkedAt.length, 3);
    for (let i = 0; i < 2; i++) assert.ok(checkedAt[i]! < sentAt[i + 1]!, `reply ${i} checked ${(checkedAt[i]! - sentAt[i]!).toFixed(0)} ms after it was sent, after the next reply`);
  } finally {
    server.close();
    pack.dispose?.();
  }
});

test('--check-sample 4: one reply in 4 fully checked, the others unchecked; the report and the summary say so', async () => {
  const { io, sink } = capture();
  const out = join(dir, 'check-sample');
  assert.equal(await loadCommand({ scenario: 'outage-storm', meters: '10', concurrency: '2', checkSample: '4', reports: out, quiet: true }, sink), 0, io.err);
  const r = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadReport;
  assert.equal(r.sent, 20);
  assert.equal(r.checks.reply?.checked, 5);
  assert.equal(r.ok, 5);
  assert.equal(r.unchecked, 15);
  assert.equal(r.errorRate, 0);
  assert.match(r.checks.reply!.statement, /^reply checks \(XML, schema, envelope, Result\) SAMPLED: 5 of 20 replies, at most 1 reply in 4/);
  assert.match(io.out, /15 unchecked/);
  assert.match(readFileSync(join(out, 'load.html'), 'utf8'), /reply checks \(XML, schema, envelope, Result\) SAMPLED/);
  assert.equal(parseLoadOptions({ scenario: 'outage-storm', checkSample: 'all' }).checkSample, 1);
  assert.throws(() => parseLoadOptions({ scenario: 'outage-storm', checkSample: '0' }), /--check-sample/);
});

test('the stimulus outage-storm: count (and rate) checked; count and rate for no other event', () => {
  const body = stimulusBody('outage-storm', { meters: ['M-1'], storm: { count: 3, rate: 50 } });
  assert.deepEqual(body, { role: 'HES', event: 'outage-storm', meter: 'M-1', count: 3, rate: 50 });
  assert.ok(readStimulusBody(body).ok);
  assert.match((readStimulusBody({ ...body, count: 0 }) as { error: string }).error, /count/);
  assert.match((readStimulusBody({ ...body, rate: -1 }) as { error: string }).error, /rate/);
  assert.match((readStimulusBody({ role: 'HES', event: 'power-off', meter: 'M-1', count: 2 }) as { error: string }).error, /count and rate are for the event outage-storm/);
});

test('outage-storm-in: the reference head-end publishes the storm on request; every power-off and restoration counted, latency and series recorded, each acked', async () => {
  const { io, sink } = capture();
  const out = join(dir, 'storm-in');
  assert.equal(await loadCommand({ scenario: 'outage-storm-in', meters: '12', reports: out, quiet: true }, sink), 0, io.err);
  const r = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadReport;
  assert.equal(r.scenario, 'outage-storm-in');
  assert.deepEqual(r.storm && [r.storm.meters, r.storm.powerOffs, r.storm.restorations, r.storm.missingPowerOffs, r.storm.missingRestorations, r.storm.duplicates, r.storm.unexpected], [12, 12, 12, 0, 0, 0, 0]);
  assert.equal(r.sent, 24);
  assert.equal(r.ok, 24);
  assert.deepEqual(r.stoppedBy, ['complete']);
  assert.ok(r.latency.maxMs > 0 && r.series.length >= 1);
  assert.equal(r.series.reduce((a, s) => a + s.sent, 0), 24);
  assert.match(io.out, /storm of 12 meters: 12 power-offs and 12 restorations arrived, 0 missing/);
  assert.match(readFileSync(join(out, 'load.html'), 'utf8'), /The storm as it arrived/);
});

test('outage-storm-in against a head-end that publishes every event twice: duplicates, exit 1', async () => {
  const { io, sink } = capture();
  const out = join(dir, 'storm-in-twice');
  assert.equal(await loadCommand({ scenario: 'outage-storm-in', meters: '5', fault: ['event-published-twice'], reports: out, quiet: true }, sink), 1, io.err);
  const r = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadReport;
  assert.ok((r.rules['EDE-LOAD-DUPLICATE'] ?? 0) >= 1, JSON.stringify(r.rules));
  assert.equal(r.verdict, 'bounds exceeded');
  assert.throws(() => parseLoadOptions({ scenario: 'outage-storm-in', concurrency: '4' }), /--concurrency/);
  assert.throws(() => parseLoadOptions({ scenario: 'outage-storm-in', shard: '1/2' }), /--shard/);
});

test('a delivery: an event of another meter, one from the future and a second one of a meter are errors; an unreadable one is answered by a fault; missing ones leave the storm incomplete', () => {
  const profile = loadProfile(repoPath('profiles', 'reference.yaml'));
  const pack = loadProfilePack(profile);
  try {
    const o = { pack, ctx: contextFor({ label: 'd', receivedAt: new Date(), skewSeconds: 60 }), soapVersion: '1.1' as const, maxBytes: 1 << 20, schema: true, domain: false };
    const msg = (meter: string, createdDateTime: string | undefined, eventType = '3.26.0.85') =>
      Buffer.from(toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents', timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), source: 'hes', messageId: newMessageId() }, payload: { root: buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime, meter, eventType }]) } }, '1.1').xml);
    const t = newTally(['M-1', 'M-2']);
    const now = Date.now();
    const good = judgeDelivery(msg('M-1', new Date(now - 250).toISOString()), 'text/xml; charset=utf-8', now, t, o);
    assert.equal(good.outcome, 'ok', good.first);
    assert.ok(Math.abs(good.latenciesUs[0]! - 250_000) < 1);
    assert.deepEqual(judgeDelivery(msg('M-9', new Date(now).toISOString()), 'text/xml; charset=utf-8', now, t, o).rules, ['EDE-LOAD-UNEXPECTED']);
    assert.ok(judgeDelivery(msg('M-2', new Date(now + 3_600_000).toISOString()), 'text/xml; charset=utf-8', now, t, o).rules.includes('EDE-LOAD-TIME'));
    assert.deepEqual(judgeDelivery(msg('M-1', new Date(now).toISOString()), 'text/xml; charset=utf-8', now, t, o).rules, ['EDE-LOAD-DUPLICATE']);
    assert.equal(stormComplete(t), false);
    const bad = judgeDelivery(Buffer.from('not xml'), 'text/xml', now, t, o);
    assert.equal(bad.correlationId, undefined);
    assert.ok(bad.unreadable);
  } finally {
    pack.dispose?.();
  }
});

test('soapSender: the same outcomes as postSoap — a reply, a body over the limit, the deadline, and no connection (not sent: reachable false)', async () => {
  const { createServer } = await import('node:http');
  const { soapSender } = await import('../src/transport/http.ts');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/big') res.writeHead(200, { 'content-type': 'text/xml' }).end('x'.repeat(5000));
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200, { 'content-type': 'text/xml' }).end('<a/>'), 1500).unref();
      else if (req.url === '/coded') res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip' }).end('not really gzip');
      else if (req.url === '/drip') {
        // a body in three chunks, the last one after the deadline
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write('<a>');
        setTimeout(() => res.write('x'), 50).unref();
        setTimeout(() => res.end('</a>'), 700).unref();
      } else if (req.url === '/chunks') {
        res.writeHead(200, { 'content-type': 'text/xml', 'x-twice': 'one' });
        res.write('<a>');
        setTimeout(() => res.end('é</a>'), 20).unref();
      }
      else res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(`<a>${req.headers['soapaction']}</a>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const opts = { soapVersion: '1.1' as const, timeoutMs: 400, maxBytes: 1000 };
  try {
    const ok = soapSender(`http://127.0.0.1:${port}/mdm`, opts);
    const r = await ok.send(Buffer.from('<x/>'), 'urn:act');
    assert.ok(r.ok && r.status === 200 && r.contentType === 'text/xml; charset=utf-8' && r.body.toString() === '<a>"urn:act"</a>', JSON.stringify(r));
    assert.equal(r.ok && r.headers['content-type'], 'text/xml; charset=utf-8');
    assert.ok(r.ok && r.sentAt instanceof Date && r.receivedAt.getTime() >= r.sentAt.getTime());
    await ok.close();
    // the body in chunks, joined; a coded body not read; a body that drips past the deadline
    const chunks = soapSender(`http://127.0.0.1:${port}/chunks`, opts);
    const c = await chunks.send(Buffer.from('<x/>'));
    assert.ok(c.ok && c.body.toString('utf8') === '<a>é</a>' && c.headers['x-twice'] === 'one', JSON.stringify(c));
    await chunks.close();
    const coded = soapSender(`http://127.0.0.1:${port}/coded`, opts);
    const cd = await coded.send(Buffer.from('<x/>'));
    assert.ok(!cd.ok && cd.kind === 'protocol' && /Content-Encoding "gzip"/.test(cd.message), JSON.stringify(cd));
    await coded.close(0);
    const drip = soapSender(`http://127.0.0.1:${port}/drip`, opts);
    const d = await drip.send(Buffer.from('<x/>'));
    assert.ok(!d.ok && d.kind === 'timeout' && d.reachable && d.elapsedMs < 650, JSON.stringify(d));
    await drip.close(0);
    const big = soapSender(`http://127.0.0.1:${port}/big`, opts);
    const b = await big.send(Buffer.from('<x/>'));
    assert.ok(!b.ok && b.kind === 'too-large' && b.reachable, JSON.stringify(b));
    await big.close();
    const slow = soapSender(`http://127.0.0.1:${port}/slow`, opts);
    const s = await slow.send(Buffer.from('<x/>'));
    assert.ok(!s.ok && s.kind === 'timeout' && s.reachable, JSON.stringify(s));
    await slow.close(0);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  const gone = soapSender(`http://127.0.0.1:${port}/mdm`, opts);
  const g = await gone.send(Buffer.from('<x/>'));
  assert.ok(!g.ok && g.kind === 'connection' && !g.reachable, JSON.stringify(g));
  await gone.close();
  const bad = soapSender('ftp://example.org/x', opts);
  const f = await bad.send(Buffer.from('<x/>'));
  assert.ok(!f.ok && !f.reachable && /not sent/.test(f.message), JSON.stringify(f));
  await bad.close();
});
