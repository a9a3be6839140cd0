/**
 * Per-run reports: each `cim9 run` writes its own folder `reports/<run id>/` (a sortable UTC timestamp and a short
 * random suffix), and `reports/latest` points at the last run that finished: a relative symlink, or, where symlinks
 * cannot be made (Windows without the privilege), a file holding the run id. A run never removes or rewrites
 * another run's folder; `--reports DIR` writes into DIR as given instead. Old runs go only when the user asks
 * (`cim9 prune --keep N`): a run's reports may be evidence, never removed behind the user's back.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LATEST = 'latest';

/** e.g. 20261204T025107Z-3f9a: sorts by start time, unique between runs started in the same second */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** the run ids are folder names: a path separator or ".." is no run id (a `latest` file someone edited) */
function isRunId(s: string): boolean {
  return /^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(s) && !s.includes('..');
}

/** make `root/latest` point at `root/<runId>` (replacing what pointed elsewhere, atomically where it can) */
export function pointLatest(root: string, runId: string): void {
  const link = join(root, LATEST);
  const tmp = join(root, `.${LATEST}-${runId}`);
  rmSync(tmp, { force: true });
  try {
    symlinkSync(runId, tmp, 'dir');
  } catch {
    writeFileSync(tmp, runId + '\n');
  }
  try {
    renameSync(tmp, link);
  } catch {
    // a `latest` left as a folder by hand: replace it
    rmSync(link, { recursive: true, force: true });
    renameSync(tmp, link);
  }
}

/**
 * The folder of the last run under `root`: root/latest (symlink or file), else root itself when it holds a run's
 * reports (a folder given with --reports, or reports written before runs had folders). undefined: no run.
 */
export function latestRun(root: string): string | undefined {
  const dir = resolve(root);
  const link = join(dir, LATEST);
  let st;
  try {
    st = lstatSync(link);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink() || st?.isDirectory()) return existsSync(link) ? link : undefined;
  if (st?.isFile()) {
    const id = readFileSync(link, 'utf8').trim();
    return isRunId(id) && existsSync(join(dir, id)) ? join(dir, id) : undefined;
  }
  return existsSync(join(dir, 'cucumber.ndjson')) || existsSync(join(dir, 'conformance.json')) ? dir : undefined;
}

/** the run folders under `root`, oldest first (folders named like a run id: a UTC timestamp and a suffix) */
export function runFolders(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d{8}T\d{6}Z-[0-9a-f]+$/.test(d.name)).map((d) => d.name);
  } catch {
    return [];
  }
  return names.sort();
}

/**
 * Remove all run folders under `root` but the newest `keep` and the one `latest` points at; returns the removed ones.
 * Only folders named like a run id are touched: anything else in `root` stays.
 */
export function pruneRuns(root: string, keep: number): string[] {
  const dir = resolve(root);
  const runs = runFolders(dir);
  let current: string | undefined;
  const latest = latestRun(dir);
  if (latest) {
    try {
      current = realpathSync(latest);
    } catch {
      current = undefined;
    }
  }
  const old = runs.slice(0, Math.max(0, runs.length - keep)).filter((id) => realpathSync(join(dir, id)) !== current);
  for (const id of old) rmSync(join(dir, id), { recursive: true, force: true });
  return old;
}
