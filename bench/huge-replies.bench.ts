/**
 * Large legal replies — prints figures, it is not a test. A SUT may answer every request with a reply of many
 * megabytes that is well-formed and schema-valid (fault huge-replies: the reply padded with XML comments after its
 * root element to CIM9_HUGE_REPLY_MB MiB). The suite reads such a reply once, attaches a bounded excerpt with its
 * length and sha256, and stores the body once under reports/bodies/<sha256>.xml.
 *
 *   npm run bench:huge                                  # cost per MB, then the 40-scenario memory bound
 *   npm run bench:huge -- --sizes 1,4 --no-bound        # a quick look
 *   options: --sizes A,B,... (MiB, default 4,16)  --features F,...  (the scenarios of the memory bound)
 *            --bound-mb N (reply size of the memory bound, default 15: just under a 16 MiB limit)
 *            --limit-gb N (the memory bound, default 2)  --no-bound
 *            --json FILE (the key figures as JSON too: bench/emit.ts; read by `npm run bench`)
 *
 * Each figure comes from one `cim9 run` against the embedded reference SUT under a copy of profiles/reference.yaml
 * with sut.maxReplyBytes raised to 64 MiB (so the replies are legal): wall time, the peak resident memory of the
 * Cucumber process (suite, listener and embedded SUT: conformance.json resources.peakRssBytes), and the size of
 * the reports folder. Cost per MB = (time with huge replies − time of the clean run) / (MB received).
 * Exit 1 when the memory bound is exceeded.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { loadProfile } from '../src/profile/index.ts';
import { loadProfilePack } from '../src/schema/index.ts';
import { readMessage } from '../src/message/index.ts';
import { emitJson } from './emit.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const sizes = (arg('sizes') ?? '4,16').split(',').map(Number).filter((n) => n > 0);
const boundMb = Number(arg('bound-mb') ?? 15);
const limitGb = Number(arg('limit-gb') ?? 2);
const features = (arg('features') ?? 'features/master-data.feature,features/on-request-read.feature,features/negative-requests.feature').split(',');
const quickFeatures = ['features/on-request-read.feature'];

const work = mkdtempSync(join(os.tmpdir(), 'cim9-bench-huge-'));
const profile = join(work, 'reference-64MiB.yaml');
// the reference profile with a limit that makes the replies legal
writeFileSync(profile, readFileSync(join(ROOT, 'profiles', 'reference.yaml'), 'utf8').replace(/^  soapVersion: "1.1"$/m, '  soapVersion: "1.1"\n  maxReplyBytes: 67108864'));

interface Figures {
  label: string;
  reports: string;
  seconds: number;
  scenarios: number;
  exchanges: number;
  peakRssMb: number;
  reportsMb: number;
}

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

async function run(label: string, mb: number | undefined, feats: string[]): Promise<Figures> {
  const reports = join(work, label.replace(/[^a-z0-9]+/gi, '-'));
  const args = ['bin/cim9.js', 'run', '--profile', profile, '--reports', reports, ...(mb ? ['--fault', 'huge-replies'] : []), ...feats];
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CIM9_HUGE_REPLY_MB: String(mb ?? 0) } });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  const wall = (performance.now() - t0) / 1000;
  // the time of the scenarios themselves (start-up of the process and of the schema pack excluded): from the messages
  let seconds = wall;
  const stamps: Record<string, number> = {};
  for (const line of readFileSync(join(reports, 'cucumber.ndjson'), 'utf8').split('\n')) {
    const m = /^\{"(testRunStarted|testRunFinished)":.*"timestamp":\{"seconds":(\d+),"nanos":(\d+)\}/.exec(line);
    if (m) stamps[m[1]!] = Number(m[2]) + Number(m[3]) / 1e9;
  }
  if (stamps['testRunStarted'] && stamps['testRunFinished']) seconds = stamps['testRunFinished'] - stamps['testRunStarted'];
  const json = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as { scenarios: { exchanges: number }[]; resources?: { peakRssBytes: number } };
  const f: Figures = {
    label,
    reports,
    seconds,
    scenarios: json.scenarios.length,
    exchanges: json.scenarios.reduce((a, s) => a + s.exchanges, 0),
    peakRssMb: (json.resources?.peakRssBytes ?? 0) / 2 ** 20,
    reportsMb: folderBytes(reports) / 2 ** 20,
  };
  console.log(
    `${label.padEnd(28)} ${f.seconds.toFixed(1).padStart(6)} s (wall ${wall.toFixed(1)} s)  ${String(f.scenarios).padStart(3)} scenarios  ${String(f.exchanges).padStart(4)} exchanges  peak RSS ${f.peakRssMb.toFixed(0).padStart(5)} MB  reports ${f.reportsMb.toFixed(1).padStart(6)} MB`,
  );
  return f;
}

let exit = 0;
/** the key figures for --json */
const out: Record<string, unknown> = { sizes: [] as Record<string, unknown>[] };
const figures = (f: Figures) => ({ seconds: f.seconds, scenarios: f.scenarios, exchanges: f.exchanges, peakRssMib: f.peakRssMb, reportsMib: f.reportsMb });
try {
  console.log(`huge replies: cost per MB (${quickFeatures.join(', ')}), then ${process.argv.includes('--no-bound') ? 'no memory bound' : `the memory bound (${features.length} feature files, ${boundMb} MiB replies, limit ${limitGb} GB)`}`);
  const clean = await run('clean', undefined, quickFeatures);
  out.clean = figures(clean);
  const runs: Figures[] = [];
  for (const mb of sizes) {
    const f = await run(`huge-replies ${mb} MiB`, mb, quickFeatures);
    runs.push(f);
    // about one reply of `mb` per exchange (asynchronous results and publications are not padded: a lower bound of the cost)
    const received = f.exchanges * mb;
    const perMb = received ? (f.seconds - clean.seconds) / received : 0;
    (out.sizes as Record<string, unknown>[]).push({ mib: mb, ...figures(f), receivedMib: received, msPerMib: perMb * 1000, peakRssPerMib: (f.peakRssMb - clean.peakRssMb) / mb });
    console.log(`  -> ${(perMb * 1000).toFixed(0)} ms per MB received (${received} MB), ${((f.peakRssMb - clean.peakRssMb) / mb).toFixed(1)} MB of peak RSS per MB of reply, reports ${(f.reportsMb / Math.max(1, received)).toFixed(2)} MB per MB received`);
  }
  // layer 1 of the largest reply, in this process: what the suite does with each reply it receives
  const last = runs.at(-1);
  const bodies = last ? join(last.reports, 'bodies') : undefined;
  if (bodies && existsSync(bodies)) {
    const biggest = readdirSync(bodies).map((n) => join(bodies, n)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (biggest) {
      const body = readFileSync(biggest);
      const mb = body.byteLength / 2 ** 20;
      const pack = loadProfilePack(loadProfile(profile));
      const time = (f: () => unknown): number => {
        const t = performance.now();
        f();
        return (performance.now() - t) / 1000;
      };
      const read = time(() => readMessage(body, { maxBytes: 64 * 2 ** 20 }));
      const xsd = time(() => pack.validate(body, { maxBytes: 64 * 2 ** 20 }));
      out.layer1 = { mib: mb, readMs: read * 1000, xsdMs: xsd * 1000, msPerMib: ((read + xsd) * 1000) / mb };
      console.log(`layer 1 of one ${mb.toFixed(1)} MB reply: read ${(read * 1000).toFixed(0)} ms, XSD ${(xsd * 1000).toFixed(0)} ms: ${(((read + xsd) * 1000) / mb).toFixed(0)} ms per MB`);
      pack.dispose?.();
    }
  }
  if (!process.argv.includes('--no-bound')) {
    const f = await run(`bound ${boundMb} MiB`, boundMb, features);
    const ok = f.peakRssMb <= limitGb * 1024;
    console.log(`memory bound: ${f.scenarios} scenarios against a SUT answering ${boundMb} MiB to everything: peak RSS ${f.peakRssMb.toFixed(0)} MB ${ok ? '<=' : '>'} ${limitGb * 1024} MB${f.scenarios < 40 ? ` (only ${f.scenarios} scenarios ran; give --features for 40)` : ''}`);
    out.bound = { mib: boundMb, ...figures(f), limitMib: limitGb * 1024, ok };
    if (!ok) exit = 1;
  }
  emitJson('huge', out);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = exit;
