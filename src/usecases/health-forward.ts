/**
 * EDE-06 (use-cases.md §2.6, UC-06), the MDM as SUT: the suite plays the head-end, which tells the MDM health events
 * of a meter in created(EndDeviceEvents) (as EDE-05), and the maintenance consumer (MM / WM) the MDM forwards them to,
 * at LISTENER_PATHS.mmEvents (subscriber kind MM of POST /_control/subscribers for the embedded SUT). CIM9-165 says how
 * the MDM forwards (created-events: tested; none / other-part: the scenarios are not applicable, src/cli/plan.ts
 * @cap:health-forward, like UC-06 = off). The health events are codes of use-cases.md §2.5 whose domain is a UC-05
 * health domain, each with a createdDateTime of its own (so that a forwarded event is told apart by its instant);
 * the second scenario adds an event of no health domain (e.g. 3.26.38.98 voltage imbalance), which the maintenance
 * consumer must not be told (CIM9-166). The wait takes everything reaching the maintenance consumer's address after the
 * mark (so that an event forwarded with another meter is a finding, not a wait in vain) until the quiet period ends;
 * nothing within timeouts.eventSeconds fails EDE-FWD-EVENTS. A repeat of an event already forwarded is DOM-EVENT-ONCE, the
 * OMS's rule, watched with the same code (./deliveries.ts assertToldOnce). The rules are src/checks/health-forward.ts.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp } from '../message/index.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { parseEventType } from '../codes/index.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { Finding } from '../checks/finding.ts';
import type { XNode } from '../xml/index.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkEvent } from '../checks/envelope.ts';
import { checkForwardedHealth, type ForwardScope, type SentEvent } from '../checks/health-forward.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { aboutMeters, assertToldOnce, deliveredElsewhere, deliveriesSince, eventIdentities, markDeliveries, repeatsEvent } from './deliveries.ts';
import { healthDomains } from './device-events.ts';

/** health event codes of use-cases.md §2.5, in the order the suite picks them: battery, clock, configuration, metrology, communication */
export const HEALTH_CODES = ['3.2.22.150', '3.36.0.79', '3.7.0.24', '3.21.62.50', '3.1.52.29'] as const;
/** events of no default health domain: a voltage imbalance (26 Power), a billing error (20 Billing) */
export const OTHER_CODES = ['3.26.38.98', '3.20.0.79'] as const;

const domainOf = (code: string) => {
  const p = parseEventType(code);
  return p.ok ? p.value.domain : undefined;
};

/**
 * The events the head-end tells the MDM: two health events (of the UC-05 domains), 60 s and 40 s ago, and with
 * `other` an event of no health domain 20 s ago. Throws a SuiteError when the domains leave no code to use.
 */
export function healthMessageEvents(meter: string, domains: readonly number[], other: boolean, now = Date.now()): SentEvent[] {
  const health = HEALTH_CODES.filter((c) => domains.includes(domainOf(c)!)).slice(0, 2);
  if (!health.length) throw new SuiteError(`none of the health codes ${HEALTH_CODES.join(', ')} is of a health domain of UC-05 (${domains.join(', ')}): EDE-06 cannot be tested with these domains`);
  const out: SentEvent[] = health.map((code, i) => ({ mRID: newMessageId(), code, meter, createdDateTime: nowTimestamp(() => new Date(now - 60_000 + i * 20_000)) }));
  if (other) {
    const code = OTHER_CODES.find((c) => !domains.includes(domainOf(c)!));
    if (!code) throw new SuiteError(`every code of ${OTHER_CODES.join(', ')} is of a health domain of UC-05 (${domains.join(', ')}): no event other than a health event to send`);
    out.push({ mRID: newMessageId(), code, meter, createdDateTime: nowTimestamp(() => new Date(now - 20_000)) });
  }
  return out;
}

interface ForwardState {
  meter: string;
  sent: SentEvent[];
  since: number;
  received: Exchange[];
}

const states = new WeakMap<object, ForwardState>();

/** whether the profile has EDE-06 tested (UC-06 = on, CIM9-165 = created-events); the reason when not */
export function healthForwardNotApplicable(assumptions: Readonly<Record<string, unknown>>): string | undefined {
  if (String(assumptions['UC-06'] ?? 'off') !== 'on') return 'the MDM\'s forward of health events to a maintenance consumer is not tested (assumption UC-06 = off)';
  const how = String(assumptions['CIM9-165'] ?? 'created-events');
  if (how === 'none') return 'the SUT has no maintenance consumer to forward health events to (assumption CIM9-165 = none)';
  if (how !== 'created-events') return `the SUT forwards health events as a work request in another IEC 61968 part, not Part 9 messages (assumption CIM9-165 = ${how})`;
  return undefined;
}

/** When: the head-end the suite plays tells the MDM health events of the meter (`other`: and an event of no health domain) */
export async function tellHealthEvents(w: Cim9World, other: boolean): Promise<Exchange> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  const why = healthForwardNotApplicable(w.profile.assumptions as Readonly<Record<string, unknown>>);
  if (why) throw new SuiteError(`EDE-06 does not apply: ${why}`);
  w.usedAssumptions['UC-06'] = 'on';
  w.usedAssumptions['CIM9-165'] = 'created-events';
  const sent = healthMessageEvents(m.mRID, healthDomains(w), other);
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { meter: m.mRID, sent, since: w.run.listener.lastSeq, received: [] });
  const msg: Message = {
    kind: 'event',
    header: w.requestHeader('created', 'EndDeviceEvents'),
    payload: { root: buildEndDeviceEvents(sent.map((s) => ({ mRID: s.mRID, createdDateTime: s.createdDateTime, eventType: s.code, meter: s.meter, usagePoint: m.usagePoint }))) },
  };
  return w.send('MDM', msg, `head-end (the suite) → MDM created(EndDeviceEvents) ${sent.map((s) => s.code).join(', ')}`);
}

/**
 * When: the maintenance consumer waits for the MDM's forward (timeouts.eventSeconds), then for more until the quiet
 * period ends; nothing is EDE-FWD-EVENTS
 */
export async function awaitForward(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) throw new SuiteError('the head-end told the MDM no health event before this step');
  const path = LISTENER_PATHS.mmEvents;
  w.expectedEvent = { verb: 'created', noun: 'EndDeviceEvents' };
  const limit = w.profile.timeouts.eventSeconds;
  const mine = (m: { seq: number }) => m.seq > s.since;
  const label = 'created(EndDeviceEvents) health events to the maintenance consumer';
  const first = await w.receive(path, { predicate: mine }, limit, label);
  if (!first) {
    const health = s.sent.filter((e) => healthDomains(w).includes(domainOf(e.code)!));
    w.assert(
      [
        ruleFinding('EDE-FWD-EVENTS', `nothing reached the maintenance consumer at ${w.run.listener.urlFor(path)} within ${limit} s (timeouts.eventSeconds) after the head-end told the MDM the health events ${health.map((e) => e.code).join(', ')} of meter ${s.meter}: the MDM did not forward them (CIM9-165 = created-events)`, { expected: `created(EndDeviceEvents) with the health events ${health.map((e) => e.code).join(', ')} of meter ${s.meter} at the maintenance consumer within ${limit} s`, actual: `nothing within ${limit} s`, assumptions: { 'CIM9-165': 'created-events', 'UC-06': 'on' } }),
        ...deliveredElsewhere(w.run.listener, path, deliveriesSince(w), aboutMeters([s.meter], s.since)),
      ],
      'health events forwarded to the maintenance consumer',
    );
    throw new SuiteError('unreachable: a missing forward is a finding');
  }
  s.received.push(first);
  w.lastEvent = first;
  const quiet = quietSecondsOf(w.profile);
  // a repeat of an event already told is left where it is, for the told-once step (DOM-EVENT-ONCE, assertToldOnce)
  const told = () => new Set(s.received.flatMap((x) => (x.wire?.message?.payload?.root ? [...eventIdentities(x.wire.message.payload.root)] : [])));
  for (;;) {
    const repeat = repeatsEvent(told(), s.since);
    const more = await w.receive(path, { predicate: (m) => mine(m) && !repeat(m) }, await w.quietLeft(quiet), label);
    if (!more) break;
    s.received.push(more);
  }
}

/**
 * Then (DOM-EVENT-ONCE): the maintenance consumer is told each health event once: no delivery after the mark repeats
 * an event it was told (same mRID, or same meter, type and createdDateTime) within the quiet period after the first
 * forward (the wait of awaitForward has watched most of it; the rest is watched here). The OMS's rule, reused.
 */
export async function checkForwardedOnce(w: Cim9World): Promise<void> {
  const s = states.get(w);
  const first = s?.received[0];
  if (!s || !first) throw new SuiteError('the maintenance consumer received no forward before this step');
  const roots = s.received.flatMap((x) => (x.wire?.message?.payload?.root?.name === 'EndDeviceEvents' ? [x.wire.message.payload.root] : []));
  if (!roots.length) return w.assert([ruleFinding('EDE-FWD-EVENTS', `${first.label}: the maintenance consumer received no EndDeviceEvents payload: no health event to watch for a repeat`, { file: first.label, expected: 'an EndDeviceEvents payload', actual: `${s.received.length} message(s), none with an EndDeviceEvents payload` })], 'health events told once');
  const elapsed = first.received ? (Date.now() - first.received.at.getTime()) / 1000 : 0;
  const quietSeconds = Math.max(0, quietSecondsOf(w.profile) - elapsed);
  await assertToldOnce(w, { path: LISTENER_PATHS.mmEvents, first, roots, since: s.since, step: 'health events told once', quietSeconds });
}

/** Then: the maintenance consumer is told the health events the head-end sent (and, CIM9-166, no other event) */
export function checkForwardStep(w: Cim9World): void {
  const s = states.get(w);
  const first = s?.received[0];
  if (!s || !first) throw new SuiteError('the maintenance consumer received no forward before this step');
  const findings: Finding[] = [];
  const payloads: { root: XNode; label: string }[] = [];
  for (const [i, x] of s.received.entries()) {
    // the first message is the shared steps' (schemas, header); the others are checked here
    if (i > 0) findings.push(...x.findings, ...(x.wire ? checkEvent(x.wire, { verb: 'created', noun: 'EndDeviceEvents' }, w.ctx(x.label, x.received?.at)) : []));
    const root = x.wire?.message?.payload?.root;
    if (root) payloads.push({ root, label: x.label });
  }
  if (!payloads.length) {
    findings.push(ruleFinding('EDE-FWD-EVENTS', `${first.label}: the maintenance consumer received ${s.received.length} message(s) without a payload: no health event of meter ${s.meter} to read`, { file: first.label, expected: 'an EndDeviceEvents payload', actual: `${s.received.length} message(s) without a payload` }));
    return w.assert(findings, 'health events forwarded to the maintenance consumer');
  }
  const scope: ForwardScope = String(w.run.assumptions['CIM9-166'] ?? 'health-only') === 'any' ? 'any' : 'health-only';
  w.usedAssumptions['CIM9-166'] = scope;
  findings.push(...checkForwardedHealth(payloads, { sent: s.sent, domains: healthDomains(w), scope }, w.ctx(first.label, first.received?.at)));
  w.assert(findings, 'health events forwarded to the maintenance consumer');
}
