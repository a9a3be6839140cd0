/**
 * ComModuleConfig payload — no public schema (../shared/spec/payloads.md §13, assumption PAY-15): the
 * structure proposed by the ordering rule. Root children ComFunction*, ComModule*. Namespace
 * http://iec.ch/TC57/2011/ComModuleConfig# unless the profile says otherwise (PAY-15).
 */
import { leaf, type XElement } from '../../xml/index.ts';
import { profileNs } from '../../message/names.ts';
import { configurationEventElement, idOnlyElement, lifecycleElement, namesElements, refElement, statusElement, type ConfigurationEventValue, type IdOnlyValue, type LifecycleDateValue, type NameValue, type StatusValue } from './common.ts';
import { comFunctionElement, type ComFunctionValue } from './devices.ts';

export const CMC = profileNs('ComModuleConfig');

export interface ComModuleValue {
  mRID?: string;
  amrSystem?: string;
  lotNumber?: string;
  serialNumber?: string;
  supportsAutonomousDst?: boolean;
  timeZoneOffset?: number;
  type?: string;
  utcNumber?: string;
  /** references (mRID) to ComFunctions defined at the root */
  comFunctions?: string[];
  configurationEvent?: ConfigurationEventValue;
  endDevice?: IdOnlyValue;
  lifecycle?: LifecycleDateValue;
  names?: NameValue[];
  status?: StatusValue;
}

export interface ComModuleConfigValue {
  comFunctions?: ComFunctionValue[];
  comModules: ComModuleValue[];
}

export function buildComModuleConfig(v: ComModuleConfigValue, ns: string = CMC): XElement {
  return {
    ns,
    name: 'ComModuleConfig',
    children: [
      ...(v.comFunctions ?? []).map((f) => comFunctionElement(ns, f)),
      ...v.comModules.map(
        (c): XElement => ({
          ns,
          name: 'ComModule',
          children: [
            leaf(ns, 'mRID', c.mRID),
            leaf(ns, 'amrSystem', c.amrSystem),
            leaf(ns, 'lotNumber', c.lotNumber),
            leaf(ns, 'serialNumber', c.serialNumber),
            leaf(ns, 'supportsAutonomousDst', c.supportsAutonomousDst),
            leaf(ns, 'timeZoneOffset', c.timeZoneOffset),
            leaf(ns, 'type', c.type),
            leaf(ns, 'utcNumber', c.utcNumber),
            ...(c.comFunctions ?? []).map((r) => refElement(ns, 'ComFunctions', r)),
            configurationEventElement(ns, 'ConfigurationEvents', c.configurationEvent),
            idOnlyElement(ns, 'EndDevice', c.endDevice),
            lifecycleElement(ns, c.lifecycle),
            ...namesElements(ns, c.names),
            statusElement(ns, 'status', c.status),
          ],
        }),
      ),
    ],
  };
}
