/**
 * Cucumber's html and message formatters with their writes gathered (src/report/buffered-formatters.ts): the same
 * bytes as Cucumber's own plugins write, in few writes, all of them before Cucumber closes the file.
 * Run: node --import tsx --test test/buffered-formatters.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cucumberFormatter, flushGatheredFormatters, gathered, gatheredPlugin, type FormatterContext } from '../src/report/buffered-formatters.ts';
import { gatheredFormat } from '../src/cli/run.ts';

/** run a formatter plugin over envelopes: what it wrote, in how many writes */
async function drive(plugin: ReturnType<typeof cucumberFormatter>, envelopes: Record<string, unknown>[]) {
  const writes: (string | Uint8Array)[] = [];
  const handlers: ((e: Record<string, unknown>) => void)[] = [];
  const context: FormatterContext = { on: (_k, h) => void handlers.push(h), write: (c, done) => (writes.push(c), done?.(), true), options: {}, logger: console, stream: undefined, directory: undefined };
  const cleanup = await plugin.formatter(context);
  for (const e of envelopes) for (const h of handlers) h(e);
  const beforeCleanup = writes.length;
  if (typeof cleanup === 'function') await (cleanup as () => Promise<void>)();
  const text = writes.map((w) => (typeof w === 'string' ? w : Buffer.from(w).toString('utf8'))).join('');
  return { text, writes: writes.length, beforeCleanup };
}

const envelopes = (n: number) => [
  { meta: { protocolVersion: '1', implementation: { name: 'cucumber-js', version: 'x' }, cpu: { name: 'x' }, os: { name: 'linux' }, runtime: { name: 'node' } } },
  { testRunStarted: { timestamp: { seconds: 1, nanos: 0 } } },
  ...Array.from({ length: n }, (_, i) => ({ attachment: { body: `<x a="${i}">é ${'y'.repeat(i % 97)}</x>`, mediaType: 'application/xml', contentEncoding: 'IDENTITY' } })),
  { testRunFinished: { timestamp: { seconds: 2, nanos: 0 }, success: true } },
];

test('the message formatter: the same ndjson, in few writes, all written at testRunFinished', async () => {
  const env = envelopes(3000);
  const own = await drive(cucumberFormatter('message'), env);
  const ours = await drive(gatheredPlugin(cucumberFormatter('message')), env);
  assert.equal(ours.text, own.text);
  assert.equal(own.writes, env.length);
  assert.ok(ours.writes <= 3, `writes: ${ours.writes}`);
  assert.equal(ours.beforeCleanup, ours.writes, 'everything written by testRunFinished');
});

test('the html formatter: the same page, in few writes', async () => {
  const env = envelopes(2000);
  const own = await drive(cucumberFormatter('html'), env);
  const ours = await drive(gatheredPlugin(cucumberFormatter('html')), env);
  assert.equal(ours.text, own.text);
  assert.ok(own.writes > 1000, `Cucumber's own writes: ${own.writes}`);
  assert.ok(ours.writes <= 5, `writes: ${ours.writes}`);
  assert.equal(gatheredPlugin(cucumberFormatter('html')).optionsKey, 'html');
});

test('the message log is on disk at each scenario boundary, and when a second Ctrl-C asks for it', async () => {
  const writes: string[] = [];
  const handlers: ((e: Record<string, unknown>) => void)[] = [];
  const context: FormatterContext = { on: (_k, h) => void handlers.push(h), write: (c, done) => (writes.push(String(c)), done?.(), true), options: {} };
  const cleanup = (await gatheredPlugin(cucumberFormatter('message')).formatter(context)) as () => Promise<void>;
  const emit = (e: Record<string, unknown>) => handlers.forEach((h) => h(e));
  emit({ testRunStarted: { timestamp: { seconds: 1, nanos: 0 } } });
  emit({ testCaseStarted: { id: 'a', testCaseId: 't', attempt: 0, timestamp: { seconds: 1, nanos: 0 } } });
  assert.equal(writes.join('').split('\n').filter(Boolean).length, 2, 'written at testCaseStarted');
  emit({ testStepStarted: { testCaseStartedId: 'a', testStepId: 's', timestamp: { seconds: 1, nanos: 0 } } });
  assert.equal(writes.join('').split('\n').filter(Boolean).length, 2, 'a step is gathered');
  await flushGatheredFormatters();
  assert.equal(writes.join('').split('\n').filter(Boolean).length, 3, 'and written when asked');
  await cleanup();
});

test('gathered writes strings and bytes in order, at the limit and on flush', () => {
  const out: (string | Uint8Array)[] = [];
  const g = gathered((c) => out.push(c), 10);
  g.write('abc');
  g.write(Buffer.from('dé'));
  assert.equal(out.length, 0);
  g.write('0123456789');
  assert.equal(out.length, 1);
  g.write('z');
  g.flush();
  g.flush();
  assert.equal(out.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'))).join(''), 'abcdé0123456789z');
  assert.equal(out.length, 2);
});

test('a path with a double quote gets Cucumber\'s own formatter', () => {
  assert.equal(gatheredFormat('/m/cucumber-html.js', 'html', '/r/cucumber.html'), '"/m/cucumber-html.js":"/r/cucumber.html"');
  assert.equal(gatheredFormat('/m/cucumber-html.js', 'html', '/r/a"b/cucumber.html'), 'html:/r/a"b/cucumber.html');
});
