/**
 * Pairing of a PAN device at the head-end (PAN-01, use-cases.md §8.1).
 *
 * create(EndDeviceControls) with the pairing-window-open code (x.10.73.298, codes.md §6.3): the first EndDevice of
 * the control is a meter the head-end knows (the PAN gateway), the others the PAN devices to pair (the head-end learns
 * them from the control). An unknown meter is FAILED 2.4, a control naming no PAN device FAILED 1.7. The reply OK
 * returns the control; the head-end then tells its MDM (`ctx.subscribers.MDM`) one created(EndDeviceEvents) per
 * pairing with the discovery 0.10.5.54 and the accepted 0.10.74.17 event of each PAN device (domain 10, vendor codes),
 * carrying the control's issuerID / issuerTrackingID.
 * Reached through ./load-control.ts, which owns create(EndDeviceControls) at the head-end.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceControls, type ReadEndDeviceControl } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import type { SimContext } from '../context.ts';
import { pairedDevice, pairingCode, pairingTold } from '../faults/pan-pairing.ts';

const tail = (code: string) => code.trim().slice(code.trim().indexOf('.'));

/** a control that opens the pairing window (x.10.73.298) */
export const isPairingControl = (c: Pick<ReadEndDeviceControl, 'controlType'>): boolean => tail(c.controlType) === '.10.73.298';

/** the discovery and the accepted event of a PAN device paired (codes.md §6.4, vendor) */
export const PAIRING_EVENTS = ['0.10.5.54', '0.10.74.17'] as const;

export function pairingControls(req: ParsedMessage, controls: ReadEndDeviceControl[], ctx: SimContext, version: SoapVersion): Message {
  const unsupported = controls.filter((c) => !isPairingControl(c));
  if (unsupported.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `control type ${unsupported.map((c) => c.controlType || '(none)').join(', ')} cannot be combined with a pairing window`);
  const gateways = controls.map((c) => c.endDevices?.[0]?.mRID ?? '');
  const unknown = gateways.filter((m) => !ctx.store.meter(m));
  if (unknown.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  if (controls.some((c) => (c.endDevices ?? []).length < 2)) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the pairing window names no PAN device (EndDevices after the meter)');
  const at = new Date();
  const events: EndDeviceEventValue[] = controls.flatMap((c) =>
    (c.endDevices ?? []).slice(1).flatMap((d) =>
      PAIRING_EVENTS.map((code) => ({
        mRID: newMessageId(),
        createdDateTime: nowTimestamp(() => at),
        issuerID: c.issuerID,
        issuerTrackingID: c.issuerTrackingID,
        meter: pairedDevice(d.mRID ?? '', ctx.has),
        eventType: pairingCode(code, ctx.has),
        reason: 'pan pairing',
      })),
    ),
  );
  const url = ctx.subscribers.MDM;
  if (url && events.length && pairingTold(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
  return ctx.response(req, 'EndDeviceControls', 'OK', [], {
    root: buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    }),
  });
}
