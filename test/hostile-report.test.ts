/**
 * A hostile SUT cannot write into the reports: everything it controls (CorrelationIDs, verbs, nouns, finding
 * messages that quote them, delivery paths) goes through one escaper per output format (src/report/escape.ts).
 * Injection strings are fed through the conformance statement (Markdown and JSON), the console lines, and, in one
 * run of the suite against the embedded SUT with fault injection-in-correlation-id, through every report Cucumber
 * writes (HTML, JUnit XML, messages) and the terminal.
 * Run: node --import tsx --test test/hostile-report.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { markdownBlock, markdownInline, terminal, plainText } from '../src/report/escape.ts';
import { messagesFor } from './messages.ts';
import { writeConformanceReport, UNSOLICITED_LISTED, type ScenarioRecord } from '../src/report/conformance.ts';
import { attachableBody, ATTACH_WHOLE_BYTES, storeBody } from '../src/report/bodies.ts';
import { readTar } from '../src/report/tar.ts';
import { verifyBundle } from '../src/report/evidence.ts';
import { parseXml } from '../src/xml/index.ts';
import { ConformanceFailure } from '../src/session/verdict.ts';
import { loadProfile } from '../src/profile/index.ts';
import { INJECTION } from '../simulator/context.ts';
import { ROOT, runCim9 } from './cli.ts';
import { writeStatementHtml } from '../src/report/statement-html.ts';

const profileFile = join(ROOT, 'profiles', 'reference.yaml');
const profile = loadProfile(profileFile);

/** what a hostile peer puts into a field it controls */
const INJECTIONS = [
  INJECTION,
  'x\n# ALL SCENARIOS PASSED\n\n| passed | UC-1 | fake | — |',
  '```\n## Fake heading\n```',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  '\u001b[2J\u001b[31mRED\u001b[0m\r\u0007',
  '- [x] ok\n> quoted\n1. listed\n---',
  '\u202egnirts desrever\u2028next',
  // very long: the cut of a long value must not leave markup (a table breaker, a fence, a heading) after it
  `${'|'.repeat(2500)}\\\n# ALL SCENARIOS PASSED\n${'`'.repeat(5000)}<script>alert(3)</script>`,
];

/** Markdown lines that a peer's text made into structure: headings, table rows, fences, HTML, list items we did not write */
function injectedMarkdown(md: string): string[] {
  const ours = /^(# cim9 conformance statement|## (Scenarios|Evidence of failures|Evidence bundle|Warnings|Not applicable|Late replies|Messages the SUT sent|Assumptions in force|Declared versus observed per noun and verb \(PICS\)|Declared versus observed per use case|Results per requirement \(the coverage matrix of this run\)|Attested requirements \(declared, not tested\)|Skipped scenarios \(no verdict\)|Utility overlay)|### (failed|error): )/;
  const bad: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const f = /^(`{3,})/.exec(line);
    if (fence) {
      if (f && f[1] === fence && line.trim() === fence) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    if (/^#/.test(line) && !ours.test(line)) bad.push(line);
    if (/<(script|img)/i.test(line)) bad.push(line);
    if (/ALL SCENARIOS PASSED/.test(line) && !/\\#|ALL SCENARIOS PASSED\\n/.test(line) && !/^- |^\|/.test(line)) bad.push(line);
    if (/^\| passed \| UC-/.test(line)) bad.push(line);
  }
  if (fence) bad.push(`unclosed fence ${fence}`);
  return bad;
}

describe('escapers', () => {
  test('the detector of injected Markdown sees an unescaped injection', () => {
    assert.ok(injectedMarkdown(`- x ${INJECTIONS[1]}\n${INJECTIONS[3]}`).length >= 3);
    assert.ok(injectedMarkdown(`- x ${INJECTION}`).length >= 1);
    assert.ok(injectedMarkdown(['```', 'ok', '```', ...markdownBlock('```\n# no')].join('\n')).length === 0);
  });
  test('Markdown inline: one line, no markup, no HTML', () => {
    for (const s of INJECTIONS) {
      const e = markdownInline(s);
      assert.ok(!e.includes('\n') && !e.includes('\r'), e);
      assert.ok(!/<[a-z]/i.test(e), e);
      assert.ok(!/(^|[^\\])[|`*_[\]]/.test(e), e);
      assert.ok(!/^\s*(#|-|>|\d+\.)/.test(e), e);
      assert.ok(!/[\u0000-\u001f\u202e\u2028]/.test(e), e);
    }
  });
  test('Markdown block: the fence cannot be closed from inside', () => {
    for (const s of [...INJECTIONS, '````\n# x\n````', '`````']) {
      const [open, body, close] = markdownBlock(s);
      const fence = open!.replace(/text$/, '');
      assert.equal(close, fence);
      assert.ok(!body!.split('\n').some((l) => l.trim().startsWith(fence)), body);
    }
  });
  test('terminal: no control sequence, no line break', () => {
    for (const s of INJECTIONS) assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/.test(terminal(s)), terminal(s));
    assert.equal(plainText('a\u001b[2Jb'), 'a\\x1b[2Jb');
  });
  test('a ConformanceFailure shows one line per finding and no stack frames', () => {
    const f = new ConformanceFailure('reply', [{ rule: 'ENV-CORRELATION', severity: 'error', message: `CorrelationID ${INJECTIONS[4]}${INJECTIONS[1]}`, clause: '' }]);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(f.message), f.message);
    assert.ok(!f.message.split('\n').some((l) => l.startsWith('#')), f.message);
    assert.ok(!/\n\s+at /.test(f.stack ?? ''), f.stack);
  });
});

describe('bodies', () => {
  test('a large body is stored once and attached as an excerpt with its length and sha256', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-bodies-'));
    try {
      const big = Buffer.alloc(ATTACH_WHOLE_BYTES * 3, 'a');
      const s1 = storeBody(dir, big);
      const s2 = storeBody(dir, big);
      assert.deepEqual(s1, s2);
      assert.equal(readdirSync(join(dir, 'bodies')).length, 1);
      const a = attachableBody(big, s1);
      assert.equal(a.excerpt, true);
      assert.ok(a.text.length < ATTACH_WHOLE_BYTES + 1000);
      assert.match(a.text, new RegExp(`of ${big.byteLength} bytes, sha256 ${s1.sha256}`));
      assert.match(a.text, /bodies\/[0-9a-f]{64}\.xml/);
      assert.deepEqual(attachableBody(Buffer.from('<a/>')), { text: '<a/>', excerpt: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the budget for stored bodies', () => {
  test('beyond CIM9_BODIES_MAX_MB a body is named by length and digest only', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-budget-'));
    const before = process.env['CIM9_BODIES_MAX_MB'];
    process.env['CIM9_BODIES_MAX_MB'] = '1';
    try {
      const stored = Array.from({ length: 6 }, (_, i) => storeBody(dir, Buffer.alloc(256 * 1024, String(i))));
      assert.ok(stored.some((b) => b.file === undefined));
      const onDisk = existsSync(join(dir, 'bodies')) ? readdirSync(join(dir, 'bodies')).length : 0;
      assert.ok(onDisk * 256 * 1024 <= 1024 * 1024, `${onDisk} bodies`);
      const missing = stored.find((b) => !b.file)!;
      assert.match(attachableBody(Buffer.alloc(256 * 1024, '5'), missing).text, /not stored: the run reached its limit/);
    } finally {
      if (before === undefined) delete process.env['CIM9_BODIES_MAX_MB'];
      else process.env['CIM9_BODIES_MAX_MB'] = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the conformance statement of a hostile SUT', () => {
  test('injection strings in errors, warnings and unsolicited deliveries come out escaped; unsolicited are capped', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-hostile-'));
    try {
      mkdirSync(join(dir, '.scenarios'));
      const scenarios: ScenarioRecord[] = INJECTIONS.map((inj, i) => ({
        name: `scenario ${i}`,
        uri: 'features/x.feature',
        tags: [],
        uc: ['UC-1'],
        role: ['MDM'],
        req: [],
        verdict: i % 2 ? 'failed' : 'error',
        error: `reply: the SUT violated 1 requirement(s)\n  - CorrelationID ${inj}`,
        findings: [{ rule: 'ENV-CORRELATION', severity: 'warning', message: `CorrelationID ${inj}`, clause: '' }],
        assumptions: { 'ENV-14': inj },
        exchanges: 1,
        faults: [],
      }));
      const { ndjson, records } = messagesFor(scenarios);
      writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
      writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((s) => JSON.stringify(s)).join('\n') + '\n');
      const deliveries = Array.from({ length: 1000 }, (_, i) => ({
        seq: i + 1,
        receivedAt: new Date(0).toISOString(),
        path: i % 2 ? 'oms/events' : `x/${INJECTIONS[i % INJECTIONS.length]}`,
        delivery: 'accepted',
        inspected: { verb: INJECTIONS[i % INJECTIONS.length], noun: 'EndDeviceEvents', correlationId: INJECTIONS[(i + 1) % INJECTIONS.length] },
      }));
      writeFileSync(join(dir, '.scenarios', 'unsolicited-1.ndjson'), deliveries.map((d) => JSON.stringify(d)).join('\n') + '\n');
      const summary = writeConformanceReport({ reportsDir: dir, profile, profileFile, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: [], extraAssumptions: {} });
      const md = readFileSync(join(dir, 'conformance.md'), 'utf8');
      assert.deepEqual(injectedMarkdown(md), []);
      // the cap: a count per address, at most UNSOLICITED_LISTED listed, all in the JSON
      const listed = md.split('\n').filter((l) => /^- \\?#?\d+ at /.test(l) || /^- #\d+ at /.test(l));
      assert.equal(listed.length, UNSOLICITED_LISTED, md);
      assert.match(md, /and 950 more/);
      assert.match(md, /\| \/oms\/events \(accepted\) \| 500 \|/);
      const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { unsolicited: unknown[]; counts: Record<string, number> };
      assert.equal(json.unsolicited.length, 1000);
      // the console: no control character, and the closing line has the statement's counts
      for (const l of summary.lines) assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(l), l);
      const verdicts = /^- Verdicts: (.*)$/m.exec(md)![1]!;
      assert.equal(summary.lines.at(-1), `conformance: ${verdicts}`);
      assert.equal(verdicts, '0 passed, 4 failed, 4 error, 0 not applicable, 0 skipped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a hostile actual (markup, a CDATA end, control characters, 20 MiB) is escaped and cut in json, md, html and junit', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-actual-'));
    try {
      mkdirSync(join(dir, '.scenarios'));
      const hostile = `<script>alert(1)</script>]]><x/>\u001b[31m\u0000\u0007|# fake|\n## Heading\n${'A'.repeat(20 * 1024 * 1024)}TAIL`;
      const finding = { rule: 'ENV-CORRELATION', severity: 'error' as const, clause: '61968-100:2013 5', message: 'CorrelationID differs', xpath: '/soap:Envelope/soap:Body/m:ResponseMessage/m:Header/m:CorrelationID', expected: 'CorrelationID "req-1"', actual: hostile };
      const failure = new ConformanceFailure('reply header', [finding]);
      const scenario: ScenarioRecord = { name: 'hostile actual', uri: 'features/x.feature', tags: ['@req:X-1'], uc: [], role: [], req: ['X-1'], verdict: 'failed', error: failure.message, findings: [finding], assumptions: {}, exchanges: 1, faults: [] };
      const { ndjson, records } = messagesFor([scenario]);
      writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
      writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      // junit.xml as Cucumber's formatter writes it: the failure's text (its stack) in CDATA, split where it holds "]]>"
      const cdata = (x: string) => `<![CDATA[${x.split(']]>').join(']]]]><![CDATA[>')}]]>`;
      writeFileSync(join(dir, 'junit.xml'), `<?xml version="1.0"?><testsuite name="cim9" tests="1" failures="1" skipped="0"><testcase classname="x" name="hostile actual"><failure type="ConformanceFailure" message="reply header">${cdata(failure.stack ?? failure.message)}</failure></testcase></testsuite>`);
      writeConformanceReport({ reportsDir: dir, profile, profileFile, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: [], extraAssumptions: {} });
      // json: the value as data, cut
      const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { scenarios: { findings: { expected?: string; actual?: string }[] }[] };
      const f = json.scenarios[0]!.findings[0]!;
      assert.equal(f.expected, 'CorrelationID "req-1"');
      assert.ok(f.actual!.startsWith('<script>alert(1)</script>]]><x/>'), f.actual!.slice(0, 80));
      assert.ok(f.actual!.length < 600, String(f.actual!.length));
      assert.match(f.actual!, /… \(\d+ more characters\)$/);
      assert.ok(!f.actual!.includes('TAIL'));
      assert.ok(readFileSync(join(dir, 'conformance.json')).byteLength < 200_000);
      // md: expected and actual in columns of their own, escaped; nothing of the SUT's became markup
      const md = readFileSync(join(dir, 'conformance.md'), 'utf8');
      assert.deepEqual(injectedMarkdown(md), []);
      assert.match(md, /\| severity \| rule \(clause\) \| finding \| expected \| actual \| XPath \|/);
      const row = md.split('\n').find((l) => l.startsWith('| error | ENV-CORRELATION'))!;
      assert.ok(row, md.slice(0, 3000));
      // the SUT's markup as entities, Markdown's characters (| [ ] \\) escaped, control characters made visible, cut
      assert.ok(row.includes('| CorrelationID "req-1" | &lt;script&gt;alert(1)&lt;/script&gt;\\]\\]&gt;&lt;x/&gt;\\\\x1b\\[31m\\\\x00\\\\x07\\|# fake\\|'), row.slice(0, 300));
      assert.match(row, /A… \(\d+ more characters\) \| \/soap:Envelope/);
      assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(md));
      assert.ok(md.length < 100_000, String(md.length));
      // html: text, never markup; the columns there
      const html = readFileSync(writeStatementHtml(dir), 'utf8');
      assert.ok(!html.includes('<script'), 'raw script in conformance.html');
      assert.ok(!html.includes('<x/>'));
      assert.match(html, /<th>expected<\/th><th>actual<\/th>/);
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;&lt;x/&gt;\\x1b[31m\\x00\\x07'), 'the actual, escaped, in conformance.html');
      assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(html));
      assert.ok(html.length < 400_000, String(html.length));
      // junit.xml (rewritten through src/xml): a well-formed file, the failure text with expected and actual lines, cut
      const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
      const parsedJunit = parseXml(Buffer.from(junit));
      assert.ok(parsedJunit.ok, 'junit.xml is well-formed');
      const outsideCdata = junit.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
      assert.ok(!outsideCdata.includes('<script>') && !outsideCdata.includes('<x/>'), 'raw markup in junit.xml');
      assert.match(junit, /expected: CorrelationID (&quot;|")req-1(&quot;|")/);
      // ']]>' is shown as ']]\x3e' in verdict texts (src/session/verdict.ts: xmlbuilder splits only the first one in CDATA)
      assert.match(junit, /actual: &lt;script&gt;alert\(1\)&lt;\/script&gt;\]\]\\x3e&lt;x\/&gt;\\x1b\[31m\\x00\\x07/);
      assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(junit));
      assert.ok(junit.length < 50_000, String(junit.length));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a run against fault injection-in-correlation-id: every report shows the injection escaped', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-inject-'));
    try {
      const r = await runCim9(['run', '--profile', profileFile, '--reports', dir, '--fault', 'injection-in-correlation-id', 'features/on-request-read.feature']);
      assert.equal(r.code, 1, r.stderr);
      const md = readFileSync(join(dir, 'conformance.md'), 'utf8');
      assert.match(md, /ALL SCENARIOS PASSED/, 'the injection reached the statement (as evidence)');
      assert.deepEqual(injectedMarkdown(md), []);
      assert.match(md, /- Verdicts: 0 passed, 4 failed/);
      // where each failed scenario stopped, and the later steps that did not run because of it
      assert.match(md, /Stopped at the step "And the reply header is conformant"; the \d+ step\(s\) after it did not run because it did not pass: "And the reply has Result/);
      // HTML: no element of the peer's
      const htmlReport = readFileSync(join(dir, 'cucumber.html'), 'utf8');
      assert.ok(!htmlReport.includes('<script>alert("cim9")'), 'raw script in cucumber.html');
      assert.ok(!htmlReport.includes('<img src=x'), 'raw img in cucumber.html');
      // our own HTML statement: the injection is there as text, no element of the peer's, and it is in the signed bundle
      const statement = readFileSync(join(dir, 'conformance.html'), 'utf8');
      assert.ok(statement.includes('&lt;script&gt;alert(&quot;cim9&quot;)'), 'the injection reached conformance.html (as text)');
      assert.ok(!statement.includes('<script'), 'raw script in conformance.html');
      assert.ok(!statement.includes('<img'), 'raw img in conformance.html');
      assert.match(statement, /0 passed, 4 failed/);
      assert.ok(readTar(join(dir, 'evidence.tar'), () => false).entries.some((e) => e.name === 'conformance.html'), 'conformance.html is in the signed bundle');
      // the bundle's member names are the suite's own (no name from the SUT), and it verifies
      for (const e of readTar(join(dir, 'evidence.tar'), () => false).entries) assert.match(e.name, /^[A-Za-z0-9._/-]+$/, e.name);
      assert.equal(verifyBundle(join(dir, 'evidence.tar')).ok, true);
      // JSON: parses, and keeps the SUT's text verbatim (JSON escapes it)
      const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { scenarios: { findings: { message: string }[] }[] };
      assert.ok(json.scenarios.some((sc) => sc.findings.some((f) => f.message.includes(INJECTION))), 'conformance.json keeps the CorrelationID as sent');
      // JUnit XML: escaped, or inside CDATA that the peer could not close
      const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
      assert.ok(parseXml(junit).ok, 'junit.xml is well-formed XML whatever the SUT wrote (]]> included)');
      const outsideCdata = junit.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
      assert.ok(!outsideCdata.includes('<script>'), 'raw script in junit.xml');
      assert.ok(!outsideCdata.includes('<img src=x'), 'raw img in junit.xml');
      // the terminal: no stack frames of the suite under the failed steps, the closing line equals the statement
      assert.ok(!/\n\s+at .*\(.*\.ts:\d+:\d+\)/.test(r.stdout), 'stack frames on the console');
      const verdicts = /^- Verdicts: (.*)$/m.exec(md)![1]!;
      assert.ok(r.stdout.trimEnd().endsWith(`conformance: ${verdicts}`), r.stdout.slice(-400));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
