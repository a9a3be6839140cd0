/**
 * Installation of a load-control unit (EDC-02, use-cases.md §4.2): the installer (WM) tells the system of a new
 * load-control device with created(EndDeviceConfig) and links it to its usage point with create(MasterDataLinkageConfig).
 *
 * Head-end (HES):
 * - created(EndDeviceConfig): every EndDevice (by mRID, else its first name) joins the head-end's load-control units;
 *   acknowledged OK (a publication of the installer; an EndDeviceConfig without an EndDevice is FAILED 1.7);
 * - create(MasterDataLinkageConfig) naming EndDevice(s) and one UsagePoint: an EndDevice the head-end was not told of is
 *   FAILED 2.4, a usage point it does not serve FAILED 2.12; otherwise the reply OK returns the link and the head-end
 *   tells its MDM (`ctx.subscribers.MDM`) created(EndDeviceEvents) with one installation event per device:
 *   16.6.0.105 LoadControlDevice.Installation.NA.Installed (0.6.0.105 when the device's EndDevice.type is neither
 *   "16" nor "LoadControlDevice"), naming the device (Assets) and the usage point, dated now.
 * MDM: created(EndDeviceConfig) creates the end devices in the master data (simulator/masterdata-store.ts), as
 *   create(EndDeviceConfig) does (an existing one: FAILED 6.1); the link and the Get are ./masterdata.ts's.
 * The faults are simulator/faults/lcu-install.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { childText } from '../../src/xml/index.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import { configObjects } from '../../src/payloads/masterdata/getConfig.ts';
import { objectId } from '../../src/payloads/masterdata/common.ts';
import { buildMasterDataLinkageConfig, readMasterDataLinkageConfig } from '../../src/payloads/masterdata/masterDataLinkageConfig.ts';
import type { Handler, SimContext } from '../context.ts';
import type { Store } from '../store.ts';
import { masterData } from '../masterdata-store.ts';
import { deviceKept, installationDeviceType, installationDomain, installationTold, installedDevice } from '../faults/lcu-install.ts';

/** the load-control units the head-end was told of: mRID → EndDevice.type */
const units = new WeakMap<Store, Map<string, string>>();

function unitsOf(store: Store): Map<string, string> {
  let m = units.get(store);
  if (!m) units.set(store, (m = new Map()));
  return m;
}

/** the EndDeviceType part of the installation event of a device of this EndDevice.type */
export function deviceTypeCode(type: string | undefined): string {
  const t = (type ?? '').trim().toLowerCase();
  return t === '16' || t === 'loadcontroldevice' ? '16' : '0';
}

const INSTALLED = '105';

function endDeviceConfigAtHeadEnd(req: ParsedMessage, ctx: SimContext): Message {
  const root = req.payload?.root;
  const devices = root && root.name === 'EndDeviceConfig' ? configObjects(root, 'EndDeviceConfig') : [];
  if (!devices.length) return ctx.failed(req, 'EndDeviceConfig', '1.7', 'created(EndDeviceConfig) carries no EndDevice');
  const ids = devices.map((d) => objectId(d));
  if (ids.some((id) => !id)) return ctx.failed(req, 'EndDeviceConfig', '1.7', 'an EndDevice has neither mRID nor name');
  devices.forEach((d, i) => unitsOf(ctx.store).set(ids[i]!, childText(d, d.ns, 'type') ?? ''));
  return ctx.response(req, 'EndDeviceConfig', 'OK', []);
}

function linkAtHeadEnd(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const root = req.payload?.root;
  if (!root || root.name !== 'MasterDataLinkageConfig') return ctx.failed(req, 'MasterDataLinkageConfig', '1.7', 'no MasterDataLinkageConfig payload');
  const link = readMasterDataLinkageConfig(root);
  const devices = link.objects.EndDevice ?? [];
  const ups = link.objects.UsagePoint ?? [];
  if (!devices.length || ups.length !== 1) return ctx.failed(req, 'MasterDataLinkageConfig', '1.7', 'the head-end links EndDevice(s) to one UsagePoint');
  const known = unitsOf(ctx.store);
  const unknown = devices.filter((d) => !known.has(d));
  if (unknown.length) return ctx.failed(req, 'MasterDataLinkageConfig', '2.4', `unknown end device ${unknown.join(', ')}`, { id: { value: unknown[0]!, objectType: 'EndDevice' } });
  const up = ups[0]!;
  const served = [...ctx.store.meters.values()].some((m) => m.usagePoint === up);
  if (!served) return ctx.failed(req, 'MasterDataLinkageConfig', '2.12', `unknown usage point ${up}`, { id: { value: up, objectType: 'UsagePoint' } });
  const at = nowTimestamp();
  const events: EndDeviceEventValue[] = devices.map((d) => ({
    mRID: newMessageId(),
    createdDateTime: at,
    meter: installedDevice(d, ctx.has),
    usagePoint: up,
    reason: 'load control unit installed',
    eventType: [installationDeviceType(deviceTypeCode(known.get(d)), ctx.has), installationDomain(ctx.has), '0', INSTALLED].join('.'),
  }));
  const url = ctx.subscribers.MDM;
  if (url && installationTold(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
  return ctx.response(req, 'MasterDataLinkageConfig', 'OK', [], {
    root: buildMasterDataLinkageConfig({
      configurationEvent: { createdDateTime: link.createdDateTime, effectiveDateTime: link.effectiveDateTime },
      objects: { EndDevice: devices.map((mRID) => ({ mRID })), UsagePoint: [{ mRID: up }] },
    }),
  });
}

function endDeviceConfigAtMdm(req: ParsedMessage, ctx: SimContext): Message {
  const root = req.payload?.root;
  if (!root || root.name !== 'EndDeviceConfig') return ctx.failed(req, 'EndDeviceConfig', '1.7', 'no EndDeviceConfig payload');
  const md = masterData(ctx.store);
  const work = md.clone();
  const out = work.create('EndDeviceConfig', root);
  if (!out.ok) return ctx.response(req, 'EndDeviceConfig', 'FAILED', [out.error]);
  if (deviceKept(ctx.has)) md.commit(work);
  return ctx.response(req, 'EndDeviceConfig', 'OK', []);
}

export const lcuInstallHandler: Handler = {
  name: 'installation of a load-control unit: created(EndDeviceConfig) at the head-end and the MDM, create(MasterDataLinkageConfig) at the head-end',
  matches: (role, noun, verb) =>
    (noun === 'EndDeviceConfig' && verb === 'created' && (role === 'HES' || role === 'MDM')) ||
    (role === 'HES' && noun === 'MasterDataLinkageConfig' && verb === 'create'),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role): Message {
    const noun = req.header!.noun;
    if (role === 'MDM') return endDeviceConfigAtMdm(req, ctx);
    return noun === 'EndDeviceConfig' ? endDeviceConfigAtHeadEnd(req, ctx) : linkAtHeadEnd(req, ctx, version);
  },
};
