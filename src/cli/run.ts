/**
 * `cim9 run`: validate the profile, plan which scenarios apply (role × edition × the PICS), run
 * Cucumber with the suite's formatters, then write the conformance statement from the scenario records.
 * Cucumber's own options and feature paths pass through unchanged.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { accessSync, constants, mkdirSync, rmSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { createServer } from 'node:net';
import { loadProfile, locateField, ProfileError, PROFILE_PARSED_ENV, PROFILE_VALID_ENV, schemaValidProfiles, writeParsedProfiles, type Profile } from '../profile/index.ts';
import { checkFaultIds, FAULTS } from '../../simulator/faults/catalogue.ts';
import { BUILT, CODE_ROOT, REPO_ROOT } from '../paths.ts';
import { picklesWithTags, planScenarios, type Plan } from './plan.ts';
import { runEnvProblem } from './env-check.ts';
import { checkProfileSchemas } from '../profile/schemas-folder.ts';
import { plannedPickles } from './sources.ts';
import { writeConformanceReport } from '../report/conformance.ts';
import { writeRunEvidence } from '../report/evidence.ts';
import { flushGatheredFormatters } from '../report/buffered-formatters.ts';
import { writeRunStatementHtml } from '../report/statement-html.ts';
import { printStatementPdf } from '../report/browser.ts';
import { newRunId, pointLatest } from '../report/runs.ts';
import { terminal } from '../report/escape.ts';
import { describeEmbeddedSut, describeEmbeddedSuts, EMBEDDED_SUT_ENV } from '../session/embedded.ts';
import { scenarios as compiledScenarios } from '../session/scenarios.ts';
import { requirementCatalogue, requirementsJson, statementCatalogue } from './requirements.ts';
import { REQUIREMENTS_FILE } from '../report/evidence.ts';
import { INTERRUPT_FILE_ENV, interruptedBy, shareInterruptWith, stopGracefullyOn, stoppedNow, whenStoppedNow } from '../session/interrupt.ts';
import { scenarioTimesFile } from './scenario-order.ts';
import { runCucumberHere } from './cucumber-here.ts';
import { checkProfileFaults, startReferenceSut, type ReferenceSut } from './embedded.ts';
import { addressBlock, checkPublicUrl, unreachableEndpoints } from './preflight.ts';
import { certificationRefusal, knownScenarioIds, parseAssume, runPins } from './run-mode.ts';
import { loadWaivers, type WaiverLedger } from '../profile/waivers.ts';
import { applyOverlay, loadOverlay, type Overlay } from '../profile/overlay.ts';
import { attestationRows, missingAttestations } from '../report/attestations.ts';
import { checkPicsElements } from '../profile/pics-elements.ts';

export interface RunArgs {
  profile?: string;
  faults: string[];
  /** everything else, passed to Cucumber unchanged */
  passthrough: string[];
  reportsDir?: string;
  /** -q / --quiet: no progress, no addresses; the final summary lines only */
  quiet?: boolean;
  /** -v / --verbose: Cucumber's pretty formatter (every step) instead of a line per scenario */
  verbose?: boolean;
  /** --no-pdf (or CIM9_PDF=0): no conformance.pdf (the self-test's and mutation run's child runs) */
  noPdf?: boolean;
  /** go on when an endpoint of the SUT cannot be reached before the run (--skip-reachability) */
  skipReachability?: boolean;
  /** --help / -h: cim9 run's own help; nothing else happens */
  help?: boolean;
  /** --dry-run / -d: list the scenarios that would run and those not applicable; nothing runs, no report */
  dryRun?: boolean;
  /** --certification: a certification run (as `strict: true` in the profile; src/cli/run-mode.ts) */
  certification?: boolean;
  /** --assume ID=VALUE overrides of the assumption register (development runs only) */
  assume?: string[];
  /** --overlay FILE: a utility's overlay on the profile (src/profile/overlay.ts; development runs only) */
  overlay?: string;
  /** --overlay-exit N: the exit code of a run whose overlay is not met (or not checked) while base conformance passed (default 1; 0: reported only) */
  overlayExit?: number;
  /** --workers N: N Cucumber workers when the SUT is the embedded reference SUT (each with its own); one process for a system under test */
  workers?: number;
}

export class UsageError extends Error {}

/** cim9's progress formatter, beside this module in src/ (or its build): the same extension as this file */
const PROGRESS_FORMATTER = fileURLToPath(new URL(`../report/progress${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
/**
 * Cucumber's html and message formatters with their writes gathered (src/report/buffered-formatters.ts): the same
 * bytes in cucumber.html and cucumber.ndjson, in far fewer writes. Quoted for Cucumber's --format ("module":"file").
 */
const HTML_FORMATTER = fileURLToPath(new URL(`../report/cucumber-html${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
const MESSAGE_FORMATTER = fileURLToPath(new URL(`../report/cucumber-message${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** `"module":"file"` for Cucumber's --format; Cucumber's own formatter (`builtin:file`) where a path holds a double quote */
export function gatheredFormat(module: string, builtin: 'html' | 'message', file: string): string {
  return module.includes('"') || file.includes('"') ? `${builtin}:${file}` : `"${module}":"${file}"`;
}
/** the Cucumber plugin that orders the scenarios for the workers (src/cli/scenario-order.ts), the same way */
const ORDER_PLUGIN = pathToFileURL(fileURLToPath(new URL(`./scenario-order${extname(fileURLToPath(import.meta.url))}`, import.meta.url))).href;

/**
 * The workers of a run against the embedded reference SUT when neither --workers nor --parallel says: a run mostly
 * waits on the clock in a few scenarios (schedules, control windows) while the others work, so with enough scenarios
 * to share, three times the cores from two cores on (twice on one core; at most 6; one SUT and one listener per
 * worker) overlap the waits with the work: on 2 cores a quiet 2013 reference run took 9.7-10.3 s with 4 workers,
 * 8.5-9.2 s with 6, 9.9 s with 8 (docs/performance.md). A machine already busy gets fewer: twice the cores (at most 4)
 * at a load average of twice the cores or more, 2 at four times the cores or more. A small
 * selection (a targeted run) stays one process: starting workers would cost more than they save. CIM9_WORKERS=N sets
 * the default (1: one process).
 */
export const MIN_SCENARIOS_FOR_WORKERS = 40;
export const MAX_DEFAULT_WORKERS = 6;
export function defaultWorkers(selected: number, env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism(), load: number = loadavg()[0] ?? 0): number {
  const v = env['CIM9_WORKERS'];
  if (v !== undefined && /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 16) return Number(v);
  if (selected < MIN_SCENARIOS_FOR_WORKERS) return 1;
  // a machine already busy gets fewer: four workers on two cores at load 16-21 delayed a schedule's read past its
  // tolerance in 2 of 6 clean runs (docs/performance.md, "Workers by default"); six on two cores with both cores taken
  // by other processes (load 3-5) passed 5 of 5, in 12.7-13.2 s (a run's own workers raise the 1-minute load average
  // to about 3 on 2 cores: the run after it must not drop to 2 workers for that)
  const most = load >= 4 * cores ? 2 : load >= 2 * cores ? Math.min(4, 2 * cores) : (cores >= 2 ? 3 : 2) * cores;
  return Math.max(1, Math.min(most, MAX_DEFAULT_WORKERS, Math.floor(selected / 20)));
}

/** split cim9's own options from Cucumber's */
export function parseRunArgs(argv: string[]): RunArgs {
  const out: RunArgs = { faults: [], passthrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const take = (name: string): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    /** a file or folder option given as --x= or --x "": never the current folder by accident */
    const named = (name: string, v: string): string => {
      if (!v.trim()) throw new UsageError(`${name} needs a value, not an empty string`);
      return v;
    };
    if (a === '--profile') out.profile = named('--profile', take('--profile'));
    else if (a.startsWith('--profile=')) out.profile = named('--profile', a.slice('--profile='.length));
    else if (a === '--fault') out.faults.push(...take('--fault').split(','));
    else if (a.startsWith('--fault=')) out.faults.push(...a.slice('--fault='.length).split(','));
    else if (a === '--skip-reachability') out.skipReachability = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--dry-run' || a === '-d') out.dryRun = true;
    else if (a === '--quiet' || a === '-q') out.quiet = true;
    else if (a === '--verbose' || a === '-v') out.verbose = true;
    else if (a === '--no-pdf') out.noPdf = true;
    else if (a === '--certification') out.certification = true;
    else if (a === '--assume') (out.assume ??= []).push(take('--assume'));
    else if (a.startsWith('--assume=')) (out.assume ??= []).push(a.slice('--assume='.length));
    else if (a === '--overlay') out.overlay = named('--overlay', take('--overlay'));
    else if (a.startsWith('--overlay=')) out.overlay = named('--overlay', a.slice('--overlay='.length));
    else if (a === '--overlay-exit' || a.startsWith('--overlay-exit=')) {
      const v = a === '--overlay-exit' ? take('--overlay-exit') : a.slice('--overlay-exit='.length);
      const n = /^\d{1,3}$/.test(v) ? Number(v) : NaN;
      if (!(n === 0 || n === 1 || (n >= 4 && n <= 125))) throw new UsageError(`--overlay-exit ${v}: the exit code of a run whose overlay is not met is 0 (report it only), 1 (the default) or one of 4-125 (2 and 3 are cim9's own)`);
      out.overlayExit = n;
    } else if (a === '--workers' || a.startsWith('--workers=')) {
      const v = a === '--workers' ? take('--workers') : a.slice('--workers='.length);
      const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= 16)) throw new UsageError(`--workers ${v}: the number of Cucumber workers against the embedded reference SUT is 1 to 16`);
      out.workers = n;
    } else if (a === '--reports') out.reportsDir = named('--reports', take('--reports'));
    else if (a.startsWith('--reports=')) out.reportsDir = named('--reports', a.slice('--reports='.length));
    else out.passthrough.push(a);
  }
  out.faults = out.faults.map((f) => f.trim()).filter(Boolean);
  return out;
}

/** the part of the configuration Cucumber's argv parser returns that cim9 checks */
type CucumberConfiguration = { paths?: string[]; tags?: string; name?: string[]; parallel?: number; format?: string[]; order?: string; language?: string; retryTagFilter?: string; import?: string[]; require?: string[]; requireModule?: string[]; loader?: string[]; plugin?: string[]; retry?: number; shard?: string; worldParameters?: unknown; strict?: boolean };

/** Cucumber's options as its own command line reads them (its argv parser: no list of its options kept here) */
export interface CucumberArgs {
  paths: string[];
  tags?: string;
  names: string[];
  parallel: number;
  /**
   * the Cucumber options given that load code into the suite or change what it runs or how it judges (--import,
   * --require, --require-module, --loader, --plugin, --retry, --shard, --world-parameters, --no-strict, --config, -p):
   * a certification run refuses them
   */
  judging?: string[];
}

/**
 * Read the options cim9 passes to Cucumber with Cucumber's own argv parser, so that an option it does not know, or
 * one without its value, is a usage error here (one line, exit 2) before anything runs or any report is touched.
 * Its parser (commander) reports an error by writing it and calling process.exit: both are caught for the call.
 */
export function parseCucumberArgs(args: string[]): CucumberArgs {
  const require = createRequire(import.meta.url);
  const { default: ArgvParser } = require('@cucumber/cucumber/lib/configuration/argv_parser') as {
    default: { parse(argv: string[]): { options: { config?: string; profile?: string[] }; configuration: CucumberConfiguration } };
  };
  const write = process.stdout.write;
  const writeErr = process.stderr.write;
  const exit = process.exit;
  let said = '';
  const keep = ((chunk: string | Uint8Array) => {
    said += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = keep;
  process.stderr.write = keep;
  process.exit = ((code?: number) => {
    const line = said.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
    throw new UsageError(code === 0 ? `-v/--version is not an option of cim9 run: cim9 --version prints the version` : `${line || `bad Cucumber option in ${args.join(' ')}`} (cim9 run --help lists the options)`);
  }) as typeof process.exit;
  let configuration: CucumberConfiguration;
  let options: { config?: string; profile?: string[] };
  try {
    ({ configuration, options } = ArgvParser.parse(['node', 'cucumber-js', ...args]));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // a value its own check refused (--parallel x, --retry -1, --language xx)
    throw new UsageError(`${e instanceof Error ? e.message : String(e)} (cim9 run --help lists the options)`);
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exit = exit;
  }
  if (configuration.tags) {
    try {
      parseTagExpression(configuration.tags);
    } catch (e) {
      throw new UsageError(`--tags ${unwrapTags(configuration.tags)}: not a tag expression: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
  }
  // --name is a regular expression (Cucumber compiles it when it filters: a bad one was an internal error there)
  for (const n of configuration.name ?? []) {
    try {
      new RegExp(n);
    } catch (e) {
      throw new UsageError(`--name ${n}: not a regular expression: ${(e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '')}`);
    }
  }
  // what Cucumber itself checks only once it runs (exit 3 "Cucumber could not run" after the set-up): here, exit 2
  if (configuration.order !== undefined && !/^(defined|reverse|random(:.+)?)$/.test(configuration.order))
    throw new UsageError(`--order ${configuration.order}: use defined, reverse, random or random:<seed>`);
  if (configuration.language !== undefined) {
    const { dialects } = require('@cucumber/gherkin') as { dialects: Record<string, unknown> };
    if (!(configuration.language in dialects)) throw new UsageError(`--language ${configuration.language}: not a Gherkin language (cucumber-js --i18n-languages lists them; the suite's features are in English, en)`);
  }
  if (configuration.retryTagFilter) {
    try {
      parseTagExpression(configuration.retryTagFilter);
    } catch (e) {
      throw new UsageError(`--retry-tag-filter ${unwrapTags(configuration.retryTagFilter)}: not a tag expression: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
  }
  for (const f of configuration.format ?? []) {
    const problem = formatterProblem(f, require);
    if (problem) throw new UsageError(problem);
  }
  const support = supportFilesProblem(configuration, require);
  if (support) throw new UsageError(support);
  // what would change how a certification run judges or what it runs (src/cli/run-mode.ts certificationRefusal)
  const judging = [
    configuration.import !== undefined && '--import',
    configuration.require !== undefined && '--require',
    configuration.requireModule !== undefined && '--require-module',
    configuration.loader !== undefined && '--loader',
    configuration.plugin !== undefined && '--plugin',
    (configuration.retry ?? 0) > 0 && '--retry',
    configuration.shard !== undefined && '--shard',
    configuration.worldParameters !== undefined && '--world-parameters',
    configuration.strict === false && '--no-strict',
    options.config !== undefined && '--config',
    (options.profile ?? []).length > 0 && '-p (a Cucumber profile)',
  ].filter((x): x is string => !!x);
  return { paths: configuration.paths ?? [], tags: configuration.tags, names: configuration.name ?? [], parallel: configuration.parallel ?? 1, judging };
}

/**
 * An --import / --require that names no file (Cucumber expands each as a glob from its working directory, the suite's
 * folder, and loads whatever matches: a typo loaded nothing and the run went on without the user's code), or a
 * --require-module / --loader naming no module: one line naming the option and the value, before anything runs.
 */
export function supportFilesProblem(configuration: { import?: string[] | string; require?: string[] | string; requireModule?: string[] | string; loader?: string[] | string }, require: NodeJS.Require): string | undefined {
  // the glob Cucumber itself expands them with (a dependency of @cucumber/cucumber)
  const { globSync } = createRequire(require.resolve('@cucumber/cucumber'))('glob') as { globSync(pattern: string, o: { cwd: string; windowsPathsNoEscape: boolean }): string[] };
  // an empty value comes back as a bare string (Cucumber's parser keeps no list for it)
  const list = (v: string[] | string | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const option of ['import', 'require'] as const) {
    for (const value of list(configuration[option])) {
      if (value.trim() === '') return `--${option}: an empty value names no file`;
      let matches: string[];
      try {
        matches = globSync(value, { cwd: REPO_ROOT, windowsPathsNoEscape: true });
      } catch (e) {
        return `--${option} ${value}: not a path or glob pattern: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
      }
      if (!matches.length) return `--${option} ${value}: no file matches it (Cucumber reads it from the suite's folder ${REPO_ROOT}; give an absolute path for a file elsewhere)`;
    }
  }
  for (const [option, values] of [['require-module', configuration.requireModule], ['loader', configuration.loader]] as const) {
    for (const value of list(values)) {
      if (value.trim() === '') return `--${option}: an empty value names no module`;
      const bad = `--${option} ${value}: no module of that name resolves from the suite's folder ${REPO_ROOT}`;
      if (value.startsWith('.') || value.startsWith('/') || value.startsWith('file://')) {
        if (!existsSync(value.startsWith('file://') ? fileURLToPath(value) : resolve(REPO_ROOT, value))) return bad;
        continue;
      }
      try {
        require.resolve(value, { paths: [REPO_ROOT] });
      } catch (e) {
        // a package that exports only for import still exists
        if ((e as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return bad;
      }
    }
  }
  return undefined;
}

/** Cucumber's own formatters (@cucumber/cucumber lib/formatter/builtin) */
const CUCUMBER_FORMATTERS = ['html', 'junit', 'pretty', 'message', 'json', 'progress', 'progress-bar', 'rerun', 'snippets', 'summary', 'usage', 'usage-json'];

/**
 * A --format whose formatter Cucumber cannot import (a typo): one line before anything runs, not "Cucumber could not
 * run" (exit 3) after the set-up. TYPE[:PATH]: one of Cucumber's, a file (./…, /…, file://…) that exists, or a module
 * that resolves from the suite's folder (where Cucumber imports it).
 */
function formatterProblem(value: string, require: NodeJS.Require): string | undefined {
  const type = value.startsWith('file://') ? value.replace(/^(file:\/\/[^:]*).*$/, '$1') : value.replace(/^(\.{0,2}\/?[^:]*).*$/, '$1');
  if (CUCUMBER_FORMATTERS.includes(type)) return undefined;
  const bad = `--format ${value}: no formatter ${type} (Cucumber's: ${CUCUMBER_FORMATTERS.join(', ')}; or a formatter module's path)`;
  if (type.startsWith('.') || type.startsWith('/') || type.startsWith('file://')) return existsSync(type.startsWith('file://') ? fileURLToPath(type) : resolve(REPO_ROOT, type)) ? undefined : bad;
  try {
    require.resolve(type, { paths: [REPO_ROOT] });
    return undefined;
  } catch (e) {
    // a package that exports only for import still exists
    return (e as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' ? undefined : bad;
  }
}

/** Cucumber's parser wraps each --tags in parentheses: the expression as the user wrote it */
function unwrapTags(tags: string): string {
  return tags.replace(/^\((.*)\)$/, '$1');
}

/**
 * A feature path of the user's that names nothing (a typo) or a file that cannot be read: one line naming it, rather
 * than "no scenario matches". Paths are the suite's (relative to its folder, as Cucumber reads them) or absolute; a
 * glob and a `:line` suffix are left to Cucumber.
 */
export function featurePathProblem(paths: readonly string[], root: string = REPO_ROOT): string | undefined {
  for (const p of paths) {
    const file = p.replace(/(:\d+)+$/, '');
    if (/[*?[\]{}]/.test(file)) continue;
    const full = resolve(root, file);
    let st;
    try {
      st = statSync(full);
    } catch {
      return `feature path ${p}: no such file or folder (${full}; feature paths are the suite's, features/..., or absolute)`;
    }
    if (st.isDirectory()) continue;
    if (!file.endsWith('.feature')) return `feature path ${p}: not a .feature file`;
    try {
      accessSync(full, constants.R_OK);
    } catch {
      return `feature path ${p}: cannot read the file (permission denied)`;
    }
  }
  return undefined;
}

/** the feature paths the user names (positional arguments that are not option values) */
export function featurePaths(args: string[]): string[] {
  return parseCucumberArgs(args).paths;
}

export const RUN_HELP = `Usage: cim9 run [options] [cucumber options] [feature paths]

Run the conformance suite against the system under test of a test profile (or the embedded reference SUT).

cim9 options:
  --profile <file>        the test profile (default profiles/reference.yaml)
  --fault <id[,id]>       switch on faults of the embedded reference SUT (repeatable; cim9 faults lists them)
  --reports <dir>         write the reports into <dir> as given (default: reports/<run id>/, and reports/latest
                          points at the last run)
  --skip-reachability     run even when an endpoint of the SUT cannot be reached before the run
  --certification         a certification run (as strict: true in the profile): the selection is locked to the
                          profile's roles, edition and PICS; --tags, --name, feature paths, --fault,
                          --fail-fast, waivers and assumption overrides are refused (exit 2); every scenario in
                          scope must run and pass, and the profile's attestations: must cover the attested
                          requirements of its roles, for the statement to say CONFORMANT
  --assume <id=value>     override an assumption of the register for this run (repeatable; development runs only)
  --overlay <file>        a utility's overlay on the profile: stricter assumptions, mandatory capabilities, required
                          use cases and the utility's own requirements (ReadingTypes, time limits, optional elements it
                          requires), reported apart from base conformance (development runs only; README "Utility overlay")
  --workers <n>           n Cucumber workers (--parallel n) when the SUT is the embedded reference SUT, each with its
                          own reference SUT; one Cucumber process for a system under test. Default against the
                          embedded SUT: three times the cores, at most 6 (fewer on a machine already busy), for 40 scenarios
                          or more (else 1; CIM9_WORKERS=n)
  --overlay-exit <code>   the exit code when base conformance passed but the overlay is not met or a requirement of it
                          was not checked: 1 (default), 0 (in the reports only) or 4-125 to tell it apart
  -d, --dry-run           list the scenarios that would run and those not applicable; run nothing, write no report
  -q, --quiet             print only the summary at the end (no addresses, no progress)
  --no-pdf                write no conformance.pdf (also CIM9_PDF=0); it needs Chromium, see the README
  -v, --verbose           print every step (Cucumber's pretty formatter) instead of a line per scenario
  -h, --help              this help; nothing else happens

Cucumber options pass through to Cucumber unchanged, for example:
  --tags <expression>     only the scenarios matching the tag expression (combined with the profile's plan)
  --name <regexp>         only the scenarios whose name matches
  --retry <n>             retry a failing scenario up to n times (the last attempt counts)
  --fail-fast             stop at the first failure (the rest are reported as skipped)
  --parallel <n>          n Cucumber workers, each with its own listener and its own embedded reference SUT;
                          refused against a system under test (one listener address); see also --workers
  --format <type[:path]>  another formatter, besides cim9's own
  feature paths           e.g. features/read.feature or features/read.feature:12 (default features/**/*.feature)
An option neither cim9 nor Cucumber knows, or a bad tag expression, is a usage error (exit 2); nothing runs.

Waivers: <profile name>.waivers.yaml or waivers.yaml beside the profile (or the profile's waivers: file) lists
scenarios the SUT is expected to fail; such a failure is reported as waived, an unexpected pass of one is a finding.

Exit codes: 0 every applicable scenario passed (failures a waiver expects aside), 1 a scenario failed or erred, a
waived scenario passed unexpectedly, or a certification run is not conformant (a scenario in scope skipped, an attestation missing),
2 usage or input error (an expired or unknown waiver, an option a certification run refuses), 3 internal error;
an --overlay not met (base conformance passed): --overlay-exit (default 1).
`;

/**
 * Can the callback listener bind its address? Probed before any scenario runs, so that a port in use is a profile
 * error naming the listener.port line (exit 2) rather than a set-up failure in every scenario. A port of 0 (any free
 * port) is still probed for the host (an address this machine does not have).
 */
export async function probeListener(profile: Profile, profileFile: string): Promise<number> {
  const { host, port } = profile.listener;
  let bound = port;
  const problem = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => done(e));
    server.listen({ host, port, exclusive: true }, () => {
      const a = server.address();
      if (a && typeof a === 'object') bound = a.port;
      server.close(() => done(undefined));
    });
  });
  if (!problem) return bound;
  const field = problem.code === 'EADDRINUSE' || problem.code === 'EACCES' ? 'port' : 'host';
  const at = locateField(profileFile, ['listener', field]) ?? locateField(profileFile, ['listener']);
  const why =
    problem.code === 'EADDRINUSE'
      ? `port ${port} on ${host} is already in use: stop what listens there or choose another port (0 = any free port)`
      : problem.code === 'EACCES'
        ? `port ${port} on ${host} needs privileges this process does not have: choose a port above 1023 (0 = any free port)`
        : `the callback listener cannot listen on ${host}:${port} (${problem.code ?? problem.message})`;
  throw new ProfileError(profileFile, [{ path: `listener.${field}`, ...(at ?? {}), message: why }]);
}

/**
 * Before a run against a system under test: print where it must send what (once per run), check that its endpoints
 * accept a connection and that listener.publicUrl leads back here. False: a set-up error, said on stderr (exit 2).
 */
async function preflight(profile: Profile, profileFile: string, port: number, args: RunArgs): Promise<boolean> {
  if (!args.quiet) for (const line of addressBlock(profile, port)) console.log(line);
  if (args.skipReachability) return true;
  const [down, self] = await Promise.all([unreachableEndpoints(profile), checkPublicUrl(profile, port)]);
  // one line per problem, naming the profile's file:line and the field, and what to do (exit 2: a set-up error)
  const at = (field: string): string => {
    const pos = locateField(profileFile, field.split('.'));
    return `${profileFile}${pos ? `:${pos.line}:${pos.col}` : ''}: ${field}`;
  };
  const go = 'a set-up error, not a verdict; --skip-reachability runs anyway';
  for (const u of down) console.error(`cim9 run: ${at(u.field)}: ${u.url} cannot be reached: ${u.problem}; start the SUT or correct the endpoint (${go})`);
  if (!self.ok && self.fatal) console.error(`cim9 run: ${at('listener.publicUrl')}: ${self.message.replace(/^listener\.publicUrl /, '')} (${go})`);
  else if (!self.ok) console.error(`cim9: warning: ${self.message}`);
  return !(down.length || (!self.ok && self.fatal));
}

export async function runSuite(args: RunArgs): Promise<number> {
  if (args.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  // the user's environment variables (src/cli/env-check.ts), then Cucumber's options: a typo is a usage error before
  // anything starts or any report is touched
  const envProblem = runEnvProblem(process.env, { pdf: !args.noPdf && !args.dryRun });
  if (envProblem) throw new UsageError(envProblem);
  let cucumber = parseCucumberArgs(args.passthrough);
  const pathProblem = featurePathProblem(cucumber.paths);
  if (pathProblem) throw new UsageError(pathProblem);
  if (args.workers !== undefined && args.passthrough.some((a) => a === '--parallel' || a.startsWith('--parallel='))) throw new UsageError('give --workers or --parallel, not both');
  const profileFile = resolve(args.profile ?? join(REPO_ROOT, 'profiles', 'reference.yaml'));
  const assume = parseAssume(args.assume ?? []);
  if (typeof assume === 'string') throw new UsageError(assume);
  let profile: Profile = loadProfile(profileFile, { extraAssumptions: assume });
  // --workers N: Cucumber's --parallel N against the embedded reference SUT (one SUT per worker); a system under test
  // keeps one Cucumber process (it is given one listener address)
  if (args.workers !== undefined && args.workers > 1 && profile.sut.embedded) cucumber = { ...cucumber, parallel: args.workers };
  // certification (src/cli/run-mode.ts): the selection locked to the profile, refused before anything starts
  const certification = !!args.certification || profile.strict;
  if (certification) {
    if (!profile.strict) profile = loadProfile(profileFile, { extraAssumptions: assume, strict: true });
    const refusal = certificationRefusal({ profile, byFlag: !!args.certification, tags: cucumber.tags && unwrapTags(cucumber.tags), names: cucumber.names, paths: cucumber.paths, faults: args.faults, assume, passthrough: args.passthrough, judging: cucumber.judging ?? [] });
    if (refusal) throw new UsageError(refusal);
    if (args.overlay) throw new UsageError(`a certification run refuses --overlay ${args.overlay}: a certification run uses the assumption register's certification defaults and the profile's declarations; run the utility's overlay as a development run (${args.certification ? 'without --certification' : 'strict: false in the profile'})`);
  }
  // a utility's overlay (src/profile/overlay.ts): its assumptions under --assume, its capabilities and required use cases
  const base = profile;
  const overlay: Overlay | undefined = args.overlay ? loadOverlay(resolve(args.overlay), profile) : undefined;
  for (const w of overlay?.warnings ?? []) console.error(`cim9: overlay ${args.overlay}: warning: ${w}`);
  // what the loader says of the profile (capabilities: is deprecated), one line each
  for (const w of profile.warnings ?? []) console.error(`cim9: profile ${profileFile}: warning: ${w}`);
  // the profile's own schemas: folder must load (exit 2 naming the field), then the optional elements pics: declares,
  // against the edition's schema pack (an element it lacks: exit 2)
  checkProfileSchemas(profile);
  for (const w of checkPicsElements(profile)) console.error(`cim9: profile ${profileFile}: warning: ${w}`);
  if (overlay) profile = applyOverlay(loadProfile(profileFile, { extraAssumptions: { ...overlay.assumptions, ...assume } }), overlay);
  // the expected-failure ledger: an expired, unknown or malformed waiver is a profile error (exit 2)
  const waivers: WaiverLedger | undefined = profile.waivers ? loadWaivers(profile.waivers, { knownIds: knownScenarioIds() }) : undefined;
  // the profile's simulator.faults switch faults on in the embedded reference SUT too, before those of --fault
  if (profile.sut.embedded && profile.simulator?.faults.length) {
    checkProfileFaults(profile);
    args = { ...args, faults: [...new Set([...profile.simulator.faults, ...args.faults])] };
  }
  checkFaultIds(args.faults);
  if (args.faults.length && !profile.sut.embedded) throw new UsageError('--fault applies to the embedded reference SUT only (profile sut.embedded: true)');
  // the scenarios the profile excludes are listed as not applicable, among the user's feature paths when given
  const paths = cucumber.paths.length ? cucumber.paths : ['features/**/*.feature'];
  const plan: Plan = await planScenarios(profile, paths);
  // the scenarios the base profile leaves out that the overlay makes applicable: verdicts the overlay changed
  const madeApplicable = overlay
    ? (await planScenarios(base, paths)).notApplicable.filter((n) => !plan.notApplicable.some((x) => x.uri === n.uri && x.line === n.line))
    : [];
  const selected = await selectedScenarios(plan, cucumber, paths);
  if (args.overlayExit !== undefined && !overlay) throw new UsageError('--overlay-exit applies to a run with --overlay');
  // what no exchange can show: a certification run says at once which attestations it lacks (it cannot be conformant without them)
  const missingAttested = certification ? missingAttestations(attestationRows({ roles: profile.sut.roles, edition: String(profile.edition), ...(profile.attestations ? { attestations: profile.attestations } : {}) })) : [];
  if (missingAttested.length) console.error(`cim9: certification run: missing attestation(s) ${missingAttested.join(', ')}: requirements no exchange can show, declared in the profile's attestations: (cim9 requirements lists them); the run cannot be conformant without them`);
  if (args.dryRun) return dryRun(profile, profileFile, plan, selected);
  // neither --workers nor --parallel: the default for the embedded SUT (never inside a lane of cim9 selftest / mutants)
  const parallelGiven = args.passthrough.some((a) => a === '--parallel' || a.startsWith('--parallel='));
  if (args.workers === undefined && !parallelGiven && profile.sut.embedded && !laneWorker) {
    const n = defaultWorkers(selected.length);
    if (n > 1) cucumber = { ...cucumber, parallel: n };
  }
  const workers = cucumber.parallel > 1 && profile.sut.embedded ? cucumber.parallel : undefined;
  if (!selected.length) throw new UsageError(`no scenario matches${cucumber.tags ? ` --tags ${unwrapTags(cucumber.tags)}` : ''}${cucumber.names.length ? ` --name ${cucumber.names.join(' ')}` : ''} among the ${paths.join(' ')} applicable to this profile (cim9 run --dry-run lists them); nothing run`);
  const listenerPort = await probeListener(profile, profileFile);
  // a system under test: the addresses it must use, and whether it (and publicUrl) can be reached (src/cli/preflight.ts)
  const external = !profile.sut.embedded;
  if (external && cucumber.parallel > 1) throw new UsageError('--parallel: a system under test is given one listener address, which one Cucumber process serves; run without --parallel');
  // the embedded reference SUT with --parallel N: one per Cucumber worker (below), each publishing to its own worker's
  // listener only (one SUT for all the workers publishes to the listener registered last: measured 6 of 18 false failures)
  if (external && !(await preflight(profile, profileFile, listenerPort, args))) return 2;
  const extraAssumptions: Record<string, string> = {};
  for (const id of args.faults) {
    const f = FAULTS.find((x) => x.id === id)!;
    for (const [k, v] of Object.entries(f.detectWith ?? {})) {
      extraAssumptions[k] = v;
      if (!args.quiet) console.log(`cim9: fault ${id} is a violation of an uncertain point; this run uses ${k}=${v} to detect it`);
    }
  }
  // each run its own folder, reports/<run id>/ (src/report/runs.ts); --reports DIR: DIR as given
  const reportsRoot = resolve(args.reportsDir ?? resolve(process.cwd(), 'reports'));
  const runId = args.reportsDir ? undefined : newRunId();
  const reportsDir = runId ? join(reportsRoot, runId) : reportsRoot;
  const shown = relative(process.cwd(), reportsDir) || '.';
  try {
    rmSync(join(reportsDir, '.scenarios'), { recursive: true, force: true });
    rmSync(join(reportsDir, 'bodies'), { recursive: true, force: true });
    mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });
  } catch (e) {
    // a --reports that names a file, or a folder this user cannot write: bad input, before any scenario runs
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way, not a folder' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'no permission to write there' : (e as Error).message;
    throw new UsageError(`${args.reportsDir ? `--reports ${args.reportsDir}` : `the reports folder ${reportsRoot}`}: cannot write the run's reports in ${reportsDir} (${why})`);
  }

  /**
   * NO_COLOR (https://no-color.org: set and not empty) turns off the colours of Cucumber's pretty formatter (-v), through
   * FORCE_COLOR=0 in the session's environment (below); Cucumber's own colorsEnabled option is deprecated and printed a
   * warning line on every run with NO_COLOR
   */
  const noColor = () => !!process.env.NO_COLOR;
  const formats = [
    // the console: a line per scenario with counts and the time left (src/report/progress.ts), every step, or nothing
    '--format', args.verbose && !args.quiet ? 'pretty' : PROGRESS_FORMATTER,
    '--format', gatheredFormat(HTML_FORMATTER, 'html', join(reportsDir, 'cucumber.html')),
    '--format', `junit:${join(reportsDir, 'junit.xml')}`,
    '--format', gatheredFormat(MESSAGE_FORMATTER, 'message', join(reportsDir, 'cucumber.ndjson')),
    '--format-options', JSON.stringify({ junit: { suiteName: `cim9 ${profile.name}` }, cim9Progress: { quiet: !!args.quiet } }),
  ];
  const cucumberArgs = [
    '--import', stepsGlob(),
    ...formats,
    ...(plan.tagExpression ? ['--tags', plan.tagExpression] : []),
    ...args.passthrough,
    // the workers (--workers N, or the default) unless the user's own --parallel is among the options above; the order
    // in which they get the scenarios (src/cli/scenario-order.ts)
    ...(workers && !parallelGiven ? ['--parallel', String(workers)] : []),
    ...(workers ? ['--plugin', ORDER_PLUGIN, '--plugin-options', JSON.stringify({ cim9Order: { file: scenarioTimesFile() } })] : []),
    // without paths of the user's: the feature files that hold a selected scenario, in the order Cucumber would run
    // them (the same scenarios run, and Cucumber parses and reports a targeted run's few files, not the whole suite);
    // every feature file when one does not parse, so that Cucumber reports it as before
    ...(cucumber.paths.length ? [] : selected.parseErrors ? ['features/**/*.feature'] : [...new Set(selected.map((s) => s.uri))]),
  ];
  const timeouts = profile.timeouts;
  const stepTimeoutMs = (Math.max(timeouts.responseSeconds, timeouts.asyncResultSeconds, timeouts.eventSeconds) + 15) * 1000;
  if (!args.quiet) {
    console.log(`cim9: profile ${profileFile} (${profile.name}), edition ${profile.edition}, roles ${profile.sut.roles.join(', ')}${profile.sut.embedded ? ', embedded reference SUT' : ''}${args.faults.length ? `, faults ${args.faults.join(', ')}` : ''}`);
    console.log(`cim9: ${certification ? 'certification run' : 'development run'}${waivers ? `, ${waivers.waivers.length} waiver(s) from ${waivers.file}` : ''}`);
    if (plan.notApplicable.length) console.log(`cim9: ${plan.notApplicable.length} scenario(s) not applicable to this profile (listed in ${shown}/conformance.md)`);
  }
  // the embedded reference SUT runs here, in the CLI's process, not in the session: started before Cucumber with the
  // profile's meters and edition and the faults, stopped after it; the session registers its listener addresses at
  // the SUT's control interface (src/session/embedded.ts)
  // With --parallel N, N of them, the same profile and faults, each its own port, store and clock: Cucumber's worker i
  // uses the i-th (CUCUMBER_WORKER_ID) and registers its listener there, so no worker sees another's publications.
  const suts: ReferenceSut[] = [];
  const closeSuts = () => Promise.all(suts.map((s) => s.close()));
  if (profile.sut.embedded) {
    const withExtras = Object.keys(extraAssumptions).length ? ((p: Profile) => (overlay ? applyOverlay(p, overlay) : p))(loadProfile(profileFile, { extraAssumptions: { ...overlay?.assumptions, ...assume, ...extraAssumptions }, strict: certification })) : profile;
    try {
      for (let i = 0; i < Math.max(1, cucumber.parallel); i++) suts.push(await startReferenceSut(withExtras, { faults: args.faults }));
    } catch (e) {
      await closeSuts();
      throw e;
    }
  }
  // the data of the profile texts parsed here, for the workers (they do not parse the YAML again; src/profile/index.ts);
  // removed after the run
  const parsedProfiles = join(reportsDir, '.scenarios', 'profiles.json');
  const handOver = cucumber.parallel > 1 && writeParsedProfiles(parsedProfiles);
  const embeddedSut = !suts.length ? '' : cucumber.parallel > 1 ? describeEmbeddedSuts(suts.map((s) => ({ sut: s.sim, roles: s.roles }))) : describeEmbeddedSut(suts[0]!.sim, suts[0]!.roles);
  // what the session reads from its environment when its first scenario starts (src/session/run.ts)
  const sessionEnv: Record<string, string> = {
    // NO_COLOR wins over FORCE_COLOR (Cucumber's summary lines read FORCE_COLOR)
    ...(noColor() ? { FORCE_COLOR: '0' } : {}),
    CIM9_CUCUMBER_ARGV: JSON.stringify(cucumberArgs),
    CIM9_PROFILE: profileFile,
    CIM9_FAULTS: args.faults.join(','),
    // --assume (in the profile loaded here already) and the faults' detectWith
    CIM9_ASSUMPTIONS: JSON.stringify({ ...overlay?.assumptions, ...assume, ...extraAssumptions }),
    // the overlay's capabilities and required use cases (its assumptions are in CIM9_ASSUMPTIONS)
    CIM9_OVERLAY: overlay?.file ?? '',
    CIM9_STEP_TIMEOUT_MS: String(stepTimeoutMs),
    CIM9_REPORTS: reportsDir,
    CIM9_CERTIFICATION: certification ? '1' : '',
    // the profile texts that passed the schema here: the workers do not compile it again (src/profile/index.ts)
    ...(cucumber.parallel > 1 ? { [PROFILE_VALID_ENV]: schemaValidProfiles() } : {}),
    ...(handOver ? { [PROFILE_PARSED_ENV]: parsedProfiles } : {}),
    // a signal to this process, shared with the workers (src/session/interrupt.ts)
    [INTERRUPT_FILE_ENV]: cucumber.parallel > 1 ? join(reportsDir, '.scenarios', 'interrupted') : '',
    [EMBEDDED_SUT_ENV]: embeddedSut,
    // the port the addresses were printed with (listener.port 0 is resolved once, here, for a system under test)
    ...(external ? { CIM9_LISTENER_PORT: String(listenerPort) } : {}),
  };
  let interrupted: NodeJS.Signals | undefined;
  // Cucumber's coordinator in this process (with workers, only they are processes of their own); CIM9_CUCUMBER_CHILD=1
  // gives the former shape of a run with workers, the coordinator in a child process
  const inChild = cucumber.parallel > 1 && process.env.CIM9_CUCUMBER_CHILD === '1';
  const code = await (inChild ? cucumberChild(sessionEnv, (s) => (interrupted ??= s)) : cucumberHere(cucumberArgs, sessionEnv, stepTimeoutMs, cucumber.parallel > 1)).finally(async () => {
    // the hand-over goes whatever ended the run (a Cucumber set-up error throws here)
    if (handOver) rmSync(parsedProfiles, { force: true });
    await closeSuts();
  });
  interrupted ??= interruptedBy();
  const mode = { kind: certification ? 'certification' : 'development', pins: runPins(profile) } as const;
  // every scenario of the suite the profile's plan applies to (whatever --tags, --name and the paths chose): the
  // statement counts per use case those that did not run
  const applies = plan.tagExpression ? parseTagExpression(plan.tagExpression) : undefined;
  const suite = compiledScenarios()
    .filter((s) => !applies || applies.evaluate(s.tags))
    .map((s) => ({ useCases: s.values('usecase'), roles: s.values('role') }));
  // the requirement catalogue (src/cli/requirements.ts): in the statement (requirement → scenarios → verdict) and, whole,
  // as requirements.json in the run folder and the evidence bundle
  const { json: catalogueJson, catalogue } = runCatalogue();
  writeFileSync(join(reportsDir, REQUIREMENTS_FILE), catalogueJson);
  const summary = writeConformanceReport({ reportsDir, profile, profileFile, plan, faults: args.faults, extraAssumptions, mode, suite, catalogue, ...(waivers ? { waivers } : {}), ...(overlay ? { overlay: { overlay, base, madeApplicable } } : {}) });
  // the signed evidence bundle, <run>/evidence.tar (src/report/evidence.ts; checked by cim9 verify)
  // the statement for people, <run>/conformance.html (src/report/statement-html.ts), and the same statement printed to
  // PDF by headless Chromium (src/report/browser.ts): written once the statement names the bundle's key and before the
  // bundle is signed, so the bundle holds them; still written when no bundle could be made. Without Chromium, one line
  // says what is missing and every other report stands.
  let html: { ok: boolean; line: string } | undefined;
  let pdf: { ok: boolean; line: string } | undefined;
  const statements = async (): Promise<void> => {
    html = writeRunStatementHtml(reportsDir);
    if (html.ok && !args.noPdf && process.env.CIM9_PDF !== '0') pdf = await printStatementPdf(reportsDir);
  };
  const evidence = await writeRunEvidence({ reportsDir, profile, runId, ...(overlay ? { overlayFile: overlay.file } : {}) }, statements);
  if (!html) await statements();
  if (runId) pointLatest(reportsRoot, runId);
  // before the statement's lines: the console's last line stays the statement's counts
  if (!args.quiet || !evidence.ok) (evidence.ok ? console.log : console.error)(evidence.line);
  if (html && (!args.quiet || !html.ok)) (html.ok ? console.log : console.error)(html.line);
  if (pdf && (!args.quiet || !pdf.ok)) (pdf.ok ? console.log : console.error)(pdf.line);
  for (const line of summary.lines) console.log(line);
  if (interrupted) {
    console.error(`cim9: interrupted (${interrupted}): the reports cover the scenarios that ended; the others are not run`);
    const interruptedCode = interrupted === 'SIGTERM' ? 143 : 130;
    // stopped at a second signal: the scenario cut short may still hold timers and sockets; nothing more is to come
    if (stoppedNow()) process.exit(interruptedCode);
    return interruptedCode;
  }
  if (code === 0 && summary.counts.ran === 0) {
    console.error('cim9: no scenario ran (check --tags and the profile roles)');
    return 1;
  }
  // a failure a waiver expects does not fail the run (Cucumber's own code does: it knows nothing of waivers); an
  // unexpected pass of a waived scenario, or a certification run that is not conformant, does
  const c = summary.counts;
  // a PICS disagreement counts only when CIM9-163 = failure (src/report/pics.ts)
  const sutFailed = c.failed + c.error + c.unexpectedPasses > 0 || summary.conformant === false || summary.picsFailed === true;
  if (code !== 0 && code !== 1) return code;
  if (sutFailed || (code === 1 && c.waived === 0)) return 1;
  // a utility overlay not met (src/report/overlay.ts) is apart from base conformance: its own exit code, --overlay-exit
  if (summary.overlayFailed) return args.overlayExit ?? 1;
  return 0;
}

/** the requirement catalogue, made once per process (a lane worker runs many runs; the code does not change between them) */
let catalogueOnce: { json: string; catalogue: ReturnType<typeof statementCatalogue> } | undefined;
function runCatalogue(): { json: string; catalogue: ReturnType<typeof statementCatalogue> } {
  if (!catalogueOnce) {
    const all = compiledScenarios();
    const reqs = requirementCatalogue(all);
    catalogueOnce = { json: requirementsJson(reqs, all), catalogue: statementCatalogue(reqs, all) };
  }
  return catalogueOnce;
}

/**
 * Cucumber in a child process of its own (src/cli/cucumber-child.ts), for --parallel: Cucumber's workers are child
 * processes of that one and start the same way (the tsx loader of a checkout). `onSignal` is told of a Ctrl-C or
 * SIGTERM, which the child handles (the running scenario ends, the rest are skipped).
 */
function cucumberChild(env: Record<string, string>, onSignal: (s: NodeJS.Signals) => void): Promise<number> {
  return new Promise<number>((resolveExit) => {
    const child = spawn(process.execPath, cucumberChildArgs(), { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    // Ctrl-C or a SIGTERM: Cucumber stops, the reports are still written for what ended, exit 130 (143)
    // (the child lets the running scenario end and skips the rest; a second signal a second later stops it at once)
    const stop = (signal: NodeJS.Signals) => {
      onSignal(signal);
      child.kill(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    child.on('exit', (c, signal) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveExit(c ?? (signal ? 3 : 1));
    });
    child.on('error', () => resolveExit(3));
  });
}

/** whether a Ctrl-C / SIGTERM handler for the in-process Cucumber is installed (once per process) */
let gracefulStopHooked = false;
/** a lane worker of cim9 selftest / mutants (src/cli/lane-worker.ts): no signal handlers of its own, its lane ends it */
let laneWorker = false;

/** this process runs child runs of a mutation run one after another (src/cli/lane-worker.ts) */
export function actAsLaneWorker(): void {
  laneWorker = true;
}

/**
 * Cucumber in this process (src/cli/cucumber-here.ts): no second Node process, and the support code, the compiled
 * schema packs (shared with the embedded SUT) and the rest of the modules load once. Ctrl-C / SIGTERM: the running
 * scenario ends, every later one is skipped, the reports are written (src/session/interrupt.ts).
 */
async function cucumberHere(argv: string[], env: Record<string, string>, stepTimeoutMs: number, withWorkers = false): Promise<number> {
  if (!laneWorker && !gracefulStopHooked) {
    gracefulStopHooked = true;
    stopGracefullyOn(['SIGINT', 'SIGTERM'], (line) => console.error(line), { secondSignal: 'stop-now' });
  }
  // with workers, the first signal is written where they look before each scenario
  if (withWorkers && env[INTERRUPT_FILE_ENV]) shareInterruptWith(env[INTERRUPT_FILE_ENV]);
  try {
    // a second Ctrl-C stops waiting for the scenario running: the reports are written from what Cucumber recorded
    const ran = runCucumberHere(argv, { cwd: REPO_ROOT, env, stepsGlob: stepsGlob(), stepTimeoutMs, workersNeedTsx: !BUILT });
    // (what the formatters gathered is written out first: the reports read cucumber.ndjson as it is)
    return laneWorker ? await ran : await Promise.race([ran, whenStoppedNow().then(async () => (await flushGatheredFormatters(), 130))]);
  } catch (e) {
    console.error(`cim9 run: Cucumber could not run: ${e instanceof Error ? e.message : String(e)}`);
    return 3;
  } finally {
    if (withWorkers) shareInterruptWith(undefined);
  }
}

/**
 * How the Cucumber child starts and which step files it imports: from the sources, the .ts files through the tsx
 * loader (a checkout); from the build (dist/, the installed package), the compiled .js files, no loader.
 */
export function cucumberChildArgs(): string[] {
  return BUILT ? [join(CODE_ROOT, 'src', 'cli', 'cucumber-child.js')] : ['--import', 'tsx', join(CODE_ROOT, 'src', 'cli', 'cucumber-child.ts')];
}

/** the step and support files for Cucumber's --import, relative to its working directory (REPO_ROOT) */
export function stepsGlob(): string {
  const base = relative(REPO_ROOT, CODE_ROOT).split('\\').join('/');
  return `${base ? `${base}/` : ''}steps/**/*.${BUILT ? 'js' : 'ts'}`;
}

/** the scenarios Cucumber will run: the profile's plan, the user's --tags and --name, among the paths */
async function selectedScenarios(plan: Plan, cucumber: CucumberArgs, paths: string[]): Promise<{ name: string; uri: string; line: number }[] & { parseErrors?: number }> {
  const tagExpression = [plan.tagExpression, cucumber.tags].filter(Boolean).map((t) => `(${t})`).join(' and ');
  // the paths' scenarios as the plan parsed them, the tag expression evaluated here as Cucumber's own filter does
  const all = tagExpression ? await picklesWithTags(paths, cucumber.names) : undefined;
  const selects = tagExpression ? parseTagExpression(tagExpression) : undefined;
  const { plan: pickles, errors } = all && selects ? { plan: all.filter((p) => selects.evaluate(p.tags)), errors: [] } : await plannedPickles({ paths, names: cucumber.names, tagExpression });
  return Object.assign(
    pickles.map((p) => ({ name: p.name, uri: p.uri, line: p.location.line })),
    errors.length ? { parseErrors: errors.length } : {},
  );
}

/** --dry-run: what would run and what is not applicable; nothing started, no report written or removed */
function dryRun(profile: Profile, profileFile: string, plan: Plan, selected: { name: string; uri: string; line: number }[]): number {
  console.log(`cim9 run --dry-run: profile ${terminal(profileFile)} (${terminal(profile.name)}), edition ${profile.edition}, roles ${profile.sut.roles.join(', ')}`);
  console.log(`${selected.length} scenario(s) would run:`);
  for (const s of selected) console.log(`  ${terminal(`${s.uri}:${s.line}`)}  ${terminal(s.name)}`);
  console.log(`${plan.notApplicable.length} scenario(s) not applicable to this profile:`);
  for (const n of plan.notApplicable) console.log(`  ${terminal(`${n.uri}:${n.line}`)}  ${terminal(n.name)} — ${terminal(n.reason)}`);
  console.log('cim9: dry run: nothing was run, no report was written');
  return 0;
}

export function reportsExist(reportsDir: string): boolean {
  return ['cucumber.ndjson', 'cucumber.html', 'junit.xml', 'conformance.json'].every((f) => existsSync(join(reportsDir, f)));
}
