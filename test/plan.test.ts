/** The plan: which scenarios a profile leaves out, and why (src/cli/plan.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exclusionsFor } from '../src/cli/plan.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const reference = () => loadProfile(repoPath('profiles/reference.yaml'));
const tags = (p: ReturnType<typeof reference>) => exclusionsFor(p).map((x) => x.tag);

test('the reference profile leaves out only the other edition and the optional ObjectNamesConfig', () => {
  assert.deepEqual(tags(reference()).sort(), ['@cap:object-names', '@edition:2024', '@role:CIS', '@role:OMS']);
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
