/**
 * EndDeviceControls payloads (61968-9 Annex F, payloads.md §5): every EndDeviceControl names its
 * EndDeviceControlType, and the type is a decodable Annex F code (COD-CONTROL-TYPE, COD-08, COD-16) that is a
 * command and not an event code (COD-EVENT-CONTROL-ROLE). The ref is either the four-part code itself or the
 * mRID / name of an EndDeviceControlType declared at the payload root; a declaration whose mRID is a code has
 * that code checked. Pure: a payload root in, findings out. Called by checkPayload (src/checks/message.ts) for
 * every EndDeviceControls payload a scenario receives or `cim9 validate` reads.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding, rule } from './catalogue.ts';
import { instantMs } from './time.ts';
import type { CheckContext } from './envelope.ts';
import { codeOpts, placed } from './domain.ts';
import { checkControlType } from '../codes/index.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { readMeterReadings } from '../payloads/meterReadings.ts';
import { expectedResultEvents } from '../codes/index.ts';
import { assumed } from './assume.ts';

const CODE_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;

/** COD-CONTROL-TYPE and COD-EVENT-CONTROL-ROLE for each control of an EndDeviceControls payload (each distinct code once) */
export function checkEndDeviceControlsPayload(root: XNode, ctx: CheckContext): Finding[] {
  const ns = root.ns;
  // EndDeviceControlType declarations at the root, by mRID and by name
  const declared = new Map<string, XNode>();
  for (const d of children(root, ns, 'EndDeviceControlType')) {
    const keys = [childText(d, ns, 'mRID'), ...children(d, ns, 'Names').map((n) => childText(n, ns, 'name'))];
    for (const k of keys) if (k) declared.set(k, d);
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const c of readEndDeviceControls(root)) {
    const typeNode = child(c.node, ns, 'EndDeviceControlType');
    const ref = c.controlType.trim();
    if (!typeNode || ref === '') {
      const r = rule('COD-CONTROL-TYPE');
      out.push({ rule: r.id, clause: r.clause, severity: 'error', message: `${ctx.label}: EndDeviceControl${c.mRID ? ` ${c.mRID}` : ''} names no EndDeviceControlType (the command it carries cannot be decoded)`, file: ctx.label, line: (typeNode ?? c.node).line, xpath: (typeNode ?? c.node).path, expected: 'an EndDeviceControlType (an Annex F code, or a reference to one)', actual: typeNode ? 'an empty EndDeviceControlType' : 'no EndDeviceControlType' });
      continue;
    }
    const decl = CODE_SHAPE.test(ref) ? undefined : declared.get(ref);
    if (decl) {
      // a declared type: its mRID, when it is a code, is the code of the command
      const code = childText(decl, ns, 'mRID')?.trim();
      if (code && CODE_SHAPE.test(code) && !seen.has(code)) {
        seen.add(code);
        out.push(...placed(checkControlType(code, codeOpts(ctx)), decl, ctx));
      }
      continue;
    }
    if (seen.has(ref)) continue;
    seen.add(ref);
    out.push(...placed(checkControlType(ref, codeOpts(ctx)), typeNode, ctx));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------
// the outcome of a connect / disconnect (EDC-06 steps 4-5, EDC-07): pure checks of what the head-end tells the MDM

/** a connect / disconnect the suite asked for, and what its outcome must show */
export interface SwitchExpectation {
  command: 'connect' | 'disconnect';
  /** the EndDeviceControlType code sent (3.31.0.18 / 3.31.0.23) */
  controlType: string;
  /** the meter the control named */
  meter: string;
  /** when the suite sent the request */
  requestedAt: Date;
}

/** the vendor form of the switch events (codes.md event table ◐: NA.RCDSwitch.ControlPoint.Disconnected / Connected), CIM9-93 */
export const VENDOR_SWITCH_EVENTS: Readonly<Record<SwitchExpectation['command'], string>> = { disconnect: '0.31.26.68', connect: '0.31.26.42' };

const OTHER: Readonly<Record<SwitchExpectation['command'], SwitchExpectation['command']>> = { connect: 'disconnect', disconnect: 'connect' };
const CONTROL_OF: Readonly<Record<SwitchExpectation['command'], string>> = { disconnect: '3.31.0.23', connect: '3.31.0.18' };

/** the result events of a command: success (Annex E pair, and the vendor form), failure (codes.md §6.4) */
export function switchResultEvents(command: SwitchExpectation['command'], controlType: string = CONTROL_OF[command]): { success: string[]; vendor: string; failure: string[] } {
  const pair = expectedResultEvents(controlType) ?? expectedResultEvents(CONTROL_OF[command]) ?? { success: [], failure: [] };
  // the concrete device type and type 0 alike (COD-16)
  const both = (codes: readonly string[]) => [...new Set(codes.flatMap((c) => [c, `0${c.slice(c.indexOf('.'))}`, `3${c.slice(c.indexOf('.'))}`]))];
  return { success: both(pair.success), vendor: VENDOR_SWITCH_EVENTS[command], failure: both(pair.failure) };
}

const finding = placedRuleFinding;
const ms = instantMs;

/** the switch event found in an EndDeviceEvents payload, for the read that follows */
export interface SwitchEvent {
  code: string;
  createdDateTime?: string;
  /** the event's mRID, when it has one (EDC-SWITCH-STATE finds it again in the head-end's log) */
  mRID?: string;
}

/**
 * created(EndDeviceEvents) after a control: an event of the meter whose type is the result event of the command
 * (EDC-RESULT-EVENT; the vendor form per CIM9-93; the other command's result or a failure event is an error), dated
 * not before the request beyond the clock skew (EDC-COMPLETION).
 */
export function checkSwitchEvents(root: XNode, exp: SwitchExpectation, ctx: CheckContext): { findings: Finding[]; event?: SwitchEvent } {
  const out: Finding[] = [];
  const events = readEndDeviceEvents(root).filter((e) => e.meter === exp.meter);
  if (!events.length) return { findings: [finding('EDC-COMPLETION', 'error', `no EndDeviceEvent names meter ${exp.meter}, the meter of the ${exp.command}`, ctx, root, undefined, { expected: `an EndDeviceEvent of meter ${exp.meter}`, actual: 'none' })] };
  const mine = switchResultEvents(exp.command, exp.controlType);
  const other = switchResultEvents(OTHER[exp.command]);
  const vendorMode = assumed(ctx, 'CIM9-93', 'accept');
  const cim993 = { 'CIM9-93': vendorMode };
  const isResult = (c: string) => mine.success.includes(c) || c === mine.vendor;
  const result = events.find((e) => isResult(e.eventType.trim()));
  if (!result) {
    const codes = events.map((e) => e.eventType.trim() || '(none)');
    const failed = events.find((e) => mine.failure.includes(e.eventType.trim()));
    const wrong = events.find((e) => other.success.includes(e.eventType.trim()) || e.eventType.trim() === other.vendor);
    const why = failed
      ? `the head-end reports the ${exp.command} failed (${failed.eventType.trim()}), though it accepted the control`
      : wrong
        ? `the event ${wrong.eventType.trim()} is the result of a ${OTHER[exp.command]}, not of the ${exp.command} (${exp.controlType}) asked`
        : `no event of meter ${exp.meter} is the result of the ${exp.command} (${exp.controlType}): got ${codes.join(', ')}`;
    out.push(finding('EDC-RESULT-EVENT', 'error', `${why}; expected ${mine.success.join(' or ')}${vendorMode === 'reject' ? '' : ` (or the vendor form ${mine.vendor})`}`, ctx, (failed ?? wrong ?? events[0]!).node, cim993, { expected: `${mine.success.join(' or ')}${vendorMode === 'reject' ? '' : ` or ${mine.vendor}`}`, actual: `event type ${codes.join(', ')}` }));
    return { findings: out };
  }
  const code = result.eventType.trim();
  if (code === mine.vendor && !mine.success.includes(code)) {
    const sev = vendorMode === 'reject' ? 'error' : vendorMode === 'warning' ? 'warning' : 'info';
    out.push(finding('EDC-RESULT-EVENT', sev, `the ${exp.command} is told with the vendor event ${code} (NA.RCDSwitch.ControlPoint), not the Annex E pair ${mine.success.join(' / ')}`, ctx, result.node, cim993, { expected: mine.success.join(' or '), actual: `event type ${code}` }));
  }
  const at = ms(result.createdDateTime);
  const skew = ctx.skewSeconds ?? 60;
  if (result.createdDateTime !== undefined && at !== undefined && at < exp.requestedAt.getTime() - skew * 1000) {
    out.push(finding('EDC-COMPLETION', 'error', `the ${exp.command} event of meter ${exp.meter} is dated ${result.createdDateTime}, before the request was sent (${exp.requestedAt.toISOString()}, clock skew ${skew} s)`, ctx, result.node, undefined, { expected: `not before ${new Date(exp.requestedAt.getTime() - skew * 1000).toISOString()} (sent − ${skew} s)`, actual: `createdDateTime ${result.createdDateTime}` }));
  }
  return { findings: out, event: { code, createdDateTime: result.createdDateTime, ...(result.mRID?.trim() ? { mRID: result.mRID.trim() } : {}) } };
}

/**
 * created(EndDeviceControls) after a control (the completion of EDC-06 step 4, or the asynchronous result of
 * EDC-07): a control naming the meter whose type is the command (EDC-COMPLETION).
 */
export function checkControlsResult(root: XNode, exp: SwitchExpectation, ctx: CheckContext): Finding[] {
  const controls = readEndDeviceControls(root);
  const ofMeter = controls.filter((c) => (c.endDevices ?? []).some((d) => d.mRID === exp.meter || (d.names ?? []).some((n) => n.name === exp.meter)));
  if (!ofMeter.length) return [finding('EDC-COMPLETION', 'error', `no EndDeviceControl of the result names meter ${exp.meter}, the meter of the ${exp.command}`, ctx, root, undefined, { expected: `an EndDeviceControl of meter ${exp.meter}`, actual: 'none' })];
  const tailOf = (c: string) => c.trim().slice(c.trim().indexOf('.'));
  const same = ofMeter.find((c) => tailOf(c.controlType) === tailOf(exp.controlType));
  if (!same) {
    return [finding('EDC-COMPLETION', 'error', `the result for meter ${exp.meter} names the control type ${ofMeter.map((c) => c.controlType || '(none)').join(', ')}, not the ${exp.command} (${exp.controlType}) asked`, ctx, ofMeter[0]!.node, undefined, { expected: `controlType ${exp.controlType}`, actual: `controlType ${ofMeter.map((c) => c.controlType || '(none)').join(', ')}` })];
  }
  return [];
}

/** UC-15 (seconds) as the checks use it (here and src/checks/coincident-reads.ts) */
export function coincidenceSeconds(ctx: CheckContext): number {
  const v = Number.parseFloat(assumed(ctx, 'UC-15', '1'));
  return Number.isFinite(v) && v >= 0 ? v : 1;
}

/**
 * created(MeterReadings) after the switch (EDC-06 step 5, MR-09): a Reading of the meter with reason
 * serviceDisconnect / serviceConnect, taken not before the switch event (UC-15 tolerance), or not before the
 * request when no switch event was seen (EDC-SWITCH-READ).
 */
export function checkSwitchRead(root: XNode, exp: SwitchExpectation & { event?: SwitchEvent }, ctx: CheckContext): Finding[] {
  const reason = exp.command === 'disconnect' ? 'serviceDisconnect' : 'serviceConnect';
  const which = exp.command === 'disconnect' ? 'final' : 'initial';
  const mrs = readMeterReadings(root).meterReadings.filter((m) => m.meter?.mRID === exp.meter || (m.meter?.names ?? []).includes(exp.meter));
  const cim994 = { 'CIM9-94': assumed(ctx, 'CIM9-94', 'warning') };
  if (!mrs.length) return [finding('EDC-SWITCH-READ', 'error', `no MeterReading names meter ${exp.meter}, the meter of the ${exp.command}`, ctx, root, cim994, { expected: `a MeterReading of meter ${exp.meter}`, actual: 'none' })];
  const readings = mrs.flatMap((m) => m.readings ?? []);
  const read = readings.filter((r) => r.reason === reason);
  if (!read.length) {
    const got = [...new Set(readings.map((r) => r.reason ?? '(no reason)'))];
    return [finding('EDC-SWITCH-READ', 'error', `the ${which} read of meter ${exp.meter} carries no Reading with reason ${reason}${got.length ? ` (reasons: ${got.join(', ')})` : ' (no Readings)'}`, ctx, root, cim994, { expected: `a Reading with reason ${reason}`, actual: got.length ? `reasons ${got.join(', ')}` : 'no Readings' })];
  }
  const out: Finding[] = [];
  const tolerance = coincidenceSeconds(ctx);
  const eventAt = ms(exp.event?.createdDateTime);
  const floor = eventAt !== undefined ? eventAt - tolerance * 1000 : exp.requestedAt.getTime() - (ctx.skewSeconds ?? 60) * 1000;
  const after = eventAt !== undefined ? `the switch event (${exp.event!.createdDateTime}, UC-15 ±${tolerance} s)` : `the request (${exp.requestedAt.toISOString()}, clock skew ${ctx.skewSeconds ?? 60} s)`;
  for (const r of read) {
    const t = ms(r.timeStamp);
    if (t === undefined) {
      out.push(finding('EDC-SWITCH-READ', 'error', `the ${which} read of meter ${exp.meter} (reason ${reason}) has no valid timeStamp${r.timeStamp ? ` ("${r.timeStamp}")` : ''}: it cannot be placed after the switch`, ctx, root, cim994, { expected: 'timeStamp, an xs:dateTime', actual: r.timeStamp ? `timeStamp "${r.timeStamp}"` : 'no timeStamp' }));
    } else if (t < floor) {
      out.push(finding('EDC-SWITCH-READ', 'error', `the ${which} read of meter ${exp.meter} is taken at ${r.timeStamp}, before ${after}`, ctx, root, { ...cim994, ...(eventAt !== undefined ? { 'UC-15': String(tolerance) } : {}) }, { expected: `a timeStamp not before ${new Date(floor).toISOString()}`, actual: `timeStamp ${r.timeStamp}` }));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ ECITP 2.09, head-end

/** how a head-end may answer a read of a meter that cannot give one (CIM9-243: is PARTIAL a failure, a warning or fine) */
export type UnavailableMapping = 'error' | 'warning' | 'off';

export interface UnavailableReadExpectation extends SwitchExpectation {
  /** the switch event the head-end told (its time is the floor of a reading "after the switch"); else the request */
  event?: SwitchEvent;
  mapping: UnavailableMapping;
  /** the codes of data unavailable (expectedCodes.dataUnavailable: 5.7, 5.5, 5.6) */
  codes: readonly string[];
  /** COD-06: the code is asserted (always, or the SUT claims Annex B); else its absence is information */
  codesAsserted: boolean;
}

/** the readings of `meter` in a MeterReadings payload taken at or after `floor` (or without a valid timeStamp) */
function readingsAfter(root: XNode, meter: string, floor: number): { timeStamp?: string; value?: string }[] {
  const mrs = readMeterReadings(root).meterReadings.filter((m) => m.meter?.mRID === meter || (m.meter?.names ?? []).includes(meter));
  const all = mrs.flatMap((m) => [...(m.readings ?? []), ...(m.intervalBlocks ?? []).flatMap((b) => b.readings ?? [])]);
  return all.filter((r) => {
    const t = ms(r.timeStamp);
    return t === undefined || t >= floor;
  });
}

/**
 * EDC-HES-READ-RESULT (use-cases.md §4.6 Assert, §13 ECITP 2.09, with the head-end as SUT): asked after a connect /
 * disconnect for the register read of a meter that cannot give one, the head-end answers a Result that is not OK —
 * FAILED; PARTIAL per CIM9-243 — with a code of data unavailable (asserted as COD-06 says), and carries no reading of
 * the meter taken after the switch, neither in that answer nor in what it published to the MDM (`published`: the
 * MeterReadings payloads it sent the MDM after the request). Pure.
 */
export function checkUnavailableReadAnswer(
  got: { result?: string; codes: readonly string[]; root?: XNode },
  published: readonly { label: string; root: XNode }[],
  exp: UnavailableReadExpectation,
  ctx: CheckContext,
): Finding[] {
  const which = exp.command === 'disconnect' ? 'final' : 'initial';
  const what = `meter ${exp.meter} cannot give its register read (its ${which} read after the ${exp.command})`;
  const f = (severity: Finding['severity'], message: string, node: XNode | undefined, assumptions: Record<string, string> | undefined, expected: string, actual: string) =>
    finding('EDC-HES-READ-RESULT', severity, message, ctx, node, assumptions, { expected, actual });
  const refused = `Result FAILED${exp.mapping === 'off' ? ' or PARTIAL' : ''} with code ${exp.codes.join(' or ')}`;
  const out: Finding[] = [];
  const eventAt = ms(exp.event?.createdDateTime);
  // a reading "after the switch": not before the switch event (UC-15 tolerance), else not before the request (clock skew)
  const floor = eventAt !== undefined ? eventAt - coincidenceSeconds(ctx) * 1000 : exp.requestedAt.getTime() - (ctx.skewSeconds ?? 60) * 1000;
  const result = got.result ?? '';
  if (result === 'OK') out.push(f('error', `${what}, and the head-end answered the read with Result OK: data it could not read is FAILED (or PARTIAL) with code ${exp.codes[0] ?? '5.7'} (ECITP 2.09)`, undefined, undefined, refused, 'Result OK'));
  else if (result !== 'FAILED' && result !== 'PARTIAL') out.push(f('error', `${what}, and the head-end answered the read with Result ${result || '(none)'}: FAILED (or PARTIAL) with code ${exp.codes[0] ?? '5.7'}`, undefined, undefined, refused, `Result ${result || '(none)'}`));
  else {
    if (result === 'PARTIAL' && exp.mapping !== 'off') out.push(f(exp.mapping, `${what}, and the head-end answered the read PARTIAL, not FAILED (CIM9-243 = ${exp.mapping})`, undefined, { 'CIM9-243': exp.mapping }, 'Result FAILED', 'Result PARTIAL'));
    if (!got.codes.some((c) => exp.codes.includes(c.trim()))) {
      out.push(f(exp.codesAsserted ? 'error' : 'info', `${what}, and the head-end's Result ${result} carries ${got.codes.length ? `the code(s) ${got.codes.join(', ')}` : 'no Error'}, none of the codes of data unavailable (${exp.codes.join(', ')}, expectedCodes.dataUnavailable)`, undefined, undefined, `code ${exp.codes.join(' or ')}`, got.codes.length ? `code(s) ${got.codes.join(', ')}` : 'no Error'));
    }
  }
  if (got.root?.name === 'MeterReadings') {
    const after = readingsAfter(got.root, exp.meter, floor);
    if (after.length) out.push(f('error', `${what}, yet the head-end's answer carries ${after.length} reading(s) of it taken after the switch (e.g. ${after[0]!.value ?? '(no value)'} at ${after[0]!.timeStamp ?? '(no timeStamp)'})`, got.root, undefined, `no reading of meter ${exp.meter} after ${new Date(floor).toISOString()}`, `${after.length} reading(s), e.g. ${after[0]!.value ?? '(no value)'} at ${after[0]!.timeStamp ?? '(no timeStamp)'}`));
  }
  for (const p of published) {
    const after = readingsAfter(p.root, exp.meter, floor);
    if (after.length) out.push(f('error', `${what}, yet ${p.label} tells the MDM ${after.length} reading(s) of it taken after the switch (e.g. ${after[0]!.value ?? '(no value)'} at ${after[0]!.timeStamp ?? '(no timeStamp)'})`, p.root, undefined, `no reading of meter ${exp.meter} after ${new Date(floor).toISOString()}`, `${after.length} reading(s), e.g. ${after[0]!.value ?? '(no value)'} at ${after[0]!.timeStamp ?? '(no timeStamp)'}`));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the switch state, later

/**
 * EDC-SWITCH-STATE (issue 13: the head-end keeps a switch state per meter that a later query reflects): the head-end's
 * answer to a get(EndDeviceEvents) of the meter over a window from the control on. Its switch events of the meter
 * (the result or failure events of a connect or a disconnect, Annex E pair or vendor form) dated not before the request
 * (clock skew): the latest must be the result of the command carried out — a later state of the other command, or a
 * failure, contradicts the switch the head-end told; none at all is judged by CIM9-244 (`missing`: warning by default).
 * The switch event the head-end told for the command (`told`), when the answer holds an event of that mRID, is the one
 * judged: it must still be the command's result. `root` undefined: the answer carried no events. Pure.
 */
export function checkSwitchState(root: XNode | undefined, exp: SwitchExpectation & { told?: SwitchEvent }, missing: 'error' | 'warning' | 'off', ctx: CheckContext): Finding[] {
  const state = exp.command === 'disconnect' ? 'disconnected' : 'connected';
  const mine = switchResultEvents(exp.command, exp.controlType);
  const other = switchResultEvents(OTHER[exp.command]);
  const skew = ctx.skewSeconds ?? 60;
  const floor = exp.requestedAt.getTime() - skew * 1000;
  const kindOf = (c: string): 'mine' | 'other' | 'failed' | undefined =>
    mine.success.includes(c) || c === mine.vendor ? 'mine' : other.success.includes(c) || c === other.vendor ? 'other' : mine.failure.includes(c) || other.failure.includes(c) ? 'failed' : undefined;
  const switches = (root?.name === 'EndDeviceEvents' ? readEndDeviceEvents(root) : [])
    .filter((e) => e.meter === exp.meter && kindOf(e.eventType.trim()) !== undefined)
    .map((e, i) => ({ e, i, at: ms(e.createdDateTime) }))
    .filter((x) => x.at === undefined || x.at >= floor);
  if (!switches.length) {
    if (missing === 'off') return [];
    return [finding('EDC-SWITCH-STATE', missing, `the head-end's events of meter ${exp.meter} since the ${exp.command} (request ${exp.requestedAt.toISOString()}, clock skew ${skew} s) hold no switch event: they do not show the meter ${state} (CIM9-244 = ${missing})`, ctx, root, { 'CIM9-244': missing }, { expected: `a switch event showing meter ${exp.meter} ${state}`, actual: 'no switch event' })];
  }
  // the event told for this switch, found again by its mRID
  const same = exp.told?.mRID ? switches.find((x) => x.e.mRID?.trim() === exp.told!.mRID) : undefined;
  // the latest by its time (timestamps may be whole seconds: of several at the latest time, or without a valid time,
  // one that is the command's result is enough; the previous switch of an earlier scenario may share the second)
  const last = Math.max(...switches.map((x) => x.at ?? -Infinity));
  const candidates = same ? [same] : switches.filter((x) => x.at === undefined || x.at === last);
  if (candidates.some((x) => kindOf(x.e.eventType.trim()) === 'mine')) return [];
  const latest = candidates.at(-1)!;
  const code = latest.e.eventType.trim();
  const kind = kindOf(code);
  const why = kind === 'other' ? `is the result of a ${OTHER[exp.command]}` : 'is a switch failure';
  const which = same ? `the switch event ${same.e.mRID?.trim()} the head-end told the MDM for the ${exp.command} is, in its events of meter ${exp.meter},` : `the latest switch event of meter ${exp.meter} in the head-end's events since the ${exp.command} is`;
  return [finding('EDC-SWITCH-STATE', 'error', `${which} (${code}${latest.e.createdDateTime ? ` at ${latest.e.createdDateTime}` : ''}) ${why}: they do not show the meter ${state}, as the ${exp.command} it told the MDM left it (expected ${mine.success.join(' or ')} or ${mine.vendor})`, ctx, latest.e.node, undefined, { expected: `${mine.success.join(' or ')} or ${mine.vendor}`, actual: `event type ${code}${latest.e.createdDateTime ? ` at ${latest.e.createdDateTime}` : ''}` })];
}

// ------------------------------------------------------------------------------------------------ EDC-07.2, a switch that fails

/** CIM9-301: the failure event codes accepted for a command (`plausible`, `annex-e`, or a list of codes for either command) */
export function switchFailureEvents(command: SwitchExpectation['command'], mode: string | readonly string[]): string[] {
  if (Array.isArray(mode)) return mode.map((c) => String(c).trim()).filter(Boolean);
  const annexE = switchResultEvents(command).failure;
  if (mode === 'annex-e') return annexE;
  const tail = command === 'disconnect' ? '84' : '67';
  return [...annexE, `0.31.26.${tail}`];
}

/** what the head-end sent to the ReplyAddress after a control whose switch failed, as the check reads it */
export interface FailureResultSeen {
  /** EventMessage (created / canceled …) or ResponseMessage (reply) */
  kind?: string;
  verb?: string;
  /** the Reply/Result of a reply */
  result?: string;
  root?: XNode;
}

/**
 * EDC-FAILURE-RESULT (use-cases.md §4.7: canceled(EndDeviceControls) on failure; envelope.md §7.2): the asynchronous
 * result of a control whose switch failed is a failure — canceled(EndDeviceControls) or a reply with Result FAILED, as
 * CIM9-300 allows — never created(EndDeviceControls) nor a Result OK; its EndDeviceControls (when it carries them; a
 * FAILED reply may carry none) name the meter of the control and no other, with the command asked. `who` sent it (the
 * head-end; the MDM telling its CIS, EDC-RELAY-FAILURE). Pure.
 */
export function checkFailureResult(got: FailureResultSeen, exp: SwitchExpectation, mode: string, ctx: CheckContext, who = 'the head-end'): Finding[] {
  const f = (message: string, node: XNode | undefined, expected: string, actual: string) => finding('EDC-FAILURE-RESULT', 'error', message, ctx, node, { 'CIM9-300': mode }, { expected, actual });
  const failure = mode === 'canceled' ? 'canceled(EndDeviceControls)' : mode === 'failed-reply' ? 'a FAILED reply' : 'canceled(EndDeviceControls) or a FAILED reply';
  const what = `the switch of meter ${exp.meter} failed (the ${exp.command} could not be carried out)`;
  const verb = (got.verb ?? '').trim();
  const isCanceled = got.kind === 'event' && verb === 'canceled';
  const isFailedReply = got.kind === 'response' && got.result === 'FAILED';
  const out: Finding[] = [];
  if (got.kind === 'event' && verb === 'created') out.push(f(`${what}, yet ${who}'s result is created(EndDeviceControls), the result of a switch carried out`, undefined, failure, 'created(EndDeviceControls)'));
  else if (got.kind === 'response' && got.result !== 'FAILED') out.push(f(`${what}, yet ${who}'s result is a reply with Result ${got.result ?? '(none)'}, not FAILED`, undefined, failure, `a reply with Result ${got.result ?? '(none)'}`));
  else if (!isCanceled && !isFailedReply) out.push(f(`${what}, and ${who}'s result is ${verb || '(no verb)'}(EndDeviceControls), neither canceled(EndDeviceControls) nor a FAILED reply`, undefined, failure, `${verb || '(no verb)'}(EndDeviceControls)`));
  else if (mode === 'canceled' && !isCanceled) out.push(f(`${what}: ${who}'s result is a FAILED reply, not canceled(EndDeviceControls) (CIM9-300 = canceled)`, undefined, failure, 'a FAILED reply'));
  else if (mode === 'failed-reply' && !isFailedReply) out.push(f(`${what}: ${who}'s result is canceled(EndDeviceControls), not a FAILED reply (CIM9-300 = failed-reply)`, undefined, failure, 'canceled(EndDeviceControls)'));
  const root = got.root;
  if (root?.name === 'EndDeviceControls') {
    const controls = readEndDeviceControls(root);
    const named = (c: (typeof controls)[number]) => (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)]).filter(Boolean);
    const ofMeter = controls.filter((c) => named(c).includes(exp.meter));
    const others = [...new Set(controls.flatMap(named).filter((m) => m !== exp.meter))];
    if (!ofMeter.length) out.push(f(`${who}'s failure result names ${others.length ? `meter ${others.join(', ')}` : 'no meter'}, not meter ${exp.meter} whose ${exp.command} failed`, root, `meter ${exp.meter}`, others.length ? `meter ${others.join(', ')}` : 'no meter'));
    else if (others.length) out.push(f(`${who}'s failure result names meter ${others.join(', ')} besides meter ${exp.meter}, whose ${exp.command} alone failed`, root, `meter ${exp.meter} only`, `meters ${[exp.meter, ...others].join(', ')}`));
    const tailOf = (c: string) => c.trim().slice(c.trim().indexOf('.'));
    if (ofMeter.length && !ofMeter.some((c) => tailOf(c.controlType) === tailOf(exp.controlType))) {
      out.push(f(`${who}'s failure result for meter ${exp.meter} names the control type ${ofMeter.map((c) => c.controlType || '(none)').join(', ')}, not the ${exp.command} (${exp.controlType}) asked`, ofMeter[0]!.node, `controlType ${exp.controlType}`, `controlType ${ofMeter.map((c) => c.controlType || '(none)').join(', ')}`));
    }
  } else if (root) {
    out.push(f(`${who}'s failure result carries a ${root.name} payload, not the EndDeviceControls of the control`, root, 'an EndDeviceControls payload', `a ${root.name} payload`));
  } else if (!isFailedReply) {
    out.push(f(`${who}'s result carries no EndDeviceControls naming the control of meter ${exp.meter}`, undefined, `EndDeviceControls naming meter ${exp.meter}`, 'no payload'));
  }
  return out;
}

/**
 * EDC-FAILURE-EVENT (codes.md §6.4; CIM9-301): the created(EndDeviceEvents) `who` (the head-end; the MDM relaying it) sends after a switch that failed
 * carries, for the meter, an event whose type is a failure event of the command (`codes`), and no result event of a
 * switch carried out (the command's success, Annex E pair or vendor form). Pure.
 */
export function checkFailureEvents(root: XNode, exp: SwitchExpectation, codes: readonly string[], ctx: CheckContext, mode: string = codes.join(', '), who = 'the head-end'): Finding[] {
  const f = (message: string, node: XNode | undefined, actual: string) => finding('EDC-FAILURE-EVENT', 'error', message, ctx, node, { 'CIM9-301': mode }, { expected: `a failure event of meter ${exp.meter}: ${codes.join(' or ')}`, actual });
  const events = readEndDeviceEvents(root).filter((e) => e.meter === exp.meter);
  if (!events.length) return [f(`no EndDeviceEvent names meter ${exp.meter}, whose ${exp.command} failed`, root, 'no event of the meter')];
  const mine = switchResultEvents(exp.command, exp.controlType);
  const success = events.find((e) => mine.success.includes(e.eventType.trim()) || e.eventType.trim() === mine.vendor);
  if (success) return [f(`the ${exp.command} of meter ${exp.meter} failed, yet ${who} tells the event ${success.eventType.trim()}, the result of a ${exp.command} carried out`, success.node, `event type ${success.eventType.trim()}`)];
  if (events.some((e) => codes.includes(e.eventType.trim()))) return [];
  return [f(`no event of meter ${exp.meter} is a failure event of the ${exp.command}: got ${events.map((e) => e.eventType.trim() || '(none)').join(', ')}, expected ${codes.join(' or ')} (CIM9-301)`, events[0]!.node, `event type ${events.map((e) => e.eventType.trim() || '(none)').join(', ')}`)];
}
