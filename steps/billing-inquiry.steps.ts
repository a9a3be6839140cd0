/**
 * Billing inquiry with the MDM as SUT (MR-05): the suite plays the CIS asking the MDM for the billing determinants of
 * a meter. Thin: the engine is src/usecases/billing-inquiry.ts.
 */
import { Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { askBillingDeterminants, checkBillingStep } from '../src/usecases/billing-inquiry.ts';

When('the CIS asks the MDM for the billing determinants of the meter with reason {string}', async function (this: Cim9World, reason: string) {
  await askBillingDeterminants(this, reason);
});

Then('the reply carries billing quantities with the reason of the request', function (this: Cim9World) {
  checkBillingStep(this);
});
