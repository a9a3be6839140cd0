/**
 * What ran, and with what status: read from Cucumber's own message stream (cucumber.ndjson) through
 * @cucumber/query, the same source Cucumber's JUnit and HTML formatters use. So retries count once (the last
 * attempt), scenarios Cucumber skipped without running a hook (--fail-fast after a failure) are there, and a
 * scenario the run never reached (interrupted) is there as not run.
 *
 * The domain detail a scenario records (the failed/error distinction, findings, assumptions used, exchanges) comes
 * from the side store of the hooks (steps/support/hooks.ts, <reports>/.scenarios/scenarios-*.ndjson), looked up by
 * the testCaseStartedId of the attempt; it never decides which scenarios ran or how many.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Query } from '@cucumber/query';
import type { Envelope, Pickle, TestCaseStarted } from '@cucumber/messages';

/** Cucumber's status of a test case's last attempt, or NOT_RUN for a pickle no attempt started */
export type CucumberStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'PENDING' | 'UNDEFINED' | 'AMBIGUOUS' | 'UNKNOWN' | 'NOT_RUN';

export interface CucumberOutcome {
  pickleId: string;
  /** the id of the last attempt (the key of the hooks' record); absent when no attempt started */
  testCaseStartedId?: string;
  name: string;
  uri: string;
  /** the line of the scenario (of the Examples row, for a Scenario Outline) in its feature file */
  line?: number;
  tags: string[];
  status: CucumberStatus;
  /** Cucumber's message of the most severe step result (the error of a failed step) */
  message?: string;
  /** how many attempts ran (more than 1 under --retry) */
  attempts: number;
  /** the step of the last attempt that did not pass (failed, undefined, ambiguous, pending), keyword and text */
  stoppedAt?: string;
  /** the steps after it that did not run (Cucumber skips the rest of a scenario once a step did not pass) */
  notRun?: string[];
}

/**
 * read an NDJSON message file into a Query; undefined when there is no such file. `planned`: the pickles Cucumber
 * made a test case of (those its filters let through; the stream has a pickle for every scenario of the features)
 */
export function loadQuery(ndjsonFile: string): { query: Query; planned: Set<string> } | undefined {
  if (!existsSync(ndjsonFile)) return undefined;
  const query = new Query();
  const planned = new Set<string>();
  for (const line of readFileSync(ndjsonFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(line) as Envelope;
    } catch {
      continue; // a line cut short by a crash: what it said is lost, the rest still counts
    }
    if (envelope.testCase) planned.add(envelope.testCase.pickleId);
    query.update(envelope);
  }
  return { query, planned };
}

/** the step where an attempt stopped and the steps after it that did not run; nothing when every step passed */
function stepsOf(query: Query, started: TestCaseStarted): { stoppedAt?: string; notRun?: string[] } {
  try {
    let stoppedAt: string | undefined;
    const notRun: string[] = [];
    for (const [finished, step] of query.findTestStepFinishedAndTestStepBy(started)) {
      const pickleStep = query.findPickleStepBy(step);
      if (!pickleStep) continue; // a hook
      const words = `${query.findStepBy(pickleStep)?.keyword.trim() ?? ''} ${pickleStep.text}`.trim();
      const status = finished.testStepResult.status;
      if (!stoppedAt && status !== 'PASSED' && status !== 'SKIPPED') stoppedAt = words;
      else if (stoppedAt && status === 'SKIPPED') notRun.push(words);
    }
    return stoppedAt ? { stoppedAt, ...(notRun.length ? { notRun } : {}) } : {};
  } catch {
    return {};
  }
}

/** the line of a pickle's scenario (or Examples row); nothing when the messages do not tell (a pickle without its Gherkin) */
function lineOf(query: Query, pickle: Pickle): { line?: number } {
  try {
    const line = query.findLocationOf(pickle)?.line;
    return line ? { line } : {};
  } catch {
    return {};
  }
}

/**
 * Every pickle of the run with the status of its last attempt, in the order the attempts started (pickles never
 * started last, in their order in the stream). undefined when the message file does not exist.
 */
export function readOutcomes(ndjsonFile: string): CucumberOutcome[] | undefined {
  const loaded = loadQuery(ndjsonFile);
  if (!loaded) return undefined;
  const { query, planned } = loaded;
  const out: CucumberOutcome[] = [];
  const seen = new Set<string>();
  const outcomeOf = (pickle: Pickle, last: TestCaseStarted | undefined): CucumberOutcome => {
    const result = last ? query.findMostSevereTestStepResultBy(last) : undefined;
    const finished = last ? query.findTestCaseFinishedBy(last) : undefined;
    return {
      pickleId: pickle.id,
      testCaseStartedId: last?.id,
      name: pickle.name,
      uri: pickle.uri,
      ...lineOf(query, pickle),
      tags: pickle.tags.map((t) => t.name),
      // an attempt that started but never finished (the run was interrupted) ran, but has no verdict
      status: !last ? 'NOT_RUN' : !finished ? 'UNKNOWN' : ((result?.status ?? 'PASSED') as CucumberStatus),
      ...(result?.message ? { message: result.message } : {}),
      attempts: last ? last.attempt + 1 : 0,
      ...(last ? stepsOf(query, last) : {}),
    };
  };
  for (const started of query.findAllTestCaseStarted()) {
    const pickle = query.findPickleBy(started);
    if (!pickle || seen.has(pickle.id)) continue;
    seen.add(pickle.id);
    out.push(outcomeOf(pickle, started));
  }
  // findAllTestCaseStarted leaves out the attempts that were retried: the one left per pickle is its last
  // a pickle with no attempt: the run stopped before it (Cucumber plans every test case first)
  for (const pickle of query.findAllPickles()) {
    if (seen.has(pickle.id) || !planned.has(pickle.id)) continue;
    seen.add(pickle.id);
    out.push(outcomeOf(pickle, undefined));
  }
  return out;
}
