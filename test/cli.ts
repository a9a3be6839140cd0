/** Running the CLI as a user does (node bin/cim9.js ARGS), for the tests of its commands. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
 * load once. Output is captured through main's io (the commands that take it: validate, and the usage errors of
 * every command); `cwd` is entered for the call, so calls are queued one after the other.
 */
export function runCim9InProcess(args: string[], cwd = ROOT): Promise<CliRun> {
  const call = queue.then(async () => {
    const { main } = await import('../src/cli/main.ts');
    let stdout = '';
    let stderr = '';
    const back = process.cwd();
    process.chdir(cwd);
    try {
      const code = await main(args, { out: (s) => (stdout += s), err: (s) => (stderr += s) });
      return { code, stdout, stderr };
    } finally {
      process.chdir(back);
    }
  });
  queue = call.catch(() => undefined);
  return call;
}
