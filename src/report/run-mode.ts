/**
 * The run's mode in the statement: "certification run" or "development run", the digests it pins, whether a
 * certification run is conformant, and the waivers (src/report/waivers.ts) of a development run. The statement
 * (src/report/conformance.ts) calls `runModeReport` once and places its JSON, Markdown and console lines.
 *
 * A certification run is conformant when at least one scenario ran and every scenario in scope ran to `passed`:
 * a `failed` one is a failure of the SUT; one that ended `error` (the suite or the environment failed, a step
 * undefined) or `skipped` (it did not run) leaves a requirement in scope untested, so the run cannot certify either.
 * A development run makes no claim of conformance; its statement says so.
 */
import type { WaiverLedger } from '../profile/waivers.ts';
import { unexpectedPassMessage, type AppliedWaiver, type Waivable } from './waivers.ts';
import { markdownInline as mdi, terminal } from './escape.ts';

/** the digests a statement pins (src/cli/run-mode.ts runPins) */
export interface RunPins {
  suiteVersion: string;
  /** the suite's own digest (src/cli/run-mode.ts suiteDigest): its code, features and package files; absent in older statements */
  suiteSha256?: string;
  profileSha256: string;
  /** the pack the run validated with: its digest as `cim9 schemas list` prints it, and its folders */
  schemaPack: { name: string; sha256: string; layers: { name: string; origin: string; sha256: string }[]; problem?: string };
}

export interface RunMode {
  kind: 'certification' | 'development';
  pins: RunPins;
}

interface Scenario extends Waivable {
  uri: string;
  reason?: string;
}

export interface RunModeReport {
  json: {
    mode: RunMode['kind'];
    /** "certification run" / "development run" */
    label: string;
    pins: RunPins;
    /** certification runs only: conformant or not, and why not */
    conformant?: boolean;
    notConformantBecause?: string[];
  };
  waivers?: { file: string; entries: { scenario: string; reason: string; expires: string }[]; unmatched: string[]; unexpectedPasses: { scenario: string; name: string; message: string }[] };
  md: string[];
  /** lines for the console, before the counts */
  lines: string[];
  /** lines for the head of the statement (after the suite line) */
  head: string[];
}

export function runModeReport(
  mode: RunMode,
  scenarios: readonly Scenario[],
  ledger: WaiverLedger | undefined,
  unexpectedPasses: readonly Scenario[],
  unmatched: readonly { scenario: string }[],
  /** other reasons the run is not conformant (the PICS disagreements under CIM9-163 = failure, src/report/pics.ts) */
  otherReasons: readonly string[] = [],
): RunModeReport {
  const label = `${mode.kind} run`;
  const p = mode.pins;
  const packLine = p.schemaPack.problem ? `schema pack ${p.schemaPack.name}: digest unavailable (${p.schemaPack.problem})` : `schema pack ${p.schemaPack.name} sha256 ${p.schemaPack.sha256}`;
  const json: RunModeReport['json'] = { mode: mode.kind, label, pins: p };
  const md: string[] = [];
  const lines: string[] = [];
  const head: string[] = [`- Run: **${label}**${mode.kind === 'development' ? ' (not a certification result: the selection, faults, waivers and assumptions are free)' : ' (selection locked to the profile\'s roles, edition and PICS; no faults, waivers or assumption overrides)'}`];
  head.push(`- Pinned: cim9 ${mdi(p.suiteVersion)}${p.suiteSha256 ? ` (suite sha256 ${p.suiteSha256})` : ''}, profile sha256 ${p.profileSha256}, ${mdi(packLine)}`);
  if (mode.kind === 'certification') {
    const why: string[] = [];
    if (!scenarios.length) why.push('no scenario ran');
    const count = (v: string) => scenarios.filter((s) => s.verdict === v).length;
    if (count('failed')) why.push(`${count('failed')} scenario(s) failed (the SUT violated a requirement)`);
    if (count('error')) why.push(`${count('error')} scenario(s) ended in error (the suite or the environment failed, or a step is undefined): their requirements are untested`);
    if (count('skipped')) why.push(`${count('skipped')} scenario(s) in scope were skipped or never ran: their requirements are untested`);
    why.push(...otherReasons);
    json.conformant = why.length === 0;
    if (why.length) json.notConformantBecause = why;
    head.push(`- Certification verdict: **${json.conformant ? 'CONFORMANT' : 'NOT CONFORMANT'}**${why.length ? ` — ${mdi(why.join('; '))}` : ' — every scenario in scope ran and passed'}`);
    lines.push(`cim9: certification run: ${json.conformant ? 'CONFORMANT' : `NOT CONFORMANT (${terminal(why.join('; '))})`}`);
    const notRun = scenarios.filter((s) => s.verdict === 'error' || s.verdict === 'skipped');
    if (notRun.length) {
      md.push('## Scenarios in scope without a verdict (certification)', '', 'In a certification run every scenario in scope must run to a verdict; these did not, so the run is not conformant.', '');
      for (const s of notRun) md.push(`- ${mdi(s.verdict)}: ${mdi(s.name)} (${mdi(s.uri)})${s.reason ? ` — ${mdi(s.reason)}` : ''}`);
      md.push('');
    }
  } else lines.push('cim9: development run (not a certification result)');
  lines.push(`cim9: pinned: cim9 ${terminal(p.suiteVersion)}${p.suiteSha256 ? ` (suite sha256 ${p.suiteSha256})` : ''}, profile sha256 ${p.profileSha256}, ${terminal(packLine)}`);
  let waivers: RunModeReport['waivers'];
  if (ledger) {
    const entries = ledger.waivers.map((w) => ({ scenario: w.scenario, reason: w.reason, expires: w.expires }));
    waivers = {
      file: ledger.file,
      entries,
      unmatched: unmatched.map((w) => w.scenario),
      unexpectedPasses: unexpectedPasses.map((s) => ({ scenario: s.waiver!.scenario, name: s.name, message: unexpectedPassMessage(s.waiver!) })),
    };
    head.push(`- Waivers: ${ledger.waivers.length} in ${mdi(ledger.file)}`);
    md.push('## Waivers (expected failures of the SUT)', '');
    md.push('A waived scenario failed as the waiver expects: it is reported `waived`, neither passed nor failed. A waived scenario that passes is an UNEXPECTED PASS: a finding that makes the run exit 1 until the waiver is removed.', '');
    md.push('| scenario id | expires | reason | outcome in this run |', '|---|---|---|---|');
    const outcomeOf = (id: string): string => {
      const hit = scenarios.filter((s) => s.waiver?.scenario === id);
      if (!hit.length) return 'not run (not in this run\'s selection)';
      const o = (x: AppliedWaiver['outcome']) => hit.filter((s) => s.waiver!.outcome === x).length;
      return [o('waived') && `${o('waived')} waived`, o('unexpected-pass') && `${o('unexpected-pass')} UNEXPECTED PASS`, o('not-applied') && `${o('not-applied')} error or skipped (a waiver covers failures of the SUT only)`].filter(Boolean).join(', ');
    };
    for (const w of ledger.waivers) md.push(`| ${mdi(w.scenario)} | ${mdi(w.expires)} | ${mdi(w.reason)} | ${mdi(outcomeOf(w.scenario))} |`);
    md.push('');
    if (unexpectedPasses.length) {
      md.push('## Unexpected passes (findings)', '');
      for (const s of unexpectedPasses) md.push(`- ${mdi(s.name)}: ${mdi(unexpectedPassMessage(s.waiver!))}`);
      md.push('');
    }
    for (const s of scenarios.filter((x) => x.waiver?.outcome === 'waived')) lines.push(`cim9: WAIVED ${terminal(s.name)} (${terminal(s.waiver!.scenario)}: ${terminal(s.waiver!.reason)}, until ${s.waiver!.expires})`);
    for (const s of unexpectedPasses) lines.push(`cim9: ${terminal(unexpectedPassMessage(s.waiver!))} — ${terminal(s.name)}`);
  }
  return { json, ...(waivers ? { waivers } : {}), md, lines, head };
}
