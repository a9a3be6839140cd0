/**
 * The peer a unit test plays for the reference SUT: a listener that acknowledges every delivery with a
 * ResponseMessage built by the suite's builders (reply, OK, the delivery's CorrelationID or MessageID); and the
 * head-end behind a reference MDM, played by the suite's own responder (src/usecases/peer.ts), for the relay tests.
 */
import { startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type SoapVersion } from '../src/message/index.ts';
import type { SchemaPack } from '../src/schema/index.ts';
import { answerAsHeadEnd, type PeerAnswer } from '../src/usecases/peer.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';

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

/**
 * The head-end the suite plays behind an MDM (P6 relay) on a listener of its own: every request is answered by
 * answerAsHeadEnd with the register ReadingType `readingType` for `meters` (those in `unreachable` with 4.1); the
 * answers are kept by the request's sequence number.
 */
export async function suiteHeadEnd(o: {
  pack: SchemaPack;
  meters: readonly { mRID: string; usagePoint?: string }[];
  readingType: string;
  unreachable?: readonly string[];
}): Promise<{ listener: Listener; answers: Map<number, PeerAnswer> }> {
  const answers = new Map<number, PeerAnswer>();
  const listener = await startListener({
    maxBytes: 1 << 20,
    inspect: (body) => {
      const r = readMessage(body);
      return r.ok ? { correlationId: r.wire.message?.header?.correlationId } : { problem: r.problem.message };
    },
    respond: (m) => {
      const version: SoapVersion = m.contentType?.includes('soap+xml') ? '1.2' : '1.1';
      const a = answerAsHeadEnd(m.body, version, {
        generation: '2013',
        meters: o.meters,
        readingTypes: [o.readingType],
        maxBytes: 1 << 20,
        schemaErrors: (b) => o.pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message),
        ...(o.unreachable ? { unreachable: o.unreachable } : {}),
      });
      answers.set(m.seq, a);
      return { status: a.status, contentType: contentTypeFor(version), body: a.xml };
    },
  });
  return { listener, answers };
}

/** runs `f` against a reference MDM (with `roles`) whose head-end is `hes`, with `faults` on; closes it afterwards */
export async function withRelayingMdm<T>(
  o: { hes: Listener; pack: SchemaPack; meters: readonly { mRID: string; usagePoint: string }[]; roles: ('MDM' | 'HES')[] },
  faults: string[],
  f: (sim: Simulator) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator({ roles: o.roles, faults, meters: [...o.meters], schemaPack: o.pack, upstream: { HES: o.hes.urlFor('hes') } });
  try {
    return await f(sim);
  } finally {
    await sim.close();
  }
}
