/**
 * The parsed profile handed from `cim9 run` to its Cucumber workers (src/profile/index.ts, PROFILE_PARSED_ENV): the
 * data of each text parsed without problems is written keyed by the sha256 of the text; a process given that file takes
 * the data of a text of the same digest instead of parsing its YAML, and parses the YAML for any other text; the
 * problems found after the parse are said in the same words, at the same lines, either way.
 * Run: node --import tsx --test test/profile-handover.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseProfile, PROFILE_PARSED_ENV, ProfileError, writeParsedProfiles } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const file = repoPath('profiles', 'reference.yaml');
const text = readFileSync(file, 'utf8');
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'cim9-handover-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a parsed text is written under its digest; a process given the file takes the data of that digest, and parses any other text', () => {
  const plain = parseProfile(text, file, { env: {} });
  const handOver = join(dir, 'profiles.json');
  assert.equal(writeParsedProfiles(handOver), true);
  const written = JSON.parse(readFileSync(handOver, 'utf8')) as Record<string, string>;
  assert.ok(typeof written[sha(text)] === 'string', 'the text is there under its sha256');
  // the same profile from the hand-over
  assert.deepEqual(parseProfile(text, file, { env: { [PROFILE_PARSED_ENV]: handOver } }), plain);

  // the data is taken from the file (here altered on purpose) for this digest only
  const altered = JSON.parse(written[sha(text)]!) as { name: string };
  altered.name = 'from the hand-over';
  const marked = join(dir, 'marked.json');
  writeFileSync(marked, JSON.stringify({ [sha(text)]: JSON.stringify(altered) }));
  assert.equal(parseProfile(text, file, { env: { [PROFILE_PARSED_ENV]: marked } }).name, 'from the hand-over');
  // a mismatching digest (the data of this text filed under another text's digest): the YAML is parsed
  const other = join(dir, 'other.json');
  writeFileSync(other, JSON.stringify({ [sha(`${text}\n# another text\n`)]: JSON.stringify(altered) }));
  assert.equal(parseProfile(text, file, { env: { [PROFILE_PARSED_ENV]: other } }).name, plain.name);
  // a file that is not there, or not JSON: the YAML is parsed
  writeFileSync(join(dir, 'broken.json'), '{ not json');
  for (const f of [join(dir, 'missing.json'), join(dir, 'broken.json')]) assert.equal(parseProfile(text, file, { env: { [PROFILE_PARSED_ENV]: f } }).name, plain.name);
});

test('a problem found after the parse is said as when the YAML is parsed: the same words and lines', () => {
  // an assumption value out of range: found after the parse, placed by its line in the text
  const bad = text.replace(/^assumptions:\n/m, 'assumptions:\n  ENV-01: no-such-edition\n');
  assert.notEqual(bad, text, 'the reference profile has an assumptions block');
  const message = (env: NodeJS.ProcessEnv) => {
    try {
      parseProfile(bad, file, { env });
    } catch (e) {
      assert.ok(e instanceof ProfileError);
      return e.message;
    }
    return assert.fail('the profile was accepted');
  };
  const plain = message({});
  assert.match(plain, /ENV-01/);
  const handOver = join(dir, 'bad.json');
  // the data of that text as cim9 run would hand it over (the text had passed there)
  writeFileSync(handOver, JSON.stringify({ [sha(bad)]: JSON.stringify(parseYaml(bad)) }));
  assert.equal(message({ [PROFILE_PARSED_ENV]: handOver }), plain);
});
