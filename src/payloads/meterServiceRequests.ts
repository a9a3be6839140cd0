/**
 * MeterServiceRequests payload (2013 §5.5, MSR-01). No public 2013 schema: the structure is the one the 2013 pack
 * proposes from the draft row of ../shared/spec/payloads.md §14 (assumption CIM9-236; src/schema/gen/profiles.ts):
 * MeterServiceWork = mRID, kind, lastModifiedDateTime, priority, requestDateTime, type, ActivityRecords*,
 * Customers*, Meter (1..1), Names*, OldMeter, status, UsagePoint. The builder writes the subset the suite and the
 * reference SUT use (a meter's readings included); the reader returns what the checks compare.
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { MESSAGE_NS, profileNs } from '../message/names.ts';
import { headerChildren } from '../message/envelope.ts';
import type { Header } from '../message/index.ts';
import { idOnlyElement, namesElements, objectId, refElement, statusElement, type IdOnlyValue, type NameValue, type StatusValue } from './masterdata/common.ts';

export const MSR = profileNs('MeterServiceRequests');

/** WorkKind (payloads.md §14) */
export const WORK_KINDS = ['construction', 'disconnect', 'inspection', 'maintenance', 'meter', 'other', 'reconnect', 'repair', 'service', 'test'] as const;

/** one reading of a meter (reduced Reading: reason, timeStamp, value, ReadingType ref) */
export interface ServiceReadingValue {
  readingType: string;
  value?: string;
  timeStamp?: string;
  reason?: string;
}

export interface ServiceMeterValue {
  mRID?: string;
  serialNumber?: string;
  names?: NameValue[];
  /** Meter.MeterReadings/Readings: the initial or final read of the meter */
  readings?: ServiceReadingValue[];
}

export interface MeterServiceWorkValue {
  mRID?: string;
  kind?: string;
  lastModifiedDateTime?: string;
  priority?: string;
  requestDateTime?: string;
  type?: string;
  meter: ServiceMeterValue;
  names?: NameValue[];
  oldMeter?: ServiceMeterValue;
  status?: StatusValue;
  usagePoint?: IdOnlyValue;
}

function meterElement(ns: string, name: string, m: ServiceMeterValue | undefined): XElement | undefined {
  if (!m) return undefined;
  const readings = m.readings ?? [];
  return {
    ns,
    name,
    children: [
      leaf(ns, 'mRID', m.mRID),
      leaf(ns, 'serialNumber', m.serialNumber),
      readings.length > 0 && {
        ns,
        name: 'MeterReadings',
        children: readings.map(
          (r): XElement => ({
            ns,
            name: 'Readings',
            children: [leaf(ns, 'reason', r.reason), leaf(ns, 'timeStamp', r.timeStamp), leaf(ns, 'value', r.value), refElement(ns, 'ReadingType', r.readingType)],
          }),
        ),
      },
      ...namesElements(ns, m.names),
    ],
  };
}

/**
 * the MeterServiceRequests root with the works given, in profile order; `draftHeader`: the draft generation's message
 * Header as the root's first child (payloads.md §14, the draft-2011 pack; its children in the draft message namespace)
 */
export function buildMeterServiceRequests(works: readonly MeterServiceWorkValue[], draftHeader?: Header): XElement {
  const ns = MSR;
  return {
    ns,
    name: 'MeterServiceRequests',
    children: [
      draftHeader && { ns, name: 'Header', children: headerChildren(draftHeader, MESSAGE_NS['draft-2011']) },
      ...works.map(
      (w): XElement => ({
        ns,
        name: 'MeterServiceWork',
        children: [
          leaf(ns, 'mRID', w.mRID),
          leaf(ns, 'kind', w.kind),
          leaf(ns, 'lastModifiedDateTime', w.lastModifiedDateTime),
          leaf(ns, 'priority', w.priority),
          leaf(ns, 'requestDateTime', w.requestDateTime),
          leaf(ns, 'type', w.type),
          meterElement(ns, 'Meter', w.meter),
          ...namesElements(ns, w.names),
          meterElement(ns, 'OldMeter', w.oldMeter),
          statusElement(ns, 'status', w.status),
          idOnlyElement(ns, 'UsagePoint', w.usagePoint),
        ],
      }),
    ),
    ],
  };
}

/** a MeterServiceWork as read: identities as strings (mRID, else first name), the node for placing findings */
export interface MeterServiceWorkRead {
  work?: string;
  kind?: string;
  lastModifiedDateTime?: string;
  requestDateTime?: string;
  type?: string;
  meter?: string;
  oldMeter?: string;
  usagePoint?: string;
  /** how many readings Meter and OldMeter carry */
  readings: number;
  status?: string;
  node: XNode;
}

const readingsOf = (m: XNode | undefined): number => (m ? children(m, m.ns, 'MeterReadings').reduce((n, r) => n + children(r, m.ns, 'Readings').length, 0) : 0);

/** the works of a MeterServiceRequests root (any namespace: a draft or an official schema's payload reads alike) */
export function readMeterServiceRequests(root: XNode): MeterServiceWorkRead[] {
  const ns = root.ns;
  return children(root, ns, 'MeterServiceWork').map((w) => {
    const meter = child(w, ns, 'Meter');
    const old = child(w, ns, 'OldMeter');
    const status = child(w, ns, 'status');
    return {
      work: objectId(w),
      kind: childText(w, ns, 'kind'),
      lastModifiedDateTime: childText(w, ns, 'lastModifiedDateTime'),
      requestDateTime: childText(w, ns, 'requestDateTime'),
      type: childText(w, ns, 'type'),
      meter: objectId(meter),
      oldMeter: objectId(old),
      usagePoint: objectId(child(w, ns, 'UsagePoint')),
      readings: readingsOf(meter) + readingsOf(old),
      status: status ? childText(status, ns, 'value') : undefined,
      node: w,
    };
  });
}

/** the readings each Meter and OldMeter of the works carries: meter identity, value, timeStamp, reason (in document order) */
export function readServiceReadings(root: XNode): { meter: string; value?: string; timeStamp?: string; reason?: string }[] {
  const ns = root.ns;
  const out: { meter: string; value?: string; timeStamp?: string; reason?: string }[] = [];
  for (const w of children(root, ns, 'MeterServiceWork')) {
    for (const m of [child(w, ns, 'Meter'), child(w, ns, 'OldMeter')]) {
      const id = objectId(m);
      if (!m || !id) continue;
      for (const mr of children(m, ns, 'MeterReadings')) {
        for (const r of children(mr, ns, 'Readings')) out.push({ meter: id, value: childText(r, ns, 'value'), timeStamp: childText(r, ns, 'timeStamp'), reason: childText(r, ns, 'reason') });
      }
    }
  }
  return out;
}
