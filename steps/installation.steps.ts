/**
 * Meters installed in and removed from the field (features/meter-installation.feature): the suite as the MDM
 * subscribed to the head-end's master-data publications. Thin: the engine is src/usecases/installation.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitPublication,
  checkPublication,
  installedAndReported,
  installInField,
  removeFromField,
  restoreSpareMeter,
  takeSpareMeter,
  toldOnce,
} from '../src/usecases/installation.ts';

Given('a spare meter that is not installed', function (this: Cim9World) {
  takeSpareMeter(this);
});

Given('the spare meter installed in the field and reported to the MDM', function (this: Cim9World) {
  return installedAndReported(this);
});

When('the spare meter is installed in the field', function (this: Cim9World) {
  return installInField(this);
});

When('the meter is removed from the field', function (this: Cim9World) {
  return removeFromField(this);
});

When("the MDM waits for the head-end's MeterConfig about the meter", async function (this: Cim9World) {
  await awaitPublication(this);
});

Then('it describes the installed meter and no other', function (this: Cim9World) {
  checkPublication(this, 'installed');
});

Then('it tells of the removal of the meter and no other', function (this: Cim9World) {
  checkPublication(this, 'removed');
});

Then('the MDM is told of the change only once', function (this: Cim9World) {
  return toldOnce(this);
});

// the SUT ends the scenario as it began: a meter the scenario installed is taken out again
After(function (this: Cim9World) {
  if (this.run) return restoreSpareMeter(this);
});
