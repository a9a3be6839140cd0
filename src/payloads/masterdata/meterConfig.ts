/**
 * MeterConfig payload (../shared/spec/payloads.md §7): root children ComFunction*, ConnectDisconnectFunction*,
 * Meter*, ReadingType*, SimpleEndDeviceFunction*; no vendor extension (§15). Namespace
 * http://iec.ch/TC57/2011/MeterConfig# (◐).
 */
import type { XElement } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { comFunctionElement, deviceElement, simpleEndDeviceFunctionElement, type ComFunctionValue, type DeviceValue, type SimpleEndDeviceFunctionValue } from './devices.ts';

export const MC = profileNs('MeterConfig');

export type MeterValue = Omit<DeviceValue, 'installCode' | 'isPan'>;

export interface MeterConfigValue {
  comFunctions?: ComFunctionValue[];
  meters: MeterValue[];
  simpleEndDeviceFunctions?: SimpleEndDeviceFunctionValue[];
}

export function buildMeterConfig(v: MeterConfigValue): XElement {
  return {
    ns: MC,
    name: 'MeterConfig',
    children: [
      ...(v.comFunctions ?? []).map((f) => comFunctionElement(MC, f)),
      ...v.meters.map((m) => deviceElement(MC, 'Meter', m)),
      ...(v.simpleEndDeviceFunctions ?? []).map((f) => simpleEndDeviceFunctionElement(MC, f)),
    ],
  };
}
