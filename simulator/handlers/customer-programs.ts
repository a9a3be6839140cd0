/**
 * Change of customer program at the head-end (EDC-04, use-cases.md §4.4).
 *
 * create(EndDeviceControls) whose controls are all reprogramming commands (an EndDeviceControlType of domain 7
 * Configuration or 20 Billing with the action 13 Change, codes.md §4.3, §6.3), each naming
 * known meters: the head-end replies OK with the controls, and tells its event subscriber (`ctx.subscribers.MDM`) one
 * created(EndDeviceEvents) with the configuration-changed event x.7.0.24 of each meter (x the control's device type),
 * carrying the control's issuerID / issuerTrackingID. An unknown meter, or a control naming none, is FAILED 2.4.
 * Any other create(EndDeviceControls) (load control, PAN, connect / disconnect) goes on to ./load-control.ts.
 *
 * At the MDM (EDC-03, §4.3): change(UsagePointConfig) whose usage points name a PricingStructures (the new customer
 * program, CIM9-184) of known usage points: the MDM asks its head-end (`ctx.upstream.HES`, the suite at
 * <listener>/hes) to reprogram the meter of each usage point with create(EndDeviceControls) (3.20.121.13
 * Billing.TOU.Change, CIM9-183) and replies OK once the head-end accepted (FAILED 5.3 when it did not answer OK). An
 * unknown usage point is FAILED 2.4. Without an upstream head-end the MDM replies OK (it has no meter to reprogram).
 * A usage point the MDM has as master data but with no meter (MD-02.6) has nothing to reprogram: its change of pricing
 * structure is a master-data change. Any other UsagePointConfig request goes on to ./masterdata.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { newMessageId, nowTimestamp, readMessage, toSoap } from '../../src/message/index.ts';
import { postSoap } from '../../src/transport/http.ts';
import { readUsagePointPrograms } from '../../src/payloads/masterdata/usagePointConfig.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../../src/payloads/endDeviceControls.ts';
import { buildEndDeviceEvents, type EndDeviceEventValue } from '../../src/payloads/endDeviceEvents.ts';
import { parseControlType } from '../../src/codes/index.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { loadControlHandler } from './load-control.ts';
import { masterDataHandler } from './masterdata.ts';
import { masterData } from '../masterdata-store.ts';
import { mdmReprograms, programEventMeter, programEventType, tellsProgramEvent } from '../faults/customer-programs.ts';

/** a reprogramming command: domain 7 Configuration or 20 Billing, action 13 Change */
function isProgramChange(code: string): boolean {
  const p = parseControlType(code.trim());
  return p.ok && (p.value.domain === 7 || p.value.domain === 20) && p.value.eventOrAction === 13;
}

function programChange(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const controls = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
  const named = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? ''));
  const unknown = named.filter((m) => !ctx.store.meter(m));
  if (unknown.length || controls.some((c) => !(c.endDevices ?? []).length)) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.join(', ') || '(none named)'}`);
  const at = nowTimestamp();
  const known = [...ctx.store.meters.keys()];
  const events: EndDeviceEventValue[] = controls.flatMap((c) => {
    const type = c.controlType.trim().split('.')[0] || '3';
    return (c.endDevices ?? []).map((d) => {
      const meter = ctx.store.meter(d.mRID!)!;
      return {
        mRID: newMessageId(),
        createdDateTime: at,
        issuerID: c.issuerID,
        issuerTrackingID: c.issuerTrackingID,
        reason: 'customer program changed',
        meter: programEventMeter(meter.mRID, known, ctx.has),
        usagePoint: meter.usagePoint,
        eventType: programEventType(type === '0' ? '3' : type, ctx.has),
      };
    });
  });
  const url = ctx.subscribers.MDM;
  if (url && events.length && tellsProgramEvent(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header('created', 'EndDeviceEvents'), payload: { root: buildEndDeviceEvents(events) } }, version);
  return ctx.response(req, 'EndDeviceControls', 'OK', [], {
    root: buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID, reason: c.reason, controlType: c.controlType, endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    }),
  });
}

/** the reprogramming command the reference MDM sends its head-end (CIM9-183) */
export const MDM_PROGRAM_CHANGE = '3.20.121.13';

/** EDC-03: the MDM has the meter of each usage point reprogrammed by its head-end, then replies to the CIS */
async function reprogramViaHeadEnd(req: ParsedMessage, ctx: SimContext, version: SoapVersion, changes: { usagePoint?: string; pricingStructure?: string }[]): Promise<Message> {
  const meters = changes.map((c) => ctx.store.meter(c.usagePoint ?? ''));
  const unknown = changes.filter((_c, i) => !meters[i]).map((c) => c.usagePoint ?? '(none named)');
  if (unknown.length) return ctx.failed(req, 'UsagePointConfig', '2.4', `unknown usage point ${unknown.join(', ')}`);
  const url = ctx.upstream.HES;
  if (!url || !mdmReprograms(ctx.has)) return ctx.response(req, 'UsagePointConfig', 'OK', []);
  const header = { ...ctx.header('create', 'EndDeviceControls'), correlationId: newMessageId() };
  const ask: Message = {
    kind: 'request',
    header,
    payload: {
      root: buildEndDeviceControls({
        controls: changes.map((c, i) => ({ mRID: newMessageId(), issuerID: 'cim9-reference-mdm', issuerTrackingID: `PRG-${newMessageId()}`, reason: `customer program ${c.pricingStructure || '(new)'}`, controlType: MDM_PROGRAM_CHANGE, endDevices: [{ mRID: meters[i]!.mRID }] })),
      }),
    },
  };
  const soap = toSoap({ ...ask, generation: ctx.generation }, version);
  const http = await postSoap(url, soap.xml, { soapVersion: version, soapAction: soap.soapAction, timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
  ctx.log(`sim MDM → head-end ${url} create(EndDeviceControls) program change ${http.ok ? http.status : http.kind}`);
  const read = http.ok ? readMessage(http.body) : undefined;
  const result = read?.ok ? read.wire.message?.reply?.result : undefined;
  if (result !== 'OK') return ctx.failed(req, 'UsagePointConfig', '5.3', `the head-end did not accept the reprogramming of meter ${meters.map((m) => m!.mRID).join(', ')} (${result ?? (http.ok ? 'no Reply' : http.message)})`);
  return ctx.response(req, 'UsagePointConfig', 'OK', []);
}

export const customerProgramsHandler: Handler = {
  name: 'change of customer program at the head-end and at the MDM',
  matches: (role, noun, verb) => loadControlHandler.matches(role, noun, verb) || (role === 'MDM' && noun === 'UsagePointConfig' && verb === 'change'),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    const noun = req.header?.noun || req.wrapperNoun || '';
    const verb = req.header?.verb ?? req.wrapperVerb ?? '';
    if (role === 'MDM' && noun === 'UsagePointConfig') {
      const root = req.payload?.root;
      const ups = root && root.name === 'UsagePointConfig' && !req.header?.asyncReplyFlag ? readUsagePointPrograms(root) : [];
      // a usage point of the MDM's master data with no meter to reprogram (MD-02.6): the new pricing structure is master data only
      const masterDataOnly = ups.every((u) => !!u.usagePoint && !ctx.store.meter(u.usagePoint) && masterData(ctx.store).get('UsagePointConfig', u.usagePoint) !== undefined);
      if (ups.length && ups.every((u) => u.pricingStructure !== undefined) && !masterDataOnly) return reprogramViaHeadEnd(req, ctx, version, ups);
      return masterDataHandler.handle(req, ctx, version, role);
    }
    const controls = noun === 'EndDeviceControls' && verb === 'create' && req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
    if (controls.length && controls.every((c) => isProgramChange(c.controlType) && !c.actionCount && c.priceSignal === undefined)) return programChange(req, ctx, version);
    return loadControlHandler.handle(req, ctx, version, role);
  },
};
