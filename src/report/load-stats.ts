/**
 * The figures of `cim9 load`: a mergeable log-linear latency histogram (HDR-style: exact below 2,048 µs, then 1,024
 * sub-buckets per power of two, so a percentile is within 0.1 % of the recorded value), the per-interval series and
 * the summary. Everything here is plain data that survives JSON: a shard's result (`cim9 load --shard i/n`) is
 * merged with another by adding bucket counts (`mergeResults`), which gives the same percentiles as one run that
 * recorded every value.
 */

const EXACT = 2048;
const SUB = 1024;

/** bucket index of a value in whole microseconds */
function indexOf(us: number): number {
  const v = Math.max(0, Math.floor(us));
  if (v < EXACT) return v;
  const shift = Math.floor(Math.log2(v)) - 10;
  return EXACT + (shift - 1) * SUB + ((v >> shift) - SUB);
}

/** the highest value of a bucket (the value a percentile reports, as HdrHistogram's highestEquivalentValue) */
function upperOf(index: number): number {
  if (index < EXACT) return index;
  const shift = Math.floor((index - EXACT) / SUB) + 1;
  const sub = ((index - EXACT) % SUB) + SUB;
  return (sub << shift) + (1 << shift) - 1;
}

/** a latency histogram in microseconds; `toJSON` / `Histogram.from` carry it between shards */
export class Histogram {
  private counts = new Map<number, number>();
  count = 0;
  min = Infinity;
  max = 0;
  sum = 0;

  record(us: number): void {
    const v = Math.max(0, Math.round(us));
    const i = indexOf(v);
    this.counts.set(i, (this.counts.get(i) ?? 0) + 1);
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  add(other: Histogram): void {
    for (const [i, n] of other.counts) this.counts.set(i, (this.counts.get(i) ?? 0) + n);
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** the value at percentile p (0 < p ≤ 100): the smallest bucket whose cumulative count reaches ⌈p·count/100⌉, never above max */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const i of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(i)!;
      if (seen >= rank) return Math.min(Math.max(upperOf(i), this.min), this.max);
    }
    return this.max;
  }

  toJSON(): HistogramJson {
    return { count: this.count, min: this.count ? this.min : 0, max: this.max, sum: this.sum, buckets: [...this.counts.entries()].sort((a, b) => a[0] - b[0]) };
  }

  static from(j: HistogramJson): Histogram {
    const h = new Histogram();
    for (const [i, n] of j.buckets) {
      if (!Number.isInteger(i) || i < 0 || !Number.isInteger(n) || n < 0) throw new Error(`histogram bucket [${String(i)}, ${String(n)}] is not a pair of whole numbers`);
      h.counts.set(i, (h.counts.get(i) ?? 0) + n);
    }
    h.count = j.count;
    h.min = j.count ? j.min : Infinity;
    h.max = j.max;
    h.sum = j.sum;
    return h;
  }
}

export interface HistogramJson {
  count: number;
  min: number;
  max: number;
  sum: number;
  /** [bucket index, count], sparse */
  buckets: [number, number][];
}

/** what became of one request */
export type Outcome = 'ok' | 'error' | 'timeout';

/** one interval of the series: its start (ms since the epoch, aligned to the interval length so shards line up) */
export class Interval {
  sent = 0;
  ok = 0;
  errors = 0;
  timeouts = 0;
  readonly latency = new Histogram();
  constructor(readonly start: number) {}
}

/** the figures of one run or shard while it runs */
export class Recorder {
  readonly latency = new Histogram();
  readonly intervals = new Map<number, Interval>();
  sent = 0;
  ok = 0;
  errors = 0;
  timeouts = 0;
  /** error findings by rule (a reply may carry several) */
  readonly rules = new Map<string, number>();
  /** the first few problems, as text (the SUT's words in them are escaped where they are shown) */
  readonly examples: string[] = [];

  constructor(readonly intervalMs: number) {}

  private interval(at: number): Interval {
    const start = Math.floor(at / this.intervalMs) * this.intervalMs;
    let i = this.intervals.get(start);
    if (!i) this.intervals.set(start, (i = new Interval(start)));
    return i;
  }

  sentAt(at: number): void {
    this.sent++;
    this.interval(at).sent++;
  }

  /** a finished request: when it finished, its latency in µs, the outcome, and the rules it broke */
  done(at: number, latencyUs: number, outcome: Outcome, rules: readonly string[] = [], example?: string): void {
    const i = this.interval(at);
    this.latency.record(latencyUs);
    i.latency.record(latencyUs);
    if (outcome === 'ok') (this.ok++, i.ok++);
    else if (outcome === 'timeout') (this.timeouts++, i.timeouts++);
    else (this.errors++, i.errors++);
    for (const r of rules) this.rules.set(r, (this.rules.get(r) ?? 0) + 1);
    if (example !== undefined && this.examples.length < 20) this.examples.push(example);
  }
}

export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
  meanMs: number;
}

export interface IntervalJson {
  start: string;
  sent: number;
  ok: number;
  errors: number;
  timeouts: number;
  latency: LatencySummary;
  histogram: HistogramJson;
}

const ms = (us: number) => Math.round(us) / 1000;

export function summarize(h: Histogram): LatencySummary {
  return {
    p50Ms: ms(h.percentile(50)),
    p95Ms: ms(h.percentile(95)),
    p99Ms: ms(h.percentile(99)),
    maxMs: ms(h.max),
    minMs: ms(h.count ? h.min : 0),
    meanMs: h.count ? Math.round(h.sum / h.count) / 1000 : 0,
  };
}

export function intervalsJson(r: Recorder): IntervalJson[] {
  return [...r.intervals.values()]
    .sort((a, b) => a.start - b.start)
    .map((i) => ({ start: new Date(i.start).toISOString(), sent: i.sent, ok: i.ok, errors: i.errors, timeouts: i.timeouts, latency: summarize(i.latency), histogram: i.latency.toJSON() }));
}
