/**
 * A finding is what every check yields: never a bare assertion. A step fails when a finding of
 * severity `error` appears. Findings that depend on an uncertain point of the standard name the
 * assumption and the value used (see ../shared/spec/README.md §3 and docs/assumptions.md).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** rule id, stable once released, e.g. ENV-CORRELATION, XSD, COD-EVENT-TYPE */
  rule: string;
  severity: Severity;
  message: string;
  /** clause of the standard the rule comes from, e.g. "61968-100:2013 5.4" */
  clause?: string;
  /** file or message the finding is about (a path, or a message label such as "reply to m-12") */
  file?: string;
  line?: number;
  xpath?: string;
  /**
   * what the rule expected, in the suite's words (a value, a list of accepted values, a limit): set by the checks
   * that know it; with `actual`, a column of its own in every report (conformance.json/.md/.html, junit.xml)
   */
  expected?: string;
  /**
   * what the SUT sent (or did) instead: a value the SUT controls, so every report escapes it and it is cut to
   * ACTUAL_MAX characters (`boundFinding`, applied when a step records findings and when a report reads them)
   */
  actual?: string;
  messageId?: string;
  /** assumptions this verdict depends on, with the value used: { "ENV-14": "request-correlation" } */
  assumptions?: Record<string, string>;
}

/** the most characters of `expected` / `actual` a finding keeps (the SUT may send a value of 20 MiB) */
export const ACTUAL_MAX = 400;
/** the most characters of a finding's message that are kept */
export const MESSAGE_MAX = 4000;

/**
 * `s` cut to `max` characters, saying how many were left out; cut before anything else reads it, so that a huge
 * value costs no more than `max` from here on. Escaping is each report format's job (src/report/escape.ts).
 */
export function bounded(s: string, max: number): string {
  const str = String(s);
  return str.length > max ? `${str.slice(0, max)}… (${str.length - max} more characters)` : str;
}

/** the finding with its SUT-controlled texts bounded: expected / actual to ACTUAL_MAX, the message to MESSAGE_MAX */
export function boundFinding(f: Finding): Finding {
  const long = (s: string | undefined, max: number) => s !== undefined && String(s).length > max;
  if (!long(f.expected, ACTUAL_MAX) && !long(f.actual, ACTUAL_MAX) && !long(f.message, MESSAGE_MAX) && typeof f.message === 'string') return f;
  return {
    ...f,
    message: bounded(f.message ?? '', MESSAGE_MAX),
    ...(f.expected !== undefined ? { expected: bounded(f.expected, ACTUAL_MAX) } : {}),
    ...(f.actual !== undefined ? { actual: bounded(f.actual, ACTUAL_MAX) } : {}),
  };
}

/** "expected X; actual Y" of a finding, or '' when it has neither (a line of its own in the verdict's text) */
export function expectedActual(f: Pick<Finding, 'expected' | 'actual'>): string {
  const parts = [f.expected !== undefined && `expected: ${bounded(f.expected, ACTUAL_MAX)}`, f.actual !== undefined && `actual: ${bounded(f.actual, ACTUAL_MAX)}`].filter(Boolean);
  return parts.join('; ');
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** one finding per line: `file:line: severity rule: message (xpath) [assumed …] — expected: …; actual: …` */
export function formatFinding(f: Finding): string {
  return findingLine(f, true);
}

/** the line of a finding without its expected / actual (a report that shows them on lines or in columns of their own) */
export function formatFindingHead(f: Finding): string {
  return findingLine(f, false);
}

function findingLine(f: Finding, withExpectedActual: boolean): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : f.line ? `line ${f.line}: ` : '';
  const xp = f.xpath ? ` (${f.xpath})` : '';
  const as = f.assumptions && Object.keys(f.assumptions).length
    ? ` [assumed ${Object.entries(f.assumptions).map(([k, v]) => `${k}=${v}`).join(', ')}]`
    : '';
  const ea = withExpectedActual ? expectedActual(f) : '';
  return `${where}${f.severity} ${f.rule}: ${f.message}${xp}${as}${ea ? ` — ${ea}` : ''}`;
}
