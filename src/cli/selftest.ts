/**
 * `cim9 selftest`: the suite proves itself against its own reference SUT.
 * 1. A clean run passes every applicable scenario and writes every report.
 * 2. Each fault of the simulator (the fast subset by default) makes the run fail with verdict
 *    `failed` (the SUT is wrong), never `error` (the suite broke), and names the violated rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS } from '../../simulator/faults/catalogue.ts';
import { repoPath } from '../paths.ts';
import { runSuite, reportsExist } from './run.ts';
import type { ScenarioRecord } from '../report/conformance.ts';

/** the faults `npm test` runs; `--all-faults` runs the whole catalogue */
export const FAST_FAULTS = ['reply-without-correlation-id', 'wrong-reply-code', 'schema-invalid-payload', 'no-async-reply'];

interface Outcome {
  name: string;
  ok: boolean;
  detail: string;
}

function readReport(dir: string): { counts: { passed: number; failed: number; error: number }; scenarios: ScenarioRecord[] } | undefined {
  const f = join(dir, 'conformance.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
}

export async function selftest(opts: { allFaults: boolean }): Promise<number> {
  const results: Outcome[] = [];
  const base = repoPath('reports', 'selftest');
  const cleanDir = join(base, 'clean');
  console.log('selftest: clean run against the reference SUT');
  const clean = await runSuite({ faults: [], passthrough: [], reportsDir: cleanDir, quiet: true });
  const rep = readReport(cleanDir);
  results.push({
    name: 'clean run passes',
    ok: clean === 0 && !!rep && rep.counts.passed >= 12 && rep.counts.failed === 0 && rep.counts.error === 0 && reportsExist(cleanDir),
    detail: `exit ${clean}, ${rep?.counts.passed ?? 0} passed, ${rep?.counts.failed ?? '?'} failed, ${rep?.counts.error ?? '?'} error, reports ${reportsExist(cleanDir) ? 'written' : 'MISSING'}`,
  });
  const faults = opts.allFaults ? FAULTS.map((f) => f.id) : FAST_FAULTS;
  for (const id of faults) {
    const dir = join(base, id);
    const code = await runSuite({ faults: [id], passthrough: [], reportsDir: dir, quiet: true });
    const r = readReport(dir);
    const failed = r?.scenarios.filter((s) => s.verdict === 'failed') ?? [];
    const errors = r?.scenarios.filter((s) => s.verdict === 'error') ?? [];
    const rule = FAULTS.find((f) => f.id === id)!.violates.split(' ')[0]!;
    const named = failed.some((s) => (s.error ?? '').includes(rule) || s.findings.some((f) => f.rule === rule));
    results.push({
      name: `fault ${id} is caught`,
      ok: code !== 0 && failed.length > 0 && errors.length === 0 && named,
      detail: `exit ${code}, ${failed.length} scenario(s) failed, ${errors.length} error(s), violated rule ${rule} ${named ? 'named' : 'NOT named'}: ${failed.map((s) => s.name).join('; ')}`,
    });
  }
  for (const r of results) console.log(`selftest: ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} — ${r.detail}`);
  const bad = results.filter((r) => !r.ok).length;
  console.log(`selftest: ${results.length - bad} passed, ${bad} failed`);
  return bad ? 1 : 0;
}
