/**
 * A request a client under test sent to the reference SUT that `cim9 simulate` runs (CACTUS-style: the simulator is
 * also a verdict on the client's traffic). `checkReceivedRequest` checks it with the three layers every message gets
 * (`checkMessage`: XML and schema of the edition, the envelope rules, the payload's domain rules) and reads the answer
 * the simulator gave: a refusal of the request *as a request* — a SOAP Client fault, or Result FAILED with the Annex B
 * code 1.5 (Verb or Noun missing), 1.8 (schema-invalid), 2.5 (a noun it does not serve) or 2.9 (a verb it does not
 * serve) — is ENV-PEER-REFUSED, a finding against the client. Answers about the data (an unknown meter, 2.4; data not
 * available) are outcomes, not findings. Pure: never throws for bad input.
 */
import type { Finding } from './finding.ts';
import { rule } from './catalogue.ts';
import { checkMessage, type CheckMessageOptions } from './message.ts';
import { readMessage } from '../message/index.ts';

/** the Annex B codes with which a server refuses a request as a request (envelope.md §6, §8) */
export const REQUEST_REFUSAL_CODES: readonly string[] = ['1.5', '1.8', '2.5', '2.9'];

export interface ReceivedRequestInput {
  body: Uint8Array;
  contentType?: string;
  soapAction?: string;
  receivedAt: Date;
  /** the answer the simulator gave: HTTP status and text */
  status: number;
  answer: string;
}

export interface RequestVerdict {
  /** what the request was: verb(noun), or why it could not be read as a message */
  what: string;
  /** the answer: Result and codes, "SOAP fault", or "unreadable answer" */
  answered: string;
  findings: Finding[];
}

/** verb(noun) of a message body, or "(unreadable)" */
export function messageKind(body: Uint8Array | string, maxBytes?: number): string {
  const read = readMessage(body, maxBytes !== undefined ? { maxBytes } : {});
  if (!read.ok) return '(unreadable)';
  if (read.wire.fault) return 'SOAP fault';
  const m = read.wire.message;
  if (!m) return '(no message in the SOAP Body)';
  const verb = m.header?.verb || m.wrapperVerb || '?';
  const noun = m.header?.noun || m.wrapperNoun || '?';
  return `${verb}(${noun})`;
}

/** the three layers on a request a client sent, and the refusal, if the simulator refused it as a request */
export function checkReceivedRequest(r: ReceivedRequestInput, o: Omit<CheckMessageOptions, 'receivedAt' | 'soapAction' | 'contentType'> & { peer: string }): RequestVerdict {
  const findings = checkMessage(r.body, { ...o, receivedAt: r.receivedAt, ...(r.soapAction !== undefined ? { soapAction: r.soapAction } : {}), ...(r.contentType !== undefined ? { contentType: r.contentType } : {}) });
  const what = messageKind(r.body, o.maxBytes);
  const read = readMessage(r.answer);
  let answered = 'unreadable answer';
  let refusal: string | undefined;
  if (read.ok && read.wire.fault) {
    const f = read.wire.fault;
    answered = `SOAP fault (HTTP ${r.status})`;
    refusal = `a SOAP ${f.code || 'Client'} fault: ${f.reason}`;
  } else if (read.ok && read.wire.message?.reply) {
    const reply = read.wire.message.reply;
    const codes = (reply.errors ?? []).map((e) => e.code).filter((c): c is string => !!c);
    answered = `${reply.result ?? '(no Result)'}${codes.length ? ` ${codes.join(', ')}` : ''}`;
    const refused = (reply.errors ?? []).find((e) => e.code && REQUEST_REFUSAL_CODES.includes(e.code));
    if (reply.result === 'FAILED' && refused) refusal = `Result FAILED with Error ${refused.code}: ${refused.reason ?? ''}`;
  } else if (read.ok && read.wire.message) {
    answered = `answered without a Reply (HTTP ${r.status})`;
  }
  if (refusal) findings.push({ rule: 'ENV-PEER-REFUSED', clause: rule('ENV-PEER-REFUSED').clause, severity: 'error', message: `${o.label}: ${o.peer} refused the request with ${refusal}`, file: o.label, expected: `${o.peer} accepts the request`, actual: refusal });
  return { what, answered, findings };
}
