/**
 * The reference MDM and head-end answering historical interval data (MR-04) over a large range in pages, a range
 * reaching where they have no data (Annex B 5.7), and the 2013 Annex M cancel of a long-running get
 * (features/historical-paging.feature). ./readings.ts hands it a get(MeterReadings) for the interval ReadingType over
 * a time window; it answers when the window is larger than a page (PAGE_INTERVALS) and the request gives a
 * ReplyAddress, or reaches before the history it keeps (HISTORY_DAYS) or past the last interval that has ended;
 * anything else goes on to the ordinary answer.
 *
 * Pages: each reply(MeterReadings) a ResponseMessage with the request's CorrelationID, Result PARTIAL with 0.1, the
 * last with 0.2 (CIM9-250): synchronously the reply is the first page and the rest go to the ReplyAddress, one every
 * PAGE_GAP_MS (ctx.later, so that the SUT is busy until the last is sent); with AsyncReplyFlag the reply only
 * acknowledges and every page goes there. A cancel(MeterReadings) naming the request in Request/ID
 * kind="transaction" (its MessageID, ENV-17) stops the pages still due and is answered OK; an unknown transaction is
 * FAILED 2.15. The faults are simulator/faults/historical-paging.ts.
 */
import { newMessageId, nowTimestamp, type ErrorItem, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { buildMeterReadings, type IntervalReadingValue } from '../../src/payloads/meterReadings.ts';
import { INTERVAL_RT, INTERVAL_SECONDS } from '../store.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';

/** the intervals of one page */
export const PAGE_INTERVALS = 64;
/** how far back the reference SUT keeps interval data */
export const HISTORY_DAYS = 400;
/** the time between two pages sent to the ReplyAddress */
export const PAGE_GAP_MS = 120;
/** fault paging-endless: how many pages without data follow the last one, and how often */
const ENDLESS_PAGES = 250;
const ENDLESS_GAP_MS = 5;

const STEP = INTERVAL_SECONDS * 1000;

/** the running paged answers of a simulator: MessageID (and CorrelationID) of the get → stop its pages still due */
const running = new WeakMap<SimContext, Map<string, () => void>>();

function runningOf(ctx: SimContext): Map<string, () => void> {
  let m = running.get(ctx);
  if (!m) running.set(ctx, (m = new Map()));
  return m;
}

/** the end instants of the 15-minute intervals of [start, end) */
function intervalEnds(start: number, end: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(start / STEP) * STEP + STEP; t <= end && out.length < 50_000; t += STEP) out.push(t);
  return out;
}

function page(ctx: SimContext, meter: { mRID: string; usagePoint: string }, ends: number[]): Message['payload'] {
  const readings: IntervalReadingValue[] = ends.map((t) => ({ timeStamp: nowTimestamp(() => new Date(t)), value: ctx.store.intervalValue(meter.mRID, new Date(t)) }));
  const first = ends[0];
  const last = ends[ends.length - 1];
  return {
    root: buildMeterReadings({
      meterReadings: [
        {
          meter: { mRID: meter.mRID },
          usagePoint: { mRID: meter.usagePoint },
          ...(first !== undefined && last !== undefined ? { valuesInterval: { start: nowTimestamp(() => new Date(first - STEP)), end: nowTimestamp(() => new Date(last)) } } : {}),
          intervalBlocks: [{ readingType: INTERVAL_RT, readings }],
        },
      ],
    }),
  };
}

/**
 * The answer to get(MeterReadings) for the interval ReadingType of one meter over `window`, when it is paged or
 * reaches where the SUT has no data; undefined: the ordinary answer (./readings.ts).
 */
export function historicalAnswer(req: ParsedMessage, ctx: SimContext, version: SoapVersion, known: string[], readingTypes: string[], window: { start?: string; end?: string } | undefined): Message | undefined {
  if (known.length !== 1 || readingTypes.length !== 1 || readingTypes[0] !== INTERVAL_RT || !window?.start) return undefined;
  const meter = ctx.store.meter(known[0]!);
  if (!meter) return undefined;
  const now = Date.now();
  const start = Date.parse(window.start);
  const end = window.end ? Date.parse(window.end) : now;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  const asked = intervalEnds(start, end);
  // data-unavailable-invented: every interval asked for has a value, even before the history or not yet ended
  const horizon = now - HISTORY_DAYS * 86_400_000;
  const available = ctx.has('data-unavailable-invented') ? asked : asked.filter((t) => t <= now && t - STEP >= horizon);
  const missing = asked.length - available.length;
  const h = req.header!;
  const paged = available.length > PAGE_INTERVALS && !!h.replyAddress;
  if (!missing && !paged) return undefined;
  const unavailable: ErrorItem = { code: '5.7', level: 'WARNING', reason: `${missing} of the ${asked.length} intervals asked for are not available (before the history kept or not yet ended)`, id: { value: meter.mRID, kind: 'name', objectType: 'EndDevice' } };
  if (!paged) {
    if (available.length === 0) return ctx.failed(req, 'MeterReadings', '5.7', `no interval data of meter ${meter.mRID} in ${window.start} – ${window.end ?? 'now'}`, { id: unavailable.id });
    // data-unavailable-ok-empty: the data there is, Result OK, nothing said of the rest
    if (ctx.has('data-unavailable-ok-empty')) return ctx.response(req, 'MeterReadings', 'OK', [], page(ctx, meter, available));
    // data-unavailable-partial-empty: PARTIAL with 5.7, but none of the data there is
    if (ctx.has('data-unavailable-partial-empty')) return ctx.response(req, 'MeterReadings', 'PARTIAL', [unavailable]);
    return ctx.response(req, 'MeterReadings', 'PARTIAL', [unavailable], page(ctx, meter, available));
  }
  // --- paged: split the intervals, with the faults of one page each
  const chunks: number[][] = [];
  for (let i = 0; i < available.length; i += PAGE_INTERVALS) chunks.push(available.slice(i, i + PAGE_INTERVALS));
  // paging-gap: the first interval of the second page is left out
  if (ctx.has('paging-gap') && chunks[1]) chunks[1] = chunks[1].slice(1);
  // paging-duplicate-interval: the second page repeats the last interval of the first
  if (ctx.has('paging-duplicate-interval') && chunks[1]) chunks[1] = [chunks[0]![chunks[0]!.length - 1]!, ...chunks[1]];
  // paging-outside-window: the last page holds one interval more, the one after the end of the range asked
  if (ctx.has('paging-outside-window')) chunks[chunks.length - 1]!.push(available[available.length - 1]! + STEP);
  // each page built when it is sent (its Header/Timestamp the time it leaves)
  const built = chunks.map((c, i) => (): Message => {
    const last = i === chunks.length - 1;
    // paging-never-final: the last page too says 0.1 (more results follow); paging-final-ok: it is Result OK without a code
    if (last && ctx.has('paging-final-ok')) return ctx.response(req, 'MeterReadings', 'OK', [], page(ctx, meter, c));
    const code = last && !ctx.has('paging-never-final') && !ctx.has('paging-endless') ? '0.2' : '0.1';
    const errors: ErrorItem[] = [{ code, level: 'INFORM', reason: code === '0.1' ? `page ${i + 1} of ${chunks.length}: more results follow` : `page ${i + 1} of ${chunks.length}: no further results` }];
    if (last && missing) errors.push(unavailable);
    const m = ctx.response(req, 'MeterReadings', 'PARTIAL', errors, page(ctx, meter, c));
    // paging-page-uncorrelated: the second page carries a CorrelationID of its own
    return i === 1 && ctx.has('paging-page-uncorrelated') && m.header ? { ...m, header: { ...m.header, correlationId: newMessageId() } } : m;
  });
  // paging-page-repeated: the second page is sent again right after it (a new MessageID, the same intervals)
  const messages = ctx.has('paging-page-repeated') && built.length > 2 ? [built[0]!, built[1]!, built[1]!, ...built.slice(2)] : built;
  const sync = !h.asyncReplyFlag;
  const later = sync ? messages.slice(1) : messages;
  const delays = later.map((_, i) => PAGE_GAP_MS * (i + 1));
  // paging-endless: after its last page (which says 0.1) pages without data saying 0.1 keep coming, ENDLESS_PAGES of
  // them, one every ENDLESS_GAP_MS
  if (ctx.has('paging-endless')) {
    const from = delays[delays.length - 1] ?? 0;
    for (let j = 0; j < ENDLESS_PAGES; j++) {
      later.push(() => ctx.response(req, 'MeterReadings', 'PARTIAL', [{ code: '0.1', level: 'INFORM', reason: 'more results follow' }]));
      delays.push(from + ENDLESS_GAP_MS * (j + 1));
    }
  }
  const table = runningOf(ctx);
  const keys = [h.messageId, h.correlationId].filter((k): k is string => !!k);
  const stops = later.map((m, i) =>
    ctx.later(delays[i]!, () => {
      ctx.publish(h.replyAddress!, m(), version);
      // the answer is complete: nothing left to cancel
      if (i === later.length - 1) for (const k of keys) table.delete(k);
    }),
  );
  const stop = () => {
    for (const s of stops) s();
  };
  if (later.length) for (const k of keys) table.set(k, stop);
  ctx.log(`paged answer of ${messages.length} page(s) for ${meter.mRID} to ${h.replyAddress}`);
  if (sync) return messages[0]!();
  return ctx.response(req, 'MeterReadings', 'OK', [{ code: '0.3', level: 'INFORM', reason: `request accepted; ${messages.length} pages follow at the ReplyAddress` }]);
}

/** cancel(MeterReadings) naming a running get in Request/ID kind="transaction" (2013 Annex M, ENV-17) */
export const getCancelHandler: Handler = {
  name: 'cancel(MeterReadings) (get/cancel)',
  matches: (role: SimRole, noun, verb) => (role === 'MDM' || role === 'HES') && noun === 'MeterReadings' && verb === 'cancel',
  handle(req, ctx) {
    const ids = (req.request?.ids ?? []).filter((i) => i.kind === 'transaction');
    if (!ids.length) return ctx.failed(req, 'MeterReadings', '1.6', 'no Request/ID kind="transaction" names the request to cancel');
    const table = runningOf(ctx);
    const stops = ids.map((i) => table.get(i.value.trim()));
    if (stops.some((s) => !s)) return ctx.failed(req, 'MeterReadings', '2.15', `no running request ${ids.map((i) => i.value).join(', ')} to cancel`);
    // get-cancel-refused: the running get is not found; get-cancel-ignored: it is answered OK and the pages go on
    if (ctx.has('get-cancel-refused')) return ctx.failed(req, 'MeterReadings', '2.15', `no running request ${ids.map((i) => i.value).join(', ')} to cancel`);
    if (!ctx.has('get-cancel-ignored')) for (const s of stops) s!();
    for (const i of ids) table.delete(i.value.trim());
    return ctx.response(req, 'MeterReadings', 'OK', []);
  },
};
