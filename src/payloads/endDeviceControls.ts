/**
 * EndDeviceControls and GetEndDeviceControls payloads (../shared/spec/payloads.md §5, and the proposed
 * GetEndDeviceControls query profile of the project's packs): typed model, builder (element order of
 * the profile) and reader.
 *
 * PAY-08: the PAN action elements (PanDemandResponse, PanDisplay, PanPricing) are ordered by generation:
 * 'final' (2013 and later) flattened alphabetical, 'draft' (2011) the EndDeviceAction base elements
 * command, duration, durationIndefinite, startDateTime first. A draft EndDevice has mRID and Names only.
 */
import { child, children, childText, leaf, type XElement, type XNode } from '../xml/index.ts';
import { profileNs, type BuildGeneration } from '../message/names.ts';
import { idOnlyElement, namesElements, readIdOnly, refElement, type IdOnlyValue, type NameValue } from './masterdata/common.ts';

export const EDCTL = profileNs('EndDeviceControls');
export const GEDCTL = profileNs('GetEndDeviceControls');

export type PayloadGeneration = 'final' | 'draft';

/** the payload generation of a message generation (PAY-08): the 2011 draft orders the PAN actions its own way */
export const controlsGenerationOf = (g: BuildGeneration | undefined): PayloadGeneration => (g === 'draft-2011' ? 'draft' : 'final');

export interface ElectronicAddressValue {
  email1?: string;
  email2?: string;
  lan?: string;
  mac?: string;
  password?: string;
  radio?: string;
  userID?: string;
  web?: string;
}

/** a target device (§5.3) */
export interface ControlledEndDeviceValue {
  mRID?: string;
  installCode?: string;
  isPan?: boolean;
  electronicAddress?: ElectronicAddressValue;
  names?: NameValue[];
}

export interface EndDeviceTimingValue {
  /** Minutes */
  duration?: number;
  durationIndefinite?: boolean;
  /** RandomisationKind: default | end | none | start | startAndEnd */
  randomisation?: string;
  interval?: { start?: string; end?: string };
}

interface ActionBase {
  command?: string;
  /** Minutes */
  duration?: number;
  durationIndefinite?: boolean;
  startDateTime?: string;
}

export type ControlledApplianceValue = Partial<
  Record<
    | 'isElectricVehicle' | 'isExteriorLighting' | 'isGenerationSystem' | 'isHvacCompressorOrFurnace' | 'isInteriorLighting' | 'isIrrigationPump'
    | 'isManagedCommercialIndustrialLoad' | 'isPoolPumpSpaJacuzzi' | 'isSimpleMiscLoad' | 'isSmartAppliance' | 'isStripAndBaseboardHeater' | 'isWaterHeater',
    boolean
  >
>;

export interface PanDemandResponseValue extends ActionBase {
  kind: 'PanDemandResponse';
  avgLoadAdjustment?: number;
  cancelControlMode?: string;
  cancelDateTime?: string;
  cancelNow?: boolean;
  coolingOffset?: number;
  coolingSetpoint?: number;
  criticalityLevel?: string;
  dutyCycle?: number;
  enrollmentGroup?: string;
  heatingOffset?: number;
  heatingSetpoint?: number;
  appliance?: ControlledApplianceValue;
}

export interface PanDisplayValue extends ActionBase {
  kind: 'PanDisplay';
  confirmationRequired?: boolean;
  priority?: string;
  textMessage?: string;
  /** TransmissionModeKind: anonymous | both | normal */
  transmissionMode?: string;
}

export interface PanPricingDetailValue {
  alternateCostDelivered?: number;
  alternateCostUnit?: string;
  currentTimeDate?: string;
  /** Money */
  generationPrice?: string;
  generationPriceRatio?: number;
  /** Money */
  price?: string;
  priceRatio?: number;
  priceTier?: number;
  priceTierCount?: number;
  priceTierLabel?: string;
  rateLabel?: string;
  registerTier?: string;
  unitOfMeasure?: string;
}

export interface PanPricingValue extends ActionBase {
  kind: 'PanPricing';
  providerID?: number;
  details?: PanPricingDetailValue[];
}

export type EndDeviceActionValue = PanDemandResponseValue | PanDisplayValue | PanPricingValue;

export interface EndDeviceControlValue {
  mRID?: string;
  drProgramLevel?: number;
  drProgramMandatory?: boolean;
  issuerID?: string;
  issuerTrackingID?: string;
  /** FloatQuantity */
  priceSignal?: number;
  reason?: string;
  /** the EndDeviceControl.EndDeviceAction association: one PAN action */
  action?: EndDeviceActionValue;
  /** the 4-part EndDeviceControlType code (ref) */
  controlType: string;
  endDeviceGroups?: IdOnlyValue[];
  endDevices?: ControlledEndDeviceValue[];
  primaryDeviceTiming?: EndDeviceTimingValue;
  secondaryDeviceTiming?: EndDeviceTimingValue;
  usagePointGroups?: IdOnlyValue[];
  usagePoints?: IdOnlyValue[];
}

/** an EndDeviceControlType definition carried in the payload (§5.8; Names 1..* in the final profile) */
export interface EndDeviceControlTypeValue {
  mRID?: string;
  domain?: string;
  eventOrAction?: string;
  subDomain?: string;
  type?: string;
  names: NameValue[];
}

export interface EndDeviceControlsValue {
  controls: EndDeviceControlValue[];
  controlTypes?: EndDeviceControlTypeValue[];
}

const interval = (ns: string, name: string, i: { start?: string; end?: string } | undefined): XElement | undefined =>
  i && { ns, name, children: [leaf(ns, 'end', i.end), leaf(ns, 'start', i.start)] };

/** the electronicAddress element (payloads.md §5.3), also of the EndDevice and Meter of the config payloads */
export function electronicAddress(ns: string, a: ElectronicAddressValue | undefined): XElement | undefined {
  if (!a) return undefined;
  const keys = ['email1', 'email2', 'lan', 'mac', 'password', 'radio', 'userID', 'web'] as const;
  return { ns, name: 'electronicAddress', children: keys.map((k) => leaf(ns, k, a[k])) };
}

function timing(ns: string, name: string, t: EndDeviceTimingValue | undefined): XElement | undefined {
  return (
    t && {
      ns,
      name,
      children: [leaf(ns, 'duration', t.duration), leaf(ns, 'durationIndefinite', t.durationIndefinite), leaf(ns, 'randomisation', t.randomisation), interval(ns, 'interval', t.interval)],
    }
  );
}

const APPLIANCE_KEYS = [
  'isElectricVehicle', 'isExteriorLighting', 'isGenerationSystem', 'isHvacCompressorOrFurnace', 'isInteriorLighting', 'isIrrigationPump',
  'isManagedCommercialIndustrialLoad', 'isPoolPumpSpaJacuzzi', 'isSimpleMiscLoad', 'isSmartAppliance', 'isStripAndBaseboardHeater', 'isWaterHeater',
] as const;

/** a PAN action element, children in the order of the generation (PAY-08) */
function action(ns: string, a: EndDeviceActionValue | undefined, gen: PayloadGeneration): XElement | undefined {
  if (!a) return undefined;
  const base = [leaf(ns, 'command', a.command), leaf(ns, 'duration', a.duration), leaf(ns, 'durationIndefinite', a.durationIndefinite), leaf(ns, 'startDateTime', a.startDateTime)];
  // each entry: [element name, element]; final order sorts the simple attributes with the base ones
  let own: [string, XElement | undefined][];
  let compound: (XElement | undefined)[] = [];
  switch (a.kind) {
    case 'PanDemandResponse':
      own = [
        ['avgLoadAdjustment', leaf(ns, 'avgLoadAdjustment', a.avgLoadAdjustment)],
        ['cancelControlMode', leaf(ns, 'cancelControlMode', a.cancelControlMode)],
        ['cancelDateTime', leaf(ns, 'cancelDateTime', a.cancelDateTime)],
        ['cancelNow', leaf(ns, 'cancelNow', a.cancelNow)],
        ['coolingOffset', leaf(ns, 'coolingOffset', a.coolingOffset)],
        ['coolingSetpoint', leaf(ns, 'coolingSetpoint', a.coolingSetpoint)],
        ['criticalityLevel', leaf(ns, 'criticalityLevel', a.criticalityLevel)],
        ['dutyCycle', leaf(ns, 'dutyCycle', a.dutyCycle)],
        ['enrollmentGroup', leaf(ns, 'enrollmentGroup', a.enrollmentGroup)],
        ['heatingOffset', leaf(ns, 'heatingOffset', a.heatingOffset)],
        ['heatingSetpoint', leaf(ns, 'heatingSetpoint', a.heatingSetpoint)],
      ];
      compound = [a.appliance && { ns, name: 'appliance', children: APPLIANCE_KEYS.map((k) => leaf(ns, k, a.appliance![k])) }];
      break;
    case 'PanDisplay':
      own = [
        ['confirmationRequired', leaf(ns, 'confirmationRequired', a.confirmationRequired)],
        ['priority', leaf(ns, 'priority', a.priority)],
        ['textMessage', leaf(ns, 'textMessage', a.textMessage)],
        ['transmissionMode', leaf(ns, 'transmissionMode', a.transmissionMode)],
      ];
      break;
    case 'PanPricing':
      own = [['providerID', leaf(ns, 'providerID', a.providerID)]];
      compound = (a.details ?? []).map((d) => ({
        ns,
        name: 'PanPricingDetails',
        children: [
          leaf(ns, 'alternateCostDelivered', d.alternateCostDelivered),
          leaf(ns, 'alternateCostUnit', d.alternateCostUnit),
          leaf(ns, 'currentTimeDate', d.currentTimeDate),
          leaf(ns, 'generationPrice', d.generationPrice),
          leaf(ns, 'generationPriceRatio', d.generationPriceRatio),
          leaf(ns, 'price', d.price),
          leaf(ns, 'priceRatio', d.priceRatio),
          leaf(ns, 'priceTier', d.priceTier),
          leaf(ns, 'priceTierCount', d.priceTierCount),
          leaf(ns, 'priceTierLabel', d.priceTierLabel),
          leaf(ns, 'rateLabel', d.rateLabel),
          leaf(ns, 'registerTier', d.registerTier),
          leaf(ns, 'unitOfMeasure', d.unitOfMeasure),
        ],
      }));
      break;
  }
  let simple: (XElement | undefined)[];
  if (gen === 'draft') simple = [...base, ...own.map(([, e]) => e)];
  else {
    const all: [string, XElement | undefined][] = [
      ['command', base[0]],
      ['duration', base[1]],
      ['durationIndefinite', base[2]],
      ['startDateTime', base[3]],
      ...own,
    ];
    all.sort((x, y) => x[0].toLowerCase().localeCompare(y[0].toLowerCase()));
    simple = all.map(([, e]) => e);
  }
  return { ns, name: a.kind, children: [...simple, ...compound] };
}

function endDevice(ns: string, d: ControlledEndDeviceValue, gen: PayloadGeneration): XElement {
  if (gen === 'draft') return { ns, name: 'EndDevices', children: [leaf(ns, 'mRID', d.mRID), ...namesElements(ns, d.names)] };
  return {
    ns,
    name: 'EndDevices',
    children: [leaf(ns, 'mRID', d.mRID), leaf(ns, 'installCode', d.installCode), leaf(ns, 'isPan', d.isPan), electronicAddress(ns, d.electronicAddress), ...namesElements(ns, d.names)],
  };
}

/** EndDeviceControls root, children in profile order (§5.1–§5.8) */
export function buildEndDeviceControls(v: EndDeviceControlsValue, opts: { generation?: PayloadGeneration; ns?: string } = {}): XElement {
  const ns = opts.ns ?? EDCTL;
  const gen = opts.generation ?? 'final';
  return {
    ns,
    name: 'EndDeviceControls',
    children: [
      ...v.controls.map(
        (c): XElement => ({
          ns,
          name: 'EndDeviceControl',
          children: [
            leaf(ns, 'mRID', c.mRID),
            leaf(ns, 'drProgramLevel', c.drProgramLevel),
            leaf(ns, 'drProgramMandatory', c.drProgramMandatory),
            leaf(ns, 'issuerID', c.issuerID),
            leaf(ns, 'issuerTrackingID', c.issuerTrackingID),
            leaf(ns, 'priceSignal', c.priceSignal),
            leaf(ns, 'reason', c.reason),
            action(ns, c.action, gen),
            refElement(ns, 'EndDeviceControlType', c.controlType),
            ...(c.endDeviceGroups ?? []).map((g) => idOnlyElement(ns, 'EndDeviceGroups', g)),
            ...(c.endDevices ?? []).map((d) => endDevice(ns, d, gen)),
            timing(ns, 'primaryDeviceTiming', c.primaryDeviceTiming),
            timing(ns, 'secondaryDeviceTiming', c.secondaryDeviceTiming),
            ...(c.usagePointGroups ?? []).map((g) => idOnlyElement(ns, 'UsagePointGroups', g)),
            ...(c.usagePoints ?? []).map((u) => idOnlyElement(ns, 'UsagePoints', u)),
          ],
        }),
      ),
      ...(v.controlTypes ?? []).map(
        (t): XElement => ({
          ns,
          name: 'EndDeviceControlType',
          children: [
            leaf(ns, 'mRID', t.mRID),
            leaf(ns, 'domain', t.domain),
            leaf(ns, 'eventOrAction', t.eventOrAction),
            leaf(ns, 'subDomain', t.subDomain),
            leaf(ns, 'type', t.type),
            ...namesElements(ns, gen === 'draft' ? t.names.slice(0, 1) : t.names),
          ],
        }),
      ),
    ],
  };
}

const num = (s: string | undefined): number | undefined => (s === undefined || s === '' || !Number.isFinite(Number(s)) ? undefined : Number(s));
const bool = (s: string | undefined): boolean | undefined => (s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : undefined);

export interface ReadEndDeviceControl extends EndDeviceControlValue {
  node: XNode;
  /** the PAN action element present, if any */
  actionKind?: EndDeviceActionValue['kind'];
  /** how many PAN action elements the control carries (the schema allows one: a choice) */
  actionCount: number;
}

const PAN_ACTIONS: readonly string[] = ['PanDemandResponse', 'PanDisplay', 'PanPricing'];

/** the base fields and the kind's own simple fields of a PAN action (PanPricing with its details); appliance is left out */
function readAction(a: XNode, ns: string): EndDeviceActionValue {
  const base = { command: childText(a, ns, 'command'), duration: num(childText(a, ns, 'duration')), durationIndefinite: bool(childText(a, ns, 'durationIndefinite')), startDateTime: childText(a, ns, 'startDateTime') };
  if (a.name === 'PanDisplay') {
    return { kind: 'PanDisplay', ...base, confirmationRequired: bool(childText(a, ns, 'confirmationRequired')), priority: childText(a, ns, 'priority'), textMessage: childText(a, ns, 'textMessage'), transmissionMode: childText(a, ns, 'transmissionMode') };
  }
  if (a.name === 'PanPricing') {
    return {
      kind: 'PanPricing',
      ...base,
      providerID: num(childText(a, ns, 'providerID')),
      details: children(a, ns, 'PanPricingDetails').map((d) => ({
        price: childText(d, ns, 'price'),
        priceTier: num(childText(d, ns, 'priceTier')),
        priceTierCount: num(childText(d, ns, 'priceTierCount')),
        priceTierLabel: childText(d, ns, 'priceTierLabel'),
        rateLabel: childText(d, ns, 'rateLabel'),
        unitOfMeasure: childText(d, ns, 'unitOfMeasure'),
        currentTimeDate: childText(d, ns, 'currentTimeDate'),
      })),
    };
  }
  return {
    kind: 'PanDemandResponse',
    ...base,
    avgLoadAdjustment: num(childText(a, ns, 'avgLoadAdjustment')),
    criticalityLevel: childText(a, ns, 'criticalityLevel'),
    dutyCycle: num(childText(a, ns, 'dutyCycle')),
    enrollmentGroup: childText(a, ns, 'enrollmentGroup'),
    coolingOffset: num(childText(a, ns, 'coolingOffset')),
    heatingOffset: num(childText(a, ns, 'heatingOffset')),
  };
}

/** read the controls of an EndDeviceControls root (values stay undefined when absent or not parseable) */
export function readEndDeviceControls(root: XNode): ReadEndDeviceControl[] {
  const ns = root.ns;
  const readTiming = (t: XNode | undefined): EndDeviceTimingValue | undefined => {
    if (!t) return undefined;
    const i = child(t, ns, 'interval');
    return {
      duration: num(childText(t, ns, 'duration')),
      durationIndefinite: bool(childText(t, ns, 'durationIndefinite')),
      randomisation: childText(t, ns, 'randomisation'),
      interval: i ? { start: childText(i, ns, 'start'), end: childText(i, ns, 'end') } : undefined,
    };
  };
  return children(root, ns, 'EndDeviceControl').map((c) => {
    const actionNode = c.children.find((x) => x.ns === ns && (x.name === 'PanDemandResponse' || x.name === 'PanDisplay' || x.name === 'PanPricing'));
    return {
      node: c,
      mRID: childText(c, ns, 'mRID'),
      drProgramLevel: num(childText(c, ns, 'drProgramLevel')),
      drProgramMandatory: bool(childText(c, ns, 'drProgramMandatory')),
      issuerID: childText(c, ns, 'issuerID'),
      issuerTrackingID: childText(c, ns, 'issuerTrackingID'),
      priceSignal: num(childText(c, ns, 'priceSignal')),
      reason: childText(c, ns, 'reason'),
      actionKind: actionNode?.name as EndDeviceActionValue['kind'] | undefined,
      actionCount: c.children.filter((x) => x.ns === ns && PAN_ACTIONS.includes(x.name)).length,
      action: actionNode ? readAction(actionNode, ns) : undefined,
      controlType: child(c, ns, 'EndDeviceControlType')?.attrs['ref'] ?? '',
      endDeviceGroups: children(c, ns, 'EndDeviceGroups').map(readIdOnly),
      endDevices: children(c, ns, 'EndDevices').map((d) => ({
        mRID: childText(d, ns, 'mRID'),
        installCode: childText(d, ns, 'installCode'),
        isPan: bool(childText(d, ns, 'isPan')),
        names: readIdOnly(d).names,
      })),
      primaryDeviceTiming: readTiming(child(c, ns, 'primaryDeviceTiming')),
      secondaryDeviceTiming: readTiming(child(c, ns, 'secondaryDeviceTiming')),
      usagePointGroups: children(c, ns, 'UsagePointGroups').map(readIdOnly),
      usagePoints: children(c, ns, 'UsagePoints').map(readIdOnly),
    };
  });
}

// ------------------------------------------------------------------------------------------------
// GetEndDeviceControls (query profile proposed by the project, PAY-01)

export interface GetEndDeviceControlsValue {
  endDevices?: IdOnlyValue[];
  controls?: { mRID?: string; issuerID?: string; issuerTrackingID?: string; reason?: string; names?: NameValue[] }[];
  controlTypes?: IdOnlyValue[];
  endDeviceGroups?: IdOnlyValue[];
  /** TimeSchedule/scheduleInterval windows */
  windows?: { start?: string; end?: string }[];
  usagePoints?: IdOnlyValue[];
  usagePointGroups?: IdOnlyValue[];
}

export function buildGetEndDeviceControls(q: GetEndDeviceControlsValue): XElement {
  const ns = GEDCTL;
  return {
    ns,
    name: 'GetEndDeviceControls',
    children: [
      ...(q.endDevices ?? []).map((d) => idOnlyElement(ns, 'EndDevice', d)),
      ...(q.controls ?? []).map(
        (c): XElement => ({
          ns,
          name: 'EndDeviceControl',
          children: [leaf(ns, 'mRID', c.mRID), leaf(ns, 'issuerID', c.issuerID), leaf(ns, 'issuerTrackingID', c.issuerTrackingID), leaf(ns, 'reason', c.reason), ...namesElements(ns, c.names)],
        }),
      ),
      ...(q.controlTypes ?? []).map((t) => idOnlyElement(ns, 'EndDeviceControlType', t)),
      ...(q.endDeviceGroups ?? []).map((g) => idOnlyElement(ns, 'EndDeviceGroup', g)),
      ...(q.windows ?? []).map((w): XElement => ({ ns, name: 'TimeSchedule', children: [interval(ns, 'scheduleInterval', w)] })),
      ...(q.usagePoints ?? []).map((u) => idOnlyElement(ns, 'UsagePoint', u)),
      ...(q.usagePointGroups ?? []).map((g) => idOnlyElement(ns, 'UsagePointGroup', g)),
    ],
  };
}

/** GetEndDeviceControls read back: the devices, controls (mRID, issuerTrackingID) and control types it names */
export function readGetEndDeviceControls(root: XNode): { endDevices: string[]; controls: { mRID?: string; issuerTrackingID?: string }[]; controlTypes: string[] } {
  const ns = root.ns;
  const id = (n: XNode) => childText(n, ns, 'mRID') ?? children(n, ns, 'Names').map((x) => childText(x, ns, 'name'))[0];
  return {
    endDevices: children(root, ns, 'EndDevice').map(id).filter((x): x is string => !!x),
    controls: children(root, ns, 'EndDeviceControl').map((c) => ({ mRID: childText(c, ns, 'mRID'), issuerTrackingID: childText(c, ns, 'issuerTrackingID') })),
    controlTypes: children(root, ns, 'EndDeviceControlType').map(id).filter((x): x is string => !!x),
  };
}
