/**
 * `cim9 run`: validate the profile, plan which scenarios apply (role × edition × capabilities), run
 * Cucumber with the suite's formatters, then write the conformance statement from the scenario records.
 * Cucumber's own options and feature paths pass through unchanged.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createServer } from 'node:net';
import { loadProfile, locateField, ProfileError, type Profile } from '../profile/index.ts';
import { checkFaultIds, FAULTS } from '../../simulator/faults/catalogue.ts';
import { packageBin, REPO_ROOT } from '../paths.ts';
import { planScenarios, type Plan } from './plan.ts';
import { writeConformanceReport } from '../report/conformance.ts';
import { newRunId, pointLatest } from '../report/runs.ts';
import { describeEmbeddedSut, EMBEDDED_SUT_ENV } from '../session/embedded.ts';
import { checkProfileFaults, startReferenceSut, type ReferenceSut } from './embedded.ts';
import { addressBlock, checkPublicUrl, unreachableEndpoints } from './preflight.ts';

export interface RunArgs {
  profile?: string;
  faults: string[];
  /** everything else, passed to Cucumber unchanged */
  passthrough: string[];
  reportsDir?: string;
  quiet?: boolean;
  /** go on when an endpoint of the SUT cannot be reached before the run (--skip-reachability) */
  skipReachability?: boolean;
}

export class UsageError extends Error {}

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
    if (a === '--profile') out.profile = take('--profile');
    else if (a.startsWith('--profile=')) out.profile = a.slice('--profile='.length);
    else if (a === '--fault') out.faults.push(...take('--fault').split(','));
    else if (a.startsWith('--fault=')) out.faults.push(...a.slice('--fault='.length).split(','));
    else if (a === '--skip-reachability') out.skipReachability = true;
    else if (a === '--reports') out.reportsDir = take('--reports');
    else if (a.startsWith('--reports=')) out.reportsDir = a.slice('--reports='.length);
    else out.passthrough.push(a);
  }
  out.faults = out.faults.map((f) => f.trim()).filter(Boolean);
  return out;
}

/** the feature paths the user names (positional arguments that are not option values) */
export function featurePaths(args: string[]): string[] {
  const out: string[] = [];
  const withValue = new Set(['--tags', '-t', '--format', '-f', '--name', '--parallel', '--retry', '--order', '--import', '-i', '--require', '-r', '--world-parameters', '--format-options', '--language', '--profile', '-p', '--config', '-c', '--retry-tag-filter', '--shard']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (withValue.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** does the user name feature paths of their own? */
function hasPaths(args: string[]): boolean {
  return featurePaths(args).length > 0;
}

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

/** the --parallel N of Cucumber's options, 1 when absent */
function parallelWorkers(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--parallel') return Number(args[i + 1] ?? 1) || 1;
    if (a.startsWith('--parallel=')) return Number(a.slice('--parallel='.length)) || 1;
  }
  return 1;
}

/**
 * Before a run against a system under test: print where it must send what (once per run), check that its endpoints
 * accept a connection and that listener.publicUrl leads back here. False: a set-up error, said on stderr (exit 2).
 */
async function preflight(profile: Profile, port: number, args: RunArgs): Promise<boolean> {
  if (!args.quiet) for (const line of addressBlock(profile, port)) console.log(line);
  if (args.skipReachability) return true;
  const [down, self] = await Promise.all([unreachableEndpoints(profile), checkPublicUrl(profile, port)]);
  for (const u of down) console.error(`cim9: ${u.field}: ${u.url} cannot be reached: ${u.problem}`);
  if (!self.ok) console.error(`cim9: ${self.fatal ? '' : 'warning: '}${self.message}`);
  if (down.length || (!self.ok && self.fatal)) {
    console.error(`cim9: not run: ${down.length ? 'start the SUT or correct its endpoints in the profile' : 'correct listener.publicUrl'} (a set-up error, not a verdict; --skip-reachability runs anyway)`);
    return false;
  }
  return true;
}

export async function runSuite(args: RunArgs): Promise<number> {
  const profileFile = resolve(args.profile ?? join(REPO_ROOT, 'profiles', 'reference.yaml'));
  const profile: Profile = loadProfile(profileFile);
  // the profile's simulator.faults switch faults on in the embedded reference SUT too, before those of --fault
  if (profile.sut.embedded && profile.simulator?.faults.length) {
    checkProfileFaults(profile);
    args = { ...args, faults: [...new Set([...profile.simulator.faults, ...args.faults])] };
  }
  checkFaultIds(args.faults);
  if (args.faults.length && !profile.sut.embedded) throw new UsageError('--fault applies to the embedded reference SUT only (profile sut.embedded: true)');
  const listenerPort = await probeListener(profile, profileFile);
  // a system under test: the addresses it must use, and whether it (and publicUrl) can be reached (src/cli/preflight.ts)
  const external = !profile.sut.embedded;
  if (external && parallelWorkers(args.passthrough) > 1) throw new UsageError('--parallel: a system under test is given one listener address, which one Cucumber process serves; run without --parallel');
  if (external && !(await preflight(profile, listenerPort, args))) return 2;
  const extraAssumptions: Record<string, string> = {};
  for (const id of args.faults) {
    const f = FAULTS.find((x) => x.id === id)!;
    for (const [k, v] of Object.entries(f.detectWith ?? {})) {
      extraAssumptions[k] = v;
      if (!args.quiet) console.log(`cim9: fault ${id} is a violation of an uncertain point; this run uses ${k}=${v} to detect it`);
    }
  }
  // the scenarios the profile excludes are listed as not applicable, among the user's feature paths when given
  const plan: Plan = await planScenarios(profile, hasPaths(args.passthrough) ? featurePaths(args.passthrough) : ['features/**/*.feature']);
  // each run its own folder, reports/<run id>/ (src/report/runs.ts); --reports DIR: DIR as given
  const reportsRoot = resolve(args.reportsDir ?? join(REPO_ROOT, 'reports'));
  const runId = args.reportsDir ? undefined : newRunId();
  const reportsDir = runId ? join(reportsRoot, runId) : reportsRoot;
  const shown = relative(process.cwd(), reportsDir) || '.';
  rmSync(join(reportsDir, '.scenarios'), { recursive: true, force: true });
  rmSync(join(reportsDir, 'allure-results'), { recursive: true, force: true });
  rmSync(join(reportsDir, 'bodies'), { recursive: true, force: true });
  mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });

  const cucumberBin = packageBin('@cucumber/cucumber', 'cucumber-js');
  const formats = [
    '--format', args.quiet ? 'summary' : 'progress',
    '--format', `html:${join(reportsDir, 'cucumber.html')}`,
    '--format', `junit:${join(reportsDir, 'junit.xml')}`,
    '--format', `message:${join(reportsDir, 'cucumber.ndjson')}`,
    '--format', `allure-cucumberjs/reporter:${join(reportsDir, '.allure-formatter.txt')}`,
    '--format-options', JSON.stringify({ resultsDir: join(reportsDir, 'allure-results'), junit: { suiteName: `cim9 ${profile.name}` } }),
  ];
  const cucumberArgs = [
    '--import', 'steps/**/*.ts',
    ...formats,
    ...(plan.tagExpression ? ['--tags', plan.tagExpression] : []),
    ...args.passthrough,
    ...(hasPaths(args.passthrough) ? [] : ['features/**/*.feature']),
  ];
  const timeouts = profile.timeouts;
  const stepTimeoutMs = (Math.max(timeouts.responseSeconds, timeouts.asyncResultSeconds, timeouts.eventSeconds) + 15) * 1000;
  if (!args.quiet) {
    console.log(`cim9: profile ${profileFile} (${profile.name}), edition ${profile.edition}, roles ${profile.sut.roles.join(', ')}${profile.sut.embedded ? ', embedded reference SUT' : ''}${args.faults.length ? `, faults ${args.faults.join(', ')}` : ''}`);
    if (plan.notApplicable.length) console.log(`cim9: ${plan.notApplicable.length} scenario(s) not applicable to this profile (listed in ${shown}/conformance.md)`);
  }
  // the embedded reference SUT runs here, in the CLI's process, not in the session: started before Cucumber with the
  // profile's meters and edition and the faults, stopped after it; the session registers its listener addresses at
  // the SUT's control interface (src/session/embedded.ts)
  let sut: ReferenceSut | undefined;
  if (profile.sut.embedded) {
    const withExtras = Object.keys(extraAssumptions).length ? loadProfile(profileFile, { extraAssumptions }) : profile;
    sut = await startReferenceSut(withExtras, { faults: args.faults });
  }
  const code = await new Promise<number>((resolveExit) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cucumberBin, ...cucumberArgs], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        CIM9_PROFILE: profileFile,
        CIM9_FAULTS: args.faults.join(','),
        CIM9_ASSUMPTIONS: JSON.stringify(extraAssumptions),
        CIM9_STEP_TIMEOUT_MS: String(stepTimeoutMs),
        CIM9_REPORTS: reportsDir,
        [EMBEDDED_SUT_ENV]: sut ? describeEmbeddedSut(sut.sim, sut.roles) : '',
        // the port the addresses were printed with (listener.port 0 is resolved once, here, for a system under test)
        ...(external ? { CIM9_LISTENER_PORT: String(listenerPort) } : {}),
      },
    });
    child.on('exit', (c, signal) => resolveExit(c ?? (signal ? 3 : 1)));
    child.on('error', () => resolveExit(3));
  }).finally(() => sut?.close());
  const summary = writeConformanceReport({ reportsDir, profile, profileFile, plan, faults: args.faults, extraAssumptions });
  if (runId) pointLatest(reportsRoot, runId);
  if (!args.quiet) {
    for (const line of summary.lines) console.log(line);
  }
  if (code === 0 && summary.counts.ran === 0) {
    console.error('cim9: no scenario ran (check --tags and the profile roles)');
    return 1;
  }
  return code === 0 && summary.counts.failed + summary.counts.error === 0 ? 0 : code || 1;
}

export function reportsExist(reportsDir: string): boolean {
  return ['cucumber.ndjson', 'cucumber.html', 'junit.xml', 'conformance.json'].every((f) => existsSync(join(reportsDir, f)));
}
