#!/usr/bin/env node
// cim9 command line. It runs the build (dist/, JavaScript compiled by `npm run build`, which `npm ci` runs too) when
// there is one that matches the sources: always in the installed package (no sources beside it), in a checkout only
// while the digest of the sources the build recorded still matches them. Otherwise it runs the TypeScript sources
// through tsx, so an edited source never runs from a stale build. CIM9_DIST=1 forces the build, CIM9_DIST=0 the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildIsFresh } from './sources-digest.js';

const built = new URL('../dist/src/cli/main.js', import.meta.url);
const sources = new URL('../src/cli/main.ts', import.meta.url);
const choice = process.env.CIM9_DIST;
if (choice !== undefined && choice !== '' && choice !== '0' && choice !== '1') {
  console.error(`cim9: CIM9_DIST=${JSON.stringify(choice)}: 1 (run the build, dist/) or 0 (run the sources); unset, the build when it matches the sources`);
  process.exit(2);
}
const useBuild =
  choice === '1' || (choice !== '0' && existsSync(built) && (!existsSync(sources) || buildIsFresh(fileURLToPath(new URL('..', import.meta.url)))));
let main;
if (useBuild) {
  if (!existsSync(built)) {
    console.error('cim9: CIM9_DIST=1 but there is no build (dist/src/cli/main.js): run npm run build');
    process.exit(2);
  }
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
}
process.exitCode = await main(process.argv.slice(2));
