/**
 * Meter installation and removal (MSR-01, use-cases.md §5.1): the head-end plays the work management the CIS asks
 * with create(MeterServiceRequests).
 *
 * - each MeterServiceWork needs a Meter and a UsagePoint the head-end serves (else FAILED 1.7 / 2.12); a work with an
 *   OldMeter removes that meter (CIM9-237: a removal names it as OldMeter and Meter; an OldMeter other than the Meter
 *   is an exchange), one without installs the Meter. A removal of a meter that is neither installed by an earlier
 *   request nor one of the head-end's own meters is FAILED 2.4. The head-end's readings store is not changed: the
 *   installed meters are only remembered here.
 * - accepted: reply OK, then the completion goes to the CIS (`ctx.subscribers.CIS`) as changed(MeterServiceRequests)
 *   (CIM9-235 allows created or changed; the EPRI tests use changed) with the same work (mRID, kind, requestDateTime,
 *   type, Meter, OldMeter, UsagePoint), lastModifiedDateTime now and status completed.
 * The faults are simulator/faults/meter-service.ts.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import { nowTimestamp } from '../../src/message/index.ts';
import { buildMeterServiceRequests, readMeterServiceRequests, type MeterServiceWorkValue } from '../../src/payloads/meterServiceRequests.ts';
import type { Handler, SimContext } from '../context.ts';
import type { Store } from '../store.ts';
import { buildMeterConfig } from '../../src/payloads/masterdata/meterConfig.ts';
import { buildMasterDataLinkageConfig } from '../../src/payloads/masterdata/masterDataLinkageConfig.ts';
import { meterValue } from './installation.ts';
import { completedAt, completedKind, completedMeter, completionTold, linkedUsagePoint, tellsLinkage, tellsMeterConfig } from '../faults/meter-service.ts';

const NOUN = 'MeterServiceRequests';

/** meters installed through meter service requests, per store */
const installed = new WeakMap<Store, Set<string>>();

function installedOf(store: Store): Set<string> {
  let s = installed.get(store);
  if (!s) installed.set(store, (s = new Set()));
  return s;
}

function serviceRequest(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
  const root = req.payload?.root;
  if (!root || root.name !== NOUN) return ctx.failed(req, NOUN, '1.7', 'no MeterServiceRequests payload');
  const works = readMeterServiceRequests(root);
  if (!works.length) return ctx.failed(req, NOUN, '1.7', 'MeterServiceRequests carries no MeterServiceWork');
  const mine = installedOf(ctx.store);
  const own = (m: string) => [...ctx.store.meters.values()].some((x) => x.mRID === m);
  for (const w of works) {
    if (!w.meter) return ctx.failed(req, NOUN, '1.7', 'a MeterServiceWork names no Meter');
    if (!w.usagePoint) return ctx.failed(req, NOUN, '1.7', 'a MeterServiceWork names no UsagePoint');
    const up = w.usagePoint;
    if (![...ctx.store.meters.values()].some((m) => m.usagePoint === up)) return ctx.failed(req, NOUN, '2.12', `unknown usage point ${up}`, { id: { value: up, objectType: 'UsagePoint' } });
    if (w.oldMeter && !mine.has(w.oldMeter) && !own(w.oldMeter)) return ctx.failed(req, NOUN, '2.4', `meter ${w.oldMeter} is not installed`, { id: { value: w.oldMeter, objectType: 'Meter' } });
  }
  const at = nowTimestamp(() => completedAt(new Date(), ctx.has));
  const done: MeterServiceWorkValue[] = works.map((w) => {
    if (w.oldMeter) mine.delete(w.oldMeter);
    if (!w.oldMeter || w.oldMeter !== w.meter) mine.add(w.meter!);
    return {
      mRID: w.work,
      kind: completedKind(w.kind ?? 'meter', ctx.has),
      lastModifiedDateTime: at,
      requestDateTime: w.requestDateTime,
      type: w.type,
      meter: { mRID: completedMeter(w.meter!, ctx.has) },
      ...(w.oldMeter ? { oldMeter: { mRID: w.oldMeter } } : {}),
      status: { dateTime: at, value: 'completed' },
      usagePoint: { mRID: w.usagePoint },
    };
  });
  const url = ctx.subscribers.CIS;
  // the draft-2011 generation's profile begins the payload root with the message Header (payloads.md §14)
  const header = ctx.header('changed', NOUN);
  if (url && completionTold(ctx.has)) ctx.publish(url, { kind: 'event', header, payload: { root: buildMeterServiceRequests(done, ctx.generation === 'draft-2011' ? header : undefined) } }, version);
  tellMasterData(ctx, works, at, version);
  return ctx.response(req, NOUN, 'OK', []);
}

/**
 * The master data that follows a completed work (MSR-01, CIM9-277 / CIM9-278): to the master-data subscriber
 * (`ctx.subscribers.masterData`, the MDM) a removal ends the link of the old meter to the usage point
 * (deleted(MasterDataLinkageConfig)) and deletes it (deleted(MeterConfig)); an installation creates the meter
 * (created(MeterConfig)) and its link to the usage point (created(MasterDataLinkageConfig)), effective now.
 */
function tellMasterData(ctx: SimContext, works: ReturnType<typeof readMeterServiceRequests>, at: string, version: SoapVersion): void {
  const url = ctx.subscribers.masterData;
  if (!url) return;
  const tell = (verb: 'created' | 'deleted', meter: string, usagePoint: string) => {
    if (tellsMeterConfig(ctx.has)) ctx.publish(url, { kind: 'event', header: ctx.header(verb, 'MeterConfig'), payload: { root: buildMeterConfig({ meters: [meterValue(meter, verb === 'created' ? 'installed' : 'removed', at, at)] }) } }, version);
    if (tellsLinkage(ctx.has)) {
      const root = buildMasterDataLinkageConfig({ configurationEvent: { createdDateTime: at, effectiveDateTime: at, reason: verb === 'created' ? 'meter installed' : 'meter removed' }, objects: { Meter: [{ mRID: meter }], UsagePoint: [{ mRID: linkedUsagePoint(usagePoint, ctx.has) }] } });
      ctx.publish(url, { kind: 'event', header: ctx.header(verb, 'MasterDataLinkageConfig'), payload: { root } }, version);
    }
  };
  for (const w of works) {
    if (w.oldMeter) tell('deleted', w.oldMeter, w.usagePoint!);
    if (!w.oldMeter || w.oldMeter !== w.meter) tell('created', w.meter!, w.usagePoint!);
  }
}

export const meterServiceHandler: Handler = {
  name: 'meter installation and removal: create(MeterServiceRequests) at the head-end (work management), completion to the CIS',
  matches: (role, noun, verb) => role === 'HES' && noun === NOUN && verb === 'create',
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion): Message {
    return serviceRequest(req, ctx, version);
  },
};
