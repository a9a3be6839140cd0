#!/usr/bin/env node
// cim9 command line. The installed package runs the build (dist/, JavaScript compiled by `npm run build`); a
// checkout of the repository runs its TypeScript sources through tsx (no build step, and never a stale build).
// CIM9_DIST=1 runs the build of a checkout (after `npm run build`), CIM9_DIST=0 the sources.
import { existsSync } from 'node:fs';

const built = new URL('../dist/src/cli/main.js', import.meta.url);
const sources = new URL('../src/cli/main.ts', import.meta.url);
const choice = process.env.CIM9_DIST;
const useBuild = choice === '1' || (choice !== '0' && existsSync(built) && !existsSync(sources));
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
