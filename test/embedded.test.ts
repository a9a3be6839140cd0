/**
 * The embedded reference SUT as `cim9 run` hands it to the session (src/session/embedded.ts, src/cli/embedded.ts):
 * the CLI starts it, the session finds it in CIM9_EMBEDDED_SUT and registers its listener addresses at
 * /_control/subscribers; the profile's simulator: section (`cim9 simulate --profile`).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile, ProfileError } from '../src/profile/index.ts';
import { describeEmbeddedSut, describeEmbeddedSuts, embeddedSutFromEnv, registerSubscribers, EMBEDDED_SUT_ENV, WORKER_ID_ENV } from '../src/session/embedded.ts';
import { waitUntilIdle } from '../src/transport/index.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkProfileFaults, startReferenceSut } from '../src/cli/embedded.ts';
import { CONTROL_PATHS } from '../src/usecases/stimuli.ts';
import { repoPath } from '../src/paths.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cim9-embedded-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const PROFILE = `cim9: 1
name: client test
edition: "2013"
sut:
  roles: [HES, OMS]
  soapVersion: "1.2"
  endpoints:
    HES: { url: "http://127.0.0.1:1/hes" }
    OMS: { url: "http://127.0.0.1:1/oms" }
data:
  meters:
    - { mRID: X-1, usagePoint: UPX-1 }
simulator:
  port: 0
  faults: [wrong-noun]
  subscribers:
    OMS: http://127.0.0.1:9/oms/events
`;

test('the simulator: section of a profile, with its defaults; an unknown fault names its line', () => {
  const file = join(tmp, 'client.yaml');
  writeFileSync(file, PROFILE);
  const p = loadProfile(file);
  assert.deepEqual(p.simulator, { host: '127.0.0.1', port: 0, faults: ['wrong-noun'], subscribers: { OMS: 'http://127.0.0.1:9/oms/events' } });
  checkProfileFaults(p);
  assert.equal(loadProfile(repoPath('profiles/reference.yaml')).simulator, undefined);
  const bad = join(tmp, 'bad.yaml');
  writeFileSync(bad, PROFILE.replace('wrong-noun', 'no-such-fault'));
  assert.throws(() => checkProfileFaults(loadProfile(bad)), (e: unknown) => e instanceof ProfileError && /bad\.yaml:15:\d+: simulator\.faults\[0\]: unknown fault "no-such-fault"/.test(e.message));
  const badUrl = join(tmp, 'badurl.yaml');
  writeFileSync(badUrl, PROFILE.replace('http://127.0.0.1:9/oms/events', 'ftp://x'));
  assert.throws(() => loadProfile(badUrl), (e: unknown) => e instanceof ProfileError && /simulator\.subscribers\.OMS/.test(e.message));
});

test('the CLI starts the SUT with the profile; the session finds it in the environment and subscribes its listener', async () => {
  const file = join(tmp, 'client2.yaml');
  writeFileSync(file, PROFILE);
  const profile = loadProfile(file);
  const sut = await startReferenceSut(profile, { faults: ['wrong-noun'], roles: ['HES'], subscribers: profile.simulator!.subscribers });
  try {
    assert.equal(embeddedSutFromEnv({}), undefined);
    assert.equal(embeddedSutFromEnv({ [EMBEDDED_SUT_ENV]: '' }), undefined);
    assert.throws(() => embeddedSutFromEnv({ [EMBEDDED_SUT_ENV]: '{' }), /not JSON/);
    const seen = embeddedSutFromEnv({ [EMBEDDED_SUT_ENV]: describeEmbeddedSut(sut.sim, sut.roles) })!;
    assert.equal(seen.url, sut.sim.url);
    assert.equal(seen.urlFor('HES'), `${sut.sim.url}/hes`);
    assert.throws(() => seen.urlFor('MDM'), /does not play MDM/);
    const faults = (await (await fetch(`${sut.sim.url}${CONTROL_PATHS.faults}`)).json()) as { active: string[] };
    assert.deepEqual(faults.active, ['wrong-noun']);
    assert.deepEqual(sut.sim.subscribers, { OMS: 'http://127.0.0.1:9/oms/events' });
    await registerSubscribers(seen, { OMS: 'http://127.0.0.1:10/oms/events', masterData: 'http://127.0.0.1:10/masterdata' });
    assert.deepEqual(sut.sim.subscribers, { OMS: 'http://127.0.0.1:10/oms/events', masterData: 'http://127.0.0.1:10/masterdata' });
    // a refusal is a set-up fault of the suite, named
    await assert.rejects(registerSubscribers(seen, { OMS: 'ftp://x' }), /refused the listener's addresses.*HTTP 400/);
    const post = (body: string) => fetch(`${sut.sim.url}${CONTROL_PATHS.subscribers}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal((await post('{"DRMS":"http://127.0.0.1:1/x"}')).status, 400);
    assert.equal((await post('[1]')).status, 400);
    assert.equal((await post('not json')).status, 400);
    // null takes a subscriber away
    assert.equal((await post('{"masterData":null}')).status, 200);
    assert.deepEqual(sut.sim.subscribers, { OMS: 'http://127.0.0.1:10/oms/events' });
  } finally {
    await sut.close();
  }
});

test('--parallel: one reference SUT per Cucumber worker; each worker finds its own, and gets only the publications its own SUT sends', async () => {
  const profile = loadProfile(repoPath('profiles/reference.yaml'));
  const suts = [await startReferenceSut(profile, { faults: [] }), await startReferenceSut(profile, { faults: [] })];
  // each worker's listener: what reached it
  const got: string[][] = [[], []];
  const listeners = await Promise.all(
    got.map(
      (seen) =>
        new Promise<Server>((ok) => {
          const s = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => {
              seen.push(Buffer.concat(chunks).toString('utf8'));
              res.writeHead(200, { 'content-type': 'text/xml' }).end();
            });
          });
          s.listen(0, '127.0.0.1', () => ok(s));
        }),
    ),
  );
  try {
    const env = { [EMBEDDED_SUT_ENV]: describeEmbeddedSuts(suts.map((s) => ({ sut: s.sim, roles: s.roles }))) };
    const mine = [0, 1].map((i) => embeddedSutFromEnv({ ...env, [WORKER_ID_ENV]: String(i) })!);
    assert.deepEqual(mine.map((m) => m.url), suts.map((s) => s.sim.url));
    assert.notEqual(mine[0]!.url, mine[1]!.url);
    // a list and no worker (or a worker past its end): the suite's own set-up fault, never another worker's SUT
    assert.throws(() => embeddedSutFromEnv(env), /one reference SUT per Cucumber worker.*CUCUMBER_WORKER_ID is not set/);
    assert.throws(() => embeddedSutFromEnv({ ...env, [WORKER_ID_ENV]: '2' }), /none for Cucumber worker 2/);
    // each worker registers its listener at its own SUT, as the session does
    for (const i of [0, 1]) {
      const port = (listeners[i]!.address() as AddressInfo).port;
      await registerSubscribers(mine[i]!, { OMS: `http://127.0.0.1:${port}/oms/events` });
    }
    const meter = profile.data.meters[0]!.mRID;
    const powerOff = async (i: number) => {
      const res = await fetch(`${mine[i]!.url}${CONTROL_PATHS.stimulus}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'HES', event: 'power-off', meter }) });
      assert.equal(res.status, 202, await res.text());
      assert.equal(await waitUntilIdle(mine[i]!.url, 10_000), true);
    };
    await powerOff(0);
    assert.ok(got[0]!.length >= 1 && got[0]!.every((b) => b.includes('EndDeviceEvents') && b.includes(meter)), `worker 0 got ${got[0]!.length}`);
    assert.equal(got[1]!.length, 0, 'worker 1 got worker 0\'s publication');
    const before = got[0]!.length;
    await powerOff(1);
    assert.ok(got[1]!.length >= 1, 'worker 1 got nothing of its own SUT');
    assert.equal(got[0]!.length, before, 'worker 0 got worker 1\'s publication');
  } finally {
    await Promise.all(suts.map((s) => s.close()));
    for (const l of listeners) l.close();
  }
});
