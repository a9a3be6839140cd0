/**
 * Before the first scenario of a run against a system under test (not the embedded reference SUT):
 *
 * - the addresses the SUT must send to (the ReplyAddress and each path of the listener), printed once per run;
 * - whether the SUT's endpoints (sut.endpoints: each role's url and services) accept a TCP connection: an endpoint
 *   that cannot be reached is a fault of the set-up, not a verdict (exit 2, unless the run is told to go on);
 * - whether listener.publicUrl leads back to this machine's listener: a request to itself through publicUrl,
 *   answered by a short-lived stand-in bound where the listener will listen. A path rewritten on the way (a proxy)
 *   is an error (the SUT's deliveries would all miss); no answer is only a warning, since a publicUrl may be
 *   reachable from the SUT's network only.
 */
import { connect } from 'node:net';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Profile, Role } from '../profile/index.ts';
import { joinListenerUrl, listenerUrl, basePathOf } from '../transport/listener.ts';
import { LISTENER_PATHS } from '../session/run.ts';

/** what each listener path is for, in the printed block; a path without a label is shown by its key */
const LABELS: Record<string, string> = {
  replies: 'ReplyAddress: asynchronous results (cim9 puts it in every asynchronous request)',
  omsEvents: "OMS events: the OMS's ReceiveEndDeviceEvents (outage and restoration events)",
  mdmEvents: "MDM events: the MDM's ReceiveEndDeviceEvents (events a head-end publishes)",
  cisEvents: "CIS events: the CIS's ReceiveEndDeviceEvents (tamper events an MDM forwards, MSR-03)",
  mmEvents: "maintenance events: the maintenance consumer's (MM / WM) ReceiveEndDeviceEvents (health events an MDM forwards, EDE-06)",
  oldSupplier: "old supplier: the switching read of a customer switch an MDM delivers to the old supplier (CS-01, CIM9-220)",
  masterData: 'master-data publications: created / changed / deleted <Config> (pics.<role>.publishes with a master-data noun)',
  hes: "the MDM's head-end: requests an MDM sends to its head-end, answered by cim9 (pics.MDM.sends, P6)",
  mdm: 'the MDM the suite plays for a CIS or OMS SUT: its get(MeterReadings) requests (upper-tester orders)',
};

export interface ListenerAddress {
  /** key of LISTENER_PATHS */
  key: string;
  label: string;
  url: string;
}

/** the addresses the SUT is told (and must use), from the profile and the port the listener will bind */
export function listenerAddresses(profile: Pick<Profile, 'listener'>, port: number): { base: string; basePath: string; addresses: ListenerAddress[] } {
  const opts = { host: profile.listener.host, publicUrl: profile.listener.publicUrl };
  const base = listenerUrl(opts, port);
  const basePath = `/${basePathOf(opts)}`;
  const paths = LISTENER_PATHS as Readonly<Record<string, string>>;
  // the ReplyAddress first, then the others in their declared order
  const keys = ['replies', ...Object.keys(paths).filter((k) => k !== 'replies')].filter((k) => k in paths);
  return { base, basePath, addresses: keys.map((key) => ({ key, label: LABELS[key] ?? key, url: joinListenerUrl(base, paths[key]!) })) };
}

/** the printed block: where the SUT must send what */
export function addressBlock(profile: Pick<Profile, 'listener'>, port: number): string[] {
  const { basePath, addresses } = listenerAddresses(profile, port);
  const { host } = profile.listener;
  const width = Math.max(...addresses.map((a) => a.url.length));
  const lines = [
    `cim9: the SUT must send to these addresses (listener bound at ${host.includes(':') ? `[${host}]` : host}:${port}, serving the path ${basePath}${profile.listener.publicUrl ? ', listener.publicUrl' : ''}):`,
    ...addresses.map((a) => `cim9:   ${a.url.padEnd(width)}  ${a.label}`),
  ];
  if (profile.listener.port === 0) {
    lines.push(`cim9: listener.port is 0 (any free port): the port changes from run to run; give listener.port a fixed value when these addresses are configured at the SUT (subscriptions)`);
  }
  return lines;
}

export interface Unreachable {
  /** profile field, e.g. sut.endpoints.MDM.services.GetMeterReadings */
  field: string;
  url: string;
  problem: string;
}

/** every distinct endpoint URL of the SUT's roles, with the profile field that names it */
export function endpointUrls(profile: Pick<Profile, 'sut'>): { field: string; url: string }[] {
  const out: { field: string; url: string }[] = [];
  const seen = new Set<string>();
  const add = (field: string, url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    out.push({ field, url });
  };
  for (const role of profile.sut.roles as Role[]) {
    const ep = profile.sut.endpoints[role];
    if (!ep) continue;
    add(`sut.endpoints.${role}.url`, ep.url);
    for (const [name, url] of Object.entries(ep.services)) add(`sut.endpoints.${role}.services.${name}`, url);
  }
  return out;
}

/** can a TCP connection be opened to the URL's host and port within timeoutMs? undefined = yes, else why not */
export function tcpProblem(url: string, timeoutMs: number): Promise<string | undefined> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve('not a URL');
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (problem: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      done(problem);
    };
    const timer = setTimeout(() => finish(`no connection within ${timeoutMs} ms (a firewall, or nothing at ${host}:${port})`), timeoutMs);
    socket.once('connect', () => finish(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'ECONNREFUSED'
          ? `connection refused: nothing listens at ${host}:${port}`
          : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
            ? `the host name ${host} does not resolve`
            : `${e.code ?? e.message} connecting to ${host}:${port}`;
      finish(why);
    });
  });
}

/** the SUT's endpoints that cannot be reached (TCP connect), in profile order */
export async function unreachableEndpoints(profile: Pick<Profile, 'sut'>, timeoutMs = 3000): Promise<Unreachable[]> {
  const eps = endpointUrls(profile);
  const problems = await Promise.all(eps.map((e) => tcpProblem(e.url, timeoutMs)));
  return eps.flatMap((e, i) => (problems[i] ? [{ ...e, problem: problems[i] }] : []));
}

export type SelfCheck =
  | { ok: true }
  /** the request came back, at another path: the listener would miss every delivery (a set-up error) */
  | { ok: false; fatal: true; message: string }
  /** no answer from this listener through publicUrl: may be normal (reachable from the SUT's network only) */
  | { ok: false; fatal: false; message: string };

/**
 * A request to this machine's listener through listener.publicUrl: a stand-in bound at host:port answers with a
 * token and the path it saw. Call before the listener itself binds (the stand-in is closed before returning).
 */
export async function checkPublicUrl(profile: Pick<Profile, 'listener'>, port: number, timeoutMs = 3000): Promise<SelfCheck> {
  const publicUrl = profile.listener.publicUrl;
  if (!publicUrl) return { ok: true };
  const token = randomBytes(12).toString('hex');
  const probePath = `.cim9-reachability/${token}`;
  const basePath = basePathOf({ publicUrl });
  const expectedPath = `/${basePath ? `${basePath}/` : ''}${probePath}`;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    res.writeHead(200, { 'content-type': 'text/plain', 'x-cim9-token': token, 'x-cim9-path': encodeURI(path) });
    res.end('cim9 listener stand-in\n');
  });
  const bound = await new Promise<boolean>((done) => {
    server.once('error', () => done(false));
    server.listen({ host: profile.listener.host, port, exclusive: true }, () => done(true));
  });
  if (!bound) return { ok: false, fatal: false, message: `listener.publicUrl not checked: port ${port} could not be bound for the check` };
  try {
    let r: Response;
    try {
      r = await fetch(joinListenerUrl(publicUrl, probePath), { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await r.arrayBuffer().catch(() => undefined);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (e as Error).message);
      return { ok: false, fatal: false, message: `listener.publicUrl ${publicUrl} does not lead back to this listener from this machine (${why}); fine when only the SUT's network reaches it, otherwise the SUT's deliveries will not arrive` };
    }
    if (r.headers.get('x-cim9-token') !== token) {
      return { ok: false, fatal: false, message: `listener.publicUrl ${publicUrl} leads to another server from this machine (HTTP ${r.status}, not this listener); fine when the SUT's network routes it differently, otherwise the SUT's deliveries will not arrive` };
    }
    let seen = r.headers.get('x-cim9-path') ?? '';
    try {
      seen = decodeURI(seen);
    } catch {
      // shown as sent
    }
    if (seen !== expectedPath) {
      return {
        ok: false,
        fatal: true,
        message: `listener.publicUrl ${publicUrl}: a request to ${expectedPath} reached this listener as ${seen}: something between (a proxy) rewrites the path, and the listener serves the path of publicUrl (${basePath ? `/${basePath}` : '/'}); forward the path unchanged or change publicUrl`,
      };
    }
    return { ok: true };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}
