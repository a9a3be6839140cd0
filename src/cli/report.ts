/**
 * `cim9 report [--reports DIR]`: the Allure 3 report of the last run as ONE self-contained HTML file,
 * <run folder>/allure/index.html (Node only, no Java). The last run is reports/latest (src/report/runs.ts);
 * DIR may be a reports root (its latest run) or a run's folder.
 *
 * Built in-process through @allurereport/core with only the awesome plugin in `singleFile` mode (the `allure` CLI
 * loaded every plugin and, on a second build into a non-empty folder, wrote to allure/awesome/ while cim9 printed
 * the old path). The output folder is emptied first, so a second build replaces the first.
 * Known limit (issue 17 item 4): @allurereport/plugin-awesome 3.18.0 always writes a Google Tag Manager <script> into
 * index.html (`analyticsEnable: true` is hard-coded, no option turns it off), so the report is NOT offline.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { latestRun } from '../report/runs.ts';

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
