/**
 * The evidence bundle (src/report/evidence.ts, src/report/tar.ts) and `cim9 verify`: a bundle made from synthetic run
 * output verifies; a single changed byte anywhere in it, a member added or removed, a re-signed manifest or another
 * key is refused naming the member; unreadable input is exit 2; the profile's signingKey is checked when loading.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfile, loadProfile, ProfileError } from '../src/profile/index.ts';
import { recordMessage } from '../src/report/exchanges.ts';
import { BUNDLE_FILE, fingerprint, redactCredentials, REMOVED, verifyBundle, writeEvidence, writeRunEvidence } from '../src/report/evidence.ts';
import { readTar, writeTar } from '../src/report/tar.ts';
import { runCim9InProcess } from './cli.ts';

const SECRET = 's3cret-Pa55';
const TOKEN = 'Bearer tok-123456';

const PROFILE = `cim9: 1
name: evidence test SUT
sut:
  roles: [MDM]
  endpoints:
    MDM:
      url: http://127.0.0.1:8080/cim
  basicAuth:
    username: tester
    password: ${SECRET}
  headers:
    Authorization: ${TOKEN}
    X-Trace: visible
data:
  meters:
    - { mRID: M-1, usagePoint: UP-1 }
`;

let tmp: string;
let home: string;
let run: string;
let bundle: string;
let labPub: string;

/** a run folder as `cim9 run` leaves it: the statement, and the messages the session logged (bodies stored once) */
function syntheticRun(dir: string): void {
  mkdirSync(join(dir, '.scenarios'), { recursive: true });
  writeFileSync(join(dir, 'conformance.md'), '# cim9 conformance statement\n\n- Verdicts: 1 passed\n');
  writeFileSync(join(dir, 'conformance.json'), JSON.stringify({ suite: { name: 'cim9' }, counts: { passed: 1 } }, null, 2));
  writeFileSync(join(dir, 'requirements.json'), JSON.stringify({ requirements: [{ id: 'XML' }], assumptions: 1, scenarios: 1 }));
  const t0 = Date.parse('2026-12-04T10:00:00.000Z');
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  recordMessage(dir, { at: at(0), direction: 'sent', scenario: 'S1', label: 'get(MeterReadings)', url: 'http://sut/cim', soapAction: 'urn:get', bytes: '<Envelope>request one</Envelope>' });
  // a large body (over one 512-byte block, not a multiple of it) and a repeated one (stored once)
  recordMessage(dir, { at: at(40), direction: 'received', scenario: 'S1', label: 'get(MeterReadings)', status: 200, contentType: 'text/xml', bytes: Buffer.from(`<Envelope>${'r'.repeat(3000)}</Envelope>`) });
  recordMessage(dir, { at: at(90), direction: 'received', scenario: 'S1', label: 'event', bytes: '<Envelope>request one</Envelope>' });
  // written later by another process, earlier in time: the bundle is in time order
  recordMessage(dir, { at: at(20), direction: 'sent', scenario: 'S2', label: 'ping', url: 'http://sut/ping', bytes: '<Envelope>ping</Envelope>' });
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cim9-evidence-'));
  home = join(tmp, 'home');
  run = join(tmp, 'run');
  syntheticRun(run);
  const profile = parseProfile(PROFILE, join(tmp, 'p.yaml'));
  writeEvidence({ reportsDir: run, profile, runId: 'RUN-1', env: { CIM9_HOME: home } });
  bundle = join(run, BUNDLE_FILE);
  labPub = join(home, 'evidence-ed25519.pub.pem');
});

after(() => rmSync(tmp, { recursive: true, force: true }));

/** the bundle's members, with where each header and content is */
function layout(file: string): { name: string; header: number; start: number; bytes: number }[] {
  const b = readFileSync(file);
  const out = [];
  for (let at = 0; b[at] !== 0; ) {
    const name = b.subarray(at, at + 100).toString('latin1').replace(/\0.*$/s, '');
    const bytes = parseInt(b.subarray(at + 124, at + 136).toString('latin1'), 8);
    out.push({ name, header: at, start: at + 512, bytes });
    at += 512 + Math.ceil(bytes / 512) * 512;
  }
  return out;
}

function members(file: string): Map<string, Buffer> {
  return new Map(readTar(file, () => true).entries.map((e) => [e.name, e.data!]));
}

function flipped(offset: number): string {
  const f = join(tmp, `flip-${offset}.tar`);
  const b = readFileSync(bundle);
  b[offset] = b[offset]! ^ 0x01;
  writeFileSync(f, b);
  return f;
}

describe('the evidence bundle', () => {
  test('holds the statement, the messages in time order with direction, the bodies once, the profile without credentials, the schema digests', () => {
    const m = members(bundle);
    const names = [...m.keys()];
    assert.deepEqual(names.slice(0, 3), ['manifest.json', 'manifest.sig', 'key.pub.pem']);
    for (const n of ['conformance.md', 'conformance.json', 'profile.json', 'schemas.json', 'requirements.json', 'messages.ndjson']) assert.ok(m.has(n), n);
    assert.equal(JSON.parse(m.get('requirements.json')!.toString('utf8')).requirements[0].id, 'XML', 'the requirement catalogue of the run');
    const lines = m.get('messages.ndjson')!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.seq, l.label, l.direction]), [
      [1, 'get(MeterReadings)', 'sent'],
      [2, 'ping', 'sent'],
      [3, 'get(MeterReadings)', 'received'],
      [4, 'event', 'received'],
    ]);
    // the raw bytes of every message, each distinct body once
    for (const l of lines) assert.equal(m.get(l.file)!.byteLength, l.bytes);
    assert.equal(m.get(lines[0].file)!.toString(), '<Envelope>request one</Envelope>');
    assert.equal(lines[0].file, lines[3].file);
    assert.equal(names.filter((n) => n.startsWith('bodies/')).length, 3);
    const profile = m.get('profile.json')!.toString('utf8');
    assert.ok(!profile.includes(SECRET) && !profile.includes(TOKEN), 'a credential reached the bundle');
    const p = JSON.parse(profile);
    assert.equal(p.sut.basicAuth, REMOVED);
    assert.equal(p.sut.headers.Authorization, REMOVED);
    assert.equal(p.sut.headers['X-Trace'], 'visible');
    const schemas = JSON.parse(m.get('schemas.json')!.toString('utf8'));
    assert.match(schemas.layers[0].digest, /^[0-9a-f]{64}$/);
    assert.ok(schemas.layers[0].files.length > 5 && schemas.layers[0].files.every((f: { sha256: string }) => /^[0-9a-f]{64}$/.test(f.sha256)));
    // the statement names the key that signed it
    const fp = JSON.parse(m.get('manifest.json')!.toString('utf8')).signer.fingerprint;
    assert.match(m.get('conformance.md')!.toString('utf8'), new RegExp(`## Evidence bundle[\\s\\S]*${fp}`));
    assert.equal(JSON.parse(m.get('conformance.json')!.toString('utf8')).evidence.publicKeyFingerprint, fp);
  });

  test('the reports made after the statement names the bundle (conformance.html, conformance.pdf) are in it, signed', async () => {
    const dir = join(tmp, 'run-with-pdf');
    syntheticRun(dir);
    const before = process.env['CIM9_HOME'];
    process.env['CIM9_HOME'] = home;
    try {
      let sawSection = false;
      const r = await writeRunEvidence({ reportsDir: dir, profile: parseProfile(PROFILE, join(tmp, 'p.yaml')) }, async () => {
        // the statement already names the bundle when the later reports are made
        sawSection = readFileSync(join(dir, 'conformance.md'), 'utf8').includes('## Evidence bundle');
        writeFileSync(join(dir, 'conformance.html'), '<!doctype html><title>statement</title>');
        await new Promise((done) => setTimeout(done, 5));
        writeFileSync(join(dir, 'conformance.pdf'), '%PDF-1.7 printed later');
      });
      assert.equal(r.ok, true, r.line);
      assert.equal(sawSection, true);
      const names = readTar(join(dir, BUNDLE_FILE), () => false).entries.map((m) => m.name);
      assert.ok(names.includes('conformance.html') && names.includes('conformance.pdf'), names.join(', '));
      assert.equal(verifyBundle(join(dir, BUNDLE_FILE), labPub).ok, true);
    } finally {
      if (before === undefined) delete process.env['CIM9_HOME'];
      else process.env['CIM9_HOME'] = before;
    }
  });

  test('is an ordinary tar archive the tar tool lists', async () => {
    const { execFileSync } = await import('node:child_process');
    let listed: string;
    try {
      listed = execFileSync('tar', ['tf', bundle], { encoding: 'utf8' });
    } catch {
      return; // no tar tool here
    }
    assert.deepEqual(listed.trim().split('\n'), [...members(bundle).keys()]);
  });

  test('a message beyond the budget for stored bodies is listed with its length and digest, and the bundle verifies', () => {
    const dir = join(tmp, 'run-budget');
    syntheticRun(dir);
    const before = process.env['CIM9_BODIES_MAX_MB'];
    process.env['CIM9_BODIES_MAX_MB'] = '0';
    try {
      recordMessage(dir, { at: '2026-12-04T10:00:05.000Z', direction: 'received', label: 'huge', bytes: `<Envelope>${'h'.repeat(5000)}</Envelope>` });
    } finally {
      if (before === undefined) delete process.env['CIM9_BODIES_MAX_MB'];
      else process.env['CIM9_BODIES_MAX_MB'] = before;
    }
    const r = writeEvidence({ reportsDir: dir, profile: parseProfile(PROFILE, join(tmp, 'p.yaml')), env: { CIM9_HOME: home } });
    const lines = members(r.file).get('messages.ndjson')!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    const huge = lines.find((l) => l.label === 'huge');
    assert.deepEqual([huge.file, huge.bytes], [null, 5021]);
    assert.match(huge.sha256, /^[0-9a-f]{64}$/);
    assert.equal(verifyBundle(r.file, labPub).ok, true);
  });

  test('credentials: every field named like one, and user:password in URLs', () => {
    assert.deepEqual(redactCredentials({ tls: { key: '/k.pem', passphrase: 'x', ca: '/ca.pem' }, apiToken: 't', url: 'https://u:p@h/x', list: [{ secret: 1 }] }), {
      tls: { key: REMOVED, passphrase: REMOVED, ca: '/ca.pem' },
      apiToken: REMOVED,
      url: `https://${REMOVED}@h/x`,
      list: [{ secret: REMOVED }],
    });
  });
});

describe('cim9 verify', () => {
  test('an intact bundle: exit 0 and one summary line (with --key, with the run folder, without a key)', async () => {
    for (const args of [[bundle, '--key', labPub], [run], [bundle]]) {
      const r = await runCim9InProcess(['verify', ...args]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').length, 1);
      assert.match(r.stdout, /OK .*evidence\.tar: \d+ files intact, 4 message\(s\), run RUN-1, signed by ed25519:[0-9a-f]{64}/);
    }
  });

  test('one changed byte in a member\'s content, its padding or its header names that member', async () => {
    const size = readFileSync(bundle).byteLength;
    let checked = 0;
    for (const m of layout(bundle)) {
      const offsets = [m.header + 1, m.header + 130, m.header + 150, m.start, m.start + Math.floor(m.bytes / 2), m.start + m.bytes - 1];
      if (m.bytes % 512) offsets.push(m.start + m.bytes + 3);
      for (const o of offsets) {
        const v = verifyBundle(flipped(o));
        assert.equal(v.ok, false, `byte ${o} (${m.name}) changed, yet the bundle verifies`);
        const said = v.problems.join('\n');
        // a change of the manifest's content may show as a bad signature, which names both the manifest and the signature
        assert.ok(said.includes(m.name), `byte ${o} of ${m.name} changed: ${said}`);
        checked++;
      }
    }
    assert.ok(checked > 40);
    // the end marker and beyond
    for (const o of [size - 1024, size - 1]) assert.equal(verifyBundle(flipped(o)).ok, false, `end marker byte ${o}`);
    // the command: exit 1, each problem on its own line naming the member
    const body = layout(bundle).find((m) => m.name.startsWith('bodies/'))!;
    const r = await runCim9InProcess(['verify', flipped(body.start + 5), '--key', labPub]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${body.name}: changed`));
    assert.match(r.stderr, /NOT INTACT/);
  });

  test('no single changed byte anywhere in the bundle goes unnoticed', () => {
    const size = readFileSync(bundle).byteLength;
    for (let o = 0; o < size; o += 97) assert.equal(verifyBundle(flipped(o)).ok, false, `byte ${o} changed, yet the bundle verifies`);
  });

  test('a member added, a member removed, a member appended after the end', () => {
    const m = members(bundle);
    const all = [...m].map(([name, data]) => ({ name, data }));
    const added = join(tmp, 'added.tar');
    writeTar(added, [...all, { name: 'extra.txt', data: Buffer.from('hello') }]);
    assert.deepEqual(verifyBundle(added).problems, ['extra.txt: added (not in the signed manifest)']);
    const removed = join(tmp, 'removed.tar');
    const gone = all.find((x) => x.name.startsWith('bodies/'))!.name;
    writeTar(removed, all.filter((x) => x.name !== gone));
    assert.deepEqual(verifyBundle(removed).problems, [`${gone}: removed (listed in the signed manifest, not in the bundle)`]);
    const twice = join(tmp, 'twice.tar');
    writeTar(twice, [...all, all[5]!]);
    assert.match(verifyBundle(twice).problems.join('\n'), new RegExp(`${all[5]!.name}: added`));
    const appended = join(tmp, 'appended.tar');
    writeFileSync(appended, Buffer.concat([readFileSync(bundle), readFileSync(added).subarray(0, 1024)]));
    assert.equal(verifyBundle(appended).ok, false);
    const cut = join(tmp, 'cut.tar');
    writeFileSync(cut, readFileSync(bundle).subarray(0, 2048));
    assert.equal(verifyBundle(cut).ok, false);
  });

  test('a wrong key, and a bundle re-signed with another key, are refused', async () => {
    const other = generateKeyPairSync('ed25519');
    const otherPub = join(tmp, 'other.pub.pem');
    writeFileSync(otherPub, other.publicKey.export({ format: 'pem', type: 'spki' }));
    const r = await runCim9InProcess(['verify', bundle, '--key', otherPub]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /wrong key/);
    assert.ok(r.stderr.includes(fingerprint(other.publicKey)));
    // someone changes a statement, lists its new digest and signs the manifest with their own key (and ships that key)
    const { createHash, sign } = await import('node:crypto');
    const m = members(bundle);
    const md = Buffer.from(m.get('conformance.md')!.toString('utf8').replace('1 passed', '9 passed'));
    const pub = Buffer.from(other.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    const manifest = JSON.parse(m.get('manifest.json')!.toString('utf8'));
    for (const f of manifest.files) {
      const data = f.path === 'conformance.md' ? md : f.path === 'key.pub.pem' ? pub : m.get(f.path)!;
      Object.assign(f, { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') });
    }
    manifest.signer.fingerprint = fingerprint(other.publicKey);
    const mb = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    const forged = join(tmp, 'forged.tar');
    writeTar(forged, [...m].map(([name, data]) => ({
      name,
      data: name === 'manifest.json' ? mb : name === 'manifest.sig' ? Buffer.from(sign(null, mb, other.privateKey).toString('base64') + '\n') : name === 'key.pub.pem' ? pub : name === 'conformance.md' ? md : data,
    })));
    // it holds together on its own (its key is the forger's: the fingerprint differs from the statement's) ...
    assert.equal(verifyBundle(forged).ok, true);
    // ... and is refused with the lab's public key
    const f = await runCim9InProcess(['verify', forged, '--key', labPub]);
    assert.equal(f.code, 1);
    assert.match(f.stderr, /wrong key/);
  });

  test('unreadable input and usage errors: exit 2, one line', async () => {
    const notKey = join(tmp, 'not-a-key.pem');
    writeFileSync(notKey, 'hello\n');
    const rsa = join(tmp, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }));
    const empty = join(tmp, 'empty.tar');
    writeFileSync(empty, '');
    for (const [args, said] of [
      [[join(tmp, 'no-such.tar')], /no such file/],
      [[tmp], /cannot read it/],
      [[empty], /empty file/],
      [[bundle, '--key', join(tmp, 'no-such.pem')], /--key .*cannot read it/],
      [[bundle, '--key', notKey], /not a PEM public key/],
      [[bundle, '--key', rsa], /rsa key, not an Ed25519 one/],
      [[], /missing required argument/],
    ] as [string[], RegExp][]) {
      const r = await runCim9InProcess(['verify', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, said);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
});

describe('the signing key', () => {
  test('the lab key is made once (mode 0600) and reused', () => {
    const first = readFileSync(join(home, 'evidence-ed25519.pem'), 'utf8');
    const again = join(tmp, 'run-again');
    syntheticRun(again);
    const r = writeEvidence({ reportsDir: again, profile: parseProfile(PROFILE, join(tmp, 'p.yaml')), env: { CIM9_HOME: home } });
    assert.equal(readFileSync(join(home, 'evidence-ed25519.pem'), 'utf8'), first);
    assert.equal(verifyBundle(r.file, labPub).ok, true);
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(home, 'evidence-ed25519.pem')).mode & 0o777, 0o600);
    }
  });

  test('a lab key that cannot be made: one line, no bundle, no exception (the run keeps its verdict)', async () => {
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const before = process.env['CIM9_HOME'];
    process.env['CIM9_HOME'] = join(blocker, 'home');
    try {
      const dir = join(tmp, 'run-no-key');
      syntheticRun(dir);
      const r = await writeRunEvidence({ reportsDir: dir, profile: parseProfile(PROFILE, join(tmp, 'p.yaml')) });
      assert.equal(r.ok, false);
      assert.match(r.line, /^cim9: no evidence bundle written: .*ENOTDIR/);
      assert.equal(r.line.split('\n').length, 1);
    } finally {
      if (before === undefined) delete process.env['CIM9_HOME'];
      else process.env['CIM9_HOME'] = before;
    }
  });

  test("the profile's evidence.signingKey signs the bundle", () => {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(join(tmp, 'sign.pem'), pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(tmp, 'sign.pub.pem'), pair.publicKey.export({ format: 'pem', type: 'spki' }));
    writeFileSync(join(tmp, 'keyed.yaml'), `${PROFILE}evidence:\n  signingKey: sign.pem\n`);
    const profile = loadProfile(join(tmp, 'keyed.yaml'));
    assert.equal(profile.evidence?.signingKey, join(tmp, 'sign.pem'));
    const dir = join(tmp, 'run-keyed');
    syntheticRun(dir);
    const r = writeEvidence({ reportsDir: dir, profile, env: { CIM9_HOME: join(tmp, 'unused-home') } });
    assert.equal(r.fingerprint, fingerprint(pair.publicKey));
    assert.equal(verifyBundle(r.file, join(tmp, 'sign.pub.pem')).ok, true);
    assert.equal(verifyBundle(r.file, labPub).ok, false);
    // the private key is in no member
    const secret = readFileSync(join(tmp, 'sign.pem'), 'utf8').split('\n')[1]!;
    for (const [, data] of members(r.file)) assert.ok(!data.toString('latin1').includes(secret));
  });

  test('an unreadable or wrong evidence.signingKey is a profile error naming the field (exit 2)', async () => {
    writeFileSync(join(tmp, 'rsa-private.pem'), generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
    writeFileSync(join(tmp, 'garbage.pem'), 'not a key\n');
    for (const [key, said] of [
      ['no-such.pem', /evidence\.signingKey: file not found/],
      ['garbage.pem', /evidence\.signingKey: .*not a PEM private key/],
      ['rsa-private.pem', /evidence\.signingKey: .*rsa private key, not an Ed25519 one/],
    ] as [string, RegExp][]) {
      const file = join(tmp, `bad-${key}.yaml`);
      writeFileSync(file, `${PROFILE}evidence:\n  signingKey: ${key}\n`);
      assert.throws(() => loadProfile(file), (e: unknown) => e instanceof ProfileError && said.test(e.message));
      const r = await runCim9InProcess(['run', '--profile', file, '--dry-run']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, said);
    }
    writeFileSync(join(tmp, 'unknown-field.yaml'), `${PROFILE}evidence:\n  signingkey: sign.pem\n`);
    assert.throws(() => loadProfile(join(tmp, 'unknown-field.yaml')), ProfileError);
  });
});
