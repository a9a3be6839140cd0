/**
 * The engine of `cim9 load --scenario outage-storm-in`: the suite is the MDM and a head-end SUT publishes an outage
 * storm to it. A lean HTTP listener (node:http, one handler: read the body within the size limit, judge it with
 * src/usecases/storm-in.ts, answer the ack) counts every power-off and restoration per meter, records the latency
 * of each event from its createdDateTime to its arrival (src/report/load-stats.ts Recorder: run and per interval),
 * and ends when every meter's two events arrived, when nothing more arrived for `idleMs`, or at `durationMs`. A
 * meter's event that never came is a timeout of the run (EDE-LOAD-MISSING).
 *
 * The storm is started by `trigger` (the caller: the reference SUT's stimulus, or the profile's stimulus) once the
 * listener is bound. Schema validation runs on every delivery while the listener keeps up (the event loop busy under
 * `checkAuto.busy`), sampled above (the same rule as the outgoing load, src/session/load.ts); the envelope, the
 * event counts and the latency on every delivery.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Recorder } from '../report/load-stats.ts';
import { ackBuilder, judgeDelivery, newTally, stormComplete, type StormTally, type DeliveryOptions } from '../usecases/storm-in.ts';
import { CHECK_WINDOW_MS, MAX_CHECK_EVERY, MIN_SAMPLED_PER_WINDOW } from './load.ts';

export interface InboundOptions {
  host: string;
  port: number;
  /** the storm's meters */
  meters: readonly string[];
  judge: Omit<DeliveryOptions, 'schema' | 'domain'>;
  generation: '2013' | 'draft-2011';
  intervalMs: number;
  durationMs: number;
  /** the storm is over when nothing arrived for this long (after the first delivery, or after the trigger) */
  idleMs: number;
  /** schema validation on one delivery in this many (1 = every one), or adapted (see src/session/load.ts) */
  checkEvery: number;
  checkAuto?: { busy: number; idle: number };
  /** domain checks on one delivery in this many */
  domainEvery: number;
  /** start the storm: the listener's address is bound (url: where the SUT is to send) */
  trigger: (listenerBase: string) => Promise<void>;
  /** the address the SUT is told (the profile's listener.publicUrl), when not http://host:port */
  publicBase?: string;
  progress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface InboundResult {
  recorder: Recorder;
  tally: StormTally;
  startedAt: number;
  endedAt: number;
  missing: { off: number; restored: number };
  schemaChecked: number;
  schemaEveryMax: number;
  domainChecked: number;
  stoppedBy: 'complete' | 'idle' | 'duration' | 'interrupted';
  /** where the storm was sent (the listener's path for the MDM) */
  url: string;
}

export async function runInbound(o: InboundOptions): Promise<InboundResult> {
  const rec = new Recorder(o.intervalMs);
  const tally = newTally(o.meters);
  const ack = ackBuilder(o.judge.soapVersion, o.generation);
  const contentType = o.judge.soapVersion === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8';
  let schemaEvery = Math.max(1, o.checkEvery);
  let schemaEveryMax = schemaEvery;
  let schemaChecked = 0;
  let domainChecked = 0;
  let delivered = 0;
  let elu = performance.eventLoopUtilization();
  let windowStart = performance.now();
  let lastArrival = performance.now();
  let windowDeliveries = 0;
  let wake: (() => void) | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > o.judge.maxBytes) {
        over = true;
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (over) return;
      const arrivedAt = Date.now();
      lastArrival = performance.now();
      if (o.checkAuto && lastArrival - windowStart >= CHECK_WINDOW_MS) {
        const u = performance.eventLoopUtilization(elu).utilization;
        if (u >= o.checkAuto.busy && windowDeliveries >= MIN_SAMPLED_PER_WINDOW) schemaEvery = Math.min(MAX_CHECK_EVERY, schemaEvery * 2);
        else if (u < o.checkAuto.idle) schemaEvery = Math.max(1, Math.floor(schemaEvery / 2));
        schemaEveryMax = Math.max(schemaEveryMax, schemaEvery);
        elu = performance.eventLoopUtilization();
        windowStart = lastArrival;
        windowDeliveries = 0;
      }
      windowDeliveries++;
      const n = delivered++;
      const schema = n % schemaEvery === 0;
      const domain = n % Math.max(1, o.domainEvery) === 0;
      const j = judgeDelivery(Buffer.concat(chunks, size), req.headers['content-type'], arrivedAt, tally, { ...o.judge, schema, domain });
      if (schema) schemaChecked++;
      if (domain && !j.unreadable) domainChecked++;
      rec.sentAt(arrivedAt);
      const latencyUs = j.latenciesUs.length ? Math.max(...j.latenciesUs) : 0;
      rec.done(arrivedAt, latencyUs, j.outcome, j.rules, j.first);
      if (j.correlationId === undefined) res.writeHead(500, { 'content-type': contentType }).end(ack.fault(`the message cannot be read: ${j.unreadable ?? 'unknown'}`));
      else res.writeHead(200, { 'content-type': contentType }).end(ack.ok(j.correlationId));
      if (stormComplete(tally)) wake?.();
    });
    req.on('error', () => undefined);
  };

  // warm the checker (the schema engine compiles on first use) on a message of our own, so the first deliveries are not slowed by it
  o.judge.pack.validate(Buffer.from(ack.ok('warm-up'), 'utf8'), { label: 'warm-up', maxBytes: o.judge.maxBytes });
  const server = createServer({ keepAlive: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const base = o.publicBase ?? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}/callback`;
  const url = `${base.replace(/\/+$/, '')}/mdm/events`;
  const startedAt = Date.now();
  const t0 = performance.now();
  let stoppedBy: InboundResult['stoppedBy'] = 'complete';
  try {
    await o.trigger(url);
    lastArrival = performance.now();
    let lastProgress = t0;
    while (!stormComplete(tally)) {
      if (o.signal?.aborted) {
        stoppedBy = 'interrupted';
        break;
      }
      const now = performance.now();
      if (now - t0 >= o.durationMs) {
        stoppedBy = 'duration';
        break;
      }
      if (now - lastArrival >= o.idleMs) {
        stoppedBy = 'idle';
        break;
      }
      if (o.progress && now - lastProgress >= 1000) {
        lastProgress = now;
        o.progress(`${((now - t0) / 1000).toFixed(0)} s: ${delivered} deliveries, ${tally.off.size} power-offs and ${tally.restored.size} restorations of ${tally.meters.size} meters`);
      }
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 100);
      });
      wake = undefined;
    }
  } finally {
    server.closeAllConnections?.();
    await new Promise<void>((r) => server.close(() => r()));
  }
  const endedAt = Date.now();
  const missing = { off: tally.meters.size - tally.off.size, restored: tally.meters.size - tally.restored.size };
  const lost = missing.off + missing.restored;
  if (lost) rec.missed(endedAt, lost, 'EDE-LOAD-MISSING', `${missing.off} power-offs and ${missing.restored} restorations of the storm's ${tally.meters.size} meters did not arrive (${stoppedBy})`);
  return { recorder: rec, tally, startedAt, endedAt, missing, schemaChecked, schemaEveryMax, domainChecked, stoppedBy, url };
}
