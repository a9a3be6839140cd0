/**
 * Meter installation and removal (MSR-01): the suite plays the CIS that asks the head-end (work management) for a
 * meter service and waits for its completion. Thin: the engine is src/usecases/meter-service.ts; the replies go
 * through the shared steps (schemas, header, Result).
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitCompletion,
  awaitServiceMasterData,
  checkCompletionMessage,
  checkServiceCompletion,
  checkServiceMasterDataContent,
  checkServiceMasterDataMessages,
  cleanUpService,
  installBeforehand,
  requestService,
} from '../src/usecases/meter-service.ts';
import { checkCompletionLinkStep, checkUnknownMeterRefused, tellCompletedExchange, tellCompletionAtUnknownUsagePoint, tellCompletionOfUnknownMeter } from '../src/usecases/meter-service-mdm.ts';
import { collectLeftoverPublications } from '../src/usecases/masterdata.ts';
import { checkCompletionReadsHeld, checkOrderedMeterService, orderMeterService, tellCisCompletion } from '../src/usecases/meter-service-cis.ts';

Given('the spare meter installed through a meter service request', async function (this: Cim9World) {
  await installBeforehand(this);
});

When('the CIS asks the head-end to install the spare meter at the usage point', async function (this: Cim9World) {
  await requestService(this, 'installation');
});

When('the CIS asks the head-end to remove the spare meter', async function (this: Cim9World) {
  await requestService(this, 'removal');
});

When('the CIS waits for the completion of the meter service request', async function (this: Cim9World) {
  await awaitCompletion(this);
});

Then('the completion message is valid against its schemas and conformant', function (this: Cim9World) {
  checkCompletionMessage(this);
});

Then('the completion names the work, the meter and the usage point of the request, of kind meter, sanely dated', function (this: Cim9World) {
  checkServiceCompletion(this);
});

When('the MDM waits for the master data that follows the meter service', async function (this: Cim9World) {
  await awaitServiceMasterData(this);
});

Then('every master-data message is valid against its schemas and conformant', function (this: Cim9World) {
  checkServiceMasterDataMessages(this);
});

Then('the MDM is told the meter and its link to the usage point of the work', function (this: Cim9World) {
  checkServiceMasterDataContent(this);
});

After({ tags: '@uc:meter-service' }, async function (this: Cim9World) {
  if (this.run) await cleanUpService(this);
});

// MSR-01 with the MDM as SUT: the suite plays the work management that tells the MDM a completed meter exchange
When('the work management tells the MDM the completed exchange of the old meter for the new one', async function (this: Cim9World) {
  await tellCompletedExchange(this);
});

When('the work management tells the MDM a completed installation of a meter the MDM never heard of', async function (this: Cim9World) {
  await tellCompletionOfUnknownMeter(this);
});

When('the work management tells the MDM a completed exchange at a usage point the MDM never heard of', async function (this: Cim9World) {
  await tellCompletionAtUnknownUsagePoint(this);
});

Then('the usage point is linked to the installed meter and no longer to the removed one \\(CIM9-249)', function (this: Cim9World) {
  return checkCompletionLinkStep(this);
});

Then('the MDM refuses the completion with the Annex B code of an unknown meter \\(CIM9-257)', async function (this: Cim9World) {
  await checkUnknownMeterRefused(this);
});

// MSR-01.5 / .6 / .7: the master-data publications of the set-up (UC-29) no step examines: claimed, never unsolicited
After({ tags: '@req:MSR-01.5 or @req:MSR-01.6 or @req:MSR-01.7' }, async function (this: Cim9World) {
  try {
    await collectLeftoverPublications(this);
  } catch (e) {
    this.attach(`publications not examined could not be collected: ${e instanceof Error ? e.message : String(e)}`, { mediaType: 'text/plain', fileName: 'publications not examined.txt' });
  }
});

// MSR-01 with the CIS as SUT: the CIS asks the work management (the head-end the suite plays) for a meter exchange
When('the CIS is told to have the meter exchanged for the spare meter by the work management the suite plays', function (this: Cim9World) {
  return orderMeterService(this);
});

Then('the meter service request names a work of kind meter, the spare meter, the meter and its usage point', function (this: Cim9World) {
  checkOrderedMeterService(this);
});

When('the work management the suite plays tells the CIS the completion of the meter service request', async function (this: Cim9World) {
  await tellCisCompletion(this);
});

Then('the CIS holds the initial read of the spare meter and the final read of the meter the completion carries', async function (this: Cim9World) {
  return checkCompletionReadsHeld(this);
});
