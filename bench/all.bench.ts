/**
 * `npm run bench`: every bench in one command, then one table of issue 18's "Done when" figures — target, measured,
 * ratio, met or not met — prints figures, it is not a test.
 *
 * The benches run one after the other, each in a process of its own (so that none disturbs another's time or memory):
 * run (the 2013 reference run as `npm run conformance` runs it), xml (XSD and the scenario path vs xmllint), eumed,
 * load (outage-storm vs raw undici, then the reference SUT), huge (huge legal replies), and on request `npm test` and
 * `npm run mutants`. Each writes its key figures as JSON (`--json FILE`, bench/emit.ts); the table is made from those
 * (bench/summary.ts), never from the prose, which is printed as the benches run.
 *
 *   npm run bench                            # every bench at its full size (tens of minutes on 2 cores)
 *   npm run bench -- --quick                 # small sizes, a look in a few minutes (not the Done-when figures)
 *   npm run bench -- --only xml,eumed        # some of them: run, xml, eumed, load, huge, test, mutants
 *   npm run bench -- --with-test --with-mutants   # also time `npm test` and `npm run mutants` (minutes each)
 *   options: --eumed-meters N (default 100, quick 3)  --load-meters N (default 10,000, quick 1,000)
 *            --out FILE (default bench-results.json)  --no-build (do not build dist/ first)
 *
 * The header gives the machine (cores, CPU model), Node, the load average before and after and the date; when a load
 * average is above the number of cores it says the machine was not quiet. Everything is also written to
 * bench-results.json (git-ignored); a bench-results.json already there is read first and its figures are shown beside
 * the new ones. xmllint (Debian's libxml2-utils) is installed when absent and this runs as root, else the bench says
 * how. Exit 0 when every bench gave its figures (met or not), 1 when one failed to, 2 on a bad option.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { repoPath } from '../src/paths.ts';
import { ensureXmllint } from './emit.ts';
import { BENCHES, parseBenchJson, planBenches, quietWarning, renderTable, summarize, tally, type BenchName, type Outcome, type Results, type Row } from './summary.ts';

const usage = (why: string): never => {
  console.error(`bench: ${why} (see bench/all.bench.ts)`);
  process.exit(2);
};

function options(): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        'with-test': { type: 'boolean', default: false },
        'with-mutants': { type: 'boolean', default: false },
        'eumed-meters': { type: 'string' },
        'load-meters': { type: 'string' },
        out: { type: 'string', default: 'bench-results.json' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    return usage((e as Error).message.split('\n')[0]!);
  }
}
const values = options();
if (values.help) {
  console.log(`npm run bench [-- options]: every bench, each in its own process, then the table of issue 18's targets
  --quick                  small sizes, a look (not the Done-when figures)
  --only a,b               some benches: ${BENCHES.join(', ')}
  --with-test              also time \`npm test\` (minutes)
  --with-mutants           also time \`npm run mutants\` (minutes)
  --eumed-meters N         meters of the EUMED bench (default 100, quick 3)
  --load-meters N          meters of the load bench (default 10000, quick 1000)
  --out FILE               the figures as JSON (default bench-results.json)
  --no-build               do not build dist/ first`);
  process.exit(0);
}
const whole = (name: string): number | undefined => {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[1-9]\d*$/.test(v)) usage(`--${name} must be a whole number ≥ 1`);
  return Number(v);
};
const only = typeof values.only === 'string' ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
for (const o of only ?? []) if (!(BENCHES as readonly string[]).includes(o)) usage(`--only ${o}: use ${BENCHES.join(', ')}`);
if (only && !only.length) usage('--only names no bench');
const quick = values.quick === true;
const plan = planBenches({
  quick,
  only: only as BenchName[] | undefined,
  withTest: values['with-test'] === true,
  withMutants: values['with-mutants'] === true,
  eumedMeters: whole('eumed-meters'),
  loadMeters: whole('load-meters'),
});
const outFile = resolve(repoPath(), String(values.out));

const cpus = os.cpus();
const cores = cpus.length;
const load1 = () => os.loadavg()[0]!;
const loads = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const machine = { cores, cpuModel: cpus[0]?.model ?? '?', platform: `${os.platform()} ${os.release()}`, memoryGib: os.totalmem() / 2 ** 30 };
const date = new Date().toISOString();
const loadBefore = os.loadavg();
const loadSamples: { when: string; load: number }[] = [{ when: 'before', load: loadBefore[0]! }];

const header = (after?: number[]) => [
  `bench: ${date}; ${cores} cores (${machine.cpuModel}), ${machine.platform}, ${machine.memoryGib.toFixed(1)} GiB; Node ${process.version}`,
  `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}${after ? `, after ${after.map((l) => l.toFixed(2)).join(' ')}` : ''} (1, 5, 15 min)`,
  ...(quick ? ['QUICK: small sizes (--quick), a look at the figures; the verdicts are not the Done-when figures'] : []),
];
for (const l of header()) console.log(l);
const early = quietWarning(loadSamples, cores);
if (early) console.log(early);
console.log(`benches: ${plan.map((b) => b.name).join(', ')}\n`);

// the runs use the build when it matches the sources, as a user's and CI's do (bin/cim9.js)
if (values['no-build'] !== true && plan.some((b) => b.name === 'run' || b.name === 'huge')) {
  await new Promise<void>((res) => spawn(process.execPath, ['bin/build.js', '--if-stale', '--soft'], { cwd: repoPath(), stdio: 'inherit' }).on('close', () => res()));
}
let xmllintProblem: string | undefined;
if (plan.some((b) => b.name === 'xml')) {
  xmllintProblem = ensureXmllint();
  if (xmllintProblem) console.log(xmllintProblem);
}

const work = mkdtempSync(join(os.tmpdir(), 'cim9-bench-all-'));
const results: Results = {};
const benches: Record<string, Outcome & { command: string; what: string; loadBefore: number[]; loadAfter: number[] }> = {};
try {
  for (const b of plan) {
    const jsonPath = join(work, `${b.name}.json`);
    const withJson = b.command[0] === 'node';
    const argv = withJson ? [...b.command.slice(1), '--json', jsonPath] : b.command.slice(1);
    const cmd = withJson ? process.execPath : b.command[0]!;
    const shown = b.command.join(' ');
    const lb = os.loadavg();
    console.log(`\n==== ${b.name}: ${b.what}\n==== ${shown}   (load average ${loads()})`);
    const t0 = performance.now();
    const exit = await new Promise<number | null>((res) => {
      const child = spawn(cmd, argv, { cwd: repoPath(), stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', (e) => {
        console.log(`bench ${b.name}: ${e.message}`);
        res(127);
      });
      child.on('close', (code) => res(code));
    });
    const wall = (performance.now() - t0) / 1000;
    const outcome: Outcome = { exit, wall };
    if (withJson) {
      const parsed = parseBenchJson(b.name, existsSync(jsonPath) ? readFileSync(jsonPath, 'utf8') : undefined);
      if (parsed.ok) outcome.json = parsed.json;
      else outcome.problem = parsed.problem;
    }
    results[b.name] = outcome;
    const la = os.loadavg();
    loadSamples.push({ when: `after ${b.name}`, load: la[0]! });
    benches[b.name] = { ...outcome, command: shown, what: b.what, loadBefore: lb, loadAfter: la };
    console.log(`==== ${b.name}: exit ${exit}, ${wall.toFixed(1)} s${outcome.problem ? `; ${outcome.problem}` : ''}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const loadAfter = os.loadavg();
const rows = summarize(results);
let previous: { date: string; rows: Row[] } | undefined;
try {
  const p = JSON.parse(readFileSync(outFile, 'utf8')) as { cim9Bench?: number; date?: string; rows?: Row[] };
  if (p.cim9Bench === 1 && Array.isArray(p.rows) && typeof p.date === 'string') previous = { date: p.date, rows: p.rows };
} catch {
  // no earlier results, or not ours: nothing to compare with
}

const warning = quietWarning(loadSamples, cores);
console.log('\n');
for (const l of header(loadAfter)) console.log(l);
if (warning) console.log(warning);
console.log('');
for (const l of renderTable(rows, quick, previous)) console.log(l);
console.log('');
console.log(tally(rows));
if (warning) console.log(warning);

writeFileSync(
  outFile,
  `${JSON.stringify(
    { cim9Bench: 1, date, machine, node: process.version, loadBefore, loadAfter, loadSamples, quiet: !warning, quick, options: process.argv.slice(2), xmllint: xmllintProblem ?? 'present', benches, rows },
    null,
    1,
  )}\n`,
);
console.log(`figures written to ${outFile}`);
const failed = plan.filter((b) => {
  const o = results[b.name];
  return !o || (b.command[0] === 'node' ? !o.json : o.exit !== 0);
});
if (failed.length) console.log(`no figures from: ${failed.map((b) => b.name).join(', ')}`);
process.exitCode = failed.length ? 1 : 0;
