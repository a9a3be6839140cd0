/**
 * cim9 verify BUNDLE [--key PUB]: check a run's evidence bundle (src/report/evidence.ts). BUNDLE is evidence.tar or
 * the run folder holding it. Exit 0 intact (one summary line), 1 a member changed, added or removed, a bad signature
 * or another key than --key (one line per problem, naming the member), 2 the bundle or the key cannot be read.
 */
import { EvidenceInputError, verifyBundle } from '../report/evidence.ts';
import { terminal } from '../report/escape.ts';
import type { CliIo } from './main.ts';

export function verifyCommand(bundle: string, o: { key?: string }, io: CliIo): number {
  let v;
  try {
    v = verifyBundle(bundle, o.key);
  } catch (e) {
    if (e instanceof EvidenceInputError) {
      io.err(`cim9 verify: ${terminal(e.message)}\n`);
      return 2;
    }
    throw e;
  }
  if (v.ok) {
    io.out(`cim9 verify: ${terminal(v.summary!)}\n`);
    return 0;
  }
  for (const p of v.problems) io.err(`cim9 verify: ${terminal(bundle)}: ${terminal(p)}\n`);
  io.err(`cim9 verify: NOT INTACT: ${v.problems.length} problem(s) in ${terminal(bundle)}\n`);
  return 1;
}
