/**
 * The Get profiles of Q-01 beyond GetMeterReadings and GetEndDeviceEvents: the suite as the MDM asking the head-end
 * get(EndDeviceGroups), get(EndDeviceControls) and get(MeterReadSchedules), and the CIS asking the MDM get(UsagePointGroups). Thin: the engine is src/usecases/get-profiles.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  askControls,
  askGroups,
  askSchedules,
  checkControlsNoMatchStep,
  checkControlsStep,
  checkGroupsNoMatchStep,
  checkGroupsStep,
  checkSchedulesNoMatchStep,
  checkSchedulesStep,
  claimGetProfileLeftovers,
  askUsagePointGroups,
  checkUsagePointGroupsNoMatchStep,
  checkUsagePointGroupsStep,
  defineUsagePointGroup,
} from '../src/usecases/get-profiles.ts';

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

When('the MDM asks the head-end for the EndDeviceControls of the control', async function (this: Cim9World) {
  await askControls(this, 'control');
});

When('the MDM asks the head-end for an EndDeviceControl nobody issued', async function (this: Cim9World) {
  await askControls(this, 'none');
});

Then('the answer holds the control with its type and devices, and no other control', function (this: Cim9World) {
  checkControlsStep(this);
});

Then('the answer to the control query is empty or refused as UC-34 allows', function (this: Cim9World) {
  checkControlsNoMatchStep(this);
});

When('the MDM asks the head-end for the read schedules of the meter', async function (this: Cim9World) {
  await askSchedules(this, 'scheduled');
});

When('the MDM asks the head-end for the read schedules of the second meter, which no schedule reads', async function (this: Cim9World) {
  await askSchedules(this, 'other');
});

Then('the answer holds the meter with the ReadingType it is read for, and no other meter', function (this: Cim9World) {
  checkSchedulesStep(this);
});

Then('the answer to the schedule query is empty or refused as UC-34 allows', function (this: Cim9World) {
  checkSchedulesNoMatchStep(this);
});

Given('the MDM knows a group of the usage points of all the meters but the last', async function (this: Cim9World) {
  await defineUsagePointGroup(this);
});

When('the CIS asks the MDM for the UsagePointGroups of the group', async function (this: Cim9World) {
  await askUsagePointGroups(this, 'group');
});

When('the CIS asks the MDM for the UsagePointGroups of the first usage point of the group', async function (this: Cim9World) {
  await askUsagePointGroups(this, 'member');
});

When('the CIS asks the MDM for a UsagePointGroup nobody created', async function (this: Cim9World) {
  await askUsagePointGroups(this, 'none');
});

Then('the answer holds the usage point group with its usage points, and only groups the filter matches', function (this: Cim9World) {
  checkUsagePointGroupsStep(this);
});

Then('the answer to the usage point group query is empty or refused as UC-34 allows', function (this: Cim9World) {
  checkUsagePointGroupsNoMatchStep(this);
});

// the load-control event a scenario started runs out; what it caused at the MDM's address is claimed, not unsolicited
After({ tags: '@uc:get-profiles' }, async function (this: Cim9World) {
  if (this.run) await claimGetProfileLeftovers(this);
});
