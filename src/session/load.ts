/**
 * The engine of `cim9 load`: sends the requests of a plan (src/usecases/load-scenarios.ts) through the suite's HTTP
 * client (src/transport/http.ts postSoap: the profile's headers, basic auth, TLS, size limit, one deadline per
 * exchange), judges every reply, and records the figures (src/report/load-stats.ts).
 *
 * - open loop (`rate`): request k is due at start + k / rate, whatever the SUT does; its latency counts from when it
 *   was due (so a SUT that falls behind is not flattered: no coordinated omission). At most `maxInFlight` requests
 *   are outstanding; a due request waits for a slot, and that wait is part of its latency.
 * - closed loop (`concurrency`): that many senders, each sends its next request when the last one is judged.
 *
 * Bounded: it stops after `total` requests or `durationMs`, whichever comes first (the caller caps both), and then
 * waits for what is in flight (each exchange has its own deadline). Requests go through one soapSender (its own
 * keep-alive undici Agent) and are built from the plan's message templates (src/usecases/load-scenarios.ts).
 * Every reply: its HTTP status, content type and size. The reply checks (XML, schema, envelope, Result) on one reply
 * in `checkEvery`, or with `checkAuto` on every reply until the generator's event loop is busy (then sampled: see
 * checkNext; the others count as `unchecked`); among those, domain checks on one in `domainEvery` (1 = every one), or, with
 * `domainAuto`, on every one while the replies of the last second were at most `domainPerSecond`, and on 1 in
 * ⌈replies / domainPerSecond⌉ above that.
 */
import { performance } from 'node:perf_hooks';
import { soapSender, checkSoapContentType, type SoapSenderOptions } from '../transport/http.ts';
import { buildLoadRequest, judgeReply, type JudgeOptions, type LoadPlan, type LoadRequest } from '../usecases/load-scenarios.ts';
import { Recorder } from '../report/load-stats.ts';

export interface EngineOptions {
  url: string;
  plan: LoadPlan;
  /** requests to send: request k of this run is request k × stride + offset of the plan (a shard sends every n-th) */
  offset: number;
  stride: number;
  total: number;
  durationMs: number;
  rate?: number;
  concurrency?: number;
  maxInFlight: number;
  intervalMs: number;
  http: SoapSenderOptions;
  judge: Omit<JudgeOptions, 'domain'>;
  /** the reply checks (XML, schema, envelope, Result, and the domain checks' sample) on one reply in this many (1 = every reply; the start with checkAuto) */
  checkEvery?: number;
  /**
   * adapt checkEvery to the generator's load (`--check-sample auto`): every CHECK_WINDOW_MS, an event-loop
   * utilisation at or above `busy` thins the sample (see checkNext), one under `idle` doubles it back (up to every reply)
   */
  checkAuto?: { busy: number; idle: number };
  /** the first (auto) or fixed sampling of the domain checks among the checked replies: one in this many */
  domainEvery: number;
  /** adapt domainEvery each second to the reply rate (`--domain-sample auto`) */
  domainAuto?: { perSecond: number };
  /** a line of progress now and then */
  progress?: (line: string) => void;
  /** stop early (Ctrl-C) */
  signal?: AbortSignal;
  /** a request could not be sent at all (no connection to the SUT): the caller stops the run, a set-up error */
  onUnreachable?: (message: string) => void;
}

export interface EngineResult {
  recorder: Recorder;
  startedAt: number;
  endedAt: number;
  domainChecked: number;
  /** the sparsest sampling used: one reply in this many (1 = every reply) */
  domainEveryMax: number;
  /** replies the reply checks ran on, and the sparsest sampling of them used */
  replyChecked: number;
  replyEveryMax: number;
  /** the time the reply checks took in all (ms of the event loop: the sampled checks' share of the run) */
  checkMs: number;
  /** why it stopped: every request sent, the duration reached, or interrupted */
  stoppedBy: 'count' | 'duration' | 'interrupted';
}

/** how often the reply checks' sampling is adapted (checkAuto), and its sparsest */
export const CHECK_WINDOW_MS = 100;
export const MAX_CHECK_EVERY = 1024;
/** the reply checks are never sampled in a window of fewer replies than this (50 in 100 ms, 500 replies/s; a burst can reach it at a lower mean rate) */
export const MIN_SAMPLED_PER_WINDOW = 50;
/** sampled replies checked together (see `one`) */
export const CHECK_BATCH = 8;
/**
 * a window of the reply checks' sampling ends early, at MIN_SAMPLED_PER_WINDOW replies or more and at least this
 * long (so at 500 replies/s or more, as the 100-ms rule asks), once the checks took more than a whole window may
 * (CHECK_SHARE of CHECK_WINDOW_MS): at the start of a run every reply is checked while the checks are cold (300–700 µs
 * each, measured), and a 100-ms window of them, then another at the sample set from it (the reply rate rises as the
 * checks thin), were most of a short run's check time
 */
export const MIN_CHECK_WINDOW_MS = 20;
/**
 * the share of a busy generator's time the sampled reply checks aim at. 2 %: at 5 % the checks, cold between requests
 * (their garbage, the caches they evict), cost a busy generator about 4 µs a request, 12 % of its CPU, not 5 %, and
 * outage-storm reached 0.79-0.81 of its CPU-per-request against raw undici; at 2 % 0.87-0.91 (8 alternations each,
 * docs/performance.md). A generator under `idle` utilisation checks every reply whatever the share
 */
export const CHECK_SHARE = 0.02;

/** whether the reply checks' sampling window that started `spanMs` ago ends now (checkAuto) */
export function checkWindowEnds(spanMs: number, replies: number, checksMs: number): boolean {
  return spanMs >= CHECK_WINDOW_MS || (spanMs >= MIN_CHECK_WINDOW_MS && replies >= MIN_SAMPLED_PER_WINDOW && checksMs > CHECK_SHARE * CHECK_WINDOW_MS);
}

/**
 * the reply checks' sampling after a window (checkAuto): one reply in this many. At or above `busy` event-loop
 * utilisation, with at least MIN_SAMPLED_PER_WINDOW replies in the window, at least halved, and enough that the checks'
 * time of the window would have been at most CHECK_SHARE of it (at most 1 in MAX_CHECK_EVERY); under `idle` doubled back
 */
export function nextCheckEvery(checkEvery: number, w: { utilization: number; replies: number; checksMs: number; spanMs: number }, auto: { busy: number; idle: number }): number {
  if (w.utilization >= auto.busy && w.replies >= MIN_SAMPLED_PER_WINDOW) return Math.min(MAX_CHECK_EVERY, Math.max(checkEvery * 2, Math.ceil((checkEvery * w.checksMs) / (CHECK_SHARE * w.spanMs))));
  if (w.utilization < auto.idle) return Math.max(1, Math.floor(checkEvery / 2));
  return checkEvery;
}

export async function runLoad(o: EngineOptions): Promise<EngineResult> {
  const rec = new Recorder(o.intervalMs);
  const startedAt = Date.now();
  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  let next = 0;
  let domainChecked = 0;
  let every = Math.max(1, o.domainEvery);
  let everyMax = every;
  let judged = 0;
  let windowStart = performance.now();
  let windowReplies = 0;
  const sampleNext = (): boolean => {
    if (o.domainAuto) {
      const now = performance.now();
      if (now - windowStart >= 1000) {
        every = Math.max(1, Math.ceil(windowReplies / ((now - windowStart) / 1000) / o.domainAuto.perSecond));
        everyMax = Math.max(everyMax, every);
        windowStart = now;
        windowReplies = 0;
      }
      windowReplies++;
    }
    return judged++ % every === 0;
  };
  let stoppedBy: EngineResult['stoppedBy'] = 'count';
  const wall = (perf: number) => startedAt + (perf - t0);

  // the reply checks' sampling (checkAuto): each window (CHECK_WINDOW_MS, or shorter once the checks took more than
  // CHECK_SHARE of CHECK_WINDOW_MS: checkWindowEnds), the event loop's utilisation (the share of the time it was not waiting for
  // I/O) decides: at or above `busy` the generator is what limits the run, and
  // the sample thins (nextCheckEvery); under `idle` it doubles back
  let checkEvery = Math.max(1, o.checkEvery ?? 1);
  let checkEveryMax = checkEvery;
  let replyChecked = 0;
  /** the time the reply checks took in all (ms) */
  let checkMs = 0;
  let answered = 0;
  let elu = performance.eventLoopUtilization();
  let cWindowStart = performance.now();
  /** the time the reply checks took in this window (ms) */
  let cWindowChecks = 0;
  let cWindowReplies = 0;
  /** `now`: the reply's arrival (performance.now), taken once per reply */
  const checkNext = (now: number): boolean => {
    if (o.checkAuto) {
      const span = now - cWindowStart;
      if (checkWindowEnds(span, cWindowReplies, cWindowChecks)) {
        const utilization = performance.eventLoopUtilization(elu).utilization;
        checkEvery = nextCheckEvery(checkEvery, { utilization, replies: cWindowReplies, checksMs: cWindowChecks, spanMs: span }, o.checkAuto);
        checkEveryMax = Math.max(checkEveryMax, checkEvery);
        elu = performance.eventLoopUtilization();
        cWindowStart = now;
        cWindowChecks = 0;
        cWindowReplies = 0;
      }
    }
    cWindowReplies++;
    return answered++ % checkEvery === 0;
  };
  const sender = soapSender(o.url, o.http);
  // a SUT sends the same Content-Type again and again: its verdict remembered (a few kinds at most)
  const ctSeen = new Map<string | undefined, string | null>();
  const contentTypeProblem = (ct: string | undefined): string | null => {
    let v = ctSeen.get(ct);
    if (v === undefined) {
      v = checkSoapContentType(ct, o.http.soapVersion);
      if (ctSeen.size < 16) ctSeen.set(ct, v);
    }
    return v;
  };

  async function one(k: number, dueAt: number): Promise<void> {
    const req = buildLoadRequest(o.plan, k * o.stride + o.offset);
    const http = await sender.send(req.body, req.soapAction);
    if (http.ok || http.reachable) rec.sentAt(wall(dueAt));
    const end = performance.now();
    const latencyUs = (end - dueAt) * 1000;
    if (!http.ok && !http.reachable) {
      // never sent: not a figure of the SUT
      o.onUnreachable?.(http.message);
      return;
    }
    if (!http.ok) {
      rec.done(wall(end), latencyUs, http.kind === 'timeout' ? 'timeout' : 'error', ['TRANSPORT'], http.message);
      return;
    }
    if (!checkNext(end)) {
      // sampled out: what every reply gets, the HTTP status and the content type (its size is the sender's limit)
      const ct = contentTypeProblem(http.contentType);
      if (http.status === 200 && !ct) rec.done(wall(end), latencyUs, 'unchecked');
      else {
        const rules = [...(http.status !== 200 ? ['TRANSPORT'] : []), ...(ct ? ['ENV-CONTENT-TYPE'] : [])];
        rec.done(wall(end), latencyUs, 'error', rules, `reply to ${req.header.verb}(${req.header.noun}) for ${req.meter}: ${http.status !== 200 ? `HTTP ${http.status}` : ct}`);
      }
      // a sampled reply never waits for its checks longer than CHECK_WINDOW_MS
      if (pending.length && end - pending[0]!.end >= CHECK_WINDOW_MS) judgePending();
      return;
    }
    // sampled (every reply too): the replies to check wait for a few more and are checked one after the other (the
    // check code and its data stay warm: a check cost ~25 % less than one between requests, measured); one waits at
    // most CHECK_WINDOW_MS (a timer per batch), the rest are checked at the end of the run. Its latency and arrival are
    // recorded as they were (its Header/Timestamp compared with its arrival), its outcome when checked
    pending.push({ req, status: http.status, contentType: http.contentType, body: http.body, at: wall(end), latencyUs, end });
    if (pending.length >= CHECK_BATCH || end - pending[0]!.end >= CHECK_WINDOW_MS) judgePending();
    else flush ??= setTimeout(judgePending, CHECK_WINDOW_MS);
  }
  /** the timer that checks the waiting replies CHECK_WINDOW_MS after the first of them arrived */
  let flush: NodeJS.Timeout | undefined;
  /** replies sampled for the reply checks and not yet checked (their outcome is recorded when they are) */
  const pending: { req: LoadRequest; status: number; contentType: string | undefined; body: Buffer; at: number; latencyUs: number; end: number }[] = [];
  const judgePending = () => {
    if (flush) {
      clearTimeout(flush);
      flush = undefined;
    }
    if (!pending.length) return;
    const c0 = performance.now();
    for (const x of pending.splice(0)) {
      const domain = sampleNext();
      const j = judgeReply(o.plan, x.req, { status: x.status, contentType: x.contentType, body: x.body, receivedAt: new Date(x.at) }, { ...o.judge, domain });
      replyChecked++;
      if (j.domainChecked) domainChecked++;
      rec.done(x.at, x.latencyUs, j.outcome, j.rules, j.first);
    }
    const took = performance.now() - c0;
    cWindowChecks += took;
    checkMs += took;
  };

  const stop = (): boolean => {
    if (o.signal?.aborted) {
      stoppedBy = 'interrupted';
      return true;
    }
    if (performance.now() >= deadline) {
      if (next < o.total) stoppedBy = 'duration';
      return true;
    }
    return next >= o.total;
  };

  let lastProgress = t0;
  const report = () => {
    if (!o.progress) return;
    const now = performance.now();
    if (now - lastProgress < 1000) return;
    lastProgress = now;
    const s = (now - t0) / 1000;
    o.progress(`${s.toFixed(0)} s: ${rec.sent} sent, ${rec.ok} ok, ${rec.errors} errors, ${rec.timeouts} timeouts, ${rec.unchecked} unchecked (${((rec.ok + rec.errors + rec.unchecked) / s).toFixed(0)} replies/s; reply checks on 1 in ${checkEvery})`);
  };

  if (o.rate) {
    const rate = o.rate;
    const inFlight = new Set<Promise<void>>();
    while (!stop()) {
      const now = performance.now();
      const dueCount = Math.min(o.total, Math.floor(((now - t0) / 1000) * rate) + 1);
      while (next < dueCount && inFlight.size < o.maxInFlight && !o.signal?.aborted) {
        const k = next++;
        const p = one(k, t0 + (k / rate) * 1000).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      report();
      if (inFlight.size >= o.maxInFlight) await Promise.race(inFlight);
      else {
        // sleep until the next request is due (a timer has ~1 ms resolution: several go out per tick at high rates)
        const wait = t0 + (next / rate) * 1000 - performance.now();
        await new Promise((r) => (wait > 1 ? setTimeout(r, Math.min(wait, 50)) : setImmediate(r)));
      }
    }
    await Promise.all(inFlight);
  } else {
    const senders = Math.max(1, o.concurrency ?? 1);
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (!stop()) {
          const k = next++;
          await one(k, performance.now());
          report();
        }
      }),
    );
  }
  // the sampled replies still waiting for their checks
  judgePending();
  await sender.close(500);
  return { recorder: rec, startedAt, endedAt: Date.now(), domainChecked, domainEveryMax: everyMax, replyChecked, replyEveryMax: checkEveryMax, checkMs, stoppedBy };
}
