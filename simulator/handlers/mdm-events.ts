/**
 * The reference MDM answering get(EndDeviceEvents) [GetEndDeviceEvents: meters, TimeSchedule/scheduleInterval and / or
 * Request StartTime / EndTime] from the events the head-end told it in created(EndDeviceEvents) (./events.ts keeps them
 * in the store): EDE-05, EDE-07 and the firmware events of MSE-01 with the MDM as SUT (use-cases.md §2.5, §2.7, §6.1;
 * CIM9-310 = kept). The events of the
 * meters asked created inside the window, each with the code, meter and createdDateTime it was told; a meter it does
 * not know is refused with 2.4, a window without event answered OK with no events (UC-34). The faults are
 * simulator/faults/mdm-events.ts.
 */
import type { Message, ParsedMessage } from '../../src/message/index.ts';
import { buildEndDeviceEvents, readGetEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import { parseEventType } from '../../src/codes/index.ts';
import type { Handler, SimContext } from '../context.ts';
import { CLOCK_ERROR } from './device-events.ts';

/** the clock changed event the fault mdm-health-event-recoded answers instead of a clock error */
const CLOCK_CHANGED = '3.36.0.24';
/** the sag stopped code of any phase: domain 26 (Power), event 224 (use-cases.md §2.7) */
const isSagStopped = (code: string) => {
  const p = parseEventType(code);
  return p.ok && p.value.domain === 26 && p.value.eventOrAction === 224;
};

/** the firmware activated code of any device type: domain 11 (Firmware), subdomain 283, action 4 (use-cases.md §6.1) */
const isFirmwareActivated = (code: string) => {
  const p = parseEventType(code);
  return p.ok && p.value.domain === 11 && p.value.subDomain === 283 && p.value.eventOrAction === 4;
};

/** the events of the store the MDM answers, as the faults switched on shape them */
function answered(ctx: SimContext, e: EndDeviceEventValue): EndDeviceEventValue[] {
  // mdm-firmware-activation-dropped: the MDM keeps the firmware ready event but not the activation (MSE-01)
  if (ctx.has('mdm-firmware-activation-dropped') && isFirmwareActivated(e.eventType)) return [];
  // mdm-sag-stop-dropped: the MDM keeps the start of a voltage sag but not its stop
  if (ctx.has('mdm-sag-stop-dropped') && isSagStopped(e.eventType)) return [];
  // mdm-health-event-recoded: the clock error answered as a clock change
  if (ctx.has('mdm-health-event-recoded') && e.eventType === CLOCK_ERROR) return [{ ...e, eventType: CLOCK_CHANGED }];
  return [e];
}

export const mdmEventsHandler: Handler = {
  name: 'get(EndDeviceEvents) at the MDM',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceEvents' && verb === 'get',
  handle(req: ParsedMessage, ctx: SimContext): Message {
    const q = req.request?.query;
    const query = q && q.name === 'GetEndDeviceEvents' ? readGetEndDeviceEvents(q) : { meters: [] as string[] };
    if (!query.meters.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', 'GetEndDeviceEvents names no meter');
    const unknown = query.meters.filter((m) => !ctx.store.meter(m));
    if (unknown.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.join(', ')}`);
    // the query's window and Request StartTime / EndTime combine (AND)
    const starts = [query.start, req.request?.startTime].flatMap((s) => (s && !Number.isNaN(Date.parse(s)) ? [Date.parse(s)] : []));
    const ends = [query.end, req.request?.endTime].flatMap((s) => (s && !Number.isNaN(Date.parse(s)) ? [Date.parse(s)] : []));
    const start = starts.length ? Math.max(...starts) : -Infinity;
    const end = ends.length ? Math.min(...ends) : Infinity;
    // mdm-events-not-kept: the MDM acknowledged the events but answers none of them
    const kept = ctx.has('mdm-events-not-kept') ? [] : ctx.store.events;
    const events = kept
      .filter((e) => query.meters.includes(e.meter))
      .filter((e) => {
        const t = Date.parse(e.createdDateTime);
        return t >= start && t <= end;
      })
      .flatMap((e) => answered(ctx, { mRID: e.mRID, createdDateTime: e.createdDateTime, meter: e.meter, usagePoint: ctx.store.meter(e.meter)?.usagePoint, eventType: e.eventType }));
    if (!events.length) return ctx.response(req, 'EndDeviceEvents', 'OK', []);
    return ctx.response(req, 'EndDeviceEvents', 'OK', [], { root: buildEndDeviceEvents(events) });
  },
};
