/**
 * Master data management at the MDM (../shared/spec/use-cases.md §9): the config nouns (MeterConfig,
 * EndDeviceConfig, UsagePointConfig, ComModuleConfig, UsagePointLocationConfig) with create, change, delete
 * and get; MasterDataLinkageConfig with create and delete/close (PAY-14); ObjectNamesConfig with change
 * (UC-33); and `execute` with an OperationSet (Annex K pattern 3) with Header/Noun OperationSet or one of
 * those nouns (UC-32: the Noun is not fixed; a noun the MDM does not serve stays 2.5).
 *
 * The exchange is the four-step pattern of envelope.md §7.2: with AsyncReplyFlag and a ReplyAddress the
 * request is checked and applied at once, acknowledged (Result OK, code 0.3), and its result is sent later to
 * the ReplyAddress with the request's CorrelationID as a past-tense event carrying the resulting payload;
 * the requester's response to it is step 4. A request the MDM refuses is answered FAILED at once (there is
 * no standard way to carry a Reply in a result event, ENV-08 strict). Without AsyncReplyFlag the reply is
 * final and carries the result.
 *
 * OperationSet: operations are applied in the order given (enforceMsgSequence); with
 * enforceTransactionalIntegrity (absent = false, ENV-06) one failing operation aborts the set: Result
 * FAILED, the operation's own Error and a 5.9 Error, both with its operationId, and nothing applied.
 * Without it each operation stands alone: the failed ones are reported by operationId (PARTIAL).
 *
 * Publication (UC-29, use-cases.md §0.3 P2 / P4, §9.2): when a master-data subscriber is registered
 * (`ctx.subscribers.masterData`), every change that took effect is told to it once, synchronous or
 * asynchronous request alike: an EventMessage with the past tense of the request verb, the same noun and a
 * fresh MessageID, carrying what the objects now are (for a delete, the identity of what went; for an
 * OperationSet, `executed` with the operations applied). A refused request or an aborted set publishes
 * nothing; a request that changed nothing (no object) neither.
 */
import { pastTense, type ErrorItem, type Message, type OperationPart, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import type { XElement, XNode } from '../../src/xml/index.ts';
import { profileNs } from '../../src/message/names.ts';
import { CONFIG_OBJECT, configObjects, isConfigNoun, readConfigFilter, type ConfigNoun } from '../../src/payloads/masterdata/getConfig.ts';
import { childSlot, elementIdentity } from '../../src/payloads/masterdata/common.ts';
import { isCustomerConfigNoun } from '../../src/payloads/masterdata/customerConfig.ts';
import { toElement } from '../../src/xml/index.ts';
import { masterData, type MasterDataStore, type OpOutcome, type RuleSwitches } from '../masterdata-store.ts';
import type { Handler, SimContext } from '../context.ts';

const CONFIG_VERBS = ['create', 'change', 'delete', 'get'];
const LINK_VERBS = ['create', 'delete', 'close'];

/** the customer-side objects a MasterDataLinkageConfig may name (fault md-customer-link-ignored) */
const CUSTOMER_SIDE = new Set(['Customer', 'CustomerAccount', 'CustomerAgreement', 'PricingStructure', 'ServiceLocation', 'ServiceSupplier']);

const elementChildren = (e: XElement): XElement[] => (e.children ?? []).filter((c): c is XElement => !!c);

const fail = (code: string, reason: string): OpOutcome => ({ ok: false, error: { code, level: 'FATAL', reason } });

function rulesOf(ctx: SimContext): RuleSwitches {
  return {
    acceptDuplicates: ctx.has('md-duplicate-create-accepted'),
    skipLinkRules: ctx.has('md-link-unchecked'),
    acceptUnknown: ctx.has('md-unknown-object-accepted'),
    keepLinksOpen: ctx.has('changeout-old-link-left-open') || ctx.has('switching-linkage-kept'),
    ignoreCustomerDelete: ctx.has('md-customer-delete-ignored'),
    ignoreCustomerLinks: ctx.has('md-customer-link-ignored'),
    genericCustomerCode: ctx.has('md-customer-unknown-generic-code'),
    acceptEmptyCustomerCreate: ctx.has('md-customer-empty-create-accepted'),
    uncheckedCustomerLinks: ctx.has('md-link-unknown-customer-accepted'),
    wrongUnknownLinkCode: ctx.has('md-link-unknown-customer-wrong-code'),
    dropUsagePointSupplier: ctx.has('md-usage-point-supplier-dropped'),
    replaceUsagePointOnChange: ctx.has('md-usage-point-change-replaces'),
    acceptUnknownSupplier: ctx.has('md-usage-point-unknown-supplier-accepted'),
    dropUsagePointPricing: ctx.has('md-usage-point-pricing-dropped'),
    keepOldPricing: ctx.has('md-usage-point-pricing-kept-old'),
    wrongUnknownSupplierCode: ctx.has('md-usage-point-unknown-supplier-wrong-code'),
  };
}

/** the objects of a link without the last one named (the ConfigurationEvent kept) */
function withoutLastLinked(xs: XElement[]): XElement[] {
  let last = -1;
  xs.forEach((c, i) => {
    if (c.name !== 'ConfigurationEvent') last = i;
  });
  return xs.filter((_, i) => i !== last);
}

/** one request or one Operation applied to a working copy */
function apply(work: MasterDataStore, noun: string, verb: string, root: XNode, elementOperation: boolean, rules: RuleSwitches): OpOutcome {
  if (root.name !== noun) return fail('1.8', `the payload root ${root.name} is not the ${noun} profile`);
  if (isConfigNoun(noun)) {
    // md-customer-empty-create-accepted: a create of a 2013 customer-side noun without any object is answered as done
    if (verb === 'create' && rules.acceptEmptyCustomerCreate && isCustomerConfigNoun(noun) && !root.children.some((c) => c.name === CONFIG_OBJECT[noun])) return { ok: true, result: [], ids: [] };
    if (verb === 'create') return work.create(noun, root, rules);
    if (verb === 'change') return work.change(noun, root, rules);
    // md-customer-delete-ignored: the delete of a 2013 customer-side object is answered as done, on a copy that is thrown away
    if (verb === 'delete') return (rules.ignoreCustomerDelete && isCustomerConfigNoun(noun) ? work.clone() : work).delete(noun, root, elementOperation, rules);
    return fail('2.9', `verb ${verb} is not supported for ${noun}`);
  }
  if (noun === 'MasterDataLinkageConfig') {
    // md-customer-link-ignored: a link of a customer-side object (2013) is answered as made, on a copy that is thrown away
    if (verb === 'create') return (rules.ignoreCustomerLinks && root.children.some((c) => CUSTOMER_SIDE.has(c.name)) ? work.clone() : work).link(root, rules);
    if (verb === 'delete' || verb === 'close') return work.unlink(root, rules);
    return fail('2.9', `verb ${verb} is not supported for ${noun}`);
  }
  if (noun === 'ObjectNamesConfig') {
    if (verb === 'change') return work.rename(root);
    return fail('2.9', `verb ${verb} is not supported for ${noun}`);
  }
  return fail('2.5', `noun ${noun} is not master data of the MDM`);
}

/** a payload root of the noun's profile with the result elements, children in profile order (alphabetical) */
function resultRoot(ns: string, noun: string, elements: XElement[]): XElement {
  const kids = elements.map((c, i) => ({ c, i })).sort((a, b) => a.c.name.toLowerCase().localeCompare(b.c.name.toLowerCase()) || a.i - b.i);
  return { ns, name: noun, children: kids.map((x) => x.c) };
}

function withIds(m: Message, ids: string[], objectType: string | undefined): Message {
  if (!ids.length || !m.reply) return m;
  return { ...m, reply: { ...m.reply, ids: ids.map((value) => ({ value, objectType })) } };
}

// ------------------------------------------------------------------------------------------------ publication (UC-29)

/**
 * Tell the master-data subscriber of a change (P2: `created|changed|deleted|closed(<Noun>)`; P4: `executed`
 * with the OperationSet), once, with a fresh MessageID and no CorrelationID (a publication answers no request
 * of the subscriber). Faults: md-publication-missing (nothing), md-publication-not-past-tense (a RequestMessage
 * with the request verb), md-publication-twice (the same change told twice); the content: md-publication-stale,
 * md-publication-delta (`published`).
 */
function publishChange(req: ParsedMessage, ctx: SimContext, version: SoapVersion, payload: Message['payload']): void {
  const url = ctx.subscribers.masterData;
  if (!url || ctx.has('md-publication-missing')) return;
  const h = req.header!;
  const presentTense = ctx.has('md-publication-not-past-tense');
  const verb = presentTense ? h.verb : (pastTense(h.verb) ?? h.verb);
  const form = req.form === 'generic' ? 'generic' : 'wrapper';
  const times = ctx.has('md-publication-twice') ? 2 : 1;
  for (let i = 0; i < times; i++) ctx.publish(url, { kind: presentTense ? 'request' : 'event', form, header: ctx.header(verb, h.noun), payload }, version);
}

/**
 * md-publication-stale: the objects of a publication as they were before the change (the previous state of
 * the store), where they existed before
 */
function asBefore(md: MasterDataStore, noun: string, elements: XElement[]): XElement[] {
  const before = md.previous;
  if (!before || !isConfigNoun(noun)) return elements;
  return elements.map((e) => {
    const id = e.name === CONFIG_OBJECT[noun] ? elementId(e) : undefined;
    return (id !== undefined && before.get(noun, id)) || e;
  });
}

/** the identity of a built object element: its mRID, or its first name */
function elementId(e: XElement): string | undefined {
  const kids = elementChildren(e);
  const names = kids.find((c) => c.name === 'Names');
  return kids.find((c) => c.name === 'mRID')?.text ?? (names ? elementChildren(names).find((c) => c.name === 'name')?.text : undefined);
}

/** every identifier of a built object element: its mRID and its names */
function elementIds(e: XElement): string[] {
  const kids = elementChildren(e);
  const names = kids.filter((c) => c.name === 'Names').flatMap((n) => elementChildren(n).filter((c) => c.name === 'name').map((c) => c.text ?? ''));
  return [kids.find((c) => c.name === 'mRID')?.text ?? '', ...names].filter(Boolean);
}

/**
 * md-publication-delta: the objects of a change as a delta — their identity (mRID, Names) and the elements the
 * change carried (a repeated one by its identity), with their new values; everything else left out
 */
function asDelta(noun: string, elements: XElement[], change: XNode): XElement[] {
  if (!isConfigNoun(noun)) return elements;
  const sent = configObjects(change, noun).map((n) => toElement(n));
  return elements.map((e) => {
    if (e.name !== CONFIG_OBJECT[noun]) return e;
    const ids = elementIds(e);
    const patch = sent.find((p) => elementIds(p).some((id) => ids.includes(id)));
    if (!patch) return e;
    const carried = elementChildren(patch);
    const keep = (c: XElement) =>
      c.name === 'mRID' ||
      c.name === 'Names' ||
      carried.some((p) => p.name === c.name && (!childSlot(noun, e.name, c.name).repeatable || elementIdentity(p) === elementIdentity(c)));
    return { ...e, children: elementChildren(e).filter(keep) };
  });
}

/**
 * the payload a publication carries: the result of the request (stale under md-publication-stale; only the
 * elements of a change under md-publication-delta, `change` being the change's own payload)
 */
function published(ctx: SimContext, md: MasterDataStore, ns: string, noun: string, result: XElement[], change?: XNode): XElement {
  const shown = ctx.has('md-publication-stale') ? asBefore(md, noun, result) : result;
  return resultRoot(ns, noun, change && ctx.has('md-publication-delta') ? asDelta(noun, shown, change) : shown);
}

/** md-publication-on-refusal: a refused request is told to the subscriber as if it had taken effect */
function publishRefused(req: ParsedMessage, ctx: SimContext, version: SoapVersion): void {
  if (!ctx.has('md-publication-on-refusal')) return;
  const p = req.payload;
  if (p?.operationSet) {
    const operations = p.operationSet.operations.map((op) => ({ operationId: op.operationId, noun: op.noun, verb: op.verb, elementOperation: op.elementOperation, root: op.root ? toElement(op.root) : undefined }));
    publishChange(req, ctx, version, { operationSet: { enforceMsgSequence: p.operationSet.enforceMsgSequence, enforceTransactionalIntegrity: p.operationSet.enforceTransactionalIntegrity, operations } });
  } else if (p?.root) {
    publishChange(req, ctx, version, { root: toElement(p.root) });
  }
}

/**
 * The answer to an accepted request: an acknowledgement now and the result at the ReplyAddress later
 * (asynchronous), or the final reply with the result (synchronous).
 */
function accepted(req: ParsedMessage, ctx: SimContext, version: SoapVersion, payload: Message['payload'], ids: string[], objectType?: string): Message {
  const h = req.header!;
  const noun = h.noun;
  const form = req.form === 'generic' ? 'generic' : 'wrapper';
  if (h.asyncReplyFlag && h.replyAddress) {
    const correlationId = h.correlationId ?? h.messageId;
    if (!ctx.has('no-async-reply') && !ctx.has('md-result-never-sent')) {
      const presentTense = ctx.has('md-result-not-past-tense');
      const header = ctx.header(presentTense ? h.verb : (pastTense(h.verb) ?? h.verb), noun, ctx.has('md-result-without-correlation-id') ? undefined : correlationId);
      ctx.publishLater(h.replyAddress, { kind: presentTense ? 'request' : 'event', form, header, payload }, version);
    }
    return { ...ctx.response(req, noun, 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]), form };
  }
  return withIds({ ...ctx.response(req, noun, 'OK', [], payload), form }, ids, objectType);
}

function refused(req: ParsedMessage, ctx: SimContext, result: 'FAILED' | 'PARTIAL', errors: ErrorItem[]): Message {
  return { ...ctx.response(req, req.header!.noun, result, errors), form: req.form === 'generic' ? 'generic' : 'wrapper' };
}

function handleChange(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const h = req.header!;
  const root = req.payload?.root;
  if (!root) return refused(req, ctx, 'FAILED', [{ code: '1.7', level: 'FATAL', reason: `no ${h.noun} payload` }]);
  const md = masterData(ctx.store);
  const work = md.clone();
  const out = apply(work, h.noun, h.verb, root, false, rulesOf(ctx));
  if (!out.ok) {
    publishRefused(req, ctx, version);
    return refused(req, ctx, 'FAILED', [out.error]);
  }
  md.commit(work);
  const objectType = isConfigNoun(h.noun) ? CONFIG_OBJECT[h.noun] : undefined;
  // UC-29: a change that took effect is told to the subscriber (nothing changed, nothing told)
  // md-customer-link-published-partly: the last object of a customer-side link is left out of the publication
  const shown = h.noun === 'MasterDataLinkageConfig' && ctx.has('md-customer-link-published-partly') && out.result.some((c) => CUSTOMER_SIDE.has(c.name)) ? withoutLastLinked(out.result) : out.result;
  if (shown.length) publishChange(req, ctx, version, { root: published(ctx, md, root.ns, h.noun, shown, h.verb === 'change' ? root : undefined) });
  return accepted(req, ctx, version, { root: resultRoot(root.ns, h.noun, out.result) }, out.ids, objectType);
}

/** an object without its first simple attribute after the mRID (fault md-customer-attribute-dropped) */
function withoutFirstAttribute(e: XElement): XElement {
  const kids = elementChildren(e);
  const first = kids.find((c) => c.name !== 'mRID' && c.name !== 'Names' && !elementChildren(c).length && c.text !== undefined);
  return first ? { ...e, children: kids.filter((c) => c !== first) } : e;
}

function handleGet(req: ParsedMessage, ctx: SimContext): Message {
  const noun = req.header!.noun as ConfigNoun;
  const filterRoot = req.request?.query ?? req.payload?.root;
  if (!filterRoot) return ctx.failed(req, noun, '1.6', `no Get${noun} filter in Request (nor a ${noun} filter in Payload)`);
  const md = masterData(ctx.store);
  // md-get-stale: the answer comes from the state before the latest change
  const source = ctx.has('md-get-stale') ? (md.previous ?? md) : md;
  const r = source.query(noun, readConfigFilter(filterRoot), rulesOf(ctx));
  if (!r.ok) return ctx.response(req, noun, 'FAILED', [r.error]);
  const ns = r.objects[0]?.ns ?? profileNs(noun);
  // md-customer-attribute-dropped: the objects of a 2013 customer-side noun lose their first simple attribute
  const objects = ctx.has('md-customer-attribute-dropped') && isCustomerConfigNoun(noun) ? r.objects.map(withoutFirstAttribute) : r.objects;
  return ctx.response(req, noun, 'OK', [], { root: resultRoot(ns, noun, [...r.functions, ...objects]) });
}

function handleExecute(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const set = req.payload?.operationSet;
  if (!set || set.operations.length === 0) return refused(req, ctx, 'FAILED', [{ code: '1.7', level: 'FATAL', reason: 'execute needs a Payload/OperationSet with at least one Operation' }]);
  const ids = set.operations.map((o) => o.operationId);
  if (ids.some((id) => !Number.isInteger(id)) || new Set(ids).size !== ids.length) {
    return refused(req, ctx, 'FAILED', [{ code: '1.8', level: 'FATAL', reason: 'every Operation needs its own operationId' }]);
  }
  // ENV-06: enforceTransactionalIntegrity absent = false (IEC 61968-100 ed.1)
  const transactional = set.enforceTransactionalIntegrity ?? false;
  const rules = rulesOf(ctx);
  const md = masterData(ctx.store);
  let work = md.clone();
  const done: OperationPart[] = [];
  const errors: ErrorItem[] = [];
  for (const op of set.operations) {
    const before = work.clone();
    const noun = op.noun ?? op.root?.name ?? '';
    const out = op.root ? apply(work, noun, op.verb ?? '', op.root, op.elementOperation ?? false, rules) : fail('1.7', `operation ${op.operationId} carries no payload`);
    if (out.ok) {
      done.push({ operationId: op.operationId, noun, verb: op.verb, elementOperation: op.elementOperation, root: resultRoot(op.root!.ns, noun, out.result) });
      continue;
    }
    if (transactional) {
      // md-operation-set-partial: what the operations before the failing one did stays applied
      if (ctx.has('md-operation-set-partial')) md.commit(before);
      publishRefused(req, ctx, version);
      return refused(req, ctx, 'FAILED', [
        { ...out.error, operationId: op.operationId },
        { code: '5.9', level: 'FATAL', reason: `transaction aborted to maintain transactional integrity: operation ${op.operationId} failed (${out.error.reason ?? out.error.code}); no operation of the set was applied`, operationId: op.operationId },
      ]);
    }
    work = before;
    errors.push({ ...out.error, operationId: op.operationId });
  }
  md.commit(work);
  // UC-29 (P4): the operations applied are told to the subscriber as one executed OperationSet
  const sentOf = (op: OperationPart) => set.operations.find((o) => o.operationId === op.operationId);
  const told = (ops: OperationPart[]): Message['payload'] => ({
    operationSet: {
      enforceMsgSequence: set.enforceMsgSequence,
      enforceTransactionalIntegrity: set.enforceTransactionalIntegrity,
      operations: ops.map((op) =>
        op.root && (ctx.has('md-publication-stale') || (ctx.has('md-publication-delta') && op.verb === 'change'))
          ? { ...op, root: published(ctx, md, op.root.ns, op.noun ?? op.root.name, elementChildren(op.root), op.verb === 'change' ? sentOf(op)?.root : undefined) }
          : op,
      ),
    },
  });
  if (done.length) publishChange(req, ctx, version, told(done));
  else publishRefused(req, ctx, version);
  if (errors.length) {
    // the outcome of a set that is not fully applied is reported at once (a result event cannot carry a Reply)
    return refused(req, ctx, done.length ? 'PARTIAL' : 'FAILED', errors);
  }
  return accepted(req, ctx, version, { operationSet: { enforceMsgSequence: set.enforceMsgSequence, enforceTransactionalIntegrity: set.enforceTransactionalIntegrity, operations: done } }, []);
}

export const masterDataHandler: Handler = {
  name: 'master data (config nouns, MasterDataLinkageConfig, OperationSet) at the MDM',
  // execute: Header/Noun OperationSet, or the master-data noun of the set (UC-32); any other noun stays unknown (2.5)
  matches: (role, noun, verb) =>
    role === 'MDM' &&
    ((verb === 'execute' && (noun === 'OperationSet' || isConfigNoun(noun) || noun === 'MasterDataLinkageConfig' || noun === 'ObjectNamesConfig')) ||
      (isConfigNoun(noun) && CONFIG_VERBS.includes(verb)) ||
      (noun === 'MasterDataLinkageConfig' && LINK_VERBS.includes(verb)) ||
      (noun === 'ObjectNamesConfig' && verb === 'change')),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
    const verb = req.header!.verb;
    if (verb === 'get') return handleGet(req, ctx);
    if (verb === 'execute') return handleExecute(req, ctx, version);
    return handleChange(req, ctx, version);
  },
};
