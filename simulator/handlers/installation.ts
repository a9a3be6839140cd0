/**
 * Meters installed in and removed from the field at the head-end: the simulator's stimuli `meter-installed` and
 * `meter-removed` (POST /_control/stimulus, role HES). The head-end is a system of record of meters in the field
 * (../shared/spec/use-cases.md §9.2: MeterConfig "MAM / WM → MDM (→ MS), or MS → MDM"; §4.2 "installer → MDM /
 * MS : created(…Config)"), so it tells its master-data subscriber (the MDM, `ctx.subscribers.masterData`) with a
 * published event (P2):
 *
 * - installed: the meter joins the store and the HES publishes `created(MeterConfig)` with the Meter (mRID,
 *   serialNumber, type, ConfigurationEvents, lifecycle/installationDate, Names with the serial number, status);
 * - removed: the HES publishes `deleted(MeterConfig)` with the Meter as it was at removal (lifecycle/removalDate,
 *   status "removed") and the meter leaves the store. Assumption CIM9-50: the default accepts deleted or changed;
 *   the reference SUT publishes deleted, the removed meter being unknown to the head-end afterwards (2.4).
 *
 * Not a SOAP handler: nothing in HANDLERS answers requests for it. The faults of ../faults/installation.ts each
 * break one aspect of the publication.
 */
import { nowTimestamp, type Message, type SoapVersion } from '../../src/message/index.ts';
import { buildMeterConfig, type MeterValue } from '../../src/payloads/masterdata/meterConfig.ts';
import type { SimContext } from '../context.ts';
import type { Store } from '../store.ts';

export const INSTALLATION_EVENTS = ['meter-installed', 'meter-removed'] as const;
export type InstallationEvent = (typeof INSTALLATION_EVENTS)[number];

export function isInstallationEvent(e: unknown): e is InstallationEvent {
  return (INSTALLATION_EVENTS as readonly unknown[]).includes(e);
}

/** what the control endpoint answers: 202 accepted, 404 unknown meter, 409 already installed */
export type InstallationOutcome = { ok: true } | { ok: false; status: 404 | 409; error: string };

/** when each meter the stimuli installed went in (the removal payload repeats it) */
const installedAt = new WeakMap<Store, Map<string, string>>();

function installations(store: Store): Map<string, string> {
  let m = installedAt.get(store);
  if (!m) installedAt.set(store, (m = new Map()));
  return m;
}

/** xs:date of a timestamp (UTC) */
const dateOf = (t: string): string => new Date(Date.parse(t)).toISOString().slice(0, 10);

/** the Meter of the publication: as installed, or as it was when it was removed */
export function meterValue(id: string, change: 'installed' | 'removed', installed: string | undefined, now: string): MeterValue {
  const serial = `SN-${id}`;
  return {
    mRID: id,
    serialNumber: serial,
    type: 'electricity-meter',
    configurationEvent: { createdDateTime: now, effectiveDateTime: now, reason: change === 'installed' ? 'installed in the field' : 'removed from the field' },
    lifecycle: { installationDate: installed ? dateOf(installed) : undefined, removalDate: change === 'removed' ? dateOf(now) : undefined },
    names: [{ name: serial, nameType: { name: 'SerialNumber' } }],
    status: { dateTime: now, value: change },
  };
}

/** tell the master-data subscriber of a meter installed or removed (nothing when none is registered) */
function publishMeterConfig(ctx: SimContext, meter: string, change: 'installed' | 'removed', installed: string | undefined, version: SoapVersion): void {
  const url = ctx.subscribers.masterData;
  if (!url) {
    ctx.log(`sim: meter ${meter} ${change}; no master-data subscriber to tell`);
    return;
  }
  // hes-meterconfig-not-published: the store changes, the subscriber is not told
  if (ctx.has('hes-meterconfig-not-published')) return;
  // hes-meterconfig-wrong-meter: the publication describes another meter of the head-end
  const named = ctx.has('hes-meterconfig-wrong-meter') ? ([...ctx.store.meters.keys()].find((k) => k !== meter) ?? `${meter}-0`) : meter;
  const now = nowTimestamp();
  const payload = { root: buildMeterConfig({ meters: [meterValue(named, change, installed, now)] }) };
  const past = change === 'installed' ? 'created' : 'deleted';
  // hes-meterconfig-present-tense: the request verb (CreateMeterConfig / DeleteMeterConfig) instead of the event
  const present = ctx.has('hes-meterconfig-present-tense');
  const message = (): Message => ({
    kind: present ? 'request' : 'event',
    header: ctx.header(present ? (past === 'created' ? 'create' : 'delete') : past, 'MeterConfig'),
    payload,
  });
  ctx.publish(url, message(), version);
  // hes-meterconfig-published-twice: the same change told again, in a message of its own
  if (ctx.has('hes-meterconfig-published-twice')) ctx.publish(url, message(), version);
}

/**
 * A meter installed in or removed from the field at the head-end. Installing a meter the head-end already has
 * (by mRID or as a usage point) is a conflict; removing one it does not have is unknown.
 */
export function fieldInstallation(ctx: SimContext, meter: string, event: InstallationEvent, version: SoapVersion): InstallationOutcome {
  const store = ctx.store;
  const known = store.meter(meter);
  if (event === 'meter-installed') {
    if (known) {
      return { ok: false, status: 409, error: known.mRID === meter ? `meter ${meter} is already installed` : `"${meter}" is the usage point of installed meter ${known.mRID}` };
    }
    const at = nowTimestamp();
    // the head-end does not know the usage point of a meter it has just seen appear (the link is the MDM's master
    // data, MD-01): the store records a placeholder, never the name of a real usage point
    store.meters.set(meter, { mRID: meter, usagePoint: `UP-${meter}`, powered: true });
    installations(store).set(meter, at);
    publishMeterConfig(ctx, meter, 'installed', at, version);
    return { ok: true };
  }
  if (!known || known.mRID !== meter) return { ok: false, status: 404, error: `meter ${meter} is not installed at the head-end` };
  const at = installations(store).get(meter);
  store.meters.delete(meter);
  installations(store).delete(meter);
  publishMeterConfig(ctx, meter, 'removed', at, version);
  return { ok: true };
}
