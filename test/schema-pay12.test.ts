/**
 * PAY-12: UsagePoint/status in UsagePointConfig (payloads.md §10.2). The packs leave it out (a vendor extension by
 * default, a schema error); with PAY-12=standard it is accepted at the end of a UsagePoint whose other children fit
 * the pack, by `cim9 validate --assume PAY-12=standard` as in a scenario (schemaAssumptions).
 * Run: node --import tsx --test test/schema-pay12.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMessage, type Finding } from '../src/checks/index.ts';
import { buildUsagePointConfig, UPC } from '../src/payloads/masterdata/usagePointConfig.ts';
import { PREFIXES } from '../src/message/index.ts';
import { loadPack } from '../src/schema/index.ts';
import { serializeXml, type XElement } from '../src/xml/index.ts';

const pack = loadPack({ edition: '2013' });
const status: XElement = { ns: UPC, name: 'status', children: [{ ns: UPC, name: 'value', text: 'active' }] };

function usagePointConfig(extra: (up: XElement) => XElement): string {
  const root = buildUsagePointConfig({ usagePoints: [{ mRID: 'UP-1', isSdp: true }] });
  root.children = (root.children ?? []).map((c) => (c && c.name === 'UsagePoint' ? extra(c) : c));
  return serializeXml(root, { prefixes: PREFIXES });
}
const withStatus = (up: XElement): XElement => ({ ...up, children: [...(up.children ?? []), status] });
const xsd = (fs: Finding[]) => fs.filter((f) => f.rule === 'XSD');

describe('PAY-12 UsagePoint/status', () => {
  test('by default (vendor-extension) status is a schema error', () => {
    const fs = xsd(checkMessage(usagePointConfig(withStatus), { label: 'up', pack }));
    assert.equal(fs.length, 1, JSON.stringify(fs));
    assert.equal(fs[0]!.severity, 'error');
    assert.match(fs[0]!.message, /status/);
  });

  test('with PAY-12=standard it is accepted, and only at the end of an otherwise valid UsagePoint', () => {
    const standard = { label: 'up', pack, assumptions: { 'PAY-12': 'standard' } };
    assert.deepEqual(xsd(checkMessage(usagePointConfig(withStatus), standard)), []);
    // status first: the declared children after it no longer fit where it stands
    const first = (up: XElement): XElement => ({ ...up, children: [status, ...(up.children ?? [])] });
    assert.ok(xsd(checkMessage(usagePointConfig(first), standard)).some((f) => f.severity === 'error'));
    // another undeclared element is still an error
    const other = (up: XElement): XElement => ({ ...up, children: [...(up.children ?? []), { ns: UPC, name: 'colour', text: 'red' }] });
    assert.ok(xsd(checkMessage(usagePointConfig(other), standard)).some((f) => f.severity === 'error'));
  });
});
