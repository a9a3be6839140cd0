/**
 * Regenerates docs/assumptions.md from the register: node --import tsx src/profile/write-assumptions-doc.ts
 * (test/profile.test.ts fails when the file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAssumptionsMarkdown } from './assumptions.ts';

export const ASSUMPTIONS_DOC = fileURLToPath(new URL('../../docs/assumptions.md', import.meta.url));

writeFileSync(ASSUMPTIONS_DOC, renderAssumptionsMarkdown());
console.log(`wrote ${ASSUMPTIONS_DOC}`);
