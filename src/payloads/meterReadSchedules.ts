/**
 * MeterReadSchedule (2013, and the 2011 draft) / MeterReadSchedules (2024) and GetMeterReadSchedules
 * payloads (../shared/spec/payloads.md §6; the 2024 Get profile is proposed by the project, PAY-01).
 *
 * PAY-09 (by-edition): the profile, its root element and namespace are `MeterReadSchedule` for the 2013
 * edition and the draft, `MeterReadSchedules` for 2024 (both in http://iec.ch/TC57/2011/<name>#).
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs } from '../message/names.ts';
import { idOnlyElement, namesElements, readIdOnly, type IdOnlyValue, type NameValue } from './masterdata/common.ts';

export type ScheduleEdition = '2013' | '2024' | 'draft-2011';

/** the profile name of an edition (PAY-09) */
export const meterReadScheduleProfile = (edition: ScheduleEdition): 'MeterReadSchedule' | 'MeterReadSchedules' =>
  edition === '2024' ? 'MeterReadSchedules' : 'MeterReadSchedule';

export const GMRS = profileNs('GetMeterReadSchedules');

export interface TimePointValue {
  dateTime?: string;
  /** Seconds */
  relativeTimeInterval?: number;
  sequenceNumber?: number;
  window?: { start?: string; end?: string };
}

export interface TimeScheduleValue {
  disabled?: boolean;
  /** Seconds */
  offset?: number;
  recurrencePattern?: string;
  /** Seconds */
  recurrencePeriod?: number;
  /** required (1..1) */
  scheduleInterval: { start?: string; end?: string };
  timePoints?: TimePointValue[];
}

export interface MeterReadScheduleValue {
  customerAccounts?: IdOnlyValue[];
  customerAgreements?: IdOnlyValue[];
  /** EndDevice: mRID 1..1 */
  endDevices?: { mRID: string; names?: NameValue[] }[];
  endDeviceGroups?: IdOnlyValue[];
  /** ReadingTypes to read (mRID = 18-part code) */
  readingTypes?: IdOnlyValue[];
  timeSchedules?: TimeScheduleValue[];
  usagePoints?: IdOnlyValue[];
  usagePointGroups?: IdOnlyValue[];
}

const interval = (ns: string, name: string, i: { start?: string; end?: string } | undefined): XElement | undefined =>
  i && { ns, name, children: [leaf(ns, 'end', i.end), leaf(ns, 'start', i.start)] };

function timeSchedule(ns: string, t: TimeScheduleValue): XElement {
  return {
    ns,
    name: 'TimeSchedule',
    children: [
      leaf(ns, 'disabled', t.disabled),
      leaf(ns, 'offset', t.offset),
      leaf(ns, 'recurrencePattern', t.recurrencePattern),
      leaf(ns, 'recurrencePeriod', t.recurrencePeriod),
      interval(ns, 'scheduleInterval', t.scheduleInterval),
      ...(t.timePoints ?? []).map(
        (p): XElement => ({
          ns,
          name: 'TimePoints',
          children: [leaf(ns, 'dateTime', p.dateTime), leaf(ns, 'relativeTimeInterval', p.relativeTimeInterval), leaf(ns, 'sequenceNumber', p.sequenceNumber), interval(ns, 'window', p.window)],
        }),
      ),
    ],
  };
}

/** MeterReadSchedule(s) root of an edition, children in profile order (§6.1, §6.2) */
export function buildMeterReadSchedule(v: MeterReadScheduleValue, edition: ScheduleEdition = '2013'): XElement {
  const name = meterReadScheduleProfile(edition);
  const ns = profileNs(name);
  return {
    ns,
    name,
    children: [
      ...(v.customerAccounts ?? []).map((o) => idOnlyElement(ns, 'CustomerAccount', o)),
      ...(v.customerAgreements ?? []).map((o) => idOnlyElement(ns, 'CustomerAgreement', o)),
      ...(v.endDevices ?? []).map((d): XElement => ({ ns, name: 'EndDevice', children: [leaf(ns, 'mRID', d.mRID), ...namesElements(ns, d.names)] })),
      ...(v.endDeviceGroups ?? []).map((o) => idOnlyElement(ns, 'EndDeviceGroup', o)),
      ...(v.readingTypes ?? []).map((o) => idOnlyElement(ns, 'ReadingType', o)),
      ...(v.timeSchedules ?? []).map((t) => timeSchedule(ns, t)),
      ...(v.usagePoints ?? []).map((o) => idOnlyElement(ns, 'UsagePoint', o)),
      ...(v.usagePointGroups ?? []).map((o) => idOnlyElement(ns, 'UsagePointGroup', o)),
    ],
  };
}

const num = (s: string | undefined): number | undefined => (s === undefined || s === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));

/** read a MeterReadSchedule(s) root (either name) */
export function readMeterReadSchedule(root: XNode): MeterReadScheduleValue {
  const ns = root.ns;
  const ids = (name: string) => children(root, ns, name).map(readIdOnly);
  const iv = (n: XNode | undefined) => (n ? { start: childText(n, ns, 'start'), end: childText(n, ns, 'end') } : undefined);
  return {
    customerAccounts: ids('CustomerAccount'),
    customerAgreements: ids('CustomerAgreement'),
    endDevices: children(root, ns, 'EndDevice').map((d) => ({ mRID: childText(d, ns, 'mRID') ?? '', names: readIdOnly(d).names })),
    endDeviceGroups: ids('EndDeviceGroup'),
    readingTypes: ids('ReadingType'),
    timeSchedules: children(root, ns, 'TimeSchedule').map((t) => ({
      disabled: childText(t, ns, 'disabled') === undefined ? undefined : childText(t, ns, 'disabled') === 'true' || childText(t, ns, 'disabled') === '1',
      offset: num(childText(t, ns, 'offset')),
      recurrencePattern: childText(t, ns, 'recurrencePattern'),
      recurrencePeriod: num(childText(t, ns, 'recurrencePeriod')),
      scheduleInterval: iv(child(t, ns, 'scheduleInterval')) ?? {},
      timePoints: children(t, ns, 'TimePoints').map((p) => ({
        dateTime: childText(p, ns, 'dateTime'),
        relativeTimeInterval: num(childText(p, ns, 'relativeTimeInterval')),
        sequenceNumber: num(childText(p, ns, 'sequenceNumber')),
        window: iv(child(p, ns, 'window')),
      })),
    })),
    usagePoints: ids('UsagePoint'),
    usagePointGroups: ids('UsagePointGroup'),
  };
}

// ------------------------------------------------------------------------------------------------
// GetMeterReadSchedules (2024, proposed)

export interface GetMeterReadSchedulesValue {
  endDevices?: IdOnlyValue[];
  endDeviceGroups?: IdOnlyValue[];
  readingTypes?: IdOnlyValue[];
  windows?: { start?: string; end?: string }[];
  usagePoints?: IdOnlyValue[];
  usagePointGroups?: IdOnlyValue[];
}

export function buildGetMeterReadSchedules(q: GetMeterReadSchedulesValue): XElement {
  const ns = GMRS;
  return {
    ns,
    name: 'GetMeterReadSchedules',
    children: [
      ...(q.endDevices ?? []).map((o) => idOnlyElement(ns, 'EndDevice', o)),
      ...(q.endDeviceGroups ?? []).map((o) => idOnlyElement(ns, 'EndDeviceGroup', o)),
      ...(q.readingTypes ?? []).map((o) => idOnlyElement(ns, 'ReadingType', o)),
      ...(q.windows ?? []).map((w): XElement => ({ ns, name: 'TimeSchedule', children: [interval(ns, 'scheduleInterval', w)] })),
      ...(q.usagePoints ?? []).map((o) => idOnlyElement(ns, 'UsagePoint', o)),
      ...(q.usagePointGroups ?? []).map((o) => idOnlyElement(ns, 'UsagePointGroup', o)),
    ],
  };
}

/** GetMeterReadSchedules read back: the devices and ReadingTypes it names */
export function readGetMeterReadSchedules(root: XNode): { endDevices: string[]; readingTypes: string[] } {
  const ns = root.ns;
  const ids = (name: string) => children(root, ns, name).map((n) => readIdOnly(n).mRID ?? readIdOnly(n).names?.[0]?.name).filter((x): x is string => !!x);
  return { endDevices: ids('EndDevice'), readingTypes: ids('ReadingType') };
}
