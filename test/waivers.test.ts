/**
 * Waivers (the SUT's expected-failure ledger) and certification runs:
 * - the waivers file is checked: expired, unknown, duplicate, malformed entries are profile errors naming file,
 *   line and entry; `cim9 run` stops with exit 2 before anything runs;
 * - a real run against the reference SUT with a fault: the waived failure is reported `waived` (statement, JSON,
 *   JUnit, console), the waived scenario that passes is an UNEXPECTED PASS (a finding, exit 1);
 * - a certification run refuses --tags, --fault, feature paths and a waivers file (exit 2, one line);
 * - the statement says "certification run" / "development run", pins the digests, and a certification run with a
 *   scenario in scope skipped or in error is NOT CONFORMANT.
 * Run: node --import tsx --test test/waivers.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, runCim9InProcess } from './cli.ts';
import { messagesFor } from './messages.ts';
import { loadWaivers, waiversFileBeside } from '../src/profile/waivers.ts';
import { ProfileError, loadProfile } from '../src/profile/index.ts';
import { applyWaivers, rewriteJunit, type Waivable } from '../src/report/waivers.ts';
import { writeConformanceReport, type Counts, type ScenarioRecord } from '../src/report/conformance.ts';
import { knownScenarioIds, runPins } from '../src/cli/run-mode.ts';
import { parseXml } from '../src/xml/index.ts';

const KNOWN = new Set(['EDE-09.1', 'EDE-05.1']);

/** a folder with a copy of the reference profile (ref.yaml) and, when given, its ref.waivers.yaml */
function lab(waivers?: string, profileEdit: (s: string) => string = (s) => s): { dir: string; profile: string; waivers: string } {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-waivers-'));
  const profile = join(dir, 'ref.yaml');
  writeFileSync(profile, profileEdit(readFileSync(join(ROOT, 'profiles', 'reference.yaml'), 'utf8')));
  const file = join(dir, 'ref.waivers.yaml');
  if (waivers !== undefined) writeFileSync(file, waivers);
  return { dir, profile, waivers: file };
}

const entry = (scenario: string, expires = '2099-12-31', reason = 'known defect ACME-1') => `  - scenario: ${scenario}\n    reason: ${reason}\n    expires: ${expires}\n`;

function problemOf(f: () => unknown): ProfileError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProfileError) return e;
    throw e;
  }
  assert.fail('no ProfileError');
}

test('a waivers file: valid entries load; expired, unknown, duplicate and malformed ones are errors naming file, line and entry', () => {
  const { dir, waivers } = lab(`waivers:\n${entry('EDE-09.1')}${entry('EDE-05.1', '2026-06-30')}`);
  try {
    const ok = loadWaivers(waivers, { knownIds: KNOWN, today: '2026-06-30' });
    assert.deepEqual(ok.waivers.map((w) => [w.scenario, w.expires]), [['EDE-09.1', '2099-12-31'], ['EDE-05.1', '2026-06-30']]);
    // valid through its expiry day, expired the day after
    const expired = problemOf(() => loadWaivers(waivers, { knownIds: KNOWN, today: '2026-07-01' }));
    assert.match(expired.message, new RegExp(`^${waivers.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+: waivers\\[1\\]\\.expires: the waiver of EDE-05.1 expired on 2026-06-30`));
    assert.equal(expired.message.split('\n').length, 1);
    const unknown = problemOf(() => loadWaivers(waivers, { knownIds: new Set(['EDE-09.1']), today: '2026-01-01' }));
    assert.match(unknown.message, /ref\.waivers\.yaml:5:\d+: waivers\[1\]\.scenario: "EDE-05\.1" names no scenario of the suite/);
    writeFileSync(waivers, `waivers:\n${entry('EDE-09.1')}${entry('EDE-09.1')}`);
    assert.match(problemOf(() => loadWaivers(waivers, { knownIds: KNOWN })).message, /waivers\[1\]\.scenario: "EDE-09\.1" is waived twice/);
    writeFileSync(waivers, 'waivers:\n  - scenario: EDE-09.1\n    expires: 31/12/2099\n    why: x\n');
    const bad = problemOf(() => loadWaivers(waivers, { knownIds: KNOWN })).message;
    assert.match(bad, /^3 problems in waivers file /);
    assert.match(bad, /waivers\[0\]\.reason: required/);
    assert.match(bad, /waivers\[0\]\.expires: "31\/12\/2099" \(waiver of EDE-09\.1\) is not a date YYYY-MM-DD/);
    assert.match(bad, /waivers\[0\]\.why: unknown field "why"/);
    writeFileSync(waivers, 'waivers: [unclosed\n');
    assert.match(problemOf(() => loadWaivers(waivers, { knownIds: KNOWN })).message, /\(yaml\): YAML syntax error/);
    writeFileSync(waivers, '- EDE-09.1\n');
    assert.match(problemOf(() => loadWaivers(waivers, { knownIds: KNOWN })).message, /\(root\): not a waivers file/);
    writeFileSync(waivers, 'waivers: []\n');
    assert.deepEqual(loadWaivers(waivers, { knownIds: KNOWN }).waivers, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the waivers file of a profile: its waivers: field, else <name>.waivers.yaml, else waivers.yaml beside it', () => {
  const { dir, profile, waivers } = lab();
  try {
    assert.equal(waiversFileBeside(profile), undefined);
    assert.equal(loadProfile(profile).waivers, undefined);
    writeFileSync(join(dir, 'waivers.yaml'), 'waivers: []\n');
    assert.equal(loadProfile(profile).waivers, join(dir, 'waivers.yaml'));
    writeFileSync(waivers, 'waivers: []\n');
    assert.equal(loadProfile(profile).waivers, waivers);
    mkdirSync(join(dir, 'lab'));
    writeFileSync(join(dir, 'lab', 'acme.yaml'), 'waivers: []\n');
    writeFileSync(profile, `${readFileSync(profile, 'utf8')}\nwaivers: lab/acme.yaml\n`);
    assert.equal(loadProfile(profile).waivers, join(dir, 'lab', 'acme.yaml'));
    writeFileSync(profile, readFileSync(profile, 'utf8').replace('lab/acme.yaml', 'lab/none.yaml'));
    assert.match(problemOf(() => loadProfile(profile)).message, /waivers: file not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every @req: id of the features is known, and each names one scenario block', () => {
  const ids = knownScenarioIds();
  assert.ok(ids.has('EDE-09.1') && ids.has('EDE-05.1'), [...ids].slice(0, 5).join(' '));
  assert.ok(ids.size >= 70, String(ids.size));
});

test('applyWaivers: a failure is waived, a pass is unexpected, an error or skip is left as it is; JUnit follows', () => {
  const s = (name: string, req: string, verdict: ScenarioRecord['verdict']): Waivable => ({ name, req: [req], verdict });
  const scenarios = [s('A', 'X-1', 'failed'), s('B', 'X-2', 'passed'), s('C', 'X-3', 'error'), s('D', 'X-4', 'failed')];
  const w = (scenario: string) => ({ scenario, reason: `why ${scenario} <&>`, expires: '2099-01-01' });
  const r = applyWaivers(scenarios, [w('X-1'), w('X-2'), w('X-3'), w('X-9')]);
  assert.deepEqual(scenarios.map((x) => x.verdict), ['waived', 'passed', 'error', 'failed']);
  assert.deepEqual(r.unexpectedPasses.map((x) => x.name), ['B']);
  assert.deepEqual(r.unmatched.map((x) => x.scenario), ['X-9']);
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-junit-'));
  try {
    const file = join(dir, 'junit.xml');
    writeFileSync(
      file,
      `<?xml version="1.0"?>\n<testsuite name="s" tests="4" skipped="0" failures="3" errors="0">\n<testcase classname="f" name="A"><failure type="ConformanceFailure" message="m"><![CDATA[detail A]]></failure><system-out><![CDATA[steps]]></system-out></testcase>\n<testcase classname="f" name="B"><system-out>ok</system-out></testcase>\n<testcase classname="f" name="C"><failure message="e"/></testcase>\n<testcase classname="f" name="D"><failure message="d"/></testcase>\n</testsuite>\n`,
    );
    rewriteJunit(file, scenarios);
    const parsed = parseXml(readFileSync(file));
    assert.ok(parsed.ok);
    const root = parsed.root;
    assert.equal(root.attrs['failures'], '3');
    assert.equal(root.attrs['skipped'], '1');
    const tc = (n: string) => root.children.find((c) => c.attrs['name'] === n)!;
    assert.equal(tc('A').children[0]!.name, 'skipped');
    assert.equal(tc('A').children[0]!.attrs['message'], 'waived (X-1, until 2099-01-01): why X-1 <&>');
    assert.equal(tc('A').children[0]!.text, 'detail A');
    assert.equal(tc('A').children[1]!.text, 'steps');
    assert.equal(tc('B').children[0]!.name, 'failure');
    assert.match(tc('B').children[0]!.attrs['message']!, /^UNEXPECTED PASS: scenario X-2 is waived/);
    assert.equal(tc('C').children[0]!.name, 'failure');
    assert.equal(tc('D').children[0]!.name, 'failure');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cim9 run: an expired, unknown or malformed waiver is exit 2 naming the file and the entry, before anything runs', async () => {
  const { dir, profile, waivers } = lab(`waivers:\n${entry('EDE-09.1', '2020-01-01')}`);
  try {
    const reports = join(dir, 'reports');
    let r = await runCim9InProcess(['run', '--profile', profile, '--reports', reports, '--tags', '@req:EDE-09.1']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^cim9 run: ${waivers.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: waivers\\[0\\]\\.expires: the waiver of EDE-09\\.1 expired on 2020-01-01`));
    writeFileSync(waivers, `waivers:\n${entry('EDE-09.1')}${entry('NO-SUCH.1')}`);
    r = await runCim9InProcess(['run', '--profile', profile, '--reports', reports, '--tags', '@req:EDE-09.1']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /ref\.waivers\.yaml:5:\d+: waivers\[1\]\.scenario: "NO-SUCH\.1" names no scenario of the suite/);
    writeFileSync(waivers, 'waivers: {EDE-09.1: soon}\n');
    r = await runCim9InProcess(['run', '--profile', profile, '--reports', reports, '--tags', '@req:EDE-09.1']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /ref\.waivers\.yaml:1:\d+: waivers: must be a list/);
    assert.equal(r.stdout, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a certification run refuses --tags, --name, feature paths, --fault, --assume, a waivers file, the profile\'s assumptions and the Cucumber options that load code or change what runs (exit 2, one line)', async () => {
  const { dir, profile, waivers } = lab();
  try {
    const reports = join(dir, 'reports');
    const refused = async (args: string[], what: RegExp, file = profile) => {
      const r = await runCim9InProcess(['run', '--profile', file, '--reports', reports, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^cim9 run: a certification run refuses /);
      assert.match(r.stderr, what);
      assert.equal(r.stdout, '');
    };
    await refused(['--certification', '--tags', '@req:EDE-09.1'], /refuses --tags: the selection of a certification run is locked .*without --certification/);
    await refused(['--certification', '--name', 'events'], /refuses --name/);
    await refused(['--certification', 'features/device-events.feature'], /refuses feature paths \(features\/device-events\.feature\)/);
    await refused(['--certification', '--fault', 'reply-without-correlation-id'], /refuses --fault reply-without-correlation-id: .*without simulator faults/);
    await refused(['--certification', '--assume', 'ENV-14=request-correlation'], /refuses --assume ENV-14/);
    await refused(['--certification', '--fail-fast'], /refuses --fail-fast: every scenario in scope must run/);
    // code of one's own, a retried failure, a shard of the scope, other World parameters: not the suite's verdicts
    await refused(['--certification', '--import', 'steps/**/*.ts'], /refuses --import: a certification run judges with the suite's own code and settings only/);
    await refused(['--certification', '-r', 'steps/**/*.ts'], /refuses --require: /);
    await refused(['--certification', '--retry', '2'], /refuses --retry: .*a failure retried until it passes/);
    await refused(['--certification', '--shard', '1/2'], /refuses --shard: .*a shard of the scope/);
    await refused(['--certification', '--world-parameters', '{"x":1}'], /refuses --world-parameters: /);
    await refused(['--certification', '--no-strict'], /refuses --no-strict: /);
    writeFileSync(waivers, `waivers:\n${entry('EDE-09.1')}`);
    await refused(['--certification'], /refuses the waivers file .*ref\.waivers\.yaml: .*a waiver is for development runs/);
    rmSync(waivers);
    // strict: true in the profile means the same
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^strict: false$/m, 'strict: true'));
    await refused(['--tags', '@req:EDE-09.1'], /refuses --tags: .*strict: false in the profile/);
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^assumptions:$/m, 'assumptions:\n  ENV-14: request-correlation'));
    assert.match(readFileSync(profile, 'utf8'), /^  ENV-14: request-correlation$/m, 'the test could not add an assumption to the profile');
    await refused([], /refuses the profile's assumptions: \(ENV-14\)/);
    // a declaration (the EUMED namespace, an optional feature) is no override
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/^  ENV-14: request-correlation$/m, '  UC-33: on\n  EUM-01: "urn:x:eumed"'));
    const r = await runCim9InProcess(['run', '--profile', profile, '--reports', reports, '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the statement says certification or development run, pins the digests, and a certification run with a scenario skipped or in error is not conformant', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-mode-'));
  try {
    const profileFile = join(ROOT, 'profiles', 'reference.yaml');
    // the reference profile attests nothing; a certification run needs the attestations of its roles (test/attestations.test.ts)
    const profile = { ...loadProfile(profileFile), attestations: ['ATT-OUTAGE-LOG', 'ATT-TAMPER-RECORD', 'ATT-SECURITY'].map((requirement) => ({ requirement, by: 'a tester', statement: 'declared for the test', date: '2026-01-01' })) };
    const pins = runPins(profile);
    assert.match(pins.profileSha256, /^[0-9a-f]{64}$/);
    assert.match(pins.suiteSha256!, /^[0-9a-f]{64}$/, 'the suite\'s own digest is pinned');
    assert.match(pins.schemaPack.sha256, /^[0-9a-f]{64}$/);
    assert.equal(pins.schemaPack.name, '2013');
    const write = (verdicts: ScenarioRecord['verdict'][], kind: 'certification' | 'development') => {
      rmSync(join(dir, '.scenarios'), { recursive: true, force: true });
      mkdirSync(join(dir, '.scenarios'));
      const scenarios: ScenarioRecord[] = verdicts.map((verdict, i) => ({ name: `scenario ${i}`, uri: 'features/x.feature', tags: [`@req:X-${i}`], uc: [], role: [], req: [`X-${i}`], verdict, findings: [], assumptions: {}, exchanges: 1, faults: [] }));
      const { ndjson, records } = messagesFor(scenarios);
      writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
      writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((s) => JSON.stringify(s)).join('\n') + '\n');
      const summary = writeConformanceReport({ reportsDir: dir, profile, profileFile, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: [], extraAssumptions: {}, mode: { kind, pins } });
      const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { run: { mode: string; label: string; conformant?: boolean; pins: typeof pins } };
      return { summary, md: readFileSync(join(dir, 'conformance.md'), 'utf8'), json };
    };
    const good = write(['passed', 'passed'], 'certification');
    assert.equal(good.summary.conformant, true);
    assert.match(good.md, /^- Run: \*\*certification run\*\*/m);
    assert.match(good.md, /^- Certification verdict: \*\*CONFORMANT\*\*/m);
    assert.ok(good.md.includes(`(suite sha256 ${pins.suiteSha256})`), 'the statement pins the suite digest');
    assert.ok(good.md.includes(`profile sha256 ${pins.profileSha256}`) && good.md.includes(`schema pack 2013 sha256 ${pins.schemaPack.sha256}`));
    assert.deepEqual(good.json.run.pins, pins);
    assert.ok(good.summary.lines.includes('cim9: certification run: CONFORMANT'));
    const skipped = write(['passed', 'skipped', 'error'], 'certification');
    assert.equal(skipped.summary.conformant, false);
    assert.match(skipped.md, /^- Certification verdict: \*\*NOT CONFORMANT\*\* — 1 scenario\(s\) ended in error .*; 1 scenario\(s\) in scope were skipped/m);
    assert.match(skipped.md, /## Scenarios in scope without a verdict \(certification\)/);
    const dev = write(['passed', 'failed'], 'development');
    assert.equal(dev.summary.conformant, undefined);
    assert.match(dev.md, /^- Run: \*\*development run\*\* \(not a certification result/m);
    assert.equal(dev.json.run.label, 'development run');
    assert.ok(dev.summary.lines.includes('cim9: development run (not a certification result)'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a real run with a fault: the waived failure is reported waived, the waived pass is an UNEXPECTED PASS (exit 1)', { timeout: 120_000 }, async () => {
  // reply-without-correlation-id fails EDE-09.1 (the events query: its reply header); EDE-05.1 (health alarms, a publication) still passes
  const { dir, profile } = lab(`waivers:\n${entry('EDE-09.1', '2099-12-31', 'CorrelationID not echoed before release 4.3')}${entry('EDE-05.1', '2099-12-31', 'health alarms not published yet')}`);
  try {
    const reports = join(dir, 'reports');
    const r = await runCim9InProcess(['run', '--profile', profile, '--reports', reports, '--fault', 'reply-without-correlation-id', '--tags', '@req:EDE-09.1 or @req:EDE-05.1']);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as { counts: Counts; scenarios: ScenarioRecord[]; run: { label: string }; waivers: { unexpectedPasses: { scenario: string }[] } };
    assert.equal(json.run.label, 'development run');
    assert.equal(json.counts.waived, 1);
    assert.equal(json.counts.failed, 0);
    assert.equal(json.counts.unexpectedPasses, 1);
    const waived = json.scenarios.find((s) => s.req.includes('EDE-09.1'))!;
    assert.equal(waived.verdict, 'waived');
    assert.equal(waived.waiver?.reason, 'CorrelationID not echoed before release 4.3');
    assert.match(waived.error ?? '', /ENV-CORRELATION/, 'the failure stays on record');
    const passed = json.scenarios.find((s) => s.req.includes('EDE-05.1'))!;
    assert.equal(passed.verdict, 'passed');
    assert.equal(passed.waiver?.outcome, 'unexpected-pass');
    assert.deepEqual(json.waivers.unexpectedPasses.map((u) => u.scenario), ['EDE-05.1']);
    const md = readFileSync(join(reports, 'conformance.md'), 'utf8');
    assert.match(md, /^\| waived \| .* \| The MDM asks the head-end for the events of a meter in a time window \|/m);
    assert.match(md, /\| EDE-09\.1 \| 2099-12-31 \| CorrelationID not echoed before release 4\.3 \| 1 waived \|/);
    assert.match(md, /## Unexpected passes \(findings\)/);
    assert.match(md, /^- Verdicts: 1 passed, 0 failed, 0 error, \d+ not applicable, 0 skipped, 1 waived, 1 unexpected pass\(es\)$/m);
    assert.match(r.stdout, /^cim9: WAIVED The MDM asks the head-end for the events .*CorrelationID not echoed before release 4\.3/m);
    assert.match(r.stdout, /^cim9: UNEXPECTED PASS: scenario EDE-05\.1 is waived/m);
    assert.match(r.stdout, /^conformance: 1 passed, 0 failed, 0 error, \d+ not applicable, 0 skipped, 1 waived, 1 unexpected pass\(es\)$/m);
    const junit = parseXml(readFileSync(join(reports, 'junit.xml')));
    assert.ok(junit.ok);
    assert.equal(junit.root.attrs['tests'], '2');
    assert.equal(junit.root.attrs['skipped'], '1');
    assert.equal(junit.root.attrs['failures'], '1');
    const cases = junit.root.children.filter((c) => c.name === 'testcase');
    const outcome = (name: RegExp) => cases.find((c) => name.test(c.attrs['name'] ?? ''))!.children[0]!;
    assert.equal(outcome(/events of a meter/).name, 'skipped');
    assert.match(outcome(/events of a meter/).attrs['message']!, /^waived \(EDE-09\.1, until 2099-12-31\): CorrelationID not echoed/);
    assert.equal(outcome(/health alarms/).name, 'failure');
    assert.match(outcome(/health alarms/).attrs['message']!, /^UNEXPECTED PASS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failure a waiver expects does not fail the run: exit 0', { timeout: 120_000 }, async () => {
  const { dir, profile } = lab(`waivers:\n${entry('EDE-09.1')}`);
  try {
    copyFileSync(profile, join(dir, 'copy.yaml')); // (a second profile in the folder does not share ref.waivers.yaml)
    const r = await runCim9InProcess(['run', '--profile', profile, '--reports', join(dir, 'reports'), '--fault', 'reply-without-correlation-id', '--tags', '@req:EDE-09.1']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^conformance: 0 passed, 0 failed, 0 error, \d+ not applicable, 0 skipped, 1 waived, 0 unexpected pass\(es\)$/m);
    assert.equal(loadProfile(join(dir, 'copy.yaml')).waivers, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
