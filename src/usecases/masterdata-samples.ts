/**
 * The master data the suite's systems of record send in the master-data scenarios, after the 2024 Annex J
 * sample titles (../shared/spec/use-cases.md §9.4): new objects with fresh identifiers (every scenario
 * creates its own, so scenarios never depend on each other or on data left by an earlier run), and the
 * changes the samples make. Built through src/payloads/masterdata; no XML here.
 */
import type { CustomerConfigNoun, CustomerObjectValue } from '../payloads/masterdata/customerConfig.ts';
import { randomUUID } from 'node:crypto';
import { nowTimestamp } from '../message/index.ts';
import type { ComFunctionValue, SimpleEndDeviceFunctionValue } from '../payloads/masterdata/devices.ts';
import type { MeterValue } from '../payloads/masterdata/meterConfig.ts';
import type { EndDeviceValue } from '../payloads/masterdata/endDeviceConfig.ts';
import type { UsagePointValue } from '../payloads/masterdata/usagePointConfig.ts';
import type { ComModuleValue } from '../payloads/masterdata/comModuleConfig.ts';
import type { UsagePointLocationValue } from '../payloads/masterdata/usagePointLocationConfig.ts';

const short = (id: string) => id.slice(0, 8).toUpperCase();

/** a new meter with its metrology function (Annex J "Create MeterConfig": serial number, type, lifecycle, asset model, function) */
export function newMeter(): { meter: MeterValue; functions: SimpleEndDeviceFunctionValue[] } {
  const mRID = randomUUID();
  const fn = randomUUID();
  const now = nowTimestamp();
  return {
    meter: {
      mRID,
      amrSystem: 'cim9-head-end',
      lotNumber: 'LOT-2024-07',
      serialNumber: `SN-${short(mRID)}`,
      type: 'ElectricityMeter',
      configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: 'installation' },
      functions: [{ kind: 'SimpleEndDeviceFunction', ref: fn }],
      endDeviceInfo: { isSolidState: true, phaseCount: 3, assetModel: { modelNumber: 'E350', modelVersion: '2.1', manufacturer: { names: [{ name: 'cim9 Metering' }] } } },
      lifecycle: { manufacturedDate: '2024-03-11', receivedDate: '2024-05-02' },
      names: [{ name: `MTR-${short(mRID)}`, nameType: { name: 'MeterNumber', authority: { name: 'cim9' } } }],
    },
    functions: [{ mRID: fn, enabled: true, kind: 'electricMetering' }],
  };
}

/** Annex J "Update MeterConfig: add MeterMultipliers, modify formNumber and ConfigurationEvent" */
export function meterChange(mRID: string): MeterValue {
  const now = nowTimestamp();
  return {
    mRID,
    formNumber: '16S',
    configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: 'multipliers added', modifiedBy: 'cim9 MAM' },
    meterMultipliers: [
      { mRID: randomUUID(), kind: 'ctRatio', value: 200 },
      { mRID: randomUUID(), kind: 'ptRatio', value: 1 },
    ],
  };
}

/** a new usage point (Annex J "Create UsagePointConfig": names, service category, phase code, connection state, metrology requirement) */
export function newUsagePoint(registerReadingType: string): UsagePointValue {
  const mRID = randomUUID();
  const now = nowTimestamp();
  return {
    mRID,
    connectionState: 'connected',
    isSdp: true,
    nominalServiceVoltage: 230,
    phaseCode: 'ABCN',
    readRoute: 'R-17',
    servicePriority: 'normal',
    configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: 'new connection' },
    metrologyRequirements: [{ reason: 'billing', readingTypes: [registerReadingType] }],
    names: [{ name: `UP-${short(mRID)}`, nameType: { name: 'EAN' } }],
    serviceCategory: { kind: 'electricity' },
  };
}

/** a reference to a pricing structure (tariff) as a UsagePoint names it (PricingStructures: mRID, code), a fresh mRID each time */
export function newPricingStructureRef(code: string): { mRID: string; code: string } {
  return { mRID: randomUUID(), code };
}

/** a usage point change: another read route and a reconnection */
export function usagePointChange(mRID: string): UsagePointValue {
  return { mRID, connectionState: 'logicallyDisconnected', readRoute: 'R-42' };
}

/** a new end device (a PAN in-home display) */
export function newEndDevice(): EndDeviceValue {
  const mRID = randomUUID();
  return {
    mRID,
    installCode: `IC-${short(mRID)}`,
    isPan: true,
    serialNumber: `ED-${short(mRID)}`,
    type: 'InHomeDisplay',
    lifecycle: { receivedDate: '2024-05-02' },
    names: [{ name: `IHD-${short(mRID)}` }],
  };
}

/** an end device change: a new status and configuration event */
export function endDeviceChange(mRID: string): EndDeviceValue {
  const now = nowTimestamp();
  return { mRID, configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: 'commissioned' }, status: { dateTime: now, value: 'commissioned' } };
}

/** a new communication module with its communication function */
export function newComModule(): { comModule: ComModuleValue; functions: ComFunctionValue[] } {
  const mRID = randomUUID();
  const fn = randomUUID();
  return {
    comModule: { mRID, amrSystem: 'cim9-head-end', serialNumber: `CM-${short(mRID)}`, type: 'PLC', comFunctions: [fn], names: [{ name: `COM-${short(mRID)}` }] },
    functions: [{ mRID: fn, amrAddress: `PLC-${short(fn)}`, direction: 'biDirectional', enabled: true, technology: 'plc' }],
  };
}

/** a communication module change: the module now handles daylight saving itself and has a new lot */
export function comModuleChange(mRID: string): ComModuleValue {
  return { mRID, lotNumber: 'LOT-2024-09', supportsAutonomousDst: true };
}

/** a new usage point location (address and position) */
export function newUsagePointLocation(): UsagePointLocationValue {
  const mRID = randomUUID();
  return {
    mRID,
    accessMethod: 'meter cupboard at the front door',
    type: 'service',
    mainAddress: { streetDetail: { name: 'Stationsplein', number: '12' }, townDetail: { code: '6811 KL', country: 'NL', name: 'Arnhem' } },
    names: [{ name: `LOC-${short(mRID)}` }],
    positionPoints: [{ sequenceNumber: 1, xPosition: '5.8987', yPosition: '51.9851' }],
  };
}

/** a usage point location change: another access method and a remark */
export function usagePointLocationChange(mRID: string): UsagePointLocationValue {
  return { mRID, accessMethod: 'key at the neighbour, number 14', remark: 'dog on the premises' };
}

/** an identifier no system of record ever sent (for negative scenarios when the profile names none) */
export function unknownId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

// ------------------------------------------------------------------------------------------------ MD-02 customer side (2013)

/**
 * A new object of one of the seven 2013 customer-side nouns (CIM9-279..285), as the CIS describes it: a fresh
 * mRID, a name and the attributes the reconstructed profile keeps (the kinds from the enumerations of the notes)
 */
export function newCustomerObject(noun: CustomerConfigNoun): CustomerObjectValue {
  const mRID = randomUUID();
  const names = [{ name: `${noun.replace(/Config$/, '').toUpperCase()}-${mRID.slice(0, 8)}` }];
  return { mRID, names, fields: CUSTOMER_FIELDS[noun] };
}

const CUSTOMER_FIELDS: Record<CustomerConfigNoun, Record<string, string>> = {
  ServiceSupplierConfig: { issuerIdentificationNumber: '8712423000001', kind: 'retailer' },
  CustomerConfig: { kind: 'residential', locale: 'nl-NL', vip: 'false' },
  CustomerAgreementConfig: { loadMgmt: 'none', signDate: '2026-01-15', type: 'standard supply' },
  CustomerAccountConfig: { billingCycle: 'monthly', budgetBill: 'yes', type: 'residential' },
  ServiceCategoryConfig: { kind: 'electricity' },
  ServiceLocationConfig: { accessMethod: 'meter cupboard at the front door', needsInspection: 'false', type: 'residential' },
  PricingStructureConfig: { code: 'E-RES-1', dailyCeilingUsage: '60', taxExemption: 'false', type: 'residential tariff' },
};

/** the canned change of each customer-side noun: every attribute it keeps gets another value */
export function customerObjectChange(noun: CustomerConfigNoun, mRID: string): CustomerObjectValue {
  const changed: Record<CustomerConfigNoun, Record<string, string>> = {
    ServiceSupplierConfig: { kind: 'utility' },
    CustomerConfig: { kind: 'commercialIndustrial', vip: 'true' },
    CustomerAgreementConfig: { loadMgmt: 'interruptible' },
    CustomerAccountConfig: { billingCycle: 'quarterly' },
    ServiceCategoryConfig: { kind: 'gas' },
    ServiceLocationConfig: { accessMethod: 'key at the neighbour, number 14', siteAccessProblem: 'dog on the premises' },
    PricingStructureConfig: { code: 'E-RES-2', dailyCeilingUsage: '80' },
  };
  return { mRID, fields: changed[noun] };
}
