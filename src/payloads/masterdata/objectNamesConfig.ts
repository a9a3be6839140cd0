/**
 * ObjectNamesConfig payload — not in the 2024 schema list and without a public structure (?, assumption
 * UC-33: optional, off by default). Proposed by the ordering rule: root children IdentifiedObject*, each with
 * mRID and Names (name, NameType with NameTypeAuthority). A change renames objects: the names given replace
 * the object's names; the mRID is unchanged. Namespace http://iec.ch/TC57/2011/ObjectNamesConfig# (?).
 */
import { leaf, type XElement } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { namesElements, type NameValue } from './common.ts';

export const ONC = profileNs('ObjectNamesConfig');

export interface NamedObjectValue {
  mRID: string;
  names: NameValue[];
}

export function buildObjectNamesConfig(objects: NamedObjectValue[]): XElement {
  return {
    ns: ONC,
    name: 'ObjectNamesConfig',
    children: objects.map((o): XElement => ({ ns: ONC, name: 'IdentifiedObject', children: [leaf(ONC, 'mRID', o.mRID), ...namesElements(ONC, o.names)] })),
  };
}
