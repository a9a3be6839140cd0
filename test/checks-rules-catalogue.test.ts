/**
 * The rule catalogue (src/checks/catalogue.ts) is complete and well-formed, and a message gets the same
 * verdict from `cim9 validate` (checkMessage) as from a scenario (the World's layer 1: schema, then
 * checkReceived).
 * Run: node --import tsx --test test/checks-rules-catalogue.test.ts
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, checkMessage, checkReceived, contextFor, isRuleId, rule, rulesOf, schemaAssumptions, type Finding } from '../src/checks/index.ts';
import { END_DEVICE_RULES, QUALITY_RULE, READING_TYPE_RULES, REPLY_RULES } from '../src/codes/index.ts';
import { assumptionDef } from '../src/profile/assumptions.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { readMessage } from '../src/message/index.ts';
import { fixtures } from '../fixtures/messages/generate.ts';
import { FAULTS } from '../simulator/faults/catalogue.ts';
import { RULE_LITERAL, codeFiles } from '../src/cli/requirements.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
after(() => clearSchemaPackCache());

/** every code file under a folder of the repository (from the sources under tsx: .ts) */
const sources = codeFiles;


describe('rule catalogue', () => {
  test('every entry is complete, ids are unique, and named assumptions exist in the register', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((x, i) => ids.indexOf(x) !== i).join(', ')}`);
    for (const r of RULES) {
      assert.match(r.id, /^[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)*$/, r.id);
      assert.ok(r.clause && r.statement, `${r.id}: clause and statement`);
      assert.ok(['error', 'warning', 'info'].includes(r.severity), `${r.id}: severity`);
      assert.ok(['2013', '2024', 'all'].includes(r.edition), `${r.id}: edition`);
      assert.ok(['message', 'conversation', 'scenario'].includes(r.scope), `${r.id}: scope`);
      if (r.assumption) assert.ok(assumptionDef(r.assumption), `${r.id}: assumption ${r.assumption} is not in the register`);
      assert.equal(rule(r.id), r);
      assert.ok(isRuleId(r.id));
    }
    assert.throws(() => rule('NO-SUCH-RULE'), /no rule NO-SUCH-RULE/);
  });

  test('the rule ids of the code tables (src/codes) are in the catalogue', () => {
    for (const id of [...Object.values(REPLY_RULES), ...Object.values(READING_TYPE_RULES), ...Object.values(END_DEVICE_RULES), QUALITY_RULE]) {
      assert.ok(isRuleId(id), `${id} (src/codes) is not in the catalogue`);
    }
  });

  test('every rule id written in the sources (src, steps, simulator) is in the catalogue', () => {
    const missing: string[] = [];
    for (const file of [...sources('src'), ...sources('steps'), ...sources('simulator')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(RULE_LITERAL)) {
        if (!isRuleId(m[1]!)) missing.push(`${relative(ROOT, file)}: ${m[1]}`);
      }
    }
    assert.deepEqual([...new Set(missing)], []);
  });

  test('every catalogued rule has a caller: its id is written in the engine (src, steps) outside the catalogue, and every check function of src/codes is called outside src/codes', () => {
    const definitions = new Set([join(ROOT, 'src', 'checks', 'catalogue.ts'), join(ROOT, 'src', 'checks', 'masterdata-rules.ts')]);
    const files = [...sources('src'), ...sources('steps')].filter((f) => !definitions.has(f));
    const written = new Set<string>();
    for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(RULE_LITERAL)) written.add(m[1]!);
    const uncalled = RULES.filter((r) => !written.has(r.id)).map((r) => r.id);
    assert.deepEqual(uncalled, [], `catalogued rules nothing emits: wire them or remove them from the catalogue`);
    // a code-table rule is emitted by a check function of src/codes (e.g. checkControlType → COD-CONTROL-TYPE): the id is
    // written there, so the function itself must be called by the engine
    const codes = readFileSync(join(ROOT, 'src', 'codes', 'index.ts'), 'utf8');
    const checks = [...new Set([...codes.matchAll(/\b(check[A-Z][A-Za-z]*)\b/g)].map((m) => m[1]!))];
    assert.ok(checks.includes('checkControlType') && checks.includes('checkEventType'), checks.join(', '));
    const engine = files.filter((f) => !relative(ROOT, f).startsWith(join('src', 'codes'))).map((f) => readFileSync(f, 'utf8'));
    const neverCalled = checks.filter((name) => !engine.some((text) => new RegExp(`\\b${name}\\(`).test(text)));
    assert.deepEqual(neverCalled, [], 'check functions of src/codes that nothing outside src/codes calls');
  });

  test('the rule each fault of the reference SUT violates is in the catalogue', () => {
    for (const f of FAULTS) {
      const id = f.violates.split(' ')[0]!;
      assert.ok(isRuleId(id), `fault ${f.id} violates ${id}, which is not in the catalogue`);
    }
  });

  test('the rules of one message are the ones checkMessage emits: every message-scope rule that can fail has a fixture', () => {
    // DOM-QUERY-SUBJECT is a warning whatever the profile
    const exempt = new Set(['DOM-QUERY-SUBJECT']);
    const fixtureRules = new Set(fixtures().filter((f) => f.path.startsWith('invalid/') && f.path.endsWith('.xml')).map((f) => f.path.slice('invalid/'.length).split('.')[0]!));
    for (const r of rulesOf('message')) {
      if (exempt.has(r.id) || r.edition === '2024') continue;
      assert.ok(fixtureRules.has(r.id), `no fixtures/messages/invalid/${r.id}.*.xml`);
    }
    for (const id of fixtureRules) assert.ok(isRuleId(id), `fixture named after ${id}, which is not in the catalogue`);
  });
});

describe('the same verdict by hand and in a scenario', () => {
  const pack = loadSchemaPack(defaultPackDir('2013'));
  const messages = fixtures().filter((f) => f.path.endsWith('.xml'));
  // "checked at <now>" differs by a millisecond between two calls
  const key = (f: Finding) => `${f.rule} ${f.severity} ${f.line ?? ''} ${f.xpath ?? ''} ${f.message.replace(/checked at \S+/, 'checked at (now)')}`;

  test('every finding of every fixture has a catalogue rule id', () => {
    for (const m of messages) {
      for (const f of checkMessage(m.content, { label: m.path, pack })) assert.ok(isRuleId(f.rule), `${m.path}: ${f.rule}`);
    }
  });

  test('checkMessage = schema + checkReceived (what the World runs on every message it receives)', () => {
    assert.ok(messages.length >= 35);
    for (const m of messages) {
      const byHand = checkMessage(m.content, { label: m.path, pack }).map(key).sort();
      const read = readMessage(m.content);
      if (!read.ok) {
        assert.deepEqual(byHand.map((k) => k.split(' ')[0]), ['XML'], m.path);
        continue;
      }
      const ctx = contextFor({ label: m.path });
      const inScenario = [...pack.validate(m.content, { label: m.path, assumptions: schemaAssumptions(ctx) }), ...checkReceived(read.wire, ctx)].map(key).sort();
      assert.deepEqual(inScenario, byHand, m.path);
    }
  });
});
