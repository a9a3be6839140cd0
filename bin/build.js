#!/usr/bin/env node
// Compile the sources into dist/ (tsc -p tsconfig.build.json) and record the digest of what was compiled, so that
// bin/cim9.js runs the build only while it matches the sources; then bundle a Cucumber worker's support code into
// dist/worker/ (bin/worker-bundle.js).
//   --if-stale  do nothing when dist/ already matches the sources
//   --soft      never fail (npm's prepare step after `npm ci`): on failure say so in one line; cim9 then runs the sources
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsFresh, sourcesDigest, STAMP } from './sources-digest.js';
import { buildWorkerBundle } from './worker-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const soft = args.has('--soft');
const fail = (why) => {
  console.error(`cim9 build: ${why}${soft ? ' (cim9 runs from the TypeScript sources instead)' : ''}`);
  process.exit(soft ? 0 : 1);
};

if (args.has('--if-stale') && buildIsFresh(root)) {
  console.log('cim9 build: dist/ matches the sources');
  process.exit(0);
}
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  fail('TypeScript is not installed, no build');
}
const digest = sourcesDigest(root);
rmSync(join(root, 'dist'), { recursive: true, force: true });
const started = Date.now();
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
if (r.status !== 0) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  fail(`the build failed: ${`${r.stdout}${r.stderr}`.trim().split('\n')[0]?.slice(0, 200) ?? ''}`);
}
writeFileSync(join(root, STAMP), `${digest}\n`);
console.log(`cim9 build: dist/ compiled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
// the support code of a Cucumber worker in one file (bin/worker-bundle.js); without it the workers load the files
console.log(`cim9 build: ${await buildWorkerBundle(root, digest)}`);
