/**
 * Pairing of a PAN device through the MDM (PAN-01 with the MDM as SUT, use-cases.md §8.1): the reference MDM with an
 * upstream head-end (`ctx.upstream.HES`, the suite at <listener>/hes), once it answered OK a create(EndDeviceConfig)
 * whose EndDevice is a PAN device (isPan=true, installCode) naming its meter (a Names entry of NameType "PANGateway",
 * CIM9-247) and the meter is one it knows, asks its head-end to open the pairing window: create(EndDeviceControls)
 * with 3.10.73.298 (CIM9-193) targeting the meter and listing the PAN device with its installCode (its own MessageID
 * and CorrelationID, sent after the reply). It remembers the PAN device: the pairing result the head-end then tells
 * it (created(EndDeviceEvents) of domain 10 naming the PAN device) is acknowledged OK, though the device is no meter
 * of its own; a PAN device paired (x.10.74.17) is then linked to the usage point of its meter: created(MasterDataLinkageConfig)
 * to the master-data subscriber (CIM9-248). The faults of ../faults/pan-pairing.ts (PAN_RELAY_FAULTS) break one aspect each.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { buildEndDeviceControls, controlsGenerationOf } from '../../src/payloads/endDeviceControls.ts';
import { readEndDeviceEvents } from '../../src/payloads/endDeviceEvents.ts';
import { readEndDevices } from '../../src/payloads/masterdata/endDeviceConfig.ts';
import { buildMasterDataLinkageConfig } from '../../src/payloads/masterdata/masterDataLinkageConfig.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import type { Store } from '../store.ts';

const OPEN = '3.10.73.298';
const CLOSE = '3.10.73.299';
const GATEWAY = 'PANGateway';

/** the PAN devices the MDM opened a pairing window for, with their meter */
const paired = new WeakMap<Store, Map<string, string>>();
const pairedOf = (store: Store): Map<string, string> => {
  let p = paired.get(store);
  if (!p) paired.set(store, (p = new Map()));
  return p;
};

/** the pairing window the MDM sends its head-end for a PAN device of a meter (the faults change one aspect) */
function windowRequest(ctx: SimContext, o: { meter: string; panDevice: string; installCode?: string }): Message {
  const mRID = newMessageId();
  const pan = { mRID: o.panDevice, isPan: true, ...(o.installCode && !ctx.has('mdm-pairing-window-without-install-code') ? { installCode: o.installCode } : {}) };
  const devices = ctx.has('mdm-pairing-window-without-meter') ? [pan] : [{ mRID: o.meter }, pan];
  return {
    kind: 'request',
    header: { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() },
    payload: {
      root: buildEndDeviceControls(
        { controls: [{ mRID, issuerID: 'cim9-reference-mdm', issuerTrackingID: `PAIR-${mRID}`, reason: 'pan pairing window open', controlType: ctx.has('mdm-pairing-window-close-code') ? CLOSE : OPEN, endDevices: devices, primaryDeviceTiming: { interval: { start: nowTimestamp() } } }] },
        { generation: controlsGenerationOf(ctx.generation) },
      ),
    },
  };
}

/** the MDM's master data, then, for a PAN device created OK naming a meter it knows, the pairing window at its head-end */
export function withPairingWindow(inner: Handler): Handler {
  return {
    name: inner.name,
    matches: inner.matches,
    handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
      const answer = inner.handle(req, ctx, version, role);
      // synchronous when the master data is (the window goes out after the reply, as a publication does)
      return answer instanceof Promise ? answer.then((a) => openWindows(req, ctx, version, role, a)) : openWindows(req, ctx, version, role, answer);
    },
  };
}

/** for each PAN device the create made naming a meter the MDM knows: remember it, and open its pairing window at the head-end */
function openWindows(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole, answer: Message): Message {
  const root = req.payload?.root;
  const url = ctx.upstream.HES;
  if (role !== 'MDM' || req.header?.verb !== 'create' || req.header?.noun !== 'EndDeviceConfig' || !root || !url || answer.reply?.result !== 'OK') return answer;
  for (const d of readEndDevices(root)) {
    const meter = d.names.find((n) => n.nameType?.trim() === GATEWAY)?.name.trim();
    const panDevice = d.mRID?.trim();
    if (d.isPan !== true || !meter || !panDevice || !ctx.store.meter(meter)) continue;
    pairedOf(ctx.store).set(panDevice, meter);
    if (ctx.has('mdm-pairing-window-not-sent')) continue;
    ctx.publish(url, windowRequest(ctx, { meter, panDevice, installCode: d.installCode?.trim() }), version);
  }
  return answer;
}

/** the MDM's events: the pairing result (domain 10) of PAN devices it opened a window for is acknowledged */
export function withPairingResults(inner: Handler): Handler {
  return {
    name: inner.name,
    matches: inner.matches,
    handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
      const events = role === 'MDM' && req.header?.verb === 'created' && req.payload?.root ? readEndDeviceEvents(req.payload.root) : [];
      const known = pairedOf(ctx.store);
      const pairing = events.length > 0 && events.every((e) => e.eventType.trim().split('.')[1] === '10' && !!e.meter && known.has(e.meter.trim()));
      if (!pairing) return inner.handle(req, ctx, version, role);
      if (ctx.has('mdm-pairing-result-refused')) return ctx.failed(req, 'EndDeviceEvents', '2.4', `unknown meter ${events.map((e) => e.meter ?? '(none)').join(', ')}`);
      // a PAN device paired (x.10.74.17) is linked to the usage point of its meter (CIM9-248), told to the master-data subscriber
      const url = ctx.subscribers.masterData;
      for (const e of events) {
        const pan = e.meter!.trim();
        const usagePoint = ctx.store.meter(known.get(pan)!)?.usagePoint;
        if (!url || !usagePoint || !e.eventType.trim().endsWith('.10.74.17') || ctx.has('mdm-pan-not-linked')) continue;
        const root = buildMasterDataLinkageConfig({ configurationEvent: { createdDateTime: nowTimestamp(), effectiveDateTime: nowTimestamp(), reason: 'pan device paired' }, objects: { EndDevice: [{ mRID: pan }], UsagePoint: [{ mRID: usagePoint }] } });
        ctx.publish(url, { kind: 'event', header: ctx.header('created', 'MasterDataLinkageConfig'), payload: { root } }, version);
      }
      return ctx.response(req, 'EndDeviceEvents', 'OK', []);
    },
  };
}
