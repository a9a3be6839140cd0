/**
 * The handlers of the reference SUT, tried in order; the first that matches (role, noun, verb) answers.
 * A use case adds its handler here. The change-out joins (./change-out.ts) wrap the MDM's events, readings and
 * master-data handlers. The MDM passes controls of its CIS / DRMS on to its head-end and tells its CIS the
 * completion of a switch it passed on when the head-end tells it the switch event (./relayed-controls.ts), and opens the
 * pairing window at its head-end for a PAN device its CIS created (./pan-relay.ts).
 * Customer switching (./switching.ts) wraps the change of customer program (./customer-programs.ts); the head-end's
 * credit updates (./prepayment.ts withCreditUpdates, PM-03) come before both.
 */
import type { Handler } from '../context.ts';
import { readingsHandler } from './readings.ts';
import { eventsHandler } from './events.ts';
import { eumedHandler } from './eumed.ts';

import { masterDataHandler } from './masterdata.ts';
import { withPairingResults, withPairingWindow } from './pan-relay.ts';
import { mdmConfigChangedHandler } from './mdm-firmware.ts';
import { controlsHandler } from './controls.ts';
import { deviceEventsHandler } from './device-events.ts';
import { mdmEventsHandler } from './mdm-events.ts';
import { loadControlHandler } from './load-control.ts';
import { cisAsyncResultHandler, cisSwitchResultHandler, clientHandler } from './client-requests.ts';
import { switchingHandler } from './switching.ts';
import { manualReadsHandler } from './manual-reads.ts';
import { readSchedulesHandler } from './read-schedules.ts';
import { lcuInstallHandler } from './lcu-install.ts';
import { withChangeOut } from './change-out.ts';
import { meterServiceCompletionHandler, meterServiceHandler } from './meter-service.ts';
import { cisMeterServiceCompletionHandler } from './cis-meter-service.ts';
import { relayedCancelHandler, relayedCanceledHandler, relayedControlsHandler, relayedGroupsHandler, relayedServiceRequestsHandler, withControlCompletion, withSwitchRead } from './relayed-controls.ts';
import { prepaymentHandler, withCreditUpdates } from './prepayment.ts';
import { getCancelHandler } from './historical-paging.ts';
import { relayPagesHandler } from './relay-history.ts';
import { getControlsHandler, getProfilesHandler, getSchedulesHandler, usagePointGroupsHandler } from './get-profiles.ts';

export const HANDLERS: Handler[] = [clientHandler, cisAsyncResultHandler, cisSwitchResultHandler, readingsHandler, withPairingResults(withControlCompletion(withChangeOut(eventsHandler))), eumedHandler, withCreditUpdates(switchingHandler), lcuInstallHandler, withPairingWindow(withChangeOut(masterDataHandler)), mdmConfigChangedHandler, loadControlHandler, controlsHandler, deviceEventsHandler, mdmEventsHandler, withSwitchRead(withChangeOut(manualReadsHandler)), readSchedulesHandler, meterServiceHandler, meterServiceCompletionHandler, cisMeterServiceCompletionHandler, relayedControlsHandler, relayedServiceRequestsHandler, relayedCancelHandler, relayedCanceledHandler, relayedGroupsHandler, prepaymentHandler, getCancelHandler, relayPagesHandler, getProfilesHandler, getControlsHandler, getSchedulesHandler, usagePointGroupsHandler];
