/**
 * UsagePointGroups and GetUsagePointGroups payloads. No public schema (../shared/spec/payloads.md §0.5:
 * 2024 lists UsagePointGroups and GetUsagePointGroups): the structure is the one the project's packs
 * propose by the CIMTool ordering rule (PAY-01) — UsagePointGroup = mRID, type, Names*, UsagePoints*
 * (identification-only).
 */
import { children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs } from '../message/names.ts';
import { idOnlyElement, namesElements, readIdOnly, type IdOnlyValue, type NameValue } from './masterdata/common.ts';

export const UPG = profileNs('UsagePointGroups');
export const GUPG = profileNs('GetUsagePointGroups');

export interface UsagePointGroupValue {
  mRID?: string;
  type?: string;
  names?: NameValue[];
  usagePoints?: IdOnlyValue[];
}

export function buildUsagePointGroups(groups: UsagePointGroupValue[]): XElement {
  const ns = UPG;
  return {
    ns,
    name: 'UsagePointGroups',
    children: groups.map(
      (g): XElement => ({
        ns,
        name: 'UsagePointGroup',
        children: [leaf(ns, 'mRID', g.mRID), leaf(ns, 'type', g.type), ...namesElements(ns, g.names), ...(g.usagePoints ?? []).map((u) => idOnlyElement(ns, 'UsagePoints', u))],
      }),
    ),
  };
}

export function readUsagePointGroups(root: XNode): UsagePointGroupValue[] {
  const ns = root.ns;
  return children(root, ns, 'UsagePointGroup').map((g) => ({
    mRID: childText(g, ns, 'mRID'),
    type: childText(g, ns, 'type'),
    names: readIdOnly(g).names,
    usagePoints: children(g, ns, 'UsagePoints').map(readIdOnly),
  }));
}

/** GetUsagePointGroups: the groups of these usage points and/or these groups */
export function buildGetUsagePointGroups(q: { usagePoints?: IdOnlyValue[]; usagePointGroups?: IdOnlyValue[] }): XElement {
  const ns = GUPG;
  return {
    ns,
    name: 'GetUsagePointGroups',
    children: [...(q.usagePoints ?? []).map((u) => idOnlyElement(ns, 'UsagePoint', u)), ...(q.usagePointGroups ?? []).map((g) => idOnlyElement(ns, 'UsagePointGroup', g))],
  };
}

/** GetUsagePointGroups read back: the usage points and groups it names */
export function readGetUsagePointGroups(root: XNode): { usagePoints: IdOnlyValue[]; usagePointGroups: IdOnlyValue[] } {
  const ns = root.ns;
  return { usagePoints: children(root, ns, 'UsagePoint').map(readIdOnly), usagePointGroups: children(root, ns, 'UsagePointGroup').map(readIdOnly) };
}
