/**
 * Meter installation and removal (MSR-01, use-cases.md §5.1): pure checks of the completion the work management
 * (head-end) sends the CIS after it accepted create(MeterServiceRequests).
 *
 * - MSR-SVC-COMPLETION: among the completions received, one names the work of the request (its mRID); none at all is
 *   the use case's own finding (src/usecases/meter-service.ts);
 * - MSR-SVC-VERB (CIM9-235): the completion's verb is created or changed (or the one CIM9-235 names);
 * - MSR-SVC-IDENTITY (CIM9-237): the completed work names the request's Meter, OldMeter and UsagePoint;
 * - MSR-SVC-KIND: the completed work is of kind `meter`;
 * - MSR-SVC-DATES: lastModifiedDateTime valid, not before the request, not after the receipt (clock skew); a
 *   requestDateTime is the request's;
 * - MSR-SVC-READINGS (CIM9-238, not required by default): the completion carries the meter's readings.
 * Pure: completions and the request in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import type { CheckContext } from './envelope.ts';
import { assumed, severityOf } from './assume.ts';
import type { XNode } from '../xml/index.ts';

/** the request the suite sent (one MeterServiceWork) */
export interface ServiceRequestExpectation {
  work: string;
  kind: string;
  meter: string;
  oldMeter?: string;
  usagePoint: string;
  requestDateTime: string;
  /** when the request was sent */
  sentAt: Date;
  /** installation or removal, for the messages */
  what: string;
}

/** one MeterServiceWork of a completion message, as the use case read it */
export interface CompletionWork {
  verb: string;
  work?: string;
  kind?: string;
  meter?: string;
  oldMeter?: string;
  usagePoint?: string;
  lastModifiedDateTime?: string;
  requestDateTime?: string;
  readings: number;
  receivedAt?: Date;
  node?: XNode;
  label: string;
}

/** the verbs CIM9-235 allows */
export function completionVerbs(policy: string): string[] {
  return policy === 'created' ? ['created'] : policy === 'changed' ? ['changed'] : ['created', 'changed'];
}

const shown = (v: string | undefined): string => (v?.trim() ? v.trim() : '(none)');

/** MSR-SVC-* on the completions received after the request */
export function checkCompletion(works: readonly CompletionWork[], exp: ServiceRequestExpectation, ctx: CheckContext): Finding[] {
  const verbPolicy = assumed(ctx, 'CIM9-235', 'any');
  const identity = assumed(ctx, 'CIM9-237', 'meter-and-old-meter');
  const readingsText = assumed(ctx, 'CIM9-238', 'not-required');
  const readingsSeverity = readingsText === 'not-required' ? undefined : severityOf(readingsText, 'warning');
  const mine = works.filter((w) => w.work?.trim() === exp.work);
  const out: Finding[] = [];
  if (!mine.length) {
    const named = [...new Set(works.map((w) => shown(w.work)))];
    out.push(placedRuleFinding('MSR-SVC-COMPLETION', 'error', `no completion names the ${exp.what} work ${exp.work} of meter ${exp.meter}${works.length ? `: the completions received name work ${named.join(', ')}` : ''}`, ctx, works[0]?.node, { 'CIM9-235': verbPolicy }));
    return out;
  }
  const verbs = completionVerbs(verbPolicy);
  const skew = ctx.skewSeconds ?? 60;
  for (const w of mine) {
    const what = w.label;
    if (!verbs.includes(w.verb)) {
      out.push(placedRuleFinding('MSR-SVC-VERB', 'error', `${what} is told with ${w.verb}(MeterServiceRequests), not ${verbs.join(' or ')}`, ctx, w.node, { 'CIM9-235': verbPolicy }));
    }
    if (w.kind?.trim() !== exp.kind) {
      out.push(placedRuleFinding('MSR-SVC-KIND', 'error', `${what} is of kind ${shown(w.kind)}, not ${exp.kind} as requested`, ctx, w.node));
    }
    const wrong: string[] = [];
    if (w.meter?.trim() !== exp.meter) wrong.push(`Meter ${shown(w.meter)} instead of ${exp.meter}`);
    if (w.usagePoint?.trim() !== exp.usagePoint) wrong.push(`UsagePoint ${shown(w.usagePoint)} instead of ${exp.usagePoint}`);
    if (identity === 'meter-and-old-meter' && (w.oldMeter?.trim() || undefined) !== exp.oldMeter) wrong.push(`OldMeter ${shown(w.oldMeter)} instead of ${shown(exp.oldMeter)}`);
    if (wrong.length) out.push(placedRuleFinding('MSR-SVC-IDENTITY', 'error', `${what} names ${wrong.join(', ')}`, ctx, w.node, { 'CIM9-237': identity }));
    const at = instantMs(w.lastModifiedDateTime);
    if (at === undefined) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} has no valid lastModifiedDateTime${w.lastModifiedDateTime ? ` ("${w.lastModifiedDateTime}")` : ''}`, ctx, w.node));
    } else if (at < exp.sentAt.getTime() - skew * 1000) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} is dated ${w.lastModifiedDateTime}, before the request (${exp.sentAt.toISOString()}, clock skew ${skew} s)`, ctx, w.node));
    } else if (w.receivedAt && at > w.receivedAt.getTime() + skew * 1000) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} is dated ${w.lastModifiedDateTime}, after it was received (${w.receivedAt.toISOString()}, clock skew ${skew} s)`, ctx, w.node));
    }
    if (w.requestDateTime !== undefined && instantMs(w.requestDateTime) !== instantMs(exp.requestDateTime)) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} carries requestDateTime ${shown(w.requestDateTime)}, not the request's ${exp.requestDateTime}`, ctx, w.node, { 'CIM9-237': identity }));
    }
    if (readingsSeverity && w.readings === 0) {
      out.push(placedRuleFinding('MSR-SVC-READINGS', readingsSeverity, `${what} carries no reading of the meter`, ctx, w.node, { 'CIM9-238': readingsText }));
    }
  }
  return out;
}
