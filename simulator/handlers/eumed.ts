/**
 * EUMED Metering (IEC 61968-9:2024 Annexes K-M) at the MDM:
 * - get(MeterReadingSet): load curve, max power and index of metering points over a period (UC-35 query);
 *   with AsyncReplyFlag and ReplyAddress the MDM acknowledges and publishes the result as
 *   created(MeterReadingSet) at that address — the request that makes the reference SUT publish;
 * - created(MeterReadingSet) from the head-end: raw load curves; the intervals the head-end did not
 *   deliver are estimated by the MDM and flagged 3.8.0 in every later load curve of that metering point.
 *
 * Payloads are in the placeholder namespace of fixtures/schemas/2024/eumed (EUM-01), timestamps in UTC at
 * the end of each interval (EUM-12), local days in Europe/Amsterdam. Faults: simulator/faults/eumed.ts.
 */
import type { ErrorItem, Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { meterReadingNodes, readMeterReading } from '../../src/eumed/payload.ts';
import { buildMeterReadingSet } from '../../src/eumed/payload.ts';
import { DEFAULT_MARKET_TIME_ZONE, EUMED_NOUN, EUMED_PLACEHOLDER_NS, type IntervalBlockValue, type IntervalReadingValue, type MessageKind, type MeterReadingValue, type QualityValue } from '../../src/eumed/model.ts';
import { DEFAULT_READING_TYPES } from '../../src/eumed/readingTypes.ts';
import { kindOfCode, readEumedQuery } from '../../src/eumed/requests.ts';
import { eanOf, indexReadings, indexWhAt, kilo, loadCurveReadings, maxPowerOf, QUARTER_MS, seedOf, usagePointValue } from '../../src/eumed/generate.ts';
import { localDaysWithin, offsetStamp, parseStamp, utcStamp } from '../../src/eumed/time.ts';
import type { Period } from '../../src/eumed/rules.ts';
import type { Store, MeterRecord } from '../store.ts';
import type { Handler, SimContext } from '../context.ts';

const TZ = DEFAULT_MARKET_TIME_ZONE;
const ESTIMATED: QualityValue = { code: '3.8.0', comment: 'estimated by the MDM' };
const MISLABELLED: QualityValue = { code: '3.0.1', comment: 'validated' };

/** per store: metering point → end instants of intervals the head-end never delivered */
const notCollected = new WeakMap<Store, Map<string, Set<number>>>();

function gapsOf(store: Store, usagePoint: string): Set<number> {
  let m = notCollected.get(store);
  if (!m) notCollected.set(store, (m = new Map()));
  let s = m.get(usagePoint);
  if (!s) m.set(usagePoint, (s = new Set()));
  return s;
}

/** a metering point by usage point mRID, meter mRID or EAN-18 name */
function meteringPoint(store: Store, id: string): MeterRecord | undefined {
  return store.meter(id) ?? [...store.meters.values()].find((m) => eanOf(m.usagePoint) === id);
}

// ------------------------------------------------------------------------------------------------
// the three messages

function loadCurve(ctx: SimContext, m: MeterRecord, period: Period): IntervalBlockValue {
  const seed = seedOf(m.usagePoint);
  const gaps = gapsOf(ctx.store, m.usagePoint);
  const qualities = new Map<number, QualityValue[]>();
  for (const at of gaps) if (at > period.start && at <= period.end) qualities.set(at, [ctx.has('eumed-estimate-quality') ? MISLABELLED : ESTIMATED]);
  let readings: IntervalReadingValue[];
  if (ctx.has('eumed-dst-fixed-offset')) {
    // local days taken as 24 hours at +01:00, whatever the zone does
    const days = Math.max(1, Math.round((period.end - period.start) / 86_400_000));
    readings = loadCurveReadings(seed, { start: period.start, end: period.start + days * 96 * QUARTER_MS }, { format: (ms) => offsetStamp(ms, 60), qualities });
  } else {
    readings = loadCurveReadings(seed, period, { qualities });
  }
  if (ctx.has('eumed-curve-gap') && readings.length > 3) readings.splice(2, 1);
  if (ctx.has('eumed-interval-length') && readings.length > 5) {
    const r = readings[4]!;
    const end = parseStamp(r.timePeriod?.end ?? r.timeStamp)!.ms;
    r.timePeriod = { start: utcStamp(end - 2 * QUARTER_MS), end: r.timePeriod?.end ?? r.timeStamp };
  }
  const readingType = ctx.has('eumed-wrong-multiplier') ? { ...DEFAULT_READING_TYPES.loadCurve, multiplier: 'none' } : DEFAULT_READING_TYPES.loadCurve;
  return { readingType, readings };
}

function maxPower(ctx: SimContext, m: MeterRecord, period: Period): IntervalBlockValue {
  const seed = seedOf(m.usagePoint);
  const readings = localDaysWithin(TZ, period.start, period.end).map((d) => {
    const max = maxPowerOf(seed, d);
    return { timeStamp: utcStamp(max.at), value: kilo(ctx.has('eumed-maxpower-low') ? Math.floor(max.w / 2) : max.w) };
  });
  return { readingType: DEFAULT_READING_TYPES.maxPower, readings };
}

function index(ctx: SimContext, m: MeterRecord, period: Period): IntervalBlockValue {
  const seed = seedOf(m.usagePoint);
  // EUM-12 end: one snapshot at the end of each local day of the period
  const readings = indexReadings(seed, localDaysWithin(TZ, period.start, period.end).map((d) => d.end));
  if (ctx.has('eumed-index-decrease') && readings.length > 1) {
    const first = parseStamp(readings[0]!.timeStamp)!.ms;
    readings[1] = { ...readings[1]!, value: kilo(indexWhAt(seed, first / QUARTER_MS) - 1000) };
  }
  return { readingType: DEFAULT_READING_TYPES.index, readings };
}

const BUILD: Record<MessageKind, (ctx: SimContext, m: MeterRecord, p: Period) => IntervalBlockValue> = { loadCurve, maxPower, index };

// ------------------------------------------------------------------------------------------------
// get(MeterReadingSet)

function query(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const q = readEumedQuery(req);
  if (q.usagePoints.length === 0) return ctx.failed(req, EUMED_NOUN, '1.6', 'no metering point (Request/ID) in the request');
  const start = parseStamp(q.start);
  const end = parseStamp(q.end);
  if (!start || !end) return ctx.failed(req, EUMED_NOUN, '1.6', 'the request names no period (Request/StartTime and EndTime)');
  if (end.ms <= start.ms) return ctx.failed(req, EUMED_NOUN, '1.6', `the period ends (${q.end}) before it starts (${q.start})`);
  const kinds: MessageKind[] = [];
  for (const code of q.readingTypes) {
    const k = kindOfCode(code);
    if (!k) return ctx.failed(req, EUMED_NOUN, '2.10', `unsupported ReadingType ${code}: this MDM serves the EUMED load curve, max power and index`);
    if (!kinds.includes(k)) kinds.push(k);
  }
  if (kinds.length === 0) kinds.push('loadCurve', 'maxPower', 'index');
  const period = { start: start.ms, end: end.ms };
  const errors: ErrorItem[] = [];
  const meterReadings: MeterReadingValue[] = [];
  for (const id of q.usagePoints) {
    const m = meteringPoint(ctx.store, id);
    if (!m) {
      errors.push({ code: '2.12', level: 'FATAL', reason: `unknown metering point ${id}`, id: { value: id, kind: 'name', objectType: 'UsagePoint' } });
      continue;
    }
    meterReadings.push({
      intervalBlocks: kinds.map((k) => BUILD[k](ctx, m, period)),
      meter: { mRID: m.mRID },
      usagePoint: usagePointValue(m.usagePoint),
      valuesInterval: { start: utcStamp(period.start), end: utcStamp(period.end) },
    });
  }
  if (meterReadings.length === 0) return ctx.response(req, EUMED_NOUN, 'FAILED', errors);
  const payload = { root: buildMeterReadingSet({ meterReadings }, { ns: EUMED_PLACEHOLDER_NS }) };
  const h = req.header!;
  if (h.asyncReplyFlag && h.replyAddress) {
    // the result is published at the ReplyAddress as created(MeterReadingSet) (UC-35 publication, CIM9-01)
    ctx.publishLater(h.replyAddress, { kind: 'event', header: ctx.header('created', EUMED_NOUN, h.correlationId ?? h.messageId), payload }, version);
    return ctx.response(req, EUMED_NOUN, 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the MeterReadingSet is published at the ReplyAddress' }]);
  }
  return ctx.response(req, EUMED_NOUN, errors.length ? 'PARTIAL' : 'OK', errors, payload);
}

// ------------------------------------------------------------------------------------------------
// created(MeterReadingSet) from the head-end

function receive(req: ParsedMessage, ctx: SimContext): Message {
  const root = req.payload?.root;
  if (!root) return ctx.failed(req, EUMED_NOUN, '1.7', 'created(MeterReadingSet) without payload');
  const unknown: string[] = [];
  for (const node of meterReadingNodes(root, root.ns)) {
    const mr = readMeterReading(node, root.ns);
    const ids = [mr.usagePoint?.mRID, ...(mr.usagePoint?.names ?? []).map((n) => n.name)].filter((x): x is string => !!x);
    const m = ids.map((id) => meteringPoint(ctx.store, id)).find((x) => x);
    if (!m) {
      unknown.push(ids[0] ?? '(none)');
      continue;
    }
    const s = parseStamp(mr.valuesInterval?.start);
    const e = parseStamp(mr.valuesInterval?.end);
    if (!s || !e) continue;
    const present = new Set<number>();
    for (const b of mr.intervalBlocks) for (const r of b.readings) {
      const t = parseStamp(r.timeStamp);
      if (t) present.add(t.ms);
    }
    // every quarter hour of valuesInterval the head-end did not deliver: the MDM estimates it
    const gaps = gapsOf(ctx.store, m.usagePoint);
    for (let at = s.ms + QUARTER_MS; at <= e.ms; at += QUARTER_MS) if (!present.has(at)) gaps.add(at);
  }
  if (unknown.length) return ctx.failed(req, EUMED_NOUN, '2.12', `unknown metering point ${unknown.join(', ')}`);
  return ctx.response(req, EUMED_NOUN, 'OK', []);
}

export const eumedHandler: Handler = {
  name: 'EUMED MeterReadingSet at the MDM (get; created from the head-end)',
  matches: (role, noun, verb) => role === 'MDM' && noun === EUMED_NOUN && (verb === 'get' || verb === 'created'),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
    return req.header?.verb === 'created' ? receive(req, ctx) : query(req, ctx, version);
  },
};
