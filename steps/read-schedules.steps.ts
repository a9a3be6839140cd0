/**
 * Meter read schedules at the head-end (MR-01, MR-11): the suite plays the MDM that sends
 * create(MeterReadSchedule(s)), receives the readings the schedule produces and ends it with cancel (or delete,
 * UC-09). The replies go through the shared steps (schemas and message rules; header; Result). Thin: the engine
 * is src/usecases/read-schedules.ts.
 */
import { judgeClientSchedule, judgeScheduleAcks, judgeScheduleEnd, judgeScheduleHeld, orderClientSchedule, orderScheduleEnd, sendScheduledReadings } from '../src/usecases/client-requests.ts';
import { Given, After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitReadings,
  checkQuietAfterEnd,
  checkReadingMessages,
  checkReadings,
  checkPassedOn,
  checkPassedOnFormat,
  checkSentSchedule,
  checkTargetReadings,
  claimScheduleLeftovers,
  endSchedule,
  LEFTOVER_HOOK_TIMEOUT_MS,
  sendGroupSchedule,
  sendSchedule,
  sendScheduleViaMdm,
  sendUsagePointSchedule,
  defineUsagePointGroup,
  sendUsagePointGroupSchedule,
} from '../src/usecases/read-schedules.ts';

When('the MDM asks the head-end to read the meter on a schedule', async function (this: Cim9World) {
  await sendSchedule(this);
});

Then('the schedule message is valid against the schemas of the edition', function (this: Cim9World) {
  checkSentSchedule(this);
});

When('the MDM asks the head-end to read the group on a schedule', async function (this: Cim9World) {
  await sendGroupSchedule(this);
});

When('the MDM asks the head-end to read the usage points of all the meters but the last on a schedule', async function (this: Cim9World) {
  await sendUsagePointSchedule(this);
});

Given('the head-end knows a usage point group of the usage points of all the meters but the last', async function (this: Cim9World) {
  await defineUsagePointGroup(this);
});

When('the MDM asks the head-end to read the usage point group on a schedule', async function (this: Cim9World) {
  await sendUsagePointGroupSchedule(this);
});

Then('the readings arrive at the scheduled times, of every member and no other meter', function (this: Cim9World) {
  checkTargetReadings(this);
});

When('the CIS asks the MDM to read the meter on a schedule, the suite playing its head-end', async function (this: Cim9World) {
  await sendScheduleViaMdm(this);
});

Then('the MDM passes the schedule on to the head-end', async function (this: Cim9World) {
  await checkPassedOn(this, 'create');
});

Then('the MDM passes the end of the schedule on to the head-end', async function (this: Cim9World) {
  await checkPassedOn(this, 'end');
});

Then('the schedule message the MDM sends its head-end follows the profile of the edition, with what, for whom and when', async function (this: Cim9World) {
  await checkPassedOnFormat(this);
});

When('the MDM waits for the readings of its schedule', async function (this: Cim9World) {
  await awaitReadings(this);
});

Then('every reading message is valid against its schemas and conformant', function (this: Cim9World) {
  checkReadingMessages(this);
});

Then('the readings arrive at the scheduled times, of the requested meter and ReadingType only', function (this: Cim9World) {
  checkReadings(this);
});

When('the CIS ends the schedule at the MDM', async function (this: Cim9World) {
  await endSchedule(this);
});

When('the MDM ends the schedule', async function (this: Cim9World) {
  await endSchedule(this);
});

Then('no further reading of the schedule reaches the MDM', async function (this: Cim9World) {
  await checkQuietAfterEnd(this);
});

// a schedule the scenario left running is ended, and what it caused and no step examined is claimed
After({ tags: '@uc:read-schedules', timeout: LEFTOVER_HOOK_TIMEOUT_MS }, async function (this: Cim9World) {
  if (this.run) await claimScheduleLeftovers(this);
});

// MR-01 with the CIS as the schedule's client: the suite plays its head-end (src/usecases/client-requests.ts)

When('the CIS is told to have the meter read on a schedule by its head-end', function (this: Cim9World) {
  return orderClientSchedule(this);
});

Then("the CIS's schedule message follows the profile of the edition and asks for the meter, the ReadingType and the times it was told", function (this: Cim9World) {
  judgeClientSchedule(this);
});

When('the head-end the suite plays sends the CIS the readings of the schedule at the scheduled times', async function (this: Cim9World) {
  await sendScheduledReadings(this);
});

Then('the CIS acknowledges every reading of the schedule', function (this: Cim9World) {
  judgeScheduleAcks(this);
});

Then('the CIS holds the reading of its schedule, with its value', function (this: Cim9World) {
  return judgeScheduleHeld(this);
});

When('the CIS is told to end its schedule', function (this: Cim9World) {
  return orderScheduleEnd(this);
});

Then('the head-end the suite plays receives the end of the schedule the CIS created', async function (this: Cim9World) {
  await judgeScheduleEnd(this);
});
