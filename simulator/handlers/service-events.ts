/**
 * The events the head-end tells its MDM (`ctx.subscribers.MDM`) about meter service and the premises
 * (use-cases.md §5.2, §5.3, §8.2), each caused by a stimulus:
 * - meter-change-out [old, new] (MSR-02): the store swaps the meters (the new one takes the old one's usage point),
 *   then created(EndDeviceEvents) with the removal of the old meter (3.6.0.212, 60 s ago) and the installation of the
 *   new one (3.6.0.105, 30 s ago);
 * - tamper (MSR-03): created(EndDeviceEvents) with 3.12.0.257 TamperDetected of the meter;
 * - pan-event (PAN-02): created(EndDeviceEvents) with the events of two PAN devices at the meter's usage point, an
 *   in-premises display that lost its link (15.1.0.47) and a thermostat with a low battery (19.2.22.150).
 * The faults are simulator/faults/service-events.ts.
 */
import type { SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceEvents, type EndDeviceEventTypeValue, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import type { SimContext } from '../context.ts';

export const METER_REMOVED = '3.6.0.212';
export const METER_INSTALLED = '3.6.0.105';
export const TAMPER_DETECTED = '3.12.0.257';
export const IHD_LINK_LOST = '15.1.0.47';
export const PCT_LOW_BATTERY = '19.2.22.150';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  [METER_REMOVED]: 'ElectricMeter.Installation.NA.Removed',
  [METER_INSTALLED]: 'ElectricMeter.Installation.NA.Installed',
  [TAMPER_DETECTED]: 'ElectricMeter.Security.NA.TamperDetected',
  [IHD_LINK_LOST]: 'InPremisesDisplay.Communication.NA.LossDetected',
  [PCT_LOW_BATTERY]: 'ProgCtlThermostat.Battery.Charge.MinLimitReached',
};

function definitions(events: readonly EndDeviceEventValue[]): EndDeviceEventTypeValue[] {
  return [...new Set(events.map((e) => e.eventType))].flatMap((code) => (TYPE_NAMES[code] ? [{ code, name: TYPE_NAMES[code]! }] : []));
}

/** created(EndDeviceEvents) with the events and their EndDeviceEventType definitions */
function publishEvents(ctx: SimContext, url: string, events: EndDeviceEventValue[], version: SoapVersion): void {
  // service-events-request-verb: the request verb (CreateEndDeviceEvents) instead of the event
  const present = ctx.has('service-events-request-verb');
  ctx.publish(url, { kind: present ? 'request' : 'event', header: ctx.header(present ? 'create' : 'created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events, definitions(events)) } }, version);
}

export type ServiceEventStimulus = 'meter-change-out' | 'tamper' | 'pan-event';

export function isServiceEventStimulus(event: unknown): event is ServiceEventStimulus {
  return event === 'meter-change-out' || event === 'tamper' || event === 'pan-event';
}

/** a tamper event code: x.12.y.257 (domain 12 Security, 257 TamperDetected) */
export function isTamper(code: string): boolean {
  const p = code.split('.');
  return p.length === 4 && p[1] === '12' && p[3] === '257';
}

/**
 * The MDM forwards the tamper events the head-end told it to its CIS (`ctx.subscribers.CIS`, MSR-03 step 2): the same
 * events (code, meter, time), in created(EndDeviceEvents). Nothing when there is none or no CIS subscriber.
 */
export function forwardTamper(ctx: SimContext, events: readonly EndDeviceEventValue[], version: SoapVersion): void {
  const url = ctx.subscribers.CIS;
  const tamper = events.filter((e) => isTamper(e.eventType));
  // tamper-not-forwarded: the MDM keeps the tamper to itself
  if (!url || !tamper.length || ctx.has('tamper-not-forwarded')) return;
  const out = tamper.map((e) => ({ mRID: e.mRID ?? newMessageId(), createdDateTime: e.createdDateTime ?? nowTimestamp(), meter: e.meter, usagePoint: e.usagePoint ?? (e.meter ? ctx.store.meter(e.meter)?.usagePoint : undefined), severity: e.severity, eventType: e.eventType }));
  publishEvents(ctx, url, out, version);
}

/** a change-out event code (MSR-02): domain 6 Installation, 212 Removed, 105 Installed or 27 ChangeOut */
export function isChangeOut(code: string): boolean {
  const p = code.split('.');
  return p.length === 4 && p[1] === '6' && ['212', '105', '27'].includes(p[3]!);
}

/**
 * The MDM forwards the change-out events the head-end told it to its CIS (`ctx.subscribers.CIS`, MSR-02: "MS → MDM (and
 * MDM → CIS)", CIM9-246): the same events (code, meter, time), in created(EndDeviceEvents). Faults changeout-not-forwarded
 * (nothing) and changeout-removal-not-forwarded (the installation only).
 */
export function forwardChangeOut(ctx: SimContext, events: readonly EndDeviceEventValue[], version: SoapVersion): void {
  const url = ctx.subscribers.CIS;
  const removal = (code: string) => code.split('.')[3] === '212';
  const changeOut = events.filter((e) => isChangeOut(e.eventType) && !(ctx.has('changeout-removal-not-forwarded') && removal(e.eventType)));
  if (!url || !changeOut.length || ctx.has('changeout-not-forwarded')) return;
  const out = changeOut.map((e) => ({ mRID: e.mRID ?? newMessageId(), createdDateTime: e.createdDateTime ?? nowTimestamp(), meter: e.meter, usagePoint: e.usagePoint ?? (e.meter ? ctx.store.meter(e.meter)?.usagePoint : undefined), severity: e.severity, eventType: e.eventType }));
  publishEvents(ctx, url, out, version);
}

/** what the control endpoint answers: 202 accepted, 404 unknown meter, 409 new meter already installed */
export type ServiceEventOutcome = { ok: true } | { ok: false; status: 404 | 409; error: string };

const ts = (ms: number) => nowTimestamp(() => new Date(ms));

/** the change-out events (MSR-02): the removal of the old meter, then the installation of the new one */
function changeOutEvents(ctx: SimContext, oldMeter: string, newMeter: string, usagePoint: string, now: number): EndDeviceEventValue[] {
  // changeout-installed-before-removed: the removal dated after the installation
  const swapped = ctx.has('changeout-installed-before-removed');
  const removal: EndDeviceEventValue = {
    mRID: newMessageId(),
    createdDateTime: ts(now - (swapped ? 30_000 : 60_000)),
    meter: oldMeter,
    usagePoint,
    reason: 'meter change-out',
    // changeout-wrong-domain: the removal coded in domain 7 Configuration
    eventType: ctx.has('changeout-wrong-domain') ? '3.7.0.212' : METER_REMOVED,
  };
  const installation: EndDeviceEventValue = { mRID: newMessageId(), createdDateTime: ts(now - (swapped ? 60_000 : 30_000)), meter: newMeter, usagePoint, reason: 'meter change-out', eventType: METER_INSTALLED };
  // changeout-new-meter-missing: the installation of the new meter left out
  return ctx.has('changeout-new-meter-missing') ? [removal] : [removal, installation];
}

/** a change-out, a tamper or a PAN device event at a meter (the simulator's stimulus): the head-end tells its MDM */
export function fieldServiceEvent(ctx: SimContext, meter: string, meters: readonly string[] | undefined, event: ServiceEventStimulus, version: SoapVersion): ServiceEventOutcome {
  const m = ctx.store.meter(meter);
  if (!m || m.mRID !== meter) return { ok: false, status: 404, error: `meter ${meter} is not installed at the head-end` };
  const now = Date.now();
  let events: EndDeviceEventValue[];
  if (event === 'meter-change-out') {
    const newMeter = meters?.[1];
    if (!newMeter) return { ok: false, status: 404, error: 'meter-change-out names no new meter (meters [old, new])' };
    if (ctx.store.meter(newMeter)) return { ok: false, status: 409, error: `meter ${newMeter} is already installed` };
    ctx.store.meters.delete(m.mRID);
    ctx.store.meters.set(newMeter, { ...m, mRID: newMeter });
    events = changeOutEvents(ctx, m.mRID, newMeter, m.usagePoint, now);
  } else if (event === 'tamper') {
    // tamper-wrong-domain: TamperDetected in domain 26 Power instead of 12 Security
    events = [{ mRID: newMessageId(), createdDateTime: ts(now), severity: 'Alarm', meter: m.mRID, usagePoint: m.usagePoint, eventType: ctx.has('tamper-wrong-domain') ? '3.26.0.257' : TAMPER_DETECTED }];
  } else {
    events = [
      { mRID: newMessageId(), createdDateTime: ts(now - 5_000), meter: `IHD-${m.mRID}`, usagePoint: m.usagePoint, eventType: IHD_LINK_LOST },
      {
        mRID: newMessageId(),
        createdDateTime: ts(now),
        meter: `PCT-${m.mRID}`,
        usagePoint: m.usagePoint,
        // pan-event-meter-type: the thermostat's event typed 3 ElectricMeter instead of 19 ProgCtlThermostat
        eventType: ctx.has('pan-event-meter-type') ? '3.2.22.150' : PCT_LOW_BATTERY,
        details: [{ name: 'batteryVoltage', value: '2.2' }],
      },
    ];
  }
  const url = ctx.subscribers.MDM;
  if (url) publishEvents(ctx, url, events, version);
  return { ok: true };
}
