/**
 * Shared pieces of the code-annex module: options, the assumption register for the COD/ENV/PAY points this
 * module depends on, parse results, and small text helpers. Ids and tokens agree with src/profile/assumptions.ts. No XML here: everything works on code strings.
 */
import type { Finding, Severity } from '../checks/finding.ts';

/** Options of every check of this module. */
export interface CodeCheckOptions {
  /** certification mode: uncertain points that default to a warning become errors (README §2, §3) */
  strict?: boolean;
  /** profile values of assumption ids, e.g. `{ "COD-02": "failure", "ENV-18": "failure" }` */
  assumptions?: Record<string, string>;
}

/** A parse result: a value, or the reason the text is not a code of that kind. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface AssumptionSpec {
  /** what the question is, in our words */
  question: string;
  /** value used when the profile does not set one */
  default: string;
  /** value used in strict (certification) mode when the profile does not set one */
  strictDefault?: string;
  /** every accepted value */
  values: readonly string[];
}

/**
 * The assumptions this module reads (README §8), with the values it implements. `2024-list` (COD-12) behaves
 * as `vendor-camelcase` until the 2024 list is known.
 */
export const CODE_ASSUMPTIONS: Readonly<Record<string, AssumptionSpec>> = {
  'ENV-18': { question: 'Result FAILED without any Error', default: 'warning', values: ['warning', 'failure'] },
  'ENV-19': {
    question: 'Error codes outside Annex B',
    default: 'finding',
    strictDefault: 'failure',
    values: ['finding', 'failure'],
  },
  'COD-01': {
    question: 'Vendor values >= 1000',
    default: 'finding',
    strictDefault: 'reject',
    values: ['finding', 'reject'],
  },
  'COD-02': {
    question: 'Structurally valid but unknown values',
    default: 'finding',
    strictDefault: 'failure',
    values: ['finding', 'failure'],
  },
  'COD-03': { question: 'Negative ReadingType field values', default: 'field16-only', values: ['field16-only'] },
  'COD-06': {
    question: 'Expected Annex B code per negative scenario',
    default: 'claimed',
    values: ['claimed', 'always'],
  },
  'COD-07': {
    question: 'Annex B conformance of reply codes',
    default: 'finding',
    strictDefault: 'failure',
    values: ['finding', 'failure'],
  },
  'COD-08': { question: 'Event / control part decoding', default: 'decode', values: ['decode', 'lenient'] },
  'COD-09': { question: 'EndDeviceType 0 in event/control codes', default: 'accept', values: ['accept', 'reject'] },
  'COD-10': { question: 'Composed but unlisted event/control codes', default: 'accept', values: ['accept', 'reject'] },
  'COD-12': {
    question: 'MeasurementKind literal spelling',
    default: 'vendor-camelcase',
    values: ['vendor-camelcase', '2024-list'],
  },
  'COD-13': { question: 'Range of tou / cpp / consumptionTier', default: '0-255', values: ['0-255'] },
  'COD-14': {
    question: 'Alphabetic currency text in the currency element',
    default: 'accept',
    strictDefault: 'reject',
    values: ['accept', 'reject'],
  },
  'COD-15': {
    question: 'ReadingType plausibility checks',
    default: 'warning',
    strictDefault: 'failure',
    values: ['warning', 'off', 'failure'],
  },
  'COD-16': {
    question: 'Control codes with type 0 vs concrete device type',
    default: 'accept-both',
    values: ['accept-both', 'concrete'],
  },
  'PAY-06': {
    question: 'Content of ReadingType attribute elements',
    default: 'lenient',
    values: ['lenient', 'numeric', 'literal', 'agree'],
  },
};

/**
 * The value of an assumption for these options (profile value, else strict default, else default). A value
 * this module does not know (the profile register may be newer) is not fatal: the default behaviour is used
 * and the returned text says so, e.g. "2024-list (unsupported here; vendor-camelcase used)".
 */
export function assumption(opts: CodeCheckOptions | undefined, id: string): string {
  const spec = CODE_ASSUMPTIONS[id];
  if (!spec) throw new Error(`internal: assumption ${id} is not registered in src/codes/common.ts`);
  const fallback = opts?.strict && spec.strictDefault ? spec.strictDefault : spec.default;
  const given: unknown = opts?.assumptions?.[id];
  if (given === undefined || given === null) return fallback;
  if (typeof given === 'string' && spec.values.includes(given)) return given;
  const shown = typeof given === 'string' ? given : JSON.stringify(given);
  return `${shown} (unsupported here; ${fallback} used)`;
}

/** the effective token of an assumption value returned by `assumption` (the part before any remark) */
export function token(value: string): string {
  const m = / \(unsupported here; (\S+) used\)$/.exec(value);
  return m ? m[1]! : value;
}

/** `warning`, or `error` in strict mode: the severity of a finding about a ◐/? point. */
export function softSeverity(opts: CodeCheckOptions | undefined): Severity {
  return opts?.strict ? 'error' : 'warning';
}

/** builds a Finding, leaving out empty assumption maps */
export function finding(
  rule: string,
  severity: Severity,
  clause: string,
  message: string,
  assumptions?: Record<string, string>,
  /** what the table expected and what the code carries (the statement's expected / actual columns) */
  ea?: { expected?: string; actual?: string },
): Finding {
  const f: Finding = { rule, severity, clause, message };
  if (assumptions && Object.keys(assumptions).length) f.assumptions = assumptions;
  if (ea?.expected !== undefined) f.expected = ea.expected;
  if (ea?.actual !== undefined) f.actual = ea.actual;
  return f;
}

/** `^[0-9]+(\.[0-9]+){n-1}$` split into numbers, or undefined */
export function splitUnsigned(code: string, parts: number): number[] | undefined {
  const re = new RegExp(`^[0-9]+(\\.[0-9]+){${parts - 1}}$`);
  if (!re.test(code)) return undefined;
  const nums = code.split('.').map((p) => Number(p));
  return nums.every((n) => Number.isSafeInteger(n)) ? nums : undefined;
}

/** what a dotted code looks like, by its number of parts (to explain a code of the wrong kind) */
export type CodeKind = 'reply' | 'quality' | 'event-or-control' | 'readingType' | 'unknown';

export function guessCodeKind(code: string): CodeKind {
  if (!/^-?[0-9]+(\.-?[0-9]+)*$/.test(code)) return 'unknown';
  switch (code.split('.').length) {
    case 2:
      return 'reply';
    case 3:
      return 'quality';
    case 4:
      return 'event-or-control';
    case 18:
      return 'readingType';
    default:
      return 'unknown';
  }
}

const KIND_WORDS: Record<CodeKind, string> = {
  reply: 'an Annex B reply code',
  quality: 'an Annex D quality code',
  'event-or-control': 'an Annex E/F EndDeviceEventType or EndDeviceControlType code',
  readingType: 'an Annex C ReadingType code',
  unknown: 'no known kind of code',
};

/** " (it looks like an EndDeviceEventType code)" when the text has the shape of another kind of code */
export function otherKindHint(code: string, expected: CodeKind): string {
  const kind = guessCodeKind(code);
  return kind !== 'unknown' && kind !== expected ? ` (it has the shape of ${KIND_WORDS[kind]})` : '';
}

/** quotes a value for a message, shortening very long input */
export function show(value: string): string {
  const v = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(v);
}

/**
 * "ElectricMeter" → "electric meter", "RCDSwitch" → "RCD switch", "PhaseAVoltage" → "phase A voltage".
 * Words in capitals stay as they are.
 */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((w) => (/^[A-Z][a-z]/.test(w) ? w.toLowerCase() : w))
    .join(' ');
}

/** lower case without anything but letters and digits: the key for lenient name matching */
export function normalizeName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}
