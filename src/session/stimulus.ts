/**
 * Stimuli: what only the field can cause (a meter losing or regaining power; an installer putting a meter in or
 * taking it out, meter-installed / meter-removed with the profile's data.spareMeter), and the upper-tester orders
 * that make a client SUT send a request (cis-read-request, oms-ping: the contract of src/usecases/stimuli.ts). The
 * profile says how the suite causes it: the embedded simulator's control endpoint, an HTTP call to a lab controller
 * or upper tester, a shell command, or manual (not possible in a headless run: the scenario is skipped and says why).
 */
import { execFile } from 'node:child_process';
import type { Cim9World } from './world.ts';
import { SuiteError } from './verdict.ts';
import { CONTROL_PATHS, readClientReport, readSwitchReport, stimulusBody, type AnyStimulusEvent, type ClientReport, type StimulusBody, type StimulusEvent, type StimulusTarget, type SwitchReport } from '../usecases/stimuli.ts';

// the stimuli are part of the reference SUT's control interface (src/usecases/stimuli.ts), which the simulator shares
export { STIMULUS_EVENTS, CLIENT_STIMULUS_EVENTS, type StimulusEvent, type ClientStimulusEvent } from '../usecases/stimuli.ts';

/** quote a value for a POSIX shell */
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * the shell command of a stimulus (stimulus.kind command): the template with {event}, {meter}, {meters}
 * (comma-separated), {readingType}, {readingTypes} (comma-separated), {reason}, {periodSeconds}, {noun}, {start}, {end}, {firmwareID}, {firmwareOutcome}, {supplier}, {account} and {role} replaced, each shell-quoted (a meter id is the profile's, but never
 * trusted to be shell-safe), and the same values plus the whole JSON body for the environment
 */
export function stimulusCommand(template: string, body: StimulusBody): { cmd: string; env: Record<string, string> } {
  const meters = (body.meters ?? [body.meter]).join(',');
  const cmd = template
    .replaceAll('{event}', shq(body.event))
    .replaceAll('{meters}', shq(meters))
    .replaceAll('{meter}', shq(body.meter))
    .replaceAll('{readingTypes}', shq((body.readingTypes ?? []).join(',')))
    .replaceAll('{readingType}', shq(body.readingType ?? ''))
    .replaceAll('{reason}', shq(body.reason ?? ''))
    .replaceAll('{periodSeconds}', shq(body.periodSeconds !== undefined ? String(body.periodSeconds) : ''))
    .replaceAll('{firmwareID}', shq(body.firmwareID ?? ''))
    .replaceAll('{firmwareOutcome}', shq(body.firmwareOutcome ?? ''))
    .replaceAll('{noun}', shq(body.noun ?? ''))
    .replaceAll('{start}', shq(body.start ?? ''))
    .replaceAll('{end}', shq(body.end ?? ''))
    .replaceAll('{count}', shq(body.count !== undefined ? String(body.count) : ''))
    .replaceAll('{rate}', shq(body.rate !== undefined ? String(body.rate) : ''))
    .replaceAll('{command}', shq(body.command ?? ''))
    .replaceAll('{supplier}', shq(body.supplier ?? ''))
    .replaceAll('{account}', shq(body.account ?? ''))
    .replaceAll('{role}', shq(body.role));
  return {
    cmd,
    env: {
      CIM9_EVENT: body.event,
      CIM9_METER: body.meter,
      CIM9_METERS: meters,
      CIM9_READING_TYPE: body.readingType ?? '',
      CIM9_READING_TYPES: (body.readingTypes ?? []).join(','),
      CIM9_REASON: body.reason ?? '',
      CIM9_PERIOD_SECONDS: body.periodSeconds !== undefined ? String(body.periodSeconds) : '',
      CIM9_FIRMWARE_ID: body.firmwareID ?? '',
      CIM9_FIRMWARE_OUTCOME: body.firmwareOutcome ?? '',
      CIM9_NOUN: body.noun ?? '',
      CIM9_START: body.start ?? '',
      CIM9_END: body.end ?? '',
      CIM9_COMMAND: body.command ?? '',
      CIM9_SUPPLIER: body.supplier ?? '',
      CIM9_ACCOUNT: body.account ?? '',
      CIM9_ROLE: body.role,
      CIM9_COUNT: body.count !== undefined ? String(body.count) : '',
      CIM9_RATE: body.rate !== undefined ? String(body.rate) : '',
      CIM9_STIMULUS: JSON.stringify(body),
    },
  };
}

/**
 * a field stimulus at one meter (role HES); meter-change-out names two, [old, new]; `more`: what else it names
 * (firmware-upgrade: the firmware and its outcome)
 */
export async function fireStimulus(w: Cim9World, event: StimulusEvent, meter: string | readonly [string, string], more: Omit<StimulusTarget, 'meters'> = {}): Promise<'skipped' | void> {
  return (await fireAny(w, event, { ...more, meters: typeof meter === 'string' ? [meter] : [...meter] })) === 'skipped' ? 'skipped' : undefined;
}

/** an upper-tester order to a client SUT (role CIS or OMS): make it send its request */
export async function orderClient(w: Cim9World, event: Exclude<AnyStimulusEvent, StimulusEvent | 'cis-report-readings' | 'cis-report-switch'>, target: StimulusTarget): Promise<'skipped' | void> {
  if (!target.meters.length) throw new SuiteError(`stimulus ${event} names no meter`);
  return (await fireAny(w, event, target)) === 'skipped' ? 'skipped' : undefined;
}

/**
 * ask the upper tester of a CIS what the CIS holds from the answer to its last request (cis-report-readings): the
 * ClientReport of the 2xx body (http, simulator) or of the command's standard output. A report that cannot be read is a
 * fault of the set-up (SuiteError), never a finding against the SUT.
 */
export async function reportOfClient(w: Cim9World, target: StimulusTarget): Promise<'skipped' | ClientReport> {
  const out = await fireAny(w, 'cis-report-readings', target);
  if (out === 'skipped') return out;
  let raw: unknown;
  try {
    raw = JSON.parse(out ?? '');
  } catch {
    throw new SuiteError(`the upper tester's report (cis-report-readings) is not JSON: ${JSON.stringify((out ?? '').slice(0, 200))}`);
  }
  const r = readClientReport(raw);
  if (!r.ok) throw new SuiteError(`the upper tester's report (cis-report-readings) cannot be read: ${r.error}`);
  w.attach(JSON.stringify(r.report, null, 2), { mediaType: 'application/json', fileName: 'the CIS report (upper tester).json' });
  return r.report;
}

/**
 * ask the upper tester of a CIS the switch state it holds for meters (cis-report-switch): the SwitchReport of the 2xx
 * body (http, simulator) or of the command's standard output. A report that cannot be read is a fault of the set-up.
 */
export async function switchReportOfClient(w: Cim9World, target: StimulusTarget): Promise<'skipped' | SwitchReport> {
  const out = await fireAny(w, 'cis-report-switch', target);
  if (out === 'skipped') return out;
  let raw: unknown;
  try {
    raw = JSON.parse(out ?? '');
  } catch {
    throw new SuiteError(`the upper tester's report (cis-report-switch) is not JSON: ${JSON.stringify((out ?? '').slice(0, 200))}`);
  }
  const r = readSwitchReport(raw);
  if (!r.ok) throw new SuiteError(`the upper tester's report (cis-report-switch) cannot be read: ${r.error}`);
  w.attach(JSON.stringify(r.report, null, 2), { mediaType: 'application/json', fileName: 'the CIS switch report (upper tester).json' });
  return r.report;
}

/** carry out a stimulus; the answer's body (http, simulator) or the command's standard output, for a report */
async function fireAny(w: Cim9World, event: AnyStimulusEvent, target: StimulusTarget): Promise<'skipped' | string | undefined> {
  const s = w.profile.stimulus;
  const payload = stimulusBody(event, target, w.profile.sut.soapVersion);
  const body = JSON.stringify(payload);
  w.attach(body, { mediaType: 'application/json', fileName: `stimulus ${event}.json` });
  if (s.kind === 'manual') {
    w.attach(`Stimulus "${event}" at meter(s) ${target.meters.join(', ')} needs a person (stimulus.kind: manual); skipped in this run.`, { mediaType: 'text/plain', fileName: 'skipped.txt' });
    return 'skipped';
  }
  if (s.kind === 'command') {
    if (!s.command) throw new SuiteError('stimulus.kind is command but stimulus.command is empty');
    const { cmd, env: vars } = stimulusCommand(s.command, payload);
    const env = { ...process.env, ...vars };
    return new Promise<string>((resolve, reject) => {
      execFile('/bin/sh', ['-c', cmd], { timeout: 60_000, env, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) =>
        err ? reject(new SuiteError(`stimulus command failed (${err.message.trim()}): ${stderr.slice(0, 500)}`)) : resolve(stdout),
      );
    });
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
  const text = await res.text();
  if (text.length > 1024 * 1024) throw new SuiteError(`stimulus ${event} at ${url} answered more than 1 MiB`);
  return text;
}
