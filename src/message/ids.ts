import { randomUUID } from 'node:crypto';

/** a fresh message identifier (UUID, as real traffic uses) */
export function newMessageId(): string {
  return randomUUID();
}

/** the current time as an xs:dateTime with offset, to the second */
export function nowTimestamp(clock: () => Date = () => new Date()): string {
  return clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A timestamp of the timing the suite asks for (a schedule's or a control's interval): to the second, as
 * `nowTimestamp`, under a time factor of 1 (CIM9-203); to the millisecond below it (xs:dateTime allows fractions).
 */
export function timingTimestamp(d: Date, timeFactor: number): string {
  return timeFactor < 1 ? d.toISOString() : nowTimestamp(() => d);
}

/** the first instant at or after `ms` on the grid of the timing resolution: whole seconds, times the time factor (CIM9-203) */
export function nextTick(ms: number, timeFactor: number): number {
  const step = Math.max(1, Math.round(1000 * timeFactor));
  return Math.ceil(ms / step) * step;
}
