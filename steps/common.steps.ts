/**
 * Steps shared by every use case: the meters in play, and the three layers of assertions on the last
 * reply or the last message received (schemas; envelope semantics; outcome and Annex B codes).
 */
import { Given, Then } from '@cucumber/cucumber';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { checkEvent, checkOutcome, checkResponse } from '../src/checks/envelope.ts';
import { expectedCodes } from '../src/usecases/expectations.ts';

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

Then('the reply header is conformant', function (this: Cim9World) {
  const x = lastReply(this);
  if (!x.wire) return this.assert(x.findings, `${x.label}: reply`);
  const noun = this.lastRequest?.noun ?? '';
  this.assert(checkResponse(x.wire, { noun, request: this.lastRequest! }, this.ctx(`${x.label} reply`, x.received?.at)), `${x.label}: reply header`);
});

Then('the message header is conformant', function (this: Cim9World) {
  const x = lastMessage(this);
  if (!x.wire) return this.assert(x.findings, x.label);
  const h = x.wire.message?.header;
  this.assert(
    checkEvent(x.wire, { verb: this.expectedEvent?.verb ?? h?.verb ?? '', noun: this.expectedEvent?.noun ?? h?.noun ?? '', resultOf: this.expectedEvent?.resultOf }, this.ctx(x.label, x.received?.at)),
    `${x.label}: header`,
  );
});

Then('the reply has Result {string}', function (this: Cim9World, result: 'OK' | 'PARTIAL' | 'FAILED') {
  const x = lastReply(this);
  if (!x.wire) return this.assert(x.findings, `${x.label}: reply`);
  this.assert(checkOutcome(x.wire, { result, annexB: this.profile.capabilities.annexB }, this.ctx(`${x.label} reply`)), `${x.label}: Result`);
});

Then('the reply has Result {string} with the Annex B code for {string}', function (this: Cim9World, result: 'OK' | 'PARTIAL' | 'FAILED', errorCase: string) {
  const x = lastReply(this);
  if (!x.wire) return this.assert(x.findings, `${x.label}: reply`);
  const codes = expectedCodes(this.profile, errorCase);
  this.assert(checkOutcome(x.wire, { result, codes, annexB: this.profile.capabilities.annexB }, this.ctx(`${x.label} reply`)), `${x.label}: Result and code`);
});
