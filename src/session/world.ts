/**
 * The Cucumber World: one per scenario. It plays the peers of the SUT (sends requests, receives
 * replies, events and asynchronous results), records every message exchanged and attaches it to the
 * scenario, and turns findings into verdicts. Steps stay thin: they call these methods.
 */
import { annexBFor } from '../profile/pics-capabilities.ts';
import { World, type IWorldOptions } from './cucumber.ts';
import { boundFinding, formatFinding, hasErrors, type Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import type { CheckContext } from '../checks/envelope.ts';
import { checkReceived, schemaAssumptions } from '../checks/message.ts';
import { checkGeneration, generationOfWire } from '../checks/generation.ts';
import { checkSoapContentType, postSoap, waitUntilIdle, waitUntilQuiet, type ReceivedMessage } from '../transport/index.ts';
import { generationOfEdition, newMessageId, nowTimestamp, readMessage, serviceName, toSoap, type BuildGeneration, type Header, type Message, type WireMessage } from '../message/index.ts';
import type { XElement } from '../xml/index.ts';
import { PEER_PATHS, PEER_REFUSALS, runContext, type Role, type RunContext } from './run.ts';
import { ConformanceFailure, SuiteError } from './verdict.ts';
import { plainText } from '../report/escape.ts';
import { ATTACH_WHOLE_BYTES, attachableBody, storeBody, type StoredBody } from '../report/bodies.ts';
import { recordMessage } from '../report/exchanges.ts';

export interface Exchange {
  label: string;
  /** what the suite sent (absent for messages the SUT sent on its own) */
  sent?: {
    header?: Header;
    xml: string;
    url: string;
    soapAction?: string;
    at: Date;
    /**
     * the request's own schema errors against the profile's pack, checked when the SUT refused it (Result FAILED or
     * a SOAP fault): a refusal of a request the suite got wrong is the suite's error, never a finding (`ownRequestInvalid`)
     */
    invalid?: string[];
  };
  /** the raw reply or delivery */
  received?: { body: Buffer; contentType?: string; status?: number; at: Date };
  /** the parsed reply or delivery, when it could be read */
  wire?: WireMessage;
  /** layer-1 findings (transport, XML, XSD) of what was received */
  findings: Finding[];
}

/**
 * the refusal a peer the suite plays gave the SUT's request of delivery `seq` (src/usecases/peer.ts PeerAnswer.refused),
 * as a finding against the SUT: it sent a request that peer cannot take
 */
export function peerRefusal(seq: number, label: string): Finding[] {
  const r = PEER_REFUSALS.get(seq);
  if (!r) return [];
  const how = r.code === 'SOAP-fault' ? 'a SOAP Client fault' : `Result FAILED with Error ${r.code}`;
  return [{ rule: 'ENV-PEER-REFUSED', clause: rule('ENV-PEER-REFUSED').clause, severity: 'error', message: `${label}: the suite's peer refused the request with ${how}: ${r.reason}`, file: label, expected: "the suite's peer accepts the request", actual: `${how}: ${r.reason}` }];
}

export class Cim9World extends World {
  run!: RunContext;
  readonly exchanges: Exchange[] = [];
  /** every finding of the scenario, for the report */
  readonly findings: Finding[] = [];
  /** scenario state the steps share: the meters in play, the last exchange, ... */
  meters: { mRID: string; usagePoint?: string }[] = [];
  last?: Exchange;
  lastRequest?: Header;
  lastEvent?: Exchange;
  lastWindow?: { start: string; end: string };
  /** what the next received message must be: verb, noun, and the request it is the result of */
  expectedEvent?: { verb: string | readonly string[]; noun: string; resultOf?: Header };
  scenarioName = '';
  /** the scenario's @role tags (the Before hook sets them): what the PICS declares is read for these roles */
  scenarioRoles: string[] = [];
  /** why the scenario was skipped before it ran (ENV-GENERATION: the SUT speaks another generation) */
  skipReason?: string;
  /** the requirement violation that failed the scenario (Cucumber does not always hand the error to After hooks) */
  failure?: ConformanceFailure;

  constructor(options: IWorldOptions) {
    super(options);
    // Cucumber's console formatters print a text/plain attachment whole: no control character may reach the terminal
    const attach = this.attach;
    const safe = ((data: unknown, opts?: unknown) => {
      const mediaType = typeof opts === 'string' ? opts : (opts as { mediaType?: string } | undefined)?.mediaType;
      return (attach as (d: unknown, o?: unknown) => unknown)(typeof data === 'string' && mediaType === 'text/plain' ? plainText(data, { max: 100_000 }) : data, opts);
    }) as typeof this.attach;
    Object.defineProperty(this, 'attach', { value: safe });
  }

  /** listener mark at the start of the scenario: requests at a peer's path after it were caused by this scenario */
  peerMark = 0;

  async init(): Promise<void> {
    this.run = await runContext();
    this.peerMark = this.run.listener.lastSeq;
    // the deliveries that arrive from now on are logged with this scenario (src/session/run.ts)
    this.run.scenario = this.scenarioName || undefined;
    // the head-end the suite plays starts each scenario reaching every meter
    if (this.run.headEnd) Object.assign(this.run.headEnd, { unreachable: [], readsWithheld: [], readsIncomplete: [] });
  }

  /**
   * the requests the SUT sent during this scenario to a peer the suite plays (PEER_PATHS: the head-end behind an MDM)
   * that no step claimed: each is checked with layer 1 (schema, envelope, message-level domain rules) and recorded
   * with this scenario, so that no request the SUT sends the suite goes unchecked. Called once, at the scenario's end.
   */
  checkPeerRequests(): Finding[] {
    if (!this.run) return [];
    const out: Finding[] = [];
    for (const [path, role] of Object.entries(PEER_PATHS)) {
      for (const m of this.run.listener.drain({ path, sinceSeq: this.peerMark }, this.scenarioName || 'peer requests')) {
        const label = `SUT → ${role} (the suite) request #${m.seq}`;
        const x: Exchange = { label, received: { body: m.body, contentType: m.contentType, status: m.responseStatus, at: m.receivedAt }, findings: [] };
        if (m.delivery === 'accepted') {
          const l1 = this.layer1(label, m.body, m.contentType);
          x.wire = l1.wire;
          x.findings.push(...l1.findings, ...peerRefusal(m.seq, label));
        } else {
          x.findings.push({ rule: 'TRANSPORT', clause: rule('TRANSPORT').clause, severity: 'error', message: `${label}: ${m.inspected.problem ?? m.delivery}`, file: label });
        }
        this.exchanges.push(x);
        this.attachExchange(x);
        out.push(...x.findings);
      }
    }
    this.findings.push(...out);
    if (out.length) this.attach(out.map((f) => plainText(formatFinding(f), { oneLine: true, max: 4000 })).join('\n'), { mediaType: 'text/plain', fileName: 'findings: requests to the peers the suite plays.txt' });
    return out;
  }

  get profile() {
    return this.run.profile;
  }

  /** the message generation the suite speaks: that of the profile's edition (envelope.md §1.1) */
  get generation(): BuildGeneration {
    return generationOfEdition(this.run.profile.edition);
  }

  /** assumptions the scenario's checks consulted, with the value in force: the verdict depends on them */
  readonly usedAssumptions: Record<string, string> = {};

  /** a view of the register that records every assumption a check reads */
  private recording<T>(map: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
    const used = this.usedAssumptions;
    const strings = this.run.assumptions;
    return new Proxy(map, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key in target && strings[key] !== undefined) used[key] = strings[key]!;
        return Reflect.get(target, key, receiver);
      },
    });
  }

  /** a context for checks of one message */
  ctx(label: string, receivedAt = new Date()): CheckContext {
    return {
      assumptions: this.recording(this.run.assumptions),
      register: this.recording(this.run.profile.assumptions as Readonly<Record<string, unknown>>),
      strict: this.run.profile.strict, receivedAt, skewSeconds: this.run.profile.timeouts.clockSkewSeconds, label };
  }

  /** a fresh request header: new MessageID and a distinct CorrelationID (so ENV-14 is tested exactly) */
  requestHeader(verb: string, noun: string, extra: Partial<Header> = {}): Header {
    return { verb, noun, timestamp: nowTimestamp(), source: 'cim9', messageId: newMessageId(), correlationId: newMessageId(), ...extra };
  }

  /** layer 1 of anything received: transport outcome, content type, XML, XSD */
  private layer1(label: string, body: Buffer, contentType: string | undefined): { wire?: WireMessage; findings: Finding[] } {
    const findings: Finding[] = [];
    const version = this.run.profile.sut.soapVersion;
    const ctProblem = checkSoapContentType(contentType, version);
    if (ctProblem) findings.push({ rule: 'ENV-CONTENT-TYPE', clause: rule('ENV-CONTENT-TYPE').clause, severity: 'error', message: `${label}: ${ctProblem}`, file: label });
    const read = readMessage(body, { maxBytes: this.run.profile.sut.maxReplyBytes });
    if (!read.ok) {
      findings.push({ rule: 'XML', clause: rule('XML').clause, severity: 'error', message: `${label}: ${read.problem.message}`, file: label, line: read.problem.line });
      return { findings };
    }
    // ENV-GENERATION (ENV-01): a message of another generation than the profile's is validated against the pack of
    // its own generation when ENV-01 accepts it; when not, it is reported once per run instead of as a heap of
    // schema errors against the wrong pack (src/session/run.ts leaves the later scenarios out)
    let pack = this.run.pack;
    const gen = this.run.generation;
    const g = gen ? checkGeneration(read.wire, { ...gen, label }) : undefined;
    if (g) {
      findings.push(g);
      const speaks = generationOfWire(read.wire)!;
      if (g.severity === 'error') {
        this.run.generationMismatch?.({ speaks, label, scenario: this.scenarioName, finding: g });
        return { wire: read.wire, findings };
      }
      pack = this.run.packOf?.(speaks) ?? pack;
    }
    findings.push(...pack.validate(body, {
      label,
      maxBytes: this.run.profile.sut.maxReplyBytes,
      // the schema assumptions in force (ENV-03, ENV-05, PAY-12), read without recording them as used by every scenario
      assumptions: schemaAssumptions({ ...this.ctx(label), assumptions: this.run.assumptions }),
    }));
    // the rules of `cim9 validate` (src/checks/message.ts), so that a message checked here and a file checked by hand get the same verdict
    findings.push(...checkReceived(read.wire, this.ctx(label), { contentType, earlier: this.exchanges }));
    return { wire: read.wire, findings };
  }

  private attachExchange(x: Exchange): void {
    const stored = this.logExchange(x);
    const parts: string[] = [];
    if (x.sent) parts.push(`<!-- ${x.label}: sent to ${x.sent.url} at ${x.sent.at.toISOString()}${x.sent.soapAction ? `, SOAPAction ${x.sent.soapAction}` : ''} -->\n${x.sent.xml}`);
    if (x.sent) this.attach(x.sent.xml, { mediaType: 'application/xml', fileName: `${x.label} (request).xml` });
    if (x.received) {
      // a large body is stored once under <run reports>/bodies/; every formatter keeps its own copy of an attachment, so
      // they get a bounded excerpt naming its length, digest and file
      const body = x.received.body;
      const name = `${x.label} (${x.sent ? 'reply' : 'received'}, HTTP ${x.received.status ?? '-'})`;
      if (body.byteLength <= ATTACH_WHOLE_BYTES) this.attach(body.toString('utf8'), { mediaType: 'application/xml', fileName: `${name}.xml` });
      // not text/plain: Cucumber's console formatters print text/plain attachments whole
      else this.attach(attachableBody(body, stored ?? storeBody(this.run.reportsDir, body)).text, { mediaType: 'application/xml', fileName: `${name}, excerpt.xml` });
    }
  }

  /**
   * the run's message log for the evidence bundle (src/report/exchanges.ts): a request the suite sent and its reply,
   * raw bytes, time and direction. (What the SUT sends to the listener is logged as it arrives, src/session/run.ts.)
   */
  private logExchange(x: Exchange): StoredBody | undefined {
    const dir = this.run?.reportsDir;
    if (!dir || !x.sent) return undefined;
    const scenario = this.scenarioName || undefined;
    recordMessage(dir, { at: x.sent.at.toISOString(), direction: 'sent', scenario, label: x.label, url: x.sent.url, ...(x.sent.soapAction ? { soapAction: x.sent.soapAction } : {}), bytes: x.sent.xml });
    // the reply's place under bodies/, which the attachment of a large reply names
    return x.received && recordMessage(dir, { at: x.received.at.toISOString(), direction: 'received', scenario, label: `${x.label}: reply`, ...(x.received.status !== undefined ? { status: x.received.status } : {}), ...(x.received.contentType ? { contentType: x.received.contentType } : {}), bytes: x.received.body });
  }

  /** send a request as the peer `as` to the SUT in `role`, and read the synchronous reply */
  async send(role: Role, msg: Message, label: string, opts: { asyncResult?: boolean; transform?: (env: XElement) => XElement; url?: string } = {}): Promise<Exchange> {
    const p = this.run.profile;
    const version = p.sut.soapVersion;
    // the suite speaks the generation of the profile's edition (envelope.md §1.1): ed.1, or the 2011 draft
    const out = toSoap({ ...msg, generation: msg.generation ?? this.generation }, version, { transform: opts.transform });
    const verb = msg.header?.verb ?? '';
    const noun = msg.header?.noun ?? msg.noun ?? '';
    const endpoint = this.run.endpoint(role, serviceName(verb, noun, opts));
    // `url`: an address the SUT gave (its ReplyAddress, P1a); the profile's credentials go only to the origin of its endpoint
    const url = opts.url ?? endpoint;
    const sameOrigin = !opts.url || (URL.canParse(opts.url) && URL.canParse(endpoint) && new URL(opts.url).origin === new URL(endpoint).origin);
    const sentAt = new Date();
    const http = await postSoap(url, out.xml, {
      soapVersion: version,
      soapAction: out.soapAction,
      timeoutMs: p.timeouts.responseSeconds * 1000,
      maxBytes: p.sut.maxReplyBytes,
      ...(sameOrigin ? { headers: p.sut.headers, basicAuth: p.sut.basicAuth, tls: p.sut.tls } : {}),
    });
    const x: Exchange = { label, sent: { header: msg.header, xml: out.xml, url, soapAction: out.soapAction, at: sentAt }, findings: [] };
    this.exchanges.push(x);
    this.last = x;
    this.lastRequest = msg.header;
    if (!http.ok) {
      // no connection at all (refused, unknown host, TLS set-up) is the environment; a peer that
      // connects and then breaks the exchange (reset, truncated body, timeout) is the SUT
      if ((http.kind === 'connection' && !http.reachable) || http.kind === 'tls') {
        this.attachExchange(x);
        throw new SuiteError(`cannot reach the SUT: ${http.message}`);
      }
      const f: Finding = { rule: 'TRANSPORT', clause: rule('TRANSPORT').clause, severity: 'error', message: `${label}: ${http.message}`, file: label };
      x.findings.push(f);
      this.findings.push(f);
      this.attachExchange(x);
      return x;
    }
    x.received = { body: http.body, contentType: http.contentType, status: http.status, at: http.receivedAt };
    const l1 = this.layer1(`${label} reply`, http.body, http.contentType);
    x.wire = l1.wire;
    x.findings.push(...l1.findings);
    if (http.status !== 200 && !(l1.wire?.fault && http.status === 500)) {
      x.findings.push({ rule: 'TRANSPORT', clause: rule('TRANSPORT').clause, severity: 'error', message: `${label}: HTTP ${http.status}${l1.wire?.fault ? '' : ' without a SOAP fault'}`, file: label });
    }
    x.findings.push(...this.run.messageIds.check(x.wire?.message, this.ctx(`${label} reply`)));
    if (x.sent && (x.wire?.fault || x.wire?.message?.reply?.result === 'FAILED')) {
      x.sent.invalid = this.run.pack.validate(Buffer.from(out.xml, 'utf8'), { label: `${label} (the request)` }).filter((f) => f.severity === 'error').map((f) => f.message);
    }
    this.findings.push(...x.findings);
    this.attachExchange(x);
    this.stopOnGeneration(x);
    return x;
  }

  /**
   * ENV-GENERATION: the SUT speaks a generation ENV-01 does not accept: nothing of the exchange can be judged
   * further, so the scenario fails here with that one finding (already recorded with the exchange)
   */
  private stopOnGeneration(x: Exchange): void {
    const g = x.findings.find((f) => f.rule === 'ENV-GENERATION' && f.severity === 'error');
    if (!g) return;
    this.attach(formatFinding(g), { mediaType: 'text/plain', fileName: 'findings: message generation.txt' });
    this.failure = new ConformanceFailure('message generation', [g]);
    throw this.failure;
  }

  /**
   * wait for a message the SUT sends to the suite's listener (a published event or an asynchronous result).
   * `endWhenIdle` (default true): with the embedded reference SUT, the wait ends as soon as the SUT says nothing
   * more can reach the suite within the time limit (everything it was caused to send delivered and answered, nothing
   * scheduled before the limit: GET /_control/idle?quietMs, src/transport/idle.ts): what has not come by then will
   * not come in time. The scenario's evidence then says so (an attachment naming the wait, how long it took and the limit it
   * replaced), and `waitedText` tells it in a finding. An external SUT always gets the whole time limit.
   */
  async receive(
    path: string,
    match: { correlationId?: string; predicate?: (m: ReceivedMessage) => boolean },
    timeoutSeconds: number,
    label: string,
    o: { endWhenIdle?: boolean } = {},
  ): Promise<Exchange | undefined> {
    this.idleEnds.delete(label);
    const control = (o.endWhenIdle ?? true) && this.profile.sut.embedded ? this.run.simulator?.url : undefined;
    const claimant = this.scenarioName || label;
    let outcome;
    if (!control) outcome = await this.run.listener.waitFor({ path, ...match }, timeoutSeconds * 1000, claimant);
    else {
      const started = Date.now();
      const stopWaiting = new AbortController();
      let waiting = true;
      const wait = this.run.listener.waitFor({ path, ...match }, timeoutSeconds * 1000, claimant, stopWaiting.signal);
      // a delivery already at the listener (or arriving in this turn of the event loop) is taken without asking the SUT
      outcome = await Promise.race([wait, new Promise<undefined>((r) => setImmediate(r, undefined))]);
      if (!outcome) {
        void waitUntilQuiet(control, timeoutSeconds * 1000).then((idle) => {
          // the listener hands a delivery to its waiter before the SUT has its acknowledgement: nothing can be in between
          if (idle && waiting) stopWaiting.abort();
        });
        // the question is not withdrawn when the delivery comes first: it ends by itself (src/transport/idle.ts)
        outcome = await wait;
      }
      waiting = false;
      if (!outcome.ok && outcome.kind === 'aborted') {
        const ms = Date.now() - started;
        this.idleEnds.set(label, ms);
        this.run.idleEnded?.add(path);
        this.attach(
          `The wait for "${label}" ended after ${(ms / 1000).toFixed(1)} s, when the reference SUT said nothing more would reach the suite within the limit (it had sent everything it was caused to send, and nothing was scheduled before the limit), instead of at its limit of ${timeoutSeconds} s: what had not arrived by then would not arrive in time.`,
          { mediaType: 'text/plain', fileName: 'wait ended when the reference SUT was idle.txt' },
        );
      }
    }
    if (!outcome.ok) return undefined;
    const m = outcome.message;
    const x: Exchange = { label, received: { body: m.body, contentType: m.contentType, at: m.receivedAt }, findings: [] };
    const l1 = this.layer1(label, m.body, m.contentType);
    x.wire = l1.wire;
    x.findings.push(...l1.findings, ...this.run.messageIds.check(x.wire?.message, this.ctx(label)), ...(PEER_PATHS[path] ? peerRefusal(m.seq, label) : []));
    this.findings.push(...x.findings);
    this.exchanges.push(x);
    this.attachExchange(x);
    this.stopOnGeneration(x);
    return x;
  }

  /**
   * Ask the embedded reference SUT, by URL, to answer once it is idle (GET <sut>/_control/idle, src/transport/idle.ts):
   * everything it was caused to send delivered and answered, nothing more scheduled. True when it said so within
   * `ms`; false when it was still busy; undefined for an external SUT, which is never asked.
   */
  async sutIdle(ms: number): Promise<boolean | undefined> {
    const control = this.profile.sut.embedded ? this.run.simulator?.url : undefined;
    if (!control) return undefined;
    return waitUntilIdle(control, ms);
  }

  /**
   * How much of a quiet period of `seconds` (timeouts.quietSeconds: the time the suite watches for a repeat, or for
   * a message that must not come) is still to be watched at the listener. An external SUT: all of it (the caller
   * waits at the listener, which returns as soon as a match arrives). The embedded reference SUT: the period lasts
   * until the SUT says nothing more can be sent before the period's end (sutQuiet: nothing on the wire, nothing
   * scheduled before then) — whatever came has arrived — so 0 once it said so.
   */
  async quietLeft(seconds: number): Promise<number> {
    if (seconds <= 0) return 0;
    const started = Date.now();
    const quiet = await this.sutQuiet(seconds * 1000);
    if (quiet === undefined) return seconds;
    return quiet ? 0 : Math.max(0, seconds - (Date.now() - started) / 1000);
  }

  /**
   * Ask the embedded reference SUT whether anything more can reach the suite within `ms` from now
   * (GET <sut>/_control/idle?quietMs=N, src/transport/idle.ts): true as soon as nothing is on the wire and nothing is
   * scheduled before then (a message due later, like the Stopped event at the end of a running control, cannot arrive
   * within the period, and a watcher of the whole period would not see it either); false when something still could
   * at the period's end; undefined for an external SUT, which is never asked.
   */
  async sutQuiet(ms: number): Promise<boolean | undefined> {
    const control = this.profile.sut.embedded ? this.run.simulator?.url : undefined;
    if (!control) return undefined;
    return waitUntilQuiet(control, ms);
  }

  /** the waits of `receive` that ended because the embedded reference SUT was idle: label → milliseconds waited */
  private readonly idleEnds = new Map<string, number>();

  /**
   * How long the suite waited for what `receive(…, label)` did not get, for a finding: "within 10 s
   * (timeouts.asyncResultSeconds)", or, when the embedded reference SUT ended the wait by saying it was idle, that.
   */
  waitedText(label: string, limitSeconds: number, setting: string): string {
    const ms = this.idleEnds.get(label);
    if (ms === undefined) return `within ${limitSeconds} s (${setting})`;
    return `within ${(ms / 1000).toFixed(1)} s, when the reference SUT said nothing more would reach the suite within the limit (it had sent everything it was caused to send and had nothing scheduled before then; the wait ends there instead of at ${setting}, ${limitSeconds} s)`;
  }

  /** wait out a quiet period of `seconds`; for the embedded reference SUT, only until it is idle (`quietLeft`) */
  async quietPeriod(seconds: number): Promise<void> {
    const left = await this.quietLeft(seconds);
    if (left > 0) await new Promise((r) => setTimeout(r, left * 1000));
  }

  /** the SUT claims Annex B reply codes in the roles of this scenario (pics.<role>.annexB; COD-06 = when-claimed) */
  get annexB(): boolean {
    return annexBFor(this.profile, this.scenarioRoles);
  }

  /** record findings of a check, attach them, and fail the step on any error (naming each rule) */
  assert(given: Finding[], what: string): void {
    // what the SUT sent (a finding's actual, the message quoting it) bounded before it is kept anywhere
    const findings = given.map(boundFinding);
    this.findings.push(...findings);
    if (findings.length) this.attach(findings.map((f) => plainText(formatFinding(f), { oneLine: true, max: 4000 })).join('\n'), { mediaType: 'text/plain', fileName: `findings: ${what}.txt` });
    const errors = findings.filter((f) => f.severity === 'error');
    if (hasErrors(findings)) {
      const failure = new ConformanceFailure(what, errors);
      this.failure = failure;
      throw failure;
    }
  }
}
