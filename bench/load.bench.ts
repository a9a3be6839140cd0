/**
 * `cim9 load` against a minimal endpoint and against the reference SUT — prints figures, it is not a test.
 *
 * 1. Generator vs raw undici: a minimal fastify endpoint (bench/load-endpoint.ts, a child process) is sent the same
 *    number of requests, closed loop at the same concurrency, (a) by a bare undici loop that sends one constant body
 *    of the same size and reads each reply, nothing else, and (b) by the load engine (src/session/load.ts) with the
 *    outage-storm plan: each request built with src/message + src/payloads, each reply read, schema- and
 *    envelope-checked (the endpoint's constant reply fails ENV-CORRELATION: counted as errors, checked all the same).
 *    Between them, the suite's HTTP client alone (postSoap with the constant body). Prints the rates, the ratio, and
 *    the CPU of building, reading, validating and judging one request.
 * 2. SUT-bound: the reference SUT (`cim9 simulate`, a child process, the load's meters in a temporary profile) under
 *    `cim9 load --scenario outage-storm --meters N` closed loop: its rate and percentiles.
 *
 *   npm run bench:load                        # --meters 10000 (20,000 requests each), --concurrency 32
 *   npm run bench:load -- --meters 2000 --concurrency 16
 *
 * The machine may be shared: the load average is printed before and after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { stringify } from 'yaml';
import { repoPath } from '../src/paths.ts';
import { runLoad } from '../src/session/load.ts';
import { buildLoadRequest, judgeReply, requestCount, type LoadPlan } from '../src/usecases/load-scenarios.ts';
import { readMessage, toSoap } from '../src/message/index.ts';
import { schemaAssumptions } from '../src/checks/message.ts';
import { loadProfile } from '../src/profile/index.ts';
import { loadProfilePack } from '../src/schema/index.ts';
import { contextFor } from '../src/checks/message.ts';
import { closeAllClients, postSoap } from '../src/transport/http.ts';
import { DOMAIN_CHECKS_PER_SECOND, loadCommand } from '../src/cli/load.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench: --${name} must be a whole number ≥ 1`);
    process.exit(2);
  }
  return v;
}

const meters = arg('meters', 10000);
const concurrency = arg('concurrency', 32);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

function start(cmd: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, { cwd: repoPath(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${cmd.join(' ')} ended (${code}) before it was ready: ${out}`)));
  });
}

const stop = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGTERM'))));

console.log(`cim9 load bench: ${cpus().length} cores, load average ${load()}; --meters ${meters} (outage-storm: ${meters * 2} requests per run), --concurrency ${concurrency}`);

const profile = loadProfile(repoPath('profiles', 'reference.yaml'));
const meterIds = Array.from({ length: meters }, (_, i) => `CIM9-LOAD-${String(i + 1).padStart(6, '0')}`);
const plan: LoadPlan = { scenario: 'outage-storm', meters: meterIds, intervals: 1, readingTypes: profile.data.readingTypes, soapVersion: '1.1', generation: '2013' };
const total = requestCount(plan);

// ---------------------------------------------------------------- 1. generator vs raw undici, minimal endpoint
{
  const { child, match } = await start(['--import', 'tsx', 'bench/load-endpoint.ts', '0'], /port (\d+)/);
  const url = `http://127.0.0.1:${match[1]}/mdm`;
  try {
    const body = Buffer.from(buildLoadRequest(plan, 0).xml, 'utf8');
    const agent = new Agent();
    const raw = async (n: number) => {
      let next = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < n) {
            const r = await agent.request({ origin: new URL(url).origin, path: '/mdm', method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' } });
            await r.body.arrayBuffer();
          }
        }),
      );
      return n / ((performance.now() - t) / 1000);
    };
    await raw(Math.min(2000, total)); // warm-up
    const rawRate = await raw(total);
    await agent.close();

    // the suite's HTTP client alone (what the engine sends with), the same constant body: no build, no checks
    const client = async (n: number) => {
      let next = 0;
      const t = performance.now();
      const xml = body.toString('utf8');
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < n) await postSoap(url, xml, { soapVersion: '1.1', timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024 });
        }),
      );
      return n / ((performance.now() - t) / 1000);
    };
    await client(Math.min(2000, total));
    const clientRate = await client(total);

    const pack = loadProfilePack(profile);
    const engine = async (n: number) =>
      runLoad({
        url, plan, offset: 0, stride: 1, total: n, durationMs: 600_000, concurrency, maxInFlight: 1000, intervalMs: 1000,
        http: { soapVersion: '1.1', timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024 },
        judge: { pack, ctx: contextFor({ label: 'reply', receivedAt: new Date() }), soapVersion: '1.1', maxBytes: 16 * 1024 * 1024, success: 'ok-only' },
        // as `cim9 load` does by default (--domain-sample auto): every reply up to 200 replies/s, sampled above
        domainEvery: 1,
        domainAuto: { perSecond: DOMAIN_CHECKS_PER_SECOND },
      });
    await engine(Math.min(2000, total)); // warm-up
    const r = await engine(total);
    const seconds = (r.endedAt - r.startedAt) / 1000;
    const genRate = r.recorder.sent / seconds;
    await closeAllClients();
    pack.dispose?.();
    console.log(`minimal endpoint, ${total} requests, ${concurrency} at a time:`);
    console.log(`  raw undici        ${rawRate.toFixed(0)} requests/s`);
    console.log(`  suite HTTP client ${clientRate.toFixed(0)} requests/s (postSoap, the same constant body: no building, no checks) = ${(clientRate / rawRate).toFixed(2)} × raw`);
    console.log(`  cim9 load engine  ${genRate.toFixed(0)} requests/s (every reply read, schema- and envelope-checked; domain checks on ${r.domainChecked} of ${r.recorder.sent} replies, --domain-sample auto)`);
    console.log(`  ratio             ${(genRate / rawRate).toFixed(2)} × raw undici (target ≥ 0.8)`);
    // where the generator's CPU goes, per request (one thread, no network)
    const req = buildLoadRequest(plan, 0);
    const good = Buffer.from(toSoap({ kind: 'response', header: { verb: 'reply', noun: 'EndDeviceEvents', timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), source: 'bench', messageId: 'm', correlationId: req.header.correlationId }, reply: { result: 'OK' } }, '1.1').xml);
    const ctx = contextFor({ label: 'reply', receivedAt: new Date() });
    const judge = { pack: loadProfilePack(profile), ctx, soapVersion: '1.1' as const, maxBytes: 16 * 1024 * 1024, success: 'ok-only' as const };
    const cost = (f: () => unknown) => {
      for (let i = 0; i < 200; i++) f();
      const t = performance.now();
      for (let i = 0; i < 2000; i++) f();
      return `${(((performance.now() - t) / 2000) * 1000).toFixed(0)} µs`;
    };
    console.log(
      `  CPU per request: build ${cost(() => buildLoadRequest(plan, 1))}, read ${cost(() => readMessage(good))}, schema ${cost(() => judge.pack.validate(good, { label: 'r', maxBytes: judge.maxBytes, assumptions: schemaAssumptions(ctx) }))}, ` +
        `judge without domain checks ${cost(() => judgeReply(plan, req, { status: 200, contentType: 'text/xml; charset=utf-8', body: good }, { ...judge, domain: false }))}, with ${cost(() => judgeReply(plan, req, { status: 200, contentType: 'text/xml; charset=utf-8', body: good }, { ...judge, domain: true }))}`,
    );
    judge.pack.dispose?.();
  } finally {
    await stop(child);
  }
}

// ---------------------------------------------------------------- 2. the reference SUT
{
  const dir = mkdtempSync(join(tmpdir(), 'cim9-load-bench-'));
  try {
    const simProfile = join(dir, 'sim.yaml');
    writeFileSync(simProfile, stringify({ cim9: 1, name: 'load bench: reference SUT', sut: { embedded: false, roles: ['MDM'], endpoints: { MDM: { url: 'http://127.0.0.1:1/mdm' } } }, data: { meters: meterIds.map((m) => ({ mRID: m, usagePoint: `UP-${m}` })) } }));
    const { child, match } = await start(['bin/cim9.js', 'simulate', '--profile', simProfile, '--port', '0', '--role', 'MDM'], /MDM: POST SOAP messages to (\S+)/);
    try {
      const target = join(dir, 'target.yaml');
      writeFileSync(target, stringify({ cim9: 1, name: 'load bench: the reference SUT apart', sut: { embedded: false, roles: ['MDM'], endpoints: { MDM: { url: match[1] } } }, data: { meters: meterIds.map((m) => ({ mRID: m, usagePoint: `UP-${m}` })) } }));
      let text = '';
      const t = performance.now();
      const code = await loadCommand({ profile: target, scenario: 'outage-storm', meters: String(meters), concurrency: String(concurrency), duration: '600', reports: join(dir, 'report'), quiet: true }, { out: (s) => (text += s), err: (s) => process.stderr.write(s) });
      console.log(`reference SUT (cim9 simulate, its own process), outage-storm --meters ${meters} --concurrency ${concurrency} (exit ${code}, ${((performance.now() - t) / 1000).toFixed(1)} s):`);
      console.log(text.trimEnd().split('\n').slice(0, 3).map((l) => `  ${l.trim()}`).join('\n'));
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`load average after: ${load()}`);
