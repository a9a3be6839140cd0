/**
 * The Cucumber World: one per scenario. It plays the peers of the SUT (sends requests, receives
 * replies, events and asynchronous results), records every message exchanged and attaches it to the
 * scenario, and turns findings into verdicts. Steps stay thin: they call these methods.
 */
import { World, type IWorldOptions } from '@cucumber/cucumber';
import { formatFinding, hasErrors, type Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import type { CheckContext } from '../checks/envelope.ts';
import { checkReceived, schemaAssumptions } from '../checks/message.ts';
import { checkSoapContentType, postSoap, type ReceivedMessage } from '../transport/index.ts';
import { newMessageId, nowTimestamp, readMessage, serviceName, toSoap, type Header, type Message, type WireMessage } from '../message/index.ts';
import type { XElement } from '../xml/index.ts';
import { runContext, type Role, type RunContext } from './run.ts';
import { ConformanceFailure, SuiteError } from './verdict.ts';

export interface Exchange {
  label: string;
  /** what the suite sent (absent for messages the SUT sent on its own) */
  sent?: { header?: Header; xml: string; url: string; soapAction?: string; at: Date };
  /** the raw reply or delivery */
  received?: { body: Buffer; contentType?: string; status?: number; at: Date };
  /** the parsed reply or delivery, when it could be read */
  wire?: WireMessage;
  /** layer-1 findings (transport, XML, XSD) of what was received */
  findings: Finding[];
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
  /** the requirement violation that failed the scenario (Cucumber does not always hand the error to After hooks) */
  failure?: ConformanceFailure;

  constructor(options: IWorldOptions) {
    super(options);
  }

  async init(): Promise<void> {
    this.run = await runContext();
  }

  get profile() {
    return this.run.profile;
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
    // the schema assumptions in force (ENV-03, ENV-05, PAY-12), read without recording them as used by every scenario
    findings.push(...this.run.pack.validate(body, { label, assumptions: schemaAssumptions({ ...this.ctx(label), assumptions: this.run.assumptions }) }));
    // the rules of `cim9 validate` (src/checks/message.ts), so that a message checked here and a file checked by hand get the same verdict
    findings.push(...checkReceived(read.wire, this.ctx(label), { contentType, earlier: this.exchanges }));
    return { wire: read.wire, findings };
  }

  private attachExchange(x: Exchange): void {
    const parts: string[] = [];
    if (x.sent) parts.push(`<!-- ${x.label}: sent to ${x.sent.url} at ${x.sent.at.toISOString()}${x.sent.soapAction ? `, SOAPAction ${x.sent.soapAction}` : ''} -->\n${x.sent.xml}`);
    if (x.sent) this.attach(x.sent.xml, { mediaType: 'application/xml', fileName: `${x.label} (request).xml` });
    if (x.received) {
      this.attach(x.received.body.toString('utf8'), { mediaType: 'application/xml', fileName: `${x.label} (${x.sent ? 'reply' : 'received'}, HTTP ${x.received.status ?? '-'}).xml` });
    }
  }

  /** send a request as the peer `as` to the SUT in `role`, and read the synchronous reply */
  async send(role: Role, msg: Message, label: string, opts: { asyncResult?: boolean; transform?: (env: XElement) => XElement } = {}): Promise<Exchange> {
    const p = this.run.profile;
    const version = p.sut.soapVersion;
    const out = toSoap(msg, version, { transform: opts.transform });
    const verb = msg.header?.verb ?? '';
    const noun = msg.header?.noun ?? msg.noun ?? '';
    const url = this.run.endpoint(role, serviceName(verb, noun, opts));
    const sentAt = new Date();
    const http = await postSoap(url, out.xml, {
      soapVersion: version,
      soapAction: out.soapAction,
      timeoutMs: p.timeouts.responseSeconds * 1000,
      maxBytes: p.sut.maxReplyBytes,
      headers: p.sut.headers,
      basicAuth: p.sut.basicAuth,
      tls: p.sut.tls,
    });
    const x: Exchange = { label, sent: { header: msg.header, xml: out.xml, url, soapAction: out.soapAction, at: sentAt }, findings: [] };
    this.exchanges.push(x);
    this.last = x;
    this.lastRequest = msg.header;
    if (!http.ok) {
      this.attachExchange(x);
      // no connection at all (refused, unknown host, TLS set-up) is the environment; a peer that
      // connects and then breaks the exchange (reset, truncated body, timeout) is the SUT
      if ((http.kind === 'connection' && !http.reachable) || http.kind === 'tls') throw new SuiteError(`cannot reach the SUT: ${http.message}`);
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
    this.findings.push(...x.findings);
    this.attachExchange(x);
    return x;
  }

  /** wait for a message the SUT sends to the suite's listener (a published event or an asynchronous result) */
  async receive(
    path: string,
    match: { correlationId?: string; predicate?: (m: ReceivedMessage) => boolean },
    timeoutSeconds: number,
    label: string,
  ): Promise<Exchange | undefined> {
    const outcome = await this.run.listener.waitFor({ path, ...match }, timeoutSeconds * 1000, this.scenarioName || label);
    if (!outcome.ok) return undefined;
    const m = outcome.message;
    const x: Exchange = { label, received: { body: m.body, contentType: m.contentType, at: m.receivedAt }, findings: [] };
    const l1 = this.layer1(label, m.body, m.contentType);
    x.wire = l1.wire;
    x.findings.push(...l1.findings, ...this.run.messageIds.check(x.wire?.message, this.ctx(label)));
    this.findings.push(...x.findings);
    this.exchanges.push(x);
    this.attachExchange(x);
    return x;
  }

  /** record findings of a check, attach them, and fail the step on any error (naming each rule) */
  assert(findings: Finding[], what: string): void {
    this.findings.push(...findings);
    if (findings.length) this.attach(findings.map(formatFinding).join('\n'), { mediaType: 'text/plain', fileName: `findings: ${what}.txt` });
    const errors = findings.filter((f) => f.severity === 'error');
    if (hasErrors(findings)) {
      const failure = new ConformanceFailure(what, errors);
      this.failure = failure;
      throw failure;
    }
  }
}
