/**
 * Cucumber in this process (`cim9 run`, and the lane workers of `cim9 selftest` / `cim9 mutants`,
 * src/cli/lane-worker.ts): Cucumber's programmatic API, loadConfiguration then runCucumber, as the Cucumber child
 * (src/cli/cucumber-child.ts) runs it, without a second Node process.
 *
 * The support code (steps/, its hooks and World) is loaded once per process and handed to every later run: an ES
 * module is evaluated once, so loading it again would give an empty library. The step time limit, which the hooks
 * read from CIM9_STEP_TIMEOUT_MS when they are loaded, is set on each run's copy of the library instead.
 *
 * The session reads what a run is about (profile, faults, assumptions, reports folder, the embedded SUT's addresses)
 * from the environment when its first scenario starts (src/session/run.ts); here those variables are set in this
 * process's environment for the run and restored after it, so one process runs one run at a time.
 *
 * With --parallel N (cim9 run --workers N against the embedded reference SUT) Cucumber's coordinator runs here too —
 * the formatters, the Gherkin parse, the hand-out of scenarios — and only its N workers are processes of their own
 * (Cucumber forks them; they load the support code themselves). From the sources (tsx) the workers are given the tsx
 * loader through NODE_OPTIONS when this process was not started with it; the build needs none, and its workers import
 * the build's one-file bundle of the support code when there is one (src/cli/worker-bundle.ts).
 */
import { loadConfiguration, loadSupport, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { workerBundleFor } from './worker-bundle.ts';

/** the library is a marker type in Cucumber's API; these fields of it are read and set here */
type Library = ISupportCodeLibrary & { stepDefinitions: readonly unknown[]; defaultTimeout: number; originalCoordinates: { importPaths: readonly string[] } };

let library: { glob: string; support: Library } | undefined;
let busy = false;

/** set `vars` in process.env; returns what puts the old values back */
function setEnv(vars: Readonly<Record<string, string>>): () => void {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(vars)) process.env[k] = v;
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export class CucumberSetupError extends Error {}

/**
 * Run Cucumber here with the argv `cim9 run` would give its child (CIM9_CUCUMBER_ARGV) and the child's environment
 * variables. `stepsGlob` is the --import of the argv (the support code: loaded on the first run of the process).
 * Exit code as the child's: 0 every scenario passed, 1 one did not; a configuration Cucumber cannot run throws.
 */
export async function runCucumberHere(
  argv: readonly string[],
  o: { cwd: string; env: Readonly<Record<string, string>>; stepsGlob: string; stepTimeoutMs: number; /** the workers load TypeScript (a checkout run from the sources) */ workersNeedTsx?: boolean },
): Promise<number> {
  if (busy) throw new CucumberSetupError('a Cucumber run is already under way in this process');
  busy = true;
  const restore = setEnv({ ...o.env, CIM9_STEP_TIMEOUT_MS: String(o.stepTimeoutMs) });
  try {
    const { runConfiguration } = await loadConfiguration({ file: false, provided: [...argv] }, { cwd: o.cwd });
    if (library && library.glob !== o.stepsGlob) throw new CucumberSetupError(`the support code of this process is ${library.glob}, not ${o.stepsGlob}`);
    if (!library) {
      const support = (await loadSupport(runConfiguration, { cwd: o.cwd })) as Library;
      // a process whose modules were loaded before this (steps imported by something else) would get no definitions
      if (support.stepDefinitions.length === 0) throw new CucumberSetupError(`no step definitions were loaded from ${o.stepsGlob}`);
      library = { glob: o.stepsGlob, support };
    }
    // the workers of a run from the build import its one-file bundle of the support code (src/cli/worker-bundle.ts)
    // when it holds the files loaded here; Cucumber hands them `originalCoordinates`
    const coordinates = library.support.originalCoordinates;
    const bundle = runConfiguration.runtime.parallel > 0 && !o.workersNeedTsx ? workerBundleFor(coordinates.importPaths) : undefined;
    const support: Library = { ...library.support, defaultTimeout: o.stepTimeoutMs, ...(bundle ? { originalCoordinates: { ...coordinates, importPaths: [bundle] } } : {}) };
    // the workers' environment (Cucumber forks them with it); the tsx loader for a run from the sources
    const env: Record<string, string | undefined> = { ...process.env };
    if (runConfiguration.runtime.parallel > 0 && o.workersNeedTsx && !hasTsx(process.execArgv) && !hasTsx((env.NODE_OPTIONS ?? '').split(/\s+/))) {
      env.NODE_OPTIONS = `${env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ` : ''}--import tsx`;
    }
    // the workers' WebAssembly (libxml2) without V8's re-compilation of hot functions (WORKER_V8_IMPORT)
    if (runConfiguration.runtime.parallel > 0 && env[WORKER_LIFTOFF_ENV] !== '0') {
      env.NODE_OPTIONS = `${env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ` : ''}--import=${WORKER_V8_IMPORT}`;
    }
    const { success } = await runCucumber({ ...runConfiguration, support }, { cwd: o.cwd, env });
    return success ? 0 : 1;
  } finally {
    restore();
    busy = false;
  }
}

/** CIM9_WORKER_LIFTOFF=0: the Cucumber workers keep V8's default compilation of WebAssembly */
export const WORKER_LIFTOFF_ENV = 'CIM9_WORKER_LIFTOFF';

/**
 * What each Cucumber worker loads first (NODE_OPTIONS --import, before its run_worker and so before libxml2-wasm
 * compiles its WebAssembly module): V8's `--liftoff-only`. The worker runs libxml2's code as V8's baseline compiler
 * (Liftoff) makes it, and V8 does not compile its hot functions again with its optimising compiler (TurboFan) in
 * background threads. A data: URL, so that it needs no file and no loader (a run from the sources gives its workers
 * tsx in process.execArgv, which Node applies after NODE_OPTIONS).
 *
 * Measured on Node 20 (docs/performance.md, "A Cucumber worker's start-up"): the first compile of a schema pack took
 * 0.17-0.24 s of CPU with the re-compilation, 0.05 s without; the next validations of small messages cost the same
 * either way (300 validations + reads: 35-41 ms against 40-41 ms), an 8 MiB message 51 ms instead of 29 ms. A worker
 * is short-lived and its messages small, so the re-compilation cost more than it saved. The CLI's own process (the
 * reference SUTs, `cim9 load`, the benches) keeps V8's default.
 */
export const WORKER_V8_IMPORT = 'data:text/javascript,import{setFlagsFromString}from%22node:v8%22;setFlagsFromString(%22--liftoff-only%22)';

/** whether node options (process.execArgv, NODE_OPTIONS) load tsx: `--import tsx`, `--import=tsx`, `--loader tsx` */
function hasTsx(options: readonly string[]): boolean {
  return options.some((a, i) => /^--(import|loader|experimental-loader)=tsx(\/|$)/.test(a) || (/^--(import|loader|experimental-loader)$/.test(a) && /^tsx(\/|$)/.test(options[i + 1] ?? '')));
}
