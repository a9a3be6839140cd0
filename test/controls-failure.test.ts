/**
 * The failure path of EDC-07 (features/end-device-controls.feature EDC-07.2, features/client-requests.feature EDC-07.C1 /
 * .C2): the pure checks EDC-FAILURE-RESULT and EDC-FAILURE-EVENT (src/checks/controls.ts) with CIM9-300 / CIM9-301, the
 * CIS's requested time EDC-CLIENT-TIME (CIM9-303) and the switch state it reports EDC-CLIENT-SWITCH-OUTCOME (CIM9-302),
 * the upper-tester bodies cis-direct-switch-request / switch-stuck and the report cis-report-switch.
 * Run: node --import tsx --test test/controls-failure.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFailureEvents, checkFailureResult, switchFailureEvents, type SwitchExpectation } from '../src/checks/controls.ts';
import { checkClientSwitchOutcome, checkClientSwitchTime, type ClientOrder } from '../src/checks/client-requests.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { PREFIXES, type ParsedMessage } from '../src/message/index.ts';
import { parseXml, serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import { readStimulusBody, readSwitchReport, stimulusBody } from '../src/usecases/stimuli.ts';
import { switchFailureNotApplicable } from '../src/usecases/end-device-controls.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { picsDisagreements } from '../src/report/pics.ts';
import type { Pics } from '../src/profile/index.ts';

const ctx = contextFor({ label: 'result', skewSeconds: 60 });
const exp: SwitchExpectation = { command: 'disconnect', controlType: '3.31.0.23', meter: 'M-1', requestedAt: new Date('2026-01-01T10:00:00Z') };
const rules = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.severity}`);
function parse(root: XElement): XNode {
  const r = parseXml(serializeXml(root, { prefixes: PREFIXES }));
  assert.ok(r.ok);
  return r.root;
}
const controls = (meter: string, controlType = '3.31.0.23') => parse(buildEndDeviceControls({ controls: [{ mRID: 'C-1', controlType, endDevices: [{ mRID: meter }] }] }));
const events = (eventType: string, meter = 'M-1') => parse(buildEndDeviceEvents([{ mRID: 'E-1', createdDateTime: '2026-01-01T10:00:05Z', meter, eventType }]));

describe('EDC-FAILURE-RESULT (pure, CIM9-300)', () => {
  test('canceled(EndDeviceControls) naming the meter and the command is the failure expected', () => {
    assert.deepEqual(checkFailureResult({ kind: 'event', verb: 'canceled', root: controls('M-1') }, exp, 'any', ctx), []);
  });
  test('a FAILED reply is accepted by any and failed-reply, without a payload too; not by canceled', () => {
    assert.deepEqual(checkFailureResult({ kind: 'response', verb: 'reply', result: 'FAILED' }, exp, 'any', ctx), []);
    assert.deepEqual(checkFailureResult({ kind: 'response', verb: 'reply', result: 'FAILED' }, exp, 'failed-reply', ctx), []);
    assert.deepEqual(rules(checkFailureResult({ kind: 'response', verb: 'reply', result: 'FAILED' }, exp, 'canceled', ctx)), ['EDC-FAILURE-RESULT error']);
  });
  test('created(EndDeviceControls) or a reply OK reports a success: a failure whatever CIM9-300 says', () => {
    for (const mode of ['any', 'canceled', 'failed-reply']) {
      assert.deepEqual(rules(checkFailureResult({ kind: 'event', verb: 'created', root: controls('M-1') }, exp, mode, ctx)), ['EDC-FAILURE-RESULT error']);
      assert.equal(rules(checkFailureResult({ kind: 'response', verb: 'reply', result: 'OK', root: controls('M-1') }, exp, mode, ctx))[0], 'EDC-FAILURE-RESULT error');
    }
  });
  test('a failure naming another meter, or another command, is a failure', () => {
    assert.match(checkFailureResult({ kind: 'event', verb: 'canceled', root: controls('M-2') }, exp, 'any', ctx)[0]!.message, /names meter M-2, not meter M-1/);
    assert.match(checkFailureResult({ kind: 'event', verb: 'canceled', root: controls('M-1', '3.31.0.18') }, exp, 'any', ctx)[0]!.message, /control type 3\.31\.0\.18/);
  });
});

describe('EDC-FAILURE-EVENT (pure, CIM9-301)', () => {
  const plausible = switchFailureEvents('disconnect', 'plausible');
  test('the plausible set holds the Annex E composition (type 3 and 0) and the ControlPoint form; annex-e only the first', () => {
    assert.deepEqual([...plausible].sort(), ['0.31.0.84', '0.31.26.84', '3.31.0.84']);
    assert.deepEqual([...switchFailureEvents('connect', 'annex-e')].sort(), ['0.31.0.67', '3.31.0.67']);
    assert.deepEqual(switchFailureEvents('connect', ['3.31.0.85']), ['3.31.0.85']);
  });
  test('the failure event of the command passes; the success event, another code or another meter fail', () => {
    assert.deepEqual(checkFailureEvents(events('3.31.0.84'), exp, plausible, ctx), []);
    assert.deepEqual(checkFailureEvents(events('0.31.26.84'), exp, plausible, ctx), []);
    assert.match(checkFailureEvents(events('3.31.0.68'), exp, plausible, ctx)[0]!.message, /result of a disconnect carried out/);
    assert.deepEqual(rules(checkFailureEvents(events('3.31.0.67'), exp, plausible, ctx)), ['EDC-FAILURE-EVENT error']);
    assert.deepEqual(rules(checkFailureEvents(events('0.31.26.84'), exp, switchFailureEvents('disconnect', 'annex-e'), ctx)), ['EDC-FAILURE-EVENT error']);
    assert.match(checkFailureEvents(events('3.31.0.84', 'M-2'), exp, plausible, ctx)[0]!.message, /no EndDeviceEvent names meter M-1/);
  });
  test('expected / actual: the failure codes accepted, the event told', () => {
    const [f] = checkFailureEvents(events('3.31.0.68'), exp, plausible, ctx);
    assert.deepEqual([f!.expected, f!.actual], [`a failure event of meter M-1: ${plausible.join(' or ')}`, 'event type 3.31.0.68']);
  });
});

describe('the CIS asking the head-end directly (EDC-CLIENT-TIME, EDC-CLIENT-SWITCH-OUTCOME)', () => {
  const at = '2026-01-01T10:01:00.000Z';
  const order: ClientOrder = { who: 'the CIS', meters: [{ mRID: 'M-1' }], readingTypes: [], control: { command: 'disconnect', controlType: '3.31.0.23' }, peer: 'HES', switchAt: at };
  const request = (start?: string): ParsedMessage =>
    ({ payload: { root: parse(buildEndDeviceControls({ controls: [{ mRID: 'C-1', controlType: '3.31.0.23', ...(start ? { primaryDeviceTiming: { interval: { start } } } : {}), endDevices: [{ mRID: 'M-1' }] }] })) } }) as unknown as ParsedMessage;
  test('the time ordered, to the second, passes; another time fails; none is judged by CIM9-303', () => {
    assert.deepEqual(checkClientSwitchTime(request('2026-01-01T10:01:00Z'), order, 'warning', 'req'), []);
    assert.deepEqual(rules(checkClientSwitchTime(request('2026-01-01T11:01:00Z'), order, 'warning', 'req')), ['EDC-CLIENT-TIME error']);
    assert.deepEqual(rules(checkClientSwitchTime(request(), order, 'warning', 'req')), ['EDC-CLIENT-TIME warning']);
    assert.deepEqual(rules(checkClientSwitchTime(request(), order, 'error', 'req')), ['EDC-CLIENT-TIME error']);
    assert.deepEqual(checkClientSwitchTime(request(), order, 'off', 'req'), []);
  });
  const report = (state: string) => ({ meters: { 'M-1': { state } } });
  test('after a result of a switch carried out: the command\'s state; pending a warning; failed a failure', () => {
    assert.deepEqual(checkClientSwitchOutcome(report('disconnected'), order, 'done', 'not-switched', 'r'), []);
    assert.deepEqual(rules(checkClientSwitchOutcome(report('pending'), order, 'done', 'not-switched', 'r')), ['EDC-CLIENT-SWITCH-OUTCOME warning']);
    assert.deepEqual(rules(checkClientSwitchOutcome(report('failed'), order, 'done', 'not-switched', 'r')), ['EDC-CLIENT-SWITCH-OUTCOME error']);
  });
  test('after a failure: never the command\'s state; CIM9-302 = failed requires failed', () => {
    assert.deepEqual(rules(checkClientSwitchOutcome(report('disconnected'), order, 'failed', 'not-switched', 'r')), ['EDC-CLIENT-SWITCH-OUTCOME error']);
    assert.deepEqual(checkClientSwitchOutcome(report('connected'), order, 'failed', 'not-switched', 'r'), []);
    assert.deepEqual(rules(checkClientSwitchOutcome(report('connected'), order, 'failed', 'failed', 'r')), ['EDC-CLIENT-SWITCH-OUTCOME error']);
    assert.deepEqual(checkClientSwitchOutcome(report('failed'), order, 'failed', 'failed', 'r'), []);
  });
});

describe('the upper-tester contract of EDC-07', () => {
  test('cis-direct-switch-request carries the command and the time (start), and needs both', () => {
    const body = stimulusBody('cis-direct-switch-request', { meters: ['M-1'], command: 'connect', at: '2026-01-01T10:01:00.000Z' });
    assert.deepEqual(body, { role: 'CIS', event: 'cis-direct-switch-request', meter: 'M-1', meters: ['M-1'], start: '2026-01-01T10:01:00.000Z', command: 'connect' });
    assert.ok(readStimulusBody(body).ok);
    assert.ok(!readStimulusBody({ ...body, start: undefined }).ok);
    assert.ok(!readStimulusBody({ ...body, command: undefined }).ok);
    assert.ok(!readStimulusBody({ ...body, end: '2026-01-01T11:00:00Z' }).ok);
  });
  test('switch-stuck / switch-freed are HES stimuli; the scenarios apply to the simulator or a stimulus that declares switchFailure', () => {
    assert.ok(readStimulusBody({ role: 'HES', event: 'switch-stuck', meter: 'M-1' }).ok);
    assert.ok(!readStimulusBody({ role: 'CIS', event: 'switch-freed', meter: 'M-1' }).ok);
    assert.equal(switchFailureNotApplicable({ stimulus: { kind: 'simulator' } }), undefined);
    assert.equal(switchFailureNotApplicable({ stimulus: { kind: 'http', url: 'http://x', switchFailure: true } }), undefined);
    assert.match(switchFailureNotApplicable({ stimulus: { kind: 'http', url: 'http://x' } }) ?? '', /switchFailure/);
    assert.match(switchFailureNotApplicable({ stimulus: { kind: 'none', switchFailure: true } }) ?? '', /switchFailure/);
  });
  test('cis-report-switch: a state per meter, one line otherwise', () => {
    assert.deepEqual(readSwitchReport({ meters: { 'M-1': { state: 'failed' } } }), { ok: true, report: { meters: { 'M-1': { state: 'failed' } } } });
    const bad = readSwitchReport({ meters: { 'M-1': { state: 'off' } } });
    assert.ok(!bad.ok && /no valid state/.test(bad.error));
    assert.ok(!readSwitchReport([]).ok);
  });
});

describe('the PICS comparison and the replies the suite delivers to a CIS', () => {
  test('a reply delivered to the SUT (the MDM\'s read error about its switch) is no disagreement; created(EndDeviceControls) undeclared is', () => {
    const pics = { CIS: { supports: [{ noun: 'EndDeviceControls', verbs: ['canceled'] }] } } as unknown as Pics;
    const seen = (verb: string) => ({ role: 'CIS', noun: 'EndDeviceControls', verb, requests: 1, accepted: 1, refused: 0, other: 0, firstAccepted: { at: '2026-01-01T10:00:00Z', result: 'OK', codes: [] } });
    // the reply itself never reaches the comparison: exchangesFromLog leaves it out (test/pics.test.ts)
    assert.equal(picsDisagreements(pics, [seen('created')], 'warning')[0]?.kind, 'undeclared-but-accepted');
  });
});
