/**
 * The reference SUT. It plays the MDM (towards the OMS and the CIS, and receiving events from the
 * head-end) and the head-end (towards the OMS and the MDM) for the flows the suite covers, over
 * SOAP/HTTP, with the small stateful store of ./store.ts. Faults of ./faults switch on single,
 * minimal violations.
 *
 * Endpoints: POST <base>/mdm and <base>/hes (IEC 61968-100 messages in SOAP 1.1 or 1.2),
 * POST <base>/_control/stimulus (what only the field can cause: a meter losing or regaining power).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { FAULTS, checkFaultIds } from './faults/catalogue.ts';
import { Store, REGISTER_RT, INTERVAL_RT, INTERVAL_SECONDS } from './store.ts';
import {
  newMessageId,
  nowTimestamp,
  readMessage,
  soapFault,
  toSoap,
  contentTypeFor,
  buildEnvelope,
  type ErrorItem,
  type Message,
  type ParsedMessage,
  type SoapVersion,
} from '../src/message/index.ts';
import { serializeXml } from '../src/xml/index.ts';
import { PREFIXES } from '../src/message/soap.ts';
import { buildMeterReadings, readGetMeterReadings, type MeterReadingValue } from '../src/payloads/meterReadings.ts';
import { buildEndDeviceEvents, readEndDeviceEvents, type EndDeviceEventValue } from '../src/payloads/endDeviceEvents.ts';
import type { SchemaPack } from '../src/schema/index.ts';
import { postSoap } from '../src/transport/http.ts';

export type SimRole = 'MDM' | 'HES';

export const POWER_OFF = '3.26.0.85';
export const POWER_RESTORED = '3.26.0.216';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  roles?: SimRole[];
  faults?: string[];
  meters?: { mRID: string; usagePoint: string }[];
  /** where published events go, per subscribing role (the OMS's ReceiveEndDeviceEvents address) */
  subscribers?: { OMS?: string };
  schemaPack: SchemaPack;
  soapVersion?: SoapVersion;
  /** delay before an asynchronous result is sent (ms) */
  asyncDelayMs?: number;
  log?: (line: string) => void;
}

export interface Simulator {
  url: string;
  urlFor(role: SimRole): string;
  subscribers: { OMS?: string };
  faults: readonly string[];
  close(): Promise<void>;
}

const SOURCE = 'cim9-reference-sut';

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const faults = opts.faults ?? [];
  checkFaultIds(faults);
  const has = (id: string) => faults.includes(id);
  const roles = opts.roles ?? ['MDM', 'HES'];
  const store = new Store(
    opts.meters ?? [
      { mRID: 'M-1001', usagePoint: 'UP-1001' },
      { mRID: 'M-1002', usagePoint: 'UP-1002' },
      { mRID: 'M-1003', usagePoint: 'UP-1003' },
    ],
  );
  const subscribers = { ...(opts.subscribers ?? {}) };
  const pack = opts.schemaPack;
  const log = opts.log ?? (() => {});
  const pending = new Set<Promise<unknown>>();
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  /** send a message to a peer; failures are logged (a real SUT would retry or alarm) */
  function publish(url: string, msg: Message, version: SoapVersion): void {
    const out = toSoap(msg, version);
    const p = postSoap(url, out.xml, { soapVersion: version, soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1024 * 1024 })
      .then((r) => log(`sim → ${url} ${msg.header?.verb}(${msg.header?.noun}) ${r.ok ? r.status : r.kind}`))
      .catch((e) => log(`sim publish failed: ${String(e)}`))
      .finally(() => pending.delete(p));
    pending.add(p);
  }

  function header(verb: string, noun: string, correlationId?: string) {
    return {
      verb,
      noun,
      timestamp: nowTimestamp(),
      source: SOURCE,
      messageId: newMessageId(),
      correlationId: has('reply-without-correlation-id') ? undefined : correlationId,
    };
  }

  function errorCode(code: string): string {
    return has('wrong-reply-code') ? '5.3' : code;
  }

  /** the synchronous response to a request */
  function response(req: ParsedMessage | undefined, noun: string, result: 'OK' | 'PARTIAL' | 'FAILED', errors: ErrorItem[], payloadRoot?: Message['payload']): Message {
    const reqVerb = req?.header?.verb ?? req?.wrapperVerb ?? '';
    const verb = has('verb-not-reply') ? reqVerb || 'created' : 'reply';
    return {
      kind: 'response',
      query: req?.queryWrapper ?? false,
      header: header(verb, noun, req?.header?.correlationId ?? req?.header?.messageId),
      reply: { result, errors: errors.map((e) => ({ ...e, code: errorCode(e.code) })) },
      payload: payloadRoot,
    };
  }

  function failed(req: ParsedMessage | undefined, noun: string, code: string, reason: string, extra: Partial<ErrorItem> = {}): Message {
    return response(req, noun, 'FAILED', [{ code, level: 'FATAL', reason, ...extra }]);
  }

  /** readings for the meters asked: register values, and 15-minute interval data when a window is given */
  function readingsFor(meters: string[], readingTypes: string[], window?: { start?: string; end?: string }): MeterReadingValue[] {
    const now = new Date();
    const wantRegister = readingTypes.length === 0 || readingTypes.includes(REGISTER_RT);
    const wantInterval = readingTypes.includes(INTERVAL_RT) || (readingTypes.length === 0 && !!window?.start);
    return meters.map((id) => {
      const m = store.meter(id)!;
      const shownId = has('readings-for-other-meter') ? [...store.meters.keys()].find((k) => k !== m.mRID) ?? 'M-0000' : m.mRID;
      const mr: MeterReadingValue = { meter: { mRID: shownId }, usagePoint: { mRID: m.usagePoint } };
      if (wantRegister) {
        mr.readings = [{ readingType: REGISTER_RT, value: store.registerValue(m.mRID, now), timeStamp: nowTimestamp(() => now), reason: 'inquiry' }];
      }
      if (wantInterval && window?.start) {
        const start = Date.parse(window.start);
        const end = window.end ? Date.parse(window.end) : now.getTime();
        const readings = [];
        const step = INTERVAL_SECONDS * 1000;
        for (let t = Math.ceil(start / step) * step + step, i = 0; t <= end && i < 10_000; t += step, i++) {
          if (has('interval-gap') && i === 2) continue;
          readings.push({ timeStamp: new Date(t).toISOString().replace('.000Z', 'Z'), value: store.intervalValue(m.mRID, new Date(t)) });
        }
        mr.intervalBlocks = [{ readingType: INTERVAL_RT, readings }];
      }
      return mr;
    });
  }

  function meterReadingsPayload(meterReadings: MeterReadingValue[]): Message['payload'] {
    const root = buildMeterReadings({ meterReadings });
    if (has('schema-invalid-payload')) {
      // drop the mandatory ReadingType reference of every Reading (payloads.md §1.6: 1..1)
      for (const mr of root.children ?? []) {
        if (!mr) continue;
        for (const r of mr.children ?? []) if (r && r.name === 'Readings') r.children = (r.children ?? []).filter((c) => !c || c.name !== 'ReadingType');
      }
    }
    return { root };
  }

  /** get(MeterReadings): the on-request read and the OMS "ping" (EDE-01/02, MR-03) */
  function onGetMeterReadings(req: ParsedMessage, version: SoapVersion): Message {
    const q = req.request?.query ? readGetMeterReadings(req.request.query) : { endDevices: [], usagePoints: [], readingTypes: [] };
    const asked = [...(q.endDevices ?? []), ...(q.usagePoints ?? [])];
    if (asked.length === 0) return failed(req, 'MeterReadings', '1.6', 'no EndDevice or UsagePoint in the request');
    const unknown = asked.filter((id) => !store.meter(id));
    const known = asked.filter((id) => store.meter(id));
    const rts = q.readingTypes ?? [];
    const unsupported = rts.filter((rt) => rt !== REGISTER_RT && rt !== INTERVAL_RT);
    if (unsupported.length) return failed(req, 'MeterReadings', '2.10', `unsupported ReadingType ${unsupported.join(', ')}`);
    const window = q.timePeriod ?? (req.request?.startTime ? { start: req.request.startTime, end: req.request.endTime } : undefined);
    const errors: ErrorItem[] = unknown.map((id) => ({ code: '2.4', level: 'FATAL', reason: `unknown meter ${id}`, id: { value: id, kind: 'name', objectType: 'EndDevice' } }));
    if (known.length === 0) {
      return response(req, 'MeterReadings', 'FAILED', errors);
    }
    const payload = meterReadingsPayload(readingsFor(known, rts, window));
    const result = unknown.length ? 'PARTIAL' : 'OK';
    const h = req.header!;
    if (h.asyncReplyFlag && h.replyAddress) {
      const correlationId = h.correlationId ?? h.messageId;
      if (!has('no-async-reply')) {
        const result_: Message = {
          kind: 'event',
          header: header('created', 'MeterReadings', correlationId),
          payload,
        };
        const url = h.replyAddress;
        setTimeout(() => publish(url, result_, version), opts.asyncDelayMs ?? 20).unref();
      }
      return response(req, 'MeterReadings', 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]);
    }
    return response(req, 'MeterReadings', result, errors, payload);
  }

  /** created(EndDeviceEvents) from the head-end: acknowledge, then forward outage events to the OMS (EDE-04) */
  function onCreatedEndDeviceEvents(req: ParsedMessage, version: SoapVersion): Message {
    const events = req.payload?.root ? readEndDeviceEvents(req.payload.root) : [];
    const unknown = events.filter((e) => !e.meter || !store.meter(e.meter));
    if (unknown.length) {
      return failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.map((e) => e.meter ?? '(none)').join(', ')}`);
    }
    const outage = events.filter((e) => e.eventType === POWER_OFF || e.eventType === POWER_RESTORED);
    for (const e of events) {
      const m = store.meter(e.meter!)!;
      if (e.eventType === POWER_OFF) m.powered = false;
      if (e.eventType === POWER_RESTORED) m.powered = true;
      store.events.push({ meter: m.mRID, eventType: e.eventType, createdDateTime: e.createdDateTime ?? nowTimestamp(), mRID: e.mRID ?? newMessageId() });
    }
    if (outage.length && subscribers.OMS && !has('event-not-forwarded')) {
      publishEvents(
        outage.map((e) => ({ ...e, node: undefined })),
        version,
      );
    }
    return response(req, 'EndDeviceEvents', 'OK', []);
  }

  function publishEvents(events: EndDeviceEventValue[], version: SoapVersion): void {
    if (!subscribers.OMS) return;
    const swapped = events.map((e) => ({
      mRID: e.mRID ?? newMessageId(),
      createdDateTime: e.createdDateTime ?? nowTimestamp(),
      meter: e.meter,
      usagePoint: e.usagePoint ?? (e.meter ? store.meter(e.meter)?.usagePoint : undefined),
      eventType: has('swap-outage-codes') ? (e.eventType === POWER_OFF ? POWER_RESTORED : e.eventType === POWER_RESTORED ? POWER_OFF : e.eventType) : e.eventType,
    }));
    publish(subscribers.OMS, { kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(swapped) } }, version);
  }

  /** answer one SOAP request for a role */
  function handle(role: SimRole, body: Buffer): { status: number; xml: string; version: SoapVersion } {
    const read = readMessage(body, { maxBytes: 8 * 1024 * 1024 });
    const version: SoapVersion = read.ok && read.wire.soap !== 'none' ? read.wire.soap : opts.soapVersion ?? '1.1';
    const reply = (m: Message) => ({ status: 200, xml: toSoap(m, version).xml, version });
    if (!read.ok || !read.wire.message || read.wire.message.problems.length) {
      const reason = !read.ok ? read.problem.message : read.wire.message?.problems.join('; ') ?? 'no message in the SOAP Body';
      const detail = buildEnvelope({ kind: 'fault', noun: 'MeterReadings', form: 'generic', reply: { result: 'FAILED', errors: [{ code: errorCode('1.8'), level: 'FATAL', reason }] } });
      return { status: 500, xml: serializeXml(soapFault(version, 'Client', reason, detail), { prefixes: PREFIXES }), version };
    }
    const req = read.wire.message;
    const h = req.header;
    const noun = h?.noun || req.wrapperNoun || '';
    // 1.5: mandatory header elements (Verb, Noun) missing
    if (!h || !h.verb || !h.noun) return reply(failed(req, req.wrapperNoun ?? noun, '1.5', 'mandatory Header element Verb or Noun missing'));
    // 1.8: the request does not validate against its schema
    const findings = pack.validate(body, { label: 'request' }).filter((f) => f.severity === 'error');
    if (findings.length) return reply(failed(req, noun, '1.8', `request does not validate: ${findings[0]!.message}`, { details: findings.map((f) => f.message).join('\n').slice(0, 2000) }));
    const verb = h.verb;
    if (noun === 'MeterReadings' && verb === 'get') return reply(onGetMeterReadings(req, version));
    if (role === 'MDM' && noun === 'EndDeviceEvents' && verb === 'created') return reply(onCreatedEndDeviceEvents(req, version));
    if (noun !== 'MeterReadings' && noun !== 'EndDeviceEvents') return reply(failed(req, noun, '2.5', `noun ${noun} is not supported by the ${role}`));
    return reply(failed(req, noun, '2.9', `verb ${verb} is not supported for ${noun} by the ${role}`));
  }

  for (const role of roles) {
    app.post(`/${role.toLowerCase()}`, async (request, replyHttp) => {
      const body = request.body as Buffer;
      const out = handle(role, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
      return replyHttp.code(out.status).header('content-type', contentTypeFor(out.version)).send(out.xml);
    });
  }

  app.post('/_control/stimulus', async (request, replyHttp) => {
    let cmd: { role?: string; event?: string; meter?: string; soapVersion?: SoapVersion };
    try {
      cmd = JSON.parse((request.body as Buffer).toString('utf8'));
    } catch {
      return replyHttp.code(400).send({ error: 'body must be JSON {role, event, meter}' });
    }
    const m = cmd.meter ? store.meter(cmd.meter) : undefined;
    if (!m) return replyHttp.code(404).send({ error: `unknown meter ${cmd.meter}` });
    const code = cmd.event === 'power-off' ? POWER_OFF : cmd.event === 'power-restored' ? POWER_RESTORED : undefined;
    if (!code) return replyHttp.code(400).send({ error: `unknown event ${cmd.event}; use power-off or power-restored` });
    if (cmd.role !== 'HES') return replyHttp.code(400).send({ error: 'stimuli are handled by the HES role' });
    m.powered = code === POWER_RESTORED;
    publishEvents([{ meter: m.mRID, usagePoint: m.usagePoint, eventType: code, createdDateTime: nowTimestamp() }], cmd.soapVersion ?? opts.soapVersion ?? '1.1');
    return replyHttp.code(202).send({ accepted: true });
  });

  app.get('/_control/faults', async () => ({ active: faults, known: FAULTS.map((f) => f.id) }));

  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const url = address.replace('[::1]', 'localhost');
  log(`reference SUT listening at ${url} (roles ${roles.join(', ')}${faults.length ? `, faults ${faults.join(', ')}` : ''})`);
  return {
    url,
    urlFor: (role) => `${url}/${role.toLowerCase()}`,
    subscribers,
    faults,
    async close() {
      await Promise.allSettled([...pending]);
      await app.close();
    },
  };
}
