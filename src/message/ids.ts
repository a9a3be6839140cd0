import { randomUUID } from 'node:crypto';

/** a fresh message identifier (UUID, as real traffic uses) */
export function newMessageId(): string {
  return randomUUID();
}

/** the current time as an xs:dateTime with offset, to the second */
export function nowTimestamp(clock: () => Date = () => new Date()): string {
  return clock().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
