/**
 * Pairing of a PAN device with the MDM as SUT (PAN-01, use-cases.md §8.1, UC-28): the suite plays the CIS / DRMS that
 * creates the PAN device at the MDM with create(EndDeviceConfig) (EndDevice isPan=true, installCode,
 * electronicAddress/mac; its meter named as CIM9-247 says: a Names entry of NameType "PANGateway"), and the MDM's
 * head-end at LISTENER_PATHS.hes (src/usecases/peer.ts answers the control OK: it learns the PAN device, isPan, from
 * the control). The MDM must open the pairing window at its head-end: create(EndDeviceControls) with the window code
 * (CIM9-193) targeting the meter and listing the PAN device with its installCode (src/checks/pan-pairing.ts,
 * PAN-RELAY-WINDOW). The head-end the suite plays then tells the MDM the pairing result of that device
 * (created(EndDeviceEvents): accepted CIM9-194 or rejected CIM9-161, naming the PAN device and the usage point of its
 * meter, dated after the control was received and carrying its issuerTrackingID), which the MDM must acknowledge
 * (the shared reply steps). The linkage PAN device ↔ usage point the MDM then tells its master-data subscriber is
 * CIM9-248 (PAN-RELAY-LINK, a warning by default).
 */
import { newMessageId, nowTimestamp, type Message } from '../message/index.ts';
import { buildEndDeviceConfig } from '../payloads/masterdata/endDeviceConfig.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';
import { buildEndDeviceEvents } from '../payloads/endDeviceEvents.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkPairingWindowRelayed, checkPanLinkage, type PanLinkage, type RelayedWindow, type WindowExpectation } from '../checks/pan-pairing.ts';
import { readMasterDataLinkageConfig } from '../payloads/masterdata/masterDataLinkageConfig.ts';
import { claimNotExamined } from './deliveries.ts';
import { quietSecondsOf } from '../profile/index.ts';

/** the NameType (CIM9-247 gateway-name) of the PAN device's Names entry that names its meter */
export const PAN_GATEWAY_NAME_TYPE = 'PANGateway';

interface PanRelayState {
  exp: WindowExpectation;
  mac: string;
  /** listener mark before the create: what the MDM sent the head-end after it was caused by this scenario */
  mark: number;
  /** the control the MDM sent the head-end for the PAN device, and when it arrived */
  window?: RelayedWindow & { issuerTrackingID?: string };
  windowAt?: Date;
  /** the pairing result the head-end told, and the listener mark before it */
  result?: { outcome: 'accepted' | 'rejected'; mark: number };
}

const states = new WeakMap<object, PanRelayState>();

function stateOf(w: Cim9World): PanRelayState {
  const s = states.get(w);
  if (!s) throw new SuiteError('no PAN device was created at the MDM before this step');
  return s;
}

/** a hexadecimal install code of 16 bytes, derived from an mRID */
function installCodeOf(mRID: string): string {
  return mRID.replace(/[^0-9a-f]/gi, '').toUpperCase().padEnd(32, '0').slice(0, 32);
}

/** create(EndDeviceConfig) of a PAN device (isPan, installCode, mac) naming its meter (CIM9-247 gateway-name) */
export function panDeviceRequest(w: Pick<Cim9World, 'requestHeader'>, o: { panDevice: string; installCode: string; mac: string; meter: string }): Message {
  return {
    kind: 'request',
    header: w.requestHeader('create', 'EndDeviceConfig'),
    payload: {
      root: buildEndDeviceConfig({
        endDevices: [{
          mRID: o.panDevice,
          installCode: o.installCode,
          isPan: true,
          electronicAddress: { mac: o.mac },
          names: [{ name: o.meter, nameType: { name: PAN_GATEWAY_NAME_TYPE } }],
        }],
      }),
    },
  };
}

/** When: the CIS creates a PAN device of the scenario's meter at the MDM (the suite playing its head-end) */
export async function createPanDeviceAtMdm(w: Cim9World): Promise<Exchange> {
  const meter = w.meters[0];
  if (!meter) throw new SuiteError('no meter was chosen before this step');
  const controlType = String(w.run.assumptions['CIM9-193'] ?? '3.10.73.298');
  w.usedAssumptions['UC-28'] = String(w.run.assumptions['UC-28'] ?? 'as-specified');
  w.usedAssumptions['CIM9-193'] = controlType;
  w.usedAssumptions['CIM9-247'] = String(w.run.assumptions['CIM9-247'] ?? 'gateway-name');
  w.usedAssumptions['CIM9-248'] = String(w.run.assumptions['CIM9-248'] ?? 'not-required');
  const panDevice = `PAN-${newMessageId()}`;
  const hex = installCodeOf(newMessageId());
  const mac = hex.slice(0, 16).match(/../g)!.join(':');
  const exp: WindowExpectation = { meter: meter.mRID, panDevice, installCode: hex, controlType };
  states.set(w, { exp, mac, mark: w.run.listener.lastSeq });
  return w.send('MDM', panDeviceRequest(w, { panDevice, installCode: hex, mac, meter: meter.mRID }), `CIS → MDM create(EndDeviceConfig) PAN device ${panDevice} of meter ${meter.mRID}`);
}

/**
 * Then: the MDM opened the pairing window at the head-end the suite plays (within timeouts.eventSeconds of the create):
 * the request's three layers (the World's layer 1 at receipt) and PAN-RELAY-WINDOW. Nothing at the head-end's address
 * is PAN-RELAY-WINDOW.
 */
export async function checkPairingWindowPassedOn(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  const label = `MDM → head-end create(EndDeviceControls) pairing window for PAN device ${s.exp.panDevice}`;
  const limit = w.profile.timeouts.eventSeconds;
  const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, limit, label, { endWhenIdle: true });
  if (!x) return w.assert(checkPairingWindowRelayed(undefined, s.exp, { ...w.ctx(label), withinSeconds: limit }), 'the pairing window');
  const m = x.wire?.message;
  const root = m?.payload?.root;
  const controls = root && root.name === 'EndDeviceControls' ? readEndDeviceControls(root) : undefined;
  const read = controls?.map((c): RelayedWindow & { issuerTrackingID?: string } => ({
    mRID: c.mRID,
    controlType: c.controlType,
    issuerTrackingID: c.issuerTrackingID,
    devices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID, installCode: d.installCode, isPan: d.isPan })),
    node: c.node,
  }));
  const findings = [...x.findings, ...checkPairingWindowRelayed({ verb: m?.header?.verb ?? m?.wrapperVerb, noun: m?.header?.noun ?? m?.wrapperNoun, controls: read }, s.exp, w.ctx(x.label, x.received?.at))];
  s.window = read?.find((c) => c.devices.some((d) => d.mRID?.trim() === s.exp.panDevice));
  s.windowAt = x.received?.at ?? new Date();
  if (!findings.some((f) => f.severity === 'error')) w.attach(`${label}: the MDM opened the pairing window (${s.window?.controlType.trim()}) on meter ${s.exp.meter} for PAN device ${s.exp.panDevice} with its installCode.`, { mediaType: 'text/plain', fileName: 'pairing window.txt' });
  w.assert(findings, 'the pairing window');
}

/**
 * When: the head-end the suite plays tells the MDM the pairing result of the PAN device (accepted: CIM9-194, rejected:
 * CIM9-161): created(EndDeviceEvents) naming the PAN device and the usage point of its meter, with the issuerTrackingID
 * of the window, dated after the window reached the head-end (the event follows the control).
 */
export async function tellMdmPairingResult(w: Cim9World, outcome: string): Promise<Exchange> {
  if (outcome !== 'accepted' && outcome !== 'rejected') throw new SuiteError(`unknown pairing outcome "${outcome}" (accepted or rejected)`);
  const s = stateOf(w);
  if (!s.window || !s.windowAt) throw new SuiteError('the MDM opened no pairing window for the PAN device before this step');
  const id = outcome === 'accepted' ? 'CIM9-194' : 'CIM9-161';
  const eventType = String(w.run.assumptions[id] ?? (outcome === 'accepted' ? '0.10.74.17' : '0.10.74.85'));
  w.usedAssumptions[id] = eventType;
  const at = new Date(Math.max(Date.now(), s.windowAt.getTime() + 1000));
  const usagePoint = w.meters.find((m) => m.mRID === s.exp.meter)?.usagePoint;
  const msg: Message = {
    kind: 'event',
    header: w.requestHeader('created', 'EndDeviceEvents'),
    payload: { root: buildEndDeviceEvents([{ mRID: newMessageId(), createdDateTime: nowTimestamp(() => at), eventType, meter: s.exp.panDevice, ...(usagePoint ? { usagePoint } : {}), ...(s.window.issuerTrackingID ? { issuerTrackingID: s.window.issuerTrackingID } : {}), reason: `pairing ${outcome}` }]) },
  };
  s.result = { outcome, mark: w.run.listener.lastSeq };
  w.attach(`The head-end tells the MDM the pairing of PAN device ${s.exp.panDevice} ${outcome} (${eventType}), dated ${nowTimestamp(() => at)}, after the pairing window reached it at ${s.windowAt.toISOString()}.`, { mediaType: 'text/plain', fileName: 'pairing result.txt' });
  return w.send('MDM', msg, `head-end → MDM created(EndDeviceEvents) pairing ${outcome} of PAN device ${s.exp.panDevice}`);
}

/**
 * Then: the MDM links the PAN device to the usage point of its meter after an accepted pairing, and links nothing of it
 * after a rejected one (PAN-RELAY-LINK, CIM9-248: warning by default, required, off). Looked for at the master-data
 * subscriber's address: after an accepted pairing until the link came or timeouts.eventSeconds passed, after a rejected
 * one for a quiet period (both until the embedded SUT is idle).
 */
export async function checkPanLinkageStep(w: Cim9World): Promise<void> {
  const s = stateOf(w);
  if (!s.result) throw new SuiteError('the head-end told the MDM no pairing result before this step');
  const mode = String(w.run.assumptions['CIM9-248'] ?? 'warning');
  w.usedAssumptions['CIM9-248'] = mode;
  if (mode === 'off') {
    w.attach('CIM9-248 = off: the linkage of the PAN device to the usage point is not looked at.', { mediaType: 'text/plain', fileName: 'linkage not looked at.txt' });
    return;
  }
  const usagePoint = w.meters.find((m) => m.mRID === s.exp.meter)?.usagePoint;
  if (!usagePoint) throw new SuiteError(`meter ${s.exp.meter} has no usage point in the profile: there is no link to look for`);
  const since = s.result.mark;
  const isLink = (m: { seq: number; inspected: { noun?: string } }) => m.seq > since && m.inspected.noun === 'MasterDataLinkageConfig';
  const accepted = s.result.outcome === 'accepted';
  let left = accepted ? w.profile.timeouts.eventSeconds : Math.max(await w.quietLeft(quietSecondsOf(w.profile)), 0.05);
  const got: Exchange[] = [];
  let n = 0;
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.masterData, { predicate: isLink }, left, `MDM → master-data subscriber MasterDataLinkageConfig ${++n} after the pairing ${s.result.outcome}`, { endWhenIdle: true });
    if (!x) break;
    got.push(x);
    if (accepted) break;
    left = 0.05;
  }
  const links: PanLinkage[] = got.flatMap((x) => {
    const root = x.wire?.message?.payload?.root;
    return root && root.name === 'MasterDataLinkageConfig' ? [{ objects: readMasterDataLinkageConfig(root).objects, label: x.label, node: root }] : [{ objects: {}, label: x.label }];
  });
  const severity = mode === 'required' ? 'error' : 'warning';
  w.assert([...got.flatMap((x) => x.findings), ...checkPanLinkage(links, { panDevice: s.exp.panDevice, usagePoint, outcome: s.result.outcome }, severity, w.ctx(`linkage of PAN device ${s.exp.panDevice}`))], 'the linkage of the PAN device');
}

/** After: what the MDM sent the head-end's and the master-data subscriber's addresses after the create and no step examined (a linkage, CIM9-248) is claimed */
export function claimPanRelayLeftovers(w: Cim9World): void {
  const s = states.get(w);
  if (!s) return;
  claimNotExamined(w, { path: LISTENER_PATHS.hes, since: s.mark, title: "Sent by the MDM to the head-end's address after the PAN device was created and not examined by this scenario" });
  // the MDM's publication of the PAN device it created (created(EndDeviceConfig), UC-29) is MD-01's, not judged here
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: s.mark, title: 'Published by the MDM to the master-data subscriber after the PAN device was created (judged by the master-data scenarios, not this one)' });
}
