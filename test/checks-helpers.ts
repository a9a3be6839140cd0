/**
 * What the unit tests of the pure checks share: a built payload read back as the checks see it, a check context
 * (with assumption values of the test's choice), and findings as "<severity> <rule>" lines to compare.
 */
import assert from 'node:assert/strict';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { PREFIXES } from '../src/message/index.ts';
import { parseXml, serializeXml, type XElement, type XNode } from '../src/xml/index.ts';

/** a payload built by src/payloads, serialized and parsed again */
export const parse = (x: XElement): XNode => {
  const r = parseXml(serializeXml(x, { prefixes: PREFIXES }));
  assert.ok(r.ok);
  return r.root;
};

/** the context of a check labelled "t", with these assumption values over the register's defaults */
export const ctx = (assumptions: Record<string, string> = {}) => {
  const c = contextFor({ label: 't' });
  return { ...c, assumptions: { ...c.assumptions, ...assumptions } };
};

export const rules = (fs: Finding[]): string[] => fs.map((f) => `${f.severity} ${f.rule}`);

/** the finding says what was expected and what came (issue 16): both set, matching the patterns */
export function hasEvidence(f: Finding | undefined, expected: RegExp, actual: RegExp): void {
  assert.ok(f, 'no finding');
  assert.match(f.expected ?? '(no expected)', expected, `expected of ${f.rule}: ${f.message}`);
  assert.match(f.actual ?? '(no actual)', actual, `actual of ${f.rule}: ${f.message}`);
}

/** every finding of `fs` (at least one) has both expected and actual */
export function allHaveEvidence(fs: readonly Finding[]): void {
  assert.ok(fs.length, 'no finding');
  for (const f of fs) assert.ok(f.expected !== undefined && f.actual !== undefined, `${f.rule} without expected / actual: ${f.message}`);
}
