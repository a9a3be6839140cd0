/**
 * src/session/cucumber.ts hands the step definitions and the World what `@cucumber/cucumber` exports, without loading
 * Cucumber's main module: the World class and the status enum must be the main module's own objects, and every
 * definition function must register with the main module's support-code builder (the one Cucumber's API and its
 * workers finalize), a step definition located at the caller's file and line.
 * Run: node --import tsx --test test/cucumber-shim.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cucumber from '@cucumber/cucumber';
import * as shim from '../src/session/cucumber.ts';

test('the World and Status of the shim are those of @cucumber/cucumber, and it exports nothing else unchecked', () => {
  assert.equal(shim.World, cucumber.World);
  assert.equal(shim.Status, cucumber.Status);
  assert.deepEqual(Object.keys(shim).sort(), ['After', 'AfterAll', 'Before', 'Given', 'Status', 'Then', 'When', 'World', 'defineParameterType', 'setDefaultTimeout', 'setWorldConstructor']);
});

test("every definition made through the shim lands in @cucumber/cucumber's builder, a step at the line that made it", () => {
  const builder = cucumber.supportCodeLibraryBuilder;
  builder.reset(process.cwd(), () => String(Math.random()));
  const here = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]);
  shim.Given('a given of the shim test', () => undefined);
  shim.When('a when of the shim test', () => undefined);
  shim.Then('a then of the shim test {shimWord}', () => undefined);
  shim.Before(() => undefined);
  shim.After(() => undefined);
  shim.AfterAll(() => undefined);
  shim.defineParameterType({ name: 'shimWord', regexp: /shim/ });
  class ShimWorld extends shim.World {}
  shim.setWorldConstructor(ShimWorld);
  shim.setDefaultTimeout(1234);
  const library = builder.finalize() as unknown as {
    stepDefinitions: { line: number; uri: string; pattern: string }[];
    beforeTestCaseHookDefinitions: unknown[];
    afterTestCaseHookDefinitions: unknown[];
    afterTestRunHookDefinitions: unknown[];
    World: unknown;
    defaultTimeout: number;
    parameterTypeRegistry: { lookupByTypeName(n: string): unknown };
  };
  assert.deepEqual(
    library.stepDefinitions.map((d) => [d.pattern, d.uri, d.line]),
    [
      ['a given of the shim test', 'test/cucumber-shim.test.ts', here + 1],
      ['a when of the shim test', 'test/cucumber-shim.test.ts', here + 2],
      ['a then of the shim test {shimWord}', 'test/cucumber-shim.test.ts', here + 3],
    ],
  );
  assert.equal(library.beforeTestCaseHookDefinitions.length, 1);
  assert.equal(library.afterTestCaseHookDefinitions.length, 1);
  assert.equal(library.afterTestRunHookDefinitions.length, 1);
  assert.ok(library.parameterTypeRegistry.lookupByTypeName('shimWord'));
  assert.equal(library.World, ShimWorld);
  assert.equal(library.defaultTimeout, 1234);
});
