/**
 * The SUT as a client (CIS, OMS): the upper-tester contract (src/usecases/stimuli.ts), the checks of the requests a
 * client sends (src/checks/client-requests.ts), the MDM the suite plays (src/usecases/peer.ts answerAsMdm), and the
 * reference simulator as CIS and OMS (simulator/handlers/client-requests.ts) with its faults, over real HTTP.
 * Run: node --import tsx --test test/clients.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap, startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type ParsedMessage, type SoapVersion } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { answerAsMdm } from '../src/usecases/peer.ts';
import { eventsMessage, getMeterReadingsMessage, withUndeclaredQueryElement } from '../src/usecases/requests.ts';
import { CONTROL_PATHS, readStimulusBody, stimulusBody, stimulusRole } from '../src/usecases/stimuli.ts';
import { checkClientRead, checkClientRequestHeader, checkPeerTook, type ClientOrder } from '../src/checks/client-requests.ts';
import { contextFor } from '../src/checks/message.ts';
import { stimulusCommand } from '../src/session/stimulus.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { clientRolesOf, mutationJobs, referenceProfilesOf } from '../src/cli/mutants.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';

const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [
  { mRID: 'M-1001', usagePoint: 'UP-1001' },
  { mRID: 'M-1002', usagePoint: 'UP-1002' },
];
const pack = loadSchemaPack(defaultPackDir('2013'));
const schemaErrors = (b: Buffer) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message);
const settings = { generation: '2013' as const, meters: METERS, readingTypes: [RT], maxBytes: 1 << 20, schemaErrors };

const header = (verb = 'get', noun = 'MeterReadings') => ({ verb, noun, timestamp: nowTimestamp(), source: 'cis', messageId: newMessageId(), correlationId: newMessageId() });
const parse = (xml: string): ParsedMessage => {
  const r = readMessage(xml);
  assert.ok(r.ok && r.wire.message, 'readable');
  return r.wire.message;
};
const wireOf = (xml: string) => {
  const r = readMessage(xml);
  assert.ok(r.ok);
  return r.wire;
};
const read = (meters: string[], rts = [RT]) => toSoap(getMeterReadingsMessage(header(), meters, rts), '1.1').xml;

describe('the upper-tester contract', () => {
  test('each event belongs to one role; the body names the meters and the ReadingType', () => {
    assert.equal(stimulusRole('cis-read-request'), 'CIS');
    assert.equal(stimulusRole('oms-ping'), 'OMS');
    assert.equal(stimulusRole('power-off'), 'HES');
    assert.deepEqual(stimulusBody('cis-read-request', { meters: ['M-1'], readingType: RT }, '1.1'), { role: 'CIS', event: 'cis-read-request', meter: 'M-1', meters: ['M-1'], readingType: RT, soapVersion: '1.1' });
    assert.deepEqual(stimulusBody('oms-ping', { meters: ['M-1', 'M-2'] }), { role: 'OMS', event: 'oms-ping', meter: 'M-1', meters: ['M-1', 'M-2'] });
    // the field stimuli keep their body of before
    assert.deepEqual(stimulusBody('power-off', { meters: ['M-1'] }, '1.2'), { role: 'HES', event: 'power-off', meter: 'M-1', soapVersion: '1.2' });
  });

  test('the simulator side reads what the suite sends, and names what is wrong with anything else', () => {
    const body = stimulusBody('oms-ping', { meters: ['M-1', 'M-2'] }, '1.1');
    assert.deepEqual(readStimulusBody(JSON.parse(JSON.stringify(body))), { ok: true, body });
    const bad = (x: unknown, re: RegExp) => {
      const r = readStimulusBody(x);
      assert.ok(!r.ok && re.test(r.error), `${JSON.stringify(x)}: ${r.ok ? 'accepted' : r.error}`);
    };
    bad([], /JSON object/);
    bad({ role: 'CIS', event: 'reboot', meter: 'M-1' }, /unknown event/);
    bad({ role: 'HES', event: 'cis-read-request', meter: 'M-1' }, /is for role CIS/);
    bad({ role: 'CIS', event: 'cis-read-request', meter: '' }, /meter must be/);
    bad({ role: 'OMS', event: 'oms-ping', meter: 'M-1', meters: [] }, /meters must be/);
    bad({ role: 'OMS', event: 'oms-ping', meter: 'M-1', meters: ['M-1', 7] }, /meters must be/);
    bad({ role: 'CIS', event: 'cis-read-request', meter: 'M-1', readingType: '0.0.1' }, /readingType/);
    bad({ role: 'CIS', event: 'cis-read-request', meter: 'M-1', soapVersion: '2.0' }, /soapVersion/);
  });
});

test('the command of a stimulus: every placeholder shell-quoted, the values and the body in the environment', async () => {
  const hostile = "M-1'; touch /tmp/cim9-pwned; echo '";
  const { cmd, env } = stimulusCommand('printf "%s|%s|%s|%s|%s" {event} {meter} {meters} {readingType} {role}', stimulusBody('oms-ping', { meters: [hostile, 'M-2'] }));
  const { execFileSync } = await import('node:child_process');
  assert.equal(execFileSync('/bin/sh', ['-c', cmd]).toString(), `oms-ping|${hostile}|${hostile},M-2||OMS`);
  assert.equal(env['CIM9_METERS'], `${hostile},M-2`);
  assert.equal(env['CIM9_ROLE'], 'OMS');
  assert.deepEqual(JSON.parse(env['CIM9_STIMULUS']!).meters, [hostile, 'M-2']);
  // a field stimulus keeps its variables of before
  const field = stimulusCommand('echo {meter}', stimulusBody('power-off', { meters: ['M-1'] }));
  assert.equal(field.env['CIM9_METER'], 'M-1');
  assert.equal(field.env['CIM9_METERS'], 'M-1');
});

describe('the checks of a client request', () => {
  const order: ClientOrder = { who: 'the CIS', meters: METERS.slice(0, 1), readingTypes: [RT] };
  const ctx = contextFor({ label: 'CIS request' });

  test('exactly the meter and the ReadingType told: nothing to report; the usage point names the meter too', () => {
    assert.deepEqual(checkClientRead(parse(read(['M-1001'])), order, 'r'), []);
    assert.deepEqual(checkClientRead(parse(read(['UP-1001'])), order, 'r'), []);
    assert.deepEqual(checkClientRequestHeader(wireOf(read(['M-1001'])), ctx).filter((f) => f.severity === 'error'), []);
  });

  test('a missing meter, an extra meter, another ReadingType: DOM-CLIENT-REQUEST naming each', () => {
    const none = checkClientRead(parse(read([])), order, 'r');
    assert.ok(none.some((f) => f.rule === 'DOM-CLIENT-REQUEST' && /M-1001 the CIS was told/.test(f.message)), JSON.stringify(none));
    const extra = checkClientRead(parse(read(['M-1001', 'M-1002'])), order, 'r');
    assert.ok(extra.some((f) => /names M-1002, which the CIS was not told/.test(f.message)));
    const named = extra.find((f) => /names M-1002/.test(f.message))!;
    assert.deepEqual([named.expected, named.actual], ['meters M-1001', 'names M-1001, M-1002']);
    const rt = checkClientRead(parse(read(['M-1001'], ['0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0'])), order, 'r');
    assert.equal(rt.filter((f) => f.rule === 'DOM-CLIENT-REQUEST').length, 2, 'the ReadingType told is missing, another is named');
    // an order without a ReadingType (the OMS ping) does not judge the ReadingTypes
    assert.deepEqual(checkClientRead(parse(read(['M-1001'], [])), { ...order, readingTypes: [] }, 'r'), []);
  });

  test('not a get(MeterReadings) request: the header layer says so', () => {
    const ev = toSoap(eventsMessage(header('created', 'EndDeviceEvents'), METERS.slice(0, 1), '3.26.0.85'), '1.1').xml;
    const f = checkClientRequestHeader(wireOf(ev), ctx);
    assert.ok(f.some((x) => x.rule === 'ENV-KIND'), JSON.stringify(f));
    const wrongVerb = toSoap(getMeterReadingsMessage(header('create'), ['M-1001'], [RT]), '1.1').xml;
    assert.ok(checkClientRequestHeader(wireOf(wrongVerb), ctx).some((x) => x.rule === 'DOM-CLIENT-REQUEST' && /expected "get"/.test(x.message)));
    assert.ok(checkClientRead(parse(wrongVerb), order, 'r').some((x) => /create\(MeterReadings\) instead of get/.test(x.message)));
  });

  test('the MDM the suite plays takes a good request and refuses a bad one, which is a finding against the client', () => {
    const ok = answerAsMdm(Buffer.from(read(['M-1001'])), '1.1', settings);
    assert.equal(ok.status, 200);
    assert.deepEqual(checkPeerTook(parse(ok.xml), undefined, 'r'), []);
    const invalid = toSoap(withUndeclaredQueryElement(getMeterReadingsMessage(header(), ['M-1001'], [RT])), '1.1').xml;
    const refused = parse(answerAsMdm(Buffer.from(invalid), '1.1', settings).xml);
    assert.equal(refused.reply?.result, 'FAILED');
    const f = checkPeerTook(refused, undefined, 'r');
    assert.ok(f.length === 1 && f[0]!.rule === 'DOM-CLIENT-REQUEST' && /1\.8/.test(f[0]!.message) && /MDM the suite plays/.test(f[0]!.message), JSON.stringify(f));
    const other = parse(answerAsMdm(Buffer.from(toSoap(eventsMessage(header('created', 'EndDeviceEvents'), METERS, '3.26.0.85'), '1.1').xml), '1.1', settings).xml);
    assert.match(other.reply?.errors?.[0]?.reason ?? '', /by the MDM the suite plays/);
    assert.equal(checkPeerTook(undefined, 'unreadable', 'r').length, 1);
  });
});

describe('the reference simulator as CIS and OMS', () => {
  let mdm: Listener;
  before(async () => {
    mdm = await startListener({
      maxBytes: 1 << 20,
      inspect: () => ({}),
      respond: (m) => {
        const version: SoapVersion = m.contentType?.includes('soap+xml') ? '1.2' : '1.1';
        const a = answerAsMdm(m.body, version, settings);
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
      const reg = await fetch(`${sim.url}${CONTROL_PATHS.subscribers}`, { method: 'POST', body: JSON.stringify({ MDMService: mdm.urlFor('mdm') }) });
      assert.equal(reg.status, 200);
      return await f(sim);
    } finally {
      await sim.close();
    }
  }

  const order = async (sim: Simulator, body: unknown) => fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(body) });

  /** make the client send its request; the request as the MDM received it */
  async function requested(sim: Simulator, body: unknown): Promise<ParsedMessage> {
    const mark = mdm.lastSeq;
    const res = await order(sim, body);
    assert.equal(res.status, 202, await res.clone().text());
    const got = await mdm.waitFor({ path: 'mdm', predicate: (m) => m.seq > mark }, 5000, 'test');
    assert.ok(got.ok, 'the client sent its request');
    return parse(got.message.body.toString('utf8'));
  }

  test('cis-read-request: the CIS asks the MDM for exactly the meter and ReadingType; faults change just that', async () => {
    const o: ClientOrder = { who: 'the CIS', meters: METERS.slice(0, 1), readingTypes: [RT] };
    const body = stimulusBody('cis-read-request', { meters: ['M-1001'], readingType: RT });
    await withClient([], async (sim) => assert.deepEqual(checkClientRead(await requested(sim, body), o, 'r'), []));
    await withClient(['cis-request-without-meter'], async (sim) => assert.ok(checkClientRead(await requested(sim, body), o, 'r').some((f) => /M-1001 the CIS was told/.test(f.message))));
    await withClient(['cis-request-wrong-reading-type'], async (sim) => assert.ok(checkClientRead(await requested(sim, body), o, 'r').some((f) => /ReadingType/.test(f.message))));
  });

  test('oms-ping: the OMS pings exactly the meters; oms-ping-drops-meter pings the first only', async () => {
    const o: ClientOrder = { who: 'the OMS', meters: METERS, readingTypes: [] };
    const body = stimulusBody('oms-ping', { meters: ['M-1001', 'M-1002'] });
    await withClient([], async (sim) => assert.deepEqual(checkClientRead(await requested(sim, body), o, 'r'), []));
    await withClient(['oms-ping-drops-meter'], async (sim) => assert.ok(checkClientRead(await requested(sim, body), o, 'r').some((f) => /M-1002 the OMS was told/.test(f.message))));
  });

  test('an order the client cannot carry out is refused with a reason, never silently dropped', async () => {
    await withClient([], async (sim) => {
      assert.equal((await order(sim, stimulusBody('cis-read-request', { meters: ['M-9999'] }))).status, 404);
      assert.equal((await order(sim, { role: 'CIS', event: 'oms-ping', meter: 'M-1001' })).status, 400);
    });
    const sim = await startSimulator({ roles: ['CIS'], meters: METERS, schemaPack: pack });
    try {
      const res = await order(sim, stimulusBody('cis-read-request', { meters: ['M-1001'] }));
      assert.equal(res.status, 409);
      assert.match(await res.text(), /MDMService/);
      assert.equal((await order(sim, stimulusBody('oms-ping', { meters: ['M-1001'] }))).status, 400, 'it does not play the OMS');
    } finally {
      await sim.close();
    }
  });

  test('the OMS acknowledges a published event with the event\'s CorrelationID; its faults break exactly that', async () => {
    const publish = async (sim: Simulator) => {
      const h = header('created', 'EndDeviceEvents');
      const out = toSoap(eventsMessage(h, METERS.slice(0, 1), '3.26.0.85'), '1.1');
      const http = await postSoap(sim.urlFor('OMS'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
      assert.ok(http.ok);
      return { ack: parse(http.body.toString('utf8')), correlationId: h.correlationId };
    };
    await withClient([], async (sim) => {
      const { ack, correlationId } = await publish(sim);
      assert.equal(ack.reply?.result, 'OK');
      assert.equal(ack.header?.verb, 'reply');
      assert.equal(ack.header?.noun, 'EndDeviceEvents');
      assert.equal(ack.header?.correlationId, correlationId);
    });
    await withClient(['oms-ack-wrong-correlation'], async (sim) => {
      const { ack, correlationId } = await publish(sim);
      assert.notEqual(ack.header?.correlationId, correlationId);
      assert.equal(ack.reply?.result, 'OK');
    });
    await withClient(['oms-ack-failed'], async (sim) => assert.equal((await publish(sim)).ack.reply?.result, 'FAILED'));
    await withClient(['client-wrong-noun'], async (sim) => assert.equal((await publish(sim)).ack.header?.noun, 'MeterReadings'));
  });
});

describe('the mutation run of the client faults', () => {
  test('a fault of the SUT as client runs under the client reference profiles, never the server ones', () => {
    const clients = FAULTS.filter((f) => clientRolesOf(f).length);
    assert.ok(clients.length >= 6);
    for (const f of clients) for (const p of referenceProfilesOf(f, '2013')) assert.match(p, /reference-(cis|oms)\.yaml$/, f.id);
    assert.deepEqual(referenceProfilesOf(FAULTS.find((f) => f.id === 'client-wrong-noun')!, '2013'), ['profiles/reference-cis.yaml', 'profiles/reference-oms.yaml']);
    const { jobs, profiles } = mutationJobs(clients, { runsDir: '/r', combined: false });
    assert.deepEqual([...profiles].sort(), ['profiles/reference-cis.yaml', 'profiles/reference-clients-2024.yaml', 'profiles/reference-oms.yaml']);
    const ids = jobs.map((j) => j.id);
    for (const id of ['clean@cis', 'clean@oms', 'clean@clients-2024', 'oms-ack-failed@oms', 'cis-request-without-meter@clients-2024']) assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes('clean'), 'no server profile');
  });

  test('the selftest runs the client reference profiles clean (its fast fault client-wrong-noun brings them in)', () => {
    const fast = FAST_FAULTS.map((id) => FAULTS.find((f) => f.id === id)!);
    const ids = mutationJobs(fast, { runsDir: '/r', combined: true }).jobs.map((j) => j.id);
    for (const id of ['clean', 'clean@2024', 'clean@cis', 'clean@oms', 'clean@clients-2024', 'client-wrong-noun@cis', 'client-wrong-noun@oms']) assert.ok(ids.includes(id), id);
  });
});

// the schema pack cache is cleared once the file's tests are done, never in a describe's after (test/batch-hygiene.test.ts)
after(() => clearSchemaPackCache());
