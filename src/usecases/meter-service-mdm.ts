/**
 * Meter installation and removal with the MDM as SUT (MSR-01, use-cases.md §5.1; 2013 only: the 2024 edition has no
 * MeterServiceRequests profile). The suite plays the work management (WM) that tells the MDM the completion of a meter
 * exchange, then the CIS that asks the MDM what it kept:
 *
 *   set-up  a usage point and its (old) meter of the scenario's own, created and linked at the MDM, and the new meter
 *           created there (./change-out.ts: `setUpChangeOut`, `createNewMeter`), so that no meter of the profile moves;
 *   WM      created(MeterServiceRequests) (CIM9-235): one MeterServiceWork of kind meter (CIM9-237), status completed,
 *           the new meter as Meter with its initial read, the old one as OldMeter with its final read, the usage point;
 *           the MDM acknowledges it (the shared reply steps: schemas, header, Result OK);
 *   CIS     GetMeterConfig by UsagePoint: the new meter, not the old one (CHANGEOUT-LINK), when CIM9-249 = linkage.
 * The negative names a meter the MDM never heard of as the installed one: FAILED with a code of CIM9-257 (default 2.4),
 * judged against its valid twin (the same completion with the new meter, CIM9-61); one naming a usage point the MDM never
 * heard of, FAILED with the profile's code of an unknown usage point (COD-06, default 2.12).
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp } from '../message/index.ts';
import { buildMeterServiceRequests, type MeterServiceWorkValue } from '../payloads/meterServiceRequests.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { changeOutParties, checkLinkStep } from './change-out.ts';
import { judgeCodedRefusal, setTwin } from './twin.ts';

const NOUN = 'MeterServiceRequests';

/** CIM9-257's default: the code of an unknown meter (codes.md §2.2) */
export const UNKNOWN_METER_CODES = ['2.4'] as const;

/**
 * the completed work of a meter exchange at `usagePoint`: `installed` as Meter with its initial read, `removed` as
 * OldMeter with its final read (reasons installation / removal), requested an hour before `at`, done at `at`
 */
export function completedExchange(o: { usagePoint: string; installed: string; removed: string; readingType: string; at: number }): MeterServiceWorkValue {
  const ts = (ms: number) => nowTimestamp(() => new Date(ms));
  return {
    mRID: newMessageId(),
    kind: 'meter',
    lastModifiedDateTime: ts(o.at),
    requestDateTime: ts(o.at - 3600_000),
    meter: { mRID: o.installed, readings: [{ readingType: o.readingType, value: '0', timeStamp: ts(o.at + 60_000), reason: 'installation' }] },
    oldMeter: { mRID: o.removed, readings: [{ readingType: o.readingType, value: '12345.678', timeStamp: ts(o.at - 60_000), reason: 'removal' }] },
    status: { dateTime: ts(o.at), value: 'completed' },
    usagePoint: { mRID: o.usagePoint },
  };
}

function completionMessage(w: Cim9World, work: MeterServiceWorkValue): Message {
  return { kind: 'event', header: w.requestHeader('created', NOUN), payload: { root: buildMeterServiceRequests([work]) } };
}

function parties(w: Cim9World): { usagePoint: string; oldMeter: string; newMeter: string; at: number } {
  const p = changeOutParties(w);
  if (!p.newMeter) throw new SuiteError('the new meter was not created at the MDM before this step');
  return { ...p, newMeter: p.newMeter };
}

/** When (MSR-01, the MDM as SUT): the work management tells the MDM the completed exchange of the old meter for the new one */
export async function tellCompletedExchange(w: Cim9World): Promise<Exchange> {
  const p = parties(w);
  const work = completedExchange({ usagePoint: p.usagePoint, installed: p.newMeter, removed: p.oldMeter, readingType: w.profile.data.readingTypes.register, at: p.at });
  return w.send('MDM', completionMessage(w, work), `work management → MDM created(MeterServiceRequests) meter ${p.newMeter} installed, ${p.oldMeter} removed at usage point ${p.usagePoint}`);
}

/**
 * the negatives of MSR-01 with the MDM as SUT: the completed exchange with one identifier replaced by one the MDM never
 * heard of, judged against its valid twin (the same completion with the scenario's own identifiers)
 */
async function tellCompletionWithUnknown(w: Cim9World, unknown: { installed: string } | { usagePoint: string }, what: string): Promise<Exchange> {
  const p = parties(w);
  const rt = w.profile.data.readingTypes.register;
  const valid = { usagePoint: p.usagePoint, installed: p.newMeter, removed: p.oldMeter, readingType: rt, at: p.at };
  setTwin(w, {
    role: 'MDM',
    negative: true,
    label: `created(MeterServiceRequests) meter ${p.newMeter} installed at usage point ${p.usagePoint}`,
    build: () => completionMessage(w, completedExchange(valid)),
  });
  return w.send('MDM', completionMessage(w, completedExchange({ ...valid, ...unknown })), `work management → MDM created(MeterServiceRequests) ${what}`);
}

/** When (MSR-01, the MDM as SUT, negative): the same completion naming as the installed meter one the MDM never heard of (data.unknownMeter) */
export async function tellCompletionOfUnknownMeter(w: Cim9World): Promise<Exchange> {
  const p = parties(w);
  const unknown = w.profile.data.unknownMeter;
  return tellCompletionWithUnknown(w, { installed: unknown }, `unknown meter ${unknown} installed at usage point ${p.usagePoint}`);
}

/** When (MSR-01, the MDM as SUT, negative): the completed exchange at a usage point the MDM never heard of (data.unknownUsagePoint) */
export async function tellCompletionAtUnknownUsagePoint(w: Cim9World): Promise<Exchange> {
  const p = parties(w);
  const unknown = w.profile.data.unknownUsagePoint;
  return tellCompletionWithUnknown(w, { usagePoint: unknown }, `meter ${p.newMeter} installed at unknown usage point ${unknown}`);
}

/** what CIM9-249 makes observable after the completion: 'linkage' (GetMeterConfig by UsagePoint) or 'none' */
export function observableAfterCompletion(assumptions: Readonly<Record<string, unknown>>): 'linkage' | 'none' {
  return String(assumptions['CIM9-249'] ?? 'linkage') === 'none' ? 'none' : 'linkage';
}

/** Then (MSR-01, the MDM as SUT): the usage point of the work is linked to the installed meter and no longer to the removed one (CIM9-249) */
export function checkCompletionLinkStep(w: Cim9World): 'skipped' | void {
  const how = observableAfterCompletion(w.run.assumptions);
  w.usedAssumptions['CIM9-249'] = how;
  if (how === 'none') {
    w.attach('the linkage after the completion is not checked (CIM9-249 = none): the MDM only acknowledges it', { mediaType: 'text/plain', fileName: 'linkage not checked (CIM9-249).txt' });
    return 'skipped';
  }
  checkLinkStep(w);
}

/** Then (MSR-01, the MDM as SUT, negative): FAILED with a code of CIM9-257, judged against the valid twin (CIM9-61) */
export async function checkUnknownMeterRefused(w: Cim9World): Promise<void> {
  await judgeCodedRefusal(w, { assumption: 'CIM9-257', defaults: UNKNOWN_METER_CODES, errorCase: 'unknownMeter' });
}
