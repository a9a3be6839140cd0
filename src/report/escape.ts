/**
 * One escaper per output format for everything the peer controls (CorrelationIDs, verbs and nouns, fault reasons,
 * finding messages that quote them, paths of deliveries). The SUT is untrusted: nothing it sends may start a
 * heading, a table row, a code fence or an HTML element in a report, nor move the cursor of a terminal.
 *
 * - `plainText`: control characters (C0 but tab, DEL, C1, line and paragraph separators, bidi overrides) made
 *   visible as \n, \x1b, \u202e ...; the base of every other escaper, and what goes into Cucumber's error messages
 *   and attachments (its terminal, HTML, JUnit and message formatters all show it)
 * - `markdownInline`: one line of Markdown text or a table cell: plainText, then every Markdown and HTML
 *   metacharacter escaped (backslash or entity)
 * - `markdownBlock`: a fenced code block whose fence is longer than any run of backticks in the text
 * - `htmlText` / `htmlAttr`: text or a double-quoted attribute value of our own HTML statement (conformance.html, built
 *   by src/report/html.ts): plainText, then & < > " ' as entities; a value over `max` is cut and says so
 * - Cucumber's HTML and JUnit XML are written by Cucumber's own formatters, which escape markup; what they are given
 *   has been through `plainText` (errors and attachments), so no escaper of ours is needed for them
 * - `terminal`: plainText, with newlines made visible too (one report line stays one line)
 */

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** control characters made visible; newlines and tabs kept unless `oneLine` */
export function plainText(s: string, opts: { oneLine?: boolean; max?: number } = {}): string {
  let out = String(s).replace(CONTROL, visible);
  if (opts.oneLine) out = out.replace(/\n/g, '\\n').replace(/\t/g, ' ');
  if (opts.max !== undefined && out.length > opts.max) out = `${out.slice(0, opts.max)}… (${out.length - opts.max} more characters)`;
  return out;
}

/** one line of text for a terminal: no control sequence, no line break */
export function terminal(s: string, max = 500): string {
  return plainText(s, { oneLine: true, max });
}

/** characters that are Markdown (or GFM table) markup anywhere in a line */
const MD_INLINE = /[\\`*_[\]|~]/g;
/** what makes a block of the line's start: heading, list item, quote, thematic break, setext underline */
const MD_LEADING = /^(\s*)(#{1,6}(?=\s|$)|[-+=]|\d{1,9}[.)](?=\s|$))/;

/** text inside a Markdown paragraph, list item or table cell: one line, nothing it says is markup */
export function markdownInline(s: string, max = 2000): string {
  return plainText(s, { oneLine: true, max })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MD_INLINE, (c) => `\\${c}`)
    .replace(MD_LEADING, (_m, sp: string, c: string) => `${sp}\\${c}`);
}

/** a fenced code block holding `s` verbatim (control characters made visible); the fence cannot be closed from inside */
export function markdownBlock(s: string, max = 20_000): string[] {
  const text = plainText(s, { max });
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence + 'text', text, fence];
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** text cut to `max` characters (after control characters are made visible), and how many were left out */
export function truncated(s: string, max: number, opts: { oneLine?: boolean } = {}): { text: string; omitted: number } {
  const out = plainText(s, { oneLine: !!opts.oneLine });
  return out.length > max ? { text: out.slice(0, max), omitted: out.length - max } : { text: out, omitted: 0 };
}

/** HTML element content: control characters visible, every markup character an entity (newlines kept for <pre>) */
export function htmlText(s: string): string {
  return plainText(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** a double-quoted HTML attribute value: one line, every markup character and quote an entity */
export function htmlAttr(s: string, max = 2000): string {
  return plainText(s, { oneLine: true, max }).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}
