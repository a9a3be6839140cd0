/**
 * A schema pack that knows the EUMED schemas. The edition-2024 pack (fixtures/schemas/2024) holds them
 * under eumed/ once it is complete; until then (and for tests and the benchmark) a pack is composed in a
 * temporary folder from a copy of the 2013 pack (envelope, SOAP, wrappers, payloads) plus the EUMED folder.
 * Files are copied, not linked: a pack folder serves only files that really lie inside it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPackDir, loadSchemaPack, SchemaPackError, type SchemaPack } from '../schema/index.ts';
import { scanPack } from '../schema/catalog.ts';
import { MESSAGE_NS } from '../message/names.ts';

/** fixtures/schemas/2024/eumed of this repository */
export function eumedSchemaDir(): string {
  return join(defaultPackDir('2024'), 'eumed');
}

/** does the 2024 pack hold the IEC 61968-100 envelope beside the EUMED folder (i.e. is it complete)? */
export function complete2024Pack(): boolean {
  try {
    return scanPack(defaultPackDir('2024')).catalog.some((e) => e.namespace === MESSAGE_NS['2013']);
  } catch (e) {
    if (e instanceof SchemaPackError) return false;
    throw e;
  }
}

/**
 * A folder with the 2013 pack and the EUMED schemas: the 2024 pack when it is complete, else a composed
 * copy under the system's temporary folder (made once per process).
 */
let composed: string | undefined;
export function eumedPackDir(): string {
  if (complete2024Pack()) return defaultPackDir('2024');
  if (composed && existsSync(composed)) return composed;
  const dir = join(tmpdir(), `cim9-eumed-pack-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const base = defaultPackDir('2013');
  for (const e of readdirSync(base, { withFileTypes: true })) {
    if (e.isDirectory()) cpSync(join(base, e.name), join(dir, e.name), { recursive: true });
  }
  cpSync(eumedSchemaDir(), join(dir, 'eumed'), { recursive: true });
  composed = dir;
  return dir;
}

/** the pack of eumedPackDir() */
export function loadEumedPack(): SchemaPack {
  return loadSchemaPack(eumedPackDir(), { name: 'eumed' });
}
