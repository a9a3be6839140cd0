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
 * - HTML and JUnit XML are written by Cucumber's own formatters, which escape markup; what they are given has been
 *   through `plainText` (errors and attachments), so no escaper of ours is needed for them
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
