/**
 * Annex E (EndDeviceEventType) and Annex F (EndDeviceControlType): the four part tables both kinds share,
 * the event and control codes in public use, and the default code sets of the use cases (codes.md §4, §6).
 *
 * Code = `<EndDeviceType>.<EndDeviceDomain>.<EndDeviceSubdomain>.<EndDeviceEventOrAction>`; 0 in a part means
 * "not applicable". Part tables ◐ (vendor enumerations). A few vendor entries reuse a number: both names are
 * kept and treated as unverified.
 */

/** one row of a part table: [code, name] (a code may appear twice: a documented duplicate) */
export type PartRow = readonly [number, string];

/** EndDeviceType (table E.1) ◐, 27 values */
export const END_DEVICE_TYPES: readonly PartRow[] = [
  [0, 'NA'], [1, 'DAPDevice'], [2, 'DERDevice'], [3, 'ElectricMeter'], [4, 'GasMeter'], [5, 'Gateway'],
  [6, 'DSPDevice'], [7, 'PANGateway'], [8, 'Transformer'], [10, 'Collector'], [11, 'NetworkRouter'],
  [12, 'PANDevice'], [13, 'Feeder'], [14, 'Generator'], [15, 'InPremisesDisplay(IPD/IHD)'],
  [16, 'LoadControlDevice'], [17, 'PANMeter'], [18, 'PrepaymentTerminal'], [19, 'ProgCtlThermostat(PCT)'],
  [20, 'RangeExtender'], [21, 'Regulator'], [22, 'Substation'], [23, 'EnergyRouter'], [24, 'WaterMeter'],
  [25, 'WasteWaterMeter'], [26, 'ComDevice'], [58, 'ElectricVehicle'],
];

/** EndDeviceDomain (table E.2) ◐, 37 values; 51–54 look vendor-specific (?) */
export const END_DEVICE_DOMAINS: readonly PartRow[] = [
  [0, 'NA'], [1, 'Communication'], [2, 'Battery'], [3, 'Cartridge'], [4, 'GasSupply'], [5, 'WaterSupply'],
  [6, 'Installation'], [7, 'Configuration'], [8, 'Demand'], [9, 'ModuleFirmware'], [10, 'Pairing'], [11, 'Firmware'],
  [12, 'Security'], [13, 'VideoDisplay'], [14, 'MobileSecurity'], [15, 'LoadControl'], [16, 'LoadProfile'],
  [17, 'Logs'], [18, 'Memory'], [19, 'Modem'], [20, 'Billing'], [21, 'Metrology'], [23, 'Network'], [26, 'Power'],
  [29, 'Pressure'], [31, 'RCDSwitch'], [35, 'Temperature'], [36, 'Clock'], [37, 'Watchdog'], [38, 'KYZPulseCounter'],
  [39, 'AssociatedDevice'], [40, 'Volume'], [41, 'Recoder'], [51, 'Scheduler1'], [52, 'Scheduler2'],
  [53, 'Scheduler3'], [54, 'Scheduler4'],
];

/** EndDeviceSubdomain (table E.3) ◐, 185 values; 126, 134 and 135 carry two names each (?) */
export const END_DEVICE_SUBDOMAINS: readonly PartRow[] = [
  [0, 'NA'], [1, 'Access'], [2, 'Allocation'], [3, 'AUTDProcess'], [4, 'Frequency'], [5, 'AutoRegistration'],
  [6, 'Current'], [7, 'AutoTime'], [8, 'Credit'], [9, 'Pricing'], [10, 'Identity'], [11, 'MaintMode'],
  [12, 'MeteringMode'], [13, 'BTU'], [14, 'Buffer'], [15, 'Cable'], [16, 'Calculation'], [17, 'Status'],
  [18, 'Calibration'], [19, 'TestMode'], [21, 'Certificate'], [22, 'Charge'], [23, 'Constants'], [24, 'Password'],
  [25, 'Phase'], [26, 'ControlPoint'], [27, 'PowerFactor'], [28, 'PowerQuality'], [29, 'Cover'], [30, 'CRC'],
  [31, 'Data'], [32, 'SecurityKey'], [33, 'DataLog'], [34, 'Date'], [35, 'Day'], [36, 'Decryption'], [38, 'Voltage'],
  [39, 'Concentration'], [40, 'Encoder'], [41, 'EncoderRegister'], [42, 'EPROM'], [43, 'Event'], [44, 'EventLog'],
  [45, 'EWM'], [46, 'Feature'], [47, 'FirmwareReset'], [48, 'Flow'], [49, 'FPV'], [50, 'Frames'], [51, 'GCAnalyzer'],
  [52, 'HeadEndSystem'], [53, 'HistoryLog'], [54, 'HMAC'], [55, 'Input'], [56, 'DaylightSavingsTime'],
  [57, 'InstallDate'], [58, 'IntelligentRegister'], [59, 'Interval'], [60, 'IO'], [61, 'LANAddress'],
  [62, 'LastRead'], [63, 'List'], [64, 'ListPointers'], [65, 'Login'], [66, 'MagneticSwitch'], [67, 'Measurement'],
  [68, 'Mesh'], [69, 'Mobile'], [70, 'MOL%'], [71, 'NetworkId'], [72, 'NVRAM'], [73, 'Window'], [74, 'Association'],
  [75, 'Parameter'], [76, 'ParentDevice'], [77, 'Parity'], [78, 'PhaseSequence'], [79, 'PhaseVoltage'],
  [80, 'PowerQualityRecording'], [81, 'PrepaymentCredit'], [82, 'Processor'], [83, 'Program'], [84, 'Pulse'],
  [85, 'RAM'], [86, 'Rate'], [87, 'Readings'], [88, 'Recovery'], [89, 'Register'], [90, 'Registration'],
  [91, 'Relay'], [92, 'ROM'], [93, 'Rotation'], [94, 'RTP'], [95, 'Schedule'], [96, 'SecondaryCredit'],
  [97, 'Holiday'], [98, 'SecuredRegister'], [99, 'SecuredTable'], [100, 'SelfTest'], [101, 'SetPoint'],
  [102, 'SigmaticMessage'], [103, 'Signature'], [104, 'SignatureLength'], [105, 'SignatureTimestamp'],
  [106, 'SignatureUsage'], [107, 'StandardTime'], [108, 'StandbyMode'], [109, 'Storage'], [110, 'Table'],
  [111, 'Test'], [112, 'TextMessage'], [113, 'Tier'], [114, 'Time'], [115, 'TimeReset'], [116, 'TimeSync'],
  [117, 'TimeVariance'], [118, 'TimeZone'], [119, 'SecurityKeyLength'], [120, 'SecurityKeyVersion'], [121, 'TOU'],
  [122, 'Tranceiver'], [123, 'Usage'], [124, 'Version'], [125, 'Timeout'], [126, 'PhaseA'],
  [126, 'PhaseAVoltagePotential'], [127, 'IPAddress'], [128, 'Door'], [129, 'Session'], [130, 'PhaseAngle'],
  [131, 'PhaseAVoltage'], [132, 'PhaseBVoltage'], [133, 'PhaseCVoltage'], [134, 'PhaseB'],
  [134, 'PhaseBVoltagePotential'], [135, 'PhaseC'], [135, 'PhaseCVoltagePotential'], [136, 'Radio'],
  [137, 'NeutralCurrent'], [138, 'EmergencySupplyCapacityLimit'], [139, 'SupplyCapacityLimit'], [140, 'Tariff'],
  [141, 'Enclosure'], [142, 'ADConverter'], [143, 'Display'], [144, 'Sensor'], [145, 'LowSpeedBus'],
  [146, 'OptionBoard'], [147, 'MeterBus'], [148, 'AllEvents'], [197, 'Queue'], [202, 'ReadAccess'],
  [211, 'RemoteAccess'], [228, 'Season'], [231, 'SelfRead'], [240, 'SpecificGravity'], [261, 'Threshold'],
  [282, 'WriteAccess'], [283, 'Activation'], [284, 'Checksum'], [285, 'AlarmTable'], [286, 'MeasurementType'],
  [287, 'PhaseACurrent'], [288, 'PhaseBCurrent'], [289, 'PhaseCCurrent'], [290, 'ApparentPower'],
  [291, 'PhaseAApparentPower'], [292, 'PhaseBApparentPower'], [293, 'PhaseCApparentPower'],
  [295, 'PhaseAReactivePower'], [296, 'PhaseBReactivePower'], [297, 'PhaseCReactivePower'], [298, 'Initialisation'],
  [300, 'Recoder'], [301, 'Setup1'], [302, 'Setup2'], [303, 'Setup3'], [304, 'Setup4'], [311, 'Pib'], [312, 'Mib'],
  [313, 'Pm1Affiliation'], [314, 'ValvePgv'], [315, 'Pdr'], [321, 'LoadProfile1'], [322, 'LoadProfile2'],
];

/** EndDeviceEventOrAction (table E.4) ◐, 149 values; 27 carries two names (?) */
export const END_DEVICE_EVENT_OR_ACTIONS: readonly PartRow[] = [
  [0, 'NA'], [1, 'Aborted'], [2, 'Accessed'], [3, 'Acknowledged'], [4, 'Activated'], [5, 'ArmForClosure'],
  [6, 'ArmForOpen'], [7, 'Attempted'], [8, 'Cancel'], [10, 'Cancelled'], [11, 'ArmedForClosure'],
  [12, 'ArmedForOpen'], [13, 'Change'], [14, 'ChangePending'], [15, 'Charged'], [16, 'Closed'], [17, 'Confirmed'],
  [18, 'Connect'], [19, 'Deactivated'], [20, 'Delayed'], [21, 'Calculated'], [22, 'Disable'], [23, 'Disconnect'],
  [24, 'Changed'], [25, 'Downloaded'], [26, 'Enable'], [27, 'ChangeOut'], [27, 'ChangeOutRequired'], [28, 'Cleared'],
  [29, 'Established'], [30, 'Execute'], [31, 'ColdStarted'], [32, 'Full'], [33, 'Initialized'], [34, 'InProgress'],
  [35, 'Invalid'], [36, 'Loaded'], [37, 'Normal'], [38, 'NotAuthorized'], [39, 'Opened'], [40, 'OutofRange'],
  [41, 'Preempted'], [42, 'Connected'], [43, 'Corrupted'], [44, 'Processed'], [45, 'CrossPhaseDetected'],
  [46, 'Read'], [47, 'LossDetected'], [48, 'Ready'], [49, 'Re-established'], [50, 'Registered'], [51, 'Released'],
  [52, 'Replaced'], [53, 'Restarted'], [54, 'Start'], [55, 'Stop'], [56, 'Substituted'], [57, 'Decreased'],
  [58, 'Succeeded'], [59, 'Terminated'], [60, 'Uploaded'], [61, 'Uninitialized'], [62, 'Unlocked'], [63, 'Unsecure'],
  [64, 'Expired'], [65, 'ResetFailed'], [66, 'Disabled'], [67, 'ConnectFailed'], [68, 'Disconnected'],
  [69, 'HighDistortion'], [70, 'CrossPhaseCleared'], [71, 'HighDistortionCleared'], [72, 'InactiveCleared'],
  [73, 'MaxLimitReachedCleared'], [74, 'OutofRangeCleared'], [75, 'ImbalanceCleared'], [76, 'Enabled'],
  [77, 'Display'], [78, 'Displayed'], [79, 'Error'], [80, 'Opted-In'], [81, 'Opted-Out'], [82, 'Create'],
  [83, 'Created'], [84, 'DisconnectFailed'], [85, 'Failed'], [86, 'CancelFailed'], [87, 'DisplayFailed'],
  [88, 'Frozen'], [91, 'Distorted'], [93, 'MaxLimitReached'], [98, 'Imbalanced'], [100, 'Inactive'],
  [102, 'Increased'], [105, 'Installed'], [139, 'Exceeded'], [150, 'MinLimitReached'], [159, 'Mismatched'],
  [160, 'NotFound'], [161, 'Disallowed'], [177, 'Overflow'], [212, 'Removed'], [213, 'Reprogrammed'], [214, 'Reset'],
  [215, 'ResetOccurred'], [216, 'Restored'], [217, 'StartFailed'], [218, 'StopFailed'], [219, 'Reversed'],
  [220, 'DisableFailed'], [221, 'EnableFailed'], [222, 'ArmForOpenFailed'], [223, 'SagStarted'], [224, 'SagStopped'],
  [225, 'Scheduled'], [226, 'ArmForClosureFailed'], [227, 'Sealed'], [242, 'Started'], [243, 'Stopped'],
  [248, 'SwellStarted'], [249, 'SwellStopped'], [257, 'TamperDetected'], [263, 'Tilted'], [269, 'Unsealed'],
  [270, 'Unstable'], [278, 'WarmStarted'], [279, 'ErrorCleared'], [280, 'ReadyForActivation'],
  [281, 'CorruptionCleared'], [282, 'WriteFailed'], [283, 'AlmostFull'], [285, 'Missing'], [286, 'LimitReached'],
  [287, 'EventStarted'], [288, 'EventStopped'], [289, 'SwitchPositionChanged'], [290, 'NotArmed'],
  [291, 'TamperCleared'], [292, 'MinLimitCleared'], [293, 'MaxLimitCleared'], [294, 'MinLimitChanged'],
  [295, 'MaxLimitChanged'], [296, 'LimitChanged'], [297, 'CreateFailed'], [298, 'Open'], [299, 'Close'],
  [300, 'Schedule'], [301, 'ScheduleFailed'], [303, 'TerminateFailed'],
];
/** the four parts, in code order */
export type EventPart = 'type' | 'domain' | 'subDomain' | 'eventOrAction';

export const EVENT_PART_TABLES: Readonly<Record<EventPart, readonly PartRow[]>> = {
  type: END_DEVICE_TYPES,
  domain: END_DEVICE_DOMAINS,
  subDomain: END_DEVICE_SUBDOMAINS,
  eventOrAction: END_DEVICE_EVENT_OR_ACTIONS,
};

/**
 * eventOrAction values that are commands (what a control asks for), as opposed to events (what happened):
 * ArmForClosure, ArmForOpen, Cancel, Change, Connect, Disable, Disconnect, Enable, Execute, Start, Stop,
 * Display, Create, Reset, Open, Close, Schedule (codes.md §4.5, §6.1).
 */
export const COMMAND_ACTIONS: ReadonlySet<number> = new Set([5, 6, 8, 13, 18, 22, 23, 26, 30, 54, 55, 77, 82, 214, 298, 299, 300]);

/**
 * How sure we are of a listed code: `verified` = ✔ in a public artefact; `vendor` = ◐ one vendor or sample;
 * `composed` = decodes from the part tables but was not seen in a public source (?).
 */
export type CodeEvidence = 'verified' | 'vendor' | 'composed';

export interface KnownDeviceCode {
  readonly code: string;
  /** paraphrased use */
  readonly meaning: string;
  readonly evidence: CodeEvidence;
  /** the kind (event vs control) of this code is confirmed even if its listing is not */
  readonly roleVerified?: boolean;
}

const k = (code: string, meaning: string, evidence: CodeEvidence, roleVerified?: boolean): KnownDeviceCode =>
  roleVerified ? { code, meaning, evidence, roleVerified } : { code, meaning, evidence };

/** EndDeviceEventType codes seen in public implementations, and those expected by composition (§4.6, §6.4) */
export const KNOWN_EVENT_CODES: readonly KnownDeviceCode[] = [
  k('3.26.0.85', 'meter power failure (outage, "last gasp" class)', 'verified'),
  k('3.26.0.216', 'power restored', 'verified'),
  k('3.26.0.47', 'power down', 'verified'),
  k('3.26.136.47', 'radio-reported power down', 'verified'),
  k('3.26.136.216', 'radio-reported power up', 'verified'),
  k('26.26.0.85', 'communication module power out', 'verified'),
  k('26.26.0.216', 'communication module power restored', 'verified'),
  k('3.12.0.257', 'tamper (EPRI tamper test code)', 'verified'),
  k('3.12.29.212', 'cover removed', 'verified'),
  k('3.2.22.150', 'low battery', 'verified'),
  k('3.11.17.52', 'firmware changed', 'verified'),
  k('3.26.131.223', 'phase-A under voltage (sag started)', 'verified'),
  k('3.26.131.248', 'phase-A over voltage (swell started)', 'verified'),
  k('3.26.132.223', 'phase-B sag started', 'vendor'),
  k('3.26.133.223', 'phase-C sag started', 'vendor'),
  k('3.26.131.150', 'phase-A voltage below minimum', 'verified'),
  k('3.26.79.223', 'sag started, phase unspecified', 'vendor'),
  k('3.26.79.248', 'swell started, phase unspecified', 'vendor'),
  k('3.26.38.150', 'low potential', 'verified'),
  k('3.26.38.98', 'voltage imbalance', 'verified'),
  k('3.36.0.79', 'clock error', 'verified'),
  k('3.36.34.24', 'date changed', 'verified'),
  k('3.7.0.24', 'configuration changed', 'verified'),
  k('3.7.0.79', 'configuration error', 'verified'),
  k('3.21.62.50', 'meter health (last read registered)', 'verified'),
  k('3.1.52.29', 'communication established', 'verified'),
  k('3.1.298.58', 'communication initialised', 'verified'),
  k('0.26.38.85', 'power down, device type unknown', 'vendor'),
  k('0.26.38.49', 'power up, device type unknown', 'vendor'),
  k('0.31.26.68', 'remote disconnection done', 'vendor'),
  k('0.31.26.42', 'remote connection done', 'vendor'),
  k('0.15.26.68', 'manual (local) disconnection', 'vendor'),
  k('0.15.26.42', 'manual (local) connection', 'vendor'),
  k('0.11.283.280', 'firmware ready for activation', 'vendor'),
  k('0.11.283.4', 'firmware activated', 'vendor'),
  k('0.12.43.257', 'tamper detected', 'vendor'),
  k('0.12.43.291', 'tamper cleared', 'vendor'),
  k('0.12.141.212', 'cover opened', 'vendor'),
  k('0.8.0.215', 'maximum demand reset occurred', 'vendor'),
  k('0.36.116.24', 'clock set', 'vendor'),
  k('1.26.25.85', 'phase failure', 'vendor'),
  k('10.26.80.59', 'gateway "last gasp" (vendor naming)', 'vendor'),
  k('4.26.0.85', 'gas meter main power outage start', 'vendor'),
  k('4.26.0.216', 'gas meter main power outage end', 'vendor'),
  k('0.12.40.257', 'encoder tamper detected (vendor event-response sample)', 'vendor'),
  k('0.10.5.54', 'PAN auto-registration started (device discovery)', 'vendor'),
  k('0.10.74.17', 'PAN association confirmed (device accepted)', 'vendor'),
  k('0.10.74.85', 'PAN association failed (device rejected)', 'vendor'),
  k('3.31.0.42', 'meter remote switch connected', 'composed', true),
  k('3.31.0.68', 'meter remote switch disconnected', 'composed', true),
  k('3.31.0.67', 'meter remote connect failed', 'composed'),
  k('3.31.0.84', 'meter remote disconnect failed', 'composed'),
  k('3.31.0.11', 'meter remote switch armed for closure', 'composed'),
  k('3.31.0.12', 'meter remote switch armed for open', 'composed'),
];

/** EndDeviceControlType codes in public use (§6.2, §6.3) and the concrete-type variants expected per use case */
export const KNOWN_CONTROL_CODES: readonly KnownDeviceCode[] = [
  k('3.31.0.23', 'remote disconnect (open the contactor)', 'verified'),
  k('3.31.0.18', 'remote connect / reconnect (close the contactor)', 'verified'),
  k('2.31.0.18', 'connect a DER device (group control example)', 'vendor'),
  k('0.0.0.0', 'other', 'vendor'),
  k('0.8.0.214', 'demand reset', 'vendor'),
  k('0.15.0.54', 'load control initiate', 'vendor'),
  k('0.15.0.55', 'load control terminate', 'vendor'),
  k('0.10.73.298', 'PAN pairing window open', 'vendor'),
  k('0.10.73.299', 'PAN pairing window close', 'vendor'),
  k('0.13.112.77', 'PAN text message display', 'vendor'),
  k('0.13.112.8', 'PAN text message cancel', 'vendor'),
  k('0.20.9.82', 'PAN price signal create', 'vendor'),
  k('0.15.148.8', 'PAN load control: cancel all events', 'vendor'),
  k('0.15.43.8', 'PAN load control: cancel event', 'vendor'),
  k('0.15.43.300', 'PAN load control: schedule event', 'vendor'),
  k('0.23.0.26', 'PAN network enable', 'vendor'),
  k('0.23.0.22', 'PAN network disable', 'vendor'),
  k('0.20.8.13', 'update credit days limit', 'vendor'),
  k('0.20.22.13', 'update credit amount', 'vendor'),
  k('0.20.140.13', 'change step tariff', 'vendor'),
  k('0.20.86.13', 'change tax rates', 'vendor'),
  k('0.20.283.54', 'switch tax and step tariff', 'vendor'),
  k('0.20.9.13', 'switch charge mode', 'vendor'),
  k('0.20.114.13', 'friendly day period update', 'vendor'),
  k('0.20.35.13', 'friendly weekdays update', 'vendor'),
  k('0.20.97.13', 'special day calendar send', 'vendor'),
  k('0.31.138.22', 'disable emergency supply capacity limit', 'vendor'),
  k('0.31.138.26', 'enable emergency supply capacity limit', 'vendor'),
  k('0.31.0.5', 'arm remote switch for closure', 'vendor'),
  k('0.31.0.6', 'arm remote switch for open', 'vendor'),
  k('0.31.0.18', 'close remote switch', 'vendor'),
  k('0.31.0.22', 'disable switch', 'vendor'),
  k('0.31.0.23', 'open remote switch', 'vendor'),
  k('0.31.0.26', 'enable switch', 'vendor'),
  k('0.31.139.22', 'disable supply capacity limit', 'vendor'),
  k('0.31.139.26', 'enable supply capacity limit', 'vendor'),
  k('0.12.32.13', 'key renewal', 'vendor'),
  k('0.12.32.83', 'generate key pair', 'vendor'),
  k('0.12.21.82', 'generate certificate signing request', 'vendor'),
  k('0.12.21.105', 'import certificate', 'vendor'),
  k('3.8.0.214', 'meter demand reset', 'composed'),
  k('3.15.0.54', 'load control start', 'composed'),
  k('3.15.0.55', 'load control stop', 'composed'),
  k('3.10.73.298', 'PAN pairing window open', 'composed'),
  k('3.10.73.299', 'PAN pairing window close', 'composed'),
  k('3.13.112.77', 'PAN text message display', 'composed'),
  k('3.13.112.8', 'PAN text message cancel', 'composed'),
  k('3.31.0.5', 'arm remote switch for closure', 'composed'),
  k('3.31.0.6', 'arm remote switch for open', 'composed'),
];

export interface ControlResultPair {
  /** control code; `x` stands for the device type, which the result events share */
  readonly control: string;
  readonly success: readonly string[];
  readonly failure: readonly string[];
}

/** control → expected result events, for correlating control tests (§6.4, ◐/?; failure events of the switch are ?) */
export const CONTROL_RESULT_EVENTS: readonly ControlResultPair[] = [
  { control: 'x.31.0.23', success: ['x.31.0.68'], failure: ['x.31.0.84'] },
  { control: 'x.31.0.18', success: ['x.31.0.42'], failure: ['x.31.0.67'] },
  { control: 'x.31.0.5', success: ['x.31.0.11'], failure: ['x.31.0.226'] },
  { control: 'x.31.0.6', success: ['x.31.0.12'], failure: ['x.31.0.222'] },
  { control: 'x.8.0.214', success: ['x.8.0.215'], failure: [] },
  { control: 'x.15.0.54', success: ['x.15.0.242'], failure: [] },
  { control: 'x.15.0.55', success: ['x.15.0.243'], failure: [] },
  { control: 'x.10.73.298', success: ['x.10.5.54', 'x.10.74.17'], failure: ['x.10.74.85'] },
];

/** UC-03 default outage event codes */
export const OUTAGE_EVENT_CODES: readonly string[] = ['3.26.0.85', '3.26.0.47', '3.26.136.47', '0.26.38.85'];
/** UC-03 default restoration event codes */
export const RESTORATION_EVENT_CODES: readonly string[] = ['3.26.0.216', '3.26.136.216', '0.26.38.49'];
/** same sets under the names other modules use */
export const OUTAGE_CODES = OUTAGE_EVENT_CODES;
export const RESTORATION_CODES = RESTORATION_EVENT_CODES;
/** UC-05 default meter-health domains: Communication, Battery, Configuration, Firmware, Memory, Metrology, Clock, Watchdog */
export const METER_HEALTH_DOMAINS: readonly number[] = [1, 2, 7, 11, 18, 21, 36, 37];
