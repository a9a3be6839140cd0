/**
 * The element-tree and byte changes behind the faults that cannot be expressed in the typed payload
 * model: pure functions over `XElement` (never over XML text), and the transport-level changes of a
 * response (status, content type, length). Each one changes one aspect and keeps the rest, so faults
 * compose.
 */
import { gzipSync } from 'node:zlib';
import type { XElement } from '../../src/xml/index.ts';
import type { SoapVersion } from '../../src/message/index.ts';
import { contentTypeFor } from '../../src/message/index.ts';

type Child = XElement | undefined | false;

const isEl = (c: Child): c is XElement => !!c;

/** apply `f` to every element of the tree, children first */
export function mapTree(el: XElement, f: (e: XElement) => XElement): XElement {
  return f(el.children ? { ...el, children: el.children.map((c) => (isEl(c) ? mapTree(c, f) : c)) } : el);
}

/** schema-invalid-payload: drop the mandatory ReadingType reference of every Reading */
export function withoutReadingTypeOfReadings(root: XElement): XElement {
  return mapTree(root, (e) => (e.name === 'Readings' ? { ...e, children: (e.children ?? []).filter((c) => !isEl(c) || c.name !== 'ReadingType') } : e));
}

/** elements-out-of-order: in every Reading, value before timeStamp */
export function valueBeforeTimeStamp(root: XElement): XElement {
  return mapTree(root, (e) => {
    if (e.name !== 'Readings') return e;
    const kids = [...(e.children ?? [])];
    const ts = kids.findIndex((c) => isEl(c) && c.name === 'timeStamp');
    const v = kids.findIndex((c) => isEl(c) && c.name === 'value');
    if (ts < 0 || v < 0 || v < ts) return e;
    [kids[ts], kids[v]] = [kids[v], kids[ts]];
    return { ...e, children: kids };
  });
}

/** wrong-namespace: every element of namespace `from` moves to `to` */
export function renamespace(root: XElement, from: string, to: string): XElement {
  return mapTree(root, (e) => (e.ns === from ? { ...e, ns: to } : e));
}

/** a response as the simulator puts it on the wire */
export interface WireResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  /** extra response headers (Content-Encoding of gzip-replies) */
  headers?: Record<string, string>;
}

/** huge-replies: the size of a reply in MiB (CIM9_HUGE_REPLY_MB; default 17, over the default limit sut.maxReplyBytes of 16 MiB) */
export function hugeReplyBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env['CIM9_HUGE_REPLY_MB'] ?? '17');
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : 17) * 1024 * 1024);
}

let padding: { bytes: number; buf: Buffer } | undefined;

/**
 * Comments of 64 KiB after the document's root element, to `bytes` in all: legal XML (comments may follow the root),
 * schema-valid (comments are not content), and no single node over libxml2's limit for one node. Built once per
 * size and shared by every reply, so that the simulator itself does not grow with the number of replies.
 */
function paddingFor(bytes: number): Buffer {
  if (padding?.bytes === bytes) return padding.buf;
  const chunk = Buffer.from(`\n<!-- cim9 huge-replies ${'x'.repeat(64 * 1024 - 30)} -->`, 'utf8');
  const count = Math.max(0, Math.ceil(bytes / chunk.byteLength));
  const buf = Buffer.concat(Array.from({ length: count }, () => chunk));
  padding = { bytes, buf };
  return buf;
}

/** the transport faults of a response: HTTP 500 without a SOAP fault, wrong content type, truncated body */
export function wireResponse(status: number, xml: string, version: SoapVersion, has: (id: string) => boolean): WireResponse {
  let out: WireResponse = { status, contentType: contentTypeFor(version), body: xml };
  if (has('http-500-without-soap-fault') && status === 200) out = { ...out, status: 500 };
  if (has('wrong-content-type')) out = { ...out, contentType: contentTypeFor(version === '1.1' ? '1.2' : '1.1') };
  if (has('truncated-body')) {
    const bytes = Buffer.from(xml, 'utf8');
    out = { ...out, body: bytes.subarray(0, Math.floor((bytes.length * 2) / 3)) };
  }
  if (has('huge-replies')) {
    const doc = Buffer.from(out.body);
    out = { ...out, body: Buffer.concat([doc, paddingFor(Math.max(0, hugeReplyBytes() - doc.byteLength))]) };
  }
  if (has('gzip-replies')) out = { ...out, body: gzipSync(out.body), headers: { ...out.headers, 'content-encoding': 'gzip' } };
  return out;
}

/** event-to-wrong-address: the sibling path "misdirected" of a subscriber's address */
export function misdirected(url: string): string {
  const u = new URL(url);
  const parts = u.pathname.split('/');
  parts[parts.length - 1] = 'misdirected';
  u.pathname = parts.join('/');
  return u.toString();
}
