/**
 * The rules of the Get profiles of Q-01 beyond GetMeterReadings and GetEndDeviceEvents (use-cases.md §10: "filter
 * honoured (only matching objects returned); empty match → OK with empty payload or FAILED with an "invalid …" code",
 * UC-34): GetEndDeviceGroups, GetUsagePointGroups, GetEndDeviceControls and (2024) GetMeterReadSchedules. Pure: the answer and what was asked in, findings out.
 * - DOM-QUERY-FILTER: every group answered is one the filter names (EndDeviceGroup), or has the device it names (EndDevice)
 *   as a member;
 * - DOM-QUERY-MATCH: the group the scenario defined, when the filter matches it, is in the answer with its members;
 * - the no-match answer (UC-34): OK with no object, or FAILED with a code of category 2 (ENV-EXPECTED-RESULT,
 *   ENV-EXPECTED-CODE).
 */
import type { Finding } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import type { XNode } from '../xml/index.ts';
import { readEndDeviceGroups } from '../payloads/endDeviceGroups.ts';
import { readUsagePointGroups } from '../payloads/usagePointGroups.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readMeterReadSchedule } from '../payloads/meterReadSchedules.ts';

export interface GroupsQuery {
  /** the EndDeviceGroup mRIDs the filter names */
  groups: string[];
  /** the EndDevice mRIDs the filter names */
  devices: string[];
  /** the group the scenario defined that the filter matches, with its members; undefined: none must be there */
  expected?: { mRID: string; members: string[] };
}

function at(ctx: CheckContext, id: string, message: string, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(id, `${ctx.label}: ${message}`, { file: ctx.label, ...extra });
}

/** the groups of an answer (none without a payload) */
export function answeredGroups(root: XNode | undefined): { mRID?: string; members: string[] }[] {
  if (!root || root.name !== 'EndDeviceGroups') return [];
  return readEndDeviceGroups(root).map((g) => ({ mRID: g.mRID, members: (g.endDevices ?? []).map((d) => d.mRID ?? d.names?.[0]?.name ?? '').filter(Boolean) }));
}

/** DOM-QUERY-FILTER and DOM-QUERY-MATCH for an answer to get(EndDeviceGroups) */
export function checkGroupsAnswer(root: XNode | undefined, q: GroupsQuery, ctx: CheckContext): Finding[] {
  return checkGroupList(answeredGroups(root), q, ctx, { group: 'EndDeviceGroup', member: 'devices', create: 'create(EndDeviceGroups)' });
}

/** the usage point groups of an answer (none without a payload) */
export function answeredUsagePointGroups(root: XNode | undefined): { mRID?: string; members: string[] }[] {
  if (!root || root.name !== 'UsagePointGroups') return [];
  return readUsagePointGroups(root).map((g) => ({ mRID: g.mRID, members: (g.usagePoints ?? []).map((u) => u.mRID ?? u.names?.[0]?.name ?? '').filter(Boolean) }));
}

/** DOM-QUERY-FILTER and DOM-QUERY-MATCH for an answer to get(UsagePointGroups): `devices` of the query are usage points */
export function checkUsagePointGroupsAnswer(root: XNode | undefined, q: GroupsQuery, ctx: CheckContext): Finding[] {
  return checkGroupList(answeredUsagePointGroups(root), q, ctx, { group: 'UsagePointGroup', member: 'usage points', create: 'create(UsagePointGroups)' });
}

function checkGroupList(groups: { mRID?: string; members: string[] }[], q: GroupsQuery, ctx: CheckContext, words: { group: string; member: string; create: string }): Finding[] {
  const out: Finding[] = [];
  for (const g of groups) {
    if (q.groups.length && !(g.mRID && q.groups.includes(g.mRID))) {
      out.push(at(ctx, 'DOM-QUERY-FILTER', `${words.group} ${g.mRID ?? '(no mRID)'} is not the group the filter names (${q.groups.join(', ')})`, { expected: `only ${words.group} ${q.groups.join(', ')} (the filter)`, actual: `${words.group} ${g.mRID ?? '(no mRID)'}` }));
    } else if (q.devices.length && !g.members.some((m) => q.devices.includes(m))) {
      out.push(at(ctx, 'DOM-QUERY-FILTER', `${words.group} ${g.mRID ?? '(no mRID)'} (members ${g.members.join(', ') || 'none'}) has none of the ${words.member} the filter names (${q.devices.join(', ')}) as a member`, { expected: `groups with a member among ${q.devices.join(', ')} (the filter)`, actual: `${words.group} ${g.mRID ?? '(no mRID)'} with members ${g.members.join(', ') || 'none'}` }));
    }
  }
  if (q.expected) {
    const g = groups.find((x) => x.mRID === q.expected!.mRID);
    if (!g) {
      out.push(at(ctx, 'DOM-QUERY-MATCH', `the answer (${groups.length} group(s)) does not hold ${words.group} ${q.expected.mRID}, which the filter matches and the SUT accepted with ${words.create}`, { expected: `${words.group} ${q.expected.mRID}`, actual: groups.length ? `groups ${groups.map((x) => x.mRID ?? '(no mRID)').join(', ')}` : 'no group' }));
    } else {
      const missing = q.expected.members.filter((m) => !g.members.includes(m));
      const extra = g.members.filter((m) => !q.expected!.members.includes(m));
      if (missing.length || extra.length) {
        out.push(at(ctx, 'DOM-QUERY-MATCH', `${words.group} ${g.mRID} has members ${g.members.join(', ') || 'none'}, not the ${q.expected.members.join(', ')} it was created with${missing.length ? ` (missing ${missing.join(', ')})` : ''}${extra.length ? ` (not members: ${extra.join(', ')})` : ''}`, { expected: `members ${q.expected.members.join(', ')}`, actual: `members ${g.members.join(', ') || 'none'}` }));
      }
    }
  }
  return out;
}

/**
 * The answer to a get whose filter matches nothing (UC-34): OK with no object (each object answered is a
 * DOM-QUERY-FILTER finding of `objects`), or FAILED with an "invalid …" code (category 2), as UC-34 allows.
 */
export function checkNoMatch(reply: { result: string; errors: { code: string }[] }, objects: Finding[], uc34: string, ctx: CheckContext): Finding[] {
  const assumptions = { 'UC-34': uc34 };
  const codes = reply.errors.map((e) => e.code.trim());
  if (reply.result === 'OK') {
    const out: Finding[] = objects.map((f) => ({ ...f, assumptions: { ...f.assumptions, ...assumptions } }));
    if (uc34 === 'failed') out.push(at(ctx, 'ENV-EXPECTED-RESULT', 'Result OK for a query that matches nothing; UC-34 = failed expects FAILED with an "invalid …" code', { expected: 'Result FAILED with an "invalid …" code (2.x)', actual: 'Result OK', assumptions }));
    return out;
  }
  if (reply.result === 'FAILED') {
    if (uc34 === 'ok-empty') return [at(ctx, 'ENV-EXPECTED-RESULT', `Result FAILED (${codes.join(', ') || 'no Error'}) for a query that matches nothing; UC-34 = ok-empty expects OK with no object`, { expected: 'Result OK with no object', actual: `Result FAILED (${codes.join(', ') || 'no Error'})`, assumptions })];
    if (!codes.some((c) => /^2\.[0-9]+$/.test(c))) return [at(ctx, 'ENV-EXPECTED-CODE', `a query that matches nothing refused with ${codes.join(', ') || 'no Error'}; UC-34 allows OK with no object or FAILED with an "invalid …" code (2.x)`, { expected: 'Result OK with no object, or FAILED with an "invalid …" code (2.x)', actual: `Result FAILED (${codes.join(', ') || 'no Error'})`, assumptions })];
    return [];
  }
  return [at(ctx, 'ENV-EXPECTED-RESULT', `Result ${reply.result} for a query that matches nothing; UC-34 allows OK with no object or FAILED with an "invalid …" code`, { expected: 'Result OK with no object, or FAILED with an "invalid …" code (2.x)', actual: `Result ${reply.result}`, assumptions })];
}

export interface ControlsQuery {
  /** the EndDeviceControl mRIDs the filter names */
  controls: string[];
  /** the control the scenario sent that the filter matches; undefined: none must be there */
  expected?: { mRID: string; controlType: string; devices: string[] };
}

/** DOM-QUERY-FILTER and DOM-QUERY-MATCH for an answer to get(EndDeviceControls) by EndDeviceControl mRID */
export function checkControlsAnswer(root: XNode | undefined, q: ControlsQuery, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const controls = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root) : [];
  for (const c of controls) {
    if (q.controls.length && !(c.mRID && q.controls.includes(c.mRID.trim()))) out.push(at(ctx, 'DOM-QUERY-FILTER', `EndDeviceControl ${c.mRID ?? '(no mRID)'} is not the control the filter names (${q.controls.join(', ')})`, { expected: `only EndDeviceControl ${q.controls.join(', ')} (the filter)`, actual: `EndDeviceControl ${c.mRID ?? '(no mRID)'}` }));
  }
  if (q.expected) {
    const c = controls.find((x) => x.mRID?.trim() === q.expected!.mRID);
    if (!c) {
      out.push(at(ctx, 'DOM-QUERY-MATCH', `the answer (${controls.length} control(s)) does not hold EndDeviceControl ${q.expected.mRID}, which the filter names and the SUT accepted`, { expected: `EndDeviceControl ${q.expected.mRID}`, actual: controls.length ? `controls ${controls.map((x) => x.mRID ?? '(no mRID)').join(', ')}` : 'no control' }));
    } else {
      const devices = (c.endDevices ?? []).map((d) => d.mRID?.trim() ?? '').filter(Boolean);
      const missing = q.expected.devices.filter((d) => !devices.includes(d));
      if (missing.length) out.push(at(ctx, 'DOM-QUERY-MATCH', `EndDeviceControl ${q.expected.mRID} comes back without the device(s) ${missing.join(', ')} it was sent for (it names ${devices.join(', ') || 'none'})`, { expected: `devices ${q.expected.devices.join(', ')}`, actual: `devices ${devices.join(', ') || 'none'}` }));
      if (c.controlType.trim() !== q.expected.controlType) out.push(at(ctx, 'DOM-QUERY-MATCH', `EndDeviceControl ${q.expected.mRID} comes back with EndDeviceControlType ${c.controlType || '(none)'}, not the ${q.expected.controlType} it was sent with`, { expected: `EndDeviceControlType ${q.expected.controlType}`, actual: `EndDeviceControlType ${c.controlType || '(none)'}` }));
    }
  }
  return out;
}

export interface SchedulesQuery {
  /** the EndDevice mRIDs the filter names */
  devices: string[];
  /** the schedule the scenario created that the filter matches: its device and ReadingType; undefined: none */
  expected?: { device: string; readingType: string };
}

/** DOM-QUERY-FILTER and DOM-QUERY-MATCH for an answer to get(MeterReadSchedules) by EndDevice */
export function checkSchedulesAnswer(root: XNode | undefined, q: SchedulesQuery, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const v = root && (root.name === 'MeterReadSchedules' || root.name === 'MeterReadSchedule') ? readMeterReadSchedule(root) : undefined;
  const devices = (v?.endDevices ?? []).map((d) => d.mRID.trim()).filter(Boolean);
  const readingTypes = (v?.readingTypes ?? []).map((r) => (r.mRID ?? '').trim()).filter(Boolean);
  for (const d of devices) if (q.devices.length && !q.devices.includes(d)) out.push(at(ctx, 'DOM-QUERY-FILTER', `the answer names EndDevice ${d}, which the filter does not (${q.devices.join(', ')})`, { expected: `only EndDevice ${q.devices.join(', ')} (the filter)`, actual: `EndDevice ${d}` }));
  if (q.expected) {
    if (!devices.includes(q.expected.device)) out.push(at(ctx, 'DOM-QUERY-MATCH', `the answer does not name EndDevice ${q.expected.device}, whose read schedule the SUT accepted and the filter names`, { expected: `EndDevice ${q.expected.device}`, actual: devices.length ? `EndDevice ${devices.join(', ')}` : 'no EndDevice' }));
    else if (!readingTypes.includes(q.expected.readingType)) out.push(at(ctx, 'DOM-QUERY-MATCH', `the schedule of EndDevice ${q.expected.device} comes back without ReadingType ${q.expected.readingType}, which it reads (it names ${readingTypes.join(', ') || 'none'})`, { expected: `ReadingType ${q.expected.readingType}`, actual: `ReadingType ${readingTypes.join(', ') || 'none'}` }));
  }
  return out;
}
