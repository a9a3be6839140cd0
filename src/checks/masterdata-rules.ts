/**
 * Rules of master data management (../shared/spec/use-cases.md §9; envelope.md §3.6-§3.7, §8): what the
 * master-data checks (src/checks/masterdata.ts) emit besides the envelope rules. Merged into RULES of
 * src/checks/catalogue.ts.
 */
import type { RuleDef } from './catalogue.ts';

export const MASTER_DATA_RULES: readonly RuleDef[] = [
  {
    id: 'MD-STATE',
    scope: 'scenario',
    clause: '61968-9 5.10 / 2024 5.8, Annex J (master data); use-cases.md §9.2',
    edition: 'all',
    severity: 'error',
    statement:
      'After a master-data request, a Get<Noun> shows exactly its effect: a created object with what was sent, a change with the elements it carried and nothing else changed, deleted objects and details gone, links in place or ended; a refused request or an aborted OperationSet leaves nothing applied.',
  },
  {
    id: 'MD-OPERATION-SET',
    scope: 'scenario',
    clause: '61968-100:2013 OperationSet (Reply/Error operationId); 61968-9 2013 Annex K pattern 3; envelope.md §8',
    edition: 'all',
    severity: 'error',
    assumption: 'ENV-20',
    statement:
      'The reply to an OperationSet reports per operation: every Error/operationId names an operation of the set; when a transactional set is aborted, the failing operation is named and the rollback carries code 5.9 (ENV-20).',
  },
  {
    id: 'MD-PUBLICATION',
    scope: 'scenario',
    clause: '61968-9 2013 5.10 / 2024 5.8 (master data transfer); use-cases.md §0.3 P2/P4, §9.2; 2013 Annex K pattern 2 / 4',
    edition: 'all',
    severity: 'error',
    assumption: 'UC-29',
    statement:
      'A registered subscriber is told of each master-data change once: an EventMessage with the past tense of the change (created / changed / deleted / closed <Config>, executed with the OperationSet applied; the end of a link closed or deleted under PAY-14, a delete of details changed or deleted under UC-31) and the noun of the change, carrying the objects as they now are (the facts a Get shows; for a delete, the identity of what went) and no other object; nothing is published for a refused request or an aborted OperationSet (UC-29: required when the suite is registered as subscriber, pics.<role>.publishes (master data), or always).',
  },
];
