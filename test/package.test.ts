/**
 * The npm package (issue 17 item 5, issue 18): what `npm pack` ships, and that a build runs without tsx and without
 * the sources. The build goes into a throw-away package folder under .tmp/ (its own package.json named cim9, bin/, the
 * compiled dist/, and links to the assets), laid out as an installed package is: bin/cim9.js must pick dist/ there,
 * REPO_ROOT must be that folder, and `--version` and `list` must work. The full check (npm pack, npm install of the
 * tarball into an empty folder, npx cim9 run) is `npm run test:package` (test/package-install.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean; files: string[]; dependencies: Record<string, string>; scripts: Record<string, string> };

test('package.json: publishable, builds before packing, tsx is not a run-time dependency', () => {
  assert.equal(pkg.private, undefined);
  assert.match(pkg.scripts['prepack'] ?? '', /npm run build/);
  assert.match(pkg.scripts['build'] ?? '', /node bin\/build\.js/);
  assert.match(pkg.scripts['prepare'] ?? '', /node bin\/build\.js --if-stale --soft/, 'npm ci builds, and a failed build never fails npm ci');
  assert.equal(pkg.dependencies['tsx'], undefined, 'the build runs without tsx');
  assert.ok(existsSync(join(REPO_ROOT, 'LICENSE')));
  assert.match(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
});

test('npm pack ships the command, the assets and the docs, and no tests, benchmarks or CI files', () => {
  // --ignore-scripts: no build here (dist/ may be absent in a checkout); the files list decides the rest
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  const has = (p: string) => files.includes(p);
  const under = (dir: string) => files.some((f) => f.startsWith(dir));
  for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/cim9.js', 'bin/sources-digest.js', 'profiles/reference.yaml', 'profiles/profile.schema.json', 'simulator/faults/ledger.yaml']) assert.ok(has(f), `${f} is packed`);
  for (const d of ['features/', 'fixtures/schemas/2013/', 'fixtures/schemas/2024/', 'fixtures/schemas/draft-2011/']) assert.ok(under(d), `${d} is packed`);
  if (existsSync(join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'))) assert.ok(has('dist/src/cli/main.js') && under('dist/steps/'), 'the build is packed');
  for (const d of ['test/', 'bench/', '.ci/', 'src/', 'steps/', 'reports/', 'node_modules/', '.tmp/']) assert.ok(!under(d), `nothing of ${d} is packed`);
  assert.ok(!files.some((f) => f.endsWith('.ts')), 'no TypeScript source is packed');
});

test('a build, laid out as the installed package, runs --version and list without tsx or the sources', { timeout: 180_000 }, () => {
  const root = join(REPO_ROOT, '.tmp', `package-test-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'bin'), { recursive: true });
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', join(root, 'dist')], { cwd: REPO_ROOT, stdio: 'pipe' });
    copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
    for (const f of ['cim9.js', 'sources-digest.js']) copyFileSync(join(REPO_ROOT, 'bin', f), join(root, 'bin', f));
    for (const d of ['features', 'profiles', 'fixtures']) symlinkSync(join(REPO_ROOT, d), join(root, d), 'dir');
    assert.ok(!existsSync(join(root, 'src')) && existsSync(join(root, 'dist', 'src', 'cli', 'cucumber-child.js')) && existsSync(join(root, 'dist', 'steps', 'support', 'hooks.js')));
    // no sources next to the build: bin/cim9.js picks dist/ by itself (CIM9_DIST unset), as in an installed package
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    delete env['CIM9_DIST'];
    const version = spawnSync(process.execPath, [join(root, 'bin', 'cim9.js'), '--version'], { cwd: root, env, encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);
    const list = spawnSync(process.execPath, [join(root, 'bin', 'cim9.js'), 'list', '--format', 'json'], { cwd: root, env, encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    const scenarios = JSON.parse(list.stdout) as unknown[];
    assert.ok(Array.isArray(scenarios) && scenarios.length > 50, `list gives the scenarios (${Array.isArray(scenarios) ? scenarios.length : typeof scenarios})`);
    // the compiled paths module finds the throw-away package as its root, and the build's child and steps
    const probe = spawnSync(process.execPath, ['--input-type=module', '-e', `const p = await import(${JSON.stringify(new URL(`file://${join(root, 'dist', 'src', 'paths.js')}`).href)}); const r = await import(${JSON.stringify(new URL(`file://${join(root, 'dist', 'src', 'cli', 'run.js')}`).href)}); console.log(JSON.stringify({ root: p.REPO_ROOT, built: p.BUILT, child: r.cucumberChildArgs(), steps: r.stepsGlob() }))`], { cwd: root, env, encoding: 'utf8' });
    assert.equal(probe.status, 0, probe.stderr);
    const seen = JSON.parse(probe.stdout) as { root: string; built: boolean; child: string[]; steps: string };
    assert.equal(seen.root, root);
    assert.equal(seen.built, true);
    assert.deepEqual(seen.child, [join(root, 'dist', 'src', 'cli', 'cucumber-child.js')]);
    assert.equal(seen.steps, 'dist/steps/**/*.js');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('from the sources the Cucumber child and the steps go through tsx', async () => {
  const { cucumberChildArgs, stepsGlob } = await import('../src/cli/run.ts');
  assert.deepEqual(cucumberChildArgs(), ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'cucumber-child.ts')]);
  assert.equal(stepsGlob(), 'steps/**/*.ts');
});
