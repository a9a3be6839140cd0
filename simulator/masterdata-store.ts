/**
 * The reference SUT's master data (MDM role): meters, end devices, usage points, communication modules and
 * usage point locations as the config messages describe them, the root-level function definitions they
 * refer to, and the links between them (MasterDataLinkageConfig), with the business rules of
 * ../shared/spec/use-cases.md §9 and the Annex B codes of codes.md §2.3.
 *
 * One store per simulator instance (`masterData(store)` hangs it on the simulator's Store). Objects are kept
 * as the profile elements the peers sent (XElement), so a Get answers exactly what was stored; a change
 * replaces, element by element, what it carries (a repeatable element of the same identity, or a single
 * element of the same name) and keeps the profile order. Every operation is a pure function of a working
 * copy: an OperationSet runs on a copy and commits it only when the set may be applied.
 */
import { newMessageId, nowTimestamp, type ErrorItem } from '../src/message/index.ts';
import { childText, toElement, type XElement, type XNode } from '../src/xml/index.ts';
import { applyChange, applyDetailDelete, objectIds, objectId, sortObjectChildren } from '../src/payloads/masterdata/common.ts';
import { CONFIG_OBJECT, configObjects, isConfigNoun, type ConfigNoun } from '../src/payloads/masterdata/getConfig.ts';
import { readMasterDataLinkageConfig, type Linkable } from '../src/payloads/masterdata/masterDataLinkageConfig.ts';
import { buildMeterConfig, MC } from '../src/payloads/masterdata/meterConfig.ts';
import { buildUsagePointConfig, readUsagePointSuppliers, UPC } from '../src/payloads/masterdata/usagePointConfig.ts';
import type { Store } from './store.ts';

/** "invalid …" Annex B code of each kind of object (codes.md §2.2) */
export const INVALID_CODE: Readonly<Record<string, string>> = {
  Meter: '2.4',
  EndDevice: '2.4',
  UsagePoint: '2.12',
  ComModule: '2.30',
  UsagePointLocation: '2.32',
  ServiceLocation: '2.16',
  CustomerAccount: '2.19',
  ServiceSupplier: '2.20',
  Customer: '2.22',
  CustomerAgreement: '2.24',
  PricingStructure: '2.33',
  ServiceCategory: '2.31',
};

/** the 2013 customer-side classes (fault md-customer-unknown-generic-code) */
const CUSTOMER_CLASSES = new Set(['ServiceSupplier', 'Customer', 'CustomerAgreement', 'CustomerAccount', 'ServiceCategory', 'ServiceLocation', 'PricingStructure']);

/**
 * the config noun that stores each linkable kind of object (others — AuxiliaryAgreement, TransformerTank — are
 * accepted without a check): a link or a Get filter naming one the MDM was never told of is refused with its
 * "invalid …" code (use-cases.md §9.1: linked objects exist); the 2013 customer-side classes are known once created
 * with their config noun (CIM9-295)
 */
const STORED_AS: Partial<Record<Linkable, ConfigNoun>> = {
  Meter: 'MeterConfig',
  EndDevice: 'EndDeviceConfig',
  UsagePoint: 'UsagePointConfig',
  ComModule: 'ComModuleConfig',
  UsagePointLocation: 'UsagePointLocationConfig',
  Customer: 'CustomerConfig',
  CustomerAccount: 'CustomerAccountConfig',
  CustomerAgreement: 'CustomerAgreementConfig',
  ServiceLocation: 'ServiceLocationConfig',
  ServiceSupplier: 'ServiceSupplierConfig',
  PricingStructure: 'PricingStructureConfig',
};

/** does a link name a 2013 customer-side object (the faults md-link-unknown-customer-*) */
const namesCustomerSide = (objects: Partial<Record<Linkable, string[]>>): boolean => Object.keys(objects).some((role) => CUSTOMER_CLASSES.has(role));

export interface Link {
  id: string;
  /** identifiers per role */
  objects: Partial<Record<Linkable, string[]>>;
  effective: string;
  ended?: string;
}

export type OpOutcome = { ok: true; result: XElement[]; ids: string[] } | { ok: false; error: ErrorItem };

/** the rules the faults of simulator/faults/masterdata.ts switch off */
export interface RuleSwitches {
  /** md-duplicate-create-accepted: a create of an existing object overwrites it */
  acceptDuplicates?: boolean;
  /** md-link-unchecked: no "already linked elsewhere" and no relationship check when a link ends */
  skipLinkRules?: boolean;
  /** md-unknown-object-accepted: a change or delete of an unknown object answers OK */
  acceptUnknown?: boolean;
  /** changeout-old-link-left-open: the end of a link is acknowledged but the link stays open, and a usage point may have two meters */
  keepLinksOpen?: boolean;
  /** md-customer-delete-ignored: a delete of a 2013 customer-side object answers OK and changes nothing (the handler applies it to a throwaway copy) */
  ignoreCustomerDelete?: boolean;
  /** md-customer-link-ignored: a link naming a customer-side object answers OK and is not kept (the handler links on a throwaway copy) */
  ignoreCustomerLinks?: boolean;
  /** md-customer-unknown-generic-code: an unknown customer-side object is refused with 2.29 instead of its class's code */
  genericCustomerCode?: boolean;
  /** md-customer-empty-create-accepted: a create of a customer-side noun without any object answers OK (the handler's switch) */
  acceptEmptyCustomerCreate?: boolean;
  /**
   * md-link-unknown-customer-accepted: a link naming a customer-side object is made without checking that its objects
   * exist, and a Get filtered by a customer-side object it does not know answers from the links as they are
   */
  uncheckedCustomerLinks?: boolean;
  /** md-link-unknown-customer-wrong-code: a link naming an unknown customer-side object is refused with 2.4 (invalid meter) */
  wrongUnknownLinkCode?: boolean;
  /** md-usage-point-supplier-dropped: a usage point is created without the ServiceSupplier it names */
  dropUsagePointSupplier?: boolean;
  /** md-usage-point-change-replaces: a change of a usage point replaces it with what the change carries (what it did not name goes) */
  replaceUsagePointOnChange?: boolean;
  /** md-usage-point-pricing-dropped: a usage point is created without the PricingStructures it names */
  dropUsagePointPricing?: boolean;
  /** md-usage-point-pricing-kept-old: a change naming another PricingStructures is answered OK, the usage point keeps the old one */
  keepOldPricing?: boolean;
  /** md-usage-point-unknown-supplier-accepted: a usage point naming a ServiceSupplier the MDM does not know is created all the same */
  acceptUnknownSupplier?: boolean;
  /** md-usage-point-unknown-supplier-wrong-code: that usage point is refused with 2.12 (invalid usage point) instead of 2.20 */
  wrongUnknownSupplierCode?: boolean;
}

const fail = (code: string, reason: string, extra: Partial<ErrorItem> = {}): OpOutcome => ({ ok: false, error: { code, level: 'FATAL', reason, ...extra } });

function isActive(l: Link, at: number): boolean {
  return Date.parse(l.effective) <= at && (l.ended === undefined || Date.parse(l.ended) > at);
}

const elementChildren = (e: XElement): XElement[] => (e.children ?? []).filter((c): c is XElement => !!c);

export class MasterDataStore {
  readonly objects = new Map<ConfigNoun, Map<string, XElement>>();
  /** function definitions (SimpleEndDeviceFunction, ComFunction, ConnectDisconnectFunction) per noun, by mRID */
  readonly functions = new Map<ConfigNoun, Map<string, XElement>>();
  links: Link[] = [];
  /** the state before the latest committed change (what a stale Get answers, fault md-get-stale) */
  previous?: MasterDataStore;

  /** a working copy: maps and links copied, elements shared (they are never modified in place) */
  clone(): MasterDataStore {
    const c = new MasterDataStore();
    for (const [k, v] of this.objects) c.objects.set(k, new Map(v));
    for (const [k, v] of this.functions) c.functions.set(k, new Map(v));
    c.links = this.links.map((l) => ({ ...l }));
    return c;
  }

  /** take over the state of a working copy, keeping the state before it */
  commit(from: MasterDataStore): void {
    this.previous = this.clone();
    this.objects.clear();
    this.functions.clear();
    for (const [k, v] of from.objects) this.objects.set(k, v);
    for (const [k, v] of from.functions) this.functions.set(k, v);
    this.links = from.links;
  }

  private bucket(noun: ConfigNoun): Map<string, XElement> {
    let b = this.objects.get(noun);
    if (!b) this.objects.set(noun, (b = new Map()));
    return b;
  }

  /** the key of a stored object an identifier names (its mRID or one of its names) */
  keyOf(noun: ConfigNoun, id: string): string | undefined {
    const b = this.bucket(noun);
    if (b.has(id)) return id;
    for (const [k, e] of b) if (elementChildren(e).some((c) => c.name === 'Names' && elementChildren(c).some((n) => n.name === 'name' && n.text === id))) return k;
    return undefined;
  }

  get(noun: ConfigNoun, id: string): XElement | undefined {
    const k = this.keyOf(noun, id);
    return k === undefined ? undefined : this.bucket(noun).get(k);
  }

  activeLinks(at = Date.now()): Link[] {
    return this.links.filter((l) => isActive(l, at));
  }

  /** identifiers linked now to an object of a role, per role */
  linkedTo(role: Linkable, id: string, at = Date.now()): Link[] {
    return this.activeLinks(at).filter((l) => l.objects[role]?.includes(id));
  }

  // ---------------------------------------------------------------------------------------------- verbs

  create(noun: ConfigNoun, root: XNode, rules: RuleSwitches = {}): OpOutcome {
    const objects = configObjects(root, noun);
    if (objects.length === 0) return fail('1.7', `${noun} carries no ${CONFIG_OBJECT[noun]}`);
    if (noun === 'UsagePointConfig') {
      const refusal = this.unknownSupplierRefusal(root, rules);
      if (refusal) return refusal;
    }
    const result: XElement[] = [];
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const n of objects) {
      let el = toElement(n);
      if (rules.dropUsagePointSupplier && noun === 'UsagePointConfig') el = { ...el, children: elementChildren(el).filter((c) => c.name !== 'ServiceSupplier') };
      if (rules.dropUsagePointPricing && noun === 'UsagePointConfig') el = { ...el, children: elementChildren(el).filter((c) => c.name !== 'PricingStructures') };
      let id = objectId(n);
      if (!childText(n, n.ns, 'mRID')) {
        // the receiver assigns the mRID of an object sent with names only
        id = newMessageId();
        el = { ...el, children: [{ ns: n.ns, name: 'mRID', text: id }, ...elementChildren(el)] };
      }
      const existing = objectIds(n).find((x) => this.keyOf(noun, x) !== undefined);
      if ((existing || seen.has(id!)) && !rules.acceptDuplicates) {
        return fail('6.1', `${CONFIG_OBJECT[noun]} ${existing ?? id} already exists`, { id: { value: existing ?? id!, objectType: CONFIG_OBJECT[noun] } });
      }
      if (existing) this.bucket(noun).delete(this.keyOf(noun, existing)!);
      seen.add(id!);
      this.bucket(noun).set(id!, el);
      result.push(el);
      ids.push(id!);
    }
    this.defineFunctions(noun, root);
    return { ok: true, result: [...this.functionsFor(noun, result), ...result], ids };
  }

  /**
   * MD-02 (2013, CIM9-242): a usage point created naming a ServiceSupplier the MDM was never told of with
   * create(ServiceSupplierConfig), or one deleted since, is refused with 2.20 and not created (outside a customer switch;
   * a change naming a supplier is the switch of ./handlers/switching.ts). Faults md-usage-point-unknown-supplier-accepted
   * (no check) and md-usage-point-unknown-supplier-wrong-code (2.12 instead).
   */
  private unknownSupplierRefusal(root: XNode, rules: RuleSwitches): OpOutcome | undefined {
    if (rules.acceptUnknownSupplier) return undefined;
    const named = readUsagePointSuppliers(root).flatMap((u) => (u.serviceSupplier ? [u.serviceSupplier] : []));
    const strangers = [...new Set(named)].filter((id) => this.get('ServiceSupplierConfig', id) === undefined);
    if (!strangers.length) return undefined;
    return fail(rules.wrongUnknownSupplierCode ? '2.12' : '2.20', `unknown service supplier ${strangers.join(', ')}`, { id: { value: strangers[0]!, objectType: 'ServiceSupplier' } });
  }

  /** a change replaces the elements it carries; with elementOperation semantics the same happens */
  change(noun: ConfigNoun, root: XNode, rules: RuleSwitches = {}): OpOutcome {
    const objects = configObjects(root, noun);
    if (objects.length === 0) return fail('1.7', `${noun} carries no ${CONFIG_OBJECT[noun]}`);
    const found = this.resolve(noun, objects, rules);
    if (!found.ok) return found.outcome;
    const result: XElement[] = [];
    for (const { key, node } of found.items) {
      let sent = toElement(node);
      if (rules.keepOldPricing && noun === 'UsagePointConfig') sent = { ...sent, children: elementChildren(sent).filter((c) => c.name !== 'PricingStructures') };
      const merged = rules.replaceUsagePointOnChange && noun === 'UsagePointConfig' ? { ...sent, children: [{ ns: sent.ns, name: 'mRID', text: key }, ...elementChildren(sent).filter((c) => c.name !== 'mRID')] } : applyChange(noun, this.bucket(noun).get(key)!, sent);
      this.bucket(noun).set(key, merged);
      result.push(merged);
    }
    this.defineFunctions(noun, root);
    return { ok: true, result, ids: found.items.map((x) => x.key) };
  }

  /**
   * delete: the whole object; element-level (elementOperation, or a Delete whose object carries details
   * besides its identifiers, UC-31): only the details listed
   */
  delete(noun: ConfigNoun, root: XNode, elementOperation: boolean, rules: RuleSwitches = {}): OpOutcome {
    const objects = configObjects(root, noun);
    if (objects.length === 0) return fail('1.7', `${noun} carries no ${CONFIG_OBJECT[noun]}`);
    const found = this.resolve(noun, objects, rules);
    if (!found.ok) return found.outcome;
    const result: XElement[] = [];
    for (const { key, node } of found.items) {
      const details = node.children.filter((c) => c.name !== 'mRID' && c.name !== 'Names');
      if (elementOperation || details.length) {
        const kept = applyDetailDelete(noun, this.bucket(noun).get(key)!, toElement(node));
        this.bucket(noun).set(key, kept);
        result.push(kept);
      } else {
        const old = this.bucket(noun).get(key)!;
        this.bucket(noun).delete(key);
        const role = CONFIG_OBJECT[noun] as Linkable;
        const now = nowTimestamp();
        for (const l of this.linkedTo(role, key)) l.ended = now;
        result.push({ ...old, children: elementChildren(old).filter((c) => c.name === 'mRID' || c.name === 'Names') });
      }
    }
    return { ok: true, result, ids: found.items.map((x) => x.key) };
  }

  /** ObjectNamesConfig (UC-33): the names given replace an object's names, whatever its noun */
  rename(root: XNode): OpOutcome {
    const ids: string[] = [];
    for (const o of root.children) {
      const mrid = childText(o, o.ns, 'mRID');
      const noun = mrid ? [...this.objects.keys()].find((n) => this.bucket(n).has(mrid)) : undefined;
      if (!mrid || !noun) return fail('2.29', `no object with mRID ${mrid ?? '(none)'}`, { id: { value: mrid ?? '' } });
      const el = this.bucket(noun).get(mrid)!;
      const names = o.children.filter((c) => c.name === 'Names').map((c) => ({ ...toElement(c), ns: el.ns, children: reNs(toElement(c), el.ns).children }));
      this.bucket(noun).set(mrid, sortObjectChildren(noun, { ...el, children: [...elementChildren(el).filter((c) => c.name !== 'Names'), ...names] }));
      ids.push(mrid);
    }
    return { ok: true, result: elementChildren(toElement(root)), ids };
  }

  /** create(MasterDataLinkageConfig): the objects listed are linked as of ConfigurationEvent.effectiveDateTime */
  link(root: XNode, rules: RuleSwitches = {}): OpOutcome {
    const l = readMasterDataLinkageConfig(root);
    const checked = this.checkLinked(l.objects, rules);
    if (checked) return checked;
    l.objects = this.normalized(l.objects);
    const meters = l.objects.Meter ?? [];
    const ups = l.objects.UsagePoint ?? [];
    const at = Date.parse(l.effectiveDateTime ?? '') || Date.now();
    if (!rules.skipLinkRules) {
      for (const m of meters) {
        for (const link of this.linkedTo('Meter', m, at)) {
          const other = (link.objects.UsagePoint ?? []).find((u) => !ups.includes(u));
          if (other) return fail('2.13', `meter ${m} is already linked to usage point ${other}`, { id: { value: m, objectType: 'Meter' }, relatedId: { value: other, objectType: 'UsagePoint' } });
          if (ups.length && (link.objects.UsagePoint ?? []).some((u) => ups.includes(u))) {
            return fail('6.1', `meter ${m} is already linked to usage point ${ups.join(', ')}`, { id: { value: m, objectType: 'Meter' } });
          }
        }
      }
      for (const u of ups) {
        for (const link of this.linkedTo('UsagePoint', u, at)) {
          const other = (link.objects.Meter ?? []).find((m) => !meters.includes(m));
          if (other && meters.length && !rules.keepLinksOpen) return fail('2.13', `usage point ${u} already has meter ${other}`, { id: { value: u, objectType: 'UsagePoint' }, relatedId: { value: other, objectType: 'Meter' } });
        }
      }
    }
    this.links.push({ id: newMessageId(), objects: l.objects, effective: l.effectiveDateTime ?? nowTimestamp() });
    return { ok: true, result: elementChildren(toElement(root)), ids: [] };
  }

  /** delete/close(MasterDataLinkageConfig): the link between the objects listed ends at effectiveDateTime */
  unlink(root: XNode, rules: RuleSwitches = {}): OpOutcome {
    const l = readMasterDataLinkageConfig(root);
    const checked = this.checkLinked(l.objects, rules);
    if (checked) return checked;
    l.objects = this.normalized(l.objects);
    const wanted = Object.entries(l.objects) as [Linkable, string[]][];
    const matches = this.activeLinks().filter((link) => wanted.every(([role, ids]) => ids.every((id) => link.objects[role]?.includes(id))));
    if (matches.length === 0 && !rules.skipLinkRules) {
      const [first, second] = wanted.flatMap(([role, ids]) => ids.map((value) => ({ value, objectType: role })));
      return fail('2.29', `no link between ${wanted.map(([r, ids]) => `${r} ${ids.join(', ')}`).join(' and ')}`, { id: first, relatedId: second });
    }
    const end = l.effectiveDateTime ?? nowTimestamp();
    if (!rules.keepLinksOpen) for (const link of matches) link.ended = end;
    return { ok: true, result: elementChildren(toElement(root)), ids: [] };
  }

  // ---------------------------------------------------------------------------------------------- queries

  /**
   * get(<Noun>): the objects a filter names directly (unknown → the "invalid …" code) and the objects linked
   * now to the other objects it names (an unknown related object → its "invalid …" code; none linked → no object)
   */
  query(noun: ConfigNoun, filter: Record<string, string[]>, rules: RuleSwitches = {}): { ok: true; objects: XElement[]; functions: XElement[] } | { ok: false; error: ErrorItem } {
    const own = CONFIG_OBJECT[noun];
    const keys = new Set<string>();
    for (const [role, ids] of Object.entries(filter)) {
      for (const id of ids) {
        if (role === own) {
          const k = this.keyOf(noun, id);
          if (k === undefined) return { ok: false, error: { code: INVALID_CODE[own] ?? '2.29', level: 'FATAL', reason: `unknown ${own} ${id}`, id: { value: id, objectType: own } } };
          keys.add(k);
          continue;
        }
        const relatedNoun = rules.uncheckedCustomerLinks && CUSTOMER_CLASSES.has(role) ? undefined : STORED_AS[role as Linkable];
        if (relatedNoun && this.keyOf(relatedNoun, id) === undefined) {
          return { ok: false, error: { code: INVALID_CODE[role] ?? '2.29', level: 'FATAL', reason: `unknown ${role} ${id}`, id: { value: id, objectType: role } } };
        }
        for (const link of this.linkedTo(role as Linkable, relatedNoun ? this.keyOf(relatedNoun, id)! : id)) {
          for (const x of link.objects[own as Linkable] ?? []) {
            const k = this.keyOf(noun, x);
            if (k !== undefined) keys.add(k);
          }
        }
      }
    }
    const objects = [...keys].map((k) => this.bucket(noun).get(k)!);
    return { ok: true, objects, functions: this.functionsFor(noun, objects) };
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private resolve(noun: ConfigNoun, objects: XNode[], rules: RuleSwitches = {}): { ok: true; items: { key: string; node: XNode }[] } | { ok: false; outcome: OpOutcome } {
    const items: { key: string; node: XNode }[] = [];
    for (const node of objects) {
      const id = objectId(node);
      const key = id === undefined ? undefined : this.keyOf(noun, id);
      if (key === undefined) {
        if (rules.acceptUnknown) continue;
        const what = CONFIG_OBJECT[noun];
        const code = rules.genericCustomerCode && CUSTOMER_CLASSES.has(what) ? '2.29' : (INVALID_CODE[what] ?? '2.29');
        return { ok: false, outcome: fail(code, `unknown ${what} ${id ?? '(no mRID or name)'}`, { id: { value: id ?? '', objectType: what } }) };
      }
      items.push({ key, node });
    }
    return { ok: true, items };
  }

  private checkLinked(objects: Partial<Record<Linkable, string[]>>, rules: RuleSwitches = {}): OpOutcome | undefined {
    if (rules.uncheckedCustomerLinks && namesCustomerSide(objects)) return undefined;
    for (const [role, ids] of Object.entries(objects) as [Linkable, string[]][]) {
      const noun = STORED_AS[role];
      if (!noun) continue;
      for (const id of ids) {
        if (this.keyOf(noun, id) !== undefined) continue;
        const code = rules.wrongUnknownLinkCode && CUSTOMER_CLASSES.has(role) ? '2.4' : (INVALID_CODE[role] ?? '2.29');
        return fail(code, `unknown ${role} ${id}`, { id: { value: id, objectType: role } });
      }
    }
    return undefined;
  }

  /** identifiers of stored kinds replaced by the key they are stored under (a name becomes the mRID) */
  private normalized(objects: Partial<Record<Linkable, string[]>>): Partial<Record<Linkable, string[]>> {
    const out: Partial<Record<Linkable, string[]>> = {};
    for (const [role, ids] of Object.entries(objects) as [Linkable, string[]][]) {
      const noun = STORED_AS[role];
      out[role] = ids.map((id) => (noun ? (this.keyOf(noun, id) ?? id) : id));
    }
    return out;
  }

  private defineFunctions(noun: ConfigNoun, root: XNode): void {
    const own = CONFIG_OBJECT[noun];
    let b = this.functions.get(noun);
    if (!b) this.functions.set(noun, (b = new Map()));
    for (const c of root.children) {
      if (c.name === own || c.name === 'ReadingType') continue;
      const id = objectId(c);
      if (id) b.set(`${c.name}#${id}`, toElement(c));
    }
  }

  /** the root-level definitions the objects refer to (function references by `ref`) */
  private functionsFor(noun: ConfigNoun, objects: XElement[]): XElement[] {
    const b = this.functions.get(noun);
    if (!b) return [];
    const refs = new Set(objects.flatMap((o) => elementChildren(o).flatMap((c) => (c.attrs?.['ref'] ? [`${c.name === 'ComFunctions' ? 'ComFunction' : c.name}#${c.attrs['ref']}`] : []))));
    return [...b.entries()].filter(([k]) => refs.has(k)).map(([, v]) => v);
  }
}

/** give an element tree (and its descendants) another namespace */
function reNs(e: XElement, ns: string): XElement {
  return { ...e, ns, children: elementChildren(e).map((c) => reNs(c, ns)) };
}

const stores = new WeakMap<Store, MasterDataStore>();

/**
 * The master data of a simulator instance, created on first use with the simulator's meters and usage points
 * (Store.meters) and the links between them.
 */
export function masterData(store: Store): MasterDataStore {
  let md = stores.get(store);
  if (md) return md;
  md = new MasterDataStore();
  const seeded = [...store.meters.values()];
  const meters = buildMeterConfig({ meters: seeded.map((m) => ({ mRID: m.mRID, serialNumber: `SN-${m.mRID}`, type: 'electricity-meter' })) });
  const ups = buildUsagePointConfig({ usagePoints: seeded.map((m) => ({ mRID: m.usagePoint, connectionState: 'connected', isSdp: true })) });
  for (const m of (meters.children ?? []) as XElement[]) md.objects.set('MeterConfig', (md.objects.get('MeterConfig') ?? new Map()).set(childOf(m, 'mRID', MC), m));
  for (const u of (ups.children ?? []) as XElement[]) md.objects.set('UsagePointConfig', (md.objects.get('UsagePointConfig') ?? new Map()).set(childOf(u, 'mRID', UPC), u));
  const since = '2020-01-01T00:00:00Z';
  md.links = seeded.map((m) => ({ id: newMessageId(), objects: { Meter: [m.mRID], UsagePoint: [m.usagePoint] }, effective: since }));
  stores.set(store, md);
  return md;
}

function childOf(e: XElement, name: string, ns: string): string {
  return elementChildren(e).find((c) => c.ns === ns && c.name === name)?.text ?? '';
}

export { isConfigNoun };
