/**
 * A small element builder for the reports cim9 writes as HTML itself (conformance.html, src/report/statement-html.ts).
 * There is no string template: a document is a tree of `el(tag, attrs, ...children)` calls, and
 *
 * - every string child is text: escaped by src/report/escape.ts htmlText (control characters made visible, & < > " '
 *   entities), and cut at DEFAULT_TEXT_MAX characters with a visible note; `text(s, max)` sets another bound;
 * - every attribute value is double-quoted and escaped (htmlAttr); tag and attribute names are the code's own
 *   (checked against a pattern, an error otherwise: they never come from the peer);
 * - `href` takes only a relative path inside the report's folder or a #fragment (`relativeHref`): a link that
 *   would leave the folder or name a scheme (http:, javascript:, data: ...) is dropped, never written;
 * - no `src`, `style` or `on*` attribute is accepted, no <script>, <link>, <iframe>, <img>, <object> element: the
 *   document loads nothing and runs nothing;
 * - the only markup not built here is the document's own constant stylesheet (`document` takes it as a string that
 *   must not contain `<`).
 */
import { htmlAttr, htmlText, truncated } from './escape.ts';

const SAFE: unique symbol = Symbol('cim9.html');

/** markup built by this module (never by hand from a string) */
export interface Html {
  readonly [SAFE]: true;
  readonly html: string;
}

export type Child = Html | string | number | null | undefined | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | undefined | null>;

/** the most characters a plain string child shows; longer values are cut with a note */
export const DEFAULT_TEXT_MAX = 4000;

const TAG = /^[a-z][a-z0-9]*$/;
const ATTR = /^[a-z][a-z0-9-]*$/;
const VOID = new Set(['br', 'col', 'hr', 'wbr']);
const FORBIDDEN_TAGS = new Set(['script', 'link', 'iframe', 'img', 'object', 'embed', 'frame', 'base', 'form', 'svg', 'math', 'style', 'audio', 'video', 'source', 'template', 'meta']);
const FORBIDDEN_ATTRS = /^(on|src$|srcset$|style$|action$|formaction$|xlink|poster$|background$|ping$)/;

function safe(html: string): Html {
  return { [SAFE]: true, html };
}

function isHtml(c: unknown): c is Html {
  return !!c && typeof c === 'object' && (c as Html)[SAFE] === true;
}

function render(c: Child): string {
  if (c === null || c === undefined || c === false) return '';
  if (isHtml(c)) return c.html;
  if (Array.isArray(c)) return c.map(render).join('');
  return text(String(c)).html;
}

/** text, escaped; cut at `max` characters with a note saying how many were left out and where the whole value is */
export function text(s: string, max = DEFAULT_TEXT_MAX, opts: { oneLine?: boolean } = {}): Html {
  const t = truncated(s, max, opts);
  const note = t.omitted ? `<span class="trunc">… [truncated: ${t.omitted} more characters; the whole value is in conformance.json or the evidence bundle]</span>` : '';
  return safe(htmlText(t.text) + note);
}

/**
 * `value` when it is a link inside the report's folder: a #fragment, or a relative path of plain name characters with
 * no `..` segment, no scheme and no leading slash; undefined otherwise
 */
export function relativeHref(value: string): string | undefined {
  if (/^#[A-Za-z0-9_.:-]+$/.test(value)) return value;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*(#[A-Za-z0-9_.:-]+)?$/.test(value)) return undefined;
  if (value.split('/').some((seg) => seg === '..' || seg === '.')) return undefined;
  return value;
}

/** an element; string children are text, attribute values are quoted and escaped */
export function el(tag: string, attrs: Attrs | null = null, ...children: Child[]): Html {
  if (!TAG.test(tag) || FORBIDDEN_TAGS.has(tag)) throw new Error(`html: element <${tag}> is not allowed`);
  let open = `<${tag}`;
  for (const [name, v] of Object.entries(attrs ?? {})) {
    if (!ATTR.test(name) || FORBIDDEN_ATTRS.test(name)) throw new Error(`html: attribute ${name} is not allowed`);
    if (v === undefined || v === null || v === false) continue;
    if (v === true) {
      open += ` ${name}`;
      continue;
    }
    let value = String(v);
    if (name === 'href') {
      const ok = relativeHref(value);
      if (ok === undefined) continue;
      value = ok;
    }
    open += ` ${name}="${htmlAttr(value)}"`;
  }
  open += '>';
  if (VOID.has(tag)) {
    if (children.some((c) => render(c) !== '')) throw new Error(`html: <${tag}> has no content`);
    return safe(open);
  }
  return safe(`${open}${children.map(render).join('')}</${tag}>`);
}

/** siblings without an element around them */
export function fragment(...children: Child[]): Html {
  return safe(children.map(render).join(''));
}

/**
 * A whole document: <!doctype html>, UTF-8, the title (escaped), the constant stylesheet of the code (no `<` in it,
 * no @import, no url()), and the body.
 */
export function document(opts: { title: string; lang?: string; css: string; body: Child[] }): string {
  if (/[<]|@import|url\s*\(/i.test(opts.css)) throw new Error('html: the stylesheet may not contain <, @import or url()');
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(opts.title, 300, { oneLine: true }).html}</title>`,
    `<style>${opts.css}</style>`,
  ].join('\n');
  return `<!doctype html>\n<html lang="${htmlAttr(opts.lang ?? 'en')}">\n<head>\n${head}\n</head>\n${el('body', null, ...opts.body).html}\n</html>\n`;
}

/** the SVG elements a chart may use (no <a>, <image>, <use>, <foreignObject>, <script>, <style>: nothing loads or runs) */
const SVG_TAGS = new Set(['svg', 'g', 'path', 'line', 'polyline', 'rect', 'circle', 'text', 'title', 'desc']);
/** the SVG attributes a chart may use (no href, no style, no on*) */
const SVG_ATTRS = new Set([
  'viewbox', 'width', 'height', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'd', 'points', 'fill', 'stroke', 'stroke-width',
  'stroke-dasharray', 'text-anchor', 'font-size', 'class', 'role', 'aria-label', 'xmlns', 'transform', 'dominant-baseline', 'opacity',
]);

/**
 * An element of inline SVG (a chart of a report): the same escaping as `el` (text children escaped, attribute
 * values quoted and escaped), restricted to drawing elements and presentation attributes; `viewBox` is written
 * in its SVG spelling.
 */
export function svgEl(tag: string, attrs: Attrs | null = null, ...children: Child[]): Html {
  if (!SVG_TAGS.has(tag)) throw new Error(`html: SVG element <${tag}> is not allowed`);
  let open = `<${tag}`;
  for (const [name, v] of Object.entries(attrs ?? {})) {
    if (!SVG_ATTRS.has(name.toLowerCase())) throw new Error(`html: SVG attribute ${name} is not allowed`);
    if (v === undefined || v === null || v === false) continue;
    open += ` ${name === 'viewbox' ? 'viewBox' : name}="${htmlAttr(String(v))}"`;
  }
  return safe(`${open}>${children.map(render).join('')}</${tag}>`);
}
