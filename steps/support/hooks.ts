/**
 * Cucumber wiring: the World, the step time limit (from the profile, never Cucumber's 5-second
 * default), one run context per process, and a record of every attempt's detail (failed or error, findings,
 * assumptions), keyed by its testCaseStartedId, for the conformance report; the verdicts and counts themselves come
 * from Cucumber's message stream.
 */
// first: Cucumber's step matching through the engine's own match indices (steps/support/match-indices.ts)
import './match-indices.ts';
// and a verdict error's stack, which has no frames, is not parsed for frames (steps/support/frameless-errors.ts)
import './frameless-errors.ts';
import { After, AfterAll, Before, setDefaultTimeout, setWorldConstructor, Status } from '../../src/session/cucumber.ts';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Cim9World } from '../../src/session/world.ts';
import { closeRun } from '../../src/session/run.ts';
import { askOverlayReadingTypes } from '../../src/session/overlay-probe.ts';
import { ConformanceFailure, SuiteError, verdictOf, type Verdict } from '../../src/session/verdict.ts';
import { tagValues } from '../../src/session/tags.ts';
import { interruptedBy, stopGracefullyOn } from '../../src/session/interrupt.ts';
import { generationName } from '../../src/checks/generation.ts';
import { boundFinding } from '../../src/checks/finding.ts';

/** the fault ids the embedded reference SUT asked for during the scenario in progress (simulator/context.ts) */
const FAULT_REACH = Symbol.for('cim9.faultReach');

setWorldConstructor(Cim9World);
// a Cucumber worker of `cim9 run --workers N` (a process Cucumber forked): a Ctrl-C reaches it as well as cim9 run,
// which says what happens; here the first signal marks the run as interrupted (the scenario running ends, the later
// ones are skipped), a second one ends the worker. When cim9 run is gone (its IPC channel closed), so is the worker.
if (process.env['CUCUMBER_WORKER_ID'] !== undefined && process.send) {
  stopGracefullyOn(['SIGINT', 'SIGTERM'], () => undefined);
  process.once('disconnect', () => process.exit(130));
}
setDefaultTimeout(Number(process.env['CIM9_STEP_TIMEOUT_MS'] ?? 120_000));

Before(async function (this: Cim9World, { pickle }) {
  (globalThis as Record<symbol, Set<string> | undefined>)[FAULT_REACH] = new Set<string>();
  this.scenarioName = `${pickle.name} [${pickle.id}]`;
  this.scenarioRoles = tagValues(pickle.tags, 'role');
  // the run was interrupted (src/session/interrupt.ts): the scenarios after it are not run
  const stop = interruptedBy();
  if (stop) {
    this.skipReason = `interrupted (${stop}): not run`;
    return 'skipped';
  }
  try {
    await this.init();
  } catch (e) {
    // the listener, the schema pack or the embedded SUT could not start: an error of the set-up, said in one line
    throw new SuiteError(`the run could not be set up: ${firstLine(e instanceof Error ? `${e.name}: ${e.message}` : String(e))}`);
  }
  // ENV-GENERATION: once the SUT was found to speak a generation ENV-01 does not accept, every later scenario would
  // fail for that same reason: it is skipped, with the reason, and the finding stays with the scenario that saw it
  const m = this.run.generation?.mismatch;
  if (m) {
    this.skipReason = `ENV-GENERATION: the SUT speaks the ${generationName(m.speaks)} generation, the profile says ${generationName(this.run.generation!.expected)} (found in "${m.scenario.replace(/ \[[^\]]*\]$/, '')}"); not run`;
    return 'skipped';
  }
  return undefined;
});

After(async function (this: Cim9World, { pickle, result, error, testCaseStartedId }) {
  const status = result?.status;
  // every request the SUT sent to a peer the suite plays during the scenario, and no step claimed, is checked now
  const peerErrors = status === Status.SKIPPED ? [] : this.checkPeerRequests().filter((f) => f.severity === 'error');
  if (peerErrors.length && status === Status.PASSED) this.failure = new ConformanceFailure('requests to the peers the suite plays', peerErrors);
  const verdict: Verdict =
    status === Status.PASSED ? (peerErrors.length ? 'failed' : 'passed') : status === Status.FAILED ? verdictOf(this.failure ?? error) : status === Status.SKIPPED ? 'skipped' : 'error';
  const used: Record<string, string> = { ...this.usedAssumptions };
  for (const f of this.findings) Object.assign(used, f.assumptions ?? {});
  // the detail of this attempt; which scenarios ran and their status come from Cucumber's messages (src/report/results.ts)
  const record = {
    testCaseStartedId,
    name: pickle.name,
    uri: pickle.uri,
    tags: pickle.tags.map((t) => t.name),
    uc: tagValues(pickle.tags, 'uc'),
    role: tagValues(pickle.tags, 'role'),
    req: tagValues(pickle.tags, 'req'),
    verdict,
    error: verdict === 'error' || verdict === 'failed' ? String(this.failure?.message ?? error?.message ?? result?.message ?? '').slice(0, 4000) : undefined,
    ...(this.skipReason ? { reason: this.skipReason } : {}),
    findings: this.findings.map(boundFinding),
    assumptions: used,
    exchanges: this.exchanges.length,
    faults: this.run?.faults ?? [],
  };
  // a scenario whose set-up failed (no run context: the listener or the simulator could not start) still gets its
  // record, verdict error with the cause, so that the statement counts every scenario that ran
  if (!this.run) {
    record.verdict = 'error';
    record.error = firstLine(error?.message ?? result?.message ?? 'suite or environment error (not a verdict on the SUT): the run could not be set up');
  }
  const reportsDir = this.run?.reportsDir ?? process.env['CIM9_REPORTS'];
  if (reportsDir) {
    mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });
    appendFileSync(join(reportsDir, '.scenarios', `scenarios-${process.pid}.ndjson`), JSON.stringify(record) + '\n');
  }
  // the faults the embedded reference SUT asked for during the scenario (simulator/context.ts has): what each fault
  // could change, for the proof of the scopes of cim9 mutants
  const reach = (globalThis as Record<symbol, Set<string> | undefined>)[FAULT_REACH];
  if (reportsDir && reach?.size) appendFileSync(join(reportsDir, '.scenarios', `reach-${process.pid}.ndjson`), JSON.stringify({ uri: pickle.uri, name: pickle.name, reached: [...reach].sort() }) + '\n');
  if (Object.keys(used).length) this.attach(JSON.stringify({ assumptions: used }, null, 2), { mediaType: 'application/json', fileName: 'assumptions.json' });
  // the scenario's steps passed, its requests to the suite's peers did not: Cucumber's own reports say failed too
  if (peerErrors.length && status === Status.PASSED) throw this.failure;
});

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 500);
}

AfterAll(async function () {
  // a utility overlay's ReadingTypes: asked for once, after the scenarios (src/session/overlay-probe.ts)
  await askOverlayReadingTypes();
  await closeRun();
  // the peak memory of this process (suite, listener and embedded SUT), for conformance.json and the benchmarks
  const reportsDir = process.env['CIM9_REPORTS'];
  if (reportsDir) {
    mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });
    appendFileSync(join(reportsDir, '.scenarios', `process-${process.pid}.ndjson`), JSON.stringify({ pid: process.pid, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
  }
});
