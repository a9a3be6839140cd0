/**
 * The query profiles of the config nouns (Get<Noun>, ../shared/spec/payloads.md §8) and the master-data
 * nouns' object elements.
 *
 * GetMeterConfig is known (◐): Customer, CustomerAccount, CustomerAgreement, EndDeviceGroup, Meter (mRID,
 * amrSystem, Names), ServiceLocation, UsagePoint, UsagePointGroup — identification-only filters in
 * alphabetical order. The other Get profiles of the 2024 list (GetUsagePointConfig, GetEndDeviceConfig,
 * GetComModuleConfig, GetUsagePointLocationConfig) are not public (?): they are built by the same rule, with
 * the noun's object and the related objects as identification-only filters.
 *
 * Where the filter goes is assumption PAY-11: the Get profile in Request (default) or, as a vendor does, the
 * noun profile itself with identifiers only in Payload (`nounProfileFilter`).
 */
import { children, leaf, type XElement, type XNode } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { idOnlyElement, namesElements, objectId, type IdOnlyValue } from './common.ts';
import { CUSTOMER_CONFIG_NOUNS, CUSTOMER_CONFIG_OBJECT } from './customerConfig.ts';

export const CONFIG_NOUNS = [
  'MeterConfig', 'EndDeviceConfig', 'UsagePointConfig', 'ComModuleConfig', 'UsagePointLocationConfig',
  // MD-02, 2013 only: the seven customer-side nouns (reconstructed, CIM9-279..285; Get<Noun> proposed, CIM9-286)
  ...CUSTOMER_CONFIG_NOUNS,
] as const;
export type ConfigNoun = (typeof CONFIG_NOUNS)[number];

/** the object element of each config noun's payload */
export const CONFIG_OBJECT: Readonly<Record<ConfigNoun, string>> = {
  MeterConfig: 'Meter',
  EndDeviceConfig: 'EndDevice',
  UsagePointConfig: 'UsagePoint',
  ComModuleConfig: 'ComModule',
  UsagePointLocationConfig: 'UsagePointLocation',
  ...CUSTOMER_CONFIG_OBJECT,
};

export function isConfigNoun(noun: string): noun is ConfigNoun {
  return (CONFIG_NOUNS as readonly string[]).includes(noun);
}

/** filters of a Get<Noun>: identification-only objects per role (Meter, UsagePoint, ...) */
export type ConfigFilter = Partial<Record<string, IdOnlyValue[]>>;

const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

/** Get<Noun> query profile root (namespace http://iec.ch/TC57/2011/Get<Noun>#), filters alphabetical */
export function buildGetConfig(noun: ConfigNoun, filter: ConfigFilter): XElement {
  const ns = profileNs(`Get${noun}`);
  return {
    ns,
    name: `Get${noun}`,
    children: Object.keys(filter)
      .sort(byName)
      .flatMap((role) => (filter[role] ?? []).map((o): XElement => ({ ns, name: role, children: [leaf(ns, 'mRID', o.mRID), ...namesElements(ns, o.names)] }))),
  };
}

/** the vendor form of a query filter (PAY-11 payload-only): the noun profile with identifiers only */
export function nounProfileFilter(noun: ConfigNoun, ids: IdOnlyValue[], ns: string = profileNs(noun)): XElement {
  return { ns, name: noun, children: ids.map((o) => idOnlyElement(ns, CONFIG_OBJECT[noun], o)) };
}

/** identifiers per filter role of a Get<Noun> root, or of a noun profile used as a filter */
export function readConfigFilter(root: XNode): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of root.children) {
    const id = objectId(c);
    if (id) (out[c.name] ??= []).push(id);
  }
  return out;
}

/** the object elements of a config payload (e.g. every Meter of a MeterConfig) */
export function configObjects(root: XNode, noun: ConfigNoun): XNode[] {
  return children(root, root.ns, CONFIG_OBJECT[noun]);
}
