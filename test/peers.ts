/**
 * The peer a unit test plays for the reference SUT: a listener that acknowledges every delivery with a
 * ResponseMessage built by the suite's builders (reply, OK, the delivery's CorrelationID or MessageID).
 */
import { startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type SoapVersion } from '../src/message/index.ts';

export function acknowledgingListener(o: { maxBytes: number; noun: string; source: string }): Promise<Listener> {
  return startListener({
    maxBytes: o.maxBytes,
    inspect: (body) => {
      const r = readMessage(body);
      if (!r.ok) return { problem: r.problem.message };
      const h = r.wire.message?.header;
      return { correlationId: h?.correlationId, messageId: h?.messageId, verb: h?.verb, noun: h?.noun };
    },
    respond: (m) => {
      const version: SoapVersion = m.contentType?.includes('soap+xml') ? '1.2' : '1.1';
      const r = readMessage(m.body);
      const h = r.ok ? r.wire.message?.header : undefined;
      const out = toSoap({ kind: 'response', header: { verb: 'reply', noun: h?.noun || o.noun, timestamp: nowTimestamp(), source: o.source, messageId: newMessageId(), correlationId: h?.correlationId ?? h?.messageId }, reply: { result: 'OK' } }, version);
      return { status: 200, contentType: contentTypeFor(version), body: out.xml };
    },
  });
}
