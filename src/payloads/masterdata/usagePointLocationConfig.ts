/**
 * UsagePointLocationConfig payload — no public schema (../shared/spec/payloads.md §11, assumption PAY-13):
 * the structure proposed by the ordering rule for a CIM Location. Root children UsagePointLocation*.
 * Namespace http://iec.ch/TC57/2011/UsagePointLocationConfig# unless the profile says otherwise (PAY-13).
 */
import { leaf, type XElement } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { idOnlyElement, namesElements, statusElement, type IdOnlyValue, type NameValue, type StatusValue } from './common.ts';

export const UPLC = profileNs('UsagePointLocationConfig');

/** StreetAddress as in the 2011 draft MeterServiceRequests profile (◐) */
export interface StreetAddressValue {
  streetDetail?: { addressGeneral?: string; buildingName?: string; code?: string; name?: string; number?: string; prefix?: string; suffix?: string; suiteNumber?: string; type?: string; withinTownLimits?: boolean };
  townDetail?: { code?: string; country?: string; name?: string; section?: string; stateOrProvince?: string };
}

export interface PositionPointValue {
  sequenceNumber?: number;
  xPosition: string;
  yPosition: string;
  zPosition?: string;
}

export interface UsagePointLocationValue {
  mRID?: string;
  accessMethod?: string;
  remark?: string;
  siteAccessProblem?: string;
  type?: string;
  mainAddress?: StreetAddressValue;
  names?: NameValue[];
  positionPoints?: PositionPointValue[];
  status?: StatusValue;
  usagePoints?: IdOnlyValue[];
}

export interface UsagePointLocationConfigValue {
  usagePointLocations: UsagePointLocationValue[];
}

function streetAddress(ns: string, name: string, a: StreetAddressValue | undefined): XElement | undefined {
  if (!a) return undefined;
  const s = a.streetDetail;
  const t = a.townDetail;
  return {
    ns,
    name,
    children: [
      s && {
        ns,
        name: 'streetDetail',
        children: [
          leaf(ns, 'addressGeneral', s.addressGeneral),
          leaf(ns, 'buildingName', s.buildingName),
          leaf(ns, 'code', s.code),
          leaf(ns, 'name', s.name),
          leaf(ns, 'number', s.number),
          leaf(ns, 'prefix', s.prefix),
          leaf(ns, 'suffix', s.suffix),
          leaf(ns, 'suiteNumber', s.suiteNumber),
          leaf(ns, 'type', s.type),
          leaf(ns, 'withinTownLimits', s.withinTownLimits),
        ],
      },
      t && {
        ns,
        name: 'townDetail',
        children: [leaf(ns, 'code', t.code), leaf(ns, 'country', t.country), leaf(ns, 'name', t.name), leaf(ns, 'section', t.section), leaf(ns, 'stateOrProvince', t.stateOrProvince)],
      },
    ],
  };
}

export function buildUsagePointLocationConfig(v: UsagePointLocationConfigValue, ns: string = UPLC): XElement {
  return {
    ns,
    name: 'UsagePointLocationConfig',
    children: v.usagePointLocations.map(
      (l): XElement => ({
        ns,
        name: 'UsagePointLocation',
        children: [
          leaf(ns, 'mRID', l.mRID),
          leaf(ns, 'accessMethod', l.accessMethod),
          leaf(ns, 'remark', l.remark),
          leaf(ns, 'siteAccessProblem', l.siteAccessProblem),
          leaf(ns, 'type', l.type),
          streetAddress(ns, 'mainAddress', l.mainAddress),
          ...namesElements(ns, l.names),
          ...(l.positionPoints ?? []).map(
            (p): XElement => ({
              ns,
              name: 'PositionPoints',
              children: [leaf(ns, 'sequenceNumber', p.sequenceNumber), leaf(ns, 'xPosition', p.xPosition), leaf(ns, 'yPosition', p.yPosition), leaf(ns, 'zPosition', p.zPosition)],
            }),
          ),
          statusElement(ns, 'status', l.status),
          ...(l.usagePoints ?? []).map((u) => idOnlyElement(ns, 'UsagePoints', u)),
        ],
      }),
    ),
  };
}
