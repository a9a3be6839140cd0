/**
 * Historical meter data over a large range in pages (MR-04), data the SUT cannot have (5.7) and the 2013 Annex M
 * get/cancel: the suite as the CIS asking the MDM or the head-end. Thin: the engine is src/usecases/historical-paging.ts.
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import type { Role } from '../src/session/run.ts';
import { askLargeRange, askUnavailable, cancelTheGet, checkNothingAfterCancel, checkPagedAnswer, checkUnavailableStep, claimPagingLeftovers } from '../src/usecases/historical-paging.ts';

When('the CIS asks the {string} for the interval data of the meter over a range too large for one message', async function (this: Cim9World, role: Role) {
  await askLargeRange(this, role);
});

When('the CIS asks the {string} asynchronously for the interval data of the meter over a long range', async function (this: Cim9World, role: Role) {
  await askLargeRange(this, role, { async: true, factor: 4 });
});

Then('the answer comes in contiguous pages that hold every interval of the range once, the last one saying no more follow', async function (this: Cim9World) {
  await checkPagedAnswer(this);
});

When('the CIS asks the {string} for the interval data of the meter for a day before its history', async function (this: Cim9World, role: Role) {
  await askUnavailable(this, role, 'before');
});

When('the CIS asks the {string} for the interval data of the meter for a range that ends after now', async function (this: Cim9World, role: Role) {
  await askUnavailable(this, role, 'future');
});

Then('the answer carries none of the data the SUT cannot have and says it is unavailable', function (this: Cim9World) {
  checkUnavailableStep(this);
});

When('the CIS cancels the get, naming it by its transaction', async function (this: Cim9World) {
  await cancelTheGet(this);
});

Then('nothing more of the canceled get arrives after the cancel was answered', async function (this: Cim9World) {
  await checkNothingAfterCancel(this);
});

After({ tags: '@uc:historical-paging', timeout: 120_000 }, async function (this: Cim9World) {
  if (this.run) await claimPagingLeftovers(this);
});
