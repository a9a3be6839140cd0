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
 * shape (and with the same faults) as the read after the switch. A meter without such an event gets FAILED 2.5 (no
 * data). A trigger that is a reading (no EndDeviceEventType; CIM9-210: MeterReadings/Readings names the trigger
 * ReadingType and the root ReadingType the readings wanted, or the other way round) is answered by
 * readingTriggerAnswer: the maximum 15-minute demand of the meter in the timePeriod asked (TRIGGER_RTS), and the
 * register(s) asked at its time, in one MeterReading with isCoincidentTrigger=true. Both roles answer it.
 */
import type { Message, ParsedMessage } from '../../src/message/index.ts';
import { nowTimestamp } from '../../src/message/index.ts';
import { buildMeterReadings, readGetMeterReadings, type MeterReadingValue } from '../../src/payloads/meterReadings.ts';
import { INTERVAL_SECONDS, MAX_DEMAND_RT, REGISTER_RT, type MeterRecord, type Store } from '../store.ts';
import type { SimContext } from '../context.ts';
import { coincidentReason, coincidentTime, holdsTriggerEvent, plainSwitchRead, triggerFlag, triggerReadingFaults } from '../faults/coincident-reads.ts';

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
  if (!c.eventType) return readingTriggerAnswer(req, ctx, meter);
  if (c.readingType && c.readingType !== REGISTER_RT && c.readingType !== REVERSE_REGISTER_RT) return ctx.failed(req, 'MeterReadings', '2.10', `unsupported ReadingType ${c.readingType}`);
  const last = switches.get(ctx.store)?.get(meter.mRID);
  if (!last || last.event.code !== c.eventType) return ctx.failed(req, 'MeterReadings', '2.5', `meter ${meter.mRID} has no event ${c.eventType}`);
  const mr = switchReadMeterReading(ctx, last);
  // only the ReadingType asked for (none: every register)
  const readings = c.readingType ? (mr.readings ?? []).filter((r) => r.readingType === c.readingType) : mr.readings;
  return ctx.response(req, 'MeterReadings', 'OK', [], { root: buildMeterReadings({ meterReadings: [{ ...mr, readings }] }) });
}

/** the trigger readings the reference SUT keeps with their time (CIM9-211): the maximum 15-minute power ABC (kW), the billing-period maximum demand */
export const TRIGGER_RTS: readonly string[] = ['0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0', MAX_DEMAND_RT];

/** the registers the reference SUT reads at the time of a trigger */
const COINCIDENT_RTS: readonly string[] = [REGISTER_RT, REVERSE_REGISTER_RT];

/** the longest period in which the reference SUT seeks a trigger reading */
const MAX_PERIOD_MS = 31 * 86_400_000;

/** the 15-minute demand (kW) of a meter in the interval ending at `t`: its 15-minute energy × 4 */
const demandAt = (store: Store, meter: string, t: number): number => Number.parseFloat(store.intervalValue(meter, new Date(t))) * 4;

/**
 * MR-08 with a reading as trigger: the maximum 15-minute demand of the meter in the period asked (the interval ending
 * in (start, end], not after now; the first on a tie) is the trigger Reading, stamped with the end of its interval; the
 * register(s) asked come at that time. The faults of ../faults/coincident-reads.ts (triggerReadingFaults) leave the
 * trigger out, seek it a day before the period, or stamp the register an interval after it.
 */
function readingTriggerAnswer(req: ParsedMessage, ctx: SimContext, meter: MeterRecord): Message {
  const q = readGetMeterReadings(req.request!.query!);
  const c = q.coincident!;
  const roots = q.readingTypes ?? [];
  // CIM9-210: the trigger is whichever ReadingType of the two places is a trigger the SUT keeps
  const trigger = c.readingType && TRIGGER_RTS.includes(c.readingType) ? c.readingType : roots.find((rt) => TRIGGER_RTS.includes(rt));
  if (!trigger) return ctx.failed(req, 'MeterReadings', '5.2', `no trigger: neither an EndDeviceEventType nor a trigger ReadingType (${TRIGGER_RTS.join(', ')})`);
  const wanted = trigger === c.readingType ? roots : [c.readingType!];
  const asked = wanted.length ? wanted : [REGISTER_RT];
  const unsupported = asked.filter((rt) => !COINCIDENT_RTS.includes(rt));
  if (unsupported.length) return ctx.failed(req, 'MeterReadings', '2.10', `unsupported ReadingType ${unsupported.join(', ')} at the time of a trigger`);
  const now = Date.now();
  const step = INTERVAL_SECONDS * 1000;
  const end = Math.min(c.timePeriod?.end ? Date.parse(c.timePeriod.end) : now, now);
  const start = c.timePeriod?.start ? Date.parse(c.timePeriod.start) : end - 86_400_000;
  if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) return ctx.failed(req, 'MeterReadings', '1.6', 'the timePeriod of the coincident request is not a period');
  if (end - start > MAX_PERIOD_MS) return ctx.failed(req, 'MeterReadings', '1.6', 'a trigger is sought in at most 31 days');
  const faults = triggerReadingFaults(ctx.has);
  // coincident-trigger-outside-period: the maximum of the day before the period
  const shift = faults.outsidePeriod ? 86_400_000 : 0;
  let best: { t: number; kw: number } | undefined;
  for (let t = Math.floor((start - shift) / step) * step + step; t <= end - shift; t += step) {
    const kw = demandAt(ctx.store, meter.mRID, t);
    if (!best || kw > best.kw) best = { t, kw };
  }
  if (!best) return ctx.failed(req, 'MeterReadings', '2.5', `no interval of meter ${meter.mRID} ends in the period asked`);
  const at = best.t;
  const stamp = (t: number) => nowTimestamp(() => new Date(t));
  // coincident-reading-off-trigger: the registers are stamped an interval after the trigger
  const readAt = faults.offTrigger ? at + step : at;
  const forward = ctx.store.registerValue(meter.mRID, new Date(readAt));
  const registers = asked.map((rt) => ({ readingType: rt, value: rt === REGISTER_RT ? forward : (Number.parseFloat(forward) / 50).toFixed(3), timeStamp: stamp(readAt) }));
  const mr: MeterReadingValue = {
    isCoincidentTrigger: triggerFlag(ctx.has),
    meter: { mRID: meter.mRID },
    // coincident-reading-trigger-missing: the trigger Reading is left out
    readings: [...(faults.triggerMissing ? [] : [{ readingType: trigger, value: best.kw.toFixed(3), timeStamp: stamp(at) }]), ...registers],
    usagePoint: { mRID: meter.usagePoint },
  };
  return ctx.response(req, 'MeterReadings', 'OK', [], { root: buildMeterReadings({ meterReadings: [mr] }) });
}
