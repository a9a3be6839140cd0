/**
 * Meter installation and removal (MSR-01, use-cases.md §5.1; 2013 only). The suite plays the CIS: it sends the work
 * management — the head-end (SUT role HES) — create(MeterServiceRequests) with one MeterServiceWork of kind `meter`
 * (CIM9-237): installing the profile's spare meter (data.spareMeter, as Meter) at the usage point of the first meter,
 * or removing it again (as OldMeter and Meter). The reply is checked by the shared steps. On completion the head-end
 * tells the CIS (the suite, at LISTENER_PATHS.cisEvents) created|changed(MeterServiceRequests) (CIM9-235) naming the
 * work; src/checks/meter-service.ts judges it (MSR-SVC-*). A scenario that installed the meter removes it again after
 * it (best effort), so the SUT ends as it began.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp, readMessage } from '../message/index.ts';
import { buildMeterServiceRequests, readMeterServiceRequests, type MeterServiceWorkValue } from '../payloads/meterServiceRequests.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { requireAccepted } from './set-up.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { checkEvent } from '../checks/envelope.ts';
import type { Finding } from '../checks/finding.ts';
import { checkCompletion, checkServiceMasterData, completionVerbs, linkageVerbs, type CompletionWork, type ServicePublication, type ServiceRequestExpectation } from '../checks/meter-service.ts';
import { metersOf, publicationVerbs } from '../checks/installation.ts';
import { readMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { assertNothingArrived, claimNotExamined, markDeliveries } from './deliveries.ts';

export const NOUN = 'MeterServiceRequests';

type Action = 'installation' | 'removal';

interface ServiceState {
  exp: ServiceRequestExpectation;
  since: number;
  request?: Exchange;
  results: Exchange[];
  works: CompletionWork[];
  /** the spare meter is installed at the SUT by this scenario (accepted installation not yet undone) */
  installed: boolean;
  /** the master-data publications about the meter received after the request (MSR-MD-*) */
  masterData: Exchange[];
}

const states = new WeakMap<object, ServiceState>();

function stateOf(w: Cim9World): ServiceState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no meter service request was sent before this step');
  return s;
}

/** the work the CIS asks for (CIM9-237: installation = Meter; removal = OldMeter and Meter) */
export function serviceWork(exp: ServiceRequestExpectation): MeterServiceWorkValue {
  return {
    mRID: exp.work,
    kind: exp.kind,
    requestDateTime: exp.requestDateTime,
    type: exp.what,
    meter: { mRID: exp.meter },
    ...(exp.oldMeter ? { oldMeter: { mRID: exp.oldMeter } } : {}),
    usagePoint: { mRID: exp.usagePoint },
  };
}

/**
 * create(MeterServiceRequests) of one work; in the draft-2011 generation the payload root begins with the message Header
 * (payloads.md §14: the draft's profile carries it; the suite repeats the envelope's Header there)
 */
export function serviceRequestMessage(w: Pick<Cim9World, 'requestHeader'> & Partial<Pick<Cim9World, 'generation'>>, exp: ServiceRequestExpectation): Message {
  const header = w.requestHeader('create', NOUN);
  return { kind: 'request', header, payload: { root: buildMeterServiceRequests([serviceWork(exp)], w.generation === 'draft-2011' ? header : undefined) } };
}

function expectation(w: Cim9World, action: Action): ServiceRequestExpectation {
  const up = w.profile.data.meters[0]?.usagePoint;
  if (!up) throw new SuiteError('the profile lists no meter with a usage point (data.meters)');
  const meter = w.profile.data.spareMeter;
  const sentAt = new Date();
  return {
    work: `MSW-${newMessageId()}`,
    kind: 'meter',
    meter,
    ...(action === 'removal' ? { oldMeter: meter } : {}),
    usagePoint: up,
    requestDateTime: nowTimestamp(() => sentAt),
    sentAt,
    what: action,
  };
}

/** When: the CIS asks the head-end to install (or remove) the spare meter */
export async function requestService(w: Cim9World, action: Action): Promise<Exchange> {
  const prev = states.get(w);
  w.usedAssumptions['CIM9-236'] = String(w.run.assumptions['CIM9-236'] ?? 'http://iec.ch/TC57/2011/MeterServiceRequests#');
  w.usedAssumptions['CIM9-237'] = String(w.run.assumptions['CIM9-237'] ?? 'meter-and-old-meter');
  const exp = expectation(w, action);
  markDeliveries(w, w.run.listener, { settle: true });
  const s: ServiceState = { exp, since: w.run.listener.lastSeq, results: [], works: [], installed: prev?.installed ?? false, masterData: [] };
  states.set(w, s);
  s.request = await w.send('HES', serviceRequestMessage(w, exp), `create(MeterServiceRequests) ${action} of meter ${exp.meter} at usage point ${exp.usagePoint}`);
  if (s.request.wire?.message?.reply?.result === 'OK') s.installed = action === 'installation';
  return s.request;
}

export function worksOf(x: Exchange): CompletionWork[] {
  const m = x.wire?.message;
  const root = m?.payload?.root;
  if (!root || root.name !== NOUN) return [];
  return readMeterServiceRequests(root).map((r) => ({ ...r, verb: m?.header?.verb ?? '', receivedAt: x.received?.at, label: x.label }));
}

/** a delivery after `since` of MeterServiceRequests naming the work; an unreadable one counts */
export function aboutWork(work: string, since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const r = readMessage(m.body);
    const root = r.ok ? r.wire.message?.payload?.root : undefined;
    if (!root) return m.inspected.noun === NOUN;
    return root.name === NOUN && readMeterServiceRequests(root).some((x) => x.work?.trim() === work);
  };
}

/** When: the CIS waits (timeouts.eventSeconds) for the completion of the work; nothing at all is MSR-SVC-COMPLETION */
export async function awaitCompletion(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const policy = String(w.run.assumptions['CIM9-235'] ?? 'any');
  w.usedAssumptions['CIM9-235'] = policy;
  if (s.request?.wire?.message?.reply?.result !== 'OK') throw new SuiteError(`the head-end did not accept the ${s.exp.what} request (Result ${s.request?.wire?.message?.reply?.result ?? 'none'}): no completion to wait for`);
  const match = aboutWork(s.exp.work, s.since);
  const x = await w.receive(LISTENER_PATHS.cisEvents, { predicate: match }, w.profile.timeouts.eventSeconds, `completion of the ${s.exp.what} work ${s.exp.work}`);
  if (!x) {
    assertNothingArrived(w, {
      rule: 'MSR-SVC-COMPLETION',
      path: LISTENER_PATHS.cisEvents,
      since: s.since,
      match,
      what: `created|changed(MeterServiceRequests) naming the work ${s.exp.work}`,
      to: 'the CIS',
      after: `the head-end accepted the ${s.exp.what} of meter ${s.exp.meter} at usage point ${s.exp.usagePoint}`,
      step: 'completion of the meter service request',
      assumptions: { 'CIM9-235': policy },
    });
  }
  s.results.push(x);
  s.works.push(...worksOf(x));
  w.lastEvent = x;
}

/** Then: the completion message is schema-valid and a conformant event (created or changed) */
export function checkCompletionMessage(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.results.length) throw new SuiteError('no completion was received before this step');
  const findings: Finding[] = [];
  for (const x of s.results) {
    findings.push(...x.findings);
    if (x.wire) findings.push(...checkEvent(x.wire, { verb: completionVerbs('any'), noun: NOUN }, w.ctx(x.label, x.received?.at)));
  }
  w.assert(findings, 'completion message');
}

/** Then: the completion names the work, meter and usage point of the request, of kind meter, sanely dated */
export function checkServiceCompletion(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.results.length) throw new SuiteError('no completion was received before this step');
  w.usedAssumptions['CIM9-238'] = String(w.run.assumptions['CIM9-238'] ?? 'not-required');
  w.assert(checkCompletion(s.works, s.exp, w.ctx(`${s.exp.what} of meter ${s.exp.meter}`)), 'completion of the meter service request');
}

/** Given: the spare meter installed through an accepted meter service request, whose completion came */
export async function installBeforehand(w: Cim9World): Promise<void> {
  const x = await requestService(w, 'installation');
  requireAccepted(w, x, { needed: `the installation of the spare meter ${stateOf(w).exp.meter} the scenario needs`, request: 'create(MeterServiceRequests)', peer: 'head-end', cannot: 'the removal cannot be checked' });
  const s = stateOf(w);
  await w.quietPeriod(quietSecondsOf(w.profile));
  claimNotExamined(w, { path: LISTENER_PATHS.cisEvents, since: s.since, title: 'Delivered to the CIS after the set-up installation' });
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: s.since, title: "Delivered to the MDM's master-data address after the set-up installation" });
}

/** After: a spare meter this scenario installed is removed again (best effort), then leftovers are claimed */
export async function cleanUpService(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  if (s.installed) {
    s.installed = false;
    try {
      const exp = expectation(w, 'removal');
      const x = await w.send('HES', serviceRequestMessage(w, exp), `clean-up: create(MeterServiceRequests) removal of meter ${exp.meter}`);
      const result = x.wire?.message?.reply?.result;
      if (result !== 'OK') w.attach(`clean-up: the head-end answered ${result ?? 'no Result'} to the removal of the spare meter ${exp.meter}`, { mediaType: 'text/plain', fileName: 'clean-up.txt' });
    } catch (e) {
      w.attach(`clean-up: the spare meter could not be removed: ${(e as Error).message}`, { mediaType: 'text/plain', fileName: 'clean-up.txt' });
    }
  }
  await w.quietPeriod(quietSecondsOf(w.profile));
  claimNotExamined(w, { path: LISTENER_PATHS.cisEvents, since: s.since, title: "Delivered to the CIS's address after the meter service request and not examined" });
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: s.since, title: "Delivered to the MDM's master-data address after the meter service request and not examined" });
}

// ------------------------------------------------------------------------------------------------ the master data that follows

const MD_NOUNS = ['MeterConfig', 'MasterDataLinkageConfig'];

/** a master-data publication as the check reads it (MeterConfig meters, MasterDataLinkageConfig links) */
function publicationOf(x: Exchange): ServicePublication {
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const noun = root?.name ?? m?.header?.noun ?? '';
  const linkage = root && root.name === 'MasterDataLinkageConfig' ? readMasterDataLinkageConfig(root) : undefined;
  return {
    label: x.label,
    verb: m?.header?.verb ?? '',
    noun,
    ...(root && root.name === 'MeterConfig' ? { meters: metersOf(root).map((r) => r.ids) } : {}),
    ...(linkage ? { linkage: { meters: linkage.objects.Meter ?? [], usagePoints: linkage.objects.UsagePoint ?? [] } } : {}),
    node: root,
  };
}

/** a delivery after `since` of MeterConfig or MasterDataLinkageConfig naming the meter (an unreadable one of those nouns counts) */
export function masterDataAbout(meter: string, since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const r = readMessage(m.body);
    const root = r.ok ? r.wire.message?.payload?.root : undefined;
    if (!root) return MD_NOUNS.includes(m.inspected.noun ?? '');
    if (root.name === 'MeterConfig') return metersOf(root).some((x) => x.ids.includes(meter));
    if (root.name === 'MasterDataLinkageConfig') return (readMasterDataLinkageConfig(root).objects.Meter ?? []).includes(meter);
    return false;
  };
}

/**
 * When: the MDM (the suite as the head-end's master-data subscriber, LISTENER_PATHS.masterData) waits for the master data
 * that follows the completed work: the first publication about the meter within timeouts.eventSeconds, then the quiet
 * period for the rest. Nothing at all is judged by the next step (MSR-MD-METER, MSR-MD-LINK), never a pass.
 */
export async function awaitServiceMasterData(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (s.request?.wire?.message?.reply?.result !== 'OK') throw new SuiteError(`the head-end did not accept the ${s.exp.what} request (Result ${s.request?.wire?.message?.reply?.result ?? 'none'}): no master data to wait for`);
  const match = masterDataAbout(s.exp.meter, s.since);
  const label = (n: number) => `master data ${n} about meter ${s.exp.meter} to the MDM after the ${s.exp.what}`;
  const first = await w.receive(LISTENER_PATHS.masterData, { predicate: match }, w.profile.timeouts.eventSeconds, label(1));
  if (!first) return;
  s.masterData.push(first);
  for (let n = 2; ; n++) {
    const left = await w.quietLeft(quietSecondsOf(w.profile));
    const x = await w.receive(LISTENER_PATHS.masterData, { predicate: match }, Math.max(left, 0.05), label(n));
    if (!x) break;
    s.masterData.push(x);
  }
}

const changeOf = (s: ServiceState): 'installed' | 'removed' => (s.exp.oldMeter ? 'removed' : 'installed');

/** Then: every master-data publication is schema-valid and a conformant event of its noun with a verb of the change */
export function checkServiceMasterDataMessages(w: Cim9World): void {
  const s = stateOf(w);
  const findings: Finding[] = [];
  const ctx = w.ctx('master data');
  const change = changeOf(s);
  const cim9278 = String(w.run.assumptions['CIM9-278'] ?? 'created-deleted-or-closed');
  for (const x of s.masterData) {
    findings.push(...x.findings);
    const noun = x.wire?.message?.payload?.root?.name ?? x.wire?.message?.header?.noun ?? 'MeterConfig';
    const verbs = noun === 'MasterDataLinkageConfig' ? linkageVerbs(cim9278, change) : publicationVerbs(ctx, change);
    if (x.wire) findings.push(...checkEvent(x.wire, { verb: verbs, noun }, w.ctx(x.label, x.received?.at)));
  }
  if (!s.masterData.length) findings.push(...checkServiceMasterData([], { meter: s.exp.meter, usagePoint: s.exp.usagePoint, change, meterConfigVerbs: publicationVerbs(ctx, change), what: `${s.exp.what} of meter ${s.exp.meter}` }, ctx));
  w.assert(findings, 'master data after the meter service');
}

/** Then: the MDM is told the meter (MeterConfig) and its link to the usage point (MasterDataLinkageConfig) of the work */
export function checkServiceMasterDataContent(w: Cim9World): void {
  const s = stateOf(w);
  for (const id of ['CIM9-277', 'CIM9-278', 'CIM9-50']) w.usedAssumptions[id] = String(w.run.assumptions[id] ?? { 'CIM9-277': 'meter-config-and-linkage', 'CIM9-278': 'created-deleted-or-closed', 'CIM9-50': 'created-deleted-or-changed' }[id]);
  const change = changeOf(s);
  const ctx = w.ctx(`master data after the ${s.exp.what} of meter ${s.exp.meter}`);
  w.assert(checkServiceMasterData(s.masterData.map(publicationOf), { meter: s.exp.meter, usagePoint: s.exp.usagePoint, change, meterConfigVerbs: publicationVerbs(ctx, change), what: `${s.exp.what} of meter ${s.exp.meter}` }, ctx), 'master data after the meter service');
}
