/**
 * `cim9 coverage [--run DIR] [--format text|json|md]`: the coverage matrix of src/report/coverage.ts for the features
 * of this suite; with --run (a run's folder or a reports folder: its latest run), each scenario's verdict in that run.
 * The rows of a Scenario Outline share their @req in a run's statement: each row shows the worst verdict of them.
 *
 * `cim9 coverage --requirements [--run DIR]`: the same matrix per requirement of the catalogue (src/cli/requirements.ts):
 * requirement → the scenarios that check it → (with --run) the verdict of the requirement and of each scenario in that
 * run, as the run's statement has them (conformance.json requirements, src/report/requirement-rows.ts); the attested
 * requirements (no scenario: declared in the profile) and, with --run, whether the run's profile attested them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scenarios } from '../session/scenarios.ts';
import { coverageMarkdown, coverageMatrix, coverageSummary } from '../report/coverage.ts';
import { latestRun } from '../report/runs.ts';
import { terminal } from '../report/escape.ts';
import { UsageError } from './run.ts';
import { attestedRequirements, requirementCatalogue } from './requirements.ts';
import { markdownInline } from '../report/escape.ts';

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
  const all = scenarios().map((s) => ({ id: s.id, name: s.name, useCases: s.values('usecase'), editions: s.values('edition'), roles: s.values('role'), patterns: s.values('pattern'), editionOnly: s.values('edition-only') }));
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
    const parts = (r.partsNotCovered ?? []).map((p) => `; ${p.part} ${p.status}: ${p.reason}`).join('');
    write(`${r.useCase.padEnd(7)} ${terminal(what + parts, 4000)}\n`);
  }
  const s = coverageSummary(rows);
  write(`${s.useCases} use cases: ${s.covered} with scenarios, ${s.notYet} not yet covered, ${s.notTestable} not testable${s.unexplained.length ? `, ${s.unexplained.length} without scenario or reason: ${s.unexplained.join(', ')}` : ''}\n`);
  return s.unexplained.length ? 1 : 0;
}

interface RunRequirementRow {
  id: string;
  verdict?: string;
  checkedBy?: string;
  scenarios?: { id: string; verdict: string }[];
  ran?: number;
  passed?: number;
}

/** `cim9 coverage --requirements`: requirement → scenarios → verdict (with --run); exit 1 when a requirement has neither a scenario nor a class that needs none */
export function requirementCoverageCommand(o: { run?: string; format: 'text' | 'json' | 'md' }, write: (s: string) => void): number {
  const all = scenarios();
  const reqs = requirementCatalogue(all);
  let runRows: Map<string, RunRequirementRow> | undefined;
  let runAttested: Map<string, { status?: string; label?: string }> | undefined;
  if (o.run) {
    const run = latestRun(resolve(o.run));
    const file = run ? join(run, 'conformance.json') : undefined;
    if (!file || !existsSync(file)) throw new UsageError(`--run ${o.run}: no run's conformance.json there`);
    let doc: { requirements?: RunRequirementRow[]; attestations?: { id: string; status?: string; label?: string }[] };
    try {
      doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
    } catch (e) {
      throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(doc.requirements)) throw new UsageError(`${file}: the run's statement has no requirement rows (a run of an older cim9)`);
    runRows = new Map(doc.requirements.map((r) => [r.id, r]));
    runAttested = new Map((doc.attestations ?? []).map((a) => [a.id, a]));
  }
  const rows = [
    ...reqs.map((r) => {
      const inRun = runRows?.get(r.id);
      const every = r.checkedIn.includes('every scenario');
      return {
        id: r.id,
        testability: 'testable' as const,
        scenarios: every ? ['every scenario'] : r.scenarios,
        ...(runRows ? { verdict: inRun?.verdict ?? 'not in this run', runScenarios: (inRun?.scenarios ?? []).map((x) => `${x.id} ${x.verdict}`) } : {}),
      };
    }),
    ...attestedRequirements().map((a) => {
      const inRun = runAttested?.get(a.id);
      return {
        id: a.id,
        testability: 'attested' as const,
        scenarios: [] as string[],
        reason: a.reason,
        ...(runAttested ? { verdict: inRun ? (inRun.label ?? inRun.status ?? '') : 'not applicable to the run\'s roles' } : {}),
      };
    }),
  ];
  const unexplained = rows.filter((r) => r.testability === 'testable' && !r.scenarios.length).map((r) => r.id);
  if (o.format === 'json') write(JSON.stringify({ requirements: rows, unexplained }, null, 2) + '\n');
  else if (o.format === 'md') {
    write(`| requirement | testability | scenarios |${runRows ? ' verdict in the run | scenarios of the run |' : ''}\n|---|---|---|${runRows ? '---|---|' : ''}\n`);
    for (const r of rows) {
      const sc = r.testability === 'attested' ? `none: ${'reason' in r ? r.reason : ''}` : r.scenarios.join(', ');
      write(`| ${markdownInline(r.id)} | ${r.testability} | ${markdownInline(sc, 4000)} |${runRows ? ` ${markdownInline(r.verdict ?? '')} | ${markdownInline(('runScenarios' in r ? r.runScenarios ?? [] : []).join(', '), 4000)} |` : ''}\n`);
    }
  } else {
    for (const r of rows) {
      const inRun = 'runScenarios' in r ? (r.runScenarios ?? []) : [];
      const sc = r.testability === 'attested' ? `attested, no scenario (${'reason' in r ? r.reason : ''})` : r.scenarios[0] === 'every scenario' ? `every scenario${inRun.length ? `; ${inRun.join(', ')}` : ''}` : inRun.length ? inRun.join(', ') : r.scenarios.join(' ');
      write(`${r.id.padEnd(28)} ${runRows ? `${terminal(r.verdict ?? '', 200).padEnd(16)} ` : ''}${terminal(sc, 1500)}\n`);
    }
    write(`${reqs.length} testable requirements, ${rows.length - reqs.length} attested${unexplained.length ? `; ${unexplained.length} without a scenario: ${unexplained.join(', ')}` : ''}\n`);
  }
  return unexplained.length ? 1 : 0;
}
