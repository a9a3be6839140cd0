import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAllureSingleFile } from '../src/cli/report.ts';

function results(dir: string, name: string): string {
  const res = join(dir, 'allure-results');
  mkdirSync(res, { recursive: true });
  const uuid = '0b8f7a52-0000-4000-8000-000000000001';
  writeFileSync(join(res, `${uuid}-result.json`), JSON.stringify({
    uuid, historyId: 'h1', name, fullName: name, status: 'passed', stage: 'finished', start: 1, stop: 2, labels: [], steps: [], attachments: [], parameters: [],
  }));
  return res;
}

const urls = (html: string) => [...html.matchAll(/https?:\/\/[A-Za-z0-9.-]+/g)].map((m) => m[0]).filter((u) => !/\/\/www\.w3\.org$/.test(u));

test('cim9 report builds one self-contained HTML file at the printed path, and a second build replaces it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim9-allure-'));
  const out = join(dir, 'allure');
  const index = await buildAllureSingleFile(results(dir, 'first scenario'), out);
  assert.equal(index, join(out, 'index.html'));
  const html = readFileSync(index, 'utf8');
  assert.ok(html.includes('data:text/javascript;base64,'), 'the app script is inlined');
  assert.ok(!/<script[^>]+src="(?!data:|https?:)/.test(html), 'no script loaded from a relative file');
  assert.deepEqual(readdirSync(out).filter((f) => statSync(join(out, f)).isDirectory()), [], 'no data/ or awesome/ folder beside it');
  const first = statSync(index).mtimeMs;
  await new Promise((r) => setTimeout(r, 20));
  const again = await buildAllureSingleFile(results(dir, 'first scenario'), out);
  assert.equal(again, index);
  assert.ok(statSync(index).mtimeMs > first, 'the second build rewrote the same file');
  assert.ok(!readdirSync(out).includes('awesome'));
});

test('the Allure report loads nothing from a third-party host', { todo: '@allurereport/plugin-awesome 3.18.0 hard-codes Google Tag Manager (analyticsEnable: true)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cim9-allure-'));
  const html = readFileSync(await buildAllureSingleFile(results(dir, 'x'), join(dir, 'allure')), 'utf8');
  assert.deepEqual(urls(html), []);
});
