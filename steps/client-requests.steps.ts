/**
 * The SUT as a client (CIS, OMS): the upper tester makes it send its request to the MDM the suite plays; the OMS
 * acknowledges the events the suite publishes to it (src/usecases/client-requests.ts).
 */
import { Given, When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { rule } from '../src/checks/catalogue.ts';
import { LISTENER_PATHS } from '../src/session/run.ts';
import { checkClientAsync, checkClientOutcome, checkClientPeriod, checkClientSwitchOutcome, checkClientSwitchTime, outcomesOfAnswer, checkClientRead, checkClientRequestHeader, checkPeerTook, checkPingWindow } from '../src/checks/client-requests.ts';
import { judgeBillingHeld, judgeBillingInquiry, orderBillingInquiry } from '../src/usecases/client-requests.ts';
import { answerOutcomes, clientState, historyPeriod, mdmCannotRead, orderRequest, peerPathOf, publishToOms, receiveClientRequest, reportOfCis, sendAsyncResultToCis, sendIncompleteHistoryToCis, sendSwitchResultToCis, switchReportOfCis, switchTime, tellCisCompletion, tellCisReadError } from '../src/usecases/client-requests.ts';

When('the CIS is told to request the register reading of the meter', function (this: Cim9World) {
  return orderRequest(this, 'cis-read-request', { readingType: this.profile.data.readingTypes.register });
});

When('the CIS is told to request the register readings of the meters', function (this: Cim9World) {
  return orderRequest(this, 'cis-read-request', { readingType: this.profile.data.readingTypes.register });
});

When('the CIS is told to request the register reading of the meter asynchronously', function (this: Cim9World) {
  return orderRequest(this, 'cis-async-read-request', { readingType: this.profile.data.readingTypes.register });
});

Then('the request asks for its result at a ReplyAddress of the CIS', function (this: Cim9World) {
  const { s, x } = received(this);
  this.assert(checkClientAsync(x.wire?.message, x.label, s.order.peer === 'HES' ? 'head-end' : 'MDM'), `${x.label}: asynchronous`);
});

When("the MDM the suite plays sends the result of the request to the CIS's ReplyAddress", async function (this: Cim9World) {
  await sendAsyncResultToCis(this);
});

Then('the CIS holds the reading the asynchronous result gave, with its value', async function (this: Cim9World) {
  const { s } = received(this);
  if (!s.asyncResult) throw new SuiteError('no asynchronous result was sent to the CIS before this step');
  const outcomes = outcomesOfAnswer(s.asyncResult, s.order);
  if (!outcomes.size) throw new SuiteError('the asynchronous result gave no meter of the order a reading: nothing to compare what the CIS holds with');
  const report = await reportOfCis(this);
  if (report === 'skipped') return 'skipped';
  this.assert(checkClientOutcome(report, outcomes, 'OK', s.order, { ...this.ctx('the asynchronous result'), label: 'the CIS report (upper tester)' }), 'what the CIS holds');
});

Given('the MDM the suite plays cannot read the last of the meters', function (this: Cim9World) {
  mdmCannotRead(this, 'last');
});

Given('the MDM the suite plays cannot read any of the meters', function (this: Cim9World) {
  mdmCannotRead(this, 'all');
});

When('the CIS is told to request the interval data of the meter over a past period', function (this: Cim9World) {
  const interval = this.profile.data.readingTypes.interval;
  if (!interval) throw new SuiteError('the profile names no interval ReadingType (data.readingTypes.interval) for the historical request');
  return orderRequest(this, 'cis-history-request', { readingType: interval, period: historyPeriod() });
});

When('the CIS is told to request the interval data of the meter over a past period asynchronously', function (this: Cim9World) {
  const interval = this.profile.data.readingTypes.interval;
  if (!interval) throw new SuiteError('the profile names no interval ReadingType (data.readingTypes.interval) for the historical request');
  return orderRequest(this, 'cis-async-history-request', { readingType: interval, period: historyPeriod() });
});

When('the MDM the suite plays sends the CIS a {string} result of the request at its ReplyAddress', async function (this: Cim9World, result: string) {
  if (result !== 'PARTIAL' && result !== 'FAILED') throw new SuiteError(`unknown result "${result}" (PARTIAL or FAILED)`);
  await sendIncompleteHistoryToCis(this, result === 'PARTIAL' ? 'partial' : 'failed');
});

Then('the CIS holds what the asynchronous result gave, and nothing it did not give', async function (this: Cim9World) {
  const { s } = received(this);
  if (!s.asyncResult) throw new SuiteError('no asynchronous result was sent to the CIS before this step');
  const outcomes = outcomesOfAnswer(s.asyncResult, s.order);
  if (!outcomes.size) throw new SuiteError('the asynchronous result gave no meter of the order an outcome: nothing to compare what the CIS holds with');
  // a created(MeterReadings) result has no Result (CIM9-305 = created): the CIS cannot tell it is partial, and holds what it gave
  const result = s.asyncResult.reply?.result ?? 'OK';
  const report = await reportOfCis(this);
  if (report === 'skipped') return 'skipped';
  const ctx = this.ctx('the asynchronous result');
  this.usedAssumptions['CIM9-218'] = ctx.assumptions['CIM9-218'] === 'failed' ? 'failed' : 'not-read';
  if (result === 'PARTIAL') this.usedAssumptions['CIM9-219'] = ctx.assumptions['CIM9-219'] ?? 'warning';
  this.assert(checkClientOutcome(report, outcomes, result, s.order, { ...ctx, label: 'the CIS report (upper tester)' }), 'what the CIS holds');
});

When('the CIS is told to ask the MDM to {string} the meter', function (this: Cim9World, command: string) {
  if (command !== 'disconnect' && command !== 'connect') throw new SuiteError(`unknown command "${command}" (disconnect or connect)`);
  return orderRequest(this, 'cis-switch-request', { command });
});

When('the MDM the suite plays tells the CIS the completion of its control', async function (this: Cim9World) {
  await tellCisCompletion(this);
});

When('the OMS is told to ping the meter(s)', function (this: Cim9World) {
  return orderRequest(this, 'oms-ping');
});

When('the OMS is told to ping the meter(s) with get\\(EndDeviceEvents)', function (this: Cim9World) {
  return orderRequest(this, 'oms-ping', { noun: 'EndDeviceEvents' });
});

Then(/^the (MDM|head-end) the suite plays receives the request$/, async function (this: Cim9World, peer: string) {
  const s = clientState(this);
  if ((s.order.peer === 'HES') !== (peer === 'head-end')) throw new SuiteError(`the order sends the request to the ${s.order.peer === 'HES' ? 'head-end' : 'MDM'}, not the ${peer}`);
  const x = await receiveClientRequest(this);
  if (x) return;
  const seconds = this.profile.timeouts.eventSeconds;
  this.assert(
    [{ rule: 'DOM-CLIENT-REQUEST', clause: rule('DOM-CLIENT-REQUEST').clause, severity: 'error', message: `${s.order.who} sent no request to the ${peer} the suite plays (${this.run.listener.urlFor(peerPathOf(s.order))}) within ${seconds} s of the upper tester's order` }],
    `${s.order.who}'s request`,
  );
});

When('the CIS is told to ask the head-end directly to {string} the meter at a time', function (this: Cim9World, command: string) {
  if (command !== 'disconnect' && command !== 'connect') throw new SuiteError(`unknown command "${command}" (disconnect or connect)`);
  return orderRequest(this, 'cis-direct-switch-request', { command, at: switchTime() });
});

Then('the request names the time the CIS was told to switch at', function (this: Cim9World) {
  const { s, x } = received(this);
  const mode = String(this.run.assumptions['CIM9-303'] ?? 'warning');
  this.usedAssumptions['CIM9-303'] = mode;
  this.assert(checkClientSwitchTime(x.wire?.message, s.order, mode, x.label), `${x.label}: the time of the switch`);
});

When("the head-end the suite plays sends the result of the control to the CIS's ReplyAddress", async function (this: Cim9World) {
  await sendSwitchResultToCis(this, 'done');
});

When("the head-end the suite plays tells the CIS's ReplyAddress that the control failed", async function (this: Cim9World) {
  await sendSwitchResultToCis(this, 'failed');
});

Then(/^the CIS holds the meter (disconnected|connected) as the result gave$/, async function (this: Cim9World, _state: string) {
  return switchOutcome(this);
});

Then(/^the CIS does not hold the meter (disconnected|connected) after the failure$/, async function (this: Cim9World, _state: string) {
  return switchOutcome(this);
});

async function switchOutcome(w: Cim9World): Promise<'skipped' | void> {
  const s = clientState(w);
  if (!s.switchResult) throw new SuiteError('no result of the switch was sent to the CIS before this step');
  const report = await switchReportOfCis(w);
  if (report === 'skipped') return 'skipped';
  const mode = String(w.run.assumptions['CIM9-302'] ?? 'not-switched');
  if (s.switchResult === 'failed') w.usedAssumptions['CIM9-302'] = mode;
  w.assert(checkClientSwitchOutcome(report, s.order, s.switchResult, mode, 'the CIS switch report (upper tester)'), 'what the CIS holds of the switch');
}

function received(w: Cim9World) {
  const s = clientState(w);
  if (!s.request) throw new SuiteError('no request of the client SUT was received before this step');
  return { s, x: s.request };
}

Then('the request is valid against its schemas', function (this: Cim9World) {
  const { x } = received(this);
  this.assert(x.findings, `${x.label}`);
});

Then('the request header is conformant', function (this: Cim9World) {
  const { x } = received(this);
  const { s } = received(this);
  const control = !!s.order.control;
  const want = s.order.request ?? (control ? { noun: 'EndDeviceControls', verb: 'create' } : { noun: s.order.noun ?? 'MeterReadings', verb: 'get' });
  this.assert(checkClientRequestHeader(x.wire, this.ctx(x.label, x.received?.at), want.noun, want.verb), `${x.label}: header`);
});

Then('the request asks for exactly what the client was told to ask for', function (this: Cim9World) {
  const { s, x } = received(this);
  this.assert(checkClientRead(x.wire?.message, s.order, x.label), `${x.label}: what it asks for`);
});

Then('the ping names a time window that reaches the moment of the order', function (this: Cim9World) {
  const { s, x } = received(this);
  const ctx = this.ctx(x.label, x.received?.at);
  this.usedAssumptions['CIM9-216'] = ctx.assumptions['CIM9-216'] ?? 'warning';
  this.assert(checkPingWindow(x.wire?.message, s.order, ctx), `${x.label}: the ping's window`);
});

Then('the request asks for the period the CIS was told to ask for', function (this: Cim9World) {
  const { s, x } = received(this);
  const ctx = this.ctx(x.label, x.received?.at);
  this.usedAssumptions['CIM9-217'] = ctx.assumptions['CIM9-217'] === 'exact' ? 'exact' : 'covers';
  this.assert(checkClientPeriod(x.wire?.message, s.order, ctx), `${x.label}: the period asked for`);
});

Then(/^the (MDM|head-end) the suite plays takes the request$/, function (this: Cim9World, peer: string) {
  const { s, x } = received(this);
  if (!s.answer) throw new SuiteError(`the ${peer} the suite plays has no record of its answer`);
  this.assert(checkPeerTook(s.answer.message, s.answer.fault, x.label, peer === 'head-end' ? 'head-end' : 'MDM'), `${x.label}: taken by the ${peer}`);
});

When('the head-end the suite plays publishes a power failure of the meter to the OMS', async function (this: Cim9World) {
  await publishToOms(this, '3.26.0.85', 'power failure');
});

When('the head-end the suite plays publishes a power restoration of the meter to the OMS', async function (this: Cim9World) {
  await publishToOms(this, '3.26.0.216', 'power restored');
});

Then('the MDM the suite plays answered the request with Result {string}', function (this: Cim9World, expected: string) {
  const { x } = received(this);
  const { result, outcomes } = answerOutcomes(this);
  // the MDM the suite plays answers a request naming the meters of the order with the Result it was set to give: another
  // Result means the request was not the one the CIS was told to send (refused, other meters), a finding against it
  if (result === expected && outcomes.size) return;
  const s = clientState(this);
  const why = s.answer?.fault ?? (s.answer?.message?.reply?.errors ?? []).map((e) => `${e.code} ${e.reason ?? ''}`.trim()).join('; ');
  this.assert(
    [{ rule: 'DOM-CLIENT-REQUEST', clause: rule('DOM-CLIENT-REQUEST').clause, severity: 'error', message: `${x.label}: the MDM the suite plays answered ${result}${why ? ` (${why})` : ''}, not the ${expected} answer it gives the request the CIS was told to send: the request is not that one` }],
    `${x.label}: the answer`,
  );
});

Then('the CIS holds every interval reading the answer gave, with its value', async function (this: Cim9World) {
  const { s, x } = received(this);
  const { result, outcomes } = answerOutcomes(this);
  if (![...outcomes.values()].some((o) => o.kind === 'intervals')) {
    // an answer without intervals to a request that asked for something else than the order is the CIS's doing
    this.assert(checkClientRead(x.wire?.message, s.order, x.label), `${x.label}: what it asks for`);
    throw new SuiteError('the answer of the MDM the suite plays gave no interval reading: nothing to compare what the CIS holds with');
  }
  const report = await reportOfCis(this);
  if (report === 'skipped') return 'skipped';
  this.assert(checkClientOutcome(report, outcomes, result, s.order, { ...this.ctx(x.label, x.received?.at), label: 'the CIS report (upper tester)' }), 'what the CIS holds');
});

Then('the CIS holds the reading of each meter the answer read and none of a meter it names in an Error', async function (this: Cim9World) {
  const { s, x } = received(this);
  const { result, outcomes } = answerOutcomes(this);
  const report = await reportOfCis(this);
  if (report === 'skipped') return 'skipped';
  const ctx = this.ctx(x.label, x.received?.at);
  this.usedAssumptions['CIM9-218'] = ctx.assumptions['CIM9-218'] === 'failed' ? 'failed' : 'not-read';
  if (result === 'PARTIAL') this.usedAssumptions['CIM9-219'] = ctx.assumptions['CIM9-219'] ?? 'warning';
  this.assert(checkClientOutcome(report, outcomes, result, s.order, { ...ctx, label: 'the CIS report (upper tester)' }), 'what the CIS holds');
});

When(/^the MDM the suite plays tells the CIS that the read after the switch is (missing|incomplete)$/, async function (this: Cim9World, condition: 'missing' | 'incomplete') {
  await tellCisReadError(this, condition);
});

Then('the CIS holds no reading of the meter from the read that failed', async function (this: Cim9World) {
  const s = clientState(this);
  if (!s.readError) throw new SuiteError('the CIS was told no read error before this step');
  const meter = s.order.meters[0]!;
  const report = await reportOfCis(this);
  if (report === 'skipped') return 'skipped';
  const ctx = this.ctx('the read error');
  this.usedAssumptions['CIM9-218'] = ctx.assumptions['CIM9-218'] === 'failed' ? 'failed' : 'not-read';
  const outcomes = new Map([[meter.mRID, { kind: 'failed' as const, code: s.readError.code }]]);
  this.assert(checkClientOutcome(report, outcomes, s.readError.result, s.order, { ...ctx, label: 'the CIS report (upper tester)' }), 'what the CIS holds after the read error');
});

When('the CIS is told to ask the MDM for the billing determinants of the meter with reason {string}', function (this: Cim9World, reason: string) {
  return orderBillingInquiry(this, reason);
});

Then('the request asks for billing quantities with the reason the CIS was told to give', function (this: Cim9World) {
  judgeBillingInquiry(this);
});

Then('the CIS holds every billing determinant the answer gave, with its value', function (this: Cim9World) {
  return judgeBillingHeld(this);
});
