/**
 * Faults of the head-end's firmware upgrade publications (simulator/handlers/firmware-upgrade.ts,
 * features/firmware-upgrade.feature, MSE-01): the firmware events and the configuration change it tells the MDM after
 * an upgrade in the field. Each one a single, minimal violation; the first word of `violates` is the rule the suite
 * names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const FIRMWARE_FAULTS: FaultDef[] = [
  {
    id: 'fw-activated-without-ready',
    scope: '@uc:firmware-upgrade',
    violates: 'FW-SEQUENCE (per device a firmware activation, or its failure, follows the "ready for activation" event)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after a firmware upgrade the head-end tells the MDM the activation (3.11.283.4) or the failure (3.11.283.85) of the new firmware without the "ready for activation" event (3.11.283.280) before it',
  },
  {
    id: 'fw-config-without-new-firmware',
    scope: '@uc:firmware-upgrade',
    violates: 'FW-CONFIG-FIRMWARE (the configuration change after an activated upgrade shows the new firmwareID)',
    roles: ['HES'],
    area: 'master-data',
    editions: ['2013', '2024'],
    description: 'after an activated firmware upgrade the changed(EndDeviceConfig) the head-end tells the MDM carries the old firmwareID (FW-1.0.0) on the SimpleEndDeviceFunction instead of the new one',
  },
  {
    id: 'fw-failed-config-new-firmware',
    scope: '@uc:firmware-upgrade',
    violates: 'FW-CONFIG-FIRMWARE (after a failed upgrade no configuration change shows the new firmwareID)',
    roles: ['HES'],
    area: 'master-data',
    editions: ['2013', '2024'],
    description: 'after a firmware upgrade whose activation failed the head-end tells the MDM changed(EndDeviceConfig) with the new firmwareID, as if it had been activated',
  },
  {
    id: 'fw-event-other-meter',
    scope: '@uc:firmware-upgrade',
    violates: 'FW-SAME-DEVICE (the firmware events and the configuration change concern the meter upgraded)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after a firmware upgrade of a meter the firmware events the head-end tells the MDM name another meter of the head-end',
  },
  {
    id: 'fw-config-other-meter',
    scope: '@uc:firmware-upgrade',
    violates: 'FW-SAME-DEVICE (the firmware events and the configuration change concern the meter upgraded)',
    roles: ['HES'],
    area: 'master-data',
    editions: ['2013', '2024'],
    description: 'after an activated firmware upgrade of a meter the changed(EndDeviceConfig) the head-end tells the MDM describes another meter of the head-end (with the new firmwareID)',
  },
];
