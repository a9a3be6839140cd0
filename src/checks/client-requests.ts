/**
 * The requests a CLIENT SUT (a CIS, an OMS) sends the MDM the suite plays, on an upper-tester order
 * (src/usecases/stimuli.ts): MR-03 step 1 (the CIS asks for the reading of a meter) and EDE-02 step 1 (the OMS pings
 * meters; UC-01 default noun MeterReadings). Pure checks on the parsed request:
 * - it is a RequestMessage (ENV-KIND) whose header meets the rules of every header (checkHeader) and names the noun
 *   (ENV-NOUN);
 * - it is get(MeterReadings) with a GetMeterReadings query naming exactly the meters the order named, and, when the
 *   order named a ReadingType, exactly that ReadingType (DOM-CLIENT-REQUEST);
 * - the MDM the suite plays took it (Result OK): a refusal of the suite's peer (1.8 schema-invalid, 2.4 unknown meter
 *   …) is a finding against the request (DOM-CLIENT-REQUEST, with the peer's code and reason).
 * Schema and the message-level rules are layer 1 of the World (src/session/world.ts), as for every message received.
 */
import { ruleFinding } from './catalogue.ts';
import type { Finding } from './finding.ts';
import type { CheckContext } from './envelope.ts';
import { checkHeader, checkNoun, messageOf } from './envelope.ts';
import type { ParsedMessage, WireMessage } from '../message/index.ts';
import { readGetMeterReadings } from '../payloads/meterReadings.ts';

/** what the upper tester told the client to ask for */
export interface ClientOrder {
  /** "the CIS", "the OMS" (for the messages) */
  who: string;
  meters: readonly { mRID: string; usagePoint?: string }[];
  /** the ReadingTypes the order named; empty: any (the client's choice) */
  readingTypes: readonly string[];
}

const mk = ruleFinding;

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '(none)');

/** the header layer of a client's request: a RequestMessage, conformant header, verb get, noun MeterReadings */
export function checkClientRequestHeader(wire: WireMessage | undefined, ctx: CheckContext): Finding[] {
  if (!wire) return [mk('ENV-STRUCTURE', `${ctx.label}: the request could not be read`, { file: ctx.label })];
  const { msg, findings } = messageOf(wire, ctx);
  if (!msg) return [...findings, mk('ENV-KIND', `${ctx.label}: expected a RequestMessage, got a SOAP fault`, { file: ctx.label })];
  const out = [...findings];
  if (msg.kind !== 'request') {
    out.push(mk('ENV-KIND', `${ctx.label}: expected a RequestMessage (get), got ${msg.node.name}`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path }));
    return out;
  }
  out.push(...checkHeader(msg, ctx));
  if (!msg.header) return [...out, mk('ENV-STRUCTURE', `${ctx.label}: the request has no Header`, { file: ctx.label, line: msg.node.line, xpath: msg.node.path })];
  out.push(...checkNoun(msg, 'MeterReadings', ctx));
  if (msg.header.verb !== 'get') out.push(mk('DOM-CLIENT-REQUEST', `${ctx.label}: Header/Verb is "${msg.header.verb}", expected "get" (get(MeterReadings))`, { file: ctx.label, line: msg.node.line, messageId: msg.header.messageId }));
  return out;
}

/** the domain layer: the query names exactly the meters (and the ReadingType) of the order */
export function checkClientRead(msg: ParsedMessage | undefined, order: ClientOrder, label: string): Finding[] {
  const f = (message: string): Finding => mk('DOM-CLIENT-REQUEST', `${label}: ${message}`, { file: label, messageId: msg?.header?.messageId });
  if (!msg) return [f('not a message that can be read')];
  const out: Finding[] = [];
  const verb = msg.header?.verb ?? msg.wrapperVerb;
  const noun = msg.header?.noun ?? msg.wrapperNoun;
  if (verb !== 'get' || noun !== 'MeterReadings') out.push(f(`${verb ?? '?'}(${noun ?? '?'}) instead of get(MeterReadings)`));
  const q = msg.request?.query ? readGetMeterReadings(msg.request.query) : undefined;
  if (!q) return [...out, f('no GetMeterReadings query in Request: the request asks for nothing')];
  const named = [...(q.endDevices ?? []), ...(q.usagePoints ?? [])];
  const missing = order.meters.filter((m) => !named.includes(m.mRID) && !(m.usagePoint && named.includes(m.usagePoint))).map((m) => m.mRID);
  const extra = named.filter((id) => !order.meters.some((m) => m.mRID === id || m.usagePoint === id));
  if (missing.length) out.push(f(`the meter(s) ${list(missing)} ${order.who} was told to ask for are not named (the request names ${list(named)})`));
  if (extra.length) out.push(f(`names ${list(extra)}, which ${order.who} was not told to ask for`));
  if (order.readingTypes.length) {
    const rts = q.readingTypes ?? [];
    const rtMissing = order.readingTypes.filter((rt) => !rts.includes(rt));
    const rtExtra = rts.filter((rt) => !order.readingTypes.includes(rt));
    if (rtMissing.length) out.push(f(`the ReadingType(s) ${list(rtMissing)} ${order.who} was told to ask for are not named (the request names ${list(rts)})`));
    if (rtExtra.length) out.push(f(`names ReadingType(s) ${list(rtExtra)}, which ${order.who} was not told to ask for`));
  }
  return out;
}

/** the answer of the suite's peer to the request: a refusal (FAILED, PARTIAL, a SOAP fault) is a finding against the request */
export function checkPeerTook(answer: ParsedMessage | undefined, fault: string | undefined, label: string): Finding[] {
  const f = (message: string): Finding => mk('DOM-CLIENT-REQUEST', `${label}: ${message}`, { file: label });
  if (fault !== undefined) return [f(`the MDM the suite plays could not read the request and answered a SOAP fault: ${fault}`)];
  const result = answer?.reply?.result;
  if (!result) throw new Error('checkPeerTook: the answer of the suite carries no Result');
  if (result === 'OK') return [];
  const why = (answer?.reply?.errors ?? []).map((e) => `${e.code ?? '?'} ${e.reason ?? ''}`.trim()).join('; ');
  return [f(`the MDM the suite plays answered Result ${result}${why ? ` (${why})` : ''}: the request is not one a conformant MDM can take`)];
}
