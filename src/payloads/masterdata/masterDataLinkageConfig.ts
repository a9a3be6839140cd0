/**
 * MasterDataLinkageConfig payload (../shared/spec/payloads.md §12): the objects listed in one payload are
 * linked to each other as of ConfigurationEvent.effectiveDateTime. Root children (alphabetical, all 0..*
 * identification-only except ConfigurationEvent 0..1): AuxiliaryAgreement, ComModule, ConfigurationEvent,
 * Customer, CustomerAccount, CustomerAgreement, EndDevice, Meter, PricingStructure, ServiceLocation,
 * ServiceSupplier, TransformerTank, UsagePoint, UsagePointLocation. The vendor's Meter.role and
 * Meter.ReadingTypeMapping are left out (§15). Namespace http://iec.ch/TC57/2011/MasterDataLinkageConfig# (◐).
 */
import { child, children, childText, type XElement, type XNode } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { configurationEventElement, idOnlyElement, objectId, type ConfigurationEventValue, type IdOnlyValue } from './common.ts';

export const MDL = profileNs('MasterDataLinkageConfig');

/** the linkable roles, in profile order (ConfigurationEvent sits between ComModule and Customer) */
export const LINKABLE = [
  'AuxiliaryAgreement',
  'ComModule',
  'Customer',
  'CustomerAccount',
  'CustomerAgreement',
  'EndDevice',
  'Meter',
  'PricingStructure',
  'ServiceLocation',
  'ServiceSupplier',
  'TransformerTank',
  'UsagePoint',
  'UsagePointLocation',
] as const;
export type Linkable = (typeof LINKABLE)[number];

export interface MasterDataLinkageConfigValue {
  configurationEvent?: ConfigurationEventValue;
  objects: Partial<Record<Linkable, IdOnlyValue[]>>;
}

export function buildMasterDataLinkageConfig(v: MasterDataLinkageConfigValue): XElement {
  const ids = (role: Linkable) => (v.objects[role] ?? []).map((o) => idOnlyElement(MDL, role, o));
  return {
    ns: MDL,
    name: 'MasterDataLinkageConfig',
    children: [
      ...ids('AuxiliaryAgreement'),
      ...ids('ComModule'),
      configurationEventElement(MDL, 'ConfigurationEvent', v.configurationEvent),
      ...LINKABLE.slice(2).flatMap((role) => ids(role)),
    ],
  };
}

export interface ReadLinkage {
  /** identifiers per role (mRID, else first name) */
  objects: Partial<Record<Linkable, string[]>>;
  effectiveDateTime?: string;
  createdDateTime?: string;
}

export function readMasterDataLinkageConfig(root: XNode): ReadLinkage {
  const objects: Partial<Record<Linkable, string[]>> = {};
  for (const role of LINKABLE) {
    const found = children(root, root.ns, role).map((n) => objectId(n) ?? '');
    if (found.length) objects[role] = found;
  }
  const ev = child(root, root.ns, 'ConfigurationEvent');
  return { objects, effectiveDateTime: childText(ev, root.ns, 'effectiveDateTime'), createdDateTime: childText(ev, root.ns, 'createdDateTime') };
}
