/**
 * Faults of the reference SUT's EUMED handler (simulator/handlers/eumed.ts): each breaks one EUMED rule
 * (src/eumed/rules.ts) in the load-curve, max-power or index messages it sends, whether queried (get) or
 * published (created). Caught by features/eumed.feature under profiles/reference-2024.yaml:
 *   node bin/cim9.js run --profile profiles/reference-2024.yaml --fault <id> --tags @uc:eumed
 */
import type { FaultDef } from './catalogue.ts';

export const EUMED_FAULTS: readonly FaultDef[] = [
  {
    id: 'eumed-curve-gap',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-LC-COVERAGE (a EUMED load curve covers the requested period completely)',
    roles: ['MDM'],
    description: 'the third interval of every EUMED load curve is left out, with no quality code in its place',
  },
  {
    id: 'eumed-interval-length',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-LC-INTERVAL (every interval has the length of the measuring period)',
    roles: ['MDM'],
    description: 'the fifth interval of every EUMED load curve states a timePeriod of 30 minutes in a 15-minute curve',
  },
  {
    id: 'eumed-estimate-quality',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-LC-QUALITY (an estimated interval carries an "estimated" quality code)',
    roles: ['MDM'],
    description: 'intervals the MDM estimated (never delivered by the head-end) are flagged 3.0.1 (validated) instead of 3.8.0 (estimated)',
  },
  {
    id: 'eumed-index-decrease',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-INDEX-MONOTONIC (an index never decreases without a reset)',
    roles: ['MDM'],
    description: 'the second snapshot of every EUMED index is 1 kWh below the first, without a reset quality code',
  },
  {
    id: 'eumed-dst-fixed-offset',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-LC-DST (load-curve timestamps stay consistent across a DST change)',
    roles: ['MDM'],
    description: 'load curves are written in local time with a fixed +01:00 offset and 96 quarter hours per requested day, whatever the length of the day',
  },
  {
    id: 'eumed-maxpower-low',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-MAXPOWER-VALUE (the maximum is not below an interval average of the same period)',
    roles: ['MDM'],
    description: 'the daily maximum power is reported at half its value',
  },
  {
    id: 'eumed-wrong-multiplier',
    scope: '@uc:eumed',
    area: 'readings',
    violates: 'EUMED-UNIT (units and multipliers agree with the ReadingType)',
    roles: ['MDM'],
    description: 'the load-curve ReadingType declares multiplier none (Wh) while the values are in kWh',
  },
];
