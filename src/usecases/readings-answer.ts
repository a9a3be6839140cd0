/**
 * What a responder answers to get(MeterReadings) (MR-03, MR-04): the pure part that the suite's own head-end
 * (src/usecases/peer.ts, the head-end behind an MDM SUT, P6 relay) and the reference SUT's MDM and head-end
 * (simulator/handlers/readings.ts) share. It reads the query and decides: refused (with its Annex B code), or
 * which meters are known and unknown, which ReadingTypes and which time window are asked for.
 */
import type { ErrorItem, ParsedMessage } from '../message/index.ts';
import { readGetMeterReadings } from '../payloads/meterReadings.ts';

export type ReadingsPlan =
  | { ok: false; code: string; reason: string }
  | {
      ok: true;
      /** every meter / usage point the query names, in its order */
      asked: string[];
      known: string[];
      unknown: string[];
      readingTypes: string[];
      window?: { start?: string; end?: string };
      /** one 2.4 error per unknown meter (a PARTIAL or FAILED reply carries them) */
      errors: ErrorItem[];
    };

/** the answer to a get(MeterReadings), decided from the query alone and what the responder knows */
export function planReadingsAnswer(req: ParsedMessage, responder: { knows(id: string): boolean; supports(readingType: string): boolean }): ReadingsPlan {
  const q = req.request?.query ? readGetMeterReadings(req.request.query) : { endDevices: [], usagePoints: [], readingTypes: [] };
  const asked = [...(q.endDevices ?? []), ...(q.usagePoints ?? [])];
  if (asked.length === 0) return { ok: false, code: '1.6', reason: 'no EndDevice or UsagePoint in the request' };
  const readingTypes = q.readingTypes ?? [];
  const unsupported = readingTypes.filter((rt) => !responder.supports(rt));
  if (unsupported.length) return { ok: false, code: '2.10', reason: `unsupported ReadingType ${unsupported.join(', ')}` };
  const known = asked.filter((id) => responder.knows(id));
  const unknown = asked.filter((id) => !responder.knows(id));
  const window = q.timePeriod ?? (req.request?.startTime ? { start: req.request.startTime, end: req.request.endTime } : undefined);
  const errors: ErrorItem[] = unknown.map((id) => ({ code: '2.4', level: 'FATAL', reason: `unknown meter ${id}`, id: { value: id, kind: 'name', objectType: 'EndDevice' } }));
  return { ok: true, asked, known, unknown, readingTypes, window, errors };
}
