/**
 * IEC 61968-100 ed.1 envelopes: typed model, builder and reader for RequestMessage, ResponseMessage,
 * EventMessage and FaultMessage, in per-noun wrapper form (the IEC 61968-9 convention) or generic form
 * (message-namespace elements). ../shared/spec/envelope.md §2–§4.
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import {
  DRAFT_REQUEST_MESSAGE_NOUNS,
  EVENT_VERBS,
  generationOf,
  MESSAGE_NS,
  queryWrapperNs,
  verbOfWrapperElement,
  wrapperElement,
  wrapperNs,
  type BuildGeneration,
  type ElementName,
  type Generation,
  type MessageKind,
} from './names.ts';

export const M = MESSAGE_NS['2013'];

export interface IdRef {
  value: string;
  idType?: string;
  idAuthority?: string;
  kind?: 'name' | 'uuid' | 'transaction' | 'other' | string;
  objectType?: string;
}

export interface Header {
  verb: string;
  noun: string;
  revision?: string;
  context?: string;
  timestamp?: string;
  source?: string;
  asyncReplyFlag?: boolean;
  replyAddress?: string;
  ackRequired?: boolean;
  user?: { userId: string; organization?: string };
  messageId?: string;
  correlationId?: string;
  comment?: string;
  properties?: { name: string; value?: string }[];
}

export interface Option {
  name: string;
  value?: string;
}

export interface RequestPart<Q = XElement> {
  startTime?: string;
  endTime?: string;
  options?: Option[];
  ids?: IdRef[];
  /** the query profile root (Get<Noun>) of a get, or any extension content of a generic request */
  query?: Q;
}

export interface ErrorItem {
  code: string;
  level?: string;
  reason?: string;
  details?: string;
  xpath?: string;
  stackTrace?: string;
  id?: IdRef;
  relatedId?: IdRef;
  operationId?: number;
}

export interface ReplyPart {
  result: 'OK' | 'PARTIAL' | 'FAILED' | string;
  errors?: ErrorItem[];
  ids?: IdRef[];
  operationId?: number;
}

/** one Operation of an OperationSet (envelope.md §3.7) */
export interface OperationPart<P = XElement> {
  /** unique within the set; Reply/Error operationId refer to it */
  operationId: number;
  noun?: string;
  verb?: string;
  /** true: the verb applies to the elements present in the payload (element-level change/delete) */
  elementOperation?: boolean;
  /** the profile payload of the operation (MeterConfig, UsagePointConfig ...) */
  root?: P;
}

/** Payload/OperationSet (envelope.md §3.6): grouped operations of master data management */
export interface OperationSetPart<P = XElement> {
  enforceMsgSequence?: boolean;
  /** absent: false in ed.1, true in the 2011 draft (assumption ENV-06) */
  enforceTransactionalIntegrity?: boolean;
  operations: OperationPart<P>[];
}

export interface PayloadPart<P = XElement> {
  /** the profile root (MeterReadings, EndDeviceEvents ...) */
  root?: P;
  /** Payload/OperationSet: after the profile root in a noun wrapper, alone in a generic message */
  operationSet?: OperationSetPart<P>;
  compressed?: string;
  format?: string;
}

/** A message to build. */
export interface Message {
  kind: MessageKind;
  /** wrapper: per-noun wrapper element (default); generic: RequestMessage/ResponseMessage/... in the message namespace */
  form?: 'wrapper' | 'generic';
  /** for a response or fault to a get: use the Get<Noun>Message wrapper namespace */
  query?: boolean;
  /** the noun of a fault message (faults have no header) */
  noun?: string;
  header?: Header;
  request?: RequestPart;
  reply?: ReplyPart;
  payload?: PayloadPart;
  /** override the element (for deliberately wrong messages in negative scenarios) */
  element?: ElementName;
  /**
   * the namespace generation to build in (envelope.md §1.1): '2013' (IEC 61968-100 ed.1, default; also the 2024
   * edition) or 'draft-2011' (message and wrapper namespaces with www., the draft-only <Noun>RequestMessage for a get)
   */
  generation?: BuildGeneration;
}

// ------------------------------------------------------------------------------------------------
// building

function idElement(ns: string, name: string, id: IdRef | undefined): XElement | undefined {
  if (!id) return undefined;
  return {
    ns,
    name,
    text: id.value,
    attrs: { idType: id.idType, idAuthority: id.idAuthority, kind: id.kind, objectType: id.objectType },
  };
}

export function headerChildren(h: Header, M: string = MESSAGE_NS['2013']): XElement[] {
  const out: (XElement | undefined)[] = [
    leaf(M, 'Verb', h.verb),
    leaf(M, 'Noun', h.noun),
    leaf(M, 'Revision', h.revision),
    leaf(M, 'Context', h.context),
    leaf(M, 'Timestamp', h.timestamp),
    leaf(M, 'Source', h.source),
    leaf(M, 'AsyncReplyFlag', h.asyncReplyFlag),
    leaf(M, 'ReplyAddress', h.replyAddress),
    leaf(M, 'AckRequired', h.ackRequired),
    h.user && { ns: M, name: 'User', children: [leaf(M, 'UserID', h.user.userId), leaf(M, 'Organization', h.user.organization)] },
    leaf(M, 'MessageID', h.messageId),
    leaf(M, 'CorrelationID', h.correlationId),
    leaf(M, 'Comment', h.comment),
    ...(h.properties ?? []).map((p) => ({ ns: M, name: 'Property', children: [leaf(M, 'Name', p.name), leaf(M, 'Value', p.value)] })),
  ];
  return out.filter((e): e is XElement => e !== undefined);
}

function replyChildren(r: ReplyPart, M: string): XElement[] {
  const draft = M === MESSAGE_NS['draft-2011'];
  const out: (XElement | undefined)[] = [
    leaf(M, 'Result', r.result),
    ...(r.errors ?? []).map(
      (e): XElement => ({
        ns: M,
        name: 'Error',
        children: [
          leaf(M, 'code', e.code),
          leaf(M, 'level', e.level),
          leaf(M, 'reason', e.reason),
          leaf(M, 'details', e.details),
          leaf(M, 'xpath', e.xpath),
          leaf(M, 'stackTrace', e.stackTrace),
          // the 2011 draft's ErrorType has no ID and relatedID (envelope.md §3.4)
          draft ? undefined : idElement(M, 'ID', e.id),
          draft ? undefined : idElement(M, 'relatedID', e.relatedId),
          leaf(M, 'operationId', e.operationId),
        ],
      }),
    ),
    // the draft's Reply/ID is a plain string (§3.3)
    ...(r.ids ?? []).map((id) => (draft ? leaf(M, 'ID', id.value) : idElement(M, 'ID', id))),
    leaf(M, 'operationId', r.operationId),
  ];
  return out.filter((e): e is XElement => e !== undefined);
}

/**
 * The Request part. In a query wrapper (Get<Noun>Message) StartTime, EndTime, Option and ID are local
 * elements of the wrapper namespace and ID is a plain string (§4.3); in the generic RequestType they are
 * message-namespace elements with IDatts (§3.2).
 */
function requestChildren(r: RequestPart, partNs: string, queryWrapper: boolean, M: string): XElement[] {
  const ns = queryWrapper ? partNs : M;
  const out: (XElement | undefined)[] = [
    leaf(ns, 'StartTime', r.startTime),
    leaf(ns, 'EndTime', r.endTime),
    ...(r.options ?? []).map((o) => ({ ns, name: 'Option', children: [leaf(M, 'name', o.name), leaf(M, 'value', o.value)] })),
    // plain string in a query wrapper (§4.3) and in the draft's RequestType (§3.2)
    ...(r.ids ?? []).map((id) => (queryWrapper || M === MESSAGE_NS['draft-2011'] ? leaf(ns, 'ID', id.value) : idElement(ns, 'ID', id))),
    r.query,
  ];
  return out.filter((e): e is XElement => e !== undefined);
}

/**
 * Payload/OperationSet: the element itself is local to the payload type (wrapper namespace in a noun
 * wrapper, message namespace in a generic message); its children are message-namespace elements and each
 * Operation carries one profile payload (§3.6, §3.7, §4.1).
 */
function operationSetElement(ns: string, set: OperationSetPart, M: string): XElement {
  return {
    ns,
    name: 'OperationSet',
    children: [
      leaf(M, 'enforceMsgSequence', set.enforceMsgSequence),
      leaf(M, 'enforceTransactionalIntegrity', set.enforceTransactionalIntegrity),
      ...set.operations.map(
        (op): XElement => ({
          ns: M,
          name: 'Operation',
          children: [leaf(M, 'operationId', op.operationId), leaf(M, 'noun', op.noun), leaf(M, 'verb', op.verb), leaf(M, 'elementOperation', op.elementOperation), op.root],
        }),
      ),
    ],
  };
}

/** the envelope element of a message (wrapper or generic form), ready to be put in a SOAP Body */
export function buildEnvelope(msg: Message): XElement {
  const noun = msg.header?.noun ?? msg.noun;
  if (!noun && msg.form !== 'generic' && !msg.element) throw new Error('a wrapper message needs a noun');
  const verb = msg.header?.verb ?? '';
  // a noun that cannot be part of an element name (a peer's hostile or broken Noun echoed in an answer) gets the
  // generic form: the wrapper's element and namespace are never made of it
  const generic = msg.form === 'generic' || (!msg.element && !/^[A-Za-z][A-Za-z0-9_]{0,200}$/.test(noun!));
  const gen = msg.generation ?? '2013';
  const M = MESSAGE_NS[gen];
  // the draft has no query wrappers: a get and its answer use the noun wrapper (§4.1)
  const query = gen === 'draft-2011' ? false : (msg.query ?? verb === 'get');
  const el: ElementName =
    msg.element ??
    (generic
      ? { ns: M, name: { request: 'RequestMessage', response: 'ResponseMessage', event: 'EventMessage', fault: 'FaultMessage' }[msg.kind] }
      : wrapperElement(msg.kind, verb, noun!, query, gen));
  const partNs = generic ? M : el.ns;
  const parts: (XElement | undefined)[] = [];
  if (msg.kind !== 'fault' && msg.header) parts.push({ ns: partNs, name: 'Header', children: headerChildren(msg.header, M) });
  if (msg.kind === 'request' && msg.request) {
    parts.push({ ns: partNs, name: 'Request', children: requestChildren(msg.request, partNs, !generic && query, M) });
  }
  if ((msg.kind === 'response' || msg.kind === 'fault') && msg.reply) {
    parts.push({ ns: partNs, name: 'Reply', children: replyChildren(msg.reply, M) });
  }
  if (msg.kind !== 'fault' && msg.payload) {
    const p = msg.payload;
    parts.push({
      ns: partNs,
      name: 'Payload',
      children: [p.root, p.operationSet && operationSetElement(partNs, p.operationSet, M), leaf(partNs, 'Compressed', p.compressed), leaf(partNs, 'Format', p.format)],
    });
  }
  return { ns: el.ns, name: el.name, children: parts };
}

// ------------------------------------------------------------------------------------------------
// reading

/** A message as read from the wire; every part keeps its node for line and XPath in findings. */
export interface ParsedMessage {
  node: XNode;
  kind: MessageKind | undefined;
  form: 'wrapper' | 'generic' | 'unknown';
  /** namespace generation of the header children (or of the root for generic messages) */
  generation: Generation | undefined;
  /** message namespace the header children use */
  messageNs: string | undefined;
  /** the noun the wrapper element names (wrapper form) */
  wrapperNoun?: string;
  /** the verb the wrapper element stands for (CreateX → create, XResponseMessage → reply) */
  wrapperVerb?: string;
  /** true when the wrapper is a Get<Noun>Message query wrapper */
  queryWrapper: boolean;
  header?: Header;
  headerNode?: XNode;
  request?: RequestPart<XNode>;
  reply?: ReplyPart;
  replyNode?: XNode;
  payload?: PayloadPart<XNode>;
  payloadNode?: XNode;
  /** structural problems found while reading (not schema findings) */
  problems: string[];
}

/** split a wrapper namespace such as http://iec.ch/TC57/2011/GetMeterReadingsMessage into its parts */
export function parseWrapperNs(ns: string): { draft: boolean; year: string; query: boolean; noun: string } | undefined {
  for (const [base, draft] of [['http://iec.ch/TC57/', false], ['http://www.iec.ch/TC57/', true]] as const) {
    if (!ns.startsWith(base)) continue;
    const rest = ns.slice(base.length).split('/');
    if (rest.length !== 2) return undefined;
    const [year, last] = rest as [string, string];
    const digits = [...year].every((ch) => ch >= '0' && ch <= '9');
    if (year.length !== 4 || !digits || !last.endsWith('Message')) return undefined;
    let noun = last.slice(0, -'Message'.length);
    const query = noun.startsWith('Get') && noun.length > 3;
    if (query) noun = noun.slice(3);
    if (!noun || noun === 'schema/') return undefined;
    return { draft, year, query, noun };
  }
  return undefined;
}

function readId(n: XNode): IdRef {
  return {
    value: n.text.trim(),
    idType: n.attrs['idType'],
    idAuthority: n.attrs['idAuthority'],
    kind: n.attrs['kind'],
    objectType: n.attrs['objectType'],
  };
}

function bool(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return undefined;
}

function int(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : undefined;
}

function readHeader(h: XNode, ns: string): Header {
  const t = (name: string) => childText(h, ns, name);
  const user = child(h, ns, 'User');
  return {
    verb: t('Verb') ?? '',
    noun: t('Noun') ?? '',
    revision: t('Revision'),
    context: t('Context'),
    timestamp: t('Timestamp'),
    source: t('Source'),
    asyncReplyFlag: bool(t('AsyncReplyFlag')),
    replyAddress: t('ReplyAddress'),
    ackRequired: bool(t('AckRequired')),
    user: user ? { userId: childText(user, ns, 'UserID') ?? '', organization: childText(user, ns, 'Organization') } : undefined,
    messageId: t('MessageID'),
    correlationId: t('CorrelationID'),
    comment: t('Comment'),
    properties: children(h, ns, 'Property').map((p) => ({ name: childText(p, ns, 'Name') ?? '', value: childText(p, ns, 'Value') })),
  };
}

function readReply(r: XNode, ns: string): ReplyPart {
  return {
    result: childText(r, ns, 'Result') ?? '',
    errors: children(r, ns, 'Error').map((e) => {
      const id = child(e, ns, 'ID');
      const rel = child(e, ns, 'relatedID');
      return {
        code: childText(e, ns, 'code') ?? '',
        level: childText(e, ns, 'level'),
        reason: childText(e, ns, 'reason'),
        details: childText(e, ns, 'details'),
        xpath: childText(e, ns, 'xpath'),
        stackTrace: childText(e, ns, 'stackTrace'),
        id: id ? readId(id) : undefined,
        relatedId: rel ? readId(rel) : undefined,
        operationId: int(childText(e, ns, 'operationId')),
      };
    }),
    ids: children(r, ns, 'ID').map(readId),
    operationId: int(childText(r, ns, 'operationId')),
  };
}

/** Payload/OperationSet as read: children in the message namespace, one foreign payload root per Operation */
function readOperationSet(set: XNode, ns: string): OperationSetPart<XNode> {
  return {
    enforceMsgSequence: bool(childText(set, ns, 'enforceMsgSequence')),
    enforceTransactionalIntegrity: bool(childText(set, ns, 'enforceTransactionalIntegrity')),
    operations: children(set, ns, 'Operation').map((op) => ({
      operationId: int(childText(op, ns, 'operationId')) ?? Number.NaN,
      noun: childText(op, ns, 'noun'),
      verb: childText(op, ns, 'verb'),
      elementOperation: bool(childText(op, ns, 'elementOperation')),
      root: op.children.find((c) => c.ns !== ns),
    })),
  };
}

/**
 * Read an envelope element (the SOAP Body child, or a bare document root). Never throws: what cannot
 * be understood is listed in `problems`.
 */
export function readEnvelope(node: XNode): ParsedMessage {
  const problems: string[] = [];
  const out: ParsedMessage = { node, kind: undefined, form: 'unknown', generation: undefined, messageNs: undefined, queryWrapper: false, problems };
  const genericGen = generationOf(node.ns);
  let partNs: string;
  if (genericGen) {
    out.form = 'generic';
    partNs = node.ns;
    out.kind = ({ RequestMessage: 'request', ResponseMessage: 'response', EventMessage: 'event', FaultMessage: 'fault', Message: undefined } as Record<string, MessageKind | undefined>)[node.name];
    if (!out.kind) problems.push(`element ${node.name} of the message namespace is not a RequestMessage, ResponseMessage, EventMessage or FaultMessage`);
  } else {
    const w = parseWrapperNs(node.ns);
    if (!w) {
      problems.push(`root element {${node.ns}}${node.name} is neither an IEC 61968-100 message nor an IEC 61968-9 noun wrapper`);
      return out;
    }
    out.form = 'wrapper';
    partNs = node.ns;
    const noun = w.noun;
    out.wrapperNoun = noun;
    out.queryWrapper = w.query;
    out.wrapperVerb = out.queryWrapper && node.name === `Get${noun}` ? 'get' : verbOfWrapperElement(node.name, noun);
    // the draft-only <Noun>RequestMessage (any request verb, §4.1): a request whose element names no verb
    const draftRequest = w.draft && node.name === `${noun}RequestMessage` && (DRAFT_REQUEST_MESSAGE_NOUNS as readonly string[]).includes(noun);
    if (draftRequest) out.kind = 'request';
    else if (node.name === `${noun}ResponseMessage`) out.kind = 'response';
    else if (node.name === `${noun}FaultMessage`) out.kind = 'fault';
    else if (out.wrapperVerb && (EVENT_VERBS as readonly string[]).includes(out.wrapperVerb)) out.kind = 'event';
    else if (out.wrapperVerb) out.kind = 'request';
    else problems.push(`element ${node.name} is not a known element of the ${noun} wrapper`);
  }
  const header = child(node, partNs, 'Header');
  if (header) {
    // the header children are in the message namespace; detect which generation they use
    const first = header.children[0];
    const ns = first ? first.ns : M;
    out.messageNs = ns;
    out.generation = generationOf(ns);
    out.header = readHeader(header, ns);
    out.headerNode = header;
  } else if (out.kind !== 'fault') {
    problems.push('the message has no Header');
  }
  const ns = out.messageNs ?? (genericGen ? node.ns : M);
  if (!out.generation && genericGen) out.generation = genericGen;
  const reply = child(node, partNs, 'Reply');
  if (reply) {
    out.replyNode = reply;
    out.reply = readReply(reply, ns);
  }
  const request = child(node, partNs, 'Request');
  if (request) {
    const rns = out.queryWrapper ? partNs : ns;
    out.request = {
      startTime: childText(request, rns, 'StartTime'),
      endTime: childText(request, rns, 'EndTime'),
      options: children(request, rns, 'Option').map((o) => ({ name: childText(o, ns, 'name') ?? '', value: childText(o, ns, 'value') })),
      ids: children(request, rns, 'ID').map(readId),
      query: request.children.find((c) => c.ns !== rns && c.ns !== ns),
    };
  }
  const payload = child(node, partNs, 'Payload');
  if (payload) {
    out.payloadNode = payload;
    out.payload = {
      root: payload.children.find((c) => c.ns !== partNs && c.ns !== ns),
      compressed: childText(payload, partNs, 'Compressed'),
      format: childText(payload, partNs, 'Format'),
    };
    const set = child(payload, partNs, 'OperationSet');
    if (set) out.payload.operationSet = readOperationSet(set, ns);
  }
  return out;
}

export { wrapperNs, queryWrapperNs };
