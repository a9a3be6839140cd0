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
 * by each account (SWITCH-LINKAGE, CIM9-221). Both accounts are first created at the MDM with create(CustomerAccountConfig)
 * (the CIS is their system of record; a link needs its objects, CIM9-295).
 * Only deliveries after the scenario's mark are taken; what it caused and no step examined is claimed after it
 * (`claimSwitchingLeftovers`). The checks are src/checks/switching.ts.
 */
import type { Message } from '../message/index.ts';
import { buildUsagePointConfig } from '../payloads/masterdata/usagePointConfig.ts';
import { buildMeterReadings, readGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';
import { orderClient, reportOfClient } from '../session/stimulus.ts';
import { ACKNOWLEDGEMENTS } from '../session/run.ts';
import { readMessage, type ParsedMessage } from '../message/index.ts';
import { checkClientRequestHeader, checkPeerTook } from '../checks/client-requests.ts';
import { severityOf } from '../checks/assume.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkOldSupplierDelivery, checkRefusedSwitch, checkSwitchingPublication, checkSwitchingRead, checkSwitchLinkage, checkSwitchingReadHeld, checkClientSupplierChange, checkClientAccountLink, checkClientSwitchOrder, type OrderedSwitch, headEndValues, type PublishedSwitchingRead, linkageSeverity, oldSupplierSeverity, type AccountReadBack } from '../checks/switching.ts';
import type { Finding } from '../checks/finding.ts';
import { readUsagePointSuppliers } from '../payloads/masterdata/usagePointConfig.ts';
import { judgeCodedRefusal } from './twin.ts';
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
import { assumed } from '../checks/assume.ts';
import { buildCustomerConfig } from '../payloads/masterdata/customerConfig.ts';

/** CIM9-198: the new supplier the CIS names (a scenario's own: this, a dash and a tag of its own) */
export const NEW_SUPPLIER = 'CIM9-SUPPLIER-NEW';

/** what a scenario set up before the switch: the new supplier made known to the MDM, and the listener mark before it */
const setups = new WeakMap<object, { supplier: string; mark: number }>();
/** CIM9-199 default */
export const SWITCHING_REASONS = ['moveIn', 'moveOut'] as const;

interface SwitchState {
  meter: string;
  usagePoint: string;
  /** the ServiceSupplier the change names (once sent) */
  supplier?: string;
  /** CS-NEG-SUPPLIER: a supplier the MDM was never told of */
  unknownSupplier?: boolean;
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

/**
 * Given: the new supplier is known to the MDM — the CIS, its system of record, created it with create(ServiceSupplierConfig)
 * (MD-02, CIM9-279; a change naming a supplier the MDM does not know is refused, CIM9-296). A declining Reply is the
 * scenario's set-up failing, never a finding (requireAccepted).
 */
export async function makeSupplierKnown(w: Cim9World): Promise<void> {
  const supplier = `${NEW_SUPPLIER}-${newMessageId().slice(0, 8)}`;
  const mark = w.run.listener.lastSeq;
  setups.set(w, { supplier, mark });
  assumed(w.ctx(''), 'CIM9-279', 'reconstructed');
  const x = await w.send('MDM', { kind: 'request', header: w.requestHeader('create', 'ServiceSupplierConfig'), payload: { root: buildCustomerConfig('ServiceSupplierConfig', [{ mRID: supplier, fields: { kind: 'retailer' } }]) } }, `create(ServiceSupplierConfig) new supplier ${supplier}`);
  requireAccepted(w, x, { needed: `the new supplier ${supplier}`, request: 'create(ServiceSupplierConfig)', peer: 'MDM', cannot: 'the switch has no supplier the MDM knows' });
}

/**
 * When: the new supplier tells the MDM of the switch of the meter's usage point, the suite playing its head-end; the
 * supplier made known before (makeSupplierKnown), or (CS-NEG-SUPPLIER) one the MDM was never told of
 */
export async function sendSupplierChange(w: Cim9World, o: { unknownSupplier?: boolean } = {}): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  if (!meter.usagePoint) throw new SuiteError(`meter ${meter.mRID} has no usage point in the profile (data.meters): the change of supplier names a usage point`);
  const known = setups.get(w)?.supplier;
  if (!o.unknownSupplier && !known) throw new SuiteError('the new supplier was not made known to the MDM before this step');
  const supplier = o.unknownSupplier ? `CIM9-SUPPLIER-UNKNOWN-${newMessageId()}` : known!;
  w.usedAssumptions['CIM9-198'] = String(w.run.assumptions['CIM9-198'] ?? 'usage-point-supplier');
  states.set(w, { meter: meter.mRID, usagePoint: meter.usagePoint, supplier, ...(o.unknownSupplier ? { unknownSupplier: true } : {}), mark: w.run.listener.lastSeq, published: [], ...(states.get(w)?.accounts ? { accounts: states.get(w)!.accounts } : {}) });
  return w.send('MDM', supplierChangeMessage(w.requestHeader('change', 'UsagePointConfig'), meter.usagePoint, supplier), `change(UsagePointConfig) ${o.unknownSupplier ? 'unknown' : 'new'} supplier ${supplier} of usage point ${meter.usagePoint}`);
}

/** GetUsagePointConfig of a usage point (PAY-11: the Get profile in Request) */
function usagePointGet(w: Cim9World, usagePoint: string): Message {
  return { kind: 'request', header: w.requestHeader('get', 'UsagePointConfig'), request: { query: buildGetConfig('UsagePointConfig', { UsagePoint: [{ mRID: usagePoint }] }) } };
}

/** Then (CS-NEG-SUPPLIER): the MDM refuses the change naming a supplier it does not know, with a code of CIM9-296 (judged against its valid twin, CIM9-61) */
export async function checkSupplierChangeRefused(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.unknownSupplier) throw new SuiteError('the change of supplier sent named a supplier the MDM knows: there is no refusal to expect');
  // the valid twin: a read of the same service about the same usage point (no side effect at the addresses the suite watches next)
  const twin = { role: 'MDM' as const, negative: true, label: `GetUsagePointConfig of usage point ${s.usagePoint} (data.meters)`, build: () => usagePointGet(w, s.usagePoint) };
  await judgeCodedRefusal(w, { assumption: 'CIM9-296', defaults: ['2.20', '2.28', '2.29'], errorCase: 'unknownCustomerObject', twin });
}

/**
 * Then (CS-NEG-SUPPLIER, SWITCH-REFUSED): after the refusal nothing arrives within the quiet period (timeouts.quietSeconds)
 * at the head-end's, the suppliers' or the master-data subscriber's address the suite plays, and GetUsagePointConfig of
 * the usage point does not name the refused supplier
 */
export async function checkRefusedSwitchTookNoEffect(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.unknownSupplier) throw new SuiteError('the change of supplier sent named a supplier the MDM knows: nothing says it must take no effect');
  const quiet = quietSecondsOf(w.profile);
  const after: { label: string; where: string }[] = [];
  const paths = [LISTENER_PATHS.hes, LISTENER_PATHS.cisEvents, LISTENER_PATHS.oldSupplier, LISTENER_PATHS.masterData];
  for (const path of paths) {
    for (let n = 1; ; n++) {
      const x = await w.receive(path, { predicate: (m) => m.seq > s.mark }, Math.max(await w.quietLeft(quiet), 0.05), `message ${n} at ${w.run.listener.urlFor(path)} after the refused change of supplier, none expected`);
      if (!x) break;
      const h = x.wire?.message?.header;
      after.push({ label: `${h?.verb ?? '?'}(${h?.noun ?? '?'}) ${h?.messageId ?? ''}`.trim(), where: w.run.listener.urlFor(path) });
    }
  }
  const g = await w.send('MDM', usagePointGet(w, s.usagePoint), `GetUsagePointConfig of usage point ${s.usagePoint} after the refused change of supplier`);
  const m = g.wire?.fault ? undefined : g.wire?.message;
  const root = m?.payload?.root;
  const result = m?.reply?.result ?? (g.wire?.fault ? 'a SOAP fault' : 'no Reply');
  const suppliers = result === 'OK' ? (root && root.name === 'UsagePointConfig' ? readUsagePointSuppliers(root).map((u) => u.serviceSupplier) : []) : undefined;
  const used = { 'CIM9-296': w.usedAssumptions['CIM9-296'] ?? '2.20, 2.28, 2.29' };
  w.assert([...g.findings, ...checkRefusedSwitch({ after, readBack: { label: g.label, result, ...(suppliers ? { suppliers } : {}) } }, s.supplier ?? '', s.usagePoint, used)], 'the refused change of supplier');
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
  // a link needs its objects (use-cases.md §9.1, CIM9-295): the CIS, system of record of the accounts, tells the MDM both first
  assumed(w.ctx(''), 'CIM9-282', 'reconstructed');
  const made = await w.send('MDM', { kind: 'request', header: w.requestHeader('create', 'CustomerAccountConfig'), payload: { root: buildCustomerConfig('CustomerAccountConfig', [accounts.old, accounts.new].map((mRID) => ({ mRID, fields: { type: 'residential' } }))) } }, `create(CustomerAccountConfig) customer accounts ${accounts.old} and ${accounts.new}`);
  requireAccepted(w, made, {
    needed: `the customer accounts ${accounts.old} and ${accounts.new}`,
    request: 'create(CustomerAccountConfig)',
    peer: 'MDM',
    cannot: 'the switch has no customer accounts to link',
  });
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
    return w.assert(notOk.map((x) => ruleFinding('SWITCH-LINKAGE', `${label}: ${x.label} was answered ${x.wire?.message?.reply?.result ?? 'without a Result'}`, { severity: 'error', file: x.label, expected: 'Result OK', actual: x.wire?.message?.reply?.result ? `Result ${x.wire.message.reply.result}` : 'no Result', assumptions: { 'CIM9-221': cim9221 } })), 'the linkage of the switch');
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
  const setUp = setups.get(w)?.mark;
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: Math.min(setUp ?? Infinity, s.accounts?.mark ?? Infinity, s.mark), title: 'Master-data publications of the set-up (the new supplier, the customer accounts and their links), not examined by this scenario' });
}

// ------------------------------------------------------------------------------------------------ CIS as SUT: the switching read (CS-01 step 3)

/** what the MDM the suite plays published to the CIS as SUT: the switching read of the meter */
const publishedToCis = new WeakMap<object, PublishedSwitchingRead>();

/** MDM → supplier created(MeterReadings): the switching read of a meter at its usage point (Reading/reason moveIn or moveOut) */
export function switchingReadMessage(header: Message['header'], meter: { mRID: string; usagePoint: string }, readingType: string, read: { value: string; timeStamp: string; reason: string }): Message {
  const root = buildMeterReadings({ meterReadings: [{ meter: { mRID: meter.mRID }, usagePoint: { mRID: meter.usagePoint }, readings: [{ readingType, value: read.value, timeStamp: read.timeStamp, reason: read.reason }] }] });
  return { kind: 'event', header, payload: { root } };
}

/**
 * When (CS-01 step 3 with the CIS, old or new supplier, as SUT: "MDM → old / new supplier : created(MeterReadings)"):
 * the MDM the suite plays publishes the switching read of the meter's usage point to the CIS — the register
 * (data.readingTypes.register), a value of its own, a timeStamp a whole second in the past and Reading/reason moveIn or
 * moveOut (CIM9-199)
 */
export async function publishSwitchingReadToCis(w: Cim9World, reason: string): Promise<Exchange> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  if (!m.usagePoint) throw new SuiteError(`meter ${m.mRID} has no usage point in the profile (data.meters): a switching read is a usage point's`);
  if (!(SWITCHING_REASONS as readonly string[]).includes(reason)) throw new SuiteError(`a switching read has the reason moveIn or moveOut, not "${reason}"`);
  const timeStamp = nowTimestamp(() => new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000));
  const value = (20_000 + Math.floor(Math.random() * 1_000_000) / 1000).toFixed(3);
  const readingType = w.profile.data.readingTypes.register;
  publishedToCis.set(w, { meter: m.mRID, value, timeStamp, reason });
  return w.send('CIS', switchingReadMessage(w.requestHeader('created', 'MeterReadings'), { mRID: m.mRID, usagePoint: m.usagePoint }, readingType, { value, timeStamp, reason }), `MDM (the suite) → CIS created(MeterReadings) switching read (${reason}) of meter ${m.mRID} at usage point ${m.usagePoint}`);
}

/** Then (SWITCH-CLIENT-READ): the CIS's upper tester reports the switching read held, with its value and timeStamp */
export async function checkCisHoldsSwitchingRead(w: Cim9World): Promise<'skipped' | void> {
  const read = publishedToCis.get(w);
  if (!read) throw new SuiteError('no switching read was published to the CIS before this step');
  const report = await reportOfClient(w, { meters: [read.meter] });
  if (report === 'skipped') return 'skipped';
  w.assert(checkSwitchingReadHeld(report.meters[read.meter], read, 'the CIS report (upper tester)'), 'what the CIS holds of the switching read');
}

// ------------------------------------------------------------------------------------------------ CIS as SUT: the new supplier tells its MDM (CS-01 step 1)

/** the switch time a CIS is told: the next whole hour (a switch takes effect at a set time, never the moment it is sent) */
export function switchTimeOf(now: number): string {
  const hour = 3600_000;
  return new Date(Math.floor(now / hour) * hour + hour).toISOString();
}

interface CisSwitch {
  order: OrderedSwitch;
  mark: number;
  skipped?: boolean;
  /** the CIS's requests as received at <listener>/mdm, with their arrival order and the suite's answer */
  change?: { x: Exchange; seq: number; answer?: ParsedMessage; fault?: string };
  link?: { x: Exchange; seq: number; answer?: ParsedMessage; fault?: string };
  /** whether the requests were waited for */
  received?: boolean;
}
const cisSwitches = new WeakMap<object, CisSwitch>();

function cisSwitchOf(w: Cim9World): CisSwitch {
  const s = cisSwitches.get(w);
  if (!s) throw new SuiteError('the CIS was not told of a switch before this step');
  return s;
}

/**
 * When (CS-01 step 1 with the CIS, the new supplier, as SUT): the upper tester tells the CIS of the switch of the meter's
 * usage point (cis-supplier-switch): a new ServiceSupplier and a new CustomerAccount of the scenario's own, and the
 * switch time (switchTimeOf)
 */
export async function orderSupplierSwitch(w: Cim9World): Promise<'skipped' | void> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  if (!m.usagePoint) throw new SuiteError(`meter ${m.mRID} has no usage point in the profile (data.meters): the switch is a usage point's`);
  const id = newMessageId().slice(0, 8);
  const order: OrderedSwitch = { usagePoint: m.usagePoint, supplier: `${NEW_SUPPLIER}-${id}`, account: `CIM9-ACCOUNT-NEW-${id}`, at: switchTimeOf(Date.now()) };
  const s: CisSwitch = { order, mark: w.run.listener.lastSeq };
  cisSwitches.set(w, s);
  const r = await orderClient(w, 'cis-supplier-switch', { meters: [m.mRID], supplier: order.supplier, account: order.account, at: order.at });
  if (r === 'skipped') s.skipped = true;
  return r;
}

/**
 * Then: the MDM the suite plays receives the CIS's change(UsagePointConfig) and create(MasterDataLinkageConfig) (at
 * <listener>/mdm, after the order, within eventSeconds each); one missing is a finding (SWITCH-CLIENT-SUPPLIER,
 * SWITCH-CLIENT-LINK)
 */
export async function receiveCisSwitch(w: Cim9World): Promise<'skipped' | void> {
  const s = cisSwitchOf(w);
  if (s.skipped) return 'skipped';
  const take = async (noun: 'UsagePointConfig' | 'MasterDataLinkageConfig', what: string) => {
    let seq = 0;
    const x = await w.receive(
      LISTENER_PATHS.mdm,
      {
        predicate: (m) => {
          if (m.seq <= s.mark) return false;
          const r = readMessage(m.body);
          if (!r.ok || r.wire.message?.header?.noun !== noun) return false;
          seq = m.seq;
          return true;
        },
      },
      w.profile.timeouts.eventSeconds,
      `CIS → MDM (the suite) ${what}`,
    );
    if (!x) return undefined;
    const xml = ACKNOWLEDGEMENTS.get(seq);
    if (!xml) throw new SuiteError('the MDM the suite plays has no record of its answer to the request');
    w.attach(xml, { mediaType: 'application/xml', fileName: `MDM answer to the ${what} (sent by the suite).xml` });
    const read = readMessage(xml);
    return { x, seq, answer: read.ok ? read.wire.message : undefined, fault: read.ok && read.wire.fault ? (read.wire.fault.reason ?? 'SOAP fault') : undefined };
  };
  const change = await take('UsagePointConfig', 'change of supplier');
  const link = await take('MasterDataLinkageConfig', 'link of the new customer account');
  s.received = true;
  if (change) s.change = change;
  if (link) s.link = link;
  const within = `within ${w.profile.timeouts.eventSeconds} s of the order`;
  const findings: Finding[] = [];
  if (!change) findings.push(ruleFinding('SWITCH-CLIENT-SUPPLIER', `the CIS told of the switch of usage point ${s.order.usagePoint} sent its MDM no change(UsagePointConfig) ${within}`, { expected: `change(UsagePointConfig) naming ServiceSupplier ${s.order.supplier}`, actual: 'none' }));
  if (!link) findings.push(ruleFinding('SWITCH-CLIENT-LINK', `the CIS told of the switch of usage point ${s.order.usagePoint} sent its MDM no create(MasterDataLinkageConfig) ${within}`, { expected: `create(MasterDataLinkageConfig) of CustomerAccount ${s.order.account} and usage point ${s.order.usagePoint}`, actual: 'none' }));
  w.assert(findings, 'the requests of the switch');
}

function receivedSwitch(w: Cim9World): { s: CisSwitch; change: NonNullable<CisSwitch['change']>; link: NonNullable<CisSwitch['link']> } {
  const s = cisSwitchOf(w);
  if (!s.received || !s.change || !s.link) throw new SuiteError('the requests of the switch were not both received before this step');
  return { s, change: s.change, link: s.link };
}

/** Then: each request of the switch is valid against its schemas (layer 1) and its header conformant, change(UsagePointConfig) / create(MasterDataLinkageConfig) */
export function checkCisSwitchMessages(w: Cim9World): void {
  const { change, link } = receivedSwitch(w);
  w.assert(
    [
      ...change.x.findings,
      ...checkClientRequestHeader(change.x.wire, w.ctx(change.x.label, change.x.received?.at), 'UsagePointConfig', 'change'),
      ...link.x.findings,
      ...checkClientRequestHeader(link.x.wire, w.ctx(link.x.label, link.x.received?.at), 'MasterDataLinkageConfig', 'create'),
    ],
    'the requests of the switch',
  );
}

/** Then (SWITCH-CLIENT-SUPPLIER): the change names the meter's usage point and the new supplier */
export function checkCisSupplierChange(w: Cim9World): void {
  const { s, change } = receivedSwitch(w);
  w.assert(checkClientSupplierChange(change.x.wire?.message?.payload?.root, s.order, change.x.label), `${change.x.label}: the new supplier`);
}

/** Then (SWITCH-CLIENT-LINK, SWITCH-CLIENT-LINK-TIME per CIM9-259): the link joins the new account and the usage point, effective at the switch time */
export function checkCisAccountLink(w: Cim9World): void {
  const { s, link } = receivedSwitch(w);
  const text = String(w.run.assumptions['CIM9-259'] ?? 'warning');
  w.usedAssumptions['CIM9-259'] = text;
  w.assert(checkClientAccountLink(link.x.wire?.message?.payload?.root, { ...s.order, timeSeverity: severityOf(text, 'warning'), timeText: text }, link.x.label), `${link.x.label}: the link`);
}

/** Then (SWITCH-CLIENT-ORDER per CIM9-258): the change of supplier came before the link */
export function checkCisSwitchOrder(w: Cim9World): void {
  const { change, link } = receivedSwitch(w);
  const text = String(w.run.assumptions['CIM9-258'] ?? 'warning');
  w.usedAssumptions['CIM9-258'] = text;
  w.assert(checkClientSwitchOrder(change.seq, link.seq, { severity: severityOf(text, 'warning'), text, label: 'the requests of the switch' }), 'the order of the requests of the switch');
}

/** Then: the MDM the suite plays took both requests (Result OK); a request it could not take is DOM-CLIENT-REQUEST (checkPeerTook) */
export function checkCisSwitchTaken(w: Cim9World): void {
  const { change, link } = receivedSwitch(w);
  w.assert([...checkPeerTook(change.answer, change.fault, change.x.label, 'MDM'), ...checkPeerTook(link.answer, link.fault, link.x.label, 'MDM')], 'the requests of the switch, taken by the MDM');
}
