/**
 * UsagePointConfig payload (../shared/spec/payloads.md §10): root children ReadingType*, UsagePoint*.
 * `UsagePoint.status` is left out (a vendor extension by default, assumption PAY-12; with PAY-12=standard the schema
 * layer accepts it at the end of a UsagePoint, src/schema standardStatus). Namespace
 * http://iec.ch/TC57/2011/UsagePointConfig# (◐).
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { configurationEventElement, idOnlyElement, namesElements, refElement, type ConfigurationEventValue, type IdOnlyValue, type NameValue } from './common.ts';

export const UPC = profileNs('UsagePointConfig');

export interface MetrologyRequirementValue {
  mRID?: string;
  /** ReadingReasonKind */
  reason?: string;
  names?: NameValue[];
  /** 1..*: ReadingType codes */
  readingTypes: string[];
}

export interface UsagePointValue {
  mRID?: string;
  /** AmiBillingReadyKind */
  amiBillingReady?: string;
  checkBilling?: boolean;
  /** connected | logicallyDisconnected | physicallyDisconnected */
  connectionState?: string;
  grounded?: boolean;
  isSdp?: boolean;
  isVirtual?: boolean;
  minimalUsageExpected?: boolean;
  nominalServiceVoltage?: number;
  outageRegion?: string;
  /** PhaseCode, e.g. ABCN, s12N */
  phaseCode?: string;
  ratedCurrent?: number;
  ratedPower?: number;
  readCycle?: string;
  readRoute?: string;
  serviceDeliveryRemark?: string;
  servicePriority?: string;
  configurationEvent?: ConfigurationEventValue;
  metrologyRequirements?: MetrologyRequirementValue[];
  names?: NameValue[];
  /** PricingStructures (0..1): the customer program / tariff of the usage point (EDC-03, CIM9-184) */
  pricingStructure?: { mRID?: string; code?: string; names?: NameValue[] };
  /** ServiceCategory: mRID, kind (ServiceKind: electricity, gas, water ...), Names */
  serviceCategory?: { mRID?: string; kind?: string; names?: NameValue[] };
  serviceLocation?: IdOnlyValue;
  /** ServiceSupplier (0..1): the supplier of the usage point (CS-01 customer switching, CIM9-198): mRID, kind (SupplierKind), Names */
  serviceSupplier?: { mRID?: string; kind?: string; names?: NameValue[] };
  usagePointLocation?: IdOnlyValue;
}

export interface UsagePointConfigValue {
  usagePoints: UsagePointValue[];
}

export function usagePointElement(ns: string, u: UsagePointValue): XElement {
  return {
    ns,
    name: 'UsagePoint',
    children: [
      leaf(ns, 'mRID', u.mRID),
      leaf(ns, 'amiBillingReady', u.amiBillingReady),
      leaf(ns, 'checkBilling', u.checkBilling),
      leaf(ns, 'connectionState', u.connectionState),
      leaf(ns, 'grounded', u.grounded),
      leaf(ns, 'isSdp', u.isSdp),
      leaf(ns, 'isVirtual', u.isVirtual),
      leaf(ns, 'minimalUsageExpected', u.minimalUsageExpected),
      leaf(ns, 'nominalServiceVoltage', u.nominalServiceVoltage),
      leaf(ns, 'outageRegion', u.outageRegion),
      leaf(ns, 'phaseCode', u.phaseCode),
      leaf(ns, 'ratedCurrent', u.ratedCurrent),
      leaf(ns, 'ratedPower', u.ratedPower),
      leaf(ns, 'readCycle', u.readCycle),
      leaf(ns, 'readRoute', u.readRoute),
      leaf(ns, 'serviceDeliveryRemark', u.serviceDeliveryRemark),
      leaf(ns, 'servicePriority', u.servicePriority),
      configurationEventElement(ns, 'ConfigurationEvents', u.configurationEvent),
      ...(u.metrologyRequirements ?? []).map(
        (r): XElement => ({
          ns,
          name: 'MetrologyRequirements',
          children: [leaf(ns, 'mRID', r.mRID), leaf(ns, 'reason', r.reason), ...namesElements(ns, r.names), ...r.readingTypes.map((rt) => refElement(ns, 'ReadingTypes', rt))],
        }),
      ),
      ...namesElements(ns, u.names),
      u.pricingStructure && {
        ns,
        name: 'PricingStructures',
        children: [leaf(ns, 'mRID', u.pricingStructure.mRID), leaf(ns, 'code', u.pricingStructure.code), ...namesElements(ns, u.pricingStructure.names)],
      },
      u.serviceCategory && {
        ns,
        name: 'ServiceCategory',
        children: [leaf(ns, 'mRID', u.serviceCategory.mRID), leaf(ns, 'kind', u.serviceCategory.kind), ...namesElements(ns, u.serviceCategory.names)],
      },
      idOnlyElement(ns, 'ServiceLocation', u.serviceLocation),
      u.serviceSupplier && {
        ns,
        name: 'ServiceSupplier',
        children: [leaf(ns, 'mRID', u.serviceSupplier.mRID), leaf(ns, 'kind', u.serviceSupplier.kind), ...namesElements(ns, u.serviceSupplier.names)],
      },
      idOnlyElement(ns, 'UsagePointLocation', u.usagePointLocation),
    ],
  };
}

export function buildUsagePointConfig(v: UsagePointConfigValue): XElement {
  return { ns: UPC, name: 'UsagePointConfig', children: v.usagePoints.map((u) => usagePointElement(UPC, u)) };
}

/** the usage points of a UsagePointConfig payload with the pricing structure (customer program) each names, if any */
export function readUsagePointPrograms(root: XNode): { usagePoint?: string; pricingStructure?: string; node: XNode }[] {
  return children(root, UPC, 'UsagePoint').map((u) => {
    const ps = child(u, UPC, 'PricingStructures');
    return {
      node: u,
      usagePoint: childText(u, UPC, 'mRID') ?? childText(child(u, UPC, 'Names'), UPC, 'name'),
      pricingStructure: ps ? (childText(ps, UPC, 'mRID') ?? childText(ps, UPC, 'code') ?? childText(child(ps, UPC, 'Names'), UPC, 'name') ?? '') : undefined,
    };
  });
}

/** the usage points of a UsagePointConfig payload with the ServiceSupplier (new supplier, CS-01) each names, if any */
export function readUsagePointSuppliers(root: XNode): { usagePoint?: string; serviceSupplier?: string; node: XNode }[] {
  return children(root, UPC, 'UsagePoint').map((u) => {
    const ss = child(u, UPC, 'ServiceSupplier');
    return {
      node: u,
      usagePoint: childText(u, UPC, 'mRID') ?? childText(child(u, UPC, 'Names'), UPC, 'name'),
      serviceSupplier: ss ? (childText(ss, UPC, 'mRID') ?? childText(child(ss, UPC, 'Names'), UPC, 'name') ?? '') : undefined,
    };
  });
}
