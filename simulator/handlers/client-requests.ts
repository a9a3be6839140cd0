/**
 * The reference SUT as a CLIENT (roles CIS and OMS): what its upper tester makes it send, and what the OMS answers
 * as a subscriber.
 * - cis-read-request {meter, readingType?}: the CIS sends get(MeterReadings) [GetMeterReadings] naming the meter and
 *   the ReadingType to the MDM (MR-03 step 1);
 * - oms-ping {meters}: the OMS pings the meters through the MDM: get(MeterReadings) naming exactly them (EDE-02 step 1;
 *   the UC-01 default noun);
 * - created(EndDeviceEvents) at <base>/oms: the OMS acknowledges a published outage / restoration event (EDE-03 step
 *   2): reply, Result OK, the event's CorrelationID.
 * The MDM is the address registered as MDMService (POST /_control/subscribers). The request is sent through
 * ctx.publish, so that GET /_control/idle counts it until the MDM answered. The faults of ../faults/client-requests.ts
 * break one aspect each.
 */
import { newMessageId, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { readEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import { getMeterReadingsMessage, withUndeclaredQueryElement } from '../../src/usecases/requests.ts';
import type { StimulusBody } from '../../src/usecases/stimuli.ts';
import type { Handler, SimContext } from '../context.ts';
import { clientNoun, requestedMeters } from '../faults/client-requests.ts';
import { metersAsGroup } from '../faults/reading-shapes.ts';
import { INTERVAL_RT } from '../store.ts';

/** the outcome of an upper-tester order: accepted, or an HTTP status and why not */
export type OrderOutcome = { ok: true } | { ok: false; status: number; error: string };

/** the request a client SUT sends for an upper-tester order */
export function clientRequest(ctx: SimContext, order: StimulusBody): Message {
  const role = order.role === 'OMS' ? 'OMS' : 'CIS';
  const meters = requestedMeters(ctx, role, order.meters ?? [order.meter]);
  let rts = order.readingType ? [order.readingType] : [];
  if (role === 'CIS' && ctx.has('cis-request-wrong-reading-type')) rts = [INTERVAL_RT];
  // its own MessageID and a CorrelationID of its own (the MDM's reply must carry it back)
  const header = { ...ctx.header('get', clientNoun(ctx, 'MeterReadings')), correlationId: newMessageId() };
  const built = getMeterReadingsMessage(header, meters, rts);
  // cis-query-names-group: the meter named as EndDeviceGroup (MR-10)
  const msg = role === 'CIS' && ctx.has('cis-query-names-group') ? metersAsGroup(built) : built;
  return role === 'CIS' && ctx.has('cis-request-schema-invalid') ? withUndeclaredQueryElement(msg) : msg;
}

/** carry out an upper-tester order (cis-read-request, oms-ping): send the request to the MDM */
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
