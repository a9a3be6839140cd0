/**
 * Rules over the messages of one exchange (a scenario, or the files given to `cim9 validate --conversation`):
 * - DOM-IDENTITY-CONSISTENCY: a name stands for one mRID (per kind and NameType), and a meter is at one usage
 *   point, across the messages and within each of them;
 * - ENV-MESSAGEID-REUSE: each message has its own MessageID (ENV-15);
 * - ENV-CORRELATION: a response carries the CorrelationID of the request before it, and so does an event
 *   after a request with AsyncReplyFlag (its asynchronous result) (ENV-14).
 * Pure functions: the messages are given in the order they were exchanged.
 */
import type { Finding } from './finding.ts';
import { rule } from './catalogue.ts';
import { checkCorrelation, MessageIdRegistry, type CheckContext } from './envelope.ts';
import type { Header, ParsedMessage } from '../message/index.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';

/** a message of the exchange with the label its findings carry; `message` may be a bare payload root */
export interface ConversationEntry {
  label: string;
  message: ParsedMessage | XNode;
}

export interface ConversationOptions {
  /** DOM-IDENTITY-CONSISTENCY (default true) */
  identity?: boolean;
  /** ENV-MESSAGEID-REUSE (default true) */
  messageIds?: boolean;
  /** ENV-CORRELATION, replies paired with the request before them (default true) */
  correlation?: boolean;
  /** also report contradictions inside one message (default true; false when each message was checked on its own) */
  withinMessages?: boolean;
}

type Kind = 'meter' | 'usage point';

interface IdObject {
  kind: Kind;
  mRID?: string;
  names: { name: string; type?: string }[];
  node: XNode;
}

interface Observation {
  /** index of the message */
  at: number;
  meter?: IdObject;
  usagePoint?: IdObject;
  /** identified objects without a pairing (query lists) */
  single?: IdObject;
}

const isParsed = (m: ParsedMessage | XNode): m is ParsedMessage => 'problems' in m && 'form' in m;

function idObject(node: XNode | undefined, kind: Kind): IdObject | undefined {
  if (!node) return undefined;
  const ns = node.ns;
  const mRID = childText(node, ns, 'mRID') || undefined;
  const names = children(node, ns, 'Names').flatMap((n) => {
    const name = childText(n, ns, 'name');
    const type = childText(child(n, ns, 'NameType'), ns, 'name');
    return name ? [type ? { name, type } : { name }] : [];
  });
  if (!mRID && !names.length) return undefined;
  return { kind, mRID, names, node };
}

const profile = (root: XNode) => /\/([A-Za-z]+)#$/.exec(root.ns)?.[1];

/** who is where, as far as one payload or query says */
function observe(root: XNode, at: number): Observation[] {
  const ns = root.ns;
  const out: Observation[] = [];
  const pair = (m: XNode | undefined, u: XNode | undefined) => {
    const meter = idObject(m, 'meter');
    const usagePoint = idObject(u, 'usage point');
    if (meter || usagePoint) out.push({ at, meter, usagePoint });
  };
  switch (profile(root)) {
    case 'MeterReadings':
      for (const mr of children(root, ns, 'MeterReading')) pair(child(mr, ns, 'Meter'), child(mr, ns, 'UsagePoint'));
      break;
    case 'EndDeviceEvents':
      for (const e of children(root, ns, 'EndDeviceEvent')) pair(child(e, ns, 'Assets'), child(e, ns, 'UsagePoint'));
      break;
    case 'GetMeterReadings': {
      for (const d of children(root, ns, 'EndDevice')) pair(d, undefined);
      for (const u of children(root, ns, 'UsagePoint')) pair(undefined, u);
      const c = child(root, ns, 'MeterReadings');
      if (c) pair(child(c, ns, 'Meter'), child(c, ns, 'UsagePoint'));
      break;
    }
    case 'GetEndDeviceEvents':
      for (const d of children(root, ns, 'Meter')) pair(d, undefined);
      for (const u of children(root, ns, 'UsagePoint')) pair(undefined, u);
      break;
  }
  return out;
}

function mk(id: string, message: string, label: string, node: XNode, extra: Partial<Finding> = {}): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: r.severity, message: `${label}: ${message}`, file: label, line: node.line, xpath: node.path, ...extra };
}

/** DOM-IDENTITY-CONSISTENCY over observations in message order */
function identityFindings(obs: Observation[], labels: string[], within: boolean): Finding[] {
  const out: Finding[] = [];
  // 1. a name stands for one mRID (per kind and NameType)
  const byName = new Map<string, { mRID: string; at: number }>();
  for (const o of obs) {
    for (const obj of [o.meter, o.usagePoint]) {
      if (!obj?.mRID) continue;
      for (const n of obj.names) {
        const key = `${obj.kind}|${n.type ?? ''}|${n.name}`;
        const before = byName.get(key);
        if (!before) byName.set(key, { mRID: obj.mRID, at: o.at });
        else if (before.mRID !== obj.mRID && (within || before.at !== o.at)) {
          out.push(mk('DOM-IDENTITY-CONSISTENCY', `${obj.kind} name "${n.name}"${n.type ? ` (${n.type})` : ''} stands for mRID "${obj.mRID}" here but for "${before.mRID}" in ${before.at === o.at ? 'the same message' : labels[before.at]}`, labels[o.at]!, obj.node, { expected: `the mRID the same name stands for in ${before.at === o.at ? 'the same message' : labels[before.at]}`, actual: `mRID "${obj.mRID}" here, "${before.mRID}" there` }));
        }
      }
    }
  }
  // 2. a meter is at one usage point
  const key = (obj: IdObject): { key: string; shown: string } => {
    if (obj.mRID) return { key: `mRID:${obj.mRID}`, shown: obj.mRID };
    for (const n of obj.names) {
      const bound = byName.get(`${obj.kind}|${n.type ?? ''}|${n.name}`);
      if (bound) return { key: `mRID:${bound.mRID}`, shown: `${n.name} (${bound.mRID})` };
    }
    const n = obj.names[0]!;
    return { key: `name:${n.type ?? ''}|${n.name}`, shown: n.name };
  };
  const upOf = new Map<string, { up: string; shown: string; at: number }>();
  for (const o of obs) {
    if (!o.meter || !o.usagePoint) continue;
    const m = key(o.meter);
    const u = key(o.usagePoint);
    const before = upOf.get(m.key);
    if (!before) upOf.set(m.key, { up: u.key, shown: u.shown, at: o.at });
    else if (before.up !== u.key && (within || before.at !== o.at)) {
      out.push(mk('DOM-IDENTITY-CONSISTENCY', `meter "${m.shown}" is at usage point "${u.shown}" here but at "${before.shown}" in ${before.at === o.at ? 'the same message' : labels[before.at]}`, labels[o.at]!, o.usagePoint.node, { expected: `the usage point ${before.at === o.at ? 'the same message' : labels[before.at]} puts the meter at`, actual: `usage point "${u.shown}" here, "${before.shown}" there` }));
    }
  }
  return out;
}

/** the identity observations of one message (its payload and its query) */
function observationsOf(m: ParsedMessage | XNode, at: number): Observation[] {
  if (!isParsed(m)) return observe(m, at);
  // a document that is not an envelope (a bare payload) is read as a message of unknown form
  if (m.form === 'unknown') return observe(m.node, at);
  // the parts a message has: a reply with no payload or a request with no query names nobody there. This rule only
  // compares what is named; no step asserts on it alone, and the steps that need a payload require it (DOM-EXPECTED)
  return [m.request?.query, m.payload?.root].flatMap((part) => (part ? observe(part, at) : []));
}

/**
 * The rules over the messages of one exchange, in the order exchanged. A ParsedMessage without a label is
 * called "<ctx.label> #n".
 */
export function checkConversation(messages: readonly (ParsedMessage | ConversationEntry)[], ctx: CheckContext, opts: ConversationOptions = {}): Finding[] {
  const entries: ConversationEntry[] = messages.map((m, i) => ('label' in m && 'message' in m ? m : { label: `${ctx.label} #${i + 1}`, message: m }));
  const labels = entries.map((e) => e.label);
  const out: Finding[] = [];
  if (opts.identity ?? true) out.push(...identityFindings(entries.flatMap((e, i) => observationsOf(e.message, i)), labels, opts.withinMessages ?? true));
  const registry = new MessageIdRegistry();
  let request: { header: Header; label: string } | undefined;
  for (const e of entries) {
    if (!isParsed(e.message)) continue;
    const msg = e.message;
    const c: CheckContext = { ...ctx, label: e.label };
    if (opts.messageIds ?? true) out.push(...registry.check(msg, c));
    if (!(opts.correlation ?? true) || !msg.header) continue;
    if (msg.kind === 'request') request = { header: msg.header, label: e.label };
    else if (request && (msg.kind === 'response' || (msg.kind === 'event' && request.header.asyncReplyFlag))) {
      const to = request.label;
      out.push(...checkCorrelation(msg, request.header, c).map((f) => ({ ...f, message: `${f.message} (request: ${to})` })));
    }
  }
  return out;
}
