/**
 * A firmware upgrade of a meter told by the head-end (MSE-01, features/firmware-upgrade.feature): the suite plays the
 * MDM. The messages go through the shared steps (schemas, header); the use case's own checks are here. Thin: the
 * engine is src/usecases/firmware-upgrade.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitFirmwareConfig,
  awaitFirmwareEvents,
  checkFirmwareConfigStep,
  checkFirmwareEventsStep,
  checkNoNewFirmwareStep,
  upgradeFirmware,
} from '../src/usecases/firmware-upgrade.ts';

When('the firmware of the meter is upgraded in the field', function (this: Cim9World) {
  return upgradeFirmware(this, 'activated');
});

When('a firmware upgrade of the meter fails to activate in the field', function (this: Cim9World) {
  return upgradeFirmware(this, 'failed');
});

When('the MDM waits for the firmware events of the meter', async function (this: Cim9World) {
  await awaitFirmwareEvents(this);
});

Then('the firmware events of the meter go from ready for activation to activated', function (this: Cim9World) {
  checkFirmwareEventsStep(this, 'activated');
});

Then('the firmware events of the meter go from ready for activation to a failure', function (this: Cim9World) {
  checkFirmwareEventsStep(this, 'failed');
});

When("the MDM waits for the head-end's configuration change of the meter", async function (this: Cim9World) {
  await awaitFirmwareConfig(this);
});

Then('the configuration change shows the new firmware of the meter', function (this: Cim9World) {
  checkFirmwareConfigStep(this);
});

Then('no configuration change shows the new firmware of the meter', async function (this: Cim9World) {
  await checkNoNewFirmwareStep(this);
});
