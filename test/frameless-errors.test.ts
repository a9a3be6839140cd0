/**
 * A verdict error's stack (no frames) is not parsed for frames (steps/support/frameless-errors.ts): Cucumber's
 * formatError gives the same message and exception for the suite's verdict errors with the shortcut as without it,
 * and an error with frames still goes through error-stack-parser.
 * Run: node --import tsx --test test/frameless-errors.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cucumberStackParser, isFrameless, skipFramelessStackParsing } from '../steps/support/frameless-errors.ts';
import { ConformanceFailure, Inconclusive, SuiteError } from '../src/session/verdict.ts';
import type { Finding } from '../src/checks/finding.ts';

const require = createRequire(import.meta.url);
const cucumberDir = dirname(require.resolve('@cucumber/cucumber/package.json'));
const { formatError } = require(join(cucumberDir, 'lib', 'runtime', 'format_error.js')) as { formatError: (e: Error, filter: boolean) => unknown };

const finding = (i: number): Finding => ({
  rule: 'ENV-EXPECTED-CODE',
  clause: 'IEC 61968-100 §6',
  severity: 'error',
  message: `get(EndDeviceEvents) "reply ${i}": expected Annex B code "2.4", got "5.3" at /soap:Envelope/ns1:Reply[@kind="x"]/ns1:Error[1]/@code user@host "a" "b" http://127.0.0.1:4000/x`,
  file: `reply ${i}`,
  line: 13,
  expected: `Reply/Error/code "2.4" @req:EDE-05`,
  actual: `Reply/Error/code "5.3" @x@y`,
});

test('the verdict errors have no frames, and formatError reports them the same with the shortcut as without it', () => {
  const parser = cucumberStackParser();
  assert.ok(parser, "error-stack-parser as Cucumber requires it");
  assert.ok(skipFramelessStackParsing());
  const unpatched = (parser as unknown as Record<symbol, (e: Error) => unknown[]>)[Symbol.for('cim9.framelessErrors')]!;
  assert.equal(typeof unpatched, 'function', 'the original parse is kept');
  const patched = parser!.parse;
  const format = (e: Error, filter: boolean, parse: (e: Error) => unknown[]) => {
    parser!.parse = parse;
    try {
      return JSON.stringify(formatError(e, filter));
    } finally {
      parser!.parse = patched;
    }
  };
  const errors: Error[] = [
    new ConformanceFailure('get(EndDeviceEvents) of the last 12 hours: Result and code', Array.from({ length: 30 }, (_, i) => finding(i))),
    new SuiteError('the listener at http://user@127.0.0.1:9400/x answered "refused" @ "now"\nline two: "x" @y'),
    new Inconclusive('the SUT refused the valid twin too: "5.3" @code'),
  ];
  for (const e of errors) {
    assert.ok(isFrameless(e), `${e.name} has no frames`);
    for (const filter of [true, false]) assert.equal(format(e, filter, patched), format(e, filter, unpatched), `${e.name} (filterStackTraces ${filter})`);
  }
  // an error with frames is parsed as before
  const withFrames = new Error('a "quoted" @thing');
  assert.ok(!isFrameless(withFrames));
  assert.ok(parser!.parse(withFrames).length > 0, 'its frames');
  assert.deepEqual(parser!.parse(errors[0]!), []);
});
