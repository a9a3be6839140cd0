import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** the repository (package) root */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
