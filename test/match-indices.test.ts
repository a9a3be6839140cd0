/**
 * Cucumber's step matching through the engine's own match indices (steps/support/match-indices.ts): for every step
 * definition of the suite and every step text of the features, the patched TreeRegexp.match gives what the original
 * (the regexp-match-indices polyfill) gives — the same match or none, the same groups, values and positions — so the
 * step each text runs and the arguments it gets are the same.
 * Run: node --import tsx --test test/match-indices.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSupport } from '@cucumber/cucumber/api';
import { nativeMatch, treeRegexpPrototype } from '../steps/support/match-indices.ts';
import { scenarios } from '../src/session/scenarios.ts';
import { REPO_ROOT } from '../src/paths.ts';

type Group = { value?: string; start?: number; end?: number; children?: Group[] };
const plain = (g: unknown): unknown => {
  if (!g) return g;
  const x = g as Group;
  return { value: x.value, start: x.start, end: x.end, children: x.children?.map(plain) };
};

test('the patched TreeRegexp.match is in place and matches as the polyfill does, for every step definition and step text', async () => {
  const proto = treeRegexpPrototype() as ({ match: (s: string) => unknown } & Record<symbol, unknown>) | undefined;
  assert.ok(proto, 'TreeRegexp of @cucumber/cucumber-expressions found');
  const support = (await loadSupport({ sources: { paths: [], defaultDialect: 'en', names: [], tagExpression: '', order: 'defined' }, support: { requireModules: [], requirePaths: [], importPaths: ['steps/**/*.ts'], loaders: [] } }, { cwd: REPO_ROOT })) as unknown as { stepDefinitions: readonly { pattern: string | RegExp; expression: unknown }[] };
  const original = proto[Symbol.for('cim9.nativeMatchIndices')] as ((this: unknown, s: string) => unknown) | undefined;
  assert.ok(original, 'the step definitions loaded steps/support/match-indices.ts, which replaced TreeRegexp.match');
  const patched = nativeMatch(original as never);
  const texts = [...new Set(scenarios().flatMap((s) => s.steps))];
  assert.ok(texts.length > 500, `step texts: ${texts.length}`);
  assert.ok(support.stepDefinitions.length > 100, `step definitions: ${support.stepDefinitions.length}`);
  let matched = 0;
  for (const def of support.stepDefinitions) {
    const tree = (def.expression as unknown as { treeRegexp: unknown }).treeRegexp;
    for (const text of texts) {
      const want: unknown = original.call(tree, text);
      const got: unknown = patched.call(tree as never, text);
      assert.deepEqual(plain(got), plain(want), `${def.pattern} ~ ${text}`);
      if (want) matched++;
    }
  }
  assert.ok(matched >= texts.length, `matches: ${matched}`);
  // a match the steps do not exercise: nested, optional and non-capturing groups, a lookbehind
  const re = /^a(b(c)?)?(?:d)(?<=d)(e|f)?$/;
  const TreeRegexp = (support.stepDefinitions[0]!.expression as unknown as { treeRegexp: object }).treeRegexp.constructor as new (r: RegExp) => object;
  const tree = new TreeRegexp(re);
  for (const s of ['ad', 'abd', 'abcd', 'abcde', 'adf', 'ax']) assert.deepEqual(plain(patched.call(tree as never, s)), plain(original.call(tree, s)), s);
});
