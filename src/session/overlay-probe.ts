/**
 * The utility overlay's ReadingTypes asked for (src/profile/overlay.ts `requirements:` with `readingType`): at the end
 * of the run, once per run (the first Cucumber process to get here; a file under <run>/.scenarios/ says it is done),
 * the suite asks the SUT, in each role it plays that answers get(MeterReadings) (MDM, HES), for one register read of
 * the first meter of data.meters per required ReadingType. It judges nothing: the requests and replies go to the
 * run's message log with the scenario "(utility overlay)", where src/report/overlay-requirements.ts judges every
 * overlay requirement from the messages. A SUT that cannot be reached here leaves its ReadingTypes "not checked".
 */
import { openSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadOverlay } from '../profile/overlay.ts';
import { getMeterReadingsMessage } from '../usecases/requests.ts';
import { interruptedBy } from './interrupt.ts';
import { Cim9World } from './world.ts';
import type { Role } from './run.ts';

export const OVERLAY_PROBE_SCENARIO = '(utility overlay) the ReadingTypes the overlay requires';

/** the roles of the SUT the suite asks for readings */
const READ_ROLES: readonly Role[] = ['MDM', 'HES'];

/** whether this process is the one to ask (the first to create the marker file) */
function first(reportsDir: string): boolean {
  try {
    mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });
    closeSync(openSync(join(reportsDir, '.scenarios', 'overlay-probe'), 'wx'));
    return true;
  } catch {
    return false;
  }
}

export async function askOverlayReadingTypes(): Promise<void> {
  const file = process.env['CIM9_OVERLAY'];
  const reportsDir = process.env['CIM9_REPORTS'];
  if (!file || !reportsDir || interruptedBy()) return;
  const w = new Cim9World({ attach: (async () => {}) as never, log: (() => {}) as never, link: (() => {}) as never, parameters: {} });
  w.scenarioName = OVERLAY_PROBE_SCENARIO;
  try {
    await w.init();
  } catch {
    return; // the run could not be set up: its scenarios say so
  }
  const overlay = loadOverlay(file, w.profile);
  const readingTypes = overlay.requirements.flatMap((r) => (r.readingType ? [r.readingType] : []));
  const roles = READ_ROLES.filter((r) => (w.profile.sut.roles as readonly string[]).includes(r));
  const meter = w.profile.data.meters[0]?.mRID;
  if (!readingTypes.length || !roles.length || !meter || !first(reportsDir)) return;
  for (const role of roles) {
    for (const rt of [...new Set(readingTypes)]) {
      try {
        await w.send(role, getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), [meter], [rt]), `utility overlay: get(MeterReadings) ${rt} of meter ${meter} (${role})`);
      } catch {
        // unreachable, or a reply in another generation: nothing delivered, the requirement says what was seen
      }
    }
  }
  // a request the SUT sent a peer of the suite meanwhile (an MDM relaying the read to its head-end) is taken here
  w.checkPeerRequests();
}
