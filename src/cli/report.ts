/**
 * `cim9 report [--format html] [--run DIR | --reports DIR]`: the conformance statement of a run, rebuilt from its
 * folder. DIR may be a reports root (its latest run, reports/latest) or a run's folder; default the reports folder of
 * the working directory.
 *
 * - `html` (the only format, and the default): the conformance statement for people, <run>/conformance.html
 *   (src/report/statement-html.ts), rebuilt from the run's conformance.json and message log: the same page `cim9 run`
 *   writes, self-contained and offline (no script, no external URL). Cucumber's own reports (cucumber.html,
 *   cucumber.ndjson, junit.xml) are written by the run itself and need no rebuild.
 */
import { resolve } from 'node:path';
import { latestRun } from '../report/runs.ts';
import { StatementInputError, writeStatementHtml } from '../report/statement-html.ts';

/** `cim9 report --format html`: rebuild <run>/conformance.html from the run's folder */
export function buildStatementHtml(root = resolve(process.cwd(), 'reports')): number {
  const reportsDir = latestRun(root);
  if (!reportsDir) {
    console.error(`cim9 report: no run in ${root}; run \`npm run conformance\` first`);
    return 2;
  }
  try {
    console.log(`cim9 report: conformance statement (one self-contained HTML file, offline) in ${writeStatementHtml(reportsDir)}`);
    return 0;
  } catch (e) {
    if (e instanceof StatementInputError) {
      console.error(`cim9 report: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** the report command: its options checked, then the statement rebuilt */
export async function reportCommand(o: { format?: string; run?: string; reports?: string }): Promise<number> {
  if (o.run && o.reports) {
    console.error('cim9 report: --run and --reports name the same thing; give one');
    return 2;
  }
  const format = o.format ?? 'html';
  if (format !== 'html') {
    console.error(`cim9 report: --format ${JSON.stringify(format)}: the only format is html (the conformance statement, default)`);
    return 2;
  }
  const dir = o.run ?? o.reports;
  return buildStatementHtml(...(dir ? [resolve(dir)] : []));
}
