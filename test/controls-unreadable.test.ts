/**
 * The ECITP 2.09 error condition with the head-end as SUT (EDC-06.10, features/end-device-controls.feature): the pure
 * check EDC-HES-READ-RESULT (src/checks/controls.ts checkUnavailableReadAnswer), when its scenarios apply to a profile
 * (data.unreadableMeter, the optional stimulus read-unavailable), the profile's unreadable meter and the stimulus body;
 * EDC-SWITCH-STATE (checkSwitchState, EDC-06.11), the switch state a later get(EndDeviceEvents) shows.
 * Run: node --import tsx --test test/controls-unreadable.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSwitchState, checkUnavailableReadAnswer, type UnavailableReadExpectation } from '../src/checks/controls.ts';
import { buildEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildMeterReadings } from '../src/payloads/meterReadings.ts';
import { PREFIXES } from '../src/message/index.ts';
import { parseXml, serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import { readUnavailableNotApplicable } from '../src/usecases/end-device-controls.ts';
import { CONTROL_PATHS, readStimulusBody, stimulusBody } from '../src/usecases/stimuli.ts';
import { controlsMessage } from '../src/usecases/end-device-controls.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { headEndBench } from './peers.ts';
import { parseProfile, ProfileError, type Profile } from '../src/profile/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';

const ctx = contextFor({ label: 'answer', skewSeconds: 60 });
const switchedAt = new Date('2026-01-01T10:00:00Z');
const exp: UnavailableReadExpectation = {
  command: 'disconnect',
  controlType: '3.31.0.23',
  meter: 'M-1',
  requestedAt: switchedAt,
  event: { code: '3.31.0.68', createdDateTime: switchedAt.toISOString() },
  mapping: 'warning',
  codes: ['5.7', '5.5', '5.6'],
  codesAsserted: true,
};
const rules = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.severity}`);
function parse(root: XElement): XNode {
  const r = parseXml(serializeXml(root, { prefixes: PREFIXES }));
  assert.ok(r.ok);
  return r.root;
}
const readingAt = (t: string, meter = 'M-1') => parse(buildMeterReadings({ meterReadings: [{ meter: { mRID: meter }, readings: [{ readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0', value: '12.5', timeStamp: t }] }] }));

describe('EDC-HES-READ-RESULT (pure)', () => {
  test('FAILED with 5.7 and no reading is the answer expected', () => {
    assert.deepEqual(checkUnavailableReadAnswer({ result: 'FAILED', codes: ['5.7'] }, [], exp, ctx), []);
  });

  test('Result OK without the read is a failure, whatever CIM9-243 says', () => {
    for (const mapping of ['error', 'warning', 'off'] as const) {
      assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'OK', codes: [] }, [], { ...exp, mapping }, ctx)), ['EDC-HES-READ-RESULT error']);
    }
  });

  test('PARTIAL is judged by CIM9-243 (warning by default, off accepts it)', () => {
    assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'PARTIAL', codes: ['5.7'] }, [], exp, ctx)), ['EDC-HES-READ-RESULT warning']);
    assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'PARTIAL', codes: ['5.7'] }, [], { ...exp, mapping: 'error' }, ctx)), ['EDC-HES-READ-RESULT error']);
    assert.deepEqual(checkUnavailableReadAnswer({ result: 'PARTIAL', codes: ['5.7'] }, [], { ...exp, mapping: 'off' }, ctx), []);
  });

  test('another code is a failure when codes are asserted (COD-06), information otherwise', () => {
    assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'FAILED', codes: ['5.3'] }, [], exp, ctx)), ['EDC-HES-READ-RESULT error']);
    assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'FAILED', codes: [] }, [], { ...exp, codesAsserted: false }, ctx)), ['EDC-HES-READ-RESULT info']);
    assert.deepEqual(checkUnavailableReadAnswer({ result: 'FAILED', codes: ['5.6'] }, [], exp, ctx), []);
  });

  test('a reading of the meter taken after the switch, in the answer or told to the MDM, is a failure; one before it, or of another meter, is not', () => {
    const after = readingAt('2026-01-01T10:00:05Z');
    assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'PARTIAL', codes: ['5.7'], root: after }, [], { ...exp, mapping: 'off' }, ctx)), ['EDC-HES-READ-RESULT error']);
    assert.deepEqual(rules(checkUnavailableReadAnswer({ result: 'FAILED', codes: ['5.7'] }, [{ label: 'created', root: after }], exp, ctx)), ['EDC-HES-READ-RESULT error']);
    assert.deepEqual(checkUnavailableReadAnswer({ result: 'PARTIAL', codes: ['5.7'], root: readingAt('2026-01-01T09:00:00Z') }, [], { ...exp, mapping: 'off' }, ctx), []);
    assert.deepEqual(checkUnavailableReadAnswer({ result: 'FAILED', codes: ['5.7'] }, [{ label: 'created', root: readingAt('2026-01-01T10:00:05Z', 'M-2') }], exp, ctx), []);
  });
});

describe('when the scenarios of an unreadable meter apply', () => {
  const base = { data: { meters: [{ mRID: 'M-1', usagePoint: 'UP-1' }], unknownMeter: 'X', unknownUsagePoint: 'Y', spareMeter: 'Z', readingTypes: { register: 'r', interval: 'i' } } } as Pick<Profile, 'data' | 'stimulus'>;
  test('the embedded simulator always can; http / command only when stimulus.readUnavailable; none never', () => {
    assert.equal(readUnavailableNotApplicable({ ...base, stimulus: { kind: 'simulator' } }), undefined);
    assert.equal(readUnavailableNotApplicable({ ...base, stimulus: { kind: 'http', url: 'http://x', readUnavailable: true } }), undefined);
    assert.match(readUnavailableNotApplicable({ ...base, stimulus: { kind: 'http', url: 'http://x' } }) ?? '', /data\.unreadableMeter.*stimulus\.readUnavailable/);
    assert.ok(readUnavailableNotApplicable({ ...base, stimulus: { kind: 'none', readUnavailable: true } }));
  });
  test('a declared data.unreadableMeter makes them apply without a stimulus', () => {
    assert.equal(readUnavailableNotApplicable({ data: { ...base.data, unreadableMeter: { mRID: 'M-9', usagePoint: 'UP-9' } }, stimulus: { kind: 'none' } }), undefined);
  });
});

describe('the profile and the stimulus', () => {
  const head = `cim9: 1
name: x
sut:
  roles: [HES]
  endpoints:
    HES:
      url: http://127.0.0.1:8080/cim
`;
  test('data.unreadableMeter is read, and may not be one of data.meters', () => {
    const p = parseProfile(`${head}data:\n  meters:\n    - { mRID: M-1, usagePoint: UP-1 }\n  unreadableMeter: { mRID: M-9, usagePoint: UP-9 }\nstimulus:\n  kind: http\n  url: http://127.0.0.1:9/s\n  readUnavailable: true\n`, 'x.yaml');
    assert.deepEqual(p.data.unreadableMeter, { mRID: 'M-9', usagePoint: 'UP-9' });
    assert.equal(p.stimulus.readUnavailable, true);
    assert.throws(() => parseProfile(`${head}data:\n  meters:\n    - { mRID: M-1, usagePoint: UP-1 }\n  unreadableMeter: { mRID: M-1, usagePoint: UP-1 }\n`, 'x.yaml'), (e: unknown) => e instanceof ProfileError && /unreadableMeter/.test(e.message));
  });
  test('read-unavailable and read-restored are stimuli of the head-end naming one meter', () => {
    const body = stimulusBody('read-unavailable', { meters: ['M-1'] });
    assert.deepEqual(body, { role: 'HES', event: 'read-unavailable', meter: 'M-1' });
    assert.ok(readStimulusBody(body).ok);
    assert.ok(readStimulusBody({ role: 'HES', event: 'read-restored', meter: 'M-1' }).ok);
    assert.equal(readStimulusBody({ role: 'CIS', event: 'read-unavailable', meter: 'M-1' }).ok, false);
  });
});

describe('the reference head-end with a meter that cannot give its read', () => {
  const bench = headEndBench({ source: 'test-unreadable', prefix: 'unreadable' });
  const RT = '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0';
  const stimulus = (url: string, event: string, meter: string) => fetch(`${url}${CONTROL_PATHS.stimulus}`, { method: 'POST', body: JSON.stringify({ role: 'HES', event, meter }) });
  const read = (meters: string[]) => getMeterReadingsMessage(bench.header('get', 'MeterReadings'), meters, [RT]);

  test('read-unavailable: the switch is told but no read; a fresh read is FAILED 5.7 (PARTIAL with another meter); read-restored undoes it', async () => {
    const { s } = await bench.sim();
    assert.equal((await stimulus(s.url, 'read-unavailable', 'M-9999')).status, 404);
    assert.equal((await stimulus(s.url, 'read-unavailable', 'M-1001')).status, 202);
    const ctl = await bench.post(s, controlsMessage(bench.header('create', 'EndDeviceControls'), [{ mRID: 'M-1001' }], 'disconnect'));
    assert.equal(ctl?.reply?.result, 'OK');
    const one = await bench.post(s, read(['M-1001']));
    assert.equal(one?.reply?.result, 'FAILED');
    assert.deepEqual(one?.reply?.errors?.map((e) => e.code), ['5.7']);
    const two = await bench.post(s, read(['M-1001', 'M-1002']));
    assert.equal(two?.reply?.result, 'PARTIAL');
    assert.equal((await stimulus(s.url, 'read-restored', 'M-1001')).status, 202);
    assert.equal((await bench.post(s, read(['M-1001'])))?.reply?.result, 'OK');
  });

  test('fault hes-unavailable-read-ok: Result OK without the read, which EDC-HES-READ-RESULT fails', async () => {
    const { s } = await bench.sim(['hes-unavailable-read-ok']);
    assert.equal((await stimulus(s.url, 'read-unavailable', 'M-1001')).status, 202);
    const m = await bench.post(s, read(['M-1001']));
    assert.equal(m?.reply?.result, 'OK');
    const fs = checkUnavailableReadAnswer({ result: m?.reply?.result, codes: (m?.reply?.errors ?? []).map((e) => e.code), root: m?.payload?.root }, [], exp, ctx);
    assert.deepEqual(rules(fs), ['EDC-HES-READ-RESULT error']);
  });
});

describe('EDC-SWITCH-STATE (pure)', () => {
  const events = (...es: [string, string, string?][]) => parse(buildEndDeviceEvents(es.map(([eventType, createdDateTime, meter], i) => ({ mRID: `E-${i}`, createdDateTime, meter: meter ?? 'M-1', eventType }))));
  const sw = { command: 'disconnect' as const, controlType: '3.31.0.23', meter: 'M-1', requestedAt: switchedAt };
  test('the latest switch event is the result of the command: nothing to say', () => {
    assert.deepEqual(checkSwitchState(events(['3.31.0.42', '2026-01-01T09:59:30Z'], ['3.31.0.68', '2026-01-01T10:00:01Z']), sw, 'warning', ctx), []);
  });
  test('the other command\'s result or a failure as the latest is a failure; a tie in the same second with the result is not', () => {
    assert.deepEqual(rules(checkSwitchState(events(['3.31.0.68', '2026-01-01T10:00:01Z'], ['3.31.0.42', '2026-01-01T10:00:02Z']), sw, 'off', ctx)), ['EDC-SWITCH-STATE error']);
    assert.deepEqual(rules(checkSwitchState(events(['3.31.0.84', '2026-01-01T10:00:02Z']), sw, 'off', ctx)), ['EDC-SWITCH-STATE error']);
    assert.deepEqual(checkSwitchState(events(['3.31.0.68', '2026-01-01T10:00:02Z'], ['3.31.0.42', '2026-01-01T10:00:02Z']), sw, 'warning', ctx), []);
  });
  test('the event told for the switch, found again by its mRID, is the one judged, whatever shares its second', () => {
    // E-1 is the told one: the other command's result under the same mRID is a failure, though E-0 shares the second
    assert.deepEqual(rules(checkSwitchState(events(['3.31.0.68', '2026-01-01T10:00:02Z'], ['3.31.0.42', '2026-01-01T10:00:02Z']), { ...sw, told: { code: '3.31.0.68', mRID: 'E-1' } }, 'off', ctx)), ['EDC-SWITCH-STATE error']);
    assert.deepEqual(checkSwitchState(events(['3.31.0.42', '2026-01-01T10:00:02Z'], ['3.31.0.68', '2026-01-01T10:00:02Z']), { ...sw, told: { code: '3.31.0.68', mRID: 'E-1' } }, 'off', ctx), []);
  });
  test('no switch event of the meter (none, another meter\'s, or one before the request) is judged by CIM9-244', () => {
    assert.deepEqual(rules(checkSwitchState(undefined, sw, 'warning', ctx)), ['EDC-SWITCH-STATE warning']);
    assert.deepEqual(rules(checkSwitchState(events(['3.31.0.68', '2026-01-01T10:00:02Z', 'M-2']), sw, 'error', ctx)), ['EDC-SWITCH-STATE error']);
    assert.deepEqual(rules(checkSwitchState(events(['3.31.0.42', '2026-01-01T09:50:00Z'], ['3.2.22.150', '2026-01-01T10:00:02Z']), sw, 'warning', ctx)), ['EDC-SWITCH-STATE warning']);
    assert.deepEqual(checkSwitchState(undefined, sw, 'off', ctx), []);
  });
});
