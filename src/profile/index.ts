import { deprecationLine, picsFromCapabilities, type LegacyCapabilities } from './pics-capabilities.ts';
import { createHash, createPrivateKey } from 'node:crypto';
/**
 * Test profiles: the YAML file a user writes to point cim9 at a system under test (SUT).
 *
 * `loadProfile` reads the file, validates it against profiles/profile.schema.json (ajv, all errors at
 * once), checks what a schema cannot (assumption IDs and values, endpoints per role, secrets from the
 * environment, TLS files, consistency of the stimulus), applies the defaults and returns a typed
 * `Profile`. Every problem is reported as a `ProfileError` whose message names the file, the line, the
 * field path (e.g. `sut.endpoints.MDM.url`) and what is wrong — one problem per line.
 */
import { readFileSync, statSync, accessSync, writeFileSync, constants as fsConstants } from 'node:fs';
import { dirname, resolve, isAbsolute } from 'node:path';
import { repoPath } from '../paths.ts';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isAlias, isNode, type Document } from 'yaml';
import {
  resolveAssumptions,
  validateAssumptions,
  checkAssumptionValue,
  assumptionDef,
  describeAssumptionValue,
  editionGeneration,
  generationsAccepted,
  type Assumptions,
  type AssumptionValue,
} from './assumptions.ts';
import { waiversFileBeside, todayUtc } from './waivers.ts';
import { attestationProblems, type Attestation } from './attestations.ts';

export * from './assumptions.ts';

// ------------------------------------------------------------------------------------------ types

export const ROLES = ['MDM', 'HES', 'CIS', 'OMS'] as const;
export type Role = (typeof ROLES)[number];
export type Edition = '2013' | '2024' | 'draft-2011';
/** the editions a profile may name: IEC 61968-9:2013, IEC 61968-9:2024, and the 2011 draft generation (EPRI 2011 harness) */
export const EDITIONS: readonly Edition[] = ['2013', '2024', 'draft-2011'];
export type StimulusKind = 'simulator' | 'http' | 'command' | 'manual' | 'none';

/**
 * Negative cases with an expected Annex B code (COD-06, codes.md §2.3); the same names as
 * NegativeScenarioKind of src/codes, which holds the default codes.
 */
export const NEGATIVE_CASES = [
  'schemaInvalid',
  'unknownNoun',
  'unsupportedVerb',
  'unknownMeter',
  'unknownUsagePoint',
  'unknownReadingType',
  'unsupportedReadingType',
  'dataUnavailable',
  'operationSetRolledBack',
  'transactionAborted',
  'missingHeaderElement',
  'missingRequestElement',
  'missingPayloadElement',
  'authentication',
] as const;
export type NegativeCase = (typeof NEGATIVE_CASES)[number];

export interface Endpoint {
  /** base URL of every service of the role */
  url: string;
  /** per-service URLs by WSDL service name (GetMeterReadings, ExecuteMeterReadings, ...) */
  services: Record<string, string>;
}

export interface TlsSettings {
  /** absolute paths (resolved relative to the profile), checked to be readable files */
  ca?: string;
  cert?: string;
  key?: string;
  /** resolved secret */
  passphrase?: string;
  rejectUnauthorized: boolean;
}

export interface SutSettings {
  /** who makes the system under test, which product and which version of it: named in the conformance statement */
  vendor?: string;
  product?: string;
  version?: string;
  /** true: the runner starts the reference SUT (simulator) and fills `endpoints` in */
  embedded: boolean;
  roles: Role[];
  /** one per role unless embedded (then empty until the simulator has started) */
  endpoints: Partial<Record<Role, Endpoint>>;
  soapVersion: '1.1' | '1.2';
  /** extra HTTP headers, env: secrets resolved */
  headers: Record<string, string>;
  /** env: secrets resolved */
  basicAuth?: { username: string; password: string };
  tls?: TlsSettings;
  maxReplyBytes: number;
}

export interface ListenerSettings {
  host: string;
  /** 0 = any free port */
  port: number;
  /**
   * the URL the SUT must use to reach the listener (NAT, proxy, another machine); its path is the base path the
   * listener serves. Absent = http://<host>:<port>/callback once bound (required when host is 0.0.0.0 or ::)
   */
  publicUrl?: string;
}

export interface Timeouts {
  responseSeconds: number;
  /** the value of assumption ENV-16 */
  asyncResultSeconds: number;
  eventSeconds: number;
  /** allowed distance between the SUT's timestamps and the suite's clock */
  clockSkewSeconds: number;
  /** after an event has arrived, how long to watch for a second publication of it (DOM-EVENT-ONCE) */
  quietSeconds: number;
}

/** how long to watch for a repeated publication (timeouts.quietSeconds) */
export function quietSecondsOf(p: Pick<Profile, 'timeouts'>): number {
  return p.timeouts.quietSeconds;
}

/**
 * CIM9-203: the time factor of the scenarios' own timing (1: the register's durations, whole-second timestamps;
 * below 1: those durations multiplied by it, timing timestamps to the millisecond). Anything else reads as 1.
 */
export function timeFactorOf(assumptions: Readonly<Record<string, unknown>>): number {
  const f = Number(assumptions['CIM9-203'] ?? 1);
  return Number.isFinite(f) && f >= 0.05 && f <= 1 ? f : 1;
}

export interface Stimulus {
  kind: StimulusKind;
  /** kind http: POST target */
  url?: string;
  /** kind command: shell command template with {event} and {meter} */
  command?: string;
  /**
   * the stimulus can also make a meter unable to give its register read and readable again (read-unavailable /
   * read-restored, src/usecases/stimuli.ts READ_AVAILABILITY_STIMULI); kind simulator always can
   */
  readUnavailable?: boolean;
  /**
   * the stimulus can also make a meter's switch fail and work again (switch-stuck / switch-freed,
   * src/usecases/stimuli.ts SWITCH_FAILURE_STIMULI: EDC-07.2); kind simulator always can
   */
  switchFailure?: boolean;
}

export interface TestMeter {
  mRID: string;
  usagePoint: string;
}

export interface TestData {
  meters: TestMeter[];
  unknownMeter: string;
  unknownUsagePoint: string;
  /**
   * a meter in stock, not installed: the meter-installed / meter-removed stimuli install it in the field and take
   * it out again, and the head-end tells its master-data subscriber (features/meter-installation.feature)
   */
  spareMeter: string;
  /**
   * optional: a meter the head-end knows and can switch but whose register it cannot read (the ECITP 2.09 error
   * conditions with the head-end as SUT, EDC-06.10), not one of `meters`
   */
  unreadableMeter?: TestMeter;
  /**
   * `billing`: the billing determinants the billing inquiry (MR-05, features/billing-inquiry.feature) asks the MDM for;
   * absent: the register alone
   */
  readingTypes: { register: string; interval: string; billing?: string[] };
}

/** the reference SUT as `cim9 simulate --profile` starts it (profile section simulator:) */
export interface SimulatorSettings {
  host: string;
  port: number;
  /** fault ids (checked against the catalogue by the CLI, which knows it) */
  faults: string[];
  subscribers: { OMS?: string; masterData?: string };
  /**
   * how the reference MDM tells its CIS that a connect / disconnect it passed on failed at its head-end (EDC-06.13,
   * CIM9-308): the failure event (the default), canceled(EndDeviceControls) naming the control, or a FAILED reply
   * correlated to the CIS's request; `cim9 run` with sut.embedded and `cim9 simulate` apply it
   */
  mdmFailureForm?: 'event' | 'canceled' | 'failed-reply';
}

/**
 * the former `capabilities:` section (deprecated): read for compatibility and moved into the PICS at load
 * (src/profile/pics-capabilities.ts picsFromCapabilities); what each meant is read from the PICS (capabilitiesOf)
 */
export type Capabilities = LegacyCapabilities;

/** a noun of a role's PICS and the verbs the SUT answers for it as a server; the noun's other verbs are declared unsupported */
export interface PicsNoun {
  noun: string;
  verbs: string[];
}

/** what the SUT declares it implements in one role (profile section pics:, README "pics") */
export interface PicsRole {
  /** the use cases it implements (ids of src/usecases/ids.ts); absent: every use case of the role applies */
  useCases?: string[];
  /**
   * the noun / verb pairs it answers as a server; absent: not declared, its replies are not compared after the run (the
   * statement lists them as not compared); [] declares none, so every noun exchanged is a disagreement
   */
  supports?: PicsNoun[];
  /**
   * the noun / verb pairs it sends as a client in this role (requests to the peers the suite plays: the MDM a CIS or
   * an OMS asks, the head-end an MDM relays to); compared after the run with the requests that arrived there;
   * absent: not declared, its requests are not compared (the statement lists them as not compared); [] declares that it
   * sends none, so every request it sends is sent-undeclared
   */
  sends?: PicsNoun[];
  /**
   * the elements the standard leaves optional that it sends, per noun of its payloads: paths of element names from the
   * payload root (MeterReading/Readings/ReadingQualities); compared after the run with the payloads it sent
   * (src/report/pics.ts elementObservations); absent: not compared
   */
  elements?: { noun: string; paths: string[] }[];
  /**
   * a declared option: as a server it answers a request asynchronously when asked (AsyncReplyFlag, ReplyAddress); as a
   * client (CIS, OMS) it asks for asynchronous replies and takes them at its ReplyAddress. The @cap:async scenarios
   * of the role apply only with it (src/profile/pics-capabilities.ts); absent: false
   */
  asyncReplies?: boolean;
  /** a declared option: its refusals carry the reply codes of IEC 61968-9 Annex B, so the expected codes are asserted (COD-06); absent: false */
  annexB?: boolean;
  /**
   * per noun, the event verbs it publishes on its own to its subscribers (the suite's listener): master-data nouns
   * (…Config, OperationSet: the @cap:md-publication scenarios, UC-29) and others (MeterReadingSet created: the
   * @cap:publication scenarios, UC-35); absent: not declared, so no @cap:publication / @cap:md-publication scenario
   * applies and its publications are not compared (the statement lists them as not compared); [] declares that it
   * publishes nothing, so every publication it makes is published-undeclared
   */
  publishes?: PicsNoun[];
}

/** the protocol implementation conformance statement: per role the SUT plays (only roles of sut.roles) */
export type Pics = Partial<Record<Role, PicsRole>>;

export interface EvidenceSettings {
  /** absolute path of a PEM file with the Ed25519 private key that signs the evidence bundle (checked when loading) */
  signingKey?: string;
}

/** the peers the suite plays for the SUT (profile section peers:), with their defaults filled in */
export interface PeerProfiles {
  /** the head-end the suite plays behind an MDM SUT: the most intervals of one message of interval data (MR-04 paging) */
  HES: { pageIntervals: number };
}

/** the defaults of peers: (the head-end pages by 48 intervals, half a day of 15-minute data) */
export const PEER_DEFAULTS: Readonly<PeerProfiles> = Object.freeze({ HES: Object.freeze({ pageIntervals: 48 }) });

/** the bounds of `cim9 load` (profile section load:): a run that exceeds one exits 1 (src/cli/load.ts) */
export interface LoadBounds {
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  /** the most errors per request sent, 0..1 (a reply that failed a check, a transport failure) */
  maxErrorRate?: number;
  /** the most timeouts per request sent, 0..1 */
  maxTimeoutRate?: number;
  /** the least replies per second over the run */
  minThroughput?: number;
}

export interface Profile {
  /** absolute path of the profile file */
  file: string;
  cim9: 1;
  name: string;
  edition: Edition;
  /** absolute directory of an XSD schema pack to use instead of the shipped pack of the edition */
  schemas?: string;
  sut: SutSettings;
  listener: ListenerSettings;
  timeouts: Timeouts;
  stimulus: Stimulus;
  data: TestData;
  /**
   * the profile's pics: section (use cases, noun / verb pairs and declared options per role), when given — with a
   * deprecated capabilities: section moved into it: src/cli/plan.ts, src/report/pics.ts, src/profile/pics-capabilities.ts
   */
  pics?: Pics;
  /** one line each the loader has to say of the profile (capabilities: is deprecated), printed by `cim9 run` and `cim9 validate` */
  warnings?: string[];
  /** the profile's simulator: section, when given (`cim9 simulate --profile`; faults also under `cim9 run` when embedded) */
  simulator?: SimulatorSettings;
  /** what the vendor attests of the requirements no message exchange can show (src/profile/attestations.ts), when given */
  attestations?: Attestation[];
  /**
   * the profile's overrides of the expected Annex B code per negative case: the codes accepted (a single
   * code is a list of one); cases left out use the defaults of src/codes (acceptedCodesFor)
   */
  expectedCodes: Partial<Record<NegativeCase, string[]>>;
  /** the evidence bundle's settings (evidence: section): the key that signs it, when not the lab key */
  evidence?: EvidenceSettings;
  /** the profile's load: section (bounds of `cim9 load`), when given */
  load?: LoadBounds;
  /** how the peers the suite plays behave (peers:, defaults PEER_DEFAULTS filled in) */
  peers: PeerProfiles;
  /** certification mode (`cim9 run --certification` means the same: src/cli/run-mode.ts) */
  strict: boolean;
  /**
   * the SUT's expected-failure ledger (absolute path): the profile's `waivers:`, else <name>.waivers.yaml or
   * waivers.yaml beside the profile when there is one; read and checked by loadWaivers (src/profile/waivers.ts)
   */
  waivers?: string;
  /** the full register in force (defaults + overrides; ENV-16 = timeouts.asyncResultSeconds) */
  assumptions: Assumptions;
  /** only the entries the profile set (normalized values) */
  assumptionOverrides: Record<string, AssumptionValue>;
}

/** what the loader fills in when a field is left out */
export interface ProfileDefaults {
  edition: Edition;
  sut: { embedded: boolean; endpoints: Partial<Record<Role, Endpoint>>; soapVersion: '1.1' | '1.2'; headers: Record<string, string>; maxReplyBytes: number; tlsRejectUnauthorized: boolean };
  listener: ListenerSettings;
  timeouts: Timeouts;
  /** stimulus when left out: simulator for an embedded SUT, none otherwise */
  stimulus: { embedded: Stimulus; external: Stimulus };
  data: Omit<TestData, 'meters'>;
  strict: boolean;
  assumptions: Assumptions;
}

export function profileDefaults(): ProfileDefaults {
  const assumptions = resolveAssumptions({});
  return {
    edition: '2013',
    sut: { embedded: false, endpoints: {}, soapVersion: '1.1', headers: {}, maxReplyBytes: 16 * 1024 * 1024, tlsRejectUnauthorized: true },
    listener: { host: '127.0.0.1', port: 0 },
    timeouts: { responseSeconds: 60, asyncResultSeconds: assumptions['ENV-16'] as number, eventSeconds: 30, clockSkewSeconds: 300, quietSeconds: 5 },
    stimulus: { embedded: { kind: 'simulator' }, external: { kind: 'none' } },
    data: {
      unknownMeter: 'CIM9-NO-SUCH-METER',
      unknownUsagePoint: 'CIM9-NO-SUCH-USAGE-POINT',
      spareMeter: 'M-2001',
      readingTypes: {
        register: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
        interval: '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0',
      },
    },
    strict: false,
    assumptions,
  };
}

/** the {ID: value} map in force, as strings, for reports and findings */
export function describeAssumptions(profile: Pick<Profile, 'assumptions'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, v] of Object.entries(profile.assumptions)) out[id] = describeAssumptionValue(v as AssumptionValue);
  return out;
}

// ------------------------------------------------------------------------------------------ errors

export interface ProfileIssue {
  /** field path, e.g. sut.endpoints.MDM.url; "(file)" or "(yaml)" when no field applies */
  path: string;
  line?: number;
  col?: number;
  message: string;
}

export class ProfileError extends Error {
  /** the problems, in file order (those without a line first) */
  readonly issues: readonly ProfileIssue[];

  constructor(
    readonly file: string,
    issues: readonly ProfileIssue[],
  ) {
    const sorted = [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const lines = sorted.map((i) => `${file}${i.line ? `:${i.line}${i.col ? `:${i.col}` : ''}` : ''}: ${i.path}: ${i.message}`);
    super(sorted.length === 1 ? lines[0]! : `${sorted.length} problems in profile ${file}:\n${lines.join('\n')}`);
    this.name = 'ProfileError';
    this.issues = sorted;
  }
}

// ------------------------------------------------------------------------------------------ schema

export const PROFILE_SCHEMA_FILE = repoPath('profiles', 'profile.schema.json');

let validator: ValidateFunction | undefined;

/** sha256 of each profile text that passed profiles/profile.schema.json in this process */
const schemaValid = new Set<string>();
/**
 * The environment variable in which `cim9 run` hands its Cucumber workers the digests of the profile texts that passed
 * the schema in its own process (comma-separated); a worker reading the same text does not compile the schema again.
 * The other checks of a profile (assumptions, URLs, files, secrets) are made in every process.
 */
export const PROFILE_VALID_ENV = 'CIM9_PROFILE_VALID';
/** the value of PROFILE_VALID_ENV for the processes this one starts */
export function schemaValidProfiles(): string {
  return [...schemaValid].join(',');
}

function schemaValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as object;
  // ajv and ajv-formats (CommonJS) are loaded here, when a profile text is first checked against the schema: a
  // Cucumber worker, whose profile text passed in cim9 run (PROFILE_VALID_ENV), never loads them
  const require = createRequire(import.meta.url);
  const { Ajv } = require('ajv') as typeof import('ajv');
  const addFormatsModule = require('ajv-formats') as unknown;
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
  // ajv-formats is CommonJS: its export is the plug-in (and its `default` too)
  const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
  addFormats(ajv);
  validator = ajv.compile(schema);
  return validator;
}

// ------------------------------------------------------------------------------------------ YAML positions

type Seg = string | number;

interface Located {
  line: number;
  col: number;
}

/**
 * Where fields are in the profile's text. The YAML document is asked for on first use: a profile whose data came
 * from cim9 run (PROFILE_PARSED_ENV) is parsed again only to place a problem found later (a file, a key), in the same
 * words as when it was parsed here.
 */
class Positions {
  #parsed: { doc: Document; lc: LineCounter } | undefined;

  constructor(private readonly parse: () => { doc: Document; lc: LineCounter }) {}

  private get doc(): Document {
    return (this.#parsed ??= this.parse()).doc;
  }

  private get lc(): LineCounter {
    return (this.#parsed ??= this.parse()).lc;
  }

  private pos(node: unknown): Located | undefined {
    if (isNode(node) && node.range) {
      const p = this.lc.linePos(node.range[0]);
      return { line: p.line, col: p.col };
    }
    return undefined;
  }

  /** line of the deepest existing node on the path: the key of a map entry, or the item of a sequence */
  locate(segs: readonly Seg[]): Located {
    let node: unknown = this.doc.contents;
    let at: Located = this.pos(node) ?? { line: 1, col: 1 };
    for (const seg of segs) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        at = this.pos(pair.key) ?? this.pos(pair.value) ?? at;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined) break;
        at = this.pos(item) ?? at;
        node = item;
      } else break;
    }
    return at;
  }

  /** does the path exist in the document? */
  has(segs: readonly Seg[]): boolean {
    return this.doc.hasIn(segs as unknown[]);
  }
}

/** field path in the user's words: sut.endpoints.MDM.url, data.meters[1].mRID */
export function fieldPath(segs: readonly Seg[]): string {
  let s = '';
  for (const seg of segs) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s || '(root)';
}

/** ajv instancePath (/sut/endpoints/MDM/url) → segments, numbers where the data is an array */
function segmentsOf(instancePath: string, data: unknown): Seg[] {
  if (!instancePath) return [];
  const out: Seg[] = [];
  let cur: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^[0-9]+$/.test(key)) {
      out.push(Number(key));
      cur = cur[Number(key)];
    } else {
      out.push(key);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------ messages

const show = (v: unknown): string => {
  if (typeof v === 'string') return `"${v}"`;
  const j = JSON.stringify(v);
  return j === undefined ? String(v) : j.length > 60 ? `${j.slice(0, 57)}...` : j;
};

function editDistance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name.toLowerCase(), c.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const describeType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : typeof v;

function issueOf(e: ErrorObject, data: unknown, pos: Positions): ProfileIssue | undefined {
  const segs = segmentsOf(e.instancePath, data);
  const schemaOf = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});
  const parent = schemaOf(e.parentSchema);
  const at = (s: readonly Seg[]): Pick<ProfileIssue, 'line' | 'col'> => pos.locate(s);
  const p = e.params as Record<string, unknown>;

  // an invalid key under propertyNames: the inner error carries the name
  if (e.propertyName !== undefined) {
    const s = [...segs, e.propertyName];
    const what = typeof parent['description'] === 'string' ? parent['description'] : `must match ${String(p['pattern'] ?? '')}`;
    return { path: fieldPath(s), ...at(s), message: `"${e.propertyName}" is not allowed as a name here: expected ${what}` };
  }
  switch (e.keyword) {
    case 'propertyNames':
      return undefined; // reported through the inner error
    case 'required': {
      const s = [...segs, String(p['missingProperty'])];
      const desc = schemaOf(schemaOf(parent['properties'])[String(p['missingProperty'])])['description'];
      return { path: fieldPath(s), ...at(segs), message: `required field is missing${typeof desc === 'string' ? ` (${desc})` : ''}` };
    }
    case 'additionalProperties': {
      const name = String(p['additionalProperty']);
      const s = [...segs, name];
      const allowed = Object.keys(schemaOf(parent['properties']));
      const hint = closest(name, allowed);
      return {
        path: fieldPath(s),
        ...at(s),
        message: `unknown field "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`,
      };
    }
    case 'enum': {
      const values = [...new Set((p['allowedValues'] as unknown[]).map((v) => String(v)))];
      // a long list (use case ids): name the likely one first
      const hint = typeof e.data === 'string' && values.length > 10 ? closest(e.data, values) : undefined;
      return { path: fieldPath(segs), ...at(segs), message: `${show(e.data)} is not allowed${hint ? ` (did you mean "${hint}"?)` : ''}: must be one of ${values.join(', ')}` };
    }
    case 'const':
      return { path: fieldPath(segs), ...at(segs), message: `${show(e.data)} is not allowed: must be ${show(p['allowedValue'])}` };
    case 'type': {
      const want = String(p['type']).split(',').join(' or ');
      let msg = `must be ${want}, not ${describeType(e.data)}${e.data !== null && typeof e.data !== 'object' ? ` (${show(e.data)})` : ''}`;
      if (typeof e.data === 'number' && want.includes('string')) {
        msg += '; put the value in quotes (YAML reads 2.10 as the number 2.1)';
      }
      return { path: fieldPath(segs), ...at(segs), message: msg };
    }
    case 'pattern': {
      const what = typeof parent['description'] === 'string' ? parent['description'] : `must match ${String(p['pattern'])}`;
      return { path: fieldPath(segs), ...at(segs), message: `${show(e.data)} does not have the expected form: ${what}` };
    }
    case 'format':
      return { path: fieldPath(segs), ...at(segs), message: `${show(e.data)} is not a valid ${String(p['format'])}` };
    default:
      return {
        path: fieldPath(segs),
        ...at(segs),
        message: `${e.data !== null && typeof e.data !== 'object' ? `${show(e.data)}: ` : ''}${e.message ?? 'is not valid'}`,
      };
  }
}

function schemaIssues(errors: readonly ErrorObject[], data: unknown, pos: Positions): ProfileIssue[] {
  // a URL that fails its pattern usually fails its format too: report it once
  const patternAt = new Set(errors.filter((e) => e.keyword === 'pattern').map((e) => e.instancePath));
  const out: ProfileIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'format' && patternAt.has(e.instancePath)) continue;
    const issue = issueOf(e, data, pos);
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ loading

export interface LoadOptions {
  /** where env:VARNAME secrets are read from (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
  /** assumption overrides given outside the profile (command line, CIM9_ASSUMPTIONS); they win over the profile's */
  extraAssumptions?: Readonly<Record<string, unknown>>;
  /** certification mode whatever the profile's `strict` says (cim9 run --certification) */
  strict?: boolean;
}

/** the raw shape after schema validation (defaults not yet applied) */
interface RawEndpoint {
  url: string;
  services?: Record<string, string>;
}
interface RawProfile {
  cim9: 1;
  name: string;
  edition?: string | number;
  schemas?: string;
  sut: {
    vendor?: string;
    product?: string;
    version?: string | number;
    embedded?: boolean;
    roles: Role[];
    endpoints?: Partial<Record<Role, RawEndpoint>>;
    soapVersion?: string | number;
    headers?: Record<string, string>;
    basicAuth?: { username: string; password: string };
    tls?: { ca?: string; cert?: string; key?: string; passphrase?: string; rejectUnauthorized?: boolean };
    maxReplyBytes?: number;
  };
  listener?: Partial<ListenerSettings>;
  timeouts?: Partial<Timeouts>;
  stimulus?: Stimulus;
  data?: { meters: TestMeter[]; unknownMeter?: string; unknownUsagePoint?: string; spareMeter?: string; unreadableMeter?: TestMeter; readingTypes?: { register?: string; interval?: string; billing?: string[] } };
  capabilities?: Partial<Capabilities>;
  pics?: Pics;
  attestations?: { requirement: string; by: string; statement: string; date: string | number; reference?: string }[];
  simulator?: Partial<SimulatorSettings>;
  expectedCodes?: Partial<Record<NegativeCase, string | string[]>>;
  evidence?: { signingKey?: string };
  peers?: { HES?: { pageIntervals?: number } };
  load?: LoadBounds;
  strict?: boolean;
  waivers?: string;
  assumptions?: Record<string, unknown>;
}

/** where a field of a profile file is (1-based line and column of its key), for errors found after loading */
export function locateField(file: string, segs: readonly (string | number)[]): { line: number; col: number } | undefined {
  try {
    const lc = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc, prettyErrors: false });
    if (!doc.hasIn(segs as unknown[])) return undefined;
    return new Positions(() => ({ doc, lc })).locate(segs);
  } catch {
    return undefined;
  }
}

/** read, validate and complete a profile file; throws ProfileError */
export function loadProfile(file: string, options: LoadOptions = {}): Profile {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read the file (${(err as Error).message})`;
    throw new ProfileError(file, [{ path: '(file)', message: why }]);
  }
  return parseProfile(text, file, options);
}

/** validate and complete profile text; `file` names it in errors and anchors relative paths */
export function parseProfile(text: string, file: string, options: LoadOptions = {}): Profile {
  const env = options.env ?? process.env;
  const parse = () => {
    const lc = new LineCounter();
    return { lc, doc: parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true }) };
  };
  const digest = createHash('sha256').update(text).digest('hex');
  // the data of this very text as the `cim9 run` that started this process parsed it (a Cucumber worker), or the YAML
  let data = handedOverData(digest, env);
  let pos: Positions;
  if (data !== undefined) pos = new Positions(parse);
  else {
    const { doc, lc } = parse();
    if (doc.errors.length) {
      throw new ProfileError(
        file,
        doc.errors.map((e) => {
          const lp = lc.linePos(e.pos[0]);
          return { path: '(yaml)', line: lp.line, col: lp.col, message: `YAML syntax error: ${e.message.split('\n')[0]}` };
        }),
      );
    }
    pos = new Positions(() => ({ doc, lc }));
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      throw new ProfileError(file, [{ path: '(yaml)', message: (err as Error).message }]);
    }
    if (data === undefined) data = null;
  }

  const issues: ProfileIssue[] = [];
  // the schema, unless this text passed it already in this process or in the `cim9 run` that started this one (a
  // Cucumber worker: compiling the schema is most of the cost of a profile, some 0.3 s of CPU per process)
  if (!schemaValid.has(digest) && !(env[PROFILE_VALID_ENV] ?? '').split(',').includes(digest)) {
    const validate = schemaValidator();
    if (!validate(data)) issues.push(...schemaIssues(validate.errors ?? [], data, pos));
    else schemaValid.add(digest);
  }

  // assumptions are checked even when the schema failed, so that all problems come at once
  const rawAssumptions = isPlainObject(data) && isPlainObject(data['assumptions']) ? (data['assumptions'] as Record<string, unknown>) : {};
  for (const problem of validateAssumptions(rawAssumptions)) {
    const s = ['assumptions', problem.id];
    issues.push({ path: fieldPath(s), ...pos.locate(s), message: problem.message });
  }
  const extra = options.extraAssumptions ?? {};
  for (const problem of validateAssumptions(extra)) {
    issues.push({ path: fieldPath(['assumptions', problem.id]), message: `${problem.message} (given outside the profile)` });
  }
  // the schema's `format: uri` lets "http://" and a port of 99999 through: parse each URL as a client would
  if (isPlainObject(data)) {
    const flagged = new Set(issues.map((i) => i.path));
    for (const u of urlIssues(data, pos)) if (!flagged.has(u.path)) issues.push(u);
  }
  if (issues.length) throw new ProfileError(file, issues);

  const raw = jsonSafe(data) ? JSON.stringify(data) : undefined;
  const profile = complete(data as RawProfile, resolve(file), file, pos, env, extra, options.strict === true);
  if (raw !== undefined) parsedTexts.set(digest, raw);
  return profile;
}

// ------------------------------------------------------------------------------------------ hand-over to workers

/**
 * The environment variable in which `cim9 run` names a file holding the data of the profile texts it parsed (the YAML
 * as JavaScript values, before completion: no secret from the environment, no file read), keyed by the sha256 of each
 * text. A Cucumber worker reading a text of the same digest takes its data from there instead of parsing the YAML; all
 * the checks after the parse (assumptions, URLs, files, secrets) and the completion still run in the worker, and a
 * problem they find is placed in the text as before (the YAML is then parsed to say where). Any other text, an
 * unreadable file or an entry that is not JSON: the YAML is parsed.
 */
export const PROFILE_PARSED_ENV = 'CIM9_PROFILE_PARSED';

/** sha256 of each profile text parsed without problems in this process → its data as JSON (when JSON holds it exactly) */
const parsedTexts = new Map<string, string>();

/** values JSON gives back as they are: null, booleans, strings, finite numbers, arrays and plain objects of them */
function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(v as object).every(jsonSafe);
}

/**
 * Write the data of the profile texts parsed in this process to `file` (for PROFILE_PARSED_ENV); false, and nothing
 * written, when there is none.
 */
export function writeParsedProfiles(file: string): boolean {
  if (!parsedTexts.size) return false;
  writeFileSync(file, JSON.stringify(Object.fromEntries(parsedTexts)), { mode: 0o600 });
  return true;
}

let handedOver: { file: string; texts: Record<string, unknown> } | undefined;

/** the data `cim9 run` handed over for the text of this digest, a fresh copy; undefined when there is none */
function handedOverData(digest: string, env: NodeJS.ProcessEnv): unknown {
  const file = env[PROFILE_PARSED_ENV];
  if (!file) return undefined;
  if (handedOver?.file !== file) {
    let texts: Record<string, unknown> = {};
    try {
      const read = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (read !== null && typeof read === 'object' && !Array.isArray(read)) texts = read as Record<string, unknown>;
    } catch {
      // no hand-over: the YAML is parsed
    }
    handedOver = { file, texts };
  }
  const json = Object.hasOwn(handedOver.texts, digest) ? handedOver.texts[digest] : undefined;
  if (typeof json !== 'string') return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Why a profile URL cannot be used, or undefined when it can: parsed as WHATWG URL (what the HTTP client does),
 * http: or https:, a non-empty host, a port within 1..65535, no credentials in it.
 */
export function urlProblem(value: string): string | undefined {
  // the WHATWG parser itself refuses a port over 65535 ("Invalid URL"): say which part is wrong
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):([0-9]+)(?:[/?#]|$)/i.exec(value);
  if (port && Number(port[1]) > 65535) return `port ${port[1]} is out of range (1..65535)`;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'is not a valid URL (expected http://host[:port]/path)';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `scheme "${u.protocol}" is not supported (http: or https:)`;
  if (!u.hostname) return 'names no host';
  if (u.port === '0') return 'port 0 is not a port a client can reach';
  if (u.username || u.password) return 'has credentials in it; use sut.basicAuth';
  return undefined;
}

/** every URL field of a raw profile that does not parse as a usable URL (the schema only checks its form) */
function urlIssues(data: Record<string, unknown>, pos: Positions): ProfileIssue[] {
  const out: ProfileIssue[] = [];
  const check = (segs: Seg[], v: unknown): void => {
    if (typeof v !== 'string') return;
    const problem = urlProblem(v);
    if (problem) out.push({ path: fieldPath(segs), ...pos.locate(segs), message: `${show(v)} ${problem}` });
  };
  const sut = data['sut'];
  const endpoints = isPlainObject(sut) ? sut['endpoints'] : undefined;
  if (isPlainObject(endpoints)) {
    for (const [role, ep] of Object.entries(endpoints)) {
      if (!isPlainObject(ep)) continue;
      check(['sut', 'endpoints', role, 'url'], ep['url']);
      const services = ep['services'];
      if (isPlainObject(services)) for (const [name, u] of Object.entries(services)) check(['sut', 'endpoints', role, 'services', name], u);
    }
  }
  const listener = data['listener'];
  if (isPlainObject(listener)) check(['listener', 'publicUrl'], listener['publicUrl']);
  const stimulus = data['stimulus'];
  if (isPlainObject(stimulus)) check(['stimulus', 'url'], stimulus['url']);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const ENV_REF = /^env:(.*)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function complete(
  raw: RawProfile,
  absFile: string,
  file: string,
  pos: Positions,
  env: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, unknown>>,
  forceStrict = false,
): Profile {
  const d = profileDefaults();
  const dir = dirname(absFile);
  const issues: ProfileIssue[] = [];
  const fail = (segs: Seg[], message: string, lineOf: Seg[] = segs): void => {
    issues.push({ path: fieldPath(segs), ...pos.locate(lineOf), message });
  };

  const secret = (segs: Seg[], value: string): string => {
    const m = ENV_REF.exec(value);
    if (!m) return value;
    const name = m[1]!;
    if (!ENV_NAME.test(name)) {
      fail(segs, `"${value}" names no valid environment variable (expected env:VARNAME)`);
      return '';
    }
    const v = env[name];
    if (v === undefined) {
      fail(segs, `environment variable ${name} is not set (the value is given as env:${name})`);
      return '';
    }
    return v;
  };

  const fileRef = (segs: Seg[], value: string, kind: 'file' | 'directory' = 'file'): string => {
    const abs = isAbsolute(value) ? value : resolve(dir, value);
    try {
      const st = statSync(abs);
      if (kind === 'file' ? !st.isFile() : !st.isDirectory()) throw new Error(`not a ${kind === 'file' ? 'regular file' : 'directory'}`);
      accessSync(abs, fsConstants.R_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      fail(segs, code === 'ENOENT' ? `file not found: ${abs}` : `cannot read ${abs} (${(err as Error).message})`);
    }
    return abs;
  };

  // --- sut
  const rs = raw.sut;
  const embedded = rs.embedded ?? d.sut.embedded;
  const endpoints: Partial<Record<Role, Endpoint>> = {};
  if (embedded) {
    if (rs.endpoints && Object.keys(rs.endpoints).length) {
      fail(['sut', 'endpoints'], 'an embedded SUT gets its endpoints from the simulator: leave sut.endpoints out (or set sut.embedded: false)');
    }
  } else {
    rs.roles.forEach((role, i) => {
      const ep = rs.endpoints?.[role];
      if (!ep) {
        const lineOf: Seg[] = pos.has(['sut', 'endpoints']) ? ['sut', 'endpoints'] : ['sut', 'roles', i];
        fail(['sut', 'endpoints', role], `the SUT plays ${role} but has no endpoint for it (give sut.endpoints.${role}.url, or set sut.embedded: true)`, lineOf);
      }
    });
    for (const [role, ep] of Object.entries(rs.endpoints ?? {}) as [Role, RawEndpoint][]) {
      endpoints[role] = { url: ep.url, services: { ...(ep.services ?? {}) } };
    }
  }

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rs.headers ?? {})) headers[k] = secret(['sut', 'headers', k], v);

  const basicAuth = rs.basicAuth
    ? {
        username: secret(['sut', 'basicAuth', 'username'], rs.basicAuth.username),
        password: secret(['sut', 'basicAuth', 'password'], rs.basicAuth.password),
      }
    : undefined;

  let tls: TlsSettings | undefined;
  if (rs.tls) {
    const t = rs.tls;
    tls = { rejectUnauthorized: t.rejectUnauthorized ?? d.sut.tlsRejectUnauthorized };
    if (t.ca !== undefined) tls.ca = fileRef(['sut', 'tls', 'ca'], t.ca);
    if (t.cert !== undefined) tls.cert = fileRef(['sut', 'tls', 'cert'], t.cert);
    if (t.key !== undefined) tls.key = fileRef(['sut', 'tls', 'key'], t.key);
    if (t.passphrase !== undefined) tls.passphrase = secret(['sut', 'tls', 'passphrase'], t.passphrase);
    if ((t.cert === undefined) !== (t.key === undefined)) {
      const given = t.cert !== undefined ? 'cert' : 'key';
      const missing = given === 'cert' ? 'key' : 'cert';
      fail(['sut', 'tls', missing], `a client certificate needs both cert and key; only ${given} is given`, ['sut', 'tls', given]);
    }
  }

  // --- stimulus
  const stimulus: Stimulus = raw.stimulus ? { ...raw.stimulus } : { ...(embedded ? d.stimulus.embedded : d.stimulus.external) };
  if (raw.stimulus) {
    const k = stimulus.kind;
    if (k === 'simulator' && !embedded) fail(['stimulus', 'kind'], 'kind simulator needs the embedded simulator (sut.embedded: true); use http, command, manual or none');
    if (k === 'http' && !stimulus.url) fail(['stimulus', 'url'], 'kind http needs url (the POST target)', ['stimulus']);
    if (k === 'command' && !stimulus.command) fail(['stimulus', 'command'], 'kind command needs command (a shell command template)', ['stimulus']);
    if (k !== 'http' && stimulus.url !== undefined) fail(['stimulus', 'url'], `url is only used with kind http, not ${k}`);
    if (k !== 'command' && stimulus.command !== undefined) fail(['stimulus', 'command'], `command is only used with kind command, not ${k}`);
  }

  // --- data
  const rd = raw.data;
  const meters = rd?.meters ?? [];
  const seenMeter = new Map<string, number>();
  meters.forEach((m, i) => {
    const first = seenMeter.get(m.mRID);
    if (first !== undefined) fail(['data', 'meters', i, 'mRID'], `meter "${m.mRID}" is listed twice (first at data.meters[${first}])`);
    else seenMeter.set(m.mRID, i);
  });
  const data: TestData = {
    meters: meters.map((m) => ({ mRID: m.mRID, usagePoint: m.usagePoint })),
    unknownMeter: rd?.unknownMeter ?? d.data.unknownMeter,
    unknownUsagePoint: rd?.unknownUsagePoint ?? d.data.unknownUsagePoint,
    spareMeter: rd?.spareMeter ?? d.data.spareMeter,
    ...(rd?.unreadableMeter ? { unreadableMeter: { mRID: rd.unreadableMeter.mRID, usagePoint: rd.unreadableMeter.usagePoint } } : {}),
    readingTypes: {
      register: rd?.readingTypes?.register ?? d.data.readingTypes.register,
      interval: rd?.readingTypes?.interval ?? d.data.readingTypes.interval,
      ...(rd?.readingTypes?.billing ? { billing: [...rd.readingTypes.billing] } : {}),
    },
  };
  if (seenMeter.has(data.unknownMeter)) fail(['data', 'unknownMeter'], `"${data.unknownMeter}" is one of data.meters, so it is not unknown`);
  if (meters.some((m) => m.usagePoint === data.unknownUsagePoint)) {
    fail(['data', 'unknownUsagePoint'], `"${data.unknownUsagePoint}" is a usage point of data.meters, so it is not unknown`);
  }
  if (seenMeter.has(data.spareMeter)) fail(['data', 'spareMeter'], `"${data.spareMeter}" is one of data.meters, so it is already installed`);
  else if (data.spareMeter === data.unknownMeter) fail(['data', 'spareMeter'], `"${data.spareMeter}" is also data.unknownMeter; the spare meter is known to the SUT while it is installed`);
  const unreadable = data.unreadableMeter?.mRID;
  if (unreadable !== undefined) {
    if (seenMeter.has(unreadable)) fail(['data', 'unreadableMeter', 'mRID'], `"${unreadable}" is one of data.meters, whose registers the other scenarios read`);
    else if (unreadable === data.unknownMeter || unreadable === data.spareMeter) fail(['data', 'unreadableMeter', 'mRID'], `"${unreadable}" is also data.${unreadable === data.unknownMeter ? 'unknownMeter' : 'spareMeter'}; the unreadable meter is a known, installed meter`);
  }

  // --- timeouts and ENV-16
  const overrides = raw.assumptions ?? {};
  const timeouts: Timeouts = {
    responseSeconds: raw.timeouts?.responseSeconds ?? d.timeouts.responseSeconds,
    asyncResultSeconds: raw.timeouts?.asyncResultSeconds ?? d.timeouts.asyncResultSeconds,
    eventSeconds: raw.timeouts?.eventSeconds ?? d.timeouts.eventSeconds,
    clockSkewSeconds: raw.timeouts?.clockSkewSeconds ?? d.timeouts.clockSkewSeconds,
    quietSeconds: raw.timeouts?.quietSeconds ?? d.timeouts.quietSeconds,
  };
  const assumptionOverrides: Record<string, AssumptionValue> = {};
  for (const [id, v] of Object.entries({ ...overrides, ...extra })) {
    const r = checkAssumptionValue(assumptionDef(id)!, v);
    if (r.ok) assumptionOverrides[id] = r.value;
  }
  const env16 = assumptionOverrides['ENV-16'];
  if (typeof env16 === 'number') {
    if (raw.timeouts?.asyncResultSeconds !== undefined && raw.timeouts.asyncResultSeconds !== env16 && extra['ENV-16'] === undefined) {
      fail(['assumptions', 'ENV-16'], `ENV-16 (${env16} s) contradicts timeouts.asyncResultSeconds (${raw.timeouts.asyncResultSeconds} s): they are the same setting, give one`);
    } else timeouts.asyncResultSeconds = env16;
  }

  const expectedCodes: Partial<Record<NegativeCase, string[]>> = {};
  for (const [k, v] of Object.entries(raw.expectedCodes ?? {}) as [NegativeCase, string | string[]][]) {
    expectedCodes[k] = typeof v === 'string' ? [v] : [...v];
  }

  const strict = forceStrict || (raw.strict ?? d.strict);
  // ENV-01 (the generations accepted in received messages): the edition's generation unless the profile or --assume
  // names others; a value that leaves out the edition's own generation contradicts the edition
  const edition = raw.edition === undefined ? d.edition : (String(raw.edition) as Edition);
  const env01Given = extra['ENV-01'] ?? (overrides as Record<string, unknown>)['ENV-01'];
  const env01Path: Seg[] = extra['ENV-01'] !== undefined ? ['--assume ENV-01'] : ['assumptions', 'ENV-01'];
  const env01 = env01Given === undefined ? editionGeneration(edition) : env01Given;
  if (env01Given !== undefined) {
    const r = checkAssumptionValue(assumptionDef('ENV-01')!, env01Given);
    if (r.ok && !generationsAccepted(r.value).includes(editionGeneration(edition))) {
      fail(env01Path, `ENV-01=${describeAssumptionValue(r.value)} leaves out the generation of edition ${edition} (${editionGeneration(edition)}), which the suite sends: to test a system of the 2011 draft generation use edition: draft-2011; to accept other generations as well, list them with it or use any`, extra['ENV-01'] !== undefined ? ['edition'] : env01Path);
    }
  }
  const assumptions = resolveAssumptions({ ...overrides, ...extra, 'ENV-01': env01, 'ENV-16': timeouts.asyncResultSeconds }, { strict });
  const schemas = raw.schemas === undefined ? undefined : fileRef(['schemas'], raw.schemas, 'directory');
  const waivers = raw.waivers === undefined ? waiversFileBeside(absFile) : fileRef(['waivers'], raw.waivers);
  // evidence.signingKey: a readable PEM file holding an Ed25519 private key (a bundle signed by nothing is no evidence)
  let signingKey: string | undefined;
  if (raw.evidence?.signingKey !== undefined) {
    const before = issues.length;
    signingKey = fileRef(['evidence', 'signingKey'], raw.evidence.signingKey);
    if (issues.length === before) {
      const problem = ed25519PrivateKeyProblem(signingKey);
      if (problem) fail(['evidence', 'signingKey'], `${signingKey}: ${problem}`);
    }
  }

  // --- pics: only roles the SUT plays, each noun once
  for (const [role, decl] of Object.entries(raw.pics ?? {}) as [Role, PicsRole][]) {
    if (!rs.roles.includes(role)) fail(['pics', role], `the SUT does not play ${role} (sut.roles: ${rs.roles.join(', ')}): declare use cases and nouns only for the roles it plays`);
    for (const list of ['supports', 'sends', 'publishes'] as const) {
      const seenNoun = new Map<string, number>();
      (decl[list] ?? []).forEach((n, i) => {
        const first = seenNoun.get(n.noun);
        if (first !== undefined) fail(['pics', role, list, i, 'noun'], `noun "${n.noun}" is listed twice (first at pics.${role}.${list}[${first}]); give all its verbs in one entry`);
        else seenNoun.set(n.noun, i);
      });
    }
  }

  // --- attestations: ids of the suite's attested requirements, of the SUT's roles and edition, each once, dated
  const attestations: Attestation[] | undefined = raw.attestations?.map((a) => ({
    requirement: a.requirement,
    by: a.by,
    statement: a.statement,
    date: String(a.date),
    ...(a.reference !== undefined ? { reference: a.reference } : {}),
  }));
  for (const p of attestationProblems(attestations ?? [], rs.roles, edition, todayUtc())) fail(['attestations', p.index, p.field], p.message);

  // --- listener: the address the SUT is told must be one it can send to
  const listenerHost = raw.listener?.host ?? d.listener.host;
  if (raw.listener?.publicUrl === undefined && isWildcardHost(listenerHost)) {
    fail(
      ['listener', 'publicUrl'],
      `listener.host ${listenerHost} binds every interface of this machine but is no address a SUT can send to: give listener.publicUrl, the URL at which the SUT reaches this machine (e.g. http://<this machine's name>:<port>/callback)`,
      ['listener', 'host'],
    );
  }
  if (raw.listener?.publicUrl !== undefined) {
    const u = safeUrl(raw.listener.publicUrl);
    if (u && (u.search || u.hash)) fail(['listener', 'publicUrl'], `${show(raw.listener.publicUrl)} has a ${u.search ? 'query' : 'fragment'}; the listener serves the URL's path only (the SUT posts to <publicUrl>/replies ...)`);
  }
  // --- capabilities: (deprecated) moved into the PICS, which alone decides from here on; a contradiction is an error
  const warnings: string[] = [];
  let rawPics = raw.pics;
  if (raw.capabilities) {
    const m = picsFromCapabilities(raw.capabilities, rs.roles, raw.pics);
    for (const p of m.problems) fail(['capabilities', p.field], `${p.message}: remove capabilities: (deprecated), the PICS decides`);
    rawPics = m.pics;
    warnings.push(deprecationLine(m.mapped));
  }
  if (issues.length) throw new ProfileError(file, issues);

  const sut: SutSettings = {
    embedded,
    roles: [...rs.roles],
    endpoints,
    soapVersion: rs.soapVersion === undefined ? d.sut.soapVersion : (String(rs.soapVersion) as '1.1' | '1.2'),
    headers,
    maxReplyBytes: rs.maxReplyBytes ?? d.sut.maxReplyBytes,
  };
  if (basicAuth) sut.basicAuth = basicAuth;
  if (tls) sut.tls = tls;
  if (rs.vendor !== undefined) sut.vendor = rs.vendor;
  if (rs.product !== undefined) sut.product = rs.product;
  if (rs.version !== undefined) sut.version = String(rs.version);

  const listener: ListenerSettings = {
    host: raw.listener?.host ?? d.listener.host,
    port: raw.listener?.port ?? d.listener.port,
  };
  if (raw.listener?.publicUrl !== undefined) listener.publicUrl = raw.listener.publicUrl;

  const profile: Profile = {
    file: absFile,
    cim9: 1,
    name: raw.name,
    edition,
    sut,
    listener,
    timeouts,
    stimulus,
    data,
    expectedCodes,
    peers: { HES: { pageIntervals: raw.peers?.HES?.pageIntervals ?? PEER_DEFAULTS.HES.pageIntervals } },
    strict,
    assumptions,
    assumptionOverrides,
  };
  if (schemas !== undefined) profile.schemas = schemas;
  if (rawPics) {
    const pics: Pics = {};
    for (const [role, decl] of Object.entries(rawPics) as [Role, PicsRole][]) {
      pics[role] = {
        ...(decl.useCases ? { useCases: [...decl.useCases] } : {}),
        ...(decl.supports ? { supports: decl.supports.map((n) => ({ noun: n.noun, verbs: [...n.verbs] })) } : {}),
        ...(decl.sends ? { sends: decl.sends.map((n) => ({ noun: n.noun, verbs: [...n.verbs] })) } : {}),
        ...(decl.elements ? { elements: decl.elements.map((n) => ({ noun: n.noun, paths: [...n.paths] })) } : {}),
        ...(decl.asyncReplies !== undefined ? { asyncReplies: decl.asyncReplies } : {}),
        ...(decl.annexB !== undefined ? { annexB: decl.annexB } : {}),
        ...(decl.publishes ? { publishes: decl.publishes.map((n) => ({ noun: n.noun, verbs: [...n.verbs] })) } : {}),
      };
    }
    profile.pics = pics;
  }
  if (warnings.length) profile.warnings = warnings;
  if (attestations) profile.attestations = attestations;
  if (waivers !== undefined) profile.waivers = waivers;
  if (signingKey !== undefined) profile.evidence = { signingKey };
  if (raw.load) profile.load = { ...raw.load };
  if (raw.simulator) {
    profile.simulator = {
      host: raw.simulator.host ?? '127.0.0.1',
      port: raw.simulator.port ?? 8080,
      faults: [...(raw.simulator.faults ?? [])],
      subscribers: { ...(raw.simulator.subscribers ?? {}) },
      ...(raw.simulator.mdmFailureForm ? { mdmFailureForm: raw.simulator.mdmFailureForm } : {}),
    };
  }
  return profile;
}

/** why a file is no Ed25519 private key in PEM (PKCS#8), or undefined when it is one */
export function ed25519PrivateKeyProblem(file: string): string | undefined {
  try {
    const key = createPrivateKey(readFileSync(file));
    return key.asymmetricKeyType === 'ed25519' ? undefined : `a ${key.asymmetricKeyType ?? 'unknown'} private key, not an Ed25519 one`;
  } catch (e) {
    return `not a PEM private key (${(e as Error).message.split('\n')[0]}); make one with: openssl genpkey -algorithm ed25519 -out key.pem`;
  }
}

/** a bind address that is every interface (0.0.0.0, ::): a listener binds it, a client cannot send to it */
export function isWildcardHost(host: string): boolean {
  const h = host.trim().replace(/^\[|\]$/g, '').toLowerCase();
  return h === '0.0.0.0' || h === '0' || (h.includes(':') && /^[0:]+$/.test(h));
}

function safeUrl(v: string): URL | undefined {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

/** the URL to post a service to: the per-service URL if the profile names one, else the role's base URL */
export function serviceUrl(profile: Pick<Profile, 'sut'>, role: Role, service: string): string | undefined {
  const ep = profile.sut.endpoints[role];
  return ep ? (ep.services[service] ?? ep.url) : undefined;
}
