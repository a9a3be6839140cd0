/**
 * `cim9 report [--format html|allure] [--run DIR | --reports DIR]`: a report of a run, rebuilt from its folder. DIR may
 * be a reports root (its latest run, reports/latest) or a run's folder; default the reports folder of the working
 * directory.
 *
 * - `html` (the default): the conformance statement for people, <run>/conformance.html (src/report/statement-html.ts),
 *   rebuilt from the run's conformance.json and message log: the same page `cim9 run` writes. It is the default
 *   because it is the document a statement is made of: self-contained and offline (no script, no external URL).
 * - `allure`: the Allure 3 report as ONE self-contained HTML file, <run folder>/allure/index.html (Node only, no
 *   Java). Built in-process through @allurereport/core with only the awesome plugin in `singleFile` mode (the
 *   `allure` CLI loaded every plugin and, on a second build into a non-empty folder, wrote to allure/awesome/ while
 *   cim9 printed the old path). The output folder is emptied first, so a second build replaces the first.
 *   Known limit (issue 17 item 4): @allurereport/plugin-awesome 3.18.0 always writes a Google Tag Manager <script>
 *   into index.html (`analyticsEnable: true` is hard-coded, no option turns it off), so that report is NOT offline.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { latestRun } from '../report/runs.ts';
import { StatementInputError, writeStatementHtml } from '../report/statement-html.ts';

/** Builds the single-file Allure report of an allure-results folder into `outDir` (emptied first); returns index.html. */
export async function buildAllureSingleFile(results: string, outDir: string, reportName = 'cim9 conformance'): Promise<string> {
  // @allurereport/core ships no type declarations usable under our settings everywhere; the surface we use is tiny.
  const core = (await import('@allurereport/core')) as unknown as {
    resolveConfig: (c: object) => Promise<object>;
    AllureReport: new (c: object) => { start(): Promise<void>; readDirectory(d: string): Promise<void>; done(): Promise<void> };
  };
  rmSync(outDir, { recursive: true, force: true });
  const config = await core.resolveConfig({
    name: reportName,
    output: outDir,
    plugins: { awesome: { options: { singleFile: true, reportName } } },
  });
  const report = new core.AllureReport(config);
  await report.start();
  await report.readDirectory(results);
  await report.done();
  return join(outDir, 'index.html');
}

export async function buildAllureReport(root = resolve(process.cwd(), 'reports')): Promise<number> {
  const reportsDir = latestRun(root);
  if (!reportsDir) {
    console.error(`cim9 report: no run in ${root}; run \`npm run conformance\` first`);
    return 2;
  }
  const results = join(reportsDir, 'allure-results');
  if (!existsSync(results) || readdirSync(results).length === 0) {
    console.error(`cim9 report: no Allure results in ${results}; run \`npm run conformance\` first`);
    return 2;
  }
  const index = await buildAllureSingleFile(results, join(reportsDir, 'allure'));
  if (!existsSync(index)) {
    console.error(`cim9 report: Allure wrote no ${index}`);
    return 3;
  }
  console.log(`cim9 report: Allure report (one self-contained HTML file) in ${index}`);
  return 0;
}

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

export type ReportFormat = 'html' | 'allure';

/** the report command: its options checked, then the format asked for */
export async function reportCommand(o: { format?: string; run?: string; reports?: string }): Promise<number> {
  if (o.run && o.reports) {
    console.error('cim9 report: --run and --reports name the same thing; give one');
    return 2;
  }
  const format = o.format ?? 'html';
  if (format !== 'html' && format !== 'allure') {
    console.error(`cim9 report: --format ${JSON.stringify(format)}: html (the conformance statement, default) or allure`);
    return 2;
  }
  const dir = o.run ?? o.reports;
  const root = dir ? resolve(dir) : undefined;
  if (format === 'allure') return buildAllureReport(...(root ? [root] : []));
  return buildStatementHtml(...(root ? [root] : []));
}
