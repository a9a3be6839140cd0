/**
 * Change of customer program (EDC-04 without MDM; EDC-03 through the MDM): the suite plays the CIS that asks for the
 * reprogramming and the subscriber of the head-end's events. The reply goes through the shared steps (schemas and
 * message rules, including COD-CONTROL-TYPE; header; Result). Thin: the engine is src/usecases/customer-programs.ts.
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitProgramEvent,
  checkProgramEventContent,
  checkMdmReprograms,
  checkProgramEventMessages,
  claimProgramLeftovers,
  sendProgramChange,
  sendProgramChangeToMdm,
  tellMdmConfigurationChanged,
} from '../src/usecases/customer-programs.ts';

When('the CIS asks the head-end to reprogram the meter for a new customer program', async function (this: Cim9World) {
  await sendProgramChange(this);
});

When("the CIS waits for the meter's configuration-changed event", async function (this: Cim9World) {
  await awaitProgramEvent(this);
});

Then('every configuration event message is valid against its schemas and conformant', function (this: Cim9World) {
  checkProgramEventMessages(this);
});

Then('the meter reports its configuration changed after the command', function (this: Cim9World) {
  checkProgramEventContent(this);
});

When("the CIS changes the customer program of the meter's usage point at the MDM, the suite playing its head-end", async function (this: Cim9World) {
  await sendProgramChangeToMdm(this);
});

Then('the MDM asks the head-end to reprogram the meter', async function (this: Cim9World) {
  await checkMdmReprograms(this);
});

When("the head-end tells the MDM the meter's configuration changed", async function (this: Cim9World) {
  await tellMdmConfigurationChanged(this);
});

// what the scenario caused at the subscriber's address and no step examined is claimed, not reported as unsolicited
After({ tags: '@uc:customer-programs' }, async function (this: Cim9World) {
  if (this.run) await claimProgramLeftovers(this);
});
