/**
 * Faults of the installation of a load-control unit (simulator/handlers/lcu-install.ts, features/lcu-install.feature):
 * the installation events the head-end tells its MDM after the installer's messages, and the MDM keeping the device
 * the installer told it of. Each one a single, minimal violation; the first word of `violates` is the rule the suite
 * names when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

const SCOPE = '@usecase:EDC-02';

export const LCU_INSTALL_FAULTS: FaultDef[] = [
  {
    id: 'lcu-no-event',
    violates: 'EDC-LCU-EVENT (after the installer linked the new load-control unit, the head-end tells its MDM the installation)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    scope: SCOPE,
    description: 'the head-end answers the installer OK (device and link) but tells its MDM no installation event',
  },
  {
    id: 'lcu-event-wrong-domain',
    violates: 'EDC-LCU-DOMAIN (the installation of a load-control unit is told in domain 6 Installation)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    scope: SCOPE,
    description: 'the head-end tells the installation of the load-control unit as 16.7.0.105 (domain 7 Configuration) instead of 16.6.0.105',
  },
  {
    id: 'lcu-event-other-device',
    violates: 'EDC-LCU-DEVICE (the installation events name the new load-control unit)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    scope: SCOPE,
    description: 'the installation event names another device (an mRID the installer never sent) instead of the new load-control unit',
  },
  {
    id: 'lcu-event-meter-type',
    violates: 'EDC-LCU-TYPE (the installation events of a load-control unit carry EndDeviceType 16 or 0)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    scope: SCOPE,
    detectWith: { 'CIM9-188': 'failure' },
    description: 'the head-end tells the installation of the load-control unit as 3.6.0.105 (EndDeviceType 3 ElectricMeter) instead of 16.6.0.105',
  },
  {
    id: 'lcu-mdm-device-dropped',
    violates: 'EDC-LCU-LINK (an MDM that acknowledged a new load-control unit links it to its usage point and shows the link)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013', '2024'],
    scope: SCOPE,
    description: 'the MDM acknowledges created(EndDeviceConfig) of the load-control unit (OK) but keeps nothing, so it refuses the link that follows (unknown EndDevice)',
  },
];

type Has = (id: string) => boolean;

/** whether the head-end tells the installation at all (lcu-no-event: no) */
export const installationTold = (has: Has): boolean => !has('lcu-no-event');

/** the device the installation event names (lcu-event-other-device: another one) */
export const installedDevice = (device: string, has: Has): string => (has('lcu-event-other-device') ? `${device}-OTHER` : device);

/** the domain of the installation event (lcu-event-wrong-domain: 7 Configuration) */
export const installationDomain = (has: Has): string => (has('lcu-event-wrong-domain') ? '7' : '6');

/** the EndDeviceType of the installation event (lcu-event-meter-type: 3 ElectricMeter) */
export const installationDeviceType = (type: string, has: Has): string => (has('lcu-event-meter-type') ? '3' : type);

/** whether the MDM keeps the device of created(EndDeviceConfig) (lcu-mdm-device-dropped: no) */
export const deviceKept = (has: Has): boolean => !has('lcu-mdm-device-dropped');
