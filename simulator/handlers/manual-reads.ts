/**
 * The reference MDM told a register reading by the field system (MR-02 manual meter reading exchange): created(
 * MeterReadings) from work management or the metering system (the suite), whose Readings the MDM keeps as they came
 * (value, timeStamp, source, qualities) and returns when asked for that meter and ReadingType with a time window
 * that holds them (./readings.ts, registerReadings). A reading of a meter the MDM does not know is refused (2.4).
 * The faults are simulator/faults/manual-reads.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { readMeterReadings, type ReadingValue } from '../../src/payloads/meterReadings.ts';
import type { Handler, SimContext } from '../context.ts';
import { SOURCE } from '../context.ts';

/** the register readings the MDM keeps for a meter in a window [start, end), as it answers them */
export function storedRegisterReadings(ctx: SimContext, meter: string, readingType: string, start: number, end: number): ReadingValue[] {
  return ctx.store.storedReadings(meter, readingType, start, end).map((r) => ({
    readingType: r.readingType,
    value: r.value,
    timeStamp: r.timeStamp,
    reason: r.reason,
    source: r.source,
    qualities: r.qualities.length ? r.qualities : undefined,
  }));
}

export const manualReadsHandler: Handler = {
  name: 'created(MeterReadings) at the MDM',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'MeterReadings' && verb === 'created',
  handle(req: ParsedMessage, ctx: SimContext, _version: SoapVersion): Message {
    const mrs = req.payload?.root ? readMeterReadings(req.payload.root).meterReadings : [];
    const meterOf = (m: (typeof mrs)[number]) => m.meter?.mRID ?? m.meter?.names?.[0] ?? m.usagePoint?.mRID ?? m.usagePoint?.names?.[0];
    const unknown = mrs.filter((m) => {
      const id = meterOf(m);
      return !id || !ctx.store.meter(id);
    });
    if (unknown.length) return ctx.failed(req, 'MeterReadings', '2.4', `unknown meter ${unknown.map((m) => meterOf(m) ?? '(none)').join(', ')}`);
    // manual-read-not-stored: acknowledged, not kept
    if (!ctx.has('manual-read-not-stored')) {
      for (const m of mrs) {
        const meter = ctx.store.meter(meterOf(m)!)!;
        for (const r of m.readings ?? []) {
          ctx.store.storeReading(meter.mRID, {
            readingType: r.readingType,
            value: r.value,
            timeStamp: r.timeStamp,
            reason: r.reason,
            // manual-source-dropped: the MDM names itself as the source of what it keeps
            source: ctx.has('manual-source-dropped') ? SOURCE : r.source,
            // manual-quality-dropped: the qualities are not kept
            qualities: ctx.has('manual-quality-dropped') ? [] : (r.qualities ?? []).filter((q) => q.ref).map((q) => ({ ref: q.ref, comment: q.comment })),
          });
        }
      }
    }
    return ctx.response(req, 'MeterReadings', 'OK', []);
  },
};
