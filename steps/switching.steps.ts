/**
 * Customer switching (CS-01): the suite plays the new supplier / CIS, the MDM's head-end and the suppliers' side the
 * MDM publishes to. The reply goes through the shared steps (schemas and message rules; header; Result). Thin: the
 * engine is src/usecases/switching.ts.
 */
import { After, Given, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitSwitchingPublication,
  checkAccountLinkage,
  checkOldSupplier,
  endOldAccountLink,
  linkNewAccount,
  linkOldAccount,
  checkSwitchingMessages,
  checkSwitchingReadRequest,
  checkSwitchingValue,
  claimSwitchingLeftovers,
  sendSupplierChange,
  makeSupplierKnown,
  checkSupplierChangeRefused,
  checkRefusedSwitchTookNoEffect,
  publishSwitchingReadToCis,
  orderSupplierSwitch,
  receiveCisSwitch,
  checkCisSwitchMessages,
  checkCisSupplierChange,
  checkCisAccountLink,
  checkCisSwitchOrder,
  checkCisSwitchTaken,
  checkCisHoldsSwitchingRead,
} from '../src/usecases/switching.ts';

Given('the new supplier is known to the MDM', async function (this: Cim9World) {
  await makeSupplierKnown(this);
});

When("the new supplier tells the MDM of the switch of the meter's usage point to a service supplier unknown to the MDM", async function (this: Cim9World) {
  await sendSupplierChange(this, { unknownSupplier: true });
});

Then('the MDM refuses the change of supplier with the Annex B code of an unknown service supplier \\(CIM9-296)', async function (this: Cim9World) {
  await checkSupplierChangeRefused(this);
});

Then('the refused change takes no effect: no switching read, nothing published, and the usage point does not name the supplier', async function (this: Cim9World) {
  await checkRefusedSwitchTookNoEffect(this);
});

When("the new supplier tells the MDM of the switch of the meter's usage point, the suite playing its head-end", async function (this: Cim9World) {
  await sendSupplierChange(this);
});

Then('the MDM asks the head-end for a switching read of the meter', async function (this: Cim9World) {
  await checkSwitchingReadRequest(this);
});

When("the suppliers wait for the MDM's switching read", async function (this: Cim9World) {
  await awaitSwitchingPublication(this);
});

Then('every switching read publication is valid against its schemas and conformant', function (this: Cim9World) {
  checkSwitchingMessages(this);
});

Then("the published switching read carries the head-end's value of the meter", function (this: Cim9World) {
  checkSwitchingValue(this);
});

Then('the old supplier gets the switching read too', async function (this: Cim9World) {
  await checkOldSupplier(this);
});

Given("the meter's usage point is linked to the old customer account", async function (this: Cim9World) {
  await linkOldAccount(this);
});

When('the CIS ends the link of the old customer account to the usage point at the switch time', async function (this: Cim9World) {
  await endOldAccountLink(this);
});

When('the CIS links the new customer account to the usage point at the switch time', async function (this: Cim9World) {
  await linkNewAccount(this);
});

Then('the MDM links the usage point to the new customer account only, from the switch time', async function (this: Cim9World) {
  await checkAccountLinkage(this);
});

When('the MDM the suite plays publishes the switching read of the meter with reason {word} to the CIS', async function (this: Cim9World, reason: string) {
  await publishSwitchingReadToCis(this, reason);
});

Then('the CIS holds the switching read with its value and timeStamp', async function (this: Cim9World) {
  return checkCisHoldsSwitchingRead(this);
});

When("the CIS is told of the switch of the meter's usage point to a new supplier and a new customer account", async function (this: Cim9World) {
  return orderSupplierSwitch(this);
});

Then('the MDM the suite plays receives the change of supplier and the link of the new customer account', async function (this: Cim9World) {
  return receiveCisSwitch(this);
});

Then('each request of the switch is valid against its schemas and its header is conformant', function (this: Cim9World) {
  checkCisSwitchMessages(this);
});

Then("the change of supplier names the meter's usage point and the new supplier", function (this: Cim9World) {
  checkCisSupplierChange(this);
});

Then('the link joins the new customer account and the usage point, effective at the switch time \\(CIM9-259)', function (this: Cim9World) {
  checkCisAccountLink(this);
});

Then('the change of supplier comes before the link \\(CIM9-258)', function (this: Cim9World) {
  checkCisSwitchOrder(this);
});

Then('the MDM the suite plays takes both requests of the switch', function (this: Cim9World) {
  checkCisSwitchTaken(this);
});

// what the scenario caused at the head-end's and the CIS's addresses and no step examined is claimed, not reported as unsolicited
After({ tags: '@uc:switching' }, async function (this: Cim9World) {
  if (this.run) await claimSwitchingLeftovers(this);
});
