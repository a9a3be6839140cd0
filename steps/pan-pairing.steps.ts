/**
 * Pairing of a PAN device (PAN-01) at the head-end: the suite plays the MDM that opens the pairing window and the
 * subscriber of the pairing result. The reply goes through the shared steps (schemas, header, Result). Thin: the
 * engine is src/usecases/pan-pairing.ts.
 */
import { After, Then, When } from '@cucumber/cucumber';
import type { Cim9World } from '../src/session/world.ts';
import { awaitPairing, checkPairingMessages, checkPairingResult, claimPairingLeftovers, sendPairingControl } from '../src/usecases/pan-pairing.ts';

When('the MDM opens the pairing window on the meter for a new PAN device', async function (this: Cim9World) {
  await sendPairingControl(this);
});

When('the MDM waits for the pairing result', async function (this: Cim9World) {
  await awaitPairing(this);
});

Then('every pairing message is valid against its schemas and conformant', function (this: Cim9World) {
  checkPairingMessages(this);
});

Then('the pairing result names the PAN device, in domain 10, after the control', function (this: Cim9World) {
  checkPairingResult(this);
});

After({ tags: '@uc:pan-pairing' }, function (this: Cim9World) {
  if (this.run) claimPairingLeftovers(this);
});
