/**
 * Prepayment (PM-01..03, use-cases.md §7.2, 2013 figs. 44-46). RECONSTRUCTED: the figures and the three profiles are
 * not public (UC-27); the suite writes AuxiliaryAgreementConfig, ReceiptRecord and TransactionRecord from the CIM
 * classes (CIM9-270..272) and a profile leaves these scenarios out by not declaring PM-01..03 in its pics.
 *
 * MDM as SUT (pattern P6, pics.MDM.sends): the suite plays the CIS and the MDM's head-end at
 * LISTENER_PATHS.hes (src/usecases/peer.ts takes create(EndDeviceControls) for the profile's meters).
 * - PM-03: CIS → MDM created(TransactionRecord), a token sale for the meter's account ⇐ ack (shared reply steps);
 *   MDM → head-end create(EndDeviceControls), the credit update (CIM9-274, x.20.22.13) of the meter with the amount
 *   (CIM9-273) — PM-CREDIT-*;
 * - PM-01: CIS → MDM create(AuxiliaryAgreementConfig), an auxiliary agreement (a debt recovered from purchases, vend
 *   portion 25 %) under the customer agreement of the meter's usage point ⇐ reply; then a token sale and the auxiliary
 *   charge recovered from it: only the token sale is credited (CIM9-275).
 * Head-end as SUT (pattern P1): the suite plays the MDM.
 * - PM-03: MDM → head-end create(EndDeviceControls), the credit update (CIM9-274, 3.20.22.13) of the meter with the
 *   amount of a token sale (CIM9-273) ⇐ reply OK returning the controls taken (CIM9-123) — PM-CREDIT-* on them.
 * CIS as SUT (pattern P2): the suite plays the point of sale and the MDM at LISTENER_PATHS.mdm (answerAsMdm acknowledges
 * created(TransactionRecord)).
 * - PM-02 / PM-03: POS → CIS created(ReceiptRecord), a receipt of two transactions (a token sale and an account
 *   payment) for the meter's account ⇐ ack; CIS → MDM created(TransactionRecord) with them — PM-TXN-*.
 * What a scenario caused and no step examined is claimed after it (`claimPrepaymentLeftovers`). The checks are
 * src/checks/prepayment.ts.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp, readMessage } from '../message/index.ts';
import { buildEndDeviceControls, readEndDeviceControls, type ReadEndDeviceControl } from '../payloads/endDeviceControls.ts';
import { buildAuxiliaryAgreementConfig, buildReceiptRecord, buildTransactionRecord, cents, money, readTransactionRecord, type TransactionValue } from '../payloads/prepayment.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { checkClientAuxiliaryAgreement, checkCreditUpdate, checkNothingSentOn, checkTransfer, CREDIT_ANY, type CreditRequest, type SentReceipt, type SentTransaction, type TransferredTransaction } from '../checks/prepayment.ts';
import { assertNothingArrived, awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined } from './deliveries.ts';
import { acceptance, judgeCodedRefusal, setTwin } from './twin.ts';
import { clientState, orderRequest } from './client-requests.ts';

/** CIM9-275 default: the transaction kinds that buy credit for the meter */
export const CREDITING_KINDS = ['tokenSalePayment', 'accountPayment', 'tokenGrant', 'tokenFreeIssue'] as const;

/** the customer account the suite names for a usage point (the reference SUT knows no accounts of its own) */
export const accountOf = (usagePoint: string): string => `ACC-${usagePoint}`;

interface PrepaymentState {
  meter: string;
  usagePoint: string;
  account: string;
  /** listener mark before the first request of the scenario */
  mark: number;
  /** the auxiliary account of the agreement created (PM-01) */
  auxiliaryAccount?: string;
  /** the transactions told the MDM (MDM as SUT) */
  sent: SentTransaction[];
  /** listener mark before the transactions were told */
  sentMark?: number;
  /** the receipt told the CIS (CIS as SUT) */
  receipt?: SentReceipt;
  transfers: Exchange[];
  /** the last exchange that told the SUT transactions or a receipt (the valid twin of a negative that follows) */
  told?: Exchange;
  /** the negative request: what it was, and the listener mark before it */
  refused?: { label: string; mark: number };
}

const states = new WeakMap<object, PrepaymentState>();

function stateOf(w: Cim9World): PrepaymentState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no prepayment message was sent before this step');
  return s;
}

function begin(w: Cim9World): PrepaymentState {
  const prev = states.get(w);
  if (prev) return prev;
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (!meter.usagePoint) throw new SuiteError(`meter ${meter.mRID} has no usage point in the profile (data.meters): the prepayment account is the usage point's`);
  const s: PrepaymentState = { meter: meter.mRID, usagePoint: meter.usagePoint, account: accountOf(meter.usagePoint), mark: w.run.listener.lastSeq, sent: [], transfers: [] };
  states.set(w, s);
  return s;
}

/** CIM9-270..272: the reconstructed profile a message of the scenario uses (its namespace as the register says) */
const PROFILE_ASSUMPTION = { AuxiliaryAgreementConfig: 'CIM9-270', ReceiptRecord: 'CIM9-271', TransactionRecord: 'CIM9-272' } as const;
function usesProfile(w: Cim9World, ...profiles: (keyof typeof PROFILE_ASSUMPTION)[]): void {
  for (const p of profiles) w.usedAssumptions[PROFILE_ASSUMPTION[p]] = String(w.run.assumptions[PROFILE_ASSUMPTION[p]] ?? `http://iec.ch/TC57/2011/${p}#`);
}

/** CIM9-275: the kinds that credit the meter (a list) */
export function creditingKinds(w: Pick<Cim9World, 'profile' | 'usedAssumptions'>): string[] {
  const v = w.profile.assumptions['CIM9-275'] as unknown;
  const list = Array.isArray(v) ? v : v === undefined ? [...CREDITING_KINDS] : String(v).split(',');
  const out = list.map((x) => String(x).trim()).filter(Boolean);
  w.usedAssumptions['CIM9-275'] = out.join(', ');
  return out;
}

const txValue = (t: SentTransaction, at: string, receipt?: string, auxiliaryAccount?: string): TransactionValue => ({
  mRID: t.id,
  kind: t.kind,
  ...(auxiliaryAccount && t.kind === 'auxiliaryChargePayment' ? { auxiliaryAccount: { mRID: auxiliaryAccount } } : {}),
  customerAccount: { mRID: t.account },
  line: { amount: t.amount, dateTime: at },
  meter: { mRID: t.meter },
  ...(receipt ? { receipt: { mRID: receipt } } : {}),
});

// ------------------------------------------------------------------------------------------------ MDM as SUT

/** When (PM-01): the CIS creates an auxiliary agreement at the MDM for the customer account of the meter's usage point */
export async function createAuxiliaryAgreement(w: Cim9World): Promise<Exchange> {
  const s = begin(w);
  usesProfile(w, 'AuxiliaryAgreementConfig');
  const made = auxiliaryAgreementMessage(w, s.usagePoint, s.account);
  s.auxiliaryAccount = made.auxiliaryAccount;
  return w.send('MDM', made.msg, made.label);
}

/** create(AuxiliaryAgreementConfig): a debt recovered from purchases (vend portion 25 %) under the customer agreement of a usage point */
function auxiliaryAgreementMessage(w: Cim9World, usagePoint: string, account: string): { msg: Message; label: string; auxiliaryAccount: string } {
  const id = newMessageId();
  const auxiliaryAccount = `AUXACC-${id}`;
  const msg: Message = {
    kind: 'request',
    header: w.requestHeader('create', 'AuxiliaryAgreementConfig'),
    payload: {
      root: buildAuxiliaryAgreementConfig([
        {
          mRID: `AUX-${id}`,
          createdDateTime: nowTimestamp(),
          subType: 'debt recovery',
          vendPortion: 25,
          auxiliaryAccounts: [{ mRID: auxiliaryAccount, balance: '100.00', principleAmount: '100.00' }],
          customerAgreement: { mRID: `CA-${usagePoint}`, customerAccount: { mRID: account }, usagePoints: [{ mRID: usagePoint }] },
          names: [{ name: 'cim9 auxiliary agreement' }],
        },
      ]),
    },
  };
  return { msg, label: `create(AuxiliaryAgreementConfig) auxiliary agreement AUX-${id} for account ${account} at usage point ${usagePoint}`, auxiliaryAccount };
}

/**
 * When (PM-03, PM-01): the CIS tells the MDM created(TransactionRecord) with the transactions of a sale for the meter:
 * a token sale, and with an auxiliary agreement also the auxiliary charge recovered from the sale (a quarter, its vend
 * portion)
 */
export async function tellTransactions(w: Cim9World, withAuxiliaryCharge: boolean): Promise<Exchange> {
  const s = begin(w);
  if (withAuxiliaryCharge && !s.auxiliaryAccount) throw new SuiteError('no auxiliary agreement was created before this step');
  usesProfile(w, 'TransactionRecord');
  const receipt = `RCPT-${newMessageId()}`;
  const tx = (kind: string, amount: string): SentTransaction => ({ id: `TX-${newMessageId()}`, kind, amount, meter: s.meter, account: s.account });
  s.sent = withAuxiliaryCharge ? [tx('tokenSalePayment', '30.00'), tx('auxiliaryChargePayment', '10.00')] : [tx('tokenSalePayment', '25.50')];
  s.sentMark = w.run.listener.lastSeq;
  const at = nowTimestamp();
  const msg: Message = { kind: 'event', header: w.requestHeader('created', 'TransactionRecord'), payload: { root: buildTransactionRecord(s.sent.map((t) => txValue(t, at, receipt, s.auxiliaryAccount))) } };
  s.told = await w.send('MDM', msg, `created(TransactionRecord) ${s.sent.map((t) => `${t.kind} ${t.amount}`).join(', ')} for meter ${s.meter}`);
  return s.told;
}

/** the credit updates (create(EndDeviceControls)) among the requests the MDM sent its head-end */
function creditRequestsOf(xs: readonly Exchange[]): CreditRequest[] {
  return xs.flatMap((x) => {
    const msg = x.wire?.message;
    const root = msg?.payload?.root;
    if ((msg?.header?.noun ?? msg?.wrapperNoun) !== 'EndDeviceControls' || !root || root.name !== 'EndDeviceControls') return [];
    if ((msg?.header?.verb ?? msg?.wrapperVerb) !== 'create') return [];
    const controls: ReadEndDeviceControl[] = readEndDeviceControls(root);
    return [{ label: x.label, controls }];
  });
}

/**
 * Then: the MDM asks the head-end the suite plays to credit the meter (timeouts.eventSeconds for the first request,
 * then the quiet period for more), checked in three layers at receipt and by PM-CREDIT-*
 */
export async function checkCreditUpdateRequests(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.sent.length || s.sentMark === undefined) throw new SuiteError('no transaction was told the MDM before this step');
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the MDM did not acknowledge the transactions: there is no credit update to wait for');
  const carrier = String(w.run.assumptions['CIM9-273'] ?? 'price-signal');
  const code = String(w.run.assumptions['CIM9-274'] ?? CREDIT_ANY);
  w.usedAssumptions['CIM9-273'] = carrier;
  w.usedAssumptions['CIM9-274'] = code;
  const kinds = creditingKinds(w);
  const limit = w.profile.timeouts.eventSeconds;
  const mark = s.sentMark;
  const label = (n: number) => `MDM → head-end request ${n} after the transactions of meter ${s.meter}`;
  const first = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > mark }, limit, label(1));
  const opts = { carrier, code, creditingKinds: kinds, label: `credit update of meter ${s.meter}` };
  if (!first) {
    assertNothingArrived(w, {
      rule: 'PM-CREDIT-CONTROL',
      path: LISTENER_PATHS.hes,
      since: mark,
      match: () => true,
      what: `create(EndDeviceControls) crediting meter ${s.meter}`,
      to: 'the head-end',
      after: `the MDM acknowledged ${s.sent.map((t) => `${t.kind} ${t.amount}`).join(', ')}`,
      step: 'the credit update',
      assumptions: { 'CIM9-274': code, 'CIM9-275': kinds.join(', ') },
    });
  }
  const xs = [first];
  for (let n = 2; ; n++) {
    const left = await w.quietLeft(quietSecondsOf(w.profile));
    const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > mark }, Math.max(left, 0.05), label(n));
    if (!x) break;
    xs.push(x);
  }
  w.assert([...xs.flatMap((x) => x.findings), ...checkCreditUpdate(creditRequestsOf(xs), s.sent, opts)], 'the credit update');
}

// ------------------------------------------------------------------------------------------------ head-end as SUT

/** the credit update control code the suite sends: CIM9-274 as a full code, else ElectricMeter (3) with 20.22.13 */
const creditCode = (code: string): string => (code === CREDIT_ANY ? '3.20.22.13' : code);

/** When (PM-03, head-end): the MDM asks the head-end to credit the meter with the amount of a token sale */
export async function creditAtHeadEnd(w: Cim9World): Promise<Exchange> {
  const s = begin(w);
  const carrier = String(w.run.assumptions['CIM9-273'] ?? 'price-signal');
  const code = String(w.run.assumptions['CIM9-274'] ?? CREDIT_ANY);
  w.usedAssumptions['CIM9-273'] = carrier;
  w.usedAssumptions['CIM9-274'] = code;
  const t: SentTransaction = { id: `TX-${newMessageId()}`, kind: 'tokenSalePayment', amount: '25.50', meter: s.meter, account: s.account };
  s.sent = [t];
  const amount = Number(t.amount);
  const control = {
    mRID: newMessageId(),
    issuerID: 'cim9-mdm',
    issuerTrackingID: t.id,
    reason: 'prepayment credit update',
    controlType: creditCode(code),
    endDevices: [{ mRID: s.meter }],
    ...(carrier === 'pan-pricing' ? { action: { kind: 'PanPricing' as const, details: [{ price: t.amount }] } } : { priceSignal: amount }),
  };
  const msg: Message = { kind: 'request', header: w.requestHeader('create', 'EndDeviceControls'), payload: { root: buildEndDeviceControls({ controls: [control] }, { generation: 'final' }) } };
  return w.send('HES', msg, `create(EndDeviceControls) credit update ${control.controlType} of ${t.amount} for meter ${s.meter}`);
}

/** Then: the head-end's reply returns the credit update of the meter with the amount (CIM9-123; PM-CREDIT-*) */
export function checkCreditTaken(w: Cim9World): void {
  const s = stateOf(w);
  const x = w.last;
  if (!x || !s.sent.length) throw new SuiteError('no credit update was sent to the head-end before this step');
  w.usedAssumptions['CIM9-123'] = String(w.run.assumptions['CIM9-123'] ?? 'required');
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'EndDeviceControls') throw new SuiteError('the head-end\'s reply returns no EndDeviceControls (CIM9-123 = required): nothing to judge what it took');
  const opts = { carrier: w.usedAssumptions['CIM9-273'] ?? 'price-signal', code: w.usedAssumptions['CIM9-274'] ?? CREDIT_ANY, creditingKinds: creditingKinds(w), label: `credit update of meter ${s.meter} taken by the head-end` };
  w.assert(checkCreditUpdate([{ label: `${x.label} reply`, controls: readEndDeviceControls(root) }], s.sent, opts), 'the credit update the head-end took');
}

// ------------------------------------------------------------------------------------------------ CIS as SUT

/** When (PM-02): the point of sale tells the CIS created(ReceiptRecord): a token sale and an account payment for the meter's account */
export async function tellReceipt(w: Cim9World): Promise<Exchange> {
  const s = begin(w);
  usesProfile(w, 'ReceiptRecord', 'TransactionRecord');
  const id = `RCPT-${newMessageId()}`;
  const tx = (kind: string, amount: string): SentTransaction => ({ id: `TX-${newMessageId()}`, kind, amount, meter: s.meter, account: s.account });
  const transactions = [tx('tokenSalePayment', '20.00'), tx('accountPayment', '7.25')];
  const total = money(transactions.reduce((n, t) => n + (cents(t.amount) ?? 0), 0));
  const at = nowTimestamp();
  s.receipt = { id, amount: total, dateTime: at, transactions };
  s.mark = w.run.listener.lastSeq;
  const msg = receiptEvent(w, { id, at, total, tendered: '30.00', change: money(3000 - (cents(total) ?? 0)) }, transactions);
  s.told = await w.send('CIS', msg, `point of sale (the suite) → CIS created(ReceiptRecord) ${id} of ${total} for account ${s.account}`);
  return s.told;
}

/** a delivery after `since` of TransactionRecord (any readable one: the check says whether it is the receipt's) */
const transactionRecordSince = (since: number) => (m: ReceivedMessage): boolean => {
  if (m.seq <= since) return false;
  const r = readMessage(m.body);
  const root = r.ok ? r.wire.message?.payload?.root : undefined;
  return root ? root.name === 'TransactionRecord' : m.inspected.noun === 'TransactionRecord';
};

/** When: the MDM the suite plays waits for the transactions the CIS transfers (the first, then the quiet period) */
export async function awaitTransfer(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.receipt) throw new SuiteError('no receipt was told the CIS before this step');
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the CIS did not acknowledge the receipt: there is no transfer to wait for');
  const match = transactionRecordSince(s.mark);
  const label = (n: number) => `CIS → MDM created(TransactionRecord) ${n} after receipt ${s.receipt!.id}`;
  const first = await w.receive(LISTENER_PATHS.mdm, { predicate: match }, w.profile.timeouts.eventSeconds, label(1));
  if (!first) {
    assertNothingArrived(w, { rule: 'PM-TXN-TRANSFER', path: LISTENER_PATHS.mdm, since: s.mark, match, what: 'created(TransactionRecord)', to: 'the MDM', after: `the CIS acknowledged receipt ${s.receipt.id}`, step: 'the transfer of the transactions' });
  }
  s.transfers.push(first);
  for (let n = 2; ; n++) {
    const left = await w.quietLeft(quietSecondsOf(w.profile));
    const x = await w.receive(LISTENER_PATHS.mdm, { predicate: match }, Math.max(left, 0.05), label(n));
    if (!x) break;
    s.transfers.push(x);
  }
  w.lastEvent = first;
}

/** Then: every transfer is schema-valid and a conformant created(TransactionRecord) */
export function checkTransferMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).transfers, 'transaction transfer');
}

/** Then: the transactions transferred are the receipt's: amounts, account, meter, kind, dates, receipt (PM-TXN-*) */
export function checkTransferContent(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.receipt || !s.transfers.length) throw new SuiteError('no transaction transfer was received before this step');
  const policy = String(w.run.assumptions['CIM9-276'] ?? 'warning');
  w.usedAssumptions['CIM9-276'] = policy;
  const got: TransferredTransaction[] = s.transfers.flatMap((x) => {
    const root = x.wire?.message?.payload?.root;
    return root && root.name === 'TransactionRecord' ? readTransactionRecord(root).map((t) => ({ ...t, label: x.label, receivedAt: x.received?.at })) : [];
  });
  w.assert(checkTransfer(got, s.receipt, { label: `transactions of receipt ${s.receipt.id}`, skewSeconds: w.profile.timeouts.clockSkewSeconds, receiptPolicy: policy }), 'the transfer of the transactions');
}

/** After: what the scenario caused at the head-end's and the MDM's addresses and no step examined is claimed */
export async function claimPrepaymentLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const idle = await w.sutIdle(w.profile.timeouts.eventSeconds * 1000);
  if (idle === undefined) {
    const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
    for (const path of [LISTENER_PATHS.hes, LISTENER_PATHS.mdm]) await awaitQuietDeliveries(w.run.listener, { path, since: s.mark, quietMs: quietSecondsOf(w.profile) * 1000, deadline });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.hes, since: s.mark, title: 'Requests of the MDM to its head-end not examined by this scenario' });
  claimNotExamined(w, { path: LISTENER_PATHS.mdm, since: s.mark, title: "Delivered to the MDM's address after the receipt and not examined by this scenario" });
}

// ------------------------------------------------------------------------------------------------ negatives

/**
 * The valid twin of a negative that follows an accepted request of the same kind in the scenario: that request (the
 * same service took it), or, when it was not accepted, nothing the suite could stand on (the negative is inconclusive)
 */
function twinOfTold(w: Cim9World, s: PrepaymentState, role: 'MDM' | 'CIS', what: string): void {
  const told = s.told;
  if (!told) throw new SuiteError(`the scenario told the ${role} no valid ${what} before this step: the negative has no valid twin`);
  const a = acceptance(told);
  const label = `${told.label}, earlier in the scenario`;
  setTwin(w, {
    role,
    negative: true,
    label,
    build: () => {
      throw new SuiteError(`the valid twin (${label}) was not accepted: ${a.why}`);
    },
    ...(a.accepted ? { acceptedAs: `${label}, accepted` } : {}),
  });
}

/** When (PM-03, negative): after a token sale for the meter, the CIS tells the MDM of a token sale for a meter it does not know */
export async function tellUnknownMeterTransactions(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  twinOfTold(w, s, 'MDM', 'token sale');
  usesProfile(w, 'TransactionRecord');
  const meter = w.profile.data.unknownMeter;
  const t: SentTransaction = { id: `TX-${newMessageId()}`, kind: 'tokenSalePayment', amount: '12.00', meter, account: accountOf(w.profile.data.unknownUsagePoint) };
  const label = `created(TransactionRecord) tokenSalePayment ${t.amount} for meter ${meter}, unknown to the MDM`;
  s.refused = { label, mark: w.run.listener.lastSeq };
  const msg: Message = { kind: 'event', header: w.requestHeader('created', 'TransactionRecord'), payload: { root: buildTransactionRecord([txValue(t, nowTimestamp(), `RCPT-${newMessageId()}`)]) } };
  return w.send('MDM', msg, label);
}

/** When (PM-02, negative): after a receipt for the meter's account, the point of sale tells the CIS of a receipt for a meter it does not know */
export async function tellUnknownMeterReceipt(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  twinOfTold(w, s, 'CIS', 'receipt');
  usesProfile(w, 'ReceiptRecord');
  const meter = w.profile.data.unknownMeter;
  const id = `RCPT-${newMessageId()}`;
  const at = nowTimestamp();
  const label = `point of sale (the suite) → CIS created(ReceiptRecord) ${id} of 15.00 for meter ${meter}, unknown to the CIS`;
  s.refused = { label, mark: w.run.listener.lastSeq };
  const msg = receiptEvent(w, { id, at, total: '15.00', tendered: '15.00', change: '0.00' }, [
    { id: `TX-${newMessageId()}`, kind: 'tokenSalePayment', amount: '15.00', meter, account: accountOf(w.profile.data.unknownUsagePoint) },
  ]);
  return w.send('CIS', msg, label);
}

/** created(ReceiptRecord) of the point of sale (the suite): one bankable receipt paid in cash, with its transactions */
function receiptEvent(w: Cim9World, r: { id: string; at: string; total: string; tendered: string; change: string }, transactions: SentTransaction[]): Message {
  return {
    kind: 'event',
    header: w.requestHeader('created', 'ReceiptRecord'),
    payload: {
      root: buildReceiptRecord([
        {
          mRID: r.id,
          isBankable: true,
          line: { amount: r.total, dateTime: r.at },
          tenders: [{ mRID: `TND-${newMessageId()}`, amount: r.tendered, change: r.change, kind: 'cash' }],
          transactions: transactions.map((t) => ({ mRID: t.id, kind: t.kind, customerAccount: { mRID: t.account }, line: { amount: t.amount, dateTime: r.at }, meter: { mRID: t.meter } })),
        },
      ]),
    },
  };
}

/**
 * Then (PM-CREDIT-REFUSED / PM-TXN-REFUSED): after the refused request, nothing reaches the head-end's (MDM as SUT) or
 * the MDM's (CIS as SUT) address the suite plays within the quiet period (timeouts.quietSeconds)
 */
export async function checkNothingSentOnAfterRefusal(w: Cim9World, leg: 'credit' | 'transfer'): Promise<void> {
  const s = stateOf(w);
  if (!s.refused) throw new SuiteError('no request the SUT must refuse was sent before this step');
  const { label, mark } = s.refused;
  const path = leg === 'credit' ? LISTENER_PATHS.hes : LISTENER_PATHS.mdm;
  const rule = leg === 'credit' ? 'PM-CREDIT-REFUSED' : 'PM-TXN-REFUSED';
  const quiet = quietSecondsOf(w.profile);
  const got: Exchange[] = [];
  for (let n = 1; ; n++) {
    const x = await w.receive(path, { predicate: (m) => m.seq > mark }, Math.max(await w.quietLeft(quiet), 0.05), `${leg === 'credit' ? 'MDM → head-end' : 'CIS → MDM'} message ${n} after ${label}, none expected`);
    if (!x) break;
    got.push(x);
  }
  const what = (x: Exchange): string => {
    const h = x.wire?.message?.header;
    return `${h?.verb ?? '?'}(${h?.noun ?? x.wire?.message?.wrapperNoun ?? '?'})`;
  };
  const findings = checkNothingSentOn(rule, got.map((x) => ({ label: x.label, what: what(x) })), label);
  if (!findings.length) w.attach(`nothing arrived at ${w.run.listener.urlFor(path)} within ${quiet} s (timeouts.quietSeconds) after ${label}, as expected`, { mediaType: 'text/plain', fileName: `${rule}.txt` });
  w.assert(findings, leg === 'credit' ? 'no credit update after the refusal' : 'no transfer after the refusal');
}

/** When (PM-01, negative): the CIS creates an auxiliary agreement at the MDM whose customer agreement names a usage point the MDM does not know */
export async function createAuxiliaryAgreementForUnknownUsagePoint(w: Cim9World): Promise<Exchange> {
  const s = begin(w);
  usesProfile(w, 'AuxiliaryAgreementConfig');
  const unknown = w.profile.data.unknownUsagePoint;
  const known = s.usagePoint;
  setTwin(w, { role: 'MDM', negative: true, label: `create(AuxiliaryAgreementConfig) for usage point ${known}`, build: () => auxiliaryAgreementMessage(w, known, accountOf(known)).msg });
  const made = auxiliaryAgreementMessage(w, unknown, accountOf(unknown));
  s.refused = { label: made.label, mark: w.run.listener.lastSeq };
  return w.send('MDM', made.msg, made.label);
}

/** Then (PM-01, negative): the MDM refuses the auxiliary agreement with a code of CIM9-289 (judged against its valid twin, CIM9-61) */
export async function checkAuxiliaryAgreementRefused(w: Cim9World): Promise<void> {
  await judgeCodedRefusal(w, { assumption: 'CIM9-289', defaults: ['2.12', '2.26'], errorCase: 'unknownUsagePoint' });
}

// ------------------------------------------------------------------------------------------------ CIS as SUT: PM-01

/** When (PM-01, CIS as SUT): the upper tester tells the CIS to create an auxiliary agreement for the meter (cis-auxiliary-agreement) */
export async function orderAuxiliaryAgreement(w: Cim9World): Promise<'skipped' | void> {
  const meter = w.meters[0];
  if (!meter?.usagePoint) throw new SuiteError("the meter of the order has no usage point in the profile (data.meters): the agreement is the usage point's");
  usesProfile(w, 'AuxiliaryAgreementConfig');
  return orderRequest(w, 'cis-auxiliary-agreement');
}

/** Then (PM-AUX-USAGE-POINT): the CIS's create(AuxiliaryAgreementConfig) names the usage point of the meter ordered, and no other */
export function checkOrderedAuxiliaryAgreement(w: Cim9World): void {
  const s = clientState(w);
  const x = s.request;
  if (!x) throw new SuiteError('no request of the CIS was received before this step');
  const usagePoint = s.order.meters[0]?.usagePoint;
  if (!usagePoint) throw new SuiteError('the meter of the order has no usage point in the profile (data.meters)');
  w.assert(checkClientAuxiliaryAgreement(x.wire?.message?.payload?.root, usagePoint, x.label), `${x.label}: the auxiliary agreement`);
}
