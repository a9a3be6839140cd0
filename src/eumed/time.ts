/**
 * Market time for EUMED load curves: local days and daylight-saving changes of an IANA time zone, with
 * Intl only (no time-zone package). Offsets are cached per quarter hour, so a year of 15-minute data
 * costs about 35,000 Intl calls once per zone, not one per interval per meter.
 */

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

function computeOffset(tz: string, ms: number): number {
  const parts = formatter(tz).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? '0');
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/**
 * Offset of the zone from UTC in minutes at an instant (+60 for CET, +120 for CEST). Cached per quarter
 * hour: every zone in use changes its offset on a quarter hour.
 */
export function zoneOffsetMinutes(tz: string, ms: number): number {
  let cache = offsets.get(tz);
  if (!cache) {
    cache = new Map();
    offsets.set(tz, cache);
  }
  const bucket = Math.floor(ms / QUARTER);
  let v = cache.get(bucket);
  if (v === undefined) {
    v = computeOffset(tz, bucket * QUARTER);
    if (cache.size > 2_000_000) cache.clear();
    cache.set(bucket, v);
  }
  return v;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

export function formatLocalDate(d: LocalDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** the local calendar date of an instant */
export function localDateOf(tz: string, ms: number): LocalDate {
  const d = new Date(ms + zoneOffsetMinutes(tz, ms) * MINUTE);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** the instant of a local wall-clock time (for a time in a DST gap: the instant after the gap; in an overlap: the first) */
export function localToInstant(tz: string, d: LocalDate, hour = 0, minute = 0): number {
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  // the offsets half a day before and after cover any change near this wall time
  const before = wall - zoneOffsetMinutes(tz, wall - DAY / 2) * MINUTE;
  const after = wall - zoneOffsetMinutes(tz, wall + DAY / 2) * MINUTE;
  const fits = [before, after].filter((t) => t + zoneOffsetMinutes(tz, t) * MINUTE === wall);
  // in an overlap both fit (take the first); in a gap neither does (the pre-change offset lands after the gap)
  return fits.length ? Math.min(...fits) : before;
}

/** local midnight starting a local date */
export function localMidnight(tz: string, d: LocalDate): number {
  return localToInstant(tz, d, 0, 0);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

export interface LocalDay {
  date: string;
  start: number;
  end: number;
  /** length in hours: 24, or 23 / 25 on a DST change */
  hours: number;
}

/** the local day of a date: [local midnight, next local midnight) */
export function localDay(tz: string, d: LocalDate): LocalDay {
  const start = localMidnight(tz, d);
  const end = localMidnight(tz, addDays(d, 1));
  return { date: formatLocalDate(d), start, end, hours: (end - start) / 3_600_000 };
}

/** the local days lying completely inside [start, end) */
export function localDaysWithin(tz: string, start: number, end: number): LocalDay[] {
  const out: LocalDay[] = [];
  let d = localDateOf(tz, start);
  let day = localDay(tz, d);
  if (day.start < start) {
    d = addDays(d, 1);
    day = localDay(tz, d);
  }
  for (let guard = 0; day.end <= end && guard < 5000; guard++) {
    out.push(day);
    d = addDays(d, 1);
    day = localDay(tz, d);
  }
  return out;
}

/** the local day before the one containing `now` (yesterday in the market) */
export function yesterday(tz: string, now: number): LocalDay {
  return localDay(tz, addDays(localDateOf(tz, now), -1));
}

/**
 * The most recent local day before `now` whose length is `hours` (23: the spring change, 25: the autumn
 * change), searching back at most `maxDays` days; undefined when the zone has no such day (no DST).
 */
export function lastDstDay(tz: string, hours: 23 | 25, now: number, maxDays = 800): LocalDay | undefined {
  let d = addDays(localDateOf(tz, now), -1);
  for (let i = 0; i < maxDays; i++, d = addDays(d, -1)) {
    // cheap test first: a day of 24 h has the same offset at both midnights
    const noon = Date.UTC(d.year, d.month - 1, d.day, 12);
    if (zoneOffsetMinutes(tz, noon - DAY / 2) === zoneOffsetMinutes(tz, noon + DAY / 2)) continue;
    const day = localDay(tz, d);
    if (day.hours === hours) return day;
  }
  return undefined;
}

/** an instant as xs:dateTime in UTC, to the second (2024-03-31T00:15:00Z) */
export function utcStamp(ms: number): string {
  // the date part is formatted once per UTC day (a load curve asks 96 times a day), the time of day from the
  // milliseconds; what Date's own formatting gives (new Date(ms).toISOString() to the second)
  const t = Math.trunc(ms); // as Date keeps a time value
  if (!(Math.abs(t) <= 8.64e15)) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); // throws as it did
  const day = Math.floor(t / DAY);
  if (day !== stampDay) {
    const iso = new Date(day * DAY).toISOString();
    stampDayPrefix = iso.slice(0, iso.indexOf('T') + 1);
    stampDay = day;
  }
  const sec = Math.floor((t - day * DAY) / 1000);
  return `${stampDayPrefix}${TWO[Math.floor(sec / 3600)]}:${TWO[Math.floor(sec / 60) % 60]}:${TWO[sec % 60]}Z`;
}
let stampDay = Number.NaN;
let stampDayPrefix = '';
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** an instant as xs:dateTime with a given offset in minutes (2024-03-31T03:15:00+02:00) */
export function offsetStamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** an instant as local xs:dateTime with the zone's own offset */
export function localStamp(tz: string, ms: number): string {
  return offsetStamp(ms, zoneOffsetMinutes(tz, ms));
}

export interface ParsedStamp {
  ms: number;
  /** the offset written in the text, in minutes; undefined when the text has none (a floating local time) */
  offset: number | undefined;
}

/**
 * An xs:dateTime lexical value (a timestamp string, not XML) → instant and written offset. A value without
 * offset is read as UTC for ordering and reported by the caller. Undefined when it is not a date-time.
 */
export function parseStamp(text: string | undefined): ParsedStamp | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  const fast = commonStamp(s);
  if (fast !== undefined) return fast;
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, frac, tzText] = m;
  let offset: number | undefined;
  if (tzText === 'Z') offset = 0;
  else if (tzText) offset = (tzText[0] === '-' ? -1 : 1) * (Number(tzText.slice(1, 3)) * 60 + Number(tzText.slice(4, 6)));
  const hour = Number(h);
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || hour > 24 || Number(mi) > 59 || Number(se) > 60) return undefined;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(se), frac ? Math.round(Number(frac) * 1000) : 0);
  if (Number.isNaN(wall)) return undefined;
  return { ms: wall - (offset ?? 0) * MINUTE, offset };
}

/** two to four decimal digits of s at i as a number, -1 when one is not a digit */
function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * parseStamp for the two forms nearly every timestamp has, read without a regular expression (a year of 15-minute data
 * is 35,040 of them per meter, each read twice): `YYYY-MM-DDThh:mm:ssZ` and `YYYY-MM-DDThh:mm:ss±hh:mm`. Undefined for
 * any other text, which the general reading then takes; the same checks and the same result as that reading.
 */
function commonStamp(s: string): ParsedStamp | undefined {
  const len = s.length;
  if (len !== 20 && len !== 25) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const se = digitsAt(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || hour < 0 || mi < 0 || se < 0) return undefined;
  let offset: number;
  const z = s.charCodeAt(19);
  if (len === 20) {
    if (z !== 90) return undefined; // Z
    offset = 0;
  } else {
    if ((z !== 43 && z !== 45) || s.charCodeAt(22) !== 58) return undefined; // + or -, then hh:mm
    const oh = digitsAt(s, 20, 2);
    const om = digitsAt(s, 23, 2);
    if (oh < 0 || om < 0) return undefined;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hour > 24 || mi > 59 || se > 60) return undefined;
  const wall = Date.UTC(y, mo - 1, d, hour, mi, se, 0);
  if (Number.isNaN(wall)) return undefined;
  return { ms: wall - offset * MINUTE, offset };
}
