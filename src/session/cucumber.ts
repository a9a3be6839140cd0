/**
 * What the step definitions and the World take from Cucumber, without loading Cucumber's main module.
 *
 * `@cucumber/cucumber` (its index) loads the whole of Cucumber: its command line (commander, yaml, semver), its API,
 * every formatter. A Cucumber worker (cim9 run --workers N) needs none of it: it runs scenarios with the support-code
 * builder, the World class and the runtime its own entry point (run_worker) has already loaded. The functions here
 * are the very objects the main module exports (it reads them from the same builder): `Given` here is
 * `@cucumber/cucumber`'s `Given`, and the location Cucumber records for a step definition is still the line of the
 * steps/ file that calls it (Cucumber looks for the first frame outside its own files). A worker loads some 250 of
 * Cucumber's modules instead of 465 (docs/performance.md, "A Cucumber worker's start-up").
 *
 * test/cucumber-shim.test.ts checks that each export is the main module's own.
 */
import { createRequire } from 'node:module';
import type * as Cucumber from '@cucumber/cucumber';

const requireCjs = createRequire(import.meta.url);

interface Builder {
  methods: Pick<typeof Cucumber, 'After' | 'AfterAll' | 'Before' | 'defineParameterType' | 'Given' | 'Then' | 'When' | 'setDefaultTimeout' | 'setWorldConstructor'>;
}
// the CommonJS modules Cucumber's main module and its worker require (package exports: ./lib/* for require)
const builderFile = requireCjs.resolve('@cucumber/cucumber/lib/support_code_library_builder/index');
const builder = (requireCjs(builderFile) as { default: Builder }).default;
// the copy of @cucumber/messages Cucumber itself loads (it may hold its own version)
const messages = createRequire(builderFile)('@cucumber/messages') as { TestStepResultStatus: typeof Cucumber.Status };

export const { After, AfterAll, Before, defineParameterType, Given, Then, When, setDefaultTimeout, setWorldConstructor } = builder.methods;
export const World = (requireCjs('@cucumber/cucumber/lib/support_code_library_builder/world') as { default: typeof Cucumber.World }).default;
export const Status = messages.TestStepResultStatus;
export type { IWorldOptions } from '@cucumber/cucumber';
