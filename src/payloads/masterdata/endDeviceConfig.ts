/**
 * EndDeviceConfig payload (../shared/spec/payloads.md §9): root children ComFunction*,
 * ConnectDisconnectFunction*, EndDevice*, ReadingType*, SimpleEndDeviceFunction*. Namespace
 * http://iec.ch/TC57/2011/EndDeviceConfig# (◐).
 */
import { child, children, childText, type XElement, type XNode } from '../../xml/index.ts';
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

/** an EndDevice of EndDeviceConfig as read: what a PAN device's creation carries (PAN-01) */
export interface ReadEndDevice {
  mRID?: string;
  installCode?: string;
  isPan?: boolean;
  mac?: string;
  /** Names, each with its NameType's name when it has one */
  names: { name: string; nameType?: string }[];
  node: XNode;
}

/** the EndDevices of an EndDeviceConfig payload */
export function readEndDevices(root: XNode): ReadEndDevice[] {
  return children(root, root.ns, 'EndDevice').map((d) => {
    const ns = d.ns;
    const isPan = childText(d, ns, 'isPan')?.trim();
    const address = child(d, ns, 'electronicAddress');
    return {
      mRID: childText(d, ns, 'mRID'),
      installCode: childText(d, ns, 'installCode'),
      isPan: isPan === undefined ? undefined : isPan === 'true' || isPan === '1',
      mac: address ? childText(address, ns, 'mac') : undefined,
      names: children(d, ns, 'Names').map((n) => {
        const type = child(n, ns, 'NameType');
        return { name: childText(n, ns, 'name') ?? '', nameType: type ? childText(type, ns, 'name') : undefined };
      }),
      node: d,
    };
  });
}
