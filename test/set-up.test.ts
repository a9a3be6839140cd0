/**
 * A request a scenario's set-up needs accepted (src/usecases/set-up.ts): OK goes on, a broken answer or a SOAP fault is
 * a finding against the SUT, a Reply that declines is the set-up's error and never a verdict.
 * Run: node --import tsx --test test/set-up.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownRequestInvalid, requireAccepted } from '../src/usecases/set-up.ts';
import { ConformanceFailure, SuiteError } from '../src/session/verdict.ts';
import type { Cim9World, Exchange } from '../src/session/world.ts';
import type { Finding } from '../src/checks/finding.ts';

const world = { assert: (fs: Finding[], what: string) => { if (fs.some((f) => f.severity === 'error')) throw new ConformanceFailure(what, fs); } } as unknown as Cim9World;
const needs = { needed: 'the group the scenario needs', request: 'create(EndDeviceGroups)', peer: 'head-end', cannot: 'the group control cannot be checked', assumptions: { 'CIM9-122': 'create-end-device-groups' } };
const answered = (o: { result?: string; fault?: boolean; findings?: Finding[]; kind?: string }): Exchange =>
  ({
    label: 'create(EndDeviceGroups) G-1',
    findings: o.findings ?? [],
    wire: { ...(o.fault ? { fault: { reason: 'no' } } : {}), message: o.result || o.kind ? { kind: o.kind ?? 'response', node: { name: o.kind === 'request' ? 'CreateEndDeviceGroups' : 'EndDeviceGroupsResponseMessage' }, ...(o.result ? { reply: { result: o.result } } : {}) } : undefined },
  }) as unknown as Exchange;

test('Result OK: the set-up goes on', () => {
  assert.doesNotThrow(() => requireAccepted(world, answered({ result: 'OK' }), needs));
});

test('a SOAP fault to the valid request: ENV-EXPECTED-RESULT, a finding against the SUT with the assumption', () => {
  assert.throws(() => requireAccepted(world, answered({ fault: true }), needs), (e: unknown) => {
    assert.ok(e instanceof ConformanceFailure);
    assert.deepEqual(e.findings.map((f) => [f.rule, f.assumptions]), [['ENV-EXPECTED-RESULT', { 'CIM9-122': 'create-end-device-groups' }]]);
    return true;
  });
});

test('a broken answer: its own layer-1 finding, not a second one', () => {
  const broken: Finding = { rule: 'TRANSPORT', clause: 'x', severity: 'error', message: 'truncated' };
  assert.throws(() => requireAccepted(world, answered({ findings: [broken] }), needs), (e: unknown) => e instanceof ConformanceFailure && e.findings.length === 1 && e.findings[0]!.rule === 'TRANSPORT');
});

test('a Reply that declines: the set-up\'s error, never a verdict on the SUT', () => {
  assert.throws(() => requireAccepted(world, answered({ result: 'FAILED' }), needs), (e: unknown) => e instanceof SuiteError && /the head-end did not accept the group the scenario needs \(Result FAILED; CIM9-122\): the group control cannot be checked/.test(e.message));
});

test('the request sent back (no ResponseMessage, schema-valid): ENV-KIND, a finding against the SUT, not the set-up\'s error', () => {
  assert.throws(() => requireAccepted(world, answered({ kind: 'request' }), needs), (e: unknown) => {
    assert.ok(e instanceof ConformanceFailure, String(e));
    assert.deepEqual(e.findings.map((f) => f.rule), ['ENV-KIND']);
    assert.match(e.findings[0]!.message, /no ResponseMessage but a CreateEndDeviceGroups/);
    return true;
  });
});

test('a refusal of a request the suite built invalid (its own schema errors): the suite\'s error, never a finding', () => {
  const invalidSent = (x: Exchange): Exchange => ({ ...x, sent: { xml: '<x/>', url: 'http://sut', at: new Date(), invalid: ["Element 'Foo': This element is not expected."] } }) as Exchange;
  for (const x of [answered({ fault: true }), answered({ result: 'FAILED' })]) {
    assert.throws(() => requireAccepted(world, invalidSent(x), needs), (e: unknown) => e instanceof SuiteError && /the request the suite built does not validate .*Element 'Foo'.*not a verdict on the SUT/.test(e.message));
  }
  assert.doesNotThrow(() => ownRequestInvalid(answered({ result: 'FAILED' }), 'x'), 'a valid request: the refusal is judged as before');
});
