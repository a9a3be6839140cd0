/**
 * Coincident readings at the head-end (MR-09, MR-08): the suite plays the MDM, sends the connect / disconnect through the
 * EDC-06 steps (steps/end-device-controls.steps.ts) and checks the coincident shape of the read that follows (MR-09) and of the answer to a coincident request (MR-08). Thin:
 * the engine is src/usecases/coincident-reads.ts.
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import type { Role } from '../src/session/run.ts';
import { askCoincident, askCoincidentWithReading, awaitSwitchRead, checkCoincidentAnswerStep, checkReadingTriggerStep, checkSwitchReadMessage, checkSwitchReadReadings, checkSwitchReadTrigger } from '../src/usecases/coincident-reads.ts';
import { claimLeftovers } from '../src/usecases/end-device-controls.ts';

When("the MDM waits for the head-end's register read after the switch", async function (this: Cim9World) {
  return awaitSwitchRead(this);
});

Then('the read after the switch is valid against its schemas and conformant', function (this: Cim9World) {
  checkSwitchReadMessage(this);
});

Then('a MeterReading of the meter holds the switch event as the trigger of its readings', function (this: Cim9World) {
  return checkSwitchReadTrigger(this);
});

Then('every coincident reading has reason {string} and the time of the switch event', function (this: Cim9World, reason: string) {
  return checkSwitchReadReadings(this, reason);
});

When('the MDM asks the head-end for the register reading coincident with the switch event', async function (this: Cim9World) {
  await askCoincident(this);
});

Then('the answer holds the switch event as the trigger of the register reading at its time', function (this: Cim9World) {
  return checkCoincidentAnswerStep(this);
});

When('the {word} asks the {string} for the register reading of the meter coincident with its maximum demand of the last {int} hours', async function (this: Cim9World, _requester: string, role: Role, hours: number) {
  await askCoincidentWithReading(this, role, hours);
});

Then('the answer holds the maximum demand reading of the period as the trigger and the register reading at its time', function (this: Cim9World) {
  return checkReadingTriggerStep(this);
});

// what the switch caused at the MDM address and no step examined (its outcome events) is claimed, not reported as unsolicited
After({ tags: '@uc:coincident-reads' }, async function (this: Cim9World) {
  if (this.run) await claimLeftovers(this);
});
