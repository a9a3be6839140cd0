/**
 * A profile typo is the user's error, never a verdict against the SUT: every URL of a profile is parsed as the HTTP
 * client will parse it, and the listener's address is probed, before any scenario runs. One line naming
 * file:line and the field, exit 2, no stack trace. (`cim9 run` through main in this process; test/hostile-report.test.ts
 * runs it as a child process.)
 * Run: node --import tsx --test test/hostile-cli.test.ts
 */
import { isMasterDataNoun } from '../src/profile/pics-capabilities.ts';
import { withoutPublications } from './profile-helpers.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { parseProfile, ProfileError, urlProblem } from '../src/profile/index.ts';
import { postSoap } from '../src/transport/index.ts';
import { ROOT, runCim9InProcess } from './cli.ts';
import { featurePaths } from '../src/cli/run.ts';
import { planScenarios } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { gunzipSync } from 'node:zlib';
import { wireResponse } from '../simulator/faults/mutations.ts';
import { readMessage, toSoap } from '../src/message/index.ts';

function external(url: string, extra = ''): string {
  return [
    'cim9: 1',
    'name: typo',
    'sut:',
    '  roles: [MDM]',
    '  endpoints:',
    '    MDM:',
    `      url: "${url}"`,
    extra,
    'data:',
    '  meters:',
    '    - { mRID: M-1, usagePoint: UP-1 }',
    '',
  ].join('\n');
}

function withProfile<T>(text: string, f: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(os.tmpdir(), 'cim9-hostile-cli-'));
  const file = join(dir, 'profile.yaml');
  writeFileSync(file, text);
  return f(file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('profile URLs', () => {
  test('urlProblem: what the WHATWG parser refuses or a client cannot use', () => {
    assert.match(urlProblem('http://')!, /not a valid URL/);
    assert.match(urlProblem('http://example.test:99999/x')!, /port 99999 is out of range/);
    assert.match(urlProblem('https://:8080/x') ?? 'refused', /./);
    assert.match(urlProblem('http://user:pw@example.test/')!, /credentials/);
    assert.match(urlProblem('ftp://example.test/')!, /scheme/);
    assert.equal(urlProblem('http://127.0.0.1:8080/mdm'), undefined);
    assert.equal(urlProblem('https://[::1]:443/x?y=1'), undefined);
  });

  test('every URL of a profile is checked, each problem with its line', () => {
    const text = external('http://', ['    HES:', '      url: "http://ok.test/"', '      services:', '        GetMeterReadings: "http://h.test:70000/"', 'listener:', '  publicUrl: "https://"', 'stimulus:', '  kind: http', '  url: "http://:1"'].join('\n')).replace('roles: [MDM]', 'roles: [MDM, HES]');
    try {
      parseProfile(text, 'p.yaml');
      assert.fail('accepted');
    } catch (e) {
      assert.ok(e instanceof ProfileError, String(e));
      const paths = e.issues.map((i) => `${i.path}@${i.line}`);
      assert.deepEqual(paths, ['sut.endpoints.MDM.url@7', 'sut.endpoints.HES.services.GetMeterReadings@11', 'listener.publicUrl@13', 'stimulus.url@16']);
    }
  });

  test('cim9 run with url "http://": exit 2, one line naming file:line, no scenario run', () =>
    withProfile(external('http://'), async (file) => {
      const r = await runCim9InProcess(['run', '--profile', file]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stderr.trim(), `cim9 run: ${file}:7:7: sut.endpoints.MDM.url: "http://" is not a valid URL (expected http://host[:port]/path)`);
      assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
    }));

  test('cim9 run with a port of 99999: exit 2 naming the port', () =>
    withProfile(external('http://sut.test:99999/mdm'), async (file) => {
      const r = await runCim9InProcess(['run', '--profile', file]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:7: sut\\.endpoints\\.MDM\\.url: .*port 99999 is out of range`));
    }));
});

describe('a request never sent', () => {
  test('is unreachable (an error of the set-up), never a finding against the SUT', async () => {
    for (const url of ['http://', 'ftp://x.test/', 'not a url']) {
      const r = await postSoap(url, '<x/>', { soapVersion: '1.1', timeoutMs: 1000, maxBytes: 1000 });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.reachable, false, `${url}: ${r.message}`);
        assert.match(r.message, /not sent/);
      }
    }
  });
});

describe('the listener address', () => {
  test('a port in use: exit 2 naming the profile line of listener.port, before any scenario', async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen({ host: '127.0.0.1', port: 0 }, () => ok()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const text = ['cim9: 1', 'name: busy', 'sut:', '  embedded: true', '  roles: [MDM, HES]', 'listener:', '  host: 127.0.0.1', `  port: ${port}`, 'data:', '  meters:', '    - { mRID: M-1001, usagePoint: UP-1001 }', ''].join('\n');
      await withProfile(text, async (file) => {
        const r = await runCim9InProcess(['run', '--profile', file]);
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.equal(r.stderr.trim(), `cim9 run: ${file}:8:3: listener.port: port ${port} on 127.0.0.1 is already in use: stop what listens there or choose another port (0 = any free port)`);
        assert.doesNotMatch(r.stdout, /scenario/);
      });
    } finally {
      await new Promise((ok) => busy.close(ok));
    }
  });
});

describe('the hostile faults of the reference SUT', () => {
  test('huge-replies pads with comments to CIM9_HUGE_REPLY_MB, still well-formed; gzip-replies codes it and says so', () => {
    const before = process.env['CIM9_HUGE_REPLY_MB'];
    process.env['CIM9_HUGE_REPLY_MB'] = '1';
    try {
      const xml = toSoap({ kind: 'response', form: 'wrapper', header: { verb: 'reply', noun: 'MeterReadings', timestamp: '2026-01-01T00:00:00Z', source: 's', messageId: 'm', correlationId: 'c' }, reply: { result: 'OK' } }, '1.1').xml;
      const has = (ids: string[]) => (id: string) => ids.includes(id);
      const huge = wireResponse(200, xml, '1.1', has(['huge-replies']));
      assert.ok(Buffer.byteLength(huge.body) >= 1024 * 1024);
      const read = readMessage(Buffer.from(huge.body), { maxBytes: 4 * 1024 * 1024 });
      assert.equal(read.ok, true, read.ok ? '' : read.problem.message);
      const both = wireResponse(200, xml, '1.1', has(['huge-replies', 'gzip-replies']));
      assert.equal(both.headers?.['content-encoding'], 'gzip');
      assert.deepEqual(gunzipSync(both.body as Buffer), Buffer.from(huge.body));
    } finally {
      if (before === undefined) delete process.env['CIM9_HUGE_REPLY_MB'];
      else process.env['CIM9_HUGE_REPLY_MB'] = before;
    }
  });
});

describe('feature paths and the not-applicable list', () => {
  test("the user's feature paths are what the plan lists exclusions from", async () => {
    assert.deepEqual(featurePaths(['--tags', '@x', 'features/master-data.feature', '--format', 'summary', 'features/a.feature:12']), ['features/master-data.feature', 'features/a.feature:12']);
    const profile = loadProfile(join(ROOT, 'profiles', 'reference.yaml'));
    const plan = await planScenarios(withoutPublications(profile, (n) => isMasterDataNoun(n)), featurePaths(['features/master-data.feature']));
    assert.ok(plan.notApplicable.length > 0);
    assert.ok(plan.notApplicable.every((n) => n.uri === 'features/master-data.feature'));
  });
});
