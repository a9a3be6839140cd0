/**
 * The failure path through the MDM (features/relayed-controls.feature EDC-06.13): the EDC-07.2 checks with the MDM as
 * the sender, the assumption readers CIM9-304 / CIM9-308, the head-end's failure event the suite sends, and the
 * reference MDM's fault hook of what it tells its CIS.
 * Run: node --import tsx --test test/relayed-failure.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFailureEvents, checkFailureResult, switchFailureEvents, type SwitchExpectation } from '../src/checks/controls.ts';
import { buildEndDeviceEvents, readEndDeviceEvents } from '../src/payloads/endDeviceEvents.ts';
import { buildEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { PREFIXES } from '../src/message/index.ts';
import { parseXml, serializeXml, type XElement, type XNode } from '../src/xml/index.ts';
import { contextFor } from '../src/checks/index.ts';
import { failureTellingOf, relayedFailureFormOf, switchEventMessage } from '../src/usecases/relayed-controls.ts';
import { failureResultTold, failureTold, readAfterFailure, repliesOkAfterFailure } from '../simulator/faults/relayed-controls.ts';
import { startSimulator } from '../simulator/server.ts';
import type { MdmFailureForm } from '../simulator/context.ts';
import { suiteHeadEnd, testHeader } from './peers.ts';
import { closeAllClients, postSoap, type Listener } from '../src/transport/index.ts';
import { readMessage, toSoap, type Message, type ParsedMessage } from '../src/message/index.ts';
import { clearSchemaPackCache, defaultPackDir, loadSchemaPack } from '../src/schema/index.ts';
import { readEndDeviceControls } from '../src/payloads/endDeviceControls.ts';
import { relayedControlValue } from '../src/usecases/relayed-controls.ts';
import { controlsRequest } from '../src/usecases/load-control.ts';
import { loadProfile } from '../src/profile/index.ts';
import { repoPath } from '../src/paths.ts';

const ctx = contextFor({ label: 'MDM → CIS', skewSeconds: 60 });
const exp: SwitchExpectation = { command: 'connect', controlType: '3.31.0.18', meter: 'M-1', requestedAt: new Date('2026-01-01T10:00:00Z') };
function parse(root: XElement): XNode {
  const r = parseXml(serializeXml(root, { prefixes: PREFIXES }));
  assert.ok(r.ok);
  return r.root;
}
const events = (eventType: string, meter = 'M-1') => parse(buildEndDeviceEvents([{ mRID: 'E-1', createdDateTime: '2026-01-01T10:00:05Z', meter, eventType, issuerTrackingID: 'SW-1' }]));
const codes = switchFailureEvents('connect', 'plausible');

describe('EDC-06.13: the EDC-07.2 checks with the MDM as the sender', () => {
  test('the failure event of the command for the meter passes; the success names the MDM', () => {
    assert.deepEqual(checkFailureEvents(events('3.31.0.67'), exp, codes, ctx, 'plausible', 'the MDM'), []);
    const f = checkFailureEvents(events('3.31.0.42'), exp, codes, ctx, 'plausible', 'the MDM');
    assert.equal(f[0]?.rule, 'EDC-FAILURE-EVENT');
    assert.match(f[0]!.message, /yet the MDM tells the event 3\.31\.0\.42/);
  });
  test('a failure event naming another meter is a failure', () => {
    assert.match(checkFailureEvents(events('3.31.0.67', 'M-2'), exp, codes, ctx, 'plausible', 'the MDM')[0]!.message, /no EndDeviceEvent names meter M-1/);
  });
  test('created(EndDeviceControls) told by the MDM is a success: EDC-FAILURE-RESULT naming the MDM', () => {
    const root = parse(buildEndDeviceControls({ controls: [{ mRID: 'C-1', controlType: '3.31.0.18', endDevices: [{ mRID: 'M-1' }] }] }));
    const f = checkFailureResult({ kind: 'event', verb: 'created', root }, exp, 'any', ctx, 'the MDM');
    assert.equal(f[0]?.rule, 'EDC-FAILURE-RESULT');
    assert.match(f[0]!.message, /the MDM's result is created/);
    assert.deepEqual(checkFailureResult({ kind: 'event', verb: 'canceled', root }, exp, 'any', ctx, 'the MDM'), []);
  });
  test('the default sender is still the head-end (EDC-07.2 wording unchanged)', () => {
    assert.match(checkFailureEvents(events('3.31.0.42'), exp, codes, ctx)[0]!.message, /yet the head-end tells/);
  });
});

describe('EDC-06.13: assumptions and the head-end the suite plays', () => {
  test('CIM9-304 and CIM9-308 read their tokens, anything else the default', () => {
    assert.equal(failureTellingOf(undefined), 'event');
    assert.equal(failureTellingOf('both'), 'both');
    assert.equal(failureTellingOf('canceled'), 'canceled');
    assert.equal(failureTellingOf('nonsense'), 'event');
    assert.equal(relayedFailureFormOf(undefined), 'any');
    assert.equal(relayedFailureFormOf('result'), 'result');
    assert.equal(relayedFailureFormOf('event'), 'event');
  });
  test('the failure event the suite sends carries the code, the meter and the tracking of the control passed on', () => {
    const m = switchEventMessage({ verb: 'created', noun: 'EndDeviceEvents' }, { command: 'disconnect', meter: 'M-1', at: new Date('2026-01-01T10:00:00Z'), issuerTrackingID: 'SW-9', eventType: '3.31.0.84' });
    const e = readEndDeviceEvents(parse(m.payload!.root as XElement));
    assert.deepEqual(e.map((x) => [x.eventType, x.meter, x.issuerTrackingID]), [['3.31.0.84', 'M-1', 'SW-9']]);
    const ok = switchEventMessage({ verb: 'created', noun: 'EndDeviceEvents' }, { command: 'disconnect', meter: 'M-1', at: new Date() });
    assert.equal(readEndDeviceEvents(parse(ok.payload!.root as XElement))[0]?.eventType, '3.31.0.68');
  });
});

describe('the reference MDM: what it tells its CIS of a failed switch (faults)', () => {
  const none = () => false;
  const only = (id: string) => (x: string) => x === id;
  test('clean: the failure event for the meter; the faults break one aspect each', () => {
    const e = { meter: 'M-1', code: '3.31.0.84' };
    assert.deepEqual(failureTold(e, '3.31.0.68', ['M-1', 'M-2'], none), e);
    assert.equal(failureTold(e, '3.31.0.68', ['M-1', 'M-2'], only('relay-failure-dropped')), undefined);
    assert.deepEqual(failureTold(e, '3.31.0.68', ['M-1', 'M-2'], only('relay-failure-as-success')), { meter: 'M-1', code: '3.31.0.68' });
    assert.deepEqual(failureTold(e, '3.31.0.68', ['M-1', 'M-2'], only('relay-failure-wrong-meter')), { meter: 'M-2', code: '3.31.0.84' });
  });
  test('relay-failure-reply-ok / relay-failure-read-anyway each add one message after the failure event', () => {
    assert.equal(repliesOkAfterFailure(none), false);
    assert.equal(repliesOkAfterFailure(only('relay-failure-dropped')), false);
    assert.equal(repliesOkAfterFailure(only('relay-failure-reply-ok')), true);
    assert.equal(readAfterFailure(only('relay-failure-reply-ok')), false);
    assert.equal(readAfterFailure(only('relay-failure-read-anyway')), true);
  });
});

describe('the reference MDM: the failure in the form of simulator.mdmFailureForm (canceled, failed-reply)', () => {
  const only = (id: string) => (x: string) => x === id;
  test('failureResultTold: the meter; nothing, a success or another meter under the faults', () => {
    assert.deepEqual(failureResultTold('M-1', ['M-1', 'M-2'], () => false), { meter: 'M-1', success: false });
    assert.equal(failureResultTold('M-1', ['M-1', 'M-2'], only('relay-failure-dropped')), undefined);
    assert.deepEqual(failureResultTold('M-1', ['M-1', 'M-2'], only('relay-failure-result-as-success')), { meter: 'M-1', success: true });
    assert.deepEqual(failureResultTold('M-1', ['M-1', 'M-2'], only('relay-failure-result-wrong-meter')), { meter: 'M-2', success: false });
  });

  const METERS = [
    { mRID: 'M-1001', usagePoint: 'UP-1001' },
    { mRID: 'M-1002', usagePoint: 'UP-1002' },
  ];
  const pack = loadSchemaPack(defaultPackDir('2013'));
  let hes: Listener;
  before(async () => {
    ({ listener: hes } = await suiteHeadEnd({ pack, meters: METERS, readingType: '0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0' }));
  });
  after(async () => {
    await hes.close();
    await closeAllClients();
  });
  const post = async (url: string, msg: Message) => {
    const out = toSoap(msg, '1.1');
    const http = await postSoap(url, out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 10_000, maxBytes: 1 << 20 });
    assert.ok(http.ok);
  };
  /** the CIS asks a disconnect, the head-end tells the failure event; what the MDM told the CIS */
  async function failedSwitch(form: MdmFailureForm, faults: string[]): Promise<{ told: ParsedMessage[]; request: Message }> {
    const sim = await startSimulator({ roles: ['MDM', 'HES'], faults, meters: [...METERS], schemaPack: pack, upstream: { HES: hes.urlFor('hes') }, subscribers: { CIS: hes.urlFor('cis') }, mdmFailureForm: form });
    try {
      const v = relayedControlValue('disconnect', 'M-1001', new Date());
      const request = controlsRequest(testHeader('create', 'EndDeviceControls'), [v]);
      const mark0 = hes.lastSeq;
      await post(sim.urlFor('MDM'), request);
      const fr = readMessage(hes.drain({ path: 'hes', sinceSeq: mark0 }, 'test')[0]!.body);
      const tracking = fr.ok ? readEndDeviceControls(fr.wire.message!.payload!.root!)[0]!.issuerTrackingID : undefined;
      const mark = hes.lastSeq;
      await post(sim.urlFor('MDM'), switchEventMessage(testHeader('created', 'EndDeviceEvents'), { command: 'disconnect', meter: 'M-1001', at: new Date(), issuerTrackingID: tracking, eventType: '3.31.0.84' }));
      const told: ParsedMessage[] = [];
      for (let i = 0; i < 15; i++) {
        await new Promise((r) => setTimeout(r, 20));
        for (const d of hes.drain({ path: 'cis', sinceSeq: mark }, 'test')) {
          const r = readMessage(d.body);
          if (r.ok && r.wire.message) told.push(r.wire.message);
        }
      }
      return { told, request };
    } finally {
      await sim.close();
    }
  }
  const meterOf = (m: ParsedMessage) => readEndDeviceControls(m.payload!.root!).flatMap((c) => (c.endDevices ?? []).map((d) => d.mRID));
  test('canceled: canceled(EndDeviceControls) naming the CIS\'s control and the meter, correlated to its request', async () => {
    const { told, request } = await failedSwitch('canceled', []);
    assert.equal(told.length, 1);
    assert.deepEqual([told[0]!.kind, told[0]!.header?.verb, told[0]!.header?.noun], ['event', 'canceled', 'EndDeviceControls']);
    assert.equal(told[0]!.header?.correlationId, request.header?.correlationId);
    assert.deepEqual(meterOf(told[0]!), ['M-1001']);
    assert.equal(readEndDeviceControls(told[0]!.payload!.root!)[0]!.controlType, '3.31.0.23');
    const success = await failedSwitch('canceled', ['relay-failure-result-as-success']);
    assert.deepEqual(success.told.map((m) => m.header?.verb), ['created']);
    const wrong = await failedSwitch('canceled', ['relay-failure-result-wrong-meter']);
    assert.deepEqual(wrong.told.map(meterOf), [['M-1002']]);
  });
  test('failed-reply: a reply Result FAILED 5.3 with the control, correlated to the CIS\'s request; the fault: Result OK', async () => {
    const { told, request } = await failedSwitch('failed-reply', []);
    assert.equal(told.length, 1);
    assert.deepEqual([told[0]!.kind, told[0]!.reply?.result, told[0]!.reply?.errors?.[0]?.code], ['response', 'FAILED', '5.3']);
    assert.equal(told[0]!.header?.correlationId, request.header?.correlationId);
    assert.deepEqual(meterOf(told[0]!), ['M-1001']);
    const success = await failedSwitch('failed-reply', ['relay-failure-result-as-success']);
    assert.deepEqual(success.told.map((m) => m.reply?.result), ['OK']);
  });
  test('the reference profiles choose one form each (simulator.mdmFailureForm): event by default, canceled in 2024, failed-reply for the MDM alone', () => {
    const form = (f: string) => loadProfile(repoPath('profiles', f)).simulator?.mdmFailureForm ?? 'event';
    assert.deepEqual(['reference.yaml', 'reference-2024.yaml', 'reference-mdm.yaml'].map(form), ['event', 'canceled', 'failed-reply']);
  });
  test('event (the default): the failure event, as before', async () => {
    const { told } = await failedSwitch('event', []);
    assert.deepEqual(told.map((m) => [m.header?.verb, m.header?.noun]), [['created', 'EndDeviceEvents']]);
  });
});

// the schema pack cache is cleared once the file's tests are done, never in a describe's after: `npm run unit` runs
// other files in the same process (test/unit.mjs), whose packs a clearing in the middle would dispose under them
after(() => clearSchemaPackCache());
