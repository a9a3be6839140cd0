/**
 * P6 relay of the OMS's meter ping (use-cases.md §2.2 EDE-02, §0.3 P6): the suite plays the OMS and the MDM's
 * head-end. Pure checks of the two legs:
 * - the MDM's request to the head-end (leg 2) is the ping for exactly the meters the OMS asked for
 *   (DOM-RELAY-FORWARD, checkForwardedRead of ./relayed-read.ts without the ReadingType comparison: a ping names none);
 * - the MDM's reply to the OMS (leg 4) relays the head-end's outcome: the same Result, and for each meter asked the
 *   same status, answered (a MeterReading) or not (the same Error code), no meter more (DOM-RELAY-STATUS);
 * - no request at all is DOM-RELAY-ASKED, its severity per CIM9-110 (use-cases.md §2.2: the MDM "may answer from
 *   recent data without asking the MS").
 */
import { ruleFinding } from '../checks/catalogue.ts';
import type { Finding } from '../checks/finding.ts';
import type { ParsedMessage } from '../message/index.ts';
import { readMeterReadings } from '../payloads/meterReadings.ts';

type Meter = { mRID: string; usagePoint?: string };

const mk = (id: 'DOM-RELAY-ASKED' | 'DOM-RELAY-STATUS', message: string, file: string, ea: { expected: string; actual: string }, severity: Finding['severity'] = 'error', assumptions?: Record<string, string>): Finding =>
  ruleFinding(id, message, { severity, file, expected: ea.expected, actual: ea.actual, ...(assumptions ? { assumptions } : {}) });

/** CIM9-110: the MDM answered the ping without asking the head-end: failure (relay), warning, or info (store-allowed) */
export function pingNotRelayed(cim9110: string, label: string): Finding {
  const severity: Finding['severity'] = cim9110 === 'relay' ? 'error' : cim9110 === 'store-allowed' ? 'info' : 'warning';
  return mk(
    'DOM-RELAY-ASKED',
    severity === 'error'
      ? `${label}: the MDM answered the OMS's ping without asking the head-end the suite plays (no get(MeterReadings) reached the head-end's address; CIM9-110 = relay)`
      : `${label}: the MDM answered the OMS's ping from its own data without asking the head-end (CIM9-110 = ${cim9110}); its answer is checked as a ping answer, the relayed status is not compared`,
    label,
    { expected: "get(MeterReadings) of the ping at the head-end the suite plays", actual: 'no request reached it' },
    severity,
    { 'CIM9-110': cim9110 },
  );
}

/**
 * the status a reply gives each meter: `answered` (a MeterReading names it), `error <codes>` (Errors identify it), or
 * undefined (not accounted for). A meter is matched by its mRID or its usage point.
 */
export function pingStatus(msg: ParsedMessage | undefined, meters: readonly Meter[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const root = msg?.payload?.root;
  const answered = new Set<string>();
  if (root?.name === 'MeterReadings') {
    for (const mr of readMeterReadings(root).meterReadings) {
      for (const id of [mr.meter?.mRID, ...(mr.meter?.names ?? []), mr.usagePoint?.mRID]) if (id) answered.add(id);
    }
  }
  const errors = msg?.reply?.errors ?? [];
  for (const m of meters) {
    const ids = [m.mRID, ...(m.usagePoint ? [m.usagePoint] : [])];
    if (ids.some((id) => answered.has(id))) {
      out.set(m.mRID, 'answered');
      continue;
    }
    const codes = errors.filter((e) => e.id?.value !== undefined && ids.includes(e.id.value)).map((e) => e.code);
    out.set(m.mRID, codes.length ? `error ${[...new Set(codes)].sort().join(', ')}` : undefined);
  }
  return out;
}

/** the meters (mRID or usage point) a MeterReadings reply names */
function namedMeters(msg: ParsedMessage | undefined): string[] {
  const root = msg?.payload?.root;
  if (root?.name !== 'MeterReadings') return [];
  return readMeterReadings(root).meterReadings.map((mr) => mr.meter?.mRID ?? mr.meter?.names?.[0] ?? mr.usagePoint?.mRID ?? '(no meter)');
}

/** leg 4: the reply to the OMS relays the head-end's Result and, meter by meter, its status */
export function checkRelayedStatus(reply: ParsedMessage | undefined, headEnd: ParsedMessage | undefined, asked: readonly Meter[], label: string): Finding[] {
  if (!headEnd) throw new Error('checkRelayedStatus: the head-end answer of the suite is missing');
  if (asked.length === 0) throw new Error('checkRelayedStatus: no meter was asked');
  if (!reply) return [mk('DOM-RELAY-STATUS', `${label}: no reply to compare with the head-end's answer`, label, { expected: "a reply carrying the head-end's answer", actual: 'no reply' })];
  const out: Finding[] = [];
  const want = headEnd.reply?.result;
  if (reply.reply?.result !== want) out.push(mk('DOM-RELAY-STATUS', `${label}: Result ${reply.reply?.result ?? '(none)'}, the head-end answered ${want ?? '(none)'}`, label, { expected: `Result ${want ?? '(none)'} (the head-end's)`, actual: `Result ${reply.reply?.result ?? '(none)'}` }));
  const given = pingStatus(headEnd, asked);
  const got = pingStatus(reply, asked);
  const say = (s: string | undefined) => s ?? 'not accounted for';
  for (const m of asked) {
    const expect = given.get(m.mRID);
    // a meter the head-end did not account for: the forward leg failed already (DOM-RELAY-FORWARD)
    if (expect === undefined) continue;
    const have = got.get(m.mRID);
    if (have !== expect) out.push(mk('DOM-RELAY-STATUS', `${label}: meter ${m.mRID}: ${say(have)}, the head-end answered ${expect}`, label, { expected: `meter ${m.mRID}: ${expect}`, actual: `meter ${m.mRID}: ${say(have)}` }));
  }
  for (const id of namedMeters(reply)) {
    if (!asked.some((m) => m.mRID === id || m.usagePoint === id)) out.push(mk('DOM-RELAY-STATUS', `${label}: a MeterReading for ${id}, which the OMS did not ask for`, label, { expected: `only the meters asked (${asked.map((m) => m.mRID).join(', ')})`, actual: `a MeterReading for ${id}` }));
  }
  // nothing compared is never a pass
  if (![...given.values()].some((s) => s !== undefined) && !out.length) {
    out.push(mk('DOM-RELAY-STATUS', `${label}: the head-end accounted for none of the meters asked (${asked.map((m) => m.mRID).join(', ')}): nothing to compare`, label, { expected: 'the head-end accounting for the meters asked', actual: 'none accounted for' }));
  }
  return out;
}

/** the timing of the two legs of the ping, for the evidence */
export function pingTiming(t: { omsSent: Date; headEndReceived?: Date; omsReplied?: Date }): string {
  const ms = (a: Date, b: Date) => `${b.getTime() - a.getTime()} ms`;
  return [
    `OMS → MDM ping sent at ${t.omsSent.toISOString()}`,
    t.headEndReceived ? `MDM → head-end ping received at ${t.headEndReceived.toISOString()} (${ms(t.omsSent, t.headEndReceived)} after the OMS request)` : 'MDM → head-end: no request received',
    t.omsReplied
      ? `MDM ⇐ reply to the OMS received at ${t.omsReplied.toISOString()} (${ms(t.omsSent, t.omsReplied)} after the OMS request${t.headEndReceived ? `, ${ms(t.headEndReceived, t.omsReplied)} after the head-end leg` : ''})`
      : 'MDM ⇐ reply to the OMS: none',
  ].join('\n');
}
