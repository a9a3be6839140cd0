/**
 * The reference MDM forwarding meter health events to its maintenance consumer (use-cases.md §2.6 EDE-06, UC-06):
 * of the events the head-end tells it in created(EndDeviceEvents) (simulator/handlers/events.ts), those whose code
 * is of a health domain (the register's default UC-05 domains) go on to `ctx.subscribers.MM` in created(EndDeviceEvents),
 * each with the code, meter and createdDateTime the head-end sent. Nothing when there is none or no MM subscriber.
 * The faults are simulator/faults/health-forward.ts.
 */
import type { SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { parseEventType } from '../../src/codes/index.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import type { SimContext } from '../context.ts';

/** the health domains of the reference MDM: the default of UC-05 (battery, communication, configuration, firmware, memory, metrology, clock, watchdog) */
export const HEALTH_DOMAINS: readonly number[] = [1, 2, 7, 11, 18, 21, 36, 37];

export const CLOCK_ERROR = '3.36.0.79';
export const CLOCK_CHANGED = '3.36.0.24';

export function isHealthEvent(code: string): boolean {
  const p = parseEventType(code);
  return p.ok && HEALTH_DOMAINS.includes(p.value.domain);
}

/** the event as the faults of the MDM forward it */
function forwarded(ctx: SimContext, e: EndDeviceEventValue): EndDeviceEventValue {
  const out: EndDeviceEventValue = { ...e, mRID: e.mRID ?? newMessageId(), createdDateTime: e.createdDateTime ?? nowTimestamp(), usagePoint: e.usagePoint ?? (e.meter ? ctx.store.meter(e.meter)?.usagePoint : undefined) };
  // health-forwarded-wrong-code: the clock error forwarded as a clock change
  if (ctx.has('health-forwarded-wrong-code') && out.eventType === CLOCK_ERROR) out.eventType = CLOCK_CHANGED;
  // health-forwarded-wrong-meter: the events forwarded naming another meter of the MDM
  if (ctx.has('health-forwarded-wrong-meter')) {
    const other = [...ctx.store.meters.keys()].find((m) => m !== e.meter);
    if (other) out.meter = other;
  }
  // health-forwarded-time-changed: the events forwarded dated when the MDM forwards them
  if (ctx.has('health-forwarded-time-changed')) out.createdDateTime = nowTimestamp(() => new Date(Date.now() + 1000));
  return out;
}

/**
 * The MDM forwards the health events the head-end told it to its maintenance consumer (EDE-06): the same events
 * (code, meter, time), in created(EndDeviceEvents).
 */
export function forwardHealth(ctx: SimContext, events: readonly EndDeviceEventValue[], version: SoapVersion): void {
  const url = ctx.subscribers.MM;
  // non-health-forwarded: every event the head-end told goes on, not only the health events
  const health = ctx.has('non-health-forwarded') ? [...events] : events.filter((e) => isHealthEvent(e.eventType));
  // health-not-forwarded: the MDM keeps the health events to itself
  if (!url || !health.some((e) => isHealthEvent(e.eventType)) || ctx.has('health-not-forwarded')) return;
  const out = health.map((e) => forwarded(ctx, e));
  const root = buildEndDeviceEvents(out);
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root } }, version);
  // health-forwarded-twice: the same events again (same mRIDs), in a message of their own
  if (ctx.has('health-forwarded-twice')) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root } }, version);
}
