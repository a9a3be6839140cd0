/**
 * The Get profiles of Q-01 beyond GetMeterReadings and GetEndDeviceEvents (use-cases.md §10, 2013 Annex J, 2024
 * Annex H; the query profiles the packs define): the suite plays the MDM and asks the head-end get(EndDeviceGroups)
 * [GetEndDeviceGroups] for the group the scenario defined (src/usecases/load-control.ts defineGroup, CIM9-122), by the
 * group's mRID or by a member device, and with a filter that matches nothing (a group mRID nobody created; UC-34);
 * get(EndDeviceControls) [GetEndDeviceControls] for the load-control event the scenario started (src/usecases/
 * load-control.ts sendLoadControl), by its mRID, and for a control nobody issued; (2024) get(MeterReadSchedules)
 * [GetMeterReadSchedules] for the meter the scenario scheduled (src/usecases/read-schedules.ts sendSchedule) and for a
 * meter no schedule reads; get(UsagePointGroups) [GetUsagePointGroups] at the MDM for the usage point group the scenario
 * told it (create(UsagePointGroups), CIM9-256), by mRID, by member usage point, and for a group nobody created.
 * The rules are src/checks/get-profiles.ts.
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { requireAccepted } from './set-up.ts';
import { newMessageId, type Message } from '../message/index.ts';
import { buildGetEndDeviceGroups } from '../payloads/endDeviceGroups.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkControlsAnswer, checkGroupsAnswer, checkNoMatch, checkSchedulesAnswer, checkUsagePointGroupsAnswer, type ControlsQuery, type GroupsQuery, type SchedulesQuery } from '../checks/get-profiles.ts';
import { buildGetUsagePointGroups, buildUsagePointGroups } from '../payloads/usagePointGroups.ts';
import { groupSplit } from './load-control.ts';
import { buildGetMeterReadSchedules } from '../payloads/meterReadSchedules.ts';
import { claimScheduleLeftovers } from './read-schedules.ts';
import { buildGetEndDeviceControls } from '../payloads/endDeviceControls.ts';
import type { Finding } from '../checks/finding.ts';
import { claimLoadControlLeftovers, definedGroup, sentControl } from './load-control.ts';

interface GroupsAsked {
  exchange: Exchange;
  query: GroupsQuery;
  noMatch: boolean;
}

const asked = new WeakMap<object, GroupsAsked>();

type Answer = (root: Parameters<typeof checkGroupsAnswer>[0], ctx: Parameters<typeof checkGroupsAnswer>[2]) => Finding[];

/** a Reply is needed to read the objects answered from; without one (a SOAP fault, a broken answer) that is the finding */
function noReply(x: Exchange, label: string, assumptions?: Record<string, string>): Finding {
  return ruleFinding('ENV-EXPECTED-RESULT', `${label}: no Reply to read a Result from${x.wire?.fault ? ' (a SOAP fault)' : ''}`, { file: label, expected: 'a reply with Reply/Result', actual: x.wire?.fault ? `a SOAP fault "${x.wire.fault.reason}"` : 'no Reply', ...(assumptions ? { assumptions } : {}) });
}

/** Then (a filter that matches): the objects answered, judged by `answer` */
function judgeAnswer(w: Cim9World, x: Exchange, what: string, answer: Answer): void {
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  if (!x.wire?.message?.reply) return w.assert([noReply(x, ctx.label)], what);
  w.assert(answer(x.wire.message.payload?.root, ctx), what);
}

/** Then (a filter that matches nothing): OK with no object or FAILED with an "invalid …" code (UC-34); what came is judged by `answer` too */
function judgeNoMatch(w: Cim9World, x: Exchange, answer: Answer): void {
  const uc34 = String(w.run.assumptions['UC-34'] ?? 'either');
  w.usedAssumptions['UC-34'] = uc34;
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  const reply = x.wire?.fault ? undefined : x.wire?.message?.reply;
  if (!reply) {
    const fs = x.findings.filter((f) => f.severity === 'error');
    return w.assert(fs.length ? fs : [noReply(x, ctx.label, { 'UC-34': uc34 })], 'answer to a query with no match');
  }
  w.assert(checkNoMatch({ result: reply.result, errors: reply.errors ?? [] }, answer(x.wire?.message?.payload?.root, ctx), uc34, ctx), 'answer to a query with no match');
}

/** get(EndDeviceGroups) with a GetEndDeviceGroups filter of groups and / or devices */
export function getGroupsMessage(header: Message['header'], q: { groups?: string[]; devices?: string[] }): Message {
  return { kind: 'request', header, request: { query: buildGetEndDeviceGroups({ endDeviceGroups: (q.groups ?? []).map((mRID) => ({ mRID })), endDevices: (q.devices ?? []).map((mRID) => ({ mRID })) }) } };
}

/** When: the MDM asks the head-end for the group the scenario defined, by its mRID (`group`), by its first member (`member`) or for a group nobody created (`none`) */
export async function askGroups(w: Cim9World, by: 'group' | 'member' | 'none'): Promise<void> {
  const g = definedGroup(w);
  if (!g && by !== 'none') throw new SuiteError('no group was defined before this step');
  let query: GroupsQuery;
  if (by === 'group') query = { groups: [g!.mRID], devices: [], expected: { mRID: g!.mRID, members: g!.members } };
  else if (by === 'member') query = { groups: [], devices: [g!.members[0]!], expected: { mRID: g!.mRID, members: g!.members } };
  else query = { groups: [`EDG-NONE-${newMessageId()}`], devices: [] };
  const what = by === 'group' ? `group ${query.groups[0]}` : by === 'member' ? `the groups of device ${query.devices[0]}` : `group ${query.groups[0]}, which nobody created`;
  const exchange = await w.send('HES', getGroupsMessage(w.requestHeader('get', 'EndDeviceGroups'), query), `get(EndDeviceGroups) ${what}`);
  asked.set(w, { exchange, query, noMatch: by === 'none' });
}

/** Then: every group answered matches the filter, and the group defined is there with its members */
export function checkGroupsStep(w: Cim9World): void {
  const a = asked.get(w);
  if (!a || a.noMatch) throw new SuiteError('no get(EndDeviceGroups) matching a group was sent before this step');
  judgeAnswer(w, a.exchange, 'the groups answered', (root, ctx) => checkGroupsAnswer(root, a.query, ctx));
}

/** Then: the answer to the filter that matches nothing is OK with no group or FAILED with an "invalid …" code (UC-34) */
export function checkGroupsNoMatchStep(w: Cim9World): void {
  const a = asked.get(w);
  if (!a?.noMatch) throw new SuiteError('no get(EndDeviceGroups) matching nothing was sent before this step');
  judgeNoMatch(w, a.exchange, (root, ctx) => checkGroupsAnswer(root, a.query, ctx));
}

// ------------------------------------------------------------------------------------------------ GetEndDeviceControls

interface ControlsAsked {
  exchange: Exchange;
  query: ControlsQuery;
  noMatch: boolean;
}

const askedControls = new WeakMap<object, ControlsAsked>();

/** When: the MDM asks the head-end for the control the scenario started, by its mRID (`control`), or for one nobody issued (`none`) */
export async function askControls(w: Cim9World, by: 'control' | 'none'): Promise<void> {
  const c = sentControl(w);
  if (!c) throw new SuiteError('no control was sent before this step');
  const query: ControlsQuery = by === 'control' ? { controls: [c.mRID], expected: { mRID: c.mRID, controlType: c.controlType, devices: c.devices } } : { controls: [`EDC-NONE-${newMessageId()}`] };
  const msg: Message = { kind: 'request', header: w.requestHeader('get', 'EndDeviceControls'), request: { query: buildGetEndDeviceControls({ controls: query.controls.map((mRID) => ({ mRID })) }) } };
  const exchange = await w.send('HES', msg, `get(EndDeviceControls) ${by === 'control' ? `control ${query.controls[0]}` : `control ${query.controls[0]}, which nobody issued`}`);
  askedControls.set(w, { exchange, query, noMatch: by === 'none' });
}

function controlsReply(w: Cim9World, noMatch: boolean): { a: ControlsAsked; findings?: Finding[] } {
  const a = askedControls.get(w);
  if (!a || a.noMatch !== noMatch) throw new SuiteError(`no get(EndDeviceControls) ${noMatch ? 'matching nothing' : 'naming the control'} was sent before this step`);
  return { a };
}

/** Then: the control asked for comes back with its type and devices, and no other control */
export function checkControlsStep(w: Cim9World): void {
  const { a } = controlsReply(w, false);
  judgeAnswer(w, a.exchange, 'the controls answered', (root, ctx) => checkControlsAnswer(root, a.query, ctx));
}

/** Then: the answer to the control nobody issued is OK with no control or FAILED with an "invalid …" code (UC-34) */
export function checkControlsNoMatchStep(w: Cim9World): void {
  const { a } = controlsReply(w, true);
  judgeNoMatch(w, a.exchange, (root, ctx) => checkControlsAnswer(root, a.query, ctx));
}

/** After: the load-control event the scenario started runs out, its schedule is canceled; what they caused at the MDM's address is claimed */
export async function claimGetProfileLeftovers(w: Cim9World): Promise<void> {
  await claimLoadControlLeftovers(w);
  await claimScheduleLeftovers(w);
}

// ------------------------------------------------------------------------------------------------ GetMeterReadSchedules (2024)

interface SchedulesAsked {
  exchange: Exchange;
  query: SchedulesQuery;
  noMatch: boolean;
}

const askedSchedules = new WeakMap<object, SchedulesAsked>();

/** When: the MDM asks the head-end for the read schedules of the scheduled meter (`scheduled`) or of the scenario's second meter, which none reads (`other`) */
export async function askSchedules(w: Cim9World, which: 'scheduled' | 'other'): Promise<void> {
  const meter = w.meters[which === 'scheduled' ? 0 : 1]?.mRID;
  if (!meter) throw new SuiteError(which === 'other' ? 'the scenario has no second meter (@meters:2)' : 'no meter was chosen before this step');
  const query: SchedulesQuery = which === 'scheduled' ? { devices: [meter], expected: { device: meter, readingType: w.profile.data.readingTypes.register } } : { devices: [meter] };
  const msg: Message = { kind: 'request', header: w.requestHeader('get', 'MeterReadSchedules'), request: { query: buildGetMeterReadSchedules({ endDevices: [{ mRID: meter }] }) } };
  const exchange = await w.send('HES', msg, `get(MeterReadSchedules) of meter ${meter}${which === 'other' ? ', which no schedule reads' : ''}`);
  askedSchedules.set(w, { exchange, query, noMatch: which === 'other' });
}

/** Then: the scheduled meter comes back with the ReadingType it is read for, and no other meter */
export function checkSchedulesStep(w: Cim9World): void {
  const a = askedSchedules.get(w);
  if (!a || a.noMatch) throw new SuiteError('no get(MeterReadSchedules) of the scheduled meter was sent before this step');
  judgeAnswer(w, a.exchange, 'the schedules answered', (root, ctx) => checkSchedulesAnswer(root, a.query, ctx));
}

/** Then: the answer for a meter no schedule reads is OK with no schedule or FAILED with an "invalid …" code (UC-34) */
export function checkSchedulesNoMatchStep(w: Cim9World): void {
  const a = askedSchedules.get(w);
  if (!a?.noMatch) throw new SuiteError('no get(MeterReadSchedules) matching nothing was sent before this step');
  judgeNoMatch(w, a.exchange, (root, ctx) => checkSchedulesAnswer(root, a.query, ctx));
}

// ------------------------------------------------------------------------------------------------ GetUsagePointGroups (MDM)

const upGroups = new WeakMap<object, { mRID: string; members: string[] }>();
const askedUpGroups = new WeakMap<object, { exchange: Exchange; query: GroupsQuery; noMatch: boolean }>();

/**
 * Given: the MDM knows a UsagePointGroup of the usage points of the scenario's meters but the last (CIM9-256:
 * create(UsagePointGroups)). A Reply that declines is the set-up failing (an error, not a verdict); a broken answer or
 * a SOAP fault to the valid request is a finding.
 */
export async function defineUsagePointGroup(w: Cim9World): Promise<void> {
  const { members: meters } = groupSplit(w.meters);
  const members = meters.map((m) => w.meters.find((x) => x.mRID === m)?.usagePoint);
  if (members.some((u) => !u)) throw new SuiteError('a meter of the scenario has no usage point in the profile\'s data.meters: a usage point group cannot be built');
  w.usedAssumptions['CIM9-256'] = String(w.run.assumptions['CIM9-256'] ?? 'create-usage-point-groups');
  const mRID = `UPG-${newMessageId()}`;
  const msg: Message = { kind: 'request', header: w.requestHeader('create', 'UsagePointGroups'), payload: { root: buildUsagePointGroups([{ mRID, type: 'billing cycle', names: [{ name: `cim9 group ${mRID}` }], usagePoints: (members as string[]).map((u) => ({ mRID: u })) }]) } };
  const x = await w.send('MDM', msg, `create(UsagePointGroups) ${mRID} of ${members.join(', ')}`);
  requireAccepted(w, x, { needed: 'the usage point group the scenario needs', request: 'create(UsagePointGroups)', peer: 'MDM', cannot: 'the query cannot be checked', assumptions: { 'CIM9-256': w.usedAssumptions['CIM9-256']! } });
  upGroups.set(w, { mRID, members: members as string[] });
}

/** When: the MDM is asked for the usage point group the scenario defined, by its mRID, by its first usage point, or for a group nobody created */
export async function askUsagePointGroups(w: Cim9World, by: 'group' | 'member' | 'none'): Promise<void> {
  const g = upGroups.get(w);
  if (!g && by !== 'none') throw new SuiteError('no usage point group was defined before this step');
  const query: GroupsQuery =
    by === 'group' ? { groups: [g!.mRID], devices: [], expected: g! } : by === 'member' ? { groups: [], devices: [g!.members[0]!], expected: g! } : { groups: [`UPG-NONE-${newMessageId()}`], devices: [] };
  const msg: Message = { kind: 'request', header: w.requestHeader('get', 'UsagePointGroups'), request: { query: buildGetUsagePointGroups({ usagePointGroups: query.groups.map((mRID) => ({ mRID })), usagePoints: query.devices.map((mRID) => ({ mRID })) }) } };
  const what = by === 'group' ? `group ${query.groups[0]}` : by === 'member' ? `the groups of usage point ${query.devices[0]}` : `group ${query.groups[0]}, which nobody created`;
  const exchange = await w.send('MDM', msg, `get(UsagePointGroups) ${what}`);
  askedUpGroups.set(w, { exchange, query, noMatch: by === 'none' });
}

/** Then: the usage point group comes back with its usage points, and only groups the filter matches */
export function checkUsagePointGroupsStep(w: Cim9World): void {
  const a = askedUpGroups.get(w);
  if (!a || a.noMatch) throw new SuiteError('no get(UsagePointGroups) matching a group was sent before this step');
  judgeAnswer(w, a.exchange, 'the usage point groups answered', (root, ctx) => checkUsagePointGroupsAnswer(root, a.query, ctx));
}

/** Then: the answer to a group nobody created is OK with no group or FAILED with an "invalid …" code (UC-34) */
export function checkUsagePointGroupsNoMatchStep(w: Cim9World): void {
  const a = askedUpGroups.get(w);
  if (!a?.noMatch) throw new SuiteError('no get(UsagePointGroups) matching nothing was sent before this step');
  judgeNoMatch(w, a.exchange, (root, ctx) => checkUsagePointGroupsAnswer(root, a.query, ctx));
}
