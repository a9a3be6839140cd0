/**
 * Faults of the reference SUT's master data management (simulator/handlers/masterdata.ts): each one a single,
 * minimal violation of the four-step exchange, of an OperationSet rule or of a business rule of
 * ../shared/spec/use-cases.md §9. The first word of `violates` is the rule the suite names when it catches
 * the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const MASTER_DATA_FAULTS: FaultDef[] = [
  {
    id: 'md-result-without-correlation-id',
    // the MDM's master data after a completed meter service (MSR-01.5 to .7) goes through the same results and store
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: change-out, service-events
    scope: '@uc:master-data or @uc:meter-service or @uc:change-out or @uc:service-events',
    violates: 'ENV-CORRELATION (step 3: the asynchronous result of a master-data request carries its CorrelationID, ENV-14)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the asynchronous result (step 3) of a config request is sent without CorrelationID; the acknowledgement keeps it',
  },
  {
    id: 'md-result-never-sent',
    // the MDM's master data after a completed meter service (MSR-01.5 to .7) goes through the same results and store
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: change-out, service-events
    scope: '@uc:master-data or @uc:meter-service or @uc:change-out or @uc:service-events',
    violates: 'ENV-ASYNC-RESULT (step 3: the result of an acknowledged master-data request reaches the ReplyAddress, ENV-16)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'config requests with AsyncReplyFlag are acknowledged and applied, but their result (step 3) is never sent',
  },
  {
    id: 'md-result-not-past-tense',
    // the MDM's master data after a completed meter service (MSR-01.5 to .7) goes through the same results and store
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: change-out, service-events
    scope: '@uc:master-data or @uc:meter-service or @uc:change-out or @uc:service-events',
    violates: 'ENV-KIND (step 3: the result is an EventMessage with the past tense of the request verb)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the result (step 3) of a config request is sent with the request verb (CreateMeterConfig instead of CreatedMeterConfig)',
  },
  {
    id: 'md-operation-set-partial',
    scope: '@uc:master-data',
    violates: 'MD-STATE (an OperationSet with enforceTransactionalIntegrity is applied completely or not at all, ENV-20)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'when an operation of a transactional OperationSet fails, the operations before it stay applied (the reply still says FAILED, 5.9)',
  },
  {
    id: 'md-get-stale',
    // the MDM's master data after a completed meter service (MSR-01.5 to .7) goes through the same results and store
    // a Get after a change-out, an LCU installation and a firmware change too (found by --prove-scopes)
    scope: '@uc:master-data or @uc:meter-service or @uc:change-out or @uc:lcu-install or @uc:mdm-events',
    violates: 'MD-STATE (a Get<Noun> after a change shows the changed master data)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'Get<Noun> answers from the state before the latest change',
  },
  {
    id: 'md-duplicate-create-accepted',
    scope: '@uc:master-data',
    violates: 'ENV-EXPECTED-RESULT (a create of an object that already exists is refused and leaves it unchanged, CIM9-13)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create of an existing meter, usage point ... overwrites it and answers OK',
  },
  {
    id: 'md-link-unchecked',
    scope: '@uc:master-data',
    violates: 'ENV-EXPECTED-RESULT (a meter already linked to another usage point cannot be linked again; a link that does not exist cannot end: 2.13, 2.29)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'MasterDataLinkageConfig requests skip the relationship rules: a second usage point for a linked meter and the end of a non-existing link are answered OK',
  },
  {
    id: 'md-unknown-object-accepted',
    scope: '@uc:master-data',
    violates: 'ENV-EXPECTED-RESULT (a change or delete of an object the MDM does not know is refused with its "invalid …" code)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a change or delete of an unknown meter, usage point ... answers OK (and changes nothing)',
  },
  // ---------------------------------------------------------------------------------------- publication (UC-29)
  {
    id: 'md-publication-missing',
    scope: '@uc:master-data',
    violates: 'MD-PUBLICATION (a registered subscriber is told of every master-data change, UC-29)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'master-data changes are applied and answered as usual, but never published to the registered subscriber',
  },
  {
    id: 'md-publication-not-past-tense',
    scope: '@uc:master-data',
    violates: 'MD-PUBLICATION (a master-data change is published as an EventMessage with the past tense of the change, P2 / P4)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the publication of a master-data change is a RequestMessage with the request verb (CreateMeterConfig instead of CreatedMeterConfig)',
  },
  {
    id: 'md-publication-stale',
    scope: '@uc:master-data',
    violates: 'MD-PUBLICATION (the publication of a master-data change carries the objects as they now are)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the publication of a change carries the changed objects as they were before the change (a created object as it is)',
  },
  {
    id: 'md-publication-delta',
    scope: '@uc:master-data',
    violates:
      'MD-PUBLICATION (the publication of a master-data change carries the object as it now is, in full — caught only with CIM9-51=full; a delta is accepted, as info, under the default either)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the publication of a change carries only the identity and the elements of the change with their new values (a delta); created objects are published in full, deletes by identity',
    detectWith: { 'CIM9-51': 'full' },
  },
  {
    id: 'md-publication-twice',
    scope: '@uc:master-data',
    violates: 'MD-PUBLICATION (a registered subscriber is told of a master-data change once)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'every master-data change is published twice (two EventMessages with their own MessageIDs)',
  },
  {
    id: 'md-publication-on-refusal',
    scope: '@uc:master-data',
    violates: 'MD-PUBLICATION (nothing is published for a master-data request that was refused or an OperationSet that was aborted)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a refused master-data request (or an aborted OperationSet) is published to the subscriber as if it had taken effect',
  },
  {
    id: 'md-customer-attribute-dropped',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: master-data
    scope: '@req:MD-02.4 or @uc:master-data',
    violates: 'MD-STATE (create then get returns the same attributes, use-cases.md §9.2 MD-02)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'Get of one of the 2013 customer-side nouns (ServiceSupplierConfig … PricingStructureConfig) answers each object without its first simple attribute (kind, code, billingCycle …)',
  },
  {
    id: 'md-customer-delete-ignored',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: master-data
    scope: '@req:MD-02.4 or @uc:master-data',
    violates: 'MD-STATE (after a delete a Get finds no such object, use-cases.md §9.2 MD-02)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a delete of one of the 2013 customer-side nouns (ServiceSupplierConfig … PricingStructureConfig) is answered OK (and published) but the object stays',
  },
  {
    id: 'md-customer-link-ignored',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: switching
    scope: '@req:MD-01.5 or @uc:switching',
    violates: 'MD-STATE (a later get shows the link, use-cases.md §9.1 MD-01)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a MasterDataLinkageConfig naming a customer-side object (Customer, CustomerAccount, CustomerAgreement, ServiceLocation …) is answered OK but the link is not kept',
  },
  {
    id: 'md-customer-link-published-partly',
    scope: '@req:MD-01.6',
    violates: 'MD-PUBLICATION (the publication of a link names every object of the link, UC-29)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the publication of a MasterDataLinkageConfig naming a customer-side object (an agreement and its account, a pricing structure and a usage point) leaves out the last object of the link',
  },
  {
    id: 'md-customer-unknown-generic-code',
    scope: '@req:MD-NEG-CUST',
    violates: 'ENV-EXPECTED-CODE (a change or delete of a customer-side object the MDM does not know is refused with the "invalid …" code of its class, CIM9-287)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a change or delete of an unknown Customer, CustomerAccount, ServiceSupplier … is refused (FAILED) with 2.29 "object relationship mismatch" instead of the "invalid …" code of its class',
  },
  {
    id: 'md-link-unknown-customer-accepted',
    scope: '@req:MD-NEG-LINK-CUST or @req:MD-NEG-LINK-CUST-UP',
    violates: 'ENV-EXPECTED-RESULT (a MasterDataLinkageConfig naming a customer-side object or a usage point the MDM does not know is refused, use-cases.md §9.1 MD-01: linked objects exist; CIM9-295)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create(MasterDataLinkageConfig) naming a Customer, CustomerAccount, CustomerAgreement, ServiceLocation, ServiceSupplier or PricingStructure is answered OK and the link made without checking that its objects exist (an unknown usage point too), and a GetUsagePointConfig filtered by an unknown customer-side object answers from that link',
  },
  {
    id: 'md-link-unknown-customer-wrong-code',
    scope: '@req:MD-NEG-LINK-CUST',
    violates: 'ENV-EXPECTED-CODE (a link naming a customer-side object the MDM does not know is refused with a code of CIM9-295: the "invalid …" code of its class or 2.29)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create(MasterDataLinkageConfig) naming an unknown Customer, CustomerAccount, CustomerAgreement, ServiceLocation, ServiceSupplier or PricingStructure is refused (FAILED, nothing linked) with 2.4 "invalid meter"',
  },
  {
    id: 'md-customer-empty-create-accepted',
    scope: '@req:MD-NEG-CUST-EMPTY',
    violates: 'ENV-EXPECTED-RESULT (a create of a customer-side noun that carries no object of its class is refused, CIM9-288)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create of one of the 2013 customer-side nouns that carries no object (CustomerConfig without Customer …) is answered OK with nothing created',
  },
  {
    id: 'md-usage-point-supplier-dropped',
    scope: '@req:MD-02.5',
    violates: 'MD-STATE (create then get returns the same attributes: the ServiceSupplier a usage point names, use-cases.md §9.2 MD-02, payloads.md §10.2)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create(UsagePointConfig) is answered OK and the usage point kept, but without the ServiceSupplier it names',
  },
  {
    id: 'md-usage-point-change-replaces',
    scope: '@req:MD-02.5',
    violates: 'MD-STATE (a change only changes what was sent: the usage point keeps its ServiceSupplier, use-cases.md §9.2 MD-02)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a change(UsagePointConfig) that names no ServiceSupplier replaces the usage point with what the change carries: its supplier (and whatever else the change did not name) goes',
  },
  {
    id: 'md-usage-point-unknown-supplier-accepted',
    scope: '@req:MD-NEG-UP-SUPPLIER',
    violates: 'ENV-EXPECTED-RESULT (a usage point naming a ServiceSupplier the MDM was never told of, or one deleted, is refused, use-cases.md §9.2 MD-02; CIM9-242)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create(UsagePointConfig) naming a ServiceSupplier the MDM does not know (never created, or deleted) is answered OK and the usage point created',
  },
  {
    id: 'md-usage-point-unknown-supplier-wrong-code',
    scope: '@req:MD-NEG-UP-SUPPLIER',
    violates: 'ENV-EXPECTED-CODE (a usage point naming a ServiceSupplier the MDM does not know is refused with a code of CIM9-242: 2.20, 2.28 or 2.29)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'a create(UsagePointConfig) naming a ServiceSupplier the MDM does not know is refused (FAILED, nothing created) with 2.12 "invalid usage point"',
  },
  {
    id: 'md-usage-point-pricing-dropped',
    scope: '@req:MD-02.6',
    violates: 'MD-STATE (create then get returns the same attributes: the PricingStructures a usage point names, use-cases.md §9.2 MD-02, payloads.md §10.2; CIM9-245)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2024'],
    description: 'a create(UsagePointConfig) is answered OK and the usage point kept, but without the PricingStructures it names',
  },
  {
    id: 'md-usage-point-pricing-kept-old',
    scope: '@req:MD-02.6',
    violates: 'MD-STATE (a change of the usage point\'s PricingStructures is kept: the later Get shows the new pricing structure, use-cases.md §9.2 MD-02; CIM9-245)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2024'],
    description: 'a change(UsagePointConfig) naming another PricingStructures is answered OK (and published) but the usage point keeps its old pricing structure',
  },
];
