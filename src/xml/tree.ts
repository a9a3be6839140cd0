/**
 * The XNode tree of a parsed document, read out of libxml2's own tree in one pass and materialised on access.
 *
 * libxml2-wasm's node objects read every property (name, namespace, prefix, line, text) out of WebAssembly memory on
 * each access, through a new wrapper object per node and a UTF-8 decoding per string: building an XNode tree that way
 * cost some 40 µs for a 1 KiB message and most of the 1.2 GiB of a 20 MiB one (issue 18). Here one walk over libxml2's
 * node structures copies what an XNode needs into a compact, document-sized store: per element its name, namespace
 * and prefix (each distinct string decoded once: libxml2 interns names in its dictionary), line, first child, next
 * sibling and attribute range, and the bytes of its direct text and of its attribute values. The libxml2 document can
 * then be freed at once; an element's XNode, its children, attributes and text are made when first asked for, from
 * the store, and kept (a node is frozen; what it materialises is cached in private fields, so the tree stays
 * immutable to its readers).
 *
 * The walk reads the structures at the offsets libxml2-wasm itself uses (lib/libxml2.mjs: XmlNodeStruct, XmlNsStruct;
 * libxml2's struct _xmlNode, _xmlAttr and _xmlNs on wasm32). At load, `fastReaderWorks()` checks the walk against the
 * library's own node objects on a probe document that has every construct read here; if they ever disagree (another
 * libxml2-wasm build), src/xml falls back to the node-object walk.
 */
import { XmlNodeSetStruct, xmlDocGetRootElement, xmlNodeGetContent } from 'libxml2-wasm/lib/libxml2.mjs';
import type { XNode } from './index.ts';

// 32-bit word indexes into struct _xmlNode / _xmlAttr (libxml2 tree.h, wasm32) — the byte offsets of libxml2-wasm's
// XmlTreeCommonStruct / XmlNamedNodeStruct / XmlNodeStruct divided by 4
const W_TYPE = 1; // type (4)
const W_NAME = 2; // name (8)
const W_CHILDREN = 3; // children (12)
const W_NEXT = 6; // next (24)
const W_NS = 9; // ns (36)
const W_CONTENT = 10; // content (40), text and CDATA nodes
const W_PROPERTIES = 11; // properties (44), elements
const W_LINE = 14; // line (56), read as XmlNodeStruct.line reads it
// struct _xmlNs
const W_NS_HREF = 2; // href (8)
const W_NS_PREFIX = 3; // prefix (12)

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

// per element, in `el` (stride E): local name, namespace, prefix (string ids), line, first child element, next sibling
// element (element indexes, -1 for none), its direct text (byte range), its attributes (range in `at`)
const E = 10;
const E_NAME = 0;
const E_NS = 1;
const E_PREFIX = 2;
const E_LINE = 3;
const E_FIRST = 4;
const E_NEXT = 5;
const E_TEXT0 = 6;
const E_TEXT1 = 7;
const E_ATTR0 = 8;
const E_ATTR1 = 9;
// per attribute, in `at` (stride A): key (string id: local name, or {ns}name), value (byte range, or -1 - string id)
const A = 3;

/** key of a (namespace, local name) pair of string ids, for the [n] of paths; ids stay below 2^26 */
const pairKey = (ns: number, name: number) => ns * 0x4000000 + name;

/** One parsed document, copied out of libxml2. */
class Store {
  constructor(
    readonly strings: readonly string[],
    readonly el: Int32Array,
    readonly at: Int32Array,
    readonly bytes: Buffer,
  ) {}

  text(s: number, e: number): string {
    return s === e ? '' : this.bytes.toString('utf8', s, e);
  }

  children(i: number, parent: Element): readonly XNode[] {
    const el = this.el;
    let c = el[i * E + E_FIRST]!;
    if (c < 0) return EMPTY;
    const out: XNode[] = [];
    for (let k = 0; c >= 0; c = el[c * E + E_NEXT]!, k++) out.push(new Element(this, c, parent, k));
    return Object.freeze(out);
  }

  /**
   * The [n] of each child element of i in its path (its position among the siblings of the same namespace and local
   * name), for all of them at once: made when the first child's path is asked for.
   */
  positions(i: number): Int32Array {
    const el = this.el;
    let n = 0;
    for (let c = el[i * E + E_FIRST]!; c >= 0; c = el[c * E + E_NEXT]!) n++;
    const out = new Int32Array(n);
    const counts = new Map<number, number>();
    let k = 0;
    for (let c = el[i * E + E_FIRST]!; c >= 0; c = el[c * E + E_NEXT]!) {
      const key = pairKey(el[c * E + E_NS]!, el[c * E + E_NAME]!);
      const m = (counts.get(key) ?? 0) + 1;
      counts.set(key, m);
      out[k++] = m;
    }
    return out;
  }

  attrs(i: number): Readonly<Record<string, string>> {
    const out: Record<string, string> = {};
    const at = this.at;
    const end = this.el[i * E + E_ATTR1]!;
    for (let a = this.el[i * E + E_ATTR0]!; a < end; a++) {
      const v0 = at[a * A + 1]!;
      out[this.strings[at[a * A]!]!] = v0 < 0 ? this.strings[-1 - v0]! : this.text(v0, at[a * A + 2]!);
    }
    return Object.freeze(out);
  }

  qname(i: number): string {
    const prefix = this.strings[this.el[i * E + E_PREFIX]!]!;
    const name = this.strings[this.el[i * E + E_NAME]!]!;
    return prefix ? `${prefix}:${name}` : name;
  }
}

const EMPTY: readonly XNode[] = Object.freeze([]);
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * An element of a Store: ns, name and line are fields; children, attributes, text and the path are made on first access
 * (most elements a check reads never have their path asked for: it is for findings).
 */
class Element implements XNode {
  readonly ns: string;
  readonly name: string;
  readonly line: number;
  readonly #store: Store;
  readonly #i: number;
  readonly #parent: Element | undefined;
  /** position among the parent's child elements */
  readonly #k: number;
  #path: string | undefined;
  #children: readonly XNode[] | undefined;
  #attrs: Readonly<Record<string, string>> | undefined;
  #text: string | undefined;
  /** the [n] of each child's path step (Store.positions) */
  #positions: Int32Array | undefined;

  constructor(store: Store, i: number, parent: Element | undefined, k: number) {
    const el = store.el;
    this.ns = store.strings[el[i * E + E_NS]!]!;
    this.name = store.strings[el[i * E + E_NAME]!]!;
    this.line = el[i * E + E_LINE]!;
    this.#store = store;
    this.#i = i;
    this.#parent = parent;
    this.#k = k;
    Object.freeze(this);
  }

  get path(): string {
    if (this.#path === undefined) {
      const p = this.#parent;
      this.#path = p === undefined ? `/${this.#store.qname(this.#i)}` : `${p.path}/${this.#store.qname(this.#i)}[${p.#position(this.#k)}]`;
    }
    return this.#path;
  }

  #position(k: number): number {
    return (this.#positions ??= this.#store.positions(this.#i))[k]!;
  }

  get children(): readonly XNode[] {
    return (this.#children ??= this.#store.children(this.#i, this));
  }

  get attrs(): Readonly<Record<string, string>> {
    if (this.#attrs === undefined) {
      const el = this.#store.el;
      this.#attrs = el[this.#i * E + E_ATTR0] === el[this.#i * E + E_ATTR1] ? NO_ATTRS : this.#store.attrs(this.#i);
    }
    return this.#attrs;
  }

  get text(): string {
    const el = this.#store.el;
    return (this.#text ??= this.#store.text(el[this.#i * E + E_TEXT0]!, el[this.#i * E + E_TEXT1]!));
  }
}

const DECODER = new TextDecoder();
/** short ASCII strings of earlier documents (names, prefixes, namespace URIs) by a hash of their bytes */
const NAMES = new Map<number, string>();
const NAMES_MAX = 4096;

/**
 * The string of a C string in libxml2's memory. Names and namespaces are short, mostly ASCII, and the same from message
 * to message: the string of an earlier document is reused (no decoder call, and one string kept for all the trees that
 * hold it).
 */
function cstringAt(u8: Uint8Array, p: number): string {
  let e = p;
  let ascii = true;
  let h = 0x811c9dc5;
  for (let b = u8[e]!; b !== 0; b = u8[++e]!) {
    if (b > 0x7f) ascii = false;
    h = Math.imul(h ^ b, 16777619);
  }
  const n = e - p;
  if (ascii && n <= 64) {
    const known = NAMES.get(h);
    if (known !== undefined && known.length === n) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (known.charCodeAt(k) !== u8[p + k]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    let out = '';
    for (let k = p; k < e; k++) out += String.fromCharCode(u8[k]!);
    if (NAMES.size >= NAMES_MAX) NAMES.clear(); // bounded, whatever names hostile input brings
    NAMES.set(h, out);
    return out;
  }
  return DECODER.decode(u8.subarray(p, e));
}

/** the heap views of the element readers below, replaced when libxml2's memory grew (its old buffer is then detached) */
let views: { h32: Int32Array; u8: Uint8Array } | undefined;
function heapNow(p: number): { h32: Int32Array; u8: Uint8Array } {
  if (views === undefined || views.u8.length === 0) views = heapOf(p);
  return views;
}

/**
 * Reading one element of a parsed document by its pointer, without libxml2-wasm's node objects (a wrapper and a UTF-8
 * decoding per property): for the schema path's look at the message's outer elements. Same offsets and the same check at
 * load as the tree walk (src/xml uses them only when that check passed).
 */
export const rawElement = {
  /** local name */
  name(p: number): string {
    const v = heapNow(p);
    return cstringAt(v.u8, v.h32[(p >> 2) + W_NAME]!);
  },
  /** namespace URI ('' for none) */
  ns(p: number): string {
    const v = heapNow(p);
    const ns = v.h32[(p >> 2) + W_NS]!;
    return ns === 0 ? '' : cstringAt(v.u8, v.h32[(ns >> 2) + W_NS_HREF]!);
  },
  /** the first child element, 0 for none */
  firstChild(p: number): number {
    const h32 = heapNow(p).h32;
    let c = h32[(p >> 2) + W_CHILDREN]!;
    while (c !== 0 && h32[(c >> 2) + W_TYPE] !== ELEMENT_NODE) c = h32[(c >> 2) + W_NEXT]!;
    return c;
  },
  /** the next sibling element, 0 for none */
  next(p: number): number {
    const h32 = heapNow(p).h32;
    let c = h32[(p >> 2) + W_NEXT]!;
    while (c !== 0 && h32[(c >> 2) + W_TYPE] !== ELEMENT_NODE) c = h32[(c >> 2) + W_NEXT]!;
    return c;
  },
};

/** views of libxml2's WebAssembly memory, taken fresh for each walk (growing the memory replaces its buffer) */
function heapOf(docPtr: number): { h32: Int32Array; u8: Uint8Array } {
  // XmlNodeSetStruct.nodeTable returns a view into the WebAssembly heap; an empty one is enough to reach its buffer
  const buffer = XmlNodeSetStruct.nodeTable(docPtr, 0).buffer;
  return { h32: new Int32Array(buffer), u8: new Uint8Array(buffer) };
}

/** Read the tree of a parsed document (its root element) into a Store and return the root's XNode. */
export function readTree(docPtr: number, sizeHint = 1024): XNode {
  const rootPtr = xmlDocGetRootElement(docPtr);
  if (!rootPtr) throw new Error('the document has no root element');
  const r = new Reader(docPtr, sizeHint);
  const root = r.element(rootPtr);
  return r.finish(root);
}

/** the working arrays of the walks, reused while they stay small (a walk runs to its end: no two at a time) */
const scratch: { el: Int32Array; at: Int32Array; bytes: Uint8Array } = { el: new Int32Array(E * 64), at: new Int32Array(A * 16), bytes: new Uint8Array(4096) };
const SCRATCH_INTS = 256 * 1024;
const SCRATCH_BYTES = 1024 * 1024;

const KEY_IDS = new Map<string, number>();
const BY_PTR = new Map<number, number>();
const NS_IDS = new Map<number, number>();
/** empty a map for the next walk (clear() also gives it back a small table: a large document leaves nothing big behind) */
function clearMap<K, V>(m: Map<K, V>): Map<K, V> {
  m.clear();
  return m;
}

/** One walk over a libxml2 document (a class, not closures: no per-call function objects) */
class Reader {
  h32: Int32Array;
  u8: Uint8Array;
  readonly strings: string[] = [''];
  /** strings by value (id 0 is the empty string); the three maps are shared by the walks (cleared for each) */
  readonly keyIds = KEY_IDS;
  /** string pointer → string id (libxml2 interns element and attribute names per document: few distinct pointers) */
  readonly byPtr = BY_PTR;
  /** namespace pointer → href id */
  readonly nsIds = NS_IDS;
  el: Int32Array;
  count = 0;
  at: Int32Array;
  attrCount = 0;
  bytes: Uint8Array;
  used = 0;

  constructor(readonly docPtr: number, sizeHint: number) {
    clearMap(KEY_IDS).set('', 0);
    clearMap(BY_PTR).set(0, 0);
    clearMap(NS_IDS);
    ({ h32: this.h32, u8: this.u8 } = heapOf(docPtr));
    // working arrays shared by the walks (each tree gets exact copies): sized from the document (a text is never
    // longer than its markup in UTF-8 input), grown when short
    const need = E * Math.max(16, Math.ceil(sizeHint / 32));
    if (scratch.el.length < need) scratch.el = new Int32Array(need);
    if (scratch.bytes.length < sizeHint) scratch.bytes = new Uint8Array(sizeHint);
    this.el = scratch.el;
    this.at = scratch.at;
    this.bytes = scratch.bytes;
  }

  cstring(p: number): string {
    return cstringAt(this.u8, p);
  }

  /** the id of the string at p: decoded once per pointer, and one id per value (so ids compare as the strings do) */
  str(p: number): number {
    let id = this.byPtr.get(p);
    if (id === undefined) {
      id = p === 0 ? 0 : this.intern(this.cstring(p));
      this.byPtr.set(p, id);
    }
    return id;
  }

  intern(s: string): number {
    let id = this.keyIds.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.keyIds.set(s, id);
    }
    return id;
  }

  nsOf(ns: number): number {
    if (ns === 0) return 0;
    let id = this.nsIds.get(ns);
    if (id === undefined) {
      // by value: two prefixes for one namespace are two xmlNs structures with the same href (one sibling sequence)
      id = this.intern(this.cstring(this.h32[(ns >> 2) + W_NS_HREF]!));
      this.nsIds.set(ns, id);
    }
    return id;
  }

  copyBytes(p: number): void {
    const u8 = this.u8;
    let e = p;
    while (u8[e] !== 0) e++;
    const n = e - p;
    if (this.used + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + n));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    const bytes = this.bytes;
    const used = this.used;
    if (n < 32) for (let k = 0; k < n; k++) bytes[used + k] = u8[p + k]!;
    else bytes.set(u8.subarray(p, e), used);
    this.used = used + n;
  }

  attributes(first: number): void {
    for (let a = first; a !== 0; a = this.h32[(a >> 2) + W_NEXT]!) {
      const h32 = this.h32;
      const aw = a >> 2;
      if ((this.attrCount + 1) * A > this.at.length) {
        const grown = new Int32Array(this.at.length * 2);
        grown.set(this.at);
        this.at = grown;
      }
      const aNs = h32[aw + W_NS]!;
      const local = this.str(h32[aw + W_NAME]!);
      const ao = this.attrCount++ * A;
      const at = this.at;
      const aUri = aNs === 0 ? '' : this.strings[this.nsOf(aNs)]!;
      at[ao] = aUri === '' ? local : this.intern(`{${aUri}}${this.strings[local]}`);
      // the value: the attribute's text children (what xmlNodeGetContent concatenates); anything else is asked of libxml2
      let plain = true;
      for (let t = h32[aw + W_CHILDREN]!; t !== 0; t = h32[(t >> 2) + W_NEXT]!) if (h32[(t >> 2) + W_TYPE] !== TEXT_NODE) plain = false;
      if (plain) {
        at[ao + 1] = this.used;
        for (let t = h32[aw + W_CHILDREN]!; t !== 0; t = h32[(t >> 2) + W_NEXT]!) this.copyBytes(h32[(t >> 2) + W_CONTENT]!);
        at[ao + 2] = this.used;
      } else {
        const value = xmlNodeGetContent(a);
        ({ h32: this.h32, u8: this.u8 } = heapOf(this.docPtr)); // a call into libxml2 may have grown its memory
        at[ao + 1] = -1 - this.intern(value);
        at[ao + 2] = 0;
      }
    }
  }

  element(p: number): number {
    const i = this.count++;
    if (this.count * E > this.el.length) {
      const grown = new Int32Array(this.el.length * 2);
      grown.set(this.el);
      this.el = grown;
    }
    let h32 = this.h32;
    const w = p >> 2;
    const o = i * E;
    const ns = h32[w + W_NS]!;
    const nsId = this.nsOf(ns);
    let el = this.el;
    el[o + E_NAME] = this.str(h32[w + W_NAME]!);
    el[o + E_NS] = nsId;
    el[o + E_PREFIX] = ns === 0 ? 0 : this.str(h32[(ns >> 2) + W_NS_PREFIX]!);
    el[o + E_LINE] = h32[w + W_LINE]!;
    el[o + E_FIRST] = -1;
    el[o + E_NEXT] = -1;
    el[o + E_ATTR0] = this.attrCount;
    const props = h32[w + W_PROPERTIES]!;
    if (props !== 0) {
      this.attributes(props);
      h32 = this.h32;
    }
    el[o + E_ATTR1] = this.attrCount;
    // direct text (text and CDATA children, concatenated), then the child elements
    el[o + E_TEXT0] = this.used;
    for (let c = h32[w + W_CHILDREN]!; c !== 0; c = h32[(c >> 2) + W_NEXT]!) {
      const type = h32[(c >> 2) + W_TYPE];
      if (type === TEXT_NODE || type === CDATA_SECTION_NODE) this.copyBytes(h32[(c >> 2) + W_CONTENT]!);
    }
    el[o + E_TEXT1] = this.used;
    let last = -1;
    for (let c = h32[w + W_CHILDREN]!; c !== 0; c = h32[(c >> 2) + W_NEXT]!) {
      if (h32[(c >> 2) + W_TYPE] !== ELEMENT_NODE) continue;
      const k = this.element(c);
      h32 = this.h32;
      el = this.el; // grown by the child
      if (last < 0) el[o + E_FIRST] = k;
      else el[last * E + E_NEXT] = k;
      last = k;
    }
    return i;
  }

  finish(root: number): XNode {
    const { el, at, bytes, count, attrCount, used } = this;
    // the tree keeps exact copies; the working arrays are kept for the next walk unless a large document grew them
    // one memory for the three (one backing store: cheaper to make and to collect than three)
    const ints = count * E + attrCount * A;
    // a small document's store comes out of Node's buffer pool (allocUnsafe: a slice of a shared 8 KiB block, aligned to
    // 8 bytes; every byte is written below), a large one gets memory of its own: a new ArrayBuffer per message was a
    // tenth of reading a small one
    let memory = Buffer.allocUnsafe(ints * 4 + used);
    if (memory.byteOffset % 4 !== 0) memory = Buffer.from(new ArrayBuffer(ints * 4 + used));
    const keptEl = new Int32Array(memory.buffer, memory.byteOffset, count * E);
    keptEl.set(el.subarray(0, count * E));
    const keptAt = new Int32Array(memory.buffer, memory.byteOffset + count * E * 4, attrCount * A);
    keptAt.set(at.subarray(0, attrCount * A));
    const keptBytes = memory.subarray(ints * 4);
    keptBytes.set(bytes.subarray(0, used));
    const store = new Store(this.strings, keptEl, keptAt, keptBytes);
    scratch.el = el.length <= SCRATCH_INTS ? el : new Int32Array(E * 64);
    scratch.at = at.length <= SCRATCH_INTS ? at : new Int32Array(A * 16);
    scratch.bytes = bytes.length <= SCRATCH_BYTES ? bytes : new Uint8Array(4096);
    return new Element(store, root, undefined, 0);
  }
}
