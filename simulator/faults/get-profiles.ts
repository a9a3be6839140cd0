/**
 * Faults of the head-end answering the Get profiles of Q-01 (simulator/handlers/get-profiles.ts,
 * features/get-profiles.feature). Each one a single, minimal violation; the first word of `violates` is the rule the
 * suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const GET_PROFILE_FAULTS: FaultDef[] = [
  {
    id: 'get-groups-filter-ignored',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-FILTER (every object of the answer to a get matches its filter)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'get(EndDeviceGroups) is answered with every group the head-end knows, whatever the EndDeviceGroup or EndDevice of the filter',
  },
  {
    id: 'get-groups-member-dropped',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-MATCH (the object the filter names is answered as the SUT was told it)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'get(EndDeviceGroups) answers each group without its last member',
  },
  {
    id: 'get-groups-by-device-ignored',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-MATCH (the objects that match the filter are in the answer)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'get(EndDeviceGroups) with an EndDevice in its filter is answered OK with no group, although groups have that device as a member',
  },
  {
    id: 'get-controls-filter-ignored',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-FILTER (every object of the answer to a get matches its filter)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'get(EndDeviceControls) is answered with every load-control event still running, whatever the EndDeviceControl of the filter',
  },
  {
    id: 'get-controls-device-dropped',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-MATCH (the object the filter names is answered as the SUT was told it)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'get(EndDeviceControls) answers the control without the EndDevices it was sent for',
  },
  {
    id: 'get-schedules-filter-ignored',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-FILTER (every object of the answer to a get matches its filter)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'get(MeterReadSchedules) is answered with the devices of every schedule still running, whatever the EndDevice of the filter',
  },
  {
    id: 'get-schedules-reading-type-dropped',
    scope: '@uc:get-profiles',
    violates: 'DOM-QUERY-MATCH (the object the filter names is answered as the SUT was told it)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2024'],
    description: 'get(MeterReadSchedules) answers the schedule of the device without the ReadingTypes it reads',
  },
];
