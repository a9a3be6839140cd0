/**
 * EUMED messages the suite's peers send: get(MeterReadingSet) for one Annex M message kind of some
 * metering points over a period (UC-35 query), and created(MeterReadingSet) from the head-end to the MDM
 * (the raw data the MDM validates and estimates). The query form is the suite's choice (see
 * fixtures/schemas/2024/eumed/wrappers/GetMeterReadingSetMessage.xsd): Request StartTime/EndTime, one ID per
 * metering point and Option ReadingType = the 18-part code of the message kind (EUM-13).
 */
import type { Header, Message, ParsedMessage } from '../message/index.ts';
import { buildMeterReadingSet, type BuildOptions } from './payload.ts';
import { EUMED_NOUN, type MessageKind, type MeterReadingSetValue } from './model.ts';
import { DEFAULT_READING_TYPES, readingTypeCode } from './readingTypes.ts';
import type { Period } from './rules.ts';
import { utcStamp } from './time.ts';

export const READING_TYPE_OPTION = 'ReadingType';

/** the 18-part code of a kind's ReadingType (EUM-13: the profile's code, else the eumed.md §5 default) */
export function readingTypeCodeOf(kind: MessageKind, profileKinds?: Partial<Record<MessageKind, string>>): string {
  const fromProfile = profileKinds?.[kind];
  if (fromProfile) return fromProfile;
  const c = readingTypeCode(DEFAULT_READING_TYPES[kind]);
  if (!c.ok) throw new Error(`internal: the default ReadingType of ${kind} does not compose: ${c.problem}`);
  return c.value;
}

export interface EumedQuery {
  usagePoints: string[];
  period: Period;
  /** 18-part ReadingType codes asked for */
  readingTypes: string[];
}

/** get(MeterReadingSet) */
export function getMeterReadingSetMessage(header: Header, q: EumedQuery): Message {
  return {
    kind: 'request',
    header: { ...header, verb: 'get', noun: EUMED_NOUN },
    request: {
      startTime: utcStamp(q.period.start),
      endTime: utcStamp(q.period.end),
      options: q.readingTypes.map((value) => ({ name: READING_TYPE_OPTION, value })),
      ids: q.usagePoints.map((value) => ({ value })),
    },
  };
}

/** the query of a get(MeterReadingSet) as the reference SUT reads it */
export function readEumedQuery(req: ParsedMessage): { usagePoints: string[]; start?: string; end?: string; readingTypes: string[] } {
  const r = req.request;
  return {
    usagePoints: (r?.ids ?? []).map((i) => i.value).filter((v) => v !== ''),
    start: r?.startTime,
    end: r?.endTime,
    readingTypes: (r?.options ?? []).filter((o) => o.name === READING_TYPE_OPTION && o.value).map((o) => o.value!),
  };
}

/** created(MeterReadingSet): a publication, or the head-end delivering raw data to the MDM */
export function meterReadingSetEvent(header: Header, set: MeterReadingSetValue, o: BuildOptions = {}): Message {
  return { kind: 'event', header: { ...header, verb: 'created', noun: EUMED_NOUN }, payload: { root: buildMeterReadingSet(set, o) } };
}

/** the kind a ReadingType code stands for among the defaults, if any */
export function kindOfCode(code: string, profileKinds?: Partial<Record<MessageKind, string>>): MessageKind | undefined {
  for (const k of ['loadCurve', 'maxPower', 'index'] as const) if (readingTypeCodeOf(k, profileKinds) === code) return k;
  return undefined;
}

