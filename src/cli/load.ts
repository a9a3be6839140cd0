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
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
import { runInbound } from '../session/load-inbound.ts';
import { stimulusCommand } from '../session/stimulus.ts';
import { CONTROL_PATHS, stimulusBody } from '../usecases/stimuli.ts';
import { execFile } from 'node:child_process';
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
/**
 * `--check-sample auto`: the reply checks (XML, schema, envelope) run on every reply until the generator's event loop
 * is busy at least `busy` of the time with at least 50 replies in 100 ms; then they are sampled (thinned each 100 ms while it stays busy, doubled back
 * while it is under `idle`), so that the generator is not the bottleneck of the figures (measured: docs/performance.md)
 */
export const CHECK_AUTO = { busy: 0.7, idle: 0.4 } as const;

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
  checkSample?: string;
  pipelining?: string;
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

/** the scenarios where the SUT sends and the suite receives */
export const INBOUND_SCENARIOS = ['outage-storm-in'] as const;
export type AnyLoadScenario = LoadScenario | (typeof INBOUND_SCENARIOS)[number];

export interface ParsedLoad {
  profileFile: string;
  scenario: AnyLoadScenario;
  meters: number;
  intervals: number;
  rate?: number;
  concurrency?: number;
  durationSeconds: number;
  timeoutSeconds?: number;
  intervalSeconds: number;
  maxInFlight: number;
  domainSample: 'auto' | number;
  checkSample: 'auto' | number;
  pipelining: number;
  shard: { index: number; count: number };
  meterPrefix: string;
  faults: string[];
  reports?: string;
  quiet: boolean;
}

/** the options, checked: a UsageError (one line, exit 2) for anything wrong */
export function parseLoadOptions(o: LoadCliOptions): ParsedLoad {
  const names = [...LOAD_SCENARIOS, ...INBOUND_SCENARIOS];
  if (!o.scenario) throw new UsageError(`--scenario is required: ${names.join(', ')}`);
  if (!(names as readonly string[]).includes(o.scenario)) throw new UsageError(`--scenario ${JSON.stringify(o.scenario)}: use ${names.join(', ')}`);
  if (o.rate !== undefined && o.concurrency !== undefined) throw new UsageError('--rate (open loop) and --concurrency (closed loop) exclude each other: give one');
  const scenario = o.scenario as AnyLoadScenario;
  if (scenario === 'outage-storm-in') {
    if (o.concurrency !== undefined) throw new UsageError('--concurrency: in outage-storm-in the SUT sends; --rate asks it for a pace (events per second)');
    if (o.shard !== undefined) throw new UsageError('--shard: outage-storm-in has one listener, it is not sharded');
    if (o.pipelining !== undefined) throw new UsageError('--pipelining: in outage-storm-in the suite sends nothing');
  }
  const meters = whole('--meters', o.meters, 100, 1, 1_000_000)!;
  const intervals = whole('--intervals', o.intervals, 96, 1, 10_000)!;
  const perMeter = scenario === 'outage-storm' || scenario === 'outage-storm-in' ? 2 : 1;
  if (meters * perMeter > HARD_CAP_REQUESTS) throw new UsageError(`--meters ${meters}: ${meters * perMeter} requests, over the hard cap of ${HARD_CAP_REQUESTS}`);
  if (scenario === 'bulk-ingest' && meters * intervals > 50_000_000) throw new UsageError(`--meters ${meters} × --intervals ${intervals}: over the cap of 50,000,000 interval values`);
  const rate = positive('--rate', o.rate, undefined, 100_000);
  const concurrency = whole('--concurrency', o.concurrency, rate === undefined && scenario !== 'outage-storm-in' ? 8 : undefined, 1, 10_000);
  const durationSeconds = positive('--duration', o.duration, 60, HARD_CAP_SECONDS)!;
  const timeoutSeconds = positive('--timeout', o.timeout, undefined, 600);
  const intervalSeconds = positive('--interval', o.interval, 1, 3600)!;
  const maxInFlight = whole('--max-in-flight', o.maxInFlight, 1000, 1, 100_000)!;
  let domainSample: 'auto' | number = 'auto';
  if (o.domainSample !== undefined && o.domainSample !== 'auto') {
    domainSample = o.domainSample === 'all' ? 1 : whole('--domain-sample', o.domainSample, 1, 1, 1_000_000)!;
  }
  let checkSample: 'auto' | number = 'auto';
  if (o.checkSample !== undefined && o.checkSample !== 'auto') {
    checkSample = o.checkSample === 'all' ? 1 : whole('--check-sample', o.checkSample, 1, 1, 1_000_000)!;
  }
  const pipelining = whole('--pipelining', o.pipelining, 1, 1, 100)!;
  let shard = { index: 1, count: 1 };
  if (o.shard !== undefined) {
    const m = /^([0-9]+)\/([0-9]+)$/.exec(o.shard.trim());
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > 1000) throw new UsageError(`--shard ${JSON.stringify(o.shard)}: use i/n with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/4)`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  // where load.json and load.html go, checked before the load (not after it, when the measurements would be lost)
  if (o.reports !== undefined) {
    if (!o.reports.trim()) throw new UsageError('--reports needs a value, not an empty string');
    let isFolder = true;
    try {
      isFolder = statSync(o.reports).isDirectory();
    } catch {
      // made at the end
    }
    if (!isFolder) throw new UsageError(`--reports ${o.reports}: a file is in the way, not a folder`);
  }
  const meterPrefix = o.meterPrefix ?? 'CIM9-LOAD-';
  if (!/^[A-Za-z0-9_.:-]{0,40}$/.test(meterPrefix)) throw new UsageError(`--meter-prefix ${JSON.stringify(meterPrefix)}: letters, digits and _ . : - only, at most 40`);
  return {
    profileFile: o.profile ?? join(REPO_ROOT, 'profiles', 'reference.yaml'),
    scenario, meters, intervals, rate, concurrency, durationSeconds, timeoutSeconds, intervalSeconds, maxInFlight, domainSample, checkSample, pipelining, shard, meterPrefix,
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
  if (p.scenario === 'outage-storm-in') return inboundCommand(p, profile, meters, io, signal);
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
  const plan: LoadPlan = { scenario: p.scenario as LoadScenario, meters, intervals: p.intervals, readingTypes: profile.data.readingTypes, soapVersion: profile.sut.soapVersion, generation: generationOfEdition(profile.edition) };
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
  log(`cim9 load: ${p.scenario} → ${url}: ${mine.count} requests${p.shard.count > 1 ? ` (shard ${p.shard.index}/${p.shard.count} of ${all})` : ''}, ${rate !== undefined ? `open loop at ${rate}/s` : `closed loop, ${concurrency} at a time`}, at most ${p.durationSeconds} s; domain checks ${p.domainSample === 'auto' ? `on every reply up to ${DOMAIN_CHECKS_PER_SECOND} replies/s, sampled above` : every === 1 ? 'on every reply' : `on 1 reply in ${every}`}; reply checks ${p.checkSample === 'auto' ? `on every reply while the generator's event loop is busy under ${CHECK_AUTO.busy * 100} % of the time or fewer than 50 replies come in 100 ms, sampled above` : p.checkSample === 1 ? 'on every reply' : `on 1 reply in ${p.checkSample}`}`);
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
      http: { pipelining: p.pipelining, soapVersion: profile.sut.soapVersion, timeoutMs, maxBytes: profile.sut.maxReplyBytes, headers: profile.sut.headers, basicAuth: profile.sut.basicAuth, tls: profile.sut.tls },
      judge: { pack, ctx: contextFor({ label: 'reply', assumptions: profile.assumptions as never, strict: profile.strict, receivedAt: new Date(), skewSeconds: profile.timeouts.clockSkewSeconds }), soapVersion: profile.sut.soapVersion, maxBytes: profile.sut.maxReplyBytes, success },
      checkEvery: p.checkSample === 'auto' ? 1 : p.checkSample,
      checkAuto: p.checkSample === 'auto' ? CHECK_AUTO : undefined,
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
    { startedAt: result.startedAt, endedAt: result.endedAt, domainEvery: result.domainEveryMax, domainChecked: result.domainChecked, replyEvery: result.replyEveryMax, replyChecked: result.replyChecked },
    boundsOf(profile),
  );
  return finish(report, p.reports ?? defaultReports(p), io);
}

/** the storm the other way: the SUT (a head-end) publishes, the suite's listener is its MDM */
async function inboundCommand(p: ParsedLoad, profile: Profile, meters: string[], io: LoadIo, signal?: AbortSignal): Promise<number> {
  const log = (s: string) => {
    if (!p.quiet) io.err(`${s}\n`);
  };
  const stim = profile.stimulus;
  if (!profile.sut.embedded && (stim.kind === 'none' || stim.kind === 'simulator')) {
    throw new UsageError(`outage-storm-in: the profile's stimulus.kind is ${stim.kind}: nothing can ask the head-end for the storm (use http, command or manual)`);
  }
  let sut: ReferenceSut | undefined;
  if (profile.sut.embedded) {
    checkProfileFaults(profile);
    sut = await startReferenceSut(profile, { faults: [...(profile.simulator?.faults ?? []), ...p.faults], roles: ['HES'] });
  }
  const pack = loadProfilePack(profile);
  const body = stimulusBody('outage-storm', { meters: [meters[0]!], storm: { count: meters.length, ...(p.rate !== undefined ? { rate: p.rate } : {}) } }, profile.sut.soapVersion);
  const trigger = async (listenerUrl: string) => {
    if (sut) {
      await postJson(`${sut.sim.url}${CONTROL_PATHS.subscribers}`, { MDM: listenerUrl }, 'register the listener at the reference SUT');
      await postJson(`${sut.sim.url}${CONTROL_PATHS.stimulus}`, body, 'the stimulus outage-storm');
      return;
    }
    if (stim.kind === 'manual') {
      io.err(`outage-storm-in: make the head-end publish the storm now: a power-off and a restoration created(EndDeviceEvents) for its ${meters.length} meters from ${meters[0]} on, to ${listenerUrl}\n`);
      return;
    }
    if (stim.kind === 'command') {
      const { cmd, env } = stimulusCommand(stim.command ?? '', body);
      await new Promise<void>((resolve, reject) =>
        execFile('/bin/sh', ['-c', cmd], { timeout: 60_000, env: { ...process.env, ...env, CIM9_LISTENER: listenerUrl }, maxBuffer: 1024 * 1024 }, (err, _out, stderr) =>
          err ? reject(new UsageError(`the stimulus command failed (${terminal(err.message.trim(), 200)}): ${terminal(stderr, 300)}`)) : resolve(),
        ),
      );
      return;
    }
    await postJson(stim.url ?? '', { ...body, listener: listenerUrl }, 'the stimulus outage-storm');
  };
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  signal?.addEventListener('abort', onSignal);
  if (!signal) process.once('SIGINT', onSignal);
  log(`cim9 load: outage-storm-in: the ${sut ? 'reference head-end' : 'head-end'} publishes a power-off and a restoration for ${meters.length} meters to the suite's listener${p.rate !== undefined ? ` at ${p.rate} events/s` : ''}; at most ${p.durationSeconds} s, or ${profile.timeouts.eventSeconds} s with nothing arriving`);
  let result;
  try {
    result = await runInbound({
      host: profile.listener.host,
      port: profile.listener.port,
      publicBase: profile.listener.publicUrl,
      meters,
      judge: { pack, ctx: contextFor({ label: 'delivery', assumptions: profile.assumptions as never, strict: profile.strict, receivedAt: new Date(), skewSeconds: profile.timeouts.clockSkewSeconds }), soapVersion: profile.sut.soapVersion, maxBytes: profile.sut.maxReplyBytes },
      generation: generationOfEdition(profile.edition),
      intervalMs: p.intervalSeconds * 1000,
      durationMs: p.durationSeconds * 1000,
      idleMs: profile.timeouts.eventSeconds * 1000,
      checkEvery: p.checkSample === 'auto' ? 1 : p.checkSample,
      checkAuto: p.checkSample === 'auto' ? CHECK_AUTO : undefined,
      domainEvery: p.domainSample === 'auto' ? 1 : p.domainSample,
      trigger,
      progress: p.quiet ? undefined : log,
      signal: abort.signal,
    });
  } finally {
    signal?.removeEventListener('abort', onSignal);
    process.removeListener('SIGINT', onSignal);
    await sut?.close();
    // the reference head-end's publications went through the suite's HTTP client
    await closeAllClients(500);
    pack.dispose?.();
  }
  const t = result.tally;
  const report = loadReport(
    {
      cim9Load: 1,
      scenario: p.scenario,
      target: result.url,
      profile: profile.file,
      edition: profile.edition,
      mode: { kind: 'inbound', ...(p.rate !== undefined ? { rate: p.rate } : {}) },
      meters: p.meters,
      requestsPlanned: meters.length * 2,
      shards: [],
      stoppedBy: [result.stoppedBy],
      intervalSeconds: p.intervalSeconds,
      assumptions: {},
      storm: { meters: t.meters.size, powerOffs: t.off.size, restorations: t.restored.size, missingPowerOffs: result.missing.off, missingRestorations: result.missing.restored, duplicates: t.duplicates, unexpected: t.unexpected, restorationsBeforePowerOff: t.restoredFirst, events: t.events, listener: result.url },
    },
    result.recorder,
    { startedAt: result.startedAt, endedAt: result.endedAt, domainEvery: p.domainSample === 'auto' ? 1 : p.domainSample, domainChecked: result.domainChecked },
    boundsOf(profile),
  );
  report.checks.schema = result.schemaChecked >= result.recorder.sent - result.recorder.timeouts ? 'every delivery: XML and the XSDs of the edition' : `XSDs SAMPLED: ${result.schemaChecked} deliveries, at most 1 in ${result.schemaEveryMax}, because the listener was busy; XML on every delivery`;
  delete report.checks.reply;
  report.checks.envelope = 'every delivery: an EventMessage created(EndDeviceEvents) and its header; every event counted per meter (power-off, restoration), its createdDateTime and latency';
  return finish(report, p.reports ?? defaultReports(p), io);
}

async function postJson(url: string, body: unknown, what: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new UsageError(`${what} at ${terminal(url, 200)} failed: ${terminal((e as Error).message, 200)}`);
  }
  if (!res.ok) throw new UsageError(`${what} at ${terminal(url, 200)} answered HTTP ${res.status}: ${terminal((await res.text()).slice(0, 300), 300)}`);
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
  const answered = report.ok + report.errors + (report.unchecked ?? 0);
  if (report.verdict === 'bounds exceeded') return 1;
  // nothing answered is nothing to judge: never a pass
  if (answered === 0 && report.bounds.length) return 1;
  return 0;
}

/** the summary printed at the end (the SUT's words are in the report files only, escaped there) */
export function summaryText(r: LoadReport, dir: string): string {
  const l = r.latency;
  const lines = [
    `cim9 load: ${r.scenario}: ${r.sent} sent, ${r.ok} ok, ${r.errors} errors (${(r.errorRate * 100).toFixed(2)} %), ${r.unchecked ? `${r.unchecked} unchecked, ` : ''}${r.timeouts} timeouts (${(r.timeoutRate * 100).toFixed(2)} %) in ${r.durationSeconds} s; stopped by ${r.stoppedBy.join(', ')}`,
    ...(r.storm ? [`  storm of ${r.storm.meters} meters: ${r.storm.powerOffs} power-offs and ${r.storm.restorations} restorations arrived, ${r.storm.missingPowerOffs + r.storm.missingRestorations} missing, ${r.storm.duplicates} duplicates, ${r.storm.unexpected} unexpected; latency from each event's createdDateTime to its arrival`] : []),
    `  throughput ${r.throughput} ${r.storm ? 'deliveries' : 'replies'}/s; latency p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`,
    ...(r.checks.reply ? [`  ${r.checks.reply.statement}`] : []),
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
