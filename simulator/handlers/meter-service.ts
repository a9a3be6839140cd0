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
import { newMessageId, nowTimestamp } from '../../src/message/index.ts';
import { masterData } from '../masterdata-store.ts';
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

/**
 * MSR-01 with the MDM as SUT: the work management tells the MDM the completion of a meter service,
 * created|changed(MeterServiceRequests) (CIM9-235). Each work of kind meter needs a Meter, an OldMeter when it names one,
 * and a UsagePoint the MDM's master data knows (else FAILED with the "invalid …" code: 2.4 meter, 2.12 usage point;
 * CIM9-257); accepted, the usage point's link to the OldMeter ends and the Meter is linked to it, as of the work's
 * lastModifiedDateTime (CIM9-249: GetMeterConfig by UsagePoint then shows the installed meter). Nothing is published.
 * Faults msr-mdm-completion-not-linked (acknowledged, links unchanged), msr-mdm-unknown-meter-accepted (an unknown
 * installed meter acknowledged OK, nothing changed), msr-mdm-unknown-meter-wrong-code (refused with 2.12),
 * msr-mdm-unknown-usage-point-accepted (an unknown usage point acknowledged OK, nothing changed).
 */
function completionAtMdm(req: ParsedMessage, ctx: SimContext): Message {
  const root = req.payload?.root;
  if (!root || root.name !== NOUN) return ctx.failed(req, NOUN, '1.7', 'no MeterServiceRequests payload');
  const works = readMeterServiceRequests(root);
  if (!works.length) return ctx.failed(req, NOUN, '1.7', 'MeterServiceRequests carries no MeterServiceWork');
  const md = masterData(ctx.store);
  const changes: { meter: string; old?: string; usagePoint: string; at: string }[] = [];
  for (const w of works) {
    if (!w.meter) return ctx.failed(req, NOUN, '1.7', 'a MeterServiceWork names no Meter');
    if (!w.usagePoint) return ctx.failed(req, NOUN, '1.7', 'a MeterServiceWork names no UsagePoint');
    const up = md.keyOf('UsagePointConfig', w.usagePoint);
    if (up === undefined && ctx.has('msr-mdm-unknown-usage-point-accepted')) return ctx.response(req, NOUN, 'OK', []);
    if (up === undefined) return ctx.failed(req, NOUN, '2.12', `unknown usage point ${w.usagePoint}`, { id: { value: w.usagePoint, objectType: 'UsagePoint' } });
    const meter = md.keyOf('MeterConfig', w.meter);
    if (meter === undefined) {
      if (ctx.has('msr-mdm-unknown-meter-accepted')) return ctx.response(req, NOUN, 'OK', []);
      if (ctx.has('msr-mdm-unknown-meter-wrong-code')) return ctx.failed(req, NOUN, '2.12', `unknown meter ${w.meter}`, { id: { value: w.meter, objectType: 'Meter' } });
      return ctx.failed(req, NOUN, '2.4', `unknown meter ${w.meter}`, { id: { value: w.meter, objectType: 'Meter' } });
    }
    const old = w.oldMeter === undefined ? undefined : md.keyOf('MeterConfig', w.oldMeter);
    if (w.oldMeter !== undefined && old === undefined) return ctx.failed(req, NOUN, '2.4', `unknown meter ${w.oldMeter}`, { id: { value: w.oldMeter, objectType: 'Meter' } });
    changes.push({ meter, old, usagePoint: up, at: w.lastModifiedDateTime ?? nowTimestamp() });
  }
  if (!ctx.has('msr-mdm-completion-not-linked')) {
    for (const c of changes) {
      const at = Date.parse(c.at) || Date.now();
      for (const link of md.linkedTo('UsagePoint', c.usagePoint, at)) {
        if (c.old !== undefined && link.objects.Meter?.includes(c.old) && c.old !== c.meter) link.ended = c.at;
      }
      if (c.old !== c.meter && !md.linkedTo('Meter', c.meter, at).some((l) => l.objects.UsagePoint?.includes(c.usagePoint))) {
        md.links.push({ id: newMessageId(), objects: { Meter: [c.meter], UsagePoint: [c.usagePoint] }, effective: c.at });
      }
    }
  }
  return ctx.response(req, NOUN, 'OK', []);
}

export const meterServiceCompletionHandler: Handler = {
  name: 'meter installation and removal: the completion created|changed(MeterServiceRequests) the work management tells the MDM',
  matches: (role, noun, verb) => role === 'MDM' && noun === NOUN && (verb === 'created' || verb === 'changed'),
  handle(req: ParsedMessage, ctx: SimContext): Message {
    return completionAtMdm(req, ctx);
  },
};
