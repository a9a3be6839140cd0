/**
 * The overlay's `element` requirement ("an element the standard leaves optional, required by the utility") is checked
 * against the schema pack of the base profile's edition (src/schema/element-path.ts): an element or noun the pack
 * does not have is a problem of the overlay (one line naming the file, line and field; exit 2); one the pack already
 * makes mandatory is a warning (the XSD check requires it anyway: the requirement adds nothing), not an error.
 * Run: node --import tsx --test test/overlay-elements.test.ts
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCim9InProcess } from './cli.ts';
import { ProfileError, loadProfile } from '../src/profile/index.ts';
import { loadOverlay } from '../src/profile/overlay.ts';
import { loadPack } from '../src/schema/index.ts';
import { elementPathStatus } from '../src/schema/element-path.ts';
import { repoPath } from '../src/paths.ts';
import { overlayMarkdown } from '../src/report/conformance.ts';
import { renderStatementHtml } from '../src/report/statement-html.ts';

const dir = mkdtempSync(join(tmpdir(), 'cim9-overlay-el-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, element: string) => {
  const f = join(dir, name);
  writeFileSync(f, `cim9-overlay: 1\nname: x\nrequirements:\n  - id: E-1\n    element: ${element}\n`);
  return f;
};
const base = loadProfile(repoPath('profiles', 'reference.yaml'));
const base2024 = loadProfile(repoPath('profiles', 'reference-2024.yaml'));

test('elementPathStatus: optional, mandatory, missing (with the step and the children there) in the packs of 2013 and 2024', () => {
  for (const ed of ['2013', '2024'] as const) {
    const m = loadPack({ edition: ed }).model();
    const st = (noun: string, p: string) => elementPathStatus(m, noun, p.split('/'));
    assert.deepEqual(st('MeterReadings', 'MeterReading/Readings/ReadingQualities'), { status: 'optional' });
    assert.deepEqual(st('MeterReadings', 'MeterReading/Readings/ReadingType'), { status: 'mandatory' });
    assert.deepEqual(st('EndDeviceEvents', 'EndDeviceEvent/createdDateTime'), { status: 'mandatory' });
    const missing = st('MeterReadings', 'MeterReading/Readingz/value');
    assert.equal(missing.status, 'missing');
    assert.equal((missing as { step: number }).step, 1);
    assert.ok((missing as { children: string[] }).children.includes('Readings'));
    assert.deepEqual(st('MeterReadingz', 'MeterReading'), { status: 'missing', step: -1 });
  }
});

test('loadOverlay: an element the pack lacks, or a noun it lacks, names the file, line and field; an already mandatory one is a warning', () => {
  const problem = (f: string, b = base) => {
    try {
      loadOverlay(f, b);
    } catch (e) {
      if (e instanceof ProfileError) return e.message;
      throw e;
    }
    return assert.fail('accepted');
  };
  assert.match(problem(write('a.yaml', '{ noun: MeterReadings, path: MeterReading/Readings/qualityFlag }')), /a\.yaml:5:\d+: requirements\[0\]\.element\.path: the schema pack of the edition has no element qualityFlag in MeterReading\/Readings \(it has [^)]*ReadingQualities/);
  assert.match(problem(write('b.yaml', '{ noun: MeterReading, path: Readings }'), base2024), /b\.yaml:5:\d+: requirements\[0\]\.element\.noun: the schema pack of the edition has no payload MeterReading/);
  const ok = loadOverlay(write('c.yaml', '{ noun: MeterReadings, path: MeterReading/Readings/ReadingQualities }'), base);
  assert.deepEqual(ok.warnings, []);
  const mandatory = loadOverlay(write('d.yaml', '{ noun: EndDeviceEvents, path: EndDeviceEvent/createdDateTime }'), base);
  assert.equal(mandatory.requirements.length, 1, 'kept: it is not wrong');
  assert.match(mandatory.warnings!.join('\n'), /requirements\[0\] \(E-1\): EndDeviceEvents EndDeviceEvent\/createdDateTime is already mandatory in the schema pack of the edition/);
  // without an edition (a caller that only checks the form) nothing is looked up
  assert.deepEqual(loadOverlay(write('e.yaml', '{ noun: MeterReadingz, path: X }'), { sut: base.sut }).requirements.length, 1);
});

test('cim9 run --overlay: a missing element is exit 2 in one line; an already mandatory one a warning line, and the run goes on', async () => {
  const bad = await runCim9InProcess(['run', '--overlay', write('f.yaml', '{ noun: MeterReadings, path: MeterReading/Nope }'), '--no-pdf', '--dry-run']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /f\.yaml:5:\d+: requirements\[0\]\.element\.path: the schema pack of the edition has no element Nope in MeterReading/);
  const warn = await runCim9InProcess(['run', '--overlay', write('g.yaml', '{ noun: EndDeviceEvents, path: EndDeviceEvent/createdDateTime }'), '--no-pdf', '--dry-run']);
  assert.equal(warn.code, 0, warn.stderr);
  assert.match(warn.stderr, /cim9: overlay .*g\.yaml: warning: requirements\[0\] \(E-1\): .* is already mandatory/);
});

test('pics.<role>.elements is checked the same way by cim9 run: an element the pack lacks is exit 2 naming the field; a mandatory one a warning', async () => {
  const vendor = readFileSync(repoPath('profiles', 'example-vendor.yaml'), 'utf8');
  const line = '      - { noun: MeterReadings, paths: [MeterReading/Readings/ReadingQualities] }';
  assert.ok(vendor.includes(line));
  const profile = (name: string, paths: string) => {
    const f = join(dir, name);
    writeFileSync(f, vendor.replace(line, `      - { noun: MeterReadings, paths: [${paths}] }`));
    return f;
  };
  const bad = await runCim9InProcess(['run', '--profile', profile('p1.yaml', 'MeterReading/Readings/ReadingQualities, MeterReading/Readings/qualityz'), '--dry-run', '--no-pdf']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /p1\.yaml:\d+:\d+: pics\.MDM\.elements\[0\]\.paths\[1\]: the schema pack of edition 2013 has no element qualityz in MeterReading\/Readings/);
  const warn = await runCim9InProcess(['run', '--profile', profile('p2.yaml', 'MeterReading/Readings/ReadingType'), '--dry-run', '--no-pdf']);
  assert.equal(warn.code, 0, warn.stderr);
  assert.match(warn.stderr, /warning: pics\.MDM\.elements\[0\]\.paths\[0\]: MeterReadings MeterReading\/Readings\/ReadingType is mandatory in the schema pack of edition 2013/);
});

test('the overlay\'s warnings are in its section of the statement (md and html), escaped', () => {
  const o = { name: 'x', file: 'u.yaml', sha256: '0', assumptions: [], capabilities: [], requiredUseCases: [], changed: [], requirements: [], verdict: 'met' as const, met: true, warnings: ['requirements[0] (E-1): EndDeviceEvents <b>x</b> is already mandatory'] };
  const md = overlayMarkdown(o).join('\n');
  assert.match(md, /^- Warning: requirements\\\[0\\\] \(E-1\): EndDeviceEvents &lt;b&gt;x/m);
  assert.ok(!md.includes('<b>'));
  const html = renderStatementHtml({ statement: { overlay: o }, runFolder: 'r', messages: [] });
  assert.match(html, /<li>Warning: requirements\[0\] \(E-1\): EndDeviceEvents &lt;b&gt;x&lt;\/b&gt; is already mandatory<\/li>/);
});
