/**
 * Pairing of a PAN device at the head-end (PAN-01, use-cases.md §8.1).
 *
 * create(EndDeviceControls) with the pairing-window-open code (x.10.73.298, codes.md §6.3): the first EndDevice of
 * the control is a meter the head-end knows (the PAN gateway), the others the PAN devices to pair (the head-end learns
 * them from the control). An unknown meter is FAILED 2.4, a control naming no PAN device FAILED 1.7. The reply OK
 * returns the control; the head-end then tells its MDM (`ctx.subscribers.MDM`) one created(EndDeviceEvents) per
 * pairing with the discovery 0.10.5.54 and the accepted 0.10.74.17 event of each PAN device (domain 10, vendor codes),
 * carrying the control's issuerID / issuerTrackingID.
 *
 * The field of the PAN devices (the stimuli of src/usecases/stimuli.ts, meters [meter, PAN device]):
 * - pan-pairing-refused: the meter cannot pair the device (its install code does not match): a window listing it ends
 *   in the discovery and the failure 0.10.74.85 Association Failed, never the accepted event;
 * - pan-out-of-range: the device is out of range: a window listing it stays open, waiting for it;
 * - pan-join: the device comes into range and asks to join: paired (discovery, accepted) while a window of the meter
 *   lists it; after the window closed, refused (0.10.74.85).
 * The control that closes the pairing window (x.10.73.299) of a known meter is answered OK and returned; the devices
 * the window waited for are paired no more. Open and close in one request are FAILED 5.2.
 * Reached through ./load-control.ts, which owns create(EndDeviceControls) at the head-end.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceControls, type ReadEndDeviceControl } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import type { SimContext } from '../context.ts';
import { closeIgnored, pairedDevice, pairingCode, pairingTold, refusedOutcome } from '../faults/pan-pairing.ts';

const tail = (code: string) => code.trim().slice(code.trim().indexOf('.'));

const isOpen = (c: Pick<ReadEndDeviceControl, 'controlType'>) => tail(c.controlType) === '.10.73.298';
const isClose = (c: Pick<ReadEndDeviceControl, 'controlType'>) => tail(c.controlType) === '.10.73.299';

/** a control that opens (x.10.73.298) or closes (x.10.73.299) the pairing window */
export const isPairingControl = (c: Pick<ReadEndDeviceControl, 'controlType'>): boolean => isOpen(c) || isClose(c);

/** the discovery and the accepted event of a PAN device paired (codes.md §6.4, vendor) */
export const PAIRING_EVENTS = ['0.10.5.54', '0.10.74.17'] as const;
/** the failure of a pairing: Association Failed (codes.md §6.4, vendor) */
export const PAIRING_FAILED = '0.10.74.85';

/** the PAN stimuli the head-end takes (src/usecases/stimuli.ts PAN_DEVICE_STIMULI) */
export type PanDeviceStimulus = 'pan-pairing-refused' | 'pan-out-of-range' | 'pan-join';
export const isPanDeviceStimulus = (e: unknown): e is PanDeviceStimulus => e === 'pan-pairing-refused' || e === 'pan-out-of-range' || e === 'pan-join';

interface Issuer {
  issuerID?: string;
  issuerTrackingID?: string;
}

/** the field of the PAN devices and the open pairing windows of one reference head-end */
interface PanField {
  refused: Set<string>;
  away: Set<string>;
  /** meter → the PAN devices its open window waits for, with the control that listed them */
  windows: Map<string, Map<string, Issuer>>;
}

const fields = new WeakMap<object, PanField>();
function fieldOf(ctx: SimContext): PanField {
  let f = fields.get(ctx);
  if (!f) fields.set(ctx, (f = { refused: new Set(), away: new Set(), windows: new Map() }));
  return f;
}

function pairingEvents(ctx: SimContext, device: string, issuer: Issuer, codes: readonly string[]): EndDeviceEventValue[] {
  const at = new Date();
  return codes.map((code) => ({
    mRID: newMessageId(),
    createdDateTime: nowTimestamp(() => at),
    issuerID: issuer.issuerID,
    issuerTrackingID: issuer.issuerTrackingID,
    meter: pairedDevice(device, ctx.has),
    eventType: pairingCode(code, ctx.has),
    reason: 'pan pairing',
  }));
}

function tell(ctx: SimContext, events: EndDeviceEventValue[], version: SoapVersion): void {
  const url = ctx.subscribers.MDM;
  if (url && events.length && pairingTold(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
}

export function pairingControls(req: ParsedMessage, controls: ReadEndDeviceControl[], ctx: SimContext, version: SoapVersion): Message {
  const unsupported = controls.filter((c) => !isPairingControl(c));
  if (unsupported.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `control type ${unsupported.map((c) => c.controlType || '(none)').join(', ')} cannot be combined with a pairing window`);
  const closing = controls.filter(isClose);
  if (closing.length && closing.length !== controls.length) return ctx.failed(req, 'EndDeviceControls', '5.2', 'a pairing window cannot be opened and closed in one request');
  const gateways = controls.map((c) => c.endDevices?.[0]?.mRID ?? '');
  const unknown = gateways.filter((m) => !ctx.store.meter(m));
  if (unknown.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  const field = fieldOf(ctx);
  if (closing.length) {
    // pairing-after-close: answered OK, but the windows stay open
    if (!closeIgnored(ctx.has)) for (const m of gateways) field.windows.delete(m);
  } else {
    if (controls.some((c) => (c.endDevices ?? []).length < 2)) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the pairing window names no PAN device (EndDevices after the meter)');
    const events: EndDeviceEventValue[] = [];
    for (const c of controls) {
      const meter = c.endDevices?.[0]?.mRID ?? '';
      const issuer = { issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID };
      for (const d of (c.endDevices ?? []).slice(1)) {
        const device = d.mRID ?? '';
        if (field.refused.has(device)) events.push(...pairingEvents(ctx, device, issuer, [PAIRING_EVENTS[0], refusedOutcome(PAIRING_FAILED, ctx.has)]));
        else if (field.away.has(device)) {
          let w = field.windows.get(meter);
          if (!w) field.windows.set(meter, (w = new Map()));
          w.set(device, issuer);
        } else events.push(...pairingEvents(ctx, device, issuer, PAIRING_EVENTS));
      }
    }
    tell(ctx, events, version);
  }
  return ctx.response(req, 'EndDeviceControls', 'OK', [], {
    root: buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    }),
  });
}

/** a PAN device stimulus at a meter (meters [meter, PAN device]) */
export function fieldPanDevice(ctx: SimContext, meter: string, meters: readonly string[] | undefined, event: PanDeviceStimulus, version: SoapVersion): { ok: true } | { ok: false; status: number; error: string } {
  const m = ctx.store.meter(meter);
  if (!m || m.mRID !== meter) return { ok: false, status: 404, error: `meter ${meter} is not installed at the head-end` };
  const device = meters?.[1];
  if (!device) return { ok: false, status: 400, error: `${event} names no PAN device (meters [meter, PAN device])` };
  const field = fieldOf(ctx);
  if (event === 'pan-pairing-refused') field.refused.add(device);
  else if (event === 'pan-out-of-range') field.away.add(device);
  else {
    field.away.delete(device);
    const w = field.windows.get(meter);
    const issuer = w?.get(device);
    if (issuer) {
      w!.delete(device);
      tell(ctx, pairingEvents(ctx, device, issuer, PAIRING_EVENTS), version);
    } else tell(ctx, pairingEvents(ctx, device, {}, [PAIRING_FAILED]), version);
  }
  return { ok: true };
}
