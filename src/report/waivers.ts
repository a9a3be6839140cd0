/**
 * What a waiver (src/profile/waivers.ts) does to the verdicts of a run, after Cucumber has given them:
 *
 * - a waived scenario that FAILED (the SUT violated a requirement) is reported as `waived`, with the waiver's
 *   reason and expiry: not passed, not failed, and it does not make the run exit 1;
 * - a waived scenario that PASSED is an UNEXPECTED PASS: its verdict stays `passed` (what the SUT did), but it is a
 *   finding of the run (listed in the statement and on the console, a failure in junit.xml) and the run exits 1,
 *   so that a waiver no longer needed is removed rather than left to hide a later regression;
 * - a waived scenario that ended `error` (the suite or the environment failed) or `skipped` is left as it is: a
 *   waiver covers a failure of the SUT, never one of the suite.
 * A waiver of an Outline covers each of its example rows (they share the @req: id).
 *
 * junit.xml is Cucumber's own formatter's: `rewriteJunit` carries the same decisions into it through src/xml (a
 * waived failure becomes <skipped message="waived: …"/>, an unexpected pass gets a <failure>), so a CI that reads
 * JUnit agrees with the statement and the exit code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseXml, serializeXml, toElement, type XElement, type XNode } from '../xml/index.ts';
import type { Waiver } from '../profile/waivers.ts';

/** the waiver a scenario's verdict was judged against, as the statement records it */
export interface AppliedWaiver extends Waiver {
  /** waived: a failure reported as waived; unexpected-pass: the scenario passed; not-applied: error or skipped */
  outcome: 'waived' | 'unexpected-pass' | 'not-applied';
}

/** the part of a scenario record waivers read and change */
export interface Waivable {
  name: string;
  req: string[];
  verdict: string;
  waiver?: AppliedWaiver;
}

/** the message of an unexpected pass, for the statement, the console and JUnit */
export function unexpectedPassMessage(w: Waiver): string {
  return `UNEXPECTED PASS: scenario ${w.scenario} is waived ("${w.reason}", until ${w.expires}) but passed: remove the waiver, or the SUT changed`;
}

/** set `verdict: 'waived'` and `waiver` on the waived scenarios (in place); the waivers no scenario of the run met */
export function applyWaivers<T extends Waivable>(scenarios: T[], waivers: readonly Waiver[]): { unexpectedPasses: T[]; waived: T[]; unmatched: Waiver[] } {
  const byId = new Map(waivers.map((w) => [w.scenario, w]));
  const met = new Set<string>();
  const unexpectedPasses: T[] = [];
  const waived: T[] = [];
  for (const s of scenarios) {
    const w = s.req.map((id) => byId.get(id)).find((x) => x !== undefined);
    if (!w) continue;
    met.add(w.scenario);
    if (s.verdict === 'failed') {
      s.verdict = 'waived';
      s.waiver = { ...w, outcome: 'waived' };
      waived.push(s);
    } else if (s.verdict === 'passed') {
      s.waiver = { ...w, outcome: 'unexpected-pass' };
      unexpectedPasses.push(s);
    } else s.waiver = { ...w, outcome: 'not-applied' };
  }
  return { unexpectedPasses, waived, unmatched: waivers.filter((w) => !met.has(w.scenario)) };
}

/**
 * Carry the waivers into Cucumber's junit.xml: per test case (by scenario name; a name several scenarios share is
 * changed only when they were all judged alike) a waived failure becomes skipped with the reason, an unexpected
 * pass gets a failure; the suite's counters follow. A file that is missing or not XML is left alone.
 */
export function rewriteJunit(file: string, scenarios: readonly Waivable[], properties: Readonly<Record<string, string>> = {}): void {
  const decided = scenarios.filter((s) => s.waiver && s.waiver.outcome !== 'not-applied');
  if ((!decided.length && !Object.keys(properties).length) || !existsSync(file)) return;
  const byName = new Map<string, AppliedWaiver['outcome'] | 'mixed'>();
  for (const s of scenarios) {
    const o = s.waiver && s.waiver.outcome !== 'not-applied' ? s.waiver.outcome : 'none';
    const prev = byName.get(s.name);
    byName.set(s.name, prev === undefined || prev === o ? (o as AppliedWaiver['outcome']) : 'mixed');
  }
  const waiverOf = new Map(decided.map((s) => [s.name, s.waiver!]));
  const parsed = parseXml(readFileSync(file), { maxBytes: 1024 * 1024 * 1024 });
  if (!parsed.ok) return;
  const suites = parsed.root.name === 'testsuites' ? parsed.root.children.filter((c) => c.name === 'testsuite') : [parsed.root];
  const rewriteSuite = (suite: XNode): XElement => {
    const out = toElement(suite);
    let failures = Number(suite.attrs['failures'] ?? 0);
    let skipped = Number(suite.attrs['skipped'] ?? 0);
    out.children = suite.children.map((tc) => {
      const el = toElement(tc);
      const outcome = tc.name === 'testcase' ? byName.get(tc.attrs['name'] ?? '') : undefined;
      const w = waiverOf.get(tc.attrs['name'] ?? '');
      if (!w || (outcome !== 'waived' && outcome !== 'unexpected-pass')) return el;
      const kept = tc.children.filter((c) => c.name !== 'failure' && c.name !== 'skipped').map(toElement);
      if (outcome === 'waived') {
        if (!tc.children.some((c) => c.name === 'failure')) return el;
        failures--;
        skipped++;
        const failure = tc.children.find((c) => c.name === 'failure')!;
        el.children = [{ ns: '', name: 'skipped', attrs: { message: `waived (${w.scenario}, until ${w.expires}): ${w.reason}` }, text: failure.text }, ...kept];
      } else {
        if (tc.children.some((c) => c.name === 'failure' || c.name === 'skipped')) return el;
        failures++;
        el.children = [{ ns: '', name: 'failure', attrs: { type: 'UnexpectedPass', message: unexpectedPassMessage(w) } }, ...kept];
      }
      return el;
    });
    // the suite's own properties (its version, the profile): JUnit's <properties>, the first child of a testsuite
    if (Object.keys(properties).length && !suite.children.some((c) => c.name === 'properties')) {
      out.children = [{ ns: '', name: 'properties', children: Object.entries(properties).map(([name, value]) => ({ ns: '', name: 'property', attrs: { name, value } })) }, ...out.children];
    }
    out.attrs = { ...out.attrs, ...(suite.attrs['failures'] !== undefined ? { failures: String(failures) } : {}), ...(suite.attrs['skipped'] !== undefined ? { skipped: String(skipped) } : {}) };
    return out;
  };
  const root: XElement = parsed.root.name === 'testsuites' ? { ...toElement(parsed.root), children: suites.map(rewriteSuite) } : rewriteSuite(parsed.root);
  writeFileSync(file, serializeXml(root));
}
