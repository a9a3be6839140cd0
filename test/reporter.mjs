/**
 * A compact reporter for Node's test runner (`npm run unit`): a dot per passing test, a comma per skipped or todo
 * one, an X per failure, then every failure in full (the names of its suites, file:line, the error with its diff
 * and stack, and what the test file wrote to stderr), then one summary line. `npm run unit:tap` keeps the
 * runner's TAP output for tooling that wants it.
 * Plain JavaScript: the runner loads its reporters before any --import hook (tsx), so a .ts reporter cannot load.
 * Use: test/unit.mjs (npm run unit), or node --import tsx --test --test-reporter=./test/reporter.mjs test/*.test.ts
 */
import { inspect } from 'node:util';
import { relative } from 'node:path';

const WIDTH = 80;
const here = process.cwd();
const place = (file, line) => (file ? `${file.startsWith('file:') ? file : relative(here, file)}${line ? `:${line}` : ''}` : '');

/**
 * @param {AsyncIterable<{ type: string, data: any }>} source the runner's events
 * @param {{ processOf?: (file: string) => string }} [options] processOf: the file whose process ran the tests of a
 *   file (test/unit.mjs runs several files in one process; stderr is that process's)
 */
export default async function* compact(source, options = {}) {
  const processOf = options.processOf ?? ((file) => file);
  /** the names of the open suites, per file and nesting level */
  const open = new Map();
  const failures = [];
  const stderr = new Map();
  const summary = new Map();
  let column = 0;
  const dot = (c) => {
    column = (column + 1) % WIDTH;
    return column === 0 ? `${c}\n` : c;
  };
  for await (const { type, data } of source) {
    const key = data.file ?? '';
    switch (type) {
      case 'test:start': {
        const names = open.get(key) ?? [];
        names.length = data.nesting;
        names[data.nesting] = data.name;
        open.set(key, names);
        break;
      }
      case 'test:pass':
        if (data.details?.type !== 'suite') yield dot(data.skip || data.todo ? ',' : '.');
        break;
      case 'test:fail': {
        const error = data.details?.error;
        // a suite or a file whose tests failed is not a failure of its own
        if (error?.failureType === 'subtestsFailed') break;
        const path = (open.get(key) ?? []).slice(0, data.nesting);
        failures.push({ path: [...path, data.name], where: place(data.file, data.line), error: error?.cause ?? error, file: key });
        yield dot('X');
        break;
      }
      case 'test:stderr': {
        const lines = stderr.get(key) ?? [];
        lines.push(data.message ?? '');
        stderr.set(key, lines);
        break;
      }
      case 'test:diagnostic':
        if (data.nesting === 0) {
          const m = /^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) (\S+)$/.exec(data.message ?? '');
          if (m) summary.set(m[1], m[2]);
          else if (data.message) {
            yield `${column ? '\n' : ''}${data.message}\n`;
            column = 0;
          }
        }
        break;
    }
  }
  if (column) yield '\n';
  const shownStderr = new Set();
  for (const f of failures) {
    yield `\n✖ ${f.path.join(' › ')}${f.where ? `  (${f.where})` : ''}\n`;
    yield `${indent(typeof f.error === 'string' ? f.error : inspect(f.error, { depth: 6, colors: false }))}\n`;
    const proc = stderr.has(f.file) ? f.file : processOf(f.file);
    const err = stderr.get(proc);
    if (err?.length && !shownStderr.has(proc)) {
      shownStderr.add(proc);
      yield `  --- stderr of ${place(proc)}\n${indent(err.join(''))}\n`;
    }
  }
  const n = (k) => summary.get(k) ?? '0';
  const seconds = (Number(summary.get('duration_ms') ?? 0) / 1000).toFixed(1);
  const extra = ['cancelled', 'skipped', 'todo'].filter((k) => n(k) !== '0').map((k) => `, ${n(k)} ${k}`).join('');
  yield `\n${n('tests')} tests in ${n('suites')} suites: ${n('pass')} passed, ${n('fail')} failed${extra} (${seconds} s)\n`;
}

function indent(s) {
  return s.replace(/\n+$/, '').replace(/^/gm, '  ');
}
