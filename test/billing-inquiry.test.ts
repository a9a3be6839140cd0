/**
 * Billing inquiry with the MDM as SUT (MR-05): the pure checks (src/checks/billing-inquiry.ts: MR-BILLING-TYPE with
 * CIM9-177, MR-BILLING-REASON with CIM9-176), the inquiry the CIS sends (src/usecases/billing-inquiry.ts), and the
 * reference MDM over HTTP answering the determinants of profiles/reference.yaml with the request's reason — clean, and
 * under each fault of the family (simulator/faults/billing-inquiry.ts).
 * Run: node --import tsx --test test/billing-inquiry.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBillingAnswer, isBillingQuantity, type BillingExpectation } from '../src/checks/billing-inquiry.ts';
import { checkMeterReadings } from '../src/checks/domain.ts';
import { buildMeterReadings, readGetMeterReadings, type ReadingValue } from '../src/payloads/meterReadings.ts';
import { billingDeterminants, billingInquiryMessage } from '../src/usecases/billing-inquiry.ts';
import { BILLING_INQUIRY_FAULTS } from '../simulator/faults/billing-inquiry.ts';
import { FAULTS, violatedRule } from '../simulator/faults/catalogue.ts';
import { BILLING_RTS, INTERVAL_RT, REGISTER_RT } from '../simulator/store.ts';
import { rule } from '../src/checks/catalogue.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { loadProfile } from '../src/profile/index.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import { closeAllClients, postSoap } from '../src/transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { allHaveEvidence, ctx, hasEvidence, parse, rules } from './checks-helpers.ts';

const BILLING_PERIOD = '8.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const TOU_A = '8.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0';
const MAX_DEMAND = '8.8.2.6.1.1.8.0.0.0.0.0.0.0.0.3.38.0';
const VOLTAGE = '0.0.0.6.0.1.54.0.0.0.0.0.0.0.128.0.29.0';
const r = (readingType: string, o: Partial<ReadingValue> = {}): ReadingValue => ({ readingType, value: '1.0', timeStamp: '2024-03-01T00:00:00Z', reason: 'billing', ...o });
const answer = (readings: ReadingValue[]) => parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, readings }] }));
const exp = (o: Partial<BillingExpectation> = {}): BillingExpectation => ({ types: 'billing-quantity', reason: 'billing', reasonSeverity: 'warning', reasonText: 'warning', ...o });

describe('MR-05 billing quantities (CIM9-177)', () => {
  test('registers, billing-period values, TOU buckets, maximum demand are; load-profile intervals and voltages are not', () => {
    for (const c of [REGISTER_RT, BILLING_PERIOD, TOU_A, MAX_DEMAND, '0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0', '13.0.0.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0', '0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0']) {
      assert.equal(isBillingQuantity(c), true, c);
    }
    for (const c of [INTERVAL_RT, VOLTAGE, '0.0.0.6.0.1.4.0.0.0.0.0.0.0.128.0.5.0', 'not-a-code', '0.0.0.0.0.0.0.0']) assert.equal(isBillingQuantity(c), false, c);
  });

  test('every reference determinant is a billing quantity', () => {
    for (const c of BILLING_RTS) assert.equal(isBillingQuantity(c), true, c);
  });
});

describe('MR-05 the answer to a billing inquiry', () => {
  test('billing determinants with the reason: clean', () => {
    assert.deepEqual(checkBillingAnswer(answer([r(REGISTER_RT), r(BILLING_PERIOD), r(TOU_A), r(MAX_DEMAND)]), exp(), ctx()), []);
  });

  test('a non-billing ReadingType, or one that does not decode: MR-BILLING-TYPE; decodable accepts the first, off both', () => {
    assert.deepEqual(rules(checkBillingAnswer(answer([r(REGISTER_RT), r(INTERVAL_RT)]), exp(), ctx())), ['error MR-BILLING-TYPE']);
    assert.match(checkBillingAnswer(answer([r(INTERVAL_RT)]), exp(), ctx())[0]!.message, /not a billing quantity/);
    assert.deepEqual(rules(checkBillingAnswer(answer([r('RT-X')]), exp(), ctx())), ['error MR-BILLING-TYPE']);
    assert.deepEqual(checkBillingAnswer(answer([r(INTERVAL_RT)]), exp({ types: 'decodable' }), ctx()), []);
    assert.deepEqual(rules(checkBillingAnswer(answer([r('RT-X')]), exp({ types: 'decodable' }), ctx())), ['error MR-BILLING-TYPE']);
    assert.deepEqual(checkBillingAnswer(answer([r('RT-X')]), exp({ types: 'off' }), ctx()), []);
  });

  test('an IntervalBlock of load profile is judged too', () => {
    const root = parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: 'M-1' }, readings: [r(REGISTER_RT)], intervalBlocks: [{ readingType: INTERVAL_RT, readings: [{ timeStamp: '2024-03-01T00:15:00Z', value: '0.2' }] }] }] }));
    assert.deepEqual(rules(checkBillingAnswer(root, exp(), ctx())), ['error MR-BILLING-TYPE']);
  });

  test('a Reading with another reason or none: MR-BILLING-REASON at the CIM9-176 severity; no reason asked, nothing to echo', () => {
    assert.deepEqual(rules(checkBillingAnswer(answer([r(REGISTER_RT, { reason: 'inquiry' })]), exp(), ctx())), ['warning MR-BILLING-REASON']);
    assert.deepEqual(rules(checkBillingAnswer(answer([r(REGISTER_RT, { reason: undefined })]), exp({ reasonSeverity: 'error', reasonText: 'failure' }), ctx())), ['error MR-BILLING-REASON']);
    assert.deepEqual(checkBillingAnswer(answer([r(REGISTER_RT, { reason: 'inquiry' })]), exp({ reasonSeverity: undefined, reasonText: 'off' }), ctx()), []);
    assert.deepEqual(checkBillingAnswer(answer([r(REGISTER_RT, { reason: 'inquiry' })]), exp({ reason: undefined }), ctx()), []);
  });

  test('an answer without any Reading fails (nothing to judge is not a pass)', () => {
    assert.deepEqual(rules(checkBillingAnswer(answer([]), exp(), ctx())), ['error DOM-EXPECTED']);
  });

  test('the inquiry: the profile\'s determinants (the register when none), the reason in the query', () => {
    assert.deepEqual(billingDeterminants({ readingTypes: { register: REGISTER_RT } }), [REGISTER_RT]);
    assert.deepEqual(billingDeterminants({ readingTypes: { register: REGISTER_RT, billing: [BILLING_PERIOD] } }), [BILLING_PERIOD]);
    const m = billingInquiryMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 't', messageId: 'm' }, ['M-1'], [BILLING_PERIOD], 'inquiry');
    assert.deepEqual(readGetMeterReadings(parse(m.request!.query!)), { endDevices: ['M-1'], usagePoints: [], readingTypes: [BILLING_PERIOD], timePeriod: undefined, reason: 'inquiry' });
  });

  test('rules, assumptions and faults are catalogued; each fault names its rule', () => {
    for (const id of ['MR-BILLING-TYPE', 'MR-BILLING-REASON']) assert.ok(rule(id));
    for (const id of ['CIM9-176', 'CIM9-177']) assert.ok(assumptionDef(id));
    for (const f of BILLING_INQUIRY_FAULTS) assert.ok(FAULTS.some((x) => x.id === f.id) && rule(violatedRule(f)));
    assert.deepEqual(FAULTS.find((f) => f.id === 'billing-reason-not-echoed')?.detectWith, { 'CIM9-176': 'failure' });
  });
});

describe('the reference MDM answers a billing inquiry (MR-05)', () => {
  const sims: Simulator[] = [];
  after(async () => {
    for (const s of sims) await s.close();
    await closeAllClients(100);
  });
  async function inquire(faults: string[], reason: string) {
    const determinants = billingDeterminants(loadProfile('profiles/reference.yaml').data);
    assert.deepEqual(determinants, [...BILLING_RTS]);
    const sim = await startSimulator({ schemaPack: loadSchemaPack(defaultPackDir('2013')), faults, roles: ['MDM'], asyncDelayMs: 5 });
    sims.push(sim);
    const msg = billingInquiryMessage({ verb: 'get', noun: 'MeterReadings', timestamp: nowTimestamp(), source: 't', messageId: newMessageId(), correlationId: newMessageId() }, ['M-1001'], determinants, reason);
    const out = toSoap(msg, '1.1');
    const http = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
    assert.ok(http.ok);
    const got = readMessage(http.body);
    assert.ok(got.ok && got.wire.message?.payload?.root);
    const root = got.wire.message.payload.root;
    return [...checkMeterReadings(root, { meters: ['M-1001'], readingTypes: determinants }, ctx()), ...checkBillingAnswer(root, exp({ reason, reasonSeverity: 'error' }), ctx())].filter((f) => f.severity === 'error');
  }

  test('clean: every determinant, each a billing quantity with the reason asked, for billing and for inquiry', async () => {
    assert.deepEqual(await inquire([], 'billing'), []);
    assert.deepEqual(await inquire([], 'inquiry'), []);
  });

  test('each fault is caught with its rule', async () => {
    for (const f of BILLING_INQUIRY_FAULTS) {
      const found = rules(await inquire([f.id], 'billing'));
      assert.ok(found.includes(`error ${violatedRule(f)}`), `${f.id}: ${found.join(', ')}`);
    }
  });
});

describe('MR-05 findings carry expected / actual (issue 16)', () => {
  test('no Reading, a non-billing or undecodable ReadingType, another reason', () => {
    hasEvidence(checkBillingAnswer(answer([]), exp(), ctx())[0], /at least one Reading/, /^no Reading$/);
    hasEvidence(checkBillingAnswer(answer([r(INTERVAL_RT)]), exp(), ctx())[0], /a billing quantity/, new RegExp(`^ReadingType ${INTERVAL_RT.replace(/\./g, '\\.')} \\(`));
    hasEvidence(checkBillingAnswer(answer([r('RT-X')]), exp(), ctx())[0], /18-part ReadingType code/, /^ReadingType "RT-X"$/);
    const reason = checkBillingAnswer(answer([r(REGISTER_RT, { reason: 'inquiry' }), r(REGISTER_RT, { reason: undefined })]), exp(), ctx());
    allHaveEvidence(reason);
    assert.deepEqual(reason.map((f) => [f.expected, f.actual]), [['reason "billing"', 'reason "inquiry"'], ['reason "billing"', 'no reason']]);
  });
});
