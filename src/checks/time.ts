/**
 * xs:dateTime values as the rules need them: the instant in UTC (independent of the machine's time zone,
 * unlike Date.parse for values without an offset), whether an offset was given, and the local wall-clock
 * time the offset implies (for alignment to a measuring period).
 */

export interface DateTimeValue {
  /** the text as written */
  text: string;
  /** milliseconds since the epoch, UTC; a value without offset is read as UTC */
  ms: number;
  /** the time-zone offset in minutes (+60 for +01:00), or undefined when the value has none */
  offsetMinutes?: number;
}

const DATE_TIME = /^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

/** parses an xs:dateTime; undefined when the text is not one (or names an impossible date) */
export function parseDateTime(text: string | undefined): DateTimeValue | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  const m = DATE_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || minute > 59 || second > 59) return undefined;
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || (frac && Number(frac) !== 0)))) return undefined;
  const base = Date.UTC(year, month - 1, day, 0, 0, 0, 0);
  const check = new Date(base);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  let ms = base + ((hour * 60 + minute) * 60 + second) * 1000 + (frac ? Math.round(Number(frac) * 1000) : 0);
  let offsetMinutes: number | undefined;
  if (tz) {
    if (tz === 'Z') offsetMinutes = 0;
    else {
      const sign = tz.startsWith('-') ? -1 : 1;
      const oh = Number(tz.slice(1, 3));
      const om = Number(tz.slice(4, 6));
      if (oh > 14 || om > 59) return undefined;
      offsetMinutes = sign * (oh * 60 + om);
    }
    ms -= offsetMinutes * 60_000;
  }
  return offsetMinutes === undefined ? { text: s, ms } : { text: s, ms, offsetMinutes };
}

/** the instant as local wall-clock milliseconds (UTC plus the offset; UTC when none was given) */
export function localMs(v: DateTimeValue): number {
  return v.ms + (v.offsetMinutes ?? 0) * 60_000;
}

/** the instant of an xs:dateTime in milliseconds since the epoch (UTC; a value without offset read as UTC), or undefined */
export function instantMs(text: string | undefined): number | undefined {
  return parseDateTime(text)?.ms;
}
