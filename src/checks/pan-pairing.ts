/**
 * Pairing of a PAN device (PAN-01, use-cases.md §8.1): pure checks of the EndDeviceEvents the head-end tells its
 * MDM after it accepted the control that opens the pairing window (x.10.73.298) for a PAN device.
 *
 * - PAN-PAIR-EVENT: an event with the pairing result (CIM9-194: x.10.74.17 accepted) names the PAN device, dated not
 *   before the control (clock skew); no event at all is the use case's own finding (src/usecases/pan-pairing.ts);
 * - PAN-PAIR-DEVICE: the pairing events name the PAN device (CIM9-195: or the meter), no other device;
 * - PAN-PAIR-DOMAIN: the events about the PAN device are of domain 10 (Pairing).
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

/** the pairing events against what the control asked (PAN-PAIR-EVENT, PAN-PAIR-DEVICE, PAN-PAIR-DOMAIN) */
export function checkPairingEvents(events: readonly PairingEvent[], exp: PairingExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const accepted = assumed(ctx, 'CIM9-194', '0.10.74.17');
  const named = assumed(ctx, 'CIM9-195', 'pan-device');
  const devices = named === 'pan-or-meter' ? [exp.panDevice, exp.meter] : [exp.panDevice];
  const ours = (e: PairingEvent) => e.device !== undefined && devices.includes(e.device.trim());
  // pairing events (domain 10) naming another device
  for (const e of events) {
    if (domainOf(e.eventType) === '10' && !ours(e)) {
      out.push(placedRuleFinding('PAN-PAIR-DEVICE', 'error', `${e.label}: the pairing event ${e.eventType.trim()} names device ${e.device?.trim() || '(none)'}, not the PAN device ${exp.panDevice}${named === 'pan-or-meter' ? ` nor the meter ${exp.meter}` : ''} of the pairing control ${exp.controlMRID}`, ctx, e.node, { 'CIM9-195': named }));
    }
  }
  // events of the device outside domain 10
  const mine = events.filter(ours);
  for (const e of mine) {
    if (domainOf(e.eventType) !== '10') {
      out.push(placedRuleFinding('PAN-PAIR-DOMAIN', 'error', `${e.label}: the event ${e.eventType.trim() || '(no type)'} of device ${e.device?.trim()} after the pairing window opened is not of domain 10 (Pairing)`, ctx, e.node, { 'CIM9-194': accepted }));
    }
  }
  const pairing = mine.filter((e) => domainOf(e.eventType) === '10');
  const results = pairing.filter((e) => sameEvent(e.eventType, accepted));
  if (!results.length) {
    // wrong-domain events of the device are reported above; a device named nowhere is PAN-PAIR-DEVICE above when it had pairing events
    if (!out.length) {
      const got = mine.map((e) => e.eventType.trim() || '(none)');
      out.push(placedRuleFinding('PAN-PAIR-EVENT', 'error', `no event names the PAN device ${exp.panDevice} paired (${accepted.replace(/^\d+\./, 'x.')})${got.length ? `: got ${got.join(', ')}` : ''}`, ctx, mine[0]?.node, { 'CIM9-194': accepted, 'CIM9-195': named }));
    }
    return out;
  }
  const skew = ctx.skewSeconds ?? 60;
  for (const e of results) {
    const at = instantMs(e.createdDateTime);
    if (at === undefined) {
      out.push(placedRuleFinding('PAN-PAIR-EVENT', 'error', `${e.label}: the pairing event ${e.eventType.trim()} of device ${e.device?.trim()} has no valid createdDateTime${e.createdDateTime ? ` ("${e.createdDateTime}")` : ''}: it cannot be placed after the control`, ctx, e.node));
    } else if (at < exp.requestedAt.getTime() - skew * 1000) {
      out.push(placedRuleFinding('PAN-PAIR-EVENT', 'error', `${e.label}: the pairing event ${e.eventType.trim()} of device ${e.device?.trim()} is dated ${e.createdDateTime}, before the pairing window was opened (${exp.requestedAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node));
    }
  }
  return out;
}
