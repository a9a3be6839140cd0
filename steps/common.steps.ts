/**
 * Steps shared by every use case: the meters in play, and the three layers of assertions on the last
 * reply or the last message received (schemas; envelope semantics; outcome and Annex B codes).
 */
import { Given, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { checkCorrelation, checkEvent, checkOutcome, checkResponse } from '../src/checks/envelope.ts';
import { expectedCodes, soapFaultAccepted } from '../src/usecases/expectations.ts';
import { judgeRefusal, twinOf } from '../src/usecases/twin.ts';
import { ownRequestInvalid } from '../src/usecases/set-up.ts';
import type { Finding } from '../src/checks/finding.ts';

Given('a meter installed at a usage point', function (this: Cim9World) {
  this.meters = this.profile.data.meters.slice(0, 1);
});

Given('{int} meters installed at usage points', function (this: Cim9World, n: number) {
  const meters = this.profile.data.meters;
  if (meters.length < n) throw new SuiteError(`the scenario needs ${n} meters but the profile's data.meters lists ${meters.length}`);
  this.meters = meters.slice(0, n);
});

Given('a meter unknown to the SUT', function (this: Cim9World) {
  this.meters = [{ mRID: this.profile.data.unknownMeter }];
});

function lastReply(w: Cim9World) {
  if (!w.last) throw new SuiteError('no request was sent before this step');
  return w.last;
}

function lastMessage(w: Cim9World) {
  if (!w.lastEvent) throw new SuiteError('no message was received before this step');
  return w.lastEvent;
}

Then('the reply is valid against its schemas', function (this: Cim9World) {
  const x = lastReply(this);
  this.assert(x.findings, `${x.label}: reply`);
});

Then('the message is valid against its schemas', function (this: Cim9World) {
  const x = lastMessage(this);
  this.assert(x.findings, x.label);
});

Then('the reply header is conformant', async function (this: Cim9World) {
  const x = lastReply(this);
  if (!x.wire) return this.assert(nonEmpty(x.findings, `${x.label}: the reply could not be read, and no finding says why`), `${x.label}: reply`);
  const noun = this.lastRequest?.noun ?? '';
  const findings = checkResponse(x.wire, { noun, request: this.lastRequest! }, this.ctx(`${x.label} reply`, x.received?.at));
  // a SOAP fault has no header; for a negative request that is a refusal, judged against its valid twin (a SUT
  // that faults everything is inconclusive here, not failed)
  const twin = twinOf(this);
  if (x.wire.fault && twin?.negative) return judgeRefusal(this, { refusal: findings, acceptedInstead: false, what: `${x.label}: reply header`, broken: x.findings, answer: x });
  if (!twin?.negative) ownRequestInvalid(x, `${x.label}: reply header`);
  this.assert(findings, `${x.label}: reply header`);
});

/** findings of a message the suite could not read: never empty (an empty list would pass a step that saw nothing) */
function nonEmpty(findings: Finding[], why: string): Finding[] {
  if (findings.some((f) => f.severity === 'error')) return findings;
  throw new SuiteError(why);
}

Then('the message header is conformant', function (this: Cim9World) {
  const x = lastMessage(this);
  if (!x.wire) return this.assert(nonEmpty(x.findings, `${x.label}: the message could not be read, and no finding says why`), x.label);
  const h = x.wire.message?.header;
  this.assert(
    checkEvent(x.wire, { verb: this.expectedEvent?.verb ?? h?.verb ?? '', noun: this.expectedEvent?.noun ?? h?.noun ?? '', resultOf: this.expectedEvent?.resultOf }, this.ctx(x.label, x.received?.at)),
    `${x.label}: header`,
  );
});

/** the reply shows the SUT taking the request (Result OK, or PARTIAL where a refusal was expected) */
function acceptedInstead(x: { wire?: { fault?: unknown; message?: { kind?: string; reply?: { result: string } } } }): boolean {
  const m = x.wire?.fault ? undefined : x.wire?.message;
  return m?.kind === 'response' && (m.reply?.result === 'OK' || m.reply?.result === 'PARTIAL');
}

/**
 * ENV-CORRELATION errors of a ResponseMessage: the Result of a reply to another request (a replayed or canned reply)
 * says nothing of this one, so a Result step never passes on it, header step or not
 */
function ofAnotherRequest(w: Cim9World, x: ReturnType<typeof lastReply>): Finding[] {
  const m = x.wire?.fault ? undefined : x.wire?.message;
  if (m?.kind !== 'response' || !w.lastRequest) return [];
  return checkCorrelation(m, w.lastRequest, w.ctx(`${x.label} reply`, x.received?.at)).filter((f) => f.severity === 'error');
}

Then('the reply has Result {string}', async function (this: Cim9World, result: 'OK' | 'PARTIAL' | 'FAILED') {
  const x = lastReply(this);
  const findings: Finding[] = x.wire
    ? [...checkOutcome(x.wire, { result, annexB: this.annexB }, this.ctx(`${x.label} reply`)), ...ofAnotherRequest(this, x)]
    : nonEmpty(x.findings, `${x.label}: the reply could not be read, and no finding says why`).filter((f) => f.severity === 'error');
  if (result !== 'FAILED') {
    ownRequestInvalid(x, `${x.label}: Result`);
    return this.assert(findings, `${x.label}: Result`);
  }
  // a negative: the refusal expected, and the valid twin accepted by the same service (CIM9-61)
  return judgeRefusal(this, { refusal: findings, acceptedInstead: acceptedInstead(x), what: `${x.label}: Result`, broken: x.findings, answer: x });
});

Then('the reply has Result {string} with the Annex B code for {string}', async function (this: Cim9World, result: 'OK' | 'PARTIAL' | 'FAILED', errorCase: string) {
  const x = lastReply(this);
  const codes = expectedCodes(this.profile, errorCase);
  const acceptSoapFault = soapFaultAccepted(this.run.assumptions, errorCase);
  this.usedAssumptions['CIM9-60'] = this.run.assumptions['CIM9-60'] ?? 'schema';
  const findings: Finding[] = x.wire
    ? [...checkOutcome(x.wire, { result, codes, annexB: this.annexB, acceptSoapFault }, this.ctx(`${x.label} reply`)), ...ofAnotherRequest(this, x)]
    : nonEmpty(x.findings, `${x.label}: the reply could not be read, and no finding says why`).filter((f) => f.severity === 'error');
  if (result !== 'FAILED') {
    ownRequestInvalid(x, `${x.label}: Result and code`);
    return this.assert(findings, `${x.label}: Result and code`);
  }
  return judgeRefusal(this, { refusal: findings, acceptedInstead: acceptedInstead(x), what: `${x.label}: Result and code`, broken: x.findings, answer: x });
});
