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
    scope: '@uc:master-data',
    violates: 'ENV-CORRELATION (step 3: the asynchronous result of a master-data request carries its CorrelationID, ENV-14)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'the asynchronous result (step 3) of a config request is sent without CorrelationID; the acknowledgement keeps it',
  },
  {
    id: 'md-result-never-sent',
    scope: '@uc:master-data',
    violates: 'ENV-ASYNC-RESULT (step 3: the result of an acknowledged master-data request reaches the ReplyAddress, ENV-16)',
    roles: ['MDM'],
    area: 'master-data',
    description: 'config requests with AsyncReplyFlag are acknowledged and applied, but their result (step 3) is never sent',
  },
  {
    id: 'md-result-not-past-tense',
    scope: '@uc:master-data',
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
    scope: '@uc:master-data',
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
];
