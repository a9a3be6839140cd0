/**
 * EUMED metering messages (IEC 61968-9:2024 Annexes K-M): the suite as the market party that reads load
 * curves, maximum power and indexes from the MDM or receives them published, and as the head-end that
 * delivers raw data. The work is in src/eumed/scenario.ts.
 */
import { Given, When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { rule } from '../src/checks/catalogue.ts';
import type { Finding } from '../src/checks/finding.ts';
import {
  awaitPublication,
  configured,
  deliverWithGaps,
  indexAgainstCurve,
  intervalCount,
  kindOf,
  maxPowerAgainstCurve,
  patternApplies,
  payloadFindings,
  periodOf,
  requestKind,
  schemaFindings,
  state,
  triggerPublication,
} from '../src/eumed/scenario.ts';

Given('the EUMED profile is configured', function (this: Cim9World) {
  return configured(this);
});

Given('a metering point served by the MDM', function (this: Cim9World) {
  const m = this.profile.data.meters[0];
  if (!m) throw new SuiteError("the profile's data.meters is empty");
  Object.assign(state(this), { usagePoint: m.usagePoint, meter: m.mRID });
});

Given('another metering point served by the MDM', function (this: Cim9World) {
  const m = this.profile.data.meters[1];
  if (!m) throw new SuiteError("the scenario needs a second meter in the profile's data.meters");
  Object.assign(state(this), { usagePoint: m.usagePoint, meter: m.mRID });
});

Given('a metering point unknown to the MDM', function (this: Cim9World) {
  Object.assign(state(this), { usagePoint: this.profile.data.unknownUsagePoint, meter: undefined });
});

Given('the head-end has delivered the load curve of the metering point for {word} to the MDM without {int} intervals', async function (this: Cim9World, period: string, n: number) {
  await deliverWithGaps(this, periodOf(this, period), n);
});

When('the market party requests the {string} of the metering point for {}', async function (this: Cim9World, kind: string, period: string) {
  if (patternApplies(this, 'query-reply')) return 'skipped';
  await requestKind(this, kindOf(kind), periodOf(this, period));
  return undefined;
});

When('the market party requests ReadingType {string} of the metering point for {}', async function (this: Cim9World, code: string, period: string) {
  await requestKind(this, 'loadCurve', periodOf(this, period), { readingType: code });
});

When('the MDM is made to publish the {string} of the metering point for {}', async function (this: Cim9World, kind: string, period: string) {
  if (patternApplies(this, 'publication')) return 'skipped';
  return triggerPublication(this, kindOf(kind), periodOf(this, period));
});

When('the market party waits for the published MeterReadingSet', async function (this: Cim9World) {
  await awaitPublication(this);
});

Then('the reply is valid against the EUMED schemas', function (this: Cim9World) {
  const x = this.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  this.assert(schemaFindings(this, x), `${x.label}: reply`);
});

Then('the message is valid against the EUMED schemas', function (this: Cim9World) {
  const x = this.lastEvent;
  if (!x) throw new SuiteError('no message was received before this step');
  this.assert(schemaFindings(this, x), x.label);
});

Then('the reply carries the {string} of the metering point for the requested period', function (this: Cim9World, kind: string) {
  const x = this.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  this.assert(payloadFindings(this, x, kindOf(kind)), `${kind} of the reply`);
});

Then('it carries the {string} of the metering point for the requested period', function (this: Cim9World, kind: string) {
  const x = this.lastEvent;
  if (!x) throw new SuiteError('no message was received before this step');
  this.assert(payloadFindings(this, x, kindOf(kind)), `published ${kind}`);
});

Then('the load curve has {int} intervals', function (this: Cim9World, n: number) {
  const got = intervalCount(this);
  const r = rule('EUMED-LC-DST');
  this.assert(got === n ? [] : [{ rule: r.id, clause: r.clause, severity: 'error', message: `the load curve has ${got} intervals, ${n} expected for this local day` }], 'number of intervals');
});

/** assert a comparison, or skip the step when it cannot be made (UC-35 publication): never a pass on nothing */
function compared(w: Cim9World, r: Finding[] | 'skipped', what: string): 'skipped' | undefined {
  if (r === 'skipped') return 'skipped';
  w.assert(r, what);
  return undefined;
}

Then('the maximum is not below the average power of any interval of the load curve of the same period', async function (this: Cim9World) {
  return compared(this, await maxPowerAgainstCurve(this), 'max power against the load curve');
});

Then('the index advance over the last day equals the energy of the load curve of that day', async function (this: Cim9World) {
  return compared(this, await indexAgainstCurve(this), 'index against the load curve');
});

Then('the {string} agrees with the load curve of the same period', async function (this: Cim9World, kind: string) {
  const k = kindOf(kind);
  if (k === 'maxPower') return compared(this, await maxPowerAgainstCurve(this), 'max power against the load curve');
  if (k === 'index') return compared(this, await indexAgainstCurve(this), 'index against the load curve');
  // a load curve is its own reference: it must at least be there, with intervals
  if (intervalCount(this) === 0) this.assert([{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error', message: 'the load curve carries no interval to agree with anything' }], 'load curve');
  return undefined;
});
