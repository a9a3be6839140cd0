/**
 * The reference MDM relaying the OMS's ping (EDE-02, P6, simulator/handlers/relay.ts) to a head-end played by the
 * suite's own responder (src/usecases/peer.ts, not reaching M-1003) over real HTTP: same meters forwarded, the
 * head-end's Result and per-meter status relayed; each fault of the MDM's client side changes what its description
 * says, and the head-end marks the requests it refuses.
 * Run: node --import tsx --test test/relayed-ping-sim.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../simulator/server.ts';
import { suiteHeadEnd, withRelayingMdm } from './peers.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type ParsedMessage } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import type { PeerAnswer } from '../src/usecases/peer.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { readGetMeterReadings } from '../src/payloads/meterReadings.ts';
import { checkRelayedStatus, pingStatus } from '../src/usecases/relayed-ping.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [
  { mRID: 'M-1001', usagePoint: 'UP-1001' },
  { mRID: 'M-1002', usagePoint: 'UP-1002' },
  { mRID: 'M-1003', usagePoint: 'UP-1003' },
];
const pack = loadSchemaPack(defaultPackDir('2013'));
let hes: Listener;
let answers: Map<number, PeerAnswer>;

before(async () => {
  ({ listener: hes, answers } = await suiteHeadEnd({ pack, meters: METERS, readingType: RT, unreachable: ['M-1003'] }));
});
after(async () => {
  await hes.close();
  await closeAllClients();
  clearSchemaPackCache();
});

function withMdm<T>(faults: string[], f: (sim: Simulator) => Promise<T>): Promise<T> {
  return withRelayingMdm({ hes, pack, meters: METERS, roles: ['MDM'] }, faults, f);
}

/** the OMS pings the MDM; its reply, the request the head-end got (raw and read) and the head-end's answer */
async function relayedPing(sim: Simulator, meters = METERS.map((m) => m.mRID)) {
  const mark = hes.lastSeq;
  const msg = getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'oms', messageId: newMessageId(), correlationId: newMessageId() }, meters, []);
  const out = toSoap(msg, '1.1');
  const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
  assert.ok(http.ok, 'the MDM answered');
  const r = readMessage(http.body);
  assert.ok(r.ok && r.wire.message);
  const got = hes.drain({ path: 'hes', sinceSeq: mark }, 'test')[0];
  const fr = got ? readMessage(got.body) : undefined;
  const answer = got ? answers.get(got.seq) : undefined;
  const ha = answer ? readMessage(answer.xml) : undefined;
  return {
    reply: r.wire.message,
    raw: got?.body.toString('utf8'),
    forwarded: fr?.ok ? fr.wire.message : undefined,
    answer,
    headEnd: ha?.ok ? ha.wire.message : undefined,
  } as { reply: ParsedMessage; raw?: string; forwarded?: ParsedMessage; answer?: PeerAnswer; headEnd?: ParsedMessage };
}

describe('the reference MDM relays the OMS ping to its head-end (EDE-02, P6)', () => {
  test('clean: the meters forwarded, the head-end PARTIAL and its 4.1 for M-1003 relayed', async () => {
    await withMdm([], async (sim) => {
      const { reply, forwarded, headEnd, answer } = await relayedPing(sim);
      assert.deepEqual(readGetMeterReadings(forwarded!.request!.query!).endDevices, ['M-1001', 'M-1002', 'M-1003']);
      assert.equal(answer?.refused, undefined);
      assert.equal(reply.reply?.result, 'PARTIAL');
      assert.deepEqual([...pingStatus(reply, METERS).values()], ['answered', 'answered', 'error 4.1']);
      assert.deepEqual(checkRelayedStatus(reply, headEnd, METERS, 'reply'), []);
    });
  });
  test('relay-ping-drops-meter: the last meter is not forwarded (a ping of one meter: none)', async () => {
    await withMdm(['relay-ping-drops-meter'], async (sim) => {
      const { forwarded } = await relayedPing(sim);
      assert.deepEqual(readGetMeterReadings(forwarded!.request!.query!).endDevices, ['M-1001', 'M-1002']);
      const one = await relayedPing(sim, ['M-1001']);
      assert.deepEqual(readGetMeterReadings(one.forwarded!.request!.query!).endDevices ?? [], []);
    });
  });
  test('relay-ping-wrong-status: OK without the head-end Errors', async () => {
    await withMdm(['relay-ping-wrong-status'], async (sim) => {
      const { reply, headEnd } = await relayedPing(sim);
      assert.equal(reply.reply?.result, 'OK');
      assert.deepEqual(reply.reply?.errors ?? [], []);
      assert.deepEqual(checkRelayedStatus(reply, headEnd, METERS, 'reply').map((f) => f.rule), ['DOM-RELAY-STATUS', 'DOM-RELAY-STATUS']);
    });
  });
  test('relay-request-unknown-noun, relay-request-malformed: the head-end refuses (2.5, SOAP fault), the MDM relays a failure', async () => {
    await withMdm(['relay-request-unknown-noun'], async (sim) => {
      const { forwarded, answer, reply } = await relayedPing(sim);
      assert.equal(forwarded?.header?.noun, 'MeterReading');
      assert.equal(answer?.refused?.code, '2.5');
      assert.equal(reply.reply?.result, 'FAILED');
    });
    await withMdm(['relay-request-malformed'], async (sim) => {
      const { raw, forwarded, answer, reply } = await relayedPing(sim);
      assert.ok(raw && !readMessage(raw).ok, 'not well-formed');
      assert.equal(forwarded, undefined);
      assert.deepEqual([answer?.status, answer?.refused?.code], [500, 'SOAP-fault']);
      assert.deepEqual((reply.reply?.errors ?? []).map((e) => e.code), ['5.3']);
    });
  });
  test('relay-request-uncorrelated: neither MessageID nor CorrelationID; the head-end still answers', async () => {
    await withMdm(['relay-request-uncorrelated'], async (sim) => {
      const { forwarded, answer, reply } = await relayedPing(sim);
      assert.deepEqual([forwarded?.header?.messageId, forwarded?.header?.correlationId], [undefined, undefined]);
      assert.equal(answer?.refused, undefined);
      assert.equal(reply.reply?.result, 'PARTIAL');
    });
  });
});
