/**
 * `cim9 coverage [--run DIR] [--format text|json|md]`: the coverage matrix of src/report/coverage.ts for the features
 * of this suite; with --run (a run's folder or a reports folder: its latest run), each scenario's verdict in that run.
 * The rows of a Scenario Outline share their @req in a run's statement: each row shows the worst verdict of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scenarios } from '../session/scenarios.ts';
import { coverageMarkdown, coverageMatrix, coverageSummary } from '../report/coverage.ts';
import { latestRun } from '../report/runs.ts';
import { terminal } from '../report/escape.ts';
import { UsageError } from './run.ts';

const WORST = ['passed', 'waived', 'not applicable', 'skipped', 'failed', 'error'];

/** scenario id → verdict, from a run's conformance.json */
function runVerdicts(dir: string, ids: readonly string[]): Map<string, string> {
  const run = latestRun(resolve(dir));
  const file = run ? join(run, 'conformance.json') : undefined;
  if (!file || !existsSync(file)) throw new UsageError(`--run ${dir}: no run's conformance.json there`);
  let doc: { scenarios?: { req?: string[]; verdict?: string }[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (e) {
    throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const byReq = new Map<string, string>();
  for (const s of doc.scenarios ?? []) {
    const req = s.req?.[0];
    if (!req || typeof s.verdict !== 'string') continue;
    const before = byReq.get(req);
    if (!before || WORST.indexOf(s.verdict) > WORST.indexOf(before)) byReq.set(req, s.verdict);
  }
  const out = new Map<string, string>();
  for (const id of ids) {
    const v = byReq.get(id.replace(/\/\d+$/, ''));
    if (v) out.set(id, v);
  }
  return out;
}

export function coverageCommand(o: { run?: string; format: 'text' | 'json' | 'md' }, write: (s: string) => void): number {
  const all = scenarios().map((s) => ({ id: s.id, name: s.name, useCases: s.values('usecase'), editions: s.values('edition'), roles: s.values('role'), patterns: s.values('pattern') }));
  const rows = coverageMatrix(all, o.run ? runVerdicts(o.run, all.map((s) => s.id)) : undefined);
  if (o.format === 'json') {
    write(JSON.stringify({ summary: coverageSummary(rows), useCases: rows }, null, 2) + '\n');
    return 0;
  }
  if (o.format === 'md') {
    write(coverageMarkdown(rows));
    return 0;
  }
  for (const r of rows) {
    const what = r.scenarios.length
      ? r.scenarios.map((x) => `${x.id}${x.verdict ? ` ${x.verdict}` : ''}`).join(' ') + (r.editionGaps.length ? `  (not under ${r.editionGaps.join(', ')})` : '')
      : r.notCovered
        ? `${r.notCovered.status}: ${r.notCovered.reason}`
        : 'NO SCENARIO AND NO REASON';
    write(`${r.useCase.padEnd(7)} ${terminal(what, 2000)}\n`);
  }
  const s = coverageSummary(rows);
  write(`${s.useCases} use cases: ${s.covered} with scenarios, ${s.notYet} not yet covered, ${s.notTestable} not testable${s.unexplained.length ? `, ${s.unexplained.length} without scenario or reason: ${s.unexplained.join(', ')}` : ''}\n`);
  return s.unexplained.length ? 1 : 0;
}
