/**
 * A meter installed in or removed from the field, told by the head-end to its master-data subscriber (the MDM,
 * played by the suite at LISTENER_PATHS.masterData): features/meter-installation.feature.
 *
 *   1. the scenario takes the profile's spare meter (data.spareMeter), a meter the head-end does not have;
 *   2. a stimulus (meter-installed / meter-removed, src/session/stimulus.ts) makes the installer's work happen;
 *   3. the MDM waits for the publication about that meter (timeouts.eventSeconds) and receives it through the
 *      World, so the schema and envelope checks apply; the verbs it may carry are assumption CIM9-50;
 *   4. the content names exactly that meter (src/checks/installation.ts, MD-PUBLICATION), and no second
 *      publication of the same change follows within timeouts.quietSeconds.
 *
 * Only deliveries that arrive after the scenario's stimulus and name the spare meter (or whose payload cannot be
 * read but whose header says MeterConfig) are taken: the MDM role of a SUT publishes its own master-data changes
 * to the same address, and those are never this scenario's. Whatever the scenario installed is removed again
 * after it (`restoreSpareMeter`), so the SUT ends as it began and the scenarios run in any order, and twice.
 */
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { fireStimulus, type StimulusEvent } from '../session/stimulus.ts';
import { SuiteError } from '../session/verdict.ts';
import { readMessage } from '../message/index.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { deliveredElsewhere, deliveriesSince, markDeliveries, strayDeliveries } from './deliveries.ts';
import { checkMeterConfigPublication, metersOf, publicationAssumptions, publicationVerbs, type MeterChange } from '../checks/installation.ts';
import { missingPublicationFinding, repeatedPublicationFinding } from '../checks/masterdata.ts';

const NOUN = 'MeterConfig';

interface InstallationState {
  meter: string;
  /** the scenario installed the meter and has not removed it yet: it is removed after the scenario */
  installed: boolean;
  /** the change the scenario caused last */
  change?: MeterChange;
  /** the SUT published something about the meter in this scenario (the clean-up then waits for its deletion) */
  published: boolean;
  /** the publication taken for the last change */
  first?: { exchange: Exchange; verb: string; messageId?: string };
}

const states = new WeakMap<object, InstallationState>();

function stateOf(w: Cim9World): InstallationState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no spare meter was taken before this step (Given a spare meter that is not installed)');
  return s;
}

/** the identifiers of the meters of a delivery's MeterConfig payload; undefined when it carries none that can be read */
export function meterConfigMeters(m: Pick<ReceivedMessage, 'body'>): string[][] | undefined {
  const r = readMessage(m.body);
  const root = r.ok ? r.wire.message?.payload?.root : undefined;
  return root && root.name === NOUN ? metersOf(root).map((x) => x.ids) : undefined;
}

/**
 * A delivery after `since` about this meter: a MeterConfig naming it (mRID, serialNumber or Names/name). A
 * delivery whose payload cannot be read counts when its header says MeterConfig, so that the scenario fails on
 * its content instead of waiting in vain.
 */
export function aboutMeter(meter: string, since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const meters = meterConfigMeters(m);
    if (!meters) return m.inspected.noun === NOUN;
    return meters.some((ids) => ids.includes(meter));
  };
}

/** Given: the profile's spare meter, which the head-end does not have */
export function takeSpareMeter(w: Cim9World): void {
  const meter = w.profile.data.spareMeter;
  w.meters = [{ mRID: meter }];
  states.set(w, { meter, installed: false, published: false });
}

/** the stimulus of a change; the scenario's deliveries start here */
async function cause(w: Cim9World, change: MeterChange): Promise<'skipped' | void> {
  const s = stateOf(w);
  const event: StimulusEvent = change === 'installed' ? 'meter-installed' : 'meter-removed';
  markDeliveries(w, w.run.listener, { settle: true });
  s.change = change;
  s.first = undefined;
  const r = await fireStimulus(w, event, s.meter);
  if (r === 'skipped') return r;
  s.installed = change === 'installed';
}

/** When: an installer puts the spare meter in */
export function installInField(w: Cim9World): Promise<'skipped' | void> {
  return cause(w, 'installed');
}

/** When: an installer takes the meter out */
export function removeFromField(w: Cim9World): Promise<'skipped' | void> {
  return cause(w, 'removed');
}

/** the change in words, as the MD-PUBLICATION findings quote it */
const changeText = (s: InstallationState, change: MeterChange) => `meter ${s.meter} ${change} in the field`;

function missing(w: Cim9World, s: InstallationState, since: number, verbs: string[]): never {
  const label = `${verbs.join('/')}(${NOUN}) published`;
  const expect = { change: changeText(s, s.change!), verbs, noun: NOUN, assumptions: publicationAssumptions(w.ctx(label)) };
  w.assert(
    [
      missingPublicationFinding(label, expect, { seconds: w.profile.timeouts.eventSeconds, address: w.run.listener.urlFor(LISTENER_PATHS.masterData), strays: strayDeliveries(w.run.listener, LISTENER_PATHS.masterData, since) }),
      ...deliveredElsewhere(w.run.listener, LISTENER_PATHS.masterData, since, aboutMeter(s.meter, since)),
    ],
    label,
  );
  throw new SuiteError('unreachable: a missing publication is a finding');
}

/**
 * When: the MDM waits for the head-end's publication about the meter (timeouts.eventSeconds) and receives it
 * through the World (schema, envelope); the message and header steps then check it against the verbs CIM9-50
 * allows for the change. Nothing arriving is MD-PUBLICATION.
 */
export async function awaitPublication(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  if (!s.change) throw new SuiteError('no meter was installed or removed before this step');
  const verbs = publicationVerbs(w.ctx('publication'), s.change);
  w.expectedEvent = { verb: verbs, noun: NOUN };
  const since = deliveriesSince(w);
  const label = `${verbs.join('/')}(${NOUN}) about meter ${s.meter} to the MDM`;
  const x = await w.receive(LISTENER_PATHS.masterData, { predicate: aboutMeter(s.meter, since) }, w.profile.timeouts.eventSeconds, label);
  if (!x) missing(w, s, since, verbs);
  s.published = true;
  s.first = { exchange: x, verb: x.wire?.message?.header?.verb ?? '', messageId: x.wire?.message?.header?.messageId };
  w.lastEvent = x;
  return x;
}

/**
 * Given: the spare meter installed in the field, and the head-end's publication of it taken (not checked here:
 * the installation scenario does that). Nothing arriving is MD-PUBLICATION all the same.
 */
export async function installedAndReported(w: Cim9World): Promise<'skipped' | void> {
  takeSpareMeter(w);
  const s = stateOf(w);
  if ((await installInField(w)) === 'skipped') return 'skipped';
  const since = deliveriesSince(w);
  const out = await w.run.listener.waitFor({ path: LISTENER_PATHS.masterData, predicate: aboutMeter(s.meter, since) }, w.profile.timeouts.eventSeconds * 1000, w.scenarioName || 'installation');
  if (!out.ok) missing(w, s, since, publicationVerbs(w.ctx('publication'), 'installed'));
  s.published = true;
  const label = `${out.message.inspected.verb ?? '?'}(${NOUN}) about meter ${s.meter} to the MDM`;
  w.attach(out.message.body.toString('utf8'), { mediaType: 'application/xml', fileName: `${label} (received).xml` });
  // a repeat of the installation must not be taken for the removal that follows: watch the quiet period for it
  const verb = out.message.inspected.verb ?? '';
  const repeat = await w.run.listener.waitFor(
    { path: LISTENER_PATHS.masterData, predicate: (m) => aboutMeter(s.meter, since)(m) && (m.inspected.verb ?? '') === verb },
    (await w.quietLeft(quietSecondsOf(w.profile))) * 1000,
    w.scenarioName || 'installation',
  );
  if (repeat.ok) {
    w.attach(repeat.message.body.toString('utf8'), { mediaType: 'application/xml', fileName: `second ${label} (received).xml` });
    const first = { at: out.message.receivedAt, messageId: out.message.inspected.messageId };
    const again = { at: repeat.message.receivedAt, messageId: repeat.message.inspected.messageId, verb };
    w.assert([repeatedPublicationFinding(label, changeText(s, 'installed'), first, again, publicationAssumptions(w.ctx(label)))], `${label}: told once`);
  }
}

/** Then: the publication names exactly the meter of the change (MD-PUBLICATION) */
export function checkPublication(w: Cim9World, change: MeterChange): void {
  const s = stateOf(w);
  if (s.change !== change) throw new SuiteError(`this step checks a meter ${change}, but the scenario's last change is ${s.change ?? 'none'}`);
  const x = s.first?.exchange;
  if (!x) throw new SuiteError('no publication was received before this step');
  w.assert(checkMeterConfigPublication(x.wire?.message, { meter: s.meter, change }, w.ctx(x.label, x.received?.at)), `${x.label}: the meter ${change}`);
}

/** Then: no second publication of the same change within timeouts.quietSeconds (MD-PUBLICATION) */
export async function toldOnce(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const first = s.first;
  if (!first) throw new SuiteError('no publication was received before this step');
  const since = deliveriesSince(w);
  const about = aboutMeter(s.meter, since);
  const same = (m: ReceivedMessage) => about(m) && (m.inspected.verb ?? '') === first.verb;
  const repeat = await w.receive(LISTENER_PATHS.masterData, { predicate: same }, await w.quietLeft(quietSecondsOf(w.profile)), `second ${first.exchange.label}`);
  if (repeat?.received) {
    const label = first.exchange.label;
    const again = { at: repeat.received.at, messageId: repeat.wire?.message?.header?.messageId, verb: first.verb };
    w.assert([repeatedPublicationFinding(label, changeText(s, s.change!), { at: first.exchange.received?.at, messageId: first.messageId }, again, publicationAssumptions(w.ctx(label)))], `${label}: told once`);
  }
}

/**
 * After the scenario: a meter it installed and did not remove is taken out again, and the head-end's publication
 * of that is taken (so it is not reported as unsolicited). Never fails the scenario: a problem is attached.
 */
export async function restoreSpareMeter(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s?.installed) return;
  s.installed = false;
  markDeliveries(w, w.run.listener, { settle: true });
  const since = deliveriesSince(w);
  try {
    if ((await fireStimulus(w, 'meter-removed', s.meter)) === 'skipped') return;
  } catch (e) {
    w.attach(`clean-up: the spare meter ${s.meter} could not be removed again: ${(e as Error).message}`, { mediaType: 'text/plain', fileName: 'clean-up.txt' });
    return;
  }
  const seconds = s.published ? w.profile.timeouts.eventSeconds : await w.quietLeft(quietSecondsOf(w.profile));
  const out = await w.run.listener.waitFor({ path: LISTENER_PATHS.masterData, predicate: aboutMeter(s.meter, since) }, seconds * 1000, `${w.scenarioName} (clean-up)`);
  if (out.ok) w.attach(out.message.body.toString('utf8'), { mediaType: 'application/xml', fileName: `clean-up: removal of meter ${s.meter} (received).xml` });
}
