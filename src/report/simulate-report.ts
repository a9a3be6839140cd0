/**
 * The report of `cim9 simulate` (--report-dir DIR): the simulator as a verdict on the traffic of the system under test
 * (CACTUS-style). One entry per request a client sent to one of the reference SUT's role endpoints (its verb and noun,
 * the answer the simulator gave, the findings of the three layers on the request) and per answer the reference CIS or
 * OMS got from a server SUT. Written as DIR/simulate.json and DIR/simulate.md after every entry (each file replaced
 * through a temporary one, so a reader or a Ctrl-C never sees half of it). Everything the SUT controls (verbs, nouns,
 * codes, reasons, addresses, finding messages that quote them) goes through the Markdown escaper of ./escape.ts;
 * the JSON is JSON.stringify's. At most MAX_ENTRIES entries are kept (a flood is counted, not stored).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../checks/finding.ts';
import { markdownInline } from './escape.ts';

export const MAX_ENTRIES = 5000;

export interface SimulateEntry {
  /** 1, 2, ... in the order they were checked */
  n: number;
  at: string;
  /** a request the SUT (a client) sent to the simulator, or an answer the simulator's client got from the SUT (a server) */
  kind: 'request' | 'answer';
  /** the simulator's role in the exchange (the MDM that received a CIS's request; the CIS that got an answer) */
  role: string;
  /** verb(noun) of the request */
  what: string;
  /** where it came from (a request) or went to (an answer) */
  peer: string;
  /** the outcome: the answer the simulator gave, or the Result the SUT gave */
  outcome: string;
  findings: Finding[];
}

export interface SimulateReportMeta {
  edition: string;
  roles: readonly string[];
  url?: string;
  profile?: string;
  faults: readonly string[];
}

const count = (fs: readonly Finding[], s: Finding['severity']) => fs.filter((f) => f.severity === s).length;

export class SimulateReport {
  private readonly entries: SimulateEntry[] = [];
  private seen = 0;
  private readonly started = new Date().toISOString();

  constructor(
    readonly dir: string,
    private readonly meta: SimulateReportMeta,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** the address the simulator listens at, once known */
  setUrl(url: string): void {
    this.meta.url = url;
    this.write();
  }

  /** record one entry and rewrite both files; returns its number */
  add(e: Omit<SimulateEntry, 'n'>): number {
    this.seen += 1;
    if (this.entries.length < MAX_ENTRIES) this.entries.push({ n: this.seen, ...e });
    this.write();
    return this.seen;
  }

  json(): object {
    const all = this.entries.flatMap((e) => e.findings);
    return {
      tool: 'cim9 simulate',
      started: this.started,
      updated: new Date().toISOString(),
      ...this.meta,
      summary: {
        requests: this.entries.filter((e) => e.kind === 'request').length,
        answers: this.entries.filter((e) => e.kind === 'answer').length,
        withErrors: this.entries.filter((e) => count(e.findings, 'error') > 0).length,
        errors: count(all, 'error'),
        warnings: count(all, 'warning'),
        notStored: this.seen - this.entries.length,
      },
      entries: this.entries,
    };
  }

  markdown(): string {
    const j = this.json() as { summary: Record<string, number> };
    const s = j.summary;
    const md: string[] = [
      '# cim9 simulate: findings on the traffic of the system under test',
      '',
      `- started ${this.started}, edition ${markdownInline(this.meta.edition)}, roles played ${this.meta.roles.map((r) => markdownInline(r)).join(', ')}${this.meta.url ? ` at ${markdownInline(this.meta.url)}` : ''}`,
      ...(this.meta.profile ? [`- profile ${markdownInline(this.meta.profile)}`] : []),
      ...(this.meta.faults.length ? [`- faults of the reference SUT switched on: ${this.meta.faults.map((f) => markdownInline(f)).join(', ')}`] : []),
      `- ${s['requests']} request(s) received, ${s['answers']} answer(s) got; ${s['withErrors']} with errors (${s['errors']} error(s), ${s['warnings']} warning(s) in all)${s['notStored'] ? `; ${s['notStored']} more not stored (at most ${MAX_ENTRIES})` : ''}`,
      '',
    ];
    if (!this.entries.length) return [...md, 'Nothing received yet.', ''].join('\n');
    md.push('| # | at | kind | role | message | peer | outcome | errors | warnings |', '|---|---|---|---|---|---|---|---|---|');
    for (const e of this.entries) {
      md.push(`| ${e.n} | ${markdownInline(e.at)} | ${e.kind} | ${markdownInline(e.role)} | ${markdownInline(e.what, 200)} | ${markdownInline(e.peer, 200)} | ${markdownInline(e.outcome, 200)} | ${count(e.findings, 'error')} | ${count(e.findings, 'warning')} |`);
    }
    md.push('');
    for (const e of this.entries.filter((x) => x.findings.length)) {
      md.push(`## ${e.n}. ${e.kind} ${markdownInline(e.what, 200)} (${markdownInline(e.role)})`, '');
      for (const f of e.findings) {
        const as = f.assumptions && Object.keys(f.assumptions).length ? ` (assumed ${Object.entries(f.assumptions).map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
        md.push(`- **${f.severity}** ${markdownInline(f.rule, 100)}: ${markdownInline(f.message)}${f.xpath ? ` at ${markdownInline(f.xpath, 300)}` : ''}${as ? markdownInline(as, 500) : ''}`);
      }
      md.push('');
    }
    return md.join('\n');
  }

  write(): void {
    replace(join(this.dir, 'simulate.json'), `${JSON.stringify(this.json(), null, 2)}\n`);
    replace(join(this.dir, 'simulate.md'), `${this.markdown()}\n`);
  }
}

function replace(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
