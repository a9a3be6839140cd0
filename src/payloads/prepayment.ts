/**
 * The prepayment payloads (2013 §5.7, PM-01..03): AuxiliaryAgreementConfig, ReceiptRecord and TransactionRecord.
 * RECONSTRUCTED: no public schema of any of them exists; the 2013 pack writes them from the CIM classes
 * AuxiliaryAgreement, Receipt / Tender and Transaction (src/schema/gen/profiles.ts, assumptions CIM9-270..272), and a
 * user's official schema replaces them through `schemas:`. Builders write the elements in the profiles' order (the
 * CIMTool rule, payloads.md §0.3); readers return what the checks compare and read any namespace's payload of the
 * same local names (an official schema's payload reads alike).
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs } from '../message/names.ts';
import { idOnlyElement, namesElements, objectId, statusElement, type IdOnlyValue, type NameValue, type StatusValue } from './masterdata/common.ts';

export const AUX = profileNs('AuxiliaryAgreementConfig');
export const RECEIPT = profileNs('ReceiptRecord');
export const TRANSACTION = profileNs('TransactionRecord');

/** CIM TransactionKind (the reconstructed profiles' enumeration) */
export const TRANSACTION_KINDS = [
  'accountPayment', 'auxiliaryChargePayment', 'diversePayment', 'meterConfigurationToken', 'other', 'serviceChargePayment', 'taxChargePayment',
  'tokenCancellation', 'tokenExchange', 'tokenFreeIssue', 'tokenGrant', 'tokenSalePayment', 'transactionReversal',
] as const;

/** LineDetail: an amount (Money, xs:decimal, written as given) and when */
export interface LineDetailValue {
  amount?: string;
  dateTime?: string;
  note?: string;
  rounding?: string;
}

function lineElement(ns: string, l: LineDetailValue | undefined): XElement | undefined {
  return l && { ns, name: 'line', children: [leaf(ns, 'amount', l.amount), leaf(ns, 'dateTime', l.dateTime), leaf(ns, 'note', l.note), leaf(ns, 'rounding', l.rounding)] };
}

function readLine(n: XNode | undefined): LineDetailValue | undefined {
  if (!n) return undefined;
  const ns = n.ns;
  return { amount: childText(n, ns, 'amount'), dateTime: childText(n, ns, 'dateTime'), note: childText(n, ns, 'note'), rounding: childText(n, ns, 'rounding') };
}

// ------------------------------------------------------------------------------------------------ AuxiliaryAgreementConfig

export interface AuxiliaryAccountValue {
  mRID?: string;
  balance?: string;
  principleAmount?: string;
  names?: NameValue[];
}

export interface AuxiliaryAgreementValue {
  mRID?: string;
  arrearsInterest?: number;
  auxCycle?: string;
  auxPriorityCode?: string;
  createdDateTime?: string;
  fixedAmount?: string;
  minAmount?: string;
  payCycle?: string;
  signDate?: string;
  subType?: string;
  type?: string;
  /** the share (per cent) of each purchase that goes to the agreement */
  vendPortion?: number;
  vendPortionArrear?: number;
  auxiliaryAccounts?: AuxiliaryAccountValue[];
  customerAgreement?: { mRID?: string; customerAccount?: IdOnlyValue; names?: NameValue[]; usagePoints?: IdOnlyValue[] };
  names?: NameValue[];
  status?: StatusValue;
  validityInterval?: { start?: string; end?: string };
}

export function buildAuxiliaryAgreementConfig(agreements: readonly AuxiliaryAgreementValue[]): XElement {
  const ns = AUX;
  return {
    ns,
    name: 'AuxiliaryAgreementConfig',
    children: agreements.map(
      (a): XElement => ({
        ns,
        name: 'AuxiliaryAgreement',
        children: [
          leaf(ns, 'mRID', a.mRID),
          leaf(ns, 'arrearsInterest', a.arrearsInterest),
          leaf(ns, 'auxCycle', a.auxCycle),
          leaf(ns, 'auxPriorityCode', a.auxPriorityCode),
          leaf(ns, 'createdDateTime', a.createdDateTime),
          leaf(ns, 'fixedAmount', a.fixedAmount),
          leaf(ns, 'minAmount', a.minAmount),
          leaf(ns, 'payCycle', a.payCycle),
          leaf(ns, 'signDate', a.signDate),
          leaf(ns, 'subType', a.subType),
          leaf(ns, 'type', a.type),
          leaf(ns, 'vendPortion', a.vendPortion),
          leaf(ns, 'vendPortionArrear', a.vendPortionArrear),
          ...(a.auxiliaryAccounts ?? []).map(
            (x): XElement => ({ ns, name: 'AuxiliaryAccounts', children: [leaf(ns, 'mRID', x.mRID), leaf(ns, 'balance', x.balance), leaf(ns, 'principleAmount', x.principleAmount), ...namesElements(ns, x.names)] }),
          ),
          a.customerAgreement && {
            ns,
            name: 'CustomerAgreement',
            children: [
              leaf(ns, 'mRID', a.customerAgreement.mRID),
              idOnlyElement(ns, 'CustomerAccount', a.customerAgreement.customerAccount),
              ...namesElements(ns, a.customerAgreement.names),
              ...(a.customerAgreement.usagePoints ?? []).map((u) => idOnlyElement(ns, 'UsagePoints', u)),
            ],
          },
          ...namesElements(ns, a.names),
          statusElement(ns, 'status', a.status),
          a.validityInterval && { ns, name: 'validityInterval', children: [leaf(ns, 'end', a.validityInterval.end), leaf(ns, 'start', a.validityInterval.start)] },
        ],
      }),
    ),
  };
}

/** an auxiliary agreement as read: identities as strings (mRID, else first name) */
export interface AuxiliaryAgreementRead {
  agreement?: string;
  vendPortion?: string;
  accounts: string[];
  customerAgreement?: string;
  customerAccount?: string;
  usagePoints: string[];
  node: XNode;
}

export function readAuxiliaryAgreementConfig(root: XNode): AuxiliaryAgreementRead[] {
  const ns = root.ns;
  return children(root, ns, 'AuxiliaryAgreement').map((a) => {
    const ca = child(a, ns, 'CustomerAgreement');
    return {
      agreement: objectId(a),
      vendPortion: childText(a, ns, 'vendPortion'),
      accounts: children(a, ns, 'AuxiliaryAccounts').map((x) => objectId(x) ?? ''),
      customerAgreement: objectId(ca),
      customerAccount: objectId(child(ca, ns, 'CustomerAccount')),
      usagePoints: children(ca, ns, 'UsagePoints').map((u) => objectId(u) ?? ''),
      node: a,
    };
  });
}

// ------------------------------------------------------------------------------------------------ transactions

export interface TransactionValue {
  mRID?: string;
  kind?: string;
  receiverReference?: string;
  auxiliaryAccount?: IdOnlyValue;
  customerAccount?: IdOnlyValue;
  line?: LineDetailValue;
  meter?: IdOnlyValue;
  names?: NameValue[];
  receipt?: IdOnlyValue;
}

/** a Transaction element: the TransactionRecord form (`full`) or the reduced form inside a Receipt */
function transactionElement(ns: string, name: string, t: TransactionValue, full: boolean): XElement {
  return {
    ns,
    name,
    children: full
      ? [
          leaf(ns, 'mRID', t.mRID),
          leaf(ns, 'kind', t.kind),
          leaf(ns, 'receiverReference', t.receiverReference),
          idOnlyElement(ns, 'AuxiliaryAccount', t.auxiliaryAccount),
          idOnlyElement(ns, 'CustomerAccount', t.customerAccount),
          lineElement(ns, t.line),
          idOnlyElement(ns, 'Meter', t.meter),
          ...namesElements(ns, t.names),
          idOnlyElement(ns, 'Receipt', t.receipt),
        ]
      : [leaf(ns, 'mRID', t.mRID), leaf(ns, 'kind', t.kind), idOnlyElement(ns, 'CustomerAccount', t.customerAccount), lineElement(ns, t.line), idOnlyElement(ns, 'Meter', t.meter), ...namesElements(ns, t.names)],
  };
}

export function buildTransactionRecord(transactions: readonly TransactionValue[]): XElement {
  return { ns: TRANSACTION, name: 'TransactionRecord', children: transactions.map((t) => transactionElement(TRANSACTION, 'Transaction', t, true)) };
}

/** a transaction as read */
export interface TransactionRead {
  transaction?: string;
  kind?: string;
  amount?: string;
  dateTime?: string;
  auxiliaryAccount?: string;
  customerAccount?: string;
  meter?: string;
  receipt?: string;
  node: XNode;
}

function readTransaction(t: XNode): TransactionRead {
  const ns = t.ns;
  const line = readLine(child(t, ns, 'line'));
  return {
    transaction: objectId(t),
    kind: childText(t, ns, 'kind'),
    amount: line?.amount,
    dateTime: line?.dateTime,
    auxiliaryAccount: objectId(child(t, ns, 'AuxiliaryAccount')),
    customerAccount: objectId(child(t, ns, 'CustomerAccount')),
    meter: objectId(child(t, ns, 'Meter')),
    receipt: objectId(child(t, ns, 'Receipt')),
    node: t,
  };
}

export function readTransactionRecord(root: XNode): TransactionRead[] {
  return children(root, root.ns, 'Transaction').map(readTransaction);
}

// ------------------------------------------------------------------------------------------------ ReceiptRecord

export interface TenderValue {
  mRID?: string;
  amount?: string;
  change?: string;
  /** CIM TenderKind: card, cash, cheque, other, unspecified */
  kind?: string;
}

export interface ReceiptValue {
  mRID?: string;
  isBankable?: boolean;
  line?: LineDetailValue;
  names?: NameValue[];
  tenders?: TenderValue[];
  transactions?: TransactionValue[];
}

export function buildReceiptRecord(receipts: readonly ReceiptValue[]): XElement {
  const ns = RECEIPT;
  return {
    ns,
    name: 'ReceiptRecord',
    children: receipts.map(
      (r): XElement => ({
        ns,
        name: 'Receipt',
        children: [
          leaf(ns, 'mRID', r.mRID),
          leaf(ns, 'isBankable', r.isBankable),
          lineElement(ns, r.line),
          ...namesElements(ns, r.names),
          ...(r.tenders ?? []).map((t): XElement => ({ ns, name: 'Tenders', children: [leaf(ns, 'mRID', t.mRID), leaf(ns, 'amount', t.amount), leaf(ns, 'change', t.change), leaf(ns, 'kind', t.kind)] })),
          ...(r.transactions ?? []).map((t) => transactionElement(ns, 'Transactions', t, false)),
        ],
      }),
    ),
  };
}

export interface ReceiptRead {
  receipt?: string;
  amount?: string;
  dateTime?: string;
  tenders: { amount?: string; change?: string; kind?: string }[];
  transactions: TransactionRead[];
  node: XNode;
}

export function readReceiptRecord(root: XNode): ReceiptRead[] {
  const ns = root.ns;
  return children(root, ns, 'Receipt').map((r) => {
    const line = readLine(child(r, ns, 'line'));
    return {
      receipt: objectId(r),
      amount: line?.amount,
      dateTime: line?.dateTime,
      tenders: children(r, ns, 'Tenders').map((t) => ({ amount: childText(t, ns, 'amount'), change: childText(t, ns, 'change'), kind: childText(t, ns, 'kind') })),
      transactions: children(r, ns, 'Transactions').map(readTransaction),
      node: r,
    };
  });
}

/** a Money amount (xs:decimal) in cents, rounded to the cent: undefined when it is no number */
export function cents(amount: string | number | undefined): number | undefined {
  const a = typeof amount === 'number' ? amount : amount?.trim() ? Number(amount.trim()) : NaN;
  return Number.isFinite(a) ? Math.round(a * 100) : undefined;
}

/** cents as a Money amount with two decimals */
export const money = (c: number): string => (c / 100).toFixed(2);
