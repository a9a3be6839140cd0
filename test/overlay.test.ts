/**
 * A utility's overlay on a base profile (src/profile/overlay.ts, src/report/overlay.ts, cim9 run --overlay): the
 * loader's checks (exit 2 naming the overlay file, line and field), what it changes in the profile, the verdicts it
 * changed and whether its required use cases are met, and the statement's rendering (escaped).
 * Run: node --import tsx --test test/overlay.test.ts
 */
import { capabilitiesOf, isMasterDataNoun, MASTER_DATA_PUBLICATION, publishesMasterData } from '../src/profile/pics-capabilities.ts';
import { withoutPublications } from './profile-helpers.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile, ProfileError } from '../src/profile/index.ts';
import { applyOverlay, loadOverlay } from '../src/profile/overlay.ts';
import { overlayReport } from '../src/report/overlay.ts';
import { overlayMarkdown, type ScenarioRecord } from '../src/report/conformance.ts';
import { renderStatementHtml } from '../src/report/statement-html.ts';
import { useCaseRows } from '../src/report/use-case-rows.ts';
import { repoPath } from '../src/paths.ts';
import { runCim9, runCim9InProcess } from './cli.ts';
import { judgeOverlayRequirements } from '../src/report/overlay-requirements.ts';
import { toSoap, type Message } from '../src/message/index.ts';
import { buildGetMeterReadings } from '../src/payloads/meterReadings.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import type { ExchangeLogEntry } from '../src/report/exchanges.ts';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'cim9-overlay-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const base = loadProfile(repoPath('profiles', 'reference.yaml'));

describe('loadOverlay and applyOverlay', () => {
  test('a valid overlay: its assumptions, mandatory capabilities and required use cases', () => {
    const f = write('ok.yaml', 'cim9-overlay: 1\nname: ACME\nassumptions:\n  ENV-07: fail\ncapabilities:\n  masterDataPublication: true\nrequiredUseCases:\n  MDM: [MR-05, EU-01]\n');
    const o = loadOverlay(f, base);
    assert.deepEqual([o.name, o.assumptions, o.capabilities, o.requiredUseCases], ['ACME', { 'ENV-07': 'fail' }, ['masterDataPublication'], { MDM: ['MR-05', 'EU-01'] }]);
    assert.match(o.sha256, /^[0-9a-f]{64}$/);
    // a mandatory capability is declared in the PICS (as the migration of capabilities: reads it)
    const without = withoutPublications(base, (n) => isMasterDataNoun(n));
    assert.equal(publishesMasterData(without), false);
    const p = applyOverlay(without, o);
    assert.equal(publishesMasterData(p), true);
    assert.deepEqual(p.pics!.MDM!.publishes!.filter((n) => isMasterDataNoun(n.noun)), [MASTER_DATA_PUBLICATION]);
    assert.ok(p.pics!.MDM!.useCases!.includes('EU-01'), 'a required use case is declared where the base lists use cases');
    assert.ok(!base.pics!.MDM!.useCases!.includes('EU-01'), 'the base profile is left as it was');
  });

  test('every problem names the overlay file, the line and the field', () => {
    const f = write('bad.yaml', 'cim9-overlay: 2\nassumptions:\n  ENV-07: sometimes\n  NOPE-1: x\nrequiredUseCases:\n  CIS: [MR-03]\n  MDM: [MR-33, MR-05, MR-05]\ncapabilities:\n  asyncReplies: false\n  teleport: true\ncolour: blue\n');
    let e: unknown;
    try {
      loadOverlay(f, base);
    } catch (x) {
      e = x;
    }
    assert.ok(e instanceof ProfileError);
    const lines = e.message.split('\n').slice(1);
    for (const want of [
      /bad\.yaml:1:\d+: cim9-overlay: must be 1/,
      /bad\.yaml:1:1: name: required field is missing/,
      /bad\.yaml:3:3: assumptions\.ENV-07: illegal value/,
      /bad\.yaml:4:3: assumptions\.NOPE-1: unknown assumption ID/,
      /bad\.yaml:6:3: requiredUseCases\.CIS: the base profile's SUT does not play CIS/,
      /bad\.yaml:7:\d+: requiredUseCases\.MDM\[0\]: "MR-33" is not a use case id/,
      /bad\.yaml:7:\d+: requiredUseCases\.MDM\[2\]: "MR-05" is listed twice/,
      /bad\.yaml:9:\d+: capabilities\.asyncReplies: an overlay makes a capability mandatory/,
      /bad\.yaml:10:3: capabilities\.teleport: unknown capability/,
      /bad\.yaml:11:1: colour: unknown field/,
    ]) assert.ok(lines.some((l) => want.test(l)), `${want} in\n${e.message}`);
    assert.throws(() => loadOverlay(join(dir, 'none.yaml'), base), /none\.yaml: \(file\): overlay file not found/);
    assert.throws(() => loadOverlay(dir, base), /\(file\): not a regular file/);
    assert.throws(() => loadOverlay(write('y.yaml', 'name: [\n'), base), /y\.yaml:\d+:\d+: \(yaml\): YAML syntax error/);
  });

  test('requirements: each kind read; every problem of an entry named with its line and field', () => {
    const o = loadOverlay(write('req.yaml', PASSING), base);
    assert.deepEqual(o.requirements, [
      { id: 'ACME-RT-1', statement: 'The billing-period maximum demand is delivered', readingType: '8.8.2.6.1.1.8.0.0.0.0.0.0.0.0.3.38.0' },
      { id: 'ACME-T-1', timeLimit: { of: 'reply', seconds: 30, noun: 'MeterReadings' } },
      { id: 'ACME-E-1', element: { noun: 'MeterReadings', path: ['MeterReading', 'Readings', 'timeStamp'] } },
    ]);
    assert.deepEqual(loadOverlay(write('min.yaml', 'cim9-overlay: 1\nname: x\nrequirements:\n  - id: R\n    timeLimit: { of: restoration, minutes: 2 }\n'), base).requirements, [{ id: 'R', timeLimit: { of: 'restoration', seconds: 120 } }]);
    const f = write(
      'badreq.yaml',
      [
        'cim9-overlay: 1',
        'name: x',
        'requirements:',
        '  - id: A',
        '    readingType: "0.0.1"',
        '  - id: A',
        '    timeLimit: { of: reply }',
        '  - id: C',
        '    timeLimit: { of: event, seconds: 5 }',
        '  - id: D',
        '    element: { noun: MeterReadings, path: "m:MeterReading/Readings" }',
        '  - id: E',
        '    readingType: "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"',
        '    element: { noun: MeterReadings, path: MeterReading }',
        '  - statement: no id',
        '    colour: blue',
        '    timeLimit: { of: soon, seconds: 1 }',
        '',
      ].join('\n'),
    );
    let e: unknown;
    try {
      loadOverlay(f, base);
    } catch (x) {
      e = x;
    }
    assert.ok(e instanceof ProfileError);
    for (const want of [
      /badreq\.yaml:5:\d+: requirements\[0\]\.readingType: not an 18-part ReadingType code/,
      /badreq\.yaml:6:\d+: requirements\[1\]\.id: "A" is used twice/,
      /badreq\.yaml:7:\d+: requirements\[1\]\.timeLimit: needs one of seconds, minutes/,
      /badreq\.yaml:9:\d+: requirements\[2\]\.timeLimit\.eventTypes: a time limit of event needs eventTypes/,
      /badreq\.yaml:11:\d+: requirements\[3\]\.element\.path: must be element names/,
      /badreq\.yaml:12:\d+: requirements\[4\]: has readingType and element: one requirement is one of/,
      /badreq\.yaml:15:\d+: requirements\[5\]\.id: required field is missing/,
      /badreq\.yaml:16:\d+: requirements\[5\]\.colour: unknown field "colour"/,
      /badreq\.yaml:17:\d+: requirements\[5\]\.timeLimit\.of: must be one of reply, asyncResult, restoration, outage, event/,
    ]) assert.match(e.message, want);
  });

  test('cim9 run --overlay: a bad overlay is exit 2 before anything runs; a certification run refuses an overlay', async () => {
    const bad = write('bad2.yaml', 'cim9-overlay: 1\nname: x\nrequiredUseCases:\n  MDM: [MR-33]\n');
    const r = await runCim9InProcess(['run', '--overlay', bad, '--no-pdf', '--dry-run']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /bad2\.yaml:4:\d+: requiredUseCases\.MDM\[0\]: "MR-33" is not a use case id/);
    const ok = write('ok2.yaml', 'cim9-overlay: 1\nname: x\n');
    const c = await runCim9InProcess(['run', '--certification', '--overlay', ok, '--no-pdf', '--dry-run']);
    assert.equal(c.code, 2, c.stderr);
    assert.match(c.stderr, /a certification run refuses --overlay/);
    for (const bad of ['2', '3', 'x', '200']) {
      const x = await runCim9InProcess(['run', '--overlay', ok, '--overlay-exit', bad, '--no-pdf', '--dry-run']);
      assert.equal(x.code, 2, x.stderr);
      assert.match(x.stderr, /--overlay-exit .*: the exit code of a run whose overlay is not met is 0/);
    }
    const without = await runCim9InProcess(['run', '--overlay-exit', '4', '--no-pdf', '--dry-run']);
    assert.equal(without.code, 2, without.stderr);
    assert.match(without.stderr, /--overlay-exit applies to a run with --overlay/);
  });
});

describe('the verdicts an overlay changed, and its required use cases', () => {
  const finding = (rule: string, assumptions?: Record<string, string>) => ({ rule, severity: 'error' as const, message: `${rule} <script>x</script>`, ...(assumptions ? { assumptions } : {}) });
  const rec = (req: string, verdict: ScenarioRecord['verdict'], ucs: string[], findings: ScenarioRecord['findings'] = []): ScenarioRecord => ({
    name: `scenario ${req}`, uri: 'features/x.feature', tags: [...ucs.map((u) => `@usecase:${u}`), '@role:MDM'], uc: [], role: ['MDM'], req: [req], verdict, findings, assumptions: {}, exchanges: 1, faults: [],
  });
  const scenarios = [
    rec('MR-05.1', 'passed', ['MR-05']),
    rec('MR-03.1', 'failed', ['MR-03'], [finding('ENV-REPLY-VERB', { 'ENV-07': 'fail' })]),
    rec('MR-03.2', 'failed', ['MR-03'], [finding('ENV-REPLY-VERB', { 'ENV-07': 'fail' }), finding('DOM-EXPECTED')]),
    rec('EDE-02.1', 'waived', ['EDE-02']),
  ];
  const useCases = useCaseRows({ roles: ['MDM'], ran: scenarios, notApplicable: [{ useCases: ['MR-04'], roles: ['MDM'], reason: 'the SUT does not declare use case MR-04 (pics.MDM.useCases)' }] });
  const overlay = { file: '/x/acme.yaml', sha256: 'a'.repeat(64), name: 'ACME <b>2027</b>', assumptions: { 'ENV-07': 'fail' }, capabilities: ['relayToHeadEnd'], requiredUseCases: { MDM: ['MR-05', 'MR-03', 'MR-04', 'EDE-02'] }, requirements: [] };
  const report = overlayReport({
    overlay,
    base: { capabilities: { ...capabilitiesOf(base), relayToHeadEnd: false }, assumptions: { 'ENV-07': 'reply' } },
    inForce: { 'ENV-07': 'fail' },
    scenarios,
    useCases,
    madeApplicable: [{ name: 'scenario MR-05.1', uri: 'features/x.feature', reason: 'the SUT does not declare use case MR-05' }, { name: 'never ran', uri: 'features/x.feature', reason: 'r' }],
    shownFile: 'acme.yaml',
  });

  test('made applicable by the overlay; failed only under an assumption the overlay set; not a failure of its own', () => {
    assert.deepEqual(report.changed.map((c) => [c.req.join(), c.verdict]), [['MR-05.1', 'passed'], ['MR-03.1', 'failed']]);
    assert.match(report.changed[1]!.because, /failed on ENV-REPLY-VERB only under ENV-07 = fail \(the overlay; the base profile: reply\)/);
    assert.deepEqual(report.assumptions, [{ id: 'ENV-07', base: 'reply', overlay: 'fail' }]);
    assert.deepEqual(report.capabilities, [{ name: 'relayToHeadEnd', base: false }]);
  });

  test('a required use case is met when its scenarios ran and passed; failed, waived or not applicable is not met', () => {
    assert.deepEqual(report.requiredUseCases.map((r) => [r.useCase, r.met]), [['MR-05', true], ['MR-03', false], ['MR-04', false], ['EDE-02', false]]);
    assert.match(report.requiredUseCases[2]!.why!, /^not applicable: the SUT does not declare use case MR-04/);
    assert.match(report.requiredUseCases[3]!.why!, /waived/);
    assert.equal(report.met, false);
  });

  test('the statement: a section in md and html, the overlay\'s text escaped', () => {
    const md = overlayMarkdown(report).join('\n');
    assert.match(md, /^## Utility overlay/);
    assert.match(md, /Overlay \*\*ACME &lt;b&gt;2027&lt;\/b&gt;\*\*/);
    assert.match(md, /Its requirements: \*\*NOT MET\*\*/);
    assert.match(md, /\| MDM \| MR-03 \| failed: 2 scenario\(s\) of it failed \| \*\*no\*\* \|/);
    const html = renderStatementHtml({ statement: { overlay: report, counts: { ran: 4 } }, runFolder: 'r', messages: [] });
    assert.match(html, /id="overlay"/);
    assert.doesNotMatch(html, /<b>2027/);
    assert.match(html, /ACME &lt;b&gt;2027&lt;\/b&gt;/);
    assert.doesNotMatch(renderStatementHtml({ statement: { counts: { ran: 1 } }, runFolder: 'r', messages: [] }), /id="overlay"/);
  });
});

const PASSING = `cim9-overlay: 1
name: ACME billing
assumptions:
  ENV-07: fail
requiredUseCases:
  MDM: [MR-05]
requirements:
  - id: ACME-RT-1
    statement: The billing-period maximum demand is delivered
    readingType: "8.8.2.6.1.1.8.0.0.0.0.0.0.0.0.3.38.0"
  - id: ACME-T-1
    timeLimit: { of: reply, seconds: 30, noun: MeterReadings }
  - id: ACME-E-1
    element: { noun: MeterReadings, path: MeterReading/Readings/timeStamp }
`;

interface OverlayJson {
  verdict: string;
  met: boolean;
  requiredUseCases: { useCase: string; met: boolean }[];
  requirements: { id: string; verdict: string; observed: string; examples: { scenario?: string; message: string }[] }[];
}

test('a run with an overlay that passes: every requirement met against the reference SUT, in every report, in the bundle', async () => {
  const f = write('run.yaml', PASSING);
  const reports = join(dir, 'r');
  // the runs in this process (src/cli/main.ts); `cim9 verify` below as a user starts it
  const r = await runCim9InProcess(['run', '--overlay', f, '--tags', '@uc:billing-inquiry', '--no-pdf', '-q', '--reports', reports]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /utility overlay ACME billing .*apart from base conformance: MET \(1 required use case\(s\) ran and passed, 3 requirement\(s\) met\)/);
  const st = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as { overlay: OverlayJson; assumptionsInForce: Record<string, string> };
  assert.equal(st.overlay.met, true);
  assert.equal(st.overlay.verdict, 'met');
  assert.deepEqual(st.overlay.requiredUseCases.map((x) => [x.useCase, x.met]), [['MR-05', true]]);
  assert.deepEqual(st.overlay.requirements.map((x) => [x.id, x.verdict]), [['ACME-RT-1', 'met'], ['ACME-T-1', 'met'], ['ACME-E-1', 'met']]);
  // the ReadingType was asked for by the suite at the end of the run, and the reply is what met it
  assert.ok(st.overlay.requirements[0]!.examples.some((x) => x.scenario === '(utility overlay) the ReadingTypes the overlay requires'), JSON.stringify(st.overlay.requirements[0]));
  assert.equal(st.assumptionsInForce['ENV-07'], 'fail', 'the overlay\'s assumption is in force');
  const md = readFileSync(join(reports, 'conformance.md'), 'utf8');
  assert.match(md, /## Utility overlay[\s\S]*\| ACME-RT-1 \| The billing-period maximum demand is delivered: the SUT delivers readings of ReadingType 8\.8\.2\.6\.1\.1\.8\.0\.0\.0\.0\.0\.0\.0\.0\.3\.38\.0 \| met \|/);
  const html = readFileSync(join(reports, 'conformance.html'), 'utf8');
  assert.match(html, /The utility\u2019s own requirements/);
  assert.match(html, /ACME-E-1/);
  const tar = readFileSync(join(reports, 'evidence.tar'));
  assert.ok(tar.includes(Buffer.from('overlay.yaml')), 'the bundle holds the overlay');
  // the requirement catalogue: whole in the run folder and the bundle, requirement → scenarios → verdict in the statement
  assert.ok(tar.includes(Buffer.from('requirements.json')), 'the bundle holds the requirement catalogue');
  const catalogue = JSON.parse(readFileSync(join(reports, 'requirements.json'), 'utf8')) as { requirements: { id: string }[] };
  assert.ok(catalogue.requirements.some((x) => x.id === 'MR-BILLING-TYPE'));
  const rows = (JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as { requirements: { id: string; verdict: string; scenarios: { id: string; verdict: string }[] }[] }).requirements;
  const billing = rows.find((x) => x.id === 'MR-BILLING-TYPE')!;
  assert.equal(billing.verdict, 'passed');
  assert.deepEqual(billing.scenarios.map((x) => [x.id, x.verdict]), [['MR-05.1', 'passed'], ['MR-05.2', 'passed']]);
  assert.equal(rows.find((x) => x.id === 'XSD')!.verdict, 'no finding');
  assert.match(md, /## Results per requirement[\s\S]*\| \*\*MR-BILLING-TYPE\*\* \(error\) \| [^|]+ \| passed \| MR-05\.1 passed, MR-05\.2 passed \(2 not run\) \|/); // MR-05.C1 / .C2 are the CIS's
  assert.match(html, /id="requirements"/);
  // the suite version in every report, JUnit too
  const version = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
  assert.ok(readFileSync(join(reports, 'junit.xml'), 'utf8').includes(`<property name="cim9.version" value="${version}"/>`), 'junit.xml names the suite version');
  const v = await runCim9(['verify', reports]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('a run with an overlay that fails: base conformance passes, the overlay is NOT MET, --overlay-exit sets the exit code', async () => {
  const f = write('fail.yaml', `cim9-overlay: 1
name: ACME outage
requirements:
  - id: ACME-RT-2
    statement: 15-minute reactive energy is delivered
    readingType: "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.73.0"
  - id: ACME-T-2
    timeLimit: { of: restoration, minutes: 2 }
  - id: ACME-E-2
    element: { noun: EndDeviceEvents, path: EndDeviceEvent/reason }
  - id: ACME-T-3
    timeLimit: { of: asyncResult, seconds: 60, noun: EndDeviceControls }
`);
  const reports = join(dir, 'f');
  const r = await runCim9InProcess(['run', '--overlay', f, '--overlay-exit', '4', '--tags', '@uc:outage-detection', '--no-pdf', '-q', '--reports', reports]);
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout, /conformance: \d+ passed, 0 failed, 0 error/);
  assert.match(r.stdout, /utility overlay ACME outage .*: NOT MET: not met ACME-RT-2, ACME-E-2; not checked ACME-T-3/);
  const st = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as { overlay: OverlayJson; counts: { failed: number } };
  assert.equal(st.counts.failed, 0, 'an overlay failure changes no base verdict');
  assert.deepEqual(st.overlay.requirements.map((x) => [x.id, x.verdict]), [['ACME-RT-2', 'not met'], ['ACME-T-2', 'met'], ['ACME-E-2', 'not met'], ['ACME-T-3', 'not checked']]);
  assert.match(st.overlay.requirements[0]!.observed, /^asked for in \d+ request\(s\) the SUT answered; no message of the SUT delivered a value of it$/);
  assert.match(st.overlay.requirements[2]!.observed, /EndDeviceEvents\/EndDeviceEvent element\(s\) in \d+ message\(s\) of the SUT lack reason/);
  const md = readFileSync(join(reports, 'conformance.md'), 'utf8');
  assert.match(md, /Its requirements: \*\*NOT MET\*\*/);
  assert.match(md, /\| ACME-E-2 \| every EndDeviceEvents\/EndDeviceEvent the SUT sends has reason .*\| \*\*NOT MET\*\* \|/);
  assert.match(readFileSync(join(reports, 'conformance.html'), 'utf8'), /NOT MET/);
  // junit.xml: the overlay is a testsuite of its own beside the suite's, a testcase per requirement
  const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
  assert.match(junit, /^<\?xml[^>]*>\s*<testsuites>/);
  assert.match(junit, /<testsuite name="utility overlay: ACME outage" tests="4" failures="2" skipped="1" errors="0">/);
  assert.match(junit, /<testcase classname="utility overlay: ACME outage" name="ACME-RT-2: 15-minute reactive energy is delivered \(the SUT delivers readings of ReadingType [0-9.]+\)">\s*<failure type="OverlayNotMet"/);
  assert.match(junit, /name="ACME-T-3: every asynchronous result to \*\(EndDeviceControls\) within 1 min of its request">\s*<skipped message="not checked: /);
  assert.match(junit, /<testsuite name="cim9 [^"]*" [^>]*failures="0"/, 'the base suite stays as it was');
});

describe('the overlay\'s requirements judged on a synthetic message log', () => {
  const t0 = Date.parse('2026-12-04T10:00:00.000Z');
  const bytes = new Map<ExchangeLogEntry, Buffer>();
  let n = 0;
  const entry = (ms: number, direction: 'sent' | 'received', label: string, xml: string, url?: string): ExchangeLogEntry => {
    const e: ExchangeLogEntry = { at: new Date(t0 + ms).toISOString(), direction, label, ...(url ? { url } : {}), scenario: 'S [p1]', body: { bytes: xml.length, sha256: '' }, pid: 1, n: ++n };
    bytes.set(e, Buffer.from(xml));
    return e;
  };
  const RT = '0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.73.0';
  const get = toSoap({ kind: 'request', header: { verb: 'get', noun: 'MeterReadings', messageId: 'g1' }, request: { query: buildGetMeterReadings({ endDevices: ['M-1'], readingTypes: [RT] }) } } as Message, '1.1').xml;
  const asyncCreate = toSoap({ kind: 'request', header: { verb: 'create', noun: 'EndDeviceControls', messageId: 'a1', asyncReplyFlag: true, replyAddress: 'http://x/replies' } } as Message, '1.1').xml;
  const asyncCreate2 = toSoap({ kind: 'request', header: { verb: 'create', noun: 'EndDeviceControls', messageId: 'a2', asyncReplyFlag: true, replyAddress: 'http://x/replies' } } as Message, '1.1').xml;
  const ack = toSoap({ kind: 'response', header: { verb: 'reply', noun: 'EndDeviceControls', correlationId: 'a1' }, reply: { result: 'OK' } } as Message, '1.1').xml;
  const result = toSoap({ kind: 'event', header: { verb: 'created', noun: 'EndDeviceControls', correlationId: 'a1' }, reply: { result: 'OK' } } as Message, '1.1').xml;
  // a restoration event named through a declared EndDeviceEventType, created 90 s before it arrived
  const restored = toSoap(
    { kind: 'event', header: { verb: 'created', noun: 'EndDeviceEvents' }, payload: { root: buildEndDeviceEvents([{ eventType: 'RESTORED', createdDateTime: new Date(t0).toISOString().replace('.000', ''), meter: 'M-1' }], [{ code: '3.26.0.216', name: 'RESTORED' }]) } } as Message,
    '1.1',
  ).xml;
  const log = [
    entry(0, 'sent', 'get(MeterReadings)', get, 'http://sut/cim'), // never answered
    entry(1000, 'sent', 'create(EndDeviceControls)', asyncCreate, 'http://sut/cim'),
    entry(1100, 'received', 'create(EndDeviceControls): reply', ack),
    entry(6000, 'received', 'delivery #1 to /replies', result),
    entry(7000, 'sent', 'create(EndDeviceControls)', asyncCreate2, 'http://sut/cim'),
    entry(90_000, 'received', 'delivery #2 to /oms/events', restored),
  ];
  const judge = (requirements: Parameters<typeof judgeOverlayRequirements>[0]['requirements']) =>
    judgeOverlayRequirements({ requirements, log, readBody: (e) => bytes.get(e), eventCodes: { outage: ['3.26.0.85'], restoration: ['3.26.0.216'] } });

  test('a ReadingType asked for but never answered is not checked (no verdict on the SUT)', () => {
    const [r] = judge([{ id: 'RT', readingType: RT }]);
    assert.equal(r!.verdict, 'not checked');
    assert.match(r!.observed, /none answered/);
  });

  test('asynchronous results: one late, one that never came; a restoration through a declared event type within its limit', () => {
    const [late, restoration, tooShort, noReply] = judge([
      { id: 'A', timeLimit: { of: 'asyncResult', seconds: 2 } },
      { id: 'R', timeLimit: { of: 'restoration', seconds: 120 } },
      { id: 'R2', timeLimit: { of: 'restoration', seconds: 60 } },
      { id: 'S', timeLimit: { of: 'reply', seconds: 1, noun: 'MeterReadings' } },
    ]);
    assert.equal(late!.verdict, 'not met');
    assert.match(late!.observed, /^2 of 2 asynchronous results over 2 s \(1 never came\); the slowest measured 5 s$/);
    assert.equal(restoration!.verdict, 'met');
    assert.match(restoration!.observed, /1 events restoration \(UC-03: 3\.26\.0\.216\) within 2 min; the slowest 90 s/);
    assert.equal(tooShort!.verdict, 'not met');
    assert.equal(noReply!.verdict, 'not checked');
    assert.match(noReply!.observed, /1 request\(s\) without a reply not measured/);
  });
});
