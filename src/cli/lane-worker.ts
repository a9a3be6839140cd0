/**
 * A lane of `cim9 selftest` and `cim9 mutants` (src/cli/mutants.ts runLanes): one process that runs the lane's child
 * runs one after another, each exactly as `cim9 run <args>` would (src/cli/main.ts), with Cucumber, the embedded
 * reference SUT and the reports in this process (src/cli/cucumber-here.ts). The modules, Cucumber's support code and
 * the compiled schema packs load once per lane instead of twice per run.
 *
 * The lane sends a job over the IPC channel, `{ args, log }`; everything the run prints goes to the file `log` (the
 * run.log of its reports folder), and the worker answers `{ exitCode }`. It ends when the lane closes the channel.
 * A run that hangs is ended by the lane with the whole worker (a new one takes the next job).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { main } from './main.ts';
import { actAsLaneWorker } from './run.ts';

export interface LaneWorkerJob {
  /** the arguments of `cim9 run` */
  args: string[];
  /** where the run's output goes */
  log: string;
}

export interface LaneWorkerDone {
  exitCode: number;
}

let fd: number | undefined;

/** stand in for a stream's write: into the current job's log (nothing is written between jobs) */
function toLog(): typeof process.stdout.write {
  return ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), cb?: (e?: Error | null) => void) => {
    if (fd !== undefined) writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk);
    const done = typeof encoding === 'function' ? encoding : cb;
    if (done) queueMicrotask(() => done(null));
    return true;
  }) as typeof process.stdout.write;
}

actAsLaneWorker();
process.stdout.write = toLog();
process.stderr.write = toLog();

let queue = Promise.resolve();
process.on('message', (m: LaneWorkerJob) => {
  queue = queue.then(async () => {
    fd = openSync(m.log, 'a');
    let exitCode = 3;
    try {
      exitCode = await main(['run', ...m.args], { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
    } catch (e) {
      process.stderr.write(`cim9 run: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    } finally {
      closeSync(fd);
      fd = undefined;
    }
    process.send?.({ exitCode } satisfies LaneWorkerDone);
  });
});
// the lane is done (or gone): so is this worker
process.on('disconnect', () => process.exit(0));
