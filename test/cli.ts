/** Running the CLI as a user does (node bin/cim9.js ARGS), for the tests of its commands. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'bin', 'cim9.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** node bin/cim9.js ARGS in `cwd` (default the repository), without colours */
export function runCim9(args: string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The same command in this process (src/cli/main.ts main), for tests about what a command computes rather than
 * about the process: no Node start-up and no TypeScript transpiling per call, and the modules (the schema packs)
 * load once. Output is captured through main's io and, for the commands that print with console.* or write to
 * process.stdout/stderr themselves, by standing in for those during the call; `cwd` is entered for the call, so calls are queued one after the
 * other.
 */
export function runCim9InProcess(args: string[], cwd = ROOT): Promise<CliRun> {
  const call = queue.then(async () => {
    const { main } = await import('../src/cli/main.ts');
    let stdout = '';
    let stderr = '';
    const out = (s: string) => void (stdout += s);
    const err = (s: string) => void (stderr += s);
    const line = (to: (s: string) => void) => (...a: unknown[]) => to(`${format(...a)}\n`);
    const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error };
    Object.assign(console, { log: line(out), info: line(out), debug: line(out), warn: line(err), error: line(err) });
    // and the text a command writes to the process's streams itself (run --help); bytes pass: in a test process the
    // runner sends its own events over stdout as serialised binary messages, which must still reach the parent
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const into = (stream: NodeJS.WriteStream, original: typeof process.stdout.write, to: (s: string) => void) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        if (typeof chunk !== 'string') return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
        to(chunk);
        (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = into(process.stdout, writes.out, out);
    process.stderr.write = into(process.stderr, writes.err, err);
    const back = process.cwd();
    process.chdir(cwd);
    try {
      const code = await main(args, { out, err });
      return { code, stdout, stderr };
    } finally {
      process.chdir(back);
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      Object.assign(console, saved);
    }
  });
  queue = call.catch(() => undefined);
  return call;
}
