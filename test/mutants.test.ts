/**
 * The bookkeeping of the mutation run (src/cli/mutants.ts), without running the suite: survivors, the
 * ledger, failed versus error, the rule a fault must be caught by, scenarios that catch nothing, faults that
 * mask each other when combined, and the reports.
 * Run: node --import tsx --test test/mutants.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyse,
  parseLedger,
  readRunOutcome,
  renderMarkdown,
  renderTable,
  runLanes,
  LaneWorker,
  LedgerError,
  type Ledger,
  type LaneJob,
  type RunOutcome,
  type ScenarioOutcome,
} from '../src/cli/mutants.ts';
import { FAULTS, violatedRule, type FaultDef } from '../simulator/faults/catalogue.ts';
import { isRuleId } from '../src/checks/catalogue.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';

const F = (id: string, rule: string, extra: Partial<FaultDef> = {}): FaultDef => ({ id, violates: `${rule} (why)`, roles: ['MDM'], area: 'envelope', description: id, ...extra });
const faults = [F('f-corr', 'ENV-CORRELATION'), F('f-xsd', 'XSD')];
const S = (name: string, verdict: ScenarioOutcome['verdict'], rules: string[] = []): ScenarioOutcome => ({ name, uri: 'features/a.feature', verdict, rules, reason: rules.length ? `error ${rules[0]}: …` : undefined });
const run = (id: string, scenarios: ScenarioOutcome[] | undefined, extra: Partial<RunOutcome> = {}): RunOutcome => ({
  id,
  faults: id === 'clean' ? [] : [id],
  exitCode: scenarios?.some((s) => s.verdict !== 'passed') ? 1 : 0,
  durationMs: 1000,
  reportsDir: `reports/mutants/${id}`,
  scenarios,
  unsolicited: 0,
  ...extra,
});
const clean = run('clean', [S('A', 'passed'), S('B', 'passed')]);
const noLedger: Ledger = { file: 'ledger.yaml', faults: new Map(), scenarios: new Map() };
const every = { requireEveryScenario: true };

describe('analyse: faults', () => {
  test('every fault caught by its rule and every scenario catching one: ok, score 100 %', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD', 'DOM-EXPECTED'])])], faults, noLedger, every);
    assert.deepEqual(a.problems, []);
    assert.equal(a.ok, true);
    assert.deepEqual(a.score, { caught: 2, total: 2, percent: 100 });
    assert.deepEqual(a.faults.map((f) => [f.id, f.status, f.caughtBy]), [['f-corr', 'caught', ['A']], ['f-xsd', 'caught', ['B']]]);
    assert.deepEqual(a.scenarios.map((s) => [s.name, s.caught]), [['A', ['f-corr']], ['B', ['f-xsd']]]);
  });

  test('a fault for which no scenario fails survives and fails the run', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'failed', ['ENV-CORRELATION'])]), run('f-xsd', [S('A', 'passed'), S('B', 'passed')])], faults, noLedger, every);
    assert.equal(a.faults[1]!.status, 'survived');
    assert.equal(a.ok, false);
    assert.ok(a.problems.some((p) => p.includes('f-xsd') && p.includes('survived')));
    assert.deepEqual(a.score, { caught: 1, total: 2, percent: 50 });
  });

  test('"caught" only by verdict error is not a catch', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'failed', ['ENV-CORRELATION'])]), run('f-xsd', [S('A', 'error'), S('B', 'passed')])], faults, noLedger, every);
    const f = a.faults[1]!;
    assert.equal(f.status, 'error-only');
    assert.deepEqual(f.caughtBy, []);
    assert.deepEqual(f.errors, ['A']);
    assert.equal(a.ok, false);
    assert.ok(a.problems.some((p) => p.includes('only by verdict error')));
    assert.equal(a.score.caught, 1);
  });

  test('an error beside a failure is still a defect: the suite misclassified a SUT-caused failure', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'error')]), run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD'])])], faults, noLedger, every);
    assert.equal(a.faults[0]!.status, 'caught-with-errors');
    assert.equal(a.ok, false);
    assert.equal(a.score.caught, 1);
  });

  test('failing scenarios that do not name the violated rule do not count as the catch the catalogue claims', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['DOM-EXPECTED']), S('B', 'passed')]), run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD'])])], faults, noLedger, every);
    assert.equal(a.faults[0]!.status, 'wrong-rule');
    assert.deepEqual(a.faults[0]!.caughtBy, ['A']);
    assert.deepEqual(a.faults[0]!.namedBy, []);
    assert.equal(a.ok, false);
  });

  test('a run without a conformance report is a crash', () => {
    const a = analyse(clean, [run('f-corr', undefined, { exitCode: 3 }), run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD'])])], faults, noLedger, every);
    assert.equal(a.faults[0]!.status, 'no-report');
    assert.equal(a.ok, false);
  });

  test('the evidence of a catch is the finding of the violated rule, when the failure lists several', () => {
    const withLines: ScenarioOutcome = { ...S('A', 'failed', ['DOM-EXPECTED', 'ENV-DELIVERY']), reason: 'x: error DOM-EXPECTED: nothing came', lines: ['x: error DOM-EXPECTED: nothing came', 'error ENV-DELIVERY: 1 message(s) meant for … were posted to another address'] };
    const a = analyse(clean, [run('f-addr', [withLines, S('B', 'failed', ['ENV-DELIVERY'])], { unsolicited: 1 })], [F('f-addr', 'ENV-DELIVERY', { expectUnsolicited: true })], noLedger, every);
    assert.match(a.faults[0]!.reasons['A']!, /ENV-DELIVERY: 1 message/);
  });

  test('a fault whose misdirected message is not reported as unsolicited', () => {
    const fs = [F('f-addr', 'ENV-DELIVERY', { expectUnsolicited: true })];
    const ok = analyse(clean, [run('f-addr', [S('A', 'failed', ['ENV-DELIVERY']), S('B', 'failed', ['ENV-DELIVERY'])], { unsolicited: 1 })], fs, noLedger, every);
    assert.equal(ok.faults[0]!.status, 'caught');
    const bad = analyse(clean, [run('f-addr', [S('A', 'failed', ['ENV-DELIVERY']), S('B', 'failed', ['ENV-DELIVERY'])], { unsolicited: 0 })], fs, noLedger, every);
    assert.equal(bad.faults[0]!.status, 'unsolicited-not-reported');
    assert.equal(bad.ok, false);
  });

  test('"violates" must start with a rule of the catalogue', () => {
    const a = analyse(clean, [run('f-x', [S('A', 'failed', ['NO-SUCH-RULE']), S('B', 'failed', ['NO-SUCH-RULE'])])], [F('f-x', 'NO-SUCH-RULE')], noLedger, every);
    assert.ok(a.problems.some((p) => p.includes('NO-SUCH-RULE') && p.includes('not a rule')));
  });
});

describe('analyse: scenarios and the clean run', () => {
  test('a scenario that catches no fault fails the run', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'failed', ['XSD']), S('B', 'passed')])], faults, noLedger, every);
    assert.deepEqual(a.scenarios.find((s) => s.name === 'B')!.caught, []);
    assert.ok(a.problems.some((p) => p.includes('"B"') && p.includes('catches no fault')));
    assert.equal(a.ok, false);
    assert.equal(a.score.percent, 100, 'the score counts faults; the scenario problem fails the run on its own');
  });

  test('when only some faults ran, scenarios that catch nothing are not a problem', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')])], [faults[0]!], noLedger, { requireEveryScenario: false });
    assert.equal(a.ok, true);
  });

  test('a clean run in which the SUT sent a message no scenario expected invalidates the mutation run', () => {
    const stray = run('clean', [S('A', 'passed'), S('B', 'passed')], { unsolicited: 1 });
    const a = analyse(stray, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'failed', ['ENV-CORRELATION'])])], [faults[0]!], noLedger, every);
    assert.equal(a.clean.ok, false);
    assert.ok(a.problems.some((p) => p.includes('1 message(s) of the SUT that no scenario expected')), a.problems.join('\n'));
  });

  test('a clean run that does not pass invalidates the mutation run', () => {
    const a = analyse(run('clean', [S('A', 'passed'), S('B', 'error')]), [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'failed', ['ENV-CORRELATION'])])], [faults[0]!], noLedger, every);
    assert.equal(a.clean.ok, false);
    assert.ok(a.problems.some((p) => p.startsWith('clean run: error: B')));
    assert.equal(a.ok, false);
  });
});

describe('ledger', () => {
  const ledger = (faults: string, scenarios: string) => parseLedger(`faults:\n${faults}\nscenarios:\n${scenarios}\n`, 'ledger.yaml', ['f-corr', 'f-xsd']);

  test('excuses a listed survivor and a listed scenario, and says so', () => {
    const l = ledger('  - id: f-xsd\n    reason: the XSD of the pack cannot see it yet', '  - name: B\n    reason: no fault of the simulator reaches B');
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'passed'), S('B', 'passed')])], faults, l, every);
    assert.deepEqual(a.problems, []);
    assert.equal(a.ok, true);
    assert.equal(a.excused.length, 2);
    assert.ok(a.excused.some((e) => e.includes('f-xsd') && e.includes('cannot see it yet')));
    assert.equal(a.faults[1]!.ledger, 'the XSD of the pack cannot see it yet');
    assert.equal(a.score.percent, 50, 'an excused survivor is still not caught');
  });

  test('a scenario entry with uri matches that feature only', () => {
    const l = ledger('  []', '  - name: B\n    uri: features/other.feature\n    reason: r');
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'failed', ['XSD']), S('B', 'passed')])], faults, l, every);
    assert.equal(a.ok, false);
    assert.ok(a.stale.some((s) => s.includes('did not run')));
  });

  test('entries that excuse nothing any more are reported as stale', () => {
    const l = ledger('  - id: f-corr\n    reason: r', '  - name: A\n    reason: r');
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD'])])], faults, l, every);
    assert.equal(a.ok, true);
    assert.equal(a.stale.length, 2);
  });

  test('an excused error-only fault is not a problem but is listed', () => {
    const l = ledger('  - id: f-xsd\n    reason: known suite bug, issue 12', '  []');
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'failed', ['ENV-CORRELATION'])]), run('f-xsd', [S('A', 'error'), S('B', 'passed')])], faults, l, every);
    assert.equal(a.ok, true);
    assert.ok(a.excused.some((e) => e.includes('only by verdict error') && e.includes('issue 12')));
  });

  test('every entry needs a reason; unknown faults, fields and duplicates are refused', () => {
    assert.throws(() => ledger('  - id: f-xsd', '  []'), (e: Error) => e instanceof LedgerError && /faults\[0\] needs a reason/.test(e.message));
    assert.throws(() => ledger('  - id: f-nope\n    reason: r', '  []'), /unknown fault "f-nope"/);
    assert.throws(() => ledger('  - id: f-xsd\n    reason: r\n  - id: f-xsd\n    reason: r', '  []'), /listed twice/);
    assert.throws(() => ledger('  []', '  - reason: r'), /scenarios\[0\] needs a name/);
    assert.throws(() => parseLedger('survivors: []\n', 'l.yaml', []), /unknown field "survivors"/);
    assert.throws(() => parseLedger('faults: {}\n', 'l.yaml', []), /"faults" must be a list/);
    assert.throws(() => parseLedger('faults: [\n', 'l.yaml', []), /YAML syntax error/);
  });

  test('an empty file is an empty ledger', () => {
    const l = parseLedger('', 'l.yaml');
    assert.equal(l.faults.size + l.scenarios.size, 0);
  });
});

describe('combined faults', () => {
  const singles = [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD'])])];

  test('compose when everything that fails alone still fails together', () => {
    const a = analyse(clean, singles, faults, noLedger, every, run('combined', [S('A', 'failed', ['XSD']), S('B', 'failed', ['XSD'])], { faults: ['f-corr', 'f-xsd'] }));
    assert.equal(a.composition!.ok, true);
    assert.equal(a.ok, true);
  });

  test('a scenario that passes with every fault on although it fails for one alone: the faults mask each other', () => {
    const a = analyse(clean, singles, faults, noLedger, every, run('combined', [S('A', 'failed', ['XSD']), S('B', 'passed')], { faults: ['f-corr', 'f-xsd'] }));
    assert.deepEqual(a.composition!.masked, ['features/a.feature › B']);
    assert.equal(a.ok, false);
  });

  test('an error with every fault on fails the run', () => {
    const a = analyse(clean, singles, faults, noLedger, every, run('combined', [S('A', 'failed', ['XSD']), S('B', 'error')], { faults: ['f-corr', 'f-xsd'] }));
    assert.deepEqual(a.composition!.errors, ['B']);
    assert.equal(a.ok, false);
  });
});

describe('several reference profiles', () => {
  const P = 'profiles/reference-2024.yaml';
  const S2 = (name: string, verdict: ScenarioOutcome['verdict'], rules: string[] = []): ScenarioOutcome => ({ ...S(name, verdict, rules), uri: 'features/b.feature' });
  const clean2 = run('clean@2024', [S2('C', 'passed'), S('A', 'passed')], { faults: [], profile: P });

  test('the scenarios are those of every clean run; a fault run under two profiles is caught by the union', () => {
    const a = analyse(
      [clean, clean2],
      [
        run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]),
        run('f-corr@2024', [S2('C', 'failed', ['ENV-CORRELATION']), S('A', 'failed', ['ENV-CORRELATION'])], { faults: ['f-corr'], profile: P }),
        run('f-xsd', [S('A', 'passed'), S('B', 'failed', ['XSD'])]),
      ],
      faults,
      noLedger,
      every,
    );
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.faults[0]!.caughtBy, ['A', 'C']);
    assert.equal(a.faults[0]!.verdicts.failed, 3);
    assert.deepEqual(a.scenarios.map((s) => [s.name, s.caught]), [['A', ['f-corr']], ['B', ['f-xsd']], ['C', ['f-corr']]]);
  });

  test('one crashed run of a fault is a crash of the fault, whatever its other runs did', () => {
    const a = analyse([clean, clean2], [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION'])]), run('f-corr@2024', undefined, { faults: ['f-corr'], profile: P, exitCode: 3 })], [faults[0]!], noLedger, { requireEveryScenario: false });
    assert.equal(a.faults[0]!.status, 'no-report');
  });

  test('a combined run is compared with the single runs of its own profile', () => {
    const a = analyse(
      [clean, clean2],
      [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-corr@2024', [S2('C', 'failed', ['ENV-CORRELATION']), S('A', 'passed')], { faults: ['f-corr'], profile: P })],
      [faults[0]!],
      noLedger,
      { requireEveryScenario: false },
      [run('combined', [S('A', 'failed', ['X']), S('B', 'passed')], { faults: ['f-corr'] }), run('combined@2024', [S2('C', 'passed'), S('A', 'passed')], { faults: ['f-corr'], profile: P })],
    );
    assert.deepEqual(a.composition!.masked, [`features/b.feature › C (${P})`]);
    assert.equal(a.ok, false);
  });

  test('a failing clean run of any profile invalidates the mutation run', () => {
    const a = analyse([clean, run('clean@2024', [S2('C', 'failed', ['XSD'])], { faults: [], profile: P })], [], [], noLedger, { requireEveryScenario: false });
    assert.equal(a.clean.ok, false);
    assert.ok(a.problems.some((p) => p.includes('failed: C') && p.includes(P)));
  });
});

describe('run outcomes and lanes', () => {
  test('readRunOutcome keeps the rules of error findings only, and notices a missing report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-mutants-'));
    try {
      const base = { id: 'x', faults: ['x'], exitCode: 1, durationMs: 5, reportsDir: dir };
      assert.equal(readRunOutcome(base).scenarios, undefined);
      writeFileSync(
        join(dir, 'conformance.json'),
        JSON.stringify({
          scenarios: [
            { name: 'A', uri: 'features/a.feature', verdict: 'failed', error: 'what: the SUT violated 1 requirement(s)\n  - reply:3: error XSD: bad\n      requirement: …', findings: [{ rule: 'XSD', severity: 'error' }, { rule: 'ENV-TIMESTAMP', severity: 'warning' }, { rule: 'XSD', severity: 'error' }] },
          ],
          unsolicited: [{}, {}],
        }),
      );
      const r = readRunOutcome(base);
      assert.deepEqual(r.scenarios, [{ name: 'A', uri: 'features/a.feature', verdict: 'failed', rules: ['XSD'], reason: 'reply:3: error XSD: bad', lines: ['reply:3: error XSD: bad'] }]);
      assert.equal(r.unsolicited, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('runLanes runs at most `lanes` jobs at a time and keeps the order of the jobs', async () => {
    let running = 0;
    let most = 0;
    const jobs: LaneJob[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, faults: [id], reportsDir: id }));
    const seen: string[] = [];
    const out = await runLanes(jobs, 2, async (j) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, j.id === 'a' ? 30 : 5));
      running--;
      return run(j.id, []);
    }, (r) => seen.push(r.id));
    assert.equal(most, 2);
    assert.deepEqual(out.map((r) => r.id), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(seen.length, 5);
  });
});

describe('lane workers', () => {
  test('one worker process runs its jobs one after another as cim9 run would, each into its log; a job that overruns ends the worker and the next job starts another', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cim9-lane-'));
    const worker = new LaneWorker();
    try {
      const log = (n: number) => join(dir, `run-${n}.log`);
      for (const n of [1, 2, 3]) writeFileSync(log(n), '');
      // input errors of cim9 run: exit 2 and its one line, written into that job's log only
      assert.equal(await worker.run(['--no-such-option'], log(1), 60_000), 2);
      const first = worker.pid;
      assert.equal(await worker.run(['--profile', join(dir, 'no-such-profile.yaml')], log(2), 60_000), 2);
      assert.equal(worker.pid, first, 'the same process ran both jobs');
      assert.match(readFileSync(log(1), 'utf8'), /^cim9 run: .*no-such-option/m);
      assert.doesNotMatch(readFileSync(log(1), 'utf8'), /no-such-profile/);
      assert.match(readFileSync(log(2), 'utf8'), /no-such-profile\.yaml/);
      // a job that does not end in time: exit 3, the worker is ended, the next job gets a new one
      assert.equal(await worker.run(['--no-pdf', '--reports', join(dir, 'run'), '--tags', '@usecase:MR-03'], log(3), 300), 3);
      assert.equal(worker.pid, undefined);
      assert.equal(await worker.run(['--help'], log(3), 60_000), 0);
      assert.notEqual(worker.pid, first);
      assert.match(readFileSync(log(3), 'utf8'), /Usage: cim9 run/);
    } finally {
      await worker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reports', () => {
  test('the summary says pass or fail, the score, each fault with its rule and scenarios, and why the run fails', () => {
    const a = analyse(clean, [run('f-corr', [S('A', 'failed', ['ENV-CORRELATION']), S('B', 'passed')]), run('f-xsd', [S('A', 'error'), S('B', 'passed')])], faults, noLedger, every);
    const md = renderMarkdown(a, { generatedAt: 'now', lanes: 2, durationMs: 2000 });
    assert.match(md, /\*\*FAIL\*\* — mutation score \*\*50 %\*\*/);
    assert.match(md, /\| `f-corr` \| envelope \| ENV-CORRELATION \| caught \| 1: A \|/);
    assert.match(md, /\*\*error-only\*\*/);
    assert.match(md, /## Why the run fails/);
    assert.match(md, /verdict `error` means the suite or its environment broke/);
    const table = renderTable(a).join('\n');
    assert.match(table, /f-xsd\s+error-only/);
    assert.match(table, /mutation score: 50 % \(1\/2\)/);
  });
});

describe('the catalogue and the fast subset', () => {
  test('at least 30 faults, unique ids, each violating a rule of the catalogue', () => {
    assert.ok(FAULTS.length >= 30, `${FAULTS.length} faults`);
    assert.equal(new Set(FAULTS.map((f) => f.id)).size, FAULTS.length);
    for (const f of FAULTS) assert.ok(isRuleId(violatedRule(f)), `${f.id}: ${violatedRule(f)} is not a rule of src/checks/catalogue.ts`);
  });

  test('faults whose violation is a warning by default say how to detect them', () => {
    const byAssumption: Record<string, string> = { 'ENV-REPLY-VERB': 'ENV-07', 'ENV-PROVENANCE': 'ENV-13', 'ENV-MESSAGEID-REUSE': 'ENV-15' };
    for (const f of FAULTS) {
      const a = byAssumption[violatedRule(f)];
      if (a) assert.ok(f.detectWith?.[a], `${f.id} needs detectWith ${a}`);
    }
    assert.equal(FAULTS.find((f) => f.id === 'failed-without-error')?.detectWith?.['ENV-18'], 'failure');
  });

  test('the fast subset names faults of the catalogue', () => {
    for (const id of FAST_FAULTS) assert.ok(FAULTS.some((f) => f.id === id), id);
  });
});
