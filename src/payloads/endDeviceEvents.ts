/**
 * EndDeviceEvents and GetEndDeviceEvents payloads (../shared/spec/payloads.md §3, §4).
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs } from '../message/names.ts';
import { namesElements } from './common.ts';

export const EDE = profileNs('EndDeviceEvents');
export const GEDE = profileNs('GetEndDeviceEvents');

export interface EndDeviceEventValue {
  mRID?: string;
  createdDateTime?: string;
  /** the issuer of the control the event results from, and its tracking id (EDC-01, UC-16) */
  issuerID?: string;
  issuerTrackingID?: string;
  eventType: string;
  /** the meter (Assets) that raised the event */
  meter?: string;
  usagePoint?: string;
  reason?: string;
  severity?: string;
  details?: { name: string; value?: string }[];
}

/**
 * An EndDeviceEventType definition of the payload (payloads.md §3.4): the four parts of the code and its name; events
 * refer to it by `mRID` (here the code itself) or by name.
 */
export interface EndDeviceEventTypeValue {
  code: string;
  name: string;
}

function eventTypeElement(t: EndDeviceEventTypeValue): XElement {
  const [type, domain, subDomain, eventOrAction] = t.code.split('.');
  return {
    ns: EDE,
    name: 'EndDeviceEventType',
    children: [
      leaf(EDE, 'mRID', t.code),
      leaf(EDE, 'domain', domain),
      leaf(EDE, 'eventOrAction', eventOrAction),
      leaf(EDE, 'subDomain', subDomain),
      leaf(EDE, 'type', type),
      ...namesElements(EDE, [{ name: t.name }]),
    ],
  };
}

/** EndDeviceEvents: the events, then the EndDeviceEventType definitions they refer to (optional) */
export function buildEndDeviceEvents(events: EndDeviceEventValue[], types: readonly EndDeviceEventTypeValue[] = []): XElement {
  return {
    ns: EDE,
    name: 'EndDeviceEvents',
    children: [
      ...events.map(
      (e): XElement => ({
        ns: EDE,
        name: 'EndDeviceEvent',
        children: [
          leaf(EDE, 'mRID', e.mRID),
          leaf(EDE, 'createdDateTime', e.createdDateTime),
          leaf(EDE, 'issuerID', e.issuerID),
          leaf(EDE, 'issuerTrackingID', e.issuerTrackingID),
          leaf(EDE, 'reason', e.reason),
          leaf(EDE, 'severity', e.severity),
          e.meter !== undefined && { ns: EDE, name: 'Assets', children: [leaf(EDE, 'mRID', e.meter)] },
          ...(e.details ?? []).map((d) => ({ ns: EDE, name: 'EndDeviceEventDetails', children: [leaf(EDE, 'name', d.name), leaf(EDE, 'value', d.value)] })),
          { ns: EDE, name: 'EndDeviceEventType', attrs: { ref: e.eventType } },
          e.usagePoint !== undefined && { ns: EDE, name: 'UsagePoint', children: [leaf(EDE, 'mRID', e.usagePoint)] },
        ],
      }),
      ),
      ...types.map(eventTypeElement),
    ],
  };
}

/** the EndDeviceEventType definitions of an EndDeviceEvents payload (mRID, the four parts, the first name) */
export function readEndDeviceEventTypes(root: XNode): { mRID?: string; code?: string; name?: string }[] {
  return children(root, EDE, 'EndDeviceEventType').map((t) => {
    const parts = ['type', 'domain', 'subDomain', 'eventOrAction'].map((p) => childText(t, EDE, p));
    return { mRID: childText(t, EDE, 'mRID'), code: parts.every((p) => p !== undefined) ? parts.join('.') : undefined, name: childText(child(t, EDE, 'Names'), EDE, 'name') };
  });
}

export interface ReadEndDeviceEvent extends EndDeviceEventValue {
  node: XNode;
}

export function readEndDeviceEvents(root: XNode): ReadEndDeviceEvent[] {
  return children(root, EDE, 'EndDeviceEvent').map((e) => {
    const assets = child(e, EDE, 'Assets');
    const up = child(e, EDE, 'UsagePoint');
    return {
      node: e,
      mRID: childText(e, EDE, 'mRID'),
      createdDateTime: childText(e, EDE, 'createdDateTime'),
      issuerID: childText(e, EDE, 'issuerID'),
      issuerTrackingID: childText(e, EDE, 'issuerTrackingID'),
      eventType: child(e, EDE, 'EndDeviceEventType')?.attrs['ref'] ?? '',
      meter: assets ? (childText(assets, EDE, 'mRID') ?? childText(child(assets, EDE, 'Names'), EDE, 'name')) : undefined,
      usagePoint: up ? (childText(up, EDE, 'mRID') ?? childText(child(up, EDE, 'Names'), EDE, 'name')) : undefined,
      reason: childText(e, EDE, 'reason'),
      severity: childText(e, EDE, 'severity'),
      details: children(e, EDE, 'EndDeviceEventDetails').map((d) => ({ name: childText(d, EDE, 'name') ?? '', value: childText(d, EDE, 'value') })),
    };
  });
}

/** GetEndDeviceEvents query (older vendor shape, §4.1): meters and a time window */
export function buildGetEndDeviceEvents(q: { meters: string[]; start?: string; end?: string }): XElement {
  return {
    ns: GEDE,
    name: 'GetEndDeviceEvents',
    children: [
      ...q.meters.map((m) => ({ ns: GEDE, name: 'Meter', children: [leaf(GEDE, 'mRID', m)] })),
      (q.start !== undefined || q.end !== undefined) && {
        ns: GEDE,
        name: 'TimeSchedule',
        children: [{ ns: GEDE, name: 'scheduleInterval', children: [leaf(GEDE, 'end', q.end), leaf(GEDE, 'start', q.start)] }],
      },
    ],
  };
}

export function readGetEndDeviceEvents(root: XNode): { meters: string[]; start?: string; end?: string } {
  const si = child(child(root, GEDE, 'TimeSchedule'), GEDE, 'scheduleInterval');
  return {
    meters: children(root, GEDE, 'Meter').flatMap((m) => {
      const id = childText(m, GEDE, 'mRID');
      return id ? [id] : [];
    }),
    start: childText(si, GEDE, 'start'),
    end: childText(si, GEDE, 'end'),
  };
}
