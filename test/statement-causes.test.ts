/**
 * The statement gives the cause of every scenario without a verdict: a skipped scenario says why in conformance.md
 * ("Skipped scenarios") and on the HTML page, next to its name (a certification run lists them in its own section).
 * Run: node --import tsx --test test/statement-causes.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.ts';
import { messagesFor } from './messages.ts';
import { loadProfile } from '../src/profile/index.ts';
import { writeConformanceReport, type ScenarioRecord } from '../src/report/conformance.ts';
import { writeStatementHtml } from '../src/report/statement-html.ts';

test('a skipped scenario names its reason in the md and the html of a development run; a failed one the rules it violated with their clauses', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-causes-'));
  try {
    const profileFile = join(ROOT, 'profiles', 'reference.yaml');
    const profile = loadProfile(profileFile);
    const mk = (i: number, verdict: ScenarioRecord['verdict'], reason?: string): ScenarioRecord => ({ name: `scenario ${i}`, uri: 'features/x.feature', tags: [`@req:X-${i}`, '@usecase:MR-03'], uc: [], role: [], req: [`X-${i}`], verdict, ...(reason ? { reason } : {}), findings: [], assumptions: {}, exchanges: 0, faults: [] });
    const failed: ScenarioRecord = { ...mk(3, 'failed'), error: 'get(MeterReadings): reply: the SUT violated 1 requirement(s)', findings: [{ rule: 'ENV-CORRELATION', severity: 'error', message: 'no CorrelationID', clause: '61968-100:2013 5 (CorrelationID)', xpath: '/soap:Envelope' }, { rule: 'ENV-TIMESTAMP', severity: 'warning', message: 'late', clause: 'x' }] };
    const { ndjson, records } = messagesFor([mk(1, 'passed'), mk(2, 'skipped', 'ENV-GENERATION: the SUT speaks <b>draft</b>'), failed]);
    mkdirSync(join(dir, '.scenarios'));
    writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
    writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const pins = { suiteVersion: '0', profileSha256: '0'.repeat(64), schemaPack: { name: '2013', sha256: '1'.repeat(64), layers: [] } };
    writeConformanceReport({ reportsDir: dir, profile, profileFile, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: [], extraAssumptions: {}, mode: { kind: 'development', pins } });
    const md = readFileSync(join(dir, 'conformance.md'), 'utf8');
    assert.match(md, /## Skipped scenarios \(no verdict\)\n\n- [^\n]*scenario 2 \(features\/x\.feature\) — ENV-GENERATION: the SUT speaks/);
    // a failed scenario names each rule it violated with its clause (a warning is no violation)
    assert.match(md, /### failed: scenario 3\n[\s\S]*?Rules violated: \*\*ENV-CORRELATION\*\* \(61968-100:2013 5 \(CorrelationID\)\)\./);
    assert.ok(!/Rules violated:[^\n]*ENV-TIMESTAMP/.test(md));
    const html = readFileSync(writeStatementHtml(dir), 'utf8');
    assert.match(html, /scenario 2<br><span class="mute">skipped: ENV-GENERATION: the SUT speaks &lt;b&gt;draft&lt;\/b&gt;<\/span>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
