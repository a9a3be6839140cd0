/** get(MeterReadings): the on-request read (MR-03, MR-04) and the OMS "ping" (EDE-01/02), both roles. */
import type { ErrorItem, Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { nowTimestamp } from '../../src/message/index.ts';
import { buildMeterReadings, readGetMeterReadings, MR, type MeterReadingValue } from '../../src/payloads/meterReadings.ts';
import { INTERVAL_RT, INTERVAL_SECONDS, REGISTER_RT } from '../store.ts';
import type { Handler, SimContext } from '../context.ts';
import { renamespace, valueBeforeTimeStamp, withoutReadingTypeOfReadings } from '../faults/mutations.ts';

/** the namespace of the 2011 draft's www. spelling, which the MeterReadings profile does not use (fault wrong-namespace) */
const WWW_MR = MR.replace('http://iec.ch/', 'http://www.iec.ch/');

function readingsFor(ctx: SimContext, meters: string[], readingTypes: string[], window?: { start?: string; end?: string }): MeterReadingValue[] {
  const { store, has } = ctx;
  const now = new Date();
  const wantRegister = readingTypes.length === 0 || readingTypes.includes(REGISTER_RT);
  const wantInterval = readingTypes.includes(INTERVAL_RT) || (readingTypes.length === 0 && !!window?.start);
  return meters.map((id) => {
    const m = store.meter(id)!;
    const shownId = has('readings-for-other-meter') ? ([...store.meters.keys()].find((k) => k !== m.mRID) ?? 'M-0000') : m.mRID;
    const mr: MeterReadingValue = { meter: { mRID: shownId }, usagePoint: { mRID: m.usagePoint } };
    if (wantRegister) {
      const value = store.registerValue(m.mRID, now);
      mr.readings = [
        {
          readingType: has('unresolved-reading-type') ? 'RT-REGISTER-KWH' : REGISTER_RT,
          value: has('non-numeric-value') ? value.replace('.', ',') : value,
          timeStamp: has('wrong-type') ? String(Math.floor(now.getTime() / 1000)) : nowTimestamp(() => now),
          reason: 'inquiry',
          qualities: has('illegal-quality-code') ? [{ ref: '7.4.4' }] : undefined,
        },
      ];
    }
    if (wantInterval && window?.start) {
      const start = Date.parse(window.start);
      const end = window.end ? Date.parse(window.end) : now.getTime();
      const readings = [];
      const step = (has('wrong-interval-spacing') ? 600 : INTERVAL_SECONDS) * 1000;
      for (let t = Math.ceil(start / step) * step + step, i = 0; t <= end && i < 10_000; t += step, i++) {
        if (has('interval-gap') && i === 2) continue;
        const reading = { timeStamp: nowTimestamp(() => new Date(t)), value: store.intervalValue(m.mRID, new Date(t)) };
        readings.push(reading);
        // the fourth, so that it composes with interval-gap (which leaves out the third)
        if (has('duplicate-interval') && i === 3) readings.push({ ...reading });
      }
      mr.intervalBlocks = [{ readingType: INTERVAL_RT, readings }];
    }
    return mr;
  });
}

function payloadOf(ctx: SimContext, meterReadings: MeterReadingValue[]): Message['payload'] {
  let root = buildMeterReadings({ meterReadings });
  // drop the mandatory ReadingType reference of every Reading (payloads.md §1.6: 1..1)
  if (ctx.has('schema-invalid-payload')) root = withoutReadingTypeOfReadings(root);
  if (ctx.has('elements-out-of-order')) root = valueBeforeTimeStamp(root);
  if (ctx.has('wrong-namespace')) root = renamespace(root, MR, WWW_MR);
  return { root };
}

export const readingsHandler: Handler = {
  name: 'get(MeterReadings)',
  matches: (_role, noun, verb) => noun === 'MeterReadings' && verb === 'get',
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
    const q = req.request?.query ? readGetMeterReadings(req.request.query) : { endDevices: [], usagePoints: [], readingTypes: [] };
    const asked = [...(q.endDevices ?? []), ...(q.usagePoints ?? [])];
    if (asked.length === 0) return ctx.failed(req, 'MeterReadings', '1.6', 'no EndDevice or UsagePoint in the request');
    const unknown = asked.filter((id) => !ctx.store.meter(id));
    const known = asked.filter((id) => ctx.store.meter(id));
    const rts = q.readingTypes ?? [];
    const unsupported = rts.filter((rt) => rt !== REGISTER_RT && rt !== INTERVAL_RT);
    if (unsupported.length) return ctx.failed(req, 'MeterReadings', '2.10', `unsupported ReadingType ${unsupported.join(', ')}`);
    const window = q.timePeriod ?? (req.request?.startTime ? { start: req.request.startTime, end: req.request.endTime } : undefined);
    const errors: ErrorItem[] = unknown.map((id) => ({ code: '2.4', level: 'FATAL', reason: `unknown meter ${id}`, id: { value: id, kind: 'name', objectType: 'EndDevice' } }));
    if (known.length === 0) return ctx.response(req, 'MeterReadings', 'FAILED', errors);
    const payload = payloadOf(ctx, readingsFor(ctx, known, rts, window));
    const h = req.header!;
    if (h.asyncReplyFlag && h.replyAddress) {
      const correlationId = h.correlationId ?? h.messageId;
      if (!ctx.has('no-async-reply')) {
        const verb = ctx.has('async-result-wrong-verb') ? 'changed' : 'created';
        ctx.publishLater(h.replyAddress, { kind: 'event', header: ctx.header(verb, 'MeterReadings', correlationId), payload }, version);
      }
      return ctx.response(req, 'MeterReadings', 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]);
    }
    return ctx.response(req, 'MeterReadings', unknown.length ? 'PARTIAL' : 'OK', errors, payload);
  },
};
