/**
 * The ids a user's reports, waivers and contracts refer to — scenario ids (@req), rule ids, assumption ids and fault
 * ids — and what each means, as data. docs/ids/<version>.json is the snapshot of a version; a released id never
 * changes meaning: test/released-ids.test.ts holds every snapshot against the current suite (an id may be added,
 * never removed or given another use case, scope or area).
 *
 *   node --import tsx src/cli/released-ids.ts            prints the current ids as JSON
 *   node --import tsx src/cli/released-ids.ts --write    writes docs/ids/<package version>.json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoPath } from '../paths.ts';
import { scenarios } from '../session/scenarios.ts';
import { RULES } from '../checks/catalogue.ts';
import { ASSUMPTIONS } from '../profile/assumptions.ts';
import { FAULTS, violatedRule } from '../../simulator/faults/catalogue.ts';
import { ATTESTED_REQUIREMENTS } from '../profile/attestations.ts';

export interface IdSnapshot {
  version: string;
  /** scenario id → the use cases it covers */
  scenarios: Record<string, string[]>;
  /** rule id → its scope and edition */
  rules: Record<string, { scope: string; edition: string }>;
  /** assumption id → its area */
  assumptions: Record<string, string>;
  /** fault id → the rule it violates */
  faults: Record<string, string>;
  /** attested requirement id (src/profile/attestations.ts) → the roles it applies to and its edition; absent from snapshots before they existed */
  attested?: Record<string, { roles: string[]; edition: string }>;
}

const sorted = <T>(entries: [string, T][]): Record<string, T> => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function currentIds(): IdSnapshot {
  const version = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
  return {
    version,
    scenarios: sorted(scenarios().filter((s) => s.id).map((s) => [s.id, s.values('usecase').sort()])),
    rules: sorted(RULES.map((r) => [r.id, { scope: r.scope, edition: r.edition }])),
    assumptions: sorted(ASSUMPTIONS.map((a) => [a.id, a.area as string])),
    faults: sorted(FAULTS.map((f) => [f.id, violatedRule(f)])),
    attested: sorted(ATTESTED_REQUIREMENTS.map((a) => [a.id, { roles: [...a.roles], edition: a.edition }])),
  };
}

/** what changed the meaning of, or removed, an id of `released`: one line per id, empty when none */
export function brokenPromises(released: IdSnapshot, now: IdSnapshot = currentIds()): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const kind of ['scenarios', 'rules', 'assumptions', 'faults', 'attested'] as const) {
    const before = (released[kind] ?? {}) as Record<string, unknown>;
    const after = (now[kind] ?? {}) as Record<string, unknown>;
    for (const [id, meaning] of Object.entries(before)) {
      if (!(id in after)) out.push(`${kind} ${id} of ${released.version} is gone`);
      else if (!same(meaning, after[id])) out.push(`${kind} ${id} of ${released.version} changed meaning: ${JSON.stringify(meaning)} → ${JSON.stringify(after[id])}`);
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ids = currentIds();
  const text = `${JSON.stringify(ids, null, 2)}\n`;
  if (process.argv.includes('--write')) {
    const dir = repoPath('docs', 'ids');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${ids.version}.json`), text);
  } else process.stdout.write(text);
}
