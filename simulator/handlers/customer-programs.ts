/**
 * Change of customer program at the head-end (EDC-04, use-cases.md §4.4).
 *
 * create(EndDeviceControls) whose controls are all reprogramming commands (an EndDeviceControlType of domain 7
 * Configuration or 20 Billing with the action 13 Change, codes.md §4.3, §6.3), each naming
 * known meters: the head-end replies OK with the controls, and tells its event subscriber (`ctx.subscribers.MDM`) one
 * created(EndDeviceEvents) with the configuration-changed event x.7.0.24 of each meter (x the control's device type),
 * carrying the control's issuerID / issuerTrackingID. An unknown meter, or a control naming none, is FAILED 2.4.
 * Any other create(EndDeviceControls) (load control, PAN, connect / disconnect) goes on to ./load-control.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import { parseControlType } from '../../src/codes/index.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { loadControlHandler } from './load-control.ts';
import { programEventMeter, programEventType, tellsProgramEvent } from '../faults/customer-programs.ts';

/** a reprogramming command: domain 7 Configuration or 20 Billing, action 13 Change */
function isProgramChange(code: string): boolean {
  const p = parseControlType(code.trim());
  return p.ok && (p.value.domain === 7 || p.value.domain === 20) && p.value.eventOrAction === 13;
}

function programChange(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const controls = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
  const named = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? ''));
  const unknown = named.filter((m) => !ctx.store.meter(m));
  if (unknown.length || controls.some((c) => !(c.endDevices ?? []).length)) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  const at = nowTimestamp();
  const known = [...ctx.store.meters.keys()];
  const events: EndDeviceEventValue[] = controls.flatMap((c) => {
    const type = c.controlType.trim().split('.')[0] || '3';
    return (c.endDevices ?? []).map((d) => {
      const meter = ctx.store.meter(d.mRID!)!;
      return {
        mRID: newMessageId(),
        createdDateTime: at,
        issuerID: c.issuerID,
        issuerTrackingID: c.issuerTrackingID,
        reason: 'customer program changed',
        meter: programEventMeter(meter.mRID, known, ctx.has),
        usagePoint: meter.usagePoint,
        eventType: programEventType(type === '0' ? '3' : type, ctx.has),
      };
    });
  });
  const url = ctx.subscribers.MDM;
  if (url && events.length && tellsProgramEvent(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
  return ctx.response(req, 'EndDeviceControls', 'OK', [], {
    root: buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    }),
  });
}

export const customerProgramsHandler: Handler = {
  name: 'change of customer program at the head-end',
  matches: (role, noun, verb) => loadControlHandler.matches(role, noun, verb),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    const noun = req.header?.noun || req.wrapperNoun || '';
    const verb = req.header?.verb ?? req.wrapperVerb ?? '';
    const controls = noun === 'EndDeviceControls' && verb === 'create' && req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
    if (controls.length && controls.every((c) => isProgramChange(c.controlType) && !c.actionCount && c.priceSignal === undefined)) return programChange(req, ctx, version);
    return loadControlHandler.handle(req, ctx, version, role);
  },
};
