/**
 * Reading assumption values (../shared/spec/README.md §8, src/profile/assumptions.ts) the way the rules
 * need them. A CheckContext carries the register in force twice: as strings (`assumptions`, what findings
 * quote) and, optionally, structured (`register`, for maps and lists). Map values arrive either way: as an
 * object, or as the string form "k=v; k2=v2" of describeAssumptionValue.
 */
import type { Severity } from './finding.ts';
import type { CheckContext } from './envelope.ts';

/** the string value of an assumption, or the fallback */
export function assumed(ctx: Pick<CheckContext, 'assumptions'>, id: string, fallback: string): string {
  return ctx.assumptions[id] ?? fallback;
}

/** failure/error → error, warning, info; off → undefined (not checked); anything else → the default */
export function severityOf(v: string | undefined, d: Severity): Severity | undefined {
  if (v === 'off') return undefined;
  if (v === 'failure' || v === 'error' || v === 'fail') return 'error';
  if (v === 'warning' || v === 'info') return v;
  return d;
}

/** the map value of an assumption (structured register first, else the "k=v; k2=v2" string); undefined for a token */
export function assumedMap(ctx: Pick<CheckContext, 'assumptions' | 'register'>, id: string): Record<string, string> | undefined {
  const raw = ctx.register?.[id];
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = Array.isArray(v) ? v.join(',') : String(v);
    return out;
  }
  const s = ctx.assumptions[id];
  if (s === undefined || !s.includes('=')) return undefined;
  const out: Record<string, string> = {};
  for (const part of s.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** the list value of an assumption (structured register first, else the comma-separated string); the fallback when unset */
export function assumedList(ctx: Pick<CheckContext, 'assumptions' | 'register'>, id: string, fallback: readonly string[]): string[] {
  const raw = ctx.register?.[id];
  if (Array.isArray(raw)) return raw.map((x) => String(x).trim()).filter(Boolean);
  const s = ctx.assumptions[id];
  if (s === undefined) return [...fallback];
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

export interface Env09 {
  /** wrapper element ↔ Verb */
  element?: Severity;
  /** wrapper noun / payload root ↔ Header/Noun */
  noun?: Severity;
  /** SOAP action ↔ operation */
  action?: Severity;
  /** the value as findings quote it */
  text: string;
}

/** ENV-09: consistency wrapper element ↔ Verb ↔ Noun ↔ SOAP action (default: element failure, noun and action warning) */
export function env09(ctx: Pick<CheckContext, 'assumptions' | 'register'>): Env09 {
  const token = ctx.register?.['ENV-09'] ?? ctx.assumptions['ENV-09'] ?? 'default';
  const map = assumedMap(ctx, 'ENV-09');
  const text = ctx.assumptions['ENV-09'] ?? 'default';
  if (map) {
    return { element: severityOf(map['element'], 'error'), noun: severityOf(map['noun'], 'warning'), action: severityOf(map['action'], 'warning'), text };
  }
  if (token === 'off') return { text };
  if (token === 'strict') return { element: 'error', noun: 'error', action: 'error', text };
  return { element: 'error', noun: 'warning', action: 'warning', text };
}

export type GapPolicy = 'marked' | 'data-collection' | 'never';

export interface Uc14 {
  /** severity of time-convention findings (offsets, alignment, periods) */
  conventions: Severity;
  /** which quality codes make a gap in interval data acceptable */
  gaps: GapPolicy;
  text: string;
}

/**
 * UC-14: time conventions. Token `warning` (default) / `failure` sets the severity of convention findings;
 * the map form `{ conventions: warning|failure, gaps: marked|data-collection|never }` also sets the gap policy:
 * `marked` (default) accepts a gap where a reading next to it carries a skipped-interval (x.4.4) or
 * known-missing-read (x.5.259) quality code, `data-collection` any data-collection (x.4.n) code, `never` none.
 */
export function uc14(ctx: Pick<CheckContext, 'assumptions' | 'register'>): Uc14 {
  const map = assumedMap(ctx, 'UC-14');
  const text = ctx.assumptions['UC-14'] ?? 'warning';
  const conv = map ? map['conventions'] : text;
  const gaps = (map?.['gaps'] ?? 'marked') as string;
  return {
    conventions: conv === 'failure' ? 'error' : 'warning',
    gaps: gaps === 'never' || gaps === 'data-collection' ? gaps : 'marked',
    text,
  };
}

/** COD-04: an unresolved ref is a failure (default) or a warning */
export function cod04(ctx: Pick<CheckContext, 'assumptions'>): { severity: Severity; text: string } {
  const text = ctx.assumptions['COD-04'] ?? 'failure';
  return { severity: text === 'warning' ? 'warning' : 'error', text };
}
