/**
 * The profile module: shipped profiles, every kind of profile error (file, field path, line), defaults,
 * the assumption register and its generated documentation.
 */
import { capabilitiesOf } from '../src/profile/pics-capabilities.ts';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, existsSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  loadProfile,
  parseProfile,
  profileDefaults,
  describeAssumptions,
  serviceUrl,
  ProfileError,
  PROFILE_SCHEMA_FILE,
  NEGATIVE_CASES,
  ASSUMPTIONS,
  resolveAssumptions,
  validateAssumptions,
  checkAssumptionValue,
  assumptionDef,
  AssumptionError,
  renderAssumptionsMarkdown,
  pickAssumptions,
  type AssumptionDef,
} from '../src/profile/index.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cim9-profile-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** write a profile into a fresh directory; returns its path */
function write(text: string, name = 'sut.yaml'): string {
  const dir = join(tmp, `p${++n}`);
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** the 1-based line of the first line of `text` containing `needle` */
function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not in text`);
}

function expectError(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ProfileError, `expected a ProfileError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ProfileError');
}

/** the error names the file, the path and the line, in the message and as an issue */
function assertIssue(err: ProfileError, file: string, path: string, line: number | undefined, words: RegExp): void {
  const issue = err.issues.find((i) => i.path === path);
  assert.ok(issue, `no issue for ${path} in:\n${err.message}`);
  assert.equal(issue.line, line, `line of ${path} in:\n${err.message}`);
  assert.match(issue.message, words);
  assert.ok(err.message.includes(basename(file)), `file name missing in:\n${err.message}`);
  const expected = line === undefined ? `${file}: ${path}: ` : `${file}:${line}:`;
  const row = err.message.split('\n').find((l) => l.includes(`: ${path}: `));
  assert.ok(row, `no message line for ${path} in:\n${err.message}`);
  assert.ok(row.startsWith(expected), `"${row}" does not start with "${expected}"`);
}

const MINIMAL = `cim9: 1
name: minimal
sut:
  roles: [MDM]
  endpoints:
    MDM:
      url: http://127.0.0.1:8080/cim
data:
  meters:
    - { mRID: M-1, usagePoint: UP-1 }
`;

describe('shipped profiles', () => {
  test('profiles/reference.yaml loads: embedded simulator with short timeouts', () => {
    const p = loadProfile(join(repo, 'profiles/reference.yaml'));
    assert.equal(p.sut.embedded, true);
    assert.deepEqual(p.sut.roles, ['MDM', 'HES']);
    assert.deepEqual(p.data.meters, [
      { mRID: 'M-1001', usagePoint: 'UP-1001' },
      { mRID: 'M-1002', usagePoint: 'UP-1002' },
      { mRID: 'M-1003', usagePoint: 'UP-1003' },
    ]);
    assert.equal(p.data.unknownMeter, 'M-9999');
    assert.deepEqual(capabilitiesOf(p), { asyncReplies: true, annexB: true, eventPublication: true, masterDataPublication: true, relayToHeadEnd: true });
    assert.equal(p.stimulus.kind, 'simulator');
    assert.equal(p.timeouts.responseSeconds, 10);
    assert.equal(p.timeouts.asyncResultSeconds, 10);
    assert.equal(p.timeouts.eventSeconds, 5);
    assert.equal(p.assumptions['ENV-16'], 10, 'ENV-16 follows timeouts.asyncResultSeconds');
  });

  test('profiles/example-vendor.yaml loads', () => {
    const p = loadProfile(join(repo, 'profiles/example-vendor.yaml'));
    assert.equal(p.sut.embedded, false);
    assert.equal(p.sut.endpoints.MDM?.url, 'https://mdm.example.com/cim/services');
    assert.equal(serviceUrl(p, 'MDM', 'GetMeterReadings'), 'https://mdm.example.com/cim/GetMeterReadings');
    assert.equal(serviceUrl(p, 'MDM', 'ExecuteMeterReadings'), 'https://mdm.example.com/cim/services');
    assert.equal(serviceUrl(p, 'HES', 'GetMeterReadings'), undefined);
    assert.equal(p.stimulus.kind, 'http');
    assert.deepEqual(p.expectedCodes.dataUnavailable, ['5.7', '5.5']);
    assert.deepEqual(p.expectedCodes.unknownMeter, ['2.4']);
    assert.equal(p.assumptions['CIM9-01'], 'either');
  });

  test('every field of the schema is explained in example-vendor.yaml', () => {
    const text = readFileSync(join(repo, 'profiles/example-vendor.yaml'), 'utf8');
    const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as SchemaNode;
    const names = new Set<string>();
    const walk = (s: SchemaNode | undefined): void => {
      if (!s) return;
      if (s.$ref) return walk(resolveRef(schema, s.$ref));
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (k === '$schema') continue;
        // a deprecated section (capabilities:, moved into pics:) is not shown in the example
        if ((v as { deprecated?: boolean }).deprecated) continue;
        names.add(k);
        walk(v);
      }
      if (s.items) walk(s.items);
    };
    walk(schema);
    for (const name of names) {
      if (['MDM', 'HES', 'CIS', 'OMS'].includes(name)) continue;
      if (NEGATIVE_CASES.includes(name as (typeof NEGATIVE_CASES)[number])) continue;
      assert.ok(new RegExp(`\\b${name}\\b`).test(text), `example-vendor.yaml does not mention ${name}`);
    }
  });
});

interface SchemaNode {
  $ref?: string;
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: boolean | SchemaNode;
}
function resolveRef(root: SchemaNode, ref: string): SchemaNode {
  let cur: unknown = root;
  for (const seg of ref.replace(/^#\//, '').split('/')) cur = (cur as Record<string, unknown>)[seg];
  return cur as SchemaNode;
}

describe('profile errors name the file, the field path and the line', () => {
  test('unreadable file', () => {
    const file = join(tmp, 'does-not-exist.yaml');
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, '(file)', undefined, /file not found/);
    const dir = join(tmp, 'a-directory.yaml');
    mkdirSync(dir);
    assert.match(expectError(() => loadProfile(dir)).message, /a-directory\.yaml.*cannot read/);
  });

  test('unreadable because of permissions', { skip: process.getuid?.() === 0 ? 'running as root' : false }, () => {
    const file = write(MINIMAL, 'locked.yaml');
    chmodSync(file, 0o000);
    assert.match(expectError(() => loadProfile(file)).message, /locked\.yaml.*cannot read/);
  });

  test('YAML syntax error, with its line', () => {
    const text = `cim9: 1\nname: broken\nsut:\n  roles: [MDM\n  embedded: true\ndata: {}\n`;
    const file = write(text, 'broken.yaml');
    const err = expectError(() => loadProfile(file));
    assert.equal(err.issues[0]!.path, '(yaml)');
    assert.match(err.message, /YAML syntax error/);
    assert.ok(err.issues.every((i) => typeof i.line === 'number' && i.line >= 4), err.message);
    assert.ok(err.message.startsWith(`${file}:`) || err.message.includes(`\n${file}:`), err.message);
  });

  test('a duplicate key is a YAML error at its line', () => {
    const text = MINIMAL + 'name: again\n';
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assert.equal(err.issues[0]!.line, lineOf(text, 'name: again'));
    assert.match(err.message, /unique|duplicate/i);
  });

  test('schema violations: all of them, one per line, each at its own line', () => {
    const text = `cim9: 2
name: many mistakes
edition: "2025"
sut:
  roles: [MDM, XYZ]
  endpoints:
    MDM:
      url: not a url
      services:
        getMeterReadings: http://x/y
  soapVersion: "1.1"
tiemouts:
  responseSeconds: 5
listener:
  port: 70000
data:
  meters:
    - { mRID: M-1, usagePoint: UP-1 }
    - { mRID: M-2 }
expectedCodes:
  unsupportedReadingType: 2.10
`;
    const file = write(text, 'many.yaml');
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'cim9', 1, /must be 1/);
    assertIssue(err, file, 'edition', 3, /"2025" is not allowed: must be one of 2013, 2024/);
    assertIssue(err, file, 'sut.roles[1]', 5, /"XYZ" is not allowed: must be one of MDM, HES, CIS, OMS/);
    assertIssue(err, file, 'sut.endpoints.MDM.url', 8, /"not a url" does not have the expected form/);
    assertIssue(err, file, 'sut.endpoints.MDM.services.getMeterReadings', 10, /not allowed as a name here/);
    assertIssue(err, file, 'tiemouts', 12, /unknown field "tiemouts" \(did you mean "timeouts"\?\)/);
    assertIssue(err, file, 'listener.port', 15, /must be <= 65535/);
    assertIssue(err, file, 'data.meters[1].usagePoint', 19, /required field is missing/);
    assertIssue(err, file, 'expectedCodes.unsupportedReadingType', 21, /put the value in quotes/);
    assert.equal(err.issues.length, 9, err.message);
    assert.match(err.message, /^9 problems in profile /);
    assert.equal(err.message.split('\n').length, 10);
  });

  test('a missing required section points at its parent', () => {
    const text = `cim9: 1\nname: no data\nsut:\n  roles: [MDM]\n  endpoints: { MDM: { url: "http://h/x" } }\n`;
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'data', 1, /required field is missing/);
  });

  test('an empty file is one error at the root', () => {
    const file = write('');
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, '(root)', 1, /must be object/);
  });

  test('unknown assumption ID, with a suggestion', () => {
    const text = MINIMAL + 'assumptions:\n  ENV-07: accept\n  env-7: reply\n  XYZ-01: on\n';
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'assumptions.env-7', lineOf(text, 'env-7'), /unknown assumption ID "env-7" \(did you mean ENV-07\?\)/);
    assertIssue(err, file, 'assumptions.XYZ-01', lineOf(text, 'XYZ-01'), /unknown assumption ID "XYZ-01"/);
    assert.equal(err.issues.length, 2);
  });

  test('illegal assumption values', () => {
    const text = MINIMAL + 'assumptions:\n  ENV-07: maybe\n  UC-05: [1, two]\n  ENV-16: -3\n  ENV-09: { verb: failure }\n';
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'assumptions.ENV-07', lineOf(text, 'ENV-07'), /illegal value for ENV-07.*"maybe" is not allowed: must be reply \| accept \| fail/);
    assertIssue(err, file, 'assumptions.UC-05', lineOf(text, 'UC-05'), /item "two" must match/);
    assertIssue(err, file, 'assumptions.ENV-16', lineOf(text, 'ENV-16'), /≥ 1/);
    assertIssue(err, file, 'assumptions.ENV-09', lineOf(text, 'ENV-09'), /key "verb" is not one of element, noun, action/);
  });

  test('schema errors and assumption errors come together', () => {
    const text = MINIMAL + 'strict: yes\nassumptions:\n  ENV-99: x\n';
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'strict', lineOf(text, 'strict'), /must be boolean/);
    assertIssue(err, file, 'assumptions.ENV-99', lineOf(text, 'ENV-99'), /unknown assumption ID/);
  });

  test('a role without endpoint when not embedded', () => {
    const text = MINIMAL.replace('roles: [MDM]', 'roles: [MDM, HES]');
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'sut.endpoints.HES', lineOf(text, 'endpoints:'), /plays HES but has no endpoint/);
    assert.equal(err.issues.length, 1);

    const noEndpoints = `cim9: 1\nname: x\nsut:\n  roles: [OMS]\ndata:\n  meters: [{ mRID: M-1, usagePoint: UP-1 }]\n`;
    const file2 = write(noEndpoints);
    assertIssue(expectError(() => loadProfile(file2)), file2, 'sut.endpoints.OMS', 4, /plays OMS/);
  });

  test('an embedded SUT takes no endpoints', () => {
    const text = MINIMAL.replace('sut:\n', 'sut:\n  embedded: true\n');
    const file = write(text);
    assertIssue(expectError(() => loadProfile(file)), file, 'sut.endpoints', lineOf(text, 'endpoints:'), /leave sut.endpoints out/);
  });

  test('missing environment variable for a secret', () => {
    const text = MINIMAL.replace('  roles: [MDM]\n', '  roles: [MDM]\n  basicAuth:\n    username: tester\n    password: env:CIM9_TEST_NO_SUCH_VAR\n  headers:\n    Authorization: env:CIM9_TEST_TOKEN\n');
    const file = write(text);
    const err = expectError(() => loadProfile(file, { env: { CIM9_TEST_TOKEN: 'Bearer t' } }));
    assertIssue(err, file, 'sut.basicAuth.password', lineOf(text, 'password:'), /environment variable CIM9_TEST_NO_SUCH_VAR is not set/);
    assert.equal(err.issues.length, 1);
    const p = loadProfile(file, { env: { CIM9_TEST_NO_SUCH_VAR: 's3cret', CIM9_TEST_TOKEN: 'Bearer t' } });
    assert.deepEqual(p.sut.basicAuth, { username: 'tester', password: 's3cret' });
    assert.equal(p.sut.headers['Authorization'], 'Bearer t');
  });

  test('missing TLS files; present files resolve relative to the profile', () => {
    const text = MINIMAL.replace('  roles: [MDM]\n', '  roles: [MDM]\n  tls:\n    ca: certs/ca.pem\n    cert: certs/client.pem\n    key: certs/client.key\n');
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'sut.tls.ca', lineOf(text, 'ca:'), /file not found: .*certs\/ca\.pem/);
    assertIssue(err, file, 'sut.tls.cert', lineOf(text, 'cert:'), /file not found/);
    assertIssue(err, file, 'sut.tls.key', lineOf(text, 'key:'), /file not found/);
    const dir = join(file, '..');
    mkdirSync(join(dir, 'certs'));
    for (const f of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(join(dir, 'certs', f), 'PEM');
    const p = loadProfile(file);
    assert.equal(p.sut.tls?.ca, join(dir, 'certs/ca.pem'));
    assert.equal(p.sut.tls?.key, join(dir, 'certs/client.key'));
    assert.equal(p.sut.tls?.rejectUnauthorized, true);
  });

  test('a client certificate without its key', () => {
    const text = MINIMAL.replace('  roles: [MDM]\n', '  roles: [MDM]\n  tls:\n    cert: client.pem\n');
    const file = write(text);
    writeFileSync(join(file, '..', 'client.pem'), 'PEM');
    assertIssue(expectError(() => loadProfile(file)), file, 'sut.tls.key', lineOf(text, 'cert:'), /needs both cert and key/);
  });

  test('stimulus consistency', () => {
    const t1 = MINIMAL + 'stimulus:\n  kind: simulator\n';
    const f1 = write(t1);
    assertIssue(expectError(() => loadProfile(f1)), f1, 'stimulus.kind', lineOf(t1, 'kind:'), /needs the embedded simulator/);
    const t2 = MINIMAL + 'stimulus:\n  kind: http\n  command: echo {meter}\n';
    const f2 = write(t2);
    const e2 = expectError(() => loadProfile(f2));
    assertIssue(e2, f2, 'stimulus.url', lineOf(t2, 'stimulus:'), /kind http needs url/);
    assertIssue(e2, f2, 'stimulus.command', lineOf(t2, 'command:'), /only used with kind command/);
  });

  test('duplicate meters and an unknown meter that is known', () => {
    const text = MINIMAL.replace('    - { mRID: M-1, usagePoint: UP-1 }\n', '    - { mRID: M-1, usagePoint: UP-1 }\n    - { mRID: M-1, usagePoint: UP-2 }\n  unknownMeter: M-1\n');
    const file = write(text);
    const err = expectError(() => loadProfile(file));
    assertIssue(err, file, 'data.meters[1].mRID', lineOf(text, 'UP-2'), /listed twice/);
    assertIssue(err, file, 'data.unknownMeter', lineOf(text, 'unknownMeter'), /not unknown/);
  });

  test('a schema pack directory must exist', () => {
    const text = MINIMAL + 'schemas: ./xsd\n';
    const file = write(text);
    assertIssue(expectError(() => loadProfile(file)), file, 'schemas', lineOf(text, 'schemas:'), /file not found/);
    mkdirSync(join(file, '..', 'xsd'));
    assert.equal(loadProfile(file).schemas, join(file, '..', 'xsd'));
  });
});

describe('the listener address a SUT is told', () => {
  const head = `cim9: 1\nname: wildcard\nsut:\n  roles: [MDM]\n  endpoints: { MDM: { url: "http://h/x" } }\ndata:\n  meters:\n    - { mRID: M-1, usagePoint: UP-1 }\n`;
  for (const host of ['0.0.0.0', '"::"', '"[::]"']) {
    test(`host ${host} without publicUrl is a profile error at the host line naming listener.publicUrl`, () => {
      const text = `${head}listener:\n  host: ${host}\n  port: 9400\n`;
      const file = write(text);
      const err = expectError(() => loadProfile(file));
      assertIssue(err, file, 'listener.publicUrl', lineOf(text, 'host:'), /binds every interface of this machine but is no address a SUT can send to: give listener.publicUrl/);
      assert.equal(err.issues.length, 1);
    });
  }
  test('host 0.0.0.0 with publicUrl is fine; a publicUrl with a query is an error', () => {
    assert.equal(parseProfile(`${head}listener:\n  host: 0.0.0.0\n  publicUrl: http://lab:9400/cim9\n`, 'x.yaml').listener.publicUrl, 'http://lab:9400/cim9');
    const text = `${head}listener:\n  publicUrl: "http://lab:9400/cim9?x=1"\n`;
    const file = write(text);
    assertIssue(expectError(() => loadProfile(file)), file, 'listener.publicUrl', lineOf(text, 'publicUrl'), /has a query; the listener serves the URL's path only/);
  });
});

describe('defaults', () => {
  test('a minimal profile gets every default', () => {
    const p = parseProfile(MINIMAL, join(tmp, 'minimal.yaml'));
    const d = profileDefaults();
    assert.equal(p.edition, '2013');
    assert.equal(p.sut.embedded, false);
    assert.equal(p.sut.soapVersion, '1.1');
    assert.deepEqual(p.sut.headers, {});
    assert.equal(p.sut.maxReplyBytes, 16 * 1024 * 1024);
    assert.equal(p.sut.basicAuth, undefined);
    assert.equal(p.sut.tls, undefined);
    assert.deepEqual(p.sut.endpoints.MDM, { url: 'http://127.0.0.1:8080/cim', services: {} });
    assert.deepEqual(p.listener, { host: '127.0.0.1', port: 0 });
    assert.deepEqual(p.timeouts, { responseSeconds: 60, asyncResultSeconds: 300, eventSeconds: 30, clockSkewSeconds: 300, quietSeconds: 5 });
    assert.deepEqual(p.stimulus, { kind: 'none' });
    assert.deepEqual(capabilitiesOf(p), { asyncReplies: false, annexB: false, eventPublication: false, masterDataPublication: false, relayToHeadEnd: false });
    assert.deepEqual(p.expectedCodes, {});
    assert.equal(p.strict, false);
    assert.equal(p.data.unknownMeter, d.data.unknownMeter);
    assert.deepEqual(p.data.readingTypes, d.data.readingTypes);
    assert.deepEqual(p.assumptions, d.assumptions);
    assert.deepEqual(p.assumptionOverrides, {});
    assert.equal(p.file, join(tmp, 'minimal.yaml'));
  });

  test('peers: the page size of the head-end the suite plays, its default, and a bad value named at its line', () => {
    assert.equal(parseProfile(MINIMAL, 'x.yaml').peers.HES.pageIntervals, 48);
    assert.equal(parseProfile(MINIMAL + 'peers:\n  HES:\n    pageIntervals: 1\n', 'x.yaml').peers.HES.pageIntervals, 1);
    for (const bad of ['0', '2.5', '"many"', '5001']) {
      const text = MINIMAL + `peers:\n  HES:\n    pageIntervals: ${bad}\n`;
      const file = write(text);
      assertIssue(expectError(() => loadProfile(file)), file, 'peers.HES.pageIntervals', lineOf(text, 'pageIntervals'), /must be|integer/);
    }
  });

  test('numbers for edition and soapVersion are read as their strings', () => {
    const p = parseProfile(MINIMAL + 'edition: 2024\n', 'x.yaml');
    assert.equal(p.edition, '2024');
    const q = parseProfile(MINIMAL.replace('  roles: [MDM]\n', '  roles: [MDM]\n  soapVersion: 1.2\n'), 'x.yaml');
    assert.equal(q.sut.soapVersion, '1.2');
  });

  test('the defaults written in the schema are the defaults the loader applies', () => {
    const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as SchemaNode;
    const p = parseProfile(MINIMAL, 'x.yaml');
    const checked: string[] = [];
    const walk = (s: SchemaNode, value: unknown, path: string): void => {
      if (s.$ref) {
        const target = resolveRef(schema, s.$ref);
        if (s.default !== undefined && target.default === undefined) return walk({ ...target, default: s.default }, value, path);
        return walk({ ...target, ...s, $ref: undefined }, value, path);
      }
      if (s.default !== undefined && (typeof s.default !== 'object' || s.default === null)) {
        assert.deepEqual(value, s.default, `default of ${path}`);
        checked.push(path);
      }
      if (s.properties && value && typeof value === 'object') {
        for (const [k, sub] of Object.entries(s.properties)) walk(sub, (value as Record<string, unknown>)[k], `${path}.${k}`);
      }
    };
    walk(schema, p, '');
    assert.ok(checked.length >= 15, `only ${checked.join(', ')}`);
    const tlsDefault = (resolveRef(schema, '#/properties/sut/properties/tls') as SchemaNode).properties!['rejectUnauthorized']!.default;
    assert.equal(tlsDefault, profileDefaults().sut.tlsRejectUnauthorized);
  });

  test('every schema object is closed and every field has a description', () => {
    const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as SchemaNode;
    const walk = (s: SchemaNode, path: string): void => {
      if (s.properties) {
        assert.equal(s.additionalProperties === false || path === '.assumptions', true, `${path} is not closed`);
        for (const [k, sub] of Object.entries(s.properties)) {
          assert.ok(sub.description, `${path}.${k} has no description`);
          walk(sub.$ref ? { ...resolveRef(schema, sub.$ref), ...sub } : sub, `${path}.${k}`);
        }
      }
      if (s.items) walk(s.items, `${path}[]`);
    };
    walk(schema, '');
  });

  test('the negative cases of the schema are those of the profile type and of src/codes', async () => {
    const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8')) as SchemaNode;
    assert.deepEqual(Object.keys(schema.properties!['expectedCodes']!.properties!), [...NEGATIVE_CASES]);
    const codes = (await import('../src/codes/reply.ts').catch(() => undefined)) as { NEGATIVE_SCENARIO_KINDS?: string[] } | undefined;
    if (codes?.NEGATIVE_SCENARIO_KINDS) assert.deepEqual([...codes.NEGATIVE_SCENARIO_KINDS].sort(), [...NEGATIVE_CASES].sort());
  });
});

describe('assumptions', () => {
  test('the register holds every ID of README §8 and the suite decisions', () => {
    const ids = ASSUMPTIONS.map((a) => a.id);
    const want: string[] = [];
    for (const [prefix, count] of [['ENV', 20], ['PAY', 16], ['COD', 16], ['UC', 35], ['EUM', 14]] as const) {
      for (let i = 1; i <= count; i++) want.push(`${prefix}-${String(i).padStart(2, '0')}`);
    }
    // then the suite's own decisions (CIM9-nn): CIM9-01 first, then the blocks of the features (CIM9-10.. master data)
    const suite = ids.slice(want.length);
    assert.deepEqual(ids.slice(0, want.length), want);
    assert.equal(suite[0], 'CIM9-01');
    assert.ok(suite.every((id) => /^CIM9-\d{2,3}$/.test(id)), suite.join(', '));
    want.push('CIM9-01');
    assert.equal(new Set(ids).size, ids.length);
    const readme = '/work/shared/spec/README.md';
    if (existsSync(readme)) {
      const inReadme = [...readFileSync(readme, 'utf8').matchAll(/^\| ((?:ENV|PAY|COD|UC|EUM)-\d\d) \|/gm)];
      assert.deepEqual(inReadme.map((m) => m[1]), want.slice(0, -1), 'README §8 IDs');
    }
  });

  test('every default (and strict default) is a legal value; tokens are short kebab-case or names', () => {
    for (const d of ASSUMPTIONS as readonly AssumptionDef[]) {
      assert.ok(d.question && d.defaultMeaning && d.source, d.id);
      assert.ok(d.tokens.length || d.open, `${d.id} allows nothing`);
      const r = checkAssumptionValue(d, d.default);
      assert.ok(r.ok, `${d.id} default: ${r.ok ? '' : r.message}`);
      assert.deepEqual(r.value, d.default, `${d.id} default normalizes to itself`);
      if (d.strictDefault !== undefined) assert.ok(checkAssumptionValue(d, d.strictDefault).ok, `${d.id} strict default`);
      for (const tk of d.tokens) assert.match(tk.value, /^([a-z0-9]+(-[a-z0-9]+)*|[0-9.-]+|[A-Z][A-Za-z]+)$/, `${d.id} token ${tk.value}`);
      assert.equal(new Set(d.tokens.map((x) => x.value)).size, d.tokens.length, `${d.id} duplicate tokens`);
    }
  });

  test('the tokens named in the brief', () => {
    const r = resolveAssumptions();
    assert.equal(r['ENV-07'], 'reply');
    assert.equal(r['ENV-14'], 'request-correlation');
    assert.equal(r['ENV-16'], 300);
    assert.equal(r['CIM9-01'], 'created');
    assert.deepEqual(assumptionDef('ENV-07')!.tokens.map((x) => x.value), ['reply', 'accept', 'fail']);
    assert.deepEqual(assumptionDef('CIM9-01')!.tokens.map((x) => x.value), ['created', 'reply', 'either']);
  });

  test('resolveAssumptions applies and normalizes overrides', () => {
    const r = resolveAssumptions({
      'ENV-07': 'accept',
      'ENV-06': true,
      'UC-05': [1, 2, 7],
      'ENV-09': { noun: 'failure' },
      'UC-03': { outage: ['3.26.0.85'] },
      'UC-15': '2.5',
      'PAY-13': 'urn:example:uplc#',
      'ENV-01': ['2013', 'draft-2011'],
    });
    assert.equal(r['ENV-07'], 'accept');
    assert.equal(r['ENV-06'], 'true');
    assert.deepEqual(r['UC-05'], ['1', '2', '7']);
    assert.deepEqual(r['ENV-09'], { element: 'failure', noun: 'failure', action: 'warning' });
    assert.deepEqual(r['UC-03'], { outage: ['3.26.0.85'], restoration: ['3.26.0.216', '3.26.136.216', '0.26.38.49'] });
    assert.equal(r['UC-15'], 2.5);
    assert.equal(r['PAY-13'], 'urn:example:uplc#');
    assert.deepEqual(r['ENV-01'], ['2013', 'draft-2011']);
    assert.equal(r['ENV-08'], 'strict', 'untouched entries keep their default');
  });

  test('resolveAssumptions rejects unknown IDs and illegal values', () => {
    assert.throws(() => resolveAssumptions({ 'ENV-21': 'x' }), (e: unknown) => e instanceof AssumptionError && /unknown assumption ID "ENV-21"/.test(e.message));
    assert.throws(() => resolveAssumptions({ 'ENV-07': 'sometimes' }), /illegal value for ENV-07/);
    assert.throws(() => resolveAssumptions({ 'UC-05': 'all' }), /illegal value for UC-05/);
    assert.throws(() => resolveAssumptions({ 'UC-03': { outage: ['3.26'] } }), /must match/);
    assert.throws(() => resolveAssumptions({ 'ENV-01': ['2013', 'ed9'] }), /"ed9" is not one of/);
    assert.throws(() => resolveAssumptions({ 'PAY-03': 42 }), /illegal value for PAY-03/);
    const problems = validateAssumptions({ 'ENV-07': 'x', 'cod-1': 'reject' });
    assert.deepEqual(problems.map((p) => p.kind), ['illegal-value', 'unknown-id']);
    assert.match(problems[1]!.message, /did you mean COD-01\?/);
  });

  test('certification mode changes the defaults the register makes depend on it; overrides still win', () => {
    const p = parseProfile(MINIMAL + 'strict: true\nassumptions:\n  COD-14: accept\n', 'x.yaml');
    assert.equal(p.assumptions['COD-01'], 'reject');
    assert.equal(p.assumptions['ENV-19'], 'failure');
    assert.equal(p.assumptions['COD-14'], 'accept');
    assert.equal(p.assumptions['ENV-07'], 'reply', 'uncertain rules keep their default');
    assert.equal(resolveAssumptions()['COD-01'], 'finding');
  });

  test('profile overrides, describeAssumptions and pickAssumptions', () => {
    const p = parseProfile(MINIMAL + 'assumptions:\n  ENV-07: fail\n  UC-05: [1, 2]\n  ENV-09: { action: off }\n', 'x.yaml');
    assert.deepEqual(p.assumptionOverrides, { 'ENV-07': 'fail', 'UC-05': ['1', '2'], 'ENV-09': { element: 'failure', noun: 'warning', action: 'off' } });
    const described = describeAssumptions(p);
    assert.equal(Object.keys(described).length, ASSUMPTIONS.length);
    assert.equal(described['ENV-07'], 'fail');
    assert.equal(described['UC-05'], '1,2');
    assert.equal(described['ENV-09'], 'element=failure; noun=warning; action=off');
    assert.equal(described['ENV-16'], '300');
    assert.equal(described['UC-03'], 'outage=3.26.0.85,3.26.0.47,3.26.136.47,0.26.38.85; restoration=3.26.0.216,3.26.136.216,0.26.38.49');
    assert.deepEqual(pickAssumptions(p.assumptions, 'ENV-07', 'PAY-04'), { 'ENV-07': 'fail', 'PAY-04': 'end' });
  });

  test('ENV-16 and timeouts.asyncResultSeconds are one setting', () => {
    const a = parseProfile(MINIMAL + 'assumptions:\n  ENV-16: 120\n', 'x.yaml');
    assert.equal(a.timeouts.asyncResultSeconds, 120);
    assert.equal(a.assumptions['ENV-16'], 120);
    const b = parseProfile(MINIMAL + 'timeouts:\n  asyncResultSeconds: 45\n', 'x.yaml');
    assert.equal(b.assumptions['ENV-16'], 45);
    const text = MINIMAL + 'timeouts:\n  asyncResultSeconds: 45\nassumptions:\n  ENV-16: 120\n';
    const file = write(text);
    assertIssue(expectError(() => loadProfile(file)), file, 'assumptions.ENV-16', lineOf(text, 'ENV-16'), /contradicts timeouts.asyncResultSeconds/);
  });

  test('assumptions given outside the profile win, and are checked', () => {
    const file = write(MINIMAL + 'assumptions:\n  ENV-07: fail\n');
    const p = loadProfile(file, { extraAssumptions: { 'ENV-07': 'accept', 'ENV-16': '30' } });
    assert.equal(p.assumptions['ENV-07'], 'accept');
    assert.equal(p.timeouts.asyncResultSeconds, 30);
    const err = expectError(() => loadProfile(file, { extraAssumptions: { 'ENV-77': 'x' } }));
    assertIssue(err, file, 'assumptions.ENV-77', undefined, /unknown assumption ID.*given outside the profile/);
  });

  test('docs/assumptions.md is generated from the register', () => {
    const doc = readFileSync(join(repo, 'docs/assumptions.md'), 'utf8');
    assert.equal(doc, renderAssumptionsMarkdown(), 'docs/assumptions.md is stale: run node --import tsx src/profile/write-assumptions-doc.ts');
    for (const a of ASSUMPTIONS) assert.ok(doc.includes(`| ${a.id} |`), a.id);
  });
});
