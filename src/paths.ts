import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The package root: the nearest folder above this module whose package.json is named cim9. The same folder from the
 * sources (src/paths.ts) and from the build (dist/src/paths.js), in a checkout and in an installed package; the
 * suite's assets (features/, profiles/, fixtures/schemas/ ...) are found from it.
 */
export const REPO_ROOT = findPackageRoot(HERE, 'cim9');

/**
 * The folder the running code lives in: REPO_ROOT itself when it runs from the TypeScript sources (through tsx), the
 * build's output folder (dist/) when it runs as JavaScript. Holds src/, simulator/ and steps/ either way.
 */
export const CODE_ROOT = resolve(HERE, '..');

/** true when this is the build (JavaScript, dist/): the Cucumber child and the steps are loaded without tsx */
export const BUILT = fileURLToPath(import.meta.url).endsWith('.js');

function findPackageRoot(from: string, name: string): string {
  let dir = from;
  for (;;) {
    const pj = resolve(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === name) return dir;
      } catch {
        // not a package.json to trust: go on upwards
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(from, '..');
    dir = up;
  }
}

export function repoPath(...parts: string[]): string {
  return resolve(REPO_ROOT, ...parts);
}

/** the folder of an installed package (walks up from its main entry to its package.json) */
export function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (let i = 0; i < 10; i++) {
    const pj = resolve(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === name) return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the folder of package ${name}`);
}

/** the path of a package's command (its package.json `bin`) */
export function packageBin(name: string, command = name): string {
  const root = packageRoot(name);
  const bin = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> }).bin;
  const rel = typeof bin === 'string' ? bin : bin?.[command];
  if (!rel) throw new Error(`package ${name} has no command ${command}`);
  return resolve(root, rel);
}
