/**
 * On-request read (MR-03), historical interval data (MR-04), and the negative requests of Annex B:
 * the suite as CIS (or OMS) asking an MDM or a head-end for readings.
 */
import { When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { LISTENER_PATHS, type Role } from '../src/session/run.ts';
import { getMeterReadingsMessage, meterReadingsRequest, schemaInvalidRequest, withoutHeaderElement } from '../src/usecases/requests.ts';
import { checkMeterReadings } from '../src/checks/domain.ts';
import { rule } from '../src/checks/catalogue.ts';
import { nowTimestamp } from '../src/message/index.ts';
import { setTwin } from '../src/usecases/twin.ts';
import { repeatedResultFindings } from '../src/usecases/async-once.ts';
import { deliveredElsewhere, deliveriesSince, markDeliveries } from '../src/usecases/deliveries.ts';

/** the valid twin of a get(MeterReadings) negative: the register reading of a meter of data.meters, schema-valid, with a full Header */
function registerTwin(w: Cim9World, role: Role, negative: boolean): void {
  const known = w.profile.data.meters[0]?.mRID;
  if (!known) return;
  setTwin(w, { role, negative, label: `get(MeterReadings) register of meter ${known}`, build: () => getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), [known], [w.profile.data.readingTypes.register]) });
}

When('the CIS requests the register reading of the meter(s) from the {string}', async function (this: Cim9World, role: Role) {
  const rt = this.profile.data.readingTypes.register;
  registerTwin(this, role, this.meters.some((m) => m.mRID === this.profile.data.unknownMeter));
  await this.send(role, getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), this.meters.map((m) => m.mRID), [rt]), 'get(MeterReadings) register');
});

When('the CIS requests a ReadingType the SUT does not support for the meter from the {string}', async function (this: Cim9World, role: Role) {
  // CIM9-214: a ReadingType the SUT does not support (a natural-gas volume register by default)
  const rt = String(this.run.assumptions['CIM9-214'] ?? '0.0.0.1.1.7.58.0.0.0.0.0.0.0.0.0.42.0');
  this.usedAssumptions['CIM9-214'] = rt;
  registerTwin(this, role, true);
  await this.send(role, getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), this.meters.map((m) => m.mRID), [rt]), `get(MeterReadings) unsupported ReadingType ${rt}`);
});

When('the CIS requests the register reading of the meter from the {string} asynchronously', async function (this: Cim9World, role: Role) {
  const rt = this.profile.data.readingTypes.register;
  const header = this.requestHeader('get', 'MeterReadings', { asyncReplyFlag: true, replyAddress: this.run.listener.urlFor(LISTENER_PATHS.replies) });
  markDeliveries(this, this.run.listener);
  await this.send(role, getMeterReadingsMessage(header, this.meters.map((m) => m.mRID), [rt]), 'get(MeterReadings) asynchronous');
});

When('the CIS requests the interval readings of the meter for the last {int} hours from the {string}', async function (this: Cim9World, hours: number, role: Role) {
  const rt = this.profile.data.readingTypes.interval;
  const step = 15 * 60 * 1000;
  const end = Math.floor(Date.now() / step) * step - step;
  const window = { start: nowTimestamp(() => new Date(end - hours * 3600_000)), end: nowTimestamp(() => new Date(end)) };
  this.lastWindow = window;
  await this.send(role, getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), this.meters.map((m) => m.mRID), [rt], window), 'get(MeterReadings) interval');
});

When('the CIS waits for the asynchronous result of its request', async function (this: Cim9World) {
  const req = this.lastRequest;
  if (!req?.correlationId) throw new SuiteError('no asynchronous request was sent before this step');
  const cim901 = String(this.run.assumptions['CIM9-01'] ?? 'created');
  // CIM9-01: the verb of the asynchronous result of a get
  this.expectedEvent = { verb: cim901 === 'reply' ? 'reply' : cim901 === 'either' ? ['created', 'reply'] : 'created', noun: 'MeterReadings', resultOf: req };
  const limit = this.profile.timeouts.asyncResultSeconds;
  // ENV-14: matched by the request's CorrelationID (or its MessageID, the documented alternative)
  const x = await this.receive(
    LISTENER_PATHS.replies,
    { predicate: (m) => m.inspected.correlationId === req.correlationId || m.inspected.correlationId === req.messageId },
    limit,
    'asynchronous result of get(MeterReadings)',
  );
  if (!x) {
    const since = deliveriesSince(this);
    const stray = this.run.listener.unclaimed(since).filter((m) => m.path === LISTENER_PATHS.replies);
    this.assert(
      [
        {
          rule: 'ENV-ASYNC-RESULT',
          clause: rule('ENV-ASYNC-RESULT').clause,
          severity: 'error',
          message: `no result with CorrelationID ${req.correlationId} reached the ReplyAddress within ${limit} s (timeouts.asyncResultSeconds)${stray.length ? `; ${stray.length} uncorrelated message(s) arrived there instead` : ''}`,
          assumptions: { 'ENV-16': `${limit}s` },
        },
        ...deliveredElsewhere(this.run.listener, LISTENER_PATHS.replies, since, (m) => m.inspected.correlationId === req.correlationId || m.inspected.correlationId === req.messageId),
      ],
      'asynchronous result',
    );
  }
  this.lastEvent = x;
  // ENV-ASYNC-ONCE (CIM9-75): no second delivery of the same result
  if (x) this.assert(await repeatedResultFindings(this, x, (m) => m.inspected.correlationId === req.correlationId || m.inspected.correlationId === req.messageId), 'asynchronous result delivered once');
});

Then('the reply carries the register reading of the meter(s)', function (this: Cim9World) {
  const x = this.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  const root = x.wire?.message?.payload?.root;
  if (!root) return this.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label} reply: no MeterReadings payload` }], 'register reading');
  this.assert(checkMeterReadings(root, { meters: this.meters.map((m) => m.mRID), readingTypes: [this.profile.data.readingTypes.register] }, this.ctx(`${x.label} reply`, x.received?.at)), 'register reading');
});

Then('it carries the register reading of the meter(s)', function (this: Cim9World) {
  const x = this.lastEvent;
  if (!x) throw new SuiteError('no message was received before this step');
  const root = x.wire?.message?.payload?.root;
  if (!root) return this.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label}: no MeterReadings payload` }], 'register reading');
  this.assert(checkMeterReadings(root, { meters: this.meters.map((m) => m.mRID), readingTypes: [this.profile.data.readingTypes.register] }, this.ctx(x.label, x.received?.at)), 'register reading');
});

Then('the reply carries complete interval data for the requested period', function (this: Cim9World) {
  const x = this.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  const root = x.wire?.message?.payload?.root;
  if (!root) return this.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label} reply: no MeterReadings payload` }], 'interval data');
  const findings = checkMeterReadings(root, { meters: this.meters.map((m) => m.mRID), readingTypes: [this.profile.data.readingTypes.interval], window: this.lastWindow }, this.ctx(`${x.label} reply`, x.received?.at));
  const hasBlock = root.children.some((mr) => mr.children.some((c) => c.name === 'IntervalBlocks'));
  if (!hasBlock) findings.push({ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: `${x.label} reply: no IntervalBlocks for the interval ReadingType` });
  this.assert(findings, 'interval data');
});

When('the CIS sends the {string} a GetMeterReadings request that does not validate against its schema', async function (this: Cim9World, role: Role) {
  registerTwin(this, role, true);
  const msg = getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), this.meters.map((m) => m.mRID), [this.profile.data.readingTypes.register]);
  const bad = schemaInvalidRequest(msg, this.generation);
  await this.send(role, bad.message, 'get(MeterReadings) schema-invalid', { transform: bad.transform });
});

When('the CIS sends the {string} a GetMeterReadings request without the Header element {string}', async function (this: Cim9World, role: Role, element: string) {
  registerTwin(this, role, true);
  const msg = getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), this.meters.map((m) => m.mRID), [this.profile.data.readingTypes.register]);
  await this.send(role, msg, `get(MeterReadings) without Header/${element}`, { transform: (env) => withoutHeaderElement(env, element) });
});

When('the CIS sends {string} {string} for the meter to the {string}', async function (this: Cim9World, verb: string, noun: string, role: Role) {
  if (noun !== 'MeterReadings') throw new SuiteError(`this step builds MeterReadings requests only, not ${noun}`);
  // the twin of an unsupported verb: the verb the service does support for the noun (get)
  registerTwin(this, role, true);
  await this.send(role, meterReadingsRequest(this.requestHeader(verb, noun), this.meters[0]!.mRID), `${verb}(${noun})`);
});
