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
import { compileTemplate, type MessageTemplate } from '../message/template.ts';
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
  /** the message as sent (UTF-8) */
  body: Buffer;
  /** the same as text */
  readonly xml: string;
  soapAction?: string;
}

const FIFTEEN_MINUTES = 15 * 60_000;

/** the values that vary from one request of a plan to the next (slot name → value) */
type Values = Record<string, string>;

/** the request's message from its values, through src/message and src/payloads (variant 1: a storm's restoration) */
function messageOf(p: LoadPlan, variant: number, v: Readonly<Values>): Message {
  const header: Header = { verb: '', noun: '', timestamp: v.ts!, source: 'cim9-load', messageId: v.mid!, correlationId: v.cid! };
  if (p.scenario === 'outage-storm') {
    const root = buildEndDeviceEvents([{ mRID: v.ev!, createdDateTime: v.evTime!, meter: v.meter!, eventType: variant === 1 ? POWER_RESTORED : POWER_OFF }]);
    return { kind: 'event', header: { ...header, verb: 'created', noun: 'EndDeviceEvents' }, payload: { root } };
  }
  if (p.scenario === 'bulk-ingest') {
    const readings = Array.from({ length: p.intervals }, (_, j) => ({ timeStamp: v[`t${j}`]!, value: v[`v${j}`]! }));
    const root = buildMeterReadings({ meterReadings: [{ meter: { mRID: v.meter! }, intervalBlocks: [{ readingType: p.readingTypes.interval, readings }] }] });
    return { kind: 'event', header: { ...header, verb: 'created', noun: 'MeterReadings' }, payload: { root } };
  }
  return { kind: 'request', header: { ...header, verb: 'get', noun: 'MeterReadings' }, request: { query: buildGetMeterReadings({ endDevices: [v.meter!], readingTypes: [p.readingTypes.register] }) } };
}

const build = (p: LoadPlan, variant: number, v: Readonly<Values>) => toSoap({ ...messageOf(p, variant, v), generation: p.generation }, p.soapVersion);

/** the slots of a plan's requests */
function slotsOf(p: LoadPlan): string[] {
  const common = ['ts', 'mid', 'cid', 'meter'];
  if (p.scenario === 'outage-storm') return [...common, 'ev', 'evTime'];
  if (p.scenario === 'bulk-ingest') return [...common, ...Array.from({ length: p.intervals }, (_, j) => [`t${j}`, `v${j}`]).flat()];
  return common;
}

/** the interval ends of a bulk ingest, computed once per quarter hour */
const intervalTimes = new WeakMap<LoadPlan, { end: number; stamps: string[] }>();

/** the timestamp of the current second (xs:dateTime to the second: the same for every request within it) */
let lastSecond = { at: -1, text: '' };

/** the interval values of a bulk ingest: 0.0 … 99.6, chosen per interval and request number modulo VALUE_POOL (their texts made once) */
const VALUE_TEXT = Array.from({ length: 997 }, (_, n) => String(n / 10));
/**
 * a bulk ingest's interval values repeat every VALUE_POOL requests: the template with them filled in is made once per
 * quarter hour and residue (src/message/template.ts partial), and each request fills only its ids, time and meter
 */
const VALUE_POOL = 64;
const bulkPools = new WeakMap<LoadPlan, { end: number; byResidue: Map<number, MessageTemplate<string> | undefined> }>();

/** the values of request k, in the order of slotsOf: fresh ids, the time now, the meter, the interval values */
function valueList(p: LoadPlan, k: number, now: number, intervals = true): string[] {
  const second = Math.floor(now / 1000);
  if (second !== lastSecond.at) lastSecond = { at: second, text: nowTimestamp(() => new Date(second * 1000)) };
  const ts = lastSecond.text;
  const v = [ts, newMessageId(), newMessageId(), p.meters[k % p.meters.length]!];
  if (p.scenario === 'outage-storm') v.push(newMessageId(), ts);
  else if (p.scenario === 'bulk-ingest' && intervals) {
    // M whole 15-minute intervals ending at the last quarter hour before now
    const end = Math.floor(now / FIFTEEN_MINUTES) * FIFTEEN_MINUTES;
    let times = intervalTimes.get(p);
    if (times?.end !== end) intervalTimes.set(p, (times = { end, stamps: Array.from({ length: p.intervals }, (_, j) => nowTimestamp(() => new Date(end - (p.intervals - 1 - j) * FIFTEEN_MINUTES))) }));
    for (let j = 0; j < p.intervals; j++) v.push(times.stamps[j]!, VALUE_TEXT[((k % VALUE_POOL) * 7 + j * 13) % 997]!);
  }
  return v;
}

/** the values of request k by slot name */
function valuesOf(p: LoadPlan, k: number, now: number): Values {
  return recordOf(p, valueList(p, k, now));
}

const recordOf = (p: LoadPlan, list: readonly string[]): Values => Object.fromEntries(slotsOf(p).map((s, i) => [s, list[i]!]));

interface Compiled {
  templates: MessageTemplate<string>[];
  soapAction: string;
  target: ReturnType<typeof targetOf>;
}

/** a plan's templates, compiled on its first request (src/message/template.ts: proven against the builder) */
const compiled = new WeakMap<LoadPlan, Compiled>();

function compiledOf(p: LoadPlan): Compiled {
  let c = compiled.get(p);
  if (c) return c;
  const slots = slotsOf(p);
  const probe = valuesOf({ ...p, meters: ['PROBE-METER-1'] }, 0, Date.UTC(2026, 0, 1, 12, 7, 31));
  const variants = p.scenario === 'outage-storm' ? [0, 1] : [0];
  const templates = variants.map((variant) => compileTemplate(slots, (v) => build(p, variant, v).xml, probe));
  c = { templates, soapAction: build(p, 0, probe).soapAction, target: targetOf(p.scenario) };
  compiled.set(p, c);
  return c;
}

/**
 * request number k of the plan (0 ≤ k < requestCount): its message as the builder makes it, filled into the plan's
 * template (the same bytes, src/message/template.ts), or built through the builder when a value is not plain (a
 * profile's meter with characters XML escapes)
 */
export function buildLoadRequest(p: LoadPlan, k: number, now = Date.now()): LoadRequest {
  const c = compiledOf(p);
  // a bulk ingest's interval values come from its pool (below): only the head values here
  const v = valueList(p, k, now, p.scenario !== 'bulk-ingest');
  // the storm: every meter's power-off first, then every meter's restoration
  const variant = p.scenario === 'outage-storm' && k >= p.meters.length ? 1 : 0;
  const t = c.target;
  const header: Header = { verb: t.verb, noun: t.noun, timestamp: v[0]!, source: 'cim9-load', messageId: v[1]!, correlationId: v[2]! };
  let bytes: Buffer | undefined;
  if (p.scenario === 'bulk-ingest') {
    // the pool's template for this quarter hour and residue: the interval values filled in once
    const end = Math.floor(now / FIFTEEN_MINUTES) * FIFTEEN_MINUTES;
    let pool = bulkPools.get(p);
    if (pool?.end !== end) bulkPools.set(p, (pool = { end, byResidue: new Map() }));
    const r = k % VALUE_POOL;
    if (!pool.byResidue.has(r)) {
      const all = recordOf(p, valueList(p, k, now));
      const fixed: Values = {};
      for (let j = 0; j < p.intervals; j++) (fixed[`t${j}`] = all[`t${j}`]!), (fixed[`v${j}`] = all[`v${j}`]!);
      pool.byResidue.set(r, c.templates[0]!.partial(fixed));
    }
    bytes = pool.byResidue.get(r)?.fillListBytes(v);
  } else bytes = c.templates[variant]!.fillListBytes(v);
  const body = bytes ?? Buffer.from(build(p, variant, recordOf(p, p.scenario === 'bulk-ingest' ? [...v, ...valueList(p, k, now).slice(4)] : v)).xml, 'utf8');
  return new BuiltRequest(header, v[3]!, body, c.soapAction);
}

/** a request of the load (a class: one shape, its text made only when asked for) */
class BuiltRequest implements LoadRequest {
  constructor(
    readonly header: Header,
    readonly meter: string,
    readonly body: Buffer,
    readonly soapAction: string,
  ) {}
  get xml(): string {
    return this.body.toString('utf8');
  }
}

/** request k built through the builder alone (no template): what the template must reproduce */
export function buildLoadRequestDirect(p: LoadPlan, k: number, now = Date.now()): LoadRequest & { values: Values } {
  const v = valuesOf(p, k, now);
  const variant = p.scenario === 'outage-storm' && k >= p.meters.length ? 1 : 0;
  const msg = messageOf(p, variant, v);
  const out = build(p, variant, v);
  return { header: msg.header!, meter: v.meter!, body: Buffer.from(out.xml, 'utf8'), xml: out.xml, soapAction: out.soapAction, values: v };
}

/** request k through the template with given values (for the test that the two agree) */
export function fillLoadRequest(p: LoadPlan, k: number, v: Values): string | undefined {
  const variant = p.scenario === 'outage-storm' && k >= p.meters.length ? 1 : 0;
  return compiledOf(p).templates[variant]!.fill(v);
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

/**
 * judge one reply (HTTP status, body, content type) to a load request; never throws. `receivedAt`: when it arrived
 * (the time of receipt its Header/Timestamp is compared with; a sampled reply may be checked a little later), now by default
 */
export function judgeReply(p: LoadPlan, req: LoadRequest, reply: { status: number; contentType?: string; body: Buffer; receivedAt?: Date }, o: JudgeOptions): ReplyJudgement {
  const label = `reply to ${req.header.verb}(${req.header.noun}) for ${req.meter}`;
  const ctx: CheckContext = { ...o.ctx, label, receivedAt: reply.receivedAt ?? new Date() };
  const findings: Finding[] = [];
  const err = (id: string, message: string) => findings.push(ruleFinding(id, `${label}: ${message}`, { file: label }));
  const ct = checkSoapContentType(reply.contentType, o.soapVersion);
  if (ct) err('ENV-CONTENT-TYPE', ct);
  // the reply is read here only: no cache of its reading (src/message/soap.ts READINGS)
  const read = readMessage(reply.body, { maxBytes: o.maxBytes, once: true });
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
