/**
 * Stimuli: what only the field can cause (a meter losing or regaining power; an installer putting a meter in or
 * taking it out, meter-installed / meter-removed with the profile's data.spareMeter). The profile says how the
 * suite causes it: the embedded simulator's control endpoint, an HTTP call to a lab controller, a shell
 * command, or manual (not possible in a headless run: the scenario is skipped and says why).
 */
import { execFile } from 'node:child_process';
import type { Cim9World } from './world.ts';
import { SuiteError } from './verdict.ts';
import { CONTROL_PATHS, type StimulusEvent } from '../usecases/stimuli.ts';

// the stimuli are part of the reference SUT's control interface (src/usecases/stimuli.ts), which the simulator shares
export { STIMULUS_EVENTS, type StimulusEvent } from '../usecases/stimuli.ts';

/** quote a value for a POSIX shell */
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function fireStimulus(w: Cim9World, event: StimulusEvent, meter: string): Promise<'skipped' | void> {
  const s = w.profile.stimulus;
  const body = JSON.stringify({ role: 'HES', event, meter, soapVersion: w.profile.sut.soapVersion });
  w.attach(body, { mediaType: 'application/json', fileName: `stimulus ${event}.json` });
  if (s.kind === 'manual') {
    w.attach(`Stimulus "${event}" at meter ${meter} needs a person in the field (stimulus.kind: manual); skipped in this run.`, { mediaType: 'text/plain', fileName: 'skipped.txt' });
    return 'skipped';
  }
  if (s.kind === 'command') {
    if (!s.command) throw new SuiteError('stimulus.kind is command but stimulus.command is empty');
    const cmd = s.command.replaceAll('{event}', shq(event)).replaceAll('{meter}', shq(meter));
    await new Promise<void>((resolve, reject) => {
      execFile('/bin/sh', ['-c', cmd], { timeout: 60_000, env: { ...process.env, CIM9_EVENT: event, CIM9_METER: meter } }, (err, _o, stderr) =>
        err ? reject(new SuiteError(`stimulus command failed (${err.message.trim()}): ${stderr.slice(0, 500)}`)) : resolve(),
      );
    });
    return;
  }
  const url = s.kind === 'simulator' ? `${w.run.simulator?.url ?? ''}${CONTROL_PATHS.stimulus}` : s.url;
  if (!url || (s.kind === 'simulator' && !w.run.simulator)) throw new SuiteError(`stimulus.kind ${s.kind} needs ${s.kind === 'simulator' ? 'the embedded simulator' : 'stimulus.url'}`);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new SuiteError(`stimulus ${event} at ${url} failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new SuiteError(`stimulus ${event} at ${url} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
}
