/**
 * cim9 command line.
 *   cim9 run [--profile FILE] [--fault ID]... [--reports DIR] [--skip-reachability] [--dry-run] [cucumber options] [feature paths]
 *   cim9 run --help | cim9 help run | cim9 --version
 *   cim9 simulate [--profile FILE] [--role MDM|HES] [--port N] [--host H] [--fault ID]... [--oms URL] [--edition 2013|2024|draft-2011]
 *   cim9 validate FILE...
 *   cim9 faults [--format text|json]
 *   cim9 verify BUNDLE [--key PUB]
 *   cim9 report [--format html] [--run DIR]
 *   cim9 mutants | selftest | schemas
 *   cim9 prune [--keep N] [--reports DIR]
 *   cim9 list [--profile FILE] [--tags EXPR] [--format text|json]
 *   cim9 coverage [--requirements] [--run DIR] [--format text|json|md]
 *   cim9 requirements [--format text|json|md]
 *   cim9 load --scenario outage-storm|bulk-ingest|on-request-reads [--rate N | --concurrency N] [--meters N] [--duration S] [--shard i/n] ...
 *   cim9 load-merge FILE... [--profile FILE] [--reports DIR]
 * Exit codes: 0 success, 1 the SUT failed (or a test failed), 2 usage or input error, 3 internal error.
 *
 * Start-up: this module imports commander only. Each subcommand's module (and through it the schema engine,
 * Cucumber, fastify ...) is imported inside its action, so `cim9 validate` or `cim9 --help` loads only what it
 * uses.
 */
import { Command, CommanderError, Option } from 'commander';

/** the errors that mean bad input (exit 2), by class name; confirmed with instanceof below */
const INPUT_ERRORS = ['ProfileError', 'UnknownFaultError', 'UsageError'];

async function isInputError(e: unknown): Promise<boolean> {
  if (!(e instanceof Error) || !INPUT_ERRORS.includes(e.constructor.name)) return false;
  // the command that threw loaded these modules already: the imports are cache hits, not start-up cost
  const [{ ProfileError }, { UnknownFaultError }, { UsageError }] = await Promise.all([
    import('../profile/index.ts'),
    import('../../simulator/faults/catalogue.ts'),
    import('./run.ts'),
  ]);
  return e instanceof ProfileError || e instanceof UnknownFaultError || e instanceof UsageError;
}

let pipeGuard = false;
/** `cim9 faults | head`: a reader that stops early is not an error (no EPIPE stack trace) */
function ignoreClosedStdout(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

/** where a command writes: the process's stdout and stderr, or a test's buffers (the commands that take it: validate, faults, and the usage errors) */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const PROCESS_IO: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  ignoreClosedStdout();
  if (argv[0] === '--version' || argv[0] === '-V') {
    const [{ readFileSync }, { repoPath }] = await Promise.all([import('node:fs'), import('../paths.ts')]);
    io.out(`${(JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version}\n`);
    return 0;
  }
  // `cim9 help run` is `cim9 run --help`: cim9's own options and how Cucumber's pass through
  if (argv[0] === 'help' && argv[1] === 'run') argv = ['run', '--help'];
  // `run` passes Cucumber's options through unchanged, so it is parsed by hand
  if (argv[0] === 'run') {
    try {
      const { runSuite, parseRunArgs } = await import('./run.ts');
      return await runSuite(parseRunArgs(argv.slice(1)));
    } catch (e) {
      if (await isInputError(e)) {
        io.err(`cim9 run: ${(e as Error).message}\n`);
        return 2;
      }
      io.err(`cim9 run: internal error: ${(e as Error).stack ?? String(e)}\n`);
      return 3;
    }
  }
  let code = 0;
  const program = new Command('cim9')
    .description('IEC 61968-9 / IEC 61968-100 conformance and interoperability test suite')
    .exitOverride()
    .option('-V, --version', 'print the version of cim9')
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program.command('run').description('run the conformance suite (cim9 run --help: its options; Cucumber options pass through)').allowUnknownOption();
  program
    .command('simulate')
    .description('run the reference SUT on its own (for testing a client-side product); --profile takes roles, meters, edition, SOAP version, address, faults and subscribers from a test profile, the options below win over it')
    .option('--profile <file>', 'a test profile: sut.roles (MDM, HES), data.meters, edition, schemas, sut.soapVersion and its simulator: section (host, port, faults, subscribers)')
    .option('--role <role...>', 'roles to play: MDM, HES, CIS, OMS (default: MDM and HES, or those of the profile); CIS and OMS are clients of the MDM at --mdm')
    .option('--host <host>', 'bind address (default 127.0.0.1)')
    .option('--port <port>', 'port, 0 = any free port (default 8080)')
    .option('--fault <id...>', 'switch on simulator faults (see cim9 faults), in addition to the profile\'s', [])
    .option('--oms <url>', "where the simulator publishes events to the OMS (the OMS's ReceiveEndDeviceEvents)")
    .option('--master-data-subscriber <url>', 'where the simulator publishes its master-data changes (created/changed/deleted <Config>, UC-29)')
    .option('--upstream-hes <url>', "the MDM's head-end: the MDM relays synchronous on-request reads (get(MeterReadings) without time window) there (P6)")
    .option('--mdm <url>', 'the MDM (your server) the CIS and the OMS send their requests to; every answer is checked and its findings printed')
    .option('--report <file>', 'also write the findings of every request received and every answer the CIS and the OMS get, one JSON object per line')
    .option('--report-dir <dir>', 'keep the report of every request received and answer got there: simulate.md and simulate.json (rewritten after each)')
    .option('--soap <version>', 'SOAP version of messages the simulator starts: 1.1 or 1.2 (default 1.1, or the profile\'s)')
    .option('--edition <edition>', 'the edition the SUT implements, and so the generation it speaks and the schema pack it validates against: 2013, 2024 or draft-2011 (the 2011 draft generation) (default 2013, or the profile\'s)')
    .action(async (o) => {
      const { simulate } = await import('./simulate.ts');
      code = await simulate(o);
    });
  program
    .command('validate')
    .description('check message files (bare payload, IEC 61968-100 envelope or SOAP message): XML, schema, then the rules of src/checks; exit 0 no error, 1 errors, 2 usage or unreadable input')
    .argument('<files...>', 'message files')
    .option('--edition <edition>', 'schema pack and rules of this edition: 2013, 2024 or draft-2011 (default: the profile\'s, else 2013)')
    .option('--strict', 'certification mode: the strict defaults of the assumption register')
    .option('--format <format>', 'text (one finding per line) or json', 'text')
    .option('--profile <file>', 'take edition, strict, assumptions, schema pack, size limit and clock skew from a test profile')
    .option('--assume <id=value>', 'set an assumption, e.g. ENV-09=strict (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--conversation', 'also check the files as the messages of one exchange, in the order given')
    .option('--soap-action <uri>', 'the SOAP action the messages came with (checked against their operation)')
    .option('--max-bytes <n>', 'size limit of a file in bytes (default 16 MiB)')
    .action(async (files: string[], o) => {
      const { validate } = await import('./validate.ts');
      code = await validate(files, o, io);
    });
  program
    .command('faults')
    .description('list the faults of the reference SUT by area: roles, editions, the rule each violates, the assumptions a run uses to detect it')
    .addOption(new Option('--format <format>', 'text (grouped by area) or json (every field, for machines)').choices(['text', 'json']).default('text'))
    .action(async (o: { format: 'text' | 'json' }) => {
      const { faultsCommand } = await import('./faults.ts');
      code = faultsCommand(o, io.out);
    });
  program
    .command('mutants')
    .description('mutation run: the suite against the clean reference SUT, once per fault and with all faults at once (3 lanes); every fault must be caught and every scenario must catch one (reports/mutants.md, mutants.json)')
    .option('--fault <id...>', 'run only these faults (then scenarios that catch nothing are not reported)', [])
    .option('--lanes <n>', 'child runs at a time (default: 3, or 1 on a single core)')
    .option('--ledger <file>', 'faults allowed to survive and scenarios allowed to catch nothing, with reasons (default simulator/faults/ledger.yaml)')
    .option('--profile <file>', 'run every fault under this profile of the embedded reference SUT (default: each fault under the reference profile of its editions, profiles/reference.yaml, profiles/reference-2024.yaml and profiles/reference-draft-2011.yaml)')
    .option('--reports <dir>', 'where mutants.json, mutants.md and mutants/<id>/ go (default reports)')
    .option('--no-combined', 'skip the run with every fault at once')
    .option('--untargeted', 'run every fault against every scenario (default: a fault with a scope runs against the scenarios of its scope only)')
    .option('--prove-scopes', 'after the runs, run each fault with a scope against the scenarios outside it in which the clean run saw the reference SUT ask for the fault (it could change a message there); a scenario failing or breaking there fails the run')
    .option('--plan', 'print the child runs in the order the lanes take them, with their times in the previous run (reports/mutants.json) or an estimate, the lane time per kind and the wall time of that order; run nothing')
    .action(async (o) => {
      const { mutants } = await import('./mutants.ts');
      code = await mutants(o);
    });
  program
    .command('report')
    .description('rebuild the conformance statement of the last run (reports/latest) in its folder: <run>/conformance.html (offline, printable)')
    .addOption(new Option('--format <format>', 'html (the conformance statement; the only format)').choices(['html']).default('html'))
    .option('--run <dir>', "one run's folder, or a reports folder (its latest run) (default reports)")
    .option('--reports <dir>', 'the same as --run')
    .action(async (o: { format: string; run?: string; reports?: string }) => {
      const { reportCommand } = await import('./report.ts');
      code = await reportCommand(o);
    });
  program
    .command('list')
    .description('list the scenarios without running them: id (@req), use cases, pattern, roles, editions; with --profile, whether each applies and why not')
    .option('--profile <file>', 'say for each scenario whether it applies to this profile')
    .option('--tags <expression>', 'only the scenarios matching this Cucumber tag expression')
    .addOption(new Option('--format <format>', 'text (a line each) or json (every field, for machines)').choices(['text', 'json']).default('text'))
    .action(async (o: { profile?: string; tags?: string; format: 'text' | 'json' }) => {
      ignoreClosedStdout();
      const { listCommand } = await import('./list.ts');
      code = await listCommand(o, io.out);
    });
  program
    .command('coverage')
    .description('the use cases of IEC 61968-9 and the scenarios that cover them (per edition); with --run, their verdicts in that run; a use case without a scenario says why')
    .option('--run <dir>', "a run's folder, or a reports folder (its latest run)")
    .option('--requirements', 'per requirement of the catalogue instead: requirement → scenarios → (with --run) its verdict in that run; attested requirements too')
    .addOption(new Option('--format <format>', 'text, json or md (docs/coverage.md)').choices(['text', 'json', 'md']).default('text'))
    .action(async (o: { run?: string; requirements?: boolean; format: 'text' | 'json' | 'md' }) => {
      ignoreClosedStdout();
      const { coverageCommand, requirementCoverageCommand } = await import('./coverage.ts');
      code = o.requirements ? requirementCoverageCommand(o, io.out) : coverageCommand(o, io.out);
    });
  program
    .command('requirements')
    .description('the requirement catalogue: every rule id the findings carry, with its statement, the spec sections it rests on and their confidence, the assumptions that govern it, the faults that violate it and the scenarios that check it (exit 1 when an entry points to nothing)')
    .addOption(new Option('--format <format>', 'text, json or md (docs/requirements.md)').choices(['text', 'json', 'md']).default('text'))
    .action(async (o: { format: 'text' | 'json' | 'md' }) => {
      ignoreClosedStdout();
      const { requirementsCommand } = await import('./requirements.ts');
      code = requirementsCommand(o, io.out);
    });
  program
    .command('prune')
    .description('remove old run folders: keep the newest N runs under the reports folder (and the one reports/latest points at)')
    .option('--keep <n>', 'how many runs to keep', '10')
    .option('--reports <dir>', 'the reports folder (default reports)', 'reports')
    .action(async (o: { keep: string; reports: string }) => {
      const keep = Number(o.keep);
      if (!Number.isInteger(keep) || keep < 0) {
        io.err(`cim9 prune: --keep ${JSON.stringify(o.keep)}: not a whole number of runs\n`);
        code = 2;
        return;
      }
      const { pruneRuns, runFolders } = await import('../report/runs.ts');
      const removed = pruneRuns(o.reports, keep);
      io.out(`cim9 prune: removed ${removed.length} run folder(s) from ${o.reports}, ${runFolders(o.reports).length} kept\n`);
      code = 0;
    });
  program
    .command('verify')
    .description("check a run's signed evidence bundle (<run>/evidence.tar, or the run folder): exit 0 intact, 1 a file changed, added or removed, a bad signature or another key, 2 unreadable input")
    .argument('<bundle>', 'evidence.tar, or the run folder holding it (e.g. reports/latest)')
    .option('--key <file>', "the signer's public key (PEM); without it the key the bundle carries is used, and its fingerprint printed to compare with the statement's")
    .action(async (bundle: string, o: { key?: string }) => {
      const { verifyCommand } = await import('./verify.ts');
      code = verifyCommand(bundle, o, io);
    });
  program
    .command('selftest')
    .description('prove the suite: a clean run against the reference SUT passes and each fault makes it fail')
    .option('--all-faults', 'run every fault, not only the fast subset')
    .option('--untargeted', 'run every fault against every scenario (default: a fault with a scope runs against the scenarios of its scope only)')
    .action(async (o) => {
      const { selftest } = await import('./selftest.ts');
      code = await selftest({ allFaults: !!o.allFaults, untargeted: !!o.untargeted });
    });
  program
    .command('load')
    .description('load mode: send a scenario\'s requests at a rate or concurrency (or, outage-storm-in, receive the storm a head-end publishes), check the replies (schema, envelope, domain; sampled when the generator is busy, and said so), report latency percentiles, throughput, error and timeout rates (load.json, load.html); exit 1 when a bound of the profile\'s load: section is exceeded')
    .addOption(new Option('--scenario <name>', 'outage-storm (a power-off and a restoration created(EndDeviceEvents) per meter, to the MDM), bulk-ingest (created(MeterReadings) of --intervals values per meter), on-request-reads (get(MeterReadings) per meter), outage-storm-in (the head-end SUT publishes a power-off and a restoration per meter to the suite\'s listener, asked through the stimulus outage-storm; --rate: its pace)'))
    .option('--profile <file>', 'the SUT, its bounds (load:) and assumptions (default profiles/reference.yaml: the embedded reference SUT)')
    .option('--meters <n>', 'meters (the profile\'s data.meters first, then <prefix>000001 ...) (default 100)')
    .option('--intervals <m>', 'interval values per meter for bulk-ingest (default 96)')
    .option('--rate <n>', 'open loop: requests per second, whatever the SUT does (latency counts from when a request was due)')
    .option('--concurrency <n>', 'closed loop: requests at a time (default 8 when --rate is not given)')
    .option('--duration <s>', `stop after this many seconds even if requests are left (default 60, at most 3600)`)
    .option('--timeout <s>', 'deadline of one exchange (default the profile\'s timeouts.responseSeconds)')
    .option('--interval <s>', 'length of an interval of the series (default 1)')
    .option('--max-in-flight <n>', 'open loop: most requests outstanding at once (default 1000)')
    .option('--domain-sample <n>', 'domain checks on 1 reply in n; all = every reply; auto (default) = every reply while the replies of the last second stay at or under 200/s, 1 in ⌈rate/200⌉ above')
    .option('--check-sample <n>', 'reply checks (XML, schema, envelope, Result) on 1 reply in n; all = every reply; auto (default) = every reply while the generator\'s event loop is busy under 70 % of the time or fewer than 50 replies come in 100 ms, sampled above (every reply\'s HTTP status and content type are checked)')
    .option('--pipelining <n>', 'HTTP/1.1 requests sent on one connection before the first answer (default 1)')
    .option('--shard <i/n>', 'send every n-th request from the i-th on (rate and concurrency divided by n); merge the shards\' load.json with cim9 load-merge')
    .option('--meter-prefix <text>', 'name of the meters beyond data.meters (default CIM9-LOAD-)')
    .option('--fault <id...>', 'faults of the embedded reference SUT', [])
    .option('--reports <dir>', 'where load.json and load.html go (default reports/load/<time>-<scenario>)')
    .option('-q, --quiet', 'no progress lines')
    .action(async (o) => {
      const { loadCommand } = await import('./load.ts');
      code = await loadCommand(o, io);
    });
  program
    .command('load-merge')
    .description('merge the load.json of the shards of a load run (cim9 load --shard i/n) into one report, judged against the profile\'s load: bounds')
    .argument('<files...>', 'the load.json of each shard')
    .option('--profile <file>', 'the bounds to judge by (default the profile the first shard ran with)')
    .option('--reports <dir>', 'where the merged load.json and load.html go')
    .action(async (files: string[], o: { profile?: string; reports?: string }) => {
      const { loadMergeCommand } = await import('./load.ts');
      code = await loadMergeCommand(files, o, io);
    });
  program
    .command('schemas')
    .description('list the schema packs (namespaces, files, sha256) or check that they compile: schemas list|check')
    .argument('[action]', 'list | check')
    .option('--edition <edition>', 'one pack: 2013, 2024, 2024-ed2 or draft-2011')
    .option('--dir <folder>', "a folder of the user's XSDs, overlaid on the edition's own pack")
    .addOption(new Option('--format <format>', 'text or json (every field, for machines)').choices(['text', 'json']).default('text'))
    .option('--json', 'the same as --format json')
    .action(async (action, o: { format: 'text' | 'json'; json?: boolean; edition?: string; dir?: string }) => {
      const { schemasCommand } = await import('./schemas.ts');
      code = await schemasCommand(action, { ...o, json: o.json || o.format === 'json' });
    });
  // an option given as an empty string (--profile "", --run "" from an unset shell variable) is never the default
  // silently: one line, exit 2 (cim9 run does the same for its file options, src/cli/run.ts)
  program.hook('preAction', async (_program, action) => {
    for (const o of action.options) {
      const key = o.attributeName();
      // cim9 load --meter-prefix "": meters named by their number alone
      if (key !== 'meterPrefix' && action.getOptionValue(key) === '') {
        const { UsageError } = await import('./run.ts');
        throw new UsageError(`${o.long ?? o.flags} needs a value, not an empty string`);
      }
    }
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (await isInputError(e)) {
      io.err(`cim9: ${(e as Error).message}\n`);
      return 2;
    }
    io.err(`cim9: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}
