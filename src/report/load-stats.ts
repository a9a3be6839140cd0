/**
 * The figures of `cim9 load`: latency histograms from hdr-histogram-js (HdrHistogram's JavaScript port, the pure-JS
 * build: values in whole microseconds, 3 significant digits, so a percentile is within 0.1 % of a recorded value),
 * the per-interval series and the summary. A histogram travels in load.json in HdrHistogram's own compressed base64
 * encoding (`encodeHistogram`); `cim9 load-merge` decodes each shard's (`decodeHistogram`) and adds them, which gives
 * the same percentiles as one run that recorded every value.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';

export type { Histogram };

/**
 * an empty latency histogram in µs: grows as needed, no WebAssembly (no async set-up). 32-bit counts for the run's
 * (about 70 kB for latencies up to a minute, 0.2 µs a value); `packed` for each interval's, of which an hour at
 * --interval 1 keeps 3,600 (about 8 kB for a few hundred values, 2 µs a value; measured here, docs/performance.md).
 * The newest interval records into a 32-bit one and folds it into its packed one when the next interval starts.
 */
export function newHistogram(packed = false): Histogram {
  return build({ bitBucketSize: packed ? 'packed' : 32, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/** record one latency in µs (rounded to a whole microsecond, never negative) */
export function recordUs(h: Histogram, us: number): void {
  h.recordValue(Math.max(0, Math.round(us)));
}

/** a histogram as load.json carries it: HdrHistogram's V2 compressed encoding in base64 */
export type HistogramJson = string;

export function encodeHistogram(h: Histogram): HistogramJson {
  return encodeIntoCompressedBase64(h);
}

/** a histogram from load.json; throws a one-line reason when the text is not an encoded HdrHistogram */
export function decodeHistogram(text: unknown, packed = false): Histogram {
  if (typeof text !== 'string' || !text) throw new Error('a histogram in load.json is not an encoded HdrHistogram');
  let h: Histogram;
  try {
    h = decodeFromCompressedBase64(text, packed ? 'packed' : 32, false);
  } catch (e) {
    throw new Error(`a histogram in load.json is not an encoded HdrHistogram (${(e as Error).message})`);
  }
  const sum = newHistogram(packed);
  sum.add(h);
  return sum;
}

/** the histograms added (the merge of shards) */
export function mergeHistograms(parts: Iterable<Histogram>): Histogram {
  const sum = newHistogram();
  for (const h of parts) sum.add(h);
  return sum;
}

/**
 * what became of one request: ok (every check passed), error, timeout, or unchecked (its transport checks passed —
 * HTTP status, content type, size — and the reply checks did not run on it: sampled out, `--check-sample`)
 */
export type Outcome = 'ok' | 'error' | 'timeout' | 'unchecked';

/** one interval of the series: its start (ms since the epoch, aligned to the interval length so shards line up) */
export class Interval {
  sent = 0;
  ok = 0;
  errors = 0;
  timeouts = 0;
  unchecked = 0;
  /** while the interval is the newest: a 32-bit histogram (0.2 µs a value); folded into the packed one after */
  private live: Histogram | undefined = newHistogram();
  private readonly packed = newHistogram(true);
  constructor(readonly start: number) {}
  record(us: number): void {
    recordUs(this.live ?? this.packed, us);
  }
  /** fold the live histogram into the packed one (the interval is no longer the newest, or it is read) */
  freeze(): void {
    if (!this.live) return;
    if (this.live.totalCount) this.packed.add(this.live);
    this.live.destroy();
    this.live = undefined;
  }
  get latency(): Histogram {
    this.freeze();
    return this.packed;
  }
}

/** the figures of one run or shard while it runs */
export class Recorder {
  readonly latency = newHistogram();
  readonly intervals = new Map<number, Interval>();
  sent = 0;
  ok = 0;
  errors = 0;
  timeouts = 0;
  unchecked = 0;
  /** error findings by rule (a reply may carry several) */
  readonly rules = new Map<string, number>();
  /** the first few problems, as text (the SUT's words in them are escaped where they are shown) */
  readonly examples: string[] = [];

  constructor(readonly intervalMs: number) {}

  private last: Interval | undefined;

  private interval(at: number): Interval {
    const start = Math.floor(at / this.intervalMs) * this.intervalMs;
    if (this.last?.start === start) return this.last;
    let i = this.intervals.get(start);
    if (!i) {
      this.intervals.set(start, (i = new Interval(start)));
      // the intervals before the newest keep only their packed histogram
      if (this.last && this.last.start < start) this.last.freeze();
    }
    if (!this.last || start >= this.last.start) this.last = i;
    return i;
  }

  sentAt(at: number): void {
    this.sent++;
    this.interval(at).sent++;
  }

  /** what was expected and never came (the events of a storm that did not arrive): timeouts, without a latency */
  missed(at: number, n: number, rule: string, example: string): void {
    const i = this.interval(at);
    this.sent += n;
    this.timeouts += n;
    i.sent += n;
    i.timeouts += n;
    this.rules.set(rule, (this.rules.get(rule) ?? 0) + n);
    if (this.examples.length < 20) this.examples.push(example);
  }

  /** a finished request: when it finished, its latency in µs, the outcome, and the rules it broke */
  done(at: number, latencyUs: number, outcome: Outcome, rules: readonly string[] = [], example?: string): void {
    const i = this.interval(at);
    recordUs(this.latency, latencyUs);
    i.record(latencyUs);
    if (outcome === 'ok') (this.ok++, i.ok++);
    else if (outcome === 'timeout') (this.timeouts++, i.timeouts++);
    else if (outcome === 'unchecked') (this.unchecked++, i.unchecked++);
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
  /** replies whose reply checks were sampled out (absent in the load.json of older versions: 0) */
  unchecked?: number;
  latency: LatencySummary;
  histogram: HistogramJson;
}

const ms = (us: number) => Math.round(us) / 1000;

/**
 * p50/p95/p99 from the library (HdrHistogram's highest equivalent value of the bucket, capped at the largest value
 * recorded), max and min as recorded, the mean of the histogram (within its precision)
 */
export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) return { p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, minMs: 0, meanMs: 0 };
  const at = (p: number) => ms(Math.min(h.getValueAtPercentile(p), h.maxValue));
  return {
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: ms(h.maxValue),
    minMs: ms(h.getValueAtPercentile(0) === 0 ? 0 : h.minNonZeroValue),
    meanMs: ms(h.mean),
  };
}

export function intervalsJson(r: Recorder): IntervalJson[] {
  return [...r.intervals.values()]
    .sort((a, b) => a.start - b.start)
    .map((i) => ({ start: new Date(i.start).toISOString(), sent: i.sent, ok: i.ok, errors: i.errors, timeouts: i.timeouts, unchecked: i.unchecked, latency: summarize(i.latency), histogram: encodeHistogram(i.latency) }));
}
