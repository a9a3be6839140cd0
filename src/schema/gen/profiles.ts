/**
 * The payload profiles of the project's schema packs, transcribed from ../shared/spec/payloads.md
 * (element order, cardinality, types) — our own reading of those tables, never a copy of a schema.
 *
 * Generations:
 *   - 'final'  IEC 61968-9:2013 profiles (and, by assumption PAY-03, the 2024 ones: same namespaces)
 *   - 'draft'  the 2011 draft (column D of payloads.md) for the draft-2011 pack
 * Rows marked X (vendor extensions, payloads.md §15) are never included.
 */
import {
  choice,
  complex,
  enumeration,
  idOnly,
  many,
  MSG_HEADER,
  opt,
  REF,
  req,
  some,
  strings,
  typeTable,
  type ComplexDef,
  type Confidence,
  type ElementField,
  type ProfileDef,
  type TypeDef,
} from './model.ts';

export type Generation = 'final' | 'draft';
export type PackEdition = '2013' | '2024' | 'draft-2011';

const P = 'payloads.md';

// ------------------------------------------------------------------------------- §0.4 shared types

const NAME_TYPES: TypeDef[] = [
  complex('Name', `${P} §0.4`, req('name'), opt('NameType', 'NameType')),
  // description before name (alphabetical), unlike the envelope's own NameType (envelope.md §3.14)
  complex('NameType', `${P} §0.4`, opt('description'), req('name'), opt('NameTypeAuthority', 'NameTypeAuthority')),
  complex('NameTypeAuthority', `${P} §0.4`, opt('description'), req('name')),
];

const STATUS = complex('Status', `${P} §0.4`, opt('dateTime', 'dateTime'), ...strings('reason', 'remark', 'value'));
const DTI = complex('DateTimeInterval', `${P} §0.4 (end before start)`, opt('end', 'dateTime'), opt('start', 'dateTime'));
const RATIONAL = complex('RationalNumber', `${P} §0.4`, req('denominator', 'integer'), req('numerator', 'integer'));
const INTERHARMONIC = complex('ReadingInterharmonic', `${P} §0.4`, req('denominator', 'integer'), req('numerator', 'integer'));
const CONFIGURATION_EVENT = complex(
  'ConfigurationEvent',
  `${P} §0.4`,
  opt('mRID'),
  opt('createdDateTime', 'dateTime'),
  opt('effectiveDateTime', 'dateTime'),
  ...strings('modifiedBy', 'reason', 'remark', 'severity', 'type'),
  many('Names', 'Name'),
  opt('status', 'Status'),
);

const READING_REASON = enumeration('ReadingReasonKind', `${P} §0.4`, [
  'billing', 'demandReset', 'inquiry', 'installation', 'loadManagement', 'loadResearch', 'moveIn', 'moveOut', 'other',
  'removal', 'serviceConnect', 'serviceDisconnect',
]);
const CUSTOMER_KIND = enumeration('CustomerKind', `${P} §4`, [
  'commercialIndustrial', 'energyServiceScheduler', 'energyServiceSupplier', 'internalUse', 'other', 'pumpingLoad', 'residential',
  'residentialAndCommercial', 'residentialAndStreetlight', 'residentialFarmService', 'residentialStreetlightOthers', 'windMachine',
]);
const SERVICE_KIND = enumeration('ServiceKind', `${P} §4`, [
  'electricity', 'gas', 'heat', 'internet', 'other', 'rates', 'refuse', 'sewerage', 'time', 'tvLicence', 'water',
]);

const SHARED: TypeDef[] = [...NAME_TYPES, STATUS, DTI, RATIONAL, INTERHARMONIC, READING_REASON];

/** ReadingType, payloads.md §1.9: alphabetical children, not the order of the 18 code fields */
function readingType(gen: Generation): ComplexDef {
  return complex(
    'ReadingType',
    `${P} §1.9`,
    opt('mRID'),
    ...strings('accumulation', 'aggregate', 'commodity'),
    opt('consumptionTier', 'integer'),
    opt('cpp', 'integer'),
    ...strings('currency', 'flowDirection', 'macroPeriod', 'measurementKind', 'measuringPeriod', 'multiplier', 'phases'),
    opt('tou', 'integer'),
    opt('unit'),
    opt('argument', 'RationalNumber'),
    opt('interharmonic', 'ReadingInterharmonic'),
    gen === 'draft' ? req('Names', 'Name') : some('Names', 'Name'),
  );
}

const customer = complex('Customer', `${P} §4.1`, opt('mRID'), opt('kind', 'CustomerKind'), many('Names', 'Name'));
const serviceCategory = complex('ServiceCategory', `${P} §4.1, §10.2`, opt('mRID'), opt('kind', 'ServiceKind'), many('Names', 'Name'));
const querySchedule = complex('TimeSchedule', `${P} §2.1, §4.1 (query form)`, req('scheduleInterval', 'DateTimeInterval'));

// ------------------------------------------------------------------------------- §3 EndDeviceEvents

function endDeviceEventTypes(gen: Generation): TypeDef[] {
  return [
    complex(
      'EndDeviceEvent',
      `${P} §3.2`,
      opt('mRID'),
      req('createdDateTime', 'dateTime'),
      ...strings('issuerID', 'issuerTrackingID', 'reason', 'severity', 'userID'),
      opt('Assets', 'Asset'),
      many('EndDeviceEventDetails', 'EndDeviceEventDetail'),
      req('EndDeviceEventType', REF),
      many('Names', 'Name'),
      opt('status', 'Status'),
      opt('UsagePoint', 'UsagePoint'),
    ),
    complex('EndDeviceEventDetail', `${P} §3.3`, req('name'), opt('value')),
    complex(
      'EndDeviceEventType',
      `${P} §3.4`,
      opt('mRID'),
      ...strings('domain', 'eventOrAction', 'subDomain', 'type'),
      gen === 'draft' ? req('Names', 'Name') : some('Names', 'Name'),
    ),
    idOnly('Asset'),
    idOnly('UsagePoint'),
  ];
}

// ------------------------------------------------------------------------------- §1 MeterReadings

function meterReadings(gen: Generation): ProfileDef {
  const value = gen === 'draft' ? 'float' : 'string';
  return {
    name: 'MeterReadings',
    root: 'MeterReadings',
    confidence: 'verified',
    sources: [
      `${P} §0.2 (namespace, conventions, references)`,
      `${P} §0.4 (Name, NameType, NameTypeAuthority, Status, DateTimeInterval, RationalNumber, ReadingInterharmonic, ReadingReasonKind, identification-only types)`,
      `${P} §1.1-§1.12 (element order and cardinality)${gen === 'draft' ? ', §1.13 (draft differences)' : ''}`,
      `${P} §3.2-§3.4 (EndDeviceEvent, EndDeviceEventDetail, EndDeviceEventType, used inside MeterReadings per §1.10/§1.11)`,
    ],
    assumptions:
      gen === 'draft'
        ? [
            'Draft (column D) cardinalities: Names 1..1 in ReadingType, ReadingQualityType and EndDeviceEventType.',
            'value is xs:float (PAY-05, draft generation).',
            'The draft\'s named UsagePoint type (mRID 1..1, Names 1..*) is not used: the notes do not say which element uses it, so the inline identification-only form (0..1 / 0..*) is used everywhere.',
          ]
        : [
            'Final (2013, column C) cardinalities: Names 1..* in ReadingType, ReadingQualityType and EndDeviceEventType.',
            'value is xs:string (PAY-05, final generation; the draft used xs:float).',
          ],
    types: typeTable(SHARED, endDeviceEventTypes(gen), readingType(gen), [
      complex(
        'MeterReadings',
        `${P} §1.1`,
        many('EndDeviceEventType', 'EndDeviceEventType'),
        many('MeterReading', 'MeterReading'),
        many('ReadingQualityType', 'ReadingQualityType'),
        many('ReadingType', 'ReadingType'),
      ),
      complex(
        'MeterReading',
        `${P} §1.2`,
        opt('isCoincidentTrigger', 'boolean'),
        many('EndDeviceEvents', 'EndDeviceEvent'),
        many('IntervalBlocks', 'IntervalBlock'),
        opt('Meter', 'Meter'),
        many('Readings', 'Reading'),
        opt('UsagePoint', 'UsagePoint'),
        opt('valuesInterval', 'DateTimeInterval'),
      ),
      complex('IntervalBlock', `${P} §1.3`, many('IntervalReadings', 'IntervalReading'), opt('PendingCalculation', 'PendingCalculation'), req('ReadingType', REF)),
      complex(
        'IntervalReading',
        `${P} §1.4`,
        opt('reportedDateTime', 'dateTime'),
        opt('source'),
        opt('timeStamp', 'dateTime'),
        opt('value', value),
        many('ReadingQualities', 'ReadingQuality'),
        opt('timePeriod', 'DateTimeInterval'),
      ),
      complex(
        'PendingCalculation',
        `${P} §1.5`,
        opt('multiplyBeforeAdd', 'boolean'),
        opt('offset', 'integer'),
        opt('scalarDenominator', 'integer'),
        opt('scalarFloat', 'float'),
        opt('scalarNumerator', 'integer'),
        req('ReadingType', REF),
      ),
      complex(
        'Reading',
        `${P} §1.6`,
        opt('reason', 'ReadingReasonKind'),
        opt('reportedDateTime', 'dateTime'),
        opt('source'),
        opt('timeStamp', 'dateTime'),
        opt('value', value),
        many('ReadingQualities', 'ReadingQuality'),
        req('ReadingType', REF),
        opt('timePeriod', 'DateTimeInterval'),
      ),
      complex('ReadingQuality', `${P} §1.7`, opt('comment'), opt('source'), opt('timeStamp', 'dateTime'), req('ReadingQualityType', REF)),
      complex(
        'ReadingQualityType',
        `${P} §1.8`,
        ...strings('mRID', 'category', 'subCategory', 'systemId'),
        gen === 'draft' ? req('Names', 'Name') : some('Names', 'Name'),
      ),
      complex('Meter', `${P} §1.12 (serialNumber is a vendor extension, left out)`, opt('mRID'), many('Names', 'Name'), opt('status', 'Status')),
    ]),
  };
}

function getMeterReadings(): ProfileDef {
  return {
    name: 'GetMeterReadings',
    root: 'GetMeterReadings',
    confidence: 'vendor-observed',
    sources: [`${P} §0.2, §0.4`, `${P} §2.1-§2.4 (root, EndDevice/Meter, MeterReadings and Reading query forms, ReadingQuality)`],
    assumptions: [
      'The notes mark this profile ◐ (one vendor source); the vendor rows marked X (serialNumber, scheduleStrategy, connectionMethod, dataSource) are left out.',
      'The query form of MeterReadings is typed MeterReading (it models CIM MeterReading, §2.3).',
    ],
    types: typeTable(SHARED, [
      complex(
        'GetMeterReadings',
        `${P} §2.1`,
        many('EndDevice', 'EndDevice'),
        many('EndDeviceGroup', 'EndDeviceGroup'),
        opt('MeterReadings', 'MeterReading'),
        many('Reading', 'Reading'),
        many('ReadingQuality', 'ReadingQuality'),
        many('ReadingType', 'ReadingType'),
        many('TimeSchedule', 'TimeSchedule'),
        many('TransformerTank', 'TransformerTank'),
        many('UsagePoint', 'UsagePoint'),
        many('UsagePointGroup', 'UsagePointGroup'),
      ),
      idOnly('EndDevice', `${P} §2.2`),
      idOnly('Meter', `${P} §2.2`),
      complex(
        'MeterReading',
        `${P} §2.3`,
        opt('isCoincidentTrigger', 'boolean'),
        opt('EndDeviceEvents', 'EndDeviceEvent'),
        opt('Meter', 'Meter'),
        opt('Readings', 'CoincidentReading'),
        opt('UsagePoint', 'UsagePoint'),
      ),
      complex('EndDeviceEvent', `${P} §2.3`, req('EndDeviceEventType', 'EndDeviceEventType')),
      idOnly('EndDeviceEventType', `${P} §2.3`),
      complex('CoincidentReading', `${P} §2.3`, opt('reason', 'ReadingReasonKind'), opt('source'), req('ReadingType', 'ReadingType'), opt('timePeriod', 'DateTimeInterval')),
      complex('Reading', `${P} §2.4`, opt('reason', 'ReadingReasonKind'), opt('source'), opt('timePeriod', 'DateTimeInterval')),
      complex('ReadingQuality', `${P} §2.4`, req('ReadingQualityType', 'ReadingQualityType')),
      idOnly('ReadingQualityType', `${P} §2.4`),
      idOnly('ReadingType', `${P} §2.1 (query form)`),
      querySchedule,
      idOnly('EndDeviceGroup'),
      idOnly('TransformerTank'),
      idOnly('UsagePoint'),
      idOnly('UsagePointGroup'),
    ]),
  };
}

function endDeviceEvents(gen: Generation): ProfileDef {
  return {
    name: 'EndDeviceEvents',
    root: 'EndDeviceEvents',
    confidence: 'verified',
    sources: [`${P} §0.2, §0.4`, `${P} §3.1-§3.4 (root, EndDeviceEvent, EndDeviceEventDetail, EndDeviceEventType)`],
    assumptions:
      gen === 'draft'
        ? [
            'Draft (column D): EndDeviceEventType/Names 1..1.',
            'The draft\'s inline copies (EndDeviceEventDetail, Status, UsagePoint) are written as named types of the same content; UsagePoint is identification-only (0..1 / 0..*).',
          ]
        : ['Final (columns S and C): EndDeviceEventType/Names 1..*; the vendor Asset/serialNumber (X) is left out.'],
    types: typeTable(SHARED, endDeviceEventTypes(gen), [
      complex('EndDeviceEvents', `${P} §3.1`, many('EndDeviceEvent', 'EndDeviceEvent'), many('EndDeviceEventType', 'EndDeviceEventType')),
    ]),
  };
}

function getEndDeviceEvents(): ProfileDef {
  return {
    name: 'GetEndDeviceEvents',
    root: 'GetEndDeviceEvents',
    confidence: 'vendor-observed',
    sources: [`${P} §0.2, §0.4`, `${P} §4.1 (root, older vendor shape), §4.2 (EndDeviceEvent filter form), §4 (CustomerKind, ServiceKind)`],
    assumptions: [
      'The older vendor shape of §4.1 is built (PAY-07 default); the newer vendor shape is not described by this schema.',
      'Customer and ServiceCategory: mRID 0..1, kind 0..1, Names 0..* (CIMTool order, §0.3).',
    ],
    types: typeTable(SHARED, CUSTOMER_KIND, SERVICE_KIND, [
      complex(
        'GetEndDeviceEvents',
        `${P} §4.1`,
        many('Customer', 'Customer'),
        many('CustomerAccount', 'CustomerAccount'),
        many('CustomerAgreement', 'CustomerAgreement'),
        many('EndDeviceEvent', 'EndDeviceEvent'),
        many('EndDeviceEventType', 'EndDeviceEventType'),
        many('EndDeviceGroup', 'EndDeviceGroup'),
        many('Meter', 'Meter'),
        many('ServiceCategory', 'ServiceCategory'),
        many('ServiceLocation', 'ServiceLocation'),
        many('TimeSchedule', 'TimeSchedule'),
        many('UsagePoint', 'UsagePoint'),
        many('UsagePointGroup', 'UsagePointGroup'),
      ),
      customer,
      serviceCategory,
      complex('EndDeviceEvent', `${P} §4.2`, ...strings('mRID', 'issuerID', 'issuerTrackingID', 'reason', 'severity'), many('Names', 'Name')),
      idOnly('EndDeviceEventType', `${P} §4.1`),
      querySchedule,
      ...['CustomerAccount', 'CustomerAgreement', 'EndDeviceGroup', 'Meter', 'ServiceLocation', 'UsagePoint', 'UsagePointGroup'].map((n) => idOnly(n)),
    ]),
  };
}

// ------------------------------------------------------------------------------- §5 EndDeviceControls

function endDeviceControls(gen: Generation): ProfileDef {
  const draft = gen === 'draft';
  // §5.9 / PAY-08: the draft puts the four EndDeviceAction base elements first
  const base = [opt('command'), opt('duration', 'float'), opt('durationIndefinite', 'boolean'), opt('startDateTime', 'dateTime')];
  const panDemandResponse = draft
    ? complex(
        'PanDemandResponse',
        `${P} §5.5, §5.9 (draft order)`,
        ...base,
        opt('avgLoadAdjustment', 'float'),
        opt('cancelControlMode'),
        opt('cancelDateTime', 'dateTime'),
        opt('cancelNow', 'boolean'),
        opt('coolingOffset', 'float'),
        opt('coolingSetpoint', 'float'),
        opt('criticalityLevel'),
        opt('dutyCycle', 'float'),
        opt('enrollmentGroup'),
        opt('heatingOffset', 'float'),
        opt('heatingSetpoint', 'float'),
        opt('appliance', 'ControlledAppliance'),
      )
    : complex(
        'PanDemandResponse',
        `${P} §5.5 (2013 flattened order)`,
        opt('avgLoadAdjustment', 'float'),
        opt('cancelControlMode'),
        opt('cancelDateTime', 'dateTime'),
        opt('cancelNow', 'boolean'),
        opt('command'),
        opt('coolingOffset', 'float'),
        opt('coolingSetpoint', 'float'),
        opt('criticalityLevel'),
        opt('duration', 'float'),
        opt('durationIndefinite', 'boolean'),
        opt('dutyCycle', 'float'),
        opt('enrollmentGroup'),
        opt('heatingOffset', 'float'),
        opt('heatingSetpoint', 'float'),
        opt('startDateTime', 'dateTime'),
        opt('appliance', 'ControlledAppliance'),
      );
  const panDisplay = draft
    ? complex(
        'PanDisplay',
        `${P} §5.6, §5.9 (draft order)`,
        ...base,
        opt('confirmationRequired', 'boolean'),
        opt('priority'),
        opt('textMessage'),
        opt('transmissionMode', 'TransmissionModeKind'),
      )
    : complex(
        'PanDisplay',
        `${P} §5.6`,
        opt('command'),
        opt('confirmationRequired', 'boolean'),
        opt('duration', 'float'),
        opt('durationIndefinite', 'boolean'),
        opt('priority'),
        opt('startDateTime', 'dateTime'),
        opt('textMessage'),
        opt('transmissionMode', 'TransmissionModeKind'),
      );
  const panPricing = draft
    ? complex('PanPricing', `${P} §5.7, §5.9 (draft order)`, ...base, opt('providerID', 'integer'), many('PanPricingDetails', 'PanPricingDetail'))
    : complex(
        'PanPricing',
        `${P} §5.7`,
        opt('command'),
        opt('duration', 'float'),
        opt('durationIndefinite', 'boolean'),
        opt('providerID', 'integer'),
        opt('startDateTime', 'dateTime'),
        many('PanPricingDetails', 'PanPricingDetail'),
      );
  return {
    name: 'EndDeviceControls',
    root: 'EndDeviceControls',
    confidence: 'verified',
    sources: [`${P} §0.2, §0.4`, `${P} §5.1-§5.8 (root, EndDeviceControl, EndDevice, ElectronicAddress, EndDeviceTiming, PAN actions, EndDeviceControlType)${draft ? ', §5.9 (draft order)' : ''}`],
    assumptions: [
      'The EndDeviceControl.EndDeviceAction association is a choice of PanDemandResponse | PanDisplay | PanPricing (0..1), as in §5.2; there is no plain EndDeviceAction element.',
      draft
        ? 'PAY-08 (by generation): draft order, the EndDeviceAction base elements command, duration, durationIndefinite, startDateTime first.'
        : 'PAY-08 (by generation): final order, flattened alphabetical PAN action elements.',
      draft
        ? 'Draft (column D): EndDevice has only mRID and Names; EndDeviceControlType/Names 1..1 (the draft typed it as an empty reference element; written here as Name).'
        : 'The vendor rows marked X (EndDevice/serialNumber, scheduleStrategy, EndDeviceControlAttribute) are left out.',
      'Minutes, PerCent, Temperature and FloatQuantity are xs:float, Money xs:decimal (§0.2).',
    ],
    types: typeTable(SHARED, [
      complex('EndDeviceControls', `${P} §5.1`, many('EndDeviceControl', 'EndDeviceControl'), many('EndDeviceControlType', 'EndDeviceControlType')),
      complex(
        'EndDeviceControl',
        `${P} §5.2`,
        opt('mRID'),
        opt('drProgramLevel', 'integer'),
        opt('drProgramMandatory', 'boolean'),
        opt('issuerID'),
        opt('issuerTrackingID'),
        opt('priceSignal', 'float'),
        opt('reason'),
        choice('0..1', req('PanDemandResponse', 'PanDemandResponse'), req('PanDisplay', 'PanDisplay'), req('PanPricing', 'PanPricing')),
        req('EndDeviceControlType', REF),
        many('EndDeviceGroups', 'EndDeviceGroup'),
        many('EndDevices', 'EndDevice'),
        opt('primaryDeviceTiming', 'EndDeviceTiming'),
        opt('secondaryDeviceTiming', 'EndDeviceTiming'),
        many('UsagePointGroups', 'UsagePointGroup'),
        many('UsagePoints', 'UsagePoint'),
      ),
      draft
        ? idOnly('EndDevice', `${P} §5.3 (draft: mRID and Names only)`)
        : complex('EndDevice', `${P} §5.3`, opt('mRID'), opt('installCode'), opt('isPan', 'boolean'), opt('electronicAddress', 'ElectronicAddress'), many('Names', 'Name')),
      ELECTRONIC_ADDRESS,
      complex(
        'EndDeviceTiming',
        `${P} §5.4`,
        opt('duration', 'float'),
        opt('durationIndefinite', 'boolean'),
        opt('randomisation', 'RandomisationKind'),
        opt('interval', 'DateTimeInterval'),
      ),
      enumeration('RandomisationKind', `${P} §5.4`, ['default', 'end', 'none', 'start', 'startAndEnd']),
      panDemandResponse,
      complex(
        'ControlledAppliance',
        `${P} §5.5`,
        ...[
          'isElectricVehicle', 'isExteriorLighting', 'isGenerationSystem', 'isHvacCompressorOrFurnace', 'isInteriorLighting', 'isIrrigationPump',
          'isManagedCommercialIndustrialLoad', 'isPoolPumpSpaJacuzzi', 'isSimpleMiscLoad', 'isSmartAppliance', 'isStripAndBaseboardHeater',
          'isWaterHeater',
        ].map((n) => opt(n, 'boolean')),
      ),
      panDisplay,
      enumeration('TransmissionModeKind', `${P} §5.6`, ['anonymous', 'both', 'normal']),
      panPricing,
      complex(
        'PanPricingDetail',
        `${P} §5.7`,
        opt('alternateCostDelivered', 'float'),
        opt('alternateCostUnit'),
        opt('currentTimeDate', 'dateTime'),
        opt('generationPrice', 'decimal'),
        opt('generationPriceRatio', 'float'),
        opt('price', 'decimal'),
        opt('priceRatio', 'float'),
        opt('priceTier', 'integer'),
        opt('priceTierCount', 'integer'),
        opt('priceTierLabel'),
        opt('rateLabel'),
        opt('registerTier'),
        opt('unitOfMeasure'),
      ),
      complex(
        'EndDeviceControlType',
        `${P} §5.8`,
        opt('mRID'),
        ...strings('domain', 'eventOrAction', 'subDomain', 'type'),
        draft ? req('Names', 'Name') : some('Names', 'Name'),
      ),
      idOnly('EndDeviceGroup'),
      idOnly('UsagePointGroup'),
      idOnly('UsagePoint'),
    ]),
  };
}

const ELECTRONIC_ADDRESS = complex('ElectronicAddress', `${P} §5.3`, ...strings('email1', 'email2', 'lan', 'mac', 'password', 'radio', 'userID', 'web'));

/** proposed query profiles (no public schema; PAY-01 ordering rule) */
const PROPOSED = [
  'No public schema: the structure is proposed by the project from the profile name, the CIM classes it queries and the pattern of the published query profiles (GetMeterConfig §8, GetEndDeviceEvents §4.1); the element order follows the CIMTool rule of §0.3 (PAY-01: order violations are warnings by default).',
];

function getEndDeviceControls(): ProfileDef {
  return {
    name: 'GetEndDeviceControls',
    root: 'GetEndDeviceControls',
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.4, §0.5 (inventory: GetEndDeviceControls, 2024)`, `${P} §4.1-§4.2 and §5.2 (pattern of the filter forms)`],
    assumptions: [...PROPOSED, 'EndDeviceControl filter form: mRID, issuerID, issuerTrackingID, reason, Names (as the EndDeviceEvent filter of §4.2).'],
    lenientOrder: ['PAY-01'],
    types: typeTable(SHARED, [
      complex(
        'GetEndDeviceControls',
        'proposed',
        many('EndDevice', 'EndDevice'),
        many('EndDeviceControl', 'EndDeviceControl'),
        many('EndDeviceControlType', 'EndDeviceControlType'),
        many('EndDeviceGroup', 'EndDeviceGroup'),
        many('TimeSchedule', 'TimeSchedule'),
        many('UsagePoint', 'UsagePoint'),
        many('UsagePointGroup', 'UsagePointGroup'),
      ),
      complex('EndDeviceControl', 'proposed', ...strings('mRID', 'issuerID', 'issuerTrackingID', 'reason'), many('Names', 'Name')),
      querySchedule,
      ...['EndDevice', 'EndDeviceControlType', 'EndDeviceGroup', 'UsagePoint', 'UsagePointGroup'].map((n) => idOnly(n)),
    ]),
  };
}

// ------------------------------------------------------------------------------- §6 MeterReadSchedule(s)

function meterReadSchedule(edition: PackEdition): ProfileDef {
  const plural = edition === '2024';
  const name = plural ? 'MeterReadSchedules' : 'MeterReadSchedule';
  return {
    name,
    root: name,
    confidence: plural ? 'uncertain' : 'vendor-observed',
    sources: [`${P} §0.2, §0.4`, `${P} §6 (naming per edition), §6.1 (root), §6.2 (TimeSchedule, TimePoint)`],
    assumptions: [
      plural
        ? 'PAY-09 (by-edition): the 2024 profile is named MeterReadSchedules (root MeterReadSchedules in http://iec.ch/TC57/2011/MeterReadSchedules#); its structure is not public, so the 2011 draft structure of §6.1 is kept, ordered by the CIMTool rule (PAY-01: order violations are warnings by default).'
        : edition === 'draft-2011'
          ? 'The 2011 draft structure (column D), the only public source; the profile is named MeterReadSchedule (singular) as in 2013 (PAY-09).'
          : 'PAY-09 (by-edition): the 2013 profile is MeterReadSchedule (singular); no final-2013 copy is public, so the 2011 draft structure of §6.1 is used (◐).',
      'Seconds is xs:float (§0.2).',
    ],
    lenientOrder: plural ? ['PAY-01', 'PAY-09'] : undefined,
    types: typeTable(SHARED, [
      complex(
        name,
        `${P} §6.1`,
        many('CustomerAccount', 'CustomerAccount'),
        many('CustomerAgreement', 'CustomerAgreement'),
        many('EndDevice', 'EndDevice'),
        many('EndDeviceGroup', 'EndDeviceGroup'),
        many('ReadingType', 'ReadingType'),
        many('TimeSchedule', 'TimeSchedule'),
        many('UsagePoint', 'UsagePoint'),
        many('UsagePointGroup', 'UsagePointGroup'),
      ),
      complex('EndDevice', `${P} §6.1 (mRID 1..1)`, req('mRID'), many('Names', 'Name')),
      idOnly('ReadingType', `${P} §6.1`),
      complex(
        'TimeSchedule',
        `${P} §6.2`,
        opt('disabled', 'boolean'),
        opt('offset', 'float'),
        opt('recurrencePattern'),
        opt('recurrencePeriod', 'float'),
        req('scheduleInterval', 'DateTimeInterval'),
        many('TimePoints', 'TimePoint'),
      ),
      complex(
        'TimePoint',
        `${P} §6.2`,
        opt('dateTime', 'dateTime'),
        opt('relativeTimeInterval', 'float'),
        opt('sequenceNumber', 'integer'),
        opt('window', 'DateTimeInterval'),
      ),
      ...['CustomerAccount', 'CustomerAgreement', 'EndDeviceGroup', 'UsagePoint', 'UsagePointGroup'].map((n) => idOnly(n)),
    ]),
  };
}

function getMeterReadSchedules(): ProfileDef {
  return {
    name: 'GetMeterReadSchedules',
    root: 'GetMeterReadSchedules',
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.5 (inventory: GetMeterReadSchedules, 2024)`, `${P} §6.1 (the classes a schedule refers to)`],
    assumptions: [...PROPOSED],
    lenientOrder: ['PAY-01', 'PAY-09'],
    types: typeTable(SHARED, [
      complex(
        'GetMeterReadSchedules',
        'proposed',
        many('EndDevice', 'EndDevice'),
        many('EndDeviceGroup', 'EndDeviceGroup'),
        many('ReadingType', 'ReadingType'),
        many('TimeSchedule', 'TimeSchedule'),
        many('UsagePoint', 'UsagePoint'),
        many('UsagePointGroup', 'UsagePointGroup'),
      ),
      querySchedule,
      ...['EndDevice', 'EndDeviceGroup', 'ReadingType', 'UsagePoint', 'UsagePointGroup'].map((n) => idOnly(n)),
    ]),
  };
}

// ------------------------------------------------------------------------------- §7 / §9 asset types

const ASSET_TYPES: TypeDef[] = [
  complex(
    'ComFunction',
    `${P} §7.3`,
    opt('mRID'),
    ...strings('amrAddress', 'amrRouter', 'configID'),
    opt('direction', 'ComDirectionKind'),
    opt('enabled', 'boolean'),
    ...strings('firmwareID', 'hardwareID', 'password', 'programID'),
    opt('technology', 'ComTechnologyKind'),
    many('Names', 'Name'),
  ),
  enumeration('ComDirectionKind', `${P} §7.3`, ['biDirectional', 'fromDevice', 'toDevice']),
  enumeration('ComTechnologyKind', `${P} §7.3`, ['cellular', 'ethernet', 'homePlug', 'pager', 'phone', 'plc', 'rf', 'rfMesh', 'zigbee']),
  complex(
    'ConnectDisconnectFunction',
    `${P} §7.3`,
    opt('mRID'),
    opt('enabled', 'boolean'),
    opt('eventCount', 'integer'),
    ...['isConnected', 'isDelayedDiscon', 'isLocalAutoDisconOp', 'isLocalAutoReconOp', 'isRemoteAutoDisconOp', 'isRemoteAutoReconOp'].map((n) => opt(n, 'boolean')),
    opt('password'),
    many('Names', 'Name'),
    opt('rcdInfo', 'RemoteConnectDisconnectInfo'),
  ),
  complex(
    'RemoteConnectDisconnectInfo',
    `${P} §7.3`,
    opt('armedTimeout', 'float'),
    opt('customerVoltageLimit', 'float'),
    opt('energyLimit', 'float'),
    opt('energyUsageStartDateTime', 'dateTime'),
    opt('energyUsageWarning', 'float'),
    ...['isArmConnect', 'isArmDisconnect', 'isEnergyLimiting', 'needsPowerLimitCheck', 'needsVoltageLimitCheck'].map((n) => opt(n, 'boolean')),
    opt('powerLimit', 'float'),
    opt('usePushbutton', 'boolean'),
  ),
  complex(
    'SimpleEndDeviceFunction',
    `${P} §7.3 (the vendor Zones element is left out)`,
    opt('mRID'),
    opt('configID'),
    opt('enabled', 'boolean'),
    opt('firmwareID'),
    opt('hardwareID'),
    opt('kind', 'EndDeviceFunctionKind'),
    opt('password'),
    opt('programID'),
    many('Names', 'Name'),
    many('Registers', 'Register'),
  ),
  enumeration('EndDeviceFunctionKind', `${P} §7.3`, [
    'autonomousDst', 'demandResponse', 'electricMetering', 'gasMetering', 'metrology', 'onRequestRead', 'outageHistory', 'relaysProgramming',
    'reverseFlow', 'waterMetering',
  ]),
  complex(
    'Register',
    `${P} §7.3`,
    opt('mRID'),
    opt('isVirtual', 'boolean'),
    opt('leftDigitCount', 'integer'),
    opt('rightDigitCount', 'integer'),
    opt('touTierName'),
    many('Channels', 'Channel'),
    many('Names', 'Name'),
    opt('touTier', 'TimeInterval'),
  ),
  complex('TimeInterval', `${P} §7.3`, opt('end', 'time'), opt('start', 'time')),
  complex('Channel', `${P} §7.3`, opt('mRID'), opt('isVirtual', 'boolean'), many('Names', 'Name'), opt('ReadingType', REF)),
  complex('ActivityRecord', `${P} §7.3`, opt('createdDateTime', 'dateTime'), ...strings('reason', 'severity', 'type'), opt('status', 'Status')),
  complex(
    'EndDeviceInfo',
    `${P} §7.3`,
    opt('isSolidState', 'boolean'),
    opt('phaseCount', 'integer'),
    opt('ratedCurrent', 'float'),
    opt('ratedVoltage', 'float'),
    opt('AssetModel', 'ProductAssetModel'),
    opt('capability', 'EndDeviceCapability'),
  ),
  complex(
    'ProductAssetModel',
    `${P} §7.3`,
    opt('corporateStandardKind', 'CorporateStandardKind'),
    opt('modelNumber'),
    opt('modelVersion'),
    opt('usageKind', 'AssetModelUsageKind'),
    opt('Manufacturer', 'Manufacturer'),
  ),
  enumeration('CorporateStandardKind', `${P} §7.3`, ['experimental', 'other', 'standard', 'underEvaluation']),
  enumeration('AssetModelUsageKind', `${P} §7.3`, [
    'customerSubstation', 'distributionOverhead', 'distributionUnderground', 'other', 'streetlight', 'substation', 'transmission', 'unknown',
  ]),
  idOnly('Manufacturer'),
  complex(
    'EndDeviceCapability',
    `${P} §7.3`,
    ...[
      'autonomousDst', 'communication', 'connectDisconnect', 'demandResponse', 'electricMetering', 'gasMetering', 'metrology', 'onRequestRead',
      'outageHistory', 'pressureCompensation', 'pricingInfo', 'pulseOutput', 'relaysProgramming', 'reverseFlow', 'superCompressibilityCompensation',
      'temperatureCompensation', 'textMessage', 'waterMetering',
    ].map((n) => opt(n, 'boolean')),
  ),
  complex('LifecycleDate', `${P} §7.3`, ...['installationDate', 'manufacturedDate', 'purchaseDate', 'receivedDate', 'removalDate', 'retiredDate'].map((n) => opt(n, 'date'))),
  complex('MeterMultiplier', `${P} §7.3`, opt('mRID'), opt('kind', 'MeterMultiplierKind'), opt('value', 'float'), many('Names', 'Name')),
  enumeration('MeterMultiplierKind', `${P} §7.3`, ['ctRatio', 'kE', 'kH', 'kR', 'ptRatio', 'transformerRatio']),
  // PAY-10 default "both": the union of the two vendor copies, so that both validate
  complex(
    'Seal',
    `${P} §7.3 (PAY-10)`,
    opt('mRID'),
    opt('appliedDateTime', 'dateTime'),
    opt('condition', 'SealConditionKind'),
    opt('kind', 'SealKind'),
    opt('sealNumber'),
    many('Names', 'Name'),
  ),
  enumeration('SealConditionKind', `${P} §7.3`, ['broken', 'locked', 'missing', 'open', 'other']),
  enumeration('SealKind', `${P} §7.3`, ['lead', 'lock', 'other', 'steel']),
  ELECTRONIC_ADDRESS,
  CONFIGURATION_EVENT,
];

/** the EndDevice.EndDeviceFunctions association: a repeated choice of references (§7.2 row 16) */
const functionRefs = () =>
  choice('0..*', req('ComFunction', REF), req('ConnectDisconnectFunction', REF), req('SimpleEndDeviceFunction', REF));

const ASSET_ASSUMPTIONS = [
  'The notes mark this profile ◐ (one vendor source); every row marked X (vendor extension) is left out.',
  'The EndDevice.EndDeviceFunctions association is a repeated choice (0..*) of ComFunction | ConnectDisconnectFunction | SimpleEndDeviceFunction references (@ref = mRID of a function defined at the root).',
  'Seal is the union of the two vendor copies (PAY-10 default both): mRID 0..1, appliedDateTime, condition, kind, sealNumber 0..1, Names 0..*.',
  'PerCent, Minutes, Seconds, CurrentFlow, Voltage, ActivePower, RealEnergy are xs:float, Money xs:decimal (§0.2).',
];

function meterConfig(): ProfileDef {
  return {
    name: 'MeterConfig',
    root: 'MeterConfig',
    confidence: 'vendor-observed',
    sources: [`${P} §0.2, §0.4 (ConfigurationEvent)`, `${P} §1.9 (ReadingType)`, `${P} §5.3 (ElectronicAddress)`, `${P} §7.1-§7.3 (root, Meter, function and asset types)`],
    assumptions: ASSET_ASSUMPTIONS,
    types: typeTable(SHARED, readingType('final'), ASSET_TYPES, [
      complex(
        'MeterConfig',
        `${P} §7.1`,
        many('ComFunction', 'ComFunction'),
        many('ConnectDisconnectFunction', 'ConnectDisconnectFunction'),
        many('Meter', 'Meter'),
        many('ReadingType', 'ReadingType'),
        many('SimpleEndDeviceFunction', 'SimpleEndDeviceFunction'),
      ),
      complex(
        'Meter',
        `${P} §7.2`,
        ...strings('mRID', 'amrSystem', 'formNumber', 'initialCondition'),
        opt('initialLossOfLife', 'float'),
        opt('isVirtual', 'boolean'),
        opt('lotNumber'),
        opt('purchasePrice', 'decimal'),
        opt('serialNumber'),
        opt('timeZoneOffset', 'float'),
        opt('type'),
        opt('utcNumber'),
        many('ActivityRecords', 'ActivityRecord'),
        opt('ConfigurationEvents', 'ConfigurationEvent'),
        opt('electronicAddress', 'ElectronicAddress'),
        functionRefs(),
        opt('EndDeviceInfo', 'EndDeviceInfo'),
        opt('lifecycle', 'LifecycleDate'),
        many('MeterMultipliers', 'MeterMultiplier'),
        many('Names', 'Name'),
        many('Seals', 'Seal'),
        opt('status', 'Status'),
      ),
    ]),
  };
}

/**
 * The query profiles of the config nouns: GetMeterConfig is §8; the others are proposed by the project
 * on its pattern (their device element: mRID, amrSystem, Names), children in alphabetical order (§0.3).
 */
function getConfig(name: string, device: string | undefined, children: string[], proposed: boolean): ProfileDef {
  const from = proposed ? 'proposed' : `${P} §8`;
  const sorted = [...children].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return {
    name,
    root: name,
    confidence: proposed ? 'uncertain' : 'vendor-observed',
    sources: proposed
      ? [`${P} §0.3 (ordering rule), §0.5 (inventory: ${name}, 2024)`, `${P} §8 (GetMeterConfig, the pattern followed)`, `${P} §4 (CustomerKind)`]
      : [`${P} §0.2, §0.4`, `${P} §8 (root and its children)`, `${P} §4 (CustomerKind)`],
    assumptions: proposed
      ? [...PROPOSED, `Children: ${sorted.join(', ')}${device ? `; ${device} filter: mRID, amrSystem, Names` : ''}; the others identification-only.`]
      : [
          'The notes mark this profile ◐ (one vendor source).',
          'PAY-11 (default request): this profile is carried in Request of the GetMeterConfig query wrapper; a MeterConfig filter in Payload is accepted by the wrapper schema and reported by the suite.',
        ],
    lenientOrder: proposed ? ['PAY-01'] : undefined,
    types: typeTable(SHARED, CUSTOMER_KIND, customer, [
      complex(name, from, ...sorted.map((c) => many(c, c))),
      ...sorted.filter((c) => c !== 'Customer' && c !== device).map((c) => idOnly(c)),
      ...(device ? [complex(device, from, opt('mRID'), opt('amrSystem'), many('Names', 'Name'))] : []),
    ]),
  };
}

function endDeviceConfig(): ProfileDef {
  return {
    name: 'EndDeviceConfig',
    root: 'EndDeviceConfig',
    confidence: 'vendor-observed',
    sources: [`${P} §0.2, §0.4 (ConfigurationEvent)`, `${P} §1.9 (ReadingType)`, `${P} §5.3 (ElectronicAddress)`, `${P} §7.3 (function and asset types)`, `${P} §9.1-§9.2 (root, EndDevice)`],
    assumptions: ASSET_ASSUMPTIONS,
    types: typeTable(SHARED, readingType('final'), ASSET_TYPES, [
      complex(
        'EndDeviceConfig',
        `${P} §9.1`,
        many('ComFunction', 'ComFunction'),
        many('ConnectDisconnectFunction', 'ConnectDisconnectFunction'),
        many('EndDevice', 'EndDevice'),
        many('ReadingType', 'ReadingType'),
        many('SimpleEndDeviceFunction', 'SimpleEndDeviceFunction'),
      ),
      complex(
        'EndDevice',
        `${P} §9.2`,
        ...strings('mRID', 'amrSystem', 'initialCondition'),
        opt('initialLossOfLife', 'float'),
        opt('installCode'),
        opt('isPan', 'boolean'),
        opt('isVirtual', 'boolean'),
        opt('lotNumber'),
        opt('purchasePrice', 'decimal'),
        opt('serialNumber'),
        opt('timeZoneOffset', 'float'),
        opt('type'),
        opt('utcNumber'),
        many('ActivityRecords', 'ActivityRecord'),
        opt('ConfigurationEvents', 'ConfigurationEvent'),
        opt('electronicAddress', 'ElectronicAddress'),
        functionRefs(),
        opt('EndDeviceInfo', 'EndDeviceInfo'),
        opt('lifecycle', 'LifecycleDate'),
        many('Names', 'Name'),
        many('Seals', 'Seal'),
        opt('status', 'Status'),
      ),
    ]),
  };
}

// ------------------------------------------------------------------------------- §10 UsagePointConfig

function usagePointConfig(): ProfileDef {
  return {
    name: 'UsagePointConfig',
    root: 'UsagePointConfig',
    confidence: 'vendor-observed',
    sources: [`${P} §0.2, §0.4 (ConfigurationEvent, ReadingReasonKind)`, `${P} §1.9 (ReadingType)`, `${P} §4 (ServiceKind)`, `${P} §10.1-§10.2 (root, UsagePoint, MetrologyRequirement, ServiceMultiplier)`],
    assumptions: [
      'The notes mark this profile ◐ (one vendor source); the rows marked X are left out.',
      'PAY-12 (default vendor-extension): UsagePoint/status is not declared.',
      'CurrentFlow, Voltage and ActivePower are xs:float (§0.2).',
    ],
    types: typeTable(SHARED, readingType('final'), SERVICE_KIND, CONFIGURATION_EVENT, serviceCategory, [
      complex('UsagePointConfig', `${P} §10.1`, many('ReadingType', 'ReadingType'), many('UsagePoint', 'UsagePoint')),
      complex(
        'UsagePoint',
        `${P} §10.2`,
        opt('mRID'),
        opt('amiBillingReady', 'AmiBillingReadyKind'),
        opt('checkBilling', 'boolean'),
        opt('connectionState', 'UsagePointConnectedKind'),
        opt('estimatedLoad', 'float'),
        opt('grounded', 'boolean'),
        opt('isSdp', 'boolean'),
        opt('isVirtual', 'boolean'),
        opt('minimalUsageExpected', 'boolean'),
        opt('nominalServiceVoltage', 'float'),
        opt('outageRegion'),
        opt('phaseCode', 'PhaseCode'),
        opt('ratedCurrent', 'float'),
        opt('ratedPower', 'float'),
        ...strings('readCycle', 'readRoute', 'serviceDeliveryRemark', 'servicePriority'),
        opt('ConfigurationEvents', 'ConfigurationEvent'),
        opt('Equipments', 'TransformerTank'),
        many('MetrologyRequirements', 'MetrologyRequirement'),
        many('Names', 'Name'),
        opt('PricingStructures', 'PricingStructure'),
        opt('ServiceCategory', 'ServiceCategory'),
        opt('ServiceLocation', 'ServiceLocation'),
        many('ServiceMultipliers', 'ServiceMultiplier'),
        opt('ServiceSupplier', 'ServiceSupplier'),
        opt('UsagePointLocation', 'UsagePointLocation'),
      ),
      enumeration('AmiBillingReadyKind', `${P} §10.2`, ['amiCapable', 'amiDisabled', 'billingApproved', 'enabled', 'nonAmi', 'nonMetered', 'operable']),
      enumeration('UsagePointConnectedKind', `${P} §10.2`, ['connected', 'logicallyDisconnected', 'physicallyDisconnected']),
      enumeration('PhaseCode', `${P} §10.2`, [
        'A', 'AB', 'ABC', 'ABCN', 'ABN', 'AC', 'ACN', 'AN', 'B', 'BC', 'BCN', 'BN', 'C', 'CN', 'N', 's1', 's12', 's12N', 's1N', 's2', 's2N',
      ]),
      complex('MetrologyRequirement', `${P} §10.2`, opt('mRID'), opt('reason', 'ReadingReasonKind'), many('Names', 'Name'), some('ReadingTypes', REF)),
      complex('ServiceMultiplier', `${P} §10.2`, opt('mRID'), opt('kind', 'ServiceMultiplierKind'), opt('value', 'float'), many('Names', 'Name')),
      enumeration('ServiceMultiplierKind', `${P} §10.2`, ['ctRatio', 'ptRatio', 'transformerRatio']),
      complex('PricingStructure', `${P} §10.2`, opt('mRID'), opt('code'), many('Names', 'Name')),
      complex('ServiceSupplier', `${P} §10.2`, opt('mRID'), opt('kind', 'SupplierKind'), many('Names', 'Name')),
      enumeration('SupplierKind', `${P} §10.2`, ['other', 'retailer', 'utility']),
      idOnly('TransformerTank'),
      idOnly('ServiceLocation'),
      idOnly('UsagePointLocation'),
    ]),
  };
}

// ------------------------------------------------------------------------------- §11 UsagePointLocationConfig

function usagePointLocationConfig(): ProfileDef {
  return {
    name: 'UsagePointLocationConfig',
    root: 'UsagePointLocationConfig',
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.4`, `${P} §11 (namespace, proposed structure, StreetAddress)`, `${P} §5.3 (ElectronicAddress)`],
    assumptions: [
      'PAY-13 (default): namespace http://iec.ch/TC57/2011/UsagePointLocationConfig#, root UsagePointLocationConfig; the structure is the proposed one of §11 (no public schema), validated leniently: pure order violations are warnings (PAY-01).',
      'phone1/phone2 use a TelephoneNumber type with the CIM attributes areaCode, cityCode, countryCode, extension, localNumber (alphabetical) — not given by the notes.',
      'PositionPoint coordinates are strings (CIM), sequenceNumber xs:integer; StreetDetail/withinTownLimits is xs:boolean.',
    ],
    lenientOrder: ['PAY-01', 'PAY-13'],
    types: typeTable(SHARED, ELECTRONIC_ADDRESS, [
      complex('UsagePointLocationConfig', `${P} §11`, many('UsagePointLocation', 'UsagePointLocation')),
      complex(
        'UsagePointLocation',
        `${P} §11 (proposed)`,
        ...strings('mRID', 'accessMethod', 'remark', 'siteAccessProblem', 'type'),
        opt('electronicAddress', 'ElectronicAddress'),
        opt('mainAddress', 'StreetAddress'),
        many('Names', 'Name'),
        opt('phone1', 'TelephoneNumber'),
        opt('phone2', 'TelephoneNumber'),
        many('PositionPoints', 'PositionPoint'),
        opt('secondaryAddress', 'StreetAddress'),
        opt('status', 'Status'),
        many('UsagePoints', 'UsagePoint'),
      ),
      complex('StreetAddress', `${P} §11`, opt('streetDetail', 'StreetDetail'), opt('townDetail', 'TownDetail')),
      complex(
        'StreetDetail',
        `${P} §11`,
        ...strings('addressGeneral', 'buildingName', 'code', 'name', 'number', 'prefix', 'suffix', 'suiteNumber', 'type'),
        opt('withinTownLimits', 'boolean'),
      ),
      complex('TownDetail', `${P} §11`, ...strings('code', 'country', 'name', 'section', 'stateOrProvince')),
      complex('TelephoneNumber', 'proposed', ...strings('areaCode', 'cityCode', 'countryCode', 'extension', 'localNumber')),
      complex('PositionPoint', `${P} §11`, opt('sequenceNumber', 'integer'), ...strings('xPosition', 'yPosition', 'zPosition')),
      idOnly('UsagePoint'),
    ]),
  };
}

function simpleGet(name: string, elements: string[], extraSources: string[], extraLenient: string[] = []): ProfileDef {
  return {
    name,
    root: name,
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.4, §0.5 (inventory: ${name})`, ...extraSources],
    assumptions: [...PROPOSED, `Every child is identification-only (mRID 0..1, Names 0..*): ${elements.join(', ')}.`],
    lenientOrder: ['PAY-01', ...extraLenient],
    types: typeTable(SHARED, [complex(name, 'proposed', ...elements.map((e) => many(e, e))), ...elements.map((e) => idOnly(e))]),
  };
}

// ------------------------------------------------------------------------------- §12 MasterDataLinkageConfig

function masterDataLinkageConfig(): ProfileDef {
  const ids = ['AuxiliaryAgreement', 'ComModule', 'Customer', 'CustomerAccount', 'CustomerAgreement', 'EndDevice', 'PricingStructure', 'ServiceLocation', 'ServiceSupplier', 'TransformerTank', 'UsagePoint', 'UsagePointLocation'];
  return {
    name: 'MasterDataLinkageConfig',
    root: 'MasterDataLinkageConfig',
    confidence: 'vendor-observed',
    sources: [`${P} §0.2, §0.4 (ConfigurationEvent, identification-only types)`, `${P} §12.1-§12.2 (root, Meter)`],
    assumptions: [
      'The notes mark this profile ◐ (one vendor source); the vendor Meter/role and Meter/ReadingTypeMapping (X) are left out.',
      'ConfigurationEvent is 0..1 in the schema; the vendor\'s requirement of createdDateTime is not expressed (PAY-14 concerns the verb, not the structure).',
    ],
    types: typeTable(SHARED, CONFIGURATION_EVENT, [
      complex(
        'MasterDataLinkageConfig',
        `${P} §12.1`,
        many('AuxiliaryAgreement', 'AuxiliaryAgreement'),
        many('ComModule', 'ComModule'),
        opt('ConfigurationEvent', 'ConfigurationEvent'),
        many('Customer', 'Customer'),
        many('CustomerAccount', 'CustomerAccount'),
        many('CustomerAgreement', 'CustomerAgreement'),
        many('EndDevice', 'EndDevice'),
        many('Meter', 'Meter'),
        many('PricingStructure', 'PricingStructure'),
        many('ServiceLocation', 'ServiceLocation'),
        many('ServiceSupplier', 'ServiceSupplier'),
        many('TransformerTank', 'TransformerTank'),
        many('UsagePoint', 'UsagePoint'),
        many('UsagePointLocation', 'UsagePointLocation'),
      ),
      idOnly('Meter', `${P} §12.2`),
      ...ids.map((n) => idOnly(n)),
    ]),
  };
}

// ------------------------------------------------------------------------------- §13 ComModuleConfig

function comModuleConfig(): ProfileDef {
  return {
    name: 'ComModuleConfig',
    root: 'ComModuleConfig',
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.4 (ConfigurationEvent)`, `${P} §13 (namespace, proposed structure)`, `${P} §7.3 (ComFunction, ActivityRecord, LifecycleDate, Seal)`, `${P} §5.3 (ElectronicAddress)`],
    assumptions: [
      'PAY-15 (default): namespace http://iec.ch/TC57/2011/ComModuleConfig#, root ComModuleConfig; the structure is the proposed one of §13 (no public schema), validated leniently: pure order violations are warnings (PAY-01).',
      'ComModule/ComFunctions are references (@ref = mRID of a ComFunction defined at the root); EndDevice is identification-only.',
      ...ASSET_ASSUMPTIONS.slice(2),
    ],
    lenientOrder: ['PAY-01', 'PAY-15'],
    types: typeTable(SHARED, ASSET_TYPES, [
      complex('ComModuleConfig', `${P} §13`, many('ComFunction', 'ComFunction'), many('ComModule', 'ComModule')),
      complex(
        'ComModule',
        `${P} §13 (proposed)`,
        opt('mRID'),
        opt('amrSystem'),
        opt('lotNumber'),
        opt('purchasePrice', 'decimal'),
        opt('serialNumber'),
        opt('supportsAutonomousDst', 'boolean'),
        opt('timeZoneOffset', 'float'),
        opt('type'),
        opt('utcNumber'),
        many('ActivityRecords', 'ActivityRecord'),
        many('ComFunctions', REF),
        opt('ConfigurationEvents', 'ConfigurationEvent'),
        opt('electronicAddress', 'ElectronicAddress'),
        opt('EndDevice', 'EndDevice'),
        opt('lifecycle', 'LifecycleDate'),
        many('Names', 'Name'),
        many('Seals', 'Seal'),
        opt('status', 'Status'),
      ),
      idOnly('EndDevice'),
    ]),
  };
}

function getComModuleConfig(): ProfileDef {
  return {
    name: 'GetComModuleConfig',
    root: 'GetComModuleConfig',
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.5 (inventory: GetComModuleConfig, 2024)`, `${P} §8 (GetMeterConfig, the pattern followed)`, `${P} §13`],
    assumptions: [...PROPOSED, 'ComModule filter: mRID, amrSystem, Names (as the Meter filter of GetMeterConfig).'],
    lenientOrder: ['PAY-01', 'PAY-15'],
    types: typeTable(SHARED, [
      complex('GetComModuleConfig', 'proposed', many('ComModule', 'ComModule'), many('EndDevice', 'EndDevice')),
      complex('ComModule', 'proposed', opt('mRID'), opt('amrSystem'), many('Names', 'Name')),
      idOnly('EndDevice'),
    ]),
  };
}

// ------------------------------------------------------------------------------- groups

function groups(kind: 'EndDevice' | 'UsagePoint'): ProfileDef {
  const name = `${kind}Groups`;
  const group = `${kind}Group`;
  const members = kind === 'EndDevice' ? [many('EndDevices', 'EndDevice'), many('Names', 'Name')] : [many('Names', 'Name'), many('UsagePoints', 'UsagePoint')];
  return {
    name,
    root: name,
    confidence: 'uncertain',
    sources: [`${P} §0.3 (ordering rule), §0.4, §0.5 (inventory: ${name})`, 'envelope.md §5.3 (noun list of the 2011 draft)'],
    assumptions: [
      `No public schema: proposed by the project from the CIM class ${group} (an IdentifiedObject with a type attribute and its ${kind} members); namespace http://iec.ch/TC57/2011/${name}# by the naming convention of §0.2; the element order follows the CIMTool rule of §0.3 (PAY-01: order violations are warnings by default).`,
    ],
    lenientOrder: ['PAY-01'],
    types: typeTable(SHARED, [
      complex(name, 'proposed', many(group, group)),
      complex(group, 'proposed', opt('mRID'), opt('type'), ...members),
      idOnly(kind),
    ]),
  };
}

// ------------------------------------------------------------------------------- ObjectNamesConfig (UC-33)

/**
 * ObjectNamesConfig: renaming objects (use-cases.md §9.4, 2024 Annex J.2.34, "names changed; mRIDs
 * unchanged"). Not in the 2024 schema list and without a public structure: an optional feature (UC-33),
 * proposed by the project from the facts of payloads.md §0.2 (identification by mRID and/or Names) and
 * §0.4 (Name, NameType, NameTypeAuthority), ordered by the CIMTool rule (§0.3).
 */
function objectNamesConfig(): ProfileDef {
  return {
    name: 'ObjectNamesConfig',
    root: 'ObjectNamesConfig',
    confidence: 'uncertain',
    sources: [
      'use-cases.md §9.4 (Change ObjectNamesConfig, J.2.34: renaming objects via Names / NameType / NameTypeAuthority; names changed, mRIDs unchanged; noun not in the 2024 schema list)',
      'README.md assumption UC-33 (ObjectNamesConfig noun: optional feature, off by default)',
      `${P} §0.2 (namespace convention, identification by mRID and/or Names), §0.3 (ordering rule), §0.4 (Name, NameType, NameTypeAuthority)`,
    ],
    assumptions: [
      'UC-33 (optional feature, default off): the noun is not in the 2024 schema list and its structure is not public. The whole profile is proposed by the project; the suite tests it only when UC-33 = on, and the pack declares it in every case so that such a message is named, not reported as an unknown namespace.',
      'UC-33, PAY-03: namespace http://iec.ch/TC57/2011/ObjectNamesConfig#, root ObjectNamesConfig, by the naming convention of §0.2 (PAY-03 keep-2011; the real namespace of a profile new in 2024 is configuration: a SUT with another one supplies its schema with `schemas:`).',
      'UC-33: the root holds the renamed objects as IdentifiedObject 0..* (the CIM superclass of every named object: one element for objects of any class, the class is not stated), as every profile root of the notes holds its objects 0..*.',
      'UC-33: IdentifiedObject is mRID 1..1 (the object is found by its mRID, which the change keeps: a name cannot identify the object whose names it replaces), then Names 1..* (the new names: a rename without a name is not a rename); the names given replace the object\'s names.',
      'Name, NameType and NameTypeAuthority exactly as §0.4 (PAY-02 standard): name 1..1, NameType 0..1; NameType description 0..1 before name 1..1, NameTypeAuthority 0..1.',
      'No public schema: the element order follows the CIMTool rule of §0.3 (mRID first, then the associations alphabetically) and is validated leniently: pure order violations are warnings (PAY-01).',
    ],
    lenientOrder: ['PAY-01'],
    types: typeTable(NAME_TYPES, [
      complex('ObjectNamesConfig', 'proposed (UC-33)', many('IdentifiedObject', 'IdentifiedObject')),
      complex('IdentifiedObject', 'proposed (UC-33), payloads.md §0.2', req('mRID'), some('Names', 'Name')),
    ]),
  };
}

// ------------------------------------------------------------------------------- §14 MeterServiceRequests

/**
 * MeterServiceRequests (2013 §5.5, MSR-01): the draft's structure (payloads.md §14, column D) in the final form of
 * §0.2 — no message Header inside the payload root (the draft peculiarity is kept only in the draft-2011 pack when
 * it has the profile). No public 2013 schema: CIM9-236, validated leniently (PAY-01).
 */
function meterServiceRequests(gen: Generation): ProfileDef {
  const draft = gen === 'draft';
  return {
    name: 'MeterServiceRequests',
    root: 'MeterServiceRequests',
    confidence: 'uncertain',
    sources: [`${P} §0.2, §0.3 (ordering rule), §0.4`, `${P} §14 (draft structure, column D)`, 'use-cases.md §5.1 MSR-01'],
    assumptions: [
      ...(draft
        ? ['Draft generation: the root begins with the message Header 1..1 (HeaderType of the draft message namespace, imported from ../message/Message.xsd), as payloads.md §14 says the draft does; the element itself is local, hence in the profile namespace.']
        : []),
      draft
        ? 'CIM9-236 (default): namespace http://iec.ch/TC57/2011/MeterServiceRequests#, root MeterServiceRequests; the structure of §14 (column D, no public schema of its own here), validated leniently: pure order violations are warnings (PAY-01).'
        : 'CIM9-236 (default): namespace http://iec.ch/TC57/2011/MeterServiceRequests# (the draft namespace, which §0.2 says the final profiles keep), root MeterServiceRequests; no public 2013 schema: the structure is the draft one of §14 without the draft\'s message Header as first child of the root, validated leniently: pure order violations are warnings (PAY-01).',
      'CIM9-236: MeterServiceWork gains mRID 0..1 first and Names 0..* among its associations (§0.3: MeterServiceWork is an IdentifiedObject; the draft row lists neither), so that a completion can name the work of the request.',
      'CIM9-236: priority and type are strings; ActivityRecord, Customer, MeterMultiplier, MeterReading and ServiceMultiplier are reduced to the attributes the suite reads (the CIM attributes of §0.4 and §1), in §0.3 order; OldMeter has the type of Meter; Meter stays 1..1 as in the draft.',
      'CIM9-236: ReadingQualityType and ReadingType of the draft root are kept (0..*), with the final MeterReadings types of §1.8 and §1.9.',
    ],
    lenientOrder: ['PAY-01', 'CIM9-236'],
    types: typeTable(SHARED, [
      complex('MeterServiceRequests', draft ? `${P} §14 (draft root with its Header)` : `${P} §14 (root without the draft Header)`, ...(draft ? [req('Header', MSG_HEADER)] : []), many('MeterServiceWork', 'MeterServiceWork'), many('ReadingQualityType', 'ReadingQualityType'), many('ReadingType', 'ReadingType')),
      complex(
        'MeterServiceWork',
        `${P} §14`,
        opt('mRID'),
        opt('kind', 'WorkKind'),
        opt('lastModifiedDateTime', 'dateTime'),
        opt('priority'),
        opt('requestDateTime', 'dateTime'),
        opt('type'),
        many('ActivityRecords', 'ActivityRecord'),
        many('Customers', 'Customer'),
        req('Meter', 'Meter'),
        many('Names', 'Name'),
        opt('OldMeter', 'Meter'),
        opt('status', 'Status'),
        opt('UsagePoint', 'UsagePoint'),
      ),
      enumeration('WorkKind', `${P} §14`, ['construction', 'disconnect', 'inspection', 'maintenance', 'meter', 'other', 'reconnect', 'repair', 'service', 'test']),
      complex('ActivityRecord', 'proposed (CIM ActivityRecord, CIM9-236)', opt('mRID'), opt('createdDateTime', 'dateTime'), ...strings('reason', 'severity', 'type'), many('Names', 'Name'), opt('status', 'Status')),
      idOnly('Customer'),
      complex(
        'Meter',
        `${P} §14`,
        opt('mRID'),
        ...strings('amrSystem', 'formNumber', 'serialNumber'),
        many('MeterMultipliers', 'MeterMultiplier'),
        many('MeterReadings', 'MeterReading'),
        many('Names', 'Name'),
      ),
      complex('MeterMultiplier', 'proposed (CIM MeterMultiplier, CIM9-236)', opt('mRID'), opt('kind'), opt('value', 'float'), many('Names', 'Name')),
      complex('MeterReading', 'proposed (§1.2 reduced, CIM9-236)', opt('mRID'), opt('valuesInterval', 'DateTimeInterval'), many('Names', 'Name'), many('Readings', 'Reading')),
      complex('Reading', 'proposed (§1.6 reduced, CIM9-236)', opt('reason', 'ReadingReasonKind'), opt('timeStamp', 'dateTime'), opt('value'), req('ReadingType', REF)),
      complex(
        'UsagePoint',
        `${P} §14`,
        opt('mRID'),
        opt('checkBilling', 'boolean'),
        opt('grounded', 'boolean'),
        opt('isVirtual', 'boolean'),
        opt('nominalServiceVoltage', 'float'),
        opt('phaseCode'),
        opt('ratedCurrent', 'float'),
        opt('ratedPower', 'float'),
        ...strings('serviceDeliveryRemark', 'servicePriority'),
        many('Names', 'Name'),
        opt('ServiceLocation', 'ServiceLocation'),
        many('ServiceMultipliers', 'ServiceMultiplier'),
      ),
      idOnly('ServiceLocation'),
      complex('ServiceMultiplier', 'proposed (CIM ServiceMultiplier, CIM9-236)', opt('mRID'), opt('kind'), opt('value', 'float'), many('Names', 'Name')),
      complex('ReadingQualityType', `${P} §1.8`, ...strings('mRID', 'category', 'subCategory', 'systemId'), draft ? req('Names', 'Name') : some('Names', 'Name')),
      readingType(gen),
    ]),
  };
}

// ------------------------------------------------------------------------------- prepayment (PM-01..03, 2013)

/** the assumption lines every reconstructed prepayment profile shares */
const RECONSTRUCTED = (id: string, name: string, cls: string): string[] => [
  `${id} (default): RECONSTRUCTED — no public schema of ${name} exists (payloads.md §0.5: present in 2013, none public; use-cases.md §7.2, UC-27). The project writes it from the CIM class ${cls} of the PaymentMetering package, namespace http://iec.ch/TC57/2011/${name}# by the naming convention of §0.2, root ${name}; a user with the official schema supplies it with \`schemas:\`, which replaces this file for its namespace.`,
  `${id}: the element order follows the CIMTool rule of §0.3 (mRID, simple attributes alphabetically, then compound attributes and associations alphabetically) and is validated leniently: pure order violations are warnings (PAY-01).`,
  `${id}: Money is xs:decimal and PerCent / RealEnergy xs:float (§0.2); the classes are reduced to the attributes the prepayment flows exchange; referenced objects are identification-only (§0.4).`,
];

/** LineDetail (CIM PaymentMetering): the amount of a receipt or a transaction line */
const LINE_DETAIL = complex('LineDetail', 'reconstructed (CIM LineDetail)', opt('amount', 'decimal'), opt('dateTime', 'dateTime'), opt('note'), opt('rounding', 'decimal'));

/** TransactionKind (CIM PaymentMetering), its literals in alphabetical order */
const TRANSACTION_KIND = enumeration('TransactionKind', 'reconstructed (CIM TransactionKind)', [
  'accountPayment', 'auxiliaryChargePayment', 'diversePayment', 'meterConfigurationToken', 'other', 'serviceChargePayment', 'taxChargePayment',
  'tokenCancellation', 'tokenExchange', 'tokenFreeIssue', 'tokenGrant', 'tokenSalePayment', 'transactionReversal',
]);

/**
 * AuxiliaryAgreementConfig (2013 §5.7, PM-01): an auxiliary agreement (a debt or charge recovered from a prepayment
 * customer's purchases) and its auxiliary accounts, under the customer agreement of a usage point. Reconstructed from
 * the CIM class AuxiliaryAgreement (CIM9-270).
 */
function auxiliaryAgreementConfig(): ProfileDef {
  return {
    name: 'AuxiliaryAgreementConfig',
    root: 'AuxiliaryAgreementConfig',
    confidence: 'uncertain',
    sources: [`${P} §0.2, §0.3 (ordering rule), §0.4, §0.5 (inventory: AuxiliaryAgreementConfig, 2013, no public schema)`, 'use-cases.md §7.2 PM-01..03 (create(AuxiliaryAgreementConfig))', 'envelope.md §5.3 (noun list of the 2011 draft)'],
    assumptions: [
      ...RECONSTRUCTED('CIM9-270', 'AuxiliaryAgreementConfig', 'AuxiliaryAgreement (an Agreement, hence a Document)'),
      'CIM9-270: AuxiliaryAgreement keeps the attributes of AuxiliaryAgreement (arrearsInterest, auxCycle, auxPriorityCode, fixedAmount, minAmount, payCycle, subType, vendPortion, vendPortionArrear), of Agreement (signDate, validityInterval) and of Document (createdDateTime, type, status); its associations AuxiliaryAccounts (mRID, balance, principleAmount, Names) and CustomerAgreement (mRID, CustomerAccount, Names, UsagePoints: the agreement of the usage points the charge is recovered at).',
    ],
    lenientOrder: ['PAY-01', 'CIM9-270'],
    types: typeTable(SHARED, [
      complex('AuxiliaryAgreementConfig', 'reconstructed (CIM9-270)', many('AuxiliaryAgreement', 'AuxiliaryAgreement')),
      complex(
        'AuxiliaryAgreement',
        'reconstructed (CIM AuxiliaryAgreement, CIM9-270)',
        opt('mRID'),
        opt('arrearsInterest', 'float'),
        opt('auxCycle'),
        opt('auxPriorityCode'),
        opt('createdDateTime', 'dateTime'),
        opt('fixedAmount', 'decimal'),
        opt('minAmount', 'decimal'),
        opt('payCycle'),
        opt('signDate', 'date'),
        opt('subType'),
        opt('type'),
        opt('vendPortion', 'float'),
        opt('vendPortionArrear', 'float'),
        many('AuxiliaryAccounts', 'AuxiliaryAccount'),
        opt('CustomerAgreement', 'CustomerAgreement'),
        many('Names', 'Name'),
        opt('status', 'Status'),
        opt('validityInterval', 'DateTimeInterval'),
      ),
      complex('AuxiliaryAccount', 'reconstructed (CIM AuxiliaryAccount, CIM9-270)', opt('mRID'), opt('balance', 'decimal'), opt('principleAmount', 'decimal'), many('Names', 'Name')),
      complex('CustomerAgreement', 'reconstructed (CIM CustomerAgreement, CIM9-270)', opt('mRID'), opt('CustomerAccount', 'CustomerAccount'), many('Names', 'Name'), many('UsagePoints', 'UsagePoint')),
      idOnly('CustomerAccount'),
      idOnly('UsagePoint'),
    ]),
  };
}

/**
 * ReceiptRecord (2013 §5.7, PM-02): the receipt of a point of sale — its total (line), its tenders and the
 * transactions it pays. Reconstructed from the CIM classes Receipt, Tender and Transaction (CIM9-271).
 */
function receiptRecord(): ProfileDef {
  return {
    name: 'ReceiptRecord',
    root: 'ReceiptRecord',
    confidence: 'uncertain',
    sources: [`${P} §0.2, §0.3 (ordering rule), §0.4, §0.5 (inventory: ReceiptRecord, 2013, no public schema)`, 'use-cases.md §7.2 PM-01..03 (created(ReceiptRecord))', 'envelope.md §5.3 (noun list of the 2011 draft)'],
    assumptions: [
      ...RECONSTRUCTED('CIM9-271', 'ReceiptRecord', 'Receipt (with Tender and Transaction)'),
      'CIM9-271: Receipt keeps isBankable and line (LineDetail: amount, dateTime, note, rounding — the total received and when), its Tenders (mRID, amount, change, kind as CIM TenderKind) and the Transactions it pays (mRID, kind as CIM TransactionKind, CustomerAccount, line, Meter, Names): the receipt tells what was paid for which account and meter.',
    ],
    lenientOrder: ['PAY-01', 'CIM9-271'],
    types: typeTable(SHARED, [
      complex('ReceiptRecord', 'reconstructed (CIM9-271)', many('Receipt', 'Receipt')),
      complex('Receipt', 'reconstructed (CIM Receipt, CIM9-271)', opt('mRID'), opt('isBankable', 'boolean'), opt('line', 'LineDetail'), many('Names', 'Name'), many('Tenders', 'Tender'), many('Transactions', 'Transaction')),
      LINE_DETAIL,
      complex('Tender', 'reconstructed (CIM Tender, CIM9-271)', opt('mRID'), opt('amount', 'decimal'), opt('change', 'decimal'), opt('kind', 'TenderKind'), many('Names', 'Name')),
      enumeration('TenderKind', 'reconstructed (CIM TenderKind)', ['card', 'cash', 'cheque', 'other', 'unspecified']),
      complex('Transaction', 'reconstructed (CIM Transaction, CIM9-271)', opt('mRID'), opt('kind', 'TransactionKind'), opt('CustomerAccount', 'CustomerAccount'), opt('line', 'LineDetail'), opt('Meter', 'Meter'), many('Names', 'Name')),
      TRANSACTION_KIND,
      idOnly('CustomerAccount'),
      idOnly('Meter'),
    ]),
  };
}

/**
 * TransactionRecord (2013 §5.7, PM-03): the transactions a CIS transfers to the MDM (the credit bought for a meter, a
 * charge recovered). Reconstructed from the CIM class Transaction (CIM9-272).
 */
function transactionRecord(): ProfileDef {
  return {
    name: 'TransactionRecord',
    root: 'TransactionRecord',
    confidence: 'uncertain',
    sources: [`${P} §0.2, §0.3 (ordering rule), §0.4, §0.5 (inventory: TransactionRecord, 2013, no public schema)`, 'use-cases.md §7.2 PM-01..03 (created(TransactionRecord))', 'envelope.md §5.3 (noun list of the 2011 draft)'],
    assumptions: [
      ...RECONSTRUCTED('CIM9-272', 'TransactionRecord', 'Transaction'),
      'CIM9-272: Transaction keeps diverseReference, donorReference, kind (CIM TransactionKind), receiverReference, reversedId, serviceUnitsEnergy, serviceUnitsError and line (LineDetail: amount and dateTime of the transaction), and its associations AuxiliaryAccount, CustomerAccount, Meter, PricingStructure and Receipt, identification-only.',
    ],
    lenientOrder: ['PAY-01', 'CIM9-272'],
    types: typeTable(SHARED, [
      complex('TransactionRecord', 'reconstructed (CIM9-272)', many('Transaction', 'Transaction')),
      complex(
        'Transaction',
        'reconstructed (CIM Transaction, CIM9-272)',
        opt('mRID'),
        opt('diverseReference'),
        opt('donorReference'),
        opt('kind', 'TransactionKind'),
        opt('receiverReference'),
        opt('reversedId'),
        opt('serviceUnitsEnergy', 'float'),
        opt('serviceUnitsError', 'float'),
        opt('AuxiliaryAccount', 'AuxiliaryAccount'),
        opt('CustomerAccount', 'CustomerAccount'),
        opt('line', 'LineDetail'),
        opt('Meter', 'Meter'),
        many('Names', 'Name'),
        opt('PricingStructure', 'PricingStructure'),
        opt('Receipt', 'Receipt'),
      ),
      LINE_DETAIL,
      TRANSACTION_KIND,
      idOnly('AuxiliaryAccount'),
      idOnly('CustomerAccount'),
      idOnly('Meter'),
      idOnly('PricingStructure'),
      idOnly('Receipt'),
    ]),
  };
}


// ------------------------------------------------------------------------------- MD-02 customer-side nouns (2013)

/**
 * The seven 2013-only configuration nouns of MD-02 (use-cases.md §9.2, 2013 figs. 54–58, 62, 63; payloads.md §0.5:
 * present in 2013, no public schema, not in the 2024 list). Each is RECONSTRUCTED by the project from its CIM class
 * of the Customers package (CIM9-279..285): root <Noun>, 0..* objects; mRID, the simple attributes alphabetically,
 * then compound attributes and associations alphabetically (§0.3), validated leniently (PAY-01). The kinds
 * reuse the enumerations the notes give (CustomerKind, ServiceKind §4; SupplierKind §10.2); PricingStructure
 * `code` is §10.2. Each noun has a proposed Get<Noun> query profile with its object as identification-only
 * filter (CIM9-286).
 */
interface CustomerNounDef {
  noun: string;
  object: string;
  id: string;
  cls: string;
  children: ElementField[];
  extra: TypeDef[];
  note: string;
}

const SUPPLIER_KIND = enumeration('SupplierKind', `${P} §10.2`, ['other', 'retailer', 'utility']);

export const CUSTOMER_NOUNS: readonly CustomerNounDef[] = [
  {
    noun: 'ServiceSupplierConfig', object: 'ServiceSupplier', id: 'CIM9-279', cls: 'ServiceSupplier (an OrganisationRole)',
    children: [opt('mRID'), opt('issuerIdentificationNumber'), opt('kind', 'SupplierKind'), many('Names', 'Name')],
    extra: [SUPPLIER_KIND], note: 'ServiceSupplier keeps issuerIdentificationNumber and kind (SupplierKind other | retailer | utility, payloads.md §10.2).',
  },
  {
    noun: 'CustomerConfig', object: 'Customer', id: 'CIM9-280', cls: 'Customer (an OrganisationRole)',
    children: [opt('mRID'), opt('kind', 'CustomerKind'), opt('locale'), opt('pucNumber'), opt('specialNeed'), opt('vip', 'boolean'), many('Names', 'Name'), opt('status', 'Status')],
    extra: [CUSTOMER_KIND], note: 'Customer keeps kind (CustomerKind, payloads.md §4), locale, pucNumber, specialNeed, vip and status.',
  },
  {
    noun: 'CustomerAgreementConfig', object: 'CustomerAgreement', id: 'CIM9-281', cls: 'CustomerAgreement (an Agreement, hence a Document)',
    children: [
      opt('mRID'), opt('createdDateTime', 'dateTime'), opt('loadMgmt'), opt('signDate', 'date'), opt('type'),
      opt('Customer', 'Customer'), opt('CustomerAccount', 'CustomerAccount'), many('Names', 'Name'), many('PricingStructures', 'PricingStructure'),
      opt('ServiceCategory', 'ServiceCategory'), opt('ServiceSupplier', 'ServiceSupplier'), opt('status', 'Status'), many('UsagePoints', 'UsagePoint'), opt('validityInterval', 'DateTimeInterval'),
    ],
    extra: [], note: 'CustomerAgreement keeps createdDateTime, loadMgmt, signDate, type, status and validityInterval, and its associations Customer, CustomerAccount, PricingStructures, ServiceCategory, ServiceSupplier and UsagePoints, identification-only.',
  },
  {
    noun: 'CustomerAccountConfig', object: 'CustomerAccount', id: 'CIM9-282', cls: 'CustomerAccount (a Document)',
    children: [opt('mRID'), opt('billingCycle'), opt('budgetBill'), opt('createdDateTime', 'dateTime'), opt('type'), opt('Customer', 'Customer'), many('Names', 'Name'), opt('status', 'Status')],
    extra: [], note: 'CustomerAccount keeps billingCycle, budgetBill, createdDateTime, type and status, and the Customer it belongs to (identification-only).',
  },
  {
    noun: 'ServiceCategoryConfig', object: 'ServiceCategory', id: 'CIM9-283', cls: 'ServiceCategory',
    children: [opt('mRID'), opt('kind', 'ServiceKind'), many('Names', 'Name')],
    extra: [SERVICE_KIND], note: 'ServiceCategory keeps kind (ServiceKind, payloads.md §4 and §10.2).',
  },
  {
    noun: 'ServiceLocationConfig', object: 'ServiceLocation', id: 'CIM9-284', cls: 'ServiceLocation (a Location)',
    children: [
      opt('mRID'), opt('accessMethod'), opt('needsInspection', 'boolean'), opt('siteAccessProblem'), opt('type'),
      opt('mainAddress', 'StreetAddress'), many('Names', 'Name'), opt('status', 'Status'), many('UsagePoints', 'UsagePoint'),
    ],
    extra: [
      complex('StreetAddress', 'reconstructed (payloads.md §11)', opt('streetDetail', 'StreetDetail'), opt('townDetail', 'TownDetail')),
      complex('StreetDetail', 'reconstructed (payloads.md §11)', ...strings('addressGeneral', 'buildingName', 'code', 'name', 'number', 'prefix', 'suffix', 'suiteNumber', 'type'), opt('withinTownLimits', 'boolean')),
      complex('TownDetail', 'reconstructed (payloads.md §11)', ...strings('code', 'country', 'name', 'section', 'stateOrProvince')),
    ],
    note: 'ServiceLocation keeps accessMethod, needsInspection, siteAccessProblem, type, mainAddress (StreetAddress as in payloads.md §11) and status, and the UsagePoints it serves (identification-only).',
  },
  {
    noun: 'PricingStructureConfig', object: 'PricingStructure', id: 'CIM9-285', cls: 'PricingStructure (a Document)',
    children: [
      opt('mRID'), opt('code'), opt('dailyCeilingUsage', 'integer'), opt('dailyFloorUsage', 'integer'), opt('taxExemption', 'boolean'), opt('type'),
      many('Names', 'Name'), opt('ServiceCategory', 'ServiceCategory'), opt('status', 'Status'), many('UsagePoints', 'UsagePoint'),
    ],
    extra: [], note: 'PricingStructure keeps code (payloads.md §10.2), dailyCeilingUsage, dailyFloorUsage, taxExemption, type and status, and its ServiceCategory and UsagePoints (identification-only).',
  },
];

/** the reconstructed payload profile of one MD-02 customer-side noun */
function customerNounProfile(d: CustomerNounDef): ProfileDef {
  const refs = ['Customer', 'CustomerAccount', 'PricingStructure', 'ServiceCategory', 'ServiceSupplier', 'UsagePoint'].filter((r) => r !== d.object);
  const own = new Set(d.extra.map((t) => t.name));
  return {
    name: d.noun,
    root: d.noun,
    confidence: 'uncertain',
    sources: [`${P} §0.2, §0.3 (ordering rule), §0.4, §0.5 (inventory: ${d.noun}, 2013, no public schema)`, `use-cases.md §9.2 MD-02 (create|change|delete(${d.noun}))`, 'envelope.md §5.3 (noun list of the 2011 draft)'],
    assumptions: [
      `${d.id} (default): RECONSTRUCTED — no public schema of ${d.noun} exists (payloads.md §0.5: present in 2013, none public; use-cases.md §9.2, MD-02). The project writes it from the CIM class ${d.cls} of the Customers package, namespace http://iec.ch/TC57/2011/${d.noun}# by the naming convention of §0.2, root ${d.noun}; a user with the official schema supplies it with \`schemas:\`, which replaces this file for its namespace.`,
      `${d.id}: the element order follows the CIMTool rule of §0.3 and is validated leniently: pure order violations are warnings (PAY-01); referenced objects are identification-only (§0.4).`,
      `${d.id}: ${d.note}`,
    ],
    lenientOrder: ['PAY-01', d.id],
    types: typeTable(SHARED, d.extra, [
      complex(d.noun, `reconstructed (${d.id})`, many(d.object, d.object)),
      complex(d.object, `reconstructed (CIM ${d.object}, ${d.id})`, ...d.children),
      ...refs.filter((r) => !own.has(r) && d.children.some((c) => c.type === r)).map((r) => idOnly(r)),
    ]),
  };
}

/** the proposed Get<Noun> query profile of one MD-02 customer-side noun (CIM9-286) */
function customerNounGet(d: CustomerNounDef): ProfileDef {
  const p = simpleGet(`Get${d.noun}`, [d.object], [`use-cases.md §9.2 MD-02 (create then get returns the same attributes)`], ['CIM9-286']);
  p.assumptions = [...p.assumptions, `CIM9-286: no Get${d.noun} profile is known (2013, none public); the project proposes one with the ${d.object} as identification-only filter, as the other config queries.`];
  return p;
}

// ------------------------------------------------------------------------------- the list

/** children every config query shares (GetMeterConfig, §8) */
const CONFIG_QUERY = ['Customer', 'CustomerAccount', 'CustomerAgreement', 'ServiceLocation', 'UsagePoint', 'UsagePointGroup'];

/** the payload profiles of one pack */
export function profilesFor(edition: PackEdition): ProfileDef[] {
  if (edition === 'draft-2011') {
    return [meterReadings('draft'), endDeviceEvents('draft'), endDeviceControls('draft'), meterReadSchedule('draft-2011'), meterServiceRequests('draft')];
  }
  const y2024 = edition === '2024';
  const list: ProfileDef[] = [
    meterReadings('final'),
    getMeterReadings(),
    endDeviceEvents('final'),
    getEndDeviceEvents(),
    endDeviceControls('final'),
    getEndDeviceControls(),
    meterReadSchedule(edition),
    ...(y2024 ? [getMeterReadSchedules()] : []),
    meterConfig(),
    getConfig('GetMeterConfig', 'Meter', [...CONFIG_QUERY, 'EndDeviceGroup', 'Meter'], false),
    endDeviceConfig(),
    getConfig('GetEndDeviceConfig', 'EndDevice', [...CONFIG_QUERY, 'EndDevice', 'EndDeviceGroup'], true),
    usagePointConfig(),
    getConfig('GetUsagePointConfig', undefined, [...CONFIG_QUERY, 'EndDevice'], true),
    usagePointLocationConfig(),
    simpleGet('GetUsagePointLocationConfig', ['UsagePoint', 'UsagePointLocation'], [`${P} §11`], ['PAY-13']),
    masterDataLinkageConfig(),
    comModuleConfig(),
    getComModuleConfig(),
    groups('EndDevice'),
    simpleGet('GetEndDeviceGroups', ['EndDevice', 'EndDeviceGroup'], []),
    groups('UsagePoint'),
    simpleGet('GetUsagePointGroups', ['UsagePoint', 'UsagePointGroup'], []),
    // UC-33: the optional ObjectNamesConfig noun of the 2024 Annex J sample J.2.34 (not in the 2024 schema list)
    ...(y2024 ? [objectNamesConfig()] : []),
    // MSR-01: 2013 only (2024 keeps clause 5.5 with no profile, payloads.md §14)
    ...(edition === '2013' ? [meterServiceRequests('final')] : []),
    // PM-01..03: 2013 only (not in the 2024 schema list), reconstructed from the CIM classes (CIM9-270..272)
    ...(edition === '2013' ? [auxiliaryAgreementConfig(), receiptRecord(), transactionRecord()] : []),
    // MD-02: the seven customer-side config nouns, 2013 only, reconstructed (CIM9-279..286)
    ...(edition === '2013' ? CUSTOMER_NOUNS.flatMap((d) => [customerNounProfile(d), customerNounGet(d)]) : []),
  ];
  if (y2024) {
    // §0.3: the 2024 Get profiles have no public schema of their own (PAY-01 applies to all of them)
    for (const p of list) {
      if (p.name.startsWith('Get') && !p.lenientOrder) {
        p.lenientOrder = ['PAY-01'];
        p.confidence = 'uncertain' as Confidence;
        p.assumptions = [...p.assumptions, 'The 2024 query profiles are not public: the structure of the 2013-era source is kept and, as for every 2024 Get profile, pure order violations are warnings (PAY-01).'];
      }
    }
  }
  return list;
}

/** one row of the wrapper table of a pack */
export interface NounRow {
  noun: string;
  /** the query profile of the Get<Noun>Message wrapper (§4.3), when the noun has one */
  query?: string;
  /** a config noun: also the 2015-template <Noun>OperationSetMessage wrapper (§4.2) */
  config: boolean;
  /** extra sources and assumption lines of the noun wrapper's leading comment */
  sources?: string[];
  assumptions?: string[];
}

/** UC-33: the noun wrapper of the optional ObjectNamesConfig noun (2024 only) */
const OBJECT_NAMES_CONFIG_ROW: NounRow = {
  noun: 'ObjectNamesConfig',
  config: false,
  sources: ['use-cases.md §9.4 (Change ObjectNamesConfig, J.2.34: change request; the reply and the changed event of the four-step pattern, UC-30)'],
  assumptions: [
    'UC-33 (optional feature, default off): the noun is not in the 2024 schema list; its wrapper is the standard noun wrapper of §4.1 like every other noun, namespace http://iec.ch/TC57/2011/ObjectNamesConfigMessage by the same convention (not public). The sample uses ChangeObjectNamesConfig, ObjectNamesConfigResponseMessage and ChangedObjectNamesConfig; the other elements of §4.1 are declared as for every noun (the suite, not the schema, decides which verbs a SUT must support).',
    'UC-33: no Get wrapper (no query profile is known) and no OperationSet wrapper (the Annex J operation-set sample does not include the noun).',
  ],
};

/** MSR-01: the noun wrapper of MeterServiceRequests (2013 only; no Get profile: the notes give none) */
const MSR_ROW: NounRow = {
  noun: 'MeterServiceRequests',
  config: false,
  sources: ['use-cases.md §5.1 MSR-01 (create(MeterServiceRequests) ⇐ reply; created|changed(MeterServiceRequests) on completion)'],
  assumptions: [
    'CIM9-236: the standard noun wrapper of §4.1, namespace http://iec.ch/TC57/2011/MeterServiceRequestsMessage by the same convention; no Get wrapper (no GetMeterServiceRequests profile is known) and no OperationSet wrapper.',
  ],
};

/** PM-01..03: the noun wrappers of the reconstructed prepayment profiles (2013 only; no Get, no OperationSet) */
const PREPAYMENT_ROWS: NounRow[] = [
  ['AuxiliaryAgreementConfig', 'CIM9-270', 'create(AuxiliaryAgreementConfig) ⇐ reply'],
  ['ReceiptRecord', 'CIM9-271', 'created(ReceiptRecord) ⇐ ack'],
  ['TransactionRecord', 'CIM9-272', 'created(TransactionRecord) ⇐ ack'],
].map(([noun, id, flow]) => ({
  noun: noun!,
  config: false,
  sources: [`use-cases.md §7.2 PM-01..03 (${flow})`],
  assumptions: [`${id}: RECONSTRUCTED — the standard noun wrapper of §4.1, namespace http://iec.ch/TC57/2011/${noun}Message by the same convention (not public); no Get wrapper and no OperationSet wrapper (no query profile is known).`],
}));

/** MD-02: the noun wrappers of the seven customer-side config nouns (2013 only; Get proposed, no OperationSet wrapper) */
const CUSTOMER_NOUN_ROWS: NounRow[] = CUSTOMER_NOUNS.map((d) => ({
  noun: d.noun,
  query: `Get${d.noun}`,
  config: false,
  sources: [`use-cases.md §9.2 MD-02 (create|change|delete(${d.noun}) ⇐ reply)`],
  assumptions: [`${d.id}: RECONSTRUCTED — the standard noun wrapper of §4.1, namespace http://iec.ch/TC57/2011/${d.noun}Message by the same convention (not public); the Get${d.noun} query wrapper is proposed (CIM9-286).`],
}));

/**
 * The nouns of the noun wrappers (envelope.md §4.1) and the query profiles of the query wrappers
 * (§4.3) of a pack: [noun, query profile or undefined].
 */
export function nounsFor(edition: PackEdition): NounRow[] {
  if (edition === 'draft-2011') {
    return [
      { noun: 'MeterReadings', config: false },
      { noun: 'EndDeviceEvents', config: false },
      { noun: 'EndDeviceControls', config: false },
      { noun: 'MeterReadSchedule', config: false },
      MSR_ROW,
    ];
  }
  return [
    { noun: 'MeterReadings', query: 'GetMeterReadings', config: false },
    { noun: 'EndDeviceEvents', query: 'GetEndDeviceEvents', config: false },
    { noun: 'EndDeviceControls', query: 'GetEndDeviceControls', config: false },
    edition === '2024' ? { noun: 'MeterReadSchedules', query: 'GetMeterReadSchedules', config: false } : { noun: 'MeterReadSchedule', config: false },
    { noun: 'MeterConfig', query: 'GetMeterConfig', config: true },
    { noun: 'EndDeviceConfig', query: 'GetEndDeviceConfig', config: true },
    { noun: 'UsagePointConfig', query: 'GetUsagePointConfig', config: true },
    { noun: 'UsagePointLocationConfig', query: 'GetUsagePointLocationConfig', config: true },
    { noun: 'MasterDataLinkageConfig', config: true },
    { noun: 'ComModuleConfig', query: 'GetComModuleConfig', config: true },
    { noun: 'EndDeviceGroups', query: 'GetEndDeviceGroups', config: false },
    { noun: 'UsagePointGroups', query: 'GetUsagePointGroups', config: false },
    ...(edition === '2024' ? [OBJECT_NAMES_CONFIG_ROW] : []),
    ...(edition === '2013' ? [MSR_ROW] : []),
    ...(edition === '2013' ? PREPAYMENT_ROWS : []),
    ...(edition === '2013' ? CUSTOMER_NOUN_ROWS : []),
  ];
}
