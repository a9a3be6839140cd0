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
    .option('--soap <version>', 'SOAP version of messages the simulator starts', '1.1')
    .action(async (o) => {
      code = await simulate(o);
    });
  program
    .command('faults')
    .description('list the faults of the reference SUT')
    .action(() => {
      for (const f of FAULTS) console.log(`${f.id.padEnd(30)} ${f.roles.join(',').padEnd(8)} violates ${f.violates}\n${''.padEnd(40)}${f.description}`);
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
