/**
 * The reference SUT's idle signal (simulator/activity.ts, GET /_control/idle in simulator/server.ts) and the suite's
 * client of it (src/transport/idle.ts): the SUT is idle only when every message it was caused to send has been
 * answered by its peer and nothing is scheduled — a duplicate a fault sends counts until it has been delivered.
 * Run: node --import tsx --test test/idle.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Activity, QUIET_MARGIN_MS } from '../simulator/activity.ts';
import { createContext } from '../simulator/context.ts';
import { Store } from '../simulator/store.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeIdleAsks, waitUntilIdle, waitUntilQuiet } from '../src/transport/idle.ts';
import { closeAllClients, startListener } from '../src/transport/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';

const pack = loadSchemaPack(defaultPackDir('2013'));

/** a subscriber that answers each delivery after `delayMs` and counts what it received */
async function slowPeer(delayMs: number): Promise<{ url: string; received: () => number; server: Server }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>'), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/oms/events`, received: () => n, server };
}

const servers: Server[] = [];
const sims: Simulator[] = [];
after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  for (const s of servers) s.close();
  await closeAllClients(100);
  await closeIdleAsks();
});

describe('Activity', () => {
  test('idle with nothing pending; busy while something is scheduled or in flight', async () => {
    const a = new Activity();
    assert.deepEqual(a.state(), { idle: true, inFlight: 0, scheduled: 0 });
    assert.equal(await a.whenIdle(0), true);
    const due = a.schedule();
    assert.equal(a.state().idle, false);
    assert.equal(await a.whenIdle(20), false, 'still scheduled after the wait');
    const sent = a.sending();
    due();
    due(); // a second release of the same work changes nothing
    assert.deepEqual(a.state(), { idle: false, inFlight: 1, scheduled: 0 });
    const waiting = a.whenIdle(5000);
    setTimeout(sent, 30);
    const t0 = Date.now();
    assert.equal(await waiting, true);
    assert.ok(Date.now() - t0 < 2000, 'answers when the work ends, not at the end of the wait');
    assert.equal(a.state().idle, true);
  });

  test('a publication that follows a scheduled one keeps it busy: no idle gap between them', async () => {
    const a = new Activity();
    const due = a.schedule();
    let woke = false;
    void a.whenIdle(5000).then(() => (woke = true));
    // the timer's callback: hands the message to the wire, then releases the schedule
    const sent = a.sending();
    due();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(woke, false, 'not idle while the message is on the wire');
    sent();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(woke, true);
  });

  test('quiet for a period: nothing on the wire and nothing due before its end (plus the margin)', async () => {
    const a = new Activity();
    assert.equal(await a.whenQuiet(0), true, 'quiet with nothing pending');
    const far = a.schedule(5_000);
    assert.equal(a.state().idle, false, 'a message due later keeps the SUT from being idle');
    const t0 = Date.now();
    assert.equal(await a.whenQuiet(500), true, 'but not from being quiet for a period that ends before it is due');
    assert.ok(Date.now() - t0 < 400, 'answered at once, not at the end of the period');
    assert.equal(a.quietUntil(Date.now() + 5_000), false, 'a period that reaches its due time is not quiet');
    assert.equal(a.quietUntil(Date.now() + 5_000 - QUIET_MARGIN_MS + 50), false, 'nor one that ends within the margin before it');
    const near = a.schedule(100);
    assert.equal(await a.whenQuiet(50), false, 'a message due within the margin after a period keeps it open to its end');
    const waiting = a.whenQuiet(2_000);
    const sent = a.sending();
    near(); // the timer fired: the message is on the wire
    await new Promise((r) => setTimeout(r, 20));
    sent();
    assert.equal(await waiting, true, 'quiet once the due message was answered');
    const unknown = a.schedule();
    assert.equal(await a.whenQuiet(30), false, 'a message scheduled without a due time blocks every quiet period');
    unknown();
    far();
    assert.equal(a.state().idle, true);
  });

  test('close wakes whoever waits, and later releases do not go below zero', async () => {
    const a = new Activity();
    const sent = a.sending();
    const waiting = a.whenIdle(10_000);
    a.close();
    assert.equal(await waiting, true);
    sent();
    assert.deepEqual(a.state(), { idle: true, inFlight: 0, scheduled: 0 });
  });
});

describe('the context counts what the SUT sends', () => {
  test('repeated-async-result: the result and both repeats count until each is answered', async () => {
    const peer = await slowPeer(150);
    servers.push(peer.server);
    const activity = new Activity();
    const ctx = createContext({
      store: new Store([{ mRID: 'M-1', usagePoint: 'UP-1' }]),
      pack,
      roles: ['MDM'],
      faults: ['repeated-async-result'],
      subscribers: {},
      soapVersion: '1.1',
      asyncDelayMs: 100,
      asyncDeadlineMs: 60_000,
      log: () => {},
      pending: new Set(),
      timers: new Set(),
      activity,
    });
    ctx.publishLater(peer.url, { kind: 'event', header: ctx.header('created', 'MeterReadings', 'C-1') }, '1.1');
    assert.deepEqual(activity.state(), { idle: false, inFlight: 0, scheduled: 1 }, 'a result due counts before it is sent');
    assert.equal(await activity.whenIdle(5000), true);
    assert.equal(peer.received(), 3, 'idle only after the result and both repeats were delivered');
  });
});

describe('GET /_control/idle', () => {
  test('event-published-twice: idle only once both publications were answered', async () => {
    const peer = await slowPeer(800);
    servers.push(peer.server);
    const sim = await startSimulator({ schemaPack: pack, faults: ['event-published-twice'], subscribers: { OMS: peer.url } });
    sims.push(sim);
    assert.equal(await waitUntilIdle(sim.url, 0), true, 'idle before anything happened');
    const res = await fetch(`${sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'power-off', meter: 'M-1001' }) });
    assert.equal(res.status, 202);
    const now = (await (await fetch(`${sim.url}/_control/idle`)).json()) as { idle: boolean; inFlight: number };
    assert.deepEqual(now, { idle: false, inFlight: 2, scheduled: 0 }, 'both publications are in flight');
    assert.equal(await waitUntilIdle(sim.url, 50), false, 'still busy after 50 ms');
    assert.equal(await waitUntilIdle(sim.url, 5000), true);
    assert.equal(peer.received(), 2, 'the duplicate had arrived when the SUT said it was idle');
  });

  test('a malformed waitMs is refused; a SUT without the endpoint counts as not idle', async () => {
    const sim = await startSimulator({ schemaPack: pack });
    sims.push(sim);
    assert.equal((await fetch(`${sim.url}/_control/idle?waitMs=-1`)).status, 400);
    assert.equal((await fetch(`${sim.url}/_control/idle?waitMs=abc`)).status, 400);
    const peer = await slowPeer(0);
    servers.push(peer.server);
    assert.equal(await waitUntilIdle(new URL(peer.url).origin, 100), false, 'an answer that is not the idle signal');
    assert.equal(await waitUntilIdle('http://127.0.0.1:1', 100), false, 'no answer at all');
    assert.equal((await fetch(`${sim.url}/_control/idle?quietMs=x`)).status, 400);
    assert.equal(await waitUntilQuiet(new URL(peer.url).origin, 100), false, 'an answer that is not the quiet signal');
  });

  test('quietMs: event-published-twice is not quiet until both publications were answered', async () => {
    const peer = await slowPeer(300);
    servers.push(peer.server);
    const sim = await startSimulator({ schemaPack: pack, faults: ['event-published-twice'], subscribers: { OMS: peer.url } });
    sims.push(sim);
    assert.equal(await waitUntilQuiet(sim.url, 0), true, 'quiet before anything happened');
    const res = await fetch(`${sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'power-off', meter: 'M-1001' }) });
    assert.equal(res.status, 202);
    assert.equal(await waitUntilQuiet(sim.url, 50), false, 'both publications still on the wire at the end of a short period');
    assert.equal(await waitUntilQuiet(sim.url, 5000), true);
    assert.equal(peer.received(), 2, 'the duplicate had arrived when the SUT said it was quiet');
  });
  test('a wait at the listener that the caller gives up ends with aborted, frees its place, and a later delivery stays unclaimed', async () => {
    const listener = await startListener({ maxBytes: 1024, inspect: () => ({ verb: 'created' }), respond: () => ({ status: 200, contentType: 'text/plain', body: 'ok' }) });
    try {
      const stop = new AbortController();
      const waiting = listener.waitFor({ path: 'replies' }, 10_000, 'scenario A', stop.signal);
      setTimeout(() => stop.abort(), 20);
      const out = await waiting;
      assert.equal(out.ok, false);
      assert.equal(!out.ok && out.kind, 'aborted');
      assert.ok(out.waitedMs < 5_000);
      await fetch(listener.urlFor('replies'), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<x/>' });
      assert.equal(listener.unclaimed().length, 1, 'the abandoned waiter took nothing');
      // an abort after a match changes nothing: the message stays with the waiter that got it
      const again = new AbortController();
      const got = await listener.waitFor({ path: 'replies' }, 1_000, 'scenario B', again.signal);
      again.abort();
      assert.equal(got.ok, true);
    } finally {
      await listener.close();
    }
  });

  test('waitUntilIdle gives up its question when the caller aborts it', async () => {
    const peer = await slowPeer(5_000);
    servers.push(peer.server);
    const stop = new AbortController();
    const t0 = Date.now();
    setTimeout(() => stop.abort(), 30);
    assert.equal(await waitUntilIdle(new URL(peer.url).origin, 5_000, stop.signal), false);
    assert.ok(Date.now() - t0 < 3_000, 'ended by the abort, not by the slow answer');
  });
});
