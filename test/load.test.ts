/**
 * `cim9 load` (src/cli/load.ts, src/session/load.ts, src/report/load-*.ts): percentiles, merging shards, the
 * profile's bounds and the exit codes, bad options, the escaping of what a hostile SUT writes, and the statement
 * of sampled domain checks. In-process, against the embedded reference SUT on loopback, a handful of meters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { decodeHistogram, encodeHistogram, mergeHistograms, newHistogram, recordUs, Recorder, summarize } from '../src/report/load-stats.ts';
import { latencyChart, loadPage, loadReport, mergeLoadReports, type LoadReport } from '../src/report/load-report.ts';
import { domainEvery, loadCommand, parseLoadOptions, share } from '../src/cli/load.ts';
import { main } from '../src/cli/main.ts';
import { repoPath } from '../src/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'cim9-load-test-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** the reference profile with a load: section, in the temporary folder */
function profileWith(load: Record<string, number> | undefined, name: string): string {
  const p = parse(readFileSync(repoPath('profiles', 'reference.yaml'), 'utf8')) as Record<string, unknown>;
  if (load) p['load'] = load;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(p));
  return file;
}

function capture() {
  const io = { out: '', err: '' };
  return { io, sink: { out: (s: string) => void (io.out += s), err: (s: string) => void (io.err += s) } };
}

test('percentiles from hdr-histogram-js: exact below 2 ms, within 0.1 % above; p50/p95/p99/max/min of 1..1000 ms', () => {
  const h = newHistogram();
  for (let v = 1; v <= 100; v++) recordUs(h, v);
  const small = summarize(h);
  assert.deepEqual([small.p50Ms, small.p95Ms, small.p99Ms, small.maxMs, small.minMs], [0.05, 0.095, 0.099, 0.1, 0.001]);
  const big = newHistogram();
  for (let ms = 1000; ms >= 1; ms--) recordUs(big, ms * 1000);
  const s = summarize(big);
  for (const [got, want] of [[s.p50Ms, 500], [s.p95Ms, 950], [s.p99Ms, 990], [s.meanMs, 500.5]] as const) assert.ok(Math.abs(got - want) / want <= 0.001, `${got} ms is not within 0.1 % of ${want} ms`);
  assert.equal(s.maxMs, 1000);
  assert.equal(s.minMs, 1);
  assert.deepEqual(summarize(newHistogram()), { p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, minMs: 0, meanMs: 0 });
});

test('shards merge: two encoded histograms decoded and added give the percentiles of one that saw every value', () => {
  const whole = newHistogram();
  const a = newHistogram();
  const b = newHistogram();
  for (let i = 0; i < 5000; i++) {
    const v = Math.round(((i * 7919) % 10007) * 37.3);
    recordUs(whole, v);
    recordUs(i % 2 ? a : b, v);
  }
  const ea = encodeHistogram(a);
  assert.match(ea, /^HIST/);
  const merged = mergeHistograms([decodeHistogram(ea), decodeHistogram(JSON.parse(JSON.stringify(encodeHistogram(b))))]);
  assert.equal(merged.totalCount, 5000);
  for (const p of [50, 95, 99, 99.9, 100]) assert.equal(merged.getValueAtPercentile(p), whole.getValueAtPercentile(p), `p${p}`);
  const [m, w] = [summarize(merged), summarize(whole)];
  assert.deepEqual([m.p50Ms, m.p95Ms, m.p99Ms, m.minMs], [w.p50Ms, w.p95Ms, w.p99Ms, w.minMs]);
  // the decoded max is the top of its bucket: the same within the library's precision (3 significant digits)
  for (const k of ['maxMs', 'meanMs'] as const) assert.ok(Math.abs(m[k] - w[k]) <= w[k] * 0.001, `${k} ${m[k]} is not within 0.1 % of ${w[k]}`);
  // a shard alone is not the whole: the test would see a merge that dropped one side
  assert.notDeepEqual(summarize(decodeHistogram(ea)), summarize(whole));
  // the packed histograms of the intervals merge the same way
  const packed = decodeHistogram(ea, true);
  packed.add(decodeHistogram(encodeHistogram(b), true));
  for (const p of [50, 95, 99, 99.9, 100]) assert.equal(packed.getValueAtPercentile(p), whole.getValueAtPercentile(p), `packed p${p}`);
  assert.throws(() => decodeHistogram('not a histogram'), /not an encoded HdrHistogram/);
  assert.throws(() => decodeHistogram({ buckets: [] }), /not an encoded HdrHistogram/);
});

function report(rec: Recorder, every: number, bounds?: Record<string, number>, checked = 3): LoadReport {
  return loadReport(
    { cim9Load: 1, scenario: 'outage-storm', target: 'http://127.0.0.1:1/mdm', profile: 'p.yaml', edition: '2013', mode: { kind: 'open', rate: 1000 }, meters: 10, requestsPlanned: 20, shards: [], stoppedBy: ['count'], intervalSeconds: 1, assumptions: { 'CIM9-225': 'ok-only' } },
    rec,
    { startedAt: 1_000_000, endedAt: 1_002_000, domainEvery: every, domainChecked: checked },
    bounds,
  );
}

test('sampled domain checks are stated in load.json and load.html; auto samples above 200 replies/s', () => {
  assert.equal(domainEvery({ domainSample: 'auto', rate: 1000 }), 5);
  assert.equal(domainEvery({ domainSample: 'auto', rate: 150 }), 1);
  assert.equal(domainEvery({ domainSample: 'auto' }), 1);
  assert.equal(domainEvery({ domainSample: 7, rate: 10 }), 7);
  const rec = new Recorder(1000);
  for (let i = 0; i < 12; i++) (rec.sentAt(1_000_000 + i), rec.done(1_000_100 + i, 2000, 'ok'));
  const r = report(rec, 4);
  assert.match(r.checks.domain.statement, /SAMPLED: 3 of 12 replies, at most 1 reply in 4/);
  assert.match(loadPage(r), /domain checks SAMPLED: 3 of 12 replies/);
  assert.match(report(rec, 1, undefined, 12).checks.domain.statement, /^domain checks on every reply \(12 of 12/);
});

test('hostile reply text is escaped in load.html (the SVG too), never markup', () => {
  const rec = new Recorder(1000);
  rec.sentAt(1_000_000);
  rec.done(1_000_500, 5000, 'error', ['ENV-CORRELATION'], 'reply: CorrelationID "x<script>alert(1)</script><img src=x onerror=alert(1)>" is not the request\'s');
  const r = report(rec, 1);
  const merged = mergeLoadReports([{ ...r, target: 'http://h/"><script>alert(2)</script>' }], undefined);
  const html = loadPage(merged);
  assert.doesNotMatch(html, /<script|<img|onerror=alert\(1\)>/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<svg [^>]*viewBox="0 0 900 320"/);
});

test('a rate above what the checker keeps up with: the run samples the domain checks and load.json says so', async () => {
  const { io, sink } = capture();
  const out = join(dir, 'sampled');
  // auto starts at 1 in ⌈1000 / 200⌉ and then follows the measured rate: a fixed 5 here keeps the count exact
  assert.equal(await loadCommand({ profile: profileWith(undefined, 'sampled'), scenario: 'outage-storm', meters: '10', rate: '1000', domainSample: '5', reports: out, quiet: true }, sink), 0, io.err);
  const r = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadReport;
  assert.equal(r.ok, 20);
  assert.equal(r.checks.domain.checked, 4);
  assert.match(r.checks.domain.statement, /^domain checks SAMPLED: 4 of 20 replies, at most 1 reply in 5/);
  assert.match(io.out, /domain checks SAMPLED/);
  assert.match(readFileSync(join(out, 'load.html'), 'utf8'), /domain checks SAMPLED: 4 of 20/);
});

test('bad options: exit 2 with one line', async () => {
  for (const argv of [
    ['load', '--scenario', 'nope'],
    ['load'],
    ['load', '--scenario', 'outage-storm', '--rate', '10', '--concurrency', '2'],
    ['load', '--scenario', 'outage-storm', '--meters', '0'],
    ['load', '--scenario', 'outage-storm', '--duration', '99999'],
    ['load', '--scenario', 'outage-storm', '--shard', '3/2'],
    ['load', '--scenario', 'outage-storm', '--bogus'],
    ['load-merge', join(dir, 'missing.json')],
  ]) {
    const { io, sink } = capture();
    assert.equal(await main(argv, sink), 2, argv.join(' '));
    assert.equal(io.err.trim().split('\n').length, 1, `${argv.join(' ')}: ${io.err}`);
  }
  assert.throws(() => parseLoadOptions({ scenario: 'outage-storm', meters: String(600_000) }), /over the hard cap of 1000000/);
});

test('within the bounds: exit 0, load.json and load.html written; every reply checked', async () => {
  const { io, sink } = capture();
  const out = join(dir, 'ok');
  const code = await loadCommand({ profile: profileWith({ maxErrorRate: 0, maxTimeoutRate: 0, p99Ms: 60_000 }, 'ok'), scenario: 'on-request-reads', meters: '6', concurrency: '2', reports: out, quiet: true }, sink);
  assert.equal(code, 0, io.out + io.err);
  const r = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadReport;
  assert.equal(r.sent, 6);
  assert.equal(r.ok, 6);
  assert.equal(r.verdict, 'within bounds');
  assert.equal(r.checks.domain.checked, 6);
  assert.match(readFileSync(join(out, 'load.html'), 'utf8'), /within bounds/);
});

test('a bound exceeded: exit 1 (a fault of the reference SUT makes every reply an error; its injected text stays escaped)', async () => {
  const { io, sink } = capture();
  const out = join(dir, 'bad');
  const code = await loadCommand({ profile: profileWith({ maxErrorRate: 0.1 }, 'bad'), scenario: 'outage-storm', meters: '3', concurrency: '2', fault: ['injection-in-correlation-id'], reports: out, quiet: true }, sink);
  assert.equal(code, 1, io.out + io.err);
  assert.match(io.out, /bound maxErrorRate 0\.1: 1 EXCEEDED/);
  const r = JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')) as LoadReport;
  assert.equal(r.errors, 6);
  assert.ok(r.rules['ENV-CORRELATION']);
  const html = readFileSync(join(out, 'load.html'), 'utf8');
  assert.match(html, /ALL SCENARIOS PASSED/);
  assert.doesNotMatch(html, /<script|<img/);
});

test('shards: every request exactly once, each shard every n-th', () => {
  for (const [total, n] of [[20, 3], [7, 7], [5, 8], [20000, 4]] as const) {
    const seen: number[] = [];
    for (let i = 1; i <= n; i++) {
      const s = share(total, { index: i, count: n });
      for (let k = 0; k < s.count; k++) seen.push(k * s.stride + s.offset);
    }
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: total }, (_, k) => k), `${total} over ${n}`);
  }
});

test('a SUT that cannot be reached: exit 2 with one line, nothing judged', async () => {
  const file = join(dir, 'unreachable.yaml');
  writeFileSync(file, stringify({ cim9: 1, name: 'nobody listens', sut: { embedded: false, roles: ['MDM'], endpoints: { MDM: { url: 'http://127.0.0.1:1/mdm' } } }, data: { meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }] } }));
  const { io, sink } = capture();
  assert.equal(await main(['load', '--profile', file, '--scenario', 'outage-storm', '--meters', '2', '-q', '--reports', join(dir, 'unreachable')], sink), 2, io.out + io.err);
  assert.match(io.err, /^cim9: cannot reach the SUT: /);
  assert.equal(io.err.trim().split('\n').length, 1);
});

test('without a load: section an error fails the run (maxErrorRate 0 by default)', async () => {
  const { io, sink } = capture();
  assert.equal(await loadCommand({ profile: profileWith(undefined, 'default-bounds'), scenario: 'on-request-reads', meters: '2', concurrency: '1', fault: ['reply-without-correlation-id'], reports: join(dir, 'default-bounds'), quiet: true }, sink), 1, io.out + io.err);
  assert.match(io.out, /bound maxErrorRate 0: 1 EXCEEDED/);
});

test('a tight latency bound (open loop) exits 1; shards merge into one report judged again', async () => {
  const file = profileWith({ p50Ms: 0.001 }, 'tight');
  const parts: string[] = [];
  for (const shard of ['1/2', '2/2']) {
    const out = join(dir, `shard-${shard.replace('/', '-')}`);
    const { sink } = capture();
    assert.equal(await loadCommand({ profile: file, scenario: 'outage-storm', meters: '4', rate: '40', shard, reports: out, quiet: true }, sink), 1);
    parts.push(join(out, 'load.json'));
  }
  const { io, sink } = capture();
  assert.equal(await main(['load-merge', ...parts, '--reports', join(dir, 'merged')], sink), 1, io.err);
  const m = JSON.parse(readFileSync(join(dir, 'merged', 'load.json'), 'utf8')) as LoadReport;
  assert.equal(m.sent, 8);
  assert.deepEqual(m.shards, [{ index: 1, count: 2 }, { index: 2, count: 2 }]);
  assert.equal(m.verdict, 'bounds exceeded');
});

test('the latency chart (d3-scale, d3-shape): one path per percentile, one point per interval, higher latency drawn higher', () => {
  const rec = new Recorder(1000);
  const lat = [[2, 3, 40], [5, 6, 7], [1, 1, 90], [3, 4, 5]];
  lat.forEach((ms, k) => ms.forEach((v) => (rec.sentAt(1_000_000 + k * 1000), rec.done(1_000_000 + k * 1000 + 10, v * 1000, 'ok'))));
  const r = report(rec, 1);
  assert.equal(r.series.length, 4);
  const svg = latencyChart(r.series, r.intervalSeconds).html;
  const paths = [...svg.matchAll(/<path d="([^"]*)"[^>]*stroke="([^"]+)"/g)].map((m) => ({ d: m[1]!, stroke: m[2]! }));
  assert.equal(paths.length, 4, svg);
  const pts = (d: string) => [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  for (const p of paths) {
    assert.match(p.d, /^M[-\d.,L]+$/, 'nothing but numbers in a path');
    const xy = pts(p.d);
    assert.equal(xy.length, 4, p.d);
    assert.ok(xy.every(([x], i) => i === 0 || x > xy[i - 1]![0]), 'points left to right in time');
  }
  const [p50, , , max] = paths.map((p) => pts(p.d));
  // SVG y grows downwards: interval 3's max (90 ms) is the highest point, and above its p50 (1 ms)
  assert.ok(max![2]![1] < p50![2]![1]);
  assert.equal(Math.min(...max!.map(([, y]) => y)), max![2]![1]);
  assert.ok(max![2]![1] >= 20, 'inside the plot');
  assert.match(svg, /<text [^>]*>90<\/text>|<text [^>]*>100<\/text>/, 'a y tick at a round value above the top latency');
  assert.match(latencyChart([], 1).html, /nothing to plot/);
});

test('load-merge of a load.json whose histogram is not an encoded HdrHistogram: exit 2 with one line', async () => {
  const rec = new Recorder(1000);
  rec.sentAt(1_000_000);
  rec.done(1_000_100, 3000, 'ok');
  const file = join(dir, 'bad-histogram.json');
  writeFileSync(file, JSON.stringify({ ...report(rec, 1), profile: profileWith(undefined, 'bad-histogram'), histogram: 'HIST<not base64>' }));
  const { io, sink } = capture();
  assert.equal(await main(['load-merge', file, '--reports', join(dir, 'bad-histogram')], sink), 2, io.out + io.err);
  assert.match(io.err, /not an encoded HdrHistogram/);
  assert.equal(io.err.trim().split('\n').length, 1, io.err);
});
