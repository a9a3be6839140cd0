/**
 * MSE-01 with the MDM as receiver of the configuration change (use-cases.md §6.1): the reference MDM takes
 * changed(MeterConfig | EndDeviceConfig) its head-end tells it (the new firmwareID of a meter on a function) as it takes
 * change(<noun>) from its CIS (./masterdata.ts: the same store, the same answer and publication), so that a later
 * get(<noun>) shows the new firmware. Fault mdm-firmware-config-not-kept (../faults/mdm-events.ts): acknowledged, not applied.
 */
import type { Message, ParsedMessage, SoapVersion } from '../../src/message/index.ts';
import type { Handler, SimContext, SimRole } from '../context.ts';
import { masterDataHandler } from './masterdata.ts';

export const mdmConfigChangedHandler: Handler = {
  name: 'changed(MeterConfig | EndDeviceConfig) from the head-end at the MDM',
  matches: (role, noun, verb) => role === 'MDM' && verb === 'changed' && (noun === 'MeterConfig' || noun === 'EndDeviceConfig'),
  handle(req: ParsedMessage, ctx: SimContext, version: SoapVersion, role: SimRole): Message | Promise<Message> {
    const noun = req.header!.noun;
    if (ctx.has('mdm-firmware-config-not-kept')) return ctx.response(req, noun, 'OK', []);
    return masterDataHandler.handle({ ...req, header: { ...req.header!, verb: 'change' } }, ctx, version, role);
  },
};
