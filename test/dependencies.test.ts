/**
 * A clean install on the oldest Node.js the README and package.json promise prints no engine warning: every package
 * the lockfile installs accepts that version (cookie@2 via fastify's light-my-request once did not; package.json
 * pins light-my-request 6.6.0, which takes cookie 1, through `overrides` for this checkout and as a direct dependency
 * for an install of the package, where a dependency's overrides do not apply and npm hoists the pinned copy for fastify).
 * Run: node --import tsx --test test/dependencies.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import semver from 'semver';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[]; optional?: boolean }>;
};

test('every installed package accepts the oldest Node.js cim9 supports', () => {
  const floor = semver.minVersion(pkg.engines.node);
  assert.ok(floor, `package.json engines.node "${pkg.engines.node}" has a lowest version`);
  const refusing = Object.entries(lock.packages)
    .filter(([path, p]) => path && !p.optional && p.engines && !Array.isArray(p.engines) && p.engines.node)
    .filter(([, p]) => !semver.satisfies(floor, (p.engines as Record<string, string>).node!))
    .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} needs node ${(p.engines as Record<string, string>).node}`);
  assert.deepEqual(refusing, [], `a clean install on Node.js ${floor.version} would warn (EBADENGINE)`);
});

test('an install of the package takes the pinned light-my-request too (overrides apply only to this checkout)', () => {
  const deps = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  assert.equal(deps['light-my-request'], '6.6.0');
});
