/**
 * Meter connect/disconnect at the head-end (EDC-06 step 3-4): the suite plays the MDM and sends
 * create(EndDeviceControls). The reply goes through the shared steps (schemas and message rules, including
 * COD-CONTROL-TYPE on the EndDeviceControls the head-end returns; header; Result).
 */
import { When } from '@cucumber/cucumber';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { controlsMessage, isControlCommand, CONTROL_COMMANDS } from '../src/usecases/end-device-controls.ts';

When('the MDM asks the head-end to {string} the meter', async function (this: Cim9World, command: string) {
  if (!isControlCommand(command)) throw new SuiteError(`unknown command "${command}" (known: ${Object.keys(CONTROL_COMMANDS).join(', ')})`);
  const header = this.requestHeader('create', 'EndDeviceControls');
  await this.send('HES', controlsMessage(header, this.meters, command), `create(EndDeviceControls) ${command}`);
});
