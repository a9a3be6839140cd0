/**
 * `cim9 report [--reports DIR]`: the Allure 3 report of the last run, in <run folder>/allure (Node only, no Java).
 * The last run is reports/latest (src/report/runs.ts); DIR may be a reports root (its latest run) or a run's folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageBin } from '../paths.ts';
import { latestRun } from '../report/runs.ts';

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
  const bin = packageBin('allure');
  const out = join(reportsDir, 'allure');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [bin, 'generate', results, '--output', out, '--report-name', 'cim9 conformance'], { stdio: 'inherit' });
    child.on('exit', (c) => resolve(c ?? 3));
    child.on('error', () => resolve(3));
  });
  if (code === 0) console.log(`cim9 report: Allure report in ${out}/index.html`);
  return code;
}
