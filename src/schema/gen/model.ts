/**
 * A small description language for the project's payload profiles: each complex type is an ordered
 * list of child elements (or choices) with cardinality and type, transcribed from the tables of
 * ../shared/spec/payloads.md. src/schema/gen/xsd.ts turns these descriptions into the XSD files of the
 * packs under fixtures/schemas/; nothing here comes from a third-party schema.
 */

/** cardinality as the spec tables write it */
export type Occ = '1' | '0..1' | '0..*' | '1..*';

/** XML Schema built-in types the profiles use (payloads.md §0.2 maps the CIM types onto these) */
export const PRIMITIVES = ['string', 'boolean', 'integer', 'float', 'decimal', 'dateTime', 'date', 'time'] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** the type of a reference element: empty, with one attribute `ref` (payloads.md §0.2) */
export const REF = '@ref';

/**
 * the type of the draft MeterServiceRequests root's first child: the message Header of the envelope (HeaderType of
 * the edition's message namespace, payloads.md §14 — a draft peculiarity); the payload XSD imports Message.xsd
 */
export const MSG_HEADER = '@msgHeader';

export interface ElementField {
  kind: 'element';
  name: string;
  /** a Primitive, REF, or the name of a complex type / enumeration of the same profile */
  type: string;
  occ: Occ;
}

export interface ChoiceField {
  kind: 'choice';
  occ: Occ;
  /** the branches, each exactly one element */
  options: ElementField[];
}

export type Field = ElementField | ChoiceField;

export interface ComplexDef {
  kind: 'complex';
  name: string;
  fields: Field[];
  /** where in the spec the table is (e.g. "payloads.md §1.2") */
  from?: string;
}

export interface EnumDef {
  kind: 'enum';
  name: string;
  values: string[];
  from?: string;
}

export type TypeDef = ComplexDef | EnumDef;

export const isPrimitive = (t: string): t is Primitive => (PRIMITIVES as readonly string[]).includes(t);

// ------------------------------------------------------------------------------------ constructors

export const el = (name: string, type: string, occ: Occ): ElementField => ({ kind: 'element', name, type, occ });
/** 0..1 */
export const opt = (name: string, type = 'string'): ElementField => el(name, type, '0..1');
/** 1..1 */
export const req = (name: string, type = 'string'): ElementField => el(name, type, '1');
/** 0..* */
export const many = (name: string, type: string): ElementField => el(name, type, '0..*');
/** 1..* */
export const some = (name: string, type: string): ElementField => el(name, type, '1..*');
/** a choice of reference elements / typed elements */
export const choice = (occ: Occ, ...options: ElementField[]): ChoiceField => ({ kind: 'choice', occ, options });

export const complex = (name: string, from: string | undefined, ...fields: Field[]): ComplexDef => ({ kind: 'complex', name, fields, from });
export const enumeration = (name: string, from: string | undefined, values: string[]): EnumDef => ({ kind: 'enum', name, values, from });

/** an identification-only type: mRID 0..1, Names 0..* (payloads.md §0.4) */
export const idOnly = (name: string, from = 'payloads.md §0.4'): ComplexDef => complex(name, from, opt('mRID'), many('Names', 'Name'));

/** optional string elements, in the order given */
export const strings = (...names: string[]): ElementField[] => names.map((n) => opt(n));

// ------------------------------------------------------------------------------------ profiles

export type Confidence = 'verified' | 'vendor-observed' | 'uncertain';

export interface ProfileDef {
  /** profile name = root element name = namespace name (http://iec.ch/TC57/2011/<name>#) */
  name: string;
  /** name of the root complex type (usually the profile name) */
  root: string;
  confidence: Confidence;
  /** spec sections the file was written from */
  sources: string[];
  /** assumptions and choices, each line naming its assumption ID where one applies */
  assumptions: string[];
  /**
   * when set, the profile has no public schema: its element order comes from the CIMTool rule (PAY-01)
   * and the validator reports pure order violations as warnings (the value is the assumption ID that
   * also covers the structure, e.g. PAY-13)
   */
  lenientOrder?: string[];
  types: Map<string, TypeDef>;
}

/** a profile's type table: later definitions replace earlier ones of the same name */
export function typeTable(...defs: (TypeDef | TypeDef[])[]): Map<string, TypeDef> {
  const m = new Map<string, TypeDef>();
  for (const d of defs.flat()) m.set(d.name, d);
  return m;
}

/**
 * The types reachable from the root, in a stable order (root first, then breadth first in order of
 * first use). Throws when a referenced type is missing, so a typo cannot produce a broken pack.
 */
export function reachable(p: ProfileDef): TypeDef[] {
  const out: TypeDef[] = [];
  const seen = new Set<string>();
  const queue = [p.root];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const def = p.types.get(name);
    if (!def) throw new Error(`profile ${p.name}: type ${name} is used but not defined`);
    out.push(def);
    if (def.kind === 'complex') {
      for (const f of def.fields) {
        const els = f.kind === 'element' ? [f] : f.options;
        for (const e of els) if (!isPrimitive(e.type) && e.type !== REF && e.type !== MSG_HEADER && !seen.has(e.type)) queue.push(e.type);
      }
    }
  }
  return out;
}
