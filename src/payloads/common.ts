/**
 * Small types shared by every payload profile (../shared/spec/payloads.md §0.4): Name with its NameType
 * and NameTypeAuthority — in payload profiles `description` comes before `name` (alphabetical order).
 */
import { leaf, type XElement } from '../xml/index.ts';

export interface NameValue {
  name: string;
  nameType?: { name: string; description?: string; authority?: { name: string; description?: string } };
}

/** Name elements (role name `Names`): name, then NameType (description, name, NameTypeAuthority) */
export function namesElements(ns: string, names: readonly NameValue[] | undefined): XElement[] {
  return (names ?? []).map((n) => ({
    ns,
    name: 'Names',
    children: [
      leaf(ns, 'name', n.name),
      n.nameType && {
        ns,
        name: 'NameType',
        children: [
          leaf(ns, 'description', n.nameType.description),
          leaf(ns, 'name', n.nameType.name),
          n.nameType.authority && {
            ns,
            name: 'NameTypeAuthority',
            children: [leaf(ns, 'description', n.nameType.authority.description), leaf(ns, 'name', n.nameType.authority.name)],
          },
        ],
      },
    ],
  }));
}
