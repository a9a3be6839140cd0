/**
 * cim9 command line.
 *   cim9 run [--profile FILE] [--fault ID]... [cucumber options] [feature paths]
 *   cim9 simulate [--role MDM|HES] [--port N] [--host H] [--fault ID]... [--oms URL]
 *   cim9 faults
 *   cim9 report
 *   cim9 selftest
 * Exit codes: 0 success, 1 the SUT failed (or a test failed), 2 usage or input error, 3 internal error.
 */
import { Command, CommanderError } from 'commander';
import { ProfileError } from '../profile/index.ts';
import { UnknownFaultError, FAULTS } from '../../simulator/faults/catalogue.ts';
import { runSuite, parseRunArgs, UsageError } from './run.ts';
import { simulate } from './simulate.ts';
import { buildAllureReport } from './report.ts';
import { selftest } from './selftest.ts';

function isInputError(e: unknown): boolean {
  return e instanceof ProfileError || e instanceof UnknownFaultError || e instanceof UsageError;
}

export async function main(argv: string[]): Promise<number> {
  // `run` passes Cucumber's options through unchanged, so it is parsed by hand
  if (argv[0] === 'run') {
    try {
      return await runSuite(parseRunArgs(argv.slice(1)));
    } catch (e) {
      if (isInputError(e)) {
        console.error(`cim9 run: ${(e as Error).message}`);
        return 2;
      }
      console.error(`cim9 run: internal error: ${(e as Error).stack ?? String(e)}`);
      return 3;
    }
  }
  let code = 0;
  const program = new Command('cim9')
    .description('IEC 61968-9 / IEC 61968-100 conformance and interoperability test suite')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.command('run').description('run the conformance suite (see README); Cucumber options pass through').allowUnknownOption();
  program
    .command('simulate')
    .description('run the reference SUT on its own')
    .option('--role <role...>', 'roles to play: MDM, HES', ['MDM', 'HES'])
    .option('--host <host>', 'bind address', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', '8080')
    .option('--fault <id...>', 'switch on simulator faults (see cim9 faults)', [])
    .option('--oms <url>', "where the simulator publishes events to the OMS (the OMS's ReceiveEndDeviceEvents)")
    .option('--master-data-subscriber <url>', 'where the simulator publishes its master-data changes (created/changed/deleted <Config>, UC-29)')
    .option('--soap <version>', 'SOAP version of messages the simulator starts', '1.1')
    .action(async (o) => {
      code = await simulate(o);
    });
  program
    .command('validate')
    .description('check message files (bare payload, IEC 61968-100 envelope or SOAP message): XML, schema, then the rules of src/checks; exit 0 no error, 1 errors, 2 usage or unreadable input')
    .argument('<files...>', 'message files')
    .option('--edition <edition>', 'schema pack and rules of this edition: 2013 or 2024 (default: the profile\'s, else 2013)')
    .option('--strict', 'certification mode: the strict defaults of the assumption register')
    .option('--format <format>', 'text (one finding per line) or json', 'text')
    .option('--profile <file>', 'take edition, strict, assumptions, schema pack, size limit and clock skew from a test profile')
    .option('--assume <id=value>', 'set an assumption, e.g. ENV-09=strict (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--conversation', 'also check the files as the messages of one exchange, in the order given')
    .option('--soap-action <uri>', 'the SOAP action the messages came with (checked against their operation)')
    .option('--max-bytes <n>', 'size limit of a file in bytes (default 16 MiB)')
    .action(async (files: string[], o) => {
      const { validate } = await import('./validate.ts');
      code = await validate(files, o);
    });
  program
    .command('faults')
    .description('list the faults of the reference SUT')
    .action(() => {
      for (const f of FAULTS) console.log(`${f.id.padEnd(30)} ${f.roles.join(',').padEnd(8)} violates ${f.violates}\n${''.padEnd(40)}${f.description}`);
    });
  program
    .command('mutants')
    .description('mutation run: the suite against the clean reference SUT, once per fault and with all faults at once (2 lanes); every fault must be caught and every scenario must catch one (reports/mutants.md, mutants.json)')
    .option('--fault <id...>', 'run only these faults (then scenarios that catch nothing are not reported)', [])
    .option('--lanes <n>', 'child runs at a time (default: 2, or 1 on a single core)')
    .option('--ledger <file>', 'faults allowed to survive and scenarios allowed to catch nothing, with reasons (default simulator/faults/ledger.yaml)')
    .option('--profile <file>', 'run every fault under this profile of the embedded reference SUT (default: each fault under the reference profile of its editions, profiles/reference.yaml and profiles/reference-2024.yaml)')
    .option('--reports <dir>', 'where mutants.json, mutants.md and mutants/<id>/ go (default reports)')
    .option('--no-combined', 'skip the run with every fault at once')
    .action(async (o) => {
      const { mutants } = await import('./mutants.ts');
      code = await mutants(o);
    });
  program
    .command('report')
    .description('build the Allure 3 report in reports/allure from the last run')
    .action(async () => {
      code = await buildAllureReport();
    });
  program
    .command('selftest')
    .description('prove the suite: a clean run against the reference SUT passes and each fault makes it fail')
    .option('--all-faults', 'run every fault, not only the fast subset')
    .action(async (o) => {
      code = await selftest({ allFaults: !!o.allFaults });
    });
  program
    .command('schemas')
    .description('list the schema packs (namespaces, files, sha256) or check that they compile: schemas list|check')
    .argument('[action]', 'list | check')
    .option('--edition <edition>', 'one pack: 2013, 2024, 2024-ed2 or draft-2011')
    .option('--dir <folder>', "a folder of the user's XSDs, overlaid on the edition's own pack")
    .option('--json', 'machine-readable output')
    .action(async (action, o) => {
      code = await (await import('./schemas.ts')).schemasCommand(action, o);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isInputError(e)) {
      console.error(`cim9: ${(e as Error).message}`);
      return 2;
    }
    console.error(`cim9: internal error: ${(e as Error).stack ?? String(e)}`);
    return 3;
  }
}
