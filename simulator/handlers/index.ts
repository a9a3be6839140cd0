/**
 * The handlers of the reference SUT, tried in order; the first that matches (role, noun, verb) answers.
 * A use case adds its handler here.
 */
import type { Handler } from '../context.ts';
import { readingsHandler } from './readings.ts';
import { eventsHandler } from './events.ts';
import { eumedHandler } from './eumed.ts';

import { masterDataHandler } from './masterdata.ts';
import { controlsHandler } from './controls.ts';
import { deviceEventsHandler } from './device-events.ts';
import { loadControlHandler } from './load-control.ts';
import { clientHandler } from './client-requests.ts';
import { customerProgramsHandler } from './customer-programs.ts';
import { manualReadsHandler } from './manual-reads.ts';
import { readSchedulesHandler } from './read-schedules.ts';
import { lcuInstallHandler } from './lcu-install.ts';

export const HANDLERS: Handler[] = [clientHandler, readingsHandler, eventsHandler, eumedHandler, customerProgramsHandler, lcuInstallHandler, masterDataHandler, loadControlHandler, controlsHandler, deviceEventsHandler, manualReadsHandler, readSchedulesHandler];
