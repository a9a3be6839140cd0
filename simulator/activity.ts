/**
 * What the reference SUT still has to send: publications in flight (posted, not yet answered by the peer) and
 * messages scheduled for later (asynchronous results, and any repeat a fault sends after a delay). The SUT is
 * idle when there is none: everything it was caused to send has been answered by its peer, and nothing more will
 * follow unless the suite causes it. GET /_control/idle (./server.ts) lets the suite end a quiet period
 * (timeouts.quietSeconds) as soon as the SUT is idle instead of always waiting it out.
 *
 * Every sending path of the simulator goes through SimContext.publish / publishLater (./context.ts), which hold
 * a piece of work from the moment the message is decided until the peer answered it: a duplicate a fault
 * schedules counts as pending until it has been sent and answered, so a quiet period never ends before it.
 *
 * Each scheduled message carries when it is due, so the SUT can also say that it is quiet for a while (whenQuiet):
 * nothing on the wire and nothing due before the end of a quiet period of the suite (GET /_control/idle?quietMs=N).
 * A message due later (the Stopped event at the end of a running load-control event, the next read of a schedule)
 * does not keep such a period open: a peer that watched the whole period would not have seen it either.
 */

export interface IdleState {
  idle: boolean;
  /** messages posted and not yet answered by the peer */
  inFlight: number;
  /** messages scheduled for later */
  scheduled: number;
}

/**
 * A scheduled message due this close to the end of a quiet period or later still counts as "within" it: a timer of the
 * SUT may fire a little late, and the suite then reads what arrived. Quiet answers are conservative by this margin.
 */
export const QUIET_MARGIN_MS = 250;

export class Activity {
  private inFlight = 0;
  private scheduled = 0;
  private closed = false;
  private nextId = 0;
  /** when each scheduled message is due (epoch ms), by id */
  private readonly dues = new Map<number, number>();
  private readonly waiters = new Set<() => void>();

  /**
   * a message decided now and sent later (a timer), due in `dueInMs` (unknown: now, i.e. it blocks every quiet
   * answer until it is released): call the returned function once it has been handed to `sending` or dropped
   */
  schedule(dueInMs = 0): () => void {
    this.scheduled++;
    const id = ++this.nextId;
    this.dues.set(id, Date.now() + Math.max(0, dueInMs));
    return this.once(() => {
      this.scheduled--;
      this.dues.delete(id);
    });
  }

  /** a message on the wire: call the returned function once the peer answered (or the post failed) */
  sending(): () => void {
    this.inFlight++;
    return this.once(() => this.inFlight--);
  }

  state(): IdleState {
    return { idle: this.inFlight === 0 && this.scheduled === 0, inFlight: this.inFlight, scheduled: this.scheduled };
  }

  /**
   * Whether nothing can reach a peer before `untilMs` (epoch): nothing on the wire and nothing scheduled that is due
   * before `untilMs` + QUIET_MARGIN_MS. What a peer would see by watching until then, known without the watch.
   */
  quietUntil(untilMs: number): boolean {
    if (this.inFlight) return false;
    for (const due of this.dues.values()) if (due <= untilMs + QUIET_MARGIN_MS) return false;
    return true;
  }

  /** resolves true as soon as the SUT is idle (at once when it is), false after `timeoutMs` when it is still busy */
  whenIdle(timeoutMs: number): Promise<boolean> {
    return this.when(() => this.state().idle, timeoutMs);
  }

  /**
   * A quiet period of `periodMs` from now: resolves true as soon as nothing more can be sent before its end
   * (quietUntil), false at its end when something still could. What is scheduled after the period does not count:
   * a peer watching for the whole period would not see it either.
   */
  whenQuiet(periodMs: number): Promise<boolean> {
    const until = Date.now() + Math.max(0, periodMs);
    return this.when(() => this.quietUntil(until), periodMs);
  }

  private when(test: () => boolean, timeoutMs: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const check = () => {
        if (this.closed || test()) done(true);
      };
      const timer = setTimeout(() => done(test()), Math.max(0, Math.min(timeoutMs, 2_147_483_647)));
      this.waiters.add(check);
    });
  }

  /** the SUT closes: whoever waits is told it is idle (nothing more will be sent) */
  close(): void {
    this.closed = true;
    this.inFlight = 0;
    this.scheduled = 0;
    this.dues.clear();
    this.wake();
  }

  private once(release: () => void): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.closed) return;
      release();
      // wake waiters on a later turn: whatever the release is part of (a timer that publishes, a post that ends)
      // registers its follow-up work first
      setImmediate(() => this.wake());
    };
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
