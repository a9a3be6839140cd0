/**
 * EDE-05 and EDE-07 with the MDM as SUT (use-cases.md §2.5, §2.7: "MS → MDM : created(EndDeviceEvents) … ⇐ ack"): the
 * suite plays the head-end, which tells the MDM the end device events of a meter, and then the system that asks the
 * MDM for them (the maintenance consumer for health events, the network operator for power quality events) with
 * get(EndDeviceEvents) [GetEndDeviceEvents: the meter, TimeSchedule/scheduleInterval around the events told].
 *
 *   - health (EDE-05): two events of a UC-05 health domain (the codes of ./health-forward.ts), 60 s and 40 s ago;
 *   - power quality (EDE-07): the start and the stop of a voltage sag on phase A (3.26.131.223 / …224) and of a swell
 *     on phase C (3.26.133.248 / …249), each at an instant of its own;
 *   - firmware (MSE-01, the MDM as receiver): ready for activation (3.11.283.280), then activated (3.11.283.4).
 *
 * The answer must carry each event told, same code, meter and createdDateTime (EDE-EVENTS-KEPT, CIM9-310 = kept),
 * events of the meter inside the window only (EDE-QUERY-METER, EDE-QUERY-WINDOW, the head-end's query rules), and for
 * power quality starts and stops that pair per phase (EDE-PQ-PAIR). CIM9-310 = none: the MDM keeps no events to be
 * asked for; the scenarios are not applicable (src/cli/plan.ts @cap:events-mdm). What the MDM forwards meanwhile (the
 * health events to its maintenance consumer, EDE-06) is claimed as not examined. The rules are
 * src/checks/device-events.ts.
 */
import { newMessageId, nowTimestamp } from '../message/index.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkEventQueryAnswer, checkEventsKept, checkPqPairs, toldMatcher, type EventQuery, type ToldEvent } from '../checks/device-events.ts';
import type { Finding } from '../checks/finding.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { awaitQuietDeliveries, claimNotExamined, deliveriesSince, markDeliveries } from './deliveries.ts';
import { healthMessageEvents } from './health-forward.ts';
import { getEventsMessage, healthDomains } from './device-events.ts';

export type MdmEventKind = 'health' | 'pq' | 'firmware';

/**
 * the firmware events the suite tells the MDM (MSE-01, use-cases.md §6.1: "MS → MDM / MAM : created(EndDeviceEvents) with
 * firmware events … ⇐ ack"): ready for activation (3.11.283.280), then activated (3.11.283.4)
 */
export const FIRMWARE_EVENT_CODES = ['3.11.283.280', '3.11.283.4'] as const;

/** the firmware events told: ready 60 s ago, activated 30 s ago */
export function firmwareMessageEvents(meter: string, now = Date.now()): ToldEvent[] {
  return FIRMWARE_EVENT_CODES.map((code, i) => ({ mRID: newMessageId(), code, meter, createdDateTime: nowTimestamp(() => new Date(now - 60_000 + i * 30_000)) }));
}

/** the power quality events the suite tells the MDM: sag started / stopped on phase A, swell started / stopped on phase C */
export const PQ_EVENT_CODES = ['3.26.131.223', '3.26.131.224', '3.26.133.248', '3.26.133.249'] as const;

/** whether the profile has EDE-05 / EDE-07 tested with the MDM as SUT (CIM9-310 = kept); the reason when not */
export function mdmEventsNotApplicable(assumptions: Readonly<Record<string, unknown>>): string | undefined {
  if (String(assumptions['CIM9-310'] ?? 'kept') === 'none') return 'the MDM keeps no end device events the head-end tells it to be asked for with get(EndDeviceEvents) (assumption CIM9-310 = none)';
  return undefined;
}

/** the power quality events told: the sag of phase A 60 s to 50 s ago, the swell of phase C 40 s to 30 s ago */
export function pqMessageEvents(meter: string, now = Date.now()): ToldEvent[] {
  return PQ_EVENT_CODES.map((code, i) => ({ mRID: newMessageId(), code, meter, createdDateTime: nowTimestamp(() => new Date(now - 60_000 + i * 10_000)) }));
}

interface MdmEventsState {
  kind: MdmEventKind;
  meter: string;
  told: ToldEvent[];
  since: number;
  at: number;
  query?: EventQuery;
}

const states = new WeakMap<object, MdmEventsState>();

/** When: the head-end the suite plays tells the MDM health events (EDE-05) or power quality events (EDE-07) of the meter */
export async function tellMdmEvents(w: Cim9World, kind: MdmEventKind): Promise<Exchange> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  const why = mdmEventsNotApplicable(w.profile.assumptions as Readonly<Record<string, unknown>>);
  if (why) throw new SuiteError(`the MDM's get(EndDeviceEvents) of the events the head-end told it does not apply: ${why}`);
  w.usedAssumptions['CIM9-310'] = 'kept';
  const now = Date.now();
  const told: ToldEvent[] =
    kind === 'health'
      ? healthMessageEvents(m.mRID, healthDomains(w), false, now).map((e) => ({ ...e, mRID: e.mRID ?? newMessageId() }))
      : kind === 'firmware'
        ? firmwareMessageEvents(m.mRID, now)
        : pqMessageEvents(m.mRID, now);
  markDeliveries(w, w.run.listener, { settle: true });
  states.set(w, { kind, meter: m.mRID, told, since: w.run.listener.lastSeq, at: now });
  const root = buildEndDeviceEvents(told.map((e) => ({ mRID: e.mRID, createdDateTime: e.createdDateTime, eventType: e.code, meter: e.meter, usagePoint: m.usagePoint })));
  return w.send('MDM', { kind: 'event', header: w.requestHeader('created', 'EndDeviceEvents'), payload: { root } }, `head-end (the suite) → MDM created(EndDeviceEvents) ${told.map((e) => e.code).join(', ')} of meter ${m.mRID}`);
}

/** the window the suite asks the MDM for: from 5 minutes before the first event told to 5 minutes after the last */
export function toldWindow(told: readonly ToldEvent[]): { start: string; end: string } {
  const ms = told.map((e) => Date.parse(e.createdDateTime));
  return { start: nowTimestamp(() => new Date(Math.min(...ms) - 300_000)), end: nowTimestamp(() => new Date(Math.max(...ms) + 300_000)) };
}

/** When: the suite (maintenance consumer / network operator) asks the MDM get(EndDeviceEvents) for the meter over the events told */
export async function askMdmEvents(w: Cim9World, asker: string): Promise<Exchange> {
  const s = states.get(w);
  if (!s) throw new SuiteError('the head-end told the MDM no event before this step');
  s.query = { meters: [s.meter], ...toldWindow(s.told) };
  w.lastWindow = { start: s.query.start, end: s.query.end };
  return w.send('MDM', getEventsMessage(w.requestHeader('get', 'EndDeviceEvents'), s.query), `${asker} (the suite) → MDM get(EndDeviceEvents) of meter ${s.meter}, ${s.query.start} to ${s.query.end}`);
}

/**
 * Then: the MDM answers the events it was told (EDE-EVENTS-KEPT), of the meter and inside the window (the query rules),
 * power quality starts and stops in pairs per phase (EDE-PQ-PAIR). What reached the listener meanwhile (the forward of
 * health events to the maintenance consumer, EDE-06) is claimed first, as not examined.
 */
export async function checkMdmEventsStep(w: Cim9World): Promise<void> {
  const s = states.get(w);
  const x = w.last;
  if (!s?.query || !x) throw new SuiteError('the MDM was asked for no event before this step');
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  const root = x.wire?.message?.payload?.root;
  const step = s.kind === 'health' ? 'health events kept by the MDM' : s.kind === 'firmware' ? 'firmware events kept by the MDM' : 'power quality events kept by the MDM';
  const findings: Finding[] = [];
  if (!root || root.name !== 'EndDeviceEvents') {
    findings.push(ruleFinding('EDE-EVENTS-KEPT', `${ctx.label}: the answer carries no EndDeviceEvents payload${root ? ` (a ${root.name} payload)` : ''}: none of the ${s.told.length} events (${s.told.map((e) => e.code).join(', ')}) the head-end told the MDM`, { file: ctx.label, expected: `an EndDeviceEvents payload with the ${s.told.length} events told`, actual: root ? `a ${root.name} payload` : 'no payload', assumptions: { 'CIM9-310': 'kept' } }));
  } else {
    findings.push(...checkEventQueryAnswer(root, s.query, ctx), ...checkEventsKept(root, s.told, ctx));
    // the pairs of the events this scenario told (others of the meter, told by another scenario, are not its own)
    if (s.kind === 'pq') findings.push(...checkPqPairs([{ root, label: ctx.label }], s.meter, ctx, toldMatcher(root, s.told)));
  }
  const quietMs = quietSecondsOf(w.profile) * 1000;
  if ((await w.sutIdle(quietMs)) === undefined) {
    await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.mmEvents, since: s.since, quietMs, deadline: s.at + w.profile.timeouts.eventSeconds * 1000 });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.mmEvents, since: deliveriesSince(w), title: "Delivered to the maintenance consumer's address after the head-end told the MDM the events and not examined by this scenario" });
  w.assert(findings, step);
}
