/**
 * The PICS replaces the four capability booleans (issue 16): the plan, certification mode and the statement read what
 * the SUT implements from pics: alone (src/profile/pics-capabilities.ts). A profile that still has `capabilities:` is
 * read as before — moved into the PICS with one deprecation line — and selects exactly the scenarios its migrated form
 * selects; the new fields have a JSON Schema; a wrong one, or a capabilities: value the PICS contradicts, is one line
 * naming the file and the field (exit 2).
 * Run: node --import tsx --test test/pics-capabilities.test.ts
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseProfile, ProfileError, type Profile } from '../src/profile/index.ts';
import { annexBFor, capabilitiesOf, declaresAsync, HEAD_END_REQUESTS, picsFromCapabilities, publishesMasterData, relaysToHeadEnd } from '../src/profile/pics-capabilities.ts';
import { planScenarios } from '../src/cli/plan.ts';
import { runCim9InProcess } from './cli.ts';

const tmp = mkdtempSync(join(os.tmpdir(), 'cim9-pics-caps-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const HEAD = `cim9: 1
name: migration
sut:
  embedded: true
  roles: [MDM, HES]
data:
  meters:
    - { mRID: M-1001, usagePoint: UP-1001 }
    - { mRID: M-1002, usagePoint: UP-1002 }
    - { mRID: M-1003, usagePoint: UP-1003 }
`;

const load = (text: string, name = 'p.yaml'): Profile => parseProfile(text, join(tmp, name));

/** what a plan leaves out, as comparable rows (the scenarios and the tag of the declaration) */
async function selection(p: Profile): Promise<string[]> {
  const plan = await planScenarios(p, ['features']);
  return plan.notApplicable.map((n) => `${n.uri}:${n.line}`).sort();
}

describe('an old profile selects what its migrated form selects', () => {
  const cases: { name: string; old: string; migrated: string }[] = [
    {
      name: 'every capability claimed',
      old: 'capabilities: { asyncReplies: true, annexB: true, eventPublication: true, masterDataPublication: true, relayToHeadEnd: true }\n',
      migrated: `pics:
  MDM:
    asyncReplies: true
    annexB: true
    publishes:
      - { noun: MeterReadingSet, verbs: [created] }
      - { noun: MeterConfig, verbs: [created, changed, deleted] }
    sends:
      - { noun: MeterReadings, verbs: [get] }
  HES:
    asyncReplies: true
    annexB: true
    publishes:
      - { noun: MeterConfig, verbs: [created, deleted] }
`,
    },
    {
      name: 'none claimed (the defaults)',
      old: 'capabilities: { asyncReplies: false, annexB: false, eventPublication: false, masterDataPublication: false, relayToHeadEnd: false }\n',
      migrated: '',
    },
    {
      name: 'a mix, with a PICS of use cases beside it',
      old: 'capabilities: { asyncReplies: true, masterDataPublication: true }\npics:\n  MDM:\n    useCases: [MR-03, MD-01, MD-02]\n',
      migrated: 'pics:\n  MDM:\n    useCases: [MR-03, MD-01, MD-02]\n    asyncReplies: true\n    publishes: [{ noun: UsagePointConfig, verbs: [created] }]\n  HES:\n    asyncReplies: true\n    publishes: [{ noun: OperationSet, verbs: [executed] }]\n',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const old = load(HEAD + c.old, 'old.yaml');
      const migrated = load(HEAD + c.migrated, 'new.yaml');
      assert.deepEqual(capabilitiesOf(old), capabilitiesOf(migrated));
      assert.deepEqual(await selection(old), await selection(migrated));
      // the old one says once that capabilities: is deprecated, and what it was read as; the migrated one says nothing
      assert.equal(old.warnings?.length, 1);
      assert.match(old.warnings![0]!, /^capabilities: is deprecated, the PICS decides \(README "The PICS"\); read as .* — move them into pics:$/);
      assert.ok(!old.warnings![0]!.includes('\n'));
      assert.equal(migrated.warnings, undefined);
    });
  }

  test('the mapping: options on every role, publications on the MDM (and the head-end for master data), the relay as the MDM\'s sends', () => {
    const m = picsFromCapabilities({ asyncReplies: true, annexB: false, eventPublication: true, masterDataPublication: true, relayToHeadEnd: true }, ['MDM', 'HES'], { MDM: { useCases: ['MR-03'] } });
    assert.deepEqual(m.problems, []);
    assert.deepEqual(m.pics.MDM, {
      useCases: ['MR-03'],
      asyncReplies: true,
      annexB: false,
      publishes: [
        { noun: 'MeterReadingSet', verbs: ['created'] },
        { noun: 'MeterConfig', verbs: ['created', 'changed', 'deleted'] },
      ],
      sends: HEAD_END_REQUESTS,
    });
    assert.deepEqual(m.pics.HES, { asyncReplies: true, annexB: false, publishes: [{ noun: 'MeterConfig', verbs: ['created', 'changed', 'deleted'] }] });
  });

  test('per role: an option the HES declares and the MDM does not leaves out the MDM\'s scenarios that need it only', async () => {
    const p = load(`${HEAD}pics:\n  HES:\n    asyncReplies: true\n    annexB: true\n`);
    assert.equal(declaresAsync(p, ['HES']), true);
    assert.equal(declaresAsync(p, ['MDM']), false);
    assert.equal(annexBFor(p, ['MDM']), false);
    assert.equal(annexBFor(p, ['HES']), true);
    assert.equal(annexBFor(p), true, 'a scenario without a role: any role the SUT plays');
    const plan = await planScenarios(p, ['features']);
    const x = plan.exclusions.find((e) => e.cap === '@cap:async');
    assert.equal(x?.tag, '@cap:async and (@role:MDM)');
    const left = plan.notApplicable.filter((n) => n.excludedBy === undefined && n.reason === x!.reason);
    assert.ok(left.length > 0 && left.every((n) => n.roles?.includes('MDM')), JSON.stringify(left.slice(0, 3)));
    assert.ok(!plan.notApplicable.some((n) => n.reason === x!.reason && n.roles?.includes('HES') && !n.roles.includes('MDM')));
    assert.equal(relaysToHeadEnd(p), false);
    assert.equal(publishesMasterData(p), false);
  });
});

describe('the JSON Schema of the new PICS fields, and bad input', () => {
  /** the one problem of a profile text, as a line */
  const problem = (text: string): string => {
    try {
      load(text, 'bad.yaml');
    } catch (e) {
      assert.ok(e instanceof ProfileError, String(e));
      assert.equal(e.issues.length, 1, e.message);
      return e.message;
    }
    assert.fail('accepted');
  };

  test('asyncReplies and annexB are booleans, publishes a list of nouns with event verbs, each noun once', () => {
    assert.match(problem(`${HEAD}pics:\n  MDM:\n    asyncReplies: yes please\n`), /bad\.yaml:\d+:\d+: pics\.MDM\.asyncReplies: /);
    assert.match(problem(`${HEAD}pics:\n  HES:\n    annexB: 1\n`), /pics\.HES\.annexB: /);
    assert.match(problem(`${HEAD}pics:\n  MDM:\n    publishes: [{ noun: MeterConfig, verbs: [shouted] }]\n`), /pics\.MDM\.publishes\[0\]\.verbs\[0\]: /);
    assert.match(problem(`${HEAD}pics:\n  MDM:\n    publishes: [{ noun: MeterConfig, verbs: [] }]\n`), /pics\.MDM\.publishes\[0\]\.verbs: /);
    assert.match(problem(`${HEAD}pics:\n  MDM:\n    publishes: [{ noun: MeterConfig, verbs: [created] }, { noun: MeterConfig, verbs: [deleted] }]\n`), /pics\.MDM\.publishes\[1\]\.noun: noun "MeterConfig" is listed twice/);
    assert.match(problem(`${HEAD}capabilities: { relayToHeadend: true }\n`), /capabilities\.relayToHeadend: /);
  });

  test('a capabilities: value the PICS contradicts names both fields', () => {
    const line = problem(`${HEAD}capabilities: { relayToHeadEnd: false }\npics:\n  MDM:\n    sends: [{ noun: MeterReadings, verbs: [get] }]\n`);
    assert.match(line, /bad\.yaml:\d+:\d+: capabilities\.relayToHeadEnd: false contradicts pics\.MDM\.sends, which declares requests the MDM sends to its head-end \(get\(MeterReadings\)\): remove capabilities: \(deprecated\), the PICS decides/);
    assert.match(problem(`${HEAD}capabilities: { annexB: true }\npics:\n  HES:\n    annexB: false\n`), /capabilities\.annexB: true contradicts pics\.HES\.annexB: false/);
    assert.match(problem(`${HEAD}capabilities: { masterDataPublication: false }\npics:\n  HES:\n    publishes: [{ noun: MeterConfig, verbs: [created] }]\n`), /capabilities\.masterDataPublication: false contradicts pics\.HES\.publishes, which lists MeterConfig/);
  });

  test('cim9 run: one line naming the file and the field, exit 2, nothing run', async () => {
    const file = join(tmp, 'run-bad.yaml');
    writeFileSync(file, `${HEAD}pics:\n  MDM:\n    asyncReplies: maybe\n`);
    const r = await runCim9InProcess(['run', '--profile', file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`^cim9 run: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: pics\\.MDM\\.asyncReplies: `));
  });
});
