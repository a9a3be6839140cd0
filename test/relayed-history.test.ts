/**
 * Relayed historical data (MR-04 through the MDM, P6): the head-end the suite plays pages a large range of interval data
 * (src/usecases/peer.ts), and the check of what the MDM relays to the CIS (src/usecases/relayed-history.ts).
 * Run: node --import tsx --test test/relayed-history.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerAsHeadEnd, HEAD_END_PAGE_INTERVALS, pageIntervalsOf } from '../src/usecases/peer.ts';
import { checkForwardedHistory, checkRelayedIntervals, relayedHours, RELAYED_HOURS, type HistoryAnswer } from '../src/usecases/relayed-history.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { readMessage } from '../src/message/index.ts';
import { historyRequest } from '../src/usecases/historical-paging.ts';
import { newMessageId, nowTimestamp, toSoap, type Header, type ParsedMessage } from '../src/message/index.ts';
import { buildMeterReadings, readMeterReadings } from '../src/payloads/meterReadings.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { parsedOf, peerSettings, suiteHeadEnd, withRelayingMdm } from './peers.ts';
import { runCim9InProcess } from './cli.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const IRT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const pack = loadSchemaPack(defaultPackDir('2013'));
after(async () => {
  await closeAllClients(100);
  clearSchemaPackCache();
});
const settings = peerSettings(pack, { meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }], readingTypes: [RT], intervalReadingTypes: [IRT] });
const HOUR = 3_600_000;
const end = Date.UTC(2025, 0, 10);
const window = (hours: number) => ({ start: nowTimestamp(() => new Date(end - hours * HOUR)), end: nowTimestamp(() => new Date(end)) });
const header = (replyAddress?: string): Header => ({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'mdm', messageId: newMessageId(), correlationId: newMessageId(), ...(replyAddress ? { replyAddress } : {}) });
const ask = (hours: number, h: Header) => Buffer.from(toSoap(historyRequest(h, ['M-1'], IRT, window(hours)), '1.1').xml);
const parsed = parsedOf;
const answerOf = (label: string, m: ParsedMessage): HistoryAnswer => ({ label, result: m.reply?.result, codes: (m.reply?.errors ?? []).map((e) => e.code), root: m.payload?.root });
const intervalsOf = (m: ParsedMessage) => readMeterReadings(m.payload!.root!).meterReadings.flatMap((x) => x.intervalBlocks ?? []).flatMap((b) => b.readings ?? []);

describe('the head-end the suite plays pages a large historical range', () => {
  test('a range of one message: OK with every interval, nothing later', () => {
    const a = answerAsHeadEnd(ask(6, header('http://mdm.example/mdm')), '1.1', settings);
    const m = parsed(a.xml);
    assert.equal(m.reply?.result, 'OK');
    assert.equal(intervalsOf(m).length, 24);
    assert.equal(a.later, undefined);
  });
  test('a larger range: the first page in the reply (PARTIAL 0.1), the later ones for the ReplyAddress (0.1 … 0.2), correlated, schema-valid, contiguous', () => {
    const h = header('http://mdm.example/mdm');
    const a = answerAsHeadEnd(ask(36, h), '1.1', settings);
    assert.equal(a.later?.url, 'http://mdm.example/mdm');
    const pages = [a.xml, ...(a.later?.pages ?? [])].map(parsed);
    assert.equal(pages.length, Math.ceil(144 / HEAD_END_PAGE_INTERVALS));
    assert.deepEqual(pages.map((p) => [p.reply?.result, p.reply?.errors?.[0]?.code]), [['PARTIAL', '0.1'], ['PARTIAL', '0.1'], ['PARTIAL', '0.2']]);
    for (const p of [a.xml, ...a.later!.pages]) assert.deepEqual(pack.validate(Buffer.from(p), { label: 'page' }).filter((f) => f.severity === 'error'), []);
    assert.ok(pages.every((p) => p.header?.correlationId === h.correlationId));
    const ends = pages.flatMap(intervalsOf).map((r) => Date.parse(r.timeStamp!));
    assert.equal(ends.length, 144);
    assert.ok(ends.every((t, i) => i === 0 || t - ends[i - 1]! === 900_000));
    assert.equal(ends[ends.length - 1], end);
  });
  test('a larger range without a ReplyAddress: FAILED 3.1 (the later pages have nowhere to go)', () => {
    const a = answerAsHeadEnd(ask(36, header()), '1.1', settings);
    const m = parsed(a.xml);
    assert.equal(m.reply?.result, 'FAILED');
    assert.equal(m.reply?.errors?.[0]?.code, '3.1');
    assert.equal(a.later, undefined);
  });
});

describe('checkRelayedIntervals (DOM-RELAY-INTERVALS)', () => {
  const h = header('http://mdm.example/mdm');
  const a = answerAsHeadEnd(ask(36, h), '1.1', settings);
  const headEnd = [a.xml, ...a.later!.pages].map((x, i) => answerOf(`page ${i + 1}`, parsed(x)));
  const all = [a.xml, ...a.later!.pages].map(parsed).flatMap(intervalsOf);
  // the CIS's answer as it comes off the wire (built, serialized, read back)
  const cis = (readings: { timeStamp?: string; value?: string }[], result: 'OK' | 'FAILED' = 'OK'): HistoryAnswer[] => {
    const payload = readings.length ? { root: buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, intervalBlocks: [{ readingType: IRT, readings }] }] }) } : undefined;
    const xml = toSoap({ kind: 'response', header: { ...header(), verb: 'reply' }, reply: { result }, payload }, '1.1').xml;
    return [answerOf('cis', parsed(xml))];
  };
  const asked = { meter: { mRID: 'M-1', usagePoint: 'UP-1' }, readingType: IRT };
  test('every interval of every page, unchanged: no finding', () => {
    assert.deepEqual(checkRelayedIntervals(cis(all), headEnd, asked, 'x'), []);
  });
  test('only the first page, a gap, a changed value, an interval twice: each a finding', () => {
    assert.match(checkRelayedIntervals(cis(all.slice(0, HEAD_END_PAGE_INTERVALS)), headEnd, asked, 'x')[0]!.message, /96 of the 144 intervals .* are not relayed/);
    assert.match(checkRelayedIntervals(cis(all.filter((_, i) => i !== 50)), headEnd, asked, 'x')[0]!.message, /1 of the 144/);
    const changed = all.map((r, i) => (i === 3 ? { ...r, value: String(Number(r.value) + 1) } : r));
    assert.match(checkRelayedIntervals(cis(changed), headEnd, asked, 'x')[0]!.message, /value\(s\) differ/);
    assert.match(checkRelayedIntervals(cis([...all, all[0]!]), headEnd, asked, 'x')[0]!.message, /more than once/);
    for (const f of checkRelayedIntervals(cis(all.slice(1)), headEnd, asked, 'x')) assert.equal(f.rule, 'DOM-RELAY-INTERVALS');
  });
  test("the head-end's FAILED must be relayed as FAILED, and data as not FAILED", () => {
    const failed = [answerOf('he', parsed(answerAsHeadEnd(ask(36, header()), '1.1', settings).xml))];
    assert.equal(checkRelayedIntervals(cis([], 'FAILED'), failed, asked, 'x').length, 0);
    assert.equal(checkRelayedIntervals(cis(all), failed, asked, 'x').length, 1);
    assert.ok(checkRelayedIntervals(cis(all, 'FAILED'), headEnd, asked, 'x').some((f) => /Result FAILED/.test(f.message)));
  });
});

describe('checkForwardedHistory (DOM-RELAY-FORWARD)', () => {
  const asked = { meter: { mRID: 'M-1', usagePoint: 'UP-1' }, readingType: IRT, window: window(36) };
  const leg = (from: number, to: number) => {
    const w = { start: nowTimestamp(() => new Date(end - from * HOUR)), end: nowTimestamp(() => new Date(end - to * HOUR)) };
    return { msg: parsed(toSoap(historyRequest(header(), ['M-1'], IRT, w), '1.1').xml), label: `${from}-${to}` };
  };
  test('one request over the range, or several that together cover it: no finding', () => {
    assert.deepEqual(checkForwardedHistory([leg(36, 0)], asked), []);
    assert.deepEqual(checkForwardedHistory([leg(12, 0), leg(36, 12)], asked), []);
  });
  test('a hole in the ranges asked: a finding naming where it starts', () => {
    const f = checkForwardedHistory([leg(36, 20), leg(12, 0)], asked);
    assert.equal(f.length, 1);
    assert.equal(f[0]!.rule, 'DOM-RELAY-FORWARD');
    assert.match(f[0]!.message, new RegExp(`nothing asked from ${new Date(end - 20 * HOUR).toISOString()}`));
  });
});

describe('a run of the relayed paging scenario', () => {
  test('leaves no timer behind that keeps the process alive after the run (it waited 15 s after every run)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const dir = mkdtempSync(join(tmpdir(), 'cim9-relayed-paging-'));
    try {
      const r = await runCim9InProcess(['run', '--profile', 'profiles/reference.yaml', '--tags', '@req:MR-04.R2', '--no-pdf', '--reports', dir, '-q']);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /conformance: 1 passed/);
      assert.ok(timers() <= before, `timers keeping the process alive: ${timers()} after the run, ${before} before`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the page size of the head-end the suite plays (peers.HES.pageIntervals)', () => {
  test('a page of one interval: every interval its own page, 0.1 … the last 0.2, contiguous', () => {
    const a = answerAsHeadEnd(ask(6, header('http://mdm.example/mdm')), '1.1', { ...settings, pageIntervals: 1 });
    const pages = [a.xml, ...(a.later?.pages ?? [])].map(parsed);
    assert.equal(pages.length, 24);
    assert.ok(pages.every((p) => intervalsOf(p).length === 1));
    assert.deepEqual(pages.map((p) => p.reply?.errors?.[0]?.code), [...Array(23).fill('0.1'), '0.2']);
  });
  test('a page larger than the range: one message, Result OK, nothing later', () => {
    const a = answerAsHeadEnd(ask(36, header('http://mdm.example/mdm')), '1.1', { ...settings, pageIntervals: 144 });
    assert.equal(parsed(a.xml).reply?.result, 'OK');
    assert.equal(intervalsOf(parsed(a.xml)).length, 144);
    assert.equal(a.later, undefined);
  });
  test('no page size, or an unusable one: the default', () => {
    assert.equal(pageIntervalsOf({}), HEAD_END_PAGE_INTERVALS);
    assert.equal(pageIntervalsOf({ pageIntervals: 0 }), HEAD_END_PAGE_INTERVALS);
    assert.equal(pageIntervalsOf({ pageIntervals: 2.5 }), HEAD_END_PAGE_INTERVALS);
    assert.equal(pageIntervalsOf({ pageIntervals: 7 }), 7);
  });
  test('the paged relayed read asks for two pages at least of the page size', () => {
    assert.equal(relayedHours(false, 1, 900), RELAYED_HOURS.single);
    assert.equal(relayedHours(true, 48, 900), RELAYED_HOURS.paged);
    assert.equal(relayedHours(true, 1000, 900), 251);
    assert.ok((relayedHours(true, 5000, 900) * 3600) / 900 > 5000);
  });
});

/** the reference MDM relays the history of a range it does not hold, whatever the page size of the head-end behind it */
for (const [size, what] of [
  [1, 'a page of one interval (144 pages)'],
  [1000, 'one page (the whole range in the reply)'],
] as const) {
  describe(`the reference MDM relays a historical range from the suite's head-end paging by ${size}: ${what}`, () => {
    const METERS = [{ mRID: 'M-1001', usagePoint: 'UP-1001' }];
    let hes: Awaited<ReturnType<typeof suiteHeadEnd>>;
    before(async () => {
      hes = await suiteHeadEnd({ pack, meters: METERS, readingType: RT, intervalReadingType: IRT, pageIntervals: size });
    });
    after(async () => {
      await hes.listener.close();
    });
    test('the CIS gets every interval of every page of the head-end, once, Result OK', async () => {
      await withRelayingMdm({ hes: hes.listener, pack, meters: METERS, roles: ['MDM'] }, [], async (sim) => {
        const last = Math.floor((Date.now() - 450 * 86_400_000) / HOUR) * HOUR;
        const w = { start: nowTimestamp(() => new Date(last - 36 * HOUR)), end: nowTimestamp(() => new Date(last)) };
        const out = toSoap(historyRequest(header(), ['M-1001'], IRT, w), '1.1');
        const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 20_000, maxBytes: 1 << 22 });
        assert.ok(r.ok);
        const read = readMessage(r.body);
        assert.ok(read.ok && read.wire.message);
        const answer = read.wire.message;
        assert.equal(answer.reply?.result, 'OK');
        const headEnd = [...hes.answers.values()].flatMap((a) => [a.xml, ...(a.later?.pages ?? [])]);
        assert.equal(headEnd.length, size === 1 ? 144 : 1);
        assert.equal(hes.pageAnswers.length, headEnd.length - 1);
        assert.ok(hes.pageAnswers.every((p) => p.status === 200 && parsed(p.body).reply?.result === 'OK'));
        const given = headEnd.map((x, i) => answerOf(`head-end ${i + 1}`, parsed(x)));
        assert.deepEqual(checkRelayedIntervals([answerOf('cis', answer)], given, { meter: METERS[0]!, readingType: IRT }, 'x'), []);
        assert.equal(intervalsOf(answer).length, 144);
      });
    });
  });
}
