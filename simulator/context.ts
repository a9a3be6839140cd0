/**
 * What every handler of the reference SUT shares: the store, the active faults, the subscribers, and
 * the helpers that build replies, failures and publications (with the fault hooks that concern them).
 */
import {
  newMessageId,
  nowTimestamp,
  toSoap,
  type ErrorItem,
  type Header,
  type Message,
  type ParsedMessage,
  type SoapVersion,
} from '../src/message/index.ts';
import { postSoap } from '../src/transport/http.ts';
import type { SchemaPack } from '../src/schema/index.ts';
import type { Store } from './store.ts';

export type SimRole = 'MDM' | 'HES';

export const SOURCE = 'cim9-reference-sut';

export interface SimContext {
  store: Store;
  pack: SchemaPack;
  roles: readonly SimRole[];
  faults: readonly string[];
  /** is this fault switched on? */
  has(faultId: string): boolean;
  /** where published events go, per subscribing role */
  subscribers: { OMS?: string };
  soapVersion: SoapVersion;
  asyncDelayMs: number;
  log(line: string): void;
  /** a header the SUT sends: fresh MessageID and Timestamp; CorrelationID unless a fault removes it */
  header(verb: string, noun: string, correlationId?: string): Header;
  /** the synchronous response to a request */
  response(req: ParsedMessage | undefined, noun: string, result: 'OK' | 'PARTIAL' | 'FAILED', errors: ErrorItem[], payload?: Message['payload']): Message;
  /** a FAILED response with one error */
  failed(req: ParsedMessage | undefined, noun: string, code: string, reason: string, extra?: Partial<ErrorItem>): Message;
  /** send a message to a peer (a publication, or an asynchronous result at a ReplyAddress) */
  publish(url: string, msg: Message, version: SoapVersion): void;
  /** send later (asynchronous results) */
  publishLater(url: string, msg: Message, version: SoapVersion): void;
}

/** a handler answers the messages of one use case for the roles it plays */
export interface Handler {
  name: string;
  matches(role: SimRole, noun: string, verb: string): boolean;
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message;
}

export function createContext(o: {
  store: Store;
  pack: SchemaPack;
  roles: readonly SimRole[];
  faults: readonly string[];
  subscribers: { OMS?: string };
  soapVersion: SoapVersion;
  asyncDelayMs: number;
  log: (l: string) => void;
  pending: Set<Promise<unknown>>;
  timers: Set<NodeJS.Timeout>;
}): SimContext {
  const has = (id: string) => o.faults.includes(id);
  const ctx: SimContext = {
    store: o.store,
    pack: o.pack,
    roles: o.roles,
    faults: o.faults,
    has,
    subscribers: o.subscribers,
    soapVersion: o.soapVersion,
    asyncDelayMs: o.asyncDelayMs,
    log: o.log,
    header(verb, noun, correlationId) {
      return {
        verb,
        noun,
        timestamp: nowTimestamp(),
        source: SOURCE,
        messageId: newMessageId(),
        correlationId: has('reply-without-correlation-id') ? undefined : correlationId,
      };
    },
    response(req, noun, result, errors, payload) {
      const reqVerb = req?.header?.verb ?? req?.wrapperVerb ?? '';
      const verb = has('verb-not-reply') ? reqVerb || 'created' : 'reply';
      return {
        kind: 'response',
        query: req?.queryWrapper ?? false,
        header: ctx.header(verb, noun, req?.header?.correlationId ?? req?.header?.messageId),
        reply: { result, errors: errors.map((e) => ({ ...e, code: has('wrong-reply-code') && e.code !== '0.3' ? '5.3' : e.code })) },
        payload,
      };
    },
    failed(req, noun, code, reason, extra = {}) {
      return ctx.response(req, noun, 'FAILED', [{ code, level: 'FATAL', reason, ...extra }]);
    },
    publish(url, msg, version) {
      const out = toSoap(msg, version);
      const p = postSoap(url, out.xml, { soapVersion: version, soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1024 * 1024 })
        .then((r) => o.log(`sim → ${url} ${msg.header?.verb}(${msg.header?.noun}) ${r.ok ? r.status : r.kind}`))
        .catch((e) => o.log(`sim publish failed: ${String(e)}`))
        .finally(() => o.pending.delete(p));
      o.pending.add(p);
    },
    publishLater(url, msg, version) {
      const t = setTimeout(() => {
        o.timers.delete(t);
        ctx.publish(url, msg, version);
      }, o.asyncDelayMs);
      o.timers.add(t);
    },
  };
  return ctx;
}
