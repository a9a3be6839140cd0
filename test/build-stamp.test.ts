/**
 * bin/cim9.js runs the build of a checkout only while it matches the sources (issue 18: prebuilt JavaScript for what a
 * user starts, never a stale build). A throw-away package with a stand-in build and stand-in sources shows which one
 * the command picks.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';

const { buildIsFresh, sourcesDigest, STAMP } = (await import(join(REPO_ROOT, 'bin', 'sources-digest.js'))) as {
  buildIsFresh: (root: string) => boolean;
  sourcesDigest: (root: string) => string;
  STAMP: string;
};

const root = join(REPO_ROOT, '.tmp', `build-stamp-${process.pid}`);
after(() => rmSync(root, { recursive: true, force: true }));

function lay(): void {
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'src/cli', 'dist/src/cli', 'simulator', 'steps']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cim9-stamp-test', type: 'module' }));
  for (const f of ['cim9.js', 'sources-digest.js']) copyFileSync(join(REPO_ROOT, 'bin', f), join(root, 'bin', f));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'src/cli/main.ts'), "export async function main(): Promise<number> { console.log('sources'); return 0; }\n");
  writeFileSync(join(root, 'simulator/x.ts'), 'export const x = 1;\n');
  writeFileSync(join(root, 'dist/src/cli/main.js'), "export async function main() { console.log('build'); return 0; }\n");
}

function picks(env: Record<string, string> = {}): string {
  const e: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', ...env };
  if (!('CIM9_DIST' in env)) delete e['CIM9_DIST'];
  const r = spawnSync(process.execPath, [join(root, 'bin', 'cim9.js')], { cwd: root, env: e, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('the digest covers the sources: any change to a source, a new one or a missing stamp makes the build stale', () => {
  lay();
  assert.equal(buildIsFresh(root), false, 'no stamp: not fresh');
  writeFileSync(join(root, STAMP), `${sourcesDigest(root)}\n`);
  assert.equal(buildIsFresh(root), true);
  writeFileSync(join(root, 'simulator/x.ts'), 'export const x = 2;\n');
  assert.equal(buildIsFresh(root), false, 'an edited source');
  writeFileSync(join(root, STAMP), `${sourcesDigest(root)}\n`);
  writeFileSync(join(root, 'steps/new.ts'), 'export {};\n');
  assert.equal(buildIsFresh(root), false, 'a new source');
  writeFileSync(join(root, STAMP), `${sourcesDigest(root)}\n`);
  writeFileSync(join(root, 'steps/notes.md'), 'not a source\n');
  assert.equal(buildIsFresh(root), true, 'a file the build does not compile');
});

test('bin/cim9.js runs a build that matches the sources, the sources when it is stale or absent, and obeys CIM9_DIST', () => {
  lay();
  assert.equal(picks(), 'sources', 'a build without a stamp is not trusted');
  writeFileSync(join(root, STAMP), `${sourcesDigest(root)}\n`);
  assert.equal(picks(), 'build');
  assert.equal(picks({ CIM9_DIST: '0' }), 'sources');
  writeFileSync(join(root, 'src/cli/main.ts'), "export async function main(): Promise<number> { console.log('sources'); return 0; }\n// edited\n");
  assert.equal(picks(), 'sources', 'an edited source never runs from the stale build');
  assert.equal(picks({ CIM9_DIST: '1' }), 'build');
  rmSync(join(root, 'src'), { recursive: true, force: true });
  assert.equal(picks(), 'build', 'no sources beside the build: the installed package');
});
