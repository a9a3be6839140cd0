/**
 * End device events of the head-end beyond outage detection (use-cases.md §2.5, §2.7, §2.9):
 * - get(EndDeviceEvents) by meter and time window (EDE-09): the head-end answers from a deterministic event log per
 *   meter (an event every two hours over the last two days: low battery with two EndDeviceEventDetails, clock error,
 *   configuration changed), several events in one message with their EndDeviceEventType definitions; a window with no
 *   event is answered OK with no events (UC-34), a meter it does not know is refused with 2.4; the switch events of the
 *   connects / disconnects it carried out are in the log too (EDC-06.11);
 * - the meter health stimulus (EDE-05): created(EndDeviceEvents) with health events to its MDM (`ctx.subscribers.MDM`);
 * - the voltage sag stimulus (EDE-07): created(EndDeviceEvents) with the sag started / stopped pair of phase A.
 * The faults are simulator/faults/device-events.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceEvents, readGetEndDeviceEvents, type EndDeviceEventTypeValue, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import type { Handler, SimContext } from '../context.ts';

/** the health events of the head-end (use-cases.md §2.5 typical codes) */
export const LOW_BATTERY = '3.2.22.150';
export const CLOCK_ERROR = '3.36.0.79';
export const CONFIG_CHANGED = '3.7.0.24';
/** phase A voltage sag started / stopped (use-cases.md §2.7) */
export const SAG_STARTED_A = '3.26.131.223';
export const SAG_STOPPED_A = '3.26.131.224';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  [LOW_BATTERY]: 'ElectricMeter.Battery.Charge.MinLimitReached',
  [CLOCK_ERROR]: 'ElectricMeter.Clock.Error',
  [CONFIG_CHANGED]: 'ElectricMeter.Configuration.Changed',
  [SAG_STARTED_A]: 'ElectricMeter.Power.PhaseAVoltage.SagStarted',
  [SAG_STOPPED_A]: 'ElectricMeter.Power.PhaseAVoltage.SagStopped',
};

const HOUR = 3600_000;
/** the log: an event every two hours over the last two days */
const LOG_STEP = 2 * HOUR;
const LOG_SPAN = 48 * HOUR;

function seed(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) % 7919;
  return h;
}

/** the event log of a meter at `now`: deterministic (the same meter gives the same events at the same times) */
export function eventLog(meter: string, usagePoint: string, now: number): EndDeviceEventValue[] {
  const offset = (seed(meter) % 100) * 60_000;
  const out: EndDeviceEventValue[] = [];
  for (let t = Math.floor((now - LOG_SPAN) / LOG_STEP) * LOG_STEP + offset; t <= now; t += LOG_STEP) {
    if (t < now - LOG_SPAN) continue;
    const k = Math.floor(t / LOG_STEP) % 3;
    const eventType = k === 0 ? LOW_BATTERY : k === 1 ? CLOCK_ERROR : CONFIG_CHANGED;
    out.push({
      mRID: `EV-${meter}-${t}`,
      createdDateTime: nowTimestamp(() => new Date(t)),
      severity: k === 0 ? 'Alarm' : undefined,
      meter,
      usagePoint,
      eventType,
      details: k === 0 ? [{ name: 'batteryVoltage', value: '2.9' }, { name: 'minimumVoltage', value: '3.0' }] : undefined,
    });
  }
  return out;
}

/** the EndDeviceEventType definitions of the codes events use */
function definitions(events: readonly EndDeviceEventValue[]): EndDeviceEventTypeValue[] {
  return [...new Set(events.map((e) => e.eventType))].flatMap((code) => (TYPE_NAMES[code] ? [{ code, name: TYPE_NAMES[code]! }] : []));
}

const within = (e: EndDeviceEventValue, start: number, end: number) => {
  const t = Date.parse(e.createdDateTime ?? '');
  return t >= start && t <= end;
};

/** EDE-09: get(EndDeviceEvents) at the head-end, by meter and time window */
export const deviceEventsHandler: Handler = {
  name: 'get(EndDeviceEvents) at the head-end',
  matches: (role, noun, verb) => role === 'HES' && noun === 'EndDeviceEvents' && verb === 'get',
  handle(req: ParsedMessage, ctx: SimContext): Message {
    const q = req.request?.query;
    const query = q && q.name === 'GetEndDeviceEvents' ? readGetEndDeviceEvents(q) : { meters: [] as string[] };
    if (!query.meters.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', 'GetEndDeviceEvents names no meter');
    const unknown = query.meters.filter((m) => !ctx.store.meter(m));
    if (unknown.length && !ctx.has('unknown-meter-events-ok')) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.join(', ')}`);
    const now = Date.now();
    // the query's window and Request StartTime / EndTime combine (AND)
    const starts = [query.start, req.request?.startTime].flatMap((s) => (s && !Number.isNaN(Date.parse(s)) ? [Date.parse(s)] : []));
    const ends = [query.end, req.request?.endTime].flatMap((s) => (s && !Number.isNaN(Date.parse(s)) ? [Date.parse(s)] : []));
    const start = starts.length ? Math.max(...starts) : -Infinity;
    const end = ends.length ? Math.min(...ends) : Infinity;
    const events: EndDeviceEventValue[] = [];
    for (const id of query.meters) {
      const m = ctx.store.meter(id);
      if (!m) continue;
      // the deterministic log, and the switches the head-end carried out (./controls.ts)
      const switched = (m.switches ?? []).map((x) => ({ ...x, meter: m.mRID, usagePoint: m.usagePoint }));
      const log = [...eventLog(m.mRID, m.usagePoint, now), ...switched];
      const inside = log.filter((e) => within(e, start, end));
      // event-outside-window: the start of the window ignored
      events.push(...(ctx.has('event-outside-window') ? log.filter((e) => within(e, -Infinity, end)) : inside));
      // no-match-latest-events: a window without events answered with the meter's latest event instead of none
      if (!inside.length && ctx.has('no-match-latest-events') && log.length) events.push(log.at(-1)!);
      // events-of-other-meter: an event of another meter, inside the window
      const other = [...ctx.store.meters.values()].find((o) => !query.meters.includes(o.mRID));
      if (ctx.has('events-of-other-meter') && other) {
        const e = eventLog(other.mRID, other.usagePoint, now).find((x) => within(x, start, end));
        if (e) events.push(e);
      }
    }
    if (!events.length) return ctx.response(req, 'EndDeviceEvents', 'OK', []);
    return ctx.response(req, 'EndDeviceEvents', 'OK', [], { root: buildEndDeviceEvents(events, definitions(events)) });
  },
};

/** the health events a meter raises (EDE-05), as the head-end tells its MDM */
function healthEvents(ctx: SimContext, meter: string, usagePoint: string, at: number): EndDeviceEventValue[] {
  return [
    {
      mRID: newMessageId(),
      createdDateTime: nowTimestamp(() => new Date(at)),
      severity: 'Alarm',
      meter,
      usagePoint,
      eventType: ctx.has('undecodable-health-code') ? '3.2.22.LowBattery' : LOW_BATTERY,
      details: [{ name: 'batteryVoltage', value: '2.9' }, { name: 'minimumVoltage', value: '3.0' }],
    },
    { mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(at)), meter, usagePoint, eventType: ctx.has('health-code-outside-domains') ? '3.20.0.79' : CLOCK_ERROR },
  ];
}

/** the sag of phase A (EDE-07): its start 40 s ago, its end 30 s ago */
function sagEvents(ctx: SimContext, meter: string, usagePoint: string, at: number): EndDeviceEventValue[] {
  const start: EndDeviceEventValue = { mRID: newMessageId(), createdDateTime: nowTimestamp(() => new Date(at - 40_000)), meter, usagePoint, eventType: SAG_STARTED_A };
  const stop: EndDeviceEventValue = {
    mRID: newMessageId(),
    createdDateTime: nowTimestamp(() => new Date(at - 30_000)),
    meter,
    usagePoint,
    eventType: SAG_STOPPED_A,
    details: [{ name: 'magnitude', value: '0.82' }, { name: 'duration', value: '10' }],
  };
  if (ctx.has('pq-stop-without-start')) return [stop];
  // pq-start-never-stopped: the sag's end left out
  if (ctx.has('pq-start-never-stopped')) return [start];
  return [start, stop];
}

export type DeviceEventStimulus = 'health-alarm' | 'voltage-sag';

export function isDeviceEventStimulus(event: unknown): event is DeviceEventStimulus {
  return event === 'health-alarm' || event === 'voltage-sag';
}

/** a health alarm or a voltage sag at a meter (the simulator's stimulus): the head-end tells its MDM */
export function fieldDeviceEvent(ctx: SimContext, meter: string, event: DeviceEventStimulus, version: SoapVersion): string | undefined {
  const m = ctx.store.meter(meter);
  if (!m) return `unknown meter ${meter}`;
  const url = ctx.subscribers.MDM;
  if (!url) return undefined;
  const now = Date.now();
  const events = event === 'health-alarm' ? healthEvents(ctx, m.mRID, m.usagePoint, now) : sagEvents(ctx, m.mRID, m.usagePoint, now);
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events, definitions(events)) } }, version);
  return undefined;
}
