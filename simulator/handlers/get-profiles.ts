/**
 * The reference head-end answering the Get profiles of Q-01 beyond GetMeterReadings and GetEndDeviceEvents
 * (use-cases.md §10; features/get-profiles.feature): get(EndDeviceGroups) [GetEndDeviceGroups] from the groups it was
 * told with create(EndDeviceGroups) (./load-control.ts knownGroups); get(EndDeviceControls) [GetEndDeviceControls] from
 * the load-control events still running (./load-control.ts runningControls), by EndDeviceControl mRID or
 * issuerTrackingID, EndDevice and EndDeviceControlType; get(MeterReadSchedules) [GetMeterReadSchedules, 2024] from the
 * schedules still running (./read-schedules.ts runningSchedules): the devices asked that a schedule reads, with the
 * ReadingTypes they are read for (one MeterReadSchedules root holds them). The filter is honoured: the groups named in
 * EndDeviceGroup (by mRID or name), and / or the groups that have a device named in EndDevice as a member; no filter:
 * every group. A filter that matches nothing is answered OK with no group (UC-34 allows it). The faults are
 * simulator/faults/get-profiles.ts.
 */
import type { Handler } from '../context.ts';
import type { Store } from '../store.ts';
import { buildUsagePointGroups, readGetUsagePointGroups, readUsagePointGroups } from '../../src/payloads/usagePointGroups.ts';
import { buildEndDeviceGroups, readGetEndDeviceGroups, type EndDeviceGroupValue } from '../../src/payloads/endDeviceGroups.ts';
import { knownGroups, runningControls } from './load-control.ts';
import { runningSchedules } from './read-schedules.ts';
import { buildMeterReadSchedule, readGetMeterReadSchedules } from '../../src/payloads/meterReadSchedules.ts';
import { buildEndDeviceControls, readGetEndDeviceControls, type EndDeviceControlValue } from '../../src/payloads/endDeviceControls.ts';

export const getProfilesHandler: Handler = {
  name: 'get(EndDeviceGroups)',
  matches: (role, noun, verb) => role === 'HES' && noun === 'EndDeviceGroups' && verb === 'get',
  handle(req, ctx) {
    const q = req.request?.query ? readGetEndDeviceGroups(req.request.query) : { endDevices: [], endDeviceGroups: [] };
    const ids = (v: { mRID?: string; names?: { name: string }[] }) => [v.mRID, ...(v.names ?? []).map((n) => n.name)].filter((x): x is string => !!x);
    const wantedGroups = q.endDeviceGroups.flatMap(ids);
    const wantedDevices = q.endDevices.flatMap(ids).map((d) => ctx.store.meter(d)?.mRID ?? d);
    const all = [...knownGroups(ctx.store).entries()];
    // get-groups-filter-ignored: every group, whatever the filter
    const chosen = ctx.has('get-groups-filter-ignored')
      ? all
      : all.filter(([mRID, members]) => (!wantedGroups.length || wantedGroups.includes(mRID)) && (!wantedDevices.length || members.some((m) => wantedDevices.includes(m))) && !(ctx.has('get-groups-by-device-ignored') && wantedDevices.length));
    const groups: EndDeviceGroupValue[] = chosen.map(([mRID, members]) => ({
      mRID,
      // get-groups-member-dropped: the last member of each group is left out
      endDevices: (ctx.has('get-groups-member-dropped') ? members.slice(0, -1) : members).map((m) => ({ mRID: m })),
    }));
    return ctx.response(req, 'EndDeviceGroups', 'OK', [], groups.length ? { root: buildEndDeviceGroups(groups) } : undefined);
  },
};

export const getControlsHandler: Handler = {
  name: 'get(EndDeviceControls)',
  matches: (role, noun, verb) => role === 'HES' && noun === 'EndDeviceControls' && verb === 'get',
  handle(req, ctx) {
    const q = req.request?.query ? readGetEndDeviceControls(req.request.query) : { endDevices: [], controls: [], controlTypes: [] };
    const devices = q.endDevices.map((d) => ctx.store.meter(d)?.mRID ?? d);
    const all = runningControls(ctx.store);
    // get-controls-filter-ignored: every running control, whatever the filter
    const chosen = ctx.has('get-controls-filter-ignored')
      ? all
      : all.filter(
          (r) =>
            (!q.controls.length || q.controls.some((c) => (c.mRID && c.mRID === r.mRID) || (c.issuerTrackingID && c.issuerTrackingID === r.issuerTrackingID))) &&
            (!devices.length || r.devices.some((d) => devices.includes(d))) &&
            (!q.controlTypes.length || q.controlTypes.includes(r.controlType)),
        );
    const controls: EndDeviceControlValue[] = chosen.map((r) => ({
      mRID: r.mRID,
      issuerTrackingID: r.issuerTrackingID,
      controlType: r.controlType,
      // get-controls-device-dropped: the control comes back without its devices
      ...(ctx.has('get-controls-device-dropped') ? {} : { endDevices: r.devices.map((d) => ({ mRID: d })) }),
    }));
    return ctx.response(req, 'EndDeviceControls', 'OK', [], controls.length ? { root: buildEndDeviceControls({ controls }) } : undefined);
  },
};

export const getSchedulesHandler: Handler = {
  name: 'get(MeterReadSchedules)',
  matches: (role, noun, verb) => role === 'HES' && noun === 'MeterReadSchedules' && verb === 'get',
  handle(req, ctx) {
    const q = req.request?.query ? readGetMeterReadSchedules(req.request.query) : { endDevices: [], readingTypes: [] };
    const devices = q.endDevices.map((d) => ctx.store.meter(d)?.mRID ?? d);
    const running = runningSchedules(ctx.store);
    // get-schedules-filter-ignored: every running schedule, whatever the EndDevice of the filter
    const ignore = ctx.has('get-schedules-filter-ignored');
    const chosen = running.filter((r) => ignore || ((!devices.length || r.meters.some((m) => devices.includes(m))) && (!q.readingTypes.length || r.readingTypes.some((t) => q.readingTypes.includes(t)))));
    const meters = [...new Set(chosen.flatMap((r) => r.meters).filter((m) => ignore || !devices.length || devices.includes(m)))];
    // get-schedules-reading-type-dropped: the schedule comes back without the ReadingTypes it reads
    const readingTypes = ctx.has('get-schedules-reading-type-dropped') ? [] : [...new Set(chosen.flatMap((r) => r.readingTypes))];
    if (!meters.length) return ctx.response(req, 'MeterReadSchedules', 'OK', []);
    return ctx.response(req, 'MeterReadSchedules', 'OK', [], { root: buildMeterReadSchedule({ endDevices: meters.map((mRID) => ({ mRID })), readingTypes: readingTypes.map((mRID) => ({ mRID })) }, '2024') });
  },
};

/** the UsagePointGroups the MDM was told: mRID → usage points */
const upGroups = new WeakMap<Store, Map<string, string[]>>();
function upGroupsOf(store: Store): Map<string, string[]> {
  let m = upGroups.get(store);
  if (!m) upGroups.set(store, (m = new Map()));
  return m;
}

export const usagePointGroupsHandler: Handler = {
  name: 'create / get(UsagePointGroups) at the MDM',
  matches: (role, noun, verb) => role === 'MDM' && noun === 'UsagePointGroups' && (verb === 'create' || verb === 'get'),
  handle(req, ctx) {
    const known = upGroupsOf(ctx.store);
    const isUsagePoint = (id: string) => [...ctx.store.meters.values()].some((m) => m.usagePoint === id);
    if (req.header?.verb === 'create') {
      const groups = req.payload?.root ? readUsagePointGroups(req.payload.root) : [];
      if (!groups.length || groups.some((g) => !g.mRID)) return ctx.failed(req, 'UsagePointGroups', '1.7', 'the request carries no UsagePointGroup with an mRID');
      const unknown = groups.flatMap((g) => (g.usagePoints ?? []).map((u) => u.mRID ?? '')).filter((u) => !isUsagePoint(u));
      if (unknown.length) return ctx.failed(req, 'UsagePointGroups', '2.12', `unknown usage point ${unknown.join(', ')}`);
      for (const g of groups) known.set(g.mRID!, (g.usagePoints ?? []).map((u) => u.mRID!));
      return ctx.response(req, 'UsagePointGroups', 'OK', []);
    }
    const q = req.request?.query ? readGetUsagePointGroups(req.request.query) : { usagePoints: [], usagePointGroups: [] };
    const ids = (v: { mRID?: string; names?: { name: string }[] }) => [v.mRID, ...(v.names ?? []).map((n) => n.name)].filter((x): x is string => !!x);
    const wantedGroups = q.usagePointGroups.flatMap(ids);
    const wantedPoints = q.usagePoints.flatMap(ids);
    // get-up-groups-filter-ignored: every group, whatever the filter
    const chosen = [...known.entries()].filter(([mRID, members]) => ctx.has('get-up-groups-filter-ignored') || ((!wantedGroups.length || wantedGroups.includes(mRID)) && (!wantedPoints.length || members.some((m) => wantedPoints.includes(m)))));
    // get-up-groups-member-dropped: the last usage point of each group is left out
    const groups = chosen.map(([mRID, members]) => ({ mRID, usagePoints: (ctx.has('get-up-groups-member-dropped') ? members.slice(0, -1) : members).map((m) => ({ mRID: m })) }));
    return ctx.response(req, 'UsagePointGroups', 'OK', [], groups.length ? { root: buildUsagePointGroups(groups) } : undefined);
  },
};
