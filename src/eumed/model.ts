/**
 * The EUMED Metering profile (IEC 61968-9:2024 Annexes K, L, M) as typed values: the MeterReadingSet
 * payload, its ReadingType given by CIM enumeration literals, and the settings that come from the
 * assumption register (../shared/spec/eumed.md §3, README.md §8.5). Nothing here touches XML.
 */
import type { AssumptionValue } from '../profile/assumptions.ts';
import type { NameValue } from '../payloads/common.ts';

/** EUM-01: the deliberately fake namespace of the project's placeholder schema (fixtures/schemas/2024/eumed) */
export const EUMED_PLACEHOLDER_NS = 'urn:placeholder:iec61968-9-2024:eumed';

/** EUM-08: the Noun of EUMED messages */
export const EUMED_NOUN = 'MeterReadingSet';

/** clause the EUMED rules come from */
export const EUMED_CLAUSE = '61968-9:2024 Annexes K-M (EUMED)';

/**
 * The market time zone (local days, DST): not in the register yet. cim9 reads it from the register entry
 * `CIM9-40` when the register has one (a string such as "Europe/Paris"), else uses Europe/Amsterdam.
 */
export const MARKET_TIME_ZONE_ID = 'CIM9-40';
export const DEFAULT_MARKET_TIME_ZONE = 'Europe/Amsterdam';

export type MessageKind = 'loadCurve' | 'maxPower' | 'index';
export const MESSAGE_KINDS: readonly MessageKind[] = ['loadCurve', 'maxPower', 'index'];

export type { NameValue };

export interface IdentifiedValue {
  mRID?: string;
  names?: NameValue[];
}

/** ReadingType attributes as CIM literals (EUM-03), plus the `ref` form (EUM-06) */
export interface ReadingTypeLiterals {
  /** EUM-03: may carry the 18-part Annex C code */
  mRID?: string;
  accumulation?: string;
  aggregate?: string;
  commodity?: string;
  consumptionTier?: string;
  cpp?: string;
  currency?: string;
  flowDirection?: string;
  macroPeriod?: string;
  measurementKind?: string;
  measuringPeriod?: string;
  multiplier?: string;
  phases?: string;
  tou?: string;
  unit?: string;
  argument?: { numerator: string; denominator: string };
  interharmonic?: { numerator: string; denominator: string };
  /** EUM-06 ref form */
  ref?: string;
  names?: NameValue[];
}

export interface QualityValue {
  /** the Annex D code <system>.<category>.<index>, however it travels (EUM-05) */
  code: string;
  comment?: string;
  source?: string;
  timeStamp?: string;
}

export interface Interval {
  start?: string;
  end?: string;
}

export interface IntervalReadingValue {
  timeStamp: string;
  value: string;
  qualities?: QualityValue[];
  timePeriod?: Interval;
}

export interface IntervalBlockValue {
  readingType: ReadingTypeLiterals;
  readings: IntervalReadingValue[];
}

export interface MeterReadingValue {
  mRID?: string;
  customer?: IdentifiedValue & { kind?: string };
  intervalBlocks: IntervalBlockValue[];
  meter?: IdentifiedValue & { serialNumber?: string };
  names?: NameValue[];
  /** the metering point; its Names carry the metering-point identifier (e.g. EAN-18, EUM-11) */
  usagePoint: IdentifiedValue;
  valuesInterval: Interval;
}

export interface MeterReadingSetValue {
  mRID?: string;
  meterReadings: MeterReadingValue[];
  names?: NameValue[];
}

// ------------------------------------------------------------------------------------------------
// settings from the assumption register

export type QualityCarrier = 'any' | 'quality-type-ref' | 'code-attribute' | 'comment';

/** the EUMED settings in force, from the register (with the profile's overrides) */
export interface EumedSettings {
  /** EUM-01; undefined when unconfigured */
  ns: string | undefined;
  /** EUM-02 */
  root: string;
  /** EUM-04 */
  children: 'either' | 'singular' | 'plural';
  /** EUM-05 */
  quality: QualityCarrier;
  /** EUM-06 */
  readingTypeForm: 'embedded' | 'ref';
  /** EUM-07 */
  strictness: 'lenient' | 'strict';
  /** EUM-03 */
  literals: 'literals' | 'numeric';
  /** EUM-11 */
  identifierCheck: string;
  /** EUM-12 */
  stamp: 'end' | 'start';
  /** EUM-13: 'eumed-table' or the profile's map kind → code */
  kinds: 'eumed-table' | Partial<Record<MessageKind, string>>;
  /** EUM-14 */
  maxPowerStamp: 'either' | 'time-of-maximum' | 'end-of-period';
  /** UC-35 */
  exchange: 'either' | 'publication' | 'query-reply';
  /** IANA time zone of the market */
  timeZone: string;
  /** the values as strings, for findings */
  text: Record<string, string>;
}

const str = (v: AssumptionValue | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function describe(v: AssumptionValue | undefined): string {
  if (v === undefined) return '(default)';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.join(',');
  return Object.entries(v as Record<string, string | readonly string[]>)
    .map(([k, x]) => `${k}=${typeof x === 'string' ? x : x.join(',')}`)
    .join('; ');
}

/** is this an IANA time zone Intl knows? */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The EUMED settings of a register (profile.assumptions): EUM-01 … EUM-14, UC-35 and the market time zone.
 * Values the register does not hold fall back to the register defaults.
 */
export function eumedSettings(register: Readonly<Record<string, AssumptionValue | unknown>>): EumedSettings {
  const r = register as Readonly<Record<string, AssumptionValue | undefined>>;
  const ns01 = str(r['EUM-01']);
  const tz = str(r[MARKET_TIME_ZONE_ID]) ?? DEFAULT_MARKET_TIME_ZONE;
  const kindsRaw = r['EUM-13'];
  const kinds: EumedSettings['kinds'] =
    kindsRaw && typeof kindsRaw === 'object' && !Array.isArray(kindsRaw) ? { ...(kindsRaw as Partial<Record<MessageKind, string>>) } : 'eumed-table';
  const pick = <T extends string>(id: string, allowed: readonly T[], dflt: T): T => {
    const v = str(r[id]);
    return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : dflt;
  };
  const text: Record<string, string> = {};
  for (const id of ['EUM-01', 'EUM-02', 'EUM-03', 'EUM-04', 'EUM-05', 'EUM-06', 'EUM-07', 'EUM-10', 'EUM-11', 'EUM-12', 'EUM-13', 'EUM-14', 'UC-35']) {
    text[id] = describe(r[id]);
  }
  text[MARKET_TIME_ZONE_ID] = tz;
  return {
    ns: ns01 === undefined || ns01 === 'unconfigured' ? undefined : ns01,
    root: str(r['EUM-02']) ?? 'MeterReadingSet',
    children: pick('EUM-04', ['either', 'singular', 'plural'] as const, 'either'),
    quality: pick('EUM-05', ['any', 'quality-type-ref', 'code-attribute', 'comment'] as const, 'any'),
    readingTypeForm: pick('EUM-06', ['embedded', 'ref'] as const, 'embedded'),
    strictness: pick('EUM-07', ['lenient', 'strict'] as const, 'lenient'),
    literals: pick('EUM-03', ['literals', 'numeric'] as const, 'literals'),
    identifierCheck: str(r['EUM-11']) ?? 'off',
    stamp: pick('EUM-12', ['end', 'start'] as const, 'end'),
    kinds,
    maxPowerStamp: pick('EUM-14', ['either', 'time-of-maximum', 'end-of-period'] as const, 'either'),
    exchange: pick('UC-35', ['either', 'publication', 'query-reply'] as const, 'either'),
    timeZone: tz,
    text,
  };
}
