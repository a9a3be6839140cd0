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
 */
let firstAt: number | undefined;
let stopNowAt: number | undefined;
let signal: NodeJS.Signals | undefined;
let resolveStopNow: ((s: NodeJS.Signals) => void) | undefined;
const stopNow = new Promise<NodeJS.Signals>((resolve) => {
  resolveStopNow = resolve;
});

/** the signal that interrupted the run, if one did */
export function interruptedBy(): NodeJS.Signals | undefined {
  return signal;
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
