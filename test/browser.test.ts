/**
 * src/report/browser.ts: the statement page rendered in a real headless Chromium (Debian's package; .ci/run installs
 * it), with JavaScript off and every outside request refused; printed to PDF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, NO_CHROMIUM, renderHtml } from '../src/report/browser.ts';

const chromium = findChromium();

test('findChromium: CIM9_CHROMIUM names it; a PATH without one gives undefined', () => {
  assert.equal(findChromium({ PATH: '/nonexistent' }), undefined);
  assert.equal(findChromium({ CIM9_CHROMIUM: '/nonexistent/chromium', PATH: process.env.PATH }), undefined);
  if (chromium) assert.equal(findChromium({ CIM9_CHROMIUM: chromium }), chromium);
  assert.match(NO_CHROMIUM, /apt-get install chromium/);
});

test('a page is rendered offline, without JavaScript, and printed to PDF', { skip: chromium ? false : NO_CHROMIUM }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim9-browser-'));
  try {
    const html = join(dir, 'page.html');
    writeFileSync(html, [
      '<!doctype html><html><head><meta charset="utf-8"><title>t</title><style>.gone{display:none}</style></head><body>',
      '<h1>Conformance statement</h1><p>from the SUT: &lt;script&gt;alert(1)&lt;/script&gt;</p><p class="gone">hidden text</p>',
      '<img src="https://example.invalid/tracker.png" alt=""><script>document.body.append("SCRIPT RAN")</script>',
      '</body></html>',
    ].join(''));
    const pdf = join(dir, 'page.pdf');
    const page = await renderHtml(html, { pdf, chromium });
    assert.deepEqual(page.headings, ['Conformance statement']);
    assert.match(page.text, /from the SUT: <script>alert\(1\)<\/script>/);
    assert.doesNotMatch(page.text, /hidden text/);
    assert.doesNotMatch(page.text, /SCRIPT RAN/);
    assert.deepEqual(page.requests, ['https://example.invalid/tracker.png']);
    assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
