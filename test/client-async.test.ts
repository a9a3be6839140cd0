/**
 * The CIS asking asynchronously (MR-03.C4, P1a): DOM-CLIENT-ASYNC on its request, the acknowledgement of the MDM the
 * suite plays and the result it sends to the CIS's ReplyAddress (src/usecases/peer.ts mdmAsyncResult).
 * Run: node --import tsx --test test/client-async.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAsMdm, headEndRegisterValue, mdmAsyncResult, mdmIncompleteHistoryResult } from '../src/usecases/peer.ts';
import { checkClientAsync, checkClientOutcome, outcomesOfAnswer, type ClientOrder } from '../src/checks/client-requests.ts';
import { readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
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

describe('the MDM the suite plays sends a CIS an incomplete asynchronous result of its historical read (MR-04.C3, C4, CIM9-305)', () => {
  const IRT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
  const hs = { ...settings, intervalReadingTypes: [IRT] };
  const period = { start: '2026-03-01T00:00:00Z', end: '2026-03-01T06:00:00Z' };
  const h = header({ asyncReplyFlag: true, replyAddress: 'http://cis.example/cis' });
  const req = parsed(toSoap(getMeterReadingsMessage(h, ['M-1'], [IRT], period), '1.1').xml);
  const order: ClientOrder = { who: 'the CIS', meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }], readingTypes: [IRT], period };
  const valid = (xml: string) => assert.deepEqual(pack.validate(Buffer.from(xml), { label: 'result' }).filter((f) => f.severity === 'error'), []);
  test('PARTIAL: a reply(MeterReadings) with the first half of the intervals and 5.7 naming the meter, correlated, schema-valid', () => {
    const m = mdmIncompleteHistoryResult(req, hs, 'partial');
    assert.ok(m);
    const xml = toSoap(m, '1.1').xml;
    valid(xml);
    const r = parsed(xml);
    assert.equal(r.header?.verb, 'reply');
    assert.equal(r.header?.correlationId, h.correlationId);
    assert.equal(r.reply?.result, 'PARTIAL');
    assert.deepEqual(r.reply?.errors?.map((e) => [e.code, e.id?.value]), [['5.7', 'M-1']]);
    const o = outcomesOfAnswer(r, order).get('M-1');
    assert.equal(o?.kind, 'intervals');
    assert.equal(o?.kind === 'intervals' ? o.intervals.length : 0, 12);
  });
  test('FAILED: 5.7 naming the meter and no interval; with CIM9-305 = created a PARTIAL result is created(MeterReadings) without a Reply', () => {
    const f = mdmIncompleteHistoryResult(req, hs, 'failed', 'created');
    assert.ok(f);
    valid(toSoap(f, '1.1').xml);
    const r = parsed(toSoap(f, '1.1').xml);
    assert.equal(r.reply?.result, 'FAILED');
    assert.equal(r.payload, undefined);
    assert.deepEqual(outcomesOfAnswer(r, order).get('M-1'), { kind: 'failed', code: '5.7' });
    const c = mdmIncompleteHistoryResult(req, hs, 'partial', 'created');
    assert.equal(c?.header?.verb, 'created');
    assert.equal(c?.reply, undefined);
    valid(toSoap(c!, '1.1').xml);
  });
  test('what the CIS holds: exactly the intervals given; gaps filled in, or a FAILED meter held as read, are findings; dropping a PARTIAL result is CIM9-219', () => {
    const r = parsed(toSoap(mdmIncompleteHistoryResult(req, hs, 'partial')!, '1.1').xml);
    const outcomes = outcomesOfAnswer(r, order);
    const given = (outcomes.get('M-1') as { intervals: { end: string; value: string }[] }).intervals;
    const c = { assumptions: {}, label: 'report' };
    assert.deepEqual(checkClientOutcome({ meters: { 'M-1': { status: 'read', intervals: given } } }, outcomes, 'PARTIAL', order, c), []);
    const filled = [...given, { end: '2026-03-01T06:00:00Z', value: '0' }];
    assert.match(checkClientOutcome({ meters: { 'M-1': { status: 'read', intervals: filled } } }, outcomes, 'PARTIAL', order, c)[0]!.message, /the answer did not give/);
    assert.deepEqual(checkClientOutcome({ meters: {} }, outcomes, 'PARTIAL', order, c).map((f) => [f.severity, f.assumptions?.['CIM9-219']]), [['warning', 'warning']]);
    const failed = outcomesOfAnswer(parsed(toSoap(mdmIncompleteHistoryResult(req, hs, 'failed')!, '1.1').xml), order);
    assert.deepEqual(checkClientOutcome({ meters: { 'M-1': { status: 'none' } } }, failed, 'FAILED', order, c), []);
    assert.equal(checkClientOutcome({ meters: { 'M-1': { status: 'read', value: '0' } } }, failed, 'FAILED', order, c)[0]?.rule, 'DOM-CLIENT-OUTCOME');
  });
  test('the upper-tester order cis-async-history-request carries the period, and needs it', () => {
    const body = stimulusBody('cis-async-history-request', { meters: ['M-1'], readingType: IRT, period });
    assert.equal(body.role, 'CIS');
    const read = readStimulusBody(body);
    assert.ok(read.ok);
    assert.equal(read.body.start, period.start);
    assert.equal(read.body.end, period.end);
    const noPeriod = readStimulusBody({ ...body, start: undefined, end: undefined });
    assert.ok(!noPeriod.ok && /cis-async-history-request needs start and end/.test(noPeriod.error));
  });
});
