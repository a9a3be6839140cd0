/**
 * What the SUT delivers on its own to the peers the suite plays (published events, asynchronous results):
 * which deliveries belong to the scenario, which event a delivery is about, whether an event came twice,
 * and whether something meant for the suite went to another address.
 *
 * A scenario marks the listener before it causes deliveries (a request, a field stimulus); only what arrives
 * after its mark is its own, so an event a previous scenario left unclaimed is never taken for this one's.
 */
import type { Finding } from '../checks/finding.ts';
import { rule, ruleFinding } from '../checks/catalogue.ts';
import { readMessage } from '../message/index.ts';
import { readEndDeviceEvents, type ReadEndDeviceEvent } from '../payloads/endDeviceEvents.ts';
import type { Listener, ReceivedMessage } from '../transport/index.ts';
import type { XNode } from '../xml/index.ts';
import { identifiersOfMessage } from '../checks/masterdata.ts';
import { checkEvent } from '../checks/envelope.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { SuiteError } from '../session/verdict.ts';
import { quietSecondsOf } from '../profile/index.ts';

interface Mark {
  since: number;
  /** uncorrelated deliveries (published events) may follow: let them arrive before the next scenario starts */
  settle: boolean;
}

const marks = new WeakMap<object, Mark>();

/**
 * Remember where the scenario's deliveries start (everything the listener holds so far is not its own).
 * `settle`: the scenario causes publications that carry nothing to tell them from the next scenario's (no
 * CorrelationID), so `settleDeliveries` lets stragglers arrive before the next scenario marks the listener.
 */
export function markDeliveries(scenario: object, listener: Pick<Listener, 'lastSeq'>, opts: { settle?: boolean } = {}): void {
  marks.set(scenario, { since: listener.lastSeq, settle: opts.settle ?? false });
}

/** the scenario's mark: deliveries with a higher seq are its own */
export function deliveriesSince(scenario: object): number {
  return marks.get(scenario)?.since ?? 0;
}

/**
 * At the end of a scenario that caused publications: wait until the listener has received nothing for
 * `quietMs` (at most 3 × quietMs), so that a late or repeated publication caused by this scenario (which then
 * stays unclaimed, and is reported as unsolicited) lands before the next scenario marks the listener and is
 * never taken for the next scenario's own. `sutIdle` (Cim9World.sutIdle): when the SUT says it is idle within the
 * 3 × quietMs, the wait ends there.
 */
export async function settleDeliveries(scenario: object, listener: Pick<Listener, 'all'>, quietMs: number, sutIdle?: (ms: number) => Promise<boolean | undefined>): Promise<void> {
  if (!marks.get(scenario)?.settle) return;
  const deadline = Date.now() + 3 * quietMs;
  // a SUT that says it is idle (the embedded reference SUT) has delivered everything it will: nothing to wait for
  if (sutIdle && (await sutIdle(3 * quietMs))) return;
  for (;;) {
    const last = listener.all().at(-1)?.receivedAt.getTime() ?? 0;
    const wait = Math.min(last + quietMs, deadline) - Date.now();
    if (wait <= 0) return;
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** the EndDeviceEvents of a delivery; undefined when it carries no readable EndDeviceEvents payload */
export function eventsOf(m: Pick<ReceivedMessage, 'body'>): ReadEndDeviceEvent[] | undefined {
  const r = readMessage(m.body);
  const root = r.ok ? r.wire.message?.payload?.root : undefined;
  return root && root.name === 'EndDeviceEvents' ? readEndDeviceEvents(root) : undefined;
}

/**
 * A delivery after `since` about one of these meters (or, when given, of one of these usage points: the devices at
 * a meter's premises). A delivery whose payload cannot be read counts when its header says EndDeviceEvents, so that
 * the scenario fails on its content instead of waiting in vain.
 */
export function aboutMeters(meters: readonly string[], since: number, usagePoints: readonly string[] = []): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since) return false;
    const events = eventsOf(m);
    if (!events) return m.inspected.noun === 'EndDeviceEvents';
    return events.some((e) => (e.meter !== undefined && meters.includes(e.meter)) || (e.usagePoint !== undefined && usagePoints.includes(e.usagePoint)));
  };
}

/** what identifies an event: its mRID, and its meter, type and createdDateTime */
function keysOf(e: Pick<ReadEndDeviceEvent, 'mRID' | 'meter' | 'eventType' | 'createdDateTime'>): string[] {
  const out: string[] = [];
  if (e.mRID) out.push(`mRID ${e.mRID}`);
  if (e.meter && e.eventType && e.createdDateTime) out.push(`${e.eventType} at meter ${e.meter} created ${e.createdDateTime}`);
  return out;
}

/** the identities of the events of an EndDeviceEvents payload */
export function eventIdentities(root: XNode): Set<string> {
  return new Set(readEndDeviceEvents(root).flatMap(keysOf));
}

/** a delivery after `since` that repeats one of these events (same mRID, or same meter, type and createdDateTime) */
export function repeatsEvent(identities: ReadonlySet<string>, since: number): (m: ReceivedMessage) => boolean {
  return (m) => m.seq > since && (eventsOf(m) ?? []).some((e) => keysOf(e).some((k) => identities.has(k)));
}

/** DOM-EVENT-ONCE: the finding for an event told twice */
export function repeatedEventFinding(first: { label: string; at?: Date }, identities: ReadonlySet<string>, repeat: { at: Date; messageId?: string }): Finding {
  const r = rule('DOM-EVENT-ONCE');
  const after = first.at ? ` ${((repeat.at.getTime() - first.at.getTime()) / 1000).toFixed(1)} s after the first` : '';
  return {
    rule: r.id,
    clause: r.clause,
    severity: r.severity,
    message: `${first.label}: the same event (${[...identities].join('; ')}) was published a second time${after}${repeat.messageId ? ` (MessageID ${repeat.messageId})` : ''}; a subscriber is told of an event once`,
    file: first.label,
    messageId: repeat.messageId,
    expected: 'the event told once',
    actual: `told again${after}${repeat.messageId ? ` (MessageID ${repeat.messageId})` : ''}`,
  };
}

/**
 * Then (DOM-EVENT-ONCE): a subscriber at `path` is told of an event once. Watches `path` for `quietSeconds` (default
 * timeouts.quietSeconds; the embedded SUT: until it is idle) for a delivery after `since` that repeats an event of
 * `roots` (the EndDeviceEvents payloads told so far: same mRID, or same meter, type and createdDateTime), a repeat
 * already arrived included; one is a finding against the SUT. The OMS's outage events (EDE-03/04) and the maintenance
 * consumer's health events (EDE-06) are watched with it.
 */
export async function assertToldOnce(w: Cim9World, o: { path: string; first: Exchange; roots: readonly XNode[]; since: number; step: string; quietSeconds?: number }): Promise<void> {
  const at = o.first.received?.at;
  const identities = new Set(o.roots.flatMap((r) => [...eventIdentities(r)]));
  if (!identities.size) return w.assert([ruleFinding('DOM-EXPECTED', `${o.first.label}: no event with an mRID, or a meter, type and createdDateTime, to compare a repeat with`, { file: o.first.label, expected: 'an event with an mRID, or a meter, type and createdDateTime', actual: 'none' })], o.step);
  const repeat = await w.receive(o.path, { predicate: repeatsEvent(identities, o.since) }, await w.quietLeft(o.quietSeconds ?? quietSecondsOf(w.profile)), `second ${o.first.label}`);
  if (repeat?.received) w.assert([repeatedEventFinding({ label: o.first.label, at }, identities, { at: repeat.received.at, messageId: repeat.wire?.message?.header?.messageId })], o.step);
}

/**
 * ENV-DELIVERY: deliveries after `since` that match what the scenario waits for but went to another address
 * of the suite than `expectedPath`. They stay unclaimed, so the report also lists them as unsolicited.
 */
export function deliveredElsewhere(listener: Pick<Listener, 'unclaimed' | 'urlFor'> & Partial<Pick<Listener, 'basePath'>>, expectedPath: string, since: number, matches: (m: ReceivedMessage) => boolean): Finding[] {
  // both sides relative to the listener's base path (the path of listener.publicUrl): a delivery at the expected
  // address is never reported as astray; one outside the base path is shown by the path it was posted to
  const want = expectedPath.replace(/^\/+|\/+$/g, '');
  const astray = listener.unclaimed(since).filter((m) => (m.delivery === 'misdirected' || m.path !== want) && matches(m));
  if (!astray.length) return [];
  const r = rule('ENV-DELIVERY');
  const where = (m: ReceivedMessage) =>
    m.delivery === 'misdirected' ? `the path ${m.rawUrl} (outside the listener's base path${listener.basePath ? ` ${listener.basePath}` : ''}; answered 404)` : listener.urlFor(m.path);
  return [
    {
      rule: r.id,
      clause: r.clause,
      severity: r.severity,
      message: `${astray.length} message(s) meant for ${listener.urlFor(expectedPath)} were posted to another address: ${astray
        .map((m) => `#${m.seq} ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'}) to ${where(m)}`)
        .join('; ')}`,
      messageId: astray[0]!.inspected.messageId,
      expected: listener.urlFor(expectedPath),
      actual: astray.map((m) => where(m)).join('; '),
    },
  ];
}

/**
 * What arrived at `path` after `since` and nobody took, in words, for a finding about a delivery that never came:
 * `#6 created(MeterConfig) naming M-1001`, `#7 oversized (HTTP 413)`, `#8 created(MeterConfig): <why unreadable>`.
 */
export function strayDeliveries(listener: Pick<Listener, 'unclaimed'>, path: string, since: number): string[] {
  return listener
    .unclaimed(since)
    .filter((m) => m.path === path)
    .map((m) => {
      if (m.delivery !== 'accepted') return `#${m.seq} ${m.delivery} (HTTP ${m.responseStatus})`;
      const head = `#${m.seq} ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'})`;
      if (m.inspected.problem) return `${head}: ${m.inspected.problem}`;
      const read = readMessage(m.body);
      const named = [...identifiersOfMessage(read.ok ? read.wire.message : undefined)];
      return named.length ? `${head} naming ${named.join(', ')}` : head;
    });
}

/** the noun of a delivery: its payload root, else its header's Noun, else '' */
export const nounOfDelivery = (x: Exchange): string => x.wire?.message?.payload?.root?.name ?? x.wire?.message?.header?.noun ?? '';

/**
 * Then: every delivery of `what` (the outcome of a control, the results of a load control ...) is schema-valid and a
 * conformant created(<Noun>) EventMessage; none received before the step is a suite error, never a pass
 */
export function checkCreatedDeliveries(w: Cim9World, deliveries: readonly Exchange[], what: string): void {
  if (!deliveries.length) throw new SuiteError(`no ${what} was received before this step`);
  const findings: Finding[] = [];
  for (const x of deliveries) {
    findings.push(...x.findings);
    if (x.wire) findings.push(...checkEvent(x.wire, { verb: 'created', noun: nounOfDelivery(x) || 'EndDeviceEvents' }, w.ctx(x.label, x.received?.at)));
  }
  w.assert(findings, `${what} messages`);
}

/**
 * Wait until the deliveries at `path` after `since` have been quiet for `quietMs` (no new one in that time), at most
 * until `deadline` (epoch ms): what a scenario's After hook does for an external SUT before it claims the leftovers.
 */
export async function awaitQuietDeliveries(listener: Pick<Listener, 'all'>, o: { path: string; since: number; quietMs: number; deadline: number }): Promise<void> {
  const count = () => listener.all().filter((m) => m.seq > o.since && m.path === o.path).length;
  let seen = count();
  for (;;) {
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(o.quietMs, o.deadline - Date.now()))));
    const now = count();
    if (now === seen || Date.now() >= o.deadline) return;
    seen = now;
  }
}

/**
 * Claim what arrived at `path` after `since` that no step examined, so it is not reported as unsolicited to the next
 * scenario, and attach the list to this one under `title` (what it is, where it went: "Delivered to the MDM's address
 * after the control and not examined by this scenario").
 */
export function claimNotExamined(w: Cim9World, o: { path: string; since: number; title: string }): void {
  const left = w.run.listener.drain({ path: o.path, sinceSeq: o.since }, `${w.scenarioName} (not examined)`);
  if (!left.length) return;
  w.attach(`${o.title}:\n${left.map((m) => `#${m.seq} ${m.inspected.verb ?? '?'}(${m.inspected.noun ?? '?'})`).join('\n')}`, {
    mediaType: 'text/plain',
    fileName: 'not examined.txt',
  });
}

/**
 * The finding when nothing the scenario waits for reached the listener within timeouts.eventSeconds: `rule` names
 * what is missing ("no <what> reached <to> at <url> within N s (timeouts.eventSeconds) after <after>"), with what
 * arrived at that address instead, and an ENV-DELIVERY finding for a matching message posted to another address.
 * Asserts them, so it never returns.
 */
export function assertNothingArrived(
  w: Cim9World,
  o: { rule: string; path: string; since: number; match: (m: ReceivedMessage) => boolean; what: string; to: string; after: string; step: string; assumptions?: Record<string, string> },
): never {
  const r = rule(o.rule);
  const strays = strayDeliveries(w.run.listener, o.path, o.since);
  w.assert(
    [
      {
        rule: r.id,
        clause: r.clause,
        severity: 'error',
        message: `no ${o.what} reached ${o.to} at ${w.run.listener.urlFor(o.path)} within ${w.profile.timeouts.eventSeconds} s (timeouts.eventSeconds) after ${o.after}${strays.length ? `; arrived there instead: ${strays.join('; ')}` : ''}`,
        expected: `${o.what} at ${w.run.listener.urlFor(o.path)} within ${w.profile.timeouts.eventSeconds} s`,
        actual: strays.length ? `other messages: ${strays.join('; ')}` : 'nothing',
        ...(o.assumptions ? { assumptions: o.assumptions } : {}),
      },
      ...deliveredElsewhere(w.run.listener, o.path, o.since, o.match),
    ],
    o.step,
  );
  throw new SuiteError(`unreachable: ${o.step} missing is a finding`);
}
