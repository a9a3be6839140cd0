/**
 * The suite as responder (src/usecases/peer.ts): the head-end the suite plays behind an MDM answers get(MeterReadings)
 * with its known values, and refuses what it cannot take (SOAP fault, 1.5, 1.8, 2.5, 2.9, 2.10, 2.4); the P6 checks of
 * src/usecases/relayed-read.ts on hand-made legs.
 * Run: node --import tsx --test test/peer.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAsHeadEnd, headEndRegisterValue, type PeerSettings } from '../src/usecases/peer.ts';
import { checkForwardedRead, checkRelayedValues, notRelayed } from '../src/usecases/relayed-read.ts';
import { getMeterReadingsMessage, meterReadingsRequest, withUndeclaredQueryElement } from '../src/usecases/requests.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Header, type ParsedMessage } from '../src/message/index.ts';
import { readMeterReadings } from '../src/payloads/meterReadings.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const pack = loadSchemaPack(defaultPackDir('2013'));
after(() => clearSchemaPackCache());
const settings: PeerSettings = {
  generation: '2013',
  meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }, { mRID: 'M-2', usagePoint: 'UP-2' }],
  readingTypes: [RT],
  maxBytes: 1 << 20,
  schemaErrors: (b) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message),
};
const header = (verb = 'get', noun = 'MeterReadings'): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'mdm', messageId: newMessageId(), correlationId: newMessageId() });
const ask = (meters: string[], rts = [RT], h = header()) => Buffer.from(toSoap(getMeterReadingsMessage(h, meters, rts), '1.1').xml);
const parsed = (xml: string): ParsedMessage => {
  const r = readMessage(xml);
  assert.ok(r.ok && r.wire.message, 'readable');
  return r.wire.message;
};
const codes = (m: ParsedMessage) => (m.reply?.errors ?? []).map((e) => e.code);

describe('the head-end the suite plays', () => {
  test('answers a get(MeterReadings) with its known register values, correlated, schema-valid', () => {
    const h = header();
    const a = answerAsHeadEnd(ask(['M-1', 'UP-2'], [RT], h), '1.1', settings);
    assert.equal(a.status, 200);
    assert.deepEqual(pack.validate(Buffer.from(a.xml), { label: 'answer' }).filter((f) => f.severity === 'error'), []);
    const m = parsed(a.xml);
    assert.equal(m.header?.verb, 'reply');
    assert.equal(m.header?.correlationId, h.correlationId);
    assert.equal(m.reply?.result, 'OK');
    const v = readMeterReadings(m.payload!.root!).meterReadings;
    assert.deepEqual(v.map((x) => [x.meter?.mRID, x.readings?.[0]?.readingType, x.readings?.[0]?.value]), [['M-1', RT, headEndRegisterValue('M-1')], ['M-2', RT, headEndRegisterValue('M-2')]]);
    // never a value of the reference store (multiples of 0.25)
    assert.notEqual((Number(headEndRegisterValue('M-1')) * 4) % 1, 0);
  });
  test('unknown meter: PARTIAL with 2.4, or FAILED when none is known', () => {
    assert.deepEqual(codes(parsed(answerAsHeadEnd(ask(['M-1', 'NOPE']), '1.1', settings).xml)), ['2.4']);
    const f = parsed(answerAsHeadEnd(ask(['NOPE']), '1.1', settings).xml);
    assert.equal(f.reply?.result, 'FAILED');
    assert.deepEqual(codes(f), ['2.4']);
  });
  test('bad requests get the Annex B refusal or the SOAP fault', () => {
    const bad = answerAsHeadEnd(Buffer.from('<not-xml'), '1.1', settings);
    assert.equal(bad.status, 500);
    assert.ok(readMessage(bad.xml).ok && (readMessage(bad.xml) as { wire: { fault?: unknown } }).wire.fault);
    const invalid = Buffer.from(toSoap(withUndeclaredQueryElement(getMeterReadingsMessage(header(), ['M-1'], [RT])), '1.1').xml);
    assert.deepEqual(codes(parsed(answerAsHeadEnd(invalid, '1.1', settings).xml)), ['1.8']);
    assert.deepEqual(codes(parsed(answerAsHeadEnd(ask(['M-1'], ['0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0']), '1.1', settings).xml)), ['2.10']);
    const create = Buffer.from(toSoap(meterReadingsRequest(header('create'), 'M-1'), '1.1').xml);
    assert.deepEqual(codes(parsed(answerAsHeadEnd(create, '1.1', settings).xml)), ['2.9']);
    const otherNoun = Buffer.from(toSoap(getMeterReadingsMessage(header('get', 'EndDeviceEvents'), ['M-1'], [RT]), '1.1').xml);
    const on = parsed(answerAsHeadEnd(otherNoun, '1.1', settings).xml);
    assert.equal(on.reply?.result, 'FAILED');
  });
});

describe('P6 relay checks', () => {
  const asked = { meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }], readingTypes: [RT] };
  test('the forwarded request names the meters and ReadingTypes asked, no more, no fewer', () => {
    assert.deepEqual(checkForwardedRead(parsed(ask(['M-1']).toString()), asked, 'leg 2'), []);
    assert.deepEqual(checkForwardedRead(parsed(ask(['UP-1']).toString()), asked, 'leg 2'), []);
    const wrong = checkForwardedRead(parsed(ask(['M-2']).toString()), asked, 'leg 2');
    assert.equal(wrong.length, 2);
    assert.ok(wrong.every((f) => f.rule === 'DOM-RELAY-FORWARD' && f.severity === 'error'));
    assert.equal(checkForwardedRead(parsed(ask(['M-1'], []).toString()), asked, 'leg 2').length, 1);
  });
  test('the relayed reply carries exactly the head-end values', () => {
    const headEnd = parsed(answerAsHeadEnd(ask(['M-1']), '1.1', settings).xml);
    const same = parsed(answerAsHeadEnd(ask(['M-1']), '1.1', settings).xml);
    assert.deepEqual(checkRelayedValues(same, headEnd, asked, 'leg 4'), []);
    const altered = parsed(answerAsHeadEnd(ask(['M-1']), '1.1', settings).xml.replace(headEndRegisterValue('M-1'), '1.000'));
    assert.deepEqual(checkRelayedValues(altered, headEnd, asked, 'leg 4').map((f) => f.rule), ['DOM-RELAY-VALUES']);
    const other = parsed(answerAsHeadEnd(ask(['M-2']), '1.1', settings).xml);
    assert.ok(checkRelayedValues(other, headEnd, asked, 'leg 4').length >= 2);
  });
  test('no relay: a failure by default, info under CIM9-83 = store-allowed', () => {
    assert.equal(notRelayed('relay', 'x').severity, 'error');
    assert.equal(notRelayed('store-allowed', 'x').severity, 'info');
  });
});
