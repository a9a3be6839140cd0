/**
 * The client roles beyond the plain request (issue 12): the OMS's get(EndDeviceEvents) ping and its window, the CIS's
 * request for the historical data of a period, and what the CIS holds after a PARTIAL or FAILED answer (the
 * cis-report-readings order of the upper-tester contract). Pure checks, the answers of the MDM the suite plays, and
 * the reference simulator as the client.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type ParsedMessage, type SoapVersion } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { answerAsMdm, ENERGISED_EVENT } from '../src/usecases/peer.ts';
import { getEndDeviceEventsMessage, getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { CONTROL_PATHS, readClientReport, readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { checkClientOutcome, checkClientPeriod, checkClientRead, checkPingWindow, outcomesOfAnswer, type ClientOrder } from '../src/checks/client-requests.ts';
import { readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { readMeterReadings } from '../src/payloads/meterReadings.ts';
import { stimulusCommand } from '../src/session/stimulus.ts';
import { historyPeriod, pingNotApplicable } from '../src/usecases/client-requests.ts';
import { simulate } from '../src/cli/simulate.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const IRT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [
  { mRID: 'M-1001', usagePoint: 'UP-1001' },
  { mRID: 'M-1002', usagePoint: 'UP-1002' },
];
const pack = loadSchemaPack(defaultPackDir('2013'));
const schemaErrors = (b: Buffer) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message);
const settings = { generation: '2013' as const, meters: METERS, readingTypes: [RT], intervalReadingTypes: [IRT], maxBytes: 1 << 20, schemaErrors };
const header = (verb = 'get', noun = 'MeterReadings') => ({ verb, noun, timestamp: nowTimestamp(), source: 'client', messageId: newMessageId(), correlationId: newMessageId() });
const parse = (xml: string): ParsedMessage => {
  const r = readMessage(xml);
  assert.ok(r.ok && r.wire.message, 'readable');
  return r.wire.message;
};
const ctx = (assumptions: Record<string, string> = {}) => ({ assumptions, skewSeconds: 60, label: 'r' });
const ping = (meters: string[], window?: { start: string; end: string }) => parse(toSoap(getEndDeviceEventsMessage(header('get', 'EndDeviceEvents'), meters, window), '1.1').xml);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the contract of the new orders', () => {
  test('cis-switch-request names its command, disconnect or connect; no other event takes one', () => {
    const c = stimulusBody('cis-switch-request', { meters: ['M-1001'], command: 'disconnect' });
    assert.equal(c.role, 'CIS');
    assert.deepEqual(readStimulusBody(c), { ok: true, body: c });
    const bad = (b: unknown, re: RegExp) => {
      const r = readStimulusBody(b);
      assert.ok(!r.ok && re.test(r.error), JSON.stringify(r));
    };
    bad({ ...c, command: undefined }, /needs command/);
    bad({ ...c, command: 'open' }, /needs command/);
    bad({ ...stimulusBody('cis-read-request', { meters: ['M-1001'] }), command: 'connect' }, /cis-switch-request, not cis-read-request/);
  });
  test('oms-ping names its noun, cis-history-request its period; anything else is one line', () => {
    const p = stimulusBody('oms-ping', { meters: ['M-1001'], noun: 'EndDeviceEvents' });
    assert.deepEqual(readStimulusBody(p), { ok: true, body: p });
    const h = stimulusBody('cis-history-request', { meters: ['M-1001'], readingType: IRT, period: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T06:00:00Z' } });
    assert.equal(h.role, 'CIS');
    assert.deepEqual(readStimulusBody(h), { ok: true, body: h });
    const bad = (b: unknown, re: RegExp) => {
      const r = readStimulusBody(b);
      assert.ok(!r.ok && re.test(r.error), JSON.stringify(r));
    };
    bad({ ...h, start: undefined }, /needs start and end/);
    bad({ ...h, start: '2026-01-01T07:00:00Z' }, /before end/);
    bad({ ...h, end: 'yesterday' }, /needs start and end/);
    bad({ ...p, noun: 'MeterConfig' }, /noun/);
    bad({ ...stimulusBody('cis-read-request', { meters: ['M-1001'] }), noun: 'EndDeviceEvents' }, /oms-ping only/);
    bad({ ...stimulusBody('cis-read-request', { meters: ['M-1001'] }), start: '2026-01-01T00:00:00Z' }, /cis-history-request/);
    const { cmd, env } = stimulusCommand('hook {event} {noun} {start} {end}', h);
    assert.equal(cmd, "hook 'cis-history-request' '' '2026-01-01T00:00:00Z' '2026-01-01T06:00:00Z'");
    assert.equal(env['CIM9_START'], '2026-01-01T00:00:00Z');
  });

  test('a report is read or refused with a reason; a meter left out counts as nothing held', () => {
    assert.deepEqual(readClientReport({ meters: { 'M-1001': { status: 'read', value: 12.5 }, 'M-1002': { status: 'failed', code: '4.1' } } }), {
      ok: true,
      report: { meters: { 'M-1001': { status: 'read', value: '12.5' }, 'M-1002': { status: 'failed', code: '4.1' } } },
    });
    for (const raw of [null, [], { meters: [] }, { meters: { M: { status: 'done' } } }, { meters: { M: { status: 'read', value: {} } } }]) assert.equal(readClientReport(raw).ok, false);
  });

  test('the ping scenarios apply as UC-01 and CIM9-215 say; the historical period is six whole past hours', () => {
    assert.equal(pingNotApplicable({}, 'MeterReadings'), undefined);
    assert.match(pingNotApplicable({}, 'EndDeviceEvents') ?? '', /UC-01 = get-meter-readings/);
    assert.equal(pingNotApplicable({ 'UC-01': 'get-end-device-events' }, 'EndDeviceEvents'), undefined);
    assert.ok(pingNotApplicable({ 'UC-01': 'create-end-device-controls' }, 'MeterReadings'));
    assert.equal(pingNotApplicable({ 'CIM9-215': 'both' }, 'EndDeviceEvents'), undefined);
    const p = historyPeriod(Date.parse('2026-03-01T10:20:00Z'));
    assert.deepEqual(p, { start: '2026-03-01T03:00:00.000Z', end: '2026-03-01T09:00:00.000Z' });
  });
});

describe('the OMS ping with get(EndDeviceEvents)', () => {
  const order: ClientOrder = { who: 'the OMS', meters: METERS, readingTypes: [], noun: 'EndDeviceEvents', at: Date.now() };

  test('exactly the meters and a window up to the order: nothing to report', () => {
    const m = ping(['M-1001', 'M-1002'], { start: iso(Date.now() - 900_000), end: iso(Date.now()) });
    assert.deepEqual(checkClientRead(m, order, 'r'), []);
    assert.deepEqual(checkPingWindow(m, order, ctx()), []);
  });

  test('a meter left out is DOM-CLIENT-REQUEST; a stale or missing window is CIM9-216 (warning, failure, off)', () => {
    assert.ok(checkClientRead(ping(['M-1001']), order, 'r').some((f) => f.rule === 'DOM-CLIENT-REQUEST' && /M-1002/.test(f.message)));
    const stale = ping(['M-1001', 'M-1002'], { start: iso(Date.now() - 90_000_000), end: iso(Date.now() - 86_400_000) });
    const w = checkPingWindow(stale, order, ctx());
    assert.ok(w.length === 1 && w[0]!.rule === 'DOM-CLIENT-PING-WINDOW' && w[0]!.severity === 'warning' && /before the OMS was told/.test(w[0]!.message), JSON.stringify(w));
    assert.equal(checkPingWindow(stale, order, ctx({ 'CIM9-216': 'failure' }))[0]!.severity, 'error');
    assert.deepEqual(checkPingWindow(stale, order, ctx({ 'CIM9-216': 'off' })), []);
    assert.match(checkPingWindow(ping(['M-1001', 'M-1002']), order, ctx())[0]!.message, /no TimeSchedule/);
    // not a GetEndDeviceEvents at all: nothing to check is never a pass
    const readings = parse(toSoap(getMeterReadingsMessage(header(), ['M-1001'], []), '1.1').xml);
    assert.equal(checkPingWindow(readings, order, ctx())[0]!.rule, 'DOM-CLIENT-REQUEST');
  });

  test('the MDM the suite plays answers each meter with the power-status event in the window, 2.4 and 4.1 items otherwise', () => {
    const end = Date.now() - 60_000;
    const req = toSoap(getEndDeviceEventsMessage(header('get', 'EndDeviceEvents'), ['M-1001', 'M-1002', 'M-9'], { start: iso(end - 900_000), end: iso(end) }), '1.1').xml;
    const a = parse(answerAsMdm(Buffer.from(req), '1.1', { ...settings, unreachable: ['M-1002'] }).xml);
    assert.equal(a.reply?.result, 'PARTIAL');
    assert.deepEqual(a.reply?.errors?.map((e) => `${e.code} ${e.id?.value}`).sort(), ['2.4 M-9', '4.1 M-1002']);
    const events = readEndDeviceEvents(a.payload!.root!);
    assert.deepEqual(events.map((e) => [e.meter, e.eventType]), [['M-1001', ENERGISED_EVENT]]);
    assert.equal(Date.parse(events[0]!.createdDateTime!), Math.floor(end / 1000) * 1000);
    assert.deepEqual(schemaErrors(Buffer.from(answerAsMdm(Buffer.from(req), '1.1', settings).xml)), []);
  });
});

describe('the CIS asking for historical data', () => {
  const period = { start: '2026-03-01T03:00:00Z', end: '2026-03-01T09:00:00Z' };
  const order: ClientOrder = { who: 'the CIS', meters: METERS.slice(0, 1), readingTypes: [IRT], period };
  const asking = (window?: { start: string; end: string }) => parse(toSoap(getMeterReadingsMessage(header(), ['M-1001'], [IRT], window), '1.1').xml);

  test('the period ordered: nothing; a wider one: info (covers) or a failure (exact); a shorter or none: a failure', () => {
    assert.deepEqual(checkClientPeriod(asking(period), order, ctx()), []);
    const wider = { start: '2026-03-01T00:00:00Z', end: '2026-03-01T09:00:00Z' };
    assert.equal(checkClientPeriod(asking(wider), order, ctx())[0]!.severity, 'info');
    assert.equal(checkClientPeriod(asking(wider), order, ctx({ 'CIM9-217': 'exact' }))[0]!.severity, 'error');
    const short = checkClientPeriod(asking({ start: '2026-03-01T08:00:00Z', end: period.end }), order, ctx());
    assert.ok(short.length === 1 && short[0]!.rule === 'DOM-CLIENT-PERIOD' && short[0]!.severity === 'error' && /does not cover/.test(short[0]!.message), JSON.stringify(short));
    assert.match(checkClientPeriod(asking(), order, ctx())[0]!.message, /no time range/);
    assert.match(checkClientPeriod(asking({ start: period.end, end: period.start }), order, ctx())[0]!.message, /not before its end/);
  });

  test('expected / actual: the period ordered, the range asked for (or none)', () => {
    const [short] = checkClientPeriod(asking({ start: '2026-03-01T08:00:00Z', end: period.end }), order, ctx());
    assert.equal(short!.expected, `a range covering [${period.start}, ${period.end})`);
    assert.match(short!.actual!, /^\[2026-03-01T08:00:00(\.000)?Z, 2026-03-01T09:00:00(\.000)?Z\)$/);
    const [none] = checkClientPeriod(asking(), order, ctx({ 'CIM9-217': 'exact' }));
    assert.deepEqual([none!.expected, none!.actual], [`exactly [${period.start}, ${period.end})`, 'no time range']);
  });

  test('the MDM the suite plays answers the interval data of [start, end), timestamped at the end of each interval', () => {
    const a = parse(answerAsMdm(Buffer.from(toSoap(getMeterReadingsMessage(header(), ['M-1001'], [IRT], period), '1.1').xml), '1.1', settings).xml);
    assert.equal(a.reply?.result, 'OK');
    const block = readMeterReadings(a.payload!.root!).meterReadings[0]!.intervalBlocks![0]!;
    assert.equal(block.readingType, IRT);
    assert.equal(block.readings.length, 24);
    assert.equal(Date.parse(block.readings[0]!.timeStamp!), Date.parse('2026-03-01T03:15:00Z'));
    assert.equal(Date.parse(block.readings.at(-1)!.timeStamp!), Date.parse(period.end));
    const none = parse(answerAsMdm(Buffer.from(toSoap(getMeterReadingsMessage(header(), ['M-1001'], [IRT]), '1.1').xml), '1.1', { ...settings }).xml);
    assert.equal(none.reply?.result, 'FAILED', 'interval data without a time range');
    assert.equal(none.reply?.errors?.[0]?.code, '1.6');
  });

  test('what the CIS holds of the interval data (DOM-CLIENT-OUTCOME): every interval by its end with its value; missing, other values, extra ones and nothing held are findings', () => {
    const a = parse(answerAsMdm(Buffer.from(toSoap(getMeterReadingsMessage(header(), ['M-1001'], [IRT], period), '1.1').xml), '1.1', settings).xml);
    const out = outcomesOfAnswer(a, order);
    const got = out.get('M-1001');
    assert.ok(got?.kind === 'intervals' && got.intervals.length === 24);
    const all = got.intervals.map((x) => ({ end: new Date(Date.parse(x.end)).toISOString(), value: `${Number(x.value)}` }));
    const check = (intervals?: { end: string; value: string }[], status: 'read' | 'failed' | 'none' = 'read') => checkClientOutcome({ meters: { 'M-1001': { status, ...(intervals ? { intervals } : {}) } } }, out, 'OK', order, ctx());
    assert.deepEqual(check(all), [], 'the same instants and numbers written otherwise');
    const dropped = check(all.slice(0, -1));
    assert.ok(dropped.length === 1 && dropped[0]!.rule === 'DOM-CLIENT-OUTCOME' && /holds 23 of the 24 interval readings/.test(dropped[0]!.message), JSON.stringify(dropped));
    assert.match(check([{ ...all[0]!, value: '99' }, ...all.slice(1)])[0]!.message, /other values .* holds 99/);
    assert.match(check([...all, { end: '2026-03-01T09:15:00Z', value: '1' }])[0]!.message, /the answer did not give/);
    assert.match(check(undefined)[0]!.message, /no interval reading/);
    assert.match(check(undefined, 'failed')[0]!.message, /as failed/);
  });

  test('the report carries intervals as a list of {end, value}; anything else is one line', () => {
    const ok = readClientReport({ meters: { 'M-1001': { status: 'read', intervals: [{ end: '2026-03-01T03:15:00Z', value: 0.25 }] } } });
    assert.deepEqual(ok, { ok: true, report: { meters: { 'M-1001': { status: 'read', intervals: [{ end: '2026-03-01T03:15:00Z', value: '0.25' }] } } } });
    for (const intervals of [{}, [1], [{ end: 3, value: '1' }], [{ end: 'x'.repeat(41), value: '1' }], Array.from({ length: 1001 }, () => ({ end: 'e', value: '1' }))]) {
      const r = readClientReport({ meters: { M: { status: 'read', intervals } } });
      assert.ok(!r.ok && !r.error.includes('\n'), JSON.stringify(intervals).slice(0, 80));
    }
  });
});

describe('what the CIS holds after a PARTIAL or FAILED answer', () => {
  const order: ClientOrder = { who: 'the CIS', meters: METERS, readingTypes: [RT] };
  const answer = (unreachable: string[]) => parse(answerAsMdm(Buffer.from(toSoap(getMeterReadingsMessage(header(), ['M-1001', 'M-1002'], [RT]), '1.1').xml), '1.1', { ...settings, unreachable }).xml);

  test('PARTIAL: the reading kept with its value and the failed meter not read is clean; the other handlings are findings', () => {
    const a = answer(['M-1002']);
    assert.equal(a.reply?.result, 'PARTIAL');
    const out = outcomesOfAnswer(a, order);
    const v = out.get('M-1001');
    assert.ok(v?.kind === 'read');
    assert.deepEqual(out.get('M-1002'), { kind: 'failed', code: '4.1' });
    const check = (meters: Record<string, { status: 'read' | 'failed' | 'none'; value?: string }>, a2: Record<string, string> = {}) => checkClientOutcome({ meters }, out, 'PARTIAL', order, ctx(a2));
    assert.deepEqual(check({ 'M-1001': { status: 'read', value: v.value }, 'M-1002': { status: 'failed' } }), []);
    assert.deepEqual(check({ 'M-1001': { status: 'read', value: v.value } }), [], 'nothing held for the failed meter: fine by default');
    assert.equal(check({ 'M-1001': { status: 'read', value: v.value } }, { 'CIM9-218': 'failed' })[0]!.severity, 'error');
    const asRead = check({ 'M-1001': { status: 'read', value: v.value }, 'M-1002': { status: 'read', value: '0' } });
    assert.ok(asRead.length === 1 && asRead[0]!.severity === 'error' && /takes a failed item as done/.test(asRead[0]!.message), JSON.stringify(asRead));
    assert.equal(check({ 'M-1001': { status: 'read', value: '1' } })[0]!.severity, 'error', 'another value');
    assert.equal(check({ 'M-1001': { status: 'failed' } })[0]!.severity, 'warning', 'dropped: CIM9-219');
    assert.equal(check({ 'M-1001': { status: 'failed' } }, { 'CIM9-219': 'failure' })[0]!.severity, 'error');
    assert.deepEqual(check({ 'M-1001': { status: 'failed' } }, { 'CIM9-219': 'off' }), []);
  });

  test('FAILED: no meter may be held as read', () => {
    const a = answer(['M-1001', 'M-1002']);
    assert.equal(a.reply?.result, 'FAILED');
    const out = outcomesOfAnswer(a, order);
    assert.deepEqual(checkClientOutcome({ meters: {} }, out, 'FAILED', order, ctx()), []);
    assert.equal(checkClientOutcome({ meters: { 'M-1001': { status: 'read', value: '3' } } }, out, 'FAILED', order, ctx()).length, 1);
  });
});

describe('the reference simulator as the client of these orders', () => {
  let mdm: Listener;
  let unreachable: string[] = [];
  before(async () => {
    mdm = await startListener({
      maxBytes: 1 << 20,
      inspect: () => ({}),
      respond: (m) => {
        const version: SoapVersion = m.contentType?.includes('soap+xml') ? '1.2' : '1.1';
        const a = answerAsMdm(m.body, version, { ...settings, unreachable });
        return { status: a.status, contentType: contentTypeFor(version), body: a.xml };
      },
    });
  });
  after(async () => {
    await mdm.close();
    await closeAllClients();
  });
  async function withClient<T>(faults: string[], f: (sim: Simulator) => Promise<T>): Promise<T> {
    const sim = await startSimulator({ roles: ['CIS', 'OMS'], faults, meters: METERS, schemaPack: pack });
    try {
      await fetch(`${sim.url}${CONTROL_PATHS.subscribers}`, { method: 'POST', body: JSON.stringify({ MDMService: mdm.urlFor('mdm') }) });
      return await f(sim);
    } finally {
      await sim.close();
    }
  }
  const order = (sim: Simulator, body: unknown) => fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(body) });
  async function requested(sim: Simulator, body: unknown): Promise<ParsedMessage> {
    const mark = mdm.lastSeq;
    assert.equal((await order(sim, body)).status, 202);
    const got = await mdm.waitFor({ path: 'mdm', predicate: (m) => m.seq > mark }, 5000, 'test');
    assert.ok(got.ok);
    return parse(got.message.body.toString('utf8'));
  }

  test('the OMS pings with get(EndDeviceEvents) up to now; oms-ping-stale-window a day earlier', async () => {
    const o: ClientOrder = { who: 'the OMS', meters: METERS, readingTypes: [], noun: 'EndDeviceEvents', at: Date.now() };
    const body = stimulusBody('oms-ping', { meters: ['M-1001', 'M-1002'], noun: 'EndDeviceEvents' });
    await withClient([], async (sim) => {
      const m = await requested(sim, body);
      assert.deepEqual([...checkClientRead(m, o, 'r'), ...checkPingWindow(m, o, ctx())], []);
    });
    await withClient(['oms-ping-stale-window'], async (sim) => assert.equal(checkPingWindow(await requested(sim, body), o, ctx()).length, 1));
  });

  test('the CIS asks for the period ordered; cis-history-short-period for its last hour', async () => {
    const period = historyPeriod();
    const o: ClientOrder = { who: 'the CIS', meters: METERS.slice(0, 1), readingTypes: [IRT], period };
    const body = stimulusBody('cis-history-request', { meters: ['M-1001'], readingType: IRT, period });
    await withClient([], async (sim) => {
      const m = await requested(sim, body);
      assert.deepEqual([...checkClientRead(m, o, 'r'), ...checkClientPeriod(m, o, ctx())], []);
    });
    await withClient(['cis-history-short-period'], async (sim) => assert.equal(checkClientPeriod(await requested(sim, body), o, ctx())[0]?.rule, 'DOM-CLIENT-PERIOD'));
  });

  test('the CIS reports what it holds after the answer; its faults change exactly that', async () => {
    const body = stimulusBody('cis-read-request', { meters: ['M-1001', 'M-1002'], readingType: RT });
    const report = async (sim: Simulator) => {
      const res = await order(sim, stimulusBody('cis-report-readings', { meters: ['M-1001', 'M-1002'] }));
      assert.equal(res.status, 200);
      const r = readClientReport(await res.json());
      assert.ok(r.ok);
      return r.report.meters;
    };
    unreachable = ['M-1002'];
    try {
      await withClient([], async (sim) => {
        await requested(sim, body);
        const held = await report(sim);
        assert.equal(held['M-1001']?.status, 'read');
        assert.deepEqual(held['M-1002'], { status: 'failed', code: '4.1' });
      });
      await withClient(['cis-failed-item-as-read'], async (sim) => {
        await requested(sim, body);
        assert.deepEqual((await report(sim))['M-1002'], { status: 'read', value: '0' });
      });
      await withClient(['cis-partial-as-failed'], async (sim) => {
        await requested(sim, body);
        assert.equal((await report(sim))['M-1001']?.status, 'failed');
      });
    } finally {
      unreachable = [];
    }
  });
});

describe('cim9 simulate as a client of a server SUT', () => {
  test('its client options need a client role and an http(s) URL: one line each, before anything starts', async () => {
    await assert.rejects(simulate({ fault: [], role: ['MDM'], mdm: 'http://127.0.0.1:1/mdm' }), /--mdm is the MDM of the CIS and the OMS/);
    await assert.rejects(simulate({ fault: [], role: ['CIS'], mdm: 'ftp://x' }), /--mdm "ftp:\/\/x": not an http\(s\) URL/);
    await assert.rejects(simulate({ fault: [], role: ['HES'], reportDir: '/dev/null/cim9' }), /--report-dir \/dev\/null\/cim9: cannot write there/);
  });

  test('the reference client tells its observer every answer it got, with the request it sent', async () => {
    const seen: { role: string; request: string; body?: Buffer }[] = [];
    // a pack of its own: the suites above clear the cache (and dispose theirs) when they end
    const own = loadSchemaPack(defaultPackDir('2013'));
    const mdm = await startListener({
      maxBytes: 1 << 20,
      inspect: () => ({}),
      respond: (m) => {
        const a = answerAsMdm(m.body, '1.1', { ...settings, schemaErrors: (b) => own.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message) });
        return { status: a.status, contentType: contentTypeFor('1.1'), body: a.xml };
      },
    });
    const sim = await startSimulator({ roles: ['CIS', 'OMS'], meters: METERS, schemaPack: own, upstream: { MDM: mdm.urlFor('mdm') }, onClientAnswer: (a) => seen.push(a) });
    try {
      const res = await fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(stimulusBody('oms-ping', { meters: ['M-1001'], noun: 'EndDeviceEvents' })) });
      assert.equal(res.status, 202);
      for (let i = 0; i < 100 && !seen.length; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.role, 'OMS');
      assert.equal(seen[0]!.request, 'get(EndDeviceEvents)');
      assert.equal(parse(seen[0]!.body!.toString('utf8')).reply?.result, 'OK');
    } finally {
      await sim.close();
      await mdm.close();
      await closeAllClients();
    }
  });
});

// the schema pack cache is cleared once the file's tests are done, never in between: `npm run unit` may run other
// files in the same process (test/unit.mjs), whose packs a clearing in the middle would dispose under them
after(() => clearSchemaPackCache());
