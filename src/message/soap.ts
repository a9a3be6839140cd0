/**
 * SOAP 1.1 and 1.2 wrapping of IEC 61968-100 messages (../shared/spec/envelope.md §6), and the one
 * entry point that reads any message from bytes: SOAP envelope, wrapper element or generic message.
 */
import { child, childText, parseXml, serializeXml, type XElement, type XNode, type XmlProblem } from '../xml/index.ts';
import { buildEnvelope, M, readEnvelope, type Message, type ParsedMessage } from './envelope.ts';
import { MESSAGE_NS, SOAP_NS, soapAction, type SoapVersion } from './names.ts';

export const PREFIXES: Record<string, string> = {
  [SOAP_NS['1.1']]: 'soap',
  [SOAP_NS['1.2']]: 'soap12',
  [MESSAGE_NS['2013']]: 'm',
  [MESSAGE_NS['draft-2011']]: 'md',
  [MESSAGE_NS.ed2]: 'm2',
};

export interface SoapFault {
  version: SoapVersion;
  code: string;
  reason: string;
  /** the IEC 61968-100 FaultMessage (or noun FaultMessage) inside the fault detail, when present */
  detail?: ParsedMessage;
}

export interface WireMessage {
  /** SOAP version of the envelope, or 'none' for a bare message document */
  soap: SoapVersion | 'none';
  /** the parsed IEC message (Body child), absent when the body holds a SOAP fault only or nothing */
  message?: ParsedMessage;
  fault?: SoapFault;
  /** root element of the document */
  root: XNode;
}

export type ReadResult = { ok: true; wire: WireMessage } | { ok: false; problem: XmlProblem };

/**
 * What readMessage made of a byte buffer, per size limit: a delivery at the listener is read by the transport, the
 * step that awaits it, the checks and the reports, and parsing it again each time was most of a run's XML cost. The
 * result is frozen (its XNode tree already is), so every reader sees the same, unchangeable reading; a buffer that is
 * no longer referenced drops out with it. Strings are not cached (they cannot be weak keys), nor large buffers.
 */
const READINGS = new WeakMap<Uint8Array, Map<number | undefined, ReadResult>>();
/**
 * Larger buffers are parsed again by each reader: their tree can be many times their size (issue 18 measured 1.2 GiB
 * for a 20 MiB reply) and must not live as long as the evidence keeps the bytes.
 */
const CACHE_MAX_BYTES = 1024 * 1024;

/**
 * Read a message from untrusted bytes. Never throws. The same buffer is parsed once (see READINGS); `once`: the only
 * reader of these bytes (`cim9 load` reads each reply once), so the reading is neither cached nor frozen
 */
export function readMessage(input: string | Uint8Array, opts: { maxBytes?: number; once?: boolean } = {}): ReadResult {
  if (opts.once || typeof input === 'string' || input.byteLength > CACHE_MAX_BYTES) return readUncached(input, opts);
  let perLimit = READINGS.get(input);
  const known = perLimit?.get(opts.maxBytes);
  if (known) return known;
  const read = deepFreeze(readUncached(input, opts));
  if (!perLimit) READINGS.set(input, (perLimit = new Map()));
  perLimit.set(opts.maxBytes, read);
  return read;
}

/**
 * freeze a reading and every object and array in it (the XNode trees are frozen already and are not walked again). An
 * object is frozen before its values are walked, so that one met again (shared, or a cycle) is passed over as frozen.
 */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}

function readUncached(input: string | Uint8Array, opts: { maxBytes?: number }): ReadResult {
  const parsed = parseXml(input, opts);
  if (!parsed.ok) return parsed;
  const root = parsed.root;
  const version = (Object.keys(SOAP_NS) as SoapVersion[]).find((v) => SOAP_NS[v] === root.ns && root.name === 'Envelope');
  if (!version) {
    return { ok: true, wire: { soap: 'none', message: readEnvelope(root), root } };
  }
  const ns = SOAP_NS[version];
  const body = child(root, ns, 'Body');
  const first = body?.children[0];
  if (!first) return { ok: true, wire: { soap: version, root } };
  if (first.ns === ns && first.name === 'Fault') {
    return { ok: true, wire: { soap: version, root, fault: readFault(first, version) } };
  }
  return { ok: true, wire: { soap: version, root, message: readEnvelope(first) } };
}

function readFault(f: XNode, version: SoapVersion): SoapFault {
  if (version === '1.1') {
    const detail = child(f, '', 'detail');
    const inner = detail?.children[0];
    return {
      version,
      code: childText(f, '', 'faultcode') ?? '',
      reason: childText(f, '', 'faultstring') ?? '',
      detail: inner ? readEnvelope(inner) : undefined,
    };
  }
  const ns = SOAP_NS['1.2'];
  const code = child(child(f, ns, 'Code'), ns, 'Value');
  const reason = child(child(f, ns, 'Reason'), ns, 'Text');
  const inner = child(f, ns, 'Detail')?.children[0];
  return { version, code: code?.text.trim() ?? '', reason: reason?.text.trim() ?? '', detail: inner ? readEnvelope(inner) : undefined };
}

/** put an element in a SOAP Body */
export function soapEnvelope(body: XElement, version: SoapVersion): XElement {
  const ns = SOAP_NS[version];
  return { ns, name: 'Envelope', children: [{ ns, name: 'Body', children: [body] }] };
}

/** a SOAP fault, optionally carrying an IEC 61968-100 fault message in its detail (ENV-11) */
export function soapFault(version: SoapVersion, code: 'Client' | 'Server', reason: string, detail?: XElement): XElement {
  const ns = SOAP_NS[version];
  const fault: XElement =
    version === '1.1'
      ? {
          ns,
          name: 'Fault',
          children: [
            { ns: '', name: 'faultcode', text: `soap:${code}` },
            { ns: '', name: 'faultstring', text: reason },
            detail && { ns: '', name: 'detail', children: [detail] },
          ],
        }
      : {
          ns,
          name: 'Fault',
          children: [
            { ns, name: 'Code', children: [{ ns, name: 'Value', text: `soap12:${code === 'Client' ? 'Sender' : 'Receiver'}` }] },
            { ns, name: 'Reason', children: [{ ns, name: 'Text', attrs: { 'xml:lang': 'en' }, text: reason }] },
            detail && { ns, name: 'Detail', children: [detail] },
          ],
        };
  return soapEnvelope(fault, version);
}

export interface Outgoing {
  xml: string;
  soapAction: string;
  contentType: string;
}

export function contentTypeFor(version: SoapVersion, action?: string): string {
  return version === '1.1'
    ? 'text/xml; charset=utf-8'
    : `application/soap+xml; charset=utf-8${action ? `; action="${action}"` : ''}`;
}

/** build a message into SOAP text, with its SOAP action and content type */
export function toSoap(msg: Message, version: SoapVersion, opts: { pretty?: boolean; transform?: (env: XElement) => XElement } = {}): Outgoing {
  const built = buildEnvelope(msg);
  const env = opts.transform ? opts.transform(built) : built;
  const verb = msg.header?.verb ?? '';
  const noun = msg.header?.noun ?? msg.noun ?? '';
  const action = soapAction(msg.kind === 'response' ? 'reply' : verb, noun);
  return {
    xml: serializeXml(soapEnvelope(env, version), { prefixes: PREFIXES, pretty: opts.pretty }),
    soapAction: action,
    contentType: contentTypeFor(version, action),
  };
}

/** build a message as a bare document (no SOAP), e.g. for fixtures and `cim9 validate` */
export function toXml(msg: Message, opts: { pretty?: boolean } = {}): string {
  return serializeXml(buildEnvelope(msg), { prefixes: PREFIXES, pretty: opts.pretty });
}

export { M };
