/**
 * Verdicts. A `ConformanceFailure` means the SUT violated a requirement (verdict `failed`); a
 * `SuiteError` means the suite or the environment failed (verdict `error`), and never blames the SUT.
 * Anything else thrown in a step is also an `error`.
 */
import { ACTUAL_MAX, bounded, formatFindingHead, type Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { plainText } from '../report/escape.ts';

/**
 * A step's error text goes into junit.xml inside CDATA, written by Cucumber's formatter through xmlbuilder, which
 * splits only the first ']]>' of a text: a second one (a SUT's value quoted twice, as head and as actual) would end
 * the CDATA early and leave junit.xml malformed. No ']]>' reaches it: shown as ']]\x3e', as control characters are.
 */
export function cdataSafe(s: string): string {
  return s.replaceAll(']]>', ']]\\x3e');
}

export type Verdict = 'passed' | 'failed' | 'error' | 'skipped' | 'not-applicable';

export class ConformanceFailure extends Error {
  readonly findings: Finding[];
  constructor(what: string, findings: Finding[]) {
    const lines = findings.map((f) => {
      let statement = '';
      try {
        statement = rule(f.rule).statement;
      } catch {
        statement = '';
      }
      // a finding quotes what the peer sent: one line each, no control character (terminal, HTML, JUnit)
      // expected and actual on lines of their own (JUnit's failure text, the statement's "what went wrong"), bounded
      const ea = [
        f.expected !== undefined ? `\n      expected: ${plainText(bounded(f.expected, ACTUAL_MAX), { oneLine: true })}` : '',
        f.actual !== undefined ? `\n      actual: ${plainText(bounded(f.actual, ACTUAL_MAX), { oneLine: true })}` : '',
      ].join('');
      return `  - ${plainText(formatFindingHead(f), { oneLine: true, max: 2000 })}${ea}${statement ? `\n      requirement: ${statement}` : ''}`;
    });
    super(cdataSafe(`${what}: the SUT violated ${findings.length} requirement(s)\n${lines.join('\n')}`));
    this.name = 'ConformanceFailure';
    this.findings = findings;
    // the finding is the evidence; the suite's own stack frames under every failed step are noise
    this.stack = `${this.name}: ${this.message}`;
  }
}

export class SuiteError extends Error {
  constructor(message: string) {
    super(cdataSafe(`suite or environment error (not a verdict on the SUT): ${plainText(message, { max: 4000 })}`));
    this.name = 'SuiteError';
    // an anticipated failure of the environment: the cause in words, not the suite's stack frames
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * The scenario cannot decide: what it asserts was not shown either way (a negative whose valid twin the same
 * service refused too, so the refusal says nothing of the defect). Verdict `error` with the cause named, never
 * `passed` and never `failed`.
 */
export class Inconclusive extends Error {
  constructor(message: string) {
    // the cause quotes what the SUT answered (a fault reason): escaped as every other verdict message
    super(cdataSafe(`${INCONCLUSIVE}: ${plainText(message, { oneLine: true, max: 4000 })}`));
    this.name = 'Inconclusive';
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** how an inconclusive scenario's error message starts (the mutation run recognises it) */
export const INCONCLUSIVE = 'inconclusive (not a verdict on the SUT)';

/** the verdict of a thrown error */
export function verdictOf(e: unknown): Verdict {
  return e instanceof ConformanceFailure ? 'failed' : 'error';
}
