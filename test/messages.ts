/**
 * A minimal Cucumber message stream for report tests: one pickle, test case, attempt and result per scenario
 * record, as Cucumber's message formatter writes them (cucumber.ndjson). The records get the testCaseStartedId of
 * their attempt, as the hooks write them (steps/support/hooks.ts).
 */
import type { AttemptRecord, ScenarioRecord } from '../src/report/conformance.ts';

const STATUS = { passed: 'PASSED', failed: 'FAILED', error: 'FAILED', skipped: 'SKIPPED', 'not-applicable': 'SKIPPED', waived: 'FAILED' } as const;

/** the lines of cucumber.ndjson for `scenarios`, and the hooks' records keyed to them */
export function messagesFor(scenarios: readonly ScenarioRecord[], t0Seconds = 1_700_000_000): { ndjson: string; records: AttemptRecord[] } {
  const lines: unknown[] = [{ meta: { protocolVersion: '32.2.0' } }];
  const records: AttemptRecord[] = [];
  scenarios.forEach((s, i) => {
    const ts = { seconds: t0Seconds + i, nanos: 0 };
    lines.push(
      { pickle: { id: `p${i}`, name: s.name, uri: s.uri, language: 'en', steps: [], tags: s.tags.map((name) => ({ name, astNodeId: 'a' })), astNodeIds: [] } },
      { testCase: { id: `tc${i}`, pickleId: `p${i}`, testSteps: [{ id: `ts${i}`, pickleStepId: 'x', stepDefinitionIds: [], stepMatchArgumentsLists: [] }] } },
      { testCaseStarted: { id: `tcs${i}`, testCaseId: `tc${i}`, attempt: 0, timestamp: ts } },
      { testStepFinished: { testCaseStartedId: `tcs${i}`, testStepId: `ts${i}`, testStepResult: { status: STATUS[s.verdict], duration: { seconds: 0, nanos: 0 }, ...(s.error ? { message: s.error } : {}) }, timestamp: ts } },
      { testCaseFinished: { testCaseStartedId: `tcs${i}`, timestamp: ts, willBeRetried: false } },
    );
    records.push({ ...s, testCaseStartedId: `tcs${i}` });
  });
  return { ndjson: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', records };
}
