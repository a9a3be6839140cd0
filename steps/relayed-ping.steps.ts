/**
 * P6 relay of the OMS's meter ping (EDE-02): the suite plays the OMS and the head-end behind the MDM SUT
 * (src/usecases/relayed-ping.ts; the head-end's answers: src/usecases/peer.ts at LISTENER_PATHS.hes, the meters it
 * does not reach in this scenario: RunContext.headEnd).
 */
import { When, Then } from '../src/session/cucumber.ts';
import type { Cim9World } from '../src/session/world.ts';
import { SuiteError } from '../src/session/verdict.ts';
import { LISTENER_PATHS } from '../src/session/run.ts';
import { getMeterReadingsMessage } from '../src/usecases/requests.ts';
import { checkForwardedRead, restOfHeadEndLeg } from '../src/usecases/relayed-read.ts';
import { checkRelayedStatus, pingNotRelayed, pingTiming } from '../src/usecases/relayed-ping.ts';
import type { ParsedMessage } from '../src/message/index.ts';
import { checkMeterReadings } from '../src/checks/domain.ts';
import { rule } from '../src/checks/catalogue.ts';

interface PingState {
  meters: { mRID: string; usagePoint?: string }[];
  omsSent: Date;
  /** listener mark before the OMS request: the head-end requests after it were caused by this scenario */
  mark: number;
  headEnd?: ParsedMessage;
  /** CIM9-110 allows it and the MDM did not ask: the reply is checked as a ping answer */
  fromStore?: boolean;
}
const STATE = new WeakMap<Cim9World, PingState>();

function state(w: Cim9World): PingState {
  const s = STATE.get(w);
  if (!s) throw new SuiteError('no relayed ping was sent before this step');
  return s;
}

async function ping(w: Cim9World, unreachable: string[]): Promise<void> {
  const noun = String(w.run.assumptions['UC-01'] ?? 'get-meter-readings');
  w.usedAssumptions['UC-01'] = noun;
  if (noun.includes('end-device-events')) throw new SuiteError(`the head-end the suite plays answers a ping as get(MeterReadings) only (UC-01 = ${noun}): the relayed ping is not run`);
  if (!w.run.headEnd) throw new SuiteError('the run has no head-end the suite plays');
  w.run.headEnd.unreachable = unreachable;
  const s: PingState = { meters: w.meters.map((m) => ({ mRID: m.mRID, usagePoint: m.usagePoint })), omsSent: new Date(), mark: w.run.listener.lastSeq };
  STATE.set(w, s);
  await w.send('MDM', getMeterReadingsMessage(w.requestHeader('get', 'MeterReadings'), s.meters.map((m) => m.mRID), []), 'get(MeterReadings) ping relayed');
}

When('the OMS pings the meter(s) through the MDM, the suite playing its head-end', async function (this: Cim9World) {
  await ping(this, []);
});

When('the OMS pings the meters through the MDM, the suite playing its head-end, which does not reach the last meter', async function (this: Cim9World) {
  if (this.meters.length < 2) throw new SuiteError('this step needs at least two meters (@meters:N)');
  await ping(this, [this.meters[this.meters.length - 1]!.mRID]);
});

Then('the MDM forwards the ping for exactly the meter(s) to the head-end', async function (this: Cim9World) {
  const s = state(this);
  const cim9110 = String(this.run.assumptions['CIM9-110'] ?? 'warning');
  this.usedAssumptions['CIM9-110'] = cim9110;
  // the MDM's request came before its reply (synchronous relay): a short wait covers delivery order only
  const first = await this.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > s.mark }, 2, 'MDM → head-end ping');
  const timing = () => this.attach(pingTiming({ omsSent: s.omsSent, headEndReceived: first?.received?.at, omsReplied: this.last?.received?.at }), { mediaType: 'text/plain', fileName: 'timing of both legs.txt' });
  if (!first) {
    timing();
    s.fromStore = cim9110 !== 'relay';
    return this.assert([pingNotRelayed(cim9110, 'MDM → head-end')], 'the MDM relays the ping');
  }
  const { more, headEnd } = await restOfHeadEndLeg(this, s.mark, first);
  timing();
  s.headEnd = headEnd;
  const asked = { meters: s.meters, readingTypes: [] };
  const findings = [first, ...more].flatMap((x) => [...x.findings, ...checkForwardedRead(x.wire?.message, asked, x.label, { requester: 'OMS', readingTypes: false })]);
  this.assert(findings, 'the MDM relays the ping');
});

Then("the reply relays the head-end's status of every meter asked", function (this: Cim9World) {
  const s = state(this);
  const x = this.last;
  if (!x) throw new SuiteError('no request was sent before this step');
  if (s.fromStore) {
    // the MDM answered from its own data (CIM9-110 allows it): its answer is checked as any ping answer
    const root = x.wire?.message?.payload?.root;
    const own = root
      ? checkMeterReadings(root, { meters: s.meters.map((m) => m.mRID) }, this.ctx(`${x.label} reply`, x.received?.at))
      : [{ rule: 'DOM-EXPECTED', clause: rule('DOM-EXPECTED').clause, severity: 'error' as const, message: `${x.label} reply: the reply carries no payload for the meters asked` }];
    return this.assert(own, "the MDM's ping answer (from its own data)");
  }
  if (!s.headEnd) throw new SuiteError('the head-end the suite plays answered nothing that can be read');
  this.assert(checkRelayedStatus(x.wire?.message, s.headEnd, s.meters, `${x.label} reply`), "the head-end's status relayed");
});
