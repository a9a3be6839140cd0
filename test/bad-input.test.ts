/**
 * Bad user input, one kind per row: the CLI prints ONE line on stderr that names the file, line or field (or the
 * option, variable or path) and exits 2 — never a stack trace, never a run. Every row runs `main` in this process
 * (test/cli.ts runCim9InProcess), except CIM9_DIST, which bin/cim9.js reads before main.
 * Run: node --import tsx --test test/bad-input.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { runCim9, runCim9InProcess } from './cli.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'cim9-bad-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** a valid profile of a system under test (never reached: every row fails before anything is sent) */
const PROFILE = [
  'cim9: 1',
  'name: bad input',
  'sut:',
  '  roles: [MDM]',
  '  endpoints:',
  '    MDM: { url: "http://127.0.0.1:9/mdm" }',
  'data:',
  '  meters:',
  '    - { mRID: M-1001, usagePoint: UP-1001 }',
  '',
].join('\n');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const good = file('good.yaml', PROFILE);
mkdirSync(join(dir, 'folder'));
mkdirSync(join(dir, 'xsd-bad'));
writeFileSync(join(dir, 'xsd-bad', 'a.xsd'), '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name=</xs:schema>');
const withWaivers = (name: string, waivers: string) => {
  file(`${name}.waivers.yaml`, waivers);
  return file(`${name}.yaml`, PROFILE);
};

interface Row {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** what the one line must say (it names the file and line, the field, the option or the variable) */
  line: RegExp;
}

const run = (...a: string[]) => ['run', '--no-pdf', '-q', '--reports', join(dir, 'reports'), ...a];
const future = `${new Date().getUTCFullYear() + 1}-12-31`;

const ROWS: Row[] = [
  // the profile
  { name: 'profile: YAML syntax error', args: run('--profile', file('syntax.yaml', PROFILE.replace('name: bad input', 'name: [bad input'))), line: /syntax\.yaml:3:\d+: \(yaml\): YAML syntax error/ },
  { name: 'profile: unknown key', args: run('--profile', file('unknown.yaml', `${PROFILE}bogusKey: 1\n`)), line: /unknown\.yaml:10:1: bogusKey: unknown field "bogusKey"/ },
  { name: 'profile: wrong type', args: run('--profile', file('type.yaml', `${PROFILE}listener: { port: abc }\n`)), line: /type\.yaml:10:\d+: listener\.port: must be integer/ },
  { name: 'profile: missing file', args: run('--profile', join(dir, 'nope.yaml')), line: /nope\.yaml: \(file\): file not found/ },
  { name: 'profile: a folder', args: run('--profile', join(dir, 'folder')), line: /folder: \(file\): cannot read the file \(not a regular file\)/ },
  { name: 'profile: empty file', args: run('--profile', file('empty.yaml', '')), line: /empty\.yaml:1:1: \(root\): must be object/ },
  { name: 'profile: env: variable not set', args: run('--profile', file('env.yaml', PROFILE.replace('data:', '  headers: { X-Key: env:CIM9_BAD_INPUT_UNSET }\ndata:'))), line: /env\.yaml:7:\d+: sut\.headers\.X-Key: environment variable CIM9_BAD_INPUT_UNSET is not set/ },
  { name: 'profile: unknown assumption', args: run('--profile', file('assume.yaml', `${PROFILE}assumptions: { NOPE-1: x }\n`)), line: /assume\.yaml:\d+:\d+: assumptions\.NOPE-1: unknown assumption ID/ },
  { name: "profile: schemas: folder with no .xsd", args: run('--profile', file('xsd-none.yaml', `${PROFILE}schemas: ./folder\n`)), line: /xsd-none\.yaml:10:1: schemas: the schema pack of edition 2013 with .*folder cannot be used: .*no \.xsd file/ },
  { name: 'profile: schemas: folder with XML that is not well-formed', args: run('--profile', file('xsd-bad.yaml', `${PROFILE}schemas: ./xsd-bad\n`)), line: /xsd-bad\.yaml:10:1: schemas: .*cannot be used: a\.xsd:1: not well-formed XML/ },
  { name: 'simulate: schemas: folder with XML that is not well-formed', args: ['simulate', '--port', '0', '--profile', join(dir, 'xsd-bad.yaml')], line: /xsd-bad\.yaml:10:1: schemas: .*cannot be used/ },
  // options
  { name: 'bad CLI option', args: run('--bogus'), line: /unknown option '--bogus'/ },
  { name: 'option without its value', args: run('--profile'), line: /--profile needs a value/ },
  { name: 'bad --fault name', args: run('--fault', 'no-such-fault'), line: /unknown fault "no-such-fault"/ },
  { name: '--fault against a system under test', args: run('--profile', good, '--fault', 'wrong-noun'), line: /--fault applies to the embedded reference SUT only/ },
  { name: 'bad --tags expression', args: run('--tags', '@a and ('), line: /--tags .*not a tag expression/ },
  { name: 'bad --workers', args: run('--workers', 'abc'), line: /--workers abc: .* 1 to 16/ },
  { name: 'bad --overlay-exit', args: run('--overlay-exit', '2'), line: /--overlay-exit 2: .*4-125/ },
  { name: 'bad --assume value', args: run('--assume', 'ENV-07=banana'), line: /assumptions\.ENV-07: illegal value .*"banana"/ },
  { name: '--assume without =', args: run('--assume', 'ENV-07'), line: /--assume needs ID=VALUE/ },
  { name: 'bad --retry', args: run('--retry', 'abc'), line: /--retry must be a non negative integer/ },
  { name: '--reports naming a file', args: run('--profile', good, '--reports', good, '--skip-reachability'), line: /--reports .*good\.yaml: cannot write .*a file is in the way/ },
  { name: 'endpoint that cannot be reached', args: run('--profile', good, 'features/on-request-read.feature'), line: /good\.yaml:6:\d+: sut\.endpoints\.MDM\.url: http:\/\/127\.0\.0\.1:9\/mdm cannot be reached: .*--skip-reachability runs anyway/ },
  { name: '--reports as an empty string (never the current folder)', args: ['run', '--reports', '', '--tags', '@req:EDE-09.1'], line: /--reports needs a value, not an empty string/ },
  { name: '--profile as an empty string', args: run('--profile='), line: /--profile needs a value, not an empty string/ },
  { name: '--name that is no regular expression', args: run('--name', '('), line: /--name \(: not a regular expression/ },
  { name: '--format naming no formatter', args: run('--format', 'bogus:out.txt'), line: /--format bogus:out\.txt: no formatter bogus/ },
  { name: '--import naming no file', args: run('--import', 'no-such/steps.ts'), line: /--import no-such\/steps\.ts: no file matches it \(Cucumber reads it from the suite's folder / },
  { name: '--require naming no file', args: run('--require', 'no-such-support.js'), line: /--require no-such-support\.js: no file matches it/ },
  { name: '--import as an empty string', args: run('--import', ''), line: /--import: an empty value names no file/ },
  { name: '--require-module naming no module', args: run('--require-module', 'no-such-module-cim9'), line: /--require-module no-such-module-cim9: no module of that name resolves/ },
  { name: '--loader naming no module', args: run('--loader', './no-such-loader.mjs'), line: /--loader \.\/no-such-loader\.mjs: no module of that name resolves/ },
  { name: '--order that is no order', args: run('--order', 'bogus'), line: /--order bogus: use defined, reverse, random/ },
  { name: '--language that is no Gherkin language', args: run('--language', 'xx'), line: /--language xx: not a Gherkin language/ },
  { name: '--retry-tag-filter that is no tag expression', args: run('--retry', '1', '--retry-tag-filter', '@a and ('), line: /--retry-tag-filter @a and \(: not a tag expression/ },
  // feature paths
  { name: 'feature path naming nothing', args: run('features/no-such.feature'), line: /feature path features\/no-such\.feature: no such file or folder/ },
  { name: 'feature path with a line, naming nothing', args: run('features/no-such.feature:12'), line: /feature path features\/no-such\.feature:12: no such file or folder/ },
  { name: 'feature path that is no .feature file', args: run(good), line: /feature path .*good\.yaml: not a \.feature file/ },
  { name: 'feature path selecting no scenario', args: run(join(dir, 'folder')), line: /no scenario matches among the .*folder/ },
  // overlay
  { name: 'overlay: missing file', args: run('--profile', good, '--overlay', join(dir, 'nope-overlay.yaml')), line: /nope-overlay\.yaml: \(file\): overlay file not found/ },
  { name: 'overlay: YAML syntax error', args: run('--profile', good, '--overlay', file('ov-syntax.yaml', 'cim9-overlay: 1\nname: [x\n')), line: /ov-syntax\.yaml:3:\d+: \(yaml\): YAML syntax error/ },
  { name: 'overlay: unknown field', args: run('--profile', good, '--overlay', file('ov-unknown.yaml', 'cim9-overlay: 1\nname: x\nbogus: 1\n')), line: /ov-unknown\.yaml:3:1: bogus: unknown field "bogus"/ },
  { name: 'overlay: unknown use case', args: run('--profile', good, '--overlay', file('ov-uc.yaml', 'cim9-overlay: 1\nname: x\nrequiredUseCases:\n  MDM: [MR-99]\n')), line: /ov-uc\.yaml:4:\d+: requiredUseCases\.MDM\[0\]: "MR-99" is not a use case id/ },
  // waivers
  { name: 'waivers: YAML syntax error', args: run('--profile', withWaivers('w-syntax', 'waivers:\n  - scenario: [x\n')), line: /w-syntax\.waivers\.yaml:3:\d+: \(yaml\): YAML syntax error/ },
  { name: 'waivers: expired', args: run('--profile', withWaivers('w-expired', 'waivers:\n  - { scenario: EDE-02.1, reason: r, expires: 2020-01-01 }\n')), line: /w-expired\.waivers\.yaml:2:\d+: waivers\[0\]\.expires: the waiver of EDE-02\.1 expired on 2020-01-01/ },
  { name: 'waivers: unknown field', args: run('--profile', withWaivers('w-unknown', `waivers:\n  - { scenario: EDE-02.1, reason: r, expires: ${future}, bogus: 1 }\n`)), line: /w-unknown\.waivers\.yaml:2:\d+: waivers\[0\]\.bogus: unknown field "bogus"/ },
  { name: 'waivers: unknown scenario', args: run('--profile', withWaivers('w-scenario', `waivers:\n  - { scenario: NOPE-1, reason: r, expires: ${future} }\n`)), line: /w-scenario\.waivers\.yaml:2:\d+: waivers\[0\]\.scenario: "NOPE-1" names no scenario/ },
  { name: 'waivers: wrong type', args: run('--profile', withWaivers('w-type', 'waivers: 5\n')), line: /w-type\.waivers\.yaml:1:\d+: waivers: must be a list/ },
  { name: "waivers: the profile's file missing", args: run('--profile', file('w-missing.yaml', `${PROFILE}waivers: none.yaml\n`)), line: /w-missing\.yaml:10:1: waivers: file not found/ },
  // environment variables
  { name: 'CIM9_WORKERS=abc', args: run('--dry-run'), env: { CIM9_WORKERS: 'abc' }, line: /CIM9_WORKERS="abc": .*1 to 16/ },
  { name: 'CIM9_WORKERS=0', args: run('--dry-run'), env: { CIM9_WORKERS: '0' }, line: /CIM9_WORKERS="0"/ },
  { name: 'CIM9_BODIES_MAX_MB=lots', args: run('--dry-run'), env: { CIM9_BODIES_MAX_MB: 'lots' }, line: /CIM9_BODIES_MAX_MB="lots"/ },
  { name: 'CIM9_PDF=maybe', args: run('--dry-run'), env: { CIM9_PDF: 'maybe' }, line: /CIM9_PDF="maybe": 0 .* or 1/ },
  { name: 'CIM9_HOME naming a file', args: run('--dry-run'), env: { CIM9_HOME: good }, line: /CIM9_HOME=".*good\.yaml": not a folder/ },
  { name: 'CIM9_CHROMIUM naming nothing (a PDF is asked for)', args: ['run', '-q', '--reports', join(dir, 'reports'), '--tags', '@req:EDE-09.1'], env: { CIM9_CHROMIUM: join(dir, 'no-chromium'), CIM9_PDF: '1' }, line: /CIM9_CHROMIUM=".*no-chromium": no executable there/ },
  // the other commands
  { name: 'validate: missing file', args: ['validate', join(dir, 'nope.xml')], line: /nope\.xml: no such file/ },
  { name: 'validate: bad --edition', args: ['validate', '--edition', '1999', good], line: /--edition must be 2013, 2024 or draft-2011/ },
  { name: 'simulate: bad --port', args: ['simulate', '--port', 'abc'], line: /--port abc is not a port number/ },
  { name: 'simulate: bad --role', args: ['simulate', '--role', 'XYZ'], line: /--role XYZ/ },
  { name: 'simulate: bad --fault', args: ['simulate', '--fault', 'nope'], line: /unknown fault "nope"/ },
  { name: 'simulate: profile syntax error', args: ['simulate', '--profile', join(dir, 'syntax.yaml')], line: /syntax\.yaml:3:\d+: \(yaml\)/ },
  { name: 'list: missing profile', args: ['list', '--profile', join(dir, 'nope.yaml')], line: /nope\.yaml: \(file\): file not found/ },
  { name: 'list: bad --format', args: ['list', '--format', 'xml'], line: /'xml' is invalid/ },
  { name: 'verify: missing bundle', args: ['verify', join(dir, 'nope')], line: /nope: cannot read it/ },
  { name: 'report: no run there', args: ['report', '--run', join(dir, 'nope')], line: /no run in .*nope/ },
  { name: 'coverage: no run there', args: ['coverage', '--run', join(dir, 'nope')], line: /--run .*nope: no run's conformance\.json/ },
  { name: 'prune: bad --keep', args: ['prune', '--keep', 'abc'], line: /--keep "abc": not a whole number/ },
  { name: 'load: bad --meters', args: ['load', '--scenario', 'outage-storm', '--meters', 'abc'], line: /--meters "abc": not a whole number/ },
  { name: 'load: --reports naming a file (found before the load, not after it)', args: ['load', '--scenario', 'outage-storm', '--meters', '2', '--reports', good], line: /--reports .*good\.yaml: a file is in the way/ },
  { name: 'load: --reports as an empty string', args: ['load', '--scenario', 'outage-storm', '--meters', '2', '--reports', ''], line: /--reports needs a value, not an empty string/ },
  { name: 'simulate: --oms that is no URL', args: ['simulate', '--role', 'HES', '--oms', 'nope', '--port', '0'], line: /--oms "nope": not an http\(s\) URL/ },
  { name: 'simulate: --master-data-subscriber that is no URL', args: ['simulate', '--role', 'HES', '--master-data-subscriber', 'nope', '--port', '0'], line: /--master-data-subscriber "nope": not an http\(s\) URL/ },
  { name: 'list: --profile as an empty string', args: ['list', '--profile', ''], line: /--profile needs a value, not an empty string/ },
  { name: 'coverage: --run as an empty string', args: ['coverage', '--run', ''], line: /--run needs a value, not an empty string/ },
  { name: 'unknown command', args: ['bogus'], line: /unknown command 'bogus'/ },
];

/** exit 2, exactly one line on stderr matching `line`, nothing that looks like a stack trace anywhere */
function assertOneLine(r: { code: number | null; stdout: string; stderr: string }, line: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l.trim());
  assert.equal(r.code, 2, `exit ${r.code}\nstderr: ${r.stderr}\nstdout: ${r.stdout}`);
  assert.equal(lines.length, 1, `one line on stderr, got ${lines.length}:\n${r.stderr}`);
  assert.match(lines[0]!, line);
  assert.doesNotMatch(r.stderr + r.stdout, /^\s+at |internal error/m, 'a stack trace');
}

describe('bad input: one line naming what is wrong, exit 2', () => {
  for (const row of ROWS)
    test(row.name, async () => {
      const saved: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(row.env ?? {})) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
      try {
        assertOneLine(await runCim9InProcess(row.args), row.line);
      } finally {
        for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

  test('a profile with several problems: a line counting them, then one line per problem naming the file, line and field', async () => {
    const several = file('several.yaml', PROFILE.replace('roles: [MDM]', 'roles: [MDM, XYZ]') + 'edition: "2099"\ntimeouts:\n  responseSeconds: -3\n');
    const r = await runCim9InProcess(run('--profile', several));
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.split('\n').filter((l) => l.trim());
    assert.match(lines[0]!, /^cim9 run: 3 problems in profile .*several\.yaml:$/);
    assert.equal(lines.length, 4, r.stderr);
    for (const l of lines.slice(1)) assert.match(l, /^\S*several\.yaml:\d+:\d+: (edition|sut\.roles\[1\]|timeouts\.responseSeconds): /);
    assert.doesNotMatch(r.stderr + r.stdout, /^\s+at |internal error/m, 'a stack trace');
  });

  test('simulate: a port in use, a host this machine does not have', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      assertOneLine(await runCim9InProcess(['simulate', '--role', 'MDM', '--port', String(port)]), new RegExp(`--port ${port}: port ${port} of 127\\.0\\.0\\.1 is in use`));
      const inProfile = file('sim-port.yaml', `${PROFILE}simulator: { port: ${port} }\n`);
      assertOneLine(await runCim9InProcess(['simulate', '--profile', inProfile]), /sim-port\.yaml:10:\d+: simulator\.port: port \d+ of 127\.0\.0\.1 is in use/);
    } finally {
      server.close();
    }
    // TEST-NET-1 (RFC 5737): no machine has it
    assertOneLine(await runCim9InProcess(['simulate', '--role', 'MDM', '--host', '192.0.2.1', '--port', '0']), /--host 192\.0\.2\.1: 192\.0\.2\.1 is no address of this machine/);
  });

  test('CIM9_DIST=yes (read by bin/cim9.js before anything loads)', async () => {
    const saved = process.env['CIM9_DIST'];
    process.env['CIM9_DIST'] = 'yes';
    try {
      assertOneLine(await runCim9(['--version']), /CIM9_DIST="yes": 1 .* or 0/);
    } finally {
      if (saved === undefined) delete process.env['CIM9_DIST'];
      else process.env['CIM9_DIST'] = saved;
    }
  });
});
