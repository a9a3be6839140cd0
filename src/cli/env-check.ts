import { statSync } from 'node:fs';

/**
 * The environment variables a user sets for `cim9 run` (README), read before anything starts: a value that is not
 * one of them is bad input, one line naming the variable and what it takes (exit 2), never a silent default.
 * An empty value counts as unset.
 */
export function runEnvProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const workers = set('CIM9_WORKERS');
  if (workers !== undefined && !(/^\d{1,2}$/.test(workers) && Number(workers) >= 1 && Number(workers) <= 16))
    return `CIM9_WORKERS=${JSON.stringify(workers)}: the default number of Cucumber workers against the embedded reference SUT is a whole number from 1 to 16`;
  const bodies = set('CIM9_BODIES_MAX_MB');
  if (bodies !== undefined && !(/^\d+(\.\d+)?$/.test(bodies) && Number.isFinite(Number(bodies))))
    return `CIM9_BODIES_MAX_MB=${JSON.stringify(bodies)}: the most MiB of message bodies a run stores under bodies/ is a number, 0 or more (default 512)`;
  const pdf = set('CIM9_PDF');
  if (pdf !== undefined && pdf !== '0' && pdf !== '1') return `CIM9_PDF=${JSON.stringify(pdf)}: 0 (no conformance.pdf, as --no-pdf) or 1 (the default: print it when Chromium is there)`;
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
