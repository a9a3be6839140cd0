/**
 * The result of an asynchronous request at the ReplyAddress (P1a, envelope.md §7.3): wait for the delivery that
 * carries the request's CorrelationID (or its MessageID, the documented alternative, ENV-14) within
 * timeouts.asyncResultSeconds, receive it through the World (layer 1), and watch the quiet period for a repeat
 * (ENV-ASYNC-ONCE, CIM9-75). Nothing arriving is ENV-ASYNC-RESULT, with whatever arrived uncorrelated or elsewhere.
 * Used by the asynchronous connect / disconnect (EDC-07); the asynchronous read (steps/read.steps.ts) does the same.
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { rule } from '../checks/catalogue.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { deliveredElsewhere, deliveriesSince } from './deliveries.ts';
import { repeatedResultFindings } from './async-once.ts';

export async function awaitAsyncResult(w: Cim9World, o: { verbs: string | readonly string[]; noun: string; label: string }): Promise<Exchange> {
  const req = w.lastRequest;
  if (!req?.correlationId) throw new SuiteError('no asynchronous request was sent before this step');
  w.expectedEvent = { verb: o.verbs, noun: o.noun, resultOf: req };
  const limit = w.profile.timeouts.asyncResultSeconds;
  const correlated = (m: ReceivedMessage) => m.inspected.correlationId === req.correlationId || m.inspected.correlationId === req.messageId;
  const x = await w.receive(LISTENER_PATHS.replies, { predicate: correlated }, limit, o.label, { endWhenIdle: true });
  if (!x) {
    const since = deliveriesSince(w);
    const stray = w.run.listener.unclaimed(since).filter((m) => m.path === LISTENER_PATHS.replies);
    w.assert(
      [
        {
          rule: 'ENV-ASYNC-RESULT',
          clause: rule('ENV-ASYNC-RESULT').clause,
          severity: 'error',
          message: `no ${o.label} with CorrelationID ${req.correlationId} reached the ReplyAddress ${w.waitedText(o.label, limit, 'timeouts.asyncResultSeconds')}${stray.length ? `; ${stray.length} uncorrelated message(s) arrived there instead` : ''}`,
          expected: `${o.label} with CorrelationID ${req.correlationId} at the ReplyAddress within ${limit} s`,
          actual: stray.length ? `${stray.length} uncorrelated message(s)` : 'nothing',
          assumptions: { 'ENV-16': `${limit}s` },
        },
        ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.replies, since, correlated),
      ],
      o.label,
    );
    throw new SuiteError('unreachable: a missing asynchronous result is a finding');
  }
  w.lastEvent = x;
  w.assert(await repeatedResultFindings(w, x, correlated), `${o.label} delivered once`);
  return x;
}
