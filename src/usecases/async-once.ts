/**
 * ENV-ASYNC-ONCE (assumption CIM9-75): the result of an asynchronous request reaches the ReplyAddress once. After the
 * result has been received, the scenario watches timeouts.quietSeconds for further deliveries with the same
 * CorrelationID (against the embedded reference SUT: until it is idle, Cim9World.quietPeriod); each one is claimed (so it
 * is not reported again as unsolicited) and counted in the finding.
 */
import type { Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { assumed, severityOf } from '../checks/assume.ts';
import { quietSecondsOf } from '../profile/index.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';

export async function repeatedResultFindings(w: Cim9World, first: Exchange, sameResult: (m: ReceivedMessage) => boolean): Promise<Finding[]> {
  const ctx = w.ctx(first.label);
  const severity = severityOf(assumed(ctx, 'CIM9-75', 'warning'), 'warning');
  if (!severity) return [];
  const quiet = quietSecondsOf(w.profile);
  await w.quietPeriod(quiet);
  const repeats = w.run.listener.drain({ path: LISTENER_PATHS.replies, predicate: sameResult }, `${w.scenarioName} (repeated result)`);
  if (!repeats.length) return [];
  const r = rule('ENV-ASYNC-ONCE');
  return [
    {
      rule: r.id,
      clause: r.clause,
      severity,
      message: `${first.label}: the result was delivered ${repeats.length + 1} times within ${quiet} s (timeouts.quietSeconds): again as ${repeats.map((m) => `#${m.seq}`).join(', ')}; the suite acknowledged each one`,
      file: first.label,
      messageId: repeats[0]!.inspected.messageId,
      expected: 'the result delivered once',
      actual: `${repeats.length + 1} deliveries (again as ${repeats.map((m) => `#${m.seq}`).join(', ')})`,
      assumptions: { 'CIM9-75': ctx.assumptions['CIM9-75'] ?? 'warning' },
    },
  ];
}
