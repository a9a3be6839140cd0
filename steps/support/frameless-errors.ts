/**
 * A failed step's error goes through Cucumber's formatError (lib/runtime/format_error.js), which parses its stack with
 * error-stack-parser before the message is formatted. The suite's verdict errors (ConformanceFailure, SuiteError,
 * Inconclusive: src/session/verdict.ts) carry no stack frames — their stack is "<name>: <message>" — so the parser
 * takes them for a Firefox/Safari stack and runs a backtracking regular expression over every line of the findings
 * that holds an "@" (XPath attributes, tags): about 2 s of CPU in a 20-fault mutation run, for nothing — the formatter
 * (assertion-error-formatter) uses the parsed frames only for the part of the stack after the message, which is
 * empty for such an error. Here ErrorStackParser.parse answers "no frames" at once for an error whose stack is exactly
 * its name and message; every other error is parsed as before. The text Cucumber reports is the same
 * (test/frameless-errors.test.ts compares formatError's result with and without this).
 *
 * Loaded by steps/support/hooks.ts in every process that loads the step definitions. When the modules are not
 * shaped as expected (another version of Cucumber), nothing is changed.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

interface ParserLike {
  parse(error: Error): unknown[];
}

/** the error-stack-parser module Cucumber requires, or undefined */
export function cucumberStackParser(): ParserLike | undefined {
  try {
    const require = createRequire(import.meta.url);
    const cucumberDir = dirname(require.resolve('@cucumber/cucumber/package.json'));
    const parser = createRequire(`${cucumberDir}/package.json`)('error-stack-parser') as Partial<ParserLike>;
    return typeof parser.parse === 'function' ? (parser as ParserLike) : undefined;
  } catch {
    return undefined;
  }
}

/** an error whose stack is its name and message and nothing more: no frame to parse */
export function isFrameless(error: unknown): boolean {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return false;
  return error.stack === `${error.name}: ${error.message}`;
}

const PATCHED = Symbol.for('cim9.framelessErrors');

/** replace ErrorStackParser.parse once per process */
export function skipFramelessStackParsing(): boolean {
  const parser = cucumberStackParser() as (ParserLike & { [PATCHED]?: ParserLike['parse'] }) | undefined;
  if (!parser) return false;
  if (parser[PATCHED]) return true;
  const original = parser.parse;
  parser.parse = function (this: unknown, error: Error) {
    return isFrameless(error) ? [] : original.call(this, error);
  };
  parser[PATCHED] = original;
  return true;
}

skipFramelessStackParsing();
