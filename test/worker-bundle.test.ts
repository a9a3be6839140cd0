/**
 * The Cucumber workers' one-file support code (bin/worker-bundle.js builds it, src/cli/worker-bundle.ts chooses it):
 * a run uses the bundle only when its manifest names exactly the files the coordinator loaded, in Cucumber's order,
 * and the sources the build was compiled from; the build lists the step files in the order Cucumber's own path
 * resolution gives; and the bundle of the checkout's build registers the same step definitions and hooks, in the same
 * order, as the step files it was made from (a worker gives them the coordinator's ids by their order).
 * Run: node --import tsx --test test/worker-bundle.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { supportCodeLibraryBuilder } from '@cucumber/cucumber';
import { workerBundleFor, WORKER_BUNDLE_ENV } from '../src/cli/worker-bundle.ts';
import { REPO_ROOT } from '../src/paths.ts';
// @ts-expect-error the build's helper is plain JavaScript without types
import { stepFiles, WORKER_DIR, WORKER_BUNDLE, WORKER_MANIFEST } from '../bin/worker-bundle.js';
// @ts-expect-error plain JavaScript without types
import { buildIsFresh } from '../bin/sources-digest.js';

const DIGEST = 'a'.repeat(64);

function fakeBuild(manifest: unknown, opts: { stamp?: string; bundle?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cim9-worker-bundle-'));
  mkdirSync(join(root, 'worker'));
  writeFileSync(join(root, '.sources-sha256'), `${opts.stamp ?? DIGEST}\n`);
  writeFileSync(join(root, 'worker', 'support.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  if (opts.bundle !== false) writeFileSync(join(root, 'worker', 'support.js'), '');
  return root;
}

test('the bundle is chosen only for the same files in the same order, from the same sources, and not when turned off', () => {
  const entries = ['steps/a.steps.js', 'steps/b.steps.js', 'steps/support/hooks.js'];
  const roots: string[] = [];
  const mk = (m: unknown, o?: { stamp?: string; bundle?: boolean }) => {
    const r = fakeBuild(m, o);
    roots.push(r);
    return r;
  };
  try {
    const root = mk({ digest: DIGEST, entries });
    const paths = entries.map((e) => join(root, e));
    assert.equal(workerBundleFor(paths, root, {}), join(root, 'worker', 'support.js'));
    assert.equal(workerBundleFor(paths, root, { [WORKER_BUNDLE_ENV]: '0' }), undefined, 'CIM9_WORKER_BUNDLE=0');
    assert.equal(workerBundleFor([...paths].reverse(), root, {}), undefined, 'another order');
    assert.equal(workerBundleFor(paths.slice(1), root, {}), undefined, 'a file fewer');
    assert.equal(workerBundleFor([...paths, join(root, 'steps/c.steps.js')], root, {}), undefined, 'a file more');
    assert.equal(workerBundleFor([], root, {}), undefined, 'no file');
    const other = mk({ digest: DIGEST, entries }, { stamp: 'b'.repeat(64) });
    assert.equal(workerBundleFor(entries.map((e) => join(other, e)), other, {}), undefined, 'a bundle of other sources');
    const noBundle = mk({ digest: DIGEST, entries }, { bundle: false });
    assert.equal(workerBundleFor(entries.map((e) => join(noBundle, e)), noBundle, {}), undefined, 'the manifest without its bundle');
    const broken = mk('{ not json');
    assert.equal(workerBundleFor(entries.map((e) => join(broken, e)), broken, {}), undefined, 'an unreadable manifest');
    const noDigest = mk({ entries });
    assert.equal(workerBundleFor(entries.map((e) => join(noDigest, e)), noDigest, {}), undefined, 'a manifest without a digest');
  } finally {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  }
});

const dist = join(REPO_ROOT, 'dist');
const built = existsSync(join(dist, WORKER_DIR, WORKER_MANIFEST)) && (buildIsFresh(REPO_ROOT) as boolean);

test("the build lists the step files in the order of Cucumber's own path resolution", { skip: !existsSync(join(dist, 'steps')) && 'no build (node bin/build.js)' }, async () => {
  const { resolvePaths } = createRequire(import.meta.url)('@cucumber/cucumber/lib/paths/paths') as {
    resolvePaths(logger: unknown, cwd: string, sources: { paths: string[] }, support: { requireModules: string[]; requirePaths: string[]; importPaths: string[]; loaders: string[] }): Promise<{ importPaths: string[] }>;
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const { importPaths } = await resolvePaths(quiet, REPO_ROOT, { paths: [] }, { requireModules: [], requirePaths: [], importPaths: ['dist/steps/**/*.js'], loaders: [] });
  assert.ok(importPaths.length > 30);
  assert.deepEqual(stepFiles(dist), importPaths);
});

test('the bundle of the build registers the step definitions and hooks of its step files, in their order', { skip: !built && 'no fresh build with a worker bundle (node bin/build.js)' }, async () => {
  type Library = { stepDefinitions: { keyword: string; pattern: string | RegExp }[]; beforeTestCaseHookDefinitions: unknown[]; afterTestCaseHookDefinitions: unknown[]; afterTestRunHookDefinitions: unknown[]; beforeTestRunHookDefinitions: unknown[]; parameterTypeRegistry: { parameterTypes: Iterable<{ name: string }> } };
  const load = async (files: readonly string[]) => {
    supportCodeLibraryBuilder.reset(REPO_ROOT, () => String(Math.random()));
    for (const f of files) await import(pathToFileURL(f).href);
    const lib = supportCodeLibraryBuilder.finalize() as unknown as Library;
    return {
      steps: lib.stepDefinitions.map((d) => `${d.keyword} ${String(d.pattern)}`),
      hooks: [lib.beforeTestCaseHookDefinitions.length, lib.afterTestCaseHookDefinitions.length, lib.beforeTestRunHookDefinitions.length, lib.afterTestRunHookDefinitions.length],
      parameterTypes: [...lib.parameterTypeRegistry.parameterTypes].map((p) => p.name),
    };
  };
  const files = stepFiles(dist) as string[];
  assert.equal(workerBundleFor(files, dist, {}), join(dist, WORKER_DIR, WORKER_BUNDLE), 'a run from this build gives its workers the bundle');
  const fromFiles = await load(files);
  const fromBundle = await load([join(dist, WORKER_DIR, WORKER_BUNDLE)]);
  assert.ok(fromFiles.steps.length > 300, `step definitions: ${fromFiles.steps.length}`);
  assert.deepEqual(fromBundle, fromFiles);
});
