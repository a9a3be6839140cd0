/**
 * The requirement catalogue in the statement: per requirement (a rule of src/checks/catalogue.ts, as `cim9
 * requirements` lists it) the scenarios of this run that check it and their verdicts, and a verdict of the requirement
 * in this run — the coverage matrix requirement → scenarios → verdict (conformance.json `requirements`, a section of
 * conformance.md and conformance.html, so of the PDF too):
 *
 * - `failed`: a scenario failed with an error finding of it; `waived`: only scenarios a waiver expects did;
 * - `warning`: findings of it were warnings only (an uncertain point, not a failure);
 * - `passed`: a scenario the catalogue names as checking it passed (no error finding of it anywhere);
 * - `no finding`: a requirement checked on every message of every scenario (a rule of one message or exchange): the
 *   scenarios of this run ran and none found anything against it (it may have had nothing to apply to: an EUMED
 *   rule in a run without EUMED payloads), so the statement does not call it passed;
 * - `not verified`: scenarios that check it ran, but none passed (each failed on another requirement, erred or was
 *   skipped: its check may never have been reached);
 * - `not run`: no scenario that checks it ran in this run (left out by the profile, --tags, or not applicable).
 *
 * Pure: the catalogue (computed by the CLI from the code, src/cli/requirements.ts) and the run's scenario records in,
 * rows out.
 */
import type { ScenarioRecord } from './conformance.ts';
import { markdownInline as mdi } from './escape.ts';

/** a requirement of the catalogue, as the statement needs it */
export interface CatalogueEntry {
  id: string;
  statement: string;
  clause: string;
  severity: string;
  confidence: string;
  /** checked in every scenario (a rule of every message or exchange) */
  every: boolean;
  /** the ids of the scenarios that check it (empty when every) */
  scenarios: string[];
}

export type RequirementVerdict = 'failed' | 'waived' | 'warning' | 'passed' | 'no finding' | 'not verified' | 'not run';

export interface RequirementRow {
  id: string;
  statement: string;
  clause: string;
  severity: string;
  confidence: string;
  verdict: RequirementVerdict;
  /** `every scenario`, or `listed`: the scenarios the catalogue names */
  checkedBy: 'every scenario' | 'listed';
  /** the scenarios of this run that check it (listed), or that found something of it (every scenario), with their verdicts */
  scenarios: { id: string; verdict: string; finding?: 'error' | 'warning' }[];
  /** how many scenarios that check it ran, and passed */
  ran: number;
  passed: number;
  /** listed: how many of its scenarios did not run in this run */
  notRun?: number;
}

const idOf = (s: ScenarioRecord) => s.id ?? s.req[0] ?? s.name;

export function requirementRows(catalogue: readonly CatalogueEntry[], scenarios: readonly ScenarioRecord[]): RequirementRow[] {
  return catalogue.map((r) => {
    const withFinding = new Map<ScenarioRecord, 'error' | 'warning'>();
    for (const s of scenarios) {
      const fs = s.findings.filter((f) => f.rule === r.id && (f.severity === 'error' || f.severity === 'warning'));
      if (fs.length) withFinding.set(s, fs.some((f) => f.severity === 'error') ? 'error' : 'warning');
    }
    const listed = new Set(r.scenarios);
    const checking = r.every ? [...scenarios] : scenarios.filter((s) => listed.has(idOf(s)) || withFinding.has(s));
    const failedOn = [...withFinding].filter(([s, sev]) => sev === 'error' && s.verdict === 'failed').length;
    const waivedOn = [...withFinding].filter(([s, sev]) => sev === 'error' && s.verdict === 'waived').length;
    const errorAnywhere = [...withFinding.values()].includes('error');
    const ran = checking.filter((s) => s.verdict !== 'skipped').length;
    const passed = checking.filter((s) => s.verdict === 'passed').length;
    const verdict: RequirementVerdict = failedOn
      ? 'failed'
      : waivedOn
        ? 'waived'
        : withFinding.size && !errorAnywhere
          ? 'warning'
          : r.every && ran && !errorAnywhere
            ? 'no finding'
            : passed && !errorAnywhere
            ? 'passed'
            : ran
              ? 'not verified'
              : 'not run';
    const shown = r.every ? [...withFinding.keys()] : checking;
    const ranIds = new Set(checking.map(idOf));
    return {
      id: r.id,
      statement: r.statement,
      clause: r.clause,
      severity: r.severity,
      confidence: r.confidence,
      verdict,
      checkedBy: r.every ? 'every scenario' : 'listed',
      scenarios: shown.map((s) => ({ id: idOf(s), verdict: s.verdict, ...(withFinding.has(s) ? { finding: withFinding.get(s)! } : {}) })),
      ran,
      passed,
      ...(r.every ? {} : { notRun: r.scenarios.filter((id) => !ranIds.has(id)).length }),
    };
  });
}

export function requirementVerdictCounts(rows: readonly RequirementRow[]): string {
  const order: RequirementVerdict[] = ['passed', 'no finding', 'failed', 'waived', 'warning', 'not verified', 'not run'];
  return order.map((v) => `${rows.filter((r) => r.verdict === v).length} ${v}`).join(', ');
}

/** the statement's section: requirement → scenarios → verdict; every text escaped */
export function requirementsMarkdown(rows: readonly RequirementRow[]): string[] {
  const md = ['## Results per requirement (the coverage matrix of this run)', ''];
  md.push(
    `Each requirement of the catalogue (\`cim9 requirements\`, docs/requirements.md; the whole catalogue is requirements.json in the evidence bundle) with the scenarios of this run that check it and their verdicts. ${requirementVerdictCounts(rows)}. "no finding": a requirement checked on every message of every scenario, against which the scenarios that ran found nothing (it may have had nothing to apply to in this run); "not verified": its scenarios ran but none passed; "not run": none of them ran in this run.`,
    '',
    '| requirement | clause | verdict | scenarios of this run (verdict) |',
    '|---|---|---|---|',
  );
  for (const r of rows) {
    const list = r.scenarios.map((s) => `${s.id} ${s.verdict}${s.finding ? ` (${s.finding === 'error' ? 'finding' : 'warning'} of it)` : ''}`).join(', ');
    const scen = r.checkedBy === 'every scenario' ? `every scenario (${r.ran} ran, ${r.passed} passed)${list ? `; ${list}` : ''}` : `${list || '—'}${r.notRun ? ` (${r.notRun} not run)` : ''}`;
    md.push(`| **${mdi(r.id)}** (${mdi(r.severity)}) | ${mdi(r.clause)} | ${r.verdict === 'failed' ? '**failed**' : r.verdict} | ${mdi(scen, 2000)} |`);
  }
  md.push('');
  return md;
}
