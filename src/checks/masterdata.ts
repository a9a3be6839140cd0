/**
 * Master data management (../shared/spec/use-cases.md §9, envelope.md §7.2, §8): the checks of the
 * four-step exchange (step 2 acknowledgement, step 3 result), of OperationSet replies, of the state a
 * Get<Noun> shows after a change, and of the publication of a change to a registered subscriber (UC-29,
 * §0.3 P2 / P4: MD-PUBLICATION). Pure functions over parsed messages, returning findings.
 *
 * The state check compares "facts": an object element (a Meter, a UsagePoint ...) flattened to
 * path → value pairs, with repeated elements keyed by their identity (mRID, ref, name or kind) so that
 * the order of elements and the number of other elements do not matter. What the suite expects is the
 * facts of what it sent, with each later change applied the way use-cases.md §9.2 describes ("change only
 * changes what was sent"); every expected fact must be in the Get reply, every removed one absent.
 */
import type { Finding, Severity } from './finding.ts';
import { isRuleId, rule } from './catalogue.ts';
import { MASTER_DATA_RULES } from './masterdata-rules.ts';
import { checkCorrelation, checkHeader, checkReplyPart, checkResponse, messageOf, type CheckContext } from './envelope.ts';
import { assumed, assumedList, assumedMap } from './assume.ts';
import type { ErrorItem, Header, ParsedMessage, ReplyPart, WireMessage } from '../message/index.ts';
import type { XElement, XNode } from '../xml/index.ts';
import { childSlot, objectIds } from '../payloads/masterdata/common.ts';
import { CONFIG_OBJECT, configObjects, isConfigNoun } from '../payloads/masterdata/getConfig.ts';

function mk(id: string, message: string, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  const r = isRuleId(id) ? rule(id) : MASTER_DATA_RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return { rule: id, clause: r.clause, severity: severity ?? r.severity, message, ...extra };
}

const where = (n: XNode | undefined, ctx: CheckContext): Partial<Finding> => ({ file: ctx.label, line: n?.line, xpath: n?.path });

// ------------------------------------------------------------------------------------------------
// facts

/** an element as built (XElement) or as read (XNode), reduced to what the comparison needs */
interface Tree {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Tree[];
}

function tree(e: XElement | XNode): Tree {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.attrs ?? {})) if (v !== undefined && !k.startsWith('{')) attrs[k] = v;
  const kids = ((e.children ?? []) as (XElement | XNode | undefined | false)[]).filter((c): c is XElement | XNode => !!c).map(tree);
  return { name: e.name, attrs, text: (e.text ?? '').trim(), children: kids };
}

/** path → value pairs of an object element; `profile` decides which top-level children repeat */
export type Facts = Map<string, string>;

function identityOf(t: Tree): string {
  const text = (n: string) => t.children.find((c) => c.name === n)?.text;
  return text('mRID') ?? t.attrs['ref'] ?? text('name') ?? text('kind') ?? '';
}

function flatten(t: Tree, prefix: string, out: Facts, repeatable: (name: string) => boolean): void {
  const seen = new Map<string, number>();
  for (const c of t.children) {
    const id = repeatable(c.name) ? identityOf(c) : '';
    let key = `${prefix}${c.name}${id ? `[${id}]` : ''}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key += `#${n}`;
    for (const [a, v] of Object.entries(c.attrs)) out.set(`${key}@${a}`, v);
    if (c.children.length) flatten(c, `${key}/`, out, () => true);
    else if (!Object.keys(c.attrs).length || c.text) out.set(key, c.text);
  }
}

/** the facts of an object element (a Meter, a UsagePoint ...) of a profile */
export function factsOf(profile: string, e: XElement | XNode): Facts {
  const out: Facts = new Map();
  flatten(tree(e), '', out, (name) => childSlot(profile, e.name, name).repeatable);
  return out;
}

/** the top-level keys (first path step) a change carries: what it replaces */
export function topKeys(facts: Facts): Set<string> {
  return new Set([...facts.keys()].map((k) => k.split(/[/@]/)[0]!.replace(/#\d+$/, '')));
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** equal as the same value: numbers numerically, date-times as instants, booleans 1/0 as true/false */
export function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  const bool = (s: string) => (s === '1' ? 'true' : s === '0' ? 'false' : s);
  if (bool(a) === bool(b) && (bool(a) === 'true' || bool(a) === 'false')) return true;
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) === Number(b);
  if (a.includes('T') && b.includes('T')) {
    const x = Date.parse(a);
    const y = Date.parse(b);
    return !Number.isNaN(x) && x === y;
  }
  return false;
}

// ------------------------------------------------------------------------------------------------
// state (MD-STATE)

export interface ExpectedObject {
  /** profile of the object (MeterConfig ...) */
  profile: string;
  /** the object element (Meter ...) */
  object: string;
  id: string;
  /** the object as the SUT must show it; undefined: the object must not exist */
  element?: XElement;
  /** what the expected state depends on, for messages: "created in step 1, changed by change(MeterConfig)" */
  history: string[];
}

/**
 * MD-STATE: the object a Get shows (undefined: not shown) against the object expected. `removed` are
 * facts that must not be there any more (deleted details).
 */
export function checkObjectState(actual: XNode | undefined, expected: ExpectedObject, ctx: CheckContext, removed: Facts = new Map()): Finding[] {
  const what = `${expected.object} ${expected.id}`;
  const since = expected.history.length ? ` (${expected.history.join(', ')})` : '';
  if (!expected.element) {
    return actual ? [mk('MD-STATE', `${ctx.label}: ${what} is still there, but it must not exist${since}`, where(actual, ctx))] : [];
  }
  if (!actual) return [mk('MD-STATE', `${ctx.label}: the Get shows no ${what}${since}`, { file: ctx.label, expected: what, actual: 'not shown' })];
  const want = factsOf(expected.profile, expected.element);
  const got = factsOf(expected.profile, actual);
  const out: Finding[] = [];
  for (const [k, v] of want) {
    const g = got.get(k);
    if (g === undefined) out.push(mk('MD-STATE', `${ctx.label}: ${what} lacks ${k}${v ? ` (expected "${v}")` : ''}${since}`, where(actual, ctx)));
    else if (!sameValue(g, v)) out.push(mk('MD-STATE', `${ctx.label}: ${what} has ${k} = "${g}", expected "${v}"${since}`, where(actual, ctx)));
  }
  for (const [k] of removed) {
    if (got.has(k) && !want.has(k)) out.push(mk('MD-STATE', `${ctx.label}: ${what} still has ${k}, which was deleted${since}`, where(actual, ctx)));
  }
  return out;
}

/** the facts a delete of details removes: the facts of the details in the stored object */
export function removedFacts(profile: string, before: XElement, after: XElement): Facts {
  const a = factsOf(profile, after);
  const out: Facts = new Map();
  for (const [k, v] of factsOf(profile, before)) if (!a.has(k)) out.set(k, v);
  return out;
}

// ------------------------------------------------------------------------------------------------
// the four steps

/**
 * Step 2 of an asynchronous request: a conformant ResponseMessage (Verb reply, Noun, CorrelationID) with
 * Result OK, and only informational codes (CIM9-10 ok) or code 0.3 (CIM9-10 ok-simple-ack). A FAILED
 * acknowledgement is a refusal of the request: the caller decides whether it was expected.
 */
export function checkAcknowledgement(wire: WireMessage, expect: { noun: string; request: Header }, ctx: CheckContext): Finding[] {
  const out = checkResponse(wire, { noun: expect.noun, request: expect.request }, ctx);
  const reply = wire.message?.reply;
  if (!reply || wire.message?.kind !== 'response') return out;
  const cim910 = assumed(ctx, 'CIM9-10', 'ok');
  const assumptions = { 'CIM9-10': cim910, 'UC-30': assumed(ctx, 'UC-30', 'request-reply-event-ack') };
  const node = wire.message?.replyNode;
  if (reply.result !== 'OK') {
    out.push(mk('ENV-EXPECTED-RESULT', `${ctx.label}: the acknowledgement has Result ${reply.result || '(empty)'}${errorsText(reply)}, expected OK`, { ...where(node, ctx), assumptions }));
    return out;
  }
  const codes = (reply.errors ?? []).map((e) => e.code);
  const serious = codes.filter((c) => !c.startsWith('0.'));
  if (serious.length) out.push(mk('ENV-EXPECTED-CODE', `${ctx.label}: the acknowledgement carries error code ${serious.join(', ')}; an acknowledgement carries none or 0.0 / 0.3`, { ...where(node, ctx), assumptions, expected: 'no code, or 0.0 / 0.3', actual: `code ${serious.join(', ')}` }));
  if (cim910 === 'ok-simple-ack' && !codes.includes('0.3')) {
    out.push(mk('ENV-EXPECTED-CODE', `${ctx.label}: the acknowledgement lacks code 0.3 (simple acknowledgement)`, { ...where(node, ctx), assumptions, expected: 'code 0.3', actual: codes.length ? `code(s) ${codes.join(', ')}` : 'no code' }));
  }
  return out;
}

export interface ResultExpectation {
  /** past tense of the request verb (created, changed, deleted, closed, executed) */
  verb: string;
  noun: string;
  request: Header;
  /** what the result carries: the noun's profile root, or an OperationSet */
  carries: 'payload' | 'operation-set';
  /** identifiers the result must name (the objects of the request) */
  ids: string[];
}

/** every identifier (mRID, name text) found in an element tree */
export function identifiersIn(n: XNode | undefined, out: Set<string> = new Set()): Set<string> {
  if (!n) return out;
  if ((n.name === 'mRID' || n.name === 'name') && n.children.length === 0) out.add(n.text.trim());
  for (const c of n.children) identifiersIn(c, out);
  return out;
}

/**
 * Step 3: the asynchronous result at the ReplyAddress. An EventMessage with the past-tense verb (CIM9-11),
 * the noun, the request's CorrelationID (ENV-14), and the resulting payload naming the objects of the
 * request (or the OperationSet). With CIM9-11 past-tense-or-reply a ResponseMessage is accepted (warning).
 */
export function checkResult(wire: WireMessage, expect: ResultExpectation, ctx: CheckContext): Finding[] {
  const { msg, findings } = messageOf(wire, ctx);
  const cim911 = assumed(ctx, 'CIM9-11', 'past-tense-event');
  const assumptions = { 'CIM9-11': cim911, 'UC-30': assumed(ctx, 'UC-30', 'request-reply-event-ack') };
  if (!msg) return [...findings, mk('ENV-KIND', `${ctx.label}: expected ${expect.verb}(${expect.noun}), got a SOAP fault`, { file: ctx.label, expected: `${expect.verb}(${expect.noun})`, actual: `a SOAP fault "${wire.fault?.reason ?? ''}"`, assumptions })];
  const out = [...findings];
  const asReply = msg.kind === 'response' && cim911 === 'past-tense-or-reply';
  if (msg.kind !== 'event' && !asReply) {
    out.push(mk('ENV-KIND', `${ctx.label}: expected an EventMessage ${expect.verb}(${expect.noun}), got ${msg.node.name}${msg.header?.verb ? ` with Verb "${msg.header.verb}"` : ''}`, { ...where(msg.node, ctx), assumptions }));
    return out;
  }
  out.push(...checkHeader(msg, ctx));
  const h = msg.header;
  if (h) {
    if (asReply) {
      out.push(mk('ENV-EVENT-VERB', `${ctx.label}: the result is a ResponseMessage (Verb "${h.verb}"), not the event ${expect.verb}(${expect.noun})`, { ...where(msg.headerNode, ctx), assumptions, expected: `an EventMessage ${expect.verb}(${expect.noun})`, actual: `a ResponseMessage, Verb "${h.verb}"` }, 'warning'));
      out.push(...checkReplyPart(msg, ctx));
    } else if (h.verb !== expect.verb) {
      out.push(mk('ENV-EVENT-VERB', `${ctx.label}: Header/Verb is "${h.verb}", expected "${expect.verb}" (the past tense of the request verb "${expect.request.verb}")`, { ...where(msg.headerNode, ctx), assumptions }));
    }
    if (h.noun !== expect.noun) {
      // UC-32: the Noun of an OperationSet message is not fixed (any accepted and reported, or OperationSet required)
      const uc32 = assumed(ctx, 'UC-32', 'any');
      if (expect.carries === 'operation-set' && uc32 === 'any') {
        out.push(mk('ENV-NOUN', `${ctx.label}: Header/Noun of the OperationSet result is "${h.noun}" (the request said "${expect.noun}")`, { ...where(msg.headerNode, ctx), assumptions: { 'UC-32': uc32 } }, 'info'));
      } else {
        out.push(mk('ENV-NOUN', `${ctx.label}: Header/Noun is "${h.noun}", expected "${expect.noun}"`, { ...where(msg.headerNode, ctx), ...(expect.carries === 'operation-set' ? { assumptions: { 'UC-32': uc32 } } : {}), expected: `Noun ${expect.noun}`, actual: `Noun "${h.noun}"` }));
      }
    }
    out.push(...checkCorrelation(msg, expect.request, ctx));
  }
  if (asReply && msg.reply?.result && msg.reply.result !== 'OK') return out;
  if (expect.carries === 'operation-set') {
    if (!msg.payload?.operationSet) out.push(mk('DOM-EXPECTED', `${ctx.label}: the ${expect.verb}(${expect.noun}) result carries no Payload/OperationSet`, { ...where(msg.node, ctx), assumptions, expected: 'Payload/OperationSet', actual: 'none' }));
    return out;
  }
  const root = msg.payload?.root;
  if (!root) {
    out.push(mk('DOM-EXPECTED', `${ctx.label}: the ${expect.verb}(${expect.noun}) result carries no ${expect.noun} payload`, { ...where(msg.node, ctx), assumptions, expected: `a ${expect.noun} payload`, actual: 'none' }));
    return out;
  }
  const named = identifiersIn(root);
  const missing = expect.ids.filter((id) => !named.has(id));
  if (missing.length) out.push(mk('DOM-EXPECTED', `${ctx.label}: the result does not name ${missing.join(', ')} of the request`, { ...where(root, ctx), expected: `the objects ${expect.ids.join(', ')}`, actual: `not ${missing.join(', ')}` }));
  return out;
}

function errorsText(reply: ReplyPart): string {
  const e = reply.errors ?? [];
  return e.length ? ` (${e.map((x) => `${x.code}${x.operationId !== undefined ? ` operation ${x.operationId}` : ''}${x.reason ? `: ${x.reason}` : ''}`).join('; ')})` : '';
}

/** a Reply in words, for messages */
export function describeReply(reply: ReplyPart | undefined): string {
  return reply ? `${reply.result || '(no Result)'}${errorsText(reply)}` : '(no Reply)';
}

// ------------------------------------------------------------------------------------------------
// OperationSet (MD-OPERATION-SET, ENV-20)

export interface OperationSetReplyExpectation {
  /** every operationId of the set */
  operationIds: number[];
  /** the operation that must fail (its id named in an Error) */
  failing?: number;
  /** the set was sent with enforceTransactionalIntegrity: the rollback carries 5.9 */
  transactional: boolean;
}

/**
 * The per-operation report of an OperationSet reply: Error/operationId values name operations of the set;
 * the failing operation is named; an aborted transactional set carries 5.9 (ENV-20: a missing 5.9 or a
 * failing operation not named is a warning when lenient, an error when strict).
 */
export function checkOperationSetReply(msg: ParsedMessage | undefined, expect: OperationSetReplyExpectation, ctx: CheckContext): Finding[] {
  const reply = msg?.reply;
  // no Reply at all (a bare SOAP fault, an unreadable or missing answer): nothing reports the operations
  if (!reply) return [mk('MD-OPERATION-SET', `${ctx.label}: no Reply reports on the operations of the set${expect.failing !== undefined ? ` (operation ${expect.failing} must be named as failing)` : ''}`, { file: ctx.label, expected: 'a Reply', actual: 'none' })];
  const out: Finding[] = [];
  const env20 = assumed(ctx, 'ENV-20', 'lenient');
  const sev: Severity = env20 === 'strict' ? 'error' : 'warning';
  const assumptions = { 'ENV-20': env20 };
  const node = msg?.replyNode;
  const errors: ErrorItem[] = reply.errors ?? [];
  for (const e of errors) {
    if (e.operationId !== undefined && !expect.operationIds.includes(e.operationId)) {
      out.push(mk('MD-OPERATION-SET', `${ctx.label}: Error ${e.code} names operation ${e.operationId}, which the set does not have (operations ${expect.operationIds.join(', ')})`, { ...where(node, ctx), expected: `operationId ${expect.operationIds.join(', ')}`, actual: `operationId ${e.operationId}` }));
    }
  }
  if (reply.operationId !== undefined && !expect.operationIds.includes(reply.operationId)) {
    out.push(mk('MD-OPERATION-SET', `${ctx.label}: Reply/operationId ${reply.operationId} is not an operation of the set`, { ...where(node, ctx), expected: `operationId ${expect.operationIds.join(', ')}`, actual: `operationId ${reply.operationId}` }));
  }
  if (expect.failing !== undefined && !errors.some((e) => e.operationId === expect.failing)) {
    out.push(mk('MD-OPERATION-SET', `${ctx.label}: no Error names the failing operation ${expect.failing} (Error/operationId)${errorsText(reply)}`, { ...where(node, ctx), assumptions, expected: `an Error with operationId ${expect.failing}`, actual: errors.length ? errors.map((e) => `${e.code}${e.operationId !== undefined ? ` (operation ${e.operationId})` : ''}`).join(', ') : 'no Error' }, sev));
  }
  if (expect.transactional && reply.result === 'FAILED' && !errors.some((e) => e.code === '5.9')) {
    out.push(mk('MD-OPERATION-SET', `${ctx.label}: the aborted set carries no code 5.9 (transaction aborted to maintain transactional integrity)${errorsText(reply)}`, { ...where(node, ctx), assumptions, expected: 'code 5.9', actual: errors.length ? `code(s) ${errors.map((e) => e.code).join(', ')}` : 'no Error' }, sev));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Annex B codes of the business-rule cases (CIM9-14)

export type BusinessRuleCase = 'linkedElsewhere' | 'relationshipMismatch' | 'duplicate';

const DEFAULT_CODES: Record<BusinessRuleCase, string[]> = {
  linkedElsewhere: ['2.13', '2.29'],
  relationshipMismatch: ['2.29', '2.13'],
  duplicate: ['6.1', '2.4', '2.12', '2.30', '2.32'],
};

/** the codes accepted for a business-rule case (CIM9-14, with the value used) */
export function businessRuleCodes(ctx: Pick<CheckContext, 'assumptions' | 'register'>, c: BusinessRuleCase): { codes: string[]; assumptions: Record<string, string> } {
  const map = assumedMap(ctx, 'CIM9-14');
  const codes = map?.[c] ? map[c]!.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_CODES[c];
  return { codes, assumptions: { 'CIM9-14': `${c}=${codes.join(',')}` } };
}

/** the "invalid …" Annex B code of each kind of master-data object (codes.md §2.2) */
export const INVALID_OBJECT_CODES: Readonly<Record<string, readonly string[]>> = {
  Meter: ['2.4'],
  EndDevice: ['2.4'],
  UsagePoint: ['2.12'],
  ComModule: ['2.30'],
  UsagePointLocation: ['2.32'],
  // MD-02, 2013 customer-side nouns (codes.md §2.2)
  ServiceLocation: ['2.16'],
  CustomerAccount: ['2.19'],
  ServiceSupplier: ['2.20'],
  Customer: ['2.22'],
  CustomerAgreement: ['2.24'],
  ServiceCategory: ['2.31'],
  PricingStructure: ['2.33'],
};

/** the codes accepted for a change or delete of an unknown 2013 customer-side object of a class (CIM9-287, with the value used) */
export function unknownCustomerObjectCodes(ctx: Pick<CheckContext, 'assumptions' | 'register'>, objectClass: string): { codes: string[]; assumptions: Record<string, string> } {
  const map = assumedMap(ctx, 'CIM9-287');
  const codes = map?.[objectClass] ? map[objectClass]!.split(',').map((s) => s.trim()).filter(Boolean) : [...(INVALID_OBJECT_CODES[objectClass] ?? [])];
  return { codes, assumptions: { 'CIM9-287': `${objectClass}=${codes.join(',')}` } };
}

/**
 * the codes accepted for a create(MasterDataLinkageConfig) naming a 2013 customer-side object of a class the MDM does
 * not know (CIM9-295, with the value used): its "invalid …" code or 2.29 by default
 */
export function unknownLinkedCustomerCodes(ctx: Pick<CheckContext, 'assumptions' | 'register'>, objectClass: string): { codes: string[]; assumptions: Record<string, string> } {
  const map = assumedMap(ctx, 'CIM9-295');
  const codes = map?.[objectClass] ? map[objectClass]!.split(',').map((s) => s.trim()).filter(Boolean) : [...(INVALID_OBJECT_CODES[objectClass] ?? []), '2.29'];
  return { codes, assumptions: { 'CIM9-295': `${objectClass}=${codes.join(',')}` } };
}

/**
 * the codes accepted for a create(UsagePointConfig) outside a customer switch whose UsagePoint names a ServiceSupplier the
 * MDM was never told of, or one deleted before (CIM9-242, with the value used): 2.20, 2.28 or 2.29 by default
 */
export function unknownSupplierOfUsagePointCodes(ctx: Pick<CheckContext, 'assumptions' | 'register'>): { codes: string[]; assumptions: Record<string, string> } {
  const codes = assumedList(ctx, 'CIM9-242', ['2.20', '2.28', '2.29']);
  return { codes, assumptions: { 'CIM9-242': codes.join(', ') } };
}

/** the codes accepted for a create of a 2013 customer-side noun that carries no object (CIM9-288, with the value used) */
export function emptyCustomerCreateCodes(ctx: Pick<CheckContext, 'assumptions' | 'register'>): { codes: string[]; assumptions: Record<string, string> } {
  const codes = assumedList(ctx, 'CIM9-288', ['1.7', '1.8', '5.8']);
  return { codes, assumptions: { 'CIM9-288': codes.join(', ') } };
}


// ------------------------------------------------------------------------------------------------
// publication to a registered subscriber (MD-PUBLICATION, UC-29; use-cases.md §0.3 P2 / P4, §9.2)

/** one thing a publication must tell: an object as it now is (or the identity of one that went), new names, a link */
export type PublishedItem =
  | {
      kind: 'object';
      /** the object as it now is (element), or, with no element, an object that went (its identity is enough) */
      expected: ExpectedObject;
      /** facts that must not be shown any more (deleted details) */
      removed: Facts;
      /**
       * an object the transaction only changed (`change`, not create, delete or delete of details): the facts of
       * the change itself (its identity and the elements it carried), each with the value it now has — what a
       * delta publication must show (CIM9-51). Undefined: the publication shows the object in full (or, deleted,
       * its identity) whatever CIM9-51 says.
       */
      delta?: Facts;
    }
  | { kind: 'names'; id: string; names: string[] }
  | { kind: 'link'; ids: string[]; ended: boolean };

export interface PublicationExpectation {
  /** the change, in words: create(MeterConfig) */
  change: string;
  /** the Header/Verb values accepted, the usual one first (the past tense of the change) */
  verbs: readonly string[];
  noun: string;
  /** what the publication carries: the noun's profile root (P2), or the OperationSet applied (P4) */
  carries: 'payload' | 'operation-set';
  items: PublishedItem[];
  /** the assumptions the expectation depends on (UC-29, PAY-14, UC-31 ...), quoted by every finding */
  assumptions: Record<string, string>;
}

function pub(message: string, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  return mk('MD-PUBLICATION', message, extra, severity);
}

/** the profile roots a publication carries: the payload root, or the root of every Operation of the OperationSet */
function publishedRoots(msg: ParsedMessage): { noun: string; root: XNode }[] {
  const set = msg.payload?.operationSet;
  if (set) return set.operations.flatMap((op) => (op.root ? [{ noun: op.noun || op.root.name, root: op.root }] : []));
  const root = msg.payload?.root;
  return root ? [{ noun: msg.header?.noun || root.name, root }] : [];
}

/** every identifier (mRID, name) a message's payload names, OperationSet included */
export function identifiersOfMessage(msg: ParsedMessage | undefined): Set<string> {
  const out = new Set<string>();
  if (msg) for (const r of publishedRoots(msg)) identifiersIn(r.root, out);
  return out;
}

/**
 * MD-PUBLICATION: a publication after a change (P2 / P4). An EventMessage (a RequestMessage or a reply is not
 * a publication), a Header/Verb among the past tenses accepted, the noun of the change (UC-32 for an
 * OperationSet), the noun's profile root or the OperationSet, every object of the change as it now is (the
 * facts the follow-up Get must show; an object that went by its identity only), the new names, the linked
 * objects, and no object the change did not concern. Envelope rules of the message itself (schema, header
 * provenance) are layer 1's.
 *
 * CIM9-51 decides what the publication of an object a change concerned (`delta` set) must show: `full` the
 * object as it now is; `delta` its identity and every element of the change with its new value, nothing else
 * compared; `either` (default) the object as it now is, or else such a delta, reported as info. Every finding
 * of such a publication quotes the value. Created objects are always compared in full, deleted ones by identity.
 */
export function checkPublication(wire: WireMessage | undefined, expect: PublicationExpectation, ctx: CheckContext): Finding[] {
  // CIM9-51: what the publication of a change carries (only where the transaction changed an object)
  const changes = expect.items.some((i) => i.kind === 'object' && i.delta !== undefined);
  const cim951 = changes ? publicationContent(assumed(ctx, 'CIM9-51', 'either')) : undefined;
  const assumptions = cim951 ? { ...expect.assumptions, 'CIM9-51': cim951 } : expect.assumptions;
  const first = expect.verbs[0] ?? '?';
  const what = `${first}(${expect.noun})`;
  if (!wire) return [pub(`${ctx.label}: the publication of ${expect.change} cannot be read as a message (see the findings of layer 1); a subscriber is told with an EventMessage ${what}`, { file: ctx.label, expected: `an EventMessage ${what}`, actual: 'a message that cannot be read', assumptions })];
  const { msg, findings } = messageOf(wire, ctx);
  if (!msg) return [...findings, pub(`${ctx.label}: the subscriber was sent a SOAP fault, not the publication ${what} of ${expect.change}`, { file: ctx.label, expected: `an EventMessage ${what}`, actual: `a SOAP fault "${wire.fault?.reason ?? ''}"`, assumptions })];
  const out = [...findings];
  if (msg.kind !== 'event') {
    out.push(pub(`${ctx.label}: the publication of ${expect.change} is a ${msg.node.name}${msg.header?.verb ? ` with Verb "${msg.header.verb}"` : ''}; a subscriber is told with an EventMessage ${what}`, { ...where(msg.node, ctx), assumptions }));
    return out;
  }
  out.push(...checkHeader(msg, ctx));
  const h = msg.header;
  if (h) {
    if (!expect.verbs.includes(h.verb)) {
      out.push(pub(`${ctx.label}: Header/Verb is "${h.verb}", expected ${expect.verbs.map((v) => `"${v}"`).join(' or ')} (the past tense of ${expect.change})`, { ...where(msg.headerNode, ctx), assumptions, expected: `Verb ${expect.verbs.join(' or ')}`, actual: `Verb "${h.verb}"` }));
    }
    if (h.noun !== expect.noun) {
      const uc32 = assumed(ctx, 'UC-32', 'any');
      if (expect.carries === 'operation-set' && uc32 === 'any') {
        out.push(pub(`${ctx.label}: Header/Noun of the published OperationSet is "${h.noun}" (the request said "${expect.noun}")`, { ...where(msg.headerNode, ctx), assumptions: { ...assumptions, 'UC-32': uc32 } }, 'info'));
      } else {
        out.push(pub(`${ctx.label}: Header/Noun is "${h.noun}", expected "${expect.noun}"`, { ...where(msg.headerNode, ctx), assumptions: expect.carries === 'operation-set' ? { ...assumptions, 'UC-32': uc32 } : assumptions, expected: `Noun ${expect.noun}`, actual: `Noun "${h.noun}"` }));
      }
    }
  }
  if (expect.carries === 'operation-set' && !msg.payload?.operationSet) {
    out.push(pub(`${ctx.label}: the publication of ${expect.change} carries no Payload/OperationSet (P4: executed with the OperationSet)`, { ...where(msg.node, ctx), assumptions }));
    return out;
  }
  if (expect.carries === 'payload') {
    const root = msg.payload?.root;
    if (!root) {
      out.push(pub(`${ctx.label}: the publication of ${expect.change} carries no ${expect.noun} payload`, { ...where(msg.node, ctx), assumptions }));
      return out;
    }
    if (root.name !== expect.noun) {
      out.push(pub(`${ctx.label}: the publication carries ${root.name}, not the ${expect.noun} profile`, { ...where(root, ctx), assumptions }));
      return out;
    }
  }
  const roots = publishedRoots(msg);
  // the objects of the config profiles the publication carries, by noun
  const objects: { noun: string; node: XNode }[] = roots.flatMap((r) => (isConfigNoun(r.noun) && r.root.name === r.noun ? configObjects(r.root, r.noun).map((node) => ({ noun: r.noun, node })) : []));
  const named = identifiersOfMessage(msg);
  const concerned = new Set<string>();
  for (const item of expect.items) {
    if (item.kind === 'object') {
      const o = item.expected;
      concerned.add(o.id);
      const node = objects.find((x) => x.noun === o.profile && objectIds(x.node).includes(o.id));
      if (!node) {
        out.push(pub(`${ctx.label}: the publication of ${expect.change} does not carry ${o.object} ${o.id}${o.element ? '' : ' (the identity of what went)'}`, { ...where(roots[0]?.root ?? msg.node, ctx), assumptions }));
        continue;
      }
      for (const id of objectIds(node.node)) concerned.add(id);
      if (!o.element) continue;
      // the same facts a Get must show (MD-STATE), here in the publication
      const full = () => checkObjectState(node.node, o, ctx, item.removed).map((f) => ({ ...f, rule: 'MD-PUBLICATION', clause: rule('MD-PUBLICATION').clause, message: f.message.replace(`${ctx.label}: `, `${ctx.label}: as published, `), assumptions }));
      if (item.delta === undefined || !cim951 || cim951 === 'full') {
        out.push(...full());
        continue;
      }
      // CIM9-51 delta / either: the identity and every element of the change, each with its new value
      const delta = checkDelta(node.node, o, item.delta, item.removed, cim951, ctx).map((f) => ({ ...f, assumptions }));
      if (cim951 === 'delta') {
        out.push(...delta);
        continue;
      }
      const whole = full();
      if (!whole.some((f) => f.severity === 'error')) out.push(...whole);
      else if (delta.length) out.push(...delta);
      else {
        const gaps = whole.filter((f) => f.severity === 'error');
        const first = gaps[0]!.message.replace(`${ctx.label}: as published, `, '');
        out.push(pub(`${ctx.label}: the publication of ${expect.change} carries a delta of ${o.object} ${o.id} — its identity and every element of the change with its new value — not the object as it now is (${gaps.length} difference${gaps.length > 1 ? 's' : ''} from it, e.g. ${first}); accepted as a delta (CIM9-51 either)`, { ...where(node.node, ctx), assumptions }, 'info'));
      }
    } else if (item.kind === 'names') {
      const missing = [item.id, ...item.names].filter((n) => !named.has(n));
      if (missing.length) out.push(pub(`${ctx.label}: the publication of ${expect.change} does not name ${missing.join(', ')} (the object ${item.id} and its new names)`, { ...where(roots[0]?.root ?? msg.node, ctx), assumptions }));
    } else {
      const missing = item.ids.filter((n) => !named.has(n));
      if (missing.length) out.push(pub(`${ctx.label}: the publication of ${expect.change} does not name ${missing.join(', ')} of the link ${item.ended ? 'that ended' : 'created'}`, { ...where(roots[0]?.root ?? msg.node, ctx), assumptions }));
    }
  }
  // objects the change did not concern (another object, or an object of another change)
  for (const x of objects) {
    const ids = objectIds(x.node);
    if (ids.length && !ids.some((id) => concerned.has(id))) {
      out.push(pub(`${ctx.label}: the publication of ${expect.change} carries ${CONFIG_OBJECT[x.noun as keyof typeof CONFIG_OBJECT] ?? x.node.name} ${ids[0]}, which the change did not concern`, { ...where(x.node, ctx), assumptions }));
    }
  }
  return out;
}

/** the values of CIM9-51: what a publication of a change carries */
export type PublicationContent = 'full' | 'delta' | 'either';

function publicationContent(v: string): PublicationContent {
  return v === 'full' || v === 'delta' ? v : 'either';
}

/**
 * MD-PUBLICATION under CIM9-51 delta (or either, when the object is not shown in full): the published object
 * carries every fact of the change (its identity and the elements the change carried) with the value it now
 * has, and no detail that was deleted; nothing else is compared.
 */
function checkDelta(node: XNode, o: ExpectedObject, delta: Facts, removed: Facts, mode: PublicationContent, ctx: CheckContext): Finding[] {
  const what = `${o.object} ${o.id}`;
  const since = o.history.length ? ` (${o.history.join(', ')})` : '';
  const form = mode === 'either' ? 'neither the object as it now is nor a delta of the change (CIM9-51 either)' : 'a delta of the change (CIM9-51 delta)';
  const got = factsOf(o.profile, node);
  const whole = o.element ? factsOf(o.profile, o.element) : new Map<string, string>();
  const out: Finding[] = [];
  for (const [k, v] of delta) {
    const g = got.get(k);
    if (g === undefined) out.push(pub(`${ctx.label}: as published, ${what} lacks ${k}${v ? ` (the change set it to "${v}")` : ''}, which the change carried; the publication is ${form}${since}`, { ...where(node, ctx), expected: `${k} = "${v}"`, actual: `no ${k}` }));
    else if (!sameValue(g, v)) out.push(pub(`${ctx.label}: as published, ${what} has ${k} = "${g}", but the change set it to "${v}"; the publication is ${form}${since}`, { ...where(node, ctx), expected: `${k} = "${v}"`, actual: `${k} = "${g}"` }));
  }
  for (const [k] of removed) {
    if (got.has(k) && !delta.has(k) && !whole.has(k)) out.push(pub(`${ctx.label}: as published, ${what} still has ${k}, which was deleted${since}`, { ...where(node, ctx), expected: `no ${k} (deleted)`, actual: `${k} = "${got.get(k)}"` }));
  }
  return out;
}

/** MD-PUBLICATION: no publication of a change that took effect arrived in time */
export function missingPublicationFinding(label: string, expect: Pick<PublicationExpectation, 'change' | 'verbs' | 'noun' | 'assumptions'>, o: { seconds: number; address: string; strays: string[] }): Finding {
  const max = 5;
  const more = o.strays.length > max ? `, and ${o.strays.length - max} more` : '';
  const arrived = o.strays.length ? `; what arrived there instead: ${o.strays.slice(0, max).join('; ')}${more}` : '; nothing else arrived there either';
  const verbs = expect.verbs.length ? expect.verbs.join(' or ') : '?';
  return pub(`${label}: no ${verbs}(${expect.noun}) about ${expect.change} reached the subscriber at ${o.address} within ${o.seconds} s (timeouts.eventSeconds)${arrived}`, { file: label, expected: `${verbs}(${expect.noun}) about ${expect.change} at ${o.address} within ${o.seconds} s`, actual: o.strays.length ? `${o.strays.length} other message(s): ${o.strays.slice(0, max).join('; ')}${more}` : 'nothing', assumptions: expect.assumptions });
}

/** MD-PUBLICATION: the same change told a second time */
export function repeatedPublicationFinding(label: string, change: string, first: { at?: Date; messageId?: string }, repeat: { at: Date; messageId?: string; verb?: string }, assumptions: Record<string, string>): Finding {
  const after = first.at ? ` ${((repeat.at.getTime() - first.at.getTime()) / 1000).toFixed(1)} s after the first` : '';
  const ids = repeat.messageId ? ` (MessageID ${repeat.messageId}${first.messageId ? `, the first ${first.messageId}` : ''})` : '';
  return pub(`${label}: the subscriber was told of ${change} a second time${after}${repeat.verb ? ` (Verb "${repeat.verb}")` : ''}${ids}; a subscriber is told of a change once`, { file: label, messageId: repeat.messageId, expected: `${change} told once`, actual: `told again${after}${repeat.messageId ? ` (MessageID ${repeat.messageId})` : ''}`, assumptions });
}

/** MD-PUBLICATION: a publication about a request that did not take effect */
export function publicationOfRefusalFinding(label: string, change: string, got: { verb?: string; noun?: string; messageId?: string }, assumptions: Record<string, string>): Finding {
  return pub(`${label}: the subscriber was told ${got.verb ?? '?'}(${got.noun ?? '?'}) about the objects of ${change}, which did not take effect; nothing is published for a refused request`, { file: label, messageId: got.messageId, expected: 'no publication (the request did not take effect)', actual: `${got.verb ?? '?'}(${got.noun ?? '?'}) published`, assumptions });
}
