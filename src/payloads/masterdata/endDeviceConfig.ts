/**
 * EndDeviceConfig payload (../shared/spec/payloads.md §9): root children ComFunction*,
 * ConnectDisconnectFunction*, EndDevice*, ReadingType*, SimpleEndDeviceFunction*. Namespace
 * http://iec.ch/TC57/2011/EndDeviceConfig# (◐).
 */
import type { XElement } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { comFunctionElement, deviceElement, simpleEndDeviceFunctionElement, type ComFunctionValue, type DeviceValue, type SimpleEndDeviceFunctionValue } from './devices.ts';

export const EDC = profileNs('EndDeviceConfig');

export type EndDeviceValue = Omit<DeviceValue, 'formNumber' | 'meterMultipliers'>;

export interface EndDeviceConfigValue {
  comFunctions?: ComFunctionValue[];
  endDevices: EndDeviceValue[];
  simpleEndDeviceFunctions?: SimpleEndDeviceFunctionValue[];
}

export function buildEndDeviceConfig(v: EndDeviceConfigValue): XElement {
  return {
    ns: EDC,
    name: 'EndDeviceConfig',
    children: [
      ...(v.comFunctions ?? []).map((f) => comFunctionElement(EDC, f)),
      ...v.endDevices.map((d) => deviceElement(EDC, 'EndDevice', d)),
      ...(v.simpleEndDeviceFunctions ?? []).map((f) => simpleEndDeviceFunctionElement(EDC, f)),
    ],
  };
}
