/**
 * A content model of a schema pack, read from its XSD files with libxml2's DOM (no regular
 * expressions): global elements, complex types as particle trees (sequence / choice / element /
 * wildcard) with cardinalities, simple types with their built-in base and enumerations.
 *
 * It supports the XSD subset the project's packs and ordinary CIM profile schemas use: named and
 * anonymous complex types, complexContent and simpleContent extension, element refs, substitution
 * groups, xs:any, xs:choice, xs:sequence, xs:all, simple type restrictions with enumeration facets.
 * Anything else (groups, redefine, union/list types, …) is read as "anything goes" so that the model
 * never claims more than it knows.
 *
 * Used by the validator (PAY-01 lenient ordering) and by src/negative (schema-driven invalid
 * variants).
 */
import fs from 'node:fs';
import { XmlDocument, XmlElement } from 'libxml2-wasm';
import { SCHEMA_PARSE_FLAGS, XSD_NS, type SchemaFileInfo } from './catalog.ts';

export interface QName {
  ns: string;
  name: string;
}

export const qkey = (q: QName): string => `{${q.ns}}${q.name}`;

export interface ElementParticle {
  kind: 'element';
  /** namespace and local name the instance element has */
  ns: string;
  name: string;
  min: number;
  /** Infinity for unbounded */
  max: number;
  /** the declared type (named), or undefined with `inline` */
  type?: QName;
  inline?: TypeDecl;
  /** for refs: the global element referenced (its substitution group members also match) */
  ref?: QName;
}

export interface GroupParticle {
  kind: 'sequence' | 'choice' | 'all';
  min: number;
  max: number;
  particles: Particle[];
}

export interface AnyParticle {
  kind: 'any';
  /** the namespace constraint as written (##any, ##other, ##local, ##targetNamespace or a list) */
  namespace: string;
  /** targetNamespace of the schema that declared the wildcard (for ##other / ##targetNamespace) */
  targetNamespace: string;
  processContents: 'strict' | 'lax' | 'skip';
  min: number;
  max: number;
}

export type Particle = ElementParticle | GroupParticle | AnyParticle;

export interface AttributeDecl {
  name: string;
  type?: QName;
  inline?: SimpleDecl;
  required: boolean;
}

export interface ComplexDecl {
  kind: 'complex';
  name?: QName;
  /** the content model, undefined for empty or simple content */
  content?: Particle;
  /** simpleContent: the type of the text */
  simpleBase?: QName;
  attributes: AttributeDecl[];
  abstract: boolean;
  /** unknown constructs were met: treat the content as unconstrained */
  opaque: boolean;
}

export interface SimpleDecl {
  kind: 'simple';
  name?: QName;
  /** the XML Schema built-in type it derives from (local name, e.g. "dateTime") */
  builtin: string;
  enumeration?: string[];
}

export type TypeDecl = ComplexDecl | SimpleDecl;

export interface ElementDecl {
  ns: string;
  name: string;
  type?: QName;
  inline?: TypeDecl;
  abstract: boolean;
  substitutionGroup?: QName;
}

/** what a schema file says about lenient validation (annotation written by src/schema/gen) */
export const CIM9_ANNOTATION_NS = 'urn:cim9:schema-annotation';

export class SchemaModel {
  readonly elements = new Map<string, ElementDecl>();
  readonly types = new Map<string, TypeDecl>();
  /** namespace → assumption IDs under which pure order violations are warnings (PAY-01) */
  readonly lenientOrder = new Map<string, string[]>();
  /** substitution group head → members */
  readonly substitutes = new Map<string, ElementDecl[]>();

  element(q: QName): ElementDecl | undefined {
    return this.elements.get(qkey(q));
  }

  /** a named type (built-ins of XML Schema as simple types) */
  type(q: QName | undefined): TypeDecl | undefined {
    if (!q) return undefined;
    if (q.ns === XSD_NS) return q.name === 'anyType' ? undefined : { kind: 'simple', name: q, builtin: q.name };
    return this.types.get(qkey(q));
  }

  /** the type of an element declaration (undefined for anyType or an unknown type) */
  typeOfElement(d: { type?: QName; inline?: TypeDecl }): TypeDecl | undefined {
    return d.inline ?? this.type(d.type);
  }

  /** members of a substitution group, the head included when not abstract */
  candidates(head: QName): ElementDecl[] {
    const d = this.element(head);
    const out: ElementDecl[] = d && !d.abstract ? [d] : [];
    const seen = new Set<string>();
    const visit = (q: QName) => {
      for (const m of this.substitutes.get(qkey(q)) ?? []) {
        const k = qkey(m);
        if (seen.has(k)) continue;
        seen.add(k);
        if (!m.abstract) out.push(m);
        visit(m);
      }
    };
    visit(head);
    return out;
  }
}

/** whether a wildcard admits a namespace */
export function wildcardAllows(a: AnyParticle, ns: string): boolean {
  const c = a.namespace.trim();
  if (c === '' || c === '##any') return true;
  if (c === '##other') return ns !== a.targetNamespace && ns !== '';
  return c.split(/\s+/).some((tok) => (tok === '##targetNamespace' ? ns === a.targetNamespace : tok === '##local' ? ns === '' : tok === ns));
}

function occurs(e: XmlElement): { min: number; max: number } {
  const min = e.attr('minOccurs')?.value;
  const max = e.attr('maxOccurs')?.value;
  return { min: min === undefined ? 1 : Number(min), max: max === undefined ? 1 : max === 'unbounded' ? Infinity : Number(max) };
}

function kids(e: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = e.firstChild; c; c = c.next) if (c instanceof XmlElement && c.namespaceUri === XSD_NS) out.push(c);
  return out;
}

interface FileCtx {
  tns: string;
  qualified: boolean;
  model: SchemaModel;
  /** extensions to resolve once every file is read */
  pending: (() => void)[];
}

function resolveQName(e: XmlElement, value: string): QName {
  const colon = value.indexOf(':');
  const prefix = colon >= 0 ? value.slice(0, colon) : '';
  const name = colon >= 0 ? value.slice(colon + 1) : value;
  const ns = e.namespaceForPrefix(prefix) ?? '';
  return { ns, name };
}

function readSimple(e: XmlElement, ctx: FileCtx, name?: QName): SimpleDecl {
  const restriction = kids(e).find((k) => k.name === 'restriction');
  if (!restriction) return { kind: 'simple', name, builtin: 'anySimpleType' };
  const baseAttr = restriction.attr('base')?.value;
  let builtin = 'anySimpleType';
  let inherited: string[] | undefined;
  if (baseAttr) {
    const base = resolveQName(restriction, baseAttr);
    if (base.ns === XSD_NS) builtin = base.name;
    else {
      // derived from another simple type of the pack: resolved after every file is read
      const decl: SimpleDecl = { kind: 'simple', name, builtin: 'anySimpleType' };
      const enums = kids(restriction).filter((k) => k.name === 'enumeration').map((k) => k.attr('value')?.value ?? '');
      if (enums.length) decl.enumeration = enums;
      ctx.pending.push(() => {
        const b = ctx.model.types.get(qkey(base));
        if (b?.kind === 'simple') {
          decl.builtin = b.builtin;
          if (!decl.enumeration && b.enumeration) decl.enumeration = b.enumeration;
        }
      });
      return decl;
    }
  } else {
    const inner = kids(restriction).find((k) => k.name === 'simpleType');
    if (inner) {
      const s = readSimple(inner, ctx);
      builtin = s.builtin;
      inherited = s.enumeration;
    }
  }
  const enums = kids(restriction).filter((k) => k.name === 'enumeration').map((k) => k.attr('value')?.value ?? '');
  return { kind: 'simple', name, builtin, enumeration: enums.length ? enums : inherited };
}

function readParticle(e: XmlElement, ctx: FileCtx, flags: { opaque: boolean }): Particle | undefined {
  const { min, max } = occurs(e);
  switch (e.name) {
    case 'element': {
      const ref = e.attr('ref')?.value;
      if (ref) {
        const q = resolveQName(e, ref);
        return { kind: 'element', ns: q.ns, name: q.name, min, max, ref: q };
      }
      const name = e.attr('name')?.value ?? '';
      const form = e.attr('form')?.value;
      const qualified = form ? form === 'qualified' : ctx.qualified;
      const p: ElementParticle = { kind: 'element', ns: qualified ? ctx.tns : '', name, min, max };
      const t = e.attr('type')?.value;
      if (t) p.type = resolveQName(e, t);
      else {
        const inline = kids(e).find((k) => k.name === 'complexType' || k.name === 'simpleType');
        if (inline) p.inline = inline.name === 'complexType' ? readComplex(inline, ctx) : readSimple(inline, ctx);
        else p.type = { ns: XSD_NS, name: 'anyType' };
      }
      return p;
    }
    case 'sequence':
    case 'choice':
    case 'all': {
      const particles: Particle[] = [];
      for (const k of kids(e)) {
        if (k.name === 'annotation') continue;
        const p = readParticle(k, ctx, flags);
        if (p) particles.push(p);
      }
      return { kind: e.name, min, max, particles };
    }
    case 'any':
      return {
        kind: 'any',
        namespace: e.attr('namespace')?.value ?? '##any',
        targetNamespace: ctx.tns,
        processContents: (e.attr('processContents')?.value as AnyParticle['processContents']) ?? 'strict',
        min,
        max,
      };
    case 'annotation':
      return undefined;
    default:
      // xs:group references and other constructs: not modelled
      flags.opaque = true;
      return undefined;
  }
}

function readAttributes(parent: XmlElement, ctx: FileCtx): AttributeDecl[] {
  const out: AttributeDecl[] = [];
  for (const a of kids(parent)) {
    if (a.name !== 'attribute') continue;
    const name = a.attr('name')?.value;
    if (!name) continue;
    const t = a.attr('type')?.value;
    const inline = kids(a).find((k) => k.name === 'simpleType');
    out.push({ name, type: t ? resolveQName(a, t) : undefined, inline: inline ? readSimple(inline, ctx) : undefined, required: a.attr('use')?.value === 'required' });
  }
  return out;
}

function readComplex(e: XmlElement, ctx: FileCtx, name?: QName): ComplexDecl {
  const decl: ComplexDecl = { kind: 'complex', name, attributes: [], abstract: e.attr('abstract')?.value === 'true', opaque: false };
  const flags = { opaque: false };
  for (const k of kids(e)) {
    if (k.name === 'sequence' || k.name === 'choice' || k.name === 'all') decl.content = readParticle(k, ctx, flags);
    else if (k.name === 'attribute' || k.name === 'attributeGroup' || k.name === 'anyAttribute' || k.name === 'annotation') continue;
    else if (k.name === 'complexContent' || k.name === 'simpleContent') {
      const der = kids(k).find((x) => x.name === 'extension' || x.name === 'restriction');
      if (!der) continue;
      const baseAttr = der.attr('base')?.value;
      const base = baseAttr ? resolveQName(der, baseAttr) : undefined;
      decl.attributes.push(...readAttributes(der, ctx));
      if (k.name === 'simpleContent') {
        decl.simpleBase = base;
        continue;
      }
      const own = kids(der).find((x) => x.name === 'sequence' || x.name === 'choice' || x.name === 'all');
      const ownParticle = own ? readParticle(own, ctx, flags) : undefined;
      if (der.name === 'restriction') {
        decl.content = ownParticle;
        continue;
      }
      if (base && base.ns === XSD_NS) {
        decl.content = ownParticle;
        continue;
      }
      // extension: base content first, then the own sequence (resolved once every file is read)
      ctx.pending.push(() => {
        const b = base ? ctx.model.types.get(qkey(base)) : undefined;
        const parts: Particle[] = [];
        if (b?.kind === 'complex') {
          if (b.opaque) decl.opaque = true;
          if (b.content) parts.push(b.content);
          decl.attributes.push(...b.attributes);
        } else if (b === undefined && base) decl.opaque = true;
        if (ownParticle) parts.push(ownParticle);
        decl.content = parts.length === 1 ? parts[0] : parts.length ? { kind: 'sequence', min: 1, max: 1, particles: parts } : undefined;
      });
    } else flags.opaque = true;
  }
  decl.attributes.push(...readAttributes(e, ctx));
  if (flags.opaque) decl.opaque = true;
  return decl;
}

function readFile(path: string, model: SchemaModel, pending: (() => void)[], effectiveNs: string): void {
  const doc = XmlDocument.fromBuffer(fs.readFileSync(path), { option: SCHEMA_PARSE_FLAGS });
  try {
    const root = doc.root;
    const ctx: FileCtx = {
      tns: root.attr('targetNamespace')?.value ?? effectiveNs,
      qualified: root.attr('elementFormDefault')?.value === 'qualified',
      model,
      pending,
    };
    for (const k of kids(root)) {
      const name = k.attr('name')?.value;
      if (k.name === 'annotation') {
        for (const info of kids(k)) {
          if (info.name !== 'appinfo') continue;
          for (let c = info.firstChild; c; c = c.next) {
            if (c instanceof XmlElement && c.namespaceUri === CIM9_ANNOTATION_NS && c.name === 'validation' && c.attr('order')?.value === 'lenient') {
              model.lenientOrder.set(ctx.tns, (c.attr('assumptions')?.value ?? 'PAY-01').split(/\s+/).filter(Boolean));
            }
          }
        }
        continue;
      }
      if (!name) continue;
      const q = { ns: ctx.tns, name };
      if (k.name === 'element') {
        const d: ElementDecl = { ns: ctx.tns, name, abstract: k.attr('abstract')?.value === 'true' };
        const t = k.attr('type')?.value;
        if (t) d.type = resolveQName(k, t);
        else {
          const inline = kids(k).find((x) => x.name === 'complexType' || x.name === 'simpleType');
          if (inline) d.inline = inline.name === 'complexType' ? readComplex(inline, ctx) : readSimple(inline, ctx);
          else d.type = { ns: XSD_NS, name: 'anyType' };
        }
        const sg = k.attr('substitutionGroup')?.value;
        if (sg) {
          d.substitutionGroup = resolveQName(k, sg);
          const key = qkey(d.substitutionGroup);
          model.substitutes.set(key, [...(model.substitutes.get(key) ?? []), d]);
        }
        model.elements.set(qkey(q), d);
      } else if (k.name === 'complexType') {
        model.types.set(qkey(q), readComplex(k, ctx, q));
      } else if (k.name === 'simpleType') {
        model.types.set(qkey(q), readSimple(k, ctx, q));
      }
    }
  } finally {
    doc.dispose();
  }
}

/** Read the model of a set of schema files (the files of a pack, in any order). */
export function readSchemaModel(files: readonly Pick<SchemaFileInfo, 'path' | 'namespace'>[]): SchemaModel {
  const model = new SchemaModel();
  const pending: (() => void)[] = [];
  for (const f of files) readFile(f.path, model, pending, f.namespace);
  // extensions of extensions: run until nothing changes (bases are usually declared first)
  for (const p of pending) p();
  return model;
}

// ------------------------------------------------------------------------------------------------
// matching an instance against the model

/** the minimal view of an instance element the matcher needs */
export interface InstanceNode {
  ns: string;
  name: string;
  children: readonly InstanceNode[];
}

/** what one child of an instance element was matched to */
export interface ChildMatch {
  /** the element particle or wildcard the child matched */
  particle: ElementParticle | AnyParticle;
  /** declaration order of the particle within the parent's content model (pre-order) */
  position: number;
  /** true when matched inside a choice (order among the choice's branches is free) */
  inChoice: boolean;
  /** the declaration that gives the child its type (local particle, a referenced or global element) */
  decl?: { type?: QName; inline?: TypeDecl };
}

/**
 * Match the children of an instance element against a complex type, greedily and in order (the
 * schemas' sequences satisfy the Unique Particle Attribution rule, so greedy matching is what a
 * validator does for a valid instance). Returns one entry per child, or undefined for a child that
 * does not fit.
 */
export function matchChildren(model: SchemaModel, type: ComplexDecl, children: readonly InstanceNode[]): (ChildMatch | undefined)[] {
  const out: (ChildMatch | undefined)[] = children.map(() => undefined);
  if (!type.content) return out;
  const top = type.content;
  const ordinal = new Map<Particle, number>();
  const number = (p: Particle) => {
    ordinal.set(p, ordinal.size);
    if (p.kind === 'sequence' || p.kind === 'choice' || p.kind === 'all') p.particles.forEach(number);
  };
  number(top);
  let i = 0;
  const matchElement = (p: ElementParticle, c: InstanceNode): ChildMatch['decl'] | undefined => {
    if (p.ref) {
      for (const cand of model.candidates(p.ref)) if (cand.ns === c.ns && cand.name === c.name) return cand;
      return undefined;
    }
    return p.ns === c.ns && p.name === c.name ? p : undefined;
  };
  const run = (p: Particle, inChoice: boolean): void => {
    const max = p.max;
    let count = 0;
    while (i < children.length && count < max) {
      const before = i;
      if (!once(p, inChoice)) break;
      if (i === before) break;
      count++;
    }
  };
  const once = (p: Particle, inChoice: boolean): boolean => {
    const position = ordinal.get(p) ?? -1;
    const c = children[i];
    if (!c) return false;
    if (p.kind === 'element') {
      const decl = matchElement(p, c);
      if (!decl) return false;
      out[i++] = { particle: p, position, inChoice, decl };
      return true;
    }
    if (p.kind === 'any') {
      if (!wildcardAllows(p, c.ns)) return false;
      const g = model.element({ ns: c.ns, name: c.name });
      out[i++] = { particle: p, position, inChoice, decl: p.processContents === 'skip' && !g ? undefined : g };
      return true;
    }
    if (p.kind === 'choice') {
      for (const q of p.particles) {
        const before = i;
        run(q, true);
        if (i > before) return true;
      }
      return false;
    }
    // sequence / all (all: order-free, but instances built in declaration order match as a sequence)
    const before = i;
    for (const q of p.particles) run(q, inChoice);
    return i > before;
  };
  run(top, false);
  return out;
}
