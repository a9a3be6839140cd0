/**
 * EDE-06 with the MDM as SUT: the suite plays the head-end that tells the MDM health events and the maintenance
 * consumer (MM / WM) the MDM forwards them to. The reply and the forward go through the shared steps (schemas,
 * header, Result); the use case's own checks are here. Thin: the engine is src/usecases/health-forward.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { awaitForward, checkForwardedOnce, checkForwardStep, tellHealthEvents } from '../src/usecases/health-forward.ts';

When('the head-end tells the MDM health events of the meter', async function (this: Cim9World) {
  await tellHealthEvents(this, false);
});

When('the head-end tells the MDM health events and another event of the meter', async function (this: Cim9World) {
  await tellHealthEvents(this, true);
});

When('the maintenance consumer waits for the health events of the meter', async function (this: Cim9World) {
  await awaitForward(this);
});

Then('the maintenance consumer is told the health events the head-end sent, with their codes, meter and times', function (this: Cim9World) {
  checkForwardStep(this);
});

Then('the maintenance consumer is told the health events the head-end sent and no other event', function (this: Cim9World) {
  checkForwardStep(this);
});

Then('the maintenance consumer is told each health event once', async function (this: Cim9World) {
  await checkForwardedOnce(this);
});
