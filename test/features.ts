/**
 * The scenarios of features/*.feature as Cucumber compiles them (pickles: one per scenario and per example row,
 * tags inherited from feature, rule and Examples), for the tag and edition tests; and the use cases and patterns
 * they are held to: those of the project's spec (../shared/spec/use-cases.md) when it is at hand, else the list
 * of src/usecases/ids.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { repoPath } from '../src/paths.ts';
import { ALL_EDITIONS, PATTERNS, USE_CASES, type UseCase, type UseCaseEdition } from '../src/usecases/ids.ts';

export { scenarios, type Scenario } from '../src/session/scenarios.ts';

/** the project's spec of the use cases, when this worktree has it beside it */
export const SPEC_USE_CASES = repoPath('..', 'shared', 'spec', 'use-cases.md');

/** the use cases and patterns the features are held to, and where they come from */
export function knownIds(): { useCases: UseCase[]; patterns: string[]; source: string } {
  if (existsSync(SPEC_USE_CASES)) {
    const md = readFileSync(SPEC_USE_CASES, 'utf8');
    return { useCases: parseUseCaseIndex(md), patterns: parsePatterns(md), source: SPEC_USE_CASES };
  }
  return { useCases: [...USE_CASES], patterns: [...PATTERNS], source: 'src/usecases/ids.ts' };
}

// ------------------------------------------------------------------ reading use-cases.md (the spec, not the engine)

/** "PM-01..03" → PM-01, PM-02, PM-03; a single id stays as it is */
function expandIds(cell: string): string[] {
  const range = /^([A-Z]+-)(\d+)\.\.(\d+)$/.exec(cell);
  if (!range) return [cell];
  const [, prefix, from, to] = range as unknown as [string, string, string, string];
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(`${prefix}${String(n).padStart(from.length, '0')}`);
  return out;
}

/** the cells of a markdown table row, trimmed ("| a | b |" → ["a", "b"]) */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/**
 * The use cases of the figure index of use-cases.md (§1: "| UC | Title | 2009 fig. | 2013 fig. | 2024 fig. | § |"):
 * an edition counts when its cell is not "—". Throws when the table is not found.
 */
export function parseUseCaseIndex(markdown: string): UseCase[] {
  const lines = markdown.split(/\r?\n/);
  const head = lines.findIndex((l) => /^\|\s*UC\s*\|/.test(l));
  if (head < 0) throw new Error('use-cases.md: no figure index table (a row starting "| UC |")');
  const columns = cells(lines[head]!);
  const editionCol = (e: UseCaseEdition) => columns.findIndex((c) => c.startsWith(e));
  const cols = ALL_EDITIONS.map((e) => [e, editionCol(e)] as const);
  const out: UseCase[] = [];
  for (let i = head + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const row = cells(lines[i]!);
    const editions = cols.filter(([, c]) => c >= 0 && row[c] !== undefined && row[c] !== '' && row[c] !== '—' && row[c] !== '-').map(([e]) => e);
    for (const id of expandIds(row[0]!)) out.push({ id, editions });
  }
  return out;
}

/** the patterns of use-cases.md §0.3 (rows starting "| **P1 …**"); throws when none is found */
export function parsePatterns(markdown: string): string[] {
  const out: string[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const m = /^\|\s*\*\*(P\d+[a-z]?)\b/.exec(line);
    if (m) out.push(m[1]!);
  }
  if (!out.length) throw new Error('use-cases.md: no exchange pattern table (rows starting "| **P1")');
  return out;
}
