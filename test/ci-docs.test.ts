/**
 * docs/ci.md is what an integration team copies into its pipeline: every cim9 command it shows must use options
 * `cim9 run` knows, every report file it names must be one a run writes, and the README must lead to it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCim9InProcess } from './cli.ts';

const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');

/** the `cim9 run ...` commands of the page's code blocks */
function runCommands(): string[] {
  const blocks = [...doc.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.match(/cim9 (run [^'"]*)/)?.[1]?.trim()).filter((c): c is string => !!c);
}

test('every cim9 run command of docs/ci.md uses options cim9 run documents', async () => {
  const commands = runCommands();
  assert.ok(commands.length >= 3, `expected a cim9 run command per CI system, found ${commands.length}`);
  const help = (await runCim9InProcess(['run', '--help'])).stdout;
  for (const command of commands) {
    for (const option of command.split(/\s+/).filter((w) => w.startsWith('-'))) {
      assert.match(help, new RegExp(`(^|[\\s,])${option.replace(/[-]/g, '\\-')}[\\s,<]`, 'm'), `${option} of "${command}" is not in cim9 run --help`);
    }
  }
});

test('the report files docs/ci.md names are the files a run writes', () => {
  const run = readFileSync(join(ROOT, 'src', 'cli', 'run.ts'), 'utf8') + readFileSync(join(ROOT, 'src', 'report', 'conformance.ts'), 'utf8') + readFileSync(join(ROOT, 'src', 'report', 'evidence.ts'), 'utf8');
  const named = [...doc.matchAll(/\| `([a-z.]+\.(?:xml|md|json|tar))` \|/g)].map((m) => m[1]);
  assert.ok(named.includes('junit.xml') && named.length >= 4, `the table names ${named.join(', ')}`);
  for (const file of named) assert.ok(run.includes(`'${file}'`), `${file} is named in docs/ci.md but no run writes it`);
});

test('the README leads to docs/ci.md', () => {
  assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /docs\/ci\.md/);
});
