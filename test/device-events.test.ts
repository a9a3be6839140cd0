/**
 * End device events beyond outage detection (src/checks/device-events.ts, simulator/handlers/device-events.ts): the
 * EDE-09 shapes (one event with several EndDeviceEventDetails; one message with several events and its own
 * EndDeviceEventType definitions) built and read back and clean under the message checks; the answer to
 * get(EndDeviceEvents) by meter and window (EDE-QUERY-METER, EDE-QUERY-WINDOW, nothing to check is DOM-EXPECTED);
 * health domains (EDE-HEALTH-DOMAIN, UC-05); power quality start / stop pairs (EDE-PQ-PAIR); the reference head-end
 * answering get(EndDeviceEvents) and publishing health events to its MDM over HTTP.
 * Run: node --import tsx --test test/device-events.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEndDeviceEventsPayload } from '../src/checks/index.ts';
import { checkEventQueryAnswer, checkHealthEvents, checkPqPairs, eventCode, pqKind, toldMatcher, type ToldEvent } from '../src/checks/device-events.ts';
import { buildEndDeviceEvents, buildGetEndDeviceEvents, readEndDeviceEvents, readEndDeviceEventTypes, readGetEndDeviceEvents, type EndDeviceEventTypeValue, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';
import { eventLog } from '../simulator/handlers/device-events.ts';
import { eventWindow } from '../src/usecases/device-events.ts';
import { DEVICE_EVENT_FAULTS } from '../simulator/faults/device-events.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap, type Header, type ParsedMessage } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { getEventsMessage } from '../src/usecases/device-events.ts';
import { acknowledgingListener } from './peers.ts';
import { ctx, parse, rules } from './checks-helpers.ts';

const ev = (o: Partial<EndDeviceEventValue> = {}): EndDeviceEventValue => ({ mRID: 'E-1', createdDateTime: '2024-03-01T10:00:00Z', meter: 'M-1', eventType: '3.2.22.150', ...o });
const root = (events: EndDeviceEventValue[], types: EndDeviceEventTypeValue[] = []) => parse(buildEndDeviceEvents(events, types));

describe('EDE-09 shapes', () => {
  test('one event with several EndDeviceEventDetails reads back in order', () => {
    const r = root([ev({ details: [{ name: 'batteryVoltage', value: '2.9' }, { name: 'minimumVoltage', value: '3.0' }, { name: 'flag' }] })]);
    const [e] = readEndDeviceEvents(r);
    assert.deepEqual(e!.details, [{ name: 'batteryVoltage', value: '2.9' }, { name: 'minimumVoltage', value: '3.0' }, { name: 'flag', value: undefined }]);
    assert.deepEqual(checkEndDeviceEventsPayload(r, ctx()).filter((f) => f.severity === 'error'), []);
  });

  test('one message with several events and its own EndDeviceEventType definitions: refs by code or by name resolve', () => {
    const r = root(
      [ev(), ev({ mRID: 'E-2', eventType: 'ElectricMeter.Clock.Error' }), ev({ mRID: 'E-3', meter: 'M-2', eventType: '3.7.0.24' })],
      [{ code: '3.36.0.79', name: 'ElectricMeter.Clock.Error' }, { code: '3.7.0.24', name: 'ElectricMeter.Configuration.Changed' }],
    );
    assert.equal(readEndDeviceEvents(r).length, 3);
    assert.deepEqual(readEndDeviceEventTypes(r), [
      { mRID: '3.36.0.79', code: '3.36.0.79', name: 'ElectricMeter.Clock.Error' },
      { mRID: '3.7.0.24', code: '3.7.0.24', name: 'ElectricMeter.Configuration.Changed' },
    ]);
    assert.equal(eventCode(r, { eventType: 'ElectricMeter.Clock.Error' }), '3.36.0.79');
    assert.equal(eventCode(r, { eventType: '3.2.22.150' }), '3.2.22.150');
    assert.equal(eventCode(r, { eventType: 'nothing' }), undefined);
    assert.deepEqual(checkEndDeviceEventsPayload(r, ctx()).filter((f) => f.severity === 'error'), []);
  });

  test('the query: meters and the window read back', () => {
    const q = parse(buildGetEndDeviceEvents({ meters: ['M-1', 'M-2'], start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z' }));
    assert.deepEqual(readGetEndDeviceEvents(q), { meters: ['M-1', 'M-2'], start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z' });
  });
});

describe('the answer to get(EndDeviceEvents) by meter and window', () => {
  const q = { meters: ['M-1'], start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z' };
  test('events of the meter inside the window (bounds included) pass', () => {
    assert.deepEqual(checkEventQueryAnswer(root([ev(), ev({ mRID: 'E-2', createdDateTime: q.start }), ev({ mRID: 'E-3', createdDateTime: q.end })]), q, ctx()), []);
  });
  test('an event of another meter is EDE-QUERY-METER; one without a meter too', () => {
    assert.deepEqual(rules(checkEventQueryAnswer(root([ev(), ev({ mRID: 'E-2', meter: 'M-2' })]), q, ctx())), ['error EDE-QUERY-METER']);
    assert.deepEqual(rules(checkEventQueryAnswer(root([ev({ meter: undefined })]), q, ctx())), ['error EDE-QUERY-METER']);
  });
  test('an event before or after the window is EDE-QUERY-WINDOW', () => {
    const fs = checkEventQueryAnswer(root([ev({ createdDateTime: '2024-02-29T23:59:59Z' }), ev({ mRID: 'E-2', createdDateTime: '2024-03-01T12:00:01Z' })]), q, ctx());
    assert.deepEqual(rules(fs), ['error EDE-QUERY-WINDOW', 'error EDE-QUERY-WINDOW']);
    assert.match(fs[0]!.xpath ?? '', /createdDateTime/);
  });
  test('an answer without events has nothing to check: DOM-EXPECTED, never a pass', () => {
    assert.deepEqual(rules(checkEventQueryAnswer(root([]), q, ctx())), ['error DOM-EXPECTED']);
  });
});

describe('the event findings carry expected / actual (issue 16)', () => {
  test('the meter and window asked, the health domains, the sag / swell pairs', () => {
    const q = { meters: ['M-1'], start: '2024-03-01T00:00:00Z', end: '2024-03-01T12:00:00Z' };
    const ea = (fs: { rule: string; expected?: string; actual?: string }[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
    assert.deepEqual(ea(checkEventQueryAnswer(root([ev({ meter: 'M-2', createdDateTime: '2024-03-01T12:00:01Z' })]), q, ctx())), [
      ['EDE-QUERY-METER', 'meter M-1', 'meter M-2'],
      ['EDE-QUERY-WINDOW', `createdDateTime within ${q.start} – ${q.end}`, 'createdDateTime 2024-03-01T12:00:01Z'],
    ]);
    assert.deepEqual(ea(checkHealthEvents(root([ev({ eventType: '3.20.0.79' })]), { meter: 'M-1', domains: [36] }, ctx())), [['EDE-HEALTH-DOMAIN', 'a code of domain 36', 'code 3.20.0.79 (domain 20)']]);
    const stopOnly = checkPqPairs([{ root: root([ev({ eventType: '3.26.38.224' })]), label: 'd' }], 'M-1', ctx());
    assert.deepEqual(ea(stopOnly), [['EDE-PQ-PAIR', 'a start before the stop', 'stop 3.26.38.224 at 2024-03-01T10:00:00Z, no start']]);
  });
});

describe('meter health (UC-05 domains)', () => {
  const domains = [1, 2, 7, 11, 18, 21, 36, 37];
  test('battery and clock events of the meter pass', () => {
    assert.deepEqual(checkHealthEvents(root([ev(), ev({ mRID: 'E-2', eventType: '3.36.0.79' })]), { meter: 'M-1', domains }, ctx()), []);
  });
  test('a code of another domain is EDE-HEALTH-DOMAIN, naming UC-05', () => {
    const fs = checkHealthEvents(root([ev({ eventType: '3.20.0.79' })]), { meter: 'M-1', domains }, ctx());
    assert.deepEqual(rules(fs), ['error EDE-HEALTH-DOMAIN']);
    assert.equal(fs[0]!.assumptions?.['UC-05'], domains.join(', '));
    assert.deepEqual(checkHealthEvents(root([ev({ eventType: '3.20.0.79' })]), { meter: 'M-1', domains: [20] }, ctx()), []);
  });
  test('an undecodable code is EDE-HEALTH-DOMAIN; no event of the meter is DOM-EXPECTED', () => {
    assert.deepEqual(rules(checkHealthEvents(root([ev({ eventType: '3.2.22.LowBattery' })]), { meter: 'M-1', domains }, ctx())), ['error EDE-HEALTH-DOMAIN']);
    assert.deepEqual(rules(checkHealthEvents(root([ev({ meter: 'M-2' })]), { meter: 'M-1', domains }, ctx())), ['error DOM-EXPECTED']);
  });
});

describe('power quality start / stop pairs', () => {
  const at = (s: number) => new Date(Date.UTC(2024, 2, 1, 10, 0, s)).toISOString().replace('.000', '');
  const pq = (...xs: [string, number, string?][]) => [{ root: root(xs.map(([code, s, meter], i) => ev({ mRID: `E-${i}`, eventType: code, createdDateTime: at(s), meter: meter ?? 'M-1' }))), label: 'm' }];
  test('the codes: sag / swell start and stop, per phase subdomain', () => {
    assert.deepEqual(pqKind('3.26.131.223'), { kind: 'sag', edge: 'start', phase: 131 });
    assert.deepEqual(pqKind('3.26.132.249'), { kind: 'swell', edge: 'stop', phase: 132 });
    assert.equal(pqKind('3.26.0.85'), undefined);
    assert.equal(pqKind('3.2.22.150'), undefined);
  });
  test('start then stop per phase passes, in any order of the message, across messages', () => {
    assert.deepEqual(checkPqPairs(pq(['3.26.131.224', 20], ['3.26.131.223', 10], ['3.26.132.248', 11], ['3.26.132.249', 30]), 'M-1', ctx()), []);
    assert.deepEqual(checkPqPairs([...pq(['3.26.131.223', 10]), ...pq(['3.26.131.224', 20])], 'M-1', ctx()), []);
  });
  test('a stop without start, a start never stopped, a start twice: EDE-PQ-PAIR', () => {
    assert.deepEqual(rules(checkPqPairs(pq(['3.26.131.224', 20]), 'M-1', ctx())), ['error EDE-PQ-PAIR']);
    assert.deepEqual(rules(checkPqPairs(pq(['3.26.131.223', 20]), 'M-1', ctx())), ['error EDE-PQ-PAIR']);
    assert.deepEqual(rules(checkPqPairs(pq(['3.26.131.223', 10], ['3.26.131.223', 15], ['3.26.131.224', 20]), 'M-1', ctx())), ['error EDE-PQ-PAIR']);
    // the phases are apart: a stop of phase B does not end a sag of phase A
    assert.deepEqual(rules(checkPqPairs(pq(['3.26.131.223', 10], ['3.26.132.224', 20]), 'M-1', ctx())), ['error EDE-PQ-PAIR', 'error EDE-PQ-PAIR']);
  });
  test('events of other meters do not count; no PQ event at all is DOM-EXPECTED', () => {
    assert.deepEqual(rules(checkPqPairs(pq(['3.26.131.223', 10, 'M-2'], ['3.26.131.224', 20, 'M-2']), 'M-1', ctx())), ['error DOM-EXPECTED']);
  });
  test('the pairs of the events a scenario told, not those another scenario told the same meter a moment earlier (toldMatcher)', () => {
    const told = (id: string, code: string, s: number): ToldEvent => ({ mRID: id, code, meter: 'M-1', createdDateTime: at(s) });
    // two runs of the same scenario 3 s apart: sag A 0-10 s and 3-13 s
    const r = root([
      ev({ mRID: 'A1', eventType: '3.26.131.223', createdDateTime: at(0) }),
      ev({ mRID: 'A2', eventType: '3.26.131.224', createdDateTime: at(10) }),
      ev({ mRID: 'B1', eventType: '3.26.131.223', createdDateTime: at(3) }),
      ev({ mRID: 'B2', eventType: '3.26.131.224', createdDateTime: at(13) }),
    ]);
    const mine = [told('B1', '3.26.131.223', 3), told('B2', '3.26.131.224', 13)];
    assert.deepEqual(rules(checkPqPairs([{ root: r, label: 'm' }], 'M-1', ctx())), ['error EDE-PQ-PAIR', 'error EDE-PQ-PAIR'], 'all of the meter: they interleave');
    assert.deepEqual(checkPqPairs([{ root: r, label: 'm' }], 'M-1', ctx(), toldMatcher(r, mine)), []);
    // an SUT that gives the events its own mRIDs: found by meter and time, as EDE-EVENTS-KEPT finds them
    const own = root([ev({ mRID: 'X1', eventType: '3.26.131.223', createdDateTime: at(3) }), ev({ mRID: 'X0', eventType: '3.26.131.223', createdDateTime: at(0) })]);
    assert.deepEqual(rules(checkPqPairs([{ root: own, label: 'm' }], 'M-1', ctx(), toldMatcher(own, mine))), ['error EDE-PQ-PAIR'], 'its own start never stopped (its stop missing): still caught');
    // none of the told events answered: nothing to pair is DOM-EXPECTED, never a pass
    assert.deepEqual(rules(checkPqPairs([{ root: own, label: 'm' }], 'M-1', ctx(), toldMatcher(own, [told('Z', '3.26.131.223', 40)]))), ['error DOM-EXPECTED']);
  });
});

describe('the reference SUT and the scenario windows', () => {
  test('the event log is deterministic, within the last two days, several events with details among them', () => {
    const now = Date.UTC(2024, 2, 1, 12, 0, 0);
    const a = eventLog('M-1001', 'UP-1001', now);
    assert.deepEqual(a, eventLog('M-1001', 'UP-1001', now));
    assert.ok(a.length >= 20);
    assert.ok(a.every((e) => Date.parse(e.createdDateTime!) <= now && Date.parse(e.createdDateTime!) >= now - 48 * 3600_000));
    const w = eventWindow({ lastHours: 12 }, now);
    const inside = a.filter((e) => Date.parse(e.createdDateTime!) >= Date.parse(w.start));
    assert.ok(inside.length >= 5 && inside.some((e) => (e.details?.length ?? 0) >= 2));
    const none = eventWindow('no-match', now);
    assert.ok(a.every((e) => Date.parse(e.createdDateTime!) > Date.parse(none.end)));
  });
  test('every fault names a rule of the catalogue and runs under both editions', () => {
    for (const f of DEVICE_EVENT_FAULTS) {
      assert.ok(rule(f.violates.split(' ')[0]!), f.id);
      assert.deepEqual(FAULTS.find((x) => x.id === f.id)?.editions, ['2013', '2024'], f.id);
    }
  });
});

describe('the reference head-end over HTTP', () => {
  let listener: Listener;
  let sim: Simulator;
  before(async () => {
    listener = await acknowledgingListener({ maxBytes: 4 * 1024 * 1024, noun: 'EndDeviceEvents', source: 'test-mdm' });
    sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults: [], subscribers: { MDM: listener.urlFor('mdm') }, asyncDelayMs: 5 });
  });
  after(async () => {
    await sim.close();
    await listener.close();
    await closeAllClients(100);
  });
  const header = (): Header => ({ verb: 'get', noun: 'EndDeviceEvents', timestamp: nowTimestamp(), source: 'cim9-test', messageId: newMessageId(), correlationId: newMessageId() });
  async function ask(meters: string[], window: { start: string; end: string }): Promise<ParsedMessage> {
    const out = toSoap(getEventsMessage(header(), { meters, ...window }), '1.1');
    const http = await postSoap(sim.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const r = readMessage(http.body);
    assert.ok(r.ok && r.wire.message);
    return r.wire.message;
  }

  test('get(EndDeviceEvents): the events of the meter in the window, several in one message; none for a window without; 2.4 for an unknown meter', async () => {
    const w = eventWindow({ lastHours: 12 });
    const m = await ask(['M-1001'], w);
    assert.equal(m.reply?.result, 'OK');
    const root = m.payload?.root;
    assert.ok(root);
    assert.deepEqual(checkEventQueryAnswer(root, { meters: ['M-1001'], ...w }, ctx()), []);
    assert.ok(readEndDeviceEvents(root).length >= 5);
    assert.ok(readEndDeviceEventTypes(root).length >= 2);
    const none = await ask(['M-1001'], eventWindow('no-match'));
    assert.equal(none.reply?.result, 'OK');
    assert.equal(none.payload?.root ? readEndDeviceEvents(none.payload.root).length : 0, 0);
    const unknown = await ask(['M-0'], w);
    assert.equal(unknown.reply?.result, 'FAILED');
    assert.deepEqual((unknown.reply?.errors ?? []).map((e) => e.code), ['2.4']);
  });

  test('stimulus health-alarm: created(EndDeviceEvents) of health domains to the MDM', async () => {
    const since = listener.lastSeq;
    const res = await fetch(`${sim.url}/_control/stimulus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'health-alarm', meter: 'M-1002' }) });
    assert.equal(res.status, 202);
    const got = await listener.waitFor({ path: 'mdm', predicate: (x) => x.seq > since }, 5000, 'health');
    assert.ok(got.ok);
    const r = readMessage(got.message.body);
    assert.ok(r.ok && r.wire.message?.payload?.root);
    assert.equal(r.wire.message.header?.verb, 'created');
    assert.deepEqual(checkHealthEvents(r.wire.message.payload.root, { meter: 'M-1002', domains: [1, 2, 7, 11, 18, 21, 36, 37] }, ctx()), []);
  });
});
