/**
 * A change of customer program (EDC-04 without MDM, use-cases.md §4.4; EDC-03 through the MDM, §4.3): pure checks
 * of what follows a reprogramming command create(EndDeviceControls) for a meter.
 *
 * - EDC-PROGRAM-EVENT: after accepting the reprogramming command the head-end tells its subscriber
 *   created(EndDeviceEvents) with an event of the meter reprogrammed, dated not before the command (clock skew);
 * - EDC-PROGRAM-DOMAIN: that event decodes to a configuration domain (CIM9-181: 7 Configuration or 20 Billing by
 *   default; codes.md §4.3, 3.7.0.24 configuration changed);
 * - EDC-PROGRAM-METER: the configuration-changed event names the meter reprogrammed, not another one;
 * - EDC-TRACKING (shared with load control): an event carrying an issuerTrackingID carries the command's;
 * - EDC-REPROGRAM (EDC-03): after accepting change(UsagePointConfig) for a new program the MDM sends its head-end a
 *   reprogramming command create(EndDeviceControls) for the meter of the usage point.
 * Pure: events and expectations in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding, ruleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import type { CheckContext } from './envelope.ts';
import { parseControlType, parseEventType } from '../codes/index.ts';
import type { XNode } from '../xml/index.ts';

/** an event of a message the subscriber received, as the use case collected it */
export interface ProgramEvent {
  eventType: string;
  meter?: string;
  issuerTrackingID?: string;
  createdDateTime?: string;
  node?: XNode;
  /** the label of the message that carried it */
  label: string;
}

/** the reprogramming command the suite (or the MDM) sent, and what its confirmation must show */
export interface ProgramExpectation {
  meter: string;
  controlType: string;
  issuerTrackingID?: string;
  /** when the command was sent (the confirmation is not dated before it, clock skew) */
  requestedAt: Date;
  /** CIM9-181: the EndDeviceDomain numbers a confirmation event may have */
  domains: readonly number[];
}

const finding = placedRuleFinding;

/** the domain (part 2) of an EndDeviceEventType code, or undefined when it does not decode */
export function eventDomain(code: string): number | undefined {
  const p = parseEventType(code.trim());
  return p.ok ? p.value.domain : undefined;
}

/**
 * A reprogramming command for a customer program: an EndDeviceControlType that decodes to domain 7 (Configuration)
 * or 20 (Billing) with the action 13 Change (codes.md §6.3: x.20.140.13 Tariff.Change, CIM9-180).
 */
export function isProgramChange(code: string): boolean {
  const p = parseControlType(code.trim());
  return p.ok && (p.value.domain === 7 || p.value.domain === 20) && p.value.eventOrAction === 13;
}

/**
 * The events of the meter that followed the reprogramming command (EDC-PROGRAM-EVENT, EDC-PROGRAM-DOMAIN,
 * EDC-TRACKING). `events` are all the events of the deliveries taken about the meter; events of other meters are not
 * judged here. At least one event of the meter must be a confirmation: a configuration domain, dated after the
 * command. None at all is EDC-PROGRAM-EVENT (the use case reports missing deliveries with `checkNoProgramEvent`).
 */
export function checkProgramEvents(events: readonly ProgramEvent[], exp: ProgramExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const mine = events.filter((e) => e.meter === exp.meter);
  const domains = { 'CIM9-181': exp.domains.join(', ') };
  const skew = ctx.skewSeconds ?? 60;
  const inDomain = (e: ProgramEvent) => {
    const d = eventDomain(e.eventType);
    return d !== undefined && exp.domains.includes(d);
  };
  const dated = (e: ProgramEvent) => instantMs(e.createdDateTime);
  const afterCommand = (e: ProgramEvent) => {
    const at = dated(e);
    return at !== undefined && at >= exp.requestedAt.getTime() - skew * 1000;
  };
  if (!mine.length) {
    out.push(finding('EDC-PROGRAM-EVENT', 'error', `no event names meter ${exp.meter}, the meter reprogrammed (${exp.controlType})`, ctx, undefined, undefined, { expected: `an event of meter ${exp.meter}`, actual: 'none' }));
    return out;
  }
  const confirmations = mine.filter((e) => inDomain(e) && afterCommand(e));
  if (!confirmations.length) {
    const configured = mine.filter(inDomain);
    if (configured.length) {
      for (const e of configured) {
        const why = dated(e) === undefined ? `has no valid createdDateTime${e.createdDateTime ? ` ("${e.createdDateTime}")` : ''}: it cannot be placed after the command` : `is dated ${e.createdDateTime}, before the reprogramming command was sent (${exp.requestedAt.toISOString()}, clock skew ${skew} s): it is not its confirmation`;
        out.push(finding('EDC-PROGRAM-EVENT', 'error', `${e.label}: the ${e.eventType.trim()} event of meter ${exp.meter} ${why}`, ctx, e.node, undefined, { expected: `createdDateTime not before ${exp.requestedAt.toISOString()} (± ${skew} s)`, actual: e.createdDateTime ? `createdDateTime "${e.createdDateTime}"` : 'no createdDateTime' }));
      }
    } else {
      const got = mine.map((e) => e.eventType.trim() || '(none)');
      out.push(finding('EDC-PROGRAM-DOMAIN', 'error', `no event of meter ${exp.meter} decodes to domain ${exp.domains.join(' or ')} (Configuration / Billing) after its reprogramming (${exp.controlType}): got ${got.join(', ')}; expected e.g. ${exp.controlType.trim().split('.')[0] ?? '3'}.7.0.24 configuration changed`, ctx, mine[0]?.node, domains, { expected: `an event of domain ${exp.domains.join(' or ')} (Configuration / Billing)`, actual: got.join(', ') || 'no event of the meter' }));
    }
  }
  // an event carrying another tracking id is the result of another command
  for (const e of confirmations) {
    const tid = e.issuerTrackingID?.trim();
    if (tid && exp.issuerTrackingID && tid !== exp.issuerTrackingID) {
      out.push(finding('EDC-TRACKING', 'error', `${e.label}: the ${e.eventType.trim()} event of meter ${exp.meter} carries issuerTrackingID "${tid}", not the "${exp.issuerTrackingID}" of the reprogramming command: it is the result of another control`, ctx, e.node, undefined, { expected: `issuerTrackingID "${exp.issuerTrackingID}"`, actual: `issuerTrackingID "${tid}"` }));
    }
  }
  return out;
}

/**
 * Nothing about the meter reached the subscriber (EDC-PROGRAM-EVENT), or only a configuration event naming another
 * meter (EDC-PROGRAM-METER). `others`: the events of the deliveries after the command that do not name the meter.
 */
export function checkNoProgramEvent(others: readonly ProgramEvent[], exp: ProgramExpectation, where: string, ctx: CheckContext): Finding[] {
  const skew = ctx.skewSeconds ?? 60;
  const wrong = others.filter((e) => {
    const d = eventDomain(e.eventType);
    const at = instantMs(e.createdDateTime);
    return d !== undefined && exp.domains.includes(d) && (at === undefined || at >= exp.requestedAt.getTime() - skew * 1000);
  });
  if (wrong.length) {
    return wrong.map((e) =>
      finding('EDC-PROGRAM-METER', 'error', `the configuration event ${e.eventType.trim()} that followed the reprogramming of meter ${exp.meter} names meter ${e.meter ?? '(none)'}, not the meter reprogrammed`, { label: e.label }, e.node, { 'CIM9-181': exp.domains.join(', ') }, { expected: `meter ${exp.meter}`, actual: `meter ${e.meter ?? '(none)'}` }),
    );
  }
  return [ruleFinding('EDC-PROGRAM-EVENT', `no created(EndDeviceEvents) about meter ${exp.meter} reached ${where} after its reprogramming (${exp.controlType}) was accepted`, { severity: 'error', expected: `created(EndDeviceEvents) about meter ${exp.meter} at ${where}`, actual: 'none' })];
}

/** a control the MDM sent its head-end (EDC-03), as the use case read it */
export interface RelayedControl {
  controlType: string;
  meters: string[];
  node?: XNode;
}

/**
 * EDC-REPROGRAM (EDC-03): the MDM's request to its head-end after the program change is a reprogramming command
 * (isProgramChange) for the meter of the usage point. `controls` undefined: the MDM sent nothing.
 */
export function checkRelayedReprogram(controls: readonly RelayedControl[] | undefined, exp: { meter: string; usagePoint: string; within: number }, ctx: CheckContext): Finding[] {
  if (!controls) {
    return [ruleFinding('EDC-REPROGRAM', `the MDM accepted the program change of usage point ${exp.usagePoint} but sent its head-end no create(EndDeviceControls) for meter ${exp.meter} within ${exp.within} s`, { severity: 'error', expected: `create(EndDeviceControls) for meter ${exp.meter} within ${exp.within} s`, actual: 'none' })];
  }
  const out: Finding[] = [];
  const forMeter = controls.filter((c) => c.meters.includes(exp.meter));
  if (!forMeter.length) {
    out.push(finding('EDC-REPROGRAM', 'error', `the controls the MDM sent its head-end name ${[...new Set(controls.flatMap((c) => c.meters))].join(', ') || 'no device'}, not meter ${exp.meter} of usage point ${exp.usagePoint}`, ctx, controls[0]?.node, undefined, { expected: `meter ${exp.meter}`, actual: [...new Set(controls.flatMap((c) => c.meters))].join(', ') || 'no device' }));
  } else if (!forMeter.some((c) => isProgramChange(c.controlType))) {
    out.push(finding('EDC-REPROGRAM', 'error', `the control the MDM sent its head-end for meter ${exp.meter} has type ${forMeter.map((c) => c.controlType.trim() || '(none)').join(', ')}, not a reprogramming command (domain 7 Configuration or 20 Billing, action 13 Change)`, ctx, forMeter[0]?.node, undefined, { expected: 'a control type x.7.y.13 or x.20.y.13', actual: forMeter.map((c) => c.controlType.trim() || '(none)').join(', ') }));
  }
  return out;
}
