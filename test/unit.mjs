/**
 * `npm run unit`: every test/*.test.ts, two processes at a time, with the compact reporter (test/reporter.mjs).
 *
 * Node's runner starts one process per test file, and each process pays Node's start, the TypeScript loader (tsx)
 * and the loading of the modules it imports through that loader: about a second of CPU before the first test runs,
 * more than many files spend on their tests. So the files that test modules in-process share a process with other
 * such files (a "batch": a generated module that imports them one after the other; their tests run one after the
 * other as they do alone, failures still name the test file and line). A file stays alone when it starts child
 * processes (the CLI as a user starts it, real runs, npm, tsc) or when it is listed in ALONE below; new files are
 * batched unless they match.
 *
 * A batched file must leave the process as it found it only once its own tests are done: module-level caches and
 * clients shared by every file (clearSchemaPackCache, closeAllClients) are released in a top-level `after`, which runs
 * when the batch ends, never in a describe's `after` or in a test, which would pull them from under the next file.
 *
 * The longest pieces start first, so that the two runners stay busy until the end.
 * `npm run unit:tap` runs every file in its own process, as Node does by default (for tooling, or to check that a
 * failure is not an effect of batching).
 * Use: CIM9_PDF=0 node --import tsx test/unit.mjs [--batches N] [--plan] [--times] [file.test.ts ...]
 * (--plan prints the processes and their estimated seconds in the order they start, and runs nothing; --times prints,
 * after the run, the seconds of each test file's top-level tests, longest first, to see where the time goes)
 */
import { run } from 'node:test';
import { readdirSync, readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import compact from './reporter.mjs';

const TEST_DIR = fileURLToPath(new URL('.', import.meta.url));

/** files run in a process of their own although nothing in their text says so (long or heavy set-ups) */
const ALONE = new Set([]);

/**
 * Rough seconds a file takes on a 2-core machine, for the files that take long (`--times`, 2026-12-05, load 6-12; the
 * order only: a wrong figure costs time, never a result). Any other file is estimated from its size.
 */
const SECONDS = {
  'read-schedules.test.ts': 57, // schedules firing every second, watched in real time; a child process
  'package.test.ts': 46, // a tsc build, then the built CLI twice
  'load-control.test.ts': 20, // control windows in real time
  'cli-interrupt.test.ts': 19,
  'no-color.test.ts': 15, // two runs side by side
  'installation.test.ts': 13,
  'pointing.test.ts': 12,
  'hostile-report.test.ts': 11,
  'cli-main.test.ts': 10,
  'simulator.test.ts': 9,
  'negative.test.ts': 6, // every mutation site of three schema packs
  'switching.test.ts': 6,
  'validate.test.ts': 6,
  'report-agree.test.ts': 6, // a run of three features with --retry 1 --fail-fast, in-process
  'mutants.test.ts': 6,
  'overlay.test.ts': 6,
};
const estimate = (file, size) => SECONDS[basename(file)] ?? 1 + size / 8000;

/**
 * what in a file's text makes it a test of processes: it starts a child (the CLI, npm, tsc, a browser through
 * execFile) and mostly waits for it. A file that changes the environment or calls the CLI in-process
 * (runCim9InProcess) is batched: the tests of a process run one after the other, and each restores what it changed.
 */
const PROCESS_BOUND = /\b(spawn|spawnSync|execFile|execFileSync|fork|runCim9|process\.kill)\(/;

/**
 * what makes a file load the step definitions (Cucumber's loadSupport of steps/): their modules are then cached in the
 * process, and a later in-process run of the batch (runCim9InProcess) would load no step definition ("no step
 * definitions were loaded"); such a file runs alone
 */
const LOADS_STEPS = /\bloadSupport\(/;

const args = process.argv.slice(2);
let batches = 6;
let plan = false;
let times = false;
const picked = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--batches') batches = Math.max(1, Number(args[++i]) || 1);
  else if (args[i] === '--plan') plan = true;
  else if (args[i] === '--times') times = true;
  else picked.push(resolve(args[i]));
}
const files = picked.length ? picked : readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(TEST_DIR, f));

const alone = [];
const batchable = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  (ALONE.has(basename(f)) || PROCESS_BOUND.test(text) || LOADS_STEPS.test(text) ? alone : batchable).push({ file: f, weight: estimate(f, text.length) });
}

// the batchable files into `batches` groups of about equal size (largest first onto the lightest group)
const groups = Array.from({ length: Math.min(batches, batchable.length) }, () => ({ files: [], weight: 0 }));
for (const f of [...batchable].sort((a, b) => b.weight - a.weight)) {
  const g = groups.reduce((a, b) => (b.weight < a.weight ? b : a));
  g.files.push(f.file);
  g.weight += f.weight;
}

const dir = mkdtempSync(join(tmpdir(), 'cim9-unit-'));
/** test file → the batch module that runs it (the reporter shows that process's stderr beside a failure) */
const batchOf = new Map();
const batchFiles = groups.map((g, i) => {
  const file = join(dir, `batch-${i + 1}.test.mjs`);
  // one after the other, in name order, as a reader would expect; each import runs the file's module body
  const sorted = [...g.files].sort();
  writeFileSync(file, sorted.map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};\n`).join(''));
  for (const f of sorted) batchOf.set(f, file);
  return { file, weight: g.weight };
});

// longest first, so that the two runners end together
const queue = [...alone, ...batchFiles].sort((a, b) => b.weight - a.weight).map((x) => x.file);
// --plan: what would run, in which process, in that order; nothing runs
if (plan) {
  const files = new Map(groups.map((g, i) => [batchFiles[i].file, g.files]));
  for (const x of [...alone, ...batchFiles].sort((a, b) => b.weight - a.weight)) {
    console.log(`${x.weight.toFixed(1).padStart(6)} s  ${files.has(x.file) ? `${basename(x.file)}: ${files.get(x.file).map((f) => basename(f)).join(' ')}` : basename(x.file)}`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

let failed = false;
const started = Date.now();
/** --times: test file → seconds of its top-level tests (suites and tests at nesting 0) */
const seconds = new Map();
const timed = (data) => {
  if (times && data.nesting === 0 && data.file && typeof data.details?.duration_ms === 'number') seconds.set(data.file, (seconds.get(data.file) ?? 0) + data.details.duration_ms / 1000);
};
const stream = run({ files: queue, concurrency: 2 });
stream.on('test:pass', timed);
stream.on('test:fail', (data) => {
  timed(data);
  if (data.details?.error?.failureType !== 'subtestsFailed') failed = true;
});
try {
  for await (const chunk of compact(stream, { processOf: (file) => batchOf.get(file) ?? file })) process.stdout.write(chunk);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (times) {
  // a batch's own entry (its module) holds the files it imported: list the test files themselves
  const rows = [...seconds].filter(([f]) => !batchFiles.some((b) => b.file === f)).sort((a, b) => b[1] - a[1]);
  console.log(`\nseconds per test file (its top-level tests; ${((Date.now() - started) / 1000).toFixed(1)} s wall in all):`);
  for (const [f, s] of rows) console.log(`${s.toFixed(1).padStart(7)} s  ${basename(f)}${batchOf.has(f) ? `  (${basename(batchOf.get(f))})` : ''}`);
}
process.exitCode = failed ? 1 : 0;
