/**
 * Faults of the reference MDM relaying historical interval data it does not hold to its head-end (P6 of MR-04,
 * simulator/handlers/relay-history.ts, features/relayed-history.feature): on its client side (what it asks the
 * head-end, the pages it takes) and in what it relays to the CIS. Merged into FAULTS by ./catalogue.ts; both editions.
 */
import type { FaultDef } from './catalogue.ts';

const RELAYED = '@uc:relayed-history';
const PAGED = '@req:MR-04.R2';

export const RELAY_HISTORY_FAULTS: FaultDef[] = [
  {
    id: 'history-relay-first-page-only',
    scope: PAGED,
    violates: "MR-PAGE-GAP (the MDM's answer holds every interval of the range: it takes every page of its head-end's answer and relays every interval of it, MR-04 / UC-12)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: "the MDM relays the first page of its head-end's paged answer (PARTIAL 0.1) to the CIS as the whole answer, Result OK, without waiting for the later pages (it acknowledges them when they come, and drops them)",
  },
  {
    id: 'history-relay-gap',
    scope: PAGED,
    violates: "DOM-INTERVAL-COMPLETE (the MDM's answer has no gap: it relays every interval of every page of its head-end's answer, contiguous)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: "the MDM leaves out the first interval of the second page of its head-end's paged answer when it relays the answer to the CIS",
  },
  {
    id: 'history-relay-final-partial',
    scope: PAGED,
    violates: 'MR-PAGE-SEQUENCE (a complete relayed answer does not say more results follow: no 0.1 without a later message)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: "the MDM relays the complete historical answer of its head-end to the CIS with Result PARTIAL and 0.1 (more results follow, the code of the head-end's first page), and nothing follows",
  },
  {
    id: 'history-relay-no-reply-address',
    scope: PAGED,
    violates: "DOM-RELAY-PAGES (the MDM's request for a range its head-end answers in pages gives a ReplyAddress for the later pages)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the get(MeterReadings) of historical interval data the MDM sends its head-end carries no ReplyAddress (the head-end the suite plays refuses a range of more than one page with 3.1, and the MDM relays that FAILED)',
  },
  {
    id: 'history-relay-alters-value',
    scope: RELAYED,
    violates: "DOM-RELAY-INTERVALS (the MDM relays the head-end's interval values unchanged)",
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM adds 1 to every interval value its head-end returned before relaying it to the CIS',
  },
  {
    id: 'history-relay-from-store',
    scope: RELAYED,
    violates: 'DOM-RELAY-HISTORY-ASKED (an MDM asks its head-end for interval data it does not hold, MR-04; CIM9-228 = relay)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    // whether the MDM may answer from its store is uncertain (CIM9-228): info by default
    detectWith: { 'CIM9-228': 'relay' },
    description: 'the MDM answers historical interval data from before its history with values of its own, without asking its head-end',
  },
];
