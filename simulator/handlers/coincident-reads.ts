/**
 * Coincident readings at the head-end (MR-09, use-cases.md §3.9, 2024 fig. 28): in edition 2024 the final
 * (disconnect) / initial (connect) register read the head-end sends the MDM after a switch (EDC-06 step 5,
 * ./controls.ts) is one MeterReading per meter holding the switch event (EndDeviceEvents, the same mRID, code and
 * createdDateTime as the created(EndDeviceEvents) outcome), isCoincidentTrigger=true, and the register Readings
 * (forward and reverse energy) with reason serviceDisconnect / serviceConnect taken at the event's time. Editions
 * 2013 and the 2011 draft keep the plain read (one register Reading with the reason, no trigger).
 *
 * MR-08 (§3.8, fig. 27): get(MeterReadings) whose GetMeterReadings carries the coincident request (MeterReadings:
 * isCoincidentTrigger, EndDeviceEvents/EndDeviceEventType, Meter, Readings/ReadingType) is answered with the
 * meter's last switch event of that type as the trigger and the register reading asked for at its time, in the same
 * shape (and with the same faults) as the read after the switch. A trigger that is not an event type is not
 * supported (FAILED 5.2); a meter without such an event gets FAILED 2.5 (no data).
 */
import type { Message, ParsedMessage } from '../../src/message/index.ts';
import { nowTimestamp } from '../../src/message/index.ts';
import { buildMeterReadings, readGetMeterReadings, type MeterReadingValue } from '../../src/payloads/meterReadings.ts';
import { REGISTER_RT, type Store } from '../store.ts';
import type { SimContext } from '../context.ts';
import { coincidentReason, coincidentTime, holdsTriggerEvent, plainSwitchRead, triggerFlag } from '../faults/coincident-reads.ts';

/** the reverse (exported) energy register (flow direction 19), the second register of a coincident read */
export const REVERSE_REGISTER_RT = '0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.72.0';

/**
 * whether the head-end speaks edition 2024: its schema pack is the project's 2024 pack (fixtures/schemas/2024 or
 * 2024-ed2), alone or under a user's folder (the pack's name is the profile's, so its layers tell)
 */
export function speaks2024(ctx: Pick<SimContext, 'pack'>): boolean {
  return ctx.pack.layers.some((l) => l.origin === 'own' && /^2024(-ed2)?$/.test(l.name));
}

/** what the head-end knows of a switch when it builds the read that follows it */
export interface SwitchRead {
  meter: string;
  usagePoint: string;
  reason: 'serviceDisconnect' | 'serviceConnect';
  /** the time of the switch event (its createdDateTime) */
  switchedAt: Date;
  /** when the registers are read (the switch time, or what a fault of EDC-06 makes of it) */
  readAt: Date;
  /** the switch event as told to the MDM */
  event: { mRID: string; code: string; createdDateTime: string };
}

/** the MeterReading of the read after a switch: the 2024 coincident shape, or the plain read of the other editions */
export function switchReadMeterReading(ctx: SimContext, s: SwitchRead): MeterReadingValue {
  remember(ctx, s);
  const base = { meter: { mRID: s.meter }, usagePoint: { mRID: s.usagePoint } };
  if (!speaks2024(ctx) || plainSwitchRead(ctx.has)) {
    return { ...base, readings: [{ readingType: REGISTER_RT, value: ctx.store.registerValue(s.meter, s.switchedAt), timeStamp: nowTimestamp(() => s.readAt), reason: s.reason }] };
  }
  const at = nowTimestamp(() => coincidentTime(s.readAt, ctx.has));
  const forward = ctx.store.registerValue(s.meter, s.switchedAt);
  // the reverse register of a consumer's meter: a small, deterministic value of its own
  const reverse = (Number.parseFloat(forward) / 50).toFixed(3);
  return {
    ...base,
    isCoincidentTrigger: triggerFlag(ctx.has),
    endDeviceEvents: holdsTriggerEvent(ctx.has) ? [{ mRID: s.event.mRID, createdDateTime: s.event.createdDateTime, eventType: s.event.code }] : [],
    readings: [
      { readingType: REGISTER_RT, value: forward, timeStamp: at, reason: coincidentReason(s.reason, 0, ctx.has) },
      { readingType: REVERSE_REGISTER_RT, value: reverse, timeStamp: at, reason: coincidentReason(s.reason, 1, ctx.has) },
    ],
  };
}

/** the last switch of each meter, per store (the trigger a coincident request asks for) */
const switches = new WeakMap<Store, Map<string, SwitchRead>>();

function remember(ctx: SimContext, s: SwitchRead): void {
  let m = switches.get(ctx.store);
  if (!m) switches.set(ctx.store, (m = new Map()));
  m.set(s.meter, s);
}

/** whether a get(MeterReadings) carries the coincident request of MR-08 (GetMeterReadings/MeterReadings) */
export function isCoincidentRequest(req: ParsedMessage): boolean {
  return !!req.request?.query && readGetMeterReadings(req.request.query).coincident !== undefined;
}

/** MR-08: the answer to a coincident request, built like the read after the switch it names */
export function coincidentAnswer(req: ParsedMessage, ctx: SimContext): Message {
  const c = readGetMeterReadings(req.request!.query!).coincident!;
  const id = c.meter ?? c.usagePoint;
  const meter = id ? ctx.store.meter(id) : undefined;
  if (!id) return ctx.failed(req, 'MeterReadings', '1.6', 'the coincident request names no Meter or UsagePoint');
  if (!meter) return ctx.failed(req, 'MeterReadings', '2.4', `unknown meter ${id}`);
  if (!c.eventType) return ctx.failed(req, 'MeterReadings', '5.2', 'only coincident requests triggered by an EndDeviceEventType are supported');
  if (c.readingType && c.readingType !== REGISTER_RT && c.readingType !== REVERSE_REGISTER_RT) return ctx.failed(req, 'MeterReadings', '2.10', `unsupported ReadingType ${c.readingType}`);
  const last = switches.get(ctx.store)?.get(meter.mRID);
  if (!last || last.event.code !== c.eventType) return ctx.failed(req, 'MeterReadings', '2.5', `meter ${meter.mRID} has no event ${c.eventType}`);
  const mr = switchReadMeterReading(ctx, last);
  // only the ReadingType asked for (none: every register)
  const readings = c.readingType ? (mr.readings ?? []).filter((r) => r.readingType === c.readingType) : mr.readings;
  return ctx.response(req, 'MeterReadings', 'OK', [], { root: buildMeterReadings({ meterReadings: [{ ...mr, readings }] }) });
}
