/**
 * The Get profiles of Q-01 beyond readings and events: the pure checks of src/checks/get-profiles.ts (DOM-QUERY-FILTER,
 * DOM-QUERY-MATCH, the no-match answer of UC-34) for GetEndDeviceGroups, and the faults of simulator/faults/get-profiles.ts.
 * Run: node --import tsx --test test/get-profiles.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkControlsAnswer, checkGroupsAnswer, checkNoMatch, checkSchedulesAnswer, checkUsagePointGroupsAnswer } from '../src/checks/get-profiles.ts';
import { buildGetUsagePointGroups, buildUsagePointGroups, readGetUsagePointGroups } from '../src/payloads/usagePointGroups.ts';
import { buildGetMeterReadSchedules, buildMeterReadSchedule, readGetMeterReadSchedules } from '../src/payloads/meterReadSchedules.ts';
import { buildEndDeviceControls, buildGetEndDeviceControls, readGetEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { buildEndDeviceGroups, buildGetEndDeviceGroups, readGetEndDeviceGroups } from '../src/payloads/endDeviceGroups.ts';
import { GET_PROFILE_FAULTS } from '../simulator/faults/get-profiles.ts';
import { violatedRule } from '../simulator/faults/catalogue.ts';
import { rule } from '../src/checks/catalogue.ts';
import { allHaveEvidence, ctx, hasEvidence, parse, rules } from './checks-helpers.ts';

const answer = (groups: { mRID: string; members: string[] }[]) => parse(buildEndDeviceGroups(groups.map((g) => ({ mRID: g.mRID, endDevices: g.members.map((m) => ({ mRID: m })) }))));
const A = { mRID: 'EDG-A', members: ['M-1', 'M-2'] };
const B = { mRID: 'EDG-B', members: ['M-3'] };

describe('Q-01 GetEndDeviceGroups', () => {
  test('the query reads back', () => {
    assert.deepEqual(readGetEndDeviceGroups(parse(buildGetEndDeviceGroups({ endDevices: [{ mRID: 'M-1' }], endDeviceGroups: [{ mRID: 'EDG-A' }] }))), { endDevices: [{ mRID: 'M-1', names: [] }], endDeviceGroups: [{ mRID: 'EDG-A', names: [] }] });
  });
  test('by group: the group with its members, nothing else', () => {
    const q = { groups: ['EDG-A'], devices: [], expected: A };
    assert.deepEqual(rules(checkGroupsAnswer(answer([A]), q, ctx())), []);
    assert.deepEqual(rules(checkGroupsAnswer(answer([A, B]), q, ctx())), ['error DOM-QUERY-FILTER']);
    assert.deepEqual(rules(checkGroupsAnswer(answer([{ mRID: 'EDG-A', members: ['M-1'] }]), q, ctx())), ['error DOM-QUERY-MATCH']);
    assert.deepEqual(rules(checkGroupsAnswer(undefined, q, ctx())), ['error DOM-QUERY-MATCH']);
  });
  test('by device: only groups it is a member of', () => {
    const q = { groups: [], devices: ['M-1'], expected: A };
    assert.deepEqual(rules(checkGroupsAnswer(answer([A, { mRID: 'EDG-C', members: ['M-1'] }]), q, ctx())), []);
    assert.deepEqual(rules(checkGroupsAnswer(answer([A, B]), q, ctx())), ['error DOM-QUERY-FILTER']);
  });
  test('no match (UC-34): OK empty or FAILED 2.x; anything answered, or another code, is a finding', () => {
    const q = { groups: ['EDG-NONE'], devices: [] };
    const none = checkGroupsAnswer(undefined, q, ctx());
    const some = checkGroupsAnswer(answer([A]), q, ctx());
    assert.deepEqual(rules(checkNoMatch({ result: 'OK', errors: [] }, none, 'either', ctx())), []);
    assert.deepEqual(rules(checkNoMatch({ result: 'OK', errors: [] }, some, 'either', ctx())), ['error DOM-QUERY-FILTER']);
    assert.deepEqual(rules(checkNoMatch({ result: 'FAILED', errors: [{ code: '2.29' }] }, none, 'either', ctx())), []);
    assert.deepEqual(rules(checkNoMatch({ result: 'FAILED', errors: [{ code: '5.3' }] }, none, 'either', ctx())), ['error ENV-EXPECTED-CODE']);
    assert.deepEqual(rules(checkNoMatch({ result: 'OK', errors: [] }, none, 'failed', ctx())), ['error ENV-EXPECTED-RESULT']);
    assert.deepEqual(rules(checkNoMatch({ result: 'FAILED', errors: [{ code: '2.29' }] }, none, 'ok-empty', ctx())), ['error ENV-EXPECTED-RESULT']);
  });
  test('each fault names a catalogued rule and has a scope', () => {
    for (const f of GET_PROFILE_FAULTS) {
      assert.ok(rule(violatedRule(f)), f.id);
      assert.ok(f.scope, f.id);
    }
  });
});

describe('Q-01 GetEndDeviceControls', () => {
  const LC = '0.15.0.54';
  const controls = (cs: { mRID: string; devices?: string[]; controlType?: string }[]) => parse(buildEndDeviceControls({ controls: cs.map((c) => ({ mRID: c.mRID, controlType: c.controlType ?? LC, ...(c.devices ? { endDevices: c.devices.map((d) => ({ mRID: d })) } : {}) })) }));
  const q = { controls: ['C-1'], expected: { mRID: 'C-1', controlType: LC, devices: ['M-1'] } };
  test('the query reads back', () => {
    assert.deepEqual(readGetEndDeviceControls(parse(buildGetEndDeviceControls({ endDevices: [{ mRID: 'M-1' }], controls: [{ mRID: 'C-1' }] }))), { endDevices: ['M-1'], controls: [{ mRID: 'C-1', issuerTrackingID: undefined }], controlTypes: [] });
  });
  test('the control with its type and devices, nothing else', () => {
    assert.deepEqual(rules(checkControlsAnswer(controls([{ mRID: 'C-1', devices: ['M-1'] }]), q, ctx())), []);
    assert.deepEqual(rules(checkControlsAnswer(controls([{ mRID: 'C-1', devices: ['M-1'] }, { mRID: 'C-2', devices: ['M-1'] }]), q, ctx())), ['error DOM-QUERY-FILTER']);
    assert.deepEqual(rules(checkControlsAnswer(controls([{ mRID: 'C-1' }]), q, ctx())), ['error DOM-QUERY-MATCH']);
    assert.deepEqual(rules(checkControlsAnswer(controls([{ mRID: 'C-1', devices: ['M-1'], controlType: '3.31.0.23' }]), q, ctx())), ['error DOM-QUERY-MATCH']);
    assert.deepEqual(rules(checkControlsAnswer(undefined, q, ctx())), ['error DOM-QUERY-MATCH']);
  });
});

describe('Q-01 GetMeterReadSchedules (2024)', () => {
  const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
  const sched = (devices: string[], rts: string[]) => parse(buildMeterReadSchedule({ endDevices: devices.map((mRID) => ({ mRID })), readingTypes: rts.map((mRID) => ({ mRID })) }, '2024'));
  test('the query reads back', () => {
    assert.deepEqual(readGetMeterReadSchedules(parse(buildGetMeterReadSchedules({ endDevices: [{ mRID: 'M-1' }], readingTypes: [{ mRID: RT }] }))), { endDevices: ['M-1'], readingTypes: [RT] });
  });
  test('the meter with its ReadingType, no other meter; no match', () => {
    const q = { devices: ['M-1'], expected: { device: 'M-1', readingType: RT } };
    assert.deepEqual(rules(checkSchedulesAnswer(sched(['M-1'], [RT]), q, ctx())), []);
    assert.deepEqual(rules(checkSchedulesAnswer(sched(['M-1', 'M-2'], [RT]), q, ctx())), ['error DOM-QUERY-FILTER']);
    assert.deepEqual(rules(checkSchedulesAnswer(sched(['M-1'], []), q, ctx())), ['error DOM-QUERY-MATCH']);
    assert.deepEqual(rules(checkSchedulesAnswer(undefined, q, ctx())), ['error DOM-QUERY-MATCH']);
    assert.deepEqual(rules(checkNoMatch({ result: 'OK', errors: [] }, checkSchedulesAnswer(sched(['M-1'], [RT]), { devices: ['M-2'] }, ctx()), 'either', ctx())), ['error DOM-QUERY-FILTER']);
  });
});

describe('Q-01 GetUsagePointGroups', () => {
  const answerUp = (groups: { mRID: string; members: string[] }[]) => parse(buildUsagePointGroups(groups.map((g) => ({ mRID: g.mRID, usagePoints: g.members.map((m) => ({ mRID: m })) }))));
  const G = { mRID: 'UPG-A', members: ['UP-1', 'UP-2'] };
  test('the query reads back', () => {
    assert.deepEqual(readGetUsagePointGroups(parse(buildGetUsagePointGroups({ usagePoints: [{ mRID: 'UP-1' }] }))), { usagePoints: [{ mRID: 'UP-1', names: [] }], usagePointGroups: [] });
  });
  test('by group and by usage point; a member left out; another group', () => {
    assert.deepEqual(rules(checkUsagePointGroupsAnswer(answerUp([G]), { groups: ['UPG-A'], devices: [], expected: G }, ctx())), []);
    assert.deepEqual(rules(checkUsagePointGroupsAnswer(answerUp([G, { mRID: 'UPG-B', members: ['UP-3'] }]), { groups: [], devices: ['UP-1'], expected: G }, ctx())), ['error DOM-QUERY-FILTER']);
    assert.deepEqual(rules(checkUsagePointGroupsAnswer(answerUp([{ mRID: 'UPG-A', members: ['UP-1'] }]), { groups: ['UPG-A'], devices: [], expected: G }, ctx())), ['error DOM-QUERY-MATCH']);
  });
});

describe('Q-01 findings carry expected / actual (issue 16)', () => {
  test('groups, no match, controls, schedules', () => {
    const q = { groups: ['EDG-A'], devices: [], expected: A };
    hasEvidence(checkGroupsAnswer(answer([A, B]), q, ctx())[0], /^only EndDeviceGroup EDG-A/, /^EndDeviceGroup EDG-B$/);
    hasEvidence(checkGroupsAnswer(answer([{ mRID: 'EDG-A', members: ['M-1'] }]), q, ctx())[0], new RegExp(`^members ${A.members.join(', ')}$`), /^members M-1$/);
    hasEvidence(checkGroupsAnswer(undefined, q, ctx())[0], /^EndDeviceGroup EDG-A$/, /^no group$/);
    allHaveEvidence(checkGroupsAnswer(answer([A, B]), { groups: [], devices: ['M-1'], expected: A }, ctx()));
    const none = checkGroupsAnswer(undefined, { groups: ['EDG-NONE'], devices: [] }, ctx());
    hasEvidence(checkNoMatch({ result: 'FAILED', errors: [{ code: '5.3' }] }, none, 'either', ctx())[0], /FAILED with an "invalid …" code/, /^Result FAILED \(5\.3\)$/);
    hasEvidence(checkNoMatch({ result: 'OK', errors: [] }, none, 'failed', ctx())[0], /^Result FAILED/, /^Result OK$/);
    hasEvidence(checkNoMatch({ result: 'FAILED', errors: [{ code: '2.29' }] }, none, 'ok-empty', ctx())[0], /^Result OK with no object$/, /^Result FAILED \(2\.29\)$/);
    hasEvidence(checkNoMatch({ result: 'PARTIAL', errors: [] }, none, 'either', ctx())[0], /Result OK/, /^Result PARTIAL$/);
    const LC = '0.15.0.54';
    const controls = (cs: { mRID: string; devices?: string[]; controlType?: string }[]) => parse(buildEndDeviceControls({ controls: cs.map((c) => ({ mRID: c.mRID, controlType: c.controlType ?? LC, ...(c.devices ? { endDevices: c.devices.map((d) => ({ mRID: d })) } : {}) })) }));
    const cq = { controls: ['C-1'], expected: { mRID: 'C-1', controlType: LC, devices: ['M-1'] } };
    allHaveEvidence(checkControlsAnswer(controls([{ mRID: 'C-1', devices: ['M-1'] }, { mRID: 'C-2', devices: ['M-1'] }]), cq, ctx()));
    hasEvidence(checkControlsAnswer(controls([{ mRID: 'C-1' }]), cq, ctx())[0], /^devices M-1$/, /^devices none$/);
    hasEvidence(checkControlsAnswer(controls([{ mRID: 'C-1', devices: ['M-1'], controlType: '3.31.0.23' }]), cq, ctx())[0], new RegExp(`^EndDeviceControlType ${LC.replace(/\./g, '\\.')}$`), /^EndDeviceControlType 3\.31\.0\.23$/);
    hasEvidence(checkControlsAnswer(undefined, cq, ctx())[0], /^EndDeviceControl C-1$/, /^no control$/);
    const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
    const sched = (devices: string[], rts: string[]) => parse(buildMeterReadSchedule({ endDevices: devices.map((mRID) => ({ mRID })), readingTypes: rts.map((mRID) => ({ mRID })) }, '2024'));
    const sq = { devices: ['M-1'], expected: { device: 'M-1', readingType: RT } };
    allHaveEvidence(checkSchedulesAnswer(sched(['M-1', 'M-2'], [RT]), sq, ctx()));
    hasEvidence(checkSchedulesAnswer(sched(['M-2'], [RT]), { devices: [], expected: sq.expected }, ctx())[0], /^EndDevice M-1$/, /^EndDevice M-2$/);
    hasEvidence(checkSchedulesAnswer(sched(['M-1'], []), sq, ctx())[0], /^ReadingType 0\.0/, /^ReadingType none$/);
  });
});
