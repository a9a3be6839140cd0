/**
 * Prepayment (PM-01..03, 2013, reconstructed): the suite plays the CIS and the head-end of an MDM, or the point of sale
 * and the MDM of a CIS. Thin: the engine is src/usecases/prepayment.ts; the replies go through the shared steps.
 */
import { After, Then, When } from '@cucumber/cucumber';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitTransfer,
  checkCreditTaken,
  checkCreditUpdateRequests,
  creditAtHeadEnd,
  checkTransferContent,
  checkTransferMessages,
  claimPrepaymentLeftovers,
  createAuxiliaryAgreement,
  tellReceipt,
  tellTransactions,
} from '../src/usecases/prepayment.ts';

When('the CIS creates an auxiliary agreement at the MDM for the customer account of the meter\'s usage point', async function (this: Cim9World) {
  await createAuxiliaryAgreement(this);
});

When('the CIS tells the MDM of a token sale for the meter, the suite playing its head-end', async function (this: Cim9World) {
  await tellTransactions(this, false);
});

When('the CIS tells the MDM of a token sale and of the auxiliary charge recovered from it', async function (this: Cim9World) {
  await tellTransactions(this, true);
});

Then('the MDM asks the head-end to credit the meter with the amount the transactions bought', async function (this: Cim9World) {
  await checkCreditUpdateRequests(this);
});

When('the MDM asks the head-end to credit the meter with the amount of a token sale', async function (this: Cim9World) {
  await creditAtHeadEnd(this);
});

Then('the head-end returns the credit update of the meter with the amount', function (this: Cim9World) {
  checkCreditTaken(this);
});

When('the point of sale tells the CIS of a receipt for the meter\'s account, the suite playing the MDM', async function (this: Cim9World) {
  await tellReceipt(this);
});

When('the MDM the suite plays waits for the transactions the CIS transfers', async function (this: Cim9World) {
  await awaitTransfer(this);
});

Then('every transaction transfer is valid against its schemas and conformant', function (this: Cim9World) {
  checkTransferMessages(this);
});

Then('the transactions transferred are the receipt\'s, with the same amounts, account and meter, dated after the receipt', function (this: Cim9World) {
  checkTransferContent(this);
});

After({ tags: '@uc:prepayment' }, async function (this: Cim9World) {
  if (this.run) await claimPrepaymentLeftovers(this);
});
