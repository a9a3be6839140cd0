/**
 * The rules of the events a head-end tells its MDM about meter service and the premises (use-cases.md §5.2, §5.3,
 * §8.2): the events of a meter change-out (MSR-CHANGEOUT-DEVICES, MSR-CHANGEOUT-ORDER, MSR-CHANGEOUT-CODE; MSR-02),
 * the tamper event of a meter (MSR-TAMPER-CODE; MSR-03) and the EndDeviceType of the events of a PAN device of a
 * meter (PAN-EVENT-TYPE; PAN-02). The payload rules every EndDeviceEvents message gets (DOM-EVENT-TYPE,
 * COD-EVENT-TYPE, DOM-EVENT-TIME) are the message checks'. Pure: payloads and an expectation in, findings out.
 */
import type { Finding } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { child, type XNode } from '../xml/index.ts';
import { readEndDeviceEvents, type ReadEndDeviceEvent } from '../payloads/endDeviceEvents.ts';
import { parseEventType } from '../codes/index.ts';
import { parseDateTime } from './time.ts';
import { eventCode } from './device-events.ts';

/** the EndDeviceEvents payloads the MDM received, each with the label of its message */
export type ReceivedPayloads = readonly { root: XNode; label: string }[];

function at(ctx: CheckContext, message: string, node: XNode | undefined, id: string, extra: Partial<Finding> = {}): Finding {
  return ruleFinding(id, `${ctx.label}: ${message}`, { file: ctx.label, line: node?.line, xpath: node?.path, ...extra });
}

const typeNode = (e: ReadEndDeviceEvent) => child(e.node, e.node.ns, 'EndDeviceEventType') ?? e.node;

interface Decoded {
  e: ReadEndDeviceEvent;
  /** the four-part code, undefined when the ref resolves to none (DOM-EVENT-TYPE of the message checks) */
  code?: string;
  type?: number;
  domain?: number;
  action?: number;
  ms?: number;
}

function decode(payloads: ReceivedPayloads): Decoded[] {
  return payloads.flatMap(({ root }) =>
    readEndDeviceEvents(root).map((e) => {
      const code = eventCode(root, e);
      const p = code ? parseEventType(code) : undefined;
      const v = p?.ok ? p.value : undefined;
      return { e, code, type: v?.type, domain: v?.domain, action: v?.eventOrAction, ms: parseDateTime(e.createdDateTime)?.ms };
    }),
  );
}

// ------------------------------------------------------------------------------------------------ MSR-02 change-out

export const INSTALLATION_DOMAIN = 6;
export const REMOVED = 212;
export const INSTALLED = 105;
export const CHANGE_OUT = 27;

export type ChangeOutCodes = 'removed-installed' | 'any-installation';

export interface ChangeOutExpectation {
  oldMeter: string;
  newMeter: string;
  /** CIM9-130 */
  codes: ChangeOutCodes;
  /** CIM9-131: judge the order of removal and installation */
  order: boolean;
}

/**
 * The events of a meter change-out over every message received (MSR-02): the removal of the old meter and the
 * installation of the new one are both there (MSR-CHANGEOUT-DEVICES), the change-out events decode to domain 6
 * (MSR-CHANGEOUT-CODE) and the removal is not dated after the installation (MSR-CHANGEOUT-ORDER).
 */
export function checkChangeOutEvents(payloads: ReceivedPayloads, exp: ChangeOutExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const assumptions = { 'CIM9-130': exp.codes, 'CIM9-131': exp.order ? 'removal-first' : 'off' };
  const all = decode(payloads);
  const changeOutActions = new Set([REMOVED, INSTALLED, CHANGE_OUT]);
  // an action of a change-out outside the Installation domain
  for (const d of all) {
    if ((d.e.meter === exp.oldMeter || d.e.meter === exp.newMeter) && d.action !== undefined && changeOutActions.has(d.action) && d.domain !== INSTALLATION_DOMAIN) {
      out.push(at(ctx, `event ${d.e.mRID ?? ''} of meter ${d.e.meter} has code ${d.code}: eventOrAction ${d.action} of a change-out in domain ${d.domain}, not ${INSTALLATION_DOMAIN} (Installation)`, typeNode(d.e), 'MSR-CHANGEOUT-CODE', { expected: `domain ${INSTALLATION_DOMAIN} (Installation)`, actual: `code ${d.code} (domain ${d.domain})`, assumptions }));
    }
  }
  const side = (meter: string, what: 'removal' | 'installation', action: number) => {
    const mine = all.filter((d) => d.e.meter === meter);
    const counts = (d: Decoded) => d.domain === INSTALLATION_DOMAIN && (exp.codes === 'any-installation' || d.action === action || d.action === CHANGE_OUT);
    const hits = mine.filter(counts);
    if (!mine.length) {
      out.push(at(ctx, `no EndDeviceEvent of the ${what === 'removal' ? 'old' : 'new'} meter ${meter} reached the MDM: the ${what} is not told`, payloads[0]?.root, 'MSR-CHANGEOUT-DEVICES', { expected: `${what === 'removal' ? 'a removal' : 'an installation'} event of meter ${meter}`, actual: `no EndDeviceEvent of meter ${meter}`, assumptions }));
    } else if (!hits.length && !mine.some((d) => (d.action === action || d.action === CHANGE_OUT) && d.domain !== INSTALLATION_DOMAIN)) {
      // (a removal / installation outside domain 6 is MSR-CHANGEOUT-CODE above, not a missing event)
      const codes = mine.map((d) => d.code ?? d.e.eventType).join(', ');
      out.push(at(ctx, `the events of the ${what === 'removal' ? 'old' : 'new'} meter ${meter} (${codes}) hold no ${what} event (x.${INSTALLATION_DOMAIN}.y.${action}${exp.codes === 'any-installation' ? ' or any domain-6 event' : ` or x.${INSTALLATION_DOMAIN}.y.${CHANGE_OUT} ChangeOut`})`, typeNode(mine[0]!.e), 'MSR-CHANGEOUT-DEVICES', { expected: `${what === 'removal' ? 'a removal' : 'an installation'} event of meter ${meter}: x.${INSTALLATION_DOMAIN}.y.${action}${exp.codes === 'any-installation' ? ' or any domain-6 event' : ` or x.${INSTALLATION_DOMAIN}.y.${CHANGE_OUT}`}`, actual: codes, assumptions }));
    }
    return hits;
  };
  const removals = side(exp.oldMeter, 'removal', REMOVED);
  const installations = side(exp.newMeter, 'installation', INSTALLED);
  if (exp.order && removals.length && installations.length) {
    const removal = removals.filter((d) => d.ms !== undefined).sort((a, b) => a.ms! - b.ms!)[0];
    const installation = installations.filter((d) => d.ms !== undefined).sort((a, b) => b.ms! - a.ms!)[0];
    // an unreadable createdDateTime is DOM-EVENT-TIME of the message checks
    if (removal && installation && removal.ms! > installation.ms!) {
      out.push(at(ctx, `the removal of meter ${exp.oldMeter} (${removal.code}, ${removal.e.createdDateTime}) is dated after the installation of meter ${exp.newMeter} (${installation.code}, ${installation.e.createdDateTime})`, child(removal.e.node, removal.e.node.ns, 'createdDateTime') ?? removal.e.node, 'MSR-CHANGEOUT-ORDER', { expected: 'the removal dated no later than the installation', actual: `removal ${removal.e.createdDateTime}, installation ${installation.e.createdDateTime}`, assumptions }));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ MSR-03 tamper

export const SECURITY_DOMAIN = 12;
export const TAMPER_DETECTED = 257;
export const EPRI_TAMPER = '3.12.0.257';

export type TamperCodes = 'security-257' | 'epri-exact';

/** whether a code is a tamper event (CIM9-132) */
export function isTamperCode(code: string | undefined, mode: TamperCodes): boolean {
  if (!code) return false;
  if (mode === 'epri-exact') return code === EPRI_TAMPER;
  const p = parseEventType(code);
  return p.ok && p.value.domain === SECURITY_DOMAIN && p.value.eventOrAction === TAMPER_DETECTED;
}

/**
 * The tamper event of a meter (MSR-03): among the events of the meter one is a tamper (CIM9-132); an event of the
 * payload that says TamperDetected (257) in another domain, or a tamper event of another meter, is named.
 */
export function checkTamperEvents(payloads: ReceivedPayloads, exp: { meter: string; codes: TamperCodes }, ctx: CheckContext): Finding[] {
  const assumptions = { 'CIM9-132': exp.codes };
  const all = decode(payloads);
  const mine = all.filter((d) => d.e.meter === exp.meter);
  if (mine.some((d) => isTamperCode(d.code, exp.codes))) return [];
  const near = all.filter((d) => d.action === TAMPER_DETECTED || isTamperCode(d.code, exp.codes));
  const seen = near.map((d) => `${d.code ?? d.e.eventType} of ${d.e.meter ? `meter ${d.e.meter}` : 'no meter'}`);
  const want = exp.codes === 'epri-exact' ? EPRI_TAMPER : `x.${SECURITY_DOMAIN}.y.${TAMPER_DETECTED}`;
  const codes = mine.map((d) => d.code ?? d.e.eventType).join(', ');
  return [
    at(ctx, `no tamper event (${want}) of meter ${exp.meter}: its events are ${codes || 'none'}${seen.length ? `; TamperDetected seen as ${seen.join(', ')}` : ''}`, near[0] ? typeNode(near[0].e) : mine[0] ? typeNode(mine[0].e) : payloads[0]?.root, 'MSR-TAMPER-CODE', { expected: `a tamper event (${want}) of meter ${exp.meter}`, actual: `${codes || 'no event of the meter'}${seen.length ? `; TamperDetected seen as ${seen.join(', ')}` : ''}`, assumptions }),
  ];
}

// ------------------------------------------------------------------------------------------------ PAN-02

export interface PanExpectation {
  meter: string;
  usagePoint?: string;
  /** CIM9-133 */
  panTypes: readonly number[];
}

/** whether an event is of the meter's premises (CIM9-134): it names the meter's usage point, or the meter */
export function ofPremises(e: Pick<ReadEndDeviceEvent, 'meter' | 'usagePoint'>, meter: string, usagePoint?: string): boolean {
  return e.meter === meter || (usagePoint !== undefined && e.usagePoint === usagePoint);
}

/**
 * The events of a PAN device of a meter (PAN-02): at least one event of the meter's premises, and each of them has
 * an EndDeviceType of a PAN device (CIM9-133). Events of the meter itself whose type is not a PAN type are the
 * meter's own and are left alone, unless no PAN event is there at all.
 */
export function checkPanEvents(payloads: ReceivedPayloads, exp: PanExpectation, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const assumptions = { 'CIM9-133': exp.panTypes.join(', '), 'CIM9-134': 'usage-point-or-meter' };
  const mine = decode(payloads).filter((d) => ofPremises(d.e, exp.meter, exp.usagePoint));
  const isPan = (d: Decoded) => d.type !== undefined && exp.panTypes.includes(d.type);
  // the events of a device other than the meter at its premises: a PAN device's, whose type must be a PAN type
  const devices = mine.filter((d) => d.e.meter !== exp.meter);
  for (const d of devices) {
    if (!isPan(d)) {
      out.push(at(ctx, `event ${d.e.mRID ?? ''} of device ${d.e.meter ?? '(no Assets)'} at the premises of meter ${exp.meter} has code ${d.code ?? d.e.eventType}: EndDeviceType ${d.type ?? 'unknown'}, not a PAN type (${exp.panTypes.join(', ')})`, typeNode(d.e), 'PAN-EVENT-TYPE', { expected: `EndDeviceType ${exp.panTypes.join(' or ')} (a PAN device)`, actual: `EndDeviceType ${d.type ?? 'unknown'} (code ${d.code ?? d.e.eventType})`, assumptions }));
    }
  }
  if (!mine.some(isPan) && !out.length) {
    const codes = mine.map((d) => `${d.code ?? d.e.eventType} of ${d.e.meter ?? '(no Assets)'}`).join(', ');
    out.push(at(ctx, `no event of a PAN device of meter ${exp.meter} (EndDeviceType ${exp.panTypes.join(', ')}): the events of its premises are ${codes || 'none'}`, mine[0] ? typeNode(mine[0].e) : payloads[0]?.root, 'PAN-EVENT-TYPE', { expected: `an event of a PAN device (EndDeviceType ${exp.panTypes.join(' or ')}) of meter ${exp.meter}`, actual: codes || 'no event of its premises', assumptions }));
  }
  return out;
}
