/**
 * EndDeviceGroups and GetEndDeviceGroups payloads. No public schema (../shared/spec/payloads.md §0.5: the
 * 2011 draft noun list has EndDeviceGroups, 2024 lists GetEndDeviceGroups): the structure is the one the
 * project's packs propose by the CIMTool ordering rule (PAY-01) — EndDeviceGroup = mRID, type, EndDevices*
 * (identification-only), Names*.
 */
import { children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs } from '../message/names.ts';
import { idOnlyElement, namesElements, readIdOnly, type IdOnlyValue, type NameValue } from './masterdata/common.ts';

export const EDG = profileNs('EndDeviceGroups');
export const GEDG = profileNs('GetEndDeviceGroups');

export interface EndDeviceGroupValue {
  mRID?: string;
  type?: string;
  endDevices?: IdOnlyValue[];
  names?: NameValue[];
}

export function buildEndDeviceGroups(groups: EndDeviceGroupValue[]): XElement {
  const ns = EDG;
  return {
    ns,
    name: 'EndDeviceGroups',
    children: groups.map(
      (g): XElement => ({
        ns,
        name: 'EndDeviceGroup',
        children: [leaf(ns, 'mRID', g.mRID), leaf(ns, 'type', g.type), ...(g.endDevices ?? []).map((d) => idOnlyElement(ns, 'EndDevices', d)), ...namesElements(ns, g.names)],
      }),
    ),
  };
}

export function readEndDeviceGroups(root: XNode): EndDeviceGroupValue[] {
  const ns = root.ns;
  return children(root, ns, 'EndDeviceGroup').map((g) => ({
    mRID: childText(g, ns, 'mRID'),
    type: childText(g, ns, 'type'),
    endDevices: children(g, ns, 'EndDevices').map(readIdOnly),
    names: readIdOnly(g).names,
  }));
}

/** GetEndDeviceGroups: the groups of these devices and/or these groups */
export function buildGetEndDeviceGroups(q: { endDevices?: IdOnlyValue[]; endDeviceGroups?: IdOnlyValue[] }): XElement {
  const ns = GEDG;
  return {
    ns,
    name: 'GetEndDeviceGroups',
    children: [...(q.endDevices ?? []).map((d) => idOnlyElement(ns, 'EndDevice', d)), ...(q.endDeviceGroups ?? []).map((g) => idOnlyElement(ns, 'EndDeviceGroup', g))],
  };
}

/** GetEndDeviceGroups read back: the devices and groups it names */
export function readGetEndDeviceGroups(root: XNode): { endDevices: IdOnlyValue[]; endDeviceGroups: IdOnlyValue[] } {
  const ns = root.ns;
  return { endDevices: children(root, ns, 'EndDevice').map(readIdOnly), endDeviceGroups: children(root, ns, 'EndDeviceGroup').map(readIdOnly) };
}
