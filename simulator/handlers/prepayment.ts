/**
 * Prepayment (PM-01..03, use-cases.md §7.2; 2013, reconstructed profiles CIM9-270..272).
 *
 * The MDM:
 * - create(AuxiliaryAgreementConfig): each AuxiliaryAgreement under a CustomerAgreement naming usage points it serves
 *   (else FAILED 2.12; no agreement 1.7) is kept with its auxiliary accounts; reply OK;
 * - created(TransactionRecord) of its CIS: every Transaction names a meter it knows (else FAILED 2.4); the meters'
 *   credit is the sum of the transactions that buy credit (CIM9-275 default: tokenSalePayment, accountPayment,
 *   tokenGrant, tokenFreeIssue — an auxiliary charge is not); it asks its head-end (`ctx.upstream.HES`) with one
 *   create(EndDeviceControls): per meter a control 3.20.22.13 (CIM9-274) with the amount as priceSignal (CIM9-273) and
 *   the first transaction's mRID as issuerTrackingID, then acknowledges (OK; a head-end that does not take it is logged).
 * The CIS (a client role, served at <base>/cis):
 * - created(ReceiptRecord) of its point of sale: every transaction of every Receipt names a meter it knows (else FAILED
 *   2.4; none 1.7); it transfers them to its MDM (`ctx.upstream.MDM`) with created(TransactionRecord) — the same mRID,
 *   kind, account, meter and amount, dated now, naming the receipt — and acknowledges (OK).
 * The head-end (`withCreditUpdates`, before the customer-program and load-control handlers): create(EndDeviceControls)
 * whose controls are all credit updates (x.20.22.13) of meters it knows is accepted (OK) and returns the controls as
 * taken — the meter and the amount credited (priceSignal, CIM9-273) — as the reply to a price-signal control does
 * (CIM9-123); an unknown meter is FAILED 2.4.
 * The faults are simulator/faults/prepayment.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { askUpstream } from './upstream.ts';
import { buildEndDeviceControls, controlsGenerationOf, readEndDeviceControls } from '../../src/payloads/endDeviceControls.ts';
import { buildTransactionRecord, cents, money, readAuxiliaryAgreementConfig, readReceiptRecord, readTransactionRecord } from '../../src/payloads/prepayment.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import type { Store } from '../store.ts';
import {
  acceptsUnknownMeter,
  acceptsUnknownUsagePoint,
  creditsRefused,
  echoedCredit,
  creditControlType,
  creditedCents,
  creditedKinds,
  creditedMeter,
  namesReceipt,
  transferredAccount,
  transferredAt,
  transferredCents,
  transfersRefused,
  transfersTransactions,
  updatesCredit,
} from '../faults/prepayment.ts';

/** CIM9-274: ElectricMeter.Billing.Charge.Change, update credit amount */
export const CREDIT_UPDATE = '3.20.22.13';
/** CIM9-275 default */
const CREDITING = ['tokenSalePayment', 'accountPayment', 'tokenGrant', 'tokenFreeIssue'];

const NOUNS = ['AuxiliaryAgreementConfig', 'TransactionRecord', 'ReceiptRecord'];

/** the auxiliary accounts of the agreements created, per store */
const auxiliary = new WeakMap<Store, Map<string, string>>();

function createAgreement(req: ParsedMessage, ctx: SimContext): Message {
  const noun = 'AuxiliaryAgreementConfig';
  const root = req.payload?.root;
  const agreements = root && root.name === noun ? readAuxiliaryAgreementConfig(root) : [];
  if (!agreements.length) return ctx.failed(req, noun, '1.7', 'no AuxiliaryAgreement in the request');
  for (const a of agreements) {
    if (!a.usagePoints.length) return ctx.failed(req, noun, '1.7', `auxiliary agreement ${a.agreement ?? '(no id)'} names no usage point of its customer agreement`);
    const unknown = a.usagePoints.filter((u) => !ctx.store.meter(u));
    // pm-aux-unknown-usage-point-accepted: an agreement for a usage point the MDM does not know is kept all the same
    if (unknown.length && !acceptsUnknownUsagePoint(ctx.has)) return ctx.failed(req, noun, '2.12', `unknown usage point ${unknown.join(', ')}`, { id: { value: unknown[0]!, objectType: 'UsagePoint' } });
  }
  let accounts = auxiliary.get(ctx.store);
  if (!accounts) auxiliary.set(ctx.store, (accounts = new Map()));
  for (const a of agreements) for (const acc of a.accounts) if (acc) accounts.set(acc, a.agreement ?? '');
  return ctx.response(req, noun, 'OK', []);
}

async function creditMeters(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Promise<Message> {
  const noun = 'TransactionRecord';
  const root = req.payload?.root;
  const transactions = root && root.name === noun ? readTransactionRecord(root) : [];
  if (!transactions.length) return ctx.failed(req, noun, '1.7', 'no Transaction in the message');
  const unknown = transactions.filter((t) => !t.meter || !ctx.store.meter(t.meter));
  // pm-unknown-meter-accepted: not refused (and not credited); pm-refused-still-credited: refused, but credited as well
  const refuse = unknown.length > 0 && !acceptsUnknownMeter(ctx.has);
  const refusal = () => ctx.failed(req, noun, '2.4', `unknown meter ${unknown.map((t) => t.meter ?? '(none)').join(', ')}`);
  if (refuse && !creditsRefused(ctx.has)) return refusal();
  const kinds = creditedKinds(CREDITING, ctx.has);
  const credit = new Map<string, { cents: number; tracking: string }>();
  for (const t of transactions) {
    if (!kinds.includes(t.kind ?? '')) continue;
    const known = t.meter ? ctx.store.meter(t.meter) : undefined;
    if (!known && !refuse) continue;
    const meter = known?.mRID ?? t.meter ?? '';
    const prev = credit.get(meter);
    credit.set(meter, { cents: (prev?.cents ?? 0) + (cents(t.amount) ?? 0), tracking: prev?.tracking ?? t.transaction ?? '' });
  }
  const url = ctx.upstream.HES;
  if (url && credit.size && updatesCredit(ctx.has)) {
    const meters = [...ctx.store.meters.values()].map((m) => m.mRID);
    const controls = [...credit].map(([meter, c]) => ({
      mRID: newMessageId(),
      issuerID: 'cim9-reference-mdm',
      issuerTrackingID: c.tracking || undefined,
      priceSignal: Number(money(creditedCents(c.cents, ctx.has))),
      reason: 'prepayment credit update',
      controlType: creditControlType(CREDIT_UPDATE, ctx.has),
      endDevices: [{ mRID: creditedMeter(meter, meters, ctx.has) }],
    }));
    const header = { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() };
    const ask: Message = { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls }, { generation: controlsGenerationOf(ctx.generation) }) } };
    const up = await askUpstream(ctx, url, ask, version, `create(EndDeviceControls) credit update of ${[...credit.keys()].join(', ')}`);
    ctx.log(`sim MDM: the head-end answered the credit update ${up.ok ? `${up.result}` : `not: ${up.why}`}`);
  }
  return refuse ? refusal() : ctx.response(req, noun, 'OK', []);
}

function transferReceipt(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const noun = 'ReceiptRecord';
  const root = req.payload?.root;
  const receipts = root && root.name === noun ? readReceiptRecord(root) : [];
  const transactions = receipts.flatMap((r) => r.transactions.map((t) => ({ t, receipt: r.receipt })));
  if (!transactions.length) return ctx.failed(req, noun, '1.7', 'no Receipt with a Transaction in the message');
  const unknown = transactions.filter(({ t }) => !t.meter || !ctx.store.meter(t.meter));
  const refusal = () => ctx.failed(req, noun, '2.4', `unknown meter ${unknown.map(({ t }) => t.meter ?? '(none)').join(', ')}`);
  // pm-cis-refused-still-transferred: refused, but transferred to the MDM all the same
  if (unknown.length && !transfersRefused(ctx.has)) return refusal();
  const url = ctx.upstream.MDM;
  if (url && transfersTransactions(ctx.has)) {
    const at = nowTimestamp(() => transferredAt(new Date(), ctx.has));
    const payload = buildTransactionRecord(
      transactions.map(({ t, receipt }, i) => {
        const c = cents(t.amount);
        const account = transferredAccount(t.customerAccount, ctx.has);
        return {
          mRID: t.transaction,
          kind: t.kind,
          ...(account ? { customerAccount: { mRID: account } } : {}),
          line: { amount: c === undefined ? t.amount : money(transferredCents(c, i === 0, ctx.has)), dateTime: at },
          meter: { mRID: t.meter },
          ...(receipt && namesReceipt(ctx.has) ? { receipt: { mRID: receipt } } : {}),
        };
      }),
    );
    ctx.publish(url, { kind: 'event', header: ctx.header('created', 'TransactionRecord'), payload: { root: payload } }, version);
  }
  return unknown.length ? refusal() : ctx.response(req, noun, 'OK', []);
}

export const prepaymentHandler: Handler = {
  name: 'prepayment: auxiliary agreements and transactions at the MDM (credit updates to the head-end), receipts at the CIS (transactions to the MDM)',
  matches: (role, noun, verb) =>
    NOUNS.includes(noun) &&
    ((role === 'MDM' && ((noun === 'AuxiliaryAgreementConfig' && verb === 'create') || (noun === 'TransactionRecord' && verb === 'created'))) ||
      (role === 'CIS' && noun === 'ReceiptRecord' && verb === 'created')),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    const noun = req.header?.noun || req.wrapperNoun || '';
    if (role === 'CIS') return transferReceipt(req, ctx, version);
    return noun === 'AuxiliaryAgreementConfig' ? createAgreement(req, ctx) : creditMeters(req, ctx, version);
  },
};

/** whether a control type is a credit update, x.20.22.13 */
const isCredit = (code: string): boolean => code.trim().split('.').slice(1).join('.') === '20.22.13';

function creditAtHeadEnd(req: ParsedMessage, ctx: SimContext): Message {
  const controls = readEndDeviceControls(req.payload!.root!);
  const unknown = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? '')).filter((m) => !ctx.store.meter(m));
  if (unknown.length || controls.some((c) => !(c.endDevices ?? []).length)) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  for (const c of controls) ctx.log(`sim HES credit update ${c.priceSignal ?? '(no amount)'} for ${(c.endDevices ?? []).map((d) => d.mRID).join(', ')}`);
  return ctx.response(req, 'EndDeviceControls', 'OK', [], {
    root: buildEndDeviceControls(
      {
        controls: controls.map((c) => ({
          mRID: c.mRID,
          issuerID: c.issuerID,
          issuerTrackingID: c.issuerTrackingID,
          priceSignal: c.priceSignal === undefined ? undefined : echoedCredit(c.priceSignal, ctx.has),
          reason: c.reason,
          controlType: c.controlType,
          endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })),
        })),
      },
      { generation: controlsGenerationOf(ctx.generation) },
    ),
  });
}

/** the head-end takes credit updates (every control x.20.22.13) before `h` sees create(EndDeviceControls) */
export function withCreditUpdates(h: Handler): Handler {
  return {
    name: h.name,
    matches: (role, noun, verb) => h.matches(role, noun, verb),
    handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole) {
      const noun = req.header?.noun || req.wrapperNoun || '';
      const verb = req.header?.verb ?? req.wrapperVerb ?? '';
      const root = req.payload?.root;
      if (role === 'HES' && noun === 'EndDeviceControls' && verb === 'create' && root && root.name === 'EndDeviceControls') {
        const controls = readEndDeviceControls(root);
        if (controls.length && controls.every((c) => isCredit(c.controlType) && !c.actionCount)) return creditAtHeadEnd(req, ctx);
      }
      return h.handle(req, ctx, version, role);
    },
  };
}
