/**
 * The file lists of the project's schema packs (fixtures/schemas/<pack>/): generated payload and
 * wrapper XSDs plus the hand-written envelope and SOAP schemas, which are copied unchanged between
 * packs that share them.
 *
 *   2013        IEC 61968-100 ed.1 envelope + IEC 61968-9:2013 profiles and wrappers
 *   2024        ed.1 envelope (ENV-02 off, the default) + IEC 61968-9:2024 profiles (PAY-03, PAY-09), and
 *               the optional ObjectNamesConfig profile and wrapper (UC-33)
 *   2024-ed2    the ENV-02 option: as 2024, with the ed.2 AbstractPayloadType schema and every profile
 *               root in its substitution group (the same profile and wrapper lists as 2024)
 *   draft-2011  the 2011 draft envelope (www. namespaces) + the draft MeterReadings, EndDeviceEvents,
 *               EndDeviceControls, MeterReadSchedule and MeterServiceRequests profiles and wrappers
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from '../../paths.ts';
import { nounsFor, profilesFor, type PackEdition } from './profiles.ts';
import { operationSetWrapperXsd, payloadXsd, queryWrapperXsd, wrapperXsd } from './xsd.ts';

export const PACK_IDS = ['2013', '2024', '2024-ed2', 'draft-2011'] as const;
export type PackId = (typeof PACK_IDS)[number];

export const SCHEMAS_ROOT = repoPath('fixtures', 'schemas') + path.sep;

/** hand-written files and the packs they are copied into (source relative to SCHEMAS_ROOT) */
const HAND_WRITTEN: { source: string; packs: PackId[]; rel: string }[] = [
  { source: '2013/message/Message.xsd', packs: ['2024', '2024-ed2'], rel: 'message/Message.xsd' },
  { source: '2013/soap/soap11-envelope.xsd', packs: ['2024', '2024-ed2', 'draft-2011'], rel: 'soap/soap11-envelope.xsd' },
  { source: '2013/soap/soap12-envelope.xsd', packs: ['2024', '2024-ed2', 'draft-2011'], rel: 'soap/soap12-envelope.xsd' },
];

/** the folders of a pack the generator owns */
export const MANAGED_FOLDERS = ['message', 'payloads', 'wrappers', 'soap'];

/** files that exist only by hand in one pack (checked for presence, never generated) */
export const HAND_ONLY: Record<PackId, string[]> = {
  '2013': ['message/Message.xsd', 'soap/soap11-envelope.xsd', 'soap/soap12-envelope.xsd'],
  '2024': [],
  '2024-ed2': ['message/AbstractPayloadType.xsd'],
  'draft-2011': ['message/Message.xsd'],
};

/** every generated (or copied) file of a pack: relative path → content */
export function generatePack(id: PackId, root = SCHEMAS_ROOT): Map<string, string> {
  const edition: PackEdition = id === '2024-ed2' ? '2024' : id;
  const opts = { edition, ed2: id === '2024-ed2' };
  const out = new Map<string, string>();
  for (const p of profilesFor(edition)) out.set(`payloads/${p.name}.xsd`, payloadXsd(p, opts));
  for (const n of nounsFor(edition)) {
    out.set(`wrappers/${n.noun}Message.xsd`, wrapperXsd(n.noun, opts, n));
    if (n.query) out.set(`wrappers/${n.query}Message.xsd`, queryWrapperXsd(n.noun, n.query, opts));
    if (n.config) out.set(`wrappers/${n.noun}OperationSetMessage.xsd`, operationSetWrapperXsd(n.noun, opts));
  }
  for (const h of HAND_WRITTEN) if (h.packs.includes(id)) out.set(h.rel, fs.readFileSync(path.join(root, h.source), 'utf8'));
  return out;
}

/** compare a pack folder with what the generator writes: files missing, different or unexpected */
export function diffPack(id: PackId, root = SCHEMAS_ROOT): { missing: string[]; changed: string[]; extra: string[] } {
  const want = generatePack(id, root);
  const dir = path.join(root, id);
  const have = new Set<string>();
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.xsd')) have.add(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  const missing: string[] = [];
  const changed: string[] = [];
  for (const [rel, content] of want) {
    if (!have.has(rel)) missing.push(rel);
    else if (fs.readFileSync(path.join(dir, rel), 'utf8') !== content) changed.push(rel);
  }
  for (const h of HAND_ONLY[id]) if (!have.has(h)) missing.push(h);
  // only the folders this generator manages; other folders of a pack (e.g. 2024/eumed) belong to others
  const managed = (r: string) => MANAGED_FOLDERS.some((f) => r.startsWith(`${f}/`));
  const extra = [...have].filter((r) => managed(r) && !want.has(r) && !HAND_ONLY[id].includes(r)).sort();
  return { missing, changed, extra };
}

/** write the generated files of a pack (hand-only files are left alone) */
export function writePack(id: PackId, root = SCHEMAS_ROOT): string[] {
  const written: string[] = [];
  for (const [rel, content] of generatePack(id, root)) {
    const p = path.join(root, id, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== content) {
      fs.writeFileSync(p, content);
      written.push(`${id}/${rel}`);
    }
  }
  return written;
}
