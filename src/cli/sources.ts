/**
 * Cucumber's loadSources (which scenarios a tag expression, names and paths select), remembered per process.
 *
 * A run asks it once per exclusion of its profile's plan (src/cli/plan.ts: a dozen times for the 2013 reference
 * profile) and once for its own selection (src/cli/run.ts), and each call parses every feature file again: some
 * 0.4–0.8 s of CPU per run. A lane worker of `cim9 mutants` / `cim9 selftest` runs hundreds of runs in one process,
 * mostly under the same few profiles, so the answers repeat. They are kept per process, keyed by the question and by
 * the identity of every feature file (inode, size, times of change in nanoseconds): a feature file that changed,
 * appeared or went away is another key, and is parsed again. Paths outside the features folder are never kept.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { loadSources } from '@cucumber/cucumber/api';
import type { ILoadSourcesResult } from '@cucumber/cucumber/api';
import { REPO_ROOT } from '../paths.ts';

const FEATURES = join(REPO_ROOT, 'features');

/** the question, as loadSources takes it (the dialect and order are always English and as defined) */
export interface SourcesQuestion {
  paths: readonly string[];
  names: readonly string[];
  tagExpression: string;
}

const answers = new Map<string, ILoadSourcesResult>();

/** every feature file under the features folder with its identity, or undefined when the folder cannot be read */
function featuresSignature(): string | undefined {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.feature')) {
        const st = statSync(p, { bigint: true });
        out.push(`${p}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`);
      }
    }
  };
  try {
    walk(FEATURES);
  } catch {
    return undefined;
  }
  return out.sort().join('\n');
}

/** whether every path lies in the features folder (a glob or a file, with or without :line), so the signature covers it */
function insideFeatures(paths: readonly string[]): boolean {
  return paths.length > 0 && paths.every((p) => resolve(REPO_ROOT, p.replace(/(:\d+)+$/, '')).startsWith(FEATURES + sep));
}

/** loadSources in the repository, remembered per process while no feature file changes */
export async function plannedPickles(q: SourcesQuestion): Promise<ILoadSourcesResult> {
  const signature = insideFeatures(q.paths) ? featuresSignature() : undefined;
  const key = signature === undefined ? undefined : JSON.stringify([q.paths, q.names, q.tagExpression, signature]);
  const known = key === undefined ? undefined : answers.get(key);
  if (known) return { plan: known.plan.map((p) => ({ ...p, location: { ...p.location } })), errors: [...known.errors] };
  const r = await loadSources({ defaultDialect: 'en', paths: [...q.paths], names: [...q.names], tagExpression: q.tagExpression, order: 'defined' }, { cwd: REPO_ROOT });
  if (key !== undefined) {
    // a bound on what a long process keeps: the plans of a few profiles and the selections of the latest runs
    if (answers.size >= 256) answers.delete(answers.keys().next().value!);
    answers.set(key, r);
  }
  return { plan: r.plan.map((p) => ({ ...p, location: { ...p.location } })), errors: [...r.errors] };
}
