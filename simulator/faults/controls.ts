/**
 * Faults of the head-end's connect / disconnect (simulator/handlers/controls.ts, features/end-device-controls.feature):
 * its answer to create(EndDeviceControls), the outcome it tells the MDM (EDC-06 steps 4-5) and the asynchronous
 * result of EDC-07. Each one a single, minimal violation; the first word of `violates` is the rule the suite names
 * when it catches the fault. Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';

export const CONTROL_FAULTS: FaultDef[] = [
  {
    id: 'control-type-undecodable',
    scope: '@uc:end-device-controls',
    violates: 'COD-CONTROL-TYPE (each EndDeviceControl names a decodable Annex F EndDeviceControlType code)',
    roles: ['HES'],
    editions: ['2013', '2024', 'draft-2011'],
    area: 'codes',
    description: 'the EndDeviceControls the head-end returns in its reply to create(EndDeviceControls) name their EndDeviceControlType with ref "?" instead of the code',
  },
  {
    id: 'switch-event-mismatch',
    scope: '@uc:end-device-controls or @uc:coincident-reads',
    violates: 'EDC-RESULT-EVENT (the switch event told after a control is the result event of that command, codes.md §6.4)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'after a disconnect the head-end tells the MDM the connect event (3.31.0.42 Connected), after a connect the disconnect event (3.31.0.68)',
  },
  {
    id: 'no-switch-completion',
    scope: '@uc:end-device-controls',
    violates: 'EDC-COMPLETION (after accepting a connect / disconnect the head-end tells the MDM its outcome, UC-21)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the head-end switches the meter and sends the final / initial read, but never tells the MDM the outcome (no created(EndDeviceEvents), no created(EndDeviceControls))',
  },
  {
    id: 'final-read-before-switch',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: coincident-reads
    scope: '@uc:end-device-controls or @uc:coincident-reads',
    violates: 'EDC-SWITCH-READ (the final / initial register read is taken after the switch event)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024'],
    description: 'the final (disconnect) / initial (connect) register read is timestamped 5 minutes before the switch event',
  },
  {
    id: 'control-async-uncorrelated',
    scope: '@uc:end-device-controls',
    violates: "ENV-ASYNC-RESULT (the asynchronous result carries the request's CorrelationID, ENV-14)",
    roles: ['HES'],
    area: 'envelope',
    editions: ['2013', '2024'],
    description: 'the asynchronous result created(EndDeviceControls) of a connect / disconnect with AsyncReplyFlag reaches the ReplyAddress without a CorrelationID',
    // the result carries nothing to tell it by: it stays unclaimed and is reported as unsolicited
    expectUnsolicited: true,
  },
  {
    id: 'hes-unavailable-read-ok',
    scope: '@uc:end-device-controls',
    violates: 'EDC-HES-READ-RESULT (the head-end answers a read of a meter that cannot give its read after a switch with FAILED / PARTIAL and code 5.7, ECITP 2.09)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'asked for the register read of a meter that cannot give one (after its connect / disconnect), the head-end answers Result OK without an Error and without the read',
  },
  {
    id: 'switch-state-not-reflected',
    scope: '@uc:end-device-controls',
    violates: "EDC-SWITCH-STATE (the head-end's events of a meter after a connect / disconnect show the state the command left it in)",
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the head-end tells the MDM the right switch event, but its event log keeps the other state: a later get(EndDeviceEvents) of the meter shows the connect event after a disconnect, and the disconnect event after a connect',
  },
  {
    id: 'switch-failure-reported-success',
    scope: '@req:EDC-07.2',
    violates: 'EDC-FAILURE-RESULT (the asynchronous result of a connect / disconnect whose switch failed is a failure: canceled(EndDeviceControls), or a FAILED reply per CIM9-300)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'when the switch of a meter fails, the head-end still sends created(EndDeviceControls) to the ReplyAddress, as for a switch carried out (it tells the MDM the failure event all the same)',
  },
  {
    id: 'switch-failure-no-event',
    scope: '@req:EDC-07.2 or @req:EDC-06.12',
    violates: 'EDC-FAILURE-EVENT (a switch that failed is told with the failure event of the command, …84 / …67, CIM9-301)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'when the switch of a meter fails, the head-end tells an asynchronous requester the failure (canceled(EndDeviceControls)) but never sends the failure event created(EndDeviceEvents), to anyone',
  },
  {
    id: 'switch-failure-wrong-device',
    scope: '@req:EDC-07.2',
    violates: 'EDC-FAILURE-RESULT (the failure result names the meter of the control that failed, and no other)',
    roles: ['HES'],
    area: 'readings',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the canceled(EndDeviceControls) of a switch that failed names another meter of the head-end instead of the meter of the control',
  },
];

/** the verb of the asynchronous result of a switch that failed (switch-failure-reported-success: created, as for a success) */
export function failureResultVerb(has: (id: string) => boolean): 'canceled' | 'created' {
  return has('switch-failure-reported-success') ? 'created' : 'canceled';
}

/** the meter the failure result names (switch-failure-wrong-device: the next meter of the head-end) */
export function failureResultMeter(meter: string, meters: readonly string[], has: (id: string) => boolean): string {
  if (!has('switch-failure-wrong-device')) return meter;
  return meters.find((m) => m !== meter) ?? `${meter}-OTHER`;
}

/** whether the head-end tells the failure event of a switch that failed (switch-failure-no-event: not) */
export function tellsFailureEvent(has: (id: string) => boolean): boolean {
  return !has('switch-failure-no-event');
}

/** the switch event the head-end keeps in the meter's event log (switch-state-not-reflected: the other command's) */
export function loggedSwitchEvent(code: string, has: (id: string) => boolean): string {
  if (!has('switch-state-not-reflected')) return code;
  return code.endsWith('.68') ? `${code.slice(0, -3)}.42` : code.endsWith('.42') ? `${code.slice(0, -3)}.68` : code;
}

/** the EndDeviceControlType ref the head-end writes for a control of code `code` */
export function returnedControlType(code: string, has: (id: string) => boolean): string {
  return has('control-type-undecodable') ? '?' : code;
}

/** the switch event the head-end tells for a command whose result event is `code` (switch-event-mismatch: the other command's) */
export function toldSwitchEvent(code: string, has: (id: string) => boolean): string {
  if (!has('switch-event-mismatch')) return code;
  return code.endsWith('.68') ? `${code.slice(0, -3)}.42` : code.endsWith('.42') ? `${code.slice(0, -3)}.68` : code;
}

/** the timeStamp of the final / initial read, given the switch time (final-read-before-switch: 5 minutes earlier) */
export function readTime(switchedAt: Date, has: (id: string) => boolean): Date {
  return has('final-read-before-switch') ? new Date(switchedAt.getTime() - 5 * 60_000) : switchedAt;
}
