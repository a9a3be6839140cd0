/**
 * cim9's console progress during a run: one line per scenario as it ends — its position, verdict, id and name,
 * how long it took, the counts so far and an estimate of the time left — instead of Cucumber's dot per step.
 * A Cucumber formatter plugin (`--format <this file>`, src/cli/run.ts), fed by Cucumber's own message stream; the
 * counting is `ProgressTracker`, pure, for the tests. A failed step whose exception is the suite's own SuiteError is
 * shown as `error` (a fault of the run, not a verdict on the SUT), as the conformance statement says it.
 * Everything from a feature file or the SUT goes through `terminal` (src/report/escape.ts).
 */
import type { Envelope } from '@cucumber/messages';
import { terminal } from './escape.ts';

type Verdict = 'passed' | 'failed' | 'error' | 'skipped' | 'undefined' | 'retrying';

const SEVERITY = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

interface Attempt {
  pickleId: string;
  startedMs: number;
  worst: string;
  suiteError: boolean;
}

export class ProgressTracker {
  private readonly pickles = new Map<string, { name: string; id: string }>();
  private readonly testCases = new Map<string, string>();
  private readonly attempts = new Map<string, Attempt>();
  private total = 0;
  private done = 0;
  private firstStartMs: number | undefined;
  readonly counts: Record<Exclude<Verdict, 'retrying'>, number> = { passed: 0, failed: 0, error: 0, skipped: 0, undefined: 0 };

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** the line to print for this message, if any */
  onMessage(e: Envelope): string | undefined {
    if (e.pickle) {
      const req = e.pickle.tags.find((t) => t.name.startsWith('@req:'))?.name.slice('@req:'.length) ?? '';
      this.pickles.set(e.pickle.id, { name: e.pickle.name, id: req });
    } else if (e.testCase) {
      this.testCases.set(e.testCase.id, e.testCase.pickleId);
      this.total++;
    } else if (e.testCaseStarted) {
      const t = stampMs(e.testCaseStarted.timestamp) ?? this.now();
      this.firstStartMs ??= t;
      this.attempts.set(e.testCaseStarted.id, { pickleId: this.testCases.get(e.testCaseStarted.testCaseId) ?? '', startedMs: t, worst: 'PASSED', suiteError: false });
    } else if (e.testStepFinished) {
      const a = this.attempts.get(e.testStepFinished.testCaseStartedId);
      const r = e.testStepFinished.testStepResult;
      if (a && SEVERITY.indexOf(r.status) > SEVERITY.indexOf(a.worst)) {
        a.worst = r.status;
        a.suiteError = r.status === 'FAILED' && r.exception?.type === 'SuiteError';
      }
    } else if (e.testCaseFinished) {
      const a = this.attempts.get(e.testCaseFinished.testCaseStartedId);
      if (!a) return undefined;
      const verdict: Verdict = e.testCaseFinished.willBeRetried
        ? 'retrying'
        : a.worst === 'PASSED'
          ? 'passed'
          : a.worst === 'FAILED'
            ? a.suiteError
              ? 'error'
              : 'failed'
            : a.worst === 'SKIPPED'
              ? 'skipped'
              : a.worst === 'UNDEFINED'
                ? 'undefined'
                : 'failed';
      if (verdict !== 'retrying') {
        this.done++;
        this.counts[verdict]++;
      }
      return this.line(verdict, a, stampMs(e.testCaseFinished.timestamp) ?? this.now());
    }
    return undefined;
  }

  private line(verdict: Verdict, a: Attempt, endedMs: number): string {
    const p = this.pickles.get(a.pickleId);
    const width = String(this.total).length;
    const took = (Math.max(0, endedMs - a.startedMs) / 1000).toFixed(1);
    const bad = this.counts.failed + this.counts.error + this.counts.undefined;
    const left = this.total - this.done;
    const eta = this.done && left > 0 && this.firstStartMs !== undefined ? ` · about ${clock(((this.now() - this.firstStartMs) / this.done) * left)} left` : '';
    const tally = bad ? ` · ${this.counts.failed} failed, ${this.counts.error} error${this.counts.undefined ? `, ${this.counts.undefined} undefined` : ''}` : '';
    return `[${String(this.done).padStart(width)}/${this.total}] ${verdict.padEnd(8)} ${terminal(p?.id || '-')}  ${terminal(p?.name ?? '')} (${took} s)${tally}${eta}`;
  }
}

/**
 * A message's timestamp in ms since the epoch, or undefined when it has none (or is zero, as in hand-made messages).
 * Durations come from Cucumber's own timestamps: in a run in this process the formatter may see a scenario's start
 * only when it sees its end, so the time of arrival would say 0.0 s.
 */
function stampMs(t: { seconds: number | string; nanos: number } | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Number(t.seconds) * 1000 + t.nanos / 1e6;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** 75_000 → "1m15s", 9_000 → "9s" */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** the formatter's options (Cucumber's --format-options under `cim9Progress`): quiet prints nothing at all */
export interface ProgressOptions {
  quiet?: boolean;
}

export default {
  type: 'formatter' as const,
  optionsKey: 'cim9Progress',
  formatter({ on, write, options }: { on: (key: 'message', handler: (value: Envelope) => void) => void; write: (s: string) => void; options?: ProgressOptions }): void {
    if (options?.quiet) return;
    const tracker = new ProgressTracker();
    on('message', (e) => {
      const line = tracker.onMessage(e);
      if (line !== undefined) write(line + '\n');
    });
  },
};
