/**
 * The targeted self-test and mutation run (issue 18): a fault with a scope (FaultDef.scope, a Cucumber tag expression)
 * runs only the scenarios of its scope, the clean and combined runs run them all, and a scenario that fails with the
 * faults combined outside every fault's scope fails the run.
 * - every scope of the catalogue is a valid tag expression and selects at least one applicable scenario under each
 *   profile the mutation run runs its fault under (else that child run would refuse to start and write no report);
 * - the jobs of a targeted run pass the scope as --tags, those of an untargeted run do not;
 * - the analysis flags a combined failure outside every scope, and accepts one inside.
 * Run: node --import tsx --test test/mutants-scopes.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS, type FaultDef } from '../simulator/faults/catalogue.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyse, badScopes, inScope, isReachProof, isScopeProof, leftOutLines, longestFirst, reachProofJobs, reachProofProblems, scopeProofTags, mutationJobs, planLines, previousDurations, REFERENCE_PROFILES, type LaneJob, type RunOutcome, type ScenarioOutcome } from '../src/cli/mutants.ts';
import { listScenarios } from '../src/cli/list.ts';
import { FAST_FAULTS } from '../src/cli/selftest.ts';

describe('fault scopes', () => {
  test('every scope is a valid, non-empty tag expression', () => {
    assert.deepEqual(badScopes(FAULTS), []);
    assert.equal(badScopes([{ id: 'x', violates: 'XSD', roles: ['MDM'], description: 'x', scope: '@a and (' }]).length, 1);
    assert.equal(badScopes([{ id: 'x', violates: 'XSD', roles: ['MDM'], description: 'x', scope: ' ' }]).length, 1);
    assert.match(badScopes([{ id: 'x', violates: 'XSD', roles: ['MDM'], description: 'x', scope: '@a', leftOut: { tags: 'or @b', why: 'w' } }])[0] ?? '', /leftOut "or @b" is not a tag expression/);
  });

  test('every scope selects an applicable scenario under each profile its fault runs under', async () => {
    const { jobs } = mutationJobs(FAULTS, { runsDir: '/r', combined: false, targeted: true });
    const byProfile = new Map<string, Awaited<ReturnType<typeof listScenarios>>>();
    const empty: string[] = [];
    for (const j of jobs) {
      if (!j.tags) continue;
      const profile = j.profile ?? REFERENCE_PROFILES['2013'];
      if (!byProfile.has(profile)) byProfile.set(profile, await listScenarios({ profile }));
      const hits = byProfile.get(profile)!.filter((s) => s.applicable && inScope({ scope: j.tags }, s));
      if (hits.length === 0) empty.push(`${j.id}: scope "${j.tags}" selects no scenario applicable to ${profile}`);
    }
    assert.deepEqual(empty, []);
  });

  test('the fast faults are scoped except the generic envelope and transport faults, which run every scenario', () => {
    const generic = ['http-500-without-soap-fault', 'reply-without-correlation-id', 'speaks-2013', 'speaks-draft-2011'];
    const unscoped = FAST_FAULTS.filter((id) => !FAULTS.find((f) => f.id === id)!.scope);
    assert.deepEqual(unscoped.filter((id) => !generic.includes(id)), [], 'a fast fault of one family declares the scenarios that can observe it');
  });

  test('a targeted run passes the scope as --tags; an untargeted one runs every scenario', () => {
    const f: FaultDef = { id: 'lc-x', violates: 'XSD', roles: ['HES'], description: 'x', scope: '@uc:load-control' };
    const g: FaultDef = { id: 'all-x', violates: 'XSD', roles: ['HES'], description: 'x' };
    const t = mutationJobs([f, g], { runsDir: '/r', combined: true, targeted: true }).jobs;
    assert.equal(t.find((j) => j.id === 'lc-x')!.tags, '@uc:load-control');
    assert.equal(t.find((j) => j.id === 'all-x')!.tags, undefined);
    assert.ok(t.filter((j) => j.id.startsWith('clean') || j.id.startsWith('combined')).every((j) => j.tags === undefined), 'clean and combined runs run every scenario');
    const u = mutationJobs([f, g], { runsDir: '/r', combined: true, targeted: false }).jobs;
    assert.ok(u.every((j) => j.tags === undefined));
  });

  test('a fault with a sample runs against its sample (narrowed by its scope) in the mutation run, against its scope in the self-test', () => {
    const every: FaultDef = { id: 'every-x', violates: 'XSD', roles: ['HES'], description: 'x', sample: '@uc:s' };
    const both: FaultDef = { id: 'both-x', violates: 'XSD', roles: ['HES'], description: 'x', scope: 'not @req:X-1', sample: '@uc:s' };
    const t = mutationJobs([every, both], { runsDir: '/r', combined: true, targeted: true }).jobs;
    assert.equal(t.find((j) => j.id === 'every-x')!.tags, '@uc:s');
    assert.equal(t.find((j) => j.id === 'both-x')!.tags, '(not @req:X-1) and (@uc:s)');
    const s = mutationJobs([every, both], { runsDir: '/r', combined: true, targeted: true, sampled: false }).jobs;
    assert.equal(s.find((j) => j.id === 'every-x')!.tags, undefined);
    assert.equal(s.find((j) => j.id === 'both-x')!.tags, 'not @req:X-1');
    assert.ok(mutationJobs([every, both], { runsDir: '/r', combined: true, targeted: false }).jobs.every((j) => j.tags === undefined));
    // what can observe the fault stays its scope: the combined run judges against that, not the sample
    assert.equal(inScope(every, { tags: ['@uc:other'] }), true);
    assert.equal(badScopes([{ ...every, sample: '@a and (' }]).length, 1);
  });

  test('the faults with a sample are those that change every message of a kind, with no scope or one of nearly everything', () => {
    const sampled = FAULTS.filter((f) => f.sample).map((f) => f.id);
    assert.ok(sampled.includes('reply-without-correlation-id') && sampled.includes('truncated-body'));
    for (const f of FAULTS.filter((x) => x.sample)) assert.ok(!f.scope || f.scope.startsWith('not '), `${f.id}: a fault of one family declares its scope, not a sample`);
  });

  test('the lanes take the longest runs first: by their times in the previous run, else the runs of every scenario, then by scope', () => {
    const j = (id: string, tags?: string): LaneJob => ({ id, faults: [id], reportsDir: `/r/${id}`, ...(tags ? { tags } : {}) });
    const jobs = [j('clean'), j('wide', '@uc:master-data'), j('narrow', '@usecase:MR-01 and @role:HES'), j('every')];
    assert.deepEqual(longestFirst(jobs).map((x) => x.id), ['clean', 'every', 'wide', 'narrow']);
    // a narrow run that waited for the clock last time starts first; a run the previous one did not time keeps its place by scope
    assert.deepEqual(longestFirst(jobs, new Map([['narrow', 80_000], ['clean', 25_000], ['every', 1_000], ['wide', 2_000]])).map((x) => x.id), ['narrow', 'clean', 'wide', 'every']);
    assert.deepEqual(longestFirst(jobs, new Map([['narrow', 80_000]])).map((x) => x.id), ['clean', 'every', 'narrow', 'wide']);
    const dir = mkdtempSync(join(tmpdir(), 'cim9-prev-'));
    writeFileSync(join(dir, 'mutants.json'), JSON.stringify({ runs: [{ id: 'a', durationMs: 5 }, { id: 'b' }, { durationMs: 3 }] }));
    assert.deepEqual([...previousDurations(join(dir, 'mutants.json'))], [['a', 5]]);
    assert.equal(previousDurations(join(dir, 'none.json')).size, 0);
    writeFileSync(join(dir, 'bad.json'), '{');
    assert.equal(previousDurations(join(dir, 'bad.json')).size, 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test('--plan: each run with its previous time or an estimate, the lane time per kind and the wall time of the order', () => {
    const j = (id: string, faults: string[], tags?: string): LaneJob => ({ id, faults, reportsDir: `/r/${id}`, ...(tags ? { tags } : {}) });
    const all = [{ tags: ['@uc:a'] }, { tags: ['@uc:a'] }, { tags: ['@uc:b'] }];
    const order = [j('combined-scoped', ['f']), j('clean', []), j('f', ['f'], '@uc:a'), j('g', ['g'], '@uc:b')];
    const lines = planLines(order, new Map([['combined', 30_000], ['clean', 20_000], ['f', 10_000]]), 2, all);
    assert.match(lines[0]!, /~30\.0 s {2}lane 1 {2}combined-scoped$/);
    assert.match(lines[1]!, / 20\.0 s {2}lane 2 {2}clean$/);
    assert.match(lines[3]!, /~0\.1 s {2}lane 1 {2}g {2}--tags @uc:b$/);
    assert.match(lines.at(-1)!, /4 run\(s\) +60\.1 s of lane time; on 2 lane\(s\) in this order: 30\.1 s wall/);
    assert.ok(lines.some((l) => /^proof of the scopes +1 run\(s\) +30\.0 s of lane time \(1 estimated/.test(l)), lines.join('\n'));
  });

  test('inScope evaluates the tags a scenario carries (with its feature\'s); no scope or no tags: in scope', () => {
    assert.equal(inScope({ scope: '@uc:a or @usecase:X-1' }, { tags: ['@uc:b', '@usecase:X-1'] }), true);
    assert.equal(inScope({ scope: '@uc:a' }, { tags: ['@uc:b'] }), false);
    assert.equal(inScope({}, { tags: ['@uc:b'] }), true);
    assert.equal(inScope({ scope: '@uc:a' }, {}), true);
  });
});

describe('the proof of the scopes in the combined run', () => {
  const F = (id: string, scope?: string): FaultDef => ({ id, violates: 'XSD (why)', roles: ['MDM'], description: id, ...(scope ? { scope } : {}) });
  const S = (name: string, verdict: ScenarioOutcome['verdict'], tags: string[]): ScenarioOutcome => ({ name, uri: 'features/a.feature', verdict, rules: verdict === 'failed' ? ['XSD'] : [], tags });
  const R = (id: string, faults: string[], scenarios: ScenarioOutcome[]): RunOutcome => ({ id, faults, exitCode: 1, durationMs: 1, reportsDir: `r/${id}`, scenarios, unsolicited: 0 });
  const ledger = { file: 'l.yaml', faults: new Map(), scenarios: new Map() };
  const clean = R('clean', [], [S('in', 'passed', ['@uc:a']), S('out', 'passed', ['@uc:b'])]);
  clean.exitCode = 0;

  test('the proof of the scopes: the faults with a scope combined, every scenario, where faults without one would hide them', () => {
    const faults = [F('fa', '@uc:a'), F('every')];
    const jobs = mutationJobs(faults, { runsDir: '/r', combined: true, targeted: true, proveScopes: true }).jobs;
    const proof = jobs.find((j) => isScopeProof(j))!;
    assert.deepEqual([proof.id, proof.faults, proof.tags], ['combined-scoped', ['fa'], undefined]);
    assert.equal(jobs.find((j) => j.id === 'combined')!.faults.length, 2);
    assert.equal(mutationJobs(faults, { runsDir: '/r', combined: true, targeted: true }).jobs.filter((j) => isScopeProof(j)).length, 0);
    // every fault with a scope: the combined run is the proof already
    assert.equal(mutationJobs([F('fa', '@uc:a')], { runsDir: '/r', combined: true, targeted: true, proveScopes: true }).jobs.filter((j) => isScopeProof(j)).length, 0);
    // the combined run hides the scoped fault's failure outside its scope behind the fault of every message; the proof does not
    const runs = [R('fa', ['fa'], [S('in', 'failed', ['@uc:a'])]), R('every', ['every'], [S('in', 'failed', ['@uc:a']), S('out', 'failed', ['@uc:b'])])];
    const combined = R('combined', ['fa', 'every'], [S('in', 'failed', ['@uc:a']), S('out', 'failed', ['@uc:b'])]);
    assert.equal(analyse(clean, runs, faults, ledger, { requireEveryScenario: false }, [combined]).ok, true);
    const a = analyse(clean, runs, faults, ledger, { requireEveryScenario: false }, [combined, R('combined-scoped', ['fa'], [S('in', 'passed', ['@uc:a']), S('out', 'failed', ['@uc:b'])])]);
    assert.equal(a.ok, false);
    assert.ok(a.problems.some((p) => p.startsWith('proof of the scopes') && p.includes('features/a.feature › out')), a.problems.join('\n'));
    // masking is judged in the combined run only: "in" failing for fa alone and passing in the proof is not a problem
    assert.ok(!a.problems.some((p) => p.includes('mask')));
  });

  test('the proof runs the scenarios outside every scope of its faults, and none when their union covers every applicable one', () => {
    const faults = [F('fa', '@uc:a'), F('fb', '@uc:b or @uc:c'), F('every')];
    const tags = scopeProofTags(faults, [{ tags: ['@uc:a'] }, { tags: ['@uc:d'] }]);
    assert.equal(tags, 'not ((@uc:a) or (@uc:b or @uc:c))');
    assert.equal(inScope({ scope: tags! }, { tags: ['@uc:d'] }), true);
    assert.equal(inScope({ scope: tags! }, { tags: ['@uc:c'] }), false);
    assert.equal(scopeProofTags(faults, [{ tags: ['@uc:a'] }, { tags: ['@uc:c'] }]), null);
    const jobs = (t: string | null) => mutationJobs(faults, { runsDir: '/r', combined: true, targeted: true, proveScopes: true, proofTags: () => t }).jobs.filter((j) => isScopeProof(j));
    assert.deepEqual(jobs('not (@uc:a)').map((j) => j.tags), ['not (@uc:a)']);
    assert.equal(jobs(null).length, 0);
  });

  test('--prove-scopes: each fault against the scenarios outside its scope where the clean run saw it asked for; one failing there fails the run', () => {
    const fa = F('fa', '@uc:a');
    const reached = (name: string, tags: string[], faults: string[]): ScenarioOutcome => ({ ...S(name, 'passed', tags), reached: faults });
    const c = R('clean', [], [reached('in', ['@uc:a', '@req:A-1'], ['fa']), reached('out', ['@uc:b', '@req:B-1'], ['fa']), reached('never', ['@uc:c', '@req:C-1'], ['fb'])]);
    const jobs = reachProofJobs([fa, F('every')], [c], [R('fa', ['fa'], []), R('every', ['every'], [])], '/r');
    assert.deepEqual(jobs.map((j) => [j.id, j.faults, j.tags]), [['fa~outside-scope', ['fa'], 'not (@uc:a) and (@req:B-1)']]);
    assert.ok(isReachProof(jobs[0]!));
    assert.deepEqual(reachProofProblems([R('fa~outside-scope', ['fa'], [S('out', 'passed', ['@uc:b'])])]), []);
    const p = reachProofProblems([R('fa~outside-scope', ['fa'], [S('out', 'failed', ['@uc:b'])])]);
    assert.equal(p.length, 1);
    assert.match(p[0]!, /fault fa makes 1 scenario\(s\) outside its scope fail or break \(FaultDef\.scope is too narrow\): failed: features\/a\.feature › out/);
  });

  test('--prove-scopes: the scenarios a fault leaves out of its scope on purpose (FaultDef.leftOut) are not run, and are named with the reason', () => {
    const fa: FaultDef = { ...F('fa', '@uc:a'), leftOut: { tags: '@req:B-1', why: 'inconclusive by design' } };
    const reached = (name: string, tags: string[]): ScenarioOutcome => ({ ...S(name, 'passed', tags), reached: ['fa'] });
    const c = R('clean', [], [reached('in', ['@uc:a', '@req:A-1']), reached('left', ['@uc:b', '@req:B-1']), reached('out', ['@uc:b', '@req:B-2'])]);
    const jobs = reachProofJobs([fa], [c], [R('fa', ['fa'], [])], '/r');
    assert.deepEqual(jobs.map((j) => j.tags), ['not (@uc:a) and not (@req:B-1) and (@req:B-2)']);
    assert.equal(inScope({ scope: jobs[0]!.tags }, { tags: ['@uc:b', '@req:B-1'] }), false);
    // only left-out scenarios outside the scope: no proof run at all
    assert.deepEqual(reachProofJobs([fa], [R('clean', [], [reached('left', ['@uc:b', '@req:B-1'])])], [R('fa', ['fa'], [])], '/r'), []);
    assert.deepEqual(leftOutLines([fa, F('fb', '@uc:b')]), ['fault fa leaves out of its scope on purpose @req:B-1: inconclusive by design']);
    // the catalogue's own, each with a scope and a reason (what a whole --prove-scopes run named: docs/performance.md)
    const own = FAULTS.filter((x) => x.leftOut);
    assert.deepEqual(own.map((f) => f.id).sort(), ['failed-to-everything', 'ok-without-payload', 'relay-query-names-group']);
    for (const f of own) assert.ok(f.scope && f.leftOut!.why.length > 40, f.id);
  });

  test('a failure outside every fault\'s scope fails the run', () => {
    const faults = [F('fa', '@uc:a')];
    const a = analyse(clean, [R('fa', ['fa'], [S('in', 'failed', ['@uc:a'])])], faults, ledger, { requireEveryScenario: false }, [
      R('combined', ['fa'], [S('in', 'failed', ['@uc:a']), S('out', 'failed', ['@uc:b'])]),
    ]);
    assert.equal(a.ok, false);
    assert.deepEqual(a.composition!.unscoped, ['features/a.feature › out']);
    assert.ok(a.problems.some((p) => p.includes('lie in no fault\'s scope')));
  });

  test('failures inside a scope, or under an unscoped fault, pass', () => {
    const faults = [F('fa', '@uc:a'), F('fall')];
    const a = analyse(
      clean,
      [R('fa', ['fa'], [S('in', 'failed', ['@uc:a'])]), R('fall', ['fall'], [S('in', 'passed', ['@uc:a']), S('out', 'failed', ['@uc:b'])])],
      faults,
      ledger,
      { requireEveryScenario: true },
      [R('combined', ['fa', 'fall'], [S('in', 'failed', ['@uc:a']), S('out', 'failed', ['@uc:b'])])],
    );
    assert.deepEqual(a.problems, []);
    assert.equal(a.composition!.ok, true);
  });
});

describe('child runs from the build', () => {
  test('CIM9_DIST=0 keeps the child runs on the sources: no build, no environment to pass on', async () => {
    const { buildForChildren } = await import('../src/cli/mutants.ts');
    const before = process.env['CIM9_DIST'];
    process.env['CIM9_DIST'] = '0';
    try {
      const lines: string[] = [];
      assert.deepEqual(buildForChildren((l) => lines.push(l)), {});
      assert.deepEqual(lines, []);
    } finally {
      if (before === undefined) delete process.env['CIM9_DIST'];
      else process.env['CIM9_DIST'] = before;
    }
  });
});
