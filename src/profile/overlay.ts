/**
 * A utility's overlay on a base profile (`cim9 run --profile vendor.yaml --overlay utility.yaml`): its own
 * requirements on top of what the vendor's profile declares, reported apart from base conformance. File form:
 *
 *   cim9-overlay: 1
 *   name: ACME Utility procurement 2027
 *   assumptions:                 # stricter answers to the uncertain points (over the base profile's; --assume wins)
 *     ENV-07: fail
 *   capabilities:                # capabilities the utility makes mandatory: true whatever the base profile says
 *     asyncReplies: true
 *   requiredUseCases:            # per role of the base profile's sut.roles: the use cases that must run and pass
 *     MDM: [MR-03, MR-05]
 *   requirements:                # the utility's own requirements, each checked against the run's messages
 *     - id: ACME-RT-1            # the utility's id (letters, digits, . _ -), unique in the overlay
 *       statement: 15-minute reactive energy is delivered      (optional, the utility's words)
 *       readingType: "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.73.0"   # readings of it the SUT must deliver
 *     - id: ACME-T-1
 *       timeLimit: { of: reply, seconds: 5, noun: MeterReadings }   # reply | asyncResult | restoration | outage | event
 *     - id: ACME-E-1
 *       element: { noun: MeterReadings, path: MeterReading/Readings/ReadingQualities }   # an optional element required
 *
 * `loadOverlay` reads and checks the file against the base profile; every problem is a ProfileError naming the
 * overlay file, the line and the field (exit 2). `applyOverlay` gives the profile the run uses: the capabilities set,
 * and a required use case added to pics.<role>.useCases where the base profile lists its use cases (so that its
 * scenarios apply). The assumptions go to the run as extra assumptions (src/cli/run.ts), under --assume.
 * What the overlay changed and whether its requirements are met: src/report/overlay.ts; its own requirements are judged
 * from the run's message log by src/report/overlay-requirements.ts (the suite asks for the required ReadingTypes at
 * the end of the run: src/session/overlay-probe.ts).
 */
import { LEGACY_CAPABILITIES, picsFromCapabilities, type LegacyCapabilities, type LegacyCapability } from './pics-capabilities.ts';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { ProfileError, type Pics, type PicsRole, type Profile, type ProfileIssue, type Role } from './index.ts';
import { validateAssumptions } from './assumptions.ts';
import { USE_CASES } from '../usecases/ids.ts';
import { parseReadingType } from '../codes/reading-type.ts';
import { loadPack } from '../schema/index.ts';
import { elementPathStatus, type ElementPathStatus } from '../schema/element-path.ts';

/** what a time limit measures (src/report/overlay-requirements.ts) */
export const TIME_LIMIT_OF = ['reply', 'asyncResult', 'restoration', 'outage', 'event'] as const;
export type TimeLimitOf = (typeof TIME_LIMIT_OF)[number];

/** one of the utility's own requirements: exactly one of readingType, timeLimit, element */
export interface OverlayRequirement {
  id: string;
  statement?: string;
  /** kind 1: the SUT delivers readings (a value) of this ReadingType (18-part code) */
  readingType?: string;
  /** kind 2: a time limit on what the run measures */
  timeLimit?: { of: TimeLimitOf; seconds: number; noun?: string; verb?: string; eventTypes?: string[] };
  /** kind 3: an element the standard leaves optional, required: in every payload of `noun` the SUT sends, each element at the path's parent has the last step as a child */
  element?: { noun: string; path: string[] };
}

export interface Overlay {
  /** absolute path of the overlay file */
  file: string;
  sha256: string;
  name: string;
  /** the assumption values it sets (as written) */
  assumptions: Record<string, unknown>;
  /** the capabilities it makes mandatory */
  capabilities: string[];
  /** per role, the use cases that must run and pass */
  requiredUseCases: Record<string, string[]>;
  /** the utility's own requirements (ReadingTypes, time limits, mandatory optional elements) */
  requirements: OverlayRequirement[];
  /**
   * what is not wrong but worth a line: an `element` requirement whose element the schema pack of the edition already
   * makes mandatory (the XSD check requires it anyway), or one the pack could not judge
   */
  warnings?: string[];
}

const FIELDS = ['cim9-overlay', 'name', 'assumptions', 'capabilities', 'requiredUseCases', 'requirements'];
const REQUIREMENT_FIELDS = ['id', 'statement', 'readingType', 'timeLimit', 'element'];
const KINDS = ['readingType', 'timeLimit', 'element'] as const;
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const EVENT_CODE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;

function overlayError(file: string, issues: ProfileIssue[]): ProfileError {
  const e = new ProfileError(file, issues);
  e.message = e.message.replace(/^(\d+) problems in profile /, '$1 problems in overlay ');
  return e;
}

/**
 * read and check an overlay file against the base profile it is laid on; with the base profile's edition, each
 * `element` requirement is checked against the schema pack of the edition (src/schema/element-path.ts): an element
 * the pack does not have is a problem of the overlay (exit 2), one the pack already makes mandatory a warning
 */
export function loadOverlay(file: string, base: Pick<Profile, 'sut'> & Partial<Pick<Profile, 'edition' | 'schemas' | 'assumptions'>>): Overlay {
  let text: string;
  try {
    // read more than once (the run, the Cucumber process, the evidence bundle): a pipe or a device will not do
    if (!statSync(file).isFile()) throw overlayError(file, [{ path: '(file)', message: 'not a regular file: give the overlay as a file (it is read more than once, and goes into the evidence bundle)' }]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    throw overlayError(file, [{ path: '(file)', message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'overlay file not found' : `cannot read the overlay file (${(e as Error).message})` }]);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw overlayError(file, [{ path: '(yaml)', line: p.line, col: p.col, message: `YAML syntax error: ${e.message.split('\n')[0]}` }]);
  }
  const at = (n: unknown): Pick<ProfileIssue, 'line' | 'col'> => {
    const r = (n as Node | null | undefined)?.range;
    return r ? lc.linePos(r[0]) : {};
  };
  const issues: ProfileIssue[] = [];
  const root = doc.contents;
  if (!isMap(root)) throw overlayError(file, [{ path: '(root)', ...at(root), message: `not an overlay: expected a map of ${FIELDS.join(', ')}` }]);
  const keyOf = (k: unknown) => (isScalar(k) ? String(k.value) : String(k));
  for (const pair of root.items) {
    const k = keyOf(pair.key);
    if (!FIELDS.includes(k)) issues.push({ path: k, ...at(pair.key), message: `unknown field "${k}" (an overlay has ${FIELDS.join(', ')})` });
  }
  const version = root.get('cim9-overlay', true) as Node | undefined;
  if (!version) issues.push({ path: 'cim9-overlay', ...at(root), message: 'required field is missing: cim9-overlay: 1' });
  else if (!isScalar(version) || version.value !== 1) issues.push({ path: 'cim9-overlay', ...at(version), message: 'must be 1' });
  const nameNode = root.get('name', true) as Node | undefined;
  const name = isScalar(nameNode) && typeof nameNode.value === 'string' && nameNode.value.trim() ? nameNode.value.trim() : undefined;
  if (!name) issues.push({ path: 'name', ...at(nameNode ?? root), message: nameNode ? 'must be a non-empty string' : 'required field is missing: the name of the overlay (the utility and its requirement set)' });

  // assumptions: ids and values of the register
  const assumptions: Record<string, unknown> = {};
  const aNode = root.get('assumptions', true) as Node | undefined;
  if (aNode !== undefined) {
    if (!isMap(aNode)) issues.push({ path: 'assumptions', ...at(aNode), message: 'must be a map of assumption id to value (docs/assumptions.md)' });
    else {
      for (const pair of aNode.items) {
        const id = keyOf(pair.key);
        const value = (pair.value as Node | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : pair.value);
        const problem = validateAssumptions({ [id]: value })[0];
        if (problem) issues.push({ path: `assumptions.${id}`, ...at(pair.key), message: problem.message });
        else assumptions[id] = value;
      }
    }
  }

  // capabilities: known names, true only
  const capabilities: string[] = [];
  const cNode = root.get('capabilities', true) as Node | undefined;
  if (cNode !== undefined) {
    if (!isMap(cNode)) issues.push({ path: 'capabilities', ...at(cNode), message: 'must be a map of capability to true' });
    else {
      const known: string[] = [...LEGACY_CAPABILITIES];
      for (const pair of cNode.items) {
        const k = keyOf(pair.key);
        if (!known.includes(k)) issues.push({ path: `capabilities.${k}`, ...at(pair.key), message: `unknown capability "${k}" (one of ${known.join(', ')})` });
        else if (!isScalar(pair.value) || pair.value.value !== true) issues.push({ path: `capabilities.${k}`, ...at(pair.value ?? pair.key), message: 'an overlay makes a capability mandatory: the value is true (leave out what it does not require)' });
        else capabilities.push(k);
      }
    }
  }

  // requiredUseCases: roles the base profile's SUT plays, use case ids of the suite
  const requiredUseCases: Record<string, string[]> = {};
  const rNode = root.get('requiredUseCases', true) as Node | undefined;
  if (rNode !== undefined) {
    if (!isMap(rNode)) issues.push({ path: 'requiredUseCases', ...at(rNode), message: 'must be a map of role to a list of use case ids' });
    else {
      const ids = USE_CASES.map((u) => u.id);
      for (const pair of rNode.items) {
        const role = keyOf(pair.key);
        if (!(base.sut.roles as readonly string[]).includes(role)) {
          issues.push({ path: `requiredUseCases.${role}`, ...at(pair.key), message: `the base profile's SUT does not play ${role} (sut.roles: ${base.sut.roles.join(', ')})` });
          continue;
        }
        if (!isSeq(pair.value) || !pair.value.items.length) {
          issues.push({ path: `requiredUseCases.${role}`, ...at(pair.value ?? pair.key), message: 'must be a non-empty list of use case ids' });
          continue;
        }
        const list: string[] = [];
        pair.value.items.forEach((item, i) => {
          const v = isScalar(item) ? String(item.value) : '';
          if (!ids.includes(v)) issues.push({ path: `requiredUseCases.${role}[${i}]`, ...at(item), message: `"${v}" is not a use case id (cim9 coverage lists them)` });
          else if (list.includes(v)) issues.push({ path: `requiredUseCases.${role}[${i}]`, ...at(item), message: `"${v}" is listed twice` });
          else list.push(v);
        });
        requiredUseCases[role] = list;
      }
    }
  }
  const warnings: string[] = [];
  const requirements = readRequirements(root.get('requirements', true) as Node | undefined, at, issues, base.edition ? elementChecker(base as ElementCheckBase, warnings) : undefined, warnings);
  if (issues.length) throw overlayError(file, issues);
  return { file, sha256: createHash('sha256').update(text).digest('hex'), name: name!, assumptions, capabilities, requiredUseCases, requirements, warnings };
}

type ElementCheckBase = Pick<Profile, 'edition'> & Partial<Pick<Profile, 'schemas' | 'assumptions'>>;

/** the status of an element path in the schema pack of the base profile's edition (loaded once, on first use) */
function elementChecker(base: ElementCheckBase, warnings: string[]): (noun: string, path: readonly string[]) => ElementPathStatus {
  let model: ReturnType<ReturnType<typeof loadPack>['model']> | undefined;
  let failed: string | undefined;
  return (noun, path) => {
    if (!model && !failed) {
      try {
        model = loadPack({ edition: base.edition, ...(base.schemas ? { schemas: base.schemas } : {}), ...(base.assumptions ? { assumptions: base.assumptions } : {}) }).model();
      } catch (e) {
        failed = e instanceof Error ? e.message.split('\n')[0]! : String(e);
        warnings.push(`the element requirements were not checked against the schema pack of edition ${base.edition}: it did not load (${failed})`);
      }
    }
    return model ? elementPathStatus(model, noun, path) : { status: 'unknown', why: 'the schema pack did not load' };
  };
}

/** the `requirements:` list: each entry checked, every problem an issue naming its line and field */
function readRequirements(
  node: Node | undefined,
  at: (n: unknown) => Pick<ProfileIssue, 'line' | 'col'>,
  issues: ProfileIssue[],
  elementStatus?: (noun: string, path: readonly string[]) => ElementPathStatus,
  elementWarnings?: string[],
): OverlayRequirement[] {
  const out: OverlayRequirement[] = [];
  if (node === undefined) return out;
  if (!isSeq(node)) {
    issues.push({ path: 'requirements', ...at(node), message: 'must be a list of requirements, each with an id and one of readingType, timeLimit, element' });
    return out;
  }
  const keyOf = (k: unknown) => (isScalar(k) ? String(k.value) : String(k));
  const seen = new Set<string>();
  node.items.forEach((item, i) => {
    const where = `requirements[${i}]`;
    const bad = (path: string, n: unknown, message: string) => issues.push({ path: `${where}${path}`, ...at(n ?? item), message });
    if (!isMap(item)) return bad('', item, 'must be a map with an id and one of readingType, timeLimit, element');
    for (const pair of item.items) {
      const k = keyOf(pair.key);
      if (!REQUIREMENT_FIELDS.includes(k)) bad(`.${k}`, pair.key, `unknown field "${k}" (a requirement has ${REQUIREMENT_FIELDS.join(', ')})`);
    }
    const idNode = item.get('id', true) as Node | undefined;
    const id = isScalar(idNode) && typeof idNode.value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(idNode.value) ? idNode.value : undefined;
    if (!id) bad('.id', idNode, idNode ? 'must be an id of letters, digits, ".", "_" and "-" (at most 64)' : 'required field is missing: the utility\'s id of the requirement');
    else if (seen.has(id)) bad('.id', idNode, `"${id}" is used twice`);
    if (id) seen.add(id);
    const stNode = item.get('statement', true) as Node | undefined;
    const statement = isScalar(stNode) && typeof stNode.value === 'string' ? stNode.value.trim() : undefined;
    if (stNode !== undefined && statement === undefined) bad('.statement', stNode, 'must be a string');
    const kinds = KINDS.filter((k) => item.has(k));
    if (kinds.length !== 1) return bad('', item, kinds.length ? `has ${kinds.join(' and ')}: one requirement is one of readingType, timeLimit, element` : 'needs one of readingType, timeLimit, element');
    const r: OverlayRequirement = { id: id ?? '', ...(statement ? { statement } : {}) };
    const v = item.get(kinds[0]!, true) as Node;
    if (kinds[0] === 'readingType') {
      const code = isScalar(v) ? String(v.value) : '';
      const parsed = parseReadingType(code);
      if (!parsed.ok) return bad('.readingType', v, `not an 18-part ReadingType code (${parsed.problem}); quote it in YAML`);
      r.readingType = code;
    } else if (kinds[0] === 'timeLimit') {
      if (!isMap(v)) return bad('.timeLimit', v, 'must be a map: { of: reply | asyncResult | restoration | outage | event, seconds: N or minutes: N }');
      for (const pair of v.items) {
        const k = keyOf(pair.key);
        if (!['of', 'seconds', 'minutes', 'noun', 'verb', 'eventTypes'].includes(k)) bad(`.timeLimit.${k}`, pair.key, `unknown field "${k}" (a time limit has of, seconds or minutes, noun, verb, eventTypes)`);
      }
      const of = (v.get('of', true) as Node | undefined);
      const ofValue = isScalar(of) ? String(of.value) : '';
      if (!(TIME_LIMIT_OF as readonly string[]).includes(ofValue)) return bad('.timeLimit.of', of ?? v, `must be one of ${TIME_LIMIT_OF.join(', ')}`);
      const sec = v.get('seconds', true) as Node | undefined;
      const min = v.get('minutes', true) as Node | undefined;
      if ((sec === undefined) === (min === undefined)) return bad('.timeLimit', v, 'needs one of seconds, minutes');
      const n = sec ?? min!;
      const num = isScalar(n) && typeof n.value === 'number' && Number.isFinite(n.value) && n.value > 0 ? n.value : undefined;
      if (num === undefined) return bad(`.timeLimit.${sec ? 'seconds' : 'minutes'}`, n, 'must be a number above 0');
      const tl: NonNullable<OverlayRequirement['timeLimit']> = { of: ofValue as TimeLimitOf, seconds: sec ? num : num * 60 };
      for (const k of ['noun', 'verb'] as const) {
        const x = v.get(k, true) as Node | undefined;
        if (x === undefined) continue;
        if (ofValue !== 'reply' && ofValue !== 'asyncResult') bad(`.timeLimit.${k}`, x, `only a time limit of reply or asyncResult names a ${k}`);
        else if (!isScalar(x) || !NCNAME.test(String(x.value))) bad(`.timeLimit.${k}`, x, `must be a ${k} such as ${k === 'noun' ? 'MeterReadings' : 'get'}`);
        else tl[k] = String(x.value);
      }
      const et = v.get('eventTypes', true) as Node | undefined;
      if (ofValue === 'event') {
        if (!isSeq(et) || !et.items.length) bad('.timeLimit.eventTypes', et ?? v, 'a time limit of event needs eventTypes: a list of EndDeviceEventType codes (four parts)');
        else {
          tl.eventTypes = [];
          et.items.forEach((x, j) => {
            const c = isScalar(x) ? String(x.value) : '';
            if (!EVENT_CODE.test(c)) bad(`.timeLimit.eventTypes[${j}]`, x, `"${c}" is not a four-part EndDeviceEventType code`);
            else tl.eventTypes!.push(c);
          });
        }
      } else if (et !== undefined) bad('.timeLimit.eventTypes', et, 'only a time limit of event names eventTypes (restoration and outage use the codes of assumption UC-03)');
      r.timeLimit = tl;
    } else {
      if (!isMap(v)) return bad('.element', v, 'must be a map: { noun: MeterReadings, path: MeterReading/Readings/ReadingQualities }');
      for (const pair of v.items) {
        const k = keyOf(pair.key);
        if (!['noun', 'path'].includes(k)) bad(`.element.${k}`, pair.key, `unknown field "${k}" (an element has noun and path)`);
      }
      const noun = v.get('noun', true) as Node | undefined;
      const path = v.get('path', true) as Node | undefined;
      const nounValue = isScalar(noun) ? String(noun.value) : '';
      const steps = isScalar(path) ? String(path.value).split('/') : [];
      if (!NCNAME.test(nounValue)) return bad('.element.noun', noun ?? v, 'must be the noun of the payload, e.g. MeterReadings');
      if (!steps.length || !steps.every((x) => NCNAME.test(x))) return bad('.element.path', path ?? v, 'must be element names from the payload root separated by "/", e.g. MeterReading/Readings/ReadingQualities (no prefixes, no predicates)');
      r.element = { noun: nounValue, path: steps };
      // the element must be one the edition's schemas have, and leave optional (an element the standard requires is no utility requirement)
      const st = elementStatus?.(nounValue, steps);
      if (st?.status === 'missing') {
        if (st.step < 0) return bad('.element.noun', noun, `the schema pack of the edition has no payload ${nounValue} (a noun is the payload root's name, e.g. MeterReadings)`);
        const parent = st.step === 0 ? nounValue : steps.slice(0, st.step).join('/');
        return bad('.element.path', path, `the schema pack of the edition has no element ${steps[st.step]} in ${parent}${st.children?.length ? ` (it has ${st.children.join(', ')})` : ''}`);
      }
      if (st?.status === 'mandatory' && elementWarnings) elementWarnings.push(`requirements[${i}] (${id || '?'}): ${nounValue} ${steps.join('/')} is already mandatory in the schema pack of the edition: the XSD check requires it anyway; the requirement adds nothing`);
    }
    if (id) out.push(r);
  });
  return out;
}

/**
 * the profile a run with the overlay uses: its mandatory capabilities declared in the PICS (as the migration of a
 * profile's capabilities: reads them, src/profile/pics-capabilities.ts: an option a role lacks is set, a publication or
 * the MDM's sends to its head-end added where the PICS has none), its required use cases declared where the base lists
 * use cases
 */
export function applyOverlay<P extends Pick<Profile, 'pics' | 'sut'>>(base: P, overlay: Overlay): P {
  const mandatory: Partial<LegacyCapabilities> = {};
  for (const c of overlay.capabilities) mandatory[c as LegacyCapability] = true;
  // mandatory wins over the base's own "false" of an option
  const given: Pics = {};
  for (const [r, d] of Object.entries(base.pics ?? {}) as [Role, PicsRole][]) {
    const copy: PicsRole = { ...d };
    for (const o of ['asyncReplies', 'annexB'] as const) if (mandatory[o] && copy[o] === false) delete copy[o];
    given[r] = copy;
  }
  let pics = overlay.capabilities.length ? picsFromCapabilities(mandatory, base.sut.roles, base.pics ? given : undefined).pics : base.pics;
  if (pics) {
    pics = { ...pics };
    for (const [role, ucs] of Object.entries(overlay.requiredUseCases)) {
      const decl = (pics as Record<string, { useCases?: string[] } | undefined>)[role];
      if (decl?.useCases?.length) (pics as Record<string, unknown>)[role] = { ...decl, useCases: [...new Set([...decl.useCases, ...ucs])] };
    }
  }
  return { ...base, ...(pics ? { pics } : {}) };
}
