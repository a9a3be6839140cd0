/**
 * Small types shared by the master-data profiles (../shared/spec/payloads.md §0.4, §7.3): Name, NameType,
 * NameTypeAuthority, Status, ConfigurationEvent, LifecycleDate, identification-only references and `ref`
 * references, with builders that keep the element order of the profiles (§0.3: mRID, simple attributes
 * alphabetically, then compound attributes and associations alphabetically).
 *
 * Also the order of the children of every top-level master-data object (Meter, EndDevice, UsagePoint,
 * ComModule, UsagePointLocation): the reference SUT merges changes element by element and needs it to keep
 * what it answers schema-valid.
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../../xml/index.ts';
import { namesElements, type NameValue } from '../common.ts';

export { namesElements, type NameValue };


export interface StatusValue {
  dateTime?: string;
  reason?: string;
  remark?: string;
  value?: string;
}

/** ConfigurationEvent (§0.4): when and why a configuration took effect */
export interface ConfigurationEventValue {
  mRID?: string;
  createdDateTime?: string;
  effectiveDateTime?: string;
  modifiedBy?: string;
  reason?: string;
  remark?: string;
  severity?: string;
  type?: string;
  names?: NameValue[];
  status?: StatusValue;
}

/** an identification-only object (mRID and/or Names): UsagePoint, ServiceLocation, Manufacturer ... */
export interface IdOnlyValue {
  mRID?: string;
  names?: NameValue[];
}

/** LifecycleDate (§7.3), all xs:date */
export interface LifecycleDateValue {
  installationDate?: string;
  manufacturedDate?: string;
  purchaseDate?: string;
  receivedDate?: string;
  removalDate?: string;
  retiredDate?: string;
}

export function statusElement(ns: string, name: string, s: StatusValue | undefined): XElement | undefined {
  return s && { ns, name, children: [leaf(ns, 'dateTime', s.dateTime), leaf(ns, 'reason', s.reason), leaf(ns, 'remark', s.remark), leaf(ns, 'value', s.value)] };
}

export function configurationEventElement(ns: string, name: string, e: ConfigurationEventValue | undefined): XElement | undefined {
  return (
    e && {
      ns,
      name,
      children: [
        leaf(ns, 'mRID', e.mRID),
        leaf(ns, 'createdDateTime', e.createdDateTime),
        leaf(ns, 'effectiveDateTime', e.effectiveDateTime),
        leaf(ns, 'modifiedBy', e.modifiedBy),
        leaf(ns, 'reason', e.reason),
        leaf(ns, 'remark', e.remark),
        leaf(ns, 'severity', e.severity),
        leaf(ns, 'type', e.type),
        ...namesElements(ns, e.names),
        statusElement(ns, 'status', e.status),
      ],
    }
  );
}

export function idOnlyElement(ns: string, name: string, o: IdOnlyValue | undefined): XElement | undefined {
  return o && { ns, name, children: [leaf(ns, 'mRID', o.mRID), ...namesElements(ns, o.names)] };
}

export function lifecycleElement(ns: string, l: LifecycleDateValue | undefined): XElement | undefined {
  return (
    l && {
      ns,
      name: 'lifecycle',
      children: [
        leaf(ns, 'installationDate', l.installationDate),
        leaf(ns, 'manufacturedDate', l.manufacturedDate),
        leaf(ns, 'purchaseDate', l.purchaseDate),
        leaf(ns, 'receivedDate', l.receivedDate),
        leaf(ns, 'removalDate', l.removalDate),
        leaf(ns, 'retiredDate', l.retiredDate),
      ],
    }
  );
}

/** a reference to an object defined elsewhere: an empty element with `ref` (§0.2) */
export const refElement = (ns: string, name: string, value: string): XElement => ({ ns, name, attrs: { ref: value } });

// ------------------------------------------------------------------------------------------------
// reading

/** the identity of an object element: its mRID, else its first Names/name (vendor rule "mRID if present, else Name") */
export function objectId(n: XNode | undefined): string | undefined {
  if (!n) return undefined;
  const mrid = childText(n, n.ns, 'mRID');
  if (mrid) return mrid;
  const first = child(n, n.ns, 'Names');
  return first ? childText(first, n.ns, 'name') || undefined : undefined;
}

/**
 * the NameType of a Names entry that names another object, not the object itself: the meter (PAN gateway) of a PAN
 * device (CIM9-247)
 */
export const REFERENCE_NAME_TYPES: readonly string[] = ['PANGateway'];

/** every identifier an object element carries: its mRID and all its names (not those of a REFERENCE_NAME_TYPES type) */
export function objectIds(n: XNode): string[] {
  const out: string[] = [];
  const mrid = childText(n, n.ns, 'mRID');
  if (mrid) out.push(mrid);
  for (const x of children(n, n.ns, 'Names')) {
    const type = child(x, n.ns, 'NameType');
    if (type && REFERENCE_NAME_TYPES.includes(childText(type, n.ns, 'name')?.trim() ?? '')) continue;
    const name = childText(x, n.ns, 'name');
    if (name) out.push(name);
  }
  return out;
}

export function readIdOnly(n: XNode): IdOnlyValue {
  return { mRID: childText(n, n.ns, 'mRID'), names: children(n, n.ns, 'Names').map((x) => ({ name: childText(x, n.ns, 'name') ?? '' })) };
}

// ------------------------------------------------------------------------------------------------
// the children of the top-level objects, in profile order; `*` marks a repeatable element

/**
 * Child order of every top-level master-data object, by profile and element (payloads.md §7.2, §9.2, §10.2,
 * §11, §13; the function references of a device are one repeatable choice, listed as three names).
 */
export const OBJECT_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  'MeterConfig/Meter': [
    'mRID', 'amrSystem', 'formNumber', 'initialCondition', 'initialLossOfLife', 'isVirtual', 'lotNumber', 'purchasePrice', 'serialNumber',
    'timeZoneOffset', 'type', 'utcNumber', 'ActivityRecords*', 'ConfigurationEvents', 'electronicAddress',
    'ComFunction*|ConnectDisconnectFunction*|SimpleEndDeviceFunction*', 'EndDeviceInfo', 'lifecycle', 'MeterMultipliers*', 'Names*', 'Seals*', 'status',
  ],
  'EndDeviceConfig/EndDevice': [
    'mRID', 'amrSystem', 'initialCondition', 'initialLossOfLife', 'installCode', 'isPan', 'isVirtual', 'lotNumber', 'purchasePrice', 'serialNumber',
    'timeZoneOffset', 'type', 'utcNumber', 'ActivityRecords*', 'ConfigurationEvents', 'electronicAddress',
    'ComFunction*|ConnectDisconnectFunction*|SimpleEndDeviceFunction*', 'EndDeviceInfo', 'lifecycle', 'Names*', 'Seals*', 'status',
  ],
  'UsagePointConfig/UsagePoint': [
    'mRID', 'amiBillingReady', 'checkBilling', 'connectionState', 'estimatedLoad', 'grounded', 'isSdp', 'isVirtual', 'minimalUsageExpected',
    'nominalServiceVoltage', 'outageRegion', 'phaseCode', 'ratedCurrent', 'ratedPower', 'readCycle', 'readRoute', 'serviceDeliveryRemark',
    'servicePriority', 'ConfigurationEvents', 'Equipments', 'MetrologyRequirements*', 'Names*', 'PricingStructures', 'ServiceCategory',
    'ServiceLocation', 'ServiceMultipliers*', 'ServiceSupplier', 'UsagePointLocation',
  ],
  'ComModuleConfig/ComModule': [
    'mRID', 'amrSystem', 'lotNumber', 'purchasePrice', 'serialNumber', 'supportsAutonomousDst', 'timeZoneOffset', 'type', 'utcNumber',
    'ActivityRecords*', 'ComFunctions*', 'ConfigurationEvents', 'electronicAddress', 'EndDevice', 'lifecycle', 'Names*', 'Seals*', 'status',
  ],
  'UsagePointLocationConfig/UsagePointLocation': [
    'mRID', 'accessMethod', 'remark', 'siteAccessProblem', 'type', 'electronicAddress', 'mainAddress', 'Names*', 'phone1', 'phone2',
    'PositionPoints*', 'secondaryAddress', 'status', 'UsagePoints*',
  ],
  // MD-02, 2013: the reconstructed customer-side profiles (CIM9-279..285, src/schema/gen/profiles.ts CUSTOMER_NOUNS)
  'ServiceSupplierConfig/ServiceSupplier': ['mRID', 'issuerIdentificationNumber', 'kind', 'Names*'],
  'CustomerConfig/Customer': ['mRID', 'kind', 'locale', 'pucNumber', 'specialNeed', 'vip', 'Names*', 'status'],
  'CustomerAgreementConfig/CustomerAgreement': [
    'mRID', 'createdDateTime', 'loadMgmt', 'signDate', 'type', 'Customer', 'CustomerAccount', 'Names*', 'PricingStructures*', 'ServiceCategory',
    'ServiceSupplier', 'status', 'UsagePoints*', 'validityInterval',
  ],
  'CustomerAccountConfig/CustomerAccount': ['mRID', 'billingCycle', 'budgetBill', 'createdDateTime', 'type', 'Customer', 'Names*', 'status'],
  'ServiceCategoryConfig/ServiceCategory': ['mRID', 'kind', 'Names*'],
  'ServiceLocationConfig/ServiceLocation': ['mRID', 'accessMethod', 'needsInspection', 'siteAccessProblem', 'type', 'mainAddress', 'Names*', 'status', 'UsagePoints*'],
  'PricingStructureConfig/PricingStructure': [
    'mRID', 'code', 'dailyCeilingUsage', 'dailyFloorUsage', 'taxExemption', 'type', 'Names*', 'ServiceCategory', 'status', 'UsagePoints*',
  ],
};

/** position and repeatability of a child element of a top-level object (unknown names: last, single) */
export function childSlot(profile: string, object: string, name: string): { index: number; repeatable: boolean } {
  const order = OBJECT_CHILDREN[`${profile}/${object}`] ?? [];
  for (const [i, entry] of order.entries()) {
    for (const alt of entry.split('|')) {
      const repeatable = alt.endsWith('*');
      if ((repeatable ? alt.slice(0, -1) : alt) === name) return { index: i, repeatable };
    }
  }
  return { index: order.length, repeatable: false };
}

// ------------------------------------------------------------------------------------------------
// change semantics (use-cases.md §9.2: "change only changes what was sent")

const kids = (e: XElement): XElement[] => (e.children ?? []).filter((c): c is XElement => !!c);

/** the identity of an element among its repeated siblings: its mRID, ref, name or kind ('' when none) */
export function elementIdentity(e: XElement): string {
  const text = (n: string) => kids(e).find((x) => x.name === n)?.text;
  return text('mRID') ?? e.attrs?.['ref'] ?? text('name') ?? text('kind') ?? '';
}

/** the children of a top-level object in profile order (stable for repeated elements) */
export function sortObjectChildren(profile: string, e: XElement): XElement {
  const object = e.name;
  const slot = (c: XElement) => childSlot(profile, object, c.name).index;
  const sorted = kids(e)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => slot(a.c) - slot(b.c) || a.i - b.i)
    .map((x) => x.c);
  return { ...e, children: sorted };
}

/**
 * A change applied to a stored object: each element the change carries replaces the stored element of the
 * same identity (repeatable elements: same name and mRID, ref, name or kind; otherwise added) or of the
 * same name (single elements); everything else is kept. The mRID never changes.
 */
export function applyChange(profile: string, stored: XElement, patch: XElement): XElement {
  let out = kids(stored);
  for (const p of kids(patch)) {
    if (p.name === 'mRID') continue;
    if (childSlot(profile, stored.name, p.name).repeatable) {
      const at = out.findIndex((c) => c.name === p.name && elementIdentity(c) === elementIdentity(p));
      out = at >= 0 ? out.map((c, i) => (i === at ? p : c)) : [...out, p];
    } else {
      out = [...out.filter((c) => c.name !== p.name), p];
    }
  }
  return sortObjectChildren(profile, { ...stored, children: out });
}

/**
 * An element-level delete (OperationSet verb delete with elementOperation, UC-31): the details the request
 * lists are removed — repeatable ones by identity, single ones by name; the object and its identifiers stay.
 */
export function applyDetailDelete(profile: string, stored: XElement, patch: XElement): XElement {
  const gone = kids(patch).filter((c) => c.name !== 'mRID' && c.name !== 'Names');
  const repeatable = (c: XElement) => childSlot(profile, stored.name, c.name).repeatable;
  const drop = (c: XElement) =>
    gone.some((g) => g.name === c.name && (!repeatable(g) || elementIdentity(g) === elementIdentity(c)));
  return { ...stored, children: kids(stored).filter((c) => !drop(c)) };
}
