/**
 * Attested requirements (src/profile/attestations.ts): what no message exchange can show is declared in the profile's
 * attestations: and reported "attested by <who>" or "not attested" in every statement format — never passed; a
 * certification run lists the missing ones and is not conformant; the profile section is checked (exit 2, one line
 * naming the file and field); the requirement catalogue lists them as a class of their own (testability attested).
 * Run: node --import tsx --test test/attestations.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, runCim9InProcess } from './cli.ts';
import { messagesFor } from './messages.ts';
import { ProfileError, loadProfile, type Profile } from '../src/profile/index.ts';
import { ATTESTED_REQUIREMENTS, attestedFor } from '../src/profile/attestations.ts';
import { attestedRequirements, requirementCatalogue } from '../src/cli/requirements.ts';
import { currentIds, brokenPromises } from '../src/cli/released-ids.ts';
import { writeConformanceReport, type ScenarioRecord } from '../src/report/conformance.ts';
import { renderStatementHtml, writeStatementHtml } from '../src/report/statement-html.ts';
import { RULES } from '../src/checks/catalogue.ts';

const VENDOR = join(ROOT, 'profiles', 'example-vendor.yaml');
const HOSTILE = '<script>alert(1)</script> & | **bold**';

function withProfile(extra: string, fn: (file: string) => void): void {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-attest-'));
  try {
    const base = readFileSync(VENDOR, 'utf8').replace(/\nattestations:\n(?: {2}.*\n|\n)*?(?=# The SUT's expected-failure ledger)/, '\n');
    assert.ok(!/^attestations:/m.test(base));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, `${base}\n${extra}\n`);
    fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problem = (file: string): ProfileError => {
  try {
    loadProfile(file);
  } catch (e) {
    if (e instanceof ProfileError) return e;
    throw e;
  }
  assert.fail('the profile was accepted');
};

test('the catalogue: attested requirements are a class of their own, each resting on a section of the spec with a reason', () => {
  const attested = attestedRequirements();
  assert.equal(attested.length, ATTESTED_REQUIREMENTS.length);
  for (const a of attested) {
    assert.equal(a.testability, 'attested');
    assert.deepEqual(a.unresolved, [], a.id);
    assert.ok(a.sources.length && a.reason && a.statement, a.id);
    assert.match(a.since, /^\d+\.\d+\.\d+/);
  }
  // no id of both classes
  const rules = new Set(RULES.map((r) => r.id));
  assert.deepEqual(attested.filter((a) => rules.has(a.id)), []);
  // every requirement of the whole catalogue: scenarios (testable), an attestation (attested), or a reason (not testable)
  const classes = [...requirementCatalogue().map((r) => (r.scenarios.length ? 'testable' : 'no scenario')), ...attested.map((a) => (a.reason ? 'attested' : 'no reason'))];
  assert.ok(!classes.includes('no scenario') && !classes.includes('no reason'));
  // an attested id is part of the released-id promise
  const now = currentIds();
  assert.ok(now.attested && 'ATT-OUTAGE-LOG' in now.attested);
  const later = structuredClone(now);
  delete later.attested!['ATT-OUTAGE-LOG'];
  assert.match(brokenPromises(now, later).join('\n'), /attested ATT-OUTAGE-LOG of .* is gone/);
  // which apply: by role and edition
  assert.deepEqual(attestedFor(['OMS'], '2013').map((a) => a.id), ['ATT-SECURITY']);
  assert.deepEqual(attestedFor(['MDM'], '2024').map((a) => a.id).sort(), ['ATT-OUTAGE-LOG', 'ATT-SECURITY', 'ATT-TAMPER-RECORD']);
});

test('cim9 requirements lists them: text, json (attested) and md', async () => {
  const json = await runCim9InProcess(['requirements', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { attested: { id: string; testability: string }[] };
  assert.deepEqual(doc.attested.map((a) => a.testability), ATTESTED_REQUIREMENTS.map(() => 'attested'));
  const text = await runCim9InProcess(['requirements']);
  assert.match(text.stdout, /^ATT-TAMPER-RECORD +attested /m);
  assert.match(readFileSync(join(ROOT, 'docs', 'requirements.md'), 'utf8'), /## What the vendor attests[\s\S]*\| \*\*ATT-OUTAGE-LOG\*\* \(all\) \| MDM \|/);
});

test('the profile section: an unknown id, one of a role the SUT does not play, one attested twice, a future date, a missing field are profile errors naming the field', async () => {
  const entry = (req: string, date = '2026-01-01') => `  - requirement: ${req}\n    by: Jane Roe\n    statement: declared\n    date: "${date}"\n`;
  withProfile(`attestations:\n${entry('ATT-NO-SUCH')}`, (file) => {
    const e = problem(file);
    assert.equal(e.issues.length, 1);
    assert.match(e.message, /p\.yaml:\d+:\d+: attestations\[0\]\.requirement: "ATT-NO-SUCH" is no attested requirement of the suite/);
  });
  withProfile(`attestations:\n${entry('ATT-SECURITY')}${entry('ATT-SECURITY')}${entry('ATT-OUTAGE-LOG', '2999-01-01')}`, (file) => {
    const e = problem(file);
    assert.match(e.message, /attestations\[1\]\.requirement: ATT-SECURITY is attested twice \(first at attestations\[0\]\)/);
    assert.match(e.message, /attestations\[2\]\.date: 2999-01-01 is in the future/);
  });
  withProfile(`attestations:\n  - requirement: ATT-SECURITY\n    statement: declared\n    date: "2026-01-01"\n`, (file) => {
    assert.match(problem(file).message, /attestations\[0\]/);
    assert.match(problem(file).message, /by/);
  });
  // a role the SUT does not play: an OMS profile attesting the MDM's outage log
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-attest-oms-'));
  try {
    const oms = readFileSync(join(ROOT, 'profiles', 'reference-oms.yaml'), 'utf8');
    const file = join(dir, 'oms.yaml');
    writeFileSync(file, `${oms}\nattestations:\n${entry('ATT-OUTAGE-LOG')}`);
    assert.match(problem(file).message, /attestations\[0\]\.requirement: ATT-OUTAGE-LOG applies to MDM, not to this SUT \(roles OMS/);
    // the CLI: one line, exit 2
    const r = await runCim9InProcess(['run', '--profile', file, '--dry-run', '--no-pdf']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /oms\.yaml:\d+:\d+: attestations\[0\]\.requirement: ATT-OUTAGE-LOG applies to MDM/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the statement: "attested by <who>" or "not attested" in json, md and html, never passed; a certification run lists the missing ones and is not conformant', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-attest-run-'));
  try {
    const loaded = loadProfile(VENDOR);
    const pins = { suiteVersion: '0.0.0', profileSha256: '0'.repeat(64), schemaPack: { name: '2013', sha256: '1'.repeat(64), layers: [] } };
    const write = (profile: Profile, kind: 'certification' | 'development') => {
      rmSync(join(dir, '.scenarios'), { recursive: true, force: true });
      mkdirSync(join(dir, '.scenarios'));
      const s: ScenarioRecord = { name: 'one', uri: 'features/x.feature', tags: ['@req:X-1'], uc: [], role: [], req: ['X-1'], verdict: 'passed', findings: [], assumptions: {}, exchanges: 1, faults: [] };
      const { ndjson, records } = messagesFor([s]);
      writeFileSync(join(dir, 'cucumber.ndjson'), ndjson);
      writeFileSync(join(dir, '.scenarios', 'scenarios-1.ndjson'), records.map((x) => JSON.stringify(x)).join('\n') + '\n');
      const summary = writeConformanceReport({ reportsDir: dir, profile, profileFile: VENDOR, plan: { tagExpression: '', exclusions: [], notApplicable: [] }, faults: [], extraAssumptions: {}, mode: { kind, pins } });
      const json = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { attestations: { id: string; status: string; label: string; by?: string }[]; run: { conformant?: boolean; notConformantBecause?: string[] } };
      return { summary, json, md: readFileSync(join(dir, 'conformance.md'), 'utf8'), html: readFileSync(writeStatementHtml(dir), 'utf8') };
    };
    // every attestation given: a certification run can be conformant
    const full = write(loaded, 'certification');
    assert.equal(full.summary.conformant, true, JSON.stringify(full.json.run));
    assert.deepEqual(full.json.attestations.map((a) => [a.id, a.status]), [['ATT-OUTAGE-LOG', 'attested'], ['ATT-TAMPER-RECORD', 'attested'], ['ATT-SECURITY', 'attested']]);
    assert.equal(full.json.attestations[2]!.label, 'attested by John Doe, security officer, ACME Utility Software');
    assert.match(full.md, /## Attested requirements \(declared, not tested\)[\s\S]*\| \*\*ATT-OUTAGE-LOG\*\* \|[^\n]*\| attested by Jane Roe, QA lead, ACME Utility Software \| ACME MDM 4\.2 writes/);
    assert.match(full.html, /<h2[^>]*>Attested requirements<\/h2>/);
    assert.match(full.html, /attested by John Doe, security officer, ACME Utility Software/);
    // never "passed": not in the attested rows, nor as a requirement verdict of the matrix
    const section = full.md.split('## Attested requirements')[1]!.split('\n## ')[0]!;
    assert.ok(!/passed/i.test(section.replace(/none is reported as passed/, '')), section);
    // one missing, a hostile name on another: listed, escaped, not conformant
    const partial: Profile = { ...loaded, attestations: [{ requirement: 'ATT-SECURITY', by: HOSTILE, statement: HOSTILE, date: '2026-01-01' }] };
    const cert = write(partial, 'certification');
    assert.equal(cert.summary.conformant, false);
    assert.match(cert.json.run.notConformantBecause!.join('\n'), /2 requirement\(s\) in scope neither testable nor attested: missing attestation\(s\) ATT-OUTAGE-LOG, ATT-TAMPER-RECORD/);
    assert.ok(cert.summary.lines.some((l) => /^cim9: certification run: NOT CONFORMANT \(2 requirement\(s\) in scope neither testable nor attested: missing attestation\(s\) ATT-OUTAGE-LOG, ATT-TAMPER-RECORD/.test(l)), cert.summary.lines.join('\n'));
    assert.match(cert.md, /\| \*\*ATT-OUTAGE-LOG\*\* \|[^\n]*\| \*\*not attested\*\* \| — \|/);
    assert.ok(!cert.html.includes('<script>') && !cert.md.includes('<script>'));
    assert.match(cert.html, /<div class="big">NOT CONFORMANT<\/div><div>Certification run: [^<]*missing attestation\(s\) ATT-OUTAGE-LOG/);
    assert.match(cert.html, /not attested/);
    // a development run lists them too, and makes no claim
    const dev = write(partial, 'development');
    assert.equal(dev.summary.conformant, undefined);
    assert.ok(!dev.summary.lines.some((l) => l.includes('missing attestation')));
    assert.match(dev.md, /\*\*not attested\*\*/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // an older statement without the section renders without it
  assert.ok(!renderStatementHtml({ statement: {}, runFolder: 'r', messages: [] }).includes('Attested requirements'));
});

test('cim9 run --certification says before anything runs which attestations the profile lacks (here in a dry run)', async () => {
  const r = await runCim9InProcess(['run', '--certification', '--dry-run', '--no-pdf']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^cim9: certification run: missing attestation\(s\) ATT-OUTAGE-LOG, ATT-TAMPER-RECORD, ATT-SECURITY: .*the run cannot be conformant without them$/m);
  const dev = await runCim9InProcess(['run', '--dry-run', '--no-pdf']);
  assert.ok(!dev.stderr.includes('missing attestation'), dev.stderr);
});
