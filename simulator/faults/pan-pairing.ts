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
    editions: ['2013', '2024'],
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
