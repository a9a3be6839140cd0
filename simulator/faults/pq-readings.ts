/**
 * Faults of the head-end's power-quality measurements (simulator/handlers/pq-readings.ts, features/pq-readings.feature,
 * EDE-08): the created(MeterReadings) it tells the MDM after a power-quality disturbance in the field. Each one a single,
 * minimal violation; the first word of `violates` is the rule the suite names when it catches the fault. Merged into
 * FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const PQ_READING_FAULTS: FaultDef[] = [
  {
    id: 'pq-reading-not-aggregate',
    scope: '@uc:pq-readings',
    violates: 'EDE-PQ-AGGREGATE (every PQ ReadingType has aggregate minimum, maximum or average)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'after a power-quality disturbance the head-end tells the average voltage of phase A with a ReadingType whose aggregate (field 2) is 0, none',
  },
  {
    id: 'pq-reading-not-pq-kind',
    scope: '@uc:pq-readings',
    violates: 'EDE-PQ-KIND (every PQ ReadingType measures a power-quality kind)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'after a power-quality disturbance the head-end tells, instead of the average power factor, a maximum 15-minute forward energy (measurementKind 12, kWh)',
  },
  {
    id: 'pq-reading-other-meter',
    scope: '@uc:pq-readings',
    violates: 'EDE-PQ-METER (the PQ measurements are of the meter where the disturbance was caused)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'after a power-quality disturbance at a meter the head-end tells the PQ measurements as those of another meter of the head-end',
  },
  {
    id: 'pq-get-outside-window',
    scope: '@usecase:EDE-08',
    violates: 'EDE-PQ-WINDOW (the PQ measurements answered to the get form lie within the time window asked)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'asked get(MeterReadings) for the PQ measurements of a meter over the window of a disturbance, the head-end answers them stamped a day earlier',
  },
  {
    id: 'pq-get-types-missing',
    scope: '@usecase:EDE-08',
    violates: 'EDE-PQ-ASKED (the answer to the get form carries each PQ ReadingType asked)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'asked get(MeterReadings) for six PQ ReadingTypes of a meter after a disturbance, the head-end answers the first one only (OK)',
    detectWith: { 'CIM9-209': 'strict' },
  },
  {
    id: 'mdm-pq-value-altered',
    scope: '@usecase:EDE-08 and @role:MDM',
    violates: 'EDE-PQ-KEPT (the MDM answers the PQ measurements it was told with their ReadingType, instant and value)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'asked get(MeterReadings) for the PQ measurements the head-end told it, the MDM answers the voltages in kV (228.9 V as 0.2289) though their ReadingType says V',
  },
  {
    id: 'mdm-pq-time-shifted',
    scope: '@usecase:EDE-08 and @role:MDM',
    violates: 'EDE-PQ-KEPT (the MDM answers the PQ measurements it was told with their ReadingType, instant and value)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'asked get(MeterReadings) for the PQ measurements the head-end told it, the MDM answers each stamped at the start of its 15-minute interval (15 minutes before the instant told, still within the window asked)',
  },
];
