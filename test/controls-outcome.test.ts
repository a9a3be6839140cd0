/**
 * The outcome of a connect / disconnect at the reference head-end (simulator/handlers/controls.ts, EDC-06 steps 4-5,
 * EDC-07): after accepting a control it tells its MDM (subscribers.MDM) the switch event, the control carried out and
 * the final / initial register read, which the pure checks of src/checks/controls.ts pass; each fault of
 * simulator/faults/controls.ts makes them fail with the rule it violates.
 * Run: node --import tsx --test test/controls-outcome.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { violatedRule, FAULTS } from '../simulator/faults/catalogue.ts';
import { postSoap, type ReceivedMessage } from '../src/transport/index.ts';
import { readMessage, toSoap, type Header } from '../src/message/index.ts';
import { contextFor, type Finding } from '../src/checks/index.ts';
import { checkControlsResult, checkSwitchEvents, checkSwitchRead, type SwitchEvent, type SwitchExpectation } from '../src/checks/controls.ts';
import { controlsMessage, type ControlCommand } from '../src/usecases/end-device-controls.ts';
import { headEndBench } from './peers.ts';

const bench = headEndBench({ source: 'test-mdm' });
const header = (extra: Partial<Header> = {}): Header => bench.header('create', 'EndDeviceControls', extra);

/** send a control to a fresh simulator with these faults; the deliveries at its MDM path (and ReplyAddress), by noun */
async function control(command: ControlCommand, faults: string[] = [], async = false): Promise<{ exp: SwitchExpectation; got: Map<string, ReceivedMessage>; reply: string }> {
  const { s: sim, path } = await bench.sim(faults);
  const replies = `replies-${path}`;
  const listener = bench.listener;
  const h = header(async ? { asyncReplyFlag: true, replyAddress: listener.urlFor(replies) } : {});
  const requestedAt = new Date();
  const out = toSoap(controlsMessage(h, [{ mRID: 'M-1001' }], command), '1.1');
  const r = await postSoap(sim.urlFor('HES'), out.xml, { soapVersion: '1.1', soapAction: out.soapAction, timeoutMs: 5000, maxBytes: 1024 * 1024 });
  assert.ok(r.ok);
  const got = new Map<string, ReceivedMessage>();
  for (const noun of ['EndDeviceEvents', 'EndDeviceControls', 'MeterReadings']) {
    const o = await listener.waitFor({ path, predicate: (m) => m.inspected.noun === noun }, noun === 'MeterReadings' ? 3000 : 500, 'test');
    if (o.ok) got.set(noun, o.message);
  }
  if (async) {
    const o = await listener.waitFor({ path: replies }, 3000, 'test');
    if (o.ok) got.set('result', o.message);
  }
  return { exp: { command, controlType: command === 'disconnect' ? '3.31.0.23' : '3.31.0.18', meter: 'M-1001', requestedAt }, got, reply: r.body.toString('utf8') };
}

const root = (m: ReceivedMessage | undefined) => {
  assert.ok(m, 'delivered');
  const r = readMessage(m.body);
  assert.ok(r.ok && r.wire.message?.payload?.root);
  return r.wire.message.payload.root;
};
const ctx = () => contextFor({ label: 't', skewSeconds: 60 });
const errors = (fs: Finding[]) => [...new Set(fs.filter((f) => f.severity === 'error').map((f) => f.rule))];

function outcome(o: Awaited<ReturnType<typeof control>>): { findings: Finding[]; event?: SwitchEvent } {
  const ev = o.got.get('EndDeviceEvents');
  const r = ev ? checkSwitchEvents(root(ev), o.exp, ctx()) : { findings: [] };
  const ctl = o.got.get('EndDeviceControls');
  const findings = [...r.findings, ...(ctl ? checkControlsResult(root(ctl), o.exp, ctx()) : [])];
  findings.push(...checkSwitchRead(root(o.got.get('MeterReadings')), { ...o.exp, event: r.event }, ctx()));
  return { findings, event: r.event };
}

describe('the reference head-end tells the MDM the outcome of a switch', () => {
  for (const command of ['disconnect', 'connect'] as const) {
    test(`${command}: switch event, control and read, all passing the checks`, async () => {
      const o = await control(command);
      assert.deepEqual([...o.got.keys()].sort(), ['EndDeviceControls', 'EndDeviceEvents', 'MeterReadings']);
      const r = outcome(o);
      assert.deepEqual(r.findings, []);
      assert.equal(r.event?.code, command === 'disconnect' ? '3.31.0.68' : '3.31.0.42');
    });
  }

  test('EDC-07: acknowledged, the correlated result at the ReplyAddress, the switch event to the MDM', async () => {
    const o = await control('disconnect', [], true);
    assert.match(o.reply, /0\.3/);
    const result = o.got.get('result');
    assert.ok(result);
    assert.deepEqual(checkControlsResult(root(result), o.exp, ctx()), []);
    assert.ok(result.inspected.correlationId);
    assert.ok(o.got.has('EndDeviceEvents') && o.got.has('MeterReadings') && !o.got.has('EndDeviceControls'));
  });
});

describe('each fault of the outcome is caught by the rule it violates', () => {
  test('switch-event-mismatch → EDC-RESULT-EVENT', async () => {
    assert.equal(violatedRule(FAULTS.find((f) => f.id === 'switch-event-mismatch')!), 'EDC-RESULT-EVENT');
    assert.deepEqual(errors(outcome(await control('disconnect', ['switch-event-mismatch'])).findings), ['EDC-RESULT-EVENT']);
  });
  test('no-switch-completion: no event, no control; the read still comes', async () => {
    const o = await control('connect', ['no-switch-completion']);
    assert.deepEqual([...o.got.keys()], ['MeterReadings']);
  });
  test('final-read-before-switch → EDC-SWITCH-READ', async () => {
    assert.deepEqual(errors(outcome(await control('disconnect', ['final-read-before-switch'])).findings), ['EDC-SWITCH-READ']);
  });
  test('control-async-uncorrelated: the result comes without a CorrelationID', async () => {
    const o = await control('connect', ['control-async-uncorrelated'], true);
    assert.equal(o.got.get('result')?.inspected.correlationId, undefined);
  });
});
