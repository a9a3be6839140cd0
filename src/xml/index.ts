/**
 * The project's only door to XML text.
 *
 * - `parseXml` turns untrusted bytes into a plain, immutable tree (`XNode`) with line numbers and
 *   XPath locations. It never loads anything from the network or the file system, never expands
 *   entities, refuses documents with a DOCTYPE and refuses input over a size limit. A malformed
 *   document is a value (`XmlProblem`), never an exception.
 * - `serializeXml` turns an element tree (`XElement`) into the text libxml2's serializer writes for it: as a string
 *   where its output is sure (plain names, printable namespace URIs, no control or surrogate characters; compared
 *   with libxml2's own output on random trees by test/xml.test.ts), through libxml2's own DOM otherwise. Escaping and
 *   namespace declarations are decided here, once; nothing else in the suite builds XML from strings.
 * - The tree of a parsed document is read out of libxml2's structures in one walk (./tree.ts), and the document
 *   parsed last is kept for the next reader of the same input (`withParsedDocument`): one parse per delivery for the
 *   reader and the schema validation.
 */
import { ParseOption, XmlDocument, XmlElement, XmlText, XmlCData, XmlXPath, XmlTreeNode, type XmlNode } from 'libxml2-wasm';
import {
  error as libxmlErrors,
  xmlCtxtSetErrorHandler,
  xmlDocGetRootElement,
  xmlFreeDoc,
  xmlFreeParserCtxt,
  xmlGetIntSubset,
  xmlNewParserCtxt,
  xmlReadMemory,
  XmlNodeStruct,
  XmlNsStruct,
  type ErrorDetail,
} from 'libxml2-wasm/lib/libxml2.mjs';
import { rawElement, readTree } from './tree.ts';

/** An element read from a document. Text is the concatenation of its direct text children. */
export interface XNode {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XNode[];
  readonly text: string;
  readonly line: number;
  /** XPath of this element with prefixes of the document, e.g. /soap:Envelope/soap:Body/w:GetMeterReadings */
  readonly path: string;
}

/** An element to write. Attributes without namespace only; `text` and `children` may be combined. */
export interface XElement {
  ns: string;
  name: string;
  attrs?: Record<string, string | undefined>;
  text?: string;
  children?: (XElement | undefined | false)[];
}

export interface XmlProblem {
  /** what went wrong, in words, with line and column where known */
  message: string;
  line?: number;
  col?: number;
  kind: 'too-large' | 'malformed' | 'doctype' | 'empty';
}

export type ParseResult = { ok: true; root: XNode } | { ok: false; problem: XmlProblem };

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

const PARSE_FLAGS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NO_SYS_CATALOG;

/** Parse untrusted XML. Never throws for bad input. */
export function parseXml(input: string | Uint8Array, opts: { maxBytes?: number } = {}): ParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = byteLengthOf(input);
  if (size > maxBytes) {
    return {
      ok: false,
      problem: { kind: 'too-large', message: `document of ${size} bytes exceeds the limit of ${maxBytes} bytes` },
    };
  }
  if (size === 0) return { ok: false, problem: { kind: 'empty', message: 'empty document' } };
  const parsed = withParsedDocument(input, (doc): ParseResult => {
    if (doc.hasDtd) {
      return {
        ok: false,
        problem: { kind: 'doctype', message: 'a DOCTYPE is not allowed in a message (SOAP forbids DTDs; entities are never expanded)', line: 1 },
      };
    }
    try {
      return { ok: true, root: FAST_READER ? readTree(doc.ptr, size) : convert(doc.xml.root, '') };
    } catch (e) {
      return { ok: false, problem: { kind: 'malformed', message: `unreadable XML: ${(e as Error).message}` } };
    }
  });
  if (!parsed.ok) return { ok: false, problem: { kind: 'malformed', message: `not well-formed XML: ${parsed.failure.message}`, line: parsed.failure.line, col: parsed.failure.col } };
  return parsed.value;
}

/** the size in bytes of a document given as text (UTF-8) or bytes, without converting it */
export function byteLengthOf(input: string | Uint8Array): number {
  return typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
}

/** libxml2's first diagnostic of a document that did not parse */
export interface ParseFailure {
  message: string;
  line?: number;
  col?: number;
}

/**
 * The libxml2 document of the input parsed last, kept for the next reader of the same input: a delivery is read into
 * the XNode tree (readMessage) and then schema-validated (src/schema) from the same bytes, and parsing it once for both
 * halves the parse. One document at most is kept; the next parse of another input frees it first, so the peak of
 * libxml2's memory is what one document needs, as before. A byte buffer is the same input only as the same object (a
 * delivery's buffer is never changed after it arrived, as readMessage's cache assumes too), a string when equal.
 */
let parked: { input: string | Uint8Array; doc: ParsedDocument } | undefined;
let parses = 0;

/** how many documents libxml2 has parsed for parseXml and withParsedDocument (tests and benchmarks) */
export function documentParses(): number {
  return parses;
}

/**
 * A document libxml2 parsed for withParsedDocument. Its outer elements are read by pointer (`root`, `firstChild`,
 * `next`, `name`, `ns`) without libxml2-wasm's node objects, which make a wrapper and decode a string from WebAssembly
 * memory for every property (a third of a small message's validation, issue 18); `xml` is libxml2-wasm's own document
 * object, made on first use (its wrapper registers a finalizer: a cost per message when every message makes one), and
 * `element(p)` the library's node object of an element, for what needs its API (findings, paths).
 */
export class ParsedDocument {
  readonly ptr: number;
  #xml: XmlDocument | undefined;

  /** @internal withParsedDocument makes them */
  constructor(ptr: number) {
    this.ptr = ptr;
  }

  /** whether the document has a DOCTYPE (libxml2's internal subset) */
  get hasDtd(): boolean {
    return xmlGetIntSubset(this.ptr) !== 0;
  }

  /** libxml2-wasm's document object (made once; freed with the document) */
  get xml(): XmlDocument {
    return (this.#xml ??= (XmlDocument as unknown as { getInstance(ptr: number): XmlDocument }).getInstance(this.ptr));
  }

  /** the root element's pointer, 0 for none */
  root(): number {
    return xmlDocGetRootElement(this.ptr);
  }

  /** the first child element of an element, 0 for none */
  firstChild(p: number): number {
    if (FAST_READER) return rawElement.firstChild(p);
    let c = XmlNodeStruct.children(p);
    while (c !== 0 && XmlNodeStruct.type(c) !== ELEMENT) c = XmlNodeStruct.next(c);
    return c;
  }

  /** the next sibling element of an element, 0 for none */
  next(p: number): number {
    if (FAST_READER) return rawElement.next(p);
    let c = XmlNodeStruct.next(p);
    while (c !== 0 && XmlNodeStruct.type(c) !== ELEMENT) c = XmlNodeStruct.next(c);
    return c;
  }

  /** every child element of an element, in document order */
  children(p: number): number[] {
    const out: number[] = [];
    for (let c = this.firstChild(p); c !== 0; c = this.next(c)) out.push(c);
    return out;
  }

  /** an element's local name */
  name(p: number): string {
    return FAST_READER ? rawElement.name(p) : XmlNodeStruct.name_(p);
  }

  /** an element's namespace URI ('' for none) */
  ns(p: number): string {
    if (FAST_READER) return rawElement.ns(p);
    const ns = XmlNodeStruct.namespace(p);
    return ns === 0 ? '' : XmlNsStruct.href(ns);
  }

  /** libxml2-wasm's node object of an element of this document */
  element(p: number): XmlElement {
    return new (XmlElement as unknown as new (ptr: number) => XmlElement)(p);
  }

  /** @internal free the document (withParsedDocument, when the next input replaces it) */
  free(): void {
    // a document whose object was made is freed through it (it unregisters its finalizer; a DOCTYPE's object too)
    if (this.#xml) this.#xml.dispose();
    else xmlFreeDoc(this.ptr);
  }
}

const ELEMENT = 1;

/**
 * Run `use` on the libxml2 document of `input`, parsed with the project's safe options (no network, no external
 * entities, no system catalog) or kept from the previous parse of the same input (see `parked`). `use` may read and
 * validate the document; it must not change or free it, nor keep it (or its nodes) after it returns. The caller
 * checks the size first. A document that does not parse is a value (libxml2's first diagnostic), never an exception.
 */
export function withParsedDocument<T>(input: string | Uint8Array, use: (doc: ParsedDocument) => T): { ok: true; value: T } | { ok: false; failure: ParseFailure } {
  let doc: ParsedDocument;
  const p = parked;
  parked = undefined;
  if (p && p.input === input) doc = p.doc;
  else {
    p?.doc.free();
    const parsed = parseBytes(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
    if (!parsed.ok) return parsed;
    doc = parsed.doc;
  }
  try {
    return { ok: true, value: use(doc) };
  } finally {
    // a document parsed while `use` ran (a schema file read on first use) was parked meanwhile: this one replaces it
    (parked as { doc: ParsedDocument } | undefined)?.doc.free();
    parked = { input, doc };
  }
}

/**
 * One libxml2 parser context, reused from document to document (xmlCtxtReadMemory resets it, as xmllint reuses its
 * own): a new context per document was a quarter of a small message's parse. Its name dictionary, which the documents
 * share, grows with every new name; the context is replaced after PARSER_REUSE_BYTES of input, so that hostile input
 * cannot grow it without bound (a document keeps its dictionary alive as long as it lives).
 */
let parser: { ctxt: number; errors: number; bytes: number } | undefined;
const PARSER_REUSE_BYTES = 4 * 1024 * 1024;

/**
 * Parse with the project's safe options, as XmlDocument.fromBuffer does (an error or fatal diagnostic, or no document,
 * is a failure; warnings are not), through the reused context.
 */
function parseBytes(bytes: Uint8Array): { ok: true; doc: ParsedDocument } | { ok: false; failure: ParseFailure } {
  if (parser && parser.bytes > PARSER_REUSE_BYTES) {
    xmlFreeParserCtxt(parser.ctxt);
    libxmlErrors.storage.free(parser.errors);
    parser = undefined;
  }
  if (!parser) {
    const ctxt = xmlNewParserCtxt();
    if (!ctxt) return { ok: false, failure: { message: 'libxml2 could not make a parser context' } };
    parser = { ctxt, errors: libxmlErrors.storage.allocate([]), bytes: 0 };
    xmlCtxtSetErrorHandler(ctxt, libxmlErrors.errorCollector, parser.errors);
  }
  const details: ErrorDetail[] = libxmlErrors.storage.get(parser.errors);
  details.length = 0;
  const ptr = xmlReadMemory(parser.ctxt, bytes, null, null, PARSE_FLAGS);
  parser.bytes += bytes.byteLength;
  parses++;
  // libxml2 error levels: 1 warning, 2 error, 3 fatal
  if (!ptr || details.some((d) => d.level >= 2)) {
    if (ptr) xmlFreeDoc(ptr);
    const first = details[0];
    return { ok: false, failure: { message: (first?.message ?? 'Failed to parse XML').trim(), line: first?.line, col: first?.col } };
  }
  return { ok: true, doc: new ParsedDocument(ptr) };
}

/** Free the kept document now (tests; a process that has read its last message). */
export function releaseParsedDocument(): void {
  parked?.doc.free();
  parked = undefined;
}

function qname(prefix: string, name: string): string {
  return prefix ? `${prefix}:${name}` : name;
}

/** compiled once: every child node of an element, in document order (the fallback of childNodes) */
const CHILD_NODES = XmlXPath.compile('child::node()');

/**
 * The child nodes of an element, in document order. A sibling walk (firstChild / next) is several times cheaper than an
 * XPath per element, but libxml2-wasm gives a processing-instruction node no `next`: meeting one, the walk would
 * silently drop every later sibling, so the children of that element are read through the compiled XPath instead.
 */
function childNodes(el: XmlElement): XmlNode[] {
  const out: XmlNode[] = [];
  let c: XmlNode | null = el.firstChild;
  while (c !== null) {
    out.push(c);
    if (!(c instanceof XmlTreeNode)) return el.find(CHILD_NODES);
    c = c.next;
  }
  return out;
}

/** The tree through libxml2-wasm's node objects: the reference the fast reader (./tree.ts) is checked against at load. */
function convert(el: XmlElement, parentPath: string, index = 1): XNode {
  const path = `${parentPath}/${qname(el.prefix, el.name)}${parentPath ? `[${index}]` : ''}`;
  const attrs: Record<string, string> = {};
  for (const a of el.attrs) {
    const key = a.namespaceUri ? `{${a.namespaceUri}}${a.name}` : a.name;
    attrs[key] = a.value;
  }
  const children: XNode[] = [];
  const counts = new Map<string, number>();
  let text = '';
  for (const c of childNodes(el)) {
    if (c instanceof XmlElement) {
      const key = `${c.namespaceUri}|${c.name}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      children.push(convert(c, path, n));
    } else if (c instanceof XmlText || c instanceof XmlCData) {
      text += c.content;
    }
  }
  return Object.freeze({ ns: el.namespaceUri, name: el.name, attrs: Object.freeze(attrs), children: Object.freeze(children), text, line: el.line, path });
}

/** the same tree, element by element: names, namespaces, lines, paths, attributes and texts */
function sameTree(a: XNode, b: XNode): boolean {
  if (a.ns !== b.ns || a.name !== b.name || a.line !== b.line || a.path !== b.path || a.text !== b.text) return false;
  const ka = Object.entries(a.attrs);
  if (ka.length !== Object.keys(b.attrs).length || ka.some(([k, v]) => b.attrs[k] !== v)) return false;
  return a.children.length === b.children.length && a.children.every((c, i) => sameTree(c, b.children[i]!));
}

/** the pointer reader of ParsedDocument (./tree.ts rawElement) against the node objects: names, namespaces, child elements */
function sameOuter(doc: XmlDocument): boolean {
  const ptrOf = (e: XmlElement) => (e as unknown as { _nodePtr: number })._nodePtr;
  const walk = (el: XmlElement): boolean => {
    const p = ptrOf(el);
    if (rawElement.name(p) !== el.name || rawElement.ns(p) !== el.namespaceUri) return false;
    const kids = childNodes(el).filter((c): c is XmlElement => c instanceof XmlElement);
    let c = rawElement.firstChild(p);
    for (const k of kids) {
      if (c !== ptrOf(k) || !walk(k)) return false;
      c = rawElement.next(c);
    }
    return c === 0;
  };
  return walk(doc.root);
}

/**
 * Whether ./tree.ts reads this libxml2-wasm build's structures right: both readers on a probe with every construct
 * it reads (prefixes, a default namespace, namespaced and plain attributes, escaped and CDATA text, mixed content,
 * comments and processing instructions between elements, non-ASCII text, several lines).
 */
function fastReaderWorks(): boolean {
  const probe = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<p:r xmlns:p="urn:p" xmlns="urn:d" xmlns:q="urn:q" a="1" q:b="x &amp; &lt;y&gt;">\n' +
      ' head<!-- c --><c>t1</c><?pi data?><c q:z="é€">t2<![CDATA[<raw>]]>t3</c>\n' +
      '  <q:c/><p:c>mixed<d/>tail</p:c><c/>\n</p:r>',
    'utf8',
  );
  let doc: XmlDocument | undefined;
  try {
    doc = XmlDocument.fromBuffer(probe, { option: PARSE_FLAGS });
    return sameTree(readTree((doc as unknown as { _ptr: number })._ptr, probe.byteLength), convert(doc.root, '')) && sameOuter(doc);
  } catch {
    return false;
  } finally {
    doc?.dispose();
  }
}

const FAST_READER = fastReaderWorks();

/** which reader builds parseXml's trees: libxml2's structures read in one walk (./tree.ts), or its node objects */
export const TREE_READER: 'structures' | 'node objects' = FAST_READER ? 'structures' : 'node objects';

/**
 * parseXml's tree built through libxml2-wasm's node objects, element by element: the reference the structure reader is
 * checked against (tests). Same safety as parseXml; never keeps the document.
 */
export function parseXmlByNodeObjects(input: string | Uint8Array): ParseResult {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, { option: PARSE_FLAGS });
  } catch (e) {
    return { ok: false, problem: { kind: 'malformed', message: `not well-formed XML: ${(e as Error).message}` } };
  }
  try {
    if (doc.dtd !== null) return { ok: false, problem: { kind: 'doctype', message: 'a DOCTYPE is not allowed', line: 1 } };
    return { ok: true, root: convert(doc.root, '') };
  } finally {
    doc.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// reading helpers

/** first child element with this namespace and local name */
export function child(node: XNode | undefined, ns: string, name: string): XNode | undefined {
  return node?.children.find((c) => c.ns === ns && c.name === name);
}

/** all child elements with this namespace and local name */
export function children(node: XNode | undefined, ns: string, name: string): XNode[] {
  return node ? node.children.filter((c) => c.ns === ns && c.name === name) : [];
}

/** trimmed text of the first matching child, or undefined when the child is absent */
export function childText(node: XNode | undefined, ns: string, name: string): string | undefined {
  const c = child(node, ns, name);
  return c ? c.text.trim() : undefined;
}

/** every descendant (depth first, document order) whose local name and namespace match */
export function descendants(node: XNode, ns: string, name: string, out: XNode[] = []): XNode[] {
  for (const c of node.children) {
    if (c.ns === ns && c.name === name) out.push(c);
    descendants(c, ns, name, out);
  }
  return out;
}

/** Clark notation {ns}name, for messages */
export function clark(node: { ns: string; name: string }): string {
  return node.ns ? `{${node.ns}}${node.name}` : node.name;
}

/** Turn a parsed node back into a writable element (for re-wrapping a payload). */
export function toElement(node: XNode): XElement {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attrs)) if (!k.startsWith('{')) attrs[k] = v;
  return {
    ns: node.ns,
    name: node.name,
    attrs,
    text: node.children.length === 0 ? node.text : undefined,
    children: node.children.map(toElement),
  };
}

// ---------------------------------------------------------------------------------------------
// writing

export interface SerializeOptions {
  /** preferred prefixes per namespace URI; others get ns1, ns2 ... The root's namespace may map to ''. */
  prefixes?: Record<string, string>;
  pretty?: boolean;
  /**
   * namespaces declared on the root with exactly these prefixes (uri → prefix), also when no element uses them: for
   * QName-valued attributes (a WSDL's element="w:CreateMeterReadings"). A prefix that is empty, reserved or used twice
   * is a programming error (throws).
   */
  declare?: Record<string, string>;
}

/** Serialize an element tree to an XML document string (UTF-8, with declaration). */
export function serializeXml(root: XElement, opts: SerializeOptions = {}): string {
  const prefixes = new Map<string, string>();
  const used = new Set<string>();
  const preferred = opts.prefixes ?? {};
  let counter = 0;
  for (const [uri, p] of Object.entries(opts.declare ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(p) || /^xml/i.test(p) || used.has(p) || !uri) throw new Error(`cannot declare prefix ${JSON.stringify(p)} for ${JSON.stringify(uri)}`);
    prefixes.set(uri, p);
    used.add(p);
  }
  // one walk: the namespaces in document order (of first use), and whether some element has none
  const order: string[] = [];
  const hasNoNamespace = namespacesInOrder(root, new Set(), order);
  for (const ns of order) {
    if (prefixes.has(ns)) continue;
    let p = preferred[ns];
    // an empty prefix makes the namespace the default one: not allowed when some element has no
    // namespace, since it would inherit the default
    if (p === undefined || (p === '' && hasNoNamespace) || used.has(p)) {
      do p = `ns${++counter}`;
      while (used.has(p));
    }
    prefixes.set(ns, p);
    used.add(p);
  }
  // the text libxml2 would write, built directly where that is sure (see writeDirect); otherwise through its DOM
  const direct = writeDirect(root, prefixes, opts.pretty ?? true);
  if (direct !== undefined) return direct;
  return serializeThroughDom(root, prefixes, opts.pretty ?? true);
}

/** every namespace of a tree, in document order of first use, into `order`; whether some element has no namespace */
function namespacesInOrder(e: XElement, seen: Set<string>, order: string[]): boolean {
  let none = !e.ns;
  if (e.ns && !seen.has(e.ns)) {
    seen.add(e.ns);
    order.push(e.ns);
  }
  const kids = e.children;
  if (kids) {
    // most children share their parent's namespace: the set is asked only when it differs
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      if (!c) continue;
      if (c.ns === e.ns && (!c.children || c.children.length === 0)) continue;
      if (namespacesInOrder(c, seen, order)) none = true;
    }
  }
  return none;
}

function serializeThroughDom(root: XElement, prefixes: Map<string, string>, pretty: boolean): string {
  const doc = XmlDocument.create();
  try {
    const rootPrefix = prefixes.get(root.ns) ?? '';
    const r = root.ns ? doc.createRoot(root.name, root.ns, rootPrefix || undefined) : doc.createRoot(root.name);
    for (const [uri, p] of prefixes) if (uri !== root.ns) r.addNsDeclaration(uri, p || undefined);
    fill(r, root, prefixes);
    const out = doc.toString({ format: pretty });
    return out;
  } finally {
    doc.dispose();
  }
}

/**
 * serializeXml through libxml2's DOM, always (the reference the direct writer is checked against: tests). The prefixes
 * are chosen as serializeXml chooses them.
 */
export function serializeXmlThroughDom(root: XElement, opts: SerializeOptions = {}): string {
  DIRECT_OFF = true;
  try {
    return serializeXml(root, opts);
  } finally {
    DIRECT_OFF = false;
  }
}
let DIRECT_OFF = false;

/**
 * The text libxml2's serializer (xmlsave.c, as libxml2-wasm calls it) writes for an element tree, built as a string
 * instead of a DOM made node by node and written back (issue 18: a fifth of the EUMED bench). Only where its output is
 * sure; undefined otherwise, and the DOM writes it:
 * - names are plain XML names (a prefix only as xml:), namespace URIs printable without quotes, ampersands or angle
 *   brackets, and no attribute named xmlns;
 * - texts and attribute values hold no character XML 1.0 cannot carry, no surrogate (not even a pair) and no U+FFFE/U+FFFF,
 *   so that every character is written as libxml2 writes it: itself, or escaped as below.
 * Its rules: the declaration `<?xml version="1.0" encoding="utf-8"?>` and a newline; the root's own namespace declared
 * first, then every other of `prefixes` in order (an empty prefix is the default namespace), then the attributes in
 * order; in text `&`, `<`, `>` and CR escaped (`&amp;` `&lt;` `&gt;` `&#13;`), in attribute values also `"`, LF and TAB
 * (`&quot;` `&#10;` `&#9;`); an element with neither text nor children as `<x/>`. Pretty: an element whose content is
 * elements only has each child on a line of its own, indented two spaces a level (at most 30 levels, libxml2's
 * MAX_INDENT of 60); an element with text is written inline with everything inside it. A newline ends the document.
 * test/xml.test.ts compares both writers on random trees.
 */
function writeDirect(root: XElement, prefixes: Map<string, string>, pretty: boolean): string | undefined {
  if (DIRECT_OFF) return undefined;
  for (const [uri, p] of prefixes) if (!SAFE_URI.test(uri) || (p !== '' && !NAME.test(p))) return undefined;
  const rootPrefix = root.ns ? (prefixes.get(root.ns) ?? '') : '';
  let decls = '';
  if (root.ns) decls += rootPrefix ? ` xmlns:${rootPrefix}="${root.ns}"` : ` xmlns="${root.ns}"`;
  for (const [uri, p] of prefixes) if (uri !== root.ns) decls += p ? ` xmlns:${p}="${uri}"` : ` xmlns="${uri}"`;
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  if (!writeElement(root, prefixes, pretty, 0, decls, out)) return undefined;
  out.push('\n');
  return out.join('');
}

/** an XML name without a colon (element local names, prefixes, attribute names) */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** attribute names written as given: plain, or in the xml: namespace (xml:lang) */
const ATTR_NAME = /^(?:xml:)?[A-Za-z_][A-Za-z0-9_.-]*$/;
const SAFE_URI = /^[\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]+$/;
/** characters only the DOM writes as libxml2 does: controls XML 1.0 cannot carry, surrogates, U+FFFE, U+FFFF */
const UNSURE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const TEXT_ESCAPES = /[&<>\r]/g;
const ATTR_ESCAPES = /[&<>"\n\r\t]/g;
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };
const escapeOne = (c: string) => ESCAPED[c]!;

/** element local names and attribute names already found plain (NAME / ATTR_NAME): a regular expression once per name, not per element */
const PLAIN_NAMES = new Set<string>();
const PLAIN_ATTRS = new Set<string>();
const PLAIN_MAX = 4096;
/** a text or value that needs nothing done: no character to escape, none only the DOM writes right */
const AS_IS_TEXT = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const AS_IS_ATTR = /[&<>"\n\r\t\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

function plainName(name: string): boolean {
  if (PLAIN_NAMES.has(name)) return true;
  if (!NAME.test(name)) return false;
  if (PLAIN_NAMES.size >= PLAIN_MAX) PLAIN_NAMES.clear();
  PLAIN_NAMES.add(name);
  return true;
}

function plainAttr(name: string): boolean {
  if (PLAIN_ATTRS.has(name)) return true;
  if (!ATTR_NAME.test(name) || name === 'xmlns') return false;
  if (PLAIN_ATTRS.size >= PLAIN_MAX) PLAIN_ATTRS.clear();
  PLAIN_ATTRS.add(name);
  return true;
}

function writeElement(e: XElement, prefixes: Map<string, string>, pretty: boolean, level: number, decls: string, out: string[]): boolean {
  if (!plainName(e.name)) return false;
  const p = e.ns ? (prefixes.get(e.ns) ?? '') : '';
  const qname = p ? `${p}:${e.name}` : e.name;
  let start = decls ? `<${qname}${decls}` : `<${qname}`;
  if (e.attrs) {
    for (const k in e.attrs) {
      const v = e.attrs[k];
      if (v === undefined) continue;
      if (!plainAttr(k)) return false;
      if (!AS_IS_ATTR.test(v)) start += ` ${k}="${v}"`;
      else {
        if (UNSURE.test(v)) return false;
        start += ` ${k}="${v.replace(ATTR_ESCAPES, escapeOne)}"`;
      }
    }
  }
  const text = e.text !== undefined && e.text !== '' ? e.text : undefined;
  const kids = e.children;
  let hasKids = false;
  if (kids) {
    for (let i = 0; i < kids.length; i++) {
      if (kids[i]) {
        hasKids = true;
        break;
      }
    }
  }
  if (text === undefined && !hasKids) {
    out.push(`${start}/>`);
    return true;
  }
  let head = `${start}>`;
  if (text !== undefined) {
    if (!AS_IS_TEXT.test(text)) head += text;
    else {
      if (UNSURE.test(text)) return false;
      head += text.replace(TEXT_ESCAPES, escapeOne);
    }
  }
  if (!hasKids) {
    // a leaf with text: one string
    out.push(`${head}</${qname}>`);
    return true;
  }
  out.push(head);
  // libxml2 formats an element's content only when none of it is text, and then not inside it either
  const format = pretty && text === undefined;
  const indent = format ? `\n${'  '.repeat(Math.min(level + 1, 30))}` : '';
  for (const c of kids!) {
    if (!c) continue;
    if (format) out.push(indent);
    if (!writeElement(c, prefixes, format, level + 1, '', out)) return false;
  }
  if (format) out.push(`\n${'  '.repeat(Math.min(level, 30))}`);
  out.push(`</${qname}>`);
  return true;
}

function fill(target: XmlElement, src: XElement, prefixes: Map<string, string>): void {
  for (const [k, v] of Object.entries(src.attrs ?? {})) if (v !== undefined) target.setAttr(k, v);
  if (src.text !== undefined && src.text !== '') target.addText(src.text);
  for (const c of src.children ?? []) {
    if (!c) continue;
    const p = prefixes.get(c.ns) ?? '';
    const el = target.addElement(c.name, p || undefined);
    fill(el, c, prefixes);
  }
}

/** shorthand for an element with text; returns undefined when the value is undefined (optional elements) */
export function leaf(ns: string, name: string, value: string | number | boolean | undefined): XElement | undefined {
  if (value === undefined) return undefined;
  return { ns, name, text: String(value) };
}

/**
 * Change attributes of a document without rebuilding it: parse (with the same safety as parseXml), ask `edit` for each
 * element (document order) which attributes to set, and write the document back as it was otherwise (namespace
 * declarations, comments, QName-valued attributes untouched). For a served file whose references must be rewritten
 * (an XSD's schemaLocation). Returns the problem for input that does not parse.
 */
export function rewriteAttributes(
  input: string | Uint8Array,
  edit: (el: { ns: string; name: string; attrs: Readonly<Record<string, string>> }) => Record<string, string> | undefined,
  opts: { maxBytes?: number } = {},
): { ok: true; xml: string } | { ok: false; problem: XmlProblem } {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) return { ok: false, problem: { kind: 'too-large', message: `document of ${bytes.byteLength} bytes exceeds the limit of ${maxBytes} bytes` } };
  if (bytes.byteLength === 0) return { ok: false, problem: { kind: 'empty', message: 'empty document' } };
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, { option: PARSE_FLAGS });
  } catch (e) {
    const first = ((e as { details?: { message: string; line: number; col: number }[] }).details ?? [])[0];
    return { ok: false, problem: { kind: 'malformed', message: `not well-formed XML: ${(first?.message ?? (e as Error).message ?? String(e)).trim()}`, line: first?.line, col: first?.col } };
  }
  try {
    if (doc.dtd !== null) return { ok: false, problem: { kind: 'doctype', message: 'a DOCTYPE is not allowed', line: 1 } };
    for (const n of doc.find('descendant-or-self::*')) {
      if (!(n instanceof XmlElement)) continue;
      const attrs: Record<string, string> = {};
      for (const a of n.attrs) if (!a.namespaceUri) attrs[a.name] = a.value;
      const set = edit({ ns: n.namespaceUri, name: n.name, attrs });
      for (const [k, v] of Object.entries(set ?? {})) n.setAttr(k, v);
    }
    return { ok: true, xml: doc.toString({ format: false }) };
  } finally {
    doc.dispose();
  }
}
