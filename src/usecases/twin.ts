/**
 * Negative verdicts (issue 11): a negative scenario passes only when the SUT refused the defective request the
 * way the case expects AND the same service accepted the valid twin of that request (the same request, for a
 * subject the SUT knows, without the defect) in the run (assumption CIM9-61). A SUT that refuses everything
 * shows nothing about the defect: its negatives are inconclusive (verdict `error`, the cause named), never
 * `passed` and never `failed`. A SUT that accepts the defective request fails, whatever its twin.
 *
 * The When steps that send a request a negative may assert on name its twin (`setTwin`); the Then steps that
 * expect a refusal call `judgeRefusal`. `judgeNegative` is the pure decision (test/verdicts.test.ts).
 */
import type { Finding } from '../checks/finding.ts';
import { serviceName, type Message } from '../message/index.ts';
import type { Exchange, Cim9World } from '../session/world.ts';
import type { Role, RunContext } from '../session/run.ts';
import { ConformanceFailure, Inconclusive, SuiteError } from '../session/verdict.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { assumedList } from '../checks/assume.ts';
import { checkOutcome } from '../checks/envelope.ts';
import { soapFaultAccepted } from './expectations.ts';

export interface Twin {
  role: Role;
  /** what the twin is, for the report: "get(MeterReadings) of known meter M-1001" */
  label: string;
  build: () => Message;
  /** what counts as the service accepting the twin (default `acceptance`: a ResponseMessage with Result OK) */
  accepts?: (x: Exchange) => { accepted: boolean; why: string };
  /** the service already accepted a request of this kind in the scenario (what it was): nothing is sent */
  acceptedAs?: string;
  /** the request the twin stands beside is itself a negative (a defect, an unknown subject): its refusals are judged against the twin */
  negative?: boolean;
}

/** whether the twin was accepted: seen (or sent) and answered with Result OK, or why not */
export type TwinState = { accepted: true; label: string } | { accepted: false; label: string; why: string };

export interface NegativeInput {
  /** the findings of the refusal check (ENV-EXPECTED-RESULT, ENV-EXPECTED-CODE ...) */
  refusal: readonly Finding[];
  /** the SUT accepted the defective request (Result OK, or PARTIAL where FAILED was expected) */
  acceptedInstead: boolean;
  /**
   * error findings of the negative's own answer on its own (transport, XML, schema, message-scope rules): an answer
   * broken in itself is a violation whatever the twin shows
   */
  broken?: readonly Finding[];
  /** the twin's state; undefined when CIM9-61 is off */
  twin?: TwinState;
  /** what the negative request is, for the cause */
  what: string;
}

export interface NegativeJudgement {
  verdict: 'passed' | 'failed' | 'inconclusive';
  findings: Finding[];
  cause?: string;
}

const isError = (f: Finding) => f.severity === 'error';

/** the pure decision of a negative step */
export function judgeNegative(i: NegativeInput): NegativeJudgement {
  const findings = [...i.refusal];
  // accepting a request the SUT must refuse is a violation whatever else the run shows
  if (i.acceptedInstead) {
    if (!findings.some(isError)) findings.push({ rule: 'ENV-EXPECTED-RESULT', severity: 'error', message: `${i.what}: the SUT accepted a request it must refuse`, expected: 'a refusal (Reply/Result FAILED with its Annex B code)', actual: 'accepted (Reply/Result OK or PARTIAL)' });
    return { verdict: 'failed', findings };
  }
  const broken = (i.broken ?? []).filter(isError);
  if (broken.length) {
    for (const f of broken) if (!findings.includes(f)) findings.push(f);
    return { verdict: 'failed', findings };
  }
  if (i.twin && !i.twin.accepted) {
    const cause =
      `the same service did not accept the valid twin of the request (${i.twin.label}: ${i.twin.why}), ` +
      `so its refusal says nothing of the defect the scenario is about (assumption CIM9-61 = required)`;
    return { verdict: 'inconclusive', findings: findings.map((f) => (isError(f) ? { ...f, severity: 'info' as const, message: `${f.message} (not judged: ${cause})` } : f)), cause };
  }
  return { verdict: findings.some(isError) ? 'failed' : 'passed', findings };
}

/** does an exchange show the service accepting a request: a ResponseMessage with Result OK, and why not */
export function acceptance(x: Exchange | undefined): { accepted: boolean; why: string } {
  if (!x) return { accepted: false, why: 'not sent' };
  if (!x.received) return { accepted: false, why: x.findings.find(isError)?.message ?? 'no reply' };
  const status = x.received.status;
  const w = x.wire;
  if (!w) return { accepted: false, why: `an unreadable reply (HTTP ${status ?? '-'})` };
  if (w.fault) return { accepted: false, why: `a SOAP fault "${w.fault.reason}" (HTTP ${status ?? '-'})` };
  const m = w.message;
  if (!m || m.kind !== 'response') return { accepted: false, why: `no ResponseMessage (HTTP ${status ?? '-'})` };
  const r = m.reply?.result;
  if (r !== 'OK') {
    const codes = (m.reply?.errors ?? []).map((e) => e.code).join(', ');
    return { accepted: false, why: `Result ${r || '(none)'}${codes ? ` with ${codes}` : ''}` };
  }
  // the HTTP status is the transport's business (its own findings): Result OK says the service took the request
  return { accepted: true, why: '' };
}

/**
 * The answer to a request that is readable but neither a ResponseMessage nor a SOAP fault (the request or an event
 * sent back, a Body without an IEC 61968-100 message): broken in itself, neither an acceptance nor a refusal, so a
 * finding whatever the valid twin shows (ENV-KIND). Empty for a ResponseMessage, a SOAP fault, or a reply the suite
 * could not read at all (layer 1 has its findings).
 */
export function notAnAnswer(x: Exchange | undefined): Finding[] {
  const wire = x?.wire;
  if (!x || !wire || wire.fault || wire.message?.kind === 'response') return [];
  const got = wire.message ? `a ${wire.message.node.name}` : 'no IEC 61968-100 message in the SOAP Body';
  return [ruleFinding('ENV-KIND', `${x.label}: the answer is no ResponseMessage but ${got}: neither an acceptance nor a refusal of the request`, { file: x.label, expected: 'a ResponseMessage', actual: got })];
}

const twins = new WeakMap<object, Twin>();
/** twins accepted so far in the run, by service key, with the label of the exchange */
const acceptedInRun = new WeakMap<RunContext, Map<string, string>>();

/** name the valid twin of the request a When step is about to send (used only if a later step expects a refusal) */
export function setTwin(w: Cim9World, twin: Twin): void {
  twins.set(w, twin);
}

export function twinOf(w: Cim9World): Twin | undefined {
  return twins.get(w);
}

function serviceKey(w: Cim9World, role: Role, msg: Message): string {
  const verb = msg.header?.verb ?? '';
  const noun = msg.header?.noun ?? msg.noun ?? '';
  return `${role} ${w.run.endpoint(role, serviceName(verb, noun))} ${verb}(${noun})`;
}

/** record that a service accepted a request of its kind (a positive step saw it) */
export function recordAccepted(w: Cim9World, role: Role, msg: Message, label: string): void {
  let m = acceptedInRun.get(w.run);
  if (!m) acceptedInRun.set(w.run, (m = new Map()));
  m.set(serviceKey(w, role, msg), label);
}

/** the state of the twin: accepted earlier in the run, or sent now and judged */
export async function twinState(w: Cim9World, twin: Twin): Promise<TwinState> {
  if (twin.acceptedAs) return { accepted: true, label: twin.acceptedAs };
  const msg = twin.build();
  const key = serviceKey(w, twin.role, msg);
  const seen = acceptedInRun.get(w.run)?.get(key);
  if (seen) return { accepted: true, label: seen };
  // the twin is sent with a fresh header: it is a request of its own, attached to the scenario as such
  const saved = { last: w.last, lastRequest: w.lastRequest };
  const x = await w.send(twin.role, msg, `valid twin: ${twin.label}`);
  w.last = saved.last;
  w.lastRequest = saved.lastRequest;
  // the twin's own findings are not the negative's: keep them out of the verdict's findings
  const a = (twin.accepts ?? acceptance)(x);
  if (a.accepted) recordAccepted(w, twin.role, msg, twin.label);
  return a.accepted ? { accepted: true, label: twin.label } : { accepted: false, label: twin.label, why: a.why };
}

/**
 * Decide a negative step: `refusal` are the findings of the refusal check; the twin (the one a When step named,
 * or `twin`) is consulted unless CIM9-61 = off. Throws ConformanceFailure (failed) or Inconclusive (error).
 */
export async function judgeRefusal(w: Cim9World, o: { refusal: Finding[]; acceptedInstead: boolean; what: string; twin?: Twin; broken?: readonly Finding[]; answer?: Exchange }): Promise<void> {
  const mode = w.run.assumptions['CIM9-61'] ?? 'required';
  w.usedAssumptions['CIM9-61'] = mode;
  let twin: TwinState | undefined;
  // an answer that is no ResponseMessage (the request sent back) is no refusal: broken in itself, whatever the twin
  // shows (the refusal check's own ENV-KIND finding stands for it when it made one)
  const kind = (o.broken ?? []).some(isError) ? [] : notAnAnswer(o.answer);
  const sameKind = o.refusal.filter((f) => f.rule === 'ENV-KIND' && isError(f));
  o = { ...o, broken: [...(o.broken ?? []), ...(kind.length ? (sameKind.length ? sameKind : kind) : [])] };
  const broken = (o.broken ?? []).some(isError);
  if (mode !== 'off' && !o.acceptedInstead && !broken) {
    const t = o.twin ?? twinOf(w);
    if (!t) throw new Inconclusive(`${o.what}: the step names no valid twin of the request, so a refusal cannot be told from a service that refuses everything (a defect of the suite)`);
    twin = await twinState(w, t);
  }
  const j = judgeNegative({ refusal: o.refusal, acceptedInstead: o.acceptedInstead, twin, what: o.what, broken: o.broken });
  if (j.verdict === 'inconclusive') {
    w.findings.push(...j.findings);
    if (j.findings.length) w.attach(j.findings.map((f) => `${f.severity} ${f.rule}: ${f.message}`).join('\n'), { mediaType: 'text/plain', fileName: `findings: ${o.what} (not judged).txt` });
    throw new Inconclusive(`${o.what}: ${j.cause}`);
  }
  w.assert(j.findings, o.what);
  if (j.verdict === 'failed') throw new ConformanceFailure(o.what, j.findings.filter(isError));
}

/**
 * Then (a synchronous negative whose expected codes are an assumption): the last request was refused with Result FAILED
 * and, when the SUT claims Annex B, a code of `assumption` (its value, else `defaults`; said on every finding), a SOAP
 * fault accepted as the profile says for `errorCase` (ENV-11); judged against the valid twin (`twin`, else the one the
 * When step named; CIM9-61). An answer with Result OK or PARTIAL is an acceptance, not a refusal.
 */
export async function judgeCodedRefusal(w: Cim9World, o: { assumption: string; defaults: readonly string[]; errorCase: string; twin?: Twin }): Promise<void> {
  const x = w.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  const codes = assumedList(w.ctx(''), o.assumption, [...o.defaults]);
  if (!codes.length) throw new SuiteError(`${o.assumption} names no code: the suite cannot tell the refusal it expects`);
  const used = { [o.assumption]: codes.join(', ') };
  w.usedAssumptions[o.assumption] = used[o.assumption]!;
  const findings: Finding[] = x.wire
    ? checkOutcome(x.wire, { result: 'FAILED', codes, annexB: w.annexB, acceptSoapFault: soapFaultAccepted(w.run.assumptions, o.errorCase) }, w.ctx(`${x.label} reply`)).map((f) => ({ ...f, assumptions: { ...(f.assumptions ?? {}), ...used } }))
    : x.findings.filter((f) => f.severity === 'error');
  if (!x.wire && !findings.length) throw new SuiteError(`${x.label}: the reply could not be read, and no finding says why`);
  const m = x.wire?.fault ? undefined : x.wire?.message;
  const acceptedInstead = m?.kind === 'response' && (m.reply?.result === 'OK' || m.reply?.result === 'PARTIAL');
  await judgeRefusal(w, { refusal: findings, acceptedInstead, what: `${x.label}: Result and code`, twin: o.twin, broken: x.findings, answer: x });
}
