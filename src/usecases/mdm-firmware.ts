/**
 * MSE-01 with the MDM as receiver of the configuration change (use-cases.md §6.1: "then changed(EndDeviceConfig |
 * MeterConfig) with new firmwareID on the Com/SimpleEndDeviceFunction ⇐ ack"): after the firmware events (the
 * steps of src/usecases/mdm-events.ts), the head-end the suite plays tells the MDM changed(<noun>) of the meter with a
 * SimpleEndDeviceFunction carrying a new firmwareID (the noun: CIM9-140, MeterConfig unless it says EndDeviceConfig);
 * the MDM acknowledges it (the shared reply steps). Where the MDM answers get of that noun (pics.MDM.supports, or no
 * supports list), the suite as the meter asset management reads the meter back: the answer must show the new
 * firmwareID on a function of the meter (FW-MDM-KEPT, src/checks/firmware-upgrade.ts).
 */
import { newMessageId, nowTimestamp } from '../message/index.ts';
import { buildMeterConfig } from '../payloads/masterdata/meterConfig.ts';
import { buildEndDeviceConfig } from '../payloads/masterdata/endDeviceConfig.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { checkFirmwareKept } from '../checks/firmware-upgrade.ts';
import { newFirmwareId } from './firmware-upgrade.ts';
import { getMessage } from './masterdata.ts';
import { claimNotExamined, deliveriesSince } from './deliveries.ts';

interface FirmwareConfigState {
  meter: string;
  firmwareID: string;
  noun: 'MeterConfig' | 'EndDeviceConfig';
  mark: number;
}

const states = new WeakMap<object, FirmwareConfigState>();

/** When: the head-end tells the MDM changed(<noun>) of the meter with its new firmware (a SimpleEndDeviceFunction) */
export async function tellMdmFirmwareConfig(w: Cim9World): Promise<Exchange> {
  const m = w.meters[0];
  if (!m) throw new SuiteError('no meter was chosen before this step');
  const c140 = String(w.run.assumptions['CIM9-140'] ?? 'either');
  w.usedAssumptions['CIM9-140'] = c140;
  const noun = c140 === 'EndDeviceConfig' ? 'EndDeviceConfig' : 'MeterConfig';
  const firmwareID = newFirmwareId();
  const fn = `SF-${newMessageId()}`;
  const now = nowTimestamp();
  const device = { mRID: m.mRID, configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: 'firmware upgraded' }, functions: [{ kind: 'SimpleEndDeviceFunction' as const, ref: fn }] };
  const functions = [{ mRID: fn, enabled: true, firmwareID, kind: 'electricMetering' }];
  const root = noun === 'MeterConfig' ? buildMeterConfig({ meters: [device], simpleEndDeviceFunctions: functions }) : buildEndDeviceConfig({ endDevices: [device], simpleEndDeviceFunctions: functions });
  states.set(w, { meter: m.mRID, firmwareID, noun, mark: w.run.listener.lastSeq });
  return w.send('MDM', { kind: 'event', header: w.requestHeader('changed', noun), payload: { root } }, `head-end (the suite) → MDM changed(${noun}) firmware ${firmwareID} of meter ${m.mRID}`);
}

/** When: the meter asset management asks the MDM get(<noun>) of the meter; 'skipped' when the MDM declares no such get */
export async function askMdmMeterConfig(w: Cim9World): Promise<Exchange | 'skipped'> {
  const s = states.get(w);
  if (!s) throw new SuiteError('the head-end told the MDM no configuration change before this step');
  const supports = w.profile.pics?.MDM?.supports;
  if (supports && !supports.some((n) => n.noun === s.noun && n.verbs.includes('get'))) {
    w.attach(`The MDM declares no get(${s.noun}) (pics.MDM.supports): the new firmware is not read back.`, { mediaType: 'text/plain', fileName: 'not read back.txt' });
    return 'skipped';
  }
  return w.send('MDM', getMessage(w, s.noun, { [s.noun === 'MeterConfig' ? 'Meter' : 'EndDevice']: [s.meter] }), `meter asset management (the suite) → MDM get(${s.noun}) of meter ${s.meter}`);
}

/** Then: the MDM's answer shows the meter with its new firmware (FW-MDM-KEPT) */
export function checkFirmwareKeptStep(w: Cim9World): void {
  const s = states.get(w);
  const x = w.last;
  if (!s || !x) throw new SuiteError('the MDM was asked for the configuration of no meter before this step');
  const ctx = w.ctx(`${x.label} reply`, x.received?.at);
  w.assert(checkFirmwareKept(x.wire?.message?.payload?.root, { meter: s.meter, firmwareID: s.firmwareID, noun: s.noun }, ctx), `new firmware ${s.firmwareID} kept by the MDM`);
}

/** After: the MDM's forward of the firmware events and its publication of the change it applied (UC-29) are claimed */
export function claimFirmwareConfigLeftovers(w: Cim9World): void {
  const s = states.get(w);
  if (!s) return;
  // the firmware events told first go on to the maintenance consumer (EDE-06), judged by the events scenarios
  claimNotExamined(w, { path: LISTENER_PATHS.mmEvents, since: deliveriesSince(w), title: "Delivered to the maintenance consumer's address after the head-end told the MDM the firmware events and not examined by this scenario" });
  claimNotExamined(w, { path: LISTENER_PATHS.masterData, since: s.mark, title: 'Published by the MDM to the master-data subscriber after the firmware change (judged by the master-data scenarios, not this one)' });
}
