/**
 * The summary of `npm run bench` (bench/all.bench.ts): from the key figures each bench wrote as JSON (`--json FILE`,
 * bench/emit.ts), one row per target of issue 18's "Done when" — target, measured, ratio, met or not met — and a few
 * other figures. Pure functions (no processes, no clock): test/bench-summary.test.ts checks them on fixed figures.
 *
 * A figure decides its target only when it is one: a bench that did not run says "not run", one that failed or wrote
 * no figures, or whose run was not clean (a failed conformance run, invalid documents, EUMED errors), says "no figure".
 */

export type Verdict = 'met' | 'not met' | 'reported' | 'not run' | 'no figure';
export type Op = '<=' | '>=';

export interface Row {
  /** stable between runs (bench-results.json is compared by it) */
  id: string;
  section: 'done-when' | 'other';
  figure: string;
  /** '≤ 10 s', '≥ 0.70×', or '—' for a figure without a target */
  target: string;
  /** the figures side by side, in words */
  measured: string;
  /** the number compared with the target (or the headline of a reported figure) */
  value?: number;
  /** how that number reads: '0.74× xmllint', '1.67× the target' */
  ratio: string;
  verdict: Verdict;
}

/** issue 18, "Done when" */
export const TARGETS = {
  runWallSeconds: 10,
  smallValidateRatio: 0.7,
  smallScenarioRatio: 0.3,
  largeTimeRatio: 2,
  largeMemoryMib: 512,
  eumedSpeedup: 3,
  loadRatio: 0.8,
  loadMeters: 10000,
  npmTestSeconds: 300,
  mutantsSeconds: 600,
} as const;

/**
 * The EUMED bench's figure before issue 18's XML work, as the issue records it (wall time per meter on a quiet machine):
 * a recorded figure, not measured by `npm run bench`.
 */
export const EUMED_BASELINE_SECONDS_PER_METER = 1.82;

export const BENCHES = ['run', 'xml', 'eumed', 'load', 'huge', 'test', 'mutants'] as const;
export type BenchName = (typeof BENCHES)[number];

/** what bench/all.bench.ts got from one bench's process */
export interface Outcome {
  exit: number | null;
  /** wall time of the whole process, seconds */
  wall: number;
  /** the bench's JSON figures (absent for npm test and mutants, which have none but their wall time) */
  json?: Record<string, any>;
  /** why there are no figures (no JSON written, unreadable JSON) */
  problem?: string;
}

export type Results = Partial<Record<BenchName, Outcome>>;

/** one bench's `--json` file: its figures, or why they cannot be used */
export function parseBenchJson(name: string, text: string | undefined): { ok: true; json: Record<string, any> } | { ok: false; problem: string } {
  if (text === undefined || !text.trim()) return { ok: false, problem: 'the bench wrote no figures' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `its figures are not JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'its figures are not a JSON object' };
  const j = json as Record<string, any>;
  if (j.bench !== name) return { ok: false, problem: `the figures are those of bench ${JSON.stringify(j.bench)}, not ${name}` };
  if (j.v !== 1) return { ok: false, problem: `unknown version ${JSON.stringify(j.v)} of the figures` };
  return { ok: true, json: j };
}

export const meets = (op: Op, value: number, target: number): boolean => (op === '<=' ? value <= target : value >= target);

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const f = (x: number, d = 2) => x.toFixed(d);
const rate = (x: number) => Math.round(x).toLocaleString('en');
const sym = (op: Op) => (op === '<=' ? '≤' : '≥');

/** a row that decides its target */
function judged(id: string, figure: string, op: Op, target: number, targetText: string, value: number, ratio: string, measured: string): Row {
  return { id, section: 'done-when', figure, target: `${sym(op)} ${targetText}`, measured, value, ratio, verdict: meets(op, value, target) ? 'met' : 'not met' };
}

/** a Done-when row without a usable figure */
function missing(id: string, figure: string, target: string, verdict: 'not run' | 'no figure', why: string): Row {
  return { id, section: 'done-when', figure, target, measured: why, ratio: '—', verdict };
}

function reported(id: string, section: Row['section'], figure: string, measured: string, value?: number, ratio = '—'): Row {
  return { id, section, figure, target: '—', measured, value, ratio, verdict: 'reported' };
}

/** the figures of a bench, or why there are none */
function figuresOf(results: Results, name: BenchName, notRun = 'not run (`--only`)'): { json: Record<string, any> } | { verdict: 'not run' | 'no figure'; why: string } {
  const o = results[name];
  if (!o) return { verdict: 'not run', why: notRun };
  if (!o.json) return { verdict: 'no figure', why: `bench ${name}: ${o.problem ?? 'the bench wrote no figures'}${o.exit ? ` (exit ${o.exit})` : ''}` };
  return { json: o.json };
}

function runRows(results: Results): Row[] {
  const id = 'run-2013-wall';
  const figure = 'the 2013 reference run, wall time';
  const target = `≤ ${TARGETS.runWallSeconds} s`;
  const g = figuresOf(results, 'run');
  if ('verdict' in g) return [missing(id, figure, target, g.verdict, g.why)];
  const r = (g.json.runs as any[] | undefined)?.find((x) => x && x.profile === 'profiles/reference.yaml' && !x.fault && !x.scale);
  // the same run with its features k times over (--scale): the seconds per scenario as the suite grows
  const scaled = ((g.json.runs as any[] | undefined) ?? []).filter((x) => x && x.profile === 'profiles/reference.yaml' && !x.fault && num(x.scale) && x.exit === 0 && num(x.scenarios) && x.scenarios > 0);
  if (!r || !num(r.wall)) return [missing(id, figure, target, 'no figure', 'bench run has no run of profiles/reference.yaml')];
  const how = `cim9 run --profile profiles/reference.yaml${r.workers ? ` --workers ${r.workers}` : ''} --no-pdf`;
  if (r.exit !== 0) return [missing(id, `${figure} (${how})`, target, 'no figure', `the run did not pass (exit ${r.exit}): the time of a failing run is not the target's`)];
  const scen = num(r.scenarios) && r.scenarios > 0 ? r.scenarios : undefined;
  const rows = [
    judged(id, `${figure} (${how})`, '<=', TARGETS.runWallSeconds, `${TARGETS.runWallSeconds} s`, r.wall, `${f(r.wall / TARGETS.runWallSeconds)}× the target`,
      `${f(r.wall, 1)} s wall, ${f(r.cpu, 1)} s CPU${scen ? `, ${scen} scenarios` : ''}`),
  ];
  const split = num(r.startup) && num(r.cucumber) && num(r.reports) ? `; start-up ${f(r.startup, 1)} s, Cucumber ${f(r.cucumber, 1)} s, reports ${f(r.reports, 1)} s` : '';
  if (scen) {
    rows.push(reported('run-2013-per-scenario', 'other', 'the 2013 run, seconds per scenario (flat as the suite grows)',
      `${f(r.wall / scen, 3)} s wall per scenario; scenario time ${f((r.scenarioSeconds ?? 0) / scen, 3)} s each (${f(r.scenarioSeconds ?? 0, 1)} s in all${r.workers > 1 ? `, over ${r.workers} workers` : ''})${split}${scaled.map((x) => `; the features ×${x.scale}: ${x.scenarios} scenarios, ${f(x.wall, 1)} s wall, ${f(x.wall / x.scenarios, 3)} s per scenario`).join('')}`,
      r.wall / scen, `${f(r.wall / scen, 3)} s${scaled.map((x) => ` / ${f(x.wall / x.scenarios, 3)} s (×${x.scale})`).join('')}`));
  }
  const waiting = Math.max(0, r.wall - r.cpu);
  rows.push(reported('run-2013-waiting', 'other', 'the 2013 run, waiting vs working', `working (CPU) ${f(Math.min(r.cpu, r.wall), 1)} s, waiting (wall − CPU) ${f(waiting, 1)} s`, waiting / r.wall, `${f((waiting / r.wall) * 100, 0)} % waiting`));
  return rows;
}

function xmlRows(results: Results): Row[] {
  const small = [
    { id: 'xml-small-validate', figure: 'schema validation of small messages, rate vs xmllint (CPU)', path: 'validate', target: TARGETS.smallValidateRatio },
    { id: 'xml-small-scenario', figure: 'the scenario path (parse + validate) on small messages, rate vs xmllint (CPU)', path: 'scenario', target: TARGETS.smallScenarioRatio },
  ] as const;
  const largeTime = { id: 'xml-large-time', figure: 'a 20 MiB reply parsed and checked (scenario path), time vs xmllint (CPU)', target: `≤ ${TARGETS.largeTimeRatio}×` };
  const largeMem = { id: 'xml-large-memory', figure: 'a 20 MiB reply parsed and checked, peak memory of the process', target: `≤ ${TARGETS.largeMemoryMib} MiB` };
  const g = figuresOf(results, 'xml');
  if ('verdict' in g) return [...small.map((s) => missing(s.id, s.figure, `≥ ${f(s.target)}×`, g.verdict, g.why)), missing(largeTime.id, largeTime.figure, largeTime.target, g.verdict, g.why), missing(largeMem.id, largeMem.figure, largeMem.target, g.verdict, g.why)];
  const j = g.json;
  const rows: Row[] = [];
  const noXmllint = j.xmllint === 'missing' ? `no xmllint: ${j.reason ?? 'apt-get install libxml2-utils'}` : undefined;
  for (const s of small) {
    const sm = j.small;
    const why = noXmllint ?? (!sm ? 'bench xml has no small-message figures' : !sm.xmllintValid || sm.errors ? `the documents were not valid (xmllint ${sm.xmllintValid ? 'valid' : 'INVALID'}, ours ${sm.errors} error(s))` : !(sm.xmllint?.cpu > 0) || !(sm[s.path]?.cpu > 0) ? 'too few messages to time (a CPU time of 0)' : undefined);
    if (why) {
      rows.push(missing(s.id, s.figure, `≥ ${f(s.target)}×`, 'no figure', why));
      continue;
    }
    const ratio = sm.xmllint.cpu / sm[s.path].cpu;
    rows.push(judged(s.id, s.figure, '>=', s.target, `${f(s.target)}×`, ratio, `${f(ratio)}× xmllint`,
      `ours ${rate(sm.messages / sm[s.path].cpu)} msgs/s, xmllint ${rate(sm.messages / sm.xmllint.cpu)} msgs/s (${sm.messages.toLocaleString('en')} messages of ${f(sm.kibEach, 1)} KiB; CPU ${f(sm[s.path].cpu)} s vs ${f(sm.xmllint.cpu)} s)`));
  }
  const lg = j.large;
  const lwhy = noXmllint ?? (!lg ? 'bench xml has no large-document figures' : !lg.xmllintValid || lg.errors ? `the document was not valid (xmllint ${lg.xmllintValid ? 'valid' : 'INVALID'}, ours ${lg.errors} error(s))` : !(lg.xmllint?.cpu > 0) ? 'xmllint\'s CPU time was 0' : undefined);
  const size = lg && num(lg.mib) ? `${f(lg.mib, 1)} MiB` : '';
  const named = (figure: string) => (lg && num(lg.mib) && Math.abs(lg.mib - 20) > 1 ? figure.replace('a 20 MiB reply', `a ${size} reply (the target's is 20 MiB)`) : figure);
  if (lwhy) {
    rows.push(missing(largeTime.id, named(largeTime.figure), largeTime.target, 'no figure', lwhy));
    rows.push(missing(largeMem.id, named(largeMem.figure), largeMem.target, 'no figure', lwhy));
    return rows;
  }
  const ratio = lg.scenario.cpu / lg.xmllint.cpu;
  rows.push(judged(largeTime.id, named(largeTime.figure), '<=', TARGETS.largeTimeRatio, `${TARGETS.largeTimeRatio}×`, ratio, `${f(ratio)}× xmllint`,
    `ours ${f(lg.scenario.cpu)} s CPU (${f(lg.scenario.wall)} s wall), xmllint ${f(lg.xmllint.cpu)} s CPU (${f(lg.xmllint.wall)} s wall); validate alone ${f(lg.validate.cpu / lg.xmllint.cpu)}×; ${size}`));
  rows.push(judged(largeMem.id, named(largeMem.figure), '<=', TARGETS.largeMemoryMib, `${TARGETS.largeMemoryMib} MiB`, lg.peakMib, `${f(lg.peakMib / TARGETS.largeMemoryMib)}× the target`,
    `${f(lg.peakMib, 0)} MiB peak RSS (${f(lg.rssBeforeMib, 0)} MiB before the document was read; xmllint ${f(lg.xmllint.peakMib ?? 0, 0)} MiB)`));
  return rows;
}

function eumedRows(results: Results): Row[] {
  const id = 'eumed-per-meter';
  const figure = `the EUMED bench per meter vs the recorded baseline (${EUMED_BASELINE_SECONDS_PER_METER} s per meter, issue 18; not measured here)`;
  const target = `≥ ${TARGETS.eumedSpeedup}× faster`;
  const g = figuresOf(results, 'eumed');
  if ('verdict' in g) return [missing(id, figure, target, g.verdict, g.why)];
  const j = g.json;
  if (!num(j.wallPerMeter) || j.wallPerMeter <= 0) return [missing(id, figure, target, 'no figure', 'bench eumed has no time per meter')];
  if (j.errors) return [missing(id, figure, target, 'no figure', `the documents had ${j.errors} EUMED error(s): not a clean run`)];
  const speedup = EUMED_BASELINE_SECONDS_PER_METER / j.wallPerMeter;
  return [
    judged(id, figure, '>=', TARGETS.eumedSpeedup, `${TARGETS.eumedSpeedup}× faster`, speedup, `${f(speedup)}× faster (by CPU: ${f(EUMED_BASELINE_SECONDS_PER_METER / j.cpuPerMeter)}×)`,
      `${f(j.wallPerMeter)} s per meter wall, ${f(j.cpuPerMeter)} s CPU (${j.meters} meters × ${Number(j.intervalsPerMeter).toLocaleString('en')} intervals; peak ${f(j.peakRssMib, 0)} MiB); the baseline is wall time, so wall decides`),
  ];
}

function loadRows(results: Results): Row[] {
  const id = 'load-vs-undici';
  const figure = `cim9 load --scenario outage-storm --meters ${TARGETS.loadMeters} vs raw undici, same minimal endpoint`;
  const target = `≥ ${f(TARGETS.loadRatio)}×`;
  const sutId = 'load-reference-sut';
  const sutFigure = 'cim9 load --scenario outage-storm against the reference SUT: rate and latency';
  const g = figuresOf(results, 'load');
  if ('verdict' in g) return [missing(id, figure, target, g.verdict, g.why), { ...missing(sutId, sutFigure, '—', g.verdict, g.why) }];
  const j = g.json;
  const rows: Row[] = [];
  const s = (j.scenarios as any[] | undefined)?.find((x) => x && x.scenario === 'outage-storm');
  const named = j.meters === TARGETS.loadMeters ? figure : figure.replace(`--meters ${TARGETS.loadMeters}`, `--meters ${j.meters} (the target's is ${TARGETS.loadMeters})`);
  if (!s || !num(s.ratio)) rows.push(missing(id, named, target, 'no figure', 'bench load has no outage-storm figures'));
  else {
    rows.push(judged(id, named, '>=', TARGETS.loadRatio, `${f(TARGETS.loadRatio)}×`, s.ratio, `${f(s.ratio)}× raw undici`,
      `engine ${rate(s.engine)} requests/s, raw undici ${rate(s.raw)} requests/s (${s.requests.toLocaleString('en')} requests, ${j.concurrency} at a time, medians of ${s.engineRates?.length ?? 3}${num(s.ratioOfMedians) ? `; the ratio is the median of ${s.rounds ?? s.engineRates?.length} engine runs each over the raw run just before it, the ratio of the medians ${f(s.ratioOfMedians)}` : ''}; reply checks on ${s.checked} of ${s.sent})`));
  }
  const sut = j.sut;
  const ms = (x: number) => (x >= 100 ? f(x, 0) : f(x, 1));
  const latency = (x: any) => `p50 ${ms(x.p50Ms)} ms, p95 ${ms(x.p95Ms)} ms, p99 ${ms(x.p99Ms)} ms, max ${ms(x.maxMs)} ms`;
  if (!sut) rows.push({ ...missing(sutId, sutFigure, '—', 'no figure', 'bench load has no reference-SUT figures (--no-sut?)') });
  else {
    rows.push({
      ...reported(sutId, 'done-when', `${sutFigure} (--meters ${sut.meters})`,
        `${rate(sut.throughput)} replies/s; ${latency(sut)}; ${sut.sent} sent, ${sut.errors} errors, ${sut.timeouts} timeouts${sut.exit ? ` (exit ${sut.exit})` : ''}`, sut.throughput, `${rate(sut.throughput)}/s`),
    });
  }
  const inb = j.inbound;
  if (inb) {
    rows.push(reported('load-storm-in', 'other', `outage-storm-in: the reference head-end publishes a storm of ${inb.meters} meters to the suite`,
      `${rate(inb.throughput)} deliveries/s; ${latency(inb)}; ${inb.errors} errors${inb.storm ? `, ${inb.storm.missingPowerOffs + inb.storm.missingRestorations} missing` : ''}`, inb.throughput, `${rate(inb.throughput)}/s`));
  }
  return rows;
}

function hugeRows(results: Results): Row[] {
  const g = figuresOf(results, 'huge');
  if ('verdict' in g) return [{ ...missing('huge-cost', 'huge legal replies: cost per MiB received', '—', g.verdict, g.why), section: 'other' }];
  const j = g.json;
  const rows: Row[] = [];
  const last = (j.sizes as any[] | undefined)?.at(-1);
  if (last) {
    rows.push(reported('huge-cost', 'other', `huge legal replies (${last.mib} MiB each): cost per MiB received`,
      `${f(last.msPerMib, 0)} ms per MiB, ${f(last.peakRssPerMib, 1)} MiB of peak RSS per MiB of reply${j.layer1 ? `; read + XSD of one reply ${f(j.layer1.msPerMib, 0)} ms per MiB` : ''}`, last.msPerMib, `${f(last.msPerMib, 0)} ms/MiB`));
  }
  const b = j.bound;
  if (b) {
    rows.push({
      id: 'huge-bound',
      section: 'other',
      figure: `memory bound: ${b.scenarios} scenarios answered with ${b.mib} MiB each, peak RSS`,
      target: `≤ ${f(b.limitMib, 0)} MiB`,
      measured: `${f(b.peakRssMib, 0)} MiB peak RSS, reports ${f(b.reportsMib, 0)} MiB`,
      value: b.peakRssMib,
      ratio: `${f(b.peakRssMib / b.limitMib)}× the bound`,
      verdict: meets('<=', b.peakRssMib, b.limitMib) ? 'met' : 'not met',
    });
  }
  return rows;
}

function wallRow(results: Results, name: 'test' | 'mutants', figure: string, seconds: number, flag: string): Row {
  const id = name === 'test' ? 'npm-test-wall' : 'mutants-wall';
  const target = `≤ ${seconds / 60} min`;
  const o = results[name];
  if (!o) return missing(id, figure, target, 'not run', `not run (${flag}: it takes minutes)`);
  if (o.exit !== 0) return missing(id, figure, target, 'no figure', `it failed (exit ${o.exit}) after ${f(o.wall / 60, 1)} min: the time of a failing run is not the target's`);
  return judged(id, figure, '<=', seconds, `${seconds / 60} min`, o.wall, `${f(o.wall / seconds)}× the target`, `${f(o.wall / 60, 1)} min wall (${f(o.wall, 0)} s)`);
}

/** every row of the summary, Done-when first */
export function summarize(results: Results): Row[] {
  const rows = [
    ...runRows(results),
    ...xmlRows(results),
    ...eumedRows(results),
    ...loadRows(results),
    wallRow(results, 'test', '`npm test`, wall time', TARGETS.npmTestSeconds, '--with-test'),
    wallRow(results, 'mutants', '`npm run mutants` (the whole catalogue, 2 cores), wall time', TARGETS.mutantsSeconds, '--with-mutants'),
    ...hugeRows(results),
  ];
  return [...rows.filter((r) => r.section === 'done-when'), ...rows.filter((r) => r.section === 'other')];
}

/** the 1-minute load averages above the core count, as a warning; undefined when every one is at or below it */
export function quietWarning(loads: { when: string; load: number }[], cores: number): string | undefined {
  const high = loads.filter((l) => l.load > cores);
  if (!high.length) return undefined;
  return `NOT QUIET: figures are not comparable — load average ${high.map((l) => `${f(l.load)} ${l.when}`).join(', ')} above the ${cores} cores`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** the rows as a Markdown table (for docs/performance.md); with the previous run's values beside when given */
export function renderTable(rows: Row[], quick: boolean, previous?: { date: string; rows: Row[] }): string[] {
  const prev = new Map((previous?.rows ?? []).map((r) => [r.id, r]));
  const head = ['figure', 'target', 'measured', 'ratio', quick ? 'verdict (quick sizes)' : 'verdict', ...(previous ? [`previous run (${previous.date})`] : [])];
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  let section: Row['section'] | undefined;
  for (const r of rows) {
    if (r.section !== section && r.section === 'other') out.push(`| **other figures** |${' |'.repeat(head.length - 1)}`);
    section = r.section;
    const p = prev.get(r.id);
    out.push(`| ${[r.figure, r.target, r.measured, r.ratio, r.verdict, ...(previous ? [p ? `${p.ratio} (${p.verdict})` : '—'] : [])].map(cell).join(' | ')} |`);
  }
  return out;
}

/** one line: how many Done-when targets are met */
export function tally(rows: Row[]): string {
  const done = rows.filter((r) => r.section === 'done-when' && r.target !== '—');
  const count = (v: Verdict) => done.filter((r) => r.verdict === v).length;
  return `Done when: ${count('met')} met, ${count('not met')} not met, ${count('no figure')} without a figure, ${count('not run')} not run (of ${done.length} targets)`;
}

export interface PlanOptions {
  quick: boolean;
  only?: readonly BenchName[];
  withTest: boolean;
  withMutants: boolean;
  eumedMeters?: number;
  loadMeters?: number;
}

/** what `npm run bench` runs, in order, each in a process of its own; `--json FILE` is added to each bench's arguments */
export function planBenches(o: PlanOptions): { name: BenchName; command: string[]; what: string }[] {
  const q = o.quick;
  const eumedMeters = o.eumedMeters ?? (q ? 3 : 100);
  const loadMeters = o.loadMeters ?? (q ? 1000 : TARGETS.loadMeters);
  const tsx = (file: string, ...args: string[]) => ['node', '--import', 'tsx', `bench/${file}`, ...args];
  const all: { name: BenchName; command: string[]; what: string }[] = [
    {
      name: 'run',
      command: q ? tsx('run.bench.ts', '--profile', 'profiles/reference.yaml', '--top', '5') : tsx('run.bench.ts', '--profile', 'profiles/reference.yaml', '--top', '5', '--scale', '2,4'),
      what: q ? 'the 2013 reference run, as `npm run conformance` runs it (cim9 run\'s default workers)' : 'the 2013 reference run, as `npm run conformance` runs it (cim9 run\'s default workers), then with its features 2 and 4 times over',
    },
    {
      name: 'xml',
      command: q ? tsx('xml.bench.ts', '--small', '2000', '--rounds', '2', '--mb', '4') : tsx('xml.bench.ts'),
      what: q ? 'XSD and the scenario path vs xmllint: 2 × 2,000 small messages, one 4 MiB document' : 'XSD and the scenario path vs xmllint: 5 × 2,000 small messages, one 20 MiB document',
    },
    { name: 'eumed', command: tsx('eumed.bench.ts', '--meters', String(eumedMeters)), what: `EUMED at scale, ${eumedMeters} meters (the figure is per meter)` },
    {
      name: 'load',
      command: tsx('load.bench.ts', '--meters', String(loadMeters), '--scenario', 'outage-storm'),
      what: `cim9 load outage-storm vs raw undici, then the reference SUT, --meters ${loadMeters}`,
    },
    {
      name: 'huge',
      command: q ? tsx('huge-replies.bench.ts', '--sizes', '1', '--no-bound') : tsx('huge-replies.bench.ts'),
      what: q ? 'huge legal replies: 1 MiB, no memory bound' : 'huge legal replies: 4 and 16 MiB, the memory bound at 15 MiB',
    },
    { name: 'test', command: ['npm', 'test'], what: '`npm test` (typecheck, unit, selftest)' },
    { name: 'mutants', command: ['npm', 'run', 'mutants'], what: '`npm run mutants` (the whole catalogue)' },
  ];
  return all.filter((b) => {
    if (o.only) return o.only.includes(b.name);
    if (b.name === 'test') return o.withTest;
    if (b.name === 'mutants') return o.withMutants;
    return true;
  });
}
