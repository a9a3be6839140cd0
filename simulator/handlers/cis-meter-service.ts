/**
 * MSR-01 with the CIS as SUT (use-cases.md §5.1: "CIS → WM (or MS) : create(MeterServiceRequests) (MeterServiceWork kind
 * meter, Meter, OldMeter, UsagePoint, requestDateTime) ⇐ reply; on completion WM → CIS : created|changed(MeterServiceRequests)
 * ⇐ ack"). The reference CIS, told by its upper tester (cis-meter-service, meters [old, new]), asks the work management —
 * the head-end it knows (`ctx.upstream.HESService`) — to exchange the old meter for the new one at the old meter's usage
 * point; it acknowledges the completion the work management tells it (at its CIS endpoint) of a work it asked for, and
 * refuses (2.29) one of a work it never asked for. Faults (simulator/faults/meter-service.ts `METER_SERVICE_CIS_FAULTS`):
 * cis-msr-no-old-meter (the request names no OldMeter), cis-msr-completion-refused (the completion answered FAILED),
 * cis-msr-completion-reads-dropped (acknowledged, its reads not kept). Its upper tester reports the reads of the completion
 * (cis-report-readings): the installed meter's initial read, the removed meter's final read.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildMeterServiceRequests, readMeterServiceRequests, readServiceReadings } from '../../src/payloads/meterServiceRequests.ts';
import { holdRead } from './client-requests.ts';
import type { StimulusBody } from '../../src/usecases/stimuli.ts';
import type { Handler, SimContext } from '../context.ts';

const NOUN = 'MeterServiceRequests';

/** the works the CIS asked for, per simulator */
const asked = new WeakMap<SimContext['store'], Set<string>>();
const askedOf = (ctx: SimContext): Set<string> => {
  let s = asked.get(ctx.store);
  if (!s) asked.set(ctx.store, (s = new Set()));
  return s;
};

export type MeterServiceOrderOutcome = { ok: true } | { ok: false; status: 400 | 404 | 409; error: string };

/** the CIS's create(MeterServiceRequests) for an order [old, new]: one work of kind meter at the old meter's usage point */
export function cisMeterServiceRequest(ctx: SimContext, old: string, meter: string): Message {
  const usagePoint = ctx.store.meter(old)?.usagePoint ?? '';
  const work = newMessageId();
  askedOf(ctx).add(work);
  // client-wrong-noun: another Header/Noun (MeterReadings), as in every request of the CIS
  const header = { ...ctx.header('create', ctx.has('client-wrong-noun') ? 'MeterReadings' : NOUN), correlationId: newMessageId() };
  const root = buildMeterServiceRequests([
    { mRID: work, kind: 'meter', requestDateTime: nowTimestamp(), meter: { mRID: meter }, ...(ctx.has('cis-msr-no-old-meter') ? {} : { oldMeter: { mRID: old } }), usagePoint: { mRID: usagePoint } },
  ]);
  return { kind: 'request', header, payload: { root } };
}

/** the upper tester's order cis-meter-service: meters [old (one of the CIS's), new] */
export function cisMeterServiceOrder(ctx: SimContext, order: StimulusBody, version: SoapVersion): MeterServiceOrderOutcome {
  if (order.role !== 'CIS') return { ok: false, status: 400, error: 'cis-meter-service is an order to the CIS' };
  const url = ctx.upstream.HESService;
  if (!url) return { ok: false, status: 409, error: 'no work management to send the request to: register HESService at POST /_control/subscribers first' };
  const [old, meter] = order.meters ?? [order.meter];
  if (!old || !meter) return { ok: false, status: 400, error: 'cis-meter-service names the meter to remove and the meter to install: meters [old, new]' };
  if (!ctx.store.meter(old)) return { ok: false, status: 404, error: `unknown meter ${old}` };
  ctx.publish(url, cisMeterServiceRequest(ctx, old, meter), version, (body) => ctx.onClientAnswer?.({ role: 'CIS', request: `create(${NOUN})`, url, ...(body ? { body } : {}) }));
  return { ok: true };
}

function completion(req: ParsedMessage, ctx: SimContext): Message {
  const root = req.payload?.root;
  if (!root || root.name !== NOUN) return ctx.failed(req, NOUN, '1.7', 'no MeterServiceRequests payload');
  const works = readMeterServiceRequests(root);
  if (!works.length) return ctx.failed(req, NOUN, '1.7', 'MeterServiceRequests carries no MeterServiceWork');
  if (ctx.has('cis-msr-completion-refused')) return ctx.failed(req, NOUN, '2.29', 'the completion is not taken');
  const mine = askedOf(ctx);
  const other = works.find((w) => !w.work || !mine.has(w.work));
  if (other) return ctx.failed(req, NOUN, '2.29', `work ${other.work ?? '(no mRID)'} was never asked for by this CIS`, { id: { value: other.work ?? '', objectType: 'MeterServiceWork' } });
  // it keeps the reads of the meters the completion carries (cis-report-readings); cis-msr-completion-reads-dropped: none
  if (!ctx.has('cis-msr-completion-reads-dropped')) for (const r of readServiceReadings(root)) if (r.value !== undefined) holdRead(ctx, r.meter, r.value, r.timeStamp);
  return ctx.response(req, NOUN, 'OK', []);
}

export const cisMeterServiceCompletionHandler: Handler = {
  name: 'meter installation and removal: the completion created|changed(MeterServiceRequests) the work management tells the CIS',
  matches: (role, noun, verb) => role === 'CIS' && noun === NOUN && (verb === 'created' || verb === 'changed'),
  handle(req: ParsedMessage, ctx: SimContext): Message {
    return completion(req, ctx);
  },
};
