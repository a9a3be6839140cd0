/**
 * What MeterConfig and EndDeviceConfig share (../shared/spec/payloads.md §7.2, §7.3, §9.2): the device
 * element (Meter or EndDevice) and the end device functions defined at the root of the payload and referenced
 * from the device. Meter and EndDevice have the same children except formNumber and MeterMultipliers (Meter
 * only) and installCode and isPan (EndDevice only); they fall in the same alphabetical positions, so one
 * builder keeps both orders.
 */
import { leaf, type XElement } from '../../xml/index.ts';
import {
  configurationEventElement,
  idOnlyElement,
  lifecycleElement,
  namesElements,
  refElement,
  statusElement,
  type ConfigurationEventValue,
  type IdOnlyValue,
  type LifecycleDateValue,
  type NameValue,
  type StatusValue,
} from './common.ts';
import { electronicAddress, type ElectronicAddressValue } from '../endDeviceControls.ts';

export type FunctionKind = 'ComFunction' | 'ConnectDisconnectFunction' | 'SimpleEndDeviceFunction';

/** a reference from a device to a function defined at the payload root (`ref` = the function's mRID) */
export interface FunctionRefValue {
  kind: FunctionKind;
  ref: string;
}

/** MeterMultiplier: kind (ctRatio | kE | kH | kR | ptRatio | transformerRatio) and value */
export interface MeterMultiplierValue {
  mRID?: string;
  kind?: string;
  value?: number | string;
  names?: NameValue[];
}

export interface ProductAssetModelValue {
  corporateStandardKind?: string;
  modelNumber?: string;
  modelVersion?: string;
  usageKind?: string;
  manufacturer?: IdOnlyValue;
}

export interface EndDeviceInfoValue {
  isSolidState?: boolean;
  phaseCount?: number;
  ratedCurrent?: number;
  ratedVoltage?: number;
  assetModel?: ProductAssetModelValue;
}

/** a Meter (MeterConfig) or an EndDevice (EndDeviceConfig) */
export interface DeviceValue {
  mRID?: string;
  amrSystem?: string;
  /** Meter only */
  formNumber?: string;
  initialCondition?: string;
  /** EndDevice only */
  installCode?: string;
  /** EndDevice only */
  isPan?: boolean;
  isVirtual?: boolean;
  lotNumber?: string;
  serialNumber?: string;
  timeZoneOffset?: number;
  type?: string;
  utcNumber?: string;
  configurationEvent?: ConfigurationEventValue;
  /** where the device is reached (lan, mac, radio ...: the LCU of EDC-02) */
  electronicAddress?: ElectronicAddressValue;
  functions?: FunctionRefValue[];
  endDeviceInfo?: EndDeviceInfoValue;
  lifecycle?: LifecycleDateValue;
  /** Meter only */
  meterMultipliers?: MeterMultiplierValue[];
  names?: NameValue[];
  status?: StatusValue;
}

/** SimpleEndDeviceFunction defined at the root (Registers left out) */
export interface SimpleEndDeviceFunctionValue {
  mRID: string;
  configID?: string;
  enabled?: boolean;
  firmwareID?: string;
  hardwareID?: string;
  /** EndDeviceFunctionKind, e.g. electricMetering, metrology, onRequestRead */
  kind?: string;
  programID?: string;
  names?: NameValue[];
}

/** ComFunction defined at the root (MeterConfig, EndDeviceConfig, ComModuleConfig) */
export interface ComFunctionValue {
  mRID: string;
  amrAddress?: string;
  amrRouter?: string;
  configID?: string;
  /** biDirectional | fromDevice | toDevice */
  direction?: string;
  enabled?: boolean;
  firmwareID?: string;
  hardwareID?: string;
  programID?: string;
  /** cellular | ethernet | homePlug | pager | phone | plc | rf | rfMesh | zigbee */
  technology?: string;
  names?: NameValue[];
}

function endDeviceInfoElement(ns: string, i: EndDeviceInfoValue | undefined): XElement | undefined {
  if (!i) return undefined;
  const m = i.assetModel;
  return {
    ns,
    name: 'EndDeviceInfo',
    children: [
      leaf(ns, 'isSolidState', i.isSolidState),
      leaf(ns, 'phaseCount', i.phaseCount),
      leaf(ns, 'ratedCurrent', i.ratedCurrent),
      leaf(ns, 'ratedVoltage', i.ratedVoltage),
      m && {
        ns,
        name: 'AssetModel',
        children: [
          leaf(ns, 'corporateStandardKind', m.corporateStandardKind),
          leaf(ns, 'modelNumber', m.modelNumber),
          leaf(ns, 'modelVersion', m.modelVersion),
          leaf(ns, 'usageKind', m.usageKind),
          idOnlyElement(ns, 'Manufacturer', m.manufacturer),
        ],
      },
    ],
  };
}

/** the device element in profile order (§7.2 / §9.2) */
export function deviceElement(ns: string, name: 'Meter' | 'EndDevice', d: DeviceValue): XElement {
  return {
    ns,
    name,
    children: [
      leaf(ns, 'mRID', d.mRID),
      leaf(ns, 'amrSystem', d.amrSystem),
      leaf(ns, 'formNumber', d.formNumber),
      leaf(ns, 'initialCondition', d.initialCondition),
      leaf(ns, 'installCode', d.installCode),
      leaf(ns, 'isPan', d.isPan),
      leaf(ns, 'isVirtual', d.isVirtual),
      leaf(ns, 'lotNumber', d.lotNumber),
      leaf(ns, 'serialNumber', d.serialNumber),
      leaf(ns, 'timeZoneOffset', d.timeZoneOffset),
      leaf(ns, 'type', d.type),
      leaf(ns, 'utcNumber', d.utcNumber),
      configurationEventElement(ns, 'ConfigurationEvents', d.configurationEvent),
      electronicAddress(ns, d.electronicAddress),
      ...(d.functions ?? []).map((f) => refElement(ns, f.kind, f.ref)),
      endDeviceInfoElement(ns, d.endDeviceInfo),
      lifecycleElement(ns, d.lifecycle),
      ...(d.meterMultipliers ?? []).map(
        (m): XElement => ({
          ns,
          name: 'MeterMultipliers',
          children: [leaf(ns, 'mRID', m.mRID), leaf(ns, 'kind', m.kind), leaf(ns, 'value', m.value), ...namesElements(ns, m.names)],
        }),
      ),
      ...namesElements(ns, d.names),
      statusElement(ns, 'status', d.status),
    ],
  };
}

export function simpleEndDeviceFunctionElement(ns: string, f: SimpleEndDeviceFunctionValue): XElement {
  return {
    ns,
    name: 'SimpleEndDeviceFunction',
    children: [
      leaf(ns, 'mRID', f.mRID),
      leaf(ns, 'configID', f.configID),
      leaf(ns, 'enabled', f.enabled),
      leaf(ns, 'firmwareID', f.firmwareID),
      leaf(ns, 'hardwareID', f.hardwareID),
      leaf(ns, 'kind', f.kind),
      leaf(ns, 'programID', f.programID),
      ...namesElements(ns, f.names),
    ],
  };
}

export function comFunctionElement(ns: string, f: ComFunctionValue): XElement {
  return {
    ns,
    name: 'ComFunction',
    children: [
      leaf(ns, 'mRID', f.mRID),
      leaf(ns, 'amrAddress', f.amrAddress),
      leaf(ns, 'amrRouter', f.amrRouter),
      leaf(ns, 'configID', f.configID),
      leaf(ns, 'direction', f.direction),
      leaf(ns, 'enabled', f.enabled),
      leaf(ns, 'firmwareID', f.firmwareID),
      leaf(ns, 'hardwareID', f.hardwareID),
      leaf(ns, 'programID', f.programID),
      leaf(ns, 'technology', f.technology),
      ...namesElements(ns, f.names),
    ],
  };
}
