/**
 * Reading structure, time conventions (MR-06), the two MeterReading shapes (MR-07) and the shape of the
 * GetMeterReadings query the SUT sends (MR-10). Thin: the engine is src/usecases/reading-shapes.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import type { Role } from '../src/session/run.ts';
import { askExampleQuery, askRegisterAndInterval, checkClientQuery, checkPeriodStep, checkConvention, checkReadingTypes, checkRelayedQuery, checkShapes, relayedQueryValid } from '../src/usecases/reading-shapes.ts';

When('the CIS requests the register and interval readings of the meter for the last {int} hours from the {string}', async function (this: Cim9World, hours: number, role: Role) {
  await askRegisterAndInterval(this, hours, role);
});

Then('each interval timeStamp is the end of its interval', function (this: Cim9World) {
  return checkConvention(this, 'interval-end');
});

Then('the intervals lie in the requested period, its start included and its end excluded', function (this: Cim9World) {
  return checkConvention(this, 'half-open');
});

Then('the intervals of each block are contiguous and aligned to their measuring period', function (this: Cim9World) {
  return checkConvention(this, 'contiguous');
});

Then('no reportedDateTime is before the timeStamp of its reading', function (this: Cim9World) {
  return checkConvention(this, 'reported');
});

Then('every timePeriod starts before it ends and each valuesInterval contains the timeStamps of its MeterReading', function (this: Cim9World) {
  return checkConvention(this, 'periods');
});

Then('every date-time of the answer carries a time-zone offset', function (this: Cim9World) {
  return checkConvention(this, 'offsets');
});

Then('the answer gives the register value as Readings and the interval data as an IntervalBlock', function (this: Cim9World) {
  checkShapes(this);
});

Then('the answer references its ReadingTypes one way, defined at the root or by their code', function (this: Cim9World) {
  checkReadingTypes(this);
});

Then('the MDM asks the head-end with a GetMeterReadings query of the example\'s shape', function (this: Cim9World) {
  return checkRelayedQuery(this);
});

Then('the query to the head-end is valid against its schemas and conformant', function (this: Cim9World) {
  relayedQueryValid(this);
});

Then('the request carries a GetMeterReadings query of the example\'s shape', function (this: Cim9World) {
  checkClientQuery(this);
});

When('the CIS asks the {string} with the GetMeterReadings example for the register and interval readings of the meter\'s usage point over the last {int} hours', async function (this: Cim9World, role: Role, hours: number) {
  await askExampleQuery(this, hours, role);
});

Then('every reading answered lies within the requested period and the interval data covers it from its start to its end', function (this: Cim9World) {
  checkPeriodStep(this);
});
