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
 */

export interface IdleState {
  idle: boolean;
  /** messages posted and not yet answered by the peer */
  inFlight: number;
  /** messages scheduled for later */
  scheduled: number;
}

export class Activity {
  private inFlight = 0;
  private scheduled = 0;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  /** a message decided now and sent later (a timer): call the returned function once it has been handed to `sending` or dropped */
  schedule(): () => void {
    this.scheduled++;
    return this.once(() => this.scheduled--);
  }

  /** a message on the wire: call the returned function once the peer answered (or the post failed) */
  sending(): () => void {
    this.inFlight++;
    return this.once(() => this.inFlight--);
  }

  state(): IdleState {
    return { idle: this.inFlight === 0 && this.scheduled === 0, inFlight: this.inFlight, scheduled: this.scheduled };
  }

  /** resolves true as soon as the SUT is idle (at once when it is), false after `timeoutMs` when it is still busy */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.state().idle) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(idle);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, Math.min(timeoutMs, 2_147_483_647)));
      this.waiters.add(wake);
    });
  }

  /** the SUT closes: whoever waits is told it is idle (nothing more will be sent) */
  close(): void {
    this.closed = true;
    this.inFlight = 0;
    this.scheduled = 0;
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
      if (this.state().idle) setImmediate(() => this.wake());
    };
  }

  private wake(): void {
    if (!this.state().idle) return;
    for (const w of [...this.waiters]) w();
  }
}
