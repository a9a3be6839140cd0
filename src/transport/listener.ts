/**
 * The callback listener: the suite's ReplyAddress. The system under test POSTs asynchronous
 * results and published events here; every delivery is recorded, inspected by the caller's parser
 * and answered with the caller's acknowledgement.
 *
 * - Every POST is recorded as a `ReceivedMessage`, including refused ones (over the size limit,
 *   unreadable, outside the base path): nothing the peer sends is silently dropped.
 * - Scenarios claim messages with `waitFor`: the first unclaimed match, whether it arrived before
 *   the call or after; a message is given to one claimant only.
 * - `unclaimed()` lists what nobody asked for (uncorrelated, unsolicited, refused deliveries), for
 *   the report.
 *
 * The peer is untrusted: the caller's `inspect` and `respond` are wrapped, content types are not
 * trusted (any body is bytes), memory is bounded by `maxBytes` per message and `maxMessages`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest, FastifyError } from 'fastify';

/** What the caller's parser found in a delivery. Absent fields were not found. */
export interface Inspected {
  correlationId?: string;
  messageId?: string;
  verb?: string;
  noun?: string;
  /** the body could not be read as a message (not XML, no header ...), in words */
  problem?: string;
}

/** Request header names are lower case; repeated headers are arrays. */
export type RequestHeaders = Readonly<Record<string, string | string[]>>;

/**
 * - `accepted`: answered with the caller's `respond(...)`; the only deliveries `waitFor` hands out
 * - `oversized`: body over `maxBytes`, refused with 413 (the body is not kept)
 * - `broken`: the request could not be read (aborted, bad Content-Length, bad URL), answered 400
 * - `misdirected`: a POST outside the base path, answered 404 (inspected all the same)
 * - `refused-path`: a path that climbs out of its folder (`..`, also percent-encoded) or hides a separator in a
 *   segment (%2f, backslash, NUL), answered 400 (the body is not kept)
 * - `wrong-method`: a request with another method than POST (GET, PUT ...), answered 405 (the body is not kept)
 */
export type DeliveryStatus = 'accepted' | 'oversized' | 'broken' | 'misdirected' | 'refused-path' | 'wrong-method';

export interface ReceivedMessage {
  /** 1, 2, 3 ... in order of arrival */
  readonly seq: number;
  readonly receivedAt: Date;
  readonly delivery: DeliveryStatus;
  /** path relative to the listener's base path, without slashes at either end ("" = the base itself);
   *  for `misdirected` deliveries the full request path */
  readonly path: string;
  /** request target as received (path and query) */
  readonly rawUrl: string;
  readonly remoteAddress?: string;
  readonly headers: RequestHeaders;
  /** the Content-Type header as sent, or undefined when absent */
  readonly contentType: string | undefined;
  /** the body; empty for `oversized` and `broken` deliveries */
  readonly body: Buffer;
  /** declared Content-Length, when one was sent */
  readonly declaredLength?: number;
  readonly inspected: Inspected;
  /** HTTP status the listener answered with */
  readonly responseStatus: number;
  /** what the listener answered a taken delivery with (the acknowledgement or a peer's reply), for the evidence */
  readonly response?: { readonly at: Date; readonly contentType: string; readonly body: string };
  /** the scenario (or drain) that took this message */
  readonly claimedBy?: string;
}

export interface ListenerResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface ListenerOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 0: a free port */
  port?: number;
  /** base path the listener serves; default the path of `publicUrl` when given, else "callback" */
  basePath?: string;
  /**
   * the address the SUT should use, when it differs from http://host:port/basePath (proxy, NAT). Its path is the
   * base path the listener serves (unless `basePath` says otherwise): a proxy in front must forward the path as is.
   */
  publicUrl?: string;
  /** largest accepted body, in bytes */
  maxBytes: number;
  /** most messages kept; beyond it the oldest claimed ones are forgotten, and when none is claimed
   *  new deliveries are refused with 503 (counted in `stats().refusedForCapacity`). Default 10000. */
  maxMessages?: number;
  /** a delivery must be complete within this time, default 30000 ms */
  requestTimeoutMs?: number;
  /** the caller's parser; should not throw (wrapped anyway) */
  inspect: (body: Buffer, headers: RequestHeaders) => Inspected;
  /** the acknowledgement for an accepted delivery; should not throw (wrapped: 500 on failure) */
  respond: (received: ReceivedMessage) => ListenerResponse;
  /** told of every delivery once it is answered (refused ones too), e.g. for the run's message log; errors are ignored */
  observe?: (received: ReceivedMessage) => void;
}

export interface MessageMatch {
  correlationId?: string;
  /** relative to the base path, as given to `urlFor` (slashes at either end ignored) */
  path?: string;
  /** a throwing predicate counts as no match */
  predicate?: (m: ReceivedMessage) => boolean;
}

export type WaitOutcome =
  | { ok: true; message: ReceivedMessage; waitedMs: number }
  | { ok: false; kind: 'timeout' | 'closed' | 'aborted'; waitedMs: number };

export interface ListenerStats {
  received: number;
  /** claimed messages forgotten to stay under maxMessages */
  evicted: number;
  /** deliveries refused with 503 because maxMessages unclaimed messages were held */
  refusedForCapacity: number;
}

export interface Listener {
  /** the ReplyAddress to put in requests */
  readonly url: string;
  /** the path the listener serves, percent-decoded, with a leading slash and none at the end ("/" = every path) */
  readonly basePath: string;
  /** the port actually bound */
  readonly port: number;
  /** seq of the latest recorded message (0 before any): a mark for `unclaimed(sinceSeq)` */
  readonly lastSeq: number;
  /** a distinct address under the base path, e.g. urlFor('oms-events') */
  urlFor(path: string): string;
  /** `signal`: the caller gives up waiting (resolves with 'aborted'; a match that arrived before stays claimed) */
  waitFor(match: MessageMatch, timeoutMs: number, claimant: string, signal?: AbortSignal): Promise<WaitOutcome>;
  /**
   * when (Date.now()) the latest `waitFor` at this path timed out; undefined when none did. A message the SUT
   * sends after its claimant stopped waiting stays unclaimed: the run uses this to listen a little longer at its
   * end, so that a late result is recorded (and reported as late) rather than lost.
   */
  lastTimeout(path: string): number | undefined;
  /** unclaimed messages with seq > sinceSeq (all deliveries statuses), in order of arrival */
  unclaimed(sinceSeq?: number): ReceivedMessage[];
  /** claim every unclaimed message matching `filter` (all when absent) for `claimant`; returns them */
  drain(filter?: MessageMatch & { sinceSeq?: number }, claimant?: string): ReceivedMessage[];
  /** every message kept, in order of arrival */
  all(): ReceivedMessage[];
  stats(): ListenerStats;
  /** stop listening; pending waiters resolve with 'closed'. Never rejects. */
  close(): Promise<void>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Waiter {
  match: MessageMatch;
  claimant: string;
  started: number;
  timer: NodeJS.Timeout;
  resolve: (o: WaitOutcome) => void;
}

const ORIGINAL_CT = Symbol('cim9.originalContentType');

/** the listener's schema compilers: none is needed (no route has a schema), so asking for one is the suite's fault */
function noSchemaCompiler(): never {
  throw new Error('the listener declares no schema: no schema compiler is loaded');
}
type TaggedRequest = FastifyRequest & { [ORIGINAL_CT]?: string | undefined };

function trimSlashes(p: string): string {
  return p.replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * The path of a request target, normalised: percent-decoded per segment, empty and `.` segments dropped. A `..`
 * segment or a segment that decodes to a separator (/, \\, NUL) is refused: a callback address is never reached by
 * climbing out of another one.
 */
export function normalisePath(pathname: string): { ok: true; path: string } | { ok: false; problem: string } {
  const out: string[] = [];
  for (const raw of pathname.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { ok: false, problem: `malformed percent-encoding in the path segment "${printable(raw, 100)}"` };
    }
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { ok: false, problem: 'path traversal: the path has a ".." segment; refused with 400' };
    if (/[/\\\u0000]/.test(seg)) return { ok: false, problem: `the path segment "${printable(raw, 100)}" hides a separator; refused with 400` };
    out.push(seg);
  }
  return { ok: true, path: `/${out.join('/')}` };
}

/**
 * The base path a listener serves, percent-decoded, without slashes at either end: `basePath`, else the path of
 * `publicUrl`, else "callback". The SUT posts to the publicUrl's path (and paths under it), so that is what is served
 * and what the address checks compare with; a path that cannot be served (`..`, a hidden separator) is refused.
 */
export function basePathOf(opts: Pick<ListenerOptions, 'basePath' | 'publicUrl'>): string {
  let raw = opts.basePath;
  if (raw === undefined && opts.publicUrl !== undefined) {
    try {
      raw = new URL(opts.publicUrl).pathname;
    } catch {
      throw new Error(`the listener's public URL "${printable(opts.publicUrl)}" is not a URL`);
    }
  }
  const norm = normalisePath(raw ?? 'callback');
  if (!norm.ok) throw new Error(`the listener cannot serve the path "${printable(raw ?? '')}": ${norm.problem}`);
  return trimSlashes(norm.path);
}

/** the listener's own address (the ReplyAddress base): `publicUrl`, else http://host:port/<base path> */
export function listenerUrl(opts: Pick<ListenerOptions, 'host' | 'basePath' | 'publicUrl'>, port: number): string {
  if (opts.publicUrl !== undefined) return opts.publicUrl;
  const host = opts.host ?? '127.0.0.1';
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return `http://${hostForUrl}:${port}/${basePathOf(opts).split('/').map(encodeURIComponent).join('/')}`;
}

/** an address under the listener's URL: joinListenerUrl('http://h:1/cim9', 'oms/events') = http://h:1/cim9/oms/events */
export function joinListenerUrl(url: string, path: string): string {
  const rel = trimSlashes(path);
  return rel === '' ? url : `${url.replace(/\/+$/, '')}/${rel}`;
}

function printable(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function errText(e: unknown): string {
  return printable(e instanceof Error ? e.message || e.name : String(e));
}

const INSPECTED_KEYS = ['correlationId', 'messageId', 'verb', 'noun', 'problem'] as const;

function safeInspect(inspect: ListenerOptions['inspect'], body: Buffer, headers: RequestHeaders): Inspected {
  let raw: unknown;
  try {
    raw = inspect(body, headers);
  } catch (e) {
    return { problem: `the message inspector failed: ${errText(e)}` };
  }
  if (raw === null || typeof raw !== 'object') return { problem: 'the message inspector returned no result' };
  const out: Inspected = {};
  for (const k of INSPECTED_KEYS) {
    const v = (raw as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function matches(m: ReceivedMessage, match: MessageMatch): boolean {
  if (match.correlationId !== undefined && m.inspected.correlationId !== match.correlationId) return false;
  if (match.path !== undefined && m.path !== trimSlashes(match.path)) return false;
  if (match.predicate) {
    try {
      return match.predicate(m) === true;
    } catch {
      return false;
    }
  }
  return true;
}

function copyHeaders(h: IncomingHttpHeaders, originalCt: string | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = v;
  if (originalCt === undefined) delete out['content-type'];
  else out['content-type'] = originalCt;
  return out;
}

export async function startListener(opts: ListenerOptions): Promise<Listener> {
  const host = opts.host ?? '127.0.0.1';
  const base = basePathOf(opts);
  const basePrefix = base === '' ? '' : `/${base}`;
  const maxBytes = Math.max(0, Math.floor(opts.maxBytes));
  const maxMessages = Math.max(1, Math.floor(opts.maxMessages ?? 10_000));

  const messages: Mutable<ReceivedMessage>[] = [];
  const waiters: Waiter[] = [];
  let seq = 0;
  let closed = false;
  const stats: ListenerStats = { received: 0, evicted: 0, refusedForCapacity: 0 };

  /** relative path, or undefined when outside the base path */
  const relativePath = (pathname: string): string | undefined => {
    if (basePrefix === '') return trimSlashes(pathname);
    if (pathname === basePrefix) return '';
    if (pathname.startsWith(`${basePrefix}/`)) return trimSlashes(pathname.slice(basePrefix.length));
    return undefined;
  };

  /** keep room for one more; false when every kept message is still unclaimed */
  const observed = (m: ReceivedMessage): void => {
    try {
      opts.observe?.(m);
    } catch {
      // the log is the caller's: a failure there never breaks a delivery
    }
  };

  const makeRoom = (): boolean => {
    if (messages.length < maxMessages) return true;
    const idx = messages.findIndex((m) => m.claimedBy !== undefined);
    if (idx < 0) return false;
    messages.splice(idx, 1);
    stats.evicted++;
    return true;
  };

  const record = (m: Omit<ReceivedMessage, 'seq' | 'receivedAt'>): Mutable<ReceivedMessage> => {
    const full: Mutable<ReceivedMessage> = { seq: ++seq, receivedAt: new Date(), ...m };
    messages.push(full);
    stats.received++;
    return full;
  };

  const offer = (m: Mutable<ReceivedMessage>): void => {
    if (m.delivery !== 'accepted') return;
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i];
      if (matches(m, w.match)) {
        waiters.splice(i, 1);
        clearTimeout(w.timer);
        m.claimedBy = w.claimant;
        w.resolve({ ok: true, message: m, waitedMs: Math.round(performance.now() - w.started) });
        return;
      }
    }
  };

  const requestFacts = (request: FastifyRequest) => {
    const raw = request.raw;
    const rawUrl = raw.url ?? '';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const originalCt = (request as TaggedRequest)[ORIGINAL_CT] ?? (typeof raw.headers['content-type'] === 'string' ? raw.headers['content-type'] : undefined);
    const headers = copyHeaders(raw.headers, originalCt);
    const cl = raw.headers['content-length'];
    const declaredLength = typeof cl === 'string' && /^\d+$/.test(cl.trim()) ? Number(cl) : undefined;
    return { rawUrl: printable(rawUrl, 2000), pathname, headers, contentType: originalCt, declaredLength, remoteAddress: raw.socket?.remoteAddress };
  };

  /** record a delivery whose body could not be taken, and answer it */
  const refuse = (request: FastifyRequest, reply: FastifyReply, delivery: 'oversized' | 'broken' | 'refused-path' | 'wrong-method', status: number, problem: string, extraHeaders: Record<string, string> = {}) => {
    const f = requestFacts(request);
    if (makeRoom()) {
      const norm = normalisePath(f.pathname);
      const rel = norm.ok ? relativePath(norm.path) : undefined;
      const m = record({
        delivery,
        path: rel ?? f.pathname,
        rawUrl: f.rawUrl,
        remoteAddress: f.remoteAddress,
        headers: f.headers,
        contentType: f.contentType,
        body: Buffer.alloc(0),
        declaredLength: f.declaredLength,
        inspected: { problem },
        responseStatus: status,
        response: { at: new Date(), contentType: 'text/plain; charset=utf-8', body: `${problem}\n` },
      });
      observed(m);
    } else {
      stats.refusedForCapacity++;
    }
    // the rest of the body is not read: close the connection after answering
    void reply.code(status).headers(extraHeaders).header('connection', 'close').type('text/plain; charset=utf-8').send(`${problem}\n`);
  };

  const app = Fastify({
    logger: false,
    bodyLimit: maxBytes,
    forceCloseConnections: true,
    requestTimeout: opts.requestTimeoutMs ?? 30_000,
    return503OnClosing: true,
    // no route of the listener declares a schema: Fastify's default compilers (ajv, fast-json-stringify) would be
    // loaded for nothing in each process that starts a listener (every Cucumber worker); one that is ever asked for
    // is a fault of the suite's own code
    schemaController: { compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler } },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (request.raw.method === 'POST') refuse(request, reply, 'broken', 400, `unreadable request: ${errText(error)}`);
      else void reply.code(400).header('connection', 'close').type('text/plain; charset=utf-8').send('bad request\n');
    },
  });

  // Every body is bytes, whatever its content type (the SUT's Content-Type is a finding for the
  // caller, not a reason to refuse). Fastify refuses syntactically invalid content types before
  // any parser runs, so the header is replaced by a neutral one and the original kept aside.
  app.removeAllContentTypeParsers();
  const rawParser = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
  for (const ct of ['text/xml', 'application/soap+xml', 'application/xml', 'application/octet-stream']) {
    app.addContentTypeParser(ct, { parseAs: 'buffer', bodyLimit: maxBytes }, rawParser);
  }
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, rawParser);

  app.addHook('onRequest', (request, _reply, done) => {
    if (request.raw.method === 'POST') {
      const ct = request.raw.headers['content-type'];
      (request as TaggedRequest)[ORIGINAL_CT] = ct;
      request.raw.headers['content-type'] = 'application/octet-stream';
    }
    done();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (request.raw.method !== 'POST') {
      void reply.code(400).header('connection', 'close').type('text/plain; charset=utf-8').send('bad request\n');
      return;
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const declared = request.raw.headers['content-length'];
      refuse(request, reply, 'oversized', 413, `body${declared ? ` (declared Content-Length ${printable(String(declared))})` : ''} exceeds the limit of ${maxBytes} bytes; refused with 413`);
      return;
    }
    refuse(request, reply, 'broken', 400, `unreadable request body: ${errText(error)}`);
  });

  app.setNotFoundHandler((request, reply) => {
    // only POST has a route: anything reaching here is another method; recorded, so that the statement shows it
    const method = printable(request.raw.method ?? '?', 20);
    refuse(request, reply, 'wrong-method', 405, `method ${method} not allowed: POST only; answered 405`, { allow: 'POST' });
  });

  app.post('*', (request, reply) => {
    const f = requestFacts(request);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!makeRoom()) {
      stats.refusedForCapacity++;
      void reply.code(503).header('connection', 'close').type('text/plain; charset=utf-8').send('listener full: too many unclaimed messages\n');
      return;
    }
    const norm = normalisePath(f.pathname);
    if (!norm.ok) {
      refuse(request, reply, 'refused-path', 400, norm.problem);
      return;
    }
    const coding = f.headers['content-encoding'];
    const codingText = (Array.isArray(coding) ? coding.join(', ') : coding ?? '').trim();
    if (codingText && codingText.toLowerCase() !== 'identity') {
      // RFC 9110 15.5.16: a content coding the server does not accept is refused with 415; named, never misread as XML
      refuse(request, reply, 'broken', 415, `body has Content-Encoding "${printable(codingText, 60)}"; the listener accepts unencoded bodies only (415)`, { 'accept-encoding': 'identity' });
      return;
    }
    const rel = relativePath(norm.path);
    const inspected = safeInspect(opts.inspect, body, f.headers);
    const m = record({
      delivery: rel === undefined ? 'misdirected' : 'accepted',
      path: rel ?? f.pathname,
      rawUrl: f.rawUrl,
      remoteAddress: f.remoteAddress,
      headers: f.headers,
      contentType: f.contentType,
      body,
      declaredLength: f.declaredLength,
      inspected,
      responseStatus: 0,
    });
    if (rel === undefined) {
      m.responseStatus = 404;
      m.response = { at: new Date(), contentType: 'text/plain; charset=utf-8', body: `not a callback address of this listener (base path ${basePrefix || '/'})\n` };
      void reply.code(404).type(m.response.contentType).send(m.response.body);
      observed(m);
      return;
    }
    let answer: ListenerResponse | undefined;
    try {
      const r = opts.respond(m) as Partial<ListenerResponse> | undefined;
      if (r && Number.isInteger(r.status) && (r.status as number) >= 200 && (r.status as number) <= 599 && typeof r.contentType === 'string' && typeof r.body === 'string') {
        answer = r as ListenerResponse;
      }
    } catch {
      answer = undefined;
    }
    if (!answer) {
      m.responseStatus = 500;
      m.response = { at: new Date(), contentType: 'text/plain; charset=utf-8', body: 'the listener could not build an acknowledgement\n' };
      void reply.code(500).type(m.response.contentType).send(m.response.body);
    } else {
      m.responseStatus = answer.status;
      m.response = { at: new Date(), contentType: answer.contentType, body: answer.body };
      void reply.code(answer.status).type(answer.contentType).send(answer.body);
    }
    observed(m);
    offer(m);
  });

  try {
    await app.listen({ host, port: opts.port ?? 0 });
  } catch (e) {
    await app.close().catch(() => undefined);
    throw new Error(`callback listener cannot listen on ${host}:${opts.port ?? 0}: ${errText(e)}`);
  }
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : (opts.port ?? 0);
  const url = listenerUrl({ ...opts, host }, port);
  const urlFor = (p: string): string => joinListenerUrl(url, p);

  /** per path (trimmed, '' for a wait at any path): when a wait there last timed out */
  const timeouts = new Map<string, number>();

  const waitFor = (match: MessageMatch, timeoutMs: number, claimant: string, signal?: AbortSignal): Promise<WaitOutcome> => {
    const started = performance.now();
    const buffered = messages.find((m) => m.delivery === 'accepted' && m.claimedBy === undefined && matches(m, match));
    if (buffered) {
      buffered.claimedBy = claimant;
      return Promise.resolve({ ok: true, message: buffered, waitedMs: 0 });
    }
    if (closed) return Promise.resolve({ ok: false, kind: 'closed', waitedMs: 0 });
    const ms = Number.isFinite(timeoutMs) ? Math.min(Math.max(0, timeoutMs), 2_147_483_647) : 2_147_483_647;
    return new Promise<WaitOutcome>((resolve) => {
      const w: Waiter = {
        match,
        claimant,
        started,
        resolve,
        timer: setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          timeouts.set(trimSlashes(match.path ?? ''), Date.now());
          resolve({ ok: false, kind: 'timeout', waitedMs: Math.round(performance.now() - started) });
        }, ms),
      };
      waiters.push(w);
      signal?.addEventListener(
        'abort',
        () => {
          const i = waiters.indexOf(w);
          if (i < 0) return;
          waiters.splice(i, 1);
          clearTimeout(w.timer);
          resolve({ ok: false, kind: 'aborted', waitedMs: Math.round(performance.now() - started) });
        },
        { once: true },
      );
    });
  };

  const listener: Listener = {
    url,
    basePath: basePrefix || '/',
    port,
    get lastSeq() {
      return seq;
    },
    urlFor,
    waitFor,
    lastTimeout: (path) => timeouts.get(trimSlashes(path)),
    unclaimed: (sinceSeq = 0) => messages.filter((m) => m.claimedBy === undefined && m.seq > sinceSeq),
    drain: (filter = {}, claimant = 'drained') => {
      const out: ReceivedMessage[] = [];
      for (const m of messages) {
        if (m.claimedBy !== undefined || m.seq <= (filter.sinceSeq ?? 0) || !matches(m, filter)) continue;
        m.claimedBy = claimant;
        out.push(m);
      }
      return out;
    },
    all: () => messages.slice(),
    stats: () => ({ ...stats }),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const w of waiters.splice(0)) {
        clearTimeout(w.timer);
        w.resolve({ ok: false, kind: 'closed', waitedMs: Math.round(performance.now() - w.started) });
      }
      await app.close().catch(() => undefined);
    },
  };
  return listener;
}
