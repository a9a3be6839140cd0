/**
 * Manual meter reading exchange with the MDM as SUT (MR-02): the suite plays the field system that tells the MDM a
 * manual (or customer) read, then the CIS that asks for it back; with the CIS as SUT, the MDM that publishes the read
 * to it. Thin: the engine is src/usecases/manual-reads.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { askManualRead, checkCisHoldsManualRead, checkManualReadStep, publishManualReadToCis, sendManualRead, type ManualReadKind } from '../src/usecases/manual-reads.ts';
import { SuiteError } from '../src/session/verdict.ts';

When('the field system tells the MDM a {word} read of the register of the meter', async function (this: Cim9World, kind: string) {
  if (kind !== 'manual' && kind !== 'customer') throw new SuiteError(`a read entered by hand is a manual or a customer read, not "${kind}"`);
  await sendManualRead(this, kind as ManualReadKind);
});

When('the CIS asks the MDM for the register of the meter at the time of that read', async function (this: Cim9World) {
  await askManualRead(this);
});

Then('the reply carries that read with its timeStamp, value, quality and source', function (this: Cim9World) {
  checkManualReadStep(this);
});

When('the MDM the suite plays publishes a {word} read of the register of the meter to the CIS', async function (this: Cim9World, kind: string) {
  if (kind !== 'manual' && kind !== 'customer') throw new SuiteError(`a read entered by hand is a manual or a customer read, not "${kind}"`);
  await publishManualReadToCis(this, kind as ManualReadKind);
});

Then('the CIS holds that read with its value, timeStamp and quality', async function (this: Cim9World) {
  return checkCisHoldsManualRead(this);
});
