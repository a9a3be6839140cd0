/**
 * SOAP over HTTP, client side: one POST to the system under test, on undici.
 *
 * The peer is untrusted. `postSoap` never throws and never rejects: every failure is a typed
 * outcome (`HttpFailure`). One deadline (`timeoutMs`) covers connecting, sending, the response
 * headers and the whole body, so a peer that trickles bytes forever times out. A body over
 * `maxBytes` is aborted as soon as the limit is crossed (or at once when the declared
 * Content-Length is already over it); it is never buffered whole.
 *
 * This module does not read the XML; callers parse `body` themselves (src/xml).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, util as undiciUtil, type Dispatcher } from 'undici';

export type SoapVersion = '1.1' | '1.2';

export interface TlsOptions {
  /** trusted CA certificate(s), PEM */
  ca?: string | Buffer;
  /** client certificate for mutual TLS, PEM */
  cert?: string | Buffer;
  /** client private key for mutual TLS, PEM */
  key?: string | Buffer;
  /** default true (Node's default): the server certificate must verify */
  rejectUnauthorized?: boolean;
}

export interface PostSoapOptions {
  soapVersion: SoapVersion;
  /** SOAP action URI; without it SOAP 1.1 sends `SOAPAction: ""` and SOAP 1.2 sends no action parameter */
  soapAction?: string;
  /** one deadline for the whole exchange: connect, send, headers and body */
  timeoutMs: number;
  /** largest response body accepted, in bytes */
  maxBytes: number;
  /** extra request headers; they override the defaults (names compared case-insensitively) */
  headers?: Record<string, string>;
  basicAuth?: { username: string; password: string };
  tls?: TlsOptions;
}

/** Response header names are lower case; repeated headers are arrays. */
export type ResponseHeaders = Readonly<Record<string, string | string[]>>;

/** A complete HTTP response was received: any status, including 500 with a SOAP fault. */
export interface HttpSuccess {
  ok: true;
  status: number;
  headers: ResponseHeaders;
  /** the Content-Type header as sent, or undefined when absent */
  contentType: string | undefined;
  body: Buffer;
  /** from the start of the request to the last byte of the body */
  elapsedMs: number;
  sentAt: Date;
  /** when the last byte of the body arrived */
  receivedAt: Date;
}

export type HttpFailureKind = 'timeout' | 'connection' | 'too-large' | 'protocol' | 'tls';

export interface HttpFailure {
  ok: false;
  kind: HttpFailureKind;
  /** names the URL (without credentials) and, for timeouts and size, the limit */
  message: string;
  elapsedMs: number;
  /**
   * false when no connection to the peer could be made at all (refused, unknown host, unreachable,
   * request not sent): an environment problem, not something the peer did
   */
  reachable: boolean;
}

export type HttpOutcome = HttpSuccess | HttpFailure;

// ---------------------------------------------------------------------------------------------
// content types

const MEDIA_TYPE: Record<SoapVersion, string> = { '1.1': 'text/xml', '1.2': 'application/soap+xml' };

/** Content-Type to send for a SOAP version and action. */
export function soapContentType(soapVersion: SoapVersion, soapAction?: string): string {
  if (soapVersion === '1.1') return 'text/xml; charset=utf-8';
  return soapAction === undefined
    ? 'application/soap+xml; charset=utf-8'
    : `application/soap+xml; charset=utf-8; action=${quote(soapAction)}`;
}

/** an HTTP quoted-string (RFC 9110 5.6.4) */
function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Check a response's Content-Type against the SOAP version of the exchange. Returns null when it
 * is acceptable, else a sentence describing the problem (a finding for the caller to raise).
 * SOAP 1.1 (HTTP binding) uses text/xml, SOAP 1.2 (RFC 3902) application/soap+xml; a charset, when
 * given, must be UTF-8 or UTF-16 (WS-I Basic Profile 1.1 R1012).
 */
export function checkSoapContentType(contentType: string | undefined, soapVersion: SoapVersion): string | null {
  const expected = MEDIA_TYPE[soapVersion];
  if (contentType === undefined || contentType.trim() === '') {
    return `no Content-Type header (SOAP ${soapVersion} expects ${expected})`;
  }
  const [typePart, ...params] = contentType.split(';');
  const mediaType = (typePart ?? '').trim().toLowerCase();
  if (mediaType !== expected) {
    const other = mediaType === MEDIA_TYPE[soapVersion === '1.1' ? '1.2' : '1.1'] ? ` (the SOAP ${soapVersion === '1.1' ? '1.2' : '1.1'} media type)` : '';
    return `Content-Type "${printable(contentType)}" has media type "${printable(mediaType)}"${other}; SOAP ${soapVersion} expects ${expected}`;
  }
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) {
      if (p.trim() === '') continue;
      return `Content-Type "${printable(contentType)}" has a malformed parameter "${printable(p.trim())}"`;
    }
    const name = p.slice(0, eq).trim().toLowerCase();
    let value = p.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name === 'charset' && !/^utf-(8|16)$/i.test(value)) {
      return `Content-Type "${printable(contentType)}" declares charset "${printable(value)}"; SOAP messages must be UTF-8 or UTF-16 (WS-I BP R1012)`;
    }
  }
  return null;
}

/** cut and neutralise peer-controlled text before it goes into a message */
function printable(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

// ---------------------------------------------------------------------------------------------
// dispatchers: one Agent per TLS configuration, reused across calls

const agents = new Map<string, Agent>();

function tlsKey(tls: TlsOptions | undefined): string {
  if (!tls) return 'plain';
  const h = createHash('sha256');
  for (const part of [tls.ca, tls.cert, tls.key]) {
    h.update(part === undefined ? '\u0000absent' : `\u0000${Buffer.byteLength(part)}:`);
    if (part !== undefined) h.update(part);
  }
  h.update(tls.rejectUnauthorized === false ? 'insecure' : 'verify');
  return h.digest('hex');
}

function agentFor(tls: TlsOptions | undefined): Agent {
  const key = tlsKey(tls);
  const existing = agents.get(key);
  if (existing && !existing.closed && !existing.destroyed) return existing;
  const agent = new Agent({
    connect: tls
      ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized ?? true }
      : undefined,
  });
  agents.set(key, agent);
  return agent;
}

/**
 * Close every dispatcher created by `postSoap`. Requests still running get `graceMs` to finish,
 * then their connections are destroyed (those calls return a 'connection' failure). Later calls
 * to `postSoap` create fresh dispatchers.
 */
export async function closeAllClients(graceMs = 1000): Promise<void> {
  const list = [...agents.values()];
  agents.clear();
  await Promise.all(
    list.map(async (agent) => {
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          agent.destroy().then(resolve, () => resolve());
        }, Math.max(0, graceMs));
      });
      try {
        await Promise.race([agent.close().catch(() => undefined), forced]);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// the request

/** URL for messages: credentials removed, length bounded */
function urlForMessage(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return printable(u.toString(), 300);
  } catch {
    return printable(url, 300);
  }
}

class Deadline extends Error {
  constructor() {
    super('deadline');
    this.name = 'Deadline';
  }
}

/**
 * POST a SOAP envelope. Never throws: resolves with the response (any HTTP status) or a typed
 * failure. Redirects are not followed (a 3xx is returned as is).
 */
export async function postSoap(url: string, body: string, opts: PostSoapOptions): Promise<HttpOutcome> {
  const t0 = performance.now();
  const elapsed = () => Math.round((performance.now() - t0) * 1000) / 1000;
  const where = urlForMessage(url);
  const fail = (kind: HttpFailureKind, message: string): HttpFailure => ({ ok: false, kind, message, elapsedMs: elapsed(), reachable: true });

  // a request that never left the suite says nothing about the peer: reachable false (an error, never a finding)
  const notSent = (message: string): HttpFailure => ({ ...fail('connection', message), reachable: false });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return notSent(`POST ${where}: not a valid URL; request not sent`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return notSent(`POST ${where}: unsupported scheme "${printable(target.protocol)}" (http: or https: only); request not sent`);
  }
  if (!target.hostname) return notSent(`POST ${where}: the URL names no host; request not sent`);
  const timeoutMs = Number.isFinite(opts.timeoutMs) ? Math.min(Math.max(0, opts.timeoutMs), 2_147_483_647) : 2_147_483_647;
  const maxBytes = Number.isFinite(opts.maxBytes) ? Math.max(0, opts.maxBytes) : Number.MAX_SAFE_INTEGER;

  // the body is read as XML bytes: ask for no content coding (a coded reply is named, not misread as XML)
  const headers: Record<string, string> = { 'content-type': soapContentType(opts.soapVersion, opts.soapAction), 'accept-encoding': 'identity' };
  if (opts.soapVersion === '1.1') headers['soapaction'] = quote(opts.soapAction ?? '');
  if (opts.basicAuth) {
    headers['authorization'] = `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`, 'utf8').toString('base64')}`;
  }
  for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
  // credentials in the URL are never sent implicitly
  target.username = '';
  target.password = '';

  const controller = new AbortController();
  let timedOut = false;
  let phase: 'connecting or waiting for the response headers' | 'reading the body' = 'connecting or waiting for the response headers';
  let received = 0;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Deadline());
  }, timeoutMs);
  const timeoutFailure = () =>
    fail('timeout', `POST ${where}: no complete response within the limit of ${timeoutMs} ms (timed out while ${phase}${phase === 'reading the body' ? `, ${received} bytes received` : ''})`);

  const sentAt = new Date();
  try {
    let res;
    try {
      res = await agentFor(opts.tls).request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers,
        body: Buffer.from(body, 'utf8'),
        signal: controller.signal,
        // the overall deadline above is the real limit; these only bound inactivity
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (e) {
      if (timedOut) return timeoutFailure();
      return classify(e, where, phase, fail, timeoutMs, received);
    }
    phase = 'reading the body';
    const resHeaders = copyHeaders(res.headers);
    const contentType = firstValue(resHeaders['content-type']);
    const coding = firstValue(resHeaders['content-encoding'])?.trim();
    if (coding && coding.toLowerCase() !== 'identity') {
      discard(res.body);
      return fail('protocol', `POST ${where}: response has Content-Encoding "${printable(coding, 60)}" although the request asked for none (Accept-Encoding: identity); the body is not read`);
    }
    const declared = firstValue(resHeaders['content-length']);
    if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
      discard(res.body);
      return fail('too-large', `POST ${where}: response declares Content-Length ${declared.trim()}, over the limit of ${maxBytes} bytes; not read`);
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of res.body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        received += buf.byteLength;
        if (received > maxBytes) {
          discard(res.body);
          return fail('too-large', `POST ${where}: response body exceeds the limit of ${maxBytes} bytes; aborted after ${received} bytes`);
        }
        chunks.push(buf);
      }
    } catch (e) {
      if (timedOut) return timeoutFailure();
      return classify(e, where, phase, fail, timeoutMs, received);
    }
    if (timedOut) return timeoutFailure();
    return {
      ok: true,
      status: res.statusCode,
      headers: resHeaders,
      contentType,
      body: Buffer.concat(chunks, received),
      elapsedMs: elapsed(),
      sentAt,
      receivedAt: new Date(),
    };
  } catch (e) {
    // anything unexpected (a bug here, an exotic error from the stack) is still an outcome
    if (timedOut) return timeoutFailure();
    return fail('connection', `POST ${where}: unexpected failure: ${printable(errorText(e))}`);
  } finally {
    clearTimeout(timer);
  }
}

/** stop reading a body: undici reports the abort as an 'error' event, which must not go unhandled */
function discard(body: NodeJS.ReadableStream & { destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function copyHeaders(h: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && !e.message.includes(code) ? `${e.message} (${code})` : e.message || e.name;
  }
  return String(e);
}

/** error codes along the cause chain (an HTTP parser error without a code counts as HPE_) */
function codesOf(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') codes.push(c);
    else if ((cur as { name?: unknown }).name === 'HTTPParserError') codes.push('HPE_');
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|EPROTO$)/;

function classify(
  e: unknown,
  where: string,
  phase: string,
  fail: (kind: HttpFailureKind, message: string) => HttpFailure,
  timeoutMs: number,
  received: number,
): HttpFailure {
  const codes = codesOf(e);
  const text = printable(errorText(e));
  const during = phase === 'reading the body' ? `while reading the body after ${received} bytes` : `while ${phase}`;
  if (codes.some((c) => c === 'UND_ERR_HEADERS_TIMEOUT' || c === 'UND_ERR_BODY_TIMEOUT' || c === 'UND_ERR_CONNECT_TIMEOUT' || c === 'ETIMEDOUT')) {
    return fail('timeout', `POST ${where}: timed out ${during} (limit ${timeoutMs} ms): ${text}`);
  }
  if (codes.some((c) => TLS_CODE.test(c)) || /certificate|SSL routines|TLS/i.test(text)) {
    return fail('tls', `POST ${where}: TLS failure ${during}: ${text}`);
  }
  if (codes.some((c) => c.startsWith('HPE_') || c === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || c === 'UND_ERR_INFO' || c === 'UND_ERR_NOT_SUPPORTED')) {
    return fail('protocol', `POST ${where}: malformed HTTP response ${during}: ${text}`);
  }
  if (codes.includes('UND_ERR_INVALID_ARG')) {
    return { ...fail('connection', `POST ${where}: request refused by the HTTP client (invalid argument); not sent: ${text}`), reachable: false };
  }
  const unreachable = codes.some((c) => ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(c));
  return { ...fail('connection', `POST ${where}: connection failure ${during}: ${text}`), reachable: !unreachable };
}

// ---------------------------------------------------------------------------------------------
// many POSTs to one URL (cim9 load)

export interface SoapSenderOptions extends Omit<PostSoapOptions, 'soapAction'> {
  /** requests sent on one connection before the first answer (HTTP/1.1 pipelining; default 1, none) */
  pipelining?: number;
}

export interface SoapSender {
  /** POST one SOAP message; never throws, the same outcomes as postSoap (headers: undici's, lower-case names) */
  send(body: Buffer, soapAction?: string): Promise<HttpOutcome>;
  /** close the sender's connections (requests still running get graceMs) */
  close(graceMs?: number): Promise<void>;
}

/** a reply as soapSender gives it: its header object made from undici's raw headers only when read, its dates when read */
class SenderReply implements HttpSuccess {
  // declared, set in the constructor: no class-field definitions before the assignments (one of these per reply of a
  // load run; with the fields defined first the initialiser was ~0.9 µs of a request's ~35 µs of CPU)
  declare readonly ok: true;
  declare readonly status: number;
  declare readonly contentType: string | undefined;
  declare readonly body: Buffer;
  declare readonly elapsedMs: number;
  declare private readonly raw: Buffer[];
  declare private parsed: ResponseHeaders | undefined;
  declare private readonly sentMs: number;
  declare private readonly receivedMs: number;
  constructor(status: number, raw: Buffer[], contentType: string | undefined, body: Buffer, elapsedMs: number, sentAt: number, receivedAt: number) {
    this.ok = true;
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.elapsedMs = elapsedMs;
    this.raw = raw;
    this.parsed = undefined;
    this.sentMs = sentAt;
    this.receivedMs = receivedAt;
  }
  get headers(): ResponseHeaders {
    return (this.parsed ??= undiciUtil.parseHeaders(this.raw) as ResponseHeaders);
  }
  get sentAt(): Date {
    return new Date(this.sentMs);
  }
  get receivedAt(): Date {
    return new Date(this.receivedMs);
  }
}

/**
 * A sender for many POSTs to one URL (`cim9 load`): what postSoap does per request — the URL checked, the headers
 * (content type, SOAPAction, basic auth, the profile's), TLS — done once; its own keep-alive undici Agent (a pool of
 * connections per origin, optional pipelining), each exchange through undici's dispatch with its own small handler
 * (no Readable body stream or promise per phase as undici's request() makes: on a small message that is about as
 * cheap as a bare undici request() loop). The same limits as postSoap, enforced more cheaply:
 * - the size limit by undici itself (maxResponseSize: a declared Content-Length over it, or the body crossing it,
 *   aborts the response): kind too-large;
 * - the deadline: undici's connect and headers timeouts (its coarse timers) up to the response headers, a sweep
 *   every 100 ms that ends a body still being read at the deadline, and an exchange that ended after its deadline
 *   counts as a timeout whatever came: kind timeout.
 */
/** the raw headers of an exchange before its response's (never written to) */
const NO_HEADERS: Buffer[] = [];

export function soapSender(url: string, opts: SoapSenderOptions): SoapSender {
  const where = urlForMessage(url);
  let target: URL | undefined;
  let problem: string | undefined;
  try {
    target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') problem = `unsupported scheme "${printable(target.protocol)}" (http: or https: only)`;
    else if (!target.hostname) problem = 'the URL names no host';
  } catch {
    problem = 'not a valid URL';
  }
  const timeoutMs = Number.isFinite(opts.timeoutMs) ? Math.min(Math.max(1, opts.timeoutMs), 2_147_483_647) : 2_147_483_647;
  const maxBytes = Number.isFinite(opts.maxBytes) ? Math.max(0, opts.maxBytes) : -1;
  const tls = opts.tls;
  const agent = new Agent({
    pipelining: Math.max(1, opts.pipelining ?? 1),
    maxResponseSize: maxBytes,
    connect: { timeout: timeoutMs, ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized ?? true } : {}) },
  });
  const origin = target?.origin ?? '';
  const path = target ? `${target.pathname}${target.search}` : '';
  const headersFor = new Map<string, Record<string, string>>();
  const headersOf = (soapAction: string | undefined) => {
    const key = soapAction ?? '\u0000';
    let h = headersFor.get(key);
    if (h) return h;
    h = { 'content-type': soapContentType(opts.soapVersion, soapAction), 'accept-encoding': 'identity' };
    if (opts.soapVersion === '1.1') h['soapaction'] = quote(soapAction ?? '');
    if (opts.basicAuth) h['authorization'] = `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`, 'utf8').toString('base64')}`;
    for (const [k, v] of Object.entries(opts.headers ?? {})) h[k.toLowerCase()] = v;
    headersFor.set(key, h);
    return h;
  };
  // exchanges whose body is being read, with their deadline: the sweep ends those past it
  const reading = new Map<Exchange, number>();
  let sweep: NodeJS.Timeout | undefined;
  const sweeping = () => {
    if (sweep) return;
    sweep = setInterval(() => {
      const now = performance.now();
      for (const [x, deadline] of reading) {
        if (now >= deadline) {
          reading.delete(x);
          x.abort?.(new Error('the deadline passed while the body was read'));
        }
      }
    }, 100);
    sweep.unref();
  };
  const fail = (t0: number, kind: HttpFailureKind, message: string): HttpFailure => ({ ok: false, kind, message, elapsedMs: Math.round((performance.now() - t0) * 1000) / 1000, reachable: true });
  const late = (t0: number) => fail(t0, 'timeout', `POST ${where}: no complete response within the limit of ${timeoutMs} ms`);
  const failure = (t0: number, e: unknown, phase: string) => {
    if ((e as { code?: string }).code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return fail(t0, 'too-large', `POST ${where}: the response is over the limit of ${maxBytes} bytes; not read (or aborted)`);
    return classify(e, where, phase, (kind, message) => fail(t0, kind, message), timeoutMs, 0);
  };

  /**
   * one exchange, as undici's dispatch handler (no Readable body stream, no promise per phase: the body's chunks
   * are kept as they come and joined once; the headers are parsed only when a caller reads them)
   */
  class Exchange implements Dispatcher.DispatchHandler {
    // declared, set in the constructor (see SenderReply)
    declare abort: ((err: Error) => void) | undefined;
    declare private status: number;
    declare private raw: Buffer[];
    declare private contentType: string | undefined;
    declare private readonly chunks: Buffer[];
    declare private bytes: number;
    declare private settled: boolean;
    declare private readonly t0: number;
    declare private readonly sentAt: number;
    declare private readonly resolve: (o: HttpOutcome) => void;
    constructor(t0: number, sentAt: number, resolve: (o: HttpOutcome) => void) {
      this.abort = undefined;
      this.status = 0;
      this.raw = NO_HEADERS;
      this.contentType = undefined;
      this.chunks = [];
      this.bytes = 0;
      this.settled = false;
      this.t0 = t0;
      this.sentAt = sentAt;
      this.resolve = resolve;
    }
    private settle(o: HttpOutcome): void {
      if (this.settled) return;
      this.settled = true;
      reading.delete(this);
      this.resolve(o);
    }
    onConnect(abort: (err?: Error) => void): void {
      this.abort = abort;
    }
    onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
      this.status = statusCode;
      this.raw = rawHeaders;
      let coding: string | undefined;
      let ct = false;
      for (let i = 0; i < rawHeaders.length; i += 2) {
        const name = undiciUtil.headerNameToString(rawHeaders[i]!);
        // the first of each, as postSoap reads them
        if (name === 'content-type' && !ct) {
          ct = true;
          this.contentType = rawHeaders[i + 1]!.toString('latin1');
        } else if (name === 'content-encoding' && coding === undefined) coding = rawHeaders[i + 1]!.toString('latin1').trim();
      }
      if (coding && coding.toLowerCase() !== 'identity') {
        this.settle(fail(this.t0, 'protocol', `POST ${where}: response has Content-Encoding "${printable(coding, 60)}" although the request asked for none (Accept-Encoding: identity); the body is not read`));
        this.abort?.(new Error('a coded body is not read'));
        return false;
      }
      reading.set(this, this.t0 + timeoutMs);
      if (!sweep) sweeping();
      return true;
    }
    onData(chunk: Buffer): boolean {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
      return true;
    }
    onComplete(): void {
      const end = performance.now();
      if (end - this.t0 > timeoutMs) return this.settle(late(this.t0));
      const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
      this.settle(new SenderReply(this.status, this.raw, this.contentType, body, Math.round((end - this.t0) * 1000) / 1000, this.sentAt, Date.now()));
    }
    onError(err: Error): void {
      if (this.settled) return;
      if (performance.now() - this.t0 >= timeoutMs) return this.settle(late(this.t0));
      this.settle(failure(this.t0, err, this.status ? 'reading the body' : 'connecting or waiting for the response headers'));
    }
  }
  const send = (body: Buffer, soapAction?: string): Promise<HttpOutcome> => {
    const t0 = performance.now();
    if (problem) return Promise.resolve({ ...fail(t0, 'connection', `POST ${where}: ${problem}; request not sent`), reachable: false });
    const sentAt = Date.now();
    return new Promise<HttpOutcome>((resolve) => {
      agent.dispatch({ origin, path, method: 'POST', headers: headersOf(soapAction), body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, new Exchange(t0, sentAt, resolve));
    });
  };
  return {
    send,
    async close(graceMs = 1000) {
      if (sweep) clearInterval(sweep);
      let timer: NodeJS.Timeout | undefined;
      const forced = new Promise<void>((resolve) => {
        timer = setTimeout(() => void agent.destroy().then(resolve, () => resolve()), Math.max(0, graceMs));
      });
      try {
        await Promise.race([agent.close().catch(() => undefined), forced]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
