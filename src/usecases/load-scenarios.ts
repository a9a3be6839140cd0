/**
 * The flows of `cim9 load` (README "Load mode"): what request number k of a scenario is, and how its reply is
 * judged. Requests are built with src/message and src/payloads (never as text), replies read with src/message and
 * judged with the same layers as a scenario's (src/session/world.ts layer 1 and checkResponse):
 *
 * - every reply: transport (HTTP status, content type), XML, schema (the pack of the edition), envelope
 *   (checkResponse: a ResponseMessage, verb reply, the noun, CorrelationID, Reply/Result and its codes) and the
 *   Result a success needs (assumption CIM9-225);
 * - a sample of the replies (every one when the rate allows, `domain` true): the message rules of `cim9 validate`
 *   (checkReceived: payload rules, codes, identity) and, for a read, that the reply carries a MeterReading of the
 *   meter asked for.
 *
 * Scenarios: outage-storm (a power-off created(EndDeviceEvents) per meter, then a restoration per meter, the suite
 * playing the head-end towards an MDM), bulk-ingest (created(MeterReadings) of M interval values per meter), on-request-reads
 * (get(MeterReadings) of the register per meter).
 */
import { checkResponse, type CheckContext } from '../checks/envelope.ts';
import { checkReceived, schemaAssumptions } from '../checks/message.ts';
import type { Finding } from '../checks/finding.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { newMessageId, nowTimestamp, readMessage, serviceName, toSoap, type Header, type Message, type WireMessage } from '../message/index.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { buildGetMeterReadings, buildMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import type { SchemaPack } from '../schema/index.ts';
import { checkSoapContentType } from '../transport/http.ts';

export const LOAD_SCENARIOS = ['outage-storm', 'bulk-ingest', 'on-request-reads'] as const;
export type LoadScenario = (typeof LOAD_SCENARIOS)[number];

/** the IEC 61968-9 Annex E event types of an outage and a restoration (as the EDE scenarios send them) */
export const POWER_OFF = '3.26.0.85';
export const POWER_RESTORED = '3.26.0.216';

export interface LoadPlan {
  scenario: LoadScenario;
  /** the meters' mRIDs, in order */
  meters: readonly string[];
  /** interval values per meter (bulk-ingest) */
  intervals: number;
  readingTypes: { register: string; interval: string };
  soapVersion: '1.1' | '1.2';
  generation: '2013' | 'draft-2011';
}

/** how many requests a plan makes: two per meter for a storm, one per meter otherwise */
export function requestCount(p: Pick<LoadPlan, 'scenario' | 'meters'>): number {
  return p.scenario === 'outage-storm' ? p.meters.length * 2 : p.meters.length;
}

/** the role and service a scenario's requests go to */
export function targetOf(scenario: LoadScenario): { role: 'MDM'; verb: string; noun: string; service: string } {
  const [verb, noun] = scenario === 'on-request-reads' ? ['get', 'MeterReadings'] : ['created', scenario === 'outage-storm' ? 'EndDeviceEvents' : 'MeterReadings'];
  return { role: 'MDM', verb, noun, service: serviceName(verb, noun) };
}

export interface LoadRequest {
  /** the request's header (its MessageID and CorrelationID are the reply's to echo) */
  header: Header;
  meter: string;
  xml: string;
  soapAction?: string;
}

const header = (verb: string, noun: string): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'cim9-load', messageId: newMessageId(), correlationId: newMessageId() });

const FIFTEEN_MINUTES = 15 * 60_000;

/** request number k of the plan (0 ≤ k < requestCount) */
export function buildLoadRequest(p: LoadPlan, k: number, now = Date.now()): LoadRequest {
  let msg: Message;
  let meter: string;
  if (p.scenario === 'outage-storm') {
    // the storm: every meter's power-off first, then every meter's restoration
    meter = p.meters[k % p.meters.length]!;
    const restored = k >= p.meters.length;
    const root = buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(now)), meter, eventType: restored ? POWER_RESTORED : POWER_OFF }]);
    msg = { kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root } };
  } else if (p.scenario === 'bulk-ingest') {
    meter = p.meters[k % p.meters.length]!;
    // M whole 15-minute intervals ending at the last quarter hour before now
    const end = Math.floor(now / FIFTEEN_MINUTES) * FIFTEEN_MINUTES;
    const readings = Array.from({ length: p.intervals }, (_, j) => ({
      timeStamp: nowTimestamp(() => new Date(end - (p.intervals - 1 - j) * FIFTEEN_MINUTES)),
      value: String(((k * 7 + j * 13) % 997) / 10),
    }));
    const root = buildMeterReadings({ meterReadings: [{ meter: { mRID: meter }, intervalBlocks: [{ readingType: p.readingTypes.interval, readings }] }] });
    msg = { kind: 'event', header: header('created', 'MeterReadings'), payload: { root } };
  } else {
    meter = p.meters[k % p.meters.length]!;
    msg = { kind: 'request', header: header('get', 'MeterReadings'), request: { query: buildGetMeterReadings({ endDevices: [meter], readingTypes: [p.readingTypes.register] }) } };
  }
  const out = toSoap({ ...msg, generation: p.generation }, p.soapVersion);
  return { header: msg.header!, meter, xml: out.xml, soapAction: out.soapAction };
}

export interface ReplyJudgement {
  outcome: 'ok' | 'error';
  /** the rules of the error findings (and ENV-LOAD-RESULT for a Result that is no success) */
  rules: string[];
  /** the first error, as text (SUT-controlled: escape it where it is shown) */
  first?: string;
  /** whether the domain checks ran on this reply */
  domainChecked: boolean;
}

export interface JudgeOptions {
  pack: SchemaPack;
  ctx: CheckContext;
  soapVersion: '1.1' | '1.2';
  maxBytes: number;
  /** run the domain checks on this reply */
  domain: boolean;
  /** CIM9-225 */
  success: 'ok-only' | 'ok-or-partial';
}

/** judge one reply (HTTP status, body, content type) to a load request; never throws */
export function judgeReply(p: LoadPlan, req: LoadRequest, reply: { status: number; contentType?: string; body: Buffer }, o: JudgeOptions): ReplyJudgement {
  const label = `reply to ${req.header.verb}(${req.header.noun}) for ${req.meter}`;
  const ctx: CheckContext = { ...o.ctx, label, receivedAt: new Date() };
  const findings: Finding[] = [];
  const err = (id: string, message: string) => findings.push(ruleFinding(id, `${label}: ${message}`, { file: label }));
  const ct = checkSoapContentType(reply.contentType, o.soapVersion);
  if (ct) err('ENV-CONTENT-TYPE', ct);
  const read = readMessage(reply.body, { maxBytes: o.maxBytes });
  let wire: WireMessage | undefined;
  if (!read.ok) err('XML', read.problem.message);
  else {
    wire = read.wire;
    findings.push(...o.pack.validate(reply.body, { label, maxBytes: o.maxBytes, assumptions: schemaAssumptions(ctx) }));
    findings.push(...checkResponse(wire, { noun: req.header.noun, request: req.header }, ctx));
    const result = wire.message?.reply?.result;
    if (result !== undefined && result !== 'OK' && !(result === 'PARTIAL' && o.success === 'ok-or-partial')) {
      const reasons = (wire.message?.reply?.errors ?? []).map((e) => `${e.code}${e.reason ? ` ${e.reason}` : ''}`).join('; ');
      err('ENV-LOAD-RESULT', `Result ${result}${reasons ? ` (${reasons})` : ''} (CIM9-225 = ${o.success})`);
    }
  }
  if (reply.status !== 200) err('TRANSPORT', `HTTP ${reply.status}${wire?.fault ? ` with a SOAP fault: ${wire.fault.reason}` : ''}`);
  if (o.domain && wire) {
    findings.push(...checkReceived(wire, ctx, { contentType: reply.contentType }));
    if (p.scenario === 'on-request-reads' && wire.message?.payload?.root) {
      const got = readMeterReadings(wire.message.payload.root).meterReadings.some((m) => m.meter?.mRID === req.meter || m.meter?.names?.includes(req.meter));
      if (!got) err('MR-LOAD-METER', `no MeterReading of meter ${req.meter}, which was asked for`);
    }
  }
  const errors = findings.filter((f) => f.severity === 'error');
  return { outcome: errors.length ? 'error' : 'ok', rules: [...new Set(errors.map((f) => f.rule))], first: errors[0]?.message, domainChecked: o.domain && !!wire };
}
