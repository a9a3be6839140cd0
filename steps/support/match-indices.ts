/**
 * Cucumber matches a step's text to its step definition with @cucumber/cucumber-expressions, whose TreeRegexp asks
 * for the position of every group through the regexp-match-indices polyfill. That polyfill never uses the engine's own
 * `d` flag (hasIndices, in every Node this suite supports): it parses each step definition's regular expression with
 * regexp-tree and rewrites it, once per expression and process — about a second of CPU per run over the coordinator
 * and its workers. Here TreeRegexp.match runs the same expression with the `d` flag instead: the same groups, values
 * and positions (test/match-indices.test.ts compares both on every step definition of the suite).
 *
 * Loaded first by steps/support/hooks.ts, in every process that loads the step definitions. When the module is not
 * shaped as expected (another version of Cucumber), nothing is changed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface GroupBuilderLike {
  build(match: RegExpExecArray, nextGroupIndex: () => number): unknown;
}
interface TreeRegexpLike {
  regexp: RegExp;
  groupBuilder: GroupBuilderLike;
}
type Match = (this: TreeRegexpLike, s: string) => unknown;

/** the prototype of the TreeRegexp class Cucumber uses (the CommonJS build Cucumber requires), or undefined */
export function treeRegexpPrototype(): { match: Match } | undefined {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@cucumber/cucumber-expressions');
    const mod = require(join(dirname(main), 'TreeRegexp.js')) as { default?: { prototype?: { match?: unknown } } };
    const proto = mod.default?.prototype;
    return proto && typeof proto.match === 'function' ? (proto as { match: Match }) : undefined;
  } catch {
    return undefined;
  }
}

/** the same expression with the `d` flag, made once per expression */
const withIndices = new WeakMap<RegExp, RegExp>();

/** TreeRegexp.match through the engine's own indices; a global or sticky expression (lastIndex matters) goes the original way */
export function nativeMatch(original: Match): Match {
  return function (this: TreeRegexpLike, s: string) {
    const re = this.regexp;
    if (re.global || re.sticky || !this.groupBuilder || typeof this.groupBuilder.build !== 'function') return original.call(this, s);
    let d = withIndices.get(re);
    if (!d) {
      d = re.hasIndices ? re : new RegExp(re.source, `${re.flags}d`);
      withIndices.set(re, d);
    }
    const match = d.exec(s);
    if (!match) return null;
    let groupIndex = 0;
    return this.groupBuilder.build(match, () => groupIndex++);
  };
}

const PATCHED = Symbol.for('cim9.nativeMatchIndices');

/** replace TreeRegexp.prototype.match once per process */
export function useNativeMatchIndices(): boolean {
  const proto = treeRegexpPrototype() as ({ match: Match } & { [PATCHED]?: Match }) | undefined;
  if (!proto) return false;
  if (proto[PATCHED]) return true;
  const original = proto.match;
  proto.match = nativeMatch(original);
  proto[PATCHED] = original;
  return true;
}

useNativeMatchIndices();
