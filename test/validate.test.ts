/**
 * `cim9 validate` on every file of fixtures/messages, in this process (src/cli/main.ts main, the command line
 * parsed as the bin does; one run as a child process, node bin/cim9.js validate, checks the command as a user
 * meets it):
 * valid ones exit 0; each defective one (invalid/<RULE>.<what>.xml, with the extra arguments of its sidecar
 * <same name>.json) exits 1 and prints an error of the rule its name carries; usage errors and unreadable
 * input exit 2 with a message naming the problem, never a stack trace. Also: the generated fixtures are up
 * to date with fixtures/messages/generate.ts.
 * Run: node --import tsx --test test/validate.test.ts
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fixtures, FIXTURES_DIR } from '../fixtures/messages/generate.ts';
import { isRuleId } from '../src/checks/catalogue.ts';

import { ROOT, runCim9, runCim9InProcess, type CliRun } from './cli.ts';

/** cim9 validate ARGS in this process, in fixtures/messages (so that file names print as invalid/…) */
function validate(args: string[], cwd = FIXTURES_DIR): Promise<CliRun> {
  return runCim9InProcess(['validate', ...args], cwd);
}

/** run many at once, a few at a time */
async function pool<T, R>(items: readonly T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

const show = (r: CliRun) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
const CONCURRENCY = Math.max(2, Math.min(6, os.availableParallelism?.() ?? 2));

const generated = fixtures();
const validFiles = generated.filter((f) => f.path.startsWith('valid/') && f.path.endsWith('.xml')).map((f) => f.path);
const invalidFiles = generated.filter((f) => f.path.startsWith('invalid/') && f.path.endsWith('.xml')).map((f) => f.path);

function sidecarArgs(file: string): string[] {
  const side = generated.find((f) => f.path === file.replace(/\.xml$/, '.json'));
  return side ? (JSON.parse(side.content) as { args: string[] }).args : [];
}

describe('fixtures/messages', () => {
  test('the generated files are up to date (node --import tsx fixtures/messages/generate.ts)', () => {
    for (const f of generated) {
      const p = join(FIXTURES_DIR, f.path);
      assert.ok(existsSync(p), `${f.path} is missing: regenerate the fixtures`);
      assert.equal(readFileSync(p, 'utf8'), f.content, `${f.path} is out of date: regenerate the fixtures`);
    }
    const wanted = new Set(generated.map((f) => f.path));
    for (const sub of ['valid', 'invalid']) {
      for (const name of readdirSync(join(FIXTURES_DIR, sub))) assert.ok(wanted.has(`${sub}/${name}`), `${sub}/${name} is not generated any more: regenerate the fixtures`);
    }
  });

  test('a valid example of each payload type, in bare, wrapper and SOAP form, and at least 25 defective variants named after a rule', () => {
    for (const noun of ['MeterReadings', 'GetMeterReadings', 'EndDeviceEvents', 'GetEndDeviceEvents']) {
      assert.ok(generated.some((f) => f.path.startsWith('valid/') && new RegExp(`:${noun}[ >]`).test(f.content)), noun);
    }
    assert.ok(validFiles.some((f) => f.endsWith('.payload.xml')) && validFiles.some((f) => f.endsWith('.soap.xml')) && validFiles.some((f) => !/\.(payload|soap)\.xml$/.test(f)));
    assert.ok(invalidFiles.length >= 25, `${invalidFiles.length} defective variants`);
    for (const f of invalidFiles) assert.ok(isRuleId(f.split('/')[1]!.split('.')[0]!), `${f}: not named after a catalogue rule`);
  });
});

describe('cim9 validate on every fixture', () => {
  const results = new Map<string, CliRun>();
  let valid: CliRun;
  before(async () => {
    // the valid fixtures in one run (exit 0 means none has an error); each defective one on its own
    // the valid ones as a user runs them (node bin/cim9.js validate): the command's smoke test as a process
    const runs = await pool(['*valid*', ...invalidFiles], CONCURRENCY, async (f) => [f, await (f === '*valid*' ? runCim9(['validate', ...validFiles], FIXTURES_DIR) : validate([...sidecarArgs(f), f]))] as const);
    for (const [f, r] of runs) results.set(f, r);
    valid = results.get('*valid*')!;
  });

  test('the valid fixtures exit 0 without errors or warnings', () => {
    assert.equal(valid.code, 0, show(valid));
    assert.doesNotMatch(valid.stdout, / (error|warning) /, show(valid));
    assert.match(valid.stderr, new RegExp(`${validFiles.length} file\\(s\\), edition 2013: 0 error\\(s\\), 0 warning\\(s\\)`), show(valid));
  });

  test('every defective fixture exits 1 and prints an error of the rule of its name, one finding per line', () => {
    for (const f of invalidFiles) {
      const r = results.get(f)!;
      const id = f.split('/')[1]!.split('.')[0]!;
      assert.equal(r.code, 1, `${f}\n${show(r)}`);
      const esc = f.replace(/[.]/g, '\\.');
      assert.match(r.stdout, new RegExp(`^${esc}(:\\d+)?: error ${id}: `, 'm'), `${f}\n${show(r)}`);
      for (const line of r.stdout.trim().split('\n')) {
        assert.match(line, /^[^:]+\.xml(:\d+)?: (error|warning|info) [A-Z][A-Z0-9-]*: /, `${f}: ${line}`);
        const rid = /: (?:error|warning|info) ([A-Z][A-Z0-9-]*):/.exec(line)![1]!;
        assert.ok(isRuleId(rid), `${f}: ${rid} is not in the catalogue`);
      }
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${f}: stack trace\n${show(r)}`);
    }
  });

  test('a defect that needs a profile choice passes under the default profile (the sidecar is what makes it fail)', async () => {
    const r = await validate(['invalid/ENV-SOAP-ACTION.action-names-create.soap.xml']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /warning ENV-SOAP-ACTION: .* \[assumed ENV-09=default\]/);
  });
});

describe('cim9 validate options and output', () => {
  let tmp = '';
  before(() => {
    tmp = mkdtempSync(join(os.tmpdir(), 'cim9-validate-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('several files at once; --conversation checks them as one exchange', async () => {
    const ok = await validate(['--conversation', 'valid/get-meter-readings.soap.xml', 'valid/meter-readings.reply.xml', 'valid/end-device-events.xml']);
    assert.equal(ok.code, 0, show(ok));
    const bad = await validate(['valid/get-meter-readings.soap.xml', 'invalid/ENV-CORRELATION.reply-with-other-correlation-id.xml']);
    assert.equal(bad.code, 0, `without --conversation the reply is not compared with the request\n${show(bad)}`);
  });

  test('--format json prints an array of { file, findings }', async () => {
    const r = await validate(['--format', 'json', 'valid/end-device-events.xml', 'invalid/DOM-VALUE.not-a-number.xml']);
    assert.equal(r.code, 1, show(r));
    const out = JSON.parse(r.stdout) as { file: string; findings: { rule: string; severity: string; line?: number; xpath?: string; message: string }[] }[];
    assert.deepEqual(out.map((x) => x.file), ['valid/end-device-events.xml', 'invalid/DOM-VALUE.not-a-number.xml']);
    assert.deepEqual(out[0]!.findings, []);
    const f = out[1]!.findings.find((x) => x.rule === 'DOM-VALUE')!;
    assert.equal(f.severity, 'error');
    assert.ok(f.line && f.xpath && /"0,250" is not a number/.test(f.message), JSON.stringify(f));
    assert.equal(r.stderr, '');
  });

  test('--strict and --assume change the verdict; --profile takes the profile\'s settings', async () => {
    const file = 'invalid/COD-REPLY-LOCAL.unknown-category.xml';
    assert.equal((await validate([file])).code, 0);
    assert.equal((await validate(['--strict', file])).code, 1);
    assert.equal((await validate(['--assume', 'ENV-19=failure', file])).code, 1);
    const profile = join(ROOT, 'profiles', 'reference.yaml');
    const r = await validate(['--profile', profile, 'valid/meter-readings.reply.xml']);
    assert.equal(r.code, 0, show(r));
    const strictProfile = join(tmp, 'strict.yaml');
    writeFileSync(strictProfile, readFileSync(profile, 'utf8').replace(/^strict: false$/m, 'strict: true'));
    assert.equal((await validate(['--profile', strictProfile, file])).code, 1);
  });

  test('--profile of an old profile (capabilities:) prints the deprecation line cim9 run prints, once; the verdict is unchanged', async () => {
    const profile = join(ROOT, 'profiles', 'reference.yaml');
    const old = join(tmp, 'old-capabilities.yaml');
    writeFileSync(old, readFileSync(profile, 'utf8').replace(/^strict: false$/m, 'strict: false\ncapabilities: { asyncReplies: true }'));
    const r = await validate(['--profile', old, 'valid/meter-readings.reply.xml']);
    assert.equal(r.code, 0, show(r));
    const lines = r.stderr.split('\n').filter((l) => /deprecated/.test(l));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^cim9: profile .*old-capabilities\.yaml: warning: capabilities: is deprecated, the PICS decides/);
    const fresh = await validate(['--profile', profile, 'valid/meter-readings.reply.xml']);
    assert.doesNotMatch(fresh.stderr, /deprecated/);
  });

  test('a ResponseMessage with Verb created (wrapper and generic form) is ENV-07\'s alone: accept exits 0, fail exits 1 naming ENV-07', async () => {
    const files: string[] = [];
    for (const src of ['valid/meter-readings.reply.xml', 'invalid/ENV-REPLY-VERB.generic-response-echoes-get.xml']) {
      const f = join(tmp, `created-${files.length}.xml`);
      writeFileSync(f, readFileSync(join(FIXTURES_DIR, src), 'utf8').replace(/<m:Verb>(reply|get)<\/m:Verb>/, '<m:Verb>created</m:Verb>'));
      files.push(f);
    }
    for (const f of files) {
      const accepted = await validate(['--assume', 'ENV-07=accept', f]);
      assert.equal(accepted.code, 0, show(accepted));
      assert.doesNotMatch(accepted.stdout, /ENV-WRAPPER|ENV-REPLY-VERB/, show(accepted));
      const failed = await validate(['--assume', 'ENV-07=fail', f]);
      assert.equal(failed.code, 1, show(failed));
      assert.match(failed.stdout, /error ENV-REPLY-VERB: Header\/Verb is "created", expected "reply" .*\[assumed ENV-07=fail\]/, show(failed));
      assert.doesNotMatch(failed.stdout, /ENV-WRAPPER/, show(failed));
    }
  });

  test('--profile with schemas: the user\'s folder is overlaid on the own pack (the SOAP envelope and message schema stay known), as in run and schemas list', async () => {
    const userDir = join(ROOT, 'fixtures', 'user-schemas', 'widgets');
    const messages = join(ROOT, 'fixtures', 'user-schemas', 'messages');
    const profile = join(tmp, 'user-schemas.yaml');
    writeFileSync(profile, readFileSync(join(ROOT, 'profiles', 'reference.yaml'), 'utf8').replace(/^edition: "2013"$/m, `edition: "2013"\nschemas: ${JSON.stringify(userDir)}`));
    const ok = await validate(['--profile', profile, join(messages, 'widgets.soap.xml')]);
    assert.equal(ok.code, 0, show(ok));
    assert.doesNotMatch(ok.stdout, /XSD/, show(ok));
    // the user's schema is in force: its payload is validated against it
    const bad = await validate(['--profile', profile, join(messages, 'widgets.bad-size.soap.xml')]);
    assert.equal(bad.code, 1, show(bad));
    assert.match(bad.stdout, /error XSD: Element '\{http:\/\/example\.com\/cim9-user\/2024\/Widgets#\}size': 'three' is not a valid value/, show(bad));
    assert.doesNotMatch(bad.stdout, /soap\/envelope\/', which schema pack/, show(bad));
    // without the folder the payload's namespace is unknown to the pack
    const plain = await validate([join(messages, 'widgets.soap.xml')]);
    assert.match(plain.stdout, /warning XSD: payload root \{http:\/\/example\.com\/cim9-user\/2024\/Widgets#\}Widgets .* which schema pack '2013' does not know/, show(plain));
    // cim9 schemas list with the folder: the same overlay (the user's namespace from the folder, SOAP from the own pack)
    const list = await runCim9(['schemas', 'list', '--dir', userDir]);
    assert.equal(list.code, 0, show(list));
    assert.match(list.stdout, /http:\/\/example\.com\/cim9-user\/2024\/Widgets#\s+\[user: widgets\]/, show(list));
    assert.match(list.stdout, /http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/\s+\[own: 2013\]/, show(list));
  });

  test('usage errors and unreadable input exit 2 with a message naming the problem, never a stack trace', async () => {
    const big = join(tmp, 'big.xml');
    writeFileSync(big, '');
    truncateSync(big, 16 * 1024 * 1024 + 1);
    const cases: [string[], RegExp][] = [
      [['no-such-file.xml'], /no-such-file\.xml: no such file/],
      [['valid'], /valid: is a directory/],
      [[big], /big\.xml: is 16777217 bytes, over the size limit of 16777216 bytes/],
      [['--max-bytes', '100', 'valid/end-device-events.xml'], /over the size limit of 100 bytes/],
      [['valid/end-device-events.xml', 'no-such-file.xml'], /no-such-file\.xml: no such file/],
      [['--format', 'xml', 'valid/end-device-events.xml'], /--format must be text or json/],
      [['--edition', '2009', 'valid/end-device-events.xml'], /--edition must be 2013, 2024 or draft-2011/],
      [['--assume', 'ENV-07=sometimes', 'valid/end-device-events.xml'], /illegal value for ENV-07/],
      [['--assume', 'ENV-99=x', 'valid/end-device-events.xml'], /unknown assumption ID "ENV-99"/],
      [['--assume', 'ENV-07', 'valid/end-device-events.xml'], /--assume needs ID=VALUE/],
      [['--profile', 'no-such-profile.yaml', 'valid/end-device-events.xml'], /no-such-profile\.yaml.*file not found/],
      [['--no-such-option', 'valid/end-device-events.xml'], /unknown option/],
      [[], /missing required argument/],
    ];
    const runs = await pool(cases, CONCURRENCY, async ([args]) => validate(args));
    runs.forEach((r, i) => {
      const [args, message] = cases[i]!;
      assert.equal(r.code, 2, `${args.join(' ')}\n${show(r)}`);
      assert.match(r.stderr, message, `${args.join(' ')}\n${show(r)}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(' ')}: stack trace\n${show(r)}`);
      assert.equal(r.stdout, '', args.join(' '));
    });
  });

  test('--edition 2024: says clearly when the edition has no schema pack yet', async () => {
    const r = await validate(['--edition', '2024', 'valid/end-device-events.xml']);
    if (!existsSync(join(ROOT, 'fixtures', 'schemas', '2024'))) {
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /edition 2024 has no schema pack yet/);
    } else {
      assert.notEqual(r.code, 2, show(r));
      assert.match(r.stderr, /edition 2024/);
    }
  });
});
