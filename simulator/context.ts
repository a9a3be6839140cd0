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
  timingTimestamp,
} from '../src/message/index.ts';
import { wrapperElement, type BuildGeneration } from '../src/message/names.ts';
import { postSoap } from '../src/transport/http.ts';
import type { SchemaPack } from '../src/schema/index.ts';
import type { Store } from './store.ts';
import { replyVerb } from './faults/reply-header.ts';
import { Activity } from './activity.ts';

/** the set of the fault ids asked for during the scenario in progress (set by steps/support/hooks.ts) */
const FAULT_REACH = Symbol.for('cim9.faultReach');

/** the forms in which the reference MDM tells its CIS a switch its head-end could not carry out (profile simulator.mdmFailureForm) */
export const MDM_FAILURE_FORMS = ['event', 'canceled', 'failed-reply'] as const;
export type MdmFailureForm = (typeof MDM_FAILURE_FORMS)[number];

/** the roles the reference SUT plays: the servers (MDM, head-end) and the clients (CIS, OMS, driven by the upper tester) */
export type SimRole = 'MDM' | 'HES' | 'CIS' | 'OMS';

/** where the reference SUT publishes, per kind of subscriber */
export interface Subscribers {
  /** the OMS's ReceiveEndDeviceEvents (outage and restoration events) */
  OMS?: string;
  /** the subscriber of master-data publications (UC-29): the MS of the MDM, the MDM of the head-end */
  masterData?: string;
  /** the MDM of the head-end: the outcome of a connect / disconnect and the final / initial read (EDC-06) */
  MDM?: string;
  /** the CIS of the MDM: the tamper events the MDM forwards (MSR-03) */
  CIS?: string;
  /** the maintenance consumer (MM / WM) of the MDM: the health events the MDM forwards (EDE-06) */
  MM?: string;
  /** the old supplier of a customer switch: the MDM delivers the switching read to it too (CS-01, CIM9-220) */
  oldSupplier?: string;
}

/** the peers the reference SUT asks on its client side: the head-end of the MDM (P6 relay of an on-request read) */
export interface Upstream {
  /** the head-end's GetMeterReadings endpoint: the MDM relays a synchronous get(MeterReadings) without time window there */
  HES?: string;
  /** the MDM a CIS or an OMS sends its requests to (MDMService of POST /_control/subscribers) */
  MDM?: string;
  /** the head-end a CIS asks directly for a connect / disconnect (EDC-07; HESService of POST /_control/subscribers) */
  HESService?: string;
}

/** the answer a client role of the reference SUT got: the request it sent (verb, noun, to where) and the answer's bytes (none: no answer) */
export type ClientAnswerObserver = (a: { role: 'CIS' | 'OMS'; request: string; url: string; body?: Buffer }) => void;

/**
 * A request a client (the system under test) sent to one of the reference SUT's role endpoints, with the answer it got:
 * `cim9 simulate` checks it and reports the findings (the simulator as a verdict on the client's traffic)
 */
export interface ReceivedRequest {
  /** the endpoint's role (the reference SUT's, e.g. MDM for a CIS's get(MeterReadings)) */
  role: SimRole;
  body: Buffer;
  /** the HTTP Content-Type and SOAPAction the request came with, as sent */
  contentType?: string;
  soapAction?: string;
  /** the client's address (as the socket saw it) */
  from?: string;
  receivedAt: Date;
  /** the answer: its HTTP status and its text */
  status: number;
  answer: string;
}
export type RequestObserver = (r: ReceivedRequest) => void;

export const SOURCE = 'cim9-reference-sut';

export interface SimContext {
  store: Store;
  pack: SchemaPack;
  roles: readonly SimRole[];
  faults: readonly string[];
  /** is this fault switched on? */
  has(faultId: string): boolean;
  /** where published events go, per subscribing role */
  subscribers: Subscribers;
  /** the peers the SUT asks (P6 relay); empty: it answers from its own store */
  upstream: Upstream;
  /** the SUT's own address (its base URL, set once it listens): the ReplyAddress the MDM gives its head-end for later pages */
  self: { url?: string };
  /** told of every answer the CIS or the OMS got (`cim9 simulate` checks it); absent: nobody is */
  onClientAnswer?: ClientAnswerObserver;
  soapVersion: SoapVersion;
  /**
   * the message generation the SUT speaks (envelope.md §1.1): its replies and publications are built in it. The
   * simulator's edition picks it (draft-2011 for `--edition draft-2011`, ed.1 otherwise); the faults speaks-draft-2011
   * and speaks-2013 make it speak the other generation than the profile's
   */
  generation: BuildGeneration;
  asyncDelayMs: number;
  /** what the SUT still has to send: GET /_control/idle (./activity.ts) */
  activity: Activity;
  /** the requester's deadline for asynchronous results (the profile's timeouts.asyncResultSeconds, ENV-16) */
  asyncDeadlineMs: number;
  /**
   * the time factor of the scenarios' timing (CIM9-203, the profile's; 1 when started on its own): below 1 the SUT
   * shortens its own waits of scenario timing by it (the read it awaits after a switch), accepts a schedule period
   * and a randomisation window of that many seconds, and dates its load-control events to the millisecond
   */
  timeFactor: number;
  /** a timestamp of the SUT's clock for scenario timing: to the second, to the millisecond under a time factor below 1 */
  timingStamp(d?: Date): string;
  /**
   * how the MDM tells its CIS that a connect / disconnect it passed on failed at its head-end (EDC-06.13, CIM9-308;
   * the profile's simulator.mdmFailureForm): the failure event (default), canceled(EndDeviceControls) or a FAILED reply
   */
  mdmFailureForm: MdmFailureForm;
  log(line: string): void;
  /** a header the SUT sends: fresh MessageID and Timestamp; CorrelationID unless a fault removes it */
  header(verb: string, noun: string, correlationId?: string): Header;
  /** the synchronous response to a request */
  response(req: ParsedMessage | undefined, noun: string, result: 'OK' | 'PARTIAL' | 'FAILED', errors: ErrorItem[], payload?: Message['payload']): Message;
  /** a FAILED response with one error */
  failed(req: ParsedMessage | undefined, noun: string, code: string, reason: string, extra?: Partial<ErrorItem>): Message;
  /**
   * send a message to a peer (a publication, or an asynchronous result at a ReplyAddress). Every message the SUT
   * sends on its own goes through publish or publishLater: they count it as pending (./activity.ts) until the peer
   * answered it, which is what GET /_control/idle reports. A fault that repeats a message after a delay uses
   * publishLater (or holds `activity.schedule()` until it publishes), never a bare timer.
   */
  publish(url: string, msg: Message, version: SoapVersion, onAnswer?: (body: Buffer | undefined) => void): void;
  /** send later (asynchronous results): after asyncDelayMs, or after the requester's deadline under late-async-reply */
  publishLater(url: string, msg: Message, version: SoapVersion): void;
  /**
   * run `fn` after `ms` (a timer of the SUT, e.g. a scheduled read): pending in `activity` until it ran or was
   * canceled, and cleared when the simulator closes. Returns its cancel (a no-op once it ran).
   */
  later(ms: number, fn: () => void): () => void;
}

/** a handler answers the messages of one use case for the roles it plays */
export interface Handler {
  name: string;
  matches(role: SimRole, noun: string, verb: string): boolean;
  /** a Promise when the answer needs another system first (the MDM relaying to its head-end) */
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message>;
}

/**
 * injection-in-correlation-id: what a hostile SUT appends to the CorrelationID it echoes, to write into the reports:
 * a line break, a code fence, a fake heading, a fake table row, raw HTML and Markdown link (all legal in an XML
 * string; the XML serializer escapes < and &)
 */
export const INJECTION = '\n```\n# ALL SCENARIOS PASSED\n| passed | UC-0 | injected row | — |\n<script>alert("cim9")</script><img src=x onerror=alert(1)> [click](javascript:alert(1)) ]]> --> &amp;';

export function createContext(o: {
  store: Store;
  pack: SchemaPack;
  roles: readonly SimRole[];
  faults: readonly string[];
  subscribers: Subscribers;
  upstream?: Upstream;
  /** told of every answer the CIS or the OMS got to a request it sent (`cim9 simulate` checks it) */
  onClientAnswer?: ClientAnswerObserver;
  soapVersion: SoapVersion;
  generation?: BuildGeneration;
  asyncDelayMs: number;
  asyncDeadlineMs: number;
  /** CIM9-203 (default 1) */
  timeFactor?: number;
  /** default event */
  mdmFailureForm?: MdmFailureForm;
  log: (l: string) => void;
  pending: Set<Promise<unknown>>;
  timers: Set<NodeJS.Timeout>;
  /** what the SUT still has to send (GET /_control/idle); a context of its own when left out */
  activity?: Activity;
}): SimContext {
  const activity = o.activity ?? new Activity();
  // every fault is asked for here: the scenario in progress records which it asked for (steps/support/hooks.ts, the
  // proof of the scopes of cim9 mutants), whether or not it is switched on
  const has = (id: string) => {
    (globalThis as Record<symbol, Set<string> | undefined>)[FAULT_REACH]?.add(id);
    return o.faults.includes(id);
  };
  /** CorrelationIDs of the requests the SUT received, in order (for correlation-id-of-other-request) */
  const correlations: string[] = [];
  /** the MessageID of the SUT's first message (for message-id-reused) */
  let firstMessageId: string | undefined;
  const correlate = (id: string | undefined): string | undefined => {
    if (id === undefined || has('reply-without-correlation-id')) return undefined;
    if (has('injection-in-correlation-id')) return `${id}${INJECTION}`;
    if (!has('correlation-id-of-other-request')) return id;
    const other = [...correlations].reverse().find((c) => c !== id);
    if (!correlations.includes(id)) correlations.push(id);
    return other ?? newMessageId();
  };
  const messageId = (): string => {
    const id = newMessageId();
    if (!has('message-id-reused')) return id;
    firstMessageId ??= id;
    return firstMessageId;
  };
  /** the Error list a reply carries, after the faults on Result and codes */
  const replyErrors = (result: 'OK' | 'PARTIAL' | 'FAILED', errors: ErrorItem[]): ErrorItem[] => {
    // wrong-reply-code: the codes of a FAILED reply (not the per-item codes of a PARTIAL one)
    let out = errors.map((e) => ({ ...e, code: has('wrong-reply-code') && result === 'FAILED' ? '5.3' : e.code }));
    if (result === 'FAILED' && has('failed-without-error')) out = [];
    if (result === 'OK' && has('ok-with-error-codes')) out = [...out, { code: '5.3', level: 'FATAL', reason: 'transaction attempted and failed' }];
    return out;
  };
  const ctx: SimContext = {
    store: o.store,
    pack: o.pack,
    roles: o.roles,
    faults: o.faults,
    has,
    subscribers: o.subscribers,
    upstream: o.upstream ?? {},
    self: {},
    ...(o.onClientAnswer ? { onClientAnswer: o.onClientAnswer } : {}),
    soapVersion: o.soapVersion,
    // speaks-draft-2011 / speaks-2013: the SUT answers in the other generation than the one it is tested for
    generation: has('speaks-draft-2011') ? 'draft-2011' : has('speaks-2013') ? '2013' : (o.generation ?? '2013'),
    asyncDelayMs: o.asyncDelayMs,
    activity,
    asyncDeadlineMs: o.asyncDeadlineMs,
    timeFactor: o.timeFactor ?? 1,
    timingStamp: (d = new Date()) => timingTimestamp(d, o.timeFactor ?? 1),
    mdmFailureForm: o.mdmFailureForm ?? 'event',
    log: o.log,
    header(verb, noun, correlationId) {
      return {
        verb,
        noun,
        timestamp: has('missing-timestamp') ? undefined : nowTimestamp(),
        source: SOURCE,
        messageId: messageId(),
        correlationId: correlate(correlationId),
      };
    },
    response(req, noun, result0, errors0, payload) {
      // ok-to-everything: nothing is ever refused (Result OK, no Error)
      const okAnyway = has('ok-to-everything') && result0 !== 'OK';
      // failed-to-everything: everything is refused with Result FAILED and the generic 5.3 (transaction attempted and failed)
      const failAnyway = has('failed-to-everything');
      const result = okAnyway ? 'OK' : failAnyway ? 'FAILED' : result0;
      const errors: ErrorItem[] = okAnyway ? [] : failAnyway ? [{ code: '5.3', level: 'FATAL', reason: 'transaction attempted and failed' }] : errors0;
      const reqVerb = req?.header?.verb ?? req?.wrapperVerb ?? '';
      const verb = replyVerb(reqVerb, has);
      const query = req?.queryWrapper ?? false;
      const header = ctx.header(verb, noun, req?.header?.correlationId ?? req?.header?.messageId);
      // wrong-noun: Header/Noun names another noun; the wrapper element stays that of the right noun
      const wrongNoun = has('wrong-noun') ? { header: { ...header, noun: noun === 'MeterReadings' ? 'EndDeviceEvents' : 'MeterReadings' }, element: wrapperElement('response', verb, noun, query, ctx.generation) } : {};
      return {
        kind: 'response',
        query,
        header,
        reply: { result, errors: replyErrors(result, errors) },
        // ok-without-payload: a reply that says OK carries nothing of what it was asked for
        payload: has('ok-without-payload') && result === 'OK' ? undefined : payload,
        ...wrongNoun,
      };
    },
    failed(req, noun, code, reason, extra = {}) {
      return ctx.response(req, noun, 'FAILED', [{ code, level: 'FATAL', reason, ...extra }]);
    },
    publish(url, msg, version, onAnswer) {
      // events-without-payload: what the SUT publishes or sends as an asynchronous result carries no Payload
      if (has('events-without-payload') && msg.kind !== 'request') msg = { ...msg, payload: undefined };
      const out = toSoap({ ...msg, generation: msg.generation ?? ctx.generation }, version);
      const sent = activity.sending();
      const p = postSoap(url, out.xml, { soapVersion: version, soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1024 * 1024 })
        .then((r) => {
          o.log(`sim → ${url} ${msg.header?.verb}(${msg.header?.noun}) ${r.ok ? r.status : r.kind}`);
          // a requester (the CIS, the OMS) reads the answer before it is idle again
          onAnswer?.(r.ok ? r.body : undefined);
        })
        .catch((e) => o.log(`sim publish failed: ${String(e)}`))
        .finally(() => {
          o.pending.delete(p);
          sent();
        });
      o.pending.add(p);
    },
    publishLater(url, msg, version) {
      const delay = has('late-async-reply') ? o.asyncDeadlineMs + 2000 : o.asyncDelayMs;
      // pending from now: the SUT is not idle while a result is due (released once the sends below are in flight)
      const due = activity.schedule(delay);
      const t = setTimeout(() => {
        o.timers.delete(t);
        try {
          ctx.publish(url, msg, version);
          // repeated-async-result: the same result (same header) twice more
          if (has('repeated-async-result')) for (let i = 0; i < 2; i++) ctx.publish(url, msg, version);
        } finally {
          due();
        }
      }, delay);
      o.timers.add(t);
    },
    later(ms, fn) {
      const delay = Math.max(0, Math.min(ms, 2_147_483_647));
      const due = activity.schedule(delay);
      const t = setTimeout(() => {
        o.timers.delete(t);
        try {
          fn();
        } finally {
          due();
        }
      }, delay);
      o.timers.add(t);
      return () => {
        clearTimeout(t);
        o.timers.delete(t);
        due();
      };
    },
  };
  return ctx;
}
