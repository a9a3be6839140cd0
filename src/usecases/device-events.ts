/**
 * End device events beyond outage detection, with the head-end as SUT (use-cases.md §2.5, §2.7, §2.9, §10):
 * - EDE-09: the MDM the suite plays asks the head-end get(EndDeviceEvents) [GetEndDeviceEvents] for a meter and a
 *   time window; the answer carries events of that meter inside the window only (src/checks/device-events.ts), its
 *   codes decode (the message checks). A window that matches nothing is answered as UC-34 says; an unknown meter is
 *   refused (the shared negative step, with its valid twin);
 * - EDE-05: a health alarm in the field (stimulus `health-alarm`): the head-end tells the MDM (the suite, at
 *   LISTENER_PATHS.mdmEvents) created(EndDeviceEvents) whose codes decode and have a health domain (UC-05);
 * - EDE-07: a voltage sag in the field (stimulus `voltage-sag`): the power quality events the head-end tells the MDM
 *   pair start and stop per meter and phase.
 */
import type { Header, Message } from '../message/index.ts';
import { nowTimestamp } from '../message/index.ts';
import { buildGetEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { fireStimulus, type StimulusEvent } from '../session/stimulus.ts';
import type { XNode } from '../xml/index.ts';
import type { Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { describeReply } from '../checks/masterdata.ts';
import { checkEvent } from '../checks/envelope.ts';
import { checkEventQueryAnswer, checkHealthEvents, checkPqPairs, type EventQuery } from '../checks/device-events.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { aboutMeters, deliveredElsewhere, deliveriesSince, markDeliveries } from './deliveries.ts';
import { setTwin } from './twin.ts';

/** get(EndDeviceEvents) for meters and a time window (payloads.md §4: Meter, TimeSchedule/scheduleInterval) */
export function getEventsMessage(header: Header, q: EventQuery): Message {
  return { kind: 'request', header, request: { query: buildGetEndDeviceEvents({ meters: [...q.meters], start: q.start, end: q.end }) } };
}

const HOUR = 3600_000;

/**
 * The windows the scenarios ask: `last N hours` (ending now), and the no-match window, a day ten years ago, long before
 * the test meters were installed.
 */
export function eventWindow(which: { lastHours: number } | 'no-match', now = Date.now()): { start: string; end: string } {
  if (which === 'no-match') {
    const end = now - 10 * 365 * 24 * HOUR;
    return { start: nowTimestamp(() => new Date(end - 24 * HOUR)), end: nowTimestamp(() => new Date(end)) };
  }
  return { start: nowTimestamp(() => new Date(now - which.lastHours * HOUR)), end: nowTimestamp(() => new Date(now)) };
}

interface QueryState {
  query: EventQuery;
  noMatch: boolean;
}

const queries = new WeakMap<object, QueryState>();

/** When: the MDM asks the head-end for the events of the scenario's meters in a window */
export async function askEvents(w: Cim9World, which: { lastHours: number } | 'no-match'): Promise<Exchange> {
  if (!w.meters.length) throw new SuiteError('no meter was chosen before this step');
  const window = eventWindow(which);
  const known = w.profile.data.meters[0]?.mRID;
  if (known) {
    setTwin(w, {
      role: 'HES',
      negative: w.meters.some((m) => m.mRID === w.profile.data.unknownMeter),
      label: `get(EndDeviceEvents) of meter ${known}`,
      build: () => getEventsMessage(w.requestHeader('get', 'EndDeviceEvents'), { meters: [known], ...eventWindow({ lastHours: 24 }) }),
    });
  }
  const query: EventQuery = { meters: w.meters.map((m) => m.mRID), ...window };
  queries.set(w, { query, noMatch: which === 'no-match' });
  w.lastWindow = window;
  return w.send('HES', getEventsMessage(w.requestHeader('get', 'EndDeviceEvents'), query), `get(EndDeviceEvents) ${which === 'no-match' ? 'of a window with no event' : `of the last ${which.lastHours} hours`}`);
}

function queryOf(w: Cim9World): QueryState & { x: Exchange } {
  const s = queries.get(w);
  const x = w.last;
  if (!s || !x) throw new SuiteError('no get(EndDeviceEvents) was sent before this step');
  return { ...s, x };
}

/** Then (EDE-09): the answer carries events of the meter inside the window only */
export function checkQueryAnswerStep(w: Cim9World): void {
  const { query, x } = queryOf(w);
  const root = x.wire?.message?.payload?.root;
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  if (!root || root.name !== 'EndDeviceEvents') {
    return w.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${ctx.label}: no EndDeviceEvents payload in the answer to get(EndDeviceEvents)${root ? ` (a ${root.name} payload)` : ''}`, file: ctx.label, expected: 'an EndDeviceEvents payload', actual: root ? `a ${root.name} payload` : 'no payload' }], 'events of the meter in the window');
  }
  w.assert(checkEventQueryAnswer(root, query, ctx), 'events of the meter in the window');
}

/**
 * Then (EDE-09, UC-34): the answer to a query that matches nothing is OK without events of the meter in the window
 * or FAILED with an "invalid …" code (category 2 of Annex B), as UC-34 allows. Events in the answer are checked like
 * any answer (an event outside the window, or of another meter, is a finding); events that do match the query mean
 * the SUT has events then: the no-match case cannot be tested with this meter (an error of the set-up, not a finding).
 */
export function checkNoMatchStep(w: Cim9World): void {
  const { query, x, noMatch } = queryOf(w);
  if (!noMatch) throw new SuiteError('the last get(EndDeviceEvents) was not the no-match query');
  const uc34 = String(w.run.assumptions['UC-34'] ?? 'either');
  w.usedAssumptions['UC-34'] = uc34;
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  const reply = x.wire?.fault ? undefined : x.wire?.message?.reply;
  if (!reply) {
    const fs = x.findings.filter((f) => f.severity === 'error');
    if (fs.length) return w.assert(fs, 'answer to a query with no match');
    return w.assert([{ rule: 'ENV-EXPECTED-RESULT', clause: rule('ENV-EXPECTED-RESULT').clause, severity: 'error', message: `${ctx.label}: no Reply to read a Result from${x.wire?.fault ? ' (a SOAP fault)' : ''}`, file: ctx.label, expected: 'a reply with Reply/Result (OK with no events, or FAILED with an "invalid …" code)', actual: x.wire?.fault ? `a SOAP fault "${x.wire.fault.reason}"` : 'no Reply', assumptions: { 'UC-34': uc34 } }], 'answer to a query with no match');
  }
  const findings: Finding[] = [];
  const assumptions = { 'UC-34': uc34 };
  if (reply.result === 'OK') {
    const root = x.wire?.message?.payload?.root;
    if (root && root.name === 'EndDeviceEvents') {
      const events = readEndDeviceEvents(root);
      const wrong = checkEventQueryAnswer(root, query, ctx).filter((f) => f.rule !== 'DOM-EXPECTED');
      findings.push(...wrong);
      if (events.length && !wrong.length) {
        throw new SuiteError(`${ctx.label}: the SUT has ${events.length} event(s) of meter ${query.meters.join(', ')} between ${query.start} and ${query.end}, the window chosen to match nothing: the no-match case cannot be tested with this meter`);
      }
    }
    if (uc34 === 'failed') findings.push({ rule: 'ENV-EXPECTED-RESULT', clause: rule('ENV-EXPECTED-RESULT').clause, severity: 'error', message: `${ctx.label}: Result OK for a query that matches nothing; UC-34 = failed expects FAILED with an "invalid …" code`, file: ctx.label, expected: 'Result FAILED with an "invalid …" code (2.x)', actual: 'Result OK', assumptions });
  } else if (reply.result === 'FAILED') {
    if (uc34 === 'ok-empty') {
      findings.push({ rule: 'ENV-EXPECTED-RESULT', clause: rule('ENV-EXPECTED-RESULT').clause, severity: 'error', message: `${ctx.label}: Result ${describeReply(reply)} for a query that matches nothing; UC-34 = ok-empty expects OK with no events`, file: ctx.label, expected: 'Result OK with no events', actual: `Result ${describeReply(reply)}`, assumptions });
    } else if (!(reply.errors ?? []).some((e) => /^2\.[0-9]+$/.test(e.code))) {
      findings.push({ rule: 'ENV-EXPECTED-CODE', clause: rule('ENV-EXPECTED-CODE').clause, severity: 'error', message: `${ctx.label}: a query that matches nothing refused with ${describeReply(reply)}; UC-34 allows OK with no events or FAILED with an "invalid …" code (2.x)`, file: ctx.label, expected: 'Result OK with no events, or FAILED with an "invalid …" code (2.x)', actual: `Result ${describeReply(reply)}`, assumptions });
    }
  } else {
    findings.push({ rule: 'ENV-EXPECTED-RESULT', clause: rule('ENV-EXPECTED-RESULT').clause, severity: 'error', message: `${ctx.label}: Result ${describeReply(reply)} for a query that matches nothing; UC-34 allows OK with no events or FAILED with an "invalid …" code`, file: ctx.label, expected: 'Result OK with no events, or FAILED with an "invalid …" code (2.x)', actual: `Result ${describeReply(reply)}`, assumptions });
  }
  w.assert(findings, 'answer to a query with no match');
}

// ------------------------------------------------------------------------------------------------ published to the MDM

export type FieldDeviceEvent = 'health-alarm' | 'voltage-sag';

interface PublishedState {
  /** the meter of the stimulus (the old meter of a change-out) */
  meter: string;
  /** the meters whose events are the scenario's (a change-out: the old and the new one) */
  meters: string[];
  /** usage points whose events are the scenario's too (the PAN devices at the meter's premises) */
  usagePoints: string[];
  since: number;
  received: Exchange[];
}

const published = new WeakMap<object, PublishedState>();

/**
 * When: a field event at the meter (a stimulus): a health alarm, a voltage sag, and the service and premises events
 * of src/usecases/service-events.ts. `opts.meters`: the meters the stimulus names (a change-out: [old, new]) whose
 * events the MDM then waits for; `opts.usagePoints`: usage points whose events count too.
 */
export async function fieldEvent(w: Cim9World, event: StimulusEvent, opts: { meters?: readonly [string, string]; usagePoints?: string[] } = {}): Promise<'skipped' | void> {
  const meter = watchEvents(w, opts);
  return fireStimulus(w, event, opts.meters ?? meter);
}

/**
 * Before the suite causes events (a stimulus, or a message to an MDM SUT it forwards): mark the listener and remember
 * whose events the scenario waits for (the scenario's meter, or `opts.meters`, and `opts.usagePoints`); the meter
 */
export function watchEvents(w: Cim9World, opts: { meters?: readonly [string, string]; usagePoints?: string[] } = {}): string {
  const meter = opts.meters?.[0] ?? w.meters[0]?.mRID;
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  markDeliveries(w, w.run.listener, { settle: true });
  published.set(w, { meter, meters: opts.meters ? [...opts.meters] : [meter], usagePoints: opts.usagePoints ?? [], since: w.run.listener.lastSeq, received: [] });
  return meter;
}

/**
 * When: the MDM waits for created(EndDeviceEvents) about the meter (timeouts.eventSeconds), then for more within the
 * quiet period (`all`: the power quality events may come in several messages)
 */
export async function awaitMdmEvents(w: Cim9World, what: string, opts: { all?: boolean; to?: { path: string; peer: string } } = {}): Promise<void> {
  const path = opts.to?.path ?? LISTENER_PATHS.mdmEvents;
  const peer = opts.to?.peer ?? 'MDM';
  const s = published.get(w);
  if (!s) throw new SuiteError('no field event was caused before this step');
  w.expectedEvent = { verb: 'created', noun: 'EndDeviceEvents' };
  const limit = w.profile.timeouts.eventSeconds;
  const about = aboutMeters(s.meters, s.since, s.usagePoints);
  const label = `created(EndDeviceEvents) ${what} to the ${peer}`;
  const first = await w.receive(path, { predicate: about }, limit, label);
  if (!first) {
    const r = rule('DOM-EXPECTED');
    const whom = `meter ${s.meters.join(' or ')}${s.usagePoints.length ? ` or usage point ${s.usagePoints.join(', ')}` : ''}`;
    w.assert(
      [
        { rule: r.id, clause: r.clause, severity: 'error', message: `no created(EndDeviceEvents) about ${whom} reached the ${peer} at ${w.run.listener.urlFor(path)} within ${limit} s (timeouts.eventSeconds) after the ${what}`, expected: `created(EndDeviceEvents) about ${whom} at ${w.run.listener.urlFor(path)} within ${limit} s`, actual: `nothing within ${limit} s` },
        ...deliveredElsewhere(w.run.listener, path, deliveriesSince(w), about),
      ],
      `${what} published`,
    );
    throw new SuiteError('unreachable: a missing publication is a finding');
  }
  s.received.push(first);
  w.lastEvent = first;
  if (!opts.all) return;
  const quiet = quietSecondsOf(w.profile);
  for (;;) {
    const more = await w.receive(path, { predicate: about }, await w.quietLeft(quiet), label);
    if (!more) break;
    s.received.push(more);
  }
}

/**
 * What the MDM received after the field event: the EndDeviceEvents payloads of every message, the findings of the
 * messages after the first (schema, envelope: the shared steps check the first), and the first message.
 */
export function publishedEvents(w: Cim9World, what: string): { meter: string; meters: string[]; payloads: { root: XNode; label: string }[]; findings: Finding[]; first: Exchange } {
  const s = published.get(w);
  if (!s || !s.received.length) throw new SuiteError(`no ${what} was received before this step`);
  const payloads = s.received.flatMap((x) => {
    const root = x.wire?.message?.payload?.root;
    return root && root.name === 'EndDeviceEvents' ? [{ root, label: x.label }] : [];
  });
  const findings: Finding[] = s.received.slice(1).flatMap((m) => [
    ...m.findings,
    ...(m.wire ? checkEvent(m.wire, { verb: 'created', noun: 'EndDeviceEvents' }, w.ctx(m.label, m.received?.at)) : []),
  ]);
  return { meter: s.meter, meters: s.meters, payloads, findings, first: s.received[0]! };
}

/** UC-05: the health domains of the register (a list of EndDeviceDomain numbers) */
export function healthDomains(w: Cim9World): number[] {
  const v = w.profile.assumptions['UC-05'] as unknown;
  const list = Array.isArray(v) ? v : String(v).split(',');
  const out = list.map((x) => Number(String(x).trim())).filter((n) => Number.isInteger(n));
  w.usedAssumptions['UC-05'] = out.join(', ');
  return out;
}

/** Then (EDE-05): every event of the meter is a health event: its code decodes, its domain is a health domain */
export function checkHealthStep(w: Cim9World): void {
  const s = published.get(w);
  const x = s?.received[0];
  if (!s || !x) throw new SuiteError('no health event was received before this step');
  const root = x.wire?.message?.payload?.root;
  const ctx = w.ctx(x.label, x.received?.at);
  if (!root || root.name !== 'EndDeviceEvents') {
    return w.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label}: no EndDeviceEvents payload`, file: x.label, expected: 'an EndDeviceEvents payload', actual: root ? `a ${root.name} payload` : 'no payload' }], 'health events');
  }
  w.assert(checkHealthEvents(root, { meter: s.meter, domains: healthDomains(w) }, ctx), 'health events');
}

/**
 * Then (EDE-07): every message received after the first is schema-valid and conformant too, and the sag / swell starts
 * and stops of the meter pair per phase over all of them
 */
export function checkPqStep(w: Cim9World): void {
  const { meter, payloads, findings, first: x } = publishedEvents(w, 'power quality event');
  findings.push(...checkPqPairs(payloads, meter, w.ctx(x.label, x.received?.at)));
  w.assert(findings, 'power quality start / stop pairs');
}
