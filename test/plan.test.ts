/** The plan: which scenarios a profile leaves out, and why (src/cli/plan.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exclusionsFor, planScenarios } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const reference = () => loadProfile(repoPath('profiles/reference.yaml'));
const tags = (p: ReturnType<typeof reference>) => exclusionsFor(p).map((x) => x.tag);

test('the reference profile leaves out only the other editions and the optional ObjectNamesConfig', () => {
  assert.deepEqual(tags(reference()).sort(), ['@cap:object-names', '@edition:2024', '@edition:draft-2011', '@role:CIS', '@role:OMS']);
});

test('the draft-2011 reference profile runs the scenarios tagged @edition:draft-2011 only (read, negatives, outage)', async () => {
  const p = loadProfile(repoPath('profiles/reference-draft-2011.yaml'));
  assert.equal(p.edition, 'draft-2011');
  assert.ok(tags(p).includes('@edition:2013') && tags(p).includes('@edition:2024'));
  const plan = await planScenarios(p, ['features/']);
  assert.match(plan.tagExpression, /@edition:draft-2011 or not \(@edition:2013 or @edition:2024\)/);
  const left = new Set(plan.notApplicable.map((n) => n.uri));
  assert.ok(left.has('features/master-data.feature') && left.has('features/eumed.feature'), 'master data and EUMED are left out');
  assert.ok(!left.has('features/on-request-read.feature') && !left.has('features/outage-detection.feature') && !left.has('features/negative-requests.feature'));
});

test('master-data publication scenarios need the suite registered as subscriber, or UC-29 = always', () => {
  const p = reference();
  p.capabilities.masterDataPublication = false;
  const x = exclusionsFor(p).find((e) => e.tag === '@cap:md-publication');
  assert.ok(x, 'left out when the suite is not registered');
  assert.match(x.reason, /capabilities\.masterDataPublication/);
  assert.match(x.reason, /UC-29/);
  const always = { ...p, assumptions: { ...p.assumptions, 'UC-29': 'always' } } as typeof p;
  assert.ok(!tags(always).includes('@cap:md-publication'), 'UC-29 = always: publication is required whatever the registration');
});

test('each unclaimed capability leaves out its tag', () => {
  const p = reference();
  p.capabilities.asyncReplies = false;
  p.capabilities.eventPublication = false;
  p.stimulus = { kind: 'none' } as typeof p.stimulus;
  const t = tags(p);
  for (const tag of ['@cap:async', '@cap:publication', '@cap:stimulus']) assert.ok(t.includes(tag), tag);
});
