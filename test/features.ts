/**
 * The scenarios of features/*.feature as Cucumber compiles them (pickles: one per scenario and per example row,
 * tags inherited from feature, rule and Examples), for the tag and edition tests; and the use cases and patterns
 * they are held to: those of the project's spec (../shared/spec/use-cases.md) when it is at hand, else the list
 * of src/usecases/ids.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { repoPath } from '../src/paths.ts';
import { PATTERNS, USE_CASES, parsePatterns, parseUseCaseIndex, type UseCase } from '../src/usecases/ids.ts';
import { tagValues } from '../src/session/tags.ts';

export interface Scenario {
  uri: string;
  line: number;
  name: string;
  tags: string[];
  /** the texts of its steps, parameters filled in */
  steps: string[];
  /** the values of @name:value tags */
  values(name: string): string[];
}

/** every scenario (pickle) of the feature files given (default: all of features/) */
export function scenarios(files?: string[]): Scenario[] {
  const dir = repoPath('features');
  const paths = files ?? readdirSync(dir).filter((f) => f.endsWith('.feature')).sort().map((f) => `${dir}/${f}`);
  const out: Scenario[] = [];
  for (const path of paths) {
    const newId = IdGenerator.incrementing();
    const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(path, 'utf8'));
    const uri = path.slice(path.lastIndexOf('features/'));
    const lines = new Map<string, number>();
    const walk = (children: readonly { scenario?: { id: string; location: { line: number }; examples: readonly { tableBody: readonly { id: string; location: { line: number } }[] }[] }; rule?: { children: readonly unknown[] } }[]) => {
      for (const c of children) {
        if (c.scenario) {
          lines.set(c.scenario.id, c.scenario.location.line);
          for (const e of c.scenario.examples) for (const r of e.tableBody) lines.set(r.id, r.location.line);
        }
        if (c.rule) walk(c.rule.children as never);
      }
    };
    walk((doc.feature?.children ?? []) as never);
    for (const p of compile(doc, uri, newId)) {
      const tags = p.tags.map((t) => t.name);
      const line = lines.get(p.astNodeIds[p.astNodeIds.length - 1]!) ?? lines.get(p.astNodeIds[0]!) ?? 0;
      out.push({ uri, line, name: p.name, tags, steps: p.steps.map((x) => x.text), values: (name) => tagValues(p.tags, name) });
    }
  }
  return out;
}

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
