/**
 * Faults of the reference MDM when it passes a control of its CIS or DRMS on to its head-end (P6,
 * simulator/handlers/relayed-controls.ts, features/relayed-controls.feature). Each one a single, minimal violation;
 * the first word of `violates` is the rule the suite names when it catches the fault. Merged into FAULTS by
 * simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';
import type { EndDeviceControlValue } from '../../src/payloads/endDeviceControls.ts';

type Has = (id: string) => boolean;

export const RELAYED_CONTROL_FAULTS: FaultDef[] = [
  {
    id: 'relay-control-not-passed-on',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-FORWARD (the MDM passes a control of its CIS or DRMS on to its head-end, EDC-06 step 3)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM answers create(EndDeviceControls) of the CIS / DRMS OK without passing the control on to its head-end',
  },
  {
    id: 'relay-control-other-meter',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-FORWARD (the control passed on names the meters the requester named and no other)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM passes the control on to its head-end naming another meter of its store instead of the one the requester named',
  },
  {
    id: 'relay-control-drops-action',
    scope: '@usecase:PAN-03 or @usecase:EDC-08',
    violates: 'EDC-RELAY-FORWARD (the control passed on carries exactly the PAN action the requester sent)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM passes a PAN control or price signal on to its head-end without its PanDisplay / PanDemandResponse / PanPricing element',
  },
];

/** whether the MDM passes the control on (relay-control-not-passed-on: it does not) */
export const passesControlOn = (has: Has): boolean => !has('relay-control-not-passed-on');

/**
 * the control as the MDM passes it on: its own mRID, the rest as the requester sent it (relay-control-other-meter:
 * another meter of the store; relay-control-drops-action: without the PAN action)
 */
export function passedOnControl(c: EndDeviceControlValue, meters: readonly string[], has: Has): EndDeviceControlValue {
  const other = (m: string | undefined) => meters.find((x) => x !== m) ?? m;
  return {
    ...c,
    endDevices: has('relay-control-other-meter') ? (c.endDevices ?? []).map((d) => ({ mRID: other(d.mRID) })) : c.endDevices,
    action: has('relay-control-drops-action') ? undefined : c.action,
  };
}
