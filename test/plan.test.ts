/** The plan: which scenarios a profile leaves out, and why (src/cli/plan.ts). */
import { isMasterDataNoun } from '../src/profile/pics-capabilities.ts';
import { withoutPublications } from './profile-helpers.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_METERS, exclusionsFor, planScenarios } from '../src/cli/plan.ts';
import { scenarios } from './features.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const reference = () => loadProfile(repoPath('profiles/reference.yaml'));
const tags = (p: ReturnType<typeof reference>) => exclusionsFor(p).map((x) => x.tag);

test('the reference profile leaves out only the other editions and the optional ObjectNamesConfig', () => {
  const meters = reference().data.meters.length;
  const moreMeters = Array.from({ length: MAX_METERS - meters }, (_, i) => `@meters:${meters + 1 + i}`);
  // its pics: declares the use cases of every scenario the reference SUT runs (test/pics.test.ts, below)
  const withoutPics = exclusionsFor(reference()).filter((x) => !x.pics).map((x) => x.tag);
  assert.deepEqual(withoutPics.sort(), ['@cap:object-names', '@edition:2024', '@edition:draft-2011', ...moreMeters, '@role:CIS', '@role:OMS'].sort());
});

test("an OMS SUT runs the ping scenarios of the messages it can be told to ping with (UC-01, CIM9-215)", () => {
  const oms = loadProfile(repoPath('profiles/reference-oms.yaml'));
  assert.equal(oms.assumptions['CIM9-215'], 'both');
  assert.ok(!tags(oms).some((t) => t.startsWith('@cap:ping-')), 'the reference OMS can be told either');
  const uc01 = { ...oms, assumptions: { ...oms.assumptions, 'CIM9-215': 'uc-01' } } as typeof oms;
  assert.deepEqual(tags(uc01).filter((t) => t.startsWith('@cap:ping-')), ['@cap:ping-events']);
  const events = { ...oms, assumptions: { ...oms.assumptions, 'CIM9-215': 'uc-01', 'UC-01': 'get-end-device-events' } } as typeof oms;
  assert.deepEqual(tags(events).filter((t) => t.startsWith('@cap:ping-')), ['@cap:ping-readings']);
  const controls = { ...oms, assumptions: { ...oms.assumptions, 'CIM9-215': 'uc-01', 'UC-01': 'create-end-device-controls' } } as typeof oms;
  assert.equal(exclusionsFor(controls).filter((x) => x.tag.startsWith('@cap:ping-') && /UC-01 = create-end-device-controls/.test(x.reason)).length, 2);
});

test("the reference profile's pics: leaves out no scenario of its roles and edition", async () => {
  const p = reference();
  assert.deepEqual(exclusionsFor(p).filter((x) => x.pics).map((x) => x.pics!.role).sort(), ['HES', 'MDM']);
  const plan = await planScenarios(p, ['features/']);
  assert.deepEqual(plan.notApplicable.filter((n) => n.reason.includes('pics.')).map((n) => `${n.uri}:${n.line} ${n.reason}`), []);
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
  const p = withoutPublications(reference(), (n) => isMasterDataNoun(n));
  const x = exclusionsFor(p).find((e) => e.cap === '@cap:md-publication');
  assert.ok(x, 'left out when the suite is not registered');
  assert.equal(x.tag, '@cap:md-publication');
  assert.match(x.reason, /pics\.<role>\.publishes with a master-data noun/);
  assert.match(x.reason, /UC-29/);
  const always = { ...p, assumptions: { ...p.assumptions, 'UC-29': 'always' } } as typeof p;
  assert.ok(!tags(always).includes('@cap:md-publication'), 'UC-29 = always: publication is required whatever the registration');
});

test('each unclaimed capability leaves out its tag', () => {
  const p = withoutPublications(reference(), (n) => !isMasterDataNoun(n));
  for (const r of ['MDM', 'HES'] as const) p.pics![r] = { ...p.pics![r], asyncReplies: false };
  p.stimulus = { kind: 'none' } as typeof p.stimulus;
  const t = tags(p);
  for (const tag of ['@cap:async', '@cap:publication', '@cap:stimulus']) assert.ok(t.includes(tag), tag);
});

test('a scenario that needs more meters than the profile lists is not applicable, with the reason', async () => {
  const p = reference();
  p.data.meters = p.data.meters.slice(0, 1);
  const x = exclusionsFor(p).filter((e) => e.tag.startsWith('@meters:'));
  assert.deepEqual(x.map((e) => e.tag), Array.from({ length: MAX_METERS - 1 }, (_, i) => `@meters:${i + 2}`));
  const plan = await planScenarios(p, ['features/outage-detection.feature']);
  assert.match(plan.tagExpression, /not @meters:3\b/);
  const several = plan.notApplicable.find((n) => n.name === 'The OMS asks the MDM for the state of several meters at once');
  assert.ok(several, 'the 3-meter scenario is listed as not applicable');
  assert.equal(several.reason, "the scenario needs 3 meters; the profile's data.meters lists 1");
  const one = plan.notApplicable.find((n) => n.name === 'The OMS asks the MDM for the state of a meter and gets a correlated reply');
  assert.equal(one, undefined, 'a one-meter scenario still applies');
});

test('with enough meters no scenario is left out for its meters', () => {
  const p = reference();
  p.data.meters = Array.from({ length: MAX_METERS }, (_, i) => ({ mRID: `M-${i}`, usagePoint: `UP-${i}` }));
  assert.deepEqual(exclusionsFor(p).filter((e) => e.tag.startsWith('@meters:')), []);
});

test('every scenario that uses more than one meter says how many with @meters:N (N at most MAX_METERS)', () => {
  const bad: string[] = [];
  for (const s of scenarios()) {
    const declared = Math.max(1, ...s.values('meters').map(Number));
    let needs = 1;
    for (const step of s.steps) {
      const n = /^(\d+) meters installed at usage points$/.exec(step);
      if (n) needs = Math.max(needs, Number(n[1]));
      if (/^another metering point served by the MDM$/.test(step)) needs = Math.max(needs, 2);
    }
    if (declared < needs) bad.push(`${s.uri}:${s.line} "${s.name}" uses ${needs} meters but is tagged @meters:${declared}`);
    if (declared > MAX_METERS || !Number.isInteger(declared)) bad.push(`${s.uri}:${s.line} "${s.name}": @meters:${s.values('meters').join(',')} is not a whole number up to ${MAX_METERS}`);
  }
  assert.deepEqual(bad, []);
});

test('a draft-2011 profile names why the master data of a meter service is not applicable (@edition-only:no-draft-master-data)', async () => {
  const p = loadProfile(repoPath('profiles/reference-draft-2011.yaml'));
  const plan = await planScenarios(p, ['features/meter-service.feature', 'features/change-out.feature']);
  const why = (name: RegExp) => plan.notApplicable.find((n) => name.test(n.name))?.reason ?? '';
  assert.match(why(/After a meter installation it completed/), /no MeterConfig .* no MasterDataLinkageConfig/);
  assert.match(why(/changed out for recalibration/), /no MeterConfig .* no MasterDataLinkageConfig/);
  // a scenario without such a tag keeps the plain reason, and a 2024 reason is not given under draft-2011
  assert.equal(why(/keeps the final and initial reads of each meter/), 'the profile selects edition draft-2011');
  assert.ok(!plan.notApplicable.some((n) => /MeterServiceRequests profile \(payloads/.test(n.reason)));
});
