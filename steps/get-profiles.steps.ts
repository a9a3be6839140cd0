/**
 * The Get profiles of Q-01 beyond GetMeterReadings and GetEndDeviceEvents: the suite as the MDM asking the head-end
 * get(EndDeviceGroups). Thin: the engine is src/usecases/get-profiles.ts.
 */
import { Then, When } from '@cucumber/cucumber';
import type { Cim9World } from '../src/session/world.ts';
import { askGroups, checkGroupsNoMatchStep, checkGroupsStep } from '../src/usecases/get-profiles.ts';

When('the MDM asks the head-end for the EndDeviceGroups of the group', async function (this: Cim9World) {
  await askGroups(this, 'group');
});

When('the MDM asks the head-end for the EndDeviceGroups of the first member of the group', async function (this: Cim9World) {
  await askGroups(this, 'member');
});

When('the MDM asks the head-end for an EndDeviceGroup nobody created', async function (this: Cim9World) {
  await askGroups(this, 'none');
});

Then('the answer holds the group with its members, and only groups the filter matches', function (this: Cim9World) {
  checkGroupsStep(this);
});

Then('the answer to the group query is empty or refused as UC-34 allows', function (this: Cim9World) {
  checkGroupsNoMatchStep(this);
});
