/**
 * The assumption register (../shared/spec/README.md §8) as data, plus the points the suite itself had to
 * decide (`CIM9-nn`).
 *
 * Every uncertain point of the standard is a configurable option with an ID, a default and the values a
 * profile may choose instead (README §3). A value is either one of the listed tokens (short kebab-case
 * words, each with its meaning) or, where the register leaves the alternative open ("any",
 * "profile-defined"), a value of the open form of the entry (a string, a number, a list or a map).
 *
 * `resolveAssumptions` gives the full map in force; `validateAssumptions` lists unknown IDs and illegal
 * values (the profile loader maps them to file lines); `describeAssumptionValue` turns a value into the
 * string that findings and reports carry (`assumptions: { "ENV-07": "reply" }`).
 */

/** how sure the spec is about the point behind the entry (README §2): ✔ verified, ◐ vendor-observed, ? uncertain */
export type Confidence = 'verified' | 'vendor-observed' | 'uncertain';

/** the spec file an entry comes from; `suite` = decided by cim9 itself (CIM9-nn) */
export type AssumptionArea = 'envelope' | 'payloads' | 'codes' | 'use-cases' | 'eumed' | 'suite';

/** an assumption value: a token, a number, a list of strings, or a map of strings / string lists */
export type AssumptionValue =
  | string
  | number
  | readonly string[]
  | { readonly [key: string]: string | readonly string[] };

export interface AssumptionToken {
  readonly value: string;
  readonly meaning: string;
}

/** the open-ended alternative of an entry, where the register allows "any" or "profile-defined" */
export type OpenForm =
  | { readonly kind: 'string'; readonly description: string }
  | { readonly kind: 'number'; readonly description: string; readonly min: number; readonly unit?: string }
  | {
      readonly kind: 'list';
      readonly description: string;
      /** allowed items; absent = any string matching itemPattern (or any non-empty string) */
      readonly items?: readonly string[];
      readonly itemPattern?: string;
    }
  | {
      readonly kind: 'map';
      readonly description: string;
      /** allowed keys; absent = any key */
      readonly keys?: readonly string[];
      /** allowed scalar values; absent = any non-empty string */
      readonly values?: readonly string[];
      /** when set, every value is a non-empty list of strings matching this pattern */
      readonly listItemPattern?: string;
      /** keys left out take these values */
      readonly base?: { readonly [key: string]: string | readonly string[] };
    };

export interface AssumptionDef {
  readonly id: string;
  readonly area: AssumptionArea;
  readonly question: string;
  readonly default: AssumptionValue;
  /** the default in certification mode (profile `strict: true`), where the register makes it depend on the mode */
  readonly strictDefault?: AssumptionValue;
  /** the default in words (register column "Default") */
  readonly defaultMeaning: string;
  /** the allowed tokens, the default's token first when the default is a token */
  readonly tokens: readonly AssumptionToken[];
  readonly open?: OpenForm;
  readonly confidence: Confidence;
  /** file and section of ../shared/spec where the point is explained */
  readonly source: string;
}

const t = (value: string, meaning: string): AssumptionToken => ({ value, meaning });

const CODE4 = '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$';
const REPLY_CODE = '^[0-9]+\\.[0-9]+$';
const GENERATIONS = ['2013', 'draft-2011', 'wrappers-2015', 'ns-2016', 'wrappers-2017', 'ed2'] as const;

export const ASSUMPTIONS = [
  // ---------------------------------------------------------------- 8.1 envelope
  {
    id: 'ENV-01', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §1.1',
    question: 'Which namespace generations are accepted',
    default: '2013',
    defaultMeaning: 'detect and report the generation (rule ENV-GENERATION); accept only the generation of the profile\'s edition: 2013 ed.1 (http://iec.ch/TC57/2011/schema/message) for editions 2013 and 2024, draft-2011 for edition draft-2011',
    tokens: [
      t('2013', 'accept IEC 61968-100 ed.1 (2013) only; other generations are detected and reported'),
      t('draft-2011', 'accept the 2011 draft (www. namespace) only'),
      t('wrappers-2017', 'accept ed.1 with the 2017 noun wrappers'),
      t('ed2', 'accept IEC 61968-100 ed.2 (2021 namespace) only'),
      t('any', 'accept every known generation and report it'),
    ],
    open: { kind: 'list', items: GENERATIONS, description: `a list of accepted generations (${GENERATIONS.join(', ')})` },
  },
  {
    id: 'ENV-02', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §1.2',
    question: 'Validate the ed.2 (2021) envelope',
    default: 'off', defaultMeaning: 'off (ed.1 rules apply)',
    tokens: [t('off', 'ed.1 structure rules apply'), t('on', 'validate ed.2 envelopes (once ed.2 schemas are available)')],
  },
  {
    id: 'ENV-03', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §3.4',
    question: '`Error/xpath` is xs:QName, so a real XPath is schema-invalid',
    default: 'warning', defaultMeaning: 'report as warning, do not fail',
    tokens: [t('warning', 'a real XPath in Error/xpath is a warning'), t('failure', 'strict schema failure')],
  },
  {
    id: 'ENV-04', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §3.5',
    question: 'Encoding of `Compressed`',
    default: 'base64-gzip', defaultMeaning: 'base64 of gzip',
    tokens: [t('base64-gzip', 'base64 of gzip'), t('base64-raw', 'base64 of the raw payload'), t('uuencode', 'uuencoded')],
  },
  {
    id: 'ENV-05', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §3.5',
    question: 'Validate generic `Payload` content (processContents skip)',
    default: 'validate', defaultMeaning: 'yes, against the profile of the payload root',
    tokens: [t('validate', 'validate against the profile of the payload root'), t('skip', 'do not validate generic payload content')],
  },
  {
    id: 'ENV-06', area: 'envelope', confidence: 'verified', source: 'envelope.md §3.6',
    question: '`enforceTransactionalIntegrity` when absent',
    default: 'false', defaultMeaning: 'false (FDIS)',
    tokens: [t('false', 'absent means false (FDIS)'), t('true', 'absent means true (2011 draft)')],
  },
  {
    id: 'ENV-07', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §4.1, §4.4',
    question: 'Verb of a ResponseMessage',
    default: 'reply', defaultMeaning: '`reply`; past tense or echoed verb = warning',
    tokens: [
      t('reply', 'Verb=reply expected; a past-tense or echoed verb is a warning'),
      t('accept', 'any verb accepted silently'),
      t('fail', 'a verb other than reply is a failure'),
    ],
  },
  {
    id: 'ENV-08', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §4.2',
    question: 'Event wrapper variants (Payload|Reply choice, Reply+Payload)',
    default: 'strict', defaultMeaning: 'strict: standard only',
    tokens: [t('strict', 'only the standard event wrapper'), t('tolerant', 'implementation-tolerant: accept the variants and report them')],
  },
  {
    id: 'ENV-09', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §4.3, §4.4',
    question: 'Consistency wrapper element ↔ Verb ↔ Noun ↔ SOAP action',
    default: 'default',
    defaultMeaning: 'element↔Verb failure; Noun and action mismatch warning',
    tokens: [
      t('default', 'wrapper element ↔ Verb mismatch is a failure; Noun and SOAP action mismatches are warnings'),
      t('strict', 'every mismatch is a failure'),
      t('off', 'not checked'),
    ],
    open: {
      kind: 'map', keys: ['element', 'noun', 'action'], values: ['failure', 'warning', 'info', 'off'],
      base: { element: 'failure', noun: 'warning', action: 'warning' },
      description: 'severity per rule: element (wrapper element ↔ Verb), noun (Header/Noun ↔ payload root), action (SOAP action), each failure | warning | info | off; rules left out keep the default',
    },
  },
  {
    id: 'ENV-10', area: 'envelope', confidence: 'verified', source: 'envelope.md §5.2',
    question: 'Draft verbs (show, subscribe, report, …)',
    default: 'reject', defaultMeaning: 'reject unless generation = draft',
    tokens: [t('reject', 'reject draft verbs unless the message is of the draft generation'), t('accept', 'accept draft verbs')],
  },
  {
    id: 'ENV-11', area: 'envelope', confidence: 'verified', source: 'envelope.md §6',
    question: 'Form of a fault',
    default: 'either', defaultMeaning: 'SOAP fault with or without 61968-100 FaultMessage detail',
    tokens: [t('either', 'SOAP fault with or without a FaultMessage detail'), t('require-fault-message', 'require a 61968-100 FaultMessage in the detail')],
  },
  {
    id: 'ENV-12', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §6',
    question: 'Transport',
    default: 'soap-http', defaultMeaning: 'SOAP 1.1 over HTTP(S) (the SOAP version is sut.soapVersion)',
    tokens: [t('soap-http', 'SOAP over HTTP(S)'), t('broker', 'message broker (topic/queue ReplyAddress)')],
  },
  {
    id: 'ENV-13', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §7.1',
    question: 'Missing Timestamp / Source / MessageID',
    default: 'warning', defaultMeaning: 'warning',
    tokens: [t('warning', 'warning'), t('failure', 'failure'), t('ignore', 'not checked')],
  },
  {
    id: 'ENV-14', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §7.3',
    question: 'CorrelationID in responses and async results',
    default: 'request-correlation',
    defaultMeaning: 'must equal request CorrelationID when sent (failure); equal request MessageID when only that was sent (warning)',
    tokens: [
      t('request-correlation', 'must equal the request CorrelationID when sent (failure), the request MessageID when only that was sent (warning)'),
      t('strict', 'as request-correlation, but the MessageID case is a failure too'),
      t('off', 'not checked'),
    ],
  },
  {
    id: 'ENV-15', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §7.3',
    question: 'MessageID reuse',
    default: 'warning', defaultMeaning: 'warning',
    tokens: [t('warning', 'warning'), t('failure', 'failure')],
  },
  {
    id: 'ENV-16', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §7.3',
    question: 'Asynchronous result window',
    default: 300, defaultMeaning: '300 s (synchronous response timeout 60 s); the same value as timeouts.asyncResultSeconds',
    tokens: [],
    open: { kind: 'number', min: 1, unit: 's', description: 'any number of seconds (kept equal to timeouts.asyncResultSeconds)' },
  },
  {
    id: 'ENV-17', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §7.4',
    question: 'Get/cancel pattern',
    default: 'cancel-transaction-id',
    defaultMeaning: '`cancel(<Noun>)` with `Request/ID kind="transaction"` = original MessageID; no results afterwards',
    tokens: [t('cancel-transaction-id', 'cancel(<Noun>) naming the original MessageID in Request/ID kind="transaction"; no results afterwards')],
    open: { kind: 'string', description: 'a profile-defined pattern name' },
  },
  {
    id: 'ENV-18', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §8',
    question: '`FAILED` without `Error`',
    default: 'warning', defaultMeaning: 'warning',
    tokens: [t('warning', 'warning'), t('failure', 'failure')],
  },
  {
    id: 'ENV-19', area: 'envelope', confidence: 'vendor-observed', source: 'envelope.md §8',
    question: 'Non-Annex-B error codes',
    default: 'finding', strictDefault: 'failure', defaultMeaning: 'finding (info); failure in certification mode (the profile requires Annex B)',
    tokens: [t('finding', 'a finding (info)'), t('failure', 'failure (the profile requires Annex B)')],
  },
  {
    id: 'ENV-20', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §8',
    question: 'OperationSet rollback reporting',
    default: 'lenient', defaultMeaning: '`FAILED` required; code `5.9` warning if absent',
    tokens: [t('lenient', 'FAILED required; a missing 5.9 is a warning'), t('strict', 'FAILED and 5.9 required')],
  },

  // ---------------------------------------------------------------- 8.2 payloads
  {
    id: 'PAY-01', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.3',
    question: 'Order of profiles without a public schema',
    default: 'lenient', defaultMeaning: 'CIMTool ordering rule; order violations = warning for `?` profiles',
    tokens: [t('lenient', 'CIMTool ordering rule, violations are warnings for ? profiles'), t('strict', 'order violations are failures')],
  },
  {
    id: 'PAY-02', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §0.4',
    question: 'Cardinality of Name / NameType / NameTypeAuthority',
    default: 'standard', defaultMeaning: 'as payloads.md §0.4',
    tokens: [t('standard', 'cardinalities of payloads.md §0.4'), t('vendor', 'vendor inline cardinalities')],
  },
  {
    id: 'PAY-03', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5',
    question: '2024 profile namespaces',
    default: 'keep-2011', defaultMeaning: 'keep `http://iec.ch/TC57/2011/<Profile>#`',
    tokens: [t('keep-2011', 'http://iec.ch/TC57/2011/<Profile># for 2024 profiles too')],
    open: { kind: 'map', description: 'per-profile configuration: profile name → namespace URI' },
  },
  {
    id: 'PAY-04', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §1.4',
    question: 'Interval reading timeStamp',
    default: 'end', defaultMeaning: 'end of interval',
    tokens: [t('end', 'end of the interval'), t('start', 'start of the interval')],
  },
  {
    id: 'PAY-05', area: 'payloads', confidence: 'verified', source: 'payloads.md §1.4',
    question: 'Type of `value`',
    default: 'by-generation', defaultMeaning: 'string holding a decimal number (final); float (draft)',
    tokens: [t('by-generation', 'string holding a decimal number (final); float (draft)')],
  },
  {
    id: 'PAY-06', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §1.9',
    question: 'Content of ReadingType attribute elements',
    default: 'lenient', defaultMeaning: 'lenient (any string)',
    tokens: [
      t('lenient', 'any string'),
      t('numeric', 'numeric codes'),
      t('literal', 'CIM literals'),
      t('agree', 'must agree with the 18-field code'),
    ],
  },
  {
    id: 'PAY-07', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §4',
    question: 'GetEndDeviceEvents shape',
    default: 'older', defaultMeaning: 'older vendor shape (§4.1); newer accepted with finding',
    tokens: [t('older', 'older vendor shape; the newer is accepted with a finding'), t('newer', 'newer shape only')],
  },
  {
    id: 'PAY-08', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §5.9',
    question: 'Order of PAN action elements',
    default: 'by-generation', defaultMeaning: 'by generation: draft = base elements first; final = flattened alphabetical',
    tokens: [t('by-generation', 'draft: base elements first; final: flattened alphabetical')],
  },
  {
    id: 'PAY-09', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §6',
    question: 'MeterReadSchedule(s) naming',
    default: 'by-edition',
    defaultMeaning: '2013: `MeterReadSchedule` in `…/2011/MeterReadSchedule#`; 2024: `MeterReadSchedules` in `…/2011/MeterReadSchedules#`',
    tokens: [t('by-edition', '2013: MeterReadSchedule; 2024: MeterReadSchedules (both in …/2011/…#)')],
    open: { kind: 'string', description: 'a profile-defined profile name' },
  },
  {
    id: 'PAY-10', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §7.3',
    question: 'Seal variants',
    default: 'both', defaultMeaning: 'accept both',
    tokens: [
      t('both', 'accept both vendor copies'),
      t('meter-config', 'only the MeterConfig copy (mRID, Names, sealNumber 0..1)'),
      t('end-device-config', 'only the EndDeviceConfig copy (sealNumber 1..1)'),
    ],
  },
  {
    id: 'PAY-11', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §8',
    question: 'Where a config Get filter goes',
    default: 'request', defaultMeaning: 'Get profile in `Request`; noun profile in `Payload` accepted with finding',
    tokens: [t('request', 'Get profile in Request; noun profile in Payload accepted with a finding'), t('payload-only', 'noun profile in Payload only')],
  },
  {
    id: 'PAY-12', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §10.2',
    question: '`UsagePoint.status` in UsagePointConfig',
    default: 'vendor-extension', defaultMeaning: 'vendor extension',
    tokens: [t('vendor-extension', 'a vendor extension'), t('standard', 'a standard element')],
  },
  {
    id: 'PAY-13', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §11',
    question: 'UsagePointLocationConfig namespace / structure',
    default: 'http://iec.ch/TC57/2011/UsagePointLocationConfig#',
    defaultMeaning: '`http://iec.ch/TC57/2011/UsagePointLocationConfig#`, lenient validation',
    tokens: [],
    open: { kind: 'string', description: 'the profile-defined namespace URI (validation stays lenient)' },
  },
  {
    id: 'PAY-14', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §12.2',
    question: 'Verb ending a master-data link',
    default: 'close-or-delete', defaultMeaning: 'accept `close` and `delete`',
    tokens: [t('close-or-delete', 'accept close and delete'), t('close', 'close only'), t('delete', 'delete only')],
  },
  {
    id: 'PAY-15', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §13',
    question: 'ComModuleConfig namespace / structure',
    default: 'http://iec.ch/TC57/2011/ComModuleConfig#', defaultMeaning: '`http://iec.ch/TC57/2011/ComModuleConfig#`, lenient',
    tokens: [],
    open: { kind: 'string', description: 'the profile-defined namespace URI (validation stays lenient)' },
  },
  {
    id: 'PAY-16', area: 'payloads', confidence: 'vendor-observed', source: 'payloads.md §15',
    question: 'Vendor extensions',
    default: 'reject', defaultMeaning: 'certification: reject; development: accept declared list and report (no list declared by default)',
    tokens: [t('reject', 'no vendor extension is accepted')],
    open: { kind: 'list', description: 'the declared vendor extension elements (e.g. Meter.formNumber): accepted and reported as findings, but still rejected in certification mode (strict)' },
  },

  // ---------------------------------------------------------------- 8.3 codes
  {
    id: 'COD-01', area: 'codes', confidence: 'vendor-observed', source: 'codes.md (introduction)',
    question: 'Vendor values ≥ 1000',
    default: 'finding', strictDefault: 'reject', defaultMeaning: 'strict reject; tolerant: finding',
    tokens: [t('finding', 'a finding (vendor-tolerant)'), t('reject', 'rejected (the default in certification mode)')],
  },
  {
    id: 'COD-02', area: 'codes', confidence: 'verified', source: 'codes.md (introduction)',
    question: 'Structurally valid but unknown values',
    default: 'finding', defaultMeaning: 'finding',
    tokens: [t('finding', 'a finding, not a failure'), t('failure', 'failure')],
  },
  {
    id: 'COD-03', area: 'codes', confidence: 'uncertain', source: 'codes.md §1',
    question: 'Negative field values in ReadingType',
    default: 'field16-only', defaultMeaning: 'allowed only in field 16',
    tokens: [t('field16-only', 'only field 16 (multiplier) may be negative')],
  },
  {
    id: 'COD-04', area: 'codes', confidence: 'verified', source: 'codes.md §1',
    question: 'Resolution of `ref`',
    default: 'failure', defaultMeaning: 'must decode as the code of its kind or match a type defined in the payload; else failure',
    tokens: [t('failure', 'an unresolved ref is a failure'), t('warning', 'an unresolved ref is a warning')],
  },
  {
    id: 'COD-05', area: 'codes', confidence: 'uncertain', source: 'codes.md §2.1',
    question: '2024 Annex B content',
    default: '2013-list', defaultMeaning: '2013 list',
    tokens: [t('2013-list', 'the 2013 Annex B list (codes.md §2.2)')],
    open: { kind: 'list', itemPattern: REPLY_CODE, description: 'a profile-defined list of reply codes' },
  },
  {
    id: 'COD-06', area: 'codes', confidence: 'vendor-observed', source: 'codes.md §2.3',
    question: 'Expected Annex B code per negative scenario',
    default: 'claimed', defaultMeaning: 'only when the SUT claims Annex B (pics.<role>.annexB; codes in expectedCodes)',
    tokens: [t('claimed', 'assert expectedCodes only when pics.<role>.annexB is true'), t('always', 'always assert expectedCodes')],
  },
  {
    id: 'COD-07', area: 'codes', confidence: 'vendor-observed', source: 'codes.md §2.3',
    question: 'Annex B conformance',
    default: 'finding', strictDefault: 'failure', defaultMeaning: 'finding unless required by the profile (failure in certification mode)',
    tokens: [t('finding', 'a finding'), t('failure', 'failure')],
  },
  {
    id: 'COD-08', area: 'codes', confidence: 'verified', source: 'codes.md §4.1',
    question: 'Event / control part decoding',
    default: 'decode', defaultMeaning: 'every part must exist in its table',
    tokens: [t('decode', 'every part must exist in its table'), t('lenient', 'unknown parts are findings (info)')],
  },
  {
    id: 'COD-09', area: 'codes', confidence: 'vendor-observed', source: 'codes.md §4.1',
    question: 'EndDeviceType 0 in event/control codes',
    default: 'accept', defaultMeaning: 'accepted',
    tokens: [t('accept', 'accepted'), t('reject', 'rejected')],
  },
  {
    id: 'COD-10', area: 'codes', confidence: 'uncertain', source: 'codes.md §4.6',
    question: 'Composed but unlisted codes (e.g. `3.31.0.68`)',
    default: 'accept', defaultMeaning: 'accepted',
    tokens: [t('accept', 'accepted'), t('reject', 'rejected')],
  },
  {
    id: 'COD-11', area: 'codes', confidence: 'verified', source: 'codes.md §5.1',
    question: 'ReadingType / quality names',
    default: 'not-compared', defaultMeaning: 'not compared',
    tokens: [t('not-compared', 'names are not compared')],
  },
  {
    id: 'COD-12', area: 'codes', confidence: 'vendor-observed', source: 'codes.md §5.8',
    question: 'MeasurementKind literal spelling (e.g. code 54)',
    default: 'vendor-camelcase', defaultMeaning: 'accept camelCase of the vendor constant and known alternates',
    tokens: [t('vendor-camelcase', 'camelCase of the vendor constant and known alternates'), t('2024-list', 'the 2024 list')],
  },
  {
    id: 'COD-13', area: 'codes', confidence: 'uncertain', source: 'codes.md §5.10',
    question: 'Range of tou / cpp / consumptionTier',
    default: '0-255', defaultMeaning: '0–255',
    tokens: [t('0-255', '0 to 255')],
  },
  {
    id: 'COD-14', area: 'codes', confidence: 'vendor-observed', source: 'codes.md §5.14',
    question: 'Alphabetic currency text in the `currency` element',
    default: 'accept', strictDefault: 'reject', defaultMeaning: 'accepted in lenient mode (rejected in certification mode)',
    tokens: [t('accept', 'accepted'), t('reject', 'rejected')],
  },
  {
    id: 'COD-15', area: 'codes', confidence: 'vendor-observed', source: 'codes.md §5.15',
    question: 'ReadingType plausibility checks',
    default: 'warning', defaultMeaning: 'warnings',
    tokens: [t('warning', 'warnings'), t('off', 'not checked'), t('failure', 'failures')],
  },
  {
    id: 'COD-16', area: 'codes', confidence: 'uncertain', source: 'codes.md §6.3',
    question: 'Control codes with type 0 vs concrete device type',
    default: 'accept-both', defaultMeaning: 'accept both',
    tokens: [t('accept-both', 'type 0 and the concrete device type'), t('concrete', 'the concrete device type only')],
  },

  // ---------------------------------------------------------------- 8.4 use cases
  {
    id: 'UC-01', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §2.1',
    question: 'Outage "ping" message',
    default: 'get-meter-readings', defaultMeaning: '`get(MeterReadings)`',
    tokens: [
      t('get-meter-readings', 'get(MeterReadings)'),
      t('get-end-device-events', 'get(EndDeviceEvents)'),
      t('create-end-device-controls', 'create(EndDeviceControls)'),
    ],
  },
  {
    id: 'UC-02', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §2.2',
    question: 'MDM relay leg in outage request/reply',
    default: 'when-suite-plays-ms', defaultMeaning: 'asserted only when the suite plays the MS',
    tokens: [t('when-suite-plays-ms', 'asserted only when the suite plays the MS')],
  },
  {
    id: 'UC-03', area: 'use-cases', confidence: 'vendor-observed', source: 'use-cases.md §2.3',
    question: 'Outage / restoration code sets',
    default: {
      outage: ['3.26.0.85', '3.26.0.47', '3.26.136.47', '0.26.38.85'],
      restoration: ['3.26.0.216', '3.26.136.216', '0.26.38.49'],
    },
    defaultMeaning: '{3.26.0.85, 3.26.0.47, 3.26.136.47, 0.26.38.85} / {3.26.0.216, 3.26.136.216, 0.26.38.49}',
    tokens: [],
    open: {
      kind: 'map', keys: ['outage', 'restoration'], listItemPattern: CODE4,
      base: {
        outage: ['3.26.0.85', '3.26.0.47', '3.26.136.47', '0.26.38.85'],
        restoration: ['3.26.0.216', '3.26.136.216', '0.26.38.49'],
      },
      description: 'profile-defined: outage and/or restoration lists of EndDeviceEventType codes; a list left out keeps the default',
    },
  },
  {
    id: 'UC-04', area: 'use-cases', confidence: 'vendor-observed', source: 'use-cases.md §2.4',
    question: 'Restoration timing bound',
    default: 'off', defaultMeaning: 'off (EPRI profile: 99 % within 30 min)',
    tokens: [t('off', 'not asserted'), t('on', 'EPRI bound: 99 % of restorations within 30 min')],
  },
  {
    id: 'UC-05', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §2.5',
    question: 'Meter-health domains',
    default: ['1', '2', '7', '11', '18', '21', '36', '37'], defaultMeaning: '{1, 2, 7, 11, 18, 21, 36, 37}',
    tokens: [],
    open: { kind: 'list', itemPattern: '^[0-9]+$', description: 'a profile-defined list of EndDeviceEventType domain numbers' },
  },
  {
    id: 'UC-06', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §2.6',
    question: 'Health forwarding to MM/WM',
    default: 'off', defaultMeaning: 'not tested',
    tokens: [t('off', 'not tested (the EDE-06 scenarios are not applicable)'), t('on', 'tested: features/health-forward.feature, in the form CIM9-165 says')],
  },
  {
    id: 'UC-07', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §2.7',
    question: 'EndDeviceEventDetails names',
    default: 'not-asserted', defaultMeaning: 'not asserted',
    tokens: [t('not-asserted', 'detail names are not asserted')],
    open: { kind: 'list', description: 'profile-defined detail names that must be present' },
  },
  {
    id: 'UC-08', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §2.8',
    question: 'Power quality via events or readings',
    default: 'either', defaultMeaning: 'accept either',
    tokens: [t('either', 'events or readings'), t('events', 'events only'), t('readings', 'readings only')],
  },
  {
    id: 'UC-09', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §3.1',
    question: 'Ending a read schedule',
    default: 'cancel', defaultMeaning: '`cancel` (accept `delete`): the suite ends a read schedule with cancel(MeterReadSchedule(s)); the reference head-end takes either verb',
    tokens: [t('cancel', 'cancel, delete accepted'), t('delete', 'the suite ends a read schedule with delete(MeterReadSchedule(s))')],
  },
  {
    id: 'UC-10', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §3.2',
    question: 'Manual-read quality code `x.4.131`',
    default: 'warning', defaultMeaning: 'warning if absent',
    tokens: [t('warning', 'warning if absent'), t('failure', 'failure if absent'), t('off', 'not checked')],
  },
  {
    id: 'UC-11', area: 'use-cases', confidence: 'vendor-observed', source: 'use-cases.md §3.3',
    question: 'On-demand read verbs',
    default: 'get-reply', defaultMeaning: 'get/reply (2013); create/created accepted for draft generation',
    tokens: [t('get-reply', 'get/reply (2013); create/created accepted for the draft generation')],
  },
  {
    id: 'UC-12', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §3.4',
    question: 'Large query results',
    default: 'single-or-partial', defaultMeaning: 'single reply; PARTIAL + 0.1 … 0.2 sequence supported',
    tokens: [t('single-or-partial', 'a single reply, or PARTIAL with 0.1 … 0.2'), t('paged', 'a range larger than the SUT answers at once (CIM9-252) must come in pages, PARTIAL with 0.1 … 0.2')],
  },
  {
    id: 'UC-13', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §3.5',
    question: 'Billing-inquiry `reason`',
    default: 'not-asserted', defaultMeaning: 'not asserted',
    tokens: [t('not-asserted', 'not asserted'), t('inquiry', 'reason=inquiry required'), t('billing', 'reason=billing required')],
  },
  {
    id: 'UC-14', area: 'use-cases', confidence: 'vendor-observed', source: 'use-cases.md §3.4, §3.6',
    question: 'Time conventions (end-of-interval, alignment, offsets) and gaps in interval data',
    default: 'warning',
    defaultMeaning: 'as use-cases.md §3.6, warnings; a gap in interval data is accepted only where a reading next to it carries a skipped-interval (`x.4.4`) or known-missing-read (`x.5.259`) quality code',
    tokens: [
      t('warning', 'time-convention violations are warnings; gaps accepted where x.4.4 or x.5.259 marks them'),
      t('failure', 'time-convention violations are failures; gaps accepted where x.4.4 or x.5.259 marks them'),
    ],
    open: {
      kind: 'map', keys: ['conventions', 'gaps'], values: ['warning', 'failure', 'marked', 'data-collection', 'never'],
      base: { conventions: 'warning', gaps: 'marked' },
      description: 'conventions: warning | failure (severity of time-convention findings); gaps: marked (a gap is accepted where x.4.4 skipped interval or x.5.259 known missing read marks it) | data-collection (any data-collection code x.4.n, or x.5.259) | never (every gap is a failure)',
    },
  },
  {
    id: 'UC-15', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §3.8',
    question: 'Coincident reading time tolerance',
    default: 1, defaultMeaning: '±1 s',
    tokens: [],
    open: { kind: 'number', min: 0, unit: 's', description: 'any tolerance in seconds' },
  },
  {
    id: 'UC-16', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §4.1',
    question: '`issuerTrackingID` echoed in control results',
    default: 'warning', defaultMeaning: 'warning',
    tokens: [t('warning', 'warning if not echoed'), t('failure', 'failure if not echoed'), t('off', 'not checked')],
  },
  {
    id: 'UC-17', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §4.2',
    question: 'Load-control unit installation flow',
    default: 'off', defaultMeaning: 'not in default scope',
    tokens: [t('off', 'not in scope'), t('on', 'in scope')],
  },
  {
    id: 'UC-18', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §4.3',
    question: 'Change-of-program messages',
    default: 'change-usage-point-config', defaultMeaning: '`change(UsagePointConfig)` then control/config change',
    tokens: [t('change-usage-point-config', 'change(UsagePointConfig), then a control or config change')],
    open: { kind: 'string', description: 'a profile-defined flow name' },
  },
  {
    id: 'UC-19', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §4.5',
    question: 'Meter change-out flow',
    default: 'as-specified', defaultMeaning: 'as use-cases.md §4.5',
    tokens: [t('as-specified', 'the flow of use-cases.md §4.5')],
    open: { kind: 'string', description: 'a profile-defined flow name' },
  },
  {
    id: 'UC-20', area: 'use-cases', confidence: 'vendor-observed', source: 'use-cases.md §4.6',
    question: 'Connect/disconnect request noun from CIS',
    default: 'by-generation', defaultMeaning: '`EndDeviceControls` (2013); `MeterServiceRequests` for draft/EPRI',
    tokens: [t('by-generation', 'EndDeviceControls (2013); MeterServiceRequests for the draft/EPRI generation')],
  },
  {
    id: 'UC-21', area: 'use-cases', confidence: 'verified', source: 'use-cases.md §4.6',
    question: 'Connect/disconnect completion message',
    default: 'any',
    defaultMeaning: 'accept `created(EndDeviceControls)` and/or `created(EndDeviceEvents)`; EPRI `changed(MeterServiceRequests)`',
    tokens: [
      t('any', 'created(EndDeviceControls) and/or created(EndDeviceEvents); EPRI changed(MeterServiceRequests)'),
      t('created-end-device-controls', 'created(EndDeviceControls) only'),
      t('created-end-device-events', 'created(EndDeviceEvents) only'),
      t('changed-meter-service-requests', 'changed(MeterServiceRequests) only'),
    ],
  },
  {
    id: 'UC-22', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §4.8',
    question: 'Price-signal representation',
    default: 'either', defaultMeaning: 'accept `priceSignal` or `PanPricing`',
    tokens: [t('either', 'priceSignal or PanPricing'), t('price-signal', 'priceSignal only'), t('pan-pricing', 'PanPricing only')],
  },
  {
    id: 'UC-23', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §4.9',
    question: 'Result granularity of group controls',
    default: 'either', defaultMeaning: 'accept per-device or aggregated',
    tokens: [t('either', 'per-device or aggregated'), t('per-device', 'per-device only'), t('aggregated', 'aggregated only')],
  },
  {
    id: 'UC-24', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §5.1',
    question: 'Meter service request flows',
    default: 'off', defaultMeaning: 'configurable, not in default scope',
    tokens: [t('off', 'not in scope'), t('on', 'in scope')],
  },
  {
    id: 'UC-25', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §6.1',
    question: 'Firmware upgrade evidence',
    default: 'events', defaultMeaning: 'events only; config change optional',
    tokens: [t('events', 'events required; a config change is optional'), t('events-and-config', 'events and a config change required')],
  },
  {
    id: 'UC-26', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §7.1',
    question: 'Customer switching',
    default: 'off', defaultMeaning: 'not in default scope',
    tokens: [t('off', 'not in scope')],
  },
  {
    id: 'UC-27', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §7.2',
    question: 'Prepayment profiles',
    default: 'out-of-scope', defaultMeaning: 'out of scope',
    tokens: [t('out-of-scope', 'out of scope')],
  },
  {
    id: 'UC-28', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §8.1',
    question: 'PAN pairing flow',
    default: 'as-specified', defaultMeaning: 'as use-cases.md §8.1, configurable',
    tokens: [t('as-specified', 'the flow of use-cases.md §8.1')],
    open: { kind: 'string', description: 'a profile-defined flow name' },
  },
  {
    id: 'UC-29', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §9.2',
    question: 'Publication (step 3) after a master-data change',
    default: 'when-subscribed', defaultMeaning: 'required only if the suite is registered as subscriber',
    tokens: [t('when-subscribed', 'required only if the suite is registered as subscriber'), t('always', 'always required')],
  },
  {
    id: 'UC-30', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §9.4',
    question: 'Content of the four Annex J steps',
    default: 'request-reply-event-ack', defaultMeaning: 'request / reply / past-tense event / ack',
    tokens: [t('request-reply-event-ack', 'request, reply, past-tense event, ack')],
    open: { kind: 'string', description: 'a profile-defined step pattern' },
  },
  {
    id: 'UC-31', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §9.4',
    question: 'Encoding of "delete details"',
    default: 'operation-set', defaultMeaning: 'OperationSet with `verb=delete`, `elementOperation=true`; alternatives accepted with finding',
    tokens: [
      t('operation-set', 'OperationSet with verb=delete, elementOperation=true; alternatives accepted with a finding'),
      t('operation-set-only', 'OperationSet only'),
      t('delete-message-only', 'Delete<Noun> with elementOperation semantics only'),
    ],
  },
  {
    id: 'UC-32', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §9.4',
    question: 'Header Noun of an `execute` OperationSet request',
    default: 'any', defaultMeaning: 'accept any; report',
    tokens: [t('any', 'any Noun accepted and reported'), t('operation-set', 'Noun=OperationSet required')],
  },
  {
    id: 'UC-33', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §9.4',
    question: 'ObjectNamesConfig noun',
    default: 'off', defaultMeaning: 'optional feature, off',
    tokens: [t('off', 'not tested'), t('on', 'tested')],
  },
  {
    id: 'UC-34', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §10',
    question: 'Query with no match',
    default: 'either', defaultMeaning: 'accept `OK` with empty payload or `FAILED` with an "invalid …" code',
    tokens: [t('either', 'OK with an empty payload or FAILED with an "invalid …" code'), t('ok-empty', 'OK with an empty payload only'), t('failed', 'FAILED with an "invalid …" code only')],
  },
  {
    id: 'UC-35', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §11',
    question: 'EUMED exchange pattern',
    default: 'either', defaultMeaning: 'publication (`created`) or query reply, both accepted',
    tokens: [t('either', 'publication (created) or query reply'), t('publication', 'publication only'), t('query-reply', 'query reply only')],
  },

  // ---------------------------------------------------------------- 8.5 EUMED
  {
    id: 'EUM-01', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3',
    question: 'Namespace',
    default: 'unconfigured', defaultMeaning: '**must be configured**; fixtures use a fake placeholder',
    tokens: [t('unconfigured', 'no namespace configured: EUMED scenarios against a SUT are not applicable; fixtures use a fake placeholder')],
    open: { kind: 'string', description: 'the EUMED namespace URI' },
  },
  {
    id: 'EUM-02', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3',
    question: 'Root element',
    default: 'MeterReadingSet', defaultMeaning: '`MeterReadingSet`',
    tokens: [t('MeterReadingSet', 'root element MeterReadingSet')],
    open: { kind: 'string', description: 'a profile-defined root element name' },
  },
  {
    id: 'EUM-03', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §1.4, §3.5',
    question: 'Literals vs numeric code in ReadingType',
    default: 'literals', defaultMeaning: 'literals required; numeric code optional, must agree if present',
    tokens: [t('literals', 'literals required; a numeric code is optional and must agree'), t('numeric', 'numeric code only')],
  },
  {
    id: 'EUM-04', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3.1',
    question: 'Name of MeterReading children of the root',
    default: 'either', defaultMeaning: 'accept `MeterReading` and `MeterReadings`',
    tokens: [t('either', 'MeterReading or MeterReadings'), t('singular', 'MeterReading only'), t('plural', 'MeterReadings only')],
  },
  {
    id: 'EUM-05', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §1.4, §3.4',
    question: 'How ReadingQuality carries the code',
    default: 'any', defaultMeaning: 'accept `ReadingQualityType/@ref`, a code attribute, or the code in `comment`',
    tokens: [
      t('any', 'ReadingQualityType/@ref, a code attribute or the code in comment'),
      t('quality-type-ref', 'ReadingQualityType/@ref only'),
      t('code-attribute', 'a code attribute only'),
      t('comment', 'the code in comment only'),
    ],
  },
  {
    id: 'EUM-06', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3.4',
    question: 'ReadingType embedded or referenced',
    default: 'embedded', defaultMeaning: 'embedded',
    tokens: [t('embedded', 'embedded ReadingType object'), t('ref', 'ReadingType by ref')],
  },
  {
    id: 'EUM-07', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3',
    question: 'Strictness',
    default: 'lenient', defaultMeaning: 'lenient (order and unknown elements = findings)',
    tokens: [t('lenient', 'order and unknown elements are findings'), t('strict', 'strict (once Annex L is known)')],
  },
  {
    id: 'EUM-08', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3',
    question: 'Envelope and Noun',
    default: 'envelope-or-standalone', defaultMeaning: '61968-100 payload with Noun `MeterReadingSet`; standalone documents accepted',
    tokens: [t('envelope-or-standalone', '61968-100 payload with Noun MeterReadingSet; standalone documents accepted')],
    open: { kind: 'string', description: 'a profile-defined Noun or packaging' },
  },
  {
    id: 'EUM-09', area: 'eumed', confidence: 'vendor-observed', source: 'eumed.md §3.3',
    question: 'CustomerKind literals',
    default: '2013', defaultMeaning: '2013 list',
    tokens: [t('2013', 'the 2013 list'), t('extended', 'the extended list of later CIM versions')],
  },
  {
    id: 'EUM-10', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3.4',
    question: 'Type of `value`',
    default: 'decimal', defaultMeaning: 'decimal number (float or string)',
    tokens: [t('decimal', 'a decimal number, as float or string')],
  },
  {
    id: 'EUM-11', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §3.7',
    question: 'Metering-point identifier checks',
    default: 'off', defaultMeaning: 'off; EAN-18 GS1 check digit available',
    tokens: [t('off', 'not checked'), t('ean-18', 'EAN-18 with GS1 check digit')],
    open: { kind: 'string', description: 'a per-market check name' },
  },
  {
    id: 'EUM-12', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §4',
    question: 'Interval timestamp semantics',
    default: 'end', defaultMeaning: 'end of interval',
    tokens: [t('end', 'end of the interval'), t('start', 'start of the interval')],
  },
  {
    id: 'EUM-13', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §5',
    question: 'ReadingType per Annex M message kind',
    default: 'eumed-table', defaultMeaning: 'eumed.md §5 table, warnings',
    tokens: [t('eumed-table', 'the table of eumed.md §5; mismatches are warnings')],
    open: { kind: 'map', keys: ['loadCurve', 'maxPower', 'index'], description: 'profile-defined: message kind (loadCurve, maxPower, index) → ReadingType code' },
  },
  {
    id: 'EUM-14', area: 'eumed', confidence: 'uncertain', source: 'eumed.md §5',
    question: 'Max-power timestamp',
    default: 'either', defaultMeaning: 'time of the maximum or end of the macro period, both accepted',
    tokens: [t('either', 'time of the maximum or end of the macro period'), t('time-of-maximum', 'time of the maximum only'), t('end-of-period', 'end of the macro period only')],
  },

  // ---------------------------------------------------------------- suite decisions
  {
    id: 'CIM9-01', area: 'suite', confidence: 'vendor-observed', source: 'envelope.md §7.3; use-cases.md §3.2',
    question: 'Verb of the asynchronous result of a get (on-request read with AsyncReplyFlag)',
    default: 'created',
    defaultMeaning: '`created(MeterReadings)` at the ReplyAddress (vendor SendMeterReadings); `get` has no past tense',
    tokens: [
      t('created', 'the asynchronous result is created(<Noun>); reply is a warning'),
      t('reply', 'the asynchronous result is reply(<Noun>); created is a warning'),
      t('either', 'created or reply accepted'),
    ],
  },
  {
    id: 'CIM9-10', area: 'suite', confidence: 'uncertain', source: 'envelope.md §7.2; use-cases.md §0.3, §9.4 (UC-30 step 2)',
    question: 'Step 2 of an asynchronous master-data request: the acknowledgement',
    default: 'ok',
    defaultMeaning: '`reply(<Noun>)` with Result `OK` and no error code (informational `0.0` / `0.3` accepted)',
    tokens: [
      t('ok', 'Result OK; Error codes, if any, informational (0.0 or 0.3)'),
      t('ok-simple-ack', 'Result OK with Error/code 0.3 (simple acknowledgement)'),
    ],
  },
  {
    id: 'CIM9-11', area: 'suite', confidence: 'uncertain', source: 'envelope.md §7.2, §7.3; use-cases.md §9.4 (UC-30 step 3)',
    question: 'Step 3 of an asynchronous master-data request: the result at the ReplyAddress',
    default: 'past-tense-event',
    defaultMeaning: 'an EventMessage with the past tense of the request verb (created, changed, deleted, closed, executed), the request\'s CorrelationID and the resulting payload (or OperationSet)',
    tokens: [
      t('past-tense-event', 'an EventMessage with the past-tense verb and the resulting payload'),
      t('past-tense-or-reply', 'that, or a ResponseMessage (reply) at the ReplyAddress whose Reply is the result (warning)'),
    ],
  },
  {
    id: 'CIM9-12', area: 'suite', confidence: 'uncertain', source: 'envelope.md §7.2 step 4; use-cases.md §9.4 (UC-30 step 4)',
    question: 'Step 4 of an asynchronous master-data request: the acknowledgement of the result',
    default: 'ack',
    defaultMeaning: 'the suite answers the result with `reply(<Noun>)` Result `OK` and the result\'s CorrelationID, and records it as step 4',
    tokens: [
      t('ack', 'the suite acknowledges the result (reply, OK) and records the acknowledgement as step 4'),
      t('none', 'no step 4: the HTTP response to the result is not part of the exchange'),
    ],
  },
  {
    id: 'CIM9-13', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §9.2 ("duplicates rejected or idempotent")',
    question: 'Answer to a create of an object that already exists',
    default: 'reject',
    defaultMeaning: 'Result `FAILED` (with a CIM9-14 `duplicate` code when the SUT claims Annex B); the object stays as it was',
    tokens: [
      t('reject', 'FAILED; the existing object is unchanged'),
      t('idempotent', 'OK; the existing object is unchanged'),
      t('either', 'FAILED or OK; the existing object is unchanged'),
    ],
  },
  {
    id: 'CIM9-14', area: 'suite', confidence: 'uncertain', source: 'codes.md §2.2, §2.3; use-cases.md §9.1, §9.2',
    question: 'Annex B codes of the master-data business-rule violations',
    default: { linkedElsewhere: ['2.13', '2.29'], relationshipMismatch: ['2.29', '2.13'], duplicate: ['6.1', '2.4', '2.12', '2.30', '2.32'] },
    defaultMeaning: 'meter already linked elsewhere: 2.13 or 2.29; link that does not exist: 2.29 or 2.13; duplicate create: 6.1 or the "invalid …" code of the object (2.4, 2.12, 2.30, 2.32)',
    tokens: [],
    open: {
      kind: 'map', keys: ['linkedElsewhere', 'relationshipMismatch', 'duplicate'], listItemPattern: REPLY_CODE,
      base: { linkedElsewhere: ['2.13', '2.29'], relationshipMismatch: ['2.29', '2.13'], duplicate: ['6.1', '2.4', '2.12', '2.30', '2.32'] },
      description: 'profile-defined: the accepted codes per case (linkedElsewhere, relationshipMismatch, duplicate); a case left out keeps the default',
    },
  },
  {
    id: 'CIM9-40', area: 'suite', confidence: 'uncertain', source: 'eumed.md §4 (DST days); use-cases.md §3.6',
    question: 'Time zone of the market whose local days EUMED load curves follow (23-hour and 25-hour days)',
    default: 'Europe/Amsterdam', defaultMeaning: 'Europe/Amsterdam (the Dutch implementation that follows EUMED)',
    tokens: [],
    open: { kind: 'string', description: 'an IANA time-zone name, e.g. Europe/Paris' },
  },
  {
    id: 'CIM9-50', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §9.2 (MeterConfig "… or MS → MDM"; publications created|changed|deleted), §4.2, §4.5, §5.4 (UC-19)',
    question: 'How the head-end tells its master-data subscriber of a meter installed in or removed from the field',
    default: 'created-deleted-or-changed',
    defaultMeaning: 'installed: `created(MeterConfig)`; removed: `deleted(MeterConfig)`, or `changed(MeterConfig)` whose Meter carries `lifecycle/removalDate` or `status` (reported as info)',
    tokens: [
      t('created-deleted-or-changed', 'installed: created(MeterConfig); removed: deleted(MeterConfig), or changed(MeterConfig) with lifecycle/removalDate or status (info)'),
      t('created-deleted', 'installed: created(MeterConfig); removed: deleted(MeterConfig) only'),
      t('created-changed', 'installed: created(MeterConfig); removed: changed(MeterConfig) with lifecycle/removalDate or status only'),
    ],
  },
  {
    id: 'CIM9-51', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 (P2, P4), §9.2 (UC-29), §9.4',
    question: 'Content of a master-data publication after a change: the whole object, or only the elements that changed',
    default: 'either',
    defaultMeaning:
      'the object as it now is, or a delta (its identity and every element of the change, each with its new value; reported as info). The public facts fix the verb of the publication (P2 `changed(<Noun>)`) but not its content: §9.4 says "the resulting payload" only with "?", and a change request itself is a delta (§9.2 "change only changes what was sent"), so neither form is established. A created object is published in full and a delete by its identity whatever the value',
    tokens: [
      t('either', 'the object as it now is, or a delta with every element of the change (info)'),
      t('full', 'the object as it now is: every fact a follow-up Get shows'),
      t('delta', 'the identity and every element of the change with its new value; nothing else compared'),
    ],
  },
  {
    id: 'CIM9-60', area: 'suite', confidence: 'uncertain', source: 'envelope.md §6 (a validating server answers schema-invalid input with a SOAP Client fault; ENV-11)',
    question: 'Which refusals a SOAP fault may stand for, instead of a ResponseMessage with Result FAILED and the Annex B code of the case',
    default: 'schema',
    defaultMeaning:
      'only the requests a validating server rejects before reading them: a schema-invalid request (1.8) and a request without a mandatory Header element (1.5). Every other negative case (an unknown meter, an unsupported verb, a business rule) must be refused with Result FAILED and its code; a SOAP fault there is a finding. The fault itself is read under ENV-11',
    tokens: [
      t('schema', 'a SOAP fault stands for the refusal of a schema-invalid request or one without a mandatory Header element only'),
      t('any', 'a SOAP fault stands for the refusal of any negative case (its FaultMessage codes are still compared)'),
      t('none', 'never: every refusal is a ResponseMessage with Result FAILED'),
    ],
  },
  {
    id: 'CIM9-61', area: 'suite', confidence: 'uncertain', source: 'the brief ("a negative must see the refusal it expects"); envelope.md §6',
    question: 'Whether a negative verdict needs the valid twin of the refused request to have been accepted by the same service in the run',
    default: 'required',
    defaultMeaning:
      'a refusal only shows that the SUT refuses this defect when the same service accepted the same request without the defect: the suite sends the valid twin when the run has not yet seen the service accept one, and a negative whose twin was refused too is inconclusive (verdict error, not a verdict on the SUT)',
    tokens: [
      t('required', 'the valid twin must have been accepted (sent when not yet seen); otherwise the negative is inconclusive'),
      t('off', 'the refusal alone decides the negative (a SUT that refuses everything passes the negatives)'),
    ],
  },
  {
    id: 'CIM9-75', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §7.3 (asynchronous pattern: the result is sent to the ReplyAddress); nothing public says whether a repeated delivery (a retry) is allowed',
    question: 'An asynchronous result delivered to the ReplyAddress more than once (ENV-ASYNC-ONCE)',
    default: 'warning', strictDefault: 'failure',
    defaultMeaning: 'a second delivery of a result within timeouts.quietSeconds is a warning (a failure in certification mode): a retry after a lost acknowledgement may be legitimate, but the suite acknowledged each one',
    tokens: [t('warning', 'warning'), t('failure', 'failure'), t('off', 'not checked')],
  },
  {
    id: 'CIM9-83', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 (P6 relay: "MDM may answer from its own store"), §3.3 MR-03 step 2 ("when a fresh read is needed")',
    question: 'Whether an MDM with a head-end may answer an on-request read (MR-03) from its own store instead of asking the head-end',
    default: 'relay',
    defaultMeaning:
      'an on-request read is a fresh read: when the suite plays the MDM\'s head-end (pics.MDM.sends), the MDM must ask it (get(MeterReadings)) before it answers the CIS; an answer without that request is a failure (DOM-RELAY-ASKED). With store-allowed such an answer is reported as info and its values are not compared with the head-end\'s',
    tokens: [
      t('relay', 'the MDM must relay the on-request read to the head-end'),
      t('store-allowed', 'the MDM may answer from its own store (info; the relayed values are then not checked)'),
    ],
  },
  {
    id: 'CIM9-93', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §4.6 step 4; codes.md §6.4 and the vendor event table (0.31.26.68 / 0.31.26.42 NA.RCDSwitch.ControlPoint.Disconnected / Connected ◐)',
    question: 'The switch event of a remote disconnect / connect in its vendor form (0.31.26.68 / 0.31.26.42) instead of the Annex E pair of the command (3.31.0.68 / 3.31.0.42)',
    default: 'accept',
    defaultMeaning: 'accepted as the result of the command, reported as info (a vendor head-end names the remote switch ControlPoint, device type 0)',
    tokens: [
      t('accept', 'the vendor event is the result of the command (info)'),
      t('warning', 'the vendor event is the result of the command, with a warning'),
      t('reject', 'only the Annex E pair of the command (x.31.0.68 / x.31.0.42) is the result; the vendor form is a failure'),
    ],
  },
  {
    id: 'CIM9-94', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 step 5 (✔ EPRI connect/disconnect read, 2011 draft), §3.9 MR-09 (?, UC-15, 2024 fig. 28)',
    question: 'The final (disconnect) / initial (connect) register read created(MeterReadings) the head-end sends the MDM after the switch',
    default: 'warning',
    defaultMeaning: 'expected: its absence within timeouts.eventSeconds is a warning; a read that comes is checked (reason serviceDisconnect / serviceConnect, the meter, not before the switch event beyond UC-15) and a wrong one fails',
    tokens: [
      t('warning', 'its absence is a warning; a read that comes is checked'),
      t('failure', 'required: its absence is a failure; a read that comes is checked'),
      t('off', 'not waited for and not checked'),
    ],
  },
  {
    id: 'CIM9-120', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.1 step 4 (cancel(EndDeviceControls) ⇐ reply ⇠ canceled(EndDeviceControls) (?); "cancel stops further events")',
    question: 'What may still reach the requester about a load-control event after its cancel(EndDeviceControls) was accepted',
    default: 'none',
    defaultMeaning: 'no EndDeviceEvent of the control\'s devices (Started, Stopped, opt-in/out) arrives after the cancel reply, until the control\'s interval would have ended and timeouts.quietSeconds after it; a canceled(EndDeviceControls) / created(EndDeviceControls) acknowledgement is not counted',
    tokens: [
      t('none', 'no event of the control after the cancel'),
      t('stopped-once', 'one Stopped event (x.15.0.243) per device, dated not after the cancel reply (clock skew), reporting the early end; anything else fails'),
    ],
  },
  {
    id: 'CIM9-121', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.1 step 1 (primaryDeviceTiming: duration, randomisation, interval); payloads.md §5.4',
    question: 'The length of the load-control event the suite asks for (primaryDeviceTiming.interval from the request time), which is also the window its result events must fall in',
    default: 2, defaultMeaning: '2 s, and never less than 2 × timeouts.quietSeconds + 1 s so that the event still runs when the cancel comes (the interval starts when the request is sent, ends on a whole second; randomisation start)',
    tokens: [],
    open: { kind: 'number', min: 1, unit: 's', description: 'any length in seconds (a real head-end may need minutes)' },
  },
  {
    id: 'CIM9-122', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.9 (disconnect by group: target EndDeviceGroups); payloads.md §5 (EndDeviceGroups is IdOnly in EndDeviceControls)',
    question: 'How the head-end learns the members of the EndDeviceGroup a control targets',
    default: 'create-end-device-groups',
    defaultMeaning: 'the suite defines the group first with create(EndDeviceGroups) naming its members (all but the last meter of data.meters); a head-end that declines it with a Reply (FAILED) leaves the scenario in error (set-up, not a finding); a broken answer or a SOAP fault to the valid request is a finding',
    tokens: [t('create-end-device-groups', 'create(EndDeviceGroups) before the control')],
  },
  {
    id: 'CIM9-123', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.8, §8.3 (create(EndDeviceControls) ⇐ reply); the 2013 ResponseMessage may carry the payload',
    question: 'Whether the reply to create(EndDeviceControls) with a PAN control or a price signal returns the controls accepted, which is where the suite sees what the head-end took',
    default: 'required',
    defaultMeaning: 'the reply returns every control accepted, with its PAN action and prices (EDC-PAN-ACTION, EDC-PRICE); a reply without EndDeviceControls leaves nothing to check: the scenario ends in error (not a verdict)',
    tokens: [t('required', 'the reply returns the controls; without them the scenario cannot judge the head-end (error)')],
  },
  {
    id: 'CIM9-124', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.1 step 3 (created(EndDeviceControls) (executed) and/or created(EndDeviceEvents) from devices)',
    question: 'What counts as the result of a load control (or a group control) for a device',
    default: 'events',
    defaultMeaning: 'an EndDeviceEvent of the device with the result event of the command (x.15.0.242 Started ...); a created(EndDeviceControls) alone does not count',
    tokens: [
      t('events', 'the result event of the device'),
      t('events-or-controls', 'the result event, or a created(EndDeviceControls) naming the device and the control (its mRID or issuerTrackingID)'),
    ],
  },
  {
    id: 'CIM9-110', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.2 EDE-02 (?, UC-02: "MDM may answer from recent data without asking the MS"), §0.3 P6',
    question: "Whether an MDM with a head-end may answer the OMS's meter ping (EDE-02) from its own recent data instead of asking the head-end",
    default: 'warning', strictDefault: 'relay',
    defaultMeaning:
      "when the suite plays the MDM's head-end (pics.MDM.sends), an MDM that answers the OMS's ping without asking it is a warning (a failure in certification mode): use-cases.md allows an answer from recent data, but the sequence is uncertain. Its answer is then checked as a ping answer (every meter accounted for); the relayed status is not compared",
    tokens: [
      t('relay', 'the MDM must relay the ping to the head-end: an answer without asking it is a failure (DOM-RELAY-ASKED)'),
      t('warning', 'an answer without asking the head-end is a warning'),
      t('store-allowed', 'the MDM may answer from its own data (info)'),
    ],
  },
  {
    id: 'CIM9-130', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.2 (?: "domain 6 Installation; action 212 Removed / 105 Installed / 27 ChangeOut"); codes.md §4.3, §4.5 (◐ tables; 27 = ChangeOut and ChangeOutRequired), §4.6 (no change-out code seen in public)',
    question: 'Which events of a meter change-out tell the removal of the old meter and the installation of the new one',
    default: 'removed-installed',
    defaultMeaning: 'the old meter has an event with eventOrAction 212 Removed or 27 ChangeOut, the new meter one with 105 Installed or 27 ChangeOut (any EndDeviceType, any subdomain); each of these has domain 6 Installation (MSR-CHANGEOUT-CODE); other events of the two meters in the same messages are not judged',
    tokens: [
      t('removed-installed', 'old meter: 212 or 27; new meter: 105 or 27; domain 6'),
      t('any-installation', 'any event of domain 6 of each meter counts (the action is not judged); an event of action 212 / 105 / 27 outside domain 6 still fails'),
    ],
  },
  {
    id: 'CIM9-131', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.2 (? sequence: "removal of the old meter and installation of the new one")',
    question: 'Whether the removal event of the old meter must not be dated after the installation event of the new one',
    default: 'removal-first',
    defaultMeaning: 'the earliest removal (or change-out) event of the old meter is dated no later than the latest installation (or change-out) event of the new meter (equal times allowed); otherwise MSR-CHANGEOUT-ORDER fails',
    tokens: [t('removal-first', 'removal not after installation'), t('off', 'the order of the two events is not judged')],
  },
  {
    id: 'CIM9-132', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §5.3 (✔ EPRI tamper flow: 3.12.0.257); codes.md §4.6 (vendor 0.12.43.257, 0.12.40.257)',
    question: 'Which EndDeviceEventType codes count as the tamper event of a meter (MSR-03)',
    default: 'security-257',
    defaultMeaning: 'any x.12.y.257: domain 12 Security, eventOrAction 257 TamperDetected, any EndDeviceType (0 or the meter\'s) and subdomain (3.12.0.257 of the EPRI test, vendor 0.12.43.257)',
    tokens: [t('security-257', 'x.12.y.257'), t('epri-exact', 'exactly 3.12.0.257, the EPRI test code')],
  },
  {
    id: 'CIM9-133', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §8.2 (PAN-02: "EndDeviceType part ∈ PAN types"); codes.md §4.2 (◐ EndDeviceType table)',
    question: 'The EndDeviceTypes (part 1 of EndDeviceEventType) of PAN devices',
    default: ['12', '15', '16', '17', '19'], defaultMeaning: '{12 PANDevice, 15 InPremisesDisplay, 16 LoadControlDevice, 17 PANMeter, 19 ProgCtlThermostat}',
    tokens: [],
    open: { kind: 'list', itemPattern: '^[0-9]+$', description: 'a profile-defined list of EndDeviceType numbers' },
  },
  {
    id: 'CIM9-134', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §8.2 (nothing says how a PAN device event names the meter it belongs to); payloads.md §3.2 (Assets 0..1, UsagePoint 0..1)',
    question: 'How an event of a PAN device of a meter tells which meter it belongs to',
    default: 'usage-point-or-meter',
    defaultMeaning: 'the event names the meter\'s usage point (UsagePoint) or the meter itself (Assets, the meter reporting for its PAN); the PAN device is then the Assets when it is not the meter',
    tokens: [t('usage-point-or-meter', 'UsagePoint of the meter, or Assets = the meter')],
  },
  {
    id: 'CIM9-140', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §6.1 MSE-01 (?, UC-25: "changed(EndDeviceConfig | MeterConfig) with new firmwareID"); payloads.md §7.3, §9 (the 2013 foreword moved firmware data into EndDeviceConfig ✔)',
    question: 'Which noun carries the configuration change the head-end tells the MDM after a firmware upgrade (MSE-01)',
    default: 'either',
    defaultMeaning: 'changed(EndDeviceConfig) or changed(MeterConfig), with the new firmwareID on a ComFunction or SimpleEndDeviceFunction of the device',
    tokens: [
      t('either', 'changed(EndDeviceConfig) or changed(MeterConfig)'),
      t('EndDeviceConfig', 'changed(EndDeviceConfig) only (the profile that absorbed EndDeviceFirmware in 2013)'),
      t('MeterConfig', 'changed(MeterConfig) only'),
    ],
  },
  {
    id: 'CIM9-141', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §6.1 MSE-01 (?, UC-25); codes.md §4.6 (3.11.17.52 Firmware.Status.Replaced ✔ utility firmware header; x.11.283.280 / x.11.283.4 ◐ vendor)',
    question: "Whether the head-end must tell the MDM the 'firmware replaced' event (3.11.17.52) after an activated firmware upgrade",
    default: 'optional',
    defaultMeaning: 'the ready for activation → activated sequence is enough; a replaced event that comes is accepted (after an activation) and its absence is not reported',
    tokens: [
      t('optional', 'the replaced event may come (no finding without it)'),
      t('required', 'an activated upgrade without a replaced event of the meter is a failure (FW-SEQUENCE)'),
    ],
  },
  {
    id: 'CIM9-160', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.8 EDE-08 (?, UC-08: "min / max / average voltage per phase, THD, frequency, power factor"); codes.md §5.8 (measurementKind ◐)',
    question: 'Which ReadingType measurement kinds (field 7) count as power-quality measurements the head-end tells the MDM after a disturbance (EDE-08)',
    default: 'extended',
    defaultMeaning: 'the kinds use-cases.md names (RMS voltage 54, voltage 158, THD 47, frequency 15, power factor 38) and the related ones: other power factors (2, 34, 64), distortion volt-amperes (10), current (4), angles (5, 55), imbalances (6, 57), excursions (56, 81), sequences (33, 36, 60), sag, swell and dips (41, 42, 49–53), power quality (137), AC voltage peaks (160, 161); any other kind is EDE-PQ-KIND',
    tokens: [
      t('extended', 'the named kinds and the related ones (the default)'),
      t('named', 'only RMS voltage, voltage, THD, frequency and power factor (54, 158, 47, 15, 38)'),
    ],
  },
  {
    id: 'CIM9-180', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.3, §4.4 ("reprogramming command", ?); codes.md §6.3 (x.20.140.13 Billing.Tariff.Change ◐ vendor), §4.4 (subdomain 121 TOU)',
    question: 'The EndDeviceControlType of the reprogramming command the suite sends for a change of customer program (EDC-04)',
    default: '3.20.121.13',
    defaultMeaning: '3.20.121.13 ElectricMeter.Billing.TOU.Change (composed from the part tables: a new time-of-use program)',
    tokens: [
      t('3.20.121.13', 'ElectricMeter.Billing.TOU.Change (composed)'),
      t('3.20.140.13', 'ElectricMeter.Billing.Tariff.Change (the vendor code 0.20.140.13 with the device type)'),
      t('0.20.140.13', 'NA.Billing.Tariff.Change (vendor, device type 0)'),
      t('3.7.0.13', 'ElectricMeter.Configuration.NA.Change (composed)'),
    ],
  },
  {
    id: 'CIM9-181', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.3 ("confirmation event decodes to domain 7 (Configuration) or 20 (Billing)"); codes.md §4.6 (3.7.0.24 ✔)',
    question: 'The EndDeviceEventType domains of the event that confirms a change of customer program (EDC-03, EDC-04)',
    default: ['7', '20'], defaultMeaning: '{7 Configuration, 20 Billing}: any event of the meter in one of them, dated after the command, confirms it (3.7.0.24 configuration changed, a TOU programmed event ...)',
    tokens: [],
    open: { kind: 'list', itemPattern: '^[0-9]+$', description: 'a profile-defined list of EndDeviceEventType domain numbers' },
  },
  {
    id: 'CIM9-182', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.4 (MS → CIS : created(EndDeviceEvents), ?)',
    question: 'Where the CIS receives the events the head-end tells after a change of customer program without MDM (EDC-04)',
    default: 'event-subscriber',
    defaultMeaning: "at the address the head-end publishes its end device events to (the suite's <listener>/mdm/events, the same subscriber as EDC-01 / EDC-06): the head-end has one event subscriber, which the CIS plays here",
    tokens: [t('event-subscriber', "the head-end's event subscriber address (<listener>/mdm/events)")],
  },
  {
    id: 'CIM9-183', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.3 (MDM → MS : create(EndDeviceControls) (reprogramming command) or change(EndDeviceConfig | MeterConfig), ?)',
    question: 'How the MDM reprograms the meter after a change of customer program (EDC-03)',
    default: 'end-device-controls',
    defaultMeaning: 'create(EndDeviceControls) to its head-end with a reprogramming command (domain 7 or 20, action 13 Change) naming the meter of the usage point; change(EndDeviceConfig | MeterConfig) is not covered',
    tokens: [t('end-device-controls', 'create(EndDeviceControls) with a reprogramming command')],
  },
  {
    id: 'CIM9-184', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.3 (change(UsagePointConfig): new pricing structure / program, ?); payloads.md (UsagePointConfig)',
    question: 'How the CIS names the new customer program in change(UsagePointConfig) (EDC-03)',
    default: 'pricing-structure',
    defaultMeaning: 'the UsagePoint of the change names the new program as a PricingStructures reference (mRID CIM9-PROGRAM-TOU)',
    tokens: [t('pricing-structure', 'UsagePoint/PricingStructures names the new program')],
  },
  {
    id: 'CIM9-163', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 (the patterns name what a server answers, not what it must support); codes.md §2.3 (2.5 invalid noun, 2.9 invalid verb); the profile\'s pics: section (README)',
    question: 'What a disagreement between the profile\'s PICS (pics.<role>.supports, pics.<role>.sends, pics.<role>.publishes) and what the SUT did (its replies, the requests it sent as a client, its publications) makes of the run',
    default: 'warning', strictDefault: 'failure',
    defaultMeaning: 'each disagreement (a declared verb refused as unsupported, an undeclared verb of a listed noun answered OK, a noun exchanged the PICS does not list, a request sent as a client that pics.<role>.sends does not declare, a publication to the suite\'s listener that pics.<role>.publishes does not declare) is a warning in the conformance statement (pics.disagreements); no scenario fails and the exit code does not change; in certification mode (strict) each is a failure: a declaration the behaviour of the SUT contradicts makes the run not conformant',
    tokens: [
      t('warning', 'reported as a warning (the default)'),
      t('failure', 'reported as a failure of the statement: the run exits 1 and a certification run is not conformant'),
      t('off', 'noun / verb pairs are not compared'),
    ],
  },
  {
    id: 'CIM9-164', area: 'suite', confidence: 'uncertain', source: 'codes.md §2.2 (2.5 Invalid Noun, 2.9 Invalid Verb ✔ in public use), §2.3 (the mapping unknown noun → 2.5, unknown verb → 2.9 is the suite\'s reading, COD-06)',
    question: 'Which replies tell that the SUT refused a noun / verb as unsupported (for the PICS comparison)',
    default: 'annex-b',
    defaultMeaning: 'a FAILED reply with the code of an unknown noun or an unsupported verb: 2.5 / 2.9, or the codes the profile\'s expectedCodes.unknownNoun / unsupportedVerb name; a refusal with another code (or a SOAP fault) is not read as "unsupported"',
    tokens: [
      t('annex-b', 'FAILED with the unknown-noun or unsupported-verb code (the default)'),
      t('any-failed', 'any FAILED reply or SOAP fault counts as refusing the noun / verb: for a SUT without Annex B codes (its negative scenarios then show as refusals too)'),
    ],
  },
  {
    id: 'CIM9-165', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.6 EDE-06 (?, UC-06: "MDM → MM/WM : created(EndDeviceEvents) (or a work request in another IEC 61968 part)"); §0.1 (MM, WM)',
    question: 'How an MDM passes the health events the head-end told it on to its maintenance consumer (MM or WM, EDE-06), when UC-06 = on',
    default: 'created-events',
    defaultMeaning: 'created(EndDeviceEvents) to the maintenance consumer the suite plays at <listener>/mm/events, with the health events the head-end sent (the same code, meter and createdDateTime); EDE-06 is tested',
    tokens: [
      t('created-events', 'created(EndDeviceEvents) to <listener>/mm/events: tested (the default)'),
      t('none', 'the SUT has no maintenance consumer and forwards nothing: EDE-06 is not applicable'),
      t('other-part', 'a work request in another IEC 61968 part (not Part 9 messages): EDE-06 is not applicable'),
    ],
  },
  {
    id: 'CIM9-166', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.6 EDE-06 (?, UC-06: the maintenance consumer is told the health events; nothing says whether other events may go with them); §2.5 (UC-05 health domains)',
    question: 'Whether the MDM may forward to the maintenance consumer events that are not health events (EDE-06)',
    default: 'health-only',
    defaultMeaning: 'only health events (a code of a UC-05 domain) are forwarded: a non-health event the head-end told the MDM in the same message (e.g. 3.26.38.98 voltage imbalance) that reaches the maintenance consumer fails EDE-FWD-ONLY-HEALTH',
    tokens: [t('health-only', 'a forwarded event outside the UC-05 domains is a failure'), t('any', 'the other events the MDM forwards are not judged')],
  },
  {
    id: 'CIM9-175', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.2 MR-02 (?, UC-10: "`source` names the entry system"); payloads.md §1.6 (Reading.source 0..1)',
    question: 'Whether an MDM returns a manual (or customer) read it was sent with the Reading.source the field system gave it (MR-02)',
    default: 'warning', strictDefault: 'failure',
    defaultMeaning: 'a returned manual read whose source is not the one sent (or has none) is a warning (a failure in certification mode): the MDM may name itself as the source of what it stores (MR-MANUAL-SOURCE)',
    tokens: [t('warning', 'warning'), t('failure', 'failure'), t('off', 'not checked')],
  },
  {
    id: 'CIM9-176', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.5 MR-05 (?, UC-13: "Reading.reason echoes the request when given"), §3.3 MR-03 ("reason = inquiry or absent")',
    question: 'Whether every Reading of the answer to a get(MeterReadings) with Reading/reason (billing, inquiry) carries that reason (MR-05)',
    default: 'warning', strictDefault: 'failure',
    defaultMeaning: 'a Reading whose reason is another one or none is a warning (a failure in certification mode): use-cases.md asserts the echo, but the MR-05 sequence is uncertain and an MDM may give the reason the value was collected for (MR-BILLING-REASON)',
    tokens: [t('warning', 'warning'), t('failure', 'failure'), t('off', 'not checked')],
  },
  {
    id: 'CIM9-177', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.5 MR-05 (?, UC-13: "returned ReadingTypes decode to billing quantities"; billing determinants: registers, macroPeriod 8, TOU tiers, maximum demand); codes.md §5',
    question: 'Which ReadingTypes count as billing quantities in the answer to a billing inquiry (MR-05)',
    default: 'billing-quantity',
    defaultMeaning: 'an 18-part code of energy, demand, power or volume (measurementKind 12, 8, 37, 58) that is a register (measuringPeriod 0, accumulation bulkQuantity, continuousCumulative, cumulative, summation or latching), a value over a period of interest (macroPeriod ≠ 0, e.g. 8 billing period) or a maximum (aggregate 8); a load-profile interval or a voltage fails MR-BILLING-TYPE',
    tokens: [
      t('billing-quantity', 'register, period-of-interest or maximum value of energy, demand, power or volume'),
      t('decodable', 'any ReadingType that decodes to an 18-part code'),
      t('off', 'not checked'),
    ],
  },
  {
    id: 'CIM9-178', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.2 MR-02 (? sequence: nothing says how the stored manual read is asked back); payloads.md §2.4 (GetMeterReadings Reading/timePeriod)',
    question: 'How the CIS (the suite) asks the MDM for the manual read it sent (MR-02)',
    default: 'window',
    defaultMeaning: 'get(MeterReadings) for the meter and the register ReadingType with Reading/timePeriod from 5 minutes before to 5 minutes after the reading\'s timeStamp (sent 10 minutes in the past); other readings in the window are not judged',
    tokens: [
      t('window', 'the meter, the ReadingType and a time window around the reading'),
      t('latest', 'the meter and the ReadingType without a time window (an MDM that answers with its latest stored reading)'),
    ],
  },
  {
    id: 'CIM9-189', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.5 EDC-05 (?, UC-19: "final and initial readings exist with the right reasons"), §5.4 MSR-04 (?); payloads.md §0.4 (ReadingReasonKind removal, installation)',
    question: 'Whether an MDM returns the final read of the old meter and the initial read of the new one of a change-out with the Reading.reason the head-end gave them (removal, installation)',
    default: 'warning', strictDefault: 'failure',
    defaultMeaning: 'a returned final / initial read whose reason is another one or none is a warning (a failure in certification mode): an MDM may keep the value and time of a read and give it a reason of its own (CHANGEOUT-READ-REASON)',
    tokens: [t('warning', 'warning'), t('failure', 'failure'), t('off', 'not checked')],
  },
  {
    id: 'CIM9-190', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.4 MSR-04 (? sequence: "asset status change through MeterConfig (status)"); payloads.md (Meter.status 0..1 Status, ◐)',
    question: 'Whether an MDM keeps the status of a meter removed for recalibration that the work management sends it in change(MeterConfig) (Meter.status: value, reason, dateTime) and returns it in GetMeterConfig (MSR-04)',
    default: 'warning', strictDefault: 'failure',
    defaultMeaning: 'the suite sends change(MeterConfig) for the old meter with status value "removed", reason "recalibration"; a refusal of it, or a GetMeterConfig of the old meter without that status value, is a warning (a failure in certification mode): the figure is not public and an MDM may take the asset status from the meter asset management only (CHANGEOUT-ASSET-STATUS)',
    tokens: [t('warning', 'warning'), t('failure', 'failure'), t('off', 'not sent and not checked')],
  },
  {
    id: 'CIM9-191', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.5 EDC-05 (?, UC-19: "close|delete(MasterDataLinkageConfig) (old meter ↔ usage point) + create(MasterDataLinkageConfig) (new meter ↔ usage point)"), §9.1 MD-01',
    question: 'In which order the work management (the suite) sends the MDM the end of the old meter\'s link to the usage point and the link of the new meter (EDC-05, MSR-04)',
    default: 'end-then-link',
    defaultMeaning: 'first close / delete(MasterDataLinkageConfig) of the old meter and the usage point (the verb of PAY-14), then create(MasterDataLinkageConfig) of the new meter and the usage point, both effective at the change-out; each must be accepted (Result OK)',
    tokens: [
      t('end-then-link', 'the old link ended first, then the new link created'),
      t('link-then-end', 'the new link created first, then the old one ended (an MDM that refuses a usage point without a meter)'),
    ],
  },
  {
    id: 'CIM9-185', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.9 MR-09 and §3.8 MR-08 (?, UC-15, 2024 figs. 27-28); payloads.md §2.3 (the coincident request ◐), §1.2 (isCoincidentTrigger, EndDeviceEvents ✔ in the MeterReading profile)',
    question: 'Whether, in edition 2024, the head-end must use the coincident shape: the final (disconnect) / initial (connect) register read after a switch (MR-09) and its answer to get(MeterReadings) with a coincident request (MR-08) hold the switch event (or, for a reading trigger, the trigger reading) as trigger, with isCoincidentTrigger=true',
    default: 'warning',
    defaultMeaning: 'expected: a read or answer with no coincident shape at all (neither isCoincidentTrigger nor EndDeviceEvents, the 2013 shape), no read within timeouts.eventSeconds, or a coincident request refused is a warning (MR-COINC-SHAPE) and the scenario is skipped with it as the reason (untested, not passed); a read or answer that carries a trigger is checked in full (MR-COINC-TRIGGER, -EVENT, -TIME, -REASON) and a wrong one fails',
    tokens: [
      t('warning', 'its absence is a warning; a coincident read that comes is checked'),
      t('failure', 'required: a read or answer without the coincident shape, none, or a refused coincident request is a failure; a coincident one is checked'),
    ],
  },
  {
    id: 'CIM9-170', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 step 1 (TimeSchedule: scheduleInterval, recurrencePeriod); payloads.md §6.2; no profile timing setting is a read period',
    question: 'The recurrence period of the read schedule the suite creates (TimeSchedule.recurrencePeriod, seconds)',
    default: 3,
    defaultMeaning: '3 s, so that two scheduled reads and the quiet period after the cancel fit in a short scenario; the schedule starts on the next whole second after the request and its scheduleInterval ends after the reads, the cancel and the grace period (CIM9-172) would be over (a real head-end may need minutes: set it in the profile)',
    tokens: [],
    open: { kind: 'number', min: 1, unit: 's', description: 'any period in seconds' },
  },
  {
    id: 'CIM9-171', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 ("readings arrive at the scheduled times, tolerance configurable")',
    question: 'How far from a scheduled read time (scheduleInterval.start + k × recurrencePeriod) a created(MeterReadings) may arrive at the MDM',
    default: 0.75,
    defaultMeaning: '0.75 s either way (the arrival at the listener; the reference head-end sends at once, a loaded machine delays it by a few hundred ms); keep it well under half the recurrence period (CIM9-170), or a read half a period off passes',
    tokens: [],
    open: { kind: 'number', min: 0, unit: 's', description: 'any tolerance in seconds' },
  },
  {
    id: 'CIM9-172', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 ("after cancel no further readings, grace period configurable")',
    question: 'How long the MDM watches for readings of the schedule after its cancel (or delete) was accepted',
    default: 0,
    defaultMeaning: '0 = two recurrence periods (CIM9-170) plus the tolerance (CIM9-171): long enough for a read that was due to come; for the embedded reference SUT the watch ends as soon as it is idle; a reading that arrived before the cancel reply, or within the tolerance after it (in flight), is not counted',
    tokens: [],
    open: { kind: 'number', min: 0, unit: 's', description: 'any grace period in seconds (0: two periods plus the tolerance)' },
  },
  {
    id: 'CIM9-173', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 step 4; payloads.md §6.1 (a MeterReadSchedule carries no mRID of its own)',
    question: 'How cancel / delete(MeterReadSchedule(s)) names the schedule it ends',
    default: 'same-content',
    defaultMeaning: 'the request repeats what the schedule was created with: its EndDevices, ReadingTypes and TimeSchedule (scheduleInterval and recurrencePeriod); a reading that arrives within the tolerance (CIM9-171) after the cancel reply was in flight and is not counted',
    tokens: [t('same-content', 'the devices, ReadingTypes and TimeSchedule of the schedule')],
  },
  {
    id: 'CIM9-193', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §8.1 (PAN-01); codes.md §6.3 (0.10.73.298 NA.Pairing.Window.Open ◐ vendor, 3.10.73.298 with the device type)',
    question: 'The EndDeviceControlType of the control that opens the PAN pairing window (PAN-01)',
    default: '3.10.73.298',
    defaultMeaning: '3.10.73.298 ElectricMeter.Pairing.Window.Open (the vendor code 0.10.73.298 with the device type of the meter)',
    tokens: [
      t('3.10.73.298', 'ElectricMeter.Pairing.Window.Open (the vendor code with the device type)'),
      t('0.10.73.298', 'NA.Pairing.Window.Open (vendor, device type 0)'),
    ],
  },
  {
    id: 'CIM9-194', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §8.1 (PAN-01 step 3); codes.md §6.4 (domain 10: 0.10.5.54 discovery, 0.10.74.17 accepted, 0.10.74.85 rejected ◐ vendor)',
    question: 'The EndDeviceEventType that tells a PAN device was paired (accepted) after the pairing window opened',
    default: '0.10.74.17',
    defaultMeaning: '0.10.74.17 Association Confirmed (any device type: x.10.74.17); discovery x.10.5.54 may precede it; any event of domain 10 is about the pairing',
    tokens: [
      t('0.10.74.17', 'Association Confirmed (x.10.74.17)'),
      t('0.10.5.54', 'the discovery (x.10.5.54 AutoRegistration Start) is enough'),
    ],
  },
  {
    id: 'CIM9-195', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §8.1 ("pairing event for the same device follows the control", ?)',
    question: 'Which device the pairing result event names (Assets): the PAN device, or the meter (PAN gateway) it paired with',
    default: 'pan-device',
    defaultMeaning: 'the pairing events name the PAN device listed in the control',
    tokens: [
      t('pan-device', 'the PAN device'),
      t('pan-or-meter', 'the PAN device or the meter the control targeted'),
    ],
  },
  {
    id: 'CIM9-247', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §8.1 (PAN-01 step 1: create(EndDeviceConfig) for the PAN device, isPan, installCode, electronicAddress/mac; the window "targeting the meter / PAN gateway", ?); payloads.md §9.2 (EndDevice has no reference to a meter or usage point); codes.md §4.2 (EndDeviceType 7 PANGateway)',
    question: 'How the CIS / DRMS tells the MDM, in create(EndDeviceConfig), the meter (PAN gateway) a new PAN device is to pair with (PAN-01 with the MDM as SUT)',
    default: 'gateway-name',
    defaultMeaning: 'the PAN device (EndDevice isPan=true, installCode, electronicAddress/mac) carries a Names entry whose NameType name is "PANGateway" and whose name is the mRID of the meter; the MDM must open the pairing window on that meter',
    tokens: [t('gateway-name', 'a Names entry of NameType "PANGateway" naming the meter by its mRID')],
  },
  {
    id: 'CIM9-248', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §8.1 (PAN-01 last step: "MDM → create(MasterDataLinkageConfig) PAN device ↔ usage point (?)")',
    question: 'Whether the MDM, once the head-end reported a PAN device paired, links the PAN device to the usage point of its meter (MasterDataLinkageConfig), and how severe a missing link is',
    default: 'warning',
    defaultMeaning: 'after an accepted pairing result the MDM tells its master-data subscriber (<listener>/masterdata) created(MasterDataLinkageConfig) linking the PAN device (EndDevice) and the usage point of its meter, within timeouts.eventSeconds; after a rejected one it links nothing of the device; a missing or unwanted link is a warning (PAN-RELAY-LINK)',
    tokens: [
      t('warning', 'the link is looked for; a missing or unwanted one is a warning'),
      t('required', 'a missing or unwanted link is a failure'),
      t('off', 'the link is not looked at'),
    ],
  },
  {
    id: 'CIM9-198', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (?, UC-26: "change(UsagePointConfig) (ServiceSupplier) and create|close(MasterDataLinkageConfig) ... MDM → old/new supplier : created(MeterReadings)"); payloads.md §10 (UsagePoint/ServiceSupplier)',
    question: 'How the new supplier / CIS tells the MDM of a customer switch, and where the MDM publishes the switching read (CS-01)',
    default: 'usage-point-supplier',
    defaultMeaning: "the CIS sends change(UsagePointConfig) whose UsagePoint names the new ServiceSupplier (mRID CIM9-SUPPLIER-NEW, kind retailer); the MDM asks its head-end (<listener>/hes) for a switching read and publishes it with created(MeterReadings) to the CIS's address the suite plays (<listener>/cis/events, the suppliers' side); the MasterDataLinkageConfig customer account ↔ usage point variant is not covered",
    tokens: [t('usage-point-supplier', 'change(UsagePointConfig) naming the new ServiceSupplier; the switching read published to <listener>/cis/events')],
  },
  {
    id: 'CIM9-199', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (?: "get(MeterReadings) with reason=moveIn|moveOut"); payloads.md §2.4 (ReadingReasonKind)',
    question: 'Which Reading/reason values a switching read request of the MDM may carry (CS-01)',
    default: ['moveIn', 'moveOut'], defaultMeaning: '{moveIn, moveOut}: the ReadingReasonKind values of a change of occupant / supplier',
    tokens: [],
    open: { kind: 'list', itemPattern: '^[A-Za-z]+$', description: 'a profile-defined list of ReadingReasonKind values' },
  },
  {
    id: 'CIM9-200', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (? sequence); payloads.md §2.4 (Reading/reason 0..1 in GetMeterReadings)',
    question: 'How severe it is when the switching read request of the MDM carries no Reading/reason, or one that is not a switching reason of CIM9-199 (SWITCH-REASON)',
    default: 'lenient',
    defaultMeaning: 'no reason, or a reason outside CIM9-199, is a warning: the switching sequence and its reasons are not public (use-cases.md §7.1 marks it "?"); absent-fails makes a missing reason a failure (the head-end cannot tell a switching read from any other read)',
    tokens: [
      t('absent-fails', 'no reason: failure; another reason: warning'),
      t('strict', 'no reason or another reason: failure'),
      t('lenient', 'no reason or another reason: warning'),
      t('off', 'the reason is not checked'),
    ],
  },
  {
    id: 'CIM9-207', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.8 EDE-08 (?, UC-08: "or NO → MDM/MS : get(MeterReadings) for those ReadingTypes ⇐ reply")',
    question: 'Whether the suite, as the network operator, asks the head-end for the power-quality measurements of a meter after a disturbance (the get form of EDE-08)',
    default: 'get-meter-readings',
    defaultMeaning: 'the suite asks the head-end get(MeterReadings) naming the meter, the PQ ReadingTypes (min / max / average voltage of phase A, maximum THD, average frequency and power factor, codes.md §5.15) and the time window of CIM9-208, and checks the answer like the published form (EDE-PQ-*); with UC-08 = events the scenario is not applicable',
    tokens: [
      t('get-meter-readings', 'tested: get(MeterReadings) to the head-end for the PQ ReadingTypes over the disturbance'),
      t('none', 'not tested: the head-end keeps no PQ measurements to be asked for (the scenario is not applicable)'),
    ],
  },
  {
    id: 'CIM9-208', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.8 EDE-08 (? sequence: the window of "get(MeterReadings) for those ReadingTypes" is not given); codes.md §5.3 (measuringPeriod 2 = 15 minutes)',
    question: 'The time window the suite asks for around the power-quality disturbance it caused (EDE-08, the get form); a measurement answered outside it is EDE-PQ-WINDOW',
    default: 'interval',
    defaultMeaning: 'from 15 minutes before to 15 minutes after the instant the suite caused the disturbance: the 15-minute interval (measuringPeriod 2 of the ReadingTypes asked) that holds it, whether the head-end stamps an aggregate with its start or its end',
    tokens: [
      t('interval', 'the disturbance ± 15 minutes'),
      t('hour', 'the disturbance ± 60 minutes (a head-end that aggregates over longer periods)'),
    ],
  },
  {
    id: 'CIM9-209', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.8 EDE-08 (?: which PQ ReadingTypes a head-end measures is not public); §10 (P5: the filter is honoured)',
    question: 'How severe it is when the answer to the get form of EDE-08 lacks a PQ ReadingType asked, or carries one not asked (EDE-PQ-ASKED)',
    default: 'lenient',
    defaultMeaning: 'a warning: a head-end may measure fewer power-quality kinds than the suite asks for; an answer with no measurement at all is a failure (DOM-EXPECTED)',
    tokens: [
      t('lenient', 'a ReadingType asked and not answered, or answered and not asked: warning'),
      t('strict', 'the same: failure'),
      t('off', 'not checked'),
    ],
  },
  {
    id: 'CIM9-204', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 step 1 (for whom: EndDevice, EndDeviceGroup, UsagePoint …; step 3 created(MeterReadings) at each scheduled read)',
    question: 'Whether every scheduled read of a schedule that names an EndDeviceGroup or UsagePoints must carry every member, or a member missing from some reads (a meter the head-end could not reach that time) is tolerated as long as each member is read at least once',
    default: 'warning',
    defaultMeaning: 'a member never read while the MDM watched is a failure (MRS-MEMBERS); a member missing from some scheduled reads but present in others is a warning (a real head-end may miss a meter once); error makes that a failure too',
    tokens: [
      t('error', 'a member missing from any scheduled read: failure'),
      t('warning', 'a member missing from some scheduled reads: warning (never read: failure)'),
      t('off', 'only a member never read is checked'),
    ],
  },
  {
    id: 'CIM9-205', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 P6, §3.1 MR-01 step 4 (cancel / delete ⇐ reply "?")',
    question: 'Whether an MDM that passed a read schedule of the CIS on to its head-end must also pass on its cancel (or delete, UC-09), or may end it at the head-end another way (later, by its own housekeeping)',
    default: 'warning',
    defaultMeaning: 'the MDM passes the end of the schedule on to the head-end the suite plays within timeouts.responseSeconds; none is a warning (MRS-RELAY-FORWARD); one that reaches it is checked like the create (a wrong one: failure)',
    tokens: [t('error', 'the end not passed on: failure'), t('warning', 'the end not passed on: warning'), t('off', 'the end is not awaited (one that comes is still checked)')],
  },
  {
    id: 'CIM9-206', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 (when: TimeSchedule scheduleInterval); P6 relay',
    question: 'Whether the MDM must pass the scheduleInterval of the CIS schedule on to its head-end unchanged, or may place the schedule in time itself (e.g. start it later, to leave the head-end time)',
    default: 'warning',
    defaultMeaning: 'a scheduleInterval passed on with another start or end is a warning (MRS-RELAY-FORWARD); the devices, ReadingTypes and recurrencePeriod must be the same (failure)',
    tokens: [t('error', 'another scheduleInterval: failure'), t('warning', 'another scheduleInterval: warning'), t('off', 'the scheduleInterval is not compared')],
  },
  {
    id: 'CIM9-230', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 P6, §4.1 (issuerTrackingID echoed, UC-16), §4.6 (EDC-06 step 3: the MDM sends its own create(EndDeviceControls))',
    question: "Whether an MDM that passes a control of its CIS or DRMS on to its head-end keeps the requester's issuerTrackingID, or may track the control under an id of its own",
    default: 'warning',
    defaultMeaning: "a control passed on without the requester's issuerTrackingID (or with another) is a warning (EDC-RELAY-FORWARD)",
    tokens: [t('error', 'another or no issuerTrackingID: failure'), t('warning', 'another or no issuerTrackingID: warning'), t('off', 'the issuerTrackingID is not compared')],
  },
  {
    id: 'CIM9-231', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 P6, §4.1 (primaryDeviceTiming), §4.6 (optional requested time)',
    question: 'Whether an MDM passes the timing of a control (primaryDeviceTiming interval and randomisation) on to its head-end unchanged, or may place the control in time itself',
    default: 'warning',
    defaultMeaning: 'a control passed on with another interval or randomisation is a warning (EDC-RELAY-FORWARD); code, meters and PAN action must be the same (failure)',
    tokens: [t('error', 'another timing: failure'), t('warning', 'another timing: warning'), t('off', 'the timing is not compared')],
  },
  {
    id: 'CIM9-260', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 (Assert: "missing or incomplete reads produce FAILED/PARTIAL with 5.7"; step 6 completion to the CIS), §13 ECITP 2.09 (error conditions simulated); envelope.md §2 (EventMessage: Header, Payload), §4.2 (event variant with a Reply), §7.2',
    question: 'How an MDM tells its CIS that the final / initial read after a connect / disconnect is missing or incomplete (a Result with code 5.7): the message that carries the Reply',
    default: 'reply-or-event-reply',
    defaultMeaning: 'a message at the CIS\'s address carrying a Reply, correlated to the CIS\'s request (its CorrelationID or MessageID) or naming the meter: a ResponseMessage (verb reply), or the event variant with a Reply (envelope.md §4.2, schema-valid only under ENV-08 tolerant)',
    tokens: [
      t('reply-or-event-reply', 'a ResponseMessage or an event carrying a Reply'),
      t('reply-only', 'a ResponseMessage (verb reply) only: an event carrying a Reply is not taken as the result'),
    ],
  },
  {
    id: 'CIM9-261', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 (Assert: "FAILED/PARTIAL with 5.7"), §13 ECITP 2.09; envelope.md §8 (FAILED nothing processed, PARTIAL part of the data returned)',
    question: 'Which Result an MDM tells its CIS for a missing read (FAILED) and for an incomplete one (PARTIAL) after a connect / disconnect',
    default: 'warning',
    defaultMeaning: 'a missing read is FAILED and an incomplete read PARTIAL; the other of the two is a warning (EDC-READ-RESULT); OK, or no result at all, is a failure whatever the value',
    tokens: [t('error', 'the other of FAILED / PARTIAL: failure'), t('warning', 'the other of FAILED / PARTIAL: warning'), t('off', 'FAILED and PARTIAL are both accepted for both conditions')],
  },
  {
    id: 'CIM9-243', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 (Assert: "missing or incomplete reads produce FAILED/PARTIAL with 5.7"), §13 ECITP 2.09 ("read request → reading back"; missing reads simulated); envelope.md §8 (FAILED nothing processed, PARTIAL part of the data returned); codes.md §2.2 (5.7)',
    question: 'Which Result a head-end answers when asked for the register read of a meter that switched but cannot give its read (the ECITP 2.09 missing read, with the head-end as SUT): FAILED, or PARTIAL (the switch was done, the read was not)',
    default: 'warning',
    defaultMeaning: 'FAILED is expected; PARTIAL is a warning (EDC-HES-READ-RESULT); Result OK, or a reading of the meter taken after the switch, is a failure whatever the value',
    tokens: [t('error', 'PARTIAL: failure'), t('warning', 'PARTIAL: warning'), t('off', 'FAILED and PARTIAL are both accepted')],
  },
  {
    id: 'CIM9-244', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 (the switch event of the command, step 4), §2.9 (EDE-09: get(EndDeviceEvents) of a meter in a window); issue 13 (a switch state per meter that a later query reflects)',
    question: 'Whether a head-end answers a get(EndDeviceEvents) of a meter over a window after a connect / disconnect with the switch event it told for it (its event log reflects the switch)',
    default: 'warning',
    defaultMeaning: 'no switch event of the meter in the answer is a warning (EDC-SWITCH-STATE); a latest switch event that is the other command\'s result or a failure is a failure whatever the value',
    tokens: [t('error', 'no switch event: failure'), t('warning', 'no switch event: warning'), t('off', 'no switch event: not judged')],
  },
  {
    id: 'CIM9-262', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 step 5 (the read follows the switch), §13 ECITP 2.09 (missing reads simulated: the MDM must notice the read does not come)',
    question: 'How long after the switch event an MDM may wait for the final / initial read before it tells its CIS the read is missing',
    default: 'async-result',
    defaultMeaning: 'timeouts.asyncResultSeconds after the head-end told the switch event (the embedded reference SUT\'s idle signal ends the wait early)',
    tokens: [t('async-result', 'timeouts.asyncResultSeconds')],
    open: { kind: 'number', min: 1, unit: 's', description: 'any number of seconds (a real MDM may wait for the read for minutes)' },
  },
  {
    id: 'CIM9-264', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.9 (disconnect by group: target EndDeviceGroups; results per member, UC-23), §0.3 P6; payloads.md §5 (EndDeviceGroups is IdOnly in EndDeviceControls)',
    question: 'How an MDM passes a control of an EndDeviceGroup (EDC-09) on to its head-end: naming the group, or naming its members',
    default: 'group-or-members',
    defaultMeaning: 'either: the control names the group (EndDeviceGroups) — the head-end told its members by a create(EndDeviceGroups) passed on before, a group told with other members being a warning — or names exactly its members as EndDevices (EDC-RELAY-GROUP)',
    tokens: [
      t('group-or-members', 'the group or its members'),
      t('members', 'its members as EndDevices only'),
      t('group', 'the group (EndDeviceGroups) only'),
    ],
  },
  {
    id: 'CIM9-232', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.1 step 1 (primaryDeviceTiming: duration, randomisation, interval); payloads.md §5.4 (RandomisationKind end / startAndEnd: no window in the payload)',
    question: 'Within which window a head-end may end the devices of a load-control event whose primaryDeviceTiming asks for a randomised end (EDC-LC-RANDOM-END)',
    default: 'interval',
    defaultMeaning: "the interval: every device's Stopped event is dated within the control's interval (clock skew), not before the device started",
    tokens: [
      t('interval', 'the ends lie within the interval'),
      t('after-duration', 'the ends lie between the interval start plus the duration and the interval end: each device runs at least its duration'),
    ],
  },
  {
    id: 'CIM9-233', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.8 ("optional device acknowledgement events (e.g. VideoDisplay domain 13 Displayed 78 / Acknowledged 3)"), §8.3 (results: displayed, acknowledged); codes.md Annex E',
    question: 'Whether a head-end that accepted a PAN text message (PanDisplay) tells its requester the Displayed event and, when confirmation was asked for, the Acknowledged event of the in-premises display (PAN-ACK)',
    default: 'optional',
    defaultMeaning: 'the events are optional: their absence is a warning; the events that come are checked (VideoDisplay TextMessage codes, dated after the control, Acknowledged not before Displayed, no DisplayFailed)',
    tokens: [
      t('optional', 'absence: warning; the events that come are checked'),
      t('expected', 'Displayed (and Acknowledged when confirmation was asked for) must come: absence is a failure'),
      t('off', 'absence is not reported; the events that come are checked'),
    ],
  },
  {
    id: 'CIM9-161', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §8.1 (PAN-01 step 3: "rejected 0.10.74.85 — vendor codes"); codes.md §6.4 (0.10.74.85 Association Failed ◐ vendor)',
    question: 'The EndDeviceEventType that tells a PAN device could not be paired (the pairing failed or was rejected) after the pairing window opened',
    default: '0.10.74.85',
    defaultMeaning: '0.10.74.85 Association Failed (any device type: x.10.74.85); a discovery x.10.5.54 may precede it',
    tokens: [t('0.10.74.85', 'Association Failed (x.10.74.85)')],
    open: { kind: 'string', description: 'another EndDeviceEventType code of the failure (four dot-separated numbers; any device type matches)' },
  },
  {
    id: 'CIM9-162', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §8.1 (PAN-01: "close …299"); codes.md §6.3 (0.10.73.299 NA.Pairing.Window.Close ◐ vendor, 3.10.73.299 with the device type)',
    question: 'The EndDeviceControlType of the control that closes the PAN pairing window early (PAN-01)',
    default: '3.10.73.299',
    defaultMeaning: '3.10.73.299 ElectricMeter.Pairing.Window.Close (the vendor code 0.10.73.299 with the device type of the meter), targeting the meter the window was opened on',
    tokens: [
      t('3.10.73.299', 'ElectricMeter.Pairing.Window.Close (the vendor code with the device type)'),
      t('0.10.73.299', 'NA.Pairing.Window.Close (vendor, device type 0)'),
    ],
    open: { kind: 'string', description: 'another EndDeviceControlType code of the close (four dot-separated numbers)' },
  },
  {
    id: 'CIM9-186', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.2 (?, UC-17: "EndDevice of type 16 LoadControlDevice"); codes.md §4.2 (EndDeviceType 16 LoadControlDevice ◐); payloads.md §9.2 (EndDevice.type, a free string)',
    question: 'The EndDevice.type the installer (WM) sends in created(EndDeviceConfig) for a new load-control unit (EDC-02)',
    default: '16',
    defaultMeaning: '"16", the EndDeviceType code of a LoadControlDevice (codes.md §4.2); the new device also carries an installCode and an electronicAddress (radio, mac)',
    tokens: [
      t('16', 'the EndDeviceType code 16'),
      t('LoadControlDevice', 'the EndDeviceType name'),
    ],
    open: { kind: 'string', description: 'the utility-specific EndDevice.type text the SUT expects for a load-control unit' },
  },
  {
    id: 'CIM9-187', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.2 (?: "installation events (domain 6 Installation)"), §5.2 (105 Installed); codes.md §4.3, §4.5 (◐)',
    question: 'Which events the head-end tells the MDM for a new load-control unit installed and linked (EDC-02)',
    default: 'domain-6',
    defaultMeaning: 'any event of domain 6 Installation naming the new device (any EndDeviceType, subdomain and action) is its installation event (EDC-LCU-EVENT); events of the device in other domains only fail when none is of domain 6 (EDC-LCU-DOMAIN)',
    tokens: [
      t('domain-6', 'any domain-6 event of the device'),
      t('installed-105', 'an event x.6.y.105 Installed of the device is required'),
    ],
  },
  {
    id: 'CIM9-188', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.2, §8.2 (16 load control device); codes.md §4.1 (type 0 used when the device type is unknown ◐, COD-09)',
    question: 'Whether the installation events of a load-control unit must carry EndDeviceType 16 LoadControlDevice (or 0 NA) as their first part (EDC-02)',
    default: 'warning',
    defaultMeaning: 'another EndDeviceType (3 ElectricMeter, ...) in the installation event of the load-control unit is a warning (EDC-LCU-TYPE)',
    tokens: [
      t('warning', 'another type is a warning'),
      t('failure', 'another type is a failure'),
      t('off', 'the type part is not judged'),
    ],
  },
  {
    id: 'CIM9-192', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.6 MR-06 (reportedDateTime "?", valuesInterval, timePeriod); payloads.md §1.2, §1.4, §1.6 (reportedDateTime, timePeriod, valuesInterval 0..1)',
    question: 'What the MR-06 scenarios make of an answer that carries none of the optional elements a time convention is about (reportedDateTime; valuesInterval and timePeriod)',
    default: 'warning',
    defaultMeaning: 'a warning (MR-TIME-ABSENT) that says the convention is untested; the scenario is skipped with it as the reason (untested, not passed)',
    tokens: [
      t('warning', 'a warning; the scenario of that convention is skipped'),
      t('failure', 'required: an answer without the element fails the scenario of that convention'),
    ],
  },
  {
    id: 'CIM9-196', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.7 MR-07 ("ReadingType and ReadingQualityType definitions included at root level or referenced by code", ?); payloads.md §1.1',
    question: 'How consistently a MeterReadings payload must reference its ReadingTypes (MR-SHAPE-READINGTYPE): every reference to a definition at the root, or every reference by code without definitions; no unused definition',
    default: 'warning',
    defaultMeaning: 'either way is accepted; a payload that mixes the two ways, or defines a ReadingType no reading references, gets a warning',
    tokens: [
      t('warning', 'a mix or an unused definition is a warning'),
      t('failure', 'a mix or an unused definition is a failure'),
      t('off', 'not checked'),
    ],
  },
  {
    id: 'CIM9-197', area: 'suite', confidence: 'vendor-observed', source: 'use-cases.md §3.10 MR-10 (GetMeterReadings with ReadingType(s)); payloads.md §2.1 (ReadingType 0..*, "none = all" vendor rule ◐)',
    question: 'Whether a GetMeterReadings query the SUT sends must name the ReadingType(s) it wants (MR-SHAPE-QUERY)',
    default: 'warning',
    defaultMeaning: 'expected, as in the GetMeterReadings example; a query naming none (read by the vendor rule as "all") is a warning',
    tokens: [
      t('warning', 'a query without ReadingType is a warning'),
      t('failure', 'a query without ReadingType is a failure'),
    ],
  },
  {
    id: 'CIM9-201', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.1 step 4 (cancel(EndDeviceControls) ⇐ reply ⇠ canceled(EndDeviceControls) (?)); envelope.md §5 (cancel → canceled, one L)',
    question: 'Whether the head-end sends the requester canceled(EndDeviceControls) after it accepted cancel(EndDeviceControls) of a load-control event',
    default: 'allowed',
    defaultMeaning: 'allowed: one that comes (within timeouts.asyncResultSeconds of the cancel) is checked (past-tense verb canceled, correlated to the cancel, naming the canceled control by its mRID or issuerTrackingID and no other); none is a warning',
    tokens: [
      t('allowed', 'checked when it comes; none is a warning'),
      t('expected', 'it must come and is checked; none is a failure'),
      t('not-expected', 'the head-end sends none: one that comes is a failure'),
    ],
  },
  {
    id: 'CIM9-203', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01, §4.1 EDC-01, §4.6 EDC-06 (ECITP 2.09): no timing of the standard; the suite\'s own scenario timing (docs/performance.md)',
    question: 'The time factor of the scenarios\' own timing: how much shorter than their register values the suite makes the schedule period and tolerance (CIM9-170, CIM9-171), the load-control windows (CIM9-121, the 3 s of a randomised interval) and the 1 s of timestamp resolution they allow',
    default: 1,
    defaultMeaning: 'the timing as the register gives it, timestamps to the second (every external SUT). Below 1 every one of those durations is multiplied by it and the timing timestamps the suite sends carry milliseconds; the embedded reference SUT is told the factor and shortens its own waits the same way (the read it awaits after a switch, ECITP 2.09) and dates its load-control events to the millisecond. The quiet periods and time limits (timeouts.*) are not scaled',
    tokens: [],
    open: { kind: 'number', min: 0.05, description: 'a factor between 0.05 and 1 (above 1 reads as 1; the reference profiles: 0.25)' },
  },
  {
    id: 'CIM9-202', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.1 step 1 (primaryDeviceTiming: duration, randomisation, interval); payloads.md §5.4 (randomisation is a RandomisationKind only: no window length in the payload)',
    question: 'Over which window a head-end may spread the starts of the devices of a load-control event whose primaryDeviceTiming asks for randomisation (EDC-LC-RANDOM)',
    default: 'interval',
    defaultMeaning: 'the interval: every device starts within the control\'s interval, so no two Started events are dated further apart than its length (1 s for whole-second timestamps) and none after its end (clock skew)',
    tokens: [
      t('interval', 'the starts lie within the interval'),
      t('interval-minus-duration', 'the starts lie within the interval less the duration: each device runs its whole duration within the interval'),
    ],
    open: { kind: 'number', min: 0, unit: 's', description: 'the head-end\'s own randomisation window in seconds from the interval start (RandomisationKind "default": defined by the device)' },
  },
  {
    id: 'CIM9-235', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.1 MSR-01 (?, UC-24: "on completion WM → CIS / MDM : created|changed(MeterServiceRequests)"); EPRI connect/disconnect tests (changed(MeterServiceRequests))',
    question: 'With which verb the work management (head-end) tells the CIS that a meter service request it accepted is completed (MSR-01)',
    default: 'any',
    defaultMeaning: 'created(MeterServiceRequests) or changed(MeterServiceRequests); another verb is MSR-SVC-VERB',
    tokens: [
      t('any', 'created or changed'),
      t('created', 'created(MeterServiceRequests) only'),
      t('changed', 'changed(MeterServiceRequests) only'),
    ],
  },
  {
    id: 'CIM9-236', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §14 (draft structure, column D; no public 2013 schema), §0.2 (namespaces kept), §0.3 (order rule)',
    question: 'MeterServiceRequests (2013) namespace and structure: the draft one of §14 without the draft\'s Header in the root, MeterServiceWork with mRID and Names',
    default: 'http://iec.ch/TC57/2011/MeterServiceRequests#',
    defaultMeaning: '`http://iec.ch/TC57/2011/MeterServiceRequests#`, the structure the project proposes (fixtures/schemas/2013/payloads/MeterServiceRequests.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`',
    tokens: [],
    open: { kind: 'string', description: 'the profile-defined namespace URI (validation stays lenient)' },
  },
  {
    id: 'CIM9-237', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.1 MSR-01 (?: the sequence names the work, Meter, OldMeter, UsagePoint and requestDateTime of the request; the completion "with the installed / removed meter")',
    question: 'How an installation and a removal are told in MeterServiceWork (MSR-01), and what the completion repeats of the request',
    default: 'meter-and-old-meter',
    defaultMeaning: 'kind `meter`; an installation names the installed meter as Meter (no OldMeter); a removal names the removed meter as OldMeter and, Meter being 1..1, also as Meter; the completion names the same work (mRID), Meter, OldMeter and UsagePoint, and a requestDateTime it carries is the request\'s (MSR-SVC-IDENTITY, MSR-SVC-KIND, MSR-SVC-DATES)',
    tokens: [
      t('meter-and-old-meter', 'as described; OldMeter is compared when the request had one'),
      t('meter-only', 'only the work, Meter and UsagePoint are compared (a completion may leave OldMeter out)'),
    ],
  },
  {
    id: 'CIM9-238', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.1 MSR-01 (?: "the installed / removed meter and its readings")',
    question: 'Whether the completion of an installation or a removal carries the meter\'s readings (Meter.MeterReadings: the initial or final read, MSR-SVC-READINGS)',
    default: 'not-required',
    defaultMeaning: 'not required; readings that come are not judged',
    tokens: [
      t('not-required', 'not required'),
      t('warning', 'a completion without a reading of the meter is a warning'),
      t('failure', 'a completion without a reading of the meter is a failure'),
    ],
  },
  {
    id: 'CIM9-270', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (AuxiliaryAgreementConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §7.2 PM-01..03 (UC-27)',
    question: 'AuxiliaryAgreementConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class AuxiliaryAgreement (with AuxiliaryAccount and CustomerAgreement)',
    default: 'http://iec.ch/TC57/2011/AuxiliaryAgreementConfig#',
    defaultMeaning: '`http://iec.ch/TC57/2011/AuxiliaryAgreementConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/AuxiliaryAgreementConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves PM-01..03 out of its pics runs none of the prepayment scenarios',
    tokens: [],
    open: { kind: 'string', description: 'the profile-defined namespace URI (validation stays lenient)' },
  },
  {
    id: 'CIM9-271', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (ReceiptRecord: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §7.2 PM-01..03 (UC-27)',
    question: 'ReceiptRecord (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class Receipt (with Tender and Transaction)',
    default: 'http://iec.ch/TC57/2011/ReceiptRecord#',
    defaultMeaning: '`http://iec.ch/TC57/2011/ReceiptRecord#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/ReceiptRecord.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves PM-01..03 out of its pics runs none of the prepayment scenarios',
    tokens: [],
    open: { kind: 'string', description: 'the profile-defined namespace URI (validation stays lenient)' },
  },
  {
    id: 'CIM9-272', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (TransactionRecord: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §7.2 PM-01..03 (UC-27)',
    question: 'TransactionRecord (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class Transaction',
    default: 'http://iec.ch/TC57/2011/TransactionRecord#',
    defaultMeaning: '`http://iec.ch/TC57/2011/TransactionRecord#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/TransactionRecord.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves PM-01..03 out of its pics runs none of the prepayment scenarios',
    tokens: [],
    open: { kind: 'string', description: 'the profile-defined namespace URI (validation stays lenient)' },
  },
  {
    id: 'CIM9-273', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.2 PM-01..03 (credit updates to meters through EndDeviceControls, vendor x.20.22.13 update credit amount; no public figure); payloads.md §5.2 (priceSignal: FloatQuantity, "a parameter of the control"), §5.7 (PanPricingDetail.price: Money); §5.2 X (the vendor EndDeviceControlAttribute a standard schema must not contain)',
    question: 'Where the credit update control the MDM sends its head-end carries the amount credited (PM-03): the standard EndDeviceControls profile has no amount element',
    default: 'price-signal',
    defaultMeaning: 'EndDeviceControl/priceSignal holds the amount credited (the control\'s numeric parameter); PM-CREDIT-AMOUNT compares it to the cent',
    tokens: [
      t('price-signal', 'EndDeviceControl/priceSignal'),
      t('pan-pricing', 'the price of the first PanPricing/PanPricingDetails'),
      t('either', 'priceSignal, else the first PanPricingDetails price'),
    ],
  },
  {
    id: 'CIM9-274', area: 'codes', confidence: 'uncertain', source: 'codes.md §6 (0.20.22.13 NA.Billing.Charge.Change "update credit amount", ◐ vendor, device type 0); use-cases.md §7.2 ("vendor x.20.22.13")',
    question: 'Which EndDeviceControlType the MDM\'s credit update carries (PM-03)',
    default: 'any-device-type',
    defaultMeaning: 'x.20.22.13: domain 20 Billing, subdomain 22 Charge, action 13 Change, any EndDeviceType (3 ElectricMeter, 0 NA, 18 PrepaymentTerminal ...); another code is PM-CREDIT-CONTROL',
    tokens: [t('any-device-type', 'x.20.22.13: any EndDeviceType with 20.22.13')],
    open: { kind: 'string', description: 'one full 4-part code the credit update must carry (e.g. 3.20.22.13)' },
  },
  {
    id: 'CIM9-275', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.2 PM-01..03 (?: no public figure); CIM TransactionKind (the literals of the reconstructed profiles, CIM9-272)',
    question: 'Which transactions buy credit for the meter (PM-01, PM-03): the MDM credits their amounts; the others (an auxiliary charge recovered under an auxiliary agreement, a tax or service charge) are not credited',
    default: ['tokenSalePayment', 'accountPayment', 'tokenGrant', 'tokenFreeIssue'],
    defaultMeaning: '{tokenSalePayment, accountPayment, tokenGrant, tokenFreeIssue}: the credit of a meter is the sum of those transactions; auxiliaryChargePayment and the other kinds add nothing (PM-CREDIT-AMOUNT)',
    tokens: [],
    open: { kind: 'list', itemPattern: '^[A-Za-z]+$', description: 'a profile-defined list of TransactionKind values that credit the meter' },
  },
  {
    id: 'CIM9-276', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.2 PM-01..03 (?: no public figure); CIM Transaction.Receipt (the association of the reconstructed TransactionRecord, CIM9-272)',
    question: 'Whether each transaction the CIS transfers to the MDM after a receipt names that receipt (Transaction/Receipt, PM-TXN-RECEIPT)',
    default: 'warning',
    defaultMeaning: 'a transferred transaction that names no receipt, or another one, is a warning',
    tokens: [
      t('warning', 'no or another receipt: warning'),
      t('failure', 'no or another receipt: failure'),
      t('off', 'the receipt reference is not judged'),
    ],
  },
  {
    id: 'CIM9-277', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §5.1 MSR-01 (?, UC-24: "master data follows (MD-01/MD-02)"), §9.1 (MD-01 linkages), §9.2 (MeterConfig "MS → MDM")',
    question: 'Which master data the work management (head-end) tells its master-data subscriber (the MDM) after it completed a meter installation or removal it accepted (MSR-01)',
    default: 'meter-config-and-linkage',
    defaultMeaning: 'both: the meter (MeterConfig, the verbs of CIM9-50) and its link to the usage point (MasterDataLinkageConfig naming the Meter and the UsagePoint of the work, the verbs of CIM9-278); either missing is MSR-MD-METER / MSR-MD-LINK',
    tokens: [
      t('meter-config-and-linkage', 'MeterConfig and MasterDataLinkageConfig'),
      t('linkage', 'the MasterDataLinkageConfig only (MeterConfig not judged)'),
      t('meter-config', 'the MeterConfig only (the linkage not judged)'),
    ],
  },
  {
    id: 'CIM9-278', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §9.1 MD-01 (create / close / delete of a link), §9.4 (delete MasterDataLinkageConfig: the link ends, PAY-14)',
    question: 'With which verbs the head-end tells the MDM the link of a meter to its usage point made by an installation and ended by a removal (MSR-01)',
    default: 'created-deleted-or-closed',
    defaultMeaning: 'installation: created(MasterDataLinkageConfig); removal: deleted or closed(MasterDataLinkageConfig)',
    tokens: [
      t('created-deleted-or-closed', 'installation: created; removal: deleted or closed'),
      t('created-deleted', 'installation: created; removal: deleted only'),
      t('created-closed', 'installation: created; removal: closed only'),
    ],
  },
  {
    id: 'CIM9-279', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (ServiceSupplierConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 54)',
    question: 'ServiceSupplierConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class ServiceSupplier',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/ServiceSupplierConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/ServiceSupplierConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-280', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (CustomerConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 55)',
    question: 'CustomerConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class Customer',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/CustomerConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/CustomerConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-281', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (CustomerAgreementConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 56)',
    question: 'CustomerAgreementConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class CustomerAgreement',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/CustomerAgreementConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/CustomerAgreementConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-282', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (CustomerAccountConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 57)',
    question: 'CustomerAccountConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class CustomerAccount',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/CustomerAccountConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/CustomerAccountConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-283', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (ServiceCategoryConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 58)',
    question: 'ServiceCategoryConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class ServiceCategory',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/ServiceCategoryConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/ServiceCategoryConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-284', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (ServiceLocationConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 62)',
    question: 'ServiceLocationConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class ServiceLocation',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/ServiceLocationConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/ServiceLocationConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-285', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (PricingStructureConfig: present in 2013, no public schema), §0.2 (namespace convention), §0.3 (order rule); use-cases.md §9.2 MD-02 (2013 fig. 63)',
    question: 'PricingStructureConfig (2013) namespace and structure: RECONSTRUCTED by the project from the CIM class PricingStructure',
    default: 'reconstructed',
    defaultMeaning: '`http://iec.ch/TC57/2011/PricingStructureConfig#`, the structure the project reconstructs from the CIM class (fixtures/schemas/2013/payloads/PricingStructureConfig.xsd), lenient order; a SUT with the official schema supplies it with `schemas:`, and a profile that leaves MD-02 out of its pics runs none of these scenarios',
    tokens: [t('reconstructed', 'the reconstructed profile of the 2013 pack (or the user\'s schema of the same namespace)')],
  },
  {
    id: 'CIM9-286', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (no Get profile of the seven customer-side nouns is known), §8 (GetMeterConfig, the pattern followed); use-cases.md §9.2 MD-02 (create then get returns the same attributes)',
    question: 'How the suite reads back the seven 2013 customer-side config nouns (ServiceSupplierConfig … PricingStructureConfig) at the MDM',
    default: 'get-profile',
    defaultMeaning: 'get(<Noun>) with the proposed Get<Noun> query profile in Request (its object, identification-only, as filter; PAY-11 as for the other config nouns); the answer is the noun profile in Payload',
    tokens: [t('get-profile', 'get(<Noun>) with the proposed Get<Noun> profile')],
  },
  {
    id: 'CIM9-287', area: 'codes', confidence: 'uncertain', source: 'codes.md §2.2 (2.16, 2.19, 2.20, 2.22, 2.24, 2.31, 2.33: codes in public use, completeness and wording versus the standard ?), §2.3 (COD-06 mappings name only meters and usage points); use-cases.md §9.2 MD-02',
    question: 'Which Annex B codes the MDM\'s refusal of a change or delete naming a 2013 customer-side object it does not know carries (MD-NEG-CUST)',
    default: { ServiceSupplier: ['2.20'], Customer: ['2.22'], CustomerAgreement: ['2.24'], CustomerAccount: ['2.19'], ServiceCategory: ['2.31'], ServiceLocation: ['2.16'], PricingStructure: ['2.33'] },
    defaultMeaning: 'the "invalid …" code of the object\'s class: ServiceSupplier 2.20, Customer 2.22, CustomerAgreement 2.24, CustomerAccount 2.19, ServiceCategory 2.31, ServiceLocation 2.16, PricingStructure 2.33; FAILED with another code is ENV-EXPECTED-CODE',
    tokens: [],
    open: {
      kind: 'map', keys: ['ServiceSupplier', 'Customer', 'CustomerAgreement', 'CustomerAccount', 'ServiceCategory', 'ServiceLocation', 'PricingStructure'], listItemPattern: REPLY_CODE,
      base: { ServiceSupplier: ['2.20'], Customer: ['2.22'], CustomerAgreement: ['2.24'], CustomerAccount: ['2.19'], ServiceCategory: ['2.31'], ServiceLocation: ['2.16'], PricingStructure: ['2.33'] },
      description: 'profile-defined: the accepted codes per class (e.g. Customer: [2.22, 2.29]); a class left out keeps the default',
    },
  },
  {
    id: 'CIM9-295', area: 'codes', confidence: 'uncertain', source: 'use-cases.md §9.1 MD-01 ("linked objects exist (else 2.4 / 2.12 / 2.29 / 2.13 mismatch codes)"); codes.md §2.2 (2.16, 2.19, 2.20, 2.22, 2.24, 2.33 "invalid …" and 2.29 object relationship mismatch: codes in public use, completeness and wording versus the standard ?), §2.3 (COD-06 mappings name only meters and usage points)',
    question: 'Which Annex B codes the MDM\'s refusal of a create(MasterDataLinkageConfig) naming a 2013 customer-side object it does not know carries (MD-NEG-LINK-CUST): the "invalid …" code of the object\'s class, or 2.29 (object relationship mismatch) as use-cases.md §9.1 names for a link',
    default: { Customer: ['2.22', '2.29'], CustomerAccount: ['2.19', '2.29'], CustomerAgreement: ['2.24', '2.29'], ServiceLocation: ['2.16', '2.29'], ServiceSupplier: ['2.20', '2.29'], PricingStructure: ['2.33', '2.29'] },
    defaultMeaning: 'the "invalid …" code of the object\'s class (Customer 2.22, CustomerAccount 2.19, CustomerAgreement 2.24, ServiceLocation 2.16, ServiceSupplier 2.20, PricingStructure 2.33) or 2.29 object relationship mismatch; FAILED with another code is ENV-EXPECTED-CODE (an unknown usage point in such a link is 2.12, COD-06)',
    tokens: [],
    open: {
      kind: 'map', keys: ['Customer', 'CustomerAccount', 'CustomerAgreement', 'ServiceLocation', 'ServiceSupplier', 'PricingStructure'], listItemPattern: REPLY_CODE,
      base: { Customer: ['2.22', '2.29'], CustomerAccount: ['2.19', '2.29'], CustomerAgreement: ['2.24', '2.29'], ServiceLocation: ['2.16', '2.29'], ServiceSupplier: ['2.20', '2.29'], PricingStructure: ['2.33', '2.29'] },
      description: 'profile-defined: the accepted codes per class (e.g. CustomerAccount: [2.19, 2.27] to accept the account / usage point mismatch code too); a class left out keeps the default',
    },
  },
  {
    id: 'CIM9-296', area: 'codes', confidence: 'uncertain', source: 'codes.md §2.2 (2.20 invalid ServiceSupplier, 2.28 ServiceSupplier / UsagePoint mismatch, 2.29 object relationship mismatch: codes in public use, completeness and wording versus the standard ?); use-cases.md §7.1 CS-01 (?, UC-26), §9.1 MD-01 (linked objects exist), §9.2 MD-02 (ServiceSupplierConfig, 2013 fig. 54)',
    question: 'Which Annex B codes the MDM\'s refusal of a change of supplier (change(UsagePointConfig) whose usage point names a ServiceSupplier, CIM9-198) naming a supplier it was never told of carries (CS-NEG-SUPPLIER)',
    default: ['2.20', '2.28', '2.29'],
    defaultMeaning: '2.20 (invalid service supplier), 2.28 (service supplier / usage point mismatch) or 2.29 (object relationship mismatch); FAILED with another code is ENV-EXPECTED-CODE',
    tokens: [],
    open: { kind: 'list', itemPattern: REPLY_CODE, description: 'a profile-defined list of the codes accepted (e.g. [2.20] only)' },
  },
  {
    id: 'CIM9-249', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §5.1 MSR-01 (?, UC-24: "on completion WM → CIS / MDM : created|changed(MeterServiceRequests) with the installed / removed meter and its readings ⇐ ack; master data follows (MD-01/MD-02)"), §9.1 MD-01 ("a later get (GetMeterConfig / GetUsagePointConfig) shows the link" ?)',
    question: 'What of the completion of a meter exchange the work management tells the MDM (MSR-01 with the MDM as SUT) is observable afterwards at the MDM',
    default: 'linkage',
    defaultMeaning: 'the MDM links the usage point of the work to the installed meter (Meter) and ends its link to the removed one (OldMeter): GetMeterConfig by UsagePoint returns the installed meter and not the removed one (CHANGEOUT-LINK)',
    tokens: [
      t('linkage', 'checked: GetMeterConfig by the usage point of the work returns the installed meter and not the removed one'),
      t('none', 'not checked: the MDM only acknowledges the completion (the read-back step is skipped and says so)'),
    ],
  },
  {
    id: 'CIM9-257', area: 'codes', confidence: 'uncertain', source: 'codes.md §2.2 (2.4 invalid meter, 2.12 invalid usage point); use-cases.md §5.1 MSR-01 (?: no public figure of a refused completion), §9.1 (linked objects exist, else the "invalid …" codes)',
    question: 'Which Annex B codes the MDM\'s refusal of a completed meter service (created(MeterServiceRequests)) naming a meter it never heard of carries (MSR-01 with the MDM as SUT, negative)',
    default: ['2.4'],
    defaultMeaning: '2.4 (invalid meter); FAILED with another code is ENV-EXPECTED-CODE, an acceptance (OK) is a failed negative',
    tokens: [],
    open: { kind: 'list', itemPattern: REPLY_CODE, description: 'a profile-defined list of the codes accepted (e.g. [2.4, 2.29])' },
  },
  {
    id: 'CIM9-246', area: 'use-cases', confidence: 'uncertain', source: 'use-cases.md §5.2 MSR-02 (?: "MS → MDM (and MDM → CIS) : created(EndDeviceEvents) with removal of the old meter and installation of the new one (domain 6 Installation; action 212 Removed / 105 Installed / 27 ChangeOut) ⇐ ack"); 2013 fig. 38, 2024 fig. 44',
    question: 'Whether the MDM forwards to its CIS the change-out events the head-end tells it (MSR-02 with the MDM as SUT), and so whether that scenario applies',
    default: 'forwarded',
    defaultMeaning: 'the suite, as the head-end, tells the MDM created(EndDeviceEvents) with the removal of a meter and the installation of the spare meter; the MDM acknowledges it and the CIS the suite plays (<listener>/cis/events) must be told both events, of domain 6, the removal not after the installation (CIM9-130, CIM9-131)',
    tokens: [
      t('forwarded', 'tested: the MDM forwards the change-out events to its CIS'),
      t('none', 'not tested: the MDM only acknowledges them (the scenario is not applicable)'),
    ],
  },
  {
    id: 'CIM9-245', area: 'payloads', confidence: 'uncertain', source: 'payloads.md §0.5 (UsagePointConfig kept in 2024 with GetUsagePointConfig; PricingStructureConfig and the other customer-side nouns "not listed" in 2024 Annex G ?), §10.2 (UsagePoint/PricingStructures 0..1: mRID, code, Names; ◐ one vendor source, 2013); use-cases.md §9.2 (MD-02: usage point, 2024 fig. 50; "create then get returns the same attributes", "change only changes what was sent")',
    question: 'Whether the 2024 UsagePointConfig keeps UsagePoint/PricingStructures as the 2013 profile does, so that the MDM keeps a usage point\'s pricing structure and a Get reads it back (MD-02.6); no 2024 schema is public',
    default: 'as-2013',
    defaultMeaning: 'the 2024 UsagePoint carries PricingStructures (0..1, mRID and code) as in 2013 (the 2024 pack of fixtures/schemas/2024): a usage point created with one, and moved to another by change(UsagePointConfig), is read back with it (MD-STATE); a profile whose official schemas (schemas:) leave it out should not select MD-02.6',
    tokens: [t('as-2013', 'UsagePoint/PricingStructures as in the 2013 profile, kept and read back')],
  },
  {
    id: 'CIM9-242', area: 'codes', confidence: 'uncertain', source: 'use-cases.md §9.2 MD-02 (Assert: "delete makes later references fail with the \'invalid …\' code"; ServiceSupplierConfig, 2013 fig. 54), §9.1 MD-01 (linked objects exist); payloads.md §10.2 (UsagePoint/ServiceSupplier 0..1); codes.md §2.2 (2.20 invalid ServiceSupplier, 2.28 ServiceSupplier / UsagePoint mismatch, 2.29 object relationship mismatch: codes in public use, completeness and wording versus the standard ?)',
    question: 'Which Annex B codes the MDM\'s refusal of a create(UsagePointConfig) outside a customer switch whose UsagePoint names a ServiceSupplier the MDM was never told of (or one deleted before) carries (MD-NEG-UP-SUPPLIER, 2013)',
    default: ['2.20', '2.28', '2.29'],
    defaultMeaning: '2.20 (invalid service supplier), 2.28 (service supplier / usage point mismatch) or 2.29 (object relationship mismatch); FAILED with another code is ENV-EXPECTED-CODE; the usage point must not be created and nothing published',
    tokens: [],
    open: { kind: 'list', itemPattern: REPLY_CODE, description: 'a profile-defined list of the codes accepted (e.g. [2.20] only)' },
  },
  {
    id: 'CIM9-288', area: 'codes', confidence: 'uncertain', source: 'codes.md §2.2 (1.7 mandatory payload elements missing, 1.8 does not validate, 5.8 mandatory field(s) missing); payloads.md §0.5 (the seven customer-side profiles are reconstructed, CIM9-279..285: whether the official schema makes the object mandatory is unknown)',
    question: 'Which Annex B codes the MDM\'s refusal of a create of a 2013 customer-side noun that carries no object of its class (e.g. CustomerConfig without Customer) carries (MD-NEG-CUST-EMPTY)',
    default: ['1.7', '1.8', '5.8'],
    defaultMeaning: '1.7 (mandatory payload element missing), 1.8 (an official schema that makes the object mandatory does not validate it) or 5.8 (mandatory field missing); FAILED with another code is ENV-EXPECTED-CODE',
    tokens: [],
    open: { kind: 'list', itemPattern: REPLY_CODE, description: 'a profile-defined list of the codes accepted (e.g. [1.7] only)' },
  },
  {
    id: 'CIM9-289', area: 'codes', confidence: 'uncertain', source: 'codes.md §2.2 (2.12 invalid usage point, 2.26 CustomerAgreement / UsagePoint mismatch); use-cases.md §7.2 PM-01 (?: no public figure; the auxiliary agreement under a customer agreement of the usage point, UC-27)',
    question: 'Which Annex B codes the MDM\'s refusal of an auxiliary agreement whose customer agreement names a usage point the MDM does not know carries (PM-NEG-AUX)',
    default: ['2.12', '2.26'],
    defaultMeaning: '2.12 (invalid usage point) or 2.26 (customer agreement / usage point mismatch); FAILED with another code is ENV-EXPECTED-CODE',
    tokens: [],
    open: { kind: 'list', itemPattern: REPLY_CODE, description: 'a profile-defined list of the codes accepted' },
  },
  {
    id: 'CIM9-250', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.4 MR-04 ("Large ranges: PARTIAL + 0.1 then further messages", ?, UC-12), §0.3 (P5); envelope.md §4.3 (the reply to a get is <Noun>ResponseMessage), §7.1 (ReplyAddress), §8 (0.1 more results follow in other messages)',
    question: 'How the suite asks for a historical range large enough to be paged, and so where the pages come: the further messages of a PARTIAL 0.1 answer need an address to go to',
    default: 'first-page-in-reply',
    defaultMeaning: 'a synchronous get(MeterReadings) with a ReplyAddress (no AsyncReplyFlag): the reply is the first page, the further pages are reply(MeterReadings) ResponseMessages at the ReplyAddress with the request\'s CorrelationID (an EventMessage has no Reply to carry 0.1 / 0.2)',
    tokens: [
      t('first-page-in-reply', 'synchronous request with a ReplyAddress: the reply is the first page, the rest at the ReplyAddress'),
      t('async', 'AsyncReplyFlag true: the reply only acknowledges (no 0.1), every page comes to the ReplyAddress'),
    ],
  },
  {
    id: 'CIM9-251', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.4 (last one 0.2, ?); codes.md §2.2 (0.2 partial result, no further results to follow), §2.3 (pairing PARTIAL + 0.1 / 0.2); envelope.md §8',
    question: 'How the suite judges the last page of a paged answer that ends otherwise than with Result PARTIAL and Error 0.2 (e.g. Result OK without 0.1) (MR-PAGE-FINAL); a last page that still says 0.1 is always a failure (MR-PAGE-SEQUENCE)',
    default: 'warning',
    defaultMeaning: 'a warning',
    tokens: [t('warning', 'a warning'), t('failure', 'a failure')],
  },
  {
    id: 'CIM9-252', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.4 MR-04 (a range large enough to page: the SUT\'s page size is not public)',
    question: 'How many hours of interval data (data.readingTypes.interval) the large historical read asks for, ending at the last whole hour',
    default: 48,
    defaultMeaning: '48 hours (192 15-minute intervals; the reference SUT pages at 64 intervals, so 3 pages); set it above the page size of the SUT',
    tokens: [],
    open: { kind: 'number', min: 1, unit: 'h', description: 'any number of hours' },
  },
  {
    id: 'CIM9-228', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §0.3 (P6 relay: "MDM may answer from its own store"), §3.4 MR-04 (historical data from the MDM\'s store; the head-end asked when the MDM does not hold it ?)',
    question: 'Whether an MDM with a head-end, asked for historical interval data it does not hold (CIM9-229 days back), may answer without asking its head-end (DOM-RELAY-HISTORY-ASKED)',
    default: 'store-allowed',
    defaultMeaning:
      'an answer without a request to the head-end the suite plays is reported as info and checked as the MDM\'s own data (an MDM may keep that history itself, or say it is unavailable); with relay it is a failure, and an MDM that asks is always checked to relay exactly what the head-end gave',
    tokens: [
      t('store-allowed', 'the MDM may answer from its own store (info; its answer is checked as its own data)'),
      t('relay', 'the MDM must ask its head-end for interval data it does not hold'),
    ],
  },
  {
    id: 'CIM9-229', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.4 MR-04 (how long an MDM and its head-end keep interval data is not public)',
    question: 'How many days back lies interval data that the MDM does not hold and its head-end does (the relayed historical read asks for a range ending there)',
    default: 450,
    defaultMeaning: '450 days back (the reference MDM keeps 400 days of interval data, its head-end 1000); set it to a day before the MDM\'s retention and inside the head-end\'s',
    tokens: [],
    open: { kind: 'number', min: 2, unit: 'd', description: 'any number of days back' },
  },
  {
    id: 'CIM9-253', area: 'suite', confidence: 'uncertain', source: 'codes.md §2.2 (5.7 some or all of the requested data is unavailable), §2.3 (data not available → 5.5 / 5.6 / 5.7); use-cases.md §2.1, §4.6',
    question: 'Which period the suite asks for when it wants data the SUT cannot have (MR-DATA-UNAVAILABLE): how many days back lies a day before any history the SUT keeps (the second scenario asks for a range that ends after now: intervals not yet ended)',
    default: 3650,
    defaultMeaning: 'a day 3650 days (10 years) back: before the history of a meter of the profile (set it to a day before the meters were installed or beyond the SUT\'s retention)',
    tokens: [],
    open: { kind: 'number', min: 1, unit: 'd', description: 'any number of days back' },
  },
  {
    id: 'CIM9-254', area: 'suite', confidence: 'uncertain', source: 'codes.md §2.3 (data not available → 5.5 / 5.6 / 5.7, the SUT claiming Annex B); use-cases.md §4.6 ("incomplete reads produce FAILED/PARTIAL with 5.7"), §10 (UC-34: an empty answer may be OK)',
    question: 'How the suite judges an answer with Result OK that carries none of the data asked for that the SUT cannot have, instead of saying it is unavailable (FAILED / PARTIAL with 5.7) (MR-DATA-UNAVAILABLE); data for that period, or a FAILED / PARTIAL without the code, is always a failure',
    default: 'warning',
    defaultMeaning: 'a warning',
    tokens: [t('warning', 'a warning'), t('failure', 'a failure')],
  },
  {
    id: 'CIM9-255', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §12 (2013 Annex M get/cancel, content not public); envelope.md §7.4 (ENV-17), §7.3 (cancel → canceled)',
    question: 'Whether a canceled(<Noun>) naming the get may follow the reply to the cancel of a long-running get (MR-GET-CANCEL): a notice that the get ended, not a result',
    default: 'allowed',
    defaultMeaning: 'allowed (noted as info); any other message of the get after the cancel\'s reply is a failure',
    tokens: [t('allowed', 'a canceled(<Noun>) correlated to the get is allowed'), t('not-allowed', 'nothing at all of the get after the cancel\'s reply')],
  },
  {
    id: 'CIM9-256', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §10 (2013 and 2024 packs: UsagePointGroups, GetUsagePointGroups; how an MDM learns its usage point groups is not public)',
    question: 'How the suite tells the MDM the UsagePointGroup whose GetUsagePointGroups it then asks (Q-01); an MDM that declines makes the scenario an error, not a verdict',
    default: 'create-usage-point-groups',
    defaultMeaning: 'create(UsagePointGroups) with the group (mRID, its UsagePoints) to the MDM',
    tokens: [t('create-usage-point-groups', 'create(UsagePointGroups) to the MDM')],
  },
  {
    id: 'CIM9-210', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.8 MR-08 (◐ "a MeterReading may group readings taken at the same instant as a trigger (an event or another reading)"; ? sequence, UC-15); payloads.md §2.3 (GetMeterReadings/MeterReadings: Readings is one CoincidentReading with ReadingType and timePeriod), §2.1 (ReadingType 0..*)',
    question: 'How the suite asks for the readings coincident with a trigger reading (MR-08, a reading rather than an event as trigger): which ReadingType of the coincident request names the trigger',
    default: 'trigger-in-readings',
    defaultMeaning: 'GetMeterReadings/MeterReadings says isCoincidentTrigger=true, names the Meter and, as its Readings (CoincidentReading), the ReadingType of the trigger reading with the timePeriod in which it is sought; the root ReadingType(s) name the readings wanted at its time',
    tokens: [
      t('trigger-in-readings', 'MeterReadings/Readings names the trigger ReadingType and its timePeriod; the root ReadingType the coincident readings wanted'),
      t('coincident-in-readings', 'MeterReadings/Readings names the ReadingType wanted at the trigger\'s time (as for an event trigger), with the timePeriod; the root ReadingType names the trigger reading'),
    ],
  },
  {
    id: 'CIM9-211', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.8 MR-08 (the trigger reading is not named); codes.md §5.15 (0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0 maximum 15-min power ABC kW ✔ RD), §5.3 (aggregate 8 maximum)',
    question: 'The ReadingType of the trigger reading the suite asks the readings coincident with (MR-08): the maximum of the period asked, whose time the coincident readings share',
    default: '0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0',
    defaultMeaning: 'the maximum 15-minute power ABC in kW (the maximum demand): the register reading coincident with it is the profile\'s data.readingTypes.register',
    tokens: [
      t('0.8.2.12.1.1.37.0.0.0.0.0.0.0.224.3.38.0', 'maximum 15-minute instantaneous forward power ABC, kW (codes.md §5.15)'),
      t('8.8.2.6.1.1.8.0.0.0.0.0.0.0.0.3.38.0', 'billing-period maximum 15-minute indicating demand, kW (a billing determinant)'),
    ],
    open: { kind: 'string', description: 'any 18-part ReadingType code of a maximum (or minimum) the SUT keeps with its time' },
  },
  {
    id: 'CIM9-212', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.6 MR-06 (DateTimeInterval: start included, end excluded ✔ for intervals; a register value is an instant, ?), §3.10 MR-10; payloads.md §2.4 (Reading.timePeriod)',
    question: 'Which register readings (instants) lie within the period a GetMeterReadings asks for (MR-PERIOD-WITHIN): is a reading at the start, or at the end, of the period one of it',
    default: 'closed',
    defaultMeaning: 'both ends included: the register value at the start (the opening read) and at the end (the closing read) of the period belong to it',
    tokens: [
      t('closed', 'start ≤ timeStamp ≤ end'),
      t('half-open', 'start ≤ timeStamp < end (the DateTimeInterval convention of intervals, applied to instants)'),
      t('end-included', 'start < timeStamp ≤ end (the end-of-interval convention: the value at the end closes the period)'),
    ],
  },
  {
    id: 'CIM9-213', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.8 EDE-08 (?, UC-08: "MS → MDM/NO : created(MeterReadings) with PQ ReadingTypes ⇐ ack; or NO → MDM/MS : get(MeterReadings) for those ReadingTypes ⇐ reply")',
    question: 'Whether the MDM keeps the power-quality measurements the head-end tells it and answers them to the network operator\'s get(MeterReadings) (the get form of EDE-08 with the MDM as responder)',
    default: 'kept',
    defaultMeaning: 'the suite, as the head-end, tells the MDM created(MeterReadings) with PQ measurements of a meter, then, as the network operator, asks the MDM get(MeterReadings) for those ReadingTypes over their time (CIM9-208); the answer must carry each measurement told, same instant and value (EDE-PQ-KEPT), and passes the rules of the published form',
    tokens: [
      t('kept', 'tested: the MDM answers the PQ measurements it was told'),
      t('none', 'not tested: the MDM keeps no PQ measurements (the scenario is not applicable)'),
    ],
  },
  {
    id: 'CIM9-214', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.3 MR-03 ("unsupported ReadingType → 2.6/2.10 or 5.5/5.6"); codes.md §2.3, §5.7 (commodity 7 natural gas), §5.8 (58 volume), §5.13 (42 m³)',
    question: 'The ReadingType the suite asks an electricity MDM or head-end for as one it does not support (the unsupported-ReadingType negative, NEG-2.10)',
    default: '0.0.0.1.1.7.58.0.0.0.0.0.0.0.0.0.42.0',
    defaultMeaning: 'a natural-gas volume register in m³ (commodity 7, measurementKind 58, unit 42): well formed, and not measured by an electricity meter; the refusal expected is FAILED with expectedCodes.unsupportedReadingType (2.10, or 2.6)',
    tokens: [t('0.0.0.1.1.7.58.0.0.0.0.0.0.0.0.0.42.0', 'natural-gas volume register, m³')],
    open: { kind: 'string', description: 'any 18-part ReadingType code the SUT does not support' },
  },
  {
    id: 'CIM9-225', area: 'suite', confidence: 'uncertain', source: 'envelope.md §6 (Result OK / PARTIAL / FAILED); use-cases.md §2 (EDE-01 outage events), §3 (MR-01 interval ingest): no statement of what an MDM answers to a request it accepted only in part under load',
    question: 'Which Reply/Result of the SUT counts as a success in `cim9 load` (an acknowledged created(EndDeviceEvents) or created(MeterReadings), an answered get(MeterReadings))',
    default: 'ok-only',
    defaultMeaning: 'only Result OK is a success; PARTIAL and FAILED count as errors of the load run (the reply is still schema- and envelope-checked)',
    tokens: [
      t('ok-only', 'only Result OK is a success'),
      t('ok-or-partial', 'OK and PARTIAL are successes (a SUT that answers part of a burst); FAILED is an error'),
    ],
  },
  {
    id: 'CIM9-215', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.1 EDE-01 (?, UC-01: get(MeterReadings) or get(EndDeviceEvents) with Meter + TimeSchedule), §2.2 EDE-02',
    question: 'With which messages an OMS SUT can be told to ping meters through its MDM (features/client-requests.feature: the get(MeterReadings) ping is @cap:ping-readings, the get(EndDeviceEvents) ping @cap:ping-events)',
    default: 'uc-01',
    defaultMeaning: 'only the ping of UC-01 (get(MeterReadings) by default; get(EndDeviceEvents) with UC-01 = get-end-device-events); the other ping scenario is not applicable',
    tokens: [
      t('uc-01', 'only the ping message UC-01 names'),
      t('both', 'both: the upper tester orders each ping with its noun ("noun" of the oms-ping order)'),
    ],
  },
  {
    id: 'CIM9-216', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.1 EDE-01 (a ping verifies the present energisation state; get(EndDeviceEvents) with Meter + TimeSchedule, ?)',
    question: 'Whether the get(EndDeviceEvents) ping of an OMS must carry a TimeSchedule that reaches the moment it was told to ping (DOM-CLIENT-PING-WINDOW)',
    default: 'warning',
    defaultMeaning: 'a ping without TimeSchedule, or whose scheduleInterval ends before the upper-tester order (less timeouts.clockSkewSeconds), is a warning',
    tokens: [
      t('warning', 'a missing or stale ping window is a warning'),
      t('failure', 'a missing or stale ping window is a failure'),
      t('off', 'the ping window is not checked'),
    ],
  },
  {
    id: 'CIM9-217', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.4 MR-04 (a time range: Request/StartTime+EndTime, Reading/timePeriod or TimeSchedule), §3.6 MR-06 (the period includes its start, excludes its end)',
    question: 'Whether a CIS told to ask for the historical data of a period [start, end) must ask for exactly that period, or may ask for a wider one (DOM-CLIENT-PERIOD; a period that does not cover the one ordered always fails)',
    default: 'covers',
    defaultMeaning: 'a period that covers the one ordered is accepted (a wider one is noted as info)',
    tokens: [
      t('covers', 'the period asked for must cover the one ordered'),
      t('exact', 'the period asked for must be exactly the one ordered (start and end the same instants)'),
    ],
  },
  {
    id: 'CIM9-218', area: 'suite', confidence: 'uncertain', source: 'envelope.md §8 (PARTIAL: one Error per failed item, identifying it; FAILED: nothing processed); codes.md §2.2 (4.1 request timed out); the handling by the requester is not public (?)',
    question: 'What a CIS must hold for a meter the MDM could not read (an Error item of a PARTIAL or FAILED answer), as its upper tester reports it (DOM-CLIENT-OUTCOME); holding it as read is always a failure',
    default: 'not-read',
    defaultMeaning: 'anything but a reading: the meter reported failed, or nothing held for it',
    tokens: [
      t('not-read', 'failed or none: the CIS does not take the meter as read'),
      t('failed', 'failed: the CIS knows the meter was not read (none is a failure)'),
    ],
  },
  {
    id: 'CIM9-219', area: 'suite', confidence: 'uncertain', source: 'envelope.md §8 (PARTIAL: only part processed, or only part of the data returned); the handling by the requester is not public (?)',
    question: 'Whether a CIS must keep the readings a PARTIAL answer gives, as its upper tester reports them (DOM-CLIENT-OUTCOME)',
    default: 'warning',
    defaultMeaning: 'expected: a CIS that keeps none of them (it treats PARTIAL as FAILED) is a warning; a reading kept with another value than the answer gave is always a failure',
    tokens: [
      t('warning', 'dropping the readings of a PARTIAL answer is a warning'),
      t('failure', 'dropping the readings of a PARTIAL answer is a failure'),
      t('off', 'not checked'),
    ],
  },
  {
    id: 'CIM9-220', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (?, UC-26: "MDM → old/new supplier : created(MeterReadings)")',
    question: 'Whether the MDM must deliver the switching read to the old supplier as well as the new one, and where the old supplier is reached (CS-01, SWITCH-OLD-SUPPLIER)',
    default: 'expected',
    defaultMeaning: "the old supplier (the suite, at <listener>/suppliers/old; the embedded reference MDM is told it as subscriber oldSupplier) should get the same created(MeterReadings): none is a warning, a value other than the head-end's a failure",
    tokens: [
      t('expected', 'no switching read at the old supplier: warning'),
      t('required', 'no switching read at the old supplier: failure'),
      t('off', 'the old supplier is not checked (the step says so)'),
    ],
  },
  {
    id: 'CIM9-221', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (?, UC-26: "create|close(MasterDataLinkageConfig) (customer account ↔ usage point)"); payloads.md §12 (links as of ConfigurationEvent.effectiveDateTime), §8 (Get<Noun> profiles other than GetMeterConfig are not public, ?)',
    question: 'How the customer account ↔ usage point linkage of a switch is verified at the MDM (SWITCH-LINKAGE)',
    default: 'read-back-warning',
    defaultMeaning: 'GetUsagePointConfig filtered by the new CustomerAccount must list the usage point and filtered by the old one must not (the links as of the switch time); a disagreement, or a Get the MDM does not answer OK, is a warning (the Get profile is not public)',
    tokens: [
      t('read-back-warning', 'the read-back disagreeing: warning'),
      t('read-back', 'the read-back disagreeing: failure'),
      t('reply-only', 'only the MDM\'s replies to the close and the create are judged (Result OK)'),
    ],
  },
  {
    id: 'CIM9-258', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (?, UC-26: "new supplier / CIS → MDM : change(UsagePointConfig) (ServiceSupplier) and create|close(MasterDataLinkageConfig)"; the order is that of the listing, the figure is not public)',
    question: 'Whether the CIS (the new supplier) must tell its MDM the change of supplier before the link of the new customer account (CS-01.C1, SWITCH-CLIENT-ORDER)',
    default: 'warning',
    defaultMeaning: 'the change(UsagePointConfig) is expected before the create(MasterDataLinkageConfig), the order of the use case\'s listing; the link first is a warning',
    tokens: [t('warning', 'the link before the change: warning'), t('failure', 'the link before the change: failure'), t('off', 'the order is not judged')],
  },
  {
    id: 'CIM9-259', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §7.1 CS-01 (?, UC-26), §9.1 MD-01 (ConfigurationEvent effectiveDateTime, "effective date honoured", ◐ vendor); payloads.md §12',
    question: 'Whether the CIS\'s link of the new customer account to the usage point must be effective at the switch time it was told (CS-01.C1, SWITCH-CLIENT-LINK-TIME)',
    default: 'warning',
    defaultMeaning: 'the ConfigurationEvent effectiveDateTime of the create(MasterDataLinkageConfig) is the switch time the upper tester gave (the same instant); another time or none is a warning',
    tokens: [t('warning', 'another effective time, or none: warning'), t('failure', 'another effective time, or none: failure'), t('off', 'the effective time is not judged')],
  },
  {
    id: 'CIM9-222', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.1 MR-01 (a schedule may name UsagePointGroups); payloads.md §0.5 (UsagePointGroups: no public schema, the packs propose its structure)',
    question: 'How the head-end learns the usage points of the UsagePointGroup a meter read schedule names (MR-01.5)',
    default: 'create-usage-point-groups',
    defaultMeaning: 'the suite defines the group first with create(UsagePointGroups) naming its usage points (those of all but the last meter of data.meters); a head-end that declines it with a Reply (FAILED) leaves the scenario in error (set-up, not a finding); a broken answer or a SOAP fault to the valid request is a finding',
    tokens: [t('create-usage-point-groups', 'create(UsagePointGroups) before the schedule')],
  },
  {
    id: 'CIM9-300', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.7 (EDC-07: created(EndDeviceControls), "or canceled(…) on failure, vendor"); envelope.md §7.2 (the asynchronous result carries the payload and/or a Reply with the final Result), §3 (EventMessageType has no Reply in the official schemas)',
    question: 'How a head-end tells the requester at its ReplyAddress that an asynchronous connect / disconnect it accepted failed in the field (EDC-07)',
    default: 'any',
    defaultMeaning: 'canceled(EndDeviceControls) or a reply(EndDeviceControls) with Result FAILED, correlated to the request; created(EndDeviceControls) or a Result OK is a failure (EDC-FAILURE-RESULT)',
    tokens: [t('any', 'canceled(EndDeviceControls) or a FAILED reply'), t('canceled', 'canceled(EndDeviceControls) only'), t('failed-reply', 'a reply(EndDeviceControls) with Result FAILED only')],
  },
  {
    id: 'CIM9-301', area: 'codes', confidence: 'uncertain', source: 'codes.md §6.4 (failure 3.31.0.84 DisconnectFailed (?), 3.31.0.67 ConnectFailed (?)), §4 (expected by composition, not seen in a public source; the vendor ControlPoint form 0.31.26.x of the switch events ◐)',
    question: 'Which EndDeviceEventType codes tell that a connect / disconnect failed (EDC-07.2)',
    default: 'plausible',
    defaultMeaning: 'the Annex E composition x.31.0.84 (disconnect) / x.31.0.67 (connect) for EndDeviceType 3 or 0, and the vendor ControlPoint form 0.31.26.84 / 0.31.26.67; anything else is a failure (EDC-FAILURE-EVENT)',
    tokens: [t('plausible', 'x.31.0.84 / x.31.0.67 (type 3 or 0) and 0.31.26.84 / 0.31.26.67'), t('annex-e', 'x.31.0.84 / x.31.0.67 (type 3 or 0) only')],
    open: { kind: 'list', itemPattern: '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$', description: 'a list of the EndDeviceEventType codes accepted for either command (e.g. [3.31.0.84, 3.31.0.67, 3.31.0.85])' },
  },
  {
    id: 'CIM9-302', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.7 (EDC-07 result, canceled on failure); §13 (ECITP 2.09: the error processing is verified); README "Testing a client-side system" (cis-report-switch)',
    question: 'What a CIS must hold, reported by its upper tester (cis-report-switch), for a meter whose asynchronous connect / disconnect the head-end reported failed',
    default: 'not-switched',
    defaultMeaning: 'any state but the one the command would have left (disconnected after a failed disconnect); holding the command\'s state is a failure (EDC-CLIENT-SWITCH-OUTCOME)',
    tokens: [t('not-switched', 'any state but the command\'s'), t('failed', 'the state failed only')],
  },
  {
    id: 'CIM9-303', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 step 3 ("optional primaryDeviceTiming/interval/start = requested time"), §13 (ECITP 2.09: the CIS requests a disconnect at a date/time)',
    question: 'Whether a CIS told to have a meter switched at a time must name it in its control (primaryDeviceTiming/interval/start)',
    default: 'warning',
    defaultMeaning: 'a control without a time is a warning (EDC-CLIENT-TIME); a time other than the one ordered (beyond a second) is a failure whatever the value',
    tokens: [t('error', 'no time: failure'), t('warning', 'no time: warning'), t('off', 'no time: not judged')],
  },
  {
    id: 'CIM9-305', area: 'envelope', confidence: 'uncertain', source: 'envelope.md §7.2 (the asynchronous result is a past-tense EventMessage, ◐; a Reply in it is a vendor variant, §4.2), §4.1 (only the ResponseMessage carries a Reply in the standard wrapper), §8 (PARTIAL, FAILED); use-cases.md §0.3 P1a',
    question: 'In what message the MDM the suite plays sends a CIS the asynchronous result of its get(MeterReadings) that is not complete: PARTIAL (part of the data) or FAILED (none) (MR-04.C3, MR-04.C4)',
    default: 'reply',
    defaultMeaning: 'a reply(MeterReadings) ResponseMessage at the ReplyAddress with the request\'s CorrelationID, its Reply (Result PARTIAL or FAILED, Error 5.7 naming the meter) and the intervals there are: the only standard wrapper that carries a Result, and the form the later pages of a paged answer take (CIM9-250)',
    tokens: [
      t('reply', 'a reply(MeterReadings) with its Result, Errors and data'),
      t('created', 'a PARTIAL result is created(MeterReadings) with the intervals there are and no Result (the standard event has no Reply); a FAILED result has no event form and stays a reply(MeterReadings)'),
    ],
  },
  {
    id: 'CIM9-223', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §3.5 MR-05 (?, UC-13: "CIS → MDM : get(MeterReadings) for billing determinants … with reason = inquiry or billing"); payloads.md §0.4 (ReadingReasonKind), §2.4 (GetMeterReadings Reading/reason 0..1)',
    question: 'Whether the billing inquiry of a CIS (get(MeterReadings) for billing determinants, MR-05.C1 / .C2) must give Reading/reason, and that it be the reason it was told (billing or inquiry)',
    default: 'warning', strictDefault: 'required',
    defaultMeaning: 'a billing inquiry without Reading/reason, or with another reason than the one the CIS was told, is a warning (MR-CLIENT-BILLING): the query profile makes reason optional and the MR-05 sequence is uncertain',
    tokens: [t('required', 'a failure: the profile requires the reason'), t('warning', 'a warning'), t('off', 'not checked')],
  },
  {
    id: 'CIM9-304', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 step 4 (the head-end tells the MDM the switch event, failures …84 / …67), §4.7 ("canceled(…) on failure", vendor); codes.md §6.4',
    question: 'How the head-end the suite plays tells an MDM that the switch of a connect / disconnect the MDM passed on failed (EDC-06.13)',
    default: 'event',
    defaultMeaning: 'created(EndDeviceEvents) with the failure event of the command (the first code CIM9-301 accepts: 3.31.0.84 / 3.31.0.67) naming the meter and the issuerTrackingID of the control the MDM passed on',
    tokens: [t('event', 'created(EndDeviceEvents) with the failure event'), t('canceled', 'canceled(EndDeviceControls) naming the control passed on, correlated to the MDM\'s request'), t('both', 'the failure event, then canceled(EndDeviceControls)')],
  },
  {
    id: 'CIM9-308', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 step 6 (UC-21: the MDM tells the CIS the completion), §4.7 (canceled on failure); envelope.md §7.2 (an asynchronous result carries the request\'s CorrelationID)',
    question: 'In what message an MDM tells its CIS that the connect / disconnect it passed on failed at the head-end (EDC-06.13)',
    default: 'any',
    defaultMeaning: 'created(EndDeviceEvents) with the failure event of the command (CIM9-301), canceled(EndDeviceControls), or a reply with Result FAILED (CIM9-300), each naming the meter; a success is a failure (EDC-FAILURE-EVENT / EDC-FAILURE-RESULT)',
    tokens: [t('any', 'the failure event, canceled(EndDeviceControls) or a FAILED reply'), t('event', 'created(EndDeviceEvents) with the failure event only'), t('result', 'canceled(EndDeviceControls) or a FAILED reply only')],
  },
  {
    id: 'CIM9-309', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §4.6 (UC-21 completion carries the requester\'s issuerID / issuerTrackingID), §4.7; envelope.md §7.2 (CorrelationID of an asynchronous result)',
    question: 'How severe it is when the failure an MDM tells its CIS is not correlated to the CIS\'s control: neither the CIS request\'s CorrelationID / MessageID nor the control\'s mRID / issuerTrackingID (EDC-06.13)',
    default: 'warning',
    defaultMeaning: 'a warning (EDC-RELAY-FAILURE): the standard names no single correlation key for a completion told as an event',
    tokens: [t('error', 'a failure'), t('warning', 'a warning'), t('off', 'not judged')],
  },
  {
    id: 'CIM9-310', area: 'suite', confidence: 'uncertain', source: 'use-cases.md §2.5 EDE-05 (◐: "MS → MDM : created(EndDeviceEvents) with health events ⇐ ack"), §2.7 EDE-07 (◐: "MS → MDM (or NO)" with sag / swell events), §2.9 and §10 (GetEndDeviceEvents by meter and time window); §2.2 (the OMS asks the MDM get(EndDeviceEvents), UC-01)',
    question: 'Whether the MDM keeps the end device events the head-end tells it (health events, EDE-05; power quality events, EDE-07) and answers them to a get(EndDeviceEvents) [GetEndDeviceEvents] by meter and time window (EDE-05 and EDE-07 with the MDM as SUT)',
    default: 'kept',
    defaultMeaning: 'the suite, as the head-end, tells the MDM created(EndDeviceEvents) with health events (or the start and stop of a sag and of a swell) of a meter, then asks the MDM get(EndDeviceEvents) for the meter over their time; the answer must carry each event told, same code, meter and createdDateTime (EDE-EVENTS-KEPT), of the meter and inside the window (EDE-QUERY-METER, EDE-QUERY-WINDOW), with health domains (EDE-HEALTH-DOMAIN) or start / stop pairs per phase (EDE-PQ-PAIR)',
    tokens: [
      t('kept', 'tested: the MDM answers get(EndDeviceEvents) with the events the head-end told it'),
      t('none', 'not tested: the MDM keeps no events to be asked for, only acknowledges (and forwards) them (the scenarios are not applicable)'),
    ],
  },
] as const satisfies readonly AssumptionDef[];

/** every ID of the register, e.g. 'ENV-07' */
export type AssumptionId = (typeof ASSUMPTIONS)[number]['id'];

/** the full map of assumptions in force */
export type Assumptions = { readonly [K in AssumptionId]: AssumptionValue };

const BY_ID: ReadonlyMap<string, AssumptionDef> = new Map(ASSUMPTIONS.map((d) => [d.id, d as AssumptionDef]));

export function assumptionDef(id: string): AssumptionDef | undefined {
  return BY_ID.get(id);
}

export function isAssumptionId(id: string): id is AssumptionId {
  return BY_ID.has(id);
}

// ------------------------------------------------------------------------------------------ checking

export interface AssumptionProblem {
  id: string;
  kind: 'unknown-id' | 'illegal-value';
  message: string;
}

type Checked = { ok: true; value: AssumptionValue } | { ok: false; message: string };

const scalarText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

const shown = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** what a value of this entry may be, in words */
export function allowedValuesText(def: AssumptionDef): string {
  const parts: string[] = [];
  if (def.tokens.length) parts.push(def.tokens.map((x) => x.value).join(' | '));
  if (def.open) parts.push(def.open.description);
  return parts.join('; or ');
}

function checkList(def: AssumptionDef, raw: unknown, items: readonly string[] | undefined, pattern: string | undefined): Checked {
  if (!Array.isArray(raw) || raw.length === 0) return { ok: false, message: `must be a non-empty list (${allowedValuesText(def)})` };
  const out: string[] = [];
  for (const [i, item] of raw.entries()) {
    const s = scalarText(item);
    if (s === undefined || s === '') return { ok: false, message: `item ${i + 1} (${shown(item)}) must be a non-empty string` };
    if (items && !items.includes(s)) return { ok: false, message: `item ${shown(s)} is not one of ${items.join(', ')}` };
    if (pattern && !new RegExp(pattern).test(s)) return { ok: false, message: `item ${shown(s)} must match ${pattern}` };
    out.push(s);
  }
  return { ok: true, value: out };
}

function checkMap(def: AssumptionDef, open: Extract<OpenForm, { kind: 'map' }>, raw: unknown): Checked {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: `must be one of: ${allowedValuesText(def)}` };
  }
  const out: Record<string, string | readonly string[]> = { ...(open.base ?? {}) };
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, message: 'must not be an empty map' };
  for (const [k, v] of entries) {
    if (open.keys && !open.keys.includes(k)) return { ok: false, message: `key ${shown(k)} is not one of ${open.keys.join(', ')}` };
    if (open.listItemPattern) {
      const r = checkList(def, v, undefined, open.listItemPattern);
      if (!r.ok) return { ok: false, message: `${k}: ${r.message}` };
      out[k] = r.value as readonly string[];
      continue;
    }
    const s = scalarText(v);
    if (s === undefined || s === '') return { ok: false, message: `${k}: must be a non-empty string` };
    if (open.values && !open.values.includes(s)) return { ok: false, message: `${k}: ${shown(s)} is not one of ${open.values.join(', ')}` };
    out[k] = s;
  }
  return { ok: true, value: out };
}

/** check one value against its entry; normalizes YAML scalars (true → "true", 2013 → "2013") */
export function checkAssumptionValue(def: AssumptionDef, raw: unknown): Checked {
  const open = def.open;
  const s = scalarText(raw);
  if (s !== undefined) {
    if (def.tokens.some((x) => x.value === s)) return { ok: true, value: s };
    if (open?.kind === 'number') {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (Number.isFinite(n) && n >= open.min) return { ok: true, value: n };
      return { ok: false, message: `${shown(raw)} is not allowed: must be a number of ${open.unit ?? ''} ≥ ${open.min}`.replace('of  ', 'of ') };
    }
    if (open?.kind === 'string' && typeof raw === 'string' && raw.trim() !== '') return { ok: true, value: raw };
    return { ok: false, message: `${shown(raw)} is not allowed: must be ${allowedValuesText(def)}` };
  }
  if (Array.isArray(raw) && open?.kind === 'list') return checkList(def, raw, open.items, open.itemPattern);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && open?.kind === 'map') return checkMap(def, open, raw);
  return { ok: false, message: `${shown(raw)} is not allowed: must be ${allowedValuesText(def)}` };
}

/** the register ID a mistyped ID probably meant (env-7 → ENV-07), if any */
export function suggestAssumptionId(id: string): string | undefined {
  const m = /^\s*([a-z0-9]+?)[-_ ]?0*([0-9]+)\s*$/i.exec(id);
  if (!m) return undefined;
  const guess = `${m[1]!.toUpperCase()}-${m[2]!.padStart(2, '0')}`;
  return BY_ID.has(guess) ? guess : undefined;
}

/** unknown IDs and illegal values of a map of overrides (empty when all is well) */
export function validateAssumptions(overrides: Readonly<Record<string, unknown>>): AssumptionProblem[] {
  const problems: AssumptionProblem[] = [];
  for (const [id, raw] of Object.entries(overrides)) {
    const def = BY_ID.get(id);
    if (!def) {
      const hint = suggestAssumptionId(id);
      problems.push({
        id, kind: 'unknown-id',
        message: `unknown assumption ID "${id}"${hint ? ` (did you mean ${hint}?)` : ''}; see docs/assumptions.md`,
      });
      continue;
    }
    const r = checkAssumptionValue(def, raw);
    if (!r.ok) problems.push({ id, kind: 'illegal-value', message: `illegal value for ${id} (${def.question}): ${r.message}` });
  }
  return problems;
}

export class AssumptionError extends Error {
  constructor(readonly problems: readonly AssumptionProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'AssumptionError';
  }
}

export interface ResolveOptions {
  /** certification mode: entries with a `strictDefault` use it when not overridden */
  strict?: boolean;
}

/** the default of an entry in the given mode */
export function defaultFor(def: AssumptionDef, opts: ResolveOptions = {}): AssumptionValue {
  return opts.strict && def.strictDefault !== undefined ? def.strictDefault : def.default;
}

/**
 * The full map in force: the defaults (of the mode), with the overrides applied; throws AssumptionError
 * for unknown IDs and illegal values.
 */
export function resolveAssumptions(overrides: Readonly<Record<string, unknown>> = {}, opts: ResolveOptions = {}): Assumptions {
  const problems = validateAssumptions(overrides);
  if (problems.length) throw new AssumptionError(problems);
  const out: Record<string, AssumptionValue> = {};
  for (const def of ASSUMPTIONS as readonly AssumptionDef[]) out[def.id] = defaultFor(def, opts);
  for (const [id, raw] of Object.entries(overrides)) {
    const r = checkAssumptionValue(BY_ID.get(id)!, raw);
    if (r.ok) out[id] = r.value;
  }
  return out as Assumptions;
}

/** the string form reports and findings carry: lists joined by ",", maps as "k=v; k2=a,b" */
export function describeAssumptionValue(v: AssumptionValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.join(',');
  return Object.entries(v as Record<string, string | readonly string[]>)
    .map(([k, x]) => `${k}=${typeof x === 'string' ? x : x.join(',')}`)
    .join('; ');
}

/** the subset of a map in force, as strings, for the `assumptions` of a Finding */
export function pickAssumptions(map: Assumptions, ...ids: AssumptionId[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = describeAssumptionValue(map[id]);
  return out;
}

// ------------------------------------------------------------------------------------------ documentation

const AREA_TITLES: Record<AssumptionArea, string> = {
  envelope: 'Envelope (envelope.md)',
  payloads: 'Payloads (payloads.md)',
  codes: 'Codes (codes.md)',
  'use-cases': 'Use cases (use-cases.md)',
  eumed: 'EUMED (eumed.md)',
  suite: 'Decisions of the suite (CIM9-nn)',
};

const MARK: Record<Confidence, string> = { verified: '✔', 'vendor-observed': '◐', uncertain: '?' };

/** a table cell: pipes escaped; < > & escaped outside code spans (where HTML would swallow `<Noun>`) */
const cell = (s: string): string =>
  s
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

function valueCell(v: AssumptionValue): string {
  return '`' + describeAssumptionValue(v).replace(/`/g, "'") + '`';
}

/** docs/assumptions.md, generated from the register (test/profile.test.ts checks the file is up to date) */
export function renderAssumptionsMarkdown(): string {
  const out: string[] = [];
  out.push(
    '# Assumption register',
    '',
    '<!-- generated by renderAssumptionsMarkdown() in src/profile/assumptions.ts; do not edit by hand.',
    '     regenerate: node --import tsx src/profile/write-assumptions-doc.ts -->',
    '',
    'Where the standard is not public or not certain, cim9 makes an **assumption**: a configurable option with an',
    'ID, a default and the values a profile may choose instead (see `../shared/spec/README.md` §3 and §8).',
    'Every result that depends on an assumption names it and the value used, e.g.',
    '`assumptions: {ENV-07: "reply", PAY-04: "end"}`, so that a real non-conformance can be told apart from a',
    'disagreement about an uncertain point. Uncertain points never become hard failures by default.',
    '',
    'Override a default in the profile:',
    '',
    '```yaml',
    'assumptions:',
    '  ENV-07: accept            # a token from the "Allowed values" column',
    '  UC-05: [1, 2, 7, 11]      # an open-ended entry: a list',
    '  ENV-09: { noun: failure } # a map: keys left out keep the default',
    '```',
    '',
    'Unknown IDs and values not allowed below are profile errors. Columns: **Conf.** is how sure the spec is',
    'about the point behind the entry (✔ verified, ◐ vendor-observed, ? uncertain); **Source** is the file and',
    'section of the spec folder that explains it. "strict:" is the default in certification mode (`strict: true`).',
    '`ENV-16` is the same value as `timeouts.asyncResultSeconds`.',
    '',
  );
  const areas = [...new Set(ASSUMPTIONS.map((d) => d.area))] as AssumptionArea[];
  for (const area of areas) {
    out.push(`## ${AREA_TITLES[area]}`, '', '| ID | Question | Default | Allowed values | Conf. | Source |', '|---|---|---|---|---|---|');
    for (const d of ASSUMPTIONS.filter((x) => x.area === area) as readonly AssumptionDef[]) {
      const allowed: string[] = d.tokens.map((x) => `\`${x.value}\` ${x.meaning}`);
      if (d.open) allowed.push(d.tokens.length ? `*or* ${d.open.description}` : d.open.description);
      out.push(
        `| ${d.id} | ${cell(d.question)} | ${cell(valueCell(d.default))}${d.strictDefault !== undefined ? ` (strict: ${cell(valueCell(d.strictDefault))})` : ''}: ${cell(d.defaultMeaning)} | ${cell(allowed.join('; '))} | ${MARK[d.confidence]} | ${cell(d.source)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** the message generation (ENV-01 token) an edition speaks: draft-2011 for the 2011 draft, 2013 (ed.1) otherwise */
export function editionGeneration(edition: string): string {
  return edition === 'draft-2011' ? 'draft-2011' : '2013';
}

/** the generations an ENV-01 value accepts (a token, a list, or any) */
export function generationsAccepted(v: unknown): string[] {
  const all: string[] = [...GENERATIONS];
  const list = Array.isArray(v) ? v.map(String) : String(v ?? '2013').split(',').map((x) => x.trim()).filter(Boolean);
  return list.includes('any') ? all : list;
}
