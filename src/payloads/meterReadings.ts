/**
 * MeterReadings and GetMeterReadings payloads (../shared/spec/payloads.md §1, §2): typed model, builder
 * (element order of the profile) and reader.
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs } from '../message/names.ts';

export const MR = profileNs('MeterReadings');
export const GMR = profileNs('GetMeterReadings');

export interface Quality {
  ref: string;
  comment?: string;
}

export interface ReadingValue {
  readingType: string;
  value?: string;
  timeStamp?: string;
  reason?: string;
  source?: string;
  qualities?: Quality[];
}

export interface IntervalReadingValue {
  /** when the value was reported / recorded by the reporting system (payloads.md §1.4) */
  reportedDateTime?: string;
  timeStamp?: string;
  value?: string;
  qualities?: Quality[];
}

export interface IntervalBlockValue {
  readingType: string;
  readings: IntervalReadingValue[];
}

/** an EndDeviceEvent inside a MeterReading (payloads.md §1.2, §3.2): the trigger of coincident readings (MR-08, MR-09) */
export interface MeterReadingEventValue {
  mRID?: string;
  createdDateTime?: string;
  /** the EndDeviceEventType ref (the four-part code) */
  eventType: string;
}

export interface MeterReadingValue {
  /** isCoincidentTrigger (payloads.md §1.2): the text as written (`true` / `false`); absent when the element is */
  isCoincidentTrigger?: string;
  /** the events of the MeterReading (payloads.md §1.2): the trigger of coincident readings */
  endDeviceEvents?: MeterReadingEventValue[];
  meter?: { mRID?: string; names?: string[] };
  usagePoint?: { mRID?: string; names?: string[] };
  readings?: ReadingValue[];
  intervalBlocks?: IntervalBlockValue[];
  valuesInterval?: { start?: string; end?: string };
}

export interface MeterReadingsValue {
  meterReadings: MeterReadingValue[];
  /** ReadingType definitions carried in the payload (mRID = 18-part code) */
  readingTypes?: { mRID: string; name?: string }[];
}

const idOnly = (ns: string, name: string, o: { mRID?: string; names?: string[] } | undefined): XElement | undefined =>
  o && {
    ns,
    name,
    children: [leaf(ns, 'mRID', o.mRID), ...(o.names ?? []).map((n) => ({ ns, name: 'Names', children: [leaf(ns, 'name', n)] }))],
  };

const ref = (ns: string, name: string, value: string): XElement => ({ ns, name, attrs: { ref: value } });

const qualities = (qs: Quality[] | undefined): XElement[] =>
  (qs ?? []).map((q) => ({ ns: MR, name: 'ReadingQualities', children: [leaf(MR, 'comment', q.comment), ref(MR, 'ReadingQualityType', q.ref)] }));

/** MeterReadings root, children in profile order (§1.1–§1.9) */
export function buildMeterReadings(v: MeterReadingsValue): XElement {
  return {
    ns: MR,
    name: 'MeterReadings',
    children: [
      ...v.meterReadings.map(
        (m): XElement => ({
          ns: MR,
          name: 'MeterReading',
          children: [
            leaf(MR, 'isCoincidentTrigger', m.isCoincidentTrigger),
            ...(m.endDeviceEvents ?? []).map(
              (e): XElement => ({
                ns: MR,
                name: 'EndDeviceEvents',
                children: [leaf(MR, 'mRID', e.mRID), leaf(MR, 'createdDateTime', e.createdDateTime), ref(MR, 'EndDeviceEventType', e.eventType)],
              }),
            ),
            ...(m.intervalBlocks ?? []).map(
              (b): XElement => ({
                ns: MR,
                name: 'IntervalBlocks',
                children: [
                  ...b.readings.map(
                    (r): XElement => ({
                      ns: MR,
                      name: 'IntervalReadings',
                      children: [leaf(MR, 'reportedDateTime', r.reportedDateTime), leaf(MR, 'timeStamp', r.timeStamp), leaf(MR, 'value', r.value), ...qualities(r.qualities)],
                    }),
                  ),
                  ref(MR, 'ReadingType', b.readingType),
                ],
              }),
            ),
            idOnly(MR, 'Meter', m.meter),
            ...(m.readings ?? []).map(
              (r): XElement => ({
                ns: MR,
                name: 'Readings',
                children: [
                  leaf(MR, 'reason', r.reason),
                  leaf(MR, 'source', r.source),
                  leaf(MR, 'timeStamp', r.timeStamp),
                  leaf(MR, 'value', r.value),
                  ...qualities(r.qualities),
                  ref(MR, 'ReadingType', r.readingType),
                ],
              }),
            ),
            idOnly(MR, 'UsagePoint', m.usagePoint),
            m.valuesInterval && {
              ns: MR,
              name: 'valuesInterval',
              children: [leaf(MR, 'end', m.valuesInterval.end), leaf(MR, 'start', m.valuesInterval.start)],
            },
          ],
        }),
      ),
      ...(v.readingTypes ?? []).map(
        (rt): XElement => ({
          ns: MR,
          name: 'ReadingType',
          children: [leaf(MR, 'mRID', rt.mRID), { ns: MR, name: 'Names', children: [leaf(MR, 'name', rt.name ?? rt.mRID)] }],
        }),
      ),
    ],
  };
}

function readIdOnly(n: XNode | undefined, ns: string): { mRID?: string; names?: string[] } | undefined {
  if (!n) return undefined;
  return { mRID: childText(n, ns, 'mRID'), names: children(n, ns, 'Names').map((x) => childText(x, ns, 'name') ?? '') };
}

const readQualities = (n: XNode): Quality[] =>
  children(n, MR, 'ReadingQualities').map((q) => ({ ref: child(q, MR, 'ReadingQualityType')?.attrs['ref'] ?? '', comment: childText(q, MR, 'comment') }));

/** read a MeterReadings root into the typed model (missing values stay undefined; checks decide) */
export function readMeterReadings(root: XNode): MeterReadingsValue {
  return {
    meterReadings: children(root, MR, 'MeterReading').map((m) => ({
      isCoincidentTrigger: childText(m, MR, 'isCoincidentTrigger'),
      endDeviceEvents: children(m, MR, 'EndDeviceEvents').map((e) => ({
        mRID: childText(e, MR, 'mRID'),
        createdDateTime: childText(e, MR, 'createdDateTime'),
        eventType: child(e, MR, 'EndDeviceEventType')?.attrs['ref'] ?? '',
      })),
      meter: readIdOnly(child(m, MR, 'Meter'), MR),
      usagePoint: readIdOnly(child(m, MR, 'UsagePoint'), MR),
      readings: children(m, MR, 'Readings').map((r) => ({
        readingType: child(r, MR, 'ReadingType')?.attrs['ref'] ?? '',
        value: childText(r, MR, 'value'),
        timeStamp: childText(r, MR, 'timeStamp'),
        reason: childText(r, MR, 'reason'),
        source: childText(r, MR, 'source'),
        qualities: readQualities(r),
      })),
      valuesInterval: (() => {
        const vi = child(m, MR, 'valuesInterval');
        return vi ? { start: childText(vi, MR, 'start'), end: childText(vi, MR, 'end') } : undefined;
      })(),
      intervalBlocks: children(m, MR, 'IntervalBlocks').map((b) => ({
        readingType: child(b, MR, 'ReadingType')?.attrs['ref'] ?? '',
        readings: children(b, MR, 'IntervalReadings').map((r) => ({
          ...(childText(r, MR, 'reportedDateTime') !== undefined && { reportedDateTime: childText(r, MR, 'reportedDateTime') }),
          timeStamp: childText(r, MR, 'timeStamp'),
          value: childText(r, MR, 'value'),
          qualities: readQualities(r),
        })),
      })),
    })),
    readingTypes: children(root, MR, 'ReadingType').map((rt) => ({ mRID: childText(rt, MR, 'mRID') ?? '', name: childText(child(rt, MR, 'Names'), MR, 'name') })),
  };
}

// ------------------------------------------------------------------------------------------------
// GetMeterReadings (query profile, §2)

/**
 * the coincident-reading request of GetMeterReadings (payloads.md §2.3, MR-08): the trigger (an event type of the
 * meter) and the ReadingType of the readings wanted at its time
 */
export interface CoincidentRequestValue {
  isCoincidentTrigger?: string;
  /** the EndDeviceEventType (mRID: the four-part code) of the trigger event */
  eventType?: string;
  meter?: string;
  usagePoint?: string;
  /**
   * the CoincidentReading: the ReadingType (mRID) of the readings wanted at the trigger's time when the trigger is an
   * event; the ReadingType of the trigger reading when the trigger is a reading (CIM9-210), with the timePeriod in
   * which it is sought; optionally a reason
   */
  readingType?: string;
  reason?: string;
  timePeriod?: { start?: string; end?: string };
}

export interface GetMeterReadingsValue {
  endDevices?: string[];
  coincident?: CoincidentRequestValue;
  usagePoints?: string[];
  readingTypes?: string[];
  timePeriod?: { start?: string; end?: string };
  /** Reading/reason of the query (ReadingReasonKind, payloads.md §2.4): why the readings are asked for (billing, inquiry ...) */
  reason?: string;
}

export function buildGetMeterReadings(q: GetMeterReadingsValue): XElement {
  return {
    ns: GMR,
    name: 'GetMeterReadings',
    children: [
      ...(q.endDevices ?? []).map((m) => ({ ns: GMR, name: 'EndDevice', children: [leaf(GMR, 'mRID', m)] })),
      q.coincident && {
        ns: GMR,
        name: 'MeterReadings',
        children: [
          leaf(GMR, 'isCoincidentTrigger', q.coincident.isCoincidentTrigger),
          q.coincident.eventType !== undefined && { ns: GMR, name: 'EndDeviceEvents', children: [{ ns: GMR, name: 'EndDeviceEventType', children: [leaf(GMR, 'mRID', q.coincident.eventType)] }] },
          q.coincident.meter !== undefined && { ns: GMR, name: 'Meter', children: [leaf(GMR, 'mRID', q.coincident.meter)] },
          q.coincident.readingType !== undefined && {
            ns: GMR,
            name: 'Readings',
            children: [
              leaf(GMR, 'reason', q.coincident.reason),
              { ns: GMR, name: 'ReadingType', children: [leaf(GMR, 'mRID', q.coincident.readingType)] },
              q.coincident.timePeriod && { ns: GMR, name: 'timePeriod', children: [leaf(GMR, 'end', q.coincident.timePeriod.end), leaf(GMR, 'start', q.coincident.timePeriod.start)] },
            ],
          },
          q.coincident.usagePoint !== undefined && { ns: GMR, name: 'UsagePoint', children: [leaf(GMR, 'mRID', q.coincident.usagePoint)] },
        ],
      },
      q.timePeriod || q.reason
        ? {
            ns: GMR,
            name: 'Reading',
            children: [
              leaf(GMR, 'reason', q.reason),
              q.timePeriod && { ns: GMR, name: 'timePeriod', children: [leaf(GMR, 'end', q.timePeriod.end), leaf(GMR, 'start', q.timePeriod.start)] },
            ],
          }
        : undefined,
      ...(q.readingTypes ?? []).map((rt) => ({ ns: GMR, name: 'ReadingType', children: [leaf(GMR, 'mRID', rt)] })),
      ...(q.usagePoints ?? []).map((u) => ({ ns: GMR, name: 'UsagePoint', children: [leaf(GMR, 'mRID', u)] })),
    ],
  };
}

export function readGetMeterReadings(root: XNode): GetMeterReadingsValue {
  const reading = child(root, GMR, 'Reading');
  const period = child(reading, GMR, 'timePeriod');
  const ids = (name: string) =>
    children(root, GMR, name).flatMap((n) => {
      const id = childText(n, GMR, 'mRID') ?? children(n, GMR, 'Names').map((x) => childText(x, GMR, 'name'))[0];
      return id ? [id] : [];
    });
  const c = child(root, GMR, 'MeterReadings');
  const idOf = (n: XNode | undefined) => (n ? (childText(n, GMR, 'mRID') ?? children(n, GMR, 'Names').map((x) => childText(x, GMR, 'name'))[0]) : undefined);
  const cr = child(c, GMR, 'Readings');
  const crPeriod = child(cr, GMR, 'timePeriod');
  return {
    ...(c && {
      coincident: {
        isCoincidentTrigger: childText(c, GMR, 'isCoincidentTrigger'),
        eventType: idOf(child(child(c, GMR, 'EndDeviceEvents'), GMR, 'EndDeviceEventType')),
        meter: idOf(child(c, GMR, 'Meter')),
        usagePoint: idOf(child(c, GMR, 'UsagePoint')),
        readingType: idOf(child(cr, GMR, 'ReadingType')),
        reason: childText(cr, GMR, 'reason'),
        ...(crPeriod && { timePeriod: { start: childText(crPeriod, GMR, 'start'), end: childText(crPeriod, GMR, 'end') } }),
      },
    }),
    endDevices: ids('EndDevice'),
    usagePoints: ids('UsagePoint'),
    readingTypes: ids('ReadingType'),
    timePeriod: period ? { start: childText(period, GMR, 'start'), end: childText(period, GMR, 'end') } : undefined,
    ...(childText(reading, GMR, 'reason') !== undefined && { reason: childText(reading, GMR, 'reason') }),
  };
}
