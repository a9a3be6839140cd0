/**
 * Regenerate the project's schema packs: node --import tsx src/schema/gen/write.ts [--check]
 * --check writes nothing and exits 1 when a pack differs from the generator's output.
 */
import { diffPack, PACK_IDS, writePack } from './packs.ts';

const check = process.argv.includes('--check');
let bad = 0;
for (const id of PACK_IDS) {
  if (check) {
    const d = diffPack(id);
    for (const [what, list] of Object.entries(d)) for (const f of list) {
      console.log(`${id}: ${what} ${f}`);
      bad++;
    }
  } else {
    for (const f of writePack(id)) console.log(`wrote fixtures/schemas/${f}`);
  }
}
process.exitCode = bad ? 1 : 0;
