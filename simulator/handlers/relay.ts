/**
 * P6 relay (use-cases.md §0.3, MR-03 step 2–4): the reference MDM with an upstream head-end (SimulatorOptions.upstream)
 * answers a synchronous on-request get(MeterReadings) of the CIS by asking the head-end the same question
 * (get(MeterReadings) for the same meters and ReadingTypes, its own MessageID and CorrelationID) and relaying the
 * outcome: the head-end's Result and Errors, and its readings for those meters, unchanged. The faults of
 * ../faults/relay.ts break one aspect of that on the MDM's client side.
 */
import { newMessageId, readMessage, toSoap, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { postSoap } from '../../src/transport/http.ts';
import { readMeterReadings, type MeterReadingValue } from '../../src/payloads/meterReadings.ts';
import { getMeterReadingsMessage, withUndeclaredQueryElement } from '../../src/usecases/requests.ts';
import type { SimContext } from '../context.ts';
import { payloadOf, registerReading, shownMeter } from './readings.ts';
import { metersAsGroup } from '../faults/reading-shapes.ts';
import { forwardedMeters, forwardedReadingTypes, relayedOutcome, relayedValue } from '../faults/relay.ts';

export async function relayRead(req: ParsedMessage, ctx: SimContext, version: SoapVersion, meters: string[], readingTypes: string[]): Promise<Message> {
  const url = ctx.upstream.HES!;
  // the MDM's own request: its own MessageID and CorrelationID (ctx.header applies the header faults of every message)
  const own = { ...ctx.header('get', 'MeterReadings'), correlationId: newMessageId() };
  // fault relay-request-uncorrelated: neither MessageID nor CorrelationID
  const header = ctx.has('relay-request-uncorrelated') ? { ...own, messageId: undefined, correlationId: undefined } : own;
  const built = getMeterReadingsMessage(header, forwardedMeters(ctx, meters, readingTypes), forwardedReadingTypes(ctx, readingTypes));
  // fault relay-request-unknown-noun: the generic RequestMessage (valid against the schema whatever its Noun says) with Noun MeterReading
  const shaped = ctx.has('relay-query-names-group') ? metersAsGroup(built) : built;
  const named: Message = ctx.has('relay-request-unknown-noun') ? { ...shaped, form: 'generic', header: { ...header, noun: 'MeterReading' } } : shaped;
  const ask = ctx.has('relay-request-schema-invalid') ? withUndeclaredQueryElement(named) : named;
  const soap = toSoap({ ...ask, generation: ctx.generation }, version);
  // fault relay-request-malformed: the request ends before the closing tags of its Envelope
  const out = ctx.has('relay-request-malformed') ? { ...soap, xml: soap.xml.slice(0, soap.xml.lastIndexOf('</')) } : soap;
  const started = Date.now();
  const http = await postSoap(url, out.xml, { soapVersion: version, soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
  ctx.log(`sim MDM → head-end ${url} get(MeterReadings) ${http.ok ? http.status : http.kind} in ${Date.now() - started} ms`);
  const unavailable = (why: string) => relayed(ctx, req, ctx.failed(req, 'MeterReadings', '5.3', `the head-end did not answer the on-request read: ${why}`));
  if (!http.ok) return unavailable(http.message);
  const read = readMessage(http.body);
  if (!read.ok) return unavailable(read.problem.message);
  const m = read.wire.message;
  if (!m?.reply) return unavailable(read.wire.fault ? `SOAP fault: ${read.wire.fault.reason}` : 'no ResponseMessage with Reply');
  // the head-end's reply must be the answer to this request (its CorrelationID)
  if (m.header?.correlationId !== header.correlationId) return unavailable(`the reply carries CorrelationID ${m.header?.correlationId ?? '(none)'}, not ${header.correlationId}`);
  const got = m.payload?.root ? readMeterReadings(m.payload.root).meterReadings : [];
  const now = new Date();
  const readings: MeterReadingValue[] = got.map((mr) => ({
    meter: mr.meter?.mRID ? { mRID: shownMeter(ctx, mr.meter.mRID) } : mr.meter,
    usagePoint: mr.usagePoint,
    readings: (mr.readings ?? []).map((r) => {
      const base = registerReading(ctx, relayedValue(ctx, r.value ?? ''), r.timeStamp && Number.isFinite(Date.parse(r.timeStamp)) ? new Date(r.timeStamp) : now);
      // the head-end's ReadingType, unless a fault of the reading replaces it
      return { ...base, readingType: ctx.has('unresolved-reading-type') ? base.readingType : r.readingType };
    }),
  }));
  const given = m.reply.result === 'OK' || m.reply.result === 'PARTIAL' || m.reply.result === 'FAILED' ? m.reply.result : 'FAILED';
  const { result, errors } = relayedOutcome(ctx, readingTypes, given, m.reply.errors ?? []);
  return relayed(ctx, req, ctx.response(req, 'MeterReadings', result, errors, readings.length ? payloadOf(ctx, readings) : undefined));
}

/** the MDM's reply to the CIS (fault relay-without-correlation: without the CIS request's CorrelationID) */
function relayed(ctx: SimContext, _req: ParsedMessage, msg: Message): Message {
  if (!ctx.has('relay-without-correlation') || !msg.header) return msg;
  return { ...msg, header: { ...msg.header, correlationId: undefined } };
}
