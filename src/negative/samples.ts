/**
 * Valid base messages for every profile of a schema pack, built with the project's builders
 * (src/payloads, src/message): one rich payload per profile, wrapped the ways the packs define —
 * noun wrapper request / event / response, query wrapper request / response, OperationSet wrapper for
 * the config nouns, generic 61968-100 messages and SOAP. The negative generator mutates these; later
 * robustness scenarios can send them (or their mutants) to a SUT.
 *
 * The 2011 draft messages are the same trees with the envelope and wrapper namespaces moved to the draft
 * (`www.`) generation.
 */
import { buildEnvelope, headerChildren, M, soapEnvelope, type Header, type Message, type MessageKind } from '../message/index.ts';
import type { XElement } from '../xml/index.ts';
import { buildGetMeterReadings, buildMeterReadings } from '../payloads/meterReadings.ts';
import { buildEndDeviceEvents, buildGetEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { buildEndDeviceControls, buildGetEndDeviceControls, type EndDeviceControlsValue } from '../payloads/endDeviceControls.ts';
import { buildGetMeterReadSchedules, buildMeterReadSchedule, meterReadScheduleProfile, type MeterReadScheduleValue } from '../payloads/meterReadSchedules.ts';
import { buildEndDeviceGroups, buildGetEndDeviceGroups } from '../payloads/endDeviceGroups.ts';
import { buildGetUsagePointGroups, buildUsagePointGroups } from '../payloads/usagePointGroups.ts';
import { buildMeterConfig } from '../payloads/masterdata/meterConfig.ts';
import { buildEndDeviceConfig } from '../payloads/masterdata/endDeviceConfig.ts';
import { buildUsagePointConfig } from '../payloads/masterdata/usagePointConfig.ts';
import { buildUsagePointLocationConfig } from '../payloads/masterdata/usagePointLocationConfig.ts';
import { buildMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { buildComModuleConfig } from '../payloads/masterdata/comModuleConfig.ts';
import { buildGetConfig, type ConfigNoun } from '../payloads/masterdata/getConfig.ts';

export type SampleEdition = '2013' | '2024' | 'draft-2011';

export interface SampleMessage {
  /** e.g. "CreateMeterConfig", "GetMeterReadings", "generic EventMessage(EndDeviceEvents)" */
  label: string;
  noun: string;
  kind: MessageKind;
  tree: XElement;
}

const T0 = '2024-03-01T10:15:00Z';
const T1 = '2024-03-01T11:15:00Z';
const RT_REGISTER = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const RT_INTERVAL = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
const names = (n: string) => [{ name: n, nameType: { name: 'serial', description: 'manufacturer serial number', authority: { name: 'ACME', description: 'vendor' } } }];

// ------------------------------------------------------------------------------------------------
// one rich payload per profile

function meterReadings(): XElement {
  return buildMeterReadings({
    meterReadings: [
      {
        meter: { mRID: 'M-1001', names: ['MTR-0001'] },
        usagePoint: { mRID: 'UP-1001' },
        readings: [{ readingType: RT_REGISTER, value: '12345.6', timeStamp: T0, reason: 'inquiry', source: 'meter', qualities: [{ ref: '1.4.9', comment: 'estimated' }] }],
        intervalBlocks: [
          {
            readingType: RT_INTERVAL,
            readings: [
              { timeStamp: '2024-03-01T00:15:00Z', value: '1.25' },
              { timeStamp: '2024-03-01T00:30:00Z', value: '1.5', qualities: [{ ref: '2.5.259' }] },
            ],
          },
        ],
        valuesInterval: { start: '2024-03-01T00:00:00Z', end: '2024-03-01T00:30:00Z' },
      },
    ],
    readingTypes: [{ mRID: RT_REGISTER, name: 'Bulk forward energy kWh' }],
  });
}

function endDeviceEvents(): XElement {
  return buildEndDeviceEvents([
    {
      mRID: 'EV-1',
      createdDateTime: T0,
      eventType: '3.26.0.85',
      meter: 'M-1001',
      usagePoint: 'UP-1001',
      reason: 'power failure',
      severity: 'Alarm',
      details: [{ name: 'phase', value: 'A' }],
    },
  ]);
}

function endDeviceControlsValue(): EndDeviceControlsValue {
  return {
    controls: [
      {
        mRID: 'EDC-1',
        drProgramLevel: 2,
        drProgramMandatory: true,
        issuerID: 'CIS',
        issuerTrackingID: 'T-42',
        priceSignal: 0.25,
        reason: 'load shed',
        action: {
          kind: 'PanDemandResponse',
          avgLoadAdjustment: 10,
          cancelNow: false,
          command: 'shed',
          duration: 30,
          durationIndefinite: false,
          startDateTime: T0,
          appliance: { isWaterHeater: true, isElectricVehicle: false },
        },
        controlType: '3.31.0.23',
        endDevices: [{ mRID: 'M-1001', isPan: false, installCode: 'IC-1', electronicAddress: { mac: '00:11:22:33:44:55' }, names: [{ name: 'MTR-0001' }] }],
        primaryDeviceTiming: { duration: 15, durationIndefinite: false, randomisation: 'start', interval: { start: T0, end: T1 } },
        usagePoints: [{ mRID: 'UP-1001' }],
      },
    ],
    controlTypes: [{ mRID: '3.31.0.23', domain: '31', eventOrAction: '23', subDomain: '0', type: '3', names: [{ name: 'RemoteDisconnect' }] }],
  };
}

function meterReadScheduleValue(): MeterReadScheduleValue {
  return {
    endDevices: [{ mRID: 'M-1001', names: [{ name: 'MTR-0001' }] }],
    readingTypes: [{ mRID: RT_INTERVAL }],
    timeSchedules: [
      {
        disabled: false,
        offset: 0,
        recurrencePattern: 'daily',
        recurrencePeriod: 86400,
        scheduleInterval: { start: T0, end: '2024-04-01T00:00:00Z' },
        timePoints: [{ dateTime: T0, relativeTimeInterval: 900, sequenceNumber: 1, window: { start: T0, end: T1 } }],
      },
    ],
    usagePoints: [{ mRID: 'UP-1001' }],
  };
}

const configurationEvent = { createdDateTime: T0, effectiveDateTime: T0, reason: 'installation', names: [{ name: 'CE-1' }], status: { dateTime: T0, value: 'active' } };

function meterConfig(): XElement {
  return buildMeterConfig({
    comFunctions: [{ mRID: 'CF-1', amrAddress: '10.0.0.1', direction: 'biDirectional', enabled: true, technology: 'rfMesh', names: [{ name: 'radio' }] }],
    meters: [
      {
        mRID: 'M-1001',
        amrSystem: 'HES-1',
        formNumber: '2S',
        isVirtual: false,
        serialNumber: 'SN-0001',
        timeZoneOffset: 60,
        type: 'ELEC-3PH',
        configurationEvent,
        functions: [{ kind: 'ComFunction', ref: 'CF-1' }, { kind: 'SimpleEndDeviceFunction', ref: 'SF-1' }],
        endDeviceInfo: { isSolidState: true, phaseCount: 3, ratedCurrent: 60, ratedVoltage: 230, assetModel: { corporateStandardKind: 'standard', modelNumber: 'X1', usageKind: 'other', manufacturer: { names: [{ name: 'ACME' }] } } },
        lifecycle: { installationDate: '2024-03-01', manufacturedDate: '2023-11-15' },
        meterMultipliers: [{ kind: 'ctRatio', value: 40 }],
        names: names('SN-0001'),
        status: { dateTime: T0, value: 'installed' },
      },
    ],
    simpleEndDeviceFunctions: [{ mRID: 'SF-1', enabled: true, kind: 'electricMetering' }],
  });
}

function endDeviceConfig(): XElement {
  return buildEndDeviceConfig({
    endDevices: [
      {
        mRID: 'ED-1',
        amrSystem: 'HES-1',
        installCode: 'IC-77',
        isPan: true,
        isVirtual: false,
        serialNumber: 'SN-ED-1',
        timeZoneOffset: 60,
        type: 'IHD',
        configurationEvent,
        lifecycle: { installationDate: '2024-03-01' },
        names: [{ name: 'IHD-1' }],
      },
    ],
    simpleEndDeviceFunctions: [{ mRID: 'SF-2', enabled: false, kind: 'demandResponse' }],
  });
}

function usagePointConfig(): XElement {
  return buildUsagePointConfig({
    usagePoints: [
      {
        mRID: 'UP-1001',
        amiBillingReady: 'enabled',
        checkBilling: false,
        connectionState: 'connected',
        grounded: true,
        isSdp: true,
        isVirtual: false,
        nominalServiceVoltage: 230,
        phaseCode: 'ABCN',
        ratedCurrent: 60,
        ratedPower: 13.8,
        readCycle: 'monthly',
        configurationEvent,
        metrologyRequirements: [{ mRID: 'MR-1', reason: 'billing', readingTypes: [RT_REGISTER, RT_INTERVAL] }],
        names: [{ name: 'EAN 871234567890123456' }],
        serviceCategory: { kind: 'electricity' },
        serviceLocation: { mRID: 'SL-1' },
        usagePointLocation: { mRID: 'UPL-1' },
      },
    ],
  });
}

function usagePointLocationConfig(): XElement {
  return buildUsagePointLocationConfig({
    usagePointLocations: [
      {
        mRID: 'UPL-1',
        accessMethod: 'key at the front desk',
        type: 'service',
        mainAddress: { streetDetail: { name: 'Main Street', number: '1', withinTownLimits: true }, townDetail: { name: 'Arnhem', country: 'NL' } },
        names: [{ name: 'Site 1' }],
        positionPoints: [{ sequenceNumber: 1, xPosition: '5.9', yPosition: '51.98' }],
        status: { dateTime: T0, value: 'active' },
        usagePoints: [{ mRID: 'UP-1001' }],
      },
    ],
  });
}

function masterDataLinkageConfig(): XElement {
  return buildMasterDataLinkageConfig({
    configurationEvent: { createdDateTime: T0, effectiveDateTime: T0, reason: 'installation' },
    objects: { Meter: [{ mRID: 'M-1001' }], UsagePoint: [{ mRID: 'UP-1001' }], ServiceLocation: [{ names: [{ name: 'SL-1' }] }] },
  });
}

function comModuleConfig(): XElement {
  return buildComModuleConfig({
    comFunctions: [{ mRID: 'CF-9', enabled: true, technology: 'cellular' }],
    comModules: [
      {
        mRID: 'CM-1',
        amrSystem: 'HES-1',
        serialNumber: 'CM-SN-1',
        supportsAutonomousDst: true,
        timeZoneOffset: 0,
        comFunctions: ['CF-9'],
        configurationEvent,
        endDevice: { mRID: 'M-1001' },
        lifecycle: { installationDate: '2024-03-01' },
        names: [{ name: 'modem 1' }],
      },
    ],
  });
}

/** the payload root of a noun profile of an edition */
export function samplePayload(noun: string, edition: SampleEdition): XElement {
  const draft = edition === 'draft-2011';
  switch (noun) {
    case 'MeterReadings':
      return meterReadings();
    case 'EndDeviceEvents':
      return endDeviceEvents();
    case 'EndDeviceControls':
      return buildEndDeviceControls(endDeviceControlsValue(), { generation: draft ? 'draft' : 'final' });
    case 'MeterReadSchedule':
    case 'MeterReadSchedules':
      return buildMeterReadSchedule(meterReadScheduleValue(), edition);
    case 'MeterConfig':
      return meterConfig();
    case 'EndDeviceConfig':
      return endDeviceConfig();
    case 'UsagePointConfig':
      return usagePointConfig();
    case 'UsagePointLocationConfig':
      return usagePointLocationConfig();
    case 'MasterDataLinkageConfig':
      return masterDataLinkageConfig();
    case 'ComModuleConfig':
      return comModuleConfig();
    case 'EndDeviceGroups':
      return buildEndDeviceGroups([{ mRID: 'EDG-1', type: 'outage-area', endDevices: [{ mRID: 'M-1001' }, { mRID: 'M-1002' }], names: [{ name: 'Feeder 12' }] }]);
    case 'UsagePointGroups':
      return buildUsagePointGroups([{ mRID: 'UPG-1', type: 'program', names: [{ name: 'DR program A' }], usagePoints: [{ mRID: 'UP-1001' }] }]);
  }
  throw new Error(`no sample payload for ${noun}`);
}

/** the query profile root of a Get<Noun> */
export function sampleQuery(query: string): XElement {
  const window = { start: T0, end: T1 };
  switch (query) {
    case 'GetMeterReadings':
      return buildGetMeterReadings({ endDevices: ['M-1001'], usagePoints: ['UP-1001'], readingTypes: [RT_INTERVAL], timePeriod: window });
    case 'GetEndDeviceEvents':
      return buildGetEndDeviceEvents({ meters: ['M-1001'], start: T0, end: T1 });
    case 'GetEndDeviceControls':
      return buildGetEndDeviceControls({ endDevices: [{ mRID: 'M-1001' }], controls: [{ issuerTrackingID: 'T-42' }], windows: [window] });
    case 'GetMeterReadSchedules':
      return buildGetMeterReadSchedules({ endDevices: [{ mRID: 'M-1001' }], windows: [window] });
    case 'GetEndDeviceGroups':
      return buildGetEndDeviceGroups({ endDevices: [{ mRID: 'M-1001' }] });
    case 'GetUsagePointGroups':
      return buildGetUsagePointGroups({ usagePointGroups: [{ mRID: 'UPG-1' }] });
    case 'GetMeterConfig':
      return buildGetConfig('MeterConfig', { Meter: [{ mRID: 'M-1001' }], UsagePoint: [{ mRID: 'UP-1001' }] });
    case 'GetEndDeviceConfig':
      return buildGetConfig('EndDeviceConfig', { EndDevice: [{ mRID: 'ED-1' }] });
    case 'GetUsagePointConfig':
      return buildGetConfig('UsagePointConfig', { UsagePoint: [{ mRID: 'UP-1001' }] });
    case 'GetUsagePointLocationConfig':
      return buildGetConfig('UsagePointLocationConfig', { UsagePointLocation: [{ mRID: 'UPL-1' }] });
    case 'GetComModuleConfig':
      return buildGetConfig('ComModuleConfig' as ConfigNoun, { ComModule: [{ mRID: 'CM-1' }] });
  }
  throw new Error(`no sample query for ${query}`);
}

// ------------------------------------------------------------------------------------------------
// envelopes

const header = (verb: string, noun: string, extra: Partial<Header> = {}): Header => ({
  verb,
  noun,
  timestamp: T0,
  source: 'cim9-negative',
  asyncReplyFlag: false,
  messageId: 'b7f4a1d2-0c1e-4c55-9a7e-2d3f4e5a6b7c',
  correlationId: 'c-0001',
  ...extra,
});

/** the nouns of an edition with their query profile and whether they are config nouns (OperationSet wrapper) */
export function sampleNouns(edition: SampleEdition): { noun: string; query?: string; config: boolean }[] {
  if (edition === 'draft-2011') {
    return ['MeterReadings', 'EndDeviceEvents', 'EndDeviceControls', 'MeterReadSchedule'].map((noun) => ({ noun, config: false }));
  }
  const cfg = (noun: string, query?: string) => ({ noun, query, config: true });
  return [
    { noun: 'MeterReadings', query: 'GetMeterReadings', config: false },
    { noun: 'EndDeviceEvents', query: 'GetEndDeviceEvents', config: false },
    { noun: 'EndDeviceControls', query: 'GetEndDeviceControls', config: false },
    edition === '2024' ? { noun: meterReadScheduleProfile('2024'), query: 'GetMeterReadSchedules', config: false } : { noun: meterReadScheduleProfile('2013'), config: false },
    cfg('MeterConfig', 'GetMeterConfig'),
    cfg('EndDeviceConfig', 'GetEndDeviceConfig'),
    cfg('UsagePointConfig', 'GetUsagePointConfig'),
    cfg('UsagePointLocationConfig', 'GetUsagePointLocationConfig'),
    cfg('MasterDataLinkageConfig'),
    cfg('ComModuleConfig', 'GetComModuleConfig'),
    { noun: 'EndDeviceGroups', query: 'GetEndDeviceGroups', config: false },
    { noun: 'UsagePointGroups', query: 'GetUsagePointGroups', config: false },
  ];
}

/** the noun-specific OperationSet wrapper namespace (2015 templates, envelope.md §4.2) */
export const operationSetWrapperNs = (noun: string): string => `http://iec.ch/TC57/2015/${noun}OperationSetMessage`;

/** Execute<Noun>OperationSet with two operations on the noun's profile (UC-31: an element-level delete) */
export function operationSetMessage(noun: string, payload: XElement): XElement {
  const w = operationSetWrapperNs(noun);
  const op = (id: number, verb: string, elementOperation: boolean): XElement => ({
    ns: M,
    name: 'Operation',
    children: [
      { ns: M, name: 'operationId', text: String(id) },
      { ns: M, name: 'noun', text: noun },
      { ns: M, name: 'verb', text: verb },
      { ns: M, name: 'elementOperation', text: String(elementOperation) },
      payload,
    ],
  });
  return {
    ns: w,
    name: `Execute${noun}OperationSet`,
    children: [
      { ns: w, name: 'Header', children: headerChildren(header('execute', noun)) },
      {
        ns: w,
        name: 'Payload',
        children: [
          {
            ns: w,
            name: 'OperationSet',
            children: [{ ns: M, name: 'enforceMsgSequence', text: 'true' }, { ns: M, name: 'enforceTransactionalIntegrity', text: 'true' }, op(1, 'create', false), op(2, 'delete', true)],
          },
        ],
      },
    ],
  };
}

const DRAFT_BASE = 'http://www.iec.ch/TC57/2011/';
const FINAL_BASE = 'http://iec.ch/TC57/2011/';

/** move a final-generation envelope to the 2011 draft namespaces (message and wrappers with www.) */
export function toDraftNamespaces(e: XElement): XElement {
  const ns = e.ns === M ? `${DRAFT_BASE}schema/message` : e.ns.startsWith(FINAL_BASE) && e.ns.endsWith('Message') ? DRAFT_BASE + e.ns.slice(FINAL_BASE.length) : e.ns;
  return { ...e, ns, children: (e.children ?? []).filter((c): c is XElement => !!c).map(toDraftNamespaces) };
}

/**
 * The valid base messages of an edition: for every noun a Create request, a Created event and a
 * response with payload; for every query profile the Get request and its response; for the config
 * nouns an Execute<Noun>OperationSet; and generic / SOAP forms for MeterReadings and EndDeviceEvents.
 */
export function sampleMessages(edition: SampleEdition): SampleMessage[] {
  const draft = edition === 'draft-2011';
  const out: SampleMessage[] = [];
  const add = (label: string, noun: string, kind: MessageKind, tree: XElement) => out.push({ label, noun, kind, tree: draft ? toDraftNamespaces(tree) : tree });
  const build = (m: Message) => buildEnvelope(m);
  for (const { noun, query, config } of sampleNouns(edition)) {
    const root = samplePayload(noun, edition);
    add(`Create${noun}`, noun, 'request', build({ kind: 'request', header: header('create', noun, { replyAddress: 'http://127.0.0.1:9/reply', ackRequired: true }), payload: { root } }));
    add(`Created${noun}`, noun, 'event', build({ kind: 'event', header: header('created', noun), payload: { root, format: 'XML' } }));
    add(
      `${noun}ResponseMessage`,
      noun,
      'response',
      build({
        kind: 'response',
        query: false,
        header: header('reply', noun),
        reply: draft
          ? { result: 'PARTIAL', errors: [{ code: '2.4', level: 'WARNING', reason: 'one object unknown', operationId: 1 }] }
          : { result: 'PARTIAL', errors: [{ code: '2.4', level: 'WARNING', reason: 'one object unknown', xpath: 'Payload', id: { value: 'X-1', kind: 'name', objectType: 'Meter' }, operationId: 1 }], ids: [{ value: 'M-1001', kind: 'uuid' }] },
        payload: { root },
      }),
    );
    if (query) {
      add(
        query,
        noun,
        'request',
        build({
          kind: 'request',
          header: header('get', noun),
          request: { startTime: T0, endTime: T1, options: [{ name: 'includeQuality', value: 'true' }], ids: [{ value: 'M-1001' }], query: sampleQuery(query) },
        }),
      );
      add(`${query}Message/${noun}ResponseMessage`, noun, 'response', build({ kind: 'response', query: true, header: header('reply', noun), reply: { result: 'OK' }, payload: { root } }));
    }
    if (config) add(`Execute${noun}OperationSet`, noun, 'request', operationSetMessage(noun, root));
  }
  const mr = samplePayload('MeterReadings', edition);
  const ede = samplePayload('EndDeviceEvents', edition);
  add('generic RequestMessage(MeterReadings)', 'MeterReadings', 'request', build({ kind: 'request', form: 'generic', header: header('create', 'MeterReadings'), payload: { root: mr } }));
  add('generic EventMessage(EndDeviceEvents)', 'EndDeviceEvents', 'event', build({ kind: 'event', form: 'generic', header: header('created', 'EndDeviceEvents'), payload: { root: ede } }));
  add('SOAP 1.1 CreatedEndDeviceEvents', 'EndDeviceEvents', 'event', soapEnvelope(build({ kind: 'event', header: header('created', 'EndDeviceEvents'), payload: { root: ede } }), '1.1'));
  add('SOAP 1.2 MeterReadingsResponseMessage', 'MeterReadings', 'response', soapEnvelope(build({ kind: 'response', query: !draft, header: header('reply', 'MeterReadings'), reply: { result: 'OK' }, payload: { root: mr } }), '1.2'));
  return out;
}

