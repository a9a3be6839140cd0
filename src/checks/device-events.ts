/**
 * The rules of end device events beyond outage detection (use-cases.md §2.5, §2.7, §2.9): what the head-end answers
 * to get(EndDeviceEvents) by meter and time window (EDE-QUERY-METER, EDE-QUERY-WINDOW), the domains of meter health
 * events (EDE-HEALTH-DOMAIN, UC-05) and the start / stop pairs of power quality events (EDE-PQ-PAIR). The payload
 * rules every EndDeviceEvents message gets (DOM-EVENT-TYPE, COD-EVENT-TYPE, DOM-EVENT-TIME) are checked with the
 * message (src/checks/message.ts); these are the use case's own. Pure: a payload and an expectation in, findings out.
 */
import type { Finding, Severity } from './finding.ts';
import { rule } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { child, type XNode } from '../xml/index.ts';
import { readEndDeviceEvents, readEndDeviceEventTypes, type ReadEndDeviceEvent } from '../payloads/endDeviceEvents.ts';
import { parseEventType } from '../codes/index.ts';
import { parseDateTime } from './time.ts';

function mk(id: string, message: string, node: XNode | undefined, ctx: CheckContext, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  const r = rule(id);
  return { rule: id, clause: r.clause, severity: severity ?? r.severity, message: `${ctx.label}: ${message}`, file: ctx.label, line: node?.line, xpath: node?.path, ...extra };
}

const typeNode = (e: ReadEndDeviceEvent) => child(e.node, e.node.ns, 'EndDeviceEventType') ?? e.node;

/**
 * The four-part code of an event: its EndDeviceEventType ref when it is one, else the code of the EndDeviceEventType
 * definition of the payload whose mRID or name it refers to; undefined when it resolves to no code.
 */
export function eventCode(root: XNode, e: Pick<ReadEndDeviceEvent, 'eventType'>): string | undefined {
  const ref = e.eventType.trim();
  if (parseEventType(ref).ok) return ref;
  const d = readEndDeviceEventTypes(root).find((t) => t.mRID === ref || t.name === ref);
  return d?.code && parseEventType(d.code).ok ? d.code : undefined;
}

export interface EventQuery {
  /** the meters asked for */
  meters: readonly string[];
  /** the time window asked for */
  start: string;
  end: string;
}

/**
 * The answer to get(EndDeviceEvents) by meter and time window: events present (a query the suite knows matches must
 * not be answered with nothing, DOM-EXPECTED), each of a meter asked (EDE-QUERY-METER), each created inside the
 * window (EDE-QUERY-WINDOW).
 */
export function checkEventQueryAnswer(root: XNode, q: EventQuery, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const events = readEndDeviceEvents(root);
  if (!events.length) out.push(mk('DOM-EXPECTED', `the answer carries no EndDeviceEvent of meter ${q.meters.join(', ')} between ${q.start} and ${q.end}: nothing to check`, root, ctx, { expected: `EndDeviceEvents of meter ${q.meters.join(', ')} in ${q.start} – ${q.end}`, actual: 'none' }));
  const start = parseDateTime(q.start)?.ms ?? -Infinity;
  const end = parseDateTime(q.end)?.ms ?? Infinity;
  for (const e of events) {
    if (!e.meter) out.push(mk('EDE-QUERY-METER', 'EndDeviceEvent names no meter (Assets): it cannot be told to be of the meter asked', e.node, ctx, { expected: `meter ${q.meters.join(' or ')}`, actual: 'no meter' }));
    else if (!q.meters.includes(e.meter)) out.push(mk('EDE-QUERY-METER', `event ${e.mRID ?? e.eventType} of meter "${e.meter}" in the answer for meter ${q.meters.map((m) => `"${m}"`).join(', ')}`, e.node, ctx, { expected: `meter ${q.meters.join(' or ')}`, actual: `meter ${e.meter}` }));
    const t = parseDateTime(e.createdDateTime);
    // an unreadable createdDateTime is DOM-EVENT-TIME of the message checks
    if (t && (t.ms < start || t.ms > end)) out.push(mk('EDE-QUERY-WINDOW', `event ${e.mRID ?? e.eventType} created ${t.text}, outside the window asked (${q.start} to ${q.end})`, child(e.node, e.node.ns, 'createdDateTime') ?? e.node, ctx, { expected: `createdDateTime within ${q.start} – ${q.end}`, actual: `createdDateTime ${t.text}` }));
  }
  return out;
}

/**
 * Meter health events (EDE-05): at least one event of the meter, and each one's code decodes and has a health
 * domain (UC-05: the configured list of EndDeviceDomain numbers).
 */
export function checkHealthEvents(root: XNode, exp: { meter: string; domains: readonly number[] }, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const events = readEndDeviceEvents(root).filter((e) => e.meter === exp.meter);
  const assumptions = { 'UC-05': exp.domains.join(', ') };
  if (!events.length) out.push(mk('DOM-EXPECTED', `carries no EndDeviceEvent of meter ${exp.meter}`, root, ctx, { expected: `an EndDeviceEvent of meter ${exp.meter}`, actual: 'none' }));
  for (const e of events) {
    const code = eventCode(root, e);
    if (!code) {
      out.push(mk('EDE-HEALTH-DOMAIN', `health event ${e.mRID ?? ''} has EndDeviceEventType "${e.eventType}", which does not decode to a four-part code: its domain is unknown`, typeNode(e), ctx, { assumptions, expected: `a code of domain ${exp.domains.join(' or ')}`, actual: `EndDeviceEventType "${e.eventType}"` }));
      continue;
    }
    const p = parseEventType(code);
    if (p.ok && !exp.domains.includes(p.value.domain)) {
      out.push(mk('EDE-HEALTH-DOMAIN', `health event ${e.mRID ?? ''} has code ${code}, domain ${p.value.domain} (${p.value.names.domain.join('/') || 'unknown'}), not a health domain (UC-05: ${exp.domains.join(', ')})`, typeNode(e), ctx, { assumptions, expected: `a code of domain ${exp.domains.join(' or ')}`, actual: `code ${code} (domain ${p.value.domain})` }));
    }
  }
  return out;
}

/** the power quality kind of a code: sag / swell start or stop (use-cases.md §2.7: …223/224 sag, …248/249 swell) */
export function pqKind(code: string): { kind: 'sag' | 'swell'; edge: 'start' | 'stop'; phase: number } | undefined {
  const p = parseEventType(code);
  if (!p.ok || p.value.domain !== 26) return undefined;
  const edge = { 223: ['sag', 'start'], 224: ['sag', 'stop'], 248: ['swell', 'start'], 249: ['swell', 'stop'] }[p.value.eventOrAction] as ['sag' | 'swell', 'start' | 'stop'] | undefined;
  return edge ? { kind: edge[0], edge: edge[1], phase: p.value.subDomain } : undefined;
}

/**
 * Power quality events of a meter over what the suite watched (EDE-07): at least one PQ event, and per phase and
 * kind the starts and stops alternate in time, starting with a start and ending with a stop (EDE-PQ-PAIR).
 * `payloads` are the EndDeviceEvents roots received, with the label of the message each came in.
 */
export function checkPqPairs(payloads: readonly { root: XNode; label: string }[], meter: string, ctx: CheckContext, only?: (e: ReadEndDeviceEvent) => boolean): Finding[] {
  const out: Finding[] = [];
  const pq = payloads.flatMap(({ root }) =>
    readEndDeviceEvents(root).flatMap((e) => {
      if (e.meter !== meter || (only && !only(e))) return [];
      const code = eventCode(root, e);
      const k = code ? pqKind(code) : undefined;
      const t = parseDateTime(e.createdDateTime);
      return k && t ? [{ e, code: code!, ...k, ms: t.ms }] : [];
    }),
  );
  if (!pq.length) {
    out.push(mk('DOM-EXPECTED', `no sag or swell start / stop event of meter ${meter} arrived`, payloads[0]?.root, ctx, { expected: `a sag or swell start / stop event of meter ${meter}`, actual: 'none' }));
    return out;
  }
  const groups = new Map<string, typeof pq>();
  for (const x of pq) {
    const key = `${x.kind} of phase subdomain ${x.phase}`;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  for (const [key, list] of groups) {
    list.sort((a, b) => a.ms - b.ms);
    let open: (typeof pq)[number] | undefined;
    for (const x of list) {
      if (x.edge === 'start') {
        if (open) out.push(mk('EDE-PQ-PAIR', `${key} of meter ${meter}: started again (${x.code}, ${x.e.createdDateTime}) without a stop of the start at ${open.e.createdDateTime}`, typeNode(x.e), ctx, { expected: `a stop of the start at ${open.e.createdDateTime}`, actual: `another start ${x.code} at ${x.e.createdDateTime}` }));
        open = x;
      } else {
        if (!open) out.push(mk('EDE-PQ-PAIR', `${key} of meter ${meter}: stop ${x.code} at ${x.e.createdDateTime} without its start`, typeNode(x.e), ctx, { expected: 'a start before the stop', actual: `stop ${x.code} at ${x.e.createdDateTime}, no start` }));
        open = undefined;
      }
    }
    if (open) out.push(mk('EDE-PQ-PAIR', `${key} of meter ${meter}: start ${open.code} at ${open.e.createdDateTime} never stopped within the window watched`, typeNode(open.e), ctx, { expected: `a stop of the start at ${open.e.createdDateTime}`, actual: 'none' }));
  }
  return out;
}

/** an event the suite, as the head-end, told the MDM (EDE-05 / EDE-07 with the MDM as SUT) */
export interface ToldEvent {
  mRID: string;
  /** its four-part EndDeviceEventType code */
  code: string;
  meter: string;
  createdDateTime: string;
}

/** an xs:dateTime to the whole second (epoch seconds), undefined when it is none */
function toSecond(s: string | undefined): number | undefined {
  const t = parseDateTime(s);
  return t ? Math.floor(t.ms / 1000) : undefined;
}

/** the answered event that is the one told: the same mRID, else the same meter and createdDateTime to the second */
function findTold(answered: readonly ReadEndDeviceEvent[], t: ToldEvent): ReadEndDeviceEvent | undefined {
  const at = toSecond(t.createdDateTime);
  return answered.find((a) => a.mRID === t.mRID) ?? answered.find((a) => a.meter === t.meter && at !== undefined && toSecond(a.createdDateTime) === at);
}

/**
 * The answered events that are the ones `told`, found as checkEventsKept finds them (findTold): a predicate over the
 * events read from `root`. The events of the meter another scenario told the same SUT a moment earlier are not this
 * scenario's, and its pairs interleave with them (two runs of the EDE-07 scenario 3 s apart in one reference SUT: "a
 * sag started again before its stop", seen in a run with the features four times over).
 */
export function toldMatcher(root: XNode, told: readonly ToldEvent[]): (e: ReadEndDeviceEvent) => boolean {
  const answered = readEndDeviceEvents(root);
  const mine = new Set<XNode>();
  for (const t of told) {
    const e = findTold(answered, t);
    if (e) mine.add(e.node);
  }
  return (e) => mine.has(e.node);
}

/**
 * The MDM's answer to get(EndDeviceEvents) for the events the head-end told it (EDE-EVENTS-KEPT, CIM9-310): each event
 * told is in the answer — found by its mRID, else by meter and createdDateTime (findTold) — with the same code (its
 * ref, or the code of the payload's EndDeviceEventType definition it refers to), meter and createdDateTime (to the
 * second).
 */
export function checkEventsKept(root: XNode, told: readonly ToldEvent[], ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const answered = readEndDeviceEvents(root);
  const assumptions = { 'CIM9-310': 'kept' };
  for (const t of told) {
    const at = toSecond(t.createdDateTime);
    const e = findTold(answered, t);
    const what = `event ${t.code} of meter ${t.meter} created ${t.createdDateTime} (mRID ${t.mRID})`;
    if (!e) {
      out.push(mk('EDE-EVENTS-KEPT', `the ${what} the head-end told the MDM is not in the answer (${answered.length} event(s), none with that mRID or of that meter at that time)`, root, ctx, { assumptions, expected: `an EndDeviceEvent with mRID ${t.mRID}, or of meter ${t.meter} created ${t.createdDateTime}`, actual: `${answered.length} event(s), none of them` }));
      continue;
    }
    const code = eventCode(root, e);
    if (code !== t.code) out.push(mk('EDE-EVENTS-KEPT', `the ${what} is answered with EndDeviceEventType "${e.eventType}"${code && code !== e.eventType ? ` (code ${code})` : ''}, not the code told`, typeNode(e), ctx, { assumptions, expected: `EndDeviceEventType ${t.code}`, actual: `EndDeviceEventType "${e.eventType}"${code && code !== e.eventType ? ` (code ${code})` : ''}` }));
    if (e.meter !== t.meter) out.push(mk('EDE-EVENTS-KEPT', `the ${what} is answered as an event of meter "${e.meter ?? '(none)'}"`, e.node, ctx, { assumptions, expected: `meter ${t.meter}`, actual: e.meter === undefined ? 'no meter' : `meter "${e.meter}"` }));
    if (toSecond(e.createdDateTime) !== at) out.push(mk('EDE-EVENTS-KEPT', `the ${what} is answered created "${e.createdDateTime ?? '(none)'}", not the time told`, child(e.node, e.node.ns, 'createdDateTime') ?? e.node, ctx, { assumptions, expected: `createdDateTime ${t.createdDateTime}`, actual: e.createdDateTime === undefined ? 'no createdDateTime' : `createdDateTime "${e.createdDateTime}"` }));
  }
  return out;
}
