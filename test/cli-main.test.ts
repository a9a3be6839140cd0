/**
 * The cim9 command line (src/cli/main.ts): subcommand modules load lazily, so that `cim9 validate` or `cim9 --help`
 * does not pay for the schema engine, Cucumber, fastify ... of the other commands; usage errors exit 2 with a
 * message and never a stack trace (in this process through main, the command line parsed as the bin does;
 * `--help` and a usage error of simulate run as child processes, node bin/cim9.js, the smoke tests of the command
 * line as a user meets it).
 * Run: node --import tsx --test test/cli-main.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT, runCim9, runCim9InProcess } from './cli.ts';

const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at |internal error/, s);

describe('cim9 command line', () => {
  test('src/cli/main.ts imports nothing but commander at start-up; each subcommand is imported in its action', () => {
    const src = readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
    const statics = [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    assert.deepEqual(statics, ['commander']);
    for (const m of ['./run.ts', './simulate.ts', './validate.ts', './faults.ts', './mutants.ts', './report.ts', './selftest.ts', './schemas.ts']) {
      assert.ok(src.includes(`await import('${m}')`), `${m} is imported lazily`);
    }
  });

  test('--help: exit 0, every subcommand listed', async () => {
    const r = await runCim9(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const c of ['run', 'simulate', 'validate', 'faults', 'mutants', 'report', 'selftest', 'schemas']) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'));
  });

  const usage: [string, string[], RegExp][] = [
    ['an unknown command', ['no-such-command'], /unknown command 'no-such-command'/],
    ['validate without a file', ['validate'], /missing required argument 'files'/],
    ['run with an unknown fault', ['run', '--fault', 'no-such-fault', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: unknown fault "no-such-fault"/m],
    ['run with an option lacking its value', ['run', '--profile'], /^cim9 run: --profile needs a value/m],
    ['run with a missing profile', ['run', '--profile', '/no/such/profile.yaml', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: \/no\/such\/profile\.yaml/m],
    ['simulate with a role the reference SUT does not play', ['simulate', '--role', 'OMS'], /^cim9: --role OMS: the reference SUT plays MDM and HES/m],
  ];
  for (const [what, args, message] of usage) {
    test(`usage error, exit 2: ${what}`, async () => {
      // simulate as a child process: its smoke test (its other tests start the simulator in this process)
      const r = await (args[0] === 'simulate' ? runCim9(args) : runCim9InProcess(args));
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, message);
      noStack(r.stderr);
    });
  }
});
