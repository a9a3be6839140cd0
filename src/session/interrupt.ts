/**
 * Ctrl-C (SIGINT) or SIGTERM in the Cucumber process of `cim9 run` (src/cli/cucumber-child.ts): the scenario running
 * ends, every later one is skipped in its Before hook ("interrupted: not run"), and Cucumber finishes its reports as
 * usual, so the statement holds every scenario that ended. A second signal, a second or more after the first, stops at
 * once (the terminal and `cim9 run` may both deliver the first one).
 */
let firstAt: number | undefined;
let signal: NodeJS.Signals | undefined;

/** the signal that interrupted the run, if one did */
export function interruptedBy(): NodeJS.Signals | undefined {
  return signal;
}

/** install the handlers (once, in the Cucumber process); `say` prints the one line that tells the user */
export function stopGracefullyOn(signals: readonly NodeJS.Signals[], say: (line: string) => void, now: () => number = () => Date.now()): void {
  for (const s of signals) {
    process.on(s, () => {
      const t = now();
      if (firstAt === undefined) {
        firstAt = t;
        signal = s;
        say(`cim9: ${s}: the scenario running ends, the others are skipped (press Ctrl-C again to stop at once)`);
      } else if (t - firstAt >= 1000) process.exit(130);
    });
  }
}
