/**
 * Power-quality measurements at the head-end (EDE-08, ../shared/spec/use-cases.md §2.8): the simulator's stimulus
 * `pq-measurements` (POST /_control/stimulus, role HES) causes a power-quality disturbance at a meter; the head-end
 * tells its MDM (`ctx.subscribers.MDM`) `created(MeterReadings)` with the meter's PQ measurements over the last 15
 * minutes: minimum, maximum and average RMS voltage of each phase, maximum THD of phase A, average frequency and average
 * power factor (codes.md §5.15).
 *
 * Not a SOAP handler. The head-end keeps the measurements of the last disturbance at each meter and answers them to a
 * get(MeterReadings) for their ReadingTypes (the get form, pqAnswer, called by ./readings.ts). The MDM answers the
 * same get from the PQ measurements it was told in created(MeterReadings) (kept by ./manual-reads.ts in the store:
 * keptPqAnswer, CIM9-213). The faults of ../faults/pq-readings.ts each break one aspect of what is published or answered.
 */
import { nowTimestamp, type SoapVersion } from '../../src/message/index.ts';
import { buildMeterReadings, type ReadingValue } from '../../src/payloads/meterReadings.ts';
import type { SimContext } from '../context.ts';

/** min / max / average RMS voltage per phase (A-N 129, B-N 65, C-N 33), THD of phase A, frequency, power factor ABC */
export const PQ_READING_TYPES: readonly { code: string; value: string; name: string }[] = [
  { code: '0.9.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0', value: '207.4', name: 'minimum 15-min voltage A-N (V)' },
  { code: '0.8.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0', value: '236.1', name: 'maximum 15-min voltage A-N (V)' },
  { code: '0.2.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0', value: '228.9', name: 'average 15-min voltage A-N (V)' },
  { code: '0.9.2.12.1.1.54.0.0.0.0.0.0.0.65.0.29.0', value: '229.8', name: 'minimum 15-min voltage B-N (V)' },
  { code: '0.8.2.12.1.1.54.0.0.0.0.0.0.0.65.0.29.0', value: '232.0', name: 'maximum 15-min voltage B-N (V)' },
  { code: '0.2.2.12.1.1.54.0.0.0.0.0.0.0.65.0.29.0', value: '231.2', name: 'average 15-min voltage B-N (V)' },
  { code: '0.9.2.12.1.1.54.0.0.0.0.0.0.0.33.0.29.0', value: '229.5', name: 'minimum 15-min voltage C-N (V)' },
  { code: '0.8.2.12.1.1.54.0.0.0.0.0.0.0.33.0.29.0', value: '231.7', name: 'maximum 15-min voltage C-N (V)' },
  { code: '0.2.2.12.1.1.54.0.0.0.0.0.0.0.33.0.29.0', value: '230.6', name: 'average 15-min voltage C-N (V)' },
  { code: '0.8.2.12.1.1.47.0.0.0.0.0.0.0.128.-2.151.0', value: '412', name: 'maximum 15-min THD voltage phase A (%)' },
  { code: '0.2.2.12.1.1.15.0.0.0.0.0.0.0.0.0.33.0', value: '49.98', name: 'average 15-min frequency (Hz)' },
  { code: '0.2.2.12.1.1.38.0.0.0.0.0.0.0.224.0.65.0', value: '0.93', name: 'average 15-min power factor ABC' },
];

/** pq-reading-not-aggregate: the average voltage of phase A told without an aggregate (field 2 = 0, none) */
const NOT_AGGREGATE = '0.0.2.12.1.1.54.0.0.0.0.0.0.0.129.0.29.0';
/** pq-reading-not-pq-kind: a 15-minute forward energy (kWh) among the PQ measurements */
const NOT_PQ_KIND = '0.8.2.12.1.1.12.0.0.0.0.0.0.0.0.3.72.0';

/** the PQ readings of a disturbance ending at `at`, as the faults switched on shape them */
export function pqReadings(ctx: Pick<SimContext, 'has'>, at: number): ReadingValue[] {
  const timeStamp = nowTimestamp(() => new Date(at));
  return PQ_READING_TYPES.map((rt, i) => {
    let readingType = rt.code;
    if (i === 2 && ctx.has('pq-reading-not-aggregate')) readingType = NOT_AGGREGATE;
    if (i === 11 && ctx.has('pq-reading-not-pq-kind')) readingType = NOT_PQ_KIND;
    return { readingType, value: rt.value, timeStamp };
  });
}

/** the instant of the last power-quality disturbance at each meter, per store (the get form of EDE-08 answers from it) */
const disturbances = new WeakMap<object, Map<string, number>>();

/** whether a ReadingType is one of the PQ measurements the head-end keeps (the get form answers it) */
export const isPqReadingType = (rt: string): boolean => PQ_READING_TYPES.some((x) => x.code === rt);

/**
 * The get form of EDE-08 (NO → head-end get(MeterReadings) for PQ ReadingTypes): the measurements of the last
 * disturbance at the meter of the ReadingTypes asked, whose timeStamp is within the window asked (when one is). None
 * when no disturbance was caused there. pq-get-outside-window: those of the disturbance stamped a day earlier, whatever
 * the window; pq-get-types-missing: the first ReadingType asked only.
 */
export function pqAnswer(ctx: Pick<SimContext, 'has' | 'store'>, meter: string, readingTypes: readonly string[], window?: { start?: string; end?: string }): ReadingValue[] {
  const t0 = disturbances.get(ctx.store)?.get(meter);
  if (t0 === undefined) return [];
  const shifted = ctx.has('pq-get-outside-window');
  const all = pqReadings(ctx, shifted ? t0 - 86_400_000 : t0);
  const start = window?.start ? Date.parse(window.start) : -Infinity;
  const end = window?.end ? Date.parse(window.end) : Infinity;
  const asked = readingTypes.filter(isPqReadingType);
  const out = (ctx.has('pq-get-types-missing') ? asked.slice(0, 1) : asked)
    .map((rt) => all[PQ_READING_TYPES.findIndex((x) => x.code === rt)]!)
    .filter((r) => shifted || (Date.parse(r.timeStamp!) >= start && Date.parse(r.timeStamp!) <= end));
  return out;
}

/** a power-quality disturbance at a meter (the simulator's stimulus): the head-end tells its MDM the PQ measurements */
export function fieldPqMeasurements(ctx: SimContext, meter: string, version: SoapVersion): string | undefined {
  const m = ctx.store.meter(meter);
  if (!m || m.mRID !== meter) return `unknown meter ${meter}`;
  const now = Date.now();
  if (!disturbances.has(ctx.store)) disturbances.set(ctx.store, new Map());
  disturbances.get(ctx.store)!.set(meter, now);
  const url = ctx.subscribers.MDM;
  if (!url) {
    ctx.log(`sim: power-quality disturbance at meter ${meter}; no MDM to tell`);
    return undefined;
  }
  // pq-reading-other-meter: the measurements are told as another meter's of the head-end
  const other = [...ctx.store.meters.values()].find((o) => o.mRID !== meter);
  const named = ctx.has('pq-reading-other-meter') && other ? other : m;
  const readings = pqReadings(ctx, now);
  const root = buildMeterReadings({
    meterReadings: [{ meter: { mRID: named.mRID }, usagePoint: { mRID: named.usagePoint }, readings }],
    readingTypes: [...new Set(readings.map((r) => r.readingType))].map((mRID) => ({ mRID, name: PQ_READING_TYPES.find((x) => x.code === mRID)?.name ?? mRID })),
  });
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'MeterReadings'), payload: { root } }, version);
  return undefined;
}

/**
 * The MDM's answer to the get form of EDE-08 (CIM9-213): the PQ measurements of the ReadingTypes asked it was told
 * (created(MeterReadings), kept in the store) with a timeStamp within the window asked. mdm-pq-value-altered: the
 * voltages answered in kV though their ReadingType says V; mdm-pq-time-shifted: each stamped at the start of its
 * 15-minute interval instead of the instant told.
 */
export function keptPqAnswer(ctx: Pick<SimContext, 'has' | 'store'>, meter: string, readingTypes: readonly string[], window?: { start?: string; end?: string }): ReadingValue[] {
  const start = window?.start ? Date.parse(window.start) : 0;
  const end = window?.end ? Date.parse(window.end) + 1 : Number.MAX_SAFE_INTEGER;
  return readingTypes.filter(isPqReadingType).flatMap((rt) =>
    ctx.store.storedReadings(meter, rt, start, end).map((r) => {
      const volts = rt.split('.')[6] === '54';
      const value = ctx.has('mdm-pq-value-altered') && volts && r.value !== undefined ? (Number(r.value) / 1000).toFixed(4) : r.value;
      const timeStamp = ctx.has('mdm-pq-time-shifted') && r.timeStamp ? nowTimestamp(() => new Date(Date.parse(r.timeStamp!) - 15 * 60_000)) : r.timeStamp;
      return { readingType: rt, value, timeStamp };
    }),
  );
}
