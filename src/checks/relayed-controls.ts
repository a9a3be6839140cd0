/**
 * A control passed on by the MDM (P6 relay of clause 5.4: EDC-06 connect / disconnect via the MDM, EDC-01 load
 * control, PAN-03 PAN controls, EDC-08 the real-time price signal; use-cases.md §0.3 P6, §4.1, §4.6, §4.8, §8.3).
 * The requester (CIS, DRMS) asks the MDM with create(EndDeviceControls); the MDM sends its head-end the control
 * (create(EndDeviceControls)) and answers the requester with the head-end's outcome.
 *
 * EDC-RELAY-FORWARD: what reached the head-end is create(EndDeviceControls) with, for each control the requester
 * sent, a control of the same EndDeviceControlType code naming the same meters (by mRID or name) and no other one,
 * with exactly the PAN action element sent (none when none was sent), and the priceSignal and PanPricingDetails prices
 * sent, and the drProgramLevel / drProgramMandatory of a load control (the program the DRMS ordered: a relay passes
 * the same request on, §0.3 P6; a device the requester named and the MDM drops is named). Whether the MDM keeps the requester's issuerTrackingID is CIM9-230; whether it keeps the timing
 * (primaryDeviceTiming interval and randomisation) or may place the control in time itself is CIM9-231.
 * Also EDC-READ-RESULT (the MDM's result about a missing / incomplete read after a switch), EDC-RELAY-CANCEL (a cancel
 * passed on) and EDC-RELAY-GROUP (a group control passed on), below.
 * Pure: what was sent and what was passed on in, findings out.
 */
import type { Finding, Severity } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import type { XNode } from '../xml/index.ts';

/** one control, as the check compares it (src/payloads readEndDeviceControls, reduced) */
export interface ControlSummary {
  mRID?: string;
  controlType: string;
  /** the meters it names: mRIDs and names */
  meters: string[];
  issuerTrackingID?: string;
  actionKind?: string;
  actionCount: number;
  priceSignal?: number;
  prices?: (string | undefined)[];
  interval?: { start?: string; end?: string };
  randomisation?: string;
  /** the demand-response program level and whether it is mandatory (a load control, use-cases.md §4.1 step 1) */
  drProgramLevel?: number;
  drProgramMandatory?: boolean;
  node?: XNode;
}

export type RelaySeverity = Extract<Severity, 'error' | 'warning'> | 'off';

export interface PassedOnControls {
  verb?: string;
  noun?: string;
  /** undefined: no EndDeviceControls payload could be read */
  controls?: ControlSummary[];
}

/** how the MDM's request to its head-end was sent: verb(noun), and whether it had no EndDeviceControls payload */
const sentAs = (x: { verb?: string; noun?: string; controls?: unknown }): string => `${x.verb ?? '?'}(${x.noun ?? '?'})${x.controls ? '' : ' without an EndDeviceControls payload'}`;
const sameNumber = (a: string | number | undefined, b: string | number | undefined) => a !== undefined && b !== undefined && Number(a) === Number(b);
const sameInstant = (a: string | undefined, b: string | undefined) => (a === undefined && b === undefined) || (a !== undefined && b !== undefined && instantMs(a) !== undefined && instantMs(a) === instantMs(b));

/**
 * EDC-RELAY-FORWARD: `got` (the MDM's request to its head-end, undefined when none came within `withinSeconds`)
 * against the controls the requester sent
 */
export function checkPassedOnControls(
  got: PassedOnControls | undefined,
  sent: readonly ControlSummary[],
  opts: { tracking: RelaySeverity; timing: RelaySeverity; withinSeconds: number; headEnd: string },
  ctx: { label: string },
): Finding[] {
  const f = (severity: Severity, message: string, node?: XNode, assumptions?: Record<string, string>, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('EDC-RELAY-FORWARD', severity, message, ctx, node, assumptions, ea);
  if (!got) return [f('error', `nothing reached the head-end's address (${opts.headEnd}) within ${opts.withinSeconds} s of the request: the MDM passes the control on to its head-end (P6)`, undefined, undefined, { expected: `create(EndDeviceControls) at ${opts.headEnd} within ${opts.withinSeconds} s`, actual: 'nothing' })];
  if (got.verb !== 'create' || got.noun !== 'EndDeviceControls' || !got.controls) {
    return [f('error', `the MDM sent its head-end ${got.verb ?? '?'}(${got.noun ?? '?'})${got.controls ? '' : ' without an EndDeviceControls payload'} instead of create(EndDeviceControls) with the control of the requester`, undefined, undefined, { expected: 'create(EndDeviceControls) with an EndDeviceControls payload', actual: sentAs(got) })];
  }
  const out: Finding[] = [];
  const sentMeters = new Set(sent.flatMap((s) => s.meters));
  for (const s of sent) {
    const sameType = got.controls.filter((c) => c.controlType.trim() === s.controlType.trim());
    const c = sameType.find((x) => s.meters.every((m) => x.meters.includes(m)));
    // the control passed on for some of the devices only: a device (group member) dropped
    const part = c ? undefined : sameType.find((x) => s.meters.some((m) => x.meters.includes(m)));
    if (part) {
      const dropped = s.meters.filter((m) => !sameType.some((x) => x.meters.includes(m)));
      if (dropped.length) {
        out.push(f('error', `the control ${s.controlType} is passed on without ${dropped.join(', ')}, which the requester named (it names ${part.meters.join(', ')}): the head-end never controls ${dropped.length > 1 ? 'those devices' : 'that device'}`, part.node, undefined, { expected: `control ${s.controlType} for ${s.meters.join(', ')}`, actual: `for ${[...new Set(sameType.flatMap((x) => x.meters))].join(', ')}` }));
        continue;
      }
    }
    if (!c) {
      const types = got.controls.map((x) => `${x.controlType || '(none)'} for ${x.meters.join(', ') || '(no meter)'}`).join('; ');
      out.push(f('error', `no control ${s.controlType} for meter ${s.meters.join(', ')} was passed on (the head-end got: ${types || 'no control'})`, undefined, undefined, { expected: `control ${s.controlType} for ${s.meters.join(', ')}`, actual: types || 'no control' }));
      continue;
    }
    const others = c.meters.filter((m) => !sentMeters.has(m));
    if (others.length) out.push(f('error', `the control ${s.controlType} passed on also names ${others.join(', ')}, which the requester did not name`, c.node, undefined, { expected: `the meters the requester named: ${[...sentMeters].join(', ')}`, actual: `also ${others.join(', ')}` }));
    if (c.actionCount !== (s.actionKind ? 1 : 0) || c.actionKind !== s.actionKind) {
      const had = c.actionCount === 0 ? 'no PAN action element' : c.actionCount > 1 ? `${c.actionCount} PAN action elements` : `a ${c.actionKind}`;
      out.push(f('error', `the control ${s.controlType} is passed on with ${had}; the requester sent ${s.actionKind ? `exactly one ${s.actionKind}` : 'none'}`, c.node, undefined, { expected: s.actionKind ? `exactly one ${s.actionKind}` : 'no PAN action element', actual: had }));
    }
    if (s.drProgramLevel !== undefined && !sameNumber(s.drProgramLevel, c.drProgramLevel)) out.push(f('error', `the control ${s.controlType} is passed on with drProgramLevel ${c.drProgramLevel ?? '(none)'}, not the ${s.drProgramLevel} the requester ordered`, c.node, undefined, { expected: `drProgramLevel ${s.drProgramLevel}`, actual: `drProgramLevel ${c.drProgramLevel ?? '(none)'}` }));
    if (s.drProgramMandatory !== undefined && s.drProgramMandatory !== c.drProgramMandatory) out.push(f('error', `the control ${s.controlType} is passed on with drProgramMandatory ${c.drProgramMandatory ?? '(none)'}, not the ${s.drProgramMandatory} the requester ordered`, c.node, undefined, { expected: `drProgramMandatory ${s.drProgramMandatory}`, actual: `drProgramMandatory ${c.drProgramMandatory ?? '(none)'}` }));
    if (s.priceSignal !== undefined && !sameNumber(s.priceSignal, c.priceSignal)) out.push(f('error', `the control ${s.controlType} is passed on with priceSignal ${c.priceSignal ?? '(none)'}, not the ${s.priceSignal} sent`, c.node, undefined, { expected: `priceSignal ${s.priceSignal}`, actual: `priceSignal ${c.priceSignal ?? '(none)'}` }));
    if (s.prices) {
      const p = c.prices ?? [];
      if (p.length !== s.prices.length || s.prices.some((x, i) => !sameNumber(x, p[i]))) {
        out.push(f('error', `the control ${s.controlType} is passed on with the PanPricingDetails prices ${p.map((x) => x ?? '(none)').join(', ') || '(none)'}, not the ${s.prices.join(', ')} sent`, c.node, undefined, { expected: `prices ${s.prices.join(', ')}`, actual: `prices ${p.map((x) => x ?? '(none)').join(', ') || '(none)'}` }));
      }
    }
    if (opts.tracking !== 'off' && s.issuerTrackingID && c.issuerTrackingID !== s.issuerTrackingID) {
      out.push(f(opts.tracking, `the control ${s.controlType} is passed on with issuerTrackingID ${c.issuerTrackingID ?? '(none)'}, not the requester's ${s.issuerTrackingID} (CIM9-230 = ${opts.tracking})`, c.node, { 'CIM9-230': opts.tracking }, { expected: `issuerTrackingID ${s.issuerTrackingID}`, actual: `issuerTrackingID ${c.issuerTrackingID ?? '(none)'}` }));
    }
    if (opts.timing !== 'off' && (s.interval || s.randomisation)) {
      const diffs: string[] = [];
      const wanted: string[] = [];
      const had: string[] = [];
      const differs = (what: string, sentValue: string | undefined, gotValue: string | undefined): void => {
        diffs.push(`${what} ${gotValue ?? '(none)'} instead of ${sentValue ?? '(none)'}`);
        wanted.push(`${what} ${sentValue ?? '(none)'}`);
        had.push(`${what} ${gotValue ?? '(none)'}`);
      };
      if (!sameInstant(s.interval?.start, c.interval?.start)) differs('interval start', s.interval?.start, c.interval?.start);
      if (!sameInstant(s.interval?.end, c.interval?.end)) differs('interval end', s.interval?.end, c.interval?.end);
      if ((s.randomisation ?? '') !== (c.randomisation ?? '')) differs('randomisation', s.randomisation, c.randomisation);
      if (diffs.length) out.push(f(opts.timing, `the control ${s.controlType} is passed on with another primaryDeviceTiming: ${diffs.join('; ')} (CIM9-231 = ${opts.timing})`, c.node, { 'CIM9-231': opts.timing }, { expected: wanted.join('; '), actual: had.join('; ') }));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the read after the switch (ECITP 2.09 errors)

/** what the head-end the suite plays did with the final / initial read after the switch (EPRI ECITP 2.09 error conditions) */
export type ReadCondition = 'missing' | 'incomplete';

/** the result the MDM told its CIS about the control, as read from the message (a Reply) */
export interface ToldResult {
  result?: string;
  codes: string[];
  /** the message that carried it: a ResponseMessage (reply) or an event carrying a Reply (envelope.md §4.2 variant) */
  kind?: string;
}

/**
 * EDC-READ-RESULT (use-cases.md §4.6 Assert, §13 ECITP 2.09): after a connect / disconnect passed on, a final / initial
 * register read that never comes (`missing`) or comes without its value (`incomplete`) is an error the MDM tells its
 * CIS: a Result that is not OK, with Annex B 5.7 ("some or all of the requested data is unavailable"). Which of FAILED
 * and PARTIAL belongs to which condition (missing → FAILED, incomplete → PARTIAL) is CIM9-261; the code is asserted as
 * COD-06 asserts expected codes (`codesAsserted`: always, or when the SUT claims Annex B).
 */
export function checkReadErrorResult(
  got: ToldResult | undefined,
  expect: { condition: ReadCondition; mapping: RelaySeverity; codesAsserted: boolean; withinSeconds: number; command: string; meter: string },
  ctx: { label: string },
): Finding[] {
  const f = (severity: Severity, message: string, assumptions?: Record<string, string>, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('EDC-READ-RESULT', severity, message, ctx, undefined, assumptions, ea);
  const what = expect.condition === 'missing' ? `no ${expect.command === 'disconnect' ? 'final' : 'initial'} register read of meter ${expect.meter} came after the ${expect.command}` : `the ${expect.command === 'disconnect' ? 'final' : 'initial'} register read of meter ${expect.meter} came without its value`;
  if (!got) return [f('error', `${what}, and the MDM told its CIS no result (a Reply) about the control within ${expect.withinSeconds} s: it reports the missing data with a Result that is not OK and code 5.7 (ECITP 2.09)`, undefined, { expected: 'a Reply with Result FAILED or PARTIAL and code 5.7', actual: 'no result' })];
  const out: Finding[] = [];
  const result = got.result ?? '';
  if (result !== 'FAILED' && result !== 'PARTIAL') {
    out.push(f('error', `${what}, and the MDM told its CIS Result ${result || '(none)'}: a missing or incomplete read is FAILED or PARTIAL (ECITP 2.09)`, undefined, { expected: 'Result FAILED or PARTIAL', actual: `Result ${result || '(none)'}` }));
    return out;
  }
  const mapped = expect.condition === 'missing' ? 'FAILED' : 'PARTIAL';
  if (expect.mapping !== 'off' && result !== mapped) {
    out.push(f(expect.mapping, `${what}, and the MDM told its CIS Result ${result}, not ${mapped} (CIM9-261 = ${expect.mapping})`, { 'CIM9-261': expect.mapping }, { expected: `Result ${mapped}`, actual: `Result ${result}` }));
  }
  if (!got.codes.includes('5.7')) {
    out.push(f(expect.codesAsserted ? 'error' : 'info', `${what}, and the MDM's Result ${result} carries ${got.codes.length ? `the code(s) ${got.codes.join(', ')}` : 'no Error'}, not 5.7 (some or all of the requested data is unavailable)`, undefined, { expected: 'code 5.7', actual: got.codes.length ? `code(s) ${got.codes.join(', ')}` : 'no Error' }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ a cancel through the MDM

/**
 * EDC-RELAY-CANCEL (use-cases.md §4.1 step 4 via the MDM, P6): the requester's cancel(EndDeviceControls) reaches the
 * head-end as cancel(EndDeviceControls) naming the control the head-end got — by the mRID the MDM gave it, or by its
 * issuerTrackingID — and, after it, nothing more of that control is sent to the head-end (`after`: the MDM's later
 * requests there, within the quiet period).
 */
export function checkPassedOnCancel(
  got: PassedOnControls | undefined,
  passedOn: Pick<ControlSummary, 'mRID' | 'issuerTrackingID' | 'controlType'>,
  after: readonly PassedOnControls[],
  opts: { withinSeconds: number; headEnd: string },
  ctx: { label: string },
): Finding[] {
  const f = (message: string, node?: XNode, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('EDC-RELAY-CANCEL', 'error', message, ctx, node, undefined, ea);
  const names = (c: ControlSummary) => (passedOn.mRID !== undefined && c.mRID?.trim() === passedOn.mRID.trim()) || (!!passedOn.issuerTrackingID && c.issuerTrackingID?.trim() === passedOn.issuerTrackingID.trim());
  const which = `the control the head-end got (mRID ${passedOn.mRID ?? '(none)'}${passedOn.issuerTrackingID ? `, issuerTrackingID ${passedOn.issuerTrackingID}` : ''})`;
  const naming = `mRID ${passedOn.mRID ?? '(none)'}${passedOn.issuerTrackingID ? ` or issuerTrackingID ${passedOn.issuerTrackingID}` : ''}`;
  if (!got) return [f(`nothing reached the head-end's address (${opts.headEnd}) within ${opts.withinSeconds} s of the cancel: the MDM passes the cancel of ${which} on to its head-end`, undefined, { expected: `cancel(EndDeviceControls) at ${opts.headEnd} within ${opts.withinSeconds} s`, actual: 'nothing' })];
  const out: Finding[] = [];
  if (got.verb !== 'cancel' || got.noun !== 'EndDeviceControls' || !got.controls) {
    out.push(f(`the MDM sent its head-end ${got.verb ?? '?'}(${got.noun ?? '?'})${got.controls ? '' : ' without an EndDeviceControls payload'} instead of cancel(EndDeviceControls) naming ${which}`, undefined, { expected: `cancel(EndDeviceControls) naming ${naming}`, actual: sentAs(got) }));
  } else if (!got.controls.some(names)) {
    const named = got.controls.map((c) => `mRID ${c.mRID ?? '(none)'} / issuerTrackingID ${c.issuerTrackingID ?? '(none)'}`).join('; ');
    out.push(f(`the cancel passed on names ${named || 'no control'}, not ${which}: the head-end cannot tell which control to stop`, got.controls[0]?.node, { expected: naming, actual: named || 'no control' }));
  }
  for (const a of after) {
    if (a.verb === 'cancel' || a.noun !== 'EndDeviceControls') continue;
    const again = (a.controls ?? []).filter((c) => names(c) || c.controlType.trim() === passedOn.controlType.trim());
    if (again.length || !a.controls) out.push(f(`after the cancel, the MDM sent its head-end ${a.verb ?? '?'}(${a.noun ?? '?'})${again.length ? ` with the canceled control ${passedOn.controlType} again` : ''}: nothing more of a canceled control follows`, again[0]?.node, { expected: 'nothing more of the canceled control', actual: `${sentAs(a)}${again.length ? ` with control ${passedOn.controlType}` : ''}` }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ a group control through the MDM (EDC-09)

/** a control passed on, with the groups it targets */
export interface GroupSummary extends ControlSummary {
  groups: string[];
}

/** how an MDM may pass a control of an EndDeviceGroup on (CIM9-264) */
export type GroupForm = 'group-or-members' | 'members' | 'group';

/**
 * EDC-RELAY-GROUP (use-cases.md §4.9 EDC-09 via the MDM, P6): a disconnect of an EndDeviceGroup the requester asked the
 * MDM for reaches the head-end as create(EndDeviceControls) with the same code for exactly the group: naming the group
 * (EndDeviceGroups, the head-end told its members by a create(EndDeviceGroups) passed on before) or naming its members
 * as EndDevices, as CIM9-264 allows, never a meter outside the group. A load control of the group keeps its
 * drProgramLevel / drProgramMandatory (EDC-RELAY-FORWARD).
 */
export function checkPassedOnGroupControl(
  got: (Omit<PassedOnControls, 'controls'> & { controls?: GroupSummary[] }) | undefined,
  exp: { controlType: string; group: string; members: readonly string[]; others: readonly string[]; groupsToldMembers?: readonly string[]; drProgramLevel?: number; drProgramMandatory?: boolean },
  opts: { form: GroupForm; withinSeconds: number; headEnd: string },
  ctx: { label: string },
): Finding[] {
  const f = (severity: Severity, message: string, node?: XNode, ea?: Pick<Finding, 'expected' | 'actual'>) => placedRuleFinding('EDC-RELAY-GROUP', severity, message, ctx, node, { 'CIM9-264': opts.form }, ea);
  if (!got) return [f('error', `nothing reached the head-end's address (${opts.headEnd}) within ${opts.withinSeconds} s of the request: the MDM passes the control of group ${exp.group} on to its head-end (P6)`, undefined, { expected: `create(EndDeviceControls) at ${opts.headEnd} within ${opts.withinSeconds} s`, actual: 'nothing' })];
  if (got.verb !== 'create' || got.noun !== 'EndDeviceControls' || !got.controls) {
    return [f('error', `the MDM sent its head-end ${got.verb ?? '?'}(${got.noun ?? '?'}) instead of create(EndDeviceControls) with the control of group ${exp.group}`, undefined, { expected: 'create(EndDeviceControls) with an EndDeviceControls payload', actual: sentAs(got) })];
  }
  const mine = got.controls.filter((c) => c.controlType.trim() === exp.controlType.trim());
  if (!mine.length) return [f('error', `no control ${exp.controlType} was passed on (the head-end got ${got.controls.map((c) => c.controlType || '(none)').join(', ') || 'no control'})`, undefined, { expected: `control ${exp.controlType}`, actual: got.controls.map((c) => c.controlType || '(none)').join(', ') || 'no control' })];
  const out: Finding[] = [];
  // a load control of the group: the program the DRMS ordered, as EDC-RELAY-FORWARD wants it of any control passed on
  const program = (what: 'drProgramLevel' | 'drProgramMandatory', want: number | boolean | undefined) => {
    const off = want === undefined ? undefined : mine.find((c) => c[what] !== want);
    if (off) out.push(placedRuleFinding('EDC-RELAY-FORWARD', 'error', `the control ${exp.controlType} of group ${exp.group} is passed on with ${what} ${off[what] ?? '(none)'}, not the ${want} the requester ordered`, ctx, off.node, undefined, { expected: `${what} ${want}`, actual: `${what} ${off[what] ?? '(none)'}` }));
  };
  program('drProgramLevel', exp.drProgramLevel);
  program('drProgramMandatory', exp.drProgramMandatory);
  const byGroup = mine.some((c) => c.groups.includes(exp.group));
  const named = new Set(mine.flatMap((c) => c.meters));
  const outside = [...named].filter((m) => !exp.members.includes(m));
  if (outside.length) out.push(f('error', `the control ${exp.controlType} passed on names ${outside.join(', ')}, which ${outside.length > 1 ? 'are' : 'is'} not in group ${exp.group} (${exp.members.join(', ')})`, mine[0]?.node, { expected: `members of group ${exp.group} only: ${exp.members.join(', ')}`, actual: `also ${outside.join(', ')}` }));
  const otherGroups = mine.flatMap((c) => c.groups).filter((g) => g !== exp.group);
  if (otherGroups.length) out.push(f('error', `the control ${exp.controlType} passed on targets group ${otherGroups.join(', ')}, not ${exp.group}`, mine[0]?.node, { expected: `group ${exp.group}`, actual: `group ${otherGroups.join(', ')}` }));
  if (byGroup) {
    if (opts.form === 'members') out.push(f('error', `the control ${exp.controlType} is passed on naming group ${exp.group}, where CIM9-264 = members wants its members named as EndDevices`, mine[0]?.node, { expected: `the members ${exp.members.join(', ')} as EndDevices`, actual: `group ${exp.group}` }));
    else if (exp.groupsToldMembers && exp.members.some((m) => !exp.groupsToldMembers!.includes(m))) out.push(f('warning', `the control ${exp.controlType} is passed on naming group ${exp.group}, and the group the MDM told the head-end lacks ${exp.members.filter((m) => !exp.groupsToldMembers!.includes(m)).join(', ')}`, mine[0]?.node, { expected: `group ${exp.group} told with members ${exp.members.join(', ')}`, actual: `members ${exp.groupsToldMembers.join(', ') || '(none)'}` }));
  } else {
    if (opts.form === 'group') out.push(f('error', `the control ${exp.controlType} is passed on without naming group ${exp.group} (CIM9-264 = group)`, mine[0]?.node, { expected: `group ${exp.group}`, actual: `EndDevices ${[...named].join(', ') || '(none)'}` }));
    const missing = exp.members.filter((m) => !named.has(m));
    if (missing.length) out.push(f('error', `the control ${exp.controlType} passed on names neither group ${exp.group} nor its member${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, mine[0]?.node, { expected: `group ${exp.group} or its members ${exp.members.join(', ')}`, actual: `EndDevices ${[...named].join(', ') || '(none)'}` }));
  }
  return out;
}
