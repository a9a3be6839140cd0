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
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

import { ROOT, runCim9, runCim9InProcess } from './cli.ts';

const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at |internal error/, s);

describe('cim9 command line', () => {
  test('src/cli/main.ts imports nothing but commander at start-up; each subcommand is imported in its action', () => {
    const src = readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
    const statics = [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    assert.deepEqual(statics, ['commander']);
    for (const m of ['./run.ts', './simulate.ts', './validate.ts', './faults.ts', './mutants.ts', './report.ts', './selftest.ts', './schemas.ts', './list.ts']) {
      assert.ok(src.includes(`await import('${m}')`), `${m} is imported lazily`);
    }
  });

  test('--help: exit 0, every subcommand listed', async () => {
    const r = await runCim9(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const c of ['run', 'simulate', 'validate', 'faults', 'mutants', 'report', 'selftest', 'schemas', 'list', 'prune', 'verify', 'coverage']) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'));
  });

  const usage: [string, string[], RegExp][] = [
    ['an unknown command', ['no-such-command'], /unknown command 'no-such-command'/],
    ['validate without a file', ['validate'], /missing required argument 'files'/],
    ['run with an unknown fault', ['run', '--fault', 'no-such-fault', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: unknown fault "no-such-fault"/m],
    ['run with an option lacking its value', ['run', '--profile'], /^cim9 run: --profile needs a value/m],
    ['run with a missing profile', ['run', '--profile', '/no/such/profile.yaml', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: \/no\/such\/profile\.yaml/m],
    ['run with an option neither cim9 nor Cucumber knows', ['run', '--out', 'x', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: unknown option '--out' \(cim9 run --help lists the options\)$/m],
    ['run with a bad tag expression', ['run', '--tags', '@a and (', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: --tags @a and \(: not a tag expression: /m],
    ['run with a tag expression no scenario matches', ['run', '--tags', '@no-such-tag', '--reports', '/tmp/cim9-cli-main-test'], /^cim9 run: no scenario matches --tags @no-such-tag /m],
    ['schemas with a format it does not know', ['schemas', 'list', '--format', 'yaml'], /argument 'yaml' is invalid/],
    ['simulate with a role the reference SUT does not play', ['simulate', '--role', 'DRMS'], /^cim9: --role DRMS: the reference SUT plays MDM, HES, CIS and OMS/m],
  ];
  for (const [what, args, message] of usage) {
    test(`usage error, exit 2: ${what}`, async () => {
      // simulate as a child process: its smoke test (its other tests start the simulator in this process)
      const r = await (args[0] === 'simulate' ? runCim9(args) : runCim9InProcess(args));
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      noStack(r.stderr);
      if (args[0] === 'run') assert.ok(!existsSync('/tmp/cim9-cli-main-test'), 'no report written');
    });
  }

  test('--version prints the version of package.json', async () => {
    const r = await runCim9InProcess(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  test('run --help, help run and run --dry-run touch no report; --dry-run lists what would run and what is not applicable', async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-untouched-'));
    try {
      writeFileSync(join(dir, 'conformance.json'), '{"earlier":"run"}');
      // in this process: the child-process smoke tests of run are the real runs (pointing, hostile-report)
      for (const help of [['run', '--help', '--reports', dir], ['help', 'run']]) {
        const r = await runCim9InProcess(help);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^cim9 options:$/m);
        assert.match(r.stdout, /--profile <file>/);
        assert.match(r.stdout, /^Cucumber options pass through/m);
      }
      const r = await runCim9InProcess(['run', '--dry-run', '--reports', dir, '--tags', '@uc:on-request-read']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\d+ scenario\(s\) would run:$/m);
      assert.match(r.stdout, /^  features\/on-request-read\.feature:\d+  The CIS reads/m);
      assert.match(r.stdout, /^\d+ scenario\(s\) not applicable to this profile:$/m);
      assert.deepEqual(readdirSync(dir), ['conformance.json']);
      assert.equal(readFileSync(join(dir, 'conformance.json'), 'utf8'), '{"earlier":"run"}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
