/**
 * `cim9 faults [--format text|json]`: the catalogue of faults of the reference SUT (simulator/faults/catalogue.ts).
 *
 * text: grouped by area, in catalogue order; per fault one line with its id, the roles and editions it runs
 * under, the rule it violates (the requirement in words) and the assumption values a run uses to detect it, then
 * the description on an indented line.
 * json: an array with every field of every fault, defaults filled in (editions, detectWith, expectUnsolicited).
 */
import { FAULTS, combinable, editionsOf, violatedRule, type FaultDef } from '../../simulator/faults/catalogue.ts';

export interface FaultListing {
  id: string;
  /** null when the catalogue gives none */
  area: string | null;
  /** the rule id of src/checks/catalogue.ts: the first word of `violates` */
  rule: string;
  violates: string;
  roles: string[];
  /** the editions the mutation run uses for the fault (the catalogue's default is 2013) */
  editions: string[];
  description: string;
  /** assumption values a run applies to detect the fault ({} when none) */
  detectWith: Record<string, string>;
  /** the fault leaves a message that the report must list as unsolicited */
  expectUnsolicited: boolean;
  /** false: the mutation run leaves the fault out of its combined run (it changes every message) */
  combinable: boolean;
}

export function faultListing(faults: readonly FaultDef[] = FAULTS): FaultListing[] {
  return faults.map((f) => ({
    id: f.id,
    area: f.area ?? null,
    rule: violatedRule(f),
    violates: f.violates,
    roles: [...f.roles],
    editions: editionsOf(f),
    description: f.description,
    detectWith: { ...(f.detectWith ?? {}) },
    expectUnsolicited: f.expectUnsolicited === true,
    combinable: combinable(f),
  }));
}

const OTHER = 'other';

/** the text listing: areas in the order they first appear in the catalogue */
export function formatFaults(list: readonly FaultListing[]): string {
  const areas: string[] = [];
  for (const f of list) if (!areas.includes(f.area ?? OTHER)) areas.push(f.area ?? OTHER);
  const idW = Math.max(...list.map((f) => f.id.length), 2);
  const roleW = Math.max(...list.map((f) => f.roles.join(',').length), 5);
  const edW = Math.max(...list.map((f) => f.editions.join(',').length), 8);
  const out: string[] = [
    `${list.length} faults of the reference SUT: cim9 run --fault ID (several: --fault A,B), cim9 simulate --fault ID`,
    `  ${'id'.padEnd(idW)}  ${'roles'.padEnd(roleW)}  ${'editions'.padEnd(edW)}  violates`,
  ];
  for (const area of areas) {
    const inArea = list.filter((f) => (f.area ?? OTHER) === area);
    out.push('', `${area} (${inArea.length})`);
    for (const f of inArea) {
      const detect = Object.entries(f.detectWith).map(([k, v]) => `${k}=${v}`);
      out.push(
        `  ${f.id.padEnd(idW)}  ${f.roles.join(',').padEnd(roleW)}  ${f.editions.join(',').padEnd(edW)}  ${f.violates}${detect.length ? `; a run detects it with ${detect.join(', ')}` : ''}${f.combinable ? '' : '; not combined with other faults'}`,
        `  ${''.padEnd(idW)}  ${f.description}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

export function faultsCommand(o: { format?: string }, out: (s: string) => void = (s) => void process.stdout.write(s)): number {
  const list = faultListing();
  out(o.format === 'json' ? JSON.stringify(list, null, 2) + '\n' : formatFaults(list));
  return 0;
}
