/**
 * Coincident readings (MR-09, use-cases.md §3.9, 2024 fig. 28): after a remote disconnect / connect the suite asked
 * for as the MDM (the EDC-06 machinery of ./end-device-controls.ts: sendControl, claimLeftovers), the head-end sends
 * the MDM (the suite, at LISTENER_PATHS.mdmEvents) created(MeterReadings) with the final / initial register read in
 * the coincident shape of edition 2024: one MeterReading holding the switch event, isCoincidentTrigger=true, and the
 * register Readings with reason serviceDisconnect / serviceConnect at the event's createdDateTime (UC-15).
 *
 * EDC-06.2 already checks that a read with the reason follows the switch (EDC-SWITCH-READ); the steps here check the
 * coincident shape (src/checks/coincident-reads.ts). A read that never comes, or comes without any trigger, is
 * MR-COINC-SHAPE at the severity of CIM9-185: a failure fails the scenario; a warning (the default) is recorded and
 * the scenario is skipped with the reason — its requirements untested, never a pass on nothing.
 *
 * MR-08 (§3.8, fig. 27): after the switch, the MDM asks the head-end with get(MeterReadings) for the register reading
 * coincident with the switch event (GetMeterReadings/MeterReadings: isCoincidentTrigger, the event's
 * EndDeviceEventType, the Meter, Readings/ReadingType); the answer holds the event as trigger and the reading at its
 * time (checkCoincidentAnswer). A refusal is MR-COINC-SHAPE at the severity of CIM9-185.
 */
import { nowTimestamp, type Header, type Message } from '../message/index.ts';
import type { XNode } from '../xml/index.ts';
import type { CheckContext } from '../checks/envelope.ts';
import { buildGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS, type Role } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { severityOf } from '../checks/assume.ts';
import { checkCoincidentAnswer, checkCoincidentSwitchRead, checkReadingTriggerAnswer, SWITCH_REASON, type ReadingTriggerRequest } from '../checks/coincident-reads.ts';
import { switchResultEvents } from '../checks/controls.ts';
import { aboutMeter, sentControl } from './end-device-controls.ts';
import { checkCreatedDeliveries } from './deliveries.ts';

/** the rules of each Then step (the pure check returns them all at once) */
const TRIGGER_RULES = ['MR-COINC-SHAPE', 'MR-COINC-TRIGGER', 'MR-COINC-EVENT'];
const READING_RULES = ['MR-COINC-REASON', 'MR-COINC-TIME'];

interface CoincidentState {
  /** the read, when it came */
  read?: Exchange;
  /** why there is nothing to check (the read never came: MR-COINC-SHAPE at the severity of CIM9-185) */
  missing?: string;
  /** the findings of the pure check, computed once */
  findings?: Finding[];
}

const states = new WeakMap<object, CoincidentState>();

function stateOf(w: Cim9World): CoincidentState {
  const s = states.get(w);
  if (!s) throw new SuiteError("the scenario did not wait for the head-end's read after the switch before this step");
  return s;
}

/**
 * When: the MDM waits (timeouts.eventSeconds) for the head-end's created(MeterReadings) about the meter of the switch.
 * None is MR-COINC-SHAPE, at the severity of CIM9-185 (a failure fails the step; a warning is recorded and the
 * scenario skipped with it).
 */
export async function awaitSwitchRead(w: Cim9World): Promise<'skipped' | void> {
  const { exp, since } = sentControl(w);
  const which = exp.command === 'disconnect' ? 'final' : 'initial';
  const limit = w.profile.timeouts.eventSeconds;
  const label = `created(MeterReadings) coincident ${which} read of meter ${exp.meter} to the MDM`;
  const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: aboutMeter(exp.meter, ['MeterReadings'], since) }, limit, label);
  if (x) {
    states.set(w, { read: x });
    w.lastEvent = x;
    return undefined;
  }
  const mode = String(w.run.assumptions['CIM9-185'] ?? 'warning');
  w.usedAssumptions['CIM9-185'] = mode;
  const missing = `no ${which} register read created(MeterReadings) about meter ${exp.meter} reached the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${limit} s (timeouts.eventSeconds) after the ${exp.command}`;
  states.set(w, { missing });
  const r = rule('MR-COINC-SHAPE');
  const f: Finding = { rule: r.id, clause: r.clause, severity: severityOf(mode, 'warning') ?? 'warning', message: missing, expected: `created(MeterReadings) with the ${which} register read of meter ${exp.meter} within ${limit} s`, actual: `nothing within ${limit} s`, assumptions: { 'CIM9-185': mode } };
  w.assert([f], `coincident ${which} read`);
  return skip(w, f);
}

/**
 * a coincident shape the SUT does not show, reported as a warning (CIM9-185): the finding is recorded and the scenario
 * is skipped with it as the reason (its requirements are untested), never passed on nothing
 */
function skip(w: Cim9World, f: Finding): 'skipped' {
  const why = `${f.rule} (warning, CIM9-185): ${f.message}; the coincident checks were not run`;
  w.skipReason = why;
  w.attach(why, { mediaType: 'text/plain', fileName: 'skipped.txt' });
  return 'skipped';
}

/** the read the scenario received (a step after a read that never came is a suite error: that step was skipped) */
function readOf(w: Cim9World): Exchange {
  const s = stateOf(w);
  if (!s.read) throw new SuiteError(`no read after the switch to check: ${s.missing ?? 'none was received'}`);
  return s.read;
}

/** Then: the read is schema-valid and a conformant created(MeterReadings) EventMessage */
export function checkSwitchReadMessage(w: Cim9World): void {
  checkCreatedDeliveries(w, [readOf(w)], 'coincident read');
}

/** the findings of the pure check of the read (once per scenario); a read without a MeterReadings payload is MR-COINC-SHAPE */
function findingsOf(w: Cim9World, x: Exchange): Finding[] {
  const s = stateOf(w);
  if (s.findings) return s.findings;
  const { exp } = sentControl(w);
  const root = x.wire?.message?.payload?.root;
  const ctx = w.ctx(x.label, x.received?.at);
  if (!root || root.name !== 'MeterReadings') {
    const r = rule('MR-COINC-SHAPE');
    s.findings = [{ rule: r.id, clause: r.clause, severity: 'error', message: `${x.label}: ${root ? `a ${root.name} payload` : 'no payload'}, not the MeterReadings of the read after the ${exp.command}`, file: x.label, expected: 'a MeterReadings payload', actual: root ? `a ${root.name} payload` : 'no payload' }];
  } else {
    s.findings = checkCoincidentSwitchRead(root, { command: exp.command, meter: exp.meter }, ctx);
  }
  return s.findings;
}

/**
 * Then: a MeterReading of the meter holds the switch event as the trigger of its readings and says
 * isCoincidentTrigger=true (MR-COINC-SHAPE, MR-COINC-TRIGGER, MR-COINC-EVENT)
 */
export function checkSwitchReadTrigger(w: Cim9World): 'skipped' | void {
  const fs = findingsOf(w, readOf(w)).filter((f) => TRIGGER_RULES.includes(f.rule));
  w.assert(fs, 'trigger of the coincident read');
  // no trigger at all, a warning by default (CIM9-185): nothing coincident to check further
  const shape = fs.find((f) => f.rule === 'MR-COINC-SHAPE');
  return shape ? skip(w, shape) : undefined;
}

/**
 * Then: every coincident reading carries the reason of the switch (named by the scenario, which must be the one of the
 * command sent) and the time of the switch event (MR-COINC-REASON, MR-COINC-TIME). A read that carries no trigger at
 * all (MR-COINC-SHAPE, a warning by default) has no coincident readings to check: the scenario is skipped with it.
 */
export function checkSwitchReadReadings(w: Cim9World, reason: string): 'skipped' | void {
  const { exp } = sentControl(w);
  if (SWITCH_REASON[exp.command] !== reason) throw new SuiteError(`the scenario names reason "${reason}" for a ${exp.command}, whose reason is ${SWITCH_REASON[exp.command]}`);
  const all = findingsOf(w, readOf(w));
  const shape = all.find((f) => f.rule === 'MR-COINC-SHAPE');
  if (shape) return skip(w, shape);
  w.assert(all.filter((f) => READING_RULES.includes(f.rule)), 'coincident readings');
}

// ------------------------------------------------------------------------------------------------ MR-08

/** MDM → head-end: get(MeterReadings) with the coincident request of MR-08 (payloads.md §2.3) */
export function coincidentRequestMessage(header: Header, q: { meter: string; eventType: string; readingType: string }): Message {
  return {
    kind: 'request',
    header,
    request: { query: buildGetMeterReadings({ coincident: { isCoincidentTrigger: 'true', eventType: q.eventType, meter: q.meter, readingType: q.readingType } }) },
  };
}

/** the coincident request sent, per scenario */
const requests = new WeakMap<object, { eventType: string; readingType: string }>();

/**
 * When (MR-08): the MDM asks the head-end for the register reading coincident with the switch event: the event type
 * the head-end itself used in its read after the switch when it showed one, else the Annex E result of the command.
 */
export async function askCoincident(w: Cim9World): Promise<Exchange> {
  const { exp } = sentControl(w);
  const codes = switchResultEvents(exp.command);
  const root = states.get(w)?.read?.wire?.message?.payload?.root;
  const told = root?.name === 'MeterReadings'
    ? readMeterReadings(root).meterReadings.flatMap((m) => m.endDeviceEvents ?? []).map((e) => e.eventType.trim()).find((c) => codes.success.includes(c) || c === codes.vendor)
    : undefined;
  const eventType = told ?? (exp.command === 'disconnect' ? '3.31.0.68' : '3.31.0.42');
  const readingType = w.profile.data.readingTypes.register;
  requests.set(w, { eventType, readingType });
  return w.send('HES', coincidentRequestMessage(w.requestHeader('get', 'MeterReadings'), { meter: exp.meter, eventType, readingType }), `get(MeterReadings) coincident with event ${eventType} of meter ${exp.meter}`);
}

/**
 * the MeterReadings of the answer to a coincident request, or what the step does without one: a SOAP fault or no Reply
 * (the layer-1 findings, else MR-COINC-SHAPE) fails; a refusal (FAILED) is MR-COINC-SHAPE at the severity of CIM9-185
 * (a warning by default: recorded, the scenario skipped with it); Result OK without MeterReadings is MR-COINC-SHAPE
 */
function coincidentAnswerRoot(w: Cim9World, x: Exchange): { root: XNode; ctx: CheckContext } | { done: 'skipped' | void } {
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  const reply = x.wire?.fault ? undefined : x.wire?.message?.reply;
  const r = rule('MR-COINC-SHAPE');
  if (!reply) {
    const fs = x.findings.filter((f) => f.severity === 'error');
    return { done: w.assert(fs.length ? fs : [{ rule: r.id, clause: r.clause, severity: 'error', message: `${ctx.label}: no Reply to the coincident request${x.wire?.fault ? ' (a SOAP fault)' : ''}`, file: ctx.label, expected: 'a reply with Reply/Result', actual: x.wire?.fault ? `a SOAP fault "${x.wire.fault.reason}"` : 'no Reply' }], 'coincident answer') };
  }
  const mode = String(w.run.assumptions['CIM9-185'] ?? 'warning');
  w.usedAssumptions['CIM9-185'] = mode;
  if (reply.result === 'FAILED') {
    const why = (reply.errors ?? []).map((e) => `${e.code}${e.reason ? ` ${e.reason}` : ''}`).join('; ') || 'no Error';
    const f: Finding = { rule: r.id, clause: r.clause, severity: severityOf(mode, 'warning') ?? 'warning', message: `${ctx.label}: the SUT refused the coincident request (FAILED: ${why})`, file: ctx.label, expected: 'Result OK with the coincident reading', actual: `Result FAILED: ${why}`, assumptions: { 'CIM9-185': mode } };
    w.assert([f], 'coincident answer');
    return { done: skip(w, f) };
  }
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'MeterReadings') {
    return { done: w.assert([{ rule: r.id, clause: r.clause, severity: 'error', message: `${ctx.label}: Result ${reply.result} without a MeterReadings payload${root ? ` (a ${root.name} payload)` : ''}: no coincident reading to check`, file: ctx.label, expected: 'a MeterReadings payload', actual: root ? `a ${root.name} payload` : 'no payload' }], 'coincident answer') };
  }
  return { root, ctx };
}

/**
 * Then (MR-08): the answer holds the switch event as the trigger and the register reading asked for at its time
 * (MR-COINC-TRIGGER, MR-COINC-EVENT, MR-COINC-TIME). A refusal (FAILED), or an answer without any trigger, is
 * MR-COINC-SHAPE at the severity of CIM9-185: a warning by default, recorded, and the scenario skipped with it.
 */
export function checkCoincidentAnswerStep(w: Cim9World): 'skipped' | void {
  const q = requests.get(w);
  const x = w.last;
  if (!q || !x) throw new SuiteError('no coincident get(MeterReadings) was sent before this step');
  const { exp } = sentControl(w);
  const a = coincidentAnswerRoot(w, x);
  if ('done' in a) return a.done;
  const fs = checkCoincidentAnswer(a.root, { command: exp.command, meter: exp.meter, readingType: q.readingType }, a.ctx);
  w.assert(fs, 'coincident answer');
  const shape = fs.find((f) => f.rule === 'MR-COINC-SHAPE');
  return shape ? skip(w, shape) : undefined;
}

// ------------------------------------------------------------------------------------------------ MR-08, a reading as trigger

/** the trigger ReadingType of CIM9-211 (the maximum 15-minute power ABC, kW, by default) */
export const DEFAULT_TRIGGER_RT = '0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0';

/**
 * get(MeterReadings) asking for the readings coincident with a trigger reading (MR-08, CIM9-210): the trigger's
 * ReadingType and the period it is sought in, and the ReadingTypes wanted at its time, placed per CIM9-210
 */
export function readingTriggerMessage(header: Header, q: ReadingTriggerRequest, form: string): Message {
  const triggerInReadings = form !== 'coincident-in-readings';
  return {
    kind: 'request',
    header,
    request: {
      query: buildGetMeterReadings({
        coincident: { isCoincidentTrigger: 'true', meter: q.meter, readingType: triggerInReadings ? q.trigger : q.coincident[0], timePeriod: q.period },
        readingTypes: triggerInReadings ? [...q.coincident] : [q.trigger],
      }),
    },
  };
}

const readingRequests = new WeakMap<object, ReadingTriggerRequest>();

/**
 * When (MR-08): the requester asks the SUT (head-end or MDM) for the register reading of the meter coincident with its
 * trigger reading (CIM9-211: the maximum 15-minute power by default) of the last `hours` hours up to the last whole
 * quarter-hour
 */
export async function askCoincidentWithReading(w: Cim9World, role: Role, hours: number): Promise<Exchange> {
  const meter = w.meters[0]?.mRID;
  if (!meter) throw new SuiteError('no meter in play before the request');
  const form = String(w.run.assumptions['CIM9-210'] ?? 'trigger-in-readings');
  const trigger = String(w.run.assumptions['CIM9-211'] ?? DEFAULT_TRIGGER_RT);
  w.usedAssumptions['CIM9-210'] = form;
  w.usedAssumptions['CIM9-211'] = trigger;
  const step = 15 * 60_000;
  const end = Math.floor(Date.now() / step) * step;
  const period = { start: nowTimestamp(() => new Date(end - hours * 3_600_000)), end: nowTimestamp(() => new Date(end)) };
  const q: ReadingTriggerRequest = { meter, trigger, coincident: [w.profile.data.readingTypes.register], period };
  readingRequests.set(w, q);
  return w.send(role, readingTriggerMessage(w.requestHeader('get', 'MeterReadings'), q, form), `get(MeterReadings) coincident with the ${trigger} reading of meter ${meter}, ${period.start} to ${period.end}`);
}

/**
 * Then (MR-08): the answer holds the trigger reading of the period and the register reading at its time
 * (checkReadingTriggerAnswer: MR-COINC-READING, MR-COINC-TRIGGER, MR-COINC-TIME). A refusal, or an answer in no
 * coincident shape, is MR-COINC-SHAPE at the severity of CIM9-185 (a warning by default: the scenario is skipped).
 */
export function checkReadingTriggerStep(w: Cim9World): 'skipped' | void {
  const q = readingRequests.get(w);
  const x = w.last;
  if (!q || !x) throw new SuiteError('no get(MeterReadings) coincident with a trigger reading was sent before this step');
  const a = coincidentAnswerRoot(w, x);
  if ('done' in a) return a.done;
  const fs = checkReadingTriggerAnswer(a.root, q, a.ctx);
  w.assert(fs, 'coincident answer');
  const shape = fs.find((f) => f.rule === 'MR-COINC-SHAPE');
  return shape ? skip(w, shape) : undefined;
}
