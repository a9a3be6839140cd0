/**
 * The run's log of every message exchanged with the SUT, for the evidence bundle (src/report/evidence.ts): one line
 * per message, appended as it is sent or received, to <run>/.scenarios/exchanges-<pid>.ndjson (one file per Cucumber
 * process). The bytes themselves are stored once, named by their digest, under <run>/bodies/ (src/report/bodies.ts);
 * the line has the time, the direction, the scenario and where the bytes are.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { storeBody, type StoredBody } from './bodies.ts';

export type Direction = 'sent' | 'received';

export interface ExchangeLogEntry {
  /** when the message left (sent: before the request was written) or arrived (received), ISO 8601 with milliseconds */
  at: string;
  /** sent: from the suite to the SUT; received: from the SUT to the suite (a reply, a delivery, a request to a peer) */
  direction: Direction;
  scenario?: string;
  label: string;
  url?: string;
  soapAction?: string;
  status?: number;
  contentType?: string;
  body: StoredBody;
  /** the process that recorded it and its count there: the order between messages of the same millisecond */
  pid: number;
  n: number;
}

let count = 0;

/** store the bytes once (bodies/) and append the message's line to this process's log */
export function recordMessage(reportsDir: string, m: Omit<ExchangeLogEntry, 'body' | 'pid' | 'n'> & { bytes: Buffer | string }): StoredBody {
  const { bytes, ...rest } = m;
  const entry: ExchangeLogEntry = { ...rest, body: storeBody(reportsDir, bytes), pid: process.pid, n: ++count };
  writeSync(logFd(reportsDir), JSON.stringify(entry) + '\n');
  return entry.body;
}

/**
 * this process's log file of a run folder, opened once for appending (not once per message); the run closes it when
 * it ends (closeMessageLogs, from the session's close), before a later run of the same process may remove the folder
 */
const logFds = new Map<string, number>();

function logFd(reportsDir: string): number {
  let fd = logFds.get(reportsDir);
  if (fd === undefined) {
    mkdirSync(join(reportsDir, '.scenarios'), { recursive: true });
    fd = openSync(join(reportsDir, '.scenarios', `exchanges-${process.pid}.ndjson`), 'a');
    logFds.set(reportsDir, fd);
  }
  return fd;
}

/** close this process's message log files (every line is already written: writeSync, no buffer) */
export function closeMessageLogs(): void {
  for (const fd of logFds.values()) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
  logFds.clear();
}

/** every message of the run in the order of its time (then process, then count) */
export function readMessageLog(reportsDir: string): ExchangeLogEntry[] {
  const dir = join(reportsDir, '.scenarios');
  if (!existsSync(dir)) return [];
  const out: ExchangeLogEntry[] = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith('exchanges-')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as ExchangeLogEntry);
      } catch {
        // a line cut short by a crash: the run's exit code already says so
      }
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.pid - b.pid || a.n - b.n);
}
