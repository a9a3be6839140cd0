/**
 * Faults of the head-end's answer to create(EndDeviceControls) (simulator/handlers/controls.ts,
 * features/end-device-controls.feature). Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const CONTROL_FAULTS: FaultDef[] = [
  {
    id: 'control-type-undecodable',
    violates: 'COD-CONTROL-TYPE (each EndDeviceControl names a decodable Annex F EndDeviceControlType code)',
    roles: ['HES'],
    area: 'codes',
    description: 'the EndDeviceControls the head-end returns in its reply to create(EndDeviceControls) name their EndDeviceControlType with ref "?" instead of the code',
  },
];

/** the EndDeviceControlType ref the head-end writes for a control of code `code` */
export function returnedControlType(code: string, has: (id: string) => boolean): string {
  return has('control-type-undecodable') ? '?' : code;
}
