/**
 * Controls through the MDM (P6): the suite plays the CIS / DRMS that asks the MDM for a control and the MDM's head-end.
 * The reply goes through the shared reply steps. Thin: the engine is src/usecases/relayed-controls.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitCompletion,
  awaitReadResult,
  cancelAtMdm,
  checkGroupPassedOn,
  defineGroupAtMdm,
  sendGroupControlToMdm,
  tellMdmGroupReads,
  tellMdmGroupSwitch,
  checkCancelPassedOn,
  awaitServiceCompletion,
  sendServiceRequestToMdm,
  checkCompletionContent,
  checkCompletionMessages,
  checkControlPassedOn,
  claimRelayedControlLeftovers,
  sendControlToMdm,
  tellMdmSwitchEvent,
  tellMdmSwitchRead,
  withholdSwitchRead,
  tellMdmSwitchFailure,
  awaitRelayedFailure,
  checkRelayedFailureMessages,
  checkRelayedFailureContent,
  sendLoadControlOfMetersToMdm,
  sendLoadControlOfGroupToMdm,
  tellMdmLoadControlResults,
} from '../src/usecases/relayed-controls.ts';

When('the CIS asks the MDM to {string} the meter, the suite playing its head-end', async function (this: Cim9World, kind: string) {
  await sendControlToMdm(this, kind);
});

When('the DRMS asks the MDM for a {string} control of the meter, the suite playing its head-end', async function (this: Cim9World, kind: string) {
  await sendControlToMdm(this, kind);
});

When('the DRMS asks the MDM for a randomised load-control start of the meters, the suite playing its head-end', async function (this: Cim9World) {
  await sendLoadControlOfMetersToMdm(this);
});

When('the DRMS asks the MDM for a randomised load-control start of the group, the suite playing its head-end', async function (this: Cim9World) {
  await sendLoadControlOfGroupToMdm(this);
});

When('the head-end tells the MDM the load-control result event of every device of the control', async function (this: Cim9World) {
  await tellMdmLoadControlResults(this);
});

Then('the MDM passes the control on to the head-end', async function (this: Cim9World) {
  await checkControlPassedOn(this);
});

When('the head-end tells the MDM the switch event of the meter', async function (this: Cim9World) {
  await tellMdmSwitchEvent(this);
});

When('the head-end tells the MDM the register read of the meter after the switch', async function (this: Cim9World) {
  await tellMdmSwitchRead(this);
});

When('the CIS asks the MDM for a {string} meter service request, the suite playing its head-end', async function (this: Cim9World, command: string) {
  await sendServiceRequestToMdm(this, command);
});

Then('the MDM tells the CIS the meter service request completed', async function (this: Cim9World) {
  await awaitServiceCompletion(this);
});

When('the DRMS asks the MDM to cancel the control by its {word}', async function (this: Cim9World, by: string) {
  await cancelAtMdm(this, by);
});

Then('the MDM passes the cancel on to the head-end and nothing more of the control follows', async function (this: Cim9World) {
  await checkCancelPassedOn(this);
});

Given('the MDM knows a group of all the meters but the last', async function (this: Cim9World) {
  await defineGroupAtMdm(this);
});

When('the CIS asks the MDM to disconnect the group, the suite playing its head-end', async function (this: Cim9World) {
  await sendGroupControlToMdm(this);
});

Then('the MDM passes the control of the group on to the head-end', async function (this: Cim9World) {
  await checkGroupPassedOn(this);
});

When('the head-end tells the MDM the switch event of every member of the group', async function (this: Cim9World) {
  await tellMdmGroupSwitch(this);
});

When('the head-end tells the MDM the final register read of every member of the group', async function (this: Cim9World) {
  await tellMdmGroupReads(this);
});

When('the head-end sends the MDM no register read of the meter after the switch', function (this: Cim9World) {
  withholdSwitchRead(this);
});

When('the head-end tells the MDM an incomplete register read of the meter after the switch', async function (this: Cim9World) {
  await tellMdmSwitchRead(this, 'incomplete');
});

Then('the MDM tells the CIS the missing data with a Result that is not OK and code 5.7', async function (this: Cim9World) {
  await awaitReadResult(this);
});

When("the CIS waits for the MDM's completion of its control", async function (this: Cim9World) {
  await awaitCompletion(this);
});

Then('every completion message is valid against its schemas and conformant', function (this: Cim9World) {
  checkCompletionMessages(this);
});

Then('the completion is the result of the command for the meter', function (this: Cim9World) {
  checkCompletionContent(this);
});

When('the head-end tells the MDM that the switch of the meter failed', async function (this: Cim9World) {
  await tellMdmSwitchFailure(this);
});

When("the CIS waits for what the MDM tells it about its control that failed", async function (this: Cim9World) {
  await awaitRelayedFailure(this);
});

Then('every message the MDM tells the CIS about it is valid against its schemas and conformant', function (this: Cim9World) {
  checkRelayedFailureMessages(this);
});

Then('the MDM tells the CIS the failure of the command for the meter, correlated to its control, and no read of the meter', function (this: Cim9World) {
  checkRelayedFailureContent(this);
});

// what the scenario caused at the head-end's and the CIS's addresses and no step examined is claimed
After({ tags: '@uc:relayed-controls' }, async function (this: Cim9World) {
  if (this.run) await claimRelayedControlLeftovers(this);
});
