/**
 * The EUMED MeterReadingSet payload: builder (element order of fixtures/schemas/2024/eumed, namespace
 * and names from the assumption register) and reader (typed values that keep their nodes for findings).
 * XML only through src/xml: element trees in, parsed trees out.
 *
 * The reader works one MeterReading at a time (`meterReadingNodes` + `readMeterReading`), so a check of a
 * large document holds one metering point's curve beside the parsed tree, never all of them.
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { EUMED_PLACEHOLDER_NS, type Interval, type IntervalBlockValue, type IntervalReadingValue, type MeterReadingSetValue, type MeterReadingValue, type NameValue, type QualityCarrier, type QualityValue, type ReadingTypeLiterals } from './model.ts';
import { namesElements } from '../payloads/common.ts';

export interface BuildOptions {
  /** EUM-01 namespace (default: the placeholder) */
  ns?: string;
  /** EUM-02 root element name */
  root?: string;
  /** EUM-04: element name of the MeterReading children of the root */
  childName?: 'MeterReading' | 'MeterReadings';
  /** EUM-05: where the quality code goes (any = ReadingQualityType/@ref, the 2013 form) */
  quality?: QualityCarrier;
  /** EUM-06: embedded ReadingType (default) or ref (the mRID, else the ref, is written as ref) */
  readingTypeForm?: 'embedded' | 'ref';
}

// ------------------------------------------------------------------------------------------------
// building

function interval(ns: string, name: string, i: Interval | undefined): XElement | undefined {
  return i && { ns, name, children: [leaf(ns, 'end', i.end), leaf(ns, 'start', i.start)] };
}

function rational(ns: string, name: string, r: { numerator: string; denominator: string } | undefined): XElement | undefined {
  return r && { ns, name, children: [leaf(ns, 'denominator', r.denominator), leaf(ns, 'numerator', r.numerator)] };
}

/** ReadingType in schema order (alphabetical, eumed.md §3.5), or the ref form (EUM-06) */
export function buildReadingType(ns: string, rt: ReadingTypeLiterals, form: 'embedded' | 'ref' = 'embedded'): XElement {
  if (form === 'ref') return { ns, name: 'ReadingType', attrs: { ref: rt.ref ?? rt.mRID } };
  return {
    ns,
    name: 'ReadingType',
    attrs: { ref: rt.ref },
    children: [
      leaf(ns, 'mRID', rt.mRID),
      leaf(ns, 'accumulation', rt.accumulation),
      leaf(ns, 'aggregate', rt.aggregate),
      leaf(ns, 'commodity', rt.commodity),
      leaf(ns, 'consumptionTier', rt.consumptionTier),
      leaf(ns, 'cpp', rt.cpp),
      leaf(ns, 'currency', rt.currency),
      leaf(ns, 'flowDirection', rt.flowDirection),
      leaf(ns, 'macroPeriod', rt.macroPeriod),
      leaf(ns, 'measurementKind', rt.measurementKind),
      leaf(ns, 'measuringPeriod', rt.measuringPeriod),
      leaf(ns, 'multiplier', rt.multiplier),
      leaf(ns, 'phases', rt.phases),
      leaf(ns, 'tou', rt.tou),
      leaf(ns, 'unit', rt.unit),
      rational(ns, 'argument', rt.argument),
      rational(ns, 'interharmonic', rt.interharmonic),
      ...namesElements(ns, rt.names),
    ],
  };
}

function quality(ns: string, q: QualityValue, carrier: QualityCarrier): XElement {
  const viaComment = carrier === 'comment';
  return {
    ns,
    name: 'ReadingQualities',
    children: [
      carrier === 'code-attribute' ? leaf(ns, 'code', q.code) : undefined,
      leaf(ns, 'comment', viaComment ? q.code : q.comment),
      leaf(ns, 'source', q.source),
      leaf(ns, 'timeStamp', q.timeStamp),
      carrier === 'any' || carrier === 'quality-type-ref' ? { ns, name: 'ReadingQualityType', attrs: { ref: q.code } } : undefined,
    ],
  };
}

/** one IntervalReading in schema order: timeStamp, value, ReadingQualities, timePeriod */
export function buildIntervalReading(ns: string, r: IntervalReadingValue, carrier: QualityCarrier = 'any'): XElement {
  // no spread or map per reading (35,040 a meter-year): the same children in the same order
  const children: XElement['children'] = [leaf(ns, 'timeStamp', r.timeStamp), leaf(ns, 'value', r.value)];
  if (r.qualities) for (const q of r.qualities) children.push(quality(ns, q, carrier));
  children.push(interval(ns, 'timePeriod', r.timePeriod));
  return { ns, name: 'IntervalReadings', children };
}

export function buildIntervalBlock(ns: string, b: IntervalBlockValue, o: BuildOptions = {}): XElement {
  return {
    ns,
    name: 'IntervalBlocks',
    children: [...b.readings.map((r) => buildIntervalReading(ns, r, o.quality ?? 'any')), buildReadingType(ns, b.readingType, o.readingTypeForm)],
  };
}

/** one MeterReading in schema order (eumed.md §3.2) */
export function buildMeterReading(m: MeterReadingValue, o: BuildOptions = {}): XElement {
  const ns = o.ns ?? EUMED_PLACEHOLDER_NS;
  return {
    ns,
    name: o.childName ?? 'MeterReading',
    children: [
      leaf(ns, 'mRID', m.mRID),
      m.customer && { ns, name: 'Customer', children: [leaf(ns, 'mRID', m.customer.mRID), leaf(ns, 'kind', m.customer.kind), ...namesElements(ns, m.customer.names)] },
      ...m.intervalBlocks.map((b) => buildIntervalBlock(ns, b, o)),
      m.meter && { ns, name: 'Meter', children: [leaf(ns, 'mRID', m.meter.mRID), leaf(ns, 'serialNumber', m.meter.serialNumber), ...namesElements(ns, m.meter.names)] },
      ...namesElements(ns, m.names),
      { ns, name: 'UsagePoint', children: [leaf(ns, 'mRID', m.usagePoint.mRID), ...namesElements(ns, m.usagePoint.names)] },
      interval(ns, 'valuesInterval', m.valuesInterval),
    ],
  };
}

/** the MeterReadingSet root (EUM-02) with its MeterReading children (EUM-04) */
export function buildMeterReadingSet(v: MeterReadingSetValue, o: BuildOptions = {}): XElement {
  const ns = o.ns ?? EUMED_PLACEHOLDER_NS;
  return {
    ns,
    name: o.root ?? 'MeterReadingSet',
    children: [leaf(ns, 'mRID', v.mRID), ...v.meterReadings.map((m) => buildMeterReading(m, { ...o, ns })), ...namesElements(ns, v.names)],
  };
}

// ------------------------------------------------------------------------------------------------
// reading

/** how a quality code was carried (EUM-05) */
export type QualityForm = 'quality-type-ref' | 'code-attribute' | 'comment';

export interface ReadQuality extends QualityValue {
  form: QualityForm | undefined;
  node: XNode;
}

export interface ReadIntervalReading {
  timeStamp?: string;
  value?: string;
  qualities: ReadQuality[];
  timePeriod?: Interval;
  node: XNode;
}

export interface ReadIntervalBlock {
  readingType: ReadingTypeLiterals;
  /** the ReadingType element, absent when the block has none */
  readingTypeNode?: XNode;
  readings: ReadIntervalReading[];
  node: XNode;
}

export interface ReadMeterReading {
  mRID?: string;
  meter?: { mRID?: string; serialNumber?: string; names: NameValue[] };
  usagePoint?: { mRID?: string; names: NameValue[]; node: XNode };
  names: NameValue[];
  valuesInterval?: Interval;
  valuesIntervalNode?: XNode;
  intervalBlocks: ReadIntervalBlock[];
  node: XNode;
}

const QUALITY_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+$/;

function readNames(n: XNode | undefined, ns: string): NameValue[] {
  return children(n, ns, 'Names').map((x) => {
    const nt = child(x, ns, 'NameType');
    const auth = child(nt, ns, 'NameTypeAuthority');
    const v: NameValue = { name: childText(x, ns, 'name') ?? '' };
    if (nt) {
      v.nameType = { name: childText(nt, ns, 'name') ?? '', description: childText(nt, ns, 'description') };
      if (auth) v.nameType.authority = { name: childText(auth, ns, 'name') ?? '', description: childText(auth, ns, 'description') };
    }
    return v;
  });
}

function readInterval(n: XNode | undefined, ns: string): Interval | undefined {
  return n ? { start: childText(n, ns, 'start'), end: childText(n, ns, 'end') } : undefined;
}

function readRational(n: XNode | undefined, ns: string): { numerator: string; denominator: string } | undefined {
  return n ? { numerator: childText(n, ns, 'numerator') ?? '', denominator: childText(n, ns, 'denominator') ?? '' } : undefined;
}

const RT_LEAVES = [
  'mRID', 'accumulation', 'aggregate', 'commodity', 'consumptionTier', 'cpp', 'currency', 'flowDirection', 'macroPeriod',
  'measurementKind', 'measuringPeriod', 'multiplier', 'phases', 'tou', 'unit',
] as const;

export function readReadingType(n: XNode, ns: string): ReadingTypeLiterals {
  const rt: ReadingTypeLiterals = {};
  for (const k of RT_LEAVES) {
    const v = childText(n, ns, k);
    if (v !== undefined) rt[k] = v;
  }
  const arg = readRational(child(n, ns, 'argument'), ns);
  if (arg) rt.argument = arg;
  const ih = readRational(child(n, ns, 'interharmonic'), ns);
  if (ih) rt.interharmonic = ih;
  if (n.attrs['ref'] !== undefined) rt.ref = n.attrs['ref'];
  const nm = readNames(n, ns);
  if (nm.length) rt.names = nm;
  return rt;
}

/** EUM-05: the quality code of a ReadingQuality, wherever it is carried (ref, code element or attribute, comment) */
export function readQuality(q: XNode, ns: string): ReadQuality {
  const ref = child(q, ns, 'ReadingQualityType')?.attrs['ref'];
  const codeEl = childText(q, ns, 'code');
  const codeAttr = q.attrs['code'];
  const comment = childText(q, ns, 'comment');
  let code = '';
  let form: QualityForm | undefined;
  if (ref !== undefined && ref !== '') [code, form] = [ref.trim(), 'quality-type-ref'];
  else if (codeEl !== undefined && codeEl !== '') [code, form] = [codeEl, 'code-attribute'];
  else if (codeAttr !== undefined && codeAttr !== '') [code, form] = [codeAttr.trim(), 'code-attribute'];
  else if (comment !== undefined && QUALITY_SHAPE.test(comment)) [code, form] = [comment, 'comment'];
  return { code, form, comment, source: childText(q, ns, 'source'), timeStamp: childText(q, ns, 'timeStamp'), node: q };
}

export function readIntervalReading(r: XNode, ns: string): ReadIntervalReading {
  // one pass over the children (35,040 readings a meter-year): the first timeStamp, value and timePeriod, every
  // ReadingQualities — what childText / children / child would each find
  let timeStamp: string | undefined;
  let value: string | undefined;
  let timePeriod: XNode | undefined;
  const qualities: ReadQuality[] = [];
  for (const c of r.children) {
    if (c.ns !== ns) continue;
    const name = c.name;
    if (name === 'timeStamp') timeStamp ??= c.text.trim();
    else if (name === 'value') value ??= c.text.trim();
    else if (name === 'ReadingQualities') qualities.push(readQuality(c, ns));
    else if (name === 'timePeriod') timePeriod ??= c;
  }
  const out: ReadIntervalReading = { timeStamp, value, qualities, node: r };
  const tp = readInterval(timePeriod, ns);
  if (tp) out.timePeriod = tp;
  return out;
}

export function readIntervalBlock(b: XNode, ns: string): ReadIntervalBlock {
  const rtNode = child(b, ns, 'ReadingType');
  return {
    readingType: rtNode ? readReadingType(rtNode, ns) : {},
    readingTypeNode: rtNode,
    readings: children(b, ns, 'IntervalReadings').map((r) => readIntervalReading(r, ns)),
    node: b,
  };
}

/** the MeterReading children of a root, under either name (EUM-04; the check decides which are allowed) */
export function meterReadingNodes(root: XNode, ns: string): XNode[] {
  return root.children.filter((c) => c.ns === ns && (c.name === 'MeterReading' || c.name === 'MeterReadings'));
}

/** one MeterReading, typed; its interval blocks are read in full (one metering point's data) */
export function readMeterReading(m: XNode, ns: string): ReadMeterReading {
  const meter = child(m, ns, 'Meter');
  const up = child(m, ns, 'UsagePoint');
  const vi = child(m, ns, 'valuesInterval');
  return {
    mRID: childText(m, ns, 'mRID'),
    meter: meter ? { mRID: childText(meter, ns, 'mRID'), serialNumber: childText(meter, ns, 'serialNumber'), names: readNames(meter, ns) } : undefined,
    usagePoint: up ? { mRID: childText(up, ns, 'mRID'), names: readNames(up, ns), node: up } : undefined,
    names: readNames(m, ns),
    valuesInterval: readInterval(vi, ns),
    valuesIntervalNode: vi,
    intervalBlocks: children(m, ns, 'IntervalBlocks').map((b) => readIntervalBlock(b, ns)),
    node: m,
  };
}

/** the identifiers a metering point answers to: its mRID and every Name */
export function usagePointIds(m: Pick<ReadMeterReading, 'usagePoint'>): string[] {
  const up = m.usagePoint;
  if (!up) return [];
  return [...(up.mRID ? [up.mRID] : []), ...up.names.map((n) => n.name).filter((n) => n !== '')];
}
