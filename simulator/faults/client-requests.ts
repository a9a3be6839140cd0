/**
 * Faults of the reference SUT as a CLIENT: the CIS and the OMS the upper-tester contract drives
 * (src/usecases/stimuli.ts, simulator/handlers/client-requests.ts, features/client-requests.feature). Merged into FAULTS
 * by simulator/faults/catalogue.ts. The mutation run runs them under the client reference profiles
 * (profiles/reference-cis.yaml, profiles/reference-oms.yaml: the role a fault names picks the profile). Their scope is
 * every scenario of a client role, whatever its family (client-requests, and the CIS's query of reading-shapes, MR-10).
 */
import type { FaultDef } from './catalogue.ts';
import type { SimContext } from '../context.ts';
import type { ClientReport } from '../../src/usecases/stimuli.ts';

export const CLIENT_FAULTS: FaultDef[] = [
  {
    id: 'cis-async-no-reply-address',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: client-requests
    scope: '@req:MR-03.C4 or @uc:client-requests',
    violates: 'DOM-CLIENT-ASYNC (the CIS told to ask asynchronously sends AsyncReplyFlag true and a ReplyAddress where it takes the result, P1a)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS told to ask for a reading asynchronously sends AsyncReplyFlag true without a ReplyAddress',
  },
  {
    id: 'cis-async-result-refused',
    scope: '@req:MR-03.C4 or @req:MR-04.C3 or @req:MR-04.C4',
    violates: 'ENV-EXPECTED-RESULT (the CIS takes the asynchronous result of its request at its ReplyAddress: Result OK, P1a)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS refuses the asynchronous result of its read (created(MeterReadings) with its CorrelationID at its ReplyAddress) with Result FAILED 5.3',
  },
  {
    id: 'cis-async-ack-uncorrelated',
    scope: '@req:MR-03.C4 or @req:MR-04.C3 or @req:MR-04.C4',
    violates: "ENV-CORRELATION (the CIS's acknowledgement of the asynchronous result carries the result's CorrelationID, ENV-14)",
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS acknowledges the asynchronous result of its read with a CorrelationID of its own',
  },
  {
    id: 'cis-async-result-dropped',
    scope: '@req:MR-03.C4',
    violates: 'DOM-CLIENT-OUTCOME (the CIS holds the reading the asynchronous result of its request gave, with its value)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS acknowledges the asynchronous result of its read (Result OK) and keeps nothing of it',
  },
  {
    id: 'cis-async-history-sync',
    scope: '@req:MR-04.C3 or @req:MR-04.C4',
    violates: 'DOM-CLIENT-ASYNC (the CIS told to ask asynchronously for interval data sends AsyncReplyFlag true and a ReplyAddress, P1a)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS told to ask for historical interval data asynchronously sends its ReplyAddress but no AsyncReplyFlag (a synchronous request)',
  },
  {
    id: 'cis-async-reply-refused',
    scope: '@req:MR-04.C3 or @req:MR-04.C4',
    violates: 'ENV-EXPECTED-RESULT (the CIS takes the asynchronous result of its request at its ReplyAddress also when it is PARTIAL or FAILED, a reply(MeterReadings): Result OK, CIM9-305)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS takes only created(MeterReadings) at its ReplyAddress: an asynchronous result that comes as reply(MeterReadings) (PARTIAL or FAILED) is refused with FAILED 2.9',
  },
  {
    id: 'cis-async-partial-zero-filled',
    scope: '@req:MR-04.C3',
    violates: 'DOM-CLIENT-OUTCOME (a CIS holds the intervals a PARTIAL asynchronous result gave and none it did not give, MR-04)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS fills the intervals a PARTIAL asynchronous result of its historical read left out (data unavailable, 5.7) with the value 0 and holds them as read',
  },
  {
    id: 'cis-completion-ack-failed',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: service-events
    scope: '@role:CIS and @usecase:EDC-06 or @uc:service-events',
    violates: 'ENV-EXPECTED-RESULT (the CIS acknowledges the completion of its connect / disconnect with Result OK, EDC-06 step 6)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS refuses the completion created(EndDeviceEvents) of its connect / disconnect with Result FAILED and code 5.3',
  },
  {
    id: 'cis-control-wrong-command',
    scope: '@role:CIS and (@usecase:EDC-06 or @usecase:EDC-07)',
    violates: 'EDC-CLIENT-CONTROL (the CIS asks the MDM for the command it was told: 3.31.0.23 to disconnect, 3.31.0.18 to connect, EDC-06 step 1)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS told to have a meter disconnected asks the MDM (or, EDC-07, the head-end) to connect it (3.31.0.18), and told to connect asks to disconnect (3.31.0.23)',
  },
  {
    id: 'cis-switch-no-reply-address',
    scope: '@req:EDC-07.C1 or @req:EDC-07.C2',
    violates: 'DOM-CLIENT-ASYNC (the CIS asking its head-end directly for a connect / disconnect sends AsyncReplyFlag true and a ReplyAddress where it takes the result, EDC-07)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS told to ask the head-end directly for a disconnect / connect sends AsyncReplyFlag true without a ReplyAddress',
  },
  {
    id: 'cis-switch-wrong-time',
    scope: '@req:EDC-07.C1 or @req:EDC-07.C2',
    violates: 'EDC-CLIENT-TIME (the CIS names the time it was told to have the meter switched at, primaryDeviceTiming/interval/start)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'timing',
    description: 'the CIS told to have a meter switched at a time asks the head-end for the switch an hour later',
  },
  {
    id: 'cis-switch-failure-ignored',
    scope: '@req:EDC-07.C2',
    violates: "EDC-CLIENT-SWITCH-OUTCOME (a CIS whose connect / disconnect the head-end reported failed does not hold the meter in the command's state, EDC-07)",
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS acknowledges the failure result (canceled(EndDeviceControls)) of its direct disconnect / connect and holds the meter disconnected / connected all the same',
  },
  {
    id: 'cis-switch-ack-uncorrelated',
    scope: '@req:EDC-07.C1 or @req:EDC-07.C2',
    violates: "ENV-CORRELATION (the CIS's acknowledgement of the head-end's result of its direct connect / disconnect carries the result's CorrelationID, ENV-14)",
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS acknowledges the result (created / canceled(EndDeviceControls)) of its direct disconnect / connect with a CorrelationID of its own',
  },
  {
    id: 'cis-read-error-as-read',
    scope: '@req:EDC-06.C2',
    violates: 'DOM-CLIENT-OUTCOME (a CIS told by its MDM that the final / initial read after its connect / disconnect is missing or incomplete, FAILED / PARTIAL with 5.7, holds no reading of the meter from it, ECITP 2.09)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS acknowledges the MDM\'s FAILED / PARTIAL 5.7 about the read after its disconnect / connect and holds the meter read with the value 0',
  },
  {
    id: 'cis-request-without-meter',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-REQUEST (the CIS asks for the reading of the meter it was told to ask for, MR-03 step 1)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS sends its on-request get(MeterReadings) without naming any meter (the query names only the ReadingType)',
  },
  {
    id: 'cis-request-schema-invalid',
    scope: '@role:CIS or @role:OMS',
    violates: 'XSD (the request the CIS sends validates against its schema, G1)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'schema',
    description: 'the get(MeterReadings) the CIS sends carries an element the GetMeterReadings profile does not declare (the MDM the suite plays refuses it with 1.8)',
  },
  {
    id: 'cis-request-wrong-reading-type',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-REQUEST (the CIS asks for the ReadingType it was told to ask for, MR-03 step 1)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS asks for the other ReadingType of the profile than the one it was told to ask for (the interval one for the register, the register for the interval one)',
  },
  {
    id: 'oms-ping-drops-meter',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-REQUEST (the OMS pings every meter it was told to ping, EDE-02 step 1)',
    roles: ['OMS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the OMS pings only the first of the meters it was told to ping',
  },
  {
    id: 'oms-ping-stale-window',
    scope: '@role:CIS or @role:OMS',
    violates: "DOM-CLIENT-PING-WINDOW (the TimeSchedule of the OMS's get(EndDeviceEvents) ping reaches the moment it was told to ping, EDE-01 / EDE-02 step 1; CIM9-216)",
    roles: ['OMS'],
    editions: ['2013', '2024'],
    area: 'timing',
    detectWith: { 'CIM9-216': 'failure' },
    description: "the OMS's get(EndDeviceEvents) ping asks for the events of a 15-minute window that ended a day ago",
  },
  {
    id: 'cis-history-short-period',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-PERIOD (the CIS asks for the historical data of the whole period it was told to ask for, MR-04)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS asks for the last hour only of the six-hour period of interval data it was told to ask for',
  },
  {
    id: 'cis-failed-item-as-read',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-OUTCOME (a CIS does not take a meter the MDM could not read, an Error item of a PARTIAL or FAILED answer, as read)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS takes every meter it asked for as read: a meter the answer names in an Error (4.1) gets the reading 0',
  },
  {
    id: 'cis-drops-last-interval',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-OUTCOME (a CIS keeps every interval reading the answer to its request for interval data gave, MR-04)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS keeps the interval readings of an answer but the last one',
  },
  {
    id: 'cis-partial-as-failed',
    scope: '@role:CIS or @role:OMS',
    violates: 'DOM-CLIENT-OUTCOME (a CIS keeps the readings a PARTIAL answer gives, CIM9-219)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    detectWith: { 'CIM9-219': 'failure' },
    description: 'the CIS treats a PARTIAL answer as FAILED: it keeps none of the readings the answer gave',
  },
  {
    id: 'oms-ack-wrong-correlation',
    scope: '@role:CIS or @role:OMS',
    violates: "ENV-CORRELATION (the OMS's acknowledgement of a published event carries the event's CorrelationID, ENV-14)",
    roles: ['OMS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the OMS acknowledges a created(EndDeviceEvents) with a fresh CorrelationID instead of the one of the event it acknowledges',
  },
  {
    id: 'oms-ack-failed',
    scope: '@role:CIS or @role:OMS',
    violates: 'ENV-EXPECTED-RESULT (the OMS acknowledges a valid outage event for a meter it knows with Result OK, EDE-03 step 2)',
    roles: ['OMS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the OMS refuses every published outage event with Result FAILED and code 5.3',
  },
  {
    id: 'cis-manual-read-refused',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: read-schedules, switching
    scope: '@req:MR-02.C1 or @uc:read-schedules or @uc:switching',
    violates: 'ENV-EXPECTED-RESULT (the CIS takes the manual read its MDM publishes to it, created(MeterReadings): Result OK, MR-02)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS refuses a created(MeterReadings) it did not ask for (the manual read its MDM publishes) with Result FAILED 2.15',
  },
  {
    id: 'cis-manual-read-dropped',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: read-schedules, switching
    scope: '@req:MR-02.C1 or @uc:read-schedules or @uc:switching',
    violates: 'MR-CLIENT-MANUAL (a CIS that acknowledged the manual read its MDM published holds it, with its value and timeStamp)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS acknowledges the manual (customer) read its MDM publishes (Result OK) and keeps nothing of it',
  },
  {
    id: 'cis-manual-read-quality-dropped',
    scope: '@req:MR-02.C1',
    violates: 'MR-CLIENT-MANUAL-QUALITY (the manual read a CIS holds keeps its manual-read / customer-read quality x.4.131 / x.4.130, UC-10)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    // UC-10 is uncertain: a warning by default
    detectWith: { 'UC-10': 'failure' },
    description: 'the CIS keeps the value and timeStamp of the manual (customer) read its MDM publishes but not its quality (1.4.131 / 1.4.130)',
  },
  {
    id: 'cis-manual-read-ack-uncorrelated',
    // widened where `cim9 mutants --prove-scopes` saw the fault make scenarios outside the scope fail: read-schedules, switching
    scope: '@req:MR-02.C1 or @uc:read-schedules or @uc:switching',
    violates: "ENV-CORRELATION (the CIS's acknowledgement of the manual read its MDM publishes carries the publication's CorrelationID, ENV-14)",
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS acknowledges the manual (customer) read its MDM publishes with a CorrelationID of its own',
  },
  {
    id: 'client-wrong-noun',
    scope: '@role:CIS or @role:OMS',
    violates: 'ENV-NOUN (the messages of a client name the noun of the exchange in Header/Noun: MeterReadings for its request, EndDeviceEvents for its acknowledgement of an event)',
    roles: ['CIS', 'OMS'],
    editions: ['2013', '2024'],
    area: 'envelope',
    description: 'the CIS and the OMS name the wrong noun in Header/Noun: EndDeviceEvents in their get(MeterReadings), MeterReadings in the acknowledgement of a published event (the OMS\'s outage events, the CIS\'s completion of a connect / disconnect), EndDeviceEvents in the CIS\'s acknowledgement of a published manual read',
  },
  {
    id: 'cis-billing-no-reason',
    scope: '@req:MR-05.C1 or @req:MR-05.C2',
    violates: 'MR-CLIENT-BILLING (the billing inquiry of a CIS gives Reading/reason, the one it was told: billing or inquiry; CIM9-223 = required)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    detectWith: { 'CIM9-223': 'required' },
    description: 'the CIS asks the MDM for the billing determinants of a meter without Reading/reason',
  },
  {
    id: 'cis-billing-wrong-reading-type',
    scope: '@req:MR-05.C1 or @req:MR-05.C2',
    violates: 'MR-CLIENT-BILLING (the billing inquiry of a CIS asks for billing quantities only, CIM9-177; and exactly the determinants it was told, DOM-CLIENT-REQUEST)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS asks for the load-profile interval ReadingType (0.0.2.4…, not a billing quantity) in place of the last billing determinant it was told to ask for',
  },
  {
    id: 'cis-billing-determinant-dropped',
    scope: '@req:MR-05.C1 or @req:MR-05.C2',
    violates: 'DOM-CLIENT-OUTCOME (the CIS holds every billing determinant the answer to its billing inquiry gave, with its value)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS keeps every billing determinant the MDM answered but the last one',
  },
  {
    id: 'cis-schedule-wrong-meter',
    scope: '@req:MR-01.C1',
    violates: 'MRS-CLIENT-SCHEDULE (the read schedule a CIS creates at its head-end names exactly the meter it was told to schedule, MR-01)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS told to have a meter read on a schedule creates the schedule for another meter it knows',
  },
  {
    id: 'cis-schedule-readings-refused',
    scope: '@req:MR-01.C1',
    violates: 'ENV-EXPECTED-RESULT (the CIS acknowledges the readings its read schedule produces with Result OK, MR-01 step 3)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'codes',
    description: 'the CIS answers the created(MeterReadings) its head-end sends at the scheduled times with Result FAILED 5.3',
  },
  {
    id: 'cis-schedule-readings-dropped',
    scope: '@req:MR-01.C1',
    violates: 'DOM-CLIENT-OUTCOME (the CIS holds the reading its read schedule produced, with its value, MR-01 step 3)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS acknowledges the readings of its schedule (Result OK) and keeps nothing of them',
  },
  {
    id: 'cis-schedule-not-ended',
    scope: '@req:MR-01.C1',
    violates: 'MRS-CLIENT-SCHEDULE (a CIS told to end its read schedule sends its head-end the end of it, MR-01 step 4)',
    roles: ['CIS'],
    editions: ['2013', '2024'],
    area: 'readings',
    description: 'the CIS told to end its read schedule forgets it and sends its head-end nothing',
  },
];

/** the noun a client names in Header/Noun (client-wrong-noun: the other noun of its exchanges) */
export function clientNoun(ctx: SimContext, noun: 'MeterReadings' | 'EndDeviceEvents'): string {
  if (!ctx.has('client-wrong-noun')) return noun;
  return noun === 'MeterReadings' ? 'EndDeviceEvents' : 'MeterReadings';
}

/** what the CIS keeps of one meter of an answer (cis-failed-item-as-read: a failed item as read; cis-partial-as-failed: nothing of a PARTIAL) */
export function reportedOutcome(ctx: SimContext, result: string, got: ClientReport['meters'][string]): ClientReport['meters'][string] {
  if (ctx.has('cis-failed-item-as-read') && got.status !== 'read') return { status: 'read', value: '0' };
  if (ctx.has('cis-partial-as-failed') && result === 'PARTIAL' && got.status === 'read') return { status: 'failed', code: 'PARTIAL' };
  if (ctx.has('cis-drops-last-interval') && got.intervals?.length) return { ...got, intervals: got.intervals.slice(0, -1) };
  return got;
}

/** the meters the client names in its request */
export function requestedMeters(ctx: SimContext, role: 'CIS' | 'OMS', meters: readonly string[]): string[] {
  if (role === 'CIS' && ctx.has('cis-request-without-meter')) return [];
  if (role === 'OMS' && ctx.has('oms-ping-drops-meter')) return meters.slice(0, 1);
  return [...meters];
}

/** the Annex F code the CIS sends for a command (cis-control-wrong-command: the other command's) */
export function switchCode(ctx: Pick<SimContext, 'has'>, command: string): string {
  const disconnect = command === 'disconnect';
  return disconnect !== ctx.has('cis-control-wrong-command') ? '3.31.0.23' : '3.31.0.18';
}

/** the ReplyAddress of the CIS's direct switch request (cis-switch-no-reply-address: none) */
export function directSwitchReplyAddress(ctx: Pick<SimContext, 'has'>, own: string | undefined): string | undefined {
  return ctx.has('cis-switch-no-reply-address') ? undefined : own;
}

/** the time the CIS asks the switch at (cis-switch-wrong-time: an hour after the one ordered) */
export function directSwitchStart(ctx: Pick<SimContext, 'has'>, ordered: string): string {
  if (!ctx.has('cis-switch-wrong-time')) return ordered;
  return new Date(Date.parse(ordered) + 3600_000).toISOString();
}

/** what the CIS holds after a failure result of its switch (cis-switch-failure-ignored: the command's state) */
export function heldAfterFailure(ctx: Pick<SimContext, 'has'>, commanded: 'disconnected' | 'connected'): 'failed' | 'disconnected' | 'connected' {
  return ctx.has('cis-switch-failure-ignored') ? commanded : 'failed';
}

/** what the CIS holds of a meter whose read after a switch its MDM told missing / incomplete (cis-read-error-as-read: read, 0) */
export function readErrorHeld(ctx: Pick<SimContext, 'has'>, code: string): ClientReport['meters'][string] {
  return ctx.has('cis-read-error-as-read') ? { status: 'read', value: '0' } : { status: 'failed', code };
}
