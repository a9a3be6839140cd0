/**
 * Faults of the reference SUT compose: with several faults on, each one's change is still there, in the
 * same message, and nothing else breaks. Over real HTTP against the simulator, without Cucumber.
 * (The mutation run checks the same at suite level with every fault at once: `cim9 mutants`.)
 * Run: node --import tsx --test test/mutants-compose.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { misdirected, renamespace, valueBeforeTimeStamp, wireResponse } from '../simulator/faults/mutations.ts';
import { closeAllClients, postSoap, startListener, type HttpSuccess, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type Header, type Message, type ParsedMessage } from '../src/message/index.ts';
import { MR, readMeterReadings } from '../src/payloads/meterReadings.ts';
import { readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import type { XElement } from '../src/xml/index.ts';

const REGISTER_RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const INTERVAL_RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';

const pack = loadSchemaPack(defaultPackDir('2013'));
let listener: Listener;
let n = 0;
const sims: Simulator[] = [];

before(async () => {
  listener = await startListener({
    maxBytes: 4 * 1024 * 1024,
    inspect: (body) => {
      const r = readMessage(body);
      const h = r.ok ? r.wire.message?.header : undefined;
      return { correlationId: h?.correlationId, messageId: h?.messageId, verb: h?.verb, noun: h?.noun };
    },
    respond: () => ({
      status: 200,
      contentType: contentTypeFor('1.1'),
      body: toSoap({ kind: 'response', header: { verb: 'reply', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId() }, reply: { result: 'OK' } }, '1.1').xml,
    }),
  });
});

after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await listener.close();
  await closeAllClients(100);
});

async function sim(faults: string[], extra: { asyncDeadlineSeconds?: number } = {}): Promise<{ sim: Simulator; oms: string; replies: string }> {
  const i = ++n;
  const oms = `c${i}/oms/events`;
  const s = await startSimulator({ schemaPack: pack, faults, subscribers: { OMS: listener.urlFor(oms) }, asyncDelayMs: 5, ...extra });
  sims.push(s);
  return { sim: s, oms, replies: `c${i}/replies` };
}

const header = (verb: string, noun: string, extra: Partial<Header> = {}): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId(), ...extra });

async function send(url: string, msg: Message): Promise<{ http: HttpSuccess; msg?: ParsedMessage }> {
  const out = toSoap(msg, '1.1');
  const http = await postSoap(url, out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 4 * 1024 * 1024 });
  if (!http.ok) assert.fail(http.message);
  const r = readMessage(http.body);
  return { http, msg: r.ok ? r.wire.message : undefined };
}

const childNames = (n: { children: readonly { name: string }[] }) => n.children.map((c) => c.name);

describe('faults compose in one reply', () => {
  test('envelope, code, reading and transport faults all show in the same response', async () => {
    const faults = [
      'wrong-noun',
      'missing-timestamp',
      'correlation-id-of-other-request',
      'ok-with-error-codes',
      'non-numeric-value',
      'illegal-quality-code',
      'unresolved-reading-type',
      'elements-out-of-order',
      'http-500-without-soap-fault',
      'wrong-content-type',
    ];
    const s = await sim(faults);
    const first = header('get', 'MeterReadings');
    await send(s.sim.urlFor('MDM'), getMeterReadingsMessage(first, ['M-1001'], [REGISTER_RT]));
    const h = header('get', 'MeterReadings');
    const { http, msg } = await send(s.sim.urlFor('MDM'), getMeterReadingsMessage(h, ['M-1001'], [REGISTER_RT]));
    assert.equal(http.status, 500, 'http-500-without-soap-fault');
    assert.match(http.contentType ?? '', /^application\/soap\+xml/, 'wrong-content-type');
    assert.ok(msg, 'the body is still a message');
    assert.equal(msg.node.name, 'MeterReadingsResponseMessage', 'wrong-noun keeps the wrapper element');
    assert.equal(msg.header?.noun, 'EndDeviceEvents', 'wrong-noun');
    assert.equal(msg.header?.timestamp, undefined, 'missing-timestamp');
    assert.equal(msg.header?.correlationId, first.correlationId, 'correlation-id-of-other-request');
    assert.equal(msg.reply?.result, 'OK');
    assert.deepEqual(msg.reply?.errors?.map((e) => [e.code, e.level]), [['5.3', 'FATAL']], 'ok-with-error-codes');
    const reading = readMeterReadings(msg.payload!.root!).meterReadings[0]!.readings![0]!;
    assert.match(reading.value ?? '', /^\d+,\d+$/, 'non-numeric-value');
    assert.deepEqual(reading.qualities?.map((q) => q.ref), ['7.4.4'], 'illegal-quality-code');
    assert.equal(reading.readingType, 'RT-REGISTER-KWH', 'unresolved-reading-type');
    const readingNode = msg.payload!.root!.children[0]!.children.find((c) => c.name === 'Readings')!;
    const names = childNames(readingNode);
    assert.ok(names.indexOf('value') < names.indexOf('timeStamp'), `elements-out-of-order: ${names.join(', ')}`);
  });

  test('message-id-reused, verb-not-reply and failed-without-error on the replies to two requests', async () => {
    const s = await sim(['message-id-reused', 'verb-not-reply', 'failed-without-error']);
    const a = await send(s.sim.urlFor('HES'), getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-9999'], [REGISTER_RT]));
    const b = await send(s.sim.urlFor('HES'), getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-1001'], [REGISTER_RT]));
    assert.ok(a.msg?.header?.messageId);
    assert.equal(b.msg?.header?.messageId, a.msg?.header?.messageId, 'message-id-reused');
    assert.equal(a.msg?.header?.verb, 'created', 'verb-not-reply: the past tense, created where the request verb (get) has none');
    assert.equal(a.msg?.reply?.result, 'FAILED');
    assert.deepEqual(a.msg?.reply?.errors, [], 'failed-without-error');
    assert.equal(b.msg?.reply?.result, 'OK');
  });

  test('truncated-body: the body is cut, its Content-Length is what was sent', async () => {
    const s = await sim(['truncated-body', 'wrong-noun']);
    const { http } = await send(s.sim.urlFor('MDM'), getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-1001'], [REGISTER_RT]));
    assert.equal(http.status, 200);
    assert.equal(Number(http.headers['content-length']), http.body.length);
    const r = readMessage(http.body);
    assert.equal(r.ok, false, 'not well-formed');
  });
});

describe('faults compose on interval data', () => {
  const window = () => {
    const step = 900_000;
    const end = Math.floor(Date.now() / step) * step - step;
    return { start: nowTimestamp(() => new Date(end - 2 * 3600_000)), end: nowTimestamp(() => new Date(end)) };
  };
  const times = async (faults: string[]) => {
    const s = await sim(faults);
    const { msg } = await send(s.sim.urlFor('MDM'), getMeterReadingsMessage(header('get', 'MeterReadings'), ['M-1001'], [INTERVAL_RT], window()));
    return readMeterReadings(msg!.payload!.root!).meterReadings[0]!.intervalBlocks![0]!.readings.map((r) => Date.parse(r.timeStamp!));
  };

  test('interval-gap and duplicate-interval together: one interval missing, one repeated', async () => {
    const t = await times(['interval-gap', 'duplicate-interval']);
    const steps = t.slice(1).map((x, i) => (x - t[i]!) / 1000);
    assert.ok(steps.includes(1800), `a gap: ${steps}`);
    assert.ok(steps.includes(0), `a duplicate: ${steps}`);
  });

  test('wrong-interval-spacing with interval-gap: 10-minute spacing and a gap of it', async () => {
    const t = await times(['wrong-interval-spacing', 'interval-gap']);
    const steps = new Set(t.slice(1).map((x, i) => (x - t[i]!) / 1000));
    assert.deepEqual([...steps].sort(), [1200, 600]);
  });
});

describe('faults compose on published events', () => {
  test('swapped, malformed, future-dated, published twice and misdirected: all at once', async () => {
    const s = await sim(['swap-outage-codes', 'malformed-event-type', 'event-in-the-future', 'event-published-twice', 'event-to-wrong-address']);
    const since = listener.lastSeq;
    const res = await fetch(`${s.sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'power-off', meter: 'M-1001' }) });
    assert.equal(res.status, 202);
    const wrongPath = s.oms.replace(/events$/, 'misdirected');
    const got = [];
    for (let i = 0; i < 2; i++) {
      const o = await listener.waitFor({ path: wrongPath, predicate: (m) => m.seq > since }, 5000, 'compose');
      assert.ok(o.ok, 'two deliveries at the wrong address');
      got.push(o.message);
    }
    assert.equal(listener.unclaimed(since).filter((m) => m.path === s.oms).length, 0, 'nothing at the right address');
    const events = got.map((m) => readEndDeviceEvents(readMessage(m.body).ok ? (readMessage(m.body) as { ok: true; wire: { message?: ParsedMessage } }).wire.message!.payload!.root! : assert.fail('unreadable'))[0]!);
    assert.equal(events[0]!.mRID, events[1]!.mRID, 'event-published-twice: the same event');
    assert.notEqual(got[0]!.inspected.messageId, got[1]!.inspected.messageId, 'in two messages');
    for (const e of events) {
      assert.equal(e.eventType, '3.26.216', 'swap-outage-codes then malformed-event-type');
      assert.ok(Date.parse(e.createdDateTime!) - Date.now() > 3600_000, 'event-in-the-future');
    }
  });
});

describe('faults compose on asynchronous results', () => {
  test('late-async-reply and async-result-wrong-verb: the result comes after the deadline, as changed(MeterReadings)', async () => {
    const s = await sim(['late-async-reply', 'async-result-wrong-verb'], { asyncDeadlineSeconds: 0.1 });
    const h = header('get', 'MeterReadings', { asyncReplyFlag: true, replyAddress: listener.urlFor(`c${n}/replies`) });
    const started = Date.now();
    const ack = await send(s.sim.urlFor('MDM'), getMeterReadingsMessage(h, ['M-1001'], [REGISTER_RT]));
    assert.equal(ack.msg?.reply?.result, 'OK');
    const none = await listener.waitFor({ correlationId: h.correlationId }, 1000, 'not yet');
    assert.equal(none.ok, false, 'nothing within the deadline');
    const o = await listener.waitFor({ correlationId: h.correlationId }, 5000, 'late');
    assert.ok(o.ok);
    assert.ok(Date.now() - started >= 2000, 'sent 2 s after the deadline');
    assert.equal(o.message.inspected.verb, 'changed');
  });
});

describe('the pure changes behind the faults', () => {
  const reading: XElement = { ns: MR, name: 'Readings', children: [{ ns: MR, name: 'timeStamp', text: 't' }, { ns: MR, name: 'value', text: '1' }, { ns: MR, name: 'ReadingType', attrs: { ref: 'x' } }] };
  test('valueBeforeTimeStamp swaps the two and keeps the rest', () => {
    assert.deepEqual(valueBeforeTimeStamp({ ns: MR, name: 'MeterReadings', children: [reading] }).children![0], { ...reading, children: [reading.children![1], reading.children![0], reading.children![2]] });
  });
  test('renamespace moves every element of one namespace', () => {
    const out = renamespace({ ns: MR, name: 'MeterReadings', children: [reading, { ns: 'other', name: 'x' }] }, MR, 'urn:y');
    assert.equal(out.ns, 'urn:y');
    assert.equal((out.children![0] as XElement).children!.every((c) => (c as XElement).ns === 'urn:y'), true);
    assert.equal((out.children![1] as XElement).ns, 'other');
  });
  test('wireResponse: each transport fault alone and together', () => {
    const has = (ids: string[]) => (id: string) => ids.includes(id);
    assert.deepEqual(wireResponse(200, '<a/>', '1.1', has([])), { status: 200, contentType: contentTypeFor('1.1'), body: '<a/>' });
    const all = wireResponse(200, '<abc/>', '1.1', has(['http-500-without-soap-fault', 'wrong-content-type', 'truncated-body']));
    assert.equal(all.status, 500);
    assert.equal(all.contentType, contentTypeFor('1.2'));
    assert.equal(Buffer.from(all.body).toString(), '<abc', 'two thirds of the bytes');
    assert.equal(wireResponse(500, '<fault/>', '1.1', has(['http-500-without-soap-fault'])).status, 500, 'a real SOAP fault keeps its 500');
  });
  test('misdirected replaces the last path segment', () => {
    assert.equal(misdirected('http://127.0.0.1:1234/callback/oms/events'), 'http://127.0.0.1:1234/callback/oms/misdirected');
  });
});
