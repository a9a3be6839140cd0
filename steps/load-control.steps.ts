/**
 * Load control (EDC-01) and a disconnect by EndDeviceGroup (EDC-09) at the head-end: the suite plays the DRMS / MDM
 * that sends create(EndDeviceControls) and cancel(EndDeviceControls), and the subscriber of the results. The replies
 * go through the shared steps (schemas and message rules, including COD-CONTROL-TYPE; header; Result). Thin: the
 * engine is src/usecases/load-control.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import {
  awaitEnds,
  awaitPanAcks,
  awaitResults,
  checkPanAckContent,
  checkPanAckMessages,
  claimPanLeftovers,
  cancelControl,
  checkEndMessages,
  checkRandomisedEnd,
  checkCanceledResult,
  checkRandomisation,
  sendRandomisedLoadControl,
  checkQuietAfterCancel,
  checkResultMessages,
  checkResults,
  claimLoadControlLeftovers,
  defineGroup,
  checkReturnedPanControl,
  isCancelKey,
  isPanControlKind,
  PAN_CONTROLS,
  sendGroupDisconnect,
  sendPanControl,
  sendLoadControl,
} from '../src/usecases/load-control.ts';

When('the DRMS asks the head-end to start load control on the meter', async function (this: Cim9World) {
  await sendLoadControl(this);
});

When('the DRMS asks the head-end to start load control on the meters with a randomised start', async function (this: Cim9World) {
  await sendRandomisedLoadControl(this);
});

Then('every device starts within the randomisation window of the control', function (this: Cim9World) {
  checkRandomisation(this);
});

When('the DRMS asks the head-end to start load control on the meters with a randomised end', async function (this: Cim9World) {
  await sendRandomisedLoadControl(this, 'end');
});

When('the DRMS waits for the acknowledgement of its PAN control', async function (this: Cim9World) {
  await awaitPanAcks(this);
});

Then('every acknowledgement message is valid against its schemas and conformant', function (this: Cim9World) {
  checkPanAckMessages(this);
});

Then('the acknowledgement events are the display and the acknowledgement of the text message', function (this: Cim9World) {
  checkPanAckContent(this);
});

When('the requester waits for the end of its control', async function (this: Cim9World) {
  await awaitEnds(this);
});

Then('every end message is valid against its schemas and conformant', function (this: Cim9World) {
  checkEndMessages(this);
});

Then('every device stops within the end window of the control', function (this: Cim9World) {
  checkRandomisedEnd(this);
});

Given('the head-end knows a group of all the meters but the last', async function (this: Cim9World) {
  await defineGroup(this);
});

When('the MDM asks the head-end to disconnect the group', async function (this: Cim9World) {
  await sendGroupDisconnect(this);
});

When('the requester waits for the results of its control', async function (this: Cim9World) {
  await awaitResults(this);
});

Then('every result message is valid against its schemas and conformant', function (this: Cim9World) {
  checkResultMessages(this);
});

Then('every device of the control has its result event and no other device has one', function (this: Cim9World) {
  checkResults(this);
});

When('the DRMS cancels the control by its {word}', async function (this: Cim9World, key: string) {
  if (!isCancelKey(key)) throw new SuiteError(`unknown cancel key "${key}" (known: mRID, issuerTrackingID)`);
  await cancelControl(this, key);
});

Then('nothing more of the control reaches the requester after the cancel', async function (this: Cim9World) {
  await checkQuietAfterCancel(this);
});

Then('the canceled result of the cancel, if the head-end sends one, names the canceled control', async function (this: Cim9World) {
  await checkCanceledResult(this);
});

When('the DRMS sends the head-end a {string} PAN control for the meter', async function (this: Cim9World, kind: string) {
  if (!isPanControlKind(kind)) throw new SuiteError(`unknown PAN control "${kind}" (known: ${Object.keys(PAN_CONTROLS).join(', ')})`);
  await sendPanControl(this, kind);
});

Then('the head-end returns the control with exactly the PAN action sent', function (this: Cim9World) {
  checkReturnedPanControl(this);
});

// what the scenario caused at the requester's address and no step examined is claimed, not reported as unsolicited
After({ tags: '@uc:load-control' }, async function (this: Cim9World) {
  if (this.run) {
    await claimLoadControlLeftovers(this);
    await claimPanLeftovers(this);
  }
});
