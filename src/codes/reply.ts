/**
 * Annex B reply codes (`Reply/Error/code` = `<category>.<index>`), and the consistency of a reply's Result
 * with its Error codes (codes.md §2, envelope.md §8).
 *
 * Confidence: the list is the one public enumeration (◐); `0.0` and `6.1` are ✔. Codes outside it are local
 * codes: a finding, not a failure, unless the profile requires Annex B (ENV-19 / COD-07).
 */
import type { Finding, Severity } from '../checks/finding.ts';
import {
  assumption,
  token,
  finding,
  otherKindHint,
  show,
  softSeverity,
  splitUnsigned,
  type CodeCheckOptions,
  type Parsed,
} from './common.ts';

export const REPLY_CLAUSE = '61968-9:2013 Annex B';

/** category number → 2013 table title (B.2–B.9) */
export const REPLY_CATEGORIES: Readonly<Record<number, string>> = {
  0: 'error-free (OK)',
  1: 'missing element',
  2: 'bad value (invalid parameter)',
  3: 'too many values',
  4: 'request timed out',
  5: 'application error',
  6: 'business rule violation',
  7: 'security issue',
};

export interface ReplyCodeEntry {
  readonly code: string;
  readonly category: number;
  readonly index: number;
  readonly categoryName: string;
  /** paraphrased meaning */
  readonly meaning: string;
}

const REPLY_CODE_ROWS: readonly (readonly [string, string])[] = [
  ['0.0', 'No errors'],
  ['0.1', 'Partial result — additional results conveyed in separate messages'],
  ['0.2', 'Partial result — no further results to follow'],
  ['0.3', 'Simple acknowledgement'],
  ['1.5', 'Mandatory Header elements missing'],
  ['1.6', 'Mandatory Request elements missing'],
  ['1.7', 'Mandatory Payload elements missing'],
  ['1.8', 'Format of request does not validate against schema'],
  ['1.9', 'Unsupported message revision in Header'],
  ['2.4', 'Invalid Meter(s)'],
  ['2.5', 'Invalid Noun'],
  ['2.6', 'Invalid ReadingType(s)'],
  ['2.9', 'Invalid Verb'],
  ['2.10', 'Unsupported ReadingType(s)'],
  ['2.12', 'Invalid UsagePoint(s)'],
  ['2.13', 'Meter / UsagePoint mismatch'],
  ['2.14', 'Invalid Source'],
  ['2.15', 'Invalid Request ID(s)'],
  ['2.16', 'Invalid ServiceLocation(s)'],
  ['2.17', 'Meter / ServiceLocation mismatch'],
  ['2.18', 'ComModule / Meter mismatch'],
  ['2.19', 'Invalid CustomerAccount(s)'],
  ['2.20', 'Invalid ServiceSupplier(s)'],
  ['2.21', 'CustomerAccount / ServiceSupplier mismatch'],
  ['2.22', 'Invalid Customer(s)'],
  ['2.23', 'Customer / CustomerAccount mismatch'],
  ['2.24', 'Invalid CustomerAgreement(s)'],
  ['2.25', 'CustomerAccount / CustomerAgreement mismatch'],
  ['2.26', 'CustomerAgreement / UsagePoint mismatch'],
  ['2.27', 'CustomerAccount / UsagePoint mismatch'],
  ['2.28', 'ServiceSupplier / UsagePoint mismatch'],
  ['2.29', 'Object relationship mismatch'],
  ['2.30', 'Invalid ComModule(s)'],
  ['2.31', 'Invalid ServiceCategory(ies)'],
  ['2.32', 'Invalid UsagePointLocation(s)'],
  ['2.33', 'Invalid PricingStructure(s)'],
  ['3.1', 'Too many items in request'],
  ['3.2', 'Too many pending requests'],
  ['4.1', 'Request timed out'],
  ['5.1', 'Unable to process the request — high system activity level'],
  ['5.2', 'Unable to process the request — transaction not attempted'],
  ['5.3', 'Unable to process the request — transaction attempted and failed'],
  ['5.4', 'Unable to process the request — multiple error types encountered'],
  ['5.5', 'Some or all of the requested ReadingTypes are unavailable in the MDMS'],
  ['5.6', 'Some or all of the requested ReadingTypes are unavailable in the AMI (head end)'],
  ['5.7', 'Some or all of the requested data is unavailable'],
  ['5.8', 'Unable to process the request — mandatory field(s) missing'],
  ['5.9', 'Transaction aborted to maintain transactional integrity'],
  ['6.1', 'Request cancelled per business rule'],
  ['6.2', 'Request placed on hold per business rule'],
  ['6.3', 'Request released from business rule hold'],
  ['6.4', 'Request rescheduled per business rule'],
  ['6.5', 'Request cancelled by user'],
  ['7.1', 'Temporary authentication failure'],
  ['7.2', 'Authentication required'],
  ['7.3', 'Authentication mechanism insufficient'],
  ['7.4', 'Authentication failure'],
  ['7.5', 'Action not authorized for user'],
  ['7.6', 'Authentication mechanism requires encryption'],
  ['7.7', 'Policy violation'],
];

/** Every Annex B code in public use (codes.md §2.2), in table order. */
export const REPLY_CODES: readonly ReplyCodeEntry[] = REPLY_CODE_ROWS.map(([code, meaning]) => {
  const [category, index] = code.split('.').map(Number) as [number, number];
  return { code, category, index, categoryName: REPLY_CATEGORIES[category] ?? '?', meaning };
});

const BY_CODE = new Map(REPLY_CODES.map((e) => [e.code, e]));

export interface ParsedReplyCode {
  category: number;
  index: number;
  /** canonical text `<category>.<index>` (leading zeros removed) */
  canonical: string;
  /** the Annex B entry, when the code is listed */
  entry?: ReplyCodeEntry;
  /** the category has an Annex B table (0–7) */
  knownCategory: boolean;
}

/** Parses `<category>.<index>`; a code of any other shape is not an Annex B code (it may be a local code). */
export function parseReplyCode(code: string): Parsed<ParsedReplyCode> {
  const nums = splitUnsigned(code, 2);
  if (!nums) {
    return {
      ok: false,
      problem: `${show(code)} is not of the form <category>.<index> (two non-negative integers)${otherKindHint(code, 'reply')}`,
    };
  }
  const [category, index] = nums as [number, number];
  const canonical = `${category}.${index}`;
  const entry = BY_CODE.get(canonical);
  return {
    ok: true,
    value: { category, index, canonical, knownCategory: category in REPLY_CATEGORIES, ...(entry ? { entry } : {}) },
  };
}

/** e.g. "2.4 Invalid Meter(s) (Annex B category 2: bad value (invalid parameter))" */
export function describeReplyCode(code: string): string {
  const p = parseReplyCode(code);
  if (!p.ok) return `local reply code ${show(code)} (not in Annex B form)`;
  const { category, canonical, entry, knownCategory } = p.value;
  const cat = knownCategory ? `Annex B category ${category}: ${REPLY_CATEGORIES[category]}` : `no Annex B category ${category}`;
  if (entry) return `${canonical} ${entry.meaning} (${cat})`;
  return `${canonical} not listed in Annex B (${cat}); a local or unpublished code`;
}

// ----------------------------------------------------------------------------------------------------------
// Result ↔ Error consistency

export type ReplyResult = 'OK' | 'PARTIAL' | 'FAILED';

export interface ReplyErrorLike {
  code: string;
  /** INFORM | WARNING | FATAL | CATASTROPHIC */
  level?: string;
}

const SERIOUS_LEVELS = new Set(['FATAL', 'CATASTROPHIC']);
const INFO_LEVELS = new Set(['INFORM', 'WARNING']);

/** rule ids of this file */
export const REPLY_RULES = {
  consistency: 'COD-REPLY-CONSISTENCY',
  local: 'COD-REPLY-LOCAL',
  format: 'COD-REPLY-FORMAT',
} as const;

/**
 * Checks one Reply: each Error code against Annex B, and the Result against the codes:
 * OK ↔ no Error or only 0.x (informational Errors tolerated); PARTIAL ↔ 0.1/0.2 or per-item Errors;
 * FAILED ↔ at least one code of categories 1–7 (FAILED without Error: ENV-18).
 */
export function checkReplyConsistency(
  result: ReplyResult,
  errors: readonly ReplyErrorLike[],
  opts: CodeCheckOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const soft = softSeverity(opts);
  const annexB = requireAnnexB(opts);

  // 1. every code on its own
  const parsed: { err: ReplyErrorLike; p: ParsedReplyCode | undefined }[] = [];
  for (const err of errors) {
    const p = parseReplyCode(err.code);
    if (!p.ok) {
      out.push(
        finding(REPLY_RULES.format, annexB.required ? 'error' : 'warning', REPLY_CLAUSE,
          `Error/code ${p.problem}: a local code, not an Annex B code`, annexB.assumptions),
      );
      parsed.push({ err, p: undefined });
      continue;
    }
    parsed.push({ err, p: p.value });
    if (!p.value.entry) {
      const where = p.value.knownCategory
        ? `category ${p.value.category} (${REPLY_CATEGORIES[p.value.category]}) has no code ${p.value.canonical} in the public Annex B list`
        : `category ${p.value.category} is not an Annex B category`;
      out.push(
        finding(REPLY_RULES.local, annexB.required ? 'error' : p.value.knownCategory ? 'info' : 'warning', REPLY_CLAUSE,
          `Error/code ${show(err.code)} is a local code: ${where}`, annexB.assumptions),
      );
    }
    const level = err.level?.toUpperCase();
    if (p.value.category === 0 && level && SERIOUS_LEVELS.has(level)) {
      out.push(
        finding(REPLY_RULES.consistency, soft, REPLY_CLAUSE,
          `Error/code ${p.value.canonical} (${describeShort(p.value)}) is not an error but has level ${err.level}`),
      );
    }
  }

  // 2. the Result against the codes
  const cats = parsed.filter((x) => x.p !== undefined) as { err: ReplyErrorLike; p: ParsedReplyCode }[];
  const failing = cats.filter((x) => x.p.category >= 1 && x.p.category <= 7);
  const zero = cats.filter((x) => x.p.category === 0);
  const partialCodes = zero.filter((x) => x.p.index === 1 || x.p.index === 2);

  switch (result) {
    case 'OK': {
      for (const x of failing) {
        const level = x.err.level?.toUpperCase();
        const sev: Severity = level && SERIOUS_LEVELS.has(level) ? 'error' : level && INFO_LEVELS.has(level) ? 'info' : soft;
        const why = level && INFO_LEVELS.has(level)
          ? `accepted as informational (level ${x.err.level})`
          : level ? `with level ${x.err.level}` : 'without a level saying it is only informational';
        out.push(
          finding(REPLY_RULES.consistency, sev, REPLY_CLAUSE,
            `Result OK carries error code ${x.p.canonical} (${describeShort(x.p)}) ${why}`),
        );
      }
      for (const x of partialCodes) {
        out.push(
          finding(REPLY_RULES.consistency, soft, REPLY_CLAUSE,
            `Result OK carries ${x.p.canonical} (${describeShort(x.p)}), which announces a PARTIAL result`),
        );
      }
      break;
    }
    case 'PARTIAL': {
      if (errors.length === 0) {
        out.push(
          finding(REPLY_RULES.consistency, soft, REPLY_CLAUSE,
            'Result PARTIAL without any Error: neither 0.1/0.2 nor a per-item Error says what is missing'),
        );
      } else if (partialCodes.length === 0 && failing.length === 0 && cats.length === errors.length) {
        out.push(
          finding(REPLY_RULES.consistency, soft, REPLY_CLAUSE,
            `Result PARTIAL with only ${cats.map((x) => x.p.canonical).join(', ')}: expected 0.1/0.2 or per-item errors of categories 1–7`),
        );
      }
      break;
    }
    case 'FAILED': {
      if (errors.length === 0) {
        const v = assumption(opts, 'ENV-18');
        out.push(
          finding(REPLY_RULES.consistency, token(v) === 'failure' ? 'error' : 'warning', REPLY_CLAUSE,
            'Result FAILED without any Error: the reply does not say why the request failed', { 'ENV-18': v }),
        );
      } else if (failing.length === 0) {
        if (cats.length === 0) {
          out.push(
            finding(REPLY_RULES.consistency, 'info', REPLY_CLAUSE,
              'Result FAILED with local codes only: the failure category cannot be checked against Annex B'),
          );
        } else if (zero.length === cats.length && cats.length === errors.length && zero.every((x) => x.p.index === 0)) {
          out.push(
            finding(REPLY_RULES.consistency, 'error', REPLY_CLAUSE,
              'Result FAILED but the only Error code is 0.0 "No errors": the reply contradicts itself'),
          );
        } else {
          out.push(
            finding(REPLY_RULES.consistency, soft, REPLY_CLAUSE,
              `Result FAILED without any code of categories 1–7 (codes: ${errors.map((e) => e.code).join(', ')})`),
          );
        }
      }
      break;
    }
    default:
      out.push(
        finding(REPLY_RULES.consistency, 'error', REPLY_CLAUSE,
          `Result ${show(String(result))} is not one of OK, PARTIAL, FAILED`),
      );
  }
  return out;
}

function describeShort(p: ParsedReplyCode): string {
  return p.entry ? p.entry.meaning : p.knownCategory ? REPLY_CATEGORIES[p.category]! : 'local code';
}

/** ENV-19 and COD-07 say the same thing for this module: Annex B required, or non-Annex-B codes only a finding */
function requireAnnexB(opts: CodeCheckOptions): { required: boolean; assumptions: Record<string, string> } {
  const env19 = assumption(opts, 'ENV-19');
  const cod07 = assumption(opts, 'COD-07');
  return { required: token(env19) === 'failure' || token(cod07) === 'failure', assumptions: { 'ENV-19': env19, 'COD-07': cod07 } };
}

// ----------------------------------------------------------------------------------------------------------
// Expected codes per negative scenario (COD-06)

export type NegativeScenarioKind =
  | 'schemaInvalid'
  | 'unknownNoun'
  | 'unsupportedVerb'
  | 'unknownMeter'
  | 'unknownUsagePoint'
  | 'unknownReadingType'
  | 'unsupportedReadingType'
  | 'dataUnavailable'
  | 'operationSetRolledBack'
  | 'transactionAborted'
  | 'missingHeaderElement'
  | 'missingRequestElement'
  | 'missingPayloadElement'
  | 'authentication';

/** kind → [expected code, other codes accepted] (codes.md §2.3; the alternatives are the suite's reading) */
const EXPECTED: Readonly<Record<NegativeScenarioKind, readonly [string, ...string[]]>> = {
  schemaInvalid: ['1.8'],
  unknownNoun: ['2.5'],
  unsupportedVerb: ['2.9'],
  unknownMeter: ['2.4'],
  unknownUsagePoint: ['2.12'],
  unknownReadingType: ['2.6', '2.10'],
  unsupportedReadingType: ['2.10', '2.6'],
  dataUnavailable: ['5.7', '5.5', '5.6'],
  operationSetRolledBack: ['5.9'],
  transactionAborted: ['5.9'],
  missingHeaderElement: ['1.5'],
  missingRequestElement: ['1.6'],
  missingPayloadElement: ['1.7'],
  authentication: ['7.4', '7.1', '7.2', '7.3', '7.5', '7.6', '7.7'],
};

export const NEGATIVE_SCENARIO_KINDS = Object.keys(EXPECTED) as NegativeScenarioKind[];

/**
 * The Annex B code a SUT claiming Annex B support is expected to send for this negative case (COD-06):
 * schemaInvalid → 1.8, unknownNoun → 2.5, unsupportedVerb → 2.9, unknownMeter → 2.4, unknownUsagePoint → 2.12,
 * unknownReadingType → 2.6, unsupportedReadingType → 2.10, dataUnavailable → 5.7, operationSetRolledBack
 * (transactionAborted) → 5.9, missing Header / Request / Payload element → 1.5 / 1.6 / 1.7, authentication → 7.4.
 * Undefined for a kind the suite does not know.
 */
export function expectedCodeFor(kind: NegativeScenarioKind): string;
export function expectedCodeFor(kind: string): string | undefined;
export function expectedCodeFor(kind: string): string | undefined {
  return (EXPECTED as Readonly<Record<string, readonly string[] | undefined>>)[kind]?.[0];
}

/** Every code accepted for this negative case (e.g. data unavailable: 5.7, 5.5, 5.6); empty for an unknown kind. */
export function acceptedCodesFor(kind: NegativeScenarioKind | string): readonly string[] {
  return (EXPECTED as Readonly<Record<string, readonly string[] | undefined>>)[kind] ?? [];
}
