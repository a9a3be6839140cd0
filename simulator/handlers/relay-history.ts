/**
 * P6 relay of historical interval data (MR-04 through the MDM, issue 12): the reference MDM keeps the interval data of
 * its meters for HISTORY_DAYS (./historical-paging.ts); its head-end keeps them longer (HEAD_END_HISTORY_DAYS). A
 * get(MeterReadings) for the interval ReadingType of one meter over a range that starts before the MDM's history and
 * ends inside its head-end's is data the MDM does not hold: with an upstream head-end it asks the head-end the same
 * question (Request/StartTime–EndTime, its own MessageID and CorrelationID, and its own ReplyAddress,
 * <base>/mdm, where the head-end sends the later pages of a large range: Result PARTIAL 0.1 … 0.2, MR-04 / UC-12).
 * It takes every page (relayPagesHandler: a reply(MeterReadings) at its endpoint with the CorrelationID of a running
 * relay), waits for the last one (no 0.1), and answers the CIS once with every interval of every page, unchanged,
 * Result OK; the head-end's FAILED is relayed with its Errors. The faults of ../faults/relay-history.ts break one
 * aspect of it.
 */
import { newMessageId, nowTimestamp, type Header, type Message, type ParsedMessage, type SoapVersion } from '../../src/message/index.ts';
import { buildGetMeterReadings, readMeterReadings, type IntervalReadingValue } from '../../src/payloads/meterReadings.ts';
import { INTERVAL_RT, INTERVAL_SECONDS } from '../store.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { HISTORY_DAYS } from './historical-paging.ts';
import { payloadOf, shownMeter } from './readings.ts';
import { askUpstream } from './upstream.ts';

const DAY = 86_400_000;
const STEP = INTERVAL_SECONDS * 1000;
/** how far back the reference MDM's head-end keeps interval data (what the MDM may ask it for) */
export const HEAD_END_HISTORY_DAYS = 1000;
/** how long the MDM waits for the later pages of its head-end (the CIS's request is open meanwhile) */
export const PAGES_WAIT_MS = 10_000;

interface Collector {
  pages: ParsedMessage[];
  wake?: () => void;
}

/** the relays waiting for pages, per simulator: the CorrelationID of the MDM's request → its collector */
const waiting = new WeakMap<SimContext, Map<string, Collector>>();

function waitingOf(ctx: SimContext): Map<string, Collector> {
  let m = waiting.get(ctx);
  if (!m) waiting.set(ctx, (m = new Map()));
  return m;
}

/** is this a get of interval data the MDM does not hold and asks its head-end for? */
export function isRelayedHistory(ctx: SimContext, role: SimRole, known: readonly string[], readingTypes: readonly string[], window: { start?: string; end?: string } | undefined): boolean {
  if (role !== 'MDM' || !ctx.upstream.HES || known.length !== 1 || readingTypes.length !== 1 || readingTypes[0] !== INTERVAL_RT || !window?.start) return false;
  const now = Date.now();
  const start = Date.parse(window.start);
  const end = window.end ? Date.parse(window.end) : now;
  if (!Number.isFinite(start) || !Number.isFinite(end) || start >= end) return false;
  return start < now - HISTORY_DAYS * DAY && end > now - HEAD_END_HISTORY_DAYS * DAY;
}

const codesOf = (m: ParsedMessage): string[] => (m.reply?.errors ?? []).map((e) => e.code.trim());
const moreFollow = (m: ParsedMessage): boolean => m.reply?.result === 'PARTIAL' && codesOf(m).includes('0.1');

/** the interval readings of one meter and ReadingType in a page */
function intervalsOf(m: ParsedMessage, meter: string, readingType: string): IntervalReadingValue[] {
  const root = m.payload?.root;
  if (!root || root.name !== 'MeterReadings') return [];
  return readMeterReadings(root)
    .meterReadings.filter((mr) => mr.meter?.mRID === meter || mr.usagePoint?.mRID === meter || !mr.meter)
    .flatMap((mr) => (mr.intervalBlocks ?? []).filter((b) => b.readingType === readingType).flatMap((b) => b.readings ?? []));
}

/** the MDM's answer to the CIS with `readings` of the meter (its own interval block) */
function answer(ctx: SimContext, req: ParsedMessage, meter: string, readingType: string, result: 'OK' | 'PARTIAL' | 'FAILED', errors: NonNullable<NonNullable<ParsedMessage['reply']>['errors']>, readings: IntervalReadingValue[]): Message {
  const m = ctx.store.meter(meter);
  const mr = { meter: { mRID: shownMeter(ctx, m?.mRID ?? meter) }, ...(m ? { usagePoint: { mRID: m.usagePoint } } : {}), intervalBlocks: [{ readingType, readings }] };
  return ctx.response(req, 'MeterReadings', result, errors, readings.length ? payloadOf(ctx, [mr]) : undefined);
}

/**
 * fault history-relay-from-store: the MDM answers the range from what it makes of its own store (a value for every
 * interval), without asking its head-end
 */
export function historyFromStore(req: ParsedMessage, ctx: SimContext, meter: string, window: { start?: string; end?: string }): Message {
  const start = Date.parse(window.start ?? '');
  const end = window.end ? Date.parse(window.end) : Date.now();
  const readings: IntervalReadingValue[] = [];
  for (let t = Math.ceil(start / STEP) * STEP + STEP; t <= end && readings.length < 50_000; t += STEP) readings.push({ timeStamp: nowTimestamp(() => new Date(t)), value: ctx.store.intervalValue(meter, new Date(t)) });
  return answer(ctx, req, meter, INTERVAL_RT, 'OK', [], readings);
}

export async function relayHistory(req: ParsedMessage, ctx: SimContext, version: SoapVersion, meter: string, readingType: string, window: { start?: string; end?: string }): Promise<Message> {
  const url = ctx.upstream.HES!;
  const correlationId = newMessageId();
  // its own MessageID and CorrelationID; its ReplyAddress for the later pages (fault history-relay-no-reply-address: none)
  const replyAddress = ctx.self.url && !ctx.has('history-relay-no-reply-address') ? `${ctx.self.url}/mdm` : undefined;
  const header: Header = { ...ctx.header('get', 'MeterReadings'), correlationId, ...(replyAddress ? { replyAddress } : {}) };
  const ask: Message = { kind: 'request', header, request: { ...(window.start ? { startTime: window.start } : {}), ...(window.end ? { endTime: window.end } : {}), query: buildGetMeterReadings({ endDevices: [meter], readingTypes: [readingType] }) } };
  const table = waitingOf(ctx);
  const collector: Collector = { pages: [] };
  table.set(correlationId, collector);
  try {
    const a = await askUpstream(ctx, url, ask, version, 'get(MeterReadings) historical interval data');
    if (!a.ok) return ctx.failed(req, 'MeterReadings', '5.3', `the head-end did not answer the historical read: ${a.why}`);
    const pages = [a.message];
    // the later pages at the ReplyAddress (fault history-relay-first-page-only: not waited for)
    const deadline = Date.now() + PAGES_WAIT_MS;
    while (moreFollow(pages[pages.length - 1]!) && !ctx.has('history-relay-first-page-only')) {
      const next = collector.pages.shift();
      if (next) {
        pages.push(next);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        collector.wake = () => {
          clearTimeout(t);
          r();
        };
      });
      collector.wake = undefined;
    }
    ctx.log(`sim MDM: ${pages.length} page(s) of the head-end's historical answer for ${meter}`);
    const last = pages[pages.length - 1]!;
    if (last.reply?.result === 'FAILED') return ctx.response(req, 'MeterReadings', 'FAILED', last.reply.errors ?? []);
    const perPage = pages.map((p) => intervalsOf(p, meter, readingType));
    // history-relay-gap: the first interval of the second page is left out
    if (ctx.has('history-relay-gap') && perPage[1]?.length) perPage[1] = perPage[1].slice(1);
    const readings = perPage.flat().map((r) => (ctx.has('history-relay-alters-value') && r.value !== undefined && Number.isFinite(Number(r.value)) ? { ...r, value: (Number(r.value) + 1).toFixed(3) } : r));
    const complete = !moreFollow(last) || ctx.has('history-relay-first-page-only');
    if (!complete) return answer(ctx, req, meter, readingType, 'PARTIAL', [{ code: '5.7', level: 'WARNING', reason: `the head-end did not send its last page within ${PAGES_WAIT_MS} ms` }], readings);
    // history-relay-final-partial: the complete answer says more results follow (the code of the head-end's first page)
    if (ctx.has('history-relay-final-partial')) return answer(ctx, req, meter, readingType, 'PARTIAL', [{ code: '0.1', level: 'INFORM', reason: 'more results follow' }], readings);
    return answer(ctx, req, meter, readingType, 'OK', [], readings);
  } finally {
    // history-relay-first-page-only: the later pages are still taken (acknowledged), and dropped
    if (ctx.has('history-relay-first-page-only')) ctx.later(2_000, () => table.delete(correlationId));
    else table.delete(correlationId);
  }
}

/** the MDM takes a later page of its head-end (reply(MeterReadings) with the CorrelationID of a running relay) */
export const relayPagesHandler: Handler = {
  name: 'reply(MeterReadings) (a page of the head-end, P6 relay of MR-04)',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'MeterReadings' && verb === 'reply',
  handle(req, ctx) {
    const id = req.header?.correlationId?.trim() ?? '';
    const c = waitingOf(ctx).get(id);
    if (!c) return ctx.failed(req, 'MeterReadings', '2.15', `no running request of the MDM with CorrelationID ${id || '(none)'}`);
    c.pages.push(req);
    c.wake?.();
    return ctx.response(req, 'MeterReadings', 'OK', []);
  },
};
