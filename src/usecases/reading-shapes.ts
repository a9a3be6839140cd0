/**
 * Reading structure, time conventions and shapes (use-cases.md §3.6 MR-06, §3.7 MR-07, §3.10 MR-10;
 * features/reading-shapes.feature). The suite plays the CIS (or the MDM-side peer of a head-end) and asks for the
 * register and the 15-minute interval readings of a meter over a past period in one get(MeterReadings); each Then step
 * checks one convention or one shape of the answer with the pure checks of src/checks/reading-shapes.ts.
 *
 * A convention about an optional element the answer does not carry (reportedDateTime; timePeriod / valuesInterval) is
 * untested: MR-TIME-ABSENT at the severity of CIM9-192 — a failure fails the scenario, a warning (the default) is
 * recorded and the scenario is skipped with it as the reason, never passed on nothing. A convention that has nothing to
 * look at because the interval data asked for is missing is DOM-EXPECTED (a failure).
 *
 * MR-10: the GetMeterReadings query the SUT sends — the MDM relaying an on-request read to the head-end the suite plays
 * (pics.MDM.sends), or the CIS the upper tester tells to ask for a reading — has the example's shape
 * (MR-SHAPE-QUERY). The SUT that answers the example's query (the meter's UsagePoint, the register and interval
 * ReadingTypes, a Reading.timePeriod) carries the readings of that period only and covers it (MR-PERIOD-WITHIN,
 * MR-PERIOD-COVER: checkPeriodAnswer).
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS, type Role } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { nowTimestamp } from '../message/index.ts';
import type { Finding } from '../checks/finding.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { severityOf } from '../checks/assume.ts';
import {
  checkContiguous,
  checkHalfOpen,
  checkIntervalEnd,
  checkPeriodAnswer,
  checkPeriods,
  checkQueryShape,
  checkReadingTypeRefs,
  checkReported,
  checkTwoShapes,
  checkZoneOffsets,
  type ConventionResult,
  type Period,
} from '../checks/reading-shapes.ts';
import { getMeterReadingsMessage } from './requests.ts';
import { buildGetMeterReadings } from '../payloads/meterReadings.ts';
import { notRelayed } from './relayed-read.ts';
import { clientState } from './client-requests.ts';

interface ShapesState {
  x: Exchange;
  period: Period;
  meter: { mRID: string; usagePoint?: string };
  register: string;
  interval: string;
}
const STATE = new WeakMap<object, ShapesState>();

/** When: get(MeterReadings) for the register and the interval ReadingType of the meter over the last `hours` whole quarters */
export async function askRegisterAndInterval(w: Cim9World, hours: number, role: Role): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter in play before the request');
  const { register, interval } = w.profile.data.readingTypes;
  const step = 15 * 60 * 1000;
  const end = Math.floor(Date.now() / step) * step - step;
  const period = { start: nowTimestamp(() => new Date(end - hours * 3600_000)), end: nowTimestamp(() => new Date(end)) };
  w.lastWindow = period;
  const x = await w.send(role, getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), [meter.mRID], [register, interval], period), `get(MeterReadings) register and interval of meter ${meter.mRID}`);
  STATE.set(w, { x, period, meter, register, interval });
  return x;
}

/** the answer's MeterReadings; an answer without one is DOM-EXPECTED (the step fails: nothing was seen, nothing passes) */
function answerOf(w: Cim9World, what: string): { s: ShapesState; root: NonNullable<ReturnType<typeof rootOf>>; label: string } {
  const s = STATE.get(w);
  if (!s) throw new SuiteError('no request for register and interval readings was sent before this step');
  const label = `${s.x.label} reply`;
  const root = rootOf(s.x);
  if (!root) {
    w.assert([ruleFinding('DOM-EXPECTED', `${label}: no MeterReadings payload: ${what} cannot be checked`, { file: label, expected: 'a MeterReadings payload', actual: 'no payload' })], what);
    throw new SuiteError('unreachable: an answer without MeterReadings is a finding');
  }
  return { s, root, label };
}

function rootOf(x: Exchange) {
  const root = x.wire?.message?.payload?.root;
  return root?.name === 'MeterReadings' ? root : undefined;
}

/** the MR-06 conventions, one per step */
export type Convention = 'interval-end' | 'half-open' | 'contiguous' | 'reported' | 'periods' | 'offsets';

const ABOUT: Record<Convention, { what: string; optional?: string }> = {
  'interval-end': { what: 'interval timeStamp at the end of the interval' },
  'half-open': { what: 'requested period: start included, end excluded' },
  contiguous: { what: 'contiguous, ordered and aligned intervals' },
  reported: { what: 'reportedDateTime not before timeStamp', optional: 'no Reading or IntervalReading carries a reportedDateTime' },
  periods: { what: 'timePeriod and valuesInterval', optional: 'no Reading or IntervalReading carries a timePeriod and no MeterReading a valuesInterval' },
  offsets: { what: 'time-zone offsets' },
};

/** a convention the answer gives nothing to test: skipped with the finding as the reason (untested, not passed) */
function skip(w: Cim9World, f: Finding): 'skipped' {
  const why = `${f.rule} (${f.severity}): ${f.message}; the convention was not tested`;
  w.skipReason = why;
  w.attach(why, { mediaType: 'text/plain', fileName: 'skipped.txt' });
  return 'skipped';
}

/** Then (MR-06): the answer follows one time convention */
export function checkConvention(w: Cim9World, convention: Convention): 'skipped' | void {
  const about = ABOUT[convention];
  const { s, root, label } = answerOf(w, about.what);
  const ctx = w.ctx(label, s.x.received?.at);
  const r: ConventionResult =
    convention === 'interval-end' ? checkIntervalEnd(root, s.period, ctx)
    : convention === 'half-open' ? checkHalfOpen(root, s.period, ctx)
    : convention === 'contiguous' ? checkContiguous(root, ctx)
    : convention === 'reported' ? checkReported(root, ctx)
    : convention === 'periods' ? checkPeriods(root, ctx)
    : checkZoneOffsets(root, ctx);
  if (r.checked === 0) {
    if (!about.optional) {
      return w.assert([ruleFinding('DOM-EXPECTED', `${label}: no interval data of an interval ReadingType (an IntervalBlock with IntervalReadings) for the period asked for: the convention "${about.what}" has nothing to check`, { file: label, expected: 'an IntervalBlock with IntervalReadings of an interval ReadingType for the period asked', actual: 'none' })], about.what);
    }
    // an optional element the answer does not carry: untested (CIM9-192)
    const mode = String(w.run.assumptions['CIM9-192'] ?? 'warning');
    w.usedAssumptions['CIM9-192'] = mode;
    const f = ruleFinding('MR-TIME-ABSENT', `${label}: ${about.optional}: the convention "${about.what}" is untested`, { file: label, severity: severityOf(mode, 'warning') ?? 'warning', expected: `the optional element that shows "${about.what}"`, actual: about.optional, assumptions: { 'CIM9-192': mode } });
    w.assert([f], about.what);
    return skip(w, f);
  }
  w.attach(`${about.what}: ${r.checked} element(s) checked, ${r.findings.length} finding(s)`, { mediaType: 'text/plain', fileName: `checked: ${about.what}.txt` });
  w.assert(r.findings, about.what);
}

/** Then (MR-07): the register value as Readings and the interval data as an IntervalBlock (MR-SHAPE-READINGS) */
export function checkShapes(w: Cim9World): void {
  const { s, root, label } = answerOf(w, 'the two shapes');
  w.assert(checkTwoShapes(root, { meter: s.meter.mRID, usagePoint: s.meter.usagePoint, register: s.register, interval: s.interval }, w.ctx(label, s.x.received?.at)), 'Readings and IntervalBlocks');
}

/** Then (MR-07): the ReadingTypes are referenced one way (MR-SHAPE-READINGTYPE, CIM9-196) */
export function checkReadingTypes(w: Cim9World): void {
  const { s, root, label } = answerOf(w, 'the ReadingType references');
  const r = checkReadingTypeRefs(root, w.ctx(label, s.x.received?.at));
  if (r.checked === 0) return w.assert([ruleFinding('DOM-EXPECTED', `${label}: no Reading or IntervalBlock references a ReadingType: nothing to check`, { file: label, expected: 'Readings or IntervalBlocks referencing a ReadingType', actual: 'none' })], 'ReadingType references');
  w.assert(r.findings, 'ReadingType references');
}

// ------------------------------------------------------------------------------------------------ MR-10

const RELAYED = new WeakMap<object, Exchange>();

/**
 * Then (MR-10): the MDM asks the head-end the suite plays with a GetMeterReadings query of the example's shape. No
 * request is DOM-RELAY-ASKED (CIM9-83); under CIM9-83 = store-allowed the MDM may answer from its store: then there is
 * no query to check and the scenario is skipped with that reason.
 */
export async function checkRelayedQuery(w: Cim9World): Promise<'skipped' | void> {
  const cim983 = String(w.run.assumptions['CIM9-83'] ?? 'relay');
  w.usedAssumptions['CIM9-83'] = cim983;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > w.peerMark }, 2, 'MDM → head-end get(MeterReadings)');
  if (!x) {
    const f = notRelayed(cim983, 'MDM → head-end');
    w.assert([f], 'the query the MDM sends');
    return skip(w, f);
  }
  RELAYED.set(w, x);
  w.assert(checkQueryShape(x.wire?.message?.request?.query, w.ctx(x.label, x.received?.at)), 'the shape of the GetMeterReadings query');
}

/** Then (MR-10): the relayed query passes layer 1 (schema, envelope, message rules) */
export function relayedQueryValid(w: Cim9World): void {
  const x = RELAYED.get(w);
  if (!x) throw new SuiteError('no query of the MDM to the head-end was received before this step');
  w.assert(x.findings, x.label);
}

/** Then (MR-10): the request the client SUT sent carries a GetMeterReadings query of the example's shape */
export function checkClientQuery(w: Cim9World): void {
  const s = clientState(w);
  if (!s.request) throw new SuiteError('no request of the client SUT was received before this step');
  w.assert(checkQueryShape(s.request.wire?.message?.request?.query, w.ctx(s.request.label, s.request.received?.at)), 'the shape of the GetMeterReadings query');
}

/**
 * When (MR-10): the GetMeterReadings example to the SUT — the meter's UsagePoint (its EndDevice when the profile names
 * none), the register and interval ReadingTypes, Reading.timePeriod the last `hours` whole quarter-hours
 */
export async function askExampleQuery(w: Cim9World, hours: number, role: Role): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter in play before the request');
  const { register, interval } = w.profile.data.readingTypes;
  const step = 15 * 60 * 1000;
  const end = Math.floor(Date.now() / step) * step - step;
  const period = { start: nowTimestamp(() => new Date(end - hours * 3600_000)), end: nowTimestamp(() => new Date(end)) };
  w.lastWindow = period;
  const query = buildGetMeterReadings({ ...(meter.usagePoint ? { usagePoints: [meter.usagePoint] } : { endDevices: [meter.mRID] }), readingTypes: [register, interval], timePeriod: period });
  const x = await w.send(role, { kind: 'request', header: w.requestHeader('get', 'MeterReadings'), request: { query } }, `get(MeterReadings) example query of ${meter.usagePoint ? `usage point ${meter.usagePoint}` : `meter ${meter.mRID}`}`);
  STATE.set(w, { x, period, meter, register, interval });
  return x;
}

/** Then (MR-10): the readings answered lie within the period asked and cover it (MR-PERIOD-WITHIN, MR-PERIOD-COVER) */
export function checkPeriodStep(w: Cim9World): void {
  const { s, root, label } = answerOf(w, 'the readings of the period');
  const ctx = w.ctx(label, s.x.received?.at);
  w.usedAssumptions['CIM9-212'] = ctx.assumptions['CIM9-212'] ?? 'closed';
  const r = checkPeriodAnswer(root, { period: s.period, readingTypes: [s.register, s.interval] }, ctx);
  if (r.checked === 0) return w.assert([ruleFinding('DOM-EXPECTED', `${label}: no reading at all for the period asked: nothing of it to judge`, { file: label, expected: 'readings of the period asked', actual: 'no reading' })], 'the readings of the period');
  w.attach(`the readings of the period: ${r.checked} element(s) checked, ${r.findings.length} finding(s)`, { mediaType: 'text/plain', fileName: 'checked: the readings of the period.txt' });
  w.assert(r.findings, 'the readings of the period: within it, covering it');
}
