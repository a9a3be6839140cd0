/**
 * The import graph keeps the simulator a separate component (docs/architecture.md "Layers"): no module of src/ other
 * than src/cli reaches simulator/ (the CLI starts the embedded reference SUT, not the session), and the simulator
 * never reaches src/session or src/cli. Imports are read with the TypeScript compiler's pre-processor (static
 * imports, re-exports, `import()` and `import type`), resolved to files, and followed transitively.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../src/paths.ts';

/** every .ts file under a folder of the repository, as repository-relative paths with / */
function sources(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel(p));
    }
  };
  walk(resolve(REPO_ROOT, folder));
  return out.sort();
}

const rel = (p: string) => relative(REPO_ROOT, p).split(sep).join('/');

/** the repository files a module imports (relative specifiers only: packages are not part of the layering) */
export function importsOf(file: string, text = readFileSync(resolve(REPO_ROOT, file), 'utf8')): string[] {
  const info = ts.preProcessFile(text, true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    if (!spec.startsWith('.')) continue;
    const base = resolve(REPO_ROOT, dirname(file), spec);
    const candidates = [base, `${base}.ts`, join(base, 'index.ts')];
    const hit = candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile());
    if (hit) out.push(rel(hit));
  }
  return out;
}

/** the module graph of the given files and whatever they reach */
function graph(roots: string[]): Map<string, string[]> {
  const g = new Map<string, string[]>();
  const todo = [...roots];
  while (todo.length) {
    const f = todo.pop()!;
    if (g.has(f)) continue;
    const deps = importsOf(f);
    g.set(f, deps);
    todo.push(...deps);
  }
  return g;
}

/** the first import chain from `from` to a module `bad` accepts, or undefined */
function chainTo(g: Map<string, string[]>, from: string, bad: (f: string) => boolean): string[] | undefined {
  const seen = new Set<string>([from]);
  const queue: string[][] = [[from]];
  while (queue.length) {
    const path = queue.shift()!;
    for (const next of g.get(path[path.length - 1]!) ?? []) {
      if (bad(next)) return [...path, next];
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([...path, next]);
      }
    }
  }
  return undefined;
}

const SRC = sources('src');
const SIMULATOR = sources('simulator');
const G = graph([...SRC, ...SIMULATOR]);
const inSimulator = (f: string) => f.startsWith('simulator/');
const inCli = (f: string) => f.startsWith('src/cli/');
const inSession = (f: string) => f.startsWith('src/session/');

test('the import reader sees real imports (the layer tests are not vacuous)', () => {
  assert.ok(SRC.length > 50 && SIMULATOR.length > 10, `${SRC.length} src modules, ${SIMULATOR.length} simulator modules`);
  // the CLI does start the simulator, and the simulator does build on the message layer
  assert.ok(chainTo(G, 'src/cli/embedded.ts', inSimulator), 'src/cli/embedded.ts should reach simulator/');
  assert.ok(G.get('simulator/server.ts')!.includes('src/message/index.ts'));
  // every form of import counts: type-only, re-export, dynamic
  const probe = "import type { A } from '../../simulator/a.ts';\nexport { b } from './b.ts';\nconst c = await import('../c.ts');\n";
  const specs = ts.preProcessFile(probe, true, true).importedFiles.map((r) => r.fileName);
  assert.deepEqual(specs, ['../../simulator/a.ts', './b.ts', '../c.ts']);
});

test('no module of src/ other than src/cli reaches simulator/ (the CLI starts the embedded reference SUT)', () => {
  const bad: string[] = [];
  for (const f of SRC.filter((x) => !inCli(x))) {
    const chain = chainTo(G, f, inSimulator);
    if (chain) bad.push(chain.join(' -> '));
  }
  assert.deepEqual(bad, []);
});

test('the simulator reaches neither src/session nor src/cli', () => {
  const bad: string[] = [];
  for (const f of SIMULATOR) {
    const chain = chainTo(G, f, (x) => inSession(x) || inCli(x));
    if (chain) bad.push(chain.join(' -> '));
  }
  assert.deepEqual(bad, []);
});
