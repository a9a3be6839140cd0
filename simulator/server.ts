/**
 * The reference SUT. It plays the MDM (towards the OMS and the CIS, and receiving events from the
 * head-end) and the head-end (towards the OMS and the MDM) for the flows the suite covers, over
 * SOAP/HTTP, with the small stateful store of ./store.ts. Each use case is a handler in ./handlers;
 * faults of ./faults switch on single, minimal violations.
 *
 * Endpoints: POST <base>/mdm and <base>/hes (IEC 61968-100 messages in SOAP 1.1 or 1.2), and for the client roles
 * <base>/cis and <base>/oms (the OMS acknowledges published events; both send requests on an upper-tester order,
 * ./handlers/client-requests.ts),
 * POST <base>/_control/stimulus (what only the field can cause: a meter losing or regaining power, a meter
 * installed or removed by an installer — ./handlers/events.ts, ./handlers/installation.ts; health alarms, sags, a
 * meter change-out, a tamper, a PAN device event — ./handlers/device-events.ts, ./handlers/service-events.ts; a PAN
 * device the meter cannot pair, out of range, asking to join — ./handlers/pan-pairing.ts; a meter that cannot give
 * its register read, and again can — ./handlers/controls.ts),
 * POST <base>/_control/subscribers (where to publish and whom to ask: {OMS?, MDM?, masterData?, upstreamHES?,
 * MDMService?}), GET <base>/_control/faults,
 * GET <base>/mdm?wsdl and <base>/hes?wsdl (an index of the endpoint's services), ?wsdl=<Service> (the WSDL 1.1 of one
 * service, e.g. ExecuteEndDeviceControls) and ?xsd=<path in the schema pack> (./wsdl.ts),
 * GET <base>/_control/idle[?waitMs=N] (is everything the SUT was caused to send sent and answered, with nothing
 * scheduled? With waitMs, the answer waits until it is, at most N ms: ./activity.ts) (src/usecases/stimuli.ts);
 * ?quietMs=N instead: `quiet: true` as soon as nothing can be sent within N ms from the question, else at its end.
 * It imports src/ modules below the session only: `cim9 run` (src/cli) starts it.
 */
import { fieldOutageStorm } from './handlers/outage-storm.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import { FAULTS, checkFaultIds } from './faults/catalogue.ts';
import { Store } from './store.ts';
import { buildEnvelope, readMessage, soapFault, toSoap, PREFIXES, type Message, type SoapVersion } from '../src/message/index.ts';
import { serializeXml } from '../src/xml/index.ts';
import type { SchemaPack } from '../src/schema/index.ts';
import type { BuildGeneration } from '../src/message/names.ts';
import { Activity } from './activity.ts';
import { createContext, type SimContext, type SimRole, type Subscribers, type Upstream, type ClientAnswerObserver, type RequestObserver, type MdmFailureForm } from './context.ts';
import { wireResponse } from './faults/mutations.ts';
import { HANDLERS } from './handlers/index.ts';
import { fieldEvent, POWER_OFF, POWER_RESTORED } from './handlers/events.ts';
import { fieldDeviceEvent, isDeviceEventStimulus } from './handlers/device-events.ts';
import { fieldServiceEvent, isServiceEventStimulus } from './handlers/service-events.ts';
import { fieldInstallation, isInstallationEvent } from './handlers/installation.ts';
import { fieldFirmwareUpgrade } from './handlers/firmware-upgrade.ts';
import { fieldPqMeasurements } from './handlers/pq-readings.ts';
import { fieldReadAvailability, fieldSwitchAvailability } from './handlers/controls.ts';
import { fieldPanDevice, isPanDeviceStimulus } from './handlers/pan-pairing.ts';
import { CONTROL_PATHS, SUBSCRIBER_KINDS, UPSTREAM_KINDS, readStimulusBody } from '../src/usecases/stimuli.ts';
import { clientReport, clientOrder, switchReport } from './handlers/client-requests.ts';
import { PackFiles, buildIndexWsdl, buildServiceWsdl, originOf, servicesOf, type WsdlService } from './wsdl.ts';

export type { SimRole } from './context.ts';
export { POWER_OFF, POWER_RESTORED };

export interface SimulatorOptions {
  host?: string;
  port?: number;
  roles?: SimRole[];
  faults?: string[];
  /** the meters of the store; `unreadable`: one that switches but cannot give a register read (data.unreadableMeter) */
  meters?: { mRID: string; usagePoint: string; unreadable?: boolean }[];
  /** where published events go, per subscribing role (the OMS's ReceiveEndDeviceEvents address) */
  subscribers?: Subscribers;
  /** the peers the SUT asks on its client side: `HES` makes the MDM relay on-request reads to that head-end (P6) */
  upstream?: Upstream;
  /** told of every answer the reference SUT's CIS or OMS got to its request (`cim9 simulate` checks and prints it) */
  onClientAnswer?: ClientAnswerObserver;
  /** told of every request a client sent to one of its role endpoints and the answer it got (`cim9 simulate` checks it) */
  onRequest?: RequestObserver;
  schemaPack: SchemaPack;
  soapVersion?: SoapVersion;
  /** the generation the SUT speaks: 'draft-2011' (the 2011 draft, with the draft-2011 pack) or '2013' (ed.1, default) */
  generation?: BuildGeneration;
  /** delay before an asynchronous result is sent (ms) */
  asyncDelayMs?: number;
  /**
   * the requester's deadline for asynchronous results in seconds (the profile's timeouts.asyncResultSeconds);
   * fault late-async-reply sends 2 s after it. Default 300 (the ENV-16 default).
   */
  asyncDeadlineSeconds?: number;
  /** the time factor of the scenarios' timing (CIM9-203 of the profile that started it; default 1) */
  timeFactor?: number;
  /** how the MDM tells its CIS a switch its head-end could not carry out (EDC-06.13; the profile's simulator.mdmFailureForm, default event) */
  mdmFailureForm?: MdmFailureForm;
  log?: (line: string) => void;
}

export interface Simulator {
  url: string;
  urlFor(role: SimRole): string;
  /** the WSDL services a role's endpoint offers (GET <urlFor(role)>?wsdl=<name>), sorted */
  services(role: SimRole): string[];
  subscribers: Subscribers;
  faults: readonly string[];
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;
/** the longest a GET /_control/idle waits before it answers */
export const IDLE_WAIT_MAX_MS = 60_000;

export interface Answer {
  status: number;
  xml: string;
  version: SoapVersion;
}

/**
 * canned-reply-to-everything: the one reply a stub SUT plays back to every request, whatever its verb, noun or
 * CorrelationID (a recording of a reply to a get(MeterReadings): Result OK, no payload, a fixed header)
 */
export const CANNED_REPLY: Message = {
  kind: 'response',
  query: true,
  header: { verb: 'reply', noun: 'MeterReadings', timestamp: '2024-01-01T00:00:00Z', source: 'cim9-reference-sut', messageId: 'canned-reply-message', correlationId: 'canned-reply-correlation' },
  reply: { result: 'OK', errors: [] },
};

/** answer one SOAP request for a role; throws for a request whose answer needs another system first (use answerAsync) */
export function answer(role: SimRole, body: Buffer, ctx: SimContext): Answer {
  const r = route(role, body, ctx);
  if ('pending' in r) throw new Error('this request is answered after a request to another system (P6 relay): use answerAsync');
  return r;
}

/** answer one SOAP request for a role, waiting for the systems the answer needs (the MDM's head-end, P6 relay) */
export async function answerAsync(role: SimRole, body: Buffer, ctx: SimContext): Promise<Answer> {
  const r = route(role, body, ctx);
  return 'pending' in r ? r.pending : r;
}

/** parse, check the header, validate, dispatch to a handler */
function route(role: SimRole, body: Buffer, ctx: SimContext): Answer | { pending: Promise<Answer> } {
  const read = readMessage(body, { maxBytes: MAX_BODY });
  const version: SoapVersion = read.ok && read.wire.soap !== 'none' ? read.wire.soap : ctx.soapVersion;
  const bareFault = (reason: string) => ({ status: 500, xml: serializeXml(soapFault(version, 'Client', reason), { prefixes: PREFIXES }), version });
  // soap-fault-to-everything: nothing is processed, every request is refused with a bare SOAP Client fault
  if (ctx.has('soap-fault-to-everything')) return bareFault('request refused (fault soap-fault-to-everything)');
  // request-echoed-verbatim: nothing is processed, the request's own bytes come back as the reply (HTTP 200)
  if (ctx.has('request-echoed-verbatim')) return { status: 200, xml: body.toString('utf8'), version };
  // canned-reply-to-everything: nothing is processed, every request gets the same recorded reply
  if (ctx.has('canned-reply-to-everything')) return { status: 200, xml: toSoap({ ...CANNED_REPLY, generation: ctx.generation }, version).xml, version };
  // fault-without-header: every refusal is a bare SOAP Client fault (no Header, no Reply/Result, no code)
  const reply = (m: Message) =>
    ctx.has('fault-without-header') && m.reply?.result === 'FAILED'
      ? bareFault(m.reply.errors?.[0]?.reason ?? 'request refused')
      : { status: 200, xml: toSoap({ ...m, generation: m.generation ?? ctx.generation }, version).xml, version };
  if (!read.ok || !read.wire.message || read.wire.message.problems.length) {
    const reason = !read.ok ? read.problem.message : (read.wire.message?.problems.join('; ') ?? 'no message in the SOAP Body');
    if (ctx.has('ok-to-everything')) return reply(ctx.response(read.ok ? read.wire.message : undefined, read.ok ? (read.wire.message?.header?.noun || read.wire.message?.wrapperNoun || 'MeterReadings') : 'MeterReadings', 'OK', []));
    if (ctx.has('fault-without-header')) return bareFault(reason);
    const code = ctx.has('wrong-reply-code') ? '5.3' : '1.8';
    // the 2011 draft's FaultMessage is empty (envelope.md §2): a draft SUT's SOAP fault carries no Reply
    const detail = ctx.generation === 'draft-2011' ? undefined : buildEnvelope({ kind: 'fault', noun: 'MeterReadings', form: 'generic', reply: { result: 'FAILED', errors: [{ code, level: 'FATAL', reason }] } });
    return { status: 500, xml: serializeXml(soapFault(version, 'Client', reason, detail), { prefixes: PREFIXES }), version };
  }
  const req = read.wire.message;
  const h = req.header;
  const noun = h?.noun || req.wrapperNoun || '';
  // 1.5: mandatory header elements (Verb, Noun) missing
  if (!h || !h.verb || !h.noun) return reply(ctx.failed(req, req.wrapperNoun ?? noun, '1.5', 'mandatory Header element Verb or Noun missing'));
  // 1.8: the request does not validate against its schema (fault request-validation-off: not checked)
  const findings = ctx.has('request-validation-off') ? [] : ctx.pack.validate(body, { label: 'request' }).filter((f) => f.severity === 'error');
  if (findings.length) {
    return reply(ctx.failed(req, noun, '1.8', `request does not validate: ${findings[0]!.message}`, { details: findings.map((f) => f.message).join('\n').slice(0, 2000) }));
  }
  const handler = HANDLERS.find((x) => x.matches(role, noun, h.verb));
  if (handler) {
    const handled = handler.handle(req, ctx, version, role);
    return handled instanceof Promise ? { pending: handled.then(reply) } : reply(handled);
  }
  // is the noun served at all (2.9: not with this verb) or not (2.5)? `execute` is left out of the probe: an
  // OperationSet request may name any noun (UC-32), so a handler of execute would make every noun look served
  const known = HANDLERS.some((x) => ['get', 'create', 'created', 'change', 'delete', 'cancel', 'close'].some((v) => x.matches(role, noun, v)));
  if (!known) return reply(ctx.failed(req, noun, '2.5', `noun ${noun} is not supported by the ${role}`));
  return reply(ctx.failed(req, noun, '2.9', `verb ${h.verb} is not supported for ${noun} by the ${role}`));
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const faults = opts.faults ?? [];
  checkFaultIds(faults);
  const roles = opts.roles ?? ['MDM', 'HES'];
  const store = new Store(
    opts.meters ?? [
      { mRID: 'M-1001', usagePoint: 'UP-1001' },
      { mRID: 'M-1002', usagePoint: 'UP-1002' },
      { mRID: 'M-1003', usagePoint: 'UP-1003' },
    ],
  );
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const activity = new Activity();
  const log = opts.log ?? (() => {});
  const ctx = createContext({
    store,
    pack: opts.schemaPack,
    roles,
    faults,
    subscribers: { ...(opts.subscribers ?? {}) },
    upstream: { ...(opts.upstream ?? {}) },
    ...(opts.onClientAnswer ? { onClientAnswer: opts.onClientAnswer } : {}),
    soapVersion: opts.soapVersion ?? '1.1',
    generation: opts.generation,
    asyncDelayMs: opts.asyncDelayMs ?? 20,
    asyncDeadlineMs: (opts.asyncDeadlineSeconds ?? 300) * 1000,
    timeFactor: opts.timeFactor ?? 1,
    ...(opts.mdmFailureForm ? { mdmFailureForm: opts.mdmFailureForm } : {}),
    log,
    pending,
    timers,
    activity,
  });
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: MAX_BODY, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // WSDL and XSD of each endpoint (./wsdl.ts): the services are derived once, the documents per request (their
  // addresses are the ones the request reached)
  const packFiles = new PackFiles(opts.schemaPack);
  const services = new Map<SimRole, WsdlService[]>(roles.map((r) => [r, servicesOf(r, opts.schemaPack, opts.generation ?? '2013', HANDLERS)]));
  let url = '';
  for (const role of roles) {
    const path = `/${role.toLowerCase()}`;
    app.get(path, async (request, res) => {
      const q = (request.query ?? {}) as Record<string, unknown>;
      const endpoint = `${originOf(request.headers.host, url)}${path}`;
      const xsdUrl = (key: string) => `${endpoint}?xsd=${encodeURIComponent(key)}`;
      const wsdlUrl = (name: string) => `${endpoint}?wsdl=${encodeURIComponent(name)}`;
      const text = (code: number, body: string) => res.code(code).header('content-type', 'text/plain; charset=utf-8').send(body);
      const xml = (body: string) => res.code(200).header('content-type', 'text/xml; charset=utf-8').send(body);
      const xsd = q['xsd'] ?? q['XSD'];
      const wsdl = q['wsdl'] ?? q['WSDL'];
      if (xsd !== undefined) {
        const doc = typeof xsd === 'string' ? packFiles.read(xsd, xsdUrl) : undefined;
        return doc === undefined ? text(404, `no such schema file of the ${role} endpoint; the WSDLs (GET ${path}?wsdl) name those it serves\n`) : xml(doc);
      }
      if (wsdl === '') return xml(buildIndexWsdl(role, services.get(role)!, wsdlUrl));
      if (typeof wsdl === 'string') {
        const service = services.get(role)!.find((s) => s.name === wsdl);
        if (!service) return text(404, `no such service at the ${role} endpoint; GET ${path}?wsdl lists its services\n`);
        return xml(buildServiceWsdl(service, packFiles, endpoint, xsdUrl));
      }
      return text(404, `POST SOAP messages here; GET ${path}?wsdl lists the services (WSDL 1.1)\n`);
    });
    app.post(`/${role.toLowerCase()}`, async (request, res) => {
      const body = Buffer.isBuffer(request.body) ? (request.body as Buffer) : Buffer.alloc(0);
      const receivedAt = new Date();
      const out = await answerAsync(role, body, ctx);
      // transport faults (HTTP status, content type, truncation) apply to what goes on the wire
      const wire = wireResponse(out.status, out.xml, out.version, ctx.has);
      if (opts.onRequest) {
        const header = (name: string) => {
          const v = request.headers[name];
          return Array.isArray(v) ? v.join(', ') : v;
        };
        try {
          opts.onRequest({ role, body, contentType: header('content-type'), soapAction: header('soapaction'), from: request.ip, receivedAt, status: out.status, answer: out.xml });
        } catch (e) {
          // an observer's failure never changes what the client gets
          log(`sim: the request observer failed: ${(e as Error).message}`);
        }
      }
      return res.code(wire.status).headers(wire.headers ?? {}).header('content-type', wire.contentType).send(wire.body);
    });
  }

  // where to publish: `cim9 run` starts this SUT before the suite's listener is bound (in the Cucumber process, on
  // any free port), so the session registers its listener addresses here before the first scenario
  app.post(CONTROL_PATHS.subscribers, async (request, res) => {
    let cmd: unknown;
    try {
      cmd = JSON.parse((request.body as Buffer).toString('utf8'));
    } catch {
      return res.code(400).send({ error: 'body must be JSON {OMS?, masterData?}' });
    }
    if (!cmd || typeof cmd !== 'object' || Array.isArray(cmd)) return res.code(400).send({ error: 'body must be a JSON object {OMS?, masterData?}' });
    const given = cmd as Record<string, unknown>;
    const kinds: readonly string[] = [...SUBSCRIBER_KINDS, ...UPSTREAM_KINDS];
    const unknown = Object.keys(given).filter((k) => !kinds.includes(k));
    if (unknown.length) return res.code(400).send({ error: `unknown subscriber ${JSON.stringify(unknown[0])}; use ${kinds.join(', ')}` });
    for (const k of kinds) {
      const v = given[k];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' || !/^https?:\/\//.test(v) || !URL.canParse(v)) return res.code(400).send({ error: `${k} must be an http:// or https:// URL` });
    }
    for (const k of SUBSCRIBER_KINDS) {
      if (!(k in given)) continue;
      const v = given[k];
      if (typeof v === 'string') ctx.subscribers[k] = v;
      else delete ctx.subscribers[k];
    }
    if ('upstreamHES' in given) {
      const v = given['upstreamHES'];
      if (typeof v === 'string') ctx.upstream.HES = v;
      else delete ctx.upstream.HES;
    }
    if ('MDMService' in given) {
      const v = given['MDMService'];
      if (typeof v === 'string') ctx.upstream.MDM = v;
      else delete ctx.upstream.MDM;
    }
    if ('HESService' in given) {
      const v = given['HESService'];
      if (typeof v === 'string') ctx.upstream.HESService = v;
      else delete ctx.upstream.HESService;
    }
    return res.code(200).send({ subscribers: ctx.subscribers, upstream: ctx.upstream });
  });

  app.post(CONTROL_PATHS.stimulus, async (request, res) => {
    let cmd: unknown;
    try {
      cmd = JSON.parse((request.body as Buffer).toString('utf8'));
    } catch {
      return res.code(400).send({ error: 'body must be JSON {role, event, meter, meters?, readingType?, firmwareID?, firmwareOutcome?, soapVersion?}' });
    }
    const read = readStimulusBody(cmd);
    if (!read.ok) return res.code(400).send({ error: read.error });
    const { role, event, meter } = read.body;
    const version = read.body.soapVersion ?? ctx.soapVersion;
    // the upper-tester contract of a client role: make the CIS / OMS send its request to the MDM
    if (role === 'CIS' || role === 'OMS') {
      // the CIS's upper tester reports what the CIS holds (it sends nothing)
      if (event === 'cis-report-readings') {
        if (!roles.includes('CIS')) return res.code(400).send({ error: `the reference SUT does not play CIS (its roles: ${roles.join(', ')})` });
        return res.code(200).send(await clientReport(ctx, read.body.meters ?? [meter]));
      }
      if (event === 'cis-report-switch') {
        if (!roles.includes('CIS')) return res.code(400).send({ error: `the reference SUT does not play CIS (its roles: ${roles.join(', ')})` });
        return res.code(200).send(await switchReport(ctx, read.body.meters ?? [meter]));
      }
      const out = clientOrder(ctx, read.body, version);
      return out.ok ? res.code(202).send({ accepted: true }) : res.code(out.status).send({ error: out.error });
    }
    if (!roles.includes('HES')) return res.code(400).send({ error: 'stimuli are handled by the HES role' });
    if (event === 'read-unavailable' || event === 'read-restored') {
      const problem = fieldReadAvailability(ctx, meter, event);
      return problem ? res.code(404).send({ error: problem }) : res.code(202).send({ accepted: true });
    }
    if (event === 'switch-stuck' || event === 'switch-freed') {
      const problem = fieldSwitchAvailability(ctx, meter, event);
      return problem ? res.code(404).send({ error: problem }) : res.code(202).send({ accepted: true });
    }
    if (isInstallationEvent(event)) {
      const out = fieldInstallation(ctx, meter, event, version);
      return out.ok ? res.code(202).send({ accepted: true }) : res.code(out.status).send({ error: out.error });
    }
    if (event === 'firmware-upgrade') {
      const out = fieldFirmwareUpgrade(ctx, meter, read.body.firmwareID ?? '', read.body.firmwareOutcome ?? 'activated', version);
      return out.ok ? res.code(202).send({ accepted: true }) : res.code(out.status).send({ error: out.error });
    }
    if (isServiceEventStimulus(event)) {
      const out = fieldServiceEvent(ctx, meter, read.body.meters, event, version);
      return out.ok ? res.code(202).send({ accepted: true }) : res.code(out.status).send({ error: out.error });
    }
    if (isPanDeviceStimulus(event)) {
      const out = fieldPanDevice(ctx, meter, read.body.meters, event, version);
      return out.ok ? res.code(202).send({ accepted: true }) : res.code(out.status).send({ error: out.error });
    }
    if (event === 'outage-storm') {
      const out = fieldOutageStorm(ctx, meter, read.body.count ?? 0, read.body.rate, version);
      return out.ok ? res.code(202).send({ accepted: true }) : res.code(out.status).send({ error: out.error });
    }
    if (event === 'pq-measurements') {
      const problem = fieldPqMeasurements(ctx, meter, version);
      return problem ? res.code(404).send({ error: problem }) : res.code(202).send({ accepted: true });
    }
    const problem = isDeviceEventStimulus(event) ? fieldDeviceEvent(ctx, meter, event, version) : fieldEvent(ctx, meter, event as 'power-off' | 'power-restored', version);
    if (problem) return res.code(404).send({ error: problem });
    return res.code(202).send({ accepted: true });
  });

  app.get(CONTROL_PATHS.faults, async () => ({ active: faults, known: FAULTS.map((f) => f.id) }));

  // a long poll: answers as soon as the SUT is idle, or after waitMs (at most IDLE_WAIT_MAX_MS) with idle: false.
  // With quietMs instead: as soon as nothing more can be sent within quietMs from now (quiet: true), or at its end.
  app.get(CONTROL_PATHS.idle, async (request, res) => {
    const q = (request.query as Record<string, unknown> | undefined) ?? {};
    const ms = (name: string): number | undefined | null => {
      const raw = q[name];
      if (raw === undefined) return undefined;
      return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Math.min(Number(raw), IDLE_WAIT_MAX_MS) : null;
    };
    const waitMs = ms('waitMs');
    const quietMs = ms('quietMs');
    if (waitMs === null || quietMs === null) return res.code(400).send({ error: 'waitMs and quietMs must be whole numbers of milliseconds' });
    if (quietMs !== undefined) {
      const quiet = await activity.whenQuiet(quietMs);
      return { ...activity.state(), quiet };
    }
    await activity.whenIdle(waitMs ?? 0);
    return activity.state();
  });

  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  url = address.replace('[::1]', 'localhost');
  ctx.self.url = url;
  log(`reference SUT listening at ${url} (roles ${roles.join(', ')}, generation ${ctx.generation}${faults.length ? `, faults ${faults.join(', ')}` : ''})`);
  return {
    url,
    urlFor: (role) => `${url}/${role.toLowerCase()}`,
    services: (role) => (services.get(role) ?? []).map((s) => s.name),
    subscribers: ctx.subscribers,
    faults,
    async close() {
      for (const t of timers) clearTimeout(t);
      activity.close();
      await Promise.allSettled([...pending]);
      await app.close();
    },
  };
}
