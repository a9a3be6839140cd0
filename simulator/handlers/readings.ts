/** get(MeterReadings): the on-request read (MR-03, MR-04), the OMS "ping" (EDE-01/02) and the power-quality measurements after a disturbance (EDE-08), both roles. */
import type { ErrorItem, Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { nowTimestamp } from '../../src/message/index.ts';
import { buildMeterReadings, MR, readGetMeterReadings, type MeterReadingValue, type ReadingValue } from '../../src/payloads/meterReadings.ts';
import { planReadingsAnswer } from '../../src/usecases/readings-answer.ts';
import { relayRead } from './relay.ts';
import { coincidentAnswer, isCoincidentRequest } from './coincident-reads.ts';
import { intervalTimes, readingTypeDefinitions, shapeIntervalData } from './reading-shapes.ts';
import { INTERVAL_RT, INTERVAL_SECONDS, REGISTER_RT } from '../store.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { storedRegisterReadings } from './manual-reads.ts';
import { answeredReason, billingReadings, isBillingDeterminant } from './billing-inquiry.ts';
import { isPqReadingType, keptPqAnswer, pqAnswer } from './pq-readings.ts';
import { renamespace, valueBeforeTimeStamp, withoutReadingTypeOfReadings } from '../faults/mutations.ts';
import { historicalAnswer } from './historical-paging.ts';
import { historyFromStore, isRelayedHistory, relayHistory } from './relay-history.ts';

/** the namespace of the 2011 draft's www. spelling, which the MeterReadings profile does not use (fault wrong-namespace) */
const WWW_MR = MR.replace('http://iec.ch/', 'http://www.iec.ch/');

/** the meter a reply names for meter `id` (fault readings-for-other-meter: another meter of the store) */
export function shownMeter(ctx: SimContext, id: string): string {
  return ctx.has('readings-for-other-meter') ? ([...ctx.store.meters.keys()].find((k) => k !== id) ?? 'M-0000') : id;
}

/**
 * the register Reading the SUT writes for a value read at `at`, with the faults of one reading; its reason is the
 * request's (MR-05), inquiry when the request gives none
 */
export function registerReading(ctx: SimContext, value: string, at: Date, reason?: string): ReadingValue {
  const { has } = ctx;
  return {
    readingType: has('unresolved-reading-type') ? 'RT-REGISTER-KWH' : REGISTER_RT,
    value: has('non-numeric-value') ? value.replace('.', ',') : value,
    timeStamp: has('wrong-type') ? String(Math.floor(at.getTime() / 1000)) : nowTimestamp(() => at),
    reason: answeredReason(ctx, reason),
    qualities: has('illegal-quality-code') ? [{ ref: '7.4.4' }] : undefined,
  };
}

/**
 * the register Readings of a meter: without a time window the value now (a fresh read); with one, the readings the
 * MDM was sent for that time (MR-02, ./manual-reads.ts), else its own value at the end of the window (not after now)
 */
function registerReadings(ctx: SimContext, meter: string, now: Date, window: { start?: string; end?: string } | undefined, reason: string | undefined): ReadingValue[] {
  if (!window?.start) return [registerReading(ctx, ctx.store.registerValue(meter, now), now, reason)];
  const start = Date.parse(window.start);
  const end = Math.min(window.end ? Date.parse(window.end) : now.getTime(), now.getTime());
  const stored = storedRegisterReadings(ctx, meter, REGISTER_RT, start, end + 1);
  if (stored.length) return stored;
  // register-read-outside-period: the value now, whatever the period asked
  const at = ctx.has('register-read-outside-period') ? now : new Date(end);
  return [registerReading(ctx, ctx.store.registerValue(meter, at), at, reason)];
}

function readingsFor(ctx: SimContext, role: SimRole, meters: string[], readingTypes: string[], window?: { start?: string; end?: string }, reason?: string): MeterReadingValue[] {
  const { store, has } = ctx;
  const now = new Date();
  const wantRegister = readingTypes.length === 0 || readingTypes.includes(REGISTER_RT);
  const wantInterval = readingTypes.includes(INTERVAL_RT) || (readingTypes.length === 0 && !!window?.start);
  return meters.map((id) => {
    const m = store.meter(id)!;
    const mr: MeterReadingValue = { meter: { mRID: shownMeter(ctx, m.mRID) }, usagePoint: { mRID: m.usagePoint } };
    if (wantRegister) mr.readings = registerReadings(ctx, m.mRID, now, window, reason);
    // MR-05: the billing determinants asked for
    const billing = billingReadings(ctx, m.mRID, readingTypes, reason, now);
    if (billing.length) mr.readings = [...(mr.readings ?? []), ...billing];
    // EDE-08, the get form: at the head-end the power-quality measurements of the last disturbance at the meter, at the
    // MDM those it was told (CIM9-213)
    const pq = role === 'MDM' ? keptPqAnswer(ctx, m.mRID, readingTypes, window) : pqAnswer(ctx, m.mRID, readingTypes, window);
    if (pq.length) mr.readings = [...(mr.readings ?? []), ...pq];
    if (wantInterval && window?.start) {
      const start = Date.parse(window.start);
      const end = window.end ? Date.parse(window.end) : now.getTime();
      const readings = [];
      const step = (has('wrong-interval-spacing') ? 600 : INTERVAL_SECONDS) * 1000;
      // the end of each interval of [start, end) (MR-06, ./reading-shapes.ts)
      for (const [i, t] of intervalTimes(ctx, start, end, step).entries()) {
        if (has('interval-gap') && i === 2) continue;
        const reading = { timeStamp: nowTimestamp(() => new Date(t)), value: store.intervalValue(m.mRID, new Date(t)) };
        readings.push(reading);
        // the fourth, so that it composes with interval-gap (which leaves out the third)
        if (has('duplicate-interval') && i === 3) readings.push({ ...reading });
      }
      mr.intervalBlocks = [{ readingType: INTERVAL_RT, readings }];
      return shapeIntervalData(ctx, mr, window, now);
    }
    return mr;
  });
}

export function payloadOf(ctx: SimContext, meterReadings: MeterReadingValue[]): Message['payload'] {
  let root = buildMeterReadings({ meterReadings, readingTypes: readingTypeDefinitions(ctx, meterReadings) });
  // drop the mandatory ReadingType reference of every Reading (payloads.md §1.6: 1..1)
  if (ctx.has('schema-invalid-payload')) root = withoutReadingTypeOfReadings(root);
  if (ctx.has('elements-out-of-order')) root = valueBeforeTimeStamp(root);
  if (ctx.has('wrong-namespace')) root = renamespace(root, MR, WWW_MR);
  return { root };
}

/**
 * the head-end's answer to a fresh read naming meters that cannot give one: Error 5.7 per such meter, the others read;
 * FAILED when none was read, PARTIAL otherwise (hes-unavailable-read-ok: Result OK, no Error, the others' readings only)
 */
function unreadableAnswer(req: ParsedMessage, ctx: SimContext, known: string[], unread: string[], rts: string[], errors: ErrorItem[]): Message {
  const read = known.filter((id) => !unread.includes(id));
  const payload = payloadOf(ctx, readingsFor(ctx, 'HES', read, rts));
  if (ctx.has('hes-unavailable-read-ok')) return ctx.response(req, 'MeterReadings', 'OK', [], payload);
  const unavailable = unread.map((id) => ({ code: '5.7', level: 'FATAL' as const, reason: `meter ${id} could not be read: its register read is unavailable`, id: { value: id, objectType: 'EndDevice' } }));
  return ctx.response(req, 'MeterReadings', read.length ? 'PARTIAL' : 'FAILED', [...errors, ...unavailable], read.length ? payload : undefined);
}

export const readingsHandler: Handler = {
  name: 'get(MeterReadings)',
  matches: (role, noun, verb) => (role === 'MDM' || role === 'HES') && noun === 'MeterReadings' && verb === 'get',
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    // MR-08: a coincident request (GetMeterReadings/MeterReadings), at the head-end and at the MDM (from its own data)
    if (isCoincidentRequest(req)) return coincidentAnswer(req, ctx);
    // unsupported-reading-type-answered: every ReadingType is taken as supported (what it does not measure is answered with nothing)
    const plan = planReadingsAnswer(req, { knows: (id) => !!ctx.store.meter(id), supports: (rt) => ctx.has('unsupported-reading-type-answered') || rt === REGISTER_RT || rt === INTERVAL_RT || isBillingDeterminant(rt) || isPqReadingType(rt) });
    if (!plan.ok) return ctx.failed(req, 'MeterReadings', plan.code, plan.reason);
    const { known, unknown, errors, window } = plan;
    const rts = plan.readingTypes;
    if (known.length === 0) return ctx.response(req, 'MeterReadings', 'FAILED', errors);
    // Reading/reason of the query: a billing inquiry (MR-05) is answered from the MDM's own data, with that reason
    const reason = req.request?.query ? readGetMeterReadings(req.request.query).reason : undefined;
    // MR-04: a large range in pages, or a range reaching where the SUT has no data (5.7) (./historical-paging.ts)
    if (unknown.length === 0 && reason === undefined) {
      // P6 relay of MR-04: interval data the MDM does not hold (before its history) is asked of its head-end (./relay-history.ts)
      if (isRelayedHistory(ctx, role, known, rts, window)) return ctx.has('history-relay-from-store') ? historyFromStore(req, ctx, known[0]!, window!) : relayHistory(req, ctx, version, known[0]!, rts[0]!, window!);
      const hist = historicalAnswer(req, ctx, version, known, rts, window);
      if (hist) return hist;
    }
    // P6 relay: the MDM with an upstream head-end asks it for a fresh on-request read (synchronous, no time window, no reason)
    if (role === 'MDM' && ctx.upstream.HES && !ctx.has('relay-from-store') && !window && reason === undefined && unknown.length === 0 && !req.header?.asyncReplyFlag) return relayRead(req, ctx, version, known, rts);
    const h = req.header!;
    // ECITP 2.09 error condition: a fresh read at the head-end of a meter that cannot give one (./controls.ts)
    if (role === 'HES' && !window && reason === undefined) {
      const unread = known.filter((id) => ctx.store.meter(id)?.unreadable);
      if (unread.length) return unreadableAnswer(req, ctx, known, unread, rts, errors);
    }
    // P6 relay of an asynchronous read: acknowledged now; the head-end is asked, and its values go to the ReplyAddress
    if (role === 'MDM' && ctx.upstream.HES && !ctx.has('relay-from-store') && !window && reason === undefined && unknown.length === 0 && h.asyncReplyFlag && h.replyAddress) {
      const replyAddress = h.replyAddress;
      const correlationId = h.correlationId ?? h.messageId;
      // pending from now: the SUT is not idle while the head-end is asked and the result is due
      const due = ctx.activity.schedule();
      void relayRead(req, ctx, version, known, rts)
        .then((m) => {
          sendReadResult(ctx, replyAddress, correlationId, m.payload, version);
        })
        .catch((e) => ctx.log(`sim MDM: the relayed asynchronous read failed: ${String(e)}`))
        .finally(() => due());
      return ctx.response(req, 'MeterReadings', 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]);
    }
    const payload = payloadOf(ctx, readingsFor(ctx, role, known, rts, window, reason));
    if (h.asyncReplyFlag && h.replyAddress) {
      const correlationId = h.correlationId ?? h.messageId;
      sendReadResult(ctx, h.replyAddress, correlationId, payload, version);
      return ctx.response(req, 'MeterReadings', 'OK', [{ code: '0.3', level: 'INFORM', reason: 'request accepted; the result follows at the ReplyAddress' }]);
    }
    return ctx.response(req, 'MeterReadings', unknown.length ? 'PARTIAL' : 'OK', errors, payload);
  },
};

/**
 * The asynchronous result of a read, to the requester's ReplyAddress: created(MeterReadings) with the request's
 * CorrelationID, whether the values are the SUT's own or its head-end's (P6), with the faults of the result in one place
 * (no-async-reply: never sent; async-result-wrong-verb: changed(MeterReadings))
 */
function sendReadResult(ctx: SimContext, replyAddress: string, correlationId: string | undefined, payload: Message['payload'], version: SoapVersion): void {
  if (ctx.has('no-async-reply')) return;
  const verb = ctx.has('async-result-wrong-verb') ? 'changed' : 'created';
  ctx.publishLater(replyAddress, { kind: 'event', header: ctx.header(verb, 'MeterReadings', correlationId), payload }, version);
}
