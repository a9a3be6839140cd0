/**
 * Names of IEC 61968-100 messages: namespaces per generation, verbs, noun wrapper elements and SOAP
 * actions (../shared/spec/envelope.md §1, §4, §5, §6).
 */

export const MESSAGE_NS = {
  /** IEC 61968-100 ed.1 (2013), FDIS 2012-10-14 */
  '2013': 'http://iec.ch/TC57/2011/schema/message',
  /** 2011 draft used by the EPRI 2011 interoperability harness (with www.) */
  'draft-2011': 'http://www.iec.ch/TC57/2011/schema/message',
  /** IEC 61968-100 ed.2 (2022) */
  ed2: 'http://iec.ch/TC57/2021/schema/message',
} as const;

export const SOAP_NS = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
} as const;

export type SoapVersion = keyof typeof SOAP_NS;
export type Generation = keyof typeof MESSAGE_NS;

const BASE = 'http://iec.ch/TC57/2011';
/** base of the 2011 draft's envelope and wrapper namespaces (with www.; its payload namespaces have none, §1.1) */
const DRAFT_BASE = 'http://www.iec.ch/TC57/2011';

/** the message generations the suite builds: IEC 61968-100 ed.1 (also used by the 2024 edition) and the 2011 draft */
export type BuildGeneration = '2013' | 'draft-2011';

/** the generation a profile edition speaks (envelope.md §1.1): draft-2011 for the 2011 draft, ed.1 otherwise */
export const generationOfEdition = (edition: string): BuildGeneration => (edition === 'draft-2011' ? 'draft-2011' : '2013');

/** namespace of the noun wrapper schema, e.g. http://iec.ch/TC57/2011/MeterReadingsMessage (draft: http://www.iec.ch/…) */
export const wrapperNs = (noun: string, gen: BuildGeneration = '2013'): string => `${gen === 'draft-2011' ? DRAFT_BASE : BASE}/${noun}Message`;
/** namespace of the query wrapper schema, e.g. http://iec.ch/TC57/2011/GetMeterReadingsMessage (the draft has none) */
export const queryWrapperNs = (noun: string): string => `${BASE}/Get${noun}Message`;
/** nouns whose draft wrapper declares the draft-only <Noun>RequestMessage element (envelope.md §4.1) */
export const DRAFT_REQUEST_MESSAGE_NOUNS = ['MeterReadings', 'EndDeviceControls', 'MeterServiceRequests'] as const;
/** the 19 verbs of the 2011 draft enumeration (§5.2): no executed */
export const VERBS_DRAFT = ['cancel', 'canceled', 'change', 'changed', 'create', 'created', 'close', 'closed', 'delete', 'deleted', 'get', 'show', 'reply', 'subscribe', 'unsubscribe', 'execute', 'report', 'stop', 'terminate'] as const;
/** namespace of a payload profile, e.g. http://iec.ch/TC57/2011/MeterReadings# */
export const profileNs = (profile: string): string => `${BASE}/${profile}#`;

export const REQUEST_VERBS = ['create', 'change', 'cancel', 'close', 'delete', 'execute', 'get'] as const;
export const EVENT_VERBS = ['created', 'changed', 'canceled', 'closed', 'deleted', 'executed'] as const;
/** the 14 verbs of the ed.1 enumeration (§5.1) */
export const VERBS_2013 = [...REQUEST_VERBS, ...EVENT_VERBS, 'reply'] as const;
/** verbs of the 2011 draft that ed.1 removed (§5.2); ENV-10 */
export const DRAFT_ONLY_VERBS = ['show', 'subscribe', 'unsubscribe', 'report', 'stop', 'terminate'] as const;

export type RequestVerb = (typeof REQUEST_VERBS)[number];
export type EventVerb = (typeof EVENT_VERBS)[number];

const PAST: Record<string, EventVerb> = {
  create: 'created',
  change: 'changed',
  cancel: 'canceled',
  close: 'closed',
  delete: 'deleted',
  execute: 'executed',
};

/** past tense of a request verb (create → created), undefined for get/reply */
export function pastTense(verb: string): EventVerb | undefined {
  return PAST[verb];
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export type MessageKind = 'request' | 'response' | 'event' | 'fault';

export interface ElementName {
  ns: string;
  name: string;
}

/**
 * The global element of the per-noun wrapper that carries a message of this kind, verb and noun
 * (§4.1 and §4.3): CreateMeterReadings, CreatedEndDeviceEvents, GetMeterReadings,
 * {GetMeterReadingsMessage}MeterReadingsResponseMessage ... `query` selects the Get<Noun>Message
 * namespace for the response and fault of a get.
 */
export function wrapperElement(kind: MessageKind, verb: string, noun: string, query = verb === 'get', gen: BuildGeneration = '2013'): ElementName {
  // the 2011 draft has no Get<Noun>Message query wrappers: a get is the draft-only <Noun>RequestMessage of the noun
  // wrapper (any request verb, §4.1), answered by the noun wrapper's <Noun>ResponseMessage
  const draft = gen === 'draft-2011';
  const ns = query && !draft ? queryWrapperNs(noun) : wrapperNs(noun, gen);
  switch (kind) {
    case 'request':
      if (draft && verb === 'get') return { ns, name: `${noun}RequestMessage` };
      return { ns, name: `${cap(verb)}${noun}` };
    case 'event':
      return { ns, name: `${cap(verb)}${noun}` };
    case 'response':
      return { ns, name: `${noun}ResponseMessage` };
    case 'fault':
      return { ns, name: `${noun}FaultMessage` };
  }
}

/** the verb a wrapper element stands for (§4.1 table), or undefined when the element says none */
export function verbOfWrapperElement(name: string, noun: string): string | undefined {
  if (name === `${noun}ResponseMessage`) return 'reply';
  if (name === `${noun}FaultMessage`) return undefined;
  if (!name.endsWith(noun)) return undefined;
  const prefix = name.slice(0, name.length - noun.length);
  const verb = prefix.charAt(0).toLowerCase() + prefix.slice(1);
  // only the elements of the wrapper table (envelope.md §4.1, §4.3) stand for a verb
  return (REQUEST_VERBS as readonly string[]).includes(verb) || (EVENT_VERBS as readonly string[]).includes(verb) ? verb : undefined;
}

/**
 * SOAP action of an operation (§6): http://iec.ch/TC57/2011/<Noun>/<Operation> for noun services,
 * http://iec.ch/TC57/2011/Get<Noun>/Get<Noun> for queries.
 */
export function soapAction(verb: string, noun: string): string {
  if (verb === 'get') return `${BASE}/Get${noun}/Get${noun}`;
  return `${BASE}/${noun}/${cap(verb)}${noun}`;
}

/**
 * The WSDL service family that receives a message with this verb (§6): the service name a profile may
 * map to its own URL (e.g. GetMeterReadings, ExecuteMeterReadings, ReceiveEndDeviceEvents, ReplyMeterReadings).
 */
export function serviceName(verb: string, noun: string, opts: { asyncResult?: boolean } = {}): string {
  if (verb === 'get') return `Get${noun}`;
  if ((EVENT_VERBS as readonly string[]).includes(verb)) return opts.asyncResult ? `Reply${noun}` : `Receive${noun}`;
  return `Execute${noun}`;
}

/** the verbs of a generation's Verb enumeration (§5.1, §5.2) */
export function verbsOf(gen: Generation | undefined): readonly string[] {
  return gen === 'draft-2011' ? VERBS_DRAFT : VERBS_2013;
}

/** which namespace generation a message namespace belongs to */
export function generationOf(ns: string): Generation | undefined {
  return GENERATION_OF.get(ns);
}
/** message namespace → generation (the first generation of a namespace, as a scan of MESSAGE_NS in order finds it) */
const GENERATION_OF: ReadonlyMap<string, Generation> = (() => {
  const m = new Map<string, Generation>();
  for (const [g, uri] of Object.entries(MESSAGE_NS)) if (!m.has(uri)) m.set(uri, g as Generation);
  return m;
})();

/** the operation a verb names on a noun (§6): create + EndDeviceControls → CreateEndDeviceControls, get → GetMeterReadings */
export function operationName(verb: string, noun: string): string {
  return `${cap(verb)}${noun}`;
}

/**
 * The noun whose wrapper (or query wrapper) schema has this namespace in this generation (the inverse of wrapperNs and
 * queryWrapperNs), e.g. http://iec.ch/TC57/2011/GetMeterReadingsMessage → MeterReadings; undefined for any other namespace.
 */
export function nounOfWrapperNs(ns: string, gen: BuildGeneration = '2013'): string | undefined {
  const m = /^[^]*\/([A-Za-z][A-Za-z0-9_]*)Message$/.exec(ns);
  if (!m) return undefined;
  const local = m[1]!;
  // a query wrapper first: …/GetMeterReadingsMessage is the query wrapper of MeterReadings, not a noun GetMeterReadings
  if (gen !== 'draft-2011' && local.startsWith('Get') && local.length > 3 && queryWrapperNs(local.slice(3)) === ns) return local.slice(3);
  if (wrapperNs(local, gen) === ns) return local;
  return undefined;
}

/**
 * The names of a service's WSDL (§6): target namespace http://iec.ch/TC57/2011/<Service> (e.g. …/ExecuteMeterConfig,
 * …/GetMeterReadings), port type <Noun>_Port and binding <Noun>_Binding, for a query service Get<Noun>_Port and
 * Get<Noun>_Binding.
 */
export function wsdlNames(service: string, noun: string): { targetNamespace: string; portType: string; binding: string } {
  const stem = service === `Get${noun}` ? service : noun;
  return { targetNamespace: `${BASE}/${service}`, portType: `${stem}_Port`, binding: `${stem}_Binding` };
}
