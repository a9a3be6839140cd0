/**
 * Load-control unit installation (EDC-02, use-cases.md §4.2): pure checks of what follows the installer's
 * created(EndDeviceConfig) and create(MasterDataLinkageConfig) for a new load-control unit (LCU).
 *
 * - EDC-LCU-EVENT: an installation event (CIM9-187: any domain-6 event, or x.6.y.105 Installed) names the new device,
 *   with a valid createdDateTime not before the installation the installer told nor after its receipt (clock skew);
 *   no event at all is the use case's own finding (src/usecases/lcu-install.ts);
 * - EDC-LCU-DEVICE: when no event names the device, installation events (domain 6) naming another device are the
 *   installation told for the wrong device;
 * - EDC-LCU-DOMAIN: when the device has events but none of domain 6, the installation was told in another domain;
 * - EDC-LCU-TYPE (CIM9-188, a warning by default): the installation events carry EndDeviceType 16 or 0;
 * - EDC-LCU-LINK: the MDM lists the device among the end devices of the usage point after the link.
 * Pure: events and expectations in, findings out.
 */
import type { Finding } from './finding.ts';
import { placedRuleFinding } from './catalogue.ts';
import { instantMs } from './time.ts';
import type { CheckContext } from './envelope.ts';
import { assumed, severityOf } from './assume.ts';
import type { XNode } from '../xml/index.ts';

/** EndDeviceType 16 LoadControlDevice (codes.md §4.2) */
export const LCU_DEVICE_TYPE = '16';
/** EndDeviceDomain 6 Installation (codes.md §4.3) */
export const INSTALLATION_DOMAIN = '6';
/** EndDeviceEventOrAction 105 Installed (codes.md §4.5) */
export const INSTALLED_ACTION = '105';

/** an event that reached the MDM after the installer's messages, as the use case collected it */
export interface LcuEvent {
  eventType: string;
  /** the device the event names (Assets) */
  device?: string;
  createdDateTime?: string;
  /** when the suite received the message that carried it */
  receivedAt?: Date;
  node?: XNode;
  label: string;
}

/** the installation the installer told */
export interface LcuExpectation {
  device: string;
  usagePoint: string;
  /** the installation time the installer told (ConfigurationEvents.effectiveDateTime) */
  installedAt: Date;
}

/** the four parts of an EndDeviceEventType code, or undefined when it has not four integer parts */
export function partsOf(code: string): [string, string, string, string] | undefined {
  const p = code.trim().split('.');
  return p.length === 4 && p.every((x) => /^[0-9]+$/.test(x)) ? [p[0]!, p[1]!, p[2]!, p[3]!] : undefined;
}

/** whether the code is an installation event under CIM9-187 (domain-6: any domain-6 code; installed-105: x.6.y.105) */
export function isInstallationEvent(code: string, policy: string): boolean {
  const p = partsOf(code);
  if (!p || p[1] !== INSTALLATION_DOMAIN) return false;
  return policy === 'installed-105' ? p[3] === INSTALLED_ACTION : true;
}

/** the installation events after the installer's messages (EDC-LCU-EVENT, -DEVICE, -DOMAIN, -TYPE) */
export function checkInstallationEvents(events: readonly LcuEvent[], exp: LcuExpectation, ctx: CheckContext): Finding[] {
  const policy = assumed(ctx, 'CIM9-187', 'domain-6');
  const typeText = assumed(ctx, 'CIM9-188', 'warning');
  const typeSeverity = severityOf(typeText, 'warning');
  const ours = (e: LcuEvent) => e.device?.trim() === exp.device;
  const mine = events.filter(ours);
  const installs = mine.filter((e) => isInstallationEvent(e.eventType, policy));
  const out: Finding[] = [];
  if (!installs.length) {
    const others = events.filter((e) => !ours(e) && partsOf(e.eventType)?.[1] === INSTALLATION_DOMAIN);
    const inDomain = mine.filter((e) => partsOf(e.eventType)?.[1] === INSTALLATION_DOMAIN);
    if (mine.length && !inDomain.length) {
      out.push(placedRuleFinding('EDC-LCU-DOMAIN', 'error', `the events of the load-control unit ${exp.device} (${mine.map((e) => e.eventType.trim() || '(no type)').join(', ')}) tell its installation in no event of domain 6 Installation`, ctx, mine[0]!.node, { 'CIM9-187': policy }, { expected: `an event of domain ${INSTALLATION_DOMAIN} Installation`, actual: mine.map((e) => e.eventType.trim() || '(no type)').join(', ') }));
    } else if (!mine.length && others.length) {
      const named = [...new Set(others.map((e) => e.device?.trim() || '(none)'))];
      out.push(placedRuleFinding('EDC-LCU-DEVICE', 'error', `the installation events (${others.map((e) => e.eventType.trim()).join(', ')}) name device ${named.join(', ')}, not the load-control unit ${exp.device} the installer linked to usage point ${exp.usagePoint}`, ctx, others[0]!.node, undefined, { expected: `device ${exp.device}`, actual: `device ${named.join(', ')}` }));
    } else {
      const got = mine.map((e) => e.eventType.trim() || '(none)');
      const wanted = policy === 'installed-105' ? `an event x.${INSTALLATION_DOMAIN}.y.${INSTALLED_ACTION} Installed` : `an event of domain ${INSTALLATION_DOMAIN} Installation`;
      out.push(placedRuleFinding('EDC-LCU-EVENT', 'error', `no event tells the installation of the load-control unit ${exp.device} (${wanted})${got.length ? `: its events were ${got.join(', ')}` : ''}`, ctx, mine[0]?.node, { 'CIM9-187': policy }, { expected: wanted, actual: got.length ? got.join(', ') : 'none' }));
    }
    return out;
  }
  const skew = ctx.skewSeconds ?? 60;
  for (const e of installs) {
    const at = instantMs(e.createdDateTime);
    const what = `the installation event ${e.eventType.trim()} of the load-control unit ${exp.device}`;
    if (at === undefined) {
      out.push(placedRuleFinding('EDC-LCU-EVENT', 'error', `${e.label}: ${what} has no valid createdDateTime${e.createdDateTime ? ` ("${e.createdDateTime}")` : ''}`, ctx, e.node, undefined, { expected: 'createdDateTime, an xs:dateTime', actual: e.createdDateTime ? `"${e.createdDateTime}"` : 'none' }));
    } else if (at < exp.installedAt.getTime() - skew * 1000) {
      out.push(placedRuleFinding('EDC-LCU-EVENT', 'error', `${e.label}: ${what} is dated ${e.createdDateTime}, before the installation the installer told (${exp.installedAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node, undefined, { expected: `not before ${exp.installedAt.toISOString()} (± ${skew} s)`, actual: `${e.createdDateTime}` }));
    } else if (e.receivedAt && at > e.receivedAt.getTime() + skew * 1000) {
      out.push(placedRuleFinding('EDC-LCU-EVENT', 'error', `${e.label}: ${what} is dated ${e.createdDateTime}, after it was received (${e.receivedAt.toISOString()}, clock skew ${skew} s)`, ctx, e.node, undefined, { expected: `not after ${e.receivedAt.toISOString()} (± ${skew} s)`, actual: `${e.createdDateTime}` }));
    }
    const type = partsOf(e.eventType)![0];
    if (typeSeverity && type !== LCU_DEVICE_TYPE && type !== '0') {
      out.push(placedRuleFinding('EDC-LCU-TYPE', typeSeverity, `${e.label}: ${what} has EndDeviceType ${type}, not 16 LoadControlDevice (nor 0 NA)`, ctx, e.node, { 'CIM9-188': typeText }, { expected: 'EndDeviceType 16 (or 0)', actual: `EndDeviceType ${type}` }));
    }
  }
  return out;
}

/** what the MDM answered about the link: the link's Result, and the end devices a Get of the usage point listed */
export interface LinkObservation {
  linkResult?: string;
  linkErrors?: string[];
  /** the EndDevice identifiers (mRID and names) of the Get answer; undefined when the Get was not answered OK */
  listed?: string[][];
  getResult?: string;
}

/** EDC-LCU-LINK: the MDM took the link and shows the device linked to the usage point */
export function checkLinkShown(o: LinkObservation, exp: Pick<LcuExpectation, 'device' | 'usagePoint'>, ctx: CheckContext): Finding[] {
  if (o.linkResult !== 'OK') {
    return [placedRuleFinding('EDC-LCU-LINK', 'error', `the MDM answered ${o.linkResult ?? 'no Result'} to create(MasterDataLinkageConfig) linking the load-control unit ${exp.device} it acknowledged to usage point ${exp.usagePoint}${o.linkErrors?.length ? ` (${o.linkErrors.join('; ')})` : ''}`, ctx, undefined, undefined, { expected: 'Result OK', actual: `${o.linkResult ?? 'no Result'}${o.linkErrors?.length ? ` (${o.linkErrors.join('; ')})` : ''}` })];
  }
  if (o.listed === undefined) {
    return [placedRuleFinding('EDC-LCU-LINK', 'error', `the MDM answered ${o.getResult ?? 'no Result'} to get(EndDeviceConfig) of usage point ${exp.usagePoint} after linking the load-control unit ${exp.device} to it`, ctx, undefined, undefined, { expected: 'Result OK', actual: o.getResult ?? 'no Result' })];
  }
  if (!o.listed.some((ids) => ids.includes(exp.device))) {
    const shown = o.listed.map((ids) => ids[0] ?? '(no id)');
    return [placedRuleFinding('EDC-LCU-LINK', 'error', `get(EndDeviceConfig) of usage point ${exp.usagePoint} does not list the load-control unit ${exp.device} linked to it${shown.length ? `; it lists ${shown.join(', ')}` : '; it lists no end device'}`, ctx, undefined, undefined, { expected: `end device ${exp.device} listed`, actual: shown.length ? shown.join(', ') : 'no end device' })];
  }
  return [];
}
