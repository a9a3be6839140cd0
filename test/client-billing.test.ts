/**
 * MR-05.C1 / .C2: the CIS as SUT makes a billing inquiry (upper-tester order cis-billing-request). The order's body and
 * the report's readings by ReadingType (the contract), the rule of the request (MR-CLIENT-BILLING: billing quantities,
 * the reason told, CIM9-177 / CIM9-223), what the CIS holds of the answer (DOM-CLIENT-OUTCOME), and the reference CIS
 * with its faults against the MDM the suite plays.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, readMessage, type ParsedMessage } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { answerAsMdm, mdmReadingTypes } from '../src/usecases/peer.ts';
import { CONTROL_PATHS, readClientReport, readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { stimulusCommand } from '../src/session/stimulus.ts';
import { checkClientBillingHeld, checkClientBillingRequest } from '../src/checks/billing-inquiry.ts';
import { readGetMeterReadings } from '../src/payloads/meterReadings.ts';

const REGISTER = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const BILLING = [REGISTER, '8.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', '8.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0', '8.8.2.6.1.1.8.0.0.0.0.0.0.0.0.3.38.0'];
const INTERVAL = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const METERS = [{ mRID: 'M-1001', usagePoint: 'UP-1001' }];
const order = { who: 'the CIS', readingTypes: BILLING, reason: 'billing' };
const modes = { types: 'billing-quantity' as const, reason: 'warning' };
const ctx = { label: 'r' };

describe('the billing inquiry of a CIS: the contract', () => {
  test('cis-billing-request needs readingTypes and a reason; the other events take neither', () => {
    const body = stimulusBody('cis-billing-request', { meters: ['M-1001'], readingTypes: BILLING, reason: 'inquiry' });
    assert.equal(body.role, 'CIS');
    const r = readStimulusBody(body);
    assert.ok(r.ok);
    assert.deepEqual(r.ok && [r.body.readingTypes, r.body.reason], [BILLING, 'inquiry']);
    const bad = (b: Record<string, unknown>, re: RegExp) => {
      const x = readStimulusBody(b);
      assert.ok(!x.ok && re.test(x.error), JSON.stringify(x));
    };
    bad({ ...body, reason: 'demandReset' }, /needs reason/);
    bad({ ...body, reason: undefined }, /needs reason/);
    bad({ ...body, readingTypes: [] }, /needs readingTypes/);
    bad({ ...body, readingTypes: ['1.2.3'] }, /needs readingTypes/);
    bad({ ...body, readingTypes: Array(33).fill(REGISTER) }, /at most 32/);
    bad({ ...stimulusBody('cis-read-request', { meters: ['M-1001'] }), reason: 'billing' }, /cis-billing-request/);
    const { cmd, env } = stimulusCommand("hook {event} {readingTypes} {reason}", body);
    assert.equal(cmd, `hook 'cis-billing-request' '${BILLING.join(',')}' 'inquiry'`);
    assert.equal(env['CIM9_REASON'], 'inquiry');
  });

  test('a report may list the readings of a meter by ReadingType; a bad one is one line', () => {
    const r = readClientReport({ meters: { 'M-1001': { status: 'read', value: '1', readings: [{ readingType: REGISTER, value: 5 }] } } });
    assert.ok(r.ok);
    assert.deepEqual(r.ok && r.report.meters['M-1001']?.readings, [{ readingType: REGISTER, value: '5' }]);
    for (const readings of [{}, [{ readingType: 'x', value: '1' }], [{ readingType: REGISTER }], Array(33).fill({ readingType: REGISTER, value: '1' })]) {
      const x = readClientReport({ meters: { 'M-1001': { status: 'read', readings } } });
      assert.ok(!x.ok && /readings of meter/.test(x.error) && !x.error.includes('\n'));
    }
  });

  test('the MDM the suite plays answers the register and each billing determinant, each once', () => {
    assert.deepEqual(mdmReadingTypes({ register: REGISTER, billing: BILLING }), BILLING);
    assert.deepEqual(mdmReadingTypes({ register: REGISTER }), [REGISTER]);
  });
});

describe('MR-CLIENT-BILLING: the request', () => {
  test('billing quantities with the reason told pass', () => {
    assert.deepEqual(checkClientBillingRequest({ readingTypes: BILLING, reason: 'billing' }, order, modes, ctx), []);
  });

  test('no query is nothing to judge, never a pass', () => {
    assert.equal(checkClientBillingRequest(undefined, order, modes, ctx)[0]?.rule, 'DOM-CLIENT-REQUEST');
  });

  test('a load-profile interval or an undecodable ReadingType is not a billing quantity (CIM9-177)', () => {
    const f = checkClientBillingRequest({ readingTypes: [...BILLING.slice(1), INTERVAL, 'x'], reason: 'billing' }, order, modes, ctx);
    assert.deepEqual(f.map((x) => [x.rule, x.severity]), [['MR-CLIENT-BILLING', 'error'], ['MR-CLIENT-BILLING', 'error']]);
    assert.match(f[0]!.message, /not a billing quantity/);
    assert.equal(f[0]!.assumptions?.['CIM9-177'], 'billing-quantity');
    assert.equal(checkClientBillingRequest({ readingTypes: [INTERVAL], reason: 'billing' }, order, { ...modes, types: 'decodable' }, ctx).length, 0);
    assert.equal(checkClientBillingRequest({ readingTypes: [], reason: 'billing' }, order, { ...modes, types: 'off' }, ctx).length, 1);
  });

  test('a reason missing or another one: CIM9-223 (warning by default, required: a failure, off: not judged)', () => {
    const none = checkClientBillingRequest({ readingTypes: BILLING }, order, modes, ctx);
    assert.deepEqual(none.map((x) => [x.rule, x.severity, x.assumptions?.['CIM9-223']]), [['MR-CLIENT-BILLING', 'warning', 'warning']]);
    assert.equal(checkClientBillingRequest({ readingTypes: BILLING }, order, { ...modes, reason: 'required' }, ctx)[0]?.severity, 'error');
    assert.equal(checkClientBillingRequest({ readingTypes: BILLING, reason: 'inquiry' }, order, { ...modes, reason: 'required' }, ctx)[0]?.actual, 'Reading/reason "inquiry"');
    assert.equal(checkClientBillingRequest({ readingTypes: BILLING }, order, { ...modes, reason: 'off' }, ctx).length, 0);
  });
});

describe('DOM-CLIENT-OUTCOME: the determinants the CIS holds', () => {
  const given = BILLING.map((readingType, i) => ({ readingType, value: String(100 + i) }));
  test('every determinant with its value passes; numbers compare as numbers', () => {
    assert.deepEqual(checkClientBillingHeld({ status: 'read', readings: given.map((g) => ({ ...g, value: `${g.value}.0` })) }, given, 'M-1001', 'the CIS', ctx), []);
  });
  test('one missing, one changed, one extra, nothing held: each a finding', () => {
    const held = [...given.slice(0, 2), { readingType: given[2]!.readingType, value: '7' }, { readingType: INTERVAL, value: '1' }];
    const f = checkClientBillingHeld({ status: 'read', readings: held }, given, 'M-1001', 'the CIS', ctx);
    assert.equal(f.length, 3);
    assert.ok(f.every((x) => x.rule === 'DOM-CLIENT-OUTCOME' && x.severity === 'error'));
    assert.equal(checkClientBillingHeld({ status: 'none' }, given, 'M-1001', 'the CIS', ctx).length, 1);
    assert.equal(checkClientBillingHeld(undefined, given, 'M-1001', 'the CIS', ctx).length, 1);
    assert.throws(() => checkClientBillingHeld({ status: 'none' }, [], 'M-1001', 'the CIS', ctx));
  });
});

describe('the reference CIS asks the MDM the suite plays', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  let mdm: Listener;
  before(async () => {
    mdm = await startListener({
      maxBytes: 1 << 20,
      inspect: () => ({}),
      respond: (m) => {
        const a = answerAsMdm(m.body, '1.1', { generation: '2013', meters: METERS, readingTypes: mdmReadingTypes({ register: REGISTER, billing: BILLING }), maxBytes: 1 << 20, schemaErrors: (b) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message) });
        return { status: a.status, contentType: contentTypeFor('1.1'), body: a.xml };
      },
    });
  });
  after(async () => {
    await mdm.close();
    await closeAllClients();
  });
  async function withCis<T>(faults: string[], f: (sim: Simulator) => Promise<T>): Promise<T> {
    const sim = await startSimulator({ roles: ['CIS'], faults, meters: METERS, schemaPack: pack });
    try {
      await fetch(`${sim.url}${CONTROL_PATHS.subscribers}`, { method: 'POST', body: JSON.stringify({ MDMService: mdm.urlFor('mdm') }) });
      return await f(sim);
    } finally {
      await sim.close();
    }
  }
  const body = stimulusBody('cis-billing-request', { meters: ['M-1001'], readingTypes: BILLING, reason: 'billing' });
  async function ask(sim: Simulator): Promise<{ request: ParsedMessage; held: unknown }> {
    const mark = mdm.lastSeq;
    assert.equal((await fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(body) })).status, 202);
    const got = await mdm.waitFor({ path: 'mdm', predicate: (m) => m.seq > mark }, 5000, 'test');
    assert.ok(got.ok);
    const read = readMessage(got.message.body);
    assert.ok(read.ok && read.wire.message);
    const report = await fetch(`${sim.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify(stimulusBody('cis-report-readings', { meters: ['M-1001'] })) });
    return { request: read.wire.message, held: ((await report.json()) as { meters: Record<string, unknown> }).meters['M-1001'] };
  }
  const judge = (m: ParsedMessage, reason = 'required') => checkClientBillingRequest(m.request?.query ? readGetMeterReadings(m.request.query) : undefined, order, { ...modes, reason }, ctx);

  test('clean: the determinants with reason billing, each held with its value', async () => {
    await withCis([], async (sim) => {
      const { request, held } = await ask(sim);
      assert.deepEqual(judge(request), []);
      const readings = (held as { readings?: { readingType: string }[] }).readings ?? [];
      assert.deepEqual(readings.map((r) => r.readingType), BILLING);
    });
  });

  test('its faults break one thing each', async () => {
    await withCis(['cis-billing-no-reason'], async (sim) => assert.deepEqual(judge((await ask(sim)).request).map((f) => f.actual), ['no reason']));
    await withCis(['cis-billing-wrong-reading-type'], async (sim) => assert.match(judge((await ask(sim)).request)[0]?.message ?? '', new RegExp(`${INTERVAL.replace(/\./g, '\\.')}.*not a billing quantity`)));
    await withCis(['cis-billing-determinant-dropped'], async (sim) => {
      const { request, held } = await ask(sim);
      assert.deepEqual(judge(request), []);
      assert.equal(((held as { readings?: unknown[] }).readings ?? []).length, BILLING.length - 1);
    });
  });
});

// the schema pack cache is cleared once the file's tests are done, never in a describe's after: `npm run unit` runs
// other files in the same process (test/unit.mjs), whose packs a clearing in the middle would dispose under them
after(() => clearSchemaPackCache());
