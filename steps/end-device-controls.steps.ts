/**
 * Meter connect/disconnect at the head-end (EDC-06 steps 3-5, EDC-07): the suite plays the MDM (or the CIS) and sends
 * create(EndDeviceControls); the reply goes through the shared steps (schemas and message rules, including
 * COD-CONTROL-TYPE on the EndDeviceControls the head-end returns; header; Result). The outcome the head-end tells
 * the MDM, the final / initial read and the asynchronous result are checked here. Thin: the engine is
 * src/usecases/end-device-controls.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import {
  askSwitchRead,
  askSwitchState,
  checkSwitchStateStep,
  awaitOutcome,
  checkAsyncResult,
  checkUnavailableRead,
  chooseUnreadableMeter,
  restoreReadability,
  checkOutcomeContent,
  checkOutcomeMessages,
  checkSwitchReadStep,
  claimLeftovers,
  CONTROL_COMMANDS,
  isControlCommand,
  sendControl,
  type ControlCommand,
  awaitFailureResult,
  checkFailureEventStep,
  checkFailureResultContent,
  checkFailureResultMessage,
  chooseStuckMeter,
  freeSwitch,
} from '../src/usecases/end-device-controls.ts';
import { awaitAsyncResult } from '../src/usecases/async-result.ts';

function command(s: string): ControlCommand {
  if (!isControlCommand(s)) throw new SuiteError(`unknown command "${s}" (known: ${Object.keys(CONTROL_COMMANDS).join(', ')})`);
  return s;
}

When('the MDM asks the head-end to {string} the meter', async function (this: Cim9World, c: string) {
  await sendControl(this, command(c));
});

When('the CIS asks the head-end to {string} the meter asynchronously', async function (this: Cim9World, c: string) {
  await sendControl(this, command(c), { async: true });
});

When("the MDM waits for the head-end's outcome of the switch", async function (this: Cim9World) {
  await awaitOutcome(this);
});

Then('every outcome message is valid against its schemas and conformant', function (this: Cim9World) {
  checkOutcomeMessages(this);
});

Then('the outcome is the result of the command for the meter', function (this: Cim9World) {
  checkOutcomeContent(this);
});

Then("the head-end sends the MDM the meter's register read taken after the switch", async function (this: Cim9World) {
  await checkSwitchReadStep(this);
});

When('the CIS waits for the asynchronous result of its control', async function (this: Cim9World) {
  await awaitAsyncResult(this, { verbs: 'created', noun: 'EndDeviceControls', label: 'asynchronous result of create(EndDeviceControls)' });
});

Then('it is the result of the control for the meter', function (this: Cim9World) {
  checkAsyncResult(this);
});

Given('a meter that switches but cannot give its register read', async function (this: Cim9World) {
  return chooseUnreadableMeter(this);
});

When("the MDM asks the head-end for the meter's register read after the switch", async function (this: Cim9World) {
  await askSwitchRead(this);
});

Then('the head-end answers that the read is unavailable, with a Result that is not OK and code 5.7', function (this: Cim9World) {
  checkUnavailableRead(this);
});

When('the MDM asks the head-end for the events of the meter since the control', async function (this: Cim9World) {
  await askSwitchState(this);
});

Then("the head-end's events show the meter in the state the command left it", function (this: Cim9World) {
  checkSwitchStateStep(this);
});

Given('a meter whose switch fails', async function (this: Cim9World) {
  return chooseStuckMeter(this);
});

When('the CIS waits for the asynchronous result of its control that failed', async function (this: Cim9World) {
  await awaitFailureResult(this);
});

Then('the failure result is valid against its schemas and conformant', function (this: Cim9World) {
  checkFailureResultMessage(this);
});

Then('it is a failure result of the control for the meter', function (this: Cim9World) {
  checkFailureResultContent(this);
});

Then('the head-end tells the MDM the failure event of the command for the meter', async function (this: Cim9World) {
  await checkFailureEventStep(this);
});

// what the scenario caused at the MDM address and no step examined is claimed, not reported as unsolicited; a meter
// the scenario made unreadable is made readable again, a meter whose switch it made fail switches again
After({ tags: '@uc:end-device-controls' }, async function (this: Cim9World) {
  if (!this.run) return;
  try {
    await claimLeftovers(this);
  } finally {
    await restoreReadability(this);
    await freeSwitch(this);
  }
});
