/**
 * The embedded reference SUT's idle signal, as the suite sees it: GET <sut>/_control/idle?waitMs=N answers as soon
 * as everything the SUT was caused to send has been sent and answered and nothing more is scheduled, or after N ms
 * with `idle: false` (simulator/activity.ts). The suite knows the SUT only by its URL; an external SUT has no such
 * endpoint and is never asked (its quiet periods are waited out in full).
 */

export interface IdleAnswer {
  idle: boolean;
  /** asked with quietMs: nothing could be sent before the end of that period */
  quiet?: boolean;
  inFlight?: number;
  scheduled?: number;
}

/**
 * Wait until the SUT at `baseUrl` is idle, at most `timeoutMs`. Resolves `true` when it said so, `false` when it was
 * still busy at the end or could not be asked (a failed or unreadable answer costs the remaining quiet period, never
 * a verdict: the caller then waits the period out as for an external SUT).
 */
export async function waitUntilIdle(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const ms = Math.max(0, Math.round(timeoutMs));
  const url = `${baseUrl.replace(/\/+$/, '')}/_control/idle?waitMs=${ms}`;
  try {
    const limit = AbortSignal.timeout(ms + 5_000);
    const res = await fetch(url, { signal: signal ? AbortSignal.any([limit, signal]) : limit });
    if (!res.ok) return false;
    const body = (await res.json()) as Partial<IdleAnswer> | null;
    return body?.idle === true;
  } catch {
    return false;
  }
}

/**
 * A quiet period of `periodMs` at the SUT at `baseUrl` (GET /_control/idle?quietMs=N): resolves `true` as soon as the
 * SUT says nothing more can be sent before the period's end (nothing on the wire, nothing scheduled before then),
 * `false` when something still could at its end or the SUT could not be asked (the caller then watches the period
 * out as for an external SUT).
 */
export async function waitUntilQuiet(baseUrl: string, periodMs: number, signal?: AbortSignal): Promise<boolean> {
  const ms = Math.max(0, Math.round(periodMs));
  const url = `${baseUrl.replace(/\/+$/, '')}/_control/idle?quietMs=${ms}`;
  try {
    const limit = AbortSignal.timeout(ms + 5_000);
    const res = await fetch(url, { signal: signal ? AbortSignal.any([limit, signal]) : limit });
    if (!res.ok) return false;
    const body = (await res.json()) as Partial<IdleAnswer> | null;
    return body?.quiet === true;
  } catch {
    return false;
  }
}
