/**
 * Reading a schema pack folder: every `*.xsd` below it, its target namespace, its global elements,
 * its imports and includes and a sha256 digest; plus the static checks that give a clear error
 * (file and line) before libxml2 compiles anything.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ParseOption, XmlDocument, XmlElement } from 'libxml2-wasm';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Flags for parsing schema files: no network, no external entities, no system catalog. */
export const SCHEMA_PARSE_FLAGS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NO_SYS_CATALOG;

/** A schema pack that cannot be loaded: names the file (relative to the pack) and line when known. */
export class SchemaPackError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly details: readonly { file?: string; line?: number; message: string }[];
  constructor(message: string, where: { file?: string; line?: number } = {}, details: { file?: string; line?: number; message: string }[] = []) {
    const loc = where.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : '';
    super(`${loc}${message}`);
    this.name = 'SchemaPackError';
    this.file = where.file;
    this.line = where.line;
    this.details = details.length ? details : [{ ...where, message }];
  }
}

export interface SchemaRef {
  kind: 'import' | 'include' | 'redefine' | 'override';
  /** the namespace attribute of an import ('' when absent) */
  namespace: string;
  schemaLocation?: string;
  /** absolute path the schemaLocation resolves to */
  resolved?: string;
  line: number;
  /**
   * an import whose schemaLocation does not resolve inside this folder, accepted because another pack
   * (the base a user folder overrides) provides the namespace
   */
  external?: boolean;
}

export interface SchemaFileInfo {
  /** absolute path */
  readonly path: string;
  /** path relative to the pack folder, with '/' separators */
  readonly relPath: string;
  /** targetNamespace ('' for a schema without one) */
  readonly targetNamespace: string;
  /** namespace the file's components end up in (an included no-namespace file takes its includer's) */
  readonly namespace: string;
  readonly sha256: string;
  readonly bytes: number;
  /** local names of the global elements the file declares */
  readonly elements: readonly string[];
  readonly refs: readonly SchemaRef[];
}

export interface CatalogEntry {
  readonly namespace: string;
  readonly files: readonly SchemaFileInfo[];
  /** the files the pack compiles directly (the others are included by these) */
  readonly roots: readonly SchemaFileInfo[];
  /** global elements declared for this namespace */
  readonly elements: readonly string[];
}

function listXsd(dir: string, out: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listXsd(p, out);
    else if (e.name.toLowerCase().endsWith('.xsd')) {
      // plain files, or symbolic links to files that stay inside the pack
      if (e.isFile()) out.push(p);
      else if (e.isSymbolicLink()) {
        try {
          if (fs.statSync(p).isFile()) out.push(p);
        } catch {
          // dangling link: ignored
        }
      }
    }
  }
  return out;
}

function rel(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}

function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = el.firstChild; c; c = c.next) if (c instanceof XmlElement) out.push(c);
  return out;
}

interface RawFile {
  path: string;
  relPath: string;
  targetNamespace: string;
  sha256: string;
  bytes: number;
  elements: string[];
  refs: SchemaRef[];
}

function readSchemaFile(root: string, file: string): RawFile {
  const relPath = rel(root, file);
  const bytes = fs.readFileSync(file);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, { url: pathToFileURL(file).href, option: SCHEMA_PARSE_FLAGS });
  } catch (e) {
    const d = (e as { details?: { message: string; line: number }[] }).details?.[0];
    throw new SchemaPackError(`not well-formed XML: ${(d?.message ?? (e as Error).message).trim()}`, { file: relPath, line: d?.line });
  }
  try {
    const r = doc.root;
    if (r.namespaceUri !== XSD_NS || r.name !== 'schema') {
      throw new SchemaPackError(`not an XML Schema document (root element {${r.namespaceUri}}${r.name})`, { file: relPath, line: r.line });
    }
    const targetNamespace = r.attr('targetNamespace')?.value ?? '';
    const elements: string[] = [];
    const refs: SchemaRef[] = [];
    for (const c of childElements(r)) {
      if (c.namespaceUri !== XSD_NS) continue;
      if (c.name === 'element') {
        const n = c.attr('name')?.value;
        if (n) elements.push(n);
      } else if (c.name === 'import' || c.name === 'include' || c.name === 'redefine' || c.name === 'override') {
        const schemaLocation = c.attr('schemaLocation')?.value;
        const ref: SchemaRef = { kind: c.name, namespace: c.attr('namespace')?.value ?? '', schemaLocation, line: c.line };
        if (schemaLocation !== undefined) {
          let url: URL | undefined;
          try {
            url = new URL(schemaLocation, pathToFileURL(file));
          } catch {
            throw new SchemaPackError(`${c.name}: schemaLocation '${schemaLocation}' is not a valid URI reference`, { file: relPath, line: c.line });
          }
          if (url.protocol !== 'file:') {
            throw new SchemaPackError(
              `${c.name} of '${schemaLocation}': a schema pack must be self-contained (no network access); put the file into the pack folder and use a relative schemaLocation`,
              { file: relPath, line: c.line },
            );
          }
          ref.resolved = path.resolve(fileURLToPath(url));
        }
        refs.push(ref);
      }
    }
    return { path: file, relPath, targetNamespace, sha256, bytes: bytes.byteLength, elements, refs };
  } finally {
    doc.dispose();
  }
}

export interface ScannedPack {
  dir: string;
  files: SchemaFileInfo[];
  catalog: CatalogEntry[];
  /** sha256 over the sorted (relPath, sha256) pairs */
  digest: string;
}

export interface ScanOptions {
  /**
   * namespaces provided by another pack (the project's own pack under a user folder): an import of one of
   * them may point outside this folder or at a missing file; the other pack's files are used instead
   */
  external?: ReadonlySet<string>;
}

/**
 * The scans made in this process, by folder, `external` namespaces and the identity of every file (inode, size, times
 * of change in nanoseconds): a process that loads the same pack again (a lane worker of `cim9 mutants` runs hundreds
 * of runs, each loading its edition's pack for the embedded SUT, the session and the evidence bundle) reuses the scan
 * instead of reading, hashing and parsing some hundred XSD files each time. A file that changed, appeared or went
 * away gives another key, so the folder is read again. Only successful scans are kept (an error is thrown every time).
 */
const scans = new Map<string, ScannedPack>();

function scanKey(dir: string, paths: readonly string[], external: ReadonlySet<string> | undefined): string {
  const parts = [dir, [...(external ?? [])].sort().join(' ')];
  for (const p of paths) {
    const st = fs.statSync(p, { bigint: true });
    parts.push(`${p}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`);
  }
  return parts.join('\n');
}

/** Read and check a pack folder. Throws SchemaPackError. */
export function scanPack(dirIn: string, opts: ScanOptions = {}): ScannedPack {
  let dir: string;
  try {
    dir = fs.realpathSync(path.resolve(dirIn));
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new SchemaPackError(`schema pack folder '${dirIn}' cannot be read: ${(e as Error).message}`);
  }
  const paths = listXsd(dir);
  if (paths.length === 0) throw new SchemaPackError(`schema pack folder '${dirIn}' contains no .xsd file`);
  let key: string | undefined;
  try {
    key = scanKey(dir, paths, opts.external);
  } catch {
    // a file went away between the listing and its stat: read the folder as it is now (no reuse)
  }
  const known = key === undefined ? undefined : (scans.get(key) ?? readScanCache(key, dir));
  if (known && key !== undefined && !scans.has(key)) scans.set(key, known);
  // a copy of the lists, so that what one caller does with them cannot reach the next
  if (known) return { ...known, files: [...known.files], catalog: [...known.catalog] };
  const scanned = readPack(dir, paths, opts);
  if (key !== undefined) {
    // a bound on what a long process keeps (a test making many packs in temporary folders)
    if (scans.size >= 32) scans.delete(scans.keys().next().value!);
    scans.set(key, scanned);
    writeScanCache(key, scanned);
  }
  return { ...scanned, files: [...scanned.files], catalog: [...scanned.catalog] };
}

/**
 * The scans on disk, for the next process (a Cucumber worker of `cim9 run --workers N`, the next run): one file per
 * key (the folder, the external namespaces and the identity of every file, as above) in <CIM9_HOME or ~/.cim9>/cache,
 * written whole by rename. A file that cannot be read or does not fit is ignored and the folder read again;
 * CIM9_SCAN_CACHE=0 turns the disk off.
 */
function scanCacheFile(key: string): string | undefined {
  if (process.env['CIM9_SCAN_CACHE'] === '0') return undefined;
  const home = process.env['CIM9_HOME'] ? path.resolve(process.env['CIM9_HOME']) : path.join(os.homedir(), '.cim9');
  return path.join(home, 'cache', `pack-scan-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
}

interface StoredScan {
  key: string;
  dir: string;
  digest: string;
  files: SchemaFileInfo[];
  /** each entry's files and roots as indexes into files (the same objects, as a scan gives them) */
  catalog: { namespace: string; files: number[]; roots: number[]; elements: string[] }[];
}

function readScanCache(key: string, dir: string): ScannedPack | undefined {
  const file = scanCacheFile(key);
  if (!file) return undefined;
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredScan;
    if (s.key !== key || s.dir !== dir || !Array.isArray(s.files) || !Array.isArray(s.catalog)) return undefined;
    const at = (i: number): SchemaFileInfo => {
      const f = s.files[i];
      if (!f) throw new Error('index');
      return f;
    };
    const catalog: CatalogEntry[] = s.catalog.map((c) => ({ namespace: c.namespace, files: c.files.map(at), roots: c.roots.map(at), elements: c.elements }));
    return { dir: s.dir, digest: s.digest, files: s.files, catalog };
  } catch {
    return undefined;
  }
}

function writeScanCache(key: string, scanned: ScannedPack): void {
  const file = scanCacheFile(key);
  if (!file) return;
  const index = new Map(scanned.files.map((f, i) => [f, i]));
  const ix = (f: SchemaFileInfo): number => {
    const i = index.get(f);
    if (i === undefined) throw new Error('a catalog file that is not among the files');
    return i;
  };
  try {
    const stored: StoredScan = {
      key,
      dir: scanned.dir,
      digest: scanned.digest,
      files: scanned.files,
      catalog: scanned.catalog.map((c) => ({ namespace: c.namespace, files: c.files.map(ix), roots: c.roots.map(ix), elements: [...c.elements] })),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(stored));
    fs.renameSync(tmp, file);
  } catch {
    // a read-only home, or a scan whose shape this cache does not keep: the next process reads the folder
  }
}

function readPack(dir: string, paths: readonly string[], opts: ScanOptions): ScannedPack {
  const raw = paths.map((p) => readSchemaFile(dir, path.resolve(p)));
  const byPath = new Map(raw.map((f) => [f.path, f]));
  const providedNs = new Set(raw.map((f) => f.targetNamespace));
  const external = opts.external ?? new Set<string>();

  // static reference checks, with file and line
  const includedBy = new Map<string, RawFile>();
  for (const f of raw) {
    for (const r of f.refs) {
      if (r.resolved === undefined) {
        if (r.kind !== 'import') throw new SchemaPackError(`${r.kind} without schemaLocation`, { file: f.relPath, line: r.line });
        if (!providedNs.has(r.namespace) && r.namespace !== XML_NS && !external.has(r.namespace)) {
          throw new SchemaPackError(
            `import of namespace '${r.namespace}' has no schemaLocation and no file of the pack declares that namespace`,
            { file: f.relPath, line: r.line },
          );
        }
        continue;
      }
      const target = byPath.get(r.resolved) ?? byPath.get(safeRealpath(r.resolved));
      if (!target && r.kind === 'import' && external.has(r.namespace) && !providedNs.has(r.namespace)) {
        r.external = true;
        continue;
      }
      if (!target) {
        const exists = fs.existsSync(r.resolved);
        const why = !exists
          ? 'no such file'
          : !r.resolved.toLowerCase().endsWith('.xsd')
            ? 'not a .xsd file'
            : 'the file is outside the pack folder';
        throw new SchemaPackError(
          `${r.kind}${r.kind === 'import' ? ` of namespace '${r.namespace}'` : ''}: schemaLocation '${r.schemaLocation}' does not resolve (${why}: ${r.resolved})`,
          { file: f.relPath, line: r.line },
        );
      }
      r.resolved = target.path;
      if (r.kind === 'import') {
        if (target.targetNamespace !== r.namespace) {
          throw new SchemaPackError(
            `import of namespace '${r.namespace}' points at ${target.relPath}, whose targetNamespace is '${target.targetNamespace}'`,
            { file: f.relPath, line: r.line },
          );
        }
      } else {
        if (target.targetNamespace !== '' && target.targetNamespace !== f.targetNamespace) {
          throw new SchemaPackError(
            `${r.kind} of ${target.relPath}: its targetNamespace '${target.targetNamespace}' differs from '${f.targetNamespace}'`,
            { file: f.relPath, line: r.line },
          );
        }
        if (!includedBy.has(target.path)) includedBy.set(target.path, f);
      }
    }
  }

  // effective namespace: an included file belongs to the namespace of (the root of) its includer
  const effective = (f: RawFile, seen = new Set<string>()): string => {
    const parent = includedBy.get(f.path);
    if (!parent || seen.has(f.path)) return f.targetNamespace;
    seen.add(f.path);
    return effective(parent, seen);
  };
  const files: SchemaFileInfo[] = raw.map((f) => Object.freeze({ ...f, namespace: effective(f), elements: Object.freeze(f.elements), refs: Object.freeze(f.refs) }));
  const groups = new Map<string, SchemaFileInfo[]>();
  for (const f of files) {
    const g = groups.get(f.namespace) ?? [];
    g.push(f);
    groups.set(f.namespace, g);
  }
  const catalog: CatalogEntry[] = [...groups.keys()]
    .sort()
    .map((ns) => {
      const fs_ = groups.get(ns)!;
      return Object.freeze({
        namespace: ns,
        files: Object.freeze(fs_),
        roots: Object.freeze(fs_.filter((f) => !includedBy.has(f.path))),
        elements: Object.freeze([...new Set(fs_.flatMap((f) => f.elements))].sort()),
      });
    });
  const h = crypto.createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.relPath < b.relPath ? -1 : 1))) h.update(`${f.relPath}\0${f.sha256}\n`);
  return { dir, files, catalog, digest: h.digest('hex') };
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Namespaces in dependency order (imported before importing), so that the driver schema loads each
 * namespace through the pack's own root file before another file imports it by a different location.
 */
export function dependencyOrder(catalog: readonly CatalogEntry[]): CatalogEntry[] {
  const byNs = new Map(catalog.map((e) => [e.namespace, e]));
  const out: CatalogEntry[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (e: CatalogEntry) => {
    if (state.has(e.namespace)) return;
    state.set(e.namespace, 'visiting');
    for (const f of e.files) for (const r of f.refs) if (r.kind === 'import') {
      const dep = byNs.get(r.namespace);
      if (dep) visit(dep);
    }
    state.set(e.namespace, 'done');
    out.push(e);
  };
  for (const e of catalog) visit(e);
  return out;
}
