/**
 * Pairing of a PAN device (PAN-01) at the head-end: the suite plays the MDM that opens (and closes) the pairing window
 * and the subscriber of the pairing result; the field of the PAN device is set up through the stimulus contract. The
 * reply goes through the shared steps (schemas, header, Result). Thin: the engine is src/usecases/pan-pairing.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { quietSecondsOf } from '../src/profile/index.ts';
import { settleDeliveries } from '../src/usecases/deliveries.ts';
import {
  awaitPairing,
  checkNothingPairedAfterClose,
  checkPairingFailure,
  checkPairingMessages,
  checkPairingResult,
  claimPairingLeftovers,
  joinPanDevice,
  preparePanDevice,
  sendCloseControl,
  sendPairingControl,
} from '../src/usecases/pan-pairing.ts';
import { checkPairingWindowPassedOn, checkPanLinkageStep, claimPanRelayLeftovers, createPanDeviceAtMdm, tellMdmPairingResult } from '../src/usecases/pan-relay.ts';

Given('a new PAN device at the meter that the meter cannot pair', async function (this: Cim9World) {
  return preparePanDevice(this, 'pan-pairing-refused');
});

Given('a new PAN device out of range of the meter', async function (this: Cim9World) {
  return preparePanDevice(this, 'pan-out-of-range');
});

When('the MDM opens the pairing window on the meter for a new PAN device', async function (this: Cim9World) {
  await sendPairingControl(this);
});

When('the MDM opens the pairing window on the meter for that PAN device', async function (this: Cim9World) {
  await sendPairingControl(this, { prepared: true });
});

When('the MDM closes the pairing window on the meter', async function (this: Cim9World) {
  await sendCloseControl(this);
});

When('the PAN device comes into range and asks the meter to join', async function (this: Cim9World) {
  return joinPanDevice(this);
});

When('the MDM waits for the pairing result', async function (this: Cim9World) {
  await awaitPairing(this);
});

When('the MDM waits for the pairing failure', async function (this: Cim9World) {
  await awaitPairing(this, { failure: true });
});

Then('every pairing message is valid against its schemas and conformant', function (this: Cim9World) {
  checkPairingMessages(this);
});

Then('the pairing result names the PAN device, in domain 10, after the control', function (this: Cim9World) {
  checkPairingResult(this);
});

Then('the pairing failure names the PAN device, in domain 10, after the control, and it is not paired', function (this: Cim9World) {
  checkPairingFailure(this);
});

Then('no event tells the PAN device paired after the window was closed', async function (this: Cim9World) {
  await checkNothingPairedAfterClose(this);
});

// the MDM as SUT (src/usecases/pan-relay.ts): the suite plays the CIS and the MDM's head-end
When('the CIS creates a PAN device of the meter at the MDM, the suite playing its head-end', async function (this: Cim9World) {
  await createPanDeviceAtMdm(this);
});

Then('the MDM opens the pairing window at its head-end on the meter for the PAN device, with its installCode', async function (this: Cim9World) {
  await checkPairingWindowPassedOn(this);
});

When('the head-end tells the MDM the pairing of the PAN device {word}', async function (this: Cim9World, outcome: string) {
  await tellMdmPairingResult(this, outcome);
});

Then('the MDM links the PAN device to the usage point of its meter only when it was paired', async function (this: Cim9World) {
  await checkPanLinkageStep(this);
});

After({ tags: '@uc:pan-pairing' }, async function (this: Cim9World) {
  if (!this.run) return;
  // what the scenario caused lands first (this hook runs before the general settle of steps/deliveries.steps.ts):
  // the events of a window the valid twin opened come just after its reply, and are the scenario's own
  await settleDeliveries(this, this.run.listener, quietSecondsOf(this.profile) * 1000, (ms) => this.sutIdle(ms));
  claimPairingLeftovers(this);
  claimPanRelayLeftovers(this);
});
