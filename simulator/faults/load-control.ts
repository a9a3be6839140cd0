/**
 * Faults of the head-end's load control and group controls (simulator/handlers/load-control.ts,
 * features/load-control.feature): the result events it tells its requester after create(EndDeviceControls), what
 * it does after cancel(EndDeviceControls), and which devices a control by EndDeviceGroup reaches. Each one a
 * single, minimal violation; the first word of `violates` is the rule the suite names when it catches the fault.
 * Merged into FAULTS by simulator/faults/catalogue.ts.
 */
import type { FaultDef } from './catalogue.ts';
import { newMessageId } from '../../src/message/index.ts';

export const LOAD_CONTROL_FAULTS: FaultDef[] = [
  {
    id: 'lc-wrong-result-event',
    scope: '@uc:load-control',
    violates: 'EDC-LC-RESULT (the result event of a load-control start is x.15.0.242 Started, codes.md §6.4)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'after a load-control start (3.15.0.54) the head-end tells the requester the Stopped event 3.15.0.243 instead of Started 3.15.0.242',
  },
  {
    id: 'lc-event-before-command',
    scope: '@uc:load-control',
    violates: 'EDC-LC-TIME (the result event of a control is dated after the command)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024'],
    description: 'the Started event of a load-control start is dated 5 minutes before the head-end received the control',
  },
  {
    id: 'lc-missing-tracking-id',
    scope: '@uc:load-control',
    violates: "EDC-TRACKING (the result events carry the control's issuerTrackingID, UC-16)",
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the result events of a load-control start carry no issuerTrackingID (nor issuerID)',
    detectWith: { 'UC-16': 'failure' },
  },
  {
    id: 'lc-cancel-ignored',
    scope: '@uc:load-control',
    violates: 'EDC-CANCEL (after cancel(EndDeviceControls) nothing more of the control reaches the requester)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the head-end answers cancel(EndDeviceControls) OK but keeps the load-control event running: its Stopped event (x.15.0.243) still comes at the end of the interval',
  },
  {
    id: 'lc-canceled-other-control',
    scope: '@usecase:EDC-01',
    violates: 'EDC-LC-CANCELED (the canceled(EndDeviceControls) after a cancel names the canceled control, CIM9-201)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024'],
    description: 'the canceled(EndDeviceControls) the head-end sends after it accepted cancel(EndDeviceControls) names another control: a fresh mRID and issuerTrackingID instead of those of the canceled control',
  },
  {
    id: 'lc-random-outside-window',
    scope: '@usecase:EDC-01',
    violates: 'EDC-LC-RANDOM (the devices of a randomised load-control start start within its randomisation window, CIM9-202)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'of a randomised load-control start the last device (in mRID order) starts two interval lengths after the interval start, one whole interval after the interval ended',
  },
  {
    id: 'lc-random-end-outside-window',
    scope: '@usecase:EDC-01',
    violates: 'EDC-LC-RANDOM-END (every device of a load-control event with a randomised end stops within the interval, CIM9-232)',
    roles: ['HES'],
    area: 'timing',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'with a randomised end the last device (in mRID order) stops two interval lengths after the interval start plus the duration: after the interval ended',
  },  {
    id: 'pan-ack-display-failed',
    scope: '@usecase:PAN-03',
    violates: 'PAN-ACK (after a PAN text message it accepted the head-end tells it displayed and acknowledged, not DisplayFailed)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'after a PAN text message the head-end accepted it tells the events DisplayFailed (15.13.112.87) instead of Displayed (15.13.112.78) and Acknowledged (15.13.112.3)',
  },

  {
    id: 'group-control-non-member',
    scope: '@uc:load-control',
    violates: 'EDC-GROUP-MEMBERS (a control by EndDeviceGroup reaches no device outside the group)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2024'],
    description: 'a control that targets an EndDeviceGroup is also applied to the first known meter outside the group, which reports its result too',
  },
  {
    id: 'group-member-without-result',
    scope: '@uc:load-control',
    violates: 'EDC-GROUP-MEMBERS (every member of the group a control targets gets its result)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2024'],
    description: 'after a control by EndDeviceGroup the last member of the group gets no result event',
  },
  {
    id: 'pan-action-dropped',
    scope: '@uc:load-control',
    violates: 'EDC-PAN-ACTION (the head-end returns each PAN control with exactly the PAN action sent)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the controls the head-end returns in its reply to a PAN control or price signal carry no PAN action element (PanDisplay / PanDemandResponse / PanPricing dropped)',
  },
  {
    id: 'price-signal-altered',
    scope: '@uc:load-control',
    violates: 'EDC-PRICE (a returned price signal carries the priceSignal and prices sent)',
    roles: ['HES'],
    area: 'codes',
    editions: ['2013', '2024', 'draft-2011'],
    description: 'the price signal the head-end returns carries ten times the priceSignal sent',
  },
  {
    id: 'pan-pricing-details-out-of-order',
    scope: '@uc:load-control',
    violates: 'XSD (PanPricingDetails children in schema order, payloads.md §5.7)',
    roles: ['HES'],
    area: 'schema',
    editions: ['2013', '2024'],
    description: 'the PanPricingDetails of the price signal the head-end returns list their children in reverse order (unitOfMeasure ... price)',
  },
];

type Has = (id: string) => boolean;

/** the result event told for a load-control start whose result is `code` (lc-wrong-result-event: the Stopped event) */
export function toldLoadControlEvent(code: string, has: Has): string {
  return has('lc-wrong-result-event') && code.endsWith('.242') ? `${code.slice(0, -4)}.243` : code;
}

/** the createdDateTime of a load-control result (lc-event-before-command: 5 minutes before the control) */
export function loadControlEventTime(at: Date, has: Has): Date {
  return has('lc-event-before-command') ? new Date(at.getTime() - 5 * 60_000) : at;
}

/** the issuer and tracking id the results carry (lc-missing-tracking-id: neither) */
export function echoedTracking(c: { issuerID?: string; issuerTrackingID?: string }, has: Has): { issuerID?: string; issuerTrackingID?: string } {
  return has('lc-missing-tracking-id') ? {} : { issuerID: c.issuerID, issuerTrackingID: c.issuerTrackingID };
}

/** whether a cancel stops the control (lc-cancel-ignored: no) */
export const cancelStops = (has: Has): boolean => !has('lc-cancel-ignored');

/**
 * the devices a control by group reaches, given the members and the meters the head-end knows
 * (group-control-non-member: one more outside the group; group-member-without-result: the last member reports nothing)
 */
export function groupReach(members: readonly string[], known: readonly string[], has: Has): { applied: string[]; reported: string[] } {
  const outside = known.find((m) => !members.includes(m));
  const applied = has('group-control-non-member') && outside ? [...members, outside] : [...members];
  const reported = has('group-member-without-result') && members.length ? applied.filter((m) => m !== members[members.length - 1]) : applied;
  return { applied, reported };
}

/** the PAN action the head-end returns (pan-action-dropped: none) */
export function returnedAction<T>(action: T | undefined, has: Has): T | undefined {
  return has('pan-action-dropped') ? undefined : action;
}

/** the priceSignal the head-end returns (price-signal-altered: ten times) */
export function returnedPriceSignal(p: number | undefined, has: Has): number | undefined {
  return p !== undefined && has('price-signal-altered') ? p * 10 : p;
}

/** pan-pricing-details-out-of-order: the children of every PanPricingDetails element reversed */
export function pricingDetailsOrder<E extends { name: string; children?: unknown[] }>(root: E, has: Has): E {
  if (!has('pan-pricing-details-out-of-order')) return root;
  const walk = (e: unknown): unknown => {
    if (!e || typeof e !== 'object' || !('name' in e)) return e;
    const el = e as { name: string; children?: unknown[] };
    const kids = (el.children ?? []).map(walk);
    return { ...el, children: el.name === 'PanPricingDetails' ? [...kids].reverse() : kids };
  };
  return walk(root) as E;
}

/** the ids the canceled(EndDeviceControls) names for a canceled control (lc-canceled-other-control: fresh ones) */
export function canceledIds(r: { mRID?: string; issuerTrackingID?: string }, has: Has): { mRID?: string; issuerTrackingID?: string } {
  return has('lc-canceled-other-control') ? { mRID: newMessageId(), issuerTrackingID: `LC-${newMessageId()}` } : { mRID: r.mRID, issuerTrackingID: r.issuerTrackingID };
}

/** the event of the in-premises display after a text message (pan-ack-display-failed: DisplayFailed instead) */
export function displayEvent(code: string, has: Has): string {
  return has('pan-ack-display-failed') ? '15.13.112.87' : code;
}

/** the end offsets of a randomised end, ms (lc-random-end-outside-window: the last device at twice the interval) */
export function randomEndOffsets(offsets: Map<string, number>, sorted: readonly string[], intervalMs: number, has: Has): Map<string, number> {
  const last = sorted[sorted.length - 1];
  if (!has('lc-random-end-outside-window') || last === undefined) return offsets;
  return new Map([...offsets, [last, 2 * intervalMs]]);
}

/** the start offsets of a randomised start, ms (lc-random-outside-window: the last device at twice the interval) */
export function randomStartOffsets(offsets: Map<string, number>, sorted: readonly string[], intervalMs: number, has: Has): Map<string, number> {
  const last = sorted[sorted.length - 1];
  if (!has('lc-random-outside-window') || last === undefined) return offsets;
  return new Map([...offsets, [last, 2 * intervalMs]]);
}
