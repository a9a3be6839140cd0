/**
 * Schema packs: a folder of XSDs (the project's own under fixtures/schemas/<pack>, or a folder a
 * user supplies) compiled once into one libxml2 validator, and the validation of untrusted messages
 * against it.
 *
 * - `loadSchemaPack(dir)` scans the folder for `*.xsd`, catalogs namespace → files with sha256
 *   digests, checks every import/include (clear `SchemaPackError` with file and line), then compiles
 *   one `XsdValidator` from an in-memory driver schema that imports every namespace of the pack.
 *   Compiled packs are cached per folder and content digest.
 * - `loadSchemaPack(userDir, { base: ownDir })` overlays a user's folder on the project's pack: every
 *   namespace the user folder declares comes from it, every other namespace from the base pack
 *   (imports of the user's files may point at files the user folder does not have). `loadProfilePack`
 *   does this for a test profile (`edition`, `schemas`).
 * - `pack.validate(xml)` never throws for bad input: a malformed, hostile or oversized document, an
 *   unknown root namespace and every schema violation are findings (rule `XSD`), each naming the pack
 *   and its digest (`pack`, `packDigest`). `pack.validateMessage(xml)` also says which files (own or
 *   user's, with sha256) the message was validated against; `pack.describe()` is the pack for reports.
 *
 * Assumptions used (../shared/spec/README.md §8):
 * - ENV-01: the accepted generation is the pack's; an element in a namespace the pack does not know is
 *   an error that names the generation it looks like and the namespace the pack's generation uses.
 * - ENV-02: the 2024 edition uses the ed.1 envelope unless ENV-02 is on (pack 2024-ed2: profile roots in
 *   the ed.2 AbstractPayload substitution group).
 * - ENV-03: `Error/xpath` is xs:QName; a violation on that element is a warning by default.
 * - ENV-05: the generic Payload (and OperationSet/Operation) content is processContents="skip" in
 *   the envelope schema; by default each payload root is validated against its own profile.
 * - PAY-01 (and PAY-09/13/15): in profiles without a public schema (marked lenient by the pack), a pure
 *   order violation is a warning by default.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { XmlDocument, XmlElement, XsdValidator, type ErrorDetail } from 'libxml2-wasm';
import {
  error as libxmlErrors,
  xmlSchemaFreeValidCtxt,
  xmlSchemaNewValidCtxt,
  xmlSchemaSetValidStructuredErrors,
  xmlSchemaValidateDoc,
  xmlSchemaValidateOneElement,
} from 'libxml2-wasm/lib/libxml2.mjs';
import type { Finding, Severity } from '../checks/finding.ts';
import { byteLengthOf, DEFAULT_MAX_BYTES, withParsedDocument, type ParsedDocument } from '../xml/index.ts';
import { repoPath } from '../paths.ts';
import { dependencyOrder, scanPack, SchemaPackError, XSD_NS, type CatalogEntry, type ScannedPack, type SchemaFileInfo } from './catalog.ts';
import { allowSchemaRoot, dropVirtualSchema, putVirtualSchema, toLocalPath } from './io.ts';
import { closestNamespaces } from './nearby.ts';
import { matchChildren, readSchemaModel, type ComplexDecl, type InstanceNode, type QName, type SchemaModel, type TypeDecl } from './model.ts';

export { SchemaPackError } from './catalog.ts';
export { closestNamespaces } from './nearby.ts';
export type { CatalogEntry, SchemaFileInfo, SchemaRef } from './catalog.ts';
export { SchemaModel, readSchemaModel, matchChildren, wildcardAllows } from './model.ts';
export type { ElementDecl, TypeDecl, ComplexDecl, SimpleDecl, Particle, ElementParticle, AnyParticle, ChildMatch, InstanceNode, QName } from './model.ts';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** Local names of the generic (noun-independent) envelope elements whose Payload is not validated by the envelope schema. */
const GENERIC_MESSAGES = new Set(['Message', 'RequestMessage', 'ResponseMessage', 'EventMessage']);

/** Editions a test profile may name; each has a project pack under fixtures/schemas/<edition>. */
export type Edition = '2013' | '2024' | 'draft-2011';

/** The project's pack folders: the editions plus 2024-ed2, the ENV-02 option of the 2024 edition. */
export const PACK_IDS = ['2013', '2024', '2024-ed2', 'draft-2011'] as const;
export type PackId = (typeof PACK_IDS)[number];

/** Assumption values this module depends on (IDs of ../shared/spec/README.md §8). */
export interface SchemaAssumptions {
  /** severity of a schema violation on Error/xpath (xs:QName); default 'warning' */
  'ENV-03'?: 'warning' | 'error';
  /** validate generic payload roots against their profile; default 'yes' */
  'ENV-05'?: 'yes' | 'no';
  /** pure order violations in profiles the pack marks lenient: 'lenient' (warning, default) or 'strict' (error) */
  'PAY-01'?: 'lenient' | 'strict';
  /**
   * the generations accepted (ENV-01) as the run has it in force, named in the findings about a namespace of
   * another generation; default: the pack's name
   */
  'ENV-01'?: string;
  /**
   * UsagePoint/status in UsagePointConfig (payloads.md §10.2): 'vendor-extension' (default: the packs do not declare
   * it, a schema error) or 'standard' (accepted where the packs' UsagePoint content model allows it at its end)
   */
  'PAY-12'?: 'vendor-extension' | 'standard';
  /** the wrapper variants of envelope.md §4.2: 'strict' (default, only the standard wrappers) or 'tolerant' (accepted and reported) */
  'ENV-08'?: 'strict' | 'tolerant';
  /** where a config Get filter goes: 'request' (default) or 'payload-only' (the vendor Get<Noun> of the noun wrapper, filter in Payload) */
  'PAY-11'?: 'request' | 'payload-only';
}

const DEFAULT_ASSUMPTIONS: Required<Omit<SchemaAssumptions, 'ENV-01'>> & Pick<SchemaAssumptions, 'ENV-01'> = { 'ENV-03': 'warning', 'ENV-05': 'yes', 'PAY-01': 'lenient', 'PAY-12': 'vendor-extension', 'ENV-08': 'strict', 'PAY-11': 'request' };

/** the UsagePointConfig profile namespace (the same convention in every edition's pack, PAY-03) */
const UPC_NS = 'http://iec.ch/TC57/2011/UsagePointConfig#';

export type PackOrigin = 'own' | 'user';

export interface SchemaPackOptions {
  /** default assumption values for validate() (each call may override) */
  assumptions?: SchemaAssumptions;
  /** reuse a compiled pack of the same folder(s) and content (default true) */
  cache?: boolean;
  /** name used in messages and in ENV-01 (default: the folder's base name, e.g. "2013") */
  name?: string;
  /**
   * the pack the folder overrides per namespace (usually the project's own pack of the profile's
   * edition): namespaces the folder declares come from the folder, all others from the base
   */
  base?: string;
  /** where the folder comes from (default: 'own' for folders below fixtures/schemas/, else 'user') */
  origin?: PackOrigin;
}

export interface ValidateOptions {
  /** file or message label put into every finding */
  label?: string;
  /** size limit in bytes (default 16 MiB, as src/xml) */
  maxBytes?: number;
  assumptions?: SchemaAssumptions;
  /** at most this many schema findings are listed; the rest are summarised in one (default 100) */
  maxFindings?: number;
}

/** A finding of schema validation: it names the pack (and its digest) that produced it. */
export interface SchemaFinding extends Finding {
  /** name of the pack that validated the message */
  pack: string;
  /** the pack's content digest (sha256) */
  packDigest: string;
}

const OWN_ROOT = repoPath('fixtures', 'schemas') + path.sep;

/**
 * The project's own pack of an edition: fixtures/schemas/<edition> of this repository. With
 * `{ 'ENV-02': 'on' }` the 2024 edition uses the 2024-ed2 pack (ed.2 AbstractPayload form).
 */
export function defaultPackDir(edition: Edition | PackId, opts: { 'ENV-02'?: string } = {}): string {
  const id = edition === '2024' && opts['ENV-02'] === 'on' ? '2024-ed2' : edition;
  return repoPath('fixtures', 'schemas', id) + path.sep;
}

/** Which pack to load: an edition (or one of the project's pack folders), optionally a user's folder on top. */
export interface PackSelection {
  edition: string;
  /** a folder of the user's XSDs (`schemas:` of a test profile, `cim9 schemas --dir`): overlaid on the own pack */
  schemas?: string;
  /** the register in force: ENV-02 picks the ed.2 form of the 2024 edition */
  assumptions?: Readonly<Record<string, unknown>>;
  /** name of the pack in messages (default: the own pack's folder name, "+<user folder>" when overlaid) */
  name?: string;
}

/**
 * The one way every command (run, validate, schemas, simulate) loads a pack: the project's own pack of the
 * edition (ENV-02 picks the ed.2 form for 2024), overridden per namespace by the user's `schemas` folder when one
 * is given, so that the namespaces the folder does not declare (the SOAP envelope, the message schema …) still
 * come from the own pack.
 * @throws SchemaPackError for an edition without a pack, an unreadable folder or a pack that does not compile
 */
export function loadPack(sel: PackSelection, opts: Omit<SchemaPackOptions, 'base' | 'name' | 'origin'> = {}): SchemaPack {
  if (!(PACK_IDS as readonly string[]).includes(sel.edition)) {
    throw new SchemaPackError(`edition '${sel.edition}' has no schema pack (known: 2013, 2024, draft-2011)`);
  }
  const env02 = String(sel.assumptions?.['ENV-02'] ?? 'off');
  const own = defaultPackDir(sel.edition as PackId, { 'ENV-02': env02 });
  const ownName = path.basename(own);
  if (!fs.existsSync(own)) throw new SchemaPackError(`the schema pack of edition ${sel.edition} is missing (${own})`);
  if (!sel.schemas) return loadSchemaPack(own, { ...opts, name: sel.name ?? ownName, origin: 'own' });
  const user = path.resolve(sel.schemas);
  if (!fs.existsSync(user) || !fs.statSync(user).isDirectory()) throw new SchemaPackError(`the schemas folder ${sel.schemas} is not a folder`);
  return loadSchemaPack(user, { ...opts, base: own, name: sel.name ?? `${ownName}+${path.basename(user)}`, origin: 'user' });
}

/** The pack a test profile selects (`edition`, `schemas`, ENV-02): `loadPack` of the profile. */
export function loadProfilePack(
  profile: { edition: string; schemas?: string; assumptions?: Readonly<Record<string, unknown>> },
  opts: Omit<SchemaPackOptions, 'base' | 'name' | 'origin'> = {},
): SchemaPack {
  return loadPack(profile, opts);
}

// ---------------------------------------------------------------------------------------------
// compiled packs

/** One folder of a (possibly layered) pack. */
export interface PackLayer {
  name: string;
  dir: string;
  digest: string;
  origin: PackOrigin;
}

/** A pack for reports: its layers and, per namespace, which layer's files serve it. */
export interface PackDescription {
  name: string;
  digest: string;
  layers: (PackLayer & { namespaces: string[] })[];
  namespaces: {
    namespace: string;
    origin: PackOrigin;
    layer: string;
    files: { relPath: string; sha256: string; bytes: number }[];
    elements: string[];
  }[];
}

interface NsSource {
  layer: PackLayer;
  entry: CatalogEntry;
}

interface Core {
  key: string;
  dir: string;
  digest: string;
  files: readonly SchemaFileInfo[];
  catalog: readonly CatalogEntry[];
  namespaces: ReadonlySet<string>;
  /** which layer serves each namespace */
  sources: ReadonlyMap<string, NsSource>;
  layers: readonly PackLayer[];
  validator: XsdValidator | null;
  /** namespace → the global elements the pack declares in it (declared(), once per message: no catalog scan) */
  declaredNames: ReadonlyMap<string, ReadonlySet<string>>;
  /** the validation context, made on first use and reused by every validation against this pack (as xmllint does) */
  valid?: { ctxt: number; errors: number };
  virtualPaths: string[];
  cached: boolean;
  model?: SchemaModel;
}

const cache = new Map<string, Core>();

function originOf(dir: string, given?: PackOrigin): PackOrigin {
  if (given) return given;
  const own = path.resolve(OWN_ROOT);
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {
    // keep as given
  }
  let ownReal = own;
  try {
    ownReal = fs.realpathSync(own);
  } catch {
    // keep as given
  }
  return real.startsWith(ownReal + path.sep) ? 'own' : 'user';
}

/** a pack made of layers: the first layer that declares a namespace serves it */
interface Layered {
  layers: { layer: PackLayer; scan: ScannedPack }[];
  catalog: CatalogEntry[];
  files: SchemaFileInfo[];
  sources: Map<string, NsSource>;
  digest: string;
}

function layer(layers: { layer: PackLayer; scan: ScannedPack }[]): Layered {
  const sources = new Map<string, NsSource>();
  for (const l of layers) for (const e of l.scan.catalog) if (!sources.has(e.namespace)) sources.set(e.namespace, { layer: l.layer, entry: e });
  const catalog = [...sources.keys()].sort().map((ns) => sources.get(ns)!.entry);
  const files = catalog.flatMap((e) => [...e.files]);
  let digest: string;
  if (layers.length === 1) digest = layers[0].scan.digest;
  else {
    const h = crypto.createHash('sha256');
    const lines = catalog.flatMap((e) => e.files.map((f) => `${sources.get(e.namespace)!.layer.origin}:${f.relPath}\0${f.sha256}\n`)).sort();
    for (const l of lines) h.update(l);
    digest = h.digest('hex');
  }
  return { layers, catalog, files, sources, digest };
}

function compile(pack: Layered, key: string, cached: boolean): Core {
  for (const l of pack.layers) allowSchemaRoot(l.scan.dir);
  const primary = pack.layers[0].scan.dir;
  const virtualPaths: string[] = [];
  const driver = XmlDocument.create();
  try {
    const root = driver.createRoot('schema', XSD_NS, 'xs');
    let n = 0;
    for (const entry of dependencyOrder(pack.catalog)) {
      let location: string;
      if (entry.roots.length === 1) {
        location = pathToFileURL(entry.roots[0].path).href;
      } else {
        // several independent files for one namespace: an in-memory schema includes them all
        const agg = XmlDocument.create();
        try {
          const a = agg.createRoot('schema', XSD_NS, 'xs');
          if (entry.namespace) a.setAttr('targetNamespace', entry.namespace);
          for (const f of entry.roots) a.addElement('include', 'xs').setAttr('schemaLocation', pathToFileURL(f.path).href);
          const p = path.join(pack.sources.get(entry.namespace)!.layer.dir, `.cim9-namespace-${++n}.xsd`);
          putVirtualSchema(p, Buffer.from(agg.toString({ format: false }), 'utf8'));
          virtualPaths.push(p);
          location = pathToFileURL(p).href;
        } finally {
          agg.dispose();
        }
      }
      // a no-namespace schema cannot be imported by the (no-namespace) driver: it is included instead
      const imp = root.addElement(entry.namespace ? 'import' : 'include', 'xs');
      if (entry.namespace) imp.setAttr('namespace', entry.namespace);
      imp.setAttr('schemaLocation', location);
    }
    let validator: XsdValidator;
    try {
      validator = XsdValidator.fromDoc(driver);
    } catch (e) {
      for (const p of virtualPaths) dropVirtualSchema(p);
      const details = ((e as { details?: ErrorDetail[] }).details ?? []).map((d) => ({
        file: d.file ? relFile(pack, d.file) : undefined,
        line: d.line || undefined,
        message: d.message.trim(),
      }));
      const first = details.find((d) => d.file) ?? details[0];
      const all = details.map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.message}`.trim()).join('\n  ');
      throw new SchemaPackError(
        `schema pack ${primary} does not compile: ${first?.message ?? (e as Error).message}${details.length > 1 ? `\n  ${all}` : ''}`,
        { file: first?.file, line: first?.line },
        details,
      );
    }
    return {
      key,
      dir: primary,
      digest: pack.digest,
      files: pack.files,
      catalog: pack.catalog,
      namespaces: new Set(pack.catalog.map((e) => e.namespace)),
      sources: pack.sources,
      layers: pack.layers.map((l) => l.layer),
      validator,
      declaredNames: new Map(pack.catalog.map((e) => [e.namespace, new Set(e.elements)])),
      virtualPaths,
      cached,
    };
  } finally {
    driver.dispose();
  }
}

/** a libxml2 file name as a path relative to its layer (base layers are prefixed with their name) */
function relFile(pack: Layered, file: string): string {
  const p = toLocalPath(file);
  if (p === null) return file;
  for (const [i, l] of pack.layers.entries()) {
    const r = path.relative(l.scan.dir, p);
    if (!r.startsWith('..') && !path.isAbsolute(r)) return `${i === 0 ? '' : `${l.layer.name}:`}${r.split(path.sep).join('/')}`;
  }
  return p;
}

function freeCore(core: Core): void {
  if (core.valid) {
    xmlSchemaFreeValidCtxt(core.valid.ctxt);
    libxmlErrors.storage.free(core.valid.errors);
    core.valid = undefined;
  }
  core.validator?.dispose();
  core.validator = null;
  for (const p of core.virtualPaths) dropVirtualSchema(p);
  if (cache.get(core.key) === core) cache.delete(core.key);
}

/**
 * Load (scan, check, compile) a schema pack folder. Compiled packs are cached per folder and content
 * digest, so a run that loads the same folder again reuses the validator.
 * With `base`, the folder overrides that pack per namespace (see SchemaPackOptions.base).
 * @throws SchemaPackError naming the file and line when a schema is unreadable, an import does not
 *   resolve or the pack does not compile.
 */
export function loadSchemaPack(dir: string, opts: SchemaPackOptions = {}): SchemaPack {
  const layers: { layer: PackLayer; scan: ScannedPack }[] = [];
  let baseScan: ScannedPack | undefined;
  if (opts.base !== undefined) baseScan = scanPack(opts.base);
  const top = scanPack(dir, baseScan ? { external: new Set(baseScan.catalog.map((e) => e.namespace)) } : {});
  const topName = opts.name ?? path.basename(top.dir);
  layers.push({ layer: { name: path.basename(top.dir), dir: top.dir, digest: top.digest, origin: originOf(top.dir, opts.origin) }, scan: top });
  if (baseScan) layers.push({ layer: { name: path.basename(baseScan.dir), dir: baseScan.dir, digest: baseScan.digest, origin: originOf(baseScan.dir) }, scan: baseScan });
  const pack = layer(layers);
  const key = layers.map((l) => `${l.scan.dir}\0${l.scan.digest}`).join('\n');
  const useCache = opts.cache ?? true;
  let core = useCache ? cache.get(key) : undefined;
  const fromCache = core !== undefined;
  if (!core) {
    core = compile(pack, key, useCache);
    if (useCache) cache.set(key, core);
  }
  return new SchemaPack(core, topName, opts.assumptions ?? {}, fromCache);
}

/** Free every cached compiled pack (packs loaded from the cache become unusable). */
export function clearSchemaPackCache(): void {
  for (const core of [...cache.values()]) freeCore(core);
  cache.clear();
}

// ---------------------------------------------------------------------------------------------
// validation

/** The result of validating one message: the findings and which schema files validated it. */
export interface SchemaValidation {
  /** no finding of severity error */
  valid: boolean;
  findings: SchemaFinding[];
  pack: { name: string; digest: string };
  /** the namespaces of the message the pack knows, with the layer and files that served them */
  sources: { namespace: string; origin: PackOrigin; layer: string; files: { relPath: string; sha256: string }[] }[];
}

export class SchemaPack {
  readonly #core: Core;
  #disposed = false;
  /** the defaults under this pack's assumptions (a validation without assumptions of its own uses them as they are) */
  #assumptions: typeof DEFAULT_ASSUMPTIONS | undefined;
  /** name used in messages (e.g. "2013", or "2013+vendor-xsd" for a user folder over the own pack) */
  readonly name: string;
  readonly assumptions: Readonly<SchemaAssumptions>;
  /** whether loadSchemaPack found this pack already compiled */
  readonly fromCache: boolean;

  /** @internal use loadSchemaPack */
  constructor(core: Core, name: string, assumptions: SchemaAssumptions, fromCache: boolean) {
    this.#core = core;
    this.name = name;
    this.assumptions = Object.freeze({ ...assumptions });
    this.fromCache = fromCache;
  }

  /** the pack folder (absolute, real path; the user's folder of a layered pack) */
  get dir(): string {
    return this.#core.dir;
  }
  /** sha256 over every file's relative path and sha256 (of the files in use, for a layered pack) */
  get digest(): string {
    return this.#core.digest;
  }
  /** one entry per namespace, sorted by namespace */
  get catalog(): readonly CatalogEntry[] {
    return this.#core.catalog;
  }
  get files(): readonly SchemaFileInfo[] {
    return this.#core.files;
  }
  get namespaces(): string[] {
    return this.#core.catalog.map((e) => e.namespace);
  }
  /** the folders of the pack: the user's folder first, then the base it overrides */
  get layers(): readonly PackLayer[] {
    return this.#core.layers;
  }
  knows(namespace: string): boolean {
    return this.#core.namespaces.has(namespace);
  }
  /** whether the pack declares this global element */
  declares(namespace: string, localName: string): boolean {
    return this.#core.declaredNames.get(namespace)?.has(localName) ?? false;
  }
  /** which layer (own or user's) serves a namespace */
  sourceOf(namespace: string): { origin: PackOrigin; layer: string; files: readonly SchemaFileInfo[] } | undefined {
    const s = this.#core.sources.get(namespace);
    return s && { origin: s.layer.origin, layer: s.layer.name, files: s.entry.files };
  }

  /** The pack for reports: name, digest, layers and, per namespace, the files (with sha256) in use. */
  describe(): PackDescription {
    const core = this.#core;
    return {
      name: this.name,
      digest: core.digest,
      layers: core.layers.map((l) => ({ ...l, namespaces: core.catalog.filter((e) => core.sources.get(e.namespace)!.layer === l).map((e) => e.namespace) })),
      namespaces: core.catalog.map((e) => {
        const s = core.sources.get(e.namespace)!;
        return {
          namespace: e.namespace,
          origin: s.layer.origin,
          layer: s.layer.name,
          files: e.files.map((f) => ({ relPath: f.relPath, sha256: f.sha256, bytes: f.bytes })),
          elements: [...e.elements],
        };
      }),
    };
  }

  /** The content model of the pack's schemas (read once, on first use). */
  model(): SchemaModel {
    if (this.#disposed) throw new Error(`schema pack ${this.name} has been disposed`);
    this.#core.model ??= readSchemaModel(this.#core.files);
    return this.#core.model;
  }

  /**
   * Release this pack. An uncached pack frees its compiled validator; a cached one stays in the
   * cache until clearSchemaPackCache().
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (!this.#core.cached) freeCore(this.#core);
  }

  /**
   * Validate one message. Accepts a SOAP 1.1/1.2 Envelope (body validated through the strict
   * wildcard), a wrapper element, a bare payload root or a generic message element (whose payload
   * roots are validated against their profile too, ENV-05). Never throws for bad input.
   */
  validate(xml: string | Uint8Array, opts: ValidateOptions = {}): SchemaFinding[] {
    return this.#validate(xml, opts, false).findings;
  }

  /** validate() plus the pack and the files (own or user's, with sha256) that served the message */
  validateMessage(xml: string | Uint8Array, opts: ValidateOptions = {}): SchemaValidation {
    const r = this.#validate(xml, opts, true);
    const sources = [...r.namespaces].filter((ns) => this.#core.sources.has(ns)).sort().map((ns) => {
      const s = this.#core.sources.get(ns)!;
      return { namespace: ns, origin: s.layer.origin, layer: s.layer.name, files: s.entry.files.map((f) => ({ relPath: f.relPath, sha256: f.sha256 })) };
    });
    return { valid: !r.findings.some((f) => f.severity === 'error'), findings: r.findings, pack: { name: this.name, digest: this.digest }, sources };
  }

  /** `withNamespaces`: also list the namespaces the document uses (a walk of every element, for validateMessage only) */
  #validate(xml: string | Uint8Array, opts: ValidateOptions, withNamespaces: boolean): { findings: SchemaFinding[]; namespaces: Set<string> } {
    if (this.#disposed || !this.#core.validator) throw new Error(`schema pack ${this.name} has been disposed`);
    // no closures made per call here but the one withParsedDocument runs (a small message's validation is ~20 µs)
    const file = opts.label;
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const size = byteLengthOf(xml);
    if (size > maxBytes) return this.#fail(file, `document of ${size} bytes exceeds the limit of ${maxBytes} bytes; not parsed`);
    if (size === 0) return this.#fail(file, 'empty document');
    // the document readMessage parsed from the same input, when it was the last one parsed (src/xml withParsedDocument)
    const r = withParsedDocument(xml, (doc) => {
      if (doc.hasDtd) {
        return this.#fail(file, 'a DOCTYPE is not allowed in a message (SOAP forbids DTDs; entities are never expanded); not validated', 1);
      }
      try {
        const assumptions = opts.assumptions ? { ...DEFAULT_ASSUMPTIONS, ...this.assumptions, ...opts.assumptions } : (this.#assumptions ??= { ...DEFAULT_ASSUMPTIONS, ...this.assumptions });
        const run = new Run(this.#core, this.name, doc, file, assumptions, opts.maxFindings ?? 100, (this.#modelOf ??= () => this.model()));
        const findings = run.run();
        return { findings: findings.length ? this.#stamp(findings) : [], namespaces: withNamespaces ? namespacesOf(doc, doc.root()) : new Set<string>() };
      } catch (e) {
        return this.#fail(file, `document could not be validated: ${(e as Error).message}`);
      }
    });
    if (!r.ok) return this.#fail(file, `not well-formed XML: ${r.failure.message}`, r.failure.line || undefined);
    return r.value;
  }

  /** this.model, as Run asks for it (made once) */
  #modelOf: (() => SchemaModel) | undefined;

  /** the findings with this pack's name and digest */
  #stamp(fs_: Finding[]): SchemaFinding[] {
    return fs_.map((f) => ({ ...f, pack: this.name, packDigest: this.digest }));
  }

  /** a validation that could not look at the document: one XSD error */
  #fail(file: string | undefined, message: string, line?: number): { findings: SchemaFinding[]; namespaces: Set<string> } {
    return { findings: this.#stamp([{ rule: 'XSD', severity: 'error', message, file, line }]), namespaces: new Set<string>() };
  }
}

/**
 * Validate a document or one element against a pack: XsdValidator.validate, with the pack's validation context made
 * once and reused (the library makes and frees one per call) — libxml2 resets it at the start of each validation, as
 * xmllint relies on when it validates many files with one context. The return value is libxml2's: 0 valid, > 0
 * invalid (details), < 0 an internal error.
 */
function schemaValidate(core: Core, target: { doc: number } | { element: number }): { ret: number; details: ErrorDetail[] } {
  if (!core.valid) {
    const ctxt = xmlSchemaNewValidCtxt((core.validator as unknown as { _ptr: number })._ptr);
    if (!ctxt) return { ret: -1, details: [] };
    const errors = libxmlErrors.storage.allocate([]);
    xmlSchemaSetValidStructuredErrors(ctxt, libxmlErrors.errorCollector, errors);
    core.valid = { ctxt, errors };
  }
  const collected: ErrorDetail[] = libxmlErrors.storage.get(core.valid.errors);
  collected.length = 0;
  const ret = 'doc' in target ? xmlSchemaValidateDoc(core.valid.ctxt, target.doc) : xmlSchemaValidateOneElement(core.valid.ctxt, target.element);
  return { ret, details: collected.length ? collected.splice(0) : NO_DETAILS };
}

const NO_DETAILS: ErrorDetail[] = [];

function namespacesOf(doc: ParsedDocument, el: number, out = new Set<string>()): Set<string> {
  out.add(doc.ns(el));
  for (let c = doc.firstChild(el); c !== 0; c = doc.next(c)) namespacesOf(doc, c, out);
  return out;
}

/** One validation of one parsed document. */
class Run {
  readonly findings: Finding[] = [];
  #schemaFindings = 0;
  #dropped = 0;
  /** elements (pointers) that already have a more helpful finding: libxml2's own message about them is dropped */
  readonly #explained: number[] = [];
  /** the same diagnostic reported twice (document check and ENV-05 payload check) is listed once */
  readonly #seen = new Set<string>();

  constructor(
    readonly core: Core,
    readonly packName: string,
    readonly doc: ParsedDocument,
    readonly file: string | undefined,
    readonly assumptions: typeof DEFAULT_ASSUMPTIONS,
    readonly maxFindings: number,
    readonly model: () => SchemaModel,
  ) {}

  run(): Finding[] {
    // the outer elements are read by pointer (ParsedDocument), not through libxml2-wasm's node objects, which make a
    // wrapper and decode a string out of WebAssembly memory for every property; node objects only for findings
    const doc = this.doc;
    const root = doc.root();
    if (root === 0) throw new Error('the document has no root element');
    const rootNs = doc.ns(root);
    const rootName = doc.name(root);
    if (!this.core.namespaces.has(rootNs)) {
      this.unknownNamespace(doc.element(root), 'root element', 'error');
      return this.findings;
    }
    if (!this.declared(rootNs, rootName)) {
      if (this.vendorGet(root)) {
        this.acceptVendorGet(root);
        return this.findings;
      }
      this.undeclared(doc.element(root), 'root element');
      return this.findings;
    }
    let messages: number[] = [root];
    if ((rootNs === SOAP11_NS || rootNs === SOAP12_NS) && rootName === 'Envelope') {
      let body = 0;
      for (let c = doc.firstChild(root); c !== 0 && body === 0; c = doc.next(c)) if (doc.name(c) === 'Body' && doc.ns(c) === rootNs) body = c;
      messages = body ? doc.children(body) : [];
      for (const m of messages) {
        if (!this.core.namespaces.has(doc.ns(m))) this.unknownNamespace(doc.element(m), 'SOAP Body child', 'error');
        else if (this.vendorGet(m)) this.acceptVendorGet(m);
        else if (!this.declared(doc.ns(m), doc.name(m))) this.undeclared(doc.element(m), 'SOAP Body child');
      }
    }
    this.check({ doc: doc.ptr }, {});
    if (this.assumptions['ENV-05'] === 'yes') {
      for (const m of messages) {
        if (!this.core.namespaces.has(doc.ns(m))) continue;
        for (const p of payloadRoots(doc, m)) {
          if (!this.core.namespaces.has(doc.ns(p))) {
            this.unknownNamespace(doc.element(p), 'payload root', 'warning', { 'ENV-05': 'yes' });
            continue;
          }
          this.check({ element: p }, { 'ENV-05': 'yes' });
        }
      }
    }
    if (this.#dropped > 0) {
      this.findings.push({
        rule: 'XSD',
        severity: 'info',
        message: `${this.#dropped} further schema violation(s) not listed (limit ${this.maxFindings})`,
        file: this.file,
      });
    }
    return this.findings;
  }

  /**
   * The vendor query variant of envelope.md §4.2: `Get<Noun>` in the noun wrapper namespace (…/<Noun>Message, whose
   * wrapper the pack has), the filter sent as the noun profile in Payload. Admitted under ENV-08=tolerant or
   * PAY-11=payload-only; never when the pack declares the element.
   */
  vendorGet(el: number): boolean {
    if (this.assumptions['ENV-08'] !== 'tolerant' && this.assumptions['PAY-11'] !== 'payload-only') return false;
    const ns = this.doc.ns(el);
    const name = this.doc.name(el);
    const m = /\/([A-Za-z0-9]+)Message$/.exec(ns);
    const noun = m?.[1];
    if (!noun || noun.startsWith('Get') || name !== `Get${noun}` || this.declared(ns, name)) return false;
    return this.core.catalog.some((e) => e.namespace === ns && e.elements.includes(`${noun}ResponseMessage`));
  }

  /**
   * A vendor Get<Noun> (vendorGet): reported, not refused. The pack has no declaration for it, so the wrapper's own
   * children are not validated; the payload roots are, against their profiles.
   */
  acceptVendorGet(p: number): void {
    const doc = this.doc;
    const el = doc.element(p);
    this.#explained.push(p);
    const as: Record<string, string> = {};
    if (this.assumptions['ENV-08'] === 'tolerant') as['ENV-08'] = 'tolerant';
    if (this.assumptions['PAY-11'] === 'payload-only') as['PAY-11'] = 'payload-only';
    const ns = doc.ns(p);
    this.findings.push({
      rule: 'XSD',
      severity: 'warning',
      message: `{${ns}}${doc.name(p)} is the vendor query variant of envelope.md §4.2 (Get<Noun> in the noun wrapper, the filter in Payload), accepted under ${Object.entries(as).map(([k, v]) => `${k}=${v}`).join(', ')}; schema pack '${this.packName}' does not declare it, so only its payload is validated`,
      file: this.file,
      line: el.line || undefined,
      xpath: elementPath(el),
      assumptions: as,
    });
    const payload = doc.children(p).find((c) => doc.ns(c) === ns && doc.name(c) === 'Payload');
    for (const r of payload ? doc.children(payload).filter((c) => doc.ns(c) !== ns) : []) {
      if (!this.core.namespaces.has(doc.ns(r))) this.unknownNamespace(doc.element(r), 'payload root', 'warning', as);
      else this.check({ element: r }, as);
    }
  }

  declared(ns: string, name: string): boolean {
    return this.core.declaredNames.get(ns)?.has(name) ?? false;
  }

  check(target: { doc: number } | { element: number }, assumptions: Record<string, string>): void {
    const { ret, details: found } = schemaValidate(this.core, target);
    if (ret === 0) return;
    // what XsdValidator.validate throws: an XmlError without details for libxml2's internal failure, else the details
    const details: ErrorDetail[] =
      ret < 0 ? [{ message: 'Invalid input or internal error', level: 2, line: 0, col: 0 }] : found.length ? found : [{ message: '', level: 2, line: 0, col: 0 }];
    for (const d of details) this.add(d, assumptions);
  }

  add(d: ErrorDetail, assumptions: Record<string, string>): void {
    const el = d.xpath ? resolveNodePath(this.doc.xml, d.xpath) : undefined;
    if (el && this.#explained.includes((el as unknown as { _nodePtr: number })._nodePtr)) return;
    const dedupe = `${d.xpath ?? ''}\0${d.line}\0${d.message}`;
    if (this.#seen.has(dedupe)) return;
    this.#seen.add(dedupe);
    let severity: Severity = d.level === 1 ? 'warning' : 'error';
    let message = d.message.trim();
    const as: Record<string, string> = { ...assumptions };
    if (el && isErrorXpath(el) && message.includes('QName')) {
      // only the type violation of a real XPath in a QName element: a structural error there stays an error
      const v = this.assumptions['ENV-03'];
      as['ENV-03'] = v;
      if (v === 'warning' && severity === 'error') severity = 'warning';
      message += ' (Error/xpath is xs:QName in IEC 61968-100 ed.1, so a real XPath expression is schema-invalid)';
    }
    if (el && !this.core.namespaces.has(el.namespaceUri)) {
      // an element of another generation inside a known envelope (e.g. draft header children in a 2013 wrapper)
      const hint = this.generationText(el.namespaceUri);
      if (hint) {
        message += ` — ${hint}`;
        as['ENV-01'] = this.assumptions['ENV-01'] ?? this.packName;
      }
    }
    if (el && severity === 'error' && message.includes('This element is not expected') && this.standardStatus(el)) {
      // PAY-12 standard: UsagePoint/status is a standard element; every other child of the UsagePoint fits the pack
      return;
    }
    if (el && severity === 'error' && message.includes('This element is not expected')) {
      const lenient = this.lenientOrder(el);
      if (lenient) {
        const v = this.assumptions['PAY-01'];
        for (const id of lenient) as[id] = id === 'PAY-01' ? v : id === 'PAY-09' ? 'by-edition' : el.namespaceUri;
        if (v === 'lenient') severity = 'warning';
        message += ` (only the order differs from the project's proposed schema of a profile without a public schema: ${v === 'lenient' ? 'a warning' : 'an error'} under PAY-01=${v})`;
      }
    }
    if (this.#schemaFindings >= this.maxFindings) {
      this.#dropped++;
      return;
    }
    this.#schemaFindings++;
    this.findings.push({
      rule: 'XSD',
      severity,
      message,
      file: this.file,
      line: d.line || el?.line || undefined,
      xpath: el ? elementPath(el) : d.xpath,
      ...xsdExpectedActual(d.message),
      ...(Object.keys(as).length ? { assumptions: as } : {}),
    });
  }

  /**
   * PAY-12 standard: `el` is the status of a UsagePointConfig UsagePoint, after every child the pack declares,
   * and those children (status left out) match the UsagePoint content model in order: the schema violation is
   * only that the pack does not declare status. (Its own content is not validated: the pack has no Status there.)
   */
  standardStatus(el: XmlElement): boolean {
    if (this.assumptions['PAY-12'] !== 'standard') return false;
    const parent = el.parent;
    if (el.namespaceUri !== UPC_NS || el.name !== 'status' || !parent || parent.namespaceUri !== UPC_NS || parent.name !== 'UsagePoint') return false;
    let model: SchemaModel;
    try {
      model = this.model();
    } catch {
      return false;
    }
    const type = typeOfElement(model, parent);
    if (!type || type.opaque) return false;
    const kids = elementChildren(parent);
    const at = kids.findIndex((k) => k.isSameNode(el));
    // status comes after the declared block: only other extensions (other namespaces) may follow it
    if (kids.slice(at + 1).some((k) => k.namespaceUri === UPC_NS)) return false;
    const declared = kids.filter((k, i) => i !== at);
    const matches = matchChildren(model, type, declared.map(asInstance));
    return matches.every((m, i) => m !== undefined || declared[i]!.namespaceUri !== UPC_NS);
  }

  /**
   * PAY-01: when `el` is in a namespace the pack marks lenient and its parent's children, reordered,
   * satisfy the parent's content model (counts per particle within bounds, every child known), the
   * violation is one of order only: the assumption IDs to report; otherwise undefined.
   */
  lenientOrder(el: XmlElement): string[] | undefined {
    let model: SchemaModel;
    try {
      model = this.model();
    } catch {
      return undefined;
    }
    const ids = model.lenientOrder.get(el.namespaceUri);
    const parent = el.parent;
    // only an order inside the lenient profile itself (not, e.g., the profile root among a wrapper's children)
    if (!ids || !parent || parent.namespaceUri !== el.namespaceUri) return undefined;
    const type = typeOfElement(model, parent);
    if (!type || type.opaque || !type.content || type.content.kind !== 'sequence') return undefined;
    const kids = elementChildren(parent);
    // each child must match some element particle of the flat sequence (or an option of a choice)
    const counts = new Map<object, number>();
    for (const k of kids) {
      let found: object | undefined;
      for (const p of type.content.particles) {
        if (p.kind === 'element' && p.ns === k.namespaceUri && p.name === k.name) found = p;
        else if (p.kind === 'choice' && p.particles.some((o) => o.kind === 'element' && o.ns === k.namespaceUri && o.name === k.name)) found = p;
        if (found) break;
      }
      if (!found) return undefined;
      counts.set(found, (counts.get(found) ?? 0) + 1);
    }
    for (const p of type.content.particles) {
      const n = counts.get(p) ?? 0;
      if (p.kind === 'element' || p.kind === 'choice') {
        if (n < p.min || n > p.max) return undefined;
      } else if (p.min > 0) return undefined;
    }
    return ids;
  }

  unknownNamespace(el: XmlElement, what: string, severity: Severity, assumptions: Record<string, string> = {}): void {
    this.#explained.push((el as unknown as { _nodePtr: number })._nodePtr);
    const ns = el.namespaceUri;
    const hint = this.generationText(ns) ?? (ns ? 'not a namespace of an IEC TC57 generation' : undefined);
    // a short list: the few namespaces of the pack closest to this one, not all of them (about 60)
    const { closest, more } = closestNamespaces(ns, el.name, this.core.namespaces);
    const known = `${closest.map((n) => `'${n}'`).join(', ')}${more > 0 ? ` ... and ${more} more (cim9 schemas list)` : ''}`;
    const name = ns ? `{${ns}}${el.name}` : el.name;
    const where = ns ? `namespace '${ns}'` : 'no namespace';
    const consequence = severity === 'error' ? '' : '; not validated';
    this.findings.push({
      rule: 'XSD',
      severity,
      message: `${what} ${name} is in ${where}, which schema pack '${this.packName}' does not know${hint ? ` — ${hint}` : ''}${consequence}. Closest namespaces the pack knows: ${known}`,
      file: this.file,
      line: el.line || undefined,
      xpath: elementPath(el),
      assumptions: { 'ENV-01': this.assumptions['ENV-01'] ?? this.packName, ...assumptions },
    });
  }

  /** an element of a namespace the pack knows, but which the pack does not declare globally */
  undeclared(el: XmlElement, what: string): void {
    this.#explained.push((el as unknown as { _nodePtr: number })._nodePtr);
    const ns = el.namespaceUri;
    const declared = this.core.catalog.find((e) => e.namespace === ns)?.elements ?? [];
    const hint = generationHint(ns);
    this.findings.push({
      rule: 'XSD',
      severity: 'error',
      message: `${what} {${ns}}${el.name} is not declared by schema pack '${this.packName}'${hint ? ` (${hint})` : ''}; the pack declares in that namespace: ${declared.length ? declared.join(', ') : '(no global element)'}`,
      file: this.file,
      line: el.line || undefined,
      xpath: elementPath(el),
      assumptions: { 'ENV-01': this.assumptions['ENV-01'] ?? this.packName },
    });
  }

  /** the generation of a foreign namespace and the namespace this pack uses for the same thing */
  generationText(ns: string): string | undefined {
    const hint = generationHint(ns);
    const counterpart = counterpartNamespace(ns, this.core.namespaces);
    const packGen = packGeneration(this.core.namespaces);
    if (!hint && !counterpart) return undefined;
    const parts: string[] = [];
    if (hint) parts.push(hint);
    if (counterpart) parts.push(`schema pack '${this.packName}'${packGen ? ` (${packGen})` : ''} expects '${counterpart}' here, not '${ns}'`);
    return parts.join('; ');
  }
}

/** the declared type of an element of a parsed document, found by walking from the document root */
function typeOfElement(model: SchemaModel, el: XmlElement): ComplexDecl | undefined {
  const chain: XmlElement[] = [];
  for (let c: XmlElement | null = el; c; c = c.parent) chain.unshift(c);
  // start at the outermost element that has a global declaration (a SOAP Envelope is not modelled in detail)
  let start = -1;
  for (let i = chain.length - 1; i >= 0; i--) if (model.element({ ns: chain[i].namespaceUri, name: chain[i].name })) start = i;
  if (start < 0) return undefined;
  let decl: { type?: QName; inline?: TypeDecl } | undefined = model.element({ ns: chain[start].namespaceUri, name: chain[start].name });
  for (let i = start + 1; i < chain.length; i++) {
    const t = decl && model.typeOfElement(decl);
    const here = chain[i];
    if (!t || t.kind !== 'complex') {
      decl = model.element({ ns: here.namespaceUri, name: here.name });
      continue;
    }
    const parent = chain[i - 1];
    const siblings = elementChildren(parent);
    const matches = matchChildren(model, t, siblings.map(asInstance));
    const idx = siblings.findIndex((s) => s.isSameNode(here));
    decl = matches[idx]?.decl ?? model.element({ ns: here.namespaceUri, name: here.name });
  }
  const t = decl && model.typeOfElement(decl);
  return t?.kind === 'complex' ? t : undefined;
}

function asInstance(el: XmlElement): InstanceNode {
  return { ns: el.namespaceUri, name: el.name, children: [] };
}

/** Which generation a namespace looks like (envelope.md §1.1), for messages. */
export function generationHint(ns: string): string | undefined {
  if (ns.startsWith('http://www.iec.ch/')) {
    const final = `http://iec.ch/${ns.slice('http://www.iec.ch/'.length)}`;
    return `this is the 2011 draft generation (namespaces with 'www.iec.ch', as used by the EPRI 2011 harness; the 2013 namespace would be '${final}'); draft and IEC 61968-100:2013 peers do not interoperate (ENV-01)`;
  }
  if (ns === 'http://iec.ch/TC57/2021/schema/message') return 'this is the IEC 61968-100 ed.2 (2022) envelope (ENV-02)';
  if (ns === 'http://iec.ch/TC57/2016/schema/message') return 'this is the 2016 message namespace (origin unknown)';
  if (ns.startsWith('http://iec.ch/TC57/2017/')) return 'this looks like the 2017 wrapper generation (public sample service)';
  if (ns.startsWith('http://iec.ch/TC57/2015/')) return 'this looks like the 2015 templates generation';
  if (ns.startsWith('http://iec.ch/TC57/2011/')) return 'this is the IEC 61968-100 ed.1 (2013) generation (IEC 61968-9:2013 namespaces)';
  if (ns.startsWith('http://iec.ch/TC57/')) return 'an IEC TC57 namespace this pack has no schema for';
  return undefined;
}

/** the generation a pack implements, from the message namespace it knows */
function packGeneration(known: ReadonlySet<string>): string | undefined {
  if (known.has('http://www.iec.ch/TC57/2011/schema/message')) return '2011 draft generation';
  if (known.has('http://iec.ch/TC57/2011/schema/message')) return `IEC 61968-100 ed.1 envelope${known.has('http://iec.ch/TC57/2021/schema/message') ? ' with the ed.2 AbstractPayload profiles' : ''}`;
  return undefined;
}

/**
 * The namespace of the pack that plays the role of a foreign IEC namespace: same path after the host
 * (www.iec.ch or iec.ch) and the year, e.g. http://www.iec.ch/TC57/2011/MeterReadingsMessage →
 * http://iec.ch/TC57/2011/MeterReadingsMessage, http://iec.ch/TC57/2017/EndDeviceControlsMessage →
 * http://iec.ch/TC57/2011/EndDeviceControlsMessage, http://iec.ch/TC57/2021/schema/message →
 * http://iec.ch/TC57/2011/schema/message.
 */
export function counterpartNamespace(ns: string, known: Iterable<string>): string | undefined {
  const tail = (u: string): string | undefined => {
    for (const host of ['http://www.iec.ch/TC57/', 'http://iec.ch/TC57/']) {
      if (!u.startsWith(host)) continue;
      const rest = u.slice(host.length);
      const slash = rest.indexOf('/');
      return slash === 4 ? rest.slice(5) : undefined;
    }
    return undefined;
  };
  const t = tail(ns);
  if (!t) return undefined;
  const candidates = [...known].filter((k) => k !== ns && tail(k) === t);
  // the ed.2 message namespace declares AbstractPayload only: prefer the envelope namespace of the pack
  return candidates.find((k) => k !== 'http://iec.ch/TC57/2021/schema/message') ?? candidates[0];
}

// ---------------------------------------------------------------------------------------------
// tree helpers

function elementChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = el.firstChild; c; c = c.next) if (c instanceof XmlElement) out.push(c);
  return out;
}

/**
 * Payload roots the envelope schema skips (ENV-05): the foreign children of a generic message's
 * Payload, and the foreign child of every OperationSet/Operation (generic or wrapper).
 */
function payloadRoots(doc: ParsedDocument, message: number): number[] {
  const ns = doc.ns(message);
  let payload = 0;
  for (let c = doc.firstChild(message); c !== 0 && payload === 0; c = doc.next(c)) if (doc.name(c) === 'Payload' && doc.ns(c) === ns) payload = c;
  // no Payload: no foreign root to validate here. Whether the message needed one is judged by the envelope schema
  // (wrapper forms) and by the steps that read the payload (DOM-EXPECTED), never by its absence passing here
  if (payload === 0) return [];
  const out: number[] = [];
  const generic = GENERIC_MESSAGES.has(doc.name(message));
  for (let c = doc.firstChild(payload); c !== 0; c = doc.next(c)) {
    if (doc.ns(c) !== ns) {
      if (generic) out.push(c);
    } else if (doc.name(c) === 'OperationSet') {
      for (let op = doc.firstChild(c); op !== 0; op = doc.next(op)) {
        if (doc.name(op) !== 'Operation') continue;
        const opNs = doc.ns(op);
        for (let x = doc.firstChild(op); x !== 0; x = doc.next(x)) if (doc.ns(x) !== opNs) out.push(x);
      }
    }
  }
  return out;
}

/** Error/xpath (ENV-03): an element `xpath` whose parent `Error` is in the same namespace. */
function isErrorXpath(el: XmlElement): boolean {
  const p = el.parent;
  return el.name === 'xpath' && p !== null && p.name === 'Error' && p.namespaceUri === el.namespaceUri;
}

/** XPath of an element in the form src/xml gives XNode.path: /p:Root/p:Child[1]/Local[2] */
export function elementPath(el: XmlElement): string {
  const steps: string[] = [];
  let cur: XmlElement | null = el;
  while (cur) {
    const parent: XmlElement | null = cur.parent;
    const q = cur.prefix ? `${cur.prefix}:${cur.name}` : cur.name;
    if (!parent) steps.push(`/${q}`);
    else {
      let n = 1;
      for (let s = cur.prev; s; s = s.prev) {
        if (s instanceof XmlElement && s.name === cur.name && s.namespaceUri === cur.namespaceUri) n++;
      }
      steps.push(`/${q}[${n}]`);
    }
    cur = parent;
  }
  return steps.reverse().join('');
}

/**
 * Find the element a libxml2 diagnostic points at. libxml2 writes the path with the document's own
 * prefixes, `*[n]` (position among element siblings) for default-namespace elements and `name[n]`
 * (position among same-named siblings, same prefix) otherwise; the steps are followed as written, so
 * no namespace map is needed.
 */
function resolveNodePath(doc: XmlDocument, xpath: string): XmlElement | undefined {
  const steps = xpath.split('/');
  if (steps[0] !== '' || steps.length < 2) return undefined;
  let cur: XmlElement | undefined;
  for (let i = 1; i < steps.length; i++) {
    const step = steps[i];
    if (step === '' || step.startsWith('@') || step.includes('(')) break; // attribute or text(): stop at the element
    const open = step.indexOf('[');
    const name = open >= 0 ? step.slice(0, open) : step;
    const index = open >= 0 ? Number(step.slice(open + 1, step.indexOf(']', open))) : 1;
    if (!Number.isInteger(index) || index < 1) return undefined;
    const candidates = cur === undefined ? [doc.root] : elementChildren(cur);
    let matches: XmlElement[];
    if (name === '*') {
      // a default-namespace element: libxml2 counts its position among all element siblings
      matches = candidates;
    } else {
      const colon = name.indexOf(':');
      const prefix = colon >= 0 ? name.slice(0, colon) : '';
      const local = colon >= 0 ? name.slice(colon + 1) : name;
      matches = candidates.filter((c) => c.name === local && (prefix ? c.prefix === prefix : c.namespaceUri === ''));
    }
    const el = matches[index - 1];
    if (!el) return undefined;
    cur = el;
  }
  return cur;
}

/**
 * What libxml2's diagnostic says was expected and what the document has instead (the statement's expected / actual
 * columns), read from the forms of its schema messages: "Element 'x': This element is not expected. Expected is ( y ).",
 * "Element 'x': Missing child element(s). Expected is ( y ).", "Element 'x': 'v' is not a valid value of the atomic
 * type 't'.", "Element 'x': [facet 'enumeration'] The value 'v' is not an element of the set {…}." Nothing when the
 * message has none of these forms.
 */
export function xsdExpectedActual(message: string): { expected?: string; actual?: string } {
  const m = message.trim();
  const element = /^Element '([^']*)'/.exec(m)?.[1];
  const expectedIs = /Expected is(?: one of)? \(\s*(.*?)\s*\)\.?$/.exec(m)?.[1];
  if (/This element is not expected/.test(m)) return { ...(expectedIs ? { expected: expectedIs } : { expected: 'no element here' }), ...(element ? { actual: `element ${element}` } : {}) };
  if (/Missing child element/.test(m)) return { ...(expectedIs ? { expected: expectedIs } : {}), actual: `${element ? `${element} without it` : 'missing'}` };
  const rest = m.replace(/^Element '[^']*': /, '');
  const atomic = /^'(.*)' is not a valid value of the (?:atomic|local atomic|list|union) type '([^']*)'/.exec(rest);
  if (atomic) return { expected: `a value of type ${atomic[2]}`, actual: `"${atomic[1]}"` };
  const facet = /^\[facet '([^']*)'\] The value '(.*?)' (?:is not an element of the set \{(.*)\}|.*)/.exec(rest);
  if (facet) return { ...(facet[3] !== undefined ? { expected: `one of ${facet[3]}` } : { expected: `facet ${facet[1]}` }), actual: `"${facet[2]}"` };
  return {};
}
