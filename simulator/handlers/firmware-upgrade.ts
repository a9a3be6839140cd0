/**
 * A firmware upgrade of a meter in the field at the head-end (MSE-01, ../shared/spec/use-cases.md §6.1): the
 * simulator's stimulus `firmware-upgrade` (POST /_control/stimulus, role HES, with the new `firmwareID` and the
 * `firmwareOutcome`). Firmware distribution is outside Part 9; the head-end tells its MDM (`ctx.subscribers.MDM`) the
 * outcome:
 *
 * - `created(EndDeviceEvents)` with the firmware events of the meter: 3.11.283.280 ReadyForActivation, then
 *   3.11.283.4 Activated and 3.11.17.52 Status.Replaced (activated), or 3.11.283.85 Failed (failed);
 * - activated only: `changed(EndDeviceConfig)` with the EndDevice referring to its SimpleEndDeviceFunction, which
 *   carries the new firmwareID. A failed upgrade changes nothing: no configuration change is published, and the
 *   meter keeps its firmware.
 *
 * Not a SOAP handler: nothing in HANDLERS answers requests for it. The faults of ../faults/firmware-upgrade.ts each
 * break one aspect of what is published.
 */
import { newMessageId, nowTimestamp, type SoapVersion } from '../../src/message/index.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import { buildEndDeviceConfig } from '../../src/payloads/masterdata/endDeviceConfig.ts';
import type { FirmwareOutcome } from '../../src/usecases/stimuli.ts';
import type { SimContext } from '../context.ts';
import type { Store } from '../store.ts';

/** the firmware event codes (codes.md §4.6: x.11.283.280 / x.11.283.4 ◐ vendor, 3.11.17.52 ✔; …85 Failed by composition) */
export const FW_READY = '3.11.283.280';
export const FW_ACTIVATED = '3.11.283.4';
export const FW_FAILED = '3.11.283.85';
export const FW_REPLACED = '3.11.17.52';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  [FW_READY]: 'ElectricMeter.Firmware.Activation.ReadyForActivation',
  [FW_ACTIVATED]: 'ElectricMeter.Firmware.Activation.Activated',
  [FW_FAILED]: 'ElectricMeter.Firmware.Activation.Failed',
  [FW_REPLACED]: 'ElectricMeter.Firmware.Status.Replaced',
};

/** the firmware every meter of the head-end starts with */
export const INITIAL_FIRMWARE = 'FW-1.0.0';

const firmwares = new WeakMap<Store, Map<string, string>>();

/** the firmware a meter runs (INITIAL_FIRMWARE until an upgrade activated) */
export function firmwareOf(store: Store, meter: string): string {
  return firmwares.get(store)?.get(meter) ?? INITIAL_FIRMWARE;
}

function setFirmware(store: Store, meter: string, id: string): void {
  let m = firmwares.get(store);
  if (!m) firmwares.set(store, (m = new Map()));
  m.set(meter, id);
}

/** the firmware events of an upgrade of `meter` (the activation 10 s before `at`, its readiness 20 s before) */
export function firmwareEvents(ctx: Pick<SimContext, 'has'>, meter: string, usagePoint: string, outcome: FirmwareOutcome, at: number): EndDeviceEventValue[] {
  const ev = (eventType: string, ago: number, details?: EndDeviceEventValue['details']): EndDeviceEventValue => ({
    mRID: newMessageId(),
    createdDateTime: nowTimestamp(() => new Date(at - ago)),
    meter,
    usagePoint,
    eventType,
    ...(details ? { details } : {}),
  });
  const out: EndDeviceEventValue[] = [];
  // fw-activated-without-ready: the "ready for activation" step is left out
  if (!ctx.has('fw-activated-without-ready')) out.push(ev(FW_READY, 20_000));
  if (outcome === 'activated') out.push(ev(FW_ACTIVATED, 10_000), ev(FW_REPLACED, 10_000));
  else out.push(ev(FW_FAILED, 10_000, [{ name: 'reason', value: 'image signature invalid' }]));
  return out;
}

/** the outcome of the stimulus: 202 accepted, 404 unknown meter */
export type FirmwareUpgradeOutcome = { ok: true } | { ok: false; status: 404; error: string };

/** a firmware upgrade of a meter in the field: the head-end tells its MDM its firmware events, then its new configuration */
export function fieldFirmwareUpgrade(ctx: SimContext, meter: string, firmwareID: string, outcome: FirmwareOutcome, version: SoapVersion): FirmwareUpgradeOutcome {
  const m = ctx.store.meter(meter);
  if (!m || m.mRID !== meter) return { ok: false, status: 404, error: `unknown meter ${meter}` };
  const old = firmwareOf(ctx.store, meter);
  if (outcome === 'activated') setFirmware(ctx.store, meter, firmwareID);
  const url = ctx.subscribers.MDM;
  if (!url) {
    ctx.log(`sim: firmware of meter ${meter} ${outcome === 'activated' ? `upgraded to ${firmwareID}` : 'upgrade failed'}; no MDM to tell`);
    return { ok: true };
  }
  // fw-event-other-meter: the firmware events name another meter of the head-end
  const other = [...ctx.store.meters.values()].find((o) => o.mRID !== meter);
  const named = ctx.has('fw-event-other-meter') && other ? other : m;
  const events = firmwareEvents(ctx, named.mRID, named.usagePoint, outcome, Date.now());
  const definitions = [...new Set(events.map((e) => e.eventType))].map((code) => ({ code, name: TYPE_NAMES[code]! }));
  ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events, definitions) } }, version);
  // fw-failed-config-new-firmware: a failed upgrade published as a configuration change with the new firmware
  const publishConfig = outcome === 'activated' || ctx.has('fw-failed-config-new-firmware');
  if (!publishConfig) return { ok: true };
  // fw-config-without-new-firmware: the configuration change still shows the old firmware
  const shown = outcome === 'activated' && ctx.has('fw-config-without-new-firmware') ? old : firmwareID;
  // fw-config-other-meter: the configuration change describes another meter of the head-end
  const device = ctx.has('fw-config-other-meter') && other ? other.mRID : meter;
  const fn = `SF-${device}`;
  const now = nowTimestamp();
  const root = buildEndDeviceConfig({
    endDevices: [
      {
        mRID: device,
        serialNumber: `SN-${device}`,
        configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: 'firmware upgraded' },
        functions: [{ kind: 'SimpleEndDeviceFunction', ref: fn }],
      },
    ],
    simpleEndDeviceFunctions: [{ mRID: fn, enabled: true, firmwareID: shown, kind: 'electricMetering' }],
  });
  ctx.publish(url, { kind: 'event', header: ctx.header('changed', 'EndDeviceConfig'), payload: { root } }, version);
  return { ok: true };
}
