/**
 * cim9 schemas list|check [--edition 2013|2024|2024-ed2|draft-2011] [--dir FOLDER] [--format text|json] (--json: the same)
 *
 *   list   the packs, their namespaces and files (with sha256); which files are own and which the user's
 *   check  every XSD compiles and every import resolves; for the project's own packs also that the
 *          generated files are up to date with src/schema/gen
 *
 * Without --edition every project pack is listed/checked. --dir FOLDER is a folder of the user's XSDs
 * (as `schemas:` in a test profile): it is overlaid on the edition's own pack (2013 when no edition is
 * given), namespaces the folder declares coming from it.
 * Exit codes: 0 ok, 1 problems found, 2 usage error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultPackDir, loadPack, PACK_IDS, SchemaPackError, type PackDescription, type PackId } from '../schema/index.ts';
import { diffPack } from '../schema/gen/packs.ts';

export interface SchemasOptions {
  edition?: string;
  dir?: string;
  json?: boolean;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

interface Target {
  label: string;
  edition: PackId;
  /** the user's folder overlaid on the edition's own pack */
  dir?: string;
  own?: PackId;
}

function targets(o: SchemasOptions): Target[] | string {
  if (o.edition !== undefined && !(PACK_IDS as readonly string[]).includes(o.edition)) {
    return `unknown edition '${o.edition}' (known: ${PACK_IDS.join(', ')})`;
  }
  if (o.dir !== undefined) {
    const dir = path.resolve(o.dir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return `--dir ${o.dir}: not a folder`;
    const edition = (o.edition ?? '2013') as PackId;
    return [{ label: `${path.basename(dir)} over ${edition}`, edition, dir }];
  }
  const ids = o.edition ? [o.edition as PackId] : PACK_IDS.filter((id) => fs.existsSync(defaultPackDir(id)));
  return ids.map((id) => ({ label: id, edition: id, own: id }));
}

export async function schemasCommand(action: string | undefined, o: SchemasOptions = {}): Promise<number> {
  const out = o.out ?? ((l: string) => console.log(l));
  const err = o.err ?? ((l: string) => console.error(l));
  if (action !== 'list' && action !== 'check') {
    err(`cim9 schemas: expected 'list' or 'check', got ${action === undefined ? 'nothing' : `'${action}'`}`);
    return 2;
  }
  const ts = targets(o);
  if (typeof ts === 'string') {
    err(`cim9 schemas: ${ts}`);
    return 2;
  }
  let problems = 0;
  const json: unknown[] = [];
  for (const t of ts) {
    let desc: PackDescription;
    try {
      // the same loading as run and validate (src/schema loadPack): the own pack of the edition, the folder on top
      const pack = loadPack({ edition: t.edition, schemas: t.dir, name: t.label }, { cache: false });
      desc = pack.describe();
      pack.dispose();
    } catch (e) {
      problems++;
      if (e instanceof SchemaPackError) {
        const lines = e.details.map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''}: ${d.message}`);
        if (o.json) json.push({ pack: t.label, ok: false, problems: lines });
        else {
          out(`pack ${t.label}: PROBLEM`);
          for (const l of lines) out(`  ${l}`);
        }
        continue;
      }
      throw e;
    }
    const stale: string[] = [];
    if (action === 'check' && t.own) {
      const d = diffPack(t.own);
      stale.push(...d.missing.map((f) => `missing ${f}`), ...d.changed.map((f) => `differs from src/schema/gen: ${f}`), ...d.extra.map((f) => `not generated: ${f}`));
      problems += stale.length;
    }
    if (o.json) {
      json.push(action === 'list' ? desc : { pack: t.label, ok: stale.length === 0, digest: desc.digest, files: desc.namespaces.reduce((n, e) => n + e.files.length, 0), namespaces: desc.namespaces.length, problems: stale });
      continue;
    }
    if (action === 'list') {
      out(`pack ${desc.name}  digest ${desc.digest}`);
      for (const l of desc.layers) out(`  layer ${l.name} (${l.origin}) ${l.dir}  digest ${l.digest}`);
      for (const ns of desc.namespaces) {
        out(`  ${ns.namespace}  [${ns.origin}: ${ns.layer}]`);
        for (const f of ns.files) out(`      ${f.relPath}  sha256 ${f.sha256}  ${f.bytes} bytes`);
      }
    } else {
      const files = desc.namespaces.reduce((n, e) => n + e.files.length, 0);
      const userNs = desc.namespaces.filter((n) => n.origin === 'user').length;
      out(
        `pack ${desc.name}: ${stale.length ? 'PROBLEM' : 'ok'} — ${files} files, ${desc.namespaces.length} namespaces${t.dir ? ` (${userNs} from the user folder)` : ''}, every import resolves, compiles; digest ${desc.digest}`,
      );
      for (const s of stale) out(`  ${s}`);
    }
  }
  if (o.json) out(JSON.stringify(json, null, 2));
  return problems ? 1 : 0;
}
