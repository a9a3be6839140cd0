/**
 * A firmware upgrade of a meter, with the head-end as SUT (MSE-01, ../shared/spec/use-cases.md §6.1, UC-25): the
 * suite plays the MDM at LISTENER_PATHS.mdmEvents.
 *
 *   1. a stimulus `firmware-upgrade` (src/usecases/stimuli.ts) upgrades the meter in the field to a firmwareID the
 *      scenario makes up, and says whether the activation succeeds (`activated`) or fails (`failed`);
 *   2. the MDM waits for created(EndDeviceEvents) with firmware events (timeouts.eventSeconds), and for more until
 *      the meter's outcome (activation or failure) has come and the quiet period passed: a head-end may tell each
 *      step in a message of its own. The sequence per device is src/checks/firmware-upgrade.ts (FW-SEQUENCE);
 *   3. activated: the MDM waits for changed(EndDeviceConfig | MeterConfig, assumption CIM9-140) at the same address,
 *      which must show the new firmwareID on a function of the meter (FW-CONFIG-FIRMWARE, FW-SAME-DEVICE);
 *      failed: no configuration change within the quiet period may show the new firmwareID.
 *
 * Deliveries are the scenario's own after its mark (./deliveries.ts); events and configuration are told apart by
 * their payload (or, unreadable, by their header noun), so their order of arrival does not matter.
 */
import { randomUUID } from 'node:crypto';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { fireStimulus } from '../session/stimulus.ts';
import { SuiteError } from '../session/verdict.ts';
import { readMessage, type ParsedMessage } from '../message/index.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { checkEvent } from '../checks/envelope.ts';
import type { Finding } from '../checks/finding.ts';
import { checkFirmwareConfig, checkFirmwareEvents, checkNoNewFirmware, configNouns, firmwareAssumptions, firmwareStep, type FirmwareOutcome } from '../checks/firmware-upgrade.ts';
import { eventCode } from '../checks/device-events.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import { deliveredElsewhere, deliveriesSince, markDeliveries } from './deliveries.ts';

interface UpgradeState {
  meter: string;
  firmwareID: string;
  outcome: FirmwareOutcome;
  since: number;
  events: Exchange[];
  config?: Exchange;
}

const states = new WeakMap<object, UpgradeState>();

function stateOf(w: Cim9World): UpgradeState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no firmware upgrade was caused before this step');
  return s;
}

/** a firmwareID no meter has yet: the configuration change must show exactly this one */
export function newFirmwareId(): string {
  return `FW-2.${randomUUID().slice(0, 8)}`;
}

/** the payload root of a delivery, when it can be read */
function rootOf(m: Pick<ReceivedMessage, 'body'>) {
  const r = readMessage(m.body);
  return r.ok ? r.wire.message?.payload?.root : undefined;
}

/**
 * A delivery after `since` with firmware events (of any device: events of another device are FW-SAME-DEVICE, not a
 * wait in vain), or an unreadable one whose header says EndDeviceEvents.
 */
export function firmwareEventDelivery(since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const root = rootOf(m);
    if (!root || root.name !== 'EndDeviceEvents') return !root && m.inspected.noun === 'EndDeviceEvents';
    return readEndDeviceEvents(root).some((e) => {
      const code = eventCode(root, e);
      return code !== undefined && firmwareStep(code) !== undefined;
    });
  };
}

/** a delivery after `since` of a configuration noun (CIM9-140 nouns, read from the payload, else from the header) */
export function configDelivery(since: number, nouns: readonly string[]): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const root = rootOf(m);
    return root ? nouns.includes(root.name) : nouns.includes(m.inspected.noun ?? '');
  };
}

/** When: the meter's firmware is upgraded in the field (the stimulus names the new firmware and the outcome) */
export async function upgradeFirmware(w: Cim9World, outcome: FirmwareOutcome): Promise<'skipped' | void> {
  const meter = w.meters[0]?.mRID;
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  markDeliveries(w, w.run.listener, { settle: true });
  const firmwareID = newFirmwareId();
  states.set(w, { meter, firmwareID, outcome, since: deliveriesSince(w), events: [] });
  return fireStimulus(w, 'firmware-upgrade', meter, { firmwareID, firmwareOutcome: outcome });
}

/** the meter's outcome (activation or failure) is among the firmware events received */
function outcomeTold(s: UpgradeState): boolean {
  return s.events.some((x) => {
    const root = x.wire?.message?.payload?.root;
    if (!root || root.name !== 'EndDeviceEvents') return true; // unreadable: nothing more to wait for, the checks say why
    return readEndDeviceEvents(root).some((e) => {
      const code = eventCode(root, e);
      const step = code ? firmwareStep(code) : undefined;
      return e.meter === s.meter && (step === 'activated' || step === 'failed');
    });
  });
}

/**
 * When: the MDM waits for the firmware events (created(EndDeviceEvents)) of the upgrade: the first within
 * timeouts.eventSeconds, then more until the meter's outcome has come (timeouts.eventSeconds each) and the quiet
 * period passed. Nothing arriving is DOM-EXPECTED.
 */
export async function awaitFirmwareEvents(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  w.expectedEvent = { verb: 'created', noun: 'EndDeviceEvents' };
  const limit = w.profile.timeouts.eventSeconds;
  const match = firmwareEventDelivery(s.since);
  const label = `created(EndDeviceEvents) firmware events to the MDM`;
  const first = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, limit, label);
  if (!first) {
    w.assert(
      [
        ruleFinding('DOM-EXPECTED', `no created(EndDeviceEvents) with firmware events reached the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${limit} s (timeouts.eventSeconds) after the firmware upgrade of meter ${s.meter}`, { expected: `created(EndDeviceEvents) with the firmware events of meter ${s.meter} within ${limit} s`, actual: `nothing within ${limit} s`, assumptions: firmwareAssumptions(w.ctx(label), 'events') }),
        ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.mdmEvents, s.since, match),
      ],
      'firmware events published',
    );
    throw new SuiteError('unreachable: a missing publication is a finding');
  }
  s.events.push(first);
  w.lastEvent = first;
  const quiet = quietSecondsOf(w.profile);
  for (;;) {
    // the embedded SUT once idle: 0 s, which still takes what has already arrived
    const wait = outcomeTold(s) ? await w.quietLeft(quiet) : limit;
    const more = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, wait, label);
    if (!more) break;
    s.events.push(more);
  }
}

/**
 * Then: per device the firmware events go from ready for activation to the outcome the field caused (FW-SEQUENCE),
 * about the meter upgraded (FW-SAME-DEVICE). The messages after the first (which the shared steps checked) are
 * checked for schema and header here.
 */
export function checkFirmwareEventsStep(w: Cim9World, outcome: FirmwareOutcome): void {
  const s = stateOf(w);
  if (s.outcome !== outcome) throw new SuiteError(`this step checks an upgrade ${outcome}, but the stimulus caused one ${s.outcome}`);
  if (!s.events.length) throw new SuiteError('no firmware event was received before this step');
  const findings: Finding[] = s.events.slice(1).flatMap((m) => [
    ...m.findings,
    ...(m.wire ? checkEvent(m.wire, { verb: 'created', noun: 'EndDeviceEvents' }, w.ctx(m.label, m.received?.at)) : []),
  ]);
  const payloads = s.events.flatMap((x) => {
    const root = x.wire?.message?.payload?.root;
    return root && root.name === 'EndDeviceEvents' ? [{ root, label: x.label }] : [];
  });
  const x = s.events[0]!;
  const ctx = w.ctx(x.label, x.received?.at);
  recordAssumptions(w, ctx, 'events');
  if (!payloads.length) findings.push(ruleFinding('DOM-EXPECTED', `${x.label}: no EndDeviceEvents payload could be read`, { file: x.label, expected: 'an EndDeviceEvents payload', actual: 'none readable' }));
  else findings.push(...checkFirmwareEvents(payloads, { meter: s.meter, outcome }, ctx));
  w.assert(findings, `firmware events ${outcome === 'activated' ? 'ready → activated' : 'ready → failed'}`);
}

function recordAssumptions(w: Cim9World, ctx: Parameters<typeof firmwareAssumptions>[0], about: 'events' | 'config'): void {
  Object.assign(w.usedAssumptions, firmwareAssumptions(ctx, about));
}

/**
 * When: the MDM waits for the configuration change after the upgrade (changed(EndDeviceConfig | MeterConfig),
 * CIM9-140) at its events address (timeouts.eventSeconds). Nothing arriving is FW-CONFIG-FIRMWARE.
 */
export async function awaitFirmwareConfig(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const ctx = w.ctx('configuration change');
  const nouns = configNouns(ctx);
  recordAssumptions(w, ctx, 'config');
  const limit = w.profile.timeouts.eventSeconds;
  const match = configDelivery(s.since, nouns);
  const label = `changed(${nouns.join(' | ')}) firmware of meter ${s.meter} to the MDM`;
  const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, limit, label);
  if (!x) {
    w.assert(
      [
        ruleFinding('FW-CONFIG-FIRMWARE', `no changed(${nouns.join(' | ')}) reached the MDM at ${w.run.listener.urlFor(LISTENER_PATHS.mdmEvents)} within ${limit} s (timeouts.eventSeconds) after the firmware of meter ${s.meter} was activated`, { expected: `changed(${nouns.join(' | ')}) of meter ${s.meter} within ${limit} s`, actual: `nothing within ${limit} s`, assumptions: firmwareAssumptions(ctx, 'config') }),
        ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.mdmEvents, s.since, match),
      ],
      'configuration change published',
    );
    throw new SuiteError('unreachable: a missing publication is a finding');
  }
  s.config = x;
  w.lastEvent = x;
  w.expectedEvent = { verb: 'changed', noun: x.wire?.message?.payload?.root?.name ?? nouns[0]! };
}

/** Then: the configuration change shows the new firmwareID on a function of the meter (FW-CONFIG-FIRMWARE, FW-SAME-DEVICE) */
export function checkFirmwareConfigStep(w: Cim9World): void {
  const s = stateOf(w);
  const x = s.config;
  if (!x) throw new SuiteError('no configuration change was received before this step');
  const ctx = w.ctx(x.label, x.received?.at);
  w.assert(checkFirmwareConfig(x.wire?.message, { meter: s.meter, firmwareID: s.firmwareID }, ctx), `${x.label}: new firmware ${s.firmwareID}`);
}

/**
 * Then (failed upgrade): within the quiet period no configuration change of the meter shows the new firmwareID;
 * one showing the old firmware is accepted (FW-CONFIG-FIRMWARE).
 */
export async function checkNoNewFirmwareStep(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (s.outcome !== 'failed') throw new SuiteError('this step follows a failed firmware upgrade');
  const ctx = w.ctx('configuration change after a failed upgrade');
  const nouns = configNouns(ctx);
  recordAssumptions(w, ctx, 'config');
  const match = configDelivery(s.since, nouns);
  const got: { msg: ParsedMessage | undefined; label: string }[] = [];
  const label = `changed(${nouns.join(' | ')}) after the failed upgrade of meter ${s.meter}`;
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, await w.quietLeft(quietSecondsOf(w.profile)), label);
    if (!x) break;
    got.push({ msg: x.wire?.message, label: x.label });
  }
  // the assertion is an absence: say in the evidence what was watched, so an empty pass is visibly one
  if (!got.length) w.attach(`No ${label} arrived within the quiet period (${quietSecondsOf(w.profile)} s): no configuration change shows firmware ${s.firmwareID}.`, { mediaType: 'text/plain', fileName: 'no configuration change.txt' });
  w.assert(checkNoNewFirmware(got, { meter: s.meter, firmwareID: s.firmwareID }, ctx), `no configuration with firmware ${s.firmwareID}`);
}
