/**
 * EndDeviceControls at the head-end (EDC-06, use-cases.md §4.6 steps 3-5; EDC-07, §4.7): create(EndDeviceControls)
 * from the MDM switches the meters it names (3.31.0.23 remote disconnect, 3.31.0.18 remote connect) and the head-end
 * replies OK with the controls it accepted (their mRIDs, types and meters). An unknown meter is FAILED 2.4; no control
 * is FAILED 1.7; a control type that is not one of the two commands is FAILED 5.2 (not attempted).
 *
 * Then, per meter, it tells its MDM (`ctx.subscribers.MDM`) the outcome: created(EndDeviceEvents) with the switch
 * event (3.31.0.68 Disconnected / 3.31.0.42 Connected, codes.md §6.4) and created(EndDeviceControls) with the control
 * carried out (UC-21: both), followed by the final (disconnect) / initial (connect) register read created(MeterReadings)
 * with reason serviceDisconnect / serviceConnect, taken at the switch; in edition 2024 in the coincident shape of MR-09
 * (./coincident-reads.ts). With AsyncReplyFlag and a ReplyAddress
 * (EDC-07) the reply only acknowledges (OK, 0.3) and the result created(EndDeviceControls) follows at the ReplyAddress
 * with the request's CorrelationID; the switch event and the read still go to the MDM.
 *
 * ECITP 2.09 error condition with the head-end as SUT: a meter that cannot give its register read (the profile's
 * data.unreadableMeter, or the stimulus read-unavailable until read-restored, `fieldReadAvailability`) still switches
 * and its switch event is told, but no read of it follows; a get(MeterReadings) of it (a fresh read, ./readings.ts)
 * is answered FAILED with Error 5.7 naming the meter (PARTIAL when other meters of the request were read).
 *
 * EDC-07.2, a switch that fails (the stimulus switch-stuck until switch-freed, `fieldSwitchAvailability`): the control
 * is accepted as usual, the meter keeps its state, the failure event of the command (3.31.0.84 DisconnectFailed /
 * 3.31.0.67 ConnectFailed, codes.md §6.4) goes to the MDM, no read follows, and an asynchronous request gets
 * canceled(EndDeviceControls) naming the meter and the control at its ReplyAddress (use-cases.md §4.7, the vendor form).
 *
 * Each switch is kept in the meter's event log (`switches`), so that a later get(EndDeviceEvents) of the meter shows
 * its state (EDC-06.11, ./device-events.ts).
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceControls, readEndDeviceControls, type ReadEndDeviceControl } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import { buildMeterReadings } from '../../src/payloads/meterReadings.ts';
import { newMessageId } from '../../src/message/index.ts';
import type { Handler, SimContext } from '../context.ts';
import { failureResultVerb, failureResultMeter, loggedSwitchEvent, readTime, returnedControlType, tellsFailureEvent, toldSwitchEvent } from '../faults/controls.ts';
import { switchReadMeterReading } from './coincident-reads.ts';

const DISCONNECT = '3.31.0.23';
const CONNECT = '3.31.0.18';
/** the result event of each command (codes.md §6.4) */
const SWITCH_EVENT: Readonly<Record<string, string>> = { [DISCONNECT]: '3.31.0.68', [CONNECT]: '3.31.0.42' };
/** the failure event of each command (codes.md §6.4, ?: DisconnectFailed / ConnectFailed) */
const FAILURE_EVENT: Readonly<Record<string, string>> = { [DISCONNECT]: '3.31.0.84', [CONNECT]: '3.31.0.67' };

/** whether every meter a control names has a switch that fails (EDC-07.2) */
const stuck = (c: ReadEndDeviceControl, ctx: SimContext) => (c.endDevices ?? []).some((d) => ctx.store.meter(d.mRID!)?.switchStuck);

/**
 * EDC-07.2: the switch of a meter failed (the stimulus switch-stuck): the failure event of the command (3.31.0.84 /
 * 3.31.0.67) goes to the MDM and the meter's event log, its state is unchanged, no read follows
 */
function tellFailure(controls: ReadEndDeviceControl[], ctx: SimContext, version: SoapVersion): void {
  const at = nowTimestamp();
  const failed = controls.flatMap((c) => (c.endDevices ?? []).map((d) => ({ control: c, meter: ctx.store.meter(d.mRID!)!, eventId: newMessageId() })));
  for (const { control, meter, eventId } of failed) (meter.switches ??= []).push({ mRID: eventId, eventType: FAILURE_EVENT[control.controlType]!, createdDateTime: at });
  const url = ctx.subscribers.MDM;
  if (!url || !tellsFailureEvent(ctx.has)) return;
  const events = buildEndDeviceEvents(failed.map(({ control, meter, eventId }) => ({ mRID: eventId, createdDateTime: at, meter: meter.mRID, usagePoint: meter.usagePoint, eventType: FAILURE_EVENT[control.controlType]! })));
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: events } }, version);
}

/** the controls as the head-end returns them (in its reply, its result and its completion) */
function controlsPayload(controls: ReadEndDeviceControl[], ctx: SimContext): Message['payload'] {
  return {
    root: buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, reason: c.reason, controlType: returnedControlType(c.controlType, ctx.has), endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    }),
  };
}

/** EDC-06 steps 4-5: the outcome of each switch and the register read that follows it, told to the MDM */
function tellMdm(controls: ReadEndDeviceControl[], ctx: SimContext, version: SoapVersion, withResult: boolean): void {
  const url = ctx.subscribers.MDM;
  if (!url) return;
  const switchedAt = new Date();
  const at = nowTimestamp(() => switchedAt);
  const switched = controls.flatMap((c) => (c.endDevices ?? []).map((d) => ({ control: c, meter: ctx.store.meter(d.mRID!)!, eventId: newMessageId() })));
  const told = (control: ReadEndDeviceControl) => toldSwitchEvent(SWITCH_EVENT[control.controlType]!, ctx.has);
  // the switch state, kept in the meter's event log (answered by get(EndDeviceEvents), ./device-events.ts)
  for (const { control, meter, eventId } of switched) {
    (meter.switches ??= []).push({ mRID: eventId, eventType: loggedSwitchEvent(SWITCH_EVENT[control.controlType]!, ctx.has), createdDateTime: at });
  }
  if (!ctx.has('no-switch-completion')) {
    const events = buildEndDeviceEvents(
      switched.map(({ control, meter, eventId }) => ({ mRID: eventId, createdDateTime: at, meter: meter.mRID, usagePoint: meter.usagePoint, eventType: told(control) })),
    );
    ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: events } }, version);
    if (withResult) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceControls'), payload: controlsPayload(controls, ctx) }, version);
  }
  const readAt = readTime(switchedAt, ctx.has);
  // a meter that cannot give its register read has none to tell (ECITP 2.09 error condition)
  const read = switched.filter(({ meter }) => !meter.unreadable);
  if (!read.length) return;
  // MR-09: in edition 2024 the read is coincident with the switch event (./coincident-reads.ts)
  const readings = buildMeterReadings({
    meterReadings: read.map(({ control, meter, eventId }) =>
      switchReadMeterReading(ctx, {
        meter: meter.mRID,
        usagePoint: meter.usagePoint,
        reason: control.controlType === DISCONNECT ? 'serviceDisconnect' : 'serviceConnect',
        switchedAt,
        readAt,
        event: { mRID: eventId, code: told(control), createdDateTime: at },
      }),
    ),
  });
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'MeterReadings'), payload: { root: readings } }, version);
}

export const controlsHandler: Handler = {
  name: 'create(EndDeviceControls) at the head-end',
  matches: (role, noun, verb) => role === 'HES' && noun === 'EndDeviceControls' && verb === 'create',
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
    const controls = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
    if (!controls.length) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the request carries no EndDeviceControl');
    const meters = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? ''));
    const unknown = meters.filter((m) => !ctx.store.meter(m));
    if (!meters.length || unknown.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.length ? unknown.join(', ') : '(none named)'}`);
    const unsupported = controls.filter((c) => c.controlType !== DISCONNECT && c.controlType !== CONNECT);
    if (unsupported.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `control type ${unsupported.map((c) => c.controlType || '(none)').join(', ')} is not supported by the head-end`);
    const h = req.header!;
    // EDC-07.2: a meter whose switch fails; the control is accepted, and the result says it failed
    if (controls.some((c) => stuck(c, ctx))) {
      tellFailure(controls, ctx, version);
      if (h.asyncReplyFlag && h.replyAddress) {
        const verb = failureResultVerb(ctx.has);
        const others = [...ctx.store.meters.keys()];
        const named = controls.map((c) => ({ ...c, endDevices: (c.endDevices ?? []).map((d) => ({ ...d, mRID: failureResultMeter(d.mRID!, others, ctx.has) })) }));
        ctx.publishLater(h.replyAddress, { kind: 'event', header: ctx.header(verb, 'EndDeviceControls', h.correlationId ?? h.messageId), payload: controlsPayload(named, ctx) }, version);
        return ctx.response(req, 'EndDeviceControls', 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]);
      }
      return ctx.response(req, 'EndDeviceControls', 'OK', [], controlsPayload(controls, ctx));
    }
    for (const c of controls) for (const d of c.endDevices ?? []) ctx.store.meter(d.mRID!)!.powered = c.controlType === CONNECT;
    if (h.asyncReplyFlag && h.replyAddress) {
      // EDC-07: the result at the ReplyAddress, correlated (control-async-uncorrelated: without the CorrelationID)
      const correlationId = ctx.has('control-async-uncorrelated') ? undefined : (h.correlationId ?? h.messageId);
      ctx.publishLater(h.replyAddress, { kind: 'event', header: ctx.header('created', 'EndDeviceControls', correlationId), payload: controlsPayload(controls, ctx) }, version);
      tellMdm(controls, ctx, version, false);
      return ctx.response(req, 'EndDeviceControls', 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]);
    }
    tellMdm(controls, ctx, version, true);
    return ctx.response(req, 'EndDeviceControls', 'OK', [], controlsPayload(controls, ctx));
  },
};

/**
 * the stimuli read-unavailable / read-restored (src/usecases/stimuli.ts): from now on the meter cannot give a register
 * read (it still switches), or can again. A problem in one line (unknown meter), or undefined.
 */
export function fieldReadAvailability(ctx: SimContext, meter: string, event: 'read-unavailable' | 'read-restored'): string | undefined {
  const m = ctx.store.meter(meter);
  if (!m) return `unknown meter ${meter}`;
  m.unreadable = event === 'read-unavailable';
  return undefined;
}

/**
 * the stimuli switch-stuck / switch-freed (src/usecases/stimuli.ts SWITCH_FAILURE_STIMULI): from now on the meter's
 * switch fails every connect / disconnect, or works again. A problem in one line (unknown meter), or undefined.
 */
export function fieldSwitchAvailability(ctx: SimContext, meter: string, event: 'switch-stuck' | 'switch-freed'): string | undefined {
  const m = ctx.store.meter(meter);
  if (!m) return `unknown meter ${meter}`;
  m.switchStuck = event === 'switch-stuck';
  return undefined;
}
