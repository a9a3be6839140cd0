/**
 * The reading structure of the reference SUT's answers to get(MeterReadings) over a period (MR-06, MR-07;
 * features/reading-shapes.feature), called by ./readings.ts:
 * - the interval timeStamps of a requested period: the end of each 15-minute interval, from the one that ends a period
 *   after the start to the one that ends at the end (start included, end excluded);
 * - each IntervalReading says when it was reported (reportedDateTime: the time of the answer, never before its
 *   timeStamp), and the MeterReading's valuesInterval is the period asked for;
 * - a MeterReading that holds register Readings and an IntervalBlock (the two examples of MR-07 in one answer) comes
 *   with the definitions of its ReadingTypes at the root, every reading referencing one of them.
 * The faults of ../faults/reading-shapes.ts break one aspect each.
 */
import { nowTimestamp } from '../../src/message/index.ts';
import type { MeterReadingValue, MeterReadingsValue } from '../../src/payloads/meterReadings.ts';
import type { SimContext } from '../context.ts';
import { INTERVAL_RT } from '../store.ts';

/** the interval timeStamps (ms) of the period [start, end) for a measuring period of `step` ms (end of each interval) */
export function intervalTimes(ctx: SimContext, start: number, end: number, step: number): number[] {
  // interval-beyond-requested-end: one interval more, the one that ends a period after the end of the period
  const last = ctx.has('interval-beyond-requested-end') ? end + step : end;
  // interval-timestamp-at-start: each interval is stamped at its start
  const shift = ctx.has('interval-timestamp-at-start') ? -step : 0;
  const out: number[] = [];
  for (let t = Math.ceil(start / step) * step + step, i = 0; t <= last && i < 10_000; t += step, i++) out.push(t + shift);
  // interval-data-starts-late: the first interval of the period is left out
  return ctx.has('interval-data-starts-late') ? out.slice(1) : out;
}

/** the reportedDateTime of an interval stamped `at`, answered at `now` (reported-before-timestamp: a minute before it) */
function reported(ctx: SimContext, at: string | undefined, now: Date): string | undefined {
  if (ctx.has('no-reported-date-time')) return undefined;
  if (ctx.has('reported-before-timestamp') && at) return nowTimestamp(() => new Date(Date.parse(at) - 60_000));
  return nowTimestamp(() => now);
}

/** the structure of a MeterReading with interval data of a requested period: reportedDateTime, valuesInterval, the two shapes */
export function shapeIntervalData(ctx: SimContext, mr: MeterReadingValue, window: { start?: string; end?: string }, now: Date): MeterReadingValue {
  const blocks = (mr.intervalBlocks ?? []).map((b) => ({ ...b, readings: b.readings.map((r) => ({ ...r, reportedDateTime: reported(ctx, r.timeStamp, now) })) }));
  const shaped: MeterReadingValue = { ...mr, intervalBlocks: blocks, valuesInterval: { start: window.start, end: window.end ?? nowTimestamp(() => now) } };
  if (!ctx.has('interval-data-as-readings')) return shaped;
  // interval-data-as-readings: the interval values come as Readings of the interval ReadingType, no IntervalBlock
  const asReadings = blocks.flatMap((b) => b.readings.map((r) => ({ readingType: b.readingType, timeStamp: r.timeStamp, value: r.value, qualities: r.qualities })));
  return { ...shaped, intervalBlocks: undefined, readings: [...(mr.readings ?? []), ...asReadings] };
}

/**
 * the ReadingType definitions at the root of an answer: those of every reading, when a MeterReading holds both Readings
 * and IntervalBlocks (the MR-07 answer); none otherwise (references by code). reading-type-declared-partly: the
 * register ReadingType (of the Readings) is left out, so that the references mix the two ways.
 */
export function readingTypeDefinitions(ctx: SimContext, meterReadings: MeterReadingValue[]): MeterReadingsValue['readingTypes'] {
  // both shapes, or (interval-data-as-readings) the interval values given as Readings next to the register ones
  const both = meterReadings.some((m) => m.readings?.length && (m.intervalBlocks?.length || m.readings.some((r) => r.readingType === INTERVAL_RT)));
  if (!both) return undefined;
  const blockTypes = meterReadings.flatMap((m) => (m.intervalBlocks ?? []).map((b) => b.readingType));
  const readingTypes = ctx.has('reading-type-declared-partly') ? [] : meterReadings.flatMap((m) => (m.readings ?? []).map((r) => r.readingType));
  const codes = [...new Set([...readingTypes, ...blockTypes])];
  return codes.map((mRID) => ({ mRID }));
}
