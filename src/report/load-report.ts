/**
 * The report of `cim9 load`: load.json (every figure, the histograms of the run and of each interval, so that
 * shards merge: `mergeLoadReports`) and load.html (the same for people, with a latency-over-time chart in inline SVG).
 * The page is built only through src/report/html.ts (`el`, `svgEl`): every text the SUT controls (the first problems
 * of its replies, rule names, the target's URL) is escaped; it loads and runs nothing.
 */
import { document, el, fragment, svgEl, type Html } from './html.ts';
import { decodeHistogram, encodeHistogram, mergeHistograms, newHistogram, summarize, type Histogram, type HistogramJson, type IntervalJson, type LatencySummary, type Recorder, intervalsJson } from './load-stats.ts';
import type { LoadBounds } from '../profile/index.ts';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

export interface BoundCheck {
  name: keyof LoadBounds;
  limit: number;
  value: number;
  ok: boolean;
}

export interface LoadReport {
  cim9Load: 1;
  scenario: string;
  target: string;
  profile: string;
  edition: string;
  mode: { kind: 'open'; rate: number } | { kind: 'closed'; concurrency: number } | { kind: 'inbound'; rate?: number };
  /** outage-storm-in: what arrived of the storm the SUT published (the suite as its MDM) */
  storm?: { meters: number; powerOffs: number; restorations: number; missingPowerOffs: number; missingRestorations: number; duplicates: number; unexpected: number; restorationsBeforePowerOff: number; events: number; listener: string };
  meters: number;
  intervals?: number;
  requestsPlanned: number;
  shards: { index: number; count: number }[];
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  stoppedBy: string[];
  sent: number;
  ok: number;
  errors: number;
  timeouts: number;
  /** answered, transport checks passed, reply checks sampled out (`--check-sample`; absent in older load.json: 0) */
  unchecked?: number;
  /** requests neither answered nor failed when the run ended (0 unless interrupted) */
  errorRate: number;
  timeoutRate: number;
  /** replies (ok, error, unchecked) per second over the run; errorRate is errors among the requests whose fate is known (sent − unchecked) */
  throughput: number;
  latency: LatencySummary;
  histogram: HistogramJson;
  checks: { schema: string; envelope: string; reply?: { every: number; checked: number; statement: string }; domain: { every: number; checked: number; statement: string } };
  rules: Record<string, number>;
  examples: string[];
  intervalSeconds: number;
  series: IntervalJson[];
  bounds: BoundCheck[];
  verdict: 'within bounds' | 'bounds exceeded' | 'no bounds';
  assumptions: Record<string, string>;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** the sentence that says which replies the domain checks saw */
export function domainStatement(every: number, checked: number, answered: number): string {
  if (checked >= answered) return `domain checks on every reply (${checked} of ${answered} replies)`;
  return `domain checks SAMPLED: ${checked} of ${answered} replies, at most 1 reply in ${every}, because the reply rate was above what the checker keeps up with; schema and envelope checks ran on every checked reply`;
}

/** the sentence that says which replies the reply checks (XML, schema, envelope, Result) saw */
export function replyStatement(every: number, checked: number, answered: number): string {
  if (checked >= answered) return `reply checks (XML, schema, envelope, Result) on every reply (${checked} of ${answered} replies)`;
  return `reply checks (XML, schema, envelope, Result) SAMPLED: ${checked} of ${answered} replies, at most 1 reply in ${every}, because the generator was busy (--check-sample; so that the generator does not limit the figures); every reply's HTTP status, content type and size were checked; the error rate is estimated from the checked replies`;
}

const SCHEMA_ALL = 'every reply: XML and the XSDs of the edition';
const ENVELOPE_ALL = 'every reply: a ResponseMessage, verb reply, the noun, CorrelationID, Reply/Result and its codes (and Result OK, CIM9-225)';
const checkTexts = (sampled: boolean) =>
  sampled
    ? { schema: 'the checked replies (see reply checks): XML and the XSDs of the edition', envelope: 'the checked replies (see reply checks): a ResponseMessage, verb reply, the noun, CorrelationID, Reply/Result and its codes (and Result OK, CIM9-225)' }
    : { schema: SCHEMA_ALL, envelope: ENVELOPE_ALL };

/** errors among the requests whose fate is known (the unchecked replies' is not) */
const errorRateOf = (errors: number, sent: number, unchecked: number) => (sent - unchecked > 0 ? round(errors / (sent - unchecked), 6) : 0);

/** compare the figures with the profile's bounds */
export function checkBounds(r: Pick<LoadReport, 'latency' | 'errorRate' | 'timeoutRate' | 'throughput'>, b: LoadBounds | undefined): BoundCheck[] {
  if (!b) return [];
  const out: BoundCheck[] = [];
  const most = (name: keyof LoadBounds, value: number) => {
    const limit = b[name];
    if (limit !== undefined) out.push({ name, limit, value, ok: value <= limit });
  };
  most('p50Ms', r.latency.p50Ms);
  most('p95Ms', r.latency.p95Ms);
  most('p99Ms', r.latency.p99Ms);
  most('maxMs', r.latency.maxMs);
  most('maxErrorRate', r.errorRate);
  most('maxTimeoutRate', r.timeoutRate);
  if (b.minThroughput !== undefined) out.push({ name: 'minThroughput', limit: b.minThroughput, value: r.throughput, ok: r.throughput >= b.minThroughput });
  return out;
}

export function verdictOf(bounds: BoundCheck[]): LoadReport['verdict'] {
  return bounds.length === 0 ? 'no bounds' : bounds.every((b) => b.ok) ? 'within bounds' : 'bounds exceeded';
}

type Base = Omit<LoadReport, 'sent' | 'ok' | 'errors' | 'timeouts' | 'errorRate' | 'timeoutRate' | 'throughput' | 'latency' | 'histogram' | 'checks' | 'rules' | 'examples' | 'series' | 'bounds' | 'verdict' | 'durationSeconds' | 'startedAt' | 'endedAt'>;

/** the report of one run or shard from its recorder */
export function loadReport(base: Base, rec: Recorder, run: { startedAt: number; endedAt: number; domainEvery: number; domainChecked: number; replyEvery?: number; replyChecked?: number }, bounds: LoadBounds | undefined): LoadReport {
  const durationSeconds = Math.max(0.001, (run.endedAt - run.startedAt) / 1000);
  const answered = rec.ok + rec.errors + rec.unchecked;
  const figures = {
    latency: summarize(rec.latency),
    errorRate: errorRateOf(rec.errors, rec.sent, rec.unchecked),
    timeoutRate: rec.sent ? round(rec.timeouts / rec.sent, 6) : 0,
    throughput: round(answered / durationSeconds, 1),
  };
  const checked = run.replyChecked ?? answered;
  const checks = {
    ...checkTexts(checked < answered),
    reply: { every: run.replyEvery ?? 1, checked, statement: replyStatement(run.replyEvery ?? 1, checked, answered) },
    domain: { every: run.domainEvery, checked: run.domainChecked, statement: domainStatement(run.domainEvery, run.domainChecked, checked) },
  };
  const b = checkBounds(figures, bounds);
  return {
    ...base,
    startedAt: new Date(run.startedAt).toISOString(),
    endedAt: new Date(run.endedAt).toISOString(),
    durationSeconds: round(durationSeconds),
    sent: rec.sent,
    ok: rec.ok,
    errors: rec.errors,
    timeouts: rec.timeouts,
    unchecked: rec.unchecked,
    ...figures,
    histogram: encodeHistogram(rec.latency),
    checks,
    rules: Object.fromEntries([...rec.rules.entries()].sort((a, b) => b[1] - a[1])),
    examples: [...rec.examples],
    series: intervalsJson(rec),
    bounds: b,
    verdict: verdictOf(b),
  };
}

/** one report of several shards' (`cim9 load merge`): counts added, histograms merged, rates and percentiles computed anew */
export function mergeLoadReports(parts: LoadReport[], bounds: LoadBounds | undefined): LoadReport {
  if (!parts.length) throw new Error('nothing to merge');
  const first = parts[0]!;
  for (const p of parts) {
    if (p.cim9Load !== 1) throw new Error('not a load.json of cim9 load');
    if (p.scenario !== first.scenario) throw new Error(`shards of different scenarios: ${first.scenario} and ${p.scenario}`);
    if (p.intervalSeconds !== first.intervalSeconds) throw new Error('shards with different --interval');
  }
  const h = mergeHistograms(parts.map((p) => decodeHistogram(p.histogram)));
  const series = new Map<string, { sent: number; ok: number; errors: number; timeouts: number; unchecked: number; h: Histogram }>();
  for (const p of parts)
    for (const s of p.series) {
      const e = series.get(s.start) ?? { sent: 0, ok: 0, errors: 0, timeouts: 0, unchecked: 0, h: newHistogram(true) };
      e.sent += s.sent;
      e.ok += s.ok;
      e.errors += s.errors;
      e.timeouts += s.timeouts;
      e.unchecked += s.unchecked ?? 0;
      e.h.add(decodeHistogram(s.histogram, true));
      series.set(s.start, e);
    }
  const sum = (f: (p: LoadReport) => number) => parts.reduce((a, p) => a + f(p), 0);
  const startedAt = Math.min(...parts.map((p) => Date.parse(p.startedAt)));
  const endedAt = Math.max(...parts.map((p) => Date.parse(p.endedAt)));
  const durationSeconds = Math.max(0.001, (endedAt - startedAt) / 1000);
  const sent = sum((p) => p.sent);
  const ok = sum((p) => p.ok);
  const errors = sum((p) => p.errors);
  const timeouts = sum((p) => p.timeouts);
  const unchecked = sum((p) => p.unchecked ?? 0);
  const answered = ok + errors + unchecked;
  const every = Math.max(...parts.map((p) => p.checks.domain.every));
  const checked = sum((p) => p.checks.domain.checked);
  const replyEvery = Math.max(...parts.map((p) => p.checks.reply?.every ?? 1));
  const replyChecked = sum((p) => p.checks.reply?.checked ?? p.ok + p.errors + (p.unchecked ?? 0));
  const figures = { latency: summarize(h), errorRate: errorRateOf(errors, sent, unchecked), timeoutRate: sent ? round(timeouts / sent, 6) : 0, throughput: round(answered / durationSeconds, 1) };
  const rules: Record<string, number> = {};
  for (const p of parts) for (const [r, n] of Object.entries(p.rules)) rules[r] = (rules[r] ?? 0) + n;
  const b = checkBounds(figures, bounds);
  return {
    ...first,
    mode: first.mode.kind === 'inbound' ? first.mode : first.mode.kind === 'open' ? { kind: 'open', rate: sum((p) => (p.mode.kind === 'open' ? p.mode.rate : 0)) } : { kind: 'closed', concurrency: sum((p) => (p.mode.kind === 'closed' ? p.mode.concurrency : 0)) },
    requestsPlanned: sum((p) => p.requestsPlanned),
    shards: parts.flatMap((p) => p.shards),
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    durationSeconds: round(durationSeconds),
    stoppedBy: [...new Set(parts.flatMap((p) => p.stoppedBy))],
    sent,
    ok,
    errors,
    timeouts,
    unchecked,
    ...figures,
    histogram: encodeHistogram(h),
    checks: { ...checkTexts(replyChecked < answered), reply: { every: replyEvery, checked: replyChecked, statement: replyStatement(replyEvery, replyChecked, answered) }, domain: { every, checked, statement: domainStatement(every, checked, replyChecked) } },
    rules,
    examples: parts.flatMap((p) => p.examples).slice(0, 20),
    series: [...series.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([start, e]) => ({ start, sent: e.sent, ok: e.ok, errors: e.errors, timeouts: e.timeouts, unchecked: e.unchecked, latency: summarize(e.h), histogram: encodeHistogram(e.h) })),
    bounds: b,
    verdict: verdictOf(b),
  };
}

// ------------------------------------------------------------------------------------------------ the page

const CSS = `
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 70em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.fail { color: #a00; font-weight: bold; }
.pass { color: #060; font-weight: bold; }
.note { background: #fff6d6; padding: 0.5em; border-left: 4px solid #e0b000; }
code { font-size: 90%; }
svg text { font-size: 11px; fill: #333; }
`;

const SERIES = [
  { key: 'p50Ms', name: 'p50', stroke: '#1f77b4' },
  { key: 'p95Ms', name: 'p95', stroke: '#ff7f0e' },
  { key: 'p99Ms', name: 'p99', stroke: '#d62728' },
  { key: 'maxMs', name: 'max', stroke: '#999999' },
] as const;

/**
 * The latency of each interval over the run (p50, p95, p99, max), one point per interval at its middle. Scales and
 * ticks come from d3-scale, each line's path `d` from d3-shape's line generator; the elements are built by `svgEl`
 * (no markup from strings) and carry only numbers and the suite's own words.
 */
export function latencyChart(series: readonly IntervalJson[], intervalSeconds: number): Html {
  const W = 900, H = 320, L = 60, R = 20, T = 20, B = 40;
  if (!series.length) return el('p', null, 'No reply was recorded: nothing to plot.');
  const t0 = Date.parse(series[0]!.start);
  const points = series.map((s) => ({ t: (Date.parse(s.start) - t0) / 1000 + intervalSeconds / 2, latency: s.latency }));
  const x = scaleLinear().domain([0, points[points.length - 1]!.t + intervalSeconds / 2]).range([L, W - R]);
  const y = scaleLinear().domain([0, Math.max(1e-3, ...series.map((s) => s.latency.maxMs)) * 1.05]).range([H - B, T]).nice(5);
  const at = (v: number) => round(v, 1);
  const lines = SERIES.map((s) => {
    const d = line<(typeof points)[number]>()
      .x((p) => at(x(p.t)))
      .y((p) => at(y(p.latency[s.key])))(points);
    return svgEl('path', { d: d ?? '', fill: 'none', stroke: s.stroke, 'stroke-width': s.key === 'maxMs' ? 1 : 2, 'stroke-dasharray': s.key === 'maxMs' ? '4 3' : undefined }, svgEl('title', null, `${s.name} latency (ms)`));
  });
  const fy = y.tickFormat(5);
  const fx = x.tickFormat(8);
  return svgEl(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewbox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'latency over time' },
    svgEl('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: 'none', stroke: '#ccc' }),
    y.ticks(5).map((v) => fragment(svgEl('line', { x1: L, x2: W - R, y1: at(y(v)), y2: at(y(v)), stroke: '#eee' }), svgEl('text', { x: L - 6, y: at(y(v)), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, fy(v)))),
    x.ticks(8).map((v) => svgEl('text', { x: at(x(v)), y: H - B + 16, 'text-anchor': 'middle' }, fx(v))),
    svgEl('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle' }, 'seconds since the start'),
    svgEl('text', { x: 14, y: T + (H - T - B) / 2, transform: `rotate(-90 14 ${T + (H - T - B) / 2})`, 'text-anchor': 'middle' }, 'latency (ms)'),
    lines,
    SERIES.map((s, i) => fragment(svgEl('line', { x1: L + 10 + i * 80, x2: L + 30 + i * 80, y1: T + 12, y2: T + 12, stroke: s.stroke, 'stroke-width': 2 }), svgEl('text', { x: L + 34 + i * 80, y: T + 12, 'dominant-baseline': 'middle' }, s.name))),
  );
}

const num = (v: number) => el('td', { class: 'n' }, String(v));

export function loadPage(r: LoadReport): string {
  const row = (k: string, v: string | number) => el('tr', null, el('th', null, k), typeof v === 'number' ? num(v) : el('td', null, v));
  const mode = r.mode.kind === 'inbound' ? `received from the SUT${r.mode.rate !== undefined ? ` (asked for ${r.mode.rate} events/s)` : ''}` : r.mode.kind === 'open' ? `open loop, ${r.mode.rate} requests/s` : `closed loop, ${r.mode.concurrency} at a time`;
  const st = r.storm;
  return document({
    title: `cim9 load: ${r.scenario}`,
    css: CSS,
    body: [
      el('h1', null, `cim9 load: ${r.scenario}`),
      el('p', null, el('span', { class: r.verdict === 'bounds exceeded' ? 'fail' : 'pass' }, r.verdict), ` · ${r.target} · ${mode} · ${r.startedAt} to ${r.endedAt}`),
      r.checks.reply ? el('p', { class: 'note' }, r.checks.reply.statement) : null,
      el('p', { class: 'note' }, r.checks.domain.statement),
      el('table', null,
        row('meters', r.meters),
        r.intervals !== undefined ? row('interval values per meter', r.intervals) : null,
        row('requests planned', r.requestsPlanned),
        row('sent', r.sent),
        row('ok', r.ok),
        row('errors', r.errors),
        row('timeouts', r.timeouts),
        row('unchecked (reply checks sampled out)', r.unchecked ?? 0),
        row('error rate', r.errorRate),
        row('timeout rate', r.timeoutRate),
        row('throughput (replies/s)', r.throughput),
        row('duration (s)', r.durationSeconds),
        row('stopped by', r.stoppedBy.join(', ')),
        row('shards', r.shards.map((s) => `${s.index}/${s.count}`).join(', ') || '1'),
      ),
      st
        ? fragment(
            el('h2', null, 'The storm as it arrived'),
            el('table', null,
              row('meters of the storm', st.meters),
              row('power-offs arrived (distinct meters)', st.powerOffs),
              row('restorations arrived (distinct meters)', st.restorations),
              row('power-offs missing', st.missingPowerOffs),
              row('restorations missing', st.missingRestorations),
              row('duplicates', st.duplicates),
              row('unexpected events', st.unexpected),
              row('restorations before their power-off', st.restorationsBeforePowerOff),
              row('listener', st.listener),
            ),
            el('p', null, 'Latency: from each event\'s createdDateTime (the SUT\'s clock) to its arrival at the listener (this machine\'s clock).'),
          )
        : null,
      el('h2', null, 'Latency (ms)'),
      el('table', null,
        el('tr', null, ...['p50', 'p95', 'p99', 'max', 'min', 'mean'].map((h) => el('th', null, h))),
        el('tr', null, num(r.latency.p50Ms), num(r.latency.p95Ms), num(r.latency.p99Ms), num(r.latency.maxMs), num(r.latency.minMs), num(r.latency.meanMs)),
      ),
      el('h2', null, 'Latency over time'),
      latencyChart(r.series, r.intervalSeconds),
      el('h2', null, 'Bounds (the profile\'s load:, over maxErrorRate 0 and maxTimeoutRate 0)'),
      r.bounds.length
        ? el('table', null, el('tr', null, el('th', null, 'bound'), el('th', null, 'limit'), el('th', null, 'measured'), el('th', null, '')), ...r.bounds.map((b) => el('tr', null, el('td', null, b.name), num(b.limit), num(b.value), el('td', { class: b.ok ? 'pass' : 'fail' }, b.ok ? 'ok' : 'exceeded'))))
        : el('p', null, 'The profile has no load: section; nothing was compared.'),
      el('h2', null, 'Checks'),
      el('ul', null, el('li', null, `schema: ${r.checks.schema}`), el('li', null, `envelope: ${r.checks.envelope}`), r.checks.reply ? el('li', null, r.checks.reply.statement) : null, el('li', null, r.checks.domain.statement)),
      el('h2', null, 'Errors by rule'),
      Object.keys(r.rules).length ? el('table', null, ...Object.entries(r.rules).map(([k, n]) => el('tr', null, el('td', null, k), num(n)))) : el('p', null, 'none'),
      r.examples.length ? fragment(el('h2', null, 'First problems (as the SUT caused them)'), el('ul', null, ...r.examples.map((e) => el('li', null, el('code', null, e))))) : null,
      el('h2', null, 'Per interval'),
      el('table', null,
        el('tr', null, ...['start', 'sent', 'ok', 'errors', 'timeouts', 'unchecked', 'p50', 'p95', 'p99', 'max'].map((h) => el('th', null, h))),
        ...r.series.map((s) => el('tr', null, el('td', null, s.start), num(s.sent), num(s.ok), num(s.errors), num(s.timeouts), num(s.unchecked ?? 0), num(s.latency.p50Ms), num(s.latency.p95Ms), num(s.latency.p99Ms), num(s.latency.maxMs))),
      ),
      el('p', null, `Assumptions: ${Object.entries(r.assumptions).map(([k, v]) => `${k} = ${v}`).join(', ')}. The figures and every histogram are in load.json.`),
    ],
  });
}
