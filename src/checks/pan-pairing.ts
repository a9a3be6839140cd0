/**
 * Pairing of a PAN device (PAN-01, use-cases.md §8.1): pure checks of the EndDeviceEvents the head-end tells its
 * MDM after it accepted the control that opens the pairing window (x.10.73.298) for a PAN device.
 *
 * - PAN-PAIR-EVENT: an event with the pairing result (CIM9-194: x.10.74.17 accepted) names the PAN device, dated not
 *   before the control (clock skew); no event at all is the use case's own finding (src/usecases/pan-pairing.ts);
 * - PAN-PAIR-DEVICE: the pairing events name the PAN device (CIM9-195: or the meter), no other device;
 * - PAN-PAIR-DOMAIN: the events about the PAN device are of domain 10 (Pairing);
 * - PAN-PAIR-REJECTED: a PAN device the meter cannot pair is reported failed (CIM9-161: x.10.74.85), dated not before
 *   the control, and never paired (x.10.74.17);
 * - PAN-PAIR-CLOSED: after the window was closed early (CIM9-162: x.10.73.299), no event tells a device it listed paired.
 * Pure: events and expectations in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import type { CheckContext } from './envelope.ts';
import { assumed } from './assume.ts';
import type { XNode } from '../xml/index.ts';

/** an event of a pairing message, as the use case collected it */
export interface PairingEvent {
  eventType: string;
  /** the device the event names (Assets) */
  device?: string;
  createdDateTime?: string;
  node?: XNode;
  label: string;
}

/** the pairing the suite asked for */
export interface PairingExpectation {
  meter: string;
  panDevice: string;
  controlMRID: string;
  requestedAt: Date;
}

/** the domain part of an EndDeviceEventType code ("" when the code has no four parts) */
export function domainOf(code: string): string {
  const parts = code.trim().split('.');
  return parts.length === 4 ? parts[1]! : '';
}

/** whether `code` is `accepted` with any device type (x.10.74.17) */
export function sameEvent(code: string, accepted: string): boolean {
  const tail = (c: string) => c.trim().split('.').slice(1).join('.');
  return code.trim().split('.').length === 4 && tail(code) === tail(accepted);
}

/** the devices a pairing event may name (CIM9-195) */
function pairingDevices(exp: Pick<PairingExpectation, 'meter' | 'panDevice'>, named: string): string[] {
  return named === 'pan-or-meter' ? [exp.panDevice, exp.meter] : [exp.panDevice];
}

/**
 * the scope of the pairing events: domain-10 events name the PAN device (PAN-PAIR-DEVICE), the PAN device's events are
 * of domain 10 (PAN-PAIR-DOMAIN); returns the findings and the events of the device
 */
function checkPairingScope(events: readonly PairingEvent[], exp: PairingExpectation, ctx: CheckContext): { out: Finding[]; mine: PairingEvent[] } {
  const out: Finding[] = [];
  const accepted = assumed(ctx, 'CIM9-194', '0.10.74.17');
  const named = assumed(ctx, 'CIM9-195', 'pan-device');
  const devices = pairingDevices(exp, named);
  const ours = (e: PairingEvent) => e.device !== undefined && devices.includes(e.device.trim());
  // pairing events (domain 10) naming another device
  for (const e of events) {
    if (domainOf(e.eventType) === '10' && !ours(e)) {
      out.push(placedRuleFinding('PAN-PAIR-DEVICE', 'error', `${e.label}: the pairing event ${e.eventType.trim()} names device ${e.device?.trim() || '(none)'}, not the PAN device ${exp.panDevice}${named === 'pan-or-meter' ? ` nor the meter ${exp.meter}` : ''} of the pairing control ${exp.controlMRID}`, ctx, e.node, { 'CIM9-195': named }, { expected: `device ${devices.join(' or ')}`, actual: `device ${e.device?.trim() || '(none)'}` }));
    }
  }
  // events of the device outside domain 10
  const mine = events.filter(ours);
  for (const e of mine) {
    if (domainOf(e.eventType) !== '10') {
      out.push(placedRuleFinding('PAN-PAIR-DOMAIN', 'error', `${e.label}: the event ${e.eventType.trim() || '(no type)'} of device ${e.device?.trim()} after the pairing window opened is not of domain 10 (Pairing)`, ctx, e.node, { 'CIM9-194': accepted }, { expected: 'an event of domain 10 (Pairing)', actual: `event type ${e.eventType.trim() || '(none)'}` }));
    }
  }
  return { out, mine };
}

/** events dated before the control (beyond the skew) or undated, under `ruleId` */
function checkDated(results: readonly PairingEvent[], exp: PairingExpectation, ctx: CheckContext, ruleId: string): Finding[] {
  const out: Finding[] = [];
  const skew = ctx.skewSeconds ?? 60;
  for (const e of results) {
    const at = instantMs(e.createdDateTime);
    if (at === undefined) {
      out.push(placedRuleFinding(ruleId, 'error', `${e.label}: the pairing event ${e.eventType.trim()} of device ${e.device?.trim()} has no valid createdDateTime${e.createdDateTime ? ` ("${e.createdDateTime}")` : ''}: it cannot be placed after the control`, ctx, e.node, undefined, { expected: 'createdDateTime, an xs:dateTime', actual: e.createdDateTime ? `"${e.createdDateTime}"` : 'none' }));
    } else if (at < exp.requestedAt.getTime() - skew * 1000) {
      out.push(placedRuleFinding(ruleId, 'error', `${e.label}: the pairing event ${e.eventType.trim()} of device ${e.device?.trim()} is dated ${e.createdDateTime}, before the pairing window was opened (${exp.requestedAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node, undefined, { expected: `not before ${exp.requestedAt.toISOString()} (± ${skew} s)`, actual: `${e.createdDateTime}` }));
    }
  }
  return out;
}

const anyType = (code: string) => code.replace(/^\d+\./, 'x.');

/** the pairing events against what the control asked (PAN-PAIR-EVENT, PAN-PAIR-DEVICE, PAN-PAIR-DOMAIN) */
export function checkPairingEvents(events: readonly PairingEvent[], exp: PairingExpectation, ctx: CheckContext): Finding[] {
  const accepted = assumed(ctx, 'CIM9-194', '0.10.74.17');
  const named = assumed(ctx, 'CIM9-195', 'pan-device');
  const { out, mine } = checkPairingScope(events, exp, ctx);
  const pairing = mine.filter((e) => domainOf(e.eventType) === '10');
  const results = pairing.filter((e) => sameEvent(e.eventType, accepted));
  if (!results.length) {
    // wrong-domain events of the device are reported above; a device named nowhere is PAN-PAIR-DEVICE above when it had pairing events
    if (!out.length) {
      const got = mine.map((e) => e.eventType.trim() || '(none)');
      out.push(placedRuleFinding('PAN-PAIR-EVENT', 'error', `no event names the PAN device ${exp.panDevice} paired (${anyType(accepted)})${got.length ? `: got ${got.join(', ')}` : ''}`, ctx, mine[0]?.node, { 'CIM9-194': accepted, 'CIM9-195': named }, { expected: `event ${anyType(accepted)} of device ${exp.panDevice}`, actual: got.length ? got.join(', ') : 'none' }));
    }
    return out;
  }
  out.push(...checkDated(results, exp, ctx, 'PAN-PAIR-EVENT'));
  return out;
}

/**
 * the events after a pairing window that lists a PAN device the meter cannot pair (PAN-PAIR-REJECTED, with
 * PAN-PAIR-DEVICE and PAN-PAIR-DOMAIN): the failure (CIM9-161) of the device, dated not before the control; no accepted
 * event (CIM9-194) of it. Nothing about the device is PAN-PAIR-REJECTED: any other refusal is not the one expected.
 */
export function checkRejectedPairing(events: readonly PairingEvent[], exp: PairingExpectation, ctx: CheckContext): Finding[] {
  const accepted = assumed(ctx, 'CIM9-194', '0.10.74.17');
  const rejected = assumed(ctx, 'CIM9-161', '0.10.74.85');
  const { out, mine } = checkPairingScope(events, exp, ctx);
  for (const e of mine.filter((x) => sameEvent(x.eventType, accepted))) {
    out.push(placedRuleFinding('PAN-PAIR-REJECTED', 'error', `${e.label}: the head-end reports device ${e.device?.trim()} paired (${e.eventType.trim()}), though the meter cannot pair it (the field refused it): the failure ${anyType(rejected)} was expected`, ctx, e.node, { 'CIM9-161': rejected, 'CIM9-194': accepted }, { expected: `event ${anyType(rejected)} (pairing failed)`, actual: `event ${e.eventType.trim()} (paired)` }));
  }
  const failures = mine.filter((e) => sameEvent(e.eventType, rejected));
  if (!failures.length) {
    if (!out.length) {
      const got = mine.map((e) => e.eventType.trim() || '(none)');
      out.push(placedRuleFinding('PAN-PAIR-REJECTED', 'error', `no event names the pairing of PAN device ${exp.panDevice} failed (${anyType(rejected)}), though the meter cannot pair it${got.length ? `: got ${got.join(', ')}` : ''}`, ctx, mine[0]?.node, { 'CIM9-161': rejected }, { expected: `event ${anyType(rejected)} of device ${exp.panDevice}`, actual: got.length ? got.join(', ') : 'none' }));
    }
    return out;
  }
  out.push(...checkDated(failures, exp, ctx, 'PAN-PAIR-REJECTED'));
  return out;
}

/** what the suite did to close the window early */
export interface ClosedWindow extends PairingExpectation {
  /** when the close was answered OK */
  closedAt: Date;
}

/**
 * the events that reached the MDM after the pairing window was closed early and the PAN device asked to join
 * (PAN-PAIR-CLOSED, with PAN-PAIR-DEVICE and PAN-PAIR-DOMAIN): no accepted event (CIM9-194) of the device. A failure
 * (CIM9-161) or nothing at all is what a closed window gives.
 */
export function checkAfterClose(events: readonly PairingEvent[], exp: ClosedWindow, ctx: CheckContext): Finding[] {
  const accepted = assumed(ctx, 'CIM9-194', '0.10.74.17');
  const close = assumed(ctx, 'CIM9-162', '3.10.73.299');
  const { out, mine } = checkPairingScope(events, exp, ctx);
  for (const e of mine.filter((x) => sameEvent(x.eventType, accepted))) {
    out.push(placedRuleFinding('PAN-PAIR-CLOSED', 'error', `${e.label}: the head-end reports device ${e.device?.trim()} paired (${e.eventType.trim()}${e.createdDateTime ? `, dated ${e.createdDateTime}` : ''}) after it accepted the close ${close} of the pairing window on meter ${exp.meter} at ${exp.closedAt.toISOString()}`, ctx, e.node, { 'CIM9-162': close, 'CIM9-194': accepted }, { expected: `no pairing of device ${e.device?.trim()} after the close`, actual: `event ${e.eventType.trim()}${e.createdDateTime ? ` at ${e.createdDateTime}` : ''}` }));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ the MDM as SUT (PAN-01.5)

/** a device a pairing-window control the MDM sent its head-end lists (EndDevices) */
export interface RelayedWindowDevice {
  mRID?: string;
  installCode?: string;
  isPan?: boolean;
}

/** a control the MDM sent its head-end, as read */
export interface RelayedWindow {
  mRID?: string;
  controlType: string;
  devices: RelayedWindowDevice[];
  node?: XNode;
}

/** the pairing window the MDM must open at its head-end for the PAN device the CIS created at it */
export interface WindowExpectation {
  meter: string;
  panDevice: string;
  installCode: string;
  /** the EndDeviceControlType of the window (CIM9-193), compared without its device type (x.10.73.298) */
  controlType: string;
}

/**
 * PAN-RELAY-WINDOW: after the CIS created a PAN device (isPan, installCode) naming its meter at the MDM, the MDM sends its
 * head-end create(EndDeviceControls) with a control that opens the pairing window (CIM9-193, any device type) listing
 * the meter and the PAN device, no other device, the PAN device with the installCode the CIS gave (and not isPan=false).
 * `got` undefined: nothing reached the head-end.
 */
export function checkPairingWindowRelayed(
  got: { verb?: string; noun?: string; controls?: readonly RelayedWindow[] } | undefined,
  exp: WindowExpectation,
  ctx: CheckContext & { withinSeconds?: number },
): Finding[] {
  const code = `x.${exp.controlType.trim().split('.').slice(1).join('.')}`;
  const f = (message: string, expected: string, actual: string, node?: XNode): Finding =>
    placedRuleFinding('PAN-RELAY-WINDOW', 'error', message, ctx, node, { 'CIM9-193': exp.controlType, 'CIM9-247': assumed(ctx, 'CIM9-247', 'gateway-name') }, { expected, actual });
  const wanted = `create(EndDeviceControls) ${code} listing meter ${exp.meter} and PAN device ${exp.panDevice} (installCode ${exp.installCode})`;
  if (!got) return [f(`the MDM sent its head-end no pairing window for PAN device ${exp.panDevice}${ctx.withinSeconds !== undefined ? ` within ${ctx.withinSeconds} s` : ''} after the CIS created it`, wanted, 'nothing at the head-end')];
  if (got.verb !== 'create' || got.noun !== 'EndDeviceControls') return [f(`the MDM sent its head-end ${got.verb ?? '?'}(${got.noun ?? '?'}), not create(EndDeviceControls), after the CIS created PAN device ${exp.panDevice}`, wanted, `${got.verb ?? '?'}(${got.noun ?? '?'})`)];
  const controls = got.controls ?? [];
  const ids = (c: RelayedWindow) => c.devices.map((d) => d.mRID?.trim() ?? '(no mRID)');
  const mine = controls.find((c) => ids(c).includes(exp.panDevice));
  if (!mine) return [f(`no control the MDM sent its head-end lists PAN device ${exp.panDevice}`, wanted, controls.map((c) => `${c.controlType.trim() || '(no code)'} listing ${ids(c).join(', ') || '(no device)'}`).join('; ') || '(no control)', controls[0]?.node)];
  const out: Finding[] = [];
  if (!sameEvent(mine.controlType, exp.controlType)) out.push(f(`the control listing PAN device ${exp.panDevice} is ${mine.controlType.trim() || '(no code)'}, not the pairing window open ${code}`, code, mine.controlType.trim() || '(none)', mine.node));
  if (!ids(mine).includes(exp.meter)) out.push(f(`the pairing window for PAN device ${exp.panDevice} does not target its meter ${exp.meter}`, `meter ${exp.meter} in EndDevices`, ids(mine).join(', '), mine.node));
  const others = ids(mine).filter((id) => id !== exp.meter && id !== exp.panDevice);
  if (others.length) out.push(f(`the pairing window for PAN device ${exp.panDevice} also lists ${others.join(', ')}`, `meter ${exp.meter} and PAN device ${exp.panDevice} only`, ids(mine).join(', '), mine.node));
  const pan = mine.devices.find((d) => d.mRID?.trim() === exp.panDevice)!;
  if (pan.installCode?.trim() !== exp.installCode) out.push(f(`the pairing window lists PAN device ${exp.panDevice} ${pan.installCode === undefined ? 'without its installCode' : `with installCode ${pan.installCode.trim()}`}, not the one the CIS gave`, `installCode ${exp.installCode}`, pan.installCode === undefined ? '(no installCode)' : `installCode ${pan.installCode.trim()}`, mine.node));
  if (pan.isPan === false) out.push(f(`the pairing window lists PAN device ${exp.panDevice} with isPan false`, 'isPan true or absent', 'isPan false', mine.node));
  return out;
}

/** a MasterDataLinkageConfig the MDM told after the pairing result, as read */
export interface PanLinkage {
  objects: Partial<Record<string, string[]>>;
  label: string;
  node?: XNode;
}

/**
 * PAN-RELAY-LINK (CIM9-248): after an accepted pairing a linkage names the PAN device (EndDevice) and the usage point of
 * its meter; after a rejected one no linkage names the PAN device. `severity` as CIM9-248 says (warning by default).
 */
export function checkPanLinkage(linkages: readonly PanLinkage[], exp: { panDevice: string; usagePoint: string; outcome: 'accepted' | 'rejected' }, severity: 'error' | 'warning', ctx: CheckContext): Finding[] {
  const names = (l: PanLinkage, role: string) => (l.objects[role] ?? []).map((x) => x.trim());
  const shown = linkages.map((l) => `EndDevice ${names(l, 'EndDevice').join(', ') || '(none)'} ↔ UsagePoint ${names(l, 'UsagePoint').join(', ') || '(none)'}`).join('; ') || 'no MasterDataLinkageConfig';
  const a = { 'CIM9-248': severity === 'error' ? 'required' : 'warning' };
  if (exp.outcome === 'accepted') {
    if (linkages.some((l) => names(l, 'EndDevice').includes(exp.panDevice) && names(l, 'UsagePoint').includes(exp.usagePoint))) return [];
    return [placedRuleFinding('PAN-RELAY-LINK', severity, `the MDM did not link the paired PAN device ${exp.panDevice} to usage point ${exp.usagePoint}`, ctx, linkages[0]?.node, a, { expected: `MasterDataLinkageConfig EndDevice ${exp.panDevice} ↔ UsagePoint ${exp.usagePoint}`, actual: shown })];
  }
  const wrong = linkages.filter((l) => names(l, 'EndDevice').includes(exp.panDevice));
  if (!wrong.length) return [];
  return [placedRuleFinding('PAN-RELAY-LINK', severity, `the MDM linked PAN device ${exp.panDevice}, whose pairing was rejected`, ctx, wrong[0]!.node, a, { expected: `no MasterDataLinkageConfig naming PAN device ${exp.panDevice}`, actual: shown })];
}
