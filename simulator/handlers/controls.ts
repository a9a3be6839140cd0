/**
 * EndDeviceControls at the head-end (EDC-06, use-cases.md §4.6 step 3-4): create(EndDeviceControls) from the MDM
 * switches the meters it names (3.31.0.23 remote disconnect, 3.31.0.18 remote connect) and the head-end replies
 * OK with the controls it accepted (their mRIDs, types and meters). An unknown meter is FAILED 2.4; no control is
 * FAILED 1.7; a control type that is not one of the two commands is FAILED 5.2 (not attempted).
 */
import type { Message, ParsedMessage } from '../../src/message/index.ts';
import { buildEndDeviceControls, readEndDeviceControls } from '../../src/payloads/endDeviceControls.ts';
import type { Handler, SimContext } from '../context.ts';
import { returnedControlType } from '../faults/controls.ts';

const DISCONNECT = '3.31.0.23';
const CONNECT = '3.31.0.18';

export const controlsHandler: Handler = {
  name: 'create(EndDeviceControls) at the head-end',
  matches: (role, noun, verb) => role === 'HES' && noun === 'EndDeviceControls' && verb === 'create',
  handle(req: ParsedMessage, ctx: SimContext): Message {
    const controls = req.payload?.root ? readEndDeviceControls(req.payload.root) : [];
    if (!controls.length) return ctx.failed(req, 'EndDeviceControls', '1.7', 'the request carries no EndDeviceControl');
    const meters = controls.flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID ?? ''));
    const unknown = meters.filter((m) => !ctx.store.meter(m));
    if (!meters.length || unknown.length) return ctx.failed(req, 'EndDeviceControls', '2.4', `unknown meter ${unknown.length ? unknown.join(', ') : '(none named)'}`);
    const unsupported = controls.filter((c) => c.controlType !== DISCONNECT && c.controlType !== CONNECT);
    if (unsupported.length) return ctx.failed(req, 'EndDeviceControls', '5.2', `control type ${unsupported.map((c) => c.controlType || '(none)').join(', ')} is not supported by the head-end`);
    for (const c of controls) for (const d of c.endDevices ?? []) ctx.store.meter(d.mRID!)!.powered = c.controlType === CONNECT;
    const accepted = buildEndDeviceControls({
      controls: controls.map((c) => ({ mRID: c.mRID, reason: c.reason, controlType: returnedControlType(c.controlType, ctx.has), endDevices: (c.endDevices ?? []).map((d) => ({ mRID: d.mRID })) })),
    });
    return ctx.response(req, 'EndDeviceControls', 'OK', [], { root: accepted });
  },
};
