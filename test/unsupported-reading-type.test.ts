/**
 * The unsupported-ReadingType negative (NEG-2.10, NEG-2.10-HES; CIM9-214): the reference MDM and head-end refuse a
 * read of the natural-gas volume register of an electricity meter with FAILED 2.10 (expectedCodes.unsupportedReadingType),
 * and the fault unsupported-reading-type-answered makes them answer Result OK with nothing instead — which checkOutcome
 * reads as an accepted request (ENV-EXPECTED-RESULT).
 * Run: node --import tsx --test test/unsupported-reading-type.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { checkOutcome } from '../src/checks/envelope.ts';
import { ASSUMPTIONS } from '../src/profile/assumptions.ts';
import { acceptedCodesFor } from '../src/codes/reply.ts';
import { ctx, rules } from './checks-helpers.ts';

const GAS = (ASSUMPTIONS.find((a) => a.id === 'CIM9-214')?.default ?? '') as string;
const pack = loadSchemaPack(defaultPackDir('2013'));
const sims: Simulator[] = [];
after(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await closeAllClients(100);
  pack.dispose?.();
});

async function ask(role: 'MDM' | 'HES', faults: string[] = []) {
  const sim = await startSimulator({ schemaPack: pack, faults });
  sims.push(sim);
  const h = { verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() };
  const out = toSoap(getMeterReadingsMessage(h, ['M-1001'], [GAS]), '1.1');
  const res = await postSoap(sim.urlFor(role), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
  assert.ok(res.ok);
  const m = readMessage(res.body);
  assert.ok(m.ok);
  return m.wire;
}

describe('a read of a ReadingType the SUT does not support (CIM9-214)', () => {
  test('the default of CIM9-214 is a natural-gas volume register', () => {
    assert.equal(GAS.split('.').length, 18);
    assert.deepEqual([GAS.split('.')[5], GAS.split('.')[6], GAS.split('.')[16]], ['7', '58', '42']);
  });
  for (const role of ['MDM', 'HES'] as const) {
    test(`${role}: refused with FAILED 2.10; under unsupported-reading-type-answered accepted (ENV-EXPECTED-RESULT)`, async () => {
      const codes = acceptedCodesFor('unsupportedReadingType');
      const refused = await ask(role);
      assert.equal(refused.message?.reply?.result, 'FAILED');
      assert.deepEqual(checkOutcome(refused, { result: 'FAILED', codes, annexB: true }, ctx()), []);
      const accepted = await ask(role, ['unsupported-reading-type-answered']);
      assert.equal(accepted.message?.reply?.result, 'OK');
      assert.ok(rules(checkOutcome(accepted, { result: 'FAILED', codes, annexB: true }, ctx())).includes('error ENV-EXPECTED-RESULT'));
    });
  }
});
