/**
 * Pointing cim9 at a system of one's own (issue 17): the addresses a run prints, the profile refusing a wildcard
 * bind address without publicUrl, an unreachable endpoint (exit 2, not a verdict), the publicUrl self-check, and a
 * green run against the reference SUT started on its own, with a listener.publicUrl that has a path. The profile
 * refusals and the unreachable endpoint run through main in this process; the green run, which reaches Cucumber, is a
 * child process, as a user starts it.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { runCim9, runCim9InProcess } from './cli.ts';
import { addressBlock, checkPublicUrl, endpointUrls, listenerAddresses, unreachableEndpoints } from '../src/cli/preflight.ts';
import { parseProfile } from '../src/profile/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cim9-pointing-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** a port nothing listens at (bound, then released) */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function profileText(o: { mdm: string; listener: string; name?: string }): string {
  return `cim9: 1
name: ${o.name ?? 'a system of its own'}
edition: "2013"
sut:
  roles: [MDM]
  endpoints:
    MDM: { url: "${o.mdm}" }
listener:
${o.listener}
timeouts: { responseSeconds: 10, asyncResultSeconds: 10, eventSeconds: 5, clockSkewSeconds: 60, quietSeconds: 0.5 }
stimulus: { kind: none }
data:
  meters:
    - { mRID: M-1001, usagePoint: UP-1001 }
pics: { MDM: { asyncReplies: true, annexB: true } }
`;
}

let n = 0;
function writeProfile(text: string): string {
  const file = join(tmp, `p${++n}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('the addresses the SUT is told', () => {
  test('with publicUrl: every path under it, the ReplyAddress first', () => {
    const p = parseProfile(profileText({ mdm: 'http://h/x', listener: '  host: 0.0.0.0\n  port: 9400\n  publicUrl: http://lab.example:9400/cim9' }), 'x.yaml');
    const a = listenerAddresses(p, 9400);
    assert.equal(a.basePath, '/cim9');
    assert.deepEqual(
      a.addresses.map((x) => x.url),
      ['http://lab.example:9400/cim9/replies', 'http://lab.example:9400/cim9/oms/events', 'http://lab.example:9400/cim9/mdm/events', 'http://lab.example:9400/cim9/cis/events', 'http://lab.example:9400/cim9/mm/events', 'http://lab.example:9400/cim9/suppliers/old', 'http://lab.example:9400/cim9/masterdata', 'http://lab.example:9400/cim9/hes', 'http://lab.example:9400/cim9/mdm'],
    );
    const block = addressBlock(p, 9400);
    assert.match(block[0]!, /^cim9: the SUT must send to these addresses \(listener bound at 0\.0\.0\.0:9400, serving the path \/cim9, listener\.publicUrl\):$/);
    assert.match(block[1]!, /http:\/\/lab\.example:9400\/cim9\/replies +ReplyAddress/);
    assert.equal(block.length, 1 + a.addresses.length, 'a fixed port: no warning');
  });

  test('without publicUrl: http://host:port/callback with the port actually bound; port 0 is warned about', () => {
    const p = parseProfile(profileText({ mdm: 'http://h/x', listener: '  port: 0' }), 'x.yaml');
    const block = addressBlock(p, 41234);
    assert.match(block.join('\n'), /http:\/\/127\.0\.0\.1:41234\/callback\/replies +ReplyAddress/);
    assert.match(block.at(-1)!, /listener\.port is 0 \(any free port\): the port changes from run to run/);
  });

  test('the endpoints checked: each role url and service url once, named by their profile field', () => {
    const p = parseProfile(
      profileText({ mdm: 'http://h:1/x', listener: '  port: 0' }).replace('MDM: { url: "http://h:1/x" }', 'MDM: { url: "http://h:1/x", services: { GetMeterReadings: "http://h:2/g", ExecuteMeterConfig: "http://h:1/x" } }'),
      'x.yaml',
    );
    assert.deepEqual(endpointUrls(p), [
      { field: 'sut.endpoints.MDM.url', url: 'http://h:1/x' },
      { field: 'sut.endpoints.MDM.services.GetMeterReadings', url: 'http://h:2/g' },
    ]);
  });

  test('an endpoint nothing listens at is unreachable, with the reason', async () => {
    const port = await freePort();
    const p = parseProfile(profileText({ mdm: `http://127.0.0.1:${port}/mdm`, listener: '  port: 0' }), 'x.yaml');
    const down = await unreachableEndpoints(p, 1000);
    assert.equal(down.length, 1);
    assert.match(down[0]!.problem, /connection refused/);
  });
});

describe('listener.publicUrl leads back to this listener', () => {
  test('directly: ok; through a proxy that rewrites the path: a set-up error; nothing there: a warning', async () => {
    const port = await freePort();
    const direct = parseProfile(profileText({ mdm: 'http://h/x', listener: `  port: ${port}\n  publicUrl: http://127.0.0.1:${port}/cim9` }), 'x.yaml');
    assert.deepEqual(await checkPublicUrl(direct, port, 2000), { ok: true });

    // a proxy that maps /cim9/... to /callback/... at the listener's port
    const proxy = http.createServer((req, res) => {
      const up = http.request({ host: '127.0.0.1', port, path: (req.url ?? '/').replace(/^\/cim9/, '/callback'), method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyPort = (proxy.address() as AddressInfo).port;
    try {
      const rewritten = parseProfile(profileText({ mdm: 'http://h/x', listener: `  port: ${port}\n  publicUrl: http://127.0.0.1:${proxyPort}/cim9` }), 'x.yaml');
      const r = await checkPublicUrl(rewritten, port, 2000);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.fatal, true);
      assert.match(!r.ok ? r.message : '', /reached this listener as \/callback\/\.cim9-reachability\/[0-9a-f]+: something between \(a proxy\) rewrites the path/);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }

    const nowhere = await freePort();
    const lost = parseProfile(profileText({ mdm: 'http://h/x', listener: `  port: ${port}\n  publicUrl: http://127.0.0.1:${nowhere}/cim9` }), 'x.yaml');
    const w = await checkPublicUrl(lost, port, 2000);
    assert.equal(!w.ok && !w.fatal, true);
    assert.match(!w.ok ? w.message : '', /does not lead back to this listener from this machine/);
  });
});

describe('cim9 run against a system of its own', () => {
  test('listener.host 0.0.0.0 without publicUrl: exit 2, the line names listener.publicUrl', async () => {
    const file = writeProfile(profileText({ mdm: 'http://127.0.0.1:9/mdm', listener: '  host: 0.0.0.0\n  port: 0' }));
    const r = await runCim9InProcess(['run', '--profile', file, '--reports', join(tmp, 'r-wild')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /p\d+\.yaml:9:3: listener\.publicUrl: listener\.host 0\.0\.0\.0 binds every interface/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('--parallel is refused for a system under test (one listener address); --skip-reachability is cim9\'s own option', async () => {
    const { parseRunArgs } = await import('../src/cli/run.ts');
    assert.deepEqual(parseRunArgs(['--skip-reachability', '--tags', '@x']), { faults: [], passthrough: ['--tags', '@x'], skipReachability: true });
    const file = writeProfile(profileText({ mdm: 'http://127.0.0.1:9/mdm', listener: '  port: 0' }));
    const r = await runCim9InProcess(['run', '--profile', file, '--reports', join(tmp, 'r-par'), '--parallel', '2']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^cim9 run: --parallel: a system under test is given one listener address/);
  });

  test('an endpoint that cannot be reached: the addresses, then exit 2 naming the field; no scenario runs', async () => {
    const port = await freePort();
    const file = writeProfile(profileText({ mdm: `http://127.0.0.1:${port}/mdm`, listener: '  port: 0' }));
    const r = await runCim9InProcess(['run', '--profile', file, '--reports', join(tmp, 'r-down'), 'features/on-request-read.feature']);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /cim9: the SUT must send to these addresses/);
    assert.match(r.stdout, /http:\/\/127\.0\.0\.1:\d+\/callback\/replies +ReplyAddress/);
    assert.match(r.stderr, new RegExp(`^cim9 run: .*p\\d+\\.yaml:\\d+:\\d+: sut\\.endpoints\\.MDM\\.url: http://127\\.0\\.0\\.1:${port}/mdm cannot be reached: connection refused.*a set-up error, not a verdict; --skip-reachability runs anyway\\)$`, 'm'));
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, /scenarios? \(/, 'Cucumber never started');
  });

  test('the reference SUT on its own, publicUrl with a path (/cim9): a green run, the async result taken at <publicUrl>/replies', async () => {
    const { startSimulator } = await import('../simulator/server.ts');
    const { loadPack } = await import('../src/schema/index.ts');
    const pack = loadPack({ edition: '2013' });
    const sim = await startSimulator({ roles: ['MDM'], faults: [], schemaPack: pack, soapVersion: '1.1', generation: '2013', log: () => undefined });
    try {
      const port = await freePort();
      const file = writeProfile(profileText({ mdm: sim.urlFor('MDM'), listener: `  host: 127.0.0.1\n  port: ${port}\n  publicUrl: http://127.0.0.1:${port}/cim9` }));
      const reports = join(tmp, 'r-green');
      const r = await runCim9(['run', '--profile', file, '--reports', reports, 'features/on-request-read.feature']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`cim9:   http://127\\.0\\.0\\.1:${port}/cim9/replies +ReplyAddress`));
      assert.equal(r.stdout.match(/the SUT must send to these addresses/g)?.length, 1, 'printed once per run');
      assert.match(r.stdout, /conformance: 3 passed, 0 failed, 0 error/);
      const statement = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as { scenarios: { name: string; verdict: string }[]; unsolicited: unknown[] };
      assert.equal(statement.scenarios.find((s) => /asynchronously/.test(s.name))?.verdict, 'passed');
      assert.deepEqual(statement.unsolicited, [], 'nothing misdirected');
    } finally {
      await sim.close();
      pack.dispose?.();
    }
  });
});
