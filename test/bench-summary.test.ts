/**
 * The summary of `npm run bench` (bench/summary.ts): reading each bench's JSON figures and deciding met / not met
 * against issue 18's targets. Fixed figures only: nothing here is timed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitJson, jsonFile } from '../bench/emit.ts';
import {
  EUMED_BASELINE_SECONDS_PER_METER,
  meets,
  parseBenchJson,
  planBenches,
  quietWarning,
  renderTable,
  summarize,
  tally,
  type Results,
  type Row,
} from '../bench/summary.ts';

/** figures shaped as the benches write them (bench/*.bench.ts --json) */
function figures(): Results {
  return {
    run: {
      exit: 0,
      wall: 20,
      json: {
        bench: 'run',
        v: 1,
        runs: [{ label: 'run profiles/reference.yaml --workers 2', profile: 'profiles/reference.yaml', workers: 2, exit: 0, wall: 9.5, cpu: 12.1, scenarios: 190, scenarioSeconds: 17.1, startup: 3.1, cucumber: 5.6, reports: 0.8 }],
      },
    },
    xml: {
      exit: 0,
      wall: 60,
      json: {
        bench: 'xml',
        v: 1,
        small: { messages: 10000, rounds: 5, kibEach: 0.8, xmllintValid: true, errors: 0, xmllint: { wall: 1, cpu: 0.2 }, validate: { wall: 0.3, cpu: 0.25 }, scenario: { wall: 0.7, cpu: 0.5 } },
        large: { mib: 19.9, xmllintValid: true, errors: 0, xmllint: { wall: 1.2, cpu: 0.2, peakMib: 114 }, validate: { wall: 0.3, cpu: 0.29 }, scenario: { wall: 0.35, cpu: 0.31 }, peakMib: 430, rssBeforeMib: 260 },
      },
    },
    eumed: { exit: 0, wall: 60, json: { bench: 'eumed', v: 1, meters: 100, intervalsPerMeter: 35040, wallPerMeter: 0.5, cpuPerMeter: 0.46, peakRssMib: 480, errors: 0 } },
    load: {
      exit: 0,
      wall: 120,
      json: {
        bench: 'load',
        v: 1,
        meters: 10000,
        concurrency: 32,
        scenarios: [{ scenario: 'outage-storm', requests: 20000, engineRates: [4500, 4600, 4700], raw: 5000, engine: 4600, ratio: 0.92, checked: 5000, sent: 20000 }],
        sut: { meters: 10000, exit: 0, sent: 20000, errors: 0, timeouts: 0, throughput: 700.4, p50Ms: 40, p95Ms: 80, p99Ms: 120, maxMs: 300 },
      },
    },
  };
}

const row = (rows: Row[], id: string) => {
  const r = rows.find((x) => x.id === id);
  assert.ok(r, `a row ${id}`);
  return r;
};

test('a bench\'s JSON figures are read only when they are its own, of a known version', () => {
  assert.deepEqual(parseBenchJson('xml', undefined), { ok: false, problem: 'the bench wrote no figures' });
  assert.deepEqual(parseBenchJson('xml', '  '), { ok: false, problem: 'the bench wrote no figures' });
  const bad = parseBenchJson('xml', '{"bench":');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.problem : '', /not JSON/);
  assert.deepEqual(parseBenchJson('xml', '[1]'), { ok: false, problem: 'its figures are not a JSON object' });
  assert.deepEqual(parseBenchJson('xml', '{"bench":"eumed","v":1}'), { ok: false, problem: 'the figures are those of bench "eumed", not xml' });
  assert.deepEqual(parseBenchJson('xml', '{"bench":"xml","v":2}'), { ok: false, problem: 'unknown version 2 of the figures' });
  assert.deepEqual(parseBenchJson('xml', '{"bench":"xml","v":1,"small":{}}'), { ok: true, json: { bench: 'xml', v: 1, small: {} } });
});

test('what a bench writes with --json is what the summary reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim9-bench-summary-'));
  try {
    const file = join(dir, 'sub', 'eumed.json');
    assert.equal(jsonFile(['node', 'x.ts', '--json', file]), file);
    assert.equal(jsonFile(['node', 'x.ts', `--json=${file}`]), file);
    assert.equal(jsonFile(['node', 'x.ts']), undefined);
    emitJson('eumed', { meters: 3, wallPerMeter: 0.5 }, file);
    const parsed = parseBenchJson('eumed', readFileSync(file, 'utf8'));
    assert.deepEqual(parsed, { ok: true, json: { bench: 'eumed', v: 1, meters: 3, wallPerMeter: 0.5 } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('met and not met: the comparison with the target, the target itself included', () => {
  assert.equal(meets('<=', 10, 10), true);
  assert.equal(meets('<=', 10.01, 10), false);
  assert.equal(meets('>=', 0.7, 0.7), true);
  assert.equal(meets('>=', 0.69, 0.7), false);
});

test('every Done-when figure from the benches\' figures: target, measured, ratio, verdict', () => {
  const rows = summarize(figures());
  const run = row(rows, 'run-2013-wall');
  assert.equal(run.verdict, 'met');
  assert.equal(run.value, 9.5);
  assert.match(run.figure, /--workers 2/);
  assert.equal(run.target, '≤ 10 s');

  const small = row(rows, 'xml-small-validate');
  assert.equal(small.value, 0.2 / 0.25); // xmllint's CPU ÷ ours: the rate ratio
  assert.equal(small.verdict, 'met');
  assert.equal(small.ratio, '0.80× xmllint');
  const scenario = row(rows, 'xml-small-scenario');
  assert.equal(scenario.value, 0.4);
  assert.equal(scenario.verdict, 'met');

  const large = row(rows, 'xml-large-time');
  assert.equal(large.value, 0.31 / 0.2); // ours ÷ xmllint's: a time ratio
  assert.equal(large.verdict, 'met');
  assert.doesNotMatch(large.figure, /target's is/);
  const mem = row(rows, 'xml-large-memory');
  assert.equal(mem.value, 430);
  assert.equal(mem.verdict, 'met');

  const eumed = row(rows, 'eumed-per-meter');
  assert.equal(eumed.value, EUMED_BASELINE_SECONDS_PER_METER / 0.5);
  assert.equal(eumed.verdict, 'met');
  assert.match(eumed.figure, /recorded baseline \(1\.82 s per meter, issue 18; not measured here\)/);

  const load = row(rows, 'load-vs-undici');
  assert.equal(load.value, 0.92);
  assert.equal(load.verdict, 'met');
  const sut = row(rows, 'load-reference-sut');
  assert.equal(sut.verdict, 'reported');
  assert.match(sut.measured, /p50 40\.0 ms, p95 80\.0 ms, p99 120 ms, max 300 ms/);
  assert.match(sut.measured, /700 replies\/s/);

  assert.equal(row(rows, 'npm-test-wall').verdict, 'not run');
  assert.match(row(rows, 'npm-test-wall').measured, /--with-test/);
  assert.equal(row(rows, 'mutants-wall').verdict, 'not run');
  assert.equal(row(rows, 'huge-cost').verdict, 'not run');
  // Done-when rows first, then the other figures
  const firstOther = rows.findIndex((r) => r.section === 'other');
  assert.ok(rows.slice(firstOther).every((r) => r.section === 'other'));
  assert.equal(tally(rows), 'Done when: 7 met, 0 not met, 0 without a figure, 2 not run (of 9 targets)');
});

test('figures beyond the targets are not met', () => {
  const r = figures();
  r.run!.json!.runs[0].wall = 16.7;
  r.xml!.json!.small.validate.cpu = 0.4; // 0.5×
  r.xml!.json!.large.scenario.cpu = 0.5; // 2.5×
  r.xml!.json!.large.peakMib = 600;
  r.eumed!.json!.wallPerMeter = 0.7; // 2.6× faster
  r.load!.json!.scenarios[0].ratio = 0.75;
  r.test = { exit: 0, wall: 301 };
  r.mutants = { exit: 0, wall: 590 };
  const rows = summarize(r);
  for (const id of ['run-2013-wall', 'xml-small-validate', 'xml-large-time', 'xml-large-memory', 'eumed-per-meter', 'load-vs-undici', 'npm-test-wall']) {
    assert.equal(row(rows, id).verdict, 'not met', id);
  }
  assert.equal(row(rows, 'mutants-wall').verdict, 'met');
  assert.equal(row(rows, 'run-2013-wall').ratio, '1.67× the target');
});

test('no figure when the run behind it was not clean or the bench gave none', () => {
  const r = figures();
  r.run!.json!.runs[0].exit = 1;
  r.xml!.json!.small.errors = 3;
  r.eumed!.json!.errors = 2;
  r.load = { exit: 1, wall: 3, problem: 'the bench wrote no figures' };
  r.test = { exit: 1, wall: 200 };
  const rows = summarize(r);
  assert.equal(row(rows, 'run-2013-wall').verdict, 'no figure');
  assert.match(row(rows, 'run-2013-wall').measured, /did not pass \(exit 1\)/);
  assert.equal(row(rows, 'xml-small-validate').verdict, 'no figure');
  assert.match(row(rows, 'xml-small-validate').measured, /ours 3 error/);
  assert.equal(row(rows, 'xml-large-time').verdict, 'met'); // the large document was valid
  assert.equal(row(rows, 'eumed-per-meter').verdict, 'no figure');
  assert.equal(row(rows, 'load-vs-undici').verdict, 'no figure');
  assert.match(row(rows, 'load-vs-undici').measured, /bench load: the bench wrote no figures \(exit 1\)/);
  assert.equal(row(rows, 'npm-test-wall').verdict, 'no figure');
  // the per-scenario figure is not shown for a failing run either
  assert.equal(rows.find((x) => x.id === 'run-2013-per-scenario'), undefined);
});

test('xmllint missing: the xml rows say how to install it, and a CPU time of 0 gives no ratio', () => {
  const r = figures();
  r.xml = { exit: 0, wall: 1, json: { bench: 'xml', v: 1, xmllint: 'missing', reason: 'install libxml2-utils' } };
  let rows = summarize(r);
  for (const id of ['xml-small-validate', 'xml-small-scenario', 'xml-large-time', 'xml-large-memory']) {
    assert.equal(row(rows, id).verdict, 'no figure');
    assert.match(row(rows, id).measured, /no xmllint: install libxml2-utils/);
  }
  const z = figures();
  z.xml!.json!.small.xmllint.cpu = 0;
  rows = summarize(z);
  assert.equal(row(rows, 'xml-small-validate').verdict, 'no figure');
  assert.match(row(rows, 'xml-small-validate').measured, /too few messages/);
});

test('quick sizes are named: the size measured and the target\'s', () => {
  const r = figures();
  r.xml!.json!.large.mib = 4.0;
  r.load!.json!.meters = 1000;
  const rows = summarize(r);
  assert.match(row(rows, 'xml-large-time').figure, /a 4\.0 MiB reply \(the target's is 20 MiB\)/);
  assert.match(row(rows, 'load-vs-undici').figure, /--meters 1000 \(the target's is 10000\)/);
});

test('the machine is quiet only when no load average is above the core count', () => {
  assert.equal(quietWarning([{ when: 'before', load: 2 }, { when: 'after run', load: 1.5 }], 2), undefined);
  const w = quietWarning([{ when: 'before', load: 2.5 }, { when: 'after run', load: 1 }], 2);
  assert.match(w ?? '', /^NOT QUIET: figures are not comparable/);
  assert.match(w ?? '', /2\.50 before/);
  assert.doesNotMatch(w ?? '', /after run/);
});

test('the table: one row per figure, cells escaped, the previous run beside', () => {
  const rows = summarize(figures());
  const prev = rows.map((x) => (x.id === 'run-2013-wall' ? { ...x, ratio: '1.70× the target', verdict: 'not met' as const } : x));
  rows[0] = { ...rows[0]!, measured: 'a | b' };
  const t = renderTable(rows, true, { date: '2026-12-04T00:00:00Z', rows: prev.filter((x) => x.id !== 'eumed-per-meter') });
  assert.match(t[0]!, /\| verdict \(quick sizes\) \| previous run \(2026-12-04T00:00:00Z\) \|$/);
  assert.equal(t.length, 2 + rows.length + 1); // header, rule, rows and the "other figures" heading
  const run = t.find((l) => l.includes('the 2013 reference run'))!;
  assert.match(run, /a \\\| b/);
  assert.match(run, /1\.70× the target \(not met\) \|$/);
  assert.match(t.find((l) => l.includes('EUMED'))!, /\| — \|$/);
  for (const l of t) assert.equal(l.split(/(?<!\\)\|/).length, t[0]!.split('|').length, l);
});

test('the plan: every bench but npm test and mutants by default, smaller with --quick', () => {
  const names = (o: Parameters<typeof planBenches>[0]) => planBenches(o).map((b) => b.name);
  assert.deepEqual(names({ quick: false, withTest: false, withMutants: false }), ['run', 'xml', 'eumed', 'load', 'huge']);
  assert.deepEqual(names({ quick: false, withTest: true, withMutants: true }), ['run', 'xml', 'eumed', 'load', 'huge', 'test', 'mutants']);
  assert.deepEqual(names({ quick: true, only: ['xml', 'test'], withTest: false, withMutants: false }), ['xml', 'test']);
  const full = planBenches({ quick: false, withTest: false, withMutants: false });
  const quick = planBenches({ quick: true, withTest: false, withMutants: false });
  const cmd = (p: typeof full, n: string) => p.find((b) => b.name === n)!.command.join(' ');
  assert.equal(cmd(full, 'load'), 'node --import tsx bench/load.bench.ts --meters 10000 --scenario outage-storm');
  assert.equal(cmd(quick, 'load'), 'node --import tsx bench/load.bench.ts --meters 1000 --scenario outage-storm');
  assert.equal(cmd(full, 'xml'), 'node --import tsx bench/xml.bench.ts');
  assert.match(cmd(quick, 'xml'), /--small 2000 --rounds 2 --mb 4$/);
  assert.match(cmd(quick, 'eumed'), /--meters 3$/);
  assert.match(cmd(planBenches({ quick: true, withTest: false, withMutants: false, eumedMeters: 7 }), 'eumed'), /--meters 7$/);
});

test('the run with its features k times over (--scale) is reported beside the run, never taken for it', () => {
  const r = figures();
  const runs = (r.run!.json as any).runs as any[];
  // a scaled run first in the list: the target's figure is still the plain run's
  runs.unshift({ label: 'run profiles/reference.yaml ×2', profile: 'profiles/reference.yaml', scale: 2, workers: 6, exit: 0, wall: 16, cpu: 22, scenarios: 380 });
  runs.push({ label: 'run profiles/reference.yaml ×4', profile: 'profiles/reference.yaml', scale: 4, workers: 6, exit: 0, wall: 28, cpu: 36, scenarios: 760 });
  runs.push({ label: 'run profiles/reference.yaml ×8', profile: 'profiles/reference.yaml', scale: 8, workers: 6, exit: 1, wall: 60, cpu: 70, scenarios: 1520 });
  const rows = summarize(r);
  assert.equal(row(rows, 'run-2013-wall').value, 9.5);
  const per = row(rows, 'run-2013-per-scenario');
  assert.match(per.measured, /the features ×2: 380 scenarios, 16\.0 s wall, 0\.042 s per scenario; the features ×4: 760 scenarios, 28\.0 s wall, 0\.037 s per scenario$/);
  assert.doesNotMatch(per.measured, /×8/, 'a scaled run that did not pass gives no figure');
  assert.equal(per.ratio, '0.050 s / 0.042 s (×2) / 0.037 s (×4)');
  assert.ok(planBenches({ quick: false, withTest: false, withMutants: false })[0]!.command.join(' ').includes('--scale 2,4'));
  assert.ok(!planBenches({ quick: true, withTest: false, withMutants: false })[0]!.command.includes('--scale'));
});
