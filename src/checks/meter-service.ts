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
import { readMeterServiceRequests } from '../payloads/meterServiceRequests.ts';
import type { ClientReport } from './client-requests.ts';

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
    out.push(placedRuleFinding('MSR-SVC-COMPLETION', 'error', `no completion names the ${exp.what} work ${exp.work} of meter ${exp.meter}${works.length ? `: the completions received name work ${named.join(', ')}` : ''}`, ctx, works[0]?.node, { 'CIM9-235': verbPolicy }, { expected: `a completion of work ${exp.work}`, actual: works.length ? `work ${named.join(', ')}` : 'none' }));
    return out;
  }
  const verbs = completionVerbs(verbPolicy);
  const skew = ctx.skewSeconds ?? 60;
  for (const w of mine) {
    const what = w.label;
    if (!verbs.includes(w.verb)) {
      out.push(placedRuleFinding('MSR-SVC-VERB', 'error', `${what} is told with ${w.verb}(MeterServiceRequests), not ${verbs.join(' or ')}`, ctx, w.node, { 'CIM9-235': verbPolicy }, { expected: `${verbs.join(' or ')}(MeterServiceRequests)`, actual: `${w.verb}(MeterServiceRequests)` }));
    }
    if (w.kind?.trim() !== exp.kind) {
      out.push(placedRuleFinding('MSR-SVC-KIND', 'error', `${what} is of kind ${shown(w.kind)}, not ${exp.kind} as requested`, ctx, w.node, undefined, { expected: `kind ${exp.kind}`, actual: `kind ${shown(w.kind)}` }));
    }
    const wrong: string[] = [];
    if (w.meter?.trim() !== exp.meter) wrong.push(`Meter ${shown(w.meter)} instead of ${exp.meter}`);
    if (w.usagePoint?.trim() !== exp.usagePoint) wrong.push(`UsagePoint ${shown(w.usagePoint)} instead of ${exp.usagePoint}`);
    if (identity === 'meter-and-old-meter' && (w.oldMeter?.trim() || undefined) !== exp.oldMeter) wrong.push(`OldMeter ${shown(w.oldMeter)} instead of ${shown(exp.oldMeter)}`);
    if (wrong.length) out.push(placedRuleFinding('MSR-SVC-IDENTITY', 'error', `${what} names ${wrong.join(', ')}`, ctx, w.node, { 'CIM9-237': identity }, { expected: `Meter ${exp.meter}, UsagePoint ${exp.usagePoint}${identity === 'meter-and-old-meter' ? `, OldMeter ${shown(exp.oldMeter)}` : ''}`, actual: `Meter ${shown(w.meter)}, UsagePoint ${shown(w.usagePoint)}${identity === 'meter-and-old-meter' ? `, OldMeter ${shown(w.oldMeter)}` : ''}` }));
    const at = instantMs(w.lastModifiedDateTime);
    if (at === undefined) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} has no valid lastModifiedDateTime${w.lastModifiedDateTime ? ` ("${w.lastModifiedDateTime}")` : ''}`, ctx, w.node, undefined, { expected: 'lastModifiedDateTime, an xs:dateTime', actual: w.lastModifiedDateTime ? `"${w.lastModifiedDateTime}"` : 'none' }));
    } else if (at < exp.sentAt.getTime() - skew * 1000) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} is dated ${w.lastModifiedDateTime}, before the request (${exp.sentAt.toISOString()}, clock skew ${skew} s)`, ctx, w.node, undefined, { expected: `not before ${exp.sentAt.toISOString()} (± ${skew} s)`, actual: `${w.lastModifiedDateTime}` }));
    } else if (w.receivedAt && at > w.receivedAt.getTime() + skew * 1000) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} is dated ${w.lastModifiedDateTime}, after it was received (${w.receivedAt.toISOString()}, clock skew ${skew} s)`, ctx, w.node, undefined, { expected: `not after ${w.receivedAt.toISOString()} (± ${skew} s)`, actual: `${w.lastModifiedDateTime}` }));
    }
    if (w.requestDateTime !== undefined && instantMs(w.requestDateTime) !== instantMs(exp.requestDateTime)) {
      out.push(placedRuleFinding('MSR-SVC-DATES', 'error', `${what} carries requestDateTime ${shown(w.requestDateTime)}, not the request's ${exp.requestDateTime}`, ctx, w.node, { 'CIM9-237': identity }, { expected: `requestDateTime ${exp.requestDateTime}`, actual: `requestDateTime ${shown(w.requestDateTime)}` }));
    }
    if (readingsSeverity && w.readings === 0) {
      out.push(placedRuleFinding('MSR-SVC-READINGS', readingsSeverity, `${what} carries no reading of the meter`, ctx, w.node, { 'CIM9-238': readingsText }, { expected: 'a reading of the meter', actual: 'none' }));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the master data that follows (MSR-MD-*)

/** one publication the master-data subscriber (the MDM) received after the request, as the use case read it */
export interface ServicePublication {
  label: string;
  verb: string;
  noun: string;
  /** MeterConfig: the identifiers of each Meter (mRID, serialNumber, names) */
  meters?: string[][];
  /** MasterDataLinkageConfig: the Meter and UsagePoint identifiers it links */
  linkage?: { meters: string[]; usagePoints: string[] };
  node?: XNode;
}

export interface ServiceMasterDataExpectation {
  meter: string;
  usagePoint: string;
  change: 'installed' | 'removed';
  /** the MeterConfig verbs of the change (CIM9-50) */
  meterConfigVerbs: string[];
  /** what the findings say happened */
  what: string;
}

/** the MasterDataLinkageConfig verbs of a change (CIM9-278) */
export function linkageVerbs(policy: string, change: 'installed' | 'removed'): string[] {
  if (change === 'installed') return ['created'];
  return policy === 'created-deleted' ? ['deleted'] : policy === 'created-closed' ? ['closed'] : ['deleted', 'closed'];
}

/** MSR-MD-METER and MSR-MD-LINK on the master-data publications received after the completed request */
export function checkServiceMasterData(pubs: readonly ServicePublication[], exp: ServiceMasterDataExpectation, ctx: CheckContext): Finding[] {
  const which = assumed(ctx, 'CIM9-277', 'meter-config-and-linkage');
  const linkPolicy = assumed(ctx, 'CIM9-278', 'created-deleted-or-closed');
  const used = { 'CIM9-277': which, 'CIM9-278': linkPolicy, 'CIM9-50': assumed(ctx, 'CIM9-50', 'created-deleted-or-changed') };
  const out: Finding[] = [];
  const seen = pubs.map((p) => `${p.verb}(${p.noun})`).join(', ') || 'nothing';
  if (which !== 'linkage') {
    const configs = pubs.filter((p) => p.noun === 'MeterConfig' && (p.meters ?? []).some((ids) => ids.includes(exp.meter)));
    if (!configs.some((p) => exp.meterConfigVerbs.includes(p.verb))) {
      const why = configs.length ? `told with ${configs.map((p) => p.verb).join(', ')}(MeterConfig), not ${exp.meterConfigVerbs.join(' or ')}` : `no MeterConfig naming meter ${exp.meter} (received: ${seen})`;
      out.push(placedRuleFinding('MSR-MD-METER', 'error', `after the ${exp.what} the MDM is ${why}`, ctx, configs[0]?.node, used, { expected: `${exp.meterConfigVerbs.join(' or ')}(MeterConfig) naming meter ${exp.meter}`, actual: configs.length ? `${configs.map((p) => p.verb).join(', ')}(MeterConfig)` : seen }));
    }
  }
  if (which !== 'meter-config') {
    const verbs = linkageVerbs(linkPolicy, exp.change);
    const links = pubs.filter((p) => p.noun === 'MasterDataLinkageConfig' && p.linkage?.meters.includes(exp.meter));
    const right = links.filter((p) => verbs.includes(p.verb) && p.linkage!.usagePoints.includes(exp.usagePoint));
    if (!right.length) {
      const why = links.length
        ? `the links of meter ${exp.meter} told are ${links.map((p) => `${p.verb}(MasterDataLinkageConfig) with UsagePoint ${p.linkage!.usagePoints.join(', ') || '(none)'}`).join('; ')}, not ${verbs.join(' or ')} with UsagePoint ${exp.usagePoint}`
        : `no MasterDataLinkageConfig linking meter ${exp.meter} to usage point ${exp.usagePoint} (received: ${seen})`;
      out.push(placedRuleFinding('MSR-MD-LINK', 'error', `after the ${exp.what}: ${why}`, ctx, links[0]?.node, used, { expected: `${verbs.join(' or ')}(MasterDataLinkageConfig) of meter ${exp.meter} and usage point ${exp.usagePoint}`, actual: links.length ? links.map((p) => `${p.verb}(MasterDataLinkageConfig) with UsagePoint ${p.linkage!.usagePoints.join(', ') || '(none)'}`).join('; ') : seen }));
    }
    for (const p of right) {
      const others = p.linkage!.usagePoints.filter((u) => u !== exp.usagePoint);
      if (others.length) out.push(placedRuleFinding('MSR-MD-LINK', 'error', `${p.label} links meter ${exp.meter} to usage point ${others.join(', ')} as well as ${exp.usagePoint}`, ctx, p.node, used, { expected: `usage point ${exp.usagePoint} only`, actual: `also ${others.join(', ')}` }));
    }
  }
  return out;
}

/**
 * MSR-01 with the CIS as SUT (MSR-CLIENT-REQUEST): the CIS's create(MeterServiceRequests) for an exchange of `oldMeter` for
 * `meter` at `usagePoint`: one work, of kind meter, with a requestDateTime, naming those meters and that usage point
 */
export function checkClientServiceRequest(root: XNode | undefined, exp: { meter: string; oldMeter: string; usagePoint: string }, label: string): Finding[] {
  const works = root && root.name === 'MeterServiceRequests' ? readMeterServiceRequests(root) : [];
  const f = (message: string, expected: string, actual: string, node?: XNode) => placedRuleFinding('MSR-CLIENT-REQUEST', 'error', message, { label }, node, undefined, { expected, actual });
  if (works.length !== 1) return [f(`carries ${works.length} MeterServiceWork, not one`, 'one MeterServiceWork', `${works.length}`, root)];
  const w = works[0]!;
  const out: Finding[] = [];
  const same = (what: string, want: string, got: string | undefined) => {
    if (got !== want) out.push(f(`the work names ${what} ${got ?? '(none)'}, not ${want}`, `${what} ${want}`, got ?? '(none)', w.node));
  };
  if (w.kind !== 'meter') out.push(f(`the work is of kind ${w.kind ?? '(none)'}, not meter`, 'kind meter', w.kind ?? '(none)', w.node));
  if (!w.requestDateTime || instantMs(w.requestDateTime) === undefined) out.push(f(`the work has no valid requestDateTime (${w.requestDateTime ?? 'none'})`, 'a requestDateTime', w.requestDateTime ?? '(none)', w.node));
  same('Meter', exp.meter, w.meter);
  same('OldMeter', exp.oldMeter, w.oldMeter);
  same('UsagePoint', exp.usagePoint, w.usagePoint);
  return out;
}

/**
 * MSR-01 with the CIS as SUT (MSR-CLIENT-HELD): the CIS's upper-tester report holds each read of the completion it
 * acknowledged (meter, value)
 */
export function checkServiceReadsHeld(report: ClientReport, reads: readonly { meter: string; value: string }[], label: string): Finding[] {
  const out: Finding[] = [];
  for (const r of reads) {
    const h = report.meters[r.meter] ?? { status: 'none' as const };
    const expected = `meter ${r.meter} held as read, value ${r.value}`;
    if (h.status !== 'read') out.push(placedRuleFinding('MSR-CLIENT-HELD', 'error', `the read of meter ${r.meter} (${r.value}) the completion carried is not held: the CIS holds ${h.status === 'failed' ? 'the meter as failed' : 'nothing'} for it`, { label }, undefined, undefined, { expected, actual: h.status === 'failed' ? 'held as failed' : 'nothing held' }));
    else if (h.value === undefined || Number(h.value) !== Number(r.value)) out.push(placedRuleFinding('MSR-CLIENT-HELD', 'error', `the read of meter ${r.meter} is held with value ${h.value ?? '(none)'}, not ${r.value}`, { label }, undefined, undefined, { expected, actual: `value ${h.value ?? '(none)'}` }));
  }
  return out;
}
