/**
 * The outage storm the other way (`cim9 load --scenario outage-storm-in`): a head-end SUT publishes power-off and
 * restoration created(EndDeviceEvents) for N meters, and the suite is the MDM that receives them. What one delivery
 * is worth, and the tally of the storm:
 *
 * - every delivery: content type, XML, envelope (checkEvent: an EventMessage, created(EndDeviceEvents), the header
 *   rules) and, on the sampled ones (`schema` true), the XSDs of the edition; on a sample, the domain rules of
 *   `cim9 validate` (checkReceived);
 * - every event in it: a power-off (3.26.0.85) or a restoration (3.26.0.216) of one of the storm's meters, counted
 *   once per meter and kind (a second one is a duplicate: EDE-LOAD-DUPLICATE), with a createdDateTime (the latency is
 *   from it to the delivery's arrival; one later than the arrival by more than the clock skew is EDE-LOAD-TIME);
 *   an event of another meter or another type is an error (EDE-LOAD-UNEXPECTED);
 * - the ack: a ResponseMessage reply(EndDeviceEvents) Result OK echoing the CorrelationID (or the MessageID), from a
 *   template of the message builder (src/message/template.ts); an unreadable delivery gets a SOAP Client fault.
 */
import { checkEvent, type CheckContext } from '../checks/envelope.ts';
import { checkReceived, schemaAssumptions } from '../checks/message.ts';
import type { Finding } from '../checks/finding.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { newMessageId, nowTimestamp, PREFIXES, readMessage, soapFault, toSoap, type SoapVersion } from '../message/index.ts';
import { compileTemplate, type MessageTemplate } from '../message/template.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { SchemaPack } from '../schema/index.ts';
import { checkSoapContentType } from '../transport/http.ts';
import { serializeXml } from '../xml/index.ts';
import { POWER_OFF, POWER_RESTORED } from './load-scenarios.ts';

export interface StormTally {
  /** the storm's meters */
  readonly meters: ReadonlySet<string>;
  readonly off: Set<string>;
  readonly restored: Set<string>;
  duplicates: number;
  unexpected: number;
  /** restorations that came before their meter's power-off */
  restoredFirst: number;
  /** events in the deliveries */
  events: number;
}

export const newTally = (meters: Iterable<string>): StormTally => ({ meters: new Set(meters), off: new Set(), restored: new Set(), duplicates: 0, unexpected: 0, restoredFirst: 0, events: 0 });

/** every meter's power-off and restoration arrived */
export const stormComplete = (t: StormTally) => t.off.size === t.meters.size && t.restored.size === t.meters.size;

export interface DeliveryOptions {
  pack: SchemaPack;
  ctx: CheckContext;
  soapVersion: SoapVersion;
  maxBytes: number;
  /** validate this delivery against the XSDs (sampled when the listener is busy) */
  schema: boolean;
  /** run the domain rules on this delivery */
  domain: boolean;
}

export interface DeliveryJudgement {
  outcome: 'ok' | 'error';
  rules: string[];
  first?: string;
  /** the latency of each event in it, µs from its createdDateTime to the arrival */
  latenciesUs: number[];
  /** whom to echo in the ack; undefined: the delivery could not be read (a SOAP fault answers it) */
  correlationId?: string;
  unreadable?: string;
}

/** judge one delivery that arrived at `arrivedAt` (ms since the epoch) and count its events into the tally; never throws */
export function judgeDelivery(body: Buffer, contentType: string | undefined, arrivedAt: number, tally: StormTally, o: DeliveryOptions): DeliveryJudgement {
  const label = 'delivery of the outage storm';
  const ctx: CheckContext = { ...o.ctx, label, receivedAt: new Date(arrivedAt) };
  const findings: Finding[] = [];
  const err = (id: string, message: string) => findings.push(ruleFinding(id, `${label}: ${message}`, { file: label }));
  const ct = checkSoapContentType(contentType, o.soapVersion);
  if (ct) err('ENV-CONTENT-TYPE', ct);
  const latenciesUs: number[] = [];
  const read = readMessage(body, { maxBytes: o.maxBytes });
  const done = (extra: Partial<DeliveryJudgement> = {}): DeliveryJudgement => {
    const errors = findings.filter((f) => f.severity === 'error');
    return { outcome: errors.length ? 'error' : 'ok', rules: [...new Set(errors.map((f) => f.rule))], first: errors[0]?.message, latenciesUs, ...extra };
  };
  if (!read.ok) {
    err('XML', read.problem.message);
    return done({ unreadable: read.problem.message });
  }
  const wire = read.wire;
  if (o.schema) findings.push(...o.pack.validate(body, { label, maxBytes: o.maxBytes, assumptions: schemaAssumptions(ctx) }));
  findings.push(...checkEvent(wire, { verb: 'created', noun: 'EndDeviceEvents' }, ctx));
  if (o.domain) findings.push(...checkReceived(wire, ctx, { contentType }));
  const root = wire.message?.payload?.root;
  const events = root && wire.message?.header?.noun === 'EndDeviceEvents' ? readEndDeviceEvents(root) : [];
  const skewMs = ctx.skewSeconds * 1000;
  for (const e of events) {
    tally.events++;
    const meter = e.meter ?? '';
    const kind = e.eventType === POWER_OFF ? tally.off : e.eventType === POWER_RESTORED ? tally.restored : undefined;
    if (!kind || !tally.meters.has(meter)) {
      tally.unexpected++;
      err('EDE-LOAD-UNEXPECTED', `an event ${JSON.stringify(e.eventType)} of meter ${JSON.stringify(meter)}: not a power-off (${POWER_OFF}) or restoration (${POWER_RESTORED}) of a meter of the storm`);
      continue;
    }
    if (kind.has(meter)) {
      tally.duplicates++;
      err('EDE-LOAD-DUPLICATE', `a second ${kind === tally.off ? 'power-off' : 'restoration'} of meter ${meter}`);
      continue;
    }
    kind.add(meter);
    if (kind === tally.restored && !tally.off.has(meter)) tally.restoredFirst++;
    const at = e.createdDateTime !== undefined ? Date.parse(e.createdDateTime) : NaN;
    if (Number.isNaN(at)) {
      err('EDE-LOAD-TIME', `the event of meter ${meter} has no readable createdDateTime`);
      continue;
    }
    if (at - arrivedAt > skewMs) err('EDE-LOAD-TIME', `the event of meter ${meter} was created at ${e.createdDateTime}, ${((at - arrivedAt) / 1000).toFixed(1)} s after it arrived (more than the clock skew of ${ctx.skewSeconds} s)`);
    latenciesUs.push(Math.max(0, arrivedAt - at) * 1000);
  }
  if (root && !events.length) err('DOM-EXPECTED', 'the message carries no EndDeviceEvent');
  const h = wire.message?.header;
  return done({ correlationId: h?.correlationId ?? h?.messageId ?? '' });
}

/** the ack of the MDM: reply(EndDeviceEvents) Result OK, built from a template of the message builder */
export function ackBuilder(soapVersion: SoapVersion, generation: '2013' | 'draft-2011'): { ok(correlationId: string): string; fault(reason: string): string } {
  const build = (v: Readonly<Record<'ts' | 'mid' | 'cid', string>>) =>
    toSoap({ kind: 'response', header: { verb: 'reply', noun: 'EndDeviceEvents', timestamp: v.ts, source: 'cim9-load', messageId: v.mid, correlationId: v.cid }, reply: { result: 'OK' }, generation }, soapVersion).xml;
  const t: MessageTemplate<'ts' | 'mid' | 'cid'> = compileTemplate(['ts', 'mid', 'cid'], build, { ts: '2026-01-01T00:00:00Z', mid: newMessageId(), cid: newMessageId() });
  return {
    ok(correlationId) {
      const v = { ts: nowTimestamp(), mid: newMessageId(), cid: correlationId };
      return t.fill(v) ?? build(v);
    },
    fault: (reason) => serializeXml(soapFault(soapVersion, 'Client', reason), { prefixes: PREFIXES }),
  };
}
