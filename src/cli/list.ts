/**
 * `cim9 list [--profile FILE] [--tags EXPR] [--format text|json]`: every scenario of the suite with its id (@req), the
 * use cases and exchange pattern it covers, its roles, editions and clauses, without running anything. With a profile,
 * each scenario says whether it applies to that profile, and why not (the plan of src/cli/plan.ts, the same one
 * `cim9 run` uses).
 */
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { resolve } from 'node:path';
import { loadProfile } from '../profile/index.ts';
import { scenarios } from '../session/scenarios.ts';
import { terminal } from '../report/escape.ts';
import { planScenarios } from './plan.ts';
import { UsageError } from './run.ts';

export interface ListedScenario {
  /** the scenario's own id: its @req, `<req>/<row>` for the rows of an outline that share one; '' without a @req */
  id: string;
  uri: string;
  line: number;
  name: string;
  useCases: string[];
  patterns: string[];
  roles: string[];
  editions: string[];
  clauses: string[];
  tags: string[];
  /** with --profile: whether it applies to the profile, and the reason when it does not */
  applicable?: boolean;
  reason?: string;
}

export async function listScenarios(o: { profile?: string; tags?: string }): Promise<ListedScenario[]> {
  let filter: ((tags: string[]) => boolean) | undefined;
  if (o.tags) {
    try {
      const expr = parseTagExpression(o.tags);
      filter = (tags) => expr.evaluate(tags);
    } catch (e) {
      throw new UsageError(`--tags ${JSON.stringify(o.tags)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const all = scenarios().filter((s) => !filter || filter(s.tags));
  const listed: ListedScenario[] = all.map((s) => ({
    id: s.id,
    uri: s.uri,
    line: s.line,
    name: s.name,
    useCases: s.values('usecase'),
    patterns: s.values('pattern'),
    roles: s.values('role'),
    editions: s.values('edition'),
    clauses: s.values('clause'),
    tags: s.tags,
  }));
  if (o.profile) {
    const profile = loadProfile(resolve(o.profile));
    const plan = await planScenarios(profile, ['features/**/*.feature']);
    const out = new Map(plan.notApplicable.map((n) => [`${n.uri}:${n.line}`, n.reason]));
    for (const l of listed) {
      const reason = out.get(`${l.uri}:${l.line}`);
      l.applicable = reason === undefined;
      if (reason !== undefined) l.reason = reason;
    }
  }
  return listed;
}

export async function listCommand(o: { profile?: string; tags?: string; format: 'text' | 'json' }, write: (s: string) => void): Promise<number> {
  const listed = await listScenarios(o);
  if (o.format === 'json') {
    write(JSON.stringify(listed, null, 2) + '\n');
    return 0;
  }
  for (const l of listed) {
    const what = [l.useCases.join(','), l.patterns.join(','), l.roles.join(','), l.editions.join(',')].filter(Boolean).join(' ');
    const applies = l.applicable === undefined ? '' : l.applicable ? '  applies' : `  not applicable: ${l.reason}`;
    write(`${terminal(`${l.uri}:${l.line}`)}  ${terminal(l.id || '-')}  [${terminal(what)}]  ${terminal(l.name)}${terminal(applies)}\n`);
  }
  const n = listed.filter((l) => l.applicable !== false).length;
  write(o.profile ? `${listed.length} scenario(s), ${n} applicable to ${terminal(o.profile)}\n` : `${listed.length} scenario(s)\n`);
  return 0;
}
