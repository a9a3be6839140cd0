/**
 * Rules of get requests on their own (../shared/spec/payloads.md §2, §4; envelope.md §3.2, §4.3): the query
 * names what it asks about, its time periods start before they end, and the codes it carries (ReadingType,
 * quality, event type) are codes of their kind.
 */
import type { Finding, Severity } from './finding.ts';
import { rule } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import type { ParsedMessage } from '../message/index.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';
import { GMR } from '../payloads/meterReadings.ts';
import { GEDE } from '../payloads/endDeviceEvents.ts';
import { checkEventType, checkQualityCode, checkReadingType } from '../codes/index.ts';
import { codeOpts, placed } from './domain.ts';
import { parseDateTime } from './time.ts';

function mk(id: string, message: string, node: XNode | undefined, ctx: CheckContext, severity?: Severity, evidence?: Pick<Finding, 'expected' | 'actual'>): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: severity ?? r.severity, message: `${ctx.label}: ${message}`, file: ctx.label, line: node?.line, xpath: node?.path, ...evidence };
}

const DOTTED = /^-?[0-9]+(\.-?[0-9]+)*$/;

/** DOM-QUERY-PERIOD for a start/end pair */
function period(start: string | undefined, end: string | undefined, what: string, node: XNode | undefined, ctx: CheckContext): Finding[] {
  const s = parseDateTime(start);
  const e = parseDateTime(end);
  if (!s || !e) return [];
  if (s.ms > e.ms) return [mk('DOM-QUERY-PERIOD', `${what} starts at ${s.text}, after its end ${e.text}`, node, ctx, undefined, { expected: 'start before end', actual: `${s.text} – ${e.text}` })];
  if (s.ms === e.ms) return [mk('DOM-QUERY-PERIOD', `${what} is empty: it starts and ends at ${s.text}`, node, ctx, 'warning', { expected: 'start before end', actual: `${s.text} – ${e.text}` })];
  return [];
}

function intervalOf(node: XNode | undefined, ns: string, what: string, ctx: CheckContext): Finding[] {
  if (!node) return [];
  return period(childText(node, ns, 'start'), childText(node, ns, 'end'), what, node, ctx);
}

/** the identifiers (mRID and names) of query elements that carry codes */
function codesOf(nodes: XNode[], ns: string): { code: string; node: XNode }[] {
  return nodes.flatMap((n) => {
    const ids = [child(n, ns, 'mRID'), ...children(n, ns, 'Names').map((x) => child(x, ns, 'name'))];
    return ids.flatMap((id) => (id && DOTTED.test(id.text.trim()) ? [{ code: id.text.trim(), node: id }] : []));
  });
}

function subject(root: XNode, ns: string, names: readonly string[], what: string, ctx: CheckContext): Finding[] {
  if (names.some((n) => children(root, ns, n).length > 0)) return [];
  return [mk('DOM-QUERY-SUBJECT', `${root.name} names no ${what}: nothing to ask about`, root, ctx, undefined, { expected: `a ${names.join(' or ')}`, actual: 'none' })];
}

/** GetMeterReadings (payloads.md §2) */
export function checkGetMeterReadings(root: XNode, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const coincident = child(root, GMR, 'MeterReadings');
  const hasCoincidentSubject = !!coincident && (child(coincident, GMR, 'Meter') !== undefined || child(coincident, GMR, 'UsagePoint') !== undefined);
  if (!hasCoincidentSubject) {
    out.push(...subject(root, GMR, ['EndDevice', 'EndDeviceGroup', 'UsagePoint', 'UsagePointGroup', 'TransformerTank'], 'meter, usage point or group', ctx));
  }
  for (const r of children(root, GMR, 'Reading')) out.push(...intervalOf(child(r, GMR, 'timePeriod'), GMR, 'Reading.timePeriod', ctx));
  for (const t of children(root, GMR, 'TimeSchedule')) out.push(...intervalOf(child(t, GMR, 'scheduleInterval'), GMR, 'TimeSchedule.scheduleInterval', ctx));
  const seen = new Set<string>();
  const readingTypes = [...children(root, GMR, 'ReadingType'), ...(coincident ? children(child(coincident, GMR, 'Readings'), GMR, 'ReadingType') : [])];
  for (const { code, node } of codesOf(readingTypes, GMR)) {
    if (!seen.has(code)) out.push(...placed(checkReadingType(code, codeOpts(ctx)), node, ctx));
    seen.add(code);
  }
  const qualityTypes = children(root, GMR, 'ReadingQuality').flatMap((q) => children(q, GMR, 'ReadingQualityType'));
  for (const { code, node } of codesOf(qualityTypes, GMR)) {
    if (!seen.has(code)) out.push(...placed(checkQualityCode(code, codeOpts(ctx)), node, ctx));
    seen.add(code);
  }
  const eventTypes = coincident ? children(coincident, GMR, 'EndDeviceEvents').flatMap((e) => children(e, GMR, 'EndDeviceEventType')) : [];
  for (const { code, node } of codesOf(eventTypes, GMR)) {
    if (!seen.has(code)) out.push(...placed(checkEventType(code, codeOpts(ctx)), node, ctx));
    seen.add(code);
  }
  return out;
}

/** GetEndDeviceEvents (payloads.md §4, both vendor shapes) */
export function checkGetEndDeviceEvents(root: XNode, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  out.push(
    ...subject(
      root,
      GEDE,
      ['Customer', 'CustomerAccount', 'CustomerAgreement', 'EndDeviceEvent', 'EndDeviceEventType', 'EndDeviceGroup', 'Meter', 'ServiceCategory', 'ServiceLocation', 'UsagePoint', 'UsagePointGroup'],
      'meter, usage point, group, customer, location or event type',
      ctx,
    ),
  );
  for (const t of children(root, GEDE, 'TimeSchedule')) out.push(...intervalOf(child(t, GEDE, 'scheduleInterval'), GEDE, 'TimeSchedule.scheduleInterval', ctx));
  const seen = new Set<string>();
  for (const { code, node } of codesOf(children(root, GEDE, 'EndDeviceEventType'), GEDE)) {
    if (!seen.has(code)) out.push(...placed(checkEventType(code, codeOpts(ctx)), node, ctx));
    seen.add(code);
  }
  return out;
}

/** DOM-QUERY-PERIOD for Request/StartTime and EndTime of a request (generic or query wrapper) */
export function checkRequestPeriod(msg: ParsedMessage, ctx: CheckContext): Finding[] {
  if (!msg.request) return [];
  const node = msg.node.children.find((c) => c.name === 'Request');
  return period(msg.request.startTime, msg.request.endTime, 'Request StartTime/EndTime', node, ctx);
}
