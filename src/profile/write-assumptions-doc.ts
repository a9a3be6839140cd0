/**
 * Regenerates docs/assumptions.md from the register: node --import tsx src/profile/write-assumptions-doc.ts
 * (test/profile.test.ts fails when the file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { repoPath } from '../paths.ts';
import { renderAssumptionsMarkdown } from './assumptions.ts';

export const ASSUMPTIONS_DOC = repoPath('docs', 'assumptions.md');

writeFileSync(ASSUMPTIONS_DOC, renderAssumptionsMarkdown());
console.log(`wrote ${ASSUMPTIONS_DOC}`);
