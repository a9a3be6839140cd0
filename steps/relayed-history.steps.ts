/**
 * P6 relay of historical interval data (MR-04 through the MDM): the suite plays the CIS and the head-end behind the MDM
 * SUT, which pages a large range (src/usecases/relayed-history.ts; the head-end's answers: src/usecases/peer.ts).
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { askRelayedHistory, checkHistoryAsked, checkRelayedHistoryValues } from '../src/usecases/relayed-history.ts';
import { claimPagingLeftovers } from '../src/usecases/historical-paging.ts';

When('the CIS asks the MDM for interval data of the meter the MDM does not hold, the suite playing its head-end', async function (this: Cim9World) {
  await askRelayedHistory(this, false);
});

When('the CIS asks the MDM for a range of interval data the MDM does not hold and its head-end answers in pages', async function (this: Cim9World) {
  await askRelayedHistory(this, true);
});

Then('the MDM asks the head-end for the interval data of the meter over that range', async function (this: Cim9World) {
  await checkHistoryAsked(this);
});

Then("the answer carries exactly the intervals of every message of the head-end's answer", function (this: Cim9World) {
  checkRelayedHistoryValues(this);
});

After({ tags: '@uc:relayed-history', timeout: 120_000 }, async function (this: Cim9World) {
  if (this.run) await claimPagingLeftovers(this);
});
