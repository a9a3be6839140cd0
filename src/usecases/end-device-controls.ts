/**
 * Meter connect/disconnect (EDC-06, use-cases.md §4.6; EDC-07, §4.7): the MDM (or the CIS) the suite plays sends
 * create(EndDeviceControls) to the head-end with one control per meter, of the Annex F code of the command
 * (codes.md: 3.31.0.23 remote disconnect, 3.31.0.18 remote connect). Built through src/payloads.
 *
 * After it accepted a control, the head-end tells the MDM (the suite, at LISTENER_PATHS.mdmEvents) the outcome —
 * created(EndDeviceEvents) with the switch event and/or created(EndDeviceControls), UC-21 — and then the final
 * (disconnect) / initial (connect) register read created(MeterReadings) (CIM9-94). Only deliveries after the
 * scenario's mark that name the meter of the control are taken; whatever the scenario caused and no step examined is
 * claimed after it (`claimLeftovers`), so it is never reported as unsolicited nor taken by the next scenario.
 * The checks are src/checks/controls.ts.
 *
 * The ECITP 2.09 error condition with the head-end as SUT (EDC-06.10): a meter that switches but cannot give its
 * register read — the profile's data.unreadableMeter, or data.meters[0] made so by the optional stimulus
 * read-unavailable (stimulus.readUnavailable; the embedded SUT always can) and made readable again after the scenario
 * (read-restored). After the switch the MDM asks the head-end for the meter's register read (a fresh get(MeterReadings),
 * the ECITP "read request"), and the answer must say the data is unavailable (EDC-HES-READ-RESULT, CIM9-243). Neither
 * declared: the scenarios are not applicable (@cap:read-unavailable, `readUnavailableNotApplicable`).
 */
import type { Header, Message } from '../message/index.ts';
import { newMessageId, nowTimestamp, readMessage } from '../message/index.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { readMeterReadings } from '../payloads/meterReadings.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import type { Finding } from '../checks/finding.ts';
import { rule } from '../checks/catalogue.ts';
import { checkEvent } from '../checks/envelope.ts';
import { severityOf } from '../checks/assume.ts';
import { checkControlsResult, checkSwitchEvents, checkSwitchRead, type SwitchEvent, type SwitchExpectation } from '../checks/controls.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { assertNothingArrived, awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined, markDeliveries, nounOfDelivery } from './deliveries.ts';
import { setTwin } from './twin.ts';
import { checkFailureEvents, checkFailureResult, checkSwitchState, checkUnavailableReadAnswer, switchFailureEvents, type UnavailableMapping } from '../checks/controls.ts';
import { awaitAsyncResult } from './async-result.ts';
import { fireStimulus } from '../session/stimulus.ts';
import { getEndDeviceEventsMessage, getMeterReadingsMessage } from './requests.ts';
import { expectedCodes } from './expectations.ts';
import type { Profile } from '../profile/index.ts';

/** the commands of EDC-06 and their EndDeviceControlType codes (RCDSwitch domain 31) */
export const CONTROL_COMMANDS = { connect: '3.31.0.18', disconnect: '3.31.0.23' } as const;
export type ControlCommand = keyof typeof CONTROL_COMMANDS;

export function isControlCommand(s: string): s is ControlCommand {
  return Object.hasOwn(CONTROL_COMMANDS, s);
}

/** MDM → head-end: create(EndDeviceControls), one control per meter */
export function controlsMessage(header: Header, meters: { mRID: string }[], command: ControlCommand): Message {
  return {
    kind: 'request',
    header,
    payload: {
      root: buildEndDeviceControls({
        controls: meters.map((m) => ({ mRID: newMessageId(), reason: command, controlType: CONTROL_COMMANDS[command], endDevices: [{ mRID: m.mRID }] })),
      }),
    },
  };
}

// ------------------------------------------------------------------------------------------------ the scenario

type OutcomeNoun = 'EndDeviceEvents' | 'EndDeviceControls';

interface ControlState {
  exp: SwitchExpectation;
  /** the scenario's deliveries start after this seq */
  since: number;
  /** the request was sent synchronously and the outcome is due at the MDM address */
  outcome: Exchange[];
  event?: SwitchEvent;
}

const states = new WeakMap<object, ControlState>();

function stateOf(w: Cim9World): ControlState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no connect or disconnect was sent before this step');
  return s;
}

/** the connect / disconnect the scenario sent and where its deliveries start (MR-09, ./coincident-reads.ts) */
export function sentControl(w: Cim9World): { exp: SwitchExpectation; since: number } {
  const s = stateOf(w);
  return { exp: s.exp, since: s.since };
}

/** the meters a delivery's payload names, by noun; undefined when its payload cannot be read */
export function namedMeters(m: Pick<ReceivedMessage, 'body'>): { noun: string; meters: string[] } | undefined {
  const r = readMessage(m.body);
  const root = r.ok ? r.wire.message?.payload?.root : undefined;
  if (!root) return undefined;
  if (root.name === 'EndDeviceEvents') return { noun: root.name, meters: readEndDeviceEvents(root).flatMap((e) => (e.meter ? [e.meter] : [])) };
  if (root.name === 'EndDeviceControls') return { noun: root.name, meters: readEndDeviceControls(root).flatMap((c) => (c.endDevices ?? []).flatMap((d) => [d.mRID ?? '', ...(d.names ?? []).map((n) => n.name)]).filter(Boolean)) };
  if (root.name === 'MeterReadings') return { noun: root.name, meters: readMeterReadings(root).meterReadings.flatMap((x) => [x.meter?.mRID ?? '', ...(x.meter?.names ?? [])]).filter(Boolean) };
  return { noun: root.name, meters: [] };
}

/**
 * A delivery after `since` of one of `nouns` about the meter. One whose payload cannot be read counts when its
 * header names one of the nouns, so that the scenario fails on its content instead of waiting in vain.
 */
export function aboutMeter(meter: string, nouns: readonly string[], since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const named = namedMeters(m);
    if (!named) return nouns.includes(m.inspected.noun ?? '');
    return nouns.includes(named.noun) && named.meters.includes(meter);
  };
}

/** UC-21: the completion messages that count (the EPRI changed(MeterServiceRequests) is not covered) */
export function completionNouns(uc21: string): OutcomeNoun[] {
  if (uc21 === 'created-end-device-controls') return ['EndDeviceControls'];
  if (uc21 === 'created-end-device-events') return ['EndDeviceEvents'];
  if (uc21 === 'any') return ['EndDeviceEvents', 'EndDeviceControls'];
  throw new SuiteError(`UC-21 = ${uc21}: the completion changed(MeterServiceRequests) of the EPRI draft flow is not covered by these scenarios`);
}

const nounOf = nounOfDelivery;

/** When: the MDM (or, asynchronously, the CIS) asks the head-end to switch the scenario's meter */
export async function sendControl(w: Cim9World, command: ControlCommand, opts: { async?: boolean } = {}): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const known = w.profile.data.meters[0]?.mRID;
  if (known) {
    setTwin(w, {
      role: 'HES',
      negative: w.meters.some((m) => m.mRID === w.profile.data.unknownMeter),
      label: `create(EndDeviceControls) ${command} of meter ${known}`,
      build: () => controlsMessage(w.requestHeader('create', 'EndDeviceControls'), [{ mRID: known }], command),
    });
  }
  markDeliveries(w, w.run.listener, { settle: true });
  const since = w.run.listener.lastSeq;
  const header = w.requestHeader('create', 'EndDeviceControls', opts.async ? { asyncReplyFlag: true, replyAddress: w.run.listener.urlFor(LISTENER_PATHS.replies) } : {});
  const requestedAt = new Date();
  states.set(w, { exp: { command, controlType: CONTROL_COMMANDS[command], meter: meter.mRID, requestedAt }, since, outcome: [] });
  return w.send('HES', controlsMessage(header, w.meters, command), `create(EndDeviceControls) ${command}${opts.async ? ' asynchronous' : ''}`);
}

/**
 * When: the MDM waits for the head-end's outcome of the switch (timeouts.eventSeconds): the first completion message
 * UC-21 allows about the meter, then, within timeouts.quietSeconds, the other kind if UC-21 allows both. Each is
 * received through the World (layer 1). Nothing arriving is EDC-COMPLETION.
 */
export async function awaitOutcome(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const uc21 = String(w.run.assumptions['UC-21'] ?? 'any');
  w.usedAssumptions['UC-21'] = uc21;
  const nouns = completionNouns(uc21);
  const label = (noun: string) => `created(${noun}) outcome of the ${s.exp.command} to the MDM`;
  const limit = w.profile.timeouts.eventSeconds;
  const first = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: aboutMeter(s.exp.meter, nouns, s.since) }, limit, label(nouns.join('/')));
  if (!first) {
    assertNothingArrived(w, {
      rule: 'EDC-COMPLETION',
      path: LISTENER_PATHS.mdmEvents,
      since: s.since,
      match: aboutMeter(s.exp.meter, nouns, s.since),
      what: `${nouns.map((n) => `created(${n})`).join(' or ')} about meter ${s.exp.meter}`,
      to: 'the MDM',
      after: `the ${s.exp.command} was accepted`,
      step: 'outcome of the switch',
      assumptions: { 'UC-21': uc21 },
    });
  }
  const got = nounOf(first);
  // named by what it is, for the findings of the checks that follow
  if (got) first.label = label(got);
  s.outcome.push(first);
  const rest = nouns.filter((n) => n !== got);
  if (rest.length) {
    const second = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: aboutMeter(s.exp.meter, rest, s.since) }, quietSecondsOf(w.profile), label(rest.join('/')));
    if (second) s.outcome.push(second);
  }
  w.lastEvent = first;
}

/** Then: every outcome message is schema-valid and a conformant created(<Noun>) EventMessage */
export function checkOutcomeMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).outcome, 'outcome');
}

/** Then: the outcome is the result of the command for the meter (EDC-RESULT-EVENT, EDC-COMPLETION) */
export function checkOutcomeContent(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.outcome.length) throw new SuiteError('no outcome was received before this step');
  const findings: Finding[] = [];
  for (const x of s.outcome) {
    const root = x.wire?.message?.payload?.root;
    const ctx = w.ctx(x.label, x.received?.at);
    if (!root) {
      findings.push({ rule: 'EDC-COMPLETION', clause: rule('EDC-COMPLETION').clause, severity: 'error', message: `${x.label}: no payload to tell the outcome of the ${s.exp.command}`, file: x.label, expected: 'an EndDeviceEvents or EndDeviceControls payload telling the outcome', actual: 'no payload' });
    } else if (root.name === 'EndDeviceEvents') {
      const r = checkSwitchEvents(root, s.exp, ctx);
      findings.push(...r.findings);
      s.event = r.event;
    } else if (root.name === 'EndDeviceControls') {
      findings.push(...checkControlsResult(root, s.exp, ctx));
    } else {
      findings.push({ rule: 'EDC-COMPLETION', clause: rule('EDC-COMPLETION').clause, severity: 'error', message: `${x.label}: a ${root.name} payload does not tell the outcome of the ${s.exp.command}`, file: x.label, expected: 'an EndDeviceEvents or EndDeviceControls payload telling the outcome', actual: `a ${root.name} payload` });
    }
  }
  w.assert(findings, `outcome of the ${s.exp.command}`);
}

/**
 * Then: the final (disconnect) / initial (connect) register read reaches the MDM (CIM9-94: its absence is a warning by
 * default) and, when it comes, is a conformant created(MeterReadings) of the meter with the reason of the switch,
 * taken not before the switch event (EDC-SWITCH-READ).
 */
export async function checkSwitchReadStep(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const mode = String(w.run.assumptions['CIM9-94'] ?? 'warning');
  w.usedAssumptions['CIM9-94'] = mode;
  const which = s.exp.command === 'disconnect' ? 'final' : 'initial';
  const severity = severityOf(mode, 'warning');
  if (!severity) {
    w.attach(`The ${which} register read was not waited for (assumption CIM9-94 = off).`, { mediaType: 'text/plain', fileName: 'not checked.txt' });
    return;
  }
  const limit = w.profile.timeouts.eventSeconds;
  const label = `created(MeterReadings) ${which} read of meter ${s.exp.meter} to the MDM`;
  const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: aboutMeter(s.exp.meter, ['MeterReadings'], s.since) }, limit, label);
  if (!x) {
    const r = rule('EDC-SWITCH-READ');
    return w.assert(
      [{ rule: r.id, clause: r.clause, severity, message: `no ${which} register read created(MeterReadings) about meter ${s.exp.meter} reached the MDM within ${limit} s (timeouts.eventSeconds) after the ${s.exp.command}`, expected: `created(MeterReadings) with the ${which} register read of meter ${s.exp.meter} within ${limit} s`, actual: `nothing within ${limit} s`, assumptions: { 'CIM9-94': mode } }],
      `${which} read`,
    );
  }
  w.lastEvent = x;
  const ctx = w.ctx(x.label, x.received?.at);
  const findings: Finding[] = [...x.findings];
  if (x.wire) findings.push(...checkEvent(x.wire, { verb: 'created', noun: 'MeterReadings' }, ctx));
  const root = x.wire?.message?.payload?.root;
  if (root?.name === 'MeterReadings') findings.push(...checkSwitchRead(root, { ...s.exp, event: s.event }, ctx));
  w.assert(findings, `${which} read`);
}

/** Then (EDC-07): the asynchronous result names the meter and the command (EDC-COMPLETION) */
export function checkAsyncResult(w: Cim9World): void {
  const s = stateOf(w);
  const x = w.lastEvent;
  if (!x) throw new SuiteError('no asynchronous result was received before this step');
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'EndDeviceControls') {
    return w.assert([{ rule: 'EDC-COMPLETION', clause: rule('EDC-COMPLETION').clause, severity: 'error', message: `${x.label}: no EndDeviceControls payload to tell the result of the ${s.exp.command}`, file: x.label, expected: 'an EndDeviceControls payload', actual: root ? `a ${root.name} payload` : 'no payload' }], 'asynchronous result');
  }
  w.assert(checkControlsResult(root, s.exp, w.ctx(x.label, x.received?.at)), 'asynchronous result');
}

/**
 * After the scenario: what it caused at the MDM address and no step examined (the outcome of a scenario that checks
 * only the reply, the read after a failed step, a twin's switch) is claimed once deliveries there have been quiet
 * for timeouts.quietSeconds (at most timeouts.eventSeconds), and attached as not examined.
 */
export async function claimLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
  // the embedded reference SUT: once it is idle everything it was caused to send has arrived (else a quiet period)
  if ((await w.sutIdle(deadline - Date.now())) === undefined) {
    await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.mdmEvents, since: s.since, quietMs: quietSecondsOf(w.profile) * 1000, deadline });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: s.since, title: 'Delivered to the MDM address after the control and not examined by this scenario' });
}

// ------------------------------------------------------------------------------------------------ ECITP 2.09, the head-end as SUT

/**
 * why the scenarios of a meter that cannot give its register read (@cap:read-unavailable) do not apply to a profile:
 * it declares no such meter (data.unreadableMeter) and its stimulus cannot make one (stimulus.readUnavailable; kind
 * simulator always can). Undefined when they apply.
 */
export function readUnavailableNotApplicable(profile: Pick<Profile, 'data' | 'stimulus'>): string | undefined {
  if (profile.data.unreadableMeter) return undefined;
  const k = profile.stimulus.kind;
  if (k === 'simulator' || (k !== 'none' && profile.stimulus.readUnavailable)) return undefined;
  return 'the profile declares no meter whose register the head-end cannot read (data.unreadableMeter), and its stimulus cannot make one (stimulus.readUnavailable: the optional stimulus read-unavailable)';
}

/** the meter of the scenario that cannot give its read, and whether a stimulus made it so (then read-restored after the scenario) */
const unreadables = new WeakMap<object, { meter: string; byStimulus: boolean }>();

/**
 * Given: a meter that switches but cannot give its register read: the profile's data.unreadableMeter, else
 * data.meters[0] made so by the stimulus read-unavailable ('skipped' under stimulus.kind manual)
 */
export async function chooseUnreadableMeter(w: Cim9World): Promise<'skipped' | void> {
  const declared = w.profile.data.unreadableMeter;
  if (declared) {
    w.meters = [declared];
    unreadables.set(w, { meter: declared.mRID, byStimulus: false });
    w.attach(`Meter ${declared.mRID} (data.unreadableMeter) switches but its register cannot be read.`, { mediaType: 'text/plain', fileName: 'unreadable meter.txt' });
    return;
  }
  const why = readUnavailableNotApplicable(w.profile);
  if (why) throw new SuiteError(`${why}: this scenario should not have been planned`);
  const meter = w.profile.data.meters[0];
  if (!meter) throw new SuiteError('the profile lists no meter (data.meters)');
  w.meters = [meter];
  if ((await fireStimulus(w, 'read-unavailable', meter.mRID)) === 'skipped') return 'skipped';
  unreadables.set(w, { meter: meter.mRID, byStimulus: true });
}

/** After: a meter the stimulus made unreadable is made readable again (read-restored) */
export async function restoreReadability(w: Cim9World): Promise<void> {
  const u = unreadables.get(w);
  if (!u?.byStimulus) return;
  unreadables.delete(w);
  await fireStimulus(w, 'read-restored', u.meter);
}

/** the exchange of the read request and where the check of its answer starts */
const readRequests = new WeakMap<object, Exchange>();

/**
 * When: after the switch, the MDM asks the head-end for the register read of the meter (the ECITP 2.09 "read request":
 * a fresh get(MeterReadings) naming the meter and data.readingTypes.register, no time window)
 */
export async function askSwitchRead(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const x = await w.send('HES', getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), [s.exp.meter], [w.profile.data.readingTypes.register]), `get(MeterReadings) register of meter ${s.exp.meter} after the ${s.exp.command}`);
  readRequests.set(w, x);
}

const mappingOf = (v: unknown): UnavailableMapping => (v === 'error' || v === 'off' ? v : 'warning');

/**
 * Then: the head-end's answer says the read is unavailable — not OK; FAILED (PARTIAL per CIM9-243); a code of
 * expectedCodes.dataUnavailable (5.7), asserted as COD-06 says — and neither it nor what the head-end told the MDM
 * since the control carries a reading of the meter taken after the switch (EDC-HES-READ-RESULT)
 */
export function checkUnavailableRead(w: Cim9World): void {
  const s = stateOf(w);
  const x = readRequests.get(w);
  if (!x) throw new SuiteError('the MDM asked the head-end for no read before this step');
  const u = unreadables.get(w);
  if (!u || u.meter !== s.exp.meter) throw new SuiteError('the scenario switched a meter it did not make unreadable');
  const m = x.wire?.message;
  if (!m?.reply) {
    // no readable reply: the shared reply steps report it; nothing here to judge
    throw new SuiteError(`the answer to the read request carries no Reply to judge (see the findings of "${x.label}")`);
  }
  const mapping = mappingOf(w.run.assumptions['CIM9-243']);
  w.usedAssumptions['CIM9-243'] = mapping;
  const cod06 = String(w.run.assumptions['COD-06'] ?? 'when-claimed');
  const published = w.run.listener
    .all()
    .filter((d) => d.path === LISTENER_PATHS.mdmEvents && aboutMeter(s.exp.meter, ['MeterReadings'], s.since)(d))
    .flatMap((d) => {
      const r = readMessage(d.body);
      const root = r.ok ? r.wire.message?.payload?.root : undefined;
      return root?.name === 'MeterReadings' ? [{ label: `created(MeterReadings) #${d.seq} to the MDM`, root }] : [];
    });
  const findings = checkUnavailableReadAnswer(
    { result: m.reply.result, codes: (m.reply.errors ?? []).map((e) => e.code), root: m.payload?.root },
    published,
    { ...s.exp, event: s.event, mapping, codes: expectedCodes(w.profile, 'dataUnavailable'), codesAsserted: cod06 === 'always' || w.annexB },
    w.ctx(x.label, x.received?.at),
  );
  w.assert(findings, 'the answer about the read');
}

// ------------------------------------------------------------------------------------------------ the switch state, later

/** the exchange of the events query after the switch */
const stateQueries = new WeakMap<object, Exchange>();

/**
 * When: after the switch the MDM asks the head-end for the events of the meter from the control on: get(EndDeviceEvents)
 * naming the meter, the window from the request (less the clock skew) to now (plus the clock skew)
 */
export async function askSwitchState(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const skew = w.profile.timeouts.clockSkewSeconds * 1000;
  const window = { start: nowTimestamp(() => new Date(s.exp.requestedAt.getTime() - skew)), end: nowTimestamp(() => new Date(Date.now() + skew)) };
  const x = await w.send('HES', getEndDeviceEventsMessage(w.requestHeader('get', 'EndDeviceEvents'), [s.exp.meter], window), `get(EndDeviceEvents) of meter ${s.exp.meter} since the ${s.exp.command}`);
  stateQueries.set(w, x);
}

/** Then: the events of the answer show the meter in the state the command left it (EDC-SWITCH-STATE, CIM9-244) */
export function checkSwitchStateStep(w: Cim9World): void {
  const s = stateOf(w);
  const x = stateQueries.get(w);
  if (!x) throw new SuiteError('the MDM asked the head-end for no events before this step');
  const m = x.wire?.message;
  if (!m?.reply) throw new SuiteError(`the answer to the events query carries no Reply to judge (see the findings of "${x.label}")`);
  if (m.reply.result === 'FAILED') {
    const r = rule('EDC-SWITCH-STATE');
    return w.assert([{ rule: r.id, clause: r.clause, severity: 'error', message: `${x.label}: the head-end refused the events query of meter ${s.exp.meter} (Result FAILED${(m.reply.errors ?? []).length ? ` ${(m.reply.errors ?? []).map((e) => e.code).join(', ')}` : ''}), a meter it has just switched`, file: x.label, expected: `Result OK with the events of meter ${s.exp.meter}`, actual: `Result FAILED${(m.reply.errors ?? []).length ? ` ${(m.reply.errors ?? []).map((e) => e.code).join(', ')}` : ''}` }], 'the switch state');
  }
  const v = String(w.run.assumptions['CIM9-244'] ?? 'warning');
  const missing = v === 'error' || v === 'off' ? v : 'warning';
  w.usedAssumptions['CIM9-244'] = missing;
  w.assert(checkSwitchState(m.payload?.root, { ...s.exp, told: s.event }, missing, w.ctx(x.label, x.received?.at)), 'the switch state');
}

// ------------------------------------------------------------------------------------------------ EDC-07.2, a switch that fails

/**
 * why the scenarios of a meter whose switch fails (@cap:switch-failure) do not apply to a profile: its stimulus cannot
 * make one (stimulus.switchFailure: the optional stimuli switch-stuck / switch-freed; kind simulator always can).
 * Undefined when they apply.
 */
export function switchFailureNotApplicable(profile: Pick<Profile, 'stimulus'>): string | undefined {
  const k = profile.stimulus.kind;
  if (k === 'simulator' || (k !== 'none' && profile.stimulus.switchFailure)) return undefined;
  return 'the profile\'s stimulus cannot make the switch of a meter fail (stimulus.switchFailure: the optional stimuli switch-stuck / switch-freed)';
}

/** the meter of the scenario whose switch the stimulus made fail (switch-freed after the scenario) */
const stuckMeters = new WeakMap<object, string>();

/** Given: a meter whose switch fails: data.meters[0] made so by the stimulus switch-stuck ('skipped' under kind manual) */
export async function chooseStuckMeter(w: Cim9World): Promise<'skipped' | void> {
  const why = switchFailureNotApplicable(w.profile);
  if (why) throw new SuiteError(`${why}: this scenario should not have been planned`);
  const meter = w.profile.data.meters[0];
  if (!meter) throw new SuiteError('the profile lists no meter (data.meters)');
  w.meters = [meter];
  if ((await fireStimulus(w, 'switch-stuck', meter.mRID)) === 'skipped') return 'skipped';
  stuckMeters.set(w, meter.mRID);
}

/** After: a meter the stimulus made fail switches again (switch-freed) */
export async function freeSwitch(w: Cim9World): Promise<void> {
  const meter = stuckMeters.get(w);
  if (!meter) return;
  stuckMeters.delete(w);
  await fireStimulus(w, 'switch-freed', meter);
}

/** the verbs the failure result is awaited with: the failures CIM9-300 names, and created, which the content check judges */
const FAILURE_RESULT_VERBS = ['canceled', 'reply', 'created'] as const;

/** When: the CIS waits at its ReplyAddress for the result of the control whose switch failed (any correlated result) */
export async function awaitFailureResult(w: Cim9World): Promise<void> {
  await awaitAsyncResult(w, { verbs: FAILURE_RESULT_VERBS, noun: 'EndDeviceControls', label: 'asynchronous result of the failed create(EndDeviceControls)' });
}

/**
 * Then: the failure result is schema-valid and a conformant message correlated to the request (an EventMessage, or a
 * ResponseMessage, whose Reply then stands for the payload: a FAILED reply need carry no EndDeviceControls)
 */
export function checkFailureResultMessage(w: Cim9World): void {
  const x = w.lastEvent;
  if (!x) throw new SuiteError('no asynchronous result was received before this step');
  const req = w.lastRequest;
  const findings: Finding[] = [...x.findings];
  if (x.wire) {
    const response = x.wire.message?.kind === 'response';
    findings.push(...checkEvent(x.wire, { verb: FAILURE_RESULT_VERBS, noun: 'EndDeviceControls', resultOf: req }, w.ctx(x.label, x.received?.at)).filter((f) => !(response && f.rule === 'DOM-EXPECTED')));
  }
  w.assert(findings, `${x.label}: schemas and header`);
}

/** Then: the result says the switch failed, for the meter and the command (EDC-FAILURE-RESULT, CIM9-300) */
export function checkFailureResultContent(w: Cim9World): void {
  const s = stateOf(w);
  const x = w.lastEvent;
  const m = x?.wire?.message;
  if (!x || !m) throw new SuiteError('no readable asynchronous result was received before this step (its findings say why)');
  const mode = String(w.run.assumptions['CIM9-300'] ?? 'any');
  w.usedAssumptions['CIM9-300'] = mode;
  w.assert(checkFailureResult({ kind: m.kind, verb: m.header?.verb, result: m.reply?.result, root: m.payload?.root }, s.exp, mode, w.ctx(x.label, x.received?.at)), 'the failure result');
}

/** CIM9-301 as the run has it: a token, or a list of codes */
export function failureCodesOf(w: Cim9World, command: ControlCommand): string[] {
  const v = w.run.assumptions['CIM9-301'] ?? 'plausible';
  const mode = Array.isArray(v) ? v.map(String) : String(v);
  w.usedAssumptions['CIM9-301'] = Array.isArray(mode) ? mode.join(', ') : mode;
  return switchFailureEvents(command, mode);
}

/**
 * Then: the head-end tells its event subscriber (the MDM the suite plays) the failure event of the command for the meter
 * within timeouts.eventSeconds: a conformant created(EndDeviceEvents) whose event of the meter is a failure event of the
 * command (CIM9-301), not its success (EDC-FAILURE-EVENT). None coming is EDC-FAILURE-EVENT.
 */
export async function checkFailureEventStep(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const codes = failureCodesOf(w, s.exp.command);
  const mode = w.usedAssumptions['CIM9-301'] ?? codes.join(', ');
  const limit = w.profile.timeouts.eventSeconds;
  const match = aboutMeter(s.exp.meter, ['EndDeviceEvents'], s.since);
  const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, limit, `created(EndDeviceEvents) failure of the ${s.exp.command} of meter ${s.exp.meter} to the MDM`);
  if (!x) {
    assertNothingArrived(w, {
      rule: 'EDC-FAILURE-EVENT',
      path: LISTENER_PATHS.mdmEvents,
      since: s.since,
      match,
      what: `created(EndDeviceEvents) with the failure event (${codes.join(' or ')}) of meter ${s.exp.meter}`,
      to: 'the MDM',
      after: `the ${s.exp.command} failed`,
      step: 'failure event of the switch',
      assumptions: { 'CIM9-301': mode },
    });
  }
  s.outcome.push(x);
  const ctx = w.ctx(x.label, x.received?.at);
  const findings: Finding[] = [...x.findings];
  if (x.wire) findings.push(...checkEvent(x.wire, { verb: 'created', noun: 'EndDeviceEvents' }, ctx));
  const root = x.wire?.message?.payload?.root;
  if (root?.name === 'EndDeviceEvents') findings.push(...checkFailureEvents(root, s.exp, codes, ctx, mode));
  w.assert(findings, 'the failure event');
}
