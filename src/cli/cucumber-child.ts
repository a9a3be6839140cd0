/**
 * The Cucumber process of `cim9 run`: Cucumber's programmatic API (@cucumber/cucumber/api, loadConfiguration then
 * runCucumber) instead of its command-line binary. `cim9 run` spawns it (with the tsx loader, for the steps in
 * TypeScript) and passes the Cucumber argv in CIM9_CUCUMBER_ARGV (JSON): the suite's formatters and plan, then the
 * user's options and paths, read by Cucumber's own parser. No configuration file of the working directory is read
 * (file: false): what runs is what `cim9 run` says. Exit code 0 success, 1 a scenario did not pass, 3 Cucumber
 * could not run (its message on stderr).
 */
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { stopGracefullyOn } from '../session/interrupt.ts';

stopGracefullyOn(['SIGINT', 'SIGTERM'], (line) => console.error(line));

async function main(): Promise<number> {
  const argv = JSON.parse(process.env['CIM9_CUCUMBER_ARGV'] ?? '[]') as string[];
  const cwd = process.cwd();
  const { runConfiguration } = await loadConfiguration({ file: false, provided: argv }, { cwd });
  const { success } = await runCucumber(runConfiguration, { cwd });
  return success ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (e) {
  console.error(`cim9 run: Cucumber could not run: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 3;
}
