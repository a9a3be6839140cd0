/**
 * `npm run unit` runs many test files in one process (test/unit.mjs): every file of a batch is imported first, so a
 * file's module-level `loadSchemaPack(…)` takes the shared cached pack before any test runs. A file that clears the
 * cache (clearSchemaPackCache) in a describe's `after` or in a test disposes the packs the later files of its batch
 * hold, and their tests fail with "schema pack … has been disposed" (seen after a merge: 180 tests of other files).
 * So a test file clears the cache only in a top-level `after`, which runs when the whole batch ends. This scan, with
 * the TypeScript compiler, finds any other place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../src/paths.ts';

/** the calls of clearSchemaPackCache in `text` that are not inside a top-level `after(…)`, as `file:line` */
export function misplacedClears(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const topLevelAfter = (n: ts.Node): boolean => {
    for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
      if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'after') {
        return ts.isExpressionStatement(p.parent) && ts.isSourceFile(p.parent.parent);
      }
    }
    return false;
  };
  const visit = (n: ts.Node): void => {
    const callee = ts.isCallExpression(n) ? n.expression : ts.isIdentifier(n) && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n) ? n : undefined;
    if (callee && ts.isIdentifier(callee) && callee.text === 'clearSchemaPackCache' && !topLevelAfter(n)) {
      out.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

test('every test file clears the schema pack cache only in a top-level after (batched files share the packs)', () => {
  const dir = join(REPO_ROOT, 'test');
  const bad = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && f !== 'batch-hygiene.test.ts')
    .flatMap((f) => misplacedClears(`test/${f}`, readFileSync(join(dir, f), 'utf8')));
  assert.deepEqual(bad, []);
});

test('the scan finds a clearing in a describe, in a test, and passed as a callback; it passes a top-level after', () => {
  const text = [
    "describe('x', () => { after(() => { clearSchemaPackCache(); }); });",
    "test('y', () => clearSchemaPackCache());",
    "describe('z', () => { after(clearSchemaPackCache); });",
    'after(() => clearSchemaPackCache());',
    'after(async () => { await close(); clearSchemaPackCache(); });',
  ].join('\n');
  assert.deepEqual(misplacedClears('t.ts', text), ['t.ts:1', 't.ts:2', 't.ts:3']);
});
