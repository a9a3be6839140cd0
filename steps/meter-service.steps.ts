/**
 * Meter installation and removal (MSR-01): the suite plays the CIS that asks the head-end (work management) for a
 * meter service and waits for its completion. Thin: the engine is src/usecases/meter-service.ts; the replies go
 * through the shared steps (schemas, header, Result).
 */
import { After, Given, Then, When } from '@cucumber/cucumber';
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
