// The digest of what the build (dist/) is compiled from: every TypeScript file of src/, simulator/ and steps/, and the
// TypeScript settings. `node bin/build.js` writes it beside the build; bin/cim9.js runs the build of a checkout only
// when the digest still matches, so an edited source is never run from a stale build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** where the build keeps the digest of its sources, relative to the package root */
export const STAMP = join('dist', '.sources-sha256');

const TREES = ['src', 'simulator', 'steps'];
const FILES = ['tsconfig.json', 'tsconfig.build.json'];

function tsFiles(root, dir, out) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) tsFiles(root, rel, out);
    else if (e.isFile() && e.name.endsWith('.ts')) out.push(rel);
  }
}

/** sha256 over the path and bytes of every source of the build, in a fixed order */
export function sourcesDigest(root) {
  const files = [];
  for (const t of TREES) tsFiles(root, t, files);
  files.sort();
  const hash = createHash('sha256');
  for (const f of [...FILES, ...files]) {
    const p = join(root, f);
    if (!existsSync(p)) continue;
    hash.update(f).update('\0').update(readFileSync(p)).update('\0');
  }
  return hash.digest('hex');
}

/** true when the package root holds a build whose digest matches its sources */
export function buildIsFresh(root) {
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim() === sourcesDigest(root);
  } catch {
    return false;
  }
}
