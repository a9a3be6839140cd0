/**
 * The conformance statement as HTML (src/report/statement-html.ts, built with src/report/html.ts): a hostile SUT
 * cannot add markup to it, it loads nothing from outside its run folder, it shows every scenario, the assumptions,
 * the findings (rule id and message) of a failure with relative links to the bodies exchanged, the waivers and the
 * declared-versus-observed table, and it cuts a huge value with a note. In-process and fast: the run folder is made
 * by hand (cucumber.ndjson from test/messages.ts, the hooks' records, the message log) and the statement written by
 * writeConformanceReport, as `cim9 run` does.
 * Run: node --import tsx --test test/statement-html.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { writeConformanceReport, type ScenarioRecord } from '../src/report/conformance.ts';
import { el, relativeHref, text } from '../src/report/html.ts';
import { renderStatementHtml, STATEMENT_HTML, writeRunStatementHtml, writeStatementHtml, type StatementJson } from '../src/report/statement-html.ts';
import { USE_CASES, USE_CASE_TITLES } from '../src/usecases/ids.ts';
import { loadProfile } from '../src/profile/index.ts';
import { INJECTION } from '../simulator/context.ts';
import { messagesFor } from './messages.ts';
import { ROOT, runCim9InProcess } from './cli.ts';

const profileFile = join(ROOT, 'profiles', 'reference.yaml');
const profile = loadProfile(profileFile);

/** what a hostile SUT puts into the fields it controls */
const HOSTILE = [
  INJECTION,
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  '"><svg onload=alert(3)>\'',
  ']]><!-- <![CDATA[ x ]]> -->',
  '\u0000\u001b[2J\u001b[31mRED\u0007\r\u202e\u2028',
  '<a href="https://evil.example/">click</a><link rel=stylesheet href=//evil.example/x.css><style>@import url(https://evil.example/y.css)</style>',
];
const HUGE = 'H'.repeat(300_000);
const SHA = 'ab'.repeat(32);

function scenario(i: number, over: Partial<ScenarioRecord>): ScenarioRecord {
  return {
    name: `scenario ${i}`,
    uri: 'features/on-request-read.feature',
    tags: [`@usecase:MR-03`, '@role:MDM', '@pattern:P5', '@edition:2013', `@req:MR-03.${i}`],
    uc: ['on-request-read'],
    role: ['MDM'],
    req: [`MR-03.${i}`],
    verdict: 'passed',
    findings: [],
    assumptions: { 'ENV-14': 'request-correlation' },
    exchanges: 1,
    faults: [],
    ...over,
  };
}

/** a run folder as `cim9 run` leaves it before the report: Cucumber's messages, the hooks' records, the message log */
function runFolder(scenarios: ScenarioRecord[], opts: { waivers?: { scenario: string; reason: string; expires: string }[]; plan?: Parameters<typeof writeConformanceReport>[0]['plan'] } = {}): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-statement-'));
  mkdirSync(join(dir, '.scenarios'));
  mkdirSync(join(dir, 'bodies'));
  const { ndjson, records } = messagesFor(scenarios);
  writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
  writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  // each scenario sent one request; the log names the scenario "<name> [<pickle id>]" as the World does
  const log = scenarios.map((s, i) => JSON.stringify({ at: new Date(1_700_000_000_000 + i).toISOString(), direction: 'received', scenario: `${s.name} [p${i}]`, label: `reply ${HOSTILE[i % HOSTILE.length]}`, status: 200, body: { bytes: 3, sha256: SHA, file: `bodies/${SHA}.xml` }, pid: 1, n: i + 1 }));
  writeFileSync(join(dir, '.scenarios', 'exchanges-1.ndjson'), log.join('\n') + '\n');
  writeFileSync(join(dir, 'bodies', `${SHA}.xml`), '<x/>');
  writeConformanceReport({
    reportsDir: dir,
    profile,
    profileFile,
    plan: opts.plan ?? { tagExpression: '', exclusions: [], notApplicable: [] },
    faults: [],
    extraAssumptions: {},
    mode: { kind: 'development', pins: { suiteVersion: '0.0.0', profileSha256: '0'.repeat(64), schemaPack: { name: '2013', sha256: '1'.repeat(64), layers: [] } } },
    ...(opts.waivers ? { waivers: { file: join(dir, 'waivers.yaml'), waivers: opts.waivers } } : {}),
  });
  return dir;
}

/** every start tag of the document: each attribute has a name of ours and a double-quoted value */
function tags(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((m) => m[0]);
}

/** markup a peer's text became: elements we never write, attributes we never write, unquoted attributes */
function injected(html: string): string[] {
  const bad: string[] = [];
  for (const t of tags(html)) {
    if (/^<(script|img|svg|link|iframe|style|object|embed|base|form|meta)\b/i.test(t) && !/^<meta (charset="utf-8"|name="viewport" content="[^"]*")>$/.test(t) && t !== '<style>') bad.push(t);
    if (!/^<[a-z][a-z0-9]*( [a-z][a-z0-9-]*="[^"<>]*")*>$/.test(t)) bad.push(t);
    if (/ on[a-z]+=/i.test(t)) bad.push(t);
  }
  if ((html.match(/<style>/g) ?? []).length !== 1) bad.push('more than one <style>');
  if (/<script/i.test(html)) bad.push('<script');
  return bad;
}

/** a URL the page would load or lead to outside its run folder */
function external(html: string): string[] {
  const out: string[] = [];
  for (const t of tags(html)) {
    for (const m of t.matchAll(/ (href|src|srcset|action|data|poster)="([^"]*)"/g)) {
      const v = m[2]!.replace(/&amp;/g, '&');
      if (/^[a-z][a-z0-9+.-]*:/i.test(v) || v.startsWith('//') || v.startsWith('/') || v.split('/').includes('..')) out.push(v);
    }
  }
  const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  if (/@import|url\s*\(|https?:/i.test(css)) out.push('stylesheet loads something');
  return out;
}

describe('the HTML conformance statement', () => {
  test('what a hostile SUT sends comes out as text: no element, attribute or control character of its own', () => {
    const scenarios = HOSTILE.map((h, i) =>
      scenario(i, {
        name: `scenario ${i} ${h}`,
        verdict: i % 2 ? 'failed' : 'error',
        error: `reply: the SUT violated 1 requirement(s)\n  - CorrelationID ${h}`,
        findings: [{ rule: 'ENV-CORRELATION', severity: 'error', message: `CorrelationID ${h}`, file: `reply ${h}`, xpath: h }],
        assumptions: { 'ENV-14': h },
      }),
    );
    const dir = runFolder(scenarios);
    try {
      const file = writeStatementHtml(dir);
      assert.equal(file, join(dir, STATEMENT_HTML));
      const html = readFileSync(file, 'utf8');
      assert.deepEqual(injected(html), []);
      assert.deepEqual(external(html), []);
      assert.ok(!html.includes('<script'), 'no raw <script from SUT data');
      assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202e\u2028]/.test(html), 'no raw control character');
      // the peer's text is there, escaped and visible
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('&quot;&gt;&lt;svg onload=alert(3)&gt;&#39;'));
      assert.ok(html.includes(']]&gt;'));
      assert.ok(html.includes('\\x1b[2J') && html.includes('\\u202e'), 'control characters made visible');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a hostile profile or a tampered conformance.json cannot add a link out or markup either', () => {
    const st: StatementJson = {
      profile: { name: HOSTILE[1], file: HOSTILE[2], edition: '2013', roles: ['MDM', HOSTILE[1]!], endpoints: { MDM: { url: 'javascript:alert(1)', services: { [HOSTILE[2]!]: 'https://evil.example/' } } } },
      evidence: { bundle: 'https://evil.example/evidence.tar', publicKeyFingerprint: HOSTILE[3] },
      faults: [HOSTILE[0]!],
      scenarios: [{ ...scenario(1, { verdict: 'failed' }), tags: ['@usecase:<b>x</b>', '@cap:"onmouseover=alert(1)'] }],
      waivers: { file: HOSTILE[4]!, entries: [{ scenario: HOSTILE[5]!, reason: HOSTILE[1]!, expires: HOSTILE[2]! }], unmatched: [], unexpectedPasses: [] },
    };
    const html = renderStatementHtml({ statement: st, runFolder: HOSTILE[2]!, messages: [{ at: HOSTILE[1]!, direction: 'received', scenario: 'scenario 1 [p1]', label: HOSTILE[0]!, body: { bytes: 1, sha256: 'x', file: '../../../etc/passwd' }, pid: 1, n: 1 }] });
    assert.deepEqual(injected(html), []);
    assert.deepEqual(external(html), []);
    assert.ok(!html.includes('href="https://evil.example/evidence.tar"'), 'the bundle link is dropped when it is not relative');
  });

  test('every scenario, its use case with its title, the assumptions used and the declared-versus-observed table', () => {
    const scenarios = [
      scenario(1, {}),
      scenario(2, { tags: ['@usecase:EDE-01', '@role:HES', '@cap:async', '@edition:2013', '@req:EDE-01.1'], assumptions: { 'CIM9-83': 'relay' } }),
      scenario(3, { verdict: 'failed', tags: ['@usecase:MR-03', '@role:MDM', '@cap:async', '@edition:2013', '@req:MR-03.3'], error: 'x', findings: [{ rule: 'XSD', severity: 'error', message: 'bad' }] }),
    ];
    const plan = {
      tagExpression: '',
      exclusions: [{ tag: '@role:CIS', reason: 'the SUT does not play the CIS role (sut.roles)' }],
      notApplicable: [{ name: 'a CIS scenario', uri: 'features/client-requests.feature', line: 3, reason: 'the SUT does not play the CIS role (sut.roles)' }],
    };
    const dir = runFolder(scenarios, { plan });
    try {
      const html = readFileSync(writeStatementHtml(dir), 'utf8');
      for (const s of scenarios) assert.ok(html.includes(`>${s.name}<`), s.name);
      assert.ok(html.includes(`MR-03 — ${USE_CASE_TITLES['MR-03']}`));
      assert.ok(html.includes(`EDE-01 — ${USE_CASE_TITLES['EDE-01']}`));
      const assumptions = html.slice(html.indexOf('id="assumptions"'));
      assert.match(assumptions, /ENV-14<\/span><\/td><td><span class="mono">request-correlation<\/span><\/td><td class="n">2</);
      assert.match(assumptions, /CIM9-83<\/span><\/td><td><span class="mono">relay</);
      // declared vs observed: @cap:async declared (not excluded), one pass and one failure; CIS not declared, one n/a
      const pics = html.slice(html.indexOf('id="pics"'), html.indexOf('id="usecases"'));
      assert.match(pics, /@cap:async<\/span><\/td><td><span class="mono">pics.&lt;role&gt;.asyncReplies<\/span><\/td><td>yes<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="n">0<\/td><td class="n">0<\/td><td>declared; 1 failure observed/);
      assert.match(pics, /@role:CIS<\/span><\/td><td><span class="mono">sut.roles<\/span><\/td><td>no<br><span class="mute">the SUT does not play the CIS role \(sut.roles\)<\/span><\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">0<\/td><td class="n">1<\/td><td>not declared: 1 scenario not applicable/);
      assert.match(html, /a CIS scenario/);
      // what the run did not exercise of the profile's edition, and why
      assert.match(html, /Use cases of the 2013 edition this run did not exercise/);
      assert.match(html, /MR-04 — [^<]*<\/td><td>not in this run’s selection, or its scenarios are not applicable to the profile</);
      assert.ok(!/<td>MR-03 — /.test(html), 'an exercised use case is not listed as missing');
      assert.match(html, /NOT PASSED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the endpoints of a system under test are stated as text, without credentials; a certification run says CONFORMANT or NOT CONFORMANT and why', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'cim9-statement-sut-'));
    try {
      const yaml = readFileSync(join(ROOT, 'profiles', 'example-vendor.yaml'), 'utf8').replace('  # basicAuth:\n  #   username: cim9-tester\n  #   password: env:ACME_MDM_PASSWORD', '  basicAuth:\n    username: cim9-tester\n    password: s3cr3t-pw');
      assert.match(yaml, /s3cr3t-pw/);
      const file = join(dir, 'vendor.yaml');
      writeFileSync(file, yaml);
      const vendor = loadProfile(file);
      const { ndjson, records } = messagesFor([scenario(1, {})]);
      mkdirSync(join(dir, '.scenarios'));
      writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
      writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const pins = { suiteVersion: '0.0.0', profileSha256: '0'.repeat(64), schemaPack: { name: '2013', sha256: '1'.repeat(64), layers: [] } };
      writeConformanceReport({ reportsDir: dir, profile: vendor, profileFile: file, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: [], extraAssumptions: {}, mode: { kind: 'certification', pins } });
      const html = readFileSync(writeStatementHtml(dir), 'utf8');
      assert.ok(!html.includes('s3cr3t-pw'), 'no password in the statement');
      // the endpoints are stated as text, never as a link
      assert.match(html, /MDM: <span class="mono">https:\/\/mdm\.example\.com\/cim\/services<\/span>/);
      assert.match(html, /<dt>Roles<\/dt><dd>MDM<\/dd>/);
      assert.match(html, /<dt>SOAP<\/dt><dd>SOAP 1\.1<\/dd>/);
      assert.match(html, /<dt>Name<\/dt><dd>ACME MDM 4\.2 at acceptance lab<\/dd>/);
      assert.match(html, /GetMeterReadings: https:\/\/mdm\.example\.com\/cim\/GetMeterReadings/);
      assert.match(html, /<div class="big">CONFORMANT<\/div>/);
      assert.deepEqual(external(html), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const notConformant = renderStatementHtml({ statement: { run: { mode: 'certification', label: 'certification run', pins: { suiteVersion: '0', profileSha256: '0', schemaPack: { name: '2013', sha256: '1', layers: [] } }, conformant: false, notConformantBecause: ['1 scenario(s) failed (the SUT violated a requirement)'] }, counts: { ran: 1, failed: 1 } }, runFolder: 'r', messages: [] });
    assert.match(notConformant, /<div class="big">NOT CONFORMANT<\/div><div>Certification run: 1 scenario\(s\) failed/);
  });

  test('messages no scenario expected are listed escaped, the first 50, and counted', () => {
    const deliveries = Array.from({ length: 60 }, (_, i) => ({ seq: i + 1, receivedAt: new Date(0).toISOString(), path: `x/${HOSTILE[i % HOSTILE.length]}`, delivery: 'accepted', inspected: { verb: HOSTILE[(i + 1) % HOSTILE.length]!, noun: 'EndDeviceEvents', correlationId: HOSTILE[(i + 2) % HOSTILE.length]! } }));
    const html = renderStatementHtml({ statement: { unsolicited: deliveries, lateReplies: deliveries.slice(0, 2) }, runFolder: 'r', messages: [] });
    assert.deepEqual(injected(html), []);
    assert.match(html, /Unsolicited messages \(60\)/);
    assert.match(html, /Late replies \(2\)/);
    assert.match(html, /… and 10 more \(every one is in conformance\.json\)/);
  });

  test('a failing run shows the finding with its rule id and relative links to the bodies exchanged', () => {
    const dir = runFolder([scenario(1, {}), scenario(2, { verdict: 'failed', error: 'get(MeterReadings): reply: the SUT violated 1 requirement(s)', findings: [{ rule: 'ENV-CORRELATION', severity: 'error', message: 'the reply carries no CorrelationID', clause: '61968-100:2013 5.4' }] })]);
    try {
      const html = readFileSync(writeStatementHtml(dir), 'utf8');
      const failures = html.slice(html.indexOf('id="failures"'), html.indexOf('id="warnings"'));
      assert.match(failures, /<span class="v v-failed">FAILED<\/span> scenario 2/);
      assert.match(failures, /ENV-CORRELATION/);
      assert.match(failures, /the reply carries no CorrelationID/);
      assert.match(failures, /61968-100:2013 5.4/);
      assert.ok(failures.includes(`<a href="bodies/${SHA}.xml">bodies/${SHA}.xml</a>`), 'a relative link to the body');
      assert.ok(!failures.includes('scenario 1'), 'a passed scenario has no findings section');
      // the use case table links the failed scenario to its findings
      assert.match(html, /<a href="#s-2">scenario 2<\/a>/);
      assert.match(html, /<div class="scenario" id="s-2">/);
      assert.deepEqual(external(html), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('waivers applied are listed with their outcome', () => {
    const dir = runFolder([scenario(1, { verdict: 'failed', error: 'x', findings: [{ rule: 'XSD', severity: 'error', message: 'm' }] })], { waivers: [{ scenario: 'MR-03.1', reason: 'fixed in release 4.2', expires: '2099-01-01' }] });
    try {
      const html = readFileSync(writeStatementHtml(dir), 'utf8');
      const waivers = html.slice(html.indexOf('id="waivers"'), html.indexOf('id="deliveries"'));
      assert.match(waivers, /MR-03\.1/);
      assert.match(waivers, /fixed in release 4\.2/);
      assert.match(waivers, /2099-01-01/);
      assert.match(waivers, /1 failure\(s\) waived/);
      assert.match(html, /ALL PASSED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a huge value from the SUT is cut with a note; the page stays small', () => {
    const dir = runFolder([scenario(1, { name: `scenario ${HUGE}`, verdict: 'failed', error: HUGE, findings: [{ rule: 'XSD', severity: 'error', message: HUGE }] })]);
    try {
      const html = readFileSync(writeStatementHtml(dir), 'utf8');
      assert.ok(html.length < 150_000, `${html.length} characters`);
      assert.match(html, /<span class="trunc">… \[truncated: \d+ more characters; the whole value is in conformance\.json or the evidence bundle\]<\/span>/);
      assert.ok(!html.includes('H'.repeat(20_000)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('cim9 report rebuilds conformance.html from a run folder; html is its only format; bad input is one line, exit 2', async () => {
    const dir = runFolder([scenario(1, {})]);
    try {
      assert.ok(!existsSync(join(dir, STATEMENT_HTML)));
      const r = await runCim9InProcess(['report', '--run', dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /conformance\.html/);
      assert.match(readFileSync(join(dir, STATEMENT_HTML), 'utf8'), /^<!doctype html>/);
      const first = readFileSync(join(dir, STATEMENT_HTML), 'utf8');
      const again = await runCim9InProcess(['report', '--format', 'html', '--reports', dir]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(readFileSync(join(dir, STATEMENT_HTML), 'utf8'), first, 'a rebuild writes the same page (the copy in the signed bundle)');
      // html is the only format: any other is a usage error, one line, exit 2, and the page is left as it was
      for (const format of ['pdf', 'json']) {
        const other = await runCim9InProcess(['report', '--format', format, '--run', dir]);
        assert.equal(other.code, 2, format);
        assert.equal(other.stderr.trim().split('\n').length, 1, other.stderr);
        assert.match(other.stderr, new RegExp(`'${format}' is invalid.*html`), other.stderr);
      }
      assert.equal(readFileSync(join(dir, STATEMENT_HTML), 'utf8'), first);
      const empty = mkdtempSync(join(os.tmpdir(), 'cim9-statement-none-'));
      const none = await runCim9InProcess(['report', '--run', empty]);
      assert.equal(none.code, 2);
      assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
      rmSync(empty, { recursive: true, force: true });
      writeFileSync(join(dir, 'conformance.json'), '{ not json');
      const broken = await runCim9InProcess(['report', '--run', dir]);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /conformance\.json: not JSON/);
      const both = await runCim9InProcess(['report', '--run', dir, '--reports', dir]);
      assert.equal(both.code, 2);
      const bad = await runCim9InProcess(['report', '--format', 'pdf', '--run', dir]);
      assert.equal(bad.code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a page that cannot be written is one line, and no page of an earlier run is left in its place', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-statement-stale-'));
  try {
    writeFileSync(join(dir, STATEMENT_HTML), 'an earlier run');
    writeFileSync(join(dir, 'conformance.json'), '[]');
    const r = writeRunStatementHtml(dir);
    assert.equal(r.ok, false);
    assert.match(r.line, /^cim9: no conformance\.html written: .*conformance\.json: not a conformance statement$/);
    assert.ok(!existsSync(join(dir, STATEMENT_HTML)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the element builder (src/report/html.ts)', () => {
  test('text is escaped, attributes are quoted, links stay inside the run folder', () => {
    assert.equal(el('p', { title: '"x\' <y>' }, '<b>&').html, '<p title="&quot;x&#39; &lt;y&gt;">&lt;b&gt;&amp;</p>');
    assert.equal(el('a', { href: 'javascript:alert(1)' }, 'x').html, '<a>x</a>');
    for (const bad of ['https://x.example/', '//x.example/a', '/etc/passwd', '../x', 'bodies/../../x', 'data:text/html,x', ' javascript:x', 'a b']) assert.equal(relativeHref(bad), undefined, bad);
    for (const good of ['#s-1', 'bodies/ab.xml', 'evidence.tar']) assert.equal(relativeHref(good), good);
    assert.throws(() => el('script', null, 'x'));
    assert.throws(() => el('a', { onclick: 'x' }));
    assert.throws(() => el('div', { style: 'background:url(https://x.example/)' }));
    assert.match(text('x'.repeat(50), 10).html, /^x{10}<span class="trunc">… \[truncated: 40 more characters/);
  });

  test('every use case has a title', () => {
    for (const u of USE_CASES) assert.ok(USE_CASE_TITLES[u.id], u.id);
    assert.deepEqual(Object.keys(USE_CASE_TITLES).filter((id) => !USE_CASES.some((u) => u.id === id)), []);
  });
});

test('who: the vendor, product and version the profile states are on the page, as text; "not stated" otherwise', () => {
  const html = renderStatementHtml({ statement: { profile: { name: 'lab SUT', vendor: 'ACME <b>Corp</b>', product: 'ACME MDM', version: '4.2' }, counts: { ran: 1 } }, runFolder: 'r', messages: [] });
  assert.match(html, /<dt>Vendor<\/dt><dd>ACME &lt;b&gt;Corp&lt;\/b&gt;<\/dd>/);
  assert.match(html, /<dt>Product and version<\/dt><dd>ACME MDM version 4\.2<\/dd>/);
  assert.match(renderStatementHtml({ statement: { profile: { name: 'x' }, counts: { ran: 1 } }, runFolder: 'r', messages: [] }), /not stated in the profile \(sut\.vendor\)/);
  const p = loadProfile(join(ROOT, 'profiles', 'example-vendor.yaml'));
  assert.deepEqual([p.sut.vendor, p.sut.product, p.sut.version], ['ACME Utility Software', 'ACME MDM', '4.2']);
});
