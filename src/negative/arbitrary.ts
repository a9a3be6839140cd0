/**
 * fast-check arbitraries of schema-invalid variants of a valid message (see ./mutations.ts for the
 * kinds). `mutations(tree, schema)` draws a mutation site and, for value and namespace mutations, an
 * invalid value; every variant it yields must be rejected by schema validation with a finding at the
 * changed element or its parent (`Mutation.expectAt`).
 *
 * fast-check is a development dependency of the project: this module is for tests and for robustness
 * scenarios that run under the test runner.
 */
import fc from 'fast-check';
import type { XElement } from '../xml/index.ts';
import type { SchemaModel } from '../schema/model.ts';
import type { SchemaPack } from '../schema/index.ts';
import { applyMutation, mutationSites, type Mutation, type MutationOptions, type MutationSite } from './mutations.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** words that are no valid value of any typed built-in (dates, numbers, booleans): 'x' + letters */
export const invalidLexical = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 0, maxLength: 8 }).map((s) => `x${s}`);

/** a value outside an enumeration: a near miss (case changed, suffix) or an unrelated word */
export function invalidEnumValue(enumeration: readonly string[]): fc.Arbitrary<string> {
  const known = new Set(enumeration);
  const nearMiss = fc.constantFrom(...enumeration).chain((v) =>
    fc.constantFrom(
      v.charAt(0) === v.charAt(0).toUpperCase() ? v.charAt(0).toLowerCase() + v.slice(1) : v.charAt(0).toUpperCase() + v.slice(1),
      `${v}X`,
      v.toUpperCase(),
    ),
  );
  return fc.oneof(nearMiss, invalidLexical()).filter((v) => !known.has(v) && v.trim() !== '' && !known.has(v.trim()));
}

function valueFor(site: MutationSite): fc.Arbitrary<string | undefined> {
  switch (site.kind) {
    case 'enum-value':
      return invalidEnumValue(site.enumeration ?? []);
    case 'wrong-type':
      return invalidLexical();
    case 'wrong-namespace':
      return fc.constantFrom(...(site.namespaces ?? ['urn:cim9:negative:foreign-namespace']));
    default:
      return fc.constant(undefined);
  }
}

function modelOf(schema: SchemaModel | SchemaPack): SchemaModel {
  return 'model' in schema && typeof schema.model === 'function' ? schema.model() : (schema as SchemaModel);
}

/**
 * Invalid variants of a valid message: {kind, description, tree, targetPath, expectAt, value}.
 * Throws when the message offers no mutation site for the requested kinds.
 */
export function mutations(tree: XElement, schema: SchemaModel | SchemaPack, opts: MutationOptions = {}): fc.Arbitrary<Mutation> {
  const sites = mutationSites(tree, modelOf(schema), opts);
  if (sites.length === 0) throw new Error(`no mutation site in {${tree.ns}}${tree.name} for kinds ${(opts.kinds ?? ['all']).join(', ')}`);
  return fc.constantFrom(...sites).chain((site) => valueFor(site).map((v) => applyMutation(tree, site, v)));
}
