/**
 * One message on its own: `checkMessage` runs the schema (XML, XSD) and then every rule that needs neither
 * the request nor the use case — envelope header rules, Reply/Result ↔ codes, Noun ↔ payload, SOAP action,
 * and the payload rules of MeterReadings, EndDeviceEvents, EndDeviceControls, GetMeterReadings and GetEndDeviceEvents,
 * including the identity rule within the message. It accepts a bare payload, an envelope (noun wrapper or
 * generic message) or a SOAP message, and never throws for bad input.
 *
 * `cim9 validate` calls it for each file; the Cucumber World calls `checkReceived` (the same rules after its
 * own schema validation, plus identity consistency with the earlier messages of the scenario) for every
 * message a scenario receives, so a file checked by hand and a message checked in a scenario get the same
 * verdict.
 */
import type { Finding } from './finding.ts';
import { rule } from './catalogue.ts';
import { checkEnvelopeMessage, isProfileNs, messageOf, structureFinding, type CheckContext } from './envelope.ts';
import { checkEndDeviceEventsPayload, checkMeterReadingsPayload } from './domain.ts';
import { checkEndDeviceControlsPayload } from './controls.ts';
import { EDCTL } from '../payloads/endDeviceControls.ts';
import { checkGetEndDeviceEvents, checkGetMeterReadings, checkRequestPeriod } from './query.ts';
import { checkConversation, type ConversationEntry } from './conversation.ts';
import { checkGenerationAccepted } from './generation.ts';
import { readMessage, type ParsedMessage, type WireMessage } from '../message/index.ts';
import { child, type XNode } from '../xml/index.ts';
import { MR, GMR } from '../payloads/meterReadings.ts';
import { EDE, GEDE } from '../payloads/endDeviceEvents.ts';
import type { SchemaAssumptions, SchemaPack } from '../schema/index.ts';
import { describeAssumptionValue, resolveAssumptions, type AssumptionValue } from '../profile/assumptions.ts';
import { eumedSettings } from '../eumed/model.ts';
import { checkMeterReadingSet } from '../eumed/check.ts';

export interface CheckMessageOptions {
  /** file or message label put into every finding */
  label: string;
  /** the schema pack of the edition; without one the schema layer is skipped */
  pack?: SchemaPack;
  edition?: '2013' | '2024' | 'draft-2011';
  /** certification mode: strict defaults of the register (README §2) */
  strict?: boolean;
  /**
   * assumption values in force (a full register, e.g. `profile.assumptions`, or only overrides); entries left
   * out take the register's default for the mode
   */
  assumptions?: Readonly<Record<string, AssumptionValue>>;
  /** when the suite received the message; absent = a file (no Header/Timestamp drift check, "now" for event times) */
  receivedAt?: Date;
  /** allowed clock skew in seconds (default 300, as profiles) */
  skewSeconds?: number;
  /** the SOAP action the message came with (else taken from contentType or a WS-Addressing Action header) */
  soapAction?: string;
  contentType?: string;
  /** size limit (default 16 MiB, as src/xml) */
  maxBytes?: number;
}

/** the CheckContext of these options: the register in force as strings and structured */
export function contextFor(opts: CheckMessageOptions): CheckContext {
  const register = resolveAssumptions({ ...(opts.assumptions ?? {}) }, { strict: !!opts.strict }) as Readonly<Record<string, AssumptionValue>>;
  const assumptions: Record<string, string> = {};
  for (const [id, v] of Object.entries(register)) assumptions[id] = describeAssumptionValue(v);
  return {
    assumptions,
    register,
    strict: !!opts.strict,
    receivedAt: opts.receivedAt ?? new Date(),
    offline: opts.receivedAt === undefined,
    skewSeconds: opts.skewSeconds ?? 300,
    label: opts.label,
  };
}

/** the schema module's assumptions from the register (ENV-03, ENV-05, ENV-08, PAY-11, PAY-12) */
export function schemaAssumptions(ctx: CheckContext): SchemaAssumptions {
  return {
    'ENV-03': ctx.assumptions['ENV-03'] === 'failure' ? 'error' : 'warning',
    'ENV-05': ctx.assumptions['ENV-05'] === 'skip' ? 'no' : 'yes',
    'PAY-12': ctx.assumptions['PAY-12'] === 'standard' ? 'standard' : 'vendor-extension',
    'ENV-08': ctx.assumptions['ENV-08'] === 'tolerant' ? 'tolerant' : 'strict',
    'PAY-11': ctx.assumptions['PAY-11'] === 'payload-only' ? 'payload-only' : 'request',
  };
}

const WSA_NS = ['http://www.w3.org/2005/08/addressing', 'http://schemas.xmlsoap.org/ws/2004/08/addressing'];

/** the SOAP action of a message: given, the action parameter of a SOAP 1.2 content type, or a WS-Addressing Action header */
export function soapActionOf(wire: WireMessage, opts: { soapAction?: string; contentType?: string }): string | undefined {
  if (opts.soapAction !== undefined && opts.soapAction.trim() !== '' && opts.soapAction.trim() !== '""') return opts.soapAction;
  const param = opts.contentType ? /;\s*action\s*=\s*"?([^";]*)"?/i.exec(opts.contentType)?.[1] : undefined;
  if (param) return param;
  if (wire.soap === 'none') return undefined;
  const header = child(wire.root, wire.root.ns, 'Header');
  const action = header?.children.find((c) => c.name === 'Action' && WSA_NS.includes(c.ns));
  return action?.text.trim() || undefined;
}

/** the payload rules of a profile root, chosen by its namespace */
export function checkPayload(root: XNode, ctx: CheckContext): Finding[] {
  switch (root.ns) {
    case MR:
      return root.name === 'MeterReadings' ? checkMeterReadingsPayload(root, ctx) : [];
    case EDE:
      return root.name === 'EndDeviceEvents' ? checkEndDeviceEventsPayload(root, ctx) : [];
    case GMR:
      return root.name === 'GetMeterReadings' ? checkGetMeterReadings(root, ctx) : [];
    case GEDE:
      return root.name === 'GetEndDeviceEvents' ? checkGetEndDeviceEvents(root, ctx) : [];
    case EDCTL:
      return root.name === 'EndDeviceControls' ? checkEndDeviceControlsPayload(root, ctx) : [];
    default:
      return checkEumedOffline(root, ctx);
  }
}

/**
 * A EUMED MeterReadingSet (2024 Annex M) in a file given to `cim9 validate`: the rules that need no request
 * (ReadingTypes, interval length, completeness and DST day lengths against each MeterReading's own
 * valuesInterval, quality, units, monotonic index). In a scenario the EUMED rules run once, with what was asked
 * (src/eumed/scenario.ts), so they are not repeated here. The payload is recognised by the EUMED namespace
 * of the register (EUM-01) and its root name (EUM-02).
 */
function checkEumedOffline(root: XNode, ctx: CheckContext): Finding[] {
  if (!ctx.offline || !ctx.register) return [];
  const settings = eumedSettings(ctx.register);
  if (settings.ns === undefined || root.ns !== settings.ns || root.name !== settings.root) return [];
  const findings = checkMeterReadingSet(root, { periodFromPayload: true }, { label: ctx.label, timeZone: settings.timeZone, stamp: settings.stamp, assumptions: { ...ctx.assumptions }, strict: ctx.strict, settings });
  // the EUMED rules label findings with the metering point; the file is the one checked
  return findings.map((f) => ({ ...f, file: ctx.label }));
}

/** is this the root of an EUMED payload of the register (EUM-01 namespace)? */
function isEumedRoot(root: XNode, ctx: CheckContext): boolean {
  if (!ctx.register) return false;
  const s = eumedSettings(ctx.register);
  return s.ns !== undefined && root.ns === s.ns && root.name === s.root;
}

/** the payload and query roots of a message */
function rootsOf(msg: ParsedMessage, ctx: CheckContext): XNode[] {
  return [msg.request?.query, msg.payload?.root].filter((r): r is XNode => r !== undefined && (isProfileNs(r.ns) || isEumedRoot(r, ctx)));
}

export interface WireRuleOptions {
  soapAction?: string;
  contentType?: string;
  /** DOM-IDENTITY-CONSISTENCY within the message (default true) */
  identity?: boolean;
}

/** every rule of one message that needs no request context, on a message already read (after the schema layer) */
export function checkWire(wire: WireMessage, ctx: CheckContext, opts: WireRuleOptions = {}): Finding[] {
  const identity = (subject: ParsedMessage | XNode) =>
    opts.identity === false ? [] : checkConversation([{ label: ctx.label, message: subject }], ctx, { messageIds: false, correlation: false });
  if (wire.soap === 'none' && isProfileNs(wire.root.ns)) {
    // a bare payload document
    return [...checkPayload(wire.root, ctx), ...identity(wire.root)];
  }
  if (wire.fault) return wire.fault.detail ? checkEnvelopeMessage(wire.fault.detail, ctx) : [];
  const { msg, findings } = messageOf(wire, ctx);
  if (!msg) return findings;
  if (msg.form === 'unknown') {
    // not an IEC 61968-100 message; if it is a payload (e.g. a bare payload in a SOAP Body), its rules still apply
    const out = msg.problems.map((p) => structureFinding(p, msg, ctx));
    return isProfileNs(msg.node.ns) ? [...out, ...checkPayload(msg.node, ctx), ...identity(msg.node)] : out;
  }
  // ENV-GENERATION: a message of a generation ENV-01 does not accept (the World stops at it before this layer)
  const out = [...checkGenerationAccepted(wire, ctx), ...checkEnvelopeMessage(msg, ctx, { soapAction: soapActionOf(wire, opts) })];
  out.push(...checkRequestPeriod(msg, ctx));
  for (const root of rootsOf(msg, ctx)) out.push(...checkPayload(root, ctx));
  out.push(...identity(msg));
  return out;
}


/**
 * Check one message: XML (well-formed, no DOCTYPE, size), schema (when a pack is given), then every rule
 * that needs no request context. Never throws for bad input.
 */
export function checkMessage(input: string | Uint8Array, opts: CheckMessageOptions): Finding[] {
  const ctx = contextFor(opts);
  const read = readMessage(input, { maxBytes: opts.maxBytes });
  if (!read.ok) {
    return [{ rule: 'XML', clause: rule('XML').clause, severity: 'error', message: `${opts.label}: ${read.problem.message}`, file: opts.label, line: read.problem.line, expected: 'a well-formed XML document without a DOCTYPE, within the size limit', actual: read.problem.message }];
  }
  const out: Finding[] = opts.pack ? opts.pack.validate(input, { label: opts.label, maxBytes: opts.maxBytes, assumptions: schemaAssumptions(ctx) }) : [];
  out.push(...checkWire(read.wire, ctx, { soapAction: opts.soapAction, contentType: opts.contentType }));
  return out;
}

/** an earlier message of a scenario: what the suite sent (SOAP text) and/or what it received */
export interface EarlierMessage {
  label: string;
  sent?: { xml: string };
  wire?: WireMessage;
}

/**
 * What readMessage made of the SOAP text the suite sent, per sent message: each message a scenario receives is checked
 * against every request the scenario sent before it, and a string cannot be a key of readMessage's own cache, so
 * without this each request was parsed again for every later message of its scenario (issue 18). Keyed by the sent
 * record (the World keeps it as long as the exchange), the text it holds does not change.
 */
const SENT_READINGS = new WeakMap<{ xml: string }, { xml: string; read: ReturnType<typeof readMessage> }>();

function sentReading(sent: { xml: string }): ReturnType<typeof readMessage> {
  const known = SENT_READINGS.get(sent);
  // a record whose text was replaced is read again
  if (known && known.xml === sent.xml) return known.read;
  const read = readMessage(sent.xml);
  SENT_READINGS.set(sent, { xml: sent.xml, read });
  return read;
}

/**
 * The message rules for a message a scenario received (its schema validation already done by the caller),
 * plus the identity rule against the earlier messages of the scenario.
 */
export function checkReceived(wire: WireMessage, ctx: CheckContext, opts: { contentType?: string; soapAction?: string; earlier?: readonly EarlierMessage[] } = {}): Finding[] {
  const out = checkWire(wire, ctx, { contentType: opts.contentType, soapAction: opts.soapAction, identity: false });
  const current = wire.message ?? (wire.soap === 'none' ? wire.root : undefined);
  if (!current) return out;
  const entries: ConversationEntry[] = [];
  for (const x of opts.earlier ?? []) {
    if (x.sent) {
      const r = sentReading(x.sent);
      if (r.ok && r.wire.message) entries.push({ label: `${x.label} (request)`, message: r.wire.message });
    }
    if (x.wire?.message) entries.push({ label: x.sent ? `${x.label} reply` : x.label, message: x.wire.message });
  }
  for (const e of entries) if (e.label === ctx.label) e.label = `${e.label} (earlier)`;
  entries.push({ label: ctx.label, message: current });
  out.push(...checkConversation(entries, ctx, { messageIds: false, correlation: false }).filter((f) => f.file === ctx.label));
  return out;
}
