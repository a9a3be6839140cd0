/**
 * Installation of a load-control unit (EDC-02): the suite plays the installer (WM) who tells the head-end or the MDM
 * of a new load-control device and links it to a usage point, and (head-end as SUT) the MDM told of its installation.
 * The replies go through the shared steps (schemas, header, Result). Thin: the engine is src/usecases/lcu-install.ts.
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { awaitInstallation, checkInstallation, checkInstallationMessages, checkLinkAtMdm, cleanUpInstallation, linkDevice, tellNewDevice } from '../src/usecases/lcu-install.ts';

When("the installer tells the head-end of a new load-control unit at the meter's usage point", async function (this: Cim9World) {
  await tellNewDevice(this, 'HES');
});

When("the installer tells the MDM of a new load-control unit at the meter's usage point", async function (this: Cim9World) {
  await tellNewDevice(this, 'MDM');
});

When('the installer links the load-control unit to the usage point at the head-end', async function (this: Cim9World) {
  await linkDevice(this, 'HES');
});

When('the installer links the load-control unit to the usage point at the MDM', async function (this: Cim9World) {
  await linkDevice(this, 'MDM');
});

When('the MDM waits for the installation events of the load-control unit', async function (this: Cim9World) {
  await awaitInstallation(this);
});

Then('every installation event message is valid against its schemas and conformant', function (this: Cim9World) {
  checkInstallationMessages(this);
});

Then('the installation events name the load-control unit, in domain 6, sanely dated', function (this: Cim9World) {
  checkInstallation(this);
});

Then('the MDM shows the load-control unit linked to the usage point', async function (this: Cim9World) {
  await checkLinkAtMdm(this);
});

After({ tags: '@uc:lcu-install' }, async function (this: Cim9World) {
  if (this.run) await cleanUpInstallation(this);
});
