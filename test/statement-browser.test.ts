/**
 * The conformance statement as a person sees it: a real run against a hostile reference SUT (fault
 * injection-in-correlation-id: the CorrelationID it echoes carries a fake heading, a fake table row, <script> and an
 * <img onerror>), its conformance.html rendered in headless Chromium (Debian's package; .ci/run installs it) and printed
 * to conformance.pdf. What the page shows must be the verdict of the run, with the peer's text shown as text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, runCim9InProcess } from './cli.ts';
import { findChromium, NO_CHROMIUM, printStatementPdf, renderHtml, STATEMENT_PDF } from '../src/report/browser.ts';

const chromium = findChromium();

test('a hostile run: the statement shows the failure, the injection as text, and prints to PDF', { skip: chromium ? false : NO_CHROMIUM, timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-statement-'));
  try {
    // with a utility overlay: its section is on the page too
    const overlay = join(dir, 'utility.yaml');
    writeFileSync(overlay, 'cim9-overlay: 1\nname: ACME acceptance\nrequirements:\n  - id: ACME-T-1\n    timeLimit: { of: reply, seconds: 60 }\n  - id: ACME-E-1\n    element: { noun: MeterReadings, path: MeterReading/Readings/ReadingQualities }\n');
    const r = await runCim9InProcess(['run', '--no-pdf', '--profile', join(ROOT, 'profiles', 'reference.yaml'), '--reports', dir, '--fault', 'injection-in-correlation-id', '--tags', '@req:MR-03.1', '--overlay', overlay]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!existsSync(join(dir, STATEMENT_PDF)), '--no-pdf wrote a PDF');
    const page = await renderHtml(join(dir, 'conformance.html'), { chromium });
    assert.deepEqual(page.requests, [], 'the statement loads nothing from outside');
    assert.match(page.text, /NOT PASSED/);
    assert.match(page.text, /MR-03\.1/);
    assert.match(page.text, /ENV-CORRELATION/);
    // the requirement catalogue of the run: requirement → scenarios → verdict
    assert.ok(page.headings.includes('Results per requirement'), `headings: ${page.headings.join(' | ')}`);
    assert.match(page.text, /ENV-CORRELATION\s[^\n]*\n?[^\n]*FAILED\s+every scenario \(1 ran, 0 passed\); MR-03\.1 failed \(finding of it\)/);
    // the utility overlay, apart from base conformance: each requirement with its verdict
    assert.ok(page.headings.includes('Utility overlay'), `headings: ${page.headings.join(' | ')}`);
    assert.match(page.text, /ACME-T-1\s[\s\S]*?every synchronous reply within 1 min of its request\s+met/);
    assert.match(page.text, /ACME-E-1\s[\s\S]*?NOT MET\s+\d+ of \d+ MeterReadings\/MeterReading\/Readings element\(s\)/);
    // what no exchange can show: the reference profile attests nothing, so each is "not attested", never passed
    assert.ok(page.headings.includes('Attested requirements'), `headings: ${page.headings.join(' | ')}`);
    assert.match(page.text, /ATT-OUTAGE-LOG\s[\s\S]*?not attested/);
    assert.ok(!/ATT-[A-Z-]+\s[^\n]*\n?[^\n]*\bpassed\b/.test(page.text), 'an attested requirement shown as passed');
    // where the failed scenario stopped, and why its later steps did not run
    assert.match(page.text, /Stopped at\s+And the reply header is conformant/);
    assert.match(page.text, /Steps not run\s+2 later steps, not run because the step before did not pass: And the reply has Result "OK"; And the reply carries/);
    assert.match(page.text, /DOM-RELAY-VALUES\s[^\n]*\n?[^\n]*not run/);
    // the failed scenario's finding: what was expected and what the SUT sent, in columns of their own (issue 16)
    assert.match(page.text, /severity\s+rule\s+message\s+expected\s+actual\s+where/);
    assert.match(page.text, /ENV-CORRELATION\s[\s\S]*?CorrelationID "[^"\n]+" \(the request's CorrelationID\)\s+CorrelationID "[^\n]*<script>alert\("cim9"\)<\/script>/);
    // the peer's text is visible as text, and made no heading of its own
    assert.match(page.text, /<script>alert\("cim9"\)<\/script>/);
    assert.ok(!page.headings.some((h) => /ALL SCENARIOS PASSED/.test(h)), `a heading of the peer's: ${page.headings.join(' | ')}`);
    assert.ok(!/(^|\n)ALL PASSED/.test(page.text), 'the page claims all passed');
    const printed = await printStatementPdf(dir, chromium ?? null);
    assert.ok(printed.ok, printed.line);
    assert.equal(readFileSync(join(dir, STATEMENT_PDF)).subarray(0, 5).toString('latin1'), '%PDF-');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without Chromium: no PDF, one line saying what to install', async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-statement-'));
  try {
    const printed = await printStatementPdf(dir, null);
    assert.equal(printed.ok, false);
    assert.match(printed.line, /^cim9: no conformance\.pdf written: .*apt-get install chromium/);
    assert.ok(!printed.line.includes('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
