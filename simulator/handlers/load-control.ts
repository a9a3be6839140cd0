/**
 * Load control and group controls at the head-end (EDC-01, use-cases.md §4.1; EDC-09, §4.9).
 *
 * - create(EndDeviceGroups): the head-end keeps the group and its members (CIM9-122); an unknown member is FAILED 2.4.
 * - create(EndDeviceControls) whose controls carry a LoadControl code (x.15.0.54 start / x.15.0.55 stop) or target an
 *   EndDeviceGroup: the devices are the EndDevices named plus the members of the groups (an unknown meter or group is
 *   FAILED 2.4; a control type that is neither a load-control nor a switch command FAILED 5.2). The head-end replies
 *   OK with the controls and tells its MDM (`ctx.subscribers.MDM`) one created(EndDeviceEvents) with the result
 *   event of each device (x.15.0.242 Started; 3.31.0.68 / 3.31.0.42 for a switch by group), carrying the control's
 *   issuerID / issuerTrackingID. A load-control start with an interval end in the future schedules the Stopped
 *   event (x.15.0.243) of each device at that end (held in ctx.activity, so the SUT is busy until then).
 * - a randomised start (primaryDeviceTiming randomisation start / startAndEnd / default, an interval longer than the
 *   duration): each device starts at its own offset from the interval start within the window interval − duration
 *   (EDC-LC-RANDOM, CIM9-202 interval-minus-duration), told in its own created(EndDeviceEvents) when it starts. The
 *   offsets are stratified and seeded by the control and the device (`startOffsets`): device i of n (in mRID order)
 *   starts within the i-th n-th of the window, at the same place for the same control, so they can be tested.
 * - a randomised end (randomisation end, an interval longer than the duration): each device starts at once and stops at
 *   its own offset after the interval start plus the duration, within the window interval − duration (`endOffsets`,
 *   EDC-LC-RANDOM-END, CIM9-232), told in its own created(EndDeviceEvents) with the Stopped event.
 * - cancel(EndDeviceControls) naming a running control by its mRID or its issuerTrackingID stops it (the Stopped
 *   event and the starts still due are not sent), is answered OK and followed by canceled(EndDeviceControls) to the
 *   MDM naming the canceled controls, correlated to the cancel (CIM9-201); an unknown control is FAILED 2.4.
 * - a PAN text message (PanDisplay) is told displayed (15.13.112.78) and, when it asks for confirmation, acknowledged
 *   200 ms later (15.13.112.3), in created(EndDeviceEvents) of the meter to the MDM (PAN-ACK, CIM9-233).
 * A pairing-window control (x.10.73.298, PAN-01) is answered by ./pan-pairing.ts; any other create(EndDeviceControls)
 * (a connect / disconnect of meters) by ./controls.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId } from '../../src/message/index.ts';
import { buildEndDeviceControls, controlsGenerationOf, readEndDeviceControls, type ReadEndDeviceControl } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import { readEndDeviceGroups } from '../../src/payloads/endDeviceGroups.ts';
import type { Store } from '../store.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { controlsHandler } from './controls.ts';
import { isPairingControl, pairingControls } from './pan-pairing.ts';
import { cancelStops, canceledIds, displayEvent, echoedTracking, randomEndOffsets, randomStartOffsets, groupReach, loadControlEventTime, pricingDetailsOrder, returnedAction, returnedPriceSignal, toldLoadControlEvent } from '../faults/load-control.ts';

const tail = (code: string) => code.trim().slice(code.trim().indexOf('.'));
const isLoadControl = (code: string) => tail(code) === '.15.0.54' || tail(code) === '.15.0.55';
const isSwitch = (code: string) => tail(code) === '.31.0.23' || tail(code) === '.31.0.18';
/** PAN controls (codes.md §6.3): text message display, PAN load-control event schedule, price signal create */
const isPan = (code: string) => ['.13.112.77', '.15.43.300', '.20.9.82'].includes(tail(code));
const isPanControl = (c: ReadEndDeviceControl) => c.actionCount > 0 || c.priceSignal !== undefined;
/** the result event of a command (codes.md §6.4), with the control's device type */
const RESULT: Readonly<Record<string, string>> = { '.15.0.54': '.15.0.242', '.15.0.55': '.15.0.243', '.31.0.23': '.31.0.68', '.31.0.18': '.31.0.42' };
const resultOf = (code: string) => `${code.trim().slice(0, code.trim().indexOf('.'))}${RESULT[tail(code)]}`;

/** a load-control event running until the end of its interval (its due starts and Stopped events) */
interface Running {
  mRID?: string;
  issuerID?: string;
  issuerTrackingID?: string;
  controlType: string;
  devices: string[];
  /** the cancels of its timers still due */
  timers: Set<() => void>;
  stop: () => void;
}

interface LoadControlState {
  groups: Map<string, string[]>;
  running: Running[];
}

const states = new WeakMap<Store, LoadControlState>();
function stateOf(store: Store): LoadControlState {
  let s = states.get(store);
  if (!s) states.set(store, (s = { groups: new Map(), running: [] }));
  return s;
}

/** the members of an EndDeviceGroup the head-end was told with create(EndDeviceGroups); undefined: an unknown group */
export function groupMembers(store: Store, mRID: string): readonly string[] | undefined {
  return stateOf(store).groups.get(mRID);
}

/** every EndDeviceGroup the head-end was told, mRID → members, in the order it was told them (Q-01 GetEndDeviceGroups) */
export function knownGroups(store: Store): ReadonlyMap<string, readonly string[]> {
  return stateOf(store).groups;
}

/** the load-control events still running at the head-end (Q-01 GetEndDeviceControls) */
export function runningControls(store: Store): readonly { mRID?: string; issuerTrackingID?: string; controlType: string; devices: readonly string[] }[] {
  return stateOf(store).running;
}

function publishEvents(ctx: SimContext, events: EndDeviceEventValue[], version: SoapVersion): void {
  const url = ctx.subscribers.MDM;
  if (!url || !events.length) return;
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
}

function eventsFor(ctx: SimContext, c: ReadEndDeviceControl, devices: readonly string[], code: string, at: Date): EndDeviceEventValue[] {
  return devices.map((d) => ({
    mRID: newMessageId(),
    // to the second; to the millisecond under a time factor (CIM9-203), whose windows are shorter than a second
    createdDateTime: ctx.timingStamp(at),
    ...echoedTracking(c, ctx.has),
    meter: ctx.store.meter(d)?.mRID ?? d,
    usagePoint: ctx.store.meter(d)?.usagePoint,
    eventType: code,
  }));
}

function createGroups(req: ParsedMessage, ctx: SimContext): Message {
  const groups = req.payload?.root ? readEndDeviceGroups(req.payload.root) : [];
  if (!groups.length || groups.some((g) => !g.mRID)) return ctx.failed(req, 'EndDeviceGroups', '1.7', 'the request carries no EndDeviceGroup with an mRID');
  const unknown = groups.flatMap((g) => (g.endDevices ?? []).map((d) => d.mRID ?? '')).filter((m) => !ctx.store.meter(m));
  if (unknown.length) return ctx.failed(req, 'EndDeviceGroups', '2.4', `unknown end device ${unknown.join(', ')}`);
  const s = stateOf(ctx.store);
  for (const g of groups) s.groups.set(g.mRID!, (g.endDevices ?? []).map((d) => ctx.store.meter(d.mRID!)!.mRID));
  return ctx.response(req, 'EndDeviceGroups', 'OK', []);
}

function createControls(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
  const controls = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
  if (controls.some(isPairingControl)) return pairingControls(req, controls, ctx, version);
  if (controls.some(isPanControl)) return panControls(req, controls, ctx, version);
  if (!controls.some((c) => isLoadControl(c.controlType) || (c.endDeviceGroups ?? []).length)) return controlsHandler.handle(req, ctx, version, role);
  const s = stateOf(ctx.store);
  const unsupported = controls.filter((c) => !isLoadControl(c.controlType) && !isSwitch(c.controlType));
  if (unsupported.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `control type ${unsupported.map((c) => c.controlType || '(none)').join(', ')} is not supported by the head-end`);
  const unknownGroups = controls.flatMap((c) => (c.endDeviceGroups ?? []).map((g) => g.mRID ?? '')).filter((g) => !s.groups.has(g));
  if (unknownGroups.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown end device group ${unknownGroups.join(', ') || '(none named)'}`);
  const unknown = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? '')).filter((m) => !ctx.store.meter(m));
  if (unknown.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ')}`);
  const at = new Date();
  const events: EndDeviceEventValue[] = [];
  for (const c of controls) {
    const members = [...new Set((c.endDeviceGroups ?? []).flatMap((g) => s.groups.get(g.mRID!) ?? []))];
    const reach = members.length ? groupReach(members, [...ctx.store.meters.keys()], ctx.has) : { applied: [], reported: [] };
    const named = (c.endDevices ?? []).map((d) => ctx.store.meter(d.mRID!)!.mRID);
    const applied = [...new Set([...named, ...reach.applied])];
    const reported = [...new Set([...named, ...reach.reported])];
    if (isSwitch(c.controlType)) {
      for (const m of applied) ctx.store.meter(m)!.powered = tail(c.controlType) === '.31.0.18';
      events.push(...eventsFor(ctx, c, reported, resultOf(c.controlType), at));
      continue;
    }
    // load control: the result at once (a randomised start: each device at its offset), and for a start the
    // Stopped event at the end of its interval
    const code = toldLoadControlEvent(resultOf(c.controlType), ctx.has);
    const start = tail(c.controlType) === '.15.0.54';
    const offsets = start ? startOffsets(c, reported, ctx.has, ctx.timeFactor) : undefined;
    const intervalStart = Date.parse(c.primaryDeviceTiming?.interval?.start ?? '');
    const due = offsets ? reported.filter((d) => intervalStart + offsets.get(d)! > Date.now()) : [];
    events.push(...eventsFor(ctx, c, reported.filter((d) => !due.includes(d)), code, loadControlEventTime(at, ctx.has)));
    const end = Date.parse(c.primaryDeviceTiming?.interval?.end ?? '');
    const run = start && ((Number.isFinite(end) && end > Date.now()) || due.length) ? running(s, c, reported) : undefined;
    for (const d of due) later(ctx, s, run!, intervalStart + offsets!.get(d)! - Date.now(), () => publishEvents(ctx, eventsFor(ctx, c, [d], code, loadControlEventTime(new Date(), ctx.has)), version));
    const stopCode = resultOf(c.controlType.replace(/\.54$/, '.55'));
    const stops = start ? endOffsets(c, reported, ctx.has, ctx.timeFactor) : undefined;
    if (run && stops) {
      // a randomised end: each device stops at its own offset after the interval start plus the duration
      const stopFrom = intervalStart + (c.primaryDeviceTiming?.duration ?? 0) * 60_000;
      for (const d of reported) later(ctx, s, run, stopFrom + stops.get(d)! - Date.now(), () => publishEvents(ctx, eventsFor(ctx, c, [d], stopCode, new Date()), version));
    } else if (run && Number.isFinite(end) && end > Date.now()) {
      later(ctx, s, run, end - Date.now(), () => publishEvents(ctx, eventsFor(ctx, c, reported, stopCode, new Date()), version));
    }
  }
  publishEvents(ctx, events, version);
  return ctx.response(req, 'EndDeviceControls', 'OK', [], {
    root: buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDeviceGroups: c.endDeviceGroups, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    }),
  });
}

/**
 * PAN controls and price signals (PAN-03, EDC-08): each control names a known meter, a PAN control code and at most
 * one PAN action (the schema's choice); the reply OK returns the controls with their action and price signal.
 */
function panControls(req: ParsedMessage, controls: ReadEndDeviceControl[], ctx: SimContext, version: SoapVersion): Message {
  const unsupported = controls.filter((c) => !isPan(c.controlType));
  if (unsupported.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `control type ${unsupported.map((c) => c.controlType || '(none)').join(', ')} is not a PAN control the head-end supports`);
  const unknown = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? '')).filter((m) => !ctx.store.meter(m));
  if (unknown.length || controls.some((c) => !(c.endDevices ?? []).length)) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  const root = buildEndDeviceControls({
    controls: controls.map((c) => ({
      mRID: c.mRID,
      issuerID: c.issuerID,
      issuerTrackingID: c.issuerTrackingID,
      priceSignal: returnedPriceSignal(c.priceSignal, ctx.has),
      reason: c.reason,
      action: returnedAction(c.action, ctx.has),
      controlType: c.controlType,
      endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })),
    })),
  }, { generation: controlsGenerationOf(ctx.generation) });
  // PAN-ACK: the in-premises display (device type 15) of each meter shows a text message (x.13.112.78 Displayed) and,
  // when confirmation was asked for, the customer acknowledges it a moment later (x.13.112.3 Acknowledged)
  for (const c of controls.filter((x) => x.action?.kind === 'PanDisplay')) {
    const meters = (c.endDevices ?? []).map((d) => d.mRID!);
    const tell = (code: string) => publishEvents(ctx, eventsFor(ctx, c, meters, code, new Date()), version);
    tell(displayEvent('15.13.112.78', ctx.has));
    if (c.action?.kind === 'PanDisplay' && c.action.confirmationRequired) ctx.later(200, () => tell(displayEvent('15.13.112.3', ctx.has)));
  }
  return ctx.response(req, 'EndDeviceControls', 'OK', [], { root: pricingDetailsOrder(root, ctx.has) });
}

/**
 * The offset of each device's start from the interval start, ms, when the control asks for a randomised start
 * (randomisation start / startAndEnd / default) and its interval is longer than its duration by 1 s or more:
 * stratified over the window interval − duration (device i of n, in mRID order, within the i-th n-th), the place
 * within its share seeded by the control's mRID / issuerTrackingID and the device. Undefined when there is nothing
 * to randomise.
 */
export function startOffsets(c: Pick<ReadEndDeviceControl, 'mRID' | 'issuerTrackingID' | 'primaryDeviceTiming'>, devices: readonly string[], has: (id: string) => boolean = () => false, timeFactor = 1): Map<string, number> | undefined {
  const t = c.primaryDeviceTiming;
  if (!t || !['start', 'startAndEnd', 'default'].includes(t.randomisation ?? '')) return undefined;
  const start = Date.parse(t.interval?.start ?? '');
  const end = Date.parse(t.interval?.end ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  const windowMs = end - start - (t.duration ?? 0) * 60_000;
  // a window under a second (the resolution of the timestamps, the rounding of the Minutes; under the profile's time
  // factor CIM9-203, that many seconds: its timestamps are to the millisecond) is nothing to randomise
  if (windowMs < 1000 * timeFactor || !devices.length) return undefined;
  const sorted = [...devices].sort();
  const offsets = new Map(sorted.map((d, i) => [d, Math.floor((windowMs * (i + seed(`${c.mRID ?? ''}|${c.issuerTrackingID ?? ''}|${d}`))) / sorted.length)]));
  return randomStartOffsets(offsets, sorted, end - start, has);
}

/**
 * The offset of each device's end from the interval start plus the duration, ms, when the control asks for a randomised
 * end (randomisation end) and its interval is longer than its duration by 1 s or more: stratified over the window
 * interval − duration as the starts are (`startOffsets`), so that every device stops within the interval. Undefined
 * when there is nothing to randomise.
 */
export function endOffsets(c: Pick<ReadEndDeviceControl, 'mRID' | 'issuerTrackingID' | 'primaryDeviceTiming'>, devices: readonly string[], has: (id: string) => boolean = () => false, timeFactor = 1): Map<string, number> | undefined {
  const t = c.primaryDeviceTiming;
  if (!t || t.randomisation !== 'end') return undefined;
  const start = Date.parse(t.interval?.start ?? '');
  const end = Date.parse(t.interval?.end ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  const windowMs = end - start - (t.duration ?? 0) * 60_000;
  if (windowMs < 1000 * timeFactor || !devices.length) return undefined;
  const sorted = [...devices].sort();
  const offsets = new Map(sorted.map((d, i) => [d, Math.floor((windowMs * (i + seed(`end|${c.mRID ?? ''}|${c.issuerTrackingID ?? ''}|${d}`))) / sorted.length)]));
  return randomEndOffsets(offsets, sorted, end - start, has);
}

/** a number in [0, 1) from a string (FNV-1a) */
function seed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

/** a load-control event the head-end keeps until its timers ran or it is canceled */
function running(s: LoadControlState, c: ReadEndDeviceControl, devices: readonly string[]): Running {
  const run: Running = { mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, controlType: c.controlType, devices: [...devices], timers: new Set(), stop: () => {} };
  run.stop = () => {
    for (const cancel of [...run.timers]) cancel();
    s.running = s.running.filter((r) => r !== run);
  };
  s.running.push(run);
  return run;
}

/** run `fire` after `delayMs` for a running control (pending in ctx.activity); the control ends with its last timer */
function later(ctx: SimContext, s: LoadControlState, run: Running, delayMs: number, fire: () => void): void {
  let cancel = () => {};
  const done = () => {
    run.timers.delete(cancel);
    if (!run.timers.size) s.running = s.running.filter((r) => r !== run);
  };
  const stop = ctx.later(Math.max(0, Math.min(delayMs, 10 * 60_000)), () => {
    try {
      fire();
    } finally {
      done();
    }
  });
  cancel = () => {
    stop();
    run.timers.delete(cancel);
  };
  run.timers.add(cancel);
}

function cancelControls(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const controls = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
  if (!controls.length) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the request carries no EndDeviceControl');
  const s = stateOf(ctx.store);
  const found = controls.map((c) => s.running.filter((r) => (c.mRID && r.mRID === c.mRID) || (c.issuerTrackingID && r.issuerTrackingID === c.issuerTrackingID)));
  const missing = controls.filter((_c, i) => !found[i]!.length);
  if (missing.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `no running control ${missing.map((c) => c.mRID ?? c.issuerTrackingID ?? '(none named)').join(', ')}`);
  const canceled = [...new Set(found.flat())];
  if (cancelStops(ctx.has)) for (const r of canceled) r.stop();
  // the canceled result to the MDM, correlated to the cancel (CIM9-201)
  const url = ctx.subscribers.MDM;
  if (url) {
    const root = buildEndDeviceControls({
      controls: canceled.map((r) => ({ ...canceledIds(r, ctx.has), issuerID: r.issuerID, reason: 'canceled', controlType: r.controlType, endDevices: r.devices.map((d) => ({ mRID: d })) })),
    });
    ctx.publish(url, { kind: 'event', header: ctx.header('canceled', 'EndDeviceControls', req.header?.correlationId ?? req.header?.messageId), payload: { root } }, version);
  }
  return ctx.response(req, 'EndDeviceControls', 'OK', []);
}

export const loadControlHandler: Handler = {
  name: 'load control and group controls at the head-end',
  matches: (role, noun, verb) => role === 'HES' && ((noun === 'EndDeviceControls' && (verb === 'create' || verb === 'cancel')) || (noun === 'EndDeviceGroups' && verb === 'create')),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    const noun = req.header?.noun || req.wrapperNoun || '';
    const verb = req.header?.verb ?? req.wrapperVerb ?? '';
    if (noun === 'EndDeviceGroups') return createGroups(req, ctx);
    if (verb === 'cancel') return cancelControls(req, ctx, version);
    return createControls(req, ctx, version, role);
  },
};
