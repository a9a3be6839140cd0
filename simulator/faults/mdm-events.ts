/**
 * Faults of the reference MDM's answer to get(EndDeviceEvents) for the events the head-end told it
 * (simulator/handlers/mdm-events.ts, features/mdm-events.feature, EDE-05 / EDE-07 with the MDM as SUT). Each one a
 * single, minimal violation; the first word of `violates` is the rule the suite names when it catches the fault.
 * Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const MDM_EVENT_FAULTS: FaultDef[] = [
  {
    id: 'mdm-events-not-kept',
    scope: '@uc:mdm-events',
    violates: 'EDE-EVENTS-KEPT (the MDM answers get(EndDeviceEvents) with the events the head-end told it)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM acknowledges the events the head-end tells it (OK) but answers a get(EndDeviceEvents) for the meter over their time with none of them (OK, no events)',
  },
  {
    id: 'mdm-health-event-recoded',
    scope: '@usecase:EDE-05 and @role:MDM',
    violates: 'EDE-EVENTS-KEPT (the MDM answers each event it was told with the code the head-end sent)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'asked get(EndDeviceEvents) for the health events the head-end told it, the MDM answers the clock error (3.36.0.79) as a clock change (3.36.0.24)',
  },
  {
    id: 'mdm-sag-stop-dropped',
    scope: '@usecase:EDE-07 and @role:MDM',
    violates: 'EDE-PQ-PAIR (the sag and swell starts and stops the MDM answers pair per meter and phase)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'asked get(EndDeviceEvents) for the power quality events the head-end told it, the MDM answers the start of the voltage sag of phase A (3.26.131.223) but not its stop (3.26.131.224)',
  },
  {
    id: 'mdm-firmware-activation-dropped',
    scope: '@usecase:MSE-01 and @role:MDM',
    violates: 'EDE-EVENTS-KEPT (the MDM answers get(EndDeviceEvents) with every firmware event the head-end told it, MSE-01)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'asked get(EndDeviceEvents) for the firmware events the head-end told it, the MDM answers the ready for activation (3.11.283.280) but not the activation (3.11.283.4)',
  },
];

/** the fault of the MDM that keeps the new firmware its head-end tells it (MSE-01.4, ../handlers/mdm-firmware.ts) */
export const MDM_FIRMWARE_FAULTS: FaultDef[] = [
  {
    id: 'mdm-firmware-config-not-kept',
    scope: '@req:MSE-01.4',
    violates: 'FW-MDM-KEPT (the MDM keeps the new firmwareID of the configuration change its head-end told it)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013', '2024'],
    description: 'the MDM acknowledges changed(MeterConfig) with the new firmware of a meter OK but does not apply it: a get(MeterConfig) shows the old configuration',
  },
];
