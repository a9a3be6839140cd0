/**
 * Which support code a Cucumber worker of `cim9 run --workers N` imports: the build's one-file bundle of the step files
 * and everything they import (dist/worker/support.js, made by bin/worker-bundle.js), or the step files themselves.
 *
 * Cucumber's coordinator (this process) loads the step files and hands each worker their paths; a worker imports them
 * and gives the step definitions, in the order they register, the ids of the coordinator's. The bundle imports the same
 * files in the same order, so it registers the same definitions in the same order. It is used only when its manifest
 * lists exactly the files the coordinator loaded, in Cucumber's order, and was made from the sources the build was
 * compiled from (dist/.sources-sha256); otherwise, and with CIM9_WORKER_BUNDLE=0, the workers import the files.
 * The step definitions' locations in Cucumber's messages come from the coordinator: the steps' own files and lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CODE_ROOT } from '../paths.ts';

export const WORKER_BUNDLE_ENV = 'CIM9_WORKER_BUNDLE';

/** the bundle's folder and files under the build's root (dist/), as bin/worker-bundle.js writes them */
export const WORKER_BUNDLE_FILES = { dir: 'worker', bundle: 'support.js', manifest: 'support.json' } as const;

/**
 * The file a worker imports instead of `importPaths` (the absolute paths of the support files the coordinator loaded,
 * in its order), or undefined when the workers must import those files: no bundle, a bundle of other files, or of
 * other sources. `codeRoot` is the build's folder (dist/); `stamp` its digest of the sources.
 */
export function workerBundleFor(importPaths: readonly string[], codeRoot: string = CODE_ROOT, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env[WORKER_BUNDLE_ENV] === '0' || !importPaths.length) return undefined;
  const dir = join(codeRoot, WORKER_BUNDLE_FILES.dir);
  let manifest: { digest?: unknown; entries?: unknown };
  let stamp: string;
  try {
    manifest = JSON.parse(readFileSync(join(dir, WORKER_BUNDLE_FILES.manifest), 'utf8')) as typeof manifest;
    stamp = readFileSync(join(codeRoot, '.sources-sha256'), 'utf8').trim();
  } catch {
    return undefined;
  }
  if (typeof manifest.digest !== 'string' || manifest.digest !== stamp || !Array.isArray(manifest.entries)) return undefined;
  const wanted = importPaths.map((p) => relative(codeRoot, p).split('\\').join('/'));
  const entries = manifest.entries as unknown[];
  if (entries.length !== wanted.length || entries.some((e, i) => e !== wanted[i])) return undefined;
  const bundle = join(dir, WORKER_BUNDLE_FILES.bundle);
  return existsSync(bundle) ? bundle : undefined;
}
