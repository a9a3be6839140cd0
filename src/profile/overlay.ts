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
 *
 * `loadOverlay` reads and checks the file against the base profile; every problem is a ProfileError naming the
 * overlay file, the line and the field (exit 2). `applyOverlay` gives the profile the run uses: the capabilities set,
 * and a required use case added to pics.<role>.useCases where the base profile lists its use cases (so that its
 * scenarios apply). The assumptions go to the run as extra assumptions (src/cli/run.ts), under --assume.
 * What the overlay changed and whether its requirements are met: src/report/overlay.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { ProfileError, type Profile, type ProfileIssue } from './index.ts';
import { validateAssumptions } from './assumptions.ts';
import { USE_CASES } from '../usecases/ids.ts';

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
}

const FIELDS = ['cim9-overlay', 'name', 'assumptions', 'capabilities', 'requiredUseCases'];

function overlayError(file: string, issues: ProfileIssue[]): ProfileError {
  const e = new ProfileError(file, issues);
  e.message = e.message.replace(/^(\d+) problems in profile /, '$1 problems in overlay ');
  return e;
}

/** read and check an overlay file against the base profile it is laid on */
export function loadOverlay(file: string, base: Pick<Profile, 'sut' | 'capabilities'>): Overlay {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
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
      const known = Object.keys(base.capabilities);
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
  if (issues.length) throw overlayError(file, issues);
  return { file, sha256: createHash('sha256').update(text).digest('hex'), name: name!, assumptions, capabilities, requiredUseCases };
}

/** the profile a run with the overlay uses: its capabilities set, its required use cases declared where the base lists use cases */
export function applyOverlay<P extends Pick<Profile, 'capabilities' | 'pics'>>(base: P, overlay: Overlay): P {
  const capabilities = { ...base.capabilities };
  for (const c of overlay.capabilities) (capabilities as Record<string, boolean>)[c] = true;
  let pics = base.pics;
  if (pics) {
    pics = { ...pics };
    for (const [role, ucs] of Object.entries(overlay.requiredUseCases)) {
      const decl = (pics as Record<string, { useCases?: string[] } | undefined>)[role];
      if (decl?.useCases?.length) (pics as Record<string, unknown>)[role] = { ...decl, useCases: [...new Set([...decl.useCases, ...ucs])] };
    }
  }
  return { ...base, capabilities, ...(pics ? { pics } : {}) };
}
