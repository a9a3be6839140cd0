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
 * waits for what is in flight (each exchange has its own deadline). Schema and envelope checks run on every reply;
 * domain checks on one reply in `domainEvery` (1 = every reply), or, with `domainAuto`, on every reply while the
 * replies of the last second were at most `domainPerSecond`, and on 1 in ⌈replies / domainPerSecond⌉ above that.
 */
import { performance } from 'node:perf_hooks';
import { postSoap, type PostSoapOptions } from '../transport/http.ts';
import { buildLoadRequest, judgeReply, type JudgeOptions, type LoadPlan } from '../usecases/load-scenarios.ts';
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
  http: Omit<PostSoapOptions, 'soapAction'>;
  judge: Omit<JudgeOptions, 'domain'>;
  /** the first (auto) or fixed sampling of the domain checks: one reply in this many */
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
  /** why it stopped: every request sent, the duration reached, or interrupted */
  stoppedBy: 'count' | 'duration' | 'interrupted';
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

  async function one(k: number, dueAt: number): Promise<void> {
    const req = buildLoadRequest(o.plan, k * o.stride + o.offset);
    const http = await postSoap(o.url, req.xml, { ...o.http, soapAction: req.soapAction });
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
    const domain = sampleNext();
    const j = judgeReply(o.plan, req, { status: http.status, contentType: http.contentType, body: http.body }, { ...o.judge, domain });
    if (j.domainChecked) domainChecked++;
    rec.done(wall(end), latencyUs, j.outcome, j.rules, j.first);
  }

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
    const now = performance.now();
    if (!o.progress || now - lastProgress < 1000) return;
    lastProgress = now;
    const s = (now - t0) / 1000;
    o.progress(`${s.toFixed(0)} s: ${rec.sent} sent, ${rec.ok} ok, ${rec.errors} errors, ${rec.timeouts} timeouts (${(rec.ok / s).toFixed(0)}/s)`);
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
  return { recorder: rec, startedAt, endedAt: Date.now(), domainChecked, domainEveryMax: everyMax, stoppedBy };
}
