/**
 * The CIS asking asynchronously (MR-03.C4, P1a): DOM-CLIENT-ASYNC on its request, the acknowledgement of the MDM the
 * suite plays and the result it sends to the CIS's ReplyAddress (src/usecases/peer.ts mdmAsyncResult).
 * Run: node --import tsx --test test/client-async.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAsMdm, headEndRegisterValue, mdmAsyncResult } from '../src/usecases/peer.ts';
import { checkClientAsync } from '../src/checks/client-requests.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { newMessageId, nowTimestamp, toSoap, type Header } from '../src/message/index.ts';
import { readMeterReadings } from '../src/payloads/meterReadings.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { parsedOf, peerSettings } from './peers.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const pack = loadSchemaPack(defaultPackDir('2013'));
after(() => clearSchemaPackCache());
const settings = peerSettings(pack, { meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }], readingTypes: [RT] });
const header = (extra: Partial<Header> = {}): Header => ({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'cis', messageId: newMessageId(), correlationId: newMessageId(), ...extra });
const parsed = parsedOf;
const request = (h: Header) => parsed(toSoap(getMeterReadingsMessage(h, ['M-1'], [RT]), '1.1').xml);

describe('DOM-CLIENT-ASYNC', () => {
  test('AsyncReplyFlag true and an http(s) ReplyAddress: no finding', () => {
    assert.deepEqual(checkClientAsync(request(header({ asyncReplyFlag: true, replyAddress: 'http://cis.example/cis' })), 'r'), []);
  });
  test('no flag, no ReplyAddress, or one that is not an http(s) URL: a finding each', () => {
    assert.equal(checkClientAsync(request(header({ replyAddress: 'http://cis.example/cis' })), 'r')[0]?.rule, 'DOM-CLIENT-ASYNC');
    assert.match(checkClientAsync(request(header({ asyncReplyFlag: true })), 'r')[0]!.message, /no ReplyAddress/);
    assert.match(checkClientAsync(request(header({ asyncReplyFlag: true, replyAddress: 'queue://cis' })), 'r')[0]!.message, /not an absolute http/);
  });
});

describe('the MDM the suite plays answers an asynchronous read', () => {
  test('it acknowledges (OK, 0.3, no payload), and the result carries the request CorrelationID and the readings, schema-valid', () => {
    const h = header({ asyncReplyFlag: true, replyAddress: 'http://cis.example/cis' });
    const body = Buffer.from(toSoap(getMeterReadingsMessage(h, ['M-1'], [RT]), '1.1').xml);
    const ack = parsed(answerAsMdm(body, '1.1', settings).xml);
    assert.equal(ack.reply?.result, 'OK');
    assert.deepEqual((ack.reply?.errors ?? []).map((e) => e.code), ['0.3']);
    assert.equal(ack.payload, undefined);
    const result = mdmAsyncResult(request(h), settings);
    assert.ok(result);
    assert.equal(result.header?.verb, 'created');
    assert.equal(result.header?.correlationId, h.correlationId);
    const xml = toSoap(result, '1.1').xml;
    assert.deepEqual(pack.validate(Buffer.from(xml), { label: 'result' }).filter((f) => f.severity === 'error'), []);
    const m = parsed(xml);
    assert.equal(readMeterReadings(m.payload!.root!).meterReadings[0]?.readings?.[0]?.value, headEndRegisterValue('M-1'));
  });
  test('a synchronous read is still answered with the readings at once', () => {
    const m = parsed(answerAsMdm(Buffer.from(toSoap(getMeterReadingsMessage(header(), ['M-1'], [RT]), '1.1').xml), '1.1', settings).xml);
    assert.equal(m.reply?.result, 'OK');
    assert.ok(m.payload?.root);
  });
});
