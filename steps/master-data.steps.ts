/**
 * Master data management (use-cases.md §9): the suite plays the systems of record (MAM, CIS, head-end)
 * sending config messages to the MDM in the four-step exchange of the 2024 Annex J samples, and reads the
 * MDM's state back with Get<Noun>; it also plays a subscriber of the MDM's master-data publications (the
 * metering system the MDM forwards master data to, UC-29). Steps are thin: src/usecases/masterdata.ts is the
 * engine, src/usecases/masterdata-requests.ts builds the requests.
 */
import { After, defineParameterType, Given, When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { expectedCodes, soapFaultAccepted } from '../src/usecases/expectations.ts';
import { businessRuleCodes, emptyCustomerCreateCodes, unknownCustomerObjectCodes, unknownSupplierOfUsagePointCodes, unknownLinkedCustomerCodes, type BusinessRuleCase } from '../src/checks/masterdata.ts';
import { assumed } from '../src/checks/assume.ts';
import {
  checkNoUsagePointOf,
  checkNothingPublished,
  checkOperationSetReport,
  checkPublished,
  checkRefused,
  checkStep2,
  checkStep3,
  checkStep4,
  checkUsagePointsOf,
  collectLeftoverPublications,
  defaultAsync,
  lastTransaction,
  perform,
  request,
  verifyState,
  type Transaction,
} from '../src/usecases/masterdata.ts';
import {
  CUSTOMER_LINK_SUBJECTS,
  customerLinkRequest,
  customerPairLinkRequest,
  customerLinkTarget,
  customerLinkWithUnknown,
  deleteMultiplierRequest,
  describe,
  describeUsagePointOfSupplier,
  describeUsagePointWithPricing,
  otherPricingStructureRequest,
  duplicateMeterRequest,
  emptyCustomerCreateRequest,
  objectClassOf,
  endLinkRequest,
  linkRequest,
  linkWithUnknown,
  meterUsagePointLinkSet,
  renameMeterRequest,
  schemaInvalidMeterChange,
  subject,
  subjectRequest,
  SUBJECTS,
  TARGETS,
  unknownSubjectRequest,
  type Subject,
  type SupplierOfUsagePoint,
  type Target,
} from '../src/usecases/masterdata-requests.ts';

const alternatives = (xs: readonly string[]) => new RegExp([...xs].sort((a, b) => b.length - a.length).map((x) => x.replace(/ /g, '\\s')).join('|'));

defineParameterType({ name: 'subject', regexp: alternatives(SUBJECTS), transformer: (s: string) => s as Subject });
defineParameterType({ name: 'customerSide', regexp: alternatives(CUSTOMER_LINK_SUBJECTS), transformer: (s: string) => s as Subject });
defineParameterType({ name: 'target', regexp: alternatives(TARGETS), transformer: (s: string) => s as Target });
defineParameterType({ name: 'mode', regexp: / with AsyncReplyFlag| without AsyncReplyFlag|/, transformer: (s: string) => (s === ' with AsyncReplyFlag' ? 'async' : s === ' without AsyncReplyFlag' ? 'sync' : 'profile') });

type Mode = 'async' | 'sync' | 'profile';
const isAsync = (w: Cim9World, m: Mode) => (m === 'profile' ? defaultAsync(w) : m === 'async');

// ------------------------------------------------------------------------------------------------ data

Given('{int} new meter(s) described by the MAM', function (this: Cim9World, n: number) {
  describe(this, n === 1 ? 'meter' : 'meters', n);
});

Given('a new {subject} described by the {word}', function (this: Cim9World, s: Subject, _peer: string) {
  describe(this, s);
});

Given(/^an? (meter|second usage point|usage point location|usage point|end device|communication module|customer account|customer agreement|customer|service location|service supplier|service category|pricing structure) created at the MDM$/, async function (this: Cim9World, s: Subject) {
  const d = describe(this, s);
  await perform(this, { verb: 'create', noun: d.noun, root: d.root, async: defaultAsync(this) }, `a ${s} created at the MDM`);
});

/** MD-02 (2013): a usage point whose UsagePoint names the service supplier of the scenario (outside a customer switch) */
Given('a new usage point of the service supplier described by the CIS', function (this: Cim9World) {
  describeUsagePointOfSupplier(this, 'the service supplier');
});

/** MD-02.6 (2024): a usage point whose UsagePoint names its PricingStructures (CIM9-245) */
Given('a new usage point with a pricing structure described by the CIS', function (this: Cim9World) {
  describeUsagePointWithPricing(this);
});

Given('the meter linked to the usage point at the MDM', async function (this: Cim9World) {
  await perform(this, linkRequest(this, 'the meter', 'the usage point', defaultAsync(this)), 'the meter linked to the usage point');
});

Given('the MeterMultipliers of the meter added at the MDM', async function (this: Cim9World) {
  await perform(this, subjectRequest(this, 'change', 'MeterConfig', 'meter', defaultAsync(this)), 'MeterMultipliers added to the meter');
});

// ------------------------------------------------------------------------------------------------ step 1

When('the {word} sends {string} {string} for the {subject} to the MDM{mode}', async function (this: Cim9World, _peer: string, verb: string, noun: string, s: Subject, mode: Mode) {
  await request(this, subjectRequest(this, verb, noun, s, isAsync(this, mode)));
});

When('the {word} sends {string} {string} for a(n) {subject} unknown to the MDM{mode}', async function (this: Cim9World, _peer: string, verb: string, noun: string, s: Subject, mode: Mode) {
  await request(this, unknownSubjectRequest(this, verb, noun, s, isAsync(this, mode)));
});

When('the {word} sends {string} {string} carrying no {subject} to the MDM{mode}', async function (this: Cim9World, _peer: string, verb: string, noun: string, s: Subject, mode: Mode) {
  if (verb !== 'create') throw new SuiteError(`the suite sends an empty "create", not "${verb}"`);
  await request(this, emptyCustomerCreateRequest(this, noun, s, isAsync(this, mode)));
});

/** MD-NEG-UP-SUPPLIER (2013): create(UsagePointConfig) of a new usage point naming a supplier the MDM does not know (never told of, or deleted) */
When(/^the CIS sends "create" "UsagePointConfig" for a usage point naming (the service supplier|a service supplier unknown to the MDM)( with AsyncReplyFlag| without AsyncReplyFlag|)$/, async function (this: Cim9World, which: SupplierOfUsagePoint, m: string) {
  const d = describeUsagePointOfSupplier(this, which);
  const mode: Mode = m === ' with AsyncReplyFlag' ? 'async' : m === ' without AsyncReplyFlag' ? 'sync' : 'profile';
  await request(this, { verb: 'create', noun: 'UsagePointConfig', root: d.root, async: isAsync(this, mode) });
});

/** MD-02.6 (2024): change(UsagePointConfig) naming another PricingStructures for the usage point */
When('the CIS sends "change" "UsagePointConfig" moving the usage point to another pricing structure{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, otherPricingStructureRequest(this, isAsync(this, mode)));
});

When('the MAM sends "create" "MeterConfig" for the meter again, with another serial number{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, duplicateMeterRequest(this, isAsync(this, mode)));
});

When('the MAM sends "change" "MeterConfig" for the meter with an element its schema does not define{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, schemaInvalidMeterChange(this, isAsync(this, mode)));
});

When('the MAM deletes one of the MeterMultipliers of the meter at the MDM{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, deleteMultiplierRequest(this, isAsync(this, mode)));
});

When('the {word} links {target} to {target} at the MDM{mode}', async function (this: Cim9World, _peer: string, a: Target, b: Target, mode: Mode) {
  await request(this, linkRequest(this, a, b, isAsync(this, mode)));
});

When('the {word} ends the link between {target} and {target} at the MDM{mode}', async function (this: Cim9World, _peer: string, a: Target, b: Target, mode: Mode) {
  await request(this, endLinkRequest(this, a, b, isAsync(this, mode)));
});

When('the MAM executes an OperationSet creating a meter, a usage point and their link{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, meterUsagePointLinkSet(this, { transactional: true, async: isAsync(this, mode) }));
});

When('the MAM executes a transactional OperationSet creating a meter, a usage point and a link of the meter to a usage point unknown to the MDM{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, meterUsagePointLinkSet(this, { transactional: true, unknownUsagePoint: true, async: isAsync(this, mode) }));
});

When('the MAM executes an OperationSet without transactional integrity creating a meter and a link of it to a usage point unknown to the MDM{mode}', async function (this: Cim9World, mode: Mode) {
  await request(this, meterUsagePointLinkSet(this, { transactional: false, unknownUsagePoint: true, withUsagePoint: false, async: isAsync(this, mode) }));
});

When('the CIS renames the meter with "change" "ObjectNamesConfig"{mode}', async function (this: Cim9World, mode: Mode) {
  if (assumed(this.ctx(''), 'UC-33', 'off') !== 'on') {
    this.attach('ObjectNamesConfig is an optional feature (assumption UC-33 = off): not tested with this profile.', { mediaType: 'text/plain', fileName: 'not applicable.txt' });
    return 'skipped';
  }
  await request(this, renameMeterRequest(this, isAsync(this, mode)).spec);
  return undefined;
});

When('the CIS links the {customerSide} to the usage point at the MDM{mode}', async function (this: Cim9World, s: Subject, mode: Mode) {
  await request(this, customerLinkRequest(this, s, isAsync(this, mode)));
});

When('the CIS links the {subject} with the {subject} at the MDM{mode}', async function (this: Cim9World, a: Subject, b: Subject, mode: Mode) {
  await request(this, customerPairLinkRequest(this, a, b, isAsync(this, mode)));
});

/** MD-NEG-LINK-CUST (2013): a link of a customer-side object the MDM was never told of */
When('the CIS links a(n) {subject} unknown to the MDM with the {subject} at the MDM{mode}', async function (this: Cim9World, unknown: Subject, known: Subject, mode: Mode) {
  await request(this, customerLinkWithUnknown(this, known, unknown, isAsync(this, mode)));
});

/** MD-NEG-LINK-CUST / -UP (2013): a link of a known object with a customer-side object or a usage point the MDM does not know */
When('the CIS links the {subject} with a(n) {subject} unknown to the MDM at the MDM{mode}', async function (this: Cim9World, known: Subject, unknown: Subject, mode: Mode) {
  await request(this, customerLinkWithUnknown(this, known, unknown, isAsync(this, mode)));
});

// ------------------------------------------------------------------------------------------------ steps 2 to 4

const tx = (w: Cim9World): Transaction => lastTransaction(w);

Then('step 2: the MDM acknowledges the request', function (this: Cim9World) {
  const t = tx(this);
  if (!t.spec.async) throw new SuiteError('step 2 as an acknowledgement needs a request with AsyncReplyFlag');
  checkStep2(this, t);
});

Then('step 3: the MDM delivers the result to the ReplyAddress', async function (this: Cim9World) {
  await checkStep3(this, tx(this));
});

Then('step 4: the {word} acknowledges the result', async function (this: Cim9World, _peer: string) {
  await checkStep4(this, tx(this));
});

Then('the MDM replies with Result "OK"', function (this: Cim9World) {
  const t = tx(this);
  if (t.spec.async) throw new SuiteError('a final reply needs a request without AsyncReplyFlag');
  checkStep2(this, t);
});

/** accepted in the request's mode: the final reply (synchronous) or steps 2 to 4 (asynchronous) */
Then('the MDM accepts the request', async function (this: Cim9World) {
  const t = tx(this);
  checkStep2(this, t);
  if (!t.spec.async) return;
  await checkStep3(this, t);
  await checkStep4(this, t);
});

Then('the MDM refuses the request with the Annex B code for {string}', async function (this: Cim9World, errorCase: string) {
  const business = ['linkedElsewhere', 'relationshipMismatch', 'duplicate'];
  if (business.includes(errorCase)) {
    const c = businessRuleCodes(this.ctx(''), errorCase as BusinessRuleCase);
    return checkRefused(this, tx(this), { codes: c.codes, assumptions: c.assumptions });
  }
  return checkRefused(this, tx(this), { codes: expectedCodes(this.profile, errorCase), acceptSoapFault: soapFaultAccepted(this.run.assumptions, errorCase), assumptions: { 'CIM9-60': this.run.assumptions['CIM9-60'] ?? 'schema' } });
});

/** MD-NEG-CUST (2013): a change or delete naming a customer-side object the MDM does not know, refused with the "invalid …" code of its class (CIM9-287) */
Then('the MDM refuses the request with the Annex B code of an unknown {subject} \\(CIM9-287)', async function (this: Cim9World, s: Subject) {
  const t = tx(this);
  const objectClass = objectClassOf(t.spec.noun);
  if (!objectClass) throw new SuiteError(`${t.label} is not a request about a ${s}`);
  const c = unknownCustomerObjectCodes(this.ctx(''), objectClass);
  if (!c.codes.length) throw new SuiteError(`CIM9-287 names no code for an unknown ${objectClass}: the suite cannot tell the refusal it expects`);
  return checkRefused(this, t, { codes: c.codes, assumptions: c.assumptions, acceptSoapFault: soapFaultAccepted(this.run.assumptions, 'unknownCustomerObject') });
});

/** MD-NEG-UP-SUPPLIER (2013): a usage point naming a ServiceSupplier the MDM does not know, refused with a code of CIM9-242 */
Then('the MDM refuses the usage point with the Annex B code of an unknown service supplier \\(CIM9-242)', async function (this: Cim9World) {
  const t = tx(this);
  if (t.spec.noun !== 'UsagePointConfig') throw new SuiteError(`${t.label} is not a request about a usage point`);
  const c = unknownSupplierOfUsagePointCodes(this.ctx(''));
  if (!c.codes.length) throw new SuiteError('CIM9-242 names no code: the suite cannot tell the refusal it expects');
  return checkRefused(this, t, { codes: c.codes, assumptions: c.assumptions, acceptSoapFault: soapFaultAccepted(this.run.assumptions, 'unknownCustomerObject') });
});

/** MD-NEG-LINK-CUST (2013): a link naming a customer-side object the MDM does not know, refused with a code of CIM9-295 */
Then('the MDM refuses the link with the Annex B code of an unknown {subject} \\(CIM9-295)', async function (this: Cim9World, s: Subject) {
  const { unknown } = linkWithUnknown(this);
  if (unknown.subject !== s) throw new SuiteError(`the link sent named an unknown ${unknown.subject}, not a ${s}`);
  const c = unknownLinkedCustomerCodes(this.ctx(''), unknown.role);
  if (!c.codes.length) throw new SuiteError(`CIM9-295 names no code for an unknown ${unknown.role}: the suite cannot tell the refusal it expects`);
  return checkRefused(this, tx(this), { codes: c.codes, assumptions: c.assumptions, acceptSoapFault: soapFaultAccepted(this.run.assumptions, 'unknownCustomerObject') });
});

/** MD-NEG-CUST-EMPTY (2013): a create carrying no object of its class, refused with a code of CIM9-288 */
Then('the MDM refuses the create that carries nothing to create \\(CIM9-288)', async function (this: Cim9World) {
  const c = emptyCustomerCreateCodes(this.ctx(''));
  if (!c.codes.length) throw new SuiteError('CIM9-288 names no code: the suite cannot tell the refusal it expects');
  return checkRefused(this, tx(this), { codes: c.codes, assumptions: c.assumptions, acceptSoapFault: soapFaultAccepted(this.run.assumptions, c.codes.includes('1.8') ? 'schemaInvalid' : 'missingPayloadElement') });
});

/** CIM9-13: a duplicate create is refused (reject), answered OK without change (idempotent), or either */
Then('the MDM does not accept the duplicate create', async function (this: Cim9World) {
  const cim913 = assumed(this.ctx(''), 'CIM9-13', 'reject');
  const c = businessRuleCodes(this.ctx(''), 'duplicate');
  const t = tx(this);
  // an idempotent SUT may answer OK: the create must then not take effect (the Get proves it)
  t.effects = [];
  if (cim913 === 'reject') return checkRefused(this, t, { codes: c.codes, assumptions: { ...c.assumptions, 'CIM9-13': cim913 } });
  const reply = t.exchange.wire?.message?.reply;
  if (cim913 === 'idempotent' || reply?.result === 'OK') {
    checkStep2(this, t);
    if (t.spec.async) await checkStep3(this, t);
    return undefined;
  }
  return checkRefused(this, t, { codes: c.codes, assumptions: { ...c.assumptions, 'CIM9-13': cim913 } });
});

Then('the MDM refuses the whole OperationSet, naming operation {int}', async function (this: Cim9World, failing: number) {
  const t = tx(this);
  await checkRefused(this, t, {});
  await checkOperationSetReport(this, t, failing);
});

Then('the MDM applies the other operations and reports operation {int} as failed', async function (this: Cim9World, failing: number) {
  const t = tx(this);
  await checkRefused(this, t, { result: 'PARTIAL', assumptions: { 'ENV-06': assumed(this.ctx(''), 'ENV-06', 'false') } });
  await checkOperationSetReport(this, t, failing);
});

// ------------------------------------------------------------------------------------------------ the state

Then('a GetUsagePointConfig by the {customerSide} shows the usage point', async function (this: Cim9World, s: Subject) {
  const t = customerLinkTarget(this, s);
  await checkUsagePointsOf(this, t.role, t.id, subject(this, 'usage point').ids[0]!);
});

/** MD-NEG-LINK-CUST / -UP: the refused link is not there: a GetUsagePointConfig by its customer-side end does not show its usage point */
Then('a GetUsagePointConfig by the {customerSide} shows no usage point of the refused link', async function (this: Cim9World, s: Subject) {
  const { known, unknown } = linkWithUnknown(this);
  const [side, other] = known.subject === s ? [known, unknown] : unknown.subject === s ? [unknown, known] : [];
  if (!side || !other) throw new SuiteError(`the refused link did not name a ${s}`);
  if (other.role !== 'UsagePoint') throw new SuiteError(`the refused link joined the ${s} with a ${other.role}, not a usage point`);
  await checkNoUsagePointOf(this, side.role, side.id, other.id, side === known);
});

Then('Get requests show the master data as expected', async function (this: Cim9World) {
  await verifyState(this);
});

// ------------------------------------------------------------------------------------------------ publication (UC-29)

/** P2 / P4: the change is published to the suite as a registered subscriber, once; not registered: a note */
Then('the subscribers of the MDM are told of the change once \\(UC-29)', async function (this: Cim9World) {
  await checkPublished(this, tx(this));
});

/** a request that took no effect is published to nobody */
Then('the subscribers of the MDM are told of nothing \\(UC-29)', async function (this: Cim9World) {
  await checkNothingPublished(this, tx(this));
});

/** publications the scenario caused and no step examined are claimed and attached as not examined (never unsolicited) */
After({ tags: '@uc:master-data' }, async function (this: Cim9World) {
  try {
    await collectLeftoverPublications(this);
  } catch (e) {
    this.attach(`publications not examined could not be collected: ${e instanceof Error ? e.message : String(e)}`, { mediaType: 'text/plain', fileName: 'publications not examined.txt' });
  }
});
