/**
 * Schema-layer assumptions taken from the register (schemaAssumptions), the same for `cim9 validate` and a scenario.
 *
 * ENV-08 / PAY-11: the vendor query variant of envelope.md §4.2 ({…/<Noun>Message}Get<Noun>, the filter as the noun
 * profile in Payload) is refused by default and admitted, reported, under ENV-08=tolerant or PAY-11=payload-only.
 *
 * PAY-12: UsagePoint/status in UsagePointConfig (payloads.md §10.2). The packs leave it out (a vendor extension by
 * default, a schema error); with PAY-12=standard it is accepted at the end of a UsagePoint whose other children fit
 * the pack, by `cim9 validate --assume PAY-12=standard` as in a scenario (schemaAssumptions).
 * Run: node --import tsx --test test/schema-assumptions.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMessage, type Finding } from '../src/checks/index.ts';
import { buildUsagePointConfig, UPC } from '../src/payloads/masterdata/usagePointConfig.ts';
import { PREFIXES, toSoap } from '../src/message/index.ts';
import { nounProfileFilter } from '../src/payloads/masterdata/getConfig.ts';
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

describe('ENV-08 / PAY-11: Get<Noun> in the noun wrapper namespace (vendor variant)', () => {
  const header = { verb: 'get', noun: 'MeterConfig', timestamp: '2024-03-01T03:00:00Z', source: 't', messageId: 'm-1' };
  const variant = (meter: string, extra?: string) => {
    const root = nounProfileFilter('MeterConfig', [{ mRID: meter }]);
    if (extra) root.children = [...(root.children ?? []), { ns: root.ns, name: extra, text: 'x' }];
    return toSoap({ kind: 'request', query: false, header, payload: { root } }, '1.1').xml;
  };

  test('the message is the variant: Get<Noun> in the noun wrapper namespace', () => {
    assert.match(variant('M-1'), /MeterConfigMessage/);
    assert.doesNotMatch(variant('M-1'), /GetMeterConfigMessage/);
  });

  test('refused by default (strict, request)', () => {
    const fs = xsd(checkMessage(variant('M-1'), { label: 'v', pack }));
    assert.ok(fs.some((f) => f.severity === 'error' && /is not declared by schema pack/.test(f.message)), JSON.stringify(fs));
  });

  for (const [id, value] of [['ENV-08', 'tolerant'], ['PAY-11', 'payload-only']] as const) {
    test(`admitted and reported under ${id}=${value}; its payload is still validated`, () => {
      const opts = { label: 'v', pack, assumptions: { [id]: value } };
      const fs = xsd(checkMessage(variant('M-1'), opts));
      assert.deepEqual(fs.map((f) => `${f.severity} ${f.assumptions?.[id]}`), [`warning ${value}`], JSON.stringify(fs));
      assert.match(fs[0]!.message, /vendor query variant of envelope\.md §4\.2/);
      // a payload that breaks its profile is still an error
      const broken = xsd(checkMessage(variant('M-1', 'noSuchElement'), opts));
      assert.ok(broken.some((f) => f.severity === 'error' && /noSuchElement/.test(f.message)), JSON.stringify(broken));
    });
  }
});
