/**
 * The peer a unit test plays for the reference SUT: a listener that acknowledges every delivery with a
 * ResponseMessage built by the suite's builders (reply, OK, the delivery's CorrelationID or MessageID); and the
 * head-end behind a reference MDM, played by the suite's own responder (src/usecases/peer.ts), for the relay tests.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { closeAllClients, postSoap, startListener, type Listener } from '../src/transport/index.ts';
import { contentTypeFor, newMessageId, nowTimestamp, readMessage, toSoap, type Header, type Message, type ParsedMessage, type SoapVersion } from '../src/message/index.ts';
import { defaultPackDir, loadSchemaPack, type SchemaPack } from '../src/schema/index.ts';
import { answerAsHeadEnd, type PeerAnswer, type PeerSettings } from '../src/usecases/peer.ts';
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
 * The reference head-end (2013 pack) in front of an acknowledging MDM listener, for the tests of a family's simulator
 * side: registers its before / after hooks in the calling scope (the file, or the describe it is called in), starts a
 * simulator per `sim()` whose MDM subscriber is a fresh path of the listener, and closes them all after.
 */
export function headEndBench(o: { source: string; prefix?: string; noun?: string }) {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  let listener: Listener | undefined;
  let seq = 0;
  const sims: Simulator[] = [];
  before(async () => {
    listener = await acknowledgingListener({ maxBytes: 1024 * 1024, noun: o.noun ?? 'EndDeviceEvents', source: o.source });
  });
  after(async () => {
    await Promise.all(sims.map((s) => s.close()));
    await listener?.close();
    await closeAllClients(100);
    pack.dispose?.();
  });
  const bench = {
    pack,
    get listener(): Listener {
      assert.ok(listener, 'the bench listener is started in before()');
      return listener;
    },
    header: (verb: string, noun: string, extra: Partial<Header> = {}): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId(), ...extra }),
    /** a reference head-end with `faults`, publishing to a path of its own on the listener */
    async sim(faults: string[] = []): Promise<{ s: Simulator; path: string }> {
      const path = `${o.prefix ?? 'mdm'}-${++seq}`;
      const s = await startSimulator({ schemaPack: pack, faults, subscribers: { MDM: bench.listener.urlFor(path) }, asyncDelayMs: 5 });
      sims.push(s);
      return { s, path };
    },
    /** post `m` to the head-end of `s` over SOAP 1.1; the reply, which must be readable */
    async post(s: Simulator, m: Message): Promise<ParsedMessage | undefined> {
      const out = toSoap(m, '1.1');
      const r = await postSoap(s.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
      assert.ok(r.ok);
      const read = readMessage(r.body);
      assert.ok(read.ok);
      return read.wire.message;
    },
  };
  return bench;
}

/**
 * The head-end the suite plays behind an MDM (P6 relay) on a listener of its own: every request is answered by
 * answerAsHeadEnd with the register ReadingType `readingType` for `meters` (those in `unreachable` with 4.1), and the
 * interval ReadingType `intervalReadingType` paged by `pageIntervals` (the later pages POSTed to the request's
 * ReplyAddress one after another, as src/session/run.ts does); the answers are kept by the request's sequence number,
 * the MDM's answers to the later pages in `pageAnswers`.
 */
export async function suiteHeadEnd(o: {
  pack: SchemaPack;
  meters: readonly { mRID: string; usagePoint?: string }[];
  readingType: string;
  unreachable?: readonly string[];
  intervalReadingType?: string;
  pageIntervals?: number;
}): Promise<{ listener: Listener; answers: Map<number, PeerAnswer>; pageAnswers: { status: number; body: string }[] }> {
  const answers = new Map<number, PeerAnswer>();
  const pageAnswers: { status: number; body: string }[] = [];
  const listener = await startListener({
    maxBytes: 1 << 20,
    inspect: (body) => {
      const r = readMessage(body);
      return r.ok ? { correlationId: r.wire.message?.header?.correlationId } : { problem: r.problem.message };
    },
    respond: (m) => {
      const version: SoapVersion = m.contentType?.includes('soap+xml') ? '1.2' : '1.1';
      const a = answerAsHeadEnd(
        m.body,
        version,
        peerSettings(o.pack, {
          meters: o.meters,
          readingTypes: [o.readingType],
          ...(o.unreachable ? { unreachable: o.unreachable } : {}),
          ...(o.intervalReadingType ? { intervalReadingTypes: [o.intervalReadingType] } : {}),
          ...(o.pageIntervals !== undefined ? { pageIntervals: o.pageIntervals } : {}),
        }),
      );
      answers.set(m.seq, a);
      const later = a.later;
      if (later?.pages.length) {
        setImmediate(async () => {
          for (const page of later.pages) {
            const r = await postSoap(later.url, page, { soapVersion: version, timeoutMs: 5000, maxBytes: 1 << 20 });
            pageAnswers.push({ status: r.ok ? r.status : 0, body: r.ok ? r.body.toString('utf8') : '' });
          }
        });
      }
      return { status: a.status, contentType: contentTypeFor(version), body: a.xml };
    },
  });
  return { listener, answers, pageAnswers };
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

/** a request header of a unit test (fresh MessageID and CorrelationID) */
export const testHeader = (verb: string, noun: string): Header => ({ verb, noun, timestamp: nowTimestamp(), source: 'test', messageId: newMessageId(), correlationId: newMessageId() });

/** the message of a SOAP text, asserting it reads */
export function parsedOf(xml: string): ParsedMessage {
  const r = readMessage(xml);
  assert.ok(r.ok && r.wire.message);
  return r.wire.message;
}

/** the settings of a peer the suite plays (2013, 1 MiB), judging the requests it takes against `pack` */
export function peerSettings(pack: SchemaPack, o: Omit<PeerSettings, 'generation' | 'maxBytes' | 'schemaErrors'>): PeerSettings {
  return { generation: '2013', maxBytes: 1 << 20, schemaErrors: (b) => pack.validate(b, { label: 'request' }).filter((f) => f.severity === 'error').map((f) => f.message), ...o };
}
