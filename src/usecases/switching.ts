/**
 * Customer switching (use-cases.md §7.1 CS-01, 2013 fig. 43; MDM as SUT, pattern P6).
 *
 * The suite plays the new supplier / CIS, the MDM's head-end (LISTENER_PATHS.hes, pics.MDM.sends,
 * answered by src/usecases/peer.ts with known register values) and the suppliers' side the MDM publishes to (the CIS's
 * address LISTENER_PATHS.cisEvents, CIM9-198):
 * 1. CIS → MDM change(UsagePointConfig) whose UsagePoint names the new ServiceSupplier (CIM9-198) ⇐ reply (shared steps);
 * 2. MDM → head-end get(MeterReadings), the switching read: names the meter of the usage point (SWITCH-READ) with a
 *    Reading/reason of CIM9-199 (moveIn, moveOut; severity CIM9-200, SWITCH-REASON) ⇐ the suite's register reading;
 * 3. MDM → suppliers created(MeterReadings) naming the meter (SWITCH-PUBLISHED) with the value the head-end returned
 *    (SWITCH-VALUE).
 * 4. MDM → old supplier the same created(MeterReadings) (LISTENER_PATHS.oldSupplier, CIM9-220, SWITCH-OLD-SUPPLIER).
 * The MasterDataLinkageConfig variant (CS-01.2): before the change of supplier the CIS closes the link of the old
 * customer account to the usage point and links the new account, both at the switch time (close|delete and
 * create(MasterDataLinkageConfig), PAY-14 for the verb); the MDM's links are read back with GetUsagePointConfig filtered
 * by each account (SWITCH-LINKAGE, CIM9-221).
 * Only deliveries after the scenario's mark are taken; what it caused and no step examined is claimed after it
 * (`claimSwitchingLeftovers`). The checks are src/checks/switching.ts.
 */
import type { Message } from '../message/index.ts';
import { buildUsagePointConfig } from '../payloads/masterdata/usagePointConfig.ts';
import { readGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkOldSupplierDelivery, checkSwitchingPublication, checkSwitchingRead, checkSwitchLinkage, headEndValues, linkageSeverity, oldSupplierSeverity, type AccountReadBack } from '../checks/switching.ts';
import { buildMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { buildGetConfig, configObjects } from '../payloads/masterdata/getConfig.ts';
import { objectId } from '../payloads/masterdata/common.ts';
import { newMessageId, nowTimestamp } from '../message/index.ts';
import { endLinkVerb } from './masterdata-requests.ts';
import { ruleFinding } from '../checks/catalogue.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { awaitQuietDeliveries, checkCreatedDeliveries, claimNotExamined, strayDeliveries } from './deliveries.ts';
import { aboutMeter } from './end-device-controls.ts';
import { restOfHeadEndLeg } from './relayed-read.ts';
import { requireAccepted } from './set-up.ts';

/** CIM9-198: the new supplier the CIS names */
export const NEW_SUPPLIER = 'CIM9-SUPPLIER-NEW';
/** CIM9-199 default */
export const SWITCHING_REASONS = ['moveIn', 'moveOut'] as const;

interface SwitchState {
  meter: string;
  usagePoint: string;
  /** listener mark before the CIS request */
  mark: number;
  /** what the head-end returned for the meter (ReadingType → value), once the switching read was checked */
  given?: Map<string, string>;
  published: Exchange[];
  /** the MasterDataLinkageConfig variant: the customer accounts, the switch time, the mark of the first linkage request */
  accounts?: { old: string; new: string; switchAt?: string; mark: number; sent: Exchange[] };
}

const states = new WeakMap<object, SwitchState>();

function stateOf(w: Cim9World): SwitchState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no change of supplier was sent to the MDM before this step');
  return s;
}

/** CIM9-199: the accepted reasons of a switching read (a list) */
export function switchingReasons(w: Pick<Cim9World, 'profile' | 'usedAssumptions'>): string[] {
  const v = w.profile.assumptions['CIM9-199'] as unknown;
  const list = Array.isArray(v) ? v : v === undefined ? [...SWITCHING_REASONS] : String(v).split(',');
  const out = list.map((x) => String(x).trim()).filter(Boolean);
  w.usedAssumptions['CIM9-199'] = out.join(', ');
  return out;
}

/** CIS → MDM: change(UsagePointConfig) naming the new ServiceSupplier of the usage point */
export function supplierChangeMessage(header: Message['header'], usagePoint: string, supplier: string): Message {
  return {
    kind: 'request',
    header,
    payload: { root: buildUsagePointConfig({ usagePoints: [{ mRID: usagePoint, serviceSupplier: { mRID: supplier, kind: 'retailer', names: [{ name: 'cim9 new supplier' }] } }] }) },
  };
}

/** When: the new supplier tells the MDM of the switch of the meter's usage point, the suite playing its head-end */
export async function sendSupplierChange(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (!meter.usagePoint) throw new SuiteError(`meter ${meter.mRID} has no usage point in the profile (data.meters): the change of supplier names a usage point`);
  w.usedAssumptions['CIM9-198'] = String(w.run.assumptions['CIM9-198'] ?? 'usage-point-supplier');
  states.set(w, { meter: meter.mRID, usagePoint: meter.usagePoint, mark: w.run.listener.lastSeq, published: [], ...(states.get(w)?.accounts ? { accounts: states.get(w)!.accounts } : {}) });
  return w.send('MDM', supplierChangeMessage(w.requestHeader('change', 'UsagePointConfig'), meter.usagePoint, NEW_SUPPLIER), `change(UsagePointConfig) new supplier ${NEW_SUPPLIER} of usage point ${meter.usagePoint}`);
}

/**
 * Then: the MDM asks the head-end the suite plays for a switching read of the meter (timeouts.eventSeconds), checked
 * in three layers at receipt and by SWITCH-READ / SWITCH-REASON; the head-end's answer is kept for the publication.
 */
export async function checkSwitchingReadRequest(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (w.last?.wire?.message?.reply?.result !== 'OK') throw new SuiteError('the MDM did not accept the change of supplier: there is no switching read to wait for');
  const reasons = switchingReasons(w);
  const cim9200 = String(w.run.assumptions['CIM9-200'] ?? 'lenient');
  w.usedAssumptions['CIM9-200'] = cim9200;
  const limit = w.profile.timeouts.eventSeconds;
  const label = `MDM → head-end switching read of meter ${s.meter}`;
  const first = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, limit, label);
  const subject = { meter: s.meter, usagePoint: s.usagePoint };
  if (!first) return w.assert(checkSwitchingRead(undefined, subject, { reasons, cim9200, label, within: limit }), 'the switching read');
  const { more, headEnd } = await restOfHeadEndLeg(w, s.mark, first);
  const findings = [first, ...more].flatMap((x) => x.findings);
  for (const x of [first, ...more]) {
    const msg = x.wire?.message;
    const query = msg?.request?.query ? readGetMeterReadings(msg.request.query) : undefined;
    findings.push(...checkSwitchingRead({ verb: msg?.header?.verb ?? msg?.wrapperVerb, noun: msg?.header?.noun ?? msg?.wrapperNoun, query }, subject, { reasons, cim9200, label: x.label }));
  }
  const root = headEnd?.payload?.root;
  s.given = headEndValues(root?.name === 'MeterReadings' ? readMeterReadings(root) : undefined, subject);
  w.assert(findings, 'the switching read');
  if (!s.given.size) throw new SuiteError(`the head-end the suite plays returned no reading of meter ${s.meter}: nothing to compare the publication with`);
}

/**
 * When: the suppliers' side (the CIS address, CIM9-198) waits for the switching read the MDM publishes: the first
 * created(MeterReadings) naming the meter, then a quiet period for more. None is SWITCH-PUBLISHED.
 */
export async function awaitSwitchingPublication(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.given) throw new SuiteError('the switching read of the head-end was not taken before this step');
  const match = aboutMeter(s.meter, ['MeterReadings'], s.mark);
  const limit = w.profile.timeouts.eventSeconds;
  const label = (n: number) => `created(MeterReadings) ${n}: switching read of meter ${s.meter}`;
  const first = await w.receive(LISTENER_PATHS.cisEvents, { predicate: match }, limit, label(1));
  if (!first) {
    const where = `the CIS at ${w.run.listener.urlFor(LISTENER_PATHS.cisEvents)} within ${limit} s (timeouts.eventSeconds)`;
    w.assert(checkSwitchingPublication([], s.given, { meter: s.meter, usagePoint: s.usagePoint }, { label: label(1), where, strays: strayDeliveries(w.run.listener, LISTENER_PATHS.cisEvents, s.mark) }), 'the switching read published');
    throw new SuiteError('unreachable: a missing publication is a finding');
  }
  s.published.push(first);
  for (let n = 2; ; n++) {
    const left = await w.quietLeft(quietSecondsOf(w.profile));
    const x = await w.receive(LISTENER_PATHS.cisEvents, { predicate: match }, Math.max(left, 0.05), label(n));
    if (!x) break;
    s.published.push(x);
  }
  w.lastEvent = first;
}

/** Then: every publication is schema-valid and a conformant created(MeterReadings) EventMessage */
export function checkSwitchingMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).published, 'switching read publication');
}

/** Then: the published switching read carries the head-end's value for the meter (SWITCH-PUBLISHED, SWITCH-VALUE) */
export function checkSwitchingValue(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.given || !s.published.length) throw new SuiteError('no switching read publication was received before this step');
  const published = s.published.map((x) => {
    const root = x.wire?.message?.payload?.root;
    return { label: x.label, payload: root?.name === 'MeterReadings' ? readMeterReadings(root) : undefined };
  });
  w.assert(checkSwitchingPublication(published, s.given, { meter: s.meter, usagePoint: s.usagePoint }, { label: `switching read of meter ${s.meter}`, where: 'the CIS' }), 'the switching read published');
}

/** Then: the old supplier gets the switching read too (SWITCH-OLD-SUPPLIER, CIM9-220; SWITCH-VALUE) */
export async function checkOldSupplier(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.given) throw new SuiteError('the switching read of the head-end was not taken before this step');
  const cim9220 = String(w.run.assumptions['CIM9-220'] ?? 'expected');
  w.usedAssumptions['CIM9-220'] = cim9220;
  const where = w.run.listener.urlFor(LISTENER_PATHS.oldSupplier);
  if (!oldSupplierSeverity(cim9220)) {
    w.attach(`CIM9-220 = off: the delivery of the switching read to the old supplier (${where}) is not checked`, { mediaType: 'text/plain', fileName: 'old supplier not checked.txt' });
    return;
  }
  const match = aboutMeter(s.meter, ['MeterReadings'], s.mark);
  const limit = w.profile.timeouts.eventSeconds;
  const label = `created(MeterReadings) to the old supplier: switching read of meter ${s.meter}`;
  const got: Exchange[] = [];
  const first = await w.receive(LISTENER_PATHS.oldSupplier, { predicate: match }, limit, label);
  if (first) {
    got.push(first);
    for (;;) {
      const left = await w.quietLeft(quietSecondsOf(w.profile));
      const x = await w.receive(LISTENER_PATHS.oldSupplier, { predicate: match }, Math.max(left, 0.05), `${label} (more)`);
      if (!x) break;
      got.push(x);
    }
  }
  const findings = got.flatMap((x) => x.findings);
  if (got.length) checkCreatedDeliveries(w, got, 'switching read to the old supplier');
  const published = got.map((x) => {
    const root = x.wire?.message?.payload?.root;
    return { label: x.label, payload: root?.name === 'MeterReadings' ? readMeterReadings(root) : undefined };
  });
  findings.push(...checkOldSupplierDelivery(published, s.given, { meter: s.meter, usagePoint: s.usagePoint }, { label, where: `${where} within ${limit} s (timeouts.eventSeconds)`, cim9220, strays: strayDeliveries(w.run.listener, LISTENER_PATHS.oldSupplier, s.mark) }));
  w.assert(findings, 'the switching read at the old supplier');
}

/** the customer accounts of a switch: unique per scenario, so that runs and scenarios share no link */
function switchAccounts(): { old: string; new: string } {
  const tag = newMessageId().slice(0, 8);
  return { old: `CIM9-ACCOUNT-OLD-${tag}`, new: `CIM9-ACCOUNT-NEW-${tag}` };
}

function accountLink(account: string, usagePoint: string, effectiveDateTime: string, reason: string) {
  return buildMasterDataLinkageConfig({ configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime, reason }, objects: { CustomerAccount: [{ mRID: account }], UsagePoint: [{ mRID: usagePoint }] } });
}

function switchSubject(w: Cim9World): { meter: string; usagePoint: string } {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (!meter.usagePoint) throw new SuiteError(`meter ${meter.mRID} has no usage point in the profile (data.meters): the customer account is linked to a usage point`);
  return { meter: meter.mRID, usagePoint: meter.usagePoint };
}

/**
 * Given: the old customer account is linked to the meter's usage point (create(MasterDataLinkageConfig) effective an
 * hour ago). A declining Reply is the scenario's set-up failing, never a finding; a broken answer or a SOAP fault is a
 * finding (requireAccepted).
 */
export async function linkOldAccount(w: Cim9World): Promise<void> {
  const { meter, usagePoint } = switchSubject(w);
  const accounts = switchAccounts();
  const mark = w.run.listener.lastSeq;
  states.set(w, { meter, usagePoint, mark, published: [], accounts: { ...accounts, mark, sent: [] } });
  const hourAgo = nowTimestamp(() => new Date(Date.now() - 3_600_000));
  const x = await w.send('MDM', { kind: 'request', header: w.requestHeader('create', 'MasterDataLinkageConfig'), payload: { root: accountLink(accounts.old, usagePoint, hourAgo, 'customer account of the usage point') } }, `create(MasterDataLinkageConfig) old customer account ${accounts.old} ↔ usage point ${usagePoint}`);
  requireAccepted(w, x, {
    needed: `the link of the old customer account ${accounts.old} to usage point ${usagePoint}`,
    request: 'create(MasterDataLinkageConfig)',
    peer: 'MDM',
    cannot: 'the switch has no old account to close',
  });
}

/** When: the CIS ends the link of the old customer account to the usage point at the switch time (close or delete per PAY-14) */
export async function endOldAccountLink(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  if (!s.accounts) throw new SuiteError('the old customer account was not linked before this step');
  s.accounts.switchAt = nowTimestamp(() => new Date(Date.now() - 1000));
  const verb = endLinkVerb(w);
  return keep(s, await w.send('MDM', { kind: 'request', header: w.requestHeader(verb, 'MasterDataLinkageConfig'), payload: { root: accountLink(s.accounts.old, s.usagePoint, s.accounts.switchAt, 'customer switch: old account') } }, `${verb}(MasterDataLinkageConfig) old customer account ${s.accounts.old} ↔ usage point ${s.usagePoint} at the switch time ${s.accounts.switchAt}`));
}

function keep(s: SwitchState, x: Exchange): Exchange {
  s.accounts?.sent.push(x);
  return x;
}

/** When: the CIS links the new customer account to the usage point at the switch time */
export async function linkNewAccount(w: Cim9World): Promise<Exchange> {
  const s = stateOf(w);
  if (!s.accounts?.switchAt) throw new SuiteError('the link of the old customer account was not ended before this step');
  return keep(s, await w.send('MDM', { kind: 'request', header: w.requestHeader('create', 'MasterDataLinkageConfig'), payload: { root: accountLink(s.accounts.new, s.usagePoint, s.accounts.switchAt, 'customer switch: new account') } }, `create(MasterDataLinkageConfig) new customer account ${s.accounts.new} ↔ usage point ${s.usagePoint} at the switch time ${s.accounts.switchAt}`));
}

/**
 * Then: the MDM holds the usage point linked to the new customer account only (SWITCH-LINKAGE, CIM9-221): read back with
 * GetUsagePointConfig filtered by each account; under reply-only the MDM's replies to the close and the create decide.
 */
export async function checkAccountLinkage(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.accounts?.switchAt) throw new SuiteError('the customer accounts of the switch were not sent before this step');
  const cim9221 = String(w.run.assumptions['CIM9-221'] ?? 'read-back-warning');
  w.usedAssumptions['CIM9-221'] = cim9221;
  const label = `customer accounts of usage point ${s.usagePoint} after the switch`;
  const replies = s.accounts.sent;
  if (!linkageSeverity(cim9221)) {
    const notOk = replies.filter((x) => x.wire?.message?.reply?.result !== 'OK');
    if (replies.length < 2) throw new SuiteError('the close and the create of the switch were not both answered before this step');
    return w.assert(notOk.map((x) => ruleFinding('SWITCH-LINKAGE', `${label}: ${x.label} was answered ${x.wire?.message?.reply?.result ?? 'without a Result'}`, { severity: 'error', file: x.label, assumptions: { 'CIM9-221': cim9221 } })), 'the linkage of the switch');
  }
  if (String(w.run.assumptions['PAY-11'] ?? 'request') === 'payload-only') throw new SuiteError('PAY-11 = payload-only: a Get filtered by a CustomerAccount cannot be expressed; set CIM9-221 = reply-only');
  const readBack = async (account: string, which: string): Promise<{ r: AccountReadBack; findings: Exchange['findings'] }> => {
    const x = await w.send('MDM', { kind: 'request', header: w.requestHeader('get', 'UsagePointConfig'), request: { query: buildGetConfig('UsagePointConfig', { CustomerAccount: [{ mRID: account }] }) } }, `GetUsagePointConfig of the ${which} customer account ${account}`);
    const m = x.wire?.message;
    const root = m?.payload?.root;
    const result = m?.reply?.result ?? (x.wire?.fault ? 'with a SOAP fault' : 'without a Reply');
    const listed = result === 'OK' ? (root && root.name === 'UsagePointConfig' ? configObjects(root, 'UsagePointConfig').map((n) => objectId(n) ?? '') : []) : undefined;
    return { r: { account, result, ...(listed ? { listed } : {}) }, findings: x.findings };
  };
  const n = await readBack(s.accounts.new, 'new');
  const o = await readBack(s.accounts.old, 'old');
  w.assert([...n.findings, ...o.findings, ...checkSwitchLinkage(n.r, o.r, s.usagePoint, { label, cim9221 })], 'the linkage of the switch');
}

/** After the scenario: what it caused at the head-end's and the CIS's addresses and no step examined is claimed */
export async function claimSwitchingLeftovers(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  const idle = await w.sutIdle(w.profile.timeouts.eventSeconds * 1000);
  if (idle === undefined) {
    const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
    await awaitQuietDeliveries(w.run.listener, { path: LISTENER_PATHS.cisEvents, since: s.mark, quietMs: quietSecondsOf(w.profile) * 1000, deadline });
  }
  claimNotExamined(w, { path: LISTENER_PATHS.hes, since: s.mark, title: 'Requests of the MDM to its head-end not examined by this scenario' });
  claimNotExamined(w, { path: LISTENER_PATHS.cisEvents, since: s.mark, title: "Delivered to the CIS's address after the change of supplier and not examined by this scenario" });
  claimNotExamined(w, { path: LISTENER_PATHS.oldSupplier, since: s.mark, title: "Delivered to the old supplier's address after the change of supplier and not examined by this scenario" });
  // the MasterDataLinkageConfig variant: the MDM's master-data publications of the links (UC-29)
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: s.accounts?.mark ?? s.mark, title: 'Master-data publications of the customer account links, not examined by this scenario' });
}
