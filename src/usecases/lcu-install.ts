/**
 * Installation of a load-control unit (EDC-02, use-cases.md §4.2). The suite plays the installer (WM) who tells the
 * system of a new load-control device, an EndDevice of type CIM9-186 ("16" LoadControlDevice) with an installCode and
 * an electronicAddress, with created(EndDeviceConfig), then links it to the usage point of the profile's first meter
 * with create(MasterDataLinkageConfig).
 *
 * - head-end as SUT: the suite is also the MDM the head-end tells (LISTENER_PATHS.mdmEvents) created(EndDeviceEvents)
 *   with the installation events of the device (CIM9-187: domain 6 Installation), and checks them
 *   (src/checks/lcu-install.ts: EDC-LCU-EVENT, -DEVICE, -DOMAIN, -TYPE);
 * - MDM as SUT: the MDM takes the device and the link; a get(EndDeviceConfig) of the usage point (Get profile in
 *   Request) then lists the device (EDC-LCU-LINK). The device is deleted again after the scenario.
 * Every device is new (LCU-<uuid>), so the scenarios run in any order, and twice.
 */
import type { Message } from '../message/index.ts';
import { newMessageId, nowTimestamp, readMessage } from '../message/index.ts';
import { buildEndDeviceConfig } from '../payloads/masterdata/endDeviceConfig.ts';
import { buildMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { buildGetConfig, configObjects } from '../payloads/masterdata/getConfig.ts';
import { objectIds } from '../payloads/masterdata/common.ts';
import { readEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import type { ReceivedMessage } from '../transport/index.ts';
import { quietSecondsOf } from '../profile/index.ts';
import { rule } from '../checks/catalogue.ts';
import { checkResponse } from '../checks/envelope.ts';
import { checkInstallationEvents, checkLinkShown, isInstallationEvent, partsOf, INSTALLATION_DOMAIN, type LcuEvent, type LcuExpectation } from '../checks/lcu-install.ts';
import { assertNothingArrived, checkCreatedDeliveries, claimNotExamined, markDeliveries } from './deliveries.ts';

type Sut = 'HES' | 'MDM';

interface LcuState {
  sut: Sut;
  exp: LcuExpectation;
  since: number;
  /** the SUT acknowledged created(EndDeviceConfig): the MDM's device is deleted after the scenario */
  told: boolean;
  link?: Exchange;
  results: Exchange[];
  events: LcuEvent[];
}

const states = new WeakMap<object, LcuState>();

function stateOf(w: Cim9World): LcuState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no load-control unit was told to the SUT before this step');
  return s;
}

/** created(EndDeviceConfig): the new load-control unit, as the installer describes it */
export function deviceMessage(w: Pick<Cim9World, 'requestHeader'>, o: { device: string; type: string; installedAt: Date }): Message {
  const at = nowTimestamp(() => o.installedAt);
  const hex = o.device.replace(/[^0-9a-f]/gi, '').slice(0, 16).padEnd(16, '0').toUpperCase();
  return {
    kind: 'event',
    header: w.requestHeader('created', 'EndDeviceConfig'),
    payload: {
      root: buildEndDeviceConfig({
        endDevices: [{
          mRID: o.device,
          installCode: hex,
          isPan: false,
          serialNumber: `SN-${o.device}`,
          type: o.type,
          configurationEvent: { createdDateTime: at, effectiveDateTime: at, reason: 'load control unit installed' },
          electronicAddress: { radio: hex.slice(0, 12), mac: hex.slice(0, 12).replace(/(..)(?!$)/g, '$1:') },
          lifecycle: { installationDate: at.slice(0, 10) },
          names: [{ name: `SN-${o.device}`, nameType: { name: 'SerialNumber' } }],
        }],
      }),
    },
  };
}

/** create(MasterDataLinkageConfig): the device linked to the usage point as of the installation */
export function linkMessage(w: Pick<Cim9World, 'requestHeader'>, o: { device: string; usagePoint: string; installedAt: Date }): Message {
  const at = nowTimestamp(() => o.installedAt);
  return {
    kind: 'request',
    header: w.requestHeader('create', 'MasterDataLinkageConfig'),
    payload: { root: buildMasterDataLinkageConfig({ configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: at }, objects: { EndDevice: [{ mRID: o.device }], UsagePoint: [{ mRID: o.usagePoint }] } }) },
  };
}

/** When: the installer tells the SUT of a new load-control unit at the usage point of the first meter */
export async function tellNewDevice(w: Cim9World, sut: Sut): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter?.usagePoint) throw new SuiteError('no meter with a usage point was chosen before this step');
  const type = String(w.run.assumptions['CIM9-186'] ?? '16');
  w.usedAssumptions['CIM9-186'] = type;
  const exp: LcuExpectation = { device: `LCU-${newMessageId()}`, usagePoint: meter.usagePoint, installedAt: new Date() };
  markDeliveries(w, w.run.listener, { settle: true });
  const s: LcuState = { sut, exp, since: w.run.listener.lastSeq, told: false, results: [], events: [] };
  states.set(w, s);
  const x = await w.send(sut, deviceMessage(w, { device: exp.device, type, installedAt: exp.installedAt }), `created(EndDeviceConfig) load-control unit ${exp.device}`);
  s.told = x.wire?.message?.reply?.result === 'OK';
  return x;
}

/** When: the installer links the load-control unit to the usage point */
export async function linkDevice(w: Cim9World, sut: Sut): Promise<Exchange> {
  const s = stateOf(w);
  if (s.sut !== sut) throw new SuiteError(`the load-control unit was told to the ${s.sut}, not the ${sut}`);
  s.link = await w.send(sut, linkMessage(w, s.exp), `create(MasterDataLinkageConfig) ${s.exp.device} to usage point ${s.exp.usagePoint}`);
  return s.link;
}

function eventsOf(x: Exchange): LcuEvent[] {
  const root = x.wire?.message?.payload?.root;
  if (!root || root.name !== 'EndDeviceEvents') return [];
  return readEndDeviceEvents(root).map((e) => ({ eventType: e.eventType, device: e.meter, createdDateTime: e.createdDateTime, receivedAt: x.received?.at, node: e.node, label: x.label }));
}

/** a delivery after `since` of EndDeviceEvents naming the device or with an installation-domain event; an unreadable one counts */
export function aboutInstallation(device: string, since: number): (m: ReceivedMessage) => boolean {
  return (m) => {
    if (m.seq <= since || m.delivery !== 'accepted') return false;
    const r = readMessage(m.body);
    const root = r.ok ? r.wire.message?.payload?.root : undefined;
    if (!root) return m.inspected.noun === 'EndDeviceEvents';
    if (root.name !== 'EndDeviceEvents') return false;
    return readEndDeviceEvents(root).some((e) => e.meter?.trim() === device || partsOf(e.eventType)?.[1] === INSTALLATION_DOMAIN);
  };
}

/**
 * When: the MDM waits (timeouts.eventSeconds) for the installation events of the device, until one (CIM9-187) names it
 * (the embedded reference SUT: until it is idle). Nothing at all is EDC-LCU-EVENT.
 */
export async function awaitInstallation(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const policy = String(w.run.assumptions['CIM9-187'] ?? 'domain-6');
  w.usedAssumptions['CIM9-187'] = policy;
  const match = aboutInstallation(s.exp.device, s.since);
  const deadline = Date.now() + w.profile.timeouts.eventSeconds * 1000;
  const done = () => s.events.some((e) => e.device?.trim() === s.exp.device && isInstallationEvent(e.eventType, policy));
  let n = 0;
  while (!done()) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const x = await w.receive(LISTENER_PATHS.mdmEvents, { predicate: match }, left, `installation event ${++n} of load-control unit ${s.exp.device}`);
    if (!x) break;
    s.results.push(x);
    s.events.push(...eventsOf(x));
    // the embedded reference SUT says when it has sent everything: no installation event can follow then
    if (!done() && (await w.quietLeft(quietSecondsOf(w.profile))) === 0) break;
  }
  if (!s.results.length) {
    assertNothingArrived(w, {
      rule: 'EDC-LCU-EVENT',
      path: LISTENER_PATHS.mdmEvents,
      since: s.since,
      match,
      what: `created(EndDeviceEvents) about the load-control unit ${s.exp.device} (or an installation event)`,
      to: 'the MDM',
      after: `the installer linked it to usage point ${s.exp.usagePoint}`,
      step: 'installation events',
      assumptions: { 'CIM9-187': policy },
    });
  }
  w.lastEvent = s.results[0];
}

/** Then: every installation message is schema-valid and a conformant created(EndDeviceEvents) */
export function checkInstallationMessages(w: Cim9World): void {
  checkCreatedDeliveries(w, stateOf(w).results, 'installation event');
}

/** Then: the installation events name the device, in domain 6, sanely dated */
export function checkInstallation(w: Cim9World): void {
  const s = stateOf(w);
  if (!s.results.length) throw new SuiteError('no installation event was received before this step');
  w.usedAssumptions['CIM9-188'] = String(w.run.assumptions['CIM9-188'] ?? 'warning');
  w.assert(checkInstallationEvents(s.events, s.exp, w.ctx(`installation of load-control unit ${s.exp.device}`)), 'installation events');
}

/** Then: the MDM took the link, and a get(EndDeviceConfig) of the usage point lists the device (EDC-LCU-LINK) */
export async function checkLinkAtMdm(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const l = s.link?.wire?.message;
  if (!s.link) throw new SuiteError('the load-control unit was not linked before this step');
  const label = `installation of load-control unit ${s.exp.device}`;
  if (l?.reply?.result !== 'OK') {
    const errors = (l?.reply?.errors ?? []).map((e) => `${e.code}${e.reason ? ` ${e.reason}` : ''}`);
    w.assert(checkLinkShown({ linkResult: l?.reply?.result, linkErrors: errors }, s.exp, w.ctx(label)), 'the MDM links the load-control unit');
  }
  const header = w.requestHeader('get', 'EndDeviceConfig');
  const x = await w.send('MDM', { kind: 'request', header, request: { query: buildGetConfig('EndDeviceConfig', { UsagePoint: [{ mRID: s.exp.usagePoint }] }) } }, `GetEndDeviceConfig of usage point ${s.exp.usagePoint}`);
  const findings = [...x.findings];
  if (x.wire) findings.push(...checkResponse(x.wire, { noun: 'EndDeviceConfig', request: header }, w.ctx(`${x.label} reply`, x.received?.at)));
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const listed = m?.reply?.result === 'OK' ? (root && root.name === 'EndDeviceConfig' ? configObjects(root, 'EndDeviceConfig').map((n) => objectIds(n)) : []) : undefined;
  findings.push(...checkLinkShown({ linkResult: 'OK', listed, getResult: m?.reply?.result }, s.exp, w.ctx(label)));
  w.assert(findings, 'the MDM shows the load-control unit linked to the usage point');
}

/**
 * After: the device the MDM took is deleted again (best effort: a problem is attached, never a verdict), then what
 * reached the MDM's and the master-data subscriber's addresses after the scenario's mark and no step examined is claimed.
 */
export async function cleanUpInstallation(w: Cim9World): Promise<void> {
  const s = states.get(w);
  if (!s) return;
  if (s.sut === 'MDM' && s.told) {
    s.told = false;
    try {
      const header = w.requestHeader('delete', 'EndDeviceConfig');
      const x = await w.send('MDM', { kind: 'request', header, payload: { root: buildEndDeviceConfig({ endDevices: [{ mRID: s.exp.device }] }) } }, `clean-up: delete(EndDeviceConfig) ${s.exp.device}`);
      const result = x.wire?.message?.reply?.result;
      if (result !== 'OK') w.attach(`clean-up: the MDM answered ${result ?? 'no Result'} to the deletion of the load-control unit ${s.exp.device}`, { mediaType: 'text/plain', fileName: 'clean-up.txt' });
    } catch (e) {
      w.attach(`clean-up: the load-control unit ${s.exp.device} could not be deleted: ${(e as Error).message}`, { mediaType: 'text/plain', fileName: 'clean-up.txt' });
    }
  }
  await w.quietPeriod(quietSecondsOf(w.profile));
  claimNotExamined(w, { path: LISTENER_PATHS.mdmEvents, since: s.since, title: "Delivered to the MDM's address after the installer's messages and not examined" });
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: s.since, title: "Delivered to the master-data subscriber's address after the installer's messages and not examined" });
}
