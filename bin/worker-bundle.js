// The support code of a Cucumber worker in one file (issue 18, a worker's start-up): dist/worker/support.js, every
// compiled step file (dist/steps/**/*.js, in the order Cucumber imports them) and what they import — src/ and the
// third-party packages — bundled by esbuild, @cucumber/cucumber and libxml2-wasm left outside (the worker's Cucumber
// must be the one its step definitions register with; libxml2-wasm loads its .wasm file beside its own module).
// A worker of `cim9 run --workers N` imports this one file instead of some 560 modules (src/cli/worker-bundle.ts).
// The coordinator (cim9 run's own process) still loads the step files themselves: the step definitions' locations in
// Cucumber's messages and reports are the steps' own files and lines. dist/worker/support.json records the entries and
// the digest of the sources the build was made from; a run uses the bundle only when both match.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const WORKER_DIR = 'worker';
export const WORKER_BUNDLE = 'support.js';
export const WORKER_MANIFEST = 'support.json';

/** the compiled step and support files, absolute, sorted as Cucumber sorts the files of its --import glob */
export function stepFiles(dist) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.isFile() && e.name.endsWith('.js')) out.push(join(dir, e.name));
    }
  };
  walk(join(dist, 'steps'));
  return out.sort();
}

/**
 * Bundle the worker's support code into dist/worker/. Returns a line to print; never throws (the workers then import
 * the step files one by one, as before: slower, the same run).
 */
export async function buildWorkerBundle(root, digest) {
  const dist = join(root, 'dist');
  const out = join(dist, WORKER_DIR);
  rmSync(out, { recursive: true, force: true });
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return 'no worker bundle: esbuild is not installed (the workers load the step files one by one)';
  }
  const entries = stepFiles(dist);
  if (!entries.length || !existsSync(join(dist, 'steps'))) return 'no worker bundle: dist/steps/ holds no step file';
  const started = Date.now();
  try {
    await esbuild.build({
      stdin: { contents: entries.map((f) => `import ${JSON.stringify(`./${relative(dist, f).split('\\').join('/')}`)};`).join('\n'), resolveDir: dist, sourcefile: 'worker-entry.js', loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: join(out, WORKER_BUNDLE),
      external: ['@cucumber/cucumber', '@cucumber/cucumber/*', 'libxml2-wasm'],
      // the CommonJS packages inside an ES module file: their require() of Node's modules
      banner: { js: "import { createRequire as __cim9CreateRequire } from 'node:module'; const require = __cim9CreateRequire(import.meta.url);" },
      legalComments: 'inline',
      logLevel: 'silent',
    });
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    return `no worker bundle: esbuild failed (${String(e?.message ?? e).split('\n')[0].slice(0, 200)}); the workers load the step files one by one`;
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, WORKER_MANIFEST), `${JSON.stringify({ digest, entries: entries.map((f) => relative(dist, f).split('\\').join('/')) }, null, 1)}\n`);
  return `worker bundle dist/${WORKER_DIR}/${WORKER_BUNDLE} (${entries.length} step files) in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}
