import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** the repository (package) root */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function repoPath(...parts: string[]): string {
  return resolve(REPO_ROOT, ...parts);
}
