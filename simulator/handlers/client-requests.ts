/**
 * The reference SUT as a CLIENT (roles CIS and OMS): what its upper tester makes it send, and what the OMS answers
 * as a subscriber.
 * - cis-read-request {meter, readingType?}: the CIS sends get(MeterReadings) [GetMeterReadings] naming the meter and
 *   the ReadingType to the MDM (MR-03 step 1);
 * - oms-ping {meters, noun?}: the OMS pings the meters through the MDM: get(MeterReadings) naming exactly them (EDE-02
 *   step 1; the UC-01 default noun), or with noun EndDeviceEvents get(EndDeviceEvents) naming them with a TimeSchedule
 *   of the last 15 minutes up to now (the other UC-01 ping);
 * - cis-history-request {meter, readingType, start, end}: the CIS asks the MDM for the historical data of the meter
 *   (MR-04): get(MeterReadings) naming the meter, the ReadingType and Reading/timePeriod [start, end);
 * - created(EndDeviceEvents) at <base>/oms: the OMS acknowledges a published outage / restoration event (EDE-03 step
 *   2): reply, Result OK, the event's CorrelationID.
 * The MDM is the address registered as MDMService (POST /_control/subscribers). The request is sent through
 * ctx.publish, so that GET /_control/idle counts it until the MDM answered. The faults of ../faults/client-requests.ts
 * break one aspect each.
 */
import { newMessageId, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { readEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import { getEndDeviceEventsMessage, getMeterReadingsMessage, withUndeclaredQueryElement } from '../../src/usecases/requests.ts';
import type { StimulusBody } from '../../src/usecases/stimuli.ts';
import type { Handler, SimContext } from '../context.ts';
import { clientNoun, requestedMeters } from '../faults/client-requests.ts';
import { metersAsGroup } from '../faults/reading-shapes.ts';
import { INTERVAL_RT, REGISTER_RT } from '../store.ts';

/** how far back an OMS's get(EndDeviceEvents) ping looks (its TimeSchedule ends now) */
const PING_LOOKBACK_MS = 15 * 60_000;

/** the outcome of an upper-tester order: accepted, or an HTTP status and why not */
export type OrderOutcome = { ok: true } | { ok: false; status: number; error: string };

/** the request a client SUT sends for an upper-tester order */
export function clientRequest(ctx: SimContext, order: StimulusBody): Message {
  const role = order.role === 'OMS' ? 'OMS' : 'CIS';
  const meters = requestedMeters(ctx, role, order.meters ?? [order.meter]);
  // its own MessageID and a CorrelationID of its own (the MDM's reply must carry it back)
  if (role === 'OMS' && order.noun === 'EndDeviceEvents') {
    const header = { ...ctx.header('get', clientNoun(ctx, 'EndDeviceEvents')), correlationId: newMessageId() };
    return getEndDeviceEventsMessage(header, meters, pingWindow(ctx, Date.now()));
  }
  let rts = order.readingType ? [order.readingType] : [];
  // cis-request-wrong-reading-type: the other ReadingType of the profile than the one ordered
  if (role === 'CIS' && ctx.has('cis-request-wrong-reading-type')) rts = [rts[0] === INTERVAL_RT ? REGISTER_RT : INTERVAL_RT];
  const header = { ...ctx.header('get', clientNoun(ctx, 'MeterReadings')), correlationId: newMessageId() };
  const period = order.event === 'cis-history-request' && order.start && order.end ? historyPeriod(ctx, order.start, order.end) : undefined;
  const built = getMeterReadingsMessage(header, meters, rts, period);
  // cis-query-names-group: the meter named as EndDeviceGroup (MR-10)
  const msg = role === 'CIS' && ctx.has('cis-query-names-group') ? metersAsGroup(built) : built;
  return role === 'CIS' && ctx.has('cis-request-schema-invalid') ? withUndeclaredQueryElement(msg) : msg;
}

/** the TimeSchedule of the OMS's get(EndDeviceEvents) ping: the last 15 minutes up to now (oms-ping-stale-window: a day earlier) */
function pingWindow(ctx: SimContext, now: number): { start: string; end: string } {
  const end = ctx.has('oms-ping-stale-window') ? now - 24 * 3600_000 : now;
  return { start: new Date(end - PING_LOOKBACK_MS).toISOString(), end: new Date(end).toISOString() };
}

/** the period the CIS asks for: the one ordered (cis-history-short-period: only its last hour) */
function historyPeriod(ctx: SimContext, start: string, end: string): { start: string; end: string } {
  if (!ctx.has('cis-history-short-period')) return { start, end };
  const e = Date.parse(end);
  return { start: new Date(Math.max(Date.parse(start), e - 3600_000)).toISOString(), end };
}

/** carry out an upper-tester order (cis-read-request, cis-history-request, oms-ping): send the request to the MDM */
export function clientOrder(ctx: SimContext, order: StimulusBody, version: SoapVersion): OrderOutcome {
  if (order.role !== 'CIS' && order.role !== 'OMS') return { ok: false, status: 400, error: `role ${order.role} takes no upper-tester order` };
  if (!ctx.roles.includes(order.role)) return { ok: false, status: 400, error: `the reference SUT does not play ${order.role} (its roles: ${ctx.roles.join(', ')})` };
  const url = ctx.upstream.MDM;
  if (!url) return { ok: false, status: 409, error: 'no MDM to send the request to: register MDMService at POST /_control/subscribers first' };
  const unknown = (order.meters ?? [order.meter]).filter((m) => !ctx.store.meter(m));
  if (unknown.length) return { ok: false, status: 404, error: `unknown meter ${unknown.join(', ')}` };
  ctx.publish(url, clientRequest(ctx, order), version);
  return { ok: true };
}

export const clientHandler: Handler = {
  name: 'created(EndDeviceEvents) at the OMS',
  matches: (role, noun, verb) => role === 'OMS' && noun === 'EndDeviceEvents' && verb === 'created',
  handle(req: ParsedMessage, ctx: SimContext): Message {
    const events = req.payload?.root ? readEndDeviceEvents(req.payload.root) : [];
    if (!events.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', 'no EndDeviceEvent in the message');
    const unknown = events.filter((e) => !e.meter || !ctx.store.meter(e.meter));
    if (unknown.length) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${unknown.map((e) => e.meter ?? '(none)').join(', ')}`);
    for (const e of events) ctx.log(`sim OMS ← event ${e.eventType} at ${e.meter}`);
    if (ctx.has('oms-ack-failed')) return ctx.failed(req, 'EndDeviceEvents', '5.3', 'the OMS could not process the event');
    const ack = ctx.response(req, 'EndDeviceEvents', 'OK', []);
    if (!ack.header) return ack;
    const correlationId = ctx.has('oms-ack-wrong-correlation') ? newMessageId() : ack.header.correlationId;
    return { ...ack, header: { ...ack.header, noun: clientNoun(ctx, 'EndDeviceEvents'), correlationId } };
  },
};
