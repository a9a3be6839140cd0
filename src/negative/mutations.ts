/**
 * Schema-driven negative variants of a valid message: the message tree is typed against the content
 * model of the schema pack (src/schema/model.ts, read from the pack's XSDs), and every place where one
 * small change must make the message schema-invalid becomes a mutation site:
 *
 *   remove-required   an element whose particle needs it (minOccurs reached) is removed
 *   enum-value        the text of an element typed by an enumeration becomes a value outside it
 *   wrong-type        the text of an xs:dateTime / date / time / integer / boolean / float / decimal
 *                     element becomes text of another kind
 *   reorder           two adjacent siblings of a sequence, declared in a fixed order, are swapped
 *   wrong-namespace   an element is moved to another namespace (another generation's, or a foreign one)
 *
 * Sites where the change could still be valid are left out (an element matched by a wildcard; a swap
 * where the later particle could match again; a namespace a wildcard of the parent would accept), and so
 * are pure order changes in profiles the pack marks lenient (PAY-01: a warning there, by design).
 *
 * `mutationSites` is deterministic and needs no fast-check; `applyMutation` makes the invalid tree; the
 * fast-check arbitrary is in ./arbitrary.ts.
 */
import type { XElement } from '../xml/index.ts';
import {
  matchChildren,
  type AnyParticle,
  type ChildMatch,
  type ComplexDecl,
  type ElementParticle,
  type Particle,
  type QName,
  type SchemaModel,
  type TypeDecl,
} from '../schema/model.ts';
import { wildcardAllows } from '../schema/model.ts';

export type MutationKind = 'remove-required' | 'enum-value' | 'wrong-type' | 'reorder' | 'wrong-namespace';
export const MUTATION_KINDS: readonly MutationKind[] = ['remove-required', 'enum-value', 'wrong-type', 'reorder', 'wrong-namespace'];

/** built-in types whose lexical space excludes plain words */
export const TYPED_BUILTINS = new Set([
  'dateTime', 'date', 'time', 'gYear', 'gYearMonth', 'duration',
  'integer', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger',
  'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte',
  'boolean', 'float', 'double', 'decimal',
]);

/** a position in a tree: element-child indexes from the root (the root is []) */
export type TreePath = readonly number[];

export interface MutationSite {
  kind: MutationKind;
  /** the element changed (for reorder: the first of the two swapped siblings; for remove: the removed one) */
  target: TreePath;
  /** readable location, local names with positions: /MeterReadings/MeterReading[1]/Readings[1]/ReadingType[1] */
  targetPath: string;
  /** the built-in type (wrong-type) or the enumeration (enum-value) of the target's text */
  builtin?: string;
  enumeration?: readonly string[];
  /** the namespaces the target may be moved to (wrong-namespace) */
  namespaces?: readonly string[];
  /** the elements' declared names, for descriptions */
  what: string;
  /**
   * the same change of the same declaration gets the same signature wherever it occurs (the payload of
   * a Create and of a Created message, the Header of every wrapper): kind, parent and element names
   */
  signature: string;
}

export interface Mutation {
  kind: MutationKind;
  description: string;
  /** the invalid message */
  tree: XElement;
  /** readable location of the change (in the original tree) */
  targetPath: string;
  target: TreePath;
  /**
   * where a validator must report the violation, as paths in the MUTATED tree: the changed element, its
   * parent, or (for a removal) a sibling that now stands where the removed one was expected
   */
  expectAt: TreePath[];
  /** the value put in (enum-value, wrong-type) or the namespace (wrong-namespace) */
  value?: string;
}

export interface MutationOptions {
  /** kinds to generate (default all) */
  kinds?: readonly MutationKind[];
  /**
   * also generate reorders inside profiles the pack marks lenient (PAY-01): those are warnings by design,
   * so they are off by default
   */
  lenientReorders?: boolean;
}

// ------------------------------------------------------------------------------------------------
// typing the instance

interface Typed {
  el: XElement;
  path: TreePath;
  steps: string;
  type?: TypeDecl;
  match?: ChildMatch;
  parent?: Typed;
  children: Typed[];
}

const kidsOf = (e: XElement): XElement[] => (e.children ?? []).filter((c): c is XElement => !!c);

/** a copy of a tree without the undefined/false placeholders builders leave in `children` */
export function normalizeTree(e: XElement): XElement {
  const out: XElement = { ns: e.ns, name: e.name };
  if (e.attrs) out.attrs = Object.fromEntries(Object.entries(e.attrs).filter(([, v]) => v !== undefined)) as Record<string, string>;
  if (e.text !== undefined) out.text = e.text;
  const kids = kidsOf(e).map(normalizeTree);
  if (kids.length) out.children = kids;
  return out;
}

function typeTree(model: SchemaModel, root: XElement): Typed {
  const rootDecl = model.element({ ns: root.ns, name: root.name });
  const top: Typed = { el: root, path: [], steps: `/${root.name}`, type: rootDecl ? model.typeOfElement(rootDecl) : undefined, children: [] };
  const visit = (t: Typed) => {
    const kids = kidsOf(t.el);
    let matches: (ChildMatch | undefined)[] = kids.map(() => undefined);
    if (t.type?.kind === 'complex' && !t.type.opaque) matches = matchChildren(model, t.type, kids.map(asNode));
    const counts = new Map<string, number>();
    kids.forEach((k, i) => {
      const key = `${k.ns}|${k.name}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      const m = matches[i];
      let type: TypeDecl | undefined;
      if (m?.decl) type = model.typeOfElement(m.decl);
      else if (!m && t.type === undefined) {
        // below an unmodelled element: a global declaration may still apply (lax content)
        const g = model.element({ ns: k.ns, name: k.name });
        type = g ? model.typeOfElement(g) : undefined;
      }
      const c: Typed = { el: k, path: [...t.path, i], steps: `${t.steps}/${k.name}[${n}]`, type, match: m, parent: t, children: [] };
      t.children.push(c);
      visit(c);
    });
  };
  visit(top);
  return top;
}

interface AsNode {
  ns: string;
  name: string;
  children: AsNode[];
}
const asNode = (e: XElement): AsNode => ({ ns: e.ns, name: e.name, children: [] });

/** the particles of a content model in pre-order, with their ordinals (as matchChildren numbers them) */
function ordinals(content: Particle): { particle: Particle; ordinal: number }[] {
  const out: { particle: Particle; ordinal: number }[] = [];
  const walk = (p: Particle) => {
    out.push({ particle: p, ordinal: out.length });
    if (p.kind === 'sequence' || p.kind === 'choice' || p.kind === 'all') p.particles.forEach(walk);
  };
  walk(content);
  return out;
}

function particleMatches(model: SchemaModel, p: Particle, ns: string, name: string): boolean {
  if (p.kind === 'any') return wildcardAllows(p, ns);
  if (p.kind !== 'element') return false;
  if (p.ref) return model.candidates(p.ref).some((c) => c.ns === ns && c.name === name);
  return p.ns === ns && p.name === name;
}

function hasWildcardFor(t: ComplexDecl, ns: string): boolean {
  if (!t.content) return false;
  return ordinals(t.content).some(({ particle }) => particle.kind === 'any' && wildcardAllows(particle as AnyParticle, ns));
}

/** namespaces another generation (or nobody) uses for the same thing */
export function alternativeNamespaces(ns: string): string[] {
  const out: string[] = [];
  if (ns.startsWith('http://www.iec.ch/')) out.push(`http://iec.ch/${ns.slice('http://www.iec.ch/'.length)}`);
  else if (ns.startsWith('http://iec.ch/')) out.push(`http://www.iec.ch/${ns.slice('http://iec.ch/'.length)}`);
  if (ns.startsWith('http://iec.ch/TC57/2011/')) out.push(`http://iec.ch/TC57/2017/${ns.slice('http://iec.ch/TC57/2011/'.length)}`);
  out.push('urn:cim9:negative:foreign-namespace');
  return out.filter((n) => n !== ns);
}

// ------------------------------------------------------------------------------------------------
// sites

/** the sites of several messages with one site per signature (the first occurrence) */
export function distinctSites<T>(items: readonly T[], sites: (item: T) => MutationSite[]): { item: T; site: MutationSite }[] {
  const seen = new Set<string>();
  const out: { item: T; site: MutationSite }[] = [];
  for (const item of items) {
    for (const site of sites(item)) {
      if (seen.has(site.signature)) continue;
      seen.add(site.signature);
      out.push({ item, site });
    }
  }
  return out;
}

/** every mutation site of a valid message, in document order */
export function mutationSites(tree: XElement, model: SchemaModel, opts: MutationOptions = {}): MutationSite[] {
  const kinds = new Set(opts.kinds ?? MUTATION_KINDS);
  const root = typeTree(model, normalizeTree(tree));
  const out: MutationSite[] = [];
  const all: Typed[] = [];
  const collect = (t: Typed) => {
    all.push(t);
    t.children.forEach(collect);
  };
  collect(root);
  for (const t of all) {
    const q = (e: XElement) => `{${e.ns}}${e.name}`;
    const sig = (kind: MutationKind, extra = '') => `${kind}|${t.parent ? q(t.parent.el) : ''}/${q(t.el)}${extra}`;
    const parentType = t.parent?.type?.kind === 'complex' ? t.parent.type : undefined;
    const m = t.match;
    const viaElement = m?.particle.kind === 'element';
    // ---- value mutations: simple types, and the text of simple-content types
    const simple = t.type?.kind === 'simple' ? t.type : t.type?.kind === 'complex' && t.type.simpleBase ? model.type(t.type.simpleBase) : undefined;
    const leafish = kidsOf(t.el).length === 0;
    if (simple?.kind === 'simple' && leafish && (viaElement || t === root)) {
      if (simple.enumeration?.length && kinds.has('enum-value')) {
        out.push({ kind: 'enum-value', target: t.path, targetPath: t.steps, enumeration: simple.enumeration, what: t.el.name, signature: sig('enum-value') });
      } else if (TYPED_BUILTINS.has(simple.builtin) && kinds.has('wrong-type')) {
        out.push({ kind: 'wrong-type', target: t.path, targetPath: t.steps, builtin: simple.builtin, what: t.el.name, signature: sig('wrong-type') });
      }
    }
    if (!t.parent || !parentType || parentType.opaque) continue;
    // ---- remove a required element
    if (kinds.has('remove-required') && m?.particle.kind === 'element' && !m.inChoice && m.particle.min >= 1) {
      const p = m.particle;
      const same = t.parent.children.filter((s) => s.match?.particle === p).length;
      if (same <= p.min) out.push({ kind: 'remove-required', target: t.path, targetPath: t.steps, what: t.el.name, signature: sig('remove-required') });
    }
    // ---- wrong namespace (not for wildcard matches; not where a wildcard of the parent would take it)
    if (kinds.has('wrong-namespace') && viaElement) {
      const namespaces = alternativeNamespaces(t.el.ns).filter((n) => !hasWildcardFor(parentType, n));
      if (namespaces.length) out.push({ kind: 'wrong-namespace', target: t.path, targetPath: t.steps, namespaces, what: t.el.name, signature: sig('wrong-namespace') });
    }
    // ---- swap with the next sibling
    const idx = t.path[t.path.length - 1];
    const next = t.parent.children[idx + 1];
    if (kinds.has('reorder') && next && m && next.match && m.particle.kind === 'element' && next.match.particle.kind === 'element' && !m.inChoice && !next.match.inChoice) {
      const lenient = model.lenientOrder.has(t.el.ns) || model.lenientOrder.has(next.el.ns);
      if (m.position < next.match.position && (!lenient || opts.lenientReorders) && parentType.content) {
        // after the swap the first element stands behind the second: no later particle may take it
        const later = ordinals(parentType.content).filter((o) => o.ordinal > next.match!.position);
        const canMatchAgain = later.some((o) => particleMatches(model, o.particle, t.el.ns, t.el.name));
        if (!canMatchAgain) out.push({ kind: 'reorder', target: t.path, targetPath: t.steps, what: `${t.el.name} and ${next.el.name}`, signature: sig('reorder', `+${q(next.el)}`) });
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// applying

function at(tree: XElement, path: TreePath): XElement {
  let cur = tree;
  for (const i of path) cur = kidsOf(cur)[i];
  return cur;
}

/** a copy of the tree with the element at `path` replaced (or removed when `f` returns undefined) */
function edit(tree: XElement, path: TreePath, f: (e: XElement) => XElement | XElement[] | undefined): XElement {
  if (path.length === 0) {
    const r = f(tree);
    if (!r || Array.isArray(r)) throw new Error('the root cannot be removed or split');
    return r;
  }
  const [head, ...rest] = path;
  const kids = kidsOf(tree);
  const out: XElement[] = [];
  kids.forEach((k, i) => {
    if (i !== head) out.push(k);
    else if (rest.length) out.push(edit(k, rest, f));
    else {
      const r = f(k);
      if (Array.isArray(r)) out.push(...r);
      else if (r) out.push(r);
    }
  });
  return { ...tree, children: out };
}

const parentOf = (p: TreePath): TreePath => p.slice(0, -1);

/**
 * Apply one site. `value` is the text (enum-value, wrong-type) or namespace (wrong-namespace); without it
 * a fixed invalid value is used.
 */
export function applyMutation(tree: XElement, site: MutationSite, value?: string): Mutation {
  const base = normalizeTree(tree);
  const target = at(base, site.target);
  const parent = parentOf(site.target);
  switch (site.kind) {
    case 'remove-required': {
      const t = edit(base, parent, (p) => {
        const kids = kidsOf(p).filter((_, i) => i !== site.target[site.target.length - 1]);
        return { ...p, children: kids };
      });
      const idx = site.target[site.target.length - 1];
      const siblings = kidsOf(at(t, parent)).length;
      const expectAt: TreePath[] = [parent];
      for (let i = idx; i < siblings; i++) expectAt.push([...parent, i]);
      return { kind: site.kind, description: `required element ${site.what} removed at ${site.targetPath}`, tree: t, targetPath: site.targetPath, target: site.target, expectAt };
    }
    case 'enum-value':
    case 'wrong-type': {
      const v = value ?? (site.kind === 'enum-value' ? 'notAnEnumerationValue' : 'not-a-value');
      const t = edit(base, site.target, (e) => ({ ...e, text: v, children: undefined }));
      const why = site.kind === 'enum-value' ? `outside the enumeration (${(site.enumeration ?? []).slice(0, 6).join(', ')}${(site.enumeration?.length ?? 0) > 6 ? ', …' : ''})` : `not an xs:${site.builtin}`;
      return { kind: site.kind, description: `${site.what} at ${site.targetPath} set to '${v}', ${why}`, tree: t, targetPath: site.targetPath, target: site.target, expectAt: [site.target, parent], value: v };
    }
    case 'reorder': {
      const idx = site.target[site.target.length - 1];
      const t = edit(base, parent, (p) => {
        const kids = [...kidsOf(p)];
        [kids[idx], kids[idx + 1]] = [kids[idx + 1], kids[idx]];
        return { ...p, children: kids };
      });
      return {
        kind: site.kind,
        description: `${site.what} swapped at ${site.targetPath}`,
        tree: t,
        targetPath: site.targetPath,
        target: site.target,
        expectAt: [site.target, [...parent, idx + 1], parent],
      };
    }
    case 'wrong-namespace': {
      const v = value ?? site.namespaces?.[0] ?? 'urn:cim9:negative:foreign-namespace';
      const t = edit(base, site.target, (e) => ({ ...e, ns: v }));
      return {
        kind: site.kind,
        description: `${site.what} at ${site.targetPath} moved from namespace '${target.ns}' to '${v}'`,
        tree: t,
        targetPath: site.targetPath,
        target: site.target,
        expectAt: site.target.length ? [site.target, parent] : [site.target],
        value: v,
      };
    }
  }
}

/** the element at a tree path (for tests and reports) */
export function elementAt(tree: XElement, path: TreePath): XElement | undefined {
  let cur: XElement | undefined = normalizeTree(tree);
  for (const i of path) cur = cur && kidsOf(cur)[i];
  return cur;
}

export type { ElementParticle, QName };
