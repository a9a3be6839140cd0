/**
 * The master-data engine: the four-step exchange of the 2024 Annex J samples (use-cases.md §9.4, envelope.md
 * §7.2) as one reusable pattern, the scenario's expected master-data state, and the Get<Noun> requests that
 * prove it.
 *
 *   step 1  the system of record sends verb(Noun) — create, change, delete, close or execute (OperationSet) —
 *           with AsyncReplyFlag, ReplyAddress and a fresh MessageID / CorrelationID (`request`);
 *   step 2  the MDM answers synchronously: an acknowledgement (CIM9-10), or the final reply when the request
 *           was synchronous (`checkStep2`);
 *   step 3  the MDM delivers the result at the ReplyAddress: the past tense of the verb (CIM9-11), the
 *           request's CorrelationID, the resulting payload (`checkStep3`);
 *   step 4  the suite's listener acknowledges the result; the acknowledgement is recorded (CIM9-12, `checkStep4`).
 *
 * UC-30 names the pattern; each finding of a step carries the assumptions it used. `settle` decides the
 * outcome of a request (a refusal in step 2, or the result in step 3) and, when the request took effect,
 * applies it to the expected state; `verifyState` then reads every object (and every link) of the scenario
 * back with Get<Noun> and compares (MD-STATE): an OK alone never proves anything.
 *
 * Publication (UC-29, use-cases.md §0.3 P2 / P4): when the suite is registered as a subscriber of the SUT's
 * master-data publications (pics.<role>.publishes with a master-data noun, or UC-29 = always), every change that took
 * effect is told to it at <listener>/masterdata. `checkPublished` claims the publication of a transaction (the
 * first delivery after its mark naming its objects, within timeouts.eventSeconds), checks it (MD-PUBLICATION:
 * the past tense of the change, the noun, the objects as the follow-up Get must show them — or, for a change,
 * only its elements with their new values, as CIM9-51 allows) and watches
 * timeouts.quietSeconds for a second one; `checkNothingPublished` watches the quiet period after a refused
 * request. Publications no step examines (those of the preconditions, of earlier requests of the scenario) are
 * claimed before the next request is sent — so that they are never taken for its own — and at the end of the
 * scenario (`collectLeftoverPublications`), and attached as "not examined": they never end up unsolicited.
 */
import { declaresAsync, publishesMasterData } from '../profile/pics-capabilities.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { ACKNOWLEDGEMENTS, LISTENER_PATHS, type Role, type RunContext } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { pastTense, readMessage, type ErrorItem, type Header, type Message, type OperationSetPart } from '../message/index.ts';
import type { Finding } from '../checks/finding.ts';
import { isRuleId, rule } from '../checks/catalogue.ts';
import { checkOutcome, checkResponse } from '../checks/envelope.ts';
import { assumed } from '../checks/assume.ts';
import {
  checkAcknowledgement,
  checkObjectState,
  checkOperationSetReply,
  checkPublication,
  checkResult,
  describeReply,
  factsOf,
  identifiersIn,
  identifiersOfMessage,
  INVALID_OBJECT_CODES,
  missingPublicationFinding,
  publicationOfRefusalFinding,
  removedFacts,
  repeatedPublicationFinding,
  type ExpectedObject,
  type Facts,
  type PublicationExpectation,
  type PublishedItem,
} from '../checks/masterdata.ts';
import { deliveredElsewhere, strayDeliveries } from './deliveries.ts';
import { judgeRefusal, type Twin } from './twin.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { repeatedResultFindings } from './async-once.ts';
import type { XElement, XNode } from '../xml/index.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { applyChange, applyDetailDelete, objectIds } from '../payloads/masterdata/common.ts';
import { isCustomerConfigNoun } from '../payloads/masterdata/customerConfig.ts';
import { buildGetConfig, CONFIG_OBJECT, configObjects, isConfigNoun, nounProfileFilter, type ConfigNoun } from '../payloads/masterdata/getConfig.ts';
import { LINKABLE, type Linkable } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { ownRequestInvalid } from './set-up.ts';

export type MasterDataVerb = 'create' | 'change' | 'delete' | 'close' | 'execute';

/** what a request does to the master data when it takes effect */
export type Effect =
  | { kind: 'put'; noun: ConfigNoun; element: XElement; operationId?: number }
  | { kind: 'change'; noun: ConfigNoun; element: XElement; operationId?: number }
  | { kind: 'remove'; noun: ConfigNoun; id: string; operationId?: number }
  | { kind: 'details'; noun: ConfigNoun; element: XElement; operationId?: number }
  | { kind: 'rename'; id: string; names: XElement[]; operationId?: number }
  | { kind: 'link'; meter: string; usagePoint: string; operationId?: number }
  | { kind: 'unlink'; meter: string; usagePoint: string; operationId?: number }
  /**
   * a link (or its end) between objects other than a meter and a usage point (2013 customer side: an agreement and
   * its account, a pricing structure and a usage point): no Get filter reads it back, only a subscriber is told of it
   */
  | { kind: 'relate'; ids: string[]; ended: boolean; operationId?: number };

export interface RequestSpec {
  verb: MasterDataVerb;
  noun: string;
  /** the profile root (MeterConfig, MasterDataLinkageConfig ...) */
  root?: XElement;
  /** the OperationSet of an execute */
  operationSet?: OperationSetPart;
  /** step 1 with AsyncReplyFlag and ReplyAddress (the four-step exchange); false: synchronous */
  async: boolean;
  /** a change of the built envelope (a deliberately defective request) */
  transform?: (env: XElement) => XElement;
  /** the request may not take effect whatever the answer (a schema-invalid request) */
  noEffect?: boolean;
  role?: Role;
}

export interface Outcome {
  result: string;
  errors: ErrorItem[];
  /** where the outcome was read */
  step: 2 | 3;
  /** the message that carried it (for OperationSet checks) */
  exchange?: Exchange;
}

export interface Transaction {
  label: string;
  spec: RequestSpec;
  header: Header;
  /** step 1 and the synchronous answer (step 2) */
  exchange: Exchange;
  /** deliveries after this seq belong to this transaction */
  mark: number;
  effects: Effect[];
  /** identifiers the result must name */
  ids: string[];
  step3?: Exchange;
  /** the delivery of step 3 at the listener */
  step3Delivery?: ReceivedMessage;
  step3Waited?: boolean;
  step4?: { xml?: string; status: number };
  outcome?: Outcome;
  settled?: boolean;
  /** what a registered subscriber must be told once the request settled (UC-29): empty when it took no effect */
  told?: PublishedItem[];
  /** the publication of this transaction claimed at the listener (exchange or delivery undefined: waited in vain) */
  publication?: { examined: boolean; exchange?: Exchange; delivery?: ReceivedMessage };
}

interface TrackedObject extends ExpectedObject {
  noun: ConfigNoun;
  removed: Facts;
}

export interface MasterDataState {
  objects: Map<string, TrackedObject>;
  /** expected meters per usage point (links) */
  links: Map<string, Set<string>>;
  transactions: Transaction[];
}

const states = new WeakMap<Cim9World, MasterDataState>();

export function mdState(w: Cim9World): MasterDataState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { objects: new Map(), links: new Map(), transactions: [] }));
  return s;
}

/** the last transaction of the scenario */
export function lastTransaction(w: Cim9World): Transaction {
  const t = mdState(w).transactions.at(-1);
  if (!t) throw new SuiteError('no master-data request was sent before this step');
  return t;
}

/** the mode a step uses when it does not say: the four-step exchange when the SUT claims asynchronous replies */
export function defaultAsync(w: Cim9World): boolean {
  return declaresAsync(w.profile, w.scenarioRoles);
}

const key = (noun: string, id: string) => `${noun}/${id}`;

function elementChildren(e: XElement): XElement[] {
  return (e.children ?? []).filter((c): c is XElement => !!c);
}

function idOf(e: XElement): string | undefined {
  const kids = elementChildren(e);
  return kids.find((c) => c.name === 'mRID')?.text ?? kids.find((c) => c.name === 'Names')?.children?.find((c): c is XElement => !!c && c.name === 'name')?.text;
}

// ------------------------------------------------------------------------------------------------ effects

/** the effects of one request (or one Operation) on the master data */
export function effectsOf(verb: string, noun: string, root: XElement | undefined, elementOperation = false, operationId?: number): Effect[] {
  // the suite built this request: one that should take effect but carries no payload is a defect of the suite's
  // set-up (a deliberately defective request says noEffect), never an empty expectation that lets every read-back pass
  if (!root) throw new SuiteError(`${verb}(${noun})${operationId === undefined ? '' : ` operation ${operationId}`} carries no payload: the suite cannot tell what the master data should become`);
  if (isConfigNoun(noun)) {
    const objects = elementChildren(root).filter((c) => c.name === CONFIG_OBJECT[noun]);
    return objects.map((element): Effect => {
      if (verb === 'create') return { kind: 'put', noun, element, operationId };
      if (verb === 'change') return { kind: 'change', noun, element, operationId };
      const details = elementChildren(element).some((c) => c.name !== 'mRID' && c.name !== 'Names');
      return elementOperation || details ? { kind: 'details', noun, element, operationId } : { kind: 'remove', noun, id: idOf(element) ?? '', operationId };
    });
  }
  if (noun === 'ObjectNamesConfig') {
    return elementChildren(root).map((o): Effect => ({ kind: 'rename', id: idOf(o) ?? '', names: elementChildren(o).filter((c) => c.name === 'Names'), operationId }));
  }
  if (noun === 'MasterDataLinkageConfig') {
    const ids = (role: Linkable) => elementChildren(root).filter((c) => c.name === role).map((c) => idOf(c) ?? '');
    const kind: 'link' | 'unlink' = verb === 'create' ? 'link' : 'unlink';
    if (!ids('Meter').length || !ids('UsagePoint').length) {
      const named = elementChildren(root).filter((c) => c.name !== 'ConfigurationEvent').map((c) => idOf(c) ?? '').filter(Boolean);
      return named.length > 1 ? [{ kind: 'relate', ids: named, ended: kind === 'unlink', operationId }] : [];
    }
    return ids('Meter').flatMap((meter) => ids('UsagePoint').map((usagePoint): Effect => (kind === 'link' ? { kind, meter, usagePoint, operationId } : { kind, meter, usagePoint, operationId })));
  }
  return [];
}

function effectsOfSpec(spec: RequestSpec): Effect[] {
  if (spec.noEffect) return [];
  if (spec.operationSet) {
    return spec.operationSet.operations.flatMap((op) => effectsOf(op.verb ?? '', op.noun ?? op.root?.name ?? '', op.root, op.elementOperation ?? false, op.operationId));
  }
  return effectsOf(spec.verb, spec.noun, spec.root);
}

/** identifiers a result must name: the objects (and linked objects) of the request */
function idsOf(spec: RequestSpec): string[] {
  if (spec.operationSet || !spec.root) return [];
  const linkRoles = new Set<string>(LINKABLE);
  return elementChildren(spec.root)
    .filter((c) => (isConfigNoun(spec.noun) ? c.name === CONFIG_OBJECT[spec.noun] : linkRoles.has(c.name)))
    .map((c) => idOf(c) ?? '')
    .filter(Boolean);
}

/** register an object in the expected state (absent until a request creates it) */
export function track(w: Cim9World, noun: ConfigNoun, id: string, element?: XElement, history: string[] = []): void {
  const s = mdState(w);
  if (s.objects.has(key(noun, id))) return;
  s.objects.set(key(noun, id), { profile: noun, object: CONFIG_OBJECT[noun], noun, id, element, history, removed: new Map() });
}

function applyEffect(w: Cim9World, e: Effect, what: string): void {
  const s = mdState(w);
  if (e.kind === 'link' || e.kind === 'unlink') {
    const set = s.links.get(e.usagePoint) ?? new Set<string>();
    if (e.kind === 'link') set.add(e.meter);
    else set.delete(e.meter);
    s.links.set(e.usagePoint, set);
    return;
  }
  // a link no Get filter reads back: nothing of the tracked state changes (the publication tells it, toldOf)
  if (e.kind === 'relate') return;
  if (e.kind === 'rename') {
    for (const o of s.objects.values()) {
      if (o.id !== e.id || !o.element) continue;
      const ns = o.element.ns;
      const reNs = (x: XElement): XElement => ({ ...x, ns, children: elementChildren(x).map(reNs) });
      const old = elementChildren(o.element).filter((c) => c.name === 'Names');
      for (const [k, v] of removedFacts(o.noun, o.element, { ...o.element, children: elementChildren(o.element).filter((c) => c.name !== 'Names') })) o.removed.set(k, v);
      o.element = applyChange(o.noun, { ...o.element, children: elementChildren(o.element).filter((c) => !old.includes(c)) }, { ...o.element, children: e.names.map(reNs) });
      o.history.push(`renamed by ${what}`);
    }
    return;
  }
  applyObjectEffect(w, e, what);
}

function applyObjectEffect(w: Cim9World, e: Exclude<Effect, { kind: 'link' | 'unlink' | 'rename' | 'relate' }>, what: string): void {
  const s = mdState(w);
  const id = e.kind === 'remove' ? e.id : (idOf(e.element) ?? '');
  track(w, e.noun, id);
  const o = s.objects.get(key(e.noun, id))!;
  if (e.kind === 'put') {
    o.element = e.element;
    o.history.push(`created by ${what}`);
  } else if (e.kind === 'change') {
    if (o.element) o.element = applyChange(e.noun, o.element, e.element);
    o.history.push(`changed by ${what}`);
  } else if (e.kind === 'details') {
    if (o.element) {
      const after = applyDetailDelete(e.noun, o.element, e.element);
      for (const [k, v] of removedFacts(e.noun, o.element, after)) o.removed.set(k, v);
      o.element = after;
    }
    o.history.push(`details deleted by ${what}`);
  } else {
    o.element = undefined;
    o.history.push(`deleted by ${what}`);
    for (const [, meters] of s.links) meters.delete(id);
    s.links.delete(id);
  }
}

// ------------------------------------------------------------------------------------------------ step 1

function messageOf(w: Cim9World, spec: RequestSpec, header: Header): Message {
  if (spec.operationSet) return { kind: 'request', form: 'generic', header, payload: { operationSet: spec.operationSet } };
  return { kind: 'request', header, payload: spec.root ? { root: spec.root } : undefined };
}

/**
 * Step 1: send the request (and read the synchronous answer, step 2). With `async`, AsyncReplyFlag and the
 * listener's ReplyAddress are set. The objects the request would create are tracked as absent until it
 * takes effect.
 */
export async function request(w: Cim9World, spec: RequestSpec): Promise<Transaction> {
  const s = mdState(w);
  // what the earlier requests caused is theirs: claimed before this request's mark (UC-29)
  await collectEarlierPublications(w);
  const label = `${spec.verb}(${spec.noun})`;
  const extra: Partial<Header> = spec.async ? { asyncReplyFlag: true, replyAddress: w.run.listener.urlFor(LISTENER_PATHS.replies) } : {};
  const header = w.requestHeader(spec.verb, spec.noun, extra);
  const effects = effectsOfSpec(spec);
  for (const e of effects) {
    if (e.kind === 'put') track(w, e.noun, idOf(e.element) ?? '');
    if (e.kind === 'link' || e.kind === 'unlink') if (!s.links.has(e.usagePoint)) s.links.set(e.usagePoint, new Set());
  }
  const mark = w.run.listener.lastSeq;
  const exchange = await w.send(spec.role ?? 'MDM', messageOf(w, spec, header), `step 1 ${label}`, { transform: spec.transform });
  const tx: Transaction = { label, spec, header, exchange, mark, effects, ids: idsOf(spec) };
  s.transactions.push(tx);
  return tx;
}

// ------------------------------------------------------------------------------------------------ steps 2 to 4

function step2Label(tx: Transaction): string {
  return tx.spec.async ? `step 2 (acknowledgement of ${tx.label})` : `step 2 (reply to ${tx.label})`;
}

/** the assumptions of the four-step pattern in force, for findings and the report */
export function fourStepAssumptions(w: Cim9World): Record<string, string> {
  const a = w.run.assumptions;
  return { 'UC-30': a['UC-30'] ?? 'request-reply-event-ack', 'CIM9-10': a['CIM9-10'] ?? 'ok', 'CIM9-11': a['CIM9-11'] ?? 'past-tense-event', 'CIM9-12': a['CIM9-12'] ?? 'ack' };
}

/** step 2 as a list of findings: layer 1 of the answer, then the acknowledgement or the final reply (Result OK) */
export function step2Findings(w: Cim9World, tx: Transaction): Finding[] {
  const x = tx.exchange;
  const label = step2Label(tx);
  if (!x.wire) return x.findings;
  const ctx = w.ctx(label, x.received?.at);
  if (tx.spec.async) return [...x.findings, ...beyondLayer1(checkAcknowledgement(x.wire, { noun: tx.spec.noun, request: tx.header }, ctx))];
  return [...x.findings, ...beyondLayer1(checkResponse(x.wire, { noun: tx.spec.noun, request: tx.header }, ctx)), ...checkOutcome(x.wire, { result: 'OK', annexB: w.annexB }, ctx).map(withReply(x))];
}

/**
 * the findings of a check run on a message the World already checked on its own (layer 1 runs every
 * message-scope rule on every message received): only the rules that need the request or the use case
 */
function beyondLayer1(fs: Finding[]): Finding[] {
  return fs.filter((f) => !isRuleId(f.rule) || rule(f.rule).scope !== 'message');
}

const withReply = (x: Exchange) => (f: Finding): Finding => (f.rule === 'ENV-EXPECTED-RESULT' ? { ...f, message: `${f.message}: ${describeReply(x.wire?.message?.reply)}` } : f);

/** step 2: the MDM acknowledges the request (asynchronous) or answers it with Result OK (synchronous) */
export function checkStep2(w: Cim9World, tx: Transaction): void {
  // a refusal of a request the suite built invalid is the suite's error (set-up.ts ownRequestInvalid)
  ownRequestInvalid(tx.exchange, step2Label(tx));
  w.assert(tagged(step2Findings(w, tx), tx.spec.async ? fourStepAssumptions(w) : {}), `${step2Label(tx)}`);
}

function tagged(fs: Finding[], assumptions: Record<string, string>): Finding[] {
  if (!Object.keys(assumptions).length) return fs;
  return fs.map((f) => ({ ...f, assumptions: { ...assumptions, ...(f.assumptions ?? {}) } }));
}

/** does a delivery belong to this transaction: its CorrelationID, or (to name a missing one) the objects it names */
function belongsTo(tx: Transaction, m: ReceivedMessage): boolean {
  if (m.seq <= tx.mark) return false;
  const c = m.inspected.correlationId;
  if (c && (c === tx.header.correlationId || c === tx.header.messageId)) return true;
  if (c) return false;
  const read = readMessage(m.body);
  const msg = read.ok ? read.wire.message : undefined;
  if (!msg || msg.header?.noun !== tx.spec.noun) return false;
  if (tx.ids.length === 0) return true;
  const named = identifiersIn(msg.payload?.root);
  return tx.ids.some((id) => named.has(id));
}

/** wait for step 3 at the ReplyAddress (once) */
export async function awaitStep3(w: Cim9World, tx: Transaction): Promise<Exchange | undefined> {
  if (tx.step3Waited) return tx.step3;
  tx.step3Waited = true;
  const limit = w.profile.timeouts.asyncResultSeconds;
  let claimed: ReceivedMessage | undefined;
  tx.step3 = await w.receive(
    LISTENER_PATHS.replies,
    {
      predicate: (m) => {
        const ok = belongsTo(tx, m);
        if (ok && !claimed) claimed = m;
        return ok;
      },
    },
    limit,
    `step 3 (result of ${tx.label})`,
    { endWhenIdle: true },
  );
  tx.step3Delivery = tx.step3 ? claimed : undefined;
  if (tx.step3) w.lastEvent = tx.step3;
  return tx.step3;
}

function resultVerb(tx: Transaction): string {
  return pastTense(tx.spec.verb) ?? tx.spec.verb;
}

/** step 3 as a list of findings (waits for the result first) */
export async function step3Findings(w: Cim9World, tx: Transaction): Promise<Finding[]> {
  if (!tx.spec.async) throw new SuiteError(`${tx.label} was sent without AsyncReplyFlag: there is no step 3`);
  const x = await awaitStep3(w, tx);
  const limit = w.profile.timeouts.asyncResultSeconds;
  const label = `step 3 (result of ${tx.label})`;
  if (!x) {
    const stray = w.run.listener.unclaimed(tx.mark).filter((m) => m.path === LISTENER_PATHS.replies);
    return [
      {
        rule: 'ENV-ASYNC-RESULT',
        severity: 'error',
        clause: '61968-100:2013 asynchronous pattern',
        message: `${label}: no ${resultVerb(tx)}(${tx.spec.noun}) with CorrelationID ${tx.header.correlationId} reached the ReplyAddress ${w.waitedText(label, limit, 'timeouts.asyncResultSeconds')}${stray.length ? `; ${stray.length} other message(s) arrived there` : ''}`,
        expected: `${resultVerb(tx)}(${tx.spec.noun}) with CorrelationID ${tx.header.correlationId} at the ReplyAddress within ${limit} s`,
        actual: stray.length ? `${stray.length} other message(s), none of them the result` : 'nothing',
        assumptions: { 'ENV-16': `${limit}s`, ...fourStepAssumptions(w) },
      },
    ];
  }
  if (!x.wire) return x.findings;
  const ctx = w.ctx(label, x.received?.at);
  return [...x.findings, ...beyondLayer1(checkResult(x.wire, { verb: resultVerb(tx), noun: tx.spec.noun, request: tx.header, carries: tx.spec.operationSet ? 'operation-set' : 'payload', ids: tx.ids }, ctx))];
}

/** step 3: the result arrives at the ReplyAddress, well-formed and correlated */
export async function checkStep3(w: Cim9World, tx: Transaction): Promise<void> {
  const findings = [...(await step3Findings(w, tx))];
  // ENV-ASYNC-ONCE (CIM9-75): no second delivery of the result within the quiet period
  if (tx.step3) findings.push(...(await repeatedResultFindings(w, tx.step3, (m) => belongsTo(tx, m))));
  w.assert(tagged(findings, fourStepAssumptions(w)), `step 3 (result of ${tx.label})`);
}

/**
 * Step 4: the suite's acknowledgement of the result (CIM9-12 ack: the listener answered it with reply(Noun),
 * Result OK and the result's CorrelationID — recorded and attached). Nothing is asserted of the SUT beyond
 * step 3 having been a message the suite could acknowledge.
 */
export async function checkStep4(w: Cim9World, tx: Transaction): Promise<void> {
  const cim912 = assumed(w.ctx('step 4'), 'CIM9-12', 'ack');
  const x = await awaitStep3(w, tx);
  const d = tx.step3Delivery;
  if (!x || !d) {
    w.assert(await step3Findings(w, tx), `step 4 (acknowledgement of the result of ${tx.label}): no result to acknowledge`);
    return;
  }
  const xml = ACKNOWLEDGEMENTS.get(d.seq);
  tx.step4 = { xml, status: d.responseStatus };
  if (cim912 === 'none') {
    w.attach(`CIM9-12 = none: the HTTP response to the result (status ${d.responseStatus}) is not part of the exchange`, { mediaType: 'text/plain', fileName: `step 4 of ${tx.label}.txt` });
    return;
  }
  if (xml) w.attach(xml, { mediaType: 'application/xml', fileName: `step 4 (acknowledgement of the result of ${tx.label}, sent by the suite, HTTP ${d.responseStatus}).xml` });
  const problems: Finding[] = [];
  if (d.responseStatus !== 200 || !xml) {
    throw new SuiteError(`step 4: the suite's listener answered the result of ${tx.label} with HTTP ${d.responseStatus}${xml ? '' : ' and no acknowledgement'}`);
  }
  // the step-3 message must have been one the suite could acknowledge: well-formed, with a header
  if (!x.wire?.message?.header) {
    problems.push({ rule: 'ENV-STRUCTURE', severity: 'error', message: `step 4 of ${tx.label}: the result carries no readable Header to acknowledge`, expected: 'a result with a readable Header', actual: x.wire?.fault ? 'a SOAP fault' : 'no readable Header', assumptions: { 'CIM9-12': cim912 } });
  }
  w.assert(problems, `step 4 (acknowledgement of the result of ${tx.label})`);
}

// ------------------------------------------------------------------------------------------------ outcome

/**
 * The outcome of a request: the synchronous reply (a synchronous request, or a refusal in step 2), else
 * the result of step 3 (an event: OK; a reply at the ReplyAddress under CIM9-11 past-tense-or-reply: its
 * Result). When it took effect (OK; PARTIAL: the operations not named in an Error), the effects are applied
 * to the expected state. Never asserts: the steps do.
 */
export async function settle(w: Cim9World, tx: Transaction): Promise<Outcome | undefined> {
  if (tx.settled) return tx.outcome;
  tx.settled = true;
  const x = tx.exchange;
  const reply = x.wire?.message?.reply ?? x.wire?.fault?.detail?.reply;
  if (x.wire?.fault && !reply) tx.outcome = { result: 'FAILED', errors: [], step: 2, exchange: x };
  else if (reply && (!tx.spec.async || reply.result !== 'OK')) tx.outcome = { result: reply.result, errors: reply.errors ?? [], step: 2, exchange: x };
  else if (reply) {
    const r = await awaitStep3(w, tx);
    const m = r?.wire?.message;
    if (m?.kind === 'response' && m.reply) tx.outcome = { result: m.reply.result, errors: m.reply.errors ?? [], step: 3, exchange: r };
    // an event is the result of a request that took effect; with the event variant carrying a Reply (ENV-08 tolerant), its Result
    else if (m?.kind === 'event') tx.outcome = { result: m.reply?.result || 'OK', errors: m.reply?.errors ?? [], step: 3, exchange: r };
  }
  const o = tx.outcome;
  const applied: Effect[] = [];
  if (o && (o.result === 'OK' || o.result === 'PARTIAL')) {
    const failedOps = new Set(o.errors.map((e) => e.operationId).filter((n): n is number => n !== undefined));
    for (const e of tx.effects) {
      if (o.result === 'PARTIAL' && (e.operationId === undefined || failedOps.has(e.operationId))) continue;
      applyEffect(w, e, e.operationId !== undefined ? `operation ${e.operationId} of ${tx.label}` : tx.label);
      applied.push(e);
    }
  }
  tx.told = toldOf(w, applied);
  return o;
}

/** settle a request and assert it was accepted (the steps that apply to its mode), for preconditions */
export async function perform(w: Cim9World, spec: RequestSpec, purpose: string): Promise<Transaction> {
  const tx = await request(w, spec);
  const findings = step2Findings(w, tx);
  if (spec.async && !findings.some((f) => f.severity === 'error')) findings.push(...(await step3Findings(w, tx)));
  w.assert(findings, `precondition "${purpose}" (${tx.label})`);
  await settle(w, tx);
  return tx;
}

export interface RefusalExpectation {
  /** the Annex B codes accepted (asserted when the SUT claims Annex B, COD-06) */
  codes?: readonly string[];
  assumptions?: Record<string, string>;
  /** accept a SOAP fault for it (ENV-11) */
  acceptSoapFault?: boolean;
  result?: 'FAILED' | 'PARTIAL';
}

/**
 * The request is refused: a well-formed answer (step 2, or the result of step 3) with Result FAILED (or
 * PARTIAL) and, when the SUT claims Annex B, one of the expected codes.
 */
export async function checkRefused(w: Cim9World, tx: Transaction, expect: RefusalExpectation): Promise<void> {
  const x = tx.exchange;
  const label = `${step2Label(tx)}`;
  const findings: Finding[] = [...x.findings];
  const result = expect.result ?? 'FAILED';
  if (x.wire && !x.wire.fault) findings.push(...beyondLayer1(checkResponse(x.wire, { noun: tx.spec.noun, request: tx.header }, w.ctx(label, x.received?.at))));
  const o = await settle(w, tx);
  const ctxLabel = o?.step === 3 ? `step 3 (result of ${tx.label})` : label;
  const where = o?.exchange ?? x;
  if (o?.step === 3 && o.result === 'OK') {
    findings.push({ rule: 'ENV-EXPECTED-RESULT', severity: 'error', message: `${ctxLabel}: the MDM acknowledged the request and delivered ${resultVerb(tx)}(${tx.spec.noun}): it took effect, but Result ${result} was expected`, expected: `Result ${result}`, actual: `acknowledged, and ${resultVerb(tx)}(${tx.spec.noun}) with Result OK delivered`, assumptions: { ...fourStepAssumptions(w), ...(expect.assumptions ?? {}) } });
  } else if (o?.step === 3 && !where.wire) {
    findings.push(...where.findings);
  } else if (where.wire) {
    findings.push(
      ...checkOutcome(where.wire, { result, codes: expect.codes, annexB: w.annexB, acceptSoapFault: expect.acceptSoapFault }, w.ctx(ctxLabel, where.received?.at)).map((f) => ({
        ...withReply(where)(f),
        assumptions: { ...(f.assumptions ?? {}), ...(expect.assumptions ?? {}) },
      })),
    );
  } else if (!o) {
    findings.push(...(await step3Findings(w, tx)));
  }
  // a negative: the refusal expected, and the MDM accepting a valid request of the same kind (CIM9-61)
  const acceptedInstead = o?.result === 'OK' || (result === 'FAILED' && o?.result === 'PARTIAL');
  const broken = [...x.findings, ...(where !== x ? where.findings : [])];
  await judgeRefusal(w, { refusal: findings, acceptedInstead, what: `${tx.label}: refusal`, twin: masterDataTwin(w, tx), broken, answer: x });
}

/**
 * The valid twin of a refused master-data request: a request of the same scenario the MDM accepted (a
 * precondition), else a read of the same service — GetMeterConfig of a meter of data.meters (GetUsagePointConfig
 * of its usage point for a usage-point request), master data the MDM has; accepted when answered with Result OK.
 */
function masterDataTwin(w: Cim9World, tx: Transaction): Twin {
  const role = tx.spec.role ?? 'MDM';
  const earlier = mdState(w).transactions.find((t) => t !== tx && (t.spec.role ?? 'MDM') === role && t.outcome?.result === 'OK');
  const known = w.profile.data.meters[0];
  if (!known) throw new SuiteError("the profile's data.meters is empty: the valid twin of a master-data negative needs a meter the MDM has");
  const byUsagePoint = tx.spec.noun === 'UsagePointConfig' && known.usagePoint;
  const noun: ConfigNoun = byUsagePoint ? 'UsagePointConfig' : 'MeterConfig';
  const id = byUsagePoint ? known.usagePoint! : known.mRID;
  const get: Twin = { role, negative: true, label: `Get${noun} of ${CONFIG_OBJECT[noun]} ${id} (data.meters)`, build: () => getMessage(w, noun, { [CONFIG_OBJECT[noun]]: [id] }) };
  // accepted in this scenario already: nothing to send
  return earlier ? { ...get, acceptedAs: `${earlier.label}, accepted earlier in the scenario` } : get;
}

/** the per-operation report of an OperationSet reply (MD-OPERATION-SET, ENV-20) */
export async function checkOperationSetReport(w: Cim9World, tx: Transaction, failing: number | undefined): Promise<void> {
  const o = await settle(w, tx);
  const set = tx.spec.operationSet;
  if (!set) throw new SuiteError(`${tx.label} carries no OperationSet`);
  const m = o?.exchange?.wire?.message ?? o?.exchange?.wire?.fault?.detail;
  w.assert(
    checkOperationSetReply(m, { operationIds: set.operations.map((op) => op.operationId), failing, transactional: set.enforceTransactionalIntegrity ?? assumed(w.ctx(''), 'ENV-06', 'false') === 'true' }, w.ctx(`${o?.step === 3 ? 'step 3' : 'step 2'} of ${tx.label}`)),
    `${tx.label}: report per operation`,
  );
}

// ------------------------------------------------------------------------------------------------ Get

/** the Get<Noun> request for objects (PAY-11: the Get profile in Request, or the noun profile in Payload) */
export function getMessage(w: Cim9World, noun: ConfigNoun, filter: Record<string, string[]>): Message {
  const header = w.requestHeader('get', noun);
  const pay11 = assumed(w.ctx(''), 'PAY-11', 'request');
  // CIM9-286: the 2013 customer-side nouns are read back with a proposed Get<Noun> profile
  if (isCustomerConfigNoun(noun)) assumed(w.ctx(''), 'CIM9-286', 'get-profile');
  const f = Object.fromEntries(Object.entries(filter).map(([role, ids]) => [role, ids.map((mRID) => ({ mRID }))]));
  if (pay11 === 'payload-only') {
    return { kind: 'request', query: false, header, payload: { root: nounProfileFilter(noun, filter[CONFIG_OBJECT[noun]]?.map((mRID) => ({ mRID })) ?? []) } };
  }
  return { kind: 'request', header, request: { query: buildGetConfig(noun, f) } };
}

async function get(w: Cim9World, noun: ConfigNoun, filter: Record<string, string[]>, what: string): Promise<{ x: Exchange; findings: Finding[]; objects?: XNode[] }> {
  const x = await w.send('MDM', getMessage(w, noun, filter), `Get${noun} ${what}`);
  const findings = [...x.findings];
  if (!x.wire) return { x, findings };
  findings.push(...beyondLayer1(checkResponse(x.wire, { noun, request: x.sent!.header! }, w.ctx(`Get${noun} ${what}`, x.received?.at))));
  const m = x.wire.message;
  const root = m?.payload?.root;
  return { x, findings, objects: m?.reply?.result === 'OK' ? (root ? configObjects(root, noun) : []) : undefined };
}

/**
 * Read every object of the scenario back with Get<Noun> (and, for every usage point whose links the scenario
 * touched, the meters linked to it with GetMeterConfig by UsagePoint) and compare with the expected state.
 * An absent object may be answered with OK and no such object or FAILED with its "invalid …" code (UC-34).
 */
export async function verifyState(w: Cim9World): Promise<void> {
  const s = mdState(w);
  if (s.objects.size === 0 && s.links.size === 0) throw new SuiteError('the scenario tracked no master data to read back: the step has nothing to check');
  for (const tx of s.transactions) await settle(w, tx);
  const findings: Finding[] = [];
  const uc34 = assumed(w.ctx(''), 'UC-34', 'either');
  for (const o of s.objects.values()) {
    const what = `of ${o.object} ${o.id}`;
    const r = await get(w, o.noun, { [o.object]: [o.id] }, what);
    findings.push(...r.findings);
    const ctx = w.ctx(`Get${o.noun} ${what}`, r.x.received?.at);
    const reply = r.x.wire?.fault ? undefined : r.x.wire?.message?.reply;
    if (!reply) {
      findings.push(unreadable(r.x, ctx.label));
      continue;
    }
    if (o.element) {
      if (!r.objects) {
        findings.push({ rule: 'MD-STATE', severity: 'error', message: `${ctx.label}: Result ${describeReply(reply)}: the MDM does not show ${o.object} ${o.id} (${o.history.join(', ') || 'expected to exist'})`, expected: `${o.object} ${o.id} shown`, actual: `Result ${describeReply(reply)}, no object` });
        continue;
      }
      const actual = r.objects.find((n) => objectIds(n).includes(o.id));
      findings.push(...checkObjectState(actual, o, ctx, o.removed));
    } else if (r.objects) {
      const actual = r.objects.find((n) => objectIds(n).includes(o.id));
      findings.push(...checkObjectState(actual, o, ctx));
      if (!actual && uc34 === 'failed') findings.push({ rule: 'ENV-EXPECTED-RESULT', severity: 'error', message: `${ctx.label}: Result OK for an object that does not exist; UC-34 = failed expects FAILED with an "invalid …" code`, expected: 'Result FAILED with an "invalid …" code', actual: 'Result OK', assumptions: { 'UC-34': uc34 } });
    } else {
      const codes = INVALID_OBJECT_CODES[o.object] ?? [];
      const annexB = w.annexB;
      if (uc34 === 'ok-empty') findings.push({ rule: 'ENV-EXPECTED-RESULT', severity: 'error', message: `${ctx.label}: Result ${describeReply(reply)} for an object that does not exist; UC-34 = ok-empty expects OK without it`, expected: 'Result OK without the object', actual: `Result ${describeReply(reply)}`, assumptions: { 'UC-34': uc34 } });
      else if (annexB && reply.result === 'FAILED' && !(reply.errors ?? []).some((e) => codes.includes(e.code))) {
        findings.push({ rule: 'ENV-EXPECTED-CODE', severity: 'error', message: `${ctx.label}: ${o.object} ${o.id} does not exist; expected Result FAILED with ${codes.join(' or ')} or OK without it, got ${describeReply(reply)}`, expected: `Result FAILED with ${codes.join(' or ')}, or OK without the object`, actual: `Result ${describeReply(reply)}`, assumptions: { 'UC-34': uc34, 'COD-06': w.run.assumptions['COD-06'] ?? 'when-claimed' } });
      }
    }
  }
  for (const [usagePoint, meters] of s.links) {
    const up = s.objects.get(key('UsagePointConfig', usagePoint));
    if (up && !up.element) continue;
    const what = `of the meters at usage point ${usagePoint}`;
    const r = await get(w, 'MeterConfig', { UsagePoint: [usagePoint] }, what);
    findings.push(...r.findings);
    const reply = r.x.wire?.fault ? undefined : r.x.wire?.message?.reply;
    if (!reply) {
      findings.push(unreadable(r.x, `GetMeterConfig ${what}`));
      continue;
    }
    const shown = new Set((r.objects ?? []).flatMap((n) => objectIds(n)));
    const label = `GetMeterConfig ${what}`;
    for (const m of meters) {
      if (!shown.has(m)) findings.push({ rule: 'MD-STATE', severity: 'error', message: `${label}: meter ${m} is not shown at usage point ${usagePoint}, but it was linked there (Result ${describeReply(reply)})`, expected: `meter ${m} at usage point ${usagePoint}`, actual: shown.size ? `meters ${[...shown].join(', ')}` : 'no meter' });
    }
    const ended = [...linkedEver(s, usagePoint)].filter((m) => !meters.has(m));
    for (const m of ended) if (shown.has(m)) findings.push({ rule: 'MD-STATE', severity: 'error', message: `${label}: meter ${m} is still shown at usage point ${usagePoint}, but it must not be linked there`, expected: `meter ${m} no longer at usage point ${usagePoint}`, actual: `meter ${m} shown there` });
  }
  w.assert(findings, 'the master data read back with Get requests');
}

/**
 * MD-01 / MD-02 (2013): a Get<UsagePointConfig> filtered by a customer-side object (Customer, CustomerAccount,
 * CustomerAgreement, ServiceLocation) the usage point was linked to shows that usage point (MD-STATE). A reply that is
 * not OK, or OK without the usage point, is a finding; no reply at all cannot pass either.
 */
export async function checkUsagePointsOf(w: Cim9World, role: string, id: string, usagePoint: string): Promise<void> {
  const what = `of ${role} ${id}`;
  const r = await get(w, 'UsagePointConfig', { [role]: [id] }, what);
  const findings: Finding[] = [...r.findings];
  const label = `GetUsagePointConfig ${what}`;
  const reply = r.x.wire?.fault ? undefined : r.x.wire?.message?.reply;
  if (!reply) findings.push(unreadable(r.x, label));
  else if (!r.objects) findings.push({ rule: 'MD-STATE', severity: 'error', message: `${label}: Result ${describeReply(reply)}: the MDM does not show the usage point ${usagePoint} linked to ${role} ${id}`, expected: `usage point ${usagePoint} shown`, actual: `Result ${describeReply(reply)}, no usage point` });
  else if (!r.objects.some((n) => objectIds(n).includes(usagePoint))) findings.push({ rule: 'MD-STATE', severity: 'error', message: `${label}: usage point ${usagePoint} is not shown, but it was linked to ${role} ${id} (${r.objects.length} usage point(s) shown)`, expected: `usage point ${usagePoint} shown`, actual: `${r.objects.length} other usage point(s)` });
  w.assert(findings, `the usage points of ${role} ${id} read back with GetUsagePointConfig`);
}

/**
 * MD-NEG-LINK-CUST / MD-NEG-LINK-CUST-UP (2013): after a refused link of a customer-side object and a usage point, a
 * GetUsagePointConfig filtered by the customer-side object does not show the usage point (MD-STATE). A customer-side
 * object the MDM does not know may be answered FAILED with its "invalid …" code (UC-34) or OK without the usage point;
 * a known one must be answered OK. Another answer, or none, cannot show that the link was not made: a finding.
 */
export async function checkNoUsagePointOf(w: Cim9World, role: string, id: string, usagePoint: string, filterKnown: boolean): Promise<void> {
  const what = `of ${role} ${id}`;
  const r = await get(w, 'UsagePointConfig', { [role]: [id] }, what);
  const findings: Finding[] = [...r.findings];
  const label = `GetUsagePointConfig ${what}`;
  const reply = r.x.wire?.fault ? undefined : r.x.wire?.message?.reply;
  const codes = INVALID_OBJECT_CODES[role] ?? [];
  if (!reply) findings.push(unreadable(r.x, label));
  else if (r.objects) {
    if (r.objects.some((n) => objectIds(n).includes(usagePoint))) findings.push({ rule: 'MD-STATE', severity: 'error', message: `${label}: usage point ${usagePoint} is shown linked to ${role} ${id}, but the MDM refused that link`, expected: `usage point ${usagePoint} not shown (the link was refused)`, actual: `usage point ${usagePoint} shown` });
  } else if (filterKnown || !(reply.errors ?? []).some((e) => codes.includes(e.code))) {
    const why = filterKnown ? `${role} ${id} was created at the MDM earlier in the scenario` : `${role} ${id} is unknown to the MDM, which would be Result FAILED with ${codes.join(' or ')} or OK without the usage point`;
    findings.push({ rule: 'MD-STATE', severity: 'error', message: `${label}: Result ${describeReply(reply)}: this does not show whether usage point ${usagePoint} is linked (${why})`, expected: filterKnown ? 'Result OK' : `Result OK without the usage point, or FAILED with ${codes.join(' or ')}`, actual: `Result ${describeReply(reply)}` });
  }
  if (!findings.some((f) => f.severity === 'error')) w.attach(`${label}: Result ${describeReply(reply!)}${r.objects ? `, ${r.objects.length} usage point(s) shown` : ''}: usage point ${usagePoint} is not linked to ${role} ${id}, as expected`, { mediaType: 'text/plain', fileName: `${label}.txt` });
  w.assert(findings, `the usage points of ${role} ${id} read back with GetUsagePointConfig`);
}

/** a Get that was not answered with a ResponseMessage carrying Reply/Result: the state cannot be read back (never a silent pass) */
function unreadable(x: Exchange, label: string): Finding {
  const w = x.wire;
  const why = !x.received ? 'no reply' : w?.fault ? `a SOAP fault "${w.fault.reason}" (HTTP ${x.received.status ?? '-'})` : !w ? `an unreadable reply (HTTP ${x.received.status ?? '-'})` : `no Reply/Result (HTTP ${x.received.status ?? '-'})`;
  return { rule: 'MD-STATE', clause: rule('MD-STATE').clause, severity: 'error', message: `${label}: answered with ${why}: the MDM does not show the master data the scenario expects`, file: label, expected: 'a ResponseMessage with Reply/Result', actual: why };
}

/** every meter a transaction of the scenario tried to link to or unlink from a usage point */
function linkedEver(s: MasterDataState, usagePoint: string): Set<string> {
  const out = new Set<string>();
  for (const tx of s.transactions) for (const e of tx.effects) if ((e.kind === 'link' || e.kind === 'unlink') && e.usagePoint === usagePoint) out.add(e.meter);
  return out;
}

// ------------------------------------------------------------------------------------------------ publication (UC-29)

/** is the suite a registered subscriber of the SUT's master-data publications (the capability, or UC-29 = always) */
export interface Registration {
  registered: boolean;
  /** UC-29 and the capability, as findings quote them */
  assumptions: Record<string, string>;
}

/** where the verdict's dependence on the PICS is named (its used assumptions): the SUT declares master-data publications */
export const MD_PUBLICATION_KEY = 'pics.publishes (master data)';

/** the registration in force; `record`: the verdict depends on it (the assumption and the capability are reported) */
export function registration(w: Cim9World, record = true): Registration {
  const uc29 = record ? assumed(w.ctx(''), 'UC-29', 'when-subscribed') : (w.run.assumptions['UC-29'] ?? 'when-subscribed');
  const cap = publishesMasterData(w.profile, w.scenarioRoles);
  if (record) w.usedAssumptions[MD_PUBLICATION_KEY] = String(cap);
  return { registered: cap || uc29 === 'always', assumptions: { 'UC-29': uc29, [MD_PUBLICATION_KEY]: String(cap) } };
}

/** runs in which a publication was waited for in vain: later unexamined ones are waited for a quiet period only */
const missedIn = new WeakSet<RunContext>();

/** the identifiers a transaction concerns: its objects, the objects it links, the names it gives */
export function subjectsOf(tx: Transaction): Set<string> {
  const out = new Set<string>(tx.ids);
  for (const e of tx.effects) {
    if (e.kind === 'link' || e.kind === 'unlink') {
      out.add(e.meter);
      out.add(e.usagePoint);
    } else if (e.kind === 'rename') out.add(e.id);
    else if (e.kind === 'relate') for (const id of e.ids) out.add(id);
    else out.add(e.kind === 'remove' ? e.id : (idOf(e.element) ?? ''));
  }
  out.delete('');
  return out;
}

/**
 * A delivery after `since` naming one of `subjects` in its payload (OperationSet included). A delivery with
 * no readable payload counts when `noun` is given and its header says that noun (or nothing), so that a broken
 * publication fails on its content instead of being waited for in vain.
 */
export function concerns(subjects: ReadonlySet<string>, since: number, noun?: string): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since) return false;
    const read = readMessage(m.body);
    const named = identifiersOfMessage(read.ok ? read.wire.message : undefined);
    if (named.size === 0) return noun !== undefined && (m.inspected.noun === undefined || m.inspected.noun === noun);
    for (const id of named) if (subjects.has(id)) return true;
    return false;
  };
}

/**
 * the facts of the changes of an object (their identity and the elements they carried), each with the value the
 * object now has: what a delta publication of it must show (CIM9-51); undefined unless every effect of the
 * transaction on the object is a `change` (a create is published in full, a delete by identity)
 */
function deltaOf(o: TrackedObject, effects: Effect[]): Facts | undefined {
  if (!o.element || effects.length === 0 || !effects.every((e) => e.kind === 'change')) return undefined;
  const now = factsOf(o.profile, o.element);
  const out: Facts = new Map();
  for (const e of effects) for (const [k, v] of factsOf(o.profile, e.element)) out.set(k, now.get(k) ?? v);
  return out;
}

/** what a subscriber must be told of the effects applied: each object as it now is, new names, links */
function toldOf(w: Cim9World, applied: Effect[]): PublishedItem[] {
  const s = mdState(w);
  const items: PublishedItem[] = [];
  const seen = new Set<string>();
  for (const e of applied) {
    if (e.kind === 'link' || e.kind === 'unlink') {
      items.push({ kind: 'link', ids: [e.meter, e.usagePoint], ended: e.kind === 'unlink' });
      continue;
    }
    if (e.kind === 'relate') {
      items.push({ kind: 'link', ids: e.ids, ended: e.ended });
      continue;
    }
    if (e.kind === 'rename') {
      const names = e.names.flatMap((n) => elementChildren(n).filter((c) => c.name === 'name').map((c) => c.text ?? '')).filter(Boolean);
      items.push({ kind: 'names', id: e.id, names });
      continue;
    }
    const k = key(e.noun, e.kind === 'remove' ? e.id : (idOf(e.element) ?? ''));
    const o = s.objects.get(k);
    if (!o || seen.has(k)) continue;
    seen.add(k);
    const mine = applied.filter((x): x is Exclude<Effect, { kind: 'link' | 'unlink' | 'rename' | 'relate' }> => x.kind !== 'link' && x.kind !== 'unlink' && x.kind !== 'rename' && x.kind !== 'relate' && key(x.noun, x.kind === 'remove' ? x.id : (idOf(x.element) ?? '')) === k);
    const delta = deltaOf(o, mine);
    items.push({ kind: 'object', expected: { profile: o.profile, object: o.object, id: o.id, element: o.element, history: [...o.history] }, removed: new Map(o.removed), ...(delta ? { delta } : {}) });
  }
  return items;
}

/**
 * The verbs a publication of the transaction may carry: the past tense of its verb (P2; `executed` for an
 * OperationSet, P4). The end of a link: closed or deleted (PAY-14); a delete of details: changed or deleted
 * (UC-31).
 */
function publicationVerbs(w: Cim9World, tx: Transaction): { verbs: string[]; assumptions: Record<string, string> } {
  const v = tx.spec.verb;
  const past = pastTense(v) ?? v;
  if (tx.spec.noun === 'MasterDataLinkageConfig' && (v === 'delete' || v === 'close')) {
    const pay14 = assumed(w.ctx(''), 'PAY-14', 'close-or-delete');
    const verbs = pay14 === 'close' ? ['closed'] : pay14 === 'delete' ? ['deleted'] : [past, v === 'close' ? 'deleted' : 'closed'];
    return { verbs, assumptions: { 'PAY-14': pay14 } };
  }
  if (v === 'delete' && tx.effects.length > 0 && tx.effects.every((e) => e.kind === 'details')) {
    return { verbs: ['changed', 'deleted'], assumptions: { 'UC-31': assumed(w.ctx(''), 'UC-31', 'operation-set') } };
  }
  return { verbs: [past], assumptions: {} };
}

/** what the publication of a settled transaction must be */
export function publicationExpectation(w: Cim9World, tx: Transaction, reg: Registration): PublicationExpectation {
  const v = publicationVerbs(w, tx);
  return { change: tx.label, verbs: v.verbs, noun: tx.spec.noun, carries: tx.spec.operationSet ? 'operation-set' : 'payload', items: tx.told ?? [], assumptions: { ...reg.assumptions, ...v.assumptions } };
}

function publicationLabel(tx: Transaction): string {
  return `publication of ${tx.label} to the subscriber (UC-29)`;
}

/** claim (without examining) the publication of a transaction that took effect, and attach it as not examined */
async function collectUnexamined(w: Cim9World, tx: Transaction, seconds: number): Promise<void> {
  if (tx.publication || !tx.told?.length) return;
  const outcome = await w.run.listener.waitFor({ path: LISTENER_PATHS.masterData, predicate: concerns(subjectsOf(tx), tx.mark, tx.spec.noun) }, seconds * 1000, `${w.scenarioName} (not examined)`);
  if (!outcome.ok) {
    tx.publication = { examined: false };
    missedIn.add(w.run);
    return;
  }
  tx.publication = { examined: false, delivery: outcome.message };
  attachUnexamined(w, outcome.message, publicationLabel(tx));
}

function attachUnexamined(w: Cim9World, m: ReceivedMessage, what: string): void {
  w.attach(m.body.toString('utf8'), { mediaType: 'application/xml', fileName: `${what}, not examined (#${m.seq}, ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'})).xml` });
}

/**
 * how long to wait for a publication no step examines: the event time limit, a quiet period once one never came
 * (against the embedded reference SUT: until it is idle, Cim9World.quietLeft)
 */
async function unexaminedWait(w: Cim9World): Promise<number> {
  return missedIn.has(w.run) ? w.quietLeft(quietSecondsOf(w.profile)) : w.profile.timeouts.eventSeconds;
}

/** before a request: claim the publications of the scenario's earlier requests (they are not examined) */
async function collectEarlierPublications(w: Cim9World): Promise<void> {
  const s = mdState(w);
  if (!s.transactions.some((t) => !t.publication) || !registration(w, false).registered) return;
  for (const t of s.transactions) {
    if (t.publication) continue;
    await settle(w, t);
    await collectUnexamined(w, t, await unexaminedWait(w));
  }
}

/**
 * At the end of a master-data scenario (an After hook): claim what the scenario caused and no step examined —
 * the publications of settled requests that took effect (waited for as long as a publication may take), then
 * any other delivery at <listener>/masterdata naming the scenario's objects (repeats) — and attach it as not
 * examined, so that the report's unsolicited messages are the SUT's, not the scenario's. Never asserts.
 */
export async function collectLeftoverPublications(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s?.transactions.length || !registration(w, false).registered) return;
  for (const t of s.transactions) if (t.settled && !t.publication) await collectUnexamined(w, t, await unexaminedWait(w));
  const subjects = new Set(s.transactions.flatMap((t) => [...subjectsOf(t)]));
  const rest = w.run.listener.drain({ path: LISTENER_PATHS.masterData, sinceSeq: s.transactions[0]!.mark, predicate: concerns(subjects, s.transactions[0]!.mark) }, `${w.scenarioName} (not examined)`);
  for (const m of rest) attachUnexamined(w, m, 'another publication about the objects of the scenario');
}

/**
 * seconds left of the quiet period (timeouts.quietSeconds) that began at `from` (now when unknown); the callers
 * watch it through Cim9World.quietLeft, which ends it when the embedded reference SUT is idle
 */
function quietAfter(w: Cim9World, from: Date | undefined): number {
  const quiet = quietSecondsOf(w.profile);
  if (!from) return quiet;
  return Math.max(0, Math.min(quiet, quiet - (Date.now() - from.getTime()) / 1000));
}

/** a publication step of a scenario that runs whether or not the suite is registered: say it was not checked */
function notChecked(w: Cim9World, reg: Registration, what: string): void {
  w.attach(
    `${what}: not checked. The suite is not registered as a subscriber of the SUT's master-data publications (${MD_PUBLICATION_KEY}: ${reg.assumptions[MD_PUBLICATION_KEY]}; assumption UC-29 = ${reg.assumptions['UC-29']}: a publication is required only when the suite is registered). Register <listener.publicUrl>/${LISTENER_PATHS.masterData} at the SUT and declare what it publishes in pics.<role>.publishes to check it.`,
    { mediaType: 'text/plain', fileName: 'publication not checked (UC-29).txt' },
  );
  // not silent: the conformance statement lists what this passing step did not check (issue 11)
  w.findings.push({ rule: 'MD-PUBLICATION', clause: rule('MD-PUBLICATION').clause, severity: 'info', message: `${what}: not checked — the suite is not a registered subscriber (${MD_PUBLICATION_KEY}, UC-29)`, expected: 'the publication, checked at <listener>/masterdata (the suite a registered subscriber)', actual: 'not checked: the suite is not registered', assumptions: reg.assumptions });
}

/** unclaimed deliveries after the mark that name the objects but went to another address of the suite than /masterdata (step-3 results aside) */
function publishedElsewhere(w: Cim9World, tx: Transaction): Finding[] {
  const match = concerns(subjectsOf(tx), tx.mark);
  return deliveredElsewhere(w.run.listener, LISTENER_PATHS.masterData, tx.mark, (m) => m.path !== LISTENER_PATHS.replies && match(m));
}

/**
 * The subscribers of the MDM are told of the change once (UC-29, MD-PUBLICATION): the publication of the
 * transaction arrives at <listener>/masterdata within timeouts.eventSeconds, passes layer 1 (schema, envelope),
 * is the past-tense EventMessage of the change with the objects as they now are, and is not followed by a
 * second one about the same objects within timeouts.quietSeconds. Not registered: a note, no verdict.
 */
export async function checkPublished(w: Cim9World, tx: Transaction): Promise<void> {
  const reg = registration(w);
  const label = publicationLabel(tx);
  if (!reg.registered) return notChecked(w, reg, label);
  await settle(w, tx);
  if (!tx.told?.length) throw new SuiteError(`${tx.label} took no effect (${tx.outcome ? `Result ${tx.outcome.result}` : 'no outcome'}): there is no change a subscriber could be told of`);
  const expect = publicationExpectation(w, tx, reg);
  const seconds = w.profile.timeouts.eventSeconds;
  const subjects = subjectsOf(tx);
  let x = tx.publication?.exchange;
  let first: ReceivedMessage | undefined = tx.publication?.delivery;
  if (!tx.publication) {
    x = await w.receive(
      LISTENER_PATHS.masterData,
      {
        predicate: (m) => {
          const ok = concerns(subjects, tx.mark, tx.spec.noun)(m);
          if (ok && !first) first = m;
          return ok;
        },
      },
      seconds,
      label,
    );
    if (!x) first = undefined;
    tx.publication = { examined: true, exchange: x, delivery: first };
  }
  if (!x) {
    missedIn.add(w.run);
    const strays = strayDeliveries(w.run.listener, LISTENER_PATHS.masterData, tx.mark);
    w.assert(
      tagged([missingPublicationFinding(label, expect, { seconds, address: w.run.listener.urlFor(LISTENER_PATHS.masterData), strays }), ...publishedElsewhere(w, tx)], reg.assumptions),
      label,
    );
    return;
  }
  const findings: Finding[] = [...x.findings];
  findings.push(...beyondLayer1(checkPublication(x.wire, expect, w.ctx(label, x.received?.at))));
  // a wrong publication fails the step at once; a right one is watched for a repeat
  if (findings.some((f) => f.severity === 'error')) return w.assert(tagged(findings, expect.assumptions), label);
  // told once: a second publication about the same objects within the quiet period (timeouts.quietSeconds) after the first arrived
  const since = first?.seq ?? tx.mark;
  const again = await w.receive(LISTENER_PATHS.masterData, { predicate: concerns(subjects, since, tx.spec.noun) }, await w.quietLeft(quietAfter(w, x.received?.at)), `second ${label}`);
  if (again?.received) {
    const h = again.wire?.message?.header;
    findings.push(repeatedPublicationFinding(label, tx.label, { at: x.received?.at }, { at: again.received.at, messageId: h?.messageId, verb: h?.verb }, expect.assumptions));
  }
  w.assert(tagged(findings, expect.assumptions), label);
}

/**
 * The subscribers of the MDM are told of nothing (UC-29, MD-PUBLICATION): no delivery naming the objects of a
 * request that did not take effect arrives at <listener>/masterdata within timeouts.quietSeconds.
 */
export async function checkNothingPublished(w: Cim9World, tx: Transaction): Promise<void> {
  const reg = registration(w);
  const label = `publication after ${tx.label} (UC-29)`;
  if (!reg.registered) return notChecked(w, reg, label);
  const quiet = quietSecondsOf(w.profile);
  // the quiet period runs from the answer that refused the request (step 3 when it came there)
  const answered = tx.outcome?.exchange?.received?.at ?? tx.exchange.received?.at;
  const x = await w.receive(LISTENER_PATHS.masterData, { predicate: concerns(subjectsOf(tx), tx.mark, tx.spec.noun) }, await w.quietLeft(quietAfter(w, answered)), `${label}, none expected`);
  if (!x) {
    w.attach(`${label}: nothing about ${[...subjectsOf(tx)].join(', ')} arrived at ${w.run.listener.urlFor(LISTENER_PATHS.masterData)} within ${quiet} s (timeouts.quietSeconds), as expected`, { mediaType: 'text/plain', fileName: `${label}.txt` });
    return;
  }
  const h = x.wire?.message?.header;
  w.assert(tagged([publicationOfRefusalFinding(label, tx.label, { verb: h?.verb, noun: h?.noun, messageId: h?.messageId }, reg.assumptions), ...x.findings], reg.assumptions), label);
}
