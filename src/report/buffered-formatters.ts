/**
 * Cucumber's html and message formatters (cucumber.html, cucumber.ndjson), with their output gathered into writes of
 * up to BUFFER_BYTES. Cucumber's own plugins write each message as it comes — several writes to the file per message,
 * tens of thousands per run — which cost more CPU than the rest of the reports (about 1.4 s of 11 s sampled in a
 * one-process run of the 2013 reference profile). The same plugins make the same bytes here; only the writes are fewer.
 *
 * Given to Cucumber as `--format "<module>":"<file>"` by src/cli/run.ts, the module being src/report/cucumber-html.ts
 * or src/report/cucumber-message.ts (each exports its wrapped plugin). What is gathered is written out at each
 * scenario's start and end (so the files on disk are current but for the steps of the scenario running), at the end
 * of the run and at a parse error (where Cucumber closes the streams before the plug-ins' clean-up), in the clean-up
 * (before Cucumber closes the streams), and when a second Ctrl-C stops the run (flushGatheredFormatters, from
 * src/cli/run.ts, before the reports are read). A process killed outright loses the steps of the scenario running.
 */
import { createRequire } from 'node:module';

/** how much is gathered before it is written */
export const BUFFER_BYTES = 1024 * 1024;

type Chunk = string | Uint8Array;
/** Cucumber gives a plugin its file stream's write, bound: the callback is called once the bytes are written */
type Write = (chunk: Chunk, done?: (error?: Error | null) => void) => unknown;

/** what Cucumber gives a formatter plugin (only what is used here is typed) */
export interface FormatterContext {
  on: (key: 'message', handler: (envelope: Record<string, unknown>) => void) => void;
  write: Write;
  [key: string]: unknown;
}

export interface FormatterPlugin {
  type: 'formatter';
  formatter(context: FormatterContext): unknown;
  optionsKey?: string;
}

/** the gatherers of the formatters running in this process (flushGatheredFormatters) */
const active = new Set<{ flush: () => Promise<void> }>();

/**
 * write out what every formatter of this process holds, and wait until it is in the files: `cim9 run` stopped by a
 * second Ctrl-C writes its reports from cucumber.ndjson as it is (src/cli/run.ts), without waiting for Cucumber's end
 */
export async function flushGatheredFormatters(timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all([...active].map((g) => g.flush())), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
}

/**
 * `write` gathered: chunks are kept until BUFFER_BYTES (or `limit`) are held, then written as one; `flush` writes the
 * rest and resolves once it is written
 */
export function gathered(write: Write, limit = BUFFER_BYTES): { write: (chunk: Chunk) => boolean; flush: () => Promise<void> } {
  let chunks: Chunk[] = [];
  let size = 0;
  const flush = () => {
    if (!chunks.length) return Promise.resolve();
    const out = chunks.every((c) => typeof c === 'string') ? (chunks as string[]).join('') : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
    chunks = [];
    size = 0;
    // resolved when written; a failed write is the stream's own error (Cucumber reports it), not this caller's
    return new Promise<void>((done) => void write(out, () => done()));
  };
  return {
    write(chunk: Chunk) {
      chunks.push(chunk);
      size += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
      if (size >= limit) void flush();
      return true;
    },
    flush,
  };
}

/** the messages after which what is gathered is written out */
const FLUSH_AT = ['testCaseStarted', 'testCaseFinished', 'testRunFinished', 'parseError'];

/** a formatter plugin that runs `inner` with its writes gathered */
export function gatheredPlugin(inner: FormatterPlugin, limit = BUFFER_BYTES): FormatterPlugin {
  return {
    type: 'formatter',
    ...(inner.optionsKey ? { optionsKey: inner.optionsKey } : {}),
    async formatter(context: FormatterContext) {
      const out = gathered(context.write, limit);
      active.add(out);
      const on: FormatterContext['on'] = (key, handler) =>
        context.on(key, (envelope) => {
          handler(envelope);
          // written out at each scenario's start and end (the file is current but for the steps of the scenario
          // running), at the end of the run, and at a parse error (Cucumber then closes the streams before the
          // plug-ins' clean-up)
          if (envelope && FLUSH_AT.some((k) => k in envelope)) void out.flush();
        });
      const cleanup = await inner.formatter({ ...context, on, write: out.write });
      return async () => {
        if (typeof cleanup === 'function') await (cleanup as () => unknown)();
        active.delete(out);
        await out.flush();
      };
    },
  };
}

/** one of Cucumber's own formatter plugins (lib/formatter/builtin/<name>.js, exported by its package.json) */
export function cucumberFormatter(name: 'html' | 'message'): FormatterPlugin {
  const require = createRequire(import.meta.url);
  const mod = require(`@cucumber/cucumber/lib/formatter/builtin/${name}`) as { default: FormatterPlugin };
  return mod.default;
}
