/**
 * The master-data requests of the scenarios, in use-case terms: the subjects a scenario speaks of ("the
 * meters", "the usage point" ...), what the system of record sends to create, change or delete them, the
 * links between meters and usage points (MasterDataLinkageConfig, PAY-14), the OperationSets (UC-31, UC-32),
 * and deliberately defective requests. Everything is built with src/payloads/masterdata.
 */
import type { Cim9World } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { nowTimestamp, type OperationSetPart } from '../message/index.ts';
import type { XElement } from '../xml/index.ts';
import { assumed } from '../checks/assume.ts';
import { buildMeterConfig, MC } from '../payloads/masterdata/meterConfig.ts';
import { buildEndDeviceConfig } from '../payloads/masterdata/endDeviceConfig.ts';
import { buildUsagePointConfig } from '../payloads/masterdata/usagePointConfig.ts';
import { buildComModuleConfig } from '../payloads/masterdata/comModuleConfig.ts';
import { buildUsagePointLocationConfig } from '../payloads/masterdata/usagePointLocationConfig.ts';
import { buildMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { buildObjectNamesConfig } from '../payloads/masterdata/objectNamesConfig.ts';
import { buildCustomerConfig, CUSTOMER_CONFIG_ASSUMPTION, isCustomerConfigNoun, type CustomerConfigNoun } from '../payloads/masterdata/customerConfig.ts';
import { CONFIG_OBJECT, type ConfigNoun } from '../payloads/masterdata/getConfig.ts';
import { profileNs } from '../message/names.ts';
import * as samples from './masterdata-samples.ts';
import { mdState, track, type RequestSpec } from './masterdata.ts';
import { LINKABLE } from '../payloads/masterdata/masterDataLinkageConfig.ts';

/** the things a scenario speaks of */
export const SUBJECTS = [
  'meters', 'meter', 'second usage point', 'usage point location', 'usage point', 'end device', 'communication module',
  // MD-02, 2013 only: the customer-side master data of the CIS (CIM9-279..285)
  'service supplier', 'customer', 'customer agreement', 'customer account', 'service category', 'service location', 'pricing structure',
] as const;
export type Subject = (typeof SUBJECTS)[number];

const NOUN_OF: Record<Subject, ConfigNoun> = {
  meters: 'MeterConfig',
  meter: 'MeterConfig',
  'second usage point': 'UsagePointConfig',
  'usage point': 'UsagePointConfig',
  'usage point location': 'UsagePointLocationConfig',
  'end device': 'EndDeviceConfig',
  'communication module': 'ComModuleConfig',
  'service supplier': 'ServiceSupplierConfig',
  customer: 'CustomerConfig',
  'customer agreement': 'CustomerAgreementConfig',
  'customer account': 'CustomerAccountConfig',
  'service category': 'ServiceCategoryConfig',
  'service location': 'ServiceLocationConfig',
  'pricing structure': 'PricingStructureConfig',
};

export interface SubjectData {
  noun: ConfigNoun;
  /** the payload that creates the subject (root of the noun's profile) */
  root: XElement;
  ids: string[];
}

const subjects = new WeakMap<Cim9World, Map<Subject, SubjectData>>();

function table(w: Cim9World): Map<Subject, SubjectData> {
  let t = subjects.get(w);
  if (!t) subjects.set(w, (t = new Map()));
  return t;
}

export function subject(w: Cim9World, s: Subject): SubjectData {
  const d = table(w).get(s) ?? (s === 'meter' ? table(w).get('meters') : undefined);
  if (!d) throw new SuiteError(`no ${s} was described or created before this step`);
  return d;
}

/** the CIM class of the objects of a config noun (Customer of CustomerConfig), undefined for another noun */
export function objectClassOf(noun: string): string | undefined {
  return (CONFIG_OBJECT as Partial<Record<string, string>>)[noun];
}

/** describe new objects of the system of record (not sent yet): fresh identifiers every time */
export function describe(w: Cim9World, s: Subject, count = 1): SubjectData {
  const noun = NOUN_OF[s];
  let root: XElement;
  let ids: string[];
  switch (noun) {
    case 'MeterConfig': {
      const made = Array.from({ length: count }, () => samples.newMeter());
      root = buildMeterConfig({ meters: made.map((m) => m.meter), simpleEndDeviceFunctions: made.flatMap((m) => m.functions) });
      ids = made.map((m) => m.meter.mRID!);
      break;
    }
    case 'UsagePointConfig': {
      const ups = Array.from({ length: count }, () => samples.newUsagePoint(w.profile.data.readingTypes.register));
      root = buildUsagePointConfig({ usagePoints: ups });
      ids = ups.map((u) => u.mRID!);
      break;
    }
    case 'EndDeviceConfig': {
      const eds = Array.from({ length: count }, () => samples.newEndDevice());
      root = buildEndDeviceConfig({ endDevices: eds });
      ids = eds.map((e) => e.mRID!);
      break;
    }
    case 'ComModuleConfig': {
      const made = Array.from({ length: count }, () => samples.newComModule());
      root = buildComModuleConfig({ comModules: made.map((m) => m.comModule), comFunctions: made.flatMap((m) => m.functions) }, profileNs(namespaceOf(w, 'ComModuleConfig')));
      ids = made.map((m) => m.comModule.mRID!);
      break;
    }
    case 'UsagePointLocationConfig': {
      const locs = Array.from({ length: count }, () => samples.newUsagePointLocation());
      root = buildUsagePointLocationConfig({ usagePointLocations: locs }, profileNs(namespaceOf(w, 'UsagePointLocationConfig')));
      ids = locs.map((l) => l.mRID!);
      break;
    }
    default: {
      // CIM9-279..285: the reconstructed profile of the noun (the report names the value used)
      assumed(w.ctx(''), CUSTOMER_CONFIG_ASSUMPTION[noun], 'reconstructed');
      const objs = Array.from({ length: count }, () => samples.newCustomerObject(noun));
      root = buildCustomerConfig(noun, objs);
      ids = objs.map((o) => o.mRID!);
    }
  }
  const d: SubjectData = { noun, root, ids };
  table(w).set(s, d);
  if (s === 'meters' && count === 1) table(w).set('meter', d);
  return d;
}

/** PAY-13 / PAY-15: the namespace of the two profiles without a public schema, as a profile name for profileNs */
function namespaceOf(w: Cim9World, noun: 'ComModuleConfig' | 'UsagePointLocationConfig'): string {
  const id = noun === 'ComModuleConfig' ? 'PAY-15' : 'PAY-13';
  const ns = assumed(w.ctx(''), id, `http://iec.ch/TC57/2011/${noun}#`);
  const m = /^http:\/\/iec\.ch\/TC57\/2011\/(.+)#$/.exec(ns);
  if (!m) throw new SuiteError(`${id} = ${ns}: the suite builds ${noun} payloads only in an http://iec.ch/TC57/2011/<Profile># namespace`);
  return m[1]!;
}

function nounCheck(s: Subject, noun: string): ConfigNoun {
  if (NOUN_OF[s] !== noun) throw new SuiteError(`"${noun}" is not the noun of the ${s} (${NOUN_OF[s]})`);
  return NOUN_OF[s];
}

/** the objects of a root without the root-level definitions (identifiers only) */
function idOnlyRoot(noun: ConfigNoun, ns: string, ids: string[]): XElement {
  return { ns, name: noun, children: ids.map((id) => ({ ns, name: CONFIG_OBJECT[noun], children: [{ ns, name: 'mRID', text: id }] })) };
}

/** the canned change of each noun (the Annex J "Update MeterConfig" sample for meters) */
function changeRoot(d: SubjectData): XElement {
  const ns = d.root.ns;
  switch (d.noun) {
    case 'MeterConfig':
      return buildMeterConfig({ meters: d.ids.map((id) => samples.meterChange(id)) });
    case 'UsagePointConfig':
      return buildUsagePointConfig({ usagePoints: d.ids.map((id) => samples.usagePointChange(id)) });
    case 'EndDeviceConfig':
      return buildEndDeviceConfig({ endDevices: d.ids.map((id) => samples.endDeviceChange(id)) });
    case 'ComModuleConfig':
      return buildComModuleConfig({ comModules: d.ids.map((id) => samples.comModuleChange(id)) }, ns);
    case 'UsagePointLocationConfig':
      return buildUsagePointLocationConfig({ usagePointLocations: d.ids.map((id) => samples.usagePointLocationChange(id)) }, ns);
    default:
      return buildCustomerConfig(d.noun, d.ids.map((id) => samples.customerObjectChange(d.noun as CustomerConfigNoun, id)), ns);
  }
}

/** create, change or delete of a subject */
export function subjectRequest(w: Cim9World, verb: string, noun: string, s: Subject, async: boolean): RequestSpec {
  const n = nounCheck(s, noun);
  const d = subject(w, s);
  if (verb === 'create') return { verb, noun: n, root: d.root, async };
  if (verb === 'change') return { verb, noun: n, root: changeRoot(d), async };
  if (verb === 'delete') return { verb, noun: n, root: idOnlyRoot(n, d.root.ns, d.ids), async };
  throw new SuiteError(`the suite sends create, change or delete for ${noun}, not ${verb}`);
}

/** a request about an object the MDM does not know */
export function unknownSubjectRequest(w: Cim9World, verb: string, noun: string, s: Subject, async: boolean): RequestSpec {
  const n = nounCheck(s, noun);
  const id = s.startsWith('meter') ? w.profile.data.unknownMeter : s === 'usage point' ? w.profile.data.unknownUsagePoint : samples.unknownId(CONFIG_OBJECT[n]);
  const ns = describe(w, s).root.ns;
  table(w).delete(s);
  if (verb === 'delete') return { verb, noun: n, root: idOnlyRoot(n, ns, [id]), async };
  if (verb === 'change') {
    const d: SubjectData = { noun: n, root: idOnlyRoot(n, ns, [id]), ids: [id] };
    return { verb, noun: n, root: changeRoot(d), async };
  }
  throw new SuiteError(`a request about an unknown ${s} is a change or a delete, not ${verb}`);
}

/**
 * create(<Noun>) of a 2013 customer-side noun that carries no object of its class (MD-NEG-CUST-EMPTY): the root
 * alone, nothing to create (noEffect: whatever the MDM answers, the expected master data does not change)
 */
export function emptyCustomerCreateRequest(w: Cim9World, noun: string, s: Subject, async: boolean): RequestSpec {
  const n = nounCheck(s, noun);
  if (!isCustomerConfigNoun(n)) throw new SuiteError(`an empty create is sent for the 2013 customer-side nouns only, not ${n}`);
  assumed(w.ctx(''), CUSTOMER_CONFIG_ASSUMPTION[n], 'reconstructed');
  return { verb: 'create', noun: n, root: buildCustomerConfig(n, []), async, noEffect: true };
}

/** create of the meter again, with another serial number (the duplicate case) */
export function duplicateMeterRequest(w: Cim9World, async: boolean): RequestSpec {
  const d = subject(w, 'meter');
  const serial = (e: XElement): XElement =>
    e.name === 'serialNumber' ? { ...e, text: `${e.text ?? ''}-DUPLICATE` } : e.name === 'lotNumber' ? { ...e, text: 'LOT-DUPLICATE' } : { ...e, children: (e.children ?? []).map((c) => (c ? serial(c) : c)) };
  return { verb: 'create', noun: 'MeterConfig', root: serial(d.root), async };
}

/** a change of the meter with an element its schema does not define (after formNumber, in the profile namespace) */
export function schemaInvalidMeterChange(w: Cim9World, async: boolean): RequestSpec {
  const d = subject(w, 'meter');
  const root: XElement = {
    ns: MC,
    name: 'MeterConfig',
    children: d.ids.map((id) => ({
      ns: MC,
      name: 'Meter',
      children: [
        { ns: MC, name: 'mRID', text: id },
        { ns: MC, name: 'formNumber', text: '2S' },
        { ns: MC, name: 'meterColour', text: 'not-a-profile-element' },
      ],
    })),
  };
  return { verb: 'change', noun: 'MeterConfig', root, async, noEffect: true };
}

// ------------------------------------------------------------------------------------------------ links

export type Target = 'the meter' | 'a meter unknown to the MDM' | 'the usage point' | 'the second usage point' | 'a usage point unknown to the MDM';
export const TARGETS: readonly Target[] = ['the meter', 'a meter unknown to the MDM', 'the second usage point', 'the usage point', 'a usage point unknown to the MDM'];

function targetId(w: Cim9World, t: Target): { role: 'Meter' | 'UsagePoint'; id: string } {
  switch (t) {
    case 'the meter':
      return { role: 'Meter', id: subject(w, 'meter').ids[0]! };
    case 'a meter unknown to the MDM':
      return { role: 'Meter', id: w.profile.data.unknownMeter };
    case 'the usage point':
      return { role: 'UsagePoint', id: subject(w, 'usage point').ids[0]! };
    case 'the second usage point':
      return { role: 'UsagePoint', id: subject(w, 'second usage point').ids[0]! };
    case 'a usage point unknown to the MDM':
      return { role: 'UsagePoint', id: w.profile.data.unknownUsagePoint };
  }
}

/** MasterDataLinkageConfig linking a meter and a usage point, effective a minute ago (so a Get now shows it) */
export function linkageRoot(w: Cim9World, a: Target, b: Target, effectiveDateTime = nowTimestamp(() => new Date(Date.now() - 60_000))): XElement {
  const x = [targetId(w, a), targetId(w, b)];
  const meter = x.find((t) => t.role === 'Meter');
  const up = x.find((t) => t.role === 'UsagePoint');
  if (!meter || !up) throw new SuiteError(`a link joins a meter and a usage point, not ${a} and ${b}`);
  return buildMasterDataLinkageConfig({
    configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime, reason: 'meter installed at usage point' },
    objects: { Meter: [{ mRID: meter.id }], UsagePoint: [{ mRID: up.id }] },
  });
}

/** create(MasterDataLinkageConfig) */
export function linkRequest(w: Cim9World, a: Target, b: Target, async: boolean): RequestSpec {
  return { verb: 'create', noun: 'MasterDataLinkageConfig', root: linkageRoot(w, a, b), async };
}

/** the verb ending a link (PAY-14: close and delete accepted from the SUT; the suite sends delete unless the profile says close) */
export function endLinkVerb(w: Cim9World): 'delete' | 'close' {
  return assumed(w.ctx(''), 'PAY-14', 'close-or-delete') === 'close' ? 'close' : 'delete';
}

/** delete/close(MasterDataLinkageConfig), effective now (a second ago) */
export function endLinkRequest(w: Cim9World, a: Target, b: Target, async: boolean): RequestSpec {
  return { verb: endLinkVerb(w), noun: 'MasterDataLinkageConfig', root: linkageRoot(w, a, b, nowTimestamp(() => new Date(Date.now() - 1000))), async };
}

// ------------------------------------------------------------------------------------------------ OperationSets

/** UC-32: the Header/Noun of an execute (the suite sends OperationSet; any is accepted from others) */
function executeNoun(): string {
  return 'OperationSet';
}

function executeSpec(set: OperationSetPart, async: boolean): RequestSpec {
  return { verb: 'execute', noun: executeNoun(), operationSet: set, async };
}

/**
 * An OperationSet (Annex J "Execute OperationSet"): 1 create MeterConfig, 2 create UsagePointConfig,
 * 3 create MasterDataLinkageConfig of the two — operation 3 needs 1 and 2 (enforceMsgSequence). With
 * `unknownUsagePoint`, operation 3 links the meter to a usage point the MDM does not know.
 */
export function meterUsagePointLinkSet(w: Cim9World, opts: { transactional: boolean; unknownUsagePoint?: boolean; withUsagePoint?: boolean; async: boolean }): RequestSpec {
  const meter = describe(w, 'meter');
  const ops: OperationSetPart['operations'] = [{ operationId: 1, noun: 'MeterConfig', verb: 'create', root: meter.root }];
  if (opts.withUsagePoint !== false) {
    const up = describe(w, 'usage point');
    ops.push({ operationId: 2, noun: 'UsagePointConfig', verb: 'create', root: up.root });
  }
  const target: Target = opts.unknownUsagePoint ? 'a usage point unknown to the MDM' : 'the usage point';
  ops.push({ operationId: ops.length + 1, noun: 'MasterDataLinkageConfig', verb: 'create', root: linkageRoot(w, 'the meter', target) });
  return executeSpec({ enforceMsgSequence: true, enforceTransactionalIntegrity: opts.transactional, operations: ops }, opts.async);
}

/**
 * Delete details of the meter (Annex J "Update MeterConfig: delete details"): one of its MeterMultipliers.
 * UC-31: an OperationSet with one Operation verb=delete, elementOperation=true (default), or a
 * DeleteMeterConfig whose Meter lists the details (delete-message-only).
 */
export function deleteMultiplierRequest(w: Cim9World, async: boolean): RequestSpec {
  const d = subject(w, 'meter');
  const id = d.ids[0]!;
  const o = mdState(w).objects.get(`MeterConfig/${id}`)?.element;
  const multipliers = (o?.children ?? []).filter((c): c is XElement => !!c && c.name === 'MeterMultipliers');
  const last = multipliers.at(-1);
  const mm = last?.children?.find((c): c is XElement => !!c && c.name === 'mRID')?.text;
  if (!mm) throw new SuiteError('the meter has no MeterMultipliers (with mRID) to delete: add them first');
  const root: XElement = { ns: MC, name: 'MeterConfig', children: [{ ns: MC, name: 'Meter', children: [{ ns: MC, name: 'mRID', text: id }, { ns: MC, name: 'MeterMultipliers', children: [{ ns: MC, name: 'mRID', text: mm }] }] }] };
  const uc31 = assumed(w.ctx(''), 'UC-31', 'operation-set');
  if (uc31 === 'delete-message-only') return { verb: 'delete', noun: 'MeterConfig', root, async };
  return executeSpec({ operations: [{ operationId: 1, noun: 'MeterConfig', verb: 'delete', elementOperation: true, root }] }, async);
}

/** change(ObjectNamesConfig): the meter gets a new name (UC-33) */
export function renameMeterRequest(w: Cim9World, async: boolean): { spec: RequestSpec; newName: string } {
  const id = subject(w, 'meter').ids[0]!;
  const newName = `RENAMED-${id.slice(0, 8).toUpperCase()}`;
  return { spec: { verb: 'change', noun: 'ObjectNamesConfig', root: buildObjectNamesConfig([{ mRID: id, names: [{ name: newName, nameType: { name: 'MeterNumber' } }] }]), async }, newName };
}


// ------------------------------------------------------------------------------------------------ MD-01 / MD-02 customer-side links (2013)

/** the customer-side subjects a usage point is linked to and read back by (the filters of the proposed GetUsagePointConfig) */
export const CUSTOMER_LINK_SUBJECTS = ['customer', 'customer account', 'customer agreement', 'service location'] as const;
export type CustomerLinkSubject = (typeof CUSTOMER_LINK_SUBJECTS)[number];

/** the role (CIM class) and identifier of a customer-side subject created before */
export function customerLinkTarget(w: Cim9World, s: Subject): { role: string; id: string } {
  if (!(CUSTOMER_LINK_SUBJECTS as readonly string[]).includes(s)) throw new SuiteError(`the suite links a ${CUSTOMER_LINK_SUBJECTS.join(', ')} to a usage point, not a ${s}`);
  const d = subject(w, s);
  return { role: CONFIG_OBJECT[d.noun], id: d.ids[0]! };
}

/** create(MasterDataLinkageConfig) linking a customer-side subject and the usage point, effective a minute ago */
export function customerLinkRequest(w: Cim9World, s: Subject, async: boolean): RequestSpec {
  const t = customerLinkTarget(w, s);
  const up = subject(w, 'usage point').ids[0]!;
  const root = buildMasterDataLinkageConfig({
    configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: nowTimestamp(() => new Date(Date.now() - 60_000)), reason: `${s} of the usage point` },
    objects: { [t.role]: [{ mRID: t.id }], UsagePoint: [{ mRID: up }] },
  });
  return { verb: 'create', noun: 'MasterDataLinkageConfig', root, async };
}

/**
 * create(MasterDataLinkageConfig) linking two customer-side subjects, or one and the usage point (2013: a customer
 * agreement and its customer account, a pricing structure and a usage point), effective a minute ago
 */
export function customerPairLinkRequest(w: Cim9World, a: Subject, b: Subject, async: boolean): RequestSpec {
  const x = subject(w, a);
  const y = subject(w, b);
  const ra = CONFIG_OBJECT[x.noun];
  const rb = CONFIG_OBJECT[y.noun];
  if (ra === rb) throw new SuiteError(`a link joins objects of two classes, not two ${ra}`);
  if (!isCustomerConfigNoun(x.noun) && !isCustomerConfigNoun(y.noun)) throw new SuiteError(`this link names a 2013 customer-side object, not ${ra} and ${rb}`);
  const root = buildMasterDataLinkageConfig({
    configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: nowTimestamp(() => new Date(Date.now() - 60_000)), reason: `${a} of the ${b}` },
    objects: { [ra]: [{ mRID: x.ids[0]! }], [rb]: [{ mRID: y.ids[0]! }] },
  });
  return { verb: 'create', noun: 'MasterDataLinkageConfig', root, async };
}

/** one end of a link the MDM must refuse: its subject, CIM class and identifier */
export interface LinkEnd {
  subject: Subject;
  role: string;
  id: string;
}

const refusedLinks = new WeakMap<Cim9World, { known: LinkEnd; unknown: LinkEnd }>();

/** the two ends of the link naming an unknown object the scenario sent last (MD-NEG-LINK-CUST, MD-NEG-LINK-CUST-UP) */
export function linkWithUnknown(w: Cim9World): { known: LinkEnd; unknown: LinkEnd } {
  const l = refusedLinks.get(w);
  if (!l) throw new SuiteError('no link naming an object unknown to the MDM was sent before this step');
  return l;
}

/**
 * create(MasterDataLinkageConfig) of a 2013 customer-side link one end of which the MDM does not know (MD-NEG-LINK-CUST:
 * a customer-side object never created there; MD-NEG-LINK-CUST-UP: the profile's data.unknownUsagePoint), effective a
 * minute ago. The unknown object is tracked as absent, so that the Get read-back shows the MDM did not make it up.
 */
export function customerLinkWithUnknown(w: Cim9World, known: Subject, unknown: Subject, async: boolean): RequestSpec {
  const k = subject(w, known);
  const unknownNoun = NOUN_OF[unknown];
  const kRole = CONFIG_OBJECT[k.noun];
  const uRole = CONFIG_OBJECT[unknownNoun];
  if (!isCustomerConfigNoun(k.noun) && !isCustomerConfigNoun(unknownNoun)) throw new SuiteError(`this link names a 2013 customer-side object, not ${kRole} and ${uRole}`);
  for (const role of [kRole, uRole]) if (!(LINKABLE as readonly string[]).includes(role)) throw new SuiteError(`MasterDataLinkageConfig does not link a ${role} (payloads.md §12)`);
  if (kRole === uRole) throw new SuiteError(`a link joins objects of two classes, not two ${kRole}`);
  const id = unknown === 'usage point' ? w.profile.data.unknownUsagePoint : samples.unknownId(uRole);
  if (!id) throw new SuiteError('the profile names no data.unknownUsagePoint: the suite cannot link a usage point the MDM does not know');
  track(w, unknownNoun, id);
  refusedLinks.set(w, { known: { subject: known, role: kRole, id: k.ids[0]! }, unknown: { subject: unknown, role: uRole, id } });
  const root = buildMasterDataLinkageConfig({
    configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: nowTimestamp(() => new Date(Date.now() - 60_000)), reason: `${known} with an unknown ${unknown}` },
    objects: { [kRole]: [{ mRID: k.ids[0]! }], [uRole]: [{ mRID: id }] },
  });
  return { verb: 'create', noun: 'MasterDataLinkageConfig', root, async };
}

// ------------------------------------------------------------------------------------------------ MD-02 the usage point's ServiceSupplier (2013)

/** which supplier a new usage point names: the service supplier the scenario created (or deleted) before, or one the MDM was never told of */
export type SupplierOfUsagePoint = 'the service supplier' | 'a service supplier unknown to the MDM';

/**
 * Describe a new usage point (the scenario's "usage point") whose UsagePoint names a ServiceSupplier (payloads.md §10.2,
 * outside a customer switch): the service supplier of the scenario, or a fresh identifier the MDM never saw — tracked as
 * absent, so that the Get read-back shows the MDM did not make the supplier up.
 */
export function describeUsagePointOfSupplier(w: Cim9World, which: SupplierOfUsagePoint): SubjectData {
  const supplier = which === 'the service supplier' ? subject(w, 'service supplier').ids[0]! : samples.unknownId('ServiceSupplier');
  if (which !== 'the service supplier') track(w, 'ServiceSupplierConfig', supplier);
  const up = { ...samples.newUsagePoint(w.profile.data.readingTypes.register), serviceSupplier: { mRID: supplier } };
  const d: SubjectData = { noun: 'UsagePointConfig', root: buildUsagePointConfig({ usagePoints: [up] }), ids: [up.mRID!] };
  table(w).set('usage point', d);
  return d;
}

// ------------------------------------------------------------------------------------------------ MD-02 the usage point's PricingStructures (2024)

/**
 * Describe a new usage point (the scenario's "usage point") whose UsagePoint names its PricingStructures (payloads.md
 * §10.2, 0..1: mRID and code). The 2024 edition lists no PricingStructureConfig noun (payloads.md §0.5): the pricing
 * structure is master data of the usage point, and the 2024 UsagePointConfig is taken to keep it as the 2013 profile does
 * (CIM9-245, recorded for a 2024 profile).
 */
export function describeUsagePointWithPricing(w: Cim9World): SubjectData {
  if (w.profile.edition === '2024') assumed(w.ctx(''), 'CIM9-245', 'as-2013');
  const up = { ...samples.newUsagePoint(w.profile.data.readingTypes.register), pricingStructure: samples.newPricingStructureRef('E-RES-1') };
  const d: SubjectData = { noun: 'UsagePointConfig', root: buildUsagePointConfig({ usagePoints: [up] }), ids: [up.mRID!] };
  table(w).set('usage point', d);
  return d;
}

/** change(UsagePointConfig): the usage point moves to another pricing structure (0..1: the new one replaces the old) */
export function otherPricingStructureRequest(w: Cim9World, async: boolean): RequestSpec {
  if (w.profile.edition === '2024') assumed(w.ctx(''), 'CIM9-245', 'as-2013');
  const d = subject(w, 'usage point');
  const root = buildUsagePointConfig({ usagePoints: d.ids.map((mRID) => ({ mRID, pricingStructure: samples.newPricingStructureRef('E-TOU-2') })) });
  return { verb: 'change', noun: 'UsagePointConfig', root, async };
}
