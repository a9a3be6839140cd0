/**
 * Faults of the MDM and head-end answering historical interval data in pages (MR-04), a range where they have no data
 * (5.7), and the cancel of a long-running get (2013 Annex M) (simulator/handlers/historical-paging.ts,
 * features/historical-paging.feature). Each one a single, minimal violation; the first word of `violates` is the rule
 * the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

const PAGED = '@req:MR-04.P1 or @req:MR-04.P2';
const UNAVAILABLE = '@req:MR-04.U1 or @req:MR-04.U2 or @req:MR-04.U3 or @req:MR-04.U4';

export const HISTORICAL_PAGING_FAULTS: FaultDef[] = [
  {
    id: 'paging-never-final',
    scope: PAGED,
    violates: 'MR-PAGE-SEQUENCE (a paged answer ends: its last page is not Result PARTIAL with 0.1, more results follow)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the last page of a paged historical answer says 0.1 (more results follow) like the others, and nothing follows it',
  },
  {
    id: 'paging-final-ok',
    scope: PAGED,
    violates: 'MR-PAGE-FINAL (the last page of a paged answer is Result PARTIAL with 0.2, CIM9-251)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    // CIM9-251 is uncertain: a warning by default
    detectWith: { 'CIM9-251': 'failure' },
    description: 'the last page of a paged historical answer is Result OK without an Error code instead of PARTIAL with 0.2',
  },
  {
    id: 'paging-gap',
    scope: PAGED,
    violates: 'MR-PAGE-GAP (the pages hold every interval of the range, each going on where the one before ended)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the second page of a paged historical answer leaves out its first interval: a gap between the first and the second page',
  },
  {
    id: 'paging-duplicate-interval',
    scope: PAGED,
    violates: 'MR-PAGE-DUPLICATE (no interval of a paged answer comes twice)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the second page of a paged historical answer starts with the last interval of the first page again',
  },
  {
    id: 'paging-page-repeated',
    scope: PAGED,
    violates: 'MR-PAGE-DUPLICATE (no page of a paged answer comes twice: every interval exactly once across the pages)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the second page of a paged historical answer is sent twice (the same intervals, Result PARTIAL 0.1, a new MessageID each time)',
  },
  {
    id: 'paging-endless',
    scope: PAGED,
    violates: 'MR-PAGE-SEQUENCE (a paged answer ends: more pages saying 0.1 than the intervals of the range can fill is an answer that does not end)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'a paged historical answer never ends: its last page says 0.1, and after it pages without data saying 0.1 keep coming (250, one every 5 ms)',
  },
  {
    id: 'paging-outside-window',
    scope: PAGED,
    violates: 'MR-PAGE-WINDOW (every interval of every page lies in the range of Request/StartTime and EndTime)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the last page of a paged historical answer holds one interval more, the one after the end of the range asked for',
  },
  {
    id: 'paging-page-uncorrelated',
    scope: PAGED,
    violates: 'ENV-CORRELATION (every page of a paged answer carries the request\'s CorrelationID)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the second page of a paged historical answer carries a CorrelationID of its own instead of the request\'s',
  },
  {
    id: 'data-unavailable-invented',
    scope: UNAVAILABLE,
    violates: 'MR-DATA-UNAVAILABLE (no data for a period the SUT cannot have, and a Reply saying it is unavailable, 5.7)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'interval values for every interval asked for, Result OK: also for a day before the history the SUT keeps and for intervals that have not ended yet',
  },
  {
    id: 'data-unavailable-ok-empty',
    scope: UNAVAILABLE,
    violates: 'MR-DATA-UNAVAILABLE (a range partly without data is answered PARTIAL with 5.7, CIM9-254)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    // CIM9-254 is uncertain: a warning by default
    detectWith: { 'CIM9-254': 'failure' },
    description: 'a range that reaches past the last interval that has ended is answered Result OK with the intervals there are, without saying (5.7) that the rest is unavailable',
  },
  {
    id: 'data-unavailable-partial-empty',
    scope: UNAVAILABLE,
    violates: 'DOM-INTERVAL-COMPLETE (a PARTIAL answer to a range partly without data carries the data there is)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'a range that reaches past the last interval that has ended is answered Result PARTIAL with 5.7 and no interval at all, also none of those that ended hours before',
  },
  {
    id: 'get-cancel-ignored',
    scope: '@uc:historical-paging and @usecase:MISC',
    violates: 'MR-GET-CANCEL (nothing of a canceled get follows the reply to the cancel, ENV-17)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013'],
    description: 'cancel(MeterReadings) naming a running paged get is answered OK, and the pages of the get go on coming to the ReplyAddress',
  },
  {
    id: 'get-cancel-refused',
    scope: '@uc:historical-paging and @usecase:MISC',
    violates: 'ENV-EXPECTED-RESULT (the cancel of a running get, naming it in Request/ID kind="transaction", is accepted: Result OK)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013'],
    description: 'cancel(MeterReadings) naming a running paged get is refused with FAILED 2.15 (invalid request ID) and the pages go on',
  },
];
