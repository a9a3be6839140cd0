/**
 * References to the project's spec (../shared/spec: envelope.md, payloads.md, codes.md, use-cases.md, eumed.md,
 * README.md) as the rule catalogue writes them — `use-cases.md §2.8; codes.md §5.3`, `payloads.md §1.2-§1.6`,
 * `envelope.md §7.3, §8` — and the sections of those files with their confidence mark (README §2: ✔ verified,
 * ◐ vendor-observed, ? uncertain).
 *
 * `parseSpecRefs` reads the references out of a text; `specSectionsOf` reads the numbered headings of one spec
 * file. src/checks/spec-sections.ts is the index of every section, generated from ../shared/spec by
 * src/checks/write-spec-sections.ts, so that the catalogue resolves its references where the spec is not at hand
 * (an installed package); test/requirements.test.ts holds it current when the spec is there.
 */

export const SPEC_FILES = ['README.md', 'envelope.md', 'payloads.md', 'codes.md', 'use-cases.md', 'eumed.md'] as const;
export type SpecFile = (typeof SPEC_FILES)[number];

/** how sure the spec is about what a section says: its least sure mark ('unmarked': the section carries none) */
export type SectionConfidence = 'verified' | 'vendor-observed' | 'uncertain' | 'unmarked';

export interface SpecSection {
  /** the section number, e.g. "2.8" ("1" for "## 1. Files") */
  section: string;
  title: string;
  confidence: SectionConfidence;
}

export interface SpecRef {
  file: SpecFile;
  section: string;
}

/** least sure first: the order in which confidences are combined (the weakest wins) */
export const CONFIDENCE_ORDER: readonly SectionConfidence[] = ['uncertain', 'vendor-observed', 'verified', 'unmarked'];

/** the weakest of several confidences ('unmarked' only when nothing is marked) */
export function weakest(cs: readonly SectionConfidence[]): SectionConfidence {
  for (const c of CONFIDENCE_ORDER) if (cs.includes(c)) return c;
  return 'unmarked';
}

const FILE_NAME = new RegExp(`\\b(${SPEC_FILES.map((f) => f.replace(/[.-]/g, (c) => `\\${c}`)).join('|')})`, 'g');
const SECTION = /§\s*(\d+(?:\.\d+)*)(?:\s*[-–]\s*§?\s*(\d+(?:\.\d+)*))?/g;

/** a range §a-§b of sections that share all but their last number, expanded (3.8-3.10 → 3.8, 3.9, 3.10); else its two ends */
function expand(from: string, to: string | undefined): string[] {
  if (!to) return [from];
  const a = from.split('.');
  const b = to.split('.');
  if (a.length === b.length && a.slice(0, -1).join('.') === b.slice(0, -1).join('.')) {
    const lo = Number(a[a.length - 1]);
    const hi = Number(b[b.length - 1]);
    if (hi >= lo && hi - lo <= 30) {
      const prefix = a.slice(0, -1);
      return Array.from({ length: hi - lo + 1 }, (_, i) => [...prefix, String(lo + i)].join('.'));
    }
  }
  return [from, to];
}

/**
 * the spec references of a text: a file name (`use-cases.md`) followed by its sections (`§2.8`, `§3.8-§3.9`,
 * `§0.3 P6, §3.1`) up to the next file name or `;`. A `§` without a file before it (`61968-100 §4.4`, a clause of
 * the standard) is not a reference to the spec. Each reference once, in the order written.
 */
export function parseSpecRefs(text: string): SpecRef[] {
  const out: SpecRef[] = [];
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const files = [...part.matchAll(FILE_NAME)];
    files.forEach((m, i) => {
      const end = i + 1 < files.length ? files[i + 1]!.index : part.length;
      const span = part.slice(m.index + m[0].length, end);
      for (const s of span.matchAll(SECTION)) {
        for (const section of expand(s[1]!, s[2])) {
          const key = `${m[1]} ${section}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ file: m[1] as SpecFile, section });
        }
      }
    });
  }
  return out;
}

/** the confidence marks a line carries: ✔, ◐, and `?` standing on its own (`(?, UC-08)`, `| ? |`, `— ◐/?`) */
function marksOf(line: string): SectionConfidence[] {
  const out: SectionConfidence[] = [];
  if (line.includes('✔')) out.push('verified');
  if (line.includes('◐')) out.push('vendor-observed');
  if (/(^|[\s(|/,])\?(?=$|[\s),;|/:])/.test(line)) out.push('uncertain');
  return out;
}

const HEADING = /^(#{2,4})\s+(\d+(?:\.\d+)*)\.?\s+(.*)$/;

/**
 * the numbered sections of one spec file (`## 2.`, `### 2.8`, `#### 2.8.1`), each with its title and its
 * confidence: the least sure mark written in the section (its heading, its text and its sub-sections), else the mark
 * of the nearest heading above it that carries one, else 'unmarked'
 */
export function specSectionsOf(markdown: string): SpecSection[] {
  const lines = markdown.split('\n');
  const heads: { level: number; section: string; title: string; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = HEADING.exec(l);
    if (m) heads.push({ level: m[1]!.length, section: m[2]!, title: m[3]!.trim(), line: i });
  });
  return heads.map((h, i) => {
    let end = lines.length;
    for (let j = i + 1; j < heads.length; j++) {
      if (heads[j]!.level <= h.level) {
        end = heads[j]!.line;
        break;
      }
    }
    const marks = lines.slice(h.line, end).flatMap(marksOf);
    let confidence = weakest(marks);
    if (confidence === 'unmarked') {
      let level = h.level;
      for (let j = i - 1; j >= 0; j--) {
        if (heads[j]!.level < level) {
          level = heads[j]!.level;
          const own = weakest(marksOf(lines[heads[j]!.line]!));
          if (own !== 'unmarked') {
            confidence = own;
            break;
          }
        }
      }
    }
    return { section: h.section, title: h.title, confidence };
  });
}
