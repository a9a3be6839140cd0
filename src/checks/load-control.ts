/**
 * The results of a control told per device (EDC-01 load control, use-cases.md §4.1; EDC-09 a switch by
 * EndDeviceGroup, §4.9): pure checks of the EndDeviceEvents the head-end sends its requester after it accepted
 * create(EndDeviceControls), and of what it sends after a cancel(EndDeviceControls).
 *
 * - EDC-LC-RESULT: every device the control reached has an event whose type is the result of the command
 *   (codes.md §6.4 via expectedResultEvents; type 0 or the concrete device type, COD-16; the vendor switch events
 *   per CIM9-93 for the RCDSwitch commands);
 * - EDC-LC-TIME: each result is dated not before the command and not after the end of the control's interval
 *   (clock skew both ways);
 * - EDC-TRACKING: each result carries the control's issuerTrackingID (absence per UC-16; another id is an error);
 * - EDC-GROUP-MEMBERS: a control by EndDeviceGroup reaches every member and no other device (UC-23);
 * - EDC-CANCEL: nothing of the control after its cancel was accepted (CIM9-120);
 * - EDC-LC-CANCELED: the canceled(EndDeviceControls) result after the cancel names the canceled control (CIM9-201);
 * - EDC-LC-RANDOM: the starts of a randomised load-control event lie within its randomisation window (CIM9-202);
 * - EDC-LC-RANDOM-END: every device of a load-control event with a randomised end stops within the end window (CIM9-232).
 * Pure: events and expectations in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import { timeFactorOf } from '../profile/index.ts';
import type { CheckContext } from './envelope.ts';
import { assumed, severityOf } from './assume.ts';
import { expectedResultEvents } from '../codes/index.ts';
import type { XNode } from '../xml/index.ts';
import { switchResultEvents } from './controls.ts';

/** an event of a result message, as the use case collected it (readEndDeviceEvents plus where it came from) */
export interface ResultEvent {
  eventType: string;
  meter?: string;
  issuerTrackingID?: string;
  createdDateTime?: string;
  node?: XNode;
  /** the label of the message that carried it */
  label: string;
}

/** a control of a created(EndDeviceControls) result: its ids and the devices it names */
export interface ControlResult {
  mRID?: string;
  issuerTrackingID?: string;
  devices: string[];
}

/** a control the suite sent, and what its results must show */
export interface ControlExpectation {
  /** the EndDeviceControlType code sent */
  controlType: string;
  /** what the command is, in words (for findings): "load-control start", "disconnect" */
  what: string;
  controlMRID: string;
  issuerTrackingID: string;
  /** the devices the control must reach (the meter, or the members of the group) */
  devices: string[];
  /** devices it must not reach (the meters outside the group) */
  others?: string[];
  /** the group the control targeted, when it did */
  group?: string;
  requestedAt: Date;
  /** the end of the control's primaryDeviceTiming interval, when it has one */
  windowEnd?: Date;
  /** the start of that interval as sent (whole seconds), when the control has one */
  intervalStart?: Date;
  /** primaryDeviceTiming.duration as sent, in seconds */
  durationSeconds?: number;
  /** primaryDeviceTiming.randomisation as sent (RandomisationKind) */
  randomisation?: string;
}

const finding = placedRuleFinding;
const ms = instantMs;

/** the codes that are the result of a control (success), and its failure codes; type 0 and the concrete type alike */
export function resultCodes(controlType: string, vendorSwitch = true): { success: string[]; failure: string[] } {
  const tail = controlType.trim().slice(controlType.indexOf('.'));
  if (tail === '.31.0.23' || tail === '.31.0.18') {
    const s = switchResultEvents(tail === '.31.0.23' ? 'disconnect' : 'connect', controlType.trim());
    return { success: vendorSwitch ? [...s.success, s.vendor] : s.success, failure: s.failure };
  }
  const pair = expectedResultEvents(controlType.trim()) ?? { success: [], failure: [] };
  const both = (codes: readonly string[]) => [...new Set(codes.flatMap((c) => [c, `0${c.slice(c.indexOf('.'))}`, `3${c.slice(c.indexOf('.'))}`]))];
  return { success: both(pair.success), failure: both(pair.failure) };
}

/**
 * The results of a control (EDC-LC-RESULT, EDC-LC-TIME, EDC-TRACKING, EDC-GROUP-MEMBERS). `aggregated`: an
 * aggregated result naming the group arrived (UC-23 allows it unless per-device): the members need no event of
 * their own then.
 */
export function checkControlResults(events: readonly ResultEvent[], exp: ControlExpectation, ctx: CheckContext, opts: { aggregated?: boolean; controls?: readonly ControlResult[] } = {}): Finding[] {
  const out: Finding[] = [];
  // CIM9-124: a created(EndDeviceControls) naming the device and the control (mRID or issuerTrackingID) may stand for its event
  const cim9124 = assumed(ctx, 'CIM9-124', 'events');
  const byControl = new Set(cim9124 === 'events-or-controls' ? (opts.controls ?? []).filter((c) => c.mRID === exp.controlMRID || c.issuerTrackingID === exp.issuerTrackingID).flatMap((c) => c.devices) : []);
  const vendorMode = assumed(ctx, 'CIM9-93', 'accept');
  const codes = resultCodes(exp.controlType, vendorMode !== 'reject');
  const isResult = (e: ResultEvent) => codes.success.includes(e.eventType.trim());
  const uc23 = assumed(ctx, 'UC-23', 'either');
  // every device the control must reach
  for (const d of exp.devices) {
    const mine = events.filter((e) => e.meter === d);
    if (mine.some(isResult) || byControl.has(d)) continue;
    if (exp.group && opts.aggregated && uc23 !== 'per-device') continue;
    const failed = mine.find((e) => codes.failure.includes(e.eventType.trim()));
    const got = mine.map((e) => e.eventType.trim() || '(none)');
    const why = failed
      ? `the head-end reports the ${exp.what} of device ${d} failed (${failed.eventType.trim()}), though it accepted the control`
      : mine.length
        ? `no event of device ${d} is the result of the ${exp.what} (${exp.controlType}): got ${got.join(', ')}`
        : `no result event names device ${d}${exp.group ? `, a member of group ${exp.group}` : ''}`;
    const id = exp.group && !mine.length ? 'EDC-GROUP-MEMBERS' : 'EDC-LC-RESULT';
    out.push(finding(id, 'error', `${why}; expected ${codes.success.join(' or ')}`, ctx, (failed ?? mine[0])?.node, { ...(exp.group ? { 'UC-23': uc23 } : {}), 'CIM9-124': cim9124 }, { expected: `device ${d}: ${codes.success.join(' or ')}`, actual: mine.length ? `device ${d}: ${got.join(', ')}` : `no event of device ${d}` }));
  }
  // no device outside the group
  for (const e of events) {
    if (e.meter !== undefined && (exp.others ?? []).includes(e.meter)) {
      out.push(finding('EDC-GROUP-MEMBERS', 'error', `${e.label}: an event (${e.eventType.trim()}) names device ${e.meter}, which is not a member of group ${exp.group ?? '(none)'} the ${exp.what} targeted`, ctx, e.node, { 'UC-23': uc23 }, { expected: `events of ${exp.devices.join(', ')} only`, actual: `event of device ${e.meter}` }));
    }
  }
  // time and tracking of every result of the control
  const skew = ctx.skewSeconds ?? 60;
  const uc16 = assumed(ctx, 'UC-16', 'warning');
  const trackingSeverity = severityOf(uc16, 'warning');
  const missingTracking: string[] = [];
  for (const e of events.filter((x) => isResult(x) && x.meter !== undefined && exp.devices.includes(x.meter))) {
    const at = ms(e.createdDateTime);
    if (at === undefined) {
      out.push(finding('EDC-LC-TIME', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} has no valid createdDateTime${e.createdDateTime ? ` ("${e.createdDateTime}")` : ''}: it cannot be placed after the command`, ctx, e.node, undefined, { expected: 'createdDateTime, an xs:dateTime', actual: e.createdDateTime ? `createdDateTime "${e.createdDateTime}"` : 'no createdDateTime' }));
    } else if (at < exp.requestedAt.getTime() - skew * 1000) {
      out.push(finding('EDC-LC-TIME', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} is dated ${e.createdDateTime}, before the ${exp.what} was sent (${exp.requestedAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node, undefined, { expected: `not before ${new Date(exp.requestedAt.getTime() - skew * 1000).toISOString()} (sent − ${skew} s)`, actual: `createdDateTime ${e.createdDateTime}` }));
    } else if (exp.windowEnd && at > exp.windowEnd.getTime() + skew * 1000) {
      out.push(finding('EDC-LC-TIME', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} is dated ${e.createdDateTime}, after the control's interval ended (${exp.windowEnd.toISOString()}, clock skew ${skew} s)`, ctx, e.node, { 'CIM9-121': assumed(ctx, 'CIM9-121', '2') }, { expected: `not after ${new Date(exp.windowEnd.getTime() + skew * 1000).toISOString()} (interval end + ${skew} s)`, actual: `createdDateTime ${e.createdDateTime}` }));
    }
    const tid = e.issuerTrackingID?.trim();
    if (tid && tid !== exp.issuerTrackingID) {
      out.push(finding('EDC-TRACKING', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} carries issuerTrackingID "${tid}", not the "${exp.issuerTrackingID}" of the ${exp.what} (control ${exp.controlMRID}): it is the result of another control`, ctx, e.node, undefined, { expected: `issuerTrackingID "${exp.issuerTrackingID}"`, actual: `issuerTrackingID "${tid}"` }));
    } else if (!tid && trackingSeverity) missingTracking.push(`${e.meter}`);
  }
  if (missingTracking.length && trackingSeverity) {
    out.push(finding('EDC-TRACKING', trackingSeverity, `the result events of device(s) ${missingTracking.join(', ')} carry no issuerTrackingID; the ${exp.what} had "${exp.issuerTrackingID}" (control ${exp.controlMRID})`, ctx, undefined, { 'UC-16': uc16 }, { expected: `issuerTrackingID "${exp.issuerTrackingID}"`, actual: `none (device(s) ${missingTracking.join(', ')})` }));
  }
  return out;
}

/**
 * What reached the requester about the control's devices after its cancel was accepted (EDC-CANCEL, CIM9-120):
 * nothing, or with `stopped-once` one Stopped event per device dated not after the cancel.
 */
export function checkAfterCancel(events: readonly ResultEvent[], exp: ControlExpectation & { canceledAt: Date; by: string }, ctx: CheckContext): Finding[] {
  const mode = assumed(ctx, 'CIM9-120', 'none');
  const skew = ctx.skewSeconds ?? 60;
  const stopped = resultCodes(exp.controlType.replace(/\.54$/, '.55')).success;
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const e of events) {
    if (e.meter === undefined || !exp.devices.includes(e.meter)) continue;
    const at = ms(e.createdDateTime);
    const tolerated = mode === 'stopped-once' && stopped.includes(e.eventType.trim()) && !seen.has(e.meter) && at !== undefined && at <= exp.canceledAt.getTime() + skew * 1000;
    if (tolerated) {
      seen.add(e.meter);
      continue;
    }
    out.push(finding('EDC-CANCEL', 'error', `${e.label}: an event ${e.eventType.trim() || '(no type)'} of device ${e.meter} dated ${e.createdDateTime ?? '(no time)'} reached the requester after the ${exp.what} (control ${exp.controlMRID}, issuerTrackingID ${exp.issuerTrackingID}) was canceled by its ${exp.by} at ${exp.canceledAt.toISOString()}`, ctx, e.node, { 'CIM9-120': mode }, { expected: mode === 'stopped-once' ? `at most one Stopped event (${stopped.join(' or ')}) per device, not after ${exp.canceledAt.toISOString()}` : `no event after the cancel (${exp.canceledAt.toISOString()})`, actual: `event ${e.eventType.trim() || '(no type)'} of device ${e.meter} at ${e.createdDateTime ?? '(no time)'}` }));
  }
  return out;
}

/** a control a canceled(EndDeviceControls) result names, as the use case read it */
export interface CanceledControl {
  mRID?: string;
  issuerTrackingID?: string;
  node?: XNode;
}

/** a canceled(EndDeviceControls) (or another EndDeviceControls result) that reached the requester after the cancel */
export interface CanceledResult {
  label: string;
  controls: CanceledControl[];
  node?: XNode;
}

/**
 * The canceled(EndDeviceControls) results after a cancel(EndDeviceControls) was accepted (EDC-LC-CANCELED, CIM9-201:
 * allowed (default) / expected / not-expected). Each names the canceled control by its mRID or its issuerTrackingID,
 * and none names another control (an id that is not the control's). None at all: a warning (allowed), a failure
 * (expected), nothing (not-expected); one where none is expected is a failure. The verb and the correlation are
 * checked with the envelope rules by the caller.
 */
export function checkCanceledResults(results: readonly CanceledResult[], exp: ControlExpectation & { by: string }, ctx: CheckContext): Finding[] {
  const mode = assumed(ctx, 'CIM9-201', 'allowed');
  const a = { 'CIM9-201': mode };
  const what = `the ${exp.what} (control ${exp.controlMRID}, issuerTrackingID ${exp.issuerTrackingID})`;
  if (!results.length) {
    if (mode === 'not-expected') return [];
    return [finding('EDC-LC-CANCELED', mode === 'expected' ? 'error' : 'warning', `no canceled(EndDeviceControls) reached the requester after the cancel of ${what} by its ${exp.by} was accepted`, ctx, undefined, a, { expected: `a canceled(EndDeviceControls) naming control ${exp.controlMRID}`, actual: 'none' })];
  }
  const out: Finding[] = [];
  for (const r of results) {
    if (mode === 'not-expected') {
      out.push(finding('EDC-LC-CANCELED', 'error', `${r.label}: a canceled(EndDeviceControls) reached the requester after the cancel of ${what}, where the head-end sends none (CIM9-201 = not-expected)`, ctx, r.node, a, { expected: 'no canceled(EndDeviceControls)', actual: 'a canceled(EndDeviceControls)' }));
      continue;
    }
    if (!r.controls.length) {
      out.push(finding('EDC-LC-CANCELED', 'error', `${r.label}: the canceled(EndDeviceControls) after the cancel of ${what} names no EndDeviceControl`, ctx, r.node, a, { expected: `EndDeviceControl ${exp.controlMRID}`, actual: 'no EndDeviceControl' }));
      continue;
    }
    for (const c of r.controls) {
      const mRID = c.mRID?.trim();
      const tid = c.issuerTrackingID?.trim();
      const other = (mRID && mRID !== exp.controlMRID) || (tid && tid !== exp.issuerTrackingID);
      if (other || (!mRID && !tid)) {
        const named = [mRID && `mRID "${mRID}"`, tid && `issuerTrackingID "${tid}"`].filter(Boolean).join(', ') || 'neither an mRID nor an issuerTrackingID';
        out.push(finding('EDC-LC-CANCELED', 'error', `${r.label}: the canceled(EndDeviceControls) after the cancel of ${what} names a control with ${named}: ${other ? 'another control' : 'not the canceled one'}`, ctx, c.node ?? r.node, a, { expected: `mRID "${exp.controlMRID}" or issuerTrackingID "${exp.issuerTrackingID}"`, actual: named }));
      }
    }
  }
  return out;
}

/** CIM9-202: the randomisation window in seconds from the interval start, for an interval of `intervalSeconds` */
export function randomisationWindowSeconds(mode: string, intervalSeconds: number, durationSeconds: number | undefined): number {
  if (mode === 'interval-minus-duration') return Math.max(0, intervalSeconds - (durationSeconds ?? 0));
  const n = Number(mode);
  if (mode.trim() !== '' && Number.isFinite(n) && n >= 0) return n;
  return intervalSeconds;
}

/**
 * The starts of a load-control event with a randomised start (EDC-LC-RANDOM, CIM9-202): the Started events of the
 * control's devices are dated no further apart than the randomisation window (plus 1 s: timestamps of whole seconds;
 * clock skew does not matter, they come from one clock) and none after the window's end (plus the clock skew).
 * Events without a valid date are EDC-LC-TIME's. Fewer than one dated start leaves nothing to check (no finding:
 * the results step judged their absence).
 */
export function checkRandomisedStarts(events: readonly ResultEvent[], exp: ControlExpectation, ctx: CheckContext): Finding[] {
  const start = exp.intervalStart ?? exp.requestedAt;
  const end = exp.windowEnd;
  if (!end) return [];
  const mode = assumed(ctx, 'CIM9-202', 'interval');
  const a = { 'CIM9-202': mode };
  const windowS = randomisationWindowSeconds(mode, (end.getTime() - start.getTime()) / 1000, exp.durationSeconds);
  const codes = resultCodes(exp.controlType).success;
  const starts = events
    .filter((e) => e.meter !== undefined && exp.devices.includes(e.meter) && codes.includes(e.eventType.trim()))
    .map((e) => ({ e, at: ms(e.createdDateTime) }))
    .filter((x): x is { e: ResultEvent; at: number } => x.at !== undefined)
    .sort((x, y) => x.at - y.at);
  if (!starts.length) return [];
  const out: Finding[] = [];
  const skew = ctx.skewSeconds ?? 60;
  const windowEnd = start.getTime() + windowS * 1000;
  for (const { e, at } of starts) {
    if (at > windowEnd + skew * 1000) {
      out.push(finding('EDC-LC-RANDOM', 'error', `${e.label}: device ${e.meter} starts (${e.eventType.trim()}) at ${e.createdDateTime}, after the randomisation window of the ${exp.what} ended (${new Date(windowEnd).toISOString()}: ${windowS} s from the interval start, clock skew ${skew} s)`, ctx, e.node, a, { expected: `a start not after ${new Date(windowEnd + skew * 1000).toISOString()} (window end + ${skew} s)`, actual: `device ${e.meter} starts at ${e.createdDateTime}` }));
    }
  }
  const first = starts[0]!;
  const last = starts[starts.length - 1]!;
  const spread = (last.at - first.at) / 1000;
  // the resolution of the timestamps: 1 s; under a time factor (CIM9-203) that many seconds, timestamps to the millisecond
  const resolution = timeFactorOf(ctx.assumptions);
  if (spread > windowS + resolution) {
    const ra = resolution < 1 ? { ...a, 'CIM9-203': String(resolution) } : a;
    out.push(finding('EDC-LC-RANDOM', 'error', `${last.e.label}: the devices of the ${exp.what} (control ${exp.controlMRID}, randomisation ${exp.randomisation ?? '(none)'}) start ${spread} s apart (device ${first.e.meter} at ${first.e.createdDateTime}, device ${last.e.meter} at ${last.e.createdDateTime}), wider than the randomisation window of ${windowS} s (${resolution} s of timestamp resolution${resolution < 1 ? ', time factor CIM9-203' : ''})`, ctx, last.e.node, ra, { expected: `starts at most ${windowS + resolution} s apart`, actual: `${spread} s apart (${first.e.createdDateTime} – ${last.e.createdDateTime})` }));
  }
  return out;
}

/**
 * The ends of a load-control event with a randomised end (EDC-LC-RANDOM-END, CIM9-232; primaryDeviceTiming
 * randomisation "end", RandomisationKind, payloads.md §5.4): every device of the control tells its Stopped event
 * (the result of the stop, x.15.0.243), dated within the end window and not after the interval's end (clock skew);
 * CIM9-232 "interval" (the default): the window is the whole interval; "after-duration": from the interval start plus
 * the duration (each device runs at least its duration). A device without its Stopped event, or one dated before its
 * own start, is a finding too, and so is one dated longer after its own start than the interval lasts (both dates
 * from the SUT's clock, so the clock skew does not matter; the slack is the timestamp resolution, 1 s or the time
 * factor CIM9-203 in seconds; a start dated before the control was sent is EDC-LC-TIME's). Events without a valid date
 * are EDC-LC-TIME's.
 */
export function checkRandomisedEnds(events: readonly ResultEvent[], exp: ControlExpectation, ctx: CheckContext): Finding[] {
  const start = exp.intervalStart ?? exp.requestedAt;
  const end = exp.windowEnd;
  // the suite always sends its randomised controls with an interval (src/usecases/load-control.ts refuses to judge
  // one without, as its own error); without an end there is no window, and nothing is claimed here
  if (!end) return [];
  const mode = assumed(ctx, 'CIM9-232', 'interval');
  const a = { 'CIM9-232': mode };
  const skew = ctx.skewSeconds ?? 60;
  const from = start.getTime() + (mode === 'after-duration' ? (exp.durationSeconds ?? 0) * 1000 : 0);
  const stopped = resultCodes(exp.controlType.replace(/\.54$/, '.55')).success;
  const started = resultCodes(exp.controlType).success;
  const out: Finding[] = [];
  for (const d of exp.devices) {
    const stop = events.find((e) => e.meter === d && stopped.includes(e.eventType.trim()));
    if (!stop) {
      out.push(finding('EDC-LC-RANDOM-END', 'error', `device ${d} tells no Stopped event (${stopped.join(' or ')}) of the ${exp.what} (control ${exp.controlMRID}, randomisation ${exp.randomisation ?? '(none)'}) by the end of its interval (${end.toISOString()}) and the event time after it`, ctx, undefined, a, { expected: `a Stopped event (${stopped.join(' or ')}) of device ${d}`, actual: 'none' }));
      continue;
    }
    const at = ms(stop.createdDateTime);
    if (at === undefined) continue;
    const label = `${stop.label}: device ${d} stops (${stop.eventType.trim()}) at ${stop.createdDateTime}`;
    if (at > end.getTime() + skew * 1000) {
      out.push(finding('EDC-LC-RANDOM-END', 'error', `${label}, after the interval of the ${exp.what} ended (${end.toISOString()}, clock skew ${skew} s)`, ctx, stop.node, a, { expected: `a stop not after ${new Date(end.getTime() + skew * 1000).toISOString()} (interval end + ${skew} s)`, actual: `stop at ${stop.createdDateTime}` }));
    } else if (at < from - skew * 1000) {
      out.push(finding('EDC-LC-RANDOM-END', 'error', `${label}, before the randomised end window opens (${new Date(from).toISOString()}: CIM9-232 = ${mode}, clock skew ${skew} s)`, ctx, stop.node, a, { expected: `a stop not before ${new Date(from - skew * 1000).toISOString()} (window start − ${skew} s)`, actual: `stop at ${stop.createdDateTime}` }));
    }
    const begin = events.find((e) => e.meter === d && started.includes(e.eventType.trim()));
    const beganAt = ms(begin?.createdDateTime);
    if (beganAt !== undefined && at < beganAt) out.push(finding('EDC-LC-RANDOM-END', 'error', `${label}, before it started (${begin!.createdDateTime})`, ctx, stop.node, a, { expected: 'a stop after the start', actual: `start ${begin!.createdDateTime}, stop ${stop.createdDateTime}` }));
    else if (beganAt !== undefined && beganAt >= exp.requestedAt.getTime() - skew * 1000) {
      // one clock: the device ran longer than the whole interval
      const ran = (at - beganAt) / 1000;
      const intervalS = (end.getTime() - start.getTime()) / 1000;
      const resolution = timeFactorOf(ctx.assumptions);
      if (ran > intervalS + resolution) {
        out.push(finding('EDC-LC-RANDOM-END', 'error', `${label}, ${Math.round(ran * 1000) / 1000} s after it started (${begin!.createdDateTime}): longer than the whole interval of the ${exp.what} (${intervalS} s, ${resolution} s of timestamp resolution${resolution < 1 ? ', time factor CIM9-203' : ''}), so after the interval ended`, ctx, stop.node, resolution < 1 ? { ...a, 'CIM9-203': String(resolution) } : a, { expected: `at most ${intervalS + resolution} s from start to stop`, actual: `${Math.round(ran * 1000) / 1000} s (${begin!.createdDateTime} – ${stop.createdDateTime})` }));
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------
// PAN controls and price signals (PAN-03, use-cases.md §8.3; EDC-08, §4.8): the controls the head-end returns

/** a PAN control / price signal the suite sent, as the checks compare it */
export interface PanControlSent {
  mRID: string;
  /** the PAN action element sent (exactly one) */
  actionKind: EndDeviceActionKind;
  priceSignal?: number;
  /** the prices of the PanPricingDetails sent, in order */
  prices?: string[];
}

export type EndDeviceActionKind = 'PanDemandResponse' | 'PanDisplay' | 'PanPricing';

/** what the checks read of a returned control (src/payloads readEndDeviceControls) */
export interface PanControlReturned {
  mRID?: string;
  actionKind?: EndDeviceActionKind;
  actionCount: number;
  priceSignal?: number;
  prices?: (string | undefined)[];
  node?: XNode;
}

const sameNumber = (a: string | number | undefined, b: string | number | undefined) => a !== undefined && b !== undefined && Number(a) === Number(b);

/**
 * The controls the head-end returns for the PAN controls / price signals it accepted (EDC-PAN-ACTION): the control of
 * each mRID sent, with exactly one PAN action element, the one sent; a price signal with its priceSignal and the
 * prices of its PanPricingDetails as sent (EDC-PRICE). The order of the PanPricingDetail elements is the schema's
 * (XSD). Returned controls of other mRIDs are not judged here.
 */
export function checkPanControls(sent: readonly PanControlSent[], returned: readonly PanControlReturned[], ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const s of sent) {
    const r = returned.find((x) => x.mRID === s.mRID);
    if (!r) {
      out.push(finding('EDC-PAN-ACTION', 'error', `the head-end returns no EndDeviceControl ${s.mRID}, the ${s.actionKind} control it accepted`, ctx, undefined, undefined, { expected: `EndDeviceControl ${s.mRID}`, actual: 'none' }));
      continue;
    }
    if (r.actionCount !== 1 || r.actionKind !== s.actionKind) {
      const got = r.actionCount === 0 ? 'no PAN action element' : r.actionCount > 1 ? `${r.actionCount} PAN action elements` : `a ${r.actionKind}`;
      out.push(finding('EDC-PAN-ACTION', 'error', `control ${s.mRID} is returned with ${got}; exactly one of PanDemandResponse / PanDisplay / PanPricing is expected, the ${s.actionKind} sent`, ctx, r.node, undefined, { expected: `one ${s.actionKind}`, actual: got }));
      continue;
    }
    if (s.priceSignal !== undefined && !sameNumber(s.priceSignal, r.priceSignal)) {
      out.push(finding('EDC-PRICE', 'error', `control ${s.mRID} is returned with priceSignal ${r.priceSignal ?? '(none)'}, not the ${s.priceSignal} sent`, ctx, r.node, undefined, { expected: `priceSignal ${s.priceSignal}`, actual: `priceSignal ${r.priceSignal ?? '(none)'}` }));
    }
    if (s.prices) {
      const got = r.prices ?? [];
      if (got.length !== s.prices.length || s.prices.some((p, i) => !sameNumber(p, got[i]))) {
        out.push(finding('EDC-PRICE', 'error', `control ${s.mRID} is returned with the PanPricingDetails prices ${got.map((p) => p ?? '(none)').join(', ') || '(none)'}, not the ${s.prices.join(', ')} sent`, ctx, r.node, undefined, { expected: `prices ${s.prices.join(', ')}`, actual: `prices ${got.map((p) => p ?? '(none)').join(', ') || '(none)'}` }));
      }
    }
  }
  return out;
}

/** the VideoDisplay (domain 13) TextMessage (112) events of a PAN text message (codes.md Annex E parts): Displayed, Acknowledged, DisplayFailed */
export const PAN_DISPLAY_EVENTS = { displayed: '.13.112.78', acknowledged: '.13.112.3', failed: '.13.112.87' } as const;

/**
 * The acknowledgement events of a PAN text message that asked for confirmation (PAN-ACK, CIM9-233; use-cases.md §4.8
 * "device acknowledgement events", §8.3 "displayed, acknowledged"): the events about the meter after the control are
 * VideoDisplay TextMessage events (x.13.112.y, any device type); DisplayFailed (x.13.112.87) is an error, another
 * event of the meter a warning; each is dated not before the control (clock skew); with CIM9-233 = expected the
 * Displayed and, for a message asking for confirmation, the Acknowledged event must both come (optional: their absence is
 * a warning); an Acknowledged before its Displayed is an error. Pure: events in, findings out.
 */
export function checkPanAcknowledgements(events: readonly ResultEvent[], exp: { meter: string; controlMRID: string; sentAt: Date; confirmationRequired: boolean }, ctx: CheckContext): Finding[] {
  const mode = assumed(ctx, 'CIM9-233', 'optional');
  const a = { 'CIM9-233': mode };
  const tail = (c: string) => c.trim().slice(c.trim().indexOf('.'));
  const mine = events.filter((e) => e.meter === exp.meter);
  const out: Finding[] = [];
  const skew = ctx.skewSeconds ?? 60;
  for (const e of mine) {
    const t = tail(e.eventType);
    if (t === PAN_DISPLAY_EVENTS.failed) out.push(finding('PAN-ACK', 'error', `${e.label}: the text message of control ${exp.controlMRID} is reported not displayed (${e.eventType.trim()} DisplayFailed), though the head-end accepted it`, ctx, e.node, a, { expected: 'x.13.112.78 Displayed', actual: `event ${e.eventType.trim()}` }));
    else if (t !== PAN_DISPLAY_EVENTS.displayed && t !== PAN_DISPLAY_EVENTS.acknowledged) out.push(finding('PAN-ACK', 'warning', `${e.label}: the event ${e.eventType.trim()} of meter ${exp.meter} after the text message is not a VideoDisplay TextMessage event (x.13.112.78 Displayed / x.13.112.3 Acknowledged)`, ctx, e.node, a, { expected: 'x.13.112.78 Displayed or x.13.112.3 Acknowledged', actual: `event ${e.eventType.trim()}` }));
    const at = ms(e.createdDateTime);
    if (at !== undefined && at < exp.sentAt.getTime() - skew * 1000) out.push(finding('PAN-ACK', 'error', `${e.label}: the event ${e.eventType.trim()} of meter ${exp.meter} is dated ${e.createdDateTime}, before the text message was sent (${exp.sentAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node, a, { expected: `not before ${new Date(exp.sentAt.getTime() - skew * 1000).toISOString()} (sent − ${skew} s)`, actual: `createdDateTime ${e.createdDateTime}` }));
  }
  const displayed = mine.find((e) => tail(e.eventType) === PAN_DISPLAY_EVENTS.displayed);
  const acked = mine.find((e) => tail(e.eventType) === PAN_DISPLAY_EVENTS.acknowledged);
  const missingSeverity = mode === 'expected' ? 'error' : 'warning';
  if (mode !== 'off') {
    if (!displayed) out.push(finding('PAN-ACK', missingSeverity, `no Displayed event (x.13.112.78) of meter ${exp.meter} followed the text message of control ${exp.controlMRID} (CIM9-233 = ${mode})`, ctx, undefined, a, { expected: `a Displayed event (x.13.112.78) of meter ${exp.meter}`, actual: 'none' }));
    if (exp.confirmationRequired && !acked) out.push(finding('PAN-ACK', missingSeverity, `no Acknowledged event (x.13.112.3) of meter ${exp.meter} followed the text message of control ${exp.controlMRID}, which asked for confirmation (CIM9-233 = ${mode})`, ctx, undefined, a, { expected: `an Acknowledged event (x.13.112.3) of meter ${exp.meter}`, actual: 'none' }));
  }
  const dAt = ms(displayed?.createdDateTime);
  const aAt = ms(acked?.createdDateTime);
  if (dAt !== undefined && aAt !== undefined && aAt < dAt) out.push(finding('PAN-ACK', 'error', `${acked!.label}: the text message of control ${exp.controlMRID} is acknowledged (${acked!.createdDateTime}) before it was displayed (${displayed!.createdDateTime})`, ctx, acked!.node, a, { expected: 'Acknowledged not before Displayed', actual: `Displayed ${displayed!.createdDateTime}, Acknowledged ${acked!.createdDateTime}` }));
  return out;
}
