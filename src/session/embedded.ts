/**
 * The embedded reference SUT as the session sees it. `cim9 run` (src/cli/run.ts) starts the simulator before it
 * starts Cucumber and stops it after; it hands the session the SUT's addresses in the environment variable
 * CIM9_EMBEDDED_SUT (JSON). The session never imports the simulator: it talks to it over HTTP only — its role
 * endpoints, and its control interface (src/usecases/stimuli.ts) for stimuli and to register the listener's
 * addresses as the subscribers the SUT publishes to.
 */
import { CONTROL_PATHS, type PeerAddresses } from '../usecases/stimuli.ts';

export const EMBEDDED_SUT_ENV = 'CIM9_EMBEDDED_SUT';

/** the roles the reference SUT plays: the servers MDM and HES, the clients CIS and OMS (driven by the upper tester) */
export type EmbeddedRole = 'MDM' | 'HES' | 'CIS' | 'OMS';

/** what the session knows of the embedded reference SUT: where it is */
export interface EmbeddedSut {
  /** base URL (its control interface is under it) */
  url: string;
  /** the endpoint of each role it plays */
  urlFor(role: EmbeddedRole): string;
}

/** the form of CIM9_EMBEDDED_SUT: one SUT, or (cim9 run --parallel) a list, one per Cucumber worker */
interface EmbeddedSutDescription {
  url: string;
  roles: Partial<Record<EmbeddedRole, string>>;
}

/** the environment variable Cucumber sets in each of its --parallel workers: "0", "1", ... */
export const WORKER_ID_ENV = 'CUCUMBER_WORKER_ID';

function describe(sut: EmbeddedSut, roles: readonly EmbeddedRole[]): EmbeddedSutDescription {
  return { url: sut.url, roles: Object.fromEntries(roles.map((r) => [r, sut.urlFor(r)])) };
}

export function describeEmbeddedSut(sut: EmbeddedSut, roles: readonly EmbeddedRole[]): string {
  return JSON.stringify(describe(sut, roles));
}

/**
 * One reference SUT per Cucumber worker (cim9 run --parallel N): the SUT of worker i is the i-th. Each worker
 * registers its own listener at its own SUT, so that a worker sees only the publications its scenarios caused.
 */
export function describeEmbeddedSuts(suts: readonly { sut: EmbeddedSut; roles: readonly EmbeddedRole[] }[]): string {
  return JSON.stringify(suts.map((s) => describe(s.sut, s.roles)));
}

/**
 * The embedded SUT the CLI started, from the environment; undefined when none was started. A list (one SUT per
 * worker): the one of this worker (CUCUMBER_WORKER_ID), never another worker's.
 */
export function embeddedSutFromEnv(env: NodeJS.ProcessEnv = process.env): EmbeddedSut | undefined {
  const raw = env[EMBEDDED_SUT_ENV];
  if (!raw) return undefined;
  let parsed: EmbeddedSutDescription | EmbeddedSutDescription[];
  try {
    parsed = JSON.parse(raw) as EmbeddedSutDescription | EmbeddedSutDescription[];
  } catch {
    throw new Error(`${EMBEDDED_SUT_ENV} is not JSON`);
  }
  let d: EmbeddedSutDescription;
  if (Array.isArray(parsed)) {
    const id = env[WORKER_ID_ENV];
    const i = id !== undefined && /^\d+$/.test(id) ? Number(id) : NaN;
    // a list without a worker id (or one past its end) is the suite's own set-up fault: no SUT is shared by two workers
    if (!Number.isInteger(i)) throw new Error(`${EMBEDDED_SUT_ENV} lists one reference SUT per Cucumber worker, and this process is no worker (${WORKER_ID_ENV} is not set)`);
    if (i >= parsed.length) throw new Error(`${EMBEDDED_SUT_ENV} lists ${parsed.length} reference SUT(s), none for Cucumber worker ${i}`);
    d = parsed[i]!;
  } else {
    d = parsed;
  }
  if (typeof d?.url !== 'string' || !d.roles || typeof d.roles !== 'object') throw new Error(`${EMBEDDED_SUT_ENV} names no url and roles`);
  return {
    url: d.url,
    urlFor(role) {
      const u = d.roles[role];
      if (!u) throw new Error(`the embedded reference SUT does not play ${role}`);
      return u;
    },
  };
}

/** tell the embedded SUT where to publish (the listener's addresses); a refusal is a fault of the suite's set-up */
export async function registerSubscribers(sut: EmbeddedSut, subscribers: PeerAddresses): Promise<void> {
  const url = `${sut.url}${CONTROL_PATHS.subscribers}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(subscribers), signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new Error(`the embedded reference SUT at ${sut.url} cannot be reached to register the listener (${(e as Error).message})`);
  }
  if (!res.ok) throw new Error(`the embedded reference SUT refused the listener's addresses (${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)})`);
}
