/**
 * The rules of a firmware upgrade told by the head-end (MSE-01, ../shared/spec/use-cases.md §6.1, UC-25): firmware
 * distribution is outside Part 9, the outcome is not. The head-end tells the MDM created(EndDeviceEvents) with the
 * firmware events of each device, then changed(EndDeviceConfig | MeterConfig) with the new firmwareID.
 *
 * - FW-SEQUENCE: per device, ready for activation (x.11.283.280) before the activation (x.11.283.4) or its failure
 *   (x.11.283.85), any device type x (codes.md §4.6: the vendor uses 0, the Annex E composition the device type);
 *   the outcome the field caused, never both; the replaced event (3.11.17.52) per assumption CIM9-141;
 * - FW-CONFIG-FIRMWARE: the configuration change (noun per CIM9-140) shows the new firmwareID on a function of the
 *   device after an activation, and never after a failure;
 * - FW-SAME-DEVICE: events and configuration concern the device upgraded.
 *
 * The message rules every EndDeviceEvents payload gets (codes decode, DOM-EVENT-TYPE …) are checked with the message;
 * these are the use case's own. Pure: payloads and an expectation in, findings out.
 */
import type { Finding, Severity } from './finding.ts';
import { ruleFinding } from './catalogue.ts';
import { assumed } from './assume.ts';
import type { CheckContext } from './envelope.ts';
import { eventCode } from './device-events.ts';
import { meterIdentifiers } from './installation.ts';
import { parseDateTime } from './time.ts';
import { parseEventType } from '../codes/index.ts';
import { readEndDeviceEvents, type ReadEndDeviceEvent } from '../payloads/endDeviceEvents.ts';
import type { ParsedMessage } from '../message/index.ts';
import { children, childText, type XNode } from '../xml/index.ts';

export type FirmwareStep = 'ready' | 'activated' | 'failed' | 'replaced';
export type FirmwareOutcome = 'activated' | 'failed';

/** the step of a firmware event code (domain 11 Firmware): 283.280 ready, 283.4 activated, 283.85 failed, 17.52 replaced */
export function firmwareStep(code: string): FirmwareStep | undefined {
  const p = parseEventType(code);
  if (!p.ok || p.value.domain !== 11) return undefined;
  const { subDomain, eventOrAction } = p.value;
  if (subDomain === 283) return eventOrAction === 280 ? 'ready' : eventOrAction === 4 ? 'activated' : eventOrAction === 85 ? 'failed' : undefined;
  if (subDomain === 17 && eventOrAction === 52) return 'replaced';
  return undefined;
}

/** the assumption values the verdicts of the use case quote: the events CIM9-141, the configuration CIM9-140 */
export function firmwareAssumptions(ctx: Pick<CheckContext, 'assumptions'>, about?: 'events' | 'config'): Record<string, string> {
  const events = { 'CIM9-141': assumed(ctx, 'CIM9-141', 'optional') };
  const config = { 'CIM9-140': assumed(ctx, 'CIM9-140', 'either') };
  return about === 'events' ? events : about === 'config' ? config : { ...config, ...events };
}

/** the nouns that may carry the configuration change (CIM9-140) */
export function configNouns(ctx: Pick<CheckContext, 'assumptions'>): string[] {
  const v = assumed(ctx, 'CIM9-140', 'either');
  return v === 'EndDeviceConfig' || v === 'MeterConfig' ? [v] : ['EndDeviceConfig', 'MeterConfig'];
}

export interface FirmwareEvent {
  event: ReadEndDeviceEvent;
  code: string;
  step: FirmwareStep;
  /** createdDateTime in ms; undefined when it cannot be read (DOM-EVENT-TIME of the message checks) */
  ms?: number;
  /** the position over everything received: the order of arrival breaks ties of time */
  order: number;
  label: string;
}

/** the firmware events of EndDeviceEvents payloads, in the order received */
export function firmwareEventsOf(payloads: readonly { root: XNode; label: string }[]): FirmwareEvent[] {
  const out: FirmwareEvent[] = [];
  for (const { root, label } of payloads) {
    for (const e of readEndDeviceEvents(root)) {
      const code = eventCode(root, e);
      const step = code ? firmwareStep(code) : undefined;
      if (step) out.push({ event: e, code: code!, step, ms: parseDateTime(e.createdDateTime)?.ms, order: out.length, label });
    }
  }
  return out;
}

const where = (n: XNode | undefined, ctx: CheckContext): Partial<Finding> => ({ file: ctx.label, line: n?.line, xpath: n?.path });
const at = (x: FirmwareEvent) => `${x.code} (${x.step}${x.event.createdDateTime ? `, ${x.event.createdDateTime}` : ''})`;

/**
 * FW-SEQUENCE and FW-SAME-DEVICE over the firmware events received after an upgrade of `meter` whose field outcome
 * was `outcome`. Nothing about the meter, but firmware events of other devices: FW-SAME-DEVICE; nothing at all:
 * DOM-EXPECTED (the caller only hands payloads it waited for).
 */
export function checkFirmwareEvents(payloads: readonly { root: XNode; label: string }[], exp: { meter: string; outcome: FirmwareOutcome }, ctx: CheckContext): Finding[] {
  const assumptions = firmwareAssumptions(ctx, 'events');
  const all = firmwareEventsOf(payloads);
  const mine = all.filter((x) => x.event.meter === exp.meter);
  const others = all.filter((x) => x.event.meter !== exp.meter);
  const out: Finding[] = [];
  if (!mine.length) {
    if (others.length) {
      const named = [...new Set(others.map((x) => x.event.meter ?? '(no meter)'))];
      return [ruleFinding('FW-SAME-DEVICE', `${ctx.label}: the firmware events told after the upgrade of meter ${exp.meter} name ${named.map((m) => `meter ${m}`).join(', ')} and never meter ${exp.meter}`, { ...where(others[0]!.event.node, ctx), assumptions, expected: `meter ${exp.meter}`, actual: named.map((m) => `meter ${m}`).join(', ') })];
    }
    return [ruleFinding('DOM-EXPECTED', `${ctx.label}: no firmware event (x.11.283.280 / .4 / .85, 3.11.17.52) of meter ${exp.meter} arrived after its upgrade`, { ...where(payloads[0]?.root, ctx), assumptions, expected: `firmware events of meter ${exp.meter}`, actual: 'none' })];
  }
  if (others.length) {
    const named = [...new Set(others.map((x) => x.event.meter ?? '(no meter)'))];
    out.push(ruleFinding('FW-SAME-DEVICE', `${ctx.label}: besides those of meter ${exp.meter}, the firmware events name ${named.join(', ')}, which the suite did not upgrade (another upgrade of the head-end?)`, { ...where(others[0]!.event.node, ctx), assumptions, severity: 'info' }));
  }
  const seq = [...mine].sort((a, b) => (a.ms !== undefined && b.ms !== undefined && a.ms !== b.ms ? a.ms - b.ms : a.order - b.order));
  // what the sequence should be (the outcome of the field), what it was (SUT events in time order)
  const want = `ready (x.11.283.280), then ${exp.outcome === 'activated' ? `activated (x.11.283.4)${assumptions['CIM9-141'] === 'required' ? ' and replaced (3.11.17.52)' : ''}` : 'failed (x.11.283.85), no replaced'}`;
  const mk = (message: string, x: FirmwareEvent | undefined, severity?: Severity) =>
    ruleFinding('FW-SEQUENCE', `${ctx.label}: meter ${exp.meter}: ${message}`, { ...where(x?.event.node, ctx), assumptions, ...(severity ? { severity } : {}), expected: want, actual: seq.map(at).join(', ') });
  const activated = seq.find((x) => x.step === 'activated');
  const failed = seq.find((x) => x.step === 'failed');
  const terminal = seq.find((x) => x.step === 'activated' || x.step === 'failed');
  if (!terminal) {
    out.push(mk(`the firmware events (${seq.map(at).join(', ')}) end without the activation (x.11.283.4) or its failure (x.11.283.85)`, seq.at(-1)));
    return out;
  }
  const ready = seq.find((x) => x.step === 'ready');
  if (!ready || seq.indexOf(ready) > seq.indexOf(terminal)) {
    out.push(mk(`${terminal.step === 'activated' ? 'activated' : 'failed to activate'} ${at(terminal)} without being ready for activation before (x.11.283.280${ready ? `, told only after: ${at(ready)}` : ', never told'})`, terminal));
  }
  if (activated && failed) out.push(mk(`told both activated ${at(activated)} and failed ${at(failed)}: one upgrade has one outcome`, seq.indexOf(activated) > seq.indexOf(failed) ? activated : failed));
  else if (exp.outcome === 'activated' && !activated) out.push(mk(`the upgrade the field activated is told as failed ${at(failed!)}`, failed));
  else if (exp.outcome === 'failed' && !failed) out.push(mk(`the upgrade whose activation failed in the field is told as activated ${at(activated!)}`, activated));
  const replaced = seq.find((x) => x.step === 'replaced');
  if (exp.outcome === 'activated' && activated && !replaced && assumptions['CIM9-141'] === 'required') {
    out.push(mk('activated without the firmware replaced event (3.11.17.52), which CIM9-141 = required expects', activated));
  }
  if (exp.outcome === 'failed' && replaced) out.push(mk(`firmware replaced ${at(replaced)} told for an upgrade whose activation failed`, replaced, 'warning'));
  return out;
}

/** the identifiers of a configuration payload's device (EndDevice of EndDeviceConfig, Meter of MeterConfig), with the firmwareIDs of its functions */
export interface ConfigDevice {
  node: XNode;
  ids: string[];
  /** the firmwareIDs of the functions the device refers to (all functions of the payload when it refers to none) */
  firmware: { id: string; fn: string; node: XNode }[];
}

const FUNCTIONS = ['ComFunction', 'SimpleEndDeviceFunction'] as const;

/** the devices of an EndDeviceConfig / MeterConfig payload root and the firmwareIDs their functions show */
export function configDevices(root: XNode): ConfigDevice[] {
  const ns = root.ns;
  const fns = FUNCTIONS.flatMap((name) => children(root, ns, name).map((node) => ({ name, node, mRID: childText(node, ns, 'mRID'), firmware: childText(node, ns, 'firmwareID') })));
  const deviceName = root.name === 'MeterConfig' ? 'Meter' : 'EndDevice';
  return children(root, ns, deviceName).map((node) => {
    const refs = FUNCTIONS.flatMap((name) => children(node, ns, name).map((r) => ({ name, ref: r.attrs['ref'] ?? childText(r, ns, 'mRID') })));
    const used = refs.length ? fns.filter((f) => refs.some((r) => r.name === f.name && r.ref !== undefined && r.ref === f.mRID)) : fns;
    return { node, ids: meterIdentifiers(node), firmware: used.flatMap((f) => (f.firmware ? [{ id: f.firmware, fn: `${f.name} ${f.mRID ?? '(no mRID)'}`, node: f.node }] : [])) };
  });
}

/**
 * FW-CONFIG-FIRMWARE and FW-SAME-DEVICE on the configuration change after an activated upgrade of `meter` to
 * `firmwareID`: a payload of a noun CIM9-140 allows, with a device that is the meter and refers to a function showing
 * the new firmwareID.
 */
export function checkFirmwareConfig(msg: ParsedMessage | undefined, exp: { meter: string; firmwareID: string }, ctx: CheckContext): Finding[] {
  const assumptions = firmwareAssumptions(ctx, 'config');
  const nouns = configNouns(ctx);
  const what = `the configuration change after the upgrade of meter ${exp.meter} to firmware ${exp.firmwareID}`;
  const root = msg?.payload?.root;
  if (!root) return [ruleFinding('FW-CONFIG-FIRMWARE', `${ctx.label}: ${what} carries no payload that can be read`, { file: ctx.label, assumptions, expected: `a ${nouns.join(' or ')} payload`, actual: 'none readable' })];
  if (!nouns.includes(root.name)) return [ruleFinding('FW-CONFIG-FIRMWARE', `${ctx.label}: ${what} carries a ${root.name} payload, not ${nouns.join(' or ')} (CIM9-140)`, { ...where(root, ctx), assumptions, expected: `a ${nouns.join(' or ')} payload`, actual: `a ${root.name} payload` })];
  const devices = configDevices(root);
  const mine = devices.filter((d) => d.ids.includes(exp.meter));
  if (!mine.length) {
    const named = devices.map((d) => (d.ids.length ? d.ids.join(' / ') : '(no mRID, serialNumber or Names)'));
    return [ruleFinding('FW-SAME-DEVICE', `${ctx.label}: ${what} describes ${named.length ? named.map((n) => `device ${n}`).join(', ') : 'no device'}, not meter ${exp.meter}`, { ...where(devices[0]?.node ?? root, ctx), assumptions, expected: `meter ${exp.meter}`, actual: named.length ? named.map((n) => `device ${n}`).join(', ') : 'no device' })];
  }
  const shown = mine.flatMap((d) => d.firmware);
  if (shown.some((f) => f.id === exp.firmwareID)) return [];
  return [
    ruleFinding(
      'FW-CONFIG-FIRMWARE',
      `${ctx.label}: ${what}: ${shown.length ? `its functions show firmwareID ${shown.map((f) => `"${f.id}" (${f.fn})`).join(', ')}` : 'no function of the meter carries a firmwareID'}, not the new "${exp.firmwareID}"`,
      { ...where(shown[0]?.node ?? mine[0]!.node, ctx), assumptions, expected: `firmwareID "${exp.firmwareID}"`, actual: shown.length ? `firmwareID ${shown.map((f) => `"${f.id}"`).join(', ')}` : 'no firmwareID' },
    ),
  ];
}

/**
 * FW-CONFIG-FIRMWARE after a failed upgrade: no configuration change about the meter shows the new firmwareID (one
 * that shows the old firmware, or another, is told as info).
 */
export function checkNoNewFirmware(msgs: readonly { msg: ParsedMessage | undefined; label: string }[], exp: { meter: string; firmwareID: string }, ctx: CheckContext): Finding[] {
  const assumptions = firmwareAssumptions(ctx, 'config');
  const out: Finding[] = [];
  for (const { msg, label } of msgs) {
    const root = msg?.payload?.root;
    // a configuration change that arrived without a payload that can be read cannot be shown not to carry the new
    // firmware: a finding, never skipped (the step would pass on a message it did not read)
    if (!root) {
      out.push(ruleFinding('FW-CONFIG-FIRMWARE', `${label}: a configuration change after the failed upgrade of meter ${exp.meter} carries no payload that can be read: whether it shows the new firmwareID "${exp.firmwareID}" cannot be judged`, { file: label, assumptions, expected: 'a configuration payload that can be read', actual: 'none readable' }));
      continue;
    }
    for (const d of configDevices(root).filter((x) => x.ids.includes(exp.meter))) {
      const hit = d.firmware.find((f) => f.id === exp.firmwareID);
      if (hit) out.push(ruleFinding('FW-CONFIG-FIRMWARE', `${label}: the configuration change of meter ${exp.meter} shows the new firmwareID "${exp.firmwareID}" (${hit.fn}), but its activation failed`, { file: label, line: hit.node.line, xpath: hit.node.path, assumptions, expected: `not firmwareID "${exp.firmwareID}" (its activation failed)`, actual: `firmwareID "${hit.id}"` }));
      else out.push(ruleFinding('FW-CONFIG-FIRMWARE', `${label}: after the failed upgrade the configuration of meter ${exp.meter} shows ${d.firmware.map((f) => `"${f.id}"`).join(', ') || 'no firmwareID'}, not the new firmware`, { file: label, line: d.node.line, xpath: d.node.path, assumptions, severity: 'info', expected: `not firmwareID "${exp.firmwareID}" (its activation failed)`, actual: d.firmware.map((f) => `firmwareID "${f.id}"`).join(', ') || 'no firmwareID' }));
    }
  }
  return out;
}

/**
 * FW-MDM-KEPT (MSE-01 with the MDM as receiver): after the head-end told the MDM changed(<noun>) with the new firmwareID
 * of the meter, the MDM's answer to get(<noun>) of the meter shows the meter with a function carrying that firmwareID.
 * `root` undefined: the answer carries no payload.
 */
export function checkFirmwareKept(root: XNode | undefined, exp: { meter: string; firmwareID: string; noun: string }, ctx: CheckContext): Finding[] {
  const assumptions = { 'CIM9-140': assumed(ctx, 'CIM9-140', 'either') };
  const what = `the MDM's ${exp.noun} of meter ${exp.meter} after it was told the new firmware ${exp.firmwareID}`;
  if (!root || root.name !== exp.noun) return [ruleFinding('FW-MDM-KEPT', `${ctx.label}: ${what} carries ${root ? `a ${root.name} payload` : 'no payload'}`, { file: ctx.label, assumptions, expected: `a ${exp.noun} payload with meter ${exp.meter}`, actual: root ? `a ${root.name} payload` : 'no payload' })];
  const mine = configDevices(root).filter((d) => d.ids.includes(exp.meter));
  if (!mine.length) return [ruleFinding('FW-MDM-KEPT', `${ctx.label}: ${what} does not show the meter`, { ...where(root, ctx), assumptions, expected: `meter ${exp.meter}`, actual: 'no such device in the answer' })];
  const shown = mine.flatMap((d) => d.firmware);
  if (shown.some((f) => f.id === exp.firmwareID)) return [];
  return [ruleFinding('FW-MDM-KEPT', `${ctx.label}: ${what}: ${shown.length ? `its functions show firmwareID ${shown.map((f) => `"${f.id}" (${f.fn})`).join(', ')}` : 'no function of the meter carries a firmwareID'}, not the new "${exp.firmwareID}"`, { ...where(shown[0]?.node ?? mine[0]!.node, ctx), assumptions, expected: `firmwareID "${exp.firmwareID}"`, actual: shown.length ? `firmwareID ${shown.map((f) => `"${f.id}"`).join(', ')}` : 'no firmwareID' })];
}
