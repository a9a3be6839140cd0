/**
 * Prepayment (PM-01..03, reconstructed): the pure checks of src/checks/prepayment.ts, the three reconstructed 2013
 * profiles (the suite's messages schema-valid, read back), the reference MDM's credit update to the head-end the suite
 * plays and the reference CIS's transfer to its MDM, and each fault of simulator/faults/prepayment.ts caught by its rule.
 * Run: node --import tsx --test test/prepayment.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { auxiliaryUsagePoint, PREPAYMENT_FAULTS } from '../simulator/faults/prepayment.ts';
import { postSoap } from '../src/transport/index.ts';
import { readMessage, toSoap, type Message } from '../src/message/index.ts';
import type { Finding } from '../src/checks/index.ts';
import { rule } from '../src/checks/catalogue.ts';
import { checkClientAuxiliaryAgreement, checkCreditUpdate, checkNothingSentOn, checkTransfer, isCreditUpdate, type SentReceipt, type SentTransaction, type TransferredTransaction } from '../src/checks/prepayment.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import {
  buildAuxiliaryAgreementConfig,
  buildReceiptRecord,
  buildTransactionRecord,
  cents,
  readAuxiliaryAgreementConfig,
  readReceiptRecord,
  readTransactionRecord,
} from '../src/payloads/prepayment.ts';
import { profilesFor } from '../src/schema/gen/profiles.ts';
import { startSimulator } from '../simulator/server.ts';
import { headEndBench, parsedOf, suiteHeadEnd, testHeader } from './peers.ts';

const T0 = '2026-01-01T10:00:00Z';
const errors = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];
const tx = (o: Partial<SentTransaction> = {}): SentTransaction => ({ id: 'TX-1', kind: 'tokenSalePayment', amount: '25.50', meter: 'M-1001', account: 'ACC-UP-1001', ...o });
const CREDIT = { carrier: 'price-signal', code: 'any-device-type', creditingKinds: ['tokenSalePayment', 'accountPayment', 'tokenGrant', 'tokenFreeIssue'], label: 'credit' };
const control = (o: { type?: string; meter?: string; priceSignal?: number } = {}) => {
  const root = buildEndDeviceControls({ controls: [{ controlType: o.type ?? '3.20.22.13', priceSignal: o.priceSignal ?? 25.5, endDevices: [{ mRID: o.meter ?? 'M-1001' }] }] });
  return { label: 'req', controls: readEndDeviceControls(parsedOf(toSoap({ kind: 'request', header: testHeader('create', 'EndDeviceControls'), payload: { root } }, '1.1').xml).payload!.root!) };
};

describe('checkCreditUpdate (PM-CREDIT-*)', () => {
  test('the credit update of the meter with the amount: no finding; an auxiliary charge is not credited (CIM9-275)', () => {
    assert.deepEqual(checkCreditUpdate([control()], [tx()], CREDIT), []);
    assert.deepEqual(checkCreditUpdate([control({ priceSignal: 30 })], [tx({ amount: '30.00' }), tx({ id: 'TX-2', kind: 'auxiliaryChargePayment', amount: '10.00' })], CREDIT), []);
    assert.deepEqual(errors(checkCreditUpdate([control({ priceSignal: 40 })], [tx({ amount: '30.00' }), tx({ id: 'TX-2', kind: 'auxiliaryChargePayment', amount: '10.00' })], CREDIT)), ['PM-CREDIT-AMOUNT']);
  });
  test('no request, or only another control type for the meter, is PM-CREDIT-CONTROL; CIM9-274 any device type by default', () => {
    assert.deepEqual(errors(checkCreditUpdate([], [tx()], CREDIT)), ['PM-CREDIT-CONTROL']);
    assert.deepEqual(errors(checkCreditUpdate([control({ type: '3.20.8.13' })], [tx()], CREDIT)), ['PM-CREDIT-CONTROL']);
    assert.ok(isCreditUpdate('0.20.22.13', 'any-device-type') && isCreditUpdate('18.20.22.13', 'any-device-type') && !isCreditUpdate('3.20.22.14', 'any-device-type'));
    assert.deepEqual(errors(checkCreditUpdate([control()], [tx()], { ...CREDIT, code: '0.20.22.13' })), ['PM-CREDIT-CONTROL']);
  });
  test('another amount is PM-CREDIT-AMOUNT; an amount where CIM9-273 does not look is one too', () => {
    assert.deepEqual(errors(checkCreditUpdate([control({ priceSignal: 26.5 })], [tx()], CREDIT)), ['PM-CREDIT-AMOUNT']);
    assert.deepEqual(errors(checkCreditUpdate([control()], [tx()], { ...CREDIT, carrier: 'pan-pricing' })), ['PM-CREDIT-AMOUNT']);
    assert.deepEqual(checkCreditUpdate([control()], [tx()], { ...CREDIT, carrier: 'either' }), []);
  });
  test('a credit update of another meter is PM-CREDIT-METER (and the meter sold to has none)', () => {
    assert.deepEqual(errors(checkCreditUpdate([control({ meter: 'M-1002' })], [tx()], CREDIT)), ['PM-CREDIT-CONTROL', 'PM-CREDIT-METER']);
  });
});

const receipt = (): SentReceipt => ({ id: 'RCPT-1', amount: '27.25', dateTime: T0, transactions: [tx({ amount: '20.00' }), tx({ id: 'TX-2', kind: 'accountPayment', amount: '7.25' })] });
const got = (o: Partial<TransferredTransaction> = {}, i = 0): TransferredTransaction => {
  const t = receipt().transactions[i]!;
  return { transaction: t.id, kind: t.kind, amount: t.amount, dateTime: '2026-01-01T10:00:01Z', customerAccount: t.account, meter: t.meter, receipt: 'RCPT-1', node: { ns: '', name: 'Transaction', children: [], text: '', attrs: {} } as never, label: 'got', receivedAt: new Date('2026-01-01T10:00:02Z'), ...o };
};
const TRANSFER = { label: 'transfer', skewSeconds: 60, receiptPolicy: 'warning' };

describe('the prepayment findings carry expected / actual (issue 16)', () => {
  const ea = (fs: Finding[]) => fs.map((f) => [f.rule, f.expected, f.actual]);
  test('the amount credited and the transactions transferred against the sale', () => {
    const credit = ea(checkCreditUpdate([control({ priceSignal: 26.5 })], [tx()], CREDIT));
    assert.equal(credit.length, 1);
    assert.equal(credit[0]![0], 'PM-CREDIT-AMOUNT');
    assert.match(String(credit[0]![1]), /25\.50/);
    assert.match(String(credit[0]![2]), /26\.50/);
    assert.deepEqual(ea(checkTransfer([got({ amount: '10.00', customerAccount: 'ACC-9' }), got({}, 1)], receipt(), TRANSFER)).slice(0, 2), [
      ['PM-TXN-AMOUNT', 'amount 20.00', 'amount 10.00'],
      ['PM-TXN-ACCOUNT', 'CustomerAccount ACC-UP-1001, Meter M-1001, kind tokenSalePayment', 'CustomerAccount ACC-9, Meter M-1001, kind tokenSalePayment'],
    ]);
  });
});

describe('checkTransfer (PM-TXN-*)', () => {
  test("the receipt's transactions transferred as they are: no finding", () => {
    assert.deepEqual(checkTransfer([got(), got({}, 1)], receipt(), TRANSFER), []);
  });
  test('a missing transaction is PM-TXN-TRANSFER; another amount PM-TXN-AMOUNT; another account, meter or kind PM-TXN-ACCOUNT', () => {
    assert.deepEqual(errors(checkTransfer([got()], receipt(), TRANSFER)), ['PM-TXN-TRANSFER']);
    assert.deepEqual(errors(checkTransfer([got({ amount: '10.00' }), got({}, 1)], receipt(), TRANSFER)), ['PM-TXN-AMOUNT']);
    assert.deepEqual(errors(checkTransfer([got({ customerAccount: 'ACC-9' }), got({}, 1)], receipt(), TRANSFER)), ['PM-TXN-ACCOUNT']);
    assert.deepEqual(errors(checkTransfer([got({ kind: 'diversePayment' }), got({}, 1)], receipt(), TRANSFER)), ['PM-TXN-ACCOUNT']);
  });
  test('dated before the receipt, after the receipt at the MDM, or undated is PM-TXN-TIME', () => {
    for (const dateTime of ['2025-12-31T10:00:00Z', '2026-01-01T11:00:00Z', undefined]) {
      assert.deepEqual(errors(checkTransfer([got({ dateTime }), got({}, 1)], receipt(), TRANSFER)), ['PM-TXN-TIME']);
    }
  });
  test('CIM9-276: no receipt reference is a warning by default, a failure when said, not judged when off', () => {
    const t = [got({ receipt: undefined }), got({}, 1)];
    assert.deepEqual(checkTransfer(t, receipt(), TRANSFER).map((f) => [f.rule, f.severity]), [['PM-TXN-RECEIPT', 'warning']]);
    assert.deepEqual(errors(checkTransfer(t, receipt(), { ...TRANSFER, receiptPolicy: 'failure' })), ['PM-TXN-RECEIPT']);
    assert.deepEqual(checkTransfer(t, receipt(), { ...TRANSFER, receiptPolicy: 'off' }), []);
  });
  test('cents: decimals to the cent, no number is undefined', () => {
    assert.deepEqual([cents('25.5'), cents('0.10'), cents(7.25), cents(''), cents('x')], [2550, 10, 725, undefined, undefined]);
  });
});

// ------------------------------------------------------------------------------------------------ profiles and the reference SUT

const bench = headEndBench({ source: 'test-pos', noun: 'TransactionRecord' });
const valid = (xml: string) => assert.deepEqual(bench.pack.validate(Buffer.from(xml), { label: 't' }).filter((f) => f.severity !== 'info'), []);

const txRecord = (kinds: [string, string][], meter = 'M-1001'): Message => ({
  kind: 'event',
  header: testHeader('created', 'TransactionRecord'),
  payload: { root: buildTransactionRecord(kinds.map(([kind, amount], i) => ({ mRID: `TX-${i}`, kind, customerAccount: { mRID: 'ACC-UP-1001' }, line: { amount, dateTime: new Date().toISOString() }, meter: { mRID: meter }, receipt: { mRID: 'RCPT-1' } }))) },
});
const receiptMessage = (meter?: string): Message => ({
  kind: 'event',
  header: testHeader('created', 'ReceiptRecord'),
  payload: {
    root: buildReceiptRecord([{ mRID: 'RCPT-1', isBankable: true, line: { amount: '27.25', dateTime: new Date().toISOString() }, tenders: [{ amount: '30.00', change: '2.75', kind: 'cash' }], transactions: receipt().transactions.map((t) => ({ mRID: t.id, kind: t.kind, customerAccount: { mRID: t.account }, line: { amount: t.amount }, meter: { mRID: meter ?? t.meter } })) }]),
  },
});

describe('the reconstructed profiles (CIM9-270..272)', () => {
  test('2013 only, lenient, each naming its assumption', () => {
    for (const [name, id] of [['AuxiliaryAgreementConfig', 'CIM9-270'], ['ReceiptRecord', 'CIM9-271'], ['TransactionRecord', 'CIM9-272']] as const) {
      const p = profilesFor('2013').find((x) => x.name === name);
      assert.ok(p?.lenientOrder?.includes(id) && p.assumptions.some((a) => a.includes('RECONSTRUCTED')), name);
      assert.ok(!profilesFor('2024').some((x) => x.name === name));
    }
  });
  test("the suite's messages are schema-valid and read back", () => {
    const aux = buildAuxiliaryAgreementConfig([{ mRID: 'AUX-1', vendPortion: 25, auxiliaryAccounts: [{ mRID: 'AA-1', balance: '100.00' }], customerAgreement: { mRID: 'CA-1', customerAccount: { mRID: 'ACC-1' }, usagePoints: [{ mRID: 'UP-1001' }] }, validityInterval: { start: T0 } }]);
    const a = toSoap({ kind: 'request', header: testHeader('create', 'AuxiliaryAgreementConfig'), payload: { root: aux } }, '1.1').xml;
    valid(a);
    assert.match(a, /CreateAuxiliaryAgreementConfig/);
    assert.deepEqual(readAuxiliaryAgreementConfig(parsedOf(a).payload!.root!).map((x) => [x.agreement, x.vendPortion, x.accounts, x.customerAccount, x.usagePoints]), [['AUX-1', '25', ['AA-1'], 'ACC-1', ['UP-1001']]]);
    const r = toSoap(receiptMessage(), '1.1').xml;
    valid(r);
    const [rr] = readReceiptRecord(parsedOf(r).payload!.root!);
    assert.deepEqual([rr!.receipt, rr!.amount, rr!.tenders[0]!.kind, rr!.transactions.map((t) => [t.kind, t.amount, t.meter])], ['RCPT-1', '27.25', 'cash', [['tokenSalePayment', '20.00', 'M-1001'], ['accountPayment', '7.25', 'M-1001']]]);
    const t = toSoap(txRecord([['tokenSalePayment', '25.50']]), '1.1').xml;
    valid(t);
    assert.deepEqual(readTransactionRecord(parsedOf(t).payload!.root!).map((x) => [x.transaction, x.kind, x.amount, x.customerAccount, x.meter, x.receipt]), [['TX-0', 'tokenSalePayment', '25.50', 'ACC-UP-1001', 'M-1001', 'RCPT-1']]);
  });
});

const METERS = [{ mRID: 'M-1001', usagePoint: 'UP-1001' }, { mRID: 'M-1002', usagePoint: 'UP-1002' }];

/** the reference MDM with the head-end the suite plays: the credit updates it asks for after `m` */
async function mdmCredits(faults: string[], m: Message, o: { headEndMayRefuse?: boolean } = {}): Promise<{ result?: string; requests: ReturnType<typeof control>[] }> {
  const hes = await suiteHeadEnd({ pack: bench.pack, meters: METERS, readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0' });
  const sim = await startSimulator({ roles: ['MDM'], faults, meters: METERS, schemaPack: bench.pack, upstream: { HES: hes.listener.urlFor('hes') } });
  try {
    const out = toSoap(m, '1.1');
    const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
    assert.ok(r.ok);
    const requests = hes.listener.all().map((d) => {
      valid(d.body.toString('utf8'));
      return { label: 'req', controls: readEndDeviceControls(parsedOf(d.body.toString('utf8')).payload!.root!) };
    });
    if (!o.headEndMayRefuse) for (const [, a] of hes.answers) assert.equal(a.refused, undefined);
    return { result: parsedOf(r.body.toString('utf8')).reply?.result, requests };
  } finally {
    await sim.close();
    await hes.listener.close();
  }
}

/** the reference CIS with an acknowledging MDM: the transactions it transfers after the receipt */
async function cisTransfers(faults: string[], m: Message = receiptMessage()): Promise<{ result?: string; got: TransferredTransaction[] }> {
  const path = `mdm-${Math.random().toString(16).slice(2)}`;
  const sim = await startSimulator({ roles: ['CIS'], faults, meters: METERS, schemaPack: bench.pack, upstream: { MDM: bench.listener.urlFor(path) } });
  try {
    const out = toSoap(m, '1.1');
    const r = await postSoap(sim.urlFor('CIS'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
    assert.ok(r.ok);
    const got: TransferredTransaction[] = [];
    for (;;) {
      const w = await bench.listener.waitFor({ path }, 300, 'test');
      if (!w.ok) break;
      valid(w.message.body.toString('utf8'));
      const read = readMessage(w.message.body);
      assert.ok(read.ok && read.wire.message?.payload?.root);
      got.push(...readTransactionRecord(read.wire.message.payload.root).map((t) => ({ ...t, label: 'sim', receivedAt: w.message.receivedAt })));
    }
    return { result: parsedOf(r.body.toString('utf8')).reply?.result, got };
  } finally {
    await sim.close();
  }
}

/** the reference head-end: the controls its reply to a credit update of 25.50 for M-1001 returns */
async function hesTakes(faults: string[]): Promise<{ result?: string; returned: ReturnType<typeof control>[] }> {
  const sim = await startSimulator({ roles: ['HES'], faults, meters: METERS, schemaPack: bench.pack });
  try {
    const root = buildEndDeviceControls({ controls: [{ mRID: 'C-1', issuerTrackingID: 'TX-1', controlType: '3.20.22.13', priceSignal: 25.5, endDevices: [{ mRID: 'M-1001' }] }] });
    const out = toSoap({ kind: 'request', header: testHeader('create', 'EndDeviceControls'), payload: { root } }, '1.1');
    const r = await postSoap(sim.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
    assert.ok(r.ok);
    valid(r.body.toString('utf8'));
    const reply = parsedOf(r.body.toString('utf8'));
    return { result: reply.reply?.result, returned: reply.payload?.root ? [{ label: 'reply', controls: readEndDeviceControls(reply.payload.root) }] : [] };
  } finally {
    await sim.close();
  }
}

const sentOf = (m: Message): SentTransaction[] => readTransactionRecord(parsedOf(toSoap(m, '1.1').xml).payload!.root!).map((t) => ({ id: t.transaction!, kind: t.kind!, amount: t.amount!, meter: t.meter!, account: t.customerAccount! }));

describe('the reference MDM and CIS', () => {
  test('the MDM credits the token sale and not the auxiliary charge; the CIS transfers the receipt as it is', async () => {
    const m = txRecord([['tokenSalePayment', '30.00'], ['auxiliaryChargePayment', '10.00']]);
    const { result, requests } = await mdmCredits([], m);
    assert.equal(result, 'OK');
    assert.deepEqual(checkCreditUpdate(requests, sentOf(m), CREDIT), []);
    const c = await cisTransfers([]);
    assert.equal(c.result, 'OK');
    const rc = { ...receipt(), dateTime: new Date(Date.now() - 1000).toISOString() };
    assert.deepEqual(checkTransfer(c.got, rc, TRANSFER), []);
    const h = await hesTakes([]);
    assert.equal(h.result, 'OK');
    assert.deepEqual(checkCreditUpdate(h.returned, [tx()], CREDIT), []);
  });
  // the faults of the negatives (@req:PM-NEG-*) act only on requests the SUT must refuse: tested below
  for (const f of PREPAYMENT_FAULTS.filter((x) => !x.scope?.startsWith('@req:PM-NEG-') && x.scope !== '@req:PM-01.2')) {
    test(`${f.id} → ${violatedRule(f)}`, async () => {
      assert.ok(rule(violatedRule(f)));
      assert.equal(FAULTS.find((x) => x.id === f.id), f);
      if (f.roles.includes('HES')) {
        const { returned } = await hesTakes([f.id]);
        assert.ok(errors(checkCreditUpdate(returned, [tx()], CREDIT)).includes(violatedRule(f)));
      } else if (f.roles.includes('MDM')) {
        const m = txRecord([['tokenSalePayment', '30.00'], ['auxiliaryChargePayment', '10.00']]);
        const { requests } = await mdmCredits([f.id], m);
        assert.ok(errors(checkCreditUpdate(requests, sentOf(m), CREDIT)).includes(violatedRule(f)));
      } else {
        const c = await cisTransfers([f.id]);
        const rc = { ...receipt(), dateTime: new Date(Date.now() - 1000).toISOString() };
        assert.ok(errors(checkTransfer(c.got, rc, { ...TRANSFER, ...(f.detectWith ? { receiptPolicy: f.detectWith['CIM9-276']! } : {}) })).includes(violatedRule(f)));
      }
    });
  }
});

/** the reference MDM's answer to create(AuxiliaryAgreementConfig) for a usage point */
async function mdmAgreement(faults: string[], usagePoint: string): Promise<string | undefined> {
  const sim = await startSimulator({ roles: ['MDM'], faults, meters: METERS, schemaPack: bench.pack });
  try {
    const root = buildAuxiliaryAgreementConfig([{ mRID: 'AUX-1', vendPortion: 25, auxiliaryAccounts: [{ mRID: 'AA-1', balance: '100.00' }], customerAgreement: { mRID: 'CA-1', customerAccount: { mRID: 'ACC-1' }, usagePoints: [{ mRID: usagePoint }] } }]);
    const out = toSoap({ kind: 'request', header: testHeader('create', 'AuxiliaryAgreementConfig'), payload: { root } }, '1.1');
    const r = await postSoap(sim.urlFor('MDM'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1 << 20 });
    assert.ok(r.ok);
    return parsedOf(r.body.toString('utf8')).reply?.result;
  } finally {
    await sim.close();
  }
}

describe('the negatives (PM-NEG-1..3) and their faults', () => {
  test('a meter or usage point the reference SUT does not know is refused and nothing is sent on', async () => {
    const m = txRecord([['tokenSalePayment', '12.00']], 'M-9999');
    const clean = await mdmCredits([], m);
    assert.deepEqual([clean.result, clean.requests.length], ['FAILED', 0]);
    assert.equal(await mdmAgreement([], 'UP-9999'), 'FAILED');
    assert.equal(await mdmAgreement([], 'UP-1001'), 'OK');
    const c = await cisTransfers([], receiptMessage('M-9999'));
    assert.deepEqual([c.result, c.got.length], ['FAILED', 0]);
    assert.deepEqual(checkNothingSentOn('PM-CREDIT-REFUSED', [], 'x'), []);
  });
  test('pm-unknown-meter-accepted, pm-refused-still-credited, pm-aux-unknown-usage-point-accepted, pm-cis-refused-still-transferred', async () => {
    const m = txRecord([['tokenSalePayment', '12.00']], 'M-9999');
    assert.deepEqual((await mdmCredits(['pm-unknown-meter-accepted'], m)).result, 'OK');
    const still = await mdmCredits(['pm-refused-still-credited'], m, { headEndMayRefuse: true });
    assert.equal(still.result, 'FAILED');
    assert.ok(still.requests.length > 0);
    assert.deepEqual(checkNothingSentOn('PM-CREDIT-REFUSED', still.requests.map((r) => ({ label: r.label, what: 'create(EndDeviceControls)' })), 'the refused transactions').map((f) => f.rule), still.requests.map(() => 'PM-CREDIT-REFUSED'));
    assert.equal(await mdmAgreement(['pm-aux-unknown-usage-point-accepted'], 'UP-9999'), 'OK');
    const c = await cisTransfers(['pm-cis-refused-still-transferred'], receiptMessage('M-9999'));
    assert.equal(c.result, 'FAILED');
    assert.ok(c.got.length > 0);
    for (const f of PREPAYMENT_FAULTS.filter((x) => x.scope?.startsWith('@req:PM-NEG-'))) assert.ok(rule(violatedRule(f)), f.id);
  });
});

describe('PM-01 with the CIS as SUT (PM-AUX-USAGE-POINT)', () => {
  const agreement = (ups: string[]) => {
    const root = buildAuxiliaryAgreementConfig([{ mRID: 'AUX-1', vendPortion: 25, auxiliaryAccounts: [{ mRID: 'AA-1', balance: '100.00' }], customerAgreement: { mRID: 'CA-1', customerAccount: { mRID: 'ACC-1' }, usagePoints: ups.map((mRID) => ({ mRID })) } }]);
    return parsedOf(toSoap({ kind: 'request', header: testHeader('create', 'AuxiliaryAgreementConfig'), payload: { root } }, '1.1').xml).payload!.root!;
  };
  test('the usage point of the meter, and no other', () => {
    assert.deepEqual(checkClientAuxiliaryAgreement(agreement(['UP-1001']), 'UP-1001', 'x'), []);
    assert.deepEqual(checkClientAuxiliaryAgreement(agreement(['UP-1002']), 'UP-1001', 'x').map((f) => f.rule), ['PM-AUX-USAGE-POINT']);
    assert.deepEqual(checkClientAuxiliaryAgreement(agreement(['UP-1001', 'UP-1002']), 'UP-1001', 'x').map((f) => f.rule), ['PM-AUX-USAGE-POINT']);
    assert.deepEqual(checkClientAuxiliaryAgreement(undefined, 'UP-1001', 'x').map((f) => f.rule), ['PM-AUX-USAGE-POINT']);
  });
  test('pm-cis-aux-other-usage-point names another usage point', () => {
    assert.equal(auxiliaryUsagePoint('UP-1001', ['UP-1001', 'UP-1002'], () => false), 'UP-1001');
    assert.equal(auxiliaryUsagePoint('UP-1001', ['UP-1001', 'UP-1002'], (id) => id === 'pm-cis-aux-other-usage-point'), 'UP-1002');
    const f = PREPAYMENT_FAULTS.find((x) => x.id === 'pm-cis-aux-other-usage-point');
    assert.equal(f && violatedRule(f), 'PM-AUX-USAGE-POINT');
  });
});
