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
