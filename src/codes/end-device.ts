/**
 * Parse, check and describe EndDeviceEventType (Annex E) and EndDeviceControlType (Annex F) codes, and keep the
 * two kinds apart: a control code used as an event type, or an event code used as a control, is a finding.
 */
import type { Finding, Severity } from '../checks/finding.ts';
import {
  assumption,
  token,
  finding,
  humanize,
  otherKindHint,
  show,
  softSeverity,
  splitUnsigned,
  type CodeCheckOptions,
  type Parsed,
} from './common.ts';
import {
  COMMAND_ACTIONS,
  CONTROL_RESULT_EVENTS,
  EVENT_PART_TABLES,
  KNOWN_CONTROL_CODES,
  KNOWN_EVENT_CODES,
  OUTAGE_EVENT_CODES,
  RESTORATION_EVENT_CODES,
  type EventPart,
  type KnownDeviceCode,
} from './end-device-tables.ts';

export const EVENT_CLAUSE = '61968-9:2013 Annex E';
export const CONTROL_CLAUSE = '61968-9:2013 Annex F';

export const END_DEVICE_RULES = {
  event: 'COD-EVENT-TYPE',
  control: 'COD-CONTROL-TYPE',
  /** an event code where a control is expected, or the reverse */
  role: 'COD-EVENT-CONTROL-ROLE',
} as const;

export const EVENT_PARTS: readonly EventPart[] = ['type', 'domain', 'subDomain', 'eventOrAction'];

const PART_WORDS: Record<EventPart, string> = {
  type: 'EndDeviceType',
  domain: 'EndDeviceDomain',
  subDomain: 'EndDeviceSubdomain',
  eventOrAction: 'EndDeviceEventOrAction',
};

const PART_INDEX: Record<EventPart, Map<number, string[]>> = (() => {
  const out = {} as Record<EventPart, Map<number, string[]>>;
  for (const part of Object.keys(EVENT_PART_TABLES) as EventPart[]) {
    const m = new Map<number, string[]>();
    for (const [code, name] of EVENT_PART_TABLES[part]) m.set(code, [...(m.get(code) ?? []), name]);
    out[part] = m;
  }
  return out;
})();

/** the names of a part value (two names for a documented duplicate, none when unknown) */
export function partNames(part: EventPart, value: number): readonly string[] {
  return PART_INDEX[part].get(value) ?? [];
}

export interface ParsedDeviceCode {
  type: number;
  domain: number;
  subDomain: number;
  eventOrAction: number;
  /** canonical dotted text (no leading zeros) */
  canonical: string;
  /** names of each part; empty when the value is not in its table */
  names: Record<EventPart, readonly string[]>;
}

function parseDeviceCode(code: string, what: string): Parsed<ParsedDeviceCode> {
  const nums = splitUnsigned(code, 4);
  if (!nums) {
    return {
      ok: false,
      problem: `${show(code)} is not an ${what} code <type>.<domain>.<subDomain>.<eventOrAction> (four non-negative integers)${otherKindHint(code, 'event-or-control')}`,
    };
  }
  const [type, domain, subDomain, eventOrAction] = nums as [number, number, number, number];
  const value: ParsedDeviceCode = {
    type,
    domain,
    subDomain,
    eventOrAction,
    canonical: nums.join('.'),
    names: {
      type: partNames('type', type),
      domain: partNames('domain', domain),
      subDomain: partNames('subDomain', subDomain),
      eventOrAction: partNames('eventOrAction', eventOrAction),
    },
  };
  return { ok: true, value };
}

/** Parses an EndDeviceEventType code (four non-negative integers). */
export function parseEventType(code: string): Parsed<ParsedDeviceCode> {
  return parseDeviceCode(code, 'EndDeviceEventType');
}

/** Parses an EndDeviceControlType code (same four parts and tables as events). */
export function parseControlType(code: string): Parsed<ParsedDeviceCode> {
  return parseDeviceCode(code, 'EndDeviceControlType');
}

// ----------------------------------------------------------------------------------------------------------
// lookups in the lists of known codes

const tail = (canonical: string) => canonical.slice(canonical.indexOf('.') + 1);
const EVENTS_BY_CODE = new Map(KNOWN_EVENT_CODES.map((e) => [e.code, e]));
const CONTROLS_BY_CODE = new Map(KNOWN_CONTROL_CODES.map((e) => [e.code, e]));
const byTail = (list: readonly KnownDeviceCode[]) => {
  const m = new Map<string, KnownDeviceCode[]>();
  for (const e of list) m.set(tail(e.code), [...(m.get(tail(e.code)) ?? []), e]);
  return m;
};
const EVENTS_BY_TAIL = byTail(KNOWN_EVENT_CODES);
const CONTROLS_BY_TAIL = byTail(KNOWN_CONTROL_CODES);
const CONTROL_ACTIONS = new Set([...COMMAND_ACTIONS, ...KNOWN_CONTROL_CODES.map((c) => Number(c.code.split('.')[3]))]);

function canonicalOf(code: string): string | undefined {
  const nums = splitUnsigned(code, 4);
  return nums ? nums.join('.') : undefined;
}

/** The listed event with this code, if any. */
export function findKnownEvent(code: string): KnownDeviceCode | undefined {
  const c = canonicalOf(code);
  return c === undefined ? undefined : EVENTS_BY_CODE.get(c);
}

/**
 * The listed control with this code, if any. Since controls are accepted with type 0 or a concrete device
 * type (COD-16), a concrete-type code also matches a listed type-0 control (and the reverse).
 */
export function findKnownControl(code: string): KnownDeviceCode | undefined {
  const c = canonicalOf(code);
  if (c === undefined) return undefined;
  const exact = CONTROLS_BY_CODE.get(c);
  if (exact) return exact;
  const t = tail(c);
  return CONTROLS_BY_TAIL.get(t)?.find((e) => e.code.startsWith('0.') || c.startsWith('0.'));
}

/** the event code is in the outage set (UC-03; the default set unless another is given) */
export function isOutageEvent(code: string, set: readonly string[] = OUTAGE_EVENT_CODES): boolean {
  const c = canonicalOf(code);
  return c !== undefined && set.includes(c);
}

/** the event code is in the restoration set (UC-03; the default set unless another is given) */
export function isRestorationEvent(code: string, set: readonly string[] = RESTORATION_EVENT_CODES): boolean {
  const c = canonicalOf(code);
  return c !== undefined && set.includes(c);
}

/** The result events to expect after a control (§6.4), with the control's device type filled in. */
export function expectedResultEvents(controlCode: string): { success: string[]; failure: string[] } | undefined {
  const c = canonicalOf(controlCode);
  if (c === undefined) return undefined;
  const type = c.slice(0, c.indexOf('.'));
  const pair = CONTROL_RESULT_EVENTS.find((p) => tail(p.control) === tail(c));
  if (!pair) return undefined;
  const fill = (codes: readonly string[]) => codes.map((x) => `${type}.${tail(x)}`);
  return { success: fill(pair.success), failure: fill(pair.failure) };
}

// ----------------------------------------------------------------------------------------------------------
// describe

function partLabel(names: readonly string[], value: number): string {
  return names.length ? names.join('/') : `?${value}`;
}

function describeDevice(code: string, kind: 'event' | 'control'): string {
  const p = parseDeviceCode(code, kind === 'event' ? 'EndDeviceEventType' : 'EndDeviceControlType');
  if (!p.ok) return `not an ${kind === 'event' ? 'EndDeviceEventType' : 'EndDeviceControlType'} code: ${p.problem}`;
  const v = p.value;
  const values = [v.type, v.domain, v.subDomain, v.eventOrAction];
  const dotted = EVENT_PARTS.map((part, i) => partLabel(v.names[part], values[i]!)).join('.');
  const words = EVENT_PARTS.map((part, i) => {
    const names = v.names[part];
    if (values[i] === 0) return undefined;
    return names.length ? names.map(humanize).join(' / ') : `unknown ${PART_WORDS[part]} ${values[i]}`;
  }).filter((w): w is string => w !== undefined);
  const own = kind === 'event' ? findKnownEvent(code) : findKnownControl(code);
  const other = kind === 'event' ? findKnownControl(code) : findKnownEvent(code);
  let text = `${v.canonical} ${dotted}: ${words.length ? words.join(', ') : 'not applicable (other)'}`;
  if (own) text += ` — ${own.meaning}`;
  if (!own && other) text += ` [a known ${kind === 'event' ? 'control' : 'event'} code: ${other.meaning}]`;
  return text;
}

/** e.g. "3.26.0.85 ElectricMeter.Power.NA.Failed: electric meter, power, failed — meter power failure (…)" */
export function describeEventType(code: string): string {
  return describeDevice(code, 'event');
}

/** e.g. "3.31.0.23 ElectricMeter.RCDSwitch.NA.Disconnect: electric meter, RCD switch, disconnect — remote disconnect (…)" */
export function describeControlType(code: string): string {
  return describeDevice(code, 'control');
}

// ----------------------------------------------------------------------------------------------------------
// check

export interface EndDeviceCheckOptions extends CodeCheckOptions {
  /** codes the profile lists as known (used with COD-10 = reject, in addition to the suite's lists) */
  knownCodes?: readonly string[];
}

function checkDevice(kind: 'event' | 'control', code: string, opts: EndDeviceCheckOptions): Finding[] {
  const rule = kind === 'event' ? END_DEVICE_RULES.event : END_DEVICE_RULES.control;
  const clause = kind === 'event' ? EVENT_CLAUSE : CONTROL_CLAUSE;
  const noun = kind === 'event' ? 'EndDeviceEventType' : 'EndDeviceControlType';
  const p = parseDeviceCode(code, noun);
  if (!p.ok) return [finding(rule, 'error', clause, p.problem, undefined, { expected: `an ${noun} code type.domain.subDomain.eventOrAction (Annex ${kind === 'event' ? 'E' : 'F'})`, actual: `"${code}"` })];
  const v = p.value;
  const out: Finding[] = [];
  const values: Record<EventPart, number> = { type: v.type, domain: v.domain, subDomain: v.subDomain, eventOrAction: v.eventOrAction };

  // each part in its table (COD-08), vendor values (COD-01), documented duplicates
  for (const part of EVENT_PARTS) {
    const value = values[part];
    const names = v.names[part];
    if (names.length === 0) {
      if (value >= 1000) {
        const a = assumption(opts, 'COD-01');
        out.push(finding(rule, token(a) === 'reject' ? 'error' : 'warning', clause,
          `${noun} ${v.canonical}: ${PART_WORDS[part]} ${value} is a vendor value (≥ 1000), not an IEC value`, { 'COD-01': a },
          { expected: `${PART_WORDS[part]}: an IEC value of its table`, actual: `${noun} ${v.canonical}: ${PART_WORDS[part]} ${value}` }));
      } else {
        const a8 = assumption(opts, 'COD-08');
        const a2 = assumption(opts, 'COD-02');
        const sev: Severity = token(a8) === 'lenient' ? 'info' : token(a2) === 'failure' ? 'error' : 'warning';
        out.push(finding(rule, sev, clause,
          `${noun} ${v.canonical}: ${PART_WORDS[part]} ${value} is not in its table`, { 'COD-08': a8, 'COD-02': a2 },
          { expected: `${PART_WORDS[part]}: a value of its table`, actual: `${noun} ${v.canonical}: ${PART_WORDS[part]} ${value}` }));
      }
    } else if (names.length > 1) {
      out.push(finding(rule, 'info', clause,
        `${noun} ${v.canonical}: ${PART_WORDS[part]} ${value} carries two names in the vendor table (${names.join(' / ')}); both unverified`));
    }
  }

  // device type 0 (COD-09; for controls also COD-16)
  if (v.type === 0) {
    const a9 = assumption(opts, 'COD-09');
    const used: Record<string, string> = { 'COD-09': a9 };
    let reject = token(a9) === 'reject';
    if (kind === 'control') {
      const a16 = assumption(opts, 'COD-16');
      used['COD-16'] = a16;
      reject ||= token(a16) === 'concrete';
    }
    if (reject) {
      out.push(finding(rule, 'error', clause,
        `${noun} ${v.canonical}: device type 0 (not applicable) where a concrete EndDeviceType is required`, used));
    }
  }

  // events vs controls
  const ownList = kind === 'event' ? findKnownEvent(v.canonical) : findKnownControl(v.canonical);
  if (!ownList) {
    const others = (kind === 'event' ? CONTROLS_BY_TAIL : EVENTS_BY_TAIL).get(tail(v.canonical)) ?? [];
    const action = `${v.eventOrAction} (${partLabel(v.names.eventOrAction, v.eventOrAction)})`;
    if (others.length) {
      const sure = others.some((o) => o.evidence === 'verified' || o.roleVerified);
      const otherKind = kind === 'event' ? 'EndDeviceControlType' : 'EndDeviceEventType';
      out.push(finding(END_DEVICE_RULES.role, sure ? 'error' : softSeverity(opts), clause,
        `${v.canonical} is used as ${noun} but is a known ${otherKind} code (${others.map((o) => `${o.code} ${o.meaning}`).join('; ')})`, undefined,
        { expected: `an ${noun} code`, actual: `${v.canonical}, a known ${otherKind} code` }));
    } else if (kind === 'event' && COMMAND_ACTIONS.has(v.eventOrAction)) {
      out.push(finding(END_DEVICE_RULES.role, softSeverity(opts), clause,
        `${noun} ${v.canonical}: eventOrAction ${action} is a command (control action), not an event`));
    } else if (kind === 'control' && v.eventOrAction !== 0 && !CONTROL_ACTIONS.has(v.eventOrAction)) {
      out.push(finding(END_DEVICE_RULES.role, softSeverity(opts), clause,
        `${noun} ${v.canonical}: eventOrAction ${action} reports an event, it is not a command`));
    }
  }

  // composed but unlisted (COD-10)
  const a10 = assumption(opts, 'COD-10');
  if (token(a10) === 'reject' && !ownList) {
    const extra = (opts.knownCodes ?? []).map((c) => canonicalOf(c) ?? c);
    if (!extra.includes(v.canonical)) {
      out.push(finding(rule, 'error', clause,
        `${noun} ${v.canonical} decodes but is not a listed ${kind} code`, { 'COD-10': a10 }, { expected: `a listed ${kind} code`, actual: `${noun} ${v.canonical}` }));
    }
  }
  return out;
}

/**
 * Checks an EndDeviceEventType code: four integers, each part in its table (COD-08; unknown → COD-02),
 * vendor values (COD-01), type 0 (COD-09, accepted by default), listed or composed (COD-10, composed accepted
 * by default), and not a control code.
 */
export function checkEventType(code: string, opts: EndDeviceCheckOptions = {}): Finding[] {
  return checkDevice('event', code, opts);
}

/**
 * Checks an EndDeviceControlType code: as events, plus type 0 vs concrete type (COD-16) and not an event
 * code (the action part must be a command).
 */
export function checkControlType(code: string, opts: EndDeviceCheckOptions = {}): Finding[] {
  return checkDevice('control', code, opts);
}
