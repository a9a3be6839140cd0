/**
 * Faults of the MDM keeping a manual (or customer) read the field system told it (MR-02, simulator/handlers/
 * manual-reads.ts, features/manual-reads.feature). Each one a single, minimal violation; the first word of `violates`
 * is the rule the suite names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const MANUAL_READ_FAULTS: FaultDef[] = [
  {
    id: 'manual-read-not-stored',
    // the PQ measurements the MDM is told (EDE-08.3) are kept the same way
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: change-out
    scope: '@uc:manual-reads or (@usecase:EDE-08 and @role:MDM) or @uc:change-out',
    violates: 'MR-MANUAL-STORED (a register reading the MDM acknowledged is returned when the CIS asks for it)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the MDM acknowledges created(MeterReadings) with a manual read (OK) but does not keep it: asked for the register at that time, it answers with the value it computes itself for the end of the window',
  },
  {
    id: 'manual-quality-dropped',
    scope: '@uc:manual-reads',
    violates: 'MR-MANUAL-QUALITY (the manual read the MDM returns keeps its manual-read / customer-read quality x.4.131 / x.4.130, UC-10)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    // UC-10 is uncertain: a warning by default
    detectWith: { 'UC-10': 'failure' },
    description: 'the MDM keeps the value and timeStamp of a manual read but drops its ReadingQualities (1.4.131 / 1.4.130)',
  },
  {
    id: 'manual-source-dropped',
    scope: '@uc:manual-reads',
    violates: 'MR-MANUAL-SOURCE (the manual read the MDM returns keeps Reading.source, the entry system, CIM9-175)',
    roles: ['MDM'],
    area: 'readings',
    editions: ['2013', '2024'],
    // CIM9-175 is uncertain: a warning by default
    detectWith: { 'CIM9-175': 'failure' },
    description: 'the MDM keeps the value, timeStamp and quality of a manual read but names itself (cim9-reference-sut) as its source',
  },
];
