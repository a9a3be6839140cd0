/**
 * Faults of the head-end's pairing of a PAN device (simulator/handlers/pan-pairing.ts, features/pan-pairing.feature):
 * the pairing events it tells its MDM after the control that opens the pairing window. Each one a single, minimal
 * violation; the first word of `violates` is the rule the suite names when it catches the fault. Merged into FAULTS
 * by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const PAN_PAIRING_FAULTS: FaultDef[] = [
  {
    id: 'pairing-no-event',
    scope: '@uc:pan-pairing',
    violates: 'PAN-PAIR-EVENT (after the pairing window opened the head-end reports the pairing result of the PAN device)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the head-end answers the pairing-window control OK but tells its MDM no pairing event',
  },
  {
    id: 'pairing-event-wrong-device',
    scope: '@uc:pan-pairing',
    violates: 'PAN-PAIR-DEVICE (the pairing events name the PAN device of the control)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the pairing events name another PAN device (an mRID the control did not list)',
  },
  {
    id: 'pairing-event-wrong-domain',
    scope: '@uc:pan-pairing',
    violates: 'PAN-PAIR-DOMAIN (the events of the PAN device after the pairing window are of domain 10)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the head-end reports the pairing of the PAN device with a known event of another domain (3.1.52.29 Communication established, domain 1) instead of its domain-10 pairing events',
  },
  {
    id: 'pairing-accepted-although-refused',
    violates: 'PAN-PAIR-REJECTED (a PAN device the meter cannot pair is reported failed, never paired)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    scope: '@usecase:PAN-01',
    description: 'the head-end reports a PAN device the meter cannot pair (the field refused it) as paired: x.10.74.17 Association Confirmed instead of x.10.74.85 Association Failed',
  },
  {
    id: 'pairing-after-close',
    violates: 'PAN-PAIR-CLOSED (no PAN device is paired through a pairing window after it was closed)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    scope: '@usecase:PAN-01',
    description: 'the head-end answers the control that closes the pairing window OK but leaves the window open: a PAN device that asks to join afterwards is paired',
  },
];

type Has = (id: string) => boolean;

/** whether the head-end tells the pairing at all (pairing-no-event: no) */
export const pairingTold = (has: Has): boolean => !has('pairing-no-event');

/** the device the pairing events name (pairing-event-wrong-device: another one) */
export function pairedDevice(device: string, has: Has): string {
  return has('pairing-event-wrong-device') ? `${device}-OTHER` : device;
}

/** the code of a pairing event (pairing-event-wrong-domain: 3.1.52.29, a known event of domain 1) */
export function pairingCode(code: string, has: Has): string {
  return has('pairing-event-wrong-domain') ? '3.1.52.29' : code;
}

/** the outcome the head-end reports for a PAN device the field refused (pairing-accepted-although-refused: accepted) */
export function refusedOutcome(code: string, has: Has): string {
  return has('pairing-accepted-although-refused') ? '0.10.74.17' : code;
}

/** whether the head-end ignores the close of the pairing window (pairing-after-close: yes) */
export const closeIgnored = (has: Has): boolean => has('pairing-after-close');

/** faults of the MDM that opens the pairing window at its head-end for a PAN device its CIS created (PAN-01.5, ../handlers/pan-relay.ts) */
export const PAN_RELAY_FAULTS: FaultDef[] = [
  {
    id: 'mdm-pairing-window-not-sent',
    scope: '@req:PAN-01.5',
    violates: 'PAN-RELAY-WINDOW (the MDM opens the pairing window at its head-end for the PAN device its CIS created)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM answers the create(EndDeviceConfig) of a PAN device OK but never asks its head-end to open the pairing window',
  },
  {
    id: 'mdm-pairing-window-without-install-code',
    scope: '@req:PAN-01.5',
    violates: 'PAN-RELAY-WINDOW (the pairing window lists the PAN device with the installCode the CIS gave)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the pairing window the MDM sends its head-end lists the PAN device without its installCode',
  },
  {
    id: 'mdm-pairing-window-close-code',
    scope: '@req:PAN-01.5',
    violates: 'PAN-RELAY-WINDOW (the control is the pairing window open, x.10.73.298)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM sends its head-end the pairing window close (3.10.73.299) instead of the open (3.10.73.298)',
  },
  {
    id: 'mdm-pairing-window-without-meter',
    scope: '@req:PAN-01.5',
    violates: 'PAN-RELAY-WINDOW (the pairing window targets the meter the CIS named)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the pairing window the MDM sends its head-end lists the PAN device only, not the meter it is to pair with',
  },
  {
    id: 'mdm-pairing-result-refused',
    scope: '@req:PAN-01.5',
    violates: 'ENV-EXPECTED-RESULT (the MDM acknowledges the pairing result its head-end tells of a PAN device it opened the window for, PAN-01: "MS → MDM : created(EndDeviceEvents) pairing result ⇐ ack")',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM refuses the pairing result of the PAN device (FAILED 2.4: the PAN device is no meter of its own)',
  },
  {
    id: 'mdm-pan-not-linked',
    scope: '@req:PAN-01.5',
    violates: 'PAN-RELAY-LINK (after its head-end reported a PAN device paired the MDM links it to the usage point of its meter)',
    roles: ['MDM'],
    area: 'master-data',
    editions: ['2013', '2024'],
    detectWith: { 'CIM9-248': 'required' },
    description: 'the MDM acknowledges the accepted pairing of a PAN device but never links it to the usage point of its meter',
  },
];

