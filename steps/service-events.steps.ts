/**
 * Meter service and premises events with the head-end as SUT (MSR-02 change-out, MSR-03 tamper, PAN-02 PAN device
 * events): the suite plays the MDM. The messages go through the shared steps (schemas, header); the use case's own
 * checks are here. Thin: the engine is src/usecases/service-events.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import { collectLeftoverPublications } from '../src/usecases/masterdata.ts';
import type { Cim9World } from '../src/session/world.ts';
import { awaitCisChangeOut, awaitCisTamper, claimPanForward, forwardTamperToCis, createReplacementMeter, reportChangeOutToMdm, reportPanEventsToMdm, awaitServiceEvents, changeBack, changeOutMeter, checkChangeOutStep, checkCisTamperStep, checkPanStep, checkTamperStep, panEventAt, reportTamperToMdm, tamperAt } from '../src/usecases/service-events.ts';

When('the meter is changed out in the field for the spare meter', async function (this: Cim9World) {
  return changeOutMeter(this);
});

When('a tamper occurs at the meter in the field', async function (this: Cim9World) {
  return tamperAt(this);
});

When('a PAN device of the meter raises an event in the field', async function (this: Cim9World) {
  return panEventAt(this);
});

When('the MDM waits for the change-out events of the meters', async function (this: Cim9World) {
  await awaitServiceEvents(this, 'change-out events');
});

When('the MDM waits for the tamper event of the meter', async function (this: Cim9World) {
  await awaitServiceEvents(this, 'tamper event');
});

When('the MDM waits for the PAN device events of the meter', async function (this: Cim9World) {
  await awaitServiceEvents(this, 'PAN device events');
});

Then('the events tell the removal of the old meter before the installation of the new one', function (this: Cim9World) {
  checkChangeOutStep(this);
});

Then('the MDM is told a tamper event of the meter', function (this: Cim9World) {
  checkTamperStep(this);
});

Given('its replacement meter created at the MDM', async function (this: Cim9World) {
  await createReplacementMeter(this);
});

When('the head-end reports the change-out of the meter for its replacement to the MDM', async function (this: Cim9World) {
  await reportChangeOutToMdm(this);
});

When('the CIS waits for the change-out events of the meters', async function (this: Cim9World) {
  await awaitCisChangeOut(this);
});

Then('the CIS is told the removal of the old meter and the installation of the new one', function (this: Cim9World) {
  checkChangeOutStep(this);
});

When("the head-end tells the MDM the events of the PAN devices at the meter's premises", async function (this: Cim9World) {
  await reportPanEventsToMdm(this);
});

When('the MDM the suite plays forwards a tamper at the meter to the CIS', async function (this: Cim9World) {
  await forwardTamperToCis(this);
});

When('the head-end reports a tamper at the meter to the MDM', async function (this: Cim9World) {
  await reportTamperToMdm(this);
});

When('the CIS waits for the tamper event of the meter', async function (this: Cim9World) {
  await awaitCisTamper(this);
});

Then('the CIS is told the tamper event of the meter with the code the head-end sent', function (this: Cim9World) {
  checkCisTamperStep(this);
});

Then('the events of the PAN devices of the meter have a PAN device type', function (this: Cim9World) {
  checkPanStep(this);
});

// the meter changed out is changed back, so the SUT ends as it began (runs before the deliveries settle, steps/deliveries.steps.ts)
After({ tags: '@uc:service-events' }, async function (this: Cim9World) {
  if (this.run) await changeBack(this);
});

// MSR-02.2: the master-data publication of the replacement meter's create (UC-29) no step examines: claimed, never unsolicited
After({ tags: '@req:MSR-02.2' }, async function (this: Cim9World) {
  try {
    await collectLeftoverPublications(this);
  } catch (e) {
    this.attach(`publications not examined could not be collected: ${e instanceof Error ? e.message : String(e)}`, { mediaType: 'text/plain', fileName: 'publications not examined.txt' });
  }
});

// PAN-02.2: what the MDM passed on of the PAN device events no step examines: claimed, never unsolicited
After({ tags: '@req:PAN-02.2' }, async function (this: Cim9World) {
  if (this.run) await claimPanForward(this);
});
