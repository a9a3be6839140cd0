/**
 * The conformance statement: one JSON (machine-readable) and one Markdown (for people) report of a
 * run, built from the per-scenario records the Cucumber hooks write. Each verdict names the
 * assumptions it depended on; scenarios left out are listed with the reason; messages the SUT sent
 * that no scenario expected are reported, never dropped.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Profile } from '../profile/index.ts';
import { describeAssumptions } from '../profile/index.ts';
import type { Plan } from '../cli/plan.ts';
import type { Finding } from '../checks/finding.ts';
import { formatFinding } from '../checks/finding.ts';
import type { Verdict } from '../session/verdict.ts';
import { REPO_ROOT } from '../paths.ts';

export interface ScenarioRecord {
  name: string;
  uri: string;
  tags: string[];
  uc: string[];
  role: string[];
  req: string[];
  verdict: Verdict;
  error?: string;
  findings: Finding[];
  assumptions: Record<string, string>;
  exchanges: number;
  faults: string[];
}

export interface Counts {
  ran: number;
  passed: number;
  failed: number;
  error: number;
  skipped: number;
  notApplicable: number;
}

function readNdjson<T>(dir: string, prefix: string): T[] {
  if (!existsSync(dir)) return [];
  const out: T[] = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith(prefix)).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // a record cut short by a crash: the run's exit code already says so
      }
    }
  }
  return out;
}

export function writeConformanceReport(input: {
  reportsDir: string;
  profile: Profile;
  profileFile: string;
  plan: Plan;
  faults: string[];
  extraAssumptions: Record<string, string>;
}): { counts: Counts; lines: string[] } {
  const dir = join(input.reportsDir, '.scenarios');
  const scenarios = readNdjson<ScenarioRecord>(dir, 'scenarios-');
  const unsolicited = readNdjson<{ seq: number; receivedAt: string; path: string; delivery: string; inspected: Record<string, string> }>(dir, 'unsolicited-');
  const counts: Counts = {
    ran: scenarios.length,
    passed: scenarios.filter((s) => s.verdict === 'passed').length,
    failed: scenarios.filter((s) => s.verdict === 'failed').length,
    error: scenarios.filter((s) => s.verdict === 'error').length,
    skipped: scenarios.filter((s) => s.verdict === 'skipped').length,
    notApplicable: input.plan.notApplicable.length,
  };
  const inForce = { ...describeAssumptions(input.profile), ...input.extraAssumptions };
  const used: Record<string, string> = {};
  for (const s of scenarios) Object.assign(used, s.assumptions);
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const report = {
    suite: { name: 'cim9', version: pkg.version },
    generatedAt: new Date().toISOString(),
    profile: { name: input.profile.name, file: relative(REPO_ROOT, input.profileFile) || input.profileFile, edition: input.profile.edition, roles: input.profile.sut.roles, embedded: input.profile.sut.embedded, strict: input.profile.strict },
    faults: input.faults,
    counts,
    assumptionsUsed: used,
    assumptionsInForce: inForce,
    scenarios,
    notApplicable: input.plan.notApplicable,
    unsolicited,
  };
  writeFileSync(join(input.reportsDir, 'conformance.json'), JSON.stringify(report, null, 2));

  const md: string[] = [];
  md.push(`# cim9 conformance statement`, '');
  md.push(`- System under test: **${input.profile.name}** (profile \`${report.profile.file}\`), roles ${input.profile.sut.roles.join(', ')}, edition ${input.profile.edition}${input.profile.sut.embedded ? ' — the embedded reference SUT' : ''}`);
  md.push(`- Suite: cim9 ${pkg.version}, run at ${report.generatedAt}${input.faults.length ? `, simulator faults: ${input.faults.join(', ')}` : ''}`);
  md.push(`- Verdicts: ${counts.passed} passed, ${counts.failed} failed, ${counts.error} error, ${counts.skipped} skipped, ${counts.notApplicable} not applicable`, '');
  md.push('`failed` means the SUT violated a requirement; `error` means the suite or the environment failed and says nothing about the SUT.', '');
  md.push('## Scenarios', '', '| verdict | use case | scenario | assumptions used |', '|---|---|---|---|');
  for (const s of scenarios) {
    md.push(`| ${s.verdict} | ${s.uc.join(', ')} | ${s.name} | ${Object.entries(s.assumptions).map(([k, v]) => `${k}=${v}`).join('; ') || '—'} |`);
  }
  const bad = scenarios.filter((s) => s.verdict === 'failed' || s.verdict === 'error');
  if (bad.length) {
    md.push('', '## Evidence of failures', '');
    for (const s of bad) {
      md.push(`### ${s.verdict}: ${s.name}`, '', '```', (s.error ?? '').trim(), '```', '');
    }
  }
  const warnings = scenarios.flatMap((s) => s.findings.filter((f) => f.severity === 'warning').map((f) => `${s.name}: ${formatFinding(f)}`));
  if (warnings.length) {
    md.push('', '## Warnings (uncertain points of the standard; not failures)', '');
    for (const w of [...new Set(warnings)]) md.push(`- ${w}`);
  }
  if (input.plan.notApplicable.length) {
    md.push('', '## Not applicable to this profile', '', '| scenario | where | reason |', '|---|---|---|');
    for (const n of input.plan.notApplicable) md.push(`| ${n.name} | ${n.uri}:${n.line} | ${n.reason} |`);
  }
  if (unsolicited.length) {
    md.push('', '## Messages the SUT sent that no scenario expected', '');
    for (const u of unsolicited) md.push(`- #${u.seq} at ${u.receivedAt} to /${u.path} (${u.delivery}): ${u.inspected['verb'] ?? '?'}(${u.inspected['noun'] ?? '?'}) CorrelationID ${u.inspected['correlationId'] ?? '—'}${u.inspected['problem'] ? `, ${u.inspected['problem']}` : ''}`);
  }
  md.push('', '## Assumptions in force', '', '| id | value |', '|---|---|');
  for (const [k, v] of Object.entries(inForce)) md.push(`| ${k} | ${v} |`);
  writeFileSync(join(input.reportsDir, 'conformance.md'), md.join('\n') + '\n');

  const lines = [
    `cim9: reports in ${relative(process.cwd(), input.reportsDir) || '.'}/ (conformance.md, conformance.json, cucumber.html, cucumber.ndjson, junit.xml, allure-results/)`,
  ];
  for (const s of bad) lines.push(`cim9: ${s.verdict.toUpperCase()} ${s.name}`);
  if (unsolicited.length) lines.push(`cim9: ${unsolicited.length} message(s) from the SUT matched no scenario (see conformance.md)`);
  lines.push(`conformance: ${counts.passed} passed, ${counts.failed + counts.error} failed, ${counts.skipped + counts.notApplicable} skipped`);
  return { counts, lines };
}
