/**
 * The reference MDM asks its head-end (SimulatorOptions.upstream) one request and reads the head-end's Reply: the one
 * way the MDM's handlers that pass a request on (controls, their cancels, read schedules) send it and tell an answer
 * from "the head-end did not take it" (no HTTP answer, not a message, no Reply, another CorrelationID).
 */
import { readMessage, toSoap, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { postSoap } from '../../src/transport/http.ts';
import type { SimContext } from '../context.ts';

export type UpstreamAnswer =
  | { ok: true; message: ParsedMessage; result: 'OK' | 'PARTIAL' | 'FAILED'; errors: NonNullable<NonNullable<ParsedMessage['reply']>['errors']> }
  | { ok: false; why: string };

/** send `ask` (its header carries the MDM's own CorrelationID) to `url`; `what` names it in the simulator's log */
export async function askUpstream(ctx: SimContext, url: string, ask: Message, version: SoapVersion, what: string): Promise<UpstreamAnswer> {
  const soap = toSoap({ ...ask, generation: ctx.generation }, version);
  const started = Date.now();
  const http = await postSoap(url, soap.xml, { soapVersion: version, soapAction: soap.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
  ctx.log(`sim MDM → head-end ${url} ${what} ${http.ok ? http.status : http.kind} in ${Date.now() - started} ms`);
  if (!http.ok) return { ok: false, why: http.message };
  const read = readMessage(http.body);
  if (!read.ok) return { ok: false, why: read.problem.message };
  const m = read.wire.message;
  if (!m?.reply) return { ok: false, why: read.wire.fault ? `SOAP fault: ${read.wire.fault.reason}` : 'no ResponseMessage with Reply' };
  const correlationId = ask.header?.correlationId;
  if (m.header?.correlationId !== correlationId) return { ok: false, why: `the reply carries CorrelationID ${m.header?.correlationId ?? '(none)'}, not ${correlationId}` };
  const result = m.reply.result === 'OK' || m.reply.result === 'PARTIAL' ? m.reply.result : 'FAILED';
  return { ok: true, message: m, result, errors: m.reply.errors ?? [] };
}
