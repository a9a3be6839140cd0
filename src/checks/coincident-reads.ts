/**
 * Coincident readings (MR-09, use-cases.md §3.9, 2024 fig. 28; MR-08, §3.8): pure checks of the read the head-end
 * sends the MDM after a connect / disconnect in edition 2024. The read is one MeterReading of the meter that holds
 * its trigger — the switch event in EndDeviceEvents — says isCoincidentTrigger=true, and carries the register
 * Readings with the reason of the switch, taken at the event's createdDateTime (UC-15 tolerance).
 *
 *   MR-COINC-SHAPE    a read with no trigger at all (the 2013 shape): severity per CIM9-185 (warning by default)
 *   MR-COINC-TRIGGER  the MeterReading holding the trigger says isCoincidentTrigger=true
 *   MR-COINC-EVENT    it holds the switch event (CIM9-93 for the vendor form), with a createdDateTime
 *   MR-COINC-TIME     every coincident Reading is timestamped at the event's time (UC-15)
 *   MR-COINC-REASON   every coincident Reading carries serviceDisconnect / serviceConnect; there is at least one
 *
 * The read that follows the switch at all, and its reason and time relative to the switch, are EDC-SWITCH-READ
 * (./controls.ts, EDC-06.2); these checks add the coincident shape only. Pure: a payload root in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { assumed, severityOf } from './assume.ts';
import { instantMs } from './time.ts';
import { coincidenceSeconds, switchResultEvents } from './controls.ts';
import { children, type XNode } from '../xml/index.ts';
import { MR, readMeterReadings, type MeterReadingValue } from '../payloads/meterReadings.ts';

/** the switch whose read is checked */
export interface CoincidentSwitch {
  command: 'connect' | 'disconnect';
  /** the meter the control named */
  meter: string;
}

/** the reason of the coincident readings of a switch (payloads.md §0.4 ReadingReasonKind) */
export const SWITCH_REASON: Readonly<Record<CoincidentSwitch['command'], string>> = { disconnect: 'serviceDisconnect', connect: 'serviceConnect' };

const finding = placedRuleFinding;

/** xs:boolean true */
const isTrue = (v: string | undefined) => v !== undefined && ['true', '1'].includes(v.trim());

/** the MeterReadings of the payload with their nodes (in document order) */
function meterReadingsWithNodes(root: XNode): { mr: MeterReadingValue; node: XNode }[] {
  const nodes = children(root, MR, 'MeterReading');
  return readMeterReadings(root).meterReadings.map((mr, i) => ({ mr, node: nodes[i] ?? root }));
}

const namesMeter = (mr: MeterReadingValue, meter: string) => mr.meter?.mRID === meter || (mr.meter?.names ?? []).includes(meter);

/** a MeterReading that carries a trigger: the isCoincidentTrigger element, or events */
const carriesTrigger = (mr: MeterReadingValue) => mr.isCoincidentTrigger !== undefined || (mr.endDeviceEvents ?? []).length > 0;

/**
 * created(MeterReadings) after a switch, edition 2024 (MR-09): the coincident shape. A read without any trigger is
 * MR-COINC-SHAPE at the severity of CIM9-185; one with a trigger is checked in full.
 */
export function checkCoincidentSwitchRead(root: XNode, sw: CoincidentSwitch, ctx: CheckContext): Finding[] {
  const which = sw.command === 'disconnect' ? 'final' : 'initial';
  const mode = assumed(ctx, 'CIM9-185', 'warning');
  const shapeSeverity = severityOf(mode, 'warning') ?? 'warning';
  const mine = meterReadingsWithNodes(root).filter((x) => namesMeter(x.mr, sw.meter));
  if (!mine.length) return [finding('MR-COINC-SHAPE', 'error', `no MeterReading names meter ${sw.meter}, the meter of the ${sw.command}: there is no coincident read to check`, ctx, root, undefined, { expected: `a MeterReading of meter ${sw.meter}`, actual: 'none' })];
  const triggered = mine.filter((x) => carriesTrigger(x.mr));
  if (!triggered.length) {
    return [
      finding(
        'MR-COINC-SHAPE',
        shapeSeverity,
        `the ${which} read of meter ${sw.meter} is not in the coincident shape of edition 2024 (MR-09): no MeterReading of the meter holds the ${sw.command} event (EndDeviceEvents) nor says isCoincidentTrigger`,
        ctx,
        mine[0]!.node,
        { 'CIM9-185': mode },
        { expected: 'a MeterReading holding the switch event (EndDeviceEvents), isCoincidentTrigger true', actual: 'neither' },
      ),
    ];
  }
  const out: Finding[] = [];
  for (const { mr, node } of triggered) out.push(...checkTriggerMeterReading(mr, node, sw, ctx, { what: `the coincident ${which} read of meter ${sw.meter}`, reason: SWITCH_REASON[sw.command] }));
  return out;
}

/** what a coincident request (MR-08) asked for: the trigger (the switch event of the meter) and the ReadingType wanted */
export interface CoincidentRequest extends CoincidentSwitch {
  readingType: string;
}

/**
 * The answer to get(MeterReadings) with a coincident request (MR-08): a MeterReading of the meter holding the switch
 * event asked for as its trigger, isCoincidentTrigger=true, and at least one Reading of the ReadingType asked, each
 * Reading at the event's time (UC-15). An answer without any trigger is MR-COINC-SHAPE at the severity of CIM9-185.
 */
export function checkCoincidentAnswer(root: XNode, q: CoincidentRequest, ctx: CheckContext): Finding[] {
  const mode = assumed(ctx, 'CIM9-185', 'warning');
  const mine = meterReadingsWithNodes(root).filter((x) => namesMeter(x.mr, q.meter));
  const triggered = mine.filter((x) => carriesTrigger(x.mr));
  if (!triggered.length) {
    return [
      finding(
        'MR-COINC-SHAPE',
        severityOf(mode, 'warning') ?? 'warning',
        `the answer to the coincident request has ${mine.length ? `no MeterReading of meter ${q.meter} that holds a trigger (EndDeviceEvents) or says isCoincidentTrigger` : `no MeterReading of meter ${q.meter}`}`,
        ctx,
        mine[0]?.node ?? root,
        { 'CIM9-185': mode },
        { expected: `a MeterReading of meter ${q.meter} holding its trigger, isCoincidentTrigger true`, actual: mine.length ? 'no trigger' : 'no MeterReading of the meter' },
      ),
    ];
  }
  const out: Finding[] = [];
  for (const { mr, node } of triggered) out.push(...checkTriggerMeterReading(mr, node, q, ctx, { what: `the coincident answer for meter ${q.meter}`, readingType: q.readingType }));
  return out;
}

function checkTriggerMeterReading(mr: MeterReadingValue, node: XNode, sw: CoincidentSwitch, ctx: CheckContext, o: { what: string; reason?: string; readingType?: string }): Finding[] {
  const out: Finding[] = [];
  const what = o.what;
  // MR-COINC-TRIGGER
  if (!isTrue(mr.isCoincidentTrigger)) {
    out.push(
      finding(
        'MR-COINC-TRIGGER',
        'error',
        mr.isCoincidentTrigger === undefined
          ? `${what} holds its trigger (EndDeviceEvents) but does not say isCoincidentTrigger=true (the element is missing)`
          : `${what} says isCoincidentTrigger="${mr.isCoincidentTrigger}", not true, though it holds its trigger`,
        ctx,
        node,
        undefined,
        { expected: 'isCoincidentTrigger true', actual: mr.isCoincidentTrigger === undefined ? 'no isCoincidentTrigger' : `isCoincidentTrigger "${mr.isCoincidentTrigger}"` },
      ),
    );
  }
  // MR-COINC-EVENT: the switch event, with its time
  const codes = switchResultEvents(sw.command);
  const vendorMode = assumed(ctx, 'CIM9-93', 'accept');
  const events = mr.endDeviceEvents ?? [];
  const event = events.find((e) => codes.success.includes(e.eventType.trim()) || e.eventType.trim() === codes.vendor);
  let eventAt: number | undefined;
  if (!event) {
    const got = events.map((e) => e.eventType.trim() || '(no EndDeviceEventType)');
    out.push(
      finding(
        'MR-COINC-EVENT',
        'error',
        `${what} does not hold the ${sw.command} event that triggered it: ${got.length ? `its EndDeviceEvents are ${got.join(', ')}` : 'it has no EndDeviceEvents'}; expected ${codes.success.join(' or ')}${vendorMode === 'reject' ? '' : ` (or the vendor form ${codes.vendor})`}`,
        ctx,
        node,
        { 'CIM9-93': vendorMode },
        { expected: `${codes.success.join(' or ')}${vendorMode === 'reject' ? '' : ` or ${codes.vendor}`}`, actual: got.length ? `EndDeviceEvents ${got.join(', ')}` : 'no EndDeviceEvents' },
      ),
    );
  } else {
    const code = event.eventType.trim();
    if (code === codes.vendor && !codes.success.includes(code)) {
      const sev = vendorMode === 'reject' ? 'error' : vendorMode === 'warning' ? 'warning' : 'info';
      out.push(finding('MR-COINC-EVENT', sev, `${what} holds the ${sw.command} event in its vendor form ${code} (NA.RCDSwitch.ControlPoint), not the Annex E pair ${codes.success.join(' / ')}`, ctx, node, { 'CIM9-93': vendorMode }, { expected: codes.success.join(' or '), actual: `event type ${code}` }));
    }
    eventAt = instantMs(event.createdDateTime);
    if (eventAt === undefined) {
      out.push(finding('MR-COINC-EVENT', 'error', `the ${sw.command} event ${code} of ${what} has no valid createdDateTime${event.createdDateTime ? ` ("${event.createdDateTime}")` : ''}: the readings cannot be placed at it`, ctx, node, undefined, { expected: 'createdDateTime, an xs:dateTime', actual: event.createdDateTime ? `createdDateTime "${event.createdDateTime}"` : 'no createdDateTime' }));
    }
  }
  // MR-COINC-REASON (the read after a switch): at least one Reading, each with the reason of the switch
  const reason = o.reason;
  const readings = mr.readings ?? [];
  if (!readings.length) {
    out.push(finding(reason ? 'MR-COINC-REASON' : 'MR-COINC-TIME', 'error', `${what} carries no Readings: there is no register reading coincident with the ${sw.command}`, ctx, node, undefined, { expected: `at least one Reading${reason ? ` with reason ${reason}` : ''}`, actual: 'no Readings' }));
    return out;
  }
  // MR-COINC-TIME (a coincident request): a Reading of the ReadingType asked for
  if (o.readingType && !readings.some((r) => r.readingType.trim() === o.readingType)) {
    out.push(finding('MR-COINC-TIME', 'error', `${what} carries no Reading of the ReadingType asked for (${o.readingType}) at the time of the ${sw.command} event; its Readings are ${readings.map((r) => r.readingType || '(no ReadingType)').join(', ')}`, ctx, node, undefined, { expected: `a Reading of ReadingType ${o.readingType}`, actual: `Readings of ${readings.map((r) => r.readingType || '(no ReadingType)').join(', ')}` }));
  }
  const wrong = reason ? readings.filter((r) => r.reason?.trim() !== reason) : [];
  if (wrong.length) {
    out.push(
      finding(
        'MR-COINC-REASON',
        'error',
        `${wrong.length} of the ${readings.length} coincident Readings of ${what} carry ${wrong.map((r) => `${r.reason === undefined ? 'no reason' : `reason "${r.reason}"`} (${r.readingType || 'no ReadingType'})`).join(', ')}, not ${reason}`,
        ctx,
        node,
        undefined,
        { expected: `reason ${reason} on every Reading`, actual: wrong.map((r) => (r.reason === undefined ? 'no reason' : `reason "${r.reason}"`)).join(', ') },
      ),
    );
  }
  // MR-COINC-TIME: every Reading at the event's time, within UC-15
  if (eventAt !== undefined && event) {
    const tolerance = coincidenceSeconds(ctx);
    for (const r of readings) {
      const t = instantMs(r.timeStamp);
      if (t === undefined) {
        out.push(finding('MR-COINC-TIME', 'error', `the coincident Reading ${r.readingType || '(no ReadingType)'} of ${what} has no valid timeStamp${r.timeStamp ? ` ("${r.timeStamp}")` : ''}: it cannot be coincident with the ${sw.command} event`, ctx, node, { 'UC-15': String(tolerance) }, { expected: 'timeStamp, an xs:dateTime', actual: r.timeStamp ? `timeStamp "${r.timeStamp}"` : 'no timeStamp' }));
      } else if (Math.abs(t - eventAt) > tolerance * 1000) {
        const off = ((t - eventAt) / 1000).toFixed(3).replace(/\.?0+$/, '');
        out.push(
          finding(
            'MR-COINC-TIME',
            'error',
            `the coincident Reading ${r.readingType || '(no ReadingType)'} of ${what} is timestamped ${r.timeStamp}, ${off} s from the ${sw.command} event's createdDateTime ${event.createdDateTime} (UC-15 tolerance ±${tolerance} s)`,
            ctx,
            node,
            { 'UC-15': String(tolerance) },
            { expected: `a timeStamp within ±${tolerance} s of ${new Date(eventAt).toISOString()} (the event)`, actual: `timeStamp ${r.timeStamp} (${off} s off)` },
          ),
        );
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ MR-08, a reading as trigger

/** a coincident request whose trigger is a reading (MR-08, CIM9-210, CIM9-211): the readings wanted at its time */
export interface ReadingTriggerRequest {
  meter: string;
  /** the ReadingType of the trigger reading (a maximum of the period, CIM9-211) */
  trigger: string;
  /** the ReadingTypes wanted at the trigger's time */
  coincident: readonly string[];
  /** the timePeriod in which the trigger is sought (both ends included) */
  period: { start: string; end: string };
}

/**
 * The answer to get(MeterReadings) with a coincident request whose trigger is a reading (MR-08): a MeterReading of the
 * meter holds the trigger Reading (the ReadingType asked as trigger, a value, a timeStamp within the period asked:
 * MR-COINC-READING) and says isCoincidentTrigger=true (MR-COINC-TRIGGER); each ReadingType asked at its time has a
 * Reading of the meter timestamped at the trigger's timeStamp (MR-COINC-TIME, UC-15). An answer with neither a trigger
 * reading nor isCoincidentTrigger is MR-COINC-SHAPE at the severity of CIM9-185.
 */
export function checkReadingTriggerAnswer(root: XNode, q: ReadingTriggerRequest, ctx: CheckContext): Finding[] {
  const mode = assumed(ctx, 'CIM9-185', 'warning');
  const form = assumed(ctx, 'CIM9-210', 'trigger-in-readings');
  const mine = meterReadingsWithNodes(root).filter((x) => namesMeter(x.mr, q.meter));
  const isTrigger = (r: { readingType: string }) => r.readingType.trim() === q.trigger;
  const holding = mine.filter((x) => (x.mr.readings ?? []).some(isTrigger));
  if (!holding.length && !mine.some((x) => x.mr.isCoincidentTrigger !== undefined)) {
    return [
      finding(
        'MR-COINC-SHAPE',
        severityOf(mode, 'warning') ?? 'warning',
        `the answer to the request for the readings coincident with the ${q.trigger} reading of meter ${q.meter} ${mine.length ? 'holds no Reading of that ReadingType and no MeterReading of the meter says isCoincidentTrigger' : `has no MeterReading of meter ${q.meter}`}`,
        ctx,
        mine[0]?.node ?? root,
        { 'CIM9-185': mode },
        { expected: `a Reading of trigger ReadingType ${q.trigger}, isCoincidentTrigger true`, actual: mine.length ? 'neither' : 'no MeterReading of the meter' },
      ),
    ];
  }
  const what = `the coincident answer for meter ${q.meter}`;
  const out: Finding[] = [];
  const triggers = holding.flatMap((x) => (x.mr.readings ?? []).filter(isTrigger).map((r) => ({ r, x })));
  if (!triggers.length) {
    out.push(finding('MR-COINC-READING', 'error', `${what} holds no Reading of the trigger ReadingType ${q.trigger} (CIM9-210 = ${form}): the readings cannot be placed at the trigger's time`, ctx, mine[0]?.node ?? root, { 'CIM9-210': form }, { expected: `a Reading of trigger ReadingType ${q.trigger}`, actual: 'none' }));
    return out;
  }
  if (triggers.length > 1) {
    out.push(finding('MR-COINC-READING', 'error', `${what} holds ${triggers.length} Readings of the trigger ReadingType ${q.trigger} (timeStamps ${triggers.map((t) => t.r.timeStamp ?? 'none').join(', ')}): a coincident request has one trigger`, ctx, triggers[1]!.x.node, undefined, { expected: 'one trigger Reading', actual: `${triggers.length} (timeStamps ${triggers.map((t) => t.r.timeStamp ?? 'none').join(', ')})` }));
  }
  const { r: trigger, x: holder } = triggers[0]!;
  // MR-COINC-TRIGGER: the MeterReading that holds the trigger reading says so
  if (!isTrue(holder.mr.isCoincidentTrigger)) {
    out.push(
      finding(
        'MR-COINC-TRIGGER',
        'error',
        holder.mr.isCoincidentTrigger === undefined
          ? `the MeterReading of meter ${q.meter} that holds the trigger reading ${q.trigger} does not say isCoincidentTrigger=true (the element is missing)`
          : `the MeterReading of meter ${q.meter} that holds the trigger reading ${q.trigger} says isCoincidentTrigger="${holder.mr.isCoincidentTrigger}", not true`,
        ctx,
        holder.node,
        undefined,
        { expected: 'isCoincidentTrigger true', actual: holder.mr.isCoincidentTrigger === undefined ? 'no isCoincidentTrigger' : `isCoincidentTrigger "${holder.mr.isCoincidentTrigger}"` },
      ),
    );
  }
  // MR-COINC-READING: a value and a timeStamp within the period asked
  if (trigger.value === undefined || !trigger.value.trim()) out.push(finding('MR-COINC-READING', 'error', `the trigger Reading ${q.trigger} of ${what} has no value`, ctx, holder.node, undefined, { expected: 'a value', actual: 'no value' }));
  const at = instantMs(trigger.timeStamp);
  const start = instantMs(q.period.start);
  const end = instantMs(q.period.end);
  if (at === undefined) {
    out.push(finding('MR-COINC-READING', 'error', `the trigger Reading ${q.trigger} of ${what} has no valid timeStamp${trigger.timeStamp ? ` ("${trigger.timeStamp}")` : ''}: the coincident readings cannot be placed at it`, ctx, holder.node, undefined, { expected: 'timeStamp, an xs:dateTime', actual: trigger.timeStamp ? `timeStamp "${trigger.timeStamp}"` : 'no timeStamp' }));
  } else if (start !== undefined && end !== undefined && (at < start || at > end)) {
    out.push(finding('MR-COINC-READING', 'error', `the trigger Reading ${q.trigger} of ${what} is timestamped ${trigger.timeStamp}, outside the timePeriod asked ${q.period.start} – ${q.period.end}: it is not the trigger of that period`, ctx, holder.node, undefined, { expected: `a timeStamp within ${q.period.start} – ${q.period.end}`, actual: `timeStamp ${trigger.timeStamp}` }));
  }
  // MR-COINC-TIME: each ReadingType asked, at the trigger's time
  const tolerance = coincidenceSeconds(ctx);
  const others = mine.flatMap((x) => (x.mr.readings ?? []).filter((r) => !isTrigger(r)).map((r) => ({ r, node: x.node })));
  for (const rt of q.coincident) {
    const got = others.filter((o) => o.r.readingType.trim() === rt);
    if (!got.length) {
      out.push(finding('MR-COINC-TIME', 'error', `${what} carries no Reading of the ReadingType asked for (${rt}) at the time of the trigger reading; its other Readings are ${others.map((o) => o.r.readingType || '(no ReadingType)').join(', ') || 'none'}`, ctx, holder.node, undefined, { expected: `a Reading of ReadingType ${rt}`, actual: `Readings of ${others.map((o) => o.r.readingType || '(no ReadingType)').join(', ') || 'none'}` }));
      continue;
    }
    if (at === undefined) continue;
    for (const { r, node } of got) {
      const t = instantMs(r.timeStamp);
      if (t === undefined) {
        out.push(finding('MR-COINC-TIME', 'error', `the coincident Reading ${rt} of ${what} has no valid timeStamp${r.timeStamp ? ` ("${r.timeStamp}")` : ''}: it cannot be coincident with the trigger reading`, ctx, node, { 'UC-15': String(tolerance) }, { expected: 'timeStamp, an xs:dateTime', actual: r.timeStamp ? `timeStamp "${r.timeStamp}"` : 'no timeStamp' }));
      } else if (Math.abs(t - at) > tolerance * 1000) {
        const off = ((t - at) / 1000).toFixed(3).replace(/\.?0+$/, '');
        out.push(finding('MR-COINC-TIME', 'error', `the coincident Reading ${rt} of ${what} is timestamped ${r.timeStamp}, ${off} s from the trigger reading's timeStamp ${trigger.timeStamp} (UC-15 tolerance ±${tolerance} s)`, ctx, node, { 'UC-15': String(tolerance) }, { expected: `a timeStamp within ±${tolerance} s of ${new Date(at).toISOString()} (the trigger)`, actual: `timeStamp ${r.timeStamp} (${off} s off)` }));
      }
    }
  }
  return out;
}
