/**
 * Controls through the MDM (P6; use-cases.md §4.6 EDC-06 steps 1-3, §4.1 EDC-01, §4.8 EDC-08, §8.3 PAN-03): the
 * reference MDM with an upstream head-end (`ctx.upstream.HES`, the suite at <listener>/hes) takes
 * create(EndDeviceControls) of its CIS or DRMS for meters it knows and passes the controls on to the head-end with
 * create(EndDeviceControls) of its own (its own MessageID and CorrelationID; each control with its own mRID, the
 * requester's code, meters, issuerID / issuerTrackingID, PAN action, price signal and timing), in the generation it
 * speaks. It answers the requester with the head-end's Result and Errors (OK: the controls as the requester sent
 * them); a head-end that does not answer, or answers another request, is FAILED 5.3. An unknown meter is FAILED 2.4, no
 * control 1.7; without an upstream head-end FAILED 5.2.
 *
 * The completion (EDC-06 steps 4-6, ECITP 2.09): a connect / disconnect the head-end accepted is remembered per meter;
 * when the head-end then tells the MDM created(EndDeviceEvents) with the switch event of that meter (x.31.0.68 /
 * x.31.0.42, or the vendor 0.31.26.68 / 0.31.26.42), the MDM tells its CIS (`ctx.subscribers.CIS`) the completion:
 * created(EndDeviceEvents) with that event, carrying the requester's issuerID / issuerTrackingID (UC-21), before the
 * event goes on to the MDM's own event handling (`withControlCompletion`). It then waits readWaitMs (shorter under a
 * time factor, CIM9-203) for the final /
 * initial read (`withSwitchRead` around its created(MeterReadings) handling): none tells the CIS reply(<noun of the
 * request>) FAILED 5.7, a read without its value PARTIAL 5.7, correlated to the CIS's request (ECITP 2.09 errors).
 * create(MeterServiceRequests) of disconnect / reconnect works (the EPRI form of UC-20) is passed on the same way and
 * completed by changed(MeterServiceRequests) with the read. cancel(EndDeviceControls) of a control it passed on goes to
 * the head-end naming the mRID the head-end got; a group target is passed on as the members of the group, which the MDM
 * keeps from create(EndDeviceGroups) as its head-end does. A switch the head-end tells failed (the failure event x.31.0.84 /
 * x.31.0.67 or the vendor form, or canceled(EndDeviceControls) naming the control) awaits no read: the MDM tells its
 * CIS created(EndDeviceEvents) with the failure event (EDC-06.13), or, as the profile's simulator.mdmFailureForm says
 * (ctx.mdmFailureForm, CIM9-308), canceled(EndDeviceControls) naming the CIS's control or a FAILED reply to it. The LoadControl result events the head-end tells of a
 * load control it passed on go on to the requester with its tracking (EDC-01 step 3). The faults of ../faults/relayed-controls.ts break one aspect.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { askUpstream } from './upstream.ts';
import { buildEndDeviceControls, controlsGenerationOf, readEndDeviceControls, type EndDeviceControlValue, type ReadEndDeviceControl } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { REGISTER_RT, type Store } from '../store.ts';
import { buildMeterReadings, readMeterReadings, type ReadingValue } from '../../src/payloads/meterReadings.ts';
import { buildMeterServiceRequests, readMeterServiceRequests } from '../../src/payloads/meterServiceRequests.ts';
import { groupMembers, loadControlHandler } from './load-control.ts';
import { failureResultTold, relaysLoadControlResults, cancelNames, resendsAfterCancel, groupTargetPassedOn, completedWork, completionEvent, passesCancelOn, passedOnControl, passesControlOn, readErrorResult, failureTold, repliesOkAfterFailure, readAfterFailure, type ReadErrorCondition } from '../faults/relayed-controls.ts';

/** a connect / disconnect passed on and accepted, waiting for its switch event */
interface PendingSwitch {
  /** the requester's request (its CorrelationID / MessageID and noun correlate the result about the read) */
  req: ParsedMessage;
  noun: string;
  meter: string;
  /** the result events of the command (Annex E pair, type 0, and the vendor form) */
  results: string[];
  /** the failure events of the command (…84 / …67, the same forms) */
  failures: string[];
  /** the mRID of the control as the head-end got it (a canceled(EndDeviceControls) of the head-end names it) */
  onward?: string;
  issuerID?: string;
  issuerTrackingID?: string;
  /** the requester's control (its mRID and code): canceled(EndDeviceControls) and a FAILED reply name it (simulator.mdmFailureForm) */
  reqMRID?: string;
  controlType?: string;
  /** Date.now() when the head-end accepted it: one older than PENDING_MS is forgotten */
  at: number;
  /** the draft / EPRI form of UC-20: the work of create(MeterServiceRequests), completed by changed(MeterServiceRequests) once the read came */
  work?: ServiceWork;
}

/** a MeterServiceWork of a connect / disconnect, as the MDM completes it */
interface ServiceWork {
  mRID?: string;
  kind: string;
  requestDateTime?: string;
  usagePoint?: string;
}

/** how long a switch passed on waits for its event */
const PENDING_MS = 60_000;

const pending = new WeakMap<Store, PendingSwitch[]>();
const pendingOf = (store: Store): PendingSwitch[] => {
  let p = pending.get(store);
  if (!p) pending.set(store, (p = []));
  return p;
};

const RESULTS: Readonly<Record<string, string[]>> = { '.31.0.23': ['.31.0.68', '.31.26.68'], '.31.0.18': ['.31.0.42', '.31.26.42'] };
const FAILURES: Readonly<Record<string, string[]>> = { '.31.0.23': ['.31.0.84', '.31.26.84'], '.31.0.18': ['.31.0.67', '.31.26.67'] };
const tailOf = (code: string) => code.trim().slice(code.trim().indexOf('.'));

/** a control read from a request, as a value to build again */
function valueOf(c: ReadEndDeviceControl): EndDeviceControlValue {
  const { node: _node, actionKind: _kind, actionCount: _count, ...v } = c;
  return v;
}

/** what a requester asked for, as controls to pass on: its own create(EndDeviceControls), or a meter service request's works */
interface Asked {
  noun: 'EndDeviceControls' | 'MeterServiceRequests';
  controls: EndDeviceControlValue[];
  /** per control (same index), the work it comes from (MeterServiceRequests) */
  works?: ServiceWork[];
}

function askedControls(req: ParsedMessage): Asked {
  return { noun: 'EndDeviceControls', controls: req.payload?.root ? readEndDeviceControls(req.payload.root).map(valueOf) : [] };
}

/** the connect / disconnect works of create(MeterServiceRequests) (kind disconnect → 3.31.0.23, reconnect → 3.31.0.18) as controls */
function askedServices(req: ParsedMessage): Asked | string {
  const root = req.payload?.root;
  const works = root && root.name === 'MeterServiceRequests' ? readMeterServiceRequests(root) : [];
  const controls: EndDeviceControlValue[] = [];
  const out: ServiceWork[] = [];
  for (const w of works) {
    const code = SERVICE_CONTROL[w.kind?.trim() ?? ''];
    if (!code) return `MeterServiceWork ${w.work ?? '(no mRID)'} is of kind ${w.kind ?? '(none)'}: this MDM passes on disconnect and reconnect works only`;
    controls.push({ controlType: code, reason: w.kind, endDevices: [{ mRID: w.meter }], ...(w.requestDateTime ? { primaryDeviceTiming: { interval: { start: w.requestDateTime } } } : {}) });
    out.push({ mRID: w.work, kind: w.kind!.trim(), requestDateTime: w.requestDateTime, usagePoint: w.usagePoint });
  }
  return { noun: 'MeterServiceRequests', controls, works: out };
}

const SERVICE_CONTROL: Readonly<Record<string, string>> = { disconnect: '3.31.0.23', reconnect: '3.31.0.18' };

async function passOn(req: ParsedMessage, ctx: SimContext, version: SoapVersion, asked: Asked): Promise<Message> {
  const { controls, noun } = asked;
  if (!controls.length) return ctx.failed(req, noun, '1.7', `the request carries no ${noun === 'EndDeviceControls' ? 'EndDeviceControl' : 'MeterServiceWork'}`);
  // a group target: the MDM names the members of the group it was told (create(EndDeviceGroups) at the MDM, the same store as
  // the head-end's groups) as EndDevices (CIM9-264 members)
  const unknownGroups = controls.flatMap((c) => (c.endDeviceGroups ?? []).map((g) => g.mRID ?? '')).filter((g) => !groupMembers(ctx.store, g));
  if (unknownGroups.length) return ctx.failed(req, noun, '2.4', `unknown end device group ${unknownGroups.join(', ')}`);
  for (const c of controls) {
    if (!c.endDeviceGroups?.length) continue;
    const members = c.endDeviceGroups.flatMap((g) => groupMembers(ctx.store, g.mRID!) ?? []);
    c.endDevices = groupTargetPassedOn([...(c.endDevices ?? []).map((d) => d.mRID ?? ''), ...members], [...ctx.store.meters.keys()], ctx.has).map((mRID) => ({ mRID }));
    c.endDeviceGroups = undefined;
  }
  const named = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? ''));
  const unknown = named.filter((m) => !ctx.store.meter(m));
  if (!named.length || unknown.length) return ctx.failed(req, noun, '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  const url = ctx.upstream.HES;
  if (!url) return ctx.failed(req, noun, '5.2', 'controls are passed on to a head-end, and this MDM has none');
  const gen = controlsGenerationOf(ctx.generation);
  const answer = (result: 'OK' | 'PARTIAL' | 'FAILED', errors: NonNullable<Message['reply']>['errors']) =>
    ctx.response(req, noun, result, errors ?? [], result === 'FAILED' || noun !== 'EndDeviceControls' ? undefined : { root: buildEndDeviceControls({ controls }, { generation: gen }) });
  if (!passesControlOn(ctx.has)) return answer('OK', []);
  const meters = [...ctx.store.meters.keys()];
  const header = { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() };
  const onward = controls.map((c) => ({ ...passedOnControl(c, meters, ctx.has), mRID: newMessageId() }));
  const ask: Message = { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls: onward }, { generation: gen }) } };
  const up = await askUpstream(ctx, url, ask, version, `create(EndDeviceControls) ${controls.map((c) => c.controlType).join(', ')}`);
  if (!up.ok) return ctx.failed(req, noun, '5.3', `the head-end did not take the control: ${up.why}`);
  const result = up.result;
  if (result !== 'FAILED') {
    const kept = passedOnOf(ctx.store).filter((p) => Date.now() - p.at < PENDING_MS);
    kept.push(...controls.map((c, i) => ({ reqMRID: c.mRID, reqTracking: c.issuerTrackingID, reqIssuer: c.issuerID, mRID: onward[i]!.mRID, controlType: onward[i]!.controlType, at: Date.now(), control: onward[i]! })));
    passedOnControls.set(ctx.store, kept);
    controls.forEach((c, i) => {
      const results = RESULTS[tailOf(c.controlType)];
      const work = asked.works?.[i];
      const failures = FAILURES[tailOf(c.controlType)] ?? [];
      if (results) for (const d of c.endDevices ?? []) pendingOf(ctx.store).push({ req, noun, meter: ctx.store.meter(d.mRID!)!.mRID, results, failures, onward: onward[i]!.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reqMRID: c.mRID, controlType: c.controlType, at: Date.now(), ...(work ? { work } : {}) });
    });
  }
  return answer(result, up.errors);
}

// ------------------------------------------------------------------------------------------------ cancel (EDC-01 step 4 via the MDM)

/** a control the MDM passed on: the requester's mRID / issuerTrackingID and the mRID the head-end got */
interface PassedOn {
  reqMRID?: string;
  reqTracking?: string;
  reqIssuer?: string;
  mRID: string;
  controlType: string;
  at: number;
  /** the control as the head-end got it */
  control: EndDeviceControlValue;
}

const passedOnControls = new WeakMap<Store, PassedOn[]>();
const passedOnOf = (store: Store): PassedOn[] => passedOnControls.get(store) ?? [];

/**
 * cancel(EndDeviceControls) of the requester: each control named (by mRID or issuerTrackingID) is one the MDM passed on
 * (within PENDING_MS); the MDM sends its head-end cancel(EndDeviceControls) naming them by the mRIDs it gave them and
 * answers with the head-end's Result. A control it did not pass on is FAILED 5.2; no control 1.7.
 */
async function passCancelOn(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Promise<Message> {
  const asked = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
  if (!asked.length) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the cancel names no EndDeviceControl');
  const list = passedOnOf(ctx.store).filter((p) => Date.now() - p.at < PENDING_MS);
  const found = asked.map((c) => list.find((p) => (!!c.mRID && p.reqMRID === c.mRID.trim()) || (!!c.issuerTrackingID && p.reqTracking === c.issuerTrackingID.trim())));
  const missing = asked.filter((_, i) => !found[i]);
  if (missing.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `no control ${missing.map((c) => c.mRID ?? c.issuerTrackingID ?? '(unnamed)').join(', ')} was passed on to the head-end`);
  const url = ctx.upstream.HES;
  if (!url) return ctx.failed(req, 'EndDeviceControls', '5.2', 'controls are passed on to a head-end, and this MDM has none');
  if (!passesCancelOn(ctx.has)) return ctx.response(req, 'EndDeviceControls', 'OK', []);
  const header = { ...ctx.header('cancel', 'EndDeviceControls'), correlationId: newMessageId() };
  const onward = found.map((p) => ({ mRID: cancelNames(p!, ctx.has), controlType: p!.controlType }));
  const ask: Message = { kind: 'request', header, payload: { root: buildEndDeviceControls({ controls: onward }, { generation: controlsGenerationOf(ctx.generation) }) } };
  const up = await askUpstream(ctx, url, ask, version, `cancel(EndDeviceControls) ${onward.map((c) => c.mRID).join(', ')}`);
  if (!up.ok) return ctx.failed(req, 'EndDeviceControls', '5.3', `the head-end did not take the cancel: ${up.why}`);
  const result = up.result;
  if (result !== 'FAILED') passedOnControls.set(ctx.store, list.filter((p) => !found.includes(p)));
  // relay-cancel-then-resend: the canceled controls are sent to the head-end again
  if (result !== 'FAILED' && resendsAfterCancel(ctx.has)) {
    ctx.publish(url, { kind: 'request', header: { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() }, payload: { root: buildEndDeviceControls({ controls: found.map((p) => p!.control) }, { generation: controlsGenerationOf(ctx.generation) }) } }, version);
  }
  return ctx.response(req, 'EndDeviceControls', result, up.errors);
}

/** create(EndDeviceGroups) at the MDM (EDC-09 through the MDM): the MDM keeps the group as its head-end does (the same store) */
export const relayedGroupsHandler: Handler = {
  name: 'create(EndDeviceGroups) at the MDM',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceGroups' && verb === 'create',
  handle: (req: ParsedMessage, ctx: SimContext, version: SoapVersion) => loadControlHandler.handle(req, ctx, version, 'HES'),
};

export const relayedCancelHandler: Handler = {
  name: 'cancel(EndDeviceControls) at the MDM, passed on to its head-end',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceControls' && verb === 'cancel',
  handle: (req: ParsedMessage, ctx: SimContext, version: SoapVersion) => passCancelOn(req, ctx, version),
};

/** the MDM tells its CIS the completion of each pending switch whose event the head-end tells it */
function tellCompletion(req: ParsedMessage, ctx: SimContext, version: SoapVersion): void {
  // the newest first; a switch not told within PENDING_MS is forgotten
  const p = pendingOf(ctx.store).filter((x) => Date.now() - x.at < PENDING_MS).reverse();
  const root = req.payload?.root;
  if (!p.length || !root || root.name !== 'EndDeviceEvents') return;
  const done: PendingSwitch[] = [];
  const failedOnes: PendingSwitch[] = [];
  const events = readEndDeviceEvents(root).flatMap((e) => {
    const meter = ctx.store.meter(e.meter ?? '')?.mRID ?? e.meter;
    const failed = p.find((x) => !done.includes(x) && x.meter === meter && x.failures.includes(tailOf(e.eventType)));
    if (failed) {
      // the switch failed: no read follows; the CIS is told the failure event (or, per simulator.mdmFailureForm, below)
      done.push(...p.filter((x) => x.meter === meter));
      failedOnes.push(failed);
      return tellsEvent(failed, ctx) ? failureEvents(failed, e.eventType.trim(), e.createdDateTime, ctx) : [];
    }
    const sw = p.find((x) => !done.includes(x) && x.meter === meter && x.results.includes(tailOf(e.eventType)));
    if (!sw) return [];
    // the switch told: every older one of the meter is over too; the newest now waits for its read
    done.push(...p.filter((x) => x.meter === meter));
    awaitRead(sw, ctx, version);
    // a meter service request is completed by changed(MeterServiceRequests) once the read came (EPRI ECITP 2.09)
    if (sw.work) return [];
    return [{ mRID: newMessageId(), createdDateTime: e.createdDateTime, issuerID: sw.issuerID, issuerTrackingID: sw.issuerTrackingID, reason: 'control completed', meter: sw.meter, usagePoint: ctx.store.meter(sw.meter)?.usagePoint, eventType: completionEvent(e.eventType.trim(), ctx.has) }];
  });
  pending.set(ctx.store, p.filter((x) => !done.includes(x)).reverse());
  const url = ctx.subscribers.CIS;
  if (url && events.length && passesControlOn(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
  for (const sw of failedOnes) if (!tellsEvent(sw, ctx)) tellFailureResult(sw, ctx, version);
  okAfterFailure(failedOnes, ctx, version);
}

/** whether the MDM tells its CIS a failed switch as the failure event: simulator.mdmFailureForm event, or a meter service request (EPRI form) */
const tellsEvent = (sw: PendingSwitch, ctx: Pick<SimContext, 'mdmFailureForm'>): boolean => ctx.mdmFailureForm === 'event' || sw.noun !== 'EndDeviceControls';

/**
 * the failure of a switch as a result of the CIS's control (simulator.mdmFailureForm, CIM9-308): canceled(EndDeviceControls)
 * naming the CIS's control (its mRID, issuerID / issuerTrackingID, code) and the meter, correlated to the CIS's request;
 * or a reply(EndDeviceControls) Result FAILED with that control and Error 5.3 (transaction attempted and failed) naming
 * the meter. Faults: relay-failure-dropped (nothing), relay-failure-result-as-success (created(EndDeviceControls), a
 * Result OK), relay-failure-result-wrong-meter (another meter of the store)
 */
function tellFailureResult(sw: PendingSwitch, ctx: SimContext, version: SoapVersion): void {
  const url = ctx.subscribers.CIS;
  const told = failureResultTold(sw.meter, [...ctx.store.meters.keys()], ctx.has);
  if (!url || !told) return;
  const control: EndDeviceControlValue = { mRID: sw.reqMRID, issuerID: sw.issuerID, issuerTrackingID: sw.issuerTrackingID, reason: 'the switch failed at the head-end', controlType: sw.controlType ?? '', endDevices: [{ mRID: told.meter }] };
  const payload = { root: buildEndDeviceControls({ controls: [control] }, { generation: controlsGenerationOf(ctx.generation) }) };
  const correlationId = sw.req.header?.correlationId ?? sw.req.header?.messageId;
  if (ctx.mdmFailureForm === 'canceled') {
    ctx.publish(url, { kind: 'event', header: ctx.header(told.success ? 'created' : 'canceled', 'EndDeviceControls', correlationId), payload }, version);
    return;
  }
  const errors = told.success ? [] : [{ code: '5.3', level: 'FATAL' as const, reason: `the switch of meter ${told.meter} failed at the head-end`, id: { value: told.meter, kind: 'name' as const, objectType: 'EndDevice' } }];
  ctx.publish(url, ctx.response(sw.req, sw.noun, told.success ? 'OK' : 'FAILED', errors, payload), version);
}

/**
 * faults after the failure event: relay-failure-reply-ok answers the CIS's control of each failed switch with a reply
 * Result OK too; relay-failure-read-anyway tells the CIS created(MeterReadings) with a register read of the meter as if
 * the switch had been carried out
 */
function okAfterFailure(failed: readonly PendingSwitch[], ctx: SimContext, version: SoapVersion): void {
  const url = ctx.subscribers.CIS;
  if (!url || !failed.length) return;
  if (repliesOkAfterFailure(ctx.has)) for (const sw of failed) ctx.publish(url, ctx.response(sw.req, sw.noun, 'OK', []), version);
  if (readAfterFailure(ctx.has)) {
    const now = new Date();
    const meterReadings = failed.map((sw) => ({
      meter: { mRID: sw.meter },
      readings: [{ readingType: REGISTER_RT, value: ctx.store.registerValue(sw.meter, now), timeStamp: nowTimestamp(() => now), reason: sw.results[0] === '.31.0.68' ? 'serviceDisconnect' : 'serviceConnect' }],
    }));
    ctx.publish(url, { kind: 'event', header: ctx.header('created', 'MeterReadings'), payload: { root: buildMeterReadings({ meterReadings }) } }, version);
  }
}

/**
 * the event(s) the MDM tells its CIS for a switch its head-end told failed: the failure event of the head-end (or, from a
 * canceled(EndDeviceControls), the Annex E one of the command) for the meter, with the requester's issuerID /
 * issuerTrackingID (faults: failureTold)
 */
function failureEvents(sw: PendingSwitch, code: string, at: string | undefined, ctx: SimContext) {
  const i = code.indexOf('.');
  const success = `${code.slice(0, i)}${sw.results[0]!}`;
  const told = failureTold({ meter: sw.meter, code }, success, [...ctx.store.meters.keys()], ctx.has);
  if (!told) return [];
  return [{ mRID: newMessageId(), createdDateTime: at ?? nowTimestamp(), issuerID: sw.issuerID, issuerTrackingID: sw.issuerTrackingID, reason: 'control failed', meter: told.meter, usagePoint: ctx.store.meter(told.meter)?.usagePoint, eventType: told.code }];
}

/**
 * canceled(EndDeviceControls) of the head-end (use-cases.md §4.7, canceled on failure): each control it names (by the
 * mRID the MDM gave it, or its issuerTrackingID) that the MDM passed on and awaits is over; the MDM tells its CIS the
 * failure event of the command, and answers OK
 */
function takeCanceled(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const named = req.payload?.root?.name === 'EndDeviceControls' ? readEndDeviceControls(req.payload.root) : [];
  const p = pendingOf(ctx.store).filter((x) => Date.now() - x.at < PENDING_MS);
  const over = p.filter((x) => named.some((c) => (!!c.mRID && c.mRID.trim() === x.onward) || (!!c.issuerTrackingID && c.issuerTrackingID.trim() === x.issuerTrackingID)));
  pending.set(ctx.store, p.filter((x) => !over.includes(x)));
  const events = over.filter((sw) => tellsEvent(sw, ctx)).flatMap((sw) => failureEvents(sw, `3${sw.failures[0]!}`, undefined, ctx));
  const url = ctx.subscribers.CIS;
  if (url && events.length) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
  for (const sw of over) if (!tellsEvent(sw, ctx)) tellFailureResult(sw, ctx, version);
  okAfterFailure(over, ctx, version);
  return ctx.response(req, 'EndDeviceControls', 'OK', []);
}

export const relayedCanceledHandler: Handler = {
  name: 'canceled(EndDeviceControls) of the head-end at the MDM: a switch passed on failed',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceControls' && verb === 'canceled',
  handle: (req: ParsedMessage, ctx: SimContext, version: SoapVersion) => takeCanceled(req, ctx, version),
};

// ------------------------------------------------------------------------------------------------ the read after the switch

/** a switch told by its event whose final / initial read has not come yet */
interface AwaitedRead {
  sw: PendingSwitch;
  /** stops the wait (the read came) */
  cancel: () => void;
}

const awaited = new WeakMap<Store, AwaitedRead[]>();
const awaitedOf = (store: Store): AwaitedRead[] => {
  let a = awaited.get(store);
  if (!a) awaited.set(store, (a = []));
  return a;
};

/**
 * how long the MDM waits for the read after the switch event before it tells its CIS the read is missing: half the
 * requester's deadline, 0.5–2 s, times the time factor of the profile that started it (CIM9-203), never under 0.5 s
 * (the head-end the suite plays sends its read right after the event's reply; a loaded machine delays it)
 */
export const readWaitMs = (ctx: Pick<SimContext, 'asyncDeadlineMs' | 'timeFactor'>): number => Math.max(500, Math.min(2_000, Math.max(500, ctx.asyncDeadlineMs / 2)) * ctx.timeFactor);

/**
 * the MDM tells its CIS the result about the read of a switch (ECITP 2.09 error conditions): a ResponseMessage
 * reply(<noun of the request>) correlated to the CIS's request, FAILED (no read) or PARTIAL (a read without its value)
 * with 5.7 naming the meter
 */
function tellReadResult(a: PendingSwitch, condition: ReadErrorCondition, ctx: SimContext, version: SoapVersion): void {
  const url = ctx.subscribers.CIS;
  if (!url) return;
  const told = readErrorResult(condition, ctx.has);
  if (!told) return;
  const errors = told.code ? [{ code: told.code, level: 'FATAL' as const, reason: condition === 'missing' ? `no read of meter ${a.meter} came after the switch` : `the read of meter ${a.meter} after the switch has no value`, id: { value: a.meter, kind: 'name' as const, objectType: 'EndDevice' } }] : [];
  ctx.publish(url, ctx.response(a.req, a.noun, told.result, errors), version);
}

function awaitRead(sw: PendingSwitch, ctx: SimContext, version: SoapVersion): void {
  const list = awaitedOf(ctx.store);
  // a newer switch of the meter replaces the wait of an older one
  for (const old of list.filter((x) => x.sw.meter === sw.meter)) old.cancel();
  const entry: AwaitedRead = {
    sw,
    cancel: ctx.later(readWaitMs(ctx), () => {
      drop(ctx.store, entry);
      tellReadResult(sw, 'missing', ctx, version);
    }),
  };
  list.push(entry);
}

function drop(store: Store, e: AwaitedRead): void {
  e.cancel();
  awaited.set(store, awaitedOf(store).filter((x) => x !== e));
}

/** the read of a meter the MDM awaits after a switch: complete (nothing more to tell), or without a value (PARTIAL 5.7) */
function takeSwitchRead(req: ParsedMessage, ctx: SimContext, version: SoapVersion): void {
  const root = req.payload?.root;
  const list = awaitedOf(ctx.store);
  if (!list.length || !root || root.name !== 'MeterReadings') return;
  for (const mr of readMeterReadings(root).meterReadings) {
    const id = mr.meter?.mRID ?? mr.meter?.names?.[0] ?? '';
    const meter = ctx.store.meter(id)?.mRID ?? id;
    const e = list.find((x) => x.sw.meter === meter);
    if (!e) continue;
    drop(ctx.store, e);
    const readings = mr.readings ?? [];
    if (!readings.length || readings.some((r) => r.value === undefined || r.value.trim() === '')) tellReadResult(e.sw, 'incomplete', ctx, version);
    else if (e.sw.work) tellServiceCompleted(e.sw, e.sw.work, readings, ctx, version);
  }
}

/**
 * the MDM tells its CIS the meter service request completed (EPRI: changed(MeterServiceRequests), "Updated"): the work of
 * the request, status completed, its Meter with the final / initial read the head-end told
 */
function tellServiceCompleted(sw: PendingSwitch, work: ServiceWork, readings: readonly ReadingValue[], ctx: SimContext, version: SoapVersion): void {
  const url = ctx.subscribers.CIS;
  if (!url || !passesControlOn(ctx.has)) return;
  const now = nowTimestamp();
  const header = ctx.header('changed', 'MeterServiceRequests');
  const told = completedWork({ ...work, mRID: work.mRID }, ctx.has);
  const root = buildMeterServiceRequests(
    [
      {
        mRID: told.mRID,
        kind: told.kind,
        lastModifiedDateTime: now,
        requestDateTime: work.requestDateTime,
        meter: { mRID: sw.meter, readings: readings.map((r) => ({ readingType: r.readingType, value: r.value, timeStamp: r.timeStamp, reason: r.reason })) },
        status: { value: 'completed', dateTime: now },
        ...(work.usagePoint ? { usagePoint: { mRID: work.usagePoint } } : {}),
      },
    ],
    ctx.generation === 'draft-2011' ? header : undefined,
  );
  ctx.publish(url, { kind: 'event', header, payload: { root } }, version);
}

/** the MDM's handling of created(MeterReadings), preceded by taking the read a switch it passed on waits for */
export function withSwitchRead(h: Handler): Handler {
  return {
    name: h.name,
    matches: (role, noun, verb) => h.matches(role, noun, verb),
    handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole) {
      if (role === 'MDM' && (req.header?.verb ?? req.wrapperVerb) === 'created' && (req.header?.noun || req.wrapperNoun) === 'MeterReadings') takeSwitchRead(req, ctx, version);
      return h.handle(req, ctx, version, role);
    },
  };
}

/**
 * the results of a load control the MDM passed on (EDC-01 step 3 via the MDM): the LoadControl events (domain 15: started,
 * stopped, opted in / out) the head-end tells it of a device of a load control it passed on and not canceled (the
 * head-end's issuerTrackingID, when it gives one, is that control's) go on to its requester (`ctx.subscribers.CIS`) as
 * created(EndDeviceEvents) with the requester's issuerID / issuerTrackingID (UC-16); fault relay-lc-result-not-relayed:
 * they do not
 */
function tellLoadControlResults(req: ParsedMessage, ctx: SimContext, version: SoapVersion): void {
  const root = req.payload?.root;
  const url = ctx.subscribers.CIS;
  if (!url || !root || root.name !== 'EndDeviceEvents') return;
  const list = passedOnOf(ctx.store).filter((p) => Date.now() - p.at < PENDING_MS && p.controlType.includes('.15.'));
  if (!list.length) return;
  const events = readEndDeviceEvents(root).flatMap((e) => {
    if (!tailOf(e.eventType).startsWith('.15.')) return [];
    const meter = ctx.store.meter(e.meter ?? '')?.mRID ?? e.meter ?? '';
    const tracking = e.issuerTrackingID?.trim();
    const p = list.find((x) => (x.control.endDevices ?? []).some((d) => d.mRID === meter) && (!tracking || tracking === x.control.issuerTrackingID));
    if (!p) return [];
    return [{ mRID: newMessageId(), createdDateTime: e.createdDateTime ?? nowTimestamp(), issuerID: p.reqIssuer, issuerTrackingID: p.reqTracking, reason: e.reason ?? 'load control', meter, usagePoint: ctx.store.meter(meter)?.usagePoint, eventType: e.eventType.trim() }];
  });
  if (events.length && relaysLoadControlResults(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
}

/** the MDM's handling of created(EndDeviceEvents), preceded by the completion of the switches it passed on */
export function withControlCompletion(h: Handler): Handler {
  return {
    name: h.name,
    matches: (role, noun, verb) => h.matches(role, noun, verb),
    handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole) {
      if (role === 'MDM' && (req.header?.verb ?? req.wrapperVerb) === 'created' && (req.header?.noun || req.wrapperNoun) === 'EndDeviceEvents') {
        tellCompletion(req, ctx, version);
        tellLoadControlResults(req, ctx, version);
      }
      return h.handle(req, ctx, version, role);
    },
  };
}

export const relayedControlsHandler: Handler = {
  name: 'create(EndDeviceControls) at the MDM, passed on to its head-end',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'EndDeviceControls' && verb === 'create',
  handle: (req: ParsedMessage, ctx: SimContext, version: SoapVersion) => passOn(req, ctx, version, askedControls(req)),
};

/** the draft / EPRI form of UC-20 (use-cases.md §4.6 step 1, §13 ECITP 2.09): create(MeterServiceRequests) of disconnect / reconnect works */
export const relayedServiceRequestsHandler: Handler = {
  name: 'create(MeterServiceRequests) of connect / disconnect at the MDM, passed on to its head-end as create(EndDeviceControls)',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'MeterServiceRequests' && verb === 'create',
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion) {
    const asked = askedServices(req);
    return typeof asked === 'string' ? ctx.failed(req, 'MeterServiceRequests', '5.2', asked) : passOn(req, ctx, version, asked);
  },
};
