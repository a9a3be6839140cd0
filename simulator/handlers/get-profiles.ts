/**
 * The reference head-end answering the Get profiles of Q-01 beyond GetMeterReadings and GetEndDeviceEvents
 * (use-cases.md §10; features/get-profiles.feature): get(EndDeviceGroups) [GetEndDeviceGroups] from the groups it was
 * told with create(EndDeviceGroups) (./load-control.ts knownGroups). The filter is honoured: the groups named in
 * EndDeviceGroup (by mRID or name), and / or the groups that have a device named in EndDevice as a member; no filter:
 * every group. A filter that matches nothing is answered OK with no group (UC-34 allows it). The faults are
 * simulator/faults/get-profiles.ts.
 */
import type { Handler } from '../context.ts';
import { buildEndDeviceGroups, readGetEndDeviceGroups, type EndDeviceGroupValue } from '../../src/payloads/endDeviceGroups.ts';
import { knownGroups } from './load-control.ts';

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
