/**
 * EUMED at scale — prints figures, it is not a test. For each of N meters (default 1,000) it generates one
 * year of 15-minute load curve (35,040 intervals in Europe/Amsterdam, DST days included), builds the
 * MeterReadingSet document of that meter, validates it against the schema pack (libxml2-wasm), parses it
 * and runs the EUMED rules (coverage, interval length, DST, quality, units, structure, identity). One meter
 * is in memory at a time: data is generated per meter and dropped before the next one, so the peak is one
 * meter's curve beside its parsed document, whatever N is.
 *
 *   npm run bench:eumed -- --meters 50      # a quick look
 *   npm run bench:eumed                     # the full 1,000 meters
 *   options: --meters N  --year YYYY  --time-period (write each interval's timePeriod)  --every K (progress)
 *            --no-gc (no forced garbage collection between meters)  --json FILE (the key figures as JSON: bench/emit.ts)
 * `npm run bench` (bench/all.bench.ts) runs it with fewer meters: the figure it compares is the time per meter.
 *
 * Memory: rss and heap from process.memoryUsage() after every phase of every meter (the maximum is
 * printed), the true peak rss from process.resourceUsage().maxRSS, and the WASM heap of libxml2 as the
 * growth of arrayBuffers+external (V8 accounts WebAssembly.Memory there; libxml2-wasm does not expose it).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { serializeXml, parseXml } from '../src/xml/index.ts';
import { buildMeterReadingSet } from '../src/eumed/payload.ts';
import { loadCurveMeterReading } from '../src/eumed/generate.ts';
import { checkMeterReadingSet, type EumedCheckContext } from '../src/eumed/check.ts';
import { eumedSettings, EUMED_PLACEHOLDER_NS, DEFAULT_MARKET_TIME_ZONE } from '../src/eumed/model.ts';
import { eumedPackDir, loadEumedPack } from '../src/eumed/pack.ts';
import { localMidnight } from '../src/eumed/time.ts';
import { emitJson } from './emit.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

const meters = Number(arg('meters') ?? 1000);
const year = Number(arg('year') ?? 2025);
const every = Number(arg('every') ?? Math.max(1, Math.round(meters / 20)));
const timePeriod = process.argv.includes('--time-period');
// a full garbage collection before each meter, so that the memory figures show one meter, not the garbage of the last
// (without node --expose-gc: the flag is set at run time); --no-gc leaves collection to V8
v8.setFlagsFromString('--expose-gc');
const gc = process.argv.includes('--no-gc') ? undefined : (vm.runInNewContext('gc') as () => void);
if (!Number.isInteger(meters) || meters < 1) throw new Error('--meters must be a positive integer');

const tz = DEFAULT_MARKET_TIME_ZONE;
const period = { start: localMidnight(tz, { year, month: 1, day: 1 }), end: localMidnight(tz, { year: year + 1, month: 1, day: 1 }) };
const intervals = (period.end - period.start) / 900_000;
const settings = eumedSettings({ 'EUM-01': EUMED_PLACEHOLDER_NS });

const MB = 1024 * 1024;
const mem = () => process.memoryUsage();
const base = mem();
const peak = { rss: base.rss, heapUsed: base.heapUsed, heapTotal: base.heapTotal, wasm: 0 };
const sample = () => {
  const m = mem();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
  peak.wasm = Math.max(peak.wasm, m.arrayBuffers + m.external - base.arrayBuffers - base.external);
};

const phases = { generate: 0, serialize: 0, validate: 0, parse: 0, rules: 0 };
// CPU time (user + system of the process, all its threads: the garbage collector's too) per phase: on a shared machine
// wall time also holds the time the process waited for a core, CPU time does not
const cpuPhases = { generate: 0, serialize: 0, validate: 0, parse: 0, rules: 0 };
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let bytes = 0;
let findings = 0;
let errorsSeen = 0;
let largest = 0;

const t0 = performance.now();
const pack = loadEumedPack();
const tPack = performance.now() - t0;
console.log(`EUMED benchmark: ${meters} meter(s) × ${intervals} intervals (${year}, 15 min, ${tz}), pack ${eumedPackDir()}${timePeriod ? ', with timePeriod' : ''}`);

const start = performance.now();
const cpuStart = cpuNow();
for (let i = 0; i < meters; i++) {
  const up = `UP-${String(100000 + i)}`;
  gc?.();
  let t = performance.now();
  let c = cpuNow();
  const value = loadCurveMeterReading(up, `M-${100000 + i}`, period, { timePeriod });
  const root = buildMeterReadingSet({ meterReadings: [value] }, { ns: EUMED_PLACEHOLDER_NS });
  phases.generate += performance.now() - t;
  cpuPhases.generate += cpuNow() - c;
  sample();

  t = performance.now();
  c = cpuNow();
  const xml = serializeXml(root, { pretty: false, prefixes: { [EUMED_PLACEHOLDER_NS]: 'e' } });
  phases.serialize += performance.now() - t;
  cpuPhases.serialize += cpuNow() - c;
  const size = Buffer.byteLength(xml);
  bytes += size;
  largest = Math.max(largest, size);
  sample();

  t = performance.now();
  c = cpuNow();
  const schema = pack.validate(xml, { label: up, maxBytes: 64 * MB });
  phases.validate += performance.now() - t;
  cpuPhases.validate += cpuNow() - c;
  sample();

  t = performance.now();
  c = cpuNow();
  const parsed = parseXml(xml, { maxBytes: 64 * MB });
  phases.parse += performance.now() - t;
  cpuPhases.parse += cpuNow() - c;
  if (!parsed.ok) throw new Error(`${up}: ${parsed.problem.message}`);
  sample();

  t = performance.now();
  c = cpuNow();
  const ctx: EumedCheckContext = { label: up, timeZone: tz, stamp: 'end', settings };
  const fs = [...schema, ...checkMeterReadingSet(parsed.root, { kind: 'loadCurve', usagePoints: [up], period }, ctx)];
  phases.rules += performance.now() - t;
  cpuPhases.rules += cpuNow() - c;
  sample();
  findings += fs.length;
  errorsSeen += fs.filter((f) => f.severity === 'error').length;
  if (errorsSeen && i === 0) console.log(fs.slice(0, 5));

  if ((i + 1) % every === 0 || i + 1 === meters) {
    const s = (performance.now() - start) / 1000;
    console.log(`  ${String(i + 1).padStart(5)} meters  ${s.toFixed(1).padStart(7)} s  rss ${(mem().rss / MB).toFixed(0)} MB  heap ${(mem().heapUsed / MB).toFixed(0)} MB`);
  }
}
const wall = (performance.now() - start) / 1000;
const cpu = (cpuNow() - cpuStart) / 1000;
const maxRss = process.resourceUsage().maxRSS * 1024;

const ms = (x: number, k: keyof typeof phases) =>
  `${(x / 1000).toFixed(1)} s (${((x / 1000 / wall) * 100).toFixed(0)} %)   CPU ${(cpuPhases[k] / 1000).toFixed(1)} s (${((cpuPhases[k] / 1000 / cpu) * 100).toFixed(0)} %)`;
console.log('');
console.log(`meters                ${meters}`);
console.log(`intervals             ${(meters * intervals).toLocaleString('en')} (${intervals} per meter)`);
console.log(`XML                   ${(bytes / MB).toFixed(0)} MiB in total, ${(largest / MB).toFixed(1)} MiB per meter document`);
console.log(`wall time             ${wall.toFixed(1)} s (${(wall / meters).toFixed(2)} s per meter; ${Math.round((meters * intervals) / wall).toLocaleString('en')} intervals/s); schema pack load ${(tPack / 1000).toFixed(1)} s`);
console.log(`CPU time              ${cpu.toFixed(1)} s (${(cpu / meters).toFixed(2)} s per meter; user + system, every thread, the forced GCs included); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`  generate + build    ${ms(phases.generate, 'generate')}`);
console.log(`  serialize           ${ms(phases.serialize, 'serialize')}`);
console.log(`  schema validation   ${ms(phases.validate, 'validate')}`);
console.log(`  parse (src/xml)     ${ms(phases.parse, 'parse')}`);
console.log(`  EUMED rules         ${ms(phases.rules, 'rules')}`);
console.log(`peak rss              ${(maxRss / MB).toFixed(0)} MiB (resourceUsage.maxRSS; sampled max ${(peak.rss / MB).toFixed(0)} MiB)`);
console.log(`peak heap             ${(peak.heapUsed / MB).toFixed(0)} MiB used, ${(peak.heapTotal / MB).toFixed(0)} MiB total`);
console.log(`peak WASM + buffers   ${(peak.wasm / MB).toFixed(0)} MiB above the start (arrayBuffers + external)`);
console.log(`findings              ${findings} (${errorsSeen} errors)`);
console.log(`node ${process.version}, ${gc ? 'full GC before each meter' : 'no forced GC'}`);
pack.dispose();
emitJson('eumed', {
  meters,
  intervalsPerMeter: intervals,
  mibPerMeter: largest / MB,
  wall,
  cpu,
  wallPerMeter: wall / meters,
  cpuPerMeter: cpu / meters,
  cpuPhases: Object.fromEntries(Object.entries(cpuPhases).map(([k, v]) => [k, v / 1000 / meters])),
  peakRssMib: maxRss / MB,
  findings,
  errors: errorsSeen,
  forcedGc: Boolean(gc),
});
if (errorsSeen) process.exitCode = 1;
