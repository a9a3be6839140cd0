/**
 * Meter connect/disconnect (EDC-06, use-cases.md §4.6, step 3): the MDM the suite plays sends
 * create(EndDeviceControls) to the head-end with one control per meter, of the Annex F code of the command
 * (codes.md: 3.31.0.23 remote disconnect, 3.31.0.18 remote connect). Built through src/payloads.
 */
import type { Header, Message } from '../message/index.ts';
import { newMessageId } from '../message/index.ts';
import { buildEndDeviceControls } from '../payloads/endDeviceControls.ts';

/** the commands of EDC-06 and their EndDeviceControlType codes (RCDSwitch domain 31) */
export const CONTROL_COMMANDS = { connect: '3.31.0.18', disconnect: '3.31.0.23' } as const;
export type ControlCommand = keyof typeof CONTROL_COMMANDS;

export function isControlCommand(s: string): s is ControlCommand {
  return Object.hasOwn(CONTROL_COMMANDS, s);
}

/** MDM → head-end: create(EndDeviceControls), one control per meter */
export function controlsMessage(header: Header, meters: { mRID: string }[], command: ControlCommand): Message {
  return {
    kind: 'request',
    header,
    payload: {
      root: buildEndDeviceControls({
        controls: meters.map((m) => ({ mRID: newMessageId(), reason: command, controlType: CONTROL_COMMANDS[command], endDevices: [{ mRID: m.mRID }] })),
      }),
    },
  };
}
