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
  messageId?: string;
  /** assumptions this verdict depends on, with the value used: { "ENV-14": "request-correlation" } */
  assumptions?: Record<string, string>;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** one finding per line: `file:line: severity rule: message (xpath)` */
export function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : f.line ? `line ${f.line}: ` : '';
  const xp = f.xpath ? ` (${f.xpath})` : '';
  const as = f.assumptions && Object.keys(f.assumptions).length
    ? ` [assumed ${Object.entries(f.assumptions).map(([k, v]) => `${k}=${v}`).join(', ')}]`
    : '';
  return `${where}${f.severity} ${f.rule}: ${f.message}${xp}${as}`;
}
