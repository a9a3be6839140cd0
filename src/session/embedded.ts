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

/** the form of CIM9_EMBEDDED_SUT */
interface EmbeddedSutDescription {
  url: string;
  roles: Partial<Record<EmbeddedRole, string>>;
}

export function describeEmbeddedSut(sut: EmbeddedSut, roles: readonly EmbeddedRole[]): string {
  const d: EmbeddedSutDescription = { url: sut.url, roles: Object.fromEntries(roles.map((r) => [r, sut.urlFor(r)])) };
  return JSON.stringify(d);
}

/** the embedded SUT the CLI started, from the environment; undefined when none was started */
export function embeddedSutFromEnv(env: NodeJS.ProcessEnv = process.env): EmbeddedSut | undefined {
  const raw = env[EMBEDDED_SUT_ENV];
  if (!raw) return undefined;
  let d: EmbeddedSutDescription;
  try {
    d = JSON.parse(raw) as EmbeddedSutDescription;
  } catch {
    throw new Error(`${EMBEDDED_SUT_ENV} is not JSON`);
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
