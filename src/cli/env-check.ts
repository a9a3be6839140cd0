import { statSync } from 'node:fs';
import { findChromium } from '../report/browser.ts';

/**
 * The environment variables a user sets for `cim9 run` (README), read before anything starts: a value that is not
 * one of them is bad input, one line naming the variable and what it takes (exit 2), never a silent default.
 * An empty value counts as unset.
 */
export function runEnvProblem(env: NodeJS.ProcessEnv = process.env, o: { pdf?: boolean } = {}): string | undefined {
  const set = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const workers = set('CIM9_WORKERS');
  if (workers !== undefined && !(/^\d{1,2}$/.test(workers) && Number(workers) >= 1 && Number(workers) <= 16))
    return `CIM9_WORKERS=${JSON.stringify(workers)}: the default number of Cucumber workers against the embedded reference SUT is a whole number from 1 to 16`;
  const bodies = set('CIM9_BODIES_MAX_MB');
  if (bodies !== undefined && !(/^\d+(\.\d+)?$/.test(bodies) && Number.isFinite(Number(bodies))))
    return `CIM9_BODIES_MAX_MB=${JSON.stringify(bodies)}: the most MiB of message bodies a run stores under bodies/ is a number, 0 or more (default 512)`;
  const pdf = set('CIM9_PDF');
  if (pdf !== undefined && pdf !== '0' && pdf !== '1') return `CIM9_PDF=${JSON.stringify(pdf)}: 0 (no conformance.pdf, as --no-pdf) or 1 (the default: print it when Chromium is there)`;
  // a Chromium named by the user that is not there: without CIM9_CHROMIUM a missing Chromium is one line and the run
  // goes on (README), but a path the user gave is a typo to fix, not a PDF to drop silently
  const chromium = set('CIM9_CHROMIUM');
  if (o.pdf && pdf !== '0' && chromium !== undefined && !findChromium(env))
    return `CIM9_CHROMIUM=${JSON.stringify(chromium)}: no executable there (the Chromium that prints conformance.pdf); --no-pdf or CIM9_PDF=0 leaves the PDF out`;
  const home = set('CIM9_HOME');
  if (home !== undefined) {
    let isFolder = true;
    try {
      isFolder = statSync(home).isDirectory();
    } catch {
      // not there yet: made on first use
    }
    if (!isFolder) return `CIM9_HOME=${JSON.stringify(home)}: not a folder (where cim9 keeps its lab evidence key, schema cache and scenario times; made when missing)`;
  }
  return undefined;
}
