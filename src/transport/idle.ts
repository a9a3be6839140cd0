/**
 * The embedded reference SUT's idle signal, as the suite sees it: GET <sut>/_control/idle?waitMs=N answers as soon
 * as everything the SUT was caused to send has been sent and answered and nothing more is scheduled, or after N ms
 * with `idle: false` (simulator/activity.ts). The suite knows the SUT only by its URL; an external SUT has no such
 * endpoint and is never asked (its quiet periods are waited out in full).
 *
 * The questions go through one keep-alive undici Agent of their own (not the global fetch): a run asks some 300-700
 * times, and fetch's WHATWG machinery, a new connection per question and an abort per question cost more than the
 * answer (issue 18). A question nobody waits for any more is left to end by itself on its connection rather than
 * aborted (an abort closes the connection); `closeIdleAsks` drops whatever is still asking when the run closes.
 */
import { Agent } from 'undici';

export interface IdleAnswer {
  idle: boolean;
  /** asked with quietMs: nothing could be sent before the end of that period */
  quiet?: boolean;
  inFlight?: number;
  scheduled?: number;
}

/** how much longer than the period asked about the suite waits for the answer before it counts as none */
const ANSWER_GRACE_MS = 5_000;

let agent: Agent | undefined;

function dispatcher(): Agent {
  if (!agent || agent.closed || agent.destroyed) agent = new Agent({ keepAliveTimeout: 10_000 });
  return agent;
}

/**
 * Drop the connections of the idle questions; a question still open (one that no wait needs any more: its answer would
 * be ignored) ends as "could not be asked". Later questions get a fresh dispatcher.
 */
export async function closeIdleAsks(): Promise<void> {
  const a = agent;
  agent = undefined;
  await a?.destroy().catch(() => undefined);
}

/** GET one idle question; the answer's JSON, or undefined when it failed, was refused or could not be read */
async function ask(baseUrl: string, query: string, ms: number, signal?: AbortSignal): Promise<Partial<IdleAnswer> | undefined> {
  let target: URL;
  try {
    target = new URL(`${baseUrl.replace(/\/+$/, '')}/_control/idle?${query}`);
  } catch {
    return undefined;
  }
  const started = Date.now();
  try {
    const get = () =>
      dispatcher().request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        signal,
        // the answer comes at the latest at the end of the period: the grace bounds a SUT that never answers
        headersTimeout: ms + ANSWER_GRACE_MS,
        bodyTimeout: ANSWER_GRACE_MS,
      });
    let res;
    try {
      res = await get();
    } catch (e) {
      // a kept-alive connection the SUT had just closed fails at once: the question (idempotent) is asked once more, on a
      // new connection, so that it never counts as "could not be asked" (which ends some waits without the answer)
      if (signal?.aborted || Date.now() - started > 1_000) throw e;
      res = await get();
    }
    if (res.statusCode < 200 || res.statusCode > 299) {
      await res.body.dump().catch(() => undefined);
      return undefined;
    }
    const body = (await res.body.json()) as Partial<IdleAnswer> | null;
    return body && typeof body === 'object' ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wait until the SUT at `baseUrl` is idle, at most `timeoutMs`. Resolves `true` when it said so, `false` when it was
 * still busy at the end or could not be asked (a failed or unreadable answer costs the remaining quiet period, never
 * a verdict: the caller then waits the period out as for an external SUT).
 */
export async function waitUntilIdle(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const ms = Math.max(0, Math.round(timeoutMs));
  return (await ask(baseUrl, `waitMs=${ms}`, ms, signal))?.idle === true;
}

/**
 * A quiet period of `periodMs` at the SUT at `baseUrl` (GET /_control/idle?quietMs=N): resolves `true` as soon as the
 * SUT says nothing more can be sent before the period's end (nothing on the wire, nothing scheduled before then),
 * `false` when something still could at its end or the SUT could not be asked (the caller then watches the period
 * out as for an external SUT).
 */
export async function waitUntilQuiet(baseUrl: string, periodMs: number, signal?: AbortSignal): Promise<boolean> {
  const ms = Math.max(0, Math.round(periodMs));
  return (await ask(baseUrl, `quietMs=${ms}`, ms, signal))?.quiet === true;
}
