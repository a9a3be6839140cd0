/**
 * EDE-05 and EDE-07 with the MDM as SUT (features/mdm-events.feature): the suite plays the head-end that tells the MDM
 * end device events and the system that asks the MDM for them. The replies go through the shared steps (schemas,
 * header, Result); the use case's own checks are here. Thin: the engine is src/usecases/mdm-events.ts.
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { askMdmEvents, checkMdmEventsStep, tellMdmEvents } from '../src/usecases/mdm-events.ts';
import { askMdmMeterConfig, checkFirmwareKeptStep, claimFirmwareConfigLeftovers, tellMdmFirmwareConfig } from '../src/usecases/mdm-firmware.ts';
import { settleDeliveries } from '../src/usecases/deliveries.ts';
import { quietSecondsOf } from '../src/profile/index.ts';

When('the head-end tells the MDM the health alarms of the meter', async function (this: Cim9World) {
  await tellMdmEvents(this, 'health');
});

When('the head-end tells the MDM the start and the end of a voltage sag and of a swell at the meter', async function (this: Cim9World) {
  await tellMdmEvents(this, 'pq');
});

When('the head-end tells the MDM the firmware events of the meter upgraded in the field, ready then activated', async function (this: Cim9World) {
  await tellMdmEvents(this, 'firmware');
});

When('the meter asset management asks the MDM for the events of the meter over their time', async function (this: Cim9World) {
  await askMdmEvents(this, 'meter asset management');
});

Then('the MDM answers the firmware events it was told, with their codes, meter and times', async function (this: Cim9World) {
  await checkMdmEventsStep(this);
});

When('the maintenance consumer asks the MDM for the events of the meter over their time', async function (this: Cim9World) {
  await askMdmEvents(this, 'maintenance consumer');
});

When('the network operator asks the MDM for the events of the meter over their time', async function (this: Cim9World) {
  await askMdmEvents(this, 'network operator');
});

Then('the MDM answers the health events it was told, with their codes, meter and times', async function (this: Cim9World) {
  await checkMdmEventsStep(this);
});

Then('the MDM answers the sag and swell events it was told, with their codes, meter and times, paired start and stop per phase', async function (this: Cim9World) {
  await checkMdmEventsStep(this);
});

// MSE-01 with the MDM as receiver of the configuration change (src/usecases/mdm-firmware.ts)
When('the head-end tells the MDM the configuration change of the meter with its new firmware', async function (this: Cim9World) {
  await tellMdmFirmwareConfig(this);
});

When('the meter asset management asks the MDM for the configuration of the meter', async function (this: Cim9World) {
  const r = await askMdmMeterConfig(this);
  return r === 'skipped' ? 'skipped' : undefined;
});

Then('the MDM answers the meter with its new firmware', function (this: Cim9World) {
  checkFirmwareKeptStep(this);
});

After({ tags: '@req:MSE-01.4' }, async function (this: Cim9World) {
  if (!this.run) return;
  await settleDeliveries(this, this.run.listener, quietSecondsOf(this.profile) * 1000, (ms) => this.sutIdle(ms));
  claimFirmwareConfigLeftovers(this);
});
