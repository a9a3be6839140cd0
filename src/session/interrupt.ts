/**
 * Ctrl-C (SIGINT) or SIGTERM while `cim9 run` runs Cucumber: the scenario running ends, every later one is skipped in
 * its Before hook ("interrupted: not run"), and Cucumber finishes its reports as usual, so the statement holds every
 * scenario that ended. A second signal, a second or more after the first (the terminal and `cim9 run` may both deliver
 * the first one):
 * - in the Cucumber child of a `--parallel` run (src/cli/cucumber-child.ts), stops that process at once; its parent
 *   still writes the reports;
 * - in a run whose Cucumber runs in the `cim9 run` process itself (src/cli/cucumber-here.ts; `secondSignal:
 *   'stop-now'`), stops waiting for the scenario running: `whenStoppedNow()` resolves, the run writes its reports
 *   from what Cucumber recorded so far (the scenario cut short has no verdict) and exits; a third signal, a second
 *   later, stops at once.
 *
 * The scenarios of a run with Cucumber workers (`cim9 run --workers N`) run in the workers, which a signal sent to
 * `cim9 run` alone does not reach: the run names a file (CIM9_INTERRUPT_FILE, in its reports folder) that its first
 * signal writes (`shareInterruptWith`), and a worker reads it before each scenario. A worker's own first signal (a
 * Ctrl-C reaches the whole process group) only marks the run as interrupted (`stopGracefullyOn` in the worker).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

let firstAt: number | undefined;
let stopNowAt: number | undefined;
let signal: NodeJS.Signals | undefined;
let resolveStopNow: ((s: NodeJS.Signals) => void) | undefined;
const stopNow = new Promise<NodeJS.Signals>((resolve) => {
  resolveStopNow = resolve;
});

/** the environment variable that names the interrupt file of a run with workers */
export const INTERRUPT_FILE_ENV = 'CIM9_INTERRUPT_FILE';
let shareFile: string | undefined;

/** the first signal of this process is written to `file` too (undefined: no longer), for the run's workers */
export function shareInterruptWith(file: string | undefined): void {
  shareFile = file;
  if (file && signal) writeSignal(file, signal);
}

function writeSignal(file: string, s: NodeJS.Signals): void {
  try {
    writeFileSync(file, s);
  } catch {
    // the reports folder went away: the workers run on, as a run without the file would
  }
}

/** the signal that interrupted the run, if one did: this process's own, or the one `cim9 run` shared with its workers */
export function interruptedBy(env: NodeJS.ProcessEnv = process.env): NodeJS.Signals | undefined {
  if (signal) return signal;
  const file = env[INTERRUPT_FILE_ENV];
  if (!file || !existsSync(file)) return undefined;
  try {
    const s = readFileSync(file, 'utf8').trim();
    return s === 'SIGINT' || s === 'SIGTERM' ? s : 'SIGINT';
  } catch {
    return undefined;
  }
}

/** resolves when a second signal asked the run to stop now (only with `secondSignal: 'stop-now'`) */
export function whenStoppedNow(): Promise<NodeJS.Signals> {
  return stopNow;
}

/** whether a second signal asked the run to stop now */
export function stoppedNow(): boolean {
  return stopNowAt !== undefined;
}

export interface GracefulStopOptions {
  /** the clock (tests) */
  now?: () => number;
  /** what a second signal does: 'exit' (the default) exits at once, 130; 'stop-now' resolves `whenStoppedNow()` */
  secondSignal?: 'exit' | 'stop-now';
  /** how the process exits at once (tests) */
  exit?: (code: number) => void;
}

/** install the handlers (once per process); `say` prints the one line that tells the user */
export function stopGracefullyOn(signals: readonly NodeJS.Signals[], say: (line: string) => void, o: GracefulStopOptions = {}): void {
  const now = o.now ?? (() => Date.now());
  const exit = o.exit ?? ((code: number) => process.exit(code));
  for (const s of signals) {
    process.on(s, () => {
      const t = now();
      if (firstAt === undefined) {
        firstAt = t;
        signal = s;
        if (shareFile) writeSignal(shareFile, s);
        say(`cim9: ${s}: the scenario running ends, the others are skipped (press Ctrl-C again to stop at once)`);
      } else if (t - firstAt < 1000) return;
      else if (o.secondSignal === 'stop-now' && stopNowAt === undefined) {
        stopNowAt = t;
        say(`cim9: ${s} again: the run stops now, the reports are written for the scenarios that ended (Ctrl-C once more to exit without them)`);
        resolveStopNow!(s);
      } else if (stopNowAt === undefined || t - stopNowAt >= 1000) exit(130);
    });
  }
}
