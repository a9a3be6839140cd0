/**
 * The head-end as a system of record of meters in the field (../shared/spec/use-cases.md §9.2: MeterConfig "MAM /
 * WM → MDM (→ MS), or MS → MDM"; §4.2 "installer → MDM / MS : created(…Config)"): when a meter is installed or
 * removed, the head-end tells its master-data subscriber (the MDM, played by the suite) with a published
 * MeterConfig event (P2). Rule MD-PUBLICATION (src/checks/masterdata-rules.ts, assumption UC-29): the subscriber
 * is told of each change once, with the past tense of the change, naming exactly the meter it concerns.
 *
 * Which verb tells of a removal is assumption CIM9-50: a meter taken out of the field leaves the head-end
 * (`deleted(MeterConfig)`, like the Annex J "Delete MeterConfig" sample) or stays an asset whose lifecycle and
 * status changed (`changed(MeterConfig)`, like the "asset status change through MeterConfig" of §5.4). The
 * envelope (kind, verb, noun) is checked by checkEvent (src/checks/envelope.ts) with the verbs given here; these
 * checks are the content. Pure functions over parsed messages, returning findings.
 */
import type { Finding, Severity } from './finding.ts';
import { rule } from './catalogue.ts';
import { assumed } from './assume.ts';
import type { CheckContext } from './envelope.ts';
import type { ParsedMessage } from '../message/index.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';

export type MeterChange = 'installed' | 'removed';

export const CIM9_50_DEFAULT = 'created-deleted-or-changed';

function mk(message: string, extra: Partial<Finding> = {}, severity?: Severity): Finding {
  const r = rule('MD-PUBLICATION');
  return { rule: r.id, clause: r.clause, severity: severity ?? r.severity, message, ...extra };
}

/** the assumptions every publication verdict depends on: UC-29 (publication required) and CIM9-50 (verbs) */
export function publicationAssumptions(ctx: Pick<CheckContext, 'assumptions'>): Record<string, string> {
  return { 'UC-29': assumed(ctx, 'UC-29', 'when-subscribed'), 'CIM9-50': assumed(ctx, 'CIM9-50', CIM9_50_DEFAULT) };
}

/** the verbs that may tell of the change (CIM9-50) */
export function publicationVerbs(ctx: Pick<CheckContext, 'assumptions'>, change: MeterChange): string[] {
  if (change === 'installed') return ['created'];
  const v = assumed(ctx, 'CIM9-50', CIM9_50_DEFAULT);
  if (v === 'created-deleted') return ['deleted'];
  if (v === 'created-changed') return ['changed'];
  return ['deleted', 'changed'];
}

/** every identifier of a Meter element: its mRID, its serialNumber and the name of each of its Names */
export function meterIdentifiers(meter: XNode): string[] {
  const out: string[] = [];
  const add = (s: string | undefined) => {
    const t = s?.trim();
    if (t && !out.includes(t)) out.push(t);
  };
  add(childText(meter, meter.ns, 'mRID'));
  add(childText(meter, meter.ns, 'serialNumber'));
  for (const n of children(meter, meter.ns, 'Names')) add(childText(n, meter.ns, 'name'));
  return out;
}

/** the Meter elements of a MeterConfig payload root, with their identifiers */
export function metersOf(root: XNode): { node: XNode; ids: string[] }[] {
  return children(root, root.ns, 'Meter').map((node) => ({ node, ids: meterIdentifiers(node) }));
}

const where = (n: XNode | undefined, ctx: CheckContext): Partial<Finding> => ({ file: ctx.label, line: n?.line, xpath: n?.path });
const shown = (ids: string[]) => (ids.length ? ids.join(' / ') : '(no mRID, serialNumber or Names)');

/**
 * MD-PUBLICATION: the publication describes the meter installed or removed, and no other meter: a MeterConfig
 * payload with exactly one Meter that carries the meter's identifier as mRID, serialNumber or Names/name. A
 * removal told as changed(MeterConfig) (CIM9-50) must say so: lifecycle/removalDate or status on the Meter.
 */
export function checkMeterConfigPublication(msg: ParsedMessage | undefined, expect: { meter: string; change: MeterChange }, ctx: CheckContext): Finding[] {
  const assumptions = publicationAssumptions(ctx);
  const what = `meter ${expect.meter} ${expect.change} in the field`;
  if (!msg) return [mk(`${ctx.label}: the publication about ${what} could not be read`, { file: ctx.label, assumptions, expected: 'a readable message', actual: 'none' })];
  const root = msg.payload?.root;
  if (!root) return [mk(`${ctx.label}: the publication about ${what} carries no MeterConfig payload`, { ...where(msg.node, ctx), assumptions, expected: 'a MeterConfig payload', actual: 'none' })];
  if (root.name !== 'MeterConfig') return [mk(`${ctx.label}: the publication about ${what} carries a ${root.name} payload, not MeterConfig`, { ...where(root, ctx), assumptions, expected: 'a MeterConfig payload', actual: `a ${root.name} payload` })];
  const meters = metersOf(root);
  if (!meters.length) return [mk(`${ctx.label}: the MeterConfig about ${what} carries no Meter`, { ...where(root, ctx), assumptions, expected: `Meter ${expect.meter}`, actual: 'no Meter' })];
  const out: Finding[] = [];
  const mine = meters.filter((m) => m.ids.includes(expect.meter));
  const others = meters.filter((m) => !m.ids.includes(expect.meter));
  if (!mine.length) {
    out.push(mk(`${ctx.label}: the MeterConfig names ${others.map((m) => `meter ${shown(m.ids)}`).join(', ')}, not ${expect.meter}, the meter ${expect.change} in the field`, { ...where(others[0]!.node, ctx), assumptions, expected: `meter ${expect.meter}`, actual: others.map((m) => `meter ${shown(m.ids)}`).join(', ') }));
    return out;
  }
  if (mine.length > 1) out.push(mk(`${ctx.label}: the MeterConfig describes meter ${expect.meter} ${mine.length} times`, { ...where(mine[1]!.node, ctx), assumptions, expected: `meter ${expect.meter} once`, actual: `${mine.length} times` }));
  for (const m of others) out.push(mk(`${ctx.label}: the MeterConfig also names meter ${shown(m.ids)}, which was not ${expect.change}; a publication describes the meters of the change only`, { ...where(m.node, ctx), assumptions, expected: `meter ${expect.meter} only`, actual: `also meter ${shown(m.ids)}` }));
  const verb = msg.header?.verb;
  if (expect.change === 'removed' && verb === 'changed' && publicationVerbs(ctx, 'removed').includes('changed')) {
    const m = mine[0]!.node;
    const removalDate = childText(child(m, m.ns, 'lifecycle'), m.ns, 'removalDate');
    const status = child(m, m.ns, 'status');
    if (!removalDate && !status) {
      out.push(mk(`${ctx.label}: changed(MeterConfig) for meter ${expect.meter} says nothing of its removal: no lifecycle/removalDate and no status (CIM9-50)`, { ...where(m, ctx), assumptions, expected: 'lifecycle/removalDate or status', actual: 'neither' }));
    } else {
      out.push(mk(`${ctx.label}: the removal of meter ${expect.meter} is told as changed(MeterConfig) with ${removalDate ? `lifecycle/removalDate ${removalDate}` : 'a status'} (accepted by CIM9-50)`, { ...where(m, ctx), assumptions }, 'info'));
    }
  }
  return out;
}
