/**
 * Where an element path of a payload stands in a schema pack: `elementPathStatus(model, noun, path)` follows
 * `path` (element names from the payload root, the root being the global element named after the noun, e.g.
 * MeterReadings → MeterReading/Readings/ReadingQualities) through the content models of the pack and says whether
 * the last element is optional there (minOccurs 0, or inside an optional group or a choice), already mandatory, or
 * not in the schema at all. Used by the utility overlay (src/profile/overlay.ts) to check an `element` requirement
 * ("an element the standard leaves optional, required by the utility") against the edition's schemas.
 *
 * A content model the pack cannot tell (a wildcard, an opaque or unknown type) answers `unknown`: no judgement. A
 * noun declared in several namespaces (an edition's pack with more than one generation) is optional when it is in
 * one of them, mandatory when it is mandatory in every one that has it.
 */
import { qkey, type ComplexDecl, type ElementDecl, type Particle, type SchemaModel, type TypeDecl } from './model.ts';

export type ElementPathStatus =
  | { status: 'optional' }
  | { status: 'mandatory' }
  | { status: 'unknown'; why: string }
  /** `step`: the 0-based index of the first step the schema does not have; -1: no payload root of that noun */
  | { status: 'missing'; step: number; children?: string[] };

interface Child {
  name: string;
  /** the least occurrences the content model imposes on it (0: optional) */
  min: number;
  type: TypeDecl | undefined;
}

/** the element children of a content model, each with its effective minimum; `open`: a wildcard admits others */
function childrenOf(model: SchemaModel, content: Particle | undefined): { children: Child[]; open: boolean } {
  const children: Child[] = [];
  let open = false;
  const walk = (p: Particle, min: number) => {
    if (p.kind === 'any') {
      open = true;
      return;
    }
    if (p.kind === 'element') {
      const decls: { name: string; type: TypeDecl | undefined }[] = [];
      if (p.ref) {
        for (const d of model.candidates(p.ref)) decls.push({ name: d.name, type: model.typeOfElement(d) });
        if (!decls.length) decls.push({ name: p.name, type: undefined });
      } else decls.push({ name: p.name, type: model.typeOfElement(p) });
      for (const d of decls) children.push({ name: d.name, min: min * p.min, type: d.type });
      return;
    }
    // a choice of several: none of its alternatives is required on its own
    const inner = p.kind === 'choice' && p.particles.length > 1 ? 0 : min * p.min;
    for (const q of p.particles) walk(q, inner);
  };
  if (content) walk(content, 1);
  return { children, open };
}

function statusIn(model: SchemaModel, root: ElementDecl, path: readonly string[]): ElementPathStatus {
  let type: TypeDecl | undefined = model.typeOfElement(root);
  for (let i = 0; i < path.length; i++) {
    if (!type) return { status: 'unknown', why: `the type of ${i ? path[i - 1] : root.name} is not in the pack` };
    if (type.kind !== 'complex') return { status: 'missing', step: i, children: [] };
    const t: ComplexDecl = type;
    if (t.opaque) return { status: 'unknown', why: `the content of ${i ? path[i - 1] : root.name} is not modelled` };
    const { children, open } = childrenOf(model, t.content);
    const found = children.filter((c) => c.name === path[i]);
    if (!found.length) return open ? { status: 'unknown', why: `${i ? path[i - 1] : root.name} admits any element` } : { status: 'missing', step: i, children: [...new Set(children.map((c) => c.name))] };
    if (i === path.length - 1) return found.some((c) => c.min === 0) ? { status: 'optional' } : { status: 'mandatory' };
    type = found.find((c) => c.type)?.type;
  }
  return { status: 'unknown', why: 'an empty path' };
}

export function elementPathStatus(model: SchemaModel, noun: string, path: readonly string[]): ElementPathStatus {
  const roots = [...model.elements.values()].filter((e) => e.name === noun && !e.abstract);
  if (!roots.length) return { status: 'missing', step: -1 };
  const results = roots.map((r) => statusIn(model, r, path));
  if (results.some((r) => r.status === 'optional')) return { status: 'optional' };
  const unknown = results.find((r) => r.status === 'unknown');
  if (unknown) return unknown;
  if (results.some((r) => r.status === 'mandatory')) return { status: 'mandatory' };
  // missing everywhere: the root that went deepest names the step
  return results.reduce((a, b) => ((b as { step: number }).step > (a as { step: number }).step ? b : a));
}

/** for tests: the key of an element declaration */
export const elementKey = (e: ElementDecl): string => qkey(e);
