/**
 * XML and XSD cost beside native xmllint — prints figures, it is not a test (issue 18, "cheaper XML").
 *
 * The same documents, the same XSD (the 2013 MeterReadings payload profile of fixtures/schemas), three ways:
 *   - xmllint:   `xmllint --noout --schema MeterReadings.xsd <files>` (libxml2 native, Debian's libxml2-utils);
 *   - validate:  the suite's own schema path, `SchemaPack.validate(bytes)` (libxml2 compiled to WebAssembly, plus the
 *                suite's rules around it);
 *   - scenario:  what a scenario does with a delivered message: `readMessage(bytes)` (parse into the XNode tree) and
 *                `validate(bytes)`.
 * on 2,000 small MeterReadings (one meter, a few readings each) and one large MeterReadings (default 20 MiB of
 * interval readings; built here, then read from a file in a process of its own, `--only large --file F`, so that the
 * peak memory is the reading's). Each path starts
 * without a parsed document kept from the one before (src/xml withParsedDocument). CPU time is user + system: of the xmllint child (from /usr/bin/time), of this process for the
 * others. A ratio is xmllint's CPU time / ours: 1.0 means as fast as xmllint, 0.5 half as fast.
 *
 *   npm run bench:xml                          # 5 rounds of 2,000 small, one 20 MiB
 *   npm run bench:xml -- --small 500 --rounds 2 --mb 4    # a quick look (what `npm run bench -- --quick` runs)
 *   --json FILE: the key figures as JSON too (bench/emit.ts; read by `npm run bench`)
 *
 * xmllint missing: `apt-get install libxml2-utils` (Debian); the bench asks apt-get itself when it runs as root.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

import { releaseParsedDocument, serializeXml } from '../src/xml/index.ts';
import { readMessage } from '../src/message/index.ts';
import { buildMeterReadings, type MeterReadingValue } from '../src/payloads/meterReadings.ts';
import { defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { emitJson, ensureXmllint, jsonFile } from './emit.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`bench/xml: --${name} must be a positive number`);
    process.exit(2);
  }
  return v;
}

const SMALL = arg('small', 2000);
const ROUNDS = arg('rounds', 5);
const MB = arg('mb', 20);
/** `--only large`: the large document alone, in its own process (the parent starts it), so that its peak memory is its own */
// a full garbage collection before each measured path: the garbage of building the documents is not the path's cost
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';

function meter(i: number, readings: number): MeterReadingValue {
  const start = Date.UTC(2025, 0, 1);
  return {
    meter: { mRID: `meter-${i}` },
    intervalBlocks: [
      {
        readingType: RT,
        readings: Array.from({ length: readings }, (_, k) => ({ timeStamp: new Date(start + k * 900_000).toISOString(), value: String((i * 7 + k) % 1000) })),
      },
    ],
  };
}

function small(i: number): Buffer {
  return Buffer.from(serializeXml(buildMeterReadings({ meterReadings: [meter(i, 4)] }), { pretty: false }));
}

function large(mb: number): Buffer {
  // enough meters of a day's 96 intervals each to reach the size
  const perMeter = serializeXml(buildMeterReadings({ meterReadings: [meter(0, 96)] }), { pretty: false }).length;
  const meters = Math.max(1, Math.round((mb * 1024 * 1024) / perMeter));
  return Buffer.from(serializeXml(buildMeterReadings({ meterReadings: Array.from({ length: meters }, (_, i) => meter(i, 96)) }), { pretty: false }));
}

function cpuSeconds(before: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1e6;
}

function xmllint(xsd: string, files: string[]): { wall: number; cpu: number; maxRssMb: number; ok: boolean } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'xmllint', '--noout', '--schema', xsd, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - t) / 1000;
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [u, s, m] = last.split(' ').map(Number);
  return { wall, cpu: (u ?? 0) + (s ?? 0), maxRssMb: (m ?? 0) / 1024, ok: r.status === 0 };
}

function ours(docs: Buffer[], scenario: boolean, validate: (b: Buffer) => number): { wall: number; cpu: number; errors: number } {
  // no document of an earlier path kept for these (src/xml withParsedDocument): each path parses what it reads
  releaseParsedDocument();
  gc();
  const c = process.cpuUsage();
  const t = performance.now();
  let errors = 0;
  for (const d of docs) {
    if (scenario) {
      const r = readMessage(d, { maxBytes: 1024 * 1024 * 1024 });
      if (!r.ok) errors++;
    }
    errors += validate(d);
  }
  return { wall: (performance.now() - t) / 1000, cpu: cpuSeconds(c), errors };
}

const f = (n: number, d = 2) => n.toFixed(d);

const missing = ensureXmllint();
if (missing) {
  console.log(missing);
  emitJson('xml', { xmllint: 'missing', reason: missing });
  process.exit(0);
}
/** the key figures for --json (CPU and wall in seconds, memory in MiB) */
const out: Record<string, unknown> = {};
const pack = loadSchemaPack(defaultPackDir('2013'));
const xsd = join(defaultPackDir('2013'), 'payloads', 'MeterReadings.xsd');
const validate = (b: Buffer) => pack.validate(b, { maxBytes: 1024 * 1024 * 1024 }).filter((x) => x.severity === 'error').length;
const dir = mkdtempSync(join(os.tmpdir(), 'cim9-xml-bench-'));
try {
  if (ONLY !== 'large') {
    console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, load average ${os.loadavg().map((l) => f(l)).join(' ')}, ${new Date().toISOString()}`);

    // warm up the compiled schema and the JIT on other documents (the measured ones are read for the first time)
    const warm = Array.from({ length: 2000 }, (_, i) => small(ROUNDS * SMALL + i));
    ours(warm, false, validate);
    ours(warm, true, validate);
    // ROUNDS rounds of SMALL new documents each, every path on the same documents of a round: one round's CPU time is a
    // few hundredths of a second (xmllint's near /usr/bin/time's resolution of 0.01 s), so the ratio is taken over the
    // sum of the rounds and each round is printed as well
    type R = { wall: number; cpu: number; errors?: number };
    const rounds: { x: R & { ok: boolean }; v: R; s: R }[] = [];
    let bytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const docs = Array.from({ length: SMALL }, (_, i) => small(r * SMALL + i));
      bytes += docs.reduce((n, d) => n + d.byteLength, 0);
      const files = docs.map((d, i) => {
        const p = join(dir, `small-${r}-${i}.xml`);
        writeFileSync(p, d);
        return p;
      });
      rounds.push({ x: xmllint(xsd, files), v: ours(docs, false, validate), s: ours(docs, true, validate) });
      for (const p of files) rmSync(p);
    }
    const sum = (k: 'x' | 'v' | 's') => ({ wall: rounds.reduce((n, r) => n + r[k].wall, 0), cpu: rounds.reduce((n, r) => n + r[k].cpu, 0) });
    const x = sum('x');
    const errors = rounds.reduce((n, r) => n + (r.v.errors ?? 0), 0);
    const n = ROUNDS * SMALL;
    console.log(`\n${ROUNDS} rounds of ${SMALL} small MeterReadings (${f(bytes / n / 1024, 1)} KiB each), xmllint ${rounds.every((r) => r.x.ok) ? 'valid' : 'INVALID'}, ours ${errors} error(s)`);
    console.log('| path | wall | CPU | messages/s (CPU) | CPU ratio to xmllint | CPU per round |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, k] of [['xmllint --schema', 'x'], ['validate (own path)', 'v'], ['scenario (readMessage + validate)', 's']] as const) {
      const t = sum(k);
      console.log(`| ${name} | ${f(t.wall)} s | ${f(t.cpu)} s | ${Math.round(n / t.cpu)} | ${f(x.cpu / t.cpu)} | ${rounds.map((r) => f(r[k].cpu)).join(' ')} |`);
    }
    out.small = {
      messages: n,
      rounds: ROUNDS,
      kibEach: bytes / n / 1024,
      xmllintValid: rounds.every((r) => r.x.ok),
      errors,
      xmllint: x,
      validate: sum('v'),
      scenario: sum('s'),
    };
  }
  if (ONLY === undefined) {
    // the large document is built here and read in a process of its own: its peak memory is then the reading's, not
    // that of building the document or of the small ones
    const bigFile = join(dir, 'large.xml');
    writeFileSync(bigFile, large(MB));
    const largeJson = join(dir, 'large.json');
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--only', 'large', '--file', bigFile, '--json', largeJson], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
    else if (jsonFile()) out.large = (JSON.parse(readFileSync(largeJson, 'utf8')) as { large?: unknown }).large;
  } else if (ONLY === 'large') {
    const fileArg = process.argv.indexOf('--file');
    const bigFile = fileArg >= 0 ? process.argv[fileArg + 1]! : join(dir, 'large.xml');
    if (fileArg < 0) writeFileSync(bigFile, large(MB));
    // libxml2's WebAssembly compiled to the optimising tier and the JIT warm, as in the small-message part
    const warm = Array.from({ length: 2000 }, (_, i) => small(i));
    ours(warm, false, validate);
    ours(warm, true, validate);
    const rss0 = process.memoryUsage().rss;
    const big = readFileSync(bigFile);
    const xb = xmllint(xsd, [bigFile]);
    const vb = ours([big], false, validate);
    const sb = ours([big], true, validate);
    const peak = process.resourceUsage().maxRSS / 1024;
    console.log(`\none large MeterReadings of ${f(big.byteLength / 1024 / 1024, 1)} MiB, xmllint ${xb.ok ? 'valid' : 'INVALID'}, ours ${vb.errors} error(s) (a process of its own)`);
    console.log('| path | wall | CPU | our time / xmllint\'s (wall) | (CPU) |');
    console.log('|---|---|---|---|---|');
    for (const [name, r] of [['xmllint --schema', xb], ['validate (own path)', vb], ['scenario (readMessage + validate)', sb]] as const) {
      console.log(`| ${name} | ${f(r.wall)} s | ${f(r.cpu)} s | ${f(r.wall / xb.wall)}× | ${f(r.cpu / xb.cpu)}× |`);
    }
    console.log(`memory: xmllint peak ${f(xb.maxRssMb, 0)} MiB; this process peak ${f(peak, 0)} MiB (rss ${f(rss0 / 1024 / 1024, 0)} MiB after start-up and the schema pack, before the document was read)`);
    out.large = {
      mib: big.byteLength / 1024 / 1024,
      xmllintValid: xb.ok,
      errors: vb.errors + sb.errors,
      xmllint: { wall: xb.wall, cpu: xb.cpu, peakMib: xb.maxRssMb },
      validate: { wall: vb.wall, cpu: vb.cpu },
      scenario: { wall: sb.wall, cpu: sb.cpu },
      peakMib: peak,
      rssBeforeMib: rss0 / 1024 / 1024,
    };
  }
  emitJson('xml', out);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
