/**
 * What the benches share: the key figures written as JSON for `npm run bench` (bench/all.bench.ts), so that its summary
 * never reads prose, and the xmllint they compare with.
 *
 * Every bench takes `--json FILE`: at its end it writes one JSON object there ({ bench: <name>, v: 1, ...figures });
 * without the option it writes nothing and prints its figures as before.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** the value of `--json FILE` (or `--json=FILE`) on the command line, if given */
export function jsonFile(argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf('--json');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--json='))?.slice('--json='.length);
}

/** write a bench's key figures to the `--json` file when one was asked for */
export function emitJson(bench: string, figures: Record<string, unknown>, file = jsonFile()): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ bench, v: 1, ...figures }, null, 1)}\n`);
}

const hasXmllint = () => spawnSync('xmllint', ['--version']).status === 0;
// xmllint's CPU time and peak memory are read from GNU time (Debian's package `time`)
const hasTime = () => existsSync('/usr/bin/time');

/**
 * xmllint (and /usr/bin/time, which measures it) present, or installed now: Debian's libxml2-utils (and time) through
 * apt-get, when this process runs as root and apt-get exists. What is already there is kept as it is. Returns
 * undefined when both are there, else the line that says how to install them.
 */
export function ensureXmllint(log: (line: string) => void = console.log): string | undefined {
  if (hasXmllint() && hasTime()) return undefined;
  const packages = [...(hasXmllint() ? [] : ['libxml2-utils']), ...(hasTime() ? [] : ['time'])];
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0) {
    log(`${hasXmllint() ? '/usr/bin/time' : 'xmllint'} is missing: apt-get install ${packages.join(' ')} ...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'ignore', env });
    if (hasXmllint() && hasTime()) return undefined;
  }
  return `${hasXmllint() ? '/usr/bin/time' : 'xmllint'} is missing and could not be installed here: install it (Debian/Ubuntu: \`sudo apt-get install ${packages.join(' ')}\`) and run the bench again`;
}
