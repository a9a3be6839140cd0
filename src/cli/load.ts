/**
 * `cim9 load`: the suite as a load generator and checker (README "Load mode"). It reads the profile, starts the
 * embedded reference SUT when the profile says so (with the load's meters), sends the scenario's requests through
 * src/session/load.ts, writes load.json and load.html (src/report/load-report.ts) and compares the figures with the
 * profile's load: bounds (default: no error, no timeout): exit 0 within them, 1 a bound exceeded, 2 a bad option or an
 * unreachable SUT.
 * `cim9 load-merge` adds the load.json of shards (`--shard i/n`) into one report and judges it the same way.
 *
 * The engine is the suite's own HTTP client (undici) and mergeable HdrHistograms (hdr-histogram-js), not Artillery: measured on this
 * machine, Artillery 2 reached about a fifth of the raw undici rate (docs/performance.md, "Load mode").
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './run.ts';
import { checkProfileFaults, startReferenceSut, type ReferenceSut } from './embedded.ts';
import { loadProfile, ProfileError, type Profile } from '../profile/index.ts';
import { REPO_ROOT } from '../paths.ts';
import { loadProfilePack } from '../schema/index.ts';
import { generationOfEdition } from '../message/index.ts';
import { contextFor } from '../checks/message.ts';
import { closeAllClients } from '../transport/http.ts';
import { runLoad } from '../session/load.ts';
import { LOAD_SCENARIOS, buildLoadRequest, requestCount, targetOf, type LoadPlan, type LoadScenario } from '../usecases/load-scenarios.ts';
import { loadPage, loadReport, mergeLoadReports, type LoadReport } from '../report/load-report.ts';
import { terminal } from '../report/escape.ts';

/** no run sends more than this many requests, or runs longer than this (whatever the options say) */
export const HARD_CAP_REQUESTS = 1_000_000;
export const HARD_CAP_SECONDS = 3600;
/** the bounds in force: the profile's load: section over these (an error or a timeout fails a run unless the profile allows some) */
export const DEFAULT_BOUNDS = { maxErrorRate: 0, maxTimeoutRate: 0 } as const;
export const boundsOf = (p: Pick<Profile, 'load'>) => ({ ...DEFAULT_BOUNDS, ...(p.load ?? {}) });

/** the replies per second the domain checks keep up with on one core; above it they are sampled (`--domain-sample auto`) */
export const DOMAIN_CHECKS_PER_SECOND = 200;

export interface LoadCliOptions {
  profile?: string;
  scenario?: string;
  meters?: string;
  intervals?: string;
  rate?: string;
  concurrency?: string;
  duration?: string;
  timeout?: string;
  interval?: string;
  maxInFlight?: string;
  domainSample?: string;
  shard?: string;
  meterPrefix?: string;
  fault?: string[];
  reports?: string;
  quiet?: boolean;
}

export interface LoadIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

function whole(name: string, v: string | undefined, dflt: number | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return dflt;
  if (!/^[0-9]+$/.test(v.trim())) throw new UsageError(`${name} ${JSON.stringify(v)}: not a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`${name} ${n}: must be between ${min} and ${max}`);
  return n;
}

function positive(name: string, v: string | undefined, dflt: number | undefined, max: number): number | undefined {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${name} ${JSON.stringify(v)}: not a positive number`);
  if (n > max) throw new UsageError(`${name} ${n}: at most ${max}`);
  return n;
}

export interface ParsedLoad {
  profileFile: string;
  scenario: LoadScenario;
  meters: number;
  intervals: number;
  rate?: number;
  concurrency?: number;
  durationSeconds: number;
  timeoutSeconds?: number;
  intervalSeconds: number;
  maxInFlight: number;
  domainSample: 'auto' | number;
  shard: { index: number; count: number };
  meterPrefix: string;
  faults: string[];
  reports?: string;
  quiet: boolean;
}

/** the options, checked: a UsageError (one line, exit 2) for anything wrong */
export function parseLoadOptions(o: LoadCliOptions): ParsedLoad {
  if (!o.scenario) throw new UsageError(`--scenario is required: ${LOAD_SCENARIOS.join(', ')}`);
  if (!(LOAD_SCENARIOS as readonly string[]).includes(o.scenario)) throw new UsageError(`--scenario ${JSON.stringify(o.scenario)}: use ${LOAD_SCENARIOS.join(', ')}`);
  if (o.rate !== undefined && o.concurrency !== undefined) throw new UsageError('--rate (open loop) and --concurrency (closed loop) exclude each other: give one');
  const scenario = o.scenario as LoadScenario;
  const meters = whole('--meters', o.meters, 100, 1, 1_000_000)!;
  const intervals = whole('--intervals', o.intervals, 96, 1, 10_000)!;
  const perMeter = scenario === 'outage-storm' ? 2 : 1;
  if (meters * perMeter > HARD_CAP_REQUESTS) throw new UsageError(`--meters ${meters}: ${meters * perMeter} requests, over the hard cap of ${HARD_CAP_REQUESTS}`);
  if (scenario === 'bulk-ingest' && meters * intervals > 50_000_000) throw new UsageError(`--meters ${meters} × --intervals ${intervals}: over the cap of 50,000,000 interval values`);
  const rate = positive('--rate', o.rate, undefined, 100_000);
  const concurrency = whole('--concurrency', o.concurrency, rate === undefined ? 8 : undefined, 1, 10_000);
  const durationSeconds = positive('--duration', o.duration, 60, HARD_CAP_SECONDS)!;
  const timeoutSeconds = positive('--timeout', o.timeout, undefined, 600);
  const intervalSeconds = positive('--interval', o.interval, 1, 3600)!;
  const maxInFlight = whole('--max-in-flight', o.maxInFlight, 1000, 1, 100_000)!;
  let domainSample: 'auto' | number = 'auto';
  if (o.domainSample !== undefined && o.domainSample !== 'auto') {
    domainSample = o.domainSample === 'all' ? 1 : whole('--domain-sample', o.domainSample, 1, 1, 1_000_000)!;
  }
  let shard = { index: 1, count: 1 };
  if (o.shard !== undefined) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(o.shard.trim());
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > 1000) throw new UsageError(`--shard ${JSON.stringify(o.shard)}: use i/n with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/4)`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const meterPrefix = o.meterPrefix ?? 'CIM9-LOAD-';
  if (!/^[A-Za-z0-9_.:-]{0,40}$/.test(meterPrefix)) throw new UsageError(`--meter-prefix ${JSON.stringify(meterPrefix)}: letters, digits and _ . : - only, at most 40`);
  return {
    profileFile: o.profile ?? join(REPO_ROOT, 'profiles', 'reference.yaml'),
    scenario, meters, intervals, rate, concurrency, durationSeconds, timeoutSeconds, intervalSeconds, maxInFlight, domainSample, shard, meterPrefix,
    faults: o.fault ?? [], reports: o.reports, quiet: !!o.quiet,
  };
}

/** the meters of a load: the profile's data.meters first, then <prefix>000001 ... */
export function loadMeters(profile: Profile, n: number, prefix: string): string[] {
  const own = profile.data.meters.map((m) => m.mRID);
  const width = Math.max(6, String(n).length);
  return Array.from({ length: n }, (_, i) => own[i] ?? `${prefix}${String(i + 1).padStart(width, '0')}`);
}

/** the domain checks run on one reply in this many at the start (auto: then adapted each second to the reply rate) */
export function domainEvery(p: Pick<ParsedLoad, 'domainSample' | 'rate'>): number {
  if (p.domainSample !== 'auto') return p.domainSample;
  return p.rate !== undefined ? Math.max(1, Math.ceil(p.rate / DOMAIN_CHECKS_PER_SECOND)) : 1;
}

/** a shard's requests: every n-th, from the i-th on (so that the shards together keep the plan's order in time) */
export const share = (total: number, s: { index: number; count: number }) => ({ offset: s.index - 1, stride: s.count, count: Math.max(0, Math.ceil((total - (s.index - 1)) / s.count)) });

export async function loadCommand(o: LoadCliOptions, io: LoadIo, signal?: AbortSignal): Promise<number> {
  const p = parseLoadOptions(o);
  const loaded = loadProfile(p.profileFile);
  const meters = loadMeters(loaded, p.meters, p.meterPrefix);
  // the embedded reference SUT knows the load's meters
  const profile: Profile = loaded.sut.embedded ? { ...loaded, data: { ...loaded.data, meters: meters.map((m, i) => ({ mRID: m, usagePoint: loaded.data.meters[i]?.usagePoint ?? `UP-${m}` })) } } : loaded;
  if (p.faults.length && !profile.sut.embedded) throw new UsageError('--fault switches on faults of the embedded reference SUT: the profile names a system under test');
  const target = targetOf(p.scenario);
  let sut: ReferenceSut | undefined;
  if (profile.sut.embedded) {
    checkProfileFaults(profile);
    sut = await startReferenceSut(profile, { faults: [...(profile.simulator?.faults ?? []), ...p.faults], roles: [target.role] });
  }
  const url = sut ? sut.sim.urlFor(target.role) : (profile.sut.endpoints[target.role]?.services?.[target.service] ?? profile.sut.endpoints[target.role]?.url);
  if (!url) {
    throw new ProfileError(profile.file, [{ path: `sut.endpoints.${target.role}`, message: `cim9 load --scenario ${p.scenario} sends to the ${target.role}: the profile names no endpoint for it` }]);
  }
  const pack = loadProfilePack(profile);
  const plan: LoadPlan = { scenario: p.scenario, meters, intervals: p.intervals, readingTypes: profile.data.readingTypes, soapVersion: profile.sut.soapVersion, generation: generationOfEdition(profile.edition) };
  // warm the checker (the schema engine compiles on first use) on a request of our own, so the first replies are not slowed by it
  pack.validate(Buffer.from(buildLoadRequest(plan, 0).xml, 'utf8'), { label: 'warm-up', maxBytes: profile.sut.maxReplyBytes });
  const all = requestCount(plan);
  const mine = share(all, p.shard);
  const rate = p.rate !== undefined ? p.rate / p.shard.count : undefined;
  const concurrency = p.concurrency !== undefined ? Math.max(1, Math.round(p.concurrency / p.shard.count)) : undefined;
  const every = domainEvery({ domainSample: p.domainSample, rate });
  const success = String(profile.assumptions['CIM9-225' as keyof typeof profile.assumptions] ?? 'ok-only') === 'ok-or-partial' ? 'ok-or-partial' : 'ok-only';
  const timeoutMs = (p.timeoutSeconds ?? profile.timeouts.responseSeconds) * 1000;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  signal?.addEventListener('abort', onSignal);
  if (!signal) process.once('SIGINT', onSignal);
  let unreachable: string | undefined;
  const log = (s: string) => {
    if (!p.quiet) io.err(`${s}\n`);
  };
  log(`cim9 load: ${p.scenario} → ${url}: ${mine.count} requests${p.shard.count > 1 ? ` (shard ${p.shard.index}/${p.shard.count} of ${all})` : ''}, ${rate !== undefined ? `open loop at ${rate}/s` : `closed loop, ${concurrency} at a time`}, at most ${p.durationSeconds} s; domain checks ${p.domainSample === 'auto' ? `on every reply up to ${DOMAIN_CHECKS_PER_SECOND} replies/s, sampled above` : every === 1 ? 'on every reply' : `on 1 reply in ${every}`}`);
  let result;
  try {
    result = await runLoad({
      url,
      plan,
      offset: mine.offset,
      stride: mine.stride,
      total: mine.count,
      durationMs: p.durationSeconds * 1000,
      rate,
      concurrency,
      maxInFlight: p.maxInFlight,
      intervalMs: p.intervalSeconds * 1000,
      http: { soapVersion: profile.sut.soapVersion, timeoutMs, maxBytes: profile.sut.maxReplyBytes, headers: profile.sut.headers, basicAuth: profile.sut.basicAuth, tls: profile.sut.tls },
      judge: { pack, ctx: contextFor({ label: 'reply', assumptions: profile.assumptions as never, strict: profile.strict, receivedAt: new Date(), skewSeconds: profile.timeouts.clockSkewSeconds }), soapVersion: profile.sut.soapVersion, maxBytes: profile.sut.maxReplyBytes, success },
      domainEvery: every,
      domainAuto: p.domainSample === 'auto' ? { perSecond: DOMAIN_CHECKS_PER_SECOND } : undefined,
      progress: p.quiet ? undefined : log,
      signal: abort.signal,
      onUnreachable: (message) => {
        unreachable ??= message;
        abort.abort();
      },
    });
  } finally {
    signal?.removeEventListener('abort', onSignal);
    process.removeListener('SIGINT', onSignal);
    await closeAllClients(500);
    await sut?.close();
    pack.dispose?.();
  }
  // a request that never left the suite says nothing about the SUT: a set-up error, no report
  if (unreachable) throw new UsageError(`cannot reach the SUT: ${terminal(unreachable, 300)}`);
  const report = loadReport(
    {
      cim9Load: 1,
      scenario: p.scenario,
      target: url,
      profile: profile.file,
      edition: profile.edition,
      mode: rate !== undefined ? { kind: 'open', rate } : { kind: 'closed', concurrency: concurrency! },
      meters: p.meters,
      ...(p.scenario === 'bulk-ingest' ? { intervals: p.intervals } : {}),
      requestsPlanned: mine.count,
      shards: p.shard.count > 1 ? [p.shard] : [],
      stoppedBy: [result.stoppedBy],
      intervalSeconds: p.intervalSeconds,
      assumptions: { 'CIM9-225': success },
    },
    result.recorder,
    { startedAt: result.startedAt, endedAt: result.endedAt, domainEvery: result.domainEveryMax, domainChecked: result.domainChecked },
    boundsOf(profile),
  );
  return finish(report, p.reports ?? defaultReports(p), io);
}

function defaultReports(p: ParsedLoad): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join('reports', 'load', `${stamp}-${p.scenario}${p.shard.count > 1 ? `-shard-${p.shard.index}-of-${p.shard.count}` : ''}`);
}

/** write load.json and load.html, print the summary, and the exit code of the verdict */
function finish(report: LoadReport, dir: string, io: LoadIo): number {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'load.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(join(dir, 'load.html'), loadPage(report));
  io.out(summaryText(report, dir));
  const answered = report.ok + report.errors;
  if (report.verdict === 'bounds exceeded') return 1;
  // nothing answered is nothing to judge: never a pass
  if (answered === 0 && report.bounds.length) return 1;
  return 0;
}

/** the summary printed at the end (the SUT's words are in the report files only, escaped there) */
export function summaryText(r: LoadReport, dir: string): string {
  const l = r.latency;
  const lines = [
    `cim9 load: ${r.scenario}: ${r.sent} sent, ${r.ok} ok, ${r.errors} errors (${(r.errorRate * 100).toFixed(2)} %), ${r.timeouts} timeouts (${(r.timeoutRate * 100).toFixed(2)} %) in ${r.durationSeconds} s; stopped by ${r.stoppedBy.join(', ')}`,
    `  throughput ${r.throughput} replies/s; latency p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`,
    `  ${r.checks.domain.statement}`,
    ...Object.entries(r.rules).slice(0, 5).map(([k, n]) => `  errors ${k}: ${n}`),
    ...r.bounds.map((b) => `  bound ${b.name} ${b.limit}: ${b.value} ${b.ok ? 'ok' : 'EXCEEDED'}`),
    `  ${r.verdict}; report ${join(dir, 'load.html')}, ${join(dir, 'load.json')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `cim9 load-merge FILE...`: the shards' load.json as one report (bounds from --profile, else the first shard's profile) */
export async function loadMergeCommand(files: string[], o: { profile?: string; reports?: string }, io: LoadIo): Promise<number> {
  if (!files.length) throw new UsageError('name the load.json of each shard');
  const parts: LoadReport[] = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(resolve(f), 'utf8');
    } catch (e) {
      throw new UsageError(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
      const r = JSON.parse(text) as LoadReport;
      if (r.cim9Load !== 1 || !r.histogram || !Array.isArray(r.series)) throw new Error('not a load.json of cim9 load');
      return r;
    } catch (e) {
      throw new UsageError(`${terminal(f, 300)}: ${terminal((e as Error).message, 200)}`);
    }
  });
  const profile = loadProfile(o.profile ?? parts[0]!.profile);
  let merged: LoadReport;
  try {
    merged = mergeLoadReports(parts, boundsOf(profile));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const dir = o.reports ?? join('reports', 'load', `${new Date().toISOString().replace(/[:.]/g, '-')}-${merged.scenario}-merged`);
  return finish(merged, dir, io);
}
