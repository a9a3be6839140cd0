/**
 * Outage detection (EDE-01 to EDE-04): the suite as head-end reporting events to an MDM, as OMS
 * receiving them, and as OMS asking for the state of meters (UC-01: get(MeterReadings) by default).
 */
import { When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { setTwin } from '../src/usecases/twin.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { LISTENER_PATHS, type Role } from '../src/session/run.ts';
import { eventsMessage, getEndDeviceEventsMessage, getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { outageCodeSets } from '../src/usecases/expectations.ts';
import { aboutMeters, assertToldOnce, deliveredElsewhere, deliveriesSince, markDeliveries } from '../src/usecases/deliveries.ts';
import { checkEndDeviceEvents, checkMeterReadings } from '../src/checks/domain.ts';
import { rule } from '../src/checks/catalogue.ts';
import { fireStimulus } from '../src/session/stimulus.ts';

const EVENT_CODES = { 'power off': '3.26.0.85', 'power restored': '3.26.0.216' } as const;

When('the head-end reports {string} for the meter(s) to the MDM', async function (this: Cim9World, event: keyof typeof EVENT_CODES) {
  const code = EVENT_CODES[event];
  if (!code) throw new SuiteError(`unknown event "${event}"`);
  const header = this.requestHeader('created', 'EndDeviceEvents');
  markDeliveries(this, this.run.listener, { settle: true });
  await this.send('MDM', eventsMessage(header, this.meters, code), `created(EndDeviceEvents) ${event}`);
});

When('power fails at the meter in the field', async function (this: Cim9World) {
  markDeliveries(this, this.run.listener, { settle: true });
  return fireStimulus(this, 'power-off', this.meters[0]!.mRID);
});

When('power is restored at the meter in the field', async function (this: Cim9World) {
  markDeliveries(this, this.run.listener, { settle: true });
  return fireStimulus(this, 'power-restored', this.meters[0]!.mRID);
});

When('the OMS waits for {string} {string} about the meter(s)', async function (this: Cim9World, verb: string, noun: string) {
  this.expectedEvent = { verb, noun };
  const limit = this.profile.timeouts.eventSeconds;
  const meters = this.meters.map((m) => m.mRID);
  const since = deliveriesSince(this);
  const x = await this.receive(LISTENER_PATHS.omsEvents, { predicate: aboutMeters(meters, since) }, limit, `${verb}(${noun}) to the OMS`);
  if (!x) {
    this.assert(
      [
        { rule: 'DOM-EXPECTED', severity: 'error', message: `no ${verb}(${noun}) about meter ${meters.join(', ')} reached the OMS within ${limit} s (timeouts.eventSeconds)`, clause: rule('DOM-EXPECTED').clause },
        ...deliveredElsewhere(this.run.listener, LISTENER_PATHS.omsEvents, since, aboutMeters(meters, since)),
      ],
      'published event',
    );
  }
  this.lastEvent = x;
});

Then('the OMS is told of the event only once', async function (this: Cim9World) {
  const first = this.lastEvent;
  const root = first?.wire?.message?.payload?.root;
  if (!first?.received) throw new SuiteError('no event was received before this step');
  if (!root) return this.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${first.label}: no EndDeviceEvents payload to compare a repeat with` }], 'event told once');
  // a second publication of the same event within the quiet period (timeouts.quietSeconds; the embedded SUT: until it is idle)
  await assertToldOnce(this, { path: LISTENER_PATHS.omsEvents, first, roots: [root], since: deliveriesSince(this), step: 'event told once' });
});

/** the EndDeviceEvents payload of the last event, or a finding saying there is none */
function eventPayload(w: Cim9World) {
  const x = w.lastEvent;
  if (!x) throw new SuiteError('no event was received before this step');
  const root = x.wire?.message?.payload?.root;
  if (!root) w.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label}: no EndDeviceEvents payload` }], 'event payload');
  return { x, root: root! };
}

Then('it carries an outage event for the meter(s)', function (this: Cim9World) {
  const { x, root } = eventPayload(this);
  const sets = outageCodeSets(this.profile);
  this.assert(
    checkEndDeviceEvents(root, { meters: this.meters.map((m) => m.mRID), kind: 'outage', outageCodes: sets.outage, restorationCodes: sets.restoration }, this.ctx(x.label, x.received?.at)),
    'outage event',
  );
});

Then('it carries a restoration event for the meter(s)', function (this: Cim9World) {
  const { x, root } = eventPayload(this);
  const sets = outageCodeSets(this.profile);
  this.assert(
    checkEndDeviceEvents(root, { meters: this.meters.map((m) => m.mRID), kind: 'restoration', outageCodes: sets.outage, restorationCodes: sets.restoration }, this.ctx(x.label, x.received?.at)),
    'restoration event',
  );
});

When('the OMS asks the {string} for the state of the meter(s)', async function (this: Cim9World, role: Role) {
  const ping = String(this.run.assumptions['UC-01'] ?? 'get-meter-readings');
  const meters = this.meters.map((m) => m.mRID);
  const known = this.profile.data.meters[0]?.mRID;
  if (known) {
    setTwin(this, {
      role,
      negative: meters.includes(this.profile.data.unknownMeter),
      label: `the same ping for meter ${known}`,
      build: () => (ping.includes('end-device-events') ? getEndDeviceEventsMessage(this.requestHeader('get', 'EndDeviceEvents'), [known]) : getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), [known], [])),
    });
  }
  if (ping.includes('end-device-events')) {
    await this.send(role, getEndDeviceEventsMessage(this.requestHeader('get', 'EndDeviceEvents'), meters), 'get(EndDeviceEvents) ping');
  } else {
    await this.send(role, getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), meters, []), 'get(MeterReadings) ping');
  }
});

Then('the reply accounts for every meter asked', function (this: Cim9World) {
  const x = this.last;
  const root = x?.wire?.message?.payload?.root;
  if (!x || !root) {
    return this.assert([{ rule: 'DOM-EXPECTED', severity: 'error', message: `${x?.label ?? 'reply'}: the reply carries no payload for the meters asked`, clause: '61968-9 5.2' }], 'meters accounted for');
  }
  const meters = this.meters.map((m) => m.mRID);
  const ctx = this.ctx(`${x.label} reply`, x.received?.at);
  if (root.name === 'EndDeviceEvents') {
    const sets = outageCodeSets(this.profile);
    return this.assert(checkEndDeviceEvents(root, { meters, outageCodes: sets.outage, restorationCodes: sets.restoration }, ctx), 'meters accounted for');
  }
  this.assert(checkMeterReadings(root, { meters }, ctx), 'meters accounted for');
});
