/**
 * Prepayment (PM-01..03, use-cases.md §7.2; 2013, RECONSTRUCTED: no public figure or schema, UC-27): pure checks of
 * the two legs the suite observes.
 *
 * MDM as SUT — the credit update the MDM asks its head-end for after created(TransactionRecord) of its CIS:
 * - PM-CREDIT-CONTROL (CIM9-274): a create(EndDeviceControls) control names the meter with the credit update code
 *   (x.20.22.13 by default); none at all, or only controls of another code for the meter, is a finding;
 * - PM-CREDIT-METER: a credit update names a meter no crediting transaction named;
 * - PM-CREDIT-AMOUNT (CIM9-273 where the amount is, CIM9-275 which kinds credit): the amounts of the meter's credit
 *   updates add up, to the cent, to the sum of its crediting transactions (an auxiliary charge is not credited).
 *
 * CIS as SUT — the transactions the CIS transfers to the MDM after created(ReceiptRecord) of its point of sale:
 * - PM-TXN-TRANSFER: every transaction of the receipt is transferred;
 * - PM-TXN-AMOUNT: the same amount each, and the receipt's total in all;
 * - PM-TXN-ACCOUNT: the same CustomerAccount, Meter and kind;
 * - PM-TXN-TIME: line/dateTime not before the receipt nor after the MDM received it (clock skew);
 * - PM-TXN-RECEIPT (CIM9-276, a warning by default): each names the receipt.
 * Pure: what was sent and what came in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import { severityOf } from './assume.ts';
import { cents, money, readAuxiliaryAgreementConfig, type TransactionRead } from '../payloads/prepayment.ts';
import type { XNode } from '../xml/index.ts';
import type { ReadEndDeviceControl } from '../payloads/endDeviceControls.ts';

const shown = (v: string | undefined): string => (v?.trim() ? v.trim() : '(none)');

// ------------------------------------------------------------------------------------------------ the MDM's credit update

/** a transaction the CIS (the suite) told the MDM */
export interface SentTransaction {
  id: string;
  kind: string;
  /** Money, as sent */
  amount: string;
  meter: string;
  account: string;
}

/** a create(EndDeviceControls) the MDM sent its head-end, as read */
export interface CreditRequest {
  label: string;
  controls: readonly ReadEndDeviceControl[];
}

export interface CreditOptions {
  /** CIM9-273: price-signal | pan-pricing | either */
  carrier: string;
  /** CIM9-274: any-device-type (x.20.22.13) or one full code */
  code: string;
  /** CIM9-275: the kinds that credit the meter */
  creditingKinds: readonly string[];
  label: string;
}

/** CIM9-274 default: x.20.22.13, any EndDeviceType */
export const CREDIT_ANY = 'any-device-type';

/** the code CIM9-274 asks for, as the findings show it */
export const creditCodeText = (code: string): string => (code === CREDIT_ANY ? 'x.20.22.13' : code);

/** whether a control type is the credit update of CIM9-274 */
export function isCreditUpdate(controlType: string, code: string): boolean {
  const t = controlType.trim();
  if (code === CREDIT_ANY) {
    const parts = t.split('.');
    return parts.length === 4 && /^\d+$/.test(parts[0]!) && parts.slice(1).join('.') === '20.22.13';
  }
  return t === code.trim();
}

/** the amount a credit update carries (CIM9-273), as text, or undefined */
export function creditAmountOf(c: ReadEndDeviceControl, carrier: string): string | undefined {
  const signal = c.priceSignal === undefined || Number.isNaN(c.priceSignal) ? undefined : String(c.priceSignal);
  const action = c.action;
  const price = action?.kind === 'PanPricing' ? action.details?.[0]?.price : undefined;
  if (carrier === 'pan-pricing') return price;
  if (carrier === 'either') return signal ?? price;
  return signal;
}

/** the cents each meter is to be credited: the sum of its crediting transactions (CIM9-275) */
export function expectedCredit(sent: readonly SentTransaction[], creditingKinds: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of sent) {
    if (!creditingKinds.includes(t.kind)) continue;
    out.set(t.meter, (out.get(t.meter) ?? 0) + (cents(t.amount) ?? 0));
  }
  return out;
}

/** PM-CREDIT-* on the requests the MDM sent its head-end after the transactions */
export function checkCreditUpdate(requests: readonly CreditRequest[], sent: readonly SentTransaction[], o: CreditOptions): Finding[] {
  const want = expectedCredit(sent, o.creditingKinds);
  const used = { 'CIM9-273': o.carrier, 'CIM9-274': o.code, 'CIM9-275': o.creditingKinds.join(', ') };
  const out: Finding[] = [];
  const all = requests.flatMap((r) => r.controls.map((c) => ({ c, label: r.label })));
  const credit = all.filter((x) => isCreditUpdate(x.c.controlType, o.code));
  const metersOf = (c: ReadEndDeviceControl) => (c.endDevices ?? []).map((d) => (d.mRID ?? d.names?.[0]?.name ?? '').trim());
  for (const [meter, amount] of want) {
    const mine = credit.filter((x) => metersOf(x.c).includes(meter));
    if (!mine.length) {
      const others = all.filter((x) => metersOf(x.c).includes(meter)).map((x) => x.c.controlType.trim());
      out.push(
        placedRuleFinding(
          'PM-CREDIT-CONTROL',
          'error',
          others.length
            ? `the controls for meter ${meter} carry ${others.join(', ')}, none the credit update ${creditCodeText(o.code)} (CIM9-274) of ${money(amount)}`
            : `no credit update (${creditCodeText(o.code)}) of meter ${meter} for the ${money(amount)} it was sold${all.length ? `: the head-end was asked ${all.map((x) => `${x.c.controlType.trim()} for ${metersOf(x.c).join(', ') || '(no meter)'}`).join('; ')}` : ''}`,
          o,
          all[0]?.c.node,
          used,
          { expected: `a credit update ${creditCodeText(o.code)} of meter ${meter}: ${money(amount)}`, actual: others.length ? `controls ${others.join(', ')}` : 'none' },
        ),
      );
      continue;
    }
    let total = 0;
    for (const x of mine) {
      const text = creditAmountOf(x.c, o.carrier);
      const c = cents(text);
      if (c === undefined) {
        out.push(placedRuleFinding('PM-CREDIT-AMOUNT', 'error', `the credit update of meter ${meter} carries no amount where CIM9-273 = ${o.carrier} says it is${text ? ` ("${text}")` : ''}`, { label: x.label }, x.c.node, used, { expected: `an amount (CIM9-273 = ${o.carrier})`, actual: text ? `"${text}"` : 'none' }));
        total = NaN;
        continue;
      }
      total += c;
    }
    if (!Number.isNaN(total) && total !== amount) {
      const detail = sent.filter((t) => t.meter === meter).map((t) => `${t.kind} ${t.amount}${o.creditingKinds.includes(t.kind) ? '' : ' (not credited, CIM9-275)'}`).join(', ');
      out.push(placedRuleFinding('PM-CREDIT-AMOUNT', 'error', `meter ${meter} is credited ${money(total)}, not ${money(amount)} (transactions: ${detail})`, { label: mine[0]!.label }, mine[0]!.c.node, used, { expected: money(amount), actual: money(total) }));
    }
  }
  for (const x of credit) {
    const stray = metersOf(x.c).filter((m) => !want.has(m));
    if (stray.length) out.push(placedRuleFinding('PM-CREDIT-METER', 'error', `a credit update names meter ${stray.join(', ')}, which no crediting transaction named (${[...want.keys()].join(', ') || 'none'})`, { label: x.label }, x.c.node, used, { expected: `meter ${[...want.keys()].join(', ') || '(none)'}`, actual: `meter ${stray.join(', ')}` }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the CIS's transfer

/** the receipt the point of sale (the suite) told the CIS */
export interface SentReceipt {
  id: string;
  /** Money, the total */
  amount: string;
  dateTime: string;
  transactions: readonly SentTransaction[];
}

/** a transaction the MDM (the suite) received from the CIS */
export interface TransferredTransaction extends TransactionRead {
  label: string;
  receivedAt?: Date;
}

export interface TransferOptions {
  label: string;
  skewSeconds: number;
  /** CIM9-276 */
  receiptPolicy: string;
}

/** PM-TXN-* on the transactions transferred after the receipt */
export function checkTransfer(got: readonly TransferredTransaction[], receipt: SentReceipt, o: TransferOptions): Finding[] {
  const out: Finding[] = [];
  const byId = (id: string) => got.find((g) => g.transaction?.trim() === id);
  const pairs = receipt.transactions.map((t, i) => ({ t, g: got.some((g) => g.transaction?.trim() === t.id) ? byId(t.id) : got[i] }));
  const missing = pairs.filter((p) => !p.g);
  if (missing.length) {
    out.push(placedRuleFinding('PM-TXN-TRANSFER', 'error', `${missing.length} of the ${receipt.transactions.length} transaction(s) of receipt ${receipt.id} not transferred (${missing.map((p) => `${p.t.kind} ${p.t.amount} for account ${p.t.account}`).join('; ')}); the MDM received ${got.length}`, o, got[0]?.node, undefined, { expected: `${receipt.transactions.length} transaction(s)`, actual: `${got.length}` }));
  }
  const total = got.reduce((n, g) => n + (cents(g.amount) ?? 0), 0);
  for (const { t, g } of pairs) {
    if (!g) continue;
    const what = `${g.label}: transaction ${shown(g.transaction)}`;
    const at = { label: what };
    const c = cents(g.amount);
    if (c === undefined || c !== cents(t.amount)) out.push(placedRuleFinding('PM-TXN-AMOUNT', 'error', `carries amount ${shown(g.amount)}, not the ${t.amount} of the receipt's ${t.kind}`, at, g.node, undefined, { expected: `amount ${t.amount}`, actual: `amount ${shown(g.amount)}` }));
    const wrong: string[] = [];
    if (g.customerAccount?.trim() !== t.account) wrong.push(`CustomerAccount ${shown(g.customerAccount)} instead of ${t.account}`);
    if (g.meter?.trim() !== t.meter) wrong.push(`Meter ${shown(g.meter)} instead of ${t.meter}`);
    if (g.kind?.trim() !== t.kind) wrong.push(`kind ${shown(g.kind)} instead of ${t.kind}`);
    if (wrong.length) out.push(placedRuleFinding('PM-TXN-ACCOUNT', 'error', `names ${wrong.join(', ')}`, at, g.node, undefined, { expected: `CustomerAccount ${t.account}, Meter ${t.meter}, kind ${t.kind}`, actual: `CustomerAccount ${shown(g.customerAccount)}, Meter ${shown(g.meter)}, kind ${shown(g.kind)}` }));
    const ms = instantMs(g.dateTime);
    const from = instantMs(receipt.dateTime)!;
    if (ms === undefined) out.push(placedRuleFinding('PM-TXN-TIME', 'error', `has no valid line/dateTime${g.dateTime ? ` ("${g.dateTime}")` : ''}`, at, g.node, undefined, { expected: 'line/dateTime, an xs:dateTime', actual: g.dateTime ? `"${g.dateTime}"` : 'none' }));
    else if (ms < from - o.skewSeconds * 1000) out.push(placedRuleFinding('PM-TXN-TIME', 'error', `is dated ${g.dateTime}, before the receipt (${receipt.dateTime}, clock skew ${o.skewSeconds} s)`, at, g.node, undefined, { expected: `not before ${receipt.dateTime} (± ${o.skewSeconds} s)`, actual: `${g.dateTime}` }));
    else if (g.receivedAt && ms > g.receivedAt.getTime() + o.skewSeconds * 1000) out.push(placedRuleFinding('PM-TXN-TIME', 'error', `is dated ${g.dateTime}, after the MDM received it (${g.receivedAt.toISOString()}, clock skew ${o.skewSeconds} s)`, at, g.node, undefined, { expected: `not after ${g.receivedAt.toISOString()} (± ${o.skewSeconds} s)`, actual: `${g.dateTime}` }));
    const sev = severityOf(o.receiptPolicy, 'warning');
    if (sev && g.receipt?.trim() !== receipt.id) out.push(placedRuleFinding('PM-TXN-RECEIPT', sev, `names receipt ${shown(g.receipt)}, not ${receipt.id}`, at, g.node, { 'CIM9-276': o.receiptPolicy }, { expected: `receipt ${receipt.id}`, actual: `receipt ${shown(g.receipt)}` }));
  }
  if (!missing.length && total !== cents(receipt.amount)) {
    out.push(placedRuleFinding('PM-TXN-AMOUNT', 'error', `the transactions transferred add up to ${money(total)}, not the receipt's total ${receipt.amount}`, o, got[0]?.node, undefined, { expected: `total ${receipt.amount}`, actual: `total ${money(total)}` }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ after a refusal

/**
 * PM-CREDIT-REFUSED / PM-TXN-REFUSED: what the SUT sent on after it refused the request (FAILED) — a credit update to
 * its head-end, a transfer to its MDM — is a finding each; nothing sent, none
 */
export function checkNothingSentOn(rule: 'PM-CREDIT-REFUSED' | 'PM-TXN-REFUSED', sent: readonly { label: string; what: string }[], refused: string): Finding[] {
  return sent.map((x) => placedRuleFinding(rule, 'error', `${x.what} sent after ${refused} was refused`, { label: x.label }, undefined, undefined, { expected: `nothing sent on after ${refused} was refused`, actual: x.what }));
}

// ------------------------------------------------------------------------------------------------ the CIS's auxiliary agreement

/** PM-AUX-USAGE-POINT: the auxiliary agreements of the CIS's create(AuxiliaryAgreementConfig) name the usage point, and no other */
export function checkClientAuxiliaryAgreement(root: XNode | undefined, usagePoint: string, label: string): Finding[] {
  const agreements = root && root.name === 'AuxiliaryAgreementConfig' ? readAuxiliaryAgreementConfig(root) : [];
  if (!agreements.length) return [placedRuleFinding('PM-AUX-USAGE-POINT', 'error', 'carries no AuxiliaryAgreement', { label }, undefined, undefined, { expected: `an AuxiliaryAgreement of usage point ${usagePoint}`, actual: 'none' })];
  const out: Finding[] = [];
  for (const a of agreements) {
    const others = a.usagePoints.filter((u) => u !== usagePoint);
    if (!a.usagePoints.includes(usagePoint)) out.push(placedRuleFinding('PM-AUX-USAGE-POINT', 'error', `auxiliary agreement ${shown(a.agreement)} names usage point(s) ${a.usagePoints.join(', ') || '(none)'}, not ${usagePoint}, the usage point of the meter ordered`, { label }, undefined, undefined, { expected: `usage point ${usagePoint}`, actual: `usage point(s) ${a.usagePoints.join(', ') || '(none)'}` }));
    else if (others.length) out.push(placedRuleFinding('PM-AUX-USAGE-POINT', 'error', `auxiliary agreement ${shown(a.agreement)} also names usage point(s) ${others.join(', ')}`, { label }, undefined, undefined, { expected: `usage point ${usagePoint} only`, actual: `also ${others.join(', ')}` }));
  }
  return out;
}
