/**
 * Prepayment (PM-01..03, 2013, reconstructed): the suite plays the CIS and the head-end of an MDM, or the point of sale
 * and the MDM of a CIS. Thin: the engine is src/usecases/prepayment.ts; the replies go through the shared steps.
 */
import { After, Then, When } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import {
  awaitTransfer,
  checkAuxiliaryAgreementRefused,
  checkOrderedAuxiliaryAgreement,
  orderAuxiliaryAgreement,
  checkCreditTaken,
  checkNothingSentOnAfterRefusal,
  createAuxiliaryAgreementForUnknownUsagePoint,
  tellUnknownMeterReceipt,
  tellUnknownMeterTransactions,
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

When('the CIS is told to create an auxiliary agreement for the meter at the MDM the suite plays', async function (this: Cim9World) {
  return orderAuxiliaryAgreement(this);
});

Then('the auxiliary agreement names the usage point of the meter', function (this: Cim9World) {
  checkOrderedAuxiliaryAgreement(this);
});

// ------------------------------------------------------------------------------------------------ negatives

When('the CIS tells the MDM of a token sale for a meter the MDM does not know', async function (this: Cim9World) {
  await tellUnknownMeterTransactions(this);
});

Then('the MDM asks its head-end for no credit update after the refused transactions', async function (this: Cim9World) {
  await checkNothingSentOnAfterRefusal(this, 'credit');
});

When('the CIS creates an auxiliary agreement at the MDM for a usage point the MDM does not know', async function (this: Cim9World) {
  await createAuxiliaryAgreementForUnknownUsagePoint(this);
});

Then('the MDM refuses the auxiliary agreement with the Annex B code of an unknown usage point \\(CIM9-289)', async function (this: Cim9World) {
  await checkAuxiliaryAgreementRefused(this);
});

When('the point of sale tells the CIS of a receipt for a meter the CIS does not know', async function (this: Cim9World) {
  await tellUnknownMeterReceipt(this);
});

Then('the CIS transfers none of the refused receipt\'s transactions to the MDM', async function (this: Cim9World) {
  await checkNothingSentOnAfterRefusal(this, 'transfer');
});

After({ tags: '@uc:prepayment' }, async function (this: Cim9World) {
  if (this.run) await claimPrepaymentLeftovers(this);
});
