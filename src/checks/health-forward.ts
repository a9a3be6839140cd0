/**
 * The rules of the health events an MDM forwards to its maintenance consumer (MM / WM, use-cases.md §2.6 EDE-06,
 * UC-06): every health event the head-end told the MDM reaches the maintenance consumer (EDE-FWD-EVENTS) with the
 * code (EDE-FWD-CODE), the meter (EDE-FWD-METER) and the createdDateTime (EDE-FWD-TIME) the head-end sent, and no
 * event outside the health domains goes with them (EDE-FWD-ONLY-HEALTH, UC-05 domains, CIM9-166). The payload rules
 * every EndDeviceEvents message gets (DOM-EVENT-TYPE, COD-EVENT-TYPE, DOM-EVENT-TIME) are the message checks'.
 * Pure: what the head-end sent, the payloads the maintenance consumer received and an expectation in, findings out.
 */
import type { Finding } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { child, type XNode } from '../xml/index.ts';
import { readEndDeviceEvents, type ReadEndDeviceEvent } from '../payloads/endDeviceEvents.ts';
import { parseEventType } from '../codes/index.ts';
import { parseDateTime } from './time.ts';
import { eventCode } from './device-events.ts';

/** an event the head-end (the suite) told the MDM */
export interface SentEvent {
  mRID?: string;
  /** its four-part EndDeviceEventType code */
  code: string;
  meter: string;
  createdDateTime: string;
}

export type ForwardScope = 'health-only' | 'any';

export interface ForwardExpectation {
  /** every event the head-end told the MDM in the message (health events and, for CIM9-166, others) */
  sent: readonly SentEvent[];
  /** UC-05: the health domains */
  domains: readonly number[];
  /** CIM9-166 */
  scope: ForwardScope;
}

/** the payloads the maintenance consumer received, each with the label of its message (any root: a wrong one is named) */
export type ForwardedPayloads = readonly { root: XNode; label: string }[];

/** whether a code is a health event's: it decodes and its domain is one of the health domains (UC-05) */
export function isHealthCode(code: string | undefined, domains: readonly number[]): boolean {
  if (!code) return false;
  const p = parseEventType(code);
  return p.ok && domains.includes(p.value.domain);
}

interface Forwarded {
  e: ReadEndDeviceEvent;
  code?: string;
  ms?: number;
  label: string;
}

function at(label: string, message: string, node: XNode | undefined, id: string, assumptions: Record<string, string>, ea: Pick<Finding, 'expected' | 'actual'>): Finding {
  return ruleFinding(id, `${label}: ${message}`, { file: label, line: node?.line, xpath: node?.path, assumptions, ...ea });
}

const typeNode = (e: ReadEndDeviceEvent) => child(e.node, e.node.ns, 'EndDeviceEventType') ?? e.node;
const timeNode = (e: ReadEndDeviceEvent) => child(e.node, e.node.ns, 'createdDateTime') ?? e.node;
const meterNode = (e: ReadEndDeviceEvent) => child(e.node, e.node.ns, 'Assets') ?? e.node;

const describeSent = (s: SentEvent) => `${s.code} of meter ${s.meter} created ${s.createdDateTime}`;
const describeForwarded = (f: Forwarded) => `${f.code ?? f.e.eventType} of ${f.e.meter ? `meter ${f.e.meter}` : 'no meter'} created ${f.e.createdDateTime ?? '(none)'}`;

/**
 * The health events the maintenance consumer was told, against those the head-end told the MDM. Each health event
 * sent is matched with a forwarded one: the same code, meter and instant; else the forwarded event with its mRID,
 * else one that differs in one of the three only (which is then named: EDE-FWD-CODE, EDE-FWD-METER, EDE-FWD-TIME);
 * a health event with no counterpart is EDE-FWD-EVENTS. A forwarded event matched to none whose code is of no health
 * domain is EDE-FWD-ONLY-HEALTH (CIM9-166 = health-only). A payload that is not EndDeviceEvents is EDE-FWD-EVENTS.
 */
export function checkForwardedHealth(payloads: ForwardedPayloads, exp: ForwardExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const assumptions = { 'UC-05': exp.domains.join(', '), 'CIM9-165': 'created-events', 'CIM9-166': exp.scope };
  const health = exp.sent.filter((s) => isHealthCode(s.code, exp.domains));
  if (!health.length) return [ruleFinding('DOM-EXPECTED', `${ctx.label}: the head-end told the MDM no health event (UC-05 domains ${exp.domains.join(', ')}): nothing to check`, { file: ctx.label, expected: `a health event (UC-05 domains ${exp.domains.join(', ')}) the head-end tells the MDM`, actual: exp.sent.length ? `${exp.sent.length} event(s) of no health domain: ${exp.sent.map((s) => s.code).join(', ')}` : 'no event told' })];
  const forwarded: Forwarded[] = [];
  for (const p of payloads) {
    if (p.root.name !== 'EndDeviceEvents') {
      out.push(at(p.label, `the maintenance consumer received a ${p.root.name} payload, not EndDeviceEvents (CIM9-165 = created-events)`, p.root, 'EDE-FWD-EVENTS', assumptions, { expected: 'an EndDeviceEvents payload', actual: `a ${p.root.name} payload` }));
      continue;
    }
    for (const e of readEndDeviceEvents(p.root)) forwarded.push({ e, code: eventCode(p.root, e), ms: parseDateTime(e.createdDateTime)?.ms, label: p.label });
  }
  const used = new Set<Forwarded>();
  const pending = new Map<SentEvent, Forwarded | undefined>(health.map((s) => [s, undefined]));
  const sameTime = (s: SentEvent, f: Forwarded) => f.ms !== undefined && f.ms === parseDateTime(s.createdDateTime)?.ms;
  const take = (pick: (s: SentEvent, f: Forwarded) => boolean) => {
    for (const [s, got] of pending) {
      if (got) continue;
      const f = forwarded.find((x) => !used.has(x) && pick(s, x));
      if (f) {
        used.add(f);
        pending.set(s, f);
      }
    }
  };
  // exact first, then by mRID, then by two of code, meter and instant
  take((s, f) => f.code === s.code && f.e.meter === s.meter && sameTime(s, f));
  take((s, f) => s.mRID !== undefined && f.e.mRID === s.mRID);
  take((s, f) => f.e.meter === s.meter && sameTime(s, f));
  take((s, f) => f.code === s.code && sameTime(s, f));
  take((s, f) => f.code === s.code && f.e.meter === s.meter);
  const label = payloads[0]?.label ?? ctx.label;
  for (const [s, f] of pending) {
    if (!f) {
      const seen = forwarded.map(describeForwarded).join('; ');
      out.push(at(label, `the health event ${describeSent(s)} the head-end told the MDM was not forwarded to the maintenance consumer; it was told ${seen || 'no EndDeviceEvent'}`, payloads[0]?.root, 'EDE-FWD-EVENTS', assumptions, { expected: `the health event ${describeSent(s)}`, actual: seen || 'no EndDeviceEvent' }));
      continue;
    }
    if (f.code !== s.code) out.push(at(f.label, `the health event ${describeSent(s)} was forwarded with code ${f.code ?? `"${f.e.eventType}" (no four-part code)`}`, typeNode(f.e), 'EDE-FWD-CODE', assumptions, { expected: `code ${s.code}`, actual: f.code ? `code ${f.code}` : `"${f.e.eventType}" (no four-part code)` }));
    if (f.e.meter !== s.meter) out.push(at(f.label, `the health event ${describeSent(s)} was forwarded naming ${f.e.meter ? `meter ${f.e.meter}` : 'no meter (no Assets)'}`, meterNode(f.e), 'EDE-FWD-METER', assumptions, { expected: `meter ${s.meter}`, actual: f.e.meter ? `meter ${f.e.meter}` : 'no meter (no Assets)' }));
    if (!sameTime(s, f)) out.push(at(f.label, `the health event ${describeSent(s)} was forwarded created ${f.e.createdDateTime ?? '(none)'}, not the instant the head-end sent`, timeNode(f.e), 'EDE-FWD-TIME', assumptions, { expected: `createdDateTime ${s.createdDateTime}`, actual: `createdDateTime ${f.e.createdDateTime ?? '(none)'}` }));
  }
  if (exp.scope === 'health-only') {
    for (const f of forwarded) {
      if (used.has(f) || !f.code) continue;
      // an undecodable code is DOM-EVENT-TYPE of the message checks
      if (!isHealthCode(f.code, exp.domains)) {
        const p = parseEventType(f.code);
        const domain = p.ok ? `domain ${p.value.domain} (${p.value.names.domain.join('/') || 'unknown'})` : 'no domain';
        out.push(at(f.label, `event ${describeForwarded(f)} forwarded to the maintenance consumer is not a health event: ${domain}, not one of the health domains (UC-05: ${exp.domains.join(', ')}; CIM9-166 = health-only)`, typeNode(f.e), 'EDE-FWD-ONLY-HEALTH', assumptions, { expected: `an event of a health domain (${exp.domains.join(', ')})`, actual: `${f.code}: ${domain}` }));
      }
    }
  }
  return out;
}
