/**
 * P6 relay of an on-request read (use-cases.md §0.3 P6, §3.3 MR-03): the suite plays the CIS and the MDM's head-end.
 * Pure checks of the two legs:
 * - the MDM's request to the head-end (leg 2) is get(MeterReadings) for exactly the meters and ReadingTypes the CIS
 *   asked for (DOM-RELAY-FORWARD);
 * - the MDM's reply to the CIS (leg 4) relays the head-end's outcome: its Result, and for those meters exactly the
 *   readings the head-end returned (DOM-RELAY-VALUES);
 * - no request at all is DOM-RELAY-ASKED (CIM9-83).
 * Schema, envelope and message-level domain rules of both legs are the World's layer 1 (src/session/world.ts).
 */
import { ruleFinding } from '../checks/catalogue.ts';
import type { Finding } from '../checks/finding.ts';
import { readMessage, type ParsedMessage } from '../message/index.ts';
import type { Cim9World, Exchange } from '../session/world.ts';
import { ACKNOWLEDGEMENTS, LISTENER_PATHS } from '../session/run.ts';
import { SuiteError } from '../session/verdict.ts';
import { readGetMeterReadings, readMeterReadings } from '../payloads/meterReadings.ts';

export interface AskedRead {
  meters: readonly { mRID: string; usagePoint?: string }[];
  readingTypes: readonly string[];
}

const mk = (id: 'DOM-RELAY-ASKED' | 'DOM-RELAY-FORWARD' | 'DOM-RELAY-VALUES', message: string, file: string, ea: { expected: string; actual: string }, severity: Finding['severity'] = 'error', assumptions?: Record<string, string>): Finding =>
  ruleFinding(id, message, { severity, file, expected: ea.expected, actual: ea.actual, ...(assumptions ? { assumptions } : {}) });

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '(none)');

/** the MDM answered the CIS without asking the head-end: a failure, or info under CIM9-83 = store-allowed */
export function notRelayed(cim983: string, label: string): Finding {
  const allowed = cim983 === 'store-allowed';
  return mk(
    'DOM-RELAY-ASKED',
    allowed
      ? `${label}: the MDM answered from its own store without asking the head-end (allowed: CIM9-83 = store-allowed); the relayed values are not compared`
      : `${label}: the MDM answered the CIS without asking the head-end the suite plays for a fresh read (no get(MeterReadings) reached the head-end's address; CIM9-83 = relay)`,
    label,
    { expected: 'get(MeterReadings) at the head-end the suite plays (a fresh read)', actual: 'no request reached it' },
    allowed ? 'info' : 'error',
    { 'CIM9-83': cim983 },
  );
}

/** leg 2: the MDM's request names the meters and the ReadingTypes the CIS asked for, no more, no fewer */
export function checkForwardedRead(
  msg: ParsedMessage | undefined,
  asked: AskedRead,
  label: string,
  /** requester: who asked the MDM (CIS, OMS); readingTypes false: not compared (a ping names none, EDE-02) */
  opts: { requester?: string; readingTypes?: boolean } = {},
): Finding[] {
  const who = opts.requester ?? 'CIS';
  if (!msg) return [mk('DOM-RELAY-FORWARD', `${label}: not a message that can be read`, label, { expected: 'get(MeterReadings)', actual: 'a message that cannot be read' })];
  const out: Finding[] = [];
  const verb = msg.header?.verb ?? msg.wrapperVerb;
  const noun = msg.header?.noun ?? msg.wrapperNoun;
  if (verb !== 'get' || noun !== 'MeterReadings') out.push(mk('DOM-RELAY-FORWARD', `${label}: ${verb ?? '?'}(${noun ?? '?'}) instead of get(MeterReadings)`, label, { expected: 'get(MeterReadings)', actual: `${verb ?? '?'}(${noun ?? '?'})` }));
  const q = msg.request?.query ? readGetMeterReadings(msg.request.query) : undefined;
  if (!q) return [...out, mk('DOM-RELAY-FORWARD', `${label}: no GetMeterReadings query in Request`, label, { expected: 'a GetMeterReadings query in Request', actual: 'none' })];
  const named = [...(q.endDevices ?? []), ...(q.usagePoints ?? [])];
  const missing = asked.meters.filter((m) => !named.includes(m.mRID) && !(m.usagePoint && named.includes(m.usagePoint))).map((m) => m.mRID);
  const extra = named.filter((id) => !asked.meters.some((m) => m.mRID === id || m.usagePoint === id));
  if (missing.length) out.push(mk('DOM-RELAY-FORWARD', `${label}: the meter(s) ${list(missing)} the ${who} asked for are not named (the request names ${list(named)})`, label, { expected: `meters ${list(asked.meters.map((m) => m.mRID))}`, actual: `meters ${list(named)}` }));
  if (extra.length) out.push(mk('DOM-RELAY-FORWARD', `${label}: names ${list(extra)}, which the ${who} did not ask for`, label, { expected: `only the meters the ${who} asked for`, actual: `also ${list(extra)}` }));
  if (opts.readingTypes === false) return out;
  const rts = q.readingTypes ?? [];
  const rtMissing = asked.readingTypes.filter((rt) => !rts.includes(rt));
  const rtExtra = rts.filter((rt) => !asked.readingTypes.includes(rt));
  if (rtMissing.length) out.push(mk('DOM-RELAY-FORWARD', `${label}: the ReadingType(s) ${list(rtMissing)} the CIS asked for are not named (the request names ${list(rts)})`, label, { expected: `ReadingTypes including ${list(rtMissing)}`, actual: `ReadingTypes ${list(rts)}` }));
  if (rtExtra.length) out.push(mk('DOM-RELAY-FORWARD', `${label}: names ReadingType(s) ${list(rtExtra)}, which the CIS did not ask for`, label, { expected: 'only the ReadingTypes the CIS asked for', actual: `also ${list(rtExtra)}` }));
  return out;
}

/** the readings of a MeterReadings payload, per meter mRID (or usage point): ReadingType → value */
function readingsByMeter(msg: ParsedMessage | undefined): Map<string, Map<string, string | undefined>> {
  const out = new Map<string, Map<string, string | undefined>>();
  const root = msg?.payload?.root;
  if (!root) return out;
  for (const mr of readMeterReadings(root).meterReadings) {
    const id = mr.meter?.mRID ?? mr.meter?.names?.[0] ?? mr.usagePoint?.mRID ?? '(no meter)';
    const m = out.get(id) ?? new Map<string, string | undefined>();
    for (const r of mr.readings ?? []) m.set(r.readingType, r.value);
    out.set(id, m);
  }
  return out;
}

const sameValue = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.trim() !== '' && (a.trim() === b.trim() || (Number.isFinite(Number(a)) && Number(a) === Number(b)));

/** leg 4: the CIS reply relays the head-end's Result and, for the meters asked for, exactly its readings */
export function checkRelayedValues(reply: ParsedMessage | undefined, headEnd: ParsedMessage | undefined, asked: AskedRead, label: string, o: { asyncResult?: boolean } = {}): Finding[] {
  if (!headEnd) throw new Error('checkRelayedValues: the head-end answer of the suite is missing');
  const out: Finding[] = [];
  if (!reply) return [mk('DOM-RELAY-VALUES', `${label}: no reply to compare with the head-end's answer`, label, { expected: "a reply carrying the head-end's values", actual: 'no reply' })];
  const want = headEnd.reply?.result;
  // an asynchronous result (created(MeterReadings) at the ReplyAddress) may carry no Reply: its Result is compared when it has one
  if (!(o.asyncResult && !reply.reply) && reply.reply?.result !== want) out.push(mk('DOM-RELAY-VALUES', `${label}: Result ${reply.reply?.result ?? '(none)'}, the head-end answered ${want ?? '(none)'}`, label, { expected: `Result ${want ?? '(none)'} (the head-end's)`, actual: `Result ${reply.reply?.result ?? '(none)'}` }));
  const given = readingsByMeter(headEnd);
  const got = readingsByMeter(reply);
  let compared = 0;
  for (const m of asked.meters) {
    const expect = given.get(m.mRID);
    const have = got.get(m.mRID) ?? (m.usagePoint ? got.get(m.usagePoint) : undefined);
    if (!expect) continue;
    if (!have) {
      out.push(mk('DOM-RELAY-VALUES', `${label}: no MeterReading for meter ${m.mRID}, for which the head-end returned ${[...expect].map(([rt, v]) => `${v} (${rt})`).join(', ')}`, label, { expected: `a MeterReading for meter ${m.mRID}: ${[...expect].map(([rt, v]) => `${v} (${rt})`).join(', ')}`, actual: 'none' }));
      continue;
    }
    for (const [rt, v] of expect) {
      compared++;
      if (!have.has(rt)) out.push(mk('DOM-RELAY-VALUES', `${label}: meter ${m.mRID}: no reading of ReadingType ${rt}; the head-end returned ${v}`, label, { expected: `${v} (${rt})`, actual: `no reading of ${rt}` }));
      else if (!sameValue(have.get(rt), v)) out.push(mk('DOM-RELAY-VALUES', `${label}: meter ${m.mRID}, ReadingType ${rt}: value ${have.get(rt) ?? '(none)'}, the head-end returned ${v}`, label, { expected: `value ${v}`, actual: `value ${have.get(rt) ?? '(none)'}` }));
    }
    for (const rt of have.keys()) if (!expect.has(rt)) out.push(mk('DOM-RELAY-VALUES', `${label}: meter ${m.mRID}: a reading of ReadingType ${rt}, which the head-end did not return`, label, { expected: "only the head-end's ReadingTypes", actual: `a reading of ${rt}` }));
  }
  for (const id of got.keys()) {
    if (!asked.meters.some((m) => m.mRID === id || m.usagePoint === id)) out.push(mk('DOM-RELAY-VALUES', `${label}: a MeterReading for ${id}, which the CIS did not ask for`, label, { expected: 'only the meters the CIS asked for', actual: `a MeterReading for ${id}` }));
  }
  // nothing compared is never a pass: the head-end answered readings for the meters asked, or the forward leg failed already
  if (compared === 0 && want !== 'FAILED' && !out.length) out.push(mk('DOM-RELAY-VALUES', `${label}: the head-end returned no reading for the meter(s) asked for (${list(asked.meters.map((m) => m.mRID))}): nothing to compare`, label, { expected: 'a reading of the head-end for the meters asked', actual: 'none' }));
  return out;
}

/** the timing of the two legs, for the evidence */
export function relayTiming(t: { cisSent: Date; headEndReceived?: Date; cisReplied?: Date }): string {
  const ms = (a: Date, b: Date) => `${b.getTime() - a.getTime()} ms`;
  return [
    `CIS → MDM get(MeterReadings) sent at ${t.cisSent.toISOString()}`,
    t.headEndReceived ? `MDM → head-end get(MeterReadings) received at ${t.headEndReceived.toISOString()} (${ms(t.cisSent, t.headEndReceived)} after the CIS request)` : 'MDM → head-end: no request received',
    t.cisReplied ? `MDM ⇐ reply to the CIS received at ${t.cisReplied.toISOString()} (${ms(t.cisSent, t.cisReplied)} after the CIS request${t.headEndReceived ? `, ${ms(t.headEndReceived, t.cisReplied)} after the head-end leg` : ''})` : 'MDM ⇐ reply to the CIS: none',
  ].join('\n');
}

/**
 * The rest of the head-end leg of a relay (P6) once the MDM's first request to the head-end the suite plays has been
 * taken: every further request the MDM sent for it (each is checked like the first), and the answer the suite's
 * head-end gave to the first, attached to the scenario and read back (undefined when it is not a readable message).
 * No record of that answer is a fault of the suite, never a finding.
 */
export async function restOfHeadEndLeg(w: Cim9World, mark: number, first: Exchange): Promise<{ more: Exchange[]; headEnd?: ParsedMessage }> {
  const more: Exchange[] = [];
  for (;;) {
    const x = await w.receive(LISTENER_PATHS.hes, { predicate: (m) => m.seq > mark }, 0, `MDM → head-end request ${more.length + 2}`);
    if (!x) break;
    more.push(x);
  }
  const seq = w.run.listener.all().find((m) => m.path === LISTENER_PATHS.hes && m.seq > mark && m.body === first.received?.body)?.seq;
  const answer = seq !== undefined ? ACKNOWLEDGEMENTS.get(seq) : undefined;
  if (!answer) throw new SuiteError('the head-end the suite plays has no record of its answer to the MDM');
  w.attach(answer, { mediaType: 'application/xml', fileName: 'head-end answer (sent by the suite).xml' });
  const read = readMessage(answer);
  return { more, headEnd: read.ok ? read.wire.message : undefined };
}
