/**
 * A meter change-out at the MDM as SUT (EDC-05 change of customer program with meter change-out, use-cases.md §4.5;
 * MSR-04 meter changed out for recalibration, §5.4, 2013 only). The suite plays the work management (WM) and the
 * head-end (MS), then the CIS that asks what the MDM kept:
 *
 *   set-up  a usage point and its (old) meter of their own, created and linked at the MDM (so that no meter of the
 *           profile is changed out), through the master-data engine (./masterdata.ts `perform`: the four-step
 *           exchange when the SUT claims asynchronous replies, its publications claimed);
 *   WM      create(MeterConfig) of the new meter; the end of the old meter's link to the usage point (close or delete,
 *           PAY-14) and create(MasterDataLinkageConfig) of the new meter, in the order of CIM9-191, both effective at
 *           the change-out (10 minutes ago); for MSR-04 also change(MeterConfig) of the old meter with its status
 *           (removed, reason recalibration: CIM9-190);
 *   MS      created(EndDeviceEvents) with the removal of the old meter (3.6.0.212) and the installation of the new
 *           one (3.6.0.105), and created(MeterReadings) with the final register read of the old meter (reason
 *           removal, a minute before the change-out) and the initial read of the new one (reason installation, a
 *           minute after);
 *   CIS     GetMeterConfig by UsagePoint: the new meter, not the old one (CHANGEOUT-LINK); get(MeterReadings) of each
 *           meter around the change-out: each read returned for its own meter only (CHANGEOUT-READS) with its reason
 *           (CHANGEOUT-READ-REASON, CIM9-189); for MSR-04 GetMeterConfig of the old meter: its status
 *           (CHANGEOUT-ASSET-STATUS, CIM9-190).
 * The rules are src/checks/change-out.ts.
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { newMessageId, nowTimestamp, type Message } from '../message/index.ts';
import type { Finding } from '../checks/finding.ts';
import type { XNode } from '../xml/index.ts';
import { severityOf } from '../checks/assume.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkOutcome } from '../checks/envelope.ts';
import { checkAssetStatus, checkChangeOutLink, checkChangeOutReads, type ChangeOutRead, type MeterAnswer } from '../checks/change-out.ts';
import { buildGetMeterReadings, buildMeterReadings } from '../payloads/meterReadings.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { buildMeterConfig } from '../payloads/masterdata/meterConfig.ts';
import { buildUsagePointConfig } from '../payloads/masterdata/usagePointConfig.ts';
import { buildMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { configObjects } from '../payloads/masterdata/getConfig.ts';
import { defaultAsync, getMessage, perform, request, settle } from './masterdata.ts';
import { endLinkVerb } from './masterdata-requests.ts';
import { claimNotExamined } from './deliveries.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { newMeter, newUsagePoint } from './masterdata-samples.ts';

/** the removal of the old meter and the installation of the new one (codes.md §4.3: domain 6 Installation, 212 Removed, 105 Installed; CIM9-130) */
export const REMOVED_EVENT = '3.6.0.212';
export const INSTALLED_EVENT = '3.6.0.105';

/** how long before now the change-out took effect, the reads around it, and the half-width of the window they are asked back with */
export const CHANGE_OUT_AGE_MS = 10 * 60_000;
export const READ_OFFSET_MS = 60_000;
export const WINDOW_MS = 5 * 60_000;

/** the status the work management gives a meter removed for recalibration (MSR-04, CIM9-190) */
export const RECALIBRATION_STATUS = { value: 'removed', reason: 'recalibration' } as const;

export type ChangeOutKind = 'program' | 'recalibration';

interface ChangeOutState {
  kind: ChangeOutKind;
  usagePoint: string;
  oldMeter: string;
  newMeter?: string;
  /** the instant the change-out took effect (whole second) */
  at: number;
  final?: ChangeOutRead;
  initial?: ChangeOutRead;
  /** the answers of the CIS's get(MeterReadings), one per meter */
  answers?: { meter: string; exchange: Exchange }[];
  /** MSR-04: the status sent, and the outcome of its change(MeterConfig) */
  status?: { sent: boolean; refused?: string };
}

const states = new WeakMap<object, ChangeOutState>();

function state(w: Cim9World): ChangeOutState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no usage point was set up for a change-out before this step');
  return s;
}

/** the usage point, the old meter and the new meter (once created) of the scenario's change-out set-up (MSR-01 with the MDM as SUT reuses it) */
export function changeOutParties(w: Cim9World): { usagePoint: string; oldMeter: string; newMeter?: string; at: number } {
  const s = state(w);
  return { usagePoint: s.usagePoint, oldMeter: s.oldMeter, newMeter: s.newMeter, at: s.at };
}

function token<T extends string>(w: Cim9World, id: string, fallback: T, allowed: readonly T[]): T {
  const v = String(w.run.assumptions[id] ?? fallback) as T;
  const out = allowed.includes(v) ? v : fallback;
  w.usedAssumptions[id] = out;
  return out;
}

const ts = (ms: number) => nowTimestamp(() => new Date(ms));

/** MasterDataLinkageConfig of a meter and a usage point, effective at `at` */
export function linkage(meter: string, usagePoint: string, at: number, reason: string): ReturnType<typeof buildMasterDataLinkageConfig> {
  return buildMasterDataLinkageConfig({
    configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: ts(at), reason },
    objects: { Meter: [{ mRID: meter }], UsagePoint: [{ mRID: usagePoint }] },
  });
}

/** a new meter of the change-out, as the work management describes it */
function meterConfig(): { mRID: string; root: ReturnType<typeof buildMeterConfig> } {
  const m = newMeter();
  return { mRID: m.meter.mRID!, root: buildMeterConfig({ meters: [m.meter], simpleEndDeviceFunctions: m.functions }) };
}

/**
 * Given: a usage point and its meter of the scenario's own, created and linked at the MDM an hour before the
 * change-out (preconditions: the MDM must accept them)
 */
export async function setUpChangeOut(w: Cim9World, kind: ChangeOutKind): Promise<void> {
  const async = defaultAsync(w);
  const at = Math.floor((Date.now() - CHANGE_OUT_AGE_MS) / 1000) * 1000;
  const up = newUsagePoint(w.profile.data.readingTypes.register);
  await perform(w, { verb: 'create', noun: 'UsagePointConfig', root: buildUsagePointConfig({ usagePoints: [up] }), async }, 'the usage point of the change-out created');
  const old = meterConfig();
  await perform(w, { verb: 'create', noun: 'MeterConfig', root: old.root, async }, 'the old meter created');
  await perform(w, { verb: 'create', noun: 'MasterDataLinkageConfig', root: linkage(old.mRID, up.mRID!, at - 3600_000, 'meter installed at usage point'), async }, 'the old meter linked to the usage point');
  states.set(w, { kind, usagePoint: up.mRID!, oldMeter: old.mRID, at });
}

/** When: the work management creates the new meter at the MDM (create(MeterConfig), accepted) */
export async function createNewMeter(w: Cim9World): Promise<void> {
  const s = state(w);
  const m = meterConfig();
  s.newMeter = m.mRID;
  await perform(w, { verb: 'create', noun: 'MeterConfig', root: m.root, async: defaultAsync(w) }, 'the new meter created');
}

/**
 * When: the work management moves the usage point from the old meter to the new one: the end of the old link (close or
 * delete, PAY-14) and the new link, both effective at the change-out, in the order of CIM9-191; each accepted
 */
export async function moveUsagePoint(w: Cim9World): Promise<void> {
  const s = state(w);
  if (!s.newMeter) throw new SuiteError('the new meter was not created before this step');
  const async = defaultAsync(w);
  const order = token(w, 'CIM9-191', 'end-then-link', ['end-then-link', 'link-then-end']);
  const end = () => perform(w, { verb: endLinkVerb(w), noun: 'MasterDataLinkageConfig', root: linkage(s.oldMeter, s.usagePoint, s.at, s.kind === 'recalibration' ? 'meter removed for recalibration' : 'meter change-out'), async }, 'the link of the old meter to the usage point ended');
  const link = () => perform(w, { verb: 'create', noun: 'MasterDataLinkageConfig', root: linkage(s.newMeter!, s.usagePoint, s.at, 'meter change-out'), async }, 'the new meter linked to the usage point');
  if (order === 'end-then-link') {
    await end();
    await link();
  } else {
    await link();
    await end();
  }
}

/**
 * When (MSR-04): the work management tells the MDM the old meter is removed for recalibration: change(MeterConfig) with
 * its status (CIM9-190). A refusal is judged by the Then step (CHANGEOUT-ASSET-STATUS), not here.
 */
export async function sendAssetStatus(w: Cim9World): Promise<void> {
  const s = state(w);
  const how = token(w, 'CIM9-190', 'warning', ['warning', 'failure', 'off']);
  if (how === 'off') {
    s.status = { sent: false };
    return;
  }
  const root = buildMeterConfig({ meters: [{ mRID: s.oldMeter, status: { value: RECALIBRATION_STATUS.value, reason: RECALIBRATION_STATUS.reason, dateTime: ts(s.at) } }] });
  const tx = await request(w, { verb: 'change', noun: 'MeterConfig', root, async: defaultAsync(w) });
  const o = await settle(w, tx);
  s.status = { sent: true, refused: o?.result === 'OK' ? undefined : `${tx.label} answered ${o ? `Result ${o.result}${o.errors.length ? ` (${o.errors.map((e) => e.code).join(', ')})` : ''}` : 'with no readable Result'}` };
}

/** When: the head-end tells the MDM the removal of the old meter and the installation of the new one (created(EndDeviceEvents)) */
export async function sendChangeOutEvents(w: Cim9World): Promise<void> {
  const s = state(w);
  if (!s.newMeter) throw new SuiteError('the new meter was not created before this step');
  const root = buildEndDeviceEvents([
    { mRID: newMessageId(), createdDateTime: ts(s.at - 30_000), eventType: REMOVED_EVENT, meter: s.oldMeter, usagePoint: s.usagePoint },
    { mRID: newMessageId(), createdDateTime: ts(s.at + 30_000), eventType: INSTALLED_EVENT, meter: s.newMeter, usagePoint: s.usagePoint },
  ]);
  const msg: Message = { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root } };
  forwardMarks.set(w, w.run.listener.lastSeq);
  await w.send('MDM', msg, `created(EndDeviceEvents) removal of meter ${s.oldMeter}, installation of meter ${s.newMeter}`);
}

const forwardMarks = new WeakMap<object, number>();

/**
 * After: what the MDM forwarded to its CIS of the change-out events the scenario told it (MSR-02, CIM9-246; examined by
 * MSR-02.2 in features/service-events.feature, not here) is claimed as not examined, never unsolicited
 */
export function claimForwardedChangeOut(w: Cim9World): void {
  const since = forwardMarks.get(w);
  if (since === undefined) return;
  claimNotExamined(w, { path: LISTENER_PATHS.cisEvents, since, title: "Delivered to the CIS's address after the head-end told the MDM the change-out events and not examined by this scenario (MSR-02.2 examines the forward)" });
}

/** the final and initial reads of a change-out at `at`, with values of their own (`unique` in [0, 1)) */
export function changeOutReads(oldMeter: string, newMeter: string, readingType: string, at: number, unique = Math.random()): { final: ChangeOutRead; initial: ChangeOutRead } {
  const base = 20_000 + Math.floor(unique * 1_000_000) / 1000;
  return {
    final: { kind: 'final', meter: oldMeter, readingType, value: base.toFixed(3), timeStamp: ts(at - READ_OFFSET_MS), reason: 'removal' },
    initial: { kind: 'initial', meter: newMeter, readingType, value: '0.125', timeStamp: ts(at + READ_OFFSET_MS), reason: 'installation' },
  };
}

/** When: the head-end tells the MDM the final read of the old meter and the initial read of the new one (created(MeterReadings)) */
export async function sendChangeOutReads(w: Cim9World): Promise<void> {
  const s = state(w);
  if (!s.newMeter) throw new SuiteError('the new meter was not created before this step');
  const { final, initial } = changeOutReads(s.oldMeter, s.newMeter, w.profile.data.readingTypes.register, s.at);
  s.final = final;
  s.initial = initial;
  const root = buildMeterReadings({
    meterReadings: [final, initial].map((r) => ({
      meter: { mRID: r.meter },
      usagePoint: { mRID: s.usagePoint },
      readings: [{ readingType: r.readingType, value: r.value, timeStamp: r.timeStamp, reason: r.reason }],
    })),
  });
  const msg: Message = { kind: 'event', header: w.requestHeader('created', 'MeterReadings'), payload: { root } };
  await w.send('MDM', msg, `created(MeterReadings) final read of meter ${s.oldMeter}, initial read of meter ${s.newMeter}`);
}

/** When: the CIS asks the MDM for the meters of the usage point (GetMeterConfig by UsagePoint) */
export async function askMetersOfUsagePoint(w: Cim9World): Promise<void> {
  const s = state(w);
  await w.send('MDM', getMessage(w, 'MeterConfig', { UsagePoint: [s.usagePoint] }), `GetMeterConfig meters of usage point ${s.usagePoint}`);
}

/** When: the CIS asks the MDM for the old meter (GetMeterConfig by Meter) */
export async function askOldMeter(w: Cim9World): Promise<void> {
  const s = state(w);
  await w.send('MDM', getMessage(w, 'MeterConfig', { Meter: [s.oldMeter] }), `GetMeterConfig old meter ${s.oldMeter}`);
}

/** the Meter objects of the last answer (a GetMeterConfig), with the findings of a reply that is not an OK one */
function lastMeters(w: Cim9World): { x: Exchange; meters: XNode[]; root?: XNode; findings: Finding[] } {
  const x = w.last;
  if (!x) throw new SuiteError('no GetMeterConfig was sent before this step');
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  const findings = x.wire ? checkOutcome(x.wire, { result: 'OK', annexB: w.annexB }, ctx) : x.findings.filter((f) => f.severity === 'error');
  if (!x.wire && !findings.length) findings.push(ruleFinding('TRANSPORT', `${x.label}: the reply could not be read`, { file: x.label, expected: 'a readable reply', actual: 'none read' }));
  const root = x.wire?.message?.payload?.root;
  return { x, meters: root ? configObjects(root, 'MeterConfig') : [], root, findings };
}

/** Then: the usage point is linked to the new meter and no longer to the old one (CHANGEOUT-LINK) */
export function checkLinkStep(w: Cim9World): void {
  const s = state(w);
  if (!s.newMeter) throw new SuiteError('no change-out was made before this step');
  const { x, meters, root, findings } = lastMeters(w);
  if (findings.some((f) => f.severity === 'error')) return w.assert(findings, 'the meters of the usage point');
  findings.push(...checkChangeOutLink(meters, { usagePoint: s.usagePoint, oldMeter: s.oldMeter, newMeter: s.newMeter }, w.ctx(`${x.label} reply`, x.received?.at), root));
  w.assert(findings, 'the meters of the usage point');
}

/** When: the CIS asks the MDM for the register of each meter around the change-out (one get(MeterReadings) per meter) */
export async function askChangeOutReads(w: Cim9World): Promise<void> {
  const s = state(w);
  if (!s.final || !s.initial) throw new SuiteError('no final and initial reads were sent before this step');
  const timePeriod = { start: ts(s.at - WINDOW_MS), end: ts(s.at + WINDOW_MS) };
  s.answers = [];
  for (const r of [s.final, s.initial]) {
    const msg: Message = { kind: 'request', header: w.requestHeader('get', 'MeterReadings'), request: { query: buildGetMeterReadings({ endDevices: [r.meter], readingTypes: [r.readingType], timePeriod }) } };
    const exchange = await w.send('MDM', msg, `get(MeterReadings) register of the ${r.kind === 'final' ? 'old' : 'new'} meter ${r.meter} around the change-out`);
    s.answers.push({ meter: r.meter, exchange });
  }
}

/** Then: the final read is the old meter's and the initial read the new meter's (CHANGEOUT-READS), each with its reason (CIM9-189) */
export function checkReadsStep(w: Cim9World): void {
  const s = state(w);
  if (!s.final || !s.initial || !s.answers?.length || !s.newMeter) throw new SuiteError('the reads of the change-out were not asked back before this step');
  const findings: Finding[] = [];
  const answers: MeterAnswer[] = [];
  for (const a of s.answers) {
    const x = a.exchange;
    const label = `${x.label} reply`;
    if (!x.wire) {
      findings.push(...(x.findings.some((f) => f.severity === 'error') ? x.findings.filter((f) => f.severity === 'error') : [ruleFinding('TRANSPORT', `${x.label}: the reply could not be read`, { file: x.label, expected: 'a readable reply', actual: 'none read' })]));
      continue;
    }
    const outcome = checkOutcome(x.wire, { result: 'OK', annexB: w.annexB }, w.ctx(label, x.received?.at));
    findings.push(...outcome);
    const root = x.wire.message?.payload?.root;
    if (root) answers.push({ meter: a.meter, root, label });
    else if (!outcome.length) findings.push(ruleFinding('CHANGEOUT-READS', `${label}: no MeterReadings payload for meter ${a.meter}`, { file: label, expected: `a MeterReadings payload for meter ${a.meter}`, actual: 'no payload' }));
  }
  if (!findings.some((f) => f.severity === 'error')) {
    const reason = token(w, 'CIM9-189', 'warning', ['warning', 'failure', 'off']);
    findings.push(
      ...checkChangeOutReads(
        answers,
        { usagePoint: s.usagePoint, oldMeter: s.oldMeter, newMeter: s.newMeter, final: s.final, initial: s.initial, reasonSeverity: severityOf(reason, 'warning'), reasonText: reason },
        w.ctx('get(MeterReadings) of the meters of the change-out'),
      ),
    );
  }
  w.assert(findings, 'the final and initial reads');
}

/** Then (MSR-04): the old meter comes back with the status the work management sent (CHANGEOUT-ASSET-STATUS, CIM9-190) */
export function checkAssetStatusStep(w: Cim9World): 'skipped' | void {
  const s = state(w);
  const how = token(w, 'CIM9-190', 'warning', ['warning', 'failure', 'off']);
  if (how === 'off' || !s.status?.sent) {
    w.attach('the asset status of the old meter is not checked (CIM9-190 = off)', { mediaType: 'text/plain', fileName: 'asset status not checked (CIM9-190).txt' });
    return 'skipped';
  }
  const severity = severityOf(how, 'warning')!;
  const { x, meters, root, findings } = lastMeters(w);
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  if (s.status.refused) {
    findings.push(ruleFinding('CHANGEOUT-ASSET-STATUS', `the MDM did not take the status of the old meter ${s.oldMeter} removed for recalibration: ${s.status.refused}`, { severity, expected: `the status of meter ${s.oldMeter} taken (removed for recalibration)`, actual: s.status.refused, assumptions: { 'CIM9-190': how } }));
  } else if (!findings.some((f) => f.severity === 'error')) {
    findings.push(...checkAssetStatus(meters, { meter: s.oldMeter, value: RECALIBRATION_STATUS.value, severity, text: how }, ctx, root));
  }
  w.assert(findings, 'the asset status of the old meter');
}
