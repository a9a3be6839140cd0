/**
 * The reference MDM relaying an on-request read (P6, simulator/handlers/relay.ts) to a head-end played by the suite's
 * own responder (src/usecases/peer.ts behind a transport listener), over real HTTP: same meters, same ReadingType,
 * the head-end's values and Result relayed; and each relay fault changes what its description says.
 * Run: node --import tsx --test test/relay.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Simulator } from '../simulator/server.ts';
import { acknowledgingListener, suiteHeadEnd, withRelayingMdm } from './peers.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type ParsedMessage } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { headEndRegisterValue } from '../src/usecases/peer.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { readGetMeterReadings, readMeterReadings } from '../src/payloads/meterReadings.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [
  { mRID: 'M-1001', usagePoint: 'UP-1001' },
  { mRID: 'M-1002', usagePoint: 'UP-1002' },
];
const pack = loadSchemaPack(defaultPackDir('2013'));
let hes: Listener;

before(async () => {
  ({ listener: hes } = await suiteHeadEnd({ pack, meters: METERS, readingType: RT }));
});
after(async () => {
  await hes.close();
  await closeAllClients();
  clearSchemaPackCache();
});

function withMdm<T>(faults: string[], f: (sim: Simulator) => Promise<T>): Promise<T> {
  return withRelayingMdm({ hes, pack, meters: METERS, roles: ['MDM', 'HES'] }, faults, f);
}

/** the CIS asks the MDM; returns its reply and the request the head-end got */
async function relayedRead(sim: Simulator, meter = 'M-1001'): Promise<{ reply: ParsedMessage; correlationId: string; forwarded?: ParsedMessage }> {
  const mark = hes.lastSeq;
  const correlationId = newMessageId();
  const msg = getMeterReadingsMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cis', messageId: newMessageId(), correlationId }, [meter], [RT]);
  const out = toSoap(msg, '1.1');
  const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
  assert.ok(http.ok, 'the MDM answered');
  const r = readMessage(http.body);
  assert.ok(r.ok && r.wire.message);
  const got = hes.drain({ path: 'hes', sinceSeq: mark }, 'test');
  const fr = got[0] ? readMessage(got[0].body) : undefined;
  return { reply: r.wire.message, correlationId, forwarded: fr?.ok ? fr.wire.message : undefined };
}

const values = (m: ParsedMessage) => readMeterReadings(m.payload!.root!).meterReadings.map((x) => [x.meter?.mRID, x.readings?.[0]?.readingType, x.readings?.[0]?.value]);

describe('the reference MDM relays an on-request read to its head-end (P6)', () => {
  test('clean: same meter and ReadingType forwarded, the head-end values and Result relayed, correlated', async () => {
    await withMdm([], async (sim) => {
      const { reply, correlationId, forwarded } = await relayedRead(sim);
      assert.ok(forwarded, 'the head-end got a request');
      const q = readGetMeterReadings(forwarded.request!.query!);
      assert.deepEqual([q.endDevices, q.readingTypes], [['M-1001'], [RT]]);
      assert.notEqual(forwarded.header?.correlationId, correlationId, 'the MDM correlates its own request');
      assert.equal(reply.reply?.result, 'OK');
      assert.equal(reply.header?.correlationId, correlationId);
      assert.deepEqual(values(reply), [['M-1001', RT, headEndRegisterValue('M-1001')]]);
    });
  });
  test('the relay faults change what their descriptions say', async () => {
    await withMdm(['relay-wrong-meter'], async (sim) => {
      const { forwarded } = await relayedRead(sim);
      assert.deepEqual(readGetMeterReadings(forwarded!.request!.query!).endDevices, ['M-1002']);
    });
    await withMdm(['relay-drops-reading-type'], async (sim) => {
      const { forwarded } = await relayedRead(sim);
      assert.deepEqual(readGetMeterReadings(forwarded!.request!.query!).readingTypes, []);
    });
    await withMdm(['relay-without-correlation'], async (sim) => {
      const { reply } = await relayedRead(sim);
      assert.equal(reply.header?.correlationId, undefined);
      assert.equal(reply.reply?.result, 'OK');
    });
    await withMdm(['relay-alters-value'], async (sim) => {
      const { reply } = await relayedRead(sim);
      assert.deepEqual(values(reply), [['M-1001', RT, (Number(headEndRegisterValue('M-1001')) + 1).toFixed(3)]]);
    });
    await withMdm(['relay-from-store'], async (sim) => {
      const { reply, forwarded } = await relayedRead(sim);
      assert.equal(forwarded, undefined);
      assert.notEqual(values(reply)[0]![2], headEndRegisterValue('M-1001'));
    });
    await withMdm(['relay-request-schema-invalid'], async (sim) => {
      const { reply } = await relayedRead(sim);
      assert.equal(reply.reply?.result, 'FAILED');
      assert.deepEqual((reply.reply?.errors ?? []).map((e) => e.code), ['1.8']);
    });
  });
});

describe('the reference MDM relays an asynchronous on-request read (P6, MR-03.6)', () => {
  test("acknowledged with 0.3, the head-end asked after it, the head-end's values sent to the ReplyAddress with the CIS's CorrelationID", async () => {
    const cis = await acknowledgingListener({ maxBytes: 1 << 20, noun: 'MeterReadings', source: 'test-cis' });
    try {
      await withMdm([], async (sim) => {
        const mark = hes.lastSeq;
        const correlationId = newMessageId();
        const header = { verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cis', messageId: newMessageId(), correlationId, asyncReplyFlag: true, replyAddress: cis.urlFor('replies') };
        const out = toSoap(getMeterReadingsMessage(header, ['M-1001'], [RT]), '1.1');
        const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
        assert.ok(http.ok);
        const ack = readMessage(http.body);
        assert.ok(ack.ok && ack.wire.message);
        assert.deepEqual([ack.wire.message.reply?.result, ack.wire.message.reply?.errors?.[0]?.code], ['OK', '0.3']);
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline && !cis.all().some((m) => m.path === 'replies')) await new Promise((r) => setTimeout(r, 20));
        const asked = hes.drain({ path: 'hes', sinceSeq: mark }, 'test');
        assert.equal(asked.length, 1, 'the head-end was asked once');
        const result = cis.all().filter((m) => m.path === 'replies');
        assert.equal(result.length, 1);
        const r = readMessage(result[0]!.body);
        assert.ok(r.ok && r.wire.message);
        assert.deepEqual([r.wire.message.header?.verb, r.wire.message.header?.correlationId], ['created', correlationId]);
        assert.deepEqual(values(r.wire.message), [['M-1001', RT, headEndRegisterValue('M-1001')]]);
      });
    } finally {
      await cis.close();
    }
  });
});
