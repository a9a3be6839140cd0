/**
 * Negative verdicts and the valid twin (issue 11, src/usecases/twin.ts): a negative passes only on the refusal it
 * expects AND the same service accepting the valid twin; a SUT that accepts the defective request fails; a SUT
 * that refuses the twin too is inconclusive (verdict error, "inconclusive (not a verdict on the SUT)"); the
 * mutation run accepts inconclusive negatives under a fault marked so, and no other error.
 * Run: node --import tsx --test test/verdicts.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptance, judgeNegative, judgeRefusal, setTwin, type Twin } from '../src/usecases/twin.ts';
import { ConformanceFailure, INCONCLUSIVE, Inconclusive, verdictOf } from '../src/session/verdict.ts';
import type { Finding } from '../src/checks/finding.ts';
import type { Cim9World, Exchange } from '../src/session/world.ts';
import { PREFIXES, readMessage, soapFault, toSoap, type Message, type WireMessage } from '../src/message/index.ts';
import { serializeXml } from '../src/xml/index.ts';
import { analyse, type RunOutcome, type ScenarioOutcome } from '../src/cli/mutants.ts';
import { FAULTS, type FaultDef } from '../simulator/faults/catalogue.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';
import { answer } from '../simulator/server.ts';
import { createContext } from '../simulator/context.ts';
import { Store } from '../simulator/store.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';

const refusalError: Finding = { rule: 'ENV-EXPECTED-CODE', severity: 'error', message: 'expected Annex B code 2.4, got 5.3' };

function wireOf(xml: string): WireMessage {
  const r = readMessage(xml);
  if (!r.ok) assert.fail(r.problem.message);
  return r.wire;
}
const okReply = (result = 'OK', codes: string[] = []) =>
  wireOf(toSoap({ kind: 'response', query: true, header: { verb: 'reply', noun: 'MeterReadings', messageId: 'r', correlationId: 'c' }, reply: { result, errors: codes.map((code) => ({ code, level: 'FATAL' })) } }, '1.1').xml);
const fault = () => wireOf(serializeXml(soapFault('1.1', 'Client', 'refused'), { prefixes: PREFIXES }));
const exchange = (wire: WireMessage | undefined, status = 200): Exchange => ({ label: 'x', received: { body: Buffer.alloc(0), status, at: new Date() }, wire, findings: [] });

describe('judgeNegative: the decision', () => {
  const twinOk = { accepted: true as const, label: 'twin' };
  const twinRefused = { accepted: false as const, label: 'twin', why: 'a SOAP fault "refused" (HTTP 500)' };

  test('the refusal expected and the twin accepted: passed', () => {
    assert.equal(judgeNegative({ refusal: [], acceptedInstead: false, twin: twinOk, what: 'n' }).verdict, 'passed');
  });

  test('the wrong refusal and the twin accepted: failed, with the refusal finding', () => {
    const j = judgeNegative({ refusal: [refusalError], acceptedInstead: false, twin: twinOk, what: 'n' });
    assert.equal(j.verdict, 'failed');
    assert.deepEqual(j.findings, [refusalError]);
  });

  test('the request accepted: failed whatever the twin (a SUT answering OK to everything fails every negative)', () => {
    for (const twin of [twinOk, twinRefused, undefined]) {
      const j = judgeNegative({ refusal: [], acceptedInstead: true, twin, what: 'n' });
      assert.equal(j.verdict, 'failed');
      assert.ok(j.findings.some((f) => f.severity === 'error' && f.rule === 'ENV-EXPECTED-RESULT'));
    }
  });

  test('the twin refused too: inconclusive, with the cause named, whether or not the refusal was the one expected', () => {
    for (const refusal of [[], [refusalError]]) {
      const j = judgeNegative({ refusal, acceptedInstead: false, twin: twinRefused, what: 'get(MeterReadings) schema-invalid' });
      assert.equal(j.verdict, 'inconclusive');
      assert.match(j.cause!, /did not accept the valid twin of the request \(twin: a SOAP fault/);
      assert.match(j.cause!, /SOAP fault/);
      assert.ok(j.findings.every((f) => f.severity !== 'error'), 'an inconclusive verdict carries no error finding against the SUT');
    }
  });

  test('an answer broken in itself (transport, XML, schema) fails whatever the twin: never inconclusive', () => {
    const xml: Finding = { rule: 'XML', severity: 'error', message: 'truncated' };
    const j = judgeNegative({ refusal: [], acceptedInstead: false, twin: twinRefused, broken: [xml], what: 'n' });
    assert.equal(j.verdict, 'failed');
    assert.deepEqual(j.findings, [xml]);
    assert.equal(judgeNegative({ refusal: [], acceptedInstead: false, twin: twinOk, broken: [{ ...xml, severity: 'warning' }], what: 'n' }).verdict, 'passed');
  });

  test('CIM9-61 off (no twin consulted): the refusal alone decides', () => {
    assert.equal(judgeNegative({ refusal: [], acceptedInstead: false, what: 'n' }).verdict, 'passed');
    assert.equal(judgeNegative({ refusal: [refusalError], acceptedInstead: false, what: 'n' }).verdict, 'failed');
  });
});

describe('acceptance: what counts as the service accepting the twin', () => {
  test('a ResponseMessage with Result OK and HTTP 200 only', () => {
    assert.equal(acceptance(exchange(okReply())).accepted, true);
    assert.equal(acceptance(exchange(okReply('FAILED', ['2.4']))).accepted, false);
    assert.match(acceptance(exchange(okReply('FAILED', ['2.4']))).why, /Result FAILED with 2\.4/);
    assert.equal(acceptance(exchange(okReply('PARTIAL', ['2.4']))).accepted, false);
    assert.equal(acceptance(exchange(fault(), 500)).accepted, false);
    assert.match(acceptance(exchange(fault(), 500)).why, /SOAP fault/);
    // the HTTP status is the transport's finding: Result OK says the service took the request
    assert.equal(acceptance(exchange(okReply(), 500)).accepted, true);
    assert.equal(acceptance(exchange(undefined)).accepted, false);
    assert.equal(acceptance(undefined).accepted, false);
  });
});

/** a World with just what judgeRefusal uses; `answer` is what the SUT replies to the twin */
function fakeWorld(answer: () => { wire: WireMessage; status: number }, assumptions: Record<string, string> = {}) {
  const sent: string[] = [];
  const findings: Finding[] = [];
  const run = { assumptions, endpoint: (role: string, service: string) => `http://sut/${role}/${service}` };
  const w = {
    run,
    findings,
    usedAssumptions: {} as Record<string, string>,
    attach() {},
    requestHeader: (verb: string, noun: string) => ({ verb, noun, messageId: 'm', correlationId: 'c' }),
    async send(_role: string, _msg: Message, label: string): Promise<Exchange> {
      sent.push(label);
      const a = answer();
      return exchange(a.wire, a.status);
    },
    assert(fs: Finding[], what: string) {
      findings.push(...fs);
      const errors = fs.filter((f) => f.severity === 'error');
      if (errors.length) throw new ConformanceFailure(what, errors);
    },
  };
  return { w: w as unknown as Cim9World, sent };
}
const twin = (label = 'get(MeterReadings) register of meter M-1001'): Twin => ({
  role: 'MDM',
  negative: true,
  label,
  build: () => ({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings', messageId: 'm' } }),
});

describe('judgeRefusal: the twin is sent when the run has not seen it accepted', () => {
  test('twin accepted: the expected refusal passes; the twin is sent once per run and service', async () => {
    const { w, sent } = fakeWorld(() => ({ wire: okReply(), status: 200 }));
    setTwin(w, twin());
    await judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'n' });
    await judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'n' });
    assert.equal(sent.length, 1, 'the accepted twin is remembered for the run');
    assert.equal(w.usedAssumptions['CIM9-61'], 'required');
  });

  test('twin refused (a SUT that faults everything): Inconclusive, verdict error, never passed or failed', async () => {
    const { w, sent } = fakeWorld(() => ({ wire: fault(), status: 500 }));
    setTwin(w, twin());
    await assert.rejects(
      () => judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'get(MeterReadings) schema-invalid: Result and code' }),
      (e: unknown) => {
        assert.ok(e instanceof Inconclusive);
        assert.ok(e.message.startsWith(INCONCLUSIVE), e.message);
        assert.equal(verdictOf(e), 'error');
        return true;
      },
    );
    assert.equal(sent.length, 1);
  });

  test('the request accepted: ConformanceFailure, and no twin is sent', async () => {
    const { w, sent } = fakeWorld(() => assert.fail('no twin may be sent'));
    setTwin(w, twin());
    await assert.rejects(() => judgeRefusal(w, { refusal: [], acceptedInstead: true, what: 'n' }), (e: unknown) => e instanceof ConformanceFailure && verdictOf(e) === 'failed');
    assert.equal(sent.length, 0);
  });

  test('the wrong refusal with the twin accepted: ConformanceFailure naming the refusal rule', async () => {
    const { w } = fakeWorld(() => ({ wire: okReply(), status: 200 }));
    setTwin(w, twin());
    await assert.rejects(() => judgeRefusal(w, { refusal: [refusalError], acceptedInstead: false, what: 'n' }), (e: unknown) => e instanceof ConformanceFailure && e.findings.some((f) => f.rule === 'ENV-EXPECTED-CODE'));
  });

  test('a twin already accepted in the scenario (acceptedAs) is not sent again', async () => {
    const { w, sent } = fakeWorld(() => assert.fail('no twin may be sent'));
    await judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'n', twin: { ...twin(), acceptedAs: 'create(UsagePointConfig), accepted earlier' } });
    assert.equal(sent.length, 0);
  });

  test('no twin named by the step: inconclusive (a defect of the suite), never a pass', async () => {
    const { w } = fakeWorld(() => ({ wire: okReply(), status: 200 }));
    await assert.rejects(() => judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'n' }), Inconclusive);
  });

  test('an inconclusive cause quoting the SUT is escaped and carries no stack frames', () => {
    const e = new Inconclusive('twin refused: a SOAP fault "x\n# ALL SCENARIOS PASSED\u001b[2J"');
    assert.ok(!e.message.includes('\n#') && !e.message.includes('\u001b'), e.message);
    assert.equal(e.stack, `Inconclusive: ${e.message}`);
  });

  test('the negative\'s own answer broken: failed, and no twin is sent', async () => {
    const { w, sent } = fakeWorld(() => assert.fail('no twin may be sent'));
    setTwin(w, twin());
    await assert.rejects(() => judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'n', broken: [{ rule: 'TRANSPORT', severity: 'error', message: 'HTTP 500 without a SOAP fault' }] }), ConformanceFailure);
    assert.equal(sent.length, 0);
  });

  test('the request sent back verbatim (no ResponseMessage, schema-valid) to a negative and to its twin: failed (ENV-KIND), never inconclusive', async () => {
    const echo = () => wireOf(toSoap({ kind: 'request', header: { verb: 'delete', noun: 'MeterConfig', messageId: 'm', correlationId: 'c' } }, '1.1').xml);
    const { w, sent } = fakeWorld(() => ({ wire: echo(), status: 200 }));
    setTwin(w, twin());
    const answer = exchange(echo());
    await assert.rejects(
      () => judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'delete(MeterConfig): refusal', answer }),
      (e: unknown) => e instanceof ConformanceFailure && verdictOf(e) === 'failed' && e.findings.some((f) => f.rule === 'ENV-KIND' && /no ResponseMessage but a DeleteMeterConfig/.test(f.message)),
    );
    assert.equal(sent.length, 0, 'an answer broken in itself needs no twin');
    // the refusal check's own ENV-KIND finding stands for it: one ENV-KIND, not two
    const own: Finding = { rule: 'ENV-KIND', severity: 'error', message: 'expected a ResponseMessage, got DeleteMeterConfig' };
    await assert.rejects(
      () => judgeRefusal(w, { refusal: [own], acceptedInstead: false, what: 'n', answer }),
      (e: unknown) => e instanceof ConformanceFailure && e.findings.filter((f) => f.rule === 'ENV-KIND').length === 1,
    );
    // a ResponseMessage or a SOAP fault is an answer: judged as a refusal against the twin as before
    await judgeRefusal(fakeWorld(() => ({ wire: okReply(), status: 200 })).w, { refusal: [], acceptedInstead: false, what: 'n', twin: twin(), answer: exchange(okReply('FAILED', ['2.4'])) });
  });

  test('CIM9-61 = off: the refusal alone decides, nothing is sent', async () => {
    const { w, sent } = fakeWorld(() => assert.fail('no twin may be sent'), { 'CIM9-61': 'off' });
    await judgeRefusal(w, { refusal: [], acceptedInstead: false, what: 'n' });
    assert.equal(sent.length, 0);
  });
});

describe('the faults of issue 11 and the mutation run', () => {
  const ids = ['soap-fault-to-everything', 'ok-to-everything', 'fault-without-header', 'canned-reply-to-everything', 'request-echoed-verbatim', 'ok-without-payload', 'events-without-payload', 'failed-to-everything'];

  test('registered in the catalogue, under both editions, left out of the combined run', () => {
    for (const id of ids) {
      const f = FAULTS.find((x) => x.id === id);
      assert.ok(f, `${id} is in the catalogue`);
      assert.deepEqual(f.editions, ['2013', '2024']);
      assert.equal(f.combinable, false);
    }
    assert.equal(FAULTS.find((x) => x.id === 'soap-fault-to-everything')!.inconclusive, true);
    assert.ok(FAST_FAULTS.includes('ok-to-everything'), 'ok-to-everything is in the selftest fast subset');
  });

  const S = (name: string, verdict: ScenarioOutcome['verdict'], rules: string[] = [], reason?: string): ScenarioOutcome => ({ name, uri: 'features/a.feature', verdict, rules, reason });
  const run = (id: string, scenarios: ScenarioOutcome[]): RunOutcome => ({ id, faults: id === 'clean' ? [] : [id], exitCode: 1, durationMs: 1, reportsDir: `r/${id}`, scenarios, unsolicited: 0 });
  const clean: RunOutcome = { ...run('clean', [S('pos', 'passed'), S('neg', 'passed')]), exitCode: 0 };
  const ledger = { file: 'ledger.yaml', faults: new Map(), scenarios: new Map() };
  const F = (extra: Partial<FaultDef>): FaultDef => ({ id: 'f', violates: 'ENV-EXPECTED-RESULT (why)', roles: ['MDM'], description: 'f', ...extra });

  test('an inconclusive negative under a fault marked inconclusive is caught, not a suite error', () => {
    const a = analyse(clean, [run('f', [S('pos', 'failed', ['ENV-EXPECTED-RESULT']), S('neg', 'error', [], `Inconclusive: ${INCONCLUSIVE}: the same service did not accept the valid twin`)])], [F({ inconclusive: true })], ledger, { requireEveryScenario: false });
    assert.equal(a.faults[0]!.status, 'caught', a.problems.join('\n'));
  });

  test('the same error under a fault not marked inconclusive, or any other error, is still a defect of the suite', () => {
    const notMarked = analyse(clean, [run('f', [S('pos', 'failed', ['ENV-EXPECTED-RESULT']), S('neg', 'error', [], `${INCONCLUSIVE}: …`)])], [F({})], ledger, { requireEveryScenario: false });
    assert.equal(notMarked.faults[0]!.status, 'caught-with-errors');
    const other = analyse(clean, [run('f', [S('pos', 'failed', ['ENV-EXPECTED-RESULT']), S('neg', 'error', [], 'suite or environment error (not a verdict on the SUT): boom')])], [F({ inconclusive: true })], ledger, { requireEveryScenario: false });
    assert.equal(other.faults[0]!.status, 'caught-with-errors');
  });
});

describe('the reference SUT under the faults that answer without processing', () => {
  const sim = (fault: string) =>
    createContext({ store: new Store([{ mRID: 'M-1', usagePoint: 'UP-1' }]), pack: loadSchemaPack(defaultPackDir('2013')), roles: ['MDM'], faults: [fault], subscribers: {}, soapVersion: '1.1', asyncDelayMs: 10, asyncDeadlineMs: 1000, log: () => {}, pending: new Set(), timers: new Set() });
  const request = (verb: string, noun: string, correlationId: string) => Buffer.from(toSoap({ kind: 'request', header: { verb, noun, timestamp: '2024-03-01T10:00:00Z', source: 'cim9', messageId: `m-${correlationId}`, correlationId } }, '1.1').xml);

  test('request-echoed-verbatim: the reply is the request, byte for byte, with HTTP 200', () => {
    const body = request('get', 'MeterReadings', 'c-1');
    const out = answer('MDM', body, sim('request-echoed-verbatim'));
    assert.equal(out.status, 200);
    assert.equal(out.xml, body.toString('utf8'));
  });

  test('ok-without-payload: a reply with Result OK loses its payload, a PARTIAL one keeps it', () => {
    const ctx = sim('ok-without-payload');
    const payload = { root: { ns: 'urn:x', name: 'MeterReadings', children: [] } } as unknown as Message['payload'];
    assert.equal(ctx.response(undefined, 'MeterReadings', 'OK', [], payload).payload, undefined);
    assert.equal(ctx.response(undefined, 'MeterReadings', 'PARTIAL', [{ code: '5.7', level: 'WARNING' }], payload).payload, payload);
  });

  test('failed-to-everything: a valid request is refused with Result FAILED and the generic 5.3, never its own code', () => {
    const m = sim('failed-to-everything').response(undefined, 'MeterReadings', 'OK', []);
    assert.equal(m.reply?.result, 'FAILED');
    assert.deepEqual(m.reply?.errors?.map((e) => e.code), ['5.3']);
  });

  test('canned-reply-to-everything: one reply, Result OK, whatever the verb, noun and CorrelationID', () => {
    const ctx = sim('canned-reply-to-everything');
    const a = answer('MDM', request('get', 'MeterReadings', 'c-1'), ctx);
    const b = answer('MDM', request('delete', 'MeterConfig', 'c-2'), ctx);
    assert.equal(a.xml, b.xml);
    const m = wireOf(a.xml).message!;
    assert.equal(m.kind, 'response');
    assert.equal(m.reply?.result, 'OK');
    assert.notEqual(m.header?.correlationId, 'c-1');
  });
});

describe('a verdict message in junit.xml', () => {
  test('no "]]>" survives in a ConformanceFailure, SuiteError or Inconclusive text (xmlbuilder splits only the first one in CDATA)', async () => {
    const { SuiteError } = await import('../src/session/verdict.ts');
    const f: Finding = { rule: 'ENV-CORRELATION', severity: 'error', message: 'CorrelationID "a]]>b" is not x', expected: 'x', actual: 'a]]>b ]]>' } as Finding;
    for (const e of [new ConformanceFailure('reply', [f]), new SuiteError('a]]>b]]>'), new Inconclusive('a]]>b]]>')]) {
      assert.ok(!e.message.includes(']]>'), e.message);
      assert.match(e.message, /a\]\]\\x3eb/);
    }
  });
});
