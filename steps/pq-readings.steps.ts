/**
 * Power-quality measurements told by the head-end (EDE-08, features/pq-readings.feature): the suite plays the MDM.
 * Thin: the engine is src/usecases/pq-readings.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { askMdmPq, askPqMeasurements, awaitPqReadings, causePqDisturbance, checkMdmPqAnswerStep, checkPqAnswerStep, checkPqReadingsStep, tellMdmPq } from '../src/usecases/pq-readings.ts';

When('a power-quality disturbance occurs at the meter in the field', function (this: Cim9World) {
  return causePqDisturbance(this);
});

When('the MDM waits for the power-quality measurements of the meter', async function (this: Cim9World) {
  await awaitPqReadings(this);
});

Then('every power-quality measurement is a minimum, maximum or average of a power-quality kind and of the meter', function (this: Cim9World) {
  checkPqReadingsStep(this);
});

When('the network operator asks the head-end for the power-quality measurements of the meter over the disturbance', async function (this: Cim9World) {
  await askPqMeasurements(this);
});

Then('the power-quality measurements answered are minimums, maximums or averages of a power-quality kind, of the meter, within the disturbance\'s window', async function (this: Cim9World) {
  await checkPqAnswerStep(this);
});

When('the head-end tells the MDM the power-quality measurements of the meter', async function (this: Cim9World) {
  await tellMdmPq(this);
});

When('the network operator asks the MDM for the power-quality measurements of the meter over their time', async function (this: Cim9World) {
  await askMdmPq(this);
});

Then('the MDM answers the power-quality measurements it was told, minimums, maximums or averages of a power-quality kind, of the meter, within the window', function (this: Cim9World) {
  checkMdmPqAnswerStep(this);
});
