/**
 * The scenarios of features/*.feature as Cucumber compiles them (pickles: one per scenario and per example row,
 * tags inherited from feature, rule and Examples), read without running anything: for `cim9 list` and the tests
 * that hold the features to their tag conventions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { repoPath } from '../paths.ts';
import { tagValues } from './tags.ts';

export interface Scenario {
  uri: string;
  line: number;
  name: string;
  /**
   * the scenario's own id: its @req tag; the rows of a Scenario Outline that share one @req are told apart by their
   * position, `<req>/<row>` (1-based, in the order of the outline's Examples rows); '' without a @req
   */
  id: string;
  tags: string[];
  /** the texts of its steps, parameters filled in */
  steps: string[];
  /** the values of @name:value tags */
  values(name: string): string[];
}

/** the last parse of all of features/, with the identity of its files (a run asks for it four times or more) */
let lastAll: { signature: string; scenarios: readonly Scenario[] } | undefined;

/** every scenario (pickle) of the feature files given (default: all of features/, parsed again only when one changed) */
export function scenarios(files?: string[]): Scenario[] {
  const dir = repoPath('features');
  const paths = files ?? readdirSync(dir).filter((f) => f.endsWith('.feature')).sort().map((f) => `${dir}/${f}`);
  let signature: string | undefined;
  if (!files) {
    try {
      signature = paths.map((p) => {
        const st = statSync(p, { bigint: true });
        return `${p}\0${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
      }).join('\n');
    } catch {
      signature = undefined;
    }
    if (signature !== undefined && lastAll?.signature === signature) return [...lastAll.scenarios];
  }
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
      out.push({ uri, line, name: p.name, id: tagValues(p.tags, 'req')[0] ?? '', tags, steps: p.steps.map((x) => x.text), values: (name) => tagValues(p.tags, name) });
    }
  }
  // rows of an outline sharing one @req: <req>/<row>
  const byReq = new Map<string, Scenario[]>();
  for (const sc of out) if (sc.id) byReq.set(sc.id, [...(byReq.get(sc.id) ?? []), sc]);
  for (const group of byReq.values()) if (group.length > 1) group.forEach((sc, i) => (sc.id = `${sc.id}/${i + 1}`));
  if (signature !== undefined) lastAll = { signature, scenarios: out };
  return [...out];
}
