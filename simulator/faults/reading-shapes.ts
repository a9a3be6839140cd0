/**
 * Faults of the reading structure (MR-06), the two MeterReading shapes (MR-07) and the GetMeterReadings query the SUT
 * sends (MR-10): simulator/handlers/reading-shapes.ts, ./relay.ts and ../handlers/client-requests.ts apply them;
 * features/reading-shapes.feature catches them. Each one a single, minimal violation; the first word of `violates` is
 * the rule the suite names when it catches the fault. Merged into FAULTS by ./catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';
import type { Message } from '../../src/message/index.ts';
import type { XElement } from '../../src/xml/index.ts';
import { GMR } from '../../src/payloads/meterReadings.ts';

export const READING_SHAPE_FAULTS: FaultDef[] = [
  {
    id: 'interval-timestamp-at-start',
    violates: 'MR-TIME-INTERVAL-END (an interval timeStamp is the end of its interval, PAY-04)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:MR-06 or @usecase:MR-04 or @usecase:MR-10',
    description: 'the interval data of a requested period is stamped at the start of each interval: the first reading carries the start of the period, the last one ends a period before its end',
  },
  {
    id: 'interval-beyond-requested-end',
    violates: 'MR-TIME-HALF-OPEN (a requested period includes its start and excludes its end: no interval ends after its end)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:MR-06 or @usecase:MR-04 or @usecase:MR-10',
    description: 'the interval data of a requested period holds one interval more, the one that begins at the end of the period',
  },
  {
    id: 'reported-before-timestamp',
    violates: 'DOM-TIME-CONVENTION (reportedDateTime is not before the timeStamp of its reading, UC-14)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: reading-shapes
    scope: '@usecase:MR-06 or @usecase:MR-04 or @uc:reading-shapes',
    description: 'each IntervalReading of a requested period says it was reported a minute before its timeStamp',
    // the convention is uncertain (use-cases.md §3.6 "?"): a warning by default
    detectWith: { 'UC-14': 'failure' },
  },
  {
    id: 'no-reported-date-time',
    violates: 'MR-TIME-ABSENT (the answer carries the reportedDateTime the convention is about, CIM9-192)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:MR-06',
    description: 'the IntervalReadings of a requested period carry no reportedDateTime',
    // an optional element: its absence is a warning by default (the scenario is skipped, untested)
    detectWith: { 'CIM9-192': 'failure' },
  },
  {
    id: 'interval-data-as-readings',
    violates: 'MR-SHAPE-READINGS (interval data comes as an IntervalBlock of IntervalReadings, register values as Readings, MR-07)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2024'],
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: reading-shapes
    scope: '@usecase:MR-07 or @usecase:MR-06 or @usecase:MR-04 or @uc:reading-shapes',
    description: 'asked for register and interval readings over a period, the SUT gives the interval values as Readings of the interval ReadingType, next to the register Reading, with no IntervalBlock',
  },
  {
    id: 'reading-type-declared-partly',
    violates: 'MR-SHAPE-READINGTYPE (the ReadingTypes of a payload are referenced one way: all defined at the root, or all by code, CIM9-196)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2024'],
    scope: '@usecase:MR-07',
    description: 'the answer with register Readings and an IntervalBlock defines the interval ReadingType at the root but not the register one, which its Reading references by code',
    // the way of referencing is uncertain (use-cases.md §3.7 "?"): a mix is a warning by default
    detectWith: { 'CIM9-196': 'failure' },
  },
  {
    id: 'register-read-outside-period',
    violates: 'MR-PERIOD-WITHIN (the answer to a GetMeterReadings with a timePeriod carries the readings of that period only, MR-10)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:MR-10',
    description: 'asked for the register reading of a meter over a past period (and holding none the meter was sent for it), the SUT answers its register value now, after the end of the period',
  },
  {
    id: 'interval-data-starts-late',
    violates: 'MR-PERIOD-COVER (the interval data answered covers the period asked, from its start to its end, MR-10)',
    roles: ['MDM', 'HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    scope: '@usecase:MR-10 or @usecase:MR-04',
    description: 'asked for the interval data of a meter over a period, the SUT leaves out its first interval (the data begins one interval after the start)',
  },
  {
    id: 'relay-query-names-group',
    violates: 'MR-SHAPE-QUERY (a GetMeterReadings query names its meters as EndDevice or UsagePoint, MR-10)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: on-request-read, outage-detection
    scope: '@cap:relay and (@usecase:MR-10 or @usecase:MR-03 or @usecase:EDE-02) or @uc:on-request-read or @uc:outage-detection',
    leftOut: {
      tags: '@req:NEG-1.8',
      why: 'the valid twin of the schema-invalid negative is a relayed read, refused under the fault too: the negative ends inconclusive (CIM9-61), not a verdict on the SUT',
    },
    description: 'the MDM relays an on-request read to the head-end with a GetMeterReadings that names the meters as EndDeviceGroup instead of EndDevice',
  },
  {
    id: 'cis-query-names-group',
    violates: 'MR-SHAPE-QUERY (a GetMeterReadings query names its meters as EndDevice or UsagePoint, MR-10)',
    roles: ['CIS'],
    area: 'readings',
    editions: ['2013', '2024'],
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: client-requests
    scope: '@role:CIS and (@usecase:MR-10 or @usecase:MR-03) or @uc:client-requests',
    description: 'the CIS asks the MDM for the reading of a meter with a GetMeterReadings that names the meter as EndDeviceGroup instead of EndDevice',
  },
];

/** a get(MeterReadings) whose GetMeterReadings names its EndDevices as EndDeviceGroups (same id; the element that follows EndDevice in the profile) */
export function metersAsGroup(msg: Message): Message {
  const q = msg.request?.query as XElement | undefined;
  if (!q?.children) return msg;
  const children = q.children.map((c) => (c && typeof c === 'object' && 'name' in c && c.ns === GMR && c.name === 'EndDevice' ? { ...c, name: 'EndDeviceGroup' } : c));
  return { ...msg, request: { ...msg.request, query: { ...q, children } } };
}
