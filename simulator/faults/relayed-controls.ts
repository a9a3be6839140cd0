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
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM answers create(EndDeviceControls) of the CIS / DRMS OK without passing the control on to its head-end',
  },
  {
    id: 'relay-control-other-meter',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-FORWARD (the control passed on names the meters the requester named and no other)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM passes the control on to its head-end naming another meter of its store instead of the one the requester named',
  },
  {
    id: 'relay-control-drops-action',
    scope: '@usecase:PAN-03 or @usecase:EDC-08',
    violates: 'EDC-RELAY-FORWARD (the control passed on carries exactly the PAN action the requester sent)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM passes a PAN control or price signal on to its head-end without its PanDisplay / PanDemandResponse / PanPricing element',
  },
  {
    id: 'relay-completion-wrong-event',
    scope: '@uc:relayed-controls',
    violates: "EDC-RESULT-EVENT (the completion the MDM tells the CIS is the result event of the command, codes.md §6.4)",
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the MDM tells its CIS the completion of a disconnect with the Connected event x.31.0.42, and of a connect with Disconnected x.31.0.68, instead of the event its head-end told it',
  },
  {
    id: 'relay-cancel-not-passed-on',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-CANCEL (the MDM passes the cancel of a control it passed on to its head-end)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM answers cancel(EndDeviceControls) of its DRMS OK without passing the cancel on to its head-end',
  },
  {
    id: 'relay-cancel-other-control',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-CANCEL (the cancel passed on names the control the head-end got)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: "the MDM passes the cancel on naming the control by the requester's mRID instead of the mRID it gave the control it passed on (the head-end cannot tell which control to stop)",
  },
  {
    id: 'relay-group-non-member',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: relayed-controls
    scope: '@usecase:EDC-09 or @uc:relayed-controls',
    violates: 'EDC-RELAY-GROUP (the control of a group is passed on for exactly its members, never a meter outside it)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2024'],
    description: 'the MDM passes a disconnect of an EndDeviceGroup on naming every meter it knows instead of the members of the group',
  },
  {
    id: 'relay-cancel-then-resend',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-CANCEL (nothing more of a canceled control is sent to the head-end after the cancel)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM passes the cancel on and then sends its head-end the canceled control again (create(EndDeviceControls) of the same control)',
  },
  {
    id: 'relay-msr-completion-wrong-kind',
    // the scenarios of the EPRI form of UC-20 (draft-2011 and 2013; 2024 has no MeterServiceRequests profile)
    scope: '@uc:relayed-controls and @edition-only:meter-service-requests',
    violates: 'MSR-SVC-KIND (the completion of a meter service request names the kind of work requested, disconnect or reconnect)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', 'draft-2011'],
    description: 'the MDM tells its CIS changed(MeterServiceRequests) for a disconnect work as a reconnect, and for a reconnect work as a disconnect',
  },
  {
    id: 'relay-read-missing-ok',
    scope: '@uc:relayed-controls',
    violates: 'EDC-READ-RESULT (a missing or incomplete read after a connect / disconnect is told to the CIS as FAILED / PARTIAL with 5.7, ECITP 2.09)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM tells its CIS Result OK (no Error) when the final / initial read after a switch never comes or comes without its value',
  },
  {
    id: 'relay-read-error-wrong-code',
    scope: '@uc:relayed-controls',
    violates: 'EDC-READ-RESULT (the result about a missing or incomplete read carries Annex B 5.7)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM tells its CIS FAILED / PARTIAL with 5.3 (transaction attempted and failed) instead of 5.7 (data unavailable) when the read after a switch is missing or incomplete',
  },
  {
    id: 'relay-failure-as-success',
    scope: '@uc:relayed-controls',
    violates: 'EDC-FAILURE-EVENT (a switch its head-end told failed is told to the CIS as the failure of the command, not its success, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    // the reference MDM tells the failure event under profiles/reference.yaml; under reference-2024.yaml it tells
    // canceled(EndDeviceControls) (simulator.mdmFailureForm), broken by relay-failure-result-as-success
    editions: ['2013'],
    in2024By: 'relay-failure-result-as-success',
    description: 'when its head-end tells it the failure event of a disconnect / connect it passed on, the MDM tells its CIS the success event of the command (x.31.0.68 / x.31.0.42)',
  },
  {
    id: 'relay-failure-dropped',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-FAILURE (the MDM tells its CIS the failure of a switch its head-end could not carry out, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'when its head-end tells it that a disconnect / connect it passed on failed, the MDM tells its CIS nothing',
  },
  {
    id: 'relay-failure-wrong-meter',
    scope: '@uc:relayed-controls',
    violates: 'EDC-FAILURE-EVENT (the failure told to the CIS names the meter whose switch failed, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    // the event form (profiles/reference.yaml); the canceled form of reference-2024.yaml: relay-failure-result-wrong-meter
    editions: ['2013'],
    in2024By: 'relay-failure-result-wrong-meter',
    description: 'the MDM tells its CIS the failure of a switch its head-end could not carry out naming another meter of its store',
  },
  {
    id: 'relay-failure-reply-ok',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-FAILURE (after the failure of a switch it passed on, the MDM tells its CIS no Result OK, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after telling its CIS the failure event of a switch its head-end could not carry out, the MDM also answers the CIS\'s control with a reply Result OK',
  },
  {
    id: 'relay-failure-read-anyway',
    scope: '@uc:relayed-controls',
    violates: 'EDC-RELAY-FAILURE (after the failure of a switch it passed on, the MDM tells its CIS no final / initial read of the meter, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'after telling its CIS the failure event of a switch its head-end could not carry out, the MDM also tells it created(MeterReadings) with a register read of the meter as the final / initial read',
  },
  {
    id: 'relay-failure-result-as-success',
    scope: '@uc:relayed-controls',
    violates: 'EDC-FAILURE-RESULT (a reference MDM that tells its CIS a failed switch as canceled(EndDeviceControls) or a FAILED reply, simulator.mdmFailureForm, tells no success instead, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    // profiles/reference-2024.yaml sets simulator.mdmFailureForm: canceled
    editions: ['2024'],
    description: 'when its head-end tells it that a disconnect / connect it passed on failed, the MDM tells its CIS created(EndDeviceControls) instead of canceled(EndDeviceControls) (form canceled), or a reply Result OK instead of FAILED (form failed-reply, which EDC-RELAY-FAILURE names)',
  },
  {
    id: 'relay-failure-result-wrong-meter',
    scope: '@uc:relayed-controls',
    violates: 'EDC-FAILURE-RESULT (the canceled(EndDeviceControls) or FAILED reply the MDM tells its CIS names the meter whose switch failed, EDC-06.13)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2024'],
    description: 'the MDM tells its CIS canceled(EndDeviceControls) (or a FAILED reply) for a switch its head-end could not carry out naming another meter of its store (forms canceled and failed-reply of simulator.mdmFailureForm)',
  },
  {
    id: 'relay-lc-recoded',
    scope: '@uc:relayed-controls and @usecase:EDC-01',
    violates: 'EDC-RELAY-FORWARD (a load control is passed on with the EndDeviceControlType code the DRMS sent, EDC-01 via the MDM)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM passes a load-control start (x.15.0.54) on to its head-end as a load-control stop (x.15.0.55)',
  },
  {
    id: 'relay-lc-program-level',
    scope: '@uc:relayed-controls and @usecase:EDC-01',
    violates: 'EDC-RELAY-FORWARD (a load control is passed on with the drProgramLevel the DRMS ordered, EDC-01 via the MDM)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM passes a load control on to its head-end with drProgramLevel one higher than the DRMS ordered',
  },
  {
    id: 'relay-lc-member-dropped',
    scope: '@uc:relayed-controls and @usecase:EDC-01',
    violates: 'EDC-RELAY-FORWARD (a load control is passed on for every device the DRMS named, EDC-01 via the MDM)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM passes a load control of several devices on to its head-end without the last of them',
  },
  {
    id: 'relay-lc-result-not-relayed',
    scope: '@uc:relayed-controls and @usecase:EDC-01',
    violates: 'EDC-LC-RESULT (the results of a load control its head-end tells the MDM reach the DRMS, EDC-01 step 3 via the MDM)',
    roles: ['MDM'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the MDM keeps the load-control result events (x.15.0.242 Started) its head-end tells it to itself instead of telling them to the DRMS',
  },
];

/** the work the MDM tells its CIS completed (relay-msr-completion-wrong-kind: disconnect and reconnect swapped) */
export function completedWork<T extends { kind: string }>(w: T, has: Has): T {
  if (!has('relay-msr-completion-wrong-kind')) return w;
  return { ...w, kind: w.kind === 'disconnect' ? 'reconnect' : w.kind === 'reconnect' ? 'disconnect' : w.kind };
}

/** whether the MDM passes a cancel on (relay-cancel-not-passed-on: it does not) */
export const passesCancelOn = (has: Has): boolean => !has('relay-cancel-not-passed-on');

/** whether the MDM sends a canceled control to its head-end again after the cancel (relay-cancel-then-resend) */
export const resendsAfterCancel = (has: Has): boolean => has('relay-cancel-then-resend');

/** the mRID the cancel passed on names (relay-cancel-other-control: the requester's, not the one the head-end got) */
export function cancelNames(p: { reqMRID?: string; mRID: string }, has: Has): string {
  return has('relay-cancel-other-control') ? (p.reqMRID ?? `${p.mRID}-requester`) : p.mRID;
}

/** the meters the MDM names for a group target (relay-group-non-member: every meter it knows) */
export function groupTargetPassedOn(members: readonly string[], all: readonly string[], has: Has): string[] {
  return has('relay-group-non-member') ? [...all] : [...new Set(members)];
}

export type ReadErrorCondition = 'missing' | 'incomplete';

/**
 * what the MDM tells its CIS when the read after a switch is missing (FAILED) or incomplete (PARTIAL), with 5.7
 * (relay-read-missing-ok: OK and no code; relay-read-error-wrong-code: 5.3)
 */
export function readErrorResult(condition: ReadErrorCondition, has: Has): { result: 'OK' | 'PARTIAL' | 'FAILED'; code?: string } | undefined {
  if (has('relay-read-missing-ok')) return { result: 'OK' };
  return { result: condition === 'missing' ? 'FAILED' : 'PARTIAL', code: has('relay-read-error-wrong-code') ? '5.3' : '5.7' };
}

/** the event the MDM tells its CIS as the completion of a switch (relay-completion-wrong-event: the other command's) */
export function completionEvent(code: string, has: Has): string {
  if (!has('relay-completion-wrong-event')) return code;
  const swap: Readonly<Record<string, string>> = { '.31.0.68': '.31.0.42', '.31.0.42': '.31.0.68', '.31.26.68': '.31.26.42', '.31.26.42': '.31.26.68' };
  const i = code.indexOf('.');
  return `${code.slice(0, i)}${swap[code.slice(i)] ?? code.slice(i)}`;
}

/** whether the MDM passes the control on (relay-control-not-passed-on: it does not) */
export const passesControlOn = (has: Has): boolean => !has('relay-control-not-passed-on');

/**
 * the control as the MDM passes it on: its own mRID, the rest as the requester sent it (relay-control-other-meter:
 * another meter of the store; relay-control-drops-action: without the PAN action; of a load control, relay-lc-recoded:
 * the stop code for the start, relay-lc-program-level: drProgramLevel + 1, relay-lc-member-dropped: without its last device)
 */
export function passedOnControl(c: EndDeviceControlValue, meters: readonly string[], has: Has): EndDeviceControlValue {
  const other = (m: string | undefined) => meters.find((x) => x !== m) ?? m;
  // a LoadControl start / stop (codes.md §6.3 x.15.0.54 / x.15.0.55), not the PAN demand response of PAN-03 (x.15.43.300)
  const lc = ['.15.0.54', '.15.0.55'].some((t) => c.controlType.trim().endsWith(t));
  const devices = has('relay-control-other-meter') ? (c.endDevices ?? []).map((d) => ({ mRID: other(d.mRID) })) : c.endDevices;
  return {
    ...c,
    endDevices: lc && devices && devices.length > 1 && has('relay-lc-member-dropped') ? devices.slice(0, -1) : devices,
    action: has('relay-control-drops-action') ? undefined : c.action,
    ...(lc && has('relay-lc-recoded') && c.controlType.trim().endsWith('.15.0.54') ? { controlType: `${c.controlType.trim().slice(0, -'.15.0.54'.length)}.15.0.55` } : {}),
    ...(lc && c.drProgramLevel !== undefined && has('relay-lc-program-level') ? { drProgramLevel: c.drProgramLevel + 1 } : {}),
  };
}

/** whether the MDM tells its requester the load-control results its head-end told it (relay-lc-result-not-relayed: it does not) */
export const relaysLoadControlResults = (has: Has): boolean => !has('relay-lc-result-not-relayed');

/**
 * what the MDM tells its CIS of a switch its head-end told it failed: the failure event for the meter, or nothing
 * (relay-failure-dropped); relay-failure-as-success: the command's success event (`success`); relay-failure-wrong-meter:
 * another meter of the store
 */
export function failureTold(e: { meter: string; code: string }, success: string, meters: readonly string[], has: Has): { meter: string; code: string } | undefined {
  if (has('relay-failure-dropped')) return undefined;
  return {
    meter: has('relay-failure-wrong-meter') ? (meters.find((m) => m !== e.meter) ?? e.meter) : e.meter,
    code: has('relay-failure-as-success') ? success : e.code,
  };
}

/** relay-failure-reply-ok: after the failure event, the MDM also answers its CIS's control with a reply Result OK */
export const repliesOkAfterFailure = (has: Has): boolean => has('relay-failure-reply-ok');

/** relay-failure-read-anyway: after the failure event, the MDM also tells its CIS a final / initial read of the meter */
export const readAfterFailure = (has: Has): boolean => has('relay-failure-read-anyway');

/**
 * what the MDM tells its CIS of a failed switch in the forms canceled / failed-reply (simulator.mdmFailureForm): the meter,
 * or nothing (relay-failure-dropped); relay-failure-result-as-success: a success (created(EndDeviceControls), Result OK);
 * relay-failure-result-wrong-meter: another meter of the store
 */
export function failureResultTold(meter: string, meters: readonly string[], has: Has): { meter: string; success: boolean } | undefined {
  if (has('relay-failure-dropped')) return undefined;
  return { meter: has('relay-failure-result-wrong-meter') ? (meters.find((m) => m !== meter) ?? meter) : meter, success: has('relay-failure-result-as-success') };
}
