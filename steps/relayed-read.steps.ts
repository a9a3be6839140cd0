/**
 * P6 relay of an on-request read (MR-03): the suite plays the CIS and the head-end behind the MDM SUT
 * (src/usecases/relayed-read.ts; the head-end's answers: src/usecases/peer.ts at LISTENER_PATHS.hes).
 */
import { When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { LISTENER_PATHS } from '../src/session/run.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { checkForwardedRead, checkRelayedValues, notRelayed, relayTiming, restOfHeadEndLeg, type AskedRead } from '../src/usecases/relayed-read.ts';
import type { ParsedMessage } from '../src/message/index.ts';
import { checkMeterReadings } from '../src/checks/domain.ts';
import { markDeliveries } from '../src/usecases/deliveries.ts';
import { rule } from '../src/checks/catalogue.ts';

interface RelayState {
  asked: AskedRead;
  cisSent: Date;
  /** listener mark before the CIS request: the head-end requests after it were caused by this scenario */
  mark: number;
  /** the suite's head-end answer to the MDM (parsed), when the MDM asked */
  headEnd?: ParsedMessage;
  /** CIM9-83 = store-allowed and the MDM did not ask: the values are not compared */
  fromStore?: boolean;
  /** the CIS asked with AsyncReplyFlag: the MDM asks its head-end after its acknowledgement */
  async?: boolean;
}
const STATE = new WeakMap<Cim9World, RelayState>();

function state(w: Cim9World): RelayState {
  const s = STATE.get(w);
  if (!s) throw new SuiteError('no relayed read was requested before this step');
  return s;
}

When('the CIS requests the register reading of the meter(s) from the MDM, the suite playing its head-end', async function (this: Cim9World) {
  const asked: AskedRead = { meters: this.meters, readingTypes: [this.profile.data.readingTypes.register] };
  const mark = this.run.listener.lastSeq;
  const cisSent = new Date();
  STATE.set(this, { asked, cisSent, mark });
  await this.send('MDM', getMeterReadingsMessage(this.requestHeader('get', 'MeterReadings'), this.meters.map((m) => m.mRID), [...asked.readingTypes]), 'get(MeterReadings) relayed');
});

When('the CIS requests the register reading of the meter(s) from the MDM asynchronously, the suite playing its head-end', async function (this: Cim9World) {
  const asked: AskedRead = { meters: this.meters, readingTypes: [this.profile.data.readingTypes.register] };
  const mark = this.run.listener.lastSeq;
  const cisSent = new Date();
  STATE.set(this, { asked, cisSent, mark, async: true });
  const header = this.requestHeader('get', 'MeterReadings', { asyncReplyFlag: true, replyAddress: this.run.listener.urlFor(LISTENER_PATHS.replies) });
  markDeliveries(this, this.run.listener);
  await this.send('MDM', getMeterReadingsMessage(header, this.meters.map((m) => m.mRID), [...asked.readingTypes]), 'get(MeterReadings) relayed asynchronously');
});

Then('the MDM asks the head-end for the register reading of the meter(s)', async function (this: Cim9World) {
  const s = state(this);
  const cim983 = String(this.run.assumptions['CIM9-83'] ?? 'relay');
  this.usedAssumptions['CIM9-83'] = cim983;
  // synchronous relay: the MDM's request came before its reply, a short wait covers delivery order only; asynchronous:
  // the MDM asks after its acknowledgement, within timeouts.eventSeconds
  const within = s.async ? this.profile.timeouts.eventSeconds : 2;
  const first = await this.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, within, 'MDM → head-end get(MeterReadings)');
  const timing = () => this.attach(relayTiming({ cisSent: s.cisSent, headEndReceived: first?.received?.at, cisReplied: this.last?.received?.at }), { mediaType: 'text/plain', fileName: 'timing of both legs.txt' });
  if (!first) {
    timing();
    s.fromStore = cim983 === 'store-allowed';
    return this.assert([notRelayed(cim983, 'MDM → head-end')], 'the MDM relays the read');
  }
  const { more, headEnd } = await restOfHeadEndLeg(this, s.mark, first);
  timing();
  s.headEnd = headEnd;
  const findings = [first, ...more].flatMap((x) => [...x.findings, ...checkForwardedRead(x.wire?.message, s.asked, x.label)]);
  this.assert(findings, 'the MDM relays the read');
});

Then("the asynchronous result carries exactly the head-end's register reading of the meter(s)", function (this: Cim9World) {
  const s = state(this);
  const x = this.lastEvent;
  if (!x) throw new SuiteError('no asynchronous result was received before this step');
  if (s.fromStore) {
    const root = x.wire?.message?.payload?.root;
    const own = root
      ? checkMeterReadings(root, { meters: s.asked.meters.map((m) => m.mRID), readingTypes: [...s.asked.readingTypes] }, this.ctx(x.label, x.received?.at))
      : [{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error' as const, message: `${x.label}: no MeterReadings payload` }];
    return this.assert([notRelayed('store-allowed', x.label), ...own], "the MDM's readings (answered from its store)");
  }
  if (!s.headEnd) throw new SuiteError('the head-end the suite plays answered nothing that can be read');
  this.assert(checkRelayedValues(x.wire?.message, s.headEnd, s.asked, x.label, { asyncResult: true }), "the head-end's readings relayed");
});

Then("the reply carries exactly the head-end's register reading of the meter(s)", function (this: Cim9World) {
  const s = state(this);
  const x = this.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  if (s.fromStore) {
    // CIM9-83 = store-allowed and the MDM did not ask: its own readings are checked as those of any on-request read
    const root = x.wire?.message?.payload?.root;
    const own = root
      ? checkMeterReadings(root, { meters: s.asked.meters.map((m) => m.mRID), readingTypes: [...s.asked.readingTypes] }, this.ctx(`${x.label} reply`, x.received?.at))
      : [{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error' as const, message: `${x.label} reply: no MeterReadings payload` }];
    return this.assert([notRelayed('store-allowed', `${x.label} reply`), ...own], "the MDM's readings (answered from its store)");
  }
  if (!s.headEnd) throw new SuiteError('the head-end the suite plays answered nothing that can be read');
  this.assert(checkRelayedValues(x.wire?.message, s.headEnd, s.asked, `${x.label} reply`), "the head-end's readings relayed");
});
