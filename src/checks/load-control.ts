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
 * - EDC-CANCEL: nothing of the control after its cancel was accepted (CIM9-120).
 * Pure: events and expectations in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
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
    out.push(finding(id, 'error', `${why}; expected ${codes.success.join(' or ')}`, ctx, (failed ?? mine[0])?.node, { ...(exp.group ? { 'UC-23': uc23 } : {}), 'CIM9-124': cim9124 }));
  }
  // no device outside the group
  for (const e of events) {
    if (e.meter !== undefined && (exp.others ?? []).includes(e.meter)) {
      out.push(finding('EDC-GROUP-MEMBERS', 'error', `${e.label}: an event (${e.eventType.trim()}) names device ${e.meter}, which is not a member of group ${exp.group ?? '(none)'} the ${exp.what} targeted`, ctx, e.node, { 'UC-23': uc23 }));
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
      out.push(finding('EDC-LC-TIME', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} has no valid createdDateTime${e.createdDateTime ? ` ("${e.createdDateTime}")` : ''}: it cannot be placed after the command`, ctx, e.node));
    } else if (at < exp.requestedAt.getTime() - skew * 1000) {
      out.push(finding('EDC-LC-TIME', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} is dated ${e.createdDateTime}, before the ${exp.what} was sent (${exp.requestedAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node));
    } else if (exp.windowEnd && at > exp.windowEnd.getTime() + skew * 1000) {
      out.push(finding('EDC-LC-TIME', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} is dated ${e.createdDateTime}, after the control's interval ended (${exp.windowEnd.toISOString()}, clock skew ${skew} s)`, ctx, e.node, { 'CIM9-121': assumed(ctx, 'CIM9-121', '2') }));
    }
    const tid = e.issuerTrackingID?.trim();
    if (tid && tid !== exp.issuerTrackingID) {
      out.push(finding('EDC-TRACKING', 'error', `${e.label}: the ${e.eventType.trim()} event of device ${e.meter} carries issuerTrackingID "${tid}", not the "${exp.issuerTrackingID}" of the ${exp.what} (control ${exp.controlMRID}): it is the result of another control`, ctx, e.node));
    } else if (!tid && trackingSeverity) missingTracking.push(`${e.meter}`);
  }
  if (missingTracking.length && trackingSeverity) {
    out.push(finding('EDC-TRACKING', trackingSeverity, `the result events of device(s) ${missingTracking.join(', ')} carry no issuerTrackingID; the ${exp.what} had "${exp.issuerTrackingID}" (control ${exp.controlMRID})`, ctx, undefined, { 'UC-16': uc16 }));
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
    out.push(finding('EDC-CANCEL', 'error', `${e.label}: an event ${e.eventType.trim() || '(no type)'} of device ${e.meter} dated ${e.createdDateTime ?? '(no time)'} reached the requester after the ${exp.what} (control ${exp.controlMRID}, issuerTrackingID ${exp.issuerTrackingID}) was canceled by its ${exp.by} at ${exp.canceledAt.toISOString()}`, ctx, e.node, { 'CIM9-120': mode }));
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
      out.push(finding('EDC-PAN-ACTION', 'error', `the head-end returns no EndDeviceControl ${s.mRID}, the ${s.actionKind} control it accepted`, ctx));
      continue;
    }
    if (r.actionCount !== 1 || r.actionKind !== s.actionKind) {
      const got = r.actionCount === 0 ? 'no PAN action element' : r.actionCount > 1 ? `${r.actionCount} PAN action elements` : `a ${r.actionKind}`;
      out.push(finding('EDC-PAN-ACTION', 'error', `control ${s.mRID} is returned with ${got}; exactly one of PanDemandResponse / PanDisplay / PanPricing is expected, the ${s.actionKind} sent`, ctx, r.node));
      continue;
    }
    if (s.priceSignal !== undefined && !sameNumber(s.priceSignal, r.priceSignal)) {
      out.push(finding('EDC-PRICE', 'error', `control ${s.mRID} is returned with priceSignal ${r.priceSignal ?? '(none)'}, not the ${s.priceSignal} sent`, ctx, r.node));
    }
    if (s.prices) {
      const got = r.prices ?? [];
      if (got.length !== s.prices.length || s.prices.some((p, i) => !sameNumber(p, got[i]))) {
        out.push(finding('EDC-PRICE', 'error', `control ${s.mRID} is returned with the PanPricingDetails prices ${got.map((p) => p ?? '(none)').join(', ') || '(none)'}, not the ${s.prices.join(', ')} sent`, ctx, r.node));
      }
    }
  }
  return out;
}
