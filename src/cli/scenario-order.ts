/**
 * The order in which Cucumber hands scenarios to its workers (`cim9 run --workers N`): a Cucumber plugin
 * (`--plugin`, its `pickles:order` transform) run by the coordinator in the `cim9 run` process.
 *
 * A few scenarios wait on the clock by design (read schedules, load-control windows, the MDM's wait for a read: about
 * 16 s of the 2013 run's 23 s of scenario time, in 13 of its 198 scenarios) and use almost no CPU while they wait;
 * the others work (some 40 ms of CPU each). Cucumber hands the next scenario to whichever worker is idle, in the order
 * of the list, so the order decides whether the clocked scenarios overlap the working ones or form the tail of the run
 * (one schedule scenario left to a single worker at the end). Here the scenarios expected to take long are spread over
 * the first 70 % of the list, longest first, with the working ones between them in their defined order: while some
 * workers wait on the clock the others keep the cores busy, and the run ends on short scenarios.
 *
 * What takes long is learnt, not declared: after each run with workers the plugin keeps the time of every scenario that
 * passed (by feature file and name) in <CIM9_HOME or ~/.cim9>/scenario-times.json, written whole by rename; a scenario
 * it has not seen keeps its place. The order changes nothing but which worker runs a scenario when, which a parallel run
 * never fixed; verdicts do not depend on it (each worker has its own reference SUT and listener).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** a scenario at least this long (seconds, as last measured), and 6 times the median, is spread over the list */
export const SLOW_SECONDS = 0.3;
const SLOW_TIMES_MEDIAN = 6;
/** the share of the list over which the slow scenarios are spread */
const SPREAD = 0.7;
/** at most this many scenarios are kept in the file (the suite has a few hundred) */
const KEEP = 5000;

/** where the learnt scenario times are: $CIM9_HOME (as the evidence key) or ~/.cim9 */
export function scenarioTimesFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['CIM9_HOME'] ? resolve(env['CIM9_HOME']) : join(homedir(), '.cim9'), 'scenario-times.json');
}

/** a scenario's key: its feature file and name (lines move when a feature is edited; names are unique per feature) */
export function scenarioKey(uri: string, name: string): string {
  return `${uri}: ${name}`;
}

export function readScenarioTimes(file: string): Map<string, number> {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { times?: Record<string, unknown> };
    const out = new Map<string, number>();
    for (const [k, v] of Object.entries(raw.times ?? {})) if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out.set(k, v);
    return out;
  } catch {
    return new Map();
  }
}

/** merge the times of this run into the file (a new time replaces the old one); never fails the run */
export function writeScenarioTimes(file: string, times: ReadonlyMap<string, number>): void {
  if (!times.size) return;
  try {
    const all = readScenarioTimes(file);
    for (const [k, v] of times) {
      all.delete(k);
      all.set(k, Math.round(v * 1000) / 1000);
    }
    const kept = [...all].slice(-KEEP);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ about: 'cim9 run --workers: the last measured time of each scenario that passed (seconds), for the order in which the workers get them', times: Object.fromEntries(kept) }, null, 1)}\n`);
    renameSync(tmp, file);
  } catch {
    // a read-only home: the next run orders as this one did
  }
}

/**
 * The order for the workers: `items` in their defined order, `seconds(i)` the expected time of item i (undefined:
 * not known). The slow ones (≥ SLOW_SECONDS and ≥ 6 × the median of the known times: a loaded machine stretches every
 * time), longest first, are spread evenly over the first 70 % of the list; the others keep their order between them.
 * Returns the indexes of `items` in the new order.
 */
export function orderForWorkers(count: number, seconds: (i: number) => number | undefined): number[] {
  const known = [...Array(count).keys()].map(seconds).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)]! : 0;
  const threshold = Math.max(SLOW_SECONDS, SLOW_TIMES_MEDIAN * median);
  const slow: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < count; i++) ((seconds(i) ?? 0) >= threshold ? slow : rest).push(i);
  if (!slow.length) return [...Array(count).keys()];
  // longest first; equal times in their defined order
  slow.sort((a, b) => seconds(b)! - seconds(a)! || a - b);
  const step = Math.max(1, Math.floor((rest.length * SPREAD) / slow.length));
  const out: number[] = [];
  let r = 0;
  for (const s of slow) {
    out.push(s);
    out.push(...rest.slice(r, r + step));
    r += step;
  }
  out.push(...rest.slice(r));
  return out;
}

interface FilterablePickle {
  pickle: { id: string; uri: string; name: string; astNodeIds?: readonly string[] };
  gherkinDocument?: GherkinDocument;
}

/** the parts of Cucumber's GherkinDocument that the trimming below reads (the rest is copied as it is) */
interface GherkinDocument {
  uri?: string;
  feature?: { children: readonly FeatureChild[] } & Record<string, unknown>;
  comments?: readonly unknown[];
}
interface FeatureChild {
  background?: unknown;
  scenario?: { id: string };
  rule?: { children: readonly FeatureChild[] } & Record<string, unknown>;
}

/**
 * The document a worker gets with a scenario: its feature with only that scenario (in its rule, if any) and the
 * backgrounds it runs, without the comments. Cucumber sends every worker, with each scenario, the whole document of its
 * feature (to hand hook functions as a parameter; the suite's hooks do not read it): in the 2013 run, 13 MB of JSON
 * for 231 scenarios (0.6 MB of feature documents, each sent once per scenario of its feature), written by the
 * coordinator in the CLI process, beside the reference SUTs, and parsed by the workers. What the
 * worker runs is the pickle and the test case, which are not changed, nor the documents the formatters get (those are
 * sent before, once per feature).
 */
export function documentForWorker(doc: GherkinDocument | undefined, scenarioId: string | undefined): GherkinDocument | undefined {
  if (!doc?.feature || scenarioId === undefined) return doc;
  const keep = (children: readonly FeatureChild[]): FeatureChild[] | undefined => {
    const out: FeatureChild[] = [];
    let found = false;
    for (const c of children) {
      if (c.background) out.push(c);
      else if (c.scenario?.id === scenarioId) {
        out.push(c);
        found = true;
      } else if (c.rule) {
        const inner = keep(c.rule.children);
        if (inner) {
          out.push({ ...c, rule: { ...c.rule, children: inner } });
          found = true;
        }
      }
    }
    return found ? out : undefined;
  };
  const children = keep(doc.feature.children);
  // a scenario not found (a shape this does not know): the whole document, as Cucumber sends it
  if (!children) return doc;
  return { ...doc, feature: { ...doc.feature, children }, comments: [] };
}

/** each scenario with the document its worker needs (documentForWorker), one per scenario of a feature */
function forWorkers(pickles: readonly FilterablePickle[]): FilterablePickle[] {
  const made = new Map<string, GherkinDocument | undefined>();
  return pickles.map((p) => {
    const id = p.pickle.astNodeIds?.[0];
    const key = `${p.pickle.uri}\0${id}`;
    if (!made.has(key)) made.set(key, documentForWorker(p.gherkinDocument, id));
    return { ...p, gherkinDocument: made.get(key) };
  });
}

interface TestTimes {
  /** the workers that have started a scenario: the first of each also starts the worker's run (listener, schema pack) */
  workers: Set<string>;
  pickleOf: Map<string, string>;
  started: Map<string, { testCaseId: string; at: number }>;
  pickles: Map<string, { uri: string; name: string }>;
  measured: Map<string, number>;
}

const seconds = (t: { seconds: number; nanos: number }) => Number(t.seconds) + t.nanos / 1e9;

/** the Cucumber plugin: options `{ file }` (pluginOptions.cim9Order), the scenario-times file */
const plugin = {
  type: 'plugin' as const,
  optionsKey: 'cim9Order',
  coordinator: ({ on, transform, options }: { on: (event: 'message', handler: (m: Record<string, any>) => void) => void; transform: (event: 'pickles:order', f: (p: readonly FilterablePickle[]) => FilterablePickle[]) => void; options: { file?: string } }) => {
    const file = options.file;
    if (!file) return undefined;
    const known = readScenarioTimes(file);
    transform('pickles:order', (pickles) => {
      const order = orderForWorkers(pickles.length, (i) => known.get(scenarioKey(pickles[i]!.pickle.uri, pickles[i]!.pickle.name)));
      return forWorkers(order.map((i) => pickles[i]!));
    });
    // what this run measured, from Cucumber's own messages: the time of each test case that passed
    const t: TestTimes = { workers: new Set(), pickleOf: new Map(), started: new Map(), pickles: new Map(), measured: new Map() };
    on('message', (m) => {
      if (m.pickle) t.pickles.set(m.pickle.id, { uri: m.pickle.uri, name: m.pickle.name });
      else if (m.testCase) t.pickleOf.set(m.testCase.id, m.testCase.pickleId);
      else if (m.testCaseStarted) {
        // a worker's first scenario also sets the worker's run up: its time is not the scenario's
        const w = String(m.testCaseStarted.workerId ?? '');
        if (t.workers.has(w)) t.started.set(m.testCaseStarted.id, { testCaseId: m.testCaseStarted.testCaseId, at: seconds(m.testCaseStarted.timestamp) });
        t.workers.add(w);
      }
      else if (m.testStepFinished && m.testStepFinished.testStepResult?.status !== 'PASSED') {
        // a step that did not pass: the time is not the scenario's (a time limit, a fault), it is not learnt
        t.started.delete(m.testStepFinished.testCaseStartedId);
      } else if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) {
        const s = t.started.get(m.testCaseFinished.testCaseStartedId);
        const p = s && t.pickles.get(t.pickleOf.get(s.testCaseId) ?? '');
        if (s && p) t.measured.set(scenarioKey(p.uri, p.name), seconds(m.testCaseFinished.timestamp) - s.at);
      }
    });
    return () => writeScenarioTimes(file, t.measured);
  },
};

export default plugin;
