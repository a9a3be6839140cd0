/**
 * Envelope semantics (layer 2): kind, verb, noun, wrapper consistency, correlation, provenance,
 * Reply.Result and expected reply codes. Pure functions over parsed messages, returning findings.
 */
import type { Finding, Severity } from './finding.ts';
import { rule } from './catalogue.ts';
import type { Header, ParsedMessage, WireMessage } from '../message/index.ts';
import { EVENT_VERBS, REQUEST_VERBS, VERBS_2013, soapAction as soapActionOf, verbsOf } from '../message/index.ts';
import { checkReplyConsistency } from '../codes/index.ts';
import { env09 } from './assume.ts';
import { parseDateTime } from './time.ts';

export interface CheckContext {
  /** assumption values in force, as strings (the full register with the profile's overrides) */
  assumptions: Readonly<Record<string, string>>;
  /** the same register with structured values (maps and lists), where a rule needs them (ENV-09, UC-03) */
  register?: Readonly<Record<string, unknown>>;
  strict: boolean;
  /** when the message was received */
  receivedAt: Date;
  /** allowed clock skew between the SUT and the suite */
  skewSeconds: number;
  /** what the message is, for findings: "reply to get(MeterReadings)" */
  label: string;
  /**
   * true when the suite did not receive the message itself (a file given to `cim9 validate`): there is no
   * time of receipt to compare Header/Timestamp with, and `receivedAt` is only "now"
   */
  offline?: boolean;
}

function mk(id: string, message: string, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: severity ?? r.severity, message, ...extra };
}

/** the IEC message of a wire message, or a finding saying why there is none */
export function messageOf(wire: WireMessage, ctx: CheckContext): { msg?: ParsedMessage; findings: Finding[] } {
  if (wire.fault && !wire.message) {
    return { findings: [] };
  }
  if (!wire.message) return { findings: [mk('ENV-STRUCTURE', `${ctx.label}: the SOAP Body is empty`, { file: ctx.label, expected: STRUCTURE_EXPECTED, actual: 'an empty SOAP Body' })] };
  const msg = wire.message;
  const findings = msg.problems.map((p) => structureFinding(p, msg, ctx));
  return { msg, findings };
}

/** what ENV-STRUCTURE expects of the element that carries a message (the `expected` of its findings) */
export const STRUCTURE_EXPECTED = 'an IEC 61968-100 RequestMessage, ResponseMessage, EventMessage or FaultMessage (or an IEC 61968-9 noun wrapper element) with a Header';

/** what the SUT sent instead: the element (namespace and name) and whether it has a Header */
export function structureActual(msg: ParsedMessage): string {
  return `element {${msg.node.ns}}${msg.node.name}${msg.header ? ' with a Header' : ' without a Header'}`;
}

/** the ENV-STRUCTURE finding of one structural problem of a message, with expected / actual */
export function structureFinding(problem: string, msg: ParsedMessage, ctx: CheckContext): Finding {
  return mk('ENV-STRUCTURE', `${ctx.label}: ${problem}`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: STRUCTURE_EXPECTED, actual: structureActual(msg) });
}

function at(msg: ParsedMessage, ctx: CheckContext, field?: string): Partial<Finding> {
  const node = field ? msg.headerNode?.children.find((c) => c.name === field) : msg.headerNode;
  const n = node ?? msg.node;
  return { file: ctx.label, line: n.line, xpath: n.path, messageId: msg.header?.messageId };
}

/** header rules every message must meet: wrapper consistency, provenance, timestamp, verb in the enumeration */
export function checkHeader(msg: ParsedMessage, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const h = msg.header;
  if (!h) return out;
  // ENV-09: wrapper element ↔ Verb (failure by default), wrapper noun ↔ Noun (warning by default)
  const e09 = env09(ctx);
  if (msg.form === 'wrapper') {
    // a <Noun>ResponseMessage with a Verb other than reply is one fact, governed by ENV-07 (ENV-REPLY-VERB, checkReplyVerb)
    const replyVerb = msg.kind === 'response' && msg.wrapperVerb === 'reply';
    if (e09.element && msg.wrapperVerb && h.verb && msg.wrapperVerb !== h.verb && !replyVerb) {
      out.push(mk('ENV-WRAPPER', `${ctx.label}: element ${msg.node.name} stands for verb "${msg.wrapperVerb}" but Header/Verb is "${h.verb}"`, { ...at(msg, ctx, 'Verb'), expected: `Header/Verb "${msg.wrapperVerb}" (the verb of ${msg.node.name})`, actual: `Header/Verb "${h.verb}"`, assumptions: { 'ENV-09': e09.text } }, e09.element));
    }
    if (e09.noun && msg.wrapperNoun && h.noun && msg.wrapperNoun !== h.noun) {
      out.push(mk('ENV-WRAPPER', `${ctx.label}: wrapper ${msg.node.name} is for noun "${msg.wrapperNoun}" but Header/Noun is "${h.noun}"`, { ...at(msg, ctx, 'Noun'), expected: `Header/Noun "${msg.wrapperNoun}" (the noun of ${msg.node.name})`, actual: `Header/Noun "${h.noun}"`, assumptions: { 'ENV-09': e09.text } }, e09.noun));
    }
  }
  // a message of the 2011 draft generation has the draft's 19 verbs (envelope.md §5.2); ENV-10=accept allows them in any
  const verbs = ctx.assumptions['ENV-10'] === 'accept' ? [...VERBS_2013, ...verbsOf('draft-2011')] : verbsOf(msg.generation);
  if (h.verb && !verbs.includes(h.verb)) {
    // schema validation reports it too; say it in use-case words
    out.push(mk('ENV-WRAPPER', `${ctx.label}: Header/Verb "${h.verb}" is not an IEC 61968-100 ${msg.generation === 'draft-2011' ? '2011 draft' : 'ed.1'} verb`, { ...at(msg, ctx, 'Verb'), expected: `a verb of ${msg.generation === 'draft-2011' ? 'the 2011 draft' : 'IEC 61968-100 ed.1'}`, actual: `Header/Verb "${h.verb}"` }));
  }
  // ENV-13: provenance
  const env13 = ctx.assumptions['ENV-13'] ?? 'warning';
  if (env13 !== 'ignore') {
    const missing = (['timestamp', 'source', 'messageId'] as const).filter((k) => !h[k]);
    if (missing.length) {
      const names = missing.map((k) => ({ timestamp: 'Timestamp', source: 'Source', messageId: 'MessageID' })[k]);
      out.push(mk('ENV-PROVENANCE', `${ctx.label}: Header lacks ${names.join(', ')}`, { ...at(msg, ctx), expected: 'Header with Timestamp, Source and MessageID', actual: `no ${names.join(', ')}`, assumptions: { 'ENV-13': env13 } }, env13 === 'failure' ? 'error' : 'warning'));
    }
  }
  if (h.timestamp) {
    const t = parseDateTime(h.timestamp);
    if (!t) {
      out.push(mk('ENV-TIMESTAMP', `${ctx.label}: Header/Timestamp "${h.timestamp}" is not a date-time`, { ...at(msg, ctx, 'Timestamp'), expected: 'an xs:dateTime', actual: `Header/Timestamp "${h.timestamp}"` }, 'error'));
    } else {
      const drift = Math.abs(t.ms - ctx.receivedAt.getTime()) / 1000;
      if (!ctx.offline && drift > ctx.skewSeconds) {
        out.push(mk('ENV-TIMESTAMP', `${ctx.label}: Header/Timestamp ${h.timestamp} is ${Math.round(drift)} s away from the time of receipt (allowed skew ${ctx.skewSeconds} s)`, { ...at(msg, ctx, 'Timestamp'), expected: `within ${ctx.skewSeconds} s of ${ctx.receivedAt.toISOString()} (the time of receipt)`, actual: `${h.timestamp} (${Math.round(drift)} s away)` }));
      }
      if (t.offsetMinutes === undefined) out.push(mk('ENV-TIMESTAMP', `${ctx.label}: Header/Timestamp ${h.timestamp} has no time-zone offset`, { ...at(msg, ctx, 'Timestamp'), expected: 'a date-time with a time-zone offset (Z or ±hh:mm)', actual: `Header/Timestamp "${h.timestamp}"` }));
    }
  }
  return out;
}

/**
 * ENV-14: the reply's CorrelationID equals the request's CorrelationID when one was sent (failure), or
 * the request's MessageID when only that was sent (warning by default).
 */
export function checkCorrelation(msg: ParsedMessage, request: Header, ctx: CheckContext): Finding[] {
  const env14 = ctx.assumptions['ENV-14'] ?? 'request-correlation';
  if (env14 === 'off') return [];
  const got = msg.header?.correlationId;
  const assumptions = { 'ENV-14': env14 };
  if (request.correlationId) {
    if (got === request.correlationId) return [];
    return [
      mk(
        'ENV-CORRELATION',
        got
          ? `${ctx.label}: CorrelationID "${got}" is not the request's CorrelationID "${request.correlationId}"`
          : `${ctx.label}: no CorrelationID; the request's CorrelationID "${request.correlationId}" must be echoed`,
        { ...at(msg, ctx, 'CorrelationID'), expected: `CorrelationID "${request.correlationId}" (the request's CorrelationID)`, actual: got ? `CorrelationID "${got}"` : 'no CorrelationID', assumptions },
      ),
    ];
  }
  if (request.messageId && got !== request.messageId) {
    return [mk('ENV-CORRELATION', `${ctx.label}: CorrelationID "${got ?? '(none)'}" is not the request's MessageID "${request.messageId}"`, { ...at(msg, ctx, 'CorrelationID'), expected: `CorrelationID "${request.messageId}" (the request's MessageID)`, actual: got ? `CorrelationID "${got}"` : 'no CorrelationID', assumptions }, env14 === 'strict' ? 'error' : 'warning')];
  }
  return [];
}

export interface ResponseExpectation {
  noun: string;
  request: Header;
}

/** layer 2 for the synchronous response to a request */
export function checkResponse(wire: WireMessage, expect: ResponseExpectation, ctx: CheckContext): Finding[] {
  // a SOAP fault carries no IEC 61968-100 Header: a step asserting the reply's header has nothing to pass on
  if (wire.fault && !wire.message) {
    return [mk('ENV-KIND', `${ctx.label}: expected a ResponseMessage with a Header, got a SOAP fault "${wire.fault.reason}" (it carries no IEC 61968-100 Header)`, { file: ctx.label, expected: 'a ResponseMessage with a Header', actual: `SOAP fault "${wire.fault.reason}"` })];
  }
  const { msg, findings } = messageOf(wire, ctx);
  if (!msg) return findings;
  const out = [...findings];
  if (msg.kind !== 'response') {
    out.push(mk('ENV-KIND', `${ctx.label}: expected a ResponseMessage, got ${msg.node.name}`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: 'a ResponseMessage', actual: msg.node.name }));
    return out;
  }
  out.push(...withoutWrapperNoun(checkHeader(msg, ctx), msg, expect.noun));
  const h = msg.header;
  if (h) {
    out.push(...checkReplyVerb(msg, ctx));
    out.push(...checkNoun(msg, expect.noun, ctx));
    out.push(...checkCorrelation(msg, expect.request, ctx));
  }
  out.push(...checkReplyPart(msg, ctx));
  return out;
}

/**
 * ENV-NOUN: Header/Noun names the noun the use case expects. A Header/Noun that also disagrees with its noun
 * wrapper is one fact: ENV-NOUN reports it, and the ENV-WRAPPER finding of checkHeader on the same Noun is
 * dropped (`withoutWrapperNoun`).
 */
export function checkNoun(msg: ParsedMessage, expected: string, ctx: CheckContext): Finding[] {
  const h = msg.header;
  if (!h || h.noun === expected) return [];
  return [mk('ENV-NOUN', `${ctx.label}: Header/Noun is "${h.noun}", expected "${expected}"`, { ...at(msg, ctx, 'Noun'), expected: `Header/Noun "${expected}"`, actual: h.noun ? `Header/Noun "${h.noun}"` : 'no Header/Noun' })];
}

/** the header findings without the ENV-WRAPPER noun finding, when ENV-NOUN already reports that Header/Noun */
function withoutWrapperNoun(header: Finding[], msg: ParsedMessage, expected: string): Finding[] {
  if (!msg.header || msg.header.noun === expected) return header;
  return header.filter((f) => !(f.rule === 'ENV-WRAPPER' && f.xpath !== undefined && f.xpath === msg.headerNode?.children.find((c) => c.name === 'Noun')?.path));
}

/** ENV-07: a ResponseMessage has Verb reply (a past-tense or echoed verb is a warning by default) */
export function checkReplyVerb(msg: ParsedMessage, ctx: CheckContext): Finding[] {
  const h = msg.header;
  if (!h || msg.kind !== 'response') return [];
  const env07 = ctx.assumptions['ENV-07'] ?? 'reply';
  if (h.verb === 'reply' || env07 === 'accept') return [];
  return [mk('ENV-REPLY-VERB', `${ctx.label}: Header/Verb is "${h.verb}", expected "reply"`, { ...at(msg, ctx, 'Verb'), expected: 'Header/Verb "reply"', actual: h.verb ? `Header/Verb "${h.verb}"` : 'no Header/Verb', assumptions: { 'ENV-07': env07 } }, env07 === 'fail' ? 'error' : 'warning')];
}

/** Reply/Result present (a ResponseMessage) and consistent with its Error codes (Annex B, COD-REPLY-*) */
export function checkReplyPart(msg: ParsedMessage, ctx: CheckContext): Finding[] {
  if (!msg.reply) {
    if (msg.kind !== 'response' && msg.kind !== 'fault') return [];
    return [mk('ENV-STRUCTURE', `${ctx.label}: a ${msg.kind === 'fault' ? 'FaultMessage' : 'ResponseMessage'} must carry Reply/Result`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: 'Reply/Result', actual: 'no Reply/Result' })];
  }
  return checkReplyConsistency(msg.reply.result as 'OK' | 'PARTIAL' | 'FAILED', msg.reply.errors ?? [], { strict: ctx.strict, assumptions: ctx.assumptions as Record<string, string> }).map((f) => ({
    ...f,
    message: `${ctx.label}: ${f.message}`,
    file: ctx.label,
    line: f.line ?? msg.replyNode?.line,
    xpath: f.xpath ?? msg.replyNode?.path,
  }));
}

export interface EventExpectation {
  /** the verb expected, or the verbs accepted */
  verb: string | readonly string[];
  noun: string;
  /** the request this event is the asynchronous result of */
  resultOf?: Header;
}

/** layer 2 for an asynchronous result or a published event */
export function checkEvent(wire: WireMessage, expect: EventExpectation, ctx: CheckContext): Finding[] {
  const { msg, findings } = messageOf(wire, ctx);
  if (!msg) return [...findings, mk('ENV-KIND', `${ctx.label}: expected an EventMessage, got a SOAP fault`, { file: ctx.label, expected: `an EventMessage (${String(expect.verb)}(${expect.noun}))`, actual: wire.fault ? `SOAP fault "${wire.fault.reason}"` : 'no message' })];
  const out = [...findings];
  const replyAccepted = (typeof expect.verb === 'string' ? [expect.verb] : expect.verb).includes('reply');
  if (msg.kind !== 'event' && !(replyAccepted && msg.kind === 'response')) {
    out.push(mk('ENV-KIND', `${ctx.label}: expected an EventMessage (${String(expect.verb)}), got ${msg.node.name}`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: `an EventMessage (${String(expect.verb)})`, actual: msg.node.name }));
    return out;
  }
  out.push(...withoutWrapperNoun(checkHeader(msg, ctx), msg, expect.noun));
  const h = msg.header;
  if (h) {
    const verbs = typeof expect.verb === 'string' ? [expect.verb] : expect.verb;
    if (!verbs.includes(h.verb)) out.push(mk('ENV-EVENT-VERB', `${ctx.label}: Header/Verb is "${h.verb}", expected "${verbs.join('" or "')}"`, { ...at(msg, ctx, 'Verb'), expected: `Header/Verb "${verbs.join('" or "')}"`, actual: h.verb ? `Header/Verb "${h.verb}"` : 'no Header/Verb' }));
    out.push(...checkNoun(msg, expect.noun, ctx));
    if (expect.resultOf) out.push(...checkCorrelation(msg, expect.resultOf, ctx));
  }
  if (!msg.payload?.root) {
    out.push(mk('DOM-EXPECTED', `${ctx.label}: the ${expect.verb}(${expect.noun}) message carries no ${expect.noun} payload`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path, expected: `a ${expect.noun} payload`, actual: 'no Payload' }));
  }
  return out;
}

export interface OutcomeExpectation {
  result: 'OK' | 'PARTIAL' | 'FAILED';
  /** the Annex B codes accepted, when the use case and the profile name them */
  codes?: readonly string[];
  /** the SUT claims Annex B codes (COD-06) */
  annexB: boolean;
  /**
   * accept a SOAP fault carrying the failure (ENV-11): only where the case allows one (CIM9-60: a schema-invalid
   * request, a request without a mandatory Header element); by default a fault is not the refusal expected
   */
  acceptSoapFault?: boolean;
}

/** the Result (and code) a use case demands of a response, including a SOAP fault where ENV-11 allows one */
export function checkOutcome(wire: WireMessage, expect: OutcomeExpectation, ctx: CheckContext): Finding[] {
  let reply = wire.message?.reply;
  let where: Partial<Finding> = { file: ctx.label, line: wire.message?.replyNode?.line, xpath: wire.message?.replyNode?.path };
  if (wire.fault) {
    const env11 = ctx.assumptions['ENV-11'] ?? 'either';
    if (expect.result !== 'FAILED' || !expect.acceptSoapFault) {
      const why = expect.result === 'FAILED' ? ' with an Annex B code (a SOAP fault stands for this refusal only where CIM9-60 allows it)' : '';
      return [mk('ENV-EXPECTED-RESULT', `${ctx.label}: SOAP fault "${wire.fault.reason}" where Result ${expect.result}${why} was expected`, { file: ctx.label, expected: `Reply/Result ${expect.result}${expect.result === 'FAILED' && expect.codes?.length ? ` with Annex B code ${expect.codes.join(' or ')}` : ''}`, actual: `SOAP ${wire.fault.code} fault "${wire.fault.reason}"` })];
    }
    // a Server / Receiver fault says the SUT broke, not that it refused the request
    if (/(^|:)(Server|Receiver)$/.test(wire.fault.code.trim())) {
      return [mk('ENV-EXPECTED-RESULT', `${ctx.label}: SOAP ${wire.fault.code} fault "${wire.fault.reason}": a fault of the server, not a refusal of the request (a Client / Sender fault)`, { file: ctx.label, expected: 'a Client / Sender fault (or Reply/Result FAILED)', actual: `SOAP ${wire.fault.code} fault "${wire.fault.reason}"`, assumptions: { 'ENV-11': env11 } })];
    }
    if (env11 === 'require-fault-message' && !wire.fault.detail?.reply) {
      return [mk('ENV-EXPECTED-RESULT', `${ctx.label}: SOAP fault without an IEC 61968-100 FaultMessage in its detail`, { file: ctx.label, expected: 'a SOAP fault whose detail carries an IEC 61968-100 FaultMessage with Reply/Result (ENV-11 = require-fault-message)', actual: `SOAP ${wire.fault.code} fault "${wire.fault.reason}" ${wire.fault.detail ? 'whose detail holds no FaultMessage' : 'without detail'}`, assumptions: { 'ENV-11': env11 } })];
    }
    reply = wire.fault.detail?.reply;
    where = { file: ctx.label, assumptions: { 'ENV-11': env11 } };
    // a bare fault where the case admits one (CIM9-60) and ENV-11 does not demand a FaultMessage: the refusal is seen,
    // but there is no Result or code to compare; say so rather than pass on nothing
    if (!reply) {
      return [
        mk('ENV-EXPECTED-RESULT', `${ctx.label}: SOAP ${wire.fault.code} fault "${wire.fault.reason}" taken as the refusal; it carries no FaultMessage, so ${expect.codes?.length ? `the Annex B code (${expect.codes.join(' or ')}) could not be compared` : 'no Result could be compared'}`, { file: ctx.label, expected: `Reply/Result ${expect.result}${expect.codes?.length ? ` with Annex B code ${expect.codes.join(' or ')}` : ''} (in a FaultMessage)`, actual: `SOAP ${wire.fault.code} fault "${wire.fault.reason}" without a FaultMessage`, assumptions: { 'ENV-11': env11 } }, 'info'),
      ];
    }
  }
  if (!reply) {
    const what = !wire.message ? 'the SOAP Body carries no message' : `the ${wire.message.node.name} carries no Reply/Result`;
    return [mk('ENV-EXPECTED-RESULT', `${ctx.label}: ${what}, where Result ${expect.result} was expected`, { file: ctx.label, line: wire.message?.node.line, xpath: wire.message?.node.path, expected: `Reply/Result ${expect.result}`, actual: what })];
  }
  const out: Finding[] = [];
  if (reply.result !== expect.result) {
    out.push(mk('ENV-EXPECTED-RESULT', `${ctx.label}: Reply/Result is ${reply.result || '(empty)'}, expected ${expect.result}`, { ...where, expected: `Reply/Result ${expect.result}`, actual: `Reply/Result ${reply.result || '(empty)'}` }));
  }
  if (expect.codes?.length) {
    const cod06 = ctx.assumptions['COD-06'] ?? 'when-claimed';
    const asserted = cod06 === 'always' || expect.annexB;
    const codes = (reply.errors ?? []).map((e) => e.code);
    if (asserted && !codes.some((c) => expect.codes!.includes(c))) {
      out.push(
        mk(
          'ENV-EXPECTED-CODE',
          `${ctx.label}: expected Annex B code ${expect.codes.join(' or ')}, got ${codes.length ? codes.join(', ') : 'no Error'}`,
          { ...where, expected: `Reply/Error/code ${expect.codes.join(' or ')}`, actual: codes.length ? `Reply/Error/code ${codes.join(', ')}` : 'no Reply/Error', assumptions: { 'COD-06': cod06 } },
        ),
      );
    }
  }
  return out;
}

/** ENV-15: MessageID reuse within a run */
export class MessageIdRegistry {
  private readonly seen = new Map<string, string>();
  check(msg: ParsedMessage | undefined, ctx: CheckContext): Finding[] {
    const id = msg?.header?.messageId;
    if (!msg || !id) return [];
    const before = this.seen.get(id);
    if (before === undefined) {
      this.seen.set(id, ctx.label);
      return [];
    }
    const env15 = ctx.assumptions['ENV-15'] ?? 'warning';
    return [mk('ENV-MESSAGEID-REUSE', `${ctx.label}: MessageID "${id}" was already used by ${before}`, { ...at(msg, ctx, 'MessageID'), expected: 'a MessageID not used before in the run', actual: `MessageID "${id}" (also ${before})`, assumptions: { 'ENV-15': env15 } }, env15 === 'failure' ? 'error' : 'warning')];
  }
}

// ------------------------------------------------------------------------------------------------
// rules of one message on its own (no request, no use case): what `cim9 validate` checks

/** a profile namespace http://iec.ch/TC57/<year>/<Profile># */
export function isProfileNs(ns: string): boolean {
  return /^http:\/\/(www\.)?iec\.ch\/TC57\/[0-9]{4}\/[A-Za-z0-9]+#$/.test(ns);
}

/**
 * ENV-VERB-KIND: a generic RequestMessage carries a request verb, a generic EventMessage a past-tense verb
 * (in wrapper form the element names the verb, and ENV-WRAPPER compares them).
 */
export function checkVerbKind(msg: ParsedMessage, ctx: CheckContext): Finding[] {
  const h = msg.header;
  if (!h?.verb || msg.form !== 'generic' || !(VERBS_2013 as readonly string[]).includes(h.verb)) return [];
  if (msg.kind === 'request' && !(REQUEST_VERBS as readonly string[]).includes(h.verb)) {
    return [mk('ENV-VERB-KIND', `${ctx.label}: a RequestMessage with Header/Verb "${h.verb}"; a request carries ${REQUEST_VERBS.join(', ')}`, { ...at(msg, ctx, 'Verb'), expected: `a request verb (${REQUEST_VERBS.join(', ')})`, actual: `Header/Verb "${h.verb}"` })];
  }
  if (msg.kind === 'event' && !(EVENT_VERBS as readonly string[]).includes(h.verb)) {
    return [mk('ENV-VERB-KIND', `${ctx.label}: an EventMessage with Header/Verb "${h.verb}"; an event carries a past-tense verb (${EVENT_VERBS.join(', ')})`, { ...at(msg, ctx, 'Verb'), expected: `a past-tense verb (${EVENT_VERBS.join(', ')})`, actual: `Header/Verb "${h.verb}"` })];
  }
  return [];
}

/** ENV-09 rule 2 (ENV-NOUN-PAYLOAD): Header/Noun is the profile name of the payload root; the query of a get is Get<Noun> */
export function checkNounPayload(msg: ParsedMessage, ctx: CheckContext): Finding[] {
  const h = msg.header;
  const e09 = env09(ctx);
  if (!h?.noun || !e09.noun) return [];
  const out: Finding[] = [];
  const assumptions = { 'ENV-09': e09.text };
  // in wrapper form the payload is compared with the noun of the wrapper: a Header/Noun that disagrees with the
  // wrapper is ENV-WRAPPER's one finding, not a second one here
  const wrapper = msg.form === 'wrapper' && msg.wrapperNoun !== undefined;
  const noun = wrapper ? msg.wrapperNoun! : h.noun;
  const said = wrapper ? `the ${msg.node.name} wrapper is for noun "${noun}"` : `Header/Noun is "${noun}"`;
  const root = msg.payload?.root;
  if (root && isProfileNs(root.ns) && root.name !== noun) {
    out.push(mk('ENV-NOUN-PAYLOAD', `${ctx.label}: ${said} but the payload is ${root.name}`, { file: ctx.label, line: root.line, xpath: root.path, messageId: h.messageId, expected: `payload root ${noun}`, actual: `payload root ${root.name}`, assumptions }, e09.noun));
  }
  const query = msg.request?.query;
  if (query && isProfileNs(query.ns) && query.name !== `Get${noun}`) {
    const about = query.name.startsWith('Get') && query.name.length > 3 ? query.name.slice(3) : undefined;
    const asked = about ? `, a query about ${about}` : '';
    // a Noun that is itself the query's name: say what the Noun should be, not "Get" + the query's name
    const hint = query.name === noun && about ? ` (the Noun of a query names what it asks about: ${about})` : ` (the query of ${noun} is Get${noun})`;
    out.push(mk('ENV-NOUN-PAYLOAD', `${ctx.label}: ${said} but the query is ${query.name}${asked}${hint}`, { file: ctx.label, line: query.line, xpath: query.path, messageId: h.messageId, expected: `query Get${noun}`, actual: `query ${query.name}`, assumptions }, e09.noun));
  }
  return out;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * ENV-09 rule 3 (ENV-SOAP-ACTION): the SOAP action names the operation of the message,
 * http://iec.ch/TC57/<year>/<Noun>/<Element> (http://iec.ch/TC57/<year>/Get<Noun>/Get<Noun> for a query).
 * The year is not compared (2011 final, 2015 templates and 2017 samples differ). Checked for requests and
 * events, the messages an HTTP request carries; an empty action ("") says nothing.
 */
export function checkSoapAction(msg: ParsedMessage, action: string | undefined, ctx: CheckContext): Finding[] {
  const e09 = env09(ctx);
  const given = action?.trim().replace(/^"(.*)"$/, '$1').trim();
  if (!given || !e09.action || (msg.kind !== 'request' && msg.kind !== 'event')) return [];
  const h = msg.header;
  const noun = msg.wrapperNoun ?? h?.noun;
  const verb = msg.wrapperVerb ?? h?.verb;
  if (!noun || !verb) return [];
  const query = verb === 'get';
  const op = msg.form === 'wrapper' ? msg.node.name : query ? `Get${noun}` : `${capital(verb)}${noun}`;
  const service = query ? `Get${noun}` : noun;
  const parts = given.split('/');
  const gotOp = parts[parts.length - 1] ?? '';
  const gotService = parts[parts.length - 2] ?? '';
  if (gotOp === op && gotService === service) return [];
  const example = soapActionOf(verb, noun).replace(/\/[^/]+$/, `/${op}`);
  return [
    mk('ENV-SOAP-ACTION', `${ctx.label}: SOAP action "${given}" names operation ${gotService ? `${gotService}/` : ''}${gotOp}, but the message is ${verb}(${noun}) (${example} expected)`, { ...at(msg, ctx), expected: `SOAP action ${example}`, actual: `SOAP action "${given}"`, assumptions: { 'ENV-09': e09.text } }, e09.action),
  ];
}

export interface EnvelopeRuleOptions {
  /** the SOAP action the message came with, when known */
  soapAction?: string;
}

/**
 * Every envelope rule that needs neither the request nor the use case: structure, header (wrapper, verb,
 * provenance, timestamp), verb ↔ kind, Verb reply of a response, Reply/Result ↔ codes, Noun ↔ payload, SOAP action.
 */
export function checkEnvelopeMessage(msg: ParsedMessage, ctx: CheckContext, opts: EnvelopeRuleOptions = {}): Finding[] {
  const out = msg.problems.map((p) => structureFinding(p, msg, ctx));
  if (msg.kind === 'fault') return [...out, ...checkReplyPart(msg, ctx)];
  out.push(...checkHeader(msg, ctx), ...checkVerbKind(msg, ctx), ...checkReplyVerb(msg, ctx), ...checkReplyPart(msg, ctx));
  out.push(...checkNounPayload(msg, ctx), ...checkSoapAction(msg, opts.soapAction, ctx));
  return out;
}
