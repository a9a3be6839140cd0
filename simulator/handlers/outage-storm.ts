/**
 * The head-end's outage storm (stimulus `outage-storm`, src/usecases/stimuli.ts; `cim9 load --scenario
 * outage-storm-in`): power fails at `count` of its meters, from `meter` on in the order the head-end knows them, and
 * comes back. It publishes to its MDM (subscriber MDM) a power-off created(EndDeviceEvents) per meter, then a
 * restoration per meter, one event per message, each with its createdDateTime to the millisecond (the suite measures
 * the latency from it). At `rate` events per second, or as fast as it can with STORM_IN_FLIGHT messages unanswered.
 *
 * Each message goes through ctx.publish, so the SUT is not idle (GET /_control/idle) until the last one is answered;
 * the storm holds `activity.schedule()` until its last message is handed over. The faults of outage events apply:
 * swap-outage-codes, malformed-event-type, event-in-the-future (./events.ts) and event-published-twice (each message
 * twice).
 */
import type { SoapVersion } from '../../src/message/index.ts';
import { newMessageId } from '../../src/message/index.ts';
import { buildEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import type { SimContext } from '../context.ts';
import { POWER_OFF, POWER_RESTORED, publishedTime, publishedType } from './events.ts';

/** messages of a storm published and not yet answered, when it has no rate */
export const STORM_IN_FLIGHT = 16;

export function fieldOutageStorm(ctx: SimContext, first: string, count: number, rate: number | undefined, version: SoapVersion): { ok: true } | { ok: false; status: number; error: string } {
  const url = ctx.subscribers.MDM;
  if (!url) return { ok: false, status: 409, error: 'no MDM to publish the storm to: register MDM at POST /_control/subscribers first' };
  const all = [...ctx.store.meters.values()];
  const from = all.findIndex((m) => m.mRID === first);
  if (from < 0) return { ok: false, status: 404, error: `unknown meter ${first}` };
  if (from + count > all.length) return { ok: false, status: 404, error: `the head-end knows ${all.length - from} meters from ${first} on, not ${count}` };
  const meters = all.slice(from, from + count);
  const total = meters.length * 2;
  const twice = ctx.has('event-published-twice');
  const done = ctx.activity.schedule();
  let next = 0;
  let inFlight = 0;
  const t0 = Date.now();
  let stopped = false;
  const one = (i: number, onAnswer?: (body: Buffer | undefined) => void) => {
    const m = meters[i % meters.length]!;
    const code = i < meters.length ? POWER_OFF : POWER_RESTORED;
    m.powered = code === POWER_RESTORED;
    const root = buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime: publishedTime(ctx, new Date().toISOString()), meter: m.mRID, usagePoint: m.usagePoint, eventType: publishedType(ctx, code) }]);
    const msg = { kind: 'event' as const, header: ctx.header('created', 'EndDeviceEvents'), payload: { root } };
    ctx.publish(url, msg, version, onAnswer);
    if (twice) ctx.publish(url, msg, version);
  };
  if (rate === undefined) {
    // as fast as it can: a few unanswered at a time
    // a message the MDM could not be sent ends the storm (the MDM is gone): what was not sent is missing at the MDM
    const pump = () => {
      while (!stopped && inFlight < STORM_IN_FLIGHT && next < total) {
        inFlight++;
        one(next++, (body) => {
          inFlight--;
          if (body === undefined && !stopped) {
            stopped = true;
            ctx.log(`sim: outage storm stopped after ${next} of ${total} messages: a message could not be delivered to ${url}`);
            done();
          }
          pump();
        });
      }
      if (next >= total && !stopped) {
        stopped = true;
        done();
      }
    };
    pump();
  } else {
    // paced: event k is due at k / rate seconds after the start
    const tick = () => {
      const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate) + 1);
      while (next < due) one(next++);
      if (next >= total) return done();
      ctx.later(Math.max(1, Math.min(50, t0 + (next / rate) * 1000 - Date.now())), tick);
    };
    tick();
  }
  return { ok: true };
}
