/**
 * Schema packs: a folder of XSDs (the project's own under fixtures/schemas/<edition>, or a folder a
 * user supplies) compiled once into one libxml2 validator, and the validation of untrusted messages
 * against it.
 *
 * - `loadSchemaPack(dir)` scans the folder for `*.xsd`, catalogs namespace → files with sha256
 *   digests, checks every import/include (clear `SchemaPackError` with file and line), then compiles
 *   one `XsdValidator` from an in-memory driver schema that imports every namespace of the pack.
 *   Compiled packs are cached per folder and content digest.
 * - `pack.validate(xml)` never throws for bad input: a malformed, hostile or oversized document, an
 *   unknown root namespace and every schema violation are findings (rule `XSD`).
 *
 * Assumptions used (../shared/spec/README.md §8.1):
 * - ENV-01: the accepted generation is the pack's; an element in a namespace the pack does not know is
 *   an error that names the generation it looks like (e.g. the 2011 draft's `www.iec.ch`).
 * - ENV-03: `Error/xpath` is xs:QName; a violation on that element is a warning by default.
 * - ENV-05: the generic Payload (and OperationSet/Operation) content is processContents="skip" in
 *   the envelope schema; by default each payload root is validated against its own profile.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ParseOption, XmlDocument, XmlElement, XsdValidator, type ErrorDetail } from 'libxml2-wasm';
import type { Finding, Severity } from '../checks/finding.ts';
import { DEFAULT_MAX_BYTES } from '../xml/index.ts';
import { dependencyOrder, scanPack, SchemaPackError, XSD_NS, type CatalogEntry, type SchemaFileInfo } from './catalog.ts';
import { allowSchemaRoot, dropVirtualSchema, putVirtualSchema, toLocalPath } from './io.ts';

export { SchemaPackError } from './catalog.ts';
export type { CatalogEntry, SchemaFileInfo, SchemaRef } from './catalog.ts';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** Local names of the generic (noun-independent) envelope elements whose Payload is not validated by the envelope schema. */
const GENERIC_MESSAGES = new Set(['Message', 'RequestMessage', 'ResponseMessage', 'EventMessage']);

/**
 * Pack folders of the project under fixtures/schemas/<edition>. Only 2013 ships today; the others are
 * reserved names (loading a missing folder throws a SchemaPackError).
 */
export type Edition = '2013' | '2024' | 'draft-2011';

/** Assumption values this module depends on (IDs of ../shared/spec/README.md §8). */
export interface SchemaAssumptions {
  /** severity of a schema violation on Error/xpath (xs:QName); default 'warning' */
  'ENV-03'?: 'warning' | 'error';
  /** validate generic payload roots against their profile; default 'yes' */
  'ENV-05'?: 'yes' | 'no';
}

const DEFAULT_ASSUMPTIONS: Required<SchemaAssumptions> = { 'ENV-03': 'warning', 'ENV-05': 'yes' };

export interface SchemaPackOptions {
  /** default assumption values for validate() (each call may override) */
  assumptions?: SchemaAssumptions;
  /** reuse a compiled pack of the same folder and content (default true) */
  cache?: boolean;
  /** name used in messages and in ENV-01 (default: the folder's base name, e.g. "2013") */
  name?: string;
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

/** The project's own pack of an edition: fixtures/schemas/<edition> of this repository. */
export function defaultPackDir(edition: Edition): string {
  return fileURLToPath(new URL(`../../fixtures/schemas/${edition}/`, import.meta.url));
}

// ---------------------------------------------------------------------------------------------
// compiled packs

interface Core {
  key: string;
  dir: string;
  digest: string;
  files: readonly SchemaFileInfo[];
  catalog: readonly CatalogEntry[];
  namespaces: ReadonlySet<string>;
  validator: XsdValidator | null;
  virtualPaths: string[];
  cached: boolean;
}

const cache = new Map<string, Core>();

function compile(scan: ReturnType<typeof scanPack>, key: string, cached: boolean): Core {
  allowSchemaRoot(scan.dir);
  const virtualPaths: string[] = [];
  const driver = XmlDocument.create();
  try {
    const root = driver.createRoot('schema', XSD_NS, 'xs');
    let n = 0;
    for (const entry of dependencyOrder(scan.catalog)) {
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
          const p = path.join(scan.dir, `.cim9-namespace-${++n}.xsd`);
          putVirtualSchema(p, Buffer.from(agg.toString({ format: false }), 'utf8'));
          virtualPaths.push(p);
          location = pathToFileURL(p).href;
        } finally {
          agg.dispose();
        }
      }
      const imp = root.addElement('import', 'xs');
      if (entry.namespace) imp.setAttr('namespace', entry.namespace);
      imp.setAttr('schemaLocation', location);
    }
    let validator: XsdValidator;
    try {
      validator = XsdValidator.fromDoc(driver);
    } catch (e) {
      for (const p of virtualPaths) dropVirtualSchema(p);
      const details = ((e as { details?: ErrorDetail[] }).details ?? []).map((d) => ({
        file: d.file ? relFile(scan.dir, d.file) : undefined,
        line: d.line || undefined,
        message: d.message.trim(),
      }));
      const first = details.find((d) => d.file) ?? details[0];
      const all = details.map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.message}`.trim()).join('\n  ');
      throw new SchemaPackError(
        `schema pack ${scan.dir} does not compile: ${first?.message ?? (e as Error).message}${details.length > 1 ? `\n  ${all}` : ''}`,
        { file: first?.file, line: first?.line },
        details,
      );
    }
    return {
      key,
      dir: scan.dir,
      digest: scan.digest,
      files: scan.files,
      catalog: scan.catalog,
      namespaces: new Set(scan.catalog.map((e) => e.namespace)),
      validator,
      virtualPaths,
      cached,
    };
  } finally {
    driver.dispose();
  }
}

function relFile(dir: string, file: string): string {
  const p = toLocalPath(file);
  if (p === null) return file;
  const r = path.relative(dir, p);
  return r.startsWith('..') ? p : r.split(path.sep).join('/');
}

function freeCore(core: Core): void {
  core.validator?.dispose();
  core.validator = null;
  for (const p of core.virtualPaths) dropVirtualSchema(p);
  if (cache.get(core.key) === core) cache.delete(core.key);
}

/**
 * Load (scan, check, compile) a schema pack folder. Compiled packs are cached per folder and content
 * digest, so a run that loads the same folder again reuses the validator.
 * @throws SchemaPackError naming the file and line when a schema is unreadable, an import does not
 *   resolve or the pack does not compile.
 */
export function loadSchemaPack(dir: string, opts: SchemaPackOptions = {}): SchemaPack {
  const scan = scanPack(dir);
  const key = `${scan.dir}\0${scan.digest}`;
  const useCache = opts.cache ?? true;
  let core = useCache ? cache.get(key) : undefined;
  const fromCache = core !== undefined;
  if (!core) {
    core = compile(scan, key, useCache);
    if (useCache) cache.set(key, core);
  }
  return new SchemaPack(core, opts.name ?? path.basename(scan.dir), opts.assumptions ?? {}, fromCache);
}

/** Free every cached compiled pack (packs loaded from the cache become unusable). */
export function clearSchemaPackCache(): void {
  for (const core of [...cache.values()]) freeCore(core);
  cache.clear();
}

// ---------------------------------------------------------------------------------------------
// validation

const PARSE_FLAGS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NO_SYS_CATALOG;

export class SchemaPack {
  readonly #core: Core;
  #disposed = false;
  /** name used in messages (e.g. "2013") */
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

  /** the pack folder (absolute, real path) */
  get dir(): string {
    return this.#core.dir;
  }
  /** sha256 over every file's relative path and sha256 */
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
  knows(namespace: string): boolean {
    return this.#core.namespaces.has(namespace);
  }
  /** whether the pack declares this global element */
  declares(namespace: string, localName: string): boolean {
    return this.#core.catalog.some((e) => e.namespace === namespace && e.elements.includes(localName));
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
  validate(xml: string | Uint8Array, opts: ValidateOptions = {}): Finding[] {
    if (this.#disposed || !this.#core.validator) throw new Error(`schema pack ${this.name} has been disposed`);
    const file = opts.label;
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
    const fail = (message: string, line?: number): Finding[] => [{ rule: 'XSD', severity: 'error', message, file, line }];
    if (bytes.byteLength > maxBytes) return fail(`document of ${bytes.byteLength} bytes exceeds the limit of ${maxBytes} bytes; not parsed`);
    if (bytes.byteLength === 0) return fail('empty document');
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromBuffer(bytes, { option: PARSE_FLAGS });
    } catch (e) {
      const d = (e as { details?: ErrorDetail[] }).details?.[0];
      return fail(`not well-formed XML: ${(d?.message ?? (e as Error).message ?? String(e)).trim()}`, d?.line || undefined);
    }
    try {
      if (doc.dtd !== null) {
        return fail('a DOCTYPE is not allowed in a message (SOAP forbids DTDs; entities are never expanded); not validated', 1);
      }
      const assumptions = { ...DEFAULT_ASSUMPTIONS, ...this.assumptions, ...opts.assumptions };
      return new Run(this.#core, this.name, doc, file, assumptions, opts.maxFindings ?? 100).run();
    } catch (e) {
      return fail(`document could not be validated: ${(e as Error).message}`);
    } finally {
      doc.dispose();
    }
  }
}

/** One validation of one parsed document. */
class Run {
  readonly findings: Finding[] = [];
  #schemaFindings = 0;
  #dropped = 0;
  /** elements that already have a more helpful finding: libxml2's own message about them is dropped */
  readonly #explained: XmlElement[] = [];

  constructor(
    readonly core: Core,
    readonly packName: string,
    readonly doc: XmlDocument,
    readonly file: string | undefined,
    readonly assumptions: Required<SchemaAssumptions>,
    readonly maxFindings: number,
  ) {}

  run(): Finding[] {
    const root = this.doc.root;
    if (!this.core.namespaces.has(root.namespaceUri)) {
      this.unknownNamespace(root, 'root element', 'error');
      return this.findings;
    }
    let messages: XmlElement[] = [root];
    if ((root.namespaceUri === SOAP11_NS || root.namespaceUri === SOAP12_NS) && root.name === 'Envelope') {
      const body = elementChildren(root).find((c) => c.namespaceUri === root.namespaceUri && c.name === 'Body');
      messages = body ? elementChildren(body) : [];
      for (const m of messages) if (!this.core.namespaces.has(m.namespaceUri)) this.unknownNamespace(m, 'SOAP Body child', 'error');
    }
    this.check(this.doc, {});
    if (this.assumptions['ENV-05'] === 'yes') {
      for (const m of messages) {
        if (!this.core.namespaces.has(m.namespaceUri)) continue;
        for (const p of payloadRoots(m)) {
          if (!this.core.namespaces.has(p.namespaceUri)) {
            this.unknownNamespace(p, 'payload root', 'warning', { 'ENV-05': 'yes' });
            continue;
          }
          this.check(p, { 'ENV-05': 'yes' });
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

  check(target: XmlDocument | XmlElement, assumptions: Record<string, string>): void {
    let details: ErrorDetail[] = [];
    try {
      // the overloads of validate() take either; TypeScript cannot pick one for the union
      if (target instanceof XmlDocument) this.core.validator!.validate(target);
      else this.core.validator!.validate(target);
      return;
    } catch (e) {
      details = (e as { details?: ErrorDetail[] }).details ?? [];
      if (details.length === 0) details = [{ message: (e as Error).message, level: 2, line: 0, col: 0 }];
    }
    for (const d of details) this.add(d, assumptions);
  }

  add(d: ErrorDetail, assumptions: Record<string, string>): void {
    const el = d.xpath ? resolveNodePath(this.doc, d.xpath) : undefined;
    if (el && this.#explained.some((x) => x.isSameNode(el))) return;
    let severity: Severity = d.level === 1 ? 'warning' : 'error';
    let message = d.message.trim();
    const as: Record<string, string> = { ...assumptions };
    if (el && isErrorXpath(el)) {
      const v = this.assumptions['ENV-03'];
      as['ENV-03'] = v;
      if (v === 'warning' && severity === 'error') severity = 'warning';
      message += ' (Error/xpath is xs:QName in IEC 61968-100 ed.1, so a real XPath expression is schema-invalid)';
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
      ...(Object.keys(as).length ? { assumptions: as } : {}),
    });
  }

  unknownNamespace(el: XmlElement, what: string, severity: Severity, assumptions: Record<string, string> = {}): void {
    this.#explained.push(el);
    const ns = el.namespaceUri;
    const hint = generationHint(ns);
    const known = [...this.core.namespaces].filter((n) => n !== '').map((n) => `'${n}'`).join(', ');
    const name = ns ? `{${ns}}${el.name}` : el.name;
    const where = ns ? `namespace '${ns}'` : 'no namespace';
    const consequence = severity === 'error' ? '' : '; not validated';
    this.findings.push({
      rule: 'XSD',
      severity,
      message: `${what} ${name} is in ${where}, which schema pack '${this.packName}' does not know${hint ? ` — ${hint}` : ''}${consequence}. The pack knows: ${known}`,
      file: this.file,
      line: el.line || undefined,
      xpath: elementPath(el),
      assumptions: { 'ENV-01': this.packName, ...assumptions },
    });
  }
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
  if (ns.startsWith('http://iec.ch/TC57/')) return 'an IEC TC57 namespace this pack has no schema for';
  return undefined;
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
function payloadRoots(message: XmlElement): XmlElement[] {
  const ns = message.namespaceUri;
  const payload = elementChildren(message).find((c) => c.namespaceUri === ns && c.name === 'Payload');
  if (!payload) return [];
  const out: XmlElement[] = [];
  const generic = GENERIC_MESSAGES.has(message.name);
  for (const c of elementChildren(payload)) {
    if (c.namespaceUri !== ns) {
      if (generic) out.push(c);
    } else if (c.name === 'OperationSet') {
      for (const op of elementChildren(c)) {
        if (op.name !== 'Operation') continue;
        for (const x of elementChildren(op)) if (x.namespaceUri !== op.namespaceUri) out.push(x);
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
