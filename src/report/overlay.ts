/**
 * The utility overlay in the conformance statement (src/profile/overlay.ts): which overlay was applied (name, file,
 * digest), what it set against the base profile (assumptions, mandatory capabilities), whether each use case it
 * requires ran and passed, and which verdicts it changed:
 *
 * - a scenario the base profile leaves out (not applicable) that the overlay made applicable (a capability it made
 *   mandatory, a required use case): its verdict in this run, instead of "not applicable";
 * - a scenario that failed only on findings that depend on an assumption the overlay set to another value than the
 *   base profile's (each error finding names it with the overlay's value): under the base it would not have failed
 *   on them.
 *
 * - the utility's own requirements (ReadingTypes it must deliver, time limits, optional elements it must send), each
 *   judged against the run's messages (src/report/overlay-requirements.ts): met, not met or not checked.
 *
 * Reported apart from base conformance: `verdict` is `not met` when a required use case did not pass or a requirement
 * is not met, `not checked` when one of its requirements found nothing to judge, else `met`; the base verdict is not
 * touched. The run's exit code for an overlay not met: cim9 run --overlay-exit (default 1, 0 reports it only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseXml, serializeXml, toElement, type XElement } from '../xml/index.ts';
import type { LegacyCapabilities } from '../profile/pics-capabilities.ts';
import type { Overlay } from '../profile/overlay.ts';
import type { ScenarioRecord } from './conformance.ts';
import type { UseCaseRow } from './use-case-rows.ts';
import type { OverlayRequirementResult } from './overlay-requirements.ts';

export interface OverlayChange {
  scenario: string;
  req: string[];
  /** the verdict in this run */
  verdict: string;
  because: string;
}

export interface OverlayReport {
  name: string;
  file: string;
  sha256: string;
  assumptions: { id: string; base: string; overlay: string }[];
  capabilities: { name: string; base: boolean }[];
  requiredUseCases: { role: string; useCase: string; met: boolean; outcome: string; why?: string }[];
  changed: OverlayChange[];
  /** the utility's own requirements, judged against the run's messages */
  requirements: OverlayRequirementResult[];
  /** not met: a required use case did not pass or a requirement is not met; not checked: a requirement found nothing to judge */
  verdict: 'met' | 'not met' | 'not checked';
  /** verdict = met */
  met: boolean;
  /** what reading the overlay found worth a line (an element requirement the edition's schemas already make mandatory) */
  warnings?: string[];
}

export function overlayReport(input: {
  overlay: Overlay;
  /** the base profile as loaded without the overlay (its assumptions described) */
  base: { capabilities: LegacyCapabilities; assumptions: Record<string, string> };
  /** the assumptions in force in the run, described */
  inForce: Record<string, string>;
  scenarios: readonly ScenarioRecord[];
  useCases: readonly UseCaseRow[];
  /** scenarios the base profile's plan left out that the overlaid plan applies */
  madeApplicable: readonly { name: string; uri: string; reason: string }[];
  /** the file as the statement names it */
  shownFile: string;
  /** its requirements as judged against the run's messages (src/report/overlay-requirements.ts) */
  requirements?: OverlayRequirementResult[];
}): OverlayReport {
  const { overlay } = input;
  const assumptions = Object.keys(overlay.assumptions).map((id) => ({ id, base: input.base.assumptions[id] ?? '', overlay: input.inForce[id] ?? '' }));
  const changedIds = new Map(assumptions.filter((a) => a.base !== a.overlay).map((a) => [a.id, a.overlay]));
  const changed: OverlayChange[] = [];
  // (a scenario made applicable that this run did not run changed no verdict of it)
  for (const m of input.madeApplicable) {
    const s = input.scenarios.find((x) => x.uri === m.uri && x.name === m.name);
    if (s) changed.push({ scenario: m.name, req: s.req, verdict: s.verdict, because: `not applicable under the base profile (${m.reason}); applicable with the overlay` });
  }
  for (const s of input.scenarios) {
    if (s.verdict !== 'failed' || changed.some((c) => c.scenario === s.name && c.req.join() === s.req.join())) continue;
    const errors = s.findings.filter((f) => f.severity === 'error');
    const dependent = (f: (typeof errors)[number]) => Object.entries(f.assumptions ?? {}).filter(([id, v]) => changedIds.get(id) === v);
    if (!errors.length || !errors.every((f) => dependent(f).length)) continue;
    const ids = [...new Set(errors.flatMap((f) => dependent(f).map(([id]) => id)))];
    const rules = [...new Set(errors.map((f) => f.rule))];
    changed.push({
      scenario: s.name,
      req: s.req,
      verdict: s.verdict,
      because: `failed on ${rules.join(', ')} only under ${ids.map((id) => `${id} = ${changedIds.get(id)} (the overlay; the base profile: ${input.base.assumptions[id]})`).join(', ')}`,
    });
  }
  const requiredUseCases = Object.entries(overlay.requiredUseCases).flatMap(([role, ucs]) =>
    ucs.map((useCase) => {
      const row = input.useCases.find((r) => r.useCase === useCase);
      const c = row?.counts;
      const met = !!c && c.passed > 0 && c.failed + c.waived + c.noVerdict === 0;
      const outcome = row?.outcome ?? 'no scenario';
      const why = met
        ? undefined
        : !row
          ? 'no scenario of it in this suite for the profile'
          : c!.waived
            ? `${c!.waived} scenario(s) failed (waived: a waiver does not meet a utility's requirement)`
            : row.outcome === 'not applicable'
              ? `not applicable${row.notApplicableReason ? `: ${row.notApplicableReason}` : ''}`
              : row.outcome === 'not run'
                ? 'its scenarios did not run in this run'
                : c!.failed
                  ? `${c!.failed} scenario(s) of it failed`
                  : `${c!.noVerdict} scenario(s) of it ended without a verdict (error or skipped)`;
      return { role, useCase, met, outcome, ...(why ? { why } : {}) };
    }),
  );
  const requirements = input.requirements ?? [];
  const verdict = !requiredUseCases.every((r) => r.met) || requirements.some((r) => r.verdict === 'not met') ? 'not met' : requirements.some((r) => r.verdict === 'not checked') ? 'not checked' : 'met';
  return {
    name: overlay.name,
    file: input.shownFile,
    sha256: overlay.sha256,
    assumptions,
    capabilities: overlay.capabilities.map((name) => ({ name, base: !!(input.base.capabilities as unknown as Record<string, boolean>)[name] })),
    requiredUseCases,
    changed,
    requirements,
    verdict,
    met: verdict === 'met',
    ...(overlay.warnings?.length ? { warnings: [...overlay.warnings] } : {}),
  };
}

/**
 * The overlay in junit.xml, apart from base conformance: a testsuite of its own ("utility overlay: <name>") beside
 * the suite's, a testcase per required use case and per requirement — a failure when not met, skipped when not
 * checked. The file becomes <testsuites> when it held one <testsuite>. Built through src/xml (escaped by libxml2).
 */
export function appendOverlayJunit(file: string, o: OverlayReport): void {
  if (!existsSync(file)) return;
  const parsed = parseXml(readFileSync(file), { maxBytes: 1024 * 1024 * 1024 });
  if (!parsed.ok) return;
  const cases: XElement[] = [
    ...o.requiredUseCases.map((r) => ({
      ns: '',
      name: 'testcase',
      attrs: { classname: `utility overlay: ${o.name}`, name: `required use case ${r.role} ${r.useCase}` },
      children: r.met ? [] : [{ ns: '', name: 'failure', attrs: { type: 'OverlayNotMet', message: `${r.outcome}${r.why ? `: ${r.why}` : ''}` } }],
    })),
    ...o.requirements.map((r) => ({
      ns: '',
      name: 'testcase',
      attrs: { classname: `utility overlay: ${o.name}`, name: `${r.id}: ${r.statement ? `${r.statement} (${r.requires})` : r.requires}` },
      children:
        r.verdict === 'met'
          ? []
          : r.verdict === 'not checked'
            ? [{ ns: '', name: 'skipped', attrs: { message: `not checked: ${r.observed}` } }]
            : [{ ns: '', name: 'failure', attrs: { type: 'OverlayNotMet', message: r.observed }, text: r.examples.map((x) => `${x.scenario ? `${x.scenario} — ` : ''}${x.message} — ${x.detail}`).join('\n') }],
    })),
  ];
  const suite: XElement = {
    ns: '',
    name: 'testsuite',
    attrs: {
      name: `utility overlay: ${o.name}`,
      tests: String(cases.length),
      failures: String(cases.filter((c) => (c.children ?? []).some((x) => x && x.name === 'failure')).length),
      skipped: String(cases.filter((c) => (c.children ?? []).some((x) => x && x.name === 'skipped')).length),
      errors: '0',
    },
    children: [{ ns: '', name: 'properties', children: [{ ns: '', name: 'property', attrs: { name: 'cim9.overlay.sha256', value: o.sha256 } }, { ns: '', name: 'property', attrs: { name: 'cim9.overlay.verdict', value: o.verdict } }] }, ...cases],
  };
  const root = parsed.root;
  const out: XElement = root.name === 'testsuites' ? { ...toElement(root), children: [...root.children.map(toElement), suite] } : { ns: '', name: 'testsuites', children: [toElement(root), suite] };
  writeFileSync(file, serializeXml(out));
}
