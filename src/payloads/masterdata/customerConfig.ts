/**
 * The seven 2013-only customer-side config nouns of MD-02 (../shared/spec/use-cases.md §9.2, 2013 figs. 54–58,
 * 62, 63): ServiceSupplierConfig, CustomerConfig, CustomerAgreementConfig, CustomerAccountConfig,
 * ServiceCategoryConfig, ServiceLocationConfig, PricingStructureConfig. No public schema (payloads.md §0.5): the
 * profiles are RECONSTRUCTED by the project from the CIM classes (CIM9-279..285, src/schema/gen/profiles.ts).
 * Root <Noun>, 0..* objects; each object is mRID, simple attributes and identification-only references, in the
 * profile order of common.ts OBJECT_CHILDREN. One builder and one reader serve the seven nouns.
 */
import { children, leaf, type XElement, type XNode } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { childSlot, idOnlyElement, namesElements, readIdOnly, type IdOnlyValue, type NameValue } from './common.ts';

export const CUSTOMER_CONFIG_NOUNS = [
  'ServiceSupplierConfig', 'CustomerConfig', 'CustomerAgreementConfig', 'CustomerAccountConfig', 'ServiceCategoryConfig', 'ServiceLocationConfig', 'PricingStructureConfig',
] as const;
export type CustomerConfigNoun = (typeof CUSTOMER_CONFIG_NOUNS)[number];

/** the object element of each noun's payload */
export const CUSTOMER_CONFIG_OBJECT = {
  ServiceSupplierConfig: 'ServiceSupplier',
  CustomerConfig: 'Customer',
  CustomerAgreementConfig: 'CustomerAgreement',
  CustomerAccountConfig: 'CustomerAccount',
  ServiceCategoryConfig: 'ServiceCategory',
  ServiceLocationConfig: 'ServiceLocation',
  PricingStructureConfig: 'PricingStructure',
} as const satisfies Record<CustomerConfigNoun, string>;

/** the assumption of each reconstructed profile (the register's CIM9-279..285; the Get profiles are CIM9-286) */
export const CUSTOMER_CONFIG_ASSUMPTION = {
  ServiceSupplierConfig: 'CIM9-279',
  CustomerConfig: 'CIM9-280',
  CustomerAgreementConfig: 'CIM9-281',
  CustomerAccountConfig: 'CIM9-282',
  ServiceCategoryConfig: 'CIM9-283',
  ServiceLocationConfig: 'CIM9-284',
  PricingStructureConfig: 'CIM9-285',
} as const satisfies Record<CustomerConfigNoun, string>;

export function isCustomerConfigNoun(noun: string): noun is CustomerConfigNoun {
  return (CUSTOMER_CONFIG_NOUNS as readonly string[]).includes(noun);
}

/** one object: identity, simple attributes (text as sent) and identification-only references by role */
export interface CustomerObjectValue {
  mRID?: string;
  names?: NameValue[];
  /** simple attributes: kind, code, billingCycle, vip ... */
  fields?: Record<string, string>;
  /** identification-only references: Customer, CustomerAccount, UsagePoints, ServiceCategory ... */
  refs?: Record<string, IdOnlyValue[]>;
}

/** <Noun> root with its objects, children in profile order */
export function buildCustomerConfig(noun: CustomerConfigNoun, objects: readonly CustomerObjectValue[], ns: string = profileNs(noun)): XElement {
  const object = CUSTOMER_CONFIG_OBJECT[noun];
  return {
    ns,
    name: noun,
    children: objects.map((o): XElement => {
      const kids: { at: number; i: number; e: XElement }[] = [];
      const add = (name: string, e: XElement | undefined) => e && kids.push({ at: childSlot(noun, object, name).index, i: kids.length, e });
      add('mRID', o.mRID === undefined ? undefined : leaf(ns, 'mRID', o.mRID));
      for (const [k, v] of Object.entries(o.fields ?? {})) add(k, leaf(ns, k, v));
      for (const n of namesElements(ns, o.names)) add('Names', n);
      for (const [role, list] of Object.entries(o.refs ?? {})) for (const r of list) add(role, idOnlyElement(ns, role, r));
      return { ns, name: object, children: kids.sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.e) };
    }),
  };
}

/** the objects of a <Noun> payload (fields: leaf children; refs: children with element children other than Names) */
export function readCustomerConfig(root: XNode, noun: CustomerConfigNoun): CustomerObjectValue[] {
  return children(root, root.ns, CUSTOMER_CONFIG_OBJECT[noun]).map((n) => {
    const fields: Record<string, string> = {};
    const refs: Record<string, IdOnlyValue[]> = {};
    let mRID: string | undefined;
    for (const c of n.children) {
      if (c.name === 'Names') continue;
      if (c.name === 'mRID') mRID = c.text;
      else if (c.children.length === 0) fields[c.name] = c.text ?? '';
      else (refs[c.name] ??= []).push(readIdOnly(c));
    }
    return { mRID, names: readIdOnly(n).names, fields, refs };
  });
}
