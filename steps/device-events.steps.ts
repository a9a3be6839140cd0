/**
 * End device events with the head-end as SUT (EDE-05 meter health, EDE-07 power quality, EDE-09 get(EndDeviceEvents)):
 * the suite plays the MDM. The reply and the messages go through the shared steps (schemas, header, Result, the
 * negative's Annex B code); the use case's own checks are here. Thin: the engine is src/usecases/device-events.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { askEvents, awaitMdmEvents, checkHealthStep, checkNoMatchStep, checkPqStep, checkQueryAnswerStep, fieldEvent } from '../src/usecases/device-events.ts';

When('the MDM asks the head-end for the events of the meter in the last {int} hours', async function (this: Cim9World, hours: number) {
  await askEvents(this, { lastHours: hours });
});

When('the MDM asks the head-end for the events of the meter in a window with no event', async function (this: Cim9World) {
  await askEvents(this, 'no-match');
});

Then('the reply carries only events of the meter inside the window', function (this: Cim9World) {
  checkQueryAnswerStep(this);
});

Then('the reply says that no event matched', function (this: Cim9World) {
  checkNoMatchStep(this);
});

When('the meter raises health alarms in the field', async function (this: Cim9World) {
  return fieldEvent(this, 'health-alarm');
});

When('a voltage sag occurs at the meter in the field', async function (this: Cim9World) {
  return fieldEvent(this, 'voltage-sag');
});

When('the MDM waits for the health events of the meter', async function (this: Cim9World) {
  await awaitMdmEvents(this, 'health events');
});

When('the MDM waits for the power quality events of the meter', async function (this: Cim9World) {
  await awaitMdmEvents(this, 'power quality events', { all: true });
});

Then('every health event of the meter has a code of a health domain', function (this: Cim9World) {
  checkHealthStep(this);
});

Then('the sag and swell events of the meter pair start and stop per phase', function (this: Cim9World) {
  checkPqStep(this);
});
