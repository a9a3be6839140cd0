/**
 * `cim9 faults` (the text listing as a child process, node bin/cim9.js faults; the rest through main in this
 * process): the text listing names every fault of
 * simulator/faults/catalogue.ts under its area with its roles, editions, the rule it violates and the assumptions a
 * run detects it with; `--format json` parses and carries every field of every fault; an unknown format exits 2.
 * Run: node --import tsx --test test/cli-faults.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS, editionsOf, violatedRule } from '../simulator/faults/catalogue.ts';
import { isRuleId } from '../src/checks/catalogue.ts';
import type { FaultListing } from '../src/cli/faults.ts';

import { runCim9, runCim9InProcess } from './cli.ts';

describe('cim9 faults', () => {
  test('text: every fault under its area, with roles, editions, the rule it violates and its detectWith', async () => {
    const r = await runCim9(['faults']); // as a child process: the command's smoke test
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, new RegExp(`^${FAULTS.length} faults of the reference SUT`));
    for (const f of FAULTS) {
      const i = lines.findIndex((l) => l.trimStart().startsWith(`${f.id} `));
      assert.ok(i > 0, `fault ${f.id} is not listed`);
      const line = lines[i]!;
      const cols = line.trim().split(/\s{2,}/);
      assert.equal(cols[0], f.id);
      assert.equal(cols[1], f.roles.join(','), `${f.id}: roles`);
      assert.equal(cols[2], editionsOf(f).join(','), `${f.id}: editions`);
      assert.ok(cols[3]!.startsWith(`${violatedRule(f)} `) || cols[3] === violatedRule(f), `${f.id}: the rule it violates first: ${line}`);
      assert.ok(line.includes(f.violates), `${f.id}: the requirement in words: ${line}`);
      for (const [k, v] of Object.entries(f.detectWith ?? {})) assert.ok(line.includes(`${k}=${v}`), `${f.id}: detectWith ${k}=${v}: ${line}`);
      assert.equal(lines[i + 1]!.trim(), f.description, `${f.id}: the description follows`);
      // the area heading above it is the fault's own
      const heading = lines.slice(0, i).reverse().find((l) => /^\S.* \(\d+\)$/.test(l));
      assert.equal(heading?.replace(/ \(\d+\)$/, ''), f.area ?? 'other', `${f.id}: listed under its area`);
    }
    // every area heading counts its faults
    for (const l of lines.filter((x) => /^\S.* \(\d+\)$/.test(x))) {
      const [, area, n] = /^(.*) \((\d+)\)$/.exec(l)!;
      assert.equal(FAULTS.filter((f) => (f.area ?? 'other') === area).length, Number(n), l);
    }
  });

  test('--format json: parses, one entry per fault, every field', async () => {
    const r = await runCim9InProcess(['faults', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as FaultListing[];
    assert.equal(list.length, FAULTS.length);
    const fields = ['id', 'area', 'rule', 'violates', 'roles', 'editions', 'description', 'detectWith', 'expectUnsolicited', 'combinable'].sort();
    for (const [i, f] of FAULTS.entries()) {
      const j = list[i]!;
      assert.deepEqual(Object.keys(j).sort(), fields, `${f.id}: fields`);
      assert.equal(j.id, f.id);
      assert.equal(j.area, f.area ?? null);
      assert.equal(j.rule, violatedRule(f));
      assert.ok(isRuleId(j.rule), `${f.id}: ${j.rule} is a rule of src/checks/catalogue.ts`);
      assert.equal(j.violates, f.violates);
      assert.deepEqual(j.roles, f.roles);
      assert.deepEqual(j.editions, editionsOf(f));
      assert.equal(j.description, f.description);
      assert.deepEqual(j.detectWith, f.detectWith ?? {});
      assert.equal(j.expectUnsolicited, f.expectUnsolicited === true);
      assert.equal(j.combinable, f.combinable !== false);
    }
  });

  test('an unknown --format is a usage error: exit 2, a message, no stack trace', async () => {
    const r = await runCim9InProcess(['faults', '--format', 'yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--format.*yaml.*text, json/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
