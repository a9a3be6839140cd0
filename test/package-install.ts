/**
 * `npm run test:package` (not part of `npm test`: it installs from the npm registry and takes minutes): what a user of
 * the published package gets. `npm pack` (its prepack builds dist/), then the tarball is installed into an empty
 * temporary folder with `npm install <tgz>`, and `npx cim9 run` there must pass against the embedded reference SUT
 * and write ./reports/<run id>/ in that folder. Extra arguments go to `cim9 run` (e.g. --tags @usecase:EDC-06).
 * Exit 0 when all of it holds; the temporary folder is removed unless CIM9_KEEP=1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const say = (s: string) => console.log(`test:package: ${s}`);
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

const work = mkdtempSync(join(tmpdir(), 'cim9-package-'));
let ok = false;
try {
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { filename: string; entryCount: number; size: number }[];
  const tgz = join(work, packed[0]!.filename);
  say(`packed ${packed[0]!.filename}: ${packed[0]!.entryCount} files, ${(packed[0]!.size / 1024).toFixed(0)} KiB (${secs()})`);
  const app = join(work, 'app');
  rmSync(app, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cim9-package-check', private: true }, null, 2));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', tgz], { cwd: app, stdio: 'inherit' });
  say(`installed into ${app} (${secs()})`);
  if (existsSync(join(app, 'node_modules', 'tsx'))) say('note: tsx is installed (a dependency of a dependency?)');
  const version = spawnSync(npx, ['--no-install', 'cim9', '--version'], { cwd: app, encoding: 'utf8' });
  say(`npx cim9 --version: ${version.stdout.trim()} (exit ${version.status})`);
  const run = spawnSync(npx, ['--no-install', 'cim9', 'run', ...process.argv.slice(2)], { cwd: app, stdio: 'inherit' });
  const reports = join(app, 'reports');
  const runs = existsSync(reports) ? readdirSync(reports).filter((n) => /^\d{8}T\d{6}Z-/.test(n)) : [];
  const written = runs.length === 1 && existsSync(join(reports, runs[0]!, 'conformance.json'));
  say(`npx cim9 run: exit ${run.status}; reports ${written ? `in ./reports/${runs[0]}/` : 'NOT written under ./reports/<run id>/'} (${secs()})`);
  ok = version.status === 0 && run.status === 0 && written;
} finally {
  if (process.env['CIM9_KEEP'] === '1') say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
say(`${ok ? 'PASS' : 'FAIL'} in ${secs()}`);
process.exitCode = ok ? 0 : 1;
