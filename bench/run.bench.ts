/**
 * Where the time of a conformance run goes — prints figures, it is not a test. Runs `node bin/cim9.js run` (and,
 * with --mutants, one job of `cim9 mutants`) as a child process and prints, per run: the wall time, the CPU time of
 * the run and everything it started (user + system, from the kernel's count of waited-for children), the time
 * Cucumber spent executing steps, and the split of the wall time into working (CPU) and waiting (wall − CPU: the
 * suite waiting for the SUT, for deliveries, for quiet periods). On 2 cores CPU time can exceed wall time for a
 * moment; waiting is then reported as 0.
 *
 *   npm run bench:run                                  # the reference profiles 2013, 2024, draft-2011 and mdm
 *   npm run bench:run -- --profile profiles/reference.yaml --repeat 3
 *   npm run bench:run -- --fault event-published-twice # a run with a fault of the reference SUT
 *   npm run bench:run -- --mutants event-published-twice   # one mutants job: the clean run and that fault's run
 *   npm run bench:run -- --selftest                    # the whole `cim9 selftest` (its reports in reports/selftest/)
 *   npm run bench:run -- --selftest --lane-workers 0   # the same with a process per child run (CIM9_LANE_WORKERS=0)
 *   npm run bench:run -- --top 20                      # the 20 slowest scenarios of each run (default 10; 0: none)
 *   npm run bench:run -- --workers 1 --workers 4       # a run per --workers value (default: cim9 run's own default)
 *   npm run bench:run -- --profile profiles/reference.yaml --scale 2,4
 *                          # also each profile's run with its features 2 and 4 times over (copies of features/ in .tmp/,
 *                          # the same step definitions): the seconds per scenario as the suite grows
 *   --json FILE: every run's figures as JSON too (bench/emit.ts; read by `npm run bench`)
 *
 * After each `cim9 run` it prints its start-up (spawn to Cucumber's testRunStarted), Cucumber's run and the reports
 * (testRunFinished to the exit), then the slowest scenarios (from the run's cucumber.ndjson: Cucumber's timestamps of each
 * test case's start and end), and the sum of all scenario times beside the run's wall time: what is left outside the
 * scenarios is start-up (loading, the schema pack) and the reports. Runs are `--no-pdf` (the target of issue 18).
 *
 * Linux only (the CPU time is read from /proc/self/stat). Reports go to a temporary folder, removed afterwards.
 * The machine may be shared: print `uptime` beside the figures (the bench prints the load average before and after).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { readScenarioTimes, scenarioTimesFile, writeScenarioTimes } from '../src/cli/scenario-order.ts';
import { performance } from 'node:perf_hooks';
import { repoPath } from '../src/paths.ts';
import { emitJson } from './emit.ts';

function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1] !== undefined) out.push(process.argv[i + 1]!);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  });
  return out;
}

const profiles = args('profile');
const faults = args('fault');
const mutants = args('mutants');
const selftest = process.argv.includes('--selftest');
const laneWorkers = args('lane-workers')[0];
const repeat = Number(args('repeat')[0] ?? 1);
const top = Number(args('top')[0] ?? 10);
const workerCounts = args('workers');
const scales = args('scale').flatMap((x) => x.split(',')).filter((x) => x.trim() !== '');
if (scales.some((x) => !/^([2-9]|1[0-6])$/.test(x.trim()))) {
  console.error('bench: --scale takes whole numbers from 2 to 16 (a comma list: --scale 2,4)');
  process.exit(2);
}
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error('bench: --repeat must be a whole number ≥ 1');
  process.exit(2);
}
if (workerCounts.some((w) => !/^[1-9]\d*$/.test(w))) {
  console.error('bench: --workers must be a whole number ≥ 1');
  process.exit(2);
}
if (!profiles.length && !mutants.length && !selftest) profiles.push('profiles/reference.yaml', 'profiles/reference-2024.yaml', 'profiles/reference-draft-2011.yaml', 'profiles/reference-mdm.yaml');

/** user + system time of the waited-for children of this process, in seconds (fields 16 and 17 of /proc/self/stat) */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after the command name: state is field 3, so cutime (16) and cstime (17) are at indexes 13 and 14
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** when Cucumber's run started and finished (epoch seconds, from its testRunStarted / testRunFinished) */
function runSpan(ndjson: string): { started?: number; finished?: number } {
  const ts = (t: { seconds: number; nanos: number }) => Number(t.seconds) + t.nanos / 1e9;
  const out: { started?: number; finished?: number } = {};
  for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
    if (line.includes('"testRunStarted"')) out.started = ts((JSON.parse(line) as Record<string, any>).testRunStarted.timestamp);
    else if (line.includes('"testRunFinished"')) out.finished = ts((JSON.parse(line) as Record<string, any>).testRunFinished.timestamp);
  }
  return out;
}

/** per Cucumber worker (a run with workers): when its first scenario started and its last ended, and its busy time */
function workerSpans(ndjson: string): Map<string, { first: number; last: number; busy: number; n: number }> {
  const ts = (t: { seconds: number; nanos: number }) => Number(t.seconds) + t.nanos / 1e9;
  const started = new Map<string, { worker: string; at: number }>();
  const out = new Map<string, { first: number; last: number; busy: number; n: number }>();
  for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
    if (line.includes('"testCaseStarted"')) {
      const m = (JSON.parse(line) as Record<string, any>).testCaseStarted;
      const w = String(m.workerId ?? 'main');
      started.set(m.id, { worker: w, at: ts(m.timestamp) });
      const o = out.get(w) ?? { first: Infinity, last: 0, busy: 0, n: 0 };
      o.first = Math.min(o.first, ts(m.timestamp));
      out.set(w, o);
    } else if (line.includes('"testCaseFinished"')) {
      const m = (JSON.parse(line) as Record<string, any>).testCaseFinished;
      const st = started.get(m.testCaseStartedId);
      const o = st && out.get(st.worker);
      if (!st || !o) continue;
      o.last = Math.max(o.last, ts(m.timestamp));
      o.busy += ts(m.timestamp) - st.at;
      o.n++;
    }
  }
  return out;
}

/** the scenarios of a run's cucumber.ndjson with their durations (seconds), slowest first */
function scenarioTimes(ndjson: string): { seconds: number; name: string; uri: string }[] {
  const ts = (t: { seconds: number; nanos: number }) => Number(t.seconds) + t.nanos / 1e9;
  const pickles = new Map<string, { name: string; uri: string }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, { testCaseId: string; at: number }>();
  const out: { seconds: number; name: string; uri: string }[] = [];
  for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line) as Record<string, any>;
    if (m.pickle) pickles.set(m.pickle.id, { name: m.pickle.name, uri: m.pickle.uri });
    else if (m.testCase) testCases.set(m.testCase.id, m.testCase.pickleId);
    else if (m.testCaseStarted) started.set(m.testCaseStarted.id, { testCaseId: m.testCaseStarted.testCaseId, at: ts(m.testCaseStarted.timestamp) });
    else if (m.testCaseFinished) {
      const s = started.get(m.testCaseFinished.testCaseStartedId);
      const p = s && pickles.get(testCases.get(s.testCaseId) ?? '');
      if (s && p) out.push({ seconds: ts(m.testCaseFinished.timestamp) - s.at, ...p });
    }
  }
  return out.sort((a, b) => b.seconds - a.seconds);
}

function printScenarios(reportsDir: string, f: Figures): void {
  const wall = f.wall;
  let times: ReturnType<typeof scenarioTimes>;
  let span: ReturnType<typeof runSpan>;
  try {
    times = scenarioTimes(join(reportsDir, 'cucumber.ndjson'));
    span = runSpan(join(reportsDir, 'cucumber.ndjson'));
  } catch {
    return;
  }
  const sum = times.reduce((t, x) => t + x.seconds, 0);
  f.scenarios = times.length;
  f.scenarioSeconds = sum;
  // start-up: from the spawn to Cucumber's testRunStarted (loading, the profile, the schema pack, the reference SUT,
  // the plan); reports: from its testRunFinished to the exit (the statement, the catalogue, the evidence bundle)
  if (span.started !== undefined && span.finished !== undefined && f.startedAt !== undefined && f.endedAt !== undefined) {
    f.startup = span.started - f.startedAt;
    f.cucumber = span.finished - span.started;
    f.reports = f.endedAt - span.finished;
    console.log(`  start-up ${s(span.started - f.startedAt)}  Cucumber's run ${s(span.finished - span.started)}  reports and exit ${s(f.endedAt - span.finished)}`);
    const workers = workerSpans(join(reportsDir, 'cucumber.ndjson'));
    if (workers.size > 1 || !workers.has('main')) {
      // with workers: when each got its first scenario (after it loaded the steps) and ended its last, and how busy it was
      for (const [w, o] of [...workers].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))) {
        console.log(`  worker ${w.padEnd(3)} first scenario at ${s(o.first - span.started)}  last ended at ${s(o.last - span.started)}  (after testRunStarted)  ${String(o.n).padStart(4)} scenarios, busy ${s(o.busy)}`);
      }
    }
  }
  // a run that did not pass: which scenarios, and why (the reports are removed afterwards)
  try {
    const doc = JSON.parse(readFileSync(join(reportsDir, 'conformance.json'), 'utf8')) as { scenarios: { verdict: string; name: string; error?: string }[]; unsolicited?: unknown[] };
    for (const x of doc.scenarios.filter((x) => x.verdict === 'failed' || x.verdict === 'error')) console.log(`  ${x.verdict}: ${x.name}: ${(x.error ?? '').replace(/\s+/g, ' ').slice(0, 600)}`);
    if (doc.unsolicited?.length) console.log(`  unsolicited: ${JSON.stringify(doc.unsolicited).slice(0, 600)}`);
  } catch {
    // no statement
  }
  if (top <= 0) return;
  console.log(`  ${times.length} scenarios, ${sum.toFixed(1)} s in all (${((sum / wall) * 100).toFixed(0)} % of the wall time; the rest is start-up and reports); the slowest ${Math.min(top, times.length)}:`);
  for (const x of times.slice(0, top)) console.log(`  ${x.seconds.toFixed(2).padStart(7)} s  ${x.uri.replace(/^features\//, '').padEnd(34)} ${x.name.length > 100 ? `${x.name.slice(0, 99)}…` : x.name}`);
}

interface Figures {
  label: string;
  /** the run's profile, fault and --workers (absent for mutants and selftest) */
  profile?: string;
  fault?: string;
  workers?: number;
  exit: number | null;
  wall: number;
  cpu: number;
  steps?: number;
  summary?: string;
  /** epoch seconds of the spawn and of the exit */
  startedAt?: number;
  endedAt?: number;
  /** --scale: the features this many times over (absent: once) */
  scale?: number;
  /** from the run's cucumber.ndjson: the scenarios, the sum of their times, and the split of the wall time */
  scenarios?: number;
  scenarioSeconds?: number;
  startup?: number;
  cucumber?: number;
  reports?: number;
}

function run(label: string, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Figures> {
  return new Promise((resolve) => {
    const cpu0 = childrenCpu();
    const t0 = performance.now();
    const startedAt = Date.now() / 1000;
    const child = spawn(process.execPath, [repoPath('bin/cim9.js'), ...argv], { cwd: repoPath('.'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('close', (exit) => {
      const wall = (performance.now() - t0) / 1000;
      const cpu = childrenCpu() - cpu0;
      // Cucumber's summary: "0m06.206s (executing steps: 0m05.338s)"
      const m = /executing steps: (\d+)m(\d+(?:\.\d+)?)s/.exec(out);
      const summary = out.split('\n').find((l) => l.startsWith('conformance:') || l.startsWith('mutants:') || /^selftest: \d+ passed/.test(l));
      resolve({ label, exit, wall, cpu, steps: m ? Number(m[1]) * 60 + Number(m[2]) : undefined, summary, startedAt, endedAt: Date.now() / 1000 });
    });
  });
}

const s = (x: number) => `${x.toFixed(1).padStart(6)} s`;

function print(f: Figures): void {
  const waiting = Math.max(0, f.wall - f.cpu);
  console.log(
    `${f.label.padEnd(52)} wall ${s(f.wall)}  cpu ${s(f.cpu)}  working ${s(Math.min(f.cpu, f.wall))}  waiting ${s(waiting)} (${((waiting / f.wall) * 100).toFixed(0).padStart(2)} %)` +
      `${f.steps !== undefined ? `  steps ${s(f.steps)}` : ''}  exit ${f.exit}${f.summary ? `  — ${f.summary}` : ''}`,
  );
}

/**
 * A run with the features `k` times over: features/ and k − 1 copies of it under .tmp/ (git ignores it), the same step
 * definitions; the learnt scenario times (src/cli/scenario-order.ts) given to the copies too, in a CIM9_HOME of its own
 * (so that the copies are ordered as the originals are, and the user's file is not touched). The copies are removed.
 */
async function scaledRun(profile: string, k: number, reportsDir: string): Promise<Figures> {
  const root = repoPath('.tmp', `bench-scale-${process.pid}`);
  const home = join(root, 'home');
  try {
    const copies: string[] = [];
    for (let c = 1; c < k; c++) {
      const dir = join(root, `c${c}`, 'features');
      cpSync(repoPath('features'), dir, { recursive: true });
      copies.push(relative(repoPath('.'), dir));
    }
    const times = readScenarioTimes(scenarioTimesFile());
    const all = new Map(times);
    for (const [key, v] of times) {
      if (!key.startsWith('features/')) continue;
      for (const c of copies) all.set(`${c}/${key.slice('features/'.length)}`, v);
    }
    mkdirSync(home, { recursive: true });
    writeScenarioTimes(scenarioTimesFile({ CIM9_HOME: home }), all);
    const fig = await run(`run ${profile} ×${k} (features/ and ${k - 1} cop${k === 2 ? 'y' : 'ies'})`, ['run', '--profile', profile, '--no-pdf', '--reports', reportsDir, 'features', ...copies], { CIM9_HOME: home });
    fig.profile = profile;
    fig.scale = k;
    return fig;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(`bench: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);
const reports = mkdtempSync(join(tmpdir(), 'cim9-bench-'));
const all: Figures[] = [];
const loadBefore = loadavg();
try {
  for (let i = 0; i < repeat; i++) {
    for (const p of profiles) {
      for (const f of faults.length ? faults : [undefined]) {
        const dir = join(reports, `run-${i}-${profiles.indexOf(p)}${f ? `-${f}` : ''}`);
        for (const w of workerCounts.length ? workerCounts : [undefined]) {
          const wdir = w === undefined ? dir : `${dir}-w${w}`;
          const fig = await run(`run ${p}${f ? ` --fault ${f}` : ''}${w === undefined ? '' : ` --workers ${w}`}`, ['run', '--profile', p, '--no-pdf', ...(f ? ['--fault', f] : []), ...(w === undefined ? [] : ['--workers', w]), '--reports', wdir]);
          fig.profile = p;
          if (f) fig.fault = f;
          if (w !== undefined) fig.workers = Number(w);
          else {
            // cim9 run's own default: the workers its messages name ('main' alone: one process)
            try {
              const spans = workerSpans(join(wdir, 'cucumber.ndjson'));
              fig.workers = spans.has('main') && spans.size === 1 ? 1 : spans.size;
            } catch {
              // no messages: the run failed before Cucumber started
            }
          }
          print(fig);
          printScenarios(wdir, fig);
          all.push(fig);
        }
      }
    }
    for (const p of profiles) {
      for (const k of scales.map(Number)) {
        const fig = await scaledRun(p, k, join(reports, `scale-${i}-${profiles.indexOf(p)}-x${k}`));
        print(fig);
        printScenarios(join(reports, `scale-${i}-${profiles.indexOf(p)}-x${k}`), fig);
        if (fig.scenarios) console.log(`  ×${k}: ${fig.scenarios} scenarios, ${(fig.wall / fig.scenarios).toFixed(3)} s wall per scenario${fig.startup !== undefined && fig.reports !== undefined ? `, ${(fig.cucumber! / fig.scenarios).toFixed(3)} s of Cucumber's run per scenario` : ''}`);
        all.push(fig);
      }
    }
    for (const f of mutants) {
      const fig = await run(`mutants --fault ${f} --no-combined --lanes 1`, ['mutants', '--fault', f, '--no-combined', '--lanes', '1', '--reports', join(reports, 'mutants')]);
      print(fig);
      all.push(fig);
    }
    const env = laneWorkers === undefined ? {} : { CIM9_LANE_WORKERS: laneWorkers };
    if (selftest) {
      const fig = await run(`selftest${laneWorkers === undefined ? '' : ` (CIM9_LANE_WORKERS=${laneWorkers})`}`, ['selftest'], env);
      print(fig);
      all.push(fig);
    }
  }
} finally {
  rmSync(reports, { recursive: true, force: true });
}
console.log(`bench: load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
emitJson('run', { loadBefore, loadAfter: loadavg(), runs: all });
